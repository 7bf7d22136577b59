"""How a campaign ends, what the ending is called, and its score."""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.engine.context import TurnContext
from game.engine.fastmath import any_true, total
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
    "war_stalemate": "The war ends in a stalemate",
    "war_peace": "A separate peace",
    "deterred": "Hitler deterred",
    "peace": "Peace in Europe",
}
WAR_OUTCOMES = ("war_victory", "war_stalemate", "war_peace", "war_defeat")

# What each ending is worth. An honest victory (Berlin, at a cost a prepared country pays)
# must not score below a peace that fell from the sky: the victory's own points outweigh
# peace's by about what such a war's dead cost (WAR_DEATH_COST_PER_M).
OUTCOME_POINTS: dict[str, float] = {
    "war_victory": 50.0,
    "deterred": 32.0,
    "peace": 30.0,
    "war_stalemate": 5.0,
    "war_peace": -15.0,
    # Defeat loses everything the campaign built: it must outweigh prosperity.
    "war_defeat": -60.0,
    "ousted": -20.0,
    "collapse": -45.0,
}
HUMAN_COST_PER_M = 10.0  # a death from hunger or deportation: the policy's own victims
# A soldier or civilian killed by the invader: every one counts, at a fraction of a death
# the player's own policy caused -- but wartime hunger (requisitions, rationing) counts in
# full, with the famine's.
WAR_DEATH_COST_PER_M = 1.5
TERRITORY_COST = 30.0  # for the whole population in enemy hands at the end


def check_end(state: State, ctx: TurnContext) -> None:
    """The Party's patience, the countryside's, and the end date. The war decides its own
    end (game.engine.rules.war, run just before): a war under way prolongs the campaign."""
    n = state.nat
    if n["standing"] < state.params.get("ousted_level", OUSTED_LEVEL):
        n["low_standing_turns"] += 1
    else:
        n["low_standing_turns"] = 0.0
    # Unrest where the state still rules: the occupied villages' despair is the enemy's.
    occupied = state.arrays["occupied"]
    if any_true(occupied):
        held = 1.0 - occupied
        unrest = float(total(state.arrays["unrest"] * held)) / max(float(total(held)), 1e-9)
    else:  # all held (no war): the weights are 1.0 and their sum the count, exactly
        unrest = float(total(state.arrays["unrest"])) / float(occupied.size)
    if unrest > COLLAPSE_UNREST:
        n["collapse_turns"] += 1
    else:
        n["collapse_turns"] = 0.0
    if state.outcome is not None:  # the war ended this season
        return
    patience = state.params.get("difficulty_settings", {}).get("ousted_turns", OUSTED_TURNS)
    if n["low_standing_turns"] >= patience:
        state.outcome = "ousted"
        ctx.events.append("The Party has turned against you. You are sidelined, as Bukharin was.")
        return
    if n["collapse_turns"] >= COLLAPSE_TURNS:
        state.outcome = "collapse"
        ctx.events.append("Famine and revolt have broken the countryside. The regime collapses.")
        return
    if state.turn < state.end_turn or n["at_war"]:
        return
    if n["deterred"]:
        state.outcome = "deterred"
        ctx.events.append("Hitler never dared the invasion: collective security held.")
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
    constant policy maxes a part out. Every death from hunger and deportation counts
    the same, in peace and in war; the invader's dead count too, and land left in
    the enemy's hands at the end (a separate peace, a stalemate) is a loss."""
    a = state.arrays
    n = state.nat
    shares = state.form_shares()
    base_per_cap = baseline["harvest"] / max(baseline["population"], 1e-9)
    per_cap = n.get("harvest_per_capita", base_per_cap)
    base_lu = baseline.get("livestock_units", baseline["livestock"])
    lu = float(livestock_units(a).sum())
    deaths = float(a["famine_deaths"].sum()) + n["deportation_deaths"]
    killed = n["military_deaths"] + n["civilian_deaths"]
    pop = a["population"]
    held = float((a["occupied"] * pop).sum()) / max(float(pop.sum()), 1e-9)
    industry = max(n["industry"], 1.0) / max(baseline.get("industry", 100.0), 1.0)
    parts = {
        "prosperity": 30.0 * math.sqrt(max(per_cap / base_per_cap, 0.0)),
        "livestock": 15.0 * math.sqrt(max(lu / max(base_lu, 1e-9), 0.0)),
        "collectivised": 10.0 * float(1 - shares[0]),
        "voluntary": 10.0 * float(shares[1]),
        "readiness": 25.0 * n["readiness"],
        "industry": 20.0 * math.log(industry) / math.log(3.0),
        "human_cost": -HUMAN_COST_PER_M * deaths,
        "war_dead": -WAR_DEATH_COST_PER_M * killed,
        "territory": -TERRITORY_COST * held,
        "outcome": OUTCOME_POINTS.get(state.outcome or "", 0.0),
    }
    ending, text = name_ending(state)
    return Score(round(sum(parts.values()), 2), parts, ending, text)


def name_ending(state: State) -> tuple[str, str]:
    shares = state.form_shares()
    n = state.nat
    famine = float(state.arrays["famine_deaths"].sum()) + n["deportation_deaths"]
    voluntary_led = shares[1] > shares[2]
    war_dead = n["war_deaths"]
    o = state.outcome
    if o == "ousted":
        return "Sidelined", "The Party turned on you; others will answer the peasant question."
    if o == "collapse":
        return "The Countryside Rises", "Hunger and revolt broke the worker-peasant alliance."
    if o == "war_defeat":
        return (
            "The Fortress Falls",
            f"Moscow and the Volga were lost; the Soviet state did not survive the invasion "
            f"({war_dead:.0f} million dead).",
        )
    if o == "war_peace":
        return (
            "A New Brest-Litovsk",
            f"A separate peace gave Germany the west ({int(n['max_occupied_regions'])} regions "
            f"at its worst); the revolution lives on, smaller.",
        )
    if o == "war_stalemate":
        where = "on the Volga" if n["front"] > 0.6 else "on the old frontiers"
        return (
            "Stalemate on the Volga" if n["front"] > 0.6 else "An Armistice",
            f"Neither side could win; the war ended {where} after "
            f"{int(n['war_seasons'])} seasons and {war_dead:.0f} million dead.",
        )
    if o == "peace":
        if voluntary_led:
            return (
                "A Europe Without Hitler",
                "The German left stood together; the free collectives grew in peace.",
            )
        return "A Europe Without Hitler", "No war came from the west. The kolkhoz order remains."
    if o == "deterred":
        return "Hitler Deterred", "Facing a united front, Hitler never dared the invasion."
    # Victory in Berlin, told by what it cost and what the countryside looked like.
    years = f"{n['war_seasons'] / 4.0:.2f}".rstrip("0").rstrip(".")
    cost = f"after {years} years and {war_dead:.0f} million dead"
    if voluntary_led and famine < 1.0:
        return (
            "Victory in Berlin: the Smychka Holds",
            f"A fed countryside that did not collaborate carried the war to Berlin, {cost}.",
        )
    if famine > 3.0:
        return (
            "Victory in Berlin, on Bones",
            f"The war was won in Berlin, {cost}, on an industry built from a starved countryside.",
        )
    return "Victory in Berlin", f"The war was won in Berlin, {cost}; the peasant question is open."


def baseline_of(state: State) -> dict[str, float]:
    a = state.arrays
    return {
        "harvest": float((a["area"] * a["base_yield"]).sum()),
        "population": float(a["population"].sum()),
        "livestock": float(a["cattle"].sum() + a["horses"].sum()),
        "livestock_units": float(livestock_units(a).sum()),
        "industry": float(state.nat["industry"]),
    }
