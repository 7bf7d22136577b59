"""Settings survive restarts and never break on a bad file; hints are remembered once
dismissed; a corrupt save shows the reason and leaves the player where they were."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pygame
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ui import session
from game.ui.settings import PALETTES, Settings, load_settings, save_settings, settings_path
from tests.ui.driver import Driver

ROOT = Path(__file__).resolve().parents[2]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            ["width", "height", "fullscreen", "ui_scale", "palette", "volume", "hints_seen", "x"]
        ),
        json_values,
    )
)
def test_any_settings_file_loads_to_valid_settings(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("cfg") / "settings.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    s, warnings = load_settings(path)
    assert isinstance(s, Settings)
    assert 100 <= s.ui_scale <= 200
    assert s.palette in PALETTES
    assert s.width >= 1024 and s.height >= 600
    assert isinstance(s.fullscreen, bool)
    assert all(isinstance(h, str) for h in s.hints_seen)
    for key in raw:
        if key in ("width", "height", "ui_scale") and raw[key] != getattr(s, key):
            assert warnings  # a value we dropped is reported, not silently ignored


def test_garbage_settings_file_gives_defaults_and_a_warning(tmp_path):
    path = tmp_path / "settings.json"
    path.write_bytes(b"\xff\x00{not json")
    s, warnings = load_settings(path)
    assert s == Settings()
    assert warnings and str(path) in warnings[0]


def test_settings_round_trip_and_the_settings_screen(make_app, ui_env):
    save_settings(Settings(width=1600, height=900, ui_scale=125, palette="cividis"))
    s, warnings = load_settings()
    assert (s.width, s.height, s.ui_scale, s.palette, warnings) == (1600, 900, 125, "cividis", [])
    app = make_app()
    app.switch("menu")
    d = Driver(app)
    d.frames(1)
    d.press("Settings")
    assert d.scene.name == "settings"
    d.press("150 %")
    d.press("Cividis")
    assert app.theme.scale == 1.5
    on_disk = json.loads(settings_path().read_text())
    assert on_disk["ui_scale"] == 150 and on_disk["palette"] == "cividis"
    d.key(pygame.K_ESCAPE)
    assert d.scene.name == "menu"


def test_corrupt_save_shows_why_and_keeps_the_player_in_place(make_app, ui_env):
    saves = ui_env / "saves"
    saves.mkdir(parents=True, exist_ok=True)
    (saves / "broken.json").write_text('{"format": "smychka-save", "version": 1, "crc": ')
    app = make_app()
    session.start_new(app, "great-turn-1928", 2, "normal")
    camp = app.campaign
    d = Driver(app)
    d.frames(1)
    app.push("saves", mode="load")
    d.frames(1)
    rows = [b for b, info in d.scene.row_buttons if info.name == "broken"]
    assert rows and not rows[0].is_enabled  # listed as unloadable, with the reason as tip
    assert "broken" in rows[0].text
    # loading it anyway (e.g. F9 on a bad quicksave) shows the reason
    (saves / "quicksave.json").write_text("garbage")
    app.pop()
    d.frames(1)
    d.key(pygame.K_F9)
    assert d.scene.name == "message"
    assert "quicksave" in d.scene.text
    d.press("OK")
    assert d.scene.name == "campaign" and app.campaign is camp


def test_play_command_opens_and_closes_headless(ui_env):
    env = {
        "SDL_VIDEODRIVER": "dummy",
        "SMYCHKA_CONFIG_DIR": str(ui_env / "config"),
        "SMYCHKA_SAVES_DIR": str(ui_env / "saves"),
        "PATH": "/usr/bin:/bin",
    }
    r = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--frames", "3"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    r = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "screenshot", "--scene", "mneu", "--out", "x.png"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "did you mean 'menu'" in r.stderr


def test_continue_and_quickload(make_app, ui_env):
    app = make_app()
    session.start_new(app, "great-turn-1928", 11, "normal")
    d = Driver(app)
    d.frames(1)
    scene = d.scene
    camp = app.campaign
    while camp.pending:
        d.key(pygame.K_1)
    d.key(pygame.K_F5)  # quicksave at turn 0
    d.click(scene.end_button)
    assert camp.state.turn == 1 and d.scene.name == "report"
    d.key(pygame.K_RETURN)
    d.key(pygame.K_F9)  # back to the quicksave
    if d.scene.name == "message":  # loaded with a warning
        d.press("OK")
    assert d.scene.name == "campaign" and app.campaign.state.turn == 0
    # the main menu offers to continue the newest loadable save
    app.campaign = None
    app.switch("menu")
    d.frames(1)
    d.press("Continue")
    if d.scene.name == "message":
        d.press("OK")
    assert d.scene.name == "campaign" and app.campaign is not None
