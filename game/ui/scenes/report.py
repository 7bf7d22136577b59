"""The turn report: what changed this season, what happened, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.engine.figures import HEADLINE_LABELS
from game.engine.vocab import series_figure
from game.ui.scene import Scene
from game.ui.widgets import draw_text, explanation_lines, fmt_signed, panel, wrap

if TYPE_CHECKING:
    from game.engine.turn import TurnReport
    from game.ui.app import App

# history columns worth a line in the report, in reading order
REPORT_KEYS: list[str] = [
    "collectivised_share",
    "voluntary_share",
    "forced_share",
    "harvest_reported_mt",
    "harvest_true_mt",
    "procurement_mt",
    "grain_reserve_mt",
    "urban_food",
    "industry_index",
    "tractors",
    "cattle_m",
    "horses_m",
    "standing",
    "hunger",
    "unrest",
    "trust",
    "famine_deaths_total_m",
    "deportation_deaths_m",
    "tension",
    "readiness",
]
WHY_KEYS = [
    "harvest_true_mt",
    "harvest_reported_mt",
    "sown_mha",
    "procurement_mt",
    "grain_reserve_mt",
    "budget",
    "readiness",
    "collectivised_share",
    "famine_deaths_total_m",
    "famine_deaths",  # a report without the breakdowns (replayed undescribed) has this
    "deported",
    "households",
    "trust",
    "standing",
    "urban_food",
    "industry_index",
    "report_bias",
    "tension",
    "cattle_m",
    "tractors",
    "cadres",
]
# shown only when the season moved them (most seasons deport no one)
_IF_MOVED = frozenset(("deported", "cadres", "famine_deaths_total_m"))


def _fmt(key: str, v: float) -> str:
    unit = HEADLINE_LABELS.get(key, ("", ""))[1]
    if unit == "%":
        return f"{v * 100:.1f} %"
    if key == "tractors":
        return f"{v:,.0f}".replace(",", "\u202f")
    return f"{v:.2f} {unit}".strip()


def _delta(key: str, d: float) -> str:
    """The change as shown, "0" when it rounds away (never a red "−0.0")."""
    unit = HEADLINE_LABELS.get(key, ("", ""))[1]
    if unit == "%":
        return fmt_signed(d * 100, 1)
    if key == "tractors":
        return fmt_signed(d, 0)
    return fmt_signed(d, 2)


def change_rows(report: TurnReport) -> list[tuple[str, str, str, str, int]]:
    """What a season's report changed: (label, before, after, change, sign), sign +1 for a
    change for the better, -1 for the worse, 0 for neither. (The timeline screen shows
    a past season's report with these too.)"""
    rows: list[tuple[str, str, str, str, int]] = []
    if report is None:
        return rows
    ch = report.changes()
    for key in REPORT_KEYS:
        good = series_figure(key).good
        if key not in ch:
            continue
        a, b = ch[key]
        if abs(b - a) < 1e-4 * max(1.0, abs(a)):
            continue
        delta = _delta(key, b - a)
        if delta == "0":
            continue  # too small to show: not a change worth a row (or a colour)
        sign = 0 if good == 0 else (1 if (b - a) * good > 0 else -1)
        rows.append((HEADLINE_LABELS[key][0], _fmt(key, a), _fmt(key, b), delta, sign))
    return rows


def why_lines(report: TurnReport) -> list[tuple[str, str]]:
    """(text, style) lines: what happened in the season, then why the main figures moved."""
    r = report
    if r is None:
        return [("No turn has been played yet.", "dim")]
    out: list[tuple[str, str]] = []
    if r.events:
        out.append(("What happened", "head"))
        out += [(f"• {e}", "text") for e in r.events]
        out.append(("", "text"))
    out.append(("Why", "head"))
    for key in WHY_KEYS:
        e = r.explanations.get(key)
        if e is None or (key == "famine_deaths" and "famine_deaths_total_m" in r.explanations):
            continue
        if key in _IF_MOVED and not any(f.kind == "add" and f.value for f in e.factors):
            continue
        lines = explanation_lines(e)
        out.append((lines[0], "bold"))
        out += [(ln.strip(), "dim") for ln in lines[1:]]
        out.append(("", "text"))
    return out


class ReportScene(Scene):
    name = "report"
    overlay = True

    def __init__(self, app: App, report: TurnReport | None = None, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.report = report if report is not None else getattr(app.campaign, "last_report", None)
        self.rows = change_rows(self.report)

    def _box(self) -> pygame.Rect:
        w, h = self.size
        bw = min(w - self.px(40), self.px(1100))
        bh = min(h - self.px(40), self.px(640))
        return pygame.Rect((w - bw) // 2, (h - bh) // 2, bw, bh)

    def guide_target(self, target: str) -> pygame.Rect | None:
        """The guide's "read the report" step points at the why."""
        return getattr(self, "why_rect", None) if target == "report" else None

    def keep_clear(self) -> list[pygame.Rect]:
        """The table of what changed: the guide's box goes under it, not on it."""
        if not hasattr(self, "box"):
            return []
        pad = self.px(18)
        top = self.box.y + pad + self.px(48)
        lh = self.theme.font(13).get_linesize() + self.px(3)
        bottom = min(top + (len(self.rows) + 1) * lh, self.box.bottom - pad - self.px(50))
        return [pygame.Rect(self.box.x + pad, top, self.split - 2 * pad, bottom - top)]

    def build(self) -> None:
        box = self._box()
        self.box = box
        pad = self.px(18)
        self.panel = panel(self, box)
        # the table needs ~480 px at 100 %; on narrow boxes it takes more than half
        self.split = max(box.w // 2, min(self.px(500), int(box.w * 0.58)))
        right_x = self.split + pad // 2
        self.why_rect = pygame.Rect(
            box.x + right_x,
            box.y + pad + self.px(44),
            box.w - right_x - pad,
            box.h - self.px(44) - pad * 2 - self.px(50),
        )
        self.why_scroll = 0
        self._why_surf = self._render_why(self.why_rect.w - self.px(16))
        bw, bh = self.px(200), self.px(42)
        self.button(
            pygame.Rect(box.w - pad - bw, box.h - pad - bh, bw, bh),
            "Continue  ⏎",
            self.app.pop,
            object_id="@primary",
            key=pygame.K_ESCAPE,
            container=self.panel,
        )
        self.hotkey(pygame.K_RETURN, self.app.pop)
        self.hotkey(pygame.K_KP_ENTER, self.app.pop)
        self.button(
            pygame.Rect(box.w - 2 * pad - 2 * bw, box.h - pad - bh, bw, bh),
            "Charts",
            lambda: (self.app.pop(), self.app.push("charts")),
            container=self.panel,
        )
        self.focus_index = 0

    def _why_lines(self) -> list[tuple[str, str]]:
        return why_lines(self.report)

    def _render_why(self, width: int) -> pygame.Surface:
        """The right column drawn once onto a tall surface; scrolling blits a window of it
        (a pygame_gui text box took ~100 ms to lay this out)."""
        t = self.theme
        fonts = {
            "head": (t.font(14, "bold"), t.c("accent")),
            "bold": (t.font(13, "bold"), t.c("text")),
            "text": (t.font(13), t.c("text")),
            "dim": (t.font(12), t.c("text_dim")),
        }
        rows: list[tuple[str, pygame.font.Font, tuple[int, int, int], int]] = []
        for text, style in self._why_lines():
            f, col = fonts[style]
            indent = self.px(12) if style == "dim" else 0
            for ln in wrap(f, text, width - indent) if text else [""]:
                rows.append((ln, f, col, indent))
        lh = [f.get_linesize() for _, f, _, _ in rows]
        surf = pygame.Surface((width, max(1, sum(lh) + self.px(8))), pygame.SRCALPHA)
        y = 0
        for (ln, f, col, indent), h in zip(rows, lh, strict=True):
            if ln:
                surf.blit(f.render(ln, True, col), (indent, y))
            y += h
        return surf

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEWHEEL and self.why_rect.collidepoint(pygame.mouse.get_pos()):
            self.scroll_why(-event.y * self.px(40))
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            step = self.why_rect.h - self.px(40)
            self.scroll_why(step if event.key == pygame.K_PAGEDOWN else -step)
            return True
        return super().handle_event(event)

    def scroll_why(self, dy: int) -> None:
        limit = max(0, self._why_surf.get_height() - self.why_rect.h + self.px(12))
        self.why_scroll = min(limit, max(0, self.why_scroll + dy))

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)

    def draw_after(self, surface: pygame.Surface) -> None:
        t = self.theme
        px = self.px
        box = self.box
        pad = px(18)
        title = f"Report: {self.report.date}" if self.report is not None else "Report"
        draw_text(surface, t.font(24, "title"), title, t.c("text"), (box.x + pad, box.y + pad))
        x = box.x + pad
        colw = self.split - pad * 2
        y = box.y + pad + px(48)
        f = t.font(13)
        fb = t.font(13, "bold")
        lh = f.get_linesize() + px(3)
        draw_text(surface, t.font(12, "bold"), "WHAT CHANGED", t.c("text_dim"), (x, y))
        y += lh
        # columns sized to their widest entry; the label gets what is left
        gap = px(10)
        dw = max((f.size(r[3])[0] for r in self.rows), default=0)
        aw = max((fb.size(r[2])[0] for r in self.rows), default=0)
        bw = max((f.size(r[1])[0] for r in self.rows), default=0)
        arrow_w = f.size("→")[0]
        c3 = x + colw  # right edge of the change
        c2 = c3 - dw - gap * 2  # right edge of the new value
        ax = c2 - aw - gap // 2 - arrow_w  # the arrow
        c1 = ax - gap // 2  # right edge of the old value
        label_w = c1 - bw - gap - x
        limit = box.bottom - pad - px(50)
        if not self.rows:
            draw_text(surface, f, "A quiet season: nothing moved much.", t.c("text_dim"), (x, y))
        for label, a, b, d, sign in self.rows:
            if y + lh > limit:
                break
            draw_text(surface, f, label, t.c("text"), (x, y), max_width=max(px(40), label_w))
            draw_text(surface, f, a, t.c("text_dim"), (c1, y), anchor="topright")
            draw_text(surface, f, "→", t.c("text_dim"), (ax, y))
            draw_text(surface, fb, b, t.c("text"), (c2, y), anchor="topright")
            col = t.c("good") if sign > 0 else t.c("bad") if sign < 0 else t.c("accent")
            draw_text(surface, f, d, col, (c3, y), anchor="topright")
            y += lh
        wr = self.why_rect
        pygame.draw.rect(surface, t.c("bg_stripe"), wr, border_radius=px(4))
        pygame.draw.rect(surface, t.c("border"), wr, width=1, border_radius=px(4))
        inner = wr.inflate(-px(16), -px(12))
        surface.blit(
            self._why_surf, inner.topleft, pygame.Rect(0, self.why_scroll, inner.w, inner.h)
        )
        total = self._why_surf.get_height()
        if total > inner.h:  # a thin scroll indicator
            bar_h = max(px(20), inner.h * inner.h // total)
            bar_y = inner.y + (inner.h - bar_h) * self.why_scroll // max(1, total - inner.h)
            pygame.draw.rect(
                surface,
                t.c("accent_dark"),
                (wr.right - px(6), bar_y, px(3), bar_h),
                border_radius=2,
            )
        super().draw_after(surface)
