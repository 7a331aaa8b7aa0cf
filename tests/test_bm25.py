"""BM25 as Lucene scores it, checked against the formula by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from index.bm25 import BM25

DOCS = [["roadmap", "owner"], ["roadmap", "roadmap", "strategy", "vision"], ["hiring"]]


def expected(term_freq: int, length: int, doc_freq: int, k1: float = 1.5, b: float = 0.75) -> float:
    avgdl = sum(len(d) for d in DOCS) / len(DOCS)
    idf = math.log(1 + (len(DOCS) - doc_freq + 0.5) / (doc_freq + 0.5))
    return idf * term_freq / (term_freq + k1 * (1 - b + b * length / avgdl))


def test_scores_follow_the_formula() -> None:
    scores = BM25(DOCS).scores(["roadmap"])
    assert scores.tolist() == pytest.approx([expected(1, 2, 2), expected(2, 4, 2), 0.0], rel=1e-6)


def test_terms_add_up_and_repeats_count_again() -> None:
    bm25 = BM25(DOCS)
    both = bm25.scores(["roadmap", "hiring"])
    assert both == pytest.approx(bm25.scores(["roadmap"]) + bm25.scores(["hiring"]))
    assert bm25.scores(["roadmap", "roadmap"]) == pytest.approx(2 * bm25.scores(["roadmap"]))


def test_unknown_terms_and_empty_queries_score_nothing() -> None:
    bm25 = BM25(DOCS)
    assert not np.any(bm25.scores(["zzz"]))
    assert not np.any(bm25.scores([]))
    assert set(bm25.vocabulary) == {"roadmap", "owner", "strategy", "vision", "hiring"}


def test_contains_says_which_passages_have_a_term() -> None:
    bm25 = BM25(DOCS)
    having = [i for i, doc in enumerate(DOCS) if "roadmap" in doc]
    positions = np.arange(len(DOCS), dtype=np.int64)[::-1]
    assert bm25.contains("roadmap", positions).tolist() == [int(p) in having for p in positions]
    assert not bm25.contains("zzz", positions).any()
    assert bm25.contains("roadmap", np.empty(0, dtype=np.int64)).shape == (0,)
