"""Livestock: cattle and horses slaughtered by households driven to join, stock lost with
the deported, herd growth on the pasture, neglect in new kolkhozes, losses to fodder
shortage and hunger, and the fodder the herds need.

The draught power of the countryside was its horses; the slaughter of 1930-33
halved the herds and took years to make up.
"""

from __future__ import annotations

import numpy as np

from game.engine import constants as C
from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.fastmath import mean
from game.engine.state import KOLKHOZ, KULAK, PRIVATE, State


def fodder_need(state: State) -> np.ndarray:
    """(R,) fodder grain the herds need per season, Mt."""
    a = state.arrays
    return (a["cattle"] * C.FODDER_PER_COW + a["horses"] * C.FODDER_PER_HORSE) / 4.0


def stock_held(state: State) -> np.ndarray:
    """(R,) livestock of the region's households in stock-weight units (never zero)."""
    return np.maximum(state.arrays["households"] @ C.STOCK_WEIGHT, 1e-9)


def slaughter_on_joining(
    state: State,
    pol: CompiledPolicy,
    h_to_vol: np.ndarray,
    h_to_kolk: np.ndarray,
    ctx: TurnContext,
) -> None:
    """Households joining a collective sell or eat the stock they would have to pool;
    under the drive, those not yet driven in slaughter before it arrives.
    `h_to_vol` / `h_to_kolk`: (R,S) households (millions) joining this season."""
    a = state.arrays
    reg_stock = stock_held(state)
    forced_share = (h_to_kolk @ C.STOCK_WEIGHT) / reg_stock
    # Stock that will be pooled is sold or eaten first.
    vol_share = (h_to_vol @ C.STOCK_WEIGHT) / reg_stock * (0.5 + pol.pooling)
    private = a["forms"][:, :, PRIVATE].sum(1) / 4
    fear = 0.03 * pol.forced * private  # slaughter before the drive arrives
    cattle_loss = forced_share * C.SLAUGHTER_FORCED[0] + vol_share * C.SLAUGHTER_VOLUNTARY[0] + fear
    horse_loss = forced_share * C.SLAUGHTER_FORCED[1] + vol_share * C.SLAUGHTER_VOLUNTARY[1] + fear
    ctx.flow("slaughter_cattle")[:] += a["cattle"] * cattle_loss
    ctx.flow("slaughter_horses")[:] += a["horses"] * horse_loss
    a["cattle"] *= 1 - cattle_loss
    a["horses"] *= 1 - horse_loss


def confiscate_stock(state: State, deported: np.ndarray) -> None:
    """The deported kulaks' stock is confiscated; much of it is lost on the way.
    `deported`: (R,) kulak households (millions), before they leave the table."""
    a = state.arrays
    stock_taken = deported * C.STOCK_WEIGHT[KULAK] / stock_held(state)
    a["cattle"] *= 1 - 0.5 * stock_taken  # half the confiscated stock is lost
    a["horses"] *= 1 - 0.4 * stock_taken


def tend_herds(state: State, fodder_short: np.ndarray, ctx: TurnContext) -> None:
    """Herds grow toward what the pasture carries; new kolkhoz herds are neglected
    ("nobody's cows") until the farms settle down; fodder shortage and hunger kill stock.
    `fodder_short`: (R,) share of the herds' fodder need not met this season."""
    a = state.arrays
    hunger = a["hunger"]
    shares = state.region_form_shares()
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
