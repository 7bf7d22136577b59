"""People and historians on screen: the Party's emblems with hover tips, the
encyclopedia's 'Historians disagree' and 'People' tabs, links between them."""

from __future__ import annotations

import pygame
import pytest

from game.campaign import Campaign
from game.engine.bots import make_bot
from tests.ui.driver import Driver


@pytest.fixture(scope="module")
def played() -> Campaign:
    from game.cards.deck import default_deck

    camp = Campaign.new("great-turn-1928", seed=2, deck=default_deck())
    camp.play_bot(make_bot("historical", 2), max_turns=40)
    return camp


def _open(make_app, scene, campaign, size=(1280, 720), scale=100, **kwargs):
    app = make_app(size=size, scale=scale)
    app.campaign = campaign
    app.switch("menu")
    app.push(scene, **kwargs)
    d = Driver(app)
    d.frames(3)
    return app, d


@pytest.mark.parametrize("scale", [100, 150])
def test_party_draws_each_factions_people_with_tips(make_app, played, scale):
    app, d = _open(make_app, "party", played, scale=scale)
    sc = d.scene
    assert set(sc.people_rows) == {"left", "centre", "right"}
    texts = [text for _, text in sc.tips.zones]
    assert any(t.startswith("Nikolai Bukharin") for t in texts)
    assert any("Loyalty to you" in t for t in texts)
    w, h = app.screen.get_size()
    for rect, _ in sc.tips.zones:
        assert pygame.Rect(0, 0, w, h).contains(rect)


def test_historians_tab_and_links(make_app, played):
    app, d = _open(make_app, "encyclopedia", played, tab="historians")
    sc = d.scene
    keys = [e.key for e in sc.visible]
    assert {"famine", "nep", "kulak", "war-scare"} <= set(keys)
    famine = next(e for e in sc.visible if e.key == "famine")
    for name in ("Conquest", "Wheatcroft", "Graziosi", "Applebaum"):
        assert name in famine.html
    assert "card:famine-1932-33" in famine.html
    sc.open_entry("cards", "famine-1932-33")
    assert sc.tab == "cards" and sc.selected_key == "famine-1932-33"
    assert "topic:famine" in sc.detail.html_text
    d.key(pygame.K_4)
    assert d.scene.tab == "people"


def test_people_tab_shows_fates_in_a_campaign(make_app, played):
    app, d = _open(make_app, "encyclopedia", played, tab="people", entry="trotsky")
    sc = d.scene
    assert sc.selected_key == "trotsky"
    assert "In this campaign" in sc.detail.html_text
    assert "makhno" not in [e.key for e in sc.visible]  # not in the 1928 scenario
