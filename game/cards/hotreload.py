"""Hot reload: card files edited while the game runs come into the campaign.

`CardWatcher.poll()` is cheap: at most once a second it compares the size and
modification time of the watched files (the base deck's card files and those
of the loaded mods) with what it saw last; nothing is read while nothing
changes. On a change, `reload_campaign` loads the content again and swaps it
into the campaign's deck without losing the campaign: the card memory (what
was drawn and answered) carries over; a pending card whose definition changed
is offered again with its new text and options; a pending card that was
removed is withdrawn with a note. A file with errors keeps its old cards (a
mod left out for errors keeps all of its old cards) until it is good again;
the problems are returned with file and line for the game to show.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.cards.problems import Problem

if TYPE_CHECKING:
    from game.campaign import Campaign
    from game.cards.content import Content

POLL_SECONDS = 1.0


def watched_files(content: Content) -> list[Path]:
    """The card files a content was loaded from: the base deck's and its loaded mods'
    (and each mod's manifest, which says where its cards are)."""
    from game.cards.mods import BASE_CARDS_DIR

    files = set(BASE_CARDS_DIR.glob("*.toml")) if BASE_CARDS_DIR.is_dir() else set()
    for m in getattr(content, "mods", []):
        if m.enabled:
            files.add(Path(m.path) / "mod.toml")
            with contextlib.suppress(OSError):
                files.update(m.card_files())
    files.update(Path(cd.source_file) for cd in content.cards.values())
    return sorted(files)


def _stamp(files: list[Path]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for f in files:
        try:
            s = os.stat(f)
            out.append((str(f), s.st_mtime_ns, s.st_size))
        except OSError:
            out.append((str(f), -1, -1))
    return tuple(out)


@dataclass
class CardWatcher:
    """Notices changes to the card files of a content, cheaply."""

    content: Content
    interval: float = POLL_SECONDS
    files: list[Path] = field(default_factory=list)
    _stamp: tuple[tuple[str, int, int], ...] = ()
    _next: float = 0.0

    def __post_init__(self) -> None:
        self.rescan(self.content)

    def rescan(self, content: Content) -> None:
        self.content = content
        self.files = watched_files(content)
        self._stamp = _stamp(self.files)

    def poll(self, now: float | None = None) -> bool:
        """True once when a watched file changed (or a new card file appeared)."""
        now = time.monotonic() if now is None else now
        if now < self._next:
            return False
        self._next = now + self.interval
        stamp = _stamp(self.files)
        if stamp == self._stamp and not self._new_files():
            return False
        self._stamp = stamp
        return True

    def _new_files(self) -> bool:
        from game.cards.mods import BASE_CARDS_DIR

        try:
            n = sum(1 for e in os.scandir(BASE_CARDS_DIR) if e.name.endswith(".toml"))
        except OSError:
            return False
        known = sum(1 for f in self.files if f.parent == BASE_CARDS_DIR)
        if n != known:
            self.files = watched_files(self.content) + [
                f for f in BASE_CARDS_DIR.glob("*.toml") if f not in self.files
            ]
            self.files = sorted(set(self.files))
            return True
        return False


@dataclass
class ReloadReport:
    changed: list[str] = field(default_factory=list)  # card ids whose definition changed
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)  # pending cards taken back
    kept_old: list[str] = field(default_factory=list)  # files (or mods) whose old cards stay
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def summary(self) -> str:
        parts = []
        if self.changed:
            parts.append(f"{len(self.changed)} changed")
        if self.added:
            parts.append(f"{len(self.added)} added")
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        text = "Cards reloaded: " + (", ".join(parts) if parts else "no card changed")
        if self.withdrawn:
            text += f"; withdrawn from this turn: {', '.join(self.withdrawn)}"
        if self.errors:
            text += f"; {len(self.errors)} error(s), old cards kept"
        return text

    def details(self) -> str:
        lines = [self.summary()]
        if self.withdrawn:
            lines.append(
                "A card waiting for your answer was removed from its file and has been "
                "withdrawn: " + ", ".join(self.withdrawn) + "."
            )
        if self.kept_old:
            lines.append("Old cards kept until these are fixed: " + ", ".join(self.kept_old))
        for p in self.errors[:8]:
            lines.append(f"{p.path}:{p.line}:{p.col}: {p.message}")
        if len(self.errors) > 8:
            lines.append(f"... and {len(self.errors) - 8} more (`python main.py mods validate`)")
        return "\n".join(lines)


def _same(a: Any, b: Any) -> bool:
    return a.spec == b.spec and a.source_file == b.source_file


def merge_content(old: Any, new: Any) -> tuple[Any, ReloadReport]:
    """`new`, except that cards of files with errors (and of mods left out for
    errors) keep their old definitions."""
    rep = ReloadReport(problems=list(new.problems))
    bad_files = {p.path for p in new.problems if p.is_error}
    loaded_before = {m.id for m in getattr(old, "loaded_mods", [])}
    loaded_now = {m.id for m in getattr(new, "loaded_mods", [])}
    left_out = loaded_before - loaded_now
    cards = dict(new.cards)
    for cid, cd in old.cards.items():
        if cid in cards:
            continue
        if cd.source_file in bad_files or cd.mod in left_out:
            cards[cid] = cd
            where = cd.mod if cd.mod in left_out else cd.source_file
            if where not in rep.kept_old:
                rep.kept_old.append(where)
    for cid, cd in cards.items():
        if cid not in old.cards:
            rep.added.append(cid)
        elif not _same(old.cards[cid], cd):
            rep.changed.append(cid)
    rep.removed = [cid for cid in old.cards if cid not in cards]
    return replace(new, cards=cards), rep


def reload_campaign(
    campaign: Campaign, mods_dirs: list[Path] | tuple[Path, ...] = ()
) -> ReloadReport:
    """Load the cards again and swap them into `campaign` (see the module's text)."""
    from game.cards.content import load_content
    from game.cards.deck import Deck

    old_deck = campaign.deck
    new, rep = merge_content(old_deck.content, load_content([Path(m) for m in mods_dirs]))
    memory = old_deck.state_dict()
    deck = Deck(new)
    campaign.deck = deck  # (a deck that binds to its campaign finds the same memory)
    if hasattr(deck, "bind"):
        deck.bind(campaign)
    deck.load_state(memory)
    pending = []
    for inst in campaign.pending:
        cid = inst.card.id
        if cid not in new.cards:
            rep.withdrawn.append(cid)
            continue
        if cid in rep.changed:
            fresh = deck.instance(campaign, cid)
            fresh.reason = inst.reason
            pending.append(fresh)
        else:
            pending.append(inst)
    campaign.pending = pending
    return rep
