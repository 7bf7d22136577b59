"""The campaign's history: one row of headline figures per turn, and yearly rows.

Charts draw the per-turn rows; `simulate --json` and the end screen use the
yearly ones, which line up with the historical series in assets/history/.
"""

from __future__ import annotations

from typing import Any

from game.engine.figures import headline
from game.engine.state import State

YEARLY_FIELDS: tuple[str, ...] = (
    "year",
    "collectivised_share",
    "voluntary_share",
    "forced_share",
    "harvest_true_mt",
    "harvest_reported_mt",
    "procurement_mt",
    "cattle_m",
    "horses_m",
    "tractors",
    "famine_deaths",
    "industry_index",
    "exports_mt",
    "pigs_m",
    "sheep_m",
    "sown_mha",
    "deported",
    "war_deaths",  # millions that year: soldiers, civilians, hunger of the war years
    "occupied_regions",  # most regions more than half held by the enemy that year
)
# Per region, one row a year (simulate --json "regions").
REGION_FIELDS: tuple[str, ...] = (
    "year",
    "collectivised_share",
    "famine_deaths",
    "harvest_true_mt",
    "procurement_mt",
    "cattle_m",
    "rural_population_m",
)


def history_row(state: State, label_turn: int | None = None) -> dict[str, Any]:
    """A row after a turn was resolved (state.turn already advanced)."""
    turn = state.turn - 1 if label_turn is None else label_turn
    abs_season = state.start_season + turn
    row: dict[str, Any] = {
        "turn": turn,
        "year": state.start_year + abs_season // 4,
        "season": abs_season % 4,
    }
    row.update(headline(state))
    row["famine_deaths"] = state.nat["last_famine_deaths"]
    row["procured_turn"] = state.nat["last_procured"]
    row["exported_turn"] = state.nat.get("last_exported", 0.0)
    row["deported_turn"] = state.nat.get("last_deported", 0.0)
    row["war_deaths_turn"] = state.nat.get("last_war_deaths", 0.0)
    return row


def yearly(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per calendar year: stocks at the year's last turn, flows summed."""
    out: dict[int, dict[str, Any]] = {}
    for row in history:
        y = int(row["year"])
        rec = out.setdefault(
            y,
            {
                "year": y,
                "famine_deaths": 0.0,
                "procurement_mt": 0.0,
                "exports_mt": 0.0,
                "deported": 0.0,
                "war_deaths": 0.0,
                "occupied_regions": 0.0,
            },
        )
        rec["famine_deaths"] += row["famine_deaths"]
        rec["procurement_mt"] += row["procured_turn"]
        rec["exports_mt"] += row.get("exported_turn", 0.0)
        rec["deported"] += row.get("deported_turn", 0.0)
        rec["war_deaths"] += row.get("war_deaths_turn", 0.0)  # absent before format 5
        rec["occupied_regions"] = max(rec["occupied_regions"], row.get("occupied_regions", 0.0))
        for key in (
            "collectivised_share",
            "voluntary_share",
            "forced_share",
            "cattle_m",
            "horses_m",
            "tractors",
            "industry_index",
        ):
            rec[key] = row[key]
        for key in ("pigs_m", "sheep_m", "sown_mha"):  # absent from saves of before #9
            rec[key] = row.get(key, 0.0)
        if row["season"] >= 2 or "harvest_true_mt" not in rec:
            rec["harvest_true_mt"] = row["harvest_true_mt"]
            rec["harvest_reported_mt"] = row["harvest_reported_mt"]
    rows = []
    for y in sorted(out):
        rec = out[y]
        rows.append({k: (round(rec[k], 6) if k != "year" else rec[k]) for k in YEARLY_FIELDS})
    return rows


def add_region_year(years: list[dict[str, Any]], state: State, deaths_before: Any) -> None:
    """After a turn (state.turn already advanced), fold the regions' figures into this
    year's record: stocks at the year's last turn, deaths summed, the harvest and its
    procurement from the autumn on (as in the national rows)."""
    a = state.arrays
    abs_season = state.start_season + state.turn - 1
    year, season = state.start_year + abs_season // 4, abs_season % 4
    if not years or years[-1]["year"] != year:
        years.append({"year": year})
    rec = years[-1]
    rec.setdefault("famine_deaths", [0.0] * state.n_regions)
    rec["collectivised_share"] = (1 - state.region_form_shares()[:, 0]).tolist()
    rec["cattle_m"] = a["cattle"].tolist()
    rec["rural_population_m"] = a["population"].tolist()
    died = (a["famine_deaths"] - deaths_before).tolist()  # (floats: no numpy scalar per region)
    rec["famine_deaths"] = [x + d for x, d in zip(rec["famine_deaths"], died, strict=True)]
    if season >= 2 or "harvest_true_mt" not in rec:
        rec["harvest_true_mt"] = a["harvest_true"].tolist()
        rec["procurement_mt"] = a["procured_year"].tolist() if season >= 2 else [0.0] * len(died)


def region_yearly(
    years: list[dict[str, Any]], region_ids: tuple[str, ...]
) -> dict[str, list[dict[str, Any]]]:
    """Region id -> one row a year with REGION_FIELDS."""
    out: dict[str, list[dict[str, Any]]] = {rid: [] for rid in region_ids}
    for rec in years:
        for i, rid in enumerate(region_ids):
            row: dict[str, Any] = {"year": int(rec["year"])}
            for k in REGION_FIELDS[1:]:
                vals = rec.get(k)
                row[k] = (
                    round(float(vals[i]), 6) if isinstance(vals, list) and i < len(vals) else 0.0
                )
            out[rid].append(row)
    return out
