"""Shared fixtures.

Fast tests (the default marker-free lane, `make test-fast`) run on the
fixed corpus with a fake encoder and no servers. Tests marked `slow` use the
real model, a real index, real HTTP servers or a real browser.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import faiss
import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient

from core.encoder import ENCODER_DIR, ModelSpec, SentenceTransformerEncoder
from core.query_encoder import QueryEncoder
from index.build import build_index
from index.store import load_index
from service.app import create_app
from service.cli import one_blas_thread
from service.engine import Engine
from service.settings import Settings, load_settings
from tests.fakes import FakeEncoder, MemoEncoder

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GUIDE = CORPUS / "pm-career-path.txt"
DATA = Path(__file__).resolve().parent / "data"
FIXTURE_GUIDE = DATA / "guides" / "design-ladder.md"

ALL_CORES = os.sched_getaffinity(0)
one_blas_thread()  # as `ladder` answers: the figures asserted are the ones `make eval` prints
if "PYTEST_XDIST_WORKER" in os.environ:  # `make test`: one core a worker, so no worker's threads fight another's
    _core = {sorted(ALL_CORES)[int(os.environ["PYTEST_XDIST_WORKER"].removeprefix("gw")) % len(ALL_CORES)]}
    for _thread in os.listdir("/proc/self/task"):  # every thread: numpy's and faiss's pools started at import
        with contextlib.suppress(ProcessLookupError):  # one that has ended since
            os.sched_setaffinity(int(_thread), _core)
    faiss.omp_set_num_threads(1)


@contextlib.contextmanager
def every_core() -> Iterator[None]:
    """This thread on every core while it starts a process, which keeps that affinity."""
    mine = os.sched_getaffinity(0)
    os.sched_setaffinity(0, ALL_CORES)
    try:
        yield
    finally:
        os.sched_setaffinity(0, mine)


def wait_until(condition: Callable[[], bool], timeout: float = 120.0, what: str = "condition") -> None:
    """Poll until `condition()` holds; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"{what} not reached in {timeout}s")


def wait_ready(client: TestClient, timeout: float = 120.0) -> None:
    wait_until(lambda: client.get("/readyz").status_code == 200, timeout, "ready")


@pytest.fixture(scope="session")
def guide_text() -> str:
    with open(GUIDE, encoding="utf-8", newline="") as f:
        return f.read()


@pytest.fixture(scope="session")
def spec() -> ModelSpec:
    return ModelSpec.resolve(None)


# ---------------------------------------------------------------- fast: the fake encoder


def fake_index(corpus: Path, directory: Path, spec: ModelSpec) -> Path:
    build_index(corpus, directory, spec, FakeEncoder(), export_encoder=False)
    return directory


def fake_loader(encoder: FakeEncoder | None = None) -> Callable[[Settings, Engine | None], tuple[Engine, float]]:
    """`create_app`'s `load` for an index built with the fake encoder."""

    def load(settings: Settings, previous: Engine | None) -> tuple[Engine, float]:
        index = load_index(settings.index_dir)
        queries = previous.queries if previous else QueryEncoder(encoder or FakeEncoder(), workers=2)
        return Engine(index=index, queries=queries), 0.0

    return load


@pytest.fixture(scope="session")
def fake_index_dir(tmp_path_factory: pytest.TempPathFactory, spec: ModelSpec) -> Path:
    """The PM guide indexed with the fake encoder."""
    return fake_index(CORPUS, tmp_path_factory.mktemp("fake") / "index", spec)


@pytest.fixture(scope="session")
def fake_settings(fake_index_dir: Path) -> Settings:
    return load_settings(index_dir=fake_index_dir, corpus=CORPUS)


@pytest.fixture(scope="session")
def fast_client(fake_settings: Settings) -> Iterator[TestClient]:
    """The app over the fake-encoder index, lifespan entered."""
    with TestClient(create_app(fake_settings, load=fake_loader())) as client:
        wait_ready(client)
        yield client


# ---------------------------------------------------------------- slow: the real model


KEPT = ROOT / "var" / "test-runs"  # what a run keeps for the next (`make clean` forgets it)
PACKAGES = ("torch", "transformers", "sentence-transformers", "tokenizers", "safetensors", "onnx", "onnxruntime")


def kept_for(spec: ModelSpec, kind: str, *sources: Path) -> Path:
    """Where a run keeps what the next run of the same model folder, libraries and code reuses: the real model's
    vectors and its ONNX export are the slowest part of a run to make again. Another key's are removed."""
    key = hashlib.sha256(spec.verify().encode())
    parts = [*(importlib.metadata.version(p) for p in (*PACKAGES, "numpy")), *(s.read_bytes() for s in sources)]
    weights = spec.weights_file()
    parts += [f.read_bytes() for f in sorted(spec.path.rglob("*")) if f.is_file() and f != weights]
    for part in parts:
        key.update(hashlib.sha256(part if isinstance(part, bytes) else part.encode()).digest())
    kept = KEPT / f"{kind}-{key.hexdigest()[:16]}"
    for stale in KEPT.glob(f"{kind}-*") if KEPT.is_dir() else ():
        if stale != kept:
            shutil.rmtree(stale, ignore_errors=True)
    return kept


@pytest.fixture(scope="session")
def real_encoder(spec: ModelSpec) -> Iterator[MemoEncoder]:
    """The real model; a text it has encoded once (in this run or the last) is not encoded again."""
    encoder = MemoEncoder(SentenceTransformerEncoder(spec))
    saved = kept_for(spec, "vectors", ROOT / "core" / "encoder.py") / "vectors.npz"
    encoder.load(saved)
    sample = list(encoder.vectors)[::500]  # a few kept vectors encoded again: they must not have moved
    moved = bool(sample) and not np.allclose(encoder.inner.encode(sample), encoder.encode(sample), atol=1e-4)
    if moved:
        encoder.vectors.clear()
    known = len(encoder.vectors)
    yield encoder
    if len(encoder.vectors) > known:
        with contextlib.suppress(OSError):  # a full disk costs the next run time, not this run its result
            saved.parent.mkdir(parents=True, exist_ok=True)
            with open(saved.with_name("vectors.lock"), "w") as lock:  # one worker at a time adds to the file
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not moved:  # what another worker of this run saved meanwhile, this run's vectors kept
                    fresh = dict(encoder.vectors)
                    encoder.load(saved)
                    encoder.vectors.update(fresh)
                encoder.save(saved)


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory, spec: ModelSpec, real_encoder) -> Path:
    """The real guide ingested with the real model (and its ONNX export, made by this code once), once per run."""
    directory = tmp_path_factory.mktemp("index") / "index"
    sources = (ROOT / "ingest" / "export.py", ROOT / "core" / "encoder.py", ROOT / "index" / "build.py")
    kept = kept_for(spec, "export", *sources) / ENCODER_DIR
    copy = tmp_path_factory.mktemp("kept-export") / ENCODER_DIR  # a copy: indexes hard-link their export's files
    if kept.is_dir():
        shutil.copytree(kept, copy)
    build_index(CORPUS, directory, spec, real_encoder, export_from=copy)
    if not kept.is_dir():
        partial = kept.parent / f".{kept.name}.{os.getpid()}"
        try:
            shutil.copytree(directory / ENCODER_DIR, partial)
            partial.rename(kept)
        except OSError:  # a full disk, or another run kept it first
            pass
        finally:
            shutil.rmtree(partial, ignore_errors=True)
    return directory


@pytest.fixture
def warm_ingest(monkeypatch: pytest.MonkeyPatch, spec: ModelSpec, real_encoder, index_dir: Path) -> None:
    """`ladder ingest` and `ladder eval` in this process load the session's real model (which remembers the
    vectors it made) and link the ONNX export index_dir made of the same weights: the CLI's plumbing is
    tested, not the model's load and export again (index_dir's own build exports on a fresh machine)."""
    import ingest.export

    made, reuse, export = index_dir / ENCODER_DIR, ingest.export.reuse_export, ingest.export.export_onnx

    def encoder(wanted: ModelSpec):  # type: ignore[no-untyped-def]
        return real_encoder if wanted.path == spec.path else SentenceTransformerEncoder(wanted)

    def export_or_link(model, wanted: ModelSpec, folder: Path) -> Path:  # type: ignore[no-untyped-def]
        return folder if reuse(made, folder, wanted.verify()) else export(model, wanted, folder)

    monkeypatch.setattr("core.encoder.SentenceTransformerEncoder", encoder)
    monkeypatch.setattr(ingest.export, "export_onnx", export_or_link)


@pytest.fixture(scope="session")
def multi_ladder_index(
    tmp_path_factory: pytest.TempPathFactory, spec: ModelSpec, real_encoder, index_dir: Path
) -> tuple[Path, Path]:
    """The real guide beside ladders of three other shapes."""
    corpus = tmp_path_factory.mktemp("corpus2")
    for path in (
        GUIDE,
        FIXTURE_GUIDE,
        DATA / "ladders" / "developer-wiki.md",
        DATA / "ladders" / "sales-competencies.csv",
    ):
        shutil.copy(path, corpus)
    directory = tmp_path_factory.mktemp("index2") / "index"
    build_index(corpus, directory, spec, real_encoder, export_from=index_dir / ENCODER_DIR)
    return corpus, directory


@pytest.fixture(scope="session")
def served_outputs() -> tuple[dict, dict]:
    """The served (ONNX) encoder's vectors and token states of every text the engines below have matched or
    read, shared between them."""
    return {}, {}


@pytest.fixture(scope="session")
def ladders_engine(
    tmp_path_factory: pytest.TempPathFactory,
    spec: ModelSpec,
    real_encoder,
    index_dir: Path,
    served_outputs: tuple[dict, dict],
) -> Iterator[Engine]:
    """The real guide beside every fixture ladder, with the real model: what `make eval` maps and compares."""
    from service.engine import prepare_engine

    corpus = tmp_path_factory.mktemp("all-ladders")
    expected = json.loads((DATA / "ladders" / "levels.json").read_text("utf-8"))
    for path in (GUIDE, *(DATA / "ladders" / name for name in expected)):
        shutil.copy(path, corpus)
    directory = tmp_path_factory.mktemp("all-ladders-index") / "index"
    build_index(corpus, directory, spec, real_encoder, export_from=index_dir / ENCODER_DIR)
    loaded, _ = prepare_engine(load_settings(index_dir=directory, corpus=corpus))
    loaded.matcher.encoder = MemoEncoder(loaded.matcher.encoder, *served_outputs)
    yield loaded
    loaded.queries.close(wait=True)


def engine_over(paths, tmp_path_factory, spec, real_encoder, index_dir):  # type: ignore[no-untyped-def]
    """An engine over ladder files of their own, ingested with the real model (a module fixture yields from it)."""
    from service.engine import prepare_engine

    corpus = tmp_path_factory.mktemp("ladders")
    for path in paths:
        shutil.copy(path, corpus)
    directory = tmp_path_factory.mktemp("ladders-index") / "index"
    build_index(corpus, directory, spec, real_encoder, export_from=index_dir / ENCODER_DIR)
    engine, _ = prepare_engine(load_settings(index_dir=directory, corpus=corpus))
    yield engine
    engine.queries.close(wait=True)


@pytest.fixture(scope="session")
def settings(index_dir: Path) -> Settings:
    return load_settings(index_dir=index_dir, corpus=CORPUS)


@pytest.fixture(scope="session")
def engine(settings: Settings, served_outputs: tuple[dict, dict]) -> Iterator[Engine]:
    """The real engine, as the service loads it."""
    from service.engine import prepare_engine

    loaded, _ = prepare_engine(settings)
    loaded.matcher.encoder = MemoEncoder(loaded.matcher.encoder, *served_outputs)  # the tests read the same texts
    yield loaded
    loaded.queries.close(wait=True)


@pytest.fixture(scope="session")
def client(settings: Settings) -> Iterator[TestClient]:
    """The real app: a TestClient entered with `with`, so the lifespan loads the real index."""
    with TestClient(create_app(settings)) as client:
        wait_ready(client)
        yield client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`ladder serve` in a subprocess on a loopback port: the real HTTP server.

    Its output goes to a file, not a pipe: an access log line per request
    would fill a pipe nobody reads and stall the server.
    """

    def __init__(self, index_dir: Path, extra_env: dict[str, str] | None = None, args: list[str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "LADDER_INDEX_DIR": str(index_dir), "LADDER_CORPUS": str(CORPUS), **(extra_env or {})}
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - lives as long as the server
        self.http = httpx.Client(base_url=self.url)  # for polls: each httpx.get() loads the CA bundle again
        with every_core():  # served as deployed, on every core, not on the worker's one
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
        self.http.close()
        return code, out

    def ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"server exited {self.process.returncode}: {self.output()}")
        try:
            return self.http.get("/readyz", timeout=1).status_code == 200
        except httpx.TransportError:
            return False

    def wait_ready(self, timeout: float = 120.0) -> None:
        wait_until(self.ready, timeout, "server ready")

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        out = self.output()
        self.log.close()
        self.http.close()
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


# Tests that use these fixtures load the real model or start real servers: they are `slow`.
SLOW_FIXTURES = {
    "real_encoder",
    "index_dir",
    "multi_ladder_index",
    "ladders_engine",
    "settings",
    "engine",
    "client",
    "live_server",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


MULTI_LADDER = ("developer-wiki.md", "sales-competencies.csv", "engineering-manager.html")


@pytest.fixture(scope="session")
def multi_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PM guide beside ladders of other shapes and formats."""
    corpus = tmp_path_factory.mktemp("multi-corpus")
    shutil.copy(GUIDE, corpus)
    for name in MULTI_LADDER:
        shutil.copy(DATA / "ladders" / name, corpus)
    return corpus


@pytest.fixture(scope="session")
def multi_client(tmp_path_factory: pytest.TempPathFactory, spec: ModelSpec, multi_corpus: Path) -> Iterator[TestClient]:
    """The app over several ladders, indexed with the fake encoder."""
    index = fake_index(multi_corpus, tmp_path_factory.mktemp("multi") / "index", spec)
    with TestClient(create_app(load_settings(index_dir=index, corpus=multi_corpus), load=fake_loader())) as client:
        wait_ready(client)
        yield client
