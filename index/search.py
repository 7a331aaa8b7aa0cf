"""Retrieval over a loaded index: dense, keyword (BM25) and their fusion."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from core.encoder import Encoder
from core.model import Mode, Passage, Section
from index.bm25 import BM25
from index.dense import best_first
from index.fusion import (
    SECTIONS,
    FusionParams,
    Wording,
    intent_sections,
    level_context,
    priors,
    weighted_fusion,
    wording,
)
from index.highlight import Words, highlight
from index.store import LadderIndex
from index.text import (
    Jobs,
    LevelNames,
    Lexicon,
    Query,
    Vocabulary,
    analyze_query,
    bigrams,
    default_lexicon,
    keyword_text,
)
from index.text import stems as stem_words
from index.text import words as split_words


@dataclass(frozen=True, slots=True)
class SearchFilter:
    """Which passages a search may return; None means any."""

    levels: frozenset[int | str] | None = None  # numbers (in any guide), or names: a short name, title or alias
    sections: frozenset[Section] | None = None
    docs: frozenset[str] | None = None
    categories: frozenset[str] | None = None  # lower case: the ladder's own groupings, as free text

    @classmethod
    def of(
        cls,
        levels: Iterable[int | str] | None = None,
        sections: Iterable[str] | None = None,
        docs: Iterable[str] | None = None,
        categories: Iterable[str] | None = None,
    ) -> SearchFilter:
        return cls(
            frozenset(level_key(v) for v in levels) if levels else None,
            frozenset(Section(s) for s in sections) if sections else None,
            frozenset(docs) if docs else None,
            frozenset(c.strip().lower() for c in categories) if categories else None,
        )

    @property
    def is_empty(self) -> bool:
        return self.levels is None and self.sections is None and self.docs is None and self.categories is None


def level_key(value: int | str) -> int | str:
    """A level as a filter names it: its number, or its name in lower case ("3" is the number 3)."""
    if isinstance(value, int):
        return value
    text = value.strip()
    return int(text) if text.isdigit() else text.lower()


@dataclass(frozen=True, slots=True)
class SearchHit:
    passage: Passage
    position: int  # in the index
    score: float
    rank: int
    dense: float  # cosine similarity of query and passage (mixed with its best segment's)
    keyword: float  # BM25 score
    highlight: str  # the text, HTML-escaped, with the answering words or segment in <mark>
    segment: tuple[int, int] | None  # the passage's segment closest in meaning to the query


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """A search's work that needs no query vector: the service does it while the query is encoded."""

    query: Query
    k: int
    mode: Mode
    allowed: np.ndarray | None  # positions the filter admits; None: all
    admitted: int
    pool: int  # candidates to take from each retriever
    keyword: np.ndarray | None  # BM25 score of every passage
    keyword_top: np.ndarray  # the best keyword candidates
    wording: Wording
    typed: np.ndarray | None  # passages with a word the person typed, or an acronym's meaning whole


class Searcher:
    """Answers queries against one immutable index; swap the whole Searcher to reload."""

    def __init__(
        self,
        index: LadderIndex,
        encoder: Encoder | None = None,
        *,
        lexicon: Lexicon | None = None,
        params: FusionParams | None = None,
        english_words: Iterable[str] = (),
    ) -> None:
        self.index = index
        self.encoder = encoder
        acronyms = {k: v for ladder in index.ladders for k, v in ladder.acronyms.items()}
        self.lexicon = (lexicon or default_lexicon()).with_expansions(acronyms)
        self.params = params or FusionParams.default()
        passages = index.passages
        self.level_slots = {(lv.doc, lv.number): i for i, lv in enumerate(index.levels)}
        self.named: dict[str, set[tuple[str, int]]] = {}  # a level's names, lower case -> its (doc, number)
        for profile in index.profiles:
            for name in (profile.level.title, profile.level.short, *profile.aliases):
                self.named.setdefault(name.lower(), set()).add((profile.level.doc, profile.level.number))
        no_level = len(self.level_slots)
        self._level_slot = np.array(
            [self.level_slots[(p.level.doc, p.level.number)] if p.level else no_level for p in passages], np.int64
        )
        self._level_numbers = np.array([p.level.number if p.level else -1 for p in passages])
        self._section_ids = np.array([SECTIONS.index(p.section) for p in passages], np.int64)
        self._intent_sections = intent_sections(passages)
        self._docs = np.array([p.source.doc for p in passages])
        self._categories = np.array([(p.category or "").lower() for p in passages])
        texts = [keyword_text(p) for p in passages]
        names = [alias for profile in index.profiles for alias in profile.aliases]
        self.vocabulary = Vocabulary.build([*texts, *names], self.lexicon, english_words)
        tokens = [stem_words(split_words(t), self.lexicon.stopwords) or ["_"] for t in texts]
        self.bm25 = BM25(tokens)
        # What each level is, in its own words: its overview and role, for the query words a passage lacks.
        described: list[list[str]] = [[] for _ in range(no_level + 1)]
        for slot, passage, words in zip(self._level_slot.tolist(), passages, tokens, strict=True):
            if slot != no_level and passage.section in (Section.OVERVIEW, Section.ROLE):
                described[slot].extend(words)
        self.level_text = BM25([words or ["_"] for words in described])
        self._bigrams = [bigrams(t) for t in tokens]
        self.level_names = LevelNames.build(index.profiles, self.lexicon)
        # "sales", "support", "the platform team": the words that name one ladder
        self.jobs = Jobs.build(index.ladders, self.lexicon.stopwords)
        self._words: list[Words | None] = [None] * len(passages)  # each passage's words, read on first highlight

    def analyze(self, text: str, doc: str | None = None) -> Query:
        return analyze_query(text, self.lexicon, self.vocabulary, self.level_names, doc)

    def words(self, position: int) -> Words:
        found = self._words[position]
        if found is None:
            found = self._words[position] = Words.of(self.index.passages[position].text, self.lexicon.stopwords)
        return found

    def allowed(self, where: SearchFilter) -> np.ndarray | None:
        """Positions of the passages the filter admits, or None when it admits all."""
        if where.is_empty:
            return None
        mask = np.ones(len(self.index.passages), dtype=bool)
        if where.levels is not None:
            numbers = [v for v in where.levels if isinstance(v, int)]
            slots = [self.level_slots[key] for v in where.levels if isinstance(v, str) for key in self.named.get(v, ())]
            mask &= np.isin(self._level_numbers, numbers) | np.isin(self._level_slot, slots)
        if where.sections is not None:
            mask &= np.isin(self._section_ids, [SECTIONS.index(s) for s in where.sections])
        if where.docs is not None:
            mask &= np.isin(self._docs, list(where.docs))
        if where.categories is not None:
            mask &= np.isin(self._categories, list(where.categories))
        return np.flatnonzero(mask)

    def search(
        self, text: str, k: int = 5, where: SearchFilter = SearchFilter(), mode: Mode = Mode.HYBRID
    ) -> list[SearchHit]:
        """A whole search on the caller's thread, the query encoded by `self.encoder`."""
        plan = self.plan(self.analyze(text), k, where, mode)
        vector = None
        if plan.mode is not Mode.KEYWORD and plan.admitted:
            if self.encoder is None:
                raise ValueError("this searcher has no encoder: pass the query vector to `finish`")
            vector = self.encoder.encode([plan.query.for_encoder])[0]
        return self.finish(plan, vector)

    def plan(
        self, query: Query, k: int = 5, where: SearchFilter = SearchFilter(), mode: Mode = Mode.HYBRID
    ) -> SearchPlan:
        """The part of a search that needs no query vector."""
        allowed = self.allowed(where)
        n = len(self.index.passages) if allowed is None else len(allowed)
        if not any(ch.isalnum() for ch in query.normalized):  # "...", "?", "\ufffd": nothing is asked
            n = 0
        pool = min(n, max(self.params.candidates, k))
        keyword, keyword_top, typed = None, np.empty(0, dtype=np.int64), None
        if n:
            typed = self.typed(query)
        if mode is not Mode.DENSE and n:
            keyword = self.bm25.scores(query.keyword_tokens)
            masked = keyword if allowed is None else np.full_like(keyword, -np.inf)
            if allowed is not None:
                masked[allowed] = keyword[allowed]
            keyword_top = best_first(masked, pool)
            keyword_top = keyword_top[masked[keyword_top] > 0]  # a passage with no query word is no candidate
        wanted = wording(query, self.level_names, self.level_slots)
        return SearchPlan(query, k, mode, allowed, n, pool, keyword, keyword_top, wanted, typed)

    def _context_scores(self, term: str) -> np.ndarray | None:
        return self.level_text.scores([term]) if term in self.level_text.postings else None

    def typed(self, query: Query) -> np.ndarray:
        """Which passages have a word the person typed (as corrected), or an acronym's meaning as a whole."""
        found = self.bm25.scores(query.stems) > 0
        for phrase in query.phrases:
            having = np.ones(len(found), dtype=bool)
            for stem in phrase:
                where = np.zeros(len(found), dtype=bool)
                postings = self.bm25.postings.get(stem)
                if postings is not None:
                    where[postings[0]] = True
                having &= where
            grams = set(itertools.pairwise(phrase))
            for position in np.flatnonzero(having).tolist():
                found[position] |= grams <= self._bigrams[position]
        return found

    def finish(self, plan: SearchPlan, vector: np.ndarray | None) -> list[SearchHit]:
        """Rank the plan's candidates, with the query vector unless the search is keyword-only."""
        if plan.admitted == 0:
            return []
        p = self.params
        candidates = plan.keyword_top
        dense = None
        if plan.mode is not Mode.KEYWORD:
            dense = self.index.dense.query(vector)
            nearest = dense.nearest(plan.pool, plan.allowed)
            candidates = np.unique(np.concatenate([nearest, candidates])) if len(candidates) else nearest
        candidates = np.asarray(candidates, dtype=np.int64)
        zeros = np.zeros(len(candidates), dtype=np.float32)
        dense_scores = dense.similarity(candidates, p.segment_weight) if dense is not None else zeros
        keyword_scores = plan.keyword[candidates] if plan.keyword is not None else zeros
        has_words = keyword_scores > 0
        matched = candidates[has_words]
        if p.level_context_weight and matched.size:
            keyword_scores[has_words] += p.level_context_weight * level_context(
                plan.query.keyword_tokens,
                lambda term: self.bm25.contains(term, matched),
                self._context_scores,
                self._level_slot[matched],
            )
        # Unrelated passages are left out, so nonsense ("zzzz", "how do I bake bread") finds nothing; words an
        # acronym's meaning adds ("product" for PRD) do not make a passage relevant on their own.
        typed = plan.typed[candidates] if plan.typed is not None else keyword_scores > 0
        relevant = typed | ((dense_scores >= p.relevance_floor) & (plan.mode is not Mode.KEYWORD))
        candidates, dense_scores, keyword_scores = (
            candidates[relevant],
            dense_scores[relevant],
            keyword_scores[relevant],
        )
        if plan.mode is Mode.DENSE:
            fused = dense_scores
        elif plan.mode is Mode.KEYWORD:
            fused = keyword_scores.astype(np.float64)
        else:
            grams = plan.wording.bigrams
            shared = np.array([len(grams & self._bigrams[i]) for i in candidates.tolist()] if grams else [], np.float64)
            fused = weighted_fusion(dense_scores, keyword_scores, p.keyword_weight, p.normalization) + priors(
                plan.wording, p, self._level_slot[candidates], self._intent_sections[candidates], shared
            )
        order = np.argsort(-fused, kind="stable")[: plan.k]
        columns = zip(
            candidates[order].tolist(),
            fused[order].tolist(),
            dense_scores[order].tolist(),
            keyword_scores[order].tolist(),
            strict=True,
        )
        hits = []
        for rank, (position, score, dense_score, keyword_score) in enumerate(columns, start=1):
            segment = self.index.spans[position][dense.best_segment(position)] if dense is not None else None
            passage = self.index.passages[position]
            mark = highlight(passage.text, self.words(position), plan.query.stems, segment, plan.query.phrases)
            hits.append(SearchHit(passage, position, score, rank, dense_score, keyword_score, mark, segment))
        return hits
