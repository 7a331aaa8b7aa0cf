"""The HTTP API's shapes, filters, statuses and operations, on the fixed corpus with the fake encoder."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from core.model import Section
from service.app import create_app
from service.settings import load_settings
from tests.conftest import fake_loader, wait_ready

JSON = {"content-type": "application/json"}
LONG = "x" * 1001
RESULT_FIELDS = {"id", "rank", "score", "level", "section", "category", "heading", "text", "highlight", "source"}


def test_result_shape(fast_client: TestClient, guide_text: str) -> None:
    """Every result carries the fields DESIGN.md lists, and its offsets point at its text in the guide."""
    body = fast_client.get("/search", params={"q": "who writes the PRDs"}).json()
    assert body["query"] == "who writes the PRDs" and body["took_ms"] >= 0
    assert len(body["results"]) == 5
    for rank, result in enumerate(body["results"], start=1):
        assert set(result) == RESULT_FIELDS
        assert result["rank"] == rank
        assert set(result["source"]) == {"doc", "start", "end"}
        assert guide_text[result["source"]["start"] : result["source"]["end"]] == result["text"]
        assert result["highlight"].replace("<mark>", "").replace("</mark>", "") == result["text"]


def test_post_search_matches_get(fast_client: TestClient) -> None:
    get = fast_client.get("/search", params={"q": "mentor junior PMs", "k": 3}).json()
    post = fast_client.post("/search", json={"query": "mentor junior PMs", "k": 3}).json()
    assert get["results"] == post["results"]


def test_level_filter(fast_client: TestClient) -> None:
    body = fast_client.get("/search", params=[("q", "strategy"), ("level", 4), ("level", 5), ("k", 20)]).json()
    assert body["results"]
    assert {r["level"]["number"] for r in body["results"]} <= {4, 5}


def test_section_filter(fast_client: TestClient) -> None:
    body = fast_client.post("/search", json={"query": "skills", "sections": ["skills"], "k": 10}).json()
    assert len(body["results"]) == 5
    assert {r["section"] for r in body["results"]} == {"skills"}


def test_doc_filter(fast_client: TestClient) -> None:
    body = fast_client.get("/search", params={"q": "roadmap", "doc": "pm-career-path.txt"}).json()
    assert body["results"] and {r["source"]["doc"] for r in body["results"]} == {"pm-career-path.txt"}


@pytest.mark.parametrize("mode", ["hybrid", "dense", "keyword"])
def test_each_mode_answers(fast_client: TestClient, mode: str) -> None:
    body = fast_client.get("/search", params={"q": "specification writing", "mode": mode, "k": 3}).json()
    assert len(body["results"]) == 3


def test_k_bounds_results(fast_client: TestClient) -> None:
    assert len(fast_client.get("/search", params={"q": "roadmap", "k": 1}).json()["results"]) == 1
    many = fast_client.get("/search", params={"q": "product management", "k": 50, "mode": "keyword"}).json()
    assert 20 < len(many["results"]) <= 41
    assert [r["rank"] for r in many["results"]] == list(range(1, len(many["results"]) + 1))


def test_keyword_highlights_mark_the_query_words(fast_client: TestClient) -> None:
    top = fast_client.get("/search", params={"q": "user interviews", "mode": "keyword"}).json()["results"][0]
    assert "<mark>user interviews</mark>" in top["highlight"]


def test_levels_lists_six_in_order(fast_client: TestClient) -> None:
    """/levels gives the six levels in order with their names, role, responsibilities and skills."""
    levels = fast_client.get("/levels").json()["levels"]
    assert [lv["short"] for lv in levels] == ["APM", "PM", "Senior PM", "GPM", "VP", "CPO"]
    assert [lv["number"] for lv in levels] == [1, 2, 3, 4, 5, 6]
    apm = levels[0]
    assert apm["role"].startswith("Assist and learn.")
    assert "Associate PM" in apm["aliases"]
    assert [r["heading"] for r in apm["responsibilities"]][:2] == ["Feature Ownership", "Specification Writing"]
    assert apm["skills"].startswith("APMs learn foundational skills")
    assert levels[5]["role"] is None and levels[5]["responsibilities"] == []
    assert "C-suite" in levels[5]["overview"]
    # Each item carries its passage id, the one search results link to.
    params = {"q": "product requirement documents PRDs", "level": 1}
    hit = fast_client.get("/search", params=params).json()["results"][0]
    assert hit["id"] in {r["id"] for r in apm["responsibilities"]}


def test_ask_shape(fast_client: TestClient) -> None:
    body = fast_client.post("/ask", json={"question": "who writes the PRDs", "k": 2}).json()
    assert set(body) == {"question", "answer", "reason", "results", "took_ms"}
    assert len(body["results"]) == 2
    if body["answer"] is not None:
        assert set(body["answer"]) == {"text", "level", "levels", "passage_id", "confidence"}
        assert body["reason"] is None
    else:
        assert body["reason"] in ("not_covered", "unrelated")


def test_health_and_ready(fast_client: TestClient) -> None:
    assert fast_client.get("/healthz").json() == {"status": "ok"}
    ready = fast_client.get("/readyz").json()
    assert ready["status"] == "ready"
    assert ready["passages"] == 41
    assert ready["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert ready["built_at"].endswith("Z")


def test_not_ready_until_loaded(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """/readyz and the search routes are 503 while the index cannot be served; /healthz is 200. A 5xx's access
    log line is a warning (a 503 logged as info was invisible to a warnings filter), a 2xx's is info."""
    settings = load_settings(index_dir=tmp_path / "missing")
    access = logging.getLogger("ladder.access")
    access.addHandler(caplog.handler)  # whether or not `ladder` set its own handler
    caplog.set_level(logging.INFO, logger="ladder.access")
    try:
        with TestClient(create_app(settings, load=fake_loader())) as client:
            assert client.get("/healthz").status_code == 200
            response = client.get("/readyz")
            assert response.status_code == 503 and "no index at" in response.json()["detail"]
            assert client.get("/search", params={"q": "x"}).status_code == 503
    finally:
        access.removeHandler(caplog.handler)
    levels = {(json.loads(r.getMessage())["path"], r.levelname) for r in caplog.records if r.name == "ladder.access"}
    assert {("/healthz", "INFO"), ("/readyz", "WARNING"), ("/search", "WARNING")} <= levels


def test_openapi_shows_typed_schemas(fast_client: TestClient) -> None:
    """/docs shows the real response shapes, with the sections and modes as enums."""
    schema = fast_client.get("/openapi.json").json()
    ok = schema["paths"]["/search"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/SearchResponse"}
    components = schema["components"]["schemas"]
    assert {"Result", "Level", "Section", "Mode"} <= components.keys()
    assert components["Section"]["enum"] == [s.value for s in Section]


def test_docs_are_served_from_the_service(fast_client: TestClient) -> None:
    """/docs loads Swagger UI's files from the service itself, under a content security policy; no ReDoc."""
    page = fast_client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    scripts = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert all(url.startswith("/") for url in scripts if url != "data:,")
    for url in scripts:
        if url != "data:,":
            assert fast_client.get(url).status_code == 200, url
    bundle = fast_client.get("/docs/swagger-ui-bundle.js")
    assert bundle.headers["content-type"].startswith("text/javascript") and b"SwaggerUIBundle" in bundle.content
    assert fast_client.get("/docs/secrets.txt").status_code == 404
    assert fast_client.get("/redoc").status_code == 404


# Bad input: (method, path, query parameters, body, headers, status, a fragment of `detail`).
BAD_REQUESTS = [
    ("GET", "/search", {}, None, None, 422, "q"),
    ("GET", "/search", {"q": ""}, None, None, 422, "q"),
    ("GET", "/search", {"q": LONG}, None, None, 422, "q: String should have at most 1000 characters"),
    ("GET", "/search", {"q": "roadmap", "k": "0"}, None, None, 422, "k"),
    ("GET", "/search", {"q": "roadmap", "k": "51"}, None, None, 422, "k"),
    ("GET", "/search", {"q": "roadmap", "k": "-3"}, None, None, 422, "k"),
    ("GET", "/search", {"q": "roadmap", "k": "1.5"}, None, None, 422, "k"),
    ("GET", "/search", {"q": "roadmap", "k": "many"}, None, None, 422, "k"),
    ("GET", "/search", {"q": "roadmap", "level": "7"}, None, None, 422, "unknown level 7"),
    ("GET", "/search", {"q": "roadmap", "level": "0"}, None, None, 422, "unknown level 0"),
    ("GET", "/search", {"q": "roadmap", "level": "junior"}, None, None, 422, "level"),
    ("GET", "/search", {"q": "roadmap", "section": "hobbies"}, None, None, 422, "section"),
    ("GET", "/search", {"q": "roadmap", "doc": "../../etc/passwd"}, None, None, 422, "unknown doc"),
    ("GET", "/search", {"q": "roadmap", "doc": "other.txt"}, None, None, 422, "unknown doc"),
    ("GET", "/search", {"q": "roadmap", "doc": ""}, None, None, 422, "doc"),
    ("GET", "/search", {"q": "roadmap", "mode": "magic"}, None, None, 422, "mode"),
    ("POST", "/search", None, b"", JSON, 422, "body"),
    ("POST", "/search", None, b"{not json", JSON, 422, "JSON"),
    ("POST", "/search", None, b"\xff\xfe{}", JSON, 422, "JSON"),
    ("POST", "/search", None, b"[]", JSON, 422, ""),
    ("POST", "/search", None, b'"roadmap"', JSON, 422, ""),
    ("POST", "/search", None, b"{}", JSON, 422, "query"),
    ("POST", "/search", None, b'{"query": null}', JSON, 422, "query"),
    ("POST", "/search", None, b'{"query": 42}', JSON, 422, "query"),
    ("POST", "/search", None, b'{"query": ""}', JSON, 422, "query"),
    ("POST", "/search", None, b'{"query": "' + LONG.encode() + b'"}', JSON, 422, "query"),
    ("POST", "/search", None, b'{"query": "x", "k": 0}', JSON, 422, "k"),
    ("POST", "/search", None, b'{"query": "x", "k": 100}', JSON, 422, "k"),
    ("POST", "/search", None, b'{"query": "x", "k": "5"}', JSON, 422, "k"),
    ("POST", "/search", None, b'{"query": "x", "levels": [99]}', JSON, 422, "unknown level 99"),
    ("POST", "/search", None, b'{"query": "x", "levels": "1"}', JSON, 422, "levels"),
    ("POST", "/search", None, b'{"query": "x", "sections": ["nope"]}', JSON, 422, "sections"),
    ("POST", "/search", None, b'{"query": "x", "unexpected": true}', JSON, 422, "unexpected"),
    ("POST", "/search", None, b'{"query": "x"}', {"content-type": "text/plain"}, 415, "JSON"),
    ("POST", "/search", None, b"query=x", {"content-type": "application/x-www-form-urlencoded"}, 415, "JSON"),
    ("POST", "/search", None, b'{"query": "x"}', {}, 415, "JSON"),
    ("POST", "/search", None, b'{"query": "' + b"x" * (1024 * 1024) + b'"}', JSON, 413, "body"),
    ("POST", "/ask", None, b"{}", JSON, 422, "question"),
    ("POST", "/ask", None, b'{"question": ""}', JSON, 422, "question"),
    ("POST", "/ask", None, b'{"question": "x", "k": 51}', JSON, 422, "k"),
    ("POST", "/ask", None, b'{"question": "x", "doc": "nope.md"}', JSON, 422, "unknown doc"),
    ("POST", "/ask", None, b'{"question": ["x"]}', JSON, 422, "question"),
    ("POST", "/ask", None, b"nope", {"content-type": "text/html"}, 415, "JSON"),
    ("POST", "/match", None, b"{}", JSON, 422, "text"),
    ("POST", "/match", None, b'{"text": ""}', JSON, 422, "text"),
    ("POST", "/match", None, b'{"text": "   "}', JSON, 422, "text"),
    ("POST", "/match", None, b'{"text": "' + b"x" * 20_001 + b'"}', JSON, 422, "text"),
    ("POST", "/match", None, b'{"text": "a posting", "k": -1}', JSON, 422, "k"),
    ("POST", "/match", None, b'{"text": "a posting", "doc": "x.md"}', JSON, 422, "unknown doc"),
    ("POST", "/match", None, b'{"text": 5}', JSON, 422, "text"),
    ("POST", "/match", None, b'{"text": "a posting", "k": 11}', JSON, 422, "k"),
    ("POST", "/match", None, b'{"posting": "a posting"}', JSON, 422, "text"),
    ("POST", "/match", None, b"\xc3\x28", JSON, 422, "body: not UTF-8 text"),
    ("POST", "/match", None, b'{"text": "12345 ....."}', JSON, 422, "text: Value error, has no words in it"),
    ("DELETE", "/search", {"q": "x"}, None, None, 405, ""),
    ("PUT", "/ask", None, b"{}", JSON, 405, ""),
    ("GET", "/match", None, None, None, 405, ""),
    ("POST", "/levels", None, b"{}", JSON, 405, ""),
    ("GET", "/admin/reload", None, None, None, 404, ""),
    ("POST", "/admin/reload", None, None, None, 404, ""),
    ("GET", "/static/../service/app.py", None, None, None, 404, ""),
    ("GET", "/static/%2e%2e/settings.py", None, None, None, 404, ""),
    ("GET", "/nowhere", None, None, None, 404, ""),
]


@pytest.mark.parametrize(("method", "path", "params", "body", "headers", "status", "fragment"), BAD_REQUESTS)
def test_bad_input_is_a_4xx_with_detail(
    fast_client: TestClient,
    method: str,
    path: str,
    params: dict | None,
    body: bytes | None,
    headers: dict | None,
    status: int,
    fragment: str,
) -> None:
    """Bad input of any kind gets the documented 4xx, with a JSON `detail` saying what was wrong."""
    response = fast_client.request(method, path, params=params, content=body, headers=headers)
    assert response.status_code == status, response.text[:300]
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    assert fragment.lower() in detail.lower()


def test_request_id_is_returned(fast_client: TestClient) -> None:
    """Every response carries a request id; a sane one sent by the caller is kept."""
    assert len(fast_client.get("/healthz").headers["x-request-id"]) == 32
    assert fast_client.get("/healthz", headers={"x-request-id": "portal-42"}).headers["x-request-id"] == "portal-42"
    assert fast_client.get("/healthz", headers={"x-request-id": "<script>"}).headers["x-request-id"] != "<script>"


def test_metrics(fast_client: TestClient) -> None:
    """Prometheus text: requests by matched route and status, latency, index size and build time, load time."""
    fast_client.get("/search", params={"q": "roadmap"})
    fast_client.get("/search", params={"q": ""})
    fast_client.get("/static/app.css")
    fast_client.get("/no/such/page")
    fast_client.post("/ask", content=b"x" * (1024 * 1024 + 1), headers=JSON)
    text = fast_client.get("/metrics").text
    assert 'ladder_requests_total{method="GET",route="/search",status="200"}' in text
    assert 'ladder_requests_total{method="GET",route="/search",status="422"}' in text
    assert 'ladder_requests_total{method="GET",route="/static/{name}",status="200"}' in text
    assert 'ladder_requests_total{method="GET",route="other",status="404"}' in text
    assert 'ladder_requests_total{method="POST",route="/ask",status="413"}' in text
    assert 'ladder_request_seconds_bucket{le="0.005",route="/search"}' in text
    assert "ladder_index_passages 41.0" in text
    assert "ladder_index_built_timestamp_seconds" in text
    assert "ladder_index_load_seconds" in text


def test_ladder_serve_freezes_the_loaded_index_out_of_the_collector(fake_settings) -> None:  # type: ignore[no-untyped-def]
    """`ladder serve` moves the loaded index out of the cyclic collector's way once it is swapped in."""
    import gc

    from service.cli import freeze_loaded_objects

    gc.unfreeze()
    with TestClient(create_app(fake_settings, load=fake_loader(), on_swap=freeze_loaded_objects)) as client:
        wait_ready(client)
        assert gc.get_freeze_count() > 10_000
    gc.unfreeze()


def test_a_reload_collects_the_previous_index_before_freezing_the_new_one() -> None:
    """The first swap freezes what is loaded as it is; a later one frees the frozen previous index first."""
    import gc
    import weakref

    from service.cli import freeze_loaded_objects

    class Old:
        pass

    gc.unfreeze()
    gc.disable()  # no automatic collection may free the cycle instead
    try:
        old = Old()
        old.cycle = old  # type: ignore[attr-defined]
        gone = weakref.ref(old)
        freeze_loaded_objects()  # the first load: `old` is frozen with everything else
        del old
        gc.collect()
        assert gone() is not None  # frozen objects are out of the collector's reach
        freeze_loaded_objects()  # a reload
        assert gone() is None
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_level_filter_takes_names_too(fast_client: TestClient) -> None:
    """`level` takes a number, a short name, a title or an alias, in any case."""
    by_name = fast_client.get("/search", params=[("q", "strategy"), ("level", "vp"), ("k", 20)]).json()["results"]
    by_number = fast_client.get("/search", params=[("q", "strategy"), ("level", 5), ("k", 20)]).json()["results"]
    assert by_name and by_name == by_number
    titled = fast_client.post("/search", json={"query": "strategy", "levels": ["Head of Product", 4], "k": 20}).json()
    assert {r["level"]["number"] for r in titled["results"]} <= {4, 5}
    refused = fast_client.get("/search", params={"q": "strategy", "level": "Wizard"})
    assert refused.status_code == 422 and "unknown level 'wizard'" in refused.json()["detail"]


@pytest.mark.parametrize("q", ["...", "?", "\ufffd", "— –"])
def test_a_query_of_no_letters_or_digits_finds_nothing(fast_client: TestClient, q: str) -> None:
    """A byte that is no UTF-8 ("%FF" reads as "\ufffd") or "..." asks nothing: it had matched a passage
    whole (and marked all of it)."""
    assert fast_client.get("/search", params={"q": q}).json()["results"] == []
    body = fast_client.post("/ask", json={"question": q}).json()
    assert body["answer"] is None and body["results"] == []
