"""The war, played (game.engine.rules.war): given a small state, when a season of war is
resolved, then one figure moves the way the history says it should."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from game.engine.rules import economy, procurement, war, world
from game.engine.state import KOLKHOZ, PRIVATE, State
from tests.engine.rules.conftest import compiled, ctx, tiny_state

WEST = ("belarus", "ukraine")  # two regions the front crosses, in that order


def war_state(front: float = 0.0, army: float = 1.0, enemy: float = 1.0, **arrays: Any) -> State:
    """Summer 1941, at war, two western regions (Belarus and Ukraine)."""
    st = tiny_state(**arrays)
    st.region_ids = WEST
    st.start_year, st.turn = 1941, 1  # summer 1941
    n = st.nat
    n["germany"] = war.NAZI
    n["at_war"], n["war_start"], n["war_seasons"] = 1.0, 1.0, 3.0
    n["front"], n["army"], n["enemy"] = front, army, enemy
    n["industry"] = n["industry_prewar"] = 200.0
    n["west_industry"] = 200.0 * (1 - war.EAST_INDUSTRY_1940)
    n["grain_reserve"] = 20.0
    st.arrays["occupied"][:] = war.occupation_at(front, war.geography(WEST))
    return st


def one_season(st: State, **policy: Any) -> Any:
    c = ctx()
    war.update_war(st, compiled(**policy), c)
    return c


# --- when the war comes ---------------------------------------------------------------
def before_the_war(year: int, season: int, **nat: float) -> State:
    st = tiny_state()
    st.region_ids = WEST
    st.start_year, st.turn = year, season
    st.nat.update({"germany": war.NAZI, "readiness": 0.5, "collective_security": 0.35} | nat)
    return st


def test_a_nazi_germany_attacks_in_june_1941() -> None:
    st = before_the_war(1941, 1)
    st.end_turn = 1
    war.plan_war(st, ctx())
    assert st.nat["at_war"] == 1.0 and st.nat["war_start"] == 2.0
    assert st.end_turn == 1 + war.WAR_HORIZON  # the campaign goes on for the war


def test_an_isolated_unready_ussr_is_attacked_a_year_early() -> None:
    assert war.planned_year(before_the_war(1939, 0, collective_security=0.1, readiness=0.2)) == 1940
    assert war.planned_year(before_the_war(1939, 0)) == 1941
    assert war.planned_year(before_the_war(1939, 0, collective_security=0.5, readiness=0.8)) == 1942


def test_a_campaign_ending_before_the_planned_war_is_prolonged_to_meet_it() -> None:
    st = before_the_war(1941, 0, collective_security=0.5, readiness=0.8)  # war planned 1942
    st.end_turn = 1
    war.plan_war(st, ctx())
    assert st.nat["at_war"] == 0.0 and st.end_turn == 5  # summer 1942


def test_without_hitler_there_is_no_war() -> None:
    st = before_the_war(1941, 1, germany=0.0)
    war.update_war(st, compiled(), ctx())
    assert st.nat["at_war"] == 0.0 and st.nat["war_planned"] == 0.0


def test_collective_security_and_readiness_can_deter_hitler() -> None:
    alone = before_the_war(1941, 1, collective_security=0.1)
    united = before_the_war(1941, 1, collective_security=0.9, readiness=0.9)
    assert world.deterrence_chance(alone) == 0.0 < world.deterrence_chance(united)


# --- the front ---------------------------------------------------------------------------
def test_the_front_advances_against_a_weaker_army_and_the_west_falls() -> None:
    st = war_state(front=0.1, army=0.3, enemy=1.0)
    one_season(st, war_stance="stand")
    assert st.nat["front"] > 0.3
    assert st.arrays["occupied"][0] == 1.0  # Belarus
    assert 0.0 < st.arrays["occupied"][1] < 1.0  # Ukraine, in part


def test_a_stronger_army_on_the_offensive_pushes_the_front_back() -> None:
    st = war_state(front=0.4, army=2.0, enemy=0.6)
    st.turn = 3  # winter
    one_season(st, war_stance="attack")
    assert st.nat["front"] < 0.4
    assert st.arrays["occupied"][1] < war.occupation_at(0.4, war.geography(WEST))[1]


def test_falling_back_saves_the_army_and_loses_land() -> None:
    stand, back = war_state(0.1, 0.5, 1.0), war_state(0.1, 0.5, 1.0)
    one_season(stand, war_stance="stand")
    one_season(back, war_stance="fall_back")
    assert back.nat["front"] > stand.nat["front"]
    assert back.nat["army"] > stand.nat["army"]


def test_victory_in_berlin_ends_the_war() -> None:
    st = war_state(front=-0.9, army=3.0, enemy=0.2)
    one_season(st, war_stance="attack")
    assert st.outcome == "war_victory" and st.nat["at_war"] == 0.0 and st.nat["war_end"] > 0


def test_a_war_undecided_at_its_horizon_ends_in_a_stalemate() -> None:
    st = war_state(front=0.8, army=0.9, enemy=0.9)
    st.end_turn = st.turn
    one_season(st)
    assert st.outcome == "war_stalemate"


def test_a_separate_peace_is_likelier_while_germany_is_winning() -> None:
    accepted = 0
    for seed in range(40):
        st = war_state(front=0.7, army=0.4, enemy=1.1)
        st.rng = np.random.default_rng(seed)
        one_season(st, sue_for_peace=True)
        accepted += st.outcome == "war_peace"
    assert 5 < accepted < 35


# --- the land the enemy holds ------------------------------------------------------------
def test_nothing_is_procured_from_occupied_land() -> None:
    free, held = tiny_state(), tiny_state(occupied=[1.0, 0.0])
    for st in (free, held):
        st.turn = 2  # autumn
        procurement.procure(st, compiled(procurement="quota", quota=0.3), ctx())
    assert held.arrays["procured_year"][0] == 0.0
    assert held.arrays["procured_year"][1] == pytest.approx(free.arrays["procured_year"][1])


def test_occupied_land_pays_no_tax() -> None:
    free, held = tiny_state(), tiny_state(occupied=[1.0, 1.0])
    budgets = []
    for st in (free, held):
        c = ctx()
        economy.run_economy(st, compiled(), c)
        budgets.append(c.national["budget"].factors[0].value)  # the agricultural tax
    assert budgets[1] == 0.0 < budgets[0]


def test_industry_in_land_lost_is_lost_unless_it_was_moved_east() -> None:
    kept = []
    for evacuate in (0.0, 1.0):
        st = war_state(front=0.2, army=0.3, enemy=1.2)
        for _ in range(3):
            one_season(st, evacuate=evacuate, war_stance="fall_back")
        kept.append(st.nat["industry"])
        if evacuate:
            assert st.nat["evacuated"] > 0.0
    assert kept[1] > kept[0]


def test_evacuation_costs_this_season_s_arms() -> None:
    still, moving = war_state(0.2), war_state(0.2)
    one_season(still)
    one_season(moving, evacuate=1.0)
    assert moving.nat["army"] < still.nat["army"]


def test_trust_feeds_partisans_and_the_memory_of_famine_collaboration() -> None:
    trusting = war_state(front=0.5, trust=[[0.8] * 4, [0.8] * 4])
    starved = war_state(front=0.5, trust=[[0.1] * 4, [0.1] * 4], famine_deaths=[1.0, 1.0])
    for _ in range(4):
        one_season(trusting)
        one_season(starved)
    assert trusting.arrays["partisans"][0] > starved.arrays["partisans"][0]
    assert starved.arrays["collaboration"][0] > trusting.arrays["collaboration"][0]


def test_the_occupiers_conduct_raises_partisans_even_where_trust_was_lowest() -> None:
    """Occupied Ukraine and Belarus (trust about 0.08 after the famine) had partisans by
    1943: the hunger plan, the labour round-ups and the reprisals drove the villages to
    the forests, while collaboration, strong at first, faded."""
    st = war_state(front=0.5, trust=[[0.08] * 4, [0.08] * 4], famine_deaths=[0.3, 0.3])
    st.nat["war_seasons"] = 0.0
    collab, partisans = [], []
    for _ in range(8):
        one_season(st)
        collab.append(float(st.arrays["collaboration"][0]))
        partisans.append(float(st.arrays["partisans"][0]))
    assert partisans[-1] > 0.15 and partisans[-1] > 2 * partisans[1]
    assert collab[-1] > 0.02 and collab[-1] < max(collab)
    harsh = war.occupation_conduct(6.0, np.array([0.3]), np.array([0.2]))[0]
    early = war.occupation_conduct(0.0, np.array([0.0]), np.array([0.0]))[0]
    assert harsh > early


def test_requisitions_stop_once_the_reserve_holds_what_the_front_needs() -> None:
    empty, full = war_state(0.0), war_state(0.0)  # nothing held by the enemy yet
    empty.nat["grain_reserve"], full.nat["grain_reserve"] = 0.0, 50.0
    held = [float(st.arrays["grain_held"].sum()) for st in (empty, full)]
    one_season(empty, war_requisition=0.5)
    one_season(full, war_requisition=0.5)
    assert float(empty.arrays["grain_held"].sum()) < held[0]
    # a full reserve takes nothing from the villages
    assert float(full.arrays["grain_held"].sum()) == pytest.approx(held[1])


def test_mobilisation_cuts_this_years_sowing_not_the_land() -> None:
    st = war_state(0.0)
    st.turn = 0  # spring 1941's season index, at war
    st.start_season = 0
    area = st.arrays["area"].copy()
    one_season(st, mobilise=1.0, horses_to_army=True)
    assert np.allclose(st.arrays["area"], area)
    assert float(st.arrays["sown_factor"].max()) < 0.9


def test_a_city_inside_a_closed_ring_starves_worst_in_the_first_winter() -> None:
    """Leningrad: the North-West held by the enemy as far as it can be (its city holds)
    starves; the Road of Life eases the siege as the war goes on."""
    geo = war.geography(("north_west", "ukraine"))
    ring = war.occupation_at(1.0, geo)  # the North-West at its cap
    st = tiny_state()
    st.region_ids = ("north_west", "ukraine")
    deaths = {}
    for seasons in (2.0, 4.0, 6.0):
        st.nat["war_seasons"] = seasons
        deaths[seasons] = float(war.siege_deaths(st, ring, 3).sum())  # a winter
    assert deaths[2.0] > deaths[4.0] > deaths[6.0] == 0.0
    st.nat["war_seasons"] = 2.0
    open_ = war.occupation_at(0.2, geo)  # the ring not closed
    assert float(war.siege_deaths(st, open_, 3).sum()) == 0.0
    # about the 0.8-1 million of 1941-44, from a war that begins in the summer
    total = 0.0
    for k, season in enumerate((2, 3, 0, 1, 2)):
        st.nat["war_seasons"] = float(k + 1)
        total += float(war.siege_deaths(st, ring, season).sum())
    assert 0.5 <= total <= 1.2


def test_partisans_cost_the_enemy_strength() -> None:
    quiet, fighting = war_state(0.5), war_state(0.5)
    fighting.arrays["partisans"][:] = 0.9
    one_season(quiet)
    one_season(fighting)
    assert fighting.nat["enemy"] < quiet.nat["enemy"]


def test_kolkhozes_hand_over_grain_more_easily_to_either_side() -> None:
    """The kolkhoz barn is in plain sight: the state's requisitions take more from it
    in the land it holds, and so does the occupier in the land he holds."""

    def farms(form: int) -> State:
        st = war_state(front=0.12)  # Belarus half held, Ukraine a little
        st.nat["grain_reserve"] = 0.0  # the state's granaries empty: it takes what it can
        st.arrays["forms"][:] = 0.0
        st.arrays["forms"][:, :, form] = 1.0
        return st

    private, kolkhoz = farms(PRIVATE), farms(KOLKHOZ)
    reserves = []
    for st in (private, kolkhoz):
        before = st.nat["grain_reserve"]
        one_season(st, war_requisition=0.3)
        reserves.append(st.nat["grain_reserve"] - before)
    assert reserves[1] > reserves[0]
    assert kolkhoz.arrays["grain_held"][0] < private.arrays["grain_held"][0]


def test_lend_lease_and_a_second_front_come_only_with_allies() -> None:
    alone, allied = war_state(0.5), war_state(0.5)
    alone.nat["collective_security"], allied.nat["collective_security"] = 0.0, 0.6
    for st in (alone, allied):
        st.nat["war_seasons"] = 12.0
        one_season(st)
    assert alone.nat["lend_lease"] == 0.0 and alone.nat["second_front"] == 0.0
    assert allied.nat["lend_lease"] > 0.0 and allied.nat["second_front"] == 1.0


def test_the_dead_are_counted_and_taken_from_the_living() -> None:
    st = war_state(front=0.3, army=0.5)
    pop = float(st.arrays["population"].sum())
    c = one_season(st)
    n = st.nat
    assert n["war_deaths"] == pytest.approx(
        n["military_deaths"] + n["civilian_deaths"] + n["war_hunger_deaths"]
    )
    assert n["military_deaths"] > 0 and n["civilian_deaths"] > 0
    assert float(st.arrays["population"].sum()) == pytest.approx(
        pop - n["military_deaths"] - n["civilian_deaths"]
    )
    assert "front" in c.national and "war_deaths" in c.national


# --- whatever the levers ------------------------------------------------------------------
LEVERS = hs.fixed_dictionaries(
    {
        "war_stance": hs.sampled_from(["fall_back", "stand", "attack"]),
        "evacuate": hs.floats(0, 1),
        "mobilise": hs.floats(0, 1),
        "horses_to_army": hs.booleans(),
        "tanks_not_tractors": hs.booleans(),
        "war_requisition": hs.floats(0, 0.5),
        "rationing": hs.booleans(),
    }
)


@settings(max_examples=40, deadline=None)
@given(
    seasons=hs.lists(LEVERS, min_size=1, max_size=16),
    army=hs.floats(0.0, 3.0),
    trust=hs.floats(0.0, 1.0),
)
def test_war_figures_stay_in_range_whatever_the_levers(seasons, army, trust) -> None:
    st = war_state(front=0.0, army=army, trust=[[trust] * 4, [trust] * 4])
    st.end_turn = 400
    dead = 0.0
    for levers in seasons:
        if st.finished:
            break
        one_season(st, **levers)
        st.turn += 1
        a, n = st.arrays, st.nat
        for name in ("occupied", "partisans", "collaboration"):
            assert ((a[name] >= 0) & (a[name] <= 1)).all(), name
        assert war.FRONT_MIN <= n["front"] <= war.FRONT_MAX
        assert 0 <= n["army"] <= 5 and 0 <= n["enemy"] <= 5
        assert 0 <= n["evacuated"] <= 1 and 0 <= n["industry_lost"] <= 1
        assert (a["population"] >= 0).all() and np.isfinite(a["population"]).all()
        assert n["war_deaths"] >= dead
        dead = n["war_deaths"]
