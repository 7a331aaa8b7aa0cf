"""What each passage is embedded as, and embedding a corpus's passages and their segments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.encoder import Encoder
from core.model import Passage, segment_spans


def embedding_text(passage: Passage, span: tuple[int, int] | None = None) -> str:
    """A passage's text with the context a reader sees around it (with `span`, one segment of it).

    The section label and the level's names are part of its meaning ("who writes
    the PRDs" is answered by the APM's specification-writing line); the level
    goes last, since first it would dominate a short passage's vector.
    """
    level = ""
    if passage.level:
        names = dict.fromkeys((passage.level.title, passage.level.short))
        level = f" ({', '.join(names)})"
    text = passage.text[span[0] : span[1]] if span else passage.text
    return f"{passage.context}: {text}{level}"


@dataclass(frozen=True, slots=True)
class Embedded:
    passages: np.ndarray  # one row per passage
    segments: np.ndarray  # one row per segment, passages in order


def embed_passages(passages: Sequence[Passage], encoder: Encoder, *, progress: bool = False) -> Embedded:
    texts = [embedding_text(p) for p in passages]
    segments = [embedding_text(p, span) for p in passages for span in segment_spans(p.text)]
    # One call: one progress bar, and the encoder orders the texts by length across both.
    vectors = encoder.encode(texts + segments, show_progress=progress)
    return Embedded(vectors[: len(texts)], vectors[len(texts) :])
