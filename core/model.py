"""The domain types: levels, passages and where they come from."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any


class Section(StrEnum):
    """What part of a ladder a passage is."""

    INTRO = "intro"
    OVERVIEW = "overview"
    ROLE = "role"
    RESPONSIBILITY = "responsibility"
    SKILLS = "skills"
    COMPETENCY = "competency"

    @property
    def label(self) -> str:
        """How a reader names the section (also what the passage is embedded and indexed under)."""
        return SECTION_LABELS[self]


SECTION_LABELS = {
    Section.INTRO: "Introduction",
    Section.OVERVIEW: "Overview",
    Section.ROLE: "Primary role",
    Section.RESPONSIBILITY: "Key responsibility",
    Section.SKILLS: "Skills developed",
    Section.COMPETENCY: "Competency",
}


class Mode(StrEnum):
    """Which retrievers rank a search."""

    HYBRID = "hybrid"
    DENSE = "dense"
    KEYWORD = "keyword"


@dataclass(frozen=True, slots=True)
class Level:
    """One rung of a ladder, as its guide names it."""

    number: int
    title: str
    short: str
    doc: str

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in LEVEL_FIELDS}


LEVEL_FIELDS = tuple(f.name for f in fields(Level))


@dataclass(frozen=True, slots=True)
class LevelProfile:
    """What the index knows of a level beyond its name: the names people type for it, and the years of
    experience its guide asks for (low, high), when it says."""

    level: Level
    aliases: tuple[str, ...]
    years: tuple[float, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.level.to_dict(),
            "aliases": list(self.aliases),
            "years": list(self.years) if self.years else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LevelProfile:
        level = Level(number=data["number"], title=data["title"], short=data["short"], doc=data["doc"])
        years = data.get("years")
        return cls(level, tuple(data["aliases"]), (float(years[0]), float(years[1])) if years else None)


@dataclass(frozen=True, slots=True)
class Ladder:
    """One guide as the index keeps it: its levels, and what ingest read and noticed in it."""

    doc: str  # the file name
    format: str
    title: str | None
    levels: tuple[LevelProfile, ...]
    acronyms: dict[str, str]  # what the company's own acronyms mean (its sidecar file)
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "format": self.format,
            "title": self.title,
            "levels": [level.to_dict() for level in self.levels],
            "acronyms": self.acronyms,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ladder:
        return cls(
            doc=data["doc"],
            format=data["format"],
            title=data["title"],
            levels=tuple(LevelProfile.from_dict(level) for level in data["levels"]),
            acronyms=dict(data["acronyms"]),
            warnings=tuple(data["warnings"]),
        )


@dataclass(frozen=True, slots=True)
class Source:
    """Where a passage's text sits: `file[start:end] == text` (character offsets)."""

    doc: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Passage:
    id: str
    level: Level | None
    section: Section
    heading: str | None
    text: str
    source: Source
    category: str | None = None  # the ladder's own grouping ("Impact & Influence", a "Skills" heading)

    @property
    def label(self) -> str:
        """The heading, or the section's name when the passage has none."""
        return self.heading or self.section.label

    @property
    def context(self) -> str:
        """The label with the ladder's own grouping before it ("Skills - Code Quality"), as a reader sees it."""
        if self.category and self.category.lower() != self.label.lower():
            return f"{self.category} - {self.label}"
        return self.label

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level.to_dict() if self.level else None,
            "section": self.section.value,
            "category": self.category,
            "heading": self.heading,
            "text": self.text,
            "source": {"doc": self.source.doc, "start": self.source.start, "end": self.source.end},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], levels: dict[tuple[str, int], Level]) -> Passage:
        level = data["level"]
        return cls(
            id=data["id"],
            level=levels[(level["doc"], level["number"])] if level else None,
            section=Section(data["section"]),
            heading=data["heading"],
            text=data["text"],
            source=Source(**data["source"]),
            category=data.get("category"),
        )


CELL_BREAK = re.compile(r"\t| \|(?: *\|)* ")  # a Word or PDF table row's cells, or a Markdown one's (blank ones too)


def row_cells(passage: Passage) -> list[tuple[str, tuple[int, int]]] | None:
    """A table row's cells, each under its header, lower-cased ("typical experience", "reports to"), when the
    passage is the rest of a row that began with its level's name; else None."""
    if passage.heading is None or not CELL_BREAK.search(passage.text):
        return None
    headers = [h.strip().lower() for h in passage.heading.split(",")]
    bounds = [0, *(x for m in CELL_BREAK.finditer(passage.text) for x in (m.start(), m.end())), len(passage.text)]
    cells = list(zip(bounds[::2], bounds[1::2], strict=True))
    return list(zip(headers, cells, strict=True)) if len(headers) == len(cells) else None


# A matrix row that states a fact about each level, not work it does: whom it reports to, its years.
# A level's line that is its reporting line and nothing more: "Reports to the Group Account Director."
# A level's list of what gets a person ready for the level above ("Getting ready for the next level", "How you
# grow"): the ladder files it under the level, but it says what the next one does.
TOWARDS_NEXT = (
    r"getting ready|preparing for|ready for|next steps?|moving up|(?:how )?to progress|next level|how to move up"
    r"|how (?:you|to) grow(?=\W*$| (?:in)?to\b)"  # not "How you grow people", a manager's competency
    r"|what changes (?:at|for|in) the next level|where you(?:'|’)?ll grow|growing from here|to move up"
    r"|(?:how )?to (?:reach|get to|move to|grow (?:in)?to|step up to) the next level|to get promoted"
    r"|(?:growing|moving|progressing|path|steps?) (?:in)?to the next level"
)
READYING = re.compile(rf"^\W*(?:{TOWARDS_NEXT})\b", re.IGNORECASE)


REPORTING_LINE = re.compile(
    r"(?:(?:[A-Z][\w-]* ){1,5}|(?:They|He|She) )?"  # "Senior Operators report to the Team Leader."
    r"[Rr]eports? (?:directly )?(?:to|into):?\s+(?:the |an? |their |our )?"
    r"[A-Z][\w&/-]*(?:\s+(?:of |and |& )?[A-Z][\w&/-]*)*\.?$"
)
# What a level is paid: "Salary", "Typical pay", "Hourly rate", a pay sheet's "Salary minimum".
SALARY_LABELS = (
    r"(?:typical |base |basic |annual |starting |hourly )?(?:pay|salary|salaries|wages?)"
    r"(?: (?:range|band|rate|scale|point|minimum|maximum|min|max|midpoint|from|to))?"
    r"|(?:minimum|maximum|min|max) (?:pay|salary)|hourly rate|pay rate|rate of pay"
)
# "Grade: Scale 3", "Pay range: M1-M2", a pay sheet's "Salary minimum", "Bonus target", "Car allowance"
EARNINGS_LABELS = r"ote|on[- ]target earnings"  # a sales level's pay: base and commission at quota
PAY_LABELS = (
    rf"(?:pay |salary |comp |compensation )?(?:grade|band|range|scale)s?|{SALARY_LABELS}"
    rf"|bonus(?: target| potential)?|(?:car|shift|location) allowance|{EARNINGS_LABELS}"
)
PAY_ROW = re.compile(rf"^(?:{PAY_LABELS})$")
# "Typical experience", "Years", "Typical PQE" (a lawyer's post-qualification experience)
YEARS_LABELS = (
    r"(?:typical |expected |required |minimum )?(?:(?:years of )?(?:post-qualification )?experience|years|pqe)"
)
REPORTS_LABELS = r"reports? (?:directly )?(?:to|into)|reporting (?:line|to)|line manager"
REPORTS_ROW = re.compile(rf"^(?:{REPORTS_LABELS})$")
FACT_ROW = re.compile(rf"^(?:{REPORTS_LABELS}|{YEARS_LABELS}|{PAY_LABELS})$")
CODE_ROW = re.compile(r"^(?:(?:job |level |grade )?code|level)$")  # a matrix's row of its levels' codes ("Q1")


def bare_header(header: str) -> str:
    """A table's header as it is compared: lower case, one space, no aside ("Reports to (role):" -> "reports to")."""
    return " ".join(re.sub(r"\(.*?\)", " ", header.lower()).split()).strip(" :")


def states_a_fact(passage: Passage) -> bool:
    """A level's row of a table of levels (its years, whom it reports to), or a matrix's row of such a fact."""
    if passage.level is not None and row_cells(passage) is not None:
        return True
    header = bare_header(passage.heading or "")
    return passage.section is Section.COMPETENCY and bool(FACT_ROW.match(header) or CODE_ROW.match(header))


# Currencies written as their ISO codes: "EUR 52.000", "CAD 80,000 – 98,000".
CURRENCY_CODES = "eur|gbp|usd|chf|cad|aud|nzd|sgd|hkd|inr|jpy|sek|nok|dkk|pln|zar"
# an ISO code before an amount ("CAD 80,000", "EUR 1,5 mln"), not before a word ("CAD 2D drafting")
CODED_AMOUNT = rf"\b(?:{CURRENCY_CODES}) ?(?=\d{{1,3}}[.,]\d{{3}}|\d{{3}}|\d+(?:[.,]\d+)? ?(?:k|m|mln|bn)\b)"
FIGURE = re.compile(
    rf"^\W*(?:[£$€]\s?|{CODED_AMOUNT})?\d[\d.,]*\s*(?:%|\+)?(?:\s*(?:-|–|to)\s*(?:[£$€]\s?)?\d[\d.,]*\s*%?)?"
    r"\s*(?:years?|yrs|months?|weeks?|days?|hours?|k|m|mln)?\W*$",
    re.IGNORECASE,
)


def is_no_item(passage: Passage) -> bool:
    """A fact of a level rather than work it asks for: `states_a_fact`, or a line of its own that states one
    ("Reports to: Head of Social", "Typical experience: 3-5 years", "Reports to the Group Account Director");
    no item of /next or /growth."""
    label = fact_label(passage)
    if states_a_fact(passage):
        return True
    if FACT_ROW.match(label):  # "Experience: 6-10 years", not "Experience: leads content for a product line"
        # ... or "Typical experience: none required"
        return not re.search(r"experience|years", label) or bool(
            re.search(r"\d|\bnone\b|\bnot required\b", passage.text)
        )
    text = passage.text.strip()
    if FIGURE.match(text):  # "75%", "2,5 years", "EUR 52.000": a fact, not work ("ISO 9001", "3 - Practitioner" are)
        return True
    pay = len(text.split()) <= PAY_LINE_WORDS and bool(PAY_LINE.match(text))
    return passage.level is not None and (bool(REPORTING_LINE.match(text)) or pay)


# A list's lead-in that says its items are another level's: "What changes at Manager", "To move to PM-3 you show
# that you", "To grow to Senior Consultant you".
LEADS_TO = re.compile(
    r"^\W*(?:to (?:grow|move|progress|step up|be promoted|get promoted)(?: up)? (?:to|into)|what changes (?:at|for|when"
    r" you (?:become|reach))|(?:ready|readiness) for|to become|before (?:becoming|promotion to)"
    r"|moving (?:up )?(?:to|into)|on the way to|next step:? )\b",
    re.IGNORECASE,
)


def readies(passage: Passage, opening: str = "") -> bool:
    """An item of what gets a person ready for the level above, under its heading or after its lead-in: that
    level's work, filed under this one."""
    said = any(t and READYING.match(t) for t in (passage.category, passage.heading, opening))
    return said and not is_no_item(passage)


def spoken_of(passage: Passage, levels: Sequence[Level]) -> Level | None:
    """The level a passage's work belongs to: its own, or the one of its ladder that the lead-in of its list, its
    label or its own opening names ("What changes at Manager:" under the Senior Consultant, "Moving to Programmer
    II: you deliver features...": the Manager's, Programmer II's)."""
    if passage.level is None:
        return None
    opening = passage.text.partition(":")[0] if ":" in passage.text[:80] else ""
    said = next((t for t in (passage.category, passage.heading, opening) if t and LEADS_TO.match(t)), None)
    if (lead := LEADS_TO.match(said or "")) is not None:
        rest = (said or "")[lead.end() :].lower()
        named = [
            (len(name), level)
            for level in levels
            if level.doc == passage.level.doc
            for name in {level.title, level.short}
            if name and re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", rest)
        ]
        if named:
            return max(named, key=lambda pair: pair[0])[1]
    # "How you grow", "Getting ready for the next level": the next level's work, the top level's own; not a fact
    # of this level's that follows its list ("Pay: CHF 62,000-70,000" under "To move up")
    if readies(passage, opening):
        above = [level for level in levels if level.doc == passage.level.doc and level.number > passage.level.number]
        return min(above, key=lambda level: level.number) if above else passage.level
    return passage.level


MONEY = re.compile(rf"(?:[£$€]\s?|{CODED_AMOUNT})\d", re.IGNORECASE)  # a sum of money: "£25,800", "EUR 52.000"
# A line that only states a level's pay: "£25,800 – £27,900 per year.", "M3 pay is £45,000 – £52,000."
PAY_LINE = re.compile(
    rf"^(?:{MONEY.pattern}|[^.]{{0,40}}\b(?:pay|salary|salaries|wages?|band)\b[^.]{{0,20}}{MONEY.pattern})", re.I
)
PAY_LINE_WORDS = 20


def fact_label(passage: Passage) -> str:
    """What a line of a level is headed by: "reports to" of "Reports to: Head of Social", "grade" of "Grade:
    Scale 3", "typical experience" of a line under that label in a table of labels and values."""
    if passage.heading is None and passage.category and FACT_ROW.match(bare_header(passage.category)):
        return bare_header(passage.category)
    return bare_header(passage.heading or passage.text.partition(":")[0][:40])


def squashed(text: str) -> str:
    """Lower case, its runs of whitespace one space: how names and labels are compared."""
    return " ".join(text.lower().split())


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


# a full stop and a capital, not an abbreviation's ("e.g. Pharmatechnologe", "approx. 40")
_SENTENCE_END = re.compile(
    r"(?<!\b[eE]\.g\.)(?<!\b[iI]\.e\.)(?<!\bvs\.)(?<!\bapprox\.)(?<!\bca\.)(?<=[.!?])(?P<close>[\"”’)]*)\s+(?=[\"“‘(]?[A-Z0-9])"
)
_CLAUSE = re.compile(r"[^,;:()]+")


REPLY = re.compile(r"^\s*(?:a\s*[:.]\s*)?(?:yes|no)[.!]\s*$", re.IGNORECASE)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a passage's text; `text[start:end]` is the sentence."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end("close")))
        start = match.end()
    spans.append((start, len(text.rstrip())))
    spans = [(a, b) for a, b in spans if b > a]
    # "No. M3 needs multi-skilled competence...": a reply of one word is the sentence after it's
    for i in range(len(spans) - 2, -1, -1):
        after = text[spans[i + 1][0] : spans[i + 1][1]].rstrip()
        if REPLY.match(text[spans[i][0] : spans[i][1]]) and not after.endswith("?"):  # not the next question
            spans[i : i + 2] = [(spans[i][0], spans[i + 1][1])]
    return spans


def segment_spans(text: str) -> list[tuple[int, int]]:
    """The parts of a passage matched on their own: each sentence, and each clause of
    three words or more in a sentence that has several ("..., stakeholder management
    abilities, and familiarity with prioritization frameworks such as RICE")."""
    spans = []
    for start, end in sentence_spans(text):
        spans.append((start, end))
        clauses = []
        for m in _CLAUSE.finditer(text, start, end):
            a, b = m.start(), m.end()
            a += len(text[a:b]) - len(text[a:b].lstrip())
            b -= len(text[a:b]) - len(text[a:b].rstrip())
            if len(text[a:b].split()) >= 3:
                clauses.append((a, b))
        if len(clauses) > 1:
            spans.extend(clauses)
    return spans
