"""Procurement: quotas, purchases, the floor, seed grain (game.engine.rules.procurement)."""

from __future__ import annotations

import pytest

from game.engine.rules import food, procurement
from tests.engine.rules.conftest import at_season, compiled, ctx, tiny_state


def quota_state(**arrays):
    return at_season(tiny_state(**arrays), 2)  # autumn: four seasons to the next harvest


def test_the_procurement_floor_leaves_the_village_food() -> None:
    state = quota_state(grain_held=[12.0, 12.0], harvest_reported=[100.0, 100.0])
    pol = compiled(procurement="quota", quota=0.6)
    procurement.procure(state, pol, ctx())
    floor = food.food_need(state) * 4 * 0.8
    assert (state.arrays["grain_held"] >= floor - 1e-9).all()
    assert state.arrays["procured_year"][0] > 0


def test_under_full_coercion_the_floor_is_gone() -> None:
    mild = quota_state(grain_held=[12.0, 12.0], harvest_reported=[100.0, 100.0])
    hard = quota_state(grain_held=[12.0, 12.0], harvest_reported=[100.0, 100.0])
    procurement.procure(mild, compiled(procurement="quota", quota=0.6), ctx())
    pol = compiled(procurement="quota", quota=0.6, path="forced", coercion=1.0)
    procurement.procure(hard, pol, ctx())
    assert hard.arrays["grain_held"][0] < mild.arrays["grain_held"][0]


def test_heavy_pressure_takes_the_seed_grain_too() -> None:
    state = quota_state(grain_held=[1.0, 1.0], seed_store=[1.2, 1.2], harvest_reported=[50, 50])
    pol = compiled(procurement="quota", quota=0.6, path="forced", coercion=0.9)
    procurement.procure(state, pol, ctx())
    assert state.arrays["seed_store"][0] < 1.2


def test_quotas_are_set_on_reported_harvests() -> None:
    honest = quota_state(grain_held=[20.0, 20.0], harvest_reported=[8.0, 8.0])
    inflated = quota_state(grain_held=[20.0, 20.0], harvest_reported=[8.0, 12.0])
    pol = compiled(procurement="quota", quota=0.3)
    procurement.procure(honest, pol, ctx())
    procurement.procure(inflated, pol, ctx())
    assert inflated.arrays["procured_year"][1] > honest.arrays["procured_year"][1]
    # the plan shares the quota by reported surplus: the honest region is asked no more
    assert inflated.arrays["procured_year"][0] <= honest.arrays["procured_year"][0] + 1e-12


def test_a_better_price_buys_more_grain() -> None:
    cheap, dear = quota_state(grain_held=[30.0, 30.0]), quota_state(grain_held=[30.0, 30.0])
    procurement.procure(cheap, compiled(procurement="market", price=0.8), ctx())
    procurement.procure(dear, compiled(procurement="market", price=1.6), ctx())
    assert dear.arrays["procured_year"][0] > cheap.arrays["procured_year"][0] > 0


def test_procured_grain_goes_to_the_reserve_less_exports() -> None:
    state = quota_state(grain_held=[30.0, 30.0])
    state.nat["grain_reserve"] = 0.0
    c = ctx()
    procurement.procure(state, compiled(procurement="market", export=0.25), c)
    total = float(state.arrays["procured_year"].sum())
    assert state.nat["grain_reserve"] == pytest.approx(total * 0.75)
    assert c.figures["exported"] == pytest.approx(total * 0.25)


@pytest.mark.parametrize("way", ["quota", "market"])
def test_each_region_explains_what_was_procured(way) -> None:
    state = quota_state(grain_held=[12.0, 12.0], harvest_reported=[100.0, 100.0])
    c = ctx()
    procurement.procure(state, compiled(procurement=way, quota=0.6), c)
    exps = c.regional["procurement"]()
    assert len(exps) == 2
    for r, e in enumerate(exps):
        assert e.value == pytest.approx(state.arrays["procured_year"][r])
        assert e.factors[0].kind == "base"
    labels = {f.label for f in exps[0].factors}
    if way == "market":
        assert "Share peasants sell (price, goods, trust)" in labels
    else:
        assert "Demanded (quota x reported harvest)" in labels
