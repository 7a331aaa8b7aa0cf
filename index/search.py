"""Retrieval over a loaded index: filters, dense search, and the hits it returns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from index.store import LadderIndex
from ingest.embed import Encoder
from ingest.passages import Passage


@dataclass(frozen=True, slots=True)
class SearchFilter:
    """Which passages a search may return; None means any."""

    levels: frozenset[int] | None = None
    sections: frozenset[str] | None = None
    docs: frozenset[str] | None = None

    @classmethod
    def of(
        cls,
        levels: Iterable[int] | None = None,
        sections: Iterable[str] | None = None,
        docs: Iterable[str] | None = None,
    ) -> SearchFilter:
        def norm(values):  # type: ignore[no-untyped-def]
            values = frozenset(values or ())
            return values or None

        return cls(norm(levels), norm(sections), norm(docs))

    @property
    def is_empty(self) -> bool:
        return self.levels is None and self.sections is None and self.docs is None


@dataclass(frozen=True, slots=True)
class SearchHit:
    passage: Passage
    score: float
    rank: int


class Searcher:
    """Answers queries against one immutable index; swap the whole Searcher to reload."""

    def __init__(self, index: LadderIndex, encoder: Encoder) -> None:
        self.index = index
        self.encoder = encoder
        passages = index.passages
        self._level_numbers = np.array([p.level.number if p.level else -1 for p in passages])
        self._sections = np.array([p.section for p in passages])
        self._docs = np.array([p.source.doc for p in passages])

    def allowed(self, where: SearchFilter) -> np.ndarray | None:
        """Positions of the passages the filter admits, or None when it admits all."""
        if where.is_empty:
            return None
        mask = np.ones(len(self.index.passages), dtype=bool)
        if where.levels is not None:
            mask &= np.isin(self._level_numbers, list(where.levels))
        if where.sections is not None:
            mask &= np.isin(self._sections, list(where.sections))
        if where.docs is not None:
            mask &= np.isin(self._docs, list(where.docs))
        return np.flatnonzero(mask)

    def search(self, query: str, k: int = 5, where: SearchFilter = SearchFilter()) -> list[SearchHit]:
        vector = self.encoder.encode([query])[0]
        scores, positions = self.index.search(vector, k, self.allowed(where))
        return [
            SearchHit(passage=self.index.passages[pos], score=float(score), rank=rank)
            for rank, (score, pos) in enumerate(zip(scores, positions, strict=True), start=1)
        ]
