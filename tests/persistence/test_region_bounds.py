"""The region table's bounds are declared once (vocab.REGION_COLUMNS): scenario files and
saves are both checked against them."""

from __future__ import annotations

import pytest

from game.cards import scenario_schema
from game.engine import vocab as V
from game.persistence import validate
from tests.persistence.conftest import played


def test_scenario_schema_and_save_validator_read_the_vocabulary() -> None:
    assert {
        c.column: (c.lo, c.hi) for c in V.REGION_COLUMNS.values()
    } == scenario_schema.REGION_BOUNDS
    assert scenario_schema.SCALE == V.COUNTRYSIDE_SCALE
    model = scenario_schema.RegionOverride
    for col in V.REGION_COLUMNS.values():
        model(**{col.column: col.lo})
        model(**{col.column: col.hi})
        for bad in (col.lo * 0.99, col.hi * 1.01):
            with pytest.raises(ValueError):
                model(**{col.column: bad})


@pytest.mark.parametrize(
    "array,value,ok",
    [
        ("resistance", 0.05, False),  # below the table's 0.1 (a divisor of the drive)
        ("resistance", 9.5, True),
        ("cattle_base", 0.003, True),  # cattle 0.06 M scaled by 0.05: a scenario can set it
        ("cattle_base", 0.001, False),
        ("draught_base", 31.0, False),  # past the table's 30 M horses (never scaled)
        ("area", 301.0, False),
    ],
)
def test_a_save_holds_what_a_scenario_can_set(array, value, ok) -> None:
    st = played(1).state.copy()
    st.arrays[array][0] = value
    if array == "cattle_base":
        st.arrays["cattle"][0] = min(st.arrays["cattle"][0], value)
    if ok:
        validate.check_state(st)
    else:
        with pytest.raises(validate.ContentProblem, match=rf"state\.arrays\.{array}\[0\]"):
            validate.check_state(st)
