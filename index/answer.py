"""/ask: the best sentence of the best passage, and how sure we are the guides answer at all."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from core.model import Passage, sentence_spans
from index.search import SearchHit


@dataclass(frozen=True, slots=True)
class Calibration:
    """confidence = sigmoid(weight * cosine + bias), fitted on in-domain vs unrelated questions."""

    weight: float
    bias: float
    threshold: float = 0.5

    def confidence(self, cosine: float) -> float:
        return 1.0 / (1.0 + math.exp(-(self.weight * cosine + self.bias)))

    @classmethod
    @cache
    def default(cls) -> Calibration:
        data = json.loads(resources.files("index").joinpath("data/ask.json").read_text("utf-8"))
        return cls(weight=data["weight"], bias=data["bias"], threshold=data["threshold"])


def fit_calibration(in_domain: Sequence[float], unrelated: Sequence[float], *, l2: float = 1e-2) -> Calibration:
    """Logistic regression of answerable (1) against unrelated (0) on the top hit's cosine.

    Newton's method on one feature: small, exact, and no dependency to pin.
    """
    x = np.array([*in_domain, *unrelated], dtype=np.float64)
    y = np.array([1.0] * len(in_domain) + [0.0] * len(unrelated))
    weights = np.zeros(2)  # slope, intercept
    features = np.stack([x, np.ones_like(x)], axis=1)
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-features @ weights))
        gradient = features.T @ (p - y) + l2 * np.array([weights[0], 0.0])
        hessian = (features * (p * (1 - p))[:, None]).T @ features + l2 * np.diag([1.0, 0.0])
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-9:
            break
    return Calibration(weight=round(float(weights[0]), 4), bias=round(float(weights[1]), 4))


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    passage: Passage
    confidence: float


def answer_sentence(passage: Passage, segment: tuple[int, int] | None) -> str:
    """The sentence that holds the passage's best-matching segment."""
    sentences = sentence_spans(passage.text)
    if segment is not None:
        for start, end in sentences:
            if start <= segment[0] and segment[1] <= end:
                return passage.text[start:end]
    start, end = sentences[0]
    return passage.text[start:end]


def answer(hits: Sequence[SearchHit], calibration: Calibration) -> Answer | None:
    """The best hit's best sentence, or None when the guides do not answer the question."""
    if not hits:
        return None
    top = hits[0]
    confidence = calibration.confidence(top.dense)
    if confidence < calibration.threshold:
        return None
    return Answer(text=answer_sentence(top.passage, top.segment), passage=top.passage, confidence=round(confidence, 4))
