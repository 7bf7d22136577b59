"""One season's resolution: `resolve_turn(state, decisions) -> TurnReport`.

The order of the rules is the order of the farming year: weather and sowing
in spring, the harvest in autumn, procurement in autumn and winter; people,
herds, industry and politics move every season.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.engine import breakdowns
from game.engine import constants as C
from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy, Decisions, prepare
from game.engine.explain import Explanation
from game.engine.figures import apply_modifiers, headline
from game.engine.outcome import check_end
from game.engine.rules import (
    economy,
    food,
    harvest,
    herds,
    information,
    membership,
    population,
    procurement,
    society,
    war,
    world,
)
from game.engine.rules.productivity import productivity
from game.engine.state import State
from game.errors import DecisionError


@dataclass
class TurnReport:
    """What changed this turn and why (`before`, `after`, `explanations` and the
    regional breakdowns stay empty for a turn resolved with describe=False)."""

    turn: int
    date: str
    before: dict[str, float]
    after: dict[str, float]
    events: list[str] = field(default_factory=list)
    explanations: dict[str, Explanation] = field(default_factory=dict)
    # Per-region breakdowns, built on first access: bots and the balance lab
    # never read them, and building them costs more than the rules themselves.
    regional_builders: dict[str, Any] = field(default_factory=dict, repr=False)
    outcome: str | None = None

    def regional_for(self, name: str) -> list[Explanation] | None:
        """One regional breakdown, built if it has not been (the others are left)."""
        value = self.regional_builders.get(name)
        if callable(value):
            value = self.regional_builders[name] = value()
        return value

    @property
    def regional(self) -> dict[str, list[Explanation]]:
        for name, value in list(self.regional_builders.items()):
            if callable(value):
                self.regional_builders[name] = value()
        return self.regional_builders

    def changes(self) -> dict[str, tuple[float, float]]:
        return {k: (self.before[k], self.after[k]) for k in self.after if k in self.before}

    def to_dict(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "date": self.date,
            "before": self.before,
            "after": self.after,
            "events": self.events,
            "explanations": {k: v.to_dict() for k, v in self.explanations.items()},
            "regional": {k: [e.to_dict() for e in v] for k, v in self.regional.items()},
            "outcome": self.outcome,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TurnReport:
        return cls(
            turn=int(d["turn"]),
            date=str(d["date"]),
            before={k: float(v) for k, v in d["before"].items()},
            after={k: float(v) for k, v in d["after"].items()},
            events=[str(e) for e in d.get("events", [])],
            explanations={
                k: Explanation.from_dict(v) for k, v in d.get("explanations", {}).items()
            },
            regional_builders={
                k: [Explanation.from_dict(e) for e in v] for k, v in d.get("regional", {}).items()
            },
            outcome=d.get("outcome"),
        )


def resolve_turn(
    state: State,
    decisions: Decisions | CompiledPolicy,  # type: ignore[valid-type]
    describe: bool = True,
) -> TurnReport:
    """Advance `state` by one season under `decisions`. Mutates `state`.

    `describe` (a player's turn: Campaign.end_turn describes by default): the rules
    also record the breakdowns of game.engine.breakdowns. Without it (bots, the lab,
    the bench's turn_ms) they cost nothing. The state comes out the same either way.

    `decisions` may be compiled already (`decisions.prepare`): a campaign keeps its
    compiled policy while the decisions do not change, and so skips the compilation.
    With `describe` false (bots, the lab, replays) the report has no explanations and
    no before/after figures, and the rules skip the work that only feeds those; the
    state comes out bit for bit the same."""
    if state.finished:
        raise DecisionError(f"the campaign has ended ({state.outcome}); no more turns")
    if isinstance(decisions, Decisions):
        pol = prepare(decisions, state.region_ids)
    else:
        pol = decisions
        if pol.region_ids != state.region_ids:
            raise DecisionError("the policy was compiled for other regions than the campaign's")
    ctx = TurnContext(state.n_regions, describe)
    date = state.date_label
    before = headline(state) if describe else {}
    season = state.season_index
    breakdowns.open_ledgers(state, ctx)
    record = ctx.flows if describe else None  # where the tractors stand (breakdowns)

    apply_modifiers(state, ctx)
    cadres = ctx.ledger("cadres")
    if cadres is not None:
        went = -(1 - C.CADRE_RETENTION) * state.arrays["cadres"]
        cadres.add("Went home at the end of their terms", went)
        cadres.add("Sent this season (policy)", pol.cadres)
    society.move_cadres(state, pol)
    prod = productivity(state, pol, record)
    membership.apply_membership(state, pol, prod, ctx)
    if season == 0:
        harvest.draw_weather(state, ctx)
        harvest.sown_area(state, pol, ctx)
        harvest.sow(state, ctx)
    information.update_reporting(state, pol, ctx)
    if season == 2:
        prod = productivity(state, pol, record)
        harvest.harvest(state, pol, prod, ctx)
        state.nat["exports_year"] = 0.0
    if season in (2, 3):
        procurement.procure(state, pol, ctx)
    food.feed_cities(state, ctx, pol)
    food.give_relief(state, pol, ctx)
    rationed = food.ration_villages(state, pol, ctx)
    herds.tend_herds(state, pol, rationed.fodder_short, ctx)
    deaths = food.famine(state, ctx)
    population.grow_population(state, deaths, ctx)
    economy.run_economy(state, pol, ctx)
    society.update_trust_and_unrest(state, pol, ctx)
    society.update_factions(state, pol, ctx)
    world.update_world(state, pol, ctx)
    war.update_war(state, pol, ctx)
    check_end(state, ctx)
    breakdowns.close_ledgers(state, ctx)
    state.nat["last_famine_deaths"] = ctx.flow_total("famine_deaths")
    state.nat["last_procured"] = ctx.figures.get("procured", 0.0)
    state.nat["last_exported"] = ctx.figures.get("exported", 0.0)
    state.nat["last_deported"] = ctx.flow_total("deported") * C.PEOPLE_PER_HOUSEHOLD
    state.turn += 1
    return TurnReport(
        turn=state.turn - 1,
        date=date,
        before=before,
        after=headline(state) if describe else {},
        events=ctx.events,
        explanations=ctx.national,
        regional_builders=ctx.regional if describe else {},
        outcome=state.outcome,
    )
