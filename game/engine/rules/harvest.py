"""Weather, sowing and the harvest: the true figure and the one reported upward."""

from __future__ import annotations

import numpy as np

from game.engine import constants as C
from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.fastmath import clip
from game.engine.rules.productivity import Productivity
from game.engine.state import KOLKHOZ, PRIVATE, VOLUNTARY, State


def draw_weather(state: State, ctx: TurnContext) -> None:
    """Spring: the year's weather, with a shared national shock and regional droughts."""
    a = state.arrays
    rng = state.rng
    common = rng.normal()
    local = rng.normal(size=state.n_regions)
    drought_year = rng.random() < 0.10
    severity = rng.uniform(1.0, 2.0)
    local_bad = rng.random(state.n_regions) < a["drought_risk"] * 0.35
    w = 1.03 + 0.05 * common + 0.06 * local
    w -= drought_year * a["drought_risk"] * severity
    w -= local_bad * 0.15
    a["weather"][:] = clip(w, 0.45, 1.15)
    if drought_year:
        ctx.events.append("Drought: a dry spring across the grain belt.")
    ctx.figures["drought"] = float(drought_year)


def sow(state: State, ctx: TurnContext) -> None:
    """Spring sowing: disrupted by households driven into kolkhozes, hunger and missing seed."""
    a = state.arrays
    seed_need = a["area"] * C.SEED_PER_HA
    cover = clip(a["seed_store"] / np.maximum(seed_need, 1e-9), 0, 1)
    a["seed_cover"][:] = cover
    a["seed_store"][:] = 0.0
    forced = ctx.flow("forced_join")
    a["sown_factor"][:] = clip(
        1.0 - 0.4 * forced - 0.15 * a["hunger"] - 0.05 * a["unrest"] - 0.45 * (1 - cover),
        0.35,
        1.0,
    )


def harvest(state: State, pol: CompiledPolicy, prod: Productivity, ctx: TurnContext) -> None:
    """Autumn: land x yield x weather x sowing x draught power x organisation x skill."""
    a = state.arrays
    land = prod.land_rf
    share = land / np.maximum(land.sum(1, keepdims=True), 1e-9)

    p_priv = prod.out_rf[:, PRIVATE] / np.maximum(land[:, PRIVATE], 1e-9)
    organisation = (
        share[:, PRIVATE] * p_priv
        + share[:, VOLUNTARY] * prod.p_vol
        + share[:, KOLKHOZ] * prod.p_kolk
    )
    power = a["horses"] + a["tractors"] * C.HORSE_EQ_PER_TRACTOR / 1000.0
    draught = clip((power / np.maximum(a["draught_base"], 1e-9)) ** 0.2, 0.5, 1.08)
    labour = 1 - 0.2 * a["hunger"]
    revolt = 1 - 0.12 * a["revolt"]
    bonus = 1 + a["yield_bonus"]
    base = a["area"] * a["base_yield"]
    true = (
        (base * a["weather"] * a["sown_factor"] * draught * organisation * a["skill"] * labour)
        * revolt
        * bonus
    )
    a["harvest_true"][:] = np.maximum(true, 0.0)
    a["harvest_reported"][:] = a["harvest_true"] * (1 + a["report_bias"])
    # Seed for next spring is set aside first, as every farmer does.
    seed_need = a["area"] * C.SEED_PER_HA
    a["seed_store"][:] = np.minimum(seed_need, 0.85 * a["harvest_true"])
    a["grain_held"] += a["harvest_true"] - a["seed_store"]
    a["procured_year"][:] = 0.0

    total = float(a["harvest_true"].sum())
    base_t = float(base.sum())
    exp = ctx.explain("harvest_true_mt", "True harvest", total, "Mt")
    weights = base / max(base_t, 1e-9)
    exp.add("Sown area x normal yield", base_t, "base", "Mt")
    exp.add("Weather", float(weights @ a["weather"]))
    exp.add("Sowing", float(weights @ a["sown_factor"]))
    exp.add("Draught power (horses, tractors)", float(weights @ draught))
    exp.add("Organisation and effort by farm form", float(weights @ organisation))
    exp.add("Farming skill", float(weights @ a["skill"]))
    exp.add("Labour lost to hunger", float(weights @ labour))
    if a["revolt"].any():
        exp.add("Peasant revolts", float(weights @ revolt))
    if a["yield_bonus"].any():
        exp.add("Lasting effects", float(weights @ bonus))
    rep = float(a["harvest_reported"].sum())
    exp2 = ctx.explain("harvest_reported_mt", "Reported harvest", rep, "Mt")
    exp2.add("True harvest", total, "base", "Mt")
    exp2.add("Inflation in local reports", rep / max(total, 1e-9))
    snap = {k: a[k].copy() for k in ("harvest_true", "weather", "sown_factor", "skill")}
    ctx.regional["harvest"] = lambda: [
        _region_harvest(snap, r, base, draught, organisation, labour, revolt, bonus)
        for r in range(state.n_regions)
    ]


def _region_harvest(a, r, base, draught, organisation, labour, revolt, bonus):
    from game.engine.explain import Explanation

    exp = Explanation("harvest", "True harvest", float(a["harvest_true"][r]), "Mt")
    exp.add("Area x normal yield", float(base[r]), "base", "Mt")
    exp.add("Weather", float(a["weather"][r]))
    exp.add("Sowing", float(a["sown_factor"][r]))
    exp.add("Draught power", float(draught[r]))
    exp.add("Organisation and effort", float(organisation[r]))
    exp.add("Skill", float(a["skill"][r]))
    exp.add("Hunger", float(labour[r]))
    exp.add("Revolt", float(revolt[r]))
    exp.add("Lasting effects", float(bonus[r]))
    return exp
