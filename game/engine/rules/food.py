"""Food and famine: the cities fed from the state reserve, relief for hungry villages,
grain trade between regions, the villages' rationing until the next harvest, hunger,
and deaths from hunger.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine import constants as C
from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.explain import Explanation
from game.engine.fastmath import add_reduce, any_true, clip, max_all, mean
from game.engine.rules.herds import PASTORAL_FROM, PASTORAL_FULL, fodder_need, herd_ratio
from game.engine.state import KOLKHOZ, State

# Seasons until the next harvest (spring, summer, autumn, winter), for rationing.
SEASONS_TO_HARVEST = np.array([2, 1, 4, 3])
# The same as Python floats, for the rules: an array divided or multiplied by a float costs
# numpy less than by a numpy integer scalar, and the integer became the same float64.
SEASONS_LEFT: tuple[float, ...] = (2.0, 1.0, 4.0, 3.0)


def food_need(
    state: State, ctx: TurnContext | None = None, pol: CompiledPolicy | None = None
) -> np.ndarray:
    """(R,) grain people need per season, Mt. Where the herds feed people (the Kazakh
    steppe) they need less grain -- until the herds are gone. Where kolkhoz households
    may keep a plot and a cow (`pol.household_plot`, the 1935 charter), their potatoes,
    milk and vegetables replace part of their grain: what kept the kolkhoz village of the
    later 1930s alive through the drought of 1936.

    With `ctx`, computed once a turn: people and herds do not change between procurement
    and the villages' rationing (slaughter comes before, births and deaths after)."""
    if ctx is not None:
        need = ctx.flows.get("food_need")
        if need is None:
            need = ctx.flows["food_need"] = food_need(state, None, pol)
        return need
    a = state.arrays
    ratio = herd_ratio(state)
    need = a["population"] * (C.FOOD_PER_PERSON / 4.0) * (1.0 - a["herd_food"] * ratio)
    if pol is not None and any_true(pol.household_plot):
        # The plot feeds as its cow and pig do (the herds against the region's start), and
        # only where people farmed before: a nomad settled by force had no garden to dig.
        kolk = state.region_form_shares()[:, KOLKHOZ]
        tilled = clip((PASTORAL_FULL - a["herd_food"]) / (PASTORAL_FULL - PASTORAL_FROM), 0.0, 1.0)
        plot = C.PLOT_FOOD * kolk * pol.household_plot * ratio * tilled
        need = need * (1.0 - plot)
    return need


def planned_need(state: State, ctx: TurnContext | None = None) -> np.ndarray:
    """(R,) the villages' yearly grain need as the plan sees it, herds whole: the centre
    did not count the steppe's herds dying."""
    a = state.arrays
    food = a["population"] * C.FOOD_PER_PERSON * (1.0 - a["herd_food"])
    return food + 4.0 * fodder_need(state, ctx) + a["area"] * C.SEED_PER_HA


def feed_cities(state: State, ctx: TurnContext, pol: CompiledPolicy | None = None) -> None:
    """Every season the cities eat from the state's reserve, and so, through the towns'
    rations, do part of the people of the grain-deficit regions (the industrial north,
    the cotton lands): they go short when the state has none to send, not first.

    In the war the towns the enemy holds are not fed from the reserve, and wartime
    rationing (`pol.rationing`) cuts the towns' ration and the villages' share of it."""
    n = state.nat
    a = state.arrays
    city = C.URBAN_NEED_1928 * (n["industry"] / 100.0) ** 0.5 / 4.0
    rations = a["ration"] * food_need(state, ctx, pol)
    if any_true(a["occupied"]):  # (with none held the factor is 1.0: no bit changes)
        rations = rations * (1.0 - a["occupied"])
    if n["at_war"] and pol is not None and pol.rationing:
        city *= 0.8
        rations = rations * 0.6
    need = city + float(add_reduce(rations, None))
    eaten = min(need, n["grain_reserve"])
    if ctx.ledgers:  # a described turn (game.engine.breakdowns)
        reserve = ctx.ledgers["grain_reserve"]
        towns = eaten * city / need if need > 0 else 0.0
        reserve.add("Eaten by the towns", -towns)
        reserve.add("Rations for the grain-deficit regions", -(eaten - towns))
        reserve.add("Storage losses (2 % a season)", -(n["grain_reserve"] - eaten) * 0.02)
    n["grain_reserve"] = (n["grain_reserve"] - eaten) * 0.98  # storage losses
    n["urban_food"] = eaten / need if need > 0 else 1.0
    a["grain_held"] += rations * n["urban_food"]
    if not ctx.describe:  # the rest only explains (bots and replays skip it)
        return
    exp = ctx.explain("urban_food", "Cities' food supply", n["urban_food"] * 100, "%")
    exp.add("Urban need this season", city, "base", "Mt")
    exp.add("Rations for the grain-deficit regions", float(add_reduce(rations, None)), "info", "Mt")
    exp.add("Eaten from the state reserve", eaten, "info", "Mt")


def give_relief(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    """Relief grain from the state reserve, more where hunger is worse; a short reserve
    gives everyone the same part of what they were meant to get."""
    a = state.arrays
    n = state.nat
    if not any_true(pol.relief):  # none sent: every want is 0 (or NaN), and none is given
        return
    want = pol.relief * (0.3 + a["hunger"])
    total_want = float(add_reduce(want, None))
    if total_want > 1e-9 and n["grain_reserve"] > 0:
        give = want * min(1.0, n["grain_reserve"] / total_want)
        a["grain_held"] += give
        given = float(add_reduce(give, None))  # (summed once)
        n["grain_reserve"] -= given
        ctx.figures["relief"] = given
        if ctx.ledgers:
            ctx.ledgers["grain_reserve"].add("Famine relief", -ctx.figures["relief"])


def trade_between_regions(
    state: State,
    pol: CompiledPolicy,
    food: np.ndarray,
    fodder: np.ndarray,
    left: float,
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
    # (each sum made once: dividing by it as a float gives the bits the numpy scalar did)
    surplus_t = float(add_reduce(surplus, None))
    deficit_t = float(add_reduce(deficit, None))
    moved = min(surplus_t * 0.8, deficit_t * openness)
    if moved <= 0:
        return
    out = surplus / surplus_t * moved
    inn = deficit / deficit_t * moved
    a["grain_held"] += (inn - out) * left
    ctx.figures["grain_traded"] = moved


@dataclass
class Rationing:
    """What the villages ate this season."""

    hunger: np.ndarray  # (R,) share of food need not met
    fodder_short: np.ndarray  # (R,) share of fodder need not met


def ration_villages(state: State, pol: CompiledPolicy, ctx: TurnContext) -> Rationing:
    """The villages (after trade) spread their grain over the seasons to the next harvest:
    people eat first, the herds get what is left over."""
    a = state.arrays
    left = SEASONS_LEFT[state.season_index]
    food = food_need(state, ctx, pol)
    fodder = fodder_need(state, ctx)
    trade_between_regions(state, pol, food, fodder, left, ctx)
    per_season = a["grain_held"] / left
    eaten = np.minimum(food, per_season)
    fed = np.minimum(fodder, np.maximum(per_season - eaten, 0.0))
    a["grain_held"] -= eaten + fed
    a["grain_held"] *= 0.985  # storage losses
    # (1.0, not 1: an int beside an array costs numpy a cast each call; the same bits)
    hunger = clip(1.0 - eaten / np.maximum(food, 1e-9), 0.0, 1.0)
    a["hunger"][:] = hunger
    fodder_short = clip(1.0 - fed / np.maximum(fodder, 1e-9), 0.0, 1.0)
    if not ctx.describe:  # the rest only explains (bots and replays skip it)
        return Rationing(hunger, fodder_short)
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
    held_after = a["grain_held"].copy()
    eaten_c, fed_c = np.asarray(eaten, float).copy(), np.asarray(fed, float).copy()

    def explain_grain() -> list[Explanation]:
        out = []
        for r in range(state.n_regions):
            e = Explanation("grain_held", "Grain in the villages", float(held_after[r]), "Mt")
            stored = float(held_after[r]) / 0.985  # left before the storage losses
            start = stored + float(eaten_c[r]) + float(fed_c[r])
            e.add(
                "Before this season's meals (harvest, less the state's take)", start, "base", "Mt"
            )
            e.add("Eaten by the villagers", -float(eaten_c[r]), "add", "Mt")
            e.add("Fed to the herds", -float(fed_c[r]), "add", "Mt")
            e.add("Storage losses", -(stored - float(held_after[r])), "add", "Mt")
            e.add("Procured since the harvest", float(procured[r]), "info", "Mt")
            out.append(e)
        return out

    ctx.regional["grain_held"] = explain_grain
    return Rationing(hunger, fodder_short)


def famine(state: State, ctx: TurnContext) -> np.ndarray:
    """Deaths from hunger this season, (R,) millions: they rise steeply with the shortfall.
    Counted here; game.engine.rules.population takes them from the living."""
    a = state.arrays
    hunger = a["hunger"]
    if max_all(hunger) <= 0.05:
        # Nobody starves (most seasons): every rate is 0.0 ** FAMINE_POWER = +0.0, so the
        # deaths are zeros, and adding them to the count, or writing them into the
        # season's flow (zeros when first asked), would change no bit. (A NaN hunger
        # fails the test and takes the full path.)
        deaths = np.zeros(hunger.shape)
    else:
        death_rate = C.FAMINE_K * np.maximum(hunger - 0.05, 0.0) ** C.FAMINE_POWER
        deaths = a["population"] * death_rate
        a["famine_deaths"] += deaths
        ctx.flow("famine_deaths")[:] = deaths
    if ctx.ledgers:  # a described turn (game.engine.breakdowns)
        ctx.ledgers["famine_deaths"].add("Died of hunger this season", deaths)
    if not ctx.describe:  # the rest only explains (bots and replays skip it)
        return deaths
    exp = ctx.explain(
        "famine_deaths", "Deaths from hunger this season", float(add_reduce(deaths, None)), "M"
    )
    exp.add("Villages' food shortfall (mean)", float(mean(hunger)), "info")
    exp.add("Worst region's shortfall", float(hunger.max()), "info")
    return deaths
