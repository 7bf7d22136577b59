"""Saves with the real card engine and a real mod folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.campaign import Campaign
from game.engine.bots import make_bot
from game.persistence import load_campaign, save_campaign

deck_mod = pytest.importorskip("game.cards.deck")

CARD = """
[[card]]
id = "save-test-rumour"
kind = "event"
weight = 1000.0
once = false
[card.text]
title = "A rumour"
body = "Word spreads in the villages."
history = "A card for the save tests."
source = "{source}"
[[card.option]]
id = "listen"
text = "Listen."
effects = ["unrest[all] += 0.01"]
"""


def _mod(root: Path, source: str = "Test") -> Path:
    mod = root / "savetest"
    (mod / "cards").mkdir(parents=True, exist_ok=True)
    (mod / "mod.toml").write_text('id = "save-test-mod"\nname = "Save test"\nversion = "1.0"\n')
    (mod / "cards" / "c.toml").write_text(CARD.format(source=source))
    return root


def test_real_deck_continued_run_equals_uninterrupted(tmp_path: Path) -> None:
    whole = Campaign.new("great-turn-1928", seed=8, deck=deck_mod.default_deck())
    whole.play_bot(make_bot("historical"))
    first = Campaign.new("great-turn-1928", seed=8, deck=deck_mod.default_deck())
    first.play_bot(make_bot("historical"), max_turns=9)
    res = load_campaign(save_campaign(first, tmp_path / "c.json.gz"))
    assert res.warnings == []
    cont = res.campaign
    assert [i.card.id for i in cont.pending] == [i.card.id for i in first.pending]
    assert cont.deck.state_dict() == first.deck.state_dict()
    cont.play_bot(make_bot("historical"))
    assert cont.state.state_hash() == whole.state.state_hash()
    assert cont.cards_drawn() == whole.cards_drawn()


def test_mod_missing_or_changed(tmp_path: Path) -> None:
    mods = _mod(tmp_path / "mods")
    camp = Campaign.new("great-turn-1928", seed=1, deck=deck_mod.default_deck([mods]))
    bot = make_bot("historical")
    for _ in range(30):
        if any(i.card.id == "save-test-rumour" for i in camp.pending):
            break
        camp.play_bot(bot, max_turns=1)
    assert any(i.card.id == "save-test-rumour" for i in camp.pending)
    path = save_campaign(camp, tmp_path / "m.json.gz")

    same = load_campaign(path, mods_dirs=[mods])
    assert same.warnings == []
    assert [i.card.id for i in same.campaign.pending] == [i.card.id for i in camp.pending]

    gone = load_campaign(path)  # the mod folder is not given: the mod is missing
    text = "\n".join(gone.warnings)
    assert "'save-test-mod' 1.0" in text and "not installed" in text
    assert "pending card 'save-test-rumour'" in text and "dropped" in text
    assert all(i.card.id != "save-test-rumour" for i in gone.campaign.pending)
    gone.campaign.play_bot(bot, max_turns=3)

    _mod(tmp_path / "mods", source="Edited")  # same version, different content
    changed = load_campaign(path, mods_dirs=[mods])
    assert any("'save-test-mod'" in w and "changed" in w for w in changed.warnings)
