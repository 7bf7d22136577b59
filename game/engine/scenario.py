"""Scenarios are data: a TOML file under assets/scenarios/ (or a mod) sets the start.

`new_state(scenario_id, seed)` builds the starting `State` from the region
figures in assets/regions/regions.toml and the scenario's adjustments.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from game import paths
from game.engine import constants as C
from game.engine.decisions import Decisions, Policy
from game.engine.state import (
    FORM_ARRAYS,
    N_FORMS,
    N_STRATA,
    REGION_ARRAYS,
    SEASONS,
    STRATA,
    STRATUM_ARRAYS,
    State,
    livestock_units,
)
from game.engine.vocab import national_start, scenario_national_start
from game.errors import DecisionError, ScenarioError, did_you_mean
from game.inputfile import FileRefused, read_text

SCENARIO_DIR = paths.asset("scenarios")
REGIONS_FILE = paths.asset("regions", "regions.toml")
# Difficulty changes the world, not only the Party's patience.
DIFFICULTY_SETTINGS: dict[str, dict[str, float]] = {
    "easy": {
        "ousted_level": 0.22,  # Party support below which the clock of your ouster runs
        "ousted_turns": 5,  # seasons below that line before you are sidelined
        "weather_spread": 0.7,  # how far harvests swing with the weather
        "reserve": 3.0,  # Mt added to (or taken from) the starting grain reserve
        "report_push": 0.75,  # how fast local reports inflate under pressure
    },
    "normal": {
        "ousted_level": 0.30,
        "ousted_turns": 4,
        "weather_spread": 1.0,
        "reserve": 0.0,
        "report_push": 1.0,
    },
    "hard": {
        "ousted_level": 0.36,
        "ousted_turns": 3,
        "weather_spread": 1.3,
        "reserve": -2.0,
        "report_push": 1.3,
    },
}
DIFFICULTIES: dict[str, float] = {k: v["ousted_level"] for k, v in DIFFICULTY_SETTINGS.items()}
DIFFICULTY_NOTES: dict[str, str] = {
    "easy": "Milder weather (harvests swing 30 % less), 3 Mt more grain in the reserve, "
    "local reports inflate a quarter slower, and a patient Party: sidelined only after "
    "5 seasons below 22 % support.",
    "normal": "As history was: the weather of the time, the reserve of the scenario, "
    "sidelined after 4 seasons below 30 % support.",
    "hard": "Wilder weather (harvests swing 30 % more), 2 Mt less in the reserve, reports "
    "inflate 30 % faster under pressure, and an impatient Party: sidelined after 3 "
    "seasons below 36 % support.",
}

# The [national] keys a scenario may set, and their values when it does not (see vocab).
NATIONAL_DEFAULTS: dict[str, float] = scenario_national_start()


@dataclass
class Scenario:
    id: str
    name: str
    start_year: int
    start_season: int
    end_year: int
    end_season: int
    summary: str
    divergence: str
    source: Path
    data: dict[str, Any] = field(repr=False)
    historical: bool = False

    @property
    def n_turns(self) -> int:
        return (self.end_year - self.start_year) * 4 + (self.end_season - self.start_season) + 1

    @property
    def seasons_played(self) -> int:
        """Seasons the player plays: the campaign ends as its end season begins, so that
        one is counted in `n_turns` but never played (State.end_turn)."""
        return self.n_turns - 1

    @property
    def end_label(self) -> str:
        return f"{SEASONS[self.end_season].capitalize()} {self.end_year}"

    @property
    def start_label(self) -> str:
        return f"{SEASONS[self.start_season].capitalize()} {self.start_year}"

    def initial_policy(self) -> Policy:
        raw = dict(self.data.get("policy", {}))
        try:
            return Decisions.from_dict({"policy": raw}).policy.validate(
                where=f"{self.source.name}: policy"
            )
        except DecisionError as exc:
            raise ScenarioError(f"{self.source}: {exc}") from None


MAX_FILE_BYTES = 2_000_000  # as for card files: a scenario is a few kB


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_text(path, MAX_FILE_BYTES, "scenario file"))
    except FileRefused as exc:
        raise ScenarioError(str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ScenarioError(f"{path}: not valid TOML: nested too deeply") from None


def _season(path: Path, key: str, value: Any) -> int:
    if value not in SEASONS:
        raise ScenarioError(f"{path}: {key} = {value!r}; expected one of {', '.join(SEASONS)}")
    return SEASONS.index(value)


class ScenarioProblems(ScenarioError):
    """A scenario file with problems; `problems` lists each with its line and column."""

    def __init__(self, path: Path, problems: list[Any]) -> None:
        lines = [str(p).split("\n", 1)[0] for p in problems]
        super().__init__("\n".join(lines) if len(lines) > 1 else lines[0])
        self.path = path
        self.problems = problems


def parse_scenario(
    path: Path, data: dict[str, Any] | None = None, text: str | None = None
) -> Scenario:
    """A scenario from its file (or its parsed `data` and `text`). Every problem of the
    file is found at once (game.cards.scenario_schema) and raised as ScenarioProblems."""
    if data is not None and text is None:
        text = ""  # parsed already (tests, tools): problems point at line 1
    if data is None:
        try:
            text = read_text(path, MAX_FILE_BYTES, "scenario file") if text is None else text
        except FileRefused as exc:
            raise ScenarioError(str(exc)) from None
        if data is None:
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                raise ScenarioError(f"{path}: not valid TOML: {exc}") from None
            except RecursionError:
                raise ScenarioError(f"{path}: not valid TOML: nested too deeply") from None
    from game.cards.scenario_schema import scenario_problems  # the schema lives with the cards'

    problems = scenario_problems(path, text, data)
    if problems:
        raise ScenarioProblems(path, problems)
    for key in ("id", "name", "start_year", "end_year"):
        if key not in data:
            raise ScenarioError(f"{path}: missing required key '{key}'")
    try:
        start_year = int(data["start_year"])
        end_year = int(data["end_year"])
    except (TypeError, ValueError):
        raise ScenarioError(f"{path}: start_year and end_year must be whole years") from None
    sc = Scenario(
        id=str(data["id"]),
        name=str(data["name"]),
        start_year=start_year,
        start_season=_season(path, "start_season", data.get("start_season", "spring")),
        end_year=end_year,
        end_season=_season(path, "end_season", data.get("end_season", "summer")),
        summary=str(data.get("summary", "")),
        divergence=str(data.get("divergence", "")),
        source=path,
        data=data,
        historical=bool(data.get("historical", False)),
    )
    if not (1900 <= sc.start_year <= 1960) or sc.n_turns < 2 or sc.n_turns > 400:
        raise ScenarioError(f"{path}: the dates give {sc.n_turns} turns; expected 2 to 400")
    _check_shape(path, data)
    return sc


# Sections that must be TOML tables; the state builder reads them with .get().
_TABLES = ("national", "countryside", "collectives", "trust", "regions", "policy")


def _check_shape(path: Path, data: dict[str, Any]) -> None:
    """Tables where tables are expected: a scenario file is outside input (mods), and
    `regions = 3` must be a clear error, not a TypeError deep in new_state."""

    def table(value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise ScenarioError(f"{path}: {where} must be a table, got {value!r}")

    for key in _TABLES:
        if key in data:
            table(data[key], f"[{key}]")
    for key, value in data.get("collectives", {}).items():
        table(value, f"[collectives.{key}]")
    for key, value in data.get("regions", {}).items():
        table(value, f"[regions.{key}]")
    factions = data.get("faction", [])
    if not isinstance(factions, list) or not all(isinstance(f, dict) for f in factions):
        raise ScenarioError(f"{path}: faction must be a list of [[faction]] tables")
    for f in factions:
        if "likes" in f:
            table(f["likes"], f"faction.{f.get('id', '?')}.likes")


_cache: dict[str, Scenario] = {}


def available_scenarios(extra: Mapping[str, Scenario] | None = None) -> dict[str, Scenario]:
    """The base scenarios and `extra` ones (the mods' scenarios of a content object,
    `Content.scenarios`), which replace base ones of the same id; by start date."""
    if not _cache:
        for path in sorted(SCENARIO_DIR.glob("*.toml")):
            sc = parse_scenario(path)
            _cache[sc.id] = sc
        if not _cache:  # an incomplete install: say so rather than list nothing
            paths.require_assets()
            raise ScenarioError(f"no scenario files (*.toml) in {SCENARIO_DIR}")
    out = dict(_cache)
    out.update(extra or {})
    return dict(sorted(out.items(), key=lambda kv: (kv[1].start_year, kv[0])))


def load_scenario(scenario_id: str, extra: Mapping[str, Scenario] | None = None) -> Scenario:
    """A base scenario, or one of `extra` (a content object's mod scenarios)."""
    scenarios = available_scenarios(extra)
    if scenario_id not in scenarios:
        raise ScenarioError(
            f"unknown scenario '{scenario_id}'{did_you_mean(scenario_id, list(scenarios))}; "
            f"choose one of: {', '.join(scenarios)}"
        )
    return scenarios[scenario_id]


_regions_cache: dict[str, Any] = {}


def _region_table() -> dict[str, Any]:
    """The base region table, parsed once per change of the file: every new campaign
    needs it and TOML parsing is most of a campaign's start."""
    try:
        stamp = REGIONS_FILE.stat().st_mtime_ns
    except OSError:
        stamp = None
    if _regions_cache.get("stamp") != stamp or "regions" not in _regions_cache:
        regions = list(_read_toml(REGIONS_FILE).get("region", []))
        _regions_cache["regions"] = regions
        _regions_cache["ids"] = tuple(str(r["id"]) for r in regions)
        _regions_cache["stamp"] = stamp
    return _regions_cache


def load_regions() -> list[dict[str, Any]]:
    """The base region table (a fresh copy each call)."""
    return [dict(r) for r in _region_table()["regions"]]


def base_region_ids() -> tuple[str, ...]:
    """Ids of the regions every campaign is played on, in the state's order."""
    return _region_table()["ids"]


def _num(path: Path, where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
        raise ScenarioError(f"{path}: {where} must be a number, got {value!r}")
    return float(value)


MAX_SEED = 2**63 - 1  # fits every integer type a seed may pass through (saves, numpy)


def check_seed(seed: object) -> int:
    """The seed as an int, or ScenarioError: numpy rejects negative seeds with a bare
    ValueError, and a seed from a player or a save is outside input."""
    whole = isinstance(seed, int | np.integer) and not isinstance(seed, bool)
    if not whole or not 0 <= seed <= MAX_SEED:
        raise ScenarioError(f"seed {seed!r}: expected a whole number from 0 to {MAX_SEED}")
    return int(seed)


def new_state(
    scenario_id: str,
    seed: int = 0,
    difficulty: str = "normal",
    extra: Mapping[str, Scenario] | None = None,
) -> State:
    """Build the starting state of a scenario (a base one or one of `extra`, the mods'
    scenarios of the content in play). Deterministic for (scenario, seed)."""
    check_seed(seed)
    if difficulty not in DIFFICULTIES:
        raise ScenarioError(
            f"unknown difficulty '{difficulty}'; choose one of {', '.join(DIFFICULTIES)}"
        )
    sc = load_scenario(scenario_id, extra)
    # The starting state depends on the seed only through the generator and params.seed:
    # it is built once per scenario and difficulty and copied (the lab starts thousands
    # of campaigns; building one reads every number of the scenario and region tables).
    key = (id(sc), difficulty, _region_table()["stamp"])
    known = _starts.get(key)
    if known is None or known[0] is not sc:
        if len(_starts) >= 64:  # mods reloaded many times: stay bounded
            _starts.clear()
        known = _starts[key] = (sc, build_state(sc, 0, difficulty))
    state = known[1].copy()
    state.params["seed"] = int(seed)
    state.rng = np.random.default_rng(np.random.PCG64(int(seed)))
    return state


# (scenario object, difficulty, region table's stamp) -> (that scenario, its start at seed 0)
_starts: dict[tuple[int, str, Any], tuple[Scenario, State]] = {}


def check_scenario(sc: Scenario) -> None:
    """Build the scenario's starting state once and read its policy, so that a mod's
    scenario with a bad value is reported when the mod is loaded, not when a player
    starts it. Raises ScenarioError naming the file."""
    try:
        build_state(sc, 0, "normal")
        sc.initial_policy()
    except (TypeError, ValueError, KeyError, AttributeError, ArithmeticError) as exc:
        # a shape the checks above did not foresee: still the file's fault, say so
        raise ScenarioError(f"{sc.source}: cannot build the starting state ({exc})") from None


def build_state(sc: Scenario, seed: int, difficulty: str) -> State:
    """The starting state of a parsed scenario (see `new_state`)."""
    path = sc.source
    d = sc.data
    regions = load_regions()
    reg_over = d.get("regions", {})
    for rid in reg_over:
        ids = [r["id"] for r in regions]
        if rid not in ids:
            raise ScenarioError(
                f"{path}: [regions.{rid}] names an unknown region{did_you_mean(rid, ids)}"
            )
    cs = d.get("countryside", {})

    def scale(key: str) -> float:
        return _num(path, f"countryside.{key}", cs.get(key, 1.0))

    def herd_scale(key: str) -> float:  # pigs and sheep follow the cattle unless set
        return _num(path, f"countryside.{key}", cs.get(key, cs.get("cattle", 1.0)))

    n_r = len(regions)
    arrays: dict[str, np.ndarray] = {k: np.zeros(n_r) for k in REGION_ARRAYS}
    arrays.update({k: np.zeros((n_r, N_STRATA)) for k in STRATUM_ARRAYS})
    arrays.update({k: np.zeros((n_r, N_STRATA, N_FORMS)) for k in FORM_ARRAYS})
    coll = d.get("collectives", {})
    vol0 = np.array(
        [_num(path, "collectives.voluntary", coll.get("voluntary", {}).get(s, 0.0)) for s in STRATA]
    )
    kol0 = np.array(
        [_num(path, "collectives.kolkhoz", coll.get("kolkhoz", {}).get(s, 0.0)) for s in STRATA]
    )
    trust_cfg = d.get("trust", {})
    trust0 = np.array(
        [_num(path, f"trust.{s}", trust_cfg.get(s, C.TRUST_BASE[i])) for i, s in enumerate(STRATA)]
    )
    for i, base in enumerate(regions):
        reg = dict(base)
        for k, v in reg_over.get(reg["id"], {}).items():
            # a number in regions.toml must stay a number: "x" * 1.0 is a TypeError
            num = isinstance(base.get(k), int | float) and not isinstance(base.get(k), bool)
            reg[k] = _num(path, f"regions.{reg['id']}.{k}", v) if num else v
        hh = reg["households"] * scale("households")
        poor = min(0.8, reg["poor_share"] * scale("poor"))
        kulak = min(0.3, reg["kulak_share"] * scale("kulak"))
        strata = np.array([poor * 0.3, poor * 0.7, 1 - poor - kulak, kulak])
        arrays["households"][i] = hh * strata
        rv = vol0 * _num(
            path, f"regions.{reg['id']}.voluntary_scale", reg.get("voluntary_scale", 1.0)
        )
        arrays["forms"][i, :, 1] = rv
        arrays["forms"][i, :, 2] = kol0
        arrays["forms"][i, :, 0] = 1 - rv - kol0
        if (arrays["forms"][i] < 0).any():
            raise ScenarioError(f"{path}: collective shares in {reg['id']} add up to more than 1")
        arrays["trust"][i] = trust0
        arrays["area"][i] = reg["grain_area"] * scale("area")
        arrays["base_yield"][i] = reg["base_yield"] * scale("yield")
        arrays["drought_risk"][i] = reg["drought_risk"]
        arrays["cattle"][i] = reg["cattle"] * scale("cattle")
        arrays["horses"][i] = reg["horses"] * scale("horses")
        arrays["draught_base"][i] = reg["horses"]  # what the land needed in 1928
        arrays["cattle_base"][i] = arrays["cattle"][i]
        arrays["pigs"][i] = reg.get("pigs", 0.0) * herd_scale("pigs")
        arrays["sheep"][i] = reg.get("sheep", 0.0) * herd_scale("sheep")
        arrays["yield_potential"][i] = max(reg["base_yield"], arrays["base_yield"][i])
        arrays["herd_food"][i] = _num(path, "herd_food", reg.get("herd_food", 0.0))
        arrays["ration"][i] = _num(path, "ration", reg.get("ration", 0.0))
        arrays["resistance"][i] = _num(path, "resistance", reg.get("resistance", 1.0))
        arrays["population"][i] = hh * C.PEOPLE_PER_HOUSEHOLD
        arrays["autonomy"][i] = _num(path, "autonomy", reg.get("autonomy", cs.get("autonomy", 0.5)))
        arrays["unrest"][i] = _num(path, "unrest", reg.get("unrest", cs.get("unrest", 0.1)))
        arrays["report_bias"][i] = _num(path, "report_bias", cs.get("report_bias", 0.03))
    arrays["area_base"][:] = arrays["area"]
    arrays["pigs_base"][:] = arrays["pigs"]
    arrays["sheep_base"][:] = arrays["sheep"]
    arrays["herd_base"][:] = livestock_units(arrays)
    arrays["skill"][:] = 1.0
    arrays["sown_factor"][:] = 1.0
    arrays["weather"][:] = 1.0
    arrays["seed_cover"][:] = 1.0
    arrays["vol_age"][:] = _num(path, "countryside.collective_age", cs.get("collective_age", 2.0))
    # Grain in the villages at the start: what is left of last year's harvest.
    yearly = arrays["area"] * arrays["base_yield"]
    start_season = sc.start_season
    left = {0: 0.35, 1: 0.18, 2: 0.05, 3: 0.5}[start_season]
    arrays["grain_held"][:] = yearly * left
    arrays["seed_store"][:] = arrays["area"] * C.SEED_PER_HA if start_season in (2, 3) else 0.0
    if start_season == 0:
        arrays["seed_store"][:] = arrays["area"] * C.SEED_PER_HA
    arrays["harvest_true"][:] = yearly * _num(
        path, "countryside.last_harvest", cs.get("last_harvest", 1.0)
    )
    arrays["harvest_reported"][:] = arrays["harvest_true"]
    nat = dict(NATIONAL_DEFAULTS)
    for k, v in d.get("national", {}).items():
        if k not in NATIONAL_DEFAULTS:
            raise ScenarioError(
                f"{path}: [national] has unknown key '{k}'{did_you_mean(k, list(NATIONAL_DEFAULTS))}"
            )
        nat[k] = _num(path, f"national.{k}", v)
    nat.update(national_start())
    arrays["tractors"][:] = nat["tractors"] * arrays["area"] / arrays["area"].sum()
    nat["grain_reserve"] = max(
        0.0, nat["grain_reserve"] + DIFFICULTY_SETTINGS[difficulty]["reserve"]
    )
    factions_raw = d.get("faction", [])
    if not factions_raw:
        raise ScenarioError(f"{path}: a scenario needs at least one [[faction]]")
    factions: dict[str, float] = {}
    prefs: dict[str, Any] = {}
    for f in factions_raw:
        fid = str(f.get("id", ""))
        if not fid:
            raise ScenarioError(f"{path}: a [[faction]] has no id")
        factions[fid] = _num(path, f"faction.{fid}.support", f.get("support", 0.5))
        prefs[fid] = {
            "name": str(f.get("name", fid)),
            "weight": _num(path, f"faction.{fid}.weight", f.get("weight", 1.0)),
            "wants": str(f.get("wants", "")),
            "angers": str(f.get("angers", "")),
            "likes": {
                str(k): _num(path, f"faction.{fid}.likes.{k}", v)
                for k, v in f.get("likes", {}).items()
            },
        }
    start = sc.start_year * 4 + sc.start_season
    end = sc.end_year * 4 + sc.end_season
    state = State(
        scenario_id=sc.id,
        region_ids=tuple(r["id"] for r in regions),
        region_names=tuple(r["name"] for r in regions),
        start_year=sc.start_year,
        start_season=sc.start_season,
        end_turn=end - start,
        turn=0,
        arrays=arrays,
        nat=nat,
        factions=factions,
        params={
            "factions": prefs,
            "difficulty": difficulty,
            "ousted_level": DIFFICULTIES[difficulty],
            "difficulty_settings": dict(DIFFICULTY_SETTINGS[difficulty]),
            "seed": int(seed),
            "region_names_ru": [r.get("name_ru", r["name"]) for r in regions],
            "region_roles": [str(r.get("role", "surplus")) for r in regions],
            "region_tiers": [int(r.get("tier", 3)) for r in regions],
        },
        rng=np.random.default_rng(np.random.PCG64(int(seed))),
    )
    from game.engine.outcome import baseline_of
    from game.engine.rules.society import standing

    state.params["baseline"] = baseline_of(state)
    base = state.params["baseline"]
    state.nat["harvest_per_capita"] = base["harvest"] / max(base["population"], 1e-9)
    state.nat["standing"] = standing(state)
    return state
