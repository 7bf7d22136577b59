"""Charts: every headline figure of the campaign over time, beside history.

A list of figures on the left (Up/Down or click), the chart on the right with
the player's line and, where the historical series has the figure, what
really happened; hover the chart to read values. H shows or hides history;
Y switches between seasons and whole years. The menu above the list shows one
region instead of the country: its figures season by season (replayed from the
log, game.ui.region_seasons) or year by year, and the little history the record
gives region by region (assets/history/regions.toml).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from game.ui.chart_view import (
    ChartCache,
    ChartFigure,
    ChartGeometry,
    Series,
    campaign_series,
    campaign_span,
    chart_figures,
    has_history,
    history_line,
    turn_date,
)
from game.ui.history_data import load_region_series
from game.ui.palettes import SERIES_COLOURS, series_colours
from game.ui.region_seasons import BY_KEY as RBY_KEY
from game.ui.region_seasons import REGION_FIGURES as RFIGS
from game.ui.region_seasons import region_seasons
from game.ui.scene import Scene
from game.ui.view_common import build_header, draw_header
from game.ui.widgets import draw_text, esc, textbox

if TYPE_CHECKING:
    from game.campaign import Campaign
    from game.ui.app import App

HISTORY_MARK = "  ◆"
WHOLE_COUNTRY = "Whole country"
# A region's own charts (game.ui.region_seasons): season by season, or year by year
REGION_FIGURES: list[ChartFigure] = [
    ChartFigure(f.key, f.label, "" if f.percent else f.unit, f.percent) for f in RFIGS
]
# the country's line drawn beside a region's share (region figure -> history column)
COUNTRY_LINE = {
    "collectivised_share": "collectivised_share",
    "kolkhoz_share": "forced_share",
    "voluntary_share": "voluntary_share",
    "hunger": "hunger",
    "unrest": "unrest",
    "trust": "trust",
}
NO_REGIONAL_HISTORY = "No history region by region for this figure here"


class ChartsScene(Scene):
    name = "charts"
    arrow_navigation = False  # Up/Down pick the figure

    def __init__(
        self,
        app: App,
        figure: str = "collectivised_share",
        region: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(app, **kwargs)
        self._chart = ChartCache()
        camp = self.campaign
        n = camp.state.n_regions if camp is not None else 0
        self.region: int | None = region if region is not None and 0 <= region < n else None
        self.figures: list[ChartFigure] = self._figures_for(self.region)
        keys = [f.key for f in self.figures]
        self.index = keys.index(figure) if figure in keys else 0
        self.region_menu: pygame_gui.elements.UIDropDownMenu | None = None
        self.show_history = True
        self.yearly = False
        self.hover_x: float | None = None
        self.geo: ChartGeometry | None = None
        self.chart_rect = pygame.Rect(0, 0, 0, 0)
        self.list: pygame_gui.elements.UISelectionList | None = None
        self.note_box: pygame_gui.elements.UITextBox | None = None
        self._labels: list[str] = []
        self._series_cache: tuple[Any, tuple[list[Series], str]] | None = None

    @property
    def figure(self) -> ChartFigure:
        return self.figures[self.index]

    @staticmethod
    def _figures_for(region: int | None) -> list[ChartFigure]:
        return chart_figures() if region is None else list(REGION_FIGURES)

    def _region_names(self) -> list[str]:
        camp = self.campaign
        return [WHOLE_COUNTRY] + (list(camp.state.region_names) if camp is not None else [])

    def set_region(self, region: int | None) -> None:
        """Charts of one region (its yearly figures) or of the whole country."""
        key = self.figure.key
        self.region = region
        self.figures = self._figures_for(region)
        keys = [f.key for f in self.figures]
        self.index = keys.index(key) if key in keys else 0
        self.hover_x = None
        self.rebuild()

    # --- layout ---------------------------------------------------------------------
    def build(self) -> None:
        content = build_header(
            self,
            extra=[
                (
                    "History: on" if self.show_history else "History: off",
                    self.toggle_history,
                    "Show what really happened (H)",
                ),
                (
                    "Per year" if self.yearly else "Per season",
                    self.toggle_yearly,
                    "One point per season or per year (Y)",
                ),
            ],
        )
        self.hotkey(pygame.K_h, self.toggle_history)
        self.hotkey(pygame.K_y, self.toggle_yearly)
        f = self.theme.font(15)
        self._labels = [
            fig.label + (HISTORY_MARK if self._has_history(fig.key) else "") for fig in self.figures
        ]
        list_w = min(
            max(self.px(230), max(f.size(t)[0] for t in self._labels) + self.px(40)),
            content.w // 3,
        )
        gap = self.px(14)
        top = content.y + self.px(28)
        if self.campaign is not None:  # whose charts: the country's or one region's
            names = self._region_names()
            current = names[0] if self.region is None else names[self.region + 1]
            self.region_menu = pygame_gui.elements.UIDropDownMenu(
                names,
                current,
                pygame.Rect(content.x, top, list_w, self.px(34)),
                manager=self.manager,
                container=self.root,
            )
            self.region_menu.set_tooltip(
                "The whole country, or one region's own figures (per season or per year)",
                delay=0.5,
            )
            top += self.px(42)
        list_rect = pygame.Rect(content.x, top, list_w, content.bottom - top)
        self.list = pygame_gui.elements.UISelectionList(
            list_rect,
            item_list=self._labels,
            manager=self.manager,
            container=self.root,
            default_selection=self._labels[self.index],
        )
        right = pygame.Rect(
            list_rect.right + gap, content.y, content.right - list_rect.right - gap, content.h
        )
        note_h = max(self.px(70), min(self.px(110), right.h // 5))
        self.chart_rect = pygame.Rect(right.x, right.y, right.w, right.h - note_h - gap)
        self.note_box = textbox(
            self,
            pygame.Rect(right.x, self.chart_rect.bottom + gap, right.w, note_h),
            self._note_html(),
        )

    def _note_html(self) -> str:
        fig = self.figure
        if self.campaign is None:
            return "Start or load a campaign to see its charts."
        _, note = self._series()
        parts = [f"<b>{esc(fig.label)}</b>"]
        if note:
            parts.append(f"<font color='#a8a291'>{esc(note)}</font>")
        elif self.show_history:
            parts.append(
                "<font color='#a8a291'>No historical series for this figure: "
                "it has no counterpart in the record, or the record is too thin.</font>"
            )
        return "<br>".join(parts)

    def _has_history(self, key: str) -> bool:
        if self.region is None:
            return has_history(key)
        camp = self.campaign
        if camp is None:
            return False
        return (camp.state.region_ids[self.region], key) in load_region_series()

    # --- actions ---------------------------------------------------------------------
    def select(self, index: int, from_list: bool = False) -> None:
        """Show figure `index`. A click in the list (`from_list`) has already highlighted
        it there: the list is left as it is, so it does not move under the pointer (a
        second click would land on another figure)."""
        self.index = index % len(self.figures)
        self.hover_x = None
        if self.list is not None and not from_list:
            # keep the list's highlight in step with keyboard choices
            for i, item in enumerate(self.list.item_list):
                item["selected"] = i == self.index
            self.list.rebuild_from_changed_theme_data()
            self._scroll_to(self.index)
        if self.note_box is not None:
            self.note_box.set_text(self._note_html())

    def _scroll_to(self, index: int) -> None:
        lst = self.list
        if lst is None or lst.scroll_bar is None:
            return
        n = len(lst.item_list)
        frac = index / max(n, 1)
        sb = lst.scroll_bar
        visible = sb.visible_percentage
        if sb.start_percentage <= frac and frac + 1 / max(n, 1) <= sb.start_percentage + visible:
            return  # already in view: keep the list still
        start = min(max(frac - visible / 2, 0.0), 1.0 - visible)
        sb.set_scroll_from_start_percentage(start)

    def toggle_history(self) -> None:
        self.show_history = not self.show_history
        self.rebuild()

    def toggle_yearly(self) -> None:
        self.yearly = not self.yearly
        self.rebuild()

    # --- events ---------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if (
            event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED
            and self.region_menu is not None
            and event.ui_element is self.region_menu
        ):
            names = self._region_names()
            if event.text in names:
                i = names.index(event.text)
                self.set_region(None if i == 0 else i - 1)
            return True
        if (
            event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION
            and event.ui_element is self.list
        ):
            if event.text in self._labels:
                self.select(self._labels.index(event.text), from_list=True)
            return True
        if super().handle_event(event):
            return True
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_DOWN, pygame.K_j):
                self.select(self.index + 1)
                return True
            if event.key in (pygame.K_UP, pygame.K_k):
                self.select(self.index - 1)
                return True
        if event.type == pygame.MOUSEMOTION:
            geo = self.geo
            if geo is not None and geo.plot.collidepoint(event.pos):
                self.hover_x = geo.px_to_x(event.pos[0])
            else:
                self.hover_x = None
        return False

    # --- drawing ---------------------------------------------------------------------
    def _series(self) -> tuple[list[Series], str]:
        """The lines of the chart shown (made again only when what they show changes:
        a region's seasons are replayed)."""
        camp = self.campaign
        if camp is None:
            return [], ""
        key = (
            id(camp),
            len(camp.history),
            self.region,
            self.figure.key,
            self.yearly,
            self.show_history,
            self.settings.palette,
        )
        if self._series_cache is None or self._series_cache[0] != key:
            self._series_cache = (key, self._make_series(camp))
        return self._series_cache[1]

    def _make_series(self, camp: Campaign) -> tuple[list[Series], str]:
        key = self.figure.key
        if self.region is not None:
            return self._region_series(camp, key)
        series, note = campaign_series(
            camp, key, with_history=self.show_history, colours=series_colours(self.settings.palette)
        )
        if self.yearly:
            yearly = _yearly_series(camp, key, series[0].colour)
            if yearly is not None:
                series[0] = yearly
            else:
                series[0].label = "Your campaign (kept per season only)"
        return series, note

    def _region_series(self, camp: Campaign, key: str) -> tuple[list[Series], str]:
        """The region's line (per season, or per year), the whole country's beside it
        for shares, and what really happened there where the record says."""
        i = self.region
        assert i is not None
        colours = series_colours(self.settings.palette)
        name = camp.state.region_names[i]
        fig = RBY_KEY[key]
        notes = []
        pts = None
        rs = None if self.yearly else region_seasons(camp)
        if rs is not None and rs.problem and fig.yearly_key is not None:
            notes.append(f"Season by season: {rs.problem}; shown per year, as it was kept.")
            rs = None
        if rs is None and fig.yearly_key is not None:  # kept with the campaign
            pts = [
                (float(rec["year"]) + 0.5, float(rec[fig.yearly_key][i]))
                for rec in camp.region_years
                if isinstance(rec.get(fig.yearly_key), list) and i < len(rec[fig.yearly_key])
            ]
            if fig.cumulative:  # deaths so far: the years' deaths added up
                run = 0.0
                pts = [(x, run := run + v) for x, v in pts]
        else:
            rs = rs or region_seasons(camp)
            if rs.problem:
                notes.append(f"Season by season: {rs.problem}.")
            vals = rs.values(key)
            seasonal = _season_points(camp, vals[:, i] if vals.ndim == 2 else [], fig)
            pts = _by_year(seasonal, fig.flow) if self.yearly else seasonal
        yearly = self.yearly or (rs is None)
        label = name if not yearly else f"{name} (yearly)"
        out = [Series(label, pts, colours[0], "line")]
        country = COUNTRY_LINE.get(key)
        if country is not None:
            whole = (
                _yearly_series(camp, country, colours[2])
                if yearly
                else campaign_series(camp, country, with_history=False)[0][0]
            )
            if whole is not None and whole.points:
                whole.label, whole.style, whole.colour = WHOLE_COUNTRY, "dashed", colours[2]
                out.append(whole)
        if yearly:
            notes.insert(
                0,
                f"{name}: one value a year (the year's last season for levels and shares, "
                "the year's sum for deaths in the year).",
            )
        else:
            notes.insert(0, f"{name}: one value a season.")
        hist = load_region_series().get((camp.state.region_ids[i], key))
        if self.show_history:
            if hist is not None:
                line = history_line(hist, camp, colours[1])
                if line is not None:
                    out.append(line)
                notes.append(f"History: {hist.source}. {hist.note}")
            else:
                notes.append(f"{NO_REGIONAL_HISTORY}. {_regional_history_list(camp)}")
        return out, " ".join(notes)

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        camp = self.campaign
        sub = ""
        if camp is not None:
            sub = camp.scenario.name
            if self.region is not None:
                sub = f"{camp.state.region_names[self.region]} · {sub}"
        draw_header(self, surface, "Charts", sub)
        t = self.theme
        draw_text(
            surface,
            t.font(12, "bold"),
            "FIGURE   (◆ with history)",
            t.c("text_dim"),
            (self.list.relative_rect.x if self.list else 0, self.chart_rect.y + self.px(4)),
            max_width=self.list.relative_rect.w if self.list else None,
        )
        if camp is None:
            draw_text(
                surface,
                t.font(18),
                "No campaign is being played.",
                t.c("text_dim"),
                self.chart_rect.center,
                "center",
            )
            return
        series, _ = self._series()
        fig = self.figure
        last = camp.history[-1]
        now = float(last["year"]) + (float(last["season"]) + 1) / 4.0
        self.geo = self._chart.draw(
            surface,
            self.chart_rect,
            series,
            title=fig.label
            if self.region is None
            else f"{camp.state.region_names[self.region]}: {fig.label}",
            unit=fig.unit,
            percent=fig.percent,
            x_range=campaign_span(camp),
            ui_scale=self.theme.scale,
            hover_x=self.hover_x,
            marker=now,
            marker_label="now",
        )
        if self.region is not None and self.show_history and not self._has_history(fig.key):
            # said on the chart itself: History is on, and there is none to draw here
            plot = self.geo.plot
            draw_text(
                surface,
                t.font(12, "italic"),
                NO_REGIONAL_HISTORY + " (see below)",
                t.c("text_dim"),
                (plot.right - self.px(6), plot.bottom - self.px(6)),
                anchor="bottomright",
                max_width=plot.w - self.px(12),
            )


def _season_points(camp: Campaign, values: Any, fig: Any) -> list[tuple[float, float]]:
    """A region's seasonal values (the start, then after each season) dated like the
    country's history rows; a flow (deaths in the season) is the change of its total."""
    rows = camp.history
    vals = [float(v) for v in values]
    if fig.flow:
        return [
            (turn_date(rows[k]), vals[k] - vals[k - 1]) for k in range(1, min(len(vals), len(rows)))
        ]
    return [(turn_date(rows[k]), vals[k]) for k in range(min(len(vals), len(rows)))]


def _by_year(points: list[tuple[float, float]], flow: bool) -> list[tuple[float, float]]:
    """Seasonal points as one a year: a flow summed, a level at the year's last season."""
    years: dict[int, float] = {}
    for date, v in points:
        y = int(date)
        years[y] = years.get(y, 0.0) + v if flow else v
    return [(y + 0.5, v) for y, v in sorted(years.items())]


def _regional_history_list(camp: Campaign) -> str:
    """Which regions the record does give figures for (so the player knows where)."""
    names = dict(zip(camp.state.region_ids, camp.state.region_names, strict=True))
    have = sorted(
        {
            f"{names.get(rid, rid)} ({RBY_KEY[k].label.lower() if k in RBY_KEY else k})"
            for rid, k in load_region_series()
        }
    )
    return "The record has: " + ", ".join(have) + "." if have else ""


def _yearly_series(camp: Campaign, key: str, colour: Any = SERIES_COLOURS[0]) -> Series | None:
    """The player's line from the yearly timeline (stocks at year end, flows summed)."""
    rows = camp.timeline()
    if not rows or key not in rows[0]:
        return None
    pts = [(float(r["year"]) + 0.5, float(r[key])) for r in rows]
    return Series("Your campaign (yearly)", pts, colour, "line")
