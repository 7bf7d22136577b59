"""Card effects are finite by construction.

Generated expressions whose constant parts overflow (`1e9 * 1e9 * ... - 1e9 * ...`)
are refused when the card is compiled, at the operator that overflows; expressions
that compile -- huge figure-dependent values included -- never put NaN, infinity or
an out-of-range value into the state, and their previews never fail."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from game.campaign import Campaign
from game.cards.apply import apply_effect
from game.cards.expr import (
    MAX_CONSTANT,
    MAX_LENGTH,
    Env,
    ExprError,
    compile_effect,
    compile_expr,
    fold,
    parse,
)
from game.cards.preview import effect_preview, fmt_number
from game.engine import figures as F

BIG = ["1e9", "999999999", "1e8", "0.000000001", "1e-9"]
FIGURES = ["industry", "tension", "max(unrest)", "year", "mean(trust)", "faction.left"]
TARGETS = [
    "industry", "tension", "grain_reserve", "unrest[all]", "unrest[ukraine]", "trust_kulak[all]",
    "faction.left", "weight.centre", 'flag("f")', "policy.quota", "policy.tax.kulak",
]  # fmt: skip


@st.composite
def constant_parts(draw: st.DrawFn, depth: int = 0) -> str:
    """An expression of numbers only, often far past any sane size."""
    if depth > 3 or draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(BIG))
    kind = draw(st.integers(0, 4))
    if kind == 0:  # a product of many big numbers: overflows past ~35 factors
        n = draw(st.integers(2, 40))
        return "*".join(draw(st.sampled_from(BIG)) for _ in range(n))
    if kind == 1:
        return f"-({draw(constant_parts(depth + 1))})"
    if kind == 2:
        fn = draw(st.sampled_from(["abs", "max", "min"]))
        return f"{fn}({draw(constant_parts(depth + 1))})"
    op = draw(st.sampled_from(["+", "-", "*", "/"]))
    return f"({draw(constant_parts(depth + 1))}) {op} ({draw(constant_parts(depth + 1))})"


@st.composite
def values(draw: st.DrawFn) -> str:
    """Constant parts mixed with figures, so some of it is only known at play time."""
    parts = [draw(constant_parts()) for _ in range(draw(st.integers(1, 3)))]
    out = parts[0]
    for p in parts[1:]:
        op = draw(st.sampled_from(["+", "-", "*", "/"]))
        fig = draw(st.sampled_from(FIGURES + [""]))
        out = f"{out} {op} {fig + ' * ' if fig else ''}({p})"
    return out


def _python_value(src: str) -> float | None:
    """What the numbers alone work out to in plain floats (None if any step overflows)."""
    try:
        fns = {"abs": abs, "max": lambda *a: max(a), "min": lambda *a: min(a)}
        v = float(eval(src, {"__builtins__": {}}, fns))  # test oracle: digits and operators only
    except ZeroDivisionError:
        return None
    return v


@settings(max_examples=300, deadline=None)
@given(constant_parts())
def test_constant_parts_fold_to_a_checked_number_or_an_error(src: str) -> None:
    assume(len(src) <= MAX_LENGTH)
    try:
        node = fold(parse(src))
    except ExprError as exc:
        assert "made only of numbers" in exc.message and 1 <= exc.col <= len(src)
        return
    value = node.value  # type: ignore[attr-defined]
    assert math.isfinite(value) and abs(value) <= MAX_CONSTANT
    oracle = _python_value(src)
    if oracle is not None:  # the language's x / 0 is 0, Python's an error
        assert value == pytest.approx(oracle, rel=1e-9, abs=1e-300)


def test_the_reported_nan_is_refused_at_compile_time() -> None:
    big = "*".join(["1e9"] * 35)
    with pytest.raises(ExprError) as err:
        compile_effect(f"industry = {big} - {big}")
    assert "made only of numbers" in err.value.message
    with pytest.raises(ExprError):
        compile_expr(f"tension > {big}")
    with pytest.raises(ExprError):
        compile_effect(f"linger(yield_bonus[all], {big}, 3, 1)")
    assert compile_effect("industry = 2 * 3 + 1").value.constant == 7  # folded


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(TARGETS), st.sampled_from(["=", "+=", "-=", "*="]), values()),
        min_size=1,
        max_size=6,
    ),
    st.booleans(),
)
def test_compiled_effects_keep_the_state_finite_and_in_range(edits, linger) -> None:
    camp = _campaign()
    for target, op, value in edits:
        src = f"{target} {op} {value}"
        if linger and target in ("industry", "tension", "unrest[all]", "faction.left"):
            src = f"linger({target}, {value}, 3, 1)"
        try:
            eff = compile_effect(src)
        except ExprError as exc:
            assert exc.message, src
            continue
        line = effect_preview(eff, camp.state)  # never int(nan)
        assert line is None or "nan" not in line.lower()
        apply_effect(eff, Env(camp.state, camp.decisions.policy), camp, "fuzz")
    _sound(camp, in_range=True)  # what the cards set is inside the declared ranges
    camp.end_turn()
    _sound(camp, in_range=False)  # (the rules may move figures on; never to NaN)


def _sound(camp: Campaign, in_range: bool) -> None:
    st_ = camp.state
    for name, arr in st_.arrays.items():
        assert np.isfinite(arr).all(), name
    for name, v in st_.nat.items():
        assert math.isfinite(v), name
        fig = F.NATIONAL.get(name)
        if in_range and fig is not None and fig.writable:
            assert fig.lo - 1e-9 <= v <= fig.hi + 1e-9, (name, v)
    if in_range:
        for name, fig in F.REGIONAL.items():
            if fig.writable:
                vals = F.get_regional(st_, name)
                assert (vals >= fig.lo - 1e-9).all() and (vals <= fig.hi + 1e-9).all(), name
    assert all(0 <= v <= 1 for v in st_.factions.values())
    assert all(math.isfinite(v) for v in st_.flags.values())
    assert all(math.isfinite(m["value"]) for m in st_.modifiers)
    camp.decisions.validate(st_.region_ids)


_CAMP: list[Campaign] = []


def _campaign() -> Campaign:
    if not _CAMP:
        _CAMP.append(Campaign.new("great-turn-1928", seed=3))
    camp = _CAMP[0]
    fresh = Campaign(
        state=camp.state.copy(),
        scenario=camp.scenario,
        decisions=camp.decisions,
        history=[],
        log=[],
        last_report=None,
        deck=None,
    )
    return fresh


@pytest.mark.parametrize("v", [math.nan, math.inf, -math.inf, 1e300, -0.0, 12345678.9])
def test_fmt_number_never_fails(v) -> None:
    assert isinstance(fmt_number(v), str)
