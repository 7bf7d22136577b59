"""Rule-level tests for the regional economy of issue #9: one rule, two numbers each.

Given a starting state, change one thing, call one rule, and check one figure:
a swapped coefficient fails here even when a whole campaign still lands in the
calibration bands.
"""

import numpy as np
import pytest

from game.engine import constants as C
from game.engine.context import TurnContext
from game.engine.decisions import Decisions, Policy, RegionOverride, compile_decisions
from game.engine.rules import food, harvest, herds, procurement
from game.engine.scenario import new_state
from game.engine.state import KOLKHOZ, PRIVATE


def state():
    return new_state("great-turn-1928", seed=0)


def compiled(st, policy=None, **overrides):
    d = Decisions(policy or Policy(), {k: RegionOverride(**v) for k, v in overrides.items()})
    return compile_decisions(d.validate(st.region_ids), st.region_ids)


def idx(st, rid):
    return st.region_index(rid)


# --- procurement by region --------------------------------------------------------
def test_quota_falls_on_the_grain_belt_not_the_consumer_north():
    st = state()
    ctx = TurnContext(st.n_regions)
    st.turn = 2  # autumn
    held0 = st.arrays["grain_held"].copy()
    st.arrays["grain_held"][:] += st.arrays["harvest_true"]
    pol = compiled(st, Policy(procurement="quota", quota=0.3))
    procurement.procure(st, pol, ctx)
    share = st.arrays["procured_year"] / st.arrays["harvest_true"]
    assert share[idx(st, "north_caucasus")] > 2 * share[idx(st, "central_industrial")]
    assert share[idx(st, "ukraine")] > 2 * share[idx(st, "north_west")]
    assert held0 is not None


def test_demand_beyond_the_real_surplus_strains_and_costs_trust():
    st = state()
    st.turn = 2
    st.arrays["grain_held"][:] = st.arrays["harvest_true"] * 0.5
    trust0 = st.arrays["trust"].copy()
    low = st.copy()
    procurement.procure(low, compiled(low, Policy(procurement="quota", quota=0.1)), TurnContext(12))
    procurement.procure(st, compiled(st, Policy(procurement="quota", quota=0.6)), TurnContext(12))
    assert st.arrays["quota_strain"].sum() > low.arrays["quota_strain"].sum() + 0.05
    assert (st.arrays["trust"] <= low.arrays["trust"]).all()
    assert (st.arrays["trust"] < trust0).any()


def test_the_market_takes_a_few_mt_then_each_mt_earns_less_and_buyers_stop():
    first = procurement.export_earnings(1928, 0.0, 1.0)
    fifth = procurement.export_earnings(1928, 4.0, 5.0)
    assert fifth < 0.5 * first
    assert procurement.export_earnings(1932, 0.0, 1.0) < 0.6 * first  # the Depression
    st = state()
    st.turn = 2
    st.arrays["grain_held"][:] += st.arrays["harvest_true"] * 3
    ctx = TurnContext(12)
    procurement.procure(st, compiled(st, Policy(procurement="quota", quota=0.6, export=0.8)), ctx)
    assert st.nat["exports_year"] <= C.EXPORT_CAP_MT + 1e-9


def test_deficit_regions_are_fed_through_rations_while_the_reserve_lasts():
    st = state()
    ci = idx(st, "central_industrial")
    uk = idx(st, "ukraine")
    before = st.arrays["grain_held"].copy()
    food.feed_cities(st, TurnContext(12))
    assert st.arrays["grain_held"][ci] > before[ci]
    assert st.arrays["grain_held"][uk] == before[uk]
    empty = state()
    empty.nat["grain_reserve"] = 0.0
    b2 = empty.arrays["grain_held"].copy()
    food.feed_cities(empty, TurnContext(12))
    assert empty.arrays["grain_held"][ci] == b2[ci]


def test_the_steppe_eats_from_its_herds_until_they_die():
    st = state()
    kz = idx(st, "kazakhstan")
    need0 = food.food_need(st)[kz]
    for sp in herds.SPECIES:
        st.arrays[sp][kz] *= 0.1
    assert food.food_need(st)[kz] > 1.8 * need0
    uk = idx(st, "ukraine")
    assert food.food_need(st)[uk] < 1.1 * food.food_need(state())[uk]


# --- herds ------------------------------------------------------------------------
def test_the_drive_destroys_the_herds_of_the_steppe_only():
    st = state()
    pol = compiled(st, Policy(path="forced", target=0.9, coercion=0.8))
    sheep0 = st.arrays["sheep"].copy()
    herds.sedentarise(st, pol, TurnContext(12))
    lost = 1 - st.arrays["sheep"] / sheep0
    assert lost[idx(st, "kazakhstan")] > 0.2
    assert lost[idx(st, "ukraine")] == 0.0


def test_pigs_are_slaughtered_first_when_households_are_driven_in():
    st = state()
    joining = st.arrays["households"] * 0.5
    before = {sp: st.arrays[sp].sum() for sp in herds.SPECIES}
    herds.slaughter_on_joining(st, compiled(st), np.zeros_like(joining), joining, TurnContext(12))
    lost = {sp: 1 - st.arrays[sp].sum() / before[sp] for sp in herds.SPECIES}
    assert lost["pigs"] > lost["cattle"] > lost["horses"]


def test_households_keeping_a_cow_slaughter_less():
    def lost(plot):
        st = state()
        joining = st.arrays["households"] * 0.5
        pol = compiled(st, Policy(path="forced", household_plot=plot))
        c0 = st.arrays["cattle"].sum()
        herds.slaughter_on_joining(st, pol, np.zeros_like(joining), joining, TurnContext(12))
        return 1 - st.arrays["cattle"].sum() / c0

    assert lost(True) < 0.7 * lost(False)


def test_a_cow_and_a_plot_let_kolkhoz_herds_recover():
    def grown(plot):
        st = state()
        st.arrays["forms"][:, :, :] = 0.0
        st.arrays["forms"][:, :, KOLKHOZ] = 1.0
        st.arrays["kolk_age"][:] = 5.0
        st.arrays["cattle"] *= 0.5
        pol = compiled(st, Policy(path="forced", household_plot=plot))
        c0 = st.arrays["cattle"].sum()
        st.arrays["hunger"][:] = 0.0
        herds.tend_herds(st, pol, np.zeros(12), TurnContext(12))
        return st.arrays["cattle"].sum() / c0

    assert grown(True) > grown(False) + 0.01


# --- sowing and recovery ----------------------------------------------------------
def test_peasants_sow_less_when_the_state_takes_too_much():
    st = state()
    heavy = st.copy()
    heavy.arrays["procured_year"][:] = heavy.arrays["harvest_true"] * 0.5
    pol = compiled(st)
    harvest.sown_area(st, pol, TurnContext(12))
    harvest.sown_area(heavy, pol, TurnContext(12))
    assert heavy.arrays["area"].sum() < st.arrays["area"].sum() - 2.0


def test_a_heavy_tax_is_a_tax_on_sowing():
    st = state()
    taxed = st.copy()
    harvest.sown_area(st, compiled(st), TurnContext(12))
    tax = {"batrak": 0.0, "bednyak": 0.3, "serednyak": 0.5, "kulak": 0.5}
    harvest.sown_area(taxed, compiled(taxed, Policy(tax=tax)), TurnContext(12))
    assert taxed.arrays["area"].sum() < st.arrays["area"].sum() - 2.0


def test_kolkhozes_sow_the_plan():
    st = state()
    st.arrays["forms"][:, :, :] = 0.0
    st.arrays["forms"][:, :, KOLKHOZ] = 1.0
    st.arrays["unrest"][:] = 0.0
    harvest.sown_area(st, compiled(st), TurnContext(12))
    assert st.arrays["area"].sum() > st.arrays["area_base"].sum() * 1.02


def test_the_land_recovers_from_war_where_the_village_is_calm():
    st = new_state("free-soviets-1921", seed=0)
    y0 = st.arrays["base_yield"].copy()
    assert (st.arrays["yield_potential"] > y0).all()
    calm = st.copy()
    calm.arrays["unrest"][:] = 0.0
    harvest.sown_area(calm, compiled(calm), TurnContext(12))
    driven = st.copy()
    driven.arrays["unrest"][:] = 0.0
    harvest.sown_area(
        driven, compiled(driven, Policy(path="forced", coercion=1.0)), TurnContext(12)
    )
    assert (calm.arrays["base_yield"] > y0).all()
    assert np.allclose(driven.arrays["base_yield"], y0)


def test_private_share_unchanged_by_sowing_rule():
    st = state()
    f0 = st.arrays["forms"][:, :, PRIVATE].copy()
    harvest.sown_area(st, compiled(st), TurnContext(12))
    assert np.array_equal(st.arrays["forms"][:, :, PRIVATE], f0)


# --- difficulty -------------------------------------------------------------------
@pytest.mark.parametrize("key", ["weather_spread", "report_push", "ousted_turns", "ousted_level"])
def test_difficulty_changes_the_world(key):
    easy = new_state("great-turn-1928", 0, "easy").params["difficulty_settings"][key]
    hard = new_state("great-turn-1928", 0, "hard").params["difficulty_settings"][key]
    assert easy != hard


def test_difficulty_moves_the_reserve_and_the_weather():
    easy = new_state("great-turn-1928", 3, "easy")
    hard = new_state("great-turn-1928", 3, "hard")
    assert easy.nat["grain_reserve"] > hard.nat["grain_reserve"] + 4.0
    harvest.draw_weather(easy, TurnContext(12))
    harvest.draw_weather(hard, TurnContext(12))
    dev_e = np.abs(easy.arrays["weather"] - 1.03).mean()
    dev_h = np.abs(hard.arrays["weather"] - 1.03).mean()
    assert dev_h > dev_e
