"""Named game figures: the vocabulary shared by cards, mods, the map and the UI.

Cards read and change the game only through this whitelist. Each figure has a
scope (national or per region), a label and unit for players, a range, and
whether effects may change it. Nothing else in the state is reachable from
content files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game.engine.context import TurnContext
from game.engine.fastmath import _mean, clip
from game.engine.state import KOLKHOZ, PRIVATE, STRATA, VOLUNTARY, State


@dataclass(frozen=True)
class Figure:
    name: str
    scope: str  # "national" or "region"
    label: str
    unit: str
    lo: float
    hi: float
    writable: bool
    description: str
    percent: bool = False  # shown x100 with a % sign


def _reg_share(state: State, form: int) -> np.ndarray:
    a = state.arrays
    hh = a["households"]
    return (hh * a["forms"][:, :, form]).sum(1) / np.maximum(hh.sum(1), 1e-9)


# --- national figures ----------------------------------------------------
_NAT_STORED: dict[str, tuple[str, str, float, float, str, bool]] = {
    # name: (label, unit, lo, hi, description, percent)
    "industry": ("Industry index", "1928=100", 10, 2000, "Industrial output, 1928 = 100", False),
    "tractors": ("Tractors", "thousand", 0, 5000, "Tractors in the country, thousands", False),
    "grain_reserve": ("State grain reserve", "Mt", 0, 200, "Grain held by the state, Mt", False),
    "urban_food": ("Cities' food supply", "", 0, 1.5, "Share of the cities' grain need met", True),
    "tension": ("International tension", "", 0, 1, "How close war is", True),
    "red_scare": ("Red scare abroad", "", 0, 1, "Fear of Soviet communism abroad", True),
    "readiness": ("War readiness", "", 0, 1, "Army, arms industry and reserves", True),
    "propaganda": ("Propaganda value", "", 0, 1, "Goodwill from showcase collectives", True),
    "german_left_unity": (
        "Unity of the German left",
        "",
        0,
        1,
        "How far the KPD and SPD stand together against the Nazis",
        True,
    ),
    "collective_security": (
        "Collective security",
        "",
        0,
        1,
        "Readiness of the Western powers to stand with the USSR",
        True,
    ),
    "consumer_goods": ("Consumer goods", "", 0, 1, "Goods peasants can buy with their grain", True),
    "budget": ("Investment", "", 0, 1000, "Investment available this season", False),
    "deportation_deaths": (
        "Deaths in deportation",
        "M",
        0,
        1000,
        "People who died after deportation, millions",
        False,
    ),
}
_NAT_READONLY: dict[str, tuple[str, str, str, bool, Callable[[State], float]]] = {
    "year": ("Year", "", "The current year", False, lambda s: float(s.year)),
    "season": (
        "Season",
        "",
        "0 spring, 1 summer, 2 autumn, 3 winter",
        False,
        lambda s: float(s.season_index),
    ),
    "turn": ("Turn", "", "Turns played", False, lambda s: float(s.turn)),
    "germany": (
        "Germany",
        "",
        "-1 undecided, 0 Weimar holds, 1 Nazis in power",
        False,
        lambda s: s.nat["germany"],
    ),
    "standing": (
        "Party support",
        "",
        "Weighted support of the factions",
        True,
        lambda s: s.nat["standing"],
    ),
    "collectivised": (
        "Collectivised",
        "",
        "Share of households in any collective",
        True,
        lambda s: float(1 - s.form_shares()[PRIVATE]),
    ),
    "voluntary_share": (
        "In voluntary collectives",
        "",
        "Share of households in voluntary collectives",
        True,
        lambda s: float(s.form_shares()[VOLUNTARY]),
    ),
    "kolkhoz_share": (
        "In kolkhozes",
        "",
        "Share of households in state-driven kolkhozes",
        True,
        lambda s: float(s.form_shares()[KOLKHOZ]),
    ),
    "harvest": (
        "True harvest",
        "Mt",
        "This year's true grain harvest",
        False,
        lambda s: float(s.arrays["harvest_true"].sum()),
    ),
    "harvest_reported": (
        "Reported harvest",
        "Mt",
        "This year's harvest as reported",
        False,
        lambda s: float(s.arrays["harvest_reported"].sum()),
    ),
    "famine_deaths": (
        "Famine deaths",
        "M",
        "Deaths from hunger so far, millions",
        False,
        lambda s: float(s.arrays["famine_deaths"].sum()),
    ),
    "hunger": (
        "Hunger",
        "",
        "Mean food shortfall in the villages",
        True,
        lambda s: float(_mean(s.arrays["hunger"])),
    ),
    "unrest": (
        "Unrest",
        "",
        "Mean peasant unrest",
        True,
        lambda s: float(_mean(s.arrays["unrest"])),
    ),
    "trust": (
        "Peasant trust",
        "",
        "Mean trust of the peasants",
        True,
        lambda s: float(_mean(s.arrays["trust"])),
    ),
    "cattle": ("Cattle", "M", "Cattle, millions", False, lambda s: float(s.arrays["cattle"].sum())),
    "horses": ("Horses", "M", "Horses, millions", False, lambda s: float(s.arrays["horses"].sum())),
    "report_bias": (
        "Report inflation",
        "",
        "Mean inflation of local reports",
        True,
        lambda s: float(_mean(s.arrays["report_bias"])),
    ),
    "procured": (
        "Procured this year",
        "Mt",
        "Grain procured this procurement year",
        False,
        lambda s: float(s.arrays["procured_year"].sum()),
    ),
}

# --- regional figures ------------------------------------------------------
_REG_STORED: dict[str, tuple[str, str, float, float, str, bool]] = {
    "unrest": ("Unrest", "", 0, 1, "Peasant unrest", True),
    "report_bias": (
        "Report inflation",
        "",
        0,
        0.6,
        "How much local reports inflate the truth",
        True,
    ),
    "cadres": ("Cadres", "thousand", 0, 200, "Worker-cadres present, thousands", False),
    "grain_held": ("Grain in the villages", "Mt", 0, 100, "Grain the villages hold", False),
    "cattle": ("Cattle", "M", 0, 100, "Cattle, millions", False),
    "horses": ("Horses", "M", 0, 100, "Horses, millions", False),
    "skill": ("Farming skill", "", 0.3, 1.3, "Know-how of the region's farmers", False),
    "autonomy": ("Self-management", "", 0, 1, "How self-managed voluntary collectives are", True),
    "yield_bonus": ("Yield modifier", "", -0.6, 0.6, "Lasting effects on yields", True),
    "join_bonus": (
        "Appeal of collectives",
        "",
        -1,
        1,
        "Lasting effects on the wish to join",
        False,
    ),
}
_REG_READONLY: dict[str, tuple[str, str, str, bool, Callable[[State], np.ndarray]]] = {
    "hunger": ("Hunger", "", "Food shortfall", True, lambda s: s.arrays["hunger"]),
    "collectivised": (
        "Collectivised",
        "",
        "Share of households in collectives",
        True,
        lambda s: 1 - _reg_share(s, PRIVATE),
    ),
    "voluntary": (
        "Voluntary collectives",
        "",
        "Share in voluntary collectives",
        True,
        lambda s: _reg_share(s, VOLUNTARY),
    ),
    "kolkhoz": (
        "Kolkhozes",
        "",
        "Share in state-driven kolkhozes",
        True,
        lambda s: _reg_share(s, KOLKHOZ),
    ),
    "harvest": (
        "True harvest",
        "Mt",
        "This year's true harvest",
        False,
        lambda s: s.arrays["harvest_true"],
    ),
    "harvest_reported": (
        "Reported harvest",
        "Mt",
        "Harvest as reported",
        False,
        lambda s: s.arrays["harvest_reported"],
    ),
    "revolt": ("Revolt", "", "1 while a revolt is under way", False, lambda s: s.arrays["revolt"]),
    "population": (
        "Rural population",
        "M",
        "Millions of people",
        False,
        lambda s: s.arrays["population"],
    ),
    "households": (
        "Households",
        "M",
        "Millions of households",
        False,
        lambda s: s.arrays["households"].sum(1),
    ),
    "famine_deaths": (
        "Famine deaths",
        "M",
        "Deaths from hunger so far",
        False,
        lambda s: s.arrays["famine_deaths"],
    ),
    "tractors": (
        "Tractors",
        "thousand",
        "Tractors at work here",
        False,
        lambda s: s.arrays["tractors"],
    ),
    "deported": (
        "Deported households",
        "M",
        "Households deported so far",
        False,
        lambda s: s.arrays["deported"],
    ),
    "weather": (
        "Weather",
        "",
        "This year's weather multiplier",
        False,
        lambda s: s.arrays["weather"],
    ),
}

NATIONAL: dict[str, Figure] = {}
REGIONAL: dict[str, Figure] = {}
# Stored but recomputed by the rules every season: effects on them would be lost.
_RECOMPUTED = {"budget", "urban_food", "deportation_deaths"}
for _n, (_l, _u, _lo, _hi, _d, _p) in _NAT_STORED.items():
    NATIONAL[_n] = Figure(_n, "national", _l, _u, _lo, _hi, _n not in _RECOMPUTED, _d, _p)
for _n, (_l, _u, _d, _p, _f) in _NAT_READONLY.items():
    NATIONAL[_n] = Figure(_n, "national", _l, _u, -1e9, 1e9, False, _d, _p)
for _n, (_l, _u, _lo, _hi, _d, _p) in _REG_STORED.items():
    REGIONAL[_n] = Figure(_n, "region", _l, _u, _lo, _hi, True, _d, _p)
for _n, (_l, _u, _d, _p, _f) in _REG_READONLY.items():
    REGIONAL[_n] = Figure(_n, "region", _l, _u, -1e9, 1e9, False, _d, _p)
# Trust is per stratum; "trust" on a region means all strata, "trust_kulak" one.
REGIONAL["trust"] = Figure(
    "trust", "region", "Trust", "", 0, 1, True, "Mean trust of all strata", True
)
for _i, _s in enumerate(STRATA):
    REGIONAL[f"trust_{_s}"] = Figure(
        f"trust_{_s}", "region", f"Trust ({_s}s)", "", 0, 1, True, f"Trust of the {_s}s", True
    )


def faction_figure_names(state: State) -> list[str]:
    return [f"faction.{f}" for f in state.factions]


def national_names(state: State | None = None) -> list[str]:
    names = sorted(NATIONAL)
    if state is not None:
        names += faction_figure_names(state)
    return names


def get_national(state: State, name: str) -> float:
    if name.startswith("faction."):
        return float(state.factions[name[8:]])
    if name in _NAT_READONLY:
        return float(_NAT_READONLY[name][4](state))
    return float(state.nat[name])


def set_national(state: State, name: str, value: float) -> None:
    if name.startswith("faction."):
        state.factions[name[8:]] = float(clip(value, 0.0, 1.0))
        return
    fig = NATIONAL[name]
    if not fig.writable:
        raise KeyError(f"figure '{name}' cannot be changed by effects")
    state.nat[name] = float(clip(value, fig.lo, fig.hi))


def get_regional(state: State, name: str) -> np.ndarray:
    """(R,) values of a regional figure."""
    if name == "trust":
        return state.arrays["trust"].sum(1) / state.arrays["trust"].shape[1]
    if name.startswith("trust_"):
        return state.arrays["trust"][:, STRATA.index(name[6:])]
    if name in _REG_READONLY:
        return np.asarray(_REG_READONLY[name][4](state), dtype=np.float64)
    return state.arrays[name]


def set_regional(state: State, name: str, region: int | None, value: float | np.ndarray) -> None:
    """Set a regional figure in one region (index) or all (None), clamped to its range."""
    fig = REGIONAL[name]
    if not fig.writable:
        raise KeyError(f"figure '{name}' cannot be changed by effects")
    sl = slice(None) if region is None else region
    if name == "trust":
        cur = state.arrays["trust"][sl].mean(-1)
        delta = np.asarray(value) - cur
        state.arrays["trust"][sl] = clip(
            state.arrays["trust"][sl] + np.asarray(delta)[..., None], 0, 1
        )
        return
    if name.startswith("trust_"):
        col = STRATA.index(name[6:])
        state.arrays["trust"][sl, col] = clip(value, 0, 1)
        return
    state.arrays[name][sl] = clip(value, fig.lo, fig.hi)


# --- lingering modifiers ------------------------------------------------------
BONUS_FIGURES = ("yield_bonus", "join_bonus")


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
    for m in state.modifiers:
        fig = m["figure"]
        r = None if m["region"] is None else state.region_ids.index(m["region"])
        if fig in BONUS_FIGURES:
            sl = slice(None) if r is None else r
            state.arrays[fig][sl] += m["value"]
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
    for name in BONUS_FIGURES:
        clip(state.arrays[name], REGIONAL[name].lo, REGIONAL[name].hi, out=state.arrays[name])


# --- headline figures for reports, history and the timeline --------------
HEADLINE_LABELS: dict[str, tuple[str, str]] = {
    "collectivised_share": ("Collectivised households", "%"),
    "voluntary_share": ("In voluntary collectives", "%"),
    "forced_share": ("In state-driven kolkhozes", "%"),
    "harvest_true_mt": ("True harvest", "Mt"),
    "harvest_reported_mt": ("Reported harvest", "Mt"),
    "procurement_mt": ("Procured this year", "Mt"),
    "cattle_m": ("Cattle", "M"),
    "horses_m": ("Horses", "M"),
    "tractors": ("Tractors", ""),
    "famine_deaths_total_m": ("Famine deaths (total)", "M"),
    "deportation_deaths_m": ("Deaths in deportation (total)", "M"),
    "industry_index": ("Industry (1928=100)", ""),
    "grain_reserve_mt": ("State grain reserve", "Mt"),
    "urban_food": ("Cities' food supply", "%"),
    "standing": ("Party support", "%"),
    "tension": ("International tension", "%"),
    "readiness": ("War readiness", "%"),
    "hunger": ("Hunger (mean)", "%"),
    "unrest": ("Unrest (mean)", "%"),
    "trust": ("Peasant trust (mean)", "%"),
    "report_bias": ("Report inflation (mean)", "%"),
    "consumer_goods": ("Consumer goods", "%"),
    "population_m": ("Rural population", "M"),
}


def headline(state: State) -> dict[str, float]:
    a = state.arrays
    n = state.nat
    shares = state.form_shares()
    return {
        "collectivised_share": float(1 - shares[PRIVATE]),
        "voluntary_share": float(shares[VOLUNTARY]),
        "forced_share": float(shares[KOLKHOZ]),
        "harvest_true_mt": float(a["harvest_true"].sum()),
        "harvest_reported_mt": float(a["harvest_reported"].sum()),
        "procurement_mt": float(a["procured_year"].sum()),
        "cattle_m": float(a["cattle"].sum()),
        "horses_m": float(a["horses"].sum()),
        "tractors": float(n["tractors"]) * 1000.0,
        "famine_deaths_total_m": float(a["famine_deaths"].sum()),
        "deportation_deaths_m": float(n["deportation_deaths"]),
        "industry_index": float(n["industry"]),
        "grain_reserve_mt": float(n["grain_reserve"]),
        "urban_food": float(n["urban_food"]),
        "standing": float(n["standing"]),
        "tension": float(n["tension"]),
        "readiness": float(n["readiness"]),
        "hunger": float(_mean(a["hunger"])),
        "unrest": float(_mean(a["unrest"])),
        "trust": float(_mean(a["trust"])),
        "report_bias": float(_mean(a["report_bias"])),
        "consumer_goods": float(n["consumer_goods"]),
        "population_m": float(a["population"].sum()),
    }
