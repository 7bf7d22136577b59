"""Palettes: readable by lightness alone, also for colour-blind players."""

from __future__ import annotations

import numpy as np
import pytest

from game.ui import palettes
from game.ui.palettes import CVD_KINDS, PALETTES, lightness, rgb_to_lab, simulate_cvd
from game.ui.settings import PALETTES as SETTING_NAMES

T = np.linspace(0.0, 1.0, 41)
SEQUENTIAL = [p for p in PALETTES.values() if p.kind == "sequential"]


@pytest.mark.parametrize("pal", SEQUENTIAL, ids=lambda p: p.name)
@pytest.mark.parametrize("vision", ("normal",) + CVD_KINDS)
def test_sequential_lightness_rises_steadily(pal, vision):
    cols = pal.colours(T)
    if vision != "normal":
        cols = simulate_cvd(cols, vision)
    L = lightness(cols)
    assert np.all(np.diff(L) > 0), np.round(L, 1)
    assert L[-1] - L[0] > 60  # the whole scale spans most of the lightness range


@pytest.mark.parametrize("vision", ("normal",) + CVD_KINDS)
def test_diverging_has_a_light_middle_and_distinct_ends(vision):
    cols = PALETTES["diverging"].colours(T)
    if vision != "normal":
        cols = simulate_cvd(cols, vision)
    L = lightness(cols)
    mid = len(T) // 2
    assert np.all(np.diff(L[: mid - 2]) > 0) and np.all(np.diff(L[mid + 3 :]) < 0)
    lab = rgb_to_lab(cols.astype(float))
    # the two ends have about the same lightness, so their hues must tell them apart
    assert np.linalg.norm(lab[0] - lab[-1]) > 40


def test_neighbouring_steps_are_distinct_for_everyone():
    for pal in SEQUENTIAL:
        for vision in CVD_KINDS:
            lab = rgb_to_lab(simulate_cvd(pal.colours(np.linspace(0, 1, 6)), vision).astype(float))
            steps = np.linalg.norm(np.diff(lab, axis=0), axis=1)
            assert steps.min() > 8, (pal.name, vision, steps)


def test_names_known_to_settings_exist_and_unknown_fall_back():
    assert set(SETTING_NAMES) <= set(palettes.NAMES)
    assert palettes.get("no-such-palette").name == palettes.DEFAULT
    assert palettes.for_figure("diverging").kind == "sequential"
    assert palettes.for_figure("cividis", diverging=True).name == "diverging"


def test_nan_values_get_a_neutral_grey_and_ink_contrasts():
    c = PALETTES["viridis"].colours([np.nan, 0.0, 1.0])
    assert tuple(c[0]) == (110, 110, 110)
    dark, light = PALETTES["viridis"].ink(0.0), PALETTES["viridis"].ink(1.0)
    assert lightness(dark) > 80 and lightness(light) < 20
