"""The mods screen enables, disables and orders mods through mods.json."""

from __future__ import annotations

import json

from game.cards.mods import config_path
from tests.ui.driver import Driver


def test_enable_and_disable_a_mod(make_app, ui_env):
    app = make_app()
    app.switch("menu")
    d = Driver(app)
    d.frames(1)
    d.press("Mods")
    scene = d.scene
    assert scene.name == "mods"
    if not scene.mods:
        assert "No mods found" in scene.details.html_text
        return
    mod = scene.mods[scene.selected]
    assert mod.ok and not mod.enabled  # a fresh config enables nothing
    d.press("Enable")
    assert mod.id in json.loads(config_path().read_text())["enabled"]
    assert d.scene.mods[d.scene.selected].enabled
    d.press("Disable")
    assert mod.id not in json.loads(config_path().read_text())["enabled"]
    # a new campaign lists it as a toggle, off
    d.press("Back")
    d.press("New campaign")
    assert d.scene.mod_on == {m.id: False for m in d.scene.mods}
