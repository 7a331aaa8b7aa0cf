"""Retrieval over a loaded index: dense, keyword (BM25) and their fusion."""

from __future__ import annotations

import itertools
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Generic, Literal, TypeVar

import numpy as np

from index.bm25 import BM25
from index.fusion import weighted_fusion
from index.highlight import highlight
from index.store import LadderIndex, best_first
from index.text import (
    LevelNames,
    Lexicon,
    Query,
    Vocabulary,
    analyze_query,
    bigrams,
    default_lexicon,
    keyword_text,
    stems,
    words,
)
from ingest.embed import Encoder
from ingest.passages import SECTIONS, Passage

Mode = Literal["hybrid", "dense", "keyword"]
SCORE_ALL_LIMIT = 5_000  # passages; beyond, FAISS picks the candidates


@dataclass(frozen=True, slots=True)
class FusionParams:
    """How hybrid scores are made; tuned on tests/data/questions.jsonl (see `ladder eval --tune`)."""

    keyword_weight: float = 0.3
    level_boost: float = 0.15
    section_boost: float = 0.1
    phrase_weight: float = 0.1
    segment_weight: float = 0.5
    normalization: str = "max"  # "max": divide by the best score; "minmax": stretch to [0, 1]
    relevance_floor: float = 0.2  # a passage sharing no word with the query needs this cosine to be shown
    candidates: int = 200

    @classmethod
    @cache
    def default(cls) -> FusionParams:
        data = json.loads(resources.files("index").joinpath("data/fusion.json").read_text("utf-8"))
        return cls(**{k: v for k, v in data.items() if not k.startswith("_")})


K = TypeVar("K")
V = TypeVar("V")


class LRU(Generic[K, V]):
    """A small thread-safe least-recently-used cache: a search box sends the same prefixes again and again."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, key: K) -> bool:
        return key in self._items

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


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
    dense: float  # cosine similarity of query and passage
    keyword: float  # BM25 score
    highlight: str  # the text, HTML-escaped, with the answering words or segment in <mark>
    segment: tuple[int, int] | None  # the passage's segment closest in meaning to the query


@dataclass(frozen=True, slots=True)
class Wording:
    """What a query's words ask for, by level and section: the priors before any passage is scored."""

    bigrams: frozenset[tuple[str, str]]
    levels: np.ndarray | None  # weight of each level id the query names; None: it names none
    sections: np.ndarray | None  # [section, level id]: 1 where it asks for that section at that level


@dataclass(frozen=True, slots=True)
class AllScores:
    """A query's cosine with every passage and every segment of a small index."""

    passages: np.ndarray
    segments: np.ndarray
    best_segments: np.ndarray  # per passage: its best segment's cosine


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """A search's work that needs no query vector; `Searcher.finish` completes it."""

    query: Query
    k: int
    mode: Mode
    allowed: np.ndarray | None  # positions the filter admits; None: all
    admitted: int
    pool: int  # candidates to take from each retriever
    keyword: np.ndarray | None  # BM25 score of every passage
    keyword_top: np.ndarray  # the best keyword candidates
    wording: Wording


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    query: Query
    hits: list[SearchHit]
    query_vector: np.ndarray | None


class Searcher:
    """Answers queries against one immutable index; swap the whole Searcher to reload."""

    def __init__(
        self,
        index: LadderIndex,
        encoder: Encoder,
        *,
        lexicon: Lexicon | None = None,
        params: FusionParams | None = None,
        english_words: Iterable[str] = (),
        query_cache_size: int = 4096,
    ) -> None:
        self.index = index
        self.encoder = encoder
        self.lexicon = lexicon or default_lexicon()
        self.params = params or FusionParams.default()
        passages = index.passages
        self._level_numbers = np.array([p.level.number if p.level else -1 for p in passages])
        self._level_index = {(lv.doc, lv.number): i for i, lv in enumerate(index.levels)}
        no_level = len(self._level_index)
        self._level_ids = np.array(
            [self._level_index[(p.level.doc, p.level.number)] if p.level else no_level for p in passages],
            dtype=np.int64,
        )
        self._sections = np.array([p.section for p in passages])
        self._section_ids = np.array([SECTIONS.index(p.section) for p in passages])
        self._docs = np.array([p.source.doc for p in passages])
        texts = [keyword_text(p) for p in passages]
        names = [alias for level in index.levels for alias in level.aliases]
        self.vocabulary = Vocabulary.build([*texts, *names], self.lexicon, english_words)
        corpus_tokens = [stems(words(t), self.lexicon.stopwords) or ["_"] for t in texts]
        self.bm25 = BM25(corpus_tokens)
        self._bigrams = [bigrams(tokens) for tokens in corpus_tokens]
        self.level_names = LevelNames.build(index.levels, self.lexicon)
        self.query_vectors: LRU[str, np.ndarray] = LRU(query_cache_size)
        # A small index is scored whole with one matrix product per query (every passage, then
        # every segment), instead of asking FAISS for candidates and reconstructing their vectors;
        # its passages' shared phrases are counted from a table of where each phrase occurs.
        self._matrix: np.ndarray | None = None
        self._phrase_postings: dict[tuple[str, str], np.ndarray] | None = None
        starts = index.segment_starts
        self._segment_bounds = list(itertools.pairwise(starts.tolist()))  # each passage's rows of segment_vectors
        if len(passages) <= SCORE_ALL_LIMIT and len(passages) and bool(np.all(np.diff(starts) > 0)):
            self._matrix = np.vstack([index.vectors.reconstruct_n(0, len(passages)), index.segment_vectors])
            postings: dict[tuple[str, str], list[int]] = {}
            for position, grams in enumerate(self._bigrams):
                for gram in grams:
                    postings.setdefault(gram, []).append(position)
            self._phrase_postings = {gram: np.array(where) for gram, where in postings.items()}
        self._analyses: LRU[str, Query] = LRU(1024)

    def embed_query(self, query: Query) -> np.ndarray:
        """The query's vector (its words and what its acronyms mean), from the cache or the encoder."""
        text = query.for_encoder
        vector = self.query_vectors.get(text)
        if vector is None:
            vector = self.encoder.encode([text])[0]
            self.remember(text, vector)
        return vector

    def remember(self, text: str, vector: np.ndarray) -> None:
        vector.setflags(write=False)  # shared by every reader of the cache
        self.query_vectors.put(text, vector)

    def needs_encoding(self, text: str, mode: Mode = "hybrid") -> str | None:
        """The text the encoder must run on for this query, or None when the cache has it."""
        if mode == "keyword":
            return None
        key = self.analyze(text).for_encoder
        return None if key in self.query_vectors else key

    def analyze(self, text: str) -> Query:
        """The query's analysis; a request asks for it more than once (encode, then rank), so it is kept."""
        query = self._analyses.get(text)
        if query is None:
            query = analyze_query(text, self.lexicon, self.vocabulary, self.level_names)
            self._analyses.put(text, query)
        return query

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

    def keyword_scores(self, query: Query) -> np.ndarray:
        return self.bm25.scores(query.keyword_tokens)

    def search(
        self, text: str, k: int = 5, where: SearchFilter = SearchFilter(), mode: Mode = "hybrid"
    ) -> SearchOutcome:
        return self.finish(self.plan(text, k, where, mode))

    def plan(self, text: str, k: int = 5, where: SearchFilter = SearchFilter(), mode: Mode = "hybrid") -> SearchPlan:
        """The part of a search that needs no query vector: the service does it while the encoder runs."""
        query = self.analyze(text)
        allowed = self.allowed(where)
        n = len(self.index.passages) if allowed is None else len(allowed)
        pool = min(n, max(self.params.candidates, k))
        keyword, keyword_top = None, np.empty(0, dtype=np.int64)
        if mode != "dense" and n:
            keyword = self.keyword_scores(query)
            masked = keyword if allowed is None else np.full_like(keyword, -np.inf)
            if allowed is not None:
                masked[allowed] = keyword[allowed]
            keyword_top = best_first(masked, pool)
            keyword_top = keyword_top[masked[keyword_top] > 0]  # a passage with no query word is no candidate
        return SearchPlan(query, k, mode, allowed, n, pool, keyword, keyword_top, self._wording(query))

    def finish(self, plan: SearchPlan) -> SearchOutcome:
        """Rank the plan's candidates with the query vector (from the cache, or encoded now)."""
        query, k, mode, keyword = plan.query, plan.k, plan.mode, plan.keyword
        if plan.admitted == 0:
            return SearchOutcome(query, [], None)
        vector, every = None, None
        candidates = plan.keyword_top
        if mode != "keyword":
            vector = self.embed_query(query)
            every = self._score_all(vector)
            dense_ids = self._dense_candidates(vector, plan, every)
            if len(candidates) and not (every is not None and plan.pool >= plan.admitted):
                candidates = np.unique(np.concatenate([dense_ids, candidates]))
            else:  # no keyword candidates, or the dense ones are every admitted passage, in order
                candidates = dense_ids

        candidates = np.asarray(candidates, dtype=np.int64)
        dense_scores = self._dense_scores(vector, candidates, every)
        keyword_scores = keyword[candidates] if keyword is not None else np.zeros(len(candidates), np.float32)
        # Unrelated passages are left out, so nonsense ("zzzz", "how do I bake bread") finds nothing.
        relevant = (keyword_scores > 0) | ((dense_scores >= self.params.relevance_floor) & (mode != "keyword"))
        candidates, dense_scores, keyword_scores = (
            candidates[relevant],
            dense_scores[relevant],
            keyword_scores[relevant],
        )
        if mode == "dense":
            fused = dense_scores
        elif mode == "keyword":
            fused = keyword_scores.astype(np.float64)
        else:
            fused = weighted_fusion(
                dense_scores, keyword_scores, self.params.keyword_weight, self.params.normalization
            ) + self._priors(plan.wording, candidates)
        order = np.argsort(-fused, kind="stable")[:k]
        # A handful of hits, each number read once: as Python numbers, not numpy scalars.
        columns = zip(
            candidates[order].tolist(),
            fused[order].tolist(),
            dense_scores[order].tolist(),
            keyword_scores[order].tolist(),
            strict=True,
        )
        hits = []
        for rank, (pos, score, dense, keyword_score) in enumerate(columns, start=1):
            passage = self.index.passages[pos]
            segment = self.best_segment(vector, pos, every) if vector is not None else None
            hits.append(
                SearchHit(
                    passage=passage,
                    score=score,
                    rank=rank,
                    dense=dense,
                    keyword=keyword_score,
                    highlight=highlight(passage.text, query.keyword_tokens, self.lexicon.stopwords, segment),
                    segment=segment,
                )
            )
        return SearchOutcome(query, hits, vector)

    def _score_all(self, vector: np.ndarray) -> AllScores | None:
        """Every passage's and every segment's cosine with the query, for a small index."""
        if self._matrix is None:
            return None
        scores = self._matrix @ vector
        passages, segments = scores[: len(self.index.passages)], scores[len(self.index.passages) :]
        return AllScores(passages, segments, np.maximum.reduceat(segments, self.index.segment_starts[:-1]))

    def _dense_candidates(self, vector: np.ndarray, plan: SearchPlan, every: AllScores | None) -> np.ndarray:
        """The passages nearest the query, within the filter: `plan.pool` of them."""
        if every is None:
            return self.index.search(vector, plan.pool, plan.allowed)[1]
        pool = plan.allowed if plan.allowed is not None else np.arange(len(every.passages))
        if plan.pool >= len(pool):
            return pool
        return pool[best_first(every.passages[pool], plan.pool)]

    def _dense_scores(
        self, vector: np.ndarray | None, candidates: np.ndarray, every: AllScores | None = None
    ) -> np.ndarray:
        """Cosine of the query with each passage, mixed with its best segment's."""
        if vector is None or len(candidates) == 0:
            return np.zeros(len(candidates), dtype=np.float32)
        w = self.params.segment_weight
        if every is not None:
            return (1 - w) * every.passages[candidates] + w * every.best_segments[candidates]
        whole = self.index.vectors.reconstruct_batch(candidates) @ vector
        if not w:
            return whole
        return (1 - w) * whole + w * self.segment_scores(vector, candidates)

    def segment_scores(self, vector: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """For each passage: the cosine of its best segment with the query."""
        starts = self.index.segment_starts
        lengths = starts[positions + 1] - starts[positions]
        offsets = np.cumsum(lengths) - lengths
        rows = np.arange(lengths.sum()) - np.repeat(offsets - starts[positions], lengths)
        return np.maximum.reduceat(self.index.segment_vectors[rows] @ vector, offsets)

    def best_segment(self, vector: np.ndarray, position: int, every: AllScores | None = None) -> tuple[int, int]:
        """The span of the passage's segment closest in meaning to the query."""
        spans = self.index.spans[position]
        if len(spans) == 1:
            return spans[0]
        start, end = self._segment_bounds[position]
        scores = every.segments[start:end] if every is not None else self.index.segment_vectors[start:end] @ vector
        return spans[int(scores.argmax())]

    def _wording(self, query: Query) -> Wording:
        """What the query's words say about each level and section, before any passage is scored."""
        named, sections = None, None
        if self.level_names is not None:
            names = query.levels
            named = self._per_level(names) if names else None
            slots = len(self._level_index) + 1  # the last slot: passages without a level
            for section, levels in self.level_names.sections_asked(query.normalized).items():
                if levels is None:  # any level: those the query names, or all when it names none
                    fit = (named > 0) if named is not None else np.ones(slots, dtype=bool)
                else:
                    fit = self._per_level(levels)
                if sections is None:
                    sections = np.zeros((len(SECTIONS), slots))
                sections[SECTIONS.index(section)] += fit
        return Wording(frozenset(bigrams(query.stems)), named, sections)

    def _priors(self, wording: Wording, candidates: np.ndarray) -> np.ndarray:
        """Bonuses for naming a passage's level, asking for its section, and sharing its phrases."""
        p = self.params
        bonus = np.zeros(len(candidates))
        if wording.levels is not None or wording.sections is not None:
            level_ids = self._level_ids[candidates]
            if wording.levels is not None:
                bonus += p.level_boost * wording.levels[level_ids]
            if wording.sections is not None:
                bonus += p.section_boost * wording.sections[self._section_ids[candidates], level_ids]
        if wording.bigrams and p.phrase_weight:
            bonus += p.phrase_weight * self._shared_phrases(wording.bigrams, candidates) / len(wording.bigrams)
        return bonus

    def _shared_phrases(self, grams: frozenset[tuple[str, str]], candidates: np.ndarray) -> np.ndarray:
        """How many of the query's bigrams each candidate has."""
        if self._phrase_postings is None:
            return np.array([len(grams & self._bigrams[i]) for i in candidates], dtype=np.float64)
        shared = np.zeros(len(self.index.passages))
        for gram in grams:
            where = self._phrase_postings.get(gram)
            if where is not None:
                shared[where] += 1
        return shared[candidates]

    def _per_level(self, weights: dict[tuple[str, int], float]) -> np.ndarray:
        """A weight per level id (the last slot, for passages without a level, stays 0)."""
        out = np.zeros(len(self._level_index) + 1)
        for key, weight in weights.items():
            if key in self._level_index:
                out[self._level_index[key]] = weight
        return out
