"""Grain procurement: what the state takes in autumn and winter, by quota or by purchase,
what it exports, and the margin that funds industry.

Quotas are set on *reported* harvests. When reports are inflated, the state
takes more than the real surplus and the villages go hungry: the mechanism of
1932-33, played rather than told.
"""

from __future__ import annotations

import numpy as np

from game.engine import constants as C
from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.fastmath import clip
from game.engine.rules.food import SEASONS_TO_HARVEST, food_need
from game.engine.rules.herds import fodder_need
from game.engine.state import KOLKHOZ, PRIVATE, State


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
