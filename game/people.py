"""The people of the game: named figures with a faction, a stance and a fate.

Who they are is data (`assets/people/people.toml`, stable ids); what has become
of them in one campaign lives in the campaign's state, `state.params["people"]`
(so it is saved, restored, copied for what-if branches and hashed with the
rest): for each person present in the scenario, a loyalty to the player
(0..1), a fate and the turn it last changed.

Cards move them (`person.bukharin.loyalty += 0.1`, `fate("bukharin") = "exiled"`);
so does policy: each season a person's loyalty drifts toward the player when the
player's policy is near the person's stance and away when it is far. Loyalty
feeds the faction support model: a faction whose people are loyal to the player
backs the player a little more each season, and losing its leaders to exile or
a trial costs it support and weight in the Party.
"""

from __future__ import annotations

import functools
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game import paths

if TYPE_CHECKING:
    from game.engine.decisions import Policy
    from game.engine.state import State

PEOPLE_FILE = paths.asset("people", "people.toml")

# active: in office as at the start; the others are what cards can make of a person.
FATES: tuple[str, ...] = (
    "active",
    "promoted",
    "demoted",
    "exiled",
    "tried",
    "rehabilitated",
    "dead",
)
FATE_NAMES: dict[str, str] = {
    "active": "in office",
    "promoted": "promoted",
    "demoted": "demoted",
    "exiled": "in exile",
    "tried": "tried",
    "rehabilitated": "rehabilitated",
    "dead": "dead",
}
IN_PLAY = frozenset({"active", "promoted", "demoted", "rehabilitated"})

# Which faction a camp belongs to in each scenario (faction ids differ by scenario).
CAMP_FACTIONS: dict[str, dict[str, str]] = {
    "great-turn-1928": {"left": "left", "centre": "centre", "right": "right"},
    "bukharin-1928": {"left": "left", "centre": "centre", "right": "right"},
    "joint-opposition-1927": {"left": "opposition", "centre": "centre", "right": "right"},
    "free-soviets-1921": {
        "left": "left",
        "centre": "centre",
        "right": "centre",
        "anarchist": "anarchists",
    },
    "coalition-1917": {
        "left": "bolsheviks",
        "centre": "bolsheviks",
        "right": "bolsheviks",
        "menshevik": "mensheviks",
        "sr": "srs",
        "anarchist": "anarchists",
    },
}
CAMP_NAMES: dict[str, str] = {
    "left": "the Left",
    "centre": "the Centre",
    "right": "the Right",
    "economist": "non-party economist",
    "anarchist": "anarchist",
    "menshevik": "Menshevik",
    "sr": "Socialist Revolutionary",
}

DRIFT = 0.012  # loyalty moved per season by policy at full (dis)agreement
FACTION_PULL = 0.006  # faction support moved per season by its people's loyalty
FATE_COST: dict[str, tuple[float, float, float, float]] = {
    # fate: (faction support, faction weight factor, own loyalty, loyalty of the others)
    "promoted": (0.03, 1.0, 0.15, 0.0),
    "demoted": (-0.02, 1.0, -0.15, -0.02),
    "exiled": (-0.04, 0.92, -0.3, -0.04),
    "tried": (-0.08, 0.85, -0.5, -0.08),
    "rehabilitated": (0.02, 1.0, 0.2, 0.03),
    "dead": (-0.02, 0.95, 0.0, 0.0),
    "active": (0.0, 1.0, 0.0, 0.0),
}


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    initials: str
    camp: str
    office: str
    stance: float
    stance_text: str
    present: tuple[int, int]
    loyalty: float
    bio: str
    start: dict[str, dict[str, Any]] = field(default_factory=dict)

    def setting(self, scenario_id: str, key: str, default: Any) -> Any:
        return self.start.get(scenario_id, {}).get(key, default)

    def span(self, scenario_id: str) -> tuple[int, int]:
        p = self.setting(scenario_id, "present", self.present)
        return int(p[0]), int(p[1])

    def faction(self, scenario_id: str) -> str | None:
        f = self.setting(scenario_id, "faction", None)
        if f is not None:
            return str(f)
        return CAMP_FACTIONS.get(scenario_id, CAMP_FACTIONS["great-turn-1928"]).get(self.camp)

    def office_in(self, scenario_id: str) -> str:
        return str(self.setting(scenario_id, "office", self.office))

    @property
    def short(self) -> str:
        return self.name.split(" ")[-1]


@functools.cache
def load_people(path: Path = PEOPLE_FILE) -> dict[str, Person]:
    """The people, by id (read once)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out: dict[str, Person] = {}
    for p in data.get("person", []):
        out[p["id"]] = Person(
            id=p["id"],
            name=p["name"],
            initials=p["initials"],
            camp=p["camp"],
            office=p["office"],
            stance=float(p["stance"]),
            stance_text=p["stance_text"],
            present=(int(p["present"][0]), int(p["present"][1])),
            loyalty=float(p["loyalty"]),
            bio=p["bio"],
            start=dict(p.get("start", {})),
        )
    return out


def person_ids() -> tuple[str, ...]:
    return tuple(load_people())


def _scenario_span(state: State) -> tuple[int, int]:
    end_year = state.start_year + (state.start_season + state.end_turn) // 4
    return state.start_year, end_year


def roster(state: State) -> list[Person]:
    """The people who take part in this campaign's scenario (their years overlap it)."""
    lo, hi = _scenario_span(state)
    out = []
    for p in load_people().values():
        a, b = p.span(state.scenario_id)
        if a <= hi and b >= lo:
            out.append(p)
    return out


def _initial(state: State) -> dict[str, dict[str, Any]]:
    sid = state.scenario_id
    return {
        p.id: {
            "loyalty": float(p.setting(sid, "loyalty", p.loyalty)),
            "fate": str(p.setting(sid, "fate", "active")),
            "since": 0,
        }
        for p in roster(state)
    }


def _record_ok(pid: Any, r: Any, people: dict[str, Person]) -> bool:
    if pid not in people or not isinstance(r, dict):
        return False
    lo, fate, since = r.get("loyalty"), r.get("fate"), r.get("since", 0)
    if isinstance(lo, bool) or not isinstance(lo, int | float) or not 0.0 <= lo <= 1.0:
        return False  # (NaN fails the range test too)
    return fate in FATES and not isinstance(since, bool) and isinstance(since, int | float)


_FATE_SET = frozenset(FATES)


def _well_formed(recs: Any) -> bool:
    # Checked on every read (a card effect reads and writes a person several times a
    # season), so the usual record -- exact types, as this module writes them -- takes
    # a short path; anything else gets the full check.
    if not isinstance(recs, dict):
        return False
    people = load_people()
    for pid, r in recs.items():
        if r.__class__ is dict and pid in people:
            lo, fate, since = r.get("loyalty"), r.get("fate"), r.get("since", 0)
            if (
                lo.__class__ is float
                and 0.0 <= lo <= 1.0
                and since.__class__ is int
                and fate.__class__ is str
                and fate in _FATE_SET
            ):
                continue
        if not _record_ok(pid, r, people):
            return False
    return True


def _cleaned(state: State, recs: Any) -> dict[str, dict[str, Any]]:
    """A save edited by hand (or damaged) keeps what is sound in it; the rest is
    taken from the scenario's start."""
    out = _initial(state)
    if isinstance(recs, dict):
        for pid, r in recs.items():
            if pid in out and _well_formed({pid: r}):
                out[pid] = {
                    "loyalty": float(r["loyalty"]),
                    "fate": str(r["fate"]),
                    "since": int(r.get("since", 0)),
                }
    return out


# The records dict last found well formed. Only this module and the card effects
# (game.cards.apply: a person's loyalty, settled into 0..1) write to a campaign's
# records, and only sound values, so a dict once checked stays sound: reading it again
# (cards and conditions read people many times a season, ~2k instructions a person
# each time) skips the check. A save, a copy or another campaign brings another dict,
# which is checked on its first read.
_sound: dict[str, dict[str, Any]] | None = None


def _checked(recs: Any) -> bool:
    global _sound
    if recs is _sound and recs is not None:
        return True
    if _well_formed(recs):
        _sound = recs
        return True
    return False


def records(state: State) -> dict[str, dict[str, Any]]:
    """This campaign's people (made on first use; stored in the state's params)."""
    recs = state.params.get("people")
    if not _checked(recs):
        recs = state.params["people"] = _cleaned(state, recs)
    return recs


def view(state: State) -> dict[str, dict[str, Any]]:
    """Like `records`, but never writes to the state (for screens)."""
    recs = state.params.get("people")
    return recs if _checked(recs) else _cleaned(state, recs)


def present(state: State, pid: str, recs: dict[str, dict[str, Any]] | None = None) -> bool:
    """In this campaign, alive and free, and in the years the person takes part."""
    recs = view(state) if recs is None else recs
    r = recs.get(pid)
    if r is None or r.get("fate") not in IN_PLAY:
        return False
    a, b = load_people()[pid].span(state.scenario_id)
    return a <= state.year <= b


def loyalty(state: State, pid: str) -> float:
    r = view(state).get(pid)
    return float(r["loyalty"]) if r is not None else 0.0


def fate(state: State, pid: str) -> str:
    """The person's fate; "absent" when the person takes no part in this scenario."""
    r = view(state).get(pid)
    return str(r["fate"]) if r is not None else "absent"


def _clamp(x: float) -> float:
    return float(min(max(x, 0.0), 1.0))


def set_loyalty(state: State, pid: str, value: float) -> None:
    r = records(state).get(pid)
    if r is not None:
        r["loyalty"] = _clamp(value)


def set_fate(state: State, pid: str, new: str) -> None:
    """Change a person's fate, with its consequences for the person's faction and
    for everyone else's loyalty (a trial frightens all; an exile warns friends)."""
    if new not in FATES:
        return
    recs = records(state)
    r = recs.get(pid)
    if r is None or r["fate"] == new:
        return
    if new == "rehabilitated" and r["fate"] in IN_PLAY - {"demoted"}:
        return  # only the fallen can be rehabilitated
    r["fate"] = new
    r["since"] = int(state.turn)
    support, weight, own, others = FATE_COST[new]
    r["loyalty"] = _clamp(r["loyalty"] + own)
    person = load_people()[pid]
    fid = person.faction(state.scenario_id)
    if fid is not None and fid in state.factions:
        state.factions[fid] = _clamp(state.factions[fid] + support)
        prefs = state.params.get("factions", {}).get(fid)
        if isinstance(prefs, dict) and weight != 1.0:
            w = prefs.get("weight")
            if isinstance(w, int | float) and not isinstance(w, bool) and math.isfinite(w):
                prefs["weight"] = float(min(max(w * weight, 0.0), 10.0))
    for oid, o in recs.items():
        if oid == pid:
            continue
        same = _cast(state.scenario_id)[oid][3] == fid
        o["loyalty"] = _clamp(o["loyalty"] + others * (2.5 if same else 1.0))


def policy_lean(policy: Policy) -> float:
    """Where a policy stands between force (-1) and consent and the market (+1)."""
    path = getattr(policy, "path", "none")
    if path == "forced":
        lean = -0.4 - 0.6 * float(policy.coercion)
    elif path == "voluntary":
        lean = 0.3 + 0.3 * float(policy.self_management)
    else:
        lean = 0.6
    if getattr(policy, "procurement", "quota") == "market":
        lean += 0.2
    else:
        lean -= 0.6 * float(policy.quota)
    if getattr(policy, "dekulakisation", False):
        lean -= 0.3
    return float(min(max(lean, -1.0), 1.0))


@functools.cache
def _cast(scenario_id: str) -> dict[str, tuple[float, int, int, str | None]]:
    """Each person's stance, years (first, last) and faction in a scenario: fixed by the
    people file, and `season` asks for them of everyone every season."""
    return {
        pid: (p.stance, *p.span(scenario_id), p.faction(scenario_id))
        for pid, p in load_people().items()
    }


def season(state: State, policy: Policy) -> None:
    """Once per resolved season: loyalty follows policy, factions follow loyalty."""
    recs = records(state)
    lean = policy_lean(policy)
    cast = _cast(state.scenario_id)
    year, factions = state.year, state.factions
    by_faction: dict[str, list[float]] = {}
    for pid, r in recs.items():
        if r.get("fate") not in IN_PLAY:  # (present(), for each record in turn)
            continue
        stance, a, b, fid = cast[pid]
        if not a <= year <= b:
            continue
        agreement = 1.0 - abs(stance - lean)  # 1 agree .. -1 opposite
        r["loyalty"] = _clamp(r["loyalty"] + DRIFT * agreement)
        if fid is not None and fid in factions:
            by_faction.setdefault(fid, []).append(r["loyalty"])
    for fid, ls in sorted(by_faction.items()):
        pull = FACTION_PULL * (sum(ls) / len(ls) - 0.5) * 2.0
        state.factions[fid] = _clamp(state.factions[fid] + pull)


def stance_word(stance: float) -> str:
    if stance <= -0.6:
        return "for force and tempo"
    if stance <= -0.2:
        return "for tempo, with limits"
    if stance < 0.2:
        return "between the camps"
    if stance < 0.6:
        return "for consent"
    return "for the market and consent"
