"""The HTTP API on the real guide, model and index."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings, load_settings
from tests.conftest import wait_ready


def test_prd_question_finds_specification_writing(client: TestClient, guide_text: str) -> None:
    """The brief's first question: the APM's Specification Writing passage comes first."""
    response = client.get("/search", params={"q": "who writes the PRDs"})
    assert response.status_code == 200
    body = response.json()
    top = body["results"][0]
    assert top["heading"] == "Specification Writing"
    assert top["level"] == {
        "number": 1,
        "title": "Associate Product Manager",
        "short": "APM",
        "doc": "pm-career-path.txt",
    }
    assert top["rank"] == 1
    assert guide_text[top["source"]["start"] : top["source"]["end"]] == top["text"]
    assert body["took_ms"] >= 0
    assert len(body["results"]) == 5


def test_result_shape(client: TestClient) -> None:
    """Every result carries the fields DESIGN.md lists."""
    result = client.get("/search", params={"q": "roadmap"}).json()["results"][0]
    assert set(result) == {"id", "rank", "score", "level", "section", "heading", "text", "highlight", "source"}
    assert set(result["source"]) == {"doc", "start", "end"}


def test_post_search_matches_get(client: TestClient) -> None:
    get = client.get("/search", params={"q": "mentor junior PMs", "k": 3}).json()
    post = client.post("/search", json={"query": "mentor junior PMs", "k": 3}).json()
    assert [r["id"] for r in get["results"]] == [r["id"] for r in post["results"]]


def test_level_filter(client: TestClient) -> None:
    """`level` keeps results to the named levels."""
    body = client.get("/search", params=[("q", "strategy"), ("level", 4), ("level", 5), ("k", 20)]).json()
    assert body["results"]
    assert {r["level"]["number"] for r in body["results"]} <= {4, 5}


def test_section_filter(client: TestClient) -> None:
    body = client.post("/search", json={"query": "skills", "sections": ["skills"], "k": 10}).json()
    assert len(body["results"]) == 5
    assert {r["section"] for r in body["results"]} == {"skills"}


def test_doc_filter(client: TestClient) -> None:
    body = client.get("/search", params={"q": "roadmap", "doc": "pm-career-path.txt"}).json()
    assert {r["source"]["doc"] for r in body["results"]} == {"pm-career-path.txt"}


def test_k_bounds_results(client: TestClient) -> None:
    assert len(client.get("/search", params={"q": "roadmap", "k": 1}).json()["results"]) == 1
    assert len(client.get("/search", params={"q": "roadmap", "k": 3}).json()["results"]) == 3
    many = client.get("/search", params={"q": "product management", "k": 50}).json()["results"]
    assert 20 < len(many) <= 41
    assert [r["rank"] for r in many] == list(range(1, len(many) + 1))


def test_unrelated_queries_find_nothing(client: TestClient) -> None:
    """Passages sharing no word with the query and far from it in meaning are not results."""
    for q in ("zzzz", "how do I bake bread"):
        assert client.get("/search", params={"q": q}).json()["results"] == []


def test_levels_lists_six_in_order(client: TestClient) -> None:
    """/levels gives the six levels in order with role, responsibilities and skills."""
    levels = client.get("/levels").json()["levels"]
    assert [lv["short"] for lv in levels] == ["APM", "PM", "Senior PM", "GPM", "VP", "CPO"]
    assert [lv["number"] for lv in levels] == [1, 2, 3, 4, 5, 6]
    apm = levels[0]
    assert apm["role"].startswith("Assist and learn.")
    assert [r["heading"] for r in apm["responsibilities"]][:2] == ["Feature Ownership", "Specification Writing"]
    assert apm["skills"].startswith("APMs learn foundational skills")
    assert levels[5]["role"] is None and levels[5]["responsibilities"] == []
    assert "C-suite" in levels[5]["overview"]


def test_health_and_ready(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready"
    assert ready["passages"] == 41
    assert ready["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert ready["built_at"].endswith("Z")


def test_openapi_shows_typed_schemas(client: TestClient) -> None:
    """/docs shows the real response shapes, not bare objects."""
    schema = client.get("/openapi.json").json()
    ok = schema["paths"]["/search"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/SearchResponse"}
    assert "Result" in schema["components"]["schemas"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "fragment"),
    [
        ("get", "/search", {}, 422, "q"),
        ("get", "/search", {"params": {"q": ""}}, 422, "q"),
        ("get", "/search", {"params": {"q": "x" * 1001}}, 422, "q"),
        ("get", "/search", {"params": {"q": "roadmap", "k": 0}}, 422, "k"),
        ("get", "/search", {"params": {"q": "roadmap", "k": 51}}, 422, "k"),
        ("get", "/search", {"params": {"q": "roadmap", "k": "many"}}, 422, "k"),
        ("get", "/search", {"params": {"q": "roadmap", "level": 9}}, 422, "unknown level 9"),
        ("get", "/search", {"params": {"q": "roadmap", "level": "one"}}, 422, "level"),
        ("get", "/search", {"params": {"q": "roadmap", "section": "hobbies"}}, 422, "section"),
        ("get", "/search", {"params": {"q": "roadmap", "doc": "other.txt"}}, 422, "unknown doc"),
        ("post", "/search", {"json": {}}, 422, "query"),
        ("post", "/search", {"json": {"query": ""}}, 422, "query"),
        ("post", "/search", {"json": {"query": "x", "k": 100}}, 422, "k"),
        ("post", "/search", {"json": {"query": "x", "levels": [0]}}, 422, "unknown level 0"),
        ("post", "/search", {"json": {"query": "x", "sections": ["nope"]}}, 422, "sections"),
        ("post", "/search", {"json": {"query": 42}}, 422, "query"),
        ("post", "/search", {"json": {"query": "x", "extra": 1}}, 422, "extra"),
        ("post", "/search", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "JSON"),
    ],
)
def test_bad_input_is_a_4xx_with_detail(
    client: TestClient, method: str, path: str, kwargs: dict, status: int, fragment: str
) -> None:
    """Bad input gets a 4xx whose `detail` says what was wrong."""
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    assert fragment.lower() in detail.lower()


def test_the_loaded_index_is_frozen_out_of_the_cyclic_collector(settings: Settings) -> None:
    """Once ready, the long-lived objects are out of the collector's way (a full collection stalled requests)."""
    gc.unfreeze()
    with TestClient(create_app(settings)) as client:
        wait_ready(client)
        assert gc.get_freeze_count() > 10_000


def test_not_ready_until_loaded(tmp_path: Path) -> None:
    """/readyz is 503 (and search 503) while the index cannot be served; /healthz is 200."""
    settings = load_settings(index_dir=tmp_path / "missing")
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").status_code == 200
        response = client.get("/readyz")
        assert response.status_code == 503
        assert client.get("/search", params={"q": "x"}).status_code == 503
        assert "detail" in response.json()


def test_two_guides_search_and_levels(two_guides_index) -> None:
    """A Markdown ladder dropped beside the guide is searched, filtered by doc, and listed."""
    corpus, index_dir = two_guides_index
    with TestClient(create_app(load_settings(index_dir=index_dir, corpus=corpus))) as client:
        wait_ready(client)
        levels = client.get("/levels").json()["levels"]
        assert [(lv["doc"], lv["short"]) for lv in levels][:3] == [
            ("design-ladder.md", "PD"),
            ("design-ladder.md", "SPD"),
            ("design-ladder.md", "HD"),
        ]
        assert len(levels) == 9
        top = client.get("/search", params={"q": "usability sessions", "doc": "design-ladder.md"}).json()
        assert top["results"][0]["heading"] == "Usability Testing"
        assert {r["source"]["doc"] for r in top["results"]} == {"design-ladder.md"}


def test_ask_answers_with_a_sentence_level_and_confidence(client: TestClient) -> None:
    """/ask: the best sentence of the best passage, its level, a confidence in 0..1."""
    body = client.post("/ask", json={"question": "who reports to the CEO?"}).json()
    answer = body["answer"]
    assert answer["level"]["short"] == "CPO"
    assert answer["passage_id"] == body["results"][0]["id"]
    assert answer["text"].startswith("In larger organizations, the Chief Product Officer")
    assert answer["text"] in body["results"][0]["text"]
    assert 0.5 <= answer["confidence"] <= 1
    assert len(body["results"]) == 3


def test_ask_declines_what_the_guides_do_not_cover(client: TestClient) -> None:
    body = client.post("/ask", json={"question": "how do I bake bread?"}).json()
    assert body["answer"] is None
    assert body["question"] == "how do I bake bread?"


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_each_mode_finds_the_prd_passage(client: TestClient, mode: str) -> None:
    body = client.get("/search", params={"q": "product requirement documents", "mode": mode}).json()
    assert body["results"][0]["heading"] == "Specification Writing"


def test_highlight_marks_the_answering_words(client: TestClient) -> None:
    top = client.get("/search", params={"q": "who writes the PRDs"}).json()["results"][0]
    assert "<mark>PRDs</mark>" in top["highlight"]
    assert top["highlight"].replace("<mark>", "").replace("</mark>", "") == top["text"]


def test_semantic_hits_are_highlighted_too(client: TestClient) -> None:
    """A hit that shares no word with the query still gets a <mark>."""
    results = client.get("/search", params={"q": "when do I get direct reports", "k": 5}).json()["results"]
    assert all("<mark>" in r["highlight"] for r in results)


def test_ask_validation(client: TestClient) -> None:
    assert client.post("/ask", json={"question": ""}).status_code == 422
    assert client.post("/ask", json={}).status_code == 422
    assert client.post("/ask", json={"question": "x", "doc": "nope.md"}).status_code == 422
    assert client.get("/search", params={"q": "x", "mode": "magic"}).status_code == 422
