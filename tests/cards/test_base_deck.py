"""The shipped content: it validates, every card can fire, every option does something."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache

import pytest

from game.campaign import Campaign
from game.cards.content import load_content
from game.cards.deck import CardInstance, Deck, OptionView
from game.cards.expr import Env
from game.cards.validate import validate
from game.engine.bots import BOTS, make_bot
from game.engine.scenario import available_scenarios


@cache
def base_deck() -> Deck:
    return Deck(load_content(include_project_mods=False))


def test_shipped_content_has_no_errors() -> None:
    problems = validate()  # base cards plus every mod in mods/
    errors = [str(p) for p in problems if p.is_error]
    assert errors == []


def test_there_is_a_base_deck() -> None:
    assert len(base_deck().cards) > 0


def _proven_cards() -> tuple[set[str], dict[str, str]]:
    """Play every scenario with every bot, and note each card whose draw rules
    (scenario, date window, condition / `on`) hold at some turn."""
    deck = base_deck()
    proven: set[str] = set()
    where: dict[str, str] = {}
    runs = [(sid, b, 1) for sid in available_scenarios() for b in BOTS]
    # Cards that need a rare choice first are found by the random bot; two of its
    # campaigns, so that whether they fire does not hang on one draw of one seed.
    runs += [(sid, "random", 2) for sid in available_scenarios()]
    for sid, bot_name, seed in runs:
        camp = Campaign.new(sid, seed=seed, deck=Deck(deck.content))
        bot = make_bot(bot_name, seed)
        while True:
            st = camp.state
            d = camp.deck
            env = Env(st, camp.decisions.policy, d.seen, d.chose)
            key = st.year * 4 + st.season_index
            for cd in deck.cards.values():
                if cd.id in proven or (cd.scenarios and sid not in cd.scenarios):
                    continue
                if cd.date_key is not None:
                    last = cd.until_key if cd.until_key is not None else cd.date_key
                    if cd.kind == "historical" and not cd.date_key <= key <= last:
                        continue
                    if cd.kind != "historical" and (
                        key < cd.date_key or (cd.until_key is not None and key > cd.until_key)
                    ):
                        continue
                test = cd.on if cd.kind == "situation" else cd.condition
                if test is None or test(env):
                    proven.add(cd.id)
                    where[cd.id] = f"{sid}/{bot_name}/turn {st.turn}"
            if camp.finished:
                break
            camp.play_bot(bot, max_turns=1)
    return proven, where


def test_every_base_card_can_fire_in_some_scenario() -> None:
    deck = base_deck()
    proven, _ = _proven_cards()
    # Follow-up-only cards (weight 0) fire when a proven card's option leads to them.
    changed = True
    while changed:
        changed = False
        for cd in deck.cards.values():
            if cd.id in proven:
                for o in cd.options:
                    if o.follow_up in deck.cards and o.follow_up not in proven:
                        proven.add(o.follow_up)
                        changed = True
    never = []
    for cd in deck.cards.values():
        reachable = cd.id in proven and (
            cd.kind in ("historical", "situation")
            or cd.weight > 0
            or any(o.follow_up == cd.id for c in deck.cards.values() for o in c.options)
        )
        if not reachable:
            never.append(f"{cd.id} ({cd.source_file})")
    assert never == []


def _snapshot(camp: Campaign) -> str:
    st = camp.state.to_dict()
    st.pop("rng", None)
    return json.dumps([st, camp.decisions.to_dict()], sort_keys=True, default=str)


@cache
def _states() -> list[tuple[str, Campaign]]:
    """A fresh start and a mid-campaign state for each scenario (effects that are
    clamped at the start, like `coercion -= 0.1` when it is 0, show later)."""
    out = []
    for sid in available_scenarios():
        out.append((sid, Campaign.new(sid, seed=2)))
        mid = Campaign.new(sid, seed=2)
        mid.play_bot(make_bot("random", 2), max_turns=6)
        out.append((sid, mid))
    return out


def _copy(camp: Campaign) -> Campaign:
    c = Campaign(state=camp.state.copy(), scenario=camp.scenario, decisions=camp.decisions)
    c.deck = base_deck()
    return c


def test_every_option_changes_something() -> None:
    deck = base_deck()
    inert = []
    for cd in deck.cards.values():
        if not cd.options:
            continue
        states = [c for sid, c in _states() if not cd.scenarios or sid in cd.scenarios]
        for opt in cd.options:
            changed = False
            for base in states:
                for policy in (base.decisions.policy, _middle(base)):
                    camp = _copy(base)
                    camp.decisions = replace(camp.decisions, policy=policy)
                    before = _snapshot(camp)
                    inst = CardInstance(cd, [OptionView(opt.index, opt.id, opt.text)], 0, "test")
                    deck.choose(camp, inst, opt.index)
                    if _snapshot(camp) != before:
                        changed = True
                        break
                if changed:
                    break
            if not changed:
                inert.append(f"{cd.id}/{opt.id}")
    assert inert == []


def _middle(camp: Campaign):
    """A policy with every number at mid-range, so that any push moves it."""
    from game.engine.decisions import RANGES

    pol = camp.decisions.policy
    mid = {k: (lo + hi) / 2 for k, (lo, hi) in RANGES.items()}
    return replace(
        pol,
        **mid,
        dekulakisation=not pol.dekulakisation,
        allow_exit=not pol.allow_exit,
        path="voluntary" if pol.path != "voluntary" else "forced",
        procurement="quota" if pol.procurement == "market" else "market",
        tax={k: 0.3 for k in pol.tax},
        invest={k: 0.25 for k in pol.invest},
    )


@pytest.mark.parametrize("scenario", sorted(available_scenarios()))
def test_whole_campaigns_with_the_deck_run(scenario: str) -> None:
    camp = Campaign.new(scenario, seed=4, deck=Deck(base_deck().content))
    camp.play_bot(make_bot("random", 4))
    assert camp.finished
