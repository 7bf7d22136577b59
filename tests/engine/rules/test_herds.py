"""Herds: slaughter on joining, confiscation, growth, neglect, fodder (game.engine.rules.herds)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from game.engine import constants as C
from game.engine.rules import herds
from tests.engine.rules.conftest import compiled, ctx, tiny_state

JOINING = np.array([[0.0, 0.1, 0.1, 0.0], [0.0, 0.1, 0.1, 0.0]])  # households (M), (R,S)
NOBODY = np.zeros((2, 4))


def test_households_driven_into_kolkhozes_slaughter_more_than_volunteers() -> None:
    given_forced, given_voluntary = tiny_state(), tiny_state()
    pol = compiled(path="voluntary", pooling=0.6)
    herds.slaughter_on_joining(given_forced, pol, NOBODY, JOINING, ctx())
    herds.slaughter_on_joining(given_voluntary, pol, JOINING, NOBODY, ctx())
    forced_loss = 3.0 - given_forced.arrays["cattle"][0]
    voluntary_loss = 3.0 - given_voluntary.arrays["cattle"][0]
    assert forced_loss > 3 * voluntary_loss > 0
    # the stock share joining x the forced slaughter rate
    share = (JOINING[0] @ C.STOCK_WEIGHT) / (given_forced.arrays["households"][0] @ C.STOCK_WEIGHT)
    assert forced_loss == pytest.approx(3.0 * share * herds.SLAUGHTER_FORCED[0])


def test_slaughter_rises_with_coercion() -> None:
    losses = []
    for coercion in (0.2, 0.5, 0.9):
        state = tiny_state()
        herds.slaughter_on_joining(
            state, compiled(path="forced", coercion=coercion), NOBODY, JOINING, ctx()
        )
        losses.append(3.0 - state.arrays["cattle"][0])
    assert losses[0] < losses[1] < losses[2]


def test_deeper_pooling_means_more_slaughter_by_volunteers() -> None:
    toz, commune = tiny_state(), tiny_state()
    herds.slaughter_on_joining(toz, compiled(pooling=0.2), JOINING, NOBODY, ctx())
    herds.slaughter_on_joining(commune, compiled(pooling=1.0), JOINING, NOBODY, ctx())
    assert commune.arrays["cattle"][0] < toz.arrays["cattle"][0] < 3.0


def test_slaughter_is_recorded_as_a_flow() -> None:
    state, c = tiny_state(), ctx()
    herds.slaughter_on_joining(state, compiled(), NOBODY, JOINING, c)
    assert c.flow("slaughter_cattle")[0] == pytest.approx(3.0 - state.arrays["cattle"][0])


def test_half_the_confiscated_cattle_of_the_deported_is_lost() -> None:
    state = tiny_state()
    stock = state.arrays["households"][0] @ C.STOCK_WEIGHT
    deported = np.array([0.05, 0.0])
    herds.confiscate_stock(state, deported)
    taken = 0.05 * C.STOCK_WEIGHT[3] / stock
    assert state.arrays["cattle"][0] == pytest.approx(3.0 * (1 - 0.5 * taken))
    assert state.arrays["cattle"][1] == 3.0


def test_fed_herds_grow_toward_what_the_pasture_carries() -> None:
    state = tiny_state(cattle=[3.0, 3.9], cattle_base=[3.0, 3.0])  # south is at 1.3 x base
    herds.tend_herds(state, compiled(), np.zeros(2), ctx())
    assert state.arrays["cattle"][0] == pytest.approx(3.0 * (1 + herds.GROWTH[0] * (1 - 1 / 1.3)))
    assert state.arrays["cattle"][1] == pytest.approx(3.9)


def test_fodder_shortage_and_hunger_kill_stock() -> None:
    state = tiny_state(hunger=[0.0, 0.4])
    herds.tend_herds(state, compiled(), np.array([1.0, 0.0]), ctx())
    growth = 1 + herds.GROWTH[0] * (1 - 1 / 1.3)
    assert state.arrays["cattle"][0] == pytest.approx(3.0 * (growth - 0.05))
    assert state.arrays["cattle"][1] == pytest.approx(3.0 * (growth - 0.05 * 0.4))
    assert state.arrays["horses"][0] < state.arrays["horses"][1]


def test_new_kolkhoz_herds_are_neglected() -> None:
    state = tiny_state(kolk_age=[0.0, 0.0])
    state.arrays["forms"][0] = [0.0, 0.0, 1.0]  # north all in new kolkhozes
    herds.tend_herds(state, compiled(), np.zeros(2), ctx())
    # "nobody's cows": they grow at 30 % of the pace and new herds are neglected
    room = 1 - 1 / 1.3
    assert state.arrays["cattle"][0] == pytest.approx(
        3.0 * (1 + herds.GROWTH[0] * room * 0.3 - 0.008)
    )
    assert state.arrays["cattle"][1] == pytest.approx(3.0 * (1 + herds.GROWTH[0] * room))


def test_a_cow_and_a_plot_let_kolkhoz_herds_grow() -> None:
    kept, nobodys = tiny_state(kolk_age=[5.0, 5.0]), tiny_state(kolk_age=[5.0, 5.0])
    for st in (kept, nobodys):
        st.arrays["forms"][:] = [0.0, 0.0, 1.0]
    herds.tend_herds(kept, compiled(household_plot=True), np.zeros(2), ctx())
    herds.tend_herds(nobodys, compiled(household_plot=False), np.zeros(2), ctx())
    assert kept.arrays["cattle"][0] > nobodys.arrays["cattle"][0]


def test_the_drive_on_the_steppe_destroys_its_herds() -> None:
    state = tiny_state(herd_food=[0.6, 0.0], sheep=[10.0, 10.0], sheep_base=[10.0, 10.0])
    herds.sedentarise(state, compiled(path="forced", coercion=1.0, target=1.0), ctx())
    assert state.arrays["sheep"][0] == pytest.approx(10.0 * (1 - herds.SEDENTARISATION[3]))
    assert state.arrays["sheep"][1] == 10.0


def test_fodder_need_counts_horses_and_cattle() -> None:
    state = tiny_state(cattle=[4.0, 0.0], horses=[0.0, 4.0])
    need = herds.fodder_need(state)
    assert need.tolist() == pytest.approx([4 * C.FODDER_PER_COW / 4, 4 * C.FODDER_PER_HORSE / 4])


# --- any herd against any base: the rule stays finite and pulls herds toward their land ----
_herd = hs.floats(0.0, 1e6, allow_nan=False) | hs.sampled_from([0.0, 1e-12, 1e-6])
_base = hs.floats(0.0, 1e3, allow_nan=False) | hs.sampled_from([0.0, 1e-12, 1e-9, 1e-3])


@settings(max_examples=150, deadline=None)
@given(
    horses=hs.tuples(_herd, _herd),
    draught=hs.tuples(_base, _base),
    cattle=hs.tuples(_herd, _herd),
    cattle_base=hs.tuples(_base, _base),
    fodder_short=hs.floats(0.0, 1.0),
    hunger=hs.floats(0.0, 1.0),
)
def test_any_herd_against_any_base_stays_finite_and_heads_for_its_land(
    horses, draught, cattle, cattle_base, fodder_short, hunger
) -> None:
    """Given herds at any multiple of what their land carries (edited saves once held
    horses 50 times the draught base, or bases of nought), when the herds are tended for
    years, then every herd stays finite and non-negative, none grows past both its own
    size and its land's room, and one above its room does not grow."""
    state = tiny_state(
        horses=list(horses),
        draught_base=list(draught),
        cattle=list(cattle),
        cattle_base=list(cattle_base),
        hunger=[hunger, hunger],
    )
    pol = compiled(path="forced", coercion=0.8)
    short = np.full(2, fodder_short)
    for _ in range(12):
        before = {sp: state.arrays[sp].copy() for sp in ("cattle", "horses")}
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            herds.tend_herds(state, pol, short, ctx())
        for j, sp in enumerate(("cattle", "horses")):
            now = state.arrays[sp]
            base = state.arrays[("cattle_base", "draught_base")[j]]
            assert np.isfinite(now).all() and (now >= 0).all(), sp
            room = base * herds.ROOM[j]
            assert (now <= np.maximum(before[sp], room) * (1 + 1e-12) + 1e-300).all(), sp
            above = before[sp] > room
            assert (now[above] <= before[sp][above]).all(), f"{sp} above its room grew"


def test_each_region_explains_its_herds() -> None:
    from game.engine.rules import herds as herds_rule
    from tests.engine.rules.conftest import compiled, ctx, tiny_state

    state = tiny_state()
    c = ctx()
    herds_rule.tend_herds(state, compiled(), __import__("numpy").zeros(state.n_regions), c)
    for fig in ("cattle", "horses"):
        exps = c.regional[fig]()
        assert [e.value for e in exps] == [float(v) for v in state.arrays[fig]]
        e = exps[0]
        start = e.factors[0].value
        moved = sum(f.value for f in e.factors if f.kind == "add")
        assert start + moved == __import__("pytest").approx(e.value)
