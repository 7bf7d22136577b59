"""The breakdowns of the slower figures (game.engine.breakdowns): each adds up to the
figure, the rules leave nothing unexplained on a season without cards, the country's
first line is last season's figure, and a turn not described is the same turn."""

from __future__ import annotations

import numpy as np
import pytest

from game.campaign import Campaign
from game.engine import resolve_turn
from game.engine.bots import make_bot
from game.engine.breakdowns import levers_for
from game.engine.explain import SHOWN, Explanation
from game.engine.state import STRATA

REGIONAL = ("households", "private", "voluntary", "kolkhoz", "collectivised")
REGIONAL += ("famine_deaths", "deported", "cadres", "trust", "tractors")
REGIONAL += tuple(f"trust.{s}" for s in STRATA)
NATIONAL = ("households", "collectivised_share", "private_share", "voluntary_share")
NATIONAL += ("kolkhoz_share", "tractors", "famine_deaths_total_m", "deported", "cadres")
NATIONAL += ("trust", "grain_reserve_mt")
UNEXPLAINED = ("Cards", "Cards and", "Cards,")


def _adds_up(e: Explanation) -> float:
    """value - (base + the terms): what the breakdown leaves out (0 if it adds up)."""
    base = [f.value for f in e.factors if f.kind == "base"]
    # a term may be in thousands beside a figure in millions (famine deaths)
    k = 1e-3 if e.unit == "M" else 1.0
    terms = sum(
        f.value * (k if f.unit == "thousand" else 1.0) for f in e.factors if f.kind == "add"
    )
    return e.value - (base[0] if base else 0.0) - terms


def _unexplained(e: Explanation) -> float:
    return sum(abs(f.value) for f in e.factors if f.label.startswith(UNEXPLAINED))


@pytest.fixture(scope="module")
def forced_seasons() -> list:
    """Twenty described seasons of the historical drive (1928-33): deportations, the
    drive, famine, procurement; no cards, so no effect the rules did not record."""
    camp = Campaign.new("great-turn-1928", seed=4)
    bot = make_bot("historical", 4)
    bot.start(camp.scenario)
    out = []
    for _ in range(20):
        rep = camp.end_turn(bot.decide(camp.state))
        out.append(rep)
    return out


def test_every_regional_breakdown_adds_up_and_leaves_nothing_out(forced_seasons) -> None:
    seen_terms: set[str] = set()
    for rep in forced_seasons:
        for name in REGIONAL:
            exps = rep.regional[name]
            assert len(exps) == 12, name
            for e in exps:
                scale = max(1.0, abs(e.value))
                assert abs(_adds_up(e)) <= SHOWN * scale, (rep.date, name, e.lines())
                if name != "tractors":  # tractors: where they stand, not a change
                    assert _unexplained(e) <= 1e-3 * scale, (rep.date, name, e.lines())
                seen_terms |= {f.label for f in e.factors if f.kind == "add" and f.value}
    # the drive's seasons moved each figure by the rules' own terms, with their signs
    for label in (
        "Driven into kolkhozes",
        "Kulak households deported",
        "Deported this season",
        "Natural growth",
        "Left for the towns (industry's pull)",
        "Coercion",
        "Went home at the end of their terms",
        "Sent this season (policy)",
        "Died of hunger this season",
    ):
        assert label in seen_terms, label


def test_terms_have_the_signs_of_what_they_do(forced_seasons) -> None:
    for rep in forced_seasons:
        for e in rep.regional["kolkhoz"]:
            for f in e.factors:
                if f.label == "Driven into kolkhozes":
                    assert f.value >= 0
                if f.label == "Left kolkhozes":
                    assert f.value <= 0
        for e in rep.regional["households"]:
            for f in e.factors:
                if f.label in ("Kulak households deported", "Died of hunger"):
                    assert f.value <= 0
        for e in rep.regional["trust.kulak"]:
            coercion = [f.value for f in e.factors if f.label == "Coercion"]
            assert all(v <= 0 for v in coercion)


def test_the_countrys_breakdown_starts_at_last_season_and_ends_at_this(forced_seasons) -> None:
    for rep in forced_seasons:
        for name in NATIONAL:
            e = rep.explanations[name]
            # what is left unexplained below SHOWN is rounding, not a line of its own
            assert abs(_adds_up(e)) <= SHOWN * max(1.0, abs(e.value)), (rep.date, name)
        pairs = (
            ("collectivised_share", 100.0, 0.05),
            ("grain_reserve_mt", 1.0, 1e-6),
            ("famine_deaths_total_m", 1.0, 1e-9),
            ("tractors", 1000.0, 1e-6),
        )
        for key, unit, tol in pairs:
            e = rep.explanations[key]
            head = key if key != "tractors" else "tractors"
            before, after = rep.before[head], rep.after[head]
            base = next(f.value for f in e.factors if f.kind == "base")
            scale = 1000.0 if key == "tractors" else unit  # tractors: thousands vs units
            if key == "tractors":
                assert base * scale == pytest.approx(before, rel=1e-9)
                assert e.value * scale == pytest.approx(after, rel=1e-9)
            else:
                assert base == pytest.approx(before * unit, rel=1e-9, abs=1e-12)
                assert e.value == pytest.approx(after * unit, rel=1e-9, abs=1e-12)
            # on a season without cards (nor war) the rules explain it all
            assert _unexplained(e) <= tol * max(1.0, abs(e.value)), (rep.date, key, e.lines())


def test_grain_reserve_says_where_the_grain_went(forced_seasons) -> None:
    spring = forced_seasons[0]
    labels = {f.label for f in spring.explanations["grain_reserve_mt"].factors if f.value}
    assert {"Eaten by the towns", "Storage losses (2 % a season)"} <= labels
    autumn = forced_seasons[2]
    labels = {f.label for f in autumn.explanations["grain_reserve_mt"].factors if f.value}
    assert {"Procured", "Exported"} <= labels


def test_a_cards_effect_is_its_own_line() -> None:
    camp = Campaign.new("great-turn-1928", seed=1)
    camp.state.modifiers.append(
        {"figure": "cadres", "region": "ukraine", "value": 5.0, "decay": 0.0, "turns": 1}
    )
    rep = camp.end_turn()
    e = rep.regional["cadres"][camp.state.region_ids.index("ukraine")]
    cards = [f.value for f in e.factors if f.label.startswith("Cards")]
    # the card added 5 thousand; their going home is counted with the others'
    assert cards and cards[0] == pytest.approx(5.0, rel=1e-6)
    assert abs(_adds_up(e)) < 1e-9


def test_levers_are_named_for_each_breakdown(forced_seasons) -> None:
    rep = forced_seasons[-1]
    for name in ("households", "kolkhoz", "famine_deaths", "trust", "cadres", "collectivised"):
        figure = rep.regional[name][0].figure
        assert levers_for(figure), name  # the panel adds them (the same in every region)
    for name in ("households", "collectivised_share", "grain_reserve_mt", "trust"):
        assert any(f.kind == "lever" for f in rep.explanations[name].factors), name


def test_undescribed_turns_build_nothing_and_play_the_same() -> None:
    a = Campaign.new("great-turn-1928", seed=5)
    b = Campaign.new("great-turn-1928", seed=5)
    bot_a, bot_b = make_bot("historical", 5), make_bot("historical", 5)
    bot_a.start(a.scenario)
    bot_b.start(b.scenario)
    for _ in range(12):
        ra = a.end_turn(bot_a.decide(a.state), describe=True)
        rb = b.end_turn(bot_b.decide(b.state), describe=False)
        assert a.state.state_hash() == b.state.state_hash()
        assert "households" in ra.regional_builders and "households" not in rb.regional_builders
        assert "grain_reserve_mt" in ra.explanations
        assert "grain_reserve_mt" not in rb.explanations


def test_resolve_turn_records_breakdowns_only_when_describing() -> None:
    camp = Campaign.new("great-turn-1928", seed=1)
    plain = resolve_turn(camp.state.copy(), camp.compiled, describe=False)  # a bot's turn
    assert "households" not in plain.explanations and not plain.regional_builders.get("trust")
    rep = resolve_turn(camp.state.copy(), camp.compiled, describe=True)
    assert np.isfinite(rep.explanations["households"].value)
