"""The short paths of card effects and conditions give what the general ones give.

apply_effect reads and writes a stored figure in place (a national one as a float, one
region of a regional one as a float, all regions in the figure's own array), takes a
number written in the card without evaluating it, and keeps validated decisions
marked; a condition `x OP number` holds the number in its closure, and the people's
records are checked once per dict. Each is held here to the general path, bit for bit
(odd values included: -0.0, NaN, infinities, values at and past the bounds).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game import people
from game.campaign import Campaign
from game.cards.apply import _combine, _settle, apply_effect
from game.cards.expr import Env, _binary, _binary_number, _nat_getter, compile_effect, compile_expr
from game.engine import figures as F

_values = (
    st.floats(allow_nan=True, allow_infinity=True, width=64)
    | st.sampled_from([-0.0, 0.0, 1.0, -1.0, 0.5, 1e-300, -1e-300])
    | st.floats(-2.0, 2.0)
)
# Numbers as a card writes them (the short reading of an effect takes no exponent).
_numbers = st.integers(-(10**7), 10**7).map(lambda i: repr(i / 1000)) | st.sampled_from(
    ["-0.0", "0.0", "0.5", "-0.5", "1000000000.0"]
)
_ops = st.sampled_from(["=", "+=", "-=", "*="])


@pytest.fixture(scope="module")
def camp() -> Campaign:
    return Campaign.new("great-turn-1928", seed=5)


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or (
        a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    )


def _general_national(state, name: str, op: str, value: float) -> float:
    fig = F.NATIONAL[name]
    cur = F.get_national(state, name)
    F.set_national(state, name, _settle(_combine(op, cur, value), cur, fig.lo, fig.hi))
    return state.nat[name]


def _general_regional(state, name: str, region: int | None, op: str, value: float):
    fig = F.REGIONAL[name]
    vec = np.array(F.get_regional(state, name), dtype=np.float64)
    cur = vec if region is None else vec[region]
    F.set_regional(state, name, region, _settle(_combine(op, cur, value), cur, fig.lo, fig.hi))
    return state.arrays[fig.key].copy()


def _effect(target: str, op: str, number: str):
    eff = compile_effect(f"{target} {op} {number}")
    assert eff.number is not None and _same(eff.number, float(number))
    return eff


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["tension", "grain_reserve", "industry", "red_scare"]), _values, _ops, _numbers
)
def test_a_national_effect_in_place_is_the_general_path(camp, name, start, op, value) -> None:
    eff = _effect(name, op, value)
    value = eff.number
    st_ = camp.state
    st_.nat[name] = start
    want = _general_national(st_, name, op, value)
    st_.nat[name] = start
    apply_effect(eff, Env(st_, camp.decisions.policy), camp)
    assert _same(st_.nat[name], want)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["unrest", "grain_held", "cattle", "skill"]),
    st.sampled_from([None, "ukraine", "lower_volga"]),
    st.lists(_values, min_size=1, max_size=1) | st.just([]),
    _ops,
    _numbers,
)
def test_a_regional_effect_in_place_is_the_general_path(camp, name, region, odd, op, value) -> None:
    st_ = camp.state
    fig = F.REGIONAL[name]
    n = st_.n_regions
    start = np.linspace(fig.lo - 0.1, fig.hi + 0.1, n)
    if odd:
        start[st_.region_index("ukraine")] = odd[0]
    eff = _effect(f"{name}[{region or 'all'}]", op, value)
    idx = None if region is None else st_.region_index(region)
    st_.arrays[fig.key][:] = start
    want = _general_regional(st_, name, idx, op, eff.number)
    arr = st_.arrays[fig.key]
    arr[:] = start
    apply_effect(eff, Env(st_, camp.decisions.policy), camp)
    assert st_.arrays[fig.key] is arr  # written in place, as set_regional writes
    assert all(_same(float(a), float(b)) for a, b in zip(arr, want, strict=True))


def test_an_effect_with_a_formula_has_no_number() -> None:
    assert compile_effect("tension += 0.05").number == 0.05
    assert compile_effect("tension += 0.05 * industry").number is None
    assert compile_effect('policy.path = "forced"').number is None


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["<", "<=", ">", ">=", "==", "!=", "+", "-", "*", "/", "and", "or"]),
    _values,
    _values,
    st.booleans(),
)
def test_x_op_number_is_the_general_binary(camp, op, x, c, stored) -> None:
    # `x OP number` holds the number (and reads a stored national figure in place);
    # _binary calls for both sides.
    camp.state.nat["tension"] = x
    fa = _nat_getter("tension") if stored else (lambda env: x)
    env = Env(camp.state, camp.decisions.policy)
    a = _binary_number(op, fa, c)(env)
    b = _binary(op, fa, lambda env: c, False)(env)
    assert _same(a, b), (op, x, c)


def test_conditions_with_numbers_read_as_before(camp) -> None:
    env = Env(camp.state, camp.decisions.policy)
    camp.state.nat["tension"] = 0.6
    for src, want in [
        ("tension > 0.55", 1.0),
        ("tension < 0.3", 0.0),
        ("0.55 < tension", 1.0),
        ("tension * 2 >= 1.2", 1.0),
        ("tension - 0.1 == 0.5", 1.0),
        ("tension / 0 == 0", 1.0),
        ("max(unrest) > 2", 0.0),
        ("year >= 1928 and tension != 0.6", 0.0),
    ]:
        assert compile_expr(src)(env) == want, src


def test_the_people_are_checked_once_per_records_dict() -> None:
    camp = Campaign.new("great-turn-1928", seed=2)
    recs = people.records(camp.state)
    assert people.records(camp.state) is recs  # sound: kept, and not checked again
    people.set_fate(camp.state, "bukharin", "exiled")
    assert people.records(camp.state) is recs
    bad = {pid: dict(r) for pid, r in recs.items()}
    bad["bukharin"]["loyalty"] = float("nan")  # a damaged save: another dict
    camp.state.params["people"] = bad
    fixed = people.records(camp.state)
    assert fixed is not bad and 0.0 <= fixed["bukharin"]["loyalty"] <= 1.0
    assert people.view(camp.state) is fixed
