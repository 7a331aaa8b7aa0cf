"""Hybrid scoring: score fusion and the priors from a query's wording, as small pure functions."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from core.model import Level, Passage, Section
from index import read_data
from index.text import LevelNames, Query, bigrams

SECTIONS = tuple(Section)
# "Who grows seniors into tech leads", "which manager oversees senior EMs": the answer is the level that
# acts, not the one it acts on ("who does an APM report to" keeps its level: the asker's own).
ASKS_WHO_ACTS = re.compile(
    r"^(?:who|which (?:\w+ )?(?:manager|role|level|person|engineer|one|job|title|position|rung|grade|lead|leader)s?)"
    r"\b(?!['’]s\b| (?:else )?(?:is|are|was|were|does|do|did|should|would|will|can|could|has|have|had)\b)"
)


@dataclass(frozen=True, slots=True)
class FusionParams:
    """How hybrid scores are made: `index/data/fusion.json`, chosen by `ladder eval --tune`."""

    keyword_weight: float
    level_boost: float
    section_boost: float
    phrase_weight: float
    level_context_weight: float  # a query word a passage lacks counts this much when its level's overview has it
    segment_weight: float  # a passage's dense score mixes its own cosine with its best segment's
    normalization: str  # "max": divide by the best score; "minmax": stretch to [0, 1]
    relevance_floor: float  # a passage sharing no word with the query needs this cosine to be shown
    candidates: int  # taken from each retriever

    @classmethod
    @cache
    def default(cls) -> FusionParams:
        data = read_data("fusion.json")
        return cls(**{k: v for k, v in data.items() if not k.startswith("_")})


def minmax(scores: np.ndarray) -> np.ndarray:
    """Scale to [0, 1]; a flat score list becomes all zeros (it tells nothing apart)."""
    if scores.size == 0:
        return scores
    low, high = float(scores.min()), float(scores.max())
    if high - low < 1e-9:
        return np.zeros_like(scores)
    return (scores - low) / (high - low)


def maxnorm(scores: np.ndarray) -> np.ndarray:
    """Divide by the best score: keeps how far apart the scores are, unlike min-max."""
    if scores.size == 0:
        return scores
    high = float(scores.max())
    return scores / high if high > 1e-9 else np.zeros_like(scores)


NORMALIZERS = {"minmax": minmax, "max": maxnorm}


def weighted_fusion(
    dense: np.ndarray, keyword: np.ndarray, keyword_weight: float, normalization: str = "minmax"
) -> np.ndarray:
    """Convex mix of the normalised dense and keyword scores."""
    norm = NORMALIZERS[normalization]
    return (1.0 - keyword_weight) * norm(dense) + keyword_weight * norm(keyword)


@dataclass(frozen=True, slots=True)
class Wording:
    """What a query's words ask for, by level and section: the priors before any passage is scored.

    Levels are slots (`level_slots`); the last slot is for passages without a level.
    """

    bigrams: frozenset[tuple[str, str]]
    levels: np.ndarray | None  # weight per level slot of the levels the query names; None: it names none
    sections: np.ndarray | None  # [section, level slot]: how strongly it asks for that section there


def intent_sections(passages: Sequence[Passage]) -> np.ndarray:
    """Each passage's section as the wording's intents see it: a level with no role passage (a ladder of
    plain paragraphs) has its first overview paragraph answer "what does a ... do"."""
    with_role = {p.level for p in passages if p.section is Section.ROLE}
    summary: dict[Level, int] = {}
    for i, p in enumerate(passages):
        if p.level is not None and p.level not in with_role and p.section is Section.OVERVIEW:
            summary.setdefault(p.level, i)
    firsts = set(summary.values())
    return np.array(
        [SECTIONS.index(Section.ROLE if i in firsts else p.section) for i, p in enumerate(passages)], np.int64
    )


def per_level(weights: dict[tuple[str, int], float], slots: dict[tuple[str, int], int]) -> np.ndarray:
    """A weight per level slot, from weights by (doc, level number)."""
    out = np.zeros(len(slots) + 1)
    for key, weight in weights.items():
        if key in slots:
            out[slots[key]] = weight
    return out


def wording(query: Query, names: LevelNames | None, slots: dict[tuple[str, int], int]) -> Wording:
    """The levels a query names and the sections it asks for, at which levels."""
    named, sections = None, None
    if names is not None:
        acted_on = ASKS_WHO_ACTS.match(query.normalized) and not names.neighbours_asked(query.normalized)
        named = per_level(query.levels, slots) if query.levels and not acted_on else None
        for section, levels in names.sections_asked(query.normalized).items():
            if levels is None:  # at any level: those the query names, or all when it names none
                fit = (named > 0) if named is not None else np.ones(len(slots) + 1, dtype=bool)
            else:
                fit = per_level(levels, slots)
            if sections is None:
                sections = np.zeros((len(SECTIONS), len(slots) + 1))
            sections[SECTIONS.index(Section(section))] += fit
    return Wording(frozenset(bigrams(query.stems)), named, sections)


def level_context(
    terms: Sequence[str],
    has_term: Callable[[str], np.ndarray],
    context_scores: Callable[[str], np.ndarray | None],
    level_slots: np.ndarray,
) -> np.ndarray:
    """Per candidate, the BM25 score its level's overview (and role) gives the query words it lacks itself:
    "first response time target tier 1" finds the Associate's response target, since "tier-1" is the
    Associate's work. `has_term(t)` says which candidates have t; `context_scores(t)` is t's score per level
    slot, None when no level's overview has it."""
    out = np.zeros(len(level_slots))
    for term in terms:
        scores = context_scores(term)
        if scores is not None:
            out += scores[level_slots] * ~has_term(term)
    return out


def priors(
    wording: Wording,
    params: FusionParams,
    level_slots: np.ndarray,
    section_ids: np.ndarray,
    shared_phrases: np.ndarray,
) -> np.ndarray:
    """Each candidate's bonus for its level being named, its section asked for, and the phrases it shares.

    `level_slots`, `section_ids` and `shared_phrases` (how many of the query's
    bigrams it has) are per candidate.
    """
    bonus = np.zeros(len(level_slots))
    if wording.levels is not None:
        bonus += params.level_boost * wording.levels[level_slots]
    if wording.sections is not None:
        bonus += params.section_boost * wording.sections[section_ids, level_slots]
    if wording.bigrams and params.phrase_weight:
        bonus += params.phrase_weight * shared_phrases / len(wording.bigrams)
    return bonus
