"""The world outside (game.engine.rules.world): each lever's effect and cost, Germany's
decision points, and that every outcome is reachable by deliberate play and none certain."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.rules import economy, society, world
from game.engine.vocab import LEVER
from tests.engine.rules.conftest import compiled, ctx, tiny_state


def at(year: int, season: int, **nat: float):
    """The tiny state moved to (year, season), national figures set."""
    state = tiny_state()
    state.start_year, state.start_season, state.turn = year, 0, season
    state.end_turn = 400
    state.nat.update(nat)
    return state


def season(state, **policy):
    c = ctx()
    world.update_world(state, compiled(**policy), c)
    state.turn += 1
    return c


# --- the red scare ----------------------------------------------------------------------
def test_terror_in_the_countryside_feeds_the_red_scare() -> None:
    calm, terror = tiny_state(), tiny_state()
    world.update_world(calm, compiled(), ctx())
    world.update_world(terror, compiled(path="forced", coercion=1.0), ctx())
    assert terror.nat["red_scare"] > calm.nat["red_scare"]


# --- the Comintern's line ---------------------------------------------------------------
def test_class_against_class_splits_the_german_left_and_the_united_front_unites_it() -> None:
    split, united = at(1930, 0), at(1930, 0)
    season(split, comintern="class_against_class")
    season(united, comintern="united_front")
    assert split.nat["german_left_unity"] < 0.15 < united.nat["german_left_unity"]


def test_the_popular_front_calms_the_red_scare_that_the_third_period_feeds() -> None:
    cac, pf = at(1930, 0), at(1930, 0)
    season(cac, comintern="class_against_class")
    season(pf, comintern="popular_front")
    assert pf.nat["red_scare"] < cac.nat["red_scare"]


def test_the_line_is_a_signal_the_party_reads() -> None:
    for line, signal in (
        ("class_against_class", 1.0),
        ("united_front", 0.0),
        ("popular_front", -1.0),
    ):
        state = at(1936, 0)
        got = society.faction_signals(state, compiled(comintern=line), ctx())
        assert got["revolutionary_line"] == signal


def test_a_popular_front_before_its_time_angers_the_left_thrice_as_much() -> None:
    """In the Third Period's day (before 1934) a front with the bourgeois parties is, to
    the Comintern and the Party's Left, capitulation; after Hitler's victory, a line."""
    early = society.faction_signals(at(1930, 0), compiled(comintern="popular_front"), ctx())
    late = society.faction_signals(at(1935, 0), compiled(comintern="popular_front"), ctx())
    assert early["revolutionary_line"] == 3 * late["revolutionary_line"] < 0
    support = {}
    for year in (1930, 1935):
        state = at(year, 0)
        state.params["factions"]["left"]["likes"] = {"revolutionary_line": 0.3}
        society.update_factions(state, compiled(comintern="popular_front"), ctx())
        support[year] = state.factions["left"]
    assert support[1930] < support[1935]


def test_a_popular_front_before_1933_binds_the_german_left_less_than_the_united_front() -> None:
    early_pf = world.line_unity(1931, "popular_front")
    assert early_pf < world.line_unity(1931, "united_front")
    assert early_pf < world.line_unity(1935, "popular_front")


def test_a_faction_that_likes_the_revolutionary_line_is_angered_by_the_popular_front() -> None:
    support = {}
    for line in ("class_against_class", "popular_front"):
        state = tiny_state()
        state.params["factions"]["left"]["likes"] = {"revolutionary_line": 0.5}
        society.update_factions(state, compiled(comintern=line), ctx())
        support[line] = state.factions["left"]
    assert support["popular_front"] < 0.5 < support["class_against_class"]


# --- diplomacy --------------------------------------------------------------------------
def test_collective_security_is_built_by_diplomacy_and_lost_without_it() -> None:
    built, alone, rapallo = (
        at(1935, 0, germany=world.NAZI, collective_security=0.3) for _ in "abc"
    )
    season(built, diplomacy="collective_security", comintern="popular_front")
    season(alone, diplomacy="isolation", comintern="popular_front")
    season(rapallo, diplomacy="germany", comintern="popular_front")
    cs = [s.nat["collective_security"] for s in (built, alone, rapallo)]
    assert cs[0] > 0.3 > cs[1] > cs[2]


def test_the_popular_front_builds_collective_security_faster_than_the_third_period() -> None:
    pf, cac = (at(1935, 0, germany=world.NAZI, collective_security=0.3) for _ in "ab")
    season(pf, diplomacy="collective_security", comintern="popular_front")
    season(cac, diplomacy="collective_security", comintern="class_against_class")
    assert pf.nat["collective_security"] > cac.nat["collective_security"]


def test_rapallo_buys_military_cooperation_only_while_weimar_lasts() -> None:
    weimar, nazi = at(1930, 0), at(1934, 0, germany=world.NAZI)
    r0, r1 = weimar.nat["readiness"], nazi.nat["readiness"]
    season(weimar, diplomacy="germany")
    season(nazi, diplomacy="germany")
    assert weimar.nat["readiness"] > r0
    assert nazi.nat["readiness"] <= r1


# --- foreign trade ------------------------------------------------------------------------
def test_nazi_germany_refuses_to_sell_machines() -> None:
    pol = compiled(diplomacy="isolation")
    german_weimar, _ = world.trade_partners(at(1934, 0, germany=world.WEIMAR_HOLDS), pol)
    german_nazi, _ = world.trade_partners(at(1934, 0, germany=world.NAZI), pol)
    assert german_nazi < 0.3 < german_weimar


def test_the_west_embargoes_a_feared_ussr_the_more_under_the_third_period() -> None:
    uf = compiled(comintern="united_front")
    calm = world.trade_partners(at(1931, 0, red_scare=0.3), uf)[1]
    feared = world.trade_partners(at(1931, 0, red_scare=0.95), uf)[1]
    cac = world.trade_partners(
        at(1931, 0, red_scare=0.3), compiled(comintern="class_against_class")
    )
    assert feared < 0.5 < calm
    assert cac[1] < calm


def test_earnings_buy_what_the_suppliers_will_sell() -> None:
    state = at(1931, 0)
    state.nat["foreign_trade"] = 1.0
    assert world.technology_bought(state, 2.0) == pytest.approx(2.0)
    state.nat["foreign_trade"] = world.TRADE_NORM
    assert world.technology_bought(state, 2.0) == pytest.approx(2.0)
    state.nat["foreign_trade"] = world.TRADE_NORM / 2
    assert world.technology_bought(state, 2.0) == pytest.approx(1.0)


def test_a_refusal_is_told_when_suppliers_fall_below_half() -> None:
    state = at(1934, 0, germany=world.NAZI, red_scare=1.0, foreign_trade=0.7)
    c = season(state, comintern="class_against_class")
    assert state.nat["foreign_trade"] < 0.5
    assert any("Foreign trade" in e for e in c.events)


def test_trade_suppliers_set_what_export_earnings_buy_in_the_economy() -> None:
    out = []
    for suppliers in (0.2, 0.9):
        state = at(1931, 0, foreign_trade=suppliers)
        c = ctx()
        c.figures["export_earnings"] = 3.0
        economy.run_economy(state, compiled(), c)
        out.append((state.nat["industry"], state.nat["tractors"]))
    assert out[0][0] < out[1][0] and out[0][1] < out[1][1]


# --- industry in the east -------------------------------------------------------------
def test_industry_built_in_the_east_is_dearer_and_slower_but_raises_the_east_share() -> None:
    west, east = at(1931, 0), at(1931, 0)
    for state, share in ((west, 0.0), (east, 0.8)):
        economy.run_economy(state, compiled(east_share=share), ctx())
    assert east.nat["industry"] < west.nat["industry"]  # dearer, and still being built
    assert east.nat["east_building"] > 0.0 == west.nat["east_building"]
    before = east.nat["industry_east_share"]
    for _ in range(8):
        economy.run_economy(east, compiled(east_share=0.8), ctx())
    assert east.nat["industry_east_share"] > before
    assert world.east_efficiency(0.8) < world.east_efficiency(0.2) == pytest.approx(1.0)


def test_the_building_site_comes_on_stream_over_several_seasons() -> None:
    state = at(1931, 0)
    west_now, east_now = world.place_industry(state, compiled(east_share=0.5), 10.0)
    assert west_now == pytest.approx(5.0)
    assert east_now == pytest.approx(5.0 * world.EAST_ON_STREAM)
    later = [world.place_industry(state, compiled(east_share=0.5), 0.0)[1] for _ in range(20)]
    assert east_now + sum(later) == pytest.approx(5.0, rel=0.01)


# --- the purge of the army --------------------------------------------------------------
def test_a_purge_costs_readiness_and_command_and_buys_the_partys_fear() -> None:
    purged, spared = (at(1937, 1, readiness=0.5, officer_corps=0.6) for _ in "ab")
    c = season(purged, army_purge=True)
    season(spared, army_purge=False)
    assert purged.nat["readiness"] < spared.nat["readiness"]
    assert purged.nat["officer_corps"] < 0.6 * 0.85
    assert purged.factions["left"] > spared.factions["left"]
    assert purged.nat["collective_security"] < spared.nat["collective_security"]
    assert any("purge" in e for e in c.events)


def test_the_command_recovers_slowly_after_a_purge() -> None:
    state = at(1938, 0, officer_corps=0.3)
    for _ in range(8):
        season(state)
    assert 0.3 < state.nat["officer_corps"] < 0.5


# --- Germany's decision points ------------------------------------------------------------
@pytest.mark.parametrize(("year", "s"), [(y, s) for y, s, _ in world.ELECTIONS])
def test_each_reichstag_election_fixes_a_vote(year: int, s: int) -> None:
    state = at(year, s, nazi_strength=0.3, nazi_vote=0.02)
    c = season(state)
    assert 0.15 < state.nat["nazi_vote"] < 0.45
    assert any("Reichstag election" in e for e in c.events)
    assert state.nat["germany"] == world.UNDECIDED


def test_no_election_between_the_dates() -> None:
    state = at(1931, 1, nazi_strength=0.3, nazi_vote=0.18)
    season(state)
    assert state.nat["nazi_vote"] == 0.18


def test_under_the_third_period_an_election_splits_the_left_further() -> None:
    split, alarmed = (at(1930, 2, nazi_strength=0.25, german_left_unity=0.3) for _ in "ab")
    season(split, comintern="class_against_class")
    season(alarmed, comintern="united_front")
    assert split.nat["german_left_unity"] < 0.3 < alarmed.nat["german_left_unity"]


def test_the_appointment_of_january_1933_decides_and_a_united_left_lowers_its_odds() -> None:
    chances = []
    for unity in (0.0, 0.8):
        state = at(1932, 3, german_left_unity=unity, nazi_vote=0.35)
        c = season(state)
        assert state.nat["germany"] in (world.NAZI, world.WEIMAR_HOLDS)
        chances.append(c.figures["p_nazi"])
    assert chances[0] > 0.7 > 0.4 > chances[1]


def test_the_odds_are_never_certain() -> None:
    assert world.appointment_odds(0.9, 0.0, 1.0) == world.ODDS_CEIL < 1.0
    assert world.appointment_odds(0.0, 1.0, 0.0) == world.ODDS_FLOOR > 0.0


def test_the_depression_follows_the_world_price() -> None:
    assert world.depression(1927) == 0.0 == world.depression(1928)
    assert world.depression(1930) < world.depression(1932) == pytest.approx(1.0)


# --- the embassy's assessment -------------------------------------------------------------
def test_the_embassy_gives_odds_with_a_range_before_each_point() -> None:
    state = at(1930, 0)
    season(state, diplomacy="isolation")
    a = world.embassy_assessment(state)
    assert a is not None
    assert a.low < a.odds < a.high
    assert "September 1930" in a.next_point and a.seasons_left == 1
    assert world.nazi_odds(state) == a.odds


def test_rapallo_contacts_narrow_the_embassys_range() -> None:
    ranges = {}
    for dip in ("germany", "isolation"):
        state = at(1931, 0)
        season(state, diplomacy=dip)
        a = world.embassy_assessment(state)
        ranges[dip] = a.high - a.low
    assert ranges["germany"] < ranges["isolation"]


def test_switching_the_line_moves_the_embassys_odds_at_once() -> None:
    odds = {}
    for line in ("class_against_class", "united_front"):
        state = at(1931, 0)
        season(state, comintern=line)
        odds[line] = world.embassy_assessment(state).odds
    assert odds["united_front"] < odds["class_against_class"] - 0.1


def test_no_assessment_once_germany_has_decided() -> None:
    state = at(1934, 0, germany=world.NAZI)
    assert world.embassy_assessment(state) is None
    assert world.nazi_odds(state) == 1.0


# --- reachability: each outcome by deliberate play, none certain -------------------------
def play_germany(seed: int, **policy) -> float:
    """The world rule alone from spring 1928 to spring 1933 under one policy."""
    state = at(1928, 0)
    state.rng = np.random.default_rng(seed)
    pol = compiled(**policy)
    while state.year < 1933:
        world.update_world(state, pol, ctx())
        state.turn += 1
    return state.nat["germany"]


def test_the_third_period_and_terror_bring_hitler_on_most_seeds_but_not_all() -> None:
    got = [
        play_germany(s, comintern="class_against_class", path="forced", coercion=0.8)
        for s in range(200)
    ]
    nazi = got.count(world.NAZI) / len(got)
    assert 0.7 < nazi < 1.0


def test_a_united_german_left_keeps_hitler_out_on_most_seeds_but_not_all() -> None:
    got = [play_germany(s, comintern="united_front", diplomacy="germany") for s in range(200)]
    weimar = got.count(world.WEIMAR_HOLDS) / len(got)
    assert 0.7 < weimar < 1.0


def test_the_united_front_alone_is_a_better_bet_than_the_third_period() -> None:
    uf = [play_germany(s, comintern="united_front") for s in range(200)]
    cac = [play_germany(s, comintern="class_against_class") for s in range(200)]
    assert uf.count(world.NAZI) < cac.count(world.NAZI)


def test_deterrence_is_reachable_with_collective_security_and_never_certain() -> None:
    state = at(1933, 0, germany=world.NAZI, red_scare=0.45, readiness=0.5)
    pol = compiled(comintern="popular_front", diplomacy="collective_security")
    while state.year < 1941:
        world.update_world(state, pol, ctx())
        state.turn += 1
    assert 0.4 < world.deterrence_chance(state) < 1.0


def test_no_deterrence_without_collective_security_or_without_hitler() -> None:
    assert world.deterrence_chance(at(1940, 0, germany=world.NAZI, collective_security=0.2)) == 0
    assert world.deterrence_chance(at(1940, 0, germany=world.WEIMAR_HOLDS)) == 0


# --- invariants -----------------------------------------------------------------------------
WORLD_FIGURES = (
    "red_scare",
    "german_left_unity",
    "collective_security",
    "tension",
    "nazi_strength",
    "nazi_vote",
    "foreign_trade",
    "officer_corps",
    "readiness",
    "industry_east_share",
)
season_policy = st.fixed_dictionaries(
    {
        "comintern": st.sampled_from(LEVER["comintern"].values),
        "diplomacy": st.sampled_from(LEVER["diplomacy"].values),
        "east_share": st.floats(0.0, 0.8),
        "army_purge": st.booleans(),
        "path": st.sampled_from(("forced", "voluntary", "none")),
        "coercion": st.floats(0.0, 1.0),
    }
)


@settings(max_examples=40, deadline=None)
@given(
    policies=st.lists(season_policy, min_size=1, max_size=24),
    seed=st.integers(0, 2**16),
    start=st.sampled_from([(1928, 0), (1930, 2), (1932, 1), (1932, 3), (1936, 0)]),
    earned=st.floats(0.0, 10.0),
)
def test_world_figures_stay_in_range_whatever_the_levers(policies, seed, start, earned) -> None:
    state = at(*start)
    state.rng = np.random.default_rng(seed)
    for p in policies:
        pol = compiled(**p)
        c = ctx()
        c.figures["export_earnings"] = earned
        economy.run_economy(state, pol, c)
        world.update_world(state, pol, c)
        state.turn += 1
        for name in WORLD_FIGURES:
            assert 0.0 <= state.nat[name] <= 1.0, name
        assert state.nat["germany"] in (world.UNDECIDED, world.WEIMAR_HOLDS, world.NAZI)
        assert state.nat["east_building"] >= 0.0
        a = world.embassy_assessment(state)
        if a is not None:
            assert 0.0 <= a.low <= a.odds <= a.high <= 1.0
        assert 0.0 <= world.deterrence_chance(state) < 1.0


@settings(max_examples=60, deadline=None)
@given(
    unity=st.floats(0.0, 1.0),
    strength=st.floats(0.0, 0.7),
    red_scare=st.floats(0.0, 1.0),
    line=st.sampled_from(LEVER["comintern"].values),
    start=st.sampled_from([(1928, 0), (1929, 3), (1931, 2), (1932, 2)]),
)
def test_the_embassys_projection_is_the_seasons_rule_run_forward(
    unity, strength, red_scare, line, start
) -> None:
    """projected_odds writes the season's steps out for speed; it must agree with them."""
    state = at(*start, german_left_unity=unity, nazi_strength=strength, red_scare=red_scare)
    state.nat["unity_pull"] = world.LINE_UNITY[line]
    k = world.seasons_until(state, *world.APPOINTMENT[:2])
    u, s_, (y, s) = unity, strength, start
    for _ in range(k):
        s += 1
        if s == 4:
            y, s = y + 1, 0
        u = world._unity_step(u, world.LINE_UNITY[line], s_, red_scare)
        s_ += world.STRENGTH_RATE * (world.nazi_pull(y, u, red_scare) - s_)
    want = world.appointment_odds(s_, u, red_scare)
    assert world.projected_odds(state, k) == pytest.approx(want, abs=1e-9)


# --- timing: each lever in its own years (issue #10's leftovers) --------------------------
def test_collective_security_is_built_only_once_there_is_a_league_to_join() -> None:
    """Before September 1934 there is nothing to join: courting Paris builds no front."""
    built = {}
    for year in (1931, 1934, 1936):
        state = at(year, 0, germany=world.NAZI, collective_security=0.1)
        for _ in range(4):
            season(state, diplomacy="collective_security", comintern="popular_front")
        built[year] = state.nat["collective_security"]
    assert built[1931] <= 0.1 < built[1934] < built[1936]


def test_rapallo_pays_while_weimar_lasts_and_not_under_hitler_before_the_pact() -> None:
    def bought(germany: float, year: int) -> tuple[float, float]:
        state = at(year, 0, germany=germany, readiness=0.3)
        state.nat["foreign_trade"] = world.TRADE_NORM
        _, credit = world.foreign_purchases(state, compiled(diplomacy="germany"), 1.0, ctx())
        season(state, diplomacy="germany")
        return credit, state.nat["readiness"]

    weimar, nazi = bought(world.UNDECIDED, 1931), bought(world.NAZI, 1935)
    assert weimar[0] == world.RAPALLO_CREDIT and nazi[0] == 0.0  # German credits
    assert weimar[1] > nazi[1]
    # courting Hitler before he wants a deal: no easing of tension, a red scare in the West
    courting = at(1935, 0, germany=world.NAZI, tension=0.5)
    alone = at(1935, 0, germany=world.NAZI, tension=0.5)
    season(courting, diplomacy="germany")
    season(alone, diplomacy="isolation")
    assert courting.nat["tension"] >= alone.nat["tension"]
    assert courting.nat["red_scare"] > alone.nat["red_scare"]
    pact = at(1939, 2, germany=world.NAZI, tension=0.5)
    season(pact, diplomacy="germany")
    assert pact.nat["tension"] < courting.nat["tension"]


# --- gold ----------------------------------------------------------------------------
def test_gold_sold_buys_machines_from_a_finite_reserve_at_a_falling_price() -> None:
    def sell(share: float) -> tuple[float, float]:
        state = at(1930, 0, gold_reserve=400.0)
        earned = world.sell_gold(state, compiled(gold_sales=share), ctx())
        return earned, state.nat["gold_reserve"]

    none, some, all_ = sell(0.0), sell(0.25), sell(1.0)
    assert none[0] == 0.0 and none[1] > 400.0  # the mines add, nothing is sold
    assert 0.0 < some[0] < all_[0] and all_[1] < some[1] < none[1]
    # selling four times as fast fetches less than four times as much
    assert all_[0] < 4.0 * some[0]


def test_the_gold_reserve_pays_for_arms_in_the_war() -> None:
    from tests.engine.rules.test_war import one_season, war_state

    rich, poor = war_state(0.5), war_state(0.5)
    rich.nat["gold_reserve"], poor.nat["gold_reserve"] = 1000.0, 0.0
    one_season(rich)
    one_season(poor)
    assert rich.nat["army"] > poor.nat["army"]
    assert rich.nat["gold_reserve"] == pytest.approx(1000.0 - world.GOLD_WAR_SPEND)


# --- a purge a card starts -----------------------------------------------------------
def test_a_purge_a_card_starts_runs_its_seasons_and_stops() -> None:
    state = at(1937, 1, officer_corps=0.6, purge_seasons=3.0)
    corps = [state.nat["officer_corps"]]
    for _ in range(5):
        season(state)  # the lever stays off
        corps.append(state.nat["officer_corps"])
    assert state.nat["purge_seasons"] == 0.0
    assert corps[3] < 0.6 * 0.85**2  # three seasons of arrests
    assert corps[5] > corps[3]  # then the command slowly recovers
