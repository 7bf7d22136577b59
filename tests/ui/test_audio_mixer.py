"""The mixer under SDL_AUDIODRIVER=dummy: lazy start, volumes that apply and persist,
cross-fades, missing or broken files and a mixer that will not open; and the
committed files against their sources (no fluidsynth needed)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pygame
import pytest

from game.ui.audio import SOUNDS, Audio
from game.ui.settings import Settings, load_settings, save_settings, settings_path
from tests.ui.driver import Driver

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"
MAX_AUDIO_BYTES = 15_000_000


@pytest.fixture(autouse=True)
def _dummy_audio(monkeypatch):
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    monkeypatch.setenv("SMYCHKA_AUDIO", "on")
    yield
    if pygame.mixer.get_init():
        pygame.mixer.quit()


def _render_music():
    spec = importlib.util.spec_from_file_location(
        "render_music", ROOT / "tools" / "render_music.py"
    )
    mod = importlib.util.module_from_spec(spec)
    sys.modules["render_music"] = mod
    spec.loader.exec_module(mod)
    return mod


# --- start and volumes -----------------------------------------------------------------------
def test_the_mixer_opens_only_after_the_first_frame_and_music_plays(make_app):
    app = make_app()
    d = Driver(app)
    app.switch("menu")
    assert not pygame.mixer.get_init() and app.audio.state == "off"
    d.frames(1)
    assert app.audio.state == "off"  # the first frame is drawn before any audio work
    d.frames(1)
    assert app.audio.wait_ready(10), app.audio.problems
    assert app.audio.wait_music(20)
    assert app.audio.problems == []
    playing = app.audio.now_playing
    index = {t["file"]: t for t in json.loads((ASSETS / "music" / "index.json").read_text())}
    assert index[playing]["mood"] == "calm"
    # a screen of the same mood keeps the piece
    d.press("Settings")
    d.frames(2)
    assert app.audio.now_playing == playing


def test_volumes_apply_and_persist(make_app, ui_env):
    app = make_app()
    d = Driver(app)
    app.switch("menu")
    d.frames(2)
    assert app.audio.wait_ready(10) and app.audio.wait_music(20)
    for _ in range(200):  # let the fade-in finish
        app.audio.update(0.05)
    slot = app.audio._slots[0]
    s = app.settings
    expected = s.master_volume / 100 * s.music_volume / 100
    assert slot.channel.get_volume() == pytest.approx(expected, abs=0.01)
    d.press("Settings")
    d.press("Sound…")
    assert d.scene.name == "sound"
    d.press("Off")  # the first "Off" is the master volume: mute
    assert app.settings.muted and slot.channel.get_volume() == 0.0
    row = [b for b in d.buttons() if b.text == "50 %"]
    d.click(row[0])  # master 50 %, unmuted
    d.frames(1)
    d.click([b for b in d.buttons() if b.text == "25 %"][1])  # music 25 %
    d.frames(1)
    assert not app.settings.muted
    assert (app.settings.master_volume, app.settings.music_volume) == (50, 25)
    assert slot.channel.get_volume() == pytest.approx(0.5 * 0.25, abs=0.01)
    on_disk = json.loads(settings_path().read_text())
    assert (on_disk["master_volume"], on_disk["music_volume"], on_disk["muted"]) == (50, 25, False)
    again, warnings = load_settings()
    assert (again.master_volume, again.music_volume, warnings) == (50, 25, [])
    # effects play at master x effects; clicks of the buttons above may still be
    # sounding at the volumes they started with, so silence them first
    effects = [pygame.mixer.Channel(i) for i in range(2, pygame.mixer.get_num_channels())]
    for c in effects:
        c.stop()
    app.audio.play("bell")
    busy = effects
    vols = [c.get_volume() for c in busy if c.get_busy()]
    assert vols and vols[0] == pytest.approx(0.5 * app.settings.effects_volume / 100, abs=0.01)


def test_out_of_range_volumes_fall_back_with_a_warning(ui_env):
    path = settings_path()
    save_settings(Settings())
    raw = json.loads(path.read_text())
    raw.update(master_volume=400, music_volume=-3, muted=True)
    path.write_text(json.dumps(raw))
    s, warnings = load_settings()
    assert (s.master_volume, s.music_volume, s.muted) == (75, 50, True)
    assert any("master_volume" in w for w in warnings) and any(
        "music_volume" in w for w in warnings
    )


def test_a_mood_change_cross_fades_and_the_same_mood_does_not_restart():
    audio = Audio(Settings(), enabled=True)
    try:
        audio.start()
        assert audio.wait_ready(10)
        audio.set_mood("calm")
        assert audio.wait_music(20)
        first = audio.now_playing
        for _ in range(40):  # fade in
            audio.update(0.05)
        audio.set_mood("calm")
        audio.update(0.1)
        assert audio.now_playing == first and len(audio._slots) == 1
        audio.set_mood("martial")
        audio.update(0.5)
        assert audio._slots[0].target == 0.0  # the calm piece fades out...
        for _ in range(400):
            audio.update(0.02)
            if audio.now_playing != first:
                break
            pygame.time.wait(5)
        assert audio.now_playing != first  # ...and a martial one comes in
        moods = {t.file: t.mood for t in audio._tracks}
        assert moods[audio.now_playing] == "martial"
        for _ in range(300):
            audio.update(0.02)
        assert [s.track.file for s in audio._slots] == [audio.now_playing]
    finally:
        audio.close()


def test_music_off_decodes_nothing_and_comes_back_when_turned_up():
    settings = Settings(music_volume=0)
    audio = Audio(settings, enabled=True)
    try:
        audio.start()
        assert audio.wait_ready(10)
        audio.set_mood("calm")
        for _ in range(20):
            audio.update(0.5)
        assert audio._slots == [] and audio._loading is None
        assert not [c for c in audio.cues if c[0] == "music"]
        settings.music_volume = 50
        audio.apply_volumes()
        assert audio.wait_music(20)
    finally:
        audio.close()


# --- broken things: reported once, the game plays on silent ------------------------------
def test_missing_and_corrupt_files_are_reported_once_and_the_game_plays_on(tmp_path, capsys):
    assets = tmp_path / "assets"
    (assets / "music").mkdir(parents=True)
    (assets / "sounds").mkdir()
    index = [
        {"file": "broken.ogg", "title": "Broken", "mood": "calm", "seconds": 10.0},
        {"file": "gone.ogg", "title": "Gone", "mood": "calm", "seconds": 10.0},
    ]
    (assets / "music" / "index.json").write_text(json.dumps(index))
    (assets / "music" / "broken.ogg").write_bytes(b"OggS" + os.urandom(2000))
    shutil.copy(ASSETS / "sounds" / "click.wav", assets / "sounds" / "click.wav")
    (assets / "sounds" / "bell.wav").write_bytes(b"RIFF\x00\x00junk")
    audio = Audio(Settings(), assets=assets, enabled=True)
    try:
        audio.start()
        assert audio.wait_ready(10)
        audio.set_mood("calm")
        for _ in range(3):
            for _ in range(50):
                audio.update(0.5)
                pygame.time.wait(5)
            audio.set_mood("tense")
            audio.set_mood("calm")
            audio.play("bell")
            audio.play("click")
        assert audio._slots == []  # nothing to play: silent, no crash
        problems = audio.problems
        assert len(problems) == len(set(problems))
        assert sum("bell.wav" in p for p in problems) == 1
        assert sum("broken.ogg" in p for p in problems) == 1
        assert sum("gone.ogg" in p for p in problems) == 1
        missing = [n for n in SOUNDS if n not in ("click", "bell")]
        assert all(sum(f"{n}.wav" in p for p in problems) == 1 for n in missing)
        err = capsys.readouterr().err
        assert err.count("broken.ogg") == 1
    finally:
        audio.close()


def test_no_index_means_no_music_but_effects_still_play(tmp_path):
    assets = tmp_path / "assets"
    shutil.copytree(ASSETS / "sounds", assets / "sounds")
    (assets / "music").mkdir()
    (assets / "music" / "index.json").write_text("{not json")
    audio = Audio(Settings(), assets=assets, enabled=True)
    try:
        audio.start()
        assert audio.wait_ready(10)
        audio.set_mood("calm")
        audio.update(0.1)
        audio.play("click")
        assert [p for p in audio.problems if "index.json" in p] and len(audio.problems) == 1
        assert audio._slots == []
    finally:
        audio.close()


def test_a_mixer_that_fails_to_open_leaves_the_game_silent(make_app, monkeypatch):
    def no_device(*a, **k):
        raise pygame.error("no audio device here")

    monkeypatch.setattr(pygame.mixer, "init", no_device)
    app = make_app()
    d = Driver(app)
    app.switch("menu")
    d.frames(3)
    app.audio.wait_ready(5)
    assert app.audio.state == "failed"
    assert len(app.audio.problems) == 1 and "no audio device" in app.audio.problems[0]
    d.press("Settings")
    d.press("Sound…")
    d.press("Off")
    d.frames(2)
    assert app.audio.problems == [app.audio.problems[0]]  # said once
    assert d.scene.name == "sound"


def test_a_device_lost_mid_game_is_reported_once_and_the_game_goes_on_silent():
    class Gone:
        def __getattr__(self, name):
            def fail(*a, **k):
                raise pygame.error("device unplugged")

            return fail

    audio = Audio(Settings(), enabled=True)
    try:
        audio.start()
        assert audio.wait_ready(10)
        audio.set_mood("calm")
        assert audio.wait_music(20)
        audio._slots[0].channel = Gone()
        for _ in range(3):
            audio.update(0.1)
            audio.apply_volumes()
            audio.play("click")
            audio.set_mood("tense")
        assert audio.state == "failed" and audio._slots == []
        assert [p for p in audio.problems if "stopped" in p] == [audio.problems[-1]]
    finally:
        audio.close()


# --- the committed files match their sources -----------------------------------------------
def test_committed_music_has_the_length_its_source_declares():
    rm = _render_music()
    pieces = rm.load_all()
    assert len(pieces) >= 8
    index = json.loads((ASSETS / "music" / "index.json").read_text())
    by_file = {t["file"]: t for t in index}
    assert sorted(by_file) == sorted(f"{p.id}.ogg" for p in pieces)
    moods = set()
    for p in pieces:
        ogg = ASSETS / "music" / f"{p.id}.ogg"
        assert rm.ogg_seconds(ogg) == pytest.approx(p.seconds(), abs=0.02), p.id
        entry = by_file[ogg.name]
        assert (entry["title"], entry["mood"], entry["seconds"]) == (p.title, p.mood, p.seconds())
        moods.add(p.mood)
        assert 30 <= p.seconds() <= 120
    assert moods == {"calm", "tense", "martial", "elegy"}


def test_the_midi_is_reproducible_and_every_source_parses():
    rm = _render_music()
    for p in rm.load_all():
        a, b = rm.midi_bytes(p), rm.midi_bytes(rm.load_piece(p.source))
        assert a == b and a[:4] == b"MThd"


def test_a_bar_of_the_wrong_length_is_an_error_naming_the_bar(tmp_path):
    rm = _render_music()
    src = tmp_path / "bad.toml"
    src.write_text(
        'title = "x"\nmood = "calm"\norigin = "ours"\ntempo = 100\nmeter = 4\n'
        '[phrases.a]\nmelody = "c4:4 d4 e4 | c4:4 d4 e4 f4"\nchords = "C | C"\n'
        '[[form]]\nphrase = "a"\n'
    )
    with pytest.raises(rm.ScoreError, match="phrase 'a' bar 1: melody lasts 12"):
        rm.load_piece(src)


def test_all_audio_is_small_and_every_sound_is_there():
    files = [p for d in ("music", "sounds") for p in (ASSETS / d).glob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < MAX_AUDIO_BYTES
    for name in SOUNDS:
        assert (ASSETS / "sounds" / f"{name}.wav").stat().st_size < 300_000


def test_levels_of_the_committed_audio_no_clipping_and_an_even_loudness():
    """What an ear would check first, measured: decoded with the mixer itself."""
    pygame.mixer.init(frequency=44100, size=-16, channels=2)
    try:
        rms = {}
        for path in sorted((ASSETS / "music").glob("*.ogg")) + sorted(
            (ASSETS / "sounds").glob("*.wav")
        ):
            a = pygame.sndarray.array(pygame.mixer.Sound(str(path))).astype("float64") / 32768
            peak = float(abs(a).max())
            assert 0.01 < peak < 10 ** (-1.0 / 20), f"{path.name}: peak {peak:.3f}"
            rms[path] = 20 * np.log10(float(np.sqrt((a**2).mean())))
        music = [v for p, v in rms.items() if p.suffix == ".ogg"]
        assert max(music) - min(music) < 1.5  # every piece about as loud as the others
        assert all(-23.0 < v < -19.0 for v in music)
        # the interface sounds sit well under the music; the news a little less so
        assert all(rms[ASSETS / "sounds" / f"{n}.wav"] < -30 for n in ("click", "tab", "autosave"))
    finally:
        pygame.mixer.quit()
