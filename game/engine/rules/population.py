"""The rural population: natural growth, deaths from hunger, and the flight to the
growing cities that industry draws. Households follow the number of people."""

from __future__ import annotations

import numpy as np

from game.engine.context import TurnContext
from game.engine.fastmath import clip_float
from game.engine.state import State

NATURAL_GROWTH = 0.0035  # a season
FLIGHT = 0.045  # a season's flight to the towns per unit of yearly industrial growth


def grow_population(state: State, deaths: np.ndarray, ctx: TurnContext | None = None) -> None:
    """`deaths`: (R,) famine deaths this season, millions (game.engine.rules.food.famine)."""
    a = state.arrays
    # Natural growth, less the flight to the cities that industry draws.
    flight = FLIGHT * clip_float(state.nat["industry_growth"], 0.0, 0.25)
    growth = 1.0035 - flight  # 1 + NATURAL_GROWTH, written so to keep results bit for bit
    lg = ctx.ledger("households") if ctx is not None else None
    if lg is not None:  # households follow people: the same three terms
        hh = a["households"].sum(1)
        alive = 1.0 - deaths / np.maximum(a["population"], 1e-9)
        lg.add("Died of hunger", -hh * (1.0 - alive))
        lg.add("Natural growth", hh * alive * NATURAL_GROWTH)
        lg.add("Left for the towns (industry's pull)", -hh * alive * flight)
    new_pop = (a["population"] - deaths) * growth
    ratio = new_pop / np.maximum(a["population"], 1e-9)
    a["population"][:] = new_pop
    a["households"] *= ratio[:, None]
