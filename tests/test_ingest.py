"""Reading guides: every format into one document model, levels found by structure, passages with exact offsets."""

from __future__ import annotations

import csv
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from core.model import Section
from ingest.build import corpus_hashes, read_corpus
from ingest.formats import read_document
from ingest.guide import MAX_BYTES, GuideError, read_guide
from tests.conftest import CORPUS, DATA, FIXTURE_GUIDE, GUIDE

LADDERS = DATA / "ladders"
EXPECTED_LEVELS = json.loads((LADDERS / "levels.json").read_text("utf-8"))
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
    return read_guide(GUIDE)


# ---------------------------------------------------------------- the PM guide, as before


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
    headings = [p.heading for p in guide.passages if p.section is Section.RESPONSIBILITY and p.level.number == number]
    assert headings == RESPONSIBILITIES[number]


def test_sections_per_level(guide) -> None:
    """One overview, role and skills passage per level (level 6 has only its overview); three intro paragraphs."""
    counts: dict = {}
    for p in guide.passages:
        key = (p.level.number if p.level else None, p.section)
        counts[key] = counts.get(key, 0) + 1
    for n in range(1, 6):
        assert counts[(n, Section.OVERVIEW)] == counts[(n, Section.ROLE)] == counts[(n, Section.SKILLS)] == 1
    assert counts[(6, Section.OVERVIEW)] == 1 and (6, Section.ROLE) not in counts
    assert counts[(None, Section.INTRO)] == 3
    assert len(guide.passages) == 41
    assert {p.category for p in guide.passages} == {None}


def test_offsets_point_at_the_file(guide, guide_text: str) -> None:
    """A text guide's extracted text is the file itself: `file[start:end] == text` for every passage."""
    assert guide.text == guide_text
    for p in guide.passages:
        assert guide_text[p.source.start : p.source.end] == p.text
        assert p.source.doc == "pm-career-path.txt"


def test_text_is_the_guides_own(guide) -> None:
    spec = next(p for p in guide.passages if p.heading == "Specification Writing")
    assert spec.text == "Create detailed product requirement documents (PRDs) or user stories for engineering teams."
    assert spec.id == "pm-career-path.txt.l1.responsibility.specification-writing"  # the whole file name
    role = next(p for p in guide.passages if p.section is Section.ROLE and p.level.number == 1)
    assert role.text == "Assist and learn. You work under a senior PM, gaining hands-on experience."


def test_stray_lines_and_banner_are_not_passages(guide) -> None:
    texts = [p.text for p in guide.passages]
    assert all(t.strip() not in {"-", ""} for t in texts)
    assert not any("Hashtag Web3" in t for t in texts)
    assert "Key Responsibilities:" not in texts
    assert guide.title == "The Product Management Career Path: A Full Guide"  # not the banner above it


def test_ids_are_unique_and_stable(guide) -> None:
    again = read_guide(GUIDE)
    assert [p.id for p in again.passages] == [p.id for p in guide.passages]
    assert len({p.id for p in guide.passages}) == len(guide.passages)


def test_crlf_guide_keeps_offsets(tmp_path: Path, guide_text: str) -> None:
    crlf = tmp_path / "pm-career-path.txt"
    crlf.write_bytes(guide_text.replace("\n", "\r\n").encode())
    guide = read_guide(crlf)
    assert len(guide.passages) == 41
    for p in guide.passages:
        assert guide.text[p.source.start : p.source.end] == p.text


def test_markdown_guide() -> None:
    """Our own `## Level N: Title (SHORT)` Markdown: bold labels, headings, items; offsets into the file."""
    guide = read_guide(FIXTURE_GUIDE)
    text = FIXTURE_GUIDE.read_text("utf-8")
    assert [(p.level.number, p.level.title, p.level.short) for p in guide.levels] == [
        (1, "Product Designer", "PD"),
        (2, "Senior Product Designer", "SPD"),
        (3, "Head of Design", "Head of Design"),
    ]
    sections = [(p.level.number if p.level else None, p.section.value, p.heading) for p in guide.passages]
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
    assert guide.text == text
    for p in guide.passages:
        assert text[p.source.start : p.source.end] == p.text
    assert guide.passages[3].text == "Design and ship flows for a single squad."
    overview = guide.passages[2]
    assert "\n" in overview.text and overview.text.startswith("A Product Designer works")


# ---------------------------------------------------------------- ladders of every shape and format

FIXTURES = sorted(EXPECTED_LEVELS)


@pytest.mark.parametrize("name", FIXTURES)
def test_levels_are_found_exactly(name: str) -> None:
    """Every level, in order, with its title as written, its own number and its code as short name."""
    guide = read_guide(LADDERS / name)
    found = [(p.level.number, p.level.title) for p in guide.levels]
    assert found == [(level["number"], level["title"]) for level in EXPECTED_LEVELS[name]]
    for profile, level in zip(guide.levels, EXPECTED_LEVELS[name], strict=True):
        assert profile.level.short == level.get("short", profile.level.short)
        assert profile.level.title in profile.aliases


@pytest.mark.parametrize(
    ("name", "number", "names"),
    [
        ("sales-competencies.csv", 3, {"Senior AE", "Sr AE"}),
        ("engineering-manager.html", 6, {"Senior EM", "Sr EM"}),
    ],
)
def test_a_title_holding_another_levels_title_takes_its_acronym(name: str, number: int, names: set[str]) -> None:
    """A new user's "Senior AE" and "Senior EM" were unknown levels (404 from /next)."""
    guide = read_guide(LADDERS / name)
    assert names <= set(next(p for p in guide.levels if p.level.number == number).aliases)


@pytest.mark.parametrize("name", FIXTURES)
def test_passages_are_slices_of_the_extracted_text_and_carry_no_markup(name: str) -> None:
    guide = read_guide(LADDERS / name)
    assert len(guide.passages) >= 4 * len(guide.levels)
    for p in guide.passages:
        assert guide.text[p.source.start : p.source.end] == p.text
        assert p.source.doc == name
        for markup in ("<img", "<picture", "</", "](", "**", "&nbsp;", "&amp;"):
            assert markup not in p.text, (p.id, p.text)
    assert len({p.id for p in guide.passages}) == len(guide.passages)


def test_a_markdown_file_without_inline_markup_is_its_own_extracted_text() -> None:
    path = LADDERS / "backend-engineer.md"
    assert read_guide(path).text == path.read_text("utf-8")


def test_a_wiki_export_drops_its_contents_images_and_other_pages() -> None:
    guide = read_guide(LADDERS / "developer-wiki.md")
    assert guide.warnings == ("'Other Pages' is not a level: skipped",)
    texts = " ".join(p.text for p in guide.passages)
    assert "D1 - Developer 1" not in texts  # the table of contents
    assert "badge" not in texts
    code_quality = next(p for p in guide.passages if p.heading == "Code Quality" and p.level.number == 1)
    assert code_quality.category == "Skills" and code_quality.section is Section.SKILLS
    assert code_quality.text.startswith("Writes readable code")


def test_a_matrix_gives_one_passage_per_level_and_competency() -> None:
    guide = read_guide(LADDERS / "platform-competencies.xlsx")
    cells = [p for p in guide.passages if p.section is Section.COMPETENCY]
    assert len(cells) == 10 * 5
    first = cells[0]
    assert (first.level.title, first.category) == ("Junior", "Technical Excellence")
    assert first.heading and "\n" in first.text  # a cell of two paragraphs stays one passage
    # The workbook's "Notes" sheet is no ladder, but what it says is the ladder's introduction.
    notes = [(p.section, p.category, p.text) for p in guide.passages if p not in cells]
    assert notes[-1] == (
        Section.INTRO,
        "Notes",
        "Expectations are cumulative: each level assumes the ones to its left.",
    )
    assert len(notes) == 3
    assert guide.warnings == ("sheet 'Notes' is not a ladder: read as introduction",)
    assert {p.category for p in cells} >= {"Technical Excellence"}  # merged category cells fill their rows


def test_a_markdown_matrix_keeps_its_title_introduction_and_notes() -> None:
    """A new user's Markdown competency table lost its title, its two paragraphs of introduction and its
    "Notes" section without a warning: only the table's cells were read."""
    guide = read_guide(DATA / "design" / "customer-success-framework.md")
    assert guide.title == "Customer Success Career Framework"
    assert guide.levels[0].level.title == "Associate CSM"
    intro = [p for p in guide.passages if p.section is Section.INTRO]
    assert intro[0].text.startswith("This framework describes how Customer Success Managers grow")
    notes = [p for p in intro if p.category == "Notes"]
    assert [p.text.split()[:3] for p in notes] == [["A", "certification", "such"], ["Senior", "CSMs", "who"]]
    assert all(guide.text[p.source.start : p.source.end] == p.text for p in guide.passages)
    assert sum(p.section is Section.COMPETENCY for p in guide.passages) == 5 * 10


def test_a_wiki_matrix_leaves_out_its_pointers_elsewhere() -> None:
    """A review's wiki page: its "Related pages" section ("See also ... the compensation bands") had become
    part of the ladder's introduction; its footer never was."""
    guide = read_guide(DATA / "review" / "support-matrix-wiki.html")
    intro = [p.text for p in guide.passages if p.section is Section.INTRO]
    assert guide.title == "Support Engineering Levels" and len(guide.levels) == 4
    assert any(t.startswith("This page lists what we expect") for t in intro)
    assert not any("See also" in t or "Last edited" in t or "Copyright" in t for t in intro)


def test_a_transposed_matrix_reads_its_rows_as_levels() -> None:
    guide = read_guide(LADDERS / "security-transposed.xlsx")
    assert {p.heading for p in guide.passages} == {
        "Threat Modelling", "Incident Response", "Secure Development", "Communication", "Leadership", "Scope",
    }  # fmt: skip
    assert all(p.section is Section.COMPETENCY and p.category is None for p in guide.passages)


def test_years_come_from_the_ladders_own_text() -> None:
    """'Typically requires a minimum of 5 years' gives that level its years; open ranges end at the next level."""
    guide = read_guide(LADDERS / "backend-engineer.md")
    assert [p.years for p in guide.levels] == [(0, 2), (2, 5), (5, 8), (8, 12), (12, 17)]
    analyst = read_guide(LADDERS / "data-analyst.pdf")
    assert [p.years for p in analyst.levels] == [(0, 2), (2, 4), (4, 7), (7, 8), (8, 13)]
    # The Word ladder states them only in its introduction's table: a row naming a level is that level's.
    support = read_guide(LADDERS / "customer-support.docx")
    assert [p.years for p in support.levels] == [(0, 1), (1, 3), (3, 5), (5, 8), (8, 13)]
    rows = [p for p in support.passages if p.heading == "Typical experience, Reports to"]
    assert len(rows) == 5 and (rows[0].level.number, rows[0].text) == (1, "0-1 years\tSupport Team Lead")


HOSPITAL = DATA / "hospital-bands"


@pytest.mark.parametrize("name", ["nursing-clinical-ladder.docx", "variants/nursing-B-name-band.docx"])
def test_a_band_is_a_levels_code_and_its_table_row_is_the_levels(name: str) -> None:
    """A hospital's trial: "Band 5 - Staff Nurse" had the short name "Band 5 - Staff Nurse" and "Band 7 - Ward
    Manager" "BWM", and the introduction's row "Band 5 Staff Nurse | 0-2 years ... | Ward Manager (Band 7)"
    named no level, so no level had years or a reporting line (nor with headings "Staff Nurse (Band 5)")."""
    guide = read_guide(HOSPITAL / name)
    assert [(p.level.title, p.level.short) for p in guide.levels] == [
        ("Staff Nurse", "Band 5"),
        ("Senior Staff Nurse", "Band 6"),
        ("Ward Manager", "Band 7"),
        ("Matron", "Band 8a"),
        ("Head of Nursing", "Band 8c"),
    ]
    assert all({p.level.title, p.level.short} <= set(p.aliases) for p in guide.levels)
    assert [p.years for p in guide.levels] == [(0, 2), (2, 4), (5, 8), (8, 12), (12, 17)]
    rows = [p for p in guide.passages if p.heading == "Typical experience, Reports to"]
    assert [r.level.number for r in rows] == [1, 2, 3, 4, 5] and rows[1].text.endswith("Ward Manager (Band 7)")


def test_a_notion_page_keeps_its_title() -> None:
    """Notion writes the page's title as an h1 inside a <header>, whose chrome is left out: the title was lost."""
    assert read_guide(DATA / "school" / "teaching-career-pathway.html").title == "Teaching Career Pathway"


def test_years_in_words_and_in_months() -> None:
    """A school's trial: "at least five years' teaching experience", "At least three years as a teaching
    assistant" and "6 months or more as a Sales Assistant" gave no years; a horizon ("over the next one to two
    years") still gives none."""
    teaching = read_guide(DATA / "school" / "teaching-career-pathway.html")
    assert teaching.levels[2].years == (5, 10)
    assistants = read_guide(DATA / "school" / "support-staff-ta-pathway.md")
    assert assistants.levels[3].years is not None and assistants.levels[3].years[0] == 3
    shops = read_guide(DATA / "school" / "uniform-shops-career-path.csv")
    assert shops.levels[1].years == (0.5, 1.0)
    assert read_guide(LADDERS / "platform-competencies.xlsx").levels[3].years is None


def test_years_or_more_and_a_single_year() -> None:
    """A charity's "At least one year's experience", "Typically three or more years' fundraising experience"
    gave no years; "with at least one year managing people" after the five years is not the level's."""
    fundraising = read_guide(DATA / "university" / "fundraising-career-framework.html")
    assert [p.years and p.years[0] for p in fundraising.levels][:4] == [None, 1, 3, 5]


def test_a_google_docs_export_s_callouts_are_read_and_its_comments_are_not() -> None:
    """A Google Docs export's callouts (tables of one shaded cell) were dropped, and its reviewer's comment
    ("[a]Do we still link to the old intranet page...") was a passage of the top level."""
    guide = read_guide(DATA / "university" / "fundraising-career-framework.html")
    texts = [p.text for p in guide.passages]
    assert not any("[a]" in t or "Check with Priya" in t for t in texts)
    intro = [p.text for p in guide.passages if p.level is None]
    assert any("through the Progression Panel, which meets every April" in t for t in intro)
    assert any(t.startswith("This framework does not cover terms and conditions") for t in texts)
    # a "Reports to" line keeps its label: alone, "Head of Fundraising • Band F4" reads as the level's title
    assert "Reports to: Head of Fundraising • Band F4" in [
        p.text for p in guide.passages if p.level and p.level.number == 4
    ]


def test_an_empty_html_table_is_no_part_of_the_page(tmp_path: Path) -> None:
    """An empty <table> (or one of empty rows) stopped the whole ingest with "IndexError: tuple index out of
    range" (found in a last read of the change; it predates it)."""
    (tmp_path / "support.html").write_text(
        "<h1>Support ladder</h1><p>These are the levels of our support team.</p><table></table>"
        "<h2>Support Associate (S1)</h2><p>Answers customers by chat and email.</p><table><tr></tr></table>"
        "<h2>Senior Support Associate (S2)</h2><p>Handles escalations from the queue.</p>",
        "utf-8",
    )
    guide = read_guide(tmp_path / "support.html")
    assert [p.text for p in guide.passages] == [
        "These are the levels of our support team.",
        "Answers customers by chat and email.",
        "Handles escalations from the queue.",
    ]


def test_a_word_callout_is_its_paragraphs(tmp_path: Path) -> None:
    """A note set in a box (a table of one cell) between two levels is their text, not a table no one reads."""
    import docx

    document = docx.Document()
    document.add_heading("Support ladder", 0)
    document.add_heading("Support Associate (S1)", 1)
    document.add_paragraph("Answers customers by chat and email.")
    box = document.add_table(rows=1, cols=1).cell(0, 0)
    box.paragraphs[0].text = "Moving up happens through the quarterly calibration panel."
    box.add_paragraph("Ask your lead for the panel's dates.")
    document.add_heading("Senior Support Associate (S2)", 1)
    document.add_paragraph("Handles escalations from the queue.")
    document.save(str(tmp_path / "support.docx"))
    guide = read_guide(tmp_path / "support.docx")
    assert [p.text for p in guide.passages if p.level.short == "S1"] == [
        "Answers customers by chat and email.",
        "Moving up happens through the quarterly calibration panel.",
        "Ask your lead for the panel's dates.",
    ]


def test_a_pdf_grid_of_criteria_by_grade_is_each_grade_s(tmp_path: Path) -> None:
    """A university's promotion criteria: tables of criteria down and grades across, whose cells wrap over
    several lines and which run over page breaks, were 64 intro passages of no grade (and 20 more of their
    repeated column headers). Each cell is now its grade's, named by its criterion, under its table's title;
    the grade whose heading is a long bold line (Grade 6) and the salary row of "Reader (Associate
    Professor)" are read too."""
    guide = read_guide(DATA / "university" / "academic-promotion-criteria.pdf")
    assert [(p.level.number, p.level.title) for p in guide.levels] == [
        (6, "Associate Lecturer / Teaching Fellow"),
        (7, "Lecturer"),
        (8, "Senior Lecturer"),
        (9, "Reader"),
        (10, "Professor"),
    ]
    senior = {p.heading: p for p in guide.passages if p.level and p.level.number == 8}
    assert senior["Supervision"].text == "Acts as first supervisor of at least one doctoral student."
    assert (senior["Supervision"].section, senior["Supervision"].category) == (
        Section.COMPETENCY,
        "Table A: Teaching and Learning",
    )
    assert senior["Teaching delivery"].text.startswith("Demonstrates consistently high-quality teaching")  # page 1
    assert (
        sum(p.level is not None and p.level.number == 10 and p.section is Section.COMPETENCY for p in guide.passages)
        == 16
    )
    assert not any(p.text.startswith("Lecturer (Grade 7)") for p in guide.passages)  # no header cell is a passage
    reader = [p.text for p in guide.passages if p.level and p.level.number == 9 and p.heading and "Salary" in p.heading]
    assert reader == ["47–50\t£58,225 – £64,914"]
    assert all(guide.text[p.source.start : p.source.end] == p.text for p in guide.passages)
    # a paragraph that runs over a page break is one, whatever case its next page opens in ("Committee")
    assert any("Faculty Promotions Committee and may reapply" in p.text for p in guide.passages)
    assert guide.title == "Academic Promotion Criteria"  # not the organisation's name set small above it


def test_a_typical_experience_row_gives_the_years_not_a_qualification_above_it() -> None:
    """The finance matrix's Finance Manager had 3-8 years from "at least 3 years post-qualification
    experience" (its Professional qualification row); its Typical experience row says 6-10."""
    finance = read_guide(HOSPITAL / "finance-competency-matrix.xlsx")
    assert [p.years for p in finance.levels] == [(0, 2), (2, 4), (4, 6), (6, 10), (10, 15)]


def test_levels_of_one_title_are_told_apart_by_their_numbers() -> None:
    """A school's trial: "### Level 1 – Teaching Assistant" and "### Level 2 – Teaching Assistant" were two
    levels called "Teaching Assistant", and "Level 2" named neither; "(Specialist)" is part of a title, not a
    short name."""
    guide = read_guide(DATA / "school" / "support-staff-ta-pathway.md")
    assert [(p.level.title, p.level.short) for p in guide.levels] == [
        ("Teaching Assistant", "Level 1"),
        ("Teaching Assistant", "Level 2"),
        ("Teaching Assistant (Specialist)", "TAS"),
        ("Higher Level Teaching Assistant", "HLTA"),
    ]
    assert all(f"Level {p.level.number}" in p.aliases for p in guide.levels)
    # "**Qualifications and experience**" over a list names it, as "**Main duties**" does: no passage of its own
    assert not any(p.text == "Qualifications and experience" for p in guide.passages)
    assert any(p.category == "Qualifications and experience" for p in guide.passages)


LEVELS_HTML = """<html><body><h1>Engineering ladder</h1>
<table><tr><td>Engineer I</td><td>0-2 years of experience</td></tr><tr></tr>
<tr><td>Engineer II</td><td>2-5 years of experience</td></tr><tr><td>Senior Engineer</td><td>5-8 years</td></tr></table>
<h2>Engineer I</h2><p>Works on well-defined tasks with help from a senior engineer.</p>
<h2>Engineer II</h2><p>Delivers features end to end with little supervision.</p>
<h2>Senior Engineer</h2><p>Leads projects that take several engineers a quarter.</p>
</body></html>"""


def test_a_table_without_a_header_or_with_an_empty_row_gives_each_level_its_row(tmp_path: Path) -> None:
    """A review's probes: an empty row stopped the ingest, and a first row naming a level was taken for a header."""
    (tmp_path / "eng.html").write_text(LEVELS_HTML, "utf-8")
    guide = read_guide(tmp_path / "eng.html")
    assert [p.years for p in guide.levels] == [(0, 2), (2, 5), (5, 8)]
    rows = [p for p in guide.passages if "years" in p.text]
    assert [(p.level.number, p.heading) for p in rows] == [(1, None), (2, None), (3, None)]


def test_a_sidecar_naming_one_level_twice_is_an_error(tmp_path: Path) -> None:
    shutil.copy(LADDERS / "backend-engineer.md", tmp_path)
    sidecar = '[levels."Engineer I"]\nshort = "E1"\n\n[levels."1"]\naliases = ["Junior"]\n'
    (tmp_path / "backend-engineer.md.ladder.toml").write_text(sidecar, "utf-8")
    with pytest.raises(GuideError, match="are the same level"):
        read_guide(tmp_path / "backend-engineer.md")


def test_an_introductions_heading_is_not_the_ladders_title() -> None:
    """ "# About this ladder" opens the backend ladder: it names a section, not the ladder."""
    assert read_guide(LADDERS / "backend-engineer.md").title is None
    assert read_guide(LADDERS / "developer-wiki.md").title == "Developer Career Ladder"


def test_pdf_running_footers_are_left_out() -> None:
    document = read_document(LADDERS / "data-analyst.pdf")
    assert "Page 1 of 2" not in document.text


def test_a_sidecar_adds_short_names_aliases_and_acronyms(tmp_path: Path) -> None:
    shutil.copy(LADDERS / "backend-engineer.md", tmp_path)
    (tmp_path / "backend-engineer.md.ladder.toml").write_text(
        '[levels."Engineer I"]\nshort = "E1"\naliases = ["Junior Engineer"]\n\n'
        '[acronyms]\nSLO = "service level objective"\n',
        "utf-8",
    )
    guide = read_guide(tmp_path / "backend-engineer.md")
    first = guide.levels[0]
    assert first.level.short == "E1" and "Junior Engineer" in first.aliases
    assert all(p.level.short == "E1" for p in guide.passages if p.level and p.level.number == 1)
    assert guide.acronyms == {"slo": "service level objective"}


@pytest.mark.parametrize(
    ("sidecar", "says"),
    [
        ('[levels."Engineer I"]\naliases = "Junior Engineer"\n', "aliases must be a list"),
        ("levels = 3\n", "levels must be tables"),
        ('[levels."Engineer 9"]\nshort = "E9"\n', "no level 'Engineer 9'"),
        ('[levels."Engineer I"]\nshort = 1\n', "short must be a string"),
        ('[levels."Engineer I"]\nnickname = "E1"\n', "it takes short and aliases"),
        ("[acronym]\nSLO = 'service level objective'\n", "unknown table 'acronym'"),
        ("[acronyms]\nSLO = 3\n", "acronyms must be a table of strings"),
    ],
)
def test_a_sidecar_that_is_wrong_is_an_error_naming_it(tmp_path: Path, sidecar: str, says: str) -> None:
    """A new user's `aliases = "Mid Engineer"` had become one-letter aliases, and `levels = 3` a traceback."""
    shutil.copy(LADDERS / "backend-engineer.md", tmp_path)
    (tmp_path / "backend-engineer.md.ladder.toml").write_text(sidecar, "utf-8")
    with pytest.raises(GuideError, match=says) as raised:
        read_guide(tmp_path / "backend-engineer.md")
    assert str(raised.value).startswith("backend-engineer.md.ladder.toml: ")


def test_a_sidecar_is_part_of_the_guides_hash(tmp_path: Path) -> None:
    """Editing the sidecar changes the corpus an index was built from, as editing the file does."""
    shutil.copy(LADDERS / "backend-engineer.md", tmp_path)
    before = corpus_hashes(tmp_path)
    (tmp_path / "backend-engineer.md.ladder.toml").write_text('[levels."Engineer I"]\nshort = "E1"\n', "utf-8")
    after = corpus_hashes(tmp_path)
    assert before.keys() == after.keys() == {"backend-engineer.md"} and before != after
    assert read_corpus(tmp_path).hashes == after


MATRIX = (
    "Competency,Junior,Senior,Staff\n"
    'Calls,"Makes twenty outbound calls a day.","Runs discovery calls alone.","Coaches the team on calls."\n'
    'Deals,"Supports an AE on small deals.","Closes mid-market deals.","Shapes the largest deals."\n'
)


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("", None),
        ("Sales Competency Matrix,,,\n", "Sales Competency Matrix"),
        ("Sales ladder,,,\nLast reviewed in May,,,\n", "Sales ladder"),
    ],
)
def test_a_sheet_may_have_title_rows_above_its_header(tmp_path: Path, title: str, named: str | None) -> None:
    """A new user's matrix with a title row was refused: "no ladder found"; another's was called by its
    sheet's name ("Matrix") rather than by that row."""
    (tmp_path / "sales.csv").write_text(title + MATRIX, "utf-8")
    guide = read_guide(tmp_path / "sales.csv")
    assert [p.level.title for p in guide.levels] == ["Junior", "Senior", "Staff"]
    assert [p.heading for p in guide.passages] == ["Calls", "Deals"] * 3
    assert guide.title == named


def test_a_workbook_with_a_merged_group_header_reads_below_it(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["", "Levels"])
    sheet.merge_cells("B1:D1")
    for line in MATRIX.splitlines():
        sheet.append(next(csv.reader([line])))
    book.save(tmp_path / "sales.xlsx")
    guide = read_guide(tmp_path / "sales.xlsx")
    assert [p.level.title for p in guide.levels] == ["Junior", "Senior", "Staff"]
    assert len(guide.passages) == 6 and guide.warnings == ()
    assert guide.title == "Sheet"  # its sheet's name: "Levels" over the level columns is no title


def test_a_transposed_sheet_may_have_a_title_row(tmp_path: Path) -> None:
    rows = ["Security ladder,,", "Level,Threat Modelling,Incident Response"]
    rows += [
        f'{name},"Models threats for one service at level {name}.","Handles incidents at level {name}."'
        for name in ("Junior", "Senior", "Staff")
    ]
    (tmp_path / "security.csv").write_text("\n".join(rows) + "\n", "utf-8")
    guide = read_guide(tmp_path / "security.csv")
    assert [p.level.title for p in guide.levels] == ["Junior", "Senior", "Staff"]
    assert {p.heading for p in guide.passages} == {"Threat Modelling", "Incident Response"}


def test_a_corpus_of_every_format_reads_together(tmp_path: Path) -> None:
    for name in FIXTURES:
        shutil.copy(LADDERS / name, tmp_path)
    shutil.copy(GUIDE, tmp_path)
    corpus = read_corpus(tmp_path)
    assert len(corpus.guides) == len(FIXTURES) + 1
    assert len({p.id for p in corpus.passages}) == len(corpus.passages)


# ---------------------------------------------------------------- files that are not ladders


@pytest.mark.parametrize("name", ["notes.txt", "notes.md", "notes.html"])
def test_a_file_without_a_ladder_says_what_was_looked_for(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Just some notes.\n\nNothing about levels here.\n", encoding="utf-8")
    with pytest.raises(GuideError, match=rf"{name}: no ladder found: looked for a run of sibling headings"):
        read_guide(path)


CONSULT = DATA / "consult"


def test_a_handbook_page_s_tables_of_facts_its_last_level_and_its_lead_ins() -> None:
    """A Git handbook's page (tests/data/consult): each level's "| Area | Expectation |" table of facts and
    expectations was dropped whole, Partner (no seniority word, and a lead-in line its own) was no level, and
    "To grow to Senior Consultant you:" was a passage answering at 1.00 where it only introduces its list."""
    guide = read_guide(CONSULT / "advisory-career-framework.md")
    assert [lv.level.title for lv in guide.levels][-2:] == ["Director", "Partner"]
    said = {(p.level.number if p.level else None, p.heading): p.text for p in guide.passages}
    assert said[(2, "Salary (NL)")] == "€ 48.000 – € 62.000"  # its footnote's mark ("[^1]") left out
    assert said[(2, "Grade")] == "A2" and said[(6, "Reports to")] == "The Executive Board"
    assert said[(2, "Delivery")] == "Leads a workstream of 1–3 consultants and reviews their work"
    assert not any(p.text.endswith(":") for p in guide.passages)
    grow = [p for p in guide.passages if p.category == "To grow to Senior Consultant you"]
    assert grow[0].text == "deliver parts of assignments without detailed instructions"
    assert {(p.level.number, p.section) for p in grow} == {(1, Section.RESPONSIBILITY)}


def test_an_e_mailed_plain_text_ladder_with_underlined_headings_and_wrapped_lines() -> None:
    """A ladder pasted from an e-mail (tests/data/consult) read as 19 levels: its header lines, "Dear colleagues,",
    "Salary: EUR ..." lines and a wrapped list item were levels. Headings underlined with "-" are below those
    boxed or underlined with "=", a hard-wrapped line goes on whatever case the next line opens in, and an
    e-mail's header is not text."""
    guide = read_guide(CONSULT / "project-manager-career-path.txt")
    assert [(lv.level.number, lv.level.short, lv.level.title) for lv in guide.levels] == [
        (1, "PM-1", "Assistant Project Manager"),
        (2, "PM-2", "Project Manager"),
        (3, "PM-3", "Senior Project Manager"),
        (4, "PM-4", "Programme Manager"),
        (5, "PM-5", "Programme Director"),
    ]
    assert guide.title == "PROJECT MANAGEMENT CAREER PATH 2025"
    said = {(p.level.number if p.level else None, p.heading): " ".join(p.text.split()) for p in guide.passages}
    assert said[(2, "Salary")] == "EUR 52.000 - 68.000 gross per year"
    texts = [" ".join(p.text.split()) for p in guide.passages]
    assert "Is line manager for up to 6 project managers and coaches PM-1 and PM-2 colleagues." in texts
    assert any(t.startswith("Below you find the final version") and t.endswith("updated next week.") for t in texts)
    assert not any(t.startswith(("From:", "Sent:", "Subject:")) for t in texts)
    moves = [p for p in guide.passages if p.category == "To move to PM-2 you show that you"]
    assert len(moves) == 3 and all(p.level.number == 1 for p in moves)  # "a." "b." "c." items


def test_program_code_saved_as_text_is_no_ladder(tmp_path: Path) -> None:
    """The script that wrote a trial's CSV, copied into the corpus with *.txt, read as a 55-level ladder."""
    shutil.copy(CONSULT / "scripts" / "make_csv.py.txt", tmp_path / "make_csv.txt")
    with pytest.raises(GuideError, match="make_csv.txt: reads as program code, not as a ladder's text"):
        read_guide(tmp_path / "make_csv.txt")


REVIEW10 = DATA / "review10"  # probe files of a review of the consultancy's changes (its findings.md)


@pytest.mark.parametrize(
    ("name", "levels"),
    [
        ("t1-separator-dashes.txt", 4),  # a rule under a level's last item is a separator, not its heading
        ("t2-closing-rule.txt", 3),
        ("t3-tilde.txt", 3),  # "~~~~" underlines
        ("t3b-hash-rules.txt", 3),  # "####" underlines stopped the ingest with an IndexError
        ("t4-level-colon.txt", 3),  # "Level One: Customer Success Associate" is a heading, not "Salary: EUR ..."
        ("t14-role-label-headings.txt", 3),
        ("t6-bullets-no-periods.txt", 4),  # the next level's heading is not joined onto an item
        ("t10-consult-long-leadin.txt", 5),
        ("t11-forwarded-mail.txt", 5),
        ("t12-wrapped-to-line.txt", 5),
        ("t13-one-long-line.txt", 5),  # one URL longer than the rest leaves the text hard-wrapped
        ("t8-numbered-headings.txt", 4),  # "1. Accounts Assistant" over its lines is a heading, not an item
        ("t5-one-per-line.txt", 3),  # no line ends a sentence: a line an item, not one paragraph a level
        ("t9-allcaps.txt", 3),  # "TEAM LEADER" is a level; "WAREHOUSE OPERATIVE", no seniority word, is not yet
    ],
)
def test_the_review_s_plain_text_ladders(name: str, levels: int) -> None:
    """A review of the plain-text reader (tests/data/review10) found ladders it read at 440d755 and no longer
    did ("no ladder found" stops the whole ingest), and e-mails whose header lines were read."""
    guide = read_guide(REVIEW10 / name)
    assert len(guide.levels) == levels
    texts = [p.text for p in guide.passages]
    assert not any(t.startswith(("From:", "Date:", "Subject:", "To:", "Sent:")) for t in texts)
    assert not any(re.fullmatch(r"\W*(?:[-=~#*+^]{3,})\W*", t) for t in texts)
    if name.startswith("t5"):
        assert len([p for p in guide.passages if p.level and p.level.number == 1]) == 3
    if name.startswith("t10"):
        items = [p for p in guide.passages if p.category and p.category.startswith("To be promoted")]
        assert items[0].text.startswith("can run a project") and items[0].section is Section.RESPONSIBILITY


def test_plain_text_with_no_full_stops_takes_no_item_for_a_level(tmp_path: Path) -> None:
    """A line an item, no full stops: a short item ("Reviews code for the team") had read as a level between two."""
    (tmp_path / "eng.txt").write_text(
        "Engineer II\nDesigns and delivers features that span a whole service\nReviews code for the team\n\n"
        "Senior Engineer\nLeads projects that span several teams and services\nRuns incident reviews\n",
        "utf-8",
    )
    guide = read_guide(tmp_path / "eng.txt")
    assert [p.level.title for p in guide.levels] == ["Engineer II", "Senior Engineer"]
    assert "Reviews code for the team" in {p.text for p in guide.passages if p.level and p.level.number == 1}


def test_the_review_s_html_tables_and_tables_of_facts() -> None:
    """HTML tables in Markdown: a character reference ("&rsquo;", "&lt;", "&nbsp;") lost its cell and so the
    table, a cell spanning rows or columns lost the table, a table with no header cells lost its first row;
    "| Pay point | Annual salary |" gave passages named "1", and a table of versions right under it merged in;
    a Word table whose first row is a fact ("Grade | F1") lost it."""
    entities = read_guide(REVIEW10 / "m5-html-entities.md")
    said = {(p.level.number, p.heading): p.text for p in entities.passages if p.level}
    assert said[(1, "Budget")] == "Spends the team’s R&D budget as agreed"
    assert said[(2, "Budget")] == "Owns the group's R&D budget" and said[(2, "Methods")].startswith("Designs the group")
    row = read_guide(REVIEW10 / "m6-html-entity-eats-row.md")
    assert {p.heading: p.text for p in row.passages if p.level and p.level.number == 1}[
        "Safety"
    ] == "Keeps <5 incidents"
    spans = read_guide(REVIEW10 / "m4-html-tables.md")
    third = [(p.heading, p.text) for p in spans.passages if p.level and p.level.number == 3]
    assert ("Modelling", "Reviews the models of the other data scientists") in third and len(third) == 4
    assert ("Grade", "DS2") in [(p.heading, p.text) for p in spans.passages if p.level and p.level.number == 2]
    pay = read_guide(REVIEW10 / "m7-pay-points-table.md")
    first = {p.heading: p.text for p in pay.passages if p.level and p.level.number == 1 and p.heading}
    assert first == {"Pay point 1": "£29,970", "Pay point 2": "£32,324", "Pay point 3": "£36,483"}
    word = read_guide(REVIEW10 / "d1-key-value-tables.docx")
    assert ("Grade", "F1") in [(p.heading, p.text) for p in word.passages if p.level and p.level.number == 1]
    for name, sections in (("m8-consult-how-levels-work-table.md", 6), ("m3-consult-secondments.md", 6)):
        guide = read_guide(REVIEW10 / name)  # a legend or a secondments table headed as the levels' is no level
        assert guide.levels[0].level.title == "Consultant" and len(guide.levels) == sections
    assert len(read_guide(REVIEW10 / "m2-sibling-table.md").levels) == 3  # nor "Pay and benefits"
    lead_ins = [p.text for p in read_guide(REVIEW10 / "m1-leadin-loss.md").passages]
    assert "Owns the Kubernetes upgrade process end to end and answers for:" in lead_ins  # it says something


def test_the_review_s_encodings_and_columns() -> None:
    """A UTF-8 file with one Windows-1252 byte was read as Windows-1252 throughout (mojibake of its other
    accents); Korean in EUC-KR was read as a ladder of mojibake; UTF-16 with no byte-order mark, or UTF-32,
    gave "no ladder found". A PDF's two short columns between full-width paragraphs were read interleaved."""
    mixed = read_guide(REVIEW10 / "e5-utf8-one-cp1252-byte.txt")
    assert any("Jana Krüger" in p.text for p in mixed.passages)
    with pytest.raises(GuideError, match="e9-euc-kr.txt: not UTF-8 text"):
        read_guide(REVIEW10 / "e9-euc-kr.txt")
    for name in ("e1-utf16le-nobom.txt", "e7-utf32-bom.txt", "e8-matrix-utf16le-nobom.csv"):
        assert len(read_guide(REVIEW10 / name).levels) == 5, name
    columns = read_guide(REVIEW10 / "p2-short-columns-narrow-gutter.pdf")
    texts = [p.text for p in columns.passages]
    assert "Prepares samples and reagents for the routine tests and labels every container." in texts
    assert "Knows the standard operating procedures and the safety rules for the chemicals." in texts


def test_a_note_under_a_matrix_is_introduction() -> None:
    """A sheet's note under its matrix, in its first column ("Montréal testers are paid by the hour; ...", "Valid
    from 1 January 2025. Salary ranges DE are 5% higher ...") was in no passage (two new users' trials)."""
    for folder, name, note in [
        ("studio", "qa-competency-matrix.csv", "Montréal testers are paid by the hour"),
        ("consult", "engineering-competency-matrix.csv", "Valid from 1 January 2025."),
    ]:
        guide = read_guide(DATA / folder / name)
        assert any(p.level is None and p.text.startswith(note) for p in guide.passages), name


def test_a_sharepoint_page_s_collapsible_sections() -> None:
    """A SharePoint page's levels are collapsible sections whose headings are a <div role="heading"> inside a
    <button> (tests/data/studio): buttons are left out, so the page had no ladder and stopped the whole ingest.
    Its "Comments" section is the page's, not the ladder's."""
    guide = read_guide(DATA / "studio" / "engineering-career-ladder.html")
    assert [lv.level.short for lv in guide.levels] == ["E1", "E2", "E3", "E4", "E5", "E6"]
    assert guide.levels[0].level.title == "Programmer I"
    assert "'Comments' is not a level: skipped" in guide.warnings
    texts = {p.text for p in guide.passages}  # the site's name, the byline and the date are SharePoint's
    assert not texts & {"Harfang Tech Hub", "Engineering Manager, Montréal", "Published 14 March 2025"}


def test_windows_1252_and_utf_16_text_is_read_with_a_warning(tmp_path: Path) -> None:
    """Excel's CSV on a Western European Windows is Windows-1252 ("€" is byte 0x80); it stopped the whole
    ingest. Its "Unicode text" is UTF-16 with a byte-order mark. Bytes that are neither are an error."""
    guide = read_guide(CONSULT / "engineering-competency-matrix.csv")
    assert [p.level.short for p in guide.levels] == ["E1", "E2", "E3", "E4", "E5"]
    assert any(p.text == "€ 54.000 – € 68.000" for p in guide.passages)
    assert "not UTF-8: read as Windows-1252 (Excel's ANSI) where it is not; save it as UTF-8" in guide.warnings
    text = "Level 1: Café Manager\n\nRuns the café.\n\nLevel 2: Head of Cafés\n\nRuns the cafés of a region.\n"
    (tmp_path / "latin.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "unicode.txt").write_bytes(text.encode("utf-16"))
    for name in ("latin.txt", "unicode.txt"):
        assert [p.text for p in read_guide(tmp_path / name).passages] == [
            "Runs the café.",
            "Runs the cafés of a region.",
        ]
    (tmp_path / "neither.txt").write_bytes(b"Level 1: Caf\x81 Manager\n")
    with pytest.raises(GuideError, match="neither.txt: not UTF-8 text.*save it as UTF-8"):
        read_guide(tmp_path / "neither.txt")


@pytest.mark.parametrize("name", ["broken.docx", "broken.xlsx", "broken.pdf"])
def test_a_corrupt_file_is_an_error_naming_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 this is not really a zip" if name != "broken.pdf" else b"%PDF-1.7 garbage")
    with pytest.raises(GuideError, match=rf"{name}: .*(save it again|export it again)"):
        read_guide(path)


def test_an_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    with pytest.raises(GuideError, match="empty.md: the file is empty"):
        read_guide(path)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(GuideError, match="huge.txt: .* MiB is more than a ladder needs"):
        read_guide(path)


def test_an_encrypted_pdf_is_an_error(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(LADDERS / "data-analyst.pdf"))
    writer.encrypt("secret")
    path = tmp_path / "locked.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    with pytest.raises(GuideError, match="locked.pdf: is encrypted; save a copy without a password"):
        read_guide(path)


def test_a_pdf_without_text_is_an_error(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # as a scanned page is to a text reader
    path = tmp_path / "scanned.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    with pytest.raises(GuideError, match="scanned.pdf: has no text to read .*OCR"):
        read_guide(path)


def test_names_with_spaces_and_accents_work(tmp_path: Path) -> None:
    path = tmp_path / "Échelle produit (2024).md"
    shutil.copy(FIXTURE_GUIDE, path)
    guide = read_guide(path)
    assert guide.passages[0].source.doc == "Échelle produit (2024).md"
    assert guide.passages[0].id.startswith("Échelle produit (2024).md.")


def test_a_docx_that_is_a_zip_of_something_else(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a Word document")
    with pytest.raises(GuideError, match="other.docx: not a Word document"):
        read_guide(path)


def test_the_pm_corpus_reads(tmp_path: Path) -> None:
    assert [g.doc for g in read_corpus(CORPUS).guides] == ["pm-career-path.txt"]


def test_short_names_are_unique_within_a_ladder() -> None:
    """A badge or a level filter names one level: initials two levels share are replaced by their titles."""
    for name in json.loads((DATA / "ladders" / "levels.json").read_text("utf-8")):
        shorts = [p.level.short for p in read_guide(DATA / "ladders" / name).levels]
        assert len(shorts) == len(set(shorts)), (name, shorts)


def test_a_code_of_letters_before_its_title_is_the_level_s_short_name(tmp_path: Path) -> None:
    """A new user's "## DEM - Data Engineering Manager" became the title "DEM - Data Engineering Manager" and the
    short name "DDEM", so DEM was refused as a level everywhere; letters that are not the title's initials stay
    in it ("HR - People Partner")."""
    text = "# Data ladder\n\n" + "".join(
        f"## {heading}\n\nBuilds and runs pipelines, with more scope at each level.\n\n"
        for heading in (
            "DE1 - Data Engineer I",
            "DE2 - Data Engineer II",
            "DEM - Data Engineering Manager",
            "HR: Head of Data",
        )
    )
    (tmp_path / "data.md").write_text(text, "utf-8")
    levels = [p.level for p in read_guide(tmp_path / "data.md").levels]
    assert (levels[2].title, levels[2].short) == ("Data Engineering Manager", "DEM")
    assert levels[3].title == "HR: Head of Data" and levels[3].short != "HR"
    # letters that only begin the initials ("CS" of Customer Success Associate, Manager, Lead) name no one level
    text = "# CS ladder\n\n" + "".join(
        f"## CS - Customer Success {title}\n\nLooks after customers, with more scope at each level.\n\n"
        for title in ("Associate", "Manager", "Lead")
    )
    (tmp_path / "cs.md").write_text(text, "utf-8")
    shorts = [p.level.short for p in read_guide(tmp_path / "cs.md").levels]
    assert len(set(shorts)) == 3 and "CS" not in shorts


def test_office_s_lock_file_beside_an_open_document_is_not_read(tmp_path: Path) -> None:
    """Word writes "~$name.docx" beside a document while it is open: a new user's ingest stopped on it ("save it
    again as .docx")."""
    shutil.copy(FIXTURE_GUIDE, tmp_path / FIXTURE_GUIDE.name)
    (tmp_path / "~$rsing-framework.docx").write_bytes(b"\x0cuser\x00" * 20)
    assert [g.doc for g in read_corpus(tmp_path).guides] == [FIXTURE_GUIDE.name]


def test_a_seniority_word_only_one_level_has_names_it(tmp_path: Path) -> None:
    """A new user's deputy head ("one of two deputy heads") read as the Head of Department: "Head" named that
    level, and nothing in "deputy" named the Assistant / Deputy Headteacher."""
    levels = ["Classroom Teacher", "Head of Department", "Assistant / Deputy Headteacher"]
    text = "# Teaching ladder\n\n" + "".join(
        f"## Level {n}: {title}\n\nTeaches and leads at level {n}, with more scope than before.\n\n"
        for n, title in enumerate(levels, 1)
    )
    (tmp_path / "teaching.md").write_text(text, "utf-8")
    guide = read_guide(tmp_path / "teaching.md")
    aliases = {p.level.number: p.aliases for p in guide.levels}
    assert "Head" in aliases[2] and "Deputy" in aliases[3] and "Deputy" not in aliases[2]
    assert {"Assistant Headteacher", "Deputy Headteacher"} <= set(aliases[3])


CAPTIONED = [
    ("Sales Associate", "Serves customers on the shop floor and at the tills.", "Work the tills and handle refunds."),
    ("Key Holder", "Opens and closes the store when no manager is in.", "Run the huddle at the start of the shift."),
    ("Store Manager", "Is accountable for the store's sales and people.", "Build the weekly rota for the store."),
]


def write_captioned(path: Path) -> None:
    """A ladder whose lists sit under a bold line ("What you'll do"), then a paragraph after the list."""
    after = "They report to the manager above them."
    if path.suffix == ".md":
        body = "".join(
            f"## {t}\n\n{o}\n\n**What you'll do**\n\n* {i}\n* Keep the floor tidy.\n\n{after}\n\n"
            for t, o, i in CAPTIONED
        )
        path.write_text("# Store careers\n\n" + body, "utf-8")
    elif path.suffix == ".html":
        body = "".join(
            f"<h2>{t}</h2><p>{o}</p><p><strong>What you'll do</strong></p><ul><li>{i}</li>"
            f"<li>Keep the floor tidy.</li></ul><p>{after}</p>"
            for t, o, i in CAPTIONED
        )
        path.write_text(f"<html><body><h1>Store careers</h1>{body}</body></html>", "utf-8")
    else:
        import docx

        document = docx.Document()
        document.add_heading("Store careers", 1)
        for t, o, i in CAPTIONED:
            document.add_heading(t, 2)
            document.add_paragraph(o)
            document.add_paragraph().add_run("What you'll do").bold = True
            document.add_paragraph(i, style="List Bullet")
            document.add_paragraph("Keep the floor tidy.", style="List Bullet")
            document.add_paragraph(after)
        document.save(str(path))


@pytest.mark.parametrize("name", ["store.md", "store.html", "store.docx"])
def test_a_short_line_over_a_list_names_the_list_and_is_no_passage(tmp_path: Path, name: str) -> None:
    """Retail's bold "What you'll do" was read as a passage of each level (and shown as a growth gap)."""
    write_captioned(tmp_path / name)
    guide = read_guide(tmp_path / name)
    assert [p.level.title for p in guide.levels] == [t for t, _, _ in CAPTIONED]
    assert not any("What you" in p.text for p in guide.passages)
    items = [p for p in guide.passages if p.text == "Keep the floor tidy."]
    assert len(items) == 3
    assert {(p.section, p.category) for p in items} == {(Section.RESPONSIBILITY, "What you'll do")}
    after = [p for p in guide.passages if p.text.startswith("They report")]
    assert len(after) == 3 and {(p.section, p.category) for p in after} == {(Section.OVERVIEW, None)}


def test_a_first_level_with_no_seniority_word_is_still_a_level(tmp_path: Path) -> None:
    """A new user's newsroom wiki lost "Editorial Assistant" and "Reporter" to the introduction (they name no
    seniority), and an HR ladder its "HR Coordinator": a sibling before the first level is one when it is a
    level's title less its seniority ("Reporter" of "Senior Reporter") or has the levels' own sub-headings."""
    levels = ["Editorial Assistant", "Reporter", "Senior Reporter", "Section Editor", "Editor-in-Chief"]
    body = "".join(
        f"<h2>{t}</h2><p>The {t} does the work of this level every day.</p>"
        f"<h3>Responsibilities</h3><ul><li>Works on stories as a {t}.</li></ul>"
        for t in levels
    )
    intro = "<h2>How promotions work</h2><p>Promotions are agreed twice a year by the editors.</p>"
    (tmp_path / "newsroom.html").write_text(f"<h1>Editorial ladder</h1>{intro}{body}", "utf-8")
    guide = read_guide(tmp_path / "newsroom.html")
    assert [p.level.title for p in guide.levels] == levels
    assert [p.text for p in guide.passages if p.level is None] == ["Promotions are agreed twice a year by the editors."]

    (tmp_path / "plain.md").write_text(
        "# Newsroom\n\n## Reporter\n\nCovers a beat.\n\n## Senior Reporter\n\nBreaks stories.\n\n"
        "## Chief Reporter\n\nLeads the reporters.\n",
        "utf-8",
    )
    assert [p.level.title for p in read_guide(tmp_path / "plain.md").levels] == [
        "Reporter",
        "Senior Reporter",
        "Chief Reporter",
    ]


def test_a_csv_of_a_row_per_level_and_competency_is_a_matrix() -> None:
    """Excel's "CSV UTF-8" of a service desk's competencies, a row per level and competency ("SD1 | Service Desk
    Analyst | Incident management | Escalation | Escalates ..."), read as 40 levels, one per row."""
    guide = read_guide(DATA / "university" / "service-desk-levels.csv")
    assert [(p.level.number, p.level.short, p.level.title) for p in guide.levels] == [
        (1, "SD1", "Service Desk Analyst"),
        (2, "SD2", "Senior Service Desk Analyst"),
        (3, "SD3", "Service Desk Specialist (2nd Line)"),
        (4, "SD4", "Service Desk Team Leader"),
        (5, "SD5", "Service Desk Manager"),
    ]
    escalation = next(p for p in guide.passages if p.heading == "Escalation" and p.level.short == "SD1")
    assert (escalation.section, escalation.category) == (Section.COMPETENCY, "Incident management")
    assert escalation.text.startswith("Escalates incidents it cannot resolve to the right 2nd or 3rd line team")
    assert len(guide.passages) == 40 and all(
        guide.text[p.source.start : p.source.end] == p.text for p in guide.passages
    )
    # "" in a quoted cell is a quote, which the csv module's sniffer had not seen
    assert any('self-service ("shift-left") and' in p.text for p in guide.passages)
    assert [p.years for p in guide.levels][1:3] == [(2, 3), (3, 5)]


REVIEW6 = DATA / "review6"


def test_a_long_sheet_in_any_order_or_of_short_cells_is_still_a_matrix() -> None:
    """A review's probes: sorted by competency (a level's rows apart), or with one-word cells ("Basic"), the
    long format had become "no ladder", which stops the whole ingest."""
    by_competency = read_guide(REVIEW6 / "long-by-competency.csv")
    assert [p.level.short for p in by_competency.levels] == ["SD1", "SD2", "SD3"]
    assert all(len([p for p in by_competency.passages if p.level == lv.level]) == 3 for lv in by_competency.levels)
    short = read_guide(REVIEW6 / "long-short-desc.csv")
    assert [p.level.short for p in short.levels] == ["L1", "L2", "L3"]
    assert {p.text for p in short.passages} <= {"Basic", "Aware", "Working", "Expert", "Skilled", "Advanced"}


def test_a_level_in_two_tracks_is_no_long_sheet_and_two_prose_columns_both_count() -> None:
    """A row per level with one level in two tracks kept one column of three; of two columns of prose (a
    description and its evidence), only the longer was read."""
    tracks = read_guide(REVIEW6 / "dual-track-rows.csv")
    assert len(tracks.passages) == 15
    assert any(p.text == "Manages a team of four to eight engineers." for p in tracks.passages)
    two = read_guide(REVIEW6 / "long-two-text.csv")
    first = two.passages[0]
    assert first.text.startswith("Writes simple queries against one table.\tA query you wrote for a stakeholder")
    assert two.text[first.source.start : first.source.end] == first.text


def test_a_csv_with_spaces_after_its_commas_keeps_its_quoted_cells() -> None:
    guide = read_guide(REVIEW6 / "spaced.csv")
    assert "Works on tasks, small ones, within one team." in [p.text for p in guide.passages]


@pytest.mark.parametrize("name", ["data-team2.pdf", "estates.pdf"])
def test_columns_of_prose_set_out_as_a_table_are_read(name: str) -> None:
    """ "Scope | Impact | Leadership" over a paragraph each, under a level or in the introduction: read as a
    table of wrapped cells, then dropped (two levels had no text, so a file of only such levels is refused)."""
    guide = read_guide(REVIEW6 / name)
    assert all(len([p for p in guide.passages if p.level == lv.level]) >= 2 for lv in guide.levels)
    assert all(guide.text[p.source.start : p.source.end] == p.text for p in guide.passages)
    if name == "estates.pdf":
        assert [p.heading for p in guide.passages if p.level is None][1:] == ["Our values", "Our people", "Our promise"]


def test_a_pdf_s_bullet_at_a_page_foot_and_bold_lines_of_seven_or_eight_words() -> None:
    """A bullet with no full stop at a page's foot was joined to the next page's paragraph; bold requirement
    lines of seven or eight words became headings (and, where the levels are bold lines, levels)."""
    library = read_guide(REVIEW6 / "library.pdf")
    texts = [p.text for p in library.passages]
    assert "Covers the Saturday desk one week in four" in texts
    assert "Holds a degree or an equivalent library qualification" in texts
    drivers = read_guide(REVIEW6 / "drivers.pdf")
    assert [p.level.short for p in drivers.levels] == ["D1", "D2", "D3"]


def test_a_grid_of_pay_by_level_is_no_level_s_work_and_a_changelog_s_entries_are_not_read() -> None:
    paygrid = read_guide(REVIEW6 / "paygrid.md")
    assert not any(p.section is Section.COMPETENCY for p in paygrid.passages)
    grid = read_guide(REVIEW6 / "grid2.md")
    assert [p.text for p in grid.passages if p.level is None] == ["This framework describes our nursing levels."]
    assert "'Changelog' is not a level: skipped" in grid.warnings


def test_a_grid_of_criteria_under_the_last_level_is_every_level_s(tmp_path: Path) -> None:
    """A grid with no heading of its own after the last level's text is in that level's section: its cells are
    still each column's level's, not the last level's overview."""
    (tmp_path / "nursing.md").write_text(
        "# Nursing ladder\n\n## Staff Nurse\n\nCares for a group of patients on a shift.\n\n"
        "## Senior Staff Nurse\n\nLeads the shift and supports junior nurses.\n\n"
        "| Criterion | Staff Nurse | Senior Staff Nurse |\n|---|---|---|\n"
        "| Medicines | Gives medicines safely under supervision. | Checks controlled drugs with another nurse. |\n",
        "utf-8",
    )
    guide = read_guide(tmp_path / "nursing.md")
    cells = [(p.level.title, p.section, p.heading, p.text) for p in guide.passages if p.heading == "Medicines"]
    assert cells == [
        ("Staff Nurse", Section.COMPETENCY, "Medicines", "Gives medicines safely under supervision."),
        ("Senior Staff Nurse", Section.COMPETENCY, "Medicines", "Checks controlled drugs with another nurse."),
    ]


def test_a_grid_of_ticks_by_grade_code_is_each_grade_s(tmp_path: Path) -> None:
    """A Word "Skills matrix" of ticks by grade code ("Skill | P1 | P2 | P3") gave no passage: its cells have too
    few words for a grid of what levels do. A tick is its column's grade's, its row naming what it does; a
    grid of pay is still no grade's work."""
    (tmp_path / "pathway.md").write_text(
        "# Production pathway\n\n## Operator (Grade P1)\n\nRuns a cell to its standard operating procedure.\n\n"
        "## Senior Operator (Grade P2)\n\nChanges tools and sets offsets on the cell.\n\n"
        "## Technician (Grade P3)\n\nSets up machines from the setting sheet.\n\n"
        "## Skills matrix\n\n| Skill | P1 | P2 | P3 |\n|---|---|---|---|\n"
        "| Run cell to SOP | ✓ | ✓ | ✓ |\n| Tool change and offsets |  | ✓ | ✓ |\n| Machine set-up | - | - | ✓ |\n\n"
        "## Pay\n\n| Band | P1 | P2 | P3 |\n|---|---|---|---|\n| Minimum | £24,000 | £25,800 | £29,800 |\n",
        "utf-8",
    )
    guide = read_guide(tmp_path / "pathway.md")
    ticks = {(p.level.number, p.heading) for p in guide.passages if p.level and p.section is Section.COMPETENCY}
    assert ticks == {
        (1, "Run cell to SOP"),
        (2, "Run cell to SOP"),
        (3, "Run cell to SOP"),
        (2, "Tool change and offsets"),
        (3, "Tool change and offsets"),
        (3, "Machine set-up"),
    }


def test_a_pay_sheet_that_reads_as_a_ladder_is_not_also_notes() -> None:
    """A sheet of a row per level ("Level | Salary band") is no notes of the introduction: each row is its
    level's fact (it had been skipped as "a ladder too")."""
    guide = read_guide(REVIEW6 / "eng-matrix.xlsx")
    assert "sheet 'Pay' names the ladder's levels: read as their facts" in guide.warnings
    assert not any("Salary band" in p.text or "£" in p.text for p in guide.passages if p.level is None)
    pay = [(p.level.number, p.heading, p.text) for p in guide.passages if p.level and "£" in p.text]
    assert pay[0] == (1, "Salary band", "£35,000 - £45,000 per year") and len(pay) == 4


@pytest.mark.parametrize("name", ["gdoc2.html", "gdoc-wrapped.html"])
def test_google_docs_comments_in_one_thread_or_inside_a_page_wrapper(name: str) -> None:
    """Two comments in one thread's div raised AttributeError (the ingest stopped); a comment inside a div
    that wraps the page took the whole document with it."""
    guide = read_guide(REVIEW6 / name)
    assert len(guide.levels) == 3 and len(guide.passages) >= 9
    assert not any(p.text.startswith("[") for p in guide.passages)


def test_what_a_page_says_after_its_last_level_is_its_introduction(tmp_path: Path) -> None:
    """A council's library page: its "## Notes" after the last grade ("Acting up ... is paid at the bottom SCP
    of the higher grade") was skipped, so no search could find it; its links and its history still are."""
    (tmp_path / "library.md").write_text(
        "# Library grades\n\nThe grades of our libraries.\n\n## Grade 3 – Library Assistant\n\nServes customers.\n\n"
        "## Grade 4 – Senior Library Assistant\n\nRuns a branch on the day.\n\n"
        "## Notes\n\n- Acting up for more than four weeks is paid at the bottom of the higher grade.\n\n"
        "## Version history\n\nVersion 2 added Grade 4.\n\n## Related pages\n\nThe pay scales page.\n",
        "utf-8",
    )
    guide = read_guide(tmp_path / "library.md")
    assert [p.level.title for p in guide.levels] == ["Library Assistant", "Senior Library Assistant"]
    intro = [(p.text, p.category) for p in guide.passages if p.level is None]
    assert intro == [
        ("The grades of our libraries.", None),
        ("Acting up for more than four weeks is paid at the bottom of the higher grade.", "Notes"),
    ]
    assert [p.text for p in guide.passages if p.level and p.level.number == 4] == ["Runs a branch on the day."]
    assert guide.warnings == (
        "'Notes' is not a level: read as introduction",
        "'Version history' is not a level: skipped",
        "'Related pages' is not a level: skipped",
    )


def test_a_workbook_s_notes_sheet_is_its_introduction(tmp_path: Path) -> None:
    """A highways matrix's "Key and notes" sheet (a caption row, then "Call-out | Chargehands take part in the
    rota") was skipped whole. Its rows are read under their caption, named by their first cell; not a history
    inside it, nor a sheet of three columns or more (contacts)."""
    import openpyxl

    book = openpyxl.load_workbook(DATA / "council" / "highways-competency-matrix.xlsx")
    notes = book["Key and notes"]
    notes.append(["Changelog"])
    notes.append(["2024-03: added the Inspector route note."])
    contacts = book.create_sheet("Contacts")
    for row in [
        ["Area", "Name", "Phone"],
        ["North", "Sam Okafor", "01632 960001"],
        ["South", "Ann Lee", "01632 960002"],
    ]:
        contacts.append(row)
    book.save(tmp_path / "highways.xlsx")
    guide = read_guide(tmp_path / "highways.xlsx")
    intro = [p for p in guide.passages if p.level is None]
    assert [(p.category, p.heading) for p in intro] == [
        ("Key", "As previous level"),
        ("Key", "N/A"),
        ("Notes", "Pay grades"),
        ("Notes", "Call-out"),
        ("Notes", "Inspector route"),
        ("Notes", "PPE"),
    ]
    assert intro[3].text.startswith("Call-out\tSkilled Operatives, Chargehands and Highways Supervisors take part")
    assert guide.text[intro[3].source.start : intro[3].source.end] == intro[3].text
    assert guide.warnings == (
        "sheet 'Key and notes' is not a ladder: read as introduction",
        "sheet 'Contacts' is not a ladder: skipped",
    )


def test_tracks_under_sibling_headings_are_one_ladder(tmp_path: Path) -> None:
    """A blind set's civil-engineering ladder kept its IC track and skipped its "Management track" (M1-M3)."""
    (tmp_path / "civil.md").write_text(
        "# Civil Engineering Career Ladder\n\nThere are two tracks.\n\n## Individual contributor track\n\n"
        "### E1 – Graduate Engineer\n\nDesigns simple elements.\n\n### E2 – Engineer\n\nDesigns whole structures.\n\n"
        "## Management track\n\nManagers run projects and people.\n\n"
        "### M1 – Project Manager\n\nRuns the delivery of projects.\n\n"
        "### M2 – Engineering Manager\n\nManages engineers.\n\n"
        "## Related pages\n\nThe handbook lives elsewhere.\n",
        "utf-8",
    )
    guide = read_guide(tmp_path / "civil.md")
    assert [(p.level.number, p.level.short) for p in guide.levels] == [(1, "E1"), (2, "E2"), (3, "M1"), (4, "M2")]
    intro = [(p.text, p.category) for p in guide.passages if p.level is None]
    assert intro == [("There are two tracks.", None), ("Managers run projects and people.", "Management track")]
    assert [p.text for p in guide.passages if p.level and p.level.short == "E2"] == ["Designs whole structures."]
    assert list(guide.warnings) == ["'Related pages' is not a level: skipped"]


def test_an_html_matrix_s_merged_category_keeps_every_cell_at_its_level(tmp_path: Path) -> None:
    """A Confluence table whose category cell spans rows (rowspan): the rows below it lost a cell, and each of
    their cells landed one level too low ("Builds API test suites" was QA Engineer I's)."""
    (tmp_path / "qa.html").write_text(
        "<h1>QA ladder</h1><table><tr><th>Category</th><th>Competency</th><th>QA Engineer I</th>"
        "<th>QA Engineer II</th><th>Senior QA Engineer</th></tr>"
        "<tr><td rowspan='2'>Testing</td><td>Test design</td><td>Writes test cases.</td><td>Designs test plans.</td>"
        "<td>Sets the test strategy.</td></tr>"
        "<tr><td>Automation</td><td>Adds UI tests.</td><td>Builds API test suites.</td>"
        "<td>Owns the automation architecture.</td></tr>"
        "<tr><td>People</td><td>Leadership</td><td colspan='2'>Learns from the team.</td><td>Mentors testers.</td></tr>"
        "</table>",
        "utf-8",
    )
    guide = read_guide(tmp_path / "qa.html")
    cells = {(p.level.short, p.heading): (p.text, p.category) for p in guide.passages if p.level}
    assert cells[("QA Engineer II", "Automation")] == ("Builds API test suites.", "Testing")
    assert cells[("Senior QA Engineer", "Automation")] == ("Owns the automation architecture.", "Testing")
    assert cells[("QA Engineer II", "Leadership")] == ("Learns from the team.", "People")
    assert cells[("Senior QA Engineer", "Leadership")] == ("Mentors testers.", "People")


def test_a_workbook_s_changelog_is_no_ladder_and_its_track_sheets_are_one_ladder(tmp_path: Path) -> None:
    """A legal workbook (Read me, Counsel, Paralegal, Changelog): its changelog's dates ("2024-03-01") were read
    as two levels and both tracks skipped as "not a ladder". Its tracks are one ladder, in the workbook's order;
    two sheets with the same levels (two versions of a matrix) are not joined: the larger is read."""
    import openpyxl

    def workbook(tracks: list[tuple[str, list[str]]]) -> Path:
        book = openpyxl.Workbook()
        book.active.title = "Read me"
        book.active.append(["Each tab is a track."])
        for name, levels in tracks:
            sheet = book.create_sheet(name)
            sheet.append([f"{name} track"])
            sheet.append(["Area", "Competency", *levels])
            sheet.append(["Practice", "Contracts", *(f"Negotiates contracts as {lv}." for lv in levels)])
            sheet.append(["Practice", "Advice", *(f"Advises the business as {lv}." for lv in levels)])
        changelog = book.create_sheet("Changelog")
        for row in [["Date", "Change", "By"], ["2024-03-01", "Added a level", "GC"], ["2025-02-12", "Split", "Ops"]]:
            changelog.append(row)
        path = tmp_path / f"legal-{len(list(tmp_path.iterdir()))}.xlsx"
        book.save(path)
        return path

    counsel = ["Associate Counsel", "Counsel", "Senior Counsel"]
    guide = read_guide(workbook([("Counsel", counsel), ("Paralegal", ["Paralegal I", "Paralegal II"])]))
    assert [p.level.title for p in guide.levels] == [*counsel, "Paralegal I", "Paralegal II"]
    assert {(p.level.title, p.heading) for p in guide.passages if p.level} >= {
        ("Paralegal II", "Advice"),
        ("Counsel", "Contracts"),
    }
    assert "sheet 'Changelog' is not a ladder: skipped" in guide.warnings
    assert [p.text for p in guide.passages if p.level is None] == ["Each tab is a track."]  # the "Read me" sheet
    assert guide.title == "Counsel track"
    versions = read_guide(workbook([("2024", counsel), ("2025", [*counsel, "Lead Counsel"])]))
    assert [p.level.title for p in versions.levels] == [*counsel, "Lead Counsel"]
    assert (
        "sheet '2024' is a ladder too, but a file holds one: skipped (put it in a file of its own)" in versions.warnings
    )


@pytest.mark.parametrize("sheet", ["Changelog", "Version history", "Sheet2"])
def test_a_changelog_of_versions_is_no_track(tmp_path: Path, sheet: str) -> None:
    """A law firm's finance matrix had its "Date | Version | Change" sheet joined as two more levels, "1.0" and
    "First version agreed with the Finance Director.": the sheet's header was taken for a title row over its
    first row of data. By its name, or its header of several cells, it is no ladder."""
    import openpyxl

    book = openpyxl.load_workbook(DATA / "law-firm" / "finance-competency-matrix.xlsx")
    book["Changelog"].title = sheet
    book.save(tmp_path / "finance.xlsx")
    guide = read_guide(tmp_path / "finance.xlsx")
    titles = ["Finance Assistant", "Finance Officer", "Senior Finance Officer", "Finance Manager", "Head of Finance"]
    assert [p.level.title for p in guide.levels] == titles
    assert f"sheet '{sheet}' is not a ladder: skipped" in guide.warnings
    assert not any("First version" in p.text for p in guide.passages)


def test_two_levels_of_one_title_keep_their_own_short_names() -> None:
    """A law firm's "Associate (NQ-2 PQE)" and "Associate (3-5 PQE)" had become "Level 2" and "Level 3", words
    the firm never uses, and "NQ" named no level; the Trainee's "Typical PQE: pre-qualification." states no
    years, where the supervisor's "at least 3 years PQE" had given the trainee 3+ years."""
    guide = read_guide(DATA / "law-firm" / "fee-earner-framework.docx")
    levels = {p.level.number: p for p in guide.levels}
    assert [levels[n].level.short for n in (2, 3)] == ["NQ-2 PQE", "3-5 PQE"]
    assert {"NQ", "NQ Associate", "Associate"} <= set(levels[2].aliases)
    assert "NQ" not in levels[3].aliases
    # only a code before a range of years: "SRE Manager" does not take an SRE's name (a review's)
    from ingest.ladder import LEADING_CODE

    assert [bool(LEADING_CODE.match(s)) for s in ("NQ-2 PQE", "SRE Manager", "CS Team Lead")] == [True, False, False]
    assert levels[1].years is None and levels[4].years == (6.0, 8.0)


def test_a_table_of_no_levels_is_read_row_by_row() -> None:
    """The law firm's "Sign-off authority" table (Matter | Who signs off) had been dropped without a word:
    each of its rows is an introduction passage under its header."""
    guide = read_guide(DATA / "law-firm" / "fee-earner-framework.docx")
    rows = [p for p in guide.passages if p.section is Section.INTRO and p.heading == "Matter, Who signs off"]
    assert [p.text.split("\t") for p in rows][2] == [
        "Conflicts check clearance",
        "Partner only, after the Risk team's search",
    ]
    assert len(rows) == 6 and {p.category for p in rows} == {"Sign-off authority"}


def test_levels_with_no_seniority_word_are_read_from_the_page_s_table_of_levels() -> None:
    """A hotel's kitchen wiki page read as 3 levels of 6: "Commis Chef", "Chef de Partie" and "Executive Chef"
    name no seniority, but the page's "Level | Typical experience | ..." table lists them beside the others."""
    guide = read_guide(DATA / "hotel" / "kitchen-brigade-ladder.html")
    titles = ["Commis Chef", "Chef de Partie", "Junior Sous Chef", "Sous Chef", "Head Chef", "Executive Chef"]
    assert [p.level.title for p in guide.levels] == titles
    assert "CDP" in guide.levels[1].aliases


def test_a_matrix_s_levels_are_the_columns_after_its_competency() -> None:
    """A housekeeping matrix (Area | Competency | Room Attendant | ... | Executive Housekeeper) had stopped the
    whole ingest with "no ladder found": only one of its level columns has a seniority word."""
    guide = read_guide(DATA / "hotel" / "housekeeping-matrix.xlsx")
    titles = ["Room Attendant", "Senior Room Attendant", "Housekeeping Supervisor", "Executive Housekeeper"]
    assert [p.level.title for p in guide.levels] == titles
    assert all(any(p.level == lv.level for p in guide.passages) for lv in guide.levels)


def test_tables_that_name_no_level_stay_out_and_a_coded_table_of_levels_gives_years(tmp_path: Path) -> None:
    """A review's: a table of contents and a table of pay scales had become confident answers ("How to read
    this ladder | 1"); a table of levels by code ("E1 | Engineer I | 0-2 years") gives its levels their years."""
    text = (
        "# Backend Engineering Ladder\n\nThis ladder describes what we expect of backend engineers.\n\n"
        "| Section | Page |\n|---|---|\n| How to read this ladder | 1 |\n| Levels | 2 |\n\n"
        "## Pay bands\n\n| Band | Salary range |\n|---|---|\n| B1 | £35,000-£45,000 |\n| B2 | £45,000-£60,000 |\n\n"
        "## Levels at a glance\n\n| Code | Level | Typical experience | Reports to |\n|---|---|---|---|\n"
        "| E1 | Engineer I | 0-2 years | Engineering Manager |\n"
        "| E2 | Engineer II | 2-4 years | Engineering Manager |\n"
        "| E3 | Senior Engineer | 4-7 years | Engineering Manager |\n\n"
        "## Engineer I\n\nBuilds small features with help.\n\n## Engineer II\n\nBuilds features alone.\n\n"
        "## Senior Engineer\n\nLeads projects across the team.\n"
    )
    (tmp_path / "backend.md").write_text(text, "utf-8")
    guide = read_guide(tmp_path / "backend.md")
    assert [p.years for p in guide.levels] == [(0.0, 2.0), (2.0, 4.0), (4.0, 7.0)]
    assert not any(p.heading in ("Section, Page", "Band, Salary range") for p in guide.passages)


def test_a_row_above_the_header_of_other_words_is_no_bar_to_the_matrix(tmp_path: Path) -> None:
    """A review's: "Owner | Jane Smith | Last updated | March 2024" above the header had made the workbook
    "no ladder found" (a rule against changelogs had read such a row as the header)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Owner", "Jane Smith", "Last updated", "March 2024"])
    sheet.append(["Competency", "Junior Analyst", "Analyst", "Senior Analyst"])
    sheet.append(["SQL", "Writes simple queries with help.", "Writes queries alone.", "Reviews others' queries."])
    sheet.append(["People", "Answers one team.", "Works with several teams.", "Advises leaders."])
    book.save(tmp_path / "analyst.xlsx")
    guide = read_guide(tmp_path / "analyst.xlsx")
    assert [p.level.title for p in guide.levels] == ["Junior Analyst", "Analyst", "Senior Analyst"]


def test_front_matter_and_emoji_are_no_part_of_a_ladder(tmp_path: Path) -> None:
    """A docs-site page: its YAML front matter had become the ladder's title (Markdown reads it as a heading),
    and "Data Engineer II 🌿" a title no one types."""
    text = (
        '---\ntitle: Data Engineering Ladder\nowner: "@data-leads"\n---\n\n# Data Engineering Ladder\n\n'
        "## L1 — Data Engineer I 🌱\n\nBuilds pipelines with help.\n\n"
        "## L2 — Data Engineer II 🌿\n\nBuilds pipelines alone.\n\n## L3 — Senior Data Engineer 🚀\n\nDesigns them.\n"
    )
    (tmp_path / "data.md").write_text(text, "utf-8")
    guide = read_guide(tmp_path / "data.md")
    assert guide.title == "Data Engineering Ladder"
    assert [p.level.title for p in guide.levels] == ["Data Engineer I", "Data Engineer II", "Senior Data Engineer"]
    assert all(text[p.source.start : p.source.end] == p.text for p in guide.passages)
    assert not any("owner" in p.text for p in guide.passages)


def test_a_pdf_with_glyph_bullets_bold_sub_headings_and_wrapped_lines() -> None:
    """Read before: 3 of its 5 levels ("Assistant Controller" and "Controller" skipped: no sub-headings made them
    alike), every bullet began "(cid:127)", and a bullet's wrapped second line ("they own.") was lost."""
    guide = read_guide(DATA / "formats" / "finance-career-framework.pdf")
    assert [p.level.title for p in guide.levels] == [
        "Staff Accountant",
        "Senior Accountant",
        "Accounting Manager",
        "Assistant Controller",
        "Controller",
    ]
    texts = [p.text for p in guide.passages]
    assert not any("(cid:" in t for t in texts)
    assert (
        "Coordinates the interim audit fieldwork and answers the auditors' requests for the accounts they own." in texts
    )
    assert (
        "Manages and coaches a team of Staff and Senior Accountants, including hiring and performance reviews." in texts
    )
    sections = {(p.level.short, p.section, p.category) for p in guide.passages if p.level}
    assert ("Controller", Section.RESPONSIBILITY, "Responsibilities") in sections
    assert ("Controller", Section.SKILLS, "Skills") in sections


def test_a_slide_deck_s_columns_at_a_glance_slide_and_code_lines() -> None:
    """A deck exported to PDF (tests/data/studio): a slide per level with three columns under "What you do | How
    you grow | Typical experience", which pdfminer gave a line of each column in turn; a slide of the ladder at a
    glance ("D6" over "Creative Director"), read as the ladder, upside down; each level's "D1 · Entry level" line.
    Every item had been the introduction's, under "Typical experience", cut at its line ends."""
    guide = read_guide(DATA / "studio" / "game-design-career-framework.pdf")
    assert [(p.level.short, p.level.title) for p in guide.levels] == [
        ("D1", "Junior Game Designer"),
        ("D2", "Game Designer"),
        ("D3", "Senior Game Designer"),
        ("D4", "Lead Game Designer"),
        ("D5", "Game Director"),
        ("D6", "Creative Director"),
    ]
    found = {(p.level and p.level.short, p.category, p.text) for p in guide.passages}
    assert ("D2", "What you do", "Writes specs that programmers and artists can build from") in found
    assert ("D2", "How you grow", "Take on features that touch several other systems") in found
    assert ("D3", "Typical experience", "5–8 years, two or more shipped titles") in found
    # a bullet set larger than the body is no heading, its hanging line goes on with it
    intro = "One ladder for everyone who designs: gameplay, systems, levels, narrative and economy designers share"
    assert any(p.level is None and p.text.startswith(intro) for p in guide.passages)
    # the slide at a glance lists the levels' names: none is a passage
    titles = {p.level.title for p in guide.levels}
    assert not [p.text for p in guide.passages if p.text in titles]


AIRLINE = DATA / "airline"  # a regional airline's ladders, written and asked blind (its findings.md)


def test_a_confluence_page_whose_levels_are_expand_macros() -> None:
    """Each level's title only in an expand macro's control ("Shift Lead (E5)"): "no ladder found", which stopped
    the whole ingest. A title whose code leads ("B1 Licensed Engineer (E3)") keeps its words and takes the code in
    parentheses; a paragraph opening with a status label ("UPDATED Reworded in March 2026.") is none, nor the
    skip link or the attachments' list."""
    guide = read_guide(AIRLINE / "engineering-ladder.html")
    assert [(p.level.short, p.level.title) for p in guide.levels] == [
        ("E1", "Apprentice Technician"),
        ("E2", "Aircraft Mechanic"),
        ("E3", "B1 Licensed Engineer"),
        ("E4", "Senior Licensed Engineer"),
        ("E5", "Shift Lead"),
        ("E6", "Maintenance Manager"),
    ]
    texts = [p.text for p in guide.passages]
    assert "Skip to content" not in texts and not any(t.startswith(("UPDATED", "Reworded", "CURRENT")) for t in texts)
    assert not any(".xlsx (" in t or ".pdf (" in t for t in texts)
    said = {(p.level.short, p.heading): p.text for p in guide.passages if p.level}
    assert said[("E5", "People")].startswith("Leads a shift of 8–15 engineers")
    assert "B1 Engineer" in guide.levels[2].aliases  # a title led by a code, shortened to its code and job


def test_a_word_template_s_numbered_ranks_lettered_items_and_contents() -> None:
    """ "3.1 Second Officer" .. "3.6 Fleet Captain": no seniority word but "Senior", so the document's revision
    table ("Version | Date") was the ladder, its levels "1.0", "2.0"...; the contents' lines were passages; the
    items kept their typed "a)"; "Responsibilities — a Second Officer:" was a passage, and its list not the
    level's responsibilities."""
    guide = read_guide(AIRLINE / "pilot-career-path.docx")
    assert [p.level.title for p in guide.levels] == [
        "Second Officer",
        "First Officer",
        "Senior First Officer",
        "Captain",
        "Training Captain",
        "Fleet Captain",
    ]
    texts = [p.text for p in guide.passages]
    assert "3.1 Second Officer 4" not in texts and not any(t.startswith(("a)", "Responsibilities —")) for t in texts)
    first = [p for p in guide.passages if p.level and p.level.number == 1]
    assert any(p.section is Section.RESPONSIBILITY and p.text.startswith("Completes line training") for p in first)
    assert any(p.heading == "Base pay — Dublin" and p.text == "€52,000" for p in first)


def test_a_workbook_of_a_sheet_per_level() -> None:
    """ "CC1 Cabin Crew" .. "CC5 Base Cabin Manager", a sheet each with an "Area | What we expect" table: the pay
    sheet's rows were the ladder and every level's sheet was introduction, and a note cell beside one row ("NEW for
    2026") lost that sheet. Each sheet's name heads it; its title and "Owner: ..." line are no passage."""
    guide = read_guide(AIRLINE / "cabin-crew-progression.xlsx")
    assert [(p.level.short, p.level.title) for p in guide.levels] == [
        ("CC1", "Cabin Crew"),
        ("CC2", "Senior Cabin Crew"),
        ("CC3", "Purser"),
        ("CC4", "Cabin Service Manager"),
        ("CC5", "Base Cabin Manager"),
    ]
    said = {(p.level.short, p.heading): p.text for p in guide.passages if p.level}
    assert said[("CC3", "Reports to")].startswith("Captain (operationally")
    assert said[("CC3", "Service")].startswith("Owns the service plan for the flight")
    bullets = [
        p.text for p in guide.passages if p.level and p.level.short == "CC1" and p.heading == "Safety & security"
    ]
    assert len(bullets) > 1 and not any(t.startswith("•") for t in bullets)
    assert not any(p.text.startswith(("Owner", "Inflight Services |")) for p in guide.passages if p.level)
    assert any(p.level is None and p.text.startswith("There is one tab per cabin crew level") for p in guide.passages)


PHARMA = DATA / "pharma"  # a biotech's ladders, written and asked blind (its findings.md)


def test_a_site_builder_page_whose_levels_are_tabs() -> None:
    """Each level a tab (<button role="tab"> over a <div role="tabpanel" hidden>): buttons were left out, and the
    hidden panels with them, so "no ladder found" stopped the whole ingest. A tab's panel is headed by its tab
    (not its icon's <title>), its own <h3> below that; a <dl> of facts is a line a fact; the skip link and the
    cookie banner are no text."""
    guide = read_guide(PHARMA / "research-scientist-ladder.html")
    assert [p.level.title for p in guide.levels] == [
        "Research Associate",
        "Senior Research Associate",
        "Scientist I",
        "Scientist II",
        "Senior Scientist",
        "Principal Scientist",
        "Director",
    ]
    texts = [p.text for p in guide.passages]
    assert "Skip to content" not in texts and not any("cookies" in t for t in texts)
    first = [p for p in guide.passages if p.level and p.level.number == 1]
    assert any(p.text == "Salary band Basel: CHF 72,000 – 86,000" and p.category == "At a glance" for p in first)
    assert any(p.category == "Where you’ll grow" for p in first)
    assert any(p.level and p.level.number == 7 and p.text.startswith("Leads a department") for p in guide.passages)


def test_a_word_matrix_of_levels_across_and_a_second_table_of_their_facts() -> None:
    """The "Level facts" table under the matrix (years, education, reports to, pay by site, a column per level)
    was dropped: no level had its years or pay. Its rows are the matrix's; "Competency area" is its category."""
    guide = read_guide(PHARMA / "qc-analyst-competencies.docx")
    assert [(p.level.title, p.years) for p in guide.levels][:2] == [("QC Analyst I", (0, 2)), ("QC Analyst II", (2, 4))]
    said = {(p.level.number, p.heading): p for p in guide.passages if p.level}
    assert said[(1, "Reports to")].text == "QC Team Lead"
    assert said[(5, "Base salary Basel (CHF)")].text.startswith("1")
    assert said[(1, "Routine testing")].category == "Testing & methods"


def test_an_obsidian_page_s_callouts_links_tags_and_lines_of_facts() -> None:
    """ "**Reports to:** ...", "**Pay:** ...", "**Typical experience:** ..." one under the other were one
    passage, "Reports to:** Lead..."; a callout's "[!note]", "[[Gowning qualification]]" and a closing "#onboarding"
    were in the text."""
    guide = read_guide(PHARMA / "manufacturing-tech-levels.md")
    texts = [p.text for p in guide.passages]
    assert not any(mark in t for t in texts for mark in ("[!", "[[", "#onboarding", "**"))
    said = {(p.level.number, p.heading): p.text for p in guide.passages if p.level}
    assert said[(1, "Reports to")] == "Lead Technician (MT4) on their shift"
    assert said[(1, "Pay")].startswith("CHF 62,000")
    assert any(
        t.startswith("Gowns for Grade B and Grade C cleanrooms after passing Gowning qualification") for t in texts
    )


def test_a_review_of_the_new_readers_probes(tmp_path: Path) -> None:
    """A review of this change's readers: an expand titled "Open source contributions" lost "Open"; a paragraph
    opening with a "REQUIRED" label was dropped whole; a <dd> of two paragraphs ran them together; a Markdown line
    ending "in #engineering" lost its channel; "Talk to your supervisor" was a level; a workbook's sheets "FY24
    Pay" and "FY25 Pay" were levels."""
    from ingest.formats.sheets import names_a_level

    (tmp_path / "page.html").write_text(
        "<html><body><h1>Ladder</h1><h2>Engineer I</h2><p>Builds features.</p>"
        '<div class="expand-container"><div class="expand-control"><span class="expand-control-text">'
        "Open source contributions</span></div><div><p>Maintains one library.</p></div></div>"
        '<p><span class="status-macro aui-lozenge">REQUIRED</span> Holds a B1 licence.</p>'
        "<dl><dt>Reports to</dt><dd><p>Scientist III</p><p>Lab Head</p></dd></dl>"
        "<h2>Engineer II</h2><p>Leads features.</p><h2>Talk to your supervisor</h2><p>Ask about moves.</p>"
        "</body></html>",
        "utf-8",
    )
    guide = read_guide(tmp_path / "page.html")
    assert [p.level.title for p in guide.levels] == ["Engineer I", "Engineer II"]
    texts = {p.text for p in guide.passages}
    assert "Maintains one library." in texts and "Holds a B1 licence." in texts
    assert "Reports to: Scientist III Lab Head" in texts
    assert any(p.category == "Open source contributions" for p in guide.passages)
    (tmp_path / "eng.md").write_text(
        "# Ladder\n\n## Engineer I\n\n- Shares learnings in #engineering\n\n## Engineer II\n\n- Leads.\n", "utf-8"
    )
    assert "Shares learnings in #engineering" in {p.text for p in read_guide(tmp_path / "eng.md").passages}
    assert names_a_level("CC1 Cabin Crew") and not names_a_level("FY24 Pay") and not names_a_level("L1-L3")


def test_a_run_of_headings_that_only_names_the_levels_is_not_the_ladder(tmp_path: Path) -> None:
    """ "## At a glance" over "### E1" / "Junior Engineer": the levels are the headings it names, with their text."""
    (tmp_path / "eng.md").write_text(
        "# Engineering ladder\n\n## At a glance\n\n### E1\n\nJunior Engineer\n\n### E2\n\nSenior Engineer\n\n"
        "## Junior Engineer\n\nE1 · entry\n\n- Fixes small bugs with help.\n\n"
        "## Senior Engineer\n\nE2 · senior\n\n- Designs services other teams build on.\n",
        "utf-8",
    )
    guide = read_guide(tmp_path / "eng.md")
    assert [(p.level.short, p.level.title) for p in guide.levels] == [
        ("E1", "Junior Engineer"),
        ("E2", "Senior Engineer"),
    ]
    assert {(p.level.short, p.text) for p in guide.passages if p.level} >= {
        ("E1", "Fixes small bugs with help."),
        ("E2", "Designs services other teams build on."),
    }


def test_a_table_of_levels_takes_each_title_from_its_title_column(tmp_path: Path) -> None:
    """ "Level | Title | Scope | Typical years": the levels were titled "SE1".."SE5", each title cell was a
    passage ("what does a Senior Sales Engineer own?" got "Senior Sales Engineer" at 0.99), and no years."""
    rows = ["Level,Title,Scope,Typical years"]
    rows += [
        "SE1,Associate Sales Engineer,Supports Account Executives on demos.,0–2",
        "SE2,Sales Engineer,Owns the technical win for mid-market deals.,2–5",
        "SE3,Senior Sales Engineer,Owns the technical win for enterprise deals.,5–8",
    ]
    (tmp_path / "se.csv").write_text("\n".join(rows) + "\n", "utf-8")
    guide = read_guide(tmp_path / "se.csv")
    assert [(p.level.short, p.level.title, p.years) for p in guide.levels] == [
        ("SE1", "Associate Sales Engineer", (0, 2)),
        ("SE2", "Sales Engineer", (2, 5)),
        ("SE3", "Senior Sales Engineer", (5, 8)),
    ]
    assert not any(p.heading == "Title" for p in guide.passages)


def test_a_word_ladder_whose_levels_are_bold_paragraphs(tmp_path: Path) -> None:
    """A People team's Word document typed its levels in bold, not as headings: "no ladder found"."""
    import docx

    document = docx.Document()
    document.add_paragraph().add_run("People Team Career Path").bold = True
    document.add_paragraph("This document lists the levels of the People team.")
    for code, title in [("P1", "People Coordinator"), ("P2", "People Generalist"), ("P3", "People Partner")]:
        document.add_paragraph().add_run(f"{title} ({code})").bold = True
        document.add_paragraph(f"The {title} looks after the people of their teams.")
        document.add_paragraph().add_run("Key responsibilities").bold = True
        document.add_paragraph(f"Advises managers as {title}.", style="List Bullet")
    document.save(str(tmp_path / "people.docx"))
    guide = read_guide(tmp_path / "people.docx")
    assert [(p.level.short, p.level.title) for p in guide.levels] == [
        ("P1", "People Coordinator"),
        ("P2", "People Generalist"),
        ("P3", "People Partner"),
    ]
    items = [p for p in guide.passages if p.text.startswith("Advises managers")]
    assert {(p.section, p.category) for p in items} == {(Section.RESPONSIBILITY, "Key responsibilities")}
    # a bold "Version history" after the last level ends it ("v1 March 2023" had been the Head of People's)
    document.add_paragraph().add_run("Version history").bold = True
    document.add_paragraph("Version one was written in March 2023 by the People team.")
    document.save(str(tmp_path / "people.docx"))
    guide = read_guide(tmp_path / "people.docx")
    assert not any("March 2023" in p.text for p in guide.passages if p.level)


def test_a_confluence_page_s_chrome_is_no_passage(tmp_path: Path) -> None:
    """A Confluence export's "Created by...", "On this page", comments and "Document generated by Confluence"
    were introduction passages (the last given as an answer at 0.87)."""
    levels = "".join(
        f"<h2>TW{n} – {t}</h2><p>The {t} writes the docs of level {n}.</p>"
        for n, t in [(1, "Technical Writer"), (2, "Senior Technical Writer")]
    )
    page = (
        '<div id="breadcrumb-section"><a href="#">Documentation</a></div>'
        '<div class="page-metadata">Created by Priya Raman, last modified by Tom Okafor on Feb 27, 2025</div>'
        '<div id="main-content"><p>Technical writers turn product knowledge into documentation.</p>'
        '<p><strong>On this page</strong></p><div class="toc-macro"><ul><li>1 TW1 – Technical Writer</li></ul></div>'
        f"{levels}</div>"
        '<div class="comment-threads"><p>Should level 2 mention API references? — Sam</p></div>'
        '<div id="footer" role="contentinfo"><p>Document generated by Confluence on Mar 05, 2025 10:12</p></div>'
    )
    (tmp_path / "tw.html").write_text(f"<html><body>{page}</body></html>", "utf-8")
    guide = read_guide(tmp_path / "tw.html")
    assert [p.level.short for p in guide.levels] == ["TW1", "TW2"]
    assert [p.text for p in guide.passages if p.level is None] == [
        "Technical writers turn product knowledge into documentation."
    ]
    assert not any("Confluence" in p.text or "Sam" in p.text for p in guide.passages)


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        (
            "legal-career-framework.xlsx",
            [
                *("Associate Counsel", "Counsel", "Senior Counsel", "Lead Counsel", "Deputy General Counsel"),
                *("Paralegal I", "Paralegal II", "Senior Paralegal", "Paralegal Manager"),
            ],
        ),
        (
            "sales-engineering-levels.xlsx",
            [
                "Associate Sales Engineer",
                "Sales Engineer",
                "Senior Sales Engineer",
                "Principal Sales Engineer",
                "Director of Sales Engineering",
            ],
        ),
        (
            "product-design-levels.docx",
            [
                "Associate Product Designer",
                "Product Designer",
                "Senior Product Designer",
                "Staff Product Designer",
                "Principal Product Designer",
            ],
        ),
        (
            "people-team-career-path.docx",
            ["People Coordinator", "People Generalist", "People Partner", "Senior People Partner", "Head of People"],
        ),
        (
            "data-engineering-ladder.md",
            [
                "Data Engineer I",
                "Data Engineer II",
                "Senior Data Engineer",
                "Staff Data Engineer",
                "Principal Data Engineer",
            ],
        ),
        (
            "qa-engineer-ladder.html",
            ["QA Engineer I", "QA Engineer II", "Senior QA Engineer", "Staff QA Engineer", "QA Manager"],
        ),
    ],
)
def test_files_as_other_tools_write_them(name: str, titles: list[str]) -> None:
    """A helper's ladders in the shapes real companies keep (tests/data/formats/README.md)."""
    assert [p.level.title for p in read_guide(DATA / "formats" / name).levels] == titles


def test_a_pdf_table_is_read_row_by_row() -> None:
    """A PDF's "Level | Title | Typical experience | Reports to" table came out a column at a time, as bare
    intro passages ("Director of Engineering"), and no level had years."""
    guide = read_guide(DATA / "formats" / "mech-eng-framework.pdf")
    assert [p.years for p in guide.levels] == [(0, 2), (2, 5), (5, 8), (8, 12), (12, 17)]
    rows = [p.text for p in guide.passages if p.level and p.level.number == 4 and p.heading]
    assert "8–12 years\tDirector of Engineering" in rows
    # The introduction, and the section after the last level; not the table, nor the revision history.
    intro = [p for p in guide.passages if p.level is None]
    assert [p.category for p in intro] == [None, "2. Promotion process"]
    assert guide.warnings == (
        "'2. Promotion process' is not a level: read as introduction",
        "'3. Revision history' is not a level: skipped",
    )


def test_sections_that_name_no_track_are_not_merged(tmp_path: Path) -> None:
    """A review's probe: "Your Manager" and "Head of Engineering" under "Who to talk to about promotion" had
    become levels 4 and 5 of the ladder under "Our levels"."""
    (tmp_path / "eng.md").write_text(
        "# Engineering Career Ladder\n\n## Our levels\n\n### Junior Engineer\nBuilds small features.\n\n"
        "### Engineer\nOwns features end to end.\n\n### Senior Engineer\nLeads projects across a team.\n\n"
        "## Who to talk to about promotion\n\n### Your Manager\nWrites the promotion case.\n\n"
        "### Head of Engineering\nApproves every promotion.\n",
        "utf-8",
    )
    assert [p.level.title for p in read_guide(tmp_path / "eng.md").levels] == [
        "Junior Engineer",
        "Engineer",
        "Senior Engineer",
    ]


def test_a_level_s_own_short_line_over_a_list_stays_a_passage(tmp_path: Path) -> None:
    """A review's probe: "Manages two junior designers" above a list was read as a caption and lost."""
    (tmp_path / "design.md").write_text(
        "# Design Career Ladder\n\n## Junior Designer\nWorks on a single feature team\n- Produces wireframes\n\n"
        "## Senior Designer\nManages two junior designers\n- Sets the team's design system\n",
        "utf-8",
    )
    texts = [p.text for p in read_guide(tmp_path / "design.md").passages]
    assert "Manages two junior designers" in texts and "Works on a single feature team" in texts


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        ("alike.md", ["Support Agent", "Senior Support Agent", "Support Lead"]),
        ("alike_children.md", ["Support Agent", "Senior Support Agent", "Support Lead"]),
        ("numbered2.md", ["Junior Analyst", "Senior Analyst", "Lead Analyst"]),
        ("roletable.md", ["SE1", "SE2", "SE3"]),
        ("emptytr.html", ["Security Engineer", "Senior Security Engineer", "Staff Security Engineer"]),
        ("sup.html", ["Junior Analyst", "Senior Analyst"]),
        ("sidebar2.html", ["Support Agent", "Senior Support Agent", "Support Lead"]),
        ("fm_rules.md", ["Junior Data Scientist", "Data Scientist", "Senior Data Scientist"]),
        ("boldsubs.pdf", ["Junior Analyst", "Analyst", "Senior Analyst"]),
        ("bold1.docx", ["People Coordinator", "People Partner", "Senior People Partner"]),
        ("glance.docx", ["Consultant", "Senior Consultant", "Principal Consultant"]),
        (
            "tracks_tail.md",
            ["Engineer I", "Senior Engineer", "Staff Engineer", "Engineering Manager", "Senior Engineering Manager"],
        ),
        ("caption.md", ["Junior Designer", "Designer", "Senior Designer"]),
        ("ratings.md", ["Support Agent I", "Support Agent II", "Senior Support Agent", "Support Lead"]),
        ("spans_ok.html", ["Staff Nurse", "Senior Staff Nurse", "Charge Nurse"]),
    ],
)
def test_a_review_s_probes_of_the_ingest_rules(name: str, titles: list[str]) -> None:
    """tests/data/review3/README.md: each was read wrongly, or not at all, by the rules it probed."""
    guide = read_guide(DATA / "review3" / "files" / name)
    assert [p.level.title for p in guide.levels] == titles
    texts = [p.text for p in guide.passages]
    if name == "roletable.md":  # its Role column describes the role: passages, not titles
        assert len(texts) == 6
    if name == "ratings.md":  # "Customer experience (rating) | 1-2" gives no years
        assert all(p.years is None for p in guide.levels)
    if name == "caption.md":
        assert "Manages two junior designers" in texts
    if name == "spans_ok.html":  # a rowspan of 0 runs to the table's end; a huge colspan covers the rest
        cells = {(p.level.short, p.heading): p.text for p in guide.passages if p.level}
        assert cells[("Staff Nurse", "Teaching")] == "Shares learning"
        assert cells[("Charge Nurse", "Teaching")] == "Teaches students"
    if name == "tracks_tail.md":  # a track's FAQ is no text of its last level
        assert [p.text for p in guide.passages if p.level and p.level.title == "Staff Engineer"] == [
            "Sets technical direction across several teams."
        ]


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        (
            "m7_process.md",
            ["Process Engineer I", "Process Engineer II", "Senior Process Engineer", "Principal Process Engineer"],
        ),
        ("m8_policy.md", ["Policy Associate", "Policy Analyst", "Senior Policy Analyst", "Policy Director"]),
        (
            "m5_tracks.md",
            ["Engineer I", "Engineer II", "Senior Engineer", "Engineering Manager", "Senior Engineering Manager"],
        ),
        ("d2_headstyle.docx", ["Finance Associate", "Finance Analyst", "Senior Finance Analyst"]),
        ("d3_title_senior.docx", ["Finance Associate", "Finance Analyst", "Senior Finance Analyst"]),
        ("h3_bigspan.html", ["Support Associate", "Senior Support Specialist"]),
        ("m4_date.md", ["Engineer I", "Engineer II", "Senior Engineer"]),
        ("w1_salary.xlsx", ["Associate Engineer", "Engineer", "Senior Engineer"]),
        ("h1_chrome.html", ["Product Designer", "Senior Product Designer", "Lead Product Designer"]),
        ("m2_flat.md", ["Junior Analyst", "Analyst", "Senior Analyst"]),
    ],
)
def test_a_second_review_s_probes(name: str, titles: list[str]) -> None:
    """A second review of the day's rules (tests/data/review3/README.md): each lost levels, crashed, or kept a
    page's footer in a level."""
    guide = read_guide(DATA / "review3" / "files" / name)
    assert [p.level.title for p in guide.levels] == titles
    if name == "h1_chrome.html":
        assert not any("Last edited" in p.text for p in guide.passages)
    if name == "m2_flat.md":  # "## 3.1 Responsibilities" is the last level's sub-heading, not the ladder's end
        assert any(p.text.startswith("Sets the metrics") for p in guide.passages if p.level and p.level.number == 3)


def test_a_list_item_of_a_word_or_two_is_a_passage(tmp_path: Path) -> None:
    """ "People management." in a level's skills list was dropped as too short to be prose (a new user's Word
    ladder lost it, an HR ladder six such skills); a paragraph that short is still a caption."""
    path = tmp_path / "ladder.md"
    path.write_text(
        "# Ladder\n\n## Level 1: Analyst\nAnswers questions from the warehouse.\n"
        "### Skills\n- SQL\n- People management.\n\n"
        "## Level 2: Senior Analyst\nLeads a team of six.\n### Skills\n- Rota planning\n\nContents\n",
        "utf-8",
    )
    texts = [p.text for p in read_guide(path).passages]
    assert {"SQL", "People management.", "Rota planning"} <= set(texts)
    assert "Contents" not in texts


def test_menus_placeholders_and_pointers_are_not_passages(tmp_path: Path) -> None:
    """A wiki page's menu before the first level, a skills list's "N/A", "TBC" and "—", a "Related pages" list
    and "Edit this page" had each become a passage, and a gap of the next level ("Holiday policy")."""
    path = tmp_path / "support.md"
    path.write_text(
        "# Support Career Ladder\n\n- Home\n- About us\n- Careers\n\n"
        "## Level 1: Support Agent\nA Support Agent answers customer tickets by email and chat.\n\n"
        "People management: N/A\n\n"
        "### Skills\n- Empathy\n- Zendesk\n- N/A\n- TBC\n- -\n- See below\n- Back to top\n\n"
        "## Level 2: Senior Support Agent\nA Senior Support Agent handles escalated tickets.\n"
        "### Skills\n- Coaching\n- —\n\n### Resources\n- Manages the team's tooling budget.\n\n"
        "### Related pages\n- Onboarding\n- Holiday policy\n\nEdit this page\n",
        "utf-8",
    )
    by_level = [(p.level and p.level.number, p.text) for p in read_guide(path).passages]
    assert by_level == [
        (1, "A Support Agent answers customer tickets by email and chat."),
        (1, "Empathy"),
        (1, "Zendesk"),
        (2, "A Senior Support Agent handles escalated tickets."),
        (2, "Coaching"),
        (2, "Manages the team's tooling budget."),  # a level's "Resources" may be its own work
    ]


def test_a_matrix_cell_with_nothing_written_is_no_passage(tmp_path: Path) -> None:
    """A dash under "People management" for the levels that manage no one had been a passage, which a
    multi-ladder index gave as "when does a junior first manage people?" at 0.86; a cell of years stays."""
    path = tmp_path / "data.csv"
    path.write_text(
        "Area,Competency,Junior Analyst,Analyst,Senior Analyst\n"
        "Technical,SQL,Writes SQL with review.,Writes efficient SQL.,Designs the data models.\n"
        "People,People management,-,N/A,Mentors junior analysts.\n"
        "Career,Typical years,0-2,2-4,4+\n",
        "utf-8",
    )
    cells = {(p.level.number, p.heading): p.text for p in read_guide(path).passages if p.level}
    assert (1, "People management") not in cells and (2, "People management") not in cells
    assert cells[(3, "People management")] == "Mentors junior analysts."
    assert cells[(1, "Typical years")] == "0-2"


def test_marks_in_a_matrix_are_what_a_level_does(tmp_path: Path) -> None:
    """A check mark or a rating in a cell says the level does what its row names; a cross or a dash says it does
    not. Marks had been dropped as empty: the ladder lost every passage and /match answered 500."""
    path = tmp_path / "checks.csv"
    path.write_text(
        "Area,Competency,Engineer I,Engineer II,Senior Engineer\n"
        "Delivery,Ships small features with guidance,✓,✓,✓\n"
        "People,Mentors other engineers,✗,●●○,★★★\n"
        "People,Runs the hiring loop,—,—,✓\n"
        "People,Line manages engineers,☐,❌,☑\n"
        "Delivery,Owns the roadmap,○○○,−,✔\n"
        "People,Line management,none,none,Two to four engineers\n",
        "utf-8",
    )
    cells = {(p.level.number, p.heading): p.text for p in read_guide(path).passages if p.level}
    assert cells[(1, "Ships small features with guidance")] == "✓"
    assert cells[(2, "Mentors other engineers")] == "●●○"
    assert (1, "Mentors other engineers") not in cells and (2, "Runs the hiring loop") not in cells
    assert {(1, "Line manages engineers"), (2, "Line manages engineers"), (1, "Owns the roadmap")}.isdisjoint(cells)
    assert cells[(3, "Line manages engineers")] == "☑" and cells[(1, "Line management")] == "none"  # it says so


def test_a_ladder_with_no_text_under_its_levels_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("Area,Competency,Engineer I,Engineer II\nDelivery,Ships features,-,N/A\n", "utf-8")
    with pytest.raises(GuideError, match=r"empty.csv: its levels \(Engineer I, Engineer II\) have no text"):
        read_guide(path)


def test_a_first_level_without_a_seniority_word_is_read_by_its_lists(tmp_path: Path) -> None:
    """A wiki page's "Social Media Executive" (no seniority word, no number) before "Social Media Manager" and
    "Head of Social" had become the introduction: its bold "What you'll do" and "Skills" name its lists as the
    other levels' do, so it is a level too."""
    level = "## {title}\n\nThe {title} {does}.\n\n**What you'll do**\n\n- {item}\n\n**Skills**\n\n- {skill}\n\n"
    path = tmp_path / "social.md"
    path.write_text(
        "# Social Media Team – Career Levels\n\nThis page explains the three levels of the team.\n\n"
        + level.format(title="Social Media Executive", does="publishes content", item="Schedule posts", skill="Canva")
        + level.format(title="Social Media Manager", does="owns the calendar", item="Build calendars", skill="Ads")
        + level.format(title="Head of Social", does="leads the team", item="Hire the managers", skill="Pitching"),
        "utf-8",
    )
    guide = read_guide(path)
    assert [p.level.title for p in guide.levels] == ["Social Media Executive", "Social Media Manager", "Head of Social"]
    assert [p.text for p in guide.passages if p.level and p.level.number == 1][1:] == ["Schedule posts", "Canva"]


@pytest.mark.parametrize(
    "name", ["fire-rescue-rank-framework.pdf", "variants/fire-rescue-rank-framework-word-variant.docx"]
)
def test_ranks_that_name_no_seniority_are_read_from_the_page_s_table_of_ranks(name: str) -> None:
    """A fire service's framework, PDF and Word, was "no ladder found" and stopped the whole ingest: of its rank
    headings only "Firefighter (Trainee)" has a seniority word, but "Ranks at a glance" lists all six."""
    guide = read_guide(DATA / "council" / name)
    titles = ["Firefighter (Trainee)", "Firefighter (Competent)", "Crew Commander", "Watch Commander"]
    assert [p.level.title for p in guide.levels] == [*titles, "Station Commander", "Group Commander"]


def test_a_pdf_table_s_wrapped_header_cells_are_one_row() -> None:
    """Its header cells wrap over two lines, centred: the header had read "Typical | time in | Incident" and
    "Pay point" and "Reports to" were lost, so the pay of a rank was not covered."""
    from ingest.document import Table

    parts = read_document(DATA / "council" / "fire-rescue-rank-framework.pdf").parts
    table = next(p for p in parts if isinstance(p, Table))
    assert [c.text for c in table.rows[0]] == [
        "Rank",
        "Pay point",
        "Typical time in rank",
        "Incident command",
        "Reports to",
    ]
    assert [c.text for c in table.rows[3]] == ["Crew Commander", "£38,961", "2-3 years", "ICL1", "Watch Commander"]


def test_a_pdf_table_s_cell_wrapped_in_one_box_stays_in_its_row() -> None:
    """A slide deck's tables, rows exactly 40 points apart: a "Reports to" cell pdfminer gave as one box of two
    lines had split the table after AP3 (AP4 to AP6 without a header, so "chief actuary reports to" had no
    answer), and the pay table's last row had lost its "Set by the Remuneration Committee" cells."""
    from ingest.document import Table

    parts = read_document(DATA / "insurance" / "actuarial-pricing-career-deck.pdf").parts
    levels, pay = [[[c.text if c else "" for c in row] for row in p.rows] for p in parts if isinstance(p, Table)][:2]
    assert levels[0] == ["Level", "Job title", "Exams and qualification", "Reports to"]
    assert [row[3] for row in levels[1:]] == [
        "Senior Actuary",
        "Senior Actuary",
        "Senior Actuary",
        "Pricing Lead or Chief Actuary",
        "Chief Actuary",
        "Chief Financial Officer",
    ]
    assert pay[-1] == ["AP6 Chief Actuary", *["Set by the Remuneration Committee"] * 2, "—"]


def test_a_list_named_with_what_it_inherits_is_the_level_s_duties() -> None:
    """ "**Key duties** – everything a Library Assistant does (see Grade 3), plus:" had made Grade 4's duties its
    overview, and was itself the answer to "what grade is a senior library assistant" (0.93); a bold
    "Knowledge, skills & experience" over a list had answered what experience a level needs (0.81)."""
    guide = read_guide(DATA / "council" / "library-culture-grades.md")
    grade_4 = [p for p in guide.passages if p.level and p.level.number == 4]
    duties = [p.text for p in grade_4 if p.category == "Key duties"]
    assert len(duties) == 6 and duties[0].startswith("Act as the person in charge of the branch")
    assert all(p.section is Section.RESPONSIBILITY for p in grade_4 if p.category == "Key duties")
    assert not any(p.text.startswith(("Key duties", "Knowledge, skills")) for p in guide.passages)


def test_a_matrix_cell_as_the_level_before_says_what_that_one_does() -> None:
    """A highways matrix: "As previous level" had been an answer, a growth gap and a "difference"; "N/A - no
    line management responsibility" had been carried from the supervisor's line management."""
    guide = read_guide(DATA / "council" / "highways-competency-matrix.xlsx")
    cells: dict[tuple[str, str], list[str]] = {}
    for p in guide.passages:
        if p.level is not None:
            cells.setdefault((p.level.title, p.heading), []).append(p.text)
    plant = "Operates a mini-excavator and roller with a valid CPCS or NPORS card."
    assert cells[("Skilled Operative", "Plant and equipment")] == [plant]
    assert cells[("Chargehand", "Plant and equipment")] == [plant]  # "As previous level"
    signing = cells[("Chargehand", "Traffic management")]  # "As previous level, plus checks the gang's signing..."
    assert signing[0] == cells[("Skilled Operative", "Traffic management")][0]
    assert signing[1].startswith("checks the gang's signing, lighting and guarding")
    assert ("Highways Inspector", "Leading people") not in cells  # "N/A - no line management responsibility."
    assert not any(t.startswith("As previous") for texts in cells.values() for t in texts)


REVIEW4 = DATA / "review4"


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        ("comp2.md", ["Junior Engineer", "Mid-level Engineer", "Senior Engineer", "Staff Engineer"]),
        ("dims2.md", ["Junior Designer", "Senior Designer", "Lead Designer"]),
        ("matrix-with-notes.md", ["Support Associate", "Support Specialist", "Senior Support Specialist"]),
    ],
)
def test_a_table_listing_sections_makes_no_levels_of_them(name: str, titles: list[str]) -> None:
    """A review's: a table of a page's competencies, dimensions or notes had made those headings the ladder."""
    assert [p.level.title for p in read_guide(REVIEW4 / name).levels] == titles


def test_a_faq_page_with_a_table_of_topics_is_still_no_ladder() -> None:
    with pytest.raises(GuideError, match="no ladder found"):
        read_guide(REVIEW4 / "careers-faq.md")


@pytest.mark.parametrize("name", ["centred-table.pdf", "three-rows.pdf"])
def test_pdf_table_rows_stay_apart(name: str) -> None:
    """Only a header that wraps is joined: a three-row table's two levels had become one row, and a centred
    column's cells had been joined to the column on their left ("Lead Analyst 5 or more")."""
    from ingest.document import Table

    table = next(p for p in read_document(REVIEW4 / name).parts if isinstance(p, Table))
    first = [row[0].text for row in table.rows[1:] if row[0] is not None]
    assert "Senior Analyst" in first and all("Analyst" in cell and len(cell.split()) <= 2 for cell in first)


def test_cells_that_only_open_like_a_pointer_keep_their_words() -> None:
    """ "As at 31 March, ...", "As last resort, ..." and "Same as Grade 4, ..." are no "As previous level";
    a first level's "As previous level" points at nothing and is no passage; "N/A: no budget
    responsibility" is none either."""
    guide = read_guide(REVIEW4 / "matrix1.csv")
    cells = {(p.level.number, p.heading): p.text for p in guide.passages if p.level is not None}
    assert cells[(4, "Reporting")].startswith("As at 31 March, submits")
    assert cells[(5, "Escalation")].startswith("As last resort, closes the building")
    assert not any(text.startswith(("As previous", "N/A")) for text in cells.values())


def test_a_list_named_with_content_keeps_it() -> None:
    """ "Experience – at least three years in analytics, including:" had lost its years to the caption rule,
    and "Skills in forecasting and causal inference" had become a caption."""
    guide = read_guide(REVIEW4 / "named-list.md")
    assert guide.levels[1].years == (3.0, 8.0)
    texts = {p.text for p in guide.passages}
    assert "Skills in forecasting and causal inference" in texts
    assert any(t.startswith("Experience – at least three years") for t in texts)


@pytest.mark.parametrize(
    "name",
    [
        "branch-role-profiles.docx",
        "variants/v1-noheading.docx",
        "variants/v3-h1-title.docx",
        "variants/bank-html-tables.html",
    ],
)
def test_role_profiles_one_table_per_level_are_a_ladder(name: str) -> None:
    """A bank's role profiles, a "Job title | Grade | Reports to | Purpose | Key accountabilities" table per
    level, were "no ladder found" (or levels with "no text under them" under headings), which stopped the
    whole ingest."""
    guide = read_guide(DATA / "bank" / name)
    titles = ["Customer Service Adviser", "Senior Customer Adviser", "Personal Banking Manager"]
    assert [p.level.title for p in guide.levels] == [*titles, "Deputy Branch Manager", "Branch Manager"]
    assert [p.level.short for p in guide.levels][:2] == ["B1", "B2"]
    manager = {p.heading: p.text for p in guide.passages if p.level is not None and p.level.number == 5}
    assert manager["Reports to"] == "Regional Director" and "Purpose" in manager
    assert "Job title" not in manager  # the level's name, not a passage
    # a cell of several lines (a Word cell's paragraphs, an HTML cell's <br>s) is an item per line, each at its
    # own place in the text
    duties = [p for p in guide.passages if p.level == guide.levels[0].level and p.heading == "Key accountabilities"]
    assert duties[0].text.startswith("Processes cash and cheque deposits")
    assert len(duties) == 5
    assert all(p.text == guide.text[p.source.start : p.source.end] for p in guide.passages)


def test_a_google_docs_export_s_large_text_is_its_headings() -> None:
    """Google Docs exports text set large as <p class="c4"><span class="c8">Purser</span></p>, the size in
    its stylesheet: the page had been no ladder, its title an introduction passage."""
    guide = read_guide(DATA / "bank" / "cabin-crew-framework.html")
    titles = ["Cabin Crew", "Senior Cabin Crew", "Purser", "Cabin Service Manager", "Base Cabin Manager"]
    assert [p.level.title for p in guide.levels] == titles
    assert guide.title == "Skyvale Airways — Cabin Crew Career Framework"


REVIEW5 = DATA / "review5"


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        # two-column tables in a ladder that reads otherwise are no role profiles
        ("md-role-owner.md", ["Associate Product Manager", "Product Manager", "Senior Product Manager"]),
        ("md-partial-tables.md", ["Engineer I", "Engineer II", "Senior Engineer", "Staff Engineer"]),
        ("cs-matrix.xlsx", ["CSM I", "CSM II", "Senior CSM", "Principal CSM"]),
        # large or small text on a page with headings of its own is no heading, nor the body's size
        ("html-email-div.html", ["Marketing Manager", "Senior Marketing Manager", "Head of Marketing"]),
        ("html-pullquote.html", ["Junior Designer", "Designer", "Senior Designer", "Lead Designer"]),
        ("html-smallprint.html", ["Finance Assistant", "Finance Analyst", "Senior Finance Analyst", "Finance Manager"]),
        ("html-contents-large.html", ["Engineer I", "Engineer II", "Senior Engineer", "Staff Engineer"]),
        ("html-gdocs-h2-captions.html", ["CSM I", "CSM II", "Senior CSM", "Principal CSM"]),
        # a profile with an empty cell is still a level; a grade's salary is no part of its code
        (
            "prof-empty-cell.docx",
            ["Customer Service Adviser", "Senior Customer Adviser", "Personal Banking Manager", "Branch Manager"],
        ),
        (
            "prof-long-grade.docx",
            ["Customer Service Adviser", "Senior Customer Adviser", "Personal Banking Manager", "Branch Manager"],
        ),
    ],
)
def test_role_profiles_and_sized_text_leave_other_shapes_alone(name: str, titles: list[str]) -> None:
    """A review's probes: role profiles had taken over ladders of headings and a workbook's matrix, and large
    text had split or replaced a page's own headings."""
    guide = read_guide(REVIEW5 / name)
    assert [p.level.title for p in guide.levels] == titles
    assert all(p.level.short is None or "£" not in p.level.short for p in guide.levels)


def test_a_job_description_with_a_document_control_table_is_no_ladder() -> None:
    with pytest.raises(GuideError, match="no ladder found"):
        read_guide(REVIEW5 / "jd-with-doc-control.docx")


def test_an_html_cell_has_a_line_for_each_paragraph_item_and_break() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from ingest.formats.html import cell_text

    page = LexborHTMLParser(
        "<table><tr><td>Key\n  accountabilities</td><td><p>Opens the branch</p>Counts <b>cash</b><br>daily"
        "<ul><li>Coaches advisers</li></ul></td></tr></table>"
    )
    assert [cell_text(td) for td in page.css("td")] == [
        "Key accountabilities",  # the source's own line break is a space
        "Opens the branch\nCounts cash\ndaily\nCoaches advisers",
    ]


FACTORY = DATA / "factory"


def test_a_word_document_s_tracked_changes_read_as_accepted_and_its_text_box_is_read() -> None:
    """A manufacturer's pathway (tests/data/factory) left with tracked changes: every insertion was dropped with
    the deletions ("Senior Technician /" for "Senior Technician / Team Leader", the P3 pay band gone), and its
    text box of key dates was not read."""
    import zipfile as zf

    path = FACTORY / "production-technician-pathway.docx"
    xml = zf.ZipFile(path).read("word/document.xml").decode()
    deleted = re.findall(r"<w:delText[^>]*>([^<]+)</w:delText>", xml)
    assert "<w:ins " in xml and len(deleted) >= 3
    text = read_document(path).text
    assert not any(d in text for d in deleted)
    guide = read_guide(path)
    assert [lv.level.title for lv in guide.levels][3] == "Senior Technician / Team Leader"
    texts = " ".join(p.text for p in guide.passages)
    assert "£29,800" in texts and "6-month probationary period" in texts
    assert "Progression reviews take place in April and October." in texts  # the text box
    assert "P3" in guide.levels[2].aliases  # "Grade P3" is a P3


def test_a_confluence_page_s_status_labels_styles_and_expand_buttons_are_no_text() -> None:
    """A Confluence export: a status label in each level's heading ("Apprentice (M0) CURRENT") made its title,
    short name and number wrong (AMC, level 1), its table of contents' stylesheet was a passage, and an expand
    section's button ("Click to see the full M3 responsibilities") was one too."""
    guide = read_guide(FACTORY / "maintenance-engineering-framework.html")
    assert [(lv.level.number, lv.level.title, lv.level.short) for lv in guide.levels][:2] == [
        (0, "Apprentice", "M0"),
        (1, "Maintenance Technician", "M1"),
    ]
    texts = [p.text for p in guide.passages]
    assert not any("CURRENT" in t or "rbtoc" in t or "Click to see" in t for t in texts)
    assert guide.title == "Maintenance Engineering Framework"  # not the wiki's "Engineering : ..." (its space)
    senior = [p for p in guide.passages if p.level and p.level.short == "M3"]
    assert sum(p.section is Section.RESPONSIBILITY for p in senior) == 6  # under "M3 responsibilities"
    # its levels' table gives each level its row: the M1 pay band is read
    assert any("£31,000 – £36,500" in p.text for p in guide.passages if p.level and p.level.short == "M1")


def test_an_faq_s_question_names_its_answer() -> None:
    """An FAQ's question on a line of its own was a passage of its own, the answer to any question like it
    ("who decides my grade" got "Q: Who decides my grade?" at 0.997): it names the answer after it."""
    guide = read_guide(FACTORY / "production-technician-pathway.docx")
    faq = {p.heading: p.text for p in guide.passages if p.category == "Notes and FAQ"}
    assert faq["Who decides my grade?"].startswith("A: Grades are confirmed by the grading panel")
    assert not any(t.startswith("Q:") for t in faq.values())
    html = read_guide(FACTORY / "maintenance-engineering-framework.html")
    assert {p.heading: p.text for p in html.passages}["Can I go from M1 straight to M3?"].startswith("No. M3 needs")


def test_a_matrix_header_merged_over_two_columns_per_level() -> None:
    """A matrix whose level headers are merged over "Expected behaviour | Evidence examples" read as 10 levels,
    each level's evidence a level of its own, and the second header row a competency. Its hidden sheet (last
    year's matrix) was stored, and its "Grades & pay" sheet skipped."""
    path = FACTORY / "quality-competency-matrix.xlsx"
    guide = read_guide(path)
    assert [(lv.level.number, lv.level.title) for lv in guide.levels] == [
        (1, "Quality Inspector"),
        (2, "Quality Technician"),
        (3, "Quality Engineer"),
        (4, "Senior Quality Engineer"),
        (5, "Quality Manager"),
    ]
    cell = next(p for p in guide.passages if p.level and p.level.number == 1 and p.heading == "Root Cause Analysis")
    behaviour, evidence = cell.text.split("\t")  # the level's two cells of the row, one passage
    assert behaviour.startswith("Reports non-conformances") and evidence.startswith("NCRs raised on time")
    assert not any(p.heading == "Competency" or p.text == "Expected behaviour" for p in guide.passages)
    assert "Inspector Grade A" not in read_document(path).text  # the hidden sheet
    pay = [p for p in guide.passages if p.level and p.level.number == 3 and "£40,000" in p.text]
    assert pay and pay[0].heading == "Grade, Salary range, Notes"
    assert "sheet 'Grades & pay' names the ladder's levels: read as their facts" in guide.warnings
    assert guide.title == "Harlow Precision Ltd — Quality Department Competency Matrix"  # its cover, not "Matrix"


REVIEW7 = DATA / "review7"  # probe files of a review of the manufacturer's changes (its findings.md)


@pytest.mark.parametrize(
    "name", ["csv-merged-header-exported-blank-subcolumns.csv", "xlsx-center-across-selection-not-merged.xlsx"]
)
def test_a_level_header_over_two_blank_cells_is_no_crash(name: str) -> None:
    """A level's header centred over its two columns, or merged and saved as CSV, leaves the second cell blank:
    the whole ingest stopped with IndexError. Each level reads its two columns, as when merged."""
    guide = read_guide(REVIEW7 / name)
    assert [lv.level.title for lv in guide.levels] == ["Quality Inspector", "Quality Technician", "Quality Engineer"]
    first = next(p for p in guide.passages if p.level and p.level.number == 1)
    assert first.text.split("\t")[1] == "Inspection sheets completed without errors."


def test_a_status_label_is_left_out_of_a_heading_only() -> None:
    """Confluence's status labels were left out wherever they were: in a matrix whose cells are labels
    ("EXPECTED", "NOT EXPECTED") the rows went with them."""
    guide = read_guide(REVIEW7 / "html-lozenge-only-text-of-matrix-cells.html")
    assert len(guide.passages) == 13 and any(p.text == "EXPECTED" for p in guide.passages)


def test_a_sheet_of_level_rows_is_facts_only_when_its_columns_are_facts() -> None:
    """Every sheet whose rows began with a level's title was read as facts: an older matrix's salary answered
    for the current level, and a version history's rows were facts of levels."""
    for name in ("xlsx-old-version-levels-down.xlsx", "xlsx-version-history-sheet-names-levels.xlsx"):
        guide = read_guide(REVIEW7 / name)
        assert not any(p.section is Section.OVERVIEW for p in guide.passages if p.level), name
    notes = read_guide(REVIEW7 / "xlsx-notes-sheet-names-levels.xlsx")
    assert not any(p.section is Section.OVERVIEW for p in notes.passages if p.level)  # notes, not also facts


def test_sub_columns_that_are_steps_are_levels_and_nothing_is_read_into_a_cell() -> None:
    """ "Band A" merged over "Entry | Experienced" is two levels, as before sub-columns were read as one; an
    "N/A" between a level's cells is no part of its passages."""
    bands = read_guide(REVIEW7 / "xlsx-bands-over-entry-experienced.xlsx")
    assert len(bands.levels) == 4
    three = read_guide(REVIEW7 / "xlsx-three-subcolumns-placeholder.xlsx")
    assert not any("N/A" in p.text for p in three.passages)
    texts = [p.text for p in three.passages if p.level and p.level.number == 1 and p.heading == "Measurement"]
    assert texts == [
        "Inspects parts against the drawing using callipers and micrometers.",
        "Inspection sheets completed without errors.",
    ]


def test_an_expand_button_s_caption_keeps_its_case() -> None:
    guide = read_guide(REVIEW7 / "html-expand-control-captions.html")
    assert "SQL and BI Tooling Standards" in {p.category for p in guide.passages}


def test_a_sheet_per_track_keeps_each_level_s_sub_columns() -> None:
    """A workbook of a sheet per track, each level's header over two columns: the tracks' join kept only each
    level's first column."""
    guide = read_guide(REVIEW7 / "xlsx-tracks-with-subcolumns.xlsx")
    assert len(guide.levels) == 5
    first = next(p for p in guide.passages if p.level and p.level.number == 1)
    assert first.text.endswith("\tInspection sheets completed without errors.")
    last = [p.text for p in guide.passages if p.level and p.level.number == 5]
    assert all("\t" in t for t in last)


def test_a_deleted_paragraph_mark_joins_its_paragraph_to_the_next() -> None:
    """A heading split in two whose paragraph mark was deleted (tracked) read as the levels "Quality" and
    "Technician": accepted, the two paragraphs are one."""
    guide = read_guide(REVIEW7 / "docx-tracked-deleted-mark-joins-heading.docx")
    assert [lv.level.title for lv in guide.levels] == ["Quality Inspector", "Quality Technician", "Quality Engineer"]


def test_a_text_box_in_a_text_box_is_read_once_and_a_hidden_workbook_says_so() -> None:
    guide = read_guide(REVIEW7 / "docx-textboxes-nested-in-table-vml.docx")
    texts = [p.text for p in guide.passages]
    assert texts.count("Inner box: the CMM room is kept at twenty degrees.") == 1
    with pytest.raises(GuideError, match="no sheet that is not hidden"):
        read_guide(REVIEW7 / "xlsx-all-sheets-hidden.xlsx")


RETAIL = DATA / "retail"


def test_a_sheet_of_a_row_per_level_below_title_rows_beside_a_pay_sheet() -> None:
    """A workbook's matrix of a row per level under a merged title and a merged "Owner: ... Version 2.3" line,
    beside a "Pay bands 2025" sheet: the title row had been read as the header (every cell headed by the
    sheet's title, the owner line a level, titles the bare codes), and with that mended the pay sheet was
    taken for the ladder and the matrix skipped."""
    guide = read_guide(RETAIL / "support-centre-competencies.xlsx")
    assert [(p.level.number, p.level.title, p.level.short) for p in guide.levels] == [
        (2, "Merchandise Assistant", "SC2"),
        (3, "Assistant Merchandiser", "SC3"),
        (4, "Merchandiser", "SC4"),
        (5, "Senior Merchandiser", "SC5"),
        (6, "Head of Merchandising", "SC6"),
    ]
    headings = {p.heading for p in guide.passages if p.section is Section.COMPETENCY}
    assert {"Commercial acumen", "Supplier management", "Leadership"} <= headings
    assert "sheet 'Pay bands 2025' names the ladder's levels: read as their facts" in guide.warnings
    # a cell of bullets is an item a bullet: "• Builds the seasonal sales and stock plan ...\n• Reforecasts ..."
    items = {(p.level.number, p.heading, p.text) for p in guide.passages if p.level}
    plan = "Builds the seasonal sales and stock plan (the Open-to-Buy) for the department"
    assert (4, "Data & analysis", plan) in items
    pay = {p.level.number: (p.heading, p.text) for p in guide.passages if p.level and "£" in p.text}
    # as Excel shows the cells ("£"#,##0), each under its own column though a cell is blank
    assert pay[2] == (
        "Role, Salary minimum, Salary maximum, Bonus target, Notes",
        "Merchandise Assistant\t£24,000\t£27,000\t5%\tPaid overtime at time and a half",
    )


def test_a_justified_paragraph_s_pieces_rejoin_on_a_page_with_an_indented_list() -> None:
    """A justified line broken by pdfminer at its wide gaps stayed in pieces (out of order, one a paragraph of
    its own) on a page with a bulleted list: the list's indent, and pieces that happened to start alike, were
    taken for columns."""
    guide = read_guide(REVIEW8 / "pdf-justified-indent.pdf")
    first = [p.text for p in guide.passages if p.level and p.level.number == 1]
    assert first[0].startswith(
        "Technicians diagnose electrical, mechanical, pneumatic and hydraulic breakdowns independently, prioritising"
    )
    assert first[1:] == ["Completes the safety induction", "Works under close supervision", "Keeps a logbook of tasks"]
    intro = [p.text for p in guide.passages if p.level is None]
    assert intro[0].startswith("Apprentices rotate through maintenance, production engineering and electrical")


def test_an_html_table_in_markdown_and_a_table_of_named_rows_beside_a_notes_column(tmp_path: Path) -> None:
    """A raw HTML <table> in a Markdown file (Confluence and Notion exports keep them) was dropped whole, and so
    was an "Area | Expectation | Notes" table under a level because one note was a word ("Weekly") or none."""
    skills = read_guide(REVIEW8 / "pay-table.md")
    lead = {p.heading: p.text for p in skills.passages if p.level and p.level.number == 3 and p.heading}
    assert lead["SQL"] == "Reviews the team's queries for accuracy and speed"
    (tmp_path / "support.md").write_text(
        "# Support ladder\n\n## Level 1: Support Associate\n\nAssociates answer tier-1 tickets.\n\n<table>\n"
        "<tr><th>Area</th><th>Expectation</th><th>Notes</th></tr>\n"
        "<tr><td>Tickets</td><td>Answers chat &amp; email<br>within four hours</td><td></td></tr>\n"
        "<tr><td>Knowledge</td><td><p>Keeps macros current.</p><p>Flags stale articles.</p></td>"
        "<td>Weekly</td></tr>\n</table>\n\n## Level 2: Support Specialist\n\n"
        "| Area | Expectation | Notes |\n| --- | --- | --- |\n"
        "| Tickets | Takes tier-2 tickets from the associates | |\n"
        "| Bugs | Reproduces bugs and files them for engineering | Weekly |\n",
        "utf-8",
    )
    guide = read_guide(tmp_path / "support.md")
    rows = {(p.level.number, p.heading): p.text for p in guide.passages if p.level and p.heading}
    assert rows == {
        (1, "Tickets"): "Answers chat & email within four hours",  # a <br> reads as a space
        (1, "Knowledge"): "Keeps macros current. Flags stale articles.",
        (2, "Tickets"): "Takes tier-2 tickets from the associates",
        (2, "Bugs"): "Reproduces bugs and files them for engineering",
    }
    assert all(guide.text[p.source.start : p.source.end] == p.text for p in guide.passages)


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (38000, '"£"#,##0', "£38,000"),
        (12.45, "[$£-809]#,##0.00", "£12.45"),
        (0.075, "0.0%", "7.5%"),
        (45000, "#,##0;[Red]-#,##0", "45,000"),
        (5, "General", "5"),
        ("SC2", "General", "SC2"),
    ],
)
def test_a_workbook_s_numbers_read_as_excel_shows_them(value: object, number_format: str, shown: str) -> None:
    from ingest.formats.sheets import displayed

    assert displayed(value, number_format) == shown


def test_a_typeset_handbook_s_justified_columns_wrapped_cells_and_hanging_lines() -> None:
    """A handbook typeset with justified text in two columns, a table whose cells wrap onto two lines and
    bullets whose last line is short: pdfminer broke justified lines at their wide gaps ("Every progression has
    colleague", "16 weeks" lost), the table fell apart from its first wrapped row (the managers' pay and
    reporting lines in no level), and "Manager." or "Christmas Eve." left their bullets."""
    guide = read_guide(RETAIL / "store-careers-handbook.pdf")
    texts = [p.text for p in guide.passages]
    assert any(
        "Every colleague has a progression conversation with their line manager twice a year" in t for t in texts
    )
    assert any("It runs for 16 weeks, combines e-learning on Northgate Academy with on-the-job" in t for t in texts)
    rows = {p.level.number: (p.heading, p.text) for p in guide.passages if p.level and p.text.startswith("S")}
    assert rows[4] == (
        "Band, Typical pay, Reports to",
        "S4\t£29,000 – £34,500 a year\tStore Manager (Deputy Store Manager in large stores)",
    )
    assert rows[6][1] == "S6\t£45,000 – £62,000 a year + bonus\tArea Manager"
    assert "Writes the weekly rota for their team within the hours budget set by the Department Manager." in texts
    assert any(t.endswith("including Christmas Eve.") for t in texts)
    assert any("plans the replen-ishment of the shop floor" in t for t in texts)  # its hyphen, no space after
    assert not any(p.category == "Contents" for p in guide.passages)  # "4.1 Customer Assistant | 5"


def test_a_notion_export_s_callouts_and_toggles(tmp_path: Path) -> None:
    """A Notion page's <aside> callout was lost (an HTML block), a toggle's <summary> too, and a toggle exported
    as a list item over its own items ("- Skills and behaviours") was a passage that answered "what skills does
    a regional manager need" with "Skills and behaviours" (0.90)."""
    (tmp_path / "field.md").write_text(
        "# Field leadership\n\n<aside>\n⚠️ You must hold a full UK driving licence with no more than 6 penalty "
        "points.\n\n</aside>\n\n## Area Manager\n\nArea Managers lead a group of 8 to 10 stores.\n\n"
        "<details>\n<summary>Experience and qualifications</summary>\n\n- At least 2 years as a Store Manager.\n"
        "\n</details>\n\n## Regional Manager\n\nRegional Managers lead one of our four regions.\n\n"
        "- Skills and behaviours\n    - Builds and leads a high-performing team of field managers.\n\n"
        "## FAQs\n\n<details>\n<summary>Is there a relocation package?</summary>\n\n"
        "Field managers who move home can claim relocation costs of up to £8,000.\n\n</details>\n",
        "utf-8",
    )
    guide = read_guide(tmp_path / "field.md")
    said = {p.text: (p.level.number if p.level else None, p.heading, p.category) for p in guide.passages}
    assert said["⚠️ You must hold a full UK driving licence with no more than 6 penalty points."][0] is None
    assert said["At least 2 years as a Store Manager."] == (1, None, "Experience and qualifications")
    assert said["Builds and leads a high-performing team of field managers."] == (2, None, "Skills and behaviours")
    assert "Skills and behaviours" not in said and "Experience and qualifications" not in said
    skills = [p for p in guide.passages if p.category == "Skills and behaviours"]
    assert skills and all(p.section is Section.SKILLS for p in skills)  # "Skills and behaviours" names skills
    relocation = said["Field managers who move home can claim relocation costs of up to £8,000."]
    assert relocation[1] == "Is there a relocation package?"


def test_a_text_box_in_a_word_table_s_cell_and_rows_named_by_their_first_cell() -> None:
    """A "Duty | Detail" table under a level gave no passage (its first column is short names, not prose), and a
    text box in one of its cells was never read."""
    guide = read_guide(REVIEW7 / "docx-textboxes-nested-in-table-vml.docx")
    rows = {p.heading: p.text for p in guide.passages if p.level and p.level.number == 3 and p.heading}
    assert rows["Audits"] == "Leads system audits."
    assert rows["Control plans"] == (
        "Issues control plans.\nBoxed in a cell: control plans are reviewed yearly by the Quality Manager."
    )


REVIEW8 = DATA / "review8"  # probe files of a review of the retailer's changes (its findings.md)


def test_the_review_s_probes_of_toggles_html_ticks_and_pay_sheets() -> None:
    """A review of the retailer's changes found: a short list item naming a level ("- Junior Designer" over its
    summary) made duplicate levels; a page's <nav> links and an <h2> level title in HTML read as paragraphs;
    empty boxes (□ ⬜ ❎) read as ticks; a pay sheet with a Notes column read as the ladder in place of the
    skills matrix; a training table of days taken for a table of contents."""
    nested = read_guide(REVIEW8 / "html-and-nested.md")
    assert [p.level.title for p in nested.levels] == ["Junior Designer", "Designer", "Senior Designer"]
    texts = [p.text for p in nested.passages]
    assert not any(t.startswith("Level ") for t in texts) and not any("&amp;" in t for t in texts)
    assert "Runs the weekly design critique" in texts  # a duty with steps of its own stays a duty
    ticks = read_guide(REVIEW8 / "tick-grid.md")
    done = {(p.heading, p.level.number) for p in ticks.passages if p.level and p.section is Section.COMPETENCY}
    assert {n for h, n in done if h == "Quality sign-off"} == {3, 4}
    assert {n for h, n in done if h == "Training others"} == {4}
    skills = read_guide(REVIEW8 / "skills-and-pay.xlsx")
    assert len(skills.levels) == 4 and sum(p.section is Section.COMPETENCY for p in skills.passages) == 32
    hourly = read_guide(REVIEW8 / "hourly-pay.xlsx")
    assert "sheet 'Pay' names the ladder's levels: read as their facts" in hourly.warnings
    training = read_guide(REVIEW8 / "pdf-tables.pdf")
    assert any(p.heading == "Course, Who attends, Days" for p in training.passages)
    lists = read_guide(REVIEW8 / "pdf-lists.pdf")
    assert "Keeping your aisle clean and clear" in [p.text for p in lists.passages]  # not the paragraph below it


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [(0.125, "0%", "13%"), (12.45, "@", "12.45"), (7, '"Grade "0', "Grade 7"), (5, '0" days"', "5 days")],
)
def test_a_workbook_s_numbers_round_and_keep_their_words_as_excel_shows_them(
    value: object, number_format: str, shown: str
) -> None:
    from ingest.formats.sheets import displayed

    assert displayed(value, number_format) == shown


CIVIL = DATA / "civil"


def test_a_pdf_matrix_over_pages_and_columns_of_two_grades() -> None:
    """A landscape behaviours matrix over three pages, its header repeated on each: only one page's rows were
    read (20 of 36 cells lost, no warning); its columns "AA/AO", "HEO/SEO", "G7/G6" answered to neither
    "HEO" nor "G7"."""
    guide = read_guide(CIVIL / "success-profiles-behaviours.pdf")
    named = {p.heading for p in guide.passages if p.section is Section.COMPETENCY}
    assert len(named) == 9 and {"Seeing the Big Picture", "Delivering at Pace"} <= named
    heo = next(p for p in guide.levels if p.level.title == "HEO/SEO")
    assert heo.level.short == "HEO/SEO" and {"HEO", "SEO"} <= set(heo.aliases)


def test_a_gov_uk_page_s_chrome_is_left_out() -> None:
    """A GOV.UK-style intranet page's skip link, cookie banner (hidden), phase banner, dates, buttons and "Is
    this page useful?" form were passages: "is this page useful" got "No this page is not useful" (0.996)."""
    guide = read_guide(CIVIL / "grade-descriptors.html")
    texts = " ".join(p.text for p in guide.passages)
    for chrome in ("Skip to main content", "cookies", "This is a new intranet", "this page is not useful", "3 June"):
        assert chrome not in texts, chrome
    assert "Promotion is by fair and open competition." in texts


def test_a_merged_title_beside_a_last_updated_cell_is_no_header() -> None:
    """A title merged over four columns with "Last updated: March 2025" in the fifth was read as the header
    row (the levels their bare codes, every cell headed by the title)."""
    guide = read_guide(REVIEW8 / "title-and-date.xlsx")
    assert [p.level.title for p in guide.levels] == ["Customer Adviser", "Senior Adviser", "Team Leader"]
    assert {p.heading for p in guide.passages if p.level} == {"Customer focus", "Problem solving", "Teamwork"}


def test_years_from_newly_qualified_are_from_none() -> None:
    """A new user's "Typical experience: Newly qualified to 2 years" gave the Staff Nurse no years, though each
    band above had its own."""
    levels = read_guide(DATA / "ux-trial" / "nursing-framework.docx").levels
    assert [p.years for p in levels[:2]] == [(0.0, 2.0), (2.0, 5.0)]


def test_an_hr_system_s_export_of_job_profiles_is_a_ladder_in_the_order_of_its_codes() -> None:
    """tests/data/logistics: a Workday report, a record per job profile and location, sorted by its id, with
    HTML in its rich-text cells and a retired profile still in it. It had read a row's values as its levels
    ("Rotterdam (Waalhaven)", "EUR", "Annual", "36000"...)."""
    guide = read_guide(DATA / "logistics" / "transport-job-profiles.csv")
    assert [(p.level.number, p.level.short, p.level.title) for p in guide.levels] == [
        (1, "T1", "Delivery Driver (C licence)"),
        (2, "T2", "HGV Driver C+E"),
        (3, "T3", "Senior Driver & Driver Mentor"),
        (4, "T4", "Transport Planner"),
        (5, "T5", "Senior Transport Planner"),
        (6, "T6", "Transport Manager"),
    ]  # not the inactive "Planner (old profile - do not use)"
    assert all(guide.text[p.source.start : p.source.end] == p.text for p in guide.passages)
    assert not any("<" in p.text or "&amp;" in p.text for p in guide.passages)
    t2 = [p for p in guide.passages if p.level.short == "T2"]
    duties = [p.text for p in t2 if p.heading == "Job Description"]
    assert duties[0].startswith("Drives container and curtain-sider trailers") and len(duties) == 5  # no label
    # a record per location: each its own passage of the columns that differ
    pay = [p.text.split("\t")[:6] for p in t2 if p.heading and p.heading.startswith("Location, Currency")]
    assert pay == [
        ["Rotterdam (Waalhaven)", "EUR", "Hourly", "17.40", "18.60", "19.80"],
        ["Poznań (Komorniki)", "PLN", "Monthly", "7400", "8500", "9600"],
    ]
    assert [p.years for p in guide.levels][:2] == [(0, 2), (2, 5)]
    assert [p.text for p in t2 if p.heading == "Job Level"] == ["T2"]  # "what job level is a C+E driver?"
    # a title is said without its aside: "Delivery Driver"
    assert "Delivery Driver" in guide.levels[0].aliases


def test_a_pdf_table_of_labels_and_values_is_read_row_by_row() -> None:
    """tests/data/logistics' warehouse path, a Word table a level ("Area | What we expect") saved as PDF:
    pdfminer gave "Pay band" and "How to move up" before both their values, so the pay went under "How to
    move up", and a cell's lines each led by a city ("Rotterdam: €..." / "Poznań: PLN ...") ran together."""
    guide = read_guide(DATA / "logistics" / "warehouse-operations-career-path.pdf")
    team_leader = [p for p in guide.passages if p.level is not None and p.level.title == "Team Leader"]
    pay = [(p.heading, p.text) for p in team_leader if p.category == "Pay band"]
    assert pay == [("Rotterdam", "€2,950 – €3,450 per month"), ("Poznań", "PLN 7,000 – 8,400 per month")]
    moving = [p.text for p in team_leader if p.category == "How to move up"]
    assert len(moving) == 1 and moving[0].startswith("Team Leaders who have run a shift on their own")


REVIEW11 = DATA / "review11"


def test_a_review_s_probes_of_the_records_asides_and_label_tables() -> None:
    """A review of the freight company's rules (tests/data/review11/findings.md), each probe as it read then."""
    # Band 5 and Band 6 Staff Nurse are two levels, not one profile twice (Band 6 had gone)
    nurses = read_guide(REVIEW11 / "nurse2.csv")
    assert [(p.level.short, p.level.title) for p in nurses.levels] == [
        ("Band 5", "Staff Nurse"), ("Band 6", "Staff Nurse"), ("Band 7", "Ward Sister"), ("Band 8a", "Matron")
    ]  # fmt: skip
    # two families of codes keep the table's order: the engineers', then the managers' (IC1, M1, IC2... had been)
    tracks = read_guide(REVIEW11 / "tracks.csv")
    assert [p.level.short for p in tracks.levels] == ["IC1", "IC2", "IC3", "M1", "M2", "M3"]
    # a cell's first item is no label over the rest ("Driving licence C" had gone)
    licences = read_guide(REVIEW11 / "lic.csv")
    assert "Driving licence C" in [p.text for p in licences.passages if p.level.number == 1]
    # a "Role | Grade | Salary..." sheet is the matrix's facts, not the ladder, and its figures are not doubled
    for name, passages in (("eng.xlsx", 12), ("eng4.xlsx", 16)):
        workbook = read_guide(REVIEW11 / name)
        assert [p.level.title for p in workbook.levels][:2] == ["Junior Engineer", "Engineer"], name
        assert len(workbook.passages) == passages, name
    # two columns of prose: the right one's first paragraph stays with Level 2 (it had gone to the introduction)
    prose = read_guide(REVIEW11 / "two-col.pdf")
    assert any(p.level and p.level.number == 2 and "on-call rotation" in p.text for p in prose.passages)
    # an aside that is no acronym of the title, half a title that is no job: no names
    aliases = {n for p in read_guide(REVIEW11 / "ukaside-transport-ladder.txt").levels for n in p.aliases}
    assert not {"UK", "ADR"} & aliases and {"Transport Planner", "Senior Driver"} <= aliases
    service = {n for p in read_guide(REVIEW11 / "qa-service-ladder.txt").levels for n in p.aliases}
    assert "Quality Assurance" not in service and "Compliance Manager" not in service


def test_an_hr_export_coded_by_level_numbers() -> None:
    """The same Workday report with "Level 1".."Level 6" for T1..T6 had read a record's values as its levels."""
    guide = read_guide(REVIEW11 / "transport-level.csv")
    assert [(p.level.short, p.level.title) for p in guide.levels][:2] == [
        ("Level 1", "Delivery Driver (C licence)"),
        ("Level 2", "HGV Driver C+E"),
    ]


REVIEW12 = DATA / "review12"


def test_a_review_s_probes_of_the_insurer_s_shapes() -> None:
    """A review of the rules that read the insurer's ladders (tests/data/review12/README.md), each probe as it
    read on the change as first written, mended before it landed."""

    def levels(name: str) -> list[str]:
        return [f"{p.level.short} {p.level.title}" for p in read_guide(REVIEW12 / name).levels]

    # a bold line repeating a styled level's code is that level's text, not a level again
    assert levels("d1-bold-codes.docx") == [
        "CH1 Claims Handler I", "CH2 Claims Handler II", "CH3 Senior Claims Handler", "CH4 Claims Team Leader",
        "CH5 Claims Manager",
    ]  # fmt: skip
    assert levels("d3-glance.docx") == ["CH1 Claims Handler I", "CH2 Claims Handler II", "CH3 Senior Claims Handler"]
    # "Level / Competency" in a levels-down sheet's corner is no column of competencies' codes
    assert levels("x1-corner-competency.xlsx") == ["E1 Junior Engineer", "E2 Engineer", "E3 Senior Engineer"]
    # a long note merged across a matrix is no category of the rows under it
    notes = read_guide(REVIEW12 / "x2-merged-notes.xlsx").passages
    assert {p.category for p in notes} == {None}
    # "L1" over "0-2 years" is no title; "Product Owner" is a level, not a column about the row
    assert levels("x4-coded-years.xlsx") == ["L1 L1", "L2 L2", "L3 L3"]
    assert levels("x5-product-owner.xlsx")[-1] == "Product Owner Product Owner"
    # "Sales and Marketing" over "Sales" and "Marketing" is one level: they are no levels
    assert levels("m2-paired.md") == [
        "Associate Associate", "Sales and Marketing Sales and Marketing", "Manager Manager", "Director Director"
    ]  # fmt: skip
    # a group's row above a table's first level is not its header
    rows = [p for p in read_guide(REVIEW12 / "m1-grouprow.md").passages if p.heading]
    assert {p.heading for p in rows} == {"Title, Salary, Years"} and len(rows) == 3


def test_a_long_export_with_a_track_column_is_a_matrix_of_its_levels(tmp_path: Path) -> None:
    """A performance tool's export, a row per level and competency with its track's name first ("Track | Level |
    Level Name | Competency | Competency Description | Expectation"), of a ward's nurses and its healthcare
    assistants: a level per code in the order they come, the description shared by every level once (the
    introduction's), a cell of labelled lines a fact per line, and a readiness list's items the next level's."""
    rows = [["Track", "Level", "Level Name", "Competency", "Competency Description", "Expectation"]]
    said = {
        "Clinical care": "Delivering safe, evidence-based care to patients on the ward.",
        "Leadership": "Leading and developing others on the shift.",
    }
    for code, title, care, lead in [
        ("N1", "Staff Nurse", "Plans and gives care to a bay of six patients.", "Supports students on placement."),
        (
            "N2",
            "Senior Staff Nurse",
            "Coordinates care for the whole ward on a shift.",
            "Ready for N3 when:\n• has led the ward for 20 shifts\n• has completed the preceptor course",
        ),
        ("N3", "Ward Sister", "Sets the ward's standards of care and audits them.", "Line manages the nurses."),
        (
            "H1",
            "Healthcare Assistant",
            "Takes observations and helps patients wash and eat.",
            "Shows new starters the ward routine.",
        ),
        ("H2", "Senior Healthcare Assistant", "Takes bloods and removes cannulas.", "Runs the HCA rota."),
    ]:
        rows.append(
            ["Nursing" if code[0] == "N" else "Support", code, title, "Clinical care", said["Clinical care"], care]
        )
        rows.append(["Nursing" if code[0] == "N" else "Support", code, title, "Leadership", said["Leadership"], lead])
        rows.append(
            [
                "Nursing" if code[0] == "N" else "Support",
                code,
                title,
                "Role details",
                "Reporting line, experience and pay.",
                f"Reports to: Matron\nTypical experience: {len(code)} years",
            ]
        )
    path = tmp_path / "ward-competencies.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    guide = read_guide(path)
    assert [(p.level.short, p.level.title) for p in guide.levels] == [
        ("N1", "Staff Nurse"),
        ("N2", "Senior Staff Nurse"),
        ("N3", "Ward Sister"),
        ("H1", "Healthcare Assistant"),
        ("H2", "Senior Healthcare Assistant"),
    ]
    assert not any("evidence-based" in p.text for p in guide.passages if p.level is not None)
    described = [(p.heading, p.text) for p in guide.passages if p.level is None and p.section is Section.INTRO]
    assert described == [
        ("Clinical care", "Delivering safe, evidence-based care to patients on the ward."),
        ("Leadership", "Leading and developing others on the shift."),
        ("Role details", "Reporting line, experience and pay."),
    ]
    n2 = [p for p in guide.passages if p.level is not None and p.level.short == "N2"]
    assert {p.heading: p.text for p in n2 if p.heading in ("Reports to", "Typical experience")} == {
        "Reports to": "Matron",
        "Typical experience": "2 years",
    }
    ready = [p for p in n2 if p.heading == "Leadership"]
    assert [p.text for p in ready] == ["has led the ward for 20 shifts", "has completed the preceptor course"]
    assert {p.category for p in ready} == {"Ready for N3 when:"}


def test_a_matrix_cell_s_labelled_lines_are_facts_but_not_its_notes() -> None:
    """ "Reports to: Matron" / "Typical experience: 2 years": a fact a line; a "Note:" or "Example:" line is no
    label of its own, so such a cell stays whole."""
    from ingest.passages import cell_pieces

    text = "Reports to: Matron\nTypical experience: 2 years"
    assert [(label, text[a:b]) for label, _, (a, b) in cell_pieces(text, 0, len(text))] == [
        ("Reports to", "Matron"),
        ("Typical experience", "2 years"),
    ]
    for noted in ("Reports to: Matron\nNote: nights are covered by the bank", "Leads the ward.\nExample: a CQC visit"):
        assert cell_pieces(noted, 0, len(noted)) == [(None, None, (0, len(noted)))], noted
