"""A fake encoder for the fast tests: no model, deterministic vectors from a text's words."""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from core.encoder import Encoder, TokenStates

DIM = 32


def word_vector(word: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
    return np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)


class FakeEncoder:
    """Texts that share words get similar vectors; it counts its calls and can be made to wait."""

    dim = DIM

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.gate: threading.Event | None = None  # when set by a test, every call waits for it

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        self.calls.append(list(texts))
        if self.gate is not None:
            self.gate.wait(timeout=30)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                out[row] += word_vector(word)
            if not out[row].any():
                out[row, 0] = 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def token_states(self, texts: Sequence[str]) -> list[TokenStates]:
        """Each word a piece, its state the word's own vector."""
        pieces = [("[CLS]", *re.findall(r"[a-z0-9]+", t.lower()), "[SEP]") for t in texts]
        return [TokenStates(p, np.stack([word_vector(w) for w in p])) for p in pieces]


class MemoEncoder:
    """A real encoder that encodes each distinct text once per test run.

    The quality tests read the same postings, questions and guides again and again; the vectors are the
    real model's either way. `save` and `load` keep them for the next run of the same model and libraries.
    """

    def __init__(
        self,
        inner: Encoder,
        vectors: dict[str, np.ndarray] | None = None,
        states: dict[tuple[str, ...], list[TokenStates]] | None = None,
    ) -> None:
        self.inner = inner
        self.dim = inner.dim
        self.vectors = {} if vectors is None else vectors  # shared by encoders that run the same model file
        self.states = {} if states is None else states  # by the texts of a call: a call's states are its batch's

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        if name == "inner":  # not set yet (a copy): no endless lookup
            raise AttributeError(name)
        return getattr(self.inner, name)  # `model`, for the ONNX export of an index build

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if missing:
            self.vectors.update(zip(missing, self.inner.encode(missing, show_progress=show_progress), strict=True))
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        return np.stack([self.vectors[t] for t in texts])

    def token_states(self, texts: Sequence[str]) -> list[TokenStates]:
        key = tuple(texts)
        if key not in self.states:
            self.states[key] = self.inner.token_states(texts)
        return self.states[key]

    def load(self, path: Path) -> None:
        """The vectors a previous run saved, if any (a damaged file is ignored: they are encoded again)."""
        try:
            with open(path, "rb") as f, np.load(f, allow_pickle=False) as saved:
                texts = json.loads(saved["texts"].tobytes())
                self.vectors.update(zip(texts, saved["vectors"], strict=True))
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            pass

    def save(self, path: Path) -> None:
        """Every vector this run has, written atomically (two runs at once: the last one's file stays)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.npz")
        texts = np.frombuffer(json.dumps(list(self.vectors)).encode(), dtype=np.uint8)
        try:
            np.savez(partial, texts=texts, vectors=np.stack(list(self.vectors.values())))
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
