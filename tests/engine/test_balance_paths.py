"""Both paths viable, neither free (issue #9): a moderate forced drive against the steady
voluntary line, seed-averaged, no deck.

The drive (assets/strategies/moderate-drive.toml: low coercion, the 1930 retreat, no
dekulakisation) must buy something the voluntary line does not -- more kolkhozes and more
industry (the kolkhozes' hands for the building sites) -- and pay for it in herds; and
the two must score within reach of each other.
"""

from functools import cache

import numpy as np

from game.campaign import Campaign
from game.cards.strategy import StrategyBot, load_strategy

SEEDS = range(2000, 2004)


@cache
def runs(name: str) -> list[dict]:
    strategy = load_strategy(name)
    out = []
    for seed in SEEDS:
        c = Campaign.new("great-turn-1928", seed=seed)
        c.play_bot(StrategyBot(strategy, seed))
        rows = {r["year"]: r for r in c.timeline()}
        out.append({"rows": rows, "score": c.score(), "state": c.state})
    return out


def mean(name: str, f) -> float:
    return float(np.mean([f(r) for r in runs(name)]))


def test_the_drive_buys_kolkhozes_and_industry() -> None:
    drive, vol = "moderate-drive", "steady-voluntary"
    assert mean(drive, lambda r: r["rows"][1937]["forced_share"]) > 0.5
    assert mean(drive, lambda r: r["rows"][1940]["industry_index"]) > mean(
        vol, lambda r: r["rows"][1940]["industry_index"]
    )
    assert mean(drive, lambda r: r["score"].parts["industry"]) > mean(
        vol, lambda r: r["score"].parts["industry"]
    )


def test_the_drive_pays_in_herds_not_in_millions_of_dead() -> None:
    drive, vol = "moderate-drive", "steady-voluntary"
    assert mean(drive, lambda r: r["score"].parts["livestock"]) < mean(
        vol, lambda r: r["score"].parts["livestock"]
    )
    assert mean(drive, lambda r: float(r["state"].arrays["famine_deaths"].sum())) < 1.0


def test_both_paths_score_within_reach() -> None:
    drive = mean("moderate-drive", lambda r: r["score"].total)
    vol = mean("steady-voluntary", lambda r: r["score"].total)
    assert abs(drive - vol) < 20.0
