"""The query encoder: a cache, one encode per text in flight, lone texts and batches on worker threads."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from fastapi.testclient import TestClient

from core.query_encoder import QueryEncoder
from service.app import create_app
from service.settings import Settings
from tests.conftest import fake_loader, wait_ready, wait_until
from tests.fakes import FakeEncoder


@pytest.fixture
def gated() -> tuple[QueryEncoder, FakeEncoder, FakeEncoder]:
    """One worker, a lone and a batch encoder that hold every call until their gates open."""
    lone, batch = FakeEncoder(), FakeEncoder()
    lone.gate, batch.gate = threading.Event(), threading.Event()
    queries = QueryEncoder(lone, batch, workers=1)
    yield queries, lone, batch
    lone.gate.set()
    batch.gate.set()
    queries.close(wait=True)


def test_the_same_text_in_flight_is_encoded_once_then_cached(gated) -> None:
    """Many users typing the same words at once share one encoding; then it comes from the cache."""
    queries, lone, _ = gated
    first = queries.submit("roadmap ownership")
    assert queries.submit("roadmap ownership") is first  # the same future: still on its way
    lone.gate.set()
    vector = first.result(timeout=30)
    cached = queries.submit("roadmap ownership")
    assert cached.done() and cached.result() is vector
    assert lone.calls == [["roadmap ownership"]]
    assert not vector.flags.writeable  # shared by every reader


def test_a_lone_text_gets_the_lone_encoder_and_a_queue_gets_batched(gated) -> None:
    """What waits while the worker is busy goes to the batch encoder in one call."""
    queries, lone, batch = gated
    first = queries.submit("first")
    wait_until(lambda: lone.calls == [["first"]], 30, "the worker took the first text")
    waiting = [queries.submit(f"then {i}") for i in range(4)]
    lone.gate.set()
    batch.gate.set()
    for future in (first, *waiting):
        future.result(timeout=30)
    assert lone.calls == [["first"]]
    assert batch.calls == [[f"then {i}" for i in range(4)]]
    for i, future in enumerate(waiting):
        assert np.allclose(future.result(), FakeEncoder().encode([f"then {i}"])[0])


def test_an_encoder_error_reaches_every_waiting_request() -> None:
    class Broken(FakeEncoder):
        def encode(self, texts, *, show_progress=False):  # type: ignore[no-untyped-def]
            raise RuntimeError("onnxruntime fell over")

    queries = QueryEncoder(Broken(), workers=1)
    try:
        with pytest.raises(RuntimeError, match="fell over"):
            queries.submit("x").result(timeout=30)
        assert "x" not in queries.cache
    finally:
        queries.close(wait=True)


def test_a_closed_encoder_still_answers_and_its_workers_are_gone() -> None:
    """A request that took an encoder just before a reload replaced it still gets its vector."""
    queries = QueryEncoder(FakeEncoder(), workers=2)
    queries.close(wait=True)
    assert not any(t.name.startswith("encode-") and t.is_alive() for t in queries._workers)
    assert queries.submit("after close").result(timeout=30).shape == (FakeEncoder.dim,)


def test_encode_goes_through_the_cache() -> None:
    encoder = FakeEncoder()
    queries = QueryEncoder(encoder, workers=1)
    try:
        queries.submit("cached").result(timeout=30)
        vectors = queries.encode(["cached", "new"])
        assert vectors.shape == (2, FakeEncoder.dim)
        assert encoder.calls == [["cached"], ["new"]]
    finally:
        queries.close(wait=True)


def test_nothing_is_encoded_on_the_event_loop(fake_settings: Settings) -> None:
    """Every encode of a served search runs on an encoder thread, never on the thread serving requests."""
    threads: list[str] = []

    class Recording(FakeEncoder):
        def encode(self, texts, *, show_progress=False):  # type: ignore[no-untyped-def]
            threads.append(threading.current_thread().name)
            return super().encode(texts)

    with TestClient(create_app(fake_settings, load=fake_loader(Recording()))) as client:
        wait_ready(client)
        for i in range(5):
            assert client.get("/search", params={"q": f"roadmap {i}"}).status_code == 200
        assert client.post("/ask", json={"question": "who writes the PRDs"}).status_code == 200
    assert len(threads) == 6
    assert all(name.startswith("encode-") for name in threads), threads


def test_shutdown_stops_the_encoder_threads(fake_settings: Settings) -> None:
    with TestClient(create_app(fake_settings, load=fake_loader())) as client:
        wait_ready(client)
        client.get("/search", params={"q": "roadmap"})
        workers = client.app.state.loader.engine.queries._workers
        assert all(w.is_alive() for w in workers)
    assert not any(w.is_alive() for w in workers)
