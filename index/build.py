"""`ladder ingest`: a corpus folder read, embedded and written as a new index generation."""

from __future__ import annotations

import errno
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from core.encoder import ENCODER_DIR, Encoder, ModelSpec
from core.model import Ladder
from index.dense import build_vectors
from index.other_work import task_lines
from index.store import new_manifest, save_index
from ingest.build import Corpus, read_corpus
from ingest.embed import embed_passages
from ingest.guide import Guide

LOW_DISK = 64 * 1024 * 1024  # bytes left: a write that failed with less was short of disk


@dataclass(frozen=True, slots=True)
class IngestSummary:
    guides: tuple[Guide, ...]
    seconds: float
    path: Path

    def lines(self) -> list[str]:
        """One line per guide (and its warnings), then the total."""
        out = []
        for g in self.guides:
            out.append(f"{g.doc} ({g.format}): {len(g.levels)} levels, {len(g.passages)} passages")
            out.extend(f"  warning: {w}" for w in g.warnings)
        levels = sum(len(g.levels) for g in self.guides)
        passages = sum(len(g.passages) for g in self.guides)
        out.append(
            f"ingested {len(self.guides)} guide(s), {levels} levels, {passages} passages "
            f"in {self.seconds:.1f}s -> {self.path}"
        )
        return out


def build_index(
    corpus: Path | Corpus,
    index_dir: Path,
    spec: ModelSpec,
    encoder: Encoder,
    *,
    progress: bool = False,
    export_encoder: bool = True,
    export_from: Path | None = None,
) -> IngestSummary:
    """Parse every guide, embed every passage, export the serving encoder, and swap the new index in.

    The export of the same weights in `export_from` (by default the index being replaced) is reused; with
    no such export, the encoder's model is exported (which needs torch).
    """
    started = time.perf_counter()
    corpus_read = corpus if isinstance(corpus, Corpus) else read_corpus(corpus)
    passages = corpus_read.passages
    embedded = embed_passages(passages, encoder, progress=progress)
    lines, owners = task_lines()
    other_work = (encoder.encode(lines), owners)
    manifest = new_manifest(
        model=spec.name,
        model_sha256=getattr(encoder, "weights_sha256", None) or spec.verify(),
        dim=int(embedded.passages.shape[1]),
        count=len(passages),
        corpus=corpus_read.hashes,
    )
    model = getattr(encoder, "model", None)  # the sentence-transformers model, to export for serving

    previous = export_from or Path(index_dir) / ENCODER_DIR

    def export(folder: Path) -> None:
        from ingest.export import export_onnx, reuse_export

        # The same model exported before is linked, not exported again.
        if not reuse_export(previous, folder / ENCODER_DIR, manifest.model_sha256) and model is not None:
            export_onnx(model, spec, folder / ENCODER_DIR)

    extras = export if export_encoder and (model is not None or previous.is_dir()) else None
    built = build_vectors(embedded.passages)
    ladders = [Ladder(g.doc, g.format, g.title, g.levels, g.acronyms, g.warnings) for g in corpus_read.guides]
    texts = [g.text for g in corpus_read.guides]
    try:
        save_index(Path(index_dir), manifest, passages, ladders, texts, built, embedded.segments, extras, other_work)
    except OSError:
        raise
    except Exception as e:  # a library that ran out of disk says so in its own words ("Wire format was corrupt")
        if shutil.disk_usage(Path(index_dir).parent).free < LOW_DISK:
            raise OSError(errno.ENOSPC, "No space left on device", str(index_dir)) from e
        raise
    return IngestSummary(corpus_read.guides, time.perf_counter() - started, Path(index_dir))
