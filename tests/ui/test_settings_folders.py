"""The Settings screen says where saves and the player's mods live and opens them."""

from __future__ import annotations

import pygame

from game import paths
from game.errors import SmychkaError
from tests.ui.driver import Driver


def _settings(make_app, scale: int) -> Driver:
    app = make_app(size=(1280, 720), scale=scale)
    app.switch("settings")
    d = Driver(app)
    d.frames(1)
    return d


def test_folders_are_shown_and_fit_at_150_percent(make_app, ui_env, monkeypatch):
    monkeypatch.setenv(paths.DATA_ENV, str(ui_env / "data"))
    d = _settings(make_app, 150)
    shown = [str(folder) for _, folder in d.scene.folder_rows]
    assert shown == [str(ui_env / "saves"), str(ui_env / "data" / "mods")]
    window = pygame.Rect(0, 0, 1280, 720)
    openers = [b for b in d.buttons() if b.text == "Open folder"]
    assert len(openers) == 2
    back = d.button("Back").get_abs_rect()
    for b in d.buttons():
        r = b.get_abs_rect()
        assert window.contains(r), (b.text, r)
        if b is not d.button("Back"):
            assert not r.colliderect(back), (b.text, r)
    for rect, _ in d.scene.folder_rows:  # the path text sits beside its button
        assert rect.width > 200 and window.contains(rect)
        assert not any(rect.colliderect(b.get_abs_rect()) for b in openers)


def test_open_folder_button_opens_the_saves_folder(make_app, ui_env, monkeypatch):
    opened = []
    monkeypatch.setattr(paths, "open_folder", lambda f: opened.append(f) or f"Opened {f}")
    d = _settings(make_app, 100)
    d.press("Open folder")
    assert opened == [ui_env / "saves"]
    assert d.scene.status == f"Opened {ui_env / 'saves'}"


def test_no_file_manager_is_a_message_naming_the_folder(make_app, ui_env, monkeypatch):
    def refuse(folder):
        raise SmychkaError(f"No file manager can be opened here. The folder is {folder}")

    monkeypatch.setattr(paths, "open_folder", refuse)
    d = _settings(make_app, 100)
    d.press("Open folder")
    assert d.scene.name == "message"
    assert str(ui_env / "saves") in d.scene.text
