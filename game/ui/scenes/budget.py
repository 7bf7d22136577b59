"""The budget ledger: where this season's investment came from and where it went.

Drawn from the engine's own account of the economy rule (the "budget"
explanation of the last turn report: taxes by stratum, the margin on procured
and exported grain, industry's surplus, and what market prices, credit and
cadres cost), with the investment split as shares of 100 % and what each part
buys. The ledger decides nothing: it reads what the rule computed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.engine.state import SEASONS
from game.ui.scene import Scene
from game.ui.widgets import draw_text, panel, wrap

if TYPE_CHECKING:
    from game.engine.explain import Explanation

# what each part of the investment buys (game/engine/rules/economy.py)
BUYS = {
    "heavy": ("Heavy industry", "the industry index grows about 1.45 points a unit"),
    "machinery": ("Farm machinery", "tractors for the collectives and the MTS"),
    "consumer": ("Consumer goods", "goods peasants can buy with their grain (the scissors)"),
    "defence": ("Defence", "war readiness, more on a larger industrial base"),
}
# the levers' costs in the economy rule's account, and which lever each is
COSTS = {
    "Paying above-market grain prices": "the grain price lever above ×1.00, on market procurement",
    "Credit to collectives": "the state credit lever, per member household",
    "Keeping cadres in the field": "the worker-cadres sent to the villages",
    "Famine relief (grain not sold)": "the famine relief lever: grain given, not sold",
}
SPLIT = {
    "heavy": "To heavy industry",
    "machinery": "To farm machinery",
    "consumer": "To consumer goods",
    "defence": "To defence",
}


def income_rows(explanation: Explanation) -> list[tuple[str, float]]:
    """What the state took in: the rule's added terms that are not a lever's cost."""
    return [
        (f.label, float(f.value))
        for f in getattr(explanation, "factors", [])
        if f.kind == "add" and f.label not in COSTS
    ]


def ledger(explanation: Explanation) -> dict[str, float]:
    """The budget explanation's factors by label."""
    return {f.label: float(f.value) for f in getattr(explanation, "factors", [])}


class BudgetScene(Scene):
    name = "budget"
    overlay = True

    def _box(self) -> pygame.Rect:
        w, h = self.size
        bw = min(w - self.px(40), self.px(900))
        bh = min(h - self.px(40), self.px(660))
        return pygame.Rect((w - bw) // 2, (h - bh) // 2, bw, bh)

    def guide_target(self, target: str) -> pygame.Rect | None:
        """The guide's "read the ledger" step points at its income and costs (or the
        whole box before the ledger is drawn, or when there is none yet)."""
        if target != "ledger":
            return None
        return getattr(self, "ledger_rect", None) or getattr(self, "box", None)

    def build(self) -> None:
        self.box = self._box()
        panel(self, self.box)
        bw, bh = self.px(140), self.px(38)
        self.button(
            pygame.Rect(
                self.box.right - bw - self.px(18), self.box.bottom - bh - self.px(14), bw, bh
            ),
            "Back",
            self.app.pop,
            tooltip="Back to the campaign (Esc)",
            key=pygame.K_ESCAPE,
            object_id="@primary",
        )
        self.hotkey(pygame.K_b, self.app.pop)

    def draw_key(self) -> Any:
        camp = self.campaign
        return (None if camp is None else (id(camp), camp.state.turn), tuple(self.box))

    def draw_after(self, surface: pygame.Surface) -> None:
        t, px = self.theme, self.px
        box = self.box
        pad = px(18)
        x, y = box.x + pad, box.y + pad
        right = box.right - pad
        camp = self.campaign
        report = getattr(camp, "last_report", None) if camp is not None else None
        exp = None if report is None else report.explanations.get("budget")
        st = camp.state if camp is not None else None
        when = "" if st is None else f" — {SEASONS[st.season_index].capitalize()} {st.year}"
        draw_text(surface, t.font(22, "title"), f"Budget{when}", t.c("text"), (x, y))
        y += t.font(22, "title").get_linesize() + px(2)
        if exp is None:
            draw_text(
                surface,
                t.font(14),
                "The ledger is kept from the first season's end: end a turn to see it.",
                t.c("text_dim"),
                (x, y + px(10)),
            )
            super().draw_after(surface)
            return
        led = ledger(exp)
        small, f, bold = t.font(12), t.font(14), t.font(14, "bold")
        for ln in wrap(
            small,
            "Last season's investment, in the units of the Investment figure: what the "
            "state took in, what its levers cost before anything was invested, and how "
            "the rest was shared out.",
            right - x,
        ):
            draw_text(surface, small, ln, t.c("text_dim"), (x, y))
            y += small.get_linesize()
        y += px(8)
        col = x + (right - x) // 2 + px(10)
        lh = f.get_linesize()

        def row(xx: int, yy: int, w: int, label: str, value: float, dim: bool = False) -> None:
            font = small if dim else f
            colour = t.c("text_dim") if dim else t.c("text")
            draw_text(surface, font, label, colour, (xx, yy), max_width=w - px(70))
            sign = "−" if value < -1e-9 else ""
            draw_text(surface, font, f"{sign}{abs(value):.2f}", colour, (xx + w, yy), "topright")

        w_col = col - x - px(20)
        # income
        draw_text(surface, bold, "INCOME", t.c("accent"), (x, y))
        yy = y + lh + px(2)
        for label, value in income_rows(exp):
            row(x, yy, w_col, label, value)
            yy += lh
            if label == "Agricultural tax":
                for k, v in led.items():
                    if k.startswith("Tax paid by "):
                        row(x + px(14), yy, w_col - px(14), k[len("Tax paid by ") :], v, dim=True)
                        yy += small.get_linesize()
        income = sum(v for _label, v in income_rows(exp))
        pygame.draw.line(surface, t.c("border"), (x, yy + px(2)), (x + w_col, yy + px(2)))
        row(x, yy + px(6), w_col, "Taken in", income)
        # spending before investment
        draw_text(surface, bold, "COSTS OF YOUR LEVERS", t.c("accent"), (col, y))
        ys = y + lh + px(2)
        spent = 0.0
        for label, why in COSTS.items():
            if label not in led:
                continue
            v = -led[label]
            spent += v
            row(col, ys, right - col, label, v)
            ys += lh
            draw_text(
                surface,
                small,
                why,
                t.c("text_dim"),
                (col + px(14), ys),
                max_width=right - col - px(14),
            )
            ys += small.get_linesize() + px(2)
        pygame.draw.line(surface, t.c("border"), (col, ys + px(2)), (right, ys + px(2)))
        row(col, ys + px(6), right - col, "Spent before investing", spent)
        # what the guide points at: the two columns of the ledger
        self.ledger_rect = pygame.Rect(x, y, right - x, max(yy, ys) + lh + px(8) - y)
        y = max(yy, ys) + lh + px(16)
        total = float(exp.value)
        draw_text(
            surface,
            t.font(16, "bold"),
            f"Left to invest: {total:.2f}",
            t.c("text"),
            (x, y),
        )
        if income - spent < total - 1e-6:
            draw_text(
                surface,
                small,
                "(never below 0.20: the state keeps a minimum going)",
                t.c("text_dim"),
                (x + px(220), y + px(4)),
            )
        y += t.font(16, "bold").get_linesize() + px(10)
        # the split, as shares of 100 %
        draw_text(surface, bold, "WHERE IT WENT (SHARES OF 100 %)", t.c("accent"), (x, y))
        y += lh + px(4)
        raw = sum(getattr(camp.decisions.policy, "invest", {}).values()) if camp else 1.0
        bar_w = px(160)
        parts = [k for k in BUYS if SPLIT[k] in led]
        # above the Back button; a short window (1280x720 at 150 %) puts what each part
        # buys beside it, in one line, rather than under it and off the panel
        bottom = self.box.bottom - px(70)
        two_lines = y + len(parts) * (lh + small.get_linesize() + px(4)) <= bottom
        for key in parts:
            label, buys = BUYS[key]
            amount = led[SPLIT[key]]
            share = amount / total if total > 0 else 0.0
            bar = pygame.Rect(x, y + px(3), bar_w, lh - px(6))
            pygame.draw.rect(surface, t.c("panel_light"), bar, border_radius=px(2))
            fill = (bar.x, bar.y, int(bar.w * share), bar.h)
            pygame.draw.rect(surface, t.c("accent"), fill, border_radius=px(2))
            text = f"{label}  {share * 100:.0f} %  ({amount:.2f})"
            r = draw_text(surface, f, text, t.c("text"), (x + bar_w + px(10), y))
            if two_lines:
                y += lh
                room = right - x - bar_w - px(10)
                draw_text(
                    surface, small, buys, t.c("text_dim"), (x + bar_w + px(10), y), max_width=room
                )
                y += small.get_linesize() + px(4)
            else:
                bx = r.right + px(10)
                edge = self.box.right - px(190) if y + lh > bottom else right
                draw_text(
                    surface, small, buys, t.c("text_dim"), (bx, y + px(3)), max_width=edge - bx
                )
                y += lh + px(2)
        if abs(raw - 1.0) > 0.005 and y + 2 * small.get_linesize() <= self.box.bottom - px(12):
            note = (
                f"An event left the parts at {raw * 100:.0f} % in all; the budget shares "
                "them in proportion, as the policy column shows (shares of 100 %)."
            )
            for ln in wrap(small, note, self.box.right - px(190) - x):
                draw_text(surface, small, ln, t.c("text_dim"), (x, y))
                y += small.get_linesize()
        super().draw_after(surface)
