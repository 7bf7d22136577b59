"""Strategy files: a way to play a whole campaign, written as data.

A strategy is phases of national policy (each from a season on), optional
per-region overrides, and how event cards are answered:

```toml
name = "Steady voluntary"
cards = "bot_weight"        # bot_weight | historical | first | random
[[phase]]
from = "1928-spring"        # a season (year-season) or a bare year (= its spring)
path = "voluntary"          # any policy field, by the card language's name
quota = 0.3
tax.kulak = 0.2             # dotted keys for per-stratum and split fields
[phase.regions.ukraine]     # optional per-region overrides
path = "forced"
[[phase]]
from = 1933
quota = 0.2                 # fields left out keep the previous phase's value
```

The first phase starts from the scenario's initial policy; each later phase
changes only what it names (region overrides too). The field names are the
card language's policy names (`policy.quota` in a card is `quota` here), so
there is one vocabulary for cards, strategies and the policy panel.

`load_strategy` never lets a bad file through: every mistake is a `Problem`
with `file:line:col`, naming the field and the valid names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from game import paths
from game.cards.problems import Locator, Problem
from game.engine.bots import Bot
from game.engine.decisions import Decisions, Policy, RegionOverride
from game.engine.scenario import Scenario
from game.engine.state import SEASONS, State
from game.errors import ContentError, DecisionError, did_you_mean

if TYPE_CHECKING:
    from game.campaign import Campaign
    from game.cards.deck import CardInstance

CARD_MODES: tuple[str, ...] = ("bot_weight", "historical", "first", "random")
MAX_PHASES = 200
SEASON_RE = re.compile(r"^(\d{4})(?:-(spring|summer|autumn|winter))?$")


# --- the field list: taken from the card language's policy names ------------------------
@dataclass(frozen=True)
class StrategyField:
    """One policy field a strategy may set: its card-language name and its type."""

    name: str  # "quota", "tax.kulak", "path"
    kind: str  # "number", "bool" or "choice"
    lo: float = 0.0
    hi: float = 1.0
    choices: tuple[str, ...] = ()
    regional: bool = False  # may a region override it?


@functools.cache
def strategy_fields() -> dict[str, StrategyField]:
    """Every field a strategy phase may set, from the one vocabulary of levers
    (game.engine.vocab): its name (`tax.kulak` for a part of a per-stratum or split
    lever, as in the card language), its type and range, and whether a region may
    override it."""
    from game.engine.vocab import LEVERS, LeverKind

    out: dict[str, StrategyField] = {}
    for lv in LEVERS:
        if lv.kind is LeverKind.CHOICE:
            out[lv.name] = StrategyField(
                lv.name, "choice", choices=lv.values, regional=lv.overridable
            )
        elif lv.kind is LeverKind.BOOL:
            out[lv.name] = StrategyField(lv.name, "bool", regional=lv.overridable)
        else:  # a number, or the numbers of a per-stratum / split lever
            for part in lv.parts():
                out[part] = StrategyField(
                    part,
                    "number",
                    float(lv.lo),
                    float(lv.hi),
                    regional=lv.overridable and part == lv.name,
                )
    return out


def numeric_fields(regional: bool = False) -> dict[str, StrategyField]:
    """The numeric levers (what a search varies), national or per-region."""
    return {
        k: f
        for k, f in strategy_fields().items()
        if f.kind == "number" and (f.regional or not regional)
    }


# --- the pydantic schema ------------------------------------------------------------------
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _annotation(f: StrategyField) -> tuple[Any, Any]:
    if f.kind == "choice":
        return Literal[f.choices] | None, Field(default=None)  # type: ignore[valid-type]
    if f.kind == "bool":
        return bool | None, Field(default=None)
    return float | None, Field(default=None, ge=f.lo, le=f.hi)


def _group_models(regional: bool) -> dict[str, Any]:
    fs = {k: f for k, f in strategy_fields().items() if f.regional or not regional}
    plain = {k: _annotation(f) for k, f in fs.items() if "." not in k}
    groups: dict[str, dict[str, Any]] = {}
    for k, f in fs.items():
        if "." in k:
            g, sub = k.split(".", 1)
            groups.setdefault(g, {})[sub] = _annotation(f)
    for g, subs in groups.items():
        model = create_model(f"{g.title()}Shares", __base__=_Strict, **subs)  # type: ignore[call-overload]
        plain[g] = (model | None, Field(default=None))
    return plain


@functools.cache
def phase_model() -> type[BaseModel]:
    region = create_model("RegionOverrides", __base__=_Strict, **_group_models(True))  # type: ignore[call-overload]
    return create_model(  # type: ignore[call-overload]
        "Phase",
        __base__=_Strict,
        start=(
            int | str,
            Field(
                alias="from",
                description="first season of the phase: '1930-autumn', or a year (= its spring)",
            ),
        ),
        regions=(dict[str, region], Field(default_factory=dict)),
        **_group_models(False),
    )


@functools.cache
def strategy_file_model() -> type[BaseModel]:
    return create_model(  # type: ignore[call-overload]
        "StrategyFile",
        __base__=_Strict,
        __doc__="A strategy file: phases of policy, region overrides, how cards are answered.",
        name=(str, Field(min_length=1, max_length=80)),
        description=(str, Field(default="", max_length=2000)),
        cards=(Literal[CARD_MODES], Field(default="bot_weight")),  # type: ignore[valid-type]
        phase=(list[phase_model()], Field(min_length=1, max_length=MAX_PHASES)),  # type: ignore[valid-type]
    )


def json_schema() -> dict[str, Any]:
    return strategy_file_model().model_json_schema(by_alias=True)


# --- the loaded strategy --------------------------------------------------------------------
@dataclass(frozen=True)
class Phase:
    start: int  # year * 4 + season index
    changes: dict[str, Any]  # flat card-language names -> value
    regions: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Strategy:
    name: str
    phases: tuple[Phase, ...]
    cards: str = "bot_weight"
    description: str = ""
    source: str = "<strategy>"
    _bound: dict[str, tuple[tuple[int, ...], tuple[Decisions, ...]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def bind(self, initial: Policy, key: str = "") -> tuple[tuple[int, ...], tuple[Decisions, ...]]:
        """Each phase's Decisions, built on `initial` (the scenario's policy)."""
        if key in self._bound:
            return self._bound[key]
        from game.cards.expr import region_ids

        regions = region_ids()
        pol = initial
        overrides: dict[str, dict[str, Any]] = {}
        starts, decisions = [], []
        for i, ph in enumerate(self.phases):
            pol = apply_changes(pol, ph.changes)
            for rid, ch in ph.regions.items():
                overrides.setdefault(rid, {}).update(ch)
            d = Decisions(pol, {r: RegionOverride(**v) for r, v in overrides.items()})
            try:
                d.validate(regions)
            except DecisionError as exc:
                raise ContentError(f"{self.source}: phase {i + 1}: {exc}") from None
            starts.append(ph.start)
            decisions.append(d)
        out = (tuple(starts), tuple(decisions))
        self._bound[key] = out
        return out

    def to_toml(self) -> str:
        return strategy_toml(self)


def apply_changes(pol: Policy, changes: dict[str, Any]) -> Policy:
    """`pol` with the flat card-language `changes` (`quota`, `tax.kulak`) applied."""
    plain: dict[str, Any] = {}
    for k, v in changes.items():
        if "." in k:
            g, sub = k.split(".", 1)
            table = plain.setdefault(g, dict(getattr(pol, g)))
            table[sub] = float(v)
        else:
            plain[k] = v if isinstance(v, bool | str) else float(v)
    return replace(pol, **plain)


def season_start(value: int | str) -> int:
    """'1930-autumn' -> 1930*4+2; a bare year (1933 or '1933') is its spring."""
    m = SEASON_RE.match(str(value).strip())
    if not m:
        raise ValueError(
            f"'{value}' is not a season: write a year (1933) or year-season "
            f"({'/'.join(SEASONS)}, e.g. '1930-autumn')"
        )
    year = int(m[1])
    if not 1800 <= year <= 2100:
        raise ValueError(f"'{value}': the year must be between 1800 and 2100")
    return year * 4 + (SEASONS.index(m[2]) if m[2] else 0)


def season_label(key: int) -> str:
    return f"{key // 4}-{SEASONS[key % 4]}"


def _flatten(model_data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in model_data.items():
        if k in ("start", "regions") or v is None:
            continue
        if isinstance(v, dict):
            out.update({f"{k}.{s}": x for s, x in v.items() if x is not None})
        else:
            out[k] = v
    return out


def strategy_from_data(data: dict[str, Any], source: str = "<strategy>") -> Strategy:
    """A Strategy from parsed TOML (or a search's dict). Raises ContentError with
    the first problem; `check_strategy_data` gives them all with positions."""
    strat, problems = _build(data, Locator(source, ""))
    if strat is None:
        raise ContentError(str(problems[0]).split("\n")[0])
    return strat


def _build(data: dict[str, Any], loc: Locator) -> tuple[Strategy | None, list[Problem]]:
    from game.cards.expr import region_ids

    model = strategy_file_model()
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        found = [_problem(loc, e) for e in exc.errors(include_url=False)]
        return None, sorted(found, key=lambda p: (p.line, p.col))
    problems: list[Problem] = []
    regions = region_ids()
    phases = []
    last = None
    for i, ph in enumerate(parsed.phase):  # type: ignore[attr-defined]
        try:
            start = season_start(ph.start)
        except ValueError as exc:
            problems.append(_at(loc, ("phase", i, "from"), f"phase.from: {exc}"))
            continue
        if last is not None and start <= last:
            problems.append(
                _at(
                    loc,
                    ("phase", i, "from"),
                    f"phase.from: {season_label(start)} is not after the previous phase "
                    f"({season_label(last)}); phases go in order",
                )
            )
        last = start
        regs = {}
        for rid, ov in ph.regions.items():
            if rid not in regions:
                problems.append(
                    _at(
                        loc,
                        ("phase", i, "regions", rid),
                        f"unknown region '{rid}'{did_you_mean(rid, regions)}; "
                        f"regions are {', '.join(regions)}",
                    )
                )
                continue
            regs[rid] = _flatten(ov.model_dump())
        flat = _flatten(ph.model_dump())
        inv = flat.keys() & {k for k in flat if k.startswith("invest.")}
        if inv and all(flat[k] == 0 for k in inv) and len(inv) == 4:
            problems.append(_at(loc, ("phase", i, "invest"), "invest: the shares cannot all be 0"))
        phases.append(Phase(start, flat, regs))
    if problems:
        return None, problems
    return (
        Strategy(
            name=parsed.name,  # type: ignore[attr-defined]
            phases=tuple(phases),
            cards=parsed.cards,  # type: ignore[attr-defined]
            description=parsed.description,  # type: ignore[attr-defined]
            source=loc.path,
        ),
        [],
    )


def _valid_names(where: tuple[Any, ...]) -> list[str]:
    keys = [w for w in where if isinstance(w, str)]
    if not keys:
        return ["name", "description", "cards", "phase"]
    regional = "regions" in keys
    fs = {k for k, f in strategy_fields().items() if f.regional or not regional}
    group = next((g for g in keys if g in ("tax", "invest")), None)
    if group is not None:
        return sorted(k.split(".", 1)[1] for k in fs if k.startswith(group + "."))
    names = {k.split(".", 1)[0] for k in fs}
    if not regional:
        names |= {"from", "regions"}
    return sorted(names)


def _problem(loc: Locator, err: dict[str, Any]) -> Problem:
    where = tuple("from" if w == "start" else w for w in err["loc"])
    etype = err["type"]
    key = str(where[-1]) if where else ""
    dotted = ".".join(str(w) for w in where if not isinstance(w, int))
    if etype == "extra_forbidden":
        valid = _valid_names(where[:-1])
        msg = (
            f"unknown field '{key}'{did_you_mean(key, valid)}; valid names here: {', '.join(valid)}"
        )
    elif etype == "missing":
        msg = f"missing required field '{key}'"
    elif etype == "literal_error":
        msg = f"{dotted}: {err['input']!r} is not one of {err['ctx']['expected']}"
    else:
        msg = f"{dotted}: {err['msg']}"
        if "input" in err and not isinstance(err["input"], dict | list):
            msg += f" (got {err['input']!r})"
    return _at(loc, where, msg)


def _at(loc: Locator, where: tuple[Any, ...], msg: str) -> Problem:
    line, col = _find(loc, where)
    return loc.at(line, col, msg)


def _find(loc: Locator, where: tuple[Any, ...]) -> tuple[int, int]:
    """1-based line and column of a key in a strategy file: the n-th [[phase]], then
    [phase.regions.X] inside it, then the key (plain or dotted, `tax.kulak = `)."""
    lines = loc.lines
    lo, hi = 0, len(lines)
    rest = list(where)
    if len(rest) >= 2 and rest[0] == "phase" and isinstance(rest[1], int):
        starts = [i for i, h in loc.headers if h == "phase"]
        if rest[1] < len(starts):
            lo = starts[rest[1]]
            hi = next((i for i in starts if i > lo), len(lines))
        rest = rest[2:]
        if len(rest) >= 2 and rest[0] == "regions":
            rid = str(rest[1])
            h = next(
                (i for i, n in loc.headers if lo <= i < hi and n == f"phase.regions.{rid}"), None
            )
            if h is not None:
                nxt = next((i for i, _ in loc.headers if h < i < hi), hi)
                lo, hi = h, nxt
                rest = rest[2:]
                if not rest:
                    return h + 1, lines[h].find(rid) + 1
        else:
            # phase keys sit before its first sub-table
            hi = next((i for i, n in loc.headers if lo < i < hi), hi)
    keys = [str(k) for k in rest if isinstance(k, str)]
    for n in range(len(keys), 0, -1):
        dotted = r"\s*\.\s*".join(re.escape(k) for k in keys[:n])
        pat = re.compile(rf"^\s*({dotted})\s*=")
        for i in range(lo, min(hi, len(lines))):
            m = pat.match(lines[i])
            if m:
                return i + 1, m.start(1) + 1
        # a table of its own: [phase.tax] or an inline table `tax = {...}`
        for i in range(lo, min(hi, len(lines))):
            c = lines[i].find(keys[n - 1])
            if c >= 0 and keys[n - 1] != "phase":
                return i + 1, c + 1
    return lo + 1, 1


def check_strategy_file(path: Path) -> tuple[Strategy | None, list[Problem]]:
    """Read and check a strategy file; never raises for a bad file."""
    from game.cards.loader import parse_toml, read_toml_text

    text, problems = read_toml_text(path, None)
    if text is None:
        return None, problems
    data, problems = parse_toml(path, text)
    if data is None:
        return None, problems
    return _build(data, Locator(path, text))


STRATEGIES_DIR = paths.asset("strategies")


def shipped_strategies() -> dict[str, Path]:
    """The strategy files shipped in assets/strategies, by file stem."""
    if not STRATEGIES_DIR.is_dir():
        return {}
    return {p.stem: p for p in sorted(STRATEGIES_DIR.glob("*.toml"))}


def resolve_strategy_path(spec: str | Path) -> Path:
    """A path to a strategy file, or the name of a shipped one."""
    p = Path(spec)
    if p.exists() or p.suffix == ".toml" or "/" in str(spec):
        return p
    shipped = shipped_strategies()
    if str(spec) in shipped:
        return shipped[str(spec)]
    raise ContentError(
        f"no strategy file '{spec}'{did_you_mean(str(spec), list(shipped))}; give a path "
        f"or one of: {', '.join(shipped)}"
    )


def load_strategy(spec: str | Path) -> Strategy:
    """Load a strategy file (a path or a shipped name); ContentError listing every problem."""
    path = resolve_strategy_path(spec)
    strat, problems = check_strategy_file(path)
    if strat is None:
        raise ContentError("bad strategy file:\n" + "\n".join(str(p) for p in problems))
    return strat


# --- playing it --------------------------------------------------------------------------------
class StrategyBot(Bot):
    """Plays a Strategy: the phase in force each season; cards by the strategy's mode."""

    def __init__(self, strategy: Strategy, seed: int = 0) -> None:
        super().__init__(strategy.name, strategy.description or f"strategy {strategy.source}")
        self.strategy = strategy
        self.rng = np.random.default_rng(seed + 104729)
        self._starts: tuple[int, ...] | None = None
        self._decisions: tuple[Decisions, ...] = ()
        self._key: str | None = None
        self._scenario: Scenario | None = None

    def start(self, scenario: Scenario) -> None:
        self._scenario = scenario  # a mod's scenario is not among the base ones

    def _bind(self, state: State) -> None:
        from game.engine.scenario import load_scenario

        key = state.scenario_id
        if self._key == key:
            return
        sc = self._scenario
        if sc is None or sc.id != key:
            sc = load_scenario(key)
        initial = sc.initial_policy()
        self._starts, self._decisions = self.strategy.bind(initial, state.scenario_id)
        self._key = key

    def _decide(self, state: State) -> Decisions:
        self._bind(state)
        assert self._starts is not None
        now = state.year * 4 + state.season_index
        i = 0
        for j, s in enumerate(self._starts):
            if s <= now:
                i = j
        return self._decisions[i]

    def decide(self, state: State) -> Decisions:
        return self._decide(state)  # the phase objects are reused as they are

    def answer(self, campaign: Campaign, inst: CardInstance) -> int:
        """The option index to take for a pending card."""
        cd = inst.card
        if not cd.options or not inst.options:
            return 0
        mode = self.strategy.cards
        if mode == "first":
            return inst.options[0].index
        if mode == "random":
            return inst.options[int(self.rng.integers(len(inst.options)))].index
        if mode == "historical":
            for v in inst.options:
                if cd.options[v.index].historical:
                    return v.index
        weights = np.array([cd.options[v.index].bot_weight for v in inst.options])
        return inst.options[int(np.argmax(weights)) if weights.sum() > 0 else 0].index


# --- writing one -----------------------------------------------------------------------------
def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return f'"{v}"'
    return f"{round(float(v), 4):g}"


def strategy_toml(strat: Strategy, comment: Sequence[str] = ()) -> str:
    """A strategy as a strategy file (what `lab search` writes)."""
    out = [f"# {c}" for c in comment]
    out += [f'name = "{strat.name}"']
    if strat.description:
        out.append(f'description = "{strat.description}"')
    out.append(f'cards = "{strat.cards}"')
    for ph in strat.phases:
        out += ["", "[[phase]]", f'from = "{season_label(ph.start)}"']
        out += [f"{k} = {_toml_value(v)}" for k, v in ph.changes.items()]
        for rid, ch in ph.regions.items():
            out += ["", f"[phase.regions.{rid}]"]
            out += [f"{k} = {_toml_value(v)}" for k, v in ch.items()]
    return "\n".join(out) + "\n"
