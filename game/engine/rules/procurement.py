"""Grain procurement: what the state takes in autumn and winter, by quota or by purchase,
what it exports, and the margin that funds industry.

Quotas are set on *reported* harvests. When reports are inflated, the state
takes more than the real surplus and the villages go hungry: the mechanism of
1932-33, played rather than told.
"""

from __future__ import annotations

import math

import numpy as np

from game.engine import constants as C
from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.explain import Explanation
from game.engine.fastmath import add_reduce, any_true, clip, max_all
from game.engine.rules.food import SEASONS_LEFT, food_need, planned_need
from game.engine.rules.herds import fodder_need
from game.engine.state import KOLKHOZ, PRIVATE, State

# Export price of grain against 1928: the Depression halved it by 1932.
WORLD_PRICE: dict[int, float] = {
    1928: 1.0,
    1929: 0.9,
    1930: 0.7,
    1931: 0.55,
    1932: 0.48,
    1933: 0.48,
    1934: 0.52,
    1935: 0.58,
    1936: 0.65,
    1937: 0.75,
    1938: 0.65,
    1939: 0.65,
    1940: 0.7,
    1941: 0.7,
}


def world_price(year: int) -> float:
    return WORLD_PRICE.get(year, 1.0 if year < 1928 else 0.7)


def export_earnings(year: int, before: float, after: float) -> float:
    """Earnings (Mt at 1928 prices) of raising the year's exports from `before` to `after`
    Mt: the market takes a few Mt, then each further Mt depresses the price (dumping)."""
    k = C.EXPORT_MARKET_MT
    return world_price(year) * k * (math.exp(-before / k) - math.exp(-after / k))


def plan_weights(state: State, ctx: TurnContext | None = None) -> np.ndarray:
    """(R,) how the plan shares a national quota out: by each region's reported marketable
    surplus, so the grain belt carries the quotas and the consumer north little. 1.0 on
    average over the reported harvest."""
    rep = state.arrays["harvest_reported"]
    surplus = np.maximum(rep - planned_need(state, ctx), C.QUOTA_FLOOR_SHARE * rep)
    by_surplus = (
        surplus
        / np.maximum(rep, 1e-9)
        * (float(add_reduce(rep, None)) / max(float(add_reduce(surplus, None)), 1e-9))
    )
    return (1 - C.QUOTA_BY_SURPLUS) + C.QUOTA_BY_SURPLUS * by_surplus


def procure(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    """Autumn and winter: the state takes its grain, by quota or by purchase."""
    a = state.arrays
    season = state.season_index
    frac = C.AUTUMN_PROCUREMENT if season == 2 else 1 - C.AUTUMN_PROCUREMENT
    # (the shares as summed over the strata, kept by the state: the reporting rule has
    # asked for them this season already, and nothing has moved households since)
    mix = state.form_mix()
    kolk, priv = mix[:, KOLKHOZ], mix[:, PRIVATE]
    forced = pol.forced
    held = a["grain_held"]
    if pol.market:
        needs = (food_need(state, ctx, pol) + fodder_need(state, ctx)) * SEASONS_LEFT[season]
        surplus = np.maximum(held - needs, 0.0)
        willing = clip(
            0.16
            + 0.3 * (pol.price - 1.0)
            + 0.35 * (state.nat["consumer_goods"] - 0.3)
            + 0.15 * ((add_reduce(a["trust"], 1) / a["trust"].shape[1]) - 0.5)
            + 0.3 * kolk,
            0.05,
            0.9,
        )
        taken = surplus * willing * (1.0 if season == 3 else 0.75)
        price_paid = pol.price
        demand = taken
    else:
        rep = a["harvest_reported"]
        demand = pol.quota * rep * plan_weights(state, ctx) * frac
        # Peasants hide grain from quotas; kolkhoz harvests are in plain sight.
        # Self-managed collectives sell to the market rather than deliver to the state.
        extraction = clip(
            0.40
            + 0.45 * forced
            + 0.25 * kolk
            + 0.1 * ((add_reduce(a["trust"], 1) / a["trust"].shape[1]) - 0.5)
            - 0.1 * priv
            - C.AUTONOMY_SHIELD * (1.0 - kolk - priv) * a["autonomy"],
            0.15,
            0.92,
        )
        # Officials leave the village some food unless pressed hard not to.
        left_in = SEASONS_LEFT[season]
        food = food_need(state, ctx, pol)
        floor = clip(1.0 - 1.3 * forced, 0.0, 1.0) * food * left_in * 0.8
        takeable = np.maximum(held - floor, 0.0)
        taken = np.minimum(demand, takeable * extraction)
        # Demand beyond what the villages can spare hurts on every path: grain hidden,
        # members leaving the collectives, less sown next spring, trust lost.
        real_surplus = np.maximum(held - (food + fodder_need(state, ctx)) * left_in, 0.0)
        floor_part = C.QUOTA_FLOOR_SHARE * rep * frac  # even a deficit region delivers a little
        strain = np.maximum(demand - real_surplus - floor_part, 0.0) / np.maximum(
            a["harvest_true"], 1e-9
        )
        a["quota_strain"] += strain
        a["trust"] -= (C.STRAIN_TRUST * strain)[:, None]
        if ctx.ledgers:  # a described turn (game.engine.breakdowns)
            ctx.ledgers["trust"].add(
                "Quotas beyond what the village can spare", -(C.STRAIN_TRUST * strain)[:, None]
            )
        # Under heavy pressure brigades take the seed grain too. (Only past a coercion
        # of 0.45 anywhere: below it the take is +0.0 everywhere, and adding it to the
        # non-negative stocks changes no bit.)
        if not max_all(forced) <= 0.45:
            short = demand - taken
            seed_take = np.minimum(short, a["seed_store"] * clip(forced - 0.45, 0.0, 0.5) * 1.6)
            a["seed_store"] -= seed_take
            taken = taken + seed_take
            held = held + seed_take  # passes through the village stock
        price_paid = 0.45  # fixed procurement prices far below the market
    # Nothing comes from the land the enemy holds (game.engine.rules.war); with none held
    # the factor is 1.0 everywhere and changes no bit.
    if any_true(a["occupied"]):
        taken = taken * (1.0 - a["occupied"])
    a["grain_held"][:] = held - taken
    a["procured_year"] += taken
    total = float(add_reduce(taken, None))
    ctx.figures["procured"] = total
    # Foreign buyers take only so much a year; what they will not buy stays in the reserve.
    ex0 = state.nat["exports_year"]
    exported = min(total * pol.export, max(C.EXPORT_CAP_MT - ex0, 0.0))
    earned = export_earnings(state.year, ex0, ex0 + exported)
    state.nat["grain_reserve"] += total - exported
    if ctx.ledgers:
        ctx.ledgers["grain_reserve"].add("Procured", total)
        ctx.ledgers["grain_reserve"].add("Exported", -exported)
    state.nat["exports_year"] += exported
    ctx.figures["exported"] = exported
    ctx.figures["export_earnings"] = earned
    # Cheap grain resold to the cities funds industry: the "tribute". Grain bought at
    # home and sold abroad below its cost is a loss to the budget (the machinery it buys
    # still comes): the Depression made exports dear.
    ctx.figures["procurement_margin"] = (total - exported) * max(0.0, 1.0 - price_paid) * 0.5
    ctx.figures["export_margin"] = 1.3 * earned - exported * price_paid
    ctx.figures["trust_procurement"] = 0.0
    if not pol.market:
        burden = np.maximum(taken / np.maximum(a["harvest_true"], 1e-9) - 0.2, 0.0)
        a["trust"] -= (0.3 * burden)[:, None]
        if ctx.ledgers:
            ctx.ledgers["trust"].add(
                "Quotas taking over a fifth of the harvest", -(0.3 * burden)[:, None]
            )
    if not ctx.describe:  # the rest only explains (bots and replays skip it)
        return
    exp = ctx.explain("procurement_mt", "Grain procured this season", total, "Mt")
    if pol.market:
        exp.add("Bought at market price", pol.price, "info")
        exp.add("Consumer goods on offer", state.nat["consumer_goods"], "info")
    else:
        exp.add(
            "Demanded (quota x reported harvest, by surplus)",
            float(add_reduce(demand, None)),
            "base",
            "Mt",
        )
        exp.add("Share collected", total / max(float(add_reduce(demand, None)), 1e-9))
        exp.add(
            "Demanded beyond the real surplus",
            float(add_reduce(strain * a["harvest_true"], None)),
            "info",
            "Mt",
        )
    exp.add("Exported", exported, "info", "Mt")
    exp.add("World grain price (1928 = 1)", world_price(state.year), "info")
    exp.add("Export earnings", earned, "info", "Mt at 1928 prices")
    # per region, for the region panel: what was asked, what could be taken, and why
    snap = {"taken": np.asarray(taken, float).copy(), "year": a["procured_year"].copy()}
    if pol.market:
        snap.update(surplus=surplus.copy(), willing=np.asarray(willing, float).copy())
    else:
        snap.update(
            demand=np.asarray(demand, float).copy(),
            takeable=takeable.copy(),
            extraction=np.asarray(extraction, float).copy(),
            beyond=(strain * a["harvest_true"]).copy(),
        )
    ctx.regional["procurement"] = lambda: [
        _region_procurement(snap, r, bool(pol.market)) for r in range(state.n_regions)
    ]


def _region_procurement(s: dict[str, np.ndarray], r: int, market: bool) -> Explanation:
    e = Explanation("procurement", "Grain procured this season", float(s["taken"][r]), "Mt")
    if market:
        e.add("Surplus above the village's food and fodder", float(s["surplus"][r]), "base", "Mt")
        e.add(
            "Share peasants sell (price, goods, trust)", float(s["willing"][r]) * 100, "info", "%"
        )
    else:
        e.add("Demanded (quota x reported harvest)", float(s["demand"][r]), "base", "Mt")
        e.add("Grain above the food left in the village", float(s["takeable"][r]), "info", "Mt")
        e.add("Share the brigades find and take", float(s["extraction"][r]) * 100, "info", "%")
        if s["beyond"][r] > 0:
            e.add("Demanded beyond the real surplus", float(s["beyond"][r]), "info", "Mt")
    e.add("Procured since the harvest", float(s["year"][r]), "info", "Mt")
    return e
