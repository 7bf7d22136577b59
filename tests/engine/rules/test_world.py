"""The world outside (game.engine.rules.world)."""

from __future__ import annotations

import pytest

from game.engine.rules import world
from tests.engine.rules.conftest import compiled, ctx, tiny_state


def test_terror_in_the_countryside_feeds_the_red_scare() -> None:
    calm, terror = tiny_state(), tiny_state()
    world.update_world(calm, compiled(), ctx())
    world.update_world(terror, compiled(path="forced", coercion=1.0), ctx())
    assert terror.nat["red_scare"] > calm.nat["red_scare"]


def test_a_united_german_left_makes_a_nazi_seizure_of_power_unlikely() -> None:
    chances = []
    for unity in (0.0, 1.0):
        state = tiny_state()
        state.start_year, state.turn = 1932, 3  # winter 1932-33: Germany decides
        state.nat["german_left_unity"] = unity
        c = ctx()
        world.update_world(state, compiled(), c)
        assert state.nat["germany"] in (world.NAZI, world.WEIMAR_HOLDS)
        chances.append(c.figures["p_nazi"])
    assert chances[0] - chances[1] == pytest.approx(0.75)
