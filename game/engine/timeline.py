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
    return row


def yearly(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per calendar year: stocks at the year's last turn, flows summed."""
    out: dict[int, dict[str, Any]] = {}
    for row in history:
        y = int(row["year"])
        rec = out.setdefault(y, {"year": y, "famine_deaths": 0.0, "procurement_mt": 0.0})
        rec["famine_deaths"] += row["famine_deaths"]
        rec["procurement_mt"] += row["procured_turn"]
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
        if row["season"] >= 2 or "harvest_true_mt" not in rec:
            rec["harvest_true_mt"] = row["harvest_true_mt"]
            rec["harvest_reported_mt"] = row["harvest_reported_mt"]
    rows = []
    for y in sorted(out):
        rec = out[y]
        rows.append({k: (round(rec[k], 6) if k != "year" else rec[k]) for k in YEARLY_FIELDS})
    return rows
