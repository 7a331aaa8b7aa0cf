"""The real HTTP server: `ladder serve` in its own process, spoken to over loopback."""

from __future__ import annotations

import contextlib
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

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


def test_several_worker_processes_serve(index_dir: Path) -> None:
    """`ladder serve --workers 2`: uvicorn's processes each build the app with `service.cli:worker_app`."""
    server = LiveServer(index_dir, args=["--workers", "2"])
    try:
        server.wait_ready()

        def every_worker_ready() -> bool:  # the kernel hands each new connection to either process
            return all(httpx.get(f"{server.url}/readyz").status_code == 200 for _ in range(8))

        wait_until(every_worker_ready, what="both workers ready")
        assert server.output().count("Started server process") == 2  # two processes, not one
        for _ in range(4):
            response = httpx.get(f"{server.url}/search", params={"q": "who writes the PRDs"})
            assert response.status_code == 200, response.text
            assert response.json()["results"][0]["heading"] == "Specification Writing"
    finally:
        server.stop()


def test_every_request_writes_a_json_access_log_line(live_server: LiveServer) -> None:
    """One JSON line per request in the server's log, with the caller's request id."""
    response = httpx.get(
        f"{live_server.url}/search", params={"q": "roadmap"}, headers={"x-request-id": "access-log-check"}
    )
    assert response.headers["x-request-id"] == "access-log-check"
    wait_until(lambda: "access-log-check" in live_server.output(), 30, "the access log line")
    line = next(line for line in live_server.output().splitlines() if "access-log-check" in line)
    entry = json.loads(line)  # the whole line: a log shipper parses it as it is
    assert entry.pop("ms") > 0
    assert entry == {
        "event": "request",
        "request_id": "access-log-check",
        "method": "GET",
        "path": "/search",
        "status": 200,
        "client": "127.0.0.1",
    }


@pytest.fixture(scope="module")
def strict_server(index_dir: Path) -> Iterator[LiveServer]:
    """A live server that gives a client one second to send a whole request."""
    server = LiveServer(index_dir, extra_env={"LADDER_REQUEST_TIMEOUT": "1"})
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def read_until_closed(sock: socket.socket, deadline: float) -> bytes:
    """Everything the server sends until it closes the connection (or the deadline passes)."""
    received = b""
    sock.settimeout(0.5)
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            continue
        except ConnectionResetError:
            break
        if not chunk:
            return received
        received += chunk
    raise AssertionError(f"the server kept the connection open; it sent {received[:200]!r}")


def test_a_request_head_over_16_kib_is_refused_and_closed(strict_server: LiveServer) -> None:
    with socket.create_connection(("127.0.0.1", strict_server.port)) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_000 + b"\r\n\r\n")
        reply = read_until_closed(sock, time.monotonic() + 10)
    assert reply.startswith(b"HTTP/1.1 431") and reply.endswith(b'{"detail": "request head over 16384 bytes"}')
    assert httpx.get(f"{strict_server.url}/healthz").status_code == 200


def test_a_head_that_never_ends_is_cut_off(strict_server: LiveServer) -> None:
    """Streaming a header forever: the server stops reading it at 16 KiB and closes the connection."""
    with socket.create_connection(("127.0.0.1", strict_server.port)) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ")
        started = time.monotonic()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            while time.monotonic() - started < 10:
                sock.sendall(b"a" * 4096)
        read_until_closed(sock, time.monotonic() + 5)
    assert time.monotonic() - started < 10


def test_a_slow_client_is_closed_after_the_request_timeout(strict_server: LiveServer) -> None:
    """A connection that sends half a request and waits is closed once its second is up."""
    with socket.create_connection(("127.0.0.1", strict_server.port)) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # no blank line: the head never ends
        started = time.monotonic()
        assert read_until_closed(sock, started + 15) == b""
    assert 0.5 < time.monotonic() - started < 10
    with socket.create_connection(("127.0.0.1", strict_server.port)) as idle:  # connects, sends nothing
        assert read_until_closed(idle, time.monotonic() + 15) == b""
    assert "no whole request within 1s" in strict_server.output()
