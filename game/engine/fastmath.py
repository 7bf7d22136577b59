"""Small-array helpers: numpy's generic mean costs ~10 us of Python per call,
which adds up across a turn on arrays of a dozen regions."""

from __future__ import annotations

import numpy as np


def mean(x: np.ndarray) -> float:
    """Mean of all elements, as a float."""
    return float(x.sum()) / x.size


try:  # the ufunc itself skips np.clip's Python-level argument handling (~4 us a call)
    from numpy._core.umath import clip as clip
except ImportError:  # pragma: no cover - other numpy layouts
    clip = np.clip
