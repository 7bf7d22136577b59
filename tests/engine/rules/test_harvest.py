"""Weather, sowing and the harvest (game.engine.rules.harvest)."""

from __future__ import annotations

import pytest

from game.engine import constants as C
from game.engine.rules import harvest
from game.engine.rules.productivity import productivity
from tests.engine.rules.conftest import at_season, compiled, ctx, tiny_state


def reap(state, **policy):
    pol = compiled(**policy)
    harvest.harvest(at_season(state, 2), pol, productivity(state, pol), ctx())
    return state.arrays


def test_reported_harvest_is_the_true_one_inflated_by_the_local_bias() -> None:
    a = reap(tiny_state(report_bias=[0.0, 0.25]))
    assert a["harvest_reported"][0] == pytest.approx(a["harvest_true"][0])
    assert a["harvest_reported"][1] == pytest.approx(a["harvest_true"][1] * 1.25)


def test_seed_for_next_spring_is_set_aside_first() -> None:
    a = reap(tiny_state(grain_held=[0.0, 0.0]))
    assert a["seed_store"][0] == pytest.approx(10.0 * C.SEED_PER_HA)
    assert a["grain_held"][0] == pytest.approx(a["harvest_true"][0] - a["seed_store"][0])


def test_bad_weather_and_a_bad_sowing_cut_the_harvest() -> None:
    a = reap(tiny_state(weather=[1.0, 0.6], sown_factor=[1.0, 1.0]))
    assert a["harvest_true"][1] == pytest.approx(a["harvest_true"][0] * 0.6)
    b = reap(tiny_state(sown_factor=[1.0, 0.5]))
    assert b["harvest_true"][1] == pytest.approx(b["harvest_true"][0] * 0.5)


def test_households_driven_in_disrupt_the_sowing() -> None:
    state, c = tiny_state(seed_store=[1.2, 1.2]), ctx()
    c.flow("forced_join")[:] = [0.0, 0.5]
    harvest.sow(state, c)
    assert state.arrays["sown_factor"].tolist() == pytest.approx([1.0, 0.8])
