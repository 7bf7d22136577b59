"""Industry, investment and tractors (game.engine.rules.economy)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.rules import economy
from tests.engine.rules.conftest import compiled, ctx, tiny_state

HEAVY = {"heavy": 1.0, "machinery": 0.0, "consumer": 0.0, "defence": 0.0}
GOODS = {"heavy": 0.0, "machinery": 0.0, "consumer": 1.0, "defence": 0.0}


def test_heavy_investment_builds_industry_consumer_investment_goods() -> None:
    heavy, goods = tiny_state(), tiny_state()
    economy.run_economy(heavy, compiled(invest=HEAVY), ctx())
    economy.run_economy(goods, compiled(invest=GOODS), ctx())
    assert heavy.nat["industry"] > goods.nat["industry"]
    assert goods.nat["consumer_goods"] > heavy.nat["consumer_goods"]


def test_credit_to_collectives_costs_investment() -> None:
    cheap, dear = tiny_state(), tiny_state()
    for state in (cheap, dear):
        state.arrays["forms"][:] = [0.5, 0.5, 0.0]
    economy.run_economy(cheap, compiled(credit=0.0), ctx())
    economy.run_economy(dear, compiled(credit=1.0), ctx())
    assert dear.nat["budget"] < cheap.nat["budget"]


DEFENCE = {"heavy": 0.0, "machinery": 0.0, "consumer": 0.0, "defence": 1.0}


def test_kolkhozes_send_hands_to_the_building_sites() -> None:
    """The same heavy investment builds more where kolkhozes fill the recruiters'
    contracts (orgnabor) than where private or self-managed farms keep their sons."""
    private, kolkhoz, voluntary = tiny_state(), tiny_state(), tiny_state()
    kolkhoz.arrays["forms"][:] = [0.0, 0.0, 1.0]
    voluntary.arrays["forms"][:] = [0.0, 1.0, 0.0]
    for state in (private, kolkhoz, voluntary):
        state.arrays["harvest_true"][:] = 0.0  # no tax: the same budget for all three
        economy.run_economy(state, compiled(invest=HEAVY), ctx())
    assert kolkhoz.nat["budget"] == private.nat["budget"] == voluntary.nat["budget"]
    assert kolkhoz.nat["industry"] > private.nat["industry"]
    assert voluntary.nat["industry"] == private.nat["industry"]


def test_each_further_step_of_readiness_is_dearer() -> None:
    low, high = tiny_state(), tiny_state()
    low.nat["readiness"], high.nat["readiness"] = 0.2, 0.8
    gains = []
    for state in (low, high):
        before = state.nat["readiness"]
        decay = 0.04 * before
        economy.run_economy(state, compiled(invest=DEFENCE), ctx())
        gains.append(state.nat["readiness"] - before + decay)
    assert gains[0] > 0 and gains[1] > 0
    assert gains[1] == pytest.approx(gains[0] * 0.2 / 0.8, rel=0.05)


@settings(max_examples=60, deadline=None)
@given(
    st.floats(0.0, 1.0),
    st.floats(20.0, 2000.0),
    st.floats(0.0, 1e4),
)
def test_arms_close_at_most_the_gap_to_full_readiness(
    ready: float, industry: float, harvest: float
) -> None:
    """However much is spent on defence, a season's arms close at most the gap to full
    readiness, and within what a campaign can reach (industry up to 600, a region's
    harvest up to 150 Mt) readiness stays short of 1: the score's part cannot be maxed."""
    state = tiny_state(harvest_true=[harvest, harvest])
    state.nat["readiness"] = before = min(ready, 0.999)
    state.nat["industry"] = industry
    tax = {"batrak": 0.0, "bednyak": 0.3, "serednyak": 0.3, "kulak": 0.3}
    economy.run_economy(state, compiled(invest=DEFENCE, tax=tax), ctx())
    after = state.nat["readiness"]
    assert 0.0 <= after <= 1.0
    assert after - before * (1 - 0.04) <= (1 - before) + 1e-12
    if industry <= 600 and harvest <= 150:
        assert after < 1.0
