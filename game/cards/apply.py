"""Carrying out compiled effects on a campaign.

Every change goes through `game.engine.figures` (ranges, clamping) or, for
policy, through a new `Decisions` built with `dataclasses.replace` and
`Campaign.set_decisions` (validation). Values that are not finite numbers are
ignored, so no card can put NaN or infinity into the state.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np

from game.cards.expr import POLICY_BOOLS, POLICY_NUMERIC, WEIGHT_RANGE, Effect, Env
from game.engine import figures as F

FLAG_LIMIT = 1e9


def _combine(op: str, cur: Any, value: float) -> Any:
    if op == "=":
        return value + cur * 0  # keeps the shape of a regional array
    if op == "+=":
        return cur + value
    if op == "-=":
        return cur - value
    return cur * value


def _num(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def apply_effect(eff: Effect, env: Env, campaign: Any, source: str = "") -> None:
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
    assert eff.value is not None
    value = _num(eff.value(env))
    if value is None:
        return
    if t.kind == "nat":
        F.set_national(state, t.name, _combine(eff.op, F.get_national(state, t.name), value))
    elif t.kind == "faction":
        if t.name in state.factions:  # factions differ by scenario; others are ignored
            cur = state.factions[t.name]
            F.set_national(state, f"faction.{t.name}", _combine(eff.op, cur, value))
    elif t.kind == "weight":
        prefs = state.params["factions"].get(t.name)
        if prefs is not None:
            new = _combine(eff.op, float(prefs["weight"]), value)
            prefs["weight"] = float(min(max(new, WEIGHT_RANGE[0]), WEIGHT_RANGE[1]))
    elif t.kind == "reg":
        vec = np.array(F.get_regional(state, t.name), dtype=np.float64)
        cur = vec if t.region is None else vec[t.region]
        F.set_regional(state, t.name, t.region, _combine(eff.op, cur, value))
    elif t.kind == "person":
        from game import people

        if t.name in people.records(state):  # people differ by scenario; others are ignored
            people.set_loyalty(
                state, t.name, _combine(eff.op, people.loyalty(state, t.name), value)
            )
    elif t.kind == "flag":
        new = _combine(eff.op, float(state.flags.get(t.name, 0.0)), value)
        state.flags[t.name] = float(min(max(new, -FLAG_LIMIT), FLAG_LIMIT))


def _linger(eff: Effect, env: Env, state: Any, source: str) -> None:
    assert eff.value is not None and eff.turns is not None and eff.decay is not None
    value, turns, decay = _num(eff.value(env)), _num(eff.turns(env)), _num(eff.decay(env))
    if value is None or turns is None or decay is None:
        return
    turns_i = int(min(max(round(turns), 1), 100))
    decay = min(max(decay, 0.0), 1.0)
    t = eff.target
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


def _policy(eff: Effect, env: Env, campaign: Any) -> None:
    pol = campaign.decisions.policy
    name = eff.target.name
    if eff.text is not None:
        new = replace(pol, **{name: eff.text})
    else:
        assert eff.value is not None
        value = _num(eff.value(env))
        if value is None:
            return
        lo, hi = POLICY_NUMERIC[name]
        if "." in name:
            group, key = name.split(".", 1)
            table = dict(getattr(pol, group))
            table[key] = float(min(max(_combine(eff.op, table[key], value), lo), hi))
            if group == "invest" and sum(table.values()) <= 0:
                return  # investment shares cannot all be zero
            new = replace(pol, **{group: table})
        elif name in POLICY_BOOLS:
            cur = 1.0 if getattr(pol, name) else 0.0
            new = replace(pol, **{name: _combine(eff.op, cur, value) >= 0.5})
        else:
            v = float(min(max(_combine(eff.op, float(getattr(pol, name)), value), lo), hi))
            new = replace(pol, **{name: v})
    campaign.set_decisions(replace(campaign.decisions, policy=new))
    env.policy = campaign.decisions.policy
