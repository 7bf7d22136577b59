"""Trust, unrest, revolt, cadres and factions (game.engine.rules.society)."""

from __future__ import annotations

import pytest

from game.engine.rules import society
from tests.engine.rules.conftest import compiled, ctx, tiny_state


def test_hunger_lowers_trust_and_raises_unrest() -> None:
    state = tiny_state(hunger=[0.0, 0.5])
    society.update_trust_and_unrest(state, compiled(), ctx())
    a = state.arrays
    assert (a["trust"][1] < a["trust"][0]).all()
    assert a["unrest"][1] - a["unrest"][0] >= 0.35 * 0.5  # and a little more for lost trust


def test_a_revolt_starts_above_one_level_and_ends_below_a_lower_one() -> None:
    state = tiny_state(unrest=[0.9, 0.6], revolt=[0.0, 1.0])
    c = ctx()
    society.update_trust_and_unrest(state, compiled(), c)
    assert state.arrays["unrest"][1] > society.REVOLT_OFF
    assert state.arrays["revolt"].tolist() == [1.0, 1.0]
    assert any("revolt in North" in e for e in c.events)


def test_cadres_arrive_and_some_go_home() -> None:
    state = tiny_state(cadres=[10.0, 10.0])
    society.move_cadres(state, compiled(cadres=20.0))
    assert state.arrays["cadres"].tolist() == pytest.approx([19.3, 19.3])
