"""A document read as a ladder: which headings, or which columns or rows of a table, are its levels.

Levels are found by structure. Among the document's headings, the run of
siblings (same depth, same parent) that most reads as a ladder wins: `Level
N: Title`, codes (L3, IC5, D4, EM6), numerals (Engineer II) or seniority
words (junior, senior, staff, principal, lead, head, deputy, director, VP, chief).
Failing that, a table whose header row (or first column, when it is laid
out one row per level) reads so is a competency matrix. Each level keeps its
own words: the title as written, its own number when every level has one
(EM5 is 5), else its place, and a short name from its code or title.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from core.model import FACT_ROW, bare_header, squashed
from ingest.document import Block, Cell, Document, Kind, Table

LEVEL_LINE = re.compile(
    r"^Level\s+(?P<number>\d+)\s*[:.\-–—]\s*(?P<title>.+?)\s*(?:\((?P<short>[^()]+)\))?\s*$", re.IGNORECASE
)
CODE_TITLE = re.compile(r"^(?P<code>[A-Z]{1,4}[ -]?(?P<number>\d{1,2}))\s*(?:[:.\-–—|]\s*|\s+)(?P<title>\S.*)$")
CODE_ONLY = re.compile(r"^(?P<code>[A-Z]{1,4}[ -]?(?P<number>\d{1,2}))$")
TITLE_CODE = re.compile(r"^(?P<title>.+?)\s*[(\[](?P<code>[A-Z]{1,4}[ -]?(?P<number>\d{1,2}))[)\]]$")
# "Band 5 - Staff Nurse", "Staff Nurse (Band 5)", "Grade 7: Analyst": a pay band or grade is the level's code.
RANK = r"(?P<code>(?:Band|Grade|Tier|Rank)\s+(?P<number>\d{1,2})[a-z]?)"  # not "Step 1: Read your level"
RANK_TITLE = re.compile(rf"^{RANK}\s*[:.\-–—|]\s*(?P<title>\S.*)$", re.IGNORECASE)
TITLE_RANK = re.compile(rf"^(?P<title>.+?)\s*[(\[]{RANK}[)\]]$", re.IGNORECASE)
RANK_ONLY = re.compile(rf"^{RANK}$", re.IGNORECASE)
RANKS = (RANK_TITLE, TITLE_RANK, RANK_ONLY)
# "Teaching Assistant (Specialist)": a word in parentheses that is no short name ("(APM)", "(Senior PM)", "(L3)")
# but part of the title.
# "Chef de Partie" is a CDP; not "of" ("Director of Engineering" as "DOE" would name "does")
PARTICLES = {"de", "du", "la", "des", "del", "di"}
LEADING_CODE = re.compile(r"^(?P<code>[A-Z]{2,4})(?=-\d)")  # "NQ-2 PQE": a code before a range of years
RANKED_CODE = re.compile(r"^[A-Za-z]+(?: [A-Za-z]+)? (?P<code>[A-Z]{1,3}\d{1,2}[A-Z]?)$")  # "Grade P3" is a P3
QUALIFIER = re.compile(r"^[A-Z][a-z]+(?: [a-z]+)*$")
QUALIFIED = re.compile(r"^(?P<title>[^()]+?) \((?P<qualifier>[A-Z][a-z]+)\)$")  # "Teaching Assistant (Specialist)"


def is_rank(name: str) -> bool:
    """A pay band, grade or level number ("Band 7", "Level 3"), which names a level of one ladder but the job
    of none: any profession of a hospital has its Band 7, and an electrician's posting asks for NVQ Level 3."""
    return bool(RANK_ONLY.match(name.strip()) or re.fullmatch(r"Level \d{1,2}", name.strip()))


# A code of letters alone, the initials of the title after it: "DEM - Data Engineering Manager", "TL: Team Lead".
LETTER_CODE_TITLE = re.compile(r"^(?P<code>[A-Z]{2,5})\s*[:\-–—|]\s*(?P<title>\S.*)$")
TITLE_SHORT = re.compile(r"^(?P<title>.+?)\s*\((?P<short>[^()]{1,20})\)$")
NUMERAL = re.compile(r"\b(?P<numeral>[IVX]{1,4}|\d{1,2})$")
SENIORITY = {
    "intern", "apprentice", "trainee", "graduate", "junior", "associate", "assistant", "entry", "intermediate", "mid",
    "senior", "staff", "principal", "distinguished", "fellow", "lead", "head", "deputy", "director", "vp", "vice",
    "chief", "manager", "cto", "cpo", "ceo", "leader", "supervisor", "officer", "captain",
}  # fmt: skip
JOB_NOUNS = {"officer"}  # a seniority word that is also a job's noun ("chief technology officer"): no name alone
# A level's sub-headings by the section they name (ingest/passages.py files what follows them there).
ROLE_NAMES = {"primary role", "role", "the role", "role summary"}
SKILLS_NAMES = {
    "skills developed", "skills", "key skills", "skills and behaviours", "skills & behaviours",
    "skills and competencies", "skills and knowledge", "knowledge and skills", "skills and abilities",
}  # fmt: skip
RESPONSIBILITY_NAMES = {
    "key responsibilities", "responsibilities", "what you do", "what you'll do", "what you will do", "expectations"
}  # fmt: skip
# A level's own sub-headings, never a level: "Responsibilities" between two bold level names in a PDF.
SECTION_NAMES = ROLE_NAMES | SKILLS_NAMES | RESPONSIBILITY_NAMES | {"scope", "impact", "experience"}
# Page sections that are never levels, by their whole name ("Process Engineer I" is a level).
PAGE_SECTIONS = {"promotion process", "promotions", "promotion", "version history", "revision history", "process"}
NOT_LEVELS = (
    "introduction", "intro", "overview", "about", "contents", "table of contents", "on this page", "other pages",
    "notes", "note", "appendix", "faq", "glossary", "references", "resources", "links", "summary", "changelog",
    "history", "how to use", "purpose", "see also", "related", "background", "principles", "values", "feedback",
)  # fmt: skip
# a changelog's "2024-03-01" ends in a number, as a level may; "3.1.1 Junior Analyst" is a numbered heading
DATE = re.compile(r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})(?:$|[:\s])")
OUTLINE_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)+\.?|\d+\.)\s+(?=\D)")
FIELD = re.compile(
    r"^(?:team|department|location|function|group|division|office|site|unit|reports to):\s"
)  # "Team: Group Reporting" gives a field of the level above it
INTRODUCING = re.compile(r"\b(?:this|the) (?:page|guide|ladder|framework|document)\b|\bcareer (?:path|ladder)\b", re.I)
TRACK = re.compile(
    r"\b(?:track|path|pathway|ladder|stream|route)s?\b|\bindividual contributors?\b|\bmanage(?:ment|rs)\b",
    re.IGNORECASE,
)  # "Management track"
CATEGORY_NAMES = {
    "category", "area", "group", "pillar", "theme", "dimension", "domain", "focus area", "competency area",
    "skill area",
}  # fmt: skip
COMPETENCY_NAMES = {"competency", "competencies", "skill", "skills", "attribute", "behaviour", "behavior", "criteria"}
# A workbook's sheets that are never a ladder, by name: "Changelog", "Version history", "Notes".
NOT_A_LADDER = re.compile(
    r"^\s*(?:change ?log|changes|(?:version|revision|change) history|versions|revisions|history|release notes|notes"
    r"|glossary|read ?me|instructions|how to use(?: this)?)\s*$",
    re.IGNORECASE,
)
TRACK_CELL_WORDS = 3  # the fewest words a joined track's level cells have on average
TITLE_WORDS = 8  # the most words of a cell in a levels' "Title" column
TITLE_NAMES = {"title", "job title", "role title", "level title", "level name", "role", "position", "name"}
# A performance tool's export: "Track | Level | Level Name | Competency | Expectation", a row per level and competency.
TRACK_COLUMN = re.compile(r"^(?:career |job )?(?:track|family|ladder|path|stream)$", re.IGNORECASE)
LEVEL_COLUMN = re.compile(r"^(?:job |career )?(?:level|grade|band)(?: code| id)?$", re.IGNORECASE)
DESCRIPTION_NAMES = {"description", "definition", "summary", "what it means", "details"}
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


class NoLadderError(ValueError):
    """A document with no run of headings or table that reads as a ladder."""


WHAT_WAS_LOOKED_FOR = (
    "no ladder found: looked for a run of sibling headings that read as levels ('Level 1: Title', "
    "'Engineer II', 'Senior ...', codes like L3, IC5, D4, EM6) and for a table with a column or a row per level"
)


@dataclass(frozen=True, slots=True)
class LevelName:
    """What a heading or a header cell says about a level."""

    text: str
    title: str
    short: str | None  # from a code ("D1") or parentheses ("(APM)")
    number: int | None  # the ladder's own number ("Level 3", "EM5")
    strength: int  # 3: "Level N"; 2: a code; 1: a numeral or a seniority word; 0: none


def name_level(text: str) -> LevelName:
    # "L3 — Senior Data Engineer 🚀": an emoji decorates a heading, it names no one
    text = "".join(c for c in text if unicodedata.category(c) not in ("So", "Cs") and c not in "\ufe0f\u200d")
    text = " ".join(text.split()).strip(" *_#")
    text = OUTLINE_NUMBER.sub("", text) or text  # "3.1.1 Junior Analyst": a section's number, not the level's
    if m := LEVEL_LINE.match(text):
        title, short = m["title"].strip(), m["short"]
        if short and QUALIFIER.match(short):
            title, short = f"{title} ({short})", None
        return LevelName(text, title, short, int(m["number"]), 3)
    for pattern in (TITLE_CODE, CODE_TITLE, CODE_ONLY, RANK_TITLE, TITLE_RANK, RANK_ONLY):
        if m := pattern.match(text):
            code = " ".join(m["code"].split()) if pattern in RANKS else m["code"].replace(" ", "")  # "Band 5", "D1"
            title = m.groupdict().get("title") or code
            return LevelName(text, title.strip(), code, int(m["number"]), 2)
    title, short = text, None
    if (m := TITLE_SHORT.match(text)) and not QUALIFIER.match(m["short"].strip()):
        title, short = m["title"].strip(), m["short"].strip()
    elif (m := LETTER_CODE_TITLE.match(text)) and initials(m["title"]) == m["code"]:
        title, short = m["title"].strip(), m["code"]  # "DEM - Data Engineering Manager"
    words = {w.lower().strip(".") for w in re.findall(r"[A-Za-z.]+", title)}
    strength = 1 if words & SENIORITY or NUMERAL.search(title) else 0
    # "1.0": a version in a document's history; "Talk to your supervisor": a pointer, no title
    if is_not_a_level(text) or VERSION.match(text) or re.search(r"\byour?\b", text, re.IGNORECASE):
        strength = 0
    return LevelName(text, title, short, None, strength)


def is_sub_heading(text: str) -> bool:
    """A level's own sub-heading, by its name ("Responsibilities", "Skills"), or a field ("Team: Payables")."""
    name = without_code(OUTLINE_NUMBER.sub("", squashed(text)).strip(" :"))
    return name in SECTION_NAMES or bool(FIELD.match(name))


def without_code(name: str) -> str:
    """A lower-cased sub-heading without its level's code before it: "M3 responsibilities" names responsibilities."""
    return re.sub(r"^[a-z]{1,3}\d{1,2} ", "", name)


def is_not_a_level(text: str) -> bool:
    name = text.lower().strip(" :")
    return (
        bool(DATE.match(name))
        or bool(FIELD.match(name))
        or name in SECTION_NAMES
        or name in PAGE_SECTIONS
        or any(name == word or name.startswith(word + " ") for word in NOT_LEVELS)
    )


@dataclass(frozen=True, slots=True)
class Rung:
    """A level as the document gives it: its name, where its content is, and its number and short name."""

    name: LevelName
    number: int
    short: str
    part: int  # the index of its heading in the document's parts (matrices: -1)


@dataclass(frozen=True, slots=True)
class HeadingLadder:
    rungs: tuple[Rung, ...]
    ends: tuple[int, ...]  # where each rung's content ends (an index into the parts)
    skipped: tuple[str, ...]  # headings after the ladder that are not levels


@dataclass(frozen=True, slots=True)
class MatrixLadder:
    table: Table
    rungs: tuple[Rung, ...]
    lines: tuple[int, ...]  # per rung: its column (or its row, transposed)
    competency: int  # the column (or row) that names each competency
    category: int | None
    transposed: bool
    titled: int | None = None  # the column of the levels' titles, levels down ("Level | Title | Scope")
    tracks: tuple[Table, ...] = ()  # the tables (a workbook's sheets, one per track) `table` joins, in order
    through: tuple[int, ...] = ()  # per rung, its last column where its header spans several (else its line's)
    # in long form, the columns of each competency's name and of its description, the same at every level
    described: tuple[int, int] | None = None


def find_ladder(document: Document) -> HeadingLadder | MatrixLadder:
    headings = heading_ladder(document)
    # Role profiles when nothing else reads as a ladder, or under headings of their levels that hold no text.
    profiles = profile_ladder(document) if headings is None or not holds_text(document, headings) else None
    # A table of ranks makes headings levels only when nothing else reads as a ladder ("Crew Commander").
    ladder = profiles or headings or matrix_ladder(document) or heading_ladder(document, tabled=True)
    if ladder is None:
        raise NoLadderError(WHAT_WAS_LOOKED_FOR)
    return ladder


def holds_text(document: Document, ladder: HeadingLadder) -> bool:
    """Whether any level of a ladder of headings has words of its own under it, not only tables."""
    return any(
        isinstance(part, Block) and part.kind is not Kind.HEADING and part.text.strip()
        for rung, end in zip(ladder.rungs, ladder.ends, strict=True)
        for part in document.parts[rung.part + 1 : end]
    )


def heading_ladder(document: Document, tabled: bool = False) -> HeadingLadder | None:
    """The run of sibling headings that most reads as a ladder, at least two of them levels; with `tabled`,
    the headings a table of levels lists are levels too."""
    headings = [(i, p) for i, p in enumerate(document.parts) if isinstance(p, Block) and p.kind is Kind.HEADING]
    siblings: dict[tuple[int, int], list[tuple[int, Block]]] = defaultdict(list)
    stack: list[tuple[int, int]] = []  # (depth, part index) of the headings above
    for i, heading in headings:
        while stack and stack[-1][0] >= heading.depth:
            stack.pop()
        parent = stack[-1][1] if stack else -1
        siblings[(parent, heading.depth)].append((i, heading))
        stack.append((heading.depth, i))

    def score(run: list[tuple[int, Block]]) -> tuple[int, int, int]:
        levels = [n for _, n in run_names(document, run, tabled) if n.strength]
        return len(levels), sum(n.strength for n in levels), -run[0][1].depth

    candidates = {key: run for key, run in siblings.items() if score(run)[0] >= 2}
    if not candidates:
        return None
    # "D6" over "Creative Director" on a slide of the ladder at a glance: the levels are the headings it names.
    ladders = {key: run for key, run in candidates.items() if not is_summary(document, run, headings)}
    candidates = ladders or candidates
    (parent, depth), run = max(candidates.items(), key=lambda found: score(found[1]))
    # Tracks: runs of levels under sibling headings that name a track ("Individual contributor track",
    # "Management track") are one ladder, in the document's order.
    tracks = [run]
    if parent != -1 and TRACK.search(document.parts[parent].text):  # type: ignore[union-attr]
        tracks = [
            other
            for (other_parent, other_depth), other in candidates.items()
            if other_depth == depth
            and other_parent != -1
            and document.parts[other_parent].depth == document.parts[parent].depth  # type: ignore[union-attr]
            and TRACK.search(document.parts[other_parent].text)  # type: ignore[union-attr]
        ]
    levels = [paired(document, levels_of(document, track, tabled)) for track in sorted(tracks, key=lambda t: t[0][0])]
    inside = [level for track in levels for level in track]
    last_of_track = {track[-1][0] for track in levels}
    boundaries = [i for i, p in enumerate(document.parts) if isinstance(p, Block) and p.kind is Kind.HEADING]
    depths = {i: document.parts[i].depth for i in boundaries}  # type: ignore[union-attr]

    def own(b: int) -> bool:  # a sub-heading set as large as the levels ("Responsibilities" in a PDF)
        return depths[b] == depth and is_sub_heading(document.parts[b].text)  # type: ignore[union-attr]

    ends = []
    for k, (i, _) in enumerate(inside):
        if i not in last_of_track:  # the next level: a sibling between them that is no level is its text
            ends.append(inside[k + 1][0])
        else:  # a track's last: the next heading that is not its own sub-heading ("Related pages", "FAQ")
            ends.append(
                next((b for b in boundaries if b > i and depths[b] <= depth and not own(b)), len(document.parts))
            )
    skipped = [
        p.text
        for p in document.parts[ends[-1] :]
        if isinstance(p, Block) and p.kind is Kind.HEADING and p.depth <= depth
    ]
    rungs = numbered([(n, i) for i, n in coded(document, inside)])
    return HeadingLadder(rungs, tuple(ends), tuple(skipped))


def paired(document: Document, levels: list[tuple[int, LevelName]]) -> list[tuple[int, LevelName]]:
    """Levels with a heading that joins the headings under it ("Actuarial Analyst and Actuarial Associate" over
    each, side by side on a slide) read as those."""
    out = []
    for i, name in levels:
        depth = document.parts[i].depth  # type: ignore[union-attr]
        below = []
        for j in range(i + 1, len(document.parts)):
            part = document.parts[j]
            if isinstance(part, Block) and part.kind is Kind.HEADING:
                if part.depth <= depth:
                    break
                below.append((j, part))
        children = [(j, h) for j, h in below if h.depth == min(h.depth for _, h in below)]
        joined = [squashed(t) for t in re.split(r"\s*(?:,|&|\band\b)\s*", name.text) if t.strip()]
        if (
            len(children) >= 2
            and joined == [squashed(h.text) for _, h in children]
            and all(reads_as_level(document, j, h) for j, h in children)
        ):
            out += [(j, name_level(h.text)) for j, h in children]
        else:
            out.append((i, name))
    return out


def reads_as_level(document: Document, at: int, heading: Block) -> bool:
    """A heading that names a level, or one over a short line of its code ("Actuarial Analyst" over "AP1 ·
    Graduate entry"); not "Sales" of "Sales and Marketing"."""
    following = document.parts[at + 1] if at + 1 < len(document.parts) else None
    return name_level(heading.text).strength > 0 or code_line(following) is not None


def code_line(part: Block | Table | None) -> LevelName | None:
    """A short line that gives a level's code ("D1 · Entry level"), as a slide sets it under the level's title."""
    if not isinstance(part, Block) or len(part.text.split()) > 6:
        return None
    line = name_level(part.text)
    return line if line.strength == 2 else None


def coded(document: Document, levels: list[tuple[int, LevelName]]) -> list[tuple[int, LevelName]]:
    """Levels whose headings are followed by a short line of their codes ("Junior Game Designer" over "D1 ·
    Entry level" on a slide), each code the level's short name; two levels or more, no code twice."""
    codes, parts = [], {i for i, _ in levels}
    for i, name in levels:
        # not the next level's own heading ("E2 Mid Engineer" under a level with no text)
        following = document.parts[i + 1] if i + 1 < len(document.parts) and i + 1 not in parts else None
        line = code_line(following)
        codes.append(line.short if line is not None and name.short is None else None)
    known = [c for c in codes if c]
    if len(known) < 2 or len(set(known)) < len(known):
        return levels
    return [(i, replace(n, short=c) if c else n) for (i, n), c in zip(levels, codes, strict=True)]


def is_summary(document: Document, run: list[tuple[int, Block]], headings: list[tuple[int, Block]]) -> bool:
    """Whether a run of headings only names the levels: each holds nothing but a short paragraph that is the
    text of a heading after the run."""
    after = {squashed(h.text) for i, h in headings if i > run[-1][0]}
    for (i, _), following in itertools.zip_longest(run, run[1:], fillvalue=None):
        end = following[0] if following is not None else next((j for j, _ in headings if j > i), len(document.parts))
        held = document.parts[i + 1 : end]
        if len(held) != 1 or not isinstance(held[0], Block) or squashed(held[0].text) not in after:
            return False
    return True


def levels_of(document: Document, run: list[tuple[int, Block]], tabled: bool = False) -> list[tuple[int, LevelName]]:
    """A run of sibling headings' levels: from its first level to its last, with the siblings around them that
    read as levels too ("Reporter" before "Senior Reporter", an "HR Coordinator" with the levels' own
    sub-headings), and between them every sibling that is not a known non-level ("Support Specialist")."""
    named = run_names(document, run, tabled)
    first = next(k for k, (_, n) in enumerate(named) if n.strength)
    last = max(k for k, (_, n) in enumerate(named) if n.strength)
    alike = alike_levels(document, named)
    # stepping over the levels' own sub-headings set as large as they are ("Team: Payables" under each)
    for k in range(first - 1, -1, -1):
        if alike(k):
            first = k
        elif not is_sub_heading(named[k][1].text):
            break
    for k in range(last + 1, len(named)):
        if alike(k):
            last = k
        elif not is_sub_heading(named[k][1].text):
            break
    return [(i, n) for i, n in named[first : last + 1] if not is_not_a_level(n.text)]


TABLED = 3  # the fewest of a run's headings a table of levels must list to make them levels
# A table's first header cell when its rows are levels ("Rank | Pay point | Reports to").
LEVELS_COLUMN = {"rank", "grade", "level", "band", "role", "title", "job title", "position", "job", "post"}


def run_names(document: Document, run: list[tuple[int, Block]], tabled: bool = False) -> list[tuple[int, LevelName]]:
    """What a run of sibling headings says of levels; with `tabled`, a heading that a table of levels (its
    first column headed "Rank", "Grade", "Level"...) lists beside two or more of its siblings is a level."""
    named = [(i, name_level(h.text)) for i, h in run]
    if not tabled:
        return named
    listed: set[str] = set()
    for table in (p for p in document.parts if isinstance(p, Table)):
        header = table.rows[0][0] if table.rows and table.rows[0] else None
        if header is not None and squashed(header.text).rstrip("s") in LEVELS_COLUMN:
            listed |= first_column(table)
    if sum(squashed(n.text) in listed for _, n in named) < TABLED:
        return named
    lifted = [not n.strength and not is_not_a_level(n.text) and squashed(n.text) in listed for _, n in named]
    return [(i, replace(n, strength=1) if lift else n) for (i, n), lift in zip(named, lifted, strict=True)]


def first_column(table: Table) -> set[str]:
    return {squashed(row[0].text) for row in table.rows if row and row[0] is not None}


CAPTION_WORDS = 6  # a line this short over a list, with no sentence end, names the list ("What you'll do")


def names_a_list(block: Block, following: Block) -> bool:
    """A short line of its own with no sentence end right above a list ("What you'll do", "Skills")."""
    text = block.text.strip()
    return (
        block.kind is Kind.PARAGRAPH
        and block.label is None
        and following.kind is Kind.ITEM
        and len(text.split()) <= CAPTION_WORDS
        and not text.endswith((".", "!", "?", ":", ";"))
    )


def alike_levels(document: Document, run: list[tuple[int, LevelName]]) -> Callable[[int], bool]:
    """Whether the run's k-th sibling reads as a level although it names no seniority: not a known non-level,
    and either a level's title less its seniority words ("Reporter" of "Senior Reporter") or a heading whose
    sub-headings are all among the levels' own ("Responsibilities", "Skills")."""
    depth = document.parts[run[0][0]].depth  # type: ignore[union-attr]
    children: list[set[str]] = []
    introduces: list[bool] = []  # its text introduces the page ("This page describes its career path")
    headers: list[set[tuple[str, ...]]] = []  # its tables' header rows ("Area | Expectation")
    keys: list[set[str]] = []  # and what their rows are named ("Grade", "Reports to")
    for k, (i, _) in enumerate(run):
        end = run[k + 1][0] if k + 1 < len(run) else len(document.parts)
        blocks = [p for p in document.parts[i + 1 : end] if isinstance(p, Block)]
        tables = [p for p in document.parts[i + 1 : end] if isinstance(p, Table) and p.rows]
        headers.append({tuple(squashed(c.text) if c else "" for c in t.rows[0]) for t in tables})
        keys.append({squashed(r[0].text) for t in tables for r in t.rows[1:] if r and r[0] is not None})
        # its sub-headings, and the short lines that name its lists as sub-headings would ("**What you'll do**")
        named = [p for p in blocks if p.kind is Kind.HEADING and p.depth == depth + 1]
        named += [p for p, after in itertools.pairwise(blocks) if names_a_list(p, after)]
        children.append({squashed(p.text) for p in named})
        introduces.append(any(INTRODUCING.search(p.text) for p in blocks if p.kind is not Kind.HEADING))
    levels = [k for k, (_, n) in enumerate(run) if n.strength]
    their_children = set().union(*(children[k] for k in levels))
    every_one_s = set.intersection(*(headers[k] for k in levels))  # a table each level has, headed alike
    their_keys = set.intersection(*(keys[k] for k in levels))
    their_words = [title_words(run[k][1].title) for k in levels]
    listed = listed_levels(document, [run[k][1] for k in levels])

    def alike(k: int) -> bool:
        name = run[k][1]
        if is_not_a_level(name.text):
            return False
        if listed & {squashed(name.text), squashed(name.title)}:
            return True  # "Commis Chef" in the page's table of levels beside "Junior Sous Chef"
        # the levels' own sub-headings, when they have them ("## Support" above "## Support Lead" has none), or
        # the table every level has ("| Area | Expectation |" under "## Partner")
        # after the first level, with the rows the levels' tables have ("Grade", "Reports to"): not a legend of
        # them before the ladder, nor "Pay and benefits" under the same header
        tabled = k > levels[0] and bool(headers[k] & every_one_s) and len(keys[k] & their_keys) * 2 > len(keys[k])
        shaped = (bool(children[k]) and children[k] <= their_children) or tabled
        own = title_words(name.title)
        if own and any(own < theirs and not (theirs - own) - SENIORITY for theirs in their_words):
            return shaped or not (their_children or introduces[k])
        return shaped

    return alike


def listed_levels(document: Document, levels: list[LevelName]) -> set[str]:
    """The names in the first column of a table that lists at least two of the `levels` there (a page's
    "Level | Typical experience | Reports to" table): every one of them is a level."""
    known = {squashed(n.title) for n in levels} | {squashed(n.text) for n in levels}
    out: set[str] = set()
    for table in (p for p in document.parts if isinstance(p, Table)):
        first = first_column(table)
        if len(first & known) >= 2:
            out |= first
    return out


VERSION = re.compile(r"^\s*v?\d+(?:\.\d+)+\s*$", re.I)
TITLE_ROWS = 3  # rows a sheet may have above its header: a title, a note, a merged "Levels" over the level columns


def matrix_ladder(document: Document) -> MatrixLadder | None:
    """The table with the most level cells that reads as a competency matrix, levels across or down; its
    header on the first row, or below a few title rows ("Sales Competency Matrix") when no table has one there."""
    tables = [t for t in document.parts if isinstance(t, Table) and not (t.name and NOT_A_LADDER.match(t.name))]
    found = [m for t in tables if (m := table_matrix(t))]
    if not found:
        return None
    # A matrix of what levels do before a sheet of their pay ("Grade | Role | Salary minimum"), then the larger.
    best = max(found, key=lambda m: (not names_facts(m.table), len(m.rungs) * len(m.table.rows)))
    # A workbook with a sheet per track (Counsel, Paralegal): one ladder, its tracks in the workbook's order,
    # unless they share level titles (two versions of one matrix: the larger is read).
    # A track's cells say what its levels do: a sheet of salaries ("60000") or of RACI letters is no track.
    tracks = [m for m in found if not m.transposed and m.table.name and (m is best or says_work(m))]
    names = [n for m in tracks for r in m.rungs for n in {r.name.title.lower(), r.short.lower()}]
    if best in tracks and len(tracks) > 1 and len(names) == len(set(names)):
        return joined(tracks)
    # A second table of the same levels' facts under the matrix ("Years of experience", "Reports to"): its rows
    # are the matrix's too.
    facts = [m for m in found if m is not best and same_levels(m, best) and states_facts(m)]
    return with_rows(best, facts) if facts else best


FACT_ROWS = 2  # the fewest rows of facts ("Reports to", "Years of experience") that make a table one of facts
FACT_NAME = re.compile(
    r"(?:education|qualifications?|degree|(?:base |basic |annual )?(?:salary|pay))\b"
)  # "Base salary Basel"


def same_levels(one: MatrixLadder, other: MatrixLadder) -> bool:
    titles = [[r.name.title.lower() for r in m.rungs] for m in (one, other)]
    return not one.transposed and not other.transposed and titles[0] == titles[1]


def states_facts(matrix: MatrixLadder) -> bool:
    """A matrix whose rows are named as levels' facts ("Reports to", "Education"), all but one at most, not as
    competencies (last year's copy of the matrix)."""
    named = [row[matrix.competency] for row in matrix.table.rows[1:] if matrix.competency < len(row)]
    headers = [bare_header(c.text) for c in named if c]
    facts = sum(bool(FACT_ROW.match(h) or FACT_NAME.match(h)) for h in headers)
    return facts >= FACT_ROWS and len(named) - facts <= 1


def with_rows(matrix: MatrixLadder, others: list[MatrixLadder]) -> MatrixLadder:
    """A matrix with the rows of other tables of its levels, each cell under its level's column."""
    width = len(matrix.table.rows[0])
    rows = list(matrix.table.rows)
    for other in others:
        for row in other.table.rows[1:]:
            name = row[other.competency] if other.competency < len(row) else None
            if any(name and mine[matrix.competency] and mine[matrix.competency].text == name.text for mine in rows):
                continue  # a fact the matrix states itself
            cells: list[Cell | None] = [None] * width
            cells[matrix.competency] = name
            for mine, theirs in zip(matrix.lines, other.lines, strict=True):
                cells[mine] = row[theirs] if theirs < len(row) else None
            rows.append(tuple(cells))
    return replace(matrix, table=Table(tuple(rows), matrix.table.name))


# A role profile's row that names its level ("Job title | Branch Manager"), and one that gives its code.
PROFILE_TITLES = {"job title", "title", "role", "role title", "role name", "job name", "position", "post", "post title"}
PROFILE_CODES = {"grade", "band", "level", "job grade", "pay grade", "code"}
PROFILE_CODE = re.compile(r"\b(?:(?:Band|Grade|Level|Tier|Rank)\s+\d{1,2}[a-z]?|[A-Z]{1,4}[ -]?\d{1,2})\b")


def profile_ladder(document: Document) -> MatrixLadder | None:
    """Role profiles: a two-column table per level ("Job title | Branch Manager", "Grade | B5", "Purpose |
    ...", "Key accountabilities | ..."), two or more of them, read as one matrix: a row per field, a column
    per level in the document's order."""
    profiles: list[tuple[Table, dict[str, tuple[Cell, Cell]]]] = []
    for table in (p for p in document.parts if isinstance(p, Table)):
        if any(len(row) != 2 for row in table.rows):
            continue
        fields: dict[str, tuple[Cell, Cell]] = {}
        for key, value in (row for row in table.rows if row[0] is not None and row[1] is not None):
            if key.text.strip() and value.text.strip():  # a blank row or cell is skipped; a field's first counts
                fields.setdefault(squashed(key.text).rstrip(":"), (key, value))
        if len(fields) >= 3 and PROFILE_TITLES & set(fields):
            profiles.append((table, fields))
    # Profiles of one template share their fields ("Grade", "Purpose"): a cover page's "Title | Version" no.
    shared = set.intersection(*(set(fields) - PROFILE_TITLES for _, fields in profiles)) if profiles else set()
    if len(profiles) < 2 or len(shared) < 2:
        return None
    titles = [next(fields[k][1] for k in fields if k in PROFILE_TITLES) for _, fields in profiles]
    graded = [next((fields[k][1].text for k in fields if k in PROFILE_CODES), "") for _, fields in profiles]
    codes = [m.group(0) if (m := PROFILE_CODE.search(g)) else None for g in graded]  # not "B1 (£20,000...)"
    keys = list(dict.fromkeys(k for _, fields in profiles for k in fields if k not in PROFILE_TITLES))
    rows = []
    for k in keys:  # a cell of several lines ("Key accountabilities") is a row per line: an item each
        lines = [lines_of(f[k][1]) if k in f else [] for _, f in profiles]
        key = next(fields[k][0] for _, fields in profiles if k in fields)
        rows += [(key, *(cells[i] if i < len(cells) else None for cells in lines)) for i in range(max(map(len, lines)))]
    table = Table(((None, *titles), *rows))
    names = [name_level(f"{t.text} ({c.strip()})" if c else t.text) for t, c in zip(titles, codes, strict=True)]
    rungs = numbered([(name, -1) for name in names])
    tables = tuple(t for t, _ in profiles)  # the first names the ladder by the heading above it
    return MatrixLadder(table, rungs, tuple(range(1, len(titles) + 1)), 0, None, transposed=False, tracks=tables)


def lines_of(cell: Cell) -> list[Cell]:
    """A cell's non-empty lines as cells of their own, their offsets within it."""
    out, at = [], cell.start
    for line in cell.text.split("\n"):
        if line.strip():
            start = at + len(line) - len(line.lstrip())
            out.append(Cell(line.strip(), start, start + len(line.strip())))
        at += len(line) + 1
    return out


NAMING_COLUMNS = {
    "level", "title", "job title", "role", "code", "notes", "comments", "name", "effective from", "effective date",
}  # fmt: skip


def names_facts(sheet: Table) -> bool:
    """A table of facts of each level ("Level | Title | Grade | Salary range | Notes"): its header names facts and
    no competency (not an older matrix's "Level | Measurement | Audit")."""
    header = [bare_header(c.text) for c in sheet.rows[0] if c is not None and c.text.strip()] if sheet.rows else []
    return any(FACT_ROW.match(h) for h in header) and all(FACT_ROW.match(h) or h in NAMING_COLUMNS for h in header)


def says_work(matrix: MatrixLadder) -> bool:
    """Whether a matrix's level cells are prose, a few words each on average, not figures or letters."""
    cells = [row[c] for row in matrix.table.rows[1:] for c in matrix.lines if c < len(row) and row[c] is not None]
    return bool(cells) and sum(len(c.text.split()) for c in cells) / len(cells) >= TRACK_CELL_WORDS


def joined(tracks: list[MatrixLadder]) -> MatrixLadder:
    """Matrices of levels across joined into one: category, competency, then each track's level columns (a
    level's several under its merged header), a track's rows empty under the other tracks' levels."""
    spans = [list(zip(m.lines, m.through or m.lines, strict=True)) for m in tracks]
    columns = [[c for first, last in track for c in range(first, last + 1)] for track in spans]
    width = sum(map(len, columns))
    header = (
        None,
        None,
        *(
            m.table.rows[0][c] if c < len(m.table.rows[0]) else None
            for m, cs in zip(tracks, columns, strict=True)
            for c in cs
        ),
    )
    rows = []
    before = 0
    lines, through = [], []
    for m, track, cs in zip(tracks, spans, columns, strict=True):
        for first, last in track:
            lines.append(2 + before + cs.index(first))
            through.append(2 + before + cs.index(last))
        for row in m.table.rows[1:]:
            category = row[m.category] if m.category is not None and m.category < len(row) else None
            competency = row[m.competency] if m.competency < len(row) else None
            cells = [row[c] if c < len(row) else None for c in cs]
            rows.append((category, competency, *[None] * before, *cells, *[None] * (width - before - len(cells))))
        before += len(cs)
    table = Table((header, *rows), tracks[0].table.name)
    rungs = numbered([(r.name, -1) for m in tracks for r in m.rungs])
    category = 0 if any(m.category is not None for m in tracks) else None
    grouped = tuple(through) if any(m.through for m in tracks) else ()
    return MatrixLadder(
        table, rungs, tuple(lines), 1, category, False, tracks=tuple(m.table for m in tracks), through=grouped
    )


def table_matrix(table: Table) -> MatrixLadder | None:
    """A table read as a competency matrix, its header on the first row or below a few title rows."""
    if (records := record_matrix(table)) is not None:
        return records
    for top in range(min(TITLE_ROWS, len(table.rows) - 2) + 1):
        below = dataclasses.replace(table, rows=table.rows[top:]) if top else table
        found = [m for m in (columns_matrix(below), rows_matrix(below)) if m]
        if found:  # levels named as levels ("CS1") over any header ("Competency Description | Expectation")
            return max(found, key=lambda m: (all(r.name.strength for r in m.rungs), len(m.rungs) * len(m.table.rows)))
    return None


RECORD_TITLES = PROFILE_TITLES | {"job profile", "job profile name", "profile", "profile name"}
RECORD_CODES = PROFILE_CODES | {"job level", "career level", "job band", "grade code"}
# An HR system's columns about the record, not the job: its id, whether it is in use, who changed it when.
RECORD_ADMIN = re.compile(
    r"\b(?:id|reference|inactive|active|status|effective|updated|modified|created|owner|last edited)\b", re.I
)
RETIRED = re.compile(r"^\s*(?:inactive|retired|obsolete|archived|closed|deprecated)\s*$", re.I)
YES = {"yes", "y", "true", "1", "x"}


def record_matrix(table: Table) -> MatrixLadder | None:
    """An HR system's export of job profiles, a record a row ("Job Profile | Job Level | ... | Location | Pay
    Range Minimum"): a level per profile in the order of its code, each of its other columns a row of the
    matrix (a cell of several lines a row per line), and where a profile has a record per location, each
    location's run of the columns that differ ("Rotterdam | EUR | Hourly | 17.40 | ...") a row of its own.
    Records no longer in use ("Inactive: Yes") are left out."""
    if len(table.rows) < 3:
        return None
    header = [h.lower().rstrip(":") for h in header_names(table.rows[0])]
    titled = next((c for c, h in enumerate(header) if h in RECORD_TITLES), None)
    coded = next((c for c, h in enumerate(header) if h in RECORD_CODES and c != titled), None)
    if titled is None or coded is None or any(h in COMPETENCY_NAMES or is_category(h) for h in header):
        return None  # a row per level and competency: long_matrix's
    if names_facts(table):  # "Role | Grade | Salary minimum": the levels' facts, beside their matrix
        return None

    def text(row: tuple, c: int) -> str:  # type: ignore[type-arg]
        return row[c].text.strip() if c < len(row) and row[c] is not None else ""

    def retired(row: tuple) -> bool:  # type: ignore[type-arg]
        for c, h in enumerate(header):
            value = text(row, c).lower()
            if (h == "inactive" and value in YES) or (h == "active" and value in {"no", "n", "false", "0"}):
                return True
            if h == "status" and RETIRED.match(value):
                return True
        return False

    kept = [r for r in table.rows[1:] if not retired(r)]
    used = [r for r in kept if text(r, titled) and PROFILE_CODE.fullmatch(text(r, coded))]
    if not all(is_a_name(r[titled]) for r in used):  # a "Role" column that describes the role
        return None
    records: dict[tuple[str, str], list[tuple]] = {}  # type: ignore[type-arg]  # by title and code
    for row in used:
        records.setdefault((text(row, titled), text(row, coded)), []).append(row)
    if coded == 0 and len(kept) == len(table.rows) - 1 and len(records) == len(used):
        return None  # a level a row, its code first, none retired: rows_matrix reads it
    names = {key: record_name(*key) for key in records}
    if len(records) < 2 or any(n.number is None for n in names.values()):
        return None
    # in the order of their codes, a family of codes at a time ("IC1", "IC2", then "M1"), as the table has them
    family = {code: re.sub(r"[\d\s]+", "", code).lower() for _, code in records}  # "ic" of "IC2"
    families = list(dict.fromkeys(family.values()))
    order = sorted(records, key=lambda k: (families.index(family[k[1]]), names[k].number))
    fields = [c for c, h in enumerate(header) if h and c != titled and not RECORD_ADMIN.search(h)]
    varying = [c for c in fields if any(len({text(r, c) for r in rows}) > 1 for rows in records.values())]
    rows: list[tuple[Cell | None, ...]] = []
    for c in (c for c in fields if c not in varying):
        key = table.rows[0][c]
        lines = [unlabelled(lines_of(records[t][0][c])) if text(records[t][0], c) else [] for t in order]
        rows += [(key, *(cells[i] if i < len(cells) else None for cells in lines)) for i in range(max(map(len, lines)))]
    if varying:  # each location's (or other key's) run of the columns that differ, a row per key
        first, last = varying[0], varying[-1]
        heading = ", ".join(h for h in header_names(table.rows[0])[first : last + 1] if h)  # what the span holds
        start = table.rows[0][first]
        for place in dict.fromkeys(text(r, first) for t in order for r in records[t]):
            spans = []
            for t in order:
                row = next((r for r in records[t] if text(r, first) == place), None)
                said = [c for c in row[first : last + 1] if c is not None] if row is not None else []
                spans.append(Cell("\t".join(c.text for c in said), said[0].start, said[-1].end) if said else None)
            rows.append((Cell(heading, start.start, start.end) if start else None, *spans))
    titles = tuple(records[key][0][titled] for key in order)
    pivot = Table(((None, *titles), *rows), table.name)
    rungs = numbered([(names[t], -1) for t in order])
    return MatrixLadder(pivot, rungs, tuple(range(1, len(order) + 1)), 0, None, False, tracks=(table,))


def record_name(title: str, code: str) -> LevelName:
    """A profile's level name from its title and code: "HGV Driver C+E (T2)", "Level 1: Delivery Driver"."""
    named = name_level(f"{title} ({code})")
    if named.number is not None:
        return named
    numbered_as = name_level(f"{code}: {title}")  # "Level 1": its number, the title as it is
    return replace(numbered_as, title=title, short=code) if numbered_as.number is not None else named


def unlabelled(lines: list[Cell]) -> list[Cell]:
    """A cell's lines without the label over them ("Main responsibilities" above its list of duties; not a first
    item, "Driving licence C+E")."""
    first = lines[0].text.strip() if lines else ""
    label = len(lines) > 1 and len(first.split()) <= LABEL_WORDS and (first.endswith(":") or CELL_LABEL.search(first))
    return lines[1:] if label else lines


LABEL_WORDS = 4  # the most words of a label over a cell's lines
CELL_LABEL = re.compile(
    r"\b(?:responsibilities|duties|tasks|accountabilities|requirements|qualifications|skills|expectations)\W*$", re.I
)


def is_data(cell: str) -> bool:
    """A header cell that is a row of data, not a level's name: a version ("1.0") or a sentence ("First
    version agreed with the Finance Director.")."""
    return bool(VERSION.match(cell)) or cell.rstrip().endswith((".", "!", "?")) or len(cell.split()) > TITLE_WORDS


def header_names(cells) -> list[str]:  # type: ignore[no-untyped-def]
    return [(c.text.split("\n")[0].strip() if c else "") for c in cells]


COMPETENCY_IDS = re.compile(
    r"^(?:competency|competencies|skill|skills|behaviou?r) (?:id|ref|reference|code|no\.?|#)$", re.I
)
# A column about the row, not a level, after the levels ("Last modified"); not "Product Owner" or "Status Lead".
ADMIN_COLUMN = re.compile(
    r"^(?:last (?:modified|updated|edited|changed)(?: (?:on|by|date))?|(?:date )?(?:modified|updated|changed)"
    r"(?: (?:on|by|date))?|status|version|id)$",
    re.I,
)


def coded_title(name: LevelName, cell: Cell | None) -> LevelName:
    """A header cell's code with the title on its next line ("UW1\nUnderwriting Assistant"), as one name."""
    lines = [line.strip() for line in cell.text.split("\n") if line.strip()] if cell else []
    if name.strength < 2 or name.title != name.short or len(lines) < 2 or len(lines[1].split()) > 6:
        return name
    if not lines[1][0].isupper() or any(c.isdigit() for c in lines[1]):  # "L1" over "0-2 years" is no title
        return name
    joined = name_level(f"{lines[0]} - {lines[1]}")
    return joined if joined.short == name.short else name


def columns_matrix(table: Table) -> MatrixLadder | None:
    """Levels across: a header row whose cells after the key columns (category, competency) are levels."""
    if len(table.rows) < 2:
        return None
    header = header_names(table.rows[0])
    below = header_names(table.rows[1]) if len(table.rows) > 2 else []
    for c in range(1, len(header)):  # a level's header centred over its columns, or merged and saved as CSV
        if not header[c] and header[c - 1] and c < len(below) and below[c] and name_level(header[c - 1]).strength:
            header[c] = header[c - 1]
    names = [coded_title(name_level(h), cell) for h, cell in zip(header, table.rows[0], strict=False)]
    level_columns = [c for c, n in enumerate(names) if n.strength and c > 0 and not is_data(header[c])]
    keys = {c for c, h in enumerate(header) if h.lower() in CATEGORY_NAMES | COMPETENCY_NAMES | DESCRIPTION_NAMES}
    # "Area | Competency | Room Attendant | ... | Executive Housekeeper": after a competency column, its other
    # columns are the levels, seniority words or not.
    named = next((c for c in sorted(keys) if header[c].lower() in COMPETENCY_NAMES), None)
    if len(level_columns) < 2 and named is not None:
        after = [c for c in range(named + 1, len(header)) if header[c] and c not in keys]
        if len(after) >= 2 and len({header[c].lower() for c in after}) == len(after):
            level_columns = after
    if len(level_columns) < 2:
        return None
    first, last = level_columns[0], level_columns[-1]
    while first - 1 > 0 and first - 1 not in keys and header[first - 1]:
        first -= 1  # "Sales Development Rep" before "Senior Account Executive"
    while (
        last + 1 < len(header)
        and last + 1 not in keys
        and header[last + 1]
        and not ADMIN_COLUMN.match(header[last + 1].strip())
    ):
        last += 1  # not "Last modified" after the levels
    columns = [c for c in range(first, last + 1) if header[c]]
    competency = next((c for c in range(first) if header[c].lower() in COMPETENCY_NAMES), None)
    category = next((c for c in range(first) if header[c].lower() in CATEGORY_NAMES), None)
    if competency is None:
        left = [c for c in range(first) if c != category and header[c].lower() not in DESCRIPTION_NAMES]
        if not left:
            return None
        competency = left[-1]
    through: list[int] = []
    if (grouped := sub_columns(table, header, columns)) is not None:  # the second header row is no competency
        columns, through = grouped
        table = dataclasses.replace(table, rows=(table.rows[0], *table.rows[2:]))
    rungs = numbered([(names[c], -1) for c in columns])
    return MatrixLadder(table, rungs, tuple(columns), competency, category, False, through=tuple(through))


# Sub-columns that are steps of a level, levels of their own: "Band A" over "Entry | Experienced".
STEPS = {
    "entry", "experienced", "developing", "proficient", "expert", "advanced", "foundation", "intermediate",
    "junior", "senior", "lower", "upper", "mid", "new", "established", "min", "max", "minimum", "maximum",
}  # fmt: skip


def sub_columns(table: Table, header: list[str], columns: list[int]) -> tuple[list[int], list[int]] | None:
    """Each level's first and last column where its header cell is merged over columns of its own, which a
    second header row names the same way under every level ("Level 1 - Inspector" over "Expected behaviour |
    Evidence examples"); None for a header of one row."""
    groups = [list(g) for _, g in itertools.groupby(columns, key=lambda c: header[c].lower())]
    if len(table.rows) < 3 or len(groups) < 2 or any(len(g) < 2 for g in groups):
        return None
    below = header_names(table.rows[1])
    named = [tuple(below[c].lower() if c < len(below) else "" for c in g) for g in groups]
    if len(set(named)) != 1 or "" in named[0] or len(set(named[0])) != len(named[0]):
        return None
    if any(name_level(n).strength or title_words(n) & STEPS for n in named[0]):  # "Band A": "Entry | Experienced"
        return None
    return [g[0] for g in groups], [g[-1] for g in groups]


def rows_matrix(table: Table) -> MatrixLadder | None:
    """Levels down: a first column of levels, and a header row of competencies."""
    if len(table.rows) < 3 or not any(c and c.text.strip() for c in table.rows[0][1:]):
        return None  # no competency heads its columns (a title row: "Security ladder")
    header = header_names(table.rows[0])
    if COMPETENCY_IDS.match(header[0].strip()):
        return None  # "Competency ID": its "TU-01", "TU-02" are competencies' codes, not levels'
    if len(header) > 3 and TRACK_COLUMN.match(header[0].strip()) and LEVEL_COLUMN.match(header[1].strip()):
        # "Track | Level | Level Name | Competency | ...": a row per level and competency, the track's name beside
        table = Table(tuple(row[1:] for row in table.rows), table.name)
        header = header[1:]
    said = Counter(h for h in header if h)
    merged = said.most_common(1)[0][1] if said else 0  # how many cells the commonest text covers
    if len(said) < 2 or (len(said) == 2 and merged > 1 and merged * 2 >= len(header)):
        return None  # one title merged across the row, perhaps with a "Last updated: ..." beside it
    # "Level | Title | Scope": a column of titles names each level with its code ("SE1 - Sales Engineer"),
    # when its cells are names, not sentences (a "Role" column may describe the role)
    titled = next(
        (
            c
            for c, h in enumerate(header)
            if c > 0 and h.lower() in TITLE_NAMES and all(is_a_name(r[c]) for r in table.rows[1:] if c < len(r))
        ),
        None,
    )

    def name_of(row: tuple) -> LevelName:  # type: ignore[type-arg]
        code = row[0].text if row and row[0] else ""
        title = row[titled].text.strip() if titled is not None and titled < len(row) and row[titled] else ""
        named = name_level(code)
        return name_level(f"{code} - {title}") if title and named.strength and named.title == code.strip() else named

    names = [name_of(r) for r in table.rows[1:]]
    rows = [k + 1 for k, n in enumerate(names) if n.strength]
    if len(rows) < 2 or len(rows) < len(names) / 2:
        return None
    repeated = len({names[r - 1].text for r in rows}) * 2 <= len(rows)  # a row per level and competency
    if repeated and (long := long_matrix(table, names, titled)) is not None:
        return long
    rungs = numbered([(names[r - 1], -1) for r in rows])
    return MatrixLadder(table, rungs, tuple(rows), 0, None, transposed=True, titled=titled)


def long_matrix(table: Table, names: list[LevelName], titled: int | None) -> MatrixLadder | None:
    """A row per level and competency ("SD1 | Service Desk Analyst | Incident management | Escalation |
    Escalates incidents it cannot resolve..."), as an HR system exports a matrix, in any order: read as the
    matrix of levels across it is, its levels in the order they first come, its competency and category
    columns naming the rows, and its columns of prose (or else its longest) the cells."""
    header = [h.lower() for h in header_names(table.rows[0])]
    keys = {0, titled}
    competency = next((c for c, h in enumerate(header) if c not in keys and h in COMPETENCY_NAMES), None)
    category = next((c for c, h in enumerate(header) if c not in keys and is_category(h) and c != competency), None)

    def words(c: int) -> float:
        cells = [r[c] for r in table.rows[1:] if c < len(r) and r[c] is not None]
        return sum(len(cell.text.split()) for cell in cells) / max(len(cells), 1)

    rest = [c for c in range(len(header)) if c not in {*keys, competency, category}]
    if not rest:
        return None

    def shared_by_levels(c: int) -> bool:  # "Competency Description": one text for all the rows of a competency
        said: dict[str, set[str]] = {}
        for row in table.rows[1:]:
            if competency is not None and competency < len(row) and row[competency] is not None and c < len(row):
                said.setdefault(row[competency].text, set()).add(row[c].text if row[c] is not None else "")
        # several competencies, each on several rows (fewer competencies than rows)
        return len(said) > 1 and all(len(v) == 1 for v in said.values()) and len(said) < len(table.rows) - 1

    shared = [c for c in rest if words(c) >= TRACK_CELL_WORDS and shared_by_levels(c)]
    prose = [c for c in rest if words(c) >= TRACK_CELL_WORDS and c not in shared] or [max(rest, key=words)]
    first, last = prose[0], prose[-1]  # "Description | Examples of evidence": both, as one span
    if competency is None:  # the short column before the descriptions names what they describe
        competency = next((c for c in reversed(rest) if c < first), None)
        if competency is None:
            return None
    order: list[str] = []  # the levels, in the order they first come
    level_rows: dict[str, list[tuple]] = {}  # type: ignore[type-arg]
    for name, row in zip(names, table.rows[1:], strict=True):
        if name.strength:
            order += [name.text] if name.text not in level_rows else []
            level_rows.setdefault(name.text, []).append(row)
    by_name = {n.text: n for n in names}

    def cell(row: tuple, c: int | None) -> Cell | None:  # type: ignore[type-arg]
        return row[c] if c is not None and c < len(row) else None

    def described(row: tuple) -> Cell | None:  # type: ignore[type-arg]
        said = [c for c in row[first : last + 1] if c is not None]  # a table's text has a tab between cells
        return Cell("\t".join(c.text for c in said), said[0].start, said[-1].end) if said else None

    # A row of the matrix per category and competency (and per repeat of one within a level), in first-seen order.
    keyed: dict[tuple[str, str, int], list[Cell | None]] = {}
    for k, name in enumerate(order):
        seen: Counter[tuple[str, str]] = Counter()
        for row in level_rows[name]:
            grouped, named = cell(row, category), cell(row, competency)
            key = (grouped.text if grouped else "", named.text if named else "")
            line = keyed.setdefault((*key, seen[key]), [grouped, named, *[None] * len(order)])
            seen[key] += 1
            line[2 + k] = described(row)
    titles = [level_rows[name][0][titled or 0] for name in order]
    pivot = Table(((None, None, *titles), *(tuple(line) for line in keyed.values())), table.name)
    rungs = numbered([(by_name[name], -1) for name in order])
    lines = tuple(range(2, 2 + len(order)))
    described = (competency, shared[0]) if shared else None
    category_line = 0 if category is not None else None
    return MatrixLadder(pivot, rungs, lines, 1, category_line, False, tracks=(table,), described=described)


def is_category(header: str) -> bool:
    """A column of the ladder's groupings: "Category", "Competency area", "Pillar"."""
    return header in CATEGORY_NAMES or (bool(header.split()) and header.split()[-1] in CATEGORY_NAMES)


def is_a_name(cell) -> bool:  # type: ignore[no-untyped-def]
    """A cell that could be a title: a few words, no sentence."""
    text = cell.text.strip() if cell is not None else ""
    return len(text.split()) <= TITLE_WORDS and not text.endswith((".", "!", "?"))


def numbered(levels: list[tuple[LevelName, int]]) -> tuple[Rung, ...]:
    """Each level's number (the ladder's own when every level has one, in order; else its place) and short name."""
    own = [n.number for n, _ in levels]
    use_own = all(x is not None for x in own) and all(a < b for a, b in itertools.pairwise(own))  # type: ignore[operator]
    shorts = [short_name(name) for name, _ in levels]
    # Initials two levels share ("SSE" for Senior and Staff Security Engineer) name neither: use their titles.
    shorts = [
        split_title(name.title)[0] if shorts.count(short) > 1 and not name.short else short
        for (name, _), short in zip(levels, shorts, strict=True)
    ]
    # Two levels of one title ("Level 1 – Teaching Assistant", "Level 2 – Teaching Assistant"): their numbers,
    # unless their own short names tell them apart ("Associate (NQ-2 PQE)", "Associate (3-5 PQE)").
    titles = [name.title.lower() for name, _ in levels]
    shorts = [
        f"Level {own[k] if use_own else k + 1}"
        if titles.count(titles[k]) > 1 and (levels[k][0].short is None or shorts.count(short) > 1)
        else short
        for k, short in enumerate(shorts)
    ]
    return tuple(
        Rung(name, own[k] if use_own else k + 1, shorts[k], part)  # type: ignore[arg-type]
        for k, (name, part) in enumerate(levels)
    )


@cache
def titles_data() -> dict:
    """Conventional short names and aliases of product-management titles (the PM lexicon, as data)."""
    return json.loads(resources.files("ingest").joinpath("data/titles.json").read_text("utf-8"))


def split_title(title: str) -> list[str]:
    """'VP of Product / Head of Product' -> ['VP of Product', 'Head of Product']; a lone modifier takes the
    next title's noun: 'Assistant / Deputy Headteacher' -> ['Assistant Headteacher', 'Deputy Headteacher']."""
    # "AA/AO", "HEO/SEO": one word each side of the slash names two levels too
    spaced = r"\s+/\s+|\s+or\s+" if " " in title.strip() else r"/"
    parts = [part.strip() for part in re.split(spaced, title) if part.strip()]
    modifiers = set(titles_data()["modifiers"])
    for i in reversed(range(len(parts) - 1)):  # "Junior / Senior / Staff Engineer": Senior's noun first
        part, following = parts[i], parts[i + 1].split()
        lead = next((k for k, word in enumerate(following) if word.lower() not in modifiers), len(following))
        # Only a title that is itself modifiers and a noun lends it: "Deputy / Head of Department" stays.
        if part.lower() in modifiers and 0 < lead < len(following):
            parts[i] = " ".join([part, *following[lead:]])
    return parts


def short_name(name: LevelName) -> str:
    """The code or the short name in parentheses; a conventional one; the title when short; its initials."""
    if name.short:
        return name.short
    known = titles_data()["short_names"]
    for part in split_title(name.title):
        if part.lower() in known:
            return known[part.lower()]
    first = split_title(name.title)[0] if " " in name.title.strip() else name.title.strip()  # "HEO/SEO" whole
    if len(first) <= 20:
        return first
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", first) if w[0].isupper()) or first


def title_words(title: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", title)}


def ladder_aliases(rungs: tuple[Rung, ...]) -> list[tuple[str, ...]]:
    """Each level's aliases, with the seniority words that set its title apart from the ladder's others."""
    titles = [title_words(r.name.title) for r in rungs]
    named = [
        (*aliases(rung.name, rung.short), *shortened(rung.name.title), *unqualified(rung, rungs)) for rung in rungs
    ]
    once = naming_one(named)
    named = [(*names, *borrowed(rung, rungs, once)) for rung, names in zip(rungs, named, strict=True)]
    out = []
    for rung, names, words in zip(rungs, naming_one(named), titles, strict=True):
        # A seniority word only this level's title has ("Director", "Senior") names it on its own.
        own = [w.capitalize() for w in sorted(words & SENIORITY - JOB_NOUNS) if sum(w in t for t in titles) == 1]
        # Its title names it even where another level has the same ("Teaching Assistant" of Levels 1 and 2).
        shared = [t.name.title.lower() for t in rungs].count(rung.name.title.lower()) > 1
        out.append(tuple(dict.fromkeys([*([rung.name.title] if shared else []), *names, *own])))
    return out


def shortened(title: str) -> list[str]:
    """A title led by a code, as people shorten it to the code and the job: "B1 Engineer" of "B1 Licensed
    Engineer"."""
    said = title.split()
    return [f"{said[0]} {said[-1]}"] if len(said) >= 3 and re.fullmatch(r"[A-Z]{1,3}\d{1,2}", said[0]) else []


def unqualified(rung: Rung, rungs: tuple[Rung, ...]) -> list[str]:
    """A title as people shorten it, unless that is another level's title: without the aside after it
    ("Delivery Driver" of "Delivery Driver (C licence)"), or one of two jobs joined in it ("Senior Driver" of
    "Senior Driver & Driver Mentor"; not "Customs" of "Customs & Trade Compliance Manager")."""
    bare = without_aside(rung.name.title)
    said = [bare] if bare != rung.name.title else []
    aside = re.search(r"\(([A-Z][A-Z0-9&]{1,5})\)$", rung.name.title)
    if aside is not None and aside.group(1) == initials(bare):  # "... (SDR)", not "(UK)" or "(ADR)"
        said.append(aside.group(1))
    # two jobs, each ending as a title of the ladder does ("Senior Driver"; not "Quality Assurance & ...")
    nouns = {words[-1].lower() for other in rungs if (words := without_aside(other.name.title).split())}
    jobs = [part.strip() for part in re.split(r"\s+&\s+|\s+and\s+", bare)]
    if len(jobs) == 2 and all(len(job.split()) >= 2 and job.split()[-1].lower() in nouns for job in jobs):
        said += jobs
    others = {part.lower() for other in rungs if other is not rung for part in split_title(other.name.title)}
    return [name for name in said if name and name.lower() not in others]


def without_aside(title: str) -> str:
    """A title less the aside in brackets after it: "Account Executive" of "Account Executive (AE)"."""
    return re.sub(r"\s*\([^()]*\)$", "", title).strip()


def naming_one(named: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Each level's names less those another level has too ("SSE" for Senior and Staff Security Engineer
    names neither)."""
    counts = Counter(name for names in named for name in set(names))
    return [tuple(name for name in names if counts[name] == 1) for names in named]


def borrowed(rung: Rung, rungs: tuple[Rung, ...], named: list[tuple[str, ...]]) -> list[str]:
    """A title that holds another level's title, with that level's acronym in its place: "Senior AE" for
    Senior Account Executive beside an Account Executive (AE), and its seniority synonyms ("Sr AE").
    `named` holds the names that name one level each: an acronym two levels share names neither."""
    synonyms = titles_data()["seniority_synonyms"]
    out = []
    for part in split_title(rung.name.title):
        for other, names in zip(rungs, named, strict=True):
            # "Account Executive (AE)" lends its title without the aside that is its acronym
            bare = without_aside(other.name.title)
            inners = {inner: None for inner in split_title(other.name.title)}
            inners.update({bare: initials(bare)} if bare != other.name.title and initials(bare) in names else {})
            for inner, only in inners.items() if other is not rung else ():
                if inner == part or not re.search(rf"\b{re.escape(inner)}\b", part):
                    continue
                for acronym in (n for n in names if n.isalpha() and n.isupper() and len(n) >= 2 and only in (None, n)):
                    name = re.sub(rf"\b{re.escape(inner)}\b", acronym, part)
                    first, _, rest = name.partition(" ")
                    out += [name, *(f"{s} {rest}" for s in synonyms.get(first.lower(), []) if rest)]
    return out


def initials(title: str) -> str | None:
    """'Sales Development Rep' -> 'SDR': how people shorten a title of several words."""
    capitals = [w[0] for w in re.findall(r"[A-Za-z]+", without_aside(title)) if w[0].isupper()]
    return "".join(capitals) if len(capitals) >= 2 else None


def initials_with_particles(title: str) -> str | None:
    """'Chef de Partie' -> 'CDP': a particle counts in some shortenings."""
    found = re.findall(r"[A-Za-z]+", title)
    particles = [w for w in found if w in PARTICLES]
    if len(found) < 3 or not particles or not found[0][0].isupper() or found[0].isupper():
        return None
    return "".join(w[0].upper() for w in found)


def aliases(name: LevelName, short: str) -> tuple[str, ...]:
    """The names people type for a level: its title's parts and their initials, short name, code, numerals
    both ways."""
    parts = split_title(name.title)
    names = [*parts, short, *titles_data()["aliases"].get(short, []), *(initials(p) for p in parts)]
    names += [initials_with_particles(p) for p in parts]
    if lead := LEADING_CODE.match(short):  # "NQ-2 PQE": an NQ
        names += [lead["code"], *(f"{lead['code']} {p}" for p in parts)]
    if ranked := RANKED_CODE.match(short):
        names.append(ranked["code"])
    if name.strength == 3:  # "Level 3: Senior Engineer" is "level 3" to its people
        names.append(f"Level {name.number}")
    if qualified := QUALIFIED.match(name.title):  # "Firefighter (Competent)" is a competent firefighter
        names.append(f"{qualified['qualifier']} {qualified['title']}")
    synonyms = titles_data()["seniority_synonyms"]
    for part in parts:
        first, _, rest = part.partition(" ")
        for synonym in synonyms.get(first.lower(), []):
            names.append(f"{synonym} {rest}".strip())
    for part in split_title(name.title):
        if m := NUMERAL.search(part):
            numeral = m["numeral"]
            other = (
                str(ROMAN[numeral])
                if numeral in ROMAN
                else next((r for r, v in ROMAN.items() if str(v) == numeral), None)
            )
            if other:
                names.append(part[: m.start()] + other)
    return tuple(dict.fromkeys(n for n in names if n))
