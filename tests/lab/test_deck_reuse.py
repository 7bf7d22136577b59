"""Card memory belongs to the campaign: a deck reused across campaigns must not
carry what one campaign drew into the next (once-only cards would never fire again)."""

from game.campaign import Campaign
from game.cards.deck import default_deck
from game.engine.bots import make_bot


def _play(deck, seed):
    camp = Campaign.new("great-turn-1928", seed=seed, deck=deck)
    camp.play_bot(make_bot("historical"), max_turns=12)
    return camp.cards_drawn(), camp.state.state_hash()


def test_reused_deck_plays_like_a_fresh_one():
    shared = default_deck()
    first = _play(shared, 3)
    again = _play(shared, 3)  # the same deck object, a second campaign
    assert again == first
    assert again == _play(default_deck(), 3)
    assert first[0], "the historical cards of 1928-31 were drawn"


def test_two_campaigns_on_one_deck_keep_separate_memories():
    shared = default_deck()
    a = Campaign.new("great-turn-1928", seed=1, deck=shared)
    b = Campaign.new("great-turn-1928", seed=1, deck=shared)
    assert a.deck is b.deck and a.card_memory is not b.card_memory
    a.play_bot(make_bot("historical"), max_turns=8)
    assert b.card_memory.fired == {} or set(b.card_memory.fired) <= set(a.card_memory.fired)
    b.play_bot(make_bot("historical"), max_turns=8)
    assert a.cards_drawn() == b.cards_drawn()
