"""The schema of scenario files (assets/scenarios/*.toml and a mod's scenarios/):
checked like cards, every problem at once with its file:line:col.

A mod's scenario is outside input: a zero or negative grain area, 1e308
households or a share of 3 once passed and broke the engine (division by zero,
overflow, NaN, negative households). Every number here has a range:
- `[national]` keys and their ranges come from the vocabulary (game.engine.vocab:
  the figures a scenario may set);
- `[countryside]` scales multiply the base region table, so they are bounded away
  from zero and from the absurd; shares and trust lie in 0..1;
- `[regions.<id>]` overrides replace one region's row of assets/regions/regions.toml
  and get the ranges of that table (a region of 0.1 to 100 million ha, ...);
- `[policy]` is checked by the levers' own validation when the state is built.
`json_schema()` is printed by `python main.py mods schema` for editors.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model

from game.cards.problems import Locator, Problem
from game.engine import vocab as V
from game.engine.state import SEASONS, STRATA
from game.errors import did_you_mean

MAX_TURNS = 400


def _number(v: Any) -> Any:
    """Numbers only: TOML's true is not 1, and inf / nan are not amounts."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ValueError(f"expected a number, got {str(v)[:40]!r}")
    if not math.isfinite(v):
        raise ValueError(f"expected a finite number, got {v}")
    return float(v)


Num = Annotated[float, BeforeValidator(_number)]


def num(default: float | None, lo: float, hi: float, *, above: bool = False, doc: str = "") -> Any:
    """A number field in lo..hi (lo excluded when `above`)."""
    bound = {"gt": lo} if above else {"ge": lo}
    return Field(default, le=hi, description=doc, **bound)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# The region table's ranges (a region's row, or a [regions.<id>] override) and the
# [countryside] scales on it: declared in the vocabulary (vocab.REGION_COLUMNS), which
# persistence.validate derives a save's bounds from too.
REGION_BOUNDS: dict[str, tuple[float, float]] = {
    c.column: (c.lo, c.hi) for c in V.REGION_COLUMNS.values()
}
SCALE = V.COUNTRYSIDE_SCALE


def _column(name: str) -> Any:
    c = V.REGION_COLUMNS[name]
    return num(None, c.lo, c.hi, doc=c.description)


class Countryside(_Strict):
    """Scales on the base region table and country-wide starting figures."""

    households: Num = num(1.0, *SCALE, doc="scale on every region's households")
    area: Num = num(1.0, *SCALE, doc="scale on every region's grain area")
    yield_: Num = Field(
        1.0, alias="yield", ge=SCALE[0], le=SCALE[1], description="scale on base yields"
    )
    cattle: Num = num(1.0, *SCALE, doc="scale on cattle")
    horses: Num = num(1.0, *SCALE, doc="scale on horses")
    poor: Num = num(1.0, 0, 3, doc="scale on the share of poor peasants (at most 80 %)")
    kulak: Num = num(1.0, 0, 5, doc="scale on the share of kulaks (at most 30 %)")
    autonomy: Num = num(0.5, 0, 1, doc="self-management of voluntary collectives")
    unrest: Num = num(0.1, 0, 1, doc="starting unrest")
    report_bias: Num = num(0.03, 0, 0.6, doc="inflation of local reports")
    collective_age: Num = num(2.0, 0, 30, doc="mean age of voluntary collectives, years")
    last_harvest: Num = num(1.0, 0, 3, doc="last harvest against an ordinary one")


Share = Annotated[Num, Field(ge=0, le=1)]
PerStratum = create_model(  # type: ignore[call-overload]
    "PerStratum", __base__=_Strict, **{s: (Share, 0.0) for s in STRATA}
)
TrustTable = create_model(  # type: ignore[call-overload]
    "TrustTable", __base__=_Strict, **{s: (Share | None, None) for s in STRATA}
)


class Collectives(_Strict):
    voluntary: PerStratum = Field(default_factory=PerStratum)  # type: ignore[valid-type]
    kolkhoz: PerStratum = Field(default_factory=PerStratum)  # type: ignore[valid-type]


def _national_model() -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for name, start in V.scenario_national_start().items():
        f = V.NATIONAL[name]
        fields[name] = (Num, Field(start, ge=f.lo, le=f.hi, description=f.description))
    return create_model("National", __base__=_Strict, **fields)


National = _national_model()

Like = Annotated[Num, Field(ge=-10, le=10)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Text = Annotated[str, Field(max_length=5000)]


class Faction(_Strict):
    id: Id
    name: Annotated[str, Field(max_length=200)] = ""
    weight: Num = num(1.0, 0, 10, doc="weight in the Party")
    support: Num = num(0.5, 0, 1, doc="support for the player at the start")
    wants: Text = ""
    angers: Text = ""
    likes: dict[Annotated[str, Field(max_length=64)], Like] = Field(default_factory=dict)


class RegionOverride(_Strict):
    """One region's row of assets/regions/regions.toml, replaced (ranges of that table)."""

    name: Annotated[str, Field(max_length=200)] | None = None
    name_ru: Annotated[str, Field(max_length=200)] | None = None
    households: Num | None = _column("households")
    grain_area: Num | None = _column("grain_area")
    base_yield: Num | None = _column("base_yield")
    drought_risk: Num | None = num(None, 0, 1)
    cattle: Num | None = _column("cattle")
    horses: Num | None = _column("horses")
    poor_share: Num | None = num(None, 0, 0.8)
    kulak_share: Num | None = num(None, 0, 0.3)
    voluntary_scale: Num | None = num(None, 0, 10, doc="scale on the voluntary shares here")
    resistance: Num | None = _column("resistance")
    autonomy: Num | None = num(None, 0, 1)
    unrest: Num | None = num(None, 0, 1)


class ScenarioFile(_Strict):
    """A scenario: its dates and texts, and what differs from the base world."""

    id: Id
    name: Annotated[str, Field(min_length=1, max_length=200)]
    historical: bool = False
    start_year: Annotated[int, Field(ge=1900, le=1960, strict=True)]
    start_season: Literal["spring", "summer", "autumn", "winter"] = "spring"
    end_year: Annotated[int, Field(ge=1900, le=2000, strict=True)]
    end_season: Literal["spring", "summer", "autumn", "winter"] = "summer"
    summary: Text = ""
    divergence: Text = ""
    national: National = Field(default_factory=National)  # type: ignore[valid-type]
    countryside: Countryside = Field(default_factory=Countryside)
    collectives: Collectives = Field(default_factory=Collectives)
    trust: TrustTable = Field(default_factory=TrustTable)  # type: ignore[valid-type]
    faction: Annotated[list[Faction], Field(min_length=1, max_length=50)]
    regions: dict[str, RegionOverride] = Field(default_factory=dict)
    policy: dict[str, Any] = Field(default_factory=dict)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def json_schema() -> dict[str, Any]:
    return ScenarioFile.model_json_schema(by_alias=True)


# --- checking a parsed file ---------------------------------------------------------------
def _turns(data: dict[str, Any]) -> int | None:
    try:
        start = int(data["start_year"]) * 4 + SEASONS.index(data.get("start_season", "spring"))
        end = int(data["end_year"]) * 4 + SEASONS.index(data.get("end_season", "summer"))
    except (KeyError, TypeError, ValueError):
        return None
    return end - start + 1


def scenario_problems(path: Path | str, text: str, data: dict[str, Any]) -> list[Problem]:
    """Every problem of a parsed scenario file, each at its line and column."""
    from game.cards.content import _key_position
    from game.engine.scenario import load_regions

    def at(loc: tuple[Any, ...], message: str) -> Problem:
        line, col = _key_position(text, tuple(str(p) for p in loc if not isinstance(p, int)))
        return Locator(path, text).at(line, col, message)

    probs: list[Problem] = []
    try:
        ScenarioFile.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            loc = tuple(("yield" if p == "yield_" else p) for p in e["loc"])
            key = ".".join(str(p) for p in loc)
            msg = e["msg"].removeprefix("Value error, ")
            if e["type"] == "extra_forbidden":
                allowed = _allowed_at(loc[:-1])
                msg = f"unknown key '{key}'{did_you_mean(str(loc[-1]), allowed)}"
                if allowed:
                    msg += f"; allowed here: {', '.join(allowed)}"
            elif e["type"] == "missing":
                msg = f"missing required key '{key}'"
            elif e["type"] in ("dict_type", "model_type", "model_attributes_type"):
                msg = f"{key} must be a table, got {str(e.get('input'))[:40]!r}"
            elif e["type"] in ("int_type", "int_parsing", "int_from_float"):
                msg = f"{key}: expected a whole number, got {str(e.get('input'))[:40]!r}"
            elif e["type"] == "literal_error":
                msg = f"{key} = {str(e.get('input'))[:40]!r}; expected one of {', '.join(SEASONS)}"
            elif e["type"] in _BOUND_WORDS and "ctx" in e:
                limit = next(iter(e["ctx"].values()))
                msg = f"{key} = {e.get('input')!r}: {_BOUND_WORDS[e['type']]} {limit:g}"
            elif e["type"] == "list_type":
                msg = f"{key} must be a list of [[{key}]] tables"
            else:
                msg = f"{key}: {msg}"
            probs.append(at(loc, msg))
    n = _turns(data)
    if n is not None and not 2 <= n <= MAX_TURNS:
        probs.append(at(("end_year",), f"the dates give {n} turns; expected 2 to {MAX_TURNS}"))
    regions = data.get("regions")
    if isinstance(regions, dict):
        ids = [str(r["id"]) for r in load_regions()]
        for rid in regions:
            if rid not in ids:
                probs.append(
                    at(
                        ("regions", rid),
                        f"[regions.{rid}] names an unknown region{did_you_mean(rid, ids)}",
                    )
                )
    coll = data.get("collectives")
    if (
        isinstance(coll, dict)
        and isinstance(coll.get("voluntary"), dict)
        and isinstance(coll.get("kolkhoz"), dict)
    ):
        for s in STRATA:
            v, k = coll["voluntary"].get(s, 0.0), coll["kolkhoz"].get(s, 0.0)
            if isinstance(v, int | float) and isinstance(k, int | float) and v + k > 1:
                probs.append(
                    at(
                        ("collectives", "kolkhoz", s),
                        f"collectives: {s} shares add up to {v + k:g}, more than 1",
                    )
                )
    factions = data.get("faction")
    if isinstance(factions, list):
        seen: set[str] = set()
        for f in factions:
            fid = f.get("id") if isinstance(f, dict) else None
            if isinstance(fid, str) and fid in seen:
                probs.append(at(("faction",), f"faction id '{fid}' is used twice"))
            seen.add(str(fid))
    return probs


_BOUND_WORDS = {
    "greater_than_equal": "must be at least",
    "greater_than": "must be more than",
    "less_than_equal": "must be at most",
    "less_than": "must be less than",
}


def _allowed_at(loc: tuple[Any, ...]) -> list[str]:
    model: Any = ScenarioFile
    after_regions = False
    for p in loc:
        if isinstance(p, int):
            continue
        if after_regions:  # [regions.<id>]: the id is not a field
            model, after_regions = RegionOverride, False
            continue
        if p == "regions":
            after_regions = True
            continue
        field = getattr(model, "model_fields", {}).get(p)
        if field is None:
            return []
        ann = field.annotation
        model = {
            "national": National,
            "countryside": Countryside,
            "collectives": Collectives,
            "voluntary": PerStratum,
            "kolkhoz": PerStratum,
            "trust": TrustTable,
            "faction": Faction,
        }.get(p, ann)
    if model is ScenarioFile or not hasattr(model, "model_fields"):
        names = list(ScenarioFile.model_fields) if not loc else []
    else:
        names = [f.alias or n for n, f in model.model_fields.items()]
    return names
