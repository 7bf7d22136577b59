"""What the player (or a bot) decides each turn: plain data.

A campaign is reproducible from its seed and the list of `Decisions` made, so
decisions are small, validated, JSON-ready values. National policy applies
everywhere; a `RegionOverride` replaces chosen fields in one region.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

import numpy as np

from game.engine.state import STRATA
from game.errors import DecisionError, did_you_mean

PATHS: tuple[str, ...] = ("forced", "voluntary", "none")
PATH_CODE = {"none": 0, "voluntary": 1, "forced": 2}
PROCUREMENT_MODES: tuple[str, ...] = ("quota", "market")
INVEST_KEYS: tuple[str, ...] = ("heavy", "machinery", "consumer", "defence")

# Numeric fields and their allowed ranges; the UI builds sliders from this table.
RANGES: dict[str, tuple[float, float]] = {
    "target": (0.0, 1.0),
    "coercion": (0.0, 1.0),
    "tax_break": (0.0, 1.0),
    "machinery_priority": (0.0, 1.0),
    "credit": (0.0, 1.0),
    "self_management": (0.0, 1.0),
    "pooling": (0.1, 1.0),
    "quota": (0.0, 0.6),
    "price": (0.5, 2.5),
    "export": (0.0, 0.8),
    "cadres": (0.0, 30.0),
    "relief": (0.0, 5.0),
}
TAX_RANGE = (0.0, 0.6)

FIELD_HELP: dict[str, str] = {
    "path": "Collectivisation path: forced drive, voluntary collectives, or leave farms alone",
    "target": "Forced drive: share of households the drive aims to put in kolkhozes",
    "coercion": "Forced drive: how hard officials may push (0 = persuasion only, 1 = terror)",
    "dekulakisation": "Forced drive: deport the rich peasants and take their land and stock",
    "allow_exit": "Let kolkhoz members leave with their land and stock",
    "tax_break": "Voluntary: share of tax forgiven to collective members",
    "machinery_priority": "Voluntary: share of tractors sent first to voluntary collectives",
    "credit": "Voluntary: state credit for seed, stock and buildings (costs budget)",
    "self_management": "Voluntary: how freely collectives elect and run their own management",
    "pooling": "Voluntary: how much members pool (0.2 a TOZ shares field work, 0.6 an artel "
    "pools land, stock and tools, 1.0 a commune shares everything)",
    "procurement": "Grain procurement: fixed quotas or purchases at a market price",
    "quota": "Quota: share of the reported harvest the state demands",
    "price": "Market: price offered for grain, 1.0 = 1928 level",
    "export": "Share of procured grain exported to pay for machinery",
    "cadres": "Worker-cadres (thousands) sent to the countryside this season",
    "relief": "Grain (Mt) released from the state reserve to hungry villages this season",
    "tax": "Agricultural tax on each stratum, share of income",
    "invest": "Split of investment between heavy industry, farm machinery, consumer goods and defence",
}


@dataclass(frozen=True)
class Policy:
    """National policy for one season."""

    path: str = "none"
    target: float = 0.0
    coercion: float = 0.0
    dekulakisation: bool = False
    allow_exit: bool = True
    tax_break: float = 0.0
    machinery_priority: float = 0.0
    credit: float = 0.0
    self_management: float = 0.5
    pooling: float = 0.6
    procurement: str = "market"
    quota: float = 0.15
    price: float = 1.0
    export: float = 0.05
    cadres: float = 0.0
    relief: float = 0.0
    tax: dict[str, float] = field(
        default_factory=lambda: {"batrak": 0.0, "bednyak": 0.04, "serednyak": 0.08, "kulak": 0.14}
    )
    invest: dict[str, float] = field(
        default_factory=lambda: {"heavy": 0.4, "machinery": 0.15, "consumer": 0.35, "defence": 0.1}
    )

    def validate(self, where: str = "policy") -> Policy:
        if self.path not in PATHS:
            raise DecisionError(
                f"{where}.path: unknown path '{self.path}'{did_you_mean(self.path, PATHS)}; "
                f"expected one of {', '.join(PATHS)}"
            )
        if self.procurement not in PROCUREMENT_MODES:
            raise DecisionError(
                f"{where}.procurement: unknown mode '{self.procurement}'; expected quota or market"
            )
        for name, (lo, hi) in RANGES.items():
            _check_number(f"{where}.{name}", getattr(self, name), lo, hi)
        if set(self.tax) != set(STRATA):
            raise DecisionError(f"{where}.tax: expected a rate for each of {', '.join(STRATA)}")
        for s, v in self.tax.items():
            _check_number(f"{where}.tax.{s}", v, *TAX_RANGE)
        if set(self.invest) != set(INVEST_KEYS):
            raise DecisionError(
                f"{where}.invest: expected shares for each of {', '.join(INVEST_KEYS)}"
            )
        for k, v in self.invest.items():
            _check_number(f"{where}.invest.{k}", v, 0.0, 1.0)
        if sum(self.invest.values()) <= 0:
            raise DecisionError(f"{where}.invest: the shares cannot all be zero")
        return self

    def with_changes(self, **changes: Any) -> Policy:
        return replace(self, **changes)


# Fields a region may override, with their types.
OVERRIDABLE: tuple[str, ...] = (
    "path",
    "target",
    "coercion",
    "dekulakisation",
    "allow_exit",
    "tax_break",
    "machinery_priority",
    "credit",
    "self_management",
    "pooling",
    "quota",
    "cadres",
    "relief",
)


@dataclass(frozen=True)
class RegionOverride:
    """Fields that differ from national policy in one region (None = national)."""

    path: str | None = None
    target: float | None = None
    coercion: float | None = None
    dekulakisation: bool | None = None
    allow_exit: bool | None = None
    tax_break: float | None = None
    machinery_priority: float | None = None
    credit: float | None = None
    self_management: float | None = None
    pooling: float | None = None
    quota: float | None = None
    cadres: float | None = None
    relief: float | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


@dataclass(frozen=True)
class Decisions:
    """Everything decided for one turn."""

    policy: Policy = field(default_factory=Policy)
    overrides: dict[str, RegionOverride] = field(default_factory=dict)

    def validate(self, region_ids: tuple[str, ...]) -> Decisions:
        # Decisions are frozen; once checked against these regions they stay valid.
        if self.__dict__.get("_valid_for") == region_ids:
            return self
        self.policy.validate()
        for rid, ov in self.overrides.items():
            if rid not in region_ids:
                raise DecisionError(
                    f"override for unknown region '{rid}'{did_you_mean(rid, region_ids)}; "
                    f"regions are {', '.join(region_ids)}"
                )
            merged = {k: v for k, v in asdict(ov).items() if v is not None}
            if merged:
                replace(self.policy, **merged).validate(where=f"overrides.{rid}")
        object.__setattr__(self, "_valid_for", region_ids)
        return self

    def to_dict(self) -> dict[str, Any]:
        # Written out by hand: dataclasses.asdict deep-copies and is ~20x slower,
        # and the campaign logs the decisions every turn.
        p = self.policy
        policy = {name: getattr(p, name) for name in _POLICY_FIELDS}
        policy["tax"] = dict(p.tax)
        policy["invest"] = dict(p.invest)
        return {
            "policy": policy,
            "overrides": {
                r: {k: v for k, v in asdict(o).items() if v is not None}
                for r, o in self.overrides.items()
                if not o.is_empty()
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decisions:
        try:
            pol = data.get("policy", {})
            known = {f.name for f in fields(Policy)}
            unknown = set(pol) - known
            if unknown:
                name = sorted(unknown)[0]
                raise DecisionError(
                    f"policy: unknown field '{name}'{did_you_mean(name, sorted(known))}"
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


_POLICY_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Policy) if f.name not in ("tax", "invest")
)


def _check_number(where: str, value: Any, lo: float, hi: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DecisionError(f"{where}: expected a number from {lo} to {hi}, got {value!r}")
    if not (lo <= float(value) <= hi):  # also rejects NaN
        raise DecisionError(f"{where}: {value} is outside {lo}..{hi}")


@dataclass
class CompiledPolicy:
    """Decisions turned into per-region arrays for the rules."""

    path: np.ndarray  # 0 none, 1 voluntary, 2 forced
    target: np.ndarray
    coercion: np.ndarray
    dekulak: np.ndarray
    allow_exit: np.ndarray
    tax_break: np.ndarray
    machinery_priority: np.ndarray
    credit: np.ndarray
    self_management: np.ndarray
    pooling: np.ndarray
    quota: np.ndarray
    cadres: np.ndarray
    relief: np.ndarray
    tax: np.ndarray  # (S,)
    invest: np.ndarray  # (4,) normalised
    procurement_market: bool
    price: float
    export: float


def compile_decisions(decisions: Decisions, region_ids: tuple[str, ...]) -> CompiledPolicy:
    p = decisions.policy
    n = len(region_ids)

    def arr(name: str, conv=float) -> np.ndarray:
        base = getattr(p, name)
        out = np.full(n, conv(PATH_CODE[base] if name == "path" else base), dtype=np.float64)
        for rid, ov in decisions.overrides.items():
            v = getattr(ov, name)
            if v is not None:
                out[region_ids.index(rid)] = conv(PATH_CODE[v] if name == "path" else v)
        return out

    cadres = arr("cadres")
    relief = arr("relief")
    if not any(ov.cadres is not None for ov in decisions.overrides.values()):
        cadres = cadres / n  # the national figure is a total, shared out evenly
    if not any(ov.relief is not None for ov in decisions.overrides.values()):
        relief = relief / n
    inv = np.array([p.invest[k] for k in INVEST_KEYS], dtype=np.float64)
    return CompiledPolicy(
        path=arr("path"),
        target=arr("target"),
        coercion=arr("coercion"),
        dekulak=arr("dekulakisation"),
        allow_exit=arr("allow_exit"),
        tax_break=arr("tax_break"),
        machinery_priority=arr("machinery_priority"),
        credit=arr("credit"),
        self_management=arr("self_management"),
        pooling=arr("pooling"),
        quota=arr("quota"),
        cadres=cadres,
        relief=relief,
        tax=np.array([p.tax[s] for s in STRATA], dtype=np.float64),
        invest=inv / inv.sum(),
        procurement_market=p.procurement == "market",
        price=float(p.price),
        export=float(p.export),
    )
