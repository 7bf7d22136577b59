"""What the centre can verify (game.engine.rules.information)."""

from __future__ import annotations

import pytest

from game.engine.rules import information
from tests.engine.rules.conftest import compiled, ctx, tiny_state


def test_reports_are_believed_where_inflation_is_low_or_cadres_are_there() -> None:
    state = tiny_state(report_bias=[0.02, 0.2], cadres=[0.0, 0.0])
    assert information.reliable_regions(state).tolist() == [True, False]
    state.arrays["cadres"][1] = information.RELIABLE_CADRES
    assert information.reliable_regions(state).tolist() == [True, True]


def test_pressure_on_officials_inflates_the_reports() -> None:
    calm, driven = tiny_state(report_bias=[0.1, 0.1]), tiny_state(report_bias=[0.1, 0.1])
    information.update_reporting(calm, compiled(), ctx())
    pol = compiled(path="forced", coercion=1.0, target=0.8)
    information.update_reporting(driven, pol, ctx())
    assert driven.arrays["report_bias"][0] > 0.1 > calm.arrays["report_bias"][0]


def test_cadres_bring_the_reports_back_toward_the_truth() -> None:
    state = tiny_state(report_bias=[0.3, 0.3], cadres=[0.0, 5.0])
    information.update_reporting(state, compiled(), ctx())
    north, south = state.arrays["report_bias"]
    assert south < north
    assert south == pytest.approx(0.3 - 0.08 * 0.3 - 1.5 * 0.5 * 0.3)


def test_hunger_exposes_the_lie() -> None:
    state = tiny_state(report_bias=[0.3, 0.3], hunger=[0.0, 0.5])
    information.update_reporting(state, compiled(), ctx())
    assert state.arrays["report_bias"][1] == pytest.approx(
        state.arrays["report_bias"][0] - 0.6 * 0.5 * 0.3
    )


def test_cadre_cover_is_a_thousand_per_hundred_thousand_households() -> None:
    state = tiny_state(cadres=[1.0, 100.0])
    assert information.cadre_cover(state).tolist() == pytest.approx([0.1, 1.0])


def test_each_region_explains_its_report_inflation() -> None:
    state = tiny_state(report_bias=[0.3, 0.3], cadres=[0.0, 5.0])
    c = ctx()
    information.update_reporting(state, compiled(), c)
    north, south = c.regional["report_bias"]()
    assert south.value == pytest.approx(state.arrays["report_bias"][1] * 100)
    checks = {f.label: f.value for f in south.factors}["Checks: cadres, self-management, time"]
    north_checks = {f.label: f.value for f in north.factors}[
        "Checks: cadres, self-management, time"
    ]
    assert checks < north_checks < 0  # the cadres in the south check more
