#!/usr/bin/env python3
"""Measure the committed audio, since nobody can listen here: length, peak, RMS,
clipped samples, how much of the energy is bass, stereo width, and the quietest
and loudest stretch of two seconds (a piece should breathe, not sit flat).

    SDL_AUDIODRIVER=dummy python tools/analyse_audio.py [files...]

Decodes with pygame (its mixer under the dummy driver), so it needs no other tool.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RATE = 44100


def decode(path: Path) -> np.ndarray:
    """Samples as float in -1..1, shape (n, channels)."""
    if not pygame.mixer.get_init():
        pygame.mixer.init(frequency=RATE, size=-16, channels=2)
    a = pygame.sndarray.array(pygame.mixer.Sound(str(path))).astype(np.float64) / 32768.0
    return a if a.ndim == 2 else a[:, None]


def db(x: float) -> float:
    return 20 * np.log10(max(x, 1e-12))


def measure(a: np.ndarray) -> dict[str, float]:
    mono = a.mean(axis=1)
    spec = np.abs(np.fft.rfft(mono)) ** 2
    f = np.fft.rfftfreq(len(mono), 1 / RATE)
    win = 2 * RATE
    rms_w = [
        float(np.sqrt(np.mean(mono[i : i + win] ** 2))) for i in range(0, len(mono) - win, win)
    ]
    loud = [r for r in rms_w if r > 1e-4] or [1e-9]
    corr = float(np.corrcoef(a[:, 0], a[:, 1])[0, 1]) if a.shape[1] == 2 else 1.0
    return {
        "seconds": len(a) / RATE,
        "peak_db": db(float(np.abs(a).max())),
        "rms_db": db(float(np.sqrt(np.mean(a**2)))),
        "clipped": float(np.sum(np.abs(a) >= 0.999)),
        "bass_share": float(spec[f < 160].sum() / max(spec.sum(), 1e-12)),
        "stereo_corr": corr,
        "quietest_2s_db": db(min(loud)),
        "loudest_2s_db": db(max(loud)),
    }


def main(argv: list[str]) -> int:
    files = [Path(p) for p in argv] or sorted((ROOT / "assets" / "music").glob("*.ogg")) + sorted(
        (ROOT / "assets" / "sounds").glob("*.wav")
    )
    print(
        f"{'file':26} {'sec':>6} {'peak':>6} {'rms':>6} {'clip':>5} {'bass':>5} {'corr':>5} {'2s min..max dB':>15}"
    )
    for p in files:
        m = measure(decode(p))
        print(
            f"{p.name:26} {m['seconds']:6.1f} {m['peak_db']:6.1f} {m['rms_db']:6.1f} "
            f"{m['clipped']:5.0f} {m['bass_share']:5.2f} {m['stereo_corr']:5.2f} "
            f"{m['quietest_2s_db']:7.1f}..{m['loudest_2s_db']:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
