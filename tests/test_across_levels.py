"""Level against level: /compare, /levels/{doc}/{level}/next and /growth.

Shapes and bad input run on several ladders with the fake encoder; the
figures (mappings, growth levels, gaps) on the real model and every fixture
ladder, split into the cases that chose the constants and those held out.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from core.model import Section
from index.compare import LadderError, fill_holes, hub_corrected, mutual_best
from index.evaluate_levels import growth_figures, mapping_figures, read_growth
from index.growth import Growth, UnplacedTextError
from service.engine import Engine
from tests.conftest import DATA, engine_over

PM = "pm-career-path.txt"
WIKI = "developer-wiki.md"
JSON = {"content-type": "application/json"}


# ------------------------------------------------------------------ shapes, on the fake encoder


def test_compare_maps_every_level_in_order(multi_client: TestClient) -> None:
    body = multi_client.get("/compare", params={"from": PM, "to": WIKI}).json()
    assert body["from"] == PM and body["to"] == WIKI
    assert [row["level"]["number"] for row in body["levels"]] == [1, 2, 3, 4, 5, 6]
    mapped = [row["equivalent"]["number"] for row in body["levels"] if row["equivalent"]]
    assert mapped == sorted(mapped)  # a higher level never maps lower
    for row in body["levels"]:
        assert 0 <= row["confidence"] <= 1
        assert (row["equivalent"] is None) == (row["evidence"] == [])
        for pair in row["evidence"]:
            assert pair["from"]["level"] == row["level"] and pair["to"]["level"] == row["equivalent"]
            assert pair["from"]["source"]["doc"] == PM and pair["to"]["source"]["doc"] == WIKI


def test_compare_one_level(multi_client: TestClient) -> None:
    """`level` picks one row, by number or by name."""
    by_number = multi_client.get("/compare", params={"from": PM, "to": WIKI, "level": 3}).json()["levels"]
    by_name = multi_client.get("/compare", params={"from": PM, "to": WIKI, "level": "Senior PM"}).json()["levels"]
    assert len(by_number) == 1 and by_number[0]["level"]["number"] == 3
    assert by_name == by_number


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"from": PM, "to": PM}, "same ladder"),
        ({"from": PM, "to": "nope.md"}, "unknown doc nope.md"),
        ({"from": "nope.md", "to": PM}, "unknown doc nope.md"),
        ({"from": PM, "to": WIKI, "level": 9}, "unknown level 9"),
        ({"from": PM, "to": WIKI, "level": "Wizard"}, "unknown level 'Wizard'"),
        ({"from": PM, "to": WIKI, "level": "²"}, "unknown level '²'"),
        ({"from": PM, "to": WIKI, "level": "9" * 5000}, "level"),
        ({"from": PM}, "to"),
        ({"to": PM}, "from"),
        ({"from": "", "to": PM}, "from"),
    ],
)
def test_compare_bad_input(multi_client: TestClient, params: dict, fragment: str) -> None:
    response = multi_client.get("/compare", params=params)
    assert response.status_code == 422
    assert fragment in response.json()["detail"]


def test_next_level_new_carried_dropped(multi_client: TestClient) -> None:
    body = multi_client.get(f"/levels/{PM}/2/next").json()
    assert body["level"]["short"] == "PM" and body["next"]["short"] == "Senior PM"
    assert body["new"] or body["carried"]
    for r in body["new"]:
        assert r["level"]["number"] == 3
    for pair in body["carried"]:
        assert pair["from"]["level"]["number"] == 2 and pair["to"]["level"]["number"] == 3
    for r in body["dropped"]:
        assert r["level"]["number"] == 2
    assert multi_client.get(f"/levels/{PM}/PM/next").json()["next"] == body["next"]  # by name
    # A title with a slash in it, as a new user typed it (it was a bare 404 "Not Found").
    title = multi_client.get(f"/levels/{PM}/Group Product Manager %2F Director of Product/next")
    assert title.status_code == 200 and title.json()["level"]["number"] == 4, title.text


def test_next_puts_every_item_of_the_level_in_one_place(multi_client: TestClient) -> None:
    """Each item of the lower level is carried over (as some item's counterpart) or dropped, never both. A ladder
    that says its levels build on each other ("everything expected of a D2 is also expected of a D3") drops
    nothing: a level keeps the work below it whether or not it names it again."""
    for doc in (PM, WIKI, "sales-competencies.csv"):
        levels = [lv for lv in multi_client.get("/levels", params={"doc": doc}).json()["levels"]]
        for lv in levels[:-1]:
            body = multi_client.get(f"/levels/{doc}/{lv['number']}/next").json()
            carried = {pair["from"]["id"] for pair in body["carried"]}
            dropped = {r["id"] for r in body["dropped"]}
            assert not carried & dropped
            lower = {r["id"] for r in lv["responsibilities"]}
            assert lower <= carried | dropped if doc != WIKI else not dropped


def test_next_calls_work_the_lower_level_does_not_ask_for_new(ladders_engine: Engine) -> None:
    """A new user found the support ladder's "Hold fortnightly one-on-ones" carried over from "Review a weekly
    sample of team tickets", and "Interview and hire" from mentoring: the lower items ask for neither."""
    passages = ladders_engine.index.passages
    for doc, number, fragments in [
        ("customer-support.docx", 3, ("Hold fortnightly one-on-ones", "Interview and hire new Associates")),
        ("pm-career-path.txt", 3, ("Recruit, coach, and develop", "Present team strategies")),
        # A matrix's next cell of the same competency, when it asks for what the cell below does not: a new
        # user's design matrix had every cell "carried", so `new` was empty at every step.
        ("sales-competencies.csv", 3, ("Manages a team of 6-10 Account Executives",)),
    ]:
        change = ladders_engine.comparer.next(doc, number)
        new = [passages[p].text for p in change.new]
        assert all(any(f in text for text in new) for f in fragments), new


def test_a_matrix_carries_a_competency_that_asks_nothing_new(ladders_engine: Engine) -> None:
    """The same competency one level up is carried over, paired with its cell below, unless it adds work."""
    change = ladders_engine.comparer.next("sales-competencies.csv", 3)
    passages = ladders_engine.index.passages
    carried = {passages[pair.target].heading for pair in change.carried}
    assert {"Forecasting", "Discovery", "Prospecting"} <= carried and "Coaching" not in carried
    # A cue other than managing people is more of the same competency: the PM matrix's Data & Metrics one
    # level up asks for metrics the cell below does not, and is still carried over
    change = ladders_engine.comparer.next("pm-competency-matrix.xlsx", 1)
    assert "Data & Metrics" in {passages[pair.target].heading for pair in change.carried}
    assert all(passages[pair.source].heading == passages[pair.target].heading for pair in change.carried)


def test_next_at_the_top(multi_client: TestClient) -> None:
    body = multi_client.get(f"/levels/{PM}/6/next").json()
    assert body["level"]["short"] == "CPO"
    assert body["next"] is None and body["new"] == body["carried"] == body["dropped"] == []


@pytest.mark.parametrize(
    ("path", "status", "fragment"),
    [
        (f"/levels/{PM}/9/next", 404, "unknown level 9"),
        (f"/levels/{PM}/Wizard/next", 404, "unknown level 'Wizard'"),
        (f"/levels/{PM}/²/next", 404, "unknown level '²'"),
        ("/levels/nope.md/1/next", 404, "unknown doc nope.md"),
    ],
)
def test_next_bad_input(multi_client: TestClient, path: str, status: int, fragment: str) -> None:
    response = multi_client.get(path)
    assert response.status_code == status
    assert fragment in response.json()["detail"]


def test_next_of_a_title_several_levels_share_is_refused(
    multi_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A title that several levels of one guide share names none of them: 422 with their numbers, not a 404
    (the name exists) nor one of them chosen by chance."""
    from service.engine import AmbiguousLevelError

    def shared(self: Engine, doc: str, value: int | str) -> int:
        raise AmbiguousLevelError(f"{value!r} names levels 1, 2 of {doc}: give one of their numbers")

    monkeypatch.setattr(Engine, "level_number", shared)
    response = multi_client.get(f"/levels/{PM}/Product Manager/next")
    assert response.status_code == 422 and "names levels 1, 2" in response.json()["detail"]


def test_growth_shape(multi_client: TestClient) -> None:
    # In the guide's own words: the fake encoder's vectors are close only when texts share words.
    text = "I create detailed product requirement documents for engineering teams. I mentor two junior PMs."
    body = multi_client.post("/growth", json={"text": text, "doc": PM, "k": 3}).json()
    assert body["current"]["level"]["doc"] == PM and 0 <= body["current"]["confidence"] <= 1
    if body["next"] is not None:
        assert body["next"]["number"] == body["current"]["level"]["number"] + 1
        assert len(body["gaps"]) <= 3
        for item in [*body["gaps"], *body["shown"]]:
            assert item["level"] == body["next"]
            closest = item["closest"]
            if closest is not None:
                assert text[closest["start"] : closest["end"]] == closest["text"]


def test_growth_on_an_export_without_token_states_asks_for_an_ingest(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The encoder's refusal (an export of an older ladder) reaches the admin as a 503 that says what to do."""
    from core.encoder import ModelError

    def refuse(*args: object) -> None:
        raise ModelError("model.int8.onnx has no token states, which /growth needs: run `ladder ingest` again")

    monkeypatch.setattr(Engine, "grow", refuse)
    response = client.post("/growth", json={"text": SENIOR_PM})
    assert response.status_code == 503 and "run `ladder ingest` again" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"text": ""}, "text"),
        ({"text": "   \n "}, "text"),
        ({"text": "x" * 20_001}, "text"),
        ({"text": "\U0001f600 ....."}, "text: Value error, has no words in it"),  # no work to place on a ladder
        ({"text": "I own a roadmap.", "doc": "nope.md"}, "unknown doc nope.md"),
        ({"text": "I own a roadmap.", "k": 0}, "k"),
        ({"text": 42}, "text"),
    ],
)
def test_growth_bad_input(multi_client: TestClient, body: dict, fragment: str) -> None:
    response = multi_client.post("/growth", json=body)
    assert response.status_code == 422
    assert fragment in response.json()["detail"]


def test_a_ladder_of_one_level_is_refused(multi_client: TestClient) -> None:
    """Ingest refuses a one-level ladder; were one in an index, comparing or growing in it is a clear error."""
    engine: Engine = multi_client.app.state.loader.engine
    ladder = engine.comparer.ladder(WIKI)
    engine.comparer.ladders[WIKI] = replace(ladder, levels=ladder.levels[:1])
    try:
        with pytest.raises(LadderError, match="has one level"):
            engine.comparer.compare(PM, WIKI)
        with pytest.raises(LadderError, match="has one level"):
            engine.grow("I write code.", WIKI)
        response = multi_client.get("/compare", params={"from": WIKI, "to": PM})
        assert response.status_code == 422 and "has one level" in response.json()["detail"]
        response = multi_client.get(f"/levels/{WIKI}/1/next")
        assert response.status_code == 422 and "has one level" in response.json()["detail"]
    finally:
        engine.comparer.ladders[WIKI] = ladder


# ------------------------------------------------------------------ figures, on the real model

PAIRS = json.loads((DATA / "ladders" / "compare.json").read_text("utf-8"))


def test_mappings(ladders_engine: Engine) -> None:
    """Measured: every fit and held-out pair exact (held out 19/20 before the hub correction); across
    disciplines 24/25 exact and all within one (16/25 and 21/25 before: sales mapped wholly onto the Lead
    Developer); order never broken."""
    fit, held_out, across = mapping_figures(ladders_engine.comparer, PAIRS)
    assert fit.exact == 1.0 and fit.within_one == 1.0 and fit.order_kept
    assert held_out.exact == 1.0 and held_out.within_one == 1.0 and held_out.order_kept, held_out.misses
    assert across.pairs == 5 and across.exact >= 0.96 and across.within_one == 1.0 and across.order_kept, across.misses


def test_a_level_that_reads_like_every_level_no_longer_draws_them_all() -> None:
    # Column 2 is a hub: every row's closest level. Relative to how alike each column is to all rows, each
    # row finds its own; a row unlike every column (the last) stays low, so it can still map to nothing.
    similarity = np.array([[0.50, 0.30, 0.55], [0.30, 0.50, 0.58], [0.28, 0.31, 0.60], [0.05, 0.05, 0.10]])
    assert similarity.argmax(axis=1).tolist() == [2, 2, 2, 2]
    corrected = hub_corrected(similarity)
    assert corrected[:3].argmax(axis=1).tolist() == [0, 1, 2]
    assert corrected[3].max() < corrected[:3].max(axis=1).min() - 0.2
    assert corrected.mean() == pytest.approx(similarity.mean())


def test_levels_beyond_the_other_ladders_top_still_map_to_nothing(ladders_engine: Engine) -> None:
    """The CPO has no equivalent in the developer wiki nor among engineering managers."""
    for other in ("developer-wiki.md", "engineering-manager.html"):
        rows = ladders_engine.compare(PM, other)["levels"]
        assert rows[-1]["equivalent"] is None, other


def test_a_level_by_the_short_name_people_type(ladders_engine: Engine) -> None:
    """ "Senior AE" and "Senior EM" were unknown levels: a 404 from /next and a 422 from `--level`."""
    for doc, name, number in [
        ("sales-competencies.csv", "Senior AE", 3),
        ("sales-competencies.csv", "Sr AE", 3),
        ("engineering-manager.html", "Senior EM", 6),
    ]:
        assert ladders_engine.level_number(doc, name) == number


def test_an_item_and_its_counterpart_are_each_other_s_closest() -> None:
    """A line close to everything (one that names the next level) is the counterpart of one duty at most, and
    a duty whose closest line is another's counterpart has none (it is new)."""
    similarity = np.array([[0.8, 0.7, 0.1], [0.81, 0.2, 0.1], [0.6, 0.1, 0.1], [0.9, 0.1, 0.2]])
    assert mutual_best(similarity, [range(3)] * 4) == {3: 0}
    assert mutual_best(similarity, [[1, 2], [0], [], [0]]) == {0: 1, 3: 0}  # each among its own candidates


def test_a_middle_level_maps_between_its_neighbours_and_an_end_may_map_to_nothing() -> None:
    score = np.array([[0.9, 0.1, 0.1, 0.1], [0.2, 0.1, 0.3, 0.1], [0.1, 0.1, 0.1, 0.9], [0.1, 0.1, 0.1, 0.1]])
    assert fill_holes([0, None, 3, None], score) == [0, 2, 3, None]  # the best between 0 and 3: 2
    assert fill_holes([0, None, 1], score) == [0, 0, 1]  # no level between: the better of the two
    assert fill_holes([None, 1, None], score) == [None, 1, None]  # the ends stay unmapped
    run = np.array([[0.9, 0.1, 0.1, 0.1], [0.1, 0.2, 0.3, 0.1], [0.1, 0.1, 0.1, 0.3], [0.1, 0.1, 0.1, 0.9]])
    assert fill_holes([0, None, None, 3], run) == [0, 2, 3, 3]  # a run of holes, each in order after the last


def test_executive_levels_map_to_nothing_in_an_individual_contributor_matrix(ladders_engine: Engine) -> None:
    rows = ladders_engine.compare(PM, "pm-competency-matrix.xlsx")["levels"]
    assert [r["equivalent"] and r["equivalent"]["number"] for r in rows] == [1, 2, 3, 4, None, None]
    assert all(len(r["evidence"]) == 3 for r in rows[:4])


def test_growth_figures(engine: Engine) -> None:
    """Measured on tests/data/growth.jsonl: level 9/9 fit, 8/9 held out (one refused as other work); gap recall@5
    1.00 and 1.00; gaps listed as shown 2 and 2 (3 held out while a sentence's level names counted as words it
    shares with an item; 0 and 2 under the cosine and bar of before the word-for-word alignment, which
    lists fewer plainly shown items as gaps on the other ladders; 2 and 2 before British and American spellings
    had one stem: "the product organisation's budget" now shares "organization" with Product Culture
    Development); shown items listed as gaps 0 and 0 (4 and 2
    before the cues of index/data/cues.json, which were written after reading them)."""
    fit, held_out = growth_figures(engine.growth, engine.index, read_growth(DATA / "growth.jsonl"), None)
    assert fit.level_right == 9 and held_out.level_right >= 8
    assert fit.gap_recall_at_5 >= 0.95 and held_out.gap_recall_at_5 >= 0.75
    assert fit.gap_listed_as_shown <= 1 and held_out.gap_listed_as_shown <= 1  # 2 and 2 before own_cover
    assert fit.shown_listed_as_gap == 0 and held_out.shown_listed_as_gap == 0, fit.misses + held_out.misses


def test_growth_figures_on_other_ladders(ladders_engine: Engine) -> None:
    """Measured on the fixture ladders' self-descriptions (support, engineering management and sales fit; data
    science, a developer wiki and a platform matrix held out): every level right; gap recall@5 0.858 (the
    support ladder's unlabelled skills take places) and 0.978; shown items listed as gaps 7 of 21 and 7 of
    24, gaps listed as shown 7 and 7 (10 and 8, recall 0.828 and 0.967, while a sentence's level names, "Senior
    Support Specialist, Quaywise", counted as words it shares with an item). With each sentence's cosine to the
    item in place of the word-for-word alignment: 12 and 12 shown items listed as gaps, 7 and 5 gaps listed as
    shown (docs/quality.md). A sentence that covers an item of the writer's own level better than the next
    level's shows their own ("I keep our risk register" of the discipline, not of the project): gaps listed as
    shown 7 -> 4 and 7 -> 3, shown items listed as gaps 7 -> 8 and 7 -> 7, recall 0.873 and 0.992."""
    folder = DATA / "ladders"
    cases = [*read_growth(folder / "growth.jsonl"), *read_growth(folder / "growth-heldout.jsonl")]
    fit, held_out = growth_figures(ladders_engine.growth, ladders_engine.index, cases, None)
    assert (fit.texts, held_out.texts) == (22, 24)
    assert fit.level_right == 22 and held_out.level_right == 24
    assert fit.gap_recall_at_5 >= 0.87 and held_out.gap_recall_at_5 >= 0.99
    assert fit.shown_listed_as_gap <= 8 and held_out.shown_listed_as_gap <= 7
    assert fit.gap_listed_as_shown <= 4 and held_out.gap_listed_as_shown <= 3


def test_growth_refuses_texts_about_other_work(engine: Engine) -> None:
    """Measured on tests/data/growth-unrelated.jsonl (a teacher, a nurse, a store manager, a plumber...): with
    the guide alone, 18 of 24 fit and 21 of 24 held-out texts are refused (16 and 13 by the resemblance to the
    guide alone, without the contrast with other occupations' work); of the 18 self-descriptions, one held
    out is refused: "Amara has owned the invoicing product" resembles an accounts clerk's invoices more."""
    from index.evaluate_levels import about_figures

    texts = [{**c, "doc": PM} for c in read_growth(DATA / "growth.jsonl")]
    fit, held_out = about_figures(engine.growth, texts, read_growth(DATA / "growth-unrelated.jsonl"))
    assert (fit.refused, held_out.refused) == (0, 1), fit.misses + held_out.misses
    assert (fit.ladder_right, held_out.ladder_right) == (9, 8)
    assert fit.unrelated_refused >= 18 and held_out.unrelated_refused >= 21


def test_growth_without_a_doc_finds_the_ladder_of_the_text(ladders_engine: Engine) -> None:
    """Measured with every ladder at once, on the fixture ladders' and the guide's self-descriptions and 30
    short texts (tests/data/ladders/growth-short.jsonl): 41 of 46 fit and 45 of 48 held-out texts go to their
    own ladder (40 and 40 when the posting model chose it), none is refused. Texts about other work are
    refused 4 and 9 times in 24 (3 and 4 without the contrast with other occupations' work): the support and
    sales ladders read much like any job serving customers."""
    from index.evaluate_levels import about_figures

    folder = DATA / "ladders"
    texts = [
        *({**c, "doc": PM} for c in read_growth(DATA / "growth.jsonl")),
        *read_growth(folder / "growth.jsonl"),
        *read_growth(folder / "growth-heldout.jsonl"),
        *read_growth(folder / "growth-short.jsonl"),
    ]
    fit, held_out = about_figures(ladders_engine.growth, texts, read_growth(DATA / "growth-unrelated.jsonl"))
    assert (fit.texts, held_out.texts) == (46, 48)
    assert (fit.refused, held_out.refused) == (0, 0), fit.misses + held_out.misses
    assert fit.ladder_right >= 41 and held_out.ladder_right >= 45
    assert fit.unrelated_refused >= 4 and held_out.unrelated_refused >= 9


BLIND_GROWTH = DATA / "growth-blind"
BLIND_GROWTH_LADDERS = (
    *(f"hr-trial/{n}" for n in ("editorial.html", "hr-business-partner.docx", "procurement.md", "qa-engineering.md")),
    "hr-trial/warehouse-operations.csv",
    *(f"forms-third/{n}" for n in ("civil_engineering_ladder.md", "editorial_ladder.md", "people_partner_matrix.csv")),
    *(f"forms-third/{n}" for n in ("procurement_ladder.md", "ux_research_ladder.html")),
    *(f"forms-fourth/{n}" for n in ("it_service_desk_ladder.md", "line_maintenance_ladder.html", "pharmacy_ladder.md")),
    *(f"forms-fourth/{n}" for n in ("underwriting_competency_matrix.csv", "clinical_research_framework.docx")),
    "review/nursing-ladder-final-2024.md",
    "review/teaching-career-pathway.md",
    "managing/retail.md",
)


@pytest.fixture(scope="module")
def blind_growth_engine(tmp_path_factory, spec, real_encoder, index_dir):  # type: ignore[no-untyped-def]
    """The 18 ladders of tests/data/growth-blind/README.md, the real model."""
    yield from engine_over([DATA / n for n in BLIND_GROWTH_LADDERS], tmp_path_factory, spec, real_encoder, index_dir)


def placed_on(growth: Growth, text: str) -> str | None:
    try:
        return growth.read(text).current.level.doc
    except UnplacedTextError:
        return None


def test_growth_tells_other_work_from_ladders_it_never_saw(blind_growth_engine: Engine) -> None:
    """tests/data/growth-blind, never fitted on: 30 texts written blind about the work of 15 ladders and 5
    about a teacher's, a nurse's or a store manager's work (on ladders of theirs), all placed on their own
    ladder; of 30 texts about other work, 12 are refused (13 when the contrast overruled a sentence plainly
    about a ladder's work, 5 when only the resemblance to the ladders counted:
    a van driver, a prison officer and a joiner still read as a warehouse ladder's work)."""
    rows = [json.loads(line) for line in (BLIND_GROWTH / "texts.jsonl").read_text("utf-8").splitlines()]
    placed = [(row, placed_on(blind_growth_engine.growth, row["text"])) for row in rows]
    wrong = [(row["doc"], doc) for row, doc in placed if row["kind"] == "own" and doc != row["doc"]]
    assert not wrong
    assert sum(row["kind"] == "own" for row in rows) == 35
    refused = [row["profession"] for row, doc in placed if row["kind"] == "other" and doc is None]
    assert len(refused) >= 12, refused


HOSPITAL = DATA / "hospital-trial"


@pytest.fixture(scope="module")
def hospital_engine(tmp_path_factory, spec, real_encoder, index_dir):  # type: ignore[no-untyped-def]
    """The five ladders of tests/data/hospital-trial, the real model."""
    ladders = [p for p in HOSPITAL.iterdir() if p.is_file() and p.stem not in ("README", "findings", "questions")]
    yield from engine_over(ladders, tmp_path_factory, spec, real_encoder, index_dir)


@pytest.mark.parametrize(
    ("name", "not_shown"),
    [
        # "I'm a Finance Analyst covering..." said who the writer is; the text adds "I have not managed anyone yet"
        ("g20-fin-analyst-negative.txt", "Line manages one to three Finance Analysts"),
        # "I joined the finance team eight months ago as a Finance Assistant."
        ("g06-fin-assistant.txt", "Trains new Finance Assistants"),
    ],
)
def test_a_title_the_text_gives_shows_no_item_about_that_level(
    hospital_engine: Engine, name: str, not_shown: str
) -> None:
    """A sentence naming the writer's own level shared that level's name with the next level's item about the
    people at it, and the item was credited as shown (a new user's trial)."""
    result = hospital_engine.growth.read((HOSPITAL / "texts" / name).read_text("utf-8"))
    shown = [hospital_engine.index.passages[c.position].text for c in result.shown]
    gaps = [hospital_engine.index.passages[c.position].text for c in result.gaps]
    assert not [s for s in shown if s.startswith(not_shown)]
    assert [g for g in gaps if g.startswith(not_shown)]


def test_working_from_home_is_a_term_the_ladders_do_not_cover(hospital_engine: Engine) -> None:
    """It got the Advisor I overview at 0.83 in a new user's trial."""
    decision, _ = hospital_engine.ask("Can patient access advisors work from home?")
    assert decision.answer is None and decision.reason == "not_covered"


@pytest.mark.parametrize(
    ("doc", "number", "new", "carried"),
    [
        # beside the Finance Analyst's "Trains new Finance Assistants", in the same competency's row; an
        # "investment appraisal" is no appraisal of people
        ("finance-competency-matrix.csv", 2, "Line manages one to three", "Builds business cases and investment"),
        # beside the Senior Maintenance Technician's "Mentors apprentices and Estates Assistants"
        ("estates-facilities.html", 3, "Conducts appraisals, return-to-work interviews", None),
    ],
)
def test_line_management_and_appraisals_are_new_at_the_next_level(
    hospital_engine: Engine, doc: str, number: int, new: str, carried: str | None
) -> None:
    """A new user's trial found them "carried" from training and mentoring: managing people is new work."""
    change = hospital_engine.comparer.next(doc, number)
    passages = hospital_engine.index.passages
    assert [p for p in change.new if passages[p].text.startswith(new)]
    if carried is not None:
        assert [pair for pair in change.carried if passages[pair.target].text.startswith(carried)]


def test_growth_reads_a_data_scientist_on_the_data_science_ladder(ladders_engine: Engine) -> None:
    """ "I'm a Data Scientist" read as the data analysts' ladder, whose passages it resembled as much (when the
    posting model chose the ladder: now the one the text resembles most does)."""
    text = (
        "I'm a Data Scientist at Acme. I write the analysis plan for A/B tests before they launch, with the "
        "primary metric and sample size, and I review the analyses of our associate data scientists."
    )
    current = ladders_engine.growth.read(text).current.level
    assert (current.doc, current.title) == ("data-science.txt", "Data Scientist")


def test_what_sums_up_the_next_level_is_never_shown(engine: Engine) -> None:
    """The next level's role, overview and skills are the level as a whole: a senior PM's CV had the GPM's role
    "shown", and a VP's paragraph the CPO's overview."""
    from index.growth import WHOLE_LEVEL, summaries

    refused = 0
    for case in read_growth(DATA / "growth.jsonl"):
        try:
            result = engine.growth.read(case["text"])
        except UnplacedTextError:  # one, as test_growth_refuses_texts_about_other_work says
            refused += 1
            continue
        assert not [c for c in result.shown if engine.index.passages[c.position].section in WHOLE_LEVEL]
        if result.next is not None:  # they are listed as gaps instead, whatever the text says
            whole = {p.section for p in engine.index.passages if p.level == result.next and p.section in WHOLE_LEVEL}
            assert whole and {engine.index.passages[c.position].section for c in result.gaps} >= whole
            # ... after the items a person can work on, which a short text's few words had put behind them
            upper = [p for p in engine.index.passages if p.level == result.next]
            whole = summaries(upper, {p.section for p in engine.index.passages})
            last = [engine.index.passages[c.position].section in whole for c in result.gaps]
            assert any(last) and last == sorted(last)
    assert refused <= 1


def test_a_prose_ladder_shows_its_paragraphs(ladders_engine) -> None:  # type: ignore[no-untyped-def]
    """A ladder of prose paragraphs has no items but its overviews: a text doing what one says shows it."""
    text = (
        "I'm a senior engineer. I own the technical direction of my team's services and lead quarter-long "
        "projects. I also lead the migration from our payments monolith to separately deployable services "
        "across several teams, and I define the API standards our group follows. I run the group's "
        "architecture review."
    )
    result = ladders_engine.growth.read(text, "backend-engineer.md")
    assert (result.current.level.number, result.next.number if result.next else None) == (3, 4)
    assert result.shown and all(
        ladders_engine.index.passages[c.position].section is Section.OVERVIEW for c in result.shown
    )


SENIOR_PM = (
    "I'm a senior PM at Acme. I own a complex product area, the checkout, and I mentor two junior PMs. "
    "I work with several engineering teams on cross-team goals and I give input to the product strategy "
    "and roadmap."
)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"text": "banana banana banana"}, "does not read like the work of any level in pm-career-path.txt"),
        ({"text": "I bake sourdough every morning.", "doc": "pm-career-path.txt"}, "any level in pm-career-path.txt"),
        ({"text": "I run standups."}, "does not read like the work of any level in pm-career-path.txt"),
        (
            {"text": "I'm an ICU nurse. On a twelve-hour shift I care for one or two ventilated patients."},
            "reads more like other work (closest: ",
        ),
        ({"text": "Performance review 2025"}, "the text has no sentence about your work, only what reads as a title"),
        (
            {"text": "# Senior Product Manager\n## Responsibilities\n"},
            "the text has no sentence about your work, only what reads as a title or headings",
        ),
    ],
)
def test_growth_of_a_text_about_no_work_on_the_ladder(client: TestClient, body: dict, fragment: str) -> None:
    """A new user's "banana banana banana" read as the lowest level, at a uniform 1/6, with every item a gap."""
    response = client.post("/growth", json=body)
    assert response.status_code == 422 and fragment in response.json()["detail"]


def test_a_short_text_about_other_work_is_told_which_too(client: TestClient) -> None:
    """A plumber's three short sentences, under the floor of resemblance too, had been asked for more."""
    text = "I fix leaking pipes and install boilers in homes. I unblock drains and replace radiators."
    detail = client.post("/growth", json={"text": text}).json()["detail"]
    assert "(closest: Plumber)" in detail


@pytest.mark.parametrize(
    ("profession", "closest"), [("plumber", "Plumber"), ("civil engineer (bridges)", "Civil engineer")]
)
def test_a_text_about_other_work_is_told_which(client: TestClient, profession: str, closest: str) -> None:
    """A text refused because it resembles some other occupation's work more is not asked for more sentences."""
    text = next(c["text"] for c in read_growth(DATA / "growth-unrelated.jsonl") if c["profession"] == profession)
    detail = client.post("/growth", json={"text": text}).json()["detail"]
    assert f"reads more like other work (closest: {closest}) than like any level in pm-career-path.txt" in detail
    assert "more sentences" not in detail


def test_small_talk_does_not_hide_the_work(client: TestClient) -> None:
    """Two lines of small talk had pulled a PM's one sentence under the floor: the text was refused."""
    text = "I manage the roadmap and prioritize the backlog with engineering. I live in Leeds. I have two dogs."
    response = client.post("/growth", json={"text": text})
    assert response.status_code == 200 and response.json()["current"]["level"]["doc"] == PM
    small_talk = client.post("/growth", json={"text": "I live in Leeds. I have two dogs. I like hiking."})
    assert small_talk.status_code == 422


def test_growth_of_a_senior_pm(client: TestClient) -> None:
    """The issue's example: level 3, with people management and multi-quarter strategy among the gaps."""
    body = client.post("/growth", json={"text": SENIOR_PM}).json()
    assert body["current"]["level"]["number"] == 3
    assert body["next"]["short"] == "GPM"
    gaps = [g["heading"] for g in body["gaps"]]
    assert "Team Management" in gaps and "Strategic Planning" in gaps
    for item in [*body["gaps"], *body["shown"]]:
        closest = item["closest"]
        assert closest is None or SENIOR_PM[closest["start"] : closest["end"]] == closest["text"]


def test_growth_at_the_top(client: TestClient) -> None:
    text = "As Chief Product Officer I sit on the executive team and report to the CEO. I own the product portfolio."
    body = client.post("/growth", json={"text": text}).json()
    assert body["current"]["level"]["short"] == "CPO"
    assert body["next"] is None and body["gaps"] == []


def test_the_difference_between_two_levels(client: TestClient) -> None:
    """ "What is the difference between a PM and a senior PM": /ask says what Senior PM adds, and /search
    keeps to the two levels, with what /levels/.../next calls new among the first results."""
    question = "What is the difference between a PM and a senior PM"
    answer = client.post("/ask", json={"question": question}).json()["answer"]
    assert [lv["short"] for lv in answer["levels"]] == ["PM", "Senior PM"]
    assert "transition from managing features to overseeing larger" in answer["text"]
    results = client.get("/search", params={"q": question, "k": 6}).json()["results"]
    assert {r["level"]["short"] for r in results} <= {"PM", "Senior PM"}
    new = {r["id"] for r in client.get(f"/levels/{PM}/2/next").json()["new"]}
    assert new and new <= {r["id"] for r in results}


def test_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, index_dir: Path, tmp_path: Path
) -> None:
    from service.cli import main
    from tests.conftest import CORPUS

    monkeypatch.setenv("LADDER_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("LADDER_CORPUS", str(CORPUS))
    assert main(["next", PM, "Senior PM"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("L3 Senior PM (Senior Product Manager) -> L4 GPM") and "new      Team Management" in out
    description = tmp_path / "me.txt"
    description.write_text(SENIOR_PM)
    assert main(["growth", str(description), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["current"]["level"]["number"] == 3
    assert main(["growth", str(description)]) == 0
    assert capsys.readouterr().out.startswith(f"reads as L3 Senior PM (Senior Product Manager) in {PM}, ")
    assert main(["compare", PM, PM]) == 2  # usage
    assert "same ladder" in capsys.readouterr().err
