"""Upgrading saves written by older versions of the game, one format step at a time.

Every change to what a save holds bumps `codec.FORMAT_VERSION` and adds one
function here, `migrate_N_to_N1(header, body) -> (header, body)`, that turns
a format-N save into format N+1 using plain dict edits (never the current
classes, which may have moved on). A save of format 1 runs through every step
in order. tests/persistence/data/ keeps real saves of old formats that must
keep loading.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

Migration = Callable[[dict[str, Any], dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]]


def migrate_1_to_2(header: dict[str, Any], body: dict[str, Any]) -> tuple[dict, dict]:
    """Format 2 stores the per-turn history as columns instead of one object per row."""
    rows = body.get("history")
    if isinstance(rows, list):
        columns: list[str] = []
        for row in rows:
            if isinstance(row, dict):
                columns.extend(k for k in row if k not in columns)
        body["history"] = {
            "columns": columns,
            "rows": [[r.get(k) for k in columns] if isinstance(r, dict) else r for r in rows],
        }
    # Anything else is left as it is for the loader to report as damage.
    return header, body


# The region figures of issue #9 as they were when format 3 was made (frozen here: a
# migration never reads the current region table, which may move on).
_REGIONS_V3: dict[str, tuple[float, ...]] = {
    # id: (pigs, sheep, table cattle, table base_yield, herd_food, ration, resistance)
    "ukraine": (7.5, 9.0, 8.6, 0.93, 0.04, 0.0, 1.25),
    "north_caucasus": (2.0, 14.0, 4.5, 0.93, 0.06, 0.0, 1.3),
    "lower_volga": (0.9, 9.0, 3.2, 0.71, 0.06, 0.0, 1.0),
    "middle_volga": (1.3, 8.0, 3.6, 0.76, 0.04, 0.0, 1.0),
    "black_earth": (2.4, 7.0, 4.2, 0.87, 0.03, 0.0, 1.0),
    "central_industrial": (4.5, 10.0, 7.0, 0.71, 0.03, 0.35, 0.85),
    "north_west": (1.6, 5.0, 5.5, 0.65, 0.05, 0.35, 0.85),
    "belarus": (2.2, 3.7, 3.2, 0.76, 0.03, 0.08, 1.0),
    "urals": (1.2, 7.0, 5.0, 0.76, 0.05, 0.0, 1.0),
    "siberia": (2.0, 16.0, 8.0, 0.82, 0.06, 0.0, 1.05),
    "kazakhstan": (0.3, 30.0, 9.0, 0.60, 0.6, 0.0, 1.2),
    "central_asia": (0.1, 28.0, 8.2, 0.98, 0.15, 0.2, 1.3),
}
_TIERS_V3 = {
    "north_caucasus": 1,
    "lower_volga": 1,
    "middle_volga": 1,
    "ukraine": 2,
    "black_earth": 2,
    "urals": 2,
    "siberia": 2,
    "kazakhstan": 2,
}
_ROLES_V3 = {
    "central_industrial": "deficit",
    "north_west": "deficit",
    "belarus": "deficit",
    "kazakhstan": "pastoral",
    "central_asia": "cotton",
}


def migrate_2_to_3(header: dict[str, Any], body: dict[str, Any]) -> tuple[dict, dict]:
    """Format 3 (issue #9) adds pigs and sheep, the sown area's base, the land's pre-war
    yield and each region's place in the grain economy. Old campaigns get them from the
    1928 table, herds scaled as the save's cattle were against the table's."""
    state = body.get("state")
    if not isinstance(state, dict) or not isinstance(state.get("arrays"), dict):
        return header, body  # damage: the loader reports it
    arrays = state["arrays"]
    ids = state.get("region_ids")
    if not isinstance(ids, list):
        return header, body

    def col(name: str) -> list[float] | None:
        blob = arrays.get(name)
        data = blob.get("data") if isinstance(blob, dict) else None
        return data if isinstance(data, list) and len(data) == len(ids) else None

    cattle_base, area, base_yield = col("cattle_base"), col("area"), col("base_yield")
    cattle, horses = col("cattle"), col("horses")
    if None in (cattle_base, area, base_yield, cattle, horses):
        return header, body
    new: dict[str, list[float]] = {
        k: []
        for k in (
            "pigs",
            "sheep",
            "pigs_base",
            "sheep_base",
            "area_base",
            "yield_potential",
            "herd_base",
            "herd_food",
            "ration",
            "resistance",
            "quota_strain",
        )
    }
    for i, rid in enumerate(ids):
        pigs, sheep, t_cattle, t_yield, herd_food, ration, resist = _REGIONS_V3.get(
            str(rid), (0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0)
        )
        scale = float(cattle_base[i]) / t_cattle if t_cattle > 0 else 0.0
        now = float(cattle[i]) / float(cattle_base[i]) if cattle_base[i] else 0.0
        new["pigs_base"].append(pigs * scale)
        new["sheep_base"].append(sheep * scale)
        new["pigs"].append(pigs * scale * now)
        new["sheep"].append(sheep * scale * now)
        new["area_base"].append(float(area[i]))
        new["yield_potential"].append(max(t_yield, float(base_yield[i])))
        new["herd_base"].append(
            float(cattle_base[i]) + 1.1 * float(horses[i]) + scale * (0.3 * pigs + 0.12 * sheep)
        )
        new["herd_food"].append(herd_food)
        new["ration"].append(ration)
        new["resistance"].append(resist)
        new["quota_strain"].append(0.0)
    for name, data in new.items():
        arrays.setdefault(name, {"shape": [len(ids)], "data": data})
    params = state.get("params")
    nat = state.get("nat")
    if isinstance(nat, dict):  # the bookkeeping of #9: nothing exported or deported yet
        nat.setdefault("last_exported", 0.0)
        nat.setdefault("last_deported", 0.0)
        base = params.get("baseline") if isinstance(params, dict) else None
        if isinstance(base, dict) and "harvest_per_capita" not in nat:
            # the score's running mean starts, as in a new campaign, at the baseline's
            # (a damaged baseline is left for the loader to report)
            with contextlib.suppress(KeyError, TypeError, ValueError):
                nat["harvest_per_capita"] = float(base["harvest"]) / max(
                    float(base["population"]), 1e-9
                )
    if isinstance(params, dict):
        params.setdefault("region_tiers", [_TIERS_V3.get(str(r), 3) for r in ids])
        params.setdefault("region_roles", [_ROLES_V3.get(str(r), "surplus") for r in ids])
    return header, body


def migrate_3_to_4(header: dict[str, Any], body: dict[str, Any]) -> tuple[dict, dict]:
    """Format 4 says which timeline a save is: older saves are originals, not ironman,
    with no id (a branch made from one gets a parent id of '')."""
    body.setdefault("timeline", {"id": "", "parent": None, "ironman": False})
    header.setdefault("mode", "normal")
    return header, body


# The world of issue #10 as it was when format 5 was made (frozen here, as above).
_WORLD_V5: dict[str, float] = {
    "nazi_strength": 0.03,
    "nazi_vote": 0.026,
    "foreign_trade": 0.75,
    "industry_east_share": 0.15,
    "officer_corps": 0.6,
    "east_building": 0.0,
    "embassy_sources": 0.45,
    "unity_pull": 0.05,
}


# The war's stored figures as they were when format 5 was made (frozen here).
_WAR_ARRAYS_V5 = ("occupied", "partisans", "collaboration", "war_deaths")
_WAR_NAT_V5 = (
    "at_war",
    "war_seasons",
    "war_deaths",
    "military_deaths",
    "civilian_deaths",
    "front",
    "army",
    "enemy",
    "evacuated",
    "industry_lost",
    "lend_lease",
    "second_front",
    "war_planned",
    "war_start",
    "war_end",
    "war_hunger_deaths",
    "max_occupied_regions",
    "last_war_deaths",
    "deterred",
    "industry_prewar",
    "west_industry",
)


def migrate_4_to_5(header: dict[str, Any], body: dict[str, Any]) -> tuple[dict, dict]:
    """Format 5 (issue #10) plays the war: each region's occupation, partisans,
    collaboration and civilian war dead, and the war's national figures. A campaign
    saved before it has had no war yet (old saves ended at the war's first dice roll),
    so every figure starts at nought. It also holds the world before the war (the
    Nazis' strength and vote, foreign suppliers, industry in the east, the command)."""
    state = body.get("state")
    if not isinstance(state, dict) or not isinstance(state.get("arrays"), dict):
        return header, body  # damage: the loader reports it
    ids = state.get("region_ids")
    if isinstance(ids, list):
        for name in _WAR_ARRAYS_V5:
            state["arrays"].setdefault(name, {"shape": [len(ids)], "data": [0.0] * len(ids)})
    nat = state.get("nat")
    if isinstance(nat, dict):
        for name in _WAR_NAT_V5:
            nat.setdefault(name, 0.0)
        # the world before the war: the Nazis' strength and last vote, foreign suppliers,
        # industry in the east, the army's command; an old campaign gets 1928's values,
        # and a Germany already decided keeps its Nazis' strength and the vote of
        # November 1932
        world = dict(_WORLD_V5)
        if nat.get("germany") in (0, 1):
            world["nazi_vote"] = 0.331
            world["nazi_strength"] = 0.9 if nat["germany"] == 1 else 0.1
        for key, value in world.items():
            nat.setdefault(key, value)
    return header, body


def _gold_if_unsold(year: int) -> float:
    """The State Bank's gold (tonnes) at the start of `year` had none of it been sold:
    the 150 t of 1928, what the mines gave since (rules/world.gold_mined, written out
    here because a migration never calls the current rules) and Torgsin's of 1931-35."""
    gold = 150.0
    for y in range(1928, max(year, 1928)):
        gold += 4.0 * (7.0 + 23.0 * min(max((y - 1931) / 6.0, 0.0), 1.0))
        if 1931 <= y <= 1935:
            gold += 40.0
    return gold


def migrate_5_to_6(header: dict[str, Any], body: dict[str, Any]) -> tuple[dict, dict]:
    """Format 6 (issue #10's leftovers) holds the gold reserve that the 'Sell gold' lever
    sells from, and the seasons left of an army purge a card has started. An older save
    never sold gold: it gets the reserve of its year with nothing sold; no purge runs."""
    state = body.get("state")
    if not isinstance(state, dict):
        return header, body  # damage: the loader reports it
    nat = state.get("nat")
    if isinstance(nat, dict):
        parts = [state.get(k) for k in ("start_year", "start_season", "turn")]
        if all(isinstance(x, int) and not isinstance(x, bool) for x in parts):
            year = parts[0] + (parts[1] + parts[2]) // 4  # type: ignore[operator]
        else:
            year = 1928  # damage: the validator reports it
        nat.setdefault("gold_reserve", _gold_if_unsold(min(max(year, 1900), 2000)))
        nat.setdefault("purge_seasons", 0.0)
    return header, body


MIGRATIONS: dict[int, Migration] = {
    1: migrate_1_to_2,
    2: migrate_2_to_3,
    3: migrate_3_to_4,
    4: migrate_4_to_5,
    5: migrate_5_to_6,
}


def migrate(
    header: dict[str, Any], body: dict[str, Any], target: int
) -> tuple[dict[str, Any], dict[str, Any], list[int]]:
    """Run the steps from the save's format up to `target`. Returns the steps run."""
    version = int(header["format_version"])
    steps = []
    while version < target:
        step = MIGRATIONS.get(version)
        if step is None:  # a gap is a programming error, caught by the tests
            raise RuntimeError(f"no migration from save format {version}")
        header, body = step(dict(header), dict(body))
        version += 1
        header["format_version"] = version
        steps.append(version)
    return header, body, steps
