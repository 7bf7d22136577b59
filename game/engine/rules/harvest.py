"""Weather, sowing and the harvest: the true figure and the one reported upward."""

from __future__ import annotations

import numpy as np

from game.engine import constants as C
from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.fastmath import add_reduce, clip, mean
from game.engine.rules.productivity import Productivity
from game.engine.state import KOLKHOZ, PRIVATE, VOLUNTARY, State


def difficulty(state: State, key: str) -> float:
    """A setting of the campaign's difficulty (normal for saves from before they existed)."""
    return float(state.params.get("difficulty_settings", {}).get(key, _NORMAL[key]))


_TAX_W = np.array(C.TAX_OUTPUT_WEIGHT)
_NORMAL = {"weather_spread": 1.0, "report_push": 1.0, "ousted_turns": 4.0}


def draw_weather(state: State, ctx: TurnContext) -> None:
    """Spring: the year's weather, with a shared national shock and regional droughts."""
    a = state.arrays
    rng = state.rng
    common = rng.normal()
    local = rng.normal(size=state.n_regions)
    drought_year = rng.random() < 0.10
    severity = rng.uniform(1.0, 2.0)
    local_bad = rng.random(state.n_regions) < a["drought_risk"] * 0.35
    spread = difficulty(state, "weather_spread")
    w = 0.05 * common + 0.06 * local
    w -= drought_year * a["drought_risk"] * severity
    w -= local_bad * 0.15
    w = 1.03 + spread * w
    a["weather"][:] = clip(w, 0.45, 1.15)
    if drought_year:
        ctx.events.append("Drought: a dry spring across the grain belt.")
    ctx.figures["drought"] = float(drought_year)


def sown_area(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    """Spring: how much the farms sow. Peasants sow less when the state takes too much and
    pays too little (the grain strike of 1927-28) and in the turmoil of the drive, more
    when trust returns; kolkhozes sow what the plan orders and tractors plough more."""
    a = state.arrays
    n = state.nat
    burden = a["procured_year"] / np.maximum(a["harvest_true"], 1e-9)
    shares = state.region_form_shares()
    trust = add_reduce(a["trust"], 1) / a["trust"].shape[1]
    terms = 0.3 * (n["consumer_goods"] - 0.3)
    if pol.market:
        terms += 0.4 * (pol.price - 1.0)
    # Peasants farming for themselves answer prices, the state's take and their trust.
    own = clip(
        1.0
        + terms
        - C.SOWN_BURDEN * np.maximum(burden - 0.25, 0.0)
        - C.SOWN_STRAIN * a["quota_strain"]
        - C.SOWN_TAX * max(float(pol.tax @ _TAX_W) - 0.1, 0.0)
        + 0.12 * (trust - 0.5)
        - 0.25 * a["unrest"],
        0.7,
        1.12,
    )
    # Kolkhozes sow the plan, less what turmoil leaves undone.
    plan = C.SOWN_PLAN - 0.1 * a["unrest"]
    k = shares[:, KOLKHOZ]
    target = (1.0 - k) * own + k * plan
    before = float(add_reduce(a["area"], None))
    a["area"] += 0.35 * (a["area_base"] * target - a["area"])
    # The land recovers from war and famine (the NEP recovery) where the village is calm.
    forced = pol.forced
    calm = clip(1.0 - 1.5 * a["unrest"] - 1.5 * a["hunger"] - forced, 0.0, 1.0)
    gap = np.maximum(a["yield_potential"] - a["base_yield"], 0.0)
    a["base_yield"] += C.RECOVERY_RATE * calm * gap
    if not ctx.describe:  # the rest only explains (bots and replays skip it)
        return
    exp = ctx.explain("sown_mha", "Grain area sown", float(add_reduce(a["area"], None)), "Mha")
    exp.add("Last year", before, "base", "Mha")
    exp.add("Terms of trade (price, goods)", float(terms), "info")
    exp.add("State's take last year (mean share)", float(mean(burden)), "info")
    exp.add("Quotas beyond the surplus (mean)", float(mean(a["quota_strain"])), "info")
    exp.add("Collective farms sowing the plan", float(mean(shares[:, KOLKHOZ])), "info")


def sow(state: State, ctx: TurnContext) -> None:
    """Spring sowing: disrupted by households driven into kolkhozes, hunger and missing seed."""
    a = state.arrays
    seed_need = a["area"] * C.SEED_PER_HA
    cover = clip(a["seed_store"] / np.maximum(seed_need, 1e-9), 0.0, 1.0)
    a["seed_cover"][:] = cover
    a["seed_store"][:] = 0.0
    forced = ctx.flow("forced_join")
    a["sown_factor"][:] = clip(
        1.0 - 0.4 * forced - 0.15 * a["hunger"] - 0.05 * a["unrest"] - 0.45 * (1.0 - cover),
        0.35,
        1.0,
    )


def harvest(state: State, pol: CompiledPolicy, prod: Productivity, ctx: TurnContext) -> None:
    """Autumn: land x yield x weather x sowing x draught power x organisation x skill."""
    a = state.arrays
    land = prod.land_rf
    share = land / np.maximum(add_reduce(land, 1, None, None, True), 1e-9)

    p_priv = prod.out_rf[:, PRIVATE] / np.maximum(land[:, PRIVATE], 1e-9)
    p_priv = p_priv * (1.0 + C.PRIVATE_MECH * prod.mech_priv)  # tractors hired from stations
    organisation = (
        share[:, PRIVATE] * p_priv
        + share[:, VOLUNTARY] * prod.org_vol
        + share[:, KOLKHOZ] * prod.p_kolk
    )
    power = a["horses"] + a["tractors"] * C.HORSE_EQ_PER_TRACTOR / 1000.0
    draught = clip((power / np.maximum(a["draught_base"], 1e-9)) ** 0.2, 0.5, 1.08)
    # (1.0, not 1: an int beside an array costs numpy a cast each call; the same bits)
    labour = 1.0 - 0.2 * a["hunger"]
    revolt = 1.0 - 0.12 * a["revolt"]
    bonus = 1.0 + a["yield_bonus"]
    base = a["area"] * a["base_yield"]
    true = (
        (base * a["weather"] * a["sown_factor"] * draught * organisation * a["skill"] * labour)
        * revolt
        * bonus
    )
    a["harvest_true"][:] = np.maximum(true, 0.0)
    a["harvest_reported"][:] = a["harvest_true"] * (1.0 + a["report_bias"])
    # Seed for next spring is set aside first, as every farmer does.
    seed_need = a["area"] * C.SEED_PER_HA
    a["seed_store"][:] = np.minimum(seed_need, 0.85 * a["harvest_true"])
    a["grain_held"] += a["harvest_true"] - a["seed_store"]
    a["procured_year"][:] = 0.0
    a["quota_strain"][:] = 0.0
    # The score reads prosperity over the years, not one year's weather.
    per_cap = float(add_reduce(a["harvest_true"], None)) / max(
        float(add_reduce(a["population"], None)), 1e-9
    )
    n = state.nat
    n["harvest_per_capita"] = 0.6 * n.get("harvest_per_capita", per_cap) + 0.4 * per_cap
    if not ctx.describe:  # the rest only explains (bots and replays skip it)
        return

    total = float(add_reduce(a["harvest_true"], None))
    base_t = float(add_reduce(base, None))
    exp = ctx.explain("harvest_true_mt", "True harvest", total, "Mt")
    weights = base / max(base_t, 1e-9)
    exp.add("Sown area x normal yield", base_t, "base", "Mt")
    exp.add("Weather", float(weights @ a["weather"]))
    exp.add("Sowing", float(weights @ a["sown_factor"]))
    exp.add("Draught power (horses, tractors)", float(weights @ draught))
    exp.add("Organisation and effort by farm form", float(weights @ organisation))
    exp.add("Private farms' hired tractors (mechanisation)", prod.mech_priv, "info")
    exp.add("Farming skill", float(weights @ a["skill"]))
    exp.add("Labour lost to hunger", float(weights @ labour))
    if a["revolt"].any():
        exp.add("Peasant revolts", float(weights @ revolt))
    if a["yield_bonus"].any():
        exp.add("Lasting effects", float(weights @ bonus))
    rep = float(add_reduce(a["harvest_reported"], None))
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
