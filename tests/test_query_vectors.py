"""Query vectors and the GET /search fast path: what is encoded, shared while in flight, and answered early."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from fastapi.testclient import TestClient

from ingest.embed import Encoder
from ingest.onnx import OnnxEncoder
from service.app import create_app, search_params
from service.engine import Engine, load_engine, solo_threads
from service.ops import Activity
from service.settings import Settings
from tests.conftest import wait_ready


@pytest.fixture(scope="module")
def engine(settings: Settings) -> Engine:
    return load_engine(settings)


def test_the_encoder_reads_the_query_with_what_its_acronyms_mean(engine: Engine) -> None:
    """One text per query: its words, with the lexicon's meanings in place of its acronyms; cached once encoded."""
    searcher = engine.searcher
    meaning = searcher.lexicon.expansions["prds"]
    assert searcher.needs_encoding("who writes the PRDs") == f"who writes the {meaning}"
    assert searcher.needs_encoding("who writes the PRDs", "keyword") is None
    searcher.search("who writes the PRDs", 3)
    assert searcher.needs_encoding("who writes the PRDs") is None


class GatedEncoder:
    """The real encoder, held until the test opens the gate, counting the texts it encodes."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.gate = threading.Event()
        self.texts: list[str] = []

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        self.gate.wait(timeout=60)
        self.texts += texts
        return self.encoder.encode(texts)


@pytest.fixture
def gated(engine: Engine) -> tuple[Engine, GatedEncoder]:
    encoder = GatedEncoder(engine.encoder)
    gated_engine = Engine(index=engine.index, encoder=encoder)
    yield gated_engine, encoder
    encoder.gate.set()
    gated_engine.batcher.close()


def test_the_same_query_in_flight_is_encoded_once(gated: tuple[Engine, GatedEncoder]) -> None:
    """Many users typing the same words at once share one encoding; then it is cached."""
    engine, encoder = gated
    first = engine.start_encoding("roadmap ownership")
    again = engine.start_encoding("roadmap ownership")
    assert first is not None and again is first  # the same future: still on its way
    # result() can return before the future's callbacks run; callbacks run in the order they
    # were added, so this one runs after the engine's own has cached the vector
    settled = threading.Event()
    first.add_done_callback(lambda _: settled.set())
    encoder.gate.set()
    assert settled.wait(timeout=60)
    assert engine.start_encoding("roadmap ownership") is None  # cached when the future finished
    assert encoder.texts == ["roadmap ownership"]
    assert [h.passage.id for h in engine.search("roadmap ownership", 3)]  # ranks from the cached vector


@pytest.mark.parametrize(
    ("query_string", "parsed"),
    [
        (b"q=who+writes+the+specs&k=3", {"q": "who writes the specs", "k": 3}),
        (b"q=who%20writes&mode=dense&level=2&level=3", {"q": "who writes", "mode": "dense", "level": [2, 3]}),
        (b"q=x&section=skills&doc=pm-career-path.txt&ignored=1", {"section": ["skills"], "doc": "pm-career-path.txt"}),
        (b"q=a&q=b", None),  # which one? the route decides
        (b"k=3", None),
        (b"q=", None),
        (b"q=x&k=0", None),
        (b"q=x&mode=fast", None),
        (b"q=" + b"x" * 1001, None),
    ],
)
def test_the_fast_path_reads_only_plainly_valid_query_strings(query_string: bytes, parsed: dict | None) -> None:
    """GET /search is answered before routing only when SearchParams accepts it; the rest go to the route."""
    params = search_params(query_string)
    if parsed is None:
        assert params is None
    else:
        assert params is not None
        assert {name: getattr(params, name) for name in parsed} == parsed


@pytest.mark.parametrize(
    "query_string",
    [
        "q=who+writes+the+PRDs",
        "q=roadmap&k=2&mode=keyword",
        "q=people+management&level=3&level=4&section=responsibility",
        "q=strategy&doc=pm-career-path.txt&mode=dense",
    ],
)
def test_the_fast_path_answers_as_the_route_does(client: TestClient, query_string: str) -> None:
    """The same results through the fast path (GET) and the route (POST, same parameters)."""
    got = client.get(f"/search?{query_string}")
    params = search_params(query_string.encode())
    assert got.status_code == 200 and params is not None
    body = {
        "query": params.q,
        "k": params.k,
        "mode": params.mode,
        "levels": params.level or [],
        "sections": params.section or [],
        "doc": params.doc,
    }
    posted = client.post("/search", json=body)
    assert posted.status_code == 200
    assert [r["id"] for r in got.json()["results"]] == [r["id"] for r in posted.json()["results"]]
    assert got.json()["results"] == posted.json()["results"]


def test_small_and_large_index_paths_rank_alike(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A small index is scored whole; a large one through FAISS candidates: the same hits either way."""
    import index.search as search_module

    monkeypatch.setattr(search_module, "SCORE_ALL_LIMIT", 0)
    large = search_module.Searcher(engine.index, engine.encoder, english_words=engine.english_words)
    assert large._matrix is None and engine.searcher._matrix is not None
    queries = ["who writes the PRDs", "at what level do I first manage people?", "org design", "zzzz"]
    for where in (search_module.SearchFilter(), search_module.SearchFilter.of(levels=[3, 4])):
        for query in queries:
            small_hits = engine.searcher.search(query, 5, where).hits
            large_hits = large.search(query, 5, where).hits
            assert [(h.passage.id, h.segment) for h in small_hits] == [(h.passage.id, h.segment) for h in large_hits]
            assert [h.score for h in small_hits] == pytest.approx([h.score for h in large_hits], abs=1e-5)


def test_a_small_candidate_pool_keeps_the_best_keyword_hits(engine: Engine) -> None:
    """With fewer candidates than passages (a large index), the keyword side still finds its best ones."""
    from dataclasses import replace

    import index.search as search_module

    narrow = search_module.Searcher(
        engine.index,
        engine.encoder,
        english_words=engine.english_words,
        params=replace(engine.searcher.params, candidates=5),
    )
    for query in ("roadmap ownership", "stakeholder management", "hiring product managers"):
        wide_hits = engine.searcher.search(query, 5, mode="keyword").hits
        narrow_hits = narrow.search(query, 5, mode="keyword").hits
        # The same scores in the same order; passages tied at the cut may differ.
        assert [h.keyword for h in narrow_hits] == pytest.approx([h.keyword for h in wide_hits])
        assert narrow_hits[0].passage.id == wide_hits[0].passage.id


MULTICORE = pytest.mark.skipif(solo_threads() < 2, reason="a lone query gets a session of its own only on 2+ cores")


def test_a_lone_query_gets_the_cores_this_process_may_use_up_to_four(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    for cores, threads in (({0}, 1), ({0, 1}, 2), (set(range(16)), 4)):
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid, cores=cores: cores)
        assert solo_threads() == threads
        assert (load_engine(settings).make_solo is None) == (threads == 1)  # one core: the batch encoder


@MULTICORE
def test_a_quiet_service_encodes_on_its_own_thread_and_ranks_alike(engine: Engine) -> None:
    """`encode_here`: the caller's thread encodes with the solo encoder; the hits are the encoder threads'."""
    quiet = Engine(
        index=engine.index, encoder=engine.encoder, english_words=engine.english_words, make_solo=engine.make_solo
    )
    quiet.add_solo_encoder()
    assert isinstance(quiet.solo, OnnxEncoder) and quiet.solo is not engine.encoder
    assert quiet.solo.session.get_session_options().intra_op_num_threads == solo_threads()
    assert engine.encoder.session.get_session_options().intra_op_num_threads == 1
    busy = Engine(index=engine.index, encoder=engine.encoder, english_words=engine.english_words)
    queries = ["who writes the PRDs", "at what level do I first manage people?", "org design", "zzzz"]
    try:
        for query in queries:
            here = asyncio.run(quiet.search_async(query, 5, encode_here=True))
            queued = asyncio.run(busy.search_async(query, 5))
            assert [(h.passage.id, h.highlight, h.segment) for h in here] == [
                (h.passage.id, h.highlight, h.segment) for h in queued
            ]
            assert [h.score for h in here] == pytest.approx([h.score for h in queued], abs=1e-6)
        assert quiet.encoded_here == len(queries) and "batcher" not in quiet.__dict__
        assert busy.encoded_here == 0
    finally:
        quiet.close()
        busy.close()


def test_overlapping_requests_make_the_service_busy_for_a_while() -> None:
    now = [100.0]
    activity = Activity(busy_seconds=1.0, clock=lambda: now[0])
    activity.in_flight = 1
    assert activity.quiet()
    activity.in_flight = 2
    assert not activity.quiet()
    activity.in_flight = 1
    now[0] += 0.5
    assert not activity.quiet()  # still within a second of the overlap
    now[0] += 0.6
    assert activity.quiet()


@MULTICORE
def test_concurrent_requests_go_to_the_encoder_threads(settings: Settings) -> None:
    """A lone request is encoded on the event loop's thread; requests that overlap, on the encoder threads."""
    with TestClient(create_app(settings)) as client:
        wait_ready(client)
        engine = client.app.state.loader.engine
        for i in range(3):
            assert client.get("/search", params={"q": f"roadmap ownership {i}"}).status_code == 200
        assert engine.encoded_here == 3 and "batcher" not in engine.__dict__
        for _ in range(600):  # the solo encoder is built on a thread of its own once the engine serves
            if engine.solo is not None:
                break
            time.sleep(0.1)
        assert isinstance(engine.solo, OnnxEncoder) and engine.solo is not engine.encoder
        solo, solo_calls = engine.solo, []

        class Counted:
            def encode(self, texts: Sequence[str], **kwargs: object) -> np.ndarray:
                solo_calls.append(list(texts))
                return solo.encode(texts)

        engine.solo = Counted()
        assert client.get("/search", params={"q": "roadmap ownership, alone"}).status_code == 200
        assert engine.encoded_here == 4 and len(solo_calls) == 1
        with ThreadPoolExecutor(8) as pool:
            responses = list(pool.map(lambda i: client.get("/search", params={"q": f"stakeholders {i}"}), range(24)))
        assert all(r.status_code == 200 for r in responses)
        assert "batcher" in engine.__dict__  # the loop did not encode them all itself
        assert engine.encoded_here < 4 + 24


def test_shutdown_waits_for_the_encoder_threads(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """onnxruntime aborts a process that exits while one of its calls runs (exit code 134), so
    shutdown waits for the lone-query encoder's build and for the batch workers."""
    add_solo = Engine.add_solo_encoder

    def slow_add_solo(self: Engine) -> None:
        time.sleep(3.0)  # still building when the client leaves
        add_solo(self)

    monkeypatch.setattr(Engine, "add_solo_encoder", slow_add_solo)
    with TestClient(create_app(settings)) as client:
        wait_ready(client)
        loader = client.app.state.loader
        engine = loader.engine
        engine.start_encoding("roadmap ownership, at shutdown")  # the batch workers are running
        threads = [*loader._solo_builders, *engine.batcher._threads]
        assert threads and all(t.is_alive() for t in threads)
    assert not [t.name for t in threads if t.is_alive()]
    assert engine.closed and (engine.solo is not None) == (solo_threads() > 1)


def test_an_engine_swapped_out_by_a_reload_still_answers(engine: Engine) -> None:
    """A request that took the engine just before a reload closed it gets its answer, not a hang."""
    old = Engine(index=engine.index, encoder=engine.encoder, english_words=engine.english_words)
    old.start_encoding("warm the threads")  # the batcher's threads are running, then stopped
    old.close()
    for query, encode_here in (("roadmap ownership", True), ("stakeholder management", False)):
        hits = asyncio.run(asyncio.wait_for(old.search_async(query, 3, encode_here=encode_here), 60))
        assert [h.passage.id for h in hits] == [h.passage.id for h in engine.search(query, 3)]
