"""The one check of what a save holds: every value against the declarations the
engine itself uses, before the campaign is played on.

A save can parse, pass its checksum (a hand edit with the hash recomputed) and
still lie: NaN, negative households, shares that do not sum to one, arrays of the
wrong shape, a turn past the end, `end_turn = 1e9`. Such a save used to load and
then crash, print NaN, run for ever (`simulate --load`) or fail to save again.
Here each is refused, naming the field.

Where the bounds come from:
- figures declared in `game.engine.vocab` (a range, `percent` for shares): a share
  must lie in its range; an amount may drift past the range cards may set (the
  rules take cadres past 200) but not by more than one span;
- what vocab does not range (the rules' own arrays such as area or households, and
  national bookkeeping): non-negative where the quantity is a count or a stock,
  shares within 0..1, and nothing larger than `MAX_MAGNITUDE` (the largest real
  figure is in the thousands);
- dates and turns from the scenario (`scenario.MAX_TURNS`), the regions from the
  game's region table, policy from `Decisions.validate` (vocab's levers), weights
  and flags from the card engine's limits.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from game.engine import constants as C
from game.engine import vocab as V
from game.engine.rules.war import PROLONGED_MAX
from game.engine.scenario import DIFFICULTIES, Scenario, load_regions
from game.engine.state import FORMS, SEASONS, State

MAX_MAGNITUDE = 1e6  # no figure of a campaign comes near: tractors and cadres are thousands
HEADROOM = 1.0  # amounts may run past their declared range by one span (cadres do)
TOLERANCE = 1e-6  # rounding: a sum of shares 0.9999999, a reserve of -4e-16
MAX_TURNS = 400  # as parse_scenario: a scenario has 2 to 400 turns
MAX_MODIFIER_TURNS = 1000
MAX_INT = 2**63 - 1
WAR_PROLONGS = PROLONGED_MAX  # seasons the war may add to a scenario's end
OUTCOMES = (
    "ousted",
    "collapse",
    "deterred",
    "war_victory",
    "war_defeat",
    "war_stalemate",
    "war_peace",
    "peace",
)
FLAG_LIMIT = 1e9  # as game.cards.apply.FLAG_LIMIT
WEIGHT_RANGE = (0.0, 10.0)  # as game.cards.expr.WEIGHT_RANGE

# Arrays of the state that are shares (0..1) though no figure declares them.
UNIT_ARRAYS = ("forms", "hunger", "seed_cover", "revolt", "trust", "unrest", "autonomy")
# State arrays and national values that may go below zero (all others are stocks/counts).
SIGNED_NATIONAL = ("industry_growth", "germany")


class ContentProblem(Exception):
    """A value in a save that the engine cannot have produced. `field` is its place."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def _fail(field: str, message: str) -> ContentProblem:
    return ContentProblem(field, message)


# --- anywhere in the body -------------------------------------------------------------
def check_numbers(value: Any, where: str = "body") -> None:
    """No NaN or infinity (Python's JSON reader accepts `NaN`, `Infinity`) and no
    integer too large for the engine's int64 anywhere in the save."""
    for path, v in _numbers(value, where):
        if isinstance(v, float) and not math.isfinite(v):
            raise _fail(path, f"{v} is not a finite number")
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_INT:
            raise _fail(path, f"the whole number {str(v)[:20]}... is too large")


def _numbers(value: Any, where: str) -> Iterator[tuple[str, Any]]:
    stack: list[tuple[str, Any]] = [(where, value)]
    while stack:
        path, v = stack.pop()
        if isinstance(v, dict):
            stack.extend((f"{path}.{k}", x) for k, x in v.items())
        elif isinstance(v, list):
            stack.extend((f"{path}[{i}]", x) for i, x in enumerate(v))
        elif isinstance(v, int | float):
            yield path, v


# --- the shape of the state, before State.from_dict reads it --------------------------------
def _is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def check_state_layout(data: dict[str, Any]) -> None:
    """Every key State.from_dict reads, of the type it needs, so that a wrong type is
    refused naming its field rather than as `could not convert string to float`."""
    for key in ("scenario_id", "region_ids", "region_names", "arrays", "nat", "factions", "rng"):
        if key not in data:
            raise _fail(f"state.{key}", "is missing")
    if not isinstance(data["scenario_id"], str):
        raise _fail("state.scenario_id", "is not text")
    for key in ("region_ids", "region_names"):
        v = data[key]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise _fail(f"state.{key}", "is not a list of texts")
    for key in ("start_year", "start_season", "end_turn", "turn"):
        v = data.get(key)
        whole = _is_num(v) and math.isfinite(v) and v == int(v)
        if not whole:
            raise _fail(f"state.{key}", f"{str(v)[:30]} is not a whole number")
    arrays = data["arrays"]
    if not isinstance(arrays, dict):
        raise _fail("state.arrays", "is not an object")
    for name, blob in arrays.items():
        where = f"state.arrays.{name}"
        if not isinstance(blob, dict) or not isinstance(blob.get("data"), list):
            raise _fail(where, "expected {shape: [...], data: [...]}")
        shape = blob.get("shape")
        if not isinstance(shape, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= 10_000 for n in shape
        ):
            raise _fail(f"{where}.shape", "is not a list of sizes")
        for i, x in enumerate(blob["data"]):
            if not _is_num(x):
                raise _fail(f"{where}[{i}]", f"{str(x)[:30]!r} is not a number")
    for key in ("nat", "factions", "flags"):
        table = data.get(key, {})
        if not isinstance(table, dict):
            raise _fail(f"state.{key}", "is not an object")
        for k, v in table.items():
            if not _is_num(v):
                raise _fail(f"state.{key}.{k}", f"{str(v)[:30]!r} is not a number")
    if not isinstance(data.get("params"), dict):
        raise _fail("state.params", "is not an object")
    if not isinstance(data.get("modifiers", []), list):
        raise _fail("state.modifiers", "is not a list")
    if data.get("outcome") is not None and not isinstance(data["outcome"], str):
        raise _fail("state.outcome", "is not text")
    rng = data["rng"]
    if not isinstance(rng, dict) or not isinstance(rng.get("state"), dict):
        raise _fail("state.rng", "is not a PCG64 generator state")
    for k in ("state", "inc"):
        v = rng["state"].get(k)
        if (
            not isinstance(v, str | int)
            or not str(v).isdigit()
            or not 0 <= int(str(v)[:60]) < 2**128
        ):
            raise _fail(f"state.rng.state.{k}", "is not a whole number below 2**128")
    if rng.get("has_uint32") not in (0, 1) or not (
        isinstance(rng.get("uinteger"), int) and 0 <= rng["uinteger"] < 2**32
    ):
        raise _fail("state.rng", "has_uint32 / uinteger are out of range")


# --- the state ----------------------------------------------------------------------------
def _array_bounds() -> dict[str, tuple[float, float, bool]]:
    """(lo, hi, strict) of each stored array: strict for shares, loose for amounts."""
    out: dict[str, tuple[float, float, bool]] = {}
    for f in V.REGIONAL.values():
        if f.key is None or f.derive is not None or (f.lo <= -1e9 and f.hi >= 1e9):
            continue
        out.setdefault(f.key, (float(f.lo), float(f.hi), f.percent))
    return out


ARRAY_BOUNDS = _array_bounds()


def _nat_bounds() -> dict[str, tuple[float, float, bool]]:
    out: dict[str, tuple[float, float, bool]] = {}
    for f in V.NATIONAL.values():
        if f.key is None or f.derive is not None or (f.lo <= -1e9 and f.hi >= 1e9):
            continue
        out[f.key] = (float(f.lo), float(f.hi), f.percent)
    return out


NAT_BOUNDS = _nat_bounds()


def _allowed(lo: float, hi: float, strict: bool) -> tuple[float, float]:
    if strict:
        return lo - TOLERANCE, hi + TOLERANCE
    # an amount: the rules may take it past the range cards may set, either way, but
    # never below zero when it is a stock (lo >= 0), nor far past the top
    return min(lo, 0.0) - TOLERANCE * max(1.0, abs(lo)), hi + HEADROOM * (hi - lo)


def _check_array(name: str, arr: np.ndarray) -> None:
    where = f"state.arrays.{name}"
    if not np.isfinite(arr).all():
        i = int(np.flatnonzero(~np.isfinite(arr.ravel()))[0])
        raise _fail(f"{where}[{i}]", f"{arr.ravel()[i]} is not a finite number")
    if name in ARRAY_BOUNDS:
        lo, hi = _allowed(*ARRAY_BOUNDS[name])
        declared = ARRAY_BOUNDS[name][:2]
    elif name in UNIT_ARRAYS:
        lo, hi, declared = -TOLERANCE, 1 + TOLERANCE, (0.0, 1.0)
    else:
        lo, hi, declared = -TOLERANCE, MAX_MAGNITUDE, (0.0, MAX_MAGNITUDE)
    hi = min(hi, MAX_MAGNITUDE)
    bad = np.flatnonzero((arr.ravel() < lo) | (arr.ravel() > hi))
    if bad.size:
        i = int(bad[0])
        raise _fail(
            f"{where}[{i}]",
            f"{arr.ravel()[i]:.6g} is outside {declared[0]:g}..{declared[1]:g}",
        )


def check_state(st: State) -> None:
    """Every figure of a state against the engine's declarations; raises ContentProblem."""
    regions = tuple(str(r["id"]) for r in load_regions())
    if st.region_ids != regions:
        raise _fail(
            "state.region_ids",
            f"expected the game's {len(regions)} regions ({', '.join(regions[:3])}, ...) in order",
        )
    if len(st.region_names) != len(regions):
        raise _fail("state.region_names", f"expected {len(regions)} names")
    if not 1900 <= st.start_year <= 1960:
        raise _fail("state.start_year", f"{st.start_year} is outside 1900..1960")
    if not 0 <= st.start_season < len(SEASONS):
        raise _fail("state.start_season", f"{st.start_season} is outside 0..3")
    if not 1 <= st.end_turn < MAX_TURNS:
        raise _fail("state.end_turn", f"{st.end_turn} is outside 1..{MAX_TURNS - 1}")
    if not 0 <= st.turn <= st.end_turn + 1:
        raise _fail("state.turn", f"turn {st.turn} is outside 0..{st.end_turn + 1}")
    if st.outcome is not None and st.outcome not in OUTCOMES:
        raise _fail("state.outcome", f"unknown outcome {st.outcome!r}"[:120])
    for name, arr in st.arrays.items():
        _check_array(name, arr)
    _check_herds(st)
    forms = st.arrays["forms"]
    sums = forms.sum(axis=-1)
    bad = np.argwhere(np.abs(sums - 1.0) > 1e-4)
    if bad.size:
        r, s = (int(x) for x in bad[0])
        raise _fail(
            f"state.arrays.forms[{st.region_ids[r]}][{r * forms.shape[1] + s}]",
            f"the shares of {'/'.join(FORMS)} farms sum to {sums[r, s]:.6g}, not 1",
        )
    _check_national(st)
    _check_params(st)
    _check_modifiers(st)
    for k, v in st.flags.items():
        if not math.isfinite(v) or abs(v) > FLAG_LIMIT:
            raise _fail(f"state.flags.{k}", f"{v} is outside -{FLAG_LIMIT:g}..{FLAG_LIMIT:g}")


def _check_region_table(st: State) -> None:
    """The rules' own region arrays against what a scenario can give a region
    (vocab.REGION_COLUMNS: the region table's ranges times the [countryside] scales)."""
    a = st.arrays
    for col in V.REGION_COLUMNS.values():
        name = col.array
        if name is None or name not in a:
            continue
        lo, hi = col.save_range()
        vals = a[name].sum(1) if a[name].ndim == 2 else a[name]
        bad = np.flatnonzero((vals < lo - TOLERANCE) | (vals > hi))
        if bad.size:
            i = int(bad[0])
            raise _fail(
                f"state.arrays.{name}[{i}]",
                f"{vals[i]:.6g} in {st.region_ids[i]} is outside what a scenario can set "
                f"({lo:g}..{hi:g})",
            )
    # the rules keep rural population = households x people per household
    want = a["households"].sum(1) * C.PEOPLE_PER_HOUSEHOLD
    off = np.flatnonzero(np.abs(a["population"] - want) > 1e-3 * np.maximum(want, 1e-3))
    if off.size:
        i = int(off[0])
        raise _fail(
            f"state.arrays.population[{i}]",
            f"{a['population'][i]:.6g} does not match the households of {st.region_ids[i]} "
            f"({want[i]:.6g} = households x {C.PEOPLE_PER_HOUSEHOLD:g})",
        )


def _check_herds(st: State) -> None:
    _check_region_table(st)
    a = st.arrays
    for herd, base in V.HERD_BASES.items():
        big = np.flatnonzero(a[herd] > V.MAX_HERD_TO_BASE * a[base])
        if big.size:
            i = int(big[0])
            raise _fail(
                f"state.arrays.{herd}[{i}]",
                f"{a[herd][i]:.3g} is more than {V.MAX_HERD_TO_BASE:g} times what the land of "
                f"{st.region_ids[i]} carries ({base} {a[base][i]:.3g})",
            )


def _check_national(st: State) -> None:
    for k in V.national_start():  # every stored figure and the rules' bookkeeping
        if k not in st.nat:
            raise _fail(f"state.nat.{k}", "is missing")
    for k in V.scenario_national_start():
        if k not in st.nat:
            raise _fail(f"state.nat.{k}", "is missing")
    for k, v in st.nat.items():
        where = f"state.nat.{k}"
        if not math.isfinite(v):
            raise _fail(where, f"{v} is not a finite number")
        if k in NAT_BOUNDS:
            lo, hi = _allowed(*NAT_BOUNDS[k])
            declared = NAT_BOUNDS[k][:2]
        elif k in SIGNED_NATIONAL:
            lo, hi, declared = -MAX_MAGNITUDE, MAX_MAGNITUDE, (-MAX_MAGNITUDE, MAX_MAGNITUDE)
        else:
            lo, hi, declared = -TOLERANCE, MAX_MAGNITUDE, (0.0, MAX_MAGNITUDE)
        if not lo <= v <= min(hi, MAX_MAGNITUDE):
            raise _fail(where, f"{v:.6g} is outside {declared[0]:g}..{declared[1]:g}")
    if not st.factions:
        raise _fail("state.factions", "a campaign needs at least one faction")
    for k, v in st.factions.items():
        if not (math.isfinite(v) and -TOLERANCE <= v <= 1 + TOLERANCE):
            raise _fail(f"state.factions.{k}", f"support {v:.6g} is outside 0..1")


def _check_params(st: State) -> None:
    p = st.params
    seed = p.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_INT:
        raise _fail("state.params.seed", f"the seed {seed!r} is not a whole number from 0")
    if p.get("difficulty", "normal") not in DIFFICULTIES:
        raise _fail("state.params.difficulty", f"unknown difficulty {p.get('difficulty')!r}")
    level = p.get("ousted_level", 0.3)
    if not _number(level) or not 0 <= level <= 1:
        raise _fail("state.params.ousted_level", f"{level!r} is outside 0..1")
    base = p.get("baseline")
    if not isinstance(base, dict):
        raise _fail("state.params.baseline", "is not an object")
    for k in ("harvest", "population", "livestock", "industry"):
        v = base.get(k)
        if not _number(v) or not 0 < v <= MAX_MAGNITUDE:
            raise _fail(f"state.params.baseline.{k}", f"{v!r} is not a positive number")
    prefs = p.get("factions")
    if not isinstance(prefs, dict):
        raise _fail("state.params.factions", "is not an object")
    for fid in st.factions:
        fp = prefs.get(fid)
        where = f"state.params.factions.{fid}"
        if not isinstance(fp, dict):
            raise _fail(where, "is missing")
        w = fp.get("weight")
        if not _number(w) or not WEIGHT_RANGE[0] <= w <= WEIGHT_RANGE[1]:
            raise _fail(
                f"{where}.weight", f"{w!r} is outside {WEIGHT_RANGE[0]:g}..{WEIGHT_RANGE[1]:g}"
            )
        likes = fp.get("likes", {})
        if not isinstance(likes, dict) or not all(
            _number(v) and abs(v) <= 10 for v in likes.values()
        ):
            raise _fail(f"{where}.likes", "expected numbers from -10 to 10")
        for key in ("name", "wants", "angers"):
            if not isinstance(fp.get(key, ""), str):
                raise _fail(f"{where}.{key}", "is not text")
    if "people" in p:
        _check_people(p["people"])
    ds = p.get("difficulty_settings")
    if ds is not None and (
        not isinstance(ds, dict)
        or not all(_number(v) and abs(v) <= MAX_MAGNITUDE for v in ds.values())
    ):
        raise _fail("state.params.difficulty_settings", "expected an object of numbers")
    names = p.get("region_names_ru")
    if names is not None and (
        not isinstance(names, list)
        or len(names) != len(st.region_ids)
        or not all(isinstance(n, str) for n in names)
    ):
        raise _fail("state.params.region_names_ru", f"expected {len(st.region_ids)} names")


def _check_people(people: Any) -> None:
    """The campaign's people (game.people): known ids, loyalty 0..1, a known fate."""
    from game import people as P

    if not isinstance(people, dict):
        raise _fail("state.params.people", "is not an object")
    known = P.load_people()
    for pid, r in people.items():
        where = f"state.params.people.{str(pid)[:40]}"
        if pid not in known:
            raise _fail(where, "is not a person of the game")
        if not isinstance(r, dict):
            raise _fail(where, "is not an object")
        loyalty = r.get("loyalty")
        if not _number(loyalty) or not 0 <= loyalty <= 1:
            raise _fail(f"{where}.loyalty", f"{str(loyalty)[:30]} is outside 0..1")
        if r.get("fate") not in P.FATES:
            raise _fail(f"{where}.fate", f"unknown fate {str(r.get('fate'))[:30]!r}")
        since = r.get("since", 0)
        if not _number(since) or not 0 <= since <= MAX_TURNS:
            raise _fail(f"{where}.since", f"{str(since)[:30]} is outside 0..{MAX_TURNS}")


def _check_modifiers(st: State) -> None:
    if not isinstance(st.modifiers, list):
        raise _fail("state.modifiers", "is not a list")
    for i, m in enumerate(st.modifiers):
        where = f"state.modifiers[{i}]"
        if not isinstance(m, dict):
            raise _fail(where, "is not an object")
        fig = m.get("figure")
        if not isinstance(fig, str):
            raise _fail(f"{where}.figure", "is not text")
        if fig.startswith("faction."):
            span = 1.0
        elif fig in V.NATIONAL or fig in V.REGIONAL:
            f = V.REGIONAL.get(fig) if m.get("region") is not None else V.NATIONAL.get(fig)
            f = f or V.REGIONAL.get(fig) or V.NATIONAL[fig]
            span = float(f.hi - f.lo)
        else:
            raise _fail(f"{where}.figure", f"unknown figure {fig[:40]!r}")
        region = m.get("region")
        if region is not None and region not in st.region_ids:
            raise _fail(f"{where}.region", f"unknown region {str(region)[:40]!r}")
        value, turns, decay = m.get("value"), m.get("turns"), m.get("decay")
        if not _number(value) or abs(value) > span + TOLERANCE:
            raise _fail(f"{where}.value", f"{value!r} is outside -{span:g}..{span:g}")
        if (
            isinstance(turns, bool)
            or not isinstance(turns, int | float)
            or not (0 <= turns <= MAX_MODIFIER_TURNS)
        ):
            raise _fail(f"{where}.turns", f"{turns!r} is outside 0..{MAX_MODIFIER_TURNS}")
        if not _number(decay) or not 0 <= decay <= 1:
            raise _fail(f"{where}.decay", f"{decay!r} is outside 0..1")


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


# --- the state against its scenario and the header ------------------------------------------
def check_against_scenario(st: State, sc: Scenario) -> None:
    """An installed scenario fixes the dates: a save of it cannot end elsewhere."""
    if (st.start_year, st.start_season) != (sc.start_year, sc.start_season):
        raise _fail(
            "state.start_year",
            f"{SEASONS[st.start_season]} {st.start_year} is not the start of scenario "
            f"'{sc.id}' ({sc.start_label})",
        )
    end = sc.n_turns - 1
    # The war prolongs a campaign: to the date Germany planned, then for the war itself.
    war = st.nat.get("war_planned", 0.0) > 0 or st.nat.get("war_start", 0.0) > 0
    longest = end + (WAR_PROLONGS if war else 0)
    if not end <= st.end_turn <= longest:
        raise _fail(
            "state.end_turn",
            f"{st.end_turn}, but scenario '{sc.id}' has {sc.n_turns} turns "
            f"(end_turn {end}{f' to {longest} with the war' if war else ''})",
        )


def check_header(header: dict[str, Any], st: State) -> None:
    """The header is what the saves list shows: it must describe this campaign."""
    turn = header.get("turn", st.turn)
    if turn != st.turn:
        raise _fail("header.turn", f"says {str(turn)[:20]}, the campaign is at turn {st.turn}")
