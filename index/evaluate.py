"""Retrieval quality on labelled questions: hit@1, hit@3, MRR, nDCG@5, level@1."""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from core.model import Mode, Passage, squashed

if TYPE_CHECKING:
    from index.answer import AnswerModel, Decision
    from index.fusion import FusionParams
    from index.search import Searcher


@dataclass(frozen=True, slots=True)
class LabelledQuestion:
    question: str
    level: int | None
    passage: str  # the heading, or a phrase of the text, of the passage that must come first
    kind: str = "question"
    doc: str | None = None


GUIDE = "pm-career-path.txt"  # the guide the labelled sets of tests/data are written for


def read_questions(path: Path) -> list[LabelledQuestion]:
    with open(path, encoding="utf-8") as f:
        return [LabelledQuestion(**json.loads(line)) for line in f if line.strip()]


def read_unrelated(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["question"] for line in f if line.strip()]


def target_id(label: LabelledQuestion, passages: Sequence[Passage]) -> str:
    """The one passage a label names: same level, and the phrase is its heading or in its text."""
    phrase = squashed(label.passage)
    same_level = [
        p
        for p in passages
        if (p.level.number if p.level else None) == label.level and (label.doc is None or p.source.doc == label.doc)
    ]
    matches = [p.id for p in same_level if (p.heading or "").lower() == phrase] or [
        p.id for p in same_level if phrase in squashed(p.text)
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
    return lambda q: [h.passage for h in searcher.search(q, k, mode=mode)]


@dataclass(frozen=True, slots=True)
class EvalReport:
    questions: int
    modes: dict[str, dict[str, float]]
    misses: list[dict]

    def to_dict(self) -> dict:
        return asdict(self)

    def table(self) -> str:
        names = ["hit@1", "hit@3", "mrr", "ndcg@5", "level@1"]
        lines = [f"{'pipeline':<10}" + "".join(f"{n:>9}" for n in names)]
        for mode, metrics in self.modes.items():
            label = "hybrid *" if mode == "hybrid" else mode
            lines.append(f"{label:<10}" + "".join(f"{metrics[n]:>9.3f}" for n in names))
        return "\n".join(lines)


def run_eval(searcher: Searcher, questions: Sequence[LabelledQuestion]) -> EvalReport:
    passages = searcher.index.passages
    modes, misses = {}, []
    for mode in (Mode.KEYWORD, Mode.DENSE, Mode.HYBRID):
        metrics, results = evaluate(questions, passages, mode_ranker(searcher, mode))
        modes[mode.value] = metrics
        if mode is Mode.HYBRID:
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
    return EvalReport(len(questions), modes, misses)


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
            metrics, _ = evaluate(questions, searcher.index.passages, mode_ranker(searcher, Mode.HYBRID))
            scored.append((metrics, searcher.params))
    finally:
        searcher.params = base
    scored.sort(key=lambda item: (item[0]["hit@1"], item[0]["level@1"], item[0]["mrr"]), reverse=True)
    return scored


@dataclass(frozen=True, slots=True)
class LabelledPosting:
    name: str
    text: str
    level: int


def read_postings(folder: Path) -> list[LabelledPosting]:
    labels = json.loads((folder / "labels.json").read_text("utf-8"))["levels"]
    return [LabelledPosting(name, (folder / name).read_text("utf-8"), level) for name, level in sorted(labels.items())]


def strip_title(text: str) -> str:
    """The posting without its title line, and without the title's words where the body repeats them."""
    from index.match import posting_title

    title = posting_title(text)
    if not title:
        return text
    body = text.split("\n", 1)[1] if "\n" in text else ""
    core = re.split(r"\s*[,\-–—|(]\s*", title)[0].strip()
    for name in sorted({title, core}, key=len, reverse=True):
        if len(name) > 2:
            body = re.sub(rf"(?i)\b{re.escape(name)}\b", "the hire", body)
    return body.lstrip()


RELIABILITY_BINS = (0.0, 0.5, 0.7, 0.9, 1.0001)


@dataclass(frozen=True, slots=True)
class MatchReport:
    postings: int
    exact: dict[str, float]  # "titled" / "stripped"
    within_one: dict[str, float]
    confusion: dict[str, list[list[int]]]  # [true level][predicted level], levels 1..n
    reliability: list[dict]  # per confidence bin: count, mean confidence, accuracy
    misses: list[dict]

    def table(self) -> str:
        lines = [f"{'postings':<10}{'exact':>8}{'within 1':>10}"]
        for variant in ("titled", "stripped"):
            lines.append(f"{variant:<10}{self.exact[variant]:>8.3f}{self.within_one[variant]:>10.3f}")
        for variant, matrix in self.confusion.items():
            n = len(matrix)
            lines.append(f"\nconfusion ({variant}; rows: true level, columns: predicted)")
            lines.append("      " + "".join(f"{j:>4}" for j in range(1, n + 1)))
            lines.extend(f"  L{i + 1:<3}" + "".join(f"{c:>4}" for c in row) for i, row in enumerate(matrix))
        lines.append("\nreliability (both variants): confidence of the top level vs how often it is right")
        lines.append(f"  {'confidence':<12}{'postings':>9}{'mean conf':>11}{'accuracy':>10}")
        for b in self.reliability:
            accuracy = f"{b['accuracy']:.3f}" if b["count"] else "-"
            mean = f"{b['mean_confidence']:.3f}" if b["count"] else "-"
            lines.append(f"  {b['bin']:<12}{b['count']:>9}{mean:>11}{accuracy:>10}")
        return "\n".join(lines)


def match_report(matcher, postings: Sequence[LabelledPosting]) -> MatchReport:  # type: ignore[no-untyped-def]
    exact, within, confusion, misses = {}, {}, {}, []
    tops: list[tuple[float, bool]] = []
    for variant in ("titled", "stripped"):
        right = near = 0
        n_levels = max(p.level for p in postings)
        matrix = [[0] * n_levels for _ in range(n_levels)]
        for posting in postings:
            text = posting.text if variant == "titled" else strip_title(posting.text)
            best = matcher.match(text, evidence=0).levels[0]
            got = best.level.number
            right += got == posting.level
            near += abs(got - posting.level) <= 1
            matrix[posting.level - 1][got - 1] += 1
            tops.append((best.confidence, got == posting.level))
            if got != posting.level:
                misses.append(
                    {
                        "posting": posting.name,
                        "variant": variant,
                        "want": posting.level,
                        "got": got,
                        "confidence": round(best.confidence, 3),
                    }
                )
        exact[variant] = round(right / len(postings), 4)
        within[variant] = round(near / len(postings), 4)
        confusion[variant] = matrix
    reliability = []
    for low, high in itertools.pairwise(RELIABILITY_BINS):
        inside = [(c, ok) for c, ok in tops if low <= c < high]
        reliability.append(
            {
                "bin": f"{low:.1f}-{min(high, 1.0):.1f}",
                "count": len(inside),
                "mean_confidence": round(sum(c for c, _ in inside) / len(inside), 4) if inside else None,
                "accuracy": round(sum(ok for _, ok in inside) / len(inside), 4) if inside else None,
            }
        )
    return MatchReport(len(postings), exact, within, confusion, reliability, misses)


def fit_matcher(matcher, postings: Sequence[LabelledPosting]) -> tuple[dict[str, float], dict[str, float]]:  # type: ignore[no-untyped-def]
    """Fit the matcher's logit on the postings (titled and stripped); also leave-one-posting-out accuracy."""
    import numpy as np

    from index.match import FEATURES, fit_match_weights

    samples = []
    for posting in postings:
        for variant, text in (("titled", posting.text), ("stripped", strip_title(posting.text))):
            f = matcher.features(text)
            samples.append((posting.name, variant, f.values, [lv.number for lv in f.levels].index(posting.level)))
    weights = fit_match_weights([(v, r) for _, _, v, r in samples])
    right = {"titled": 0, "stripped": 0}
    for name in sorted({s[0] for s in samples}):
        held_out = fit_match_weights([(v, r) for n, _, v, r in samples if n != name], steps=1500)
        for n, variant, values, r in samples:
            if n == name:
                right[variant] += int(np.argmax(values @ held_out) == r)
    cross_validated = {k: round(v / len(postings), 4) for k, v in right.items()}
    return {f: round(float(w), 3) for f, w in zip(FEATURES, weights, strict=True)}, cross_validated


@dataclass(frozen=True, slots=True)
class LadderFigures:
    """One ladder's figures: its levels as found against the labels, its questions, its postings."""

    doc: str
    levels_exact: bool
    questions: int
    hit1: float
    mrr: float
    held_out: int  # questions written apart from these figures' tuning, measured separately
    held_out_hit1: float
    held_out_mrr: float
    postings: int
    postings_exact: float
    misses: list[dict]
    # Its own postings that /match took for another job's (best null): what a ladder's titles fail to name.
    postings_refused: list[str] = field(default_factory=list)


def read_ladder_postings(folder: Path) -> list[tuple[str, str, str, int]]:
    """(file, text, doc, level) of each labelled posting for the fixture ladders."""
    labels = json.loads((folder / "labels.json").read_text("utf-8"))["postings"]
    return [(name, (folder / name).read_text("utf-8"), v["doc"], v["level"]) for name, v in sorted(labels.items())]


def ladder_figures(
    searcher: Searcher,
    matcher,  # type: ignore[no-untyped-def]
    questions: Sequence[LabelledQuestion],
    held_out: Sequence[LabelledQuestion],
    postings: Sequence[tuple[str, str, str, int]],
    expected_levels: dict[str, list[dict]],
) -> list[LadderFigures]:
    """Each fixture ladder searched on its own (`doc`), with no configuration: hit@1, MRR, postings placed."""
    from index.search import SearchFilter

    passages = searcher.index.passages

    def ranks(asked: list[LabelledQuestion], where: SearchFilter) -> list[tuple[LabelledQuestion, str, tuple]]:
        return [
            (q, target_id(q, passages), tuple(h.passage.id for h in searcher.search(q.question, 10, where)))
            for q in asked
        ]

    def hit1(results: list) -> float:  # type: ignore[type-arg]
        return round(sum(ranked[:1] == (t,) for _, t, ranked in results) / max(len(results), 1), 4)

    def mrr(results: list) -> float:  # type: ignore[type-arg]
        return round(sum(reciprocal_rank(ranked, t) for _, t, ranked in results) / max(len(results), 1), 4)

    out = []
    for doc, expected in sorted(expected_levels.items()):
        where = SearchFilter.of(docs=[doc])
        found = [(lv.number, lv.title) for lv in searcher.index.levels if lv.doc == doc]
        tuned = ranks([q for q in questions if q.doc == doc], where)
        apart = ranks([q for q in held_out if q.doc == doc], where)
        matched = [(name, matcher.match(text, doc, evidence=0), level) for name, text, d, level in postings if d == doc]
        placed = [(name, result.levels[0].level.number, level) for name, result, level in matched]
        misses = [{"question": q.question, "want": t, "got": r[:1]} for q, t, r in tuned if r[:1] != (t,)]
        misses += [{"posting": name, "want": level, "got": got} for name, got, level in placed if got != level]
        out.append(
            LadderFigures(
                doc=doc,
                levels_exact=found == [(lv["number"], lv["title"]) for lv in expected],
                questions=len(tuned),
                hit1=hit1(tuned),
                mrr=mrr(tuned),
                held_out=len(apart),
                held_out_hit1=hit1(apart),
                held_out_mrr=mrr(apart),
                postings=len(placed),
                postings_exact=round(sum(got == level for _, got, level in placed) / max(len(placed), 1), 4),
                misses=misses,
                postings_refused=[name for name, result, _ in matched if result.posting < 0.5],
            )
        )
    return out


def ladders_table(figures: Sequence[LadderFigures]) -> str:
    head = f"{'ladder':<28}{'levels':>7}{'questions':>10}{'hit@1':>7}{'mrr':>7}{'held out':>9}{'hit@1':>7}{'mrr':>7}"
    lines = [head + f"{'postings':>9}{'exact':>7}"]

    def row(name: str, levels: str, n: int, h: float, m: float, hn: int, hh: float, hm: float, p: int, e: float) -> str:
        return f"{name:<28}{levels:>7}{n:>10}{h:>7.3f}{m:>7.3f}{hn:>9}{hh:>7.3f}{hm:>7.3f}{p:>9}{e:>7.3f}"

    for f in figures:
        levels = "exact" if f.levels_exact else "WRONG"
        lines.append(
            row(
                f.doc,
                levels,
                f.questions,
                f.hit1,
                f.mrr,
                f.held_out,
                f.held_out_hit1,
                f.held_out_mrr,
                f.postings,
                f.postings_exact,
            )
        )

    def mean(value: str, weight: str) -> float:
        total = sum(getattr(f, weight) for f in figures)
        return sum(getattr(f, value) * getattr(f, weight) for f in figures) / max(total, 1)

    levels = "exact" if all(f.levels_exact for f in figures) else "WRONG"
    lines.append(
        row(
            "all, no configuration",
            levels,
            sum(f.questions for f in figures),
            mean("hit1", "questions"),
            mean("mrr", "questions"),
            sum(f.held_out for f in figures),
            mean("held_out_hit1", "held_out"),
            mean("held_out_mrr", "held_out"),
            sum(f.postings for f in figures),
            mean("postings_exact", "postings"),
        )
    )
    return "\n".join(lines)


# ---------------------------------------------------------------- /ask: answered, declined, and right


@dataclass(frozen=True, slots=True)
class AskCase:
    question: str
    kind: str  # "answerable", "form", "not_covered", "unrelated"
    split: str  # "fit" (the model is fitted on these), "held_out", or "test" (tests/data/blind)
    target: str | None = None  # answerable: the passage that answers it
    phrase: str | None = None  # form: a phrase the answering sentence has


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def ask_cases(data: Path, passages: Sequence[Passage]) -> list[AskCase]:
    """Every labelled question for /ask, each with its split (a third of the answerable ones held out)."""
    cases = [
        AskCase(q.question, "answerable", "held_out" if i % 3 == 2 else "fit", target=target_id(q, passages))
        for i, q in enumerate(read_questions(data / "questions.jsonl"))
    ]
    cases += [
        AskCase(d["question"], "form", d["split"], phrase=d["answer"])
        for d in read_jsonl(data / "question_forms.jsonl")
    ]
    cases += [AskCase(d["question"], "not_covered", d["split"]) for d in read_jsonl(data / "not_covered.jsonl")]
    cases += [
        AskCase(d["question"], "unrelated", "held_out" if i % 2 else "fit")
        for i, d in enumerate(read_jsonl(data / "unrelated.jsonl"))
    ]
    # fresh: written by a helper from the guide alone (its wording is not ours);
    # blind: the same, never looked at case by case (the test split).
    for folder, split in ((data / "fresh", "fit"), (data / "blind", "test")):
        if not folder.is_dir():
            continue
        cases += [
            AskCase(q.question, "answerable", split, target=target_id(q, passages))
            for q in read_questions(folder / "questions.jsonl")
        ]
        cases += [
            AskCase(d["question"], "form", split, phrase=d["answer"])
            for d in read_jsonl(folder / "question_forms.jsonl")
        ]
        cases += [AskCase(d["question"], "not_covered", split) for d in read_jsonl(folder / "not_covered.jsonl")]
        cases += [AskCase(d["question"], "unrelated", split) for d in read_jsonl(folder / "unrelated.jsonl")]
    return cases


def is_right(case: AskCase, decision: Decision) -> bool:
    """Whether the sentence /ask would give answers the question (its confidence aside)."""
    if case.kind == "answerable":
        return decision.passage is not None and decision.passage.id == case.target
    if case.kind == "form":
        return decision.sentence is not None and squashed(case.phrase or "") in squashed(decision.sentence)
    return False


CONFIDENT = 0.8  # an answer at this confidence or more must answer (issue #15)
ASK_L2 = 0.1  # the strongest penalty within 0.01 of the lowest held-out log loss (docs/quality.md)


def fit_ask_model(cases: Sequence[AskCase], decisions: Sequence[Decision], base: AnswerModel) -> AnswerModel:
    """The answer model fitted on the `fit` split: P(right) from the features; the domain model from the top cosine."""
    import numpy as np

    from index.answer import AnswerModel, fit_logistic

    fit = [(c, d) for c, d in zip(cases, decisions, strict=True) if c.split == "fit"]
    about = np.array([float(c.kind != "unrelated") for c, _ in fit])
    cosines = np.array([[d.features[0]] for _, d in fit])
    fit = [(c, d) for c, d in fit if not d.declined]  # the model never decides these
    features = np.array([d.features for _, d in fit])
    labels = np.array([float(is_right(c, d)) for c, d in fit])
    weights, bias = fit_logistic(features, labels, l2=ASK_L2)
    domain, domain_bias = fit_logistic(cosines, about)
    return AnswerModel(
        weights=tuple(round(float(w), 4) for w in weights),
        bias=round(bias, 4),
        domain_weight=round(float(domain[0]), 4),
        domain_bias=round(domain_bias, 4),
        threshold=base.threshold,
    )


@dataclass(frozen=True, slots=True)
class AskReport:
    rows: dict[str, dict[str, float]]  # "<kind> <split>" -> answered, right (of all), null
    confident_wrong: list[dict]  # answers at confidence >= 0.8 whose sentence does not answer

    def table(self) -> str:
        lines = [f"{'questions':<24}{'n':>5}{'answered':>10}{'right':>8}{'null':>8}"]
        for name, r in self.rows.items():
            lines.append(f"{name:<24}{r['n']:>5.0f}{r['answered']:>10.3f}{r['right']:>8.3f}{r['null']:>8.3f}")
        by_split = Counter(w["split"] for w in self.confident_wrong)
        counts = ", ".join(f"{split} {by_split[split]}" for split in ("fit", "held_out", "test"))
        lines.append(f"answers at confidence >= 0.8 that do not answer: {counts}")
        return "\n".join(lines)


def answers(model: AnswerModel, decision: Decision) -> bool:
    """Whether `model` would answer (a decision declined by its form is null whatever the model says)."""
    return not decision.declined and model.confidence(decision.features) >= model.threshold


def ask_report(cases: Sequence[AskCase], decisions: Sequence[Decision], model: AnswerModel) -> AskReport:
    """Per kind and split: how often /ask answers, answers rightly, and declines (`model` decides)."""
    rows: dict[str, dict[str, float]] = {}
    confident_wrong = []
    for kind in ("answerable", "form", "not_covered", "unrelated"):
        for split in ("fit", "held_out", "test"):
            chosen = [(c, d) for c, d in zip(cases, decisions, strict=True) if c.kind == kind and c.split == split]
            if not chosen:
                continue
            answered = [(c, d) for c, d in chosen if answers(model, d)]
            rows[f"{kind} {split}"] = {
                "n": len(chosen),
                "answered": round(len(answered) / len(chosen), 4),
                "right": round(sum(is_right(c, d) for c, d in answered) / len(chosen), 4),
                "null": round(1 - len(answered) / len(chosen), 4),
            }
    for c, d in zip(cases, decisions, strict=True):
        confidence = model.confidence(d.features)
        if answers(model, d) and confidence >= CONFIDENT and not is_right(c, d):
            confident_wrong.append(
                {
                    "question": c.question,
                    "kind": c.kind,
                    "split": c.split,
                    "sentence": d.sentence,
                    "confidence": round(confidence, 3),
                }
            )
    return AskReport(rows, confident_wrong)


# ---------------------------------------------------------------- /ask: question forms on other ladders


@dataclass(frozen=True, slots=True)
class FormFigures:
    """/ask on questions of a form about the fixture ladders (tests/data/ladders/question_forms.jsonl)."""

    split: str
    questions: int
    answerable: int
    right: float  # of all: the right sentence, or no answer where the ladder does not say
    answered_wrongly: int  # an answer that is not the labelled sentence (or a ladder that does not say it)
    confident_wrong: int  # of those, at confidence >= 0.8
    missed: int  # no answer where the ladder has one
    by_form: dict[str, tuple[int, int]]  # form -> (right, questions)
    misses: list[dict] = field(default_factory=list)


def answers_with(answer_text: str, labels: Sequence[str]) -> bool:
    """Whether an answer is a labelled sentence: it has a labelled phrase, or it is a table cell of one
    ("Support Team Lead" of the row "0-1 years<tab>Support Team Lead")."""
    said = squashed(answer_text).rstrip(".")  # "Watch Commander." is the cell of "Reports to: Watch Commander"
    wanted = [squashed(label).rstrip(".") for label in labels]
    return any(label in said or (len(said.split()) >= 2 and said in label) for label in wanted)


def form_figures(ask: Callable[[str], Decision], cases: Sequence[dict]) -> list[FormFigures]:
    """Per split: how often /ask gives a labelled sentence (`answer`, or one of `also`), or none where the
    ladder does not say (`answer` null)."""
    out = []
    for split in ("fit", "held_out"):
        chosen = [c for c in cases if c["split"] == split]
        right = wrong = confident = missed = 0
        by_form: dict[str, list[int]] = {}
        misses = []
        for case in chosen:
            answer = ask(case["question"]).answer
            labels = [case["answer"], *case.get("also", ())] if case["answer"] is not None else []
            ok = answers_with(answer.text, labels) if answer is not None else not labels
            tally = by_form.setdefault(case["form"], [0, 0])
            tally[0] += ok
            tally[1] += 1
            right += ok
            if not ok:
                missed += answer is None
                wrong += answer is not None
                confident += answer is not None and answer.confidence >= CONFIDENT
                misses.append({"question": case["question"], "want": case["answer"], "got": answer and answer.text})
        answerable = sum(c["answer"] is not None for c in chosen)
        out.append(
            FormFigures(
                split,
                len(chosen),
                answerable,
                round(right / max(len(chosen), 1), 4),
                wrong,
                confident,
                missed,
                {form: (r, n) for form, (r, n) in sorted(by_form.items())},
                misses,
            )
        )
    return out


def form_table(figures: Sequence[FormFigures]) -> str:
    lines = ["split      questions  answerable  right  wrong  at >= 0.8  missed   by form (right/questions)"]
    for f in figures:
        forms = " ".join(f"{form} {r}/{n}" for form, (r, n) in f.by_form.items())
        lines.append(
            f"{f.split:<10} {f.questions:>9}  {f.answerable:>10}  {f.right:>5.3f}  {f.answered_wrongly:>5}  "
            f"{f.confident_wrong:>9}  {f.missed:>6}   {forms}"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- /ask: new users' trials

# Folders of tests/data where a new user brought ladders and wrote questions before anything ran, and whether
# those questions were written to be asked within their "doc".
TRIALS = {
    "design": False,
    "review2": True,
    "school": False,
    "law-firm": False,
    "hotel": False,
    "council": False,
    "bank": False,
    "university": False,
    "factory": False,
    "retail": False,
    "civil": False,
    "consult": False,
    "studio": False,
    "airline": False,
    "pharma": False,
    "logistics": False,
    "insurance": False,
    "saas": False,
    "newsroom": False,
}


@dataclass(frozen=True, slots=True)
class TrialCase:
    question: str
    doc: str | None  # asked within this ladder
    labels: tuple[str, ...]  # sentences that answer it
    levels: tuple[str | tuple[str, int], ...] = ()  # or any sentence of one of these (a title, or doc and number)

    @property
    def answerable(self) -> bool:
        return bool(self.labels or self.levels)


@dataclass(frozen=True, slots=True)
class TrialFigures:
    questions: int
    answerable: int
    right: int
    wrong: int  # an answer that is not a labelled sentence
    confident_wrong: int  # of those, at confidence >= 0.8
    missed: int  # no answer where the ladders have one


def trial_cases(path: Path, within_doc: bool) -> list[TrialCase]:
    """A trial's questions.jsonl, whose writers named their fields their own way: "answer" (or
    "answer_should_contain") with "also" (or "also_acceptable"); "any" answer of a "level"; or what is
    "expect"ed: no answer, a doc's level (any sentence of it), or one level of each of several ladders."""
    cases = []
    for raw in read_jsonl(path):
        answer = raw["answer"] if "answer" in raw else raw.get("answer_should_contain")
        expect = raw.get("expect") or {}
        levels: tuple[str | tuple[str, int], ...] = ()
        if answer is not None and answer.startswith("any"):
            answer, levels = None, (raw["level"],)
        elif answer is None and isinstance(expect.get("level"), int):
            levels = tuple((expect["doc"], n) for n in (expect["level"], expect.get("acceptable_level")) if n)
        elif answer is None and "by_ladder" in expect:
            levels = tuple(expect["by_ladder"].items())
        also = [*raw.get("also", ()), *raw.get("also_acceptable", ())]
        labels = () if answer is None else (answer, *also)
        doc = raw.get("doc") if within_doc else None
        cases.append(TrialCase(raw.get("question") or raw["q"], doc, labels, levels))
    return cases


def trial_files(folder: Path) -> list[Path]:
    """A trial's ladders: its folder's guide files but its notes."""
    from ingest.build import guide_files

    return [path for path in guide_files(folder) if path.name not in ("README.md", "findings.md")]


def ask_trial(engine, case: TrialCase) -> Decision:  # type: ignore[no-untyped-def]
    """/ask's decision on a trial's question, within its doc when it has one."""
    from index.search import SearchFilter

    return engine.ask(case.question, where=SearchFilter.of(docs=[case.doc] if case.doc else None))[0]


def trial_right(case: TrialCase, decision: Decision) -> bool:
    def of_levels(passage: Passage) -> bool:
        level = passage.level
        return level is not None and bool({level.title, (level.doc, level.number)} & set(case.levels))

    answer = decision.answer
    if answer is None:  # asked of several ladders, each one's answer from its labelled level
        return not case.answerable or (
            bool(decision.by_ladder) and all(of_levels(a.passage) for a in decision.by_ladder)
        )
    return answers_with(answer.text, case.labels) or of_levels(answer.passage)


def trial_figures(engine, cases: Sequence[TrialCase]) -> TrialFigures:  # type: ignore[no-untyped-def]
    right = wrong = confident = 0
    for case in cases:
        decision = ask_trial(engine, case)
        ok = trial_right(case, decision)
        right += ok
        wrong += not ok and decision.answer is not None
        confident += not ok and decision.answer is not None and decision.answer.confidence >= CONFIDENT
    answerable = sum(case.answerable for case in cases)
    return TrialFigures(len(cases), answerable, right, wrong, confident, len(cases) - right - wrong)


def trials_table(figures: dict[str, TrialFigures]) -> str:
    lines = ["trial      questions  answerable  right  wrong  at >= 0.8  missed"]
    for name, f in figures.items():
        lines.append(
            f"{name:<10} {f.questions:>9}  {f.answerable:>10}  {f.right:>5}  {f.wrong:>5}  "
            f"{f.confident_wrong:>9}  {f.missed:>6}"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- /match: is it a posting for this ladder at all


@dataclass(frozen=True, slots=True)
class PostingCase:
    name: str
    text: str
    kind: str  # "ladder" (a posting for the ladder in the index), "other profession", "other, no title", "other ladder"
    split: str


SAME_PROFESSION = {"pm-competency-matrix.xlsx"}  # fixture ladders for the PM guide's own job


def posting_cases(data: Path, postings: Sequence[LabelledPosting]) -> list[PostingCase]:
    """Postings for the PM guide (titled and stripped) and texts that are not: other professions' ads, and
    ads for the fixture ladders' jobs (not in the PM guide's index)."""
    cases = []
    for i, p in enumerate(postings):
        split = "held_out" if i % 3 == 2 else "fit"
        cases += [
            PostingCase(p.name, p.text, "ladder", split),
            PostingCase(p.name, strip_title(p.text), "ladder", split),
        ]
    for folder, split in (
        ("other_postings", None),
        ("fresh/other_postings", "fit"),
        ("blind/other_postings", "test"),
    ):
        if not (data / folder).is_dir():
            continue
        others = json.loads((data / folder / "labels.json").read_text("utf-8"))["postings"]
        for name, label in sorted(others.items()):
            text = (data / folder / name).read_text("utf-8")
            cases += [
                PostingCase(name, text, "other profession", split or label["split"]),
                PostingCase(name, strip_title(text), "other, no title", split or label["split"]),
            ]
    for name, text, doc, _ in read_ladder_postings(data / "ladders" / "postings"):
        # The PM competency matrix is a PM ladder: its postings are postings for the PM guide too.
        same_job = doc in SAME_PROFESSION
        cases.append(PostingCase(name, text, "ladder" if same_job else "other ladder", "held_out"))
    return cases


def posting_shapes(matcher, cases: Sequence[PostingCase]):  # type: ignore[no-untyped-def]
    import numpy as np

    from index.match import posting_features

    return np.array([posting_features(matcher.features(c.text)) for c in cases])


def fit_posting_model(cases: Sequence[PostingCase], shapes) -> tuple[list[float], float]:  # type: ignore[no-untyped-def]
    import numpy as np

    from index.answer import fit_logistic

    fit = [i for i, c in enumerate(cases) if c.split == "fit"]
    labels = np.array([float(cases[i].kind == "ladder") for i in fit])
    weights, bias = fit_logistic(shapes[fit], labels)
    return [round(float(w), 4) for w in weights], round(bias, 4)


def posting_table(cases: Sequence[PostingCase], shapes, model) -> tuple[str, dict]:  # type: ignore[no-untyped-def]
    """How often each kind of text is taken for a posting (best not null), by split."""
    rows = {}
    for kind in ("ladder", "other profession", "other, no title", "other ladder"):
        for split in ("fit", "held_out", "test"):
            chosen = [i for i, c in enumerate(cases) if c.kind == kind and c.split == split]
            if chosen:
                taken = sum(model.is_posting(shapes[i]) >= 0.5 for i in chosen)
                rows[f"{kind} {split}"] = {"n": len(chosen), "posting": round(taken / len(chosen), 4)}
    lines = [f"{'texts':<28}{'n':>5}{'a posting':>11}{'null':>8}"]
    lines += [f"{k:<28}{r['n']:>5}{r['posting']:>11.3f}{1 - r['posting']:>8.3f}" for k, r in rows.items()]
    return "\n".join(lines), rows
