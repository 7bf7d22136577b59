"""Who farms in which form (game.engine.rules.membership)."""

from __future__ import annotations

import pytest

from game.engine import constants as C
from game.engine.rules import membership
from game.engine.rules.productivity import productivity
from tests.engine.rules.conftest import compiled, ctx, tiny_state


def run(state, **policy):
    pol = compiled(**policy)
    c = ctx()
    membership.apply_membership(state, pol, productivity(state, pol), c)
    return c


def all_in_kolkhozes():
    state = tiny_state()
    state.arrays["forms"][:] = [0.0, 0.0, 1.0]
    return state


def test_members_may_leave_empties_kolkhozes_at_the_exit_rate() -> None:
    free, held = all_in_kolkhozes(), all_in_kolkhozes()
    run(free, allow_exit=True)
    run(held, allow_exit=False)
    left_free = 1 - free.arrays["forms"][0, :, 2]
    left_held = 1 - held.arrays["forms"][0, :, 2]
    assert left_free[2] > 0.1  # middle peasants leave; landless labourers gain by staying
    assert left_free == pytest.approx(left_held * C.EXIT_RATE_FREE / C.EXIT_RATE_HELD)


def test_the_drive_holds_members_in() -> None:
    calm, driven = all_in_kolkhozes(), all_in_kolkhozes()
    run(calm, allow_exit=True)
    run(driven, allow_exit=True, path="forced", coercion=1.0, target=1.0)
    assert driven.arrays["forms"][0, 2, 2] == pytest.approx(1.0)
    assert calm.arrays["forms"][0, 2, 2] < 1.0


def test_the_forced_drive_moves_households_toward_its_target() -> None:
    state = tiny_state()
    c = run(state, path="forced", coercion=0.8, target=0.6)
    assert c.flow("forced_join")[0] > 0
    assert (state.arrays["forms"][0, :3, 2] > 0).all()
    # kulaks were refused entry (a quarter of the push)
    assert state.arrays["forms"][0, 3, 2] < state.arrays["forms"][0, 2, 2]


def test_no_drive_no_kolkhozes() -> None:
    state = tiny_state()
    run(state, path="voluntary")
    assert (state.arrays["forms"][:, :, 2] == 0).all()


def test_dekulakisation_deports_kulaks_in_proportion_to_coercion() -> None:
    mild, hard, none = tiny_state(), tiny_state(), tiny_state()
    run(mild, path="forced", coercion=0.3, dekulakisation=True)
    run(hard, path="forced", coercion=0.9, dekulakisation=True)
    run(none, path="forced", coercion=0.9, dekulakisation=False)
    assert none.arrays["deported"][0] == 0.0
    assert hard.arrays["deported"][0] == pytest.approx(3 * mild.arrays["deported"][0])
    assert hard.arrays["deported"][0] == pytest.approx(0.1 * C.DEPORT_RATE * 0.9)
    assert hard.arrays["skill"][0] < 1.0  # their know-how leaves with them


def test_joining_the_drive_costs_livestock() -> None:
    calm, driven = tiny_state(), tiny_state()
    run(calm, path="none")
    run(driven, path="forced", coercion=0.8, target=0.6)
    assert driven.arrays["cattle"][0] < calm.arrays["cattle"][0]


def test_cadres_take_the_chairs_members_would_elect() -> None:
    """Worker-cadres organise voluntary collectives (productivity) but self-management
    moves towards a lower level: the collective is less its own."""
    free, sent = tiny_state(), tiny_state(cadres=[8.0, 8.0])
    for state in (free, sent):
        state.arrays["forms"][:] = [0.5, 0.5, 0.0]
        pol = compiled(path="voluntary", self_management=1.0)
        membership.apply_membership(state, pol, productivity(state, pol), ctx())
    assert free.arrays["autonomy"][0] == pytest.approx(0.25)
    assert sent.arrays["autonomy"][0] == pytest.approx(0.25 * (1 - C.CADRE_AUTONOMY))
