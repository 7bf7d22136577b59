"""Pieces shared by the full-screen views (charts, Party, encyclopedia, end).

Each view has the same frame: a title band with a subtitle on the left and
the Back button (Esc) on the right, the content below. Keeping it in one place
keeps the views alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.ui.widgets import draw_text

if TYPE_CHECKING:
    from game.ui.scene import Scene


def header_height(scene: Scene) -> int:
    return scene.px(64)


def build_header(
    scene: Scene,
    back: Callable[[], Any] | None = None,
    back_text: str = "Back",
    extra: list[tuple[str, Callable[[], Any], str]] | None = None,
) -> pygame.Rect:
    """Back button (Esc) and optional extra buttons at the top right.
    Returns the content rect below the header."""
    w, h = scene.size
    hh = header_height(scene)
    bw, bh = scene.px(130), scene.px(38)
    x = w - scene.px(16) - bw
    y = (hh - bh) // 2
    scene.button(
        pygame.Rect(x, y, bw, bh),
        f"{back_text}",
        back or scene.app.pop,
        tooltip="Return (Esc)",
        key=pygame.K_ESCAPE,
    )
    for text, cb, tip in extra or []:
        ew = max(scene.px(130), scene.theme.font(15).size(text)[0] + scene.px(28))
        x -= ew + scene.px(10)
        scene.button(pygame.Rect(x, y, ew, bh), text, cb, tooltip=tip)
    pad = scene.px(16)
    return pygame.Rect(pad, hh + scene.px(8), w - 2 * pad, h - hh - scene.px(8) - pad)


def draw_header(scene: Scene, surface: pygame.Surface, title: str, subtitle: str = "") -> None:
    """The title band: drawn under the widgets (call from draw())."""
    t = scene.theme
    w = surface.get_width()
    hh = header_height(scene)
    pygame.draw.rect(surface, t.c("panel"), pygame.Rect(0, 0, w, hh))
    pygame.draw.line(surface, t.c("accent_dark"), (0, hh - 1), (w, hh - 1), max(1, scene.px(2)))
    # leave room for the buttons on the right
    room = int(w * 0.55)
    f_title = t.font(24, "title")
    r = draw_text(
        surface, f_title, title, t.c("text"), (scene.px(20), hh // 2), "midleft", max_width=room
    )
    if subtitle:
        draw_text(
            surface,
            t.font(14, "italic"),
            subtitle,
            t.c("text_dim"),
            (r.right + scene.px(16), hh // 2 + scene.px(3)),
            "midleft",
            max_width=max(0, room - r.w),
        )


def season_date(year: int, season: int) -> str:
    return f"{('Spring', 'Summer', 'Autumn', 'Winter')[season % 4]} {year}"


def turn_label(turn: int, end_turn: int) -> str:
    """ "Turn 5 of 53" for the season being played (`turn` counts the seasons already
    played, from 0); a finished campaign stays on its last season, never "54 of 53"."""
    return f"Turn {min(turn + 1, end_turn)} of {end_turn}"


def seasons_left(n: int) -> str:
    """ "12 seasons left", "1 season left" (this one), "the last season"."""
    if n <= 0:
        return "no season left"
    return "1 season left" if n == 1 else f"{n} seasons left"


def sync_selection(lst: Any, index: int) -> None:
    """Highlight item `index` of a UISelectionList (keyboard choices) and scroll to it."""
    if lst is None:
        return
    for i, item in enumerate(lst.item_list):
        item["selected"] = i == index
        be = item.get("button_element")
        if be is not None:
            be.select() if i == index else be.unselect()
    sb = lst.scroll_bar
    n = len(lst.item_list)
    if sb is None or n == 0:
        return
    visible = sb.visible_percentage
    start_now = sb.start_percentage
    frac = index / n
    end_frac = (index + 1) / n
    if frac < start_now:
        sb.set_scroll_from_start_percentage(frac)
    elif end_frac > start_now + visible:
        sb.set_scroll_from_start_percentage(min(1.0 - visible, end_frac - visible))


def tab_row(
    scene: Scene,
    x: int,
    y: int,
    height: int,
    items: list[tuple[str, str]],
    on_pick: Callable[[str], None],
    selected: str,
    tooltip: str,
    *,
    right: int | None = None,
    min_width: int = 0,
    padding: int = 24,
) -> dict[str, Any]:
    """A row of tab buttons (key, label), the selected one highlighted. Buttons that
    would pass `right` are left out. Returns the buttons by key."""
    px = scene.px
    font = scene.theme.font(15)
    buttons: dict[str, Any] = {}
    for key, label in items:
        w = max(min_width, font.size(label)[0] + px(padding))
        if right is not None and x + w > right:
            break
        b = scene.button(
            pygame.Rect(x, y, w, height),
            label,
            lambda k=key: on_pick(k),
            tooltip=tooltip,
            object_id="@tab",
        )
        if key == selected:
            b.select()
        buttons[key] = b
        x += w + px(6)
    return buttons


def front_words(front: float) -> str:
    """Where the front of the war stands, in words (game.engine.rules.war's scale)."""
    for at, words in (
        (0.85, "the front on the Volga"),
        (0.7, "the front at Moscow's gates"),
        (0.45, "the front on the Dnieper"),
        (0.15, "the front in Belarus and Ukraine"),
        (0.0, "the front on the old border"),
        (-0.5, "the Red Army in Poland and the Balkans"),
    ):
        if front >= at:
            return words
    return "the Red Army in Germany"
