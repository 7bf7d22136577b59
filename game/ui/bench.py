"""UI speed: startup_ms, frame_ms and end_turn_ms (registered in game/bench.py)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

Measurement = tuple[str, float, str]
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def _headless_env(tmp: str) -> dict[str, str]:
    env = dict(os.environ)
    env["SDL_VIDEODRIVER"] = "dummy"
    env.setdefault("SDL_AUDIODRIVER", "dummy")  # the same mixer path on every machine
    env["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    env["SMYCHKA_CONFIG_DIR"] = str(Path(tmp) / "config")
    env["SMYCHKA_SAVES_DIR"] = str(Path(tmp) / "saves")
    # `python -m game` must find this copy of the game, installed or not
    from game.paths import package_dir

    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(package_dir().parent), env.get("PYTHONPATH")) if p
    )
    return env


def startup_ms(runs: int) -> float:
    """Process start to the first drawn frame of the main menu (median of runs)."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        env = _headless_env(tmp)
        marker = Path(tmp) / "first-frame"
        env["SMYCHKA_FIRST_FRAME_FILE"] = str(marker)
        for _ in range(runs):
            t0 = time.time()
            subprocess.run(
                [sys.executable, "-m", "game", "--frames", "1"],
                env=env,
                check=True,
                capture_output=True,
                timeout=60,
            )
            times.append((float(marker.read_text()) - t0) * 1000)
    return statistics.median(times)


def _campaign_app(tmp: str, size: tuple[int, int] = (1920, 1080)):  # type: ignore[no-untyped-def]
    for k, v in _headless_env(tmp).items():
        os.environ.setdefault(k, v)
    # frame and end-turn times measure drawing and the turn: the music's one-off decode
    # (about 0.7 s of one core, in the background) would land inside the timed frames
    os.environ.setdefault("SMYCHKA_AUDIO", "off")
    os.environ["SMYCHKA_SAVES_DIR"] = str(Path(tmp) / "saves")
    from game.ui import session
    from game.ui.app import App
    from game.ui.settings import Settings

    app = App(
        settings=Settings(width=size[0], height=size[1], hints_enabled=False),
        persist_settings=False,
    )
    app.running = True
    session.start_new(app, "great-turn-1928", 1, "normal")
    return app


def frame_ms(frames: int) -> float:
    """Median frame time of the campaign screen at 1920x1080, the mouse moving over the map."""
    import pygame

    with tempfile.TemporaryDirectory() as tmp:
        app = _campaign_app(tmp)
        try:
            from game.engine.bots import make_bot

            app.campaign.play_bot(make_bot("historical", 1), max_turns=6)
            scene = app.scene
            scene.card_hidden = True
            scene.refresh()
            for _ in range(5):
                app.step([], dt=1 / 60)
            m = scene.map_rect
            times = []
            for i in range(frames):
                pos = (m.x + (i * 37) % m.w, m.y + (i * 23) % m.h)
                ev = pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0))
                t0 = time.perf_counter()
                app.step([ev], dt=1 / 60)
                times.append(time.perf_counter() - t0)
        finally:
            app.close()
    return statistics.median(times) * 1000


def end_turn_ms(turns: int) -> float:
    """End-turn click to the drawn turn report (resolve, autosave, report), median."""
    import pygame

    with tempfile.TemporaryDirectory() as tmp:
        app = _campaign_app(tmp)
        try:
            times = []
            for _ in range(turns):
                scene = app.scene
                camp = app.campaign
                while camp.pending:  # answer the cards first (not timed)
                    inst = camp.pending[0]
                    camp.choose(inst.card.id, camp.deck.default_option(camp, inst))
                scene.refresh()
                app.step([], dt=1 / 60)
                pos = scene.end_button.get_abs_rect().center
                down = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1)
                up = pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)
                t0 = time.perf_counter()
                app.step([down, up], dt=1 / 60)
                for _ in range(5):  # pygame_gui posts the press; the next frame handles it
                    app.step(dt=1 / 60)
                    if app.scene is not None and app.scene.name == "report":
                        break
                times.append(time.perf_counter() - t0)
                assert app.scene.name == "report", app.scene.name
                app.pop()
        finally:
            app.close()
    return statistics.median(times) * 1000


def music_start_ms(runs: int) -> float:
    """Mixer start to the first piece playing, all in the background thread (the
    window is already up by then: the App starts the mixer after its first frame)."""
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.ui.audio import Audio
    from game.ui.settings import Settings

    times = []
    for _ in range(runs):
        audio = Audio(Settings(), enabled=True)
        t0 = time.perf_counter()
        audio.start()
        audio.set_mood("calm")
        playing = audio.wait_music(30)
        times.append(time.perf_counter() - t0)
        audio.close()
        if not playing:
            return float("nan")
    return statistics.median(times) * 1000


IDLE_SCRIPT = """
import os, sys, time, resource
from game.ui.app import App
from game.ui.settings import Settings
app = App(settings=Settings(width=1920, height=1080, hints_enabled=False), persist_settings=False)
app.switch("menu")
app.running = True
app.run(max_frames=30)  # draw the menu and settle
app._last_input = 0.0  # no input for a long time: the app may sleep
t0, c0 = time.monotonic(), resource.getrusage(resource.RUSAGE_SELF)
frames0 = app.frames
app.running = True
end = t0 + float(sys.argv[1])
while time.monotonic() < end:
    app.idle_step()
c1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
print(100 * cpu / (time.monotonic() - t0), app.frames - frames0)
"""


def idle_cpu_pct(seconds: float) -> float:
    """CPU the window takes at the main menu with no input (percent of one core)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-c", IDLE_SCRIPT, str(seconds)],
            env=_headless_env(tmp),
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
    return float(out.stdout.split()[0])


# every screen, drawn with nothing changing (what a player looking at it costs)
FRAME_SCENES = ("menu", "campaign", "card", "report", "charts", "party", "encyclopedia", "end")


def scene_frame_ms(size: tuple[int, int] = (2560, 1440), frames: int = 30) -> dict[str, float]:
    """Median frame time of each screen at `size`, the pointer moving a little."""
    import pygame

    from game.engine.bots import make_bot

    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        app = _campaign_app(tmp, size)
        try:
            camp = app.campaign
            camp.play_bot(make_bot("historical", 1), max_turns=6)
            for name in FRAME_SCENES:
                if name == "end":
                    camp.play_bot(make_bot("historical", 1))
                    app.switch("end")
                elif name == "menu":
                    app.switch("menu")
                else:
                    scene = app.switch("campaign")
                    scene.card_hidden = name != "card"
                    if name == "card" and not camp.pending:
                        continue
                    if name == "report":
                        app.push("report", report=camp.last_report)
                    elif name not in ("campaign", "card"):
                        app.push(name)
                for _ in range(5):
                    app.step([], dt=1 / 60)
                times = []
                w, h = app.screen.get_size()
                for i in range(frames):
                    pos = (w // 3 + (i % 7), h // 2 + (i % 5))
                    ev = pygame.event.Event(
                        pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0)
                    )
                    t0 = time.perf_counter()
                    app.step([ev], dt=1 / 60)
                    times.append(time.perf_counter() - t0)
                out[name] = statistics.median(times) * 1000
        finally:
            app.close()
    return out


def ui_benches(quick: bool) -> Iterator[Measurement]:
    yield ("startup_ms", startup_ms(3 if quick else 5), "ms")
    yield ("frame_ms", frame_ms(120 if quick else 300), "ms")
    yield ("end_turn_ms", end_turn_ms(5 if quick else 10), "ms")
    yield ("idle_cpu_pct", idle_cpu_pct(3.0 if quick else 6.0), "%")
    per_scene = scene_frame_ms(frames=20 if quick else 40)
    worst = max(per_scene, key=per_scene.__getitem__)
    yield ("frame_ms_max_1440", per_scene[worst], f"ms ({worst})")
    yield ("music_start_ms", music_start_ms(2 if quick else 4), "ms")
