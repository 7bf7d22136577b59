"""Hovering a figure explains it: top bar figures show the engine's explanation, map
regions their value, region rows their meaning, card options their effects."""

from __future__ import annotations

import pygame

from game.engine.bots import make_bot
from game.ui import session
from tests.ui.driver import Driver


def _hover(d: Driver, pos) -> None:
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0))
    )
    d.frames(1)


def test_hover_texts(make_app):
    app = make_app(size=(1920, 1080))
    session.start_new(app, "great-turn-1928", 3, "normal")
    camp = app.campaign
    camp.play_bot(make_bot("historical", 3), max_turns=2)
    app.switch("campaign")
    d = Driver(app)
    d.frames(1)
    scene = d.scene
    # an event card: its options explain what they do
    if scene.card_visible():
        lay = scene.card_view.layout_
        rect, n = lay.options[0]
        text = scene.tips.text_at(rect.center)
        assert text.startswith("1. ")
        scene.card_hidden = True
        d.frames(1)
    # the top bar: Party support explained by the factions behind it
    cells = [(r, t) for r, t in scene.tips.zones if r.bottom <= scene.top_h]
    party = [t for _, t in cells if t.startswith("Support in the Party")]
    assert party and "weight" in party[0]
    # a map region: its name and the figure on the map
    pos = scene.region_center(0)
    _hover(d, pos)
    assert scene.hover_region == 0
    text = scene.tips.text_at(pos)
    name = camp.state.region_names[0]
    assert text is not None and text.startswith(name) and "Collectivised" in text
    # the region panel: a row says what it means
    left = [t for r, t in scene.tips.zones if scene.left_rect.contains(r)]
    assert any("Households by stratum" in t for t in left)
    assert any("reports" in t.lower() for t in left)
