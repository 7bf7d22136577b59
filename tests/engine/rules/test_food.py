"""Food and famine: cities, relief, trade, rationing, hunger, deaths (game.engine.rules.food)."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine import constants as C
from game.engine.rules import food
from tests.engine.rules.conftest import at_season, compiled, ctx, tiny_state


def test_trade_moves_grain_from_surplus_to_deficit_regions() -> None:
    state = at_season(tiny_state(grain_held=[0.0, 20.0]), 0)
    need = food.food_need(state)
    food.trade_between_regions(state, compiled(), need, np.zeros(2), 2, ctx())
    north, south = state.arrays["grain_held"]
    assert north > 0 and south < 20.0
    assert north + south == pytest.approx(20.0)


def test_the_drive_against_private_trade_cuts_the_flow() -> None:
    free, driven = tiny_state(grain_held=[0.0, 20.0]), tiny_state(grain_held=[0.0, 20.0])
    need = food.food_need(free)
    food.trade_between_regions(free, compiled(), need, np.zeros(2), 2, ctx())
    pol = compiled(path="forced", coercion=1.0)
    food.trade_between_regions(driven, pol, need, np.zeros(2), 2, ctx())
    assert 0 < driven.arrays["grain_held"][0] < free.arrays["grain_held"][0]


def test_people_eat_before_the_herds() -> None:
    state = at_season(tiny_state(), 1)  # summer: one season to the harvest
    just_food = food.food_need(state)
    state.arrays["grain_held"][:] = just_food
    ate = food.ration_villages(state, compiled(), ctx())
    assert ate.hunger.tolist() == [0.0, 0.0]
    assert ate.fodder_short.tolist() == [1.0, 1.0]


def test_hunger_is_the_share_of_food_need_not_met() -> None:
    state = at_season(tiny_state(cattle=[0, 0], horses=[0, 0]), 1)
    state.arrays["grain_held"][:] = food.food_need(state) * [0.5, 0.75]  # no surplus to trade
    food.ration_villages(state, compiled(), ctx())
    assert state.arrays["hunger"].tolist() == pytest.approx([0.5, 0.25])


def test_famine_deaths_rise_steeply_with_hunger() -> None:
    state = tiny_state(hunger=[0.05, 0.45])
    deaths = food.famine(state, ctx())
    assert deaths[0] == 0.0
    assert deaths[1] == pytest.approx(4.9 * C.FAMINE_K * 0.4**C.FAMINE_POWER)
    assert state.arrays["famine_deaths"].tolist() == pytest.approx(deaths.tolist())


def test_relief_goes_first_where_hunger_is_worse() -> None:
    state = tiny_state(hunger=[0.0, 0.6], grain_held=[0.0, 0.0])
    state.nat["grain_reserve"] = 100.0
    food.give_relief(state, compiled(relief=2.0), ctx())
    north, south = state.arrays["grain_held"]
    assert south / north == pytest.approx(0.9 / 0.3)
    assert state.nat["grain_reserve"] == pytest.approx(100.0 - north - south)


def test_a_short_reserve_cuts_relief_for_everyone_alike() -> None:
    state = tiny_state(hunger=[0.2, 0.2], grain_held=[0.0, 0.0])
    state.nat["grain_reserve"] = 0.25
    food.give_relief(state, compiled(relief=2.0), ctx())
    assert state.arrays["grain_held"].tolist() == pytest.approx([0.125, 0.125])
    assert state.nat["grain_reserve"] == pytest.approx(0.0)


def test_cities_go_short_when_the_reserve_runs_out() -> None:
    state = tiny_state()
    need = C.URBAN_NEED_1928 / 4
    state.nat["grain_reserve"] = need / 2
    food.feed_cities(state, ctx())
    assert state.nat["urban_food"] == pytest.approx(0.5)
    assert state.nat["grain_reserve"] == 0.0


def test_each_region_explains_the_grain_left_in_its_villages() -> None:
    from tests.engine.rules.conftest import compiled, ctx, tiny_state

    state = tiny_state(grain_held=[12.0, 1.0])
    c = ctx()
    food.ration_villages(state, compiled(), c)
    for r, e in enumerate(c.regional["grain_held"]()):
        assert e.value == pytest.approx(state.arrays["grain_held"][r])
        moved = sum(f.value for f in e.factors if f.kind == "add")
        assert e.factors[0].value + moved == pytest.approx(e.value)


def kolkhoz_village(**arrays):
    state = tiny_state(**arrays)
    state.arrays["forms"][:] = [0.0, 0.0, 1.0]
    return state


def test_the_plot_and_the_cow_feed_the_kolkhoz_household() -> None:
    """With the charter's plot a kolkhoz household needs less grain, as much less as its
    stock is whole; without the plot, or on private farms, the need is the same."""
    state = kolkhoz_village()
    plain = food.food_need(state, None, compiled(household_plot=False))
    plot = food.food_need(state, None, compiled(household_plot=True))
    np.testing.assert_allclose(plot, plain * (1 - C.PLOT_FOOD))
    private = tiny_state()
    np.testing.assert_allclose(
        food.food_need(private, None, compiled(household_plot=True)), food.food_need(private)
    )
    halved = kolkhoz_village()
    for k in ("cattle", "horses", "pigs", "sheep"):
        halved.arrays[k] *= 0.5
    less = food.food_need(halved, None, compiled(household_plot=True))
    assert (plot < less).all() and (less < plain).all()


def test_a_nomad_settled_by_force_has_no_garden() -> None:
    steppe = kolkhoz_village(herd_food=[0.6, 0.6])
    np.testing.assert_allclose(
        food.food_need(steppe, None, compiled(household_plot=True)), food.food_need(steppe)
    )


def test_the_plot_keeps_a_kolkhoz_village_fed_on_short_grain() -> None:
    """On the same short grain, villages with plots go less hungry."""
    hungry = {}
    for plot in (False, True):
        state = at_season(kolkhoz_village(grain_held=[0.2, 0.2]), 1)
        food.ration_villages(state, compiled(household_plot=plot), ctx())
        hungry[plot] = float(state.arrays["hunger"][0])
    assert hungry[True] < hungry[False]
