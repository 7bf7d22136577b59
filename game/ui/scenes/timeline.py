"""The timeline: every past season of the campaign on a strip, and its branches.

Pick a season (click the strip, Left/Right, Home/End) to see the campaign as it
stood at its start: the headline figures and the decisions taken that season
beside one of three views (tabs, or C / M / R): the chart of a figure with every
timeline of the family overlaid, the map of that season, or that season's report
(what changed, what happened and why). It is replayed from the log
(persistence.replay's SeasonCache: one season played per step along the strip, a
bounded number kept), never played on: this screen changes nothing. "Branch from
here" starts a new campaign from that season, saved beside the original; the
branch remembers the timelines of its family (Campaign.relatives, saved with it),
so the overlays survive a restart. Up/Down pick the figure charted or mapped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pygame

from game.errors import SmychkaError
from game.ui.chart_view import (
    Series,
    campaign_series,
    campaign_span,
    chart_figures,
    draw_chart,
    turn_date,
)
from game.ui.palettes import SERIES_COLOURS, series_colours
from game.ui.scene import Scene
from game.ui.scenes.campaign import MAP_FIGURES
from game.ui.scenes.report import change_rows, why_lines
from game.ui.view_common import build_header, draw_header, tab_row
from game.ui.widgets import draw_text, fmt_value, wrap

if TYPE_CHECKING:
    from game.campaign import Campaign, Relative
    from game.engine.turn import TurnReport
    from game.ui.app import App

_STRIP_FIGURE = "collectivised_share"


# --- the family of timelines (Campaign.relatives: saved with the campaign) -----------------
def family(camp: Campaign | None) -> list[Relative]:
    """The other timelines this campaign knows of (game.campaign.Relative), each with a
    label of its own (two branches of the same turn are told apart)."""
    if camp is None:
        return []
    out = []
    seen: dict[str, int] = {camp.timeline_label: 1}
    for rel in camp.relatives:
        n = seen.get(rel.label, 0) + 1
        seen[rel.label] = n
        out.append(rel if n == 1 else replace(rel, label=f"{rel.label} ({n})"))
    return out


def family_series(camp: Campaign | None, key: str) -> list[Series]:
    """The other timelines' lines for figure `key` (charts overlay them)."""
    out = []
    for k, rel in enumerate(family(camp)):
        pts = [(turn_date(r), float(r[key])) for r in rel.history if key in r]
        colour = SERIES_COLOURS[(k + 2) % len(SERIES_COLOURS)]
        out.append(Series(rel.label, pts, colour, "line", width=2.0))
    return out


def timeline_label(camp: Campaign) -> str:
    return camp.timeline_label


VIEWS: tuple[tuple[str, str], ...] = (("chart", "Chart"), ("map", "Map"), ("report", "Report"))


class TimelineScene(Scene):
    name = "timeline"
    arrow_navigation = False  # the arrows move along the strip

    def __init__(self, app: App, view: str = "chart", **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        camp = self.campaign
        self.figures = chart_figures()
        keys = [f.key for f in self.figures]
        self.index = keys.index(_STRIP_FIGURE) if _STRIP_FIGURE in keys else 0
        self.selected = max(0, camp.state.turn - 1) if camp is not None else 0
        self.index = self._most_divergent_figure()
        self.view = view if view in dict(VIEWS) else "chart"
        self.map_index = 0  # into MAP_FIGURES (the campaign screen's picker)
        self._cache: Any = None
        self._map_view: Any = None
        self._map_surf: tuple[Any, pygame.Surface] | None = None
        self._report_surf: tuple[Any, pygame.Surface] | None = None
        self.view_buttons: dict[str, Any] = {}
        self.strip_rect = pygame.Rect(0, 0, 0, 0)
        self.chart_rect = pygame.Rect(0, 0, 0, 0)
        self.info_rect = pygame.Rect(0, 0, 0, 0)

    # --- the replayed seasons -------------------------------------------------------
    @property
    def cache(self) -> Any:
        from game.persistence.replay import SeasonCache, replay_of

        camp = self.campaign
        key = (id(camp), camp.campaign_id, len(camp.log))
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, SeasonCache(replay_of(camp), deck=camp.deck, max_entries=24))
        return self._cache[1]

    def season(self, turn: int) -> Any:
        """The campaign at the start of season `turn` (read-only); the live one for now."""
        camp = self.campaign
        if turn >= camp.state.turn:
            return camp
        return self.cache.at(turn)

    def season_report(self, turn: int) -> Any:
        """The report of season `turn`: what playing it brought (None for the season
        being played, which has not been resolved yet)."""
        camp = self.campaign
        if turn >= camp.state.turn:
            return None
        return self.season(turn + 1).last_report

    # --- layout ---------------------------------------------------------------------
    def build(self) -> None:
        content = build_header(
            self,
            extra=[("Branch from here", self.branch_here, "A new campaign from this season (B)")],
        )
        self.hotkey(pygame.K_b, self.branch_here)
        self.hotkey(pygame.K_LEFT, lambda: self.pick(self.selected - 1))
        self.hotkey(pygame.K_RIGHT, lambda: self.pick(self.selected + 1))
        self.hotkey(pygame.K_HOME, lambda: self.pick(0))
        self.hotkey(pygame.K_END, lambda: self.pick(10**6))
        self.hotkey(pygame.K_UP, lambda: self.pick_figure(-1))
        self.hotkey(pygame.K_DOWN, lambda: self.pick_figure(1))
        self.hotkey(pygame.K_c, lambda: self.set_view("chart"))
        self.hotkey(pygame.K_m, lambda: self.set_view("map"))
        self.hotkey(pygame.K_r, lambda: self.set_view("report"))
        px = self.px
        self.strip_rect = pygame.Rect(content.x, content.y + px(22), content.w, px(46))
        below = content.y + px(22) + px(46) + px(30)
        info_w = max(px(260), content.w // 3)
        tab_h = px(30)
        self.view_buttons = tab_row(
            self,
            content.x,
            below,
            tab_h,
            list(VIEWS),
            self.set_view,
            self.view,
            "What to show of the season picked (C, M, R)",
        )
        top = below + tab_h + px(8)
        self.chart_rect = pygame.Rect(
            content.x, top, content.w - info_w - px(14), content.bottom - top
        )
        self.info_rect = pygame.Rect(
            self.chart_rect.right + px(14), below, info_w, content.bottom - below
        )

    # --- actions ---------------------------------------------------------------------
    def pick(self, turn: int) -> None:
        camp = self.campaign
        if camp is None:
            return
        self.selected = max(0, min(int(turn), camp.state.turn))

    def pick_figure(self, step: int) -> None:
        if self.view == "map":
            self.map_index = (self.map_index + step) % len(MAP_FIGURES)
        else:
            self.index = (self.index + step) % len(self.figures)

    def set_view(self, view: str) -> None:
        self.view = view
        for k, b in self.view_buttons.items():
            b.select() if k == view else b.unselect()

    def branch_here(self) -> None:
        """A new campaign from the selected season, saved beside the original."""
        from game.persistence.replay import ReplayError, branch, replay_of
        from game.ui import session

        camp = self.campaign
        if camp is None:
            return
        try:
            camp.check_may_branch()
            if self.selected >= camp.state.turn:
                raise SmychkaError("pick a past season on the strip to branch from")
            done = branch(replay_of(camp), self.selected, deck=camp.deck, parent=camp)
        except (SmychkaError, ReplayError) as exc:
            self.app.message("Cannot branch", str(exc))
            return
        new = done.campaign
        self.app.campaign = new
        where = session.save(self.app, "named", f"branch-{camp.campaign_id}-turn-{self.selected}")
        self.app.switch("campaign")
        text = f"You are in {new.state.date_label} again, on a new branch."
        if where is not None:
            text += f" It is saved as {where.name}, beside your other saves."
        if done.problems or done.content:
            text += "\n\n" + "\n".join(done.content + done.problems)
        self.app.message("A new branch", text)

    # --- events ---------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if super().handle_event(event):
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            t = self._turn_at(event.pos)
            if t is not None:
                self.pick(t)
                return True
        return False

    def _turn_at(self, pos: tuple[int, int]) -> int | None:
        r = self.strip_rect
        camp = self.campaign
        if camp is None or not r.collidepoint(pos):
            return None
        n = camp.state.end_turn + 1
        return min(int((pos[0] - r.x) / max(r.w, 1) * n), camp.state.turn)

    # --- drawing ---------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        camp = self.campaign
        draw_header(self, surface, "Timeline", timeline_label(camp) if camp else "")
        if camp is None:
            return
        shown = self.season(self.selected)
        self._draw_strip(surface, camp)
        if self.view == "map":
            self._draw_map(surface, shown)
        elif self.view == "report":
            self._draw_report(surface, camp)
        else:
            self._draw_chart(surface, camp)
        self._draw_info(surface, camp, shown)

    def _draw_strip(self, surface: pygame.Surface, camp: Campaign) -> None:
        t, px = self.theme, self.px
        r = self.strip_rect
        st = camp.state
        n = st.end_turn + 1
        cw = r.w / n
        draw_text(
            surface,
            t.font(12, "bold"),
            "SEASONS   (click or Left/Right; Up/Down: the figure charted; colour: households in collectives)",
            t.c("text_dim"),
            (r.x, r.y - px(18)),
        )
        rows = {int(row["turn"]): row for row in camp.history[1:]}
        lo_c, hi_c = (34, 44, 78), (230, 160, 0)
        for i in range(n):
            cell = pygame.Rect(round(r.x + i * cw), r.y, max(1, round(cw) - 1), r.h)
            row = rows.get(i - 1) if i else camp.history[0]
            if i > st.turn:
                pygame.draw.rect(surface, t.c("panel"), cell)
                continue
            v = float(row.get(_STRIP_FIGURE, 0.0)) if row else 0.0
            v = min(max(v, 0.0), 1.0)
            col = tuple(int(a + (b - a) * v) for a, b in zip(lo_c, hi_c, strict=True))
            pygame.draw.rect(surface, col, cell)
        # branch points of the family, and where this timeline left its parent
        marks = [rel.parent for rel in family(camp) if rel.parent]
        if camp.parent:
            marks.append(camp.parent)
        for m in marks:
            x = r.x + (int(m["turn"]) + 0.5) * cw
            pygame.draw.polygon(
                surface,
                t.c("text"),
                [
                    (x, r.bottom + px(2)),
                    (x - px(6), r.bottom + px(12)),
                    (x + px(6), r.bottom + px(12)),
                ],
            )
        sel = pygame.Rect(
            round(r.x + self.selected * cw) - px(2), r.y - px(3), round(cw) + px(3), r.h + px(6)
        )
        pygame.draw.rect(surface, t.c("accent"), sel, max(2, px(3)))
        # years under the strip
        f = t.font(12)
        last_x = -(10**6)
        for i in range(n):
            abs_season = st.start_season + i
            if abs_season % 4 == 0 or i == 0:
                x = r.x + i * cw
                if x - last_x < px(40):
                    continue
                last_x = x
                draw_text(
                    surface,
                    f,
                    str(st.start_year + abs_season // 4),
                    t.c("text_dim"),
                    (x, r.bottom + px(14)),
                )

    def _series(self, camp: Campaign) -> list[Series]:
        key = self.figures[self.index].key
        series, _ = campaign_series(
            camp, key, with_history=True, colours=series_colours(self.settings.palette)
        )
        mine = series[0]
        mine.label = f"This timeline ({timeline_label(camp).lower()})"
        return family_series(camp, key) + series[1:] + [mine]  # this timeline drawn last, on top

    def _most_divergent_figure(self) -> int:
        """With another timeline to compare, the figure where the two differ most."""
        camp = self.campaign
        fam = family(camp)
        if camp is None or not fam:
            return self.index
        other = {int(r["turn"]): r for r in fam[-1].history}
        best, best_gap = self.index, 0.0
        for i, fig in enumerate(self.figures):
            gap, span = 0.0, 1e-9
            for r in camp.history:
                o = other.get(int(r["turn"]))
                if o is None or fig.key not in r or fig.key not in o:
                    continue
                a, b = float(r[fig.key]), float(o[fig.key])
                gap = max(gap, abs(a - b))
                span = max(span, abs(a), abs(b))
            if gap / span > best_gap:
                best, best_gap = i, gap / span
        return best

    def _draw_chart(self, surface: pygame.Surface, camp: Campaign) -> None:
        fig = self.figures[self.index]
        st = camp.state
        marker = st.start_year + (st.start_season + self.selected) / 4.0
        draw_chart(
            surface,
            self.chart_rect,
            self._series(camp),
            title=fig.label,
            unit=fig.unit,
            percent=fig.percent,
            x_range=campaign_span(camp),
            ui_scale=self.theme.scale,
            marker=marker,
            marker_label="picked",
        )

    def view_rect(self) -> pygame.Rect:
        """Where the map or the report is drawn: the chart's place, under a title line."""
        r = self.chart_rect
        top = r.y + self.theme.font(15, "bold").get_linesize() + self.px(6)
        return pygame.Rect(r.x, top, r.w, r.bottom - top)

    def _view_title(self, surface: pygame.Surface, text: str) -> pygame.Rect:
        """A title line over the view; returns the rect left under it."""
        r = self.chart_rect
        f = self.theme.font(15, "bold")
        draw_text(surface, f, text, self.theme.c("text"), (r.x, r.y), max_width=r.w)
        return self.view_rect()

    @staticmethod
    def map_figures() -> list[tuple[str, str]]:
        return list(MAP_FIGURES)

    def map_figure(self) -> tuple[str, str]:
        return MAP_FIGURES[self.map_index % len(MAP_FIGURES)]

    def _draw_map(self, surface: pygame.Surface, shown: Campaign) -> None:
        """The map of the season picked, as the campaign screen draws it then."""
        from game.ui.map_view import MapView, map_layer, render_layer

        st = shown.state
        fig, label = self.map_figure()
        area = self._view_title(surface, f"{label}, {st.date_label} (Up/Down: the figure)")
        key = (self.selected, st.turn, fig, area.size, self.settings.palette, self.theme.scale)
        if self._map_surf is None or self._map_surf[0] != key:
            if self._map_view is None or self._map_view.region_ids != st.region_ids:
                self._map_view = MapView.from_state(st, self.theme)
            self._map_view.theme = self.theme
            surf = render_layer(
                self._map_view, st, map_layer(st, fig), area.size, self.theme, self.settings.palette
            )
            self._map_surf = (key, surf)
        surface.blit(self._map_surf[1], area.topleft)

    def _draw_report(self, surface: pygame.Surface, camp: Campaign) -> None:
        """The report of the season picked: what changed, what happened and why."""
        rep = self.season_report(self.selected)
        when = self.season(self.selected).state.date_label
        if rep is None:
            self._view_title(surface, f"{when}: the season being played")
            area = self.chart_rect
            draw_text(
                surface,
                self.theme.font(14, "italic"),
                "Its report comes when the turn ends.",
                self.theme.c("text_dim"),
                (area.x, area.y + self.px(30)),
            )
            return
        area = self._view_title(surface, f"Report: {rep.date}")
        key = (self.selected, rep.date, area.size, self.theme.scale)
        if self._report_surf is None or self._report_surf[0] != key:
            self._report_surf = (key, self._render_report(rep, area.size))
        surface.blit(self._report_surf[1], area.topleft)

    def _render_report(self, rep: TurnReport, size: tuple[int, int]) -> pygame.Surface:
        t, px = self.theme, self.px
        w, h = size
        surf = pygame.Surface(size, pygame.SRCALPHA)
        gap = px(16)
        left_w = min(px(420), (w - gap) // 2)
        f, fb = t.font(13), t.font(13, "bold")
        lh = f.get_linesize() + px(2)
        draw_text(surf, t.font(12, "bold"), "WHAT CHANGED", t.c("text_dim"), (0, 0))
        y = lh
        rows = change_rows(rep)
        if not rows:
            draw_text(surf, f, "A quiet season: nothing moved much.", t.c("text_dim"), (0, y))
        # columns sized to their widest entry (as the report screen does)
        cgap = px(10)
        c3 = left_w
        c2 = c3 - max((f.size(r[3])[0] for r in rows), default=0) - cgap
        c1 = c2 - max((fb.size(r[2])[0] for r in rows), default=0) - cgap
        label_w = c1 - max((f.size(r[1])[0] for r in rows), default=0) - cgap
        for label, a, b, d, sign in rows:
            if y + lh > h:
                break
            draw_text(surf, f, label, t.c("text"), (0, y), max_width=max(px(40), label_w))
            draw_text(surf, f, a, t.c("text_dim"), (c1, y), "topright")
            draw_text(surf, fb, b, t.c("text"), (c2, y), "topright")
            col = t.c("good") if sign > 0 else t.c("bad") if sign < 0 else t.c("accent")
            draw_text(surf, f, d, col, (c3, y), "topright")
            y += lh
        x = left_w + gap
        right_w = w - x
        fonts = {
            "head": (t.font(14, "bold"), t.c("accent")),
            "bold": (t.font(13, "bold"), t.c("text")),
            "text": (t.font(13), t.c("text")),
            "dim": (t.font(12), t.c("text_dim")),
        }
        y = 0
        for text, style in why_lines(rep):
            fnt, col = fonts[style]
            indent = px(12) if style == "dim" else 0
            for ln in wrap(fnt, text, right_w - indent) if text else [""]:
                if y + fnt.get_linesize() > h:
                    return surf
                if ln:
                    surf.blit(fnt.render(ln, True, col), (x + indent, y))
                y += fnt.get_linesize()
        return surf

    def _draw_info(self, surface: pygame.Surface, camp: Campaign, shown: Campaign) -> None:
        from game.engine.figures import HEADLINE_LABELS, headline

        t, px = self.theme, self.px
        r = self.info_rect
        pygame.draw.rect(surface, t.c("panel"), r, border_radius=px(6))
        x, y = r.x + px(12), r.y + px(10)
        w = r.w - px(24)
        st = shown.state
        title = f"{st.date_label} (turn {st.turn + 1})"
        draw_text(surface, t.font(18, "title"), title, t.c("text"), (x, y), max_width=w)
        y += px(30)
        now = "the season being played" if shown is camp else "as it stood: replayed, read-only"
        draw_text(surface, t.font(12, "italic"), now, t.c("text_dim"), (x, y), max_width=w)
        y += px(24)
        f = t.font(14)
        values = headline(st)
        for key, (label, unit) in HEADLINE_LABELS.items():
            if key not in values or y > r.bottom - px(90):
                continue
            draw_text(surface, f, label, t.c("text"), (x, y), max_width=w - px(90))
            draw_text(
                surface, f, fmt_value(values[key], unit), t.c("accent"), (x + w, y), "topright"
            )
            y += px(20)
        y += px(8)
        entry = camp.log[self.selected] if self.selected < len(camp.log) else None
        if entry is not None:
            pol = entry["decisions"]["policy"]
            cards = len(entry.get("cards", []))
            text = (
                f"Decided: quota {float(pol.get('quota', 0)) * 100:.0f} %, path {pol.get('path', '?')}"
                f"; {cards} card{'s' if cards != 1 else ''} answered"
            )
            draw_text(surface, t.font(13), text, t.c("text_dim"), (x, y), max_width=w)
