"""The world outside: the red scare, Germany, collective security and the war.

The first seed's three outcomes for the German question are reachable:
an isolated USSR facing Hitler alone; collective security with the Western
Allies; or no Nazi seizure of power if the German left is not split.
"""

from __future__ import annotations

import math

from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.fastmath import clip, mean
from game.engine.state import State

# Germany: -1 not yet decided, 0 the Weimar republic holds, 1 Nazis in power.
UNDECIDED, WEIMAR_HOLDS, NAZI = -1.0, 0.0, 1.0


def nazi_odds(state: State) -> float:
    """The chance that the Nazis take power when Germany decides (winter 1932-33): a
    split German left and fear of Soviet communism raise it."""
    n = state.nat
    return float(
        clip(0.92 - 0.75 * n["german_left_unity"] + 0.25 * (n["red_scare"] - 0.5), 0.03, 0.98)
    )


def update_world(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    n = state.nat
    a = state.arrays
    forced = float(mean(pol.forced))
    deaths = float(ctx.flow("famine_deaths").sum())
    # Terror and famine in the countryside feed the red scare abroad; voluntary
    # "vanguard heroes" are good propaganda.
    vol_share = float(state.form_shares()[1])
    n["red_scare"] += 0.02 * forced + 0.5 * deaths - 0.02 * vol_share * n["propaganda"]
    n["red_scare"] += 0.02 * (0.45 - n["red_scare"])
    n["red_scare"] = float(clip(n["red_scare"], 0, 1))
    n["propaganda"] += 0.03 * (vol_share * (0.5 + 0.5 * mean(a["autonomy"])) - n["propaganda"])
    n["propaganda"] = float(clip(n["propaganda"], 0, 1))

    # Germany decides in the winter of 1932-33 (Hitler appointed 30 Jan 1933).
    if n["germany"] == UNDECIDED and state.year == 1932 and state.season_index == 3:
        p_nazi = nazi_odds(state)
        ctx.figures["p_nazi"] = p_nazi
        if state.rng.random() < p_nazi:
            n["germany"] = NAZI
            n["tension"] += 0.2
            ctx.events.append("Germany: Hitler is appointed chancellor. War is now coming.")
        else:
            n["germany"] = WEIMAR_HOLDS
            ctx.events.append("Germany: the united left keeps the Nazis from power.")
    if n["germany"] == NAZI:
        n["tension"] += 0.012
        n["collective_security"] += 0.03 * (0.55 - n["red_scare"]) - 0.005
    else:
        n["tension"] += 0.01 * (0.3 - n["tension"])
    # Fear of the USSR abroad (terror, famine, Comintern) breeds hostility; a calm
    # countryside and showcase collectives ease it.
    n["tension"] += 0.03 * (n["red_scare"] - 0.55)
    n["tension"] = float(clip(n["tension"], 0, 1))
    n["collective_security"] = float(clip(n["collective_security"], 0, 1))
    exp = ctx.explain("tension", "International tension", n["tension"] * 100, "%")
    exp.add("Red scare abroad", n["red_scare"] * 100, "info", "%")
    exp.add("Collective security", n["collective_security"] * 100, "info", "%")
    exp.add(
        "Germany",
        n["germany"],
        "info",
        {-1.0: "undecided", 0.0: "Weimar holds", 1.0: "Nazi"}.get(n["germany"], ""),
    )


def war_strength(state: State) -> float:
    """Effective strength against Germany, 0..1-ish."""
    n = state.nat
    return (
        0.55 * n["readiness"]
        + 0.25 * n["collective_security"]
        + 0.2 * min(1.0, n["industry"] / 300.0)
        + 0.1 * float(mean(state.arrays["trust"]) - 0.4)
    )


def war_victory_chance(state: State) -> float:
    return 1.0 / (1.0 + math.exp(-8.0 * (war_strength(state) - 0.42)))


def war_is_early(state: State) -> bool:
    """An isolated and unready USSR is attacked a year early."""
    n = state.nat
    return n["germany"] == NAZI and n["collective_security"] < 0.3 and war_strength(state) < 0.25
