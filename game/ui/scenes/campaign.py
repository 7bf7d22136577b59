"""The campaign screen: map, top bar, region panel, policy, event cards, end turn.

Keys: Enter ends the turn, 1-4 answer the card in front of you, H shows its
historical note, Left/Right pick the region (or move the slider that has the
focus), Tab walks through the controls, F5 quicksaves, F9 quickloads, Esc
opens the game menu.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import fields
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from game.engine.alerts import Alert, alerts
from game.engine.figures import headline
from game.engine.rules.world import nazi_odds
from game.engine.state import SEASONS
from game.engine.vocab import (
    LEVER,
    Figure,
    LeverKind,
    map_figures,
    series_unit,
    top_bar_figures,
)
from game.ui import session
from game.ui.audio import situation_of, turn_cues
from game.ui.card_view import CardView, preview_text
from game.ui.map_view import MapView, is_share, map_layer, render_layer
from game.ui.policy_panel import PolicyPanel, visible_sections
from game.ui.region_panel import draw_region_panel, region_name, region_tip
from game.ui.scene import Scene
from game.ui.tooltip import HoverTips
from game.ui.view_common import front_words, seasons_left, turn_label
from game.ui.widgets import LEVERS_HEAD, draw_text, ellipsize, explanation_text, fmt_value, wrap

if TYPE_CHECKING:
    from game.ui.app import App

# Top-bar figures, most important first (see `top_bar` in game.engine.vocab): a narrow
# top bar drops figures from the end (their tooltips stay in the report).
TOP_STATS: list[Figure] = top_bar_figures()
KEY_STATS = 5  # these must always be visible: the top bar takes a second row if needed
INLINE_VALUE_SIZE = 14  # value font in the second row, a little smaller to fit six
STAT_CELL_MIN = 110  # px at 100 %: narrowest cell with the label above the value

# Map layers that combine figures, by their place in the picker; the rest of the picker
# is the regional figures the vocabulary puts on the map.
_COMBINED_LAYERS = {
    1: ("voluntary_vs_forced", "Voluntary vs forced"),
    6: ("reliability", "Report reliability"),
}


def _map_picker() -> list[tuple[str, str]]:
    out = [(f.name, f.short_label) for f in map_figures()]
    for pos, entry in sorted(_COMBINED_LAYERS.items()):
        out.insert(pos, entry)
    return out


# Map figures offered in the picker: (id, label)
MAP_FIGURES: list[tuple[str, str]] = _map_picker()

# the national path in the status line
PATH_STATUS = {
    "forced": "forced collectivisation",
    "voluntary": "voluntary collectives",
    "none": "no collectivisation drive",
}

# the map's colour-scale button, by "stretched?"
SCALE_LABELS = {False: "0-100 %", True: "Stretched"}


def top_bar_choice(n: int, at_war: bool) -> list[Figure]:
    """The `n` top-bar figures a bar too narrow for all of them shows, in the bar's order.
    In peace the last ones give way; at war the tension gives way first (the war has
    come: how close it is says nothing more), so the deaths stay in sight."""
    figs = list(TOP_STATS)
    order = list(reversed(figs))  # the first to give way first
    if at_war:
        order.sort(key=lambda f: f.name != "tension")
    for f in order[: max(0, len(figs) - n)]:
        figs.remove(f)
    return figs


def key_of(fig: Figure) -> str:
    """A top-bar figure's history column (its value in headline())."""
    return fig.series.key if fig.series is not None else fig.name


class CampaignScene(Scene):
    name = "campaign"
    arrow_navigation = False

    def __init__(self, app: App, first_turn: bool = False, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.selected = 0
        self.hover_region: int | None = None
        self.figure = "collectivised"
        self.stretch_scale = False  # shares on a fixed 0-100 % colour scale
        self.scope_region = False  # right column: national policy or the selected region
        self.card_hidden = False
        self.card_view = CardView(app.theme)
        self.tips = HoverTips()
        self.toast: tuple[str, float] | None = None
        self.policy: PolicyPanel | None = None
        self.policy_rect = pygame.Rect(0, 0, 1, 1)
        self.map_rect = pygame.Rect(0, 0, 1, 1)
        self.map_view: MapView | None = None
        self._map_layer: Any = None
        self._map_surf: Any = None
        self._layers: dict[str, Any] = {}
        self.first_turn = first_turn
        self.top_stats_shown: list[str] = []  # keys of the figures the top bar shows
        self._alerts: tuple[Any, list[Alert]] | None = None
        self._odds_seen: dict[int, float] = {}  # Nazi odds by turn, to say how they move
        self.left_scroll = 0  # pixels of the region panel scrolled past (the wheel)
        self.left_content_h = 0  # its content's height, as last drawn
        self.status_font = 14  # the bottom bar's status line: 12 when it needs three lines
        self._card_shade: pygame.Surface | None = None

    # --- layout ---------------------------------------------------------------------
    def _layout(self) -> None:
        w, h = self.size
        px = self.px
        self.top_row_h = px(54)
        self.two_row_top = self._stats_need_own_row()
        self.top_h = self.top_row_h + (px(36) if self.two_row_top else 0)
        self.bot_h = px(60)
        pad = px(8)
        lw = int(min(max(w * 0.22, px(250)), w * 0.3))
        rw = int(min(max(w * 0.25, px(290)), w * 0.32))
        body = pygame.Rect(0, self.top_h, w, h - self.top_h - self.bot_h)
        self.left_rect = pygame.Rect(pad, body.y + pad, lw - pad, body.h - 2 * pad)
        self.right_rect = pygame.Rect(w - rw, body.y + pad, rw - pad, body.h - 2 * pad)
        self.map_rect = pygame.Rect(
            self.left_rect.right + pad,
            body.y + pad,
            self.right_rect.x - self.left_rect.right - 2 * pad,
            body.h - 2 * pad,
        )
        self.map_draw_rect = pygame.Rect(
            self.map_rect.x + px(4),
            self.map_rect.y + px(48),
            self.map_rect.w - px(8),
            self.map_rect.h - px(52),
        )
        self.top_rect = pygame.Rect(0, 0, w, self.top_h)
        self.bot_rect = pygame.Rect(0, h - self.bot_h, w, self.bot_h)

    def _top_buttons_width(self) -> int:
        font = self.theme.font(15)
        labels = ["Menu", "Encyclopedia", "Party", "Charts"]
        return sum(self._top_button_w(font, t) + self.px(6) for t in labels) + self.px(8)

    def _top_button_w(self, font: pygame.font.Font, text: str) -> int:
        return max(self.px(74), font.size(text)[0] + self.px(26))

    def _date_width(self) -> int:
        """Width of the date and turn counter at the left of the top bar (widest season)."""
        t = self.theme
        st = self.campaign.state
        date = max(t.font(20, "title").size(f"{s.capitalize()} {st.year}")[0] for s in SEASONS)
        sub = t.font(11).size(turn_label(st.end_turn - 1, st.end_turn))[0]
        return self.px(14) + date + self.px(8) + sub + self.px(18)

    def _stats_need_own_row(self) -> bool:
        """True when the key figures do not fit between the date and the buttons: on
        small windows or at a large UI scale they get a row of their own."""
        avail = self.size[0] - self._top_buttons_width() - self._date_width() - self.px(10)
        return avail < KEY_STATS * self.px(STAT_CELL_MIN)

    def build(self) -> None:
        if self.campaign is None:
            return
        self._layout()
        w, h = self.size
        px = self.px
        st = self.campaign.state
        self.selected = min(self.selected, st.n_regions - 1)
        if self.map_view is None or self.map_view.region_ids != st.region_ids:
            self.map_view = MapView.from_state(st, self.theme)
        self.map_view.theme = self.theme
        self.card_view = CardView(self.theme)
        # top bar buttons (right side)
        bh = px(36)
        bfont = self.theme.font(15)

        def bw_for(text: str) -> int:  # as wide as the label needs, not more
            return self._top_button_w(bfont, text)

        x = w - px(8) - bw_for("Menu")
        by = (self.top_row_h - bh) // 2
        self.top_buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.menu_button = self.button(
            pygame.Rect(x, by, bw_for("Menu"), bh),
            "Menu",
            self.open_game_menu,
            tooltip="Game menu (Esc)",
            key=pygame.K_ESCAPE,
        )
        for name, text, tip in (
            ("encyclopedia", "Encyclopedia", "Cards seen and the words of the time"),
            ("party", "Party", "The factions and what they want"),
            (
                "charts",
                "Charts",
                "Your timeline against history (with the region tab open: that region's)",
            ),
            ("timeline", "Timeline", "Every past season; branch from one (T)"),
        ):
            x -= bw_for(text) + px(6)
            self.top_buttons[name] = self.button(
                pygame.Rect(x, by, bw_for(text), bh),
                text,
                lambda n=name: self.open_top(n),
                tooltip=tip,
            )
        self.top_buttons_x = x
        # map figure picker
        labels = [lab for _, lab in MAP_FIGURES]
        cur = dict(MAP_FIGURES)[self.figure]
        sfont = self.theme.font(15)
        sw = max(sfont.size(t)[0] for t in SCALE_LABELS.values()) + px(24)
        dw = min(px(230), self.map_rect.w - sw - px(24))
        self.figure_menu = pygame_gui.elements.UIDropDownMenu(
            labels,
            cur,
            pygame.Rect(self.map_rect.x + px(8), self.map_rect.y + px(8), dw, px(32)),
            manager=self.manager,
            container=self.root,
        )
        self.figure_menu.set_tooltip("What the map shows", delay=0.5)
        self.scale_button = self.button(
            pygame.Rect(self.map_rect.x + px(16) + dw, self.map_rect.y + px(8), sw, px(32)),
            SCALE_LABELS[self.stretch_scale],
            self.toggle_stretch,
            tooltip=(
                "Colour scale of shares: 0-100 % shows how far each region has gone; "
                "'Stretched' spreads the colours over the values on the map, to tell "
                "small differences apart"
            ),
        )
        self._refresh_scale_button()
        # right column: scope tabs + policy
        rr = self.right_rect
        tw = (rr.w - px(6)) // 2
        self.nat_tab = self.button(
            pygame.Rect(rr.x, rr.y, tw, px(34)),
            "National policy",
            lambda: self.set_scope(False),
            tooltip="Policy for the whole country",
            object_id="@tab",
        )
        rname = ellipsize(self.theme.font(15), region_name(st, self.selected)[0], tw - px(16))
        self.reg_tab = self.button(
            pygame.Rect(rr.x + tw + px(6), rr.y, tw, px(34)),
            rname,
            lambda: self.set_scope(True),
            tooltip="Overrides for the selected region (click a region on the map)",
            object_id="@tab",
        )
        (self.reg_tab if self.scope_region else self.nat_tab).select()
        self.policy_rect = pygame.Rect(rr.x, rr.y + px(42), rr.w, rr.h - px(42))
        self.policy = None
        self._national_panel: PolicyPanel | None = None
        self._region_panel: PolicyPanel | None = None
        self._build_policy()
        # bottom bar: buttons as wide as their labels need (at 150 % on 1280x720 fixed
        # widths left the status line no room at all), the status between them
        by, bh = h - self.bot_h + px(8), self.bot_h - px(16)
        ebw = max(px(150), self.theme.font(16, "bold").size("End turn  ⏎")[0] + px(40))
        self.end_button = self.button(
            pygame.Rect(w - px(8) - ebw, by, ebw, bh),
            "End turn  ⏎",
            self.end_turn,
            tooltip="Resolve the season (Enter). Unanswered cards take their first option.",
            object_id="@primary",
            key=pygame.K_RETURN,
        )
        self.hotkey(pygame.K_KP_ENTER, self.end_turn)
        # undo within the season (not in ironman): the buttons show the stack
        ubw = max(bw_for("Undo"), bw_for("Redo"))
        self.redo_button = self.button(
            pygame.Rect(w - px(16) - ebw - ubw, by, ubw, bh),
            "Redo",
            self.redo,
            tooltip="Do again what you took back (Ctrl+Y)",
        )
        self.undo_button = self.button(
            pygame.Rect(w - px(24) - ebw - 2 * ubw, by, ubw, bh),
            "Undo",
            self.undo,
            tooltip="Take back your last change this season (Ctrl+Z)",
        )
        self.hotkey(pygame.K_t, lambda: self.open_top("timeline"))
        self.hotkey(pygame.K_z, lambda: self._with_ctrl(self.undo))
        self.hotkey(pygame.K_y, lambda: self._with_ctrl(self.redo))
        cbw = max(bw_for("No cards waiting"), bw_for("Event cards (10)"))
        self.cards_button = self.button(
            pygame.Rect(px(8), by, cbw, bh),
            "",
            self.show_card,
            tooltip="Show the event card waiting for you",
        )
        bbw = bw_for("Budget")
        self.budget_button = self.button(
            pygame.Rect(px(16) + cbw, by, bbw, bh),
            "Budget",
            lambda: self.open_top("budget"),
            tooltip="Where the investment comes from and where it goes (B)",
        )
        self.status_rect = pygame.Rect(
            self.budget_button.rect.right + px(12),
            h - self.bot_h,
            self.undo_button.rect.x - px(12) - self.budget_button.rect.right - px(12),
            self.bot_h,
        )
        self.hotkey(pygame.K_F5, self.quicksave)
        self.hotkey(pygame.K_F9, lambda: session.quickload(self.app))
        self.hotkey(pygame.K_h, self.toggle_note)
        self.hotkey(pygame.K_b, lambda: self.open_top("budget"))
        self.hotkey(pygame.K_PAGEDOWN, lambda: self.scroll_card(1))
        self.hotkey(pygame.K_PAGEUP, lambda: self.scroll_card(-1))
        for k in range(4):
            self.hotkey(pygame.K_1 + k, lambda k=k: self.choose(k))
            self.hotkey(pygame.K_KP1 + k, lambda k=k: self.choose(k))
        self._refresh_cards_button()

    # --- actions ----------------------------------------------------------------------
    def _drop_panel(self, panel: PolicyPanel) -> None:
        gone = set(panel.buttons)
        for b in gone:
            self._actions.pop(b, None)
        self._focus = [(w, cb) for w, cb in self._focus if w not in gone]
        self.focus_index = -1
        panel.kill()

    def _build_policy(self) -> None:
        """Show the policy column for the current scope. The national and the regional
        panel are kept once built and only shown or hidden, so switching is instant; the
        regional one is rebuilt when another region is selected."""
        st = self.campaign.state
        if self.scope_region:
            rid = st.region_ids[self.selected]
            if self._region_panel is not None and self._region_panel.region != rid:
                self._drop_panel(self._region_panel)
                self._region_panel = None
            if self._region_panel is None:
                self._region_panel = PolicyPanel(self, self.policy_rect, rid)
            show, hide = self._region_panel, self._national_panel
        else:
            if self._national_panel is None:
                self._national_panel = PolicyPanel(self, self.policy_rect, None)
            show, hide = self._national_panel, self._region_panel
        if hide is not None:
            hide.scroll.hide()
        show.scroll.show()
        show.refresh()
        self.policy = show

    def toggle_stretch(self) -> None:
        self.stretch_scale = not self.stretch_scale
        self._refresh_scale_button()

    def _refresh_scale_button(self) -> None:
        self.scale_button.set_text(SCALE_LABELS[self.stretch_scale])
        if is_share(self.figure):
            self.scale_button.enable()
        else:
            self.scale_button.disable()

    def set_scope(self, region: bool) -> None:
        self.scope_region = region
        self.nat_tab.unselect() if region else self.nat_tab.select()
        self.reg_tab.select() if region else self.reg_tab.unselect()
        self._build_policy()

    def select_region(self, i: int) -> None:
        if i == self.selected:
            return
        self.selected = i
        name = ellipsize(
            self.theme.font(15), region_name(self.campaign.state, i)[0], self.reg_tab.rect.w - 16
        )
        self.reg_tab.set_text(name)
        if self.scope_region:
            self._build_policy()

    def card_area(self) -> pygame.Rect:
        """Where the event card lies: over the map, or over the map and the region panel
        when the map alone is too narrow (small windows, large UI scale)."""
        if self.map_rect.w >= self.px(600):
            return self.map_rect
        # narrow: the region panel too, and down over the left of the bottom bar (its
        # cards button is idle while a card is up; End turn stays clear on the right)
        return pygame.Rect(
            self.left_rect.x,
            self.map_rect.y,
            self.map_rect.right - self.left_rect.x,
            self.size[1] - self.map_rect.y - self.px(4),
        )

    def pending_card(self) -> Any | None:
        c = self.campaign
        if c is None or not c.pending or c.deck is None:
            return None
        return c.pending[0]

    def card_visible(self) -> bool:
        return self.pending_card() is not None and not self.card_hidden

    def show_card(self) -> None:
        self.card_hidden = False
        self._refresh_cards_button()

    def scroll_card(self, pages: int) -> None:
        """PgUp/PgDn: page through a card text too long for the window."""
        lay = self.card_view.layout_
        if self.card_visible() and lay is not None:
            self.card_view.scroll_body(pages * max(1, lay.body_shown - 1))

    def toggle_note(self) -> None:
        if self.card_visible():
            self.card_view.show_note = not self.card_view.show_note

    def choose(self, option: int) -> None:
        inst = self.pending_card()
        if inst is None or not self.card_visible():
            return
        opts = inst.options
        if option >= len(opts):
            return
        idx = getattr(opts[option], "index", option)
        text = self.campaign.answer(inst.card.id, idx)
        self.app.audio.play("answer")
        self.card_view.show_note = False
        if text:
            self.toast = (str(text), time.monotonic())
        self._refresh_cards_button()
        if self.policy is not None:
            self.policy.refresh()
        self.app.guide.did(self, "card_answered")

    # --- undo within the season ---------------------------------------------------------
    @staticmethod
    def _with_ctrl(action: Callable[[], None]) -> None:
        if pygame.key.get_mods() & (pygame.KMOD_CTRL | pygame.KMOD_META):
            action()

    def undo(self) -> None:
        camp = self.campaign
        if camp is None or not camp.can_undo:
            return
        act = camp.undo()
        self.toast = (f"Undone: {act.label}", time.monotonic())
        self._after_undo()

    def redo(self) -> None:
        camp = self.campaign
        if camp is None or not camp.can_redo:
            return
        act = camp.redo()
        self.toast = (f"Redone: {act.label}", time.monotonic())
        self._after_undo()

    def _after_undo(self) -> None:
        self.card_hidden = False
        self._refresh_cards_button()
        if self.policy is not None:
            self.policy.refresh()

    def refresh_undo(self) -> None:
        """The undo and redo buttons: enabled when there is something, the stack in the tip."""
        camp = self.campaign
        if not hasattr(self, "undo_button") or camp is None:
            return
        for b, on in ((self.undo_button, camp.can_undo), (self.redo_button, camp.can_redo)):
            if on and not b.is_enabled:
                b.enable()
            elif not on and b.is_enabled:
                b.disable()
        if camp.ironman:
            tip = "Ironman: no undo. Every season stands."
        else:
            done = [f"{i + 1}. {a.label}" for i, a in enumerate(camp.undo_actions)]
            back = [f"(taken back) {a.label}" for a in reversed(camp.redo_actions)]
            tip = "This season (Ctrl+Z / Ctrl+Y):<br>" + "<br>".join(done + back or ["nothing yet"])
        if tip != getattr(self, "_undo_tip", None):
            self._undo_tip = tip
            self.undo_button.set_tooltip(tip)
            self.redo_button.set_tooltip(tip)

    def _refresh_cards_button(self) -> None:
        if not hasattr(self, "cards_button"):
            return
        n = len(self.campaign.pending) if self.campaign and self.campaign.deck else 0
        self.cards_button.set_text(f"Event cards ({n})" if n else "No cards waiting")
        if n and self.card_hidden:
            self.cards_button.enable()
        else:
            self.cards_button.disable()

    def end_turn(self) -> None:
        """End the season; with event cards still unanswered, ask first."""
        camp = self.campaign
        if camp is None or camp.finished:
            return
        n = len(camp.pending) if camp.deck is not None else 0
        if n:
            self.app.push(
                "confirm",
                title="Cards are still waiting",
                text=(
                    f"{n} event card{'s are' if n > 1 else ' is'} still waiting for your answer. "
                    "If you end the season now, each card is answered with its first "
                    "option."
                ),
                yes="End the season",
                no="Back to the cards",
                on_yes=self.resolve_turn,
                safe=True,  # Enter, Enter goes back to the cards, not past them
            )
            return
        self.resolve_turn()

    def resolve_turn(self) -> None:
        camp = self.campaign
        if camp is None or camp.finished:
            return
        before = situation_of(camp)
        report = camp.end_turn()
        self.card_hidden = False
        self.card_view.show_note = False
        self.app.guide.did(self, "end_turn")
        for cue, delay in turn_cues(before, situation_of(camp)):
            self.app.audio.play(cue, delay)
        self.app.after_frame(self._autosave)
        if camp.finished:
            self.app.switch("end")
            return
        self.refresh()
        self.app.push("report", report=report)

    def _autosave(self) -> None:
        if session.save(self.app, "auto") is not None:
            self.app.audio.play("autosave", 0.8)

    def refresh(self) -> None:
        """Show the campaign's current figures in the widgets (cheaper than a rebuild)."""
        shown = visible_sections(self.campaign.state)
        stale = [p for p in (self._national_panel, self._region_panel) if p is not None]
        if any(p.sections_shown != shown for p in stale):  # the war began or ended
            for p in stale:
                self._drop_panel(p)
            self._national_panel = self._region_panel = None
            self._build_policy()
        if self.policy is not None:
            self.policy.refresh()
        self._refresh_cards_button()

    def quicksave(self) -> None:
        path = session.save(self.app, "quick")
        if path is not None:
            self.app.audio.play("autosave")
            self.toast = (f"Quicksaved ({path.name})", time.monotonic())

    def open_top(self, name: str) -> None:
        """A top-bar screen; the charts open on the selected region's own figures while
        the region tab is open."""
        self.app.guide.did(self, f"open:{name}")
        if name == "charts" and self.scope_region:
            self.app.push("charts", region=self.selected)
        else:
            self.app.push(name)

    def open_game_menu(self) -> None:
        self.app.push("game-menu")

    # --- events ------------------------------------------------------------------------
    def click_card(self, pos: tuple[int, int]) -> bool:
        """A click on the card in front of the player; True if it landed on the card."""
        if not self.card_visible():
            return False
        hit = self.card_view.hit(pos)
        if isinstance(hit, int):
            self.choose(hit)
        elif hit == "note":
            self.toggle_note()
        elif hit == "later":
            self.card_hidden = True
            self._refresh_cards_button()
        return hit is not None

    def before_ui(self, event: pygame.event.Event) -> bool:
        # the card is drawn over the widgets, so it takes the clicks on it before they do
        if (
            event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP)
            and event.button == 1
            and self.card_visible()
            and self.card_view.hit(event.pos) is not None
        ):
            return self.click_card(event.pos) if event.type == pygame.MOUSEBUTTONDOWN else True
        if event.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos()
            on_card = self.card_visible() and self.card_view.hit(pos) is not None
            # the region panel scrolls under the pointer (unless a card lies over it)
            if self.left_rect.collidepoint(pos) and not on_card:
                self.scroll_left_panel(-int(event.y))
                return True
            # the wheel scrolls a long card text (anywhere but over the policy column)
            if self.card_visible() and not self.policy_rect.collidepoint(pos):
                return self.card_view.scroll_body(-2 * int(event.y))
        # a click on a slider's track moves it there
        return (
            event.type == pygame.MOUSEBUTTONDOWN
            and event.button == 1
            and self.policy is not None
            and self.policy.track_click(event.pos)
        )

    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.policy is not None and self.policy.handle_event(event):
            return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is getattr(
            self, "figure_menu", None
        ):
            for fid, lab in MAP_FIGURES:
                if lab == event.text:
                    self.figure = fid
            self._refresh_scale_button()
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            step = -1 if event.key == pygame.K_LEFT else 1
            focused = self.focused_widget()
            if self.policy is not None and self.policy.nudge(focused, step):
                return True
            n = self.campaign.state.n_regions
            self.select_region((self.selected + step) % n)
            return True
        if super().handle_event(event):
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.click_card(event.pos):
                return True
            for r, al in self.alert_rows():
                hit = r.collidepoint(event.pos) and not self.card_visible()
                if hit and al.region is not None:
                    self.select_region(al.region)
                    return True
            i = self.region_at(event.pos)
            if i is not None:
                self.select_region(i)
                self.app.guide.did(self, "region_selected")
                return True
        if event.type == pygame.MOUSEMOTION:
            i = self.region_at(event.pos)
            self.hover_region = i
        return False

    def on_focus(self, widget: Any) -> None:
        if self.policy is not None and widget.ui_container is not self.root:
            self.policy.scroll_into_view(widget)

    def region_at(self, pos: tuple[int, int]) -> int | None:
        if not self.map_draw_rect.collidepoint(pos) or self.map_view is None:
            return None
        if self.card_visible() and self.card_view.hit(pos) is not None:
            return None
        if self._map_surf is None:
            return None  # not drawn yet
        o = self.map_draw_rect.topleft
        return self.map_view.region_at((pos[0] - o[0], pos[1] - o[1]))

    def region_center(self, i: int) -> tuple[int, int]:
        """A screen point inside region i (tests click here)."""
        mv = self.map_view
        ox, oy = self.map_draw_rect.topleft
        x, y = mv.anchor(i)
        if mv.region_at((x, y)) == i:
            return int(x + ox), int(y + oy)
        b = mv.region_bounds(i)
        for fy in (0.5, 0.4, 0.6, 0.3, 0.7):
            for fx in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
                p = (int(b.x + b.w * fx), int(b.y + b.h * fy))
                if mv.region_at(p) == i:
                    return p[0] + ox, p[1] + oy
        return b.centerx + ox, b.centery + oy

    def update(self, dt: float) -> None:
        if self.toast and time.monotonic() - self.toast[1] > 4.0:
            self.toast = None
        self.refresh_undo()
        # a card laid in front of the player is heard once (not again after a dialog)
        inst = self.pending_card() if self.card_visible() and not self._paused else None
        shown = None if inst is None else (self.campaign.state.turn, inst.card.id)
        if shown is not None and shown != getattr(self, "_card_heard", None):
            self.app.audio.play("card", 0.15)
        if shown is not None:
            self._card_heard = shown

    def animating(self) -> bool:
        return self.toast is not None or self.tips.pending()

    # --- the map -------------------------------------------------------------------------
    def _draw_map(self, surface: pygame.Surface) -> None:
        """The map view draws into its own surface (local coordinates), kept until the
        figures, selection, hover or size change: blitting one opaque surface is far
        cheaper than the view's alpha layers every frame."""
        st = self.campaign.state
        key = (self._state_key(), self.figure, self.stretch_scale)
        if self._map_layer is None or self._map_layer[0] != key:
            self._map_layer = (key, map_layer(st, self.figure, self.stretch_scale))
        layer = self._map_layer[1]
        r = self.map_draw_rect
        mkey = (key, self.selected, self.hover_region, self.settings.palette, r.size)
        if self._map_surf is None or self._map_surf[0] != mkey:
            surf = render_layer(
                self.map_view,
                st,
                layer,
                r.size,
                self.theme,
                self.settings.palette,
                selected=self.selected,
                hovered=self.hover_region,
            )
            self._map_surf = (mkey, surf)
        surface.blit(self._map_surf[1], r.topleft)
        self._mark_own_policies(surface, r)
        h = self.hover_region
        if h is not None and not self.card_visible():
            en, ru = region_name(st, h)
            note = "  (reported, not verified)" if layer.unreliable[h] else ""
            own = self.own_policies().get(h)
            if own:
                note += f"\nOwn policy: {own}"
            held = float(st.arrays["occupied"][h])
            if held > 0.005:
                note += f"\nHeld by the enemy: {held * 100:.0f} %"
            # what moved it this season (not for a harvest the centre cannot verify)
            why = "" if layer.unreliable[h] else region_tip(self.campaign, self.figure, h)
            # its first line is the figure again; what to do about it is in the panel
            why = "\n".join(why.split("\n")[1:]).split(LEVERS_HEAD)[0].rstrip()
            self.tips.add(
                self.map_view.region_bounds(h).move(r.topleft).clip(r),
                f"{en}"
                + (f" — {ru}" if ru else "")
                + f"\n{layer.label}: {layer.fmt(float(layer.values[h]))}{note}"
                + (f"\n{why}" if why else "")
                + "\nClick to select",
            )

    def own_policies(self) -> dict[int, str]:
        """Regions on a course of their own: index -> what they set, in words."""
        st, d = self.campaign.state, self.campaign.decisions
        out = {}
        for rid, ov in d.overrides.items():
            if ov.is_empty() or rid not in st.region_ids:
                continue
            parts = []
            for f in fields(ov):
                v = getattr(ov, f.name)
                if v is None or f.name not in LEVER:
                    continue
                lv = LEVER[f.name]
                if lv.kind is LeverKind.CHOICE:
                    v = next((c.label for c in lv.choices if c.value == v), v)
                elif lv.kind is LeverKind.BOOL:
                    v = "yes" if v else "no"
                else:
                    v = lv.fmt(float(v))
                parts.append(f"{lv.label}: {v}")
            out[st.region_ids.index(rid)] = ", ".join(parts)
        return out

    def _mark_own_policies(self, surface: pygame.Surface, r: pygame.Rect) -> None:
        """A small pennant by the name of each region on its own policy (hover: what)."""
        t, px = self.theme, self.px
        boxes = self.map_view.label_boxes
        for i, what in self.own_policies().items():
            box = boxes.get(i)
            if box is None:
                continue
            x, y = r.x + box.right + px(2), r.y + box.y + px(2)
            x = min(x, r.right - px(12))
            pole = pygame.Rect(x, y, max(1, px(2)), px(14))
            flag = [(x + pole.w, y), (x + pole.w + px(10), y + px(4)), (x + pole.w, y + px(8))]
            pygame.draw.rect(surface, (20, 20, 24), pole.inflate(2, 2))
            pygame.draw.polygon(surface, (20, 20, 24), flag, width=0)
            pygame.draw.polygon(
                surface, t.c("focus"), [(a + 1, b + 1) for a, b in flag[:1]] + flag[1:]
            )
            pygame.draw.rect(surface, t.c("focus"), pole)
            if not self.card_visible():
                zone = pygame.Rect(x - px(3), y - px(3), px(18), px(20))
                name = region_name(self.campaign.state, i)[0]
                self.tips.add(zone, f"{name} is on its own policy\n{what}")

    # --- alerts ----------------------------------------------------------------------------
    def current_alerts(self) -> list[Alert]:
        """This season's alerts (game.engine.alerts), kept until the figures change."""
        key = self._state_key()
        if self._alerts is None or self._alerts[0] != key:
            camp = self.campaign
            self._alerts = (
                key,
                alerts(camp.state, camp.history, self._odds_seen.get(camp.state.turn - 1)),
            )
            self._odds_seen[camp.state.turn] = nazi_odds(camp.state)
        return self._alerts[1]

    def alerts_rect(self) -> pygame.Rect:
        """The outliner: the top right of the map, under its picker row."""
        n = len(self.current_alerts())
        row = self.px(24)
        w = min(self.px(300), self.map_rect.w // 2)
        h = self.px(26) + max(1, n) * row if n else 0
        return pygame.Rect(
            self.map_rect.right - w - self.px(8), self.map_rect.y + self.px(48), w, max(1, h)
        )

    def alert_rows(self) -> list[tuple[pygame.Rect, Alert]]:
        r = self.alerts_rect()
        row = self.px(24)
        return [
            (pygame.Rect(r.x, r.y + self.px(24) + k * row, r.w, row), al)
            for k, al in enumerate(self.current_alerts())
        ]

    def _paint_alerts(self, surface: pygame.Surface, rect: pygame.Rect, tips: HoverTips) -> None:
        t, px = self.theme, self.px
        items = self.current_alerts()
        if not items:
            surface.fill(t.c("bg_stripe"))
            return
        pygame.draw.rect(surface, t.c("panel"), rect, border_radius=px(4))
        pygame.draw.rect(surface, t.c("border"), rect, width=1, border_radius=px(4))
        draw_text(surface, t.font(11, "bold"), "ALERTS", t.c("text_dim"), (px(8), px(6)))
        colour = {"danger": t.c("bad"), "warning": t.c("accent"), "info": t.c("text_dim")}
        mark = {"danger": "!", "warning": "▲", "info": "●"}  # shape too, not colour only
        origin = self.alerts_rect().topleft
        for r, al in self.alert_rows():
            r = r.move(-origin[0], -origin[1])
            f = t.font(12, "bold")
            draw_text(
                surface, f, mark[al.level], colour[al.level], (r.x + px(10), r.centery), "midleft"
            )
            draw_text(
                surface,
                t.font(13),
                al.title,
                t.c("text"),
                (r.x + px(26), r.centery),
                "midleft",
                max_width=r.w - px(34),
            )
            click = "\nClick to select the region" if al.region is not None else ""
            tips.add(r, f"{al.title}\n{al.text}{click}")

    # --- drawing ---------------------------------------------------------------------------
    def _state_key(self) -> tuple[Any, ...]:
        """Changes whenever the figures on screen can change (a turn, a card answered)."""
        c = self.campaign
        return (c.state.turn, len(c.pending), len(c.choices), id(c.last_report), self.theme.scale)

    def _paint_region(self, surf: pygame.Surface, rect: pygame.Rect, tips: HoverTips) -> None:
        camp = self.campaign
        self.left_content_h = draw_region_panel(
            surf,
            rect,
            self.theme,
            camp.state,
            self.selected,
            camp.last_report,
            tips,
            camp.decisions,
            scroll=self.left_scroll,
            harvest_report=camp.kept_report("harvest"),
            palette=self.settings.palette,
            procurement_report=camp.kept_report("procurement"),
        )
        if self.left_scroll > self._left_scroll_max():  # a shorter region's panel
            self.left_scroll = self._left_scroll_max()
            self._layers.pop("region", None)

    def _left_scroll_max(self) -> int:
        return max(0, self.left_content_h - self.left_rect.h)

    def scroll_left_panel(self, clicks: int) -> bool:
        """The wheel over the region panel: True if it moved (it scrolls only when its
        figures do not fit, e.g. 1280x720 at 150 %)."""
        new = min(self._left_scroll_max(), max(0, self.left_scroll + clicks * self.px(40)))
        if new == self.left_scroll:
            return False
        self.left_scroll = new
        return True

    def _layer(
        self, surface: pygame.Surface, name: str, rect: pygame.Rect, key: Any, painter: Any
    ) -> None:
        """Blit a cached drawing of `rect`, repainting it (and its hover tips) when
        `key` changes: the panels cost milliseconds to draw and rarely change."""
        cached = self._layers.get(name)
        if cached is None or cached[0] != key or cached[1].get_size() != rect.size:
            surf = pygame.Surface(rect.size)
            surf.fill(self.theme.c("bg"))
            local = HoverTips()
            painter(surf, pygame.Rect(0, 0, rect.w, rect.h), local)
            zones = [(r.move(rect.topleft), text) for r, text in local.zones]
            cached = (key, surf, zones)
            self._layers[name] = cached
        surface.blit(cached[1], rect.topleft)
        self.tips.zones.extend(cached[2])

    def draw(self, surface: pygame.Surface) -> None:
        t = self.theme
        surface.fill(t.c("bg"))
        if self.campaign is None:
            return
        self.tips.clear()
        key = self._state_key()
        # the map draws its own cached layers; hover and selection on top
        pygame.draw.rect(surface, t.c("bg_stripe"), self.map_rect)
        self._draw_map(surface)
        pygame.draw.rect(surface, t.c("border"), self.map_rect, width=1)
        self._layer(
            surface,
            "alerts",
            self.alerts_rect(),
            (key, self.selected),
            self._paint_alerts,
        )
        self._layer(surface, "top", self.top_rect, (key, self.top_buttons_x), self._paint_top)
        self._layer(
            surface,
            "region",
            self.left_rect,
            (
                key,
                self.selected,
                id(self.campaign.decisions),
                self.left_scroll,
                self.settings.palette,
            ),
            self._paint_region,
        )
        # bottom bar
        pygame.draw.rect(surface, t.c("panel"), self.bot_rect)
        pygame.draw.line(surface, t.c("border"), self.bot_rect.topleft, self.bot_rect.topright)
        colour = t.c("accent") if self.toast else t.c("text_dim")
        if self.toast:  # two lines at most, the rest cut with an ellipsis
            f = t.font(14)
            lines = wrap(f, self.toast[0], self.status_rect.w)
            if len(lines) > 2:
                lines = [lines[0], ellipsize(f, " ".join(lines[1:]), self.status_rect.w)]
        else:
            lines = self._status_lines()
            f = t.font(self.status_font)
        lh = f.get_linesize()
        y = self.status_rect.centery - lh * len(lines) // 2
        for ln in lines:
            draw_text(
                surface,
                f,
                ln,
                colour,
                (self.status_rect.x, y),
                max_width=self.status_rect.w,
            )
            y += lh

    def _status_text(self) -> str:
        return " ".join(self._status_lines())

    def _status_lines(self) -> list[str]:
        """The policy in words and the keys, on one line or two; the keys give way
        first, then the policy, when the bar is narrow (the seasons left stay)."""
        c = self.campaign
        left = c.state.end_turn - c.state.turn
        d = c.decisions.policy
        proc = "grain bought at market prices" if d.procurement == "market" else "grain quotas"
        short = f"{PATH_STATUS.get(d.path, d.path).capitalize()}, {proc}. {seasons_left(left)}."
        n = c.state.nat
        if n.get("at_war", 0.0):  # the war first: where the front stands, what is lost
            held = int((c.state.arrays["occupied"] > 0.5).sum())
            short = (
                f"The war, season {int(n['war_seasons']) + 1}: {front_words(n['front'])}, "
                f"{held} regions held by the enemy, {n['war_deaths']:.1f} M dead. "
                f"{seasons_left(left).capitalize()} at most."
            )
        texts = [short + " Enter ends the turn; F5 quicksave, F9 quickload.", short]
        if n.get("at_war", 0.0):  # the war in fewer words before the seasons alone
            texts.append(
                f"{front_words(n['front']).capitalize()}, {held} regions lost, "
                f"{n['war_deaths']:.1f} M dead. {seasons_left(left).capitalize()}."
            )
        texts.append(seasons_left(left).capitalize() + ".")
        room = self.status_rect.w
        for text in texts:  # at the bar's font on two lines, else smaller on three
            for size in (14, 12):
                f = self.theme.font(size)
                max_lines = max(1, min(3, (self.bot_h - self.px(8)) // f.get_linesize()))
                lines = wrap(f, text, room)
                if len(lines) <= max_lines and all(f.size(ln)[0] <= room for ln in lines):
                    self.status_font = size
                    return lines
        return []  # no room at all: the policy column says it anyway

    def _paint_top(self, surface: pygame.Surface, rect: pygame.Rect, tips: HoverTips) -> None:
        t = self.theme
        px = self.px
        st = self.campaign.state
        pygame.draw.rect(surface, t.c("panel"), self.top_rect)
        # the accent rule along the bottom edge (both ends on the last rows, inside)
        edge = self.top_rect.bottom - px(1)
        pygame.draw.line(surface, t.c("accent_dark"), (0, edge), (self.top_rect.right, edge), px(2))
        mid = self.top_row_h // 2
        date = f"{SEASONS[st.season_index].capitalize()} {st.year}"
        r = draw_text(surface, t.font(20, "title"), date, t.c("text"), (px(14), mid), "midleft")
        sub = turn_label(st.turn, st.end_turn)
        draw_text(surface, t.font(11), sub, t.c("text_dim"), (r.right + px(8), mid), "midleft")
        if self.two_row_top:  # a row of its own under the date and the buttons
            x, right = px(8), self.size[0] - px(8)
            y, cell_h = self.top_row_h, self.top_h - self.top_row_h - px(6)
            min_w = px(125)
        else:
            x = r.right + px(8) + t.font(11).size(sub)[0] + px(18)
            right = self.top_buttons_x - px(10)
            y, cell_h = px(6), self.top_row_h - px(12)
            min_w = px(STAT_CELL_MIN)
        avail = right - x
        n = len(TOP_STATS)
        if avail // n < min_w:
            n = max(1, min(n, max(KEY_STATS, avail // min_w)))
        at_war = bool(st.nat.get("at_war", 0.0))
        head = headline(st)
        prev = self.campaign.history[-2] if len(self.campaign.history) > 1 else None
        report = self.campaign.last_report

        def cells(figs: list[Figure]) -> list[tuple[Figure, str, Any]]:
            out = []  # (stat, value text, arrow)
            for stat in figs:
                key = key_of(stat)
                v = head[key]
                val = fmt_value(v, series_unit(stat))
                arrow = None
                if prev is not None and key in prev:
                    dv = v - float(prev[key])
                    if abs(dv) > 1e-6:
                        good = stat.good * dv
                        col = (
                            t.c("good") if good > 0 else t.c("bad") if good < 0 else t.c("text_dim")
                        )
                        arrow = ("▲" if dv > 0 else "▼", col)
                out.append((stat, val, arrow))
            return out

        shown = cells(top_bar_choice(n, at_war))
        if self.two_row_top:
            widths = self._stat_widths(shown, avail)
            # wide values (a war's 100.0 % and 4.95 M ▲) at a large scale: drop figures
            # from the end rather than cut every label to "SUPP…"
            while widths is None and len(shown) > KEY_STATS:
                shown = cells(top_bar_choice(len(shown) - 1, at_war))
                widths = self._stat_widths(shown, avail)
            if widths is None:
                widths = [avail // len(shown)] * len(shown)
        else:
            widths = [avail // n] * n
        self.top_stats_shown = [key_of(stat) for stat, _val, _arrow in shown]
        self.top_cells_rect = pygame.Rect(x, y, sum(widths) - px(6), cell_h)
        cx = x
        for (stat, val, arrow), cw in zip(shown, widths, strict=True):
            cell = pygame.Rect(cx, y, cw - px(6), cell_h)
            cx += cw
            label, short = stat.label, stat.short_label
            self._paint_stat(surface, cell, label, short, val, arrow, inline=self.two_row_top)
            tip = f"{label}: {val}"
            exp = None
            if report is not None:
                exp = report.explanations.get(key_of(stat)) or report.explanations.get(stat.name)
            if exp is not None:
                tip = explanation_text(exp)
            else:
                tip += f"\n{stat.description}"
            if arrow is not None:
                tip += "\n\n▲▼ change since last season: green is good for you, red bad"
            tips.add(cell, tip)

    def _stat_widths(self, shown: list[tuple[Any, str, Any]], avail: int) -> list[int] | None:
        """Cell widths for figures shown label-beside-value: each as wide as its full
        label and value need plus an equal share of what is left; with short labels if
        the full ones do not fit; None if even those do not."""
        t, px = self.theme, self.px
        lf, vf = t.font(11), t.font(INLINE_VALUE_SIZE, "bold")
        arrow_w = lf.size("▲")[0] + px(4)
        # full labels, then short ones, then short ones with the cells' inner margins
        # halved: figures give way only when even that does not fit
        for short, pad in ((False, px(16 + 8 + 6 + 2)), (True, px(16 + 8 + 6 + 2)), (True, px(18))):
            need = [
                lf.size((stat.short_label if short else stat.label).upper())[0]
                + vf.size(val)[0]
                + (arrow_w if arrow else 0)
                + pad
                for stat, val, arrow in shown
            ]
            if sum(need) <= avail:
                extra = (avail - sum(need)) // len(need)
                return [w + extra for w in need]
        return None

    def _paint_stat(
        self,
        surface: pygame.Surface,
        cell: pygame.Rect,
        label: str,
        short: str,
        val: str,
        arrow: tuple[str, Any] | None,
        inline: bool,
    ) -> None:
        """One top-bar figure: the label above the value, or (second row) beside it. A
        label too long for the cell gives way to its short form."""
        t = self.theme
        px = self.px
        lf, vf = t.font(11), t.font(INLINE_VALUE_SIZE if inline else 15, "bold")
        pygame.draw.rect(surface, t.c("panel_light"), cell, border_radius=px(4))
        arrow_w = lf.size("▲")[0] + px(4) if arrow else 0
        val_w = vf.size(val)[0] + arrow_w
        m = px(8)  # the inner margin, halved in a cell sized to the tight fit
        room = cell.w - 2 * m - (val_w + m if inline else 0)
        if inline and lf.size(short.upper())[0] > room:
            m = px(4)
            room = cell.w - 2 * m - (val_w + m)
        text = label.upper() if lf.size(label.upper())[0] <= room else short.upper()
        if inline:
            draw_text(
                surface,
                lf,
                text,
                t.c("text_dim"),
                (cell.x + m, cell.centery),
                "midleft",
                max_width=max(px(10), room),
            )
            vx = cell.right - m - val_w
            vr = draw_text(surface, vf, val, t.c("text"), (vx, cell.centery), "midleft")
        else:
            draw_text(
                surface,
                lf,
                text,
                t.c("text_dim"),
                (cell.x + px(8), cell.y + px(3)),
                max_width=cell.w - px(12),
            )
            vr = draw_text(
                surface,
                vf,
                val,
                t.c("text"),
                (cell.x + px(8), cell.bottom - px(3)),
                anchor="bottomleft",
                max_width=cell.w - px(12) - arrow_w,
            )
        if arrow is not None and vr.right + arrow_w <= cell.right - px(2):
            draw_text(
                surface,
                lf,
                arrow[0],
                arrow[1],
                (vr.right + px(4), vr.bottom - px(2)),
                anchor="bottomleft",
            )

    def draw_after(self, surface: pygame.Surface) -> None:
        if self.campaign is None:
            return
        inst = self.pending_card()
        if inst is not None and not self.card_hidden:
            area = self.card_area()
            # the veil over the map behind the card, made once per size (a new full-area
            # alpha surface every frame cost about a millisecond at 2560x1440)
            shade = self._card_shade
            if shade is None or shade.get_size() != area.size:
                shade = self._card_shade = pygame.Surface(area.size, pygame.SRCALPHA)
                shade.fill((8, 9, 12, 120))
            surface.blit(shade, area.topleft)
            lay = self.card_view.layout(area, inst, len(self.campaign.pending))
            self.card_view.draw(surface, inst, pygame.mouse.get_pos())
            for rect, n in lay.options:  # what each answer will do, on hover
                opt = inst.options[n]
                lines = preview_text(list(getattr(opt, "preview", [])))
                self.tips.add(
                    rect,
                    f"{n + 1}. {getattr(opt, 'text', '')}"
                    + (
                        "\n" + "\n".join(lines) if lines else "\nNo immediate effect on the figures"
                    ),
                )
        super().draw_after(surface)

    def draw_tips(self, surface: pygame.Surface) -> None:
        # a widget under the pointer shows its own tooltip, except where the card (drawn
        # over the widgets) lies on top of it
        on_card = self.card_visible() and self.card_view.hit(pygame.mouse.get_pos()) is not None
        blocked = self.manager.get_hovering_any_element() and not on_card
        self.tips.draw(surface, self.theme, blocked=blocked)
        if self.tips.shown is not None:  # the guide's "rest the pointer on a figure" steps
            pos = pygame.mouse.get_pos()
            for place, rect in (
                ("top", self.top_rect),
                ("left", self.left_rect),
                ("alerts", self.alerts_rect()),
            ):
                if rect.collidepoint(pos):
                    self.app.guide.did(self, f"tip:{place}")
                    break

    # --- the guide (game.ui.guide) ------------------------------------------------------------
    def guide_target(self, target: str) -> pygame.Rect | None:
        if self.campaign is None:
            return None
        if target == "date":
            return pygame.Rect(
                self.px(8), self.px(4), self._date_width(), self.top_row_h - self.px(8)
            )
        if target == "top_bar":
            return getattr(self, "top_cells_rect", self.top_rect)
        if target == "card":
            lay = self.card_view.layout_
            return lay.rect if self.card_visible() and lay is not None else None
        if target == "alerts":
            return self.alerts_rect() if self.current_alerts() else None
        if target.startswith("policy:"):
            if self.policy is None:
                return None
            return self.policy.section_rect(target.partition(":")[2])
        rects = {
            "map": self.map_draw_rect,
            "left_panel": self.left_rect,
            "policy": self.policy_rect,
        }
        if target in rects:
            return rects[target]
        widget = {
            "budget_button": getattr(self, "budget_button", None),
            "end_button": getattr(self, "end_button", None),
            "cards_button": getattr(self, "cards_button", None),
            **{f"{n}_button": b for n, b in getattr(self, "top_buttons", {}).items()},
        }.get(target)
        return widget.get_abs_rect() if widget is not None and widget.visible else None

    def guide_facts(self) -> set[str]:
        facts = {"card"} if self.card_visible() else {"no_card"}
        if self.current_alerts():
            facts.add("alerts")
        if self.campaign.kept_report("harvest") is not None:  # the last harvest is in
            facts.add("harvest")
        return facts

    def keep_clear(self) -> list[pygame.Rect]:
        if not self.card_visible():
            return []
        lay = self.card_view.layout_
        return [lay.rect if lay is not None else self.card_area()]
