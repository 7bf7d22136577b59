"""Text never overflows its box: every button and label of the game's own screens fits,
at 1280x720, 1920x1080, 1280x720 at 150 % and 2560x1440 at 200 %."""

from __future__ import annotations

import pygame_gui
import pytest

from game.engine.bots import make_bot
from game.ui import session
from tests.ui.driver import Driver

CONFIGS = [
    ((1280, 720), 100),
    ((1920, 1080), 100),
    ((1280, 720), 150),
    ((2560, 1440), 200),
    ((1280, 720), 200),
]
MENU_SCENES = ["menu", "new-campaign", "settings", "sound", "mods"]
OVER_CAMPAIGN = ["campaign", "report", "game-menu", "saves"]


def _overflows(app) -> list[str]:
    bad = []
    w, h = app.screen.get_size()
    for el in app.ui_manager.get_sprite_group().sprites():
        if not el.alive() or not el.visible:
            continue
        if isinstance(el, pygame_gui.elements.UIButton | pygame_gui.elements.UILabel):
            text = el.text
            if not text or not getattr(el, "font", None):
                continue
            tw = el.font.size(text)[0]
            if tw > el.rect.w - 4:
                bad.append(f"{type(el).__name__} '{text}' {tw}px in {el.rect.w}px")
        r = el.get_abs_rect()
        if el.ui_container is app.scene.root and (r.right > w + 1 or r.bottom > h + 1):
            bad.append(f"{type(el).__name__} outside the window: {r}")
    return bad


@pytest.mark.parametrize(
    "size,scale", CONFIGS, ids=["720p", "1080p", "720p-150", "1440p-200", "720p-200"]
)
def test_text_fits(make_app, size, scale):
    app = make_app(size=size, scale=scale, hints=True)
    d = Driver(app)
    problems = []
    for name in MENU_SCENES:
        app.switch(name)
        d.frames(1)
        problems += [f"{name}: {p}" for p in _overflows(app)]
    session.start_new(app, "great-turn-1928", 7, "normal")
    app.campaign.play_bot(make_bot("historical", 7), max_turns=6)
    for name in OVER_CAMPAIGN:
        app.switch("campaign")
        app.scene.refresh()
        if name == "report":
            app.push("report", report=app.campaign.last_report)
        elif name != "campaign":
            app.push(name, **({"mode": "save"} if name == "saves" else {}))
        d.frames(1)
        problems += [f"{name}: {p}" for p in _overflows(app)]
        if name == "campaign":  # the region tab too
            app.scene.set_scope(True)
            d.frames(1)
            problems += [f"{name}/region: {p}" for p in _overflows(app)]
    assert not problems, "\n".join(problems)
