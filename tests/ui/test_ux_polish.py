"""The UI polish pass: fonts preloaded, the top bar fits, share layers on a fixed scale,
long cards readable, dialogs built by one helper."""

from __future__ import annotations

import warnings

import pytest

from game.engine.bots import make_bot
from game.ui import session
from tests.ui.driver import Driver


@pytest.mark.parametrize("scale", [100, 150, 200])
def test_no_font_loaded_on_first_use(make_app, scale):
    """Every font the theme and rich text use is preloaded: pygame_gui warns (and stalls a
    frame) when a text box asks for a size or style it has not loaded."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Finding font with id", category=UserWarning)
        warnings.filterwarnings("error", message="Trying to pre-load font", category=UserWarning)
        app = make_app(size=(1280, 720), scale=scale, hints=True)
        d = Driver(app)
        for name in ("menu", "new-campaign", "mods", "settings"):
            app.switch(name)
            d.frames(1)
        session.start_new(app, "great-turn-1928", 3, "normal")
        app.campaign.play_bot(make_bot("historical", 3), max_turns=2)
        for name in ("campaign", "encyclopedia", "party", "charts", "report"):
            app.switch("campaign")
            if name == "report":
                app.push("report", report=app.campaign.last_report)
            elif name != "campaign":
                app.push(name)
            d.frames(1)
