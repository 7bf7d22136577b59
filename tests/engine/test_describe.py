"""`describe=False` (bots, the lab, replays) skips the explanations and nothing else."""

from __future__ import annotations

import pytest

from game.campaign import Campaign
from game.cards.deck import default_deck
from game.engine import resolve_turn
from game.engine.bots import make_bot


@pytest.mark.parametrize("bot", ["historical", "voluntary"])
def test_an_undescribed_campaign_ends_in_the_same_state(bot: str) -> None:
    """Each season, described or not, leaves the same figures bit for bit; the war
    seasons (historical bot, seed 1) are among them."""
    a = Campaign.new("great-turn-1928", seed=1, deck=default_deck())
    b = Campaign.new("great-turn-1928", seed=1, deck=default_deck())
    a.play_bot(make_bot(bot, 1), describe=True)
    b.play_bot(make_bot(bot, 1))
    assert a.state.state_hash() == b.state.state_hash()
    assert a.history == b.history and a.log == b.log
    assert a.state.turn >= 53  # the whole campaign was compared


def test_an_undescribed_report_is_empty_and_a_described_one_is_not() -> None:
    camp = Campaign.new("great-turn-1928", seed=3)
    bot = make_bot("historical", 3)
    for _ in range(6):  # through a harvest and a procurement
        camp.end_turn(bot.decide(camp.state))
    quiet = camp.state.copy()
    told = camp.state.copy()
    r0 = resolve_turn(quiet, camp.compiled, describe=False)
    r1 = resolve_turn(told, camp.compiled)
    assert quiet.state_hash() == told.state_hash()
    assert r0.explanations == {} and r0.regional == {} and r0.before == {} == r0.after
    assert r0.events == r1.events and r0.outcome == r1.outcome
    assert "collectivised_share" in r1.explanations and r1.explanations["budget"].factors
    assert r1.regional["unrest"] and r1.before and r1.after


def test_a_rebuilt_campaign_explains_its_last_season() -> None:
    from game.persistence.replay import rebuild, replay_of

    camp = Campaign.new("great-turn-1928", seed=2, deck=default_deck())
    camp.play_bot(make_bot("historical", 2), max_turns=10)
    again = rebuild(replay_of(camp), deck=default_deck(), check_content=False).campaign
    assert again.state.state_hash() == camp.state.state_hash()
    assert again.last_report is not None and camp.last_report is not None
    assert again.last_report.to_dict() == camp.last_report.to_dict()
