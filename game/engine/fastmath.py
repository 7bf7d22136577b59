"""Small-array helpers: numpy's generic mean costs ~10 us of Python per call,
which adds up across a turn on arrays of a dozen regions."""

from __future__ import annotations

from typing import Any

import numpy as np

_add_reduce = np.add.reduce
_max_reduce = np.maximum.reduce
_count_nonzero = np.count_nonzero
# `add_reduce(x, axis)` is `x.sum(axis)` (the same ufunc reduction, so the same bits) without
# ndarray.sum's Python wrapper; the rules reduce a hundred small arrays a season.
add_reduce = np.add.reduce


def total(x: np.ndarray) -> Any:
    """Sum of all elements: what `x.sum()` computes (the same ufunc reduction, so the
    same bits), without ndarray.sum's Python wrapper (~1.5 us a call; a season sums
    a few hundred small arrays)."""
    return _add_reduce(x, None)


def max_all(x: np.ndarray) -> Any:
    """Largest element: what `x.max()` computes (ndarray.max is np.maximum.reduce over all
    axes), without its Python wrapper; the bots read the worst hunger every season."""
    return _max_reduce(x, None)


def any_true(x: np.ndarray) -> bool:
    """`bool(x.any())`: whether any element is nonzero (NaN counts, -0.0 does not), asked
    through np.count_nonzero, which counts in C without the ufunc machinery (~0.3 us a
    call, against ~0.9 us for np.logical_or.reduce and ~1.5 us for ndarray.any; the
    rules ask a dozen times a season)."""
    return _count_nonzero(x) != 0


def mean(x: np.ndarray) -> float:
    """Mean of all elements, as a float."""
    return float(_add_reduce(x, None)) / x.size


def clip_float(x: float, lo: float, hi: float) -> float:
    """`float(clip(x, lo, hi))` for one number, in plain Python: the ufunc costs ~2 us on
    a scalar, and the rules clip a few dozen national figures a season. The same bits:
    a NaN stays NaN, and a value equal to a bound is kept as it is (-0.0 stays -0.0), as
    numpy's clip does (tests/engine/test_fast_checks.py holds the two together)."""
    return float(lo if x < lo else hi if x > hi else x)


try:  # the ufunc itself skips np.clip's Python-level argument handling (~4 us a call)
    from numpy._core.umath import clip as clip
except ImportError:  # pragma: no cover - other numpy layouts
    clip = np.clip
