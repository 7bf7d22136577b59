"""Every screen draws at 1280x720, 1920x1080 and at UI scale 150 % without errors,
and the screenshot command writes a real picture of it."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.errors import SmychkaError
from game.ui.screenshot import SCREEN_SCENES, parse_size, render_scene

CONFIGS = [((1280, 720), 100), ((1920, 1080), 100), ((1280, 720), 150)]


@pytest.mark.parametrize("size,scale", CONFIGS, ids=["720p", "1080p", "720p-150"])
def test_every_scene_renders(size, scale, ui_env, tmp_path):
    for scene in SCREEN_SCENES:
        if scene == "end" and size != (1920, 1080):
            continue  # a whole campaign: once is enough
        if not _available(scene):
            continue
        out = render_scene(scene, tmp_path / f"{scene}.png", size=size, scale=scale, turns=2)
        img = pygame.image.load(str(out))
        assert img.get_size() == size
        # not a blank screen: text and panels in several colours
        px = pygame.surfarray.array3d(img)[::3, ::3].reshape(-1, 3)
        colours = np.unique(px, axis=0)
        assert len(colours) > 6, scene


def _available(scene: str) -> bool:
    from game.ui.app import SCENES

    return {"card": "campaign", "alerts": "campaign", "guide": "campaign"}.get(
        scene, scene
    ) in SCENES


def test_screenshot_rejects_bad_input(tmp_path):
    with pytest.raises(SmychkaError, match="did you mean 'menu'"):
        render_scene("mneu", tmp_path / "x.png")
    with pytest.raises(SmychkaError, match="WIDTHxHEIGHT"):
        parse_size("big")
    with pytest.raises(SmychkaError, match="100 to 200"):
        render_scene("menu", tmp_path / "x.png", scale=300)


def test_resize_and_scale_change_rebuild_the_campaign_screen(make_app):
    from tests.ui.driver import Driver

    app = make_app()
    from game.ui import session

    session.start_new(app, "great-turn-1928", 3, "normal")
    d = Driver(app)
    d.frames(2)
    for w, h in ((1920, 1080), (1024, 600), (2560, 1440)):
        pygame.display.set_mode((w, h), pygame.RESIZABLE)
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=w, h=h, size=(w, h)))
        d.frames(2)
        scene = d.scene
        assert scene.root.get_abs_rect().size == (w, h)
        # nothing of the campaign screen leaves the window (scrolled lists clip their own)
        for b in [b for b in d.buttons() if b.ui_container is scene.root]:
            r = b.get_abs_rect()
            assert r.right <= w + 1 and r.bottom <= h + 1, (b.text, r, (w, h))
    app.settings.ui_scale = 150
    app.apply_settings()
    d.frames(2)
    assert app.theme.scale == 1.5
    assert d.scene.name == "campaign"
