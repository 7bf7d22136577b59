"""The base deck (assets/cards/): content checks the generic validator cannot make.

The validator (tests/cards) checks syntax and names. These tests check the deck
as a piece of game design: enough cards, faction names that exist in every
scenario a card is restricted to, options that all do something, the chain of
1929-30 intact, and no death spiral added on top of the engine's own history.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pytest

from game.campaign import Campaign
from game.cards.deck import Deck, load_deck
from game.engine.bots import make_bot
from game.engine.figures import headline

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS_DIR = ROOT / "assets" / "scenarios"


@cache
def deck() -> Deck:
    return load_deck(include_project_mods=False)


@cache
def scenario_factions() -> dict[str, set[str]]:
    out = {}
    for path in SCENARIOS_DIR.glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        out[data["id"]] = {f["id"] for f in data["faction"]}
    return out


@cache
def scenario_span() -> dict[str, tuple[int, int]]:
    seasons = {"spring": 0, "summer": 1, "autumn": 2, "winter": 3}
    out = {}
    for path in SCENARIOS_DIR.glob("*.toml"):
        d = tomllib.loads(path.read_text(encoding="utf-8"))
        start = d["start_year"] * 4 + seasons[d["start_season"]]
        end = d["end_year"] * 4 + seasons[d["end_season"]]
        out[d["id"]] = (start, end)
    return out


def test_deck_loads_clean_and_is_big_enough() -> None:
    d = deck()
    assert [str(p) for p in d.problems] == []
    kinds = [c.kind for c in d.cards.values()]
    assert len(kinds) >= 65
    for kind, least in (("historical", 40), ("debate", 6), ("event", 10), ("situation", 4)):
        assert kinds.count(kind) >= least, kind


def test_factions_exist_in_every_scenario_the_card_is_restricted_to() -> None:
    factions = scenario_factions()
    for cd in deck().cards.values():
        named = {f for o in cd.options for f in o.factions}
        named |= {
            r[1]
            for c in [cd.condition, *[o.condition for o in cd.options]]
            if c
            for r in c.refs
            if r[0] == "faction"
        }
        named |= {r[1] for o in cd.options for e in o.effects for r in e.refs if r[0] == "faction"}
        if not named:
            continue
        assert cd.scenarios, f"{cd.id} names factions {named} but runs in every scenario"
        for s in cd.scenarios:
            assert named <= factions[s], f"{cd.id}: {named - factions[s]} not in {s}"


def test_historical_cards_can_fire_in_at_least_one_of_their_scenarios() -> None:
    span = scenario_span()
    for cd in deck().cards.values():
        if cd.kind != "historical":
            continue
        last = cd.until_key if cd.until_key is not None else cd.date_key
        scen = cd.scenarios or list(span)
        assert any(span[s][0] <= last and cd.date_key <= span[s][1] for s in scen), cd.id
        assert sum(o.historical for o in cd.options) <= 1


def test_the_chain_of_1929_30_is_linked() -> None:
    cards = deck().cards
    chain = ["great-turn", "liquidate-kulaks", "dizzy-with-success", "exodus-from-kolkhozes"]
    for a, b in zip(chain, chain[1:], strict=False):
        hist = [o for o in cards[a].options if o.historical]
        assert hist and hist[0].follow_up == b, (a, b)


# "Every option changes something" and "every card can fire" are checked on every
# scenario in tests/cards/test_base_deck.py.


@pytest.mark.parametrize("seed", [0, 1])
def test_the_deck_adds_no_death_spiral_to_the_historical_path(seed: int) -> None:
    """The engine models the famine; cards on the historical path add texture, not a
    second famine (an early version of the deck multiplied the deaths by ten)."""

    def deaths(with_deck: bool) -> float:
        d = load_deck(include_project_mods=False) if with_deck else None
        camp = Campaign.new("great-turn-1928", seed=seed, deck=d)
        camp.play_bot(make_bot("historical", seed))
        return headline(camp.state)["famine_deaths_total_m"]

    plain, carded = deaths(False), deaths(True)
    assert carded <= 1.5 * plain + 1.0, (plain, carded)
