"""apply._settle's scalar path gives what the numpy path gives, bit for bit."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from game.cards.apply import _settle


def _numpy(new, cur, lo, hi):
    arr = np.asarray(new, dtype=np.float64)
    arr = np.where(np.isnan(arr), np.asarray(cur, dtype=np.float64), arr)
    return float(np.clip(np.nan_to_num(arr, nan=lo, posinf=hi, neginf=lo), lo, hi))


@given(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(allow_nan=True, allow_infinity=True) | st.integers(-5, 5),
    st.floats(-1e6, 0.0),
    st.floats(0.0, 1e6),
)
def test_scalar_settle_matches_numpy(new, cur, lo, hi) -> None:
    got, want = _settle(new, cur, lo, hi), _numpy(new, cur, lo, hi)
    assert type(got) is float
    assert got == want and math.copysign(1, got) == math.copysign(1, want)
