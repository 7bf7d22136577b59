"""The event card in front of the player: drawn on parchment, options clickable.

Drawn by hand (not pygame_gui) so long option texts wrap and each option can
show its generated preview under it. `CardView.layout()` computes every rect
once per card/size; `hit()` maps a click to an option or a card button.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pygame

from game.ui.widgets import wrap

if TYPE_CHECKING:
    from game.ui.theme import Theme

INK = (42, 36, 26)
INK_DIM = (104, 90, 66)
PAPER = (239, 229, 204)
PAPER_EDGE = (140, 101, 35)
OPTION_BG = (228, 214, 180)
OPTION_HOVER = (246, 226, 170)


@dataclass
class CardLayout:
    rect: pygame.Rect
    options: list[tuple[pygame.Rect, int]] = field(default_factory=list)  # (rect, option index)
    note_button: pygame.Rect | None = None
    later_button: pygame.Rect | None = None
    lines: list[tuple[str, str, tuple[int, int]]] = field(default_factory=list)  # text, style, pos
    body_rect: pygame.Rect | None = None  # where the body text lies (wheel scrolls it)
    body_first: int = 0  # first body line shown
    body_shown: int = 0  # lines shown
    body_total: int = 0  # lines in all


def _opt_attr(opt: Any, name: str, default: Any) -> Any:
    return getattr(opt, name, default)


class CardView:
    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.show_note = False
        self.layout_: CardLayout | None = None
        self._key: Any = None
        self.body_scroll = 0  # body lines scrolled past (long texts in small windows)
        self._text_key: Any = None

    def scroll_body(self, lines: int) -> bool:
        """Scroll the body text by `lines` (negative: up). False if it does not scroll."""
        lay = self.layout_
        if lay is None or lay.body_total <= lay.body_shown:
            return False
        most = lay.body_total - lay.body_shown
        new = max(0, min(most, self.body_scroll + lines))
        self.body_scroll = new
        return True

    def body_hidden(self) -> int:
        """Body lines not on screen (0: the whole text is visible)."""
        lay = self.layout_
        return 0 if lay is None else max(0, lay.body_total - lay.body_shown)

    def layout(self, area: pygame.Rect, inst: Any, count: int) -> CardLayout:
        text_key = (id(inst), self.show_note)
        if text_key != self._text_key:  # another card, or the note: start at the top
            self._text_key = text_key
            self.body_scroll = 0
        key = (tuple(area), id(inst), self.show_note, count, self.theme.scale, self.body_scroll)
        if self._key == key and self.layout_ is not None:
            return self.layout_
        # shorten the body until the whole card fits the area (small windows, big UI scale)
        cut = 0
        previews = True
        while True:
            lay = self._layout(area, inst, count, cut, previews)
            if lay.rect.h <= area.h - self.theme.px(8):
                break
            if cut > 60:
                if not previews:
                    break
                previews, cut = False, 0  # last resort: previews only in the tooltips
            cut += 1
        self.layout_ = lay
        self._key = key
        return lay

    def _layout(
        self, area: pygame.Rect, inst: Any, count: int, cut: int, previews: bool = True
    ) -> CardLayout:
        t = self.theme
        px = t.px
        w = min(area.w - px(24), px(620))
        pad = px(18)
        inner = w - 2 * pad
        card = inst.card
        lines: list[tuple[str, str, tuple[int, int]]] = []
        y = pad
        kind = str(getattr(card, "kind", "event")).replace("_", " ").capitalize()
        date = str(getattr(card, "date", "") or "")
        head = f"{kind}" + (f"  ·  {date}" if date else "")
        if count > 1:
            head += f"  ·  1 of {count} cards"
        lines.append((head, "small", (pad, y)))
        y += t.font(12).get_linesize() + px(2)
        for ln in wrap(t.font(22, "title"), str(card.title), inner):
            lines.append((ln, "title", (pad, y)))
            y += t.font(22, "title").get_linesize()
        y += px(6)
        body = str(card.history if self.show_note else card.body)
        if self.show_note:
            src = str(getattr(card, "source", "") or "")
            if src:
                body += f"\n\nSource: {src}"
        body_font = t.font(14, "italic" if self.show_note else "regular")
        body_lines = wrap(body_font, body, inner)
        max_body = max(3, (area.h - px(300)) // body_font.get_linesize() - cut)
        # a body longer than the room scrolls (mouse wheel, PgUp/PgDn) instead of being cut
        total = len(body_lines)
        first = max(0, min(self.body_scroll, total - max_body))
        body_lines = body_lines[first : first + max_body]
        body_y = y
        for ln in body_lines:
            lines.append((ln, "note" if self.show_note else "body", (pad, y)))
            y += body_font.get_linesize()
        body_box = pygame.Rect(pad, body_y, inner, y - body_y)
        y += px(10)
        opts: list[tuple[pygame.Rect, int, list[str], list[str]]] = []
        of = t.font(14, "bold")
        pf = t.font(12)
        for n, opt in enumerate(inst.options[:4]):
            text_lines = wrap(of, f"{_opt_attr(opt, 'text', '')}", inner - px(44))
            prev = [str(p) for p in _opt_attr(opt, "preview", [])][:3] if previews else []
            prev_lines: list[str] = []
            for p in prev:
                prev_lines += wrap(pf, p, inner - px(44))
            h = len(text_lines) * of.get_linesize() + len(prev_lines) * pf.get_linesize() + px(14)
            opts.append((pygame.Rect(pad, y, inner, h), n, text_lines, prev_lines))
            y += h + px(6)
        y += px(6)
        bh = px(30)
        note_r = pygame.Rect(pad, y, px(170), bh)
        later_r = pygame.Rect(w - pad - px(150), y, px(150), bh)
        y += bh + pad
        h = y
        x0 = area.x + (area.w - w) // 2
        y0 = area.y + max(px(8), (area.h - h) // 2)
        rect = pygame.Rect(x0, y0, w, h)
        lay = CardLayout(rect)
        lay.body_rect = body_box.move(x0, y0)
        lay.body_first, lay.body_shown, lay.body_total = first, len(body_lines), total
        lay.lines = [(s, st, (x0 + p[0], y0 + p[1])) for s, st, p in lines]
        for r, n, tl, pl in opts:
            rr = r.move(x0, y0)
            lay.options.append((rr, n))
            yy = rr.y + px(7)
            for s in tl:
                lay.lines.append((s, "option", (rr.x + px(36), yy)))
                yy += of.get_linesize()
            for s in pl:
                lay.lines.append((s, "preview", (rr.x + px(36), yy)))
                yy += pf.get_linesize()
        lay.note_button = note_r.move(x0, y0)
        lay.later_button = later_r.move(x0, y0)
        return lay

    def hit(self, pos: tuple[int, int]) -> str | int | None:
        lay = self.layout_
        if lay is None or not lay.rect.collidepoint(pos):
            return None
        for r, n in lay.options:
            if r.collidepoint(pos):
                return n
        if lay.note_button and lay.note_button.collidepoint(pos):
            return "note"
        if lay.later_button and lay.later_button.collidepoint(pos):
            return "later"
        return "card"

    def draw(self, surface: pygame.Surface, inst: Any, mouse: tuple[int, int]) -> None:
        lay = self.layout_
        if lay is None:
            return
        t = self.theme
        px = t.px
        shadow = lay.rect.move(px(6), px(8))
        sh = pygame.Surface(shadow.size, pygame.SRCALPHA)
        sh.fill((0, 0, 0, 110))
        surface.blit(sh, shadow)
        pygame.draw.rect(surface, PAPER, lay.rect, border_radius=px(6))
        pygame.draw.rect(surface, PAPER_EDGE, lay.rect, width=px(2), border_radius=px(6))
        inner = lay.rect.inflate(-px(8), -px(8))
        pygame.draw.rect(surface, (200, 176, 130), inner, width=1, border_radius=px(4))
        for r, n in lay.options:
            hover = r.collidepoint(mouse)
            pygame.draw.rect(surface, OPTION_HOVER if hover else OPTION_BG, r, border_radius=px(4))
            pygame.draw.rect(
                surface,
                PAPER_EDGE if hover else (190, 166, 120),
                r,
                width=1,
                border_radius=px(4),
            )
            badge = pygame.Rect(r.x + px(6), r.y + px(6), px(22), px(22))
            pygame.draw.rect(surface, PAPER_EDGE, badge, border_radius=px(3))
            num = t.font(13, "bold").render(str(n + 1), True, PAPER)
            surface.blit(num, num.get_rect(center=badge.center))
        fonts = {
            "small": (t.font(12), INK_DIM),
            "title": (t.font(22, "title"), INK),
            "body": (t.font(14), INK),
            "note": (t.font(14, "italic"), (70, 52, 30)),
            "option": (t.font(14, "bold"), INK),
            "preview": (t.font(12), INK_DIM),
        }
        for text, style, pos in lay.lines:
            f, col = fonts[style]
            surface.blit(f.render(text, True, col), pos)
        self._draw_body_scrollbar(surface, lay)
        for r, text in (
            (lay.note_button, "Story so far" if self.show_note else "Historical note (H)"),
            (lay.later_button, "Decide later"),
        ):
            if r is None:
                continue
            hover = r.collidepoint(mouse)
            pygame.draw.rect(surface, OPTION_HOVER if hover else OPTION_BG, r, border_radius=px(4))
            pygame.draw.rect(surface, PAPER_EDGE, r, width=1, border_radius=px(4))
            img = t.font(12, "bold").render(text, True, INK)
            surface.blit(img, img.get_rect(center=r.center))

    def _draw_body_scrollbar(self, surface: pygame.Surface, lay: CardLayout) -> None:
        """A thin bar beside a body that scrolls, and a note of the lines below."""
        if lay.body_rect is None or lay.body_total <= lay.body_shown:
            return
        px = self.theme.px
        b = lay.body_rect
        track = pygame.Rect(b.right + px(5), b.y, px(5), b.h)
        pygame.draw.rect(surface, (214, 198, 160), track, border_radius=px(2))
        th = max(px(12), track.h * lay.body_shown // lay.body_total)
        span = lay.body_total - lay.body_shown
        ty = track.y + (track.h - th) * lay.body_first // max(1, span)
        pygame.draw.rect(surface, PAPER_EDGE, (track.x, ty, track.w, th), border_radius=px(2))
        below = lay.body_total - lay.body_first - lay.body_shown
        if below > 0:
            f = self.theme.font(11, "italic")
            more = f"▼ {below} more line{'s' if below > 1 else ''}: scroll"
            img = f.render(more, True, INK_DIM)
            surface.blit(img, img.get_rect(topright=(b.right, lay.rect.y + px(20))))
