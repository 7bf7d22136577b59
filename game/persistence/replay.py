"""Replays: a campaign as its scenario, seed, difficulty, content and decisions log.

The engine is deterministic and the RNG lives in the state, so these few things
rebuild a campaign bit for bit to any turn (`rebuild`). A replay file holds them
and nothing of the state: a 1928-1941 campaign is a few kilobytes.

File layout (JSON, gzipped when the name ends in `.gz`):

    {"header": {"format": "smychka-replay", "format_version": 1, ..., "body_sha256": "..."},
     "body": {"scenario", "seed", "difficulty", "with_cards", "content", "cards", "log",
              "original": {"turn", "state_hash", "outcome"}}}

`content` is the content list of a save (the base game and each mod with its
sha256); `cards` maps every card id to a digest of its definition, so a replay
whose content has changed says which mods and which cards differ. It is still
replayed as far as it goes, and every place where the log no longer fits (a card
the log answers that did not come up, one that came up unanswered) is reported:
never silently.

A replay file is read with the one bounded reader and refused, naming the file,
when it is not a replay, is damaged or was edited (the body's checksum).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.campaign import DESCRIBED_AT_THE_END, Campaign, CampaignDeck
from game.engine import Decisions
from game.errors import SmychkaError
from game.inputfile import FileRefused, json_error, read_bounded, shown
from game.persistence.atomic import atomic_write

if TYPE_CHECKING:
    from game.cards.deck import Deck

FORMAT_NAME = "smychka-replay"
FORMAT_VERSION = 1
# A finished 1928-1941 log is ~90 kB of JSON; a replay past this is not ours.
MAX_BYTES = 16 * 2**20
MAX_TURNS = 2000  # longer than any scenario by far
MAX_CARDS_PER_TURN = 100
_SHOWN_CARDS = 8  # card ids named in a content message before "and N more"


class ReplayError(SmychkaError):
    """A replay file could not be read, or a replay cannot be made from it."""


@dataclass
class Replay:
    scenario: str
    seed: int
    difficulty: str
    log: list[dict[str, Any]]
    with_cards: bool = True
    content: list[dict[str, Any]] = field(default_factory=list)
    cards: dict[str, str] = field(default_factory=dict)
    original: dict[str, Any] = field(default_factory=dict)  # the run it was taken from

    @property
    def turns(self) -> int:
        return len(self.log)


@dataclass
class Rebuilt:
    """A replayed campaign and every place where the log no longer fitted."""

    campaign: Campaign
    problems: list[str] = field(default_factory=list)
    content: list[str] = field(default_factory=list)  # content differences, before replaying

    @property
    def exact(self) -> bool:
        return not self.problems


# --- from a campaign ---------------------------------------------------------------
def card_digests(deck: Deck | None) -> dict[str, str]:
    """Card id -> a short digest of its definition (mechanics and text)."""
    if deck is None:
        return {}
    out = {}
    for cid, cd in sorted(deck.cards.items()):
        spec = cd.spec.model_dump_json().encode("utf-8")
        out[cid] = hashlib.sha256(spec).hexdigest()[:16]
    return out


def replay_of(camp: Campaign) -> Replay:
    """The replay of a campaign: what rebuilds it, and what it came to."""
    st = camp.state
    content = [dict(m) for m in camp.deck.content_info()] if camp.deck is not None else []
    return Replay(
        scenario=st.scenario_id,
        seed=int(st.params.get("seed", 0)),
        difficulty=str(st.params.get("difficulty", "normal")),
        log=json.loads(json.dumps(camp.log)),  # a copy the campaign cannot change
        with_cards=camp.deck is not None,
        content=content,
        cards=card_digests(camp.deck),
        original={
            "turn": st.turn,
            "state_hash": st.state_hash(),
            "outcome": st.outcome,
            "campaign_id": camp.campaign_id,
            "ironman": camp.ironman,
            "parent": camp.parent,
        },
    )


# --- rebuilding ----------------------------------------------------------------------
def _deck_for(
    replay: Replay, deck: CampaignDeck | None, mods_dirs: Sequence[Path]
) -> CampaignDeck | None:
    if not replay.with_cards:
        return None
    if deck is not None:
        return deck
    from game.cards.deck import default_deck

    return default_deck(list(mods_dirs))


def content_differences(replay: Replay, deck: CampaignDeck | None) -> list[str]:
    """Which mods and cards differ between the replay's content and `deck`'s."""
    if not replay.with_cards:
        return []
    if deck is None:
        return ["the card system is not available: the replay is played without cards"]
    from game.persistence.codec import compare_content

    out = compare_content(replay.content, deck.content_info())
    if replay.cards:
        now = card_digests(deck)
        changed = sorted(c for c in replay.cards if c in now and now[c] != replay.cards[c])
        missing = sorted(c for c in replay.cards if c not in now)
        added = sorted(c for c in now if c not in replay.cards)
        for what, ids in (("changed", changed), ("missing", missing), ("new", added)):
            if ids:
                more = f" and {len(ids) - _SHOWN_CARDS} more" if len(ids) > _SHOWN_CARDS else ""
                out.append(f"{what} cards: {', '.join(ids[:_SHOWN_CARDS])}{more}")
    return out


def _decisions(raw: Any, where: str) -> Decisions:
    if not isinstance(raw, dict):
        raise ReplayError(f"{where}: the decisions are not an object")
    try:
        return Decisions.from_dict(raw)
    except SmychkaError as exc:
        raise ReplayError(f"{where}: {exc}") from None


def play_turn(
    camp: Campaign,
    entry: dict[str, Any],
    problems: list[str] | None = None,
    describe: bool = True,
) -> None:
    """Play one logged season on `camp`: the card answers, then the season's decisions.
    Where the log no longer fits the campaign, `problems` says so (and play goes on).
    `describe=False` for a season whose report nobody will read (see Campaign.end_turn)."""
    turn = camp.state.turn
    for c in entry.get("cards", []):
        if "decisions" in c:
            camp.set_decisions(_decisions(c["decisions"], f"turn {turn}"))
        try:
            camp.choose(c["card"], int(c["option"]), describe=False)
        except SmychkaError as exc:
            if problems is not None:
                problems.append(f"turn {turn} ({camp.state.date_label}): {exc}")
    if problems is not None:
        for inst in camp.pending:
            problems.append(
                f"turn {turn} ({camp.state.date_label}): card '{inst.card.id}' came up but "
                "the log has no answer for it; its first option is taken"
            )
    camp.end_turn(_decisions(entry.get("decisions"), f"turn {turn}"), describe)


def rebuild(
    replay: Replay,
    to_turn: int | None = None,
    deck: CampaignDeck | None = None,
    mods_dirs: Sequence[Path] = (),
    check_content: bool = True,
) -> Rebuilt:
    """The campaign replayed from its start to the beginning of season `to_turn`
    (None: through the whole log). Never raises for a log that no longer fits the
    content: the places are in `.problems`. Raises ReplayError for a log that cannot
    be played at all (an unknown scenario, decisions out of range)."""
    deck = _deck_for(replay, deck, mods_dirs)
    content = content_differences(replay, deck) if check_content else []
    try:
        camp = Campaign.new(replay.scenario, replay.seed, replay.difficulty, deck=deck)
    except SmychkaError as exc:
        raise ReplayError(f"cannot start the replay: {exc}") from None
    n = replay.turns if to_turn is None else max(0, min(int(to_turn), replay.turns))
    problems: list[str] = []
    for i, entry in enumerate(replay.log[:n]):
        if camp.finished:
            problems.append(
                f"the campaign ended at turn {camp.state.turn} ({camp.state.outcome}); "
                f"the log goes on for {replay.turns - camp.state.turn} more turns"
            )
            break
        try:
            # Only the last year is explained: the last report, and the kept harvest,
            # procurement and sowing reports (Campaign.kept_reports), are among it.
            play_turn(camp, entry, problems, describe=i >= n - DESCRIBED_AT_THE_END)
        except SmychkaError as exc:
            raise ReplayError(f"turn {camp.state.turn}: {exc}") from None
    return Rebuilt(camp, problems, content)


def resolve_set(camp: Campaign, assignment: str) -> str:
    """Apply one `--set NAME=VALUE` to the campaign's decisions, in the card language:
    NAME is a policy lever as cards name it (`policy.quota`, `policy.invest.tractors`),
    VALUE an expression of that language. Returns the effect applied."""
    from game.cards.apply import apply_effect
    from game.cards.expr import Env, ExprError, compile_effect

    if "=" not in assignment:
        raise ReplayError(
            f"--set {shown(assignment, 60)}: expected NAME=VALUE, e.g. policy.quota=0.2"
        )
    name, value = (part.strip() for part in assignment.split("=", 1))
    src = f"{name} = {value}"
    try:
        eff = compile_effect(src)
    except ExprError as exc:
        raise ReplayError(f"--set {shown(assignment, 60)}: {exc}") from None
    if eff.target.kind != "policy" or eff.op == "linger":
        raise ReplayError(
            f"--set {shown(assignment, 60)}: a branch changes decisions only; "
            f"'{name}' is not a policy lever (those are named policy.NAME)"
        )
    mem = camp.deck.bind(camp) if camp.deck is not None else None
    seen, chose = (mem.seen, mem.chose) if mem is not None else ({}, {})
    env = Env(camp.state, camp.decisions.policy, seen, chose)
    try:
        apply_effect(eff, env, camp)
    except SmychkaError as exc:
        raise ReplayError(f"--set {shown(assignment, 60)}: {exc}") from None
    return src


def branch(
    replay: Replay,
    at: int,
    sets: Sequence[str] = (),
    deck: CampaignDeck | None = None,
    mods_dirs: Sequence[Path] = (),
    parent: Campaign | None = None,
) -> Rebuilt:
    """A branch: the campaign as it stood at the start of season `at`, with that
    season's decisions as they were taken, changed by `sets` (see `resolve_set`).
    The season's cards wait for an answer, as at the start of any season.

    The branch remembers the campaign it left (`parent`, the live campaign the replay
    was taken from; without it, the whole replay is played to record it) and the
    parent's own relatives, so its charts overlay them after a restart too."""
    if replay.original.get("ironman"):
        raise ReplayError(
            "this replay is of an ironman campaign: it cannot be branched (ironman turns "
            "off undo, branching and quickload)"
        )
    if not 0 <= at <= replay.turns:
        raise ReplayError(f"--at {at}: the replay has turns 0 to {replay.turns}")
    done = rebuild(replay, at, deck=deck, mods_dirs=mods_dirs)
    camp = done.campaign
    if camp.finished:
        raise ReplayError(f"--at {at}: the campaign had already ended by then")
    if at < replay.turns:
        camp.set_decisions(_decisions(replay.log[at].get("decisions"), f"turn {at}"))
    for s in sets:
        resolve_set(camp, s)
    camp.mark_branch(replay.original.get("campaign_id"), at)
    camp.replay_baseline = None  # the branch's first answer logs the decisions it was made under
    if parent is None:
        parent = rebuild(replay, deck=camp.deck, check_content=False).campaign
        parent.campaign_id = str(replay.original.get("campaign_id") or "")
        orig_parent = replay.original.get("parent")
        parent.parent = orig_parent if isinstance(orig_parent, dict) else None
    camp.inherit_family(parent)
    return done


# --- the file ----------------------------------------------------------------------------
def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), allow_nan=False).encode()


def encode(replay: Replay) -> bytes:
    from game import __version__

    body = {
        "scenario": replay.scenario,
        "seed": replay.seed,
        "difficulty": replay.difficulty,
        "with_cards": replay.with_cards,
        "content": replay.content,
        "cards": replay.cards,
        "log": replay.log,
        "original": replay.original,
    }
    header = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "game_version": __version__,
        "scenario": replay.scenario,
        "turns": replay.turns,
        "body_sha256": hashlib.sha256(_canonical(body)).hexdigest(),
    }
    return json.dumps({"header": header, "body": body}, separators=(",", ":")).encode("utf-8")


def write_replay(replay: Replay, path: str | Path) -> Path:
    """Write the replay atomically (gzipped if the name ends in .gz)."""
    path = Path(path)
    data = encode(replay)
    if path.name.endswith(".gz"):
        data = gzip.compress(data, compresslevel=6, mtime=0)
    try:
        return atomic_write(path, data, keep_backup=False)
    except SmychkaError as exc:
        raise ReplayError(str(exc)) from None


def _refuse(path: Path, why: str) -> ReplayError:
    return ReplayError(f"{shown(path)}: {why}")


def _text(path: Path, data: bytes) -> str:
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(MAX_BYTES + 1)
        except (EOFError, OSError, zlib.error):
            raise _refuse(
                path, "the replay is damaged (its compressed data is cut off or corrupt)"
            ) from None
        if len(data) > MAX_BYTES:
            raise _refuse(path, f"too large to be a replay (over {MAX_BYTES // 2**20} MB)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(path, f"not a Smychka replay (not UTF-8 text at byte {exc.start})") from None


def _need(path: Path, cond: bool, what: str) -> None:
    if not cond:
        raise _refuse(path, f"the replay is damaged ({what})")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _check_log(path: Path, log: Any) -> list[dict[str, Any]]:
    _need(path, isinstance(log, list), "'log' is not a list")
    _need(path, len(log) <= MAX_TURNS, f"the log has {len(log)} turns; at most {MAX_TURNS}")
    for i, entry in enumerate(log):
        where = f"log[{i}]"
        _need(path, isinstance(entry, dict), f"'{where}' is not an object")
        _need(path, entry.get("turn") == i, f"'{where}.turn' is not {i}")
        _need(
            path, isinstance(entry.get("decisions"), dict), f"'{where}.decisions' is not an object"
        )
        cards = entry.get("cards", [])
        _need(path, isinstance(cards, list), f"'{where}.cards' is not a list")
        _need(path, len(cards) <= MAX_CARDS_PER_TURN, f"'{where}.cards' is too long")
        for j, c in enumerate(cards):
            w = f"{where}.cards[{j}]"
            _need(path, isinstance(c, dict), f"'{w}' is not an object")
            _need(path, isinstance(c.get("card"), str), f"'{w}.card' is not a card id")
            _need(path, _is_int(c.get("option")), f"'{w}.option' is not a whole number")
            if "decisions" in c:
                _need(path, isinstance(c["decisions"], dict), f"'{w}.decisions' is not an object")
    return log


def decode(path: Path, data: bytes) -> Replay:
    """A replay from a file's bytes; ReplayError naming the file otherwise."""
    if not data:
        raise _refuse(path, "the file is empty (0 bytes) -- not a replay")
    text = _text(path, data)
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _refuse(path, f"not a Smychka replay ({json_error(exc)})") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("header"), dict):
        raise _refuse(path, "not a Smychka replay (no header)")
    header, body = obj["header"], obj.get("body")
    if header.get("format") != FORMAT_NAME:
        what = "a save, not a replay" if header.get("format") == "smychka-save" else "not a replay"
        raise _refuse(path, f"this is {what} (its header says format {header.get('format')!r})")
    version = header.get("format_version")
    _need(path, _is_int(version), "its format_version is not a whole number")
    if version > FORMAT_VERSION:
        raise _refuse(
            path,
            f"this replay comes from a newer game (replay format {version}; this game reads "
            f"up to {FORMAT_VERSION}) -- update the game to play it",
        )
    _need(path, isinstance(body, dict), "its body is not an object")
    try:
        digest = hashlib.sha256(_canonical(body)).hexdigest()
    except ValueError:  # NaN or Infinity in the body
        digest = ""
    if digest != header.get("body_sha256"):
        raise _refuse(
            path,
            "the replay was changed after it was written (its checksum does not match): "
            "refused, since it would not replay the campaign it claims to",
        )
    for key, kind in (("scenario", str), ("difficulty", str), ("with_cards", bool)):
        _need(path, isinstance(body.get(key), kind), f"'{key}' is missing or of the wrong type")
    _need(path, _is_int(body.get("seed")) and body["seed"] >= 0, "'seed' is not a whole number")
    content = body.get("content", [])
    _need(
        path, isinstance(content, list) and all(isinstance(m, dict) for m in content), "'content'"
    )
    cards = body.get("cards", {})
    _need(
        path,
        isinstance(cards, dict) and all(isinstance(v, str) for v in cards.values()),
        "'cards' is not a map of card digests",
    )
    original = body.get("original", {})
    _need(path, isinstance(original, dict), "'original' is not an object")
    return Replay(
        scenario=body["scenario"],
        seed=body["seed"],
        difficulty=body["difficulty"],
        log=_check_log(path, body.get("log")),
        with_cards=body["with_cards"],
        content=content,
        cards=cards,
        original=original,
    )


def read_replay(path: str | Path) -> Replay:
    path = Path(path)
    try:
        data = read_bounded(path, MAX_BYTES, "replay")
    except FileRefused as exc:
        raise ReplayError(str(exc)) from None
    return decode(path, data)


# --- the campaign as it stood at any season, cached ----------------------------------------
class SeasonCache:
    """The campaign at the start of any season of a replay, for scrubbing a timeline.

    Each season asked for is replayed from the nearest cached season before it (or
    from the start), so moving one season along the strip plays one season. At most
    `max_entries` seasons are kept (least recently used go first; every
    `CHECKPOINT_EVERY`-th season is kept in preference), so memory stays bounded
    however long the campaign."""

    CHECKPOINT_EVERY = 8

    def __init__(
        self, replay: Replay, deck: CampaignDeck | None = None, max_entries: int = 24
    ) -> None:
        self.replay = replay
        self.deck = _deck_for(replay, deck, ())
        self.max_entries = max(2, int(max_entries))
        self._entries: dict[int, Campaign] = {}  # turn -> campaign at its start (never played on)
        self.problems: list[str] = []
        self.replayed_turns = 0  # seasons played so far (how much work the cache saved)

    def __len__(self) -> int:
        return len(self._entries)

    def at(self, turn: int) -> Campaign:
        """A read-only view: the campaign at the start of season `turn` (0 .. turns)."""
        turn = max(0, min(int(turn), self.replay.turns))
        hit = self._entries.pop(turn, None)
        if hit is not None:
            self._entries[turn] = hit  # most recently used last
            return hit
        below = [t for t in self._entries if t < turn]
        if below:
            start = max(below)
            camp = _fork(self._entries[start])
        else:
            start = 0
            camp = rebuild(self.replay, 0, deck=self.deck, check_content=False).campaign
            self._keep(0, _fork(camp))
        for t in range(start, turn):
            if camp.finished:
                break
            # (every season described: each kept season's report is shown by the timeline)
            play_turn(camp, self.replay.log[t], self.problems)
            self.replayed_turns += 1
            if (t + 1) % self.CHECKPOINT_EVERY == 0 and t + 1 != turn:
                self._keep(t + 1, _fork(camp))
        self._keep(turn, camp)
        return camp

    def _keep(self, turn: int, camp: Campaign) -> None:
        self._entries.pop(turn, None)
        self._entries[turn] = camp
        while len(self._entries) > self.max_entries:
            victims = [t for t in self._entries if t % self.CHECKPOINT_EVERY] or list(self._entries)
            self._entries.pop(victims[0])  # the least recently used (dicts keep order)


def _fork(camp: Campaign) -> Campaign:
    """A copy of a campaign at a season's start that can be played on independently
    (the deck's content is shared; the card memory, state and records are not)."""
    import copy

    twin = Campaign(
        state=camp.state.copy(),
        scenario=camp.scenario,
        decisions=camp.decisions,
        history=list(camp.history),
        log=list(camp.log),
        last_report=camp.last_report,
        region_years=copy.deepcopy(camp.region_years),
        deck=None,
        pending=list(camp.pending),
        choices=[dict(c) for c in camp.choices],
        card_memory=copy.deepcopy(camp.card_memory),
        replay_baseline=copy.deepcopy(camp.replay_baseline),
        campaign_id=camp.campaign_id,
        parent=camp.parent,
        ironman=camp.ironman,
        relatives=list(camp.relatives),
        kept_reports=dict(camp.kept_reports),
    )
    twin.deck = camp.deck  # after construction: binding would give it a new memory
    return twin
