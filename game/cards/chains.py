"""The deck's stories: chains of cards where a later card follows from an earlier one.

A link A -> B exists when an option of A has B as its follow-up, when B's
condition (or one of its options' conditions) asks `seen("A")` or `chose("A")`,
or when B tests a flag that an option of A sets. A chain is a connected group
of two or more linked cards. `python main.py cards list --json` gives each
card's follow-ups, conditions, flags and people, so the same count can be made
from outside the game.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.cards.loader import CardDef

_FLAG_SET = re.compile(r'^\s*flag\(\s*"([^"]+)"\s*\)\s*(?:\+=|-=|\*=|=)')
_FLAG_USE = re.compile(r'flag\(\s*"([^"]+)"\s*\)')


def card_links(cd: CardDef) -> dict[str, list[str]]:
    """What a compiled card reads and sets: cards it remembers, flags, follow-ups."""
    conds = [c for c in [cd.condition, cd.on] if c is not None]
    conds += [o.condition for o in cd.options if o.condition is not None]
    remembers = sorted({r[1] for c in conds for r in c.refs if r[0] == "card"})
    reads = sorted({m for c in conds for m in _FLAG_USE.findall(c.source)})
    sets = sorted(
        {m.group(1) for o in cd.options for e in o.effects if (m := _FLAG_SET.match(e.source))}
    )
    follow = sorted({o.follow_up for o in cd.options if o.follow_up})
    return {"remembers": remembers, "flags_read": reads, "flags_set": sets, "follow_ups": follow}


def links(cards: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(earlier card, later card, how) for every link in the deck."""
    info = {cid: card_links(cd) for cid, cd in cards.items()}
    setters: dict[str, list[str]] = {}
    for cid, i in info.items():
        for f in i["flags_set"]:
            setters.setdefault(f, []).append(cid)
    out: list[tuple[str, str, str]] = []
    for cid, i in info.items():
        out += [(cid, b, "follow_up") for b in i["follow_ups"] if b in cards]
        out += [(a, cid, "memory") for a in i["remembers"] if a in cards and a != cid]
        for f in i["flags_read"]:
            out += [(a, cid, "flag") for a in setters.get(f, []) if a != cid]
    return sorted(set(out))


def chains(cards: dict[str, Any]) -> list[list[str]]:
    """Connected groups of two or more linked cards, each sorted, largest first."""
    parent = {cid: cid for cid in cards}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in links(cards):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[str, list[str]] = {}
    for cid in cards:
        groups.setdefault(find(cid), []).append(cid)
    out = [sorted(g) for g in groups.values() if len(g) >= 2]
    return sorted(out, key=lambda g: (-len(g), g))
