"""What the service serves from: one loaded index, the query encoder, and the answers built on them."""

from __future__ import annotations

import asyncio
import dataclasses
import html
import os
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import orjson

from core.encoder import ENCODER_DIR, FLOAT_MODEL, INT8_MODEL, ModelSpec, OnnxEncoder, SentenceTransformerEncoder
from core.lru import LRU
from core.model import Mode, Section
from core.query_encoder import QueryEncoder
from index.answer import Answer, Answerer, Decision
from index.compare import Comparer, LadderError
from index.growth import Coverage, Growth
from index.match import LevelMatch, Matcher, MatchResult
from index.search import Searcher, SearchFilter, SearchHit
from index.store import LadderIndex, load_index, read_manifest
from index.text import MODIFIERS, Query
from service.settings import Settings

T = TypeVar("T")


class UnknownFilterError(ValueError):
    """A filter names a level or guide the index does not have."""


class AmbiguousLevelError(UnknownFilterError):
    """A name that several levels of one guide share, where one level is wanted."""


ANSWER_HITS = 3  # the hits an answer is chosen from, whatever the caller's k: those /ask was calibrated on
APART_AT_MOST = 8  # ladders answered apart (each costs a search and a decision)
APART_HITS = 30  # the search whose order of ladders chooses them


@dataclass
class Engine:
    """One index and the query encoder, with everything a request needs built once."""

    index: LadderIndex
    queries: QueryEncoder
    english_words: frozenset[str] = frozenset()
    encoder_key: tuple = ()  # which exported model `queries` runs: a reload of the same one keeps it

    def __post_init__(self) -> None:
        self.searcher = Searcher(self.index, self.queries, english_words=self.english_words)
        self.matcher = Matcher(self.searcher, self.queries.batch)
        self.answerer = Answerer(self.searcher)
        self.comparer = Comparer(self.index)
        self.growth = Growth(self.matcher)
        # Whole answers of recent searches: a search box sends the same prefixes again and again.
        self.recent: LRU[tuple, list[SearchHit]] = LRU(2048)

    @cached_property
    def level_numbers(self) -> frozenset[int]:
        return frozenset(level.number for level in self.index.levels)

    @cached_property
    def docs(self) -> frozenset[str]:
        return frozenset(self.index.manifest.corpus)

    @cached_property
    def categories(self) -> frozenset[str]:
        return frozenset(p.category.lower() for p in self.index.passages if p.category)

    def check_filter(self, where: SearchFilter) -> None:
        if where.docs and not where.docs <= self.docs:
            unknown = ", ".join(sorted(where.docs - self.docs))
            raise UnknownFilterError(f"unknown doc {unknown}; the guides are {', '.join(sorted(self.docs))}")
        numbers = {v for v in where.levels or () if isinstance(v, int)}
        names = {v for v in where.levels or () if isinstance(v, str)}
        # of the chosen ladders: level 7 of a ladder of six is no level, whatever another ladder has
        have = {lv.number for lv in self.index.levels if lv.doc in where.docs} if where.docs else self.level_numbers
        if numbers - have:
            unknown = ", ".join(str(n) for n in sorted(numbers - have))
            known = ", ".join(str(n) for n in sorted(have))
            of = f" of {', '.join(sorted(where.docs))}" if where.docs else ""
            raise UnknownFilterError(f"unknown level {unknown}{of}; the levels are {known}")
        for name in sorted(names):
            owners = {key for key in self.searcher.named.get(name, ()) if not where.docs or key[0] in where.docs}
            if not owners:
                known = ", ".join(
                    dict.fromkeys(lv.short for lv in self.index.levels if not where.docs or lv.doc in where.docs)
                )
                raise UnknownFilterError(f"unknown level {name!r}; the levels are {known} (or their numbers)")
        if where.categories and not where.categories <= self.categories:
            unknown = ", ".join(sorted(where.categories - self.categories))
            known = ", ".join(sorted(self.categories)) or "none"
            raise UnknownFilterError(f"unknown category {unknown}; the categories are {known}")

    def search(
        self, text: str, k: int, where: SearchFilter = SearchFilter(), mode: Mode = Mode.HYBRID
    ) -> list[SearchHit]:
        """A search for a caller with no event loop (the CLI and evaluation): search_async, run to its end."""
        return run_to_end(self.search_async(text, k, where, mode))

    def _searched(self, query: Query, where: SearchFilter, scope: SearchFilter) -> Query:
        """What is searched for: once the question has called its ladder by what it is ("the PM competency
        matrix") and so chosen it, those words are a filter, not what it asks about."""
        if scope.docs is None or scope.docs == where.docs:
            return query
        rest = self.searcher.jobs.without_ladder_noun_phrase(query.normalized)
        if rest == query.normalized.lower() or not rest.strip():
            return query
        return self.searcher.analyze(rest)

    def scoped(self, query: Query, where: SearchFilter) -> SearchFilter:
        """ "The difference between a PM and a senior PM" is about those two levels: search only them. A
        question that names levels ("is the CPO part of the C-suite", "a certificate to become a PM") is about
        the ladders that have them."""
        jobs = self.searcher.jobs
        named = jobs.ladder_named(query.normalized, names_a_level=bool(query.levels)) if where.docs is None else None
        asked = None
        if where.levels is None:  # "platform team: senior vs staff": the two levels of that ladder
            asked = self.answerer.read_form(
                query, dataclasses.replace(where, docs=frozenset((named,))) if named else where
            )
            if asked is not None and asked.pair is not None:
                (doc, lower), (_, higher) = asked.pair
                return dataclasses.replace(where, levels=frozenset((lower, higher)), docs=frozenset((doc,)))
        # "Who does an AE report to?": the form read the Account Executive of one ladder.
        if asked is not None and not asked.anywhere and len({doc for doc, _ in asked.levels}) == 1:
            named = named or asked.levels[0][0]
        names = self.searcher.level_names
        # A name of several words ("product manager") says which ladders; a one-word name ("lead", "staff") is a
        # common word too, and says so only when it is clearly one ladder's.
        found = (
            [m.group(0) for m in names.any_name.finditer(query.normalized.lower())] if names and names.any_name else []
        )
        phrases = {
            doc for name in found if " " in name for doc, _ in names.owners_of(name)
        }  # "teaching assistants" too
        clear = {doc for (doc, _), weight in query.levels.items() if weight >= 1.0}
        ladders = phrases or (clear if len(clear) == 1 else set())
        # "At what level do I first manage people in sales?", "does a Senior PM in the competency matrix...":
        # the ladder named, when it has the levels named too, or none is named clearly ("people manager").
        if named is not None and (not clear or named in {doc for doc, _ in query.levels}):
            ladders = {named}
        elif not ladders and where.docs is None and (people := jobs.people_named(query.normalized)) is not None:
            # "who mentors junior data engineers?": that ladder's, not the PM's "junior PMs"; "how do PMs work with
            # data analysts?" names people of two
            others = (
                {doc for name in found if name not in MODIFIERS for doc, _ in names.owners_of(name)} if names else set()
            )
            ladders = {people} if others <= {people} else set()
        if where.docs is None and 0 < len(ladders) < len(self.index.ladders):
            return dataclasses.replace(where, docs=frozenset(ladders))
        return where

    async def search_async(
        self, text: str, k: int, where: SearchFilter = SearchFilter(), mode: Mode = Mode.HYBRID
    ) -> list[SearchHit]:
        """A search for the event loop: the query is encoded on the encoder's threads."""
        hits = self.recent.get((text, k, where, mode))
        if hits is None:
            self.check_filter(where)  # before an encode is spent on a bad filter
            query, scope = self._analyzed(text, where)
            hits = await self._hits(query, k, where, scope, mode)
        return hits

    def _analyzed(self, text: str, where: SearchFilter) -> tuple[Query, SearchFilter]:
        """The query a text asks and the ladders and levels it keeps to; asked of one ladder (by the filter or
        its words: "an AD in account management"), that ladder's codes are read as its titles."""
        query = self.searcher.analyze(text, only_doc(where))
        scope = self.scoped(query, where)
        if (doc := only_doc(scope)) is not None and only_doc(where) is None:
            query = self.searcher.analyze(text, doc)
        return query, scope

    async def _hits(
        self, query: Query, k: int, where: SearchFilter, scope: SearchFilter, mode: Mode = Mode.HYBRID
    ) -> list[SearchHit]:
        key = (query.raw, k, where, mode)
        hits = self.recent.get(key)
        if hits is None:
            searched = self._searched(query, where, scope)
            plan = self.searcher.plan(searched, k, scope, mode)
            vector = None
            if mode is not Mode.KEYWORD and plan.admitted:
                vector = await asyncio.wrap_future(self.queries.submit(searched.for_encoder))
            hits = self.searcher.finish(plan, vector)
            self.recent.put(key, hits)
        return hits

    def match(self, text: str, k: int = 3, doc: str | None = None) -> MatchResult:
        self.check_filter(SearchFilter.of(docs=[doc] if doc else None))
        return self.matcher.match(text, doc, evidence=k)

    def ask(self, question: str, k: int = 3, where: SearchFilter = SearchFilter()) -> tuple[Decision, list[SearchHit]]:
        """The answer (or why there is none) and the passages behind it, for a caller with no event loop."""
        return run_to_end(self.ask_async(question, k, where))

    async def ask_async(
        self, question: str, k: int = 3, where: SearchFilter = SearchFilter()
    ) -> tuple[Decision, list[SearchHit]]:
        self.check_filter(where)
        query, scope = self._analyzed(question, where)
        hits = await self._hits(query, max(k, ANSWER_HITS), where, scope)
        vector = await asyncio.wrap_future(self.queries.submit(query.for_encoder))  # cached by the search
        rest = self.answerer.residual_text(query, where)
        residual = await asyncio.wrap_future(self.queries.submit(rest)) if rest else None
        decision = self.answerer.decide(query, hits[:ANSWER_HITS], vector, residual, scope)
        by_ladder, coded = await self._by_ladder(question, query, where, scope, residual)
        # The ladders answer apart, or one of them alone where the question's own search found none: which is the
        # asker's is not said. A code of several titles ("AD") is no one level's, answered or not.
        if coded or len(by_ladder) > 1 or (by_ladder and decision.answer is None):
            ranked = tuple(sorted(by_ladder, key=lambda a: -a.confidence))
            decision = dataclasses.replace(decision, answer=None, reason="not_covered", by_ladder=ranked)
        return decision, hits[:k]

    async def _by_ladder(
        self, question: str, query: Query, where: SearchFilter, scope: SearchFilter, residual: np.ndarray | None
    ) -> tuple[list[Answer], bool]:
        """Each ladder's answer to a question asked of several without saying which (Answerer.ladders_apart), of
        the APART_AT_MOST ladders its search finds first; and whether it asks by a code of several titles."""
        apart = self.answerer.ladders_apart(query, scope)
        if not apart:
            return [], False
        found_first = [h.passage.source.doc for h in await self._hits(query, APART_HITS, where, scope)]
        order = {doc: found_first.index(doc) if doc in found_first else len(found_first) for doc in apart}
        answers = []
        for doc in sorted(apart, key=lambda d: order[d])[:APART_AT_MOST]:
            alone = dataclasses.replace(where, docs=frozenset((doc,)))
            mine = self.searcher.analyze(question, doc)  # "AD": this ladder's Account Director
            narrowed = self.scoped(mine, alone)
            hits_here = await self._hits(mine, ANSWER_HITS, alone, narrowed)
            vector_here = await asyncio.wrap_future(self.queries.submit(mine.for_encoder))
            found = self.answerer.decide(mine, hits_here, vector_here, residual, narrowed).answer
            level = found.passage.level if found is not None else None
            if level is not None and (apart[doc] is None or (level.doc, level.number) in apart[doc]):
                answers.append(found)
        return answers, any(levels is not None for levels in apart.values())

    def level_number(self, doc: str, value: int | str) -> int:
        """A level of one guide by its number or one of its names (short name, title, alias)."""
        self.check_filter(SearchFilter.of(docs=[doc]))
        numbers = [p.level.number for p in self.comparer.ladder(doc).levels]
        if isinstance(value, str) and value.strip().isdecimal() and value.strip().isascii() and len(value) <= 6:
            value = int(value)
        if isinstance(value, int):
            if value not in numbers:
                raise UnknownFilterError(
                    f"unknown level {value} of {doc}; its levels are {', '.join(map(str, numbers))}"
                )
            return value
        owners = sorted(n for d, n in self.searcher.named.get(value.lower().strip(), ()) if d == doc)
        names = ", ".join(p.level.short for p in self.comparer.ladder(doc).levels)
        if not owners:
            raise UnknownFilterError(f"unknown level {value!r} of {doc}; its levels are {names} (or their numbers)")
        if len(owners) > 1:
            raise AmbiguousLevelError(
                f"{value!r} names levels {', '.join(map(str, owners))} of {doc}: give one of their numbers "
                f"or short names ({names})"
            )
        return owners[0]

    def passage_dict(self, position: int, rank: int, score: float) -> dict:
        record = self.index.records[position]
        return {**record, "rank": rank, "score": round(score, 4), "highlight": html.escape(record["text"])}

    def compare(self, source: str, target: str, level: int | str | None = None) -> dict:
        """GET /compare: every level of `source` with its equivalent in `target` (UnknownFilterError, LadderError)."""
        self.check_filter(SearchFilter.of(docs=[source, target]))
        wanted = self.level_number(source, level) if level is not None else None
        rows = []
        for row in self.comparer.compare(source, target):
            if wanted is not None and row.level.number != wanted:
                continue
            rows.append(
                {
                    "level": row.level.to_dict(),
                    "equivalent": row.equivalent.to_dict() if row.equivalent else None,
                    "confidence": row.confidence,
                    "evidence": [
                        {
                            "from": self.passage_dict(pair.source, rank, pair.score),
                            "to": self.passage_dict(pair.target, rank, pair.score),
                            "score": pair.score,
                        }
                        for rank, pair in enumerate(row.evidence, start=1)
                    ],
                }
            )
        return {"from": source, "to": target, "levels": rows}

    def next_level(self, doc: str, level: int | str) -> dict:
        """GET /levels/{doc}/{number}/next: what the next level adds, carries over and no longer lists."""
        change = self.comparer.next(doc, self.level_number(doc, level))
        return {
            "level": change.level.to_dict(),
            "next": change.next.to_dict() if change.next else None,
            "new": [self.passage_dict(p, rank, 0.0) for rank, p in enumerate(change.new, start=1)],
            "carried": [
                {
                    "from": self.passage_dict(pair.source, rank, pair.score),
                    "to": self.passage_dict(pair.target, rank, pair.score),
                    "score": pair.score,
                }
                for rank, pair in enumerate(change.carried, start=1)
            ],
            "dropped": [self.passage_dict(p, rank, 0.0) for rank, p in enumerate(change.dropped, start=1)],
        }

    def grow(self, text: str, doc: str | None = None, k: int | None = None) -> dict:
        """POST /growth: where the text reads, and the next level's items it does not show yet."""
        if doc is not None:
            self.check_filter(SearchFilter.of(docs=[doc]))
            if len(self.comparer.ladder(doc).levels) < 2:
                raise LadderError(f"{doc} has one level: there is no next level to grow into")
        result = self.growth.read(text, doc)

        def item(c: Coverage, rank: int) -> dict:
            closest = c.closest
            near = {"text": closest.text, "start": closest.start, "end": closest.end} if closest else None
            return {**self.passage_dict(c.position, rank, c.score), "closest": near}

        gaps = result.gaps[:k] if k else result.gaps
        return {
            "current": {"level": result.current.level.to_dict(), "confidence": round(result.current.confidence, 4)},
            "next": result.next.to_dict() if result.next else None,
            "gaps": [item(c, rank) for rank, c in enumerate(gaps, start=1)],
            "shown": [item(c, rank) for rank, c in enumerate(result.shown, start=1)],
        }

    @cached_property
    def levels_json(self) -> bytes:
        """GET /levels, serialised once per index."""
        return orjson.dumps(self.levels_payload(None))

    def levels_payload(self, doc: str | None) -> dict:
        """Every level of every guide (or of `doc`), with its passages grouped as its guide groups them."""
        by_level: dict[tuple[str, int], list] = {}
        for p in self.index.passages:
            if p.level:
                by_level.setdefault((p.level.doc, p.level.number), []).append(p)
        levels = []
        for profile in self.index.profiles:
            level = profile.level
            if doc is not None and level.doc != doc:
                continue
            passages = by_level.get((level.doc, level.number), [])
            plain = [p for p in passages if p.heading is None]
            levels.append(
                {
                    **profile.to_dict(),
                    "overview": "\n\n".join(p.text for p in plain if p.section is Section.OVERVIEW),
                    "role": next((p.text for p in plain if p.section is Section.ROLE), None),
                    "skills": "\n".join(p.text for p in plain if p.section is Section.SKILLS) or None,  # a line each
                    "responsibilities": [
                        {
                            "id": p.id,
                            "heading": p.heading,
                            "text": p.text,
                            "section": p.section.value,
                            "category": p.category,
                        }
                        for p in passages
                        if p.heading is not None or p.section in (Section.RESPONSIBILITY, Section.COMPETENCY)
                    ],
                }
            )
        ladders = [
            {"doc": ladder.doc, "title": ladder.title, "format": ladder.format, "levels": len(ladder.levels)}
            for ladder in self.index.ladders
            if doc is None or ladder.doc == doc
        ]
        return {"ladders": ladders, "levels": levels}


def usable_cores() -> int:
    return len(os.sched_getaffinity(0))


def load_engine(settings: Settings, previous: Engine | None = None) -> Engine:
    """The index, validated against the configured model, and the encoder that serves it.

    A reload of an index exported from the same model keeps the previous
    engine's query encoder (its sessions, its threads and its cache).
    """
    spec = ModelSpec.resolve(settings.model, settings.model_sha256)
    spec.require_folder()
    directory = Path(settings.index_dir).resolve()  # one version of the index, whatever an ingest swaps in meanwhile
    manifest = read_manifest(directory)
    folder = directory / ENCODER_DIR
    runtime = settings.encoder if folder.is_dir() else "torch"
    model_file = f"{ENCODER_DIR}/{INT8_MODEL if runtime == 'onnx-int8' else FLOAT_MODEL}"
    key = (runtime, manifest.files.get(model_file, spec.name))
    reuse = previous is not None and previous.encoder_key == key
    with ThreadPoolExecutor(1, thread_name_prefix="sessions") as pool:
        # onnxruntime builds its sessions without the GIL, so they load while Python reads the index.
        sessions = None if reuse or runtime == "torch" else pool.submit(query_encoder, settings, spec, runtime, folder)
        made: QueryEncoder | None = None
        try:
            # The index's encoder was exported from the weights its manifest records, checked against the pin here.
            index = load_index(directory, model=spec.name, model_sha256=spec.sha256)
            if runtime == "torch":
                spec.verify()  # torch reads the model folder's own weights
            if reuse and previous is not None:
                queries = previous.queries
            else:
                queries = made = sessions.result() if sessions else query_encoder(settings, spec, runtime, None)
            return Engine(index=index, queries=queries, english_words=spec.known_words(), encoder_key=key)
        except BaseException:  # an encoder made for an engine that is not built would keep its threads
            if made is not None:
                made.close()
            elif sessions is not None:
                sessions.add_done_callback(lambda built: built.exception() or built.result().close())
            raise


def run_to_end(coroutine: Coroutine[Any, Any, T]) -> T:
    """The coroutine run on a loop of its own. Not asyncio.run, which on the main thread installs and restores
    a Ctrl+C handler each call, and restoring it formats the task's repr: slow for evaluation's many calls."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(coroutine)
    finally:
        loop.close()


def query_encoder(settings: Settings, spec: ModelSpec, runtime: str, folder: os.PathLike | None) -> QueryEncoder:
    """onnxruntime (no torch): a session for lone queries on every core (up to four), one for batches."""
    workers = settings.encode_workers or usable_cores()
    if runtime == "torch" or folder is None:
        return QueryEncoder(SentenceTransformerEncoder(spec), workers=1)
    quantized = runtime == "onnx-int8"
    cores = min(4, usable_cores())
    lone = OnnxEncoder(folder, threads=cores, quantized=quantized)  # type: ignore[arg-type]
    batch = OnnxEncoder(folder, threads=1, quantized=quantized) if cores > 1 else lone  # type: ignore[arg-type]
    return QueryEncoder(lone, batch, workers=workers)


def prepare_engine(settings: Settings, previous: Engine | None = None) -> tuple[Engine, float]:
    """A loaded engine whose encoders have run once (the first call builds kernels), and the seconds it took."""
    started = time.perf_counter()
    engine = load_engine(settings, previous)
    try:
        engine.queries.lone.encode(["warm up"])
        engine.queries.batch.encode(["warm up", "warm up twice"])
    except BaseException:
        if previous is None or engine.queries is not previous.queries:
            engine.queries.close()
        raise
    return engine, time.perf_counter() - started


def result_dicts(hits: list[SearchHit], index: LadderIndex) -> list[dict]:
    """The hits as the API shows them (each passage's fields were built once, at load)."""
    return [
        {**index.records[hit.position], "rank": hit.rank, "score": round(hit.score, 6), "highlight": hit.highlight}
        for hit in hits
    ]


def match_dict(result: MatchResult) -> dict:
    def level_entry(m: LevelMatch) -> dict:
        return {"level": m.level.to_dict(), "score": round(m.score, 4), "confidence": round(m.confidence, 4)}

    matches = result.levels
    posting = result.posting >= 0.5
    reason = None
    if result.title_only:
        reason = "the text has no sentence about the job, only what reads as a title: paste the whole job description"
    elif not posting:
        reason = (
            f"not a job posting for any ladder here: its sentences resemble {result.doc}'s passages "
            f"at {result.resemblance:.2f} at best"
        )
        if result.other_title:
            reason += f"; its title, {result.other_title}, names none of {result.doc}'s levels"
    return {
        "best": level_entry(matches[0]) if posting else None,
        "reason": reason,
        "posting": round(result.posting, 4),
        "levels": [
            {
                **level_entry(m),
                "signals": m.signals,
                "evidence": [
                    {
                        **e.passage.to_dict(),
                        "rank": rank,
                        "score": round(e.similarity, 4),
                        "highlight": e.highlight,
                        "matched": {"text": e.sentence.text, "start": e.sentence.start, "end": e.sentence.end},
                    }
                    for rank, e in enumerate(m.evidence, start=1)
                ],
            }
            for m in matches
        ],
    }


def only_doc(where: SearchFilter) -> str | None:
    """The one ladder a filter keeps to, whose codes a question's "AD" is."""
    return next(iter(where.docs)) if where.docs is not None and len(where.docs) == 1 else None


def ask_dict(question: str, decision: Decision, hits: list[SearchHit], index: LadderIndex) -> dict:
    """POST /ask's body (and `ladder ask --json`'s), less its timing: `by_ladder` only when there is one."""
    return {
        "question": question,
        "answer": None if decision.answer is None else answer_body(decision.answer),
        "reason": decision.reason,
        **({"by_ladder": [answer_body(a) for a in decision.by_ladder]} if decision.by_ladder else {}),
        "results": result_dicts(hits, index),
    }


def answer_body(found: Answer) -> dict:
    level = found.passage.level
    return {
        "text": found.text,
        "level": level.to_dict() if level else None,
        "levels": [lv.to_dict() for lv in found.levels],
        "passage_id": found.passage.id,
        "confidence": found.confidence,
    }
