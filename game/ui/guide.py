"""The guided first campaign: steps that point at a part of the screen and wait for the
player to do what they teach (answer a card, open a region, move a lever, read the
report and the budget, end the season).

The steps are data, `assets/ui/guide.toml` (its header says what each field means).
The settings remember the steps done by their ids (`hints_seen`) and whether the guide
is on (`hints_enabled`), so it resumes where the player left it, in this campaign or
the next; Skip passes a step, "End the guide" turns it off, Settings brings it back.

A screen hosts the guide by naming its parts (`GuideHost.guide_target`), saying what
holds on it (`guide_facts`: a card up, alerts...) and what the guide must never cover
(`keep_clear`: the event card). The App draws the guide over the top screen and
gives it the clicks on its box first; the screens tell it what the player did
(`App.guide.did(scene, action)`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pygame

from game import paths
from game.errors import ContentError
from game.ui.content_toml import content_tables, need_texts, read_content, unique_ids
from game.ui.tip_place import control_rects, place_beside
from game.ui.widgets import ellipsize, wrap

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.theme import Theme

GUIDE_FILE = paths.asset("ui", "guide.toml")

SCENES = ("campaign", "report", "budget")
FACTS = ("card", "no_card", "alerts", "harvest")
WAITS = ("next", "card_answered", "region_selected", "end_turn", "close")
WAIT_PREFIXES = {
    "lever": None,  # any section of the policy column (checked against the vocabulary)
    "tip": ("top", "left", "alerts"),
    "open": ("budget", "charts", "timeline"),
}
# steps passed over while what they need does not hold, so later ones can go ahead: a
# card or an alert comes when it comes
DEFERRED_WHEN = ("card", "alerts")
BUTTON_LABELS = {"next": "Next", "skip": "Skip", "end": "End the guide"}


@dataclass(frozen=True)
class Step:
    id: str
    scene: str
    target: str
    wait: str
    title: str
    text: str
    when: tuple[str, ...] = ()

    @property
    def deferred(self) -> bool:
        return any(f in DEFERRED_WHEN for f in self.when)

    def waits_for(self, action: str) -> bool:
        return self.wait == action or (self.wait == "lever" and action.startswith("lever:"))


def _lever_sections() -> set[str]:
    from game.engine.vocab import LEVERS

    return {lv.section for lv in LEVERS}


def _check_wait(path: Path, sid: str, wait: str) -> None:
    if wait in WAITS or wait == "lever":
        return
    head, _, arg = wait.partition(":")
    if head not in WAIT_PREFIXES or not arg:
        known = ", ".join([*WAITS, *(f"{p}:..." for p in WAIT_PREFIXES)])
        raise ContentError(f"{path}: step '{sid}': unknown wait '{wait}' (known: {known})")
    allowed = WAIT_PREFIXES[head]
    if allowed is None:
        allowed = tuple(sorted(_lever_sections()))
    if arg not in allowed:
        raise ContentError(
            f"{path}: step '{sid}': '{wait}': expected {head}: one of {', '.join(allowed)}"
        )


def parse_guide(text: str, path: Path = GUIDE_FILE) -> list[Step]:
    """The steps of a guide file, in order; ContentError saying what is wrong."""
    tables = content_tables(text, path, "step", "step", required=True)
    steps: list[Step] = []
    for sid, s in zip(unique_ids(tables, path, "step"), tables, strict=True):
        need_texts(s, ("scene", "target", "wait", "title", "text"), path, f"step '{sid}'")
        unknown = set(s) - {"id", "scene", "target", "wait", "title", "text", "when"}
        if unknown:
            raise ContentError(f"{path}: step '{sid}': unknown keys {sorted(unknown)}")
        if s["scene"] not in SCENES:
            raise ContentError(
                f"{path}: step '{sid}': unknown scene '{s['scene']}' (known: {', '.join(SCENES)})"
            )
        when = s.get("when", [])
        if not isinstance(when, list) or any(w not in FACTS for w in when):
            raise ContentError(f"{path}: step '{sid}': 'when' must be a list of {', '.join(FACTS)}")
        _check_wait(path, sid, s["wait"])
        steps.append(
            Step(
                sid, s["scene"], s["target"], s["wait"], s["title"], s["text"].strip(), tuple(when)
            )
        )
    return steps


@lru_cache(maxsize=4)
def _cached_steps(path: Path) -> tuple[Step, ...]:
    return tuple(parse_guide(read_content(path, "guide"), path))


def guide_steps(path: Path = GUIDE_FILE) -> tuple[Step, ...]:
    return _cached_steps(path)


class GuideHost(Protocol):
    """A screen the guide can show its steps on."""

    name: str

    def guide_target(self, target: str) -> pygame.Rect | None:
        """Where the part of the screen called `target` is, if it is on screen now."""
        ...

    def guide_facts(self) -> set[str]:
        """What holds on this screen now (of FACTS)."""
        ...

    def keep_clear(self) -> list[pygame.Rect]:
        """What the guide's box must never cover (an event card)."""
        ...


@dataclass
class _Layout:
    key: tuple[object, ...]
    box: pygame.Rect
    target: pygame.Rect | None
    lines: list[list[str]]
    buttons: dict[str, pygame.Rect]
    title: str  # the step's title, made to fit beside the counter
    title_rect: pygame.Rect
    count_rect: pygame.Rect


class Guide:
    """The first campaign's guide, over whichever screen is on top (see the module)."""

    def __init__(self, app: App, steps: tuple[Step, ...] | None = None) -> None:
        self.app = app
        self._steps = steps  # read from the file when first needed (not at the menu)
        self._layout: _Layout | None = None
        self.shown: Step | None = None  # the step drawn in the last frame (tests)

    # --- progress -----------------------------------------------------------------------
    @property
    def steps(self) -> tuple[Step, ...]:
        if self._steps is None:
            self._steps = guide_steps()
        return self._steps

    @property
    def on(self) -> bool:
        return self.app.settings.hints_enabled

    def _done(self) -> set[str]:
        return set(self.app.settings.hints_seen)

    def remaining(self) -> list[Step]:
        done = self._done()
        return [s for s in self.steps if s.id not in done]

    def _holds(self, step: Step, host: GuideHost) -> bool:
        facts = host.guide_facts()
        return all(f in facts for f in step.when)

    def current(self, host: GuideHost | None) -> Step | None:
        """The step to show on `host`: the first not done, passing over those of other
        screens (a report to read comes with the next report, after a restart too) and
        those waiting for a card or an alert; None while the step waits for what it
        needs (the harvest), or when the guide is off or over."""
        if host is None or not self.on or not self._campaign_on():
            return None
        for step in self.remaining():
            if step.scene != host.name:
                continue
            if self._holds(step, host):
                return step
            if step.deferred:
                continue
            return None
        return None

    def _campaign_on(self) -> bool:
        camp = self.app.campaign
        return camp is not None and not camp.finished

    def did(self, host: GuideHost, action: str) -> None:
        """The player did `action` on `host`: the step that waits for it is done (the
        current one, or one passed over on the way to it)."""
        if not self.on or not self._campaign_on():
            return
        for step in self.remaining():
            if step.scene != host.name:
                continue
            if step.waits_for(action):
                self.finish(step.id)
                return
            if step.deferred:
                continue
            return

    def finish(self, step_id: str) -> None:
        s = self.app.settings
        if step_id not in s.hints_seen:
            s.hints_seen.append(step_id)
            self.app.save_settings()
        self._layout = None
        self.app.mark_active()

    def end(self) -> None:
        """Turn the guide off (Settings turns it on again, where it was)."""
        self.app.settings.hints_enabled = False
        self.app.save_settings()
        self._layout = None
        self.app.mark_active()

    # --- drawing ------------------------------------------------------------------------
    def layout(self, host: GuideHost, size: tuple[int, int]) -> _Layout | None:
        step = self.current(host)
        if step is None:
            return None
        theme = self.app.theme
        target = host.guide_target(step.target)
        clear = host.keep_clear()
        key = (step.id, tuple(target or ()), tuple(map(tuple, clear)), size, theme.scale)
        if self._layout is not None and self._layout.key == key:
            return self._layout
        px = theme.px
        window = pygame.Rect(0, 0, *size)
        ring = target.inflate(px(8), px(8)).clip(window) if target is not None else None
        # the box covers as few of the screen's controls as it can (the card never):
        # beside its target at full width, or narrower, or in a free corner
        controls = [
            c for c in control_rects(self.app.ui_manager) if ring is None or not ring.contains(c)
        ]
        w = min(px(360), max(px(240), size[0] // 3))
        tries = []
        for ww in dict.fromkeys((w, max(px(220), w * 3 // 4))):
            pp, hh = self._measure(step, ww)
            if ring is not None:
                bx = place_beside(
                    (ww, hh), ring, ring.centerx, window, gap=px(10), avoid=clear + controls
                )
            else:
                bx = pygame.Rect(window.right - ww - px(12), window.bottom - hh - px(80), ww, hh)
            tries.append((bx, pp))

        def cost(r: pygame.Rect) -> tuple[int, int]:
            on_card = sum(_area(r.clip(c)) for c in clear)
            return on_card, sum(_area(r.clip(c)) for c in controls)

        box, paras = min(tries, key=lambda bp: cost(bp[0]))
        if cost(box)[1]:  # a corner with no control in it, nearest the target
            box = self._free_corner(box, window, clear + controls, ring) or box
        if cost(box)[0]:  # beside the card (or the table to read), narrower if need be
            for strip in self._free_strips(window, clear, target):
                ww = min(w, strip.w - 2 * px(8))
                if ww < px(200):
                    continue
                p2, hh = self._measure(step, ww)
                if hh > strip.h - 2 * px(8):
                    continue
                ty = target.centery if target is not None else strip.centery
                y = min(max(ty - hh // 2, strip.top + px(8)), strip.bottom - px(8) - hh)
                spots = [
                    pygame.Rect(x, y, ww, hh) for x in (strip.right - px(8) - ww, strip.x + px(8))
                ]
                spots = [r for r in spots if ring is None or not r.colliderect(ring)]
                if spots:
                    box, paras = min(spots, key=cost), p2
                    break
        box = box.clamp(window)
        primary = "next" if step.wait == "next" else "skip"
        buttons = self._buttons(box, primary)
        # the title and the counter share the first line: the title gives way
        pad = px(12)
        count_w, count_h = theme.font(11).size(self._count_text(step))
        count_rect = pygame.Rect(box.right - pad - count_w, box.y + px(12), count_w, count_h)
        head = theme.font(14, "bold")
        title = ellipsize(head, step.title, count_rect.x - px(8) - (box.x + pad))
        title_rect = pygame.Rect(box.x + pad, box.y + px(10), *head.size(title))
        self._layout = _Layout(key, box, target, paras, buttons, title, title_rect, count_rect)
        return self._layout

    def _buttons(self, box: pygame.Rect, primary: str) -> dict[str, pygame.Rect]:
        """The box's two buttons on its last line, each as wide as its label needs, apart
        by a gap; in a narrow box they share the line equally (fixed widths made them
        overlap at 150 % in the narrow boxes beside a card)."""
        theme = self.app.theme
        px = theme.px
        pad, gap, bh = px(12), px(8), px(30)
        f = theme.font(12, "bold")
        end_w = max(px(110), f.size(BUTTON_LABELS["end"])[0] + px(24))
        main_w = max(px(90), f.size(BUTTON_LABELS[primary])[0] + px(24))
        room = box.w - 2 * pad - gap
        if end_w + main_w > room:
            end_w = main_w = room // 2
        y = box.bottom - px(40)
        return {
            primary: pygame.Rect(box.right - pad - main_w, y, main_w, bh),
            "end": pygame.Rect(box.x + pad, y, end_w, bh),
        }

    def _count_text(self, step: Step) -> str:
        n, total = self._position(step)
        return f"{n} / {total}"

    def _measure(self, step: Step, width: int) -> tuple[list[list[str]], int]:
        """The step's paragraphs wrapped to a box `width` wide, and the box's height."""
        px = self.app.theme.px
        f = self.app.theme.font(13)
        paras = [wrap(f, p.replace("\n", " "), width - px(24)) for p in step.text.split("\n\n")]
        n_lines = sum(len(p) for p in paras)
        return paras, px(36) + n_lines * f.get_linesize() + (len(paras) - 1) * px(6) + px(50)

    def _free_corner(
        self,
        box: pygame.Rect,
        window: pygame.Rect,
        avoid: list[pygame.Rect],
        target: pygame.Rect | None,
    ) -> pygame.Rect | None:
        """A corner of the window where the box covers nothing of `avoid` nor the
        target, nearest the target; None if there is none."""
        inner = window.inflate(-2 * self.app.theme.px(8), -2 * self.app.theme.px(8))
        spots = [
            pygame.Rect(x, y, box.w, box.h)
            for x in (inner.right - box.w, inner.x)
            for y in (inner.bottom - box.h, inner.y)
        ]
        # a corner across the window from the target would point at it from afar
        near = (window.w**2 + window.h**2) ** 0.5 / 2
        cx, cy = (target or box).center
        spots = [
            r
            for r in spots
            if r.collidelist(avoid) < 0
            and (target is None or not r.colliderect(target))
            and ((r.centerx - cx) ** 2 + (r.centery - cy) ** 2) ** 0.5 <= near
        ]
        if not spots:
            return None
        return min(spots, key=lambda r: (r.centerx - cx) ** 2 + (r.centery - cy) ** 2)

    @staticmethod
    def _free_strips(
        window: pygame.Rect, clear: list[pygame.Rect], target: pygame.Rect | None
    ) -> list[pygame.Rect]:
        """The bands of the window beside what must stay clear (right of an event card,
        left of it, above, below), nearest the target first."""
        c = clear[0].unionall(clear[1:])
        strips = [
            pygame.Rect(c.right, window.top, window.right - c.right, window.h),
            pygame.Rect(window.left, window.top, c.left - window.left, window.h),
            pygame.Rect(window.left, window.top, window.w, c.top - window.top),
            pygame.Rect(window.left, c.bottom, window.w, window.bottom - c.bottom),
        ]
        strips = [r for r in strips if r.w > 0 and r.h > 0]
        if target is not None:
            cx, cy = target.center
            strips.sort(key=lambda r: (r.centerx - cx) ** 2 + (r.centery - cy) ** 2)
        return strips

    def draw(self, host: GuideHost, surface: pygame.Surface) -> None:
        lay = self.layout(host, surface.get_size())
        self.shown = self.current(host) if lay is not None else None
        if lay is None or self.shown is None:
            return
        step = self.shown
        t: Theme = self.app.theme
        px = t.px
        focus = t.c("focus")
        if lay.target is not None:  # the part of the screen the step is about
            ring = lay.target.inflate(px(8), px(8))
            pygame.draw.rect(surface, focus, ring, width=max(2, px(3)), border_radius=px(6))
            a, b = _nearest_points(lay.box, ring)
            pygame.draw.line(surface, focus, a, b, max(2, px(2)))
        box = lay.box
        pygame.draw.rect(surface, (30, 34, 42), box, border_radius=px(6))
        pygame.draw.rect(surface, focus, box, width=max(2, px(2)), border_radius=px(6))
        x, y = box.x + px(12), box.y + px(10)
        surface.blit(t.font(14, "bold").render(lay.title, True, focus), lay.title_rect)
        count = t.font(11).render(self._count_text(step), True, t.c("text_dim"))
        surface.blit(count, lay.count_rect)
        y += px(26)
        f = t.font(13)
        for k, para in enumerate(lay.lines):
            if k:
                y += px(6)
            for ln in para:
                surface.blit(f.render(ln, True, t.c("text")), (x, y))
                y += f.get_linesize()
        mouse = pygame.mouse.get_pos()
        labels = BUTTON_LABELS
        for name, r in lay.buttons.items():
            hover = r.collidepoint(mouse)
            bg = t.c("accent_dark") if hover or name == "next" else t.c("panel_light")
            pygame.draw.rect(surface, bg, r, border_radius=px(4))
            pygame.draw.rect(surface, t.c("border"), r, width=1, border_radius=px(4))
            img = t.font(12, "bold").render(labels[name], True, t.c("text"))
            surface.blit(img, img.get_rect(center=r.center))

    def _position(self, step: Step) -> tuple[int, int]:
        ids = [s.id for s in self.steps]
        return ids.index(step.id) + 1, len(ids)

    # --- events -------------------------------------------------------------------------
    def handle_event(self, host: GuideHost, event: pygame.event.Event) -> bool:
        """Clicks on the guide's box are its own: its buttons act, the rest of the box
        takes the click so nothing under it does. True if used."""
        if event.type not in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            return False
        if getattr(event, "button", 1) != 1:
            return False
        lay = self.layout(host, self.app.screen.get_size())
        step = self.current(host)
        if lay is None or step is None or not lay.box.collidepoint(event.pos):
            return False
        if event.type == pygame.MOUSEBUTTONDOWN:
            for name, r in lay.buttons.items():
                if r.collidepoint(event.pos):
                    if name == "end":
                        self.end()
                    else:
                        self.finish(step.id)
                    break
        return True


def _area(r: pygame.Rect) -> int:
    return r.w * r.h


def _nearest_points(a: pygame.Rect, b: pygame.Rect) -> tuple[tuple[int, int], tuple[int, int]]:
    """A short line from box `a` to box `b` (edge to edge, or nothing if they touch)."""
    ax = min(max(b.centerx, a.left), a.right - 1)
    ay = min(max(b.centery, a.top), a.bottom - 1)
    bx = min(max(ax, b.left), b.right - 1)
    by = min(max(ay, b.top), b.bottom - 1)
    return (ax, ay), (bx, by)
