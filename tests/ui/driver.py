"""Drive the App like a player: post mouse and key events, then run frames."""

from __future__ import annotations

import time

import pygame
import pygame_gui

from game.ui.app import App


class Driver:
    def __init__(self, app: App) -> None:
        self.app = app

    def frames(self, n: int = 1) -> None:
        for _ in range(n):
            self.app.step(dt=1 / 60)

    def click_at(self, pos: tuple[int, int], button: int = 1) -> None:
        pos = (int(pos[0]), int(pos[1]))
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
        )
        self.frames(1)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
        self.frames(1)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
        self.frames(2)  # the press event posted by pygame_gui is handled on the next frame

    def click(self, widget) -> None:
        assert widget.alive(), f"{widget} is gone"
        assert widget.visible, f"{widget} is hidden"
        assert widget.is_enabled, f"{widget} is disabled"
        self.click_at(widget.get_abs_rect().center)

    def move_to(self, pos: tuple[int, int], rest_s: float = 0.0) -> None:
        """Move the pointer like a real mouse: the system position and a motion event
        (pygame_gui and the hover tips read the position, scenes the event), then let it
        rest `rest_s` seconds of real time (tooltips wait a moment) and draw a frame."""
        pos = (int(pos[0]), int(pos[1]))
        pygame.mouse.set_pos(pos)
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0))
        )
        self.frames(2)
        if rest_s:
            time.sleep(rest_s)
            self.frames(2)

    def key(self, key: int, mod: int = 0, unicode: str = "") -> None:
        pygame.event.post(
            pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0)
        )
        pygame.event.post(
            pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0)
        )
        self.frames(2)

    def type_text(self, text: str) -> None:
        for ch in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        self.frames(2)

    def buttons(self) -> list[pygame_gui.elements.UIButton]:
        return [
            s
            for s in self.app.ui_manager.get_sprite_group().sprites()
            if isinstance(s, pygame_gui.elements.UIButton) and s.alive() and s.visible
        ]

    def button(self, text: str) -> pygame_gui.elements.UIButton:
        found = [b for b in self.buttons() if b.text.strip() == text or b.text.startswith(text)]
        assert found, f"no visible button '{text}'; have {[b.text for b in self.buttons()]}"
        return found[0]

    def press(self, text: str) -> None:
        self.click(self.button(text))

    @property
    def scene(self):
        return self.app.scene
