"""A ladder's passages: one builder for every format, working on the document model.

Under a level heading, a paragraph is its overview, `Primary Role: ...` its
role, `Skills Developed: ...` its skills, and a `Label: text` item (or any
item under a responsibilities heading) a responsibility named by its label.
A sub-heading inside a level ("Skills", "People") is the ladder's own
grouping: its `category`, and for the usual names (role, skills,
responsibilities) the section of what follows. Paragraphs before the first
level are the introduction; navigation (a list of links) is left out. A
matrix gives one passage per level and competency. Long texts are cut at
sentence ends into passages of a readable length.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from core.model import (
    FACT_ROW,
    LEADS_TO,
    REPORTS_ROW,
    TOWARDS_NEXT,
    Level,
    LevelProfile,
    Passage,
    Section,
    Source,
    bare_header,
    sentence_spans,
    slugify,
)
from ingest.document import Block, Cell, Document, Kind, Table
from ingest.ladder import (
    CAPTION_WORDS,
    NOT_A_LADDER,
    OUTLINE_NUMBER,
    RESPONSIBILITY_NAMES,
    ROLE_NAMES,
    SKILLS_NAMES,
    TRACK_CELL_WORDS,
    HeadingLadder,
    MatrixLadder,
    Rung,
    is_sub_heading,
    ladder_aliases,
    lines_of,
    names_a_list,
    names_facts,
    table_matrix,
    without_code,
)

CAPTION = re.compile(
    r"^(?:what|how|where|who|your|key|main|core|typical|day[- ]to[- ]day|in this role"
    rf"|{TOWARDS_NEXT}"
    r"|qualifications?|requirements?|essential|desirable|about you|person specification|at a glance)\b"
    # or only such nouns: "Knowledge, skills & experience", "Duties"
    r"|^(?:(?:knowledge|skills?|experience|competenc(?:y|ies)|behaviou?rs?|responsibilit(?:y|ies)|duties"
    r"|accountabilit(?:y|ies))(?:\s*(?:,|&|and)\s*|\s*$))+$",
    re.I,
)
# "Key duties – everything a Library Assistant does (see Grade 3), plus:": a list named by what it adds to
NAMED_LIST = re.compile(r"^(?P<name>[^–—:]+?)\s+[–—-]\s+(?:everything|all|as for|the same as|see)\b.{0,80}\bplus:$")
SMALL_WORDS = {"a", "an", "and", "the", "of", "to", "in", "on", "for", "with", "you'll", "you", "we"}
POINTERS = re.compile(
    r"(?:related(?: pages| links)?|see also|links|references|resources|further reading|(?:page )?comments|quick links"
    r"|attachments|downloads)"
    r"\W*$",
    re.I,
)
# A document's own history ("Version history: v2 added Senior People Partner"), not what the ladder says.
HISTORY = re.compile(
    r"(?:change ?log|(?:version|revision|change|document) history|release notes|document control|revisions|history)"
    r"\W*$",
    re.I,
)
# Within a level, only these: its "Resources" or "References" may be its own ("Manages the cloud budget").
ELSEWHERE = re.compile(r"(?:related(?: pages| links)|see also|further reading)\W*$", re.I)
BARE_YEARS = re.compile(r"^\s*\d{1,2}\s*(?:[-–]\s*\d{1,2}|\+)?\s*$")  # "0–2", "8+", "5-8"
NOTHING = set(" -–—−_?/*…✗✘×❌❎✕✖☐□⬜▢◻◽▫○◯")  # what a cell with nothing in it holds: a dash, a cross, an empty box
# A page's navigation and an editor's placeholders, which are not the ladder's words.
CHROME = {"on this page", "table of contents", "in this article", "in this section", "jump to", "back to top"}
CHROME |= {"edit this page", "see below", "see above", "n/a", "na", "tbc", "tbd", "todo"}  # not "none": it says so
NOT_APPLICABLE = re.compile(r"^(?:n/a|not applicable)\s*[-–—:,(]\s*(?:no|not|none|nothing|never)\b")
MAX_PASSAGE = 700  # characters; a longer text is cut at sentence ends
MIN_WORDS = 3  # fewer, with no label, is a caption ("Contents"), not a passage
NUMBER_WORDS = {
    w: str(n) for n, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), 1)
}
SPELLED = "|".join(NUMBER_WORDS)
YEARS = (
    # "a minimum of 5 years", "at least five years' teaching experience", "at least one year's"
    re.compile(rf"(?:minimum|at least)\s+(?:of\s+)?(?P<low>\d{{1,2}}|{SPELLED})\+?\s+(?P<unit>years?)\b", re.I),
    # "typically three or more years' experience", "5 years or more"
    re.compile(rf"\b(?P<low>\d{{1,2}}|{SPELLED})\s+or more\s+(?P<unit>years)\b", re.IGNORECASE),
    re.compile(rf"\b(?P<low>\d{{1,2}}|{SPELLED})\s+(?P<unit>years)\s+or more\b", re.IGNORECASE),
    re.compile(r"\b(?P<low>\d{1,2})\s*(?:-|–|to)\s*(?P<high>\d{1,2})\s+(?P<unit>years)", re.IGNORECASE),
    re.compile(r"\b(?P<low>\d{1,2})\s*\+\s*(?P<unit>years)", re.IGNORECASE),
    re.compile(r"\b(?P<low>\d{1,2})\s+(?P<unit>months) or more\b", re.IGNORECASE),  # "6 months or more as a..."
    # "Newly qualified to 2 years", "new graduate to 3 years": from none
    re.compile(
        r"\b(?P<low>newly qualified|new(?:ly)? graduates?|new starters?|no experience)\s*(?:-|–|to)\s*"
        r"(?P<high>\d{1,2})\s+(?P<unit>years)",
        re.IGNORECASE,
    ),
)


def rung_level(rung: Rung, document: Document) -> Level:
    return Level(rung.number, rung.name.title, rung.short, document.name)


@dataclass(frozen=True)
class LeftOut:
    """Whether the text under the headings read so far is left out: under one that is not the ladder's words
    ("Related pages", "Changelog"), and under its own sub-headings ("### v2.0") until a heading as large."""

    depth: int | None = None  # that heading's

    def __bool__(self) -> bool:
        return self.depth is not None

    def under(self, heading: Block) -> LeftOut:
        if self.depth is not None and heading.depth > self.depth:
            return self
        return LeftOut(heading.depth if not_the_ladders(heading.text) else None)


def not_the_ladders(heading: str) -> bool:
    """A page's section of links elsewhere ("Related pages") or of its own history ("3. Revision history")."""
    name = OUTLINE_NUMBER.sub("", heading.strip())
    return bool(POINTERS.match(name) or HISTORY.match(name))


def section_named(name: str) -> Section | None:
    name = without_code(OUTLINE_NUMBER.sub("", name.lower().strip(" :*_")).strip())  # "2.1.2 Skills"
    if name in ROLE_NAMES:
        return Section.ROLE
    if name in SKILLS_NAMES:
        return Section.SKILLS
    if name in RESPONSIBILITY_NAMES:
        return Section.RESPONSIBILITY
    return None


@dataclass
class Passages:
    """Passage ids stay unique and stable: doc, level, section, then the heading or a count."""

    doc: str
    text: str  # the document's extracted text
    passages: list[Passage]
    counters: dict[tuple[int | None, Section], int]
    used: set[str]

    @classmethod
    def of(cls, document: Document) -> Passages:
        return cls(document.name, document.text, [], {}, set())

    def add(
        self, level: Level | None, section: Section, heading: str | None, start: int, end: int, category: str | None
    ) -> None:
        for text_start, text_end in pieces(self.text, start, end):
            number = level.number if level else None
            n = self.counters[(number, section)] = self.counters.get((number, section), 0) + 1
            prefix = f"{self.doc}.l{number}" if level else self.doc
            if heading:
                base = f"{prefix}.{section}.{slugify(heading)}"
            elif section in (Section.OVERVIEW, Section.INTRO):
                base = f"{prefix}.{section}.{n}"
            else:
                base = f"{prefix}.{section}"
            pid, i = base, 1
            while pid in self.used:
                i += 1
                pid = f"{base}-{i}"
            self.used.add(pid)
            text = self.text[text_start:text_end]
            source = Source(self.doc, text_start, text_end)
            self.passages.append(Passage(pid, level, section, heading, text, source, category))


# An FAQ's question on a line of its own ("Q: Who decides my grade?", "Can I go from M1 straight to M3?").
QUESTION_LINE = re.compile(r"^\W*(?:q\s*[:.)]\s*)?(?P<question>[^?\n]{3,200}\?)\W*$", re.IGNORECASE)
QUESTION_WORDS = 30


@dataclass
class Asked:
    """An introduction's question held for the paragraph after it, its answer, which it names: a question is no
    answer to anyone's ("who decides my grade?" is not answered by "Q: Who decides my grade?")."""

    out: Passages
    held: tuple[str, Block, str | None] | None = None  # the question, its block and the heading it was under

    def add(self, block: Block, category: str | None) -> None:
        asked = QUESTION_LINE.match(block.text)
        if asked and len(block.text.split()) <= QUESTION_WORDS:
            self.flush()
            self.held = (asked["question"].strip(), block, category)
            return
        heading = self.held[0] if self.held is not None else None
        self.held = None
        self.out.add(None, Section.INTRO, heading, block.start, block.end, category)

    def flush(self) -> None:
        """A question with no paragraph after it is a passage of its own."""
        if self.held is not None:
            _, block, category = self.held
            self.out.add(None, Section.INTRO, None, block.start, block.end, category)
            self.held = None


def pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut at sentence ends into pieces of at most MAX_PASSAGE characters (a longer sentence whole)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start <= MAX_PASSAGE:
        return [(start, end)] if end > start else []
    out: list[tuple[int, int]] = []
    for a, b in sentence_spans(text[start:end]):
        if out and b - (out[-1][0] - start) <= MAX_PASSAGE:
            out[-1] = (out[-1][0], start + b)
        else:
            out.append((start + a, start + b))
    return out


def heading_passages(document: Document, ladder: HeadingLadder) -> tuple[list[LevelProfile], list[Passage]]:
    out = Passages.of(document)
    all_names = ladder_aliases(ladder.rungs)
    owner = level_owner(all_names, ladder.rungs)
    rows, of_levels = level_rows(document, owner)
    levels = [rung_level(rung, document) for rung in ladder.rungs]
    titles = re.compile(
        r"\b(?:"
        + "|".join(sorted({re.escape(r.name.title.lower()) for r in ladder.rungs}, key=len, reverse=True))
        + r")s?\b"
    )
    # Before the first level, between tracks of levels ("Management track: managers who...") and after the last
    # ("Notes: acting up is paid at..."): introduction.
    gaps = [(0, ladder.rungs[0].part)]
    gaps += [(end, rung.part) for end, rung in zip(ladder.ends, ladder.rungs[1:], strict=False) if end < rung.part]
    gaps += [(ladder.ends[-1], len(document.parts))]
    for start, stop in gaps:
        category: str | None = None
        left_out = LeftOut()  # under "Related pages", "See also", "Changelog": not the ladder's words
        under: str | None = None  # the heading a table sits under ("Sign-off authority"), the title's too
        asked = Asked(out)
        for at, part in enumerate(document.parts[start:stop], start):
            a_heading = isinstance(part, Block) and part.kind is Kind.HEADING
            if isinstance(part, Block) and titles.fullmatch(part.text.strip().lower()):
                continue  # a level's name alone, as a ladder at a glance lists them, says nothing of it
            if isinstance(part, Block) and not a_heading and is_prose(part, introduction=True) and not left_out:
                asked.add(part, category)
                continue
            asked.flush()
            if a_heading:
                category = part.text if start > 0 else category
                under = part.text
                left_out = left_out.under(part)
            elif isinstance(part, Table) and (across := level_columns(part, owner)) and not left_out:
                add_grid(out, part, across, levels, under)
            elif isinstance(part, Table) and at not in of_levels and not left_out:  # "Matter | Who signs off"
                rows_named = table_rows(part, titles)
                for heading, (row_start, row_end) in rows_named:
                    out.add(None, Section.INTRO, heading, row_start, row_end, under)
                for heading, cell in prose_cells(part) if not rows_named else ():  # "Our values | Our people"
                    out.add(None, Section.INTRO, heading, cell.start, cell.end, under)
        asked.flush()
    profiles = []
    for k, (rung, end, names, level) in enumerate(zip(ladder.rungs, ladder.ends, all_names, levels, strict=True)):
        profiles.append(LevelProfile(level, names))
        level_depth = document.parts[rung.part].depth  # type: ignore[union-attr]
        category: str | None = None
        grouped: Section | None = None  # the section a sub-heading names
        responsibilities = False  # after a "Key Responsibilities:" line
        outside: tuple[str | None, Section | None, bool] | None = None  # the grouping around a caption's list
        pointers = False
        parts = document.parts[rung.part + 1 : end]
        for n, part in enumerate(parts):
            if outside is not None and not (isinstance(part, Block) and part.kind is Kind.ITEM):  # its list ended
                (category, grouped, responsibilities), outside = outside, None
            if isinstance(part, Table) and (across := level_columns(part, owner)):  # every level's, not this one's
                add_grid(out, part, across, levels, category)
            elif isinstance(part, Table) and rung.part + 1 + n not in of_levels:  # "Scope | Impact | Leadership"
                for heading, cell in prose_cells(part, facts=True):
                    for start, cell_end in bullets(document.text, cell.start, cell.end):  # a cell of "• ..." lines
                        out.add(level, Section.OVERVIEW, heading, start, cell_end, category)
            if not isinstance(part, Block):
                continue
            if (caption := caption_of(part, parts[n + 1] if n + 1 < len(parts) else None)) is not None:
                outside = category, grouped, responsibilities
                category, grouped, responsibilities = caption, section_named(caption), False
                continue
            if leads_in(part, parts[n + 1] if n + 1 < len(parts) else None):  # names its list, says nothing itself
                if category is None:  # "To grow to Senior Consultant you:"; under "What you'll do", "As an HEO you'll:"
                    outside = category, grouped, responsibilities
                    category = part.text.strip().rstrip(":").strip()
                if PURE_LEAD_IN.search(part.text) or names_a_section(part.text):
                    continue
            if part.kind is Kind.HEADING:
                if part.depth > level_depth or is_sub_heading(part.text):  # or as large as the level's own
                    category, grouped, responsibilities = part.text, section_named(part.text), False
                    pointers = bool(ELSEWHERE.match(part.text.strip()))
                continue
            if part.link or pointers:
                continue
            body, body_start = part.body
            if part.label is not None:
                named = section_named(part.label)
                if not body.strip():  # "Key Responsibilities:" on a line of its own
                    responsibilities = named is Section.RESPONSIBILITY
                    grouped = named if named is not Section.RESPONSIBILITY else grouped
                    continue
                if is_placeholder(body):  # "People management: N/A"
                    continue
                if named in (Section.ROLE, Section.SKILLS):
                    out.add(level, named, None, body_start, part.end, category)
                    continue
                in_list = responsibilities or grouped is not None or category is not None or part.kind is Kind.ITEM
                section = grouped if grouped is not None else Section.RESPONSIBILITY if in_list else Section.OVERVIEW
                # "Reports to: Head of Fundraising" whole: its body alone reads as the level's own title; not
                # "**Reports to:** ...", whose markup stays in a Markdown file's text
                whole = REPORTS_ROW.match(bare_header(part.label)) and not re.search(
                    r"[*_]", part.text[: body_start - part.start]
                )
                start = part.start if whole else body_start
                out.add(level, section, part.label, start, part.end, category)
                continue
            if not is_prose(part):
                continue
            if grouped is not None:
                section = grouped
            elif part.kind is Kind.ITEM and (responsibilities or category is not None):
                section = Section.RESPONSIBILITY
            else:
                section = Section.OVERVIEW
            out.add(level, section, None, part.start, part.end, category)
        for heading, (start, row_end) in rows.get(k, []):  # after its own words: its overview comes first
            out.add(level, Section.OVERVIEW, heading, start, row_end, None)
    return profiles, out.passages


def matrix_passages(document: Document, ladder: MatrixLadder) -> tuple[list[LevelProfile], list[Passage]]:
    out = Passages.of(document)
    table = ladder.table
    # The prose around a matrix (its introduction, notes under a heading of their own) is the ladder's too,
    # but not a page's pointers elsewhere ("Related pages", "See also").
    category: str | None = None
    left_out = LeftOut()
    own_sheets = {t.name for t in ladder.tracks} | {table.name}
    asked = Asked(out)
    for part, after in itertools.zip_longest(document.parts, document.parts[1:]):
        a_heading = isinstance(part, Block) and part.kind is Kind.HEADING
        if (
            isinstance(part, Block)
            and not a_heading
            and is_prose(part)
            and not left_out
            and not names_a_table(part, after)
        ):
            asked.add(part, category)
            continue
        asked.flush()
        if a_heading:
            category = part.text if part.depth > 1 else None
            left_out = left_out.under(part)
        elif isinstance(part, Table) and part.name and part.name not in own_sheets:  # a workbook's "Notes" sheet
            for heading, under, (start, end) in note_rows(part):
                out.add(None, Section.INTRO, heading, start, end, under)
    asked.flush()
    # Another sheet's rows naming the ladder's levels ("Grades & pay": "Quality Inspector | P2 | £25,800"): facts
    # of those levels.
    # So is a sheet whose rows each start with a level's name, under a title or two ("Authority limits"), but
    # not a sheet of notes (read below) nor another year's copy of the matrix ("Matrix 2019" beside "Matrix 2025").
    owner = level_owner(ladder_aliases(ladder.rungs), ladder.rungs)
    versions = {unversioned(name) for name in own_sheets if name}
    others = [
        p
        for p in document.parts
        if isinstance(p, Table)
        and p.name
        and p.name not in own_sheets
        and not not_the_ladders(p.name)
        and (
            of_facts(p)
            or (
                not NOT_A_LADDER.match(p.name)
                and unversioned(p.name) not in versions
                and len(level_rows(replace(document, parts=[p]), owner)[0]) >= 2
            )
        )
    ]
    facts, _ = level_rows(replace(document, parts=others), owner)
    for sheet in others:  # its notes, each a row merged across ("Authority above these limits needs...")
        for row in sheet.rows:
            # a merged cell's copies are one note
            said = {c.text.strip(): c for c in reversed(row) if c is not None and c.text.strip()}
            if len(said) == 1 and len((note := next(iter(said.values()))).text.split()) >= NOTE_WORDS:
                out.add(None, Section.INTRO, None, note.start, note.end, sheet.name)
    profiles = []
    left_spans: dict[int, list[tuple[int, int]]] = {}  # by competency, the spans of the level to the left
    competencies = range(1, len(table.rows)) if not ladder.transposed else range(1, len(table.rows[0]))
    last_lines = ladder.through or ladder.lines
    # A note under the matrix, in its first columns ("Montréal testers are paid by the hour; ..."): introduction.
    for row in table.rows[1:] if not ladder.transposed else ():
        levels_said = any(c is not None and c.text.strip() for c in row[min(ladder.lines) :])
        said = [c for c in row[: min(ladder.lines)] if c is not None and c.text.strip()]
        if not levels_said and len(said) == 1 and len(said[0].text.split()) >= NOTE_WORDS:
            out.add(None, Section.INTRO, None, said[0].start, said[0].end, None)
    bands = category_bands(table, ladder) if not ladder.transposed else {}
    # A long export's description of each competency ("NRR (net revenue retention) also counts..."): once, the
    # ladder's introduction, named by its competency.
    for row in described_rows(ladder):
        out.add(None, Section.INTRO, row[0].text.strip(), row[1].start, row[1].end, None)
    for rung, line, last_line, names in zip(
        ladder.rungs, ladder.lines, last_lines, ladder_aliases(ladder.rungs), strict=True
    ):
        level = rung_level(rung, document)
        profiles.append(LevelProfile(level, names))
        for k in competencies:
            if k == ladder.titled or bands.get(k, "") is None:  # its title or a category's band, not a passage
                continue
            if ladder.transposed:
                name_cell, category_cell = table.rows[0][k], None
                cell = table.rows[line][k] if k < len(table.rows[line]) else None
            else:
                row = table.rows[k]
                name_cell = row[ladder.competency] if ladder.competency < len(row) else None
                category_cell = (
                    row[ladder.category] if ladder.category is not None and ladder.category < len(row) else None
                )
                # a level's columns under its merged header ("Expected behaviour", "Evidence examples"): one span
                # a run of them ("N/A" between two is no part of either)
                runs = [
                    list(run)
                    for said, run in itertools.groupby(
                        row[line : last_line + 1], key=lambda c: c is not None and not is_placeholder(c.text)
                    )
                    if said
                ]
                cell = runs[0][0] if runs else row[line] if line < len(row) else None
            if cell is None or name_cell is None or is_placeholder(cell.text):
                left_spans.pop(k, None)
                continue
            name = name_cell.text.split("\n")[0].strip()
            category = category_cell.text.split("\n")[0].strip() if category_cell else bands.get(k)
            ends = [run[-1].end for run in runs] if not ladder.transposed else [cell.end]
            starts = [run[0].start for run in runs] if not ladder.transposed else [cell.start]
            spans = list(zip(starts, ends, strict=True))
            if (pointer := AS_BEFORE.match(cell.text)) is not None:  # the cell to its left's, then what it adds
                spans = [*left_spans.get(k, []), (cell.start + pointer.end(), ends[0]), *spans[1:]]
            left_spans[k] = [(start, end) for start, end in spans if document.text[start:end].strip()]
            for span in left_spans[k]:
                for label, lead, (start, end) in cell_pieces(document.text, *span):
                    # "Reports to: ..." under "Role Details" is that fact; "Ready for CS4 when:" leads its items
                    out.add(level, Section.COMPETENCY, label or name, start, end, name if label else lead or category)
        for heading, (start, end) in facts.get(len(profiles) - 1, []):
            out.add(level, Section.OVERVIEW, heading, start, end, None)
    return profiles, out.passages


def described_rows(ladder: MatrixLadder) -> list[tuple[Cell, Cell]]:
    """Of a matrix read from a long export, each competency's name and its description, once."""
    if ladder.described is None or not ladder.tracks:
        return []
    (competency, description), named = ladder.described, dict[str, tuple[Cell, Cell]]()
    for row in ladder.tracks[0].rows[1:]:
        name = row[competency] if competency < len(row) else None
        said = row[description] if description < len(row) else None
        if name is not None and said is not None and said.text.strip():
            named.setdefault(name.text.strip(), (name, said))
    return list(named.values())


def unversioned(sheet: str) -> str:
    """A sheet's name without its year or version ("Matrix 2019" and "Matrix 2025" are both "matrix")."""
    return re.sub(r"[\d\s._-]+", "", sheet).lower()


BAND_WORDS = 6  # the most words of a category's row merged across a matrix; a longer one is a note


def category_bands(table: Table, ladder: MatrixLadder) -> dict[int, str | None]:
    """Rows merged across the matrix ("TECHNICAL UNDERWRITING" over its competencies): None for each such row,
    and for each row under one, its text, the rows' category."""
    bands: dict[int, str | None] = {}
    band: str | None = None
    for k in range(1, len(table.rows)):
        row = table.rows[k]
        said = [c.text.strip() for c in row if c is not None and c.text.strip()]
        levels = [row[c].text.strip() if c < len(row) and row[c] is not None else "" for c in ladder.lines]
        short = len(said[0].split()) <= BAND_WORDS and not said[0].rstrip().endswith(".") if said else False
        if short and len(said) > len(ladder.lines) and len(set(said)) == 1 and set(levels) == set(said):
            band, bands[k] = said[0].split("\n")[0], None
        elif band is not None:
            bands[k] = band
    return bands


CELL_BULLET = re.compile(r"[ \t]*[•▪◦‣·*-][ \t]+")
NOTE_WORDS = 8  # the fewest words of a note under a matrix (not a category's name on a row of its own)


# "Typical experience: 5+ years", not "Note: ..." nor "Example: ...", which go on the line before
LABELLED_LINE = re.compile(r"(?!(?i:notes?|examples?|e\.g|tip|see)\b)(?P<label>[A-Z][\w()/&'’ -]{1,40}?):[ \t]+\S")
LABEL_WORDS = 4  # the most words of a line's label


def cell_pieces(text: str, start: int, end: int) -> list[tuple[str | None, str | None, tuple[int, int]]]:
    """A matrix cell's pieces, each with its own label or its list's lead-in: lines that each give a label
    ("Reports to: Manager" / "Typical experience: 5+ years"), each after its label; bulleted lines, after a
    lead-in line ending in a colon or not ("Ready for CS4 when:" / "• at least 9 months at CS1"); else the cell."""
    lines = lines_of(Cell(text[start:end], start, end))
    labels = [LABELLED_LINE.match(line.text) for line in lines]
    if len(lines) >= 2 and all(m and len(m["label"].split()) <= LABEL_WORDS for m in labels):
        return [(m["label"], None, (line.start + m.end() - 1, line.end)) for line, m in zip(lines, labels, strict=True)]  # type: ignore[union-attr]
    if len(lines) >= 3 and lines[0].text.endswith(":") and len(listed := bullets(text, lines[1].start, end)) > 1:
        return [(None, lines[0].text, span) for span in listed]
    return [(None, None, span) for span in bullets(text, start, end)]


def bullets(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A cell's bulleted lines, each a span of its own without its bullet ("• Builds the seasonal plan" /
    "• Reforecasts sales weekly"): each is one thing the level does; else the cell's span."""
    lines = lines_of(Cell(text[start:end], start, end))
    marks = [CELL_BULLET.match(line.text) for line in lines]
    if len(lines) < 2 or not all(marks):
        return [(start, end)]
    return [(line.start + mark.end(), line.end) for line, mark in zip(lines, marks, strict=True)]  # type: ignore[union-attr]


# A matrix cell that points at the level before it, the cell to its left ("As previous level", "Ditto"),
# and what it adds ("As previous level, plus checks the gang's signing").
AS_BEFORE = re.compile(
    r"^\s*(?:(?:as|same as) (?:the |for the )?(?:previous|prior|preceding) (?:level|grade|role|band|column)"
    r"|(?:as|same as) (?:the )?(?:level|grade) (?:before|below)|ditto)"
    r"(?:[\s.,;:]*$|[\s,;:]+(?:plus|and also|also)\b[\s,:]*)",
    re.IGNORECASE,
)
ROW_CODE = re.compile(r"^[A-Z]{1,3}\d{1,2}$")  # "E1", "IC4": a level's code in a table's first column


def level_rows(
    document: Document, owner: dict[str, int]
) -> tuple[dict[int, list[tuple[str | None, tuple[int, int]]]], set[int]]:
    """A table's rows that each begin with a level's name ("Support Associate | 0-1 years | Support Team Lead"),
    by the level's place: the rest of the row, headed by the rest of the header row; and the tables (their
    places among the document's parts) that have such rows. A name with its code, as the heading gives it or
    not ("Band 5 Staff Nurse" for "Band 5 - Staff Nurse"), is the level's too (`owner`: level_owner's)."""
    found: dict[int, list[tuple[str | None, tuple[int, int]]]] = {}

    def named_at(row: tuple) -> int:  # type: ignore[type-arg]
        """The cell naming the level: the first, or the second after its number or code ("1 | Associate
        Engineer", "E1 | Engineer I")."""
        first = row[0].text.strip() if row and row[0] is not None else ""
        coded = ROW_CODE.match(first) and name_key(first) not in owner  # a code no level has as a name
        return 1 if (first.isdigit() or coded) and len(row) > 2 else 0

    def level_of(row: tuple) -> int | None:  # type: ignore[type-arg]
        at = named_at(row)
        return named_level(owner, row[at].text) if row and row[at] is not None else None

    tables = set()
    for at, table in enumerate(document.parts):
        if not isinstance(table, Table) or len(table.rows) < 2:
            continue
        # the row above the first that names a level is the header (a title or two may stand above it)
        # a group's row ("Individual contributors") or a title merged across (one text) is not it
        first = next((r for r, row in enumerate(table.rows) if level_of(row) is not None), 0)
        above = [r for r in range(first) if len({c.text.strip() for c in table.rows[r] if c and c.text.strip()}) > 1]
        headed = first > 0
        header = [c.text.strip() if c else "" for c in table.rows[above[-1] if above else 0]] if headed else []
        rows = table.rows[first:] if headed else table.rows
        skip = 1 + max((named_at(row) for row in rows), default=0)
        for row in rows:
            columns = [c for c in range(named_at(row) + 1, len(row)) if row[c] is not None and row[c].text.strip()]
            k = level_of(row)
            if k is not None and columns:
                # the headers of its cells, a blank cell's left out of both ("Salary maximum, Notes")
                named = [header[c] if c < len(header) else "" for c in columns]
                heading = ", ".join(named) if all(named) else ", ".join(h for h in header[skip:] if h)
                found.setdefault(k, []).append((heading or None, (row[columns[0]].start, row[columns[-1]].end)))
                tables.add(at)
    return found, tables


def is_contents(rows: Sequence[tuple[Cell | None, ...]]) -> bool:
    """A table of contents: numbered sections ("4.1 Customer Assistant") down to page numbers that never go down."""
    firsts = [next((c.text.strip() for c in row if c is not None and c.text.strip()), "") for row in rows]
    ends = [next((c.text.strip() for c in reversed(row) if c is not None and c.text.strip()), "") for row in rows]
    if not all(end.isdigit() for end in ends) or not any(re.match(r"\d+(?:\.\d+)*\s", f) for f in firsts):
        return False
    pages = [int(end) for end in ends]
    return all(a <= b for a, b in itertools.pairwise(pages))


def table_rows(table: Table, titles: re.Pattern[str]) -> list[tuple[str | None, tuple[int, int]]]:
    """A table whose rows are of no level but name one ("Engagement letters of £50,000 or more | Partner only"),
    at least half of them: row by row under its header row's names ("Matter, Who signs off"), each row's span
    from its first cell with words to its last. None of a table of contents, of pay scales or of versions."""

    def text(row: tuple) -> str:  # type: ignore[type-arg]
        return " ".join(c.text for c in row if c is not None).lower()

    headed = not titles.search(text(table.rows[0]))
    header = [c.text.strip() if c else "" for c in table.rows[0]] if headed else []
    heading = ", ".join(h for h in header if h) or None
    rows = table.rows[1:] if headed else table.rows
    if len(rows) < 2 or sum(bool(titles.search(text(row))) for row in rows) * 2 < len(rows):
        return []
    if is_contents(rows):
        return []
    out = []
    for row in rows:
        cells = [c for c in row if c is not None and c.text.strip() and not is_placeholder(c.text)]
        if len(cells) >= 2:
            out.append((heading, (cells[0].start, cells[-1].end)))
    return out


def of_facts(sheet: Table) -> bool:
    """A sheet of facts of each level ("Level | Title | Grade | Salary range | Notes") that is no changelog or
    notes."""
    return names_facts(sheet) and not not_the_ladders(sheet.name or "")


def note_rows(sheet: Table) -> list[tuple[str | None, str | None, tuple[int, int]]]:
    """A sheet of notes beside a matrix ("Key and notes"): each row of one or two cells that says something
    ("Call-out | Skilled Operatives take part in the winter rota"), named by its first cell when it has two,
    under the last short line above it ("Notes") or the sheet's name. Not a sheet of three columns or more
    (pay scales, another track), nor the document's history ("Changelog")."""
    rows = [cells for row in sheet.rows if (cells := [c for c in row if c is not None and c.text.strip()])]
    if not_the_ladders(sheet.name or "") or any(len(cells) > 2 for cells in rows) or table_matrix(sheet):
        return []
    if len(rows) > 1 and len(rows[0]) == 2 and all(is_caption(c.text) for c in rows[0]):
        rows = rows[1:]  # a header: "Term | Meaning"
    out: list[tuple[str | None, str | None, tuple[int, int]]] = []
    under = sheet.name
    for cells in rows:
        if len(cells) == 1 and is_caption(cells[0].text):  # "Notes", "Key", "How to use this workbook"
            under = cells[0].text.strip()
        elif not not_the_ladders(under or "") and len(" ".join(c.text for c in cells).split()) >= MIN_WORDS:
            heading = cells[0].text.strip() if len(cells) == 2 else None
            out.append((heading, under, (cells[0].start, cells[-1].end)))
    return out


def add_grid(out: Passages, table: Table, across: dict[int, int], levels: list[Level], under: str | None) -> None:
    """A grid of criteria by level: each cell its column's level's, named by its row's first cell."""
    for row in table.rows[1:]:
        named = row[0].text.split("\n")[0].strip() if row and row[0] is not None else None
        for c, k in across.items():
            if c < len(row) and (cell := row[c]) is not None and not is_placeholder(cell.text):
                out.add(levels[k], Section.COMPETENCY, named, cell.start, cell.end, under)


def prose_cells(table: Table, facts: bool = False) -> list[tuple[str | None, Cell]]:
    """A table set out as columns of prose ("Scope | Impact | Leadership" over a paragraph each): each cell,
    named by its column's header. Only when every cell below the header says something in words (not a
    table of figures, dates or versions)."""
    header, *rows = table.rows
    cells = [(c, cell) for row in rows for c, cell in enumerate(row) if cell is not None and cell.text.strip()]
    if not cells:
        return []
    if not in_words(cell for _, cell in cells):
        return named_rows(header, rows, facts)
    name = [cell.text.split("\n")[0].strip() if cell is not None else None for cell in header]
    return [(name[c] if c < len(name) else None, cell) for c, cell in cells]


def named_rows(
    header: tuple[Cell | None, ...], rows: Sequence[tuple[Cell | None, ...]], facts: bool = False
) -> list[tuple[str | None, Cell]]:
    """A table whose rows are named by a short first cell over prose ("Control plans | Issues control plans.") or
    over a rating ("Skill | Level expected": "Data management | Working"): each other cell that says something
    in words (or rates), named by its row's first; none unless some column says something in words in every
    row (a "Notes" column of a word or none beside it is left out), or the only other column rates. With `facts`
    (a table under a level), every row of two cells is read ("Area | Expectation" over "Grade | A2"), a header
    that is itself such a row ("Grade | F1") too, a row spanned by the name above it is that name's, a row of
    one cell across the table is read unnamed, and a row named by a number takes its column's name ("Pay point
    1"); a table of versions or dates is none."""
    if facts and len(header) == 2 and all(header) and is_fact_row(header):
        header, rows = (None, None), [header, *rows]  # no header: its first row is a fact too ("Grade | F1")
    named: list[tuple[str | None, list[Cell | None]]] = []
    for row in rows:
        first, *rest = row
        said = any(c is not None and c.text.strip() for c in rest)
        if facts and first is None and named and said:  # under a name spanning two rows
            named.append((named[-1][0], rest))
        elif facts and first is not None and not said and len(first.text.split()) >= MIN_WORDS:
            named.append((None, [first]))  # one cell across the table
        elif first is None or not is_caption(first.text.strip().removesuffix(":")) or not said:
            return []
        elif facts and re.fullmatch(r"[\d.,]+", first.text.strip()) and header[0] is not None:
            named.append((f"{header[0].text.strip()} {first.text.strip()}", rest))  # "Pay point 1"
        else:
            named.append((first.text.strip().removesuffix(":").strip(), rest))  # "Reports to:" is "Reports to"
    if facts and any(c is not None and CHANGES.match(bare_header(c.text)) for c in header):
        return []  # "Version | Date": the document's history
    rated = len(header) == 2 and header[1] is not None and RATING.search(header[1].text)
    # "Term | Meaning": a glossary, whose meanings may be a word or two ("PQE | Post-qualification experience.")
    glossary = len(header) == 2 and all(header) and GLOSSARY.match(" | ".join(bare_header(c.text) for c in header))
    # "Skill | Level expected" over ratings, "Area | Expectation" too
    if rated or glossary or (facts and len(header) == 2):
        return [
            (name, cell)
            for name, rest in named
            for cell in rest
            if cell is not None and cell.text.strip() and (rated or not is_placeholder(cell.text))
        ]
    width = max(len(rest) for _, rest in named)
    if not any(
        all(c < len(rest) and rest[c] is not None and in_words([rest[c]]) for _, rest in named) for c in range(width)
    ):
        return []
    return [(name, cell) for name, rest in named for cell in rest if cell is not None and in_words([cell])]


GLOSSARY = re.compile(
    r"^(?:terms?|acronyms?|abbreviations?|words?|jargon) \| (?:meanings?|definitions?|descriptions?|what it means)$"
)
CHANGES = re.compile(r"^(?:version|revision|date|last updated|changes?|change log|author)$")
# What a table's second column is headed by, when its first names the rows: "Area | Expectation".
COLUMN_NAMES = re.compile(r"^(?:expectations?|details?|descriptions?|values?|notes?|requirements?|what it means)$")


def is_fact_row(row: tuple[Cell | None, ...]) -> bool:
    """A row that states a fact ("Grade | F1", "Reports to | Finance Manager"), not a header naming columns
    ("Pay point | Annual salary", "Area | Expectation")."""
    name, value = (bare_header(c.text) if c else "" for c in row[:2])
    return bool(FACT_ROW.match(name)) and not FACT_ROW.match(value) and not COLUMN_NAMES.match(value)


def in_words(cells: Iterable[Cell]) -> bool:
    """Whether every cell says something in words: a few of them, no placeholder."""
    return all(len(cell.text.split()) >= MIN_WORDS and not is_placeholder(cell.text) for cell in cells)


RATING = re.compile(r"\b(?:level|proficiency|rating|expected|required)\b", re.I)  # "Level expected"


def level_owner(names: list[tuple[str, ...]], rungs: Sequence[Rung]) -> dict[str, int]:
    """Each way a table may name a level, by name_key: its names, and its title with its code or without."""
    owner = {name_key(name): k for k, level_names in enumerate(names) for name in level_names}
    for k, rung in enumerate(rungs):
        for name in (
            rung.name.text,
            rung.name.title,  # "Charge Nurse / Ward Sister" whole
            f"{rung.short} {rung.name.title}",
            f"{rung.name.title} {rung.short}",
        ):
            owner.setdefault(name_key(name), k)
    return owner


def named_level(owner: dict[str, int], name: str) -> int | None:
    """The level a cell names, or with its other title after it: "Reader (Associate Professor)"."""
    return owner.get(name_key(name), owner.get(name_key(re.sub(r"\s*\([^()]*\)\s*$", "", name))))


def level_columns(table: Table, owner: dict[str, int]) -> dict[int, int]:
    """A grid whose header names two levels or more across ("Criterion | Lecturer (Grade 7) | Senior Lecturer
    (Grade 8) | ..."): each such column's level."""
    header = table.rows[0] if table.rows else ()
    columns = {
        c: k for c, cell in enumerate(header) if cell is not None and (k := named_level(owner, cell.text)) is not None
    }
    if len(columns) < 2 or 0 in columns or len(set(columns.values())) < len(columns):
        return {}
    # what each level does, in words or by marks under its row's name ("✓"): not a grid of pay ("Minimum | £30,000")
    cells = [row[c] for row in table.rows[1:] for c in columns if c < len(row) and row[c] is not None]
    if cells and all(is_placeholder(c.text) or is_mark(c.text) for c in cells):
        return columns if any(is_mark(c.text) for c in cells) else {}
    return columns if cells and sum(len(c.text.split()) for c in cells) / len(cells) >= TRACK_CELL_WORDS else {}


def is_mark(text: str) -> bool:
    """A cell that only marks its level as doing what its row names: "✓", "●●○", "★★★"."""
    said = text.strip()
    return bool(said) and not any(c.isalnum() for c in said) and not is_placeholder(said)


def name_key(name: str) -> str:
    """A level's name as a table cell or a heading may write it: "Band 5 - Staff Nurse" is "band 5 staff nurse"."""
    return " ".join(re.findall(r"\w+", name.lower()))


def names_a_table(block: Block, following: Block | Table | None) -> bool:
    """A short line right above a table: its caption ("Role profile 1 of 5")."""
    return isinstance(following, Table) and is_caption(block.text)


def is_caption(text: str) -> bool:
    """A short line with no sentence end: what names the lines below it, not something said."""
    text = text.strip()
    return len(text.split()) <= CAPTION_WORDS and not text.endswith((".", ":"))


def caption_of(block: Block, following: Block | Table | None) -> str | None:
    """The name of a list that a short line right above it gives, as a sub-heading would: a bold "What you'll
    do", "Key Responsibilities", "Key duties – everything a Library Assistant does, plus:" (its name before the
    dash); not a level's own short line ("Manages two junior designers")."""
    if not isinstance(following, Block):
        return None
    text = block.text.strip()
    if names_a_list(block, following):
        return text if section_named(text) is not None or CAPTION.match(text) or title_cased(text) else None
    named = NAMED_LIST.match(text)
    if named and CAPTION.match(named["name"]) and names_a_list(replace(block, text=named["name"]), following):
        return named["name"]
    return None


LEAD_IN_WORDS = 12  # the most words of a line that only introduces the list under it
# A lead-in that says nothing of its own ("To move to PM-2 you show that you:", "What changes at Manager:", "Partners
# are expected to:"), unlike "Owns the Kubernetes upgrade process end to end and answers for:", a passage too.
PURE_LEAD_IN = re.compile(
    rf"{LEADS_TO.pattern}|\b(?:you|you'll|your|expected to|following|includes?|including|such as)\b", re.IGNORECASE
)
# What says something of its own before a list: a figure ("manages the team's £20k budget", not "PM-2"), a name
# and a dash ("Experience – at least three years in analytics, including:").
SAYS_SOMETHING = re.compile(r"(?<![\w-])\d| [–—-] ")


def leads_in(block: Block, following: Block | Table | None) -> bool:
    """A paragraph that only introduces the list right under it: "To move to PM-2 you show that you:"."""
    text = block.text.strip()
    return (
        block.kind is Kind.PARAGRAPH
        and block.label is None
        and text.endswith(":")
        and len(text.split()) <= LEAD_IN_WORDS
        and not says_something(text)
        and isinstance(following, Block)
        and following.kind is Kind.ITEM
    )


def says_something(text: str) -> bool:
    """Whether a line over a list says something of its own (`SAYS_SOMETHING`), unlike a section's name and whose
    it is."""
    return not names_a_section(text) and bool(SAYS_SOMETHING.search(text))


def names_a_section(text: str) -> bool:
    """ "Responsibilities — a Second Officer:": a section's name, a dash and whose it is, over its list."""
    named = re.match(r"(?P<name>[^–—-]+?) [–—-] (?P<whose>(?:\S+ ){0,3}\S+?):$", text.strip())
    return bool(named) and section_named(named["name"]) is not None and not re.search(r"\d", text)


def title_cased(text: str) -> bool:
    """Every word capitalised but the small ones: "Day To Day", "In This Role"."""
    found = text.replace("’", "'").split()
    return len(found) > 1 and all(w[:1].isupper() or w.lower() in SMALL_WORDS for w in found)


def is_prose(block: Block, introduction: bool = False) -> bool:
    """A paragraph of a few words at least, or a level's list item ("People management."); a caption, a link,
    a page's "On this page", a placeholder ("N/A", "—") or the introduction's menu ("Home", "Blog") is not."""
    least = 1 if block.kind is Kind.ITEM and not introduction else MIN_WORDS
    return not block.link and len(block.text.split()) >= least and not is_placeholder(block.text)


def is_placeholder(text: str) -> bool:
    """Nothing written yet ("N/A", "TBC", "-" or "✗" in a matrix cell) or a page's chrome ("Back to top"); a
    mark ("✓", "●●○") says the level is expected to do what its row names."""
    said = " ".join(text.split()).lower().strip(" :.")
    if NOT_APPLICABLE.match(said):  # "N/A - no line management responsibility", "N/A: none"
        return True
    said = said.rsplit(": ", 1)[-1]  # "People management: N/A"
    return all(c in NOTHING for c in said) or said in CHROME or bool(NOT_APPLICABLE.match(said))


# "Typical PQE: pre-qualification.", "Experience: none required.": the level asks no years
NO_YEARS = re.compile(r"^\W*(?:none|nil|n/a|no (?:experience|years)|not required|pre-)", re.I)


def years_stated(passages: list[Passage]) -> tuple[float, float | None] | None:
    """The years of experience a level's own text asks for ('a minimum of 5 years', '2-4 years', '7+ years'):
    those of a row or line headed so ("Typical experience") first, not a qualification's "at least 3 years
    post-qualification" in a row above it."""

    def headed(passage: Passage) -> bool:
        return bool(FACT_ROW.match(bare_header(passage.heading or "")))

    for passage in sorted(passages, key=lambda p: not headed(p)):
        if headed(passage) and NO_YEARS.match(passage.text) and not re.search(r"\d", passage.text):
            return None  # not the supervisor's "at least 3 years PQE" in another of its sentences
        text = passage.text
        if headed(passage) and BARE_YEARS.match(text):  # "Typical years | 0–2"
            text += " years"
        found = [m for pattern in YEARS if (m := pattern.search(text))]
        if found:
            first = min(found, key=lambda m: m.start())
            scale = 12.0 if first["unit"].lower() == "months" else 1.0
            low, high = first["low"].lower(), first.groupdict().get("high")
            low = NUMBER_WORDS.get(low, low if low.isdigit() else "0")  # "newly qualified" is none
            return float(low) / scale, float(high) / scale if high else None
    return None
