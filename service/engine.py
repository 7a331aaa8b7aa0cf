"""What the service serves from: the encoder, one loaded index, and answers built on them."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache, cached_property

from index.search import Searcher, SearchFilter, SearchHit
from index.store import LadderIndex, load_index
from ingest.embed import Encoder, ModelSpec, SentenceTransformerEncoder
from ingest.passages import Passage
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


@dataclass
class Engine:
    """One index and the encoder, with everything a request needs precomputed."""

    index: LadderIndex
    encoder: Encoder

    def __post_init__(self) -> None:
        self.searcher = Searcher(self.index, self.encoder)

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

    def search(self, query: str, k: int, where: SearchFilter) -> list[SearchHit]:
        self.check_filter(where)
        return self.searcher.search(query, k, where)

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


def result_dict(hit: SearchHit) -> dict:
    p = hit.passage
    return {
        **p.to_dict(),
        "rank": hit.rank,
        "score": round(hit.score, 6),
        "highlight": html.escape(p.text, quote=False),
    }
