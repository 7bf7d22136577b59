"""The game's sound: a lazily started mixer, music by mood with cross-fades, effects.

`Audio` is safe to call from anywhere in the UI at any time. Nothing is opened
when it is made; `start()` (the App calls it once the first frame is on screen)
starts a background thread that opens `pygame.mixer`, reads the music index and
the effects, and decodes each piece of music when it is wanted, so start-up time
does not grow and the window never waits for a decoder.

Where there is no audio device, or the files are missing or broken, each problem
is reported once (`problems`, and a line on stderr) and the game plays on silent.
Every request is also recorded in `cues` (even when silent), which is what the
tests read: the scene asked for the martial mood, the end of season rang the bell.
"""

from __future__ import annotations

import json
import os
import queue
import random
import sys
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

import pygame

from game.paths import assets_dir
from game.ui.audio.cues import MOODS, SOUNDS, Mood

RATE = 44100
MUSIC_CHANNELS = 2  # two reserved channels: the piece playing and the one fading in
CROSSFADE_S = 3.0
FADE_IN_S = 1.5
# Silence between two pieces of the same mood, drawn anew each time: a score that
# never stops tires over fifty seasons. A change of mood cross-fades at once.
GAP_S = (12.0, 40.0)
MAX_CUES = 500


class Track:
    """A piece of music as assets/music/index.json lists it."""

    __slots__ = ("file", "title", "mood", "seconds")

    def __init__(self, file: str, title: str, mood: str, seconds: float) -> None:
        self.file, self.title, self.mood, self.seconds = file, title, mood, seconds


class _Slot:
    """A piece on one of the music channels, with its fade."""

    __slots__ = ("track", "sound", "channel", "index", "level", "target", "rate")

    def __init__(
        self, track: Track, sound: Any, channel: Any, index: int, level: float, target: float,
        rate: float,
    ) -> None:  # fmt: skip
        self.track, self.sound, self.channel, self.index = track, sound, channel, index
        self.level, self.target = level, target  # volume 0..1 of this piece, and its aim
        self.rate = rate  # level change per second


def audio_disabled_by_env() -> bool:
    """SMYCHKA_AUDIO=off (or 0/no) keeps the mixer closed: the test suite sets it so
    that the many windows it opens do not each decode music."""
    return os.environ.get("SMYCHKA_AUDIO", "").strip().lower() in ("0", "off", "no", "false")


class Audio:
    """Music and effects for one App. See the module docstring."""

    def __init__(self, settings: Any, assets: Path | None = None, enabled: bool | None = None):
        self.settings = settings
        self.assets = assets or assets_dir()
        self.enabled = (not audio_disabled_by_env()) if enabled is None else enabled
        self.state = "off"  # off -> starting -> ready | failed
        self.cues: deque[tuple[str, str]] = deque(maxlen=MAX_CUES)
        self.problems: list[str] = []
        self.mood: Mood | None = None
        self.now_playing: str | None = None  # file of the piece on (or fading in)
        self._reported: set[str] = set()
        self._effects: dict[str, Any] = {}
        self._tracks: list[Track] = []
        self._bad_tracks: set[str] = set()
        self._results: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._requests: queue.Queue[str | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._slots: list[_Slot] = []
        self._loading: str | None = None  # file being decoded for the current mood
        self._gap = 0.0
        self._played: dict[str, list[str]] = {m: [] for m in MOODS}
        self._pending: list[tuple[float, str]] = []  # (seconds left, effect)
        self._rng = random.Random()

    # --- requests from the game -------------------------------------------------
    def play(self, name: str, delay: float = 0.0) -> None:
        """Play an effect (after `delay` seconds). Unknown names are a programming
        error, reported once rather than raised: a sound must never stop the game."""
        self.cues.append(("sound", name))
        if name not in SOUNDS:
            self._report(f"unknown sound '{name}'")
            return
        if self.state != "ready":
            return
        if delay > 0:
            self._pending.append((delay, name))
        else:
            self._play_now(name)

    def set_mood(self, mood: Mood | None) -> None:
        """Ask for a mood; None keeps the music playing. The same mood again changes
        nothing (the piece goes on); another cross-fades to a piece of that mood."""
        if mood is None or mood == self.mood:
            return
        self.cues.append(("mood", mood))
        self.mood = mood
        if self.state == "ready":
            self._next_piece(crossfade=True)

    def apply_volumes(self) -> None:
        """The settings' volumes changed: apply them to what is playing."""
        try:
            for slot in self._slots:
                slot.channel.set_volume(slot.level * self.music_gain())
        except pygame.error as exc:
            self._lost(exc)
            return
        if self.state == "ready" and not self._slots and self._loading is None:
            self._gap = 0.0  # music back on after silence: a piece at the next update

    def master_gain(self) -> float:
        s = self.settings
        if getattr(s, "muted", False):
            return 0.0
        return max(0, min(100, int(getattr(s, "master_volume", 75)))) / 100.0

    def music_gain(self) -> float:
        return (
            self.master_gain()
            * max(0, min(100, int(getattr(self.settings, "music_volume", 50))))
            / 100.0
        )

    def effects_gain(self) -> float:
        return (
            self.master_gain()
            * max(0, min(100, int(getattr(self.settings, "effects_volume", 75))))
            / 100.0
        )

    def now_playing_title(self) -> str | None:
        track = next((t for t in self._tracks if t.file == self.now_playing), None)
        return None if track is None or not self._slots else track.title

    def busy(self) -> bool:
        """True while a fade or a delayed effect needs frequent updates."""
        return bool(self._pending) or any(abs(s.level - s.target) > 1e-3 for s in self._slots)

    # --- life cycle -------------------------------------------------------------
    def start(self) -> None:
        """Open the mixer and load in the background (once; no-op when disabled)."""
        if self.state != "off":
            return
        if not self.enabled:
            self.state = "failed"
            return
        self.state = "starting"
        self._thread = threading.Thread(target=self._worker, name="smychka-audio", daemon=True)
        self._thread.start()

    def wait_ready(self, timeout: float = 10.0) -> bool:
        """Block until the loader has opened the mixer (tests); True if ready."""
        end = _now() + timeout
        while self.state == "starting" and _now() < end:
            self.update(0.0)
            pygame.time.wait(10)
        self.update(0.0)
        return self.state == "ready"

    def wait_music(self, timeout: float = 20.0) -> bool:
        """Block until a piece is playing (tests); True if one is."""
        end = _now() + timeout
        while _now() < end:
            self.update(0.05)
            if self._slots or self.state in ("failed", "off"):
                break
            pygame.time.wait(20)
        return bool(self._slots)

    def close(self) -> None:
        self._stop.set()
        self._requests.put(None)
        if self._thread is not None:
            self._thread.join(timeout=3.0)
        if self.state == "ready":
            try:
                pygame.mixer.stop()
                pygame.mixer.quit()
            except pygame.error:
                pass
        self._slots.clear()
        self._effects.clear()
        self.state = "off" if self.state != "failed" else "failed"

    # --- every frame ------------------------------------------------------------
    def update(self, dt: float) -> None:
        self._poll()
        if self.state != "ready":
            return
        try:
            self._advance(dt)
        except pygame.error as exc:  # the device went away mid-game: carry on silent
            self._lost(exc)

    def _lost(self, exc: Exception) -> None:
        self.state = "failed"
        self._slots.clear()
        self._pending.clear()
        self._report(f"the audio device stopped ({exc}); the game plays silent")

    def _advance(self, dt: float) -> None:
        if self._pending:
            due = [(t - dt, n) for t, n in self._pending]
            self._pending = [(t, n) for t, n in due if t > 0]
            for t, n in due:
                if t <= 0:
                    self._play_now(n)
        gain = self.music_gain()
        for slot in list(self._slots):
            if slot.level != slot.target:
                step = slot.rate * dt
                if slot.level < slot.target:
                    slot.level = min(slot.target, slot.level + step)
                else:
                    slot.level = max(slot.target, slot.level - step)
                slot.channel.set_volume(slot.level * gain)
            if (slot.target == 0.0 and slot.level <= 0.0) or not slot.channel.get_busy():
                slot.channel.stop()
                self._slots.remove(slot)
        if not self._slots and self.mood is not None and self._loading is None:
            # the piece has ended: a short silence, then another of the same mood
            self._gap -= dt
            if self._gap <= 0:
                self._next_piece(crossfade=False)

    # --- inside ----------------------------------------------------------------
    def _report(self, problem: str) -> None:
        if problem in self._reported:
            return
        self._reported.add(problem)
        self.problems.append(problem)
        print(f"smychka: warning: sound: {problem}", file=sys.stderr)

    def _play_now(self, name: str) -> None:
        snd = self._effects.get(name)
        gain = self.effects_gain()
        if snd is None or gain <= 0:
            return
        try:
            ch = snd.play()
            if ch is not None:
                ch.set_volume(gain)
        except pygame.error as exc:
            self._lost(exc)

    def _choose(self, mood: str) -> Track | None:
        """A piece of the mood not heard lately (each is heard before one repeats)."""
        pool = [t for t in self._tracks if t.mood == mood and t.file not in self._bad_tracks]
        if not pool:
            return None
        played = self._played[mood]
        fresh = [t for t in pool if t.file not in played] or pool
        if len(fresh) > 1 and self.now_playing is not None:
            fresh = [t for t in fresh if t.file != self.now_playing] or fresh
        track = self._rng.choice(fresh)
        played.append(track.file)
        if len(played) >= len(pool):
            del played[:-1]
        return track

    def _next_piece(self, crossfade: bool) -> None:
        if self.music_gain() <= 0.0:
            # music off or muted: decode nothing (a piece is ~16 MB decoded); the
            # next piece starts when the volume comes back (apply_volumes)
            for slot in self._slots:
                slot.target, slot.rate = 0.0, 1.0 / CROSSFADE_S
            self._gap = GAP_S[1]
            return
        track = self._choose(self.mood) if self.mood else None
        if track is None:
            # nothing to play for this mood: fade out what plays, stay silent
            for slot in self._slots:
                slot.target, slot.rate = 0.0, 1.0 / CROSSFADE_S
            self._gap = GAP_S[1]
            return
        self._loading = track.file
        self._requests.put(track.file)
        if crossfade:  # start fading out now; the new piece fades in once decoded
            for slot in self._slots:
                slot.target, slot.rate = 0.0, 1.0 / CROSSFADE_S

    def _begin(self, track: Track, sound: Any, crossfade: bool) -> None:
        used = {s.index for s in self._slots}
        free = [i for i in range(MUSIC_CHANNELS) if i not in used]
        if not free:  # both busy (quick mood changes): drop the oldest
            old = self._slots.pop(0)
            old.channel.stop()
            free = [old.index]
        index = free[0]
        channel = pygame.mixer.Channel(index)
        channel.set_volume(0.0)
        channel.play(sound)
        rate = 1.0 / (CROSSFADE_S if crossfade else FADE_IN_S)
        self._slots.append(_Slot(track, sound, channel, index, 0.0, 1.0, rate))
        self.now_playing = track.file
        self.cues.append(("music", track.file))
        self._gap = self._rng.uniform(*GAP_S)  # counted down once this piece has ended

    def _poll(self) -> None:
        while True:
            try:
                kind, value = self._results.get_nowait()
            except queue.Empty:
                return
            if kind == "ready":
                self._tracks, self._effects = value
                self.state = "ready"
                if self.mood is not None:
                    self._next_piece(crossfade=False)
            elif kind == "failed":
                self.state = "failed"
                self._report(value)
            elif kind == "problem":
                self._report(value)
            elif kind == "track":
                file, sound = value
                if file != self._loading:
                    continue  # the mood changed while it was decoding
                self._loading = None
                track = next((t for t in self._tracks if t.file == file), None)
                if sound is None or track is None:
                    self._bad_tracks.add(file)
                    self._gap = 0.0  # try another piece of the mood at once
                    continue
                if track.mood == self.mood:
                    try:
                        self._begin(track, sound, crossfade=bool(self._slots))
                    except pygame.error as exc:
                        self._lost(exc)

    # --- the background thread ---------------------------------------------------
    def _worker(self) -> None:
        try:
            pygame.mixer.init(frequency=RATE, size=-16, channels=2, buffer=1024)
            pygame.mixer.set_num_channels(12)
            pygame.mixer.set_reserved(MUSIC_CHANNELS)
        except (pygame.error, OSError) as exc:
            self._results.put(("failed", f"no audio device ({exc}); the game plays silent"))
            return
        tracks = self._read_index()
        effects: dict[str, Any] = {}
        for name in SOUNDS:
            path = self.assets / "sounds" / f"{name}.wav"
            try:
                effects[name] = pygame.mixer.Sound(str(path))
            except (pygame.error, OSError, ValueError) as exc:
                self._results.put(("problem", f"{path}: could not be loaded ({exc})"))
        self._results.put(("ready", (tracks, effects)))
        while not self._stop.is_set():
            file = self._requests.get()
            if file is None or self._stop.is_set():
                return
            path = self.assets / "music" / file
            try:
                sound = pygame.mixer.Sound(str(path))
            except (pygame.error, OSError, ValueError) as exc:
                self._results.put(("problem", f"{path}: could not be loaded ({exc})"))
                sound = None
            self._results.put(("track", (file, sound)))

    def _read_index(self) -> list[Track]:
        path = self.assets / "music" / "index.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            tracks = [
                Track(str(r["file"]), str(r["title"]), str(r["mood"]), float(r["seconds"]))
                for r in raw
            ]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self._results.put(("problem", f"{path}: no music ({exc})"))
            return []
        return [t for t in tracks if t.mood in MOODS and "/" not in t.file and "\\" not in t.file]


def _now() -> float:
    return time.monotonic()
