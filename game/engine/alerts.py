"""Alerts: the dangers a player should see before they land.

`alerts(state, history)` is a pure function of the state (and the figures of past
seasons, for trends): the UI draws the list (the campaign screen's outliner), it
decides nothing. Each alert says what is wrong, where, and how long is left.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.engine import constants as C
from game.engine.outcome import OUSTED_LEVEL
from game.engine.rules.world import APPOINTMENT, embassy_assessment
from game.engine.state import SEASONS, State

FAMINE_HUNGER = 0.05  # above this shortfall people die of hunger (rules/food.py)
HUNGER_WARNING = 0.02
OUSTER_MARGIN = 0.08  # support this close to the ouster line is a warning
GERMANY_DECIDES = APPOINTMENT[:2]  # year and season index of the decision (winter 1932-33)


@dataclass(frozen=True)
class Alert:
    kind: str  # "reserve", "famine", "hunger", "ouster", "revolt", "germany"
    level: str  # "danger" (act now), "warning" (soon), "info" (watch)
    title: str  # a few words for the outliner
    text: str  # what is wrong and what to do, for the tooltip
    region: int | None = None  # the region it is about, if one


LEVELS = ("danger", "warning", "info")


def urban_need(state: State) -> float:
    """Grain the cities eat in one season, Mt (as rules/food.feed_cities takes it)."""
    return float(C.URBAN_NEED_1928 * (state.nat["industry"] / 100.0) ** 0.5 / 4.0)


def seasons_to(state: State, year: int, season: int) -> int:
    """Seasons from now until (year, season index); negative once past."""
    return (year - state.year) * 4 + season - state.season_index


def _sources(reliability: float) -> str:
    if reliability >= 0.75:
        return "good: the Rapallo contacts"
    if reliability >= 0.55:
        return "fair"
    return "poor: an isolated embassy"


def _names(state: State, idx: Sequence[int]) -> str:
    names = [state.region_names[i] for i in idx]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def alerts(
    state: State,
    history: Sequence[Mapping[str, Any]] = (),
    previous_odds: float | None = None,
) -> list[Alert]:
    """The alerts for this season, the most urgent first. `history`: the campaign's
    rows of figures by season (trends); `previous_odds`: the Nazi odds seen last season
    (to say which way they moved)."""
    out: list[Alert] = []
    n, a = state.nat, state.arrays
    # the reserve against the cities' need
    need = urban_need(state)
    reserve = float(n["grain_reserve"])
    if reserve < need:
        out.append(
            Alert(
                "reserve",
                "danger",
                "Reserve below the cities' need",
                f"The state holds {reserve:.1f} Mt; the cities eat {need:.1f} Mt a season. "
                "They will go short: procure more, export less, or buy at a better price.",
            )
        )
    elif reserve < 2 * need:
        out.append(
            Alert(
                "reserve",
                "warning",
                "Reserve under two seasons",
                f"The state holds {reserve:.1f} Mt, the cities eat {need:.1f} Mt a season.",
            )
        )
    # hunger and famine in the regions
    hunger = np.asarray(a["hunger"], dtype=float)
    famine = [int(i) for i in np.flatnonzero(hunger > FAMINE_HUNGER)]
    if famine:
        worst = max(famine, key=lambda i: hunger[i])
        out.append(
            Alert(
                "famine",
                "danger",
                f"Famine in {_names(state, famine[:2])}"
                + (f" +{len(famine) - 2}" if len(famine) > 2 else ""),
                f"People are dying of hunger in {_names(state, famine)}: the worst, "
                f"{state.region_names[worst]}, lacks {hunger[worst] * 100:.0f} % of its food. "
                "Lower the quota there, send famine relief, stop exports.",
                worst,
            )
        )
    short = [int(i) for i in np.flatnonzero((hunger > HUNGER_WARNING) & (hunger <= FAMINE_HUNGER))]
    if short:
        out.append(
            Alert(
                "hunger",
                "warning",
                f"Hunger in {_names(state, short[:2])}" + (" …" if len(short) > 2 else ""),
                f"Villages go short in {_names(state, short)}; above "
                f"{FAMINE_HUNGER * 100:.0f} % short, people die.",
                short[0],
            )
        )
    # revolts
    revolt = [int(i) for i in np.flatnonzero(np.asarray(a["revolt"]) > 0)]
    if revolt:
        out.append(
            Alert(
                "revolt",
                "danger",
                f"Revolt in {_names(state, revolt[:2])}" + (" …" if len(revolt) > 2 else ""),
                f"The villages are up in arms in {_names(state, revolt)}: harvests fall and "
                "the Party watches. Less coercion and lower quotas calm them.",
                revolt[0],
            )
        )
    # the Party's patience
    line = float(state.params.get("ousted_level", OUSTED_LEVEL))
    standing = float(n["standing"])
    if standing - line < OUSTER_MARGIN:
        trend = 0.0
        if len(history) >= 2 and "standing" in history[-2]:
            trend = standing - float(history[-2]["standing"])
        left = ""
        if trend < -1e-6:
            k = max(0, int((standing - line) / -trend))
            left = f" At this season's fall, about {k} season{'s' if k != 1 else ''} are left."
        out.append(
            Alert(
                "ouster",
                "danger" if standing - line < OUSTER_MARGIN / 2 else "warning",
                "Near the ouster line",
                f"Support in the Party is {standing * 100:.0f} %; below {line * 100:.0f} % "
                f"you are removed.{left} See the Party screen for what each faction wants.",
            )
        )
    # Germany's next decision point, with the embassy's assessment
    assessment = embassy_assessment(state)
    if assessment is not None:
        odds, k = assessment.odds, assessment.seasons_left
        moved = ""
        if previous_odds is not None and abs(odds - previous_odds) >= 0.005:
            direction = "up" if odds > previous_odds else "down"
            moved = f" ({direction} from {previous_odds * 100:.0f} %)"
        when = "this season" if k == 0 else f"in {k} season{'s' if k != 1 else ''}"
        final = assessment.seasons_to_decision
        decides = (
            "Germany decides this season"
            if final == 0
            else f"Germany decides in {final} season{'s' if final != 1 else ''}"
        )
        out.append(
            Alert(
                "germany",
                "warning" if k <= 1 or final <= 4 else "info",
                decides if k == final else f"Germany votes {when}",
                f"{decides} ({SEASONS[GERMANY_DECIDES[1]]} of {GERMANY_DECIDES[0]}); next comes "
                f"{assessment.next_point}. Embassy assessment of a Nazi seizure of power: "
                f"{odds * 100:.0f} %{moved}, somewhere in {assessment.text()} (its sources "
                f"are {_sources(assessment.reliability)}). Nazi vote at the last election "
                f"{n['nazi_vote'] * 100:.0f} %, their strength now {n['nazi_strength'] * 100:.0f} %, "
                f"the German left's unity {n['german_left_unity'] * 100:.0f} %. A united front "
                "or popular front unites the German left; terror and famine at home, and the "
                "Depression, raise the odds.",
            )
        )
    out.sort(key=lambda al: LEVELS.index(al.level))
    return out
