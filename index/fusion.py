"""Score fusion: one small function per formula (tests call them directly)."""

from __future__ import annotations

import numpy as np


def minmax(scores: np.ndarray) -> np.ndarray:
    """Scale to [0, 1]; a flat score list becomes all zeros (it tells nothing apart)."""
    if scores.size == 0:
        return scores
    low, high = float(scores.min()), float(scores.max())
    if high - low < 1e-9:
        return np.zeros_like(scores)
    return (scores - low) / (high - low)


def maxnorm(scores: np.ndarray) -> np.ndarray:
    """Divide by the best score: keeps how far apart the scores are, unlike min-max."""
    if scores.size == 0:
        return scores
    high = float(scores.max())
    return scores / high if high > 1e-9 else np.zeros_like(scores)


NORMALIZERS = {"minmax": minmax, "max": maxnorm}


def weighted_fusion(
    dense: np.ndarray, keyword: np.ndarray, keyword_weight: float, normalization: str = "minmax"
) -> np.ndarray:
    """Convex mix of the normalised dense and keyword scores."""
    norm = NORMALIZERS[normalization]
    return (1.0 - keyword_weight) * norm(dense) + keyword_weight * norm(keyword)
