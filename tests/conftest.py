"""Shared fixtures: the real guide, the real model, a real index built once per run."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ingest.build import ingest
from service.app import create_app
from service.engine import load_encoder
from service.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GUIDE = CORPUS / "pm-career-path.txt"
DATA = Path(__file__).resolve().parent / "data"
FIXTURE_GUIDE = DATA / "guides" / "design-ladder.md"


def wait_ready(client: TestClient, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.get("/readyz").status_code == 200:
            return
        time.sleep(0.05)
    raise AssertionError(f"not ready after {timeout}s: {client.get('/readyz').json()}")


@pytest.fixture(scope="session")
def guide_text() -> str:
    with open(GUIDE, encoding="utf-8", newline="") as f:
        return f.read()


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real guide ingested with the real model, once per test run."""
    directory = tmp_path_factory.mktemp("index") / "index"
    settings = load_settings(index_dir=directory, corpus=CORPUS)
    spec, encoder = load_encoder(settings)
    ingest(CORPUS, directory, spec, encoder)  # with the ONNX export the service runs on
    return directory


@pytest.fixture(scope="session")
def two_guides_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real guide and the Markdown fixture ladder side by side."""
    corpus = tmp_path_factory.mktemp("corpus2")
    shutil.copy(GUIDE, corpus)
    shutil.copy(FIXTURE_GUIDE, corpus)
    directory = tmp_path_factory.mktemp("index2") / "index"
    settings = load_settings(index_dir=directory, corpus=corpus)
    spec, encoder = load_encoder(settings)
    ingest(corpus, directory, spec, encoder, export_encoder=False)  # no export: the torch fallback
    return corpus, directory


@pytest.fixture(scope="session")
def settings(index_dir: Path) -> Settings:
    return load_settings(index_dir=index_dir, corpus=CORPUS)


@pytest.fixture(scope="session")
def client(settings: Settings) -> Iterator[TestClient]:
    """A TestClient entered with `with`, so the lifespan loads the real index."""
    with TestClient(create_app(settings)) as client:
        wait_ready(client)
        yield client


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`ladder serve` in a subprocess on a loopback port: the real HTTP server.

    Its output goes to a file, not a pipe: an access log line per request
    would fill a pipe nobody reads and stall the server.
    """

    def __init__(self, index_dir: Path, extra_env: dict[str, str] | None = None, args: list[str] | None = None) -> None:
        import os
        import subprocess
        import sys
        import tempfile

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "LADDER_INDEX_DIR": str(index_dir), "LADDER_CORPUS": str(CORPUS), **(extra_env or {})}
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - lives as long as the server
        self.process = subprocess.Popen(
            [sys.executable, "-m", "service", "serve", "--port", str(self.port), *(args or [])],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def wait_exit(self, timeout: float = 120.0) -> tuple[int, str]:
        code = self.process.wait(timeout=timeout)
        out = self.output()
        self.log.close()
        return code, out

    def wait_ready(self, timeout: float = 120.0) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited {self.process.returncode}: {self.output()}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError("server not ready in time")

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except Exception:
            self.process.kill()
            self.process.wait()
        out = self.output()
        self.log.close()
        return out


@pytest.fixture(scope="session")
def portal_port() -> int:
    """The loopback port of the one portal origin the live server allows (LADDER_CORS_ORIGINS)."""
    return free_port()


@pytest.fixture(scope="session")
def live_server(index_dir: Path, portal_port: int) -> Iterator[LiveServer]:
    server = LiveServer(index_dir, extra_env={"LADDER_CORS_ORIGINS": f"http://127.0.0.1:{portal_port}"})
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()
