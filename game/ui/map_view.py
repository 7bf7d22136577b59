"""The map of the regions: shapes, colouring by a figure, legend, hit-testing.

`MapView.draw(surface, rect, values, palette, ...)` paints the twelve regions
into `rect`, coloured by `values` (one number per region, in the state's
region order) with a legend; `region_at(pos)` says which region is under the
mouse. Shapes come from `assets/map/regions.toml` (a 1000 x 600 space, fitted
into the rect keeping its proportions).

Drawing is layered for speed: the coloured map (land shadow, fills drawn at
twice the size and scaled down for soft edges, hatching, borders, lakes,
labels) is cached until the values, palette or size change; the hover and
selection outlines are drawn on top each frame.

Reported vs true: `figure_layer(state, name)` gives the values a player may
see. Harvests are shown as reported, except where the player can believe the
reports (little report inflation, or worker-cadres on the spot); regions
whose numbers are only the local officials' word are hatched.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pygame

from game import paths
from game.engine.rules.information import reliable_regions
from game.engine.vocab import BONUS_FIGURES, REGIONAL
from game.errors import ContentError
from game.ui.palettes import Palette
from game.ui.widgets import ellipsize

if TYPE_CHECKING:
    from game.engine.state import State
    from game.ui.theme import Theme

MAP_FILE = paths.asset("map", "regions.toml")
MAP_W, MAP_H = 1000.0, 600.0

SEA = (22, 30, 42)
SEA_DEEP = (14, 19, 28)
LAKE = (34, 48, 66)
BORDER = (12, 14, 18)
HALO = (8, 9, 12)
TEXT = (245, 241, 230)
TEXT_DIM = (200, 196, 184)
ACCENT = (240, 195, 90)


# --- shapes -------------------------------------------------------------------------
@dataclass(frozen=True)
class RegionShape:
    id: str
    polygon: np.ndarray  # (N, 2) map coordinates
    label: tuple[float, float]
    short: str
    short_ru: str


@dataclass(frozen=True)
class MapShapes:
    regions: dict[str, RegionShape]
    lakes: tuple[np.ndarray, ...]


def _points(path: Path, where: str, raw: Any) -> np.ndarray:
    if not isinstance(raw, list) or len(raw) < 3:
        raise ContentError(f"{path}: {where}: expected a list of at least 3 [x, y] points")
    try:
        arr = np.array(raw, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise ContentError(f"{path}: {where}: points must be [x, y] numbers ({e})") from None
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ContentError(f"{path}: {where}: every point must be [x, y]")
    if (arr < -1).any() or (arr[:, 0] > MAP_W + 1).any() or (arr[:, 1] > MAP_H + 1).any():
        raise ContentError(f"{path}: {where}: points must lie within 0..1000 x 0..600")
    return arr


def load_shapes(path: Path = MAP_FILE) -> MapShapes:
    """Read the map file; problems raise ContentError naming the file and region."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ContentError(f"{path}: cannot read the map file ({e.strerror})") from None
    except tomllib.TOMLDecodeError as e:
        raise ContentError(f"{path}: not valid TOML ({e})") from None
    regions: dict[str, RegionShape] = {}
    for i, r in enumerate(data.get("region", [])):
        rid = r.get("id")
        if not isinstance(rid, str) or not rid:
            raise ContentError(f"{path}: region #{i + 1} has no id")
        poly = _points(path, f"region '{rid}' polygon", r.get("polygon"))
        label = r.get("label")
        if not (isinstance(label, list) and len(label) == 2):
            raise ContentError(f"{path}: region '{rid}': label must be [x, y]")
        regions[rid] = RegionShape(
            rid,
            poly,
            (float(label[0]), float(label[1])),
            str(r.get("short", rid)),
            str(r.get("short_ru", "")),
        )
    lakes = tuple(
        _points(path, f"lake '{lk.get('name', i + 1)}'", lk.get("polygon"))
        for i, lk in enumerate(data.get("lake", []))
    )
    return MapShapes(regions, lakes)


@lru_cache(maxsize=4)
def _cached_shapes(path: Path) -> MapShapes:
    return load_shapes(path)


def point_in_polygon(x: float, y: float, poly: np.ndarray) -> bool:
    """Even-odd rule: True if (x, y) is inside the polygon."""
    x1, y1 = poly[:, 0], poly[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    crosses = (y1 > y) != (y2 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        xi = (x2 - x1) * (y - y1) / (y2 - y1) + x1
    return bool(np.count_nonzero(crosses & (x < xi)) % 2)


# --- what to show -------------------------------------------------------------
@dataclass
class MapLayer:
    """Values of one figure per region as the player may see them."""

    figure: str
    label: str
    unit: str
    values: np.ndarray
    unreliable: np.ndarray  # bool per region: only the officials' word
    percent: bool
    lo: float
    hi: float
    diverging: bool = False

    def fmt(self, v: float) -> str:
        return format_value(v, self.unit, self.percent)


# Every regional figure can be mapped (the picker offers those the vocabulary puts on it).
MAP_FIGURES: tuple[str, ...] = tuple(REGIONAL)
_DIVERGING = set(BONUS_FIGURES)  # lasting effects run both ways from zero
# Figures the regions report themselves; all others are the centre's own knowledge.
_REPORTED = {"harvest": "harvest_reported"}


def figure_layer(state: State, name: str, stretch: bool = False) -> MapLayer:
    """The map layer of a regional figure (see module docstring on reported values).

    Shares (collectivised, hunger, trust, ...) are coloured on a fixed 0-100 % scale, so
    3 % and 4 % look alike, as they should; `stretch` fits the scale to the values
    instead, to tell small regional differences apart. Absolute figures (harvest,
    cattle, ...) always run from 0 to a round number above the largest value."""
    from game.engine.figures import REGIONAL, get_regional

    fig = REGIONAL[name]
    values = np.asarray(get_regional(state, name), dtype=np.float64).copy()
    unreliable = np.zeros(len(values), dtype=bool)
    label = fig.label
    if name in _REPORTED:
        ok = reliable_regions(state)
        reported = np.asarray(get_regional(state, _REPORTED[name]), dtype=np.float64)
        values = np.where(ok, values, reported)
        unreliable = ~ok
        label = "Harvest (reported where unverified)"
    elif name == "harvest_reported":
        unreliable = ~reliable_regions(state)
    diverging = name in _DIVERGING
    if diverging:
        m = max(abs(fig.lo), abs(fig.hi), 1e-9)
        lo, hi = -m, m
    elif fig.percent:
        lo, hi = stretched_range(values) if stretch else (0.0, 1.0)
    else:
        lo, hi = 0.0, nice_ceil(float(np.nanmax(values)) if len(values) else 1.0)
    return MapLayer(name, label, fig.unit, values, unreliable, fig.percent, lo, hi, diverging)


def stretched_range(values: np.ndarray, step: float = 0.01) -> tuple[float, float]:
    """The values' own span of a share, widened to whole percents and to at least two,
    within 0..1."""
    finite = values[np.isfinite(values)]
    if not len(finite):
        return 0.0, 1.0
    lo = max(0.0, np.floor(float(finite.min()) / step) * step)
    hi = min(1.0, np.ceil(float(finite.max()) / step) * step)
    if hi - lo < 2 * step:
        hi = min(1.0, lo + 2 * step)
        lo = max(0.0, hi - 2 * step)
    return float(lo), float(hi)


def map_layer(state: State, figure: str, stretch: bool = False) -> MapLayer:
    """The values the map shows for a picker entry (the campaign's figure picker, the
    timeline's map). Harvests are as reported except where the player has reliable
    knowledge; shares use a fixed 0-100 % scale unless `stretch` (see `figure_layer`)."""
    from game.engine.figures import get_regional

    n = state.n_regions
    if figure == "voluntary_vs_forced":
        v = get_regional(state, "voluntary") - get_regional(state, "kolkhoz")
        return MapLayer(
            figure,
            "Voluntary minus forced (share of households)",
            "",
            np.asarray(v, dtype=float),
            np.zeros(n, dtype=bool),
            True,
            -1.0,
            1.0,
            True,
        )
    if figure == "reliability":
        v = 1 - np.asarray(get_regional(state, "report_bias"), dtype=float)
        lo, hi = stretched_range(v) if stretch else (0.0, 1.0)
        layer = MapLayer(
            figure, "Report reliability", "", v, ~reliable_regions(state), True, lo, hi
        )
    else:
        layer = figure_layer(state, figure, stretch)
    if stretch and is_share(figure):  # the legend says the colours are not 0-100 %
        layer.label += " (stretched)"
    return layer


def is_share(figure: str) -> bool:
    """True for map figures that are shares of a whole (fixed 0-100 % scale by default)."""
    if figure == "voluntary_vs_forced":
        return False  # runs from -100 % to 100 % already
    return figure == "reliability" or bool(getattr(REGIONAL.get(figure), "percent", False))


def render_layer(
    view: MapView,
    state: State,
    layer: MapLayer,
    size: tuple[int, int],
    theme: Theme,
    palette: str,
    selected: int | None = None,
    hovered: int | None = None,
) -> pygame.Surface:
    """The map of `state` showing `layer`, drawn on a surface of its own: the one way the
    campaign screen, the timeline's past seasons and their tests draw a map layer (the
    occupied land of a war included)."""
    from game.ui import palettes

    surf = pygame.Surface(size)
    surf.fill(theme.c("bg_stripe"))
    view.draw(
        surf,
        pygame.Rect(0, 0, *size),
        layer.values,
        palettes.for_figure(palette, layer.diverging),
        selected=selected,
        hovered=hovered,
        unreliable=layer.unreliable,
        value_range=(layer.lo, layer.hi),
        fmt=layer.fmt,
        legend=layer.label,
        unit=layer.unit,
        occupied=state.arrays["occupied"],
    )
    return surf


def nice_ceil(v: float) -> float:
    """The next 'round' number at or above v (1, 2, 2.5, 5 x 10^k)."""
    if not np.isfinite(v) or v <= 0:
        return 1.0
    exp = np.floor(np.log10(v))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * 10**exp >= v - 1e-12:
            return float(m * 10**exp)
    return float(10 ** (exp + 1))


def format_value(v: float, unit: str = "", percent: bool = False) -> str:
    if not np.isfinite(v):
        return "–"
    if percent:
        return f"{v * 100:.0f}%"
    a = abs(v)
    if a < 5e-4:
        text = "0"
    elif a >= 100:
        text = f"{v:.0f}"
    elif a >= 1:
        text = f"{v:.1f}"
    else:
        text = f"{v:.2f}"
    if unit == "thousand":
        return f"{text}k"
    return f"{text} {unit}" if unit else text


# --- drawing ------------------------------------------------------------------
def map_font(theme: Theme | None, size: int, style: str = "regular") -> pygame.font.Font:
    if theme is not None:
        return theme.font(size, style)
    if not pygame.font.get_init():
        pygame.font.init()
    from game.ui.theme import FONT_DIR

    name = {"bold": "DejaVuSans-Bold.ttf", "italic": "DejaVuSans-Oblique.ttf"}.get(
        style, "DejaVuSans.ttf"
    )
    return _plain_font(str(FONT_DIR / name), size)


@lru_cache(maxsize=32)
def _plain_font(path: str, size: int) -> pygame.font.Font:
    return pygame.font.Font(path, size)


def halo_text(
    font: pygame.font.Font,
    text: str,
    colour: tuple[int, int, int],
    halo: tuple[int, int, int] = HALO,
) -> pygame.Surface:
    """Text with a dark outline so it reads on any map colour."""
    inner = font.render(text, True, colour)
    dark = font.render(text, True, halo)
    w, h = inner.get_size()
    out = pygame.Surface((w + 4, h + 4), pygame.SRCALPHA)
    for dx, dy in ((0, 1), (1, 0), (2, 1), (1, 2), (0, 0), (2, 2), (0, 2), (2, 0)):
        out.blit(dark, (dx, dy))
    out.blit(inner, (1, 1))
    return out


class MapView:
    """Draws the regions into a rect and maps screen points back to regions."""

    def __init__(
        self,
        region_ids: Sequence[str],
        names: Sequence[str] | None = None,
        names_ru: Sequence[str] | None = None,
        theme: Theme | None = None,
        shapes: MapShapes | None = None,
    ) -> None:
        self.shapes = shapes or _cached_shapes(MAP_FILE)
        self.region_ids = tuple(region_ids)
        self.names = tuple(names or region_ids)
        self.names_ru = tuple(names_ru or ("",) * len(self.region_ids))
        self.theme = theme
        # regions without a shape (e.g. added by a mod) are simply not drawn
        self._polys: list[np.ndarray | None] = [
            self.shapes.regions[r].polygon if r in self.shapes.regions else None
            for r in self.region_ids
        ]
        self.rect = pygame.Rect(0, 0, 0, 0)
        self._scale = 1.0
        self._origin = (0.0, 0.0)
        self._base_key: Any = None
        self._base: pygame.Surface | None = None
        self._over_key: Any = None
        self._over: pygame.Surface | None = None
        self._labels: pygame.Surface | None = None  # names and values, over the outlines
        self.label_boxes: dict[int, pygame.Rect] = {}

    @classmethod
    def from_state(cls, state: State, theme: Theme | None = None) -> MapView:
        return cls(
            state.region_ids,
            state.region_names,
            state.params.get("region_names_ru"),
            theme,
        )

    # --- geometry ----------------------------------------------------------------
    def _fit(self, rect: pygame.Rect) -> None:
        self.rect = pygame.Rect(rect)
        s = min(rect.w / MAP_W, rect.h / MAP_H)
        self._scale = s
        self._origin = (rect.x + (rect.w - MAP_W * s) / 2, rect.y + (rect.h - MAP_H * s) / 2)

    def to_screen(self, x: float, y: float) -> tuple[float, float]:
        return (self._origin[0] + x * self._scale, self._origin[1] + y * self._scale)

    def to_map(self, px: float, py: float) -> tuple[float, float]:
        s = self._scale or 1.0
        return ((px - self._origin[0]) / s, (py - self._origin[1]) / s)

    def _screen_poly(self, i: int, k: float = 1.0, offset: tuple[float, float] = (0, 0)):
        poly = self._polys[i]
        assert poly is not None
        ox = (self._origin[0] - self.rect.x) * k + offset[0]
        oy = (self._origin[1] - self.rect.y) * k + offset[1]
        s = self._scale * k
        return [(ox + x * s, oy + y * s) for x, y in poly]

    def region_at(self, pos: tuple[float, float]) -> int | None:
        """Index (state order) of the region under a screen point, or None."""
        if self._scale <= 0 or not self.rect.collidepoint(pos):
            return None
        x, y = self.to_map(*pos)
        for i, poly in enumerate(self._polys):
            if poly is not None and point_in_polygon(x, y, poly):
                return i
        return None

    def anchor(self, i: int) -> tuple[float, float]:
        """Screen position of a region's label anchor (for tooltips, tests)."""
        rid = self.region_ids[i]
        return self.to_screen(*self.shapes.regions[rid].label)

    def region_bounds(self, i: int) -> pygame.Rect:
        pts = self._screen_poly(i)
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        return pygame.Rect(
            self.rect.x + min(xs), self.rect.y + min(ys), max(xs) - min(xs), max(ys) - min(ys)
        )

    # --- drawing -----------------------------------------------------------------
    def draw(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        values: np.ndarray,
        palette: Palette,
        labels: bool = True,
        selected: int | None = None,
        hovered: int | None = None,
        *,
        unreliable: np.ndarray | None = None,
        value_range: tuple[float, float] | None = None,
        fmt: Callable[[float], str] | None = None,
        legend: str | None = None,
        unit: str = "",
        occupied: np.ndarray | None = None,
    ) -> None:
        """Paint the map. `values` in region order; `legend` is the legend title (None: no
        legend); `unreliable` hatches regions whose values are only reported; `occupied`
        (shares 0..1, the war) cross-hatches the part of each region the enemy holds, from
        its western edge, and draws the front line where it runs through a region."""
        rect = pygame.Rect(rect)
        if rect.w < 8 or rect.h < 8:
            return
        values = np.asarray(values, dtype=np.float64)
        if unreliable is None:
            unreliable = np.zeros(len(values), dtype=bool)
        if value_range is None:
            finite = values[np.isfinite(values)]
            lo = float(finite.min()) if len(finite) else 0.0
            hi = float(finite.max()) if len(finite) else 1.0
        else:
            lo, hi = value_range
        fmt = fmt or (lambda v: format_value(v))
        texts = tuple(fmt(float(v)) for v in values) if labels else ()
        key = (
            rect.size,
            values.tobytes(),
            palette.name,
            np.asarray(unreliable, dtype=bool).tobytes(),
            lo,
            hi,
            labels,
            texts,
            legend,
            unit,
            self.theme.scale if self.theme is not None else 1.0,
            None if occupied is None else np.round(np.asarray(occupied), 3).tobytes(),
        )
        if key != self._base_key or self._base is None:
            self._fit(rect)
            self._base = self._render_base(values, palette, unreliable, lo, hi, texts, fmt, legend)
            if occupied is not None and np.asarray(occupied).max() > 0.005:
                self._draw_occupation(self._base, np.asarray(occupied, dtype=np.float64))
            self._base_key = key
            self._over_key = None
        elif self.rect.topleft != rect.topleft:
            self._fit(rect)
        surface.blit(self._base, rect.topleft)
        okey = (rect.size, selected, hovered, self._base_key)
        if okey != self._over_key or self._over is None:
            self._over = self._render_overlay(selected, hovered)
            self._over_key = okey
        surface.blit(self._over, rect.topleft)
        if self._labels is not None:
            surface.blit(self._labels, rect.topleft)

    def _t(self, v: float, lo: float, hi: float) -> float:
        if not np.isfinite(v):
            return float("nan")
        return float((v - lo) / (hi - lo)) if hi > lo else 0.5

    def _render_base(
        self,
        values: np.ndarray,
        palette: Palette,
        unreliable: np.ndarray,
        lo: float,
        hi: float,
        texts: tuple[str, ...],
        fmt: Callable[[float], str],
        legend: str | None,
    ) -> pygame.Surface:
        w, h = self.rect.size
        out = pygame.Surface((w, h), pygame.SRCALPHA)
        # sea: a soft vertical gradient
        top, bottom = SEA, SEA_DEEP
        for y in range(0, h, 4):
            f = y / max(h - 1, 1)
            c = tuple(int(top[j] * (1 - f) + bottom[j] * f) for j in range(3))
            out.fill(c, pygame.Rect(0, y, w, 4))
        idx = [i for i, p in enumerate(self._polys) if p is not None]
        # land shadow: drawn small and scaled up, which blurs it
        k_sh = 0.25
        sh = pygame.Surface((max(1, int(w * k_sh)), max(1, int(h * k_sh))), pygame.SRCALPHA)
        off = 5 * self._scale * k_sh
        for i in idx:
            pygame.draw.polygon(sh, (0, 0, 0, 150), self._screen_poly(i, k_sh, (off, off * 1.4)))
        out.blit(pygame.transform.smoothscale(sh, (w, h)), (0, 0))
        # fills, hatching, borders at 2x, scaled down for soft edges
        k = 2.0
        big = pygame.Surface((int(w * k), int(h * k)), pygame.SRCALPHA)
        colours = palette.colours([self._t(float(values[i]), lo, hi) for i in range(len(values))])
        for i in idx:
            pts = self._screen_poly(i, k)
            base = tuple(int(c) for c in colours[i])
            pygame.draw.polygon(big, base, pts)
            if unreliable[i]:
                self._hatch(big, pts, base)
        for lake in self.shapes.lakes:
            pts = self._map_poly_screen(lake, k)
            pygame.draw.polygon(big, LAKE, pts)
            pygame.draw.lines(big, (60, 78, 100), True, pts, max(1, int(1.2 * k)))
        bw = max(2, round(1.6 * k * max(self._scale, 0.6)))
        for i in idx:
            pts = self._screen_poly(i, k)
            pygame.draw.lines(big, (*BORDER, 220), True, pts, bw)
            pygame.draw.polygon(big, (255, 255, 255, 26), pts, max(1, bw // 3))
        out.blit(pygame.transform.smoothscale(big, (w, h)), (0, 0))
        self.label_boxes = {}
        # the labels lie on a layer of their own, drawn over the hover and selection
        # outlines: a selected region's glow would otherwise cross its neighbours' names
        self._labels = None
        if texts:
            self._labels = pygame.Surface((w, h), pygame.SRCALPHA)
            self._draw_labels(self._labels, values, palette, lo, hi, texts)
        if legend is not None:  # over the labels, as it always was
            top = self._labels if self._labels is not None else out
            self._draw_legend_inset(top, palette, lo, hi, fmt, legend, bool(unreliable.any()))
        return out

    def _draw_occupation(self, target: pygame.Surface, occupied: np.ndarray) -> None:
        """The enemy's part of each region, cross-hatched in field grey from the region's
        western edge (the front came from the west), and the front line in red where it
        crosses a region. Drawn under the labels, which stay readable on their own layer."""
        for i, poly in enumerate(self._polys):
            share = float(occupied[i]) if i < len(occupied) else 0.0
            if poly is None or share <= 0.005:
                continue
            pts = self._screen_poly(i)
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            x0, y0 = int(min(xs)), int(min(ys))
            bw, bh = int(max(xs)) - x0 + 2, int(max(ys)) - y0 + 2
            cut = int(round(share * bw))
            layer = pygame.Surface((bw, bh), pygame.SRCALPHA)
            layer.fill((60, 62, 58, 70), pygame.Rect(0, 0, cut, bh))
            step = max(6, int(9 * max(self._scale, 0.6)))
            for d in range(-bh, bw, step):
                pygame.draw.line(layer, (30, 30, 28, 150), (d, bh), (d + bh, 0), 2)
                pygame.draw.line(layer, (30, 30, 28, 150), (d, 0), (d + bh, bh), 2)
            if cut < bw:
                layer.fill((0, 0, 0, 0), pygame.Rect(cut, 0, bw - cut, bh))
                if cut > 0:  # the front line runs through this region
                    pygame.draw.line(layer, (200, 30, 30, 255), (cut, 0), (cut, bh), 4)
            mask = pygame.Surface((bw, bh), pygame.SRCALPHA)
            pygame.draw.polygon(mask, (255, 255, 255, 255), [(x - x0, y - y0) for x, y in pts])
            layer.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
            target.blit(layer, (x0, y0))

    def _map_poly_screen(self, poly: np.ndarray, k: float) -> list[tuple[float, float]]:
        ox = (self._origin[0] - self.rect.x) * k
        oy = (self._origin[1] - self.rect.y) * k
        s = self._scale * k
        return [(ox + x * s, oy + y * s) for x, y in poly]

    @staticmethod
    def _hatch(target: pygame.Surface, pts: list[tuple[float, float]], base: tuple) -> None:
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        x0, y0 = int(min(xs)), int(min(ys))
        bw, bh = int(max(xs)) - x0 + 2, int(max(ys)) - y0 + 2
        dark = (0, 0, 0, 120) if sum(base) > 330 else (255, 255, 255, 95)
        hatch = pygame.Surface((bw, bh), pygame.SRCALPHA)
        step = 14
        for d in range(-bh, bw, step):
            pygame.draw.line(hatch, dark, (d, bh), (d + bh, 0), 3)
        mask = pygame.Surface((bw, bh), pygame.SRCALPHA)
        pygame.draw.polygon(mask, (255, 255, 255, 255), [(x - x0, y - y0) for x, y in pts])
        hatch.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
        target.blit(hatch, (x0, y0))

    def _draw_labels(
        self,
        out: pygame.Surface,
        values: np.ndarray,
        palette: Palette,
        lo: float,
        hi: float,
        texts: tuple[str, ...],
    ) -> None:
        # label size follows the map's size and (less than linearly: the map does not
        # grow with it) the UI scale, within readable bounds
        ui = self.theme.scale if self.theme is not None else 1.0
        ui_k = ui**0.5
        base = max(10.0, min(16.0 * ui_k, 13.5 * self._scale * 1.25 * ui_k))
        f_name = map_font(None, round(base), "bold")
        f_ru = map_font(None, max(9, round(base * 0.78)), "italic")
        f_val = map_font(None, round(base * 1.02), "bold")
        # small regions first: big ones have room to move their labels aside
        order = sorted(
            (i for i, p in enumerate(self._polys) if p is not None),
            key=lambda i: _area(self._polys[i]),
        )
        anchors: dict[int, tuple[float, float]] = {}
        richer: dict[int, list[list[pygame.Surface]]] = {}
        insides: dict[int, Callable[[float, float], bool]] = {}
        for i in order:
            rid = self.region_ids[i]
            shape = self.shapes.regions[rid]
            ax, ay = self.to_screen(*shape.label)
            anchors[i] = (ax - self.rect.x, ay - self.rect.y)
            full = self.names[i]
            name = full if f_name.size(full)[0] <= _room(self, i) else shape.short
            ru_full = self.names_ru[i] if i < len(self.names_ru) else ""
            ru = ru_full if ru_full and f_ru.size(ru_full)[0] <= _room(self, i) else shape.short_ru
            name_s = halo_text(f_name, name, TEXT)
            value_s = self._value_pill(f_val, texts[i])
            variants: list[list[pygame.Surface]] = []
            # small maps are crowded in the west: Russian names only where there is room
            if ru and self._scale >= 0.75:
                variants.append([name_s, halo_text(f_ru, ru, TEXT_DIM), value_s])
            variants.append([name_s, value_s])  # crowded: drop the Russian name first
            if shape.short != name:
                variants.append([halo_text(f_name, shape.short, TEXT), value_s])
            variants.append([value_s])  # still crowded: the value alone
            richer[i] = variants
            poly = self._polys[i]

            def inside(cx: float, cy: float, poly=poly) -> bool:
                mx, my = self.to_map(cx + self.rect.x, cy + self.rect.y)
                return point_in_polygon(mx, my, poly)

            insides[i] = inside
        # first every region's value (the figure matters more than the name), then the
        # names where there is room: a big label must not take the room of a value
        boxes: dict[int, pygame.Rect] = {}
        chosen: dict[int, list[pygame.Surface]] = {}
        for i in order:
            ax, ay = anchors[i]
            lines = richer[i][-1]
            placed = list(boxes.values())
            box = _free_spot(lines, ax, ay, placed, insides[i])
            if box is None:  # spill over a border rather than sit on a neighbour
                box = _free_spot(lines, ax, ay, placed, None, reach=5)
            if box is None:
                box = _stack_box(lines, ax, ay)
            boxes[i], chosen[i] = box, lines
        for i in order:
            ax, ay = anchors[i]
            others = [b for k, b in boxes.items() if k != i]
            for lines in richer[i][:-1]:
                box = _free_spot(lines, ax, ay, others, insides[i])
                if box is not None:
                    boxes[i], chosen[i] = box, lines
                    break
        for i in order:
            box = boxes[i]
            box.clamp_ip(out.get_rect())
            y = box.y
            for s in chosen[i]:
                out.blit(s, (box.centerx - s.get_width() // 2, y))
                y += s.get_height() - 2
            self.label_boxes[i] = box.move(self.rect.topleft)

    @staticmethod
    def _value_pill(font: pygame.font.Font, text: str) -> pygame.Surface:
        t = font.render(text, True, TEXT)
        pad_x, pad_y = 6, 1
        pill = pygame.Surface(
            (t.get_width() + 2 * pad_x, t.get_height() + 2 * pad_y), pygame.SRCALPHA
        )
        pygame.draw.rect(
            pill, (10, 12, 16, 185), pill.get_rect(), border_radius=pill.get_height() // 2
        )
        pill.blit(t, (pad_x, pad_y))
        return pill

    def _render_overlay(self, selected: int | None, hovered: int | None) -> pygame.Surface:
        """Hover and selection outlines. Only the outlined regions' box is drawn at 2x and
        scaled down, so moving the mouse over the map stays cheap."""
        w, h = self.rect.size
        out = pygame.Surface((w, h), pygame.SRCALPHA)
        show_hover = hovered is not None and hovered != selected and self._valid(hovered)
        show_sel = selected is not None and self._valid(selected)
        regions = [r for r, on in ((hovered, show_hover), (selected, show_sel)) if on]
        if not regions:
            return out
        pts_all = [p for r in regions for p in self._screen_poly(r)]
        margin = 10
        x0 = max(0, int(min(p[0] for p in pts_all)) - margin)
        y0 = max(0, int(min(p[1] for p in pts_all)) - margin)
        x1 = min(w, int(max(p[0] for p in pts_all)) + margin + 1)
        y1 = min(h, int(max(p[1] for p in pts_all)) + margin + 1)
        if x1 <= x0 or y1 <= y0:
            return out
        k = 2.0
        big = pygame.Surface((int((x1 - x0) * k), int((y1 - y0) * k)), pygame.SRCALPHA)
        shift = (-x0 * k, -y0 * k)
        if show_hover:
            pts = self._screen_poly(hovered, k, shift)
            pygame.draw.polygon(big, (255, 255, 255, 38), pts)
            pygame.draw.lines(big, (255, 255, 255, 210), True, pts, max(2, round(2.2 * k)))
        if show_sel:
            pts = self._screen_poly(selected, k, shift)
            for width, alpha in ((int(11 * k), 50), (int(7 * k), 90)):
                pygame.draw.lines(big, (*ACCENT, alpha), True, pts, width)
            pygame.draw.lines(big, (*ACCENT, 255), True, pts, max(2, round(2.6 * k)))
        out.blit(pygame.transform.smoothscale(big, (x1 - x0, y1 - y0)), (x0, y0))
        return out

    def _valid(self, i: int) -> bool:
        return 0 <= i < len(self._polys) and self._polys[i] is not None

    # --- legend ------------------------------------------------------------------
    def _draw_legend_inset(
        self,
        out: pygame.Surface,
        palette: Palette,
        lo: float,
        hi: float,
        fmt: Callable[[float], str],
        title: str,
        hatched: bool,
    ) -> None:
        # bottom-left of the map is open sea (Black Sea and beyond)
        ui = self.theme.scale if self.theme is not None else 1.0
        w = int(min(max(180 * ui, out.get_width() * 0.26), out.get_width() * 0.45))
        h = int((78 if hatched else 58) * ui)
        r = pygame.Rect(int(8 * ui), out.get_height() - h - int(8 * ui), w, h)
        draw_legend(out, r, palette, lo, hi, title, fmt, hatched, ui)


def _area(poly: np.ndarray | None) -> float:
    if poly is None:
        return 0.0
    x, y = poly[:, 0], poly[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2)


def _room(view: MapView, i: int) -> float:
    """Width inside the region along the label's row, in pixels (labels may spill a little)."""
    poly = view._polys[i]
    assert poly is not None
    ax, ay = view.shapes.regions[view.region_ids[i]].label
    x1, y1 = poly[:, 0], poly[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    hit = (y1 > ay) != (y2 > ay)
    xs = np.sort((x2[hit] - x1[hit]) * (ay - y1[hit]) / (y2[hit] - y1[hit]) + x1[hit])
    for a, b in zip(xs[0::2], xs[1::2], strict=False):
        if a <= ax <= b:
            return float((b - a) * view._scale * 1.15)
    return 60.0 * view._scale


def _free_spot(
    lines: list[pygame.Surface],
    ax: float,
    ay: float,
    placed: list[pygame.Rect],
    inside: Callable[[float, float], bool] | None = None,
    reach: int = 0,
) -> pygame.Rect | None:
    """A box for the label at the anchor or nudged (staying over its own region), clear of
    labels already placed. `reach` > 0 also tries rings of places that many steps out."""
    box = _stack_box(lines, ax, ay)
    d = max(4, box.h // 3)
    steps = [
        (0, 0), (0, -d), (0, d), (-d, 0), (d, 0), (0, -2 * d), (0, 2 * d),
        (0, 3 * d), (0, -3 * d), (-2 * d, 0), (2 * d, 0), (-d, 2 * d), (d, 2 * d),
    ]  # fmt: skip
    for ring in range(1, reach + 1):
        k = ring * d
        steps += [(dx * k, dy * k) for dx, dy in ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1))]
        steps += [(dx * k, dy * k) for dx, dy in ((-1, 1), (1, -1), (-1, -1))]
    for dx, dy in steps:
        b = box.move(dx, dy)
        if (dx or dy) and inside is not None and not inside(*b.center):
            continue
        if not any(b.colliderect(p) for p in placed):
            return b
    return None


def _stack_box(lines: list[pygame.Surface], cx: float, cy: float) -> pygame.Rect:
    w = max(s.get_width() for s in lines)
    h = sum(s.get_height() - 2 for s in lines) + 2
    return pygame.Rect(int(cx - w / 2), int(cy - h / 2), w, h)


def draw_legend(
    surface: pygame.Surface,
    rect: pygame.Rect,
    palette: Palette,
    lo: float,
    hi: float,
    title: str,
    fmt: Callable[[float], str] | None = None,
    hatched: bool = False,
    ui_scale: float = 1.0,
) -> None:
    """A colour bar with its title, min, mid and max labels, and the hatching key."""
    fmt = fmt or (lambda v: format_value(v))
    panel = pygame.Surface(rect.size, pygame.SRCALPHA)
    pygame.draw.rect(panel, (12, 14, 19, 215), panel.get_rect(), border_radius=int(6 * ui_scale))
    pygame.draw.rect(
        panel, (70, 76, 88, 255), panel.get_rect(), width=1, border_radius=int(6 * ui_scale)
    )
    pad = int(8 * ui_scale)
    f_title = map_font(None, max(10, round(12 * ui_scale)), "bold")
    f_tick = map_font(None, max(9, round(11 * ui_scale)))
    inner_w = rect.w - 2 * pad
    t = ellipsize(f_title, title, inner_w)
    panel.blit(f_title.render(t, True, TEXT), (pad, pad - 2))
    bar_y = pad + f_title.get_linesize()
    bar_h = max(8, int(10 * ui_scale))
    xs = np.linspace(0, 1, max(inner_w, 2))
    cols = palette.colours(xs)
    bar = pygame.surfarray.make_surface(np.repeat(cols[:, None, :], bar_h, axis=1))
    panel.blit(bar, (pad, bar_y))
    pygame.draw.rect(panel, (0, 0, 0), pygame.Rect(pad, bar_y, inner_w, bar_h), 1)
    ty = bar_y + bar_h + 2
    lo_s = f_tick.render(fmt(lo), True, TEXT_DIM)
    hi_s = f_tick.render(fmt(hi), True, TEXT_DIM)
    mid_s = f_tick.render(fmt((lo + hi) / 2), True, TEXT_DIM)
    panel.blit(lo_s, (pad, ty))
    panel.blit(hi_s, (pad + inner_w - hi_s.get_width(), ty))
    if lo_s.get_width() + hi_s.get_width() + mid_s.get_width() + 16 < inner_w:
        panel.blit(mid_s, (pad + (inner_w - mid_s.get_width()) // 2, ty))
    if hatched:
        hy = ty + f_tick.get_linesize() + 4
        sw = pygame.Rect(pad, hy, int(22 * ui_scale), f_tick.get_linesize() - 2)
        pygame.draw.rect(panel, palette.colour(0.6), sw)
        sw_pts = [(sw.x, sw.y), (sw.right, sw.y), (sw.right, sw.bottom), (sw.x, sw.bottom)]
        MapView._hatch(panel, sw_pts, palette.colour(0.6))
        label = ellipsize(f_tick, "Officials' reports, unverified", inner_w - sw.w - 6)
        panel.blit(f_tick.render(label, True, TEXT_DIM), (sw.right + 6, hy - 1))
    surface.blit(panel, rect.topleft)
