"""The war, played, must come out of the model (issue #10; ../shared/data/history.md).

Bands, not points, over seeds of the 1928 scenario:
- historical: Germany goes Nazi on most seeds; where the war comes the USSR wins it on
  most seeds, late (not before 1944) and at a terrible cost (Soviet losses about 27
  million: a band of 15-40 M), after losing Ukraine and Belarus for two years or more.
- the voluntary paths have routes, none free: a war is not won for nothing (the
  voluntary bots without rearmament or allies lose it or win it at a price).
"""

from functools import cache

import numpy as np

from game.campaign import Campaign
from game.engine.bots import make_bot
from game.engine.rules.war import war_summary

SEEDS = range(8)


@cache
def wars(bot: str) -> list[dict]:
    out = []
    for seed in SEEDS:
        c = Campaign.new("great-turn-1928", seed=seed)
        c.play_bot(make_bot(bot, seed))
        st = c.state
        summary = war_summary(st)
        if summary is None:
            continue
        # seasons with Ukraine and Belarus both more than half held
        rows = c.history[1:]
        summary["west_lost_seasons"] = sum(1 for r in rows if r["occupied_regions"] >= 2)
        summary["end_year"] = int(summary["end"].split("-")[0]) if summary["end"] else None
        summary["score"] = c.score().total
        out.append(summary)
    return out


def test_the_historical_war_is_won_late_and_at_a_terrible_cost() -> None:
    ws = wars("historical")
    assert len(ws) >= len(SEEDS) // 2  # Hitler came to power on most seeds
    won = [w for w in ws if w["result"] == "victory"]
    assert len(won) >= 0.7 * len(ws)
    assert all(w["end_year"] >= 1944 for w in won)
    deaths = np.mean([w["war_deaths_m"] for w in ws])
    assert 15.0 <= deaths <= 40.0
    assert 5.0 <= np.mean([w["military_deaths_m"] for w in ws]) <= 14.0
    # Ukraine, Belarus and the west lost for two years or more
    assert np.median([w["west_lost_seasons"] for w in ws]) >= 8
    assert np.median([w["max_occupied_regions"] for w in ws]) >= 4


def test_no_voluntary_path_wins_the_war_for_nothing() -> None:
    for bot in ("voluntary", "voluntary-supported", "nep"):
        for w in wars(bot):
            if w["result"] == "victory":
                assert w["war_deaths_m"] >= 8.0, (bot, w)
