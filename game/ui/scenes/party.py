"""The Party: where the player stands, the factions, what each wants and fears.

Standing is the factions' support weighted by their voice; below the ouster
line for too many seasons the player is sidelined. Each faction's card shows
its support, its weight, what it wants and what angers it (from the
scenario), and which of the player's results move it; the last report's
explanation of standing is at the bottom.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.engine.outcome import OUSTED_LEVEL, OUSTED_TURNS
from game.ui.chart_view import Series, campaign_series, campaign_span, draw_chart
from game.ui.palettes import series_colours
from game.ui.people_view import draw_people_row, faction_people
from game.ui.scene import Scene
from game.ui.tooltip import HoverTips
from game.ui.view_common import build_header, draw_header
from game.ui.widgets import draw_text, esc, explanation_lines, textbox, wrap

if TYPE_CHECKING:
    from game.ui.app import App

# the scenario's `likes` keys, as players read them
SIGNAL_NAMES: dict[str, str] = {
    "industry_growth": "fast industrial growth",
    "collectivised": "collectivisation",
    "kulak_tax": "taxing the kulaks",
    "market": "a free grain market",
    "readiness": "war readiness",
    "urban_food": "fed cities",
    "unrest": "unrest in the villages",
    "peasant_trust": "peasants' trust",
    "coercion": "coercion",
    "famine": "famine",
    "voluntary": "voluntary collectives",
    "procurement": "grain procurement",
    "exports": "grain exports",
    "deportations": "deportations",
    "hunger": "hunger",
    "revolutionary_line": "the Comintern's revolutionary line (class against class)",
}


def signal_name(key: str) -> str:
    return SIGNAL_NAMES.get(key, key.replace("_", " "))


class PartyScene(Scene):
    name = "party"

    def __init__(self, app: App, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.cards: list[tuple[str, pygame.Rect]] = []
        self.gauge = pygame.Rect(0, 0, 0, 0)
        self.why_rect = pygame.Rect(0, 0, 0, 0)
        self.chart_rect = pygame.Rect(0, 0, 0, 0)
        self.text_boxes: list[Any] = []
        self.people_rows: dict[str, pygame.Rect] = {}  # faction id -> where its people are drawn
        self.tips = HoverTips()

    def animating(self) -> bool:
        return self.tips.pending()

    # --- data ----------------------------------------------------------------------
    def _factions(self) -> list[tuple[str, dict[str, Any], float]]:
        camp = self.campaign
        if camp is None:
            return []
        st = camp.state
        prefs = st.params.get("factions", {})
        out = [(fid, prefs.get(fid, {"name": fid}), float(st.factions[fid])) for fid in st.factions]
        # the biggest voices first
        out.sort(key=lambda f: -float(f[1].get("weight", 0)))
        return out

    def _total_weight(self) -> float:
        return sum(float(p.get("weight", 0)) for _, p, _ in self._factions()) or 1.0

    # --- layout --------------------------------------------------------------------
    def build(self) -> None:
        content = build_header(self)
        self.text_boxes = []
        px = self.px
        self.gauge = pygame.Rect(content.x, content.y, content.w, px(88))
        facs = self._factions()
        if self.campaign is None or not facs:
            self.why_rect = pygame.Rect(content.x, self.gauge.bottom + px(12), content.w, px(80))
            return
        gap = px(14)
        cards_top = self.gauge.bottom + px(14)
        n = len(facs)
        cols = n if content.w // n >= px(200) else max(1, content.w // px(240))
        rows = (n + cols - 1) // cols
        cw = (content.w - gap * (cols - 1)) // cols
        # each card needs its head and a few lines of aims; the explanation box gives way
        min_card = max(
            self._card_head_height(spec, pygame.Rect(0, 0, cw, 0)) for _, spec, _ in facs
        ) + px(70)
        if any(faction_people(self.campaign.state, fid) for fid, _, _ in facs):
            min_card += px(44)  # the row of the faction's people
        room = content.bottom - cards_top - rows * min_card - gap * (rows - 1) - gap
        why_h = max(px(70), min(max(px(120), int(content.h * 0.24)), room))
        if room < px(90):
            why_h = 0  # no room: the cards matter more (the turn report explains standing too)
        cards_h = content.bottom - why_h - gap - cards_top
        ch = (cards_h - gap * (rows - 1)) // rows
        # tall windows: cards as tall as their text needs, the rest to the history of support
        if why_h:
            ch = min(ch, min_card + px(110))
            why_h = content.bottom - cards_top - rows * ch - gap * rows
        else:
            ch = (content.bottom - cards_top - gap * (rows - 1)) // rows
        self.cards = []
        self.people_rows = {}
        st = self.campaign.state
        for i, (fid, spec, _support) in enumerate(facs):
            r, c = divmod(i, cols)
            rect = pygame.Rect(content.x + c * (cw + gap), cards_top + r * (ch + gap), cw, ch)
            self.cards.append((fid, rect))
            head = self._card_head_height(spec, rect)
            row_h = px(44) if faction_people(st, fid) and rect.h - head >= px(64) else 0
            if row_h:
                self.people_rows[fid] = pygame.Rect(
                    rect.x + px(10), rect.y + head, rect.w - px(20), row_h
                )
            body = pygame.Rect(
                rect.x + px(6),
                rect.y + head + row_h,
                rect.w - px(12),
                rect.h - head - row_h - px(6),
            )
            if body.h > px(30):
                self.text_boxes.append(
                    textbox(self, body, self._faction_html(spec), object_id="@plain_text")
                )
        self.why_rect = pygame.Rect(content.x, content.bottom - why_h, content.w, why_h)
        self.chart_rect = pygame.Rect(0, 0, 0, 0)
        if not why_h:
            return
        if self.why_rect.w >= px(760) and self.why_rect.h >= px(180):
            # support over time beside the explanation
            split = int(self.why_rect.w * 0.42)
            self.chart_rect = pygame.Rect(
                self.why_rect.x + split + gap,
                self.why_rect.y,
                self.why_rect.w - split - gap,
                self.why_rect.h,
            )
            self.why_rect.w = split
        inner = self.why_rect.inflate(-px(12), -px(12))
        inner.y += px(22)
        inner.h -= px(22)
        self.text_boxes.append(textbox(self, inner, self._why_html(), object_id="@plain_text"))

    def _card_head_height(self, spec: dict[str, Any], rect: pygame.Rect) -> int:
        """Name (up to two lines), weight line and support bar."""
        px = self.px
        f = self.theme.font(16, "bold")
        lines = min(2, len(wrap(f, str(spec.get("name", "")), rect.w - px(28))))
        return (
            px(12) + lines * f.get_linesize() + px(8) + self.theme.font(13).get_linesize() + px(34)
        )

    def _faction_html(self, spec: dict[str, Any]) -> str:
        parts = []
        if spec.get("wants"):
            parts.append(f"<font color='#77b36b'><b>Wants:</b></font> {esc(spec['wants'])}")
        if spec.get("angers"):
            parts.append(f"<font color='#d8624f'><b>Angered by:</b></font> {esc(spec['angers'])}")
        likes = spec.get("likes", {})
        pos = [signal_name(k) for k, v in sorted(likes.items(), key=lambda kv: -kv[1]) if v > 0]
        neg = [signal_name(k) for k, v in sorted(likes.items(), key=lambda kv: kv[1]) if v < 0]
        if pos:
            parts.append(f"<font color='#a8a291'>Support rises with {esc(', '.join(pos))}.</font>")
        if neg:
            parts.append(f"<font color='#a8a291'>Support falls with {esc(', '.join(neg))}.</font>")
        return "<br>".join(parts) or "<font color='#a8a291'>No stated aims.</font>"

    def _why_html(self) -> str:
        camp = self.campaign
        rep = getattr(camp, "last_report", None)
        exp = rep.explanations.get("standing") if rep is not None else None
        if exp is None:
            return (
                "<font color='#a8a291'>No season has been played yet. Support moves each season "
                "towards what the factions make of your results.</font>"
            )
        lines = explanation_lines(exp)
        out = [f"<b>{esc(lines[0])}</b>"]
        out += [f"<font color='#a8a291'>{esc(ln.strip())}</font>" for ln in lines[1:]]
        return "<br>".join(out)

    # --- drawing -------------------------------------------------------------------
    def draw_key(self) -> Any:
        camp = self.campaign
        turn = None if camp is None else (id(camp), camp.state.turn, len(camp.history))
        return (turn, tuple(self.gauge), tuple(self.chart_rect), tuple(self.why_rect))

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        camp = self.campaign
        draw_header(self, surface, "The Party", "Support, factions and the ouster line")
        t = self.theme
        if camp is None:
            draw_text(
                surface,
                t.font(18),
                "No campaign is being played.",
                t.c("text_dim"),
                self.gauge.center,
                "center",
            )
            return
        self._draw_gauge(surface)
        facs = {fid: (spec, sup) for fid, spec, sup in self._factions()}
        total = self._total_weight()
        self.tips.clear()
        for fid, rect in self.cards:
            spec, sup = facs[fid]
            self._draw_card(surface, rect, spec, sup, float(spec.get("weight", 0)) / total)
            row = self.people_rows.get(fid)
            if row is not None:
                draw_people_row(
                    surface, t, row, camp.state, faction_people(camp.state, fid), self.tips
                )
        if self.chart_rect.w:
            self._draw_history(surface)
        if not self.why_rect.h:
            return
        self._box(surface, self.why_rect)
        draw_text(
            surface,
            t.font(12, "bold"),
            "WHY SUPPORT STANDS HERE (LAST SEASON)",
            t.c("text_dim"),
            (self.why_rect.x + self.px(12), self.why_rect.y + self.px(8)),
            max_width=self.why_rect.w - self.px(24),
        )

    def draw_after(self, surface: pygame.Surface) -> None:
        super().draw_after(surface)
        self.tips.draw(surface, self.theme)

    def _box(self, surface: pygame.Surface, rect: pygame.Rect, edge: Any = None) -> None:
        t = self.theme
        pygame.draw.rect(surface, t.c("panel"), rect, border_radius=self.px(6))
        pygame.draw.rect(surface, edge or t.c("border"), rect, width=1, border_radius=self.px(6))

    def _draw_gauge(self, surface: pygame.Surface) -> None:
        t = self.theme
        px = self.px
        st = self.campaign.state
        standing = float(st.nat["standing"])
        line = float(st.params.get("ousted_level", OUSTED_LEVEL))
        low = int(st.nat.get("low_standing_turns", 0))
        r = self.gauge
        danger = standing < line
        self._box(surface, r, t.c("bad") if danger else None)
        pad = px(14)
        big = t.font(30, "title")
        val = draw_text(
            surface,
            big,
            f"{standing * 100:.0f} %",
            t.c("bad") if danger else t.c("text"),
            (r.x + pad, r.y + pad - px(2)),
        )
        draw_text(
            surface,
            t.font(13),
            "support in the Party",
            t.c("text_dim"),
            (r.x + pad, val.bottom + px(2)),
            max_width=px(200),
        )
        bar_x = r.x + pad + max(val.w, t.font(13).size("support in the Party")[0]) + px(24)
        bar = pygame.Rect(bar_x, r.y + px(30), r.right - pad - bar_x, px(18))
        pygame.draw.rect(surface, t.c("bg"), bar, border_radius=px(4))
        fill = bar.copy()
        fill.w = int(bar.w * max(0.0, min(1.0, standing)))
        col = t.c("bad") if danger else (t.c("accent") if standing < line + 0.1 else t.c("good"))
        pygame.draw.rect(surface, col, fill, border_radius=px(4))
        pygame.draw.rect(surface, t.c("border"), bar, width=1, border_radius=px(4))
        lx = bar.x + int(bar.w * line)
        pygame.draw.line(surface, t.c("red"), (lx, bar.y - px(6)), (lx, bar.bottom + px(6)), px(3))
        f = t.font(12)
        draw_text(
            surface,
            f,
            f"ouster line {line * 100:.0f} %",
            t.c("bad"),
            (lx, bar.y - px(7)),
            "bottomleft" if lx < bar.centerx else "bottomright",
        )
        if low > 0:
            msg = (
                f"Below the line for {low} of {OUSTED_TURNS} seasons: one more bad stretch "
                "and the Party will sideline you."
            )
            colour = t.c("bad")
        else:
            msg = (
                f"Fall below {line * 100:.0f} % for {OUSTED_TURNS} seasons in a row and "
                "the Party sidelines you."
            )
            colour = t.c("text_dim")
        draw_text(surface, t.font(13), msg, colour, (bar.x, bar.bottom + px(10)), max_width=bar.w)

    def _draw_card(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        spec: dict[str, Any],
        sup: float,
        share: float,
    ) -> None:
        t = self.theme
        px = self.px
        self._box(surface, rect)
        x = rect.x + px(14)
        y = rect.y + px(12)
        f = t.font(16, "bold")
        lines = wrap(f, str(spec.get("name", "")), rect.w - px(28))[:2]
        for ln in lines:
            draw_text(surface, f, ln, t.c("accent"), (x, y), max_width=rect.w - px(28))
            y += f.get_linesize()
        y += px(8)
        fs = t.font(13)
        draw_text(
            surface,
            fs,
            f"Voice in the Party: {share * 100:.0f} %",
            t.c("text_dim"),
            (x, y),
            max_width=rect.w - px(28),
        )
        y += fs.get_linesize() + px(6)
        bar = pygame.Rect(x, y, rect.w - px(28) - px(56), px(14))
        pygame.draw.rect(surface, t.c("bg"), bar, border_radius=px(3))
        fill = bar.copy()
        fill.w = int(bar.w * max(0.0, min(1.0, sup)))
        col = t.c("good") if sup >= 0.55 else t.c("accent") if sup >= 0.4 else t.c("bad")
        pygame.draw.rect(surface, col, fill, border_radius=px(3))
        pygame.draw.rect(surface, t.c("border"), bar, width=1, border_radius=px(3))
        draw_text(
            surface,
            t.font(14, "bold"),
            f"{sup * 100:.0f} %",
            t.c("text"),
            (rect.right - px(14), bar.centery),
            "midright",
        )

    def _draw_history(self, surface: pygame.Surface) -> None:
        camp = self.campaign
        st = camp.state
        series, _ = campaign_series(
            camp, "standing", with_history=False, colours=series_colours(self.settings.palette)
        )
        series[0].label = "Your support"
        x0, x1 = campaign_span(camp)
        line = float(st.params.get("ousted_level", OUSTED_LEVEL))
        series.append(
            Series("Ouster line", [(x0, line), (x1, line)], self.theme.c("red"), width=1.5)
        )
        draw_chart(
            surface,
            self.chart_rect,
            series,
            title="Support in the Party over time",
            percent=True,
            x_range=(x0, x1),
            y_range=(0.0, 1.0),
            ui_scale=self.theme.scale,
        )
