"""UI tests run the real App headless (SDL dummy driver) with posted pygame events."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest  # noqa: E402

from game.ui.app import App  # noqa: E402
from game.ui.settings import Settings  # noqa: E402


@pytest.fixture
def ui_env(tmp_path, monkeypatch):
    """Settings, mods config and saves in a temporary folder."""
    monkeypatch.setenv("SMYCHKA_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SMYCHKA_SAVES_DIR", str(tmp_path / "saves"))
    # the player's own mods too: another program's mods (or tests) in the real user data
    # folder must not change the cards these tests see
    monkeypatch.setenv("SMYCHKA_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


@pytest.fixture
def make_app(ui_env):
    apps: list[App] = []

    def make(size=(1280, 720), scale=100, hints=False, persist=True) -> App:
        s = Settings(width=size[0], height=size[1], ui_scale=scale, hints_enabled=hints)
        app = App(settings=s, persist_settings=persist)
        app.running = True
        apps.append(app)
        return app

    yield make
    for a in apps:
        a.close()
