"""Faults and reloads against the real service: the index is never lost, reloads fail no request."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from core.encoder import ModelSpec
from index.build import build_index
from index.store import load_index
from tests.conftest import CORPUS, FIXTURE_GUIDE, GUIDE, ROOT, LiveServer, wait_until

TOKEN = "s3cret-admin-token"


def copy_index(source: Path, parent: Path) -> Path:
    """A private copy of an index, laid out as ingest lays it out (a link to a generation)."""
    parent.mkdir(parents=True, exist_ok=True)
    generation = parent / ".index-copy"
    shutil.copytree(source.resolve(), generation)
    link = parent / "index"
    link.symlink_to(generation.name)
    return link


def test_sigkill_midway_through_ingest_leaves_the_old_index(tmp_path: Path, index_dir: Path) -> None:
    """`ladder ingest` killed while it writes the new generation: the previous index loads and serves."""
    target = copy_index(index_dir, tmp_path / "var")
    before = load_index(target).manifest.built_at
    env = {**os.environ, "LADDER_INDEX_DIR": str(target), "LADDER_CORPUS": str(CORPUS)}
    process = subprocess.Popen([sys.executable, "-m", "service", "ingest"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    building: list[Path] = []
    while time.monotonic() < deadline and not building and process.poll() is None:
        building = [p for p in target.parent.glob(".index-*") if p.name != ".index-copy"]
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert building, "ingest finished before it could be killed"
    assert process.returncode == -signal.SIGKILL
    assert os.readlink(target) == ".index-copy"
    assert load_index(target).manifest.built_at == before
    server = LiveServer(target)
    try:
        server.wait_ready()
        top = httpx.get(f"{server.url}/search", params={"q": "who writes the PRDs"}).json()["results"][0]
        assert top["heading"] == "Specification Writing"
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("truncate passages.jsonl", "passages.jsonl is damaged"),
        ("remove index.faiss", "missing index.faiss"),
        ("remove manifest.json", "has no manifest.json"),
        ("other model", "was built with"),
        ("unknown section", "section: Input should be"),
        ("files as a list", "files: Input should be an object"),
    ],
)
def test_serve_refuses_a_bad_index(tmp_path: Path, index_dir: Path, damage: str, message: str) -> None:
    """`ladder serve` exits non-zero, naming the problem and the fix (`ladder ingest`)."""
    target = copy_index(index_dir, tmp_path)
    folder = target.resolve()
    if damage == "truncate passages.jsonl":
        path = folder / "passages.jsonl"
        path.write_bytes(path.read_bytes()[:500])
    elif damage.startswith("remove"):
        (folder / damage.split()[1]).unlink()
    elif damage == "unknown section":
        lines = (folder / "passages.jsonl").read_text().splitlines()
        lines[5] = lines[5].replace('"section": "', '"section": "x', 1)
        (folder / "passages.jsonl").write_text("\n".join(lines) + "\n")
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["files"] = {}
        (folder / "manifest.json").write_text(json.dumps(manifest))
    elif damage == "files as a list":
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["files"] = list(manifest["files"])
        (folder / "manifest.json").write_text(json.dumps(manifest))
    else:
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["model"] = "some/other-model"
        (folder / "manifest.json").write_text(json.dumps(manifest))
    code, out = LiveServer(target).wait_exit()
    assert code != 0
    assert message in out and "ladder ingest" in out


def test_hot_reload_under_load(tmp_path: Path, index_dir: Path, spec: ModelSpec, real_encoder) -> None:  # type: ignore[no-untyped-def]
    """8 threads search while the index is rebuilt and reloaded (by the admin endpoint, then by SIGHUP, then
    by the endpoint again): no request fails, and the answers switch each time."""
    target = copy_index(index_dir, tmp_path / "var")
    corpus_a, corpus_b = tmp_path / "a", tmp_path / "b"
    corpus_a.mkdir()
    corpus_b.mkdir()
    shutil.copy(GUIDE, corpus_a)
    shutil.copy(GUIDE, corpus_b)
    shutil.copy(FIXTURE_GUIDE, corpus_b)
    server = LiveServer(target, extra_env={"LADDER_ADMIN_TOKEN": TOKEN})
    failures: list[str] = []
    answered = [0]
    stop = threading.Event()

    def hammer() -> None:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    response = http.get("/search", params={"q": f"usability sessions {i % 50}"})
                    if response.status_code != 200:
                        failures.append(f"{response.status_code}: {response.text[:200]}")
                    answered[0] += 1
                except httpx.HTTPError as e:
                    failures.append(repr(e))

    try:
        server.wait_ready()
        threads = [threading.Thread(target=hammer) for _ in range(8)]
        for t in threads:
            t.start()
        headers = {"Authorization": f"Bearer {TOKEN}"}
        for round_, with_design in enumerate((True, False, True)):
            build_index(corpus_b if with_design else corpus_a, target, spec, real_encoder)
            if round_ == 1:
                server.process.send_signal(signal.SIGHUP)
            else:
                response = httpx.post(f"{server.url}/admin/reload", headers=headers, timeout=60)
                assert response.status_code == 200, response.text

            def serving(with_design: bool = with_design) -> bool:
                docs = {lv["doc"] for lv in server.http.get("/levels").json()["levels"]}
                return ("design-ladder.md" in docs) == with_design

            wait_until(serving, 60, f"round {round_}: the new index served")
            hits = httpx.get(f"{server.url}/search", params={"q": "usability sessions", "k": 1}).json()["results"]
            assert (hits[0]["source"]["doc"] == "design-ladder.md") == with_design
    finally:
        stop.set()
        for t in threads:
            t.join()
        server.stop()
    assert failures == []
    assert answered[0] > 50


def test_admin_reload_needs_the_token(tmp_path: Path, index_dir: Path) -> None:
    """401 without a token, 403 with a wrong one; a damaged new index is refused and the old one kept."""
    target = copy_index(index_dir, tmp_path / "var")
    server = LiveServer(target, extra_env={"LADDER_ADMIN_TOKEN": TOKEN})
    try:
        server.wait_ready()
        assert httpx.post(f"{server.url}/admin/reload").status_code == 401
        wrong = httpx.post(f"{server.url}/admin/reload", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 403 and wrong.json()["detail"] == "wrong admin token"
        (target.resolve() / "index.faiss").write_bytes(b"broken")
        refused = httpx.post(f"{server.url}/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"})
        assert refused.status_code == 409
        assert "still serving the previous index" in refused.json()["detail"]
        assert httpx.get(f"{server.url}/search", params={"q": "roadmap"}).status_code == 200
    finally:
        server.stop()


def test_sigterm_finishes_requests_in_flight(live_server_factory) -> None:  # type: ignore[no-untyped-def]
    """SIGTERM while a /match is being computed: the response still arrives, then the process shuts down."""
    server = live_server_factory()
    posting = (ROOT / "tests" / "data" / "postings" / "pm-enterprise-long.txt").read_text() * 7
    result: dict = {}

    def slow_request() -> None:
        result["response"] = httpx.post(f"{server.url}/match", json={"text": posting[:20_000]}, timeout=60)

    def in_flight() -> float:
        metrics = server.http.get("/metrics").text
        return float(re.search(r"^ladder_requests_in_flight (\S+)$", metrics, re.MULTILINE).group(1))  # type: ignore[union-attr]

    thread = threading.Thread(target=slow_request)
    thread.start()
    wait_until(lambda: in_flight() >= 2, 30, "the /match in flight")  # it, and this request for /metrics
    server.process.send_signal(signal.SIGTERM)
    thread.join()
    assert result["response"].status_code == 200
    assert result["response"].json()["best"]["level"]["short"]
    # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit status says why it stopped.
    assert server.process.wait(timeout=30) in (0, -signal.SIGTERM)
    log = server.output()
    assert "Application shutdown complete" in log
    match_line = next(i for i, line in enumerate(log.splitlines()) if '"path":"/match"' in line)
    shutting_down = next(i for i, line in enumerate(log.splitlines()) if "Shutting down" in line)
    assert shutting_down < match_line  # the /match was still being computed when the signal came


@pytest.fixture
def live_server_factory(index_dir: Path):  # type: ignore[no-untyped-def]
    servers: list[LiveServer] = []

    def make() -> LiveServer:
        server = LiveServer(index_dir)
        servers.append(server)
        server.wait_ready()
        return server

    yield make
    for server in servers:
        server.stop()
