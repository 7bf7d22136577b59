"""The rural population (game.engine.rules.population)."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.rules import population
from tests.engine.rules.conftest import tiny_state


def test_the_dead_leave_the_population_and_households_follow() -> None:
    state = tiny_state()
    households = state.arrays["households"].copy()
    population.grow_population(state, np.array([0.49, 0.0]))
    north, south = state.arrays["population"]
    assert north == pytest.approx((4.9 - 0.49) * 1.0035)
    assert south == pytest.approx(4.9 * 1.0035)
    assert state.arrays["households"][0] == pytest.approx(households[0] * north / 4.9)


def test_growing_industry_draws_people_to_the_cities() -> None:
    calm, boom = tiny_state(), tiny_state()
    boom.nat["industry_growth"] = 0.25
    population.grow_population(calm, np.zeros(2))
    population.grow_population(boom, np.zeros(2))
    assert boom.arrays["population"][0] < 4.9 < calm.arrays["population"][0]
