"""A campaign: the engine state plus everything around it that a game needs.

`Campaign` ties the engine (rules), the deck (event cards) and the record
(history for charts, the decisions log for replays and saves) together. The
UI, the CLI, the bots and the tests all play through this one class.

Reproducibility: a campaign is fully determined by its scenario, seed,
difficulty, content (enabled mods) and the decisions log.
"""

from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from game.engine import Decisions, State, TurnReport, new_state, resolve_turn
from game.engine.bots import Bot
from game.engine.decisions import CompiledPolicy, compile_decisions
from game.engine.outcome import Score, score
from game.engine.scenario import Scenario, load_scenario
from game.engine.timeline import add_region_year, history_row, region_yearly, yearly
from game.errors import DecisionError

if TYPE_CHECKING:
    from game.cards.content import Content
    from game.cards.deck import CardInstance, CardMemory


class CampaignDeck(Protocol):
    """What a campaign needs of its deck (game.cards.deck.Deck; the persistence tests
    use a small fake): the content it was loaded from, what a season calls (draw,
    answer, default and bot answers, the end of the season), and what a save calls
    (the memory, a pending card rebuilt, the content's list)."""

    content: Content

    def bind(self, campaign: Campaign) -> CardMemory | None: ...

    def draw(self, campaign: Campaign) -> list[CardInstance]: ...

    def choose(
        self, campaign: Campaign, inst: CardInstance, option_index: int, describe: bool = True
    ) -> str: ...

    def default_option(self, campaign: Campaign, inst: CardInstance) -> int: ...

    def bot_option(self, campaign: Campaign, inst: CardInstance, bot: Bot) -> int: ...

    def after_turn(self, campaign: Campaign, report: TurnReport | None = None) -> None: ...

    def instance(self, campaign: Campaign, card_id: str) -> CardInstance: ...

    def state_dict(self) -> dict[str, Any]: ...

    def load_state(self, d: dict[str, Any]) -> None: ...

    def content_info(self) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class Action:
    """One thing the player did this season that undo can take back."""

    kind: str  # "policy" or "card"
    label: str  # what the undo list shows
    decisions: Decisions | None = None
    card: str = ""
    option: int = 0
    keys: tuple[str, ...] = ()  # the levers a policy action changed
    before: Decisions | None = None  # the decisions it changed


# At most this many other timelines are remembered by a campaign (the oldest go first).
MAX_RELATIVES = 12

# Breakdowns that only some seasons bring, kept until the next such season (and across a
# save) so the panels can show them all year: kind -> (its national explanations, its
# regional ones). A report brings the kind when it has the first national explanation.
SEASON_SCOPED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "harvest": (("harvest_true_mt", "harvest_reported_mt"), ("harvest",)),
    "procurement": (("procurement_mt",), ("procurement",)),
    "sowing": (("sown_mha",), ()),
}


# Seasons described at the end of a bot's or a replay's run that a player takes over:
# a year, so the last harvest's, procurement's and sowing's reports are kept too.
DESCRIBED_AT_THE_END = 4


def kept_part(report: TurnReport, kind: str) -> TurnReport:
    """The part of `report` that a kind of season-scoped breakdown keeps (what a save
    holds of it): its explanations, its regional breakdowns built, nothing else."""
    nat, reg = SEASON_SCOPED[kind]
    regional = {}
    for name in reg:
        built = report.regional_for(name)
        if built is not None:
            regional[name] = built
    return TurnReport(
        turn=report.turn,
        date=report.date,
        before={},
        after={},
        explanations={k: report.explanations[k] for k in nat if k in report.explanations},
        regional_builders=regional,
    )


@dataclass
class Relative:
    """Another timeline of this campaign's family (the one it branched from, or one
    branched before it) as it stood when this campaign left it: what the charts
    overlay and the end screen's table of branches lists. Saved with the campaign,
    so the overlays survive a restart."""

    id: str
    label: str
    parent: dict[str, Any] | None  # {"id", "turn"}: where it left its own parent
    history: list[dict[str, Any]]  # its per-turn history rows (as Campaign.history)
    outcome: str | None  # None: still under way when it was last seen
    score: float  # its score then (so far, if under way)
    ending: str  # the ending's name (for one under way: what it would be now)
    famine: float  # famine deaths, millions
    date: str  # the season it had reached


@dataclass
class Campaign:
    state: State
    scenario: Scenario
    decisions: Decisions
    history: list[dict[str, Any]] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)
    last_report: TurnReport | None = None
    deck: CampaignDeck | None = None  # the event cards (None: a campaign without cards)
    pending: list[CardInstance] = field(default_factory=list)  # drawn, awaiting an answer
    choices: list[dict[str, Any]] = field(default_factory=list)  # choices made this turn
    # What this campaign's cards have done (game.cards.deck.CardMemory): it belongs to
    # the campaign, so a deck shared by two campaigns never mixes their stories.
    card_memory: CardMemory | None = None
    # One record a year of the regions' figures (simulate --json "regions", charts).
    region_years: list[dict[str, Any]] = field(default_factory=list, repr=False)
    # The decisions as a replay of the log would have them at this point of the season
    # (after the draw, after each card answer). A card answered under other decisions
    # (the player moved a slider first) logs them with the answer, so the replay
    # evaluates the card's effects under the same policy. None: unknown (a loaded
    # save), so the next answer logs them.
    replay_baseline: dict[str, Any] | None = field(default=None, repr=False)
    # Which timeline this is: an id of its own, the campaign and turn it branched from
    # ({"id": ..., "turn": T}; None for an original), and ironman (no undo, no
    # branching, no quickload: the player chose the stakes when it began).
    campaign_id: str = ""
    parent: dict[str, Any] | None = None
    ironman: bool = False
    # Undo within the season: the player's actions since the season began (policy
    # changes and card answers), the campaign as it stood before the first of them,
    # and the actions taken back (redo). Undo restores that snapshot and plays the
    # remaining actions again: the engine is deterministic, so the state is exact.
    undo_actions: list[Action] = field(default_factory=list, repr=False)
    redo_actions: list[Action] = field(default_factory=list, repr=False)
    season_start: dict[str, Any] | None = field(default=None, repr=False)
    # The other timelines of this campaign's family it knows of (see Relative).
    relatives: list[Relative] = field(default_factory=list, repr=False)
    # The last report of each kind of SEASON_SCOPED breakdown (the last harvest's, the
    # last procurement's): saved, so a loaded campaign explains its harvest all year.
    kept_reports: dict[str, TurnReport] = field(default_factory=dict, repr=False)
    # False for a campaign played only for its result (game.lab.runner.run_job): it keeps
    # no decisions log (nor the log's replay baseline) and no yearly record of the
    # regions, which only saves, replays, the charts and simulate --json read. It plays
    # the same; the two records cost ~4 % of a lab campaign.
    keeps_log: bool = field(default=True, repr=False)

    def __post_init__(self) -> None:
        # The decisions compiled for the rules, with the Decisions object they came from
        # (derived, so not a field: a save need not hold it).
        self._compiled: tuple[Decisions, CompiledPolicy] | None = None
        self._valid: Decisions | None = None  # the Decisions object last validated
        self._baseline_of: tuple[Decisions | None, Any] = (None, None)
        self._logged: tuple[Decisions | None, Any] = (None, None)  # (decisions, their to_dict)
        if self.deck is not None:
            self.deck.bind(self)

    # --- creation ---------------------------------------------------------
    @classmethod
    def new(
        cls,
        scenario_id: str,
        seed: int = 0,
        difficulty: str = "normal",
        deck: CampaignDeck | None = None,
        ironman: bool = False,
        content: Content | None = None,
        keeps_log: bool = True,
    ) -> Campaign:
        """A new campaign of a scenario. `content` (game.cards.content.Content: the base
        game plus enabled mods) says which mod scenarios exist; it defaults to the deck's.
        `keeps_log=False`: a campaign played for its result only (see the field)."""
        if content is None and deck is not None:
            content = deck.content
        extra = content.scenarios if content is not None else None
        state = new_state(scenario_id, seed, difficulty, extra)
        sc = load_scenario(scenario_id, extra)
        camp = cls(
            state=state,
            scenario=sc,
            decisions=Decisions(sc.initial_policy()),
            deck=deck,
            keeps_log=keeps_log,
        )
        camp.campaign_id = new_campaign_id()
        camp.ironman = bool(ironman)
        camp.history.append(history_row(state, label_turn=-1))
        camp.begin_turn()
        return camp

    # --- timelines -------------------------------------------------------------
    @property
    def mode(self) -> str:
        """What saves say this campaign is: 'ironman', 'branch' or 'normal'."""
        return "ironman" if self.ironman else ("branch" if self.parent else "normal")

    def check_may_branch(self) -> None:
        """Raise DecisionError, with the reason, if this campaign may not be branched."""
        if self.ironman:
            raise DecisionError(
                "this is an ironman campaign: it cannot be branched (ironman turns off "
                "undo, branching and quickload; start a campaign without ironman to use them)"
            )

    def mark_branch(self, parent_id: str | None, turn: int) -> None:
        """Make this campaign a branch of `parent_id` that left it at the start of `turn`."""
        self.parent = {"id": str(parent_id or ""), "turn": int(turn)}
        self.campaign_id = new_campaign_id()
        self.ironman = False

    @property
    def timeline_label(self) -> str:
        """What this timeline is called beside its relatives."""
        if self.parent:
            return f"Branch of turn {int(self.parent['turn']) + 1}"
        return "The original"

    def as_relative(self) -> Relative:
        """This timeline's record, for the campaigns branched from it."""
        sc = self.score()
        return Relative(
            id=self.campaign_id,
            label=self.timeline_label,
            parent=dict(self.parent) if self.parent else None,
            history=[dict(r) for r in self.history],
            outcome=self.state.outcome,
            score=float(sc.total),
            ending=sc.ending,
            famine=float(self.state.arrays["famine_deaths"].sum()),
            date=self.state.date_label,
        )

    def inherit_family(self, parent: Campaign) -> None:
        """This campaign was just branched from `parent`: it remembers the parent as it
        stands now and the relatives the parent knew (at most MAX_RELATIVES)."""
        fam = [r for r in parent.relatives if r.id not in (parent.campaign_id, self.campaign_id)]
        fam.append(parent.as_relative())
        self.relatives = fam[-MAX_RELATIVES:]

    # --- the turn -----------------------------------------------------------
    def begin_turn(self) -> None:
        """Draw this turn's cards (if a deck is loaded)."""
        if self.deck is not None and not self.state.finished:
            self.pending = list(self.deck.draw(self))
        else:
            self.pending = []
        if self.keeps_log:
            self._set_baseline()
        self.undo_actions, self.redo_actions, self.season_start = [], [], None

    def _set_baseline(self) -> None:
        d, logged = self._logged
        # Right after a turn the decisions are those just logged: their dict is the
        # baseline (both are only read, never changed in place; to_dict runs once a turn).
        self.replay_baseline = logged if d is self.decisions else self.decisions.to_dict()
        self._logged = (None, None)
        # Which decisions object that dict was made from: while both stay the same
        # objects, the baseline need not be made again (a bot answers thousands of
        # cards; most change no policy).
        self._baseline_of = (self.decisions, self.replay_baseline)

    def _decisions_at_baseline(self) -> bool:
        d, base = self._baseline_of
        return d is self.decisions and base is self.replay_baseline

    def choose(self, card_id: str, option: int, describe: bool = True) -> str:
        """Answer a pending card. Returns a short text of what happened (empty when
        `describe` is false: bots and replays never read it)."""
        if self.deck is None:
            raise DecisionError("no cards are loaded in this campaign")
        for i, inst in enumerate(self.pending):
            if inst.card.id == card_id:
                if not self.keeps_log:  # nothing to log (see keeps_log)
                    text = self.deck.choose(self, inst, option, describe=describe)
                    del self.pending[i]
                    return text
                entry: dict[str, Any] = {"card": card_id, "option": int(option)}
                if not self._decisions_at_baseline():
                    now = self.decisions.to_dict()
                    if now != self.replay_baseline:
                        entry["decisions"] = now
                before = self.decisions
                text = self.deck.choose(self, inst, option, describe=describe)
                self.choices.append(entry)
                del self.pending[i]
                if self.decisions is not before or not self._decisions_at_baseline():
                    self._set_baseline()
                return text
        raise DecisionError(f"card '{card_id}' is not waiting for an answer this turn")

    def set_decisions(self, decisions: Decisions) -> None:
        """Take `decisions` for this season (checked now, so a bad one fails here)."""
        if decisions is self.decisions and self._valid is decisions:
            return  # the same frozen object: already checked
        decisions.validate(self.state.region_ids)
        self._valid = decisions
        self.decisions = decisions

    @property
    def compiled(self) -> CompiledPolicy:  # type: ignore[valid-type]
        """The current decisions, validated and compiled for the rules. Compiled when
        the turn is resolved, not at each change: card effects and the bot may change
        the policy several times in a season, and only the last is resolved."""
        d = self.decisions
        known = self._compiled
        if known is not None and known[0] is d:
            return known[1]
        if d is not self._valid:  # (decisions assigned directly, as undo does)
            d.validate(self.state.region_ids)
            self._valid = d
        regions = self.state.region_ids
        shared = _COMPILED.get(id(d))
        if shared is not None and shared[0] is d and shared[1] == regions:
            self._compiled = (d, shared[2])
        elif known is not None and d == known[0]:
            # Equal to the decisions compiled last (a bot deciding the same again):
            # the compiled policy is reused (the rules never write to it).
            self._compiled = (d, known[1])
        else:
            self._compiled = (d, _share(d, regions, compile_decisions(d, regions)))
        return self._compiled[1]

    # --- the player's actions, with undo -----------------------------------------
    def decide(self, decisions: Decisions, label: str = "") -> None:
        """The player changes the season's decisions (undoable). Changes to the same
        levers in a row (a slider dragged) are one step of undo."""
        before = self.decisions
        decisions = decisions.validate(self.state.region_ids)
        changed = _changed_keys(before, decisions)
        if not changed:
            return
        last = self.undo_actions[-1] if self.undo_actions else None
        if (
            last is not None
            and last.kind == "policy"
            and not self.redo_actions
            and last.before is not None
            and _changed_keys(last.before, decisions) <= set(last.keys)
        ):  # the same levers again: one step
            self.undo_actions[-1] = replace(last, decisions=decisions)
        else:
            keys = tuple(sorted(changed))
            self._record(
                Action("policy", label or _policy_label(keys), decisions, keys=keys, before=before)
            )
        self.set_decisions(decisions)

    def answer(self, card_id: str, option: int) -> str:
        """The player answers a pending card (undoable). Returns what happened."""
        title = next((i.card.title for i in self.pending if i.card.id == card_id), card_id)
        snapshot_needed = self.season_start is None and not self.ironman
        snap = self._snapshot() if snapshot_needed else None
        text = self.choose(card_id, option)  # raises before anything changed
        if not self.ironman:
            if snap is not None:
                self.season_start = snap
            self.undo_actions.append(
                Action("card", f"Answer to {title}", card=card_id, option=option)
            )
            self.redo_actions = []
        return text

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_actions) and not self.ironman

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_actions) and not self.ironman

    def undo(self) -> Action:
        """Take back the last action of this season; returns it."""
        self._check_undo()
        if not self.undo_actions:
            raise DecisionError("nothing to undo this season")
        act = self.undo_actions.pop()
        self.redo_actions.append(act)
        self._replay_season()
        return act

    def redo(self) -> Action:
        """Do again the last action taken back; returns it."""
        self._check_undo()
        if not self.redo_actions:
            raise DecisionError("nothing to redo")
        act = self.redo_actions.pop()
        self._apply(act)
        self.undo_actions.append(act)
        return act

    def _check_undo(self) -> None:
        if self.ironman:
            raise DecisionError("this is an ironman campaign: there is no undo")

    def _record(self, act: Action) -> None:
        if self.ironman:
            return
        if self.season_start is None:
            self.season_start = self._snapshot()
        self.undo_actions.append(act)
        self.redo_actions = []

    def _snapshot(self) -> dict[str, Any]:
        return {
            "state": self.state.copy(),
            "decisions": self.decisions,
            "pending": list(self.pending),
            "choices": copy.deepcopy(self.choices),
            "card_memory": copy.deepcopy(self.card_memory),
            "replay_baseline": copy.deepcopy(self.replay_baseline),
        }

    def _replay_season(self) -> None:
        snap = self.season_start
        if snap is None:
            return
        self.state = snap["state"].copy()
        self.decisions = snap["decisions"]
        self.pending = list(snap["pending"])
        self.choices = copy.deepcopy(snap["choices"])
        self.card_memory = copy.deepcopy(snap["card_memory"])
        self.replay_baseline = copy.deepcopy(snap["replay_baseline"])
        if self.deck is not None:
            self.deck.bind(self)
        for act in self.undo_actions:
            self._apply(act)

    def _apply(self, act: Action) -> None:
        if act.kind == "policy" and act.decisions is not None:
            self.set_decisions(act.decisions)
        elif act.kind == "card":
            self.choose(act.card, act.option)

    def end_turn(self, decisions: Decisions | None = None, describe: bool = True) -> TurnReport:
        """Resolve the season. Cards still pending are answered with their first
        available option (a player who ends the turn has let events take their course).
        `describe=False` (bots, the lab, replays) leaves the report without its
        explanations (see resolve_turn); the campaign comes out the same."""
        if decisions is not None:
            self.set_decisions(decisions)
        while self.pending:
            inst = self.pending[0]
            self.choose(inst.card.id, self.deck.default_option(self, inst), describe=False)
        record = self.keeps_log
        deaths_before = self.state.arrays["famine_deaths"].copy() if record else None
        report = resolve_turn(self.state, self.compiled, describe)
        if record:
            add_region_year(self.region_years, self.state, deaths_before)
        if self.deck is not None:
            self.deck.after_turn(self, report)
        if record:
            logged = self.decisions.to_dict()
            self.log.append({"turn": report.turn, "decisions": logged, "cards": self.choices})
            self._logged = (self.decisions, logged)
            self.choices = []
        self.history.append(history_row(self.state))
        self.last_report = report
        for kind, (nat, _reg) in SEASON_SCOPED.items():
            if nat[0] in report.explanations:  # a reference: nothing is built here
                self.kept_reports[kind] = report
        self.begin_turn()
        return report

    def kept_report(self, kind: str) -> TurnReport | None:
        """The last report that brought a SEASON_SCOPED breakdown ("harvest",
        "procurement", "sowing"), or None before the first such season."""
        return self.kept_reports.get(kind)

    def play_bot(self, bot: Bot, max_turns: int | None = None, describe: bool = False) -> None:
        """Let a bot play (answering cards too) until the end or `max_turns` turns. The
        last year of `max_turns` seasons is described (a player takes over from there:
        the last report has every breakdown, and the kept harvest, procurement and
        sowing reports are among that year's); the others only when `describe`."""
        played = 0
        bot.start(self.scenario)
        while not self.state.finished and (max_turns is None or played < max_turns):
            answer = getattr(bot, "answer", None)  # a strategy states how it answers cards
            while self.pending:
                inst = self.pending[0]
                pick = answer(self, inst) if answer else self.deck.bot_option(self, inst, bot)
                self.choose(inst.card.id, pick, describe=False)
            last = max_turns is not None and played >= max_turns - DESCRIBED_AT_THE_END
            self.end_turn(bot.decide(self.state), describe=describe or last)
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


# The policies compiled lately, shared by the campaigns of this process: a bot that
# memoises its decisions (game.engine.bots._MEMO) hands the same Decisions object to one
# campaign after another (a lab worker plays hundreds), and compiling cost ~15 us. Keyed
# by the object's id; the entry holds the object, so the id is not reused while it is
# kept. A compiled policy is only read by the rules; its arrays are made read-only here,
# so that a rule writing to one fails instead of changing other campaigns.
_COMPILED: dict[int, tuple[Decisions, tuple[str, ...], CompiledPolicy]] = {}
_COMPILED_LIMIT = 512


def _share(d: Decisions, regions: tuple[str, ...], pol: CompiledPolicy) -> CompiledPolicy:  # type: ignore[valid-type]
    for value in vars(pol).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    if len(_COMPILED) >= _COMPILED_LIMIT:
        _COMPILED.clear()
    _COMPILED[id(d)] = (d, regions, pol)
    return pol


def new_campaign_id() -> str:
    """A campaign's own id (ties branches to their parent). Random, not from the
    seed: two campaigns of the same seed are still two timelines."""
    return secrets.token_hex(6)


def _flat(decisions: Decisions) -> dict[str, Any]:
    d = decisions.to_dict()
    out: dict[str, Any] = {}
    for k, v in d["policy"].items():
        if isinstance(v, dict):
            out.update({f"{k}.{kk}": vv for kk, vv in v.items()})
        else:
            out[k] = v
    for rid, ov in d["overrides"].items():
        out.update({f"{rid}:{k}": v for k, v in ov.items()})
    return out


def _changed_keys(a: Decisions, b: Decisions) -> set[str]:
    fa, fb = _flat(a), _flat(b)
    return {k for k in fa.keys() | fb.keys() if fa.get(k) != fb.get(k)}


def _policy_label(changed: tuple[str, ...]) -> str:
    from game.engine.vocab import part_label

    names = []
    for key in changed:
        region, _, lever = key.rpartition(":")
        try:
            name = part_label(lever)
        except (KeyError, ValueError):
            name = lever
        names.append(f"{name} ({region})" if region else name)
    more = f" and {len(names) - 2} more" if len(names) > 2 else ""
    return "Changed " + ", ".join(names[:2]) + more
