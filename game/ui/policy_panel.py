"""Policy controls built from the levers declared in game.engine.vocab.

`PolicyPanel` fills a scrolling container with sliders and toggles for either
national policy or one region's overrides, and writes every change straight
into the campaign with `campaign.set_decisions`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from game.engine.decisions import Decisions, RegionOverride
from game.engine.vocab import (
    LEVER,
    LEVERS,
    SECTIONS,
    LeverKind,
    lever_part,
    part_help,
    part_label,
)
from game.ui.widgets import ellipsize

if TYPE_CHECKING:
    from game.engine.state import State
    from game.ui.scene import Scene

SLIDER_STEPS = 100
SPLIT_NOTE = "Shares of 100 %: one up, the rest down"
SPLIT_HELP = (
    "The parts always add up to 100 % of what is left to invest: moving one slider "
    "takes from the others (or gives to them) in proportion"
)
_TOGGLES = (LeverKind.CHOICE, LeverKind.BOOL)


def visible_sections(state: State | None) -> tuple[str, ...]:
    """Ids of the sections shown now: a section with `only_when` (the war's) only while
    its figure is non-zero; every section when there is no state."""
    return tuple(
        sec.id
        for sec in SECTIONS
        if state is None or not sec.only_when or state.nat.get(sec.only_when, 0.0)
    )


def panel_sections(state: State | None = None) -> list[tuple[str, list[str]]]:
    """(title, control names) for each section with controls, in the vocabulary's order;
    per-stratum and split levers give one control per part (`tax.kulak`). With a state,
    only the sections it shows (`visible_sections`), a conditional one first."""
    out = []
    shown = visible_sections(state)
    # a section shown only now (the war's) comes first: it is what this season is about
    ordered = [s for s in SECTIONS if s.only_when] + [s for s in SECTIONS if not s.only_when]
    for sec in ordered:
        if sec.id not in shown:
            continue
        names = [part for lv in LEVERS if lv.section == sec.id for part in lv.parts()]
        if names:
            out.append((sec.title, names))
    return out


def field_range(name: str) -> tuple[float, float]:
    lever, _ = lever_part(name)
    return lever.lo, lever.hi


def fmt_field(name: str, value: float) -> str:
    return lever_part(name)[0].fmt(value)


def help_for(name: str) -> str:
    return part_help(name)


def label_for(name: str) -> str:
    return part_label(name)


def idle_because(name: str, effective: Any) -> bool:
    """True when the lever does nothing under the current policy (a forced-drive slider
    while the path is not forced): its value then reads "off"."""
    acts_on = lever_part(name)[0].acts_on
    return acts_on is not None and effective(acts_on[0]) != acts_on[1]


def shares_of(split: dict[str, float]) -> dict[str, float]:
    """A split lever's parts as shares of the whole, as the engine uses them (it divides
    by the sum): an old save's 40/15/35/25 is 35/13/30/22 %."""
    total = sum(split.values())
    if total <= 0:
        return {k: 1 / len(split) for k in split}
    return {k: v / total for k, v in split.items()}


def rebalance(split: dict[str, float], key: str, value: float) -> dict[str, float]:
    """Set one part of a split to `value` (a share, 0..1) and scale the others so the
    whole stays 100 %: moving heavy industry up takes from the rest in proportion."""
    value = min(1.0, max(0.0, value))
    rest = {k: v for k, v in shares_of(split).items() if k != key}
    room, have = 1.0 - value, sum(rest.values())
    if have <= 1e-9:
        rest = {k: room / len(rest) for k in rest} if rest else {}
    else:
        rest = {k: v * room / have for k, v in rest.items()}
    out = {k: round(v, 4) for k, v in rest.items()}
    out[key] = round(value, 4)
    if sum(out.values()) <= 0:  # the engine needs some investment somewhere
        out = {k: 1 / len(out) for k in out}
    return {k: out[k] for k in split}


def shown_percents(shares: list[float]) -> list[int]:
    """Whole percents that add up to exactly 100 (largest remainders get the rounding),
    so the investment column never reads 99 % or 101 %."""
    raw = [max(0.0, s) * 100 for s in shares]
    total = sum(raw)
    if total <= 0:
        return [0 for _ in raw]
    raw = [r * 100 / total for r in raw]
    out = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)
    for i in order[: 100 - sum(out)]:
        out[i] += 1
    return out


class PolicyPanel:
    """Controls for national policy (region=None) or one region's overrides."""

    def __init__(self, scene: Scene, rect: pygame.Rect, region: str | None) -> None:
        self.scene = scene
        self.region = region
        self.sliders: dict[str, pygame_gui.elements.UIHorizontalSlider] = {}
        self.values: dict[str, pygame_gui.elements.UILabel] = {}
        self.toggles: dict[tuple[str, str], pygame_gui.elements.UIButton] = {}
        self.reset_button: pygame_gui.elements.UIButton | None = None
        self._value_ids: dict[str, str] = {}
        self.buttons: list[pygame_gui.elements.UIButton] = []  # registered with the scene
        self.scroll = pygame_gui.elements.UIScrollingContainer(
            rect,
            manager=scene.manager,
            container=scene.root,
            allow_scroll_x=False,
        )
        # the sections built: the scene rebuilds the panel when the war opens or closes one
        self.sections_shown = visible_sections(scene.campaign.state)
        self._build(rect.w - scene.px(18))

    # --- reading and writing the campaign -------------------------------------------
    @property
    def decisions(self) -> Decisions:
        return self.scene.campaign.decisions

    def effective(self, name: str) -> Any:
        pol = self.decisions.policy
        if name.startswith("tax."):
            return pol.tax[name[4:]]
        if name.startswith("invest."):
            return shares_of(pol.invest)[name[7:]]
        if self.region is not None:
            ov = self.decisions.overrides.get(self.region)
            if ov is not None and getattr(ov, name, None) is not None:
                return getattr(ov, name)
        return getattr(pol, name)

    def overridden(self, name: str) -> bool:
        if self.region is None:
            return False
        ov = self.decisions.overrides.get(self.region)
        return ov is not None and getattr(ov, name, None) is not None

    def set(self, name: str, value: Any) -> None:
        """Change one field and hand the new decisions to the campaign."""
        d = self.decisions
        if name.startswith("tax."):
            tax = dict(d.policy.tax)
            tax[name[4:]] = float(value)
            new = Decisions(d.policy.with_changes(tax=tax), dict(d.overrides))
        elif name.startswith("invest."):
            inv = rebalance(dict(d.policy.invest), name[7:], float(value))
            new = Decisions(d.policy.with_changes(invest=inv), dict(d.overrides))
        elif self.region is None:
            new = Decisions(d.policy.with_changes(**{name: value}), dict(d.overrides))
        else:
            ovs = dict(d.overrides)
            ov = ovs.get(self.region, RegionOverride())
            ovs[self.region] = replace(ov, **{name: value})
            new = Decisions(d.policy, ovs)
        self.scene.campaign.decide(new)  # the player's change: undoable
        # the guide's "move a lever" steps
        self.scene.app.guide.did(self.scene, f"lever:{lever_part(name)[0].section}")
        self.refresh()

    def reset_region(self) -> None:
        if self.region is None:
            return
        d = self.decisions
        ovs = {k: v for k, v in d.overrides.items() if k != self.region}
        self.scene.campaign.decide(Decisions(d.policy, ovs))
        self.refresh()

    # --- widgets ---------------------------------------------------------------------
    def _fields(self) -> list[tuple[str, list[str]]]:
        sections = panel_sections(self.scene.campaign.state)
        if self.region is None:
            return sections
        out = []
        for title, names in sections:
            keep = [n for n in names if lever_part(n)[0].overridable]
            if keep:
                out.append((title, keep))
        return out

    def _build(self, width: int) -> None:
        sc = self.scene
        px = sc.px
        m = sc.manager
        c = self.scroll
        y = px(4)
        if self.region is not None:
            self.reset_button = b = sc.button(
                pygame.Rect(0, y, width, px(32)),
                ellipsize(
                    sc.theme.font(15), "Reset this region to national policy", width - px(16)
                ),
                self.reset_region,
                tooltip="Drop every regional override here",
                container=c,
            )
            self.buttons.append(b)
            y += px(42)
        for title, names in self._fields():
            pygame_gui.elements.UILabel(
                pygame.Rect(0, y, width, px(26)), title, m, container=c, object_id="@heading"
            )
            y += px(30)
            if any(lever_part(n)[0].kind is LeverKind.SPLIT for n in names):
                note = pygame_gui.elements.UILabel(
                    pygame.Rect(0, y, width, px(20)),
                    ellipsize(sc.theme.font(13), SPLIT_NOTE, width - px(8)),
                    m,
                    container=c,
                    object_id="@small_dim",
                )
                note.set_tooltip(SPLIT_HELP, delay=0.4, wrap_width=px(320))
                y += px(24)
            for name in names:
                if lever_part(name)[0].kind in _TOGGLES:
                    y = self._toggle_row(name, y, width)
                else:
                    y = self._slider_row(name, y, width)
            y += px(8)
        self.scroll.set_scrollable_area_dimensions((width, y))
        self.refresh()

    def _toggle_row(self, name: str, y: int, width: int) -> int:
        sc = self.scene
        px = sc.px
        lever = LEVER[name]
        if lever.kind is LeverKind.CHOICE:
            choices = [(c.value, c.label) for c in lever.choices]
        else:
            choices = [("1", "Yes"), ("0", "No")]
        lab = pygame_gui.elements.UILabel(
            pygame.Rect(0, y, width, px(22)), label_for(name), sc.manager, container=self.scroll
        )
        lab.set_tooltip(help_for(name), delay=0.4, wrap_width=px(320))
        y += px(24)
        bw = (width - px(6) * (len(choices) - 1)) // len(choices)
        for i, (val, text) in enumerate(choices):
            real: Any = val
            if lever.kind is LeverKind.BOOL:
                real = val == "1"
            b = sc.button(
                pygame.Rect(i * (bw + px(6)), y, bw, px(30)),
                text,
                lambda n=name, v=real: self.set(n, v),
                tooltip=help_for(name),
                container=self.scroll,
            )
            self.toggles[(name, val)] = b
            self.buttons.append(b)
        return y + px(38)

    def _slider_row(self, name: str, y: int, width: int) -> int:
        sc = self.scene
        px = sc.px
        lab = pygame_gui.elements.UILabel(
            pygame.Rect(0, y, width * 6 // 10, px(22)),
            label_for(name),
            sc.manager,
            container=self.scroll,
        )
        lab.set_tooltip(help_for(name), delay=0.4, wrap_width=px(320))
        val = pygame_gui.elements.UILabel(
            pygame.Rect(width * 6 // 10, y, width * 4 // 10, px(22)),
            "",
            sc.manager,
            container=self.scroll,
            object_id="@value",
        )
        self.values[name] = val
        s = pygame_gui.elements.UIHorizontalSlider(
            pygame.Rect(0, y + px(22), width, px(20)),
            0,
            (0, SLIDER_STEPS),
            sc.manager,
            container=self.scroll,
            click_increment=5,
        )
        tip = help_for(name)
        acts_on = lever_part(name)[0].acts_on
        if acts_on is not None:
            when = LEVER[acts_on[0]]
            value = next(c.label for c in when.choices if c.value == acts_on[1])
            tip += f". Used only while the {when.label.lower()} is {value} ('off' otherwise)."
            lab.set_tooltip(tip, delay=0.4, wrap_width=px(320))
        s.set_tooltip(tip, delay=0.6, wrap_width=px(320))
        self.sliders[name] = s
        # keyboard: Tab reaches the slider, Left/Right move it (see nudge)
        sc.focusable(s, lambda: None)
        self.buttons.append(s)  # forgotten by the scene with the panel
        return y + px(50)

    def refresh(self) -> None:
        """Show the campaign's current decisions in the widgets."""
        invest = shares_of(self.decisions.policy.invest)
        invest_pct = dict(zip(invest, shown_percents(list(invest.values())), strict=True))
        for name, s in self.sliders.items():
            lo, hi = field_range(name)
            v = float(self.effective(name))
            pos = round((v - lo) / (hi - lo) * SLIDER_STEPS) if hi > lo else 0
            if s.get_current_value() != pos:
                s.set_current_value(pos)
            text = fmt_field(name, v)
            if name.startswith("invest."):
                text = f"{invest_pct[name[7:]]} %"  # the four add up to 100 %
            if idle_because(name, self.effective):
                text = f"off · {text}"
            lbl = self.values[name]
            if self.region is not None:
                # dim when the region simply follows national policy
                want = "@value" if self.overridden(name) else "@value_inherited"
                if self._value_ids.get(name) != want:
                    self._value_ids[name] = want
                    lbl.change_object_id(want)
                    lbl.set_tooltip(
                        "Set for this region"
                        if want == "@value"
                        else "Follows national policy; move the slider to set it here",
                        delay=0.4,
                    )
            if lbl.text != text:
                lbl.set_text(text)
        for (name, val), b in self.toggles.items():
            cur = self.effective(name)
            on = (str(int(cur)) == val) if isinstance(cur, bool) else (cur == val)
            if on and not b.is_selected:
                b.select()
            elif not on and b.is_selected:
                b.unselect()
        if self.reset_button is not None:
            has = (
                self.region in self.decisions.overrides
                and not self.decisions.overrides[self.region].is_empty()
            )
            if has and not self.reset_button.is_enabled:
                self.reset_button.enable()
            elif not has and self.reset_button.is_enabled:
                self.reset_button.disable()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            for name, s in self.sliders.items():
                if event.ui_element is s:
                    lo, hi = field_range(name)
                    value = lo + (hi - lo) * s.get_current_value() / SLIDER_STEPS
                    self.set(name, round(value, 4))
                    return True
        return False

    def nudge(self, widget: Any, step: int) -> bool:
        """Move a focused slider one step (5 %) left or right. False if not ours."""
        for name, s in self.sliders.items():
            if s is widget:
                value = min(SLIDER_STEPS, max(0, s.get_current_value() + step * 5))
                s.set_current_value(value)
                lo, hi = field_range(name)
                self.set(name, round(lo + (hi - lo) * value / SLIDER_STEPS, 4))
                self.scroll_into_view(s)
                return True
        return False

    def section_rect(self, section: str) -> pygame.Rect | None:
        """Where the controls of a section of the column are on screen (the guide points
        there); scrolled into view first if none of them is."""
        widgets = [
            w
            for name, w in [*self.sliders.items(), *((n, b) for (n, _), b in self.toggles.items())]
            if lever_part(name)[0].section == section
        ]
        if not widgets:
            return None
        view = self.scroll.get_abs_rect()

        def seen() -> list[pygame.Rect]:
            return [r for r in (w.get_abs_rect().clip(view) for w in widgets) if r.h > 0]

        if not seen():
            self.scroll_into_view(widgets[0])
            # move the widgets now, not at the next frame (the container follows its bar
            # when it updates; the bar's own update would forget that it moved)
            self.scroll.update(0.0)
        rects = seen()
        return rects[0].unionall(rects[1:]) if rects else None

    def scroll_into_view(self, widget: Any) -> None:
        """Keep a keyboard-focused control visible in the scrolling column."""
        view = self.scroll.get_abs_rect()
        r = widget.get_abs_rect()
        bar = getattr(self.scroll, "vert_scroll_bar", None)
        if bar is None or view.contains(r):
            return
        total = self.scroll.scrolling_height if hasattr(self.scroll, "scrolling_height") else 0
        if not total:
            return
        inner_y = r.y - view.y + bar.start_percentage * total
        target = max(0.0, min(1.0 - bar.visible_percentage, (inner_y - view.h / 3) / total))
        bar.set_scroll_from_start_percentage(target)

    def track_click(self, pos: tuple[int, int]) -> bool:
        """A click on a slider's track (not its handle) jumps the value there."""
        view = self.scroll.get_abs_rect()
        if not view.collidepoint(pos):
            return False
        for name, s in self.sliders.items():
            r = s.get_abs_rect()
            if not r.collidepoint(pos):
                continue
            knob = s.sliding_button.get_abs_rect() if s.sliding_button else pygame.Rect(0, 0, 0, 0)
            if knob.collidepoint(pos):
                return False  # let pygame_gui drag the handle
            half = knob.w // 2
            frac = (pos[0] - r.x - half) / max(1, r.w - 2 * half)
            step = round(min(1.0, max(0.0, frac)) * SLIDER_STEPS)
            s.set_current_value(step)
            lo, hi = field_range(name)
            self.set(name, round(lo + (hi - lo) * step / SLIDER_STEPS, 4))
            return True
        return False

    def slider_value(self, name: str) -> float:
        lo, hi = field_range(name)
        return lo + (hi - lo) * self.sliders[name].get_current_value() / SLIDER_STEPS

    def kill(self) -> None:
        self.scroll.kill()
