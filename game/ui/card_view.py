"""The event card in front of the player: drawn on parchment, options clickable.

Drawn by hand (not pygame_gui) so long option texts wrap and each option can
show its generated preview under it. `CardView.layout()` computes every rect
once per card/size; `hit()` maps a click to an option or a card button.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pygame

from game.ui.widgets import ellipsize, wrap

if TYPE_CHECKING:
    from game.ui.theme import Theme

INK = (42, 36, 26)
INK_DIM = (104, 90, 66)
PAPER = (239, 229, 204)
PAPER_EDGE = (140, 101, 35)
OPTION_BG = (228, 214, 180)
OPTION_HOVER = (246, 226, 170)
COST_INK = (150, 38, 28)
GAIN_INK = (36, 100, 44)
# how a preview line's tone reads on the card: (heading, style)
TONES = (("cost", "Costs", "cost"), ("gain", "Gains", "gain"), ("other", "", "preview"))
POLICY_HEADING = "Sets"


def preview_groups(preview: list[Any]) -> list[tuple[str, str, list[str]]]:
    """An option's effects as (heading, style, items): costs first, then gains, then
    other changes and the policy it sets. Lines without a tone go with "other"."""
    by: dict[str, list[str]] = {}
    for p in preview:
        by.setdefault(str(getattr(p, "tone", "other")), []).append(str(p))
    out = [(head, style, by[tone]) for tone, head, style in TONES if by.get(tone)]
    if by.get("policy"):
        out.append((POLICY_HEADING, "preview", by["policy"]))
    return out


def preview_text(preview: list[Any]) -> list[str]:
    """The effects as sentences: "Costs: a · b", "Gains: c" ... (tooltips, tests)."""
    return [
        (f"{head}: " if head else "") + " · ".join(items)
        for head, _style, items in preview_groups(preview)
    ]


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
    compact: bool = False  # tighter spacing, the buttons in the header row
    clip: pygame.Rect | None = None  # the card scrolls as a whole: what of it is seen
    scroll: int = 0  # pixels of it scrolled past
    scroll_max: int = 0  # 0: it does not scroll


def _scrolled(lay: CardLayout, room: int, offset: int, most: int) -> CardLayout:
    """The layout of a card taller than `room`, moved up by `offset` pixels and seen
    through a window `room` high (its place on screen stays put)."""
    full = lay.rect
    seen = pygame.Rect(full.x, full.y, full.w, room)

    def up(r: pygame.Rect) -> pygame.Rect:
        return r.move(0, -offset)

    out = CardLayout(seen, compact=lay.compact, clip=seen, scroll=offset, scroll_max=most)
    out.options = [(up(r), n) for r, n in lay.options]
    out.note_button = up(lay.note_button) if lay.note_button else None
    out.later_button = up(lay.later_button) if lay.later_button else None
    out.lines = [(s, st, (p[0], p[1] - offset)) for s, st, p in lay.lines]
    out.body_rect = up(lay.body_rect) if lay.body_rect else None
    out.body_first, out.body_shown, out.body_total = 0, lay.body_total, lay.body_total
    return out


def _opt_attr(opt: Any, name: str, default: Any) -> Any:
    return getattr(opt, name, default)


class CardView:
    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.show_note = False
        self.layout_: CardLayout | None = None
        self._key: Any = None
        self.body_scroll = 0  # body lines scrolled past (long texts in small windows)
        self.card_scroll = 0  # pixels of the whole card scrolled past (no room at all)
        self._drawn: tuple[Any, pygame.Surface] | None = None
        self._text_key: Any = None

    def scroll_body(self, lines: int) -> bool:
        """Scroll the body text by `lines` (negative: up). False if it does not scroll."""
        lay = self.layout_
        if lay is not None and lay.scroll_max > 0:  # the whole card scrolls
            step = self.theme.font(14).get_linesize()
            new = max(0, min(lay.scroll_max, self.card_scroll + lines * step))
            self.card_scroll = new
            return True
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
            self.card_scroll = 0
        key = (
            tuple(area),
            id(inst),
            self.show_note,
            count,
            self.theme.scale,
            self.body_scroll,
            self.card_scroll,
        )
        if self._key == key and self.layout_ is not None:
            return self.layout_
        # shorten the body (it scrolls) until the whole card fits the area (small
        # windows, big UI scale); every option keeps all of its effects
        room = area.h - self.theme.px(8)
        for compact in (False, True):  # compact: tighter spacing, buttons in the header
            cut = 0
            while True:
                lay = self._layout(area, inst, count, cut, compact)
                if lay.rect.h <= room or lay.body_shown <= 1:
                    break
                cut += 1
            if lay.rect.h <= room:
                break
        else:
            # too little room even so (1280x720 at 150 %): the whole card, its full text
            # and every option with all of its effects, scrolls inside the area
            lay = self._layout(area, inst, count, 0, True, whole=True)
            most = lay.rect.h - room
            self.card_scroll = max(0, min(self.card_scroll, most))
            lay = _scrolled(lay, room, self.card_scroll, most)
        self.layout_ = lay
        self._key = key
        return lay

    def _layout(
        self,
        area: pygame.Rect,
        inst: Any,
        count: int,
        cut: int,
        compact: bool = False,
        whole: bool = False,
    ) -> CardLayout:
        t = self.theme
        px = t.px
        w = min(area.w - px(24), px(620))
        pad = px(10) if compact else px(18)
        opt_pad = px(8) if compact else px(14)  # option box: height beyond its lines
        gap = px(3) if compact else px(6)
        inner = w - 2 * pad
        card = inst.card
        lines: list[tuple[str, str, tuple[int, int]]] = []
        y = pad
        kind = str(getattr(card, "kind", "event")).replace("_", " ").capitalize()
        date = str(getattr(card, "date", "") or "")
        head = f"{kind}" + (f"  ·  {date}" if date else "")
        if count > 1:
            head += f"  ·  1 of {count} cards"
        bh = px(24) if compact else px(30)
        note_w, later_w = px(170), px(150)
        if compact:  # the two buttons at the right of the header row
            later_r = pygame.Rect(w - pad - later_w, y, later_w, bh)
            note_r = pygame.Rect(later_r.x - px(6) - note_w, y, note_w, bh)
            room = note_r.x - pad - px(6)
            count_s = f"1 of {count}" if count > 1 else ""
            for cand in (  # the count matters more than the card's kind
                head,
                "  ·  ".join(x for x in (kind, date, count_s) if x),
                "  ·  ".join(x for x in (date, count_s) if x),
                count_s or date,
            ):
                if t.font(12).size(cand)[0] <= room:
                    head = cand
                    break
            head = ellipsize(t.font(12), head, room)
            lines.append((head, "small", (pad, y + (bh - t.font(12).get_linesize()) // 2)))
            y += bh + px(2)
        else:
            lines.append((head, "small", (pad, y)))
            y += t.font(12).get_linesize() + px(2)
        title_style = "title_small" if compact else "title"
        title_font = t.font(18 if compact else 22, "title")
        for ln in wrap(title_font, str(card.title), inner):
            lines.append((ln, title_style, (pad, y)))
            y += title_font.get_linesize()
        y += px(2) if compact else px(6)
        body = str(card.history if self.show_note else card.body)
        if self.show_note:
            src = str(getattr(card, "source", "") or "")
            if src:
                body += f"\n\nSource: {src}"
        body_font = t.font(14, "italic" if self.show_note else "regular")
        body_lines = wrap(body_font, body, inner)
        max_body = max(1, (area.h - px(300)) // body_font.get_linesize() - cut)
        if whole:
            max_body = len(wrap(body_font, body, inner))
        # a body longer than the room scrolls (mouse wheel, PgUp/PgDn) instead of being cut
        total = len(body_lines)
        first = max(0, min(self.body_scroll, total - max_body))
        body_lines = body_lines[first : first + max_body]
        body_y = y
        for ln in body_lines:
            lines.append((ln, "note" if self.show_note else "body", (pad, y)))
            y += body_font.get_linesize()
        body_box = pygame.Rect(pad, body_y, inner, y - body_y)
        y += px(4) if compact else px(10)
        opts: list[tuple[pygame.Rect, int, list[str], list[tuple[str, str]]]] = []
        of = t.font(14, "bold")
        pf = t.font(12)
        for n, opt in enumerate(inst.options[:4]):
            text_lines = wrap(of, f"{_opt_attr(opt, 'text', '')}", inner - px(44))
            prev_lines: list[tuple[str, str]] = []  # (text, style)
            for head, style, items in preview_groups(list(_opt_attr(opt, "preview", []))):
                text = (f"{head}: " if head else "") + " · ".join(items)
                prev_lines += [(ln, style) for ln in wrap(pf, text, inner - px(44))]
            h = len(text_lines) * of.get_linesize() + len(prev_lines) * pf.get_linesize() + opt_pad
            opts.append((pygame.Rect(pad, y, inner, h), n, text_lines, prev_lines))
            y += h + gap
        if compact:
            y += pad - gap
        else:
            y += px(6)
            note_r = pygame.Rect(pad, y, note_w, bh)
            later_r = pygame.Rect(w - pad - later_w, y, later_w, bh)
            y += bh + pad
        h = y
        x0 = area.x + (area.w - w) // 2
        y0 = area.y + max(px(8), (area.h - h) // 2)
        rect = pygame.Rect(x0, y0, w, h)
        lay = CardLayout(rect, compact=compact)
        lay.body_rect = body_box.move(x0, y0)
        lay.body_first, lay.body_shown, lay.body_total = first, len(body_lines), total
        lay.lines = [(s, st, (x0 + p[0], y0 + p[1])) for s, st, p in lines]
        for r, n, tl, pl in opts:
            rr = r.move(x0, y0)
            lay.options.append((rr, n))
            yy = rr.y + opt_pad // 2
            for s in tl:
                lay.lines.append((s, "option", (rr.x + px(36), yy)))
                yy += of.get_linesize()
            for s, style in pl:
                lay.lines.append((s, style, (rr.x + px(36), yy)))
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
        """Blit the card, drawn afresh only when its layout or the hovered part changes
        (dozens of text lines cost milliseconds to render at 2560x1440)."""
        lay = self.layout_
        if lay is None:
            return
        hov = self.hit(mouse)
        key = (self._key, hov, lay.scroll)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, self._render(lay, hov))
        surface.blit(self._drawn[1], lay.rect.topleft)

    def _render(self, lay: CardLayout, hov: Any) -> pygame.Surface:
        t = self.theme
        px = t.px
        ox, oy = lay.rect.topleft
        sh_x, sh_y = px(6), px(8)
        out = pygame.Surface((lay.rect.w + sh_x, lay.rect.h + sh_y), pygame.SRCALPHA)
        card = pygame.Rect(0, 0, lay.rect.w, lay.rect.h)
        pygame.draw.rect(out, (0, 0, 0, 110), card.move(sh_x, sh_y), border_radius=px(6))
        pygame.draw.rect(out, PAPER, card, border_radius=px(6))

        def loc(r: pygame.Rect) -> pygame.Rect:
            return r.move(-ox, -oy)

        inner = card.inflate(-px(8), -px(8))
        out.set_clip(inner)  # a card that scrolls as a whole shows only what is inside
        for r, n in lay.options:
            r = loc(r)
            hover = hov == n
            pygame.draw.rect(out, OPTION_HOVER if hover else OPTION_BG, r, border_radius=px(4))
            pygame.draw.rect(
                out, PAPER_EDGE if hover else (190, 166, 120), r, width=1, border_radius=px(4)
            )
            b = px(20) if lay.compact else px(22)
            badge = pygame.Rect(r.x + px(6), r.y + (px(4) if lay.compact else px(6)), b, b)
            pygame.draw.rect(out, PAPER_EDGE, badge, border_radius=px(3))
            num = t.font(13, "bold").render(str(n + 1), True, PAPER)
            out.blit(num, num.get_rect(center=badge.center))
        fonts = {
            "small": (t.font(12), INK_DIM),
            "title": (t.font(22, "title"), INK),
            "title_small": (t.font(18, "title"), INK),
            "body": (t.font(14), INK),
            "note": (t.font(14, "italic"), (70, 52, 30)),
            "option": (t.font(14, "bold"), INK),
            "preview": (t.font(12), INK_DIM),
            "cost": (t.font(12), COST_INK),
            "gain": (t.font(12), GAIN_INK),
        }
        for text, style, pos in lay.lines:
            f, col = fonts[style]
            y = pos[1] - oy
            if -f.get_linesize() < y < card.h:
                out.blit(f.render(text, True, col), (pos[0] - ox, y))
        for r, text, part in (
            (lay.note_button, "Story so far" if self.show_note else "Historical note (H)", "note"),
            (lay.later_button, "Decide later", "later"),
        ):
            if r is None:
                continue
            r = loc(r)
            pygame.draw.rect(
                out, OPTION_HOVER if hov == part else OPTION_BG, r, border_radius=px(4)
            )
            pygame.draw.rect(out, PAPER_EDGE, r, width=1, border_radius=px(4))
            img = t.font(12, "bold").render(text, True, INK)
            out.blit(img, img.get_rect(center=r.center))
        out.set_clip(None)
        pygame.draw.rect(out, PAPER_EDGE, card, width=px(2), border_radius=px(6))
        pygame.draw.rect(out, (200, 176, 130), inner, width=1, border_radius=px(4))
        if lay.scroll_max > 0:
            self._draw_card_scrollbar(out, lay, card)
        else:
            self._draw_body_scrollbar(out, lay, (ox, oy))
        return out

    def _draw_card_scrollbar(self, out: pygame.Surface, lay: CardLayout, card: pygame.Rect) -> None:
        """A bar along the right edge of a card that scrolls as a whole, and what is below."""
        px = self.theme.px
        track = pygame.Rect(card.right - px(11), card.y + px(10), px(5), card.h - px(20))
        pygame.draw.rect(out, (214, 198, 160), track, border_radius=px(2))
        full = card.h + lay.scroll_max
        th = max(px(16), track.h * card.h // full)
        ty = track.y + (track.h - th) * lay.scroll // max(1, lay.scroll_max)
        pygame.draw.rect(out, PAPER_EDGE, (track.x, ty, track.w, th), border_radius=px(2))
        if lay.scroll < lay.scroll_max:
            f = self.theme.font(11, "bold")
            img = f.render("▼ more below: scroll or PgDn", True, PAPER)
            tag = img.get_rect(midbottom=(card.centerx, card.bottom - px(4))).inflate(px(12), px(4))
            pygame.draw.rect(out, PAPER_EDGE, tag, border_radius=px(4))
            out.blit(img, img.get_rect(center=tag.center))

    def _draw_body_scrollbar(
        self, surface: pygame.Surface, lay: CardLayout, origin: tuple[int, int] = (0, 0)
    ) -> None:
        """A thin bar beside a body that scrolls, and a note of the lines below."""
        if lay.body_rect is None or lay.body_total <= lay.body_shown:
            return
        px = self.theme.px
        b = lay.body_rect.move(-origin[0], -origin[1])
        track = pygame.Rect(b.right + px(5), b.y, px(5), b.h)
        pygame.draw.rect(surface, (214, 198, 160), track, border_radius=px(2))
        th = max(px(12), track.h * lay.body_shown // lay.body_total)
        span = lay.body_total - lay.body_shown
        ty = track.y + (track.h - th) * lay.body_first // max(1, span)
        pygame.draw.rect(surface, PAPER_EDGE, (track.x, ty, track.w, th), border_radius=px(2))
        below = lay.body_total - lay.body_first - lay.body_shown
        if below > 0:
            # on the body's last line, at its right end (over the header it sat on the
            # buttons of a compact card)
            f = self.theme.font(11, "italic")
            more = f"▼ {below} more line{'s' if below > 1 else ''}: scroll"
            img = f.render(more, True, INK_DIM)
            where = img.get_rect(bottomright=(b.right, b.bottom))
            surface.fill(PAPER, where.inflate(px(10), px(2)).clip(b.inflate(px(4), 0)))
            surface.blit(img, where)
