"""New campaign: scenario, difficulty, seed and mods, then start."""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from game.engine.scenario import DIFFICULTIES, DIFFICULTY_NOTES
from game.engine.state import SEASONS
from game.errors import SmychkaError
from game.ui import session
from game.ui.scene import Scene
from game.ui.widgets import ellipsize, esc, label, panel, textbox

if TYPE_CHECKING:
    from game.engine.scenario import Scenario
    from game.ui.app import App

DIFFICULTY_HELP = DIFFICULTY_NOTES


class _WorldAt:
    """The two figures the war rules' `planned_year` weighs, to ask it for its range."""

    def __init__(self, collective_security: float, readiness: float) -> None:
        self.nat = {"collective_security": collective_security, "readiness": readiness}


def war_years() -> list[int]:
    """The years Germany may attack in, as the war rules plan it: a year early for a
    lone, unready USSR, a year late for one with allies and an army ready."""
    from game.engine.rules.war import planned_year

    grid = (0.0, 0.4, 1.0)
    return sorted({planned_year(_WorldAt(cs, r)) for cs in grid for r in grid})


def war_note(sc: Scenario) -> str:
    """What a war does to the campaign's length ('' for a scenario that ends before
    Germany plans one), from the war rules' own numbers: it is prolonged to meet the
    war, and while the war is fought, up to WAR_HORIZON seasons from its first."""
    from game.engine.rules.war import SUMMER, WAR_HORIZON

    years = war_years()
    plans_from = min(years) - 1  # Germany plans a year before it can strike
    if sc.end_year < plans_from:
        return ""
    likely = years[len(years) // 2]
    last = likely * 4 + SUMMER + WAR_HORIZON
    last_label = f"{SEASONS[last % 4].capitalize()} {last // 4}"
    end = sc.end_year * 4 + sc.end_season
    longest = sc.seasons_played + max(0, likely * 4 + SUMMER - end) + WAR_HORIZON
    return (
        f"If Germany invades (in the summer of {likely}, or from {min(years)} to "
        f"{max(years)} by what you have built), the campaign goes on while the war is "
        f"fought, up to {WAR_HORIZON} seasons more: a war of {likely} lasts to "
        f"{last_label} at the latest ({longest} seasons in all)."
    )


class NewCampaignScene(Scene):
    name = "new-campaign"

    def __init__(self, app: App, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.scenarios = session.scenarios(app)
        ids = list(self.scenarios)
        self.selected = "great-turn-1928" if "great-turn-1928" in ids else ids[0]
        self.difficulty = "normal"
        self.ironman = False
        self.seed_text = ""
        self.mods = session.discover(app)
        self.mod_on: dict[str, bool] = {m.id: m.enabled and m.ok for m in self.mods}
        self.seed_entry: pygame_gui.elements.UITextEntryLine | None = None
        self._start_cache: dict[str, str] = {}

    def build(self) -> None:
        w, h = self.size
        pad = self.px(24)
        label(
            self,
            pygame.Rect(pad, pad, w - 2 * pad, self.px(44)),
            "New campaign",
            "@title_small",
        )
        top = pad + self.px(56)
        bottom = h - pad - self.px(48) - self.px(16)
        list_w = max(self.px(300), int(w * 0.3))
        # scenario list
        self.scenario_buttons: dict[str, pygame_gui.elements.UIButton] = {}
        bh = self.px(58)
        for i, (sid, sc) in enumerate(self.scenarios.items()):
            b = self.button(
                pygame.Rect(pad, top + i * (bh + self.px(8)), list_w, bh),
                f"{sc.name}",
                lambda sid=sid: self.pick(sid),
                tooltip=(
                    f"Starts {sc.start_label}, ends as {sc.end_label} begins; "
                    f"{sc.seasons_played} seasons"
                    + ("; longer if the war comes" if war_note(sc) else "")
                ),
                object_id="@option",
            )
            self.scenario_buttons[sid] = b
        # details
        dx = pad + list_w + self.px(20)
        dw = w - dx - pad
        settings_h = self.px(150)
        self.details = textbox(
            self,
            pygame.Rect(dx, top, dw, max(self.px(120), bottom - top - settings_h - self.px(12))),
            self._details_html(),
        )
        # difficulty / seed / mods
        sy = bottom - settings_h
        p = panel(self, pygame.Rect(dx, sy, dw, settings_h))
        ip = self.px(12)
        label(self, pygame.Rect(ip, ip, self.px(120), self.px(32)), "Difficulty", container=p)
        self.diff_buttons: dict[str, pygame_gui.elements.UIButton] = {}
        n = len(DIFFICULTIES)
        dbw = min(self.px(110), (dw - 2 * ip - self.px(130) - (n - 1) * self.px(8)) // n)
        for i, d in enumerate(DIFFICULTIES):
            b = self.button(
                pygame.Rect(ip + self.px(130) + i * (dbw + self.px(8)), ip, dbw, self.px(32)),
                d.capitalize(),
                lambda d=d: self.set_difficulty(d),
                tooltip=DIFFICULTY_HELP.get(d, d),
                container=p,
            )
            self.diff_buttons[d] = b
        label(
            self,
            pygame.Rect(ip, ip + self.px(44), self.px(120), self.px(32)),
            "Seed",
            container=p,
        )
        self.seed_entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(ip + self.px(130), ip + self.px(44), self.px(200), self.px(32)),
            manager=self.manager,
            container=p,
            placeholder_text="random",
        )
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text_length_limit(9)
        if self.seed_text:
            self.seed_entry.set_text(self.seed_text)
        label(
            self,
            pygame.Rect(ip, ip + self.px(88), self.px(120), self.px(32)),
            "Mods",
            container=p,
        )
        self.mod_buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self._mod_names: dict[str, str] = {}
        if not self.mods:
            label(
                self,
                pygame.Rect(ip + self.px(130), ip + self.px(88), dw - self.px(160), self.px(30)),
                "No mods installed (see Mods in the main menu).",
                "@dim",
                container=p,
            )
        mx = ip + self.px(130)
        for m in self.mods:
            font = self.theme.font(15)
            self._mod_names[m.id] = ellipsize(font, m.name, self.px(260))
            mw = font.size("✓ " + self._mod_names[m.id])[0] + self.px(28)
            if mx + mw > dw - ip:
                break
            b = self.button(
                pygame.Rect(mx, ip + self.px(88), mw, self.px(32)),
                m.name,
                lambda mid=m.id: self.toggle_mod(mid),
                tooltip=(
                    "Broken: " + "; ".join(map(str, m.problems))
                    if not m.ok
                    else f"{m.name} {m.version}: click to enable or disable"
                ),
                container=p,
                enabled=m.ok,
            )
            self.mod_buttons[m.id] = b
            mx += mw + self.px(8)
        # bottom bar
        by = h - pad - self.px(48)
        self.button(
            pygame.Rect(pad, by, self.px(160), self.px(48)),
            "Back",
            self.app.pop,
            key=pygame.K_ESCAPE,
            tooltip="Back to the main menu (Esc)",
        )
        self.button(
            pygame.Rect(w - pad - self.px(240), by, self.px(240), self.px(48)),
            "Start the campaign",
            self.start,
            object_id="@primary",
            tooltip="Begin in the chosen year",
        )
        self.ironman_button = self.button(
            pygame.Rect(
                w - pad - self.px(240) - self.px(12) - self.px(170), by, self.px(170), self.px(48)
            ),
            "",
            self.toggle_ironman,
            tooltip="Ironman: no undo, no branching, no quickload. Every season stands.",
        )
        self.hotkey(pygame.K_F2, self.start)
        self._refresh()

    def _details_html(self) -> str:
        sc = self.scenarios[self.selected]
        return (
            f"{self.theme.big_html(esc(sc.name))}<br>"
            f"<font color='#d8a23e'>From {esc(sc.start_label)} to {esc(sc.end_label)} "
            f"· {sc.seasons_played} seasons</font><br>"
            + (f"<i>{esc(war_note(sc))}</i><br>" if war_note(sc) else "")
            + "<br>"
            f"{esc(sc.summary)}<br><br>"
            f"<b>Where history turns</b><br>{esc(sc.divergence)}"
            f"{self._start_html(sc.id)}"
            f"{self._objectives_html(sc)}"
        )

    def _objectives_html(self, sc: Scenario) -> str:
        """Who the player is, what winning means, how the score and the endings work and
        what the chosen difficulty changes: the rules' own numbers, in words."""
        from game.engine.outcome import COLLAPSE_TURNS, COLLAPSE_UNREST, OUTCOMES
        from game.engine.scenario import DIFFICULTY_SETTINGS
        from game.ui.scenes.end import SCORE_PARTS

        diff = DIFFICULTY_SETTINGS.get(self.difficulty, DIFFICULTY_SETTINGS["normal"])
        parts = [lab for key, (lab, _) in SCORE_PARTS.items() if key not in ("outcome",)]
        gains = ", ".join(p.lower() for p in parts if p != "Human cost")
        endings = ", ".join(OUTCOMES.values())
        return (
            "<br><br><b>Your part</b><br>"
            "You lead the Party's course in the countryside, one season at a time: set the "
            "policy for the whole country and, where you choose, region by region; answer "
            "the event cards; then end the season and read the report of what it did."
            "<br><br><b>Winning and losing</b><br>"
            f"Reach {esc(sc.end_label)} with the Party behind you. If your support in the "
            f"Party stays below {diff['ousted_level'] * 100:.0f} % for "
            f"{int(diff['ousted_turns'])} seasons you are sidelined; if unrest stays above "
            f"{COLLAPSE_UNREST * 100:.0f} % for {COLLAPSE_TURNS} seasons the regime collapses. "
            "At the end, Germany's road and the war (or the peace) decide how it ends: "
            f"{esc(endings)}."
            "<br><br><b>The score</b><br>"
            f"Points for {esc(gains)}; points lost for the human cost (deaths from famine, "
            "deportation and war); and points for how it ended. The end screen shows each part."
            "<br><br><b>Difficulty</b><br>"
            f"{esc(DIFFICULTY_HELP.get(self.difficulty, ''))}"
        )

    def _start_html(self, sid: str) -> str:
        """A few figures of the starting position (built once per scenario)."""
        if sid not in self._start_cache:
            try:
                from game.engine.figures import headline
                from game.engine.scenario import new_state

                st = new_state(sid, 0, "normal")
                h = headline(st)
                factions = ", ".join(
                    f"{esc(st.params['factions'][f]['name'])} {v * 100:.0f} %"
                    for f, v in st.factions.items()
                    if f in st.params.get("factions", {})
                )
                self._start_cache[sid] = (
                    "<br><br><b>At the start</b><br>"
                    f"Households in collectives: {h['collectivised_share'] * 100:.1f} %<br>"
                    f"State grain reserve: {h['grain_reserve_mt']:.1f} Mt · "
                    f"industry {h['industry_index']:.0f} (1928 = 100) · "
                    f"{h['tractors'] / 1000:.0f} thousand tractors<br>"
                    f"Cattle {h['cattle_m']:.0f} M · horses {h['horses_m']:.0f} M<br>"
                    + (f"Support in the Party: {factions}" if factions else "")
                )
            except (SmychkaError, KeyError, ValueError):
                self._start_cache[sid] = ""
        return self._start_cache[sid]

    def _refresh(self) -> None:
        for sid, b in self.scenario_buttons.items():
            b.select() if sid == self.selected else b.unselect()
        for d, b in self.diff_buttons.items():
            b.select() if d == self.difficulty else b.unselect()
        self.ironman_button.set_text(("✓ " if self.ironman else "✗ ") + "Ironman")
        self.ironman_button.select() if self.ironman else self.ironman_button.unselect()
        for mid, b in self.mod_buttons.items():
            m = next(m for m in self.mods if m.id == mid)
            name = self._mod_names.get(mid, m.name)
            b.set_text(("✓ " if self.mod_on.get(mid) else "✗ ") + name)
            b.select() if self.mod_on.get(mid) else b.unselect()

    def pick(self, sid: str) -> None:
        self.selected = sid
        self.details.set_text(self._details_html())
        self._refresh()

    def set_difficulty(self, d: str) -> None:
        self.difficulty = d
        self._refresh()
        self.details.set_text(self._details_html())  # its objectives name the difficulty

    def toggle_ironman(self) -> None:
        self.ironman = not self.ironman
        self._refresh()

    def toggle_mod(self, mid: str) -> None:
        self.mod_on[mid] = not self.mod_on.get(mid, False)
        self._refresh()

    def seed(self) -> int:
        text = self.seed_entry.get_text().strip() if self.seed_entry else self.seed_text
        if not text:
            return random.randrange(1_000_000)
        # str.isdigit() also accepts digits like '²' that int() refuses.
        if not (text.isascii() and text.isdigit()):
            raise SmychkaError(f"seed '{text}': expected a whole number")
        return int(text)

    def start(self) -> None:
        mods = [m for m in self.mods if self.mod_on.get(m.id)]
        session.remember_mods(self.mod_on)

        session.start_new(
            self.app,
            self.selected,
            self.seed(),
            self.difficulty,
            [Path(m.path) for m in mods],
            ironman=self.ironman,
        )

    def leave(self) -> None:
        if self.seed_entry is not None and self.seed_entry.alive():
            self.seed_text = self.seed_entry.get_text()
        super().leave()
