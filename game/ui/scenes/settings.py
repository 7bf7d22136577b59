"""Settings: window size, fullscreen, UI scale, map palette, the guide; sound on its own
screen (game/ui/scenes/sound.py). Also where the player's files live (saves, their
own mods), each with a button that shows the folder in the file manager. Saved
between runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame

from game import paths
from game.errors import SmychkaError
from game.ui.scene import Scene
from game.ui.settings import PALETTES, SCALES, WINDOW_SIZES, settings_path
from game.ui.widgets import draw_text, label, panel

PALETTE_HELP = {
    "viridis": "Viridis: dark blue to yellow, readable with any colour vision",
    "cividis": "Cividis: blue to yellow, made for red-green colour blindness",
    "high_contrast": "High contrast: black through red to pale yellow",
    "diverging": "Diverging: two hues around a pale middle",
}


class SettingsScene(Scene):
    name = "settings"

    def build(self) -> None:
        w, h = self.size
        px = self.px
        pad = px(24)
        s = self.settings
        label(self, pygame.Rect(pad, pad, w - 2 * pad, px(44)), "Settings", "@title_small")
        bw_ = min(w - 2 * pad, px(900))
        x0 = (w - bw_) // 2
        p = panel(self, pygame.Rect(x0, pad + px(60), bw_, h - 2 * pad - px(60) - px(64)))
        ip = px(16)
        lw = px(170)
        y = ip
        # Eight rows must fit a 1280x720 window at 150 %: tighten the rows (never below
        # readable) rather than let the last ones fall off the panel.
        n_rows = 8
        room = (p.relative_rect.height - 2 * ip) // n_rows
        gap = max(px(6), min(px(16), room - px(36)))
        bh = max(px(28), min(px(36), room - gap))

        def row(title: str, options: list[tuple[str, Any, bool, str]]) -> None:
            nonlocal y
            label(self, pygame.Rect(ip, y, lw, bh), title, container=p)
            x = ip + lw
            for text, cb, on, tip in options:
                bw = max(px(96), self.theme.font(15).size(text)[0] + px(24))
                if x + bw > bw_ - ip:
                    x = ip + lw
                    y += bh + px(6)
                b = self.button(pygame.Rect(x, y, bw, bh), text, cb, tooltip=tip, container=p)
                if on:
                    b.select()
                x += bw + px(6)
            y += bh + gap

        row(
            "Window size",
            [
                (f"{a}×{b}", lambda a=a, b=b: self.set_size(a, b), (a, b) == s.size, "")
                for a, b in WINDOW_SIZES
            ],
        )
        row(
            "Display",
            [
                ("Window", lambda: self.set(fullscreen=False), not s.fullscreen, "A window"),
                ("Fullscreen", lambda: self.set(fullscreen=True), s.fullscreen, "The whole screen"),
            ],
        )
        row(
            "UI scale",
            [
                (f"{v} %", lambda v=v: self.set(ui_scale=v), s.ui_scale == v, "Size of text")
                for v in SCALES
            ],
        )
        row(
            "Map colours",
            [
                (
                    p_.replace("_", " ").capitalize(),
                    lambda p_=p_: self.set(palette=p_),
                    s.palette == p_,
                    PALETTE_HELP.get(p_, ""),
                )
                for p_ in PALETTES
            ],
        )
        row(
            "Guide",
            [
                (
                    "On",
                    lambda: self.set(hints_enabled=True),
                    s.hints_enabled,
                    "The first campaign's guide: it goes on from the step you left",
                ),
                ("Off", lambda: self.set(hints_enabled=False), not s.hints_enabled, "No guide"),
                (
                    "Start again",
                    self.reset_hints,
                    False,
                    "The guide from its first step, in the next campaign screen",
                ),
            ],
        )
        row(
            "Card files",
            [
                (
                    "Reload on change",
                    lambda: self.set(hot_reload=True),
                    s.hot_reload,
                    "For modders: cards edited on disk come into the running game",
                ),
                (
                    "Read once",
                    lambda: self.set(hot_reload=False),
                    not s.hot_reload,
                    "Read at start",
                ),
            ],
        )
        # Where the player's files are. The saves folder is the one the game uses
        # (SMYCHKA_SAVES_DIR, saves/ in a checkout, else the user data folder).
        self.folder_rows: list[tuple[pygame.Rect, Path]] = []
        for title, folder, tip in (
            ("Saves", paths.default_saves_dir(), "Your saved campaigns and autosaves"),
            (
                "Your mods",
                paths.user_mods_dir(),
                "Put mod folders here; they appear on the Mods screen",
            ),
        ):
            name = label(self, pygame.Rect(ip, y, lw, bh), title, container=p)
            open_w = max(px(140), self.theme.font(15).size("Open folder")[0] + px(24))
            opener = self.button(
                pygame.Rect(bw_ - ip - open_w - px(4), y, open_w, bh),
                "Open folder",
                lambda f=folder: self.open_folder(f),
                tooltip=f"{tip}. Show {folder} in the file manager",
                container=p,
            )
            left = name.rect.right  # where the option buttons of the rows above start
            text_rect = pygame.Rect(left, name.rect.top, opener.rect.left - left - px(12), bh)
            self.folder_rows.append((text_rect, folder))
            y += bh + gap
        self.saved_to = str(settings_path())
        self.status = ""
        self.button(
            pygame.Rect(pad, h - pad - px(48), px(160), px(48)),
            "Back",
            self.app.pop,
            key=pygame.K_ESCAPE,
        )
        self.button(
            pygame.Rect(pad + px(172), h - pad - px(48), px(160), px(48)),
            "Sound…",
            lambda: self.app.push("sound"),
            tooltip="Volume of the music and the effects, or no sound (S)",
            key=pygame.K_s,
        )

    def set(self, **changes: Any) -> None:
        for k, v in changes.items():
            setattr(self.settings, k, v)
        self.app.apply_settings()

    def set_size(self, w: int, h: int) -> None:
        self.settings.width, self.settings.height = w, h
        self.settings.fullscreen = False
        self.app.apply_settings()

    def open_folder(self, folder: Path) -> None:
        """Show the folder in the file manager; where the platform has none, a message
        names the folder so the player can go there by hand."""
        try:
            self.status = paths.open_folder(folder)
        except SmychkaError as exc:
            self.app.message("Where the folder is", str(exc))
        self.app.mark_active()

    def reset_hints(self) -> None:
        self.settings.hints_seen = []
        self.settings.hints_enabled = True
        self.app.apply_settings()

    def draw_after(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        eff = round(self.app.theme.scale * 100)
        if eff < self.settings.ui_scale:
            draw_text(
                surface,
                self.theme.font(13, "italic"),
                f"This window is too small for {self.settings.ui_scale} %: "
                f"the game uses {eff} % until the window is larger.",
                self.theme.c("accent"),
                (
                    self.px(24) + self.theme.font(30, "title").size("Settings")[0] + self.px(24),
                    self.px(24) + self.px(22),
                ),
                anchor="midleft",
                max_width=w - self.px(260),
            )
        path_font = self.theme.font(14)
        for rect, folder in self.folder_rows:
            draw_text(
                surface,
                path_font,
                _fit_path(path_font, str(folder), rect.width),
                self.theme.c("text_dim"),
                rect.midleft,
                anchor="midleft",
            )
        draw_text(
            surface,
            self.theme.font(12),
            self.status or f"Settings saved to {self.saved_to}",
            self.theme.c("text_dim"),
            (w - self.px(24), h - self.px(24)),
            anchor="bottomright",
            max_width=w - self.px(24) - self.px(24 + 340),  # clear of Back (and Sound)
        )
        super().draw_after(surface)


def _fit_path(font: pygame.font.Font, text: str, width: int) -> str:
    """A path cut at the front ("…/smychka/saves") so the folder's own name shows."""
    if font.size(text)[0] <= width:
        return text
    while len(text) > 1 and font.size("…" + text)[0] > width:
        text = text[1:]
    return "…" + text
