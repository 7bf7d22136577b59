"""Colour scales for the map and charts, safe for colour-blind players.

Each palette is a few colour stops (taken from the published viridis, cividis
and inferno scales, and a blue-orange diverging scale) interpolated in
CIE L*a*b*, so lightness changes evenly and never turns back: a value can be
read from brightness alone, whatever colours a player can tell apart. No
matplotlib: the stops are enough.

Names (`NAMES`) are what the settings file stores. "diverging" is for
figures with a meaningful middle (bonuses that can be negative); a setting of
"diverging" still draws plain sequential figures with the default scale.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Colour = tuple[int, int, int]


def _hex(text: str) -> Colour:
    text = text.lstrip("#")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


# --- colour science (sRGB <-> CIE L*a*b*, D65) ------------------------------------
_M_RGB_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
_M_XYZ_RGB = np.linalg.inv(_M_RGB_XYZ)
_WHITE = np.array([0.95047, 1.0, 1.08883])


def _to_linear(rgb: np.ndarray) -> np.ndarray:
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _from_linear(lin: np.ndarray) -> np.ndarray:
    lin = np.clip(lin, 0.0, 1.0)
    c = np.where(lin <= 0.0031308, lin * 12.92, 1.055 * lin ** (1 / 2.4) - 0.055)
    return np.clip(np.round(c * 255.0), 0, 255)


def rgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """(..., 3) sRGB 0..255 -> (..., 3) CIE L*a*b*."""
    xyz = _to_linear(rgb) @ _M_RGB_XYZ.T / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    lab = np.empty_like(f)
    lab[..., 0] = 116 * f[..., 1] - 16
    lab[..., 1] = 500 * (f[..., 0] - f[..., 1])
    lab[..., 2] = 200 * (f[..., 1] - f[..., 2])
    return lab


def lab_to_rgb(lab: np.ndarray) -> np.ndarray:
    lab = np.asarray(lab, dtype=np.float64)
    fy = (lab[..., 0] + 16) / 116
    f = np.stack([fy + lab[..., 1] / 500, fy, fy - lab[..., 2] / 200], axis=-1)
    xyz = np.where(f > 6 / 29, f**3, 3 * (6 / 29) ** 2 * (f - 4 / 29)) * _WHITE
    return _from_linear(xyz @ _M_XYZ_RGB.T)


def lightness(rgb: Colour | np.ndarray) -> np.ndarray | float:
    """CIE L* (0 black .. 100 white) of one colour or an array of colours."""
    lab = rgb_to_lab(np.asarray(rgb, dtype=np.float64))
    return lab[..., 0]


# Machado, Oliveira & Fernandes (2009), severity 1.0, applied in linear RGB.
_CVD = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
CVD_KINDS: tuple[str, ...] = tuple(_CVD)


def simulate_cvd(rgb: np.ndarray, kind: str) -> np.ndarray:
    """How (..., 3) sRGB colours look to a player with full protan-, deuteran- or tritanopia."""
    return _from_linear(_to_linear(rgb) @ _CVD[kind].T)


# --- palettes -----------------------------------------------------------------
@dataclass(frozen=True)
class Palette:
    name: str
    label: str
    kind: str  # "sequential" or "diverging"
    stops: tuple[Colour, ...]

    def _lab_stops(self) -> np.ndarray:
        return rgb_to_lab(np.array(self.stops, dtype=np.float64))

    def colours(self, t: np.ndarray | list[float]) -> np.ndarray:
        """(N,) positions in 0..1 -> (N, 3) uint8 colours. NaN gives mid grey."""
        t = np.asarray(t, dtype=np.float64)
        nan = np.isnan(t)
        t = np.clip(np.where(nan, 0.0, t), 0.0, 1.0)
        lab = _lab_cache(self)
        n = len(lab) - 1
        pos = t * n
        i = np.minimum(pos.astype(int), n - 1)
        frac = (pos - i)[..., None]
        out = lab_to_rgb(lab[i] * (1 - frac) + lab[i + 1] * frac).astype(np.uint8)
        out[nan] = (110, 110, 110)
        return out

    def colour(self, t: float) -> Colour:
        r, g, b = self.colours([t])[0]
        return (int(r), int(g), int(b))

    def ink(self, t: float) -> Colour:
        """Dark or light text, whichever reads better on the colour at t."""
        return (20, 20, 24) if lightness(self.colour(t)) > 62 else (245, 242, 232)


_LAB_CACHE: dict[str, np.ndarray] = {}


def _lab_cache(p: Palette) -> np.ndarray:
    lab = _LAB_CACHE.get(p.name)
    if lab is None:
        lab = _LAB_CACHE[p.name] = p._lab_stops()
    return lab


def _pal(name: str, label: str, kind: str, stops: str) -> Palette:
    return Palette(name, label, kind, tuple(_hex(s) for s in stops.split()))


PALETTES: dict[str, Palette] = {
    p.name: p
    for p in (
        _pal(
            "viridis",
            "Viridis (blue to yellow)",
            "sequential",
            "440154 482475 414487 355f8d 2a788e 21918c 22a884 44bf70 7ad151 bddf26 fde725",
        ),
        _pal(
            "cividis",
            "Cividis (blue to yellow, for red-green colour blindness)",
            "sequential",
            "00224e 123570 3b496c 575d6d 707173 8a8779 a69d75 c4b56c e4cf5b fee838",
        ),
        _pal(
            "high_contrast",
            "High contrast (black to white-yellow)",
            "sequential",
            "1b0c41 4a0c6b 781c6d a52c60 cf4446 ed6925 fb9b06 f7d13d fcffa4",
        ),
        _pal(
            "diverging",
            "Diverging (blue - grey - orange)",
            "diverging",
            "2c5a9e 4f86c6 8fb4dd c9d6e3 e6e1da f0c9a0 e8995a d0652a 9c3d10",
        ),
    )
}
NAMES: tuple[str, ...] = tuple(PALETTES)
DEFAULT = "viridis"


def get(name: str | None) -> Palette:
    """A palette by name; unknown names fall back to the default (settings are outside input)."""
    return PALETTES.get(name or DEFAULT, PALETTES[DEFAULT])


def for_figure(setting: str | None, diverging: bool = False) -> Palette:
    """The palette to draw a figure with, given the player's palette setting."""
    if diverging:
        return PALETTES["diverging"]
    p = get(setting)
    return p if p.kind == "sequential" else PALETTES[DEFAULT]


# Distinct line colours for charts (Okabe & Ito 2008), readable on a dark background.
SERIES_COLOURS: tuple[Colour, ...] = (
    _hex("e69f00"),  # orange: the player's line
    _hex("56b4e9"),  # sky blue: history
    _hex("009e73"),  # bluish green
    _hex("f0e442"),  # yellow
    _hex("cc79a7"),  # reddish purple
    _hex("d55e00"),  # vermilion
    _hex("0072b2"),  # blue
)


# Farm forms in the region panel: private, voluntary collective, kolkhoz. Chosen to stay
# apart for every kind of colour blindness (the old green and red did not for
# deuteranopes); tests/ui/test_views_palettes.py measures it.
FORM_COLOURS: tuple[Colour, ...] = (_hex("a08c6e"), _hex("56b4e9"), _hex("d55e00"))


def strata_colours(setting: str | None) -> tuple[Colour, ...]:
    """Batraks to kulaks, an ordered scale: four steps of the player's map palette, so a
    colour-blind player's choice (cividis, high contrast) reaches the panel's bars too."""
    p = for_figure(setting)
    return tuple(p.colour(t) for t in (0.2, 0.45, 0.7, 0.95))


def series_colours(setting: str | None) -> tuple[Colour, ...]:
    """Chart line colours for the player's palette setting: the player's line first,
    history second. High contrast puts the player's line at the brightest."""
    if setting == "high_contrast":
        return (_hex("fcffa4"), _hex("56b4e9"), *SERIES_COLOURS[2:])
    return SERIES_COLOURS
