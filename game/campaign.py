"""A campaign: the engine state plus everything around it that a game needs.

`Campaign` ties the engine (rules), the deck (event cards) and the record
(history for charts, the decisions log for replays and saves) together. The
UI, the CLI, the bots and the tests all play through this one class.

Reproducibility: a campaign is fully determined by its scenario, seed,
difficulty, content (enabled mods) and the decisions log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.engine import Decisions, State, TurnReport, new_state, resolve_turn
from game.engine.bots import Bot
from game.engine.outcome import Score, score
from game.engine.scenario import Scenario, load_scenario
from game.engine.timeline import add_region_year, history_row, region_yearly, yearly
from game.errors import DecisionError


@dataclass
class Campaign:
    state: State
    scenario: Scenario
    decisions: Decisions
    history: list[dict[str, Any]] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)
    last_report: TurnReport | None = None
    deck: Any = None  # game.cards.deck.Deck once cards are loaded; None plays without cards
    pending: list[Any] = field(default_factory=list)  # cards drawn this turn, awaiting a choice
    choices: list[dict[str, Any]] = field(default_factory=list)  # choices made this turn
    # What this campaign's cards have done (game.cards.deck.CardMemory): it belongs to
    # the campaign, so a deck shared by two campaigns never mixes their stories.
    card_memory: Any = None
    # One record a year of the regions' figures (simulate --json "regions", charts).
    region_years: list[dict[str, Any]] = field(default_factory=list, repr=False)
    # The decisions as a replay of the log would have them at this point of the season
    # (after the draw, after each card answer). A card answered under other decisions
    # (the player moved a slider first) logs them with the answer, so the replay
    # evaluates the card's effects under the same policy. None: unknown (a loaded
    # save), so the next answer logs them.
    replay_baseline: dict[str, Any] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.deck is not None and hasattr(self.deck, "bind"):
            self.deck.bind(self)

    # --- creation ---------------------------------------------------------
    @classmethod
    def new(
        cls,
        scenario_id: str,
        seed: int = 0,
        difficulty: str = "normal",
        deck: Any = None,
    ) -> Campaign:
        state = new_state(scenario_id, seed, difficulty)
        sc = load_scenario(scenario_id)
        camp = cls(state=state, scenario=sc, decisions=Decisions(sc.initial_policy()), deck=deck)
        camp.history.append(history_row(state, label_turn=-1))
        camp.begin_turn()
        return camp

    # --- the turn -----------------------------------------------------------
    def begin_turn(self) -> None:
        """Draw this turn's cards (if a deck is loaded)."""
        if self.deck is not None and not self.state.finished:
            self.pending = list(self.deck.draw(self))
        else:
            self.pending = []
        self.replay_baseline = self.decisions.to_dict()

    def choose(self, card_id: str, option: int) -> str:
        """Answer a pending card. Returns a short text of what happened."""
        if self.deck is None:
            raise DecisionError("no cards are loaded in this campaign")
        for i, inst in enumerate(self.pending):
            if inst.card.id == card_id:
                now = self.decisions.to_dict()
                entry: dict[str, Any] = {"card": card_id, "option": int(option)}
                if now != self.replay_baseline:
                    entry["decisions"] = now
                text = self.deck.choose(self, inst, option)
                self.choices.append(entry)
                del self.pending[i]
                self.replay_baseline = self.decisions.to_dict()
                return text
        raise DecisionError(f"card '{card_id}' is not waiting for an answer this turn")

    def set_decisions(self, decisions: Decisions) -> None:
        self.decisions = decisions.validate(self.state.region_ids)

    def end_turn(self, decisions: Decisions | None = None) -> TurnReport:
        """Resolve the season. Cards still pending are answered with their first
        available option (a player who ends the turn has let events take their course)."""
        if decisions is not None:
            self.set_decisions(decisions)
        while self.pending:
            inst = self.pending[0]
            self.choose(inst.card.id, self.deck.default_option(self, inst))
        deaths_before = self.state.arrays["famine_deaths"].copy()
        report = resolve_turn(self.state, self.decisions)
        add_region_year(self.region_years, self.state, deaths_before)
        if self.deck is not None:
            self.deck.after_turn(self, report)
        self.log.append(
            {
                "turn": report.turn,
                "decisions": self.decisions.to_dict(),
                "cards": self.choices,
            }
        )
        self.choices = []
        self.history.append(history_row(self.state))
        self.last_report = report
        self.begin_turn()
        return report

    def play_bot(self, bot: Bot, max_turns: int | None = None) -> None:
        """Let a bot play (answering cards too) until the end or `max_turns` turns."""
        played = 0
        while not self.state.finished and (max_turns is None or played < max_turns):
            answer = getattr(bot, "answer", None)  # a strategy states how it answers cards
            while self.pending:
                inst = self.pending[0]
                pick = answer(self, inst) if answer else self.deck.bot_option(self, inst, bot)
                self.choose(inst.card.id, pick)
            self.end_turn(bot.decide(self.state))
            played += 1

    # --- results ------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.state.finished

    def timeline(self) -> list[dict[str, Any]]:
        return yearly(self.history[1:])

    def region_timeline(self) -> dict[str, list[dict[str, Any]]]:
        return region_yearly(self.region_years, self.state.region_ids)

    def score(self) -> Score:
        return score(self.state, self.state.params["baseline"])

    def cards_drawn(self) -> list[dict[str, Any]]:
        return [
            {"turn": entry["turn"], "card": c["card"], "option": c["option"]}
            for entry in self.log
            for c in entry["cards"]
        ]
