"""Several ladders in one index: every endpoint keeps to one with `doc`, and levels never mix across ladders."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import MULTI_LADDER


def test_levels_list_every_ladder_and_keep_to_one(multi_client: TestClient) -> None:
    body = multi_client.get("/levels").json()
    assert [ladder["doc"] for ladder in body["ladders"]] == sorted(["pm-career-path.txt", *MULTI_LADDER])
    wiki = multi_client.get("/levels", params={"doc": "developer-wiki.md"}).json()
    assert [lv["short"] for lv in wiki["levels"]] == ["D1", "D2", "D3", "D4", "D5"]
    assert [ladder["doc"] for ladder in wiki["ladders"]] == ["developer-wiki.md"]
    d1 = wiki["levels"][0]
    assert d1["years"] == [0.0, 2.0]
    assert {"heading": "Code Quality", "section": "skills", "category": "Skills"}.items() <= next(
        r for r in d1["responsibilities"] if r["heading"] == "Code Quality"
    ).items()
    managers = multi_client.get("/levels", params={"doc": "engineering-manager.html"}).json()["levels"]
    assert [lv["number"] for lv in managers] == [5, 6, 7, 8]  # the ladder's own numbers
    assert multi_client.get("/levels", params={"doc": "nope.md"}).status_code == 422


def test_a_matrix_lists_its_competencies(multi_client: TestClient) -> None:
    sales = multi_client.get("/levels", params={"doc": "sales-competencies.csv"}).json()["levels"]
    first = sales[0]
    assert first["title"] == "Sales Development Rep" and "SDR" in first["aliases"]
    assert {r["section"] for r in first["responsibilities"]} == {"competency"}
    assert {r["category"] for r in first["responsibilities"]} >= {"Pipeline"}


def test_a_level_filter_with_a_doc_keeps_to_that_ladders_level(multi_client: TestClient) -> None:
    body = multi_client.get("/search", params={"q": "team", "doc": "developer-wiki.md", "level": 1, "k": 20}).json()
    assert body["results"]
    assert {(r["level"]["doc"], r["level"]["number"]) for r in body["results"]} == {("developer-wiki.md", 1)}
    # level 6 is the PM guide's; the developer ladder has five (a new user got an empty 200)
    refused = multi_client.get("/search", params={"q": "team", "doc": "developer-wiki.md", "level": 6})
    assert refused.status_code == 422
    assert refused.json()["detail"] == "unknown level 6 of developer-wiki.md; the levels are 1, 2, 3, 4, 5"
    unknown = multi_client.get("/search", params={"q": "team", "doc": "nope.md", "level": 1})
    assert unknown.status_code == 422 and unknown.json()["detail"].startswith("unknown doc nope.md")


def test_category_filter(multi_client: TestClient) -> None:
    body = multi_client.get("/search", params={"q": "pipeline", "category": "Pipeline", "k": 20}).json()
    assert body["results"] and {r["category"] for r in body["results"]} == {"Pipeline"}
    posted = multi_client.post("/search", json={"query": "pipeline", "categories": ["pipeline"], "k": 20}).json()
    assert [r["id"] for r in posted["results"]] == [r["id"] for r in body["results"]]
    refused = multi_client.get("/search", params={"q": "x", "category": "Astrology"})
    assert refused.status_code == 422 and "unknown category astrology" in refused.json()["detail"]


def test_results_and_answers_say_which_ladder(multi_client: TestClient) -> None:
    for r in multi_client.get("/search", params={"q": "hiring", "k": 20}).json()["results"]:
        assert r["source"]["doc"] == (r["level"]["doc"] if r["level"] else r["source"]["doc"])
    body = multi_client.post("/ask", json={"question": "who runs the hiring loop", "doc": "engineering-manager.html"})
    assert body.status_code == 200
    assert {r["source"]["doc"] for r in body.json()["results"]} == {"engineering-manager.html"}
    match = multi_client.post(
        "/match", json={"text": "Senior Account Executive\n\nClose enterprise deals.", "doc": "sales-competencies.csv"}
    )
    assert match.status_code == 200
    assert {lv["level"]["doc"] for lv in match.json()["levels"]} == {"sales-competencies.csv"}
