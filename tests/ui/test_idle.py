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
    # at 60 fps this would be ~90 frames; idle wakes only every IDLE_WAIT_MS
    assert app.frames < 25, app.frames
