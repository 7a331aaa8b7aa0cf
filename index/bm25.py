"""Okapi BM25 over pre-tokenised passages, as Lucene scores it.

Each term keeps the passages it occurs in and its score in each, computed
at load, so a query costs one scatter-add per query term. A few dozen lines
of numpy instead of a library that brings scipy into the service's start.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np


class BM25:
    """score(q, d) = sum over q's terms t of idf(t) * tf / (tf + k1 * (1 - b + b * |d| / avgdl)),
    idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)); a term repeated in the query counts each time."""

    def __init__(self, documents: Sequence[Sequence[str]], *, k1: float = 1.5, b: float = 0.75) -> None:
        self.count = len(documents)
        lengths = np.array([len(d) for d in documents], dtype=np.float32)
        norm = k1 * (1 - b + b * lengths / max(float(lengths.mean()) if len(lengths) else 0.0, 1e-9))
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for position, document in enumerate(documents):
            for term, tf in Counter(document).items():
                ids, tfs = postings.setdefault(term, ([], []))
                ids.append(position)
                tfs.append(tf)
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, (ids, tfs) in postings.items():
            positions = np.array(ids, dtype=np.int64)
            tf = np.array(tfs, dtype=np.float32)
            idf = np.log(1 + (self.count - len(ids) + 0.5) / (len(ids) + 0.5))
            self.postings[term] = (positions, (idf * tf / (tf + norm[positions])).astype(np.float32))

    @property
    def vocabulary(self) -> Iterable[str]:
        return self.postings.keys()

    def scores(self, terms: Iterable[str]) -> np.ndarray:
        """Every passage's score for the query terms (unknown terms score nothing)."""
        out = np.zeros(self.count, dtype=np.float32)
        for term in terms:
            found = self.postings.get(term)
            if found is not None:
                out[found[0]] += found[1]  # a term lists each passage once
        return out

    def contains(self, term: str, positions: np.ndarray) -> np.ndarray:
        """Which of the passages at `positions` have the term."""
        found = self.postings.get(term)
        if found is None or not len(found[0]):
            return np.zeros(len(positions), dtype=bool)
        listed = found[0]  # ascending, as the passages were read
        at = np.minimum(np.searchsorted(listed, positions), len(listed) - 1)
        return listed[at] == positions
