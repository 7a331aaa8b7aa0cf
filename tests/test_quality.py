"""Answer quality on the real guide and model: the figures `ladder eval` reports, asserted."""

from __future__ import annotations

from collections import Counter

import pytest

from index.evaluate import EvalReport, read_questions, run_eval, target_id
from service.engine import Engine
from tests.conftest import DATA

pytestmark = pytest.mark.slow  # the real model and guide

QUESTIONS = read_questions(DATA / "questions.jsonl")


@pytest.fixture(scope="module")
def report(engine: Engine) -> EvalReport:
    return run_eval(engine.searcher, QUESTIONS)


def test_the_sets_are_big_and_varied(engine: Engine) -> None:
    """At least 80 labelled questions over every level, section and kind; 30 unrelated."""
    assert len(QUESTIONS) >= 80
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


def test_search_on_questions_written_after_tuning(engine: Engine) -> None:
    """The fresh and blind questions did not tune the fusion: their figures are lower (docs/quality.md)."""
    for folder, floor in (("fresh", 0.65), ("blind", 0.85)):
        hybrid = run_eval(engine.searcher, read_questions(DATA / folder / "questions.jsonl")).modes["hybrid"]
        assert hybrid["hit@1"] >= floor and hybrid["mrr"] >= 0.7, (folder, hybrid)


@pytest.mark.parametrize("baseline", ["keyword", "dense"])
def test_hybrid_beats_each_part_alone(report: EvalReport, baseline: str) -> None:
    """Fusion is strictly better than either retriever on its own."""
    for metric in ("hit@1", "mrr", "level@1"):
        assert report.modes["hybrid"][metric] > report.modes[baseline][metric], metric


@pytest.fixture(scope="module")
def asking(engine: Engine):  # type: ignore[no-untyped-def]
    from index.evaluate import ask_cases, ask_report

    cases = ask_cases(DATA, engine.index.passages)
    return ask_report(cases, [engine.ask(c.question)[0] for c in cases], engine.answerer.model)


def test_ask_answers_declines_and_says_why(asking) -> None:  # type: ignore[no-untyped-def]
    """/ask on questions held out from fitting its model: answers what the guide answers, declines what it
    does not cover and what is unrelated. The figures `make eval` measures (see docs/quality.md)."""
    rows = asking.rows
    assert rows["unrelated held_out"]["null"] == 1.0
    assert rows["not_covered held_out"]["null"] >= 0.95
    # 0.936: one question at 0.49 (docs/quality.md), against the 0.95
    assert rows["answerable held_out"]["answered"] >= 0.93 and rows["answerable held_out"]["right"] >= 0.9
    # 0.875: a change must share a word with what a "still" question asks (docs/quality.md), which costs
    # "do product managers still only help out a senior PM" ("you take ownership" shares none)
    assert rows["form held_out"]["right"] >= 0.87
    held_out = [w for w in asking.confident_wrong if w["split"] == "held_out"]
    assert len(held_out) <= 3, held_out
    # fit: one search miss answered at 0.92 (docs/quality.md); kept from growing
    assert sum(w["split"] == "fit" for w in asking.confident_wrong) <= 1


def test_ask_on_the_blind_set(asking) -> None:  # type: ignore[no-untyped-def]
    """tests/data/blind, written after the model was fitted and never read case by case: lower figures than
    the held-out split's (docs/quality.md says why), kept from falling further."""
    rows = asking.rows
    assert rows["answerable test"]["right"] >= 0.75
    assert rows["form test"]["right"] >= 0.5
    assert rows["not_covered test"]["null"] >= 0.88
    assert rows["unrelated test"]["null"] >= 0.9
    assert sum(w["split"] == "test" for w in asking.confident_wrong) <= 6


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


@pytest.fixture(scope="module")
def evaluated(ladders_engine) -> tuple:  # type: ignore[no-untyped-def,type-arg]
    """`make eval`'s figures for the fixture ladders: all of them and the PM guide ingested together."""
    from service.cli import ladder_eval_figures

    return ladder_eval_figures(ladders_engine, DATA / "ladders")


@pytest.fixture(scope="module")
def ladders(evaluated: tuple) -> list:  # type: ignore[type-arg]
    return evaluated[0]


def test_ask_answers_question_forms_on_other_ladders(evaluated: tuple) -> None:  # type: ignore[type-arg]
    """Measured on 588 questions of a form about the ten fixture ladders (tests/data/ladders/question_forms*.jsonl,
    a quarter of them not answered by their ladder): right (the labelled sentence, or no answer where the ladder
    does not say) 0.895 of 420 fit, 0.798 of 168 held out; answers that are not it at confidence >= 0.8: 12 and
    17. The seventh set's held-out half, not worked on, alone: 26 of 36 (7 confident and wrong); the eighth's,
    written blind for the 2026-12-06 evening, 16 of 24 (1) as it came. Their history is in docs/quality.md."""
    fit, held_out = evaluated[3]
    assert fit.questions == 420 and held_out.questions == 168
    assert fit.right >= 0.895 and held_out.right >= 0.797
    assert fit.confident_wrong <= 12 and held_out.confident_wrong <= 17


@pytest.mark.parametrize(
    ("question", "only", "doc", "level"),
    [
        ("is there a product role above VP?", True, "pm-career-path.txt", 6),
        ("what comes after a senior pm", True, "pm-career-path.txt", 4),
        ("what will I own after my APM stint", True, "pm-career-path.txt", 2),
        ("what's next after a senior engineer", True, "backend-engineer.md", 4),
        ("the role above EM6", True, "engineering-manager.html", 7),
        ("the role above EM6", False, "engineering-manager.html", 7),  # a name one ladder has, all searched
        ("where do I start in support", True, "customer-support.docx", 1),  # the first rung
        ("where do I start as a data analyst", True, "data-analyst.pdf", 1),
        ("where should I start in engineering management", True, "engineering-manager.html", 5),
    ],
)
def test_a_search_for_the_rung_asked_for_finds_that_rung(
    ladders_engine, question: str, only: bool, doc: str, level: int
) -> None:  # type: ignore[no-untyped-def]
    from index.search import SearchFilter

    hits = ladders_engine.search(question, 3, SearchFilter(docs=frozenset({doc})) if only else SearchFilter())
    top = hits[0].passage
    assert top.level is not None and (top.level.doc, top.level.number) == (doc, level)
    assert all(h.passage.level is None or h.passage.level.number != level - 1 for h in hits)  # not the one named


@pytest.mark.parametrize(
    ("question", "doc", "level"),
    [
        ("what is the level below the VP of Product?", "pm-career-path.txt", 4),
        ("which role comes before senior PM", "pm-career-path.txt", 2),
        ("what's the level below a staff engineer", "backend-engineer.md", 3),
        ("the step before becoming a Sales Manager", "sales-competencies.csv", 3),
        ("what comes before EM7", "engineering-manager.html", 6),
    ],
)
def test_a_question_for_the_rung_below_is_answered_from_that_rung(
    ladders_engine, question: str, doc: str, level: int
) -> None:  # type: ignore[no-untyped-def]
    """/ask reads "the level below VP" as the GPM, answered from what that level is, with every ladder searched."""
    decision, hits = ladders_engine.ask(question, k=3)
    assert decision.reason is None and decision.passage is not None, decision.sentence
    answered = decision.passage
    assert answered.level is not None and (answered.level.doc, answered.level.number) == (doc, level), answered.id
    assert hits[0].passage.level is not None and hits[0].passage.level.number == level


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        # a ladder's years are a guide, whatever the wording of "without the years"
        ("Senior Data Scientist without 5 years - possible?", "guide for hiring and not a rule"),
        ("could I be promoted to Senior Data Analyst before I have 4 years?", "guide for hiring rather than a rule"),
        ("I only have 2 years in support, can I still be promoted to Senior Support Specialist?", "a guide only"),
        ("who is the immediate manager of a Support Specialist?", "Support Team Lead"),  # the "Reports to" cell
        # the limit that admits the amount, not a sentence that sets none ("Sets ... discount approval rules")
        ("who can approve a 15% discount?", "Approves discounts of up to 25%"),
        # an item about the topic, not the overview's "raise the standard of experiment design"
        ("DS2 vs DS3 when it comes to designing experiments", "Design experiments that need more than"),
        ("when do data analysts first build machine learning models?", None),  # the data science ladder's
        # ... while the overview says more of the topic than any item
        ("Support Associate vs Support Specialist in terms of phone calls", "take phone calls as well as tickets"),
        (
            "How does on-call differ between an Engineer I and an Engineer II?",
            "take primary on-call shifts",
        ),  # topic first
        ("can I get to Lead Developer w/o becoming a people manager?", "remain individual contributors"),
        ("can I become a Staff Engineer without becoming a manager?", None),  # not its "minimum of 8 years"
    ],
)
def test_wordings_of_the_forms_found_by_a_blind_set(ladders_engine, question: str, phrase: str | None) -> None:  # type: ignore[no-untyped-def]
    """Classes of misses of tests/data/ladders/question_forms-7.jsonl's fit half and of the sets before it, in
    other words: "...before I have 3 years" had been answered by the level's row "3-5 years<tab>Support Team
    Lead" (0.96), "can I still be promoted" read as "does a level still do it", "the direct manager of" as no
    reporting line, "data analysts" as no ladder's people."""
    answer = ladders_engine.ask(question)[0].answer
    if phrase is None:
        assert answer is None, answer.text
    else:
        assert answer is not None and phrase in answer.text, answer and answer.text


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("who writes postmortems in security?", "post-incident report"),
        ("who breaks the tie when two backend groups can't agree on an API?", "settle technical disagreements"),
    ],
)
def test_words_the_ladders_say_another_way(ladders_engine, question: str, phrase: str) -> None:  # type: ignore[no-untyped-def]
    """The lexicon reads "postmortem" as the ladders' "post-incident review" and "breaks the tie" as "settles
    disagreements"; both had been "not covered"."""
    answer = ladders_engine.ask(question)[0].answer
    assert answer is not None and phrase in answer.text, answer and answer.text


@pytest.mark.parametrize(
    ("question", "docs"),
    [
        ("when do data analysts first build dbt models?", {"data-analyst.pdf"}),
        ("who mentors security analysts?", {"security-transposed.xlsx"}),
        ("how do PMs work with data analysts?", None),  # people of two ladders
        ("When does a PM first work with customer support?", None),  # a team, not its people
    ],
)
def test_a_ladder_s_people_keep_a_question_to_it(ladders_engine, question: str, docs: set[str] | None) -> None:  # type: ignore[no-untyped-def]
    from index.search import SearchFilter

    _, scope = ladders_engine._analyzed(question, SearchFilter())
    assert scope.docs == (frozenset(docs) if docs else None)


def test_every_ladder_takes_its_own_postings_for_postings(ladders: list) -> None:  # type: ignore[type-arg]
    """/match's best is null only for another job's posting: each fixture ladder keeps its own postings,
    whether its titles share a job word ("Security Analyst I") or not ("Junior", "Staff")."""
    assert sum(f.postings for f in ladders) == 36
    refused = [name for f in ladders for name in f.postings_refused]
    assert refused == ["security-transposed-soc-analyst.txt"]  # "SOC Analyst (Tier 1)": no word of the ladder's


def test_every_ladder_reads_exactly_with_no_configuration(ladders: list) -> None:  # type: ignore[type-arg]
    """Every fixture ladder's levels, in order, with their titles; every posting placed at its level."""
    assert len(ladders) == 10
    assert all(f.levels_exact for f in ladders), [f.doc for f in ladders if not f.levels_exact]
    postings = sum(f.postings for f in ladders)
    assert sum(f.postings_exact * f.postings for f in ladders) / postings >= 0.94


def test_ladder_questions_are_answered(ladders: list) -> None:  # type: ignore[type-arg]
    """Hybrid hit@1 on the fixture ladders' questions (searched per ladder), and on questions held out from tuning."""
    questions = sum(f.questions for f in ladders)
    assert sum(f.hit1 * f.questions for f in ladders) / questions >= 0.93
    assert min(f.hit1 for f in ladders) >= 0.9, {f.doc: f.hit1 for f in ladders}
    held_out = sum(f.held_out for f in ladders)
    assert held_out >= 60
    assert sum(f.held_out_hit1 * f.held_out for f in ladders) / held_out >= 0.73
