"""Grain after the harvest: procurement, the cities, exports, the villages' food.

Quotas are set on *reported* harvests. When reports are inflated, the state
takes more than the real surplus and the villages go hungry: the mechanism of
1932-33, played rather than told.
"""

from __future__ import annotations

import numpy as np

from game.engine import constants as C
from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.explain import Explanation
from game.engine.fastmath import clip, mean
from game.engine.state import KOLKHOZ, PRIVATE, State

# Seasons until the next harvest (spring, summer, autumn, winter), for rationing.
SEASONS_TO_HARVEST = np.array([2, 1, 4, 3])


def food_need(state: State) -> np.ndarray:
    """(R,) grain people need per season, Mt."""
    return state.arrays["population"] * C.FOOD_PER_PERSON / 4.0


def fodder_need(state: State) -> np.ndarray:
    a = state.arrays
    return (a["cattle"] * C.FODDER_PER_COW + a["horses"] * C.FODDER_PER_HORSE) / 4.0


def procure(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    """Autumn and winter: the state takes its grain, by quota or by purchase."""
    a = state.arrays
    season = state.season_index
    frac = C.AUTUMN_PROCUREMENT if season == 2 else 1 - C.AUTUMN_PROCUREMENT
    hh = a["households"]
    kolk = (hh * a["forms"][:, :, KOLKHOZ]).sum(1) / hh.sum(1)
    priv = (hh * a["forms"][:, :, PRIVATE]).sum(1) / hh.sum(1)
    forced = pol.forced
    held = a["grain_held"]
    if pol.market:
        needs = (food_need(state) + fodder_need(state)) * SEASONS_TO_HARVEST[season]
        surplus = np.maximum(held - needs, 0.0)
        willing = clip(
            0.16
            + 0.3 * (pol.price - 1.0)
            + 0.35 * (state.nat["consumer_goods"] - 0.3)
            + 0.15 * ((a["trust"].sum(1) / a["trust"].shape[1]) - 0.5)
            + 0.3 * kolk,
            0.05,
            0.9,
        )
        taken = surplus * willing * (1.0 if season == 3 else 0.75)
        price_paid = pol.price
        demand = taken
    else:
        demand = pol.quota * a["harvest_reported"] * frac
        # Peasants hide grain from quotas; kolkhoz harvests are in plain sight.
        extraction = clip(
            0.40
            + 0.45 * forced
            + 0.25 * kolk
            + 0.1 * ((a["trust"].sum(1) / a["trust"].shape[1]) - 0.5)
            - 0.1 * priv,
            0.15,
            0.92,
        )
        # Officials leave the village some food unless pressed hard not to.
        left_in = SEASONS_TO_HARVEST[season]
        floor = clip(1.0 - 1.3 * forced, 0.0, 1.0) * food_need(state) * left_in * 0.8
        takeable = np.maximum(held - floor, 0.0)
        taken = np.minimum(demand, takeable * extraction)
        # Under heavy pressure brigades take the seed grain too.
        short = demand - taken
        seed_take = np.minimum(short, a["seed_store"] * clip(forced - 0.45, 0, 0.5) * 1.6)
        a["seed_store"] -= seed_take
        taken = taken + seed_take
        held = held + seed_take  # passes through the village stock
        price_paid = 0.45  # fixed procurement prices far below the market
    a["grain_held"][:] = held - taken
    a["procured_year"] += taken
    total = float(taken.sum())
    ctx.figures["procured"] = total
    exported = total * pol.export
    state.nat["grain_reserve"] += total - exported
    state.nat["exports_year"] += exported
    ctx.figures["exported"] = exported
    # Cheap grain resold to the cities and abroad funds industry: the "tribute".
    world_price = 0.55 if 1930 <= state.year <= 1934 else 1.0  # the Depression
    resold = (total - exported) * max(0.0, 1.0 - price_paid) * 0.5
    ctx.figures["procurement_margin"] = resold + exported * max(0.0, 1.3 * world_price - price_paid)
    ctx.figures["trust_procurement"] = 0.0
    if not pol.market:
        burden = np.maximum(taken / np.maximum(a["harvest_true"], 1e-9) - 0.2, 0.0)
        a["trust"] -= (0.3 * burden)[:, None]
    exp = ctx.explain("procurement_mt", "Grain procured this season", total, "Mt")
    if pol.market:
        exp.add("Bought at market price", pol.price, "info")
        exp.add("Consumer goods on offer", state.nat["consumer_goods"], "info")
    else:
        exp.add("Demanded (quota x reported harvest)", float(demand.sum()), "base", "Mt")
        exp.add("Share collected", total / max(float(demand.sum()), 1e-9))
    exp.add("Exported", exported, "info", "Mt")


def feed_cities(state: State, ctx: TurnContext) -> None:
    """Every season the cities eat from the state's reserve."""
    n = state.nat
    need = C.URBAN_NEED_1928 * (n["industry"] / 100.0) ** 0.5 / 4.0
    eaten = min(need, n["grain_reserve"])
    n["grain_reserve"] = (n["grain_reserve"] - eaten) * 0.98  # storage losses
    n["urban_food"] = eaten / need if need > 0 else 1.0
    exp = ctx.explain("urban_food", "Cities' food supply", n["urban_food"] * 100, "%")
    exp.add("Urban need this season", need, "base", "Mt")
    exp.add("Eaten from the state reserve", eaten, "info", "Mt")


def trade_between_regions(
    state: State,
    pol: CompiledPolicy,
    food: np.ndarray,
    fodder: np.ndarray,
    left: int,
    ctx: TurnContext,
) -> None:
    """Grain-deficit regions (the industrial north, cotton Central Asia) buy grain
    from the surplus regions with what they sell. The drive against private
    trade cuts these flows, and the deficit regions go hungry first."""
    a = state.arrays
    per_season = a["grain_held"] / left
    surplus = np.maximum(per_season - food - fodder, 0.0)
    deficit = np.maximum(food + fodder - per_season, 0.0)
    forced = float(mean(pol.forced))
    openness = 0.85 * (1 - 0.55 * forced) * (0.8 + 0.4 * state.nat["consumer_goods"])
    moved = min(float(surplus.sum()) * 0.8, float(deficit.sum()) * openness)
    if moved <= 0:
        return
    out = surplus / surplus.sum() * moved
    inn = deficit / deficit.sum() * moved
    a["grain_held"] += (inn - out) * left
    ctx.figures["grain_traded"] = moved


def feed_villages(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    """The villages ration their grain until the next harvest; hunger and famine follow."""
    a = state.arrays
    n = state.nat
    # Relief from the state reserve.
    want = pol.relief * (0.3 + a["hunger"])
    total_want = float(want.sum())
    if total_want > 1e-9 and n["grain_reserve"] > 0:
        give = want * min(1.0, n["grain_reserve"] / total_want)
        a["grain_held"] += give
        n["grain_reserve"] -= float(give.sum())
        ctx.figures["relief"] = float(give.sum())
    left = SEASONS_TO_HARVEST[state.season_index]
    food = food_need(state)
    fodder = fodder_need(state)
    trade_between_regions(state, pol, food, fodder, left, ctx)
    per_season = a["grain_held"] / left
    eaten = np.minimum(food, per_season)
    fed = np.minimum(fodder, np.maximum(per_season - eaten, 0.0))
    a["grain_held"] -= eaten + fed
    a["grain_held"] *= 0.985  # storage losses
    hunger = clip(1 - eaten / np.maximum(food, 1e-9), 0, 1)
    a["hunger"][:] = hunger
    fodder_short = clip(1 - fed / np.maximum(fodder, 1e-9), 0, 1)
    # Livestock: natural growth where cared for; kolkhoz herds were "nobody's".
    shares = state.region_form_shares()
    # Herds grow toward what the pasture carries; new kolkhoz herds are neglected
    # ("nobody's cows") until the farms settle down.
    neglect = 0.008 * np.exp(-a["kolk_age"] / 3.0) * shares[:, KOLKHOZ]
    room_c = 1 - a["cattle"] / np.maximum(a["cattle_base"] * 1.3, 1e-9)
    room_h = 1 - a["horses"] / np.maximum(a["draught_base"] * 1.15, 1e-9)
    cattle0, horses0 = float(a["cattle"].sum()), float(a["horses"].sum())
    c_growth = a["cattle"] * 0.012 * room_c
    c_neglect = a["cattle"] * neglect
    c_fodder = a["cattle"] * (0.05 * fodder_short + 0.05 * hunger)
    a["cattle"] += c_growth - c_neglect - c_fodder
    a["horses"] *= 1 + 0.010 * room_h - neglect - 0.08 * fodder_short
    slaughtered = float(ctx.flow("slaughter_cattle").sum())
    exp = ctx.explain("cattle_m", "Cattle", float(a["cattle"].sum()), "M")
    exp.add("Start of the season (after slaughter)", cattle0, "base", "M")
    exp.add("Slaughtered by households driven to join", -slaughtered, "add", "M")
    exp.add("Herd growth on the pasture", float(c_growth.sum()), "add", "M")
    exp.add("Neglect in new kolkhoz herds", -float(c_neglect.sum()), "add", "M")
    exp.add("Lost to fodder shortage and hunger", -float(c_fodder.sum()), "add", "M")
    exp2 = ctx.explain("horses_m", "Horses", float(a["horses"].sum()), "M")
    exp2.add("Start of the season", horses0, "base", "M")
    exp2.add(
        "Slaughtered by households driven to join",
        -float(ctx.flow("slaughter_horses").sum()),
        "add",
        "M",
    )
    exp2.add("Fodder shortfall (mean)", mean(fodder_short), "info")
    # Famine: deaths rise steeply with the shortfall.
    death_rate = C.FAMINE_K * np.maximum(hunger - 0.05, 0.0) ** C.FAMINE_POWER
    deaths = a["population"] * death_rate
    a["famine_deaths"] += deaths
    ctx.flow("famine_deaths")[:] = deaths
    # Population: natural growth, famine, flight to the growing cities.
    # Natural growth, less the flight to the cities that industry draws.
    growth = 1.0035 - 0.045 * float(clip(n["industry_growth"], 0.0, 0.25))
    new_pop = (a["population"] - deaths) * growth
    ratio = new_pop / np.maximum(a["population"], 1e-9)
    a["population"][:] = new_pop
    a["households"] *= ratio[:, None]
    total_deaths = float(deaths.sum())
    exp = ctx.explain("famine_deaths", "Deaths from hunger this season", total_deaths, "M")
    exp.add("Villages' food shortfall (mean)", float(mean(hunger)), "info")
    exp.add("Worst region's shortfall", float(hunger.max()), "info")
    held_before = a["grain_held"] + eaten + fed
    procured = a["procured_year"].copy()

    def explain_hunger() -> list[Explanation]:
        out = []
        for r in range(state.n_regions):
            e = Explanation("hunger", "Food shortfall", float(hunger[r]) * 100, "%")
            e.add("Grain in the villages", float(held_before[r]), "base", "Mt")
            e.add("Seasons to ration until the harvest", float(left), "info")
            e.add("Food need this season", float(food[r]), "info", "Mt")
            e.add("Procured this year", float(procured[r]), "info", "Mt")
            out.append(e)
        return out

    ctx.regional["hunger"] = explain_hunger
