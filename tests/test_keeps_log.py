"""A campaign played for its result only (keeps_log=False, the lab's) plays the same.

It keeps no decisions log and no yearly record of the regions, and so skips the
work of both; everything else (state, history, cards) must come out as in a
campaign that keeps them.
"""

from __future__ import annotations

import pytest

from game.campaign import Campaign
from game.cards.deck import default_deck
from game.engine.bots import make_bot
from game.lab import runner


@pytest.mark.parametrize(("bot", "seed"), [("historical", 4), ("random", 2)])
def test_a_campaign_without_its_log_plays_the_same(bot: str, seed: int) -> None:
    deck = default_deck()
    kept = Campaign.new("great-turn-1928", seed=seed, deck=deck)
    kept.play_bot(make_bot(bot, seed))
    bare = Campaign.new("great-turn-1928", seed=seed, deck=deck, keeps_log=False)
    bare.play_bot(make_bot(bot, seed))
    assert bare.state.state_hash() == kept.state.state_hash()
    assert bare.history == kept.history
    assert bare.card_memory == kept.card_memory
    assert kept.log and kept.region_years
    assert bare.log == [] and bare.region_years == [] and bare.choices == []


def test_the_lab_row_is_that_of_a_campaign_with_its_log() -> None:
    job = runner.Job("great-turn-1928", runner.Player.bot("historical"), 3)
    row = runner.run_job(job)
    camp = Campaign.new("great-turn-1928", seed=3, deck=runner._worker_deck(()))
    camp.play_bot(make_bot("historical", 3))
    assert runner.result_row(camp, job) == row
