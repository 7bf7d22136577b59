"""Sound settings: master volume (or off), music and effects. Saved between runs."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.ui.scene import Scene
from game.ui.widgets import draw_text, label, panel

LEVELS: tuple[int, ...] = (25, 50, 75, 100)


class SoundScene(Scene):
    name = "sound"

    def build(self) -> None:
        w, h = self.size
        px = self.px
        pad = px(24)
        s = self.settings
        label(self, pygame.Rect(pad, pad, w - 2 * pad, px(44)), "Sound", "@title_small")
        bw_ = min(w - 2 * pad, px(900))
        x0 = (w - bw_) // 2
        rect = pygame.Rect(x0, pad + px(60), bw_, px(16) * 2 + 3 * px(52))
        p = panel(self, rect)
        self.panel_x, self.panel_w, self.panel_bottom = rect.x, rect.w, rect.bottom
        ip = px(16)
        lw = px(170)
        bh = px(36)
        y = ip

        def row(title: str, on: int | None, pick: Callable[[int | None], None], tip: str) -> None:
            nonlocal y
            label(self, pygame.Rect(ip, y, lw, bh), title, container=p)
            x = ip + lw
            for level in (None, *LEVELS):
                text = "Off" if level is None else f"{level} %"
                bw = max(px(96), self.theme.font(15).size(text)[0] + px(24))
                b = self.button(
                    pygame.Rect(x, y, bw, bh), text, lambda v=level: pick(v), tooltip=tip,
                    container=p,
                )  # fmt: skip
                if level == on:
                    b.select()
                x += bw + px(6)
            y += bh + px(16)

        row(
            "Volume",
            None if s.muted else _nearest(s.master_volume),
            self.set_master,
            "All sound; Off mutes and keeps the levels",
        )
        row(
            "Music",
            None if s.music_volume == 0 else _nearest(s.music_volume),
            lambda v: self.set_level("music_volume", v),
            "The score follows the campaign: calm, tense, martial, quiet",
        )
        row(
            "Effects",
            None if s.effects_volume == 0 else _nearest(s.effects_volume),
            lambda v: self.set_level("effects_volume", v),
            "Clicks, cards, the stamp, the season's bell, alerts",
        )
        self.button(
            pygame.Rect(pad, h - pad - px(48), px(160), px(48)),
            "Back",
            self.app.pop,
            key=pygame.K_ESCAPE,
        )

    def set_master(self, level: int | None) -> None:
        if level is None:
            self.settings.muted = True
        else:
            self.settings.muted = False
            self.settings.master_volume = level
        self._changed()

    def set_level(self, name: str, level: int | None) -> None:
        setattr(self.settings, name, 0 if level is None else level)
        self._changed()

    def _changed(self) -> None:
        self.app.audio.apply_volumes()
        self.app.save_settings()
        self.rebuild()

    def draw_after(self, surface: pygame.Surface) -> None:
        audio = self.app.audio
        w, h = surface.get_size()
        title = audio.now_playing_title()
        lines = [
            "The music follows the campaign: calm in good years, tense under the drive",
            "and famine, martial as the war nears, quiet after a catastrophe.",
            f"Now playing: {title}" if title else "",
        ]
        y = self.panel_bottom + self.px(20)
        for text in lines:
            if text:
                draw_text(
                    surface,
                    self.theme.font(14),
                    text,
                    self.theme.c("text_dim"),
                    (self.panel_x + self.px(16), y),
                    max_width=self.panel_w - self.px(32),
                )
                y += self.px(26)
        if audio.problems:
            draw_text(
                surface,
                self.theme.font(13, "italic"),
                audio.problems[0],
                self.theme.c("text_dim"),
                (w - self.px(24), h - self.px(24)),
                anchor="bottomright",
                max_width=w - self.px(240),
            )
        super().draw_after(surface)


def _nearest(v: int) -> int:
    return min(LEVELS, key=lambda lv: abs(lv - v))
