"""Scenes: one screen of the game each (menu, campaign, charts, dialogs...).

How to add a scene
==================

1. Make a module in `game/ui/scenes/`, subclass `Scene`::

       from game.ui.scene import Scene

       class ChartsScene(Scene):
           name = "charts"          # used by `python main.py screenshot --scene charts`
           overlay = False          # True: drawn over a dimmed picture of the scene below

           def __init__(self, app, figure="collectivised_share", **kwargs):
               super().__init__(app, **kwargs)   # always accept and pass on **kwargs
               self.figure = figure

           def build(self):
               # Create pygame_gui widgets here, inside self.root (a container that
               # covers the window). Called on enter, on resize and when the UI scale
               # changes: build everything from self.size / self.px(); keep state
               # (selected figure, scroll position...) in plain attributes, not widgets.
               w, h = self.size
               self.button(pygame.Rect(self.px(20), h - self.px(60), self.px(160), self.px(40)),
                           "Back", self.app.pop, tooltip="Return (Esc)", key=pygame.K_ESCAPE)

           def handle_event(self, event) -> bool:
               if super().handle_event(event):   # buttons, keyboard focus, hotkeys
                   return True
               ...                               # your own keys / mouse; True if used
               return False

           def update(self, dt: float) -> None:  # dt in seconds; animations
               ...

           def draw(self, surface) -> None:
               # Custom drawing (map, charts, backgrounds) *under* the widgets.
               surface.fill(self.theme.c("bg"))

           def draw_after(self, surface) -> None:
               # Optional: drawing *over* the widgets (focus ring is drawn by the base).
               super().draw_after(surface)

2. Open it: `app.switch(ChartsScene)` (replace the whole stack),
   `app.push(ChartsScene, figure="harvest")` (on top; Back = `app.pop()`), or by
   name through the registry in `game/ui/app.py` (`SCENES`):
   `app.open("charts", push=True, figure="harvest")`. Scenes are constructed
   as `SceneClass(app, **kwargs)`.

What a scene can reach
======================
- `self.app` -- the `App`; `self.manager` (= `app.ui_manager`, the pygame_gui
  UIManager), `self.theme` (`game.ui.theme.Theme`: `c("accent")` colours,
  `font(size, "bold")` pygame fonts for custom drawing, `px(n)` scaled pixels),
  `self.settings` (`game.ui.settings.Settings`; `app.save_settings()` writes it),
  `self.campaign` (= `app.campaign`, the current `game.campaign.Campaign` or None).
- `self.size` -- window size in pixels; `self.px(n)` -- n pixels at 100 % UI scale
  scaled to the player's scale. Lay out from these so 1280x720 .. 2560x1440 and
  100-200 % all fit.
- `self.button(rect, text, callback, tooltip=, object_id=, key=)` makes a
  UIButton in `self.root` that calls `callback()` when pressed (mouse, Enter/Space
  when focused, or the hotkey `key`) and joins the keyboard focus order
  (Tab / Shift+Tab / arrow keys). `self.focusable(widget, callback)` adds any other
  widget to that order.
- `self.hotkey(key, callback)` adds a keyboard shortcut; `before_ui(event)` sees an
  event before pygame_gui does (return True to swallow it); `on_focus(widget)` is
  called when Tab moves the keyboard focus.
- `self.app.message(title, text)` shows a modal message (errors, notices);
  `self.app.push("confirm", title=, text=, yes=, no=, on_yes=)` asks a question.
- A `SmychkaError` raised from a button callback or `handle_event` is shown to the
  player as a message; the game carries on.
- `self.app.mark_active()` keeps the app drawing at 60 fps for a moment (call it
  while animating, or return True from `animating()`); otherwise an idle screen
  sleeps in `pygame.event.wait` and does not spin the CPU.

Life cycle (called by the App): `enter()` (creates `self.root`, calls `build()`),
`pause()` / `resume()` when another scene is pushed on top / popped, `leave()`
(kills the widgets) and `on_resize(size)` (default: rebuild).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

# before pygame is first imported: its banner would land in parsed CLI output
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pygame_gui
from pygame_gui.core import UIContainer, UIElement

if TYPE_CHECKING:
    from game.campaign import Campaign
    from game.ui.app import App
    from game.ui.settings import Settings
    from game.ui.theme import Theme

Action = Callable[[], Any]

_NAV_NEXT = (pygame.K_TAB, pygame.K_DOWN, pygame.K_RIGHT)
_NAV_PREV = (pygame.K_UP, pygame.K_LEFT)


class SceneRoot(UIContainer):
    """The container of a scene's widgets: it covers the whole window, so it must not
    count as hovered itself, else `UIManager.get_hovering_any_element()` is always true
    and nothing drawn by the scene (map, figures, card options) could show a hover tip."""

    def check_hover(self, time_delta: float, hovered_higher_element: bool) -> bool:
        self.hovered = False
        return False


class GameButton(pygame_gui.elements.UIButton):
    """A UIButton that, when hidden, leaves its hover state alone unless it is hovered,
    and that shows its tooltip when selected too.

    pygame_gui's UIButton.hide calls on_unhovered for every button, and each call posts
    two events (an old-style USEREVENT and UI_BUTTON_ON_UNHOVERED) and resets its look: a
    screen pushed over the campaign hides some 60 buttons, and the 120 events cost each
    end of turn a pass of the whole widget tree apiece (`end_turn_ms`). A button not under
    the pointer has no hover to undo and no tooltip to close."""

    def hide(self) -> None:
        if self.visible and not self.hovered:
            UIElement.hide(self)
        else:
            super().hide()

    # pygame_gui gives a selected button (a toggle's option in force, the scenario picked)
    # no hover, hence no tooltip: the help of the current choice could not be read. It
    # hovers here, and keeps its selected look while it does.
    def can_hover(self) -> bool:
        return self.is_enabled and not self.held

    def on_hovered(self) -> None:
        super().on_hovered()
        if self.is_selected and self.drawable_shape is not None:
            self.drawable_shape.set_active_state("selected")


def _descendants(container: Any) -> list[Any]:
    out = []
    for el in getattr(container, "elements", ()):
        out.append(el)
        inner = getattr(el, "get_container", None)
        if inner is not None and inner() is not el:
            out += _descendants(inner())
        elif hasattr(el, "elements"):
            out += _descendants(el)
    return out


class Scene:
    """Base class of every screen. See the module docstring for how to write one."""

    name: ClassVar[str] = ""
    overlay: ClassVar[bool] = False
    # arrow keys move focus (menus, dialogs); screens with sliders set this False
    arrow_navigation: ClassVar[bool] = True

    def __init__(self, app: App, **kwargs: Any) -> None:
        self.app = app
        self.root: UIContainer | None = None
        self._actions: dict[UIElement, Action] = {}
        self._hotkeys: dict[int, Action] = {}
        self._focus: list[tuple[UIElement, Action]] = []
        self.focus_index: int = -1
        self.backdrop: pygame.Surface | None = None  # overlays: picture of the scene below
        self._paused = False
        self._hidden_at_pause: list[Any] = []
        self._shaded: pygame.Surface | None = None  # the backdrop, dimmed
        self._dimmed = False  # the backdrop itself has been dimmed (in place)

    # --- what scenes reach ------------------------------------------------------
    @property
    def manager(self) -> pygame_gui.UIManager:
        return self.app.ui_manager

    @property
    def theme(self) -> Theme:
        return self.app.theme

    @property
    def settings(self) -> Settings:
        return self.app.settings

    @property
    def campaign(self) -> Campaign | None:
        return self.app.campaign

    @property
    def size(self) -> tuple[int, int]:
        return self.app.screen.get_size()

    def px(self, n: float) -> int:
        return self.app.theme.px(n)

    # --- life cycle (called by the App) -------------------------------------------
    def enter(self) -> None:
        self._make_root()
        self.build()

    def leave(self) -> None:
        if self.root is not None:
            self.root.kill()
        self.root = None
        self._actions.clear()
        self._hotkeys.clear()
        self._focus.clear()

    def pause(self) -> None:
        self._paused = True
        if self.root is not None:
            if self.root.visible:  # what the scene itself had hidden stays hidden on resume
                self._hidden_at_pause = [e for e in _descendants(self.root) if not e.visible]
            self.root.hide()

    def resume(self) -> None:
        self._paused = False
        if self.root is not None:
            self.root.show()
            for e in self._hidden_at_pause:
                if e.alive():
                    e.hide()
        self._hidden_at_pause = []

    def on_resize(self, size: tuple[int, int]) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        """Throw the widgets away and build them again (resize, scale, content change)."""
        focused = self.focus_index
        self.leave()
        self._make_root()
        self.build()
        if self._focus:
            self.focus_index = min(focused, len(self._focus) - 1)
        if self._paused and self.root is not None:
            self._hidden_at_pause = [e for e in _descendants(self.root) if not e.visible]
            self.root.hide()

    def _make_root(self) -> None:
        w, h = self.size
        self.root = SceneRoot(pygame.Rect(0, 0, w, h), manager=self.manager)
        self.focus_index = -1

    # --- to override ----------------------------------------------------------
    def build(self) -> None:
        """Create widgets inside self.root."""

    def update(self, dt: float) -> None:
        """Advance animations by dt seconds."""

    def animating(self) -> bool:
        """True while something moves, so the App keeps drawing at full rate."""
        return False

    # --- the first campaign's guide (game.ui.guide.GuideHost) ------------------------------
    def guide_target(self, target: str) -> pygame.Rect | None:
        """Where the part of this screen a guide step names is (None: not here)."""
        return None

    def guide_facts(self) -> set[str]:
        """What holds on this screen for the guide's steps (a card up, alerts...)."""
        return set()

    def keep_clear(self) -> list[pygame.Rect]:
        """What the guide's box must never cover on this screen, nor a tooltip when it
        has anywhere else to go (an event card)."""
        return []

    def draw_key(self) -> Any:
        """None, or a value that changes whenever `draw()` would draw something else: the
        App then keeps the drawing and blits it (screens that are still pictures, such as
        the Party and the end, cost tens of milliseconds a frame at 2560x1440 otherwise)."""
        return None

    def draw(self, surface: pygame.Surface) -> None:
        """Custom drawing under the widgets. Default: the backdrop or the theme background."""
        if self.overlay and self.backdrop is not None:
            if self._shaded is None or self._shaded.get_size() != surface.get_size():
                # dimmed once, not a full-window blend every frame; in place (the backdrop
                # is this scene's own copy): a third of the picture plus a dark tint, as a
                # (5, 6, 8) veil at 170/255 would give, without a full-window alpha
                # surface and a copy (milliseconds after each turn at 1920x1080)
                back = self.backdrop
                if not self._dimmed:
                    back.fill((85, 85, 85), special_flags=pygame.BLEND_RGB_MULT)
                    back.fill((3, 4, 5), special_flags=pygame.BLEND_RGB_ADD)
                    self._dimmed = True
                if back.get_size() != surface.get_size():
                    back = pygame.transform.smoothscale(back, surface.get_size())
                self._shaded = back
            surface.blit(self._shaded, (0, 0))
        else:
            surface.fill(self.theme.c("bg"))

    def draw_after(self, surface: pygame.Surface) -> None:
        """Drawing over the widgets. Default: the keyboard focus ring."""
        w = self.focused_widget()
        if w is not None and w.visible:
            r = w.get_abs_rect().inflate(self.px(6), self.px(6))
            pygame.draw.rect(
                surface,
                self.theme.c("focus"),
                r,
                width=max(2, self.px(2)),
                border_radius=self.px(6),
            )

    def draw_tips(self, surface: pygame.Surface) -> None:
        """The scene's own hover tips, over everything else (the guide's box included)."""

    # --- widgets helpers ----------------------------------------------------------
    def button(
        self,
        rect: pygame.Rect,
        text: str,
        callback: Action,
        tooltip: str | None = None,
        object_id: str | None = None,
        key: int | None = None,
        focus: bool = True,
        container: Any = None,
        enabled: bool = True,
    ) -> pygame_gui.elements.UIButton:
        """A button that calls `callback()` when pressed; joins the focus order."""
        b = GameButton(
            relative_rect=rect,
            text=text,
            manager=self.manager,
            container=container or self.root,
            object_id=object_id,
        )
        # an empty text would still open an (empty) tooltip box under the pointer; the
        # wrap width scales with the UI (pygame_gui's 170 px default, at 150 %, made a
        # long help a one-word column pushed to the screen's edge and cut off)
        if tooltip:
            b.set_tooltip(tooltip, wrap_width=self.px(320))
        self._actions[b] = callback
        if key is not None:
            self._hotkeys[key] = callback
        if focus:
            self._focus.append((b, callback))
        if not enabled:
            b.disable()
        return b

    def hotkey(self, key: int, callback: Action) -> None:
        self._hotkeys[key] = callback

    def focusable(self, widget: UIElement, callback: Action) -> None:
        self._focus.append((widget, callback))

    def focused_widget(self) -> UIElement | None:
        if 0 <= self.focus_index < len(self._focus):
            return self._focus[self.focus_index][0]
        return None

    def on_focus(self, widget: UIElement) -> None:
        """Called when the keyboard focus moves to `widget` (e.g. scroll it into view)."""

    def move_focus(self, step: int) -> None:
        n = len(self._focus)
        if not n:
            return
        i = self.focus_index
        for _ in range(n):
            i = (i + step) % n if i >= 0 else (0 if step > 0 else n - 1)
            w = self._focus[i][0]
            if w.visible and w.is_enabled:
                self.focus_index = i
                self.on_focus(w)
                return

    # --- events ---------------------------------------------------------------
    def before_ui(self, event: pygame.event.Event) -> bool:
        """Called before pygame_gui sees the event; True swallows it (rarely needed)."""
        return False

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Buttons made with `button()`, hotkeys and focus keys. True if used."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            cb = self._actions.get(event.ui_element)
            if cb is not None:
                self.app.run_action(cb)
                return True
            return False
        if event.type == pygame.KEYDOWN:
            if self._text_entry_focused():
                return False
            if event.key == pygame.K_TAB:
                self.move_focus(-1 if event.mod & pygame.KMOD_SHIFT else 1)
                return True
            if self.arrow_navigation and event.key in _NAV_NEXT[1:]:
                self.move_focus(1)
                return True
            if self.arrow_navigation and event.key in _NAV_PREV:
                self.move_focus(-1)
                return True
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                w = self.focused_widget()
                if w is not None and w.visible and w.is_enabled:
                    self.app.run_action(self._focus[self.focus_index][1])
                    return True
            cb = self._hotkeys.get(event.key)
            if cb is not None:
                self.app.run_action(cb)
                return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.focus_index = -1  # mouse users do not need the ring
        return False

    def _text_entry_focused(self) -> bool:
        for el in self.manager.get_focus_set() or ():
            if isinstance(el, pygame_gui.elements.UITextEntryLine):
                return True
        return False
