"""Carrying out compiled effects on a campaign.

Every change goes through `game.engine.figures` (ranges, clamping) or, for
policy, through a new `Decisions` built with `dataclasses.replace` and
`Campaign.set_decisions` (validation). Finite by construction: constant parts
were checked when the card was compiled (`expr.fold`); here a value that is not
a finite number is ignored, and every result is made finite (a NaN keeps the
old value, an overflow goes to the end of the range) and clamped to its range
before it is stored, so no card can put NaN or infinity into the state.
"""

from __future__ import annotations

import math
from typing import Any, Protocol

import numpy as np

from game.cards.expr import POLICY_BOOLS, POLICY_NUMERIC, WEIGHT_RANGE, Effect, Env
from game.engine import figures as F
from game.engine.decisions import Decisions
from game.engine.fastmath import any_true, clip, clip_float
from game.engine.state import State
from game.engine.vocab import Scope

FLAG_LIMIT = 1e9


class EffectTarget(Protocol):
    """What an effect changes (game.campaign.Campaign): the state, and the decisions,
    which a policy effect replaces through `set_decisions` (so they are validated)."""

    state: State
    decisions: Decisions

    def set_decisions(self, decisions: Decisions) -> None: ...


def _combine(op: str, cur: Any, value: float) -> Any:
    if op == "=":
        return value + cur * 0  # keeps the shape of a regional array
    if op == "+=":
        return cur + value
    if op == "-=":
        return cur - value
    return cur * value


def _settle(new: Any, cur: Any, lo: float, hi: float) -> Any:
    """`new` finite and within [lo, hi]: NaN keeps `cur`, +-inf goes to hi / lo."""
    if type(new) is float and type(cur) in (float, int):  # most effects: no arrays needed
        v = new if new == new else float(cur)  # NaN keeps the old value
        if v != v:
            v = lo
        return float(min(max(v, lo), hi))  # +-inf end at hi / lo
    arr = np.asarray(new, dtype=np.float64)
    nan = np.isnan(arr)
    if any_true(nan):
        arr = np.where(nan, np.asarray(cur, dtype=np.float64), arr)
        arr = np.nan_to_num(arr, nan=lo, posinf=hi, neginf=lo)
    # (+-inf end at hi / lo, as nan_to_num would put them; the clip ufunc is what np.clip
    # calls, without its Python wrappers: a regional effect settles every region)
    arr = clip(arr, float(lo), float(hi))
    return float(arr) if arr.ndim == 0 else arr


def _value(eff: Effect, env: Env) -> float | None:
    """The effect's value, or None when it is not a finite number."""
    if eff.number is not None:  # a number written in the card: nothing to evaluate
        return eff.number
    assert eff.value is not None
    return _num(eff.value(env))


def _num(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def apply_effect(eff: Effect, env: Env, campaign: EffectTarget, source: str = "") -> None:
    """Apply one effect to `campaign` (its state, and its decisions for policy)."""
    env.cache.clear()  # the effect may change figures the cache holds
    state = campaign.state
    t = eff.target
    if eff.op == "linger":
        _linger(eff, env, state, source)
        return
    if t.kind == "policy":
        _policy(eff, env, campaign)
        return
    if t.kind == "fate":
        from game import people

        people.set_fate(state, t.name, str(eff.text))
        return
    value = _value(eff, env)
    if value is None:
        return
    if t.kind == "nat":
        fig = F.NATIONAL[t.name]
        if fig.derive is None and fig.writable:
            # A stored figure (most effects; each situation that is on has a few every
            # season): read and written in place, as get_national and set_national would
            nat = state.nat
            cur = float(nat[t.name])
            new = _settle(_combine(eff.op, cur, value), cur, fig.lo, fig.hi)
            nat[t.name] = clip_float(new, fig.lo, fig.hi)
        else:
            cur = F.get_national(state, t.name)
            new = _settle(_combine(eff.op, cur, value), cur, fig.lo, fig.hi)
            F.set_national(state, t.name, new)
    elif t.kind == "faction":
        if t.name in state.factions:  # factions differ by scenario; others are ignored
            cur = state.factions[t.name]
            new = _settle(_combine(eff.op, cur, value), cur, 0.0, 1.0)
            F.set_national(state, f"faction.{t.name}", new)
    elif t.kind == "weight":
        prefs = state.params["factions"].get(t.name)
        if prefs is not None:
            cur = float(prefs["weight"])
            prefs["weight"] = _settle(_combine(eff.op, cur, value), cur, *WEIGHT_RANGE)
    elif t.kind == "reg":
        fig = F.REGIONAL[t.name]
        arr = _stored_regional(state, fig)
        if arr is not None and t.region is not None:
            # One region of a stored figure, in plain floats: the same double operations
            # as on the numpy scalar, and for one value _settle's float path and
            # clip_float are numpy's clip (tests/cards/test_fast_effects.py holds the two
            # paths together). A regional effect was ~50k instructions, half of it numpy's
            # scalar machinery.
            cur = float(arr[t.region])
            new = _settle(_combine(eff.op, cur, value), cur, fig.lo, fig.hi)
            arr[t.region] = clip_float(new, fig.lo, fig.hi)
            return
        if arr is not None:
            # Every region of a stored figure: its array is read in place (not copied:
            # every new value is made before any is stored), and set_regional's clip
            # writes into it.
            new = _settle(_combine(eff.op, arr, value), arr, fig.lo, fig.hi)
            clip(new, fig.lo, fig.hi, out=arr)
            return
        vec = np.array(F.get_regional(state, t.name), dtype=np.float64)
        cur = vec if t.region is None else vec[t.region]
        new = _settle(_combine(eff.op, cur, value), cur, fig.lo, fig.hi)
        F.set_regional(state, t.name, t.region, new)
    elif t.kind == "person":
        from game import people

        rec = people.records(state).get(t.name)
        if rec is not None:  # people differ by scenario; others are ignored
            cur = float(rec["loyalty"])
            rec["loyalty"] = _settle(_combine(eff.op, cur, value), cur, 0.0, 1.0)
    elif t.kind == "flag":
        cur = float(state.flags.get(t.name, 0.0))
        state.flags[t.name] = _settle(_combine(eff.op, cur, value), cur, -FLAG_LIMIT, FLAG_LIMIT)


_FLOAT64 = np.dtype(np.float64)


def _stored_regional(state: State, fig: F.Figure) -> np.ndarray | None:
    """The state's (R,) float array that a writable regional figure is stored in as it
    is (not derived, not a part of a per-stratum array), or None."""
    if fig.scope is not Scope.REGION or fig.derive is not None or not fig.writable:
        return None
    arr = state.arrays.get(fig.key)  # type: ignore[arg-type]
    if arr is None or arr.dtype is not _FLOAT64 or arr.ndim != 1:
        return None
    return arr


def _linger(eff: Effect, env: Env, state: State, source: str) -> None:
    assert eff.value is not None and eff.turns is not None and eff.decay is not None
    value, turns, decay = _num(eff.value(env)), _num(eff.turns(env)), _num(eff.decay(env))
    if value is None or turns is None or decay is None:
        return
    turns_i = int(min(max(round(turns), 1), 100))
    decay = min(max(decay, 0.0), 1.0)
    t = eff.target
    # a modifier is added to its figure each turn: no more than the figure's whole range
    span = _linger_span(t)
    value = min(max(value, -span), span)
    if t.kind == "faction":
        if t.name in state.factions:
            F.add_modifier(state, f"faction.{t.name}", value, turns_i, None, decay, source)
        return
    if t.kind == "nat":
        F.add_modifier(state, t.name, value, turns_i, None, decay, source)
        return
    if t.region is None and t.name in F.NATIONAL and t.name not in F.BONUS_FIGURES:
        # A national figure of the same name exists (unrest, trust, ...): one
        # modifier per region keeps the engine from reading it as the national one.
        for rid in state.region_ids:
            F.add_modifier(state, t.name, value, turns_i, rid, decay, source)
        return
    F.add_modifier(state, t.name, value, turns_i, t.region_id, decay, source)


def _linger_span(t: Any) -> float:
    if t.kind == "faction":
        return 1.0
    fig = F.NATIONAL.get(t.name) if t.kind == "nat" else F.REGIONAL.get(t.name)
    return float(fig.hi - fig.lo) if fig is not None else 1.0


def _policy(eff: Effect, env: Env, campaign: EffectTarget) -> None:
    pol = campaign.decisions.policy
    name = eff.target.name
    if eff.text is not None:
        new = pol.with_changes(**{name: eff.text})
    else:
        value = _value(eff, env)
        if value is None:
            return
        lo, hi = POLICY_NUMERIC[name]
        if "." in name:
            group, key = name.split(".", 1)
            table = dict(getattr(pol, group))
            table[key] = _settle(_combine(eff.op, table[key], value), table[key], lo, hi)
            if group == "invest" and sum(table.values()) <= 0:
                return  # investment shares cannot all be zero
            new = pol.with_changes(**{group: table})
        elif name in POLICY_BOOLS:
            cur = 1.0 if getattr(pol, name) else 0.0
            new = pol.with_changes(**{name: _combine(eff.op, cur, value) >= 0.5})
        else:
            cur = float(getattr(pol, name))
            v = _settle(_combine(eff.op, cur, value), cur, lo, hi)
            new = pol.with_changes(**{name: v})
    campaign.set_decisions(campaign.decisions.with_policy(new))
    env.policy = campaign.decisions.policy
