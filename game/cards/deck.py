"""The deck at play: which cards a campaign draws each turn, and what answers do.

`Campaign` drives it: `draw` at the start of a turn, `choose` for each answer,
`after_turn` once the season is resolved. Draws are deterministic: they use
a generator seeded from the campaign's seed and the turn, never `state.rng`,
so cards do not shift the engine's randomness. The deck's memory (what was
drawn and chosen, cooldowns, situations, follow-ups) is `state_dict()`.
"""

from __future__ import annotations

import functools
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from game.cards.apply import EffectTarget, apply_effect
from game.cards.content import Content, load_content
from game.cards.expr import Env
from game.cards.loader import CardDef, OptionDef
from game.cards.mods import (
    BASE_CARDS_DIR,
    MAX_CONFIG_BYTES,
    PROJECT_MODS_DIR,
    config_path,
    user_mods_dir,
)
from game.cards.preview import option_preview
from game.engine.bots import Bot
from game.engine.state import State
from game.engine.turn import TurnReport
from game.errors import ContentError, DecisionError
from game.inputfile import FileRefused, read_bounded

# The drama manager's rules (see Deck.draw).
MAX_CARDS_PER_SEASON = 3  # never more cards than this in one season; the rest wait
MAX_QUIET_SEASONS = 2  # never more seasons in a row than this without a decision
CARD_CHANCE = 0.45  # chance of a debate/event card in a season that has no other decision
EXTRA_CHANCE = 0.1  # chance of one more when the season already has a decision
HOLD_GRACE = 2  # seasons past the end of its window a held-over card may still come
_SALT = 0x5EED_CA4D


@dataclass
class CardMemory:
    """One campaign's memory of its cards. It belongs to the campaign
    (`Campaign.card_memory`): a deck reused for another campaign starts afresh."""

    seen: dict[str, int] = field(default_factory=dict)  # card id -> turn first drawn
    fired: dict[str, int] = field(default_factory=dict)  # card id -> times drawn
    last_turn: dict[str, int] = field(default_factory=dict)  # card id -> turn last drawn
    chose: dict[str, int] = field(default_factory=dict)  # card id -> option (1-based) chosen
    situations_on: set[str] = field(default_factory=set)
    situations_used: set[str] = field(default_factory=set)
    follow_ups: list[tuple[int, str]] = field(default_factory=list)  # (turn due, card id)
    switched: dict[str, int] = field(default_factory=dict)  # situation id -> times switched on
    deferred: list[str] = field(default_factory=list)  # cards held over by the season cap
    last_decision: int = -1  # the last turn that had a card with a real choice

    def clear(self) -> None:
        fresh = CardMemory()
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(fresh, name))


def _memory_property(name: str) -> property:
    def get(self: Deck) -> Any:
        return getattr(self.memory, name)

    def put(self: Deck, value: Any) -> None:
        setattr(self.memory, name, value)

    return property(get, put, doc=f"The bound campaign's card memory: {name}")


class OptionView:
    """An option as offered to the player: `index` is its place in the card.

    `preview` (what the option will do, one line per effect) is built on first
    use: bots answer thousands of cards without ever reading one."""

    __slots__ = ("index", "id", "text", "_preview", "_make")

    def __init__(
        self,
        index: int,
        id: str,  # noqa: A002 - the card format calls it id
        text: str,
        preview: list[str] | None = None,
        make: Callable[[], list[str]] | None = None,
    ) -> None:
        self.index = index
        self.id = id
        self.text = text
        self._preview = preview
        self._make = make

    @property
    def preview(self) -> list[str]:
        if self._preview is None:
            self._preview = self._make() if self._make is not None else []
            self._make = None
        return self._preview

    def __repr__(self) -> str:
        return f"OptionView({self.index}, {self.id!r}, {self.text!r})"


@dataclass
class CardInstance:
    """A card drawn this turn, with the options available now."""

    card: CardDef
    options: list[OptionView]
    turn: int
    reason: str  # historical, random, follow-up, situation


class DeckCampaign(EffectTarget, Protocol):
    """What the deck needs of a campaign (game.campaign.Campaign): what its effects
    change (state and decisions) and the campaign's own card memory."""

    card_memory: CardMemory | None


NOTED = OptionDef(0, "noted", "Noted.", None, [], {}, 1.0, True, None, 1)


class Deck:
    """The loaded content and the rules of drawing it. What a campaign has drawn
    and chosen is that campaign's `CardMemory`; every call that takes a campaign
    works on its memory (`self.memory` is the one last used)."""

    seen = _memory_property("seen")
    fired = _memory_property("fired")
    last_turn = _memory_property("last_turn")
    chose = _memory_property("chose")
    situations_on = _memory_property("situations_on")
    situations_used = _memory_property("situations_used")
    follow_ups = _memory_property("follow_ups")

    def __init__(self, content: Content) -> None:
        self.content = content
        self.cards = content.cards
        self.problems = content.problems
        self._historical = [c for c in self.cards.values() if c.kind == "historical"]
        self._situations = [c for c in self.cards.values() if c.kind == "situation"]
        self._random = [c for c in self.cards.values() if c.kind in ("debate", "event")]
        self._by_scenario: dict[str, tuple[list[CardDef], ...]] = {}
        self._historical_by_key: dict[str, dict[int, list[CardDef]]] = {}
        self._random_by_key: dict[str, dict[int, list[CardDef]]] = {}
        self.memory = CardMemory()

    def reset(self) -> None:
        """Forget everything the bound campaign drew."""
        self.memory.clear()

    def new_memory(self) -> CardMemory:
        return CardMemory()

    def bind(self, campaign: DeckCampaign) -> CardMemory:
        """Work on `campaign`'s memory from now on (made empty if it has none)."""
        mem = campaign.card_memory
        if not isinstance(mem, CardMemory):
            mem = CardMemory()
            campaign.card_memory = mem
        self.memory = mem
        return mem

    # --- helpers ------------------------------------------------------------------
    def _env(self, campaign: DeckCampaign) -> Env:
        mem = self.bind(campaign)
        return Env(campaign.state, campaign.decisions.policy, mem.seen, mem.chose)

    @staticmethod
    def _in_scenario(cd: CardDef, scenario_id: str) -> bool:
        return not cd.scenarios or scenario_id in cd.scenarios

    def _used_up(self, cd: CardDef, turn: int) -> bool:
        mem = self.memory  # (not the properties: the draw asks this of ~9 cards a season)
        n = cd.max_times
        if n is not None and mem.fired.get(cd.id, 0) >= n:
            return True
        last = mem.last_turn.get(cd.id)
        return last is not None and turn - last <= cd.cooldown

    def _options(self, cd: CardDef, env: Env) -> list[OptionView]:
        opts = cd.options or [NOTED]
        avail = [o for o in opts if o.condition is None or o.condition(env)]
        if not avail:  # never leave a card without an answer
            avail = opts[:1]
        state = env.state
        return [
            OptionView(o.index, o.id, o.text, make=functools.partial(option_preview, o, state))
            for o in avail
        ]

    def _instance(self, cd: CardDef, env: Env, turn: int, reason: str) -> CardInstance:
        mem = self.memory
        mem.seen.setdefault(cd.id, turn)
        mem.fired[cd.id] = mem.fired.get(cd.id, 0) + 1
        mem.last_turn[cd.id] = turn
        return CardInstance(cd, self._options(cd, env), turn, reason)

    @staticmethod
    def _rng(state: State) -> random.Random:
        # Seeded from (seed, turn) only: the same draws whatever happened before,
        # and the engine's own generator (state.rng) is never touched.
        seed = int(state.params.get("seed", 0)) & 0xFFFF_FFFF_FFFF
        return random.Random(f"{seed}:{int(state.turn)}:{_SALT}")

    def _for_scenario(self, scenario_id: str) -> tuple[list[CardDef], ...]:
        lists = self._by_scenario.get(scenario_id)
        if lists is None:
            lists = tuple(
                [c for c in group if self._in_scenario(c, scenario_id)]
                for group in (self._situations, self._historical, self._random)
            )
            self._by_scenario[scenario_id] = lists
        return lists

    def _historical_at(self, scenario_id: str, key: int) -> list[CardDef]:
        """The scenario's historical cards whose window (date .. until) holds season `key`,
        in deck order (made once per season: the draw need not look at the others)."""
        by_key = self._historical_by_key.setdefault(scenario_id, {})
        found = by_key.get(key)
        if found is None:
            _, historical, _ = self._for_scenario(scenario_id)
            found = by_key[key] = [
                cd
                for cd in historical
                if cd.date_key is not None
                and cd.date_key
                <= key
                <= (cd.until_key if cd.until_key is not None else cd.date_key)
            ]
        return found

    def _random_at(self, scenario_id: str, key: int) -> list[CardDef]:
        """The scenario's debate and event cards that may come in season `key` at all (a
        weight above 0, the window holding it), in deck order, made once per season: the
        draw's pool need only look at these."""
        by_key = self._random_by_key.setdefault(scenario_id, {})
        found = by_key.get(key)
        if found is None:
            _, _, randoms = self._for_scenario(scenario_id)
            found = by_key[key] = [
                cd
                for cd in randoms
                if cd.weight > 0
                and (cd.date_key is None or key >= cd.date_key)
                and (cd.until_key is None or key <= cd.until_key)
            ]
        return found

    # --- the turn -----------------------------------------------------------------
    def draw(self, campaign: DeckCampaign) -> list[CardInstance]:
        """This turn's cards, chosen by the drama manager.

        In order: follow-ups due, cards held over from a crowded season,
        situations switching on, historical cards of this season, then debate and
        event cards by weight. At most MAX_CARDS_PER_SEASON are shown; the rest wait
        for the next season. When MAX_QUIET_SEASONS seasons in a row have passed
        without a decision, a debate or event card is drawn for sure if any may be
        (its window, condition, cooldown and per-campaign limit hold)."""
        st = campaign.state
        turn, sid = st.turn, st.scenario_id
        key = st.year * 4 + st.season_index
        env = self._env(campaign)
        mem = self.memory
        picked: list[tuple[CardDef, str]] = []
        taken: set[str] = set()

        def take(cd: CardDef, reason: str) -> None:
            picked.append((cd, reason))
            taken.add(cd.id)

        due = [f for f in mem.follow_ups if f[0] <= turn]
        mem.follow_ups = [f for f in mem.follow_ups if f[0] > turn]
        for _, cid in due:
            cd = self.cards.get(cid)
            if cd is None or cid in taken or self._used_up(cd, turn):
                continue
            has_window = cd.date_key is not None or cd.until_key is not None
            if has_window and not cd.in_window(key):  # a follow-up keeps to its era too
                continue
            if cd.condition is None or cd.condition(env):
                take(cd, "follow-up")

        held, mem.deferred = mem.deferred, []
        for cid in held:
            cd = self.cards.get(cid)
            if cd is None or cid in taken:
                continue
            if cd.kind == "situation":
                if cid not in mem.situations_on:
                    continue
            elif self._used_up(cd, turn):
                continue
            # A card held over keeps its world and stays near its era.
            if cd.world is not None and not cd.world(env):
                continue
            if not cd.in_window(key, HOLD_GRACE):
                continue
            take(cd, "held over")

        situations, _, _ = self._for_scenario(sid)
        for cd in situations:
            if (cd.date_key is not None or cd.until_key is not None) and not cd.in_window(key):
                mem.situations_on.discard(cd.id)  # a situation of an era ends with it
                continue
            if cd.id in mem.situations_on:
                if cd.off is not None and cd.off(env):
                    mem.situations_on.discard(cd.id)
            elif (
                (cd.max_times is None or mem.switched.get(cd.id, 0) < cd.max_times)
                and cd.on is not None
                and cd.on(env)
            ):
                mem.situations_on.add(cd.id)
                mem.situations_used.add(cd.id)
                mem.switched[cd.id] = mem.switched.get(cd.id, 0) + 1
                if cd.id not in taken:
                    take(cd, "situation")

        for cd in self._historical_at(sid, key):
            if cd.id in taken or self._used_up(cd, turn):
                continue
            if cd.condition is None or cd.condition(env):
                take(cd, "historical")

        # The season cap: what does not fit waits for the next season.
        if len(picked) > MAX_CARDS_PER_SEASON:
            for cd, _ in picked[MAX_CARDS_PER_SEASON:]:
                mem.deferred.append(cd.id)
            picked = picked[:MAX_CARDS_PER_SEASON]

        decided = any(cd.options for cd, _ in picked)
        quiet = turn - mem.last_decision - 1  # seasons in a row without a decision
        rng = self._rng(st)
        roll = rng.random()
        if len(picked) >= MAX_CARDS_PER_SEASON:
            n = 0
        elif not decided:
            n = 1 if (quiet >= MAX_QUIET_SEASONS or roll < CARD_CHANCE) else 0
        else:
            n = 1 if roll < EXTRA_CHANCE else 0
        if n:
            for cd in self._draw_random(self._random_at(sid, key), env, rng, turn, key, taken, n):
                take(cd, "random")

        out = [self._instance(cd, env, turn, reason) for cd, reason in picked]
        if any(cd.options for cd, _ in picked):
            mem.last_decision = turn
        return out

    def _draw_random(
        self,
        randoms: list[CardDef],
        env: Env,
        rng: random.Random,
        turn: int,
        key: int,
        taken: set[str],
        n: int,
    ) -> list[CardDef]:
        """Up to `n` debate/event cards by weight whose window and condition hold
        (`randoms`: those of the season, see `_random_at`)."""
        pool = []
        fired, last_turn = self.memory.fired, self.memory.last_turn
        for cd in randoms:
            if cd.id in taken:
                continue
            # (self._used_up, inlined: this loop sees every debate and event card)
            most = cd.max_times
            if most is not None and fired.get(cd.id, 0) >= most:
                continue
            last = last_turn.get(cd.id)
            if last is not None and turn - last <= cd.cooldown:
                continue
            pool.append(cd)
        # Pick by weight, then test the condition, dropping cards that fail:
        # the same odds as picking among the eligible cards, but only a few
        # conditions are evaluated each turn instead of all of them.
        got: list[CardDef] = []
        weights = [c.weight for c in pool]  # kept beside the pool (a draw picks ~8 times)
        while n and pool:
            i = _pick(rng, weights)
            cd = pool.pop(i)
            del weights[i]
            if cd.condition is None or cd.condition(env):
                got.append(cd)
                n -= 1
        return got

    def instance(self, campaign: DeckCampaign, card_id: str) -> CardInstance:
        """A pending card rebuilt after loading a save (the memory is already restored,
        so nothing is marked as drawn again)."""
        cd = self.cards.get(card_id)
        if cd is None:
            raise ContentError(f"card '{card_id}' is not in the loaded content")
        return CardInstance(
            cd, self._options(cd, self._env(campaign)), campaign.state.turn, "saved"
        )

    def choose(
        self, campaign: DeckCampaign, inst: CardInstance, option_index: int, describe: bool = True
    ) -> str:
        """Apply the chosen option (by its index in the card). Returns a one-line summary
        (empty when `describe` is false)."""
        view = next((o for o in inst.options if o.index == option_index), None)
        if view is None:
            avail = ", ".join(f"{o.index} ({o.id})" for o in inst.options)
            raise DecisionError(
                f"card '{inst.card.id}' has no available option {option_index}; available: {avail}"
            )
        cd = inst.card
        opt = cd.options[option_index] if cd.options else NOTED
        env = self._env(campaign)
        _refresh_lingering(campaign.state, cd.id, opt)
        for eff in opt.effects:
            apply_effect(eff, env, campaign, source=cd.id)
        st = campaign.state
        for fid, v in opt.factions.items():
            if fid in st.factions:
                st.factions[fid] = float(min(max(st.factions[fid] + v, 0.0), 1.0))
        if cd.options:
            self.chose[cd.id] = option_index + 1
        if opt.follow_up is not None:
            self.follow_ups.append((st.turn + opt.delay, opt.follow_up))
        if not describe:
            return ""
        summary = f"{cd.title}: {opt.text}"
        if view.preview:
            summary += " (" + "; ".join(view.preview) + ")"
        return summary

    def default_option(self, campaign: DeckCampaign, inst: CardInstance) -> int:
        """The answer given when the player ends the turn without choosing: the first available."""
        return inst.options[0].index

    def bot_option(self, campaign: DeckCampaign, inst: CardInstance, bot: Bot) -> int:
        """The historical bot takes the option marked historical; other bots pick by bot_weight."""
        cd = inst.card
        if not cd.options:
            return 0
        if getattr(bot, "name", "") == "historical":
            for v in inst.options:
                if cd.options[v.index].historical:
                    return v.index
        weights = [cd.options[v.index].bot_weight for v in inst.options]
        i = int(bot.choose_option(campaign.state, weights))
        return inst.options[min(max(i, 0), len(inst.options) - 1)].index

    def after_turn(self, campaign: DeckCampaign, report: TurnReport | None = None) -> None:
        """Once per resolved season: the people react to policy (game.people), and
        situations that are on act."""
        from game import people

        people.season(campaign.state, campaign.decisions.policy)
        env = self._env(campaign)
        if not self.memory.situations_on:
            return
        for cd in self._situations:
            if cd.id in self.situations_on:
                for eff in cd.each_turn:
                    apply_effect(eff, env, campaign, source=cd.id)

    # --- what there is ---------------------------------------------------------------
    def content_info(self) -> list[dict[str, Any]]:
        """The content a campaign was played with: the base game and enabled mods,
        each with id, version and a sha256 of its files."""
        return [dict(i) for i in self.content.info]

    # --- saving ------------------------------------------------------------------------
    def state_dict(self, campaign: DeckCampaign | None = None) -> dict[str, Any]:
        """The card memory of `campaign` (default: the campaign last played)."""
        if campaign is not None:
            self.bind(campaign)
        return {
            "deferred": list(self.memory.deferred),
            "switched": dict(sorted(self.memory.switched.items())),
            "last_decision": int(self.memory.last_decision),
            "seen": dict(sorted(self.seen.items())),
            "fired": dict(sorted(self.fired.items())),
            "last_turn": dict(sorted(self.last_turn.items())),
            "chose": dict(sorted(self.chose.items())),
            "situations_on": sorted(self.situations_on),
            "situations_used": sorted(self.situations_used),
            "follow_ups": [[t, c] for t, c in self.follow_ups],
        }

    def load_state(self, d: dict[str, Any]) -> None:
        """Restore from `state_dict()`. Entries of the wrong type are skipped (the
        save loader checks the file as a whole)."""
        self.reset()

        def ints(name: str) -> dict[str, int]:
            raw = d.get(name, {})
            if not isinstance(raw, dict):
                return {}
            return {
                str(k): int(v)
                for k, v in raw.items()
                if isinstance(v, int | float) and not isinstance(v, bool)
            }

        self.seen = ints("seen")
        self.fired = ints("fired")
        self.last_turn = ints("last_turn")
        self.chose = ints("chose")
        self.situations_on = {str(x) for x in d.get("situations_on", []) if isinstance(x, str)}
        self.situations_used = {str(x) for x in d.get("situations_used", []) if isinstance(x, str)}
        self.memory.deferred = [str(x) for x in d.get("deferred", []) if isinstance(x, str)]
        self.memory.switched = ints("switched") or {k: 1 for k in self.situations_used}
        last = d.get("last_decision", -1)
        if isinstance(last, int | float) and not isinstance(last, bool):
            self.memory.last_decision = int(last)
        elif self.last_turn:
            self.memory.last_decision = max(self.last_turn.values())
        fu = d.get("follow_ups", [])
        self.follow_ups = [
            (int(t), str(c))
            for item in (fu if isinstance(fu, list) else [])
            if isinstance(item, list | tuple) and len(item) == 2
            for t, c in [item]
            if isinstance(t, int | float) and isinstance(c, str)
        ]


def _refresh_lingering(state: State, card_id: str, opt: OptionDef) -> None:
    """A card drawn again renews its lingering effects instead of piling them up:
    modifiers this card left on the same figure and region are dropped first."""
    targets = {(e.target.name, e.target.region_id) for e in opt.effects if e.op == "linger"}
    if not targets or not state.modifiers:
        return

    def same(m: dict[str, Any]) -> bool:
        fig = m.get("figure")
        return m.get("source") == card_id and (
            (fig, m.get("region")) in targets or (fig, None) in targets
        )

    state.modifiers = [m for m in state.modifiers if not same(m)]


def _pick(rng: random.Random, weights: list[float]) -> int:
    """Index drawn with chance proportional to its weight."""
    x = rng.random() * sum(weights)
    acc = 0.0
    for i, w in enumerate(weights):
        acc += w
        if x < acc:
            return i
    return len(weights) - 1


# --- building decks ----------------------------------------------------------------------
_cache: dict[tuple[Any, ...], Content] = {}


def _fingerprint(extra: tuple[str, ...]) -> tuple[Any, ...]:
    parts: list[Any] = [extra]
    globs = [(BASE_CARDS_DIR, "*.toml")]
    for d in (PROJECT_MODS_DIR, user_mods_dir(), *map(Path, extra)):
        globs += [(d, "mod.toml"), (d, "*/mod.toml"), (d, "*/*/*.toml"), (d, "*/*.toml")]
    for folder, pat in globs:
        if folder.is_dir():
            for f in sorted(folder.glob(pat)):
                try:
                    s = f.stat()
                except OSError:
                    continue
                parts.append((str(f), s.st_mtime_ns, s.st_size))
    try:  # bounded and regular only: mods.json may be a FIFO or a link to /dev/zero
        parts.append(read_bounded(config_path(), MAX_CONFIG_BYTES, "mod settings file"))
    except FileRefused as exc:
        parts.append(exc.reason)
    parts.append(os.environ.get("SMYCHKA_CONFIG_DIR"))
    return tuple(parts)


def load_deck(
    mods_dirs: list[Path] | tuple[Path, ...] = (),
    mod_folders: list[Path] | tuple[Path, ...] = (),
    include_project_mods: bool = True,
    base_dir: Path | None = None,
) -> Deck:
    """A deck of the base cards plus enabled mods (and those in `mods_dirs` /
    `mod_folders`, enabled for this run). Never raises for bad content: problems
    are in `deck.problems`, broken mods are left out."""
    return Deck(
        load_content(
            list(mods_dirs),
            mod_folders=list(mod_folders),
            include_project_mods=include_project_mods,
            base_dir=base_dir,
        )
    )


def default_deck(mods_dirs: list[Path] | tuple[Path, ...] = ()) -> Deck:
    """The base deck plus enabled mods. Loaded content is cached until a file changes,
    so each new campaign gets a fresh deck cheaply."""
    extra = tuple(str(p) for p in mods_dirs)
    key = _fingerprint(extra)
    content = _cache.get(key)
    if content is None:
        _cache.clear()
        content = load_content([Path(p) for p in extra])
        _cache[key] = content
    return Deck(content)
