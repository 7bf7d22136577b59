"""Small hand-built states for rule tests: two regions, round numbers, nothing random.

given = tiny_state(cattle=[10, 10])       # set only what the test is about
pol = compiled(path="forced", coercion=1)  # a national policy, compiled for the state
"""

from __future__ import annotations

from typing import Any

import numpy as np

from game.engine.context import TurnContext
from game.engine.decisions import Decisions, Policy, RegionOverride, compile_decisions
from game.engine.state import (
    FORM_ARRAYS,
    N_FORMS,
    N_STRATA,
    REGION_ARRAYS,
    STRATUM_ARRAYS,
    State,
    livestock_units,
)
from game.engine.vocab import national_start, scenario_national_start

REGIONS = ("north", "south")


def tiny_state(**arrays: Any) -> State:
    """Two regions of a million households each, all private, fed, calm; `arrays`
    replaces any state array (a list per region, or a nested list per stratum)."""
    n = len(REGIONS)
    a: dict[str, np.ndarray] = {k: np.zeros(n) for k in REGION_ARRAYS}
    a.update({k: np.zeros((n, N_STRATA)) for k in STRATUM_ARRAYS})
    a.update({k: np.zeros((n, N_STRATA, N_FORMS)) for k in FORM_ARRAYS})
    a["households"][:] = [0.1, 0.3, 0.5, 0.1]
    a["forms"][:, :, 0] = 1.0
    a["trust"][:] = 0.5
    a["population"][:] = 4.9
    a["area"][:] = 10.0
    a["base_yield"][:] = 0.8
    a["skill"][:] = a["weather"][:] = a["sown_factor"][:] = a["seed_cover"][:] = 1.0
    a["cattle"][:] = a["cattle_base"][:] = 3.0
    a["horses"][:] = a["draught_base"][:] = 2.0
    a["grain_held"][:] = 5.0
    # each region's history and its land as it was (issue #9): a plain grain region
    a["area_base"][:] = a["area"]
    a["yield_potential"][:] = a["base_yield"]
    a["resistance"][:] = 1.0
    a["harvest_true"][:] = a["harvest_reported"][:] = 8.0
    for name, value in arrays.items():
        a[name][:] = np.asarray(value, dtype=np.float64)
    if "herd_base" not in arrays:
        a["herd_base"][:] = livestock_units(a)
    return State(
        scenario_id="tiny",
        region_ids=REGIONS,
        region_names=("North", "South"),
        start_year=1930,
        start_season=0,
        end_turn=40,
        turn=0,
        arrays=a,
        nat={**scenario_national_start(), **national_start()},
        factions={"left": 0.5},
        params={"factions": {"left": {"name": "Left", "weight": 1.0, "likes": {}}}},
        rng=np.random.default_rng(0),
    )


def compiled(overrides: dict[str, dict[str, Any]] | None = None, **policy: Any) -> Any:
    """A national policy (and per-region overrides) compiled for the tiny state's regions."""
    ovs = {r: RegionOverride(**o) for r, o in (overrides or {}).items()}
    return compile_decisions(Decisions(Policy(**policy), ovs), REGIONS)


def ctx() -> TurnContext:
    return TurnContext(len(REGIONS))


def at_season(state: State, season: int) -> State:
    """The state moved to a season (0 spring .. 3 winter) of its first year."""
    state.turn = season - state.start_season
    return state
