"""What the service serves from: the encoder, one loaded index, and answers built on them."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import cache, cached_property, partial

import numpy as np
import orjson

from index.answer import Answer, Calibration, answer
from index.match import LevelMatch, Matcher
from index.search import LRU, Mode, Searcher, SearchFilter, SearchHit
from index.store import LadderIndex, load_index
from ingest.embed import Encoder, ModelSpec, SentenceTransformerEncoder
from ingest.onnx import ENCODER_DIR, FLOAT_MODEL, INT8_MODEL, OnnxEncoder
from ingest.passages import Passage
from service.batching import EncoderBatcher
from service.settings import Settings


class UnknownFilterError(ValueError):
    """A filter names a level, section or guide the index does not have."""


def load_encoder(settings: Settings) -> tuple[ModelSpec, Encoder]:
    spec = ModelSpec.resolve(settings.model, settings.model_sha256)
    return spec, _encoder_for(spec)


@cache
def _encoder_for(spec: ModelSpec) -> Encoder:
    """One encoder per model per process: reloads and new apps reuse the loaded weights."""
    return SentenceTransformerEncoder(spec)


def open_index(settings: Settings, spec: ModelSpec) -> LadderIndex:
    return load_index(settings.index_dir, model=spec.name)


def serving_encoder(settings: Settings, spec: ModelSpec, index: LadderIndex, *, threads: int | None = None) -> Encoder:
    """The ONNX export in the index folder (no torch), or torch when asked for or when there is none.

    `threads` is onnxruntime's threads per call: for the batch encoder,
    `LADDER_ONNX_THREADS` (default 1: several encoder threads each run a
    call); for lone queries, `solo_threads()`.
    """
    folder = index.path / ENCODER_DIR if index.path else None
    if settings.encoder == "torch" or folder is None or not folder.is_dir():
        return _encoder_for(spec)
    quantized = settings.encoder == "onnx-int8"
    model_file = f"{ENCODER_DIR}/{INT8_MODEL if quantized else FLOAT_MODEL}"
    key = (index.manifest.files.get(model_file, str(folder)), quantized, threads)
    encoder = _onnx_sessions.get(key)
    if encoder is None:
        encoder = OnnxEncoder(folder, quantized=quantized, threads=threads)
        _onnx_sessions.put(key, encoder)
    return encoder


def solo_threads() -> int:
    """onnxruntime threads for a lone query: the cores this process may use, up to four.

    On the 2-core bench machine two threads encode a short query in about 4 ms
    against 6.5 ms for one. Each of the fused graph's operators is split across
    the threads and joined, so beyond a few threads the joins may cost more than
    the split saves (not measured: this machine has two cores).
    """
    return max(1, min(4, len(os.sched_getaffinity(0))))


# Sessions by exported model (content), runtime and threads: reloads of an identical export (ingest
# links the previous one when the weights are unchanged) share them, and only a few stay in memory.
_onnx_sessions: LRU[tuple[str, bool, int | None], Encoder] = LRU(4)


@dataclass
class Engine:
    """One index and the encoder, with everything a request needs precomputed."""

    index: LadderIndex
    encoder: Encoder
    english_words: frozenset[str] = frozenset()
    calibration: Calibration = field(default_factory=Calibration.default)
    # The encoder a lone query gets (onnxruntime on every core), built by `add_solo_encoder`.
    make_solo: Callable[[], Encoder] | None = None
    solo: Encoder | None = None

    def __post_init__(self) -> None:
        self.searcher = Searcher(self.index, self.encoder, english_words=self.english_words)
        self.matcher = Matcher(self.searcher)
        # Whole answers of recent searches: the same query typed again costs a dictionary look-up.
        self.recent: LRU[tuple, list[SearchHit]] = LRU(2048)
        self.responses: LRU[bytes, bytes] = LRU(2048)  # GET /search bodies by query string
        self._inflight: dict[str, Future[np.ndarray]] = {}  # encodings on their way, by text
        self.encoded_here = 0  # queries encoded on the caller's thread, not queued (see search_async)
        self.closed = False  # a reload swapped this engine out; its threads are stopping

    @cached_property
    def batcher(self) -> EncoderBatcher:
        """Query encodings for the HTTP service, batched across concurrent requests (started on first use)."""
        return EncoderBatcher(self.encoder)

    def add_solo_encoder(self) -> None:
        """Build and warm the encoder for lone queries; until it is ready they get the batch encoder.

        The service calls this on a thread of its own once the engine serves:
        another onnxruntime session takes about 0.3 s to build, which a cold start
        cannot spare.
        """
        if self.solo is None and self.make_solo is not None:
            solo = self.make_solo()
            solo.encode(["warm up"])
            self.solo = solo

    def close(self, *, wait: bool = False) -> None:
        """Stop the engine's threads once queued work is done (after a reload; `wait` at shutdown)."""
        self.closed = True
        if "batcher" in self.__dict__:
            self.batcher.close(wait=wait)

    def start_encoding(self, query: str, mode: Mode = "hybrid") -> Future[np.ndarray] | None:
        """Queue the query's encoding, or join the same encoding already on its way; None when cached.

        A finished encoding lands in the searcher's cache before it leaves the
        in-flight table, so a text is always either cached or in flight: the
        same words typed by many users at once are encoded once.
        """
        return self._encoding(self.searcher.needs_encoding(query, mode))

    def _encoding(self, text: str | None) -> Future[np.ndarray] | None:
        """The encoding of `text`, queued now or already on its way; None when no encode is needed."""
        if text is None:
            return None
        future = self._inflight.get(text)
        if future is None:
            future = self._inflight[text] = self.batcher.submit(text)
            future.add_done_callback(partial(self._encoded, text))
        return future

    def _encoded(self, text: str, future: Future[np.ndarray]) -> None:
        if future.exception() is None:
            self.searcher.remember(text, future.result())
        self._inflight.pop(text, None)

    @cached_property
    def level_numbers(self) -> frozenset[int]:
        return frozenset(level.number for level in self.index.levels)

    @cached_property
    def docs(self) -> frozenset[str]:
        return frozenset(self.index.manifest.corpus)

    def check_filter(self, where: SearchFilter) -> None:
        if where.levels and not where.levels <= self.level_numbers:
            unknown = ", ".join(str(n) for n in sorted(where.levels - self.level_numbers))
            known = ", ".join(str(n) for n in sorted(self.level_numbers))
            raise UnknownFilterError(f"unknown level {unknown}; the levels are {known}")
        if where.docs and not where.docs <= self.docs:
            unknown = ", ".join(sorted(where.docs - self.docs))
            raise UnknownFilterError(f"unknown doc {unknown}; the guides are {', '.join(sorted(self.docs))}")

    def search(
        self, query: str, k: int, where: SearchFilter = SearchFilter(), mode: Mode = "hybrid"
    ) -> list[SearchHit]:
        key = (query, k, where, mode)
        hits = self.recent.get(key)
        if hits is None:
            self.check_filter(where)
            hits = self.searcher.search(query, k, where, mode).hits
            self.recent.put(key, hits)
        return hits

    async def search_async(
        self,
        query: str,
        k: int,
        where: SearchFilter = SearchFilter(),
        mode: Mode = "hybrid",
        *,
        encode_here: bool = False,
    ) -> list[SearchHit]:
        """`search` for the event loop: the encoder runs on its own thread (batched with concurrent
        queries) while this one does the work that needs no vector.

        With `encode_here` (the service is quiet: no other request waits for this
        thread), this thread plans and then encodes with the solo encoder, every
        core on the one query, which also saves two wake-ups across cores.
        """
        key = (query, k, where, mode)
        hits = self.recent.get(key)
        if hits is None and self.closed:
            # A request that took this engine just before a reload swapped it out: its threads
            # take no more work, so this thread does it all.
            return self.search(query, k, where, mode)
        if hits is None:
            self.check_filter(where)  # refuse a bad filter before spending an encode on it
            text = self.searcher.needs_encoding(query, mode)
            if encode_here and text is not None and text not in self._inflight:
                plan = self.searcher.plan(query, k, where, mode)
                self.searcher.remember(text, (self.solo or self.encoder).encode([text])[0])
                self.encoded_here += 1
            else:
                pending = self._encoding(text)
                if pending is not None:
                    # Hand the GIL to the encoder thread now: it starts its (GIL-free) onnxruntime call
                    # while this thread plans, not when the event loop next waits.
                    time.sleep(0)
                plan = self.searcher.plan(query, k, where, mode)
                if pending is not None:
                    await asyncio.wrap_future(pending)  # the vector is in the searcher's cache when this returns
            hits = self.searcher.finish(plan).hits
            self.recent.put(key, hits)
        return hits

    def match(self, text: str, k: int = 3, doc: str | None = None) -> list[LevelMatch]:
        self.check_filter(SearchFilter.of(docs=[doc] if doc else None))
        return self.matcher.match(text, doc, evidence=k)

    def ask(
        self, question: str, k: int = 3, where: SearchFilter = SearchFilter()
    ) -> tuple[Answer | None, list[SearchHit]]:
        hits = self.search(question, k, where)
        return answer(hits, self.calibration), hits

    async def ask_async(
        self, question: str, k: int = 3, where: SearchFilter = SearchFilter(), *, encode_here: bool = False
    ) -> tuple[Answer | None, list[SearchHit]]:
        hits = await self.search_async(question, k, where, encode_here=encode_here)
        return answer(hits, self.calibration), hits

    @cached_property
    def levels_json(self) -> bytes:
        """GET /levels as bytes, serialised once per index."""
        return orjson.dumps({"levels": self.levels_payload})

    @cached_property
    def levels_payload(self) -> list[dict]:
        """GET /levels, built once per index."""
        by_level: dict[tuple[str, int], list[Passage]] = {}
        for p in self.index.passages:
            if p.level:
                by_level.setdefault((p.level.doc, p.level.number), []).append(p)
        payload = []
        for level in self.index.levels:
            passages = by_level.get((level.doc, level.number), [])

            def first(section: str, passages: list[Passage] = passages) -> str | None:
                return next((p.text for p in passages if p.section == section), None)

            payload.append(
                {
                    **level.to_dict(),
                    "aliases": list(level.aliases),
                    "overview": "\n\n".join(p.text for p in passages if p.section == "overview"),
                    "role": first("role"),
                    "responsibilities": [
                        {"heading": p.heading, "text": p.text} for p in passages if p.section == "responsibility"
                    ],
                    "skills": first("skills"),
                }
            )
        return payload


def load_engine(settings: Settings) -> Engine:
    """The index, validated against the configured model, and the encoder that serves it."""
    spec = ModelSpec.resolve(settings.model, settings.model_sha256)
    spec.verify()  # the weights are the pinned ones, whichever runtime serves them
    index = open_index(settings, spec)
    threads = solo_threads()
    return Engine(
        index=index,
        encoder=serving_encoder(settings, spec, index),
        english_words=spec.known_words(),
        # On one core a lone query gets the batch encoder: a second session would be the same.
        make_solo=partial(serving_encoder, settings, spec, index, threads=threads) if threads > 1 else None,
    )


def prepare_engine(settings: Settings) -> tuple[Engine, float]:
    """A loaded engine whose encoder has run once (the first call builds kernels), and the seconds it took."""
    started = time.perf_counter()
    engine = load_engine(settings)
    engine.encoder.encode(["warm up"])
    return engine, time.perf_counter() - started


def result_dict(hit: SearchHit) -> dict:
    return {**hit.passage.to_dict(), "rank": hit.rank, "score": round(hit.score, 6), "highlight": hit.highlight}


def match_dict(matches: list[LevelMatch]) -> dict:
    def level_entry(m: LevelMatch) -> dict:
        return {"level": m.level.to_dict(), "score": round(m.score, 4), "confidence": round(m.confidence, 4)}

    return {
        "best": level_entry(matches[0]),
        "levels": [
            {
                **level_entry(m),
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


def answer_dict(found: Answer | None) -> dict | None:
    if found is None:
        return None
    level = found.passage.level
    return {
        "text": found.text,
        "level": level.to_dict() if level else None,
        "passage_id": found.passage.id,
        "confidence": found.confidence,
    }
