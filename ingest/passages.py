"""The domain types every part of ladder shares: levels and passages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

SECTIONS = ("intro", "overview", "role", "responsibility", "skills")

SECTION_LABELS = {
    "intro": "Introduction",
    "overview": "Overview",
    "role": "Primary role",
    "responsibility": "Key responsibility",
    "skills": "Skills developed",
}


@dataclass(frozen=True, slots=True)
class Level:
    """One rung of a ladder, as the guide names it."""

    number: int
    title: str
    short: str
    doc: str
    aliases: tuple[str, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "title": self.title, "short": self.short, "doc": self.doc}


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
    section: str
    heading: str | None
    text: str
    source: Source

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level.to_dict() if self.level else None,
            "section": self.section,
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
            section=data["section"],
            heading=data["heading"],
            text=data["text"],
            source=Source(**data["source"]),
        )


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


_SENTENCE_END = re.compile(r"(?<=[.!?])(?P<close>[\"”’)]*)\s+(?=[\"“‘(]?[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a passage's text; `text[start:end]` is the sentence."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end("close")))
        start = match.end()
    spans.append((start, len(text.rstrip())))
    return [(a, b) for a, b in spans if b > a]


_CLAUSE = re.compile(r"[^,;:()]+")


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
