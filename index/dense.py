"""Dense retrieval: a query's cosine with every passage and with each passage's sentences and clauses.

Two implementations behind one interface, chosen when the index loads: a
small index is scored whole with one matrix product per query; a large one
asks FAISS for the nearest passages (exact up to FLAT_LIMIT, an inverted
file beyond, probed as deeply as its build measured it needs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import faiss
import numpy as np

EXACT_LIMIT = 5_000  # passages scored whole per query
FLAT_LIMIT = 20_000  # FAISS's exact search up to here, an inverted file beyond
TARGET_RECALL = 0.95  # recall@10 the inverted file's probes must reach
RECALL_SAMPLE = 1_000  # vectors the build measures recall on
IVF_TRAINING_PER_LIST = 64  # k-means trains on up to this many vectors per list


def best_first(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the `k` highest scores, highest first; equal scores in position order."""
    if len(scores) <= k:
        return np.argsort(-scores, kind="stable")
    top = np.sort(np.argpartition(-scores, k - 1)[:k])
    return top[np.argsort(-scores[top], kind="stable")]


@dataclass(frozen=True, slots=True)
class Segments:
    """Every passage's segments' vectors: rows `starts[i]:starts[i + 1]` belong to passage i."""

    vectors: np.ndarray
    starts: np.ndarray

    def best(self, vector: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """For each passage: the cosine of its best segment with the query."""
        vectors, offsets = self.gather(positions)
        return np.maximum.reduceat(vectors @ vector, offsets)

    def gather(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The passages' segments' vectors, one after another, and where each passage's begin among them."""
        lengths = self.starts[positions + 1] - self.starts[positions]
        offsets = np.cumsum(lengths) - lengths
        rows = np.arange(lengths.sum()) - np.repeat(offsets - self.starts[positions], lengths)
        return self.vectors[rows], offsets

    def of(self, vector: np.ndarray, position: int) -> np.ndarray:
        """The cosine of each of one passage's segments with the query."""
        return self.vectors[self.starts[position] : self.starts[position + 1]] @ vector


class DenseQuery(Protocol):
    """One query vector against one index."""

    def nearest(self, k: int, allowed: np.ndarray | None) -> np.ndarray:
        """Positions of the `k` passages nearest the query, within `allowed` positions (None: all)."""

    def similarity(self, positions: np.ndarray, segment_weight: float) -> np.ndarray:
        """Each passage's cosine, mixed with its best segment's by `segment_weight`."""

    def best_segment(self, position: int) -> int:
        """Which of the passage's segments is closest to the query."""


class DenseIndex(Protocol):
    def query(self, vector: np.ndarray) -> DenseQuery: ...

    def candidates(self, positions: np.ndarray) -> Candidates:
        """Some passages gathered once, to score many queries against them."""


@dataclass(frozen=True, slots=True)
class Candidates:
    """Some passages' vectors and their segments', as `DenseQuery.similarity` scores them, for many queries."""

    passages: np.ndarray
    segments: np.ndarray
    offsets: np.ndarray  # where each passage's segments begin

    @classmethod
    def of(cls, passages: np.ndarray, segments: Segments, positions: np.ndarray) -> Candidates:
        return cls(passages, *segments.gather(positions))

    def similarities(self, queries: np.ndarray, segment_weight: float) -> np.ndarray:
        """[query, passage]: each passage's cosine, mixed with its best segment's by `segment_weight`."""
        whole = queries @ self.passages.T
        if not segment_weight or not len(self.passages):
            return whole
        best = np.maximum.reduceat(queries @ self.segments.T, self.offsets, axis=-1)  # along rows: contiguous
        whole *= 1 - segment_weight
        best *= segment_weight
        return whole + best


class ExactIndex:
    """Every passage and segment scored by one matrix product per query."""

    def __init__(self, vectors: np.ndarray, segments: Segments) -> None:
        self.count = len(vectors)
        self.starts = segments.starts
        self.matrix = np.vstack([vectors, segments.vectors])
        self.segments = Segments(self.matrix[self.count :], segments.starts)  # a view of the matrix

    def query(self, vector: np.ndarray) -> ExactQuery:
        scores = self.matrix @ vector
        passages, segments = scores[: self.count], scores[self.count :]
        best = np.maximum.reduceat(segments, self.starts[:-1]) if self.count else segments
        return ExactQuery(passages, segments, best, self.starts)

    def candidates(self, positions: np.ndarray) -> Candidates:
        return Candidates.of(self.matrix[positions], self.segments, positions)


@dataclass(frozen=True, slots=True)
class ExactQuery:
    passages: np.ndarray
    segments: np.ndarray
    best_segments: np.ndarray
    starts: np.ndarray

    def nearest(self, k: int, allowed: np.ndarray | None) -> np.ndarray:
        pool = allowed if allowed is not None else np.arange(len(self.passages))
        if k >= len(pool):
            return pool
        return pool[best_first(self.passages[pool], k)]

    def similarity(self, positions: np.ndarray, segment_weight: float) -> np.ndarray:
        w = segment_weight
        return (1 - w) * self.passages[positions] + w * self.best_segments[positions]

    def best_segment(self, position: int) -> int:
        return int(self.segments[self.starts[position] : self.starts[position + 1]].argmax())


class FaissIndex:
    """FAISS picks the nearest passages; their vectors are read back to score them."""

    def __init__(self, index: faiss.Index, segments: Segments) -> None:
        self.index = index
        self.segments = segments

    def query(self, vector: np.ndarray) -> FaissQuery:
        return FaissQuery(self.index, self.segments, vector)

    def candidates(self, positions: np.ndarray) -> Candidates:
        passages = self.index.reconstruct_batch(positions) if len(positions) else np.zeros((0, self.index.d))
        return Candidates.of(passages.astype(np.float32, copy=False), self.segments, positions)


@dataclass(frozen=True, slots=True)
class FaissQuery:
    index: faiss.Index
    segments: Segments
    vector: np.ndarray

    def nearest(self, k: int, allowed: np.ndarray | None) -> np.ndarray:
        query = np.ascontiguousarray(self.vector.reshape(1, -1), dtype=np.float32)
        params = None
        if allowed is not None:
            if len(allowed) == 0:
                return np.empty(0, np.int64)
            k = min(k, len(allowed))
            if isinstance(self.index, faiss.IndexIVF):
                if len(allowed) <= FLAT_LIMIT:  # few enough to score every one exactly
                    scores = self.index.reconstruct_batch(allowed) @ query[0]
                    return allowed[best_first(scores, k)]
                # The filter admits a fraction of each list: visit proportionally more lists.
                widen = -(-self.index.ntotal // len(allowed))
                nprobe = min(self.index.nlist, self.index.nprobe * widen)
                params = faiss.SearchParametersIVF(sel=faiss.IDSelectorBatch(allowed), nprobe=nprobe)
            else:
                params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed.astype(np.int64)))
        _, ids = self.index.search(query, min(k, self.index.ntotal), params=params)
        return ids[0][ids[0] >= 0]

    def similarity(self, positions: np.ndarray, segment_weight: float) -> np.ndarray:
        if len(positions) == 0:
            return np.zeros(0, dtype=np.float32)
        whole = self.index.reconstruct_batch(positions) @ self.vector
        if not segment_weight:
            return whole
        return (1 - segment_weight) * whole + segment_weight * self.segments.best(self.vector, positions)

    def best_segment(self, position: int) -> int:
        return int(self.segments.of(self.vector, position).argmax())


def dense_index(index: faiss.Index, segments: Segments) -> DenseIndex:
    """The exact matrix for a small index, FAISS for a large one."""
    if index.ntotal <= EXACT_LIMIT:
        return ExactIndex(index.reconstruct_n(0, index.ntotal), segments)
    return FaissIndex(index, segments)


@dataclass(frozen=True, slots=True)
class BuiltVectors:
    """A FAISS index, and for an inverted file the probes its build chose and the recall they reached."""

    index: faiss.Index
    kind: str  # "flat" | "ivf"
    nprobe: int | None = None
    recall_at_10: float | None = None


def build_vectors(vectors: np.ndarray, kind: str | None = None) -> BuiltVectors:
    """Inner product on normalised vectors: exact (flat) up to FLAT_LIMIT, an inverted file (IVF) beyond.

    IVF: k-means lists over the vectors (trained on a seeded sample), searched
    exactly within the lists nearest the query; the build measures recall on
    a sample of its own vectors and keeps the fewest probes that reach
    TARGET_RECALL.
    """
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    kind = kind or ("flat" if len(vectors) <= FLAT_LIMIT else "ivf")
    dim = vectors.shape[1]
    if kind == "flat":
        flat = faiss.IndexFlatIP(dim)
        flat.add(vectors)
        return BuiltVectors(flat, "flat")
    if kind != "ivf":
        raise ValueError(f"unknown index kind {kind!r}")
    lists = ivf_lists(len(vectors))
    ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(0)
    sample = min(len(vectors), IVF_TRAINING_PER_LIST * lists)
    ivf.train(vectors[np.sort(rng.choice(len(vectors), sample, replace=False))])
    ivf.add(vectors)
    ivf.make_direct_map()  # passages' vectors by position, to score candidates
    nprobe, recall, _ = choose_probes(ivf, vectors, rng)
    ivf.nprobe = nprobe
    return BuiltVectors(ivf, "ivf", nprobe, recall)


def ivf_lists(count: int) -> int:
    """About 4 * sqrt(n) lists, with at least 39 training vectors each (faiss's minimum)."""
    return max(1, min(int(4 * count**0.5), count // 39))


def choose_probes(
    ivf: faiss.IndexIVF, vectors: np.ndarray, rng: np.random.Generator
) -> tuple[int, float, dict[int, float]]:
    """The fewest probes whose recall@10 reaches TARGET_RECALL (or every list), that recall, and every
    recall measured on the way (by probes).

    Each sampled vector is a query with itself left out of both its exact
    and its approximate neighbours, as if it were not in the index.
    """
    rows = np.sort(rng.choice(len(vectors), min(RECALL_SAMPLE, len(vectors)), replace=False))
    queries = vectors[rows]
    _, exact = faiss.knn(queries, vectors, 11, metric=faiss.METRIC_INNER_PRODUCT)
    truth = [set(ids[ids != row][:10].tolist()) for ids, row in zip(exact, rows, strict=True)]
    measured: dict[int, float] = {}

    def recall(nprobe: int) -> float:
        if nprobe not in measured:
            ivf.nprobe = nprobe
            _, found = ivf.search(queries, 11)
            hits = [
                len(t & set(ids[ids != row][:10].tolist())) / len(t)
                for ids, row, t in zip(found, rows, truth, strict=True)
            ]
            measured[nprobe] = float(np.mean(hits))
        return measured[nprobe]

    low, high = 0, 1  # recall(low) < target (0 probes find nothing); find the first high that reaches it
    while recall(high) < TARGET_RECALL and high < ivf.nlist:
        low, high = high, min(ivf.nlist, high * 2)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if recall(middle) >= TARGET_RECALL else (middle, high)
    return high, round(recall(high), 4), measured
