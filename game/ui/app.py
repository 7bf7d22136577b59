"""The game window: pygame-ce display + pygame_gui manager + a stack of scenes.

`App` owns the window (resizable, fullscreen, UI scale from settings), the
pygame_gui `ui_manager`, the theme, the settings and the current campaign.
It runs the main loop at up to 60 fps; when nothing moves and no input came
for a moment it draws nothing and only looks for input every 20 ms, so an idle
screen costs almost no CPU (`idle_cpu_pct` in `python main.py bench`). See `game/ui/scene.py` for how scenes are written.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

# before pygame is first imported: its banner would land in parsed CLI output
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pygame_gui

from game.errors import SmychkaError
from game.ui.audio import Audio, scene_mood
from game.ui.guide import Guide
from game.ui.scene import Scene
from game.ui.settings import MIN_SIZE, Settings, load_settings, save_settings
from game.ui.theme import Theme
from game.ui.tip_place import GameUIManager

FPS = 60
ACTIVE_AFTER_INPUT_S = 1.5  # keep full frame rate this long after input (hover, tooltips)
IDLE_POLL_S = 0.02  # idle: look for input this often (nothing is drawn if none came)

# Scenes by name: module and class. Names are used by `open()` and by
# `python main.py screenshot --scene NAME`.
SCENES: dict[str, tuple[str, str]] = {
    "menu": ("game.ui.scenes.menu", "MenuScene"),
    "new-campaign": ("game.ui.scenes.new_campaign", "NewCampaignScene"),
    "campaign": ("game.ui.scenes.campaign", "CampaignScene"),
    "report": ("game.ui.scenes.report", "ReportScene"),
    "saves": ("game.ui.scenes.saves", "SavesScene"),
    "settings": ("game.ui.scenes.settings", "SettingsScene"),
    "sound": ("game.ui.scenes.sound", "SoundScene"),
    "mods": ("game.ui.scenes.mods", "ModsScene"),
    "game-menu": ("game.ui.scenes.game_menu", "GameMenuScene"),
    "message": ("game.ui.scenes.dialogs", "MessageScene"),
    "confirm": ("game.ui.scenes.dialogs", "ConfirmScene"),
    "charts": ("game.ui.scenes.charts", "ChartsScene"),
    "budget": ("game.ui.scenes.budget", "BudgetScene"),
    "party": ("game.ui.scenes.party", "PartyScene"),
    "encyclopedia": ("game.ui.scenes.encyclopedia", "EncyclopediaScene"),
    "end": ("game.ui.scenes.end", "EndScene"),
    "timeline": ("game.ui.scenes.timeline", "TimelineScene"),
}


# pygame_gui posts these for every button that a rebuilt or hidden screen un-hovers
# (about ninety after each turn, each twice: old style and new); nothing reads them, and
# each costs every scroll bar a walk over its contents
_UNUSED_EVENTS = frozenset((pygame_gui.UI_BUTTON_ON_HOVERED, pygame_gui.UI_BUTTON_ON_UNHOVERED))


def _user_type(event: pygame.event.Event) -> int:
    """The type of one of pygame_gui's old-style events (a USEREVENT sent beside each new
    one until pygame_gui 0.8), as a plain int: comparing its own OldType warns."""
    return int(getattr(event, "user_type", -1))


def on_screen(pos: tuple[int, int], size: tuple[int, int]) -> tuple[int, int]:
    """The top-left corner for a window centred at `pos` on the desktop: where the
    window is larger than the screen, its top (title bar) and left edge stay visible."""
    desk = (pygame.display.get_desktop_sizes() or [size])[0]
    x, y = pos
    if size[0] > desk[0]:
        x += (size[0] - desk[0]) // 2
    if size[1] > desk[1]:
        y += (size[1] - desk[1]) // 2
    return x, y


def scene_class(name: str) -> type[Scene]:
    """The scene class registered under `name` (one of SCENES)."""
    module, cls = SCENES[name]
    return getattr(importlib.import_module(module), cls)


class App:
    """The window, the widgets manager and the scene stack."""

    def __init__(
        self,
        settings: Settings | None = None,
        size: tuple[int, int] | None = None,
        scale: int | None = None,
        persist_settings: bool = True,
    ) -> None:
        if settings is None:
            settings, self.settings_warnings = load_settings()
        else:
            self.settings_warnings = []
        self.settings = settings
        if size is not None:
            self.settings.width, self.settings.height = size
        if scale is not None:
            self.settings.ui_scale = scale
        self.persist_settings = persist_settings
        # only what we use; the mixer opens later, in the background (game/ui/audio), once
        # the first frame is on screen, so start-up does not wait for an audio device
        self.audio = Audio(self.settings)
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption("Smychka")
        self.screen = self._open_window()
        self.theme = Theme(self.effective_scale())
        self.ui_manager = self._make_manager()
        self.guide = Guide(self)
        self.clock = pygame.time.Clock()
        self.scenes: list[Scene] = []
        self.campaign: Any = None  # game.campaign.Campaign while one is played
        self.campaign_mods: list[str] = []  # mod dirs the current campaign was loaded with
        self.dev = False  # `play --dev`: modders' conveniences (hot reload of cards)
        self._card_watch: tuple[Any, Any] | None = None  # (deck watched, CardWatcher)
        self.running = False
        self.frames = 0
        self._last_input = time.monotonic()
        self._last_drawn: Scene | None = None
        self._tip_in_frame = False  # the last frame showed a hover tip
        self._still: tuple[Any, pygame.Surface] | None = None  # see Scene.draw_key
        self._after_frame: list[Callable[[], Any]] = []

    # --- window and theme ---------------------------------------------------------
    def _open_window(self) -> pygame.Surface:
        flags = pygame.RESIZABLE
        size = self.settings.size
        if self.settings.fullscreen and os.environ.get("SDL_VIDEODRIVER") != "dummy":
            flags = pygame.FULLSCREEN
            size = (0, 0)
        reopened = pygame.display.get_surface() is not None
        screen = pygame.display.set_mode(size, flags)
        # pygame-ce: keep the window from shrinking below a usable layout
        with contextlib.suppress(AttributeError, pygame.error), warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            window = pygame.Window.from_display_module()
            window.minimum_size = MIN_SIZE
            if reopened and not flags & pygame.FULLSCREEN:
                # SDL keeps the top-left corner where it was: a bigger window would hang
                # off the screen's edge. Centre it; one larger than the screen keeps its
                # title bar on screen.
                window.position = pygame.WINDOWPOS_CENTERED
                window.position = on_screen(window.position, window.size)
        return screen

    def _make_manager(self) -> pygame_gui.UIManager:
        # the theme names every font with its path, so pygame_gui can load them; load
        # every size and style now rather than on first use (a stall and a warning)
        theme = self.theme
        manager = GameUIManager(
            self.screen.get_size(),
            theme.gui_dict(),
            wrap=theme.px(320),
            # the theme's tool_tip block: 8 px of padding a side, a 1 px border and the
            # text box's own 3 px (unscaled), and 2 px so rounding wraps no last word
            padding=2 * 12 + 2,
        )
        manager.keep_clear = lambda: self.scene.keep_clear() if self.scene else []
        fonts = manager.get_theme().get_font_dictionary()
        missing = [
            f
            for f in self.theme.preload_list()
            if not fonts.check_font_preloaded(
                fonts.create_font_id(
                    f["point_size"], f["name"], "bold" in f["style"], "italic" in f["style"], True
                )
            )
        ]
        manager.preload_fonts(missing)
        return manager

    def apply_settings(self) -> None:
        """Apply changed settings: re-open the window if its size or mode changed,
        rebuild every widget if the UI scale changed, else just redraw the top scene
        (a palette or hints change needs no new widgets)."""
        s = self.settings
        window_changed = s.fullscreen != self._fullscreen_now() or (
            not s.fullscreen and self.screen.get_size() != s.size
        )
        if window_changed:
            self.screen = self._open_window()
        if self.effective_scale() != self.theme.scale:
            self._rescale()
        elif window_changed:
            self._resized(self.screen.get_size())
        elif self.scene is not None:
            self.scene.rebuild()
        self.save_settings()

    def effective_scale(self) -> float:
        """The player's UI scale, capped so the layout keeps at least 853x480 scaled
        pixels (200 % on a 1280x720 window would leave no room for the map)."""
        w, h = self.screen.get_size()
        return round(min(self.settings.scale, w / 853, h / 480, 2.0), 3)

    def _rescale(self) -> None:
        """New theme and widgets manager at the current effective scale; rebuild all."""
        self.theme = Theme(self.effective_scale())
        for scene in self.scenes:
            scene.leave()
        self.ui_manager = self._make_manager()
        for i, scene in enumerate(self.scenes):
            scene.enter()
            if i < len(self.scenes) - 1:
                scene.pause()

    def _fullscreen_now(self) -> bool:
        return bool(self.screen.get_flags() & pygame.FULLSCREEN)

    def save_settings(self) -> None:
        if self.persist_settings:
            save_settings(self.settings)

    def _resized(self, size: tuple[int, int]) -> None:
        self.screen = pygame.display.get_surface()
        size = self.screen.get_size()
        if not self.settings.fullscreen:
            self.settings.width, self.settings.height = size
        if self.effective_scale() != self.theme.scale:
            self._rescale()  # the window got too small (or big enough) for the scale
            return
        self.ui_manager.set_window_resolution(size)
        for i, s in enumerate(self.scenes):
            s.on_resize(size)
            if i < len(self.scenes) - 1:
                s.pause()

    # --- scene stack ------------------------------------------------------------
    @property
    def scene(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def _make(self, scene: type[Scene] | Scene | str, kwargs: dict[str, Any]) -> Scene:
        if isinstance(scene, str):
            if scene not in SCENES:
                raise SmychkaError(f"there is no '{scene}' screen")
            return scene_class(scene)(self, **kwargs)
        if isinstance(scene, Scene):
            return scene
        return scene(self, **kwargs)

    def switch(self, scene: type[Scene] | Scene | str, **kwargs: Any) -> Scene:
        """Replace the whole stack with `scene`."""
        new = self._make(scene, kwargs)
        while self.scenes:
            self.scenes.pop().leave()
        self.scenes.append(new)
        new.enter()
        self.mark_active()
        self._scene_changed()
        return new

    def push(self, scene: type[Scene] | Scene | str, **kwargs: Any) -> Scene:
        """Put `scene` on top; the scene below keeps its state and comes back on pop()."""
        new = self._make(scene, kwargs)
        if self.scenes:
            if new.overlay:
                new.backdrop = self.snapshot()
            self.scenes[-1].pause()
        self.scenes.append(new)
        new.enter()
        self.mark_active()
        self._scene_changed()
        return new

    def pop(self) -> None:
        """Close the top scene and return to the one below (the menu if none)."""
        if self.scenes:
            closed = self.scenes.pop()
            self.guide.did(closed, "close")  # the guide's "read it, then close it" steps
            closed.leave()
        if self.scenes:
            self.scenes[-1].resume()
            self._scene_changed()
        else:
            self.switch("menu")
        self.mark_active()

    def _scene_changed(self) -> None:
        """The music follows the screen (and the campaign behind it)."""
        top = self.scene
        if top is not None:
            self.audio.set_mood(scene_mood(top.name, self.campaign))

    def open(self, name: str, push: bool = False, **kwargs: Any) -> Scene:
        return self.push(name, **kwargs) if push else self.switch(name, **kwargs)

    def has_scene(self, name: str) -> bool:
        """True if `name` is a screen of the game (for names from outside: the CLI)."""
        return name in SCENES

    def message(self, title: str, text: str, on_close: Callable[[], Any] | None = None) -> None:
        """A modal message over the current scene."""
        self.push("message", title=title, text=text, on_close=on_close)

    def run_action(self, action: Callable[[], Any]) -> None:
        """Run a widget's callback; a user-caused error becomes a message, not a crash."""
        try:
            action()
        except SmychkaError as exc:
            self.message("Something went wrong", str(exc))

    def after_frame(self, action: Callable[[], Any]) -> None:
        """Run `action` once the next frame is on screen (an autosave after the turn
        report is drawn, not before it)."""
        self._after_frame.append(lambda: self.run_action(action))

    def snapshot(self) -> pygame.Surface:
        """The current picture of the window. The last frame if it showed the current
        scene (a dimmed backdrop need not be redrawn: that cost ~50 ms after a turn),
        else drawn afresh."""
        # the guide's box and a hover tip belong to the screen on top, not to the picture
        # behind it (a region's tip stayed in the dimmed campaign behind the report)
        stale = self._last_drawn is None or self._last_drawn is not self.scene
        if stale or self.guide.shown or self._tip_in_frame:
            self.ui_manager.update(0.0)  # lay out widgets created this frame
            self.render(guide=False, tips=False)
        return self.screen.copy()

    # --- main loop ----------------------------------------------------------------
    def mark_active(self) -> None:
        self._last_input = time.monotonic()

    def _busy(self) -> bool:
        if time.monotonic() - self._last_input < ACTIVE_AFTER_INPUT_S:
            return True
        return self.audio.busy() or any(s.animating() for s in self.scenes)

    def quit(self) -> None:
        self.running = False

    def dispatch(self, event: pygame.event.Event) -> None:
        """Route one event: window events here, then widgets, then the top scene."""
        if event.type == pygame.QUIT:
            self.quit()
            return
        if event.type in _UNUSED_EVENTS or (
            event.type == pygame.USEREVENT and _user_type(event) in _UNUSED_EVENTS
        ):
            return
        if event.type == pygame.VIDEORESIZE:
            self._resized((event.w, event.h))
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.settings.fullscreen = not self.settings.fullscreen
            self.apply_settings()
            return
        if event.type in (
            pygame.KEYDOWN,
            pygame.MOUSEBUTTONDOWN,
            pygame.MOUSEMOTION,
            pygame.MOUSEWHEEL,
            pygame.TEXTINPUT,
        ):
            self.mark_active()
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            ids = getattr(event.ui_element, "object_ids", None) or []
            self.audio.play("tab" if "@tab" in ids else "click")
        top = self.scene
        if top is not None and self.guide.handle_event(top, event):
            return  # a click on the guide's box
        if top is not None and top.before_ui(event):
            return
        used = self.ui_manager.process_events(event)
        if top is None:
            return
        if used and event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            return
        try:
            top.handle_event(event)
        except SmychkaError as exc:
            self.message("Something went wrong", str(exc))

    def step(self, events: list[pygame.event.Event] | None = None, dt: float | None = None) -> None:
        """One frame: events (from the queue unless given), update, draw, flip."""
        if events is None:
            events = pygame.event.get()
        for e in events:
            self.dispatch(e)
            if not self.running and self.frames > 0 and e.type == pygame.QUIT:
                break
        self.poll_cards()
        if dt is None:
            dt = self.clock.tick(FPS) / 1000.0 if self._busy() else self.clock.tick() / 1000.0
        dt = min(dt, 0.25)
        self.ui_manager.update(dt)
        for s in list(self.scenes):
            s.update(dt)
        self.render()
        pygame.display.flip()
        self.frames += 1
        if self.frames == 1 and os.environ.get("SMYCHKA_FIRST_FRAME_FILE"):
            # startup bench: when the first frame was on screen (before the work that
            # waits for it)
            with open(os.environ["SMYCHKA_FIRST_FRAME_FILE"], "w") as fh:
                fh.write(repr(time.time()))
        while self._after_frame:  # work that may wait until the frame is on screen
            self._after_frame.pop(0)()
        if self.frames >= 2:  # the first frame is on screen: now open the mixer
            self.audio.start()
        self.audio.update(dt)

    def poll_cards(self, now: float | None = None) -> Any:
        """Hot reload (a setting, on with --dev): when a card file of the campaign's
        content changes on disk, swap the new cards in; say what happened. Costs a
        few stat() calls a second, nothing while no file changes."""
        camp = self.campaign
        if not (self.settings.hot_reload or self.dev) or camp is None or camp.deck is None:
            return None
        from game.cards.hotreload import CardWatcher, reload_campaign

        if self._card_watch is None or self._card_watch[0] is not camp.deck:
            self._card_watch = (camp.deck, CardWatcher(camp.deck.content))
        watcher = self._card_watch[1]
        if not watcher.poll(now):
            return None
        rep = reload_campaign(camp, [Path(m) for m in self.campaign_mods])
        watcher.rescan(camp.deck.content)
        self._card_watch = (camp.deck, watcher)
        for scene in self.scenes:  # a withdrawn card leaves the count of waiting cards
            refresh = getattr(scene, "_refresh_cards_button", None)
            if refresh is not None:
                refresh()
        top = self.scene
        if rep.errors or rep.withdrawn:
            self.message("Card files changed", rep.details())
        elif top is not None and hasattr(top, "toast"):
            top.toast = (rep.summary(), time.monotonic())
        return rep

    def idle_step(self) -> None:
        """One turn of the main loop: a frame at full rate while something moves or just
        after input; else sleep until an event comes and draw nothing if none did (the
        picture on screen is still right: an idle window costs no redraws). A music
        fade only needs the mixer's volume moved, not the window drawn."""
        if self._drawing():
            self.step(pygame.event.get())
            return
        # a short sleep and a look at the queue: pygame's event.wait(timeout) spins in
        # short polls (2 % of a core), this costs a tenth of that for at most 20 ms of lag
        time.sleep(IDLE_POLL_S)
        events = pygame.event.get()
        if events or self._drawing() or self.poll_cards() is not None:
            self.step(events)
        else:
            self.audio.update(min(self.clock.tick() / 1000.0, 0.25))

    def _drawing(self) -> bool:
        """True while the picture changes by itself: just after input, or animations."""
        if time.monotonic() - self._last_input < ACTIVE_AFTER_INPUT_S:
            return True
        return any(s.animating() for s in self.scenes)

    def render(self, guide: bool = True, tips: bool = True) -> None:
        """Draw the top scene (and its custom layers) plus all widgets to the screen;
        without `guide` or `tips`, leave out the guide's box or the hover tips."""
        top = self.scene
        self._last_drawn = top
        self._tip_in_frame = False
        if top is None:
            self.screen.fill(self.theme.c("bg"))
            return
        key = top.draw_key()
        if key is None:
            top.draw(self.screen)
        else:
            key = (id(top), key, self.screen.get_size(), self.theme.scale, self.settings.palette)
            if self._still is None or self._still[0] != key:
                top.draw(self.screen)
                self._still = (key, self.screen.copy())
            else:
                self.screen.blit(self._still[1], (0, 0))
        self.ui_manager.draw_ui(self.screen)
        top.draw_after(self.screen)
        if guide:
            self.guide.draw(top, self.screen)  # the first campaign's guide, over it all
        if not tips:
            return
        top.draw_tips(self.screen)  # but for what the pointer rests on
        self._tip_in_frame = getattr(getattr(top, "tips", None), "shown", None) is not None
        # a scene's own layers over the widgets (an event card, a hint) must not hide
        # a widget's tooltip: draw the tooltips once more, on top
        # a tooltip opens on the top layer, so it is among the last sprites (in layer order)
        for tip in self.ui_manager.get_sprite_group().sprites()[-4:]:
            if isinstance(tip, pygame_gui.elements.UITooltip) and tip.alive():
                box = getattr(tip, "text_block", None)
                for part in (tip, box):
                    if part is not None and part.visible and part.image is not None:
                        self.screen.blit(part.image, part.rect)
                        self._tip_in_frame = True

    def run(self, max_frames: int | None = None, first: str = "menu") -> int:
        """The main loop; returns the exit code. `max_frames` quits after that many frames."""
        if not self.scenes:
            self.switch(first)
            for w in self.settings_warnings:
                print(f"smychka: warning: {w}")
        self.running = True
        while self.running:
            if max_frames is not None:
                self.step(pygame.event.get())
            else:
                self.idle_step()
            if max_frames is not None and self.frames >= max_frames:
                self.running = False
        self.save_settings()
        return 0

    def close(self) -> None:
        for s in self.scenes:
            s.leave()
        self.scenes.clear()
        self.audio.close()
        pygame.display.quit()
