"""Issue #9's calibration bands: the historical bot from 1928 with the deck, seed-averaged.

The regions have their own history: the drive goes tier by tier, the famine falls on
Ukraine, the Kuban and the Kazakh steppe and not on the rationed north, the herds
recover once a kolkhoz household may keep a cow, and the 1921 scenario recovers under
the NEP instead of collapsing.
"""

from functools import cache

import numpy as np
import pytest

from game.campaign import Campaign
from game.cards.deck import default_deck
from game.engine.bots import make_bot

# Twelve seeds, not six (1 December 2026, session 20): the famine of 1931-34 varies from under 1 M to
# 14 M from seed to seed (sd about 4.6 M: the 1932 harvest in Ukraine and the Kuban meets
# quotas held on inflated reports), so a six-seed mean has a standard error of about
# 1.9 M -- wider than the 5.5-8 M band itself. The bands are unchanged.
SEEDS = range(12)
GRAIN_TIER_1 = ("north_caucasus", "lower_volga", "middle_volga")
CONSUMER = ("central_industrial", "north_west")


@cache
def runs(scenario: str = "great-turn-1928", bot: str = "historical", n: int = len(SEEDS)) -> list:
    deck = default_deck()
    out = []
    for seed in range(n):
        c = Campaign.new(scenario, seed=seed, deck=deck)
        c.play_bot(make_bot(bot, seed))
        out.append(
            {
                "rows": {r["year"]: r for r in c.timeline()},
                "regions": {
                    rid: {r["year"]: r for r in rows} for rid, rows in c.region_timeline().items()
                },
                "outcome": c.state.outcome,
            }
        )
    return out


def nat(year: int, key: str, **kw) -> float:
    return float(np.mean([r["rows"][year][key] for r in runs(**kw)]))


def reg(rid: str, year: int, key: str) -> float:
    return float(np.mean([r["regions"][rid][year][key] for r in runs()]))


def deaths(rid: str | None = None, years=range(1931, 1935)) -> float:
    if rid is None:
        return sum(nat(y, "famine_deaths") for y in years)
    return sum(reg(rid, y, "famine_deaths") for y in years)


def test_famine_of_1931_34_in_the_historical_range_worst_in_1932_or_1933():
    assert 5.5 <= deaths() <= 8.0
    worst = max(range(1931, 1935), key=lambda y: nat(y, "famine_deaths"))
    assert worst in (1932, 1933)


def test_the_famine_falls_on_ukraine_and_the_steppe_not_the_rationed_north():
    total = deaths()
    assert 0.40 <= deaths("ukraine") / total <= 0.75
    assert deaths("kazakhstan") >= 0.20 * reg("kazakhstan", 1930, "rural_population_m")
    assert sum(deaths(r) for r in CONSUMER) < 0.10 * total


def test_exports_follow_the_record_and_the_market_caps_them():
    for y in (1930, 1931):
        assert 4.0 <= nat(y, "exports_mt") <= 6.5
    for r in runs():
        assert max(row["exports_mt"] for row in r["rows"].values()) <= 8.0


def test_procurement_of_the_drive_years():
    for y in range(1930, 1934):
        assert 18.0 <= nat(y, "procurement_mt") <= 27.0


def test_herds_recover_after_the_charter():
    assert nat(1938, "cattle_m") >= 1.4 * nat(1933, "cattle_m")
    assert nat(1933, "pigs_m") < 0.7 * nat(1928, "pigs_m")
    assert nat(1933, "sheep_m") < 0.7 * nat(1928, "sheep_m")


def test_tractors():
    assert 120_000 <= nat(1932, "tractors") <= 180_000
    assert 420_000 <= nat(1940, "tractors") <= 650_000


def test_the_drive_goes_tier_by_tier():
    grain = np.mean([reg(r, 1931, "collectivised_share") for r in GRAIN_TIER_1])
    consumer = np.mean([reg(r, 1931, "collectivised_share") for r in CONSUMER])
    assert grain >= consumer + 0.15


@pytest.mark.parametrize("seed_count", [8])
def test_free_soviets_1921_recovers_under_the_nep(seed_count):
    rs = runs("free-soviets-1921", "historical", seed_count)
    assert sum(r["outcome"] == "collapse" for r in rs) < seed_count / 2
    h = np.mean(
        [np.mean([r["rows"][y]["harvest_true_mt"] for y in (1926, 1927, 1928)]) for r in rs]
    )
    assert h > 65.0
