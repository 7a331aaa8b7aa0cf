"""The ingest pipeline: corpus folder -> passages -> embeddings -> index folder."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from ingest.embed import Encoder, ModelSpec, embedding_text
from ingest.parse import Guide, GuideError, read_guide_file
from ingest.passages import Passage, segment_spans

GUIDE_SUFFIXES = (".txt", ".md", ".markdown")


@dataclass(frozen=True, slots=True)
class Corpus:
    guides: tuple[Guide, ...]
    hashes: dict[str, str]

    @property
    def passages(self) -> list[Passage]:
        return [p for g in self.guides for p in g.passages]


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


def guide_files(corpus: Path) -> list[Path]:
    corpus = Path(corpus)
    if corpus.is_file():
        return [corpus]
    if not corpus.is_dir():
        raise GuideError(f"corpus folder {corpus} does not exist (check LADDER_CORPUS)")
    files = sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix.lower() in GUIDE_SUFFIXES)
    if not files:
        raise GuideError(f"corpus folder {corpus} holds no .txt or .md guide")
    return files


def read_corpus(corpus: Path) -> Corpus:
    guides, hashes = [], {}
    for path in guide_files(corpus):
        text, guide = read_guide_file(path)
        guides.append(guide)
        hashes[path.name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Corpus(guides=tuple(guides), hashes=hashes)


def ingest(
    corpus: Path,
    index_dir: Path,
    spec: ModelSpec,
    encoder: Encoder,
    *,
    progress: bool = False,
    export_encoder: bool = True,
) -> IngestSummary:
    """Parse every guide, embed every passage, export the serving encoder, and swap the new index in."""
    from index.store import build_vectors, new_manifest, save_index

    started = time.perf_counter()
    parsed = read_corpus(corpus)
    passages = parsed.passages
    texts = [embedding_text(p) for p in passages]
    segments = [embedding_text(p, span) for p in passages for span in segment_spans(p.text)]
    # One batch: a progress bar over all of it, and the encoder sorts by length across both.
    vectors = encoder.encode(texts + segments, show_progress=progress)
    vectors, segment_vectors = vectors[: len(texts)], vectors[len(texts) :]
    manifest = new_manifest(
        model=spec.name,
        model_sha256=spec.verify(),
        dim=int(vectors.shape[1]),
        count=len(passages),
        corpus=parsed.hashes,
    )
    model = getattr(encoder, "model", None)  # the sentence-transformers model, to export for serving

    def export(folder: Path) -> None:
        from ingest.onnx import ENCODER_DIR, export_onnx, reuse_export

        # The same model exported for the index being replaced is linked, not exported again.
        if not reuse_export(Path(index_dir) / ENCODER_DIR, folder / ENCODER_DIR, manifest.model_sha256):
            export_onnx(model, spec, folder / ENCODER_DIR)

    extras = export if export_encoder and model is not None else None
    save_index(Path(index_dir), manifest, passages, build_vectors(vectors), segment_vectors, extras)
    return IngestSummary(
        guides=len(parsed.guides),
        levels=sum(len(g.levels) for g in parsed.guides),
        passages=len(passages),
        seconds=time.perf_counter() - started,
        path=Path(index_dir),
    )
