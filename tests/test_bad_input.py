"""Every endpoint, every method: bad input is a 4xx with a JSON `detail`, never a 5xx."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

JSON = {"content-type": "application/json"}
LONG = "x" * 1001
BAD_REQUESTS = [
    # GET /search
    ("GET", "/search", {}, None, None),
    ("GET", "/search", {"q": ""}, None, None),
    ("GET", "/search", {"q": LONG}, None, None),
    ("GET", "/search", {"q": "roadmap", "k": "0"}, None, None),
    ("GET", "/search", {"q": "roadmap", "k": "51"}, None, None),
    ("GET", "/search", {"q": "roadmap", "k": "-3"}, None, None),
    ("GET", "/search", {"q": "roadmap", "k": "1.5"}, None, None),
    ("GET", "/search", {"q": "roadmap", "k": "many"}, None, None),
    ("GET", "/search", {"q": "roadmap", "level": "7"}, None, None),
    ("GET", "/search", {"q": "roadmap", "level": "0"}, None, None),
    ("GET", "/search", {"q": "roadmap", "level": "junior"}, None, None),
    ("GET", "/search", {"q": "roadmap", "section": "hobbies"}, None, None),
    ("GET", "/search", {"q": "roadmap", "doc": "../../etc/passwd"}, None, None),
    ("GET", "/search", {"q": "roadmap", "doc": ""}, None, None),
    ("GET", "/search", {"q": "roadmap", "mode": "magic"}, None, None),
    # POST /search
    ("POST", "/search", None, b"", JSON),
    ("POST", "/search", None, b"{not json", JSON),
    ("POST", "/search", None, b"\xff\xfe{}", JSON),
    ("POST", "/search", None, b"[]", JSON),
    ("POST", "/search", None, b'"roadmap"', JSON),
    ("POST", "/search", None, b"{}", JSON),
    ("POST", "/search", None, b'{"query": null}', JSON),
    ("POST", "/search", None, b'{"query": 42}', JSON),
    ("POST", "/search", None, b'{"query": ""}', JSON),
    ("POST", "/search", None, b'{"query": "' + LONG.encode() + b'"}', JSON),
    ("POST", "/search", None, b'{"query": "x", "k": 0}', JSON),
    ("POST", "/search", None, b'{"query": "x", "k": "5"}', JSON),
    ("POST", "/search", None, b'{"query": "x", "levels": [99]}', JSON),
    ("POST", "/search", None, b'{"query": "x", "levels": "1"}', JSON),
    ("POST", "/search", None, b'{"query": "x", "sections": ["nope"]}', JSON),
    ("POST", "/search", None, b'{"query": "x", "unexpected": true}', JSON),
    ("POST", "/search", None, b'{"query": "x"}', {"content-type": "text/plain"}),
    ("POST", "/search", None, b"query=x", {"content-type": "application/x-www-form-urlencoded"}),
    ("POST", "/search", None, b'{"query": "x"}', {}),
    ("POST", "/search", None, b'{"query": "' + b"x" * (1024 * 1024) + b'"}', JSON),
    # POST /ask
    ("POST", "/ask", None, b"{}", JSON),
    ("POST", "/ask", None, b'{"question": ""}', JSON),
    ("POST", "/ask", None, b'{"question": "x", "k": 51}', JSON),
    ("POST", "/ask", None, b'{"question": "x", "doc": "nope.md"}', JSON),
    ("POST", "/ask", None, b'{"question": ["x"]}', JSON),
    ("POST", "/ask", None, b"nope", {"content-type": "text/html"}),
    # POST /match
    ("POST", "/match", None, b"{}", JSON),
    ("POST", "/match", None, b'{"text": ""}', JSON),
    ("POST", "/match", None, b'{"text": "   "}', JSON),
    ("POST", "/match", None, b'{"text": "' + b"x" * 20_001 + b'"}', JSON),
    ("POST", "/match", None, b'{"text": "a posting", "k": -1}', JSON),
    ("POST", "/match", None, b'{"text": "a posting", "doc": "x.md"}', JSON),
    ("POST", "/match", None, b'{"text": 5}', JSON),
    ("POST", "/match", None, b"\xc3\x28", JSON),
    # wrong methods and unknown paths
    ("DELETE", "/search", {"q": "x"}, None, None),
    ("PUT", "/ask", None, b"{}", JSON),
    ("GET", "/match", None, None, None),
    ("POST", "/levels", None, b"{}", JSON),
    ("GET", "/admin/reload", None, None, None),
    ("POST", "/admin/reload", None, None, None),
    ("GET", "/static/../service/app.py", None, None, None),
    ("GET", "/static/%2e%2e/settings.py", None, None, None),
    ("GET", "/nowhere", None, None, None),
]


@pytest.mark.parametrize(("method", "path", "params", "body", "headers"), BAD_REQUESTS)
def test_bad_request_is_a_4xx_with_detail(
    client: TestClient, method: str, path: str, params: dict | None, body: bytes | None, headers: dict | None
) -> None:
    response = client.request(method, path, params=params, content=body, headers=headers)
    assert 400 <= response.status_code < 500, response.text[:300]
    assert isinstance(response.json()["detail"], str | list)
    assert response.json()["detail"]


def test_there_are_at_least_forty(client: TestClient) -> None:
    assert len(BAD_REQUESTS) >= 40


def test_specific_statuses(client: TestClient) -> None:
    """413 over 1 MB, 415 for a body that is not JSON, 404 for admin without a token, 405 wrong method."""
    big = b'{"query": "' + b"x" * (1024 * 1024) + b'"}'
    assert client.post("/search", content=big, headers=JSON).status_code == 413
    assert client.post("/search", content=b"q", headers={"content-type": "text/plain"}).status_code == 415
    assert client.post("/admin/reload").status_code == 404
    assert client.delete("/search").status_code == 405


def test_request_id_is_returned(client: TestClient) -> None:
    """Every response carries a request id; a sane one sent by the caller is kept."""
    assert len(client.get("/healthz").headers["x-request-id"]) == 32
    assert client.get("/healthz", headers={"x-request-id": "portal-42"}).headers["x-request-id"] == "portal-42"
    assert client.get("/healthz", headers={"x-request-id": "<script>"}).headers["x-request-id"] != "<script>"


def test_metrics(client: TestClient) -> None:
    """Prometheus text: requests by route and status, latency, index size and build time, load time."""
    client.get("/search", params={"q": "roadmap"})
    client.get("/search", params={"q": ""})
    text = client.get("/metrics").text
    assert 'ladder_requests_total{method="GET",route="/search",status="200"}' in text
    assert 'ladder_requests_total{method="GET",route="/search",status="422"}' in text
    assert 'ladder_request_seconds_bucket{le="0.005",route="/search"}' in text
    assert "ladder_index_passages 41.0" in text
    assert "ladder_index_built_timestamp_seconds" in text
    assert "ladder_index_load_seconds" in text
