"""The real HTTP server: `ladder serve` in its own process, spoken to over loopback."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from tests.conftest import LiveServer, wait_until


def test_search_over_http(live_server: LiveServer, guide_text: str) -> None:
    """The brief's done-when: the PRD question answered over real HTTP, offsets into the corpus."""
    body = httpx.get(f"{live_server.url}/search", params={"q": "who writes the PRDs"}).json()
    top = body["results"][0]
    assert (top["heading"], top["level"]["short"], top["level"]["number"]) == ("Specification Writing", "APM", 1)
    assert guide_text[top["source"]["start"] : top["source"]["end"]] == top["text"]


def test_levels_over_http(live_server: LiveServer) -> None:
    levels = httpx.get(f"{live_server.url}/levels").json()["levels"]
    assert [lv["title"] for lv in levels] == [
        "Associate Product Manager",
        "Product Manager",
        "Senior Product Manager",
        "Group Product Manager / Director of Product",
        "VP of Product / Head of Product",
        "Chief Product Officer",
    ]


def test_serve_exits_nonzero_on_a_damaged_index(tmp_path: Path, index_dir: Path) -> None:
    """A damaged index file stops `ladder serve` with a message naming the file and the fix."""
    import shutil

    broken = tmp_path / "index"
    shutil.copytree(index_dir.resolve(), broken)
    (broken / "index.faiss").write_bytes(b"not an index")
    code, out = LiveServer(broken).wait_exit()
    assert code != 0
    assert "index.faiss" in out and "ladder ingest" in out


def test_every_request_writes_a_json_access_log_line(live_server: LiveServer) -> None:
    """One JSON line per request in the server's log, with the caller's request id."""
    response = httpx.get(
        f"{live_server.url}/search", params={"q": "roadmap"}, headers={"x-request-id": "access-log-check"}
    )
    assert response.headers["x-request-id"] == "access-log-check"
    wait_until(lambda: "access-log-check" in live_server.output(), 30, "the access log line")
    line = next(line for line in live_server.output().splitlines() if "access-log-check" in line)
    entry = json.loads(line.split("ladder.access: ", 1)[1])
    assert entry.pop("ms") > 0
    assert entry == {
        "event": "request",
        "request_id": "access-log-check",
        "method": "GET",
        "path": "/search",
        "status": 200,
        "client": "127.0.0.1",
    }
