"""Where a widget's tooltip goes, and how wide it is.

pygame_gui (0.6.14) puts a tooltip below its widget with its left edge at the pointer;
when that does not fit it moves it above, and when it runs past the right edge it is
pushed left until it touches the window's edge, or, wider than the room, to the far
left (`UITooltip.find_valid_position`). Its width is the wrap width, fixed, so a three-
word help gets a box as wide as a paragraph. Here every widget's tooltip (they are all
made by `UIManager.create_tool_tip`) is sized to its text, up to the wrap width, and laid
beside its widget: below or above it, starting at the pointer or ending at it, else to
its right or left; only a tip that fits none of these is slid, as little as it takes,
into the window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.core.interfaces import IUIElementInterface, IUITooltipInterface
from pygame_gui.elements import UITooltip


def place_beside(
    size: tuple[int, int],
    anchor: pygame.Rect,
    pointer_x: int,
    window: pygame.Rect,
    gap: int = 0,
    avoid: Sequence[pygame.Rect] = (),
    keep_clear: Sequence[pygame.Rect] = (),
) -> pygame.Rect:
    """The rect of a tip of `size` for the widget `anchor` under the pointer at
    `pointer_x`: the first of these that lies wholly inside `window` and clear of the
    widget: below it from the pointer rightwards, below it ending at the pointer, the same
    two above it, right of it, left of it (those two as high as the widget, moved up or
    down to fit). Of those, the first that covers none of the rects in `avoid` (the other
    controls: a tip under a button of a list would hide the next one), else the one that
    covers the least of them; one on `keep_clear` (an event card) only if all are. A tip that fits none goes below or above the widget, whichever has more
    room, slid into the window."""
    w, h = size
    below, above = anchor.bottom + gap, anchor.top - gap - h
    x_right, x_left = pointer_x, pointer_x - w
    y_side = min(max(anchor.top, window.top), window.bottom - h)
    candidates = [
        (x_right, below),
        (x_left, below),
        (x_right, above),
        (x_left, above),
        (anchor.right + gap, y_side),
        (anchor.left - gap - w, y_side),
    ]
    fitting = [r for r in (pygame.Rect(x, y, w, h) for x, y in candidates) if window.contains(r)]
    fitting = [r for r in fitting if r.collidelist(list(keep_clear)) < 0] or fitting
    if fitting:  # the first that covers the least of the other controls (none, mostly)
        return min(fitting, key=lambda r: sum(_area(r.clip(a)) for a in avoid))
    room_below, room_above = window.bottom - anchor.bottom, anchor.top - window.top
    r = pygame.Rect(x_right, below if room_below >= room_above else above, w, h)
    if r.right > window.right:  # slide left, no further than it must
        r.x = max(window.left, min(x_left, window.right - w))
    return r.clamp(window) if w <= window.w and h <= window.h else r


def fitted_width(tip: UITooltip, wrap: int, padding: int) -> int:
    """The width `tip` (laid out `wrap` wide) needs: its longest row and the padding."""
    block = tip.text_block
    if block is None or block.text_box_layout is None:
        return wrap
    rows = block.text_box_layout.layout_rows
    natural = max((int(r.width) for r in rows), default=0)
    return max(padding + 8, min(wrap, natural + padding))


_CONTROLS = (
    pygame_gui.elements.UIButton,
    pygame_gui.elements.UIHorizontalSlider,
    pygame_gui.elements.UIDropDownMenu,
    pygame_gui.elements.UITextEntryLine,
)


def _area(r: pygame.Rect) -> int:
    return r.w * r.h


def control_rects(manager: pygame_gui.UIManager) -> list[pygame.Rect]:
    """The visible part of every control on screen (a button scrolled out of its
    container's view is not there)."""
    out = []
    for el in manager.get_sprite_group().sprites():
        if not isinstance(el, _CONTROLS) or not el.alive() or not el.visible:
            continue
        r = pygame.Rect(el.get_abs_rect())
        box = el.ui_container
        while box is not None and r.w > 0 and r.h > 0:
            r = r.clip(box.get_rect())
            box = box.ui_container if box.ui_container is not box else None
        if r.w > 0 and r.h > 0:
            out.append(r)
    return out


class PlacedTooltip(UITooltip):
    """A UITooltip laid beside the widget it belongs to (see `place_beside`)."""

    def find_valid_position(self, position: pygame.math.Vector2 | tuple[int, int]) -> bool:
        owner = self.parent_element
        window = self.ui_manager.get_root_container().get_rect()
        if owner is None:  # no widget to sit beside: the pointer is the anchor
            anchor = pygame.Rect(int(position[0]), int(position[1]), 1, 1)
        else:
            anchor = pygame.Rect(owner.get_abs_rect())
        avoid = [r for r in control_rects(self.ui_manager) if not r.colliderect(anchor)]
        manager = self.ui_manager
        clear = manager.keep_clear() if isinstance(manager, GameUIManager) else []
        self.rect = place_beside(
            self.rect.size, anchor, int(position[0]), window, gap=2, avoid=avoid, keep_clear=clear
        )
        self.relative_rect = self.rect.copy()
        if self.text_block is not None:
            self.text_block.set_position(self.rect.topleft)
        return window.contains(self.rect)


class GameUIManager(pygame_gui.UIManager):
    """The UIManager of the game: its widgets' tooltips fit their text and sit beside
    their widget. `wrap` is the widest a tip may be and `padding` what its box adds to
    its text."""

    def __init__(
        self,
        size: tuple[int, int],
        theme: dict[str, Any],
        wrap: int,
        padding: int,
    ) -> None:
        super().__init__(size, theme_path=theme)
        self.tip_wrap = wrap
        self.tip_padding = padding
        # what a tip should not lie on (the App: the top screen's event card)
        self.keep_clear: Callable[[], list[pygame.Rect]] = list

    def create_tool_tip(
        self,
        text: str,
        position: tuple[int, int],
        hover_distance: tuple[int, int],
        parent_element: IUIElementInterface,
        object_id: ObjectID | None,
        *,
        wrap_width: int | None = None,
        text_kwargs: dict[str, str] | None = None,
    ) -> IUITooltipInterface:
        wrap = wrap_width or self.tip_wrap

        def make(width: int) -> PlacedTooltip:
            return PlacedTooltip(
                text,
                hover_distance,
                self,
                text_kwargs=text_kwargs,
                parent_element=parent_element,
                object_id=object_id,
                wrap_width=width,
            )

        # laid out at the widest first, then as wide as its longest row: pygame_gui's
        # own layout is the only measure that does not wrap a last word (it lays the
        # text out word by word, wider than a font measures the line)
        tip = make(wrap)
        need = fitted_width(tip, wrap, self.tip_padding)
        if need < wrap:
            tip.kill()
            tip = make(need)
        tip.find_valid_position(pygame.math.Vector2(position[0], position[1]))
        return tip
