"""One guide file read as a ladder: its format's reader, the level detector, the passage builder, the sidecar."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from core.model import LevelProfile, Passage, bare_header
from ingest.document import Block, Document, Kind, Table
from ingest.formats import SUFFIXES, UnreadableError, read_document
from ingest.ladder import HeadingLadder, NoLadderError, find_ladder, table_matrix
from ingest.passages import heading_passages, matrix_passages, years_stated

MAX_BYTES = 20 * 1024 * 1024
SIDECAR = ".ladder.toml"


class GuideError(ValueError):
    """A guide that cannot be read as a ladder; the message names the file and what to do."""


@dataclass(frozen=True, slots=True)
class Guide:
    doc: str  # the file name
    format: str
    title: str | None
    text: str  # the text ingest extracted; passages' offsets point into it
    levels: tuple[LevelProfile, ...]
    passages: tuple[Passage, ...]
    warnings: tuple[str, ...] = ()
    acronyms: dict[str, str] = field(default_factory=dict)  # from the sidecar: what a company's acronyms mean


def read_guide(path: Path) -> Guide:
    """Read a guide file of any supported format; GuideError says what is wrong and what to do."""
    name = path.name
    if path.suffix.lower() not in SUFFIXES:
        raise GuideError(f"{name}: not a format ladder reads ({', '.join(SUFFIXES)})")
    size = path.stat().st_size
    if size == 0:
        raise GuideError(f"{name}: the file is empty; export the ladder into it again")
    if size > MAX_BYTES:
        raise GuideError(
            f"{name}: {size / 2**20:.0f} MiB is more than a ladder needs (at most {MAX_BYTES // 2**20} MiB); "
            "remove images and attachments, or split it into one file per ladder"
        )
    try:
        document = read_document(path)
        guide = guide_from(document)
    except (UnreadableError, NoLadderError) as e:
        raise GuideError(f"{name}: {e}") from e
    if not any(p.level for p in guide.passages):
        titles = ", ".join(p.level.title for p in guide.levels)
        raise GuideError(
            f"{name}: its levels ({titles}) have no text under them to search; write what each level does "
            "under its heading, or in its column of the matrix"
        )
    return with_sidecar(guide, path.with_name(name + SIDECAR))


TITLE_WORDS = re.compile(r"\b(?:guide|ladder|career|path|framework|levels|levell?ing|matrix|competenc)", re.IGNORECASE)
# "About this ladder", "How to use this guide": a section of the introduction, not the ladder's name.
NOT_A_TITLE = re.compile(
    r"^\W*(?:about|how to|introduction|overview|contents|using|reading)\b(?:\W+\w+){0,3}\W*$", re.IGNORECASE
)  # a short heading: "Overview of the Acme Engineering Career Ladder" is a title


def guide_from(document: Document) -> Guide:
    ladder = find_ladder(document)
    if isinstance(ladder, HeadingLadder):
        profiles, passages = heading_passages(document, ladder)
        read = {p.category for p in passages if p.level is None}
        warnings = [
            f"'{heading}' is not a level: read as introduction"
            if heading in read
            else f"'{heading}' is not a level: skipped"
            for heading in ladder.skipped
        ]
        title = heading_title(document, ladder.rungs[0].part)
    else:
        profiles, passages = matrix_passages(document, ladder)
        read = {t.name for t in ladder.tracks} | {ladder.table.name}  # the ladder's may have lost title rows
        noted = {p.source.start for p in passages if p.level is None}
        facts = {p.source.start for p in passages if p.level is not None}
        warnings = [
            f"sheet '{t.name}' names the ladder's levels: read as their facts"
            if any(c is not None and c.start in facts for row in t.rows for c in row)
            else f"sheet '{t.name}' is a ladder too, but a file holds one: skipped (put it in a file of its own)"
            if table_matrix(t)
            else f"sheet '{t.name}' is not a ladder: read as introduction"
            if any(c is not None and c.start in noted for row in t.rows for c in row)
            else f"sheet '{t.name}' is not a ladder: skipped"
            for t in document.parts
            if isinstance(t, Table) and t.name and t.name not in read
        ]
        first = ladder.tracks[0] if ladder.tracks else ladder.table
        rows = first.rows
        at = next((i for i, p in enumerate(document.parts) if isinstance(p, Table) and p.rows[-len(rows) :] == rows), 0)
        title = matrix_title(document, first) or heading_title(document, at) or cover_title(document) or first.name
    profiles = with_grades(with_years(profiles, passages), passages)
    return Guide(
        document.name,
        document.format,
        title,
        document.text,
        tuple(profiles),
        tuple(passages),
        (*document.warnings, *warnings),
    )


def heading_title(document: Document, before: int) -> str | None:
    """Of the headings before the ladder's first level (or its table), the one that names a guide or ladder; a
    banner or breadcrumb may come first."""
    headings = [p for p in document.parts[:before] if isinstance(p, Block) and p.kind is Kind.HEADING]
    named = [h for h in headings if not NOT_A_TITLE.search(h.text)]
    # else the one set largest: not an organisation's name set small above a cover's title
    largest = min(named, key=lambda h: h.depth, default=None)
    title = next((h.text for h in named if TITLE_WORDS.search(h.text)), largest.text if largest else None)
    # A wiki's "Space : Page" ("Engineering : Maintenance Engineering Framework"): the page names the guide
    space, _, page = (title or "").rpartition(" : ")
    return page.strip() if space and TITLE_WORDS.search(page) else title


def matrix_title(document: Document, table: Table) -> str | None:
    """The first cell of the rows above a matrix's header ("Product Design Competency Matrix"): it names the
    ladder better than its sheet ("Matrix") does."""
    kept = len(table.rows)
    whole = next((t for t in document.parts if isinstance(t, Table) and t.rows[-kept:] == table.rows), None)
    above = whole.rows[: len(whole.rows) - kept] if whole is not None else ()
    # Its first column only: "Levels" merged over the level columns is a group header, not a title.
    return next((row[0].text.split("\n")[0].strip() for row in above if row and row[0] and row[0].text.strip()), None)


def cover_title(document: Document) -> str | None:
    """A workbook's cover sheet's first line, when it names a guide ("Harlow Precision Ltd — Quality Competency
    Matrix"): it names the ladder better than its matrix's sheet ("Matrix") does."""
    for sheet in (p for p in document.parts if isinstance(p, Table) and p.name):
        first = next((c.text.split("\n")[0].strip() for row in sheet.rows for c in row if c and c.text.strip()), "")
        if TITLE_WORDS.search(first) and 3 <= len(first.split()) <= COVER_TITLE_WORDS and not first.endswith("."):
            return first
    return None


COVER_TITLE_WORDS = 12


def with_years(profiles: list[LevelProfile], passages: list[Passage]) -> list[LevelProfile]:
    """Each level's years from its own text; an open range ends where the next level's starts."""
    stated = [years_stated([p for p in passages if p.level == profile.level]) for profile in profiles]
    out = []
    for k, (profile, years) in enumerate(zip(profiles, stated, strict=True)):
        if years is None:
            out.append(profile)
            continue
        low, high = years
        if high is None:
            following = next((s[0] for s in stated[k + 1 :] if s is not None and s[0] > low), None)
            high = following if following is not None else low + 5
        out.append(replace(profile, years=(low, high)))
    return out


GRADE_LABEL = re.compile(r"^(?:(?:job |pay |salary )?(?:grade|band)|(?:job )?level|grade code)$")
GRADE_CODE = re.compile(r"[A-Z]{1,3}-?\d{1,2}[A-Z]?")  # "A3", "P-3", "G7"


def with_grades(profiles: list[LevelProfile], passages: list[Passage]) -> list[LevelProfile]:
    """Each level with the code a row of its facts gives it ("Grade | A3": an A3), when no other level has it."""
    found = {
        profile.level: {
            p.text.strip()
            for p in passages
            if p.level == profile.level
            and GRADE_LABEL.match(bare_header(p.heading or ""))
            and GRADE_CODE.fullmatch(p.text.strip())
        }
        for profile in profiles
    }
    counts = Counter(code for codes in found.values() for code in codes)
    return [
        replace(
            profile,
            aliases=(
                *profile.aliases,
                *sorted(c for c in found[profile.level] - set(profile.aliases) if counts[c] == 1),
            ),
        )
        for profile in profiles
    ]


def with_sidecar(guide: Guide, sidecar: Path) -> Guide:
    """A company's own additions (`<file>.ladder.toml`): short names and aliases per level, acronyms.

    [levels."Engineer I"]         # a level's title, short name or number
    short = "E1"
    aliases = ["Junior Engineer"]

    [acronyms]
    SLO = "service level objective"
    """
    if not sidecar.is_file():
        return guide
    try:
        data = tomllib.loads(sidecar.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise GuideError(f"{sidecar.name}: not valid TOML ({e}); fix it or remove it") from e
    levels, acronyms = checked_sidecar(data, guide, sidecar.name)
    profiles = []
    for profile in guide.levels:
        level = profile.level
        extra = next((v for k, v in levels.items() if k in level_keys(profile)), {})
        short = extra.get("short") or level.short
        names = (*profile.aliases, short, *extra.get("aliases", []))
        profiles.append(replace(profile, level=replace(level, short=short), aliases=tuple(dict.fromkeys(names))))
    by_key = {(p.level.doc, p.level.number): p.level for p in profiles}
    passages = tuple(replace(p, level=by_key[(p.level.doc, p.level.number)]) if p.level else p for p in guide.passages)
    return replace(guide, levels=tuple(profiles), passages=passages, acronyms=acronyms)


def level_keys(profile: LevelProfile) -> tuple[str, ...]:
    return (profile.level.title, profile.level.short, str(profile.level.number))


def checked_sidecar(data: dict, guide: Guide, name: str) -> tuple[dict[str, dict], dict[str, str]]:
    """The sidecar's levels and acronyms, or an error naming the file and what is wrong in it."""

    def wrong(what: str) -> GuideError:
        return GuideError(f"{name}: {what}; see docs/guides.md for the sidecar's shape")

    unknown = sorted(set(data) - {"levels", "acronyms"})
    if unknown:
        raise wrong(f'unknown table {unknown[0]!r} (a sidecar has [levels."..."] and [acronyms])')
    levels, acronyms = data.get("levels", {}), data.get("acronyms", {})
    if not isinstance(levels, dict) or not all(isinstance(v, dict) for v in levels.values()):
        raise wrong('levels must be tables, one a level: [levels."Engineer I"]')
    known = {key for profile in guide.levels for key in level_keys(profile)}
    for profile in guide.levels:
        tables = [key for key in levels if key in level_keys(profile)]
        if len(tables) > 1:
            raise wrong(f"levels {tables[0]!r} and {tables[1]!r} are the same level; merge them")
    for key, extra in levels.items():
        if key not in known:
            titles = ", ".join(repr(p.level.title) for p in guide.levels)
            raise wrong(f"no level {key!r} in {guide.doc} (its levels: {titles}; a title, short name or number)")
        unknown_keys = sorted(set(extra) - {"short", "aliases"})
        if unknown_keys:
            raise wrong(f"level {key!r} has {unknown_keys[0]!r}; it takes short and aliases")
        if not isinstance(extra.get("short", ""), str):
            raise wrong(f'level {key!r}: short must be a string, such as short = "E1"')
        aliases = extra.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise wrong(f'level {key!r}: aliases must be a list of names, such as aliases = ["Junior Engineer"]')
    if not isinstance(acronyms, dict) or not all(isinstance(v, str) for v in acronyms.values()):
        raise wrong('acronyms must be a table of strings, such as SLO = "service level objective"')
    return levels, {str(k).lower(): v.lower() for k, v in acronyms.items()}
