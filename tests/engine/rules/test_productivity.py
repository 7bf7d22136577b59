"""Productivity and mechanisation (game.engine.rules.productivity)."""

from __future__ import annotations

import pytest

from game.engine.rules.productivity import productivity
from tests.engine.rules.conftest import compiled, tiny_state


def half_collective():
    state = tiny_state()
    state.arrays["forms"][:] = [0.5, 0.25, 0.25]
    state.nat["tractors"] = 100.0
    return state


def test_machinery_priority_sends_tractors_to_voluntary_collectives_first() -> None:
    even, first = half_collective(), half_collective()
    p_even = productivity(even, compiled(machinery_priority=0.0))
    p_first = productivity(first, compiled(machinery_priority=1.0))
    assert p_first.mech_vol > p_even.mech_vol
    assert p_first.p_kolk[0] < p_even.p_kolk[0]


def test_tractors_stand_where_they_work_and_add_up_to_the_national_fleet() -> None:
    state = half_collective()
    productivity(state, compiled())
    assert float(state.arrays["tractors"].sum()) == pytest.approx(100.0)


def test_the_drive_disorganises_kolkhoz_work() -> None:
    calm, driven = half_collective(), half_collective()
    p_calm = productivity(calm, compiled(path="voluntary", coercion=1.0))
    p_driven = productivity(driven, compiled(path="forced", coercion=1.0))
    assert p_driven.p_kolk[0] == pytest.approx(p_calm.p_kolk[0] - 0.12 * (0.9 + 0.05 * 2.0))


def all_voluntary(**arrays):
    state = tiny_state(**arrays)
    state.arrays["forms"][:] = [0.5, 0.5, 0.0]
    state.nat["tractors"] = 100.0
    return state


def test_tractors_first_on_the_voluntary_path_takes_them_from_private_hire() -> None:
    """With no kolkhozes to lose them, tractors first moves the stations' tractors from
    hire to private farms to the voluntary collectives."""
    even, first = all_voluntary(), all_voluntary()
    p_even = productivity(even, compiled(path="voluntary", machinery_priority=0.0))
    p_first = productivity(first, compiled(path="voluntary", machinery_priority=1.0))
    assert p_first.mech_vol > p_even.mech_vol
    assert p_first.p_vol[0] > p_even.p_vol[0]
    # the fleet is the same; the private farms hire fewer (the lever's cost)
    assert float(first.arrays["tractors"].sum()) == pytest.approx(100.0)
    assert 0.0 < p_first.mech_priv < p_even.mech_priv


def test_deeper_pooling_pays_only_where_the_collective_is_productive() -> None:
    """A commune gets all of the collective's gains of scale and the most free riding: it
    beats a TOZ where the collective is mechanised and mature, and loses to it where it
    is young and without tractors."""
    young = all_voluntary()
    young.nat["tractors"] = 0.0
    mature = all_voluntary(vol_age=[20, 20], autonomy=[1.0, 1.0])
    mature.nat["tractors"] = 5000.0
    org = {}
    for name, state in (("young", young), ("mature", mature)):
        for pool in (0.2, 1.0):
            org[name, pool] = productivity(state, compiled(path="voluntary", pooling=pool)).org_vol
    assert org["mature", 1.0][0] > org["mature", 0.2][0]
    assert org["young", 1.0][0] < org["young", 0.2][0]


def test_cadres_organise_voluntary_collectives() -> None:
    none, sent = all_voluntary(), all_voluntary(cadres=[8.0, 8.0])
    p_none = productivity(none, compiled(path="voluntary"))
    p_sent = productivity(sent, compiled(path="voluntary"))
    assert p_sent.cadre_density[0] == pytest.approx(1.0)
    assert p_sent.p_vol[0] == pytest.approx(p_none.p_vol[0] + 0.08)
