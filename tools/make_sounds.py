#!/usr/bin/env python3
"""Synthesise the game's sound effects with numpy: assets/sounds/*.wav.

    python tools/make_sounds.py

Every sound is made here from sine waves and filtered noise (no recordings), the
same on every run (seeded noise), mono 16-bit 44.1 kHz. They are short and quiet on
purpose: a player hears the click and the bell hundreds of times in 50 seasons.
`SOUNDS` says what each one is for; the game names them in game/ui/audio/cues.py.
"""

from __future__ import annotations

import sys
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "assets" / "sounds"
RATE = 44100


def t_axis(seconds: float) -> np.ndarray:
    return np.arange(round(seconds * RATE)) / RATE


def env(t: np.ndarray, attack: float, decay: float) -> np.ndarray:
    """Linear attack, exponential decay (time constant `decay` seconds)."""
    a = np.clip(t / max(attack, 1e-4), 0.0, 1.0)
    return a * np.exp(-np.maximum(t - attack, 0.0) / decay)


def band(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Band-pass by zeroing FFT bins outside lo..hi Hz (soft edges)."""
    spec = np.fft.rfft(x)
    f = np.fft.rfftfreq(len(x), 1 / RATE)
    w = 1 / (1 + (lo / np.maximum(f, 1.0)) ** 4) / (1 + (f / hi) ** 4)
    return np.fft.irfft(spec * w, n=len(x))


def noise(seconds: float, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(round(seconds * RATE))


def tone(t: np.ndarray, freq: float, partials: tuple[tuple[float, float], ...] = ((1, 1),)):
    return sum(amp * np.sin(2 * np.pi * freq * k * t) for k, amp in partials)


def fade_tail(x: np.ndarray, seconds: float = 0.01) -> np.ndarray:
    n = min(len(x), round(seconds * RATE))
    x = x.copy()
    x[-n:] *= np.linspace(1, 0, n)
    x[: min(len(x), 32)] *= np.linspace(0, 1, min(len(x), 32))
    return x


# --- the sounds -----------------------------------------------------------------------
def click() -> np.ndarray:
    """A button: a soft wooden tick."""
    t = t_axis(0.045)
    body = tone(t, 1750, ((1, 1), (2.7, 0.3))) * env(t, 0.001, 0.008)
    tick = band(noise(0.045, 1), 2000, 6000) * env(t, 0.0005, 0.003) * 0.4
    return body + tick


def tab() -> np.ndarray:
    """A tab or a toggle: lower and softer than the button."""
    t = t_axis(0.05)
    body = tone(t, 1150, ((1, 1), (2.3, 0.25))) * env(t, 0.001, 0.010)
    tick = band(noise(0.05, 2), 1200, 4000) * env(t, 0.0005, 0.004) * 0.3
    return body + tick


def card() -> np.ndarray:
    """A card laid on the table: a paper slide and a light landing."""
    d = 0.26
    t = t_axis(d)
    slide = band(noise(d, 3), 1500, 7000) * np.sin(np.pi * np.clip(t / 0.2, 0, 1)) ** 2 * 0.5
    land_t = np.maximum(t - 0.19, 0)
    land = np.where(t >= 0.19, 1.0, 0.0) * (
        tone(land_t, 140) * env(land_t, 0.001, 0.025) + band(noise(d, 4), 300, 2500) * env(land_t, 0.0005, 0.01) * 0.5
    )  # fmt: skip
    return slide + land


def answer() -> np.ndarray:
    """A card answered: two soft wooden notes going up (a fourth)."""
    d = 0.36
    t = t_axis(d)
    marimba = ((1, 1.0), (3.9, 0.18), (10.0, 0.05))
    a = tone(t, 523.25, marimba) * env(t, 0.002, 0.07)
    t2 = np.maximum(t - 0.11, 0)
    b = np.where(t >= 0.11, 1.0, 0.0) * tone(t2, 698.46, marimba) * env(t2, 0.002, 0.09)
    return a * 0.8 + b


def stamp() -> np.ndarray:
    """A decree stamped: a rubber stamp's thump on paper, with a small clack."""
    d = 0.28
    t = t_axis(d)
    f = 70 + 90 * np.exp(-t / 0.02)  # the pitch falls as the stamp lands
    thump = np.sin(2 * np.pi * np.cumsum(f) / RATE) * env(t, 0.001, 0.05)
    clack = band(noise(d, 5), 800, 5000) * env(t, 0.0005, 0.012) * 0.6
    paper = band(noise(d, 6), 2000, 8000) * env(np.maximum(t - 0.01, 0), 0.002, 0.04) * 0.15
    return thump + clack + paper


def bell() -> np.ndarray:
    """The end of a season: a small church bell, far off (bell partials: hum, prime,
    minor third, fifth, octave, each dying at its own rate)."""
    d = 2.6
    t = t_axis(d)
    f0 = 392.0
    parts = ((0.5, 0.5, 1.4), (1.0, 1.0, 0.9), (1.19, 0.45, 0.7), (1.5, 0.3, 0.55),
             (2.0, 0.35, 0.45), (2.52, 0.15, 0.3), (3.0, 0.1, 0.22))  # fmt: skip
    x = sum(a * np.sin(2 * np.pi * f0 * r * t + r) * env(t, 0.002, tau) for r, a, tau in parts)
    strike = band(noise(d, 7), 1500, 6000) * env(t, 0.0005, 0.006) * 0.3
    return x + strike


def famine() -> np.ndarray:
    """Alert, famine: a low horn falling a semitone, slow to start, sombre."""
    d = 1.3
    t = t_axis(d)
    horn = ((1, 1.0), (2, 0.45), (3, 0.2), (4, 0.08))
    a = tone(t, 196.0, horn) * env(t, 0.12, 0.35) * (t < 0.6)
    t2 = np.maximum(t - 0.5, 0)
    b = (t >= 0.5) * tone(t2, 185.0, horn) * env(t2, 0.12, 0.4)
    return a + b


def revolt() -> np.ndarray:
    """Alert, revolt: two low drum strokes and a harsh tritone."""
    d = 1.0
    t = t_axis(d)
    out = np.zeros_like(t)
    for i, at in enumerate((0.0, 0.18)):
        tt = np.maximum(t - at, 0)
        f = 60 + 50 * np.exp(-tt / 0.03)
        drum = np.sin(2 * np.pi * np.cumsum(f) / RATE) * env(tt, 0.001, 0.12)
        skin = band(noise(d, 8 + i), 200, 1500) * env(tt, 0.001, 0.03) * 0.4
        out += (t >= at) * (drum + skin)
    t3 = np.maximum(t - 0.3, 0)
    chord = tone(t3, 146.8, ((1, 1), (2, 0.4))) + tone(t3, 207.7, ((1, 0.8), (2, 0.3)))
    return out + (t >= 0.3) * chord * env(t3, 0.05, 0.25) * 0.35


def war() -> np.ndarray:
    """Alert, war: a distant drum roll swelling under a low brass fifth."""
    d = 1.6
    t = t_axis(d)
    roll = band(noise(d, 11), 120, 900) * (0.5 + 0.5 * np.sin(2 * np.pi * 14 * t) ** 2)
    roll *= np.clip(t / 0.8, 0, 1) * np.exp(-np.maximum(t - 0.9, 0) / 0.2)
    saw = ((1, 1.0), (2, 0.5), (3, 0.33), (4, 0.25), (5, 0.2))
    brass = (tone(t, 98.0, saw) + tone(t, 146.8, saw) * 0.7) * env(t, 0.25, 0.6)
    return roll * 0.6 + band(brass, 60, 1200) * 0.5


def autosave() -> np.ndarray:
    """The autosave: two tiny high ticks, barely there."""
    t = t_axis(0.16)
    a = tone(t, 2350) * env(t, 0.001, 0.012)
    t2 = np.maximum(t - 0.07, 0)
    b = (t >= 0.07) * tone(t2, 3130) * env(t2, 0.001, 0.012)
    return a + b * 0.8


# name: (maker, peak in dBFS). Interface sounds quieter than news.
SOUNDS: dict[str, tuple[Callable[[], np.ndarray], float]] = {
    "click": (click, -20.0),
    "tab": (tab, -22.0),
    "card": (card, -16.0),
    "answer": (answer, -16.0),
    "stamp": (stamp, -12.0),
    "bell": (bell, -14.0),
    "famine": (famine, -14.0),  # sustained: lower peak, as loud as the others
    "revolt": (revolt, -11.0),
    "war": (war, -11.0),
    "autosave": (autosave, -26.0),
}


def write(name: str, x: np.ndarray, peak_db: float) -> Path:
    x = fade_tail(x)
    x = x / max(float(np.abs(x).max()), 1e-9) * 10 ** (peak_db / 20)
    pcm = (x * 32767).round().astype("<i2")
    path = OUT_DIR / f"{name}.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    return path


def main() -> int:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, (make, peak) in SOUNDS.items():
        path = write(name, make(), peak)
        print(f"{path.name:14} {path.stat().st_size / 1000:7.1f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
