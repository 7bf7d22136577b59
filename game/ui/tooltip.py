"""Hover tips for custom-drawn things (map regions, figures, bars).

pygame_gui widgets have their own tooltips; things a scene draws itself
register `(rect, text)` zones each frame and `HoverTips` shows the text of
the zone under the mouse after a short delay.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pygame

from game.ui.widgets import wrap

if TYPE_CHECKING:
    from game.ui.theme import Theme

DELAY_S = 0.35


class HoverTips:
    def __init__(self) -> None:
        self.zones: list[tuple[pygame.Rect, str]] = []
        self._current: str | None = None
        self._since = 0.0
        self.shown: pygame.Rect | None = None  # where the last frame drew a tip (tests)

    def clear(self) -> None:
        self.zones.clear()

    def add(self, rect: pygame.Rect, text: str) -> None:
        self.zones.append((pygame.Rect(rect), text))

    def text_at(self, pos: tuple[int, int]) -> str | None:
        for rect, text in reversed(self.zones):
            if rect.collidepoint(pos):
                return text
        return None

    def pending(self) -> bool:
        """True while a tip is waiting for its delay (the app keeps drawing)."""
        return self._current is not None and time.monotonic() - self._since < DELAY_S + 0.1

    def draw(self, surface: pygame.Surface, theme: Theme, blocked: bool = False) -> None:
        pos = pygame.mouse.get_pos()
        text = None if blocked else self.text_at(pos)
        if text != self._current:
            self._current = text
            self._since = time.monotonic()
        self.shown = None
        if text is None or time.monotonic() - self._since < DELAY_S:
            return
        self.shown = draw_tip(surface, theme, text, pos)


def draw_tip(surface: pygame.Surface, theme: Theme, text: str, pos: tuple[int, int]) -> pygame.Rect:
    font = theme.font(13)
    bold = theme.font(13, "bold")
    maxw = theme.px(380)
    lines: list[tuple[str, pygame.font.Font]] = []
    for i, para in enumerate(text.split("\n")):
        f = bold if i == 0 else font
        for ln in wrap(f, para, maxw):
            lines.append((ln, f))
    lh = font.get_linesize()
    pad = theme.px(8)
    w = max(f.size(ln)[0] for ln, f in lines) + 2 * pad
    h = lh * len(lines) + 2 * pad
    sw, sh = surface.get_size()
    x = min(pos[0] + theme.px(16), sw - w - 4)
    y = pos[1] + theme.px(20)
    if y + h > sh - 4:
        y = max(4, pos[1] - h - theme.px(8))
    box = pygame.Rect(max(4, x), y, w, h)
    pygame.draw.rect(surface, (15, 17, 21), box, border_radius=theme.px(4))
    pygame.draw.rect(surface, theme.c("accent"), box, width=1, border_radius=theme.px(4))
    for i, (ln, f) in enumerate(lines):
        col = theme.c("text") if i else theme.c("accent")
        surface.blit(f.render(ln, True, col), (box.x + pad, box.y + pad + i * lh))
    return box
