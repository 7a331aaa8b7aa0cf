"""Level against level: one ladder mapped onto another in order, and what changes from a level to the next.

Two levels compare by their passages: each passage of one finds its closest
passage of the other, and the level similarity is the mean of those cosines
taken both ways. A level that reads like every level of the other ladder (a
"hub": hiring and mentoring read alike in sales and engineering) would draw
them all, so each similarity is taken relative to how alike that level of
the other ladder is to every level of this one (`hub_corrected`, the hub
correction CSLS makes for word translation).
Stated years of experience and shared title words ("Senior", "Principal")
add to it. The mapping is an ordered alignment (dynamic
programming over the level x level scores), so a higher level never maps
lower than the one below it; a level whose best score falls well below what
the other levels reach maps to nothing (an executive level against an
individual-contributor matrix).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from core.model import Ladder, Level, LevelProfile, Passage, Section, is_no_item, spoken_of
from index import read_data
from index.cues import AskedCues, default_cues
from index.store import LadderIndex
from index.text import is_numeral, title_names, words

ITEM_SECTIONS = (Section.RESPONSIBILITY, Section.COMPETENCY, Section.SKILLS, Section.ROLE)


# Cues that make a competency's next cell a new kind of work rather than more of the same.
MANAGING = frozenset({"people management", "hiring", "org design"})


@dataclass(frozen=True, slots=True)
class CompareParams:
    """The alignment's constants, from index/data/compare.json (chosen on tests/data/ladders/compare.json)."""

    years_weight: float
    title_weight: float
    null_margin: float  # a level maps to nothing when its best score is this far under the ladder's median best
    shared_penalty: float  # two levels in a row mapped to one level cost this much
    temperature: float  # of the softmax over a row that gives its confidence
    carried: float  # the cosine at which an item of the next level carries one of the level below
    evidence: int

    @classmethod
    @cache
    def default(cls) -> CompareParams:
        data = read_data("compare.json")
        return cls(**{k: v for k, v in data.items() if not k.startswith("_")})


@dataclass(frozen=True, slots=True)
class Pair:
    source: int  # positions in the index
    target: int
    score: float


@dataclass(frozen=True, slots=True)
class Row:
    level: Level
    equivalent: Level | None
    confidence: float
    evidence: list[Pair]


@dataclass(frozen=True, slots=True)
class LevelChange:
    level: Level
    next: Level | None
    new: list[int]
    carried: list[Pair]
    dropped: list[int]


class LadderError(ValueError):
    """A comparison that cannot be made: the same ladder twice, or a ladder of one level."""


def years_overlap(a: LevelProfile, b: LevelProfile) -> float:
    """How much two levels' stated years of experience overlap (0 when either does not say)."""
    if a.years is None or b.years is None:
        return 0.0
    (a0, a1), (b0, b1) = a.years, b.years
    overlap = min(a1, b1) - max(a0, b0)
    if overlap > 0:
        return overlap / max(a1 - a0, b1 - b0, 1.0)
    return math.exp(overlap / 2.0) - 1.0 if overlap < 0 else 0.0


def distinct_words(ladder: Ladder) -> list[set[str]]:
    """Each level's title words that not most of its ladder's titles share ("senior", not "engineer")."""
    titles = [set(words(p.level.title)) - {str(p.level.number)} for p in ladder.levels]
    common = {w for w in set().union(*titles) if sum(w in t for t in titles) > len(titles) / 2}
    return [{w for w in t - common if not is_numeral(w)} for t in titles]


# "Every grade includes the responsibilities of the grades below it", "Levels build on each other", "each level
# keeps everything expected of the one below".
CUMULATIVE = re.compile(
    r"(?<!\bnot )\b(?:every|each) (?:grade|level|band|rung|role) (?:includes?|keeps?|builds? on|also does)\b"
    r"[^.;]{0,50}?\bthe (?:ones?|grades?|levels?|bands?|roles?) (?:below|before|beneath)\b(?! (?:the|a|an)\b)"
    r"|(?<!\bnot )\b(?:levels|grades|bands) build on (?:each other|one another|the (?:ones?|levels?|grades?) below)\b",
    re.IGNORECASE,
)


# Time spent as another level, which a level asks for: "at least 2 years as a Store Manager".
EXPERIENCE_AS = r"\b(?:years?|months?|experience|time|spell) as (?:an? |the )?(?P<title>{titles})s?\b"
# A level's own words that it does all the level below does.
KEEPS_ALL = (
    r"\b(?:with|has|have|holds|keeps|retains|carries|includes|covers|does|plus) (?:all|each) (?:of )?the "
    r"(?:responsibilities|duties|work) of (?:an? |the )?{name}s?\b(?! (?:except|apart|other than|but|bar)\b)"
    r"|(?<!\bnot )\beverything (?:an? |the )?{name}s? (?:does|do)\b(?! (?:except|apart|other than|but|bar)\b)"
)


class Comparer:
    def __init__(self, index: LadderIndex, params: CompareParams | None = None) -> None:
        self.index = index
        self.params = params or CompareParams.default()
        self.asked = AskedCues(index.passages, default_cues())
        self.ladders = {ladder.doc: ladder for ladder in index.ladders}
        self.positions: dict[tuple[str, int], list[int]] = {}
        levels = index.levels
        for i, p in enumerate(index.passages):
            if (level := spoken_of(p, levels)) is not None:  # "What changes at Manager:" lists the Manager's
                self.positions.setdefault((level.doc, level.number), []).append(i)
        self._content: dict[tuple[str, int], list[int]] = {}  # read when a level is first compared, not at load
        # Ladders that say each level keeps the work of those below it: no level leaves anything behind.
        self.cumulative = {p.source.doc for p in index.passages if CUMULATIVE.search(p.text)}

    def content(self, key: tuple[str, int]) -> list[int]:
        """A level's passages less its facts: two reporting lines that name look-alike managers ("Head of
        Department" and "Supervisor") are no evidence that the levels are alike (its years count apart); a level
        stated by its facts alone keeps them."""
        found = self._content.get(key)
        if found is None:
            everything = self.positions.get(key, [])
            found = [i for i in everything if not is_no_item(self.index.passages[i])] or everything
            self._content[key] = found
        return found

    def ladder(self, doc: str) -> Ladder:
        ladder = self.ladders.get(doc)
        if ladder is None:
            raise KeyError(doc)
        return ladder

    def vectors(self, positions: list[int]) -> np.ndarray:
        if not positions:
            return np.zeros((0, self.index.manifest.dim), dtype=np.float32)
        return self.index.vectors.reconstruct_batch(np.array(positions, dtype=np.int64))

    def scores(self, a: Ladder, b: Ladder) -> tuple[np.ndarray, np.ndarray, list[list[np.ndarray]]]:
        """Content similarity [a level, b level] (hub-corrected), the score with years and titles, and the passage
        cosines."""
        left = [self.vectors(self.content((a.doc, p.level.number))) for p in a.levels]
        right = [self.vectors(self.content((b.doc, p.level.number))) for p in b.levels]
        content = np.zeros((len(left), len(right)))
        cosines: list[list[np.ndarray]] = []
        for i, u in enumerate(left):
            row = []
            for j, v in enumerate(right):
                c = u @ v.T
                row.append(c)
                if c.size:
                    content[i, j] = 0.5 * (c.max(axis=1).mean() + c.max(axis=0).mean())
            cosines.append(row)
        content = hub_corrected(content)
        titles_a, titles_b = distinct_words(a), distinct_words(b)
        extra = np.array(
            [
                [
                    self.params.years_weight * years_overlap(pa, pb) + self.params.title_weight * bool(ta & tb)
                    for pb, tb in zip(b.levels, titles_b, strict=True)
                ]
                for pa, ta in zip(a.levels, titles_a, strict=True)
            ]
        )
        return content, content + extra, cosines

    def compare(self, source: str, target: str) -> list[Row]:
        a, b = self.ladder(source), self.ladder(target)
        if source == target:
            raise LadderError("from and to are the same ladder: compare two different ones")
        for ladder in (a, b):
            if len(ladder.levels) < 2:
                raise LadderError(f"{ladder.doc} has one level: there is nothing to align")
        content, score, cosines = self.scores(a, b)
        score[self.ranked_apart(a, b)] = -np.inf
        mapping = self.align(content, score)
        rows = []
        for i, j in enumerate(mapping):
            rows.append(
                Row(
                    a.levels[i].level,
                    b.levels[j].level if j is not None else None,
                    self.confidence(score[i], content, j),
                    self.evidence(a, b, i, j, cosines) if j is not None else [],
                )
            )
        return rows

    def ranked_apart(self, a: Ladder, b: Ladder) -> np.ndarray:
        """The pairs of levels that cannot be equivalent because one ladder's level asks for experience as the
        other's ("Area Manager: at least 2 years as a Store Manager"): that level is above the one it names,
        and so above every level below that one."""
        apart = np.zeros((len(a.levels), len(b.levels)), dtype=bool)
        for i, j in self._experience_as(a, b):  # a's level i asks for b's level j: a_i is above b_j
            apart[i:, : j + 1] = True
        for j, i in self._experience_as(b, a):
            apart[: i + 1, j:] = True
        return apart

    def _experience_as(self, a: Ladder, b: Ladder) -> list[tuple[int, int]]:
        """(level of a, level of b) where the first's passages ask for time spent as the second."""
        titles = {name: j for j, p in enumerate(b.levels) for name in title_names(p.level.title)}
        if not titles:
            return []
        names = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
        asked = re.compile(EXPERIENCE_AS.replace("{titles}", names), re.IGNORECASE)
        found = []
        for i, profile in enumerate(a.levels):
            for position in self.positions.get((a.doc, profile.level.number), []):
                for m in asked.finditer(self.index.passages[position].text):
                    found.append((i, titles[m.group("title").lower()]))
        return found

    def align(self, content: np.ndarray, score: np.ndarray) -> list[int | None]:
        """The order-keeping mapping with the highest total gain; a level's gain is its score above the bar.

        The state after level i is the highest level of `to` mapped so far (-1: none yet); level i maps to
        nothing (gain 0, state kept) or to a level at or above the state, paying a penalty for sharing it.
        """
        bar = float(np.median(content.max(axis=1))) - self.params.null_margin
        gain = score - bar
        n, m = gain.shape
        best = {-1: 0.0}
        choices: list[dict[int, tuple[int, int | None]]] = []  # per level: new state -> (old state, mapped to)
        for i in range(n):
            after: dict[int, float] = {}
            how: dict[int, tuple[int, int | None]] = {}
            for state, total in best.items():
                moves: list[tuple[int, float, int | None]] = [(state, total, None)]
                for j in range(max(state, 0), m):
                    shared = self.params.shared_penalty if j == state else 0.0
                    moves.append((j, total + gain[i, j] - shared, j))
                for new_state, value, mapped in moves:
                    if value > after.get(new_state, -np.inf):
                        after[new_state] = value
                        how[new_state] = (state, mapped)
            best = after
            choices.append(how)
        state = max(best, key=lambda s: best[s])
        mapping: list[int | None] = []
        for how in reversed(choices):
            state, mapped = how[state]
            mapping.append(mapped)
        mapping.reverse()
        return fill_holes(mapping, score)

    def confidence(self, row: np.ndarray, content: np.ndarray, j: int | None) -> float:
        """The chosen level's share of a softmax over the row's scores and the bar (the 'nothing' option)."""
        bar = float(np.median(content.max(axis=1))) - self.params.null_margin
        options = np.append(row, bar) / self.params.temperature
        p = np.exp(options - options.max())
        p /= p.sum()
        return round(float(p[j if j is not None else len(row)]), 4)

    def evidence(self, a: Ladder, b: Ladder, i: int, j: int, cosines: list[list[np.ndarray]]) -> list[Pair]:
        """The closest pairs of passages, one from each level, each passage used once."""
        c = cosines[i][j]
        left = self.content((a.doc, a.levels[i].level.number))
        right = self.content((b.doc, b.levels[j].level.number))
        pairs, used_l, used_r = [], set(), set()
        for flat in np.argsort(-c, axis=None):
            x, y = divmod(int(flat), c.shape[1])
            if x in used_l or y in used_r:
                continue
            pairs.append(Pair(left[x], right[y], round(float(c[x, y]), 4)))
            used_l.add(x)
            used_r.add(y)
            if len(pairs) == self.params.evidence:
                break
        return pairs

    def items(self, doc: str, number: int) -> list[int]:
        """A level's named items: responsibilities, competencies, headed paragraphs, its role and its skills; not
        a row stating a fact of it (its years, whom it reports to)."""
        passages = self.index.passages
        return [
            i
            for i in self.positions.get((doc, number), [])
            if (passages[i].section in ITEM_SECTIONS or passages[i].heading is not None) and not is_no_item(passages[i])
        ] or self.content((doc, number))

    def next(self, doc: str, number: int) -> LevelChange:
        """What the next level of the same ladder adds, carries over (each with its counterpart) and leaves."""
        ladder = self.ladder(doc)
        numbers = [p.level.number for p in ladder.levels]
        if number not in numbers:
            raise KeyError(number)
        if len(numbers) < 2:
            raise LadderError(f"{doc} has one level: there is no next level")
        here = numbers.index(number)
        level = ladder.levels[here].level
        if here + 1 == len(numbers):
            return LevelChange(level, None, [], [], [])
        upper = ladder.levels[here + 1].level
        lower_items, upper_items = self.items(doc, number), self.items(doc, upper.number)
        c = self.vectors(upper_items) @ self.vectors(lower_items).T
        passages = self.index.passages
        new, carried, matched_lower = [], [], set()
        # One competency's cell at the two levels (a long one may be cut into pieces under one heading).
        same = [
            [k for k, lp in enumerate(lower_items) if _same_item(passages[lp], passages[position])]
            for position in upper_items
        ]
        partner = mutual_best(c, [[] if s else range(len(lower_items)) for s in same])
        for u, position in enumerate(upper_items):
            # An item and its counterpart are each other's closest: four duties are not all carried from one
            # line that names the next level ("Writes creative briefs with the Account Manager"), nor "Takes
            # charge of the ward" from "Records observations" (closer to the link nurse's duty, taken by it).
            # A competency's cell cut into pieces carries each piece from the cell below.
            k = max(same[u], key=lambda k: c[u, k]) if same[u] else partner.get(u)
            # Work the counterpart does not ask for ("hold one-on-ones" beside "review a sample of tickets") is new;
            # in a competency's own next cell, only managing people ("line manages a team" after "mentors").
            adds = set(self.asked(position) - self.asked(lower_items[k])) if k is not None else set()
            if same[u]:
                adds &= MANAGING
            if k is not None and not adds and (same[u] or c[u, k] >= self.params.carried):
                carried.append(Pair(lower_items[k], position, round(float(c[u, k]), 4)))
                matched_lower.add(k)
            else:
                new.append(position)
        keeps = doc in self.cumulative or self._keeps_all(upper, level)
        dropped = [p for k, p in enumerate(lower_items) if k not in matched_lower and not keeps]
        return LevelChange(level, upper, new, carried, dropped)

    def _keeps_all(self, upper: Level, lower: Level) -> bool:
        """Whether the upper level says it does all the lower one does ("Runs an area of 10 to 14 stores with all
        the responsibilities of an Area Manager", "everything a Library Assistant does, plus")."""
        names = "|".join(re.escape(n) for n in dict.fromkeys((lower.title, lower.short)) if n)
        keeps = re.compile(KEEPS_ALL.replace("{name}", f"(?:{names})"), re.IGNORECASE)
        return any(keeps.search(self.index.passages[i].text) for i in self.positions.get((upper.doc, upper.number), []))


def mutual_best(similarity: np.ndarray, candidates: Sequence[Sequence[int]]) -> dict[int, int]:
    """Rows paired with the column each is closest to, when it is that column's closest row too."""
    best_row: dict[int, int] = {}
    for u, ks in enumerate(candidates):
        for k in ks:
            if k not in best_row or similarity[u, k] > similarity[best_row[k], k]:
                best_row[k] = u
    partner = {}
    for u, ks in enumerate(candidates):
        if ks:
            k = max(ks, key=lambda k: similarity[u, k])
            if best_row.get(k) == u:
                partner[u] = k
    return partner


def hub_corrected(similarity: np.ndarray) -> np.ndarray:
    """Each similarity less its column's mean, on the matrix's own scale (its mean added back): a level of the
    other ladder close to all the levels of this one no longer wins them all. Rows are left as they are, so a
    level unlike everything in the other ladder still maps to nothing."""
    if similarity.size == 0:
        return similarity
    return similarity - similarity.mean(axis=0, keepdims=True) + similarity.mean()


def fill_holes(mapping: list[int | None], score: np.ndarray) -> list[int | None]:
    """Levels between two mapped ones take, in order, the best-scoring levels between theirs.

    "Nothing compares" is for the ends of a ladder (executives against an individual-contributor
    matrix), not for middle levels whose wording happens to match nothing well.
    """
    filled = list(mapping)
    mapped = [i for i, j in enumerate(filled) if j is not None]
    for below, above in itertools.pairwise(mapped):
        for i in range(below + 1, above):
            lower, upper = filled[i - 1], filled[above]
            assert lower is not None and upper is not None
            between = range(lower + 1, upper) if upper - lower > 1 else range(lower, upper + 1)
            filled[i] = max(between, key=lambda j: score[i, j])
    return filled


def _same_item(a: Passage, b: Passage) -> bool:
    """The same named item at two levels: a competency row, or a responsibility under the same heading."""
    return a.heading is not None and a.heading == b.heading and a.category == b.category
