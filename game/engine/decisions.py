"""What the player (or a bot) decides each turn: plain data.

A campaign is reproducible from its seed and the list of `Decisions` made, so
decisions are small, validated, JSON-ready values. National policy applies
everywhere; a `RegionOverride` replaces chosen fields in one region.

`Policy`, `RegionOverride` and `CompiledPolicy` are built from the levers
declared in game.engine.vocab: a new lever needs no change here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, make_dataclass, replace
from typing import Any

import numpy as np

from game.engine.vocab import LEVER, LEVERS, Lever, LeverKind
from game.errors import DecisionError, did_you_mean

_CHOICE, _NUMBER, _BOOL = LeverKind.CHOICE, LeverKind.NUMBER, LeverKind.BOOL
_PARTS = (LeverKind.PER_STRATUM, LeverKind.SPLIT)

PATHS: tuple[str, ...] = LEVER["path"].values
PATH_CODE: dict[str, int] = {c.value: c.code for c in LEVER["path"].choices}
FORCED_CODE = PATH_CODE["forced"]
VOLUNTARY_CODE = PATH_CODE["voluntary"]
PROCUREMENT_MODES: tuple[str, ...] = LEVER["procurement"].values
INVEST_KEYS: tuple[str, ...] = LEVER["invest"].keys
TAX_RANGE = (LEVER["tax"].lo, LEVER["tax"].hi)
# Numeric levers and their allowed ranges.
RANGES: dict[str, tuple[float, float]] = {
    lv.name: (lv.lo, lv.hi) for lv in LEVERS if lv.kind is _NUMBER
}
FIELD_HELP: dict[str, str] = {lv.name: lv.help for lv in LEVERS}
# Fields a region may override.
OVERRIDABLE: tuple[str, ...] = tuple(lv.name for lv in LEVERS if lv.overridable)


def _check_number(where: str, value: Any, lo: float, hi: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DecisionError(f"{where}: expected a number from {lo} to {hi}, got {value!r}")
    if not (lo <= float(value) <= hi):  # also rejects NaN
        raise DecisionError(f"{where}: {value} is outside {lo}..{hi}")


def _check_lever(lever: Lever, value: Any, where: str) -> None:
    at = f"{where}.{lever.name}"
    if lever.kind is _CHOICE:
        if value not in lever.values:
            noun = "path" if lever.name == "path" else "mode"
            raise DecisionError(
                f"{at}: unknown {noun} '{value}'{did_you_mean(str(value), lever.values)}; "
                f"expected one of {', '.join(lever.values)}"
            )
    elif lever.kind is _NUMBER:
        _check_number(at, value, lever.lo, lever.hi)
    elif lever.kind in _PARTS:
        if not isinstance(value, dict) or set(value) != set(lever.keys):
            what = "a rate" if lever.kind is LeverKind.PER_STRATUM else "shares"
            raise DecisionError(f"{at}: expected {what} for each of {', '.join(lever.keys)}")
        for k, v in value.items():
            _check_number(f"{at}.{k}", v, lever.lo, lever.hi)
        if lever.kind is LeverKind.SPLIT and sum(value.values()) <= 0:
            raise DecisionError(f"{at}: the shares cannot all be zero")


def _number_ok(value: Any, lo: float, hi: float) -> bool:
    t = value.__class__
    return (t is float or t is int) and lo <= value <= hi


def _lever_ok(lever: Lever, value: Any) -> bool:
    """True when `value` is surely valid for `lever` (the common case, checked without
    building any message); False sends it to `_check_lever`, which says what is wrong.
    Decisions are validated several times a turn (the bot's, each card's policy effect),
    so this path is kept cheap."""
    kind = lever.kind
    if kind is _NUMBER:
        return _number_ok(value, lever.lo, lever.hi)
    if kind is _CHOICE:
        return value in lever.values
    if kind in _PARTS:
        if value.__class__ is not dict or len(value) != len(lever.keys):
            return False
        lo, hi = lever.lo, lever.hi
        for k in lever.keys:
            v = value.get(k)
            if v is None or not _number_ok(v, lo, hi):
                return False
        return lever.kind is not LeverKind.SPLIT or sum(value.values()) > 0
    return True  # booleans are not checked


class _PolicyMethods:
    # A policy that passed `validate` is marked `_checked` (outside its fields, so
    # equality, repr and saves do not see it): it is frozen, so it stays valid, and the
    # campaign checks the policy at every change (each card's policy effect, each bot
    # decision) -- most of those policies were checked already.
    def validate(self, where: str = "policy") -> Policy:
        if self.__dict__.get("_checked"):
            return self  # type: ignore[return-value]
        for lever in LEVERS:
            value = getattr(self, lever.name)
            if not _lever_ok(lever, value):
                _check_lever(lever, value, where)
        object.__setattr__(self, "_checked", True)
        return self  # type: ignore[return-value]

    def with_changes(self, **changes: Any) -> Policy:
        """A copy with `changes`, as dataclasses.replace makes it but without rebuilding
        every field through __init__ (bots and card effects make thousands). A checked
        policy's copy is checked too when each changed lever passes the short check; a
        bad value is left for `validate` to report."""
        if not changes.keys() <= _POLICY_FIELDS:
            return replace(self, **changes)  # type: ignore[type-var]  # (its TypeError)
        new = object.__new__(type(self))
        d = new.__dict__
        d.update(self.__dict__)
        d.update(changes)
        if d.pop("_checked", False) and all(_lever_ok(LEVER[k], v) for k, v in changes.items()):
            d["_checked"] = True
        return new  # type: ignore[return-value]


def _default(lever: Lever) -> Any:
    if isinstance(lever.default, dict):
        table = dict(lever.default)
        return field(default_factory=lambda: dict(table))
    return field(default=lever.default)


_TYPES = {_NUMBER: float, _BOOL: bool, _CHOICE: str}

Policy = make_dataclass(
    "Policy",
    [(lv.name, _TYPES.get(lv.kind, dict[str, float]), _default(lv)) for lv in LEVERS],
    bases=(_PolicyMethods,),
    frozen=True,
    namespace={"__doc__": "National policy for one season: one field per lever (see vocab)."},
)


_OVERRIDE_LEVERS: tuple[Lever, ...] = tuple(lv for lv in LEVERS if lv.overridable)
_OVERRIDE_NAMES: tuple[str, ...] = tuple(lv.name for lv in _OVERRIDE_LEVERS)


class _OverrideMethods:
    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in _OVERRIDE_NAMES)

    def changes(self) -> dict[str, Any]:
        """The fields this override sets (by hand: dataclasses.asdict deep-copies and the
        historical bot's regional overrides are logged every turn)."""
        out = {}
        for name in _OVERRIDE_NAMES:
            v = getattr(self, name)
            if v is not None:
                out[name] = v
        return out


RegionOverride = make_dataclass(
    "RegionOverride",
    [(lv.name, _TYPES[lv.kind] | None, field(default=None)) for lv in LEVERS if lv.overridable],
    bases=(_OverrideMethods,),
    frozen=True,
    namespace={
        "__doc__": "Fields that differ from national policy in one region (None = national)."
    },
)
Policy.__module__ = RegionOverride.__module__ = __name__
_POLICY_FIELDS: frozenset[str] = frozenset(lv.name for lv in LEVERS)


@dataclass(frozen=True)
class Decisions:
    """Everything decided for one turn."""

    policy: Policy = field(default_factory=Policy)  # type: ignore[valid-type]
    overrides: dict[str, RegionOverride] = field(default_factory=dict)  # type: ignore[valid-type]

    def validate(self, region_ids: tuple[str, ...]) -> Decisions:
        # Decisions that passed for these regions are marked (outside the fields, as
        # Policy._checked): they are frozen, and a bot hands the same object back season
        # after season (game.engine.bots._MEMO), each time validated by the campaign.
        if self.__dict__.get("_valid_for") == region_ids:
            return self
        self.policy.validate()
        for rid, ov in self.overrides.items():
            if rid not in region_ids:
                raise DecisionError(
                    f"override for unknown region '{rid}'{did_you_mean(rid, region_ids)}; "
                    f"regions are {', '.join(region_ids)}"
                )
            # The region's policy is the national one (valid) with the override's
            # fields: only those need checking.
            for lever in _OVERRIDE_LEVERS:
                value = getattr(ov, lever.name)
                if value is not None and not _lever_ok(lever, value):
                    _check_lever(lever, value, f"overrides.{rid}")
        object.__setattr__(self, "_valid_for", tuple(region_ids))
        return self

    def with_policy(self, policy: Policy) -> Decisions:  # type: ignore[valid-type]
        """These decisions under another national policy (a card's policy effect). They
        stay valid for the map these were validated for when the new policy passed its
        checks: the overrides are the same, and their check does not read the policy."""
        new = Decisions(policy, self.overrides)  # (the two fields; replace() costs ~5 us)
        valid = self.__dict__.get("_valid_for")
        if valid is not None and policy.__dict__.get("_checked"):
            object.__setattr__(new, "_valid_for", valid)
        return new

    def to_dict(self) -> dict[str, Any]:
        # Written out by hand: dataclasses.asdict deep-copies and is ~20x slower,
        # and the campaign logs the decisions every turn.
        p = self.policy
        policy = {name: getattr(p, name) for name in _SCALAR_FIELDS}
        for name in _TABLE_FIELDS:
            policy[name] = dict(getattr(p, name))
        return {
            "policy": policy,
            "overrides": {r: ch for r, o in self.overrides.items() if (ch := o.changes())},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decisions:
        try:
            pol = data.get("policy", {})
            unknown = set(pol) - set(LEVER)
            if unknown:
                name = sorted(unknown)[0]
                raise DecisionError(
                    f"policy: unknown field '{name}'{did_you_mean(name, sorted(LEVER))}"
                )
            policy = Policy(**pol)
            overrides = {}
            for rid, ov in data.get("overrides", {}).items():
                bad = set(ov) - set(OVERRIDABLE)
                if bad:
                    raise DecisionError(
                        f"overrides.{rid}: field '{sorted(bad)[0]}' cannot be set per region"
                    )
                overrides[str(rid)] = RegionOverride(**ov)
        except (TypeError, AttributeError) as exc:
            raise DecisionError(f"malformed decisions: {exc}") from None
        return cls(policy=policy, overrides=overrides)


_SCALAR_FIELDS: tuple[str, ...] = tuple(lv.name for lv in LEVERS if lv.kind not in _PARTS)
_TABLE_FIELDS: tuple[str, ...] = tuple(lv.name for lv in LEVERS if lv.kind in _PARTS)


# --- the compiled policy --------------------------------------------------------------
class _CompiledViews:
    """Derived views, computed once when the policy is compiled. The rules read these
    instead of restating what the path codes mean."""

    def __post_init__(self) -> None:
        c: Any = self
        c.forced_path = c.path == FORCED_CODE  # (R,) bool: the region is on the forced path
        c.voluntary_path = c.path == VOLUNTARY_CODE  # (R,) bool
        c.forced = c.forced_path * c.coercion  # (R,) how hard the drive pushes, 0..1
        c.market = c.procurement == "market"  # grain is bought, not requisitioned


def _compiled_type(lever: Lever) -> Any:
    if lever.overridable or lever.kind in _PARTS:
        return np.ndarray
    return str if lever.kind is _CHOICE else float


CompiledPolicy = make_dataclass(
    "CompiledPolicy",
    [(lv.name, _compiled_type(lv)) for lv in LEVERS]
    + [("region_ids", tuple)]
    + [
        ("forced_path", np.ndarray, field(init=False)),
        ("voluntary_path", np.ndarray, field(init=False)),
        ("forced", np.ndarray, field(init=False)),
        ("market", bool, field(init=False)),
    ],
    bases=(_CompiledViews,),
    namespace={
        "__doc__": "Decisions turned into arrays for the rules: (R,) per region for the "
        "levers a region may override (choices as their codes; path: 0 none, 1 voluntary, "
        "2 forced), (S,) for taxes, normalised shares for splits, plain values for the rest."
    },
)
CompiledPolicy.__module__ = __name__


# How each lever is compiled, worked out once (a policy is compiled about once a season):
# (name, overridable, shared out, codes of its choices or None, kind, keys).
_PLAN: tuple[tuple[str, bool, bool, dict[str, float] | None, LeverKind, tuple[str, ...]], ...] = (
    tuple(
        (
            lv.name,
            lv.overridable,
            lv.shared_out,
            {c.value: float(c.code) for c in lv.choices} if lv.kind is _CHOICE else None,
            lv.kind,
            lv.keys,
        )
        for lv in LEVERS
    )
)
# Per-region arrays of one national value, shared by every compiled policy that has it
# (read-only: the rules never write to a policy, and this makes sure of it). Most
# levers are set nationally, and np.full for each of them was a tenth of compiling.
_NATIONAL_ARRAYS: dict[tuple[int, float, float], np.ndarray] = {}


def _national_array(n: int, value: float) -> np.ndarray:
    key = (n, value, math.copysign(1.0, value))  # (-0.0 == 0.0, but not bit for bit)
    arr = _NATIONAL_ARRAYS.get(key)
    if arr is None:
        if len(_NATIONAL_ARRAYS) > 4096:  # a search over many policies: stay bounded
            _NATIONAL_ARRAYS.clear()
        arr = np.full(n, value, dtype=np.float64)
        arr.flags.writeable = False
        _NATIONAL_ARRAYS[key] = arr
    return arr


def compile_decisions(decisions: Decisions, region_ids: tuple[str, ...]) -> CompiledPolicy:  # type: ignore[valid-type]
    p = decisions.policy
    n = len(region_ids)
    overrides = decisions.overrides
    values: dict[str, Any] = {}
    for name, overridable, shared_out, codes, kind, keys in _PLAN:
        base = getattr(p, name)
        if overridable:
            national = codes[base] if codes is not None else float(base)
            if shared_out:
                # The national figure is a total, shared out evenly; a region that sets its
                # own value gets that value, and the others keep their share of the total.
                national = national / n
            out = _national_array(n, national)
            for rid, ov in overrides.items():
                v = getattr(ov, name)
                if v is not None:
                    if not out.flags.writeable:  # the shared array: this policy's own copy
                        out = out.copy()
                    out[region_ids.index(rid)] = codes[v] if codes is not None else float(v)
            values[name] = out
        elif kind in _PARTS:
            arr = np.array([base[k] for k in keys], dtype=np.float64)
            values[name] = arr / arr.sum() if kind is LeverKind.SPLIT else arr
        elif kind is _CHOICE:
            values[name] = str(base)
        else:
            values[name] = float(base)
    return CompiledPolicy(**values, region_ids=region_ids)


def prepare(decisions: Decisions, region_ids: tuple[str, ...]) -> CompiledPolicy:  # type: ignore[valid-type]
    """Validate `decisions` for these regions and compile them for the rules."""
    return compile_decisions(decisions.validate(region_ids), region_ids)
