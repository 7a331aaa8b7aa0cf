"""Answer quality on the real guide and model: the figures `ladder eval` reports, asserted."""

from __future__ import annotations

from collections import Counter

import pytest

from index.evaluate import EvalReport, read_questions, read_unrelated, run_eval, target_id
from service.engine import Engine
from tests.conftest import DATA

QUESTIONS = read_questions(DATA / "questions.jsonl")
UNRELATED = read_unrelated(DATA / "unrelated.jsonl")


@pytest.fixture(scope="module")
def report(engine: Engine) -> EvalReport:
    return run_eval(engine.searcher, engine.calibration, QUESTIONS, UNRELATED)


def test_the_sets_are_big_and_varied(engine: Engine) -> None:
    """At least 80 labelled questions over every level, section and kind; 30 unrelated."""
    assert len(QUESTIONS) >= 80
    assert len(UNRELATED) >= 30
    passages = {p.id: p for p in engine.index.passages}
    targets = [passages[target_id(q, engine.index.passages)] for q in QUESTIONS]
    assert {p.level.number for p in targets if p.level} == {1, 2, 3, 4, 5, 6}
    assert {p.section.value for p in targets} == {"intro", "overview", "role", "responsibility", "skills"}
    kinds = Counter(q.kind for q in QUESTIONS)
    for kind in ("question", "keywords", "acronym", "british", "typo", "paraphrase"):
        assert kinds[kind] >= 4, kind


def test_hybrid_meets_the_targets(report: EvalReport) -> None:
    """The shipped pipeline: hit@1 >= 0.95, level@1 >= 0.97, MRR >= 0.97."""
    hybrid = report.modes["hybrid"]
    assert hybrid["hit@1"] >= 0.95, report.misses
    assert hybrid["level@1"] >= 0.97, report.misses
    assert hybrid["mrr"] >= 0.97, report.misses


@pytest.mark.parametrize("baseline", ["keyword", "dense"])
def test_hybrid_beats_each_part_alone(report: EvalReport, baseline: str) -> None:
    """Fusion is strictly better than either retriever on its own."""
    for metric in ("hit@1", "mrr", "level@1"):
        assert report.modes["hybrid"][metric] > report.modes[baseline][metric], metric


def test_ask_declines_unrelated_and_answers_the_guide(report: EvalReport) -> None:
    """/ask: null for >= 90% of unrelated questions while answering >= 95% of in-domain ones."""
    assert report.ask["null_unrelated"] >= 0.90
    assert report.ask["answered_in_domain"] >= 0.95


@pytest.mark.parametrize(
    ("question", "heading", "level"),
    [
        ("who writes the PRDs?", "Specification Writing", 1),
        ("prioritisation framworks", None, 2),
        ("chief product oficer", None, 6),
        ("backlog grooming", "Backlog Maintenance", 1),
        ("org design", "Organizational Structure", 5),
    ],
)
def test_brief_examples(engine: Engine, question: str, heading: str | None, level: int) -> None:
    top = engine.search(question, 1)[0].passage
    assert top.level.number == level
    if heading:
        assert top.heading == heading
