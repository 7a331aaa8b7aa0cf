"""Cues: kinds of work a ladder item asks for (hiring, 1:1s, a budget...) that people state in words no
embedding ties to the item ("ran their weekly 1:1s" for "coach and develop a team"). index/data/cues.json
holds each cue's patterns for the item side, the evidence side and (for some) a question's side ("when do I
first manage people?") and its answer's, lower-cased regular expressions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from core.model import Passage
from index import read_data


@dataclass(frozen=True, slots=True)
class Cue:
    """Work a ladder item asks for (`item` patterns) and the words people state it in (`evidence`)."""

    name: str
    item: tuple[re.Pattern[str], ...]
    evidence: tuple[re.Pattern[str], ...]
    question: tuple[re.Pattern[str], ...] = ()  # how a question asks for it ("when do I first manage people")
    answer: tuple[re.Pattern[str], ...] = ()  # how a ladder says a level does it ("manages a team of")


@cache
def default_cues() -> tuple[Cue, ...]:
    data = read_data("cues.json")
    return tuple(
        Cue(
            name,
            tuple(map(re.compile, cue["item"])),
            tuple(map(re.compile, cue["evidence"])),
            tuple(map(re.compile, cue.get("question", ()))),
            tuple(map(re.compile, cue.get("answer", ()))),
        )
        for name, cue in data.items()
        if not name.startswith("_")
    )


def asked_cues(text: str, cues: tuple[Cue, ...]) -> frozenset[str]:
    lowered = text.lower()
    return frozenset(c.name for c in cues if any(p.search(lowered) for p in c.item))


def questioned_cues(text: str, cues: tuple[Cue, ...]) -> frozenset[str]:
    lowered = text.lower()
    return frozenset(c.name for c in cues if any(p.search(lowered) for p in c.question))


def stated_cues(text: str, cues: tuple[Cue, ...]) -> frozenset[str]:
    lowered = text.lower()
    return frozenset(c.name for c in cues if any(p.search(lowered) for p in c.evidence))


class AskedCues:
    """What each passage of an index asks for, read once per passage (an item's cues do not change)."""

    def __init__(self, passages: Sequence[Passage], cues: tuple[Cue, ...]) -> None:
        self.passages = passages
        self.cues = cues
        self._by_position: dict[int, frozenset[str]] = {}

    def __call__(self, position: int) -> frozenset[str]:
        if position not in self._by_position:
            self._by_position[position] = asked_cues(self.passages[position].text, self.cues)
        return self._by_position[position]
