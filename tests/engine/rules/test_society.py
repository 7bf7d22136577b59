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


def test_the_most_cadres_a_region_can_hold_fit_the_declared_range() -> None:
    """Given a region sent the cadres lever's top every season for a hundred years, its
    cadres settle at top / (1 - retention): inside the figure's declared range (it was
    0..200 while play reached 309)."""
    from game.engine.vocab import LEVER, REGIONAL

    state = tiny_state()
    top = LEVER["cadres"].hi
    pol = compiled({"north": {"cadres": top}})
    for _ in range(400):
        society.move_cadres(state, pol)
    held = state.arrays["cadres"][0]
    assert held == pytest.approx(top / (1 - society.C.CADRE_RETENTION), rel=1e-6)
    assert held <= REGIONAL["cadres"].hi
