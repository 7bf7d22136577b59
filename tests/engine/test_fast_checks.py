"""The short paths taken for speed agree with the full checks they stand for.

Decisions are validated several times a season and people records on every read,
so both take a short path for the common case; these tests hold each short path
to the full check (hypothesis over odd values), and the campaign's reuse of a
compiled policy to a fresh compilation.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.cards.apply import _settle
from game.engine.decisions import (
    Decisions,
    Policy,
    RegionOverride,
    _check_lever,
    _lever_ok,
    compile_decisions,
)
from game.engine.fastmath import any_true, clip, clip_float, max_all, total
from game.engine.vocab import LEVERS
from game.errors import DecisionError

_odd = (
    st.floats(allow_nan=True, allow_infinity=True)
    | st.integers(-(10**400), 10**400)
    | st.booleans()
    | st.none()
    | st.text(max_size=12)
    | st.sampled_from([c for lv in LEVERS for c in lv.values])
)
_tables = st.dictionaries(
    st.sampled_from(["batrak", "bednyak", "serednyak", "kulak", "heavy", "machinery", "x"]),
    _odd,
    max_size=5,
)


def _full_check_passes(lever, value) -> bool:
    try:
        _check_lever(lever, value, "policy")
    except (DecisionError, OverflowError):
        return False
    return True


@settings(max_examples=300)
@given(st.sampled_from(LEVERS), _odd | _tables)
def test_short_lever_check_never_passes_what_the_full_check_refuses(lever, value) -> None:
    if _lever_ok(lever, value):
        assert _full_check_passes(lever, value)


def test_short_lever_check_passes_every_default() -> None:
    for lever in LEVERS:
        assert _lever_ok(lever, Policy().__getattribute__(lever.name)), lever.name


def test_override_errors_name_the_region_and_field() -> None:
    d = Decisions(overrides={"ukraine": RegionOverride(coercion=7.0)})
    try:
        d.validate(("ukraine", "volga"))
    except DecisionError as exc:
        assert str(exc).startswith("overrides.ukraine.coercion: 7.0 is outside")
    else:  # pragma: no cover
        raise AssertionError("an override out of range was accepted")


def test_equal_decisions_reuse_the_compiled_policy_and_are_still_checked() -> None:
    from game.campaign import Campaign
    from game.engine.decisions import prepare

    camp = Campaign.new("great-turn-1928", seed=1)
    first = Decisions(Policy(quota=0.3), {"ukraine": RegionOverride(coercion=0.5)})
    camp.set_decisions(first)
    again = Decisions(Policy(quota=0.3), {"ukraine": RegionOverride(coercion=0.5)})
    camp.set_decisions(again)
    assert camp.decisions is again
    fresh = prepare(again, camp.state.region_ids)
    for name in fresh.__dataclass_fields__:
        a, b = getattr(camp.compiled, name), getattr(fresh, name)
        assert np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b, name
    bad = Decisions(Policy(self_management=True))  # equal to 1.0, but not a number
    camp.set_decisions(Decisions(Policy(self_management=1.0)))
    try:
        camp.set_decisions(bad)
    except DecisionError:
        pass
    else:  # pragma: no cover
        raise AssertionError("a bool self_management was accepted")


@given(
    st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=6),
    st.floats(-1e3, 0.0),
    st.floats(0.0, 1e3),
)
def test_array_settle_matches_the_nan_to_num_path(values, lo, hi) -> None:
    new = np.array(values)
    cur = np.linspace(lo, hi, len(values))
    want = np.where(np.isnan(new), cur, new)
    want = np.clip(np.nan_to_num(want, nan=lo, posinf=hi, neginf=lo), lo, hi)
    got = _settle(new, cur, lo, hi)
    assert np.array_equal(got, want)
    assert all(math.copysign(1, g) == math.copysign(1, w) for g, w in zip(got, want, strict=True))


_record = st.fixed_dictionaries(
    {},
    optional={
        "loyalty": st.floats(allow_nan=True) | st.integers(-2, 2) | st.booleans() | st.none(),
        "fate": st.sampled_from(["active", "tried", "dead", "nobody"]) | st.integers() | st.none(),
        "since": st.integers(-3, 3) | st.floats(allow_nan=True) | st.booleans() | st.text(),
    },
)


@settings(max_examples=200)
@given(st.dictionaries(st.sampled_from(["bukharin", "stalin", "kirov", "nobody"]), _record))
def test_people_short_check_agrees_with_the_full_check(recs) -> None:
    from game import people

    full = all(people._record_ok(pid, r, people.load_people()) for pid, r in recs.items())
    assert people._well_formed(recs) == full


_bounds = st.sampled_from([(0, 1), (0.0, 1.0), (-0.0, 1.0), (0.05, 0.95), (-1, 1), (0.0, 0.6)])
_numbers = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([-0.0, 0.0, 1.0])


@given(_numbers, _bounds)
def test_clip_float_is_numpys_clip_bit_for_bit(x, bounds) -> None:
    lo, hi = bounds
    want = float(clip(np.float64(x), lo, hi))
    for got in (clip_float(x, lo, hi), clip_float(np.float64(x), lo, hi)):
        assert type(got) is float
        assert np.float64(got).tobytes() == np.float64(want).tobytes() or (
            math.isnan(got) and math.isnan(want)
        )


def test_compiled_policies_share_national_arrays_read_only() -> None:
    ids = ("a", "b", "c")
    one = compile_decisions(Decisions(), ids)
    two = compile_decisions(Decisions(Policy(quota=0.5)), ids)
    assert one.coercion is two.coercion  # the same national value: one shared array
    assert not one.coercion.flags.writeable
    ov = compile_decisions(Decisions(overrides={"b": RegionOverride(coercion=0.9)}), ids)
    assert ov.coercion.tolist() == [one.coercion[0], 0.9, one.coercion[0]]
    assert one.coercion[1] != 0.9  # the override went into the policy's own copy
    ng = compile_decisions(Decisions(Policy(quota=-0.0 + 0.0)), ids)
    assert np.array_equal(ng.quota, np.full(3, 0.0)) and not np.signbit(ng.quota).any()


@given(st.sampled_from(LEVERS), _odd)
@settings(max_examples=300)
def test_with_changes_is_replace_and_keeps_the_check_honest(lever, value) -> None:
    """Policy.with_changes makes what dataclasses.replace makes; a checked policy's copy
    with a bad value still fails `validate` (the memo never hides a bad lever)."""
    from dataclasses import replace

    base = Policy().validate()
    new = base.with_changes(**{lever.name: value})
    assert new == replace(base, **{lever.name: value})
    assert type(new) is Policy and new is not base
    try:
        new.validate()
    except (DecisionError, OverflowError, TypeError):
        assert not _full_check_passes(lever, value)
    else:
        assert _full_check_passes(lever, value)
    assert base.__dict__.get("_checked") and "_checked" not in repr(base)


@given(st.integers(0, 2**63 - 1), st.sampled_from(["easy", "normal", "hard"]))
@settings(max_examples=25, deadline=None)
def test_a_new_state_is_the_state_built_from_the_scenario(seed, difficulty) -> None:
    """new_state copies a start built once per scenario and difficulty: it must be the
    state build_state makes for that seed, bit for bit, generator and saved form included."""
    import json

    from game.engine.scenario import build_state, load_scenario, new_state

    for sid in ("great-turn-1928", "free-soviets-1921"):
        a, b = new_state(sid, seed, difficulty), build_state(load_scenario(sid), seed, difficulty)
        assert a.state_hash() == b.state_hash()
        assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())
        assert a.rng.random() == b.rng.random()
        a.arrays["cattle"][0] = -1.0  # the copy is the campaign's own
        assert new_state(sid, seed, difficulty).arrays["cattle"][0] != -1.0


def test_the_headline_sums_are_one_reduction_per_array() -> None:
    """headline() sums its regional arrays in one stacked reduction: each figure must be
    the array's own sum (or mean) bit for bit, on a real campaign's states and on
    arrays of odd magnitudes."""
    from game.campaign import Campaign
    from game.engine.bots import make_bot
    from game.engine.figures import headline

    pairs = {
        "harvest_true_mt": "harvest_true",
        "harvest_reported_mt": "harvest_reported",
        "procurement_mt": "procured_year",
        "cattle_m": "cattle",
        "horses_m": "horses",
        "pigs_m": "pigs",
        "sheep_m": "sheep",
        "sown_mha": "area",
        "famine_deaths_total_m": "famine_deaths",
        "population_m": "population",
        "hunger": "hunger",
        "unrest": "unrest",
        "report_bias": "report_bias",
    }

    def check(state) -> None:
        a, head = state.arrays, headline(state)
        for key, arr in pairs.items():
            want = float(a[arr].sum())
            if key == arr:  # the means
                want /= a[arr].size
            assert head[key] == want, key

    camp = Campaign.new("great-turn-1928", seed=4)
    bot = make_bot("historical", 4)
    rng = np.random.default_rng(4)
    for _ in range(20):
        check(camp.state)
        odd = camp.state.copy()
        for arr in pairs.values():
            odd.arrays[arr][:] = rng.standard_normal(odd.arrays[arr].size) * 10.0 ** rng.integers(
                -8, 8, odd.arrays[arr].size
            )
        check(odd)
        camp.end_turn(bot.decide(camp.state))


_arrays = st.lists(
    st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0.0, -0.0]),
    min_size=1,
    max_size=14,
).map(lambda xs: np.array(xs, dtype=np.float64))


@settings(max_examples=300, deadline=None)
@given(_arrays, st.sampled_from([(-1,), (2, -1)]))
def test_reductions_match_ndarray_methods(x: np.ndarray, shape: tuple[int, ...]) -> None:
    # any_true / max_all / total stand for x.any() / x.max() / x.sum() in the rules and bots
    if len(shape) == 2 and x.size % 2:
        x = x[:-1] if x.size > 1 else np.append(x, 0.0)
    x = x.reshape(shape)
    assert any_true(x) == bool(x.any())
    assert any_true(x > 0.5) == bool((x > 0.5).any())
    for got, want in ((max_all(x), x.max()), (total(x), x.sum())):
        assert np.asarray(got).tobytes() == np.asarray(want).tobytes()
