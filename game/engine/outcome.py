"""How a campaign ends, what the ending is called, and its score."""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.engine.context import TurnContext
from game.engine.fastmath import mean
from game.engine.rules.world import NAZI, deterrence_chance, war_is_early, war_victory_chance
from game.engine.state import State, livestock_units

OUSTED_TURNS = 4  # turns with the Party against you before you are sidelined
OUSTED_LEVEL = 0.3
COLLAPSE_UNREST = 0.75
COLLAPSE_TURNS = 3

OUTCOMES: dict[str, str] = {
    "ousted": "Sidelined",
    "collapse": "Collapse",
    "war_defeat": "Defeat in the war",
    "war_victory": "Victory in the war",
    "deterred": "Hitler deterred",
    "peace": "Peace in Europe",
}


def check_end(state: State, ctx: TurnContext) -> None:
    n = state.nat
    if n["standing"] < state.params.get("ousted_level", OUSTED_LEVEL):
        n["low_standing_turns"] += 1
    else:
        n["low_standing_turns"] = 0.0
    if float(mean(state.arrays["unrest"])) > COLLAPSE_UNREST:
        n["collapse_turns"] += 1
    else:
        n["collapse_turns"] = 0.0
    patience = state.params.get("difficulty_settings", {}).get("ousted_turns", OUSTED_TURNS)
    if n["low_standing_turns"] >= patience:
        state.outcome = "ousted"
        ctx.events.append("The Party has turned against you. You are sidelined, as Bukharin was.")
        return
    if n["collapse_turns"] >= COLLAPSE_TURNS:
        state.outcome = "collapse"
        ctx.events.append("Famine and revolt have broken the countryside. The regime collapses.")
        return
    at_end = state.turn >= state.end_turn
    early = state.turn == state.end_turn - 4 and war_is_early(state)
    if not (at_end or early):
        return
    if n["germany"] == NAZI:
        deter = deterrence_chance(state)
        if not early and state.rng.random() < deter:
            state.outcome = "deterred"
            ctx.events.append("Faced with a united front, Hitler backs down.")
            return
        p = war_victory_chance(state)
        ctx.figures["p_victory"] = p
        if early:
            ctx.events.append("Germany attacks a year early: the USSR stands alone and unready.")
        if state.rng.random() < p:
            state.outcome = "war_victory"
            ctx.events.append("The invasion is thrown back. The war is won at terrible cost.")
        else:
            state.outcome = "war_defeat"
            ctx.events.append("The invasion cannot be stopped. The revolution is lost in the war.")
    else:
        state.outcome = "peace"
        ctx.events.append("Europe is at peace: there is no war in the east.")


@dataclass
class Score:
    total: float
    parts: dict[str, float]
    ending: str
    ending_text: str


def score(state: State, baseline: dict[str, float]) -> Score:
    """Score a campaign against its starting figures (`baseline`).

    No part has a cap: gains flatten (square roots, a logarithm) so that no single
    constant policy maxes a part out, and every death counts the same, so a war won
    on millions of dead scores as what it is."""
    a = state.arrays
    n = state.nat
    shares = state.form_shares()
    base_per_cap = baseline["harvest"] / max(baseline["population"], 1e-9)
    per_cap = n.get("harvest_per_capita", base_per_cap)
    base_lu = baseline.get("livestock_units", baseline["livestock"])
    lu = float(livestock_units(a).sum())
    deaths = float(a["famine_deaths"].sum()) + n["deportation_deaths"]
    industry = max(n["industry"], 1.0) / max(baseline.get("industry", 100.0), 1.0)
    parts = {
        "prosperity": 30.0 * math.sqrt(max(per_cap / base_per_cap, 0.0)),
        "livestock": 15.0 * math.sqrt(max(lu / max(base_lu, 1e-9), 0.0)),
        "collectivised": 10.0 * float(1 - shares[0]),
        "voluntary": 10.0 * float(shares[1]),
        "readiness": 25.0 * n["readiness"],
        "industry": 20.0 * math.log(industry) / math.log(3.0),
        "human_cost": -HUMAN_COST_PER_M * deaths,
        "outcome": {
            "war_victory": 25.0,
            "deterred": 30.0,
            "peace": 30.0,
            # Defeat loses everything the campaign built: it must outweigh prosperity.
            "war_defeat": -60.0,
            "ousted": -20.0,
            "collapse": -45.0,
        }.get(state.outcome or "", 0.0),
    }
    ending, text = name_ending(state)
    return Score(round(sum(parts.values()), 2), parts, ending, text)


HUMAN_COST_PER_M = 10.0


def name_ending(state: State) -> tuple[str, str]:
    shares = state.form_shares()
    deaths = float(state.arrays["famine_deaths"].sum()) + state.nat["deportation_deaths"]
    voluntary_led = shares[1] > shares[2]
    o = state.outcome
    if o == "ousted":
        return "Sidelined", "The Party turned on you; others will answer the peasant question."
    if o == "collapse":
        return "The Countryside Rises", "Hunger and revolt broke the worker-peasant alliance."
    if o == "war_defeat":
        return (
            "The Fortress Falls",
            "Alone and unready, the Soviet state did not survive the invasion.",
        )
    if o == "peace":
        if voluntary_led:
            return (
                "A Europe Without Hitler",
                "The German left stood together; the free collectives grew in peace.",
            )
        return "A Europe Without Hitler", "No war came from the west. The kolkhoz order remains."
    if o == "deterred":
        return "Collective Security", "Hitler, facing a united front, never dared the invasion."
    if voluntary_led and deaths < 1.0:
        return (
            "The Smychka Holds",
            "Voluntary collectives and a fed countryside carried the country through the war.",
        )
    if deaths > 3.0:
        return (
            "Victory on Bones",
            "The war was won, on an industry built from a starved countryside.",
        )
    return "The Long Road", "The war was won; the peasant question is still open."


def baseline_of(state: State) -> dict[str, float]:
    a = state.arrays
    return {
        "harvest": float((a["area"] * a["base_yield"]).sum()),
        "population": float(a["population"].sum()),
        "livestock": float(a["cattle"].sum() + a["horses"].sum()),
        "livestock_units": float(livestock_units(a).sum()),
        "industry": float(state.nat["industry"]),
    }
