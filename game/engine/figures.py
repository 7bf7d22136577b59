"""Reading and changing figures by name: the access cards, mods, the map and the UI share.

The figures themselves (scope, storage, label, unit, range, whether cards may
change them) are declared in game.engine.vocab; this module reads and writes
them, clamped to their ranges. Nothing else in the state is reachable from
content files.
"""

from __future__ import annotations

import numpy as np

from game.engine.context import TurnContext
from game.engine.fastmath import add_reduce, clip, clip_float, mean
from game.engine.state import KOLKHOZ, PRIVATE, STRATA, VOLUNTARY, State
from game.engine.vocab import (
    BONUS_FIGURES,
    NATIONAL,
    REGIONAL,
    Figure,
    Scope,
    history_series,
    series_unit,
)

__all__ = [
    "BONUS_FIGURES",
    "HEADLINE_LABELS",
    "NATIONAL",
    "REGIONAL",
    "Figure",
    "add_modifier",
    "apply_modifiers",
    "get_national",
    "get_regional",
    "headline",
    "set_national",
    "set_regional",
]

# Per-stratum figures: "trust" -> (array, None) the mean, "trust_kulak" -> (array, 3).
_STRATUM_PART: dict[str, tuple[str, int | None]] = {}
for _f in REGIONAL.values():
    if _f.scope is Scope.STRATUM:
        assert _f.key is not None
        _, _, _s = _f.name.rpartition("_")
        _STRATUM_PART[_f.name] = (_f.key, STRATA.index(_s) if _s in STRATA else None)


def get_national(state: State, name: str) -> float:
    if name.startswith("faction."):
        return float(state.factions[name[8:]])
    fig = NATIONAL[name]
    if fig.derive is not None:
        return float(fig.derive(state))
    return float(state.nat[name])


def set_national(state: State, name: str, value: float) -> None:
    if name.startswith("faction."):
        state.factions[name[8:]] = clip_float(value, 0.0, 1.0)
        return
    fig = NATIONAL[name]
    if not fig.writable:
        raise KeyError(f"figure '{name}' cannot be changed by effects")
    state.nat[name] = clip_float(value, fig.lo, fig.hi)


def get_regional(state: State, name: str) -> np.ndarray:
    """(R,) values of a regional figure."""
    part = _STRATUM_PART.get(name)
    if part is not None:
        arr = state.arrays[part[0]]
        return arr.sum(1) / arr.shape[1] if part[1] is None else arr[:, part[1]]
    fig = REGIONAL[name]
    if fig.derive is not None:
        return np.asarray(fig.derive(state), dtype=np.float64)
    return state.arrays[fig.key]  # type: ignore[index]


def set_regional(state: State, name: str, region: int | None, value: float | np.ndarray) -> None:
    """Set a regional figure in one region (index) or all (None), clamped to its range."""
    fig = REGIONAL[name]
    if not fig.writable:
        raise KeyError(f"figure '{name}' cannot be changed by effects")
    sl = slice(None) if region is None else region
    part = _STRATUM_PART.get(name)
    if part is not None:
        arr = state.arrays[part[0]]
        if part[1] is None:  # the mean: every stratum moves by the same amount
            cur = arr[sl].mean(-1)
            delta = np.asarray(value) - cur
            arr[sl] = clip(arr[sl] + np.asarray(delta)[..., None], fig.lo, fig.hi)
        else:
            arr[sl, part[1]] = clip(value, fig.lo, fig.hi)
        return
    state.arrays[fig.key][sl] = clip(value, fig.lo, fig.hi)  # type: ignore[index]


# --- lingering modifiers ------------------------------------------------------
def add_modifier(
    state: State,
    figure: str,
    value: float,
    turns: int,
    region: str | None = None,
    decay: float = 1.0,
    source: str = "",
) -> None:
    """A lingering effect: each turn `value` is applied (bonus figures: held; others: added),
    then multiplied by `decay`, for `turns` turns."""
    state.modifiers.append(
        {
            "figure": figure,
            "region": region,
            "value": float(value),
            "turns": int(turns),
            "decay": float(decay),
            "source": source,
        }
    )


def apply_modifiers(state: State, ctx: TurnContext | None = None) -> None:
    for name in BONUS_FIGURES:
        state.arrays[name][:] = 0.0
    keep = []
    held: set[str] = set()  # the bonus figures some modifier holds this season
    for m in state.modifiers:
        fig = m["figure"]
        r = None if m["region"] is None else state.region_ids.index(m["region"])
        if fig in BONUS_FIGURES:
            sl = slice(None) if r is None else r
            state.arrays[fig][sl] += m["value"]
            held.add(fig)
        elif fig in REGIONAL and (r is not None or fig not in NATIONAL):
            set_regional(
                state,
                fig,
                r,
                get_regional(state, fig)[slice(None) if r is None else r] + m["value"],
            )
        elif fig in NATIONAL or fig.startswith("faction."):
            set_national(state, fig, get_national(state, fig) + m["value"])
        m["value"] *= m["decay"]
        m["turns"] -= 1
        if m["turns"] > 0 and abs(m["value"]) > 1e-5:
            keep.append(m)
    state.modifiers = keep
    for name in held:  # (the others are zeros, inside every bonus figure's range)
        clip(state.arrays[name], REGIONAL[name].lo, REGIONAL[name].hi, out=state.arrays[name])


# --- headline figures for reports, history and the timeline --------------
# Labels and units of the history columns; `headline` computes them in one pass (it runs
# twice a turn), and a test holds it to the figures' own values.
HEADLINE_LABELS: dict[str, tuple[str, str]] = {
    f.series.key: (f.label, series_unit(f)) for f in history_series() if f.series is not None
}


# The regional arrays the headline sums, in one stacked reduction instead of one call per
# figure (history_row runs it every season): each row of the C-contiguous stack is
# reduced as the array alone is, pairwise over its elements, so the sums are the same
# bits (tests/engine/test_fast_checks.py holds them to one sum per array).
_HEADLINE_SUMS: tuple[str, ...] = (
    "harvest_true",
    "harvest_reported",
    "procured_year",
    "cattle",
    "horses",
    "pigs",
    "sheep",
    "area",
    "famine_deaths",
    "population",
    "hunger",  # (the last three are means: divided by the regions below)
    "unrest",
    "report_bias",
)


def headline(state: State) -> dict[str, float]:
    a = state.arrays
    n = state.nat
    shares = state.form_shares()
    (ht, hr, proc, cattle, horses, pigs, sheep, area, deaths, pop, hunger, unrest, bias) = (
        add_reduce(np.array([a[k] for k in _HEADLINE_SUMS]), 1).tolist()
    )
    nr = a["hunger"].size
    return {
        "collectivised_share": float(1 - shares[PRIVATE]),
        "voluntary_share": float(shares[VOLUNTARY]),
        "forced_share": float(shares[KOLKHOZ]),
        "harvest_true_mt": ht,
        "harvest_reported_mt": hr,
        "procurement_mt": proc,
        "cattle_m": cattle,
        "horses_m": horses,
        "pigs_m": pigs,
        "sheep_m": sheep,
        "sown_mha": area,
        "tractors": float(n["tractors"]) * 1000.0,
        "famine_deaths_total_m": deaths,
        "deportation_deaths_m": float(n["deportation_deaths"]),
        "industry_index": float(n["industry"]),
        "grain_reserve_mt": float(n["grain_reserve"]),
        "urban_food": float(n["urban_food"]),
        "standing": float(n["standing"]),
        "tension": float(n["tension"]),
        "readiness": float(n["readiness"]),
        "hunger": hunger / nr,  # (= fastmath.mean)
        "unrest": unrest / nr,
        "trust": float(mean(a["trust"])),
        "report_bias": bias / nr,
        "consumer_goods": float(n["consumer_goods"]),
        "population_m": pop,
        "occupied_regions": float(np.count_nonzero(a["occupied"] > 0.5)),
        "war_deaths_total_m": float(n["war_deaths"]),
    }
