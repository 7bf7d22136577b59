"""Strategy search: CMA-ES (the `cma` package) over a family of strategies.

A family maps a vector in [0, 1]^d to a strategy file's data:
- constant: one phase, every lever;
- phases: N phases (evenly spaced over the scenario), every lever in each;
- regions: one national phase plus per-region overrides of a few levers.
Numbers map onto their range, yes/no levers at 0.5, choices (path,
procurement) by equal slices. `fixed` levers are taken out of the vector.

Each candidate is scored by its mean over the training seeds (the same seeds
for every candidate, so candidates are compared on the same luck); the best
found is then played on held-out seeds, which gives the figure to report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.cards.strategy import StrategyField, season_label, strategy_fields
from game.errors import SmychkaError, did_you_mean

FAMILIES = ("constant", "phases", "regions")
REGION_LEVERS = ("path", "target", "coercion", "quota")
BOUND_EPS = 0.01  # a lever within 1 % of its range from an end sits on the bound


@dataclass(frozen=True)
class Dim:
    phase: int  # index of the phase
    region: str | None
    f: StrategyField

    @property
    def name(self) -> str:
        where = f"p{self.phase + 1}." if self.phase >= 0 else ""
        return where + (f"{self.region}." if self.region else "") + self.f.name


def _decode_one(f: StrategyField, x: float) -> Any:
    x = min(max(float(x), 0.0), 1.0)
    if f.kind == "bool":
        return x >= 0.5
    if f.kind == "choice":
        return f.choices[min(int(x * len(f.choices)), len(f.choices) - 1)]
    return round(f.lo + x * (f.hi - f.lo), 4)


def _encode_one(f: StrategyField, v: Any) -> float:
    if f.kind == "bool":
        return 0.75 if v else 0.25
    if f.kind == "choice":
        return (f.choices.index(v) + 0.5) / len(f.choices)
    return (float(v) - f.lo) / (f.hi - f.lo) if f.hi > f.lo else 0.5


def parse_fixed(items: list[str] | None) -> dict[str, Any]:
    """--fix path=forced --fix quota=0.2 -> {name: value}, checked against the fields."""
    fs = strategy_fields()
    out: dict[str, Any] = {}
    for item in items or []:
        if "=" not in item:
            raise SmychkaError(f"--fix {item}: write NAME=VALUE, e.g. --fix path=forced")
        k, v = (s.strip() for s in item.split("=", 1))
        if k not in fs:
            raise SmychkaError(
                f"--fix {item}: unknown lever '{k}'{did_you_mean(k, list(fs))}; "
                f"levers: {', '.join(fs)}"
            )
        f = fs[k]
        if f.kind == "choice":
            if v not in f.choices:
                raise SmychkaError(f"--fix {item}: expected one of {', '.join(f.choices)}")
            out[k] = v
        elif f.kind == "bool":
            if v.lower() not in ("true", "false", "1", "0"):
                raise SmychkaError(f"--fix {item}: expected true or false")
            out[k] = v.lower() in ("true", "1")
        else:
            try:
                x = float(v)
            except ValueError:
                raise SmychkaError(f"--fix {item}: expected a number") from None
            if not f.lo <= x <= f.hi:
                raise SmychkaError(f"--fix {item}: {x} is outside {f.lo}..{f.hi}")
            out[k] = x
    return out


@dataclass
class Family:
    kind: str
    starts: list[int]  # phase start keys (year*4+season)
    fixed: dict[str, Any] = field(default_factory=dict)
    regions: tuple[str, ...] = ()
    region_levers: tuple[str, ...] = REGION_LEVERS
    dims: list[Dim] = field(default_factory=list)

    def __post_init__(self) -> None:
        fs = strategy_fields()
        national = [f for k, f in fs.items() if k not in self.fixed]
        self.dims = [Dim(p, None, f) for p in range(len(self.starts)) for f in national]
        if self.kind == "regions":
            for rid in self.regions:
                for k in self.region_levers:
                    if k not in self.fixed:
                        self.dims.append(Dim(0, rid, fs[k]))

    @property
    def size(self) -> int:
        return len(self.dims)

    def decode(self, x: np.ndarray, name: str = "Searched") -> dict[str, Any]:
        phases: list[dict[str, Any]] = []
        for p, start in enumerate(self.starts):
            ph: dict[str, Any] = {"from": season_label(start)}
            if p == 0:
                ph.update(_nest(self.fixed))
            phases.append(ph)
        for d, v in zip(self.dims, x, strict=True):
            val = _decode_one(d.f, v)
            ph = phases[d.phase]
            if d.region is None:
                _put(ph, d.f.name, val)
            else:
                ph.setdefault("regions", {}).setdefault(d.region, {})[d.f.name] = val
        return {"name": name, "cards": "bot_weight", "phase": phases}

    def encode(self, data: dict[str, Any]) -> np.ndarray:
        """Back from strategy data (a start point); missing values sit at the middle."""
        from game.cards.strategy import _flatten

        flat = [_flatten(ph) for ph in data.get("phase", [])]
        out = []
        for d in self.dims:
            src = flat[min(d.phase, len(flat) - 1)] if flat else {}
            if d.region is not None:
                ph = data["phase"][0] if data.get("phase") else {}
                src = ph.get("regions", {}).get(d.region, {})
            v = src.get(d.f.name)
            out.append(0.5 if v is None else min(max(_encode_one(d.f, v), 0.0), 1.0))
        return np.array(out)

    def on_bounds(self, x: np.ndarray) -> list[str]:
        """Numeric levers of `x` at (within 1 % of) an end of their range, counting only
        levers that act where they are set (#9's criterion is about levers a strategy
        would push past their range, not about dials that do nothing there):
        - a lever whose `acts_on` choice the phase rules out (the market price under
          quotas, the drive's target off the forced path; a region's own choice counts);
        - a war lever in a phase that ends before Germany can strike;
        - an investment share, which is a part of a normalised split: only a share that
          takes (nearly) all of it counts; a share of nothing is a corner of the split."""
        from game.engine.rules.war import EARLIEST_WAR_YEAR, SUMMER
        from game.engine.vocab import LEVERS

        by_name = {lv.name: lv for lv in LEVERS}
        value = {
            (d.phase, d.region, d.f.name): _decode_one(d.f, v)
            for d, v in zip(self.dims, x, strict=True)
        }
        war_from = EARLIEST_WAR_YEAR * 4 + SUMMER

        def setting(d: Dim, name: str) -> Any:
            for key in ((d.phase, d.region, name), (d.phase, None, name)):
                if key in value:
                    return value[key]
            return self.fixed.get(name)

        def acts(d: Dim) -> bool:
            lever = by_name[d.f.name.split(".")[0]]
            if lever.acts_on is not None:
                need, choice = lever.acts_on
                if setting(d, need) not in (choice, None):
                    return False
            if lever.section == "war" and d.phase + 1 < len(self.starts):
                ends = self.starts[d.phase + 1]  # the next phase's first turn
                if ends <= war_from:
                    return False
            return True

        out = []
        for d, v in zip(self.dims, x, strict=True):
            if d.f.kind != "number" or not acts(d):
                continue
            if d.f.name.startswith("invest."):
                split = [
                    float(w)
                    for (p, r, n), w in value.items()
                    if p == d.phase and r == d.region and n.startswith("invest.")
                ]
                if sum(split) > 0 and value[(d.phase, d.region, d.f.name)] / sum(split) > 0.97:
                    out.append(d.name)
            elif v <= BOUND_EPS or v >= 1 - BOUND_EPS:
                out.append(d.name)
        return out


def _put(ph: dict[str, Any], name: str, val: Any) -> None:
    if "." in name:
        g, k = name.split(".", 1)
        ph.setdefault(g, {})[k] = val
    else:
        ph[name] = val


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in flat.items():
        _put(out, k, v)
    return out


def phase_starts(scenario: str, n: int) -> list[int]:
    """N phase starts spread evenly over the scenario's seasons."""
    from game.engine import new_state

    st = new_state(scenario, 0, "normal")
    first = st.start_year * 4 + st.start_season
    span = st.end_turn
    return [first + round(i * span / n) for i in range(n)]


def make_family(
    kind: str,
    scenario: str,
    phases: int = 3,
    fixed: dict[str, Any] | None = None,
    region_levers: tuple[str, ...] = REGION_LEVERS,
) -> Family:
    if kind not in FAMILIES:
        raise SmychkaError(
            f"unknown family '{kind}'{did_you_mean(kind, FAMILIES)}; choose {', '.join(FAMILIES)}"
        )
    from game.cards.expr import region_ids

    n = phases if kind == "phases" else 1
    if n < 1 or n > 40:
        raise SmychkaError(f"--phases {phases}: expected 1 to 40")
    regions = region_ids() if kind == "regions" else ()
    fs = strategy_fields()
    if kind == "regions" and not region_levers:
        valid = [k for k, f in fs.items() if f.regional]
        raise SmychkaError(f"--region-levers: no levers given; choose from {', '.join(valid)}")
    for k in region_levers:
        if k not in fs or not fs[k].regional:
            valid = [k for k, f in fs.items() if f.regional]
            raise SmychkaError(
                f"--region-levers: '{k}' cannot be set per region; choose from {', '.join(valid)}"
            )
    return Family(kind, phase_starts(scenario, n), dict(fixed or {}), regions, region_levers)


def random_constant_strategies(n: int, seed: int, scenario: str = "great-turn-1928") -> list[dict]:
    """N random constant strategies (uniform over the levers' ranges)."""
    fam = make_family("constant", scenario)
    rng = np.random.default_rng(seed)
    return [fam.decode(rng.random(fam.size), name=f"random-{i + 1:03d}") for i in range(n)]


def check_settings(popsize: int | None, sigma: float) -> None:
    """The optimiser's own settings, checked before any campaign is played."""
    if popsize is not None and popsize < 2:
        raise SmychkaError(f"--popsize {popsize}: CMA-ES needs 2 or more candidates a generation")
    if not 0 < sigma <= 1:
        raise SmychkaError(
            f"--sigma {sigma}: expected a step above 0 and at most 1 (levers on 0..1)"
        )


@dataclass
class SearchResult:
    family: Family
    best_x: np.ndarray
    best_train: float
    evaluations: int
    campaigns: int
    log: list[dict[str, Any]]
    best_data: dict[str, Any]


def search(
    family: Family,
    scenario: str,
    train_seeds: list[int],
    budget: int,
    executor: Any,
    difficulty: str = "normal",
    mods: tuple[str, ...] = (),
    popsize: int | None = None,
    sigma: float = 0.3,
    search_seed: int = 0,
    x0: np.ndarray | None = None,
    progress: bool | None = None,
    name: str = "Searched",
    cards: bool = True,
) -> SearchResult:
    """CMA-ES with a fixed budget of campaigns (training seeds x candidates)."""
    try:
        import cma
    except ImportError:
        raise SmychkaError(
            "lab search needs the 'cma' package: pip install 'smychka[lab]'"
        ) from None
    from game.lab.runner import Job, Player, Progress

    d = family.size
    check_settings(popsize, sigma)
    pop = popsize or 4 + int(3 * math.log(d))
    per_gen = pop * len(train_seeds)
    gens = budget // per_gen
    if gens < 1:
        raise SmychkaError(
            f"--budget {budget}: one generation needs {per_gen} campaigns "
            f"({pop} candidates x {len(train_seeds)} seeds)"
        )
    start = np.full(d, 0.5) if x0 is None else np.clip(x0, 0.05, 0.95)
    es = cma.CMAEvolutionStrategy(
        start,
        sigma,
        {"bounds": [0.0, 1.0], "popsize": pop, "seed": search_seed + 1, "verbose": -9},
    )
    best_x, best = start, -math.inf
    log: list[dict[str, Any]] = []
    bar = Progress(gens * per_gen, "campaigns", enabled=progress)
    for g in range(gens):
        xs = es.ask()
        jobs = []
        for i, x in enumerate(xs):
            p = Player.strategy_data(family.decode(np.asarray(x), name), label=f"g{g}c{i}")
            jobs += [Job(scenario, p, s, difficulty, mods, cards, False) for s in train_seeds]
        rows = executor.map(jobs, bar.advance)
        scores = []
        for i, x in enumerate(xs):
            rs = rows[i * len(train_seeds) : (i + 1) * len(train_seeds)]
            m = float(np.mean([r["score"] for r in rs]))
            scores.append(m)
            entry = {"generation": g, "candidate": i, "score": round(m, 4)}
            entry.update(
                {dim.name: round(float(v), 5) for dim, v in zip(family.dims, x, strict=True)}
            )
            log.append(entry)
            if m > best:
                best, best_x = m, np.asarray(x).copy()
        es.tell(xs, [-s for s in scores])
    bar.finish()
    return SearchResult(
        family,
        best_x,
        best,
        gens * pop,
        gens * per_gen,
        log,
        family.decode(best_x, name),
    )
