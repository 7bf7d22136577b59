"""Undo within the season: policy changes and card answers taken back exactly."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.campaign import Campaign
from game.cards.deck import default_deck
from game.engine.bots import make_bot
from game.errors import DecisionError


def _snap(c: Campaign) -> tuple:
    return (
        c.state.state_hash(),
        c.decisions.to_dict(),
        [i.card.id for i in c.pending],
        list(c.choices),
        c.deck.state_dict(c),
    )


def _with_cards(seed: int = 3) -> Campaign:
    camp = Campaign.new("great-turn-1928", seed=seed, deck=default_deck())
    while len(camp.pending) < 2:  # a season with two cards waiting
        camp.play_bot(make_bot("historical", seed), max_turns=1)
    return camp


def _quota(c: Campaign, q: float):
    return replace(c.decisions, policy=replace(c.decisions.policy, quota=q))


def test_undo_restores_the_exact_state_and_redo_replays_it() -> None:
    camp = _with_cards()
    start = _snap(camp)
    camp.decide(_quota(camp, 0.2))
    a, b = camp.pending[0], camp.pending[1]
    camp.answer(a.card.id, a.options[-1].index)
    camp.decide(_quota(camp, 0.4))
    camp.answer(b.card.id, b.options[0].index)
    done = _snap(camp)
    assert [x.kind for x in camp.undo_actions] == ["policy", "card", "policy", "card"]
    for _ in range(4):
        camp.undo()
    assert _snap(camp) == start and not camp.can_undo
    for _ in range(4):
        camp.redo()
    assert _snap(camp) == done and not camp.can_redo
    camp.undo()
    camp.undo()  # the quota 0.4 and the second card taken back
    other = _with_cards()
    other.decide(_quota(other, 0.2))
    other.answer(a.card.id, a.options[-1].index)
    assert _snap(camp) == _snap(other)
    camp.end_turn()
    other.end_turn()
    assert camp.state.state_hash() == other.state.state_hash() and camp.log == other.log
    assert not camp.can_undo and not camp.can_redo  # a new season: nothing to take back


def test_a_dragged_slider_is_one_step_and_a_new_action_clears_redo() -> None:
    camp = _with_cards()
    start = _snap(camp)
    for q in (0.21, 0.22, 0.23):
        camp.decide(_quota(camp, q))
    assert len(camp.undo_actions) == 1 and "quota" in camp.undo_actions[0].label.lower()
    camp.undo()
    assert _snap(camp) == start and camp.can_redo
    camp.decide(_quota(camp, 0.5))
    assert not camp.can_redo


def test_ironman_has_no_undo() -> None:
    camp = Campaign.new("great-turn-1928", seed=1, ironman=True)
    camp.decide(_quota(camp, 0.2))
    assert not camp.can_undo and camp.decisions.policy.quota == pytest.approx(0.2)
    with pytest.raises(DecisionError, match="ironman"):
        camp.undo()
