"""`ladder ingest`: a corpus folder read, embedded and written as a new index generation."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from core.encoder import ENCODER_DIR, Encoder, ModelSpec
from index.dense import build_vectors
from index.store import new_manifest, save_index
from ingest.build import read_corpus
from ingest.embed import embed_passages


@dataclass(frozen=True, slots=True)
class IngestSummary:
    guides: int
    levels: int
    passages: int
    seconds: float
    path: Path

    def line(self) -> str:
        return (
            f"ingested {self.guides} guide(s), {self.levels} levels, {self.passages} passages "
            f"in {self.seconds:.1f}s -> {self.path}"
        )


def build_index(
    corpus: Path,
    index_dir: Path,
    spec: ModelSpec,
    encoder: Encoder,
    *,
    progress: bool = False,
    export_encoder: bool = True,
) -> IngestSummary:
    """Parse every guide, embed every passage, export the serving encoder, and swap the new index in."""
    started = time.perf_counter()
    corpus_read = read_corpus(corpus)
    passages = corpus_read.passages
    embedded = embed_passages(passages, encoder, progress=progress)
    manifest = new_manifest(
        model=spec.name,
        model_sha256=spec.verify(),
        dim=int(embedded.passages.shape[1]),
        count=len(passages),
        corpus=corpus_read.hashes,
    )
    model = getattr(encoder, "model", None)  # the sentence-transformers model, to export for serving

    def export(folder: Path) -> None:
        from ingest.export import export_onnx, reuse_export

        # The same model exported for the index being replaced is linked, not exported again.
        if not reuse_export(Path(index_dir) / ENCODER_DIR, folder / ENCODER_DIR, manifest.model_sha256):
            export_onnx(model, spec, folder / ENCODER_DIR)

    extras = export if export_encoder and model is not None else None
    built = build_vectors(embedded.passages)
    save_index(Path(index_dir), manifest, passages, corpus_read.profiles, built, embedded.segments, extras)
    return IngestSummary(
        guides=len(corpus_read.guides),
        levels=len(corpus_read.profiles),
        passages=len(passages),
        seconds=time.perf_counter() - started,
        path=Path(index_dir),
    )
