"""The game-state engine: pure rules over numpy arrays.

This package never imports pygame or game.ui and never prints; the UI, the
CLI, the bots and the tests all drive the same functions.

Public entry points:
    new_state(scenario_id, seed)         -> State
    resolve_turn(state, decisions)       -> TurnReport   (mutates state)
    Decisions / Policy                   -> what the player decides each turn
"""

from game.engine.decisions import Decisions, Policy, RegionOverride
from game.engine.scenario import available_scenarios, load_scenario, new_state
from game.engine.state import FORMS, STRATA, State
from game.engine.turn import TurnReport, resolve_turn

__all__ = [
    "FORMS",
    "STRATA",
    "Decisions",
    "Policy",
    "RegionOverride",
    "State",
    "TurnReport",
    "available_scenarios",
    "load_scenario",
    "new_state",
    "resolve_turn",
]
