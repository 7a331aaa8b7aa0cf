"""`make eval` for level against level: ladder mappings (/compare) and growth plans (/growth).

Mappings: tests/data/ladders/compare.json, each pair with the mapping we
expect and a split (the fit pairs chose index/data/compare.json; the
held-out ones did not). Growth: tests/data/growth.jsonl, self-descriptions
labelled with their level and the next level's items they lack (`gaps`) or
show (`shown`); its fit half chose index/data/growth.json. For the fixture
ladders, tests/data/ladders/growth.jsonl is the fit set and
growth-heldout.jsonl the held-out one.

Gap recall@5 is, per text, the share of its labelled gaps among the first
five gaps returned, out of at most five.

Whether a text is about a ladder's work at all: tests/data/growth-unrelated.jsonl
holds texts about other work (a nurse, a store manager), which /growth should
refuse, and tests/data/ladders/growth-short.jsonl short texts about the
ladders' work, which it should place; each has a fit and a held-out half.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from core.model import Section
from index.compare import Comparer
from index.growth import Growth, GrowthResult, UnplacedTextError
from index.match import resemblance
from index.store import LadderIndex

SPLITS = ("fit", "held_out")
# The two PM ladders describe one job: a PM's text is on the right ladder on either.
ALIKE = frozenset({"pm-career-path.txt", "pm-competency-matrix.xlsx"})
# Ladder pairs: "across" pairs two disciplines (sales against developers), mapped by seniority.
MAPPING_SPLITS = (*SPLITS, "across")


@dataclass(frozen=True, slots=True)
class MappingFigures:
    split: str
    pairs: int
    levels: int
    exact: float
    within_one: float
    order_kept: bool
    misses: list[str]


def mapping_figures(comparer: Comparer, cases: Sequence[dict]) -> list[MappingFigures]:
    out = []
    for split in MAPPING_SPLITS:
        chosen = [c for c in cases if c.get("split", "fit") == split]
        exact = within = total = 0
        ordered = True
        misses = []
        for case in chosen:
            rows = comparer.compare(case["from"], case["to"])
            got = {str(r.level.number): (r.equivalent.number if r.equivalent else None) for r in rows}
            mapped = [n for n in got.values() if n is not None]
            ordered &= mapped == sorted(mapped)
            for level, want in case["mapping"].items():
                total += 1
                exact += got[level] == want
                near = got[level] is not None and want is not None and abs(got[level] - want) <= 1
                within += got[level] == want or near
                if got[level] != want:
                    misses.append(f"{case['from']} level {level} -> {got[level]}, want {want} (in {case['to']})")
        out.append(
            MappingFigures(split, len(chosen), total, exact / max(total, 1), within / max(total, 1), ordered, misses)
        )
    return out


def mapping_table(figures: Sequence[MappingFigures]) -> str:
    lines = ["split      pairs  levels   exact  within 1  order kept"]
    for f in figures:
        lines.append(
            f"{f.split:<10} {f.pairs:>5}  {f.levels:>6}  {f.exact:>6.3f}  {f.within_one:>8.3f}  "
            + ("yes" if f.order_kept else "NO")
        )
    return "\n".join(lines)


def read_growth(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def item_names(index: LadderIndex, position: int, labels: set[str]) -> set[str]:
    """The labels that name an item: its heading, its section (role, skills, overview) when it has no
    heading, or a phrase of three words or more from its text."""
    passage = index.passages[position]
    own = passage.heading or passage.section.value
    return {label for label in labels if label == own or (len(label.split()) >= 3 and label in passage.text)}


def unlabelled(index: LadderIndex, position: int) -> list[str]:
    summary = index.passages[position].section in (Section.ROLE, Section.OVERVIEW)
    return [] if summary else [f"#{position}"]


@dataclass(frozen=True, slots=True)
class GrowthFigures:
    split: str
    texts: int
    level_right: int
    gap_recall_at_5: float
    shown_listed_as_gap: int
    gap_listed_as_shown: int  # a next-level item the text lacks, said to be shown
    misses: list[str]


def growth_figures(growth: Growth, index: LadderIndex, cases: Sequence[dict], doc: str | None) -> list[GrowthFigures]:
    results = [_read(growth, case["text"], case.get("doc", doc)) for case in cases]
    return [_figures(split, index, cases, results) for split in SPLITS]


def _read(growth: Growth, text: str, doc: str | None) -> GrowthResult | None:
    """The growth plan of a text, or None when it is refused as about other work: a miss, not a crash."""
    try:
        return growth.read(text, doc)
    except UnplacedTextError:
        return None


def _figures(
    split: str, index: LadderIndex, cases: Sequence[dict], results: Sequence[GrowthResult | None]
) -> GrowthFigures:
    right, recalls, shown_as_gap, gap_as_shown, misses = 0, [], 0, 0, []
    chosen = [(c, r) for c, r in zip(cases, results, strict=True) if c["split"] == split]
    for case, result in chosen:
        if result is None:
            misses.append(f"refused as about other work: {case['text'][:60]}...")
            continue
        level = result.current.level.number
        right += level == case["level"]
        if level != case["level"]:
            misses.append(f"level {level}, want {case['level']}: {case['text'][:60]}...")
        labels = {*case["gaps"], *case["shown"]}
        # A gap no label names still takes its place in the first five (a skill the set leaves unlabelled),
        # unless it is the level's role or overview, which a set need not label.
        named = [sorted(item_names(index, g.position, labels)) or unlabelled(index, g.position) for g in result.gaps]
        gaps = list(dict.fromkeys(n for names in named for n in names))
        wanted = set(case["gaps"])
        if level == case["level"] and wanted:
            recalls.append(len(wanted & set(gaps[:5])) / min(5, len(wanted)))
        listed = set(case["shown"]) & set(gaps)
        if level == case["level"] and listed:
            shown_as_gap += len(listed)
            misses.append(f"shown but listed as a gap: {sorted(listed)} in {case['text'][:50]}...")
        claimed = wanted & {n for s in result.shown for n in item_names(index, s.position, labels)}
        if level == case["level"] and claimed:
            gap_as_shown += len(claimed)
            misses.append(f"a gap but listed as shown: {sorted(claimed)} in {case['text'][:50]}...")
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    return GrowthFigures(split, len(chosen), right, recall, shown_as_gap, gap_as_shown, misses)


def growth_table(figures: Sequence[GrowthFigures]) -> str:
    lines = ["split      texts  level right  gap recall@5  shown listed as a gap  gap listed as shown"]
    for f in figures:
        lines.append(
            f"{f.split:<10} {f.texts:>5}  {f.level_right:>5}/{f.texts:<5}  {f.gap_recall_at_5:>12.3f}  "
            f"{f.shown_listed_as_gap:>21}  {f.gap_listed_as_shown:>19}"
        )
    return "\n".join(lines)


def fit_growth(growth: Growth, index: LadderIndex, sets: Sequence[tuple[Sequence[dict], str | None]]) -> float:
    """The `shown` bar that, on the fit halves of `sets` (cases, and the doc they are about), best trades gap
    recall@5 against items listed on the wrong side.

    Listing what a person plainly does as a gap costs twice a missed gap (trust over coverage), and a gap
    said to be shown costs one; on a tie the lower bar wins.
    """
    halves = [([c for c in cases if c["split"] == "fit"], doc) for cases, doc in sets]
    best: tuple[float, float] | None = None
    for step in range(30, 81, 2):
        bar = step / 100
        trial = copy.copy(growth)  # the same items' states, encoded once for every bar
        trial.params = replace(growth.params, shown=bar)
        key = 0.0
        for fit, doc in halves:
            f = _figures("fit", index, fit, [_read(trial, c["text"], c.get("doc", doc)) for c in fit])
            labelled_shown = max(sum(len(c["shown"]) for c in fit), 1)
            labelled_gaps = max(sum(len(c["gaps"]) for c in fit), 1)
            key += (
                f.gap_recall_at_5 - 2 * f.shown_listed_as_gap / labelled_shown - f.gap_listed_as_shown / labelled_gaps
            )
        if best is None or key > best[0]:
            best = (key, bar)
    assert best is not None
    return best[1]


@dataclass(frozen=True, slots=True)
class AboutFigures:
    split: str
    texts: int  # about a ladder's work
    refused: int  # of those, not placed on a level
    ladder_right: int  # of those, placed without a doc on the ladder they are about
    unrelated: int  # about other work
    unrelated_refused: int
    misses: list[str]


def about_figures(growth: Growth, texts: Sequence[dict], unrelated: Sequence[dict]) -> list[AboutFigures]:
    """Texts about the ladders' work (each with its `doc`), read without a doc, and texts about other work."""
    own = [(c, _placed(growth, c["text"])) for c in texts]  # the ladder each is placed on, None if refused
    other = [(c, _placed(growth, c["text"])) for c in unrelated]
    figures = []
    for split in SPLITS:
        mine = [(c, doc) for c, doc in own if c["split"] == split]
        theirs = [(c, doc) for c, doc in other if c["split"] == split]
        refused = [c for c, doc in mine if doc is None]
        wrong = [(c, doc) for c, doc in mine if doc is not None and doc != c["doc"] and not {c["doc"], doc} <= ALIKE]
        misses = [f"refused: {_opening(c)}..." for c in refused]
        misses += [f"placed on {doc}, want {c['doc']}: {_opening(c)}..." for c, doc in wrong]
        misses += [f"placed on {doc}: {_opening(c)}..." for c, doc in theirs if doc is not None]
        right = len(mine) - len(refused) - len(wrong)
        unrelated_refused = sum(doc is None for _, doc in theirs)
        figures.append(AboutFigures(split, len(mine), len(refused), right, len(theirs), unrelated_refused, misses))
    return figures


def of_the_guide(cases: Sequence[dict], guides: Sequence[str]) -> list[dict]:
    """The guide's own cases, which name no guide, with its doc; none when there are several guides."""
    return [{**c, "doc": guides[0]} for c in cases] if len(guides) == 1 else []


def _opening(case: dict) -> str:
    return " ".join(case["text"].split())[:60]


def _placed(growth: Growth, text: str) -> str | None:
    result = _read(growth, text, None)
    return result.current.level.doc if result is not None else None


def about_table(figures: Sequence[AboutFigures]) -> str:
    lines = ["split      texts  refused  on their ladder  other work  of them refused"]
    for f in figures:
        lines.append(
            f"{f.split:<10} {f.texts:>5}  {f.refused:>7}  {f.ladder_right:>9}/{f.texts:<5}  {f.unrelated:>10}  "
            f"{f.unrelated_refused:>15}"
        )
    return "\n".join(lines)


def fit_about_floor(growth: Growth, sets: Sequence[tuple[Sequence[dict], str | None]]) -> float:
    """The resemblance under which a text is about other work: the lowest of the fit texts about the ladders'
    work, each read on its own ladder (`sets`: cases, and the doc they are about when they name none),
    rounded down to 0.01, less 0.02 for texts the sets did not foresee."""
    lowest = min(
        resemblance(growth.matcher.features(c["text"], c.get("doc", doc), about_self=True))
        for cases, doc in sets
        for c in cases
        if c["split"] == "fit"
    )
    return below(lowest)


def below(lowest: float) -> float:
    """A floor under the lowest value of the fit texts: rounded down to 0.01, less 0.02 for texts not foreseen."""
    return math.floor(lowest * 100) / 100 - 0.02


def fit_contrast_floor(growth: Growth, sets: Sequence[tuple[Sequence[dict], str | None]]) -> float | None:
    """How much more than other work a text must resemble its ladder: the least of the fit texts about the
    ladders' work, each read on its own ladder, rounded down to 0.01, less 0.02 as `fit_about_floor`."""
    contrasts = [
        growth.contrast(c["text"], c.get("doc", doc)) for cases, doc in sets for c in cases if c["split"] == "fit"
    ]
    known = [c for c in contrasts if c is not None]
    return below(min(known)) if known else None


def as_dicts(figures: Sequence[MappingFigures | GrowthFigures | AboutFigures]) -> list[dict]:
    return [asdict(f) for f in figures]
