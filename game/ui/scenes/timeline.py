"""The timeline: every past season of the campaign on a strip, and its branches.

Pick a season (click the strip, Left/Right, Home/End) to see the campaign as it
stood at its start: the headline figures, the decisions taken that season and
what the season brought. It is replayed from the log (persistence.replay's
SeasonCache: one season played per step along the strip, a bounded number
kept), never played on: this screen changes nothing. "Branch from here" starts
a new campaign from that season, saved beside the original; the chart overlays
every timeline of the family (this one, the ones it branched from or into) and
history. Up/Down pick the figure.
"""

from __future__ import annotations

from typing import Any

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
from game.ui.view_common import build_header, draw_header
from game.ui.widgets import draw_text, fmt_value

_STRIP_FIGURE = "collectivised_share"


# --- the family of timelines (kept on the app while it runs) ------------------------------
def family(app: Any) -> list[dict[str, Any]]:
    """Timelines of this session other than the one being played: each with its id,
    label, parent ({"id", "turn"} or None), history rows, outcome and score."""
    fam = getattr(app, "timelines", None)
    if fam is None:
        fam = []
        app.timelines = fam
    return fam


def remember(app: Any, camp: Any, label: str) -> None:
    """Keep a timeline's record (before the player leaves it for a branch)."""
    fam = [t for t in family(app) if t["id"] != camp.campaign_id]
    sc = camp.score() if camp.finished else None
    fam.append(
        {
            "id": camp.campaign_id,
            "label": label,
            "parent": camp.parent,
            "history": list(camp.history),
            "outcome": camp.state.outcome,
            "score": None if sc is None else sc.total,
            "famine": float(camp.state.arrays["famine_deaths"].sum()),
        }
    )
    app.timelines = fam


def family_series(app: Any, key: str) -> list[Series]:
    """The other timelines' lines for figure `key` (charts overlay them)."""
    out = []
    for k, tl in enumerate(family(app)):
        pts = [(turn_date(r), float(r[key])) for r in tl["history"] if key in r]
        colour = SERIES_COLOURS[(k + 2) % len(SERIES_COLOURS)]
        out.append(Series(tl["label"], pts, colour, "line", width=2.0))
    return out


def timeline_label(camp: Any) -> str:
    if camp.parent:
        return f"Branch of turn {camp.parent['turn'] + 1}"
    return "The original"


class TimelineScene(Scene):
    name = "timeline"
    arrow_navigation = False  # the arrows move along the strip

    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        camp = self.campaign
        self.figures = chart_figures()
        keys = [f.key for f in self.figures]
        self.index = keys.index(_STRIP_FIGURE) if _STRIP_FIGURE in keys else 0
        self.selected = max(0, camp.state.turn - 1) if camp is not None else 0
        self.index = self._most_divergent_figure()
        self._cache: Any = None
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
        px = self.px
        self.strip_rect = pygame.Rect(content.x, content.y + px(22), content.w, px(46))
        below = content.y + px(22) + px(46) + px(30)
        info_w = max(px(260), content.w // 3)
        self.chart_rect = pygame.Rect(
            content.x, below, content.w - info_w - px(14), content.bottom - below
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
        self.index = (self.index + step) % len(self.figures)

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
            done = branch(replay_of(camp), self.selected, deck=camp.deck)
        except (SmychkaError, ReplayError) as exc:
            self.app.message("Cannot branch", str(exc))
            return
        remember(self.app, camp, timeline_label(camp))
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
        self._draw_chart(surface, camp)
        self._draw_info(surface, camp, shown)

    def _draw_strip(self, surface: pygame.Surface, camp: Any) -> None:
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
        marks = [tl["parent"] for tl in family(self.app) if tl.get("parent")]
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

    def _series(self, camp: Any) -> list[Series]:
        key = self.figures[self.index].key
        series, _ = campaign_series(
            camp, key, with_history=True, colours=series_colours(self.settings.palette)
        )
        mine = series[0]
        mine.label = f"This timeline ({timeline_label(camp).lower()})"
        return (
            family_series(self.app, key) + series[1:] + [mine]
        )  # this timeline drawn last, on top

    def _most_divergent_figure(self) -> int:
        """With another timeline to compare, the figure where the two differ most."""
        camp = self.campaign
        fam = family(self.app)
        if camp is None or not fam:
            return self.index
        other = {int(r["turn"]): r for r in fam[-1]["history"]}
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

    def _draw_chart(self, surface: pygame.Surface, camp: Any) -> None:
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

    def _draw_info(self, surface: pygame.Surface, camp: Any, shown: Any) -> None:
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
