"""The real HTTP server: `ladder serve` in its own process, spoken to over loopback."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.conftest import LiveServer


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
