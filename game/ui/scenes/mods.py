"""Mods: what was found, enable or disable, load order, and each broken mod's problems."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from game.errors import SmychkaError
from game.paths import user_mods_dir
from game.ui import session
from game.ui.scene import Scene
from game.ui.widgets import ellipsize, esc, label, textbox

if TYPE_CHECKING:
    from game.ui.app import App


class ModsScene(Scene):
    name = "mods"

    def __init__(self, app: App, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.mods = session.discover(app)
        self.selected = 0

    def build(self) -> None:
        w, h = self.size
        px = self.px
        pad = px(24)
        label(self, pygame.Rect(pad, pad, w - 2 * pad, px(44)), "Mods", "@title_small")
        top = pad + px(56)
        bottom = h - pad - px(48) - px(16)
        lw = max(px(320), int(w * 0.36))
        self.rows: list[pygame_gui.elements.UIButton] = []
        scroll = pygame_gui.elements.UIScrollingContainer(
            pygame.Rect(pad, top, lw, bottom - top),
            manager=self.manager,
            container=self.root,
            allow_scroll_x=False,
        )
        rh = px(52)
        for i, m in enumerate(self.mods):
            state = "broken" if not m.ok else ("on" if m.enabled else "off")
            mark = {"on": "●", "off": "○", "broken": "⚠"}[state]
            b = self.button(
                pygame.Rect(0, i * (rh + px(6)), lw - px(20), rh),
                ellipsize(
                    self.theme.font(15), f"{mark}  {m.name}  {m.version}", lw - px(20) - px(24)
                ),
                lambda i=i: self.pick(i),
                tooltip=f"{m.id}: {state}",
                container=scroll,
                object_id="@option",
            )
            self.rows.append(b)
        scroll.set_scrollable_area_dimensions((lw - px(20), max(1, len(self.mods)) * (rh + px(6))))
        dx = pad + lw + px(20)
        self.details = textbox(
            self, pygame.Rect(dx, top, w - dx - pad, bottom - top - px(56)), self._details()
        )
        by = bottom - px(44)
        self.toggle_b = self.button(
            pygame.Rect(dx, by, px(160), px(44)), "Enable", self.toggle, tooltip="Space"
        )
        self.up_b = self.button(
            pygame.Rect(dx + px(170), by, px(130), px(44)), "Load earlier", lambda: self.move(-1)
        )
        self.down_b = self.button(
            pygame.Rect(dx + px(310), by, px(130), px(44)), "Load later", lambda: self.move(1)
        )
        self.button(
            pygame.Rect(pad, h - pad - px(48), px(160), px(48)),
            "Back",
            self.app.pop,
            key=pygame.K_ESCAPE,
        )
        self._refresh()

    def _details(self) -> str:
        if not self.mods:
            return (
                "<b>No mods found.</b><br><br>A mod is a folder with a <i>mod.toml</i> and "
                f"<i>cards/*.toml</i>, placed in your mods folder ({esc(str(user_mods_dir()))}; "
                "Settings opens it). Mods are data only: nothing in them is ever run. "
                "See docs/modding.md."
            )
        m = self.mods[self.selected]
        status = "Broken" if not m.ok else ("Enabled" if m.enabled else "Disabled")
        parts = [
            f"{self.theme.big_html(esc(m.name))}",
            f"<font color='#d8a23e'>{esc(m.id)} · version {esc(m.version)} · {status}</font>",
            f"<font color='#a8a291'>{esc(str(m.path))}</font>",
        ]
        man = getattr(m, "manifest", None)
        desc = getattr(man, "description", "") if man is not None else ""
        if desc:
            parts += ["", esc(desc)]
        if m.problems:
            parts += ["", "<b>Problems</b>"]
            for p in m.problems:
                col = "#d8624f" if getattr(p, "is_error", True) else "#d8a23e"
                parts.append(f"<font color='{col}'>{esc(str(p))}</font>")
        else:
            parts += ["", "No problems found."]
        return "<br>".join(parts)

    def _refresh(self) -> None:
        for i, b in enumerate(self.rows):
            b.select() if i == self.selected else b.unselect()
        has = bool(self.mods)
        for b in (self.toggle_b, self.up_b, self.down_b):
            b.enable() if has else b.disable()
        if has:
            m = self.mods[self.selected]
            self.toggle_b.set_text("Disable" if m.enabled else "Enable")
            if not m.ok and not m.enabled:
                self.toggle_b.disable()
            if self.selected == 0:
                self.up_b.disable()
            if self.selected == len(self.mods) - 1:
                self.down_b.disable()

    def pick(self, i: int) -> None:
        self.selected = i
        self.details.set_text(self._details())
        self._refresh()

    def toggle(self) -> None:
        if not self.mods:
            return
        m = self.mods[self.selected]
        try:
            from game.cards.mods import set_mod_enabled

            set_mod_enabled(m.id, not m.enabled)
        except SmychkaError as exc:
            self.app.message("Could not change the mod", str(exc))
            return
        self._reload()

    def move(self, step: int) -> None:
        j = self.selected + step
        if not self.mods or not 0 <= j < len(self.mods):
            return
        ids = [m.id for m in self.mods]
        ids[self.selected], ids[j] = ids[j], ids[self.selected]
        try:
            from game.cards.mods import set_mod_order

            set_mod_order(ids)
        except SmychkaError as exc:
            self.app.message("Could not change the order", str(exc))
            return
        self._reload(select_id=ids[j])

    def _reload(self, select_id: str | None = None) -> None:
        keep = select_id or self.mods[self.selected].id
        self.mods = session.discover(self.app)
        ids = [m.id for m in self.mods]
        self.selected = ids.index(keep) if keep in ids else 0
        self.rebuild()
