"""The why of the slower figures reaches the screen (issue #11): hover a figure in the real
App and the frame holds the tooltip with its breakdown -- the pixels of the tip drawn
in the frame equal those of the breakdown's text drawn alone, so a tip that lacked
the terms (a description instead of a breakdown) would not match."""

from __future__ import annotations

import pygame
import pytest

from game.engine.bots import make_bot
from game.persistence.store import load_campaign, save_campaign
from game.ui import session
from game.ui.tooltip import DELAY_S, draw_tip
from tests.ui.driver import Driver


def _campaign(make_app, size=(1920, 1080), scale=100, turns=8, seed=3):
    app = make_app(size=size, scale=scale)
    session.start_new(app, "great-turn-1928", seed, "normal")
    if turns:  # to the winter of 1929: the drive, deportations, the autumn's harvest
        app.campaign.play_bot(make_bot("historical", seed), max_turns=turns)
    app.switch("campaign")
    app.scene.card_hidden = True
    d = Driver(app)
    d.frames(2)
    return app, d


def _zone(scene, starts: str, inside: pygame.Rect | None = None) -> tuple[pygame.Rect, str]:
    for rect, text in scene.tips.zones:
        if text.startswith(starts) and (inside is None or inside.contains(rect)):
            return rect, text
    raise AssertionError(f"no tip zone starting {starts!r}")


def _hover_and_check(app, d, pos: tuple[int, int], must: tuple[str, ...]) -> str:
    """Rest the pointer at `pos`; the drawn tip is the zone's text, and holds `must`."""
    scene = d.scene
    d.move_to((1, 1))
    d.move_to(pos, DELAY_S + 0.1)
    text = scene.tips.text_at(pos)
    assert text, pos
    for word in must:
        assert word in text, (word, text)
    box = scene.tips.shown
    assert box is not None, "no tip drawn"
    alone = pygame.Surface(app.screen.get_size())
    ref = draw_tip(alone, app.theme, text, pygame.mouse.get_pos())
    assert ref == box
    inner = box.inflate(-8, -8)  # inside the rounded border
    drawn = pygame.image.tobytes(app.screen.subsurface(inner), "RGB")
    want = pygame.image.tobytes(alone.subsurface(inner), "RGB")
    assert drawn == want, "the tip in the frame is not the breakdown's text"
    return text


@pytest.mark.parametrize(("size", "scale"), [((1920, 1080), 100), ((1280, 720), 150)])
def test_region_panel_breakdowns_are_drawn(make_app, size, scale):
    app, d = _campaign(make_app, size, scale)
    scene = d.scene
    scene.selected = app.campaign.state.region_ids.index("ukraine")
    scene._layers.clear()
    d.frames(2)
    left = scene.left_rect
    rect, _ = _zone(scene, "Households by stratum", left)
    _hover_and_check(app, d, rect.center, ("Natural growth", "Last season", "What you can do"))
    rect, _ = _zone(scene, "Households in kolkhozes", left)
    _hover_and_check(app, d, rect.center, ("Driven into kolkhozes", "pp"))
    # rows further down may be scrolled out of a short panel: scroll to them
    for starts, must in (
        ("Worker-cadres here", ("Went home at the end of their terms",)),
        ("Households deported so far", ("Deported this season",)),
        ("Trust of the rich peasants", ("Coercion",)),
    ):
        for _ in range(20):
            try:
                rect, _ = _zone(scene, starts, left)
                break
            except AssertionError:
                assert scene.scroll_left_panel(2), f"{starts}: not in the panel"
                scene._layers.clear()
                d.frames(2)
        _hover_and_check(app, d, rect.center, must)


def test_top_bar_reserve_and_map_say_why(make_app):
    app, d = _campaign(make_app)
    scene = d.scene
    rect, _ = _zone(scene, "State grain reserve")
    _hover_and_check(app, d, rect.center, ("Eaten by the towns", "Storage losses"))
    # the map: the collectivised layer's tip says what moved this region's share
    i = app.campaign.state.region_ids.index("ukraine")
    assert scene.figure == "collectivised"
    text = _hover_and_check(app, d, scene.region_center(i), ("Ukraine", "Click to select"))
    assert "Driven into kolkhozes" in text and "Last season" in text


def test_a_loaded_campaign_explains_its_harvest_before_the_next_autumn(make_app, tmp_path):
    app, d = _campaign(make_app, turns=5)  # summer 1929: the 1928 harvest is two reports back
    path = save_campaign(app.campaign, tmp_path / "s.json.gz")
    app.campaign = load_campaign(path).campaign
    app.switch("campaign")
    app.scene.card_hidden = True
    d.frames(2)
    scene = d.scene
    rect, text = next(
        (r, t) for r, t in scene.tips.zones if t.startswith(("True harvest", "As local officials"))
    )
    assert "Weather" in text
    _hover_and_check(app, d, rect.center, ("Weather", "Sowing"))
