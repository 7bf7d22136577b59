"""The encyclopedia: every event card with its historical note, the glossary,
where historians disagree, and the people of the game.

Four tabs (1 cards, 2 glossary, 3 historians, 4 people), a search box (Ctrl+F or /), a list on the left
(Up/Down) and the entry on the right. In a campaign, cards already drawn are
ticked with the season they came up; the others are marked as not yet seen.
Without a campaign every card is listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from game.ui.glossary import load_glossary
from game.ui.scene import Scene
from game.ui.view_common import build_header, draw_header, season_date, sync_selection, tab_row
from game.ui.widgets import ellipsize, esc, textbox

if TYPE_CHECKING:
    from game.campaign import Campaign
    from game.ui.app import App

KIND_NAMES = {
    "historical": "Historical event",
    "situation": "Situation",
    "debate": "Debate",
    "event": "Event",
}
TABS = ("cards", "glossary", "historians", "people")
SEEN_MARK = "✓ "
UNSEEN_MARK = "· "


@dataclass(frozen=True)
class Entry:
    key: str
    label: str  # the list's text (unique)
    html: str
    search: str  # lower-case text searched


def _base_cards() -> tuple[Any, ...]:
    """The cards of the base game and enabled mods (default_deck caches the content
    until a file or the enabled mods change, so this follows them)."""
    from game.cards.deck import default_deck

    return tuple(default_deck().cards.values())


def _cards(campaign: Campaign) -> tuple[list[Any], dict[str, int]]:
    """All loaded cards (the campaign's deck if there is one) and the turns they were seen."""
    deck = getattr(campaign, "deck", None)
    if deck is not None:
        return list(deck.cards.values()), dict(deck.seen)
    return list(_base_cards()), {}


def _chosen(campaign: Campaign) -> dict[str, int]:
    """card id -> the option (1-based) the player took in this campaign."""
    deck = getattr(campaign, "deck", None)
    return dict(getattr(deck, "chose", None) or {})


def _date_text(date: str | None) -> str:
    if not date:
        return ""
    parts = date.split("-")
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        day = f"{int(parts[2])} " if len(parts) == 3 and parts[2].isdigit() else ""
        return f"{day}{months[int(parts[1]) - 1]} {parts[0]}"
    return date


def card_entries(campaign: Campaign) -> list[Entry]:
    cards, seen = _cards(campaign)
    chosen = _chosen(campaign)
    st = getattr(campaign, "state", None)

    def sort_key(c: Any) -> tuple[int, str]:
        return (c.date_key if c.date_key is not None else 10**6, c.title.lower())

    out: list[Entry] = []
    used: set[str] = set()
    for c in sorted(cards, key=sort_key):
        was = seen.get(c.id)
        mark = (SEEN_MARK if was is not None else UNSEEN_MARK) if st is not None else ""
        label = f"{mark}{c.title}"
        while label in used:  # the list needs unique texts
            label += " "
        used.add(label)
        meta = [KIND_NAMES.get(c.kind, c.kind)]
        if c.date:
            meta.append(_date_text(c.date))
        if c.mod and c.mod != "base":
            meta.append(f"mod: {c.mod}")
        parts = [
            f"<b>{esc(c.title)}</b>",
            f"<font color='#a8a291'><i>{esc(' · '.join(meta))}</i></font>",
        ]
        if st is not None:
            if was is not None:
                y = st.start_year + (st.start_season + was) // 4
                parts.append(
                    f"<font color='#77b36b'>Seen in this campaign: "
                    f"{season_date(y, st.start_season + was)}</font>"
                )
            else:
                parts.append("<font color='#a8a291'>Not yet seen in this campaign.</font>")
        parts.append("")
        if c.body:
            parts.append(esc(c.body))
            parts.append("")
        if c.options:
            parts.append("<font color='#d8a23e'><b>Choices</b></font>")
            took = chosen.get(c.id)
            for k, o in enumerate(c.options, start=1):
                if k == took:  # what the player answered, marked in the list
                    parts.append(
                        f"<font color='#77b36b'><b>✓ {esc(o.text)} — your choice</b></font>"
                    )
                else:
                    parts.append(f"• {esc(o.text)}")
            parts.append("")
        if c.history:
            parts.append("<font color='#d8a23e'><b>What really happened</b></font>")
            parts.append(esc(c.history))
            parts.append("")
        if c.source:
            parts.append(f"<font color='#a8a291'><i>Source: {esc(c.source)}</i></font>")
        topics = _topic_titles()
        debated = [t for t in c.spec.text.contested if t in topics]
        if debated:
            parts += [
                "",
                "<font color='#d8a23e'><b>Historians disagree: </b></font>"
                + ", ".join(f"<a href='topic:{t}'>{esc(topics[t])}</a>" for t in debated),
            ]
        words = glossary_links(" ".join([c.title, c.body, c.history]))
        if words:
            parts += ["", "<font color='#a8a291'>Words: </font>" + words]
        search = " ".join([c.title, c.body, c.history, c.source, c.id]).lower()
        out.append(Entry(c.id, label, "<br>".join(parts), search))
    return out


@lru_cache(maxsize=1)
def _topic_titles() -> dict[str, str]:
    from game.historians import load_topics

    return {t.id: t.title for t in load_topics().values()}


def historian_entries(campaign: Campaign | None = None) -> list[Entry]:
    """One entry per 'Historians disagree' topic: the question, each reading with
    its author, work and evidence, and the cards whose notes take part."""
    from game.historians import load_topics

    cards, _ = _cards(campaign)
    out = []
    for t in load_topics().values():
        parts = [
            f"<b>{esc(t.title)}</b>",
            f"<font color='#a8a291'><i>{esc(t.question)}</i></font>",
            "",
            esc(t.summary),
            "",
        ]
        for r in t.readings:
            parts.append(f"<font color='#d8a23e'><b>{esc(r.author)}</b></font>")
            parts.append(f"<font color='#a8a291'><i>{esc(r.work)}</i></font>")
            parts.append(esc(r.reading))
            parts.append(f"<font color='#a8a291'>Evidence: </font>{esc(r.evidence)}")
            parts.append("")
        linked = [c for c in cards if t.id in c.spec.text.contested]
        if linked:
            parts.append(
                "<font color='#a8a291'>Cards: </font>"
                + ", ".join(f"<a href='card:{c.id}'>{esc(c.title)}</a>" for c in linked)
            )
        search = " ".join(
            [t.title, t.question, t.summary]
            + [f"{r.author} {r.work} {r.reading} {r.evidence}" for r in t.readings]
        ).lower()
        out.append(Entry(t.id, t.title, "<br>".join(parts), search))
    return out


def people_entries(campaign: Campaign | None = None) -> list[Entry]:
    """The people of the game, with what has become of them in this campaign."""
    from game import people as P

    st = getattr(campaign, "state", None)
    recs = P.view(st) if st is not None else {}
    out = []
    for p in P.load_people().values():
        if st is not None and p.id not in recs:
            continue
        sid = st.scenario_id if st is not None else "great-turn-1928"
        parts = [
            f"<b>{esc(p.name)}</b>",
            f"<font color='#a8a291'><i>{esc(p.office_in(sid))} · "
            f"{esc(P.CAMP_NAMES.get(p.camp, p.camp))}</i></font>",
            "",
            f"<font color='#d8a23e'><b>On the peasant question</b></font> "
            f"({esc(P.stance_word(p.stance))})",
            esc(p.stance_text),
            "",
        ]
        if st is not None:
            r = recs[p.id]
            parts.append(
                f"<font color='#77b36b'>In this campaign: {esc(P.FATE_NAMES[r['fate']])}, "
                f"loyalty to you {round(100 * r['loyalty'])} %</font>"
            )
            parts.append("")
        parts += ["<font color='#d8a23e'><b>In history</b></font>", esc(p.bio)]
        out.append(Entry(p.id, p.name, "<br>".join(parts), f"{p.name} {p.office} {p.bio}".lower()))
    return out


@lru_cache(maxsize=1)
def _term_patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(id, name, pattern) per glossary term: any of its `match` words, as whole words."""
    out = []
    for t in load_glossary():
        if not t.match:
            continue
        alts = "|".join(re.escape(m) for m in t.match)
        out.append((t.id, t.term, re.compile(rf"\b(?:{alts})(?:s|es)?\b", re.IGNORECASE)))
    return tuple(out)


def glossary_links(text: str) -> str:
    """Links to the glossary terms a text uses (for card entries)."""
    found = [(tid, name) for tid, name, pat in _term_patterns() if pat.search(text)]
    return ", ".join(f"<a href='term:{tid}'>{esc(name)}</a>" for tid, name in found)


def glossary_entries() -> list[Entry]:
    terms = load_glossary()
    names = {t.id: t.term for t in terms}
    out = []
    for t in terms:
        parts = [f"<b>{esc(t.term)}</b>"]
        if t.ru:
            parts.append(f"<font color='#a8a291'><i>{esc(t.ru)}</i></font>")
        parts += ["", esc(t.text)]
        if t.see:
            parts += [
                "",
                "<font color='#a8a291'>See also: </font>"
                + ", ".join(f"<a href='term:{s}'>{esc(names[s])}</a>" for s in t.see),
            ]
        out.append(Entry(t.id, t.term, "<br>".join(parts), f"{t.term} {t.ru} {t.text}".lower()))
    return out


class EncyclopediaScene(Scene):
    name = "encyclopedia"
    arrow_navigation = False  # Up/Down move in the list

    def __init__(
        self, app: App, tab: str = "cards", entry: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(app, **kwargs)
        self.tab = tab if tab in TABS else "cards"
        self.query = ""
        self.seen_only: bool | None = None  # None: seen only, if anything was seen
        self.selected_key: str | None = entry
        self._cards_cache: list[Entry] | None = None
        self.visible: list[Entry] = []
        self.list: pygame_gui.elements.UISelectionList | None = None
        self.detail: pygame_gui.elements.UITextBox | None = None
        self.search: pygame_gui.elements.UITextEntryLine | None = None
        self.tab_buttons: dict[str, Any] = {}
        self._labels: list[str] = []
        self._last: dict[str, str | None] = {}  # the entry last shown on each tab
        self._label_room = 200

    # --- data ----------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        if self.tab == "glossary":
            return glossary_entries()
        if self.tab == "historians":
            return historian_entries(self.campaign)
        if self.tab == "people":
            return people_entries(self.campaign)
        if self._cards_cache is None:
            self._cards_cache = card_entries(self.campaign)
        return self._cards_cache

    def _filtered(self) -> list[Entry]:
        q = self.query.strip().lower()
        out = self.entries()
        if q:
            words = q.split()
            out = [e for e in out if all(w in e.search for w in words)]
        if self.tab == "cards" and self.seen_only and self.has_seen():
            out = [e for e in out if e.label.startswith(SEEN_MARK)]
        return out

    def has_seen(self) -> bool:
        return self.campaign is not None and any(
            e.label.startswith(SEEN_MARK) for e in self.entries()
        )

    # --- layout --------------------------------------------------------------------
    def build(self) -> None:
        content = build_header(self)
        px = self.px
        bh = px(36)
        x = content.x
        self.tab_buttons = tab_row(
            self,
            x,
            content.y,
            bh,
            [
                ("cards", "Event cards"),
                ("glossary", "Glossary"),
                ("historians", "Historians disagree"),
                ("people", "People"),
            ],
            self.set_tab,
            self.tab,
            "1: event cards, 2: glossary, 3: historians disagree, 4: people",
            min_width=px(140),
            padding=30,
        )
        x = max(b.relative_rect.right for b in self.tab_buttons.values()) + px(6)
        self.hotkey(pygame.K_1, lambda: self.set_tab("cards"))
        self.hotkey(pygame.K_2, lambda: self.set_tab("glossary"))
        self.hotkey(pygame.K_3, lambda: self.set_tab("historians"))
        self.hotkey(pygame.K_4, lambda: self.set_tab("people"))
        self.hotkey(pygame.K_SLASH, self.focus_search)
        x += px(12)
        if self.seen_only is None:
            self.seen_only = self.has_seen()
        if self.tab == "cards" and self.campaign is not None:
            text = "Show all cards" if self.seen_only else "Seen only"
            w = max(px(120), self.theme.font(15).size(text)[0] + px(30))
            self.button(
                pygame.Rect(content.right - w, content.y, w, bh),
                text,
                self.toggle_seen,
                tooltip="Show every card, or only those drawn in this campaign",
                enabled=self.has_seen(),
            )
            right_limit = content.right - w - px(12)
        else:
            right_limit = content.right
        list_w = max(px(260), min(px(460), content.w // 3))
        top = content.y + bh + px(12)
        if right_limit - x >= px(160):
            search = pygame.Rect(x, content.y, min(px(420), right_limit - x), bh)
        else:  # no room beside the tabs (1280x720 at 150 %): a row of its own
            search = pygame.Rect(content.x, top, list_w, bh)
            top = search.bottom + px(8)
        self.search = pygame_gui.elements.UITextEntryLine(
            search,
            manager=self.manager,
            container=self.root,
            placeholder_text="Search…  (Ctrl+F)",
            initial_text=self.query or None,
        )
        self.focusable(self.search, self.focus_search)
        self.visible = self._filtered()
        self._label_room = list_w - px(20) - px(26)  # scroll bar and item padding
        labels = self._display_labels()
        default = None
        keys = [e.key for e in self.visible]
        if self.selected_key in keys:
            default = labels[keys.index(self.selected_key)]
        elif labels:
            default = labels[0]
            self.selected_key = keys[0]
        self.list = pygame_gui.elements.UISelectionList(
            pygame.Rect(content.x, top, list_w, content.bottom - top),
            item_list=labels,
            manager=self.manager,
            container=self.root,
            default_selection=default,
        )
        if default is not None:
            sync_selection(self.list, labels.index(default))
        gap = px(14)
        self.detail = textbox(
            self,
            # long lines are hard to read: the entry's width is capped
            pygame.Rect(
                content.x + list_w + gap,
                content.y + bh + px(12),
                min(content.w - list_w - gap, px(980)),
                content.bottom - content.y - bh - px(12),
            ),
            self._detail_html(),
        )

    def _display_labels(self) -> list[str]:
        """List texts shortened to fit the list; unique, as the list reports picks by text."""
        f = self.theme.font(15)
        out: list[str] = []
        used: set[str] = set()
        for e in self.visible:
            text = ellipsize(f, e.label, self._label_room)
            while text in used:
                text += " "
            used.add(text)
            out.append(text)
        self._labels = out
        return out

    def _detail_html(self) -> str:
        for e in self.visible:
            if e.key == self.selected_key:
                return e.html
        if self.query:
            return f"<font color='#a8a291'>Nothing matches “{esc(self.query)}”.</font>"
        return "<font color='#a8a291'>Nothing here yet.</font>"

    # --- actions -------------------------------------------------------------------
    def set_tab(self, tab: str) -> None:
        if tab == self.tab:
            return
        self._last[self.tab] = self.selected_key
        self.tab = tab
        self.selected_key = self._last.get(tab)
        self.rebuild()

    def open_term(self, term_id: str) -> None:
        """Show a glossary term (from a 'see also' link)."""
        self._last[self.tab] = self.selected_key
        self.tab = "glossary"
        self.query = ""
        self.selected_key = term_id
        self.rebuild()

    def open_entry(self, tab: str, key: str) -> None:
        """Show an entry of another tab (from a link)."""
        self._last[self.tab] = self.selected_key
        self.tab = tab
        self.query = ""
        if tab == "cards":
            self.seen_only = False
        self.selected_key = key
        self.rebuild()

    def toggle_seen(self) -> None:
        self.seen_only = not self.seen_only
        self.rebuild()

    def focus_search(self) -> None:
        if self.search is not None:
            self.search.focus()
            self.manager.set_focus_set(self.search)

    def select_index(self, i: int) -> None:
        if not self.visible:
            return
        i = max(0, min(len(self.visible) - 1, i))
        self.selected_key = self.visible[i].key
        sync_selection(self.list, i)
        if self.detail is not None:
            self.detail.set_text(self._detail_html())

    def _index(self) -> int:
        keys = [e.key for e in self.visible]
        return keys.index(self.selected_key) if self.selected_key in keys else -1

    def _apply_query(self, text: str) -> None:
        self.query = text
        self.visible = self._filtered()
        if self.list is not None:
            self.list.set_item_list(self._display_labels())
        keys = [e.key for e in self.visible]
        if self.selected_key not in keys:
            self.selected_key = keys[0] if keys else None
        if self.selected_key is not None:
            sync_selection(self.list, keys.index(self.selected_key))
        if self.detail is not None:
            self.detail.set_text(self._detail_html())

    # --- events --------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if (
            event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION
            and event.ui_element is self.list
        ):
            if event.text in self._labels:
                self.select_index(self._labels.index(event.text))
            return True
        if event.type == pygame_gui.UI_TEXT_BOX_LINK_CLICKED and event.ui_element is self.detail:
            target = str(getattr(event, "link_target", ""))
            if target.startswith("term:"):
                self.open_term(target[5:])
            elif target.startswith("topic:"):
                self.open_entry("historians", target[6:])
            elif target.startswith("card:"):
                self.open_entry("cards", target[5:])
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.search:
            self._apply_query(event.text)
            return True
        if event.type == pygame.KEYDOWN:
            searching = self.search is not None and self.search.is_focused
            if searching and event.key in (
                pygame.K_RETURN,
                pygame.K_KP_ENTER,
                pygame.K_ESCAPE,
                pygame.K_DOWN,
            ):
                self.search.unfocus()
                self.manager.set_focus_set(None)
                if event.key != pygame.K_ESCAPE:
                    self.select_index(max(0, self._index()))
                return True
            if event.key == pygame.K_f and event.mod & pygame.KMOD_CTRL:
                self.focus_search()
                return True
            if not searching:
                if event.key == pygame.K_DOWN:
                    self.select_index(self._index() + 1)
                    return True
                if event.key == pygame.K_UP:
                    self.select_index(self._index() - 1)
                    return True
                if event.key == pygame.K_PAGEDOWN:
                    self.select_index(self._index() + 10)
                    return True
                if event.key == pygame.K_PAGEUP:
                    self.select_index(self._index() - 10)
                    return True
        return super().handle_event(event)

    # --- drawing -------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        n, total = len(self.visible), len(self.entries())
        if self.tab == "cards":
            sub = f"{total} event cards"
            if self.campaign is not None:  # short: the header is narrow at 150 %
                seen = sum(1 for e in self.entries() if e.label.startswith(SEEN_MARK))
                sub = f"{seen} of {total} cards seen ✓"
        elif self.tab == "historians":
            sub = f"{total} questions historians argue over"
        elif self.tab == "people":
            sub = f"{total} people"
        else:
            sub = f"{total} words of the Soviet countryside"
        if n != total:
            sub += f" · {n} shown"
        draw_header(self, surface, "Encyclopedia", sub)
