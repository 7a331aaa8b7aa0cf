"""Retrieval quality on labelled questions: hit@1, hit@3, MRR, nDCG@5, level@1."""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.passages import Passage

if TYPE_CHECKING:
    from index.answer import Calibration
    from index.search import FusionParams, Mode, Searcher


@dataclass(frozen=True, slots=True)
class LabelledQuestion:
    question: str
    level: int | None
    passage: str  # the heading, or a phrase of the text, of the passage that must come first
    kind: str = "question"
    doc: str | None = None


def read_questions(path: Path) -> list[LabelledQuestion]:
    with open(path, encoding="utf-8") as f:
        return [LabelledQuestion(**json.loads(line)) for line in f if line.strip()]


def read_unrelated(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["question"] for line in f if line.strip()]


def target_id(label: LabelledQuestion, passages: Sequence[Passage]) -> str:
    """The one passage a label names: same level, and the phrase is its heading or in its text."""
    phrase = label.passage.lower()
    same_level = [
        p
        for p in passages
        if (p.level.number if p.level else None) == label.level and (label.doc is None or p.source.doc == label.doc)
    ]
    matches = [p.id for p in same_level if (p.heading or "").lower() == phrase] or [
        p.id for p in same_level if phrase in p.text.lower()
    ]
    if len(matches) != 1:
        raise ValueError(f"label {label.passage!r} (level {label.level}) matches {len(matches)} passages: {matches}")
    return matches[0]


def reciprocal_rank(ranked_ids: Sequence[str], target: str) -> float:
    return 1.0 / (ranked_ids.index(target) + 1) if target in ranked_ids else 0.0


def ndcg_at(ranked_ids: Sequence[str], target: str, k: int = 5) -> float:
    """nDCG with one relevant passage: 1 / log2(rank + 1) within the top k."""
    top = list(ranked_ids[:k])
    return 1.0 / math.log2(top.index(target) + 2) if target in top else 0.0


@dataclass(frozen=True, slots=True)
class QuestionResult:
    question: LabelledQuestion
    target: str
    ranked: tuple[str, ...]
    top_level: int | None

    @property
    def rank(self) -> int | None:
        return self.ranked.index(self.target) + 1 if self.target in self.ranked else None


def evaluate(
    questions: Sequence[LabelledQuestion],
    passages: Sequence[Passage],
    rank: Callable[[str], list[Passage]],
) -> tuple[dict[str, float], list[QuestionResult]]:
    """Score a ranking function (question -> passages, best first) on labelled questions."""
    results = []
    for q in questions:
        ranked = rank(q.question)
        top_level = ranked[0].level.number if ranked and ranked[0].level else None
        results.append(QuestionResult(q, target_id(q, passages), tuple(p.id for p in ranked), top_level))
    n = len(results) or 1
    metrics = {
        "hit@1": sum(r.rank == 1 for r in results) / n,
        "hit@3": sum(r.rank is not None and r.rank <= 3 for r in results) / n,
        "mrr": sum(reciprocal_rank(r.ranked, r.target) for r in results) / n,
        "ndcg@5": sum(ndcg_at(r.ranked, r.target) for r in results) / n,
        "level@1": sum(r.top_level == r.question.level for r in results) / n,
    }
    return {k: round(v, 4) for k, v in metrics.items()}, results


def mode_ranker(searcher: Searcher, mode: Mode, k: int = 10) -> Callable[[str], list[Passage]]:
    return lambda q: [h.passage for h in searcher.search(q, k, mode=mode).hits]


def ask_figures(
    searcher: Searcher, calibration: Calibration, in_domain: Sequence[str], unrelated: Sequence[str]
) -> dict[str, float]:
    """How often /ask answers in-domain questions and declines unrelated ones."""
    from index.answer import answer

    def answers(q: str) -> bool:
        return answer(searcher.search(q, 1).hits, calibration) is not None

    return {
        "answered_in_domain": round(sum(answers(q) for q in in_domain) / max(len(in_domain), 1), 4),
        "null_unrelated": round(sum(not answers(q) for q in unrelated) / max(len(unrelated), 1), 4),
    }


@dataclass(frozen=True, slots=True)
class EvalReport:
    questions: int
    unrelated: int
    modes: dict[str, dict[str, float]]
    ask: dict[str, float]
    misses: list[dict]

    def to_dict(self) -> dict:
        return asdict(self)

    def table(self) -> str:
        names = ["hit@1", "hit@3", "mrr", "ndcg@5", "level@1"]
        lines = [f"{'pipeline':<10}" + "".join(f"{n:>9}" for n in names)]
        for mode, metrics in self.modes.items():
            label = "hybrid *" if mode == "hybrid" else mode
            lines.append(f"{label:<10}" + "".join(f"{metrics[n]:>9.3f}" for n in names))
        lines.append(
            f"\n/ask: answers {self.ask['answered_in_domain']:.1%} of {self.questions} in-domain questions, "
            f"null for {self.ask['null_unrelated']:.1%} of {self.unrelated} unrelated ones"
        )
        return "\n".join(lines)


def run_eval(
    searcher: Searcher, calibration: Calibration, questions: Sequence[LabelledQuestion], unrelated: Sequence[str]
) -> EvalReport:
    passages = searcher.index.passages
    modes, misses = {}, []
    for mode in ("keyword", "dense", "hybrid"):
        metrics, results = evaluate(questions, passages, mode_ranker(searcher, mode))  # type: ignore[arg-type]
        modes[mode] = metrics
        if mode == "hybrid":
            misses = [
                {
                    "question": r.question.question,
                    "want": r.target,
                    "got": r.ranked[0] if r.ranked else None,
                    "rank": r.rank,
                }
                for r in results
                if r.rank != 1
            ]
    ask = ask_figures(searcher, calibration, [q.question for q in questions], unrelated)
    return EvalReport(len(questions), len(unrelated), modes, ask, misses)


TUNING_GRID = {
    "keyword_weight": (0.3, 0.4, 0.5, 0.6),
    "level_boost": (0.1, 0.2, 0.3),
    "section_boost": (0.3, 0.5),
    "phrase_weight": (0.1, 0.2),
    "segment_weight": (0.5, 0.7),
}


def tune(searcher: Searcher, questions: Sequence[LabelledQuestion]) -> list[tuple[dict[str, float], FusionParams]]:
    """Every combination of TUNING_GRID, best first by (hit@1, level@1, MRR)."""
    base = searcher.params
    scored = []
    try:
        for combo in itertools.product(*TUNING_GRID.values()):
            searcher.params = replace(base, **dict(zip(TUNING_GRID, combo, strict=True)))
            metrics, _ = evaluate(questions, searcher.index.passages, mode_ranker(searcher, "hybrid"))
            scored.append((metrics, searcher.params))
    finally:
        searcher.params = base
    scored.sort(key=lambda item: (item[0]["hit@1"], item[0]["level@1"], item[0]["mrr"]), reverse=True)
    return scored
