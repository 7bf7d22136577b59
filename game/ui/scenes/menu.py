"""The main menu: continue, new campaign, load, encyclopedia, mods, settings, quit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game import __version__
from game.ui import session
from game.ui.scene import Scene
from game.ui.widgets import draw_text, field_background

if TYPE_CHECKING:
    from game.ui.app import App


class MenuScene(Scene):
    name = "menu"

    def __init__(self, app: App, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._bg: pygame.Surface | None = None
        self.menu_rect = pygame.Rect(0, 0, 0, 0)
        self.latest = session.latest_save()

    def build(self) -> None:
        w, h = self.size
        bw, bh, gap = self.px(300), self.px(46), self.px(10)
        x = max(self.px(40), int(w * 0.08))
        items: list[tuple[str, Any, str, bool]] = []
        if self.latest is not None and getattr(self.latest, "loadable", True):
            tip = f"{self.latest.name}: {self.latest.scenario}, {session.save_when(self.latest)}"
            items.append(("Continue", self.cont, tip, True))
        items += [
            (
                "New campaign",
                lambda: self.app.push("new-campaign"),
                "Choose a starting point",
                True,
            ),
            ("Load", lambda: self.app.push("saves", mode="load"), "Open a saved campaign", True),
        ]
        items.append(
            (
                "Encyclopedia",
                lambda: self.app.push("encyclopedia"),
                "Every event card with its history, and the words of the time",
                True,
            )
        )
        items += [
            ("Mods", lambda: self.app.push("mods"), "Enable, disable and order mods", True),
            ("Settings", lambda: self.app.push("settings"), "Window, UI scale, colours", True),
            ("Quit", self.app.quit, "Leave the game", True),
        ]
        # below the title block; on a short window (1280x720 at 150 %) the buttons get
        # lower and closer together rather than cover the title
        title_bottom = self._title_bottom() + self.px(18)
        room = h - self.px(24) - title_bottom
        n = len(items)
        if n * (bh + gap) - gap > room:
            gap = self.px(6)
            bh = max(self.px(28), (room + gap) // n - gap)
        total = n * (bh + gap)
        y = max(int(h * 0.42), h - total - self.px(70))
        y = min(y, h - total - self.px(40))
        y = max(y, min(title_bottom, h - total))
        pad = self.px(16)
        self.menu_rect = pygame.Rect(x - pad, y - pad, bw + 2 * pad, total - gap + 2 * pad)
        for i, (text, cb, tip, enabled) in enumerate(items):
            self.button(
                pygame.Rect(x, y + i * (bh + gap), bw, bh),
                text,
                cb,
                tooltip=tip,
                object_id="@primary" if i == 0 else "@menu",
                enabled=enabled,
            )
        self.hotkey(pygame.K_ESCAPE, self.app.quit)
        self.focus_index = 0
        self._bg = None

    def _title_bottom(self) -> int:
        """Where the title, its Russian line and the tagline end (as draw() lays them)."""
        t = self.theme
        top = int(self.size[1] * 0.12)
        return (
            top
            + t.font(72, "title").get_height()
            + t.font(26, "italic").get_height()
            + self.px(10)
            + t.font(17).get_height()
        )

    def cont(self) -> None:
        if self.latest is not None:
            session.load(self.app, self.latest.path)

    def draw(self, surface: pygame.Surface) -> None:
        if self._bg is None or self._bg.get_size() != surface.get_size():
            self._bg = pygame.Surface(surface.get_size())
            field_background(self._bg, self.theme)
        surface.blit(self._bg, (0, 0))
        # a smoky plate under the buttons keeps them readable over the field
        plate = pygame.Surface(self.menu_rect.size, pygame.SRCALPHA)
        pygame.draw.rect(plate, (10, 11, 14, 165), plate.get_rect(), border_radius=self.px(8))
        surface.blit(plate, self.menu_rect.topleft)
        w, h = surface.get_size()
        x = max(self.px(40), int(w * 0.08))
        top = int(h * 0.12)
        t = self.theme
        r = draw_text(surface, t.font(72, "title"), "Smychka", t.c("text"), (x, top))
        r = draw_text(
            surface, t.font(26, "italic"), "Смычка", t.c("accent"), (x + self.px(4), r.bottom)
        )
        draw_text(
            surface,
            t.font(17),
            "The peasant question after 1917: the plough, the Party and the bread.",
            t.c("text_dim"),
            (x + self.px(4), r.bottom + self.px(10)),
            max_width=w - x - self.px(20),
        )
        draw_text(
            surface,
            t.font(12),
            f"v{__version__}",
            t.c("text_dim"),
            (w - self.px(14), h - self.px(10)),
            anchor="bottomright",
        )
