"""The rural population: natural growth, deaths from hunger, and the flight to the
growing cities that industry draws. Households follow the number of people."""

from __future__ import annotations

import numpy as np

from game.engine.fastmath import clip_float
from game.engine.state import State


def grow_population(state: State, deaths: np.ndarray) -> None:
    """`deaths`: (R,) famine deaths this season, millions (game.engine.rules.food.famine)."""
    a = state.arrays
    # Natural growth, less the flight to the cities that industry draws.
    growth = 1.0035 - 0.045 * clip_float(state.nat["industry_growth"], 0.0, 0.25)
    new_pop = (a["population"] - deaths) * growth
    ratio = new_pop / np.maximum(a["population"], 1e-9)
    a["population"][:] = new_pop
    a["households"] *= ratio[:, None]
