"""Productivity and mechanisation (game.engine.rules.productivity)."""

from __future__ import annotations

import pytest

from game.engine.rules.productivity import productivity
from tests.engine.rules.conftest import compiled, tiny_state


def half_collective():
    state = tiny_state()
    state.arrays["forms"][:] = [0.5, 0.25, 0.25]
    state.nat["tractors"] = 100.0
    return state


def test_machinery_priority_sends_tractors_to_voluntary_collectives_first() -> None:
    even, first = half_collective(), half_collective()
    p_even = productivity(even, compiled(machinery_priority=0.0))
    p_first = productivity(first, compiled(machinery_priority=1.0))
    assert p_first.mech_vol > p_even.mech_vol
    assert p_first.p_kolk[0] < p_even.p_kolk[0]


def test_tractors_stand_where_they_work_and_add_up_to_the_national_fleet() -> None:
    state = half_collective()
    productivity(state, compiled())
    assert float(state.arrays["tractors"].sum()) == pytest.approx(100.0)


def test_the_drive_disorganises_kolkhoz_work() -> None:
    calm, driven = half_collective(), half_collective()
    p_calm = productivity(calm, compiled(path="voluntary", coercion=1.0))
    p_driven = productivity(driven, compiled(path="forced", coercion=1.0))
    assert p_driven.p_kolk[0] == pytest.approx(p_calm.p_kolk[0] - 0.12 * (0.9 + 0.05 * 2.0))
