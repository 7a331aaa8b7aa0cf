"""The guide parser: levels, sections, headings and exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.parse import GuideError, parse_guide, read_guide_file
from tests.conftest import FIXTURE_GUIDE, GUIDE

RESPONSIBILITIES = {
    1: ["Feature Ownership", "Specification Writing", "Data Analysis", "User Research", "Backlog Maintenance"],
    2: [
        "Roadmap Definition",
        "Prioritization",
        "Stakeholder Collaboration",
        "Feature Shipping",
        "Performance Measurement",
    ],
    3: ["Broader Scope", "Mentorship", "Cross-Functional Collaboration", "Strategic Contribution"],
    4: ["Team Management", "Strategic Planning", "Resource Management", "Executive Communication"],
    5: ["Organizational Structure", "Company-Wide Strategy", "Product Culture Development", "Budget Management"],
    6: [],
}


@pytest.fixture(scope="module")
def guide():
    return read_guide_file(GUIDE)[1]


def test_six_levels_in_order_with_short_names(guide) -> None:
    """Levels come from the `Level N: Title` lines; short names from parentheses or convention."""
    assert [(p.level.number, p.level.title, p.level.short) for p in guide.levels] == [
        (1, "Associate Product Manager", "APM"),
        (2, "Product Manager", "PM"),
        (3, "Senior Product Manager", "Senior PM"),
        (4, "Group Product Manager / Director of Product", "GPM"),
        (5, "VP of Product / Head of Product", "VP"),
        (6, "Chief Product Officer", "CPO"),
    ]


def test_every_name_in_a_title_is_an_alias(guide) -> None:
    """'Director of Product' and 'Head of Product' are names users type."""
    by_number = {p.level.number: p for p in guide.levels}
    assert {"Group Product Manager", "Director of Product", "GPM"} <= set(by_number[4].aliases)
    assert {"VP of Product", "Head of Product", "VP"} <= set(by_number[5].aliases)


@pytest.mark.parametrize("number", sorted(RESPONSIBILITIES))
def test_every_responsibility_under_its_level(guide, number: int) -> None:
    """Each key responsibility of the guide is a passage under the right level and heading."""
    headings = [
        p.heading for p in guide.passages if p.section == "responsibility" and p.level and p.level.number == number
    ]
    assert headings == RESPONSIBILITIES[number]


def test_sections_per_level(guide) -> None:
    """One overview, role and skills passage per level (level 6 has only its overview)."""
    counts = {}
    for p in guide.passages:
        key = (p.level.number if p.level else None, p.section)
        counts[key] = counts.get(key, 0) + 1
    for n in range(1, 6):
        assert counts[(n, "overview")] == 1
        assert counts[(n, "role")] == 1
        assert counts[(n, "skills")] == 1
    assert counts[(6, "overview")] == 1
    assert (6, "role") not in counts
    assert counts[(None, "intro")] == 3
    assert len(guide.passages) == 41


def test_offsets_point_at_the_text(guide, guide_text: str) -> None:
    """`file[start:end] == text` for every passage."""
    for p in guide.passages:
        assert guide_text[p.source.start : p.source.end] == p.text
        assert p.source.doc == "pm-career-path.txt"


def test_text_is_the_guides_own(guide) -> None:
    """The specification-writing passage keeps its text exactly, label removed."""
    spec = next(p for p in guide.passages if p.heading == "Specification Writing")
    assert spec.text == "Create detailed product requirement documents (PRDs) or user stories for engineering teams."
    assert spec.level.short == "APM"
    role = next(p for p in guide.passages if p.section == "role" and p.level.number == 1)
    assert role.text == "Assist and learn. You work under a senior PM, gaining hands-on experience."


def test_stray_lines_and_banner_are_not_passages(guide) -> None:
    """The `-` lines, the site banner and the page title do not become passages."""
    texts = [p.text for p in guide.passages]
    assert all(t.strip() not in {"-", ""} for t in texts)
    assert not any("Hashtag Web3" in t for t in texts)
    assert "Key Responsibilities:" not in texts
    assert guide.title == "The Product Management Career Path: A Full Guide"


def test_ids_are_unique_and_stable(guide_text: str) -> None:
    """Re-parsing the same text gives the same ids."""
    first = [p.id for p in parse_guide(guide_text, "pm-career-path.txt").passages]
    second = [p.id for p in parse_guide(guide_text, "pm-career-path.txt").passages]
    assert first == second
    assert len(set(first)) == len(first)
    assert "pm-career-path.l1.responsibility.specification-writing" in first


def test_crlf_guide_keeps_offsets(guide_text: str) -> None:
    """A guide saved with Windows line endings still has exact offsets."""
    crlf = guide_text.replace("\n", "\r\n")
    guide = parse_guide(crlf, "pm-career-path.txt")
    assert len(guide.passages) == 41
    for p in guide.passages:
        assert crlf[p.source.start : p.source.end] == p.text


def test_markdown_guide() -> None:
    """A company's own Markdown ladder: bold labels, headings, numbered and plain items."""
    text, guide = read_guide_file(FIXTURE_GUIDE)
    assert [(p.level.number, p.level.title, p.level.short) for p in guide.levels] == [
        (1, "Product Designer", "PD"),
        (2, "Senior Product Designer", "SPD"),
        (3, "Head of Design", "HD"),
    ]
    sections = [(p.level.number if p.level else None, p.section, p.heading) for p in guide.passages]
    assert sections == [
        (None, "intro", None),
        (None, "intro", None),
        (1, "overview", None),
        (1, "role", None),
        (1, "responsibility", "Interaction Design"),
        (1, "responsibility", "Usability Testing"),
        (1, "responsibility", "Design System Use"),
        (1, "skills", None),
        (2, "overview", None),
        (2, "role", None),
        (2, "responsibility", "Design Strategy"),
        (2, "responsibility", "Mentorship"),
        (2, "skills", None),
        (3, "overview", None),
        (3, "role", None),
        (3, "responsibility", "Design Operations"),
    ]
    for p in guide.passages:
        assert text[p.source.start : p.source.end] == p.text
    assert guide.passages[3].text == "Design and ship flows for a single squad."
    assert guide.title == "Product Design Career Ladder"


def test_markdown_paragraph_spans_lines() -> None:
    """A wrapped Markdown paragraph is one passage, offsets across the newline."""
    guide = read_guide_file(FIXTURE_GUIDE)[1]
    overview = guide.passages[2]
    assert "\n" in overview.text
    assert overview.text.startswith("A Product Designer works")
    assert overview.text.endswith("senior designers.")


@pytest.mark.parametrize("name", ["notes.txt", "notes.md"])
def test_a_guide_without_levels_is_an_error_naming_the_file(tmp_path: Path, name: str) -> None:
    """No levels: an error that names the file, never an empty index."""
    path = tmp_path / name
    path.write_text("Just some notes.\n\nNothing about levels here.\n", encoding="utf-8")
    with pytest.raises(GuideError, match=name):
        read_guide_file(path)


def test_non_utf8_guide_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Level 1: Caf\xe9 Manager\n".encode("latin-1"))
    with pytest.raises(GuideError, match="latin.txt"):
        read_guide_file(path)
