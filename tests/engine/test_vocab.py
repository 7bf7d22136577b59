"""The vocabulary: every lever and figure is complete, and what is built from it agrees."""

from __future__ import annotations

import json
from dataclasses import fields

import numpy as np
import pytest

from game.campaign import Campaign
from game.engine import figures as F
from game.engine.decisions import (
    CompiledPolicy,
    Decisions,
    Policy,
    RegionOverride,
    compile_decisions,
)
from game.engine.scenario import NATIONAL_DEFAULTS
from game.engine.state import State
from game.engine.vocab import (
    LEVERS,
    NATIONAL_BOOKKEEPING,
    NATIONAL_FIGURES,
    REGIONAL,
    SECTION_IDS,
    Figure,
    LeverKind,
    Scope,
    history_series,
    scenario_national_start,
)

ALL_FIGURES: list[Figure] = list(F.NATIONAL.values()) + list(REGIONAL.values())


@pytest.fixture(scope="module")
def state() -> State:
    camp = Campaign.new("great-turn-1928", seed=3)
    camp.end_turn()
    return camp.state


# --- levers ---------------------------------------------------------------------------
@pytest.mark.parametrize("lever", LEVERS, ids=lambda lv: lv.name)
def test_every_lever_has_help_a_label_and_a_range(lever) -> None:
    assert lever.label and lever.help.strip(), lever.name
    if lever.kind is LeverKind.CHOICE:
        assert len(lever.choices) >= 2 and all(c.label for c in lever.choices)
        assert lever.default in lever.values
    elif lever.kind is not LeverKind.BOOL:
        assert lever.lo < lever.hi, lever.name
        assert lever.unit, lever.name
    if lever.kind in (LeverKind.PER_STRATUM, LeverKind.SPLIT):
        assert len(lever.keys) == len(lever.key_labels) == len(lever.default)
    assert lever.section in SECTION_IDS, f"{lever.name} has no control in the policy panel"
    if lever.acts_on is not None:
        on, value = lever.acts_on
        assert value in next(lv for lv in LEVERS if lv.name == on).values


def test_policy_region_override_and_compiled_policy_follow_the_levers() -> None:
    assert [f.name for f in fields(Policy)] == [lv.name for lv in LEVERS]
    assert [f.name for f in fields(RegionOverride)] == [lv.name for lv in LEVERS if lv.overridable]
    compiled = {f.name for f in fields(CompiledPolicy)}
    assert {lv.name for lv in LEVERS} <= compiled
    Policy().validate()  # the declared defaults are legal


def test_compiled_views_name_the_path_once() -> None:
    pol = Policy(path="forced", coercion=0.7, procurement="quota")
    d = Decisions(pol, {"ukraine": RegionOverride(path="voluntary")})
    ids = ("ukraine", "siberia", "urals")
    c = compile_decisions(d, ids)
    assert c.forced_path.tolist() == [False, True, True]
    assert c.voluntary_path.tolist() == [True, False, False]
    assert c.forced.tolist() == [0.0, 0.7, 0.7]
    assert not c.market


def test_a_lever_out_of_range_is_refused_with_its_name() -> None:
    from game.errors import DecisionError

    for lever in LEVERS:
        if lever.kind is LeverKind.NUMBER:
            with pytest.raises(DecisionError, match=f"policy.{lever.name}"):
                Policy(**{lever.name: lever.hi + 1}).validate()


# --- figures --------------------------------------------------------------------------
@pytest.mark.parametrize("fig", ALL_FIGURES, ids=lambda f: f"{f.scope}:{f.name}")
def test_every_figure_has_a_label_a_unit_and_a_way_to_get_it(fig, state) -> None:
    assert fig.label.strip() and fig.description.strip()
    assert isinstance(fig.unit, str)
    assert (fig.derive is None) != (fig.key is None) or fig.scope is Scope.STRATUM
    if fig.writable:
        assert fig.stored and fig.lo < fig.hi
    if fig.scope is Scope.NATIONAL:
        assert np.isfinite(F.get_national(state, fig.name))
    else:
        assert F.get_regional(state, fig.name).shape == (state.n_regions,)


@pytest.mark.parametrize(
    "fig", [f for f in ALL_FIGURES if f.stored], ids=lambda f: f"{f.scope}:{f.name}"
)
def test_every_stored_figure_survives_a_save(fig, state) -> None:
    st = state.copy()
    if fig.scope is Scope.NATIONAL:
        st.nat[fig.key] = 0.123456789
    elif fig.scope is Scope.STRATUM:
        st.arrays[fig.key][:] = np.linspace(0.1, 0.9, st.arrays[fig.key].size).reshape(
            st.arrays[fig.key].shape
        )
    else:
        st.arrays[fig.key][:] = np.linspace(0.01, 0.5, st.n_regions)
    back = State.from_dict(json.loads(json.dumps(st.to_dict())))
    assert back.state_hash() == st.state_hash()
    if fig.scope is Scope.NATIONAL:
        assert back.nat[fig.key] == 0.123456789
    else:
        assert np.array_equal(back.arrays[fig.key], st.arrays[fig.key])


def test_every_stored_national_value_is_declared(state) -> None:
    declared = {f.key for f in NATIONAL_FIGURES if f.stored} | set(NATIONAL_BOOKKEEPING)
    assert set(state.nat) == declared


def test_scenario_national_keys_are_the_declared_ones() -> None:
    assert scenario_national_start() == NATIONAL_DEFAULTS
    for name in NATIONAL_DEFAULTS:
        assert F.NATIONAL[name].stored


def test_headline_is_the_figures_history_columns(state) -> None:
    head = F.headline(state)
    series = history_series()
    assert set(head) == {f.series.key for f in series}
    assert set(F.HEADLINE_LABELS) == set(head)
    for fig in series:
        want = F.get_national(state, fig.name) * fig.series.scale
        assert head[fig.series.key] == pytest.approx(want, rel=1e-12, abs=1e-12), fig.name


def test_writable_figures_are_clamped_to_their_range(state) -> None:
    st = state.copy()
    for fig in F.NATIONAL.values():
        if fig.writable:
            F.set_national(st, fig.name, fig.hi + 10)
            assert F.get_national(st, fig.name) == fig.hi
    for fig in REGIONAL.values():
        if fig.writable:
            F.set_regional(st, fig.name, 0, fig.lo - 10)
            assert F.get_regional(st, fig.name)[0] == pytest.approx(fig.lo)


def test_read_only_figures_refuse_changes(state) -> None:
    st = state.copy()
    with pytest.raises(KeyError):
        F.set_national(st, "harvest", 1.0)
    with pytest.raises(KeyError):
        F.set_regional(st, "households", None, 1.0)


def test_a_regional_relief_override_leaves_the_others_their_share_of_the_total() -> None:
    ids = tuple(f"r{i}" for i in range(12))
    national = Decisions(Policy(relief=2.4, cadres=12.0))
    one_own = Decisions(
        Policy(relief=2.4, cadres=12.0), {"r0": RegionOverride(relief=1.0, cadres=5.0)}
    )
    a, b = compile_decisions(national, ids), compile_decisions(one_own, ids)
    assert a.relief.tolist() == pytest.approx([0.2] * 12)
    assert b.relief.tolist() == pytest.approx([1.0] + [0.2] * 11)
    assert b.cadres.tolist() == pytest.approx([5.0] + [1.0] * 11)
