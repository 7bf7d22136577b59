"""Hot reload: card files changed on disk come into a running campaign."""

from pathlib import Path

from game.campaign import Campaign
from game.cards.content import load_content
from game.cards.deck import Deck
from game.cards.hotreload import CardWatcher, reload_campaign

MOD = 'id = "hot"\nname = "Hot"\nversion = "1.0"\n'
CARD = """
[[card]]
id = "hot-card"
kind = "historical"
date = "1928-03-01"
scenarios = ["great-turn-1928"]

[card.text]
title = "{title}"
body = "Body."

[[card.option]]
id = "a"
text = "First."
effects = ["industry += 1"]
"""
OTHER = CARD.replace("hot-card", "hot-other").replace("1928-03-01", "1930-03-01")


def _setup(tmp_path: Path):
    mods = tmp_path / "mods"
    cards = mods / "hot" / "cards"
    cards.mkdir(parents=True)
    (mods / "hot" / "mod.toml").write_text(MOD)
    f = cards / "c.toml"
    f.write_text(CARD.format(title="Old title") + OTHER.format(title="Other"))
    camp = Campaign.new("great-turn-1928", seed=1, deck=Deck(load_content([mods])))
    return mods, f, camp


def test_a_changed_card_comes_in_and_the_campaign_goes_on(tmp_path):
    mods, f, camp = _setup(tmp_path)
    assert [i.card.id for i in camp.pending if i.card.id == "hot-card"]
    watcher = CardWatcher(camp.deck.content)
    assert f in watcher.files
    assert not watcher.poll(now=1e9)  # nothing changed
    turn, state_hash = camp.state.turn, camp.state.state_hash()
    f.write_text(CARD.format(title="New title, longer") + OTHER.format(title="Other"))
    assert watcher.poll(now=2e9)
    rep = reload_campaign(camp, [mods])
    assert rep.changed == ["hot-card"] and not rep.errors
    assert camp.deck.cards["hot-card"].title == "New title, longer"
    pending = next(i for i in camp.pending if i.card.id == "hot-card")
    assert pending.card.title == "New title, longer"  # offered again with the new text
    assert (camp.state.turn, camp.state.state_hash()) == (turn, state_hash)
    assert "hot-card" in camp.deck.seen  # the memory carried over
    camp.choose("hot-card", 0)
    camp.end_turn()


def test_a_broken_file_keeps_the_old_cards_and_says_where(tmp_path):
    mods, f, camp = _setup(tmp_path)
    f.write_text(CARD.format(title="Fine") + "\n[[card]]\nid = \n")
    rep = reload_campaign(camp, [mods])
    assert rep.errors and rep.errors[0].path == str(f) and rep.errors[0].line > 1
    assert camp.deck.cards["hot-card"].title == "Old title"  # kept until fixed
    assert "hot" in rep.kept_old
    assert f"{f}:" in rep.details()


def test_a_removed_pending_card_is_withdrawn_with_a_note(tmp_path):
    mods, f, camp = _setup(tmp_path)
    f.write_text(OTHER.format(title="Other"))
    rep = reload_campaign(camp, [mods])
    assert rep.withdrawn == ["hot-card"] and rep.removed == ["hot-card"]
    assert "hot-card" not in [i.card.id for i in camp.pending]
    assert "withdrawn" in rep.details()
    camp.end_turn()  # the campaign goes on


def test_the_game_polls_only_with_the_setting(tmp_path, monkeypatch):
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SMYCHKA_CONFIG_DIR", str(tmp_path / "config"))
    from game.ui.app import App
    from game.ui.settings import Settings

    mods, f, camp = _setup(tmp_path)
    app = App(settings=Settings(), persist_settings=False)
    try:
        app.campaign, app.campaign_mods = camp, [str(mods)]
        app.switch("campaign")
        assert app.poll_cards(now=1e9) is None  # off by default
        app.dev = True
        assert app.poll_cards(now=1e9) is None  # watching starts, nothing changed
        f.write_text(CARD.format(title="Edited") + OTHER.format(title="Other"))
        rep = app.poll_cards(now=2e9)
        assert rep is not None and rep.changed == ["hot-card"]
        assert app.campaign.deck.cards["hot-card"].title == "Edited"
        assert "reloaded" in app.scene.toast[0]
        app.step(dt=1 / 60)
    finally:
        app.close()


def test_the_cards_button_counts_the_cards_left_after_a_withdrawal(tmp_path, monkeypatch):
    """A card withdrawn by a reload left 'Event cards (1)' on the (greyed) button."""
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SMYCHKA_CONFIG_DIR", str(tmp_path / "config"))
    from game.ui.app import App
    from game.ui.settings import Settings

    mods, f, camp = _setup(tmp_path)
    camp.pending = [i for i in camp.pending if i.card.id == "hot-card"]
    app = App(settings=Settings(), persist_settings=False)
    try:
        app.campaign, app.campaign_mods, app.dev = camp, [str(mods)], True
        app.switch("campaign")
        scene = app.scene
        assert scene.cards_button.text == "Event cards (1)"
        assert app.poll_cards(now=1e9) is None  # watching starts
        f.write_text(OTHER.format(title="Other"))
        rep = app.poll_cards(now=2e9)
        assert rep is not None and rep.withdrawn == ["hot-card"]
        assert scene.cards_button.text == "No cards waiting"
        assert f"{f}:" not in rep.details()  # no errors, only the note
    finally:
        app.close()
