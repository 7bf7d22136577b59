"""The in-game menu (Esc): resume, save, load, settings, quit to the main menu."""

from __future__ import annotations

from typing import Any

import pygame

from game.ui.scene import Scene
from game.ui.widgets import draw_text, panel


class GameMenuScene(Scene):
    name = "game-menu"
    overlay = True

    def build(self) -> None:
        w, h = self.size
        items: list[tuple[str, Any, str]] = [
            ("Resume", self.app.pop, "Back to the campaign (Esc)"),
            ("Save…", lambda: self.app.push("saves", mode="save"), "Save under a name"),
            ("Load…", lambda: self.app.push("saves", mode="load"), "Open a saved campaign"),
            ("Settings", lambda: self.app.push("settings"), "Window, UI scale, colours"),
            ("Quit to main menu", self.quit_to_menu, "The game is autosaved every turn"),
        ]
        bw, bh, gap = self.px(300), self.px(44), self.px(10)
        pad = self.px(20)
        ph = pad * 2 + self.px(50) + len(items) * (bh + gap)
        self.box = pygame.Rect((w - bw - 2 * pad) // 2, (h - ph) // 2, bw + 2 * pad, ph)
        p = panel(self, self.box)
        for i, (text, cb, tip) in enumerate(items):
            self.button(
                pygame.Rect(pad, pad + self.px(50) + i * (bh + gap), bw, bh),
                text,
                cb,
                tooltip=tip,
                container=p,
                object_id="@primary" if i == 0 else "@menu",
            )
        self.hotkey(pygame.K_ESCAPE, self.app.pop)
        self.focus_index = 0

    def quit_to_menu(self) -> None:
        self.app.campaign = None
        self.app.switch("menu")

    def draw_after(self, surface: pygame.Surface) -> None:
        draw_text(
            surface,
            self.theme.font(22, "title"),
            "Paused",
            self.theme.c("text"),
            (self.box.centerx, self.box.y + self.px(22)),
            anchor="midtop",
        )
        super().draw_after(surface)
