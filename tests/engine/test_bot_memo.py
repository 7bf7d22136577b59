"""The memos of the bots' path give what the work they skip would give.

The historical bot hands back the Decisions object it made before for the same
figures (game.engine.bots._MEMO), a campaign shares compiled policies with the
other campaigns of the process (game.campaign._COMPILED), and decisions that
passed validation for a map are not checked again. These tests hold each to the
unmemoised path.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.campaign import _COMPILED, Campaign
from game.cards.deck import default_deck
from game.engine import bots
from game.engine.bots import HistoricalBot
from game.engine.decisions import Decisions, Policy, RegionOverride, compile_decisions
from game.errors import DecisionError


class _Unmemoised(HistoricalBot):
    """The historical bot deciding afresh every season (a subclass is not memoised)."""


@pytest.mark.parametrize(
    ("scenario", "seed"), [("great-turn-1928", 1), ("great-turn-1928", 7), ("bukharin-1928", 2)]
)
def test_the_memoised_historical_bot_decides_as_a_fresh_one(scenario: str, seed: int) -> None:
    deck = default_deck()
    camp = Campaign.new(scenario, seed=seed, deck=deck)
    memo, fresh = HistoricalBot(), _Unmemoised()
    assert fresh.memo_key(camp.state) is None
    memo.start(camp.scenario)
    fresh.start(camp.scenario)
    seasons = 0
    while not camp.state.finished:
        while camp.pending:
            inst = camp.pending[0]
            camp.choose(inst.card.id, deck.bot_option(camp, inst, memo), describe=False)
        got, want = memo.decide(camp.state), fresh.decide(camp.state)
        assert got.to_dict() == want.to_dict(), camp.state.date_label
        assert got == want
        camp.end_turn(got, describe=False)
        seasons += 1
    assert seasons > 40
    # A second campaign of the scenario finds most of its seasons in the memo.
    before = len(bots._MEMO)
    again = Campaign.new(scenario, seed=seed, deck=deck)
    again.play_bot(HistoricalBot())
    assert len(bots._MEMO) == before
    assert again.state.state_hash() == camp.state.state_hash()


def test_the_memo_key_holds_what_the_bot_reads() -> None:
    camp = Campaign.new("great-turn-1928", seed=3)
    bot = HistoricalBot()
    key = bot.memo_key(camp.state)
    assert key is not None and hash(key) is not None
    camp.state.arrays["hunger"][:] = 0.3  # hungry, and a famine above the bot's 0.25
    assert bot.memo_key(camp.state) != key
    camp.state.nat.update(at_war=1.0, army=0.5, enemy=1.0)
    war_key = bot.memo_key(camp.state)
    camp.state.nat["army"] = 2.0  # stronger than the enemy: the war's stance turns
    assert bot.memo_key(camp.state) != war_key


def test_a_shared_compiled_policy_is_read_only_and_equal_to_a_fresh_one() -> None:
    d = Decisions(Policy(quota=0.31), {"ukraine": RegionOverride(coercion=0.45)})
    a = Campaign.new("great-turn-1928", seed=1)
    b = Campaign.new("great-turn-1928", seed=2)
    a.set_decisions(d)
    b.set_decisions(d)
    pol = a.compiled
    assert b.compiled is pol  # compiled once for both campaigns
    assert _COMPILED[id(d)][0] is d
    fresh = compile_decisions(d, a.state.region_ids)
    for name in fresh.__dataclass_fields__:
        x, y = getattr(pol, name), getattr(fresh, name)
        if isinstance(x, np.ndarray):
            assert np.array_equal(x, y) and not x.flags.writeable, name
        else:
            assert x == y, name


def test_validated_decisions_are_checked_again_for_another_map() -> None:
    d = Decisions(overrides={"ukraine": RegionOverride(coercion=0.5)})
    d.validate(("ukraine", "volga"))
    assert d.validate(("ukraine", "volga")) is d
    with pytest.raises(DecisionError, match="unknown region 'ukraine'"):
        d.validate(("volga",))
    bad = Decisions(overrides={"volga": RegionOverride(coercion=3.0)})
    for _ in range(2):  # a failed check marks nothing
        with pytest.raises(DecisionError, match="overrides.volga.coercion"):
            bad.validate(("volga",))
    assert "_valid_for" not in repr(d) and d == Decisions(
        overrides={"ukraine": RegionOverride(coercion=0.5)}
    )
