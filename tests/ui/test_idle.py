"""An idle screen sleeps in pygame.event.wait instead of drawing at 60 fps."""

from __future__ import annotations

import threading
import time

import pygame

import game.ui.app as app_module


def test_idle_app_does_not_spin(make_app, monkeypatch):
    """Run the real main loop for a while with nothing happening. Counted as work, not
    as frames per second, so a slow or busy machine cannot fail it: a frame drawn with
    no event, no animation and no recent input is work for nothing (it must be none),
    and each idle turn of the loop sleeps (so the turns are bounded by the time)."""
    monkeypatch.setattr(app_module, "ACTIVE_AFTER_INPUT_S", 0.1)
    app = make_app()
    app.switch("menu")
    idle_turns = 0
    sleeps = 0
    wasted: list[int] = []
    real_step, real_idle, real_sleep = app.step, app.idle_step, app_module.time.sleep

    real_drawing = app._drawing
    asked = [time.monotonic()]  # when the loop last asked whether to draw

    def drawing():
        asked[0] = time.monotonic()
        return real_drawing()

    def step(events=None, dt=None):
        # judged at the moment the loop decided (a slow machine may reach this line
        # later), by the input clock alone: the menu has no animation (asserted below)
        quiet = asked[0] - app._last_input >= app_module.ACTIVE_AFTER_INPUT_S
        if not events and quiet:
            wasted.append(app.frames)  # drawn with no event and no recent input
        return real_step(events, dt)

    def idle_step():
        nonlocal idle_turns
        idle_turns += 1
        return real_idle()

    class _Time:  # the app's clock, with its sleeps counted
        def __getattr__(self, name):
            return getattr(time, name)

        @staticmethod
        def sleep(s):
            nonlocal sleeps
            sleeps += 1
            real_sleep(s)

    monkeypatch.setattr(app, "step", step)
    monkeypatch.setattr(app, "_drawing", drawing)
    monkeypatch.setattr(app, "idle_step", idle_step)
    monkeypatch.setattr(app_module, "time", _Time())

    def stop() -> None:
        real_sleep(1.5)
        pygame.event.post(pygame.event.Event(pygame.QUIT))

    threading.Thread(target=stop, daemon=True).start()
    t0 = time.monotonic()
    app.run()
    elapsed = time.monotonic() - t0
    assert elapsed >= 1.4
    assert not any(s.animating() for s in app.scenes), "the menu has nothing to animate"
    assert not wasted, f"frames drawn with nothing to show: {wasted}"
    # every turn of the loop either drew a frame for a reason or slept: none spun
    assert idle_turns - app.frames <= sleeps, (idle_turns, app.frames, sleeps)
    # and the sleeps bound the turns: a spinning loop would make thousands in 1.5 s
    assert sleeps <= elapsed / app_module.IDLE_POLL_S + 5


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
