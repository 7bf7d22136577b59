"""Save and load dialogs: the saves folder as a list (scenario, date, turn, loadable)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from game.ui import session
from game.ui.scene import Scene
from game.ui.widgets import draw_text, ellipsize, label, panel

if TYPE_CHECKING:
    from game.persistence.slots import SaveInfo
    from game.ui.app import App


class SavesScene(Scene):
    name = "saves"
    overlay = True

    def __init__(self, app: App, mode: str = "load", **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.mode = mode if mode in ("load", "save") else "load"
        self.saves = session.list_saves()
        self.name_entry: pygame_gui.elements.UITextEntryLine | None = None
        self.row_buttons: list[tuple[pygame_gui.elements.UIButton, Any]] = []

    def build(self) -> None:
        w, h = self.size
        px = self.px
        bw_ = min(w - px(40), px(860))
        bh_ = min(h - px(40), px(600))
        self.box = box = pygame.Rect((w - bw_) // 2, (h - bh_) // 2, bw_, bh_)
        p = panel(self, box)
        pad = px(18)
        title = "Load a campaign" if self.mode == "load" else "Save the campaign"
        label(
            self, pygame.Rect(pad, pad, box.w - 2 * pad, px(36)), title, "@title_small", container=p
        )
        y = pad + px(48)
        if self.mode == "save":
            self.name_entry = pygame_gui.elements.UITextEntryLine(
                pygame.Rect(pad, y, box.w - 3 * pad - px(150), px(36)),
                manager=self.manager,
                container=p,
                placeholder_text="Name of the save",
            )
            self.name_entry.set_text_length_limit(60)
            c = self.campaign
            if c is not None:
                self.name_entry.set_text(f"{c.state.scenario_id} {c.state.date_label}")
            self.button(
                pygame.Rect(box.w - pad - px(150), y, px(150), px(36)),
                "Save",
                self.save,
                object_id="@primary",
                container=p,
            )
            y += px(48)
        list_rect = pygame.Rect(pad, y, box.w - 2 * pad, box.h - y - pad - px(56))
        scroll = pygame_gui.elements.UIScrollingContainer(
            list_rect, manager=self.manager, container=p, allow_scroll_x=False
        )
        rh = px(46)
        inner_w = list_rect.w - px(20)
        f = self.theme.font(15)
        self.row_buttons = []
        for i, info in enumerate(self.saves):
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.modified))
            if info.loadable:
                text = f"{info.name}  ·  {info.scenario}  ·  {session.save_when(info)}"
                if getattr(info, "mode", "normal") != "normal":
                    text += f"  ·  {info.mode}"
                tip = f"{info.path}\nSaved {when} by Smychka {info.game_version}"
            else:
                text = f"{info.name}  ·  cannot be loaded"
                tip = f"{info.path}\n{info.problem or 'unreadable'}"
            text = ellipsize(f, text, inner_w - px(30))
            b = self.button(
                pygame.Rect(0, i * (rh + px(6)), inner_w, rh),
                text,
                lambda info=info: self.pick(info),
                tooltip=tip,
                container=scroll,
                object_id="@option",
                enabled=info.loadable or self.mode == "save",
            )
            self.row_buttons.append((b, info))
        scroll.set_scrollable_area_dimensions((inner_w, max(1, len(self.saves)) * (rh + px(6))))
        self.empty = not self.saves
        self.list_rect = list_rect.move(box.topleft)
        self.button(
            pygame.Rect(box.w - pad - px(150), box.h - pad - px(42), px(150), px(42)),
            "Close",
            self.app.pop,
            key=pygame.K_ESCAPE,
            container=p,
        )

    def pick(self, info: SaveInfo) -> None:
        if self.mode == "save":
            if self.name_entry is not None:
                self.name_entry.set_text(info.name)
            return
        if session.load(self.app, Path(info.path)):
            return
        # load failed: the message is on top; stay in this dialog underneath

    def save(self) -> None:
        name = self.name_entry.get_text().strip() if self.name_entry else ""
        if not name:
            self.app.message("No name", "Type a name for the save first.")
            return
        path = session.save(self.app, "named", name)
        if path is not None:
            self.app.pop()
            scene = self.app.scene
            if hasattr(scene, "toast"):
                scene.toast = (f"Saved as {path.name}", time.monotonic())

    def draw_after(self, surface: pygame.Surface) -> None:
        if self.empty:
            draw_text(
                surface,
                self.theme.font(15, "italic"),
                "No saves yet. The game saves itself every turn; F5 makes a quicksave.",
                self.theme.c("text_dim"),
                self.list_rect.center,
                anchor="center",
                max_width=self.list_rect.w - self.px(20),
            )
        super().draw_after(surface)
