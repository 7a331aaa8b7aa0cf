"""Dense retrieval: the exact matrix and FAISS agree; an inverted file measures its own recall."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from core.model import Mode
from index.dense import (
    EXACT_LIMIT,
    FLAT_LIMIT,
    TARGET_RECALL,
    ExactIndex,
    FaissIndex,
    best_first,
    build_vectors,
    choose_probes,
)
from index.search import Searcher, SearchFilter
from index.store import load_index
from tests.fakes import FakeEncoder


def clustered(n: int, dim: int = 32, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """Vectors around 300 centres (as passages cluster by topic), and 40 queries near them."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(300, dim))

    def around(count: int) -> np.ndarray:
        points = centers[rng.integers(0, 300, count)] + rng.normal(0, 0.35, (count, dim))
        return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)

    return around(n), around(40)


def test_best_first_orders_the_top_scores() -> None:
    """The k best positions, highest first, equal scores in position order; few scores are all sorted."""
    scores = np.array([0.1, 0.9, 0.5, 0.9, 0.3, 0.7], dtype=np.float32)
    assert best_first(scores, 3).tolist() == [1, 3, 5]
    assert best_first(scores, 10).tolist() == [1, 3, 5, 2, 4, 0]
    assert best_first(scores, 6).tolist() == [1, 3, 5, 2, 4, 0]


def test_the_kind_follows_the_size() -> None:
    assert EXACT_LIMIT < FLAT_LIMIT
    assert build_vectors(clustered(100)[0]).kind == "flat"
    with pytest.raises(ValueError, match="unknown index kind"):
        build_vectors(clustered(100)[0], "hnsw")


def test_an_inverted_file_picks_the_fewest_probes_that_reach_the_target() -> None:
    """Its build measures recall@10 on its own vectors and keeps the fewest probes that reach 0.95."""
    vectors, queries = clustered(30_000)
    built = build_vectors(vectors)
    assert built.kind == "ivf" and isinstance(built.index, faiss.IndexIVFFlat)
    assert built.recall_at_10 >= TARGET_RECALL and built.index.nprobe == built.nprobe < built.index.nlist
    nprobe, _, measured = choose_probes(built.index, vectors, np.random.default_rng(1))
    assert measured[nprobe] >= TARGET_RECALL
    assert nprobe == 1 or measured[nprobe - 1] < TARGET_RECALL  # one probe fewer falls short

    dense = FaissIndex(built.index, None)  # type: ignore[arg-type]

    def recall(allowed: np.ndarray | None) -> float:
        pool = np.arange(len(vectors)) if allowed is None else allowed
        found = 0
        for q in queries:
            truth = pool[np.argsort(-(vectors[pool] @ q))[:10]]
            ids = dense.query(q).nearest(10, allowed)
            assert allowed is None or set(ids.tolist()) <= set(allowed.tolist())
            found += len(set(ids.tolist()) & set(truth.tolist()))
        return found / (10 * len(queries))

    assert recall(None) >= 0.9  # new queries, not the vectors it measured on
    small = np.flatnonzero(np.arange(len(vectors)) % 3 == 0)  # scored exactly
    large = np.flatnonzero(np.arange(len(vectors)) % 7 != 0)  # more lists visited
    assert len(small) <= FLAT_LIMIT < len(large)
    assert recall(small) == 1.0
    assert recall(large) >= 0.9


def test_exact_and_faiss_rank_a_search_alike(fake_index_dir) -> None:
    """A small index is scored whole; a large one through FAISS: the same hits either way."""
    index = load_index(fake_index_dir)
    assert isinstance(index.dense, ExactIndex)
    exact = Searcher(index, FakeEncoder())
    large = load_index(fake_index_dir)
    large.dense = FaissIndex(large.vectors, large.segments)
    through_faiss = Searcher(large, FakeEncoder())
    queries = ["who writes the PRDs", "at what level do I first manage people?", "org design", "zzzz"]
    for where in (SearchFilter(), SearchFilter.of(levels=[3, 4])):
        for mode in Mode:
            for query in queries:
                a, b = exact.search(query, 5, where, mode), through_faiss.search(query, 5, where, mode)
                assert [(h.passage.id, h.segment, h.highlight) for h in a] == [
                    (h.passage.id, h.segment, h.highlight) for h in b
                ]
                assert [h.score for h in a] == pytest.approx([h.score for h in b], abs=1e-5)


def test_a_small_candidate_pool_keeps_the_best_keyword_hits(fake_index_dir) -> None:
    """With fewer candidates than passages (a large index), the keyword side still finds its best ones."""
    from dataclasses import replace

    index = load_index(fake_index_dir)
    wide = Searcher(index, FakeEncoder())
    narrow = Searcher(index, FakeEncoder(), params=replace(wide.params, candidates=5))
    for query in ("roadmap ownership", "stakeholder management", "hiring product managers"):
        wide_hits = wide.search(query, 5, mode=Mode.KEYWORD)
        narrow_hits = narrow.search(query, 5, mode=Mode.KEYWORD)
        # The best ones, in the same order (a narrow pool may hold fewer that share a typed word).
        assert narrow_hits and narrow_hits[0].passage.id == wide_hits[0].passage.id
        assert [h.keyword for h in narrow_hits] == pytest.approx([h.keyword for h in wide_hits][: len(narrow_hits)])


@pytest.mark.parametrize("weight", [0.0, 0.7])
def test_many_queries_at_once_score_as_one_at_a_time(fake_index_dir, weight: float) -> None:
    """Candidates gathered once score many queries as `similarity` scores each, exact or FAISS."""
    index = load_index(fake_index_dir)
    rng = np.random.default_rng(3)
    queries = rng.normal(size=(5, index.vectors.d)).astype(np.float32)
    positions = np.array([4, 0, 2, 2, len(index.passages) - 1])
    for dense in (index.dense, FaissIndex(index.vectors, index.segments)):
        together = dense.candidates(positions).similarities(queries, weight)
        assert together.shape == (5, len(positions))
        for row, query in zip(together, queries, strict=True):
            assert row == pytest.approx(dense.query(query).similarity(positions, weight), abs=1e-5)
        assert dense.candidates(positions[:0]).similarities(queries, weight).shape == (5, 0)
