"""What the centre can verify: how far local reports inflate the truth, how far the
worker-cadres on the spot reach, and in which regions the reports can be believed.

Bots, the CLI, reports and the map all ask `reliable_regions`; the player sees
true harvests only there.
"""

from __future__ import annotations

import numpy as np

from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.explain import Explanation
from game.engine.fastmath import add_reduce, clip, mean
from game.engine.rules.harvest import difficulty
from game.engine.state import PRIVATE, VOLUNTARY, State

# Where a report can be believed: little inflation, or own people on the spot.
RELIABLE_BIAS = 0.05
RELIABLE_CADRES = 1.0  # thousand


def reliable_regions(state: State) -> np.ndarray:
    """(R,) bool: the centre can believe this region's reports (true figures are known)."""
    a = state.arrays
    return (a["report_bias"] < RELIABLE_BIAS) | (a["cadres"] >= RELIABLE_CADRES)


def update_reporting(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    """Officials under pressure report what the centre wants; cadres and self-management
    bring the reports back toward the truth."""
    a = state.arrays
    forced = pol.forced
    # (the regions' households and the forms' shares summed over the strata, kept by the
    # state for the procurement rule too: nothing moves households in between)
    hh_reg = state.households_by_region()
    mix = state.form_mix()
    # (1.0, not 1: an int beside an array costs numpy a cast each call; the same bits)
    coll = 1.0 - mix[:, PRIVATE]
    gap = np.maximum(pol.target - coll, 0.0) * pol.forced_path
    quota_push = 0.0 if pol.market else np.maximum(pol.quota - 0.2, 0.0) * 1.5
    pressure = 0.6 * forced + quota_push + 0.3 * gap
    cover = cadre_cover(state, hh_reg)
    vol = mix[:, VOLUNTARY]
    b = a["report_bias"]
    if ctx.describe:  # (the season's start, for the explanation)
        before, b0 = mean(b), b.copy()
    push = 0.12 * pressure * difficulty(state, "report_push")
    checks = 0.08 * b + 1.5 * cover * b + 0.15 * vol * a["autonomy"] * b
    exposed = 0.6 * a["hunger"] * b  # famine exposes the lie
    b += push - checks - exposed
    clip(b, 0.0, 0.6, out=b)
    if not ctx.describe:  # the rest only explains (bots and replays skip it)
        return
    exp = ctx.explain("report_bias", "Inflation of local reports", mean(b) * 100, "%")
    exp.add("Last season", before * 100, "base", "%")
    exp.add("Pressure on officials (drive, quotas, targets)", mean(push) * 100, "add", "pp")
    exp.add("Checks: cadres, self-management, time", -mean(checks) * 100, "add", "pp")
    exp.add("Exposed by hunger", -mean(exposed) * 100, "add", "pp")
    n = state.n_regions
    # (each a region's own copy; np.full for a value the same everywhere, as broadcast_to
    # would give it, without broadcast_to's cost)
    parts = [np.full(n, v) if np.ndim(v) == 0 else np.array(v, dtype=float) for v in (push, checks)]
    parts.append(np.asarray(exposed, dtype=float).copy())
    now = b.copy()

    def by_region() -> list[Explanation]:
        out = []
        for r in range(n):
            e = Explanation("report_bias", "Inflation of local reports", now[r] * 100, "%")
            e.add("Last season", b0[r] * 100, "base", "%")
            e.add("Pressure on officials (drive, quotas, targets)", parts[0][r] * 100, "add", "pp")
            e.add("Checks: cadres, self-management, time", -parts[1][r] * 100, "add", "pp")
            e.add("Exposed by hunger", -parts[2][r] * 100, "add", "pp")
            out.append(e)
        return out

    ctx.regional["report_bias"] = by_region


def cadre_cover(state: State, hh_reg: np.ndarray | None = None) -> np.ndarray:
    """How far the dispatched cadres reach: a thousand cadres per 100,000 households = 0.1.
    `hh_reg`: the regions' households, when the caller has summed them already."""
    a = state.arrays
    if hh_reg is None:
        hh_reg = add_reduce(a["households"], 1)
    return clip(a["cadres"] / np.maximum(hh_reg * 10.0, 1e-9), 0.0, 1.0)
