"""Line charts of the campaign's figures over time, beside what really happened.

`draw_chart(surface, rect, series, ...)` draws any set of lines into a rect
(title, legend, gridlines, axis labels, error bars for disputed historical
figures, an optional hover crosshair) and returns the chart's geometry so a
scene can turn the mouse position into a date. `campaign_series(campaign,
figure)` builds the player's line and history's line for a headline figure.
The end screen embeds the same function.

Lines are drawn at twice the size and scaled down, which smooths them without
needing anti-aliased thick lines from pygame; text is drawn after, crisp.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pygame

from game.ui.history_data import HistSeries, load_series
from game.ui.map_view import map_font
from game.ui.palettes import SERIES_COLOURS, Colour
from game.ui.widgets import ellipsize

if TYPE_CHECKING:
    from game.campaign import Campaign

PANEL = (27, 30, 37)
PANEL_EDGE = (59, 65, 76)
GRID = (52, 57, 67)
AXIS_TEXT = (168, 162, 145)
TEXT = (235, 228, 209)
HOVER = (240, 195, 90)


@dataclass
class Series:
    label: str
    points: Sequence[tuple[float, float]]  # (date, value)
    colour: Colour
    style: str = "line"  # "line", "dashed" (with markers) or "markers"
    bands: Sequence[tuple[float, float, float]] = ()  # (date, low, high): disputed figures
    width: float = 2.5


@dataclass
class ChartGeometry:
    plot: pygame.Rect
    x0: float
    x1: float
    y0: float
    y1: float
    legend_boxes: list[pygame.Rect] = field(default_factory=list)

    def x_to_px(self, x: float) -> float:
        return self.plot.x + (x - self.x0) / max(self.x1 - self.x0, 1e-9) * self.plot.w

    def y_to_px(self, y: float) -> float:
        return self.plot.bottom - (y - self.y0) / max(self.y1 - self.y0, 1e-9) * self.plot.h

    def px_to_x(self, px: float) -> float:
        return self.x0 + (px - self.plot.x) / max(self.plot.w, 1) * (self.x1 - self.x0)


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values covering lo..hi, about n of them."""
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step + 1e-9) * step
    end = math.ceil(hi / step - 1e-9) * step
    count = int(round((end - start) / step))
    ticks = [round(start + i * step, 10) for i in range(count + 1)]
    return ticks


def format_tick(v: float, unit: str, percent: bool) -> str:
    if percent:
        return f"{v * 100:.0f}%"
    a = abs(v)
    if a >= 1e6:
        return f"{v / 1e6:.1f}M"
    if a >= 1e4:
        return f"{v / 1e3:.0f}k"
    if a >= 100 or v == int(v):
        return f"{v:.0f}"
    return f"{v:.1f}" if a >= 1 else f"{v:.2f}"


def draw_chart(
    surface: pygame.Surface,
    rect: pygame.Rect,
    series: Sequence[Series],
    *,
    title: str = "",
    unit: str = "",
    percent: bool = False,
    x_range: tuple[float, float] | None = None,
    y_range: tuple[float, float] | None = None,
    ui_scale: float = 1.0,
    hover_x: float | None = None,
    marker: float | None = None,
    marker_label: str = "",
) -> ChartGeometry:
    """Draw a line chart into rect. `marker` draws a vertical line (e.g. 'now')."""
    rect = pygame.Rect(rect)
    s = ui_scale
    f_title = map_font(None, max(11, round(15 * s)), "bold")
    f_axis = map_font(None, max(9, round(11.5 * s)))
    f_leg = map_font(None, max(9, round(12 * s)))
    pad = round(10 * s)
    pygame.draw.rect(surface, PANEL, rect, border_radius=round(6 * s))
    pygame.draw.rect(surface, PANEL_EDGE, rect, width=1, border_radius=round(6 * s))

    # --- ranges ---
    xs = [p[0] for ser in series for p in ser.points]
    ys = [p[1] for ser in series for p in ser.points]
    ys += [v for ser in series for b in ser.bands for v in b[1:]]
    x0, x1 = x_range or ((min(xs), max(xs)) if xs else (0.0, 1.0))
    if x1 - x0 < 1.0:
        x1 = x0 + 1.0
    if y_range is not None:
        y0, y1 = y_range
    else:
        finite = [v for v in ys if math.isfinite(v)]
        hi = max(finite) if finite else 1.0
        if any(ser.bands for ser in series):
            hi *= 1.04  # room above an error bar's cap: at the plot's edge it was cut
        lo = min(finite) if finite else 0.0
        y0 = min(0.0, lo)
        y1 = hi if hi > y0 else y0 + 1.0
        if percent and hi <= 1.0:
            y1 = max(y1, 0.1)
    ticks = nice_ticks(y0, y1, 5)
    y0, y1 = min(y0, ticks[0]), max(y1, ticks[-1])

    # --- layout: title row with legend, plot, x labels ---
    top = rect.y + pad
    title_w = 0
    if title and unit and not percent:
        title = f"{title}, {unit}"
    if title:
        t = ellipsize(f_title, title, rect.w - 2 * pad)
        surface.blit(f_title.render(t, True, TEXT), (rect.x + pad, top))
        title_w = f_title.size(t)[0]
    legend_boxes = _draw_legend(
        surface, series, f_leg, rect, top, title_w, pad, s, title_h=f_title.get_linesize()
    )
    leg_bottom = max([b.bottom for b in legend_boxes], default=top + f_title.get_linesize())
    label_w = max(f_axis.size(format_tick(v, unit, percent))[0] for v in ticks)
    plot = pygame.Rect(
        rect.x + pad + label_w + round(8 * s),
        max(leg_bottom, top + f_title.get_linesize()) + round(10 * s),
        0,
        0,
    )
    plot.w = rect.right - pad - round(6 * s) - plot.x
    plot.h = rect.bottom - pad - f_axis.get_linesize() - round(6 * s) - plot.y
    geo = ChartGeometry(plot, x0, x1, y0, y1, legend_boxes)
    if plot.w < 20 or plot.h < 20:
        return geo

    # --- grid and axes ---
    for v in ticks:
        y = round(geo.y_to_px(v))
        pygame.draw.line(surface, GRID, (plot.x, y), (plot.right, y), 1)
        lab = f_axis.render(format_tick(v, unit, percent), True, AXIS_TEXT)
        surface.blit(lab, (plot.x - round(6 * s) - lab.get_width(), y - lab.get_height() // 2))
    years = _year_ticks(x0, x1, plot.w, f_axis.size("1930")[0] + round(14 * s))
    for yr in years:
        x = round(geo.x_to_px(yr))
        pygame.draw.line(surface, GRID, (x, plot.y), (x, plot.bottom), 1)
        lab = f_axis.render(str(yr), True, AXIS_TEXT)
        lx = min(
            max(x - lab.get_width() // 2, plot.x - label_w), rect.right - pad - lab.get_width()
        )
        surface.blit(lab, (lx, plot.bottom + round(4 * s)))
    pygame.draw.line(surface, PANEL_EDGE, plot.bottomleft, plot.bottomright, 1)

    if marker is not None and x0 <= marker <= x1:
        mx = round(geo.x_to_px(marker))
        pygame.draw.line(surface, (120, 112, 95), (mx, plot.y), (mx, plot.bottom), 1)
        if marker_label:
            ml = f_axis.render(marker_label, True, AXIS_TEXT)
            surface.blit(ml, (min(mx + 4, plot.right - ml.get_width()), plot.y + 2))

    # --- lines, supersampled ---
    k = 2
    layer = pygame.Surface((plot.w * k, plot.h * k), pygame.SRCALPHA)

    def to_layer(x: float, y: float) -> tuple[float, float]:
        return ((geo.x_to_px(x) - plot.x) * k, (geo.y_to_px(y) - plot.y) * k)

    for ser in series:
        pts = [
            to_layer(x, y)
            for x, y in ser.points
            if math.isfinite(y) and x0 - 1e-9 <= x <= x1 + 1e-9
        ]
        width = max(2, round(ser.width * s * k))
        for bx, blo, bhi in ser.bands:
            if not x0 <= bx <= x1:
                continue
            (ax, ay), (_, by) = to_layer(bx, blo), to_layer(bx, bhi)
            cap = 5 * s * k
            col = (*ser.colour, 200)
            pygame.draw.line(layer, col, (ax, ay), (ax, by), max(2, width // 2))
            pygame.draw.line(layer, col, (ax - cap, ay), (ax + cap, ay), max(2, width // 2))
            pygame.draw.line(layer, col, (ax - cap, by), (ax + cap, by), max(2, width // 2))
        if ser.style in ("line", "dashed") and len(pts) >= 2:
            if ser.style == "line":
                pygame.draw.lines(layer, ser.colour, False, pts, width)
                for p in pts[:: max(1, len(pts) // 400)]:  # round joints
                    pygame.draw.circle(layer, ser.colour, p, width / 2)
            else:
                _dashed(layer, ser.colour, pts, width, dash=9 * s * k)
        if ser.style in ("dashed", "markers") or len(pts) == 1:
            r = max(3, round(4 * s * k))
            for p in pts:
                pygame.draw.circle(layer, (20, 22, 27), p, r + k)
                pygame.draw.circle(layer, ser.colour, p, r)
    surface.blit(pygame.transform.smoothscale(layer, plot.size), plot.topleft)

    if hover_x is not None and x0 <= hover_x <= x1:
        _draw_hover(surface, geo, series, hover_x, f_axis, unit, percent, s)
    return geo


def _year_ticks(x0: float, x1: float, width: int, label_w: int) -> list[int]:
    span = x1 - x0
    fit = max(1, width // max(label_w, 1))
    step = next((st for st in (1, 2, 5, 10, 20, 50) if span / st <= fit), 100)
    first = math.ceil(x0 / step) * step
    return list(range(int(first), int(math.floor(x1)) + 1, step))


def _dashed(surf: pygame.Surface, colour: Colour, pts: list, width: int, dash: float) -> None:
    on = True
    left = dash
    for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
        seg = math.hypot(bx - ax, by - ay)
        pos = 0.0
        while pos < seg:
            step = min(left, seg - pos)
            if on:
                t0, t1 = pos / seg, (pos + step) / seg
                pygame.draw.line(
                    surf,
                    colour,
                    (ax + (bx - ax) * t0, ay + (by - ay) * t0),
                    (ax + (bx - ax) * t1, ay + (by - ay) * t1),
                    width,
                )
            pos += step
            left -= step
            if left <= 1e-9:
                on = not on
                left = dash * (1.0 if on else 0.7)


def _draw_legend(
    surface: pygame.Surface,
    series: Sequence[Series],
    font: pygame.font.Font,
    rect: pygame.Rect,
    top: int,
    title_w: int,
    pad: int,
    s: float,
    title_h: int,
) -> list[pygame.Rect]:
    """Legend entries right-aligned on the title row, wrapping below it when crowded."""
    boxes: list[pygame.Rect] = []
    sw = round(22 * s)
    gap = round(16 * s)
    avail = rect.w - 2 * pad
    entries = []
    for ser in series:
        text = ellipsize(font, ser.label, max(40, avail - sw - 6))
        entries.append((ser, text, sw + 6 + font.size(text)[0]))
    total = sum(e[2] for e in entries) + gap * (len(entries) - 1)
    one_row = total <= avail - title_w - round(24 * s)
    if one_row:
        x = rect.right - pad - total
        y = top + (title_h - font.get_linesize()) // 2
        rows = [[e for e in entries]]
    else:
        rows, cur, cur_w = [], [], 0
        for e in entries:
            if cur and cur_w + gap + e[2] > avail:
                rows.append(cur)
                cur, cur_w = [], 0
            cur.append(e)
            cur_w += e[2] + (gap if len(cur) > 1 else 0)
        if cur:
            rows.append(cur)
        y = top + title_h + round(4 * s)
    for row in rows:
        x = (
            rect.right - pad - sum(e[2] for e in row) - gap * (len(row) - 1)
            if one_row
            else rect.x + pad
        )
        for ser, text, w in row:
            cy = y + font.get_linesize() // 2
            if ser.style == "markers":
                pygame.draw.circle(surface, ser.colour, (x + sw // 2, cy), max(3, round(4 * s)))
            else:
                pygame.draw.line(surface, ser.colour, (x, cy), (x + sw, cy), max(2, round(3 * s)))
                if ser.style == "dashed":
                    pygame.draw.circle(surface, ser.colour, (x + sw // 2, cy), max(3, round(4 * s)))
            surface.blit(font.render(text, True, TEXT), (x + sw + 6, y))
            boxes.append(pygame.Rect(x, y, w, font.get_linesize()))
            x += w + gap
        y += font.get_linesize() + round(2 * s)
    return boxes


def _draw_hover(
    surface: pygame.Surface,
    geo: ChartGeometry,
    series: Sequence[Series],
    hx: float,
    font: pygame.font.Font,
    unit: str,
    percent: bool,
    s: float,
) -> None:
    plot = geo.plot
    px = round(geo.x_to_px(hx))
    pygame.draw.line(surface, HOVER, (px, plot.y), (px, plot.bottom), 1)
    lines: list[tuple[Colour, str]] = []
    for ser in series:
        near = _value_near(ser.points, hx, tolerance=_spacing(ser.points) * 0.55)
        if near is None:
            continue
        x, v = near
        pygame.draw.circle(surface, ser.colour, (round(geo.x_to_px(x)), round(geo.y_to_px(v))), 5)
        lines.append(
            (
                ser.colour,
                f"{ser.label}: {format_tick(v, unit, percent)}{'' if percent or not unit else ' ' + unit}",
            )
        )
    header = _date_label(hx)
    width = max([font.size(t)[0] for _, t in lines] + [font.size(header)[0]]) + round(28 * s)
    width = min(width, plot.w)
    height = (len(lines) + 1) * font.get_linesize() + round(12 * s)
    box = pygame.Rect(px + round(12 * s), plot.y + round(8 * s), width, height)
    if box.right > plot.right:
        box.right = px - round(12 * s)
    box.clamp_ip(plot)
    pygame.draw.rect(surface, (12, 14, 18), box, border_radius=round(5 * s))
    pygame.draw.rect(surface, HOVER, box, width=1, border_radius=round(5 * s))
    y = box.y + round(6 * s)
    surface.blit(
        font.render(ellipsize(font, header, box.w - 12), True, HOVER), (box.x + round(8 * s), y)
    )
    for col, text in lines:
        y += font.get_linesize()
        pygame.draw.circle(
            surface,
            col,
            (box.x + round(12 * s), y + font.get_linesize() // 2),
            max(3, round(4 * s)),
        )
        t = ellipsize(font, text, box.w - round(28 * s))
        surface.blit(font.render(t, True, TEXT), (box.x + round(22 * s), y))


def _spacing(points: Sequence[tuple[float, float]]) -> float:
    """Typical distance between a series' dates (for hover snapping)."""
    if len(points) < 2:
        return 1.0
    gaps = np.diff(sorted(p[0] for p in points))
    return float(min(1.4, max(0.25, np.median(gaps))))


def _value_near(points: Sequence[tuple[float, float]], x: float, tolerance: float):
    best = None
    for px, py in points:
        d = abs(px - x)
        if d <= tolerance and (best is None or d < best[0]) and math.isfinite(py):
            best = (d, px, py)
    return None if best is None else (best[1], best[2])


SEASONS = ("spring", "summer", "autumn", "winter")


def _date_label(x: float) -> str:
    year = math.floor(x)
    season = min(3, int((x - year) * 4))
    return f"{SEASONS[season].capitalize()} {year}"


# --- the campaign's figures -------------------------------------------------------
@dataclass(frozen=True)
class ChartFigure:
    key: str
    label: str
    unit: str
    percent: bool


def chart_figures() -> list[ChartFigure]:
    """Every per-turn headline figure, in the engine's order."""
    from game.engine.figures import HEADLINE_LABELS

    out = []
    for key, (label, unit) in HEADLINE_LABELS.items():
        percent = unit == "%"
        out.append(ChartFigure(key, label, "" if percent else unit, percent))
    return out


def turn_date(row: dict[str, Any]) -> float:
    """A history row's date: the middle of its season."""
    return float(row["year"]) + (float(row["season"]) + 0.5) / 4.0


def campaign_span(campaign: Campaign) -> tuple[float, float]:
    st = campaign.state
    start = st.start_year + st.start_season / 4.0
    end = start + (st.end_turn + 1) / 4.0
    return start, end


# Deaths charts: the other kind of death drawn beside (history column, legend label).
BESIDE: dict[str, tuple[str, str]] = {
    "famine_deaths_total_m": ("war_deaths_total_m", "War deaths (soldiers, civilians, hunger)"),
    "war_deaths_total_m": ("famine_deaths_total_m", "Famine deaths"),
}
BESIDE_SELF = {"famine_deaths_total_m": "famine deaths", "war_deaths_total_m": "war deaths"}


def campaign_series(
    campaign: Campaign,
    figure: str,
    with_history: bool = True,
    colours: tuple[Colour, ...] = SERIES_COLOURS,
) -> tuple[list[Series], str]:
    """The player's line for a headline figure and, where history has it, history's line
    (`colours`: the player's palette setting, palettes.series_colours).
    Returns (series, note about the historical source)."""
    rows = campaign.history
    pts = [(turn_date(r), float(r[figure])) for r in rows if figure in r]
    out = [Series("Your campaign", pts, colours[0], "line")]
    note = ""
    # The famine's dead and the war's are shown together, each beside the other.
    beside = BESIDE.get(figure)
    if beside is not None and any(r.get(beside[0], 0.0) > 0 for r in rows):
        key, label = beside
        out[0].label = f"Your campaign: {BESIDE_SELF[figure]}"
        war = [(turn_date(r), float(r[key])) for r in rows if key in r]
        out.append(Series(label, war, SERIES_COLOURS[2], "line"))
    if with_history:
        hist = load_series().get(figure)
        line = history_line(hist, campaign, colours[1]) if hist is not None else None
        if line is not None:
            out.append(line)
            note = f"History: {hist.source}." + (f" {hist.note}" if hist.note else "")
    return out, note


def history_line(hist: HistSeries, campaign: Campaign, colour: Colour) -> Series | None:
    """What really happened, as a dashed line with its range bands, over the campaign's
    years and one either side; None if history has no point there."""
    lo, hi = campaign_span(campaign)
    near = [p for p in hist.points if lo - 1 <= p.date <= hi + 1]
    if not near:
        return None
    bands = [(p.date, p.low, p.high) for p in near if p.low is not None and p.high is not None]
    pts = [(p.date, p.value) for p in near]
    return Series(f"History: {hist.label}", pts, colour, "dashed", bands)


def has_history(figure: str) -> bool:
    return figure in load_series()


class ChartCache:
    """`draw_chart` drawn once and blitted after: the lines are drawn on a double-size
    layer and smoothed down, tens of milliseconds at 2560x1440, while they change only
    with the data, the figure or the window. Only the hover line is drawn every frame."""

    def __init__(self) -> None:
        self._key: Any = None
        self._surf: pygame.Surface | None = None
        self._geo: ChartGeometry | None = None

    def draw(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        series: Sequence[Series],
        *,
        hover_x: float | None = None,
        **kw: Any,
    ) -> ChartGeometry:
        rect = pygame.Rect(rect).clip(surface.get_rect())
        data = tuple(
            (ser.label, ser.style, len(ser.points), tuple(ser.points[-1:]), len(ser.bands))
            for ser in series
        )
        colours = tuple(ser.colour for ser in series)  # a palette change redraws
        key = (tuple(rect), data, colours, tuple(sorted((k, repr(v)) for k, v in kw.items())))
        if key != self._key or self._surf is None or self._geo is None:
            layer = surface.subsurface(rect).copy()  # what lies under the rounded corners
            geo = draw_chart(layer, layer.get_rect(), series, **kw)
            geo.plot = geo.plot.move(rect.topleft)
            geo.legend_boxes = [b.move(rect.topleft) for b in geo.legend_boxes]
            self._key, self._surf, self._geo = key, layer, geo
        surface.blit(self._surf, rect.topleft)
        geo = self._geo
        if hover_x is not None and geo.x0 <= hover_x <= geo.x1:
            s = float(kw.get("ui_scale", 1.0))
            f_axis = map_font(None, max(9, round(11.5 * s)))
            _draw_hover(
                surface,
                geo,
                series,
                hover_x,
                f_axis,
                str(kw.get("unit", "")),
                bool(kw.get("percent", False)),
                s,
            )
        return geo
