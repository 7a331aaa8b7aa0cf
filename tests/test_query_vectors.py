"""Query vectors: lexicon meanings composed as cached vectors, and encodings shared while in flight."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
import pytest

from ingest.embed import Encoder
from service.engine import Engine, load_engine
from service.settings import Settings


@pytest.fixture(scope="module")
def engine(settings: Settings) -> Engine:
    return load_engine(settings)


def test_meanings_are_added_to_the_query_vector(engine: Engine) -> None:
    """'who writes the PRDs': the query's own vector plus its meaning's, renormalised."""
    searcher = engine.searcher
    query = searcher.analyze("who writes the PRDs")
    own, meaning = engine.encoder.encode(list(query.for_encoder))
    expected = own + searcher.params.expansion_weight * meaning
    expected /= np.linalg.norm(expected)
    vector = searcher.embed_query(query)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)
    assert float(vector @ expected) == pytest.approx(1.0, abs=1e-5)
    assert float(vector @ own) < 0.99  # the meaning moved it


def test_each_meaning_is_encoded_once(engine: Engine) -> None:
    """After the warm-up, a query with an acronym costs one encode of its own words, however long the meaning."""
    searcher = engine.searcher
    searcher.warm_phrases()
    assert set(searcher.phrase_vectors) == set(searcher.lexicon.expansions.values())
    assert searcher.needs_encoding("who reviews PRDs on fridays") == ["who reviews prds on fridays"]
    assert searcher.needs_encoding("who reviews PRDs on fridays", "keyword") == []


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
    for phrase, vector in engine.searcher.phrase_vectors.items():
        gated_engine.searcher.remember(phrase, vector)
    yield gated_engine, encoder
    encoder.gate.set()
    gated_engine.batcher.close()


def test_the_same_query_in_flight_is_encoded_once(gated: tuple[Engine, GatedEncoder]) -> None:
    """Many users typing the same words at once share one encoding; then it is cached."""
    engine, encoder = gated
    first = engine.start_encoding("roadmap ownership")
    again = engine.start_encoding("roadmap ownership")
    assert len(first) == 1 and again == first  # the same future: still on its way
    encoder.gate.set()
    first[0].result(timeout=60)
    assert engine.start_encoding("roadmap ownership") == []  # cached when the future finished
    assert encoder.texts == ["roadmap ownership"]
    assert [h.passage.id for h in engine.search("roadmap ownership", 3)]  # ranks from the cached vector


@pytest.mark.parametrize(
    ("query_string", "starts"),
    [
        (b"q=who+writes+the+specs&k=3", True),
        (b"q=who%20writes%20the%20specs&mode=dense", True),
        (b"q=who+writes+the+specs&mode=keyword", False),  # no vector needed
        (b"q=a&q=b", False),  # the route refuses it or picks one: leave it to the route
        (b"k=3", False),
        (b"q=", False),
        (b"q=" + b"x" * 1001, False),  # over the length limit: the route answers 422
        (b"q=%ff%fe", True),  # not UTF-8: decoded with replacement, harmless
    ],
)
def test_prefetch_reads_the_raw_query_string(
    gated: tuple[Engine, GatedEncoder], query_string: bytes, starts: bool
) -> None:
    """GET /search starts encoding from the raw query string, before routing; anything odd is left to the route."""
    engine, encoder = gated
    engine.prefetch(query_string)
    assert bool(engine._inflight) is starts
    encoder.gate.set()
