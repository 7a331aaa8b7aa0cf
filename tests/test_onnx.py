"""The served encoder (the ONNX export) against sentence-transformers, on the real corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from index.store import load_index
from ingest.embed import ModelError, ModelSpec, embedding_text
from ingest.onnx import ENCODER_DIR, OnnxEncoder
from service.engine import load_encoder, load_engine
from service.settings import Settings


@pytest.fixture(scope="module")
def texts(index_dir: Path) -> list[str]:
    index = load_index(index_dir)
    return [embedding_text(p) for p in index.passages] + ["who writes the PRDs", "org design", "x"]


@pytest.fixture(scope="module")
def reference(settings: Settings, texts: list[str]) -> np.ndarray:
    return load_encoder(settings)[1].encode(texts)


def test_float_export_matches_torch(index_dir: Path, texts: list[str], reference: np.ndarray) -> None:
    """The default serving encoder: cosine >= 0.99 with sentence-transformers for every text."""
    vectors = OnnxEncoder(index_dir / ENCODER_DIR, quantized=False).encode(texts)
    cosines = (vectors * reference).sum(axis=1)
    assert cosines.min() >= 0.99


def test_int8_export_stays_close(index_dir: Path, texts: list[str], reference: np.ndarray) -> None:
    """The optional int8 encoder (LADDER_ENCODER=onnx-int8): mean cosine >= 0.99, none below 0.97."""
    cosines = (OnnxEncoder(index_dir / ENCODER_DIR, quantized=True).encode(texts) * reference).sum(axis=1)
    assert cosines.mean() >= 0.99
    assert cosines.min() >= 0.97


def test_batches_keep_their_order(index_dir: Path, texts: list[str]) -> None:
    encoder = OnnxEncoder(index_dir / ENCODER_DIR, quantized=False)
    together = encoder.encode(texts)
    alone = np.stack([encoder.encode([t])[0] for t in texts[:5]])
    assert np.allclose(together[:5], alone, atol=1e-5)


def test_the_service_serves_onnx_without_torch(settings: Settings) -> None:
    """A fresh process loads the engine on onnxruntime and never imports torch."""
    import subprocess

    code = (
        "import sys; from service.engine import load_engine; from service.settings import load_settings; "
        f"e = load_engine(load_settings(index_dir={str(settings.index_dir)!r})); "
        "print(type(e.encoder).__name__, 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["OnnxEncoder", "False"]


def test_engine_uses_onnx_by_default(settings: Settings) -> None:
    assert type(load_engine(settings).encoder).__name__ == "OnnxEncoder"


def test_model_weights_are_checked_against_their_hash(tmp_path: Path) -> None:
    """A model folder whose weights do not match the pinned sha256 is refused."""
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"not the weights")
    with pytest.raises(ModelError, match="expected 0000"):
        ModelSpec(path=folder, name="mine", sha256="0" * 64).verify()
    assert len(ModelSpec(path=folder, name="mine").verify()) == 64  # no pin: hash recorded, not checked
    with pytest.raises(ModelError, match="does not exist"):
        ModelSpec(path=tmp_path / "absent", name="x").verify()
