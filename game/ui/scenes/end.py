"""The end of a campaign: how it ended, the score, the human cost, and the
player's years against history.

The human cost is always shown in full, beside the historical toll, whatever
the score: the game is about what policies do to people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.engine.outcome import OUTCOMES
from game.ui.chart_view import campaign_series, campaign_span, chart_figures, draw_chart
from game.ui.palettes import series_colours
from game.ui.scene import Scene
from game.ui.view_common import season_date, tab_row
from game.ui.widgets import draw_text, fmt_signed, wrap

if TYPE_CHECKING:
    from game.campaign import Campaign
    from game.engine.outcome import Score
    from game.ui.app import App

SCORE_PARTS: dict[str, tuple[str, str]] = {
    "prosperity": ("Food per head", "The true harvest per person against the start"),
    "livestock": ("Livestock", "Cattle and horses against the start"),
    "collectivised": ("Collectivisation", "Share of households in any collective"),
    "voluntary": ("Voluntary collectives", "Share in self-managed, voluntary collectives"),
    "readiness": ("War readiness", "Army, arms industry and reserves"),
    "industry": ("Industry", "Industrial output against 1928"),
    "human_cost": ("Human cost", "Deaths from famine and in deportation"),
    "war_dead": ("War dead", "Soldiers and civilians killed by the invader"),
    "territory": ("Land lost", "People left in the enemy's hands at the end"),
    "outcome": ("Outcome", "How the campaign ended"),
}
# the player's timeline against history on these figures (buttons above the chart)
END_FIGURES: tuple[tuple[str, str], ...] = (
    ("collectivised_share", "Collectivisation"),
    ("harvest_true_mt", "Harvest"),
    ("famine_deaths_total_m", "Famine deaths"),
    ("cattle_m", "Cattle"),
    ("standing", "Party support"),
)
HISTORY_COST = (
    "History: about 6 million died in the famine of 1931-33 (estimates 5.5-8 M); of 2.3 million "
    "people deported as 'kulaks' in 1930-33, over half a million died. The war of 1941-45 cost "
    "about 27 million Soviet lives (8.7 million soldiers); Ukraine and Belarus were occupied for "
    "two to three years."
)
WAR_FIGURE = ("war_deaths_total_m", "War deaths")


def had_war(camp: Campaign) -> bool:
    return camp is not None and camp.state.nat.get("war_start", 0.0) > 0


def _season_label(date: Any) -> str:
    """`1941-summer` as `Summer 1941`."""
    if not date:
        return "not ended"
    year, _, season = str(date).partition("-")
    return f"{season.capitalize()} {year}"


def cost_rows(camp: Campaign) -> list[tuple[str, str]]:
    """The human cost box: the famine's and deportation's dead, and the war's beside them."""
    st = camp.state
    n = st.nat
    rows = [
        ("Died of hunger", f"{float(st.arrays['famine_deaths'].sum()):.2f} million"),
        ("Died in deportation", f"{float(n['deportation_deaths']):.2f} million"),
        ("Households deported", f"{float(st.arrays['deported'].sum()):.2f} million"),
    ]
    if had_war(camp):
        from game.engine.rules.war import war_summary

        w = war_summary(st) or {}
        rows += [
            ("The war", f"{_season_label(w.get('start'))} – {_season_label(w.get('end'))}"),
            (
                "Killed in the war",
                f"{n['military_deaths'] + n['civilian_deaths']:.1f} million",
            ),
            (
                "  soldiers / civilians",
                f"{n['military_deaths']:.1f} / {n['civilian_deaths']:.1f} M",
            ),
            ("  hunger of the war years", f"{n['war_hunger_deaths']:.1f} million"),
            ("Regions held by the enemy", f"{int(n['max_occupied_regions'])} at the worst"),
        ]
    return rows


class EndScene(Scene):
    name = "end"

    def __init__(self, app: App, figure: str = "collectivised_share", **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.figures = END_FIGURES + ((WAR_FIGURE,) if had_war(self.campaign) else ())
        self.figure = figure if figure in dict(self.figures) else self.figures[0][0]
        self.hero = pygame.Rect(0, 0, 0, 0)
        self.score_rect = pygame.Rect(0, 0, 0, 0)
        self.cost_rect = pygame.Rect(0, 0, 0, 0)
        self.chart_rect = pygame.Rect(0, 0, 0, 0)
        self.land_rect = pygame.Rect(0, 0, 0, 0)
        self.branch_rect = pygame.Rect(0, 0, 0, 0)
        self.fig_buttons: dict[str, Any] = {}
        self.title_size = 34

    # --- layout --------------------------------------------------------------------
    def build(self) -> None:
        w, h = self.size
        px = self.px
        pad = px(20)
        t = self.theme
        self.title_size = 34 if h / t.scale >= 800 else 28
        hero_h = (
            px(16)
            + t.font(13, "bold").get_linesize()
            + t.font(self.title_size, "title").get_linesize()
            + 2 * t.font(16, "italic").get_linesize()
            + px(4)
        )
        self.hero = pygame.Rect(0, 0, w, hero_h)
        bh = px(42)
        bottom = h - pad - bh
        left_w = max(px(330), min(px(480), int((w - 2 * pad) * 0.36)))
        # buttons along the bottom right, under the chart: each as wide as its text needs
        # (at least `least`), narrowed together when the row would reach the left column
        buttons = (
            ("Main menu", self.to_menu, "Back to the main menu (Esc)", "@primary", pygame.K_ESCAPE),
            ("All charts", self.open_charts, "Every figure over time (C)", None, pygame.K_c),
            ("Encyclopedia", self.open_encyclopedia, "The cards you met (E)", None, pygame.K_e),
            ("Timeline", self.open_timeline, "Every season and the branches (T)", None, pygame.K_t),
        )
        room = w - pad - (pad + left_w + px(16))
        font = self.theme.font(16, "bold")
        for least, margin, gap in (
            (px(150), px(32), px(10)),
            (0, px(24), px(8)),
            (0, px(14), px(6)),
        ):
            widths = [max(least, font.size(b[0])[0] + margin) for b in buttons]
            if sum(widths) + gap * (len(widths) - 1) <= room:
                break
        x = w - pad
        for (text, cb, tip, oid, key), bw in zip(buttons, widths, strict=True):
            x -= bw
            self.button(
                pygame.Rect(x, bottom, bw, bh), text, cb, tooltip=tip, object_id=oid, key=key
            )
            x -= gap
        top = self.hero.bottom + px(14)
        # the left column runs to the bottom of the window; the buttons sit under the chart
        cost_h = self._cost_height(left_w)
        n_parts = len(SCORE_PARTS)
        score_need = px(34) + n_parts * px(30) + px(48)
        score_h = min(score_need, h - pad - cost_h - px(12) - top)
        self.score_rect = pygame.Rect(pad, top, left_w, score_h)
        self.cost_rect = pygame.Rect(pad, self.score_rect.bottom + px(12), left_w, cost_h)
        # tall windows: what became of the countryside, start against end, fills the rest
        rest = h - pad - self.cost_rect.bottom - px(12)
        self.land_rect = pygame.Rect(pad, self.cost_rect.bottom + px(12), left_w, rest)
        if rest < px(34) + 3 * self.theme.font(14).get_linesize():
            self.land_rect = pygame.Rect(0, 0, 0, 0)
            self.cost_rect.h = h - pad - self.cost_rect.y
        right = pygame.Rect(
            self.score_rect.right + px(16),
            top,
            w - pad - self.score_rect.right - px(16),
            bottom - px(14) - top,
        )
        # figure buttons above the chart
        fbh = px(32)
        self.fig_buttons = tab_row(
            self,
            right.x,
            right.y,
            fbh,
            list(self.figures),
            self.set_figure,
            self.figure,
            "Your years against history",
            right=right.right,
        )
        chart_top = right.y + fbh + px(10)
        self.chart_rect = pygame.Rect(right.x, chart_top, right.w, right.bottom - chart_top)
        # the timelines of this campaign's family, one row each, under the chart
        self.branch_rect = pygame.Rect(0, 0, 0, 0)
        camp = self.campaign
        n = 1 + len(camp.relatives) if camp is not None and camp.relatives else 0
        if n:
            row = t.font(13).get_linesize() + px(4)
            want = px(30) + row * n + px(8)
            table_h = min(want, max(0, self.chart_rect.h - px(180)))
            if table_h >= px(30) + 2 * row:
                self.branch_rect = pygame.Rect(right.x, right.bottom - table_h, right.w, table_h)
                self.chart_rect.h -= table_h + px(10)

    def _cost_height(self, width: int) -> int:
        t = self.theme
        px = self.px
        lines = len(wrap(t.font(12, "italic"), HISTORY_COST, width - px(28)))
        rows = len(cost_rows(self.campaign)) if self.campaign is not None else 3
        return (
            px(32)
            + rows * (t.font(16, "bold").get_linesize() + px(2))
            + lines * t.font(12, "italic").get_linesize()
            + px(10)
        )

    # --- actions -------------------------------------------------------------------
    def set_figure(self, key: str) -> None:
        self.figure = key
        for k, b in self.fig_buttons.items():
            b.select() if k == key else b.unselect()

    def to_menu(self) -> None:
        self.app.switch("menu")

    def open_charts(self) -> None:
        self.app.push("charts", figure=self.figure)

    def open_timeline(self) -> None:
        self.app.push("timeline")

    def open_encyclopedia(self) -> None:
        self.app.push("encyclopedia")

    # --- drawing -------------------------------------------------------------------
    def _box(self, surface: pygame.Surface, rect: pygame.Rect, edge: Any = None) -> None:
        t = self.theme
        pygame.draw.rect(surface, t.c("panel"), rect, border_radius=self.px(6))
        pygame.draw.rect(surface, edge or t.c("border"), rect, width=1, border_radius=self.px(6))

    def draw_key(self) -> Any:
        camp = self.campaign
        turn = None if camp is None else (id(camp), camp.state.turn)
        rel = None if camp is None else len(camp.relatives)
        return (turn, rel, self.figure, tuple(self.hero), tuple(self.chart_rect))

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        camp = self.campaign
        t = self.theme
        if camp is None:
            draw_text(
                surface,
                t.font(20),
                "No campaign has ended.",
                t.c("text_dim"),
                surface.get_rect().center,
                "center",
            )
            return
        sc = camp.score()
        self._draw_hero(surface, camp, sc)
        self._draw_score(surface, sc)
        self._draw_cost(surface, camp)
        if self.land_rect.h:
            self._draw_land(surface, camp)
        fig = next(f for f in chart_figures() if f.key == self.figure)
        series, _ = campaign_series(
            camp, self.figure, colours=series_colours(self.settings.palette)
        )
        from game.ui.scenes.timeline import family_series

        others = family_series(camp, self.figure)  # the branches of this campaign
        if others:
            series[0].label = camp.timeline_label
        if self.branch_rect.h:
            self._draw_branches(surface, camp, sc)
        draw_chart(
            surface,
            self.chart_rect,
            others + series[1:] + series[:1],
            title=f"{fig.label}: your years"
            + (", your other timelines" if others else "")
            + " and history's",
            unit=fig.unit,
            percent=fig.percent,
            x_range=campaign_span(camp),
            ui_scale=t.scale,
        )

    def _draw_hero(self, surface: pygame.Surface, camp: Campaign, sc: Score) -> None:
        t = self.theme
        px = self.px
        r = self.hero
        top, low = (34, 28, 22), t.c("bg")
        for y in range(r.h):
            f = y / max(1, r.h - 1)
            c = tuple(int(a + (b - a) * f) for a, b in zip(top, low, strict=True))
            pygame.draw.line(surface, c, (0, y), (r.w, y))
        pygame.draw.line(surface, t.c("accent_dark"), (0, r.bottom - 1), (r.w, r.bottom - 1), px(2))
        st = camp.state
        outcome = OUTCOMES.get(st.outcome or "", "Campaign still under way")
        last = camp.history[-1]
        when = season_date(int(last["year"]), int(last["season"]))
        score_w = px(200)
        text_w = r.w - px(40) - score_w - px(20)
        draw_text(
            surface,
            t.font(13, "bold"),
            f"{outcome.upper()}  ·  {when.upper()}  ·  {camp.scenario.name.upper()}",
            t.c("accent"),
            (px(20), px(16)),
            max_width=text_w,
        )
        title = draw_text(
            surface,
            t.font(self.title_size, "title"),
            sc.ending,
            t.c("text"),
            (px(20), px(16) + t.font(13, "bold").get_linesize()),
            max_width=text_w,
        )
        f = t.font(16, "italic")
        for i, line in enumerate(wrap(f, sc.ending_text, text_w)[:2]):
            draw_text(
                surface,
                f,
                line,
                t.c("text_dim"),
                (px(20), title.bottom + i * f.get_linesize()),
                max_width=text_w,
            )
        # the total, right
        sx = r.right - px(20)
        draw_text(surface, t.font(12, "bold"), "SCORE", t.c("text_dim"), (sx, px(18)), "topright")
        colour = t.c("good") if sc.total >= 50 else t.c("accent") if sc.total >= 0 else t.c("bad")
        draw_text(
            surface,
            t.font(44, "title"),
            f"{sc.total:.0f}",
            colour,
            (sx, px(34)),
            "topright",
            max_width=score_w,
        )

    def _draw_score(self, surface: pygame.Surface, sc: Score) -> None:
        t = self.theme
        px = self.px
        r = self.score_rect
        self._box(surface, r)
        draw_text(
            surface,
            t.font(12, "bold"),
            "SCORE BREAKDOWN",
            t.c("text_dim"),
            (r.x + px(14), r.y + px(10)),
        )
        parts = [(k, v) for k, v in sc.parts.items()]
        if not parts:
            return
        top = r.y + px(34)
        avail = r.bottom - px(44) - top
        f = t.font(14)
        if avail // len(parts) >= f.get_linesize() + px(2):
            y = self._score_bars(surface, r, parts, top, min(px(34), avail // len(parts)))
        else:
            y = self._score_grid(surface, r, parts, top, avail)
        pygame.draw.line(
            surface, t.c("border"), (r.x + px(14), y + px(4)), (r.right - px(14), y + px(4)), 1
        )
        draw_text(surface, t.font(15, "bold"), "Total", t.c("text"), (r.x + px(14), y + px(10)))
        draw_text(
            surface,
            t.font(15, "bold"),
            f"{sc.total:.1f}",
            t.c("accent"),
            (r.right - px(14), y + px(10)),
            "topright",
        )

    @staticmethod
    def _part_label(key: str) -> str:
        return SCORE_PARTS.get(key, (key.replace("_", " ").capitalize(), ""))[0]

    def _score_bars(
        self, surface: pygame.Surface, r: pygame.Rect, parts: list, top: int, row_h: int
    ) -> int:
        """One row per part with a bar from a zero line (negative parts to the left)."""
        t = self.theme
        px = self.px
        vmax = max(30.0, max(abs(v) for _, v in parts))
        label_w = int((r.w - px(28)) * 0.42)
        bar_x = r.x + px(14) + label_w
        bar_w = r.right - px(14) - px(52) - bar_x
        zero = bar_x + bar_w // 3
        f = t.font(14)
        y = top
        for key, v in parts:
            mid = y + row_h // 2
            draw_text(
                surface,
                f,
                self._part_label(key),
                t.c("text"),
                (r.x + px(14), mid),
                "midleft",
                max_width=label_w - px(6),
            )
            span = int(abs(v) / vmax * (bar_w * (2 / 3 if v >= 0 else 1 / 3)))
            bar = pygame.Rect(zero if v >= 0 else zero - span, mid - px(6), max(1, span), px(12))
            colour = t.c("good") if v >= 0 else t.c("bad")
            pygame.draw.rect(surface, colour, bar, border_radius=px(3))
            draw_text(
                surface,
                t.font(14, "bold"),
                fmt_signed(v, 0),
                t.c("text"),
                (r.right - px(14), mid),
                "midright",
            )
            y += row_h
        pygame.draw.line(surface, t.c("border"), (zero, top - px(2)), (zero, y), 1)
        return y

    def _score_grid(
        self, surface: pygame.Surface, r: pygame.Rect, parts: list, top: int, avail: int
    ) -> int:
        """Short windows: the parts in two columns, values coloured, no bars."""
        t = self.theme
        px = self.px
        rows = (len(parts) + 1) // 2
        f = t.font(14) if avail // rows >= t.font(14).get_linesize() else t.font(12)
        row_h = max(f.get_linesize(), min(px(30), avail // rows))
        col_w = (r.w - px(28) - px(16)) // 2
        for i, (key, v) in enumerate(parts):
            c, row = divmod(i, rows)
            x = r.x + px(14) + c * (col_w + px(16))
            y = top + row * row_h
            val = fmt_signed(v, 0)
            vw = f.size(val)[0]
            draw_text(
                surface, f, self._part_label(key), t.c("text"), (x, y), max_width=col_w - vw - px(8)
            )
            colour = t.c("good") if v > 0.5 else t.c("bad") if v < -0.5 else t.c("text_dim")
            draw_text(surface, f, val, colour, (x + col_w, y), "topright")
        return top + rows * row_h

    def _draw_cost(self, surface: pygame.Surface, camp: Campaign) -> None:
        t = self.theme
        px = self.px
        r = self.cost_rect
        self._box(surface, r, t.c("red"))
        x = r.x + px(14)
        y = r.y + px(10)
        draw_text(surface, t.font(12, "bold"), "THE HUMAN COST", t.c("bad"), (x, y))
        y += px(22)
        f = t.font(14)
        fb = t.font(16, "bold")
        for label, value in cost_rows(camp):
            draw_text(
                surface,
                f,
                label,
                t.c("text"),
                (x, y + fb.get_linesize() // 2),
                "midleft",
                max_width=r.w // 2,
            )
            draw_text(surface, fb, value, t.c("text"), (r.right - px(14), y), "topright")
            y += fb.get_linesize() + px(2)
        fs = t.font(12, "italic")
        for line in wrap(fs, HISTORY_COST, r.w - px(28)):
            if y + fs.get_linesize() > r.bottom - px(6):
                break
            draw_text(surface, fs, line, t.c("text_dim"), (x, y))
            y += fs.get_linesize()

    def _draw_branches(self, surface: pygame.Surface, camp: Campaign, sc: Score) -> None:
        """This campaign and the other timelines of its family: how each ended (or how
        far it had got), its score and its famine deaths."""
        from game.ui.scenes.timeline import family

        t = self.theme
        px = self.px
        r = self.branch_rect
        self._box(surface, r)
        x = r.x + px(14)
        draw_text(surface, t.font(12, "bold"), "YOUR TIMELINES", t.c("text_dim"), (x, r.y + px(8)))
        f, fb = t.font(13), t.font(13, "bold")
        row_h = f.get_linesize() + px(4)
        col_score = r.right - px(14)
        col_famine = col_score - px(70)
        col_end = x + int((r.w - px(28)) * 0.36)
        heads = ((col_end, "Ended", "topleft"), (col_famine, "Famine", "topright"))
        for cx, label, anchor in heads + ((col_score, "Score", "topright"),):
            draw_text(surface, t.font(12), label, t.c("text_dim"), (cx, r.y + px(8)), anchor)
        mine = {
            "label": f"{camp.timeline_label} (this one)",
            "ended": OUTCOMES.get(camp.state.outcome or "", "under way"),
            "score": sc.total,
            "famine": float(camp.state.arrays["famine_deaths"].sum()),
        }
        rows = [mine] + [
            {
                "label": rel.label,
                "ended": OUTCOMES.get(rel.outcome, rel.outcome)
                if rel.outcome
                else f"under way, {rel.date}",
                "score": rel.score,
                "famine": rel.famine,
            }
            for rel in family(camp)
        ]
        best = max(row["score"] for row in rows)
        y = r.y + px(30)
        for i, row in enumerate(rows):
            if y + row_h > r.bottom - px(4):
                break
            font = fb if i == 0 else f
            draw_text(
                surface, font, row["label"], t.c("text"), (x, y), max_width=col_end - x - px(8)
            )
            draw_text(
                surface,
                f,
                row["ended"],
                t.c("text_dim"),
                (col_end, y),
                max_width=col_famine - px(60) - col_end,
            )
            draw_text(
                surface, f, f"{row['famine']:.2f} M", t.c("text"), (col_famine, y), "topright"
            )
            colour = t.c("good") if row["score"] == best and len(rows) > 1 else t.c("accent")
            draw_text(surface, fb, f"{row['score']:.0f}", colour, (col_score, y), "topright")
            y += row_h

    def _draw_land(self, surface: pygame.Surface, camp: Campaign) -> None:
        """Headline figures at the start and at the end of the campaign."""
        t = self.theme
        px = self.px
        r = self.land_rect
        self._box(surface, r)
        first, last = camp.history[0], camp.history[-1]
        # a history row is dated by the season it closes; the first row is the start
        # position (dated the season before the first one played), so name that season
        y0 = season_date(int(first["year"]) + (int(first["season"]) + 1) // 4, first["season"] + 1)
        y1 = season_date(int(last["year"]), int(last["season"]))
        x = r.x + px(14)
        draw_text(
            surface,
            t.font(12, "bold"),
            f"THE COUNTRYSIDE, {y0.upper()} → {y1.upper()}",
            t.c("text_dim"),
            (x, r.y + px(10)),
            max_width=r.w - px(28),
        )
        f = t.font(14)
        fb = t.font(14, "bold")
        y = r.y + px(34)
        rows = [
            (
                label,
                _fmt_land(float(first.get(key, 0.0)), kind),
                _fmt_land(float(last.get(key, 0.0)), kind),
            )
            for key, label, kind in LAND_ROWS
        ]
        # columns as wide as their widest value ("73.2 Mt → 105.2 Mt" never meets the arrow)
        wa = max(f.size(a)[0] for _l, a, _b in rows)
        wb = max(fb.size(b)[0] for _l, _a, b in rows)
        arrow_w = f.size("→")[0]
        right = r.right - px(14)
        col_arrow = right - wb - px(8) - arrow_w
        col_a = col_arrow - px(8)
        for label, a, b in rows:
            if y + f.get_linesize() > r.bottom - px(8):
                break
            room = col_a - wa - px(8) - x
            draw_text(surface, f, label, t.c("text"), (x, y), max_width=room)
            draw_text(surface, f, a, t.c("text_dim"), (col_a, y), "topright")
            draw_text(surface, f, "→", t.c("text_dim"), (col_arrow, y))
            draw_text(surface, fb, b, t.c("text"), (right, y), "topright")
            y += f.get_linesize() + px(4)


LAND_ROWS: tuple[tuple[str, str, str], ...] = (
    ("collectivised_share", "Households in collectives", "pct"),
    ("voluntary_share", "In voluntary collectives", "pct"),
    ("harvest_true_mt", "True harvest", "mt"),
    ("cattle_m", "Cattle", "m"),
    ("horses_m", "Horses", "m"),
    ("tractors", "Tractors", "k"),
    ("industry_index", "Industry (1928 = 100)", "n"),
    ("trust", "Peasant trust", "pct"),
)


def _fmt_land(v: float, kind: str) -> str:
    if kind == "pct":
        return f"{v * 100:.0f} %"
    if kind == "mt":
        return f"{v:.1f} Mt"
    if kind == "m":
        return f"{v:.1f} M"
    if kind == "k":
        return f"{v / 1000:.0f}k"
    return f"{v:.0f}"
