"""An idle screen sleeps in pygame.event.wait instead of drawing at 60 fps."""

from __future__ import annotations

import threading
import time

import pygame

import game.ui.app as app_module


def test_idle_app_does_not_spin(make_app, monkeypatch):
    monkeypatch.setattr(app_module, "ACTIVE_AFTER_INPUT_S", 0.1)
    app = make_app()
    app.switch("menu")

    def stop() -> None:
        time.sleep(1.5)
        pygame.event.post(pygame.event.Event(pygame.QUIT))

    threading.Thread(target=stop, daemon=True).start()
    t0 = time.monotonic()
    app.run()
    elapsed = time.monotonic() - t0
    assert 1.4 < elapsed < 5
    # at 60 fps this would be ~90 frames
    # at 60 fps this would be ~90 frames; idle, nothing is drawn without an event
    # (the first frames and the moment after switching to the menu only)
    assert app.frames < 12, app.frames


def test_idle_steps_draw_nothing_until_input(make_app, monkeypatch):
    """No redraw without an event or an animation; input brings the frames back."""
    monkeypatch.setattr(app_module, "ACTIVE_AFTER_INPUT_S", 0.05)
    app = make_app()
    app.switch("menu")
    app.step([], dt=1 / 60)
    time.sleep(0.1)
    pygame.event.clear()
    n = app.frames
    for _ in range(10):
        app.idle_step()
    assert app.frames == n
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 5), rel=(1, 1), buttons=(0, 0, 0))
    )
    app.idle_step()
    assert app.frames == n + 1


def test_still_screens_are_drawn_once(make_app):
    """The Party screen's drawing is kept and blitted while nothing changes."""
    from game.ui import session

    app = make_app(size=(1600, 900))
    session.start_new(app, "great-turn-1928", 2, "normal")
    app.switch("campaign")
    scene = app.push("party")
    calls = []
    real = scene.draw
    scene.draw = lambda surface: (calls.append(1), real(surface))
    for _ in range(5):
        app.step([], dt=1 / 60)
    assert len(calls) == 1
