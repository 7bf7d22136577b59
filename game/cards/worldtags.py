"""Era and world tags: the world a card belongs to, stated so the deck can enforce it.

A card may name an `era` (a named window of dates) and `world` tags (the state
of the world it needs: Germany's road, war or peace). Both are explicit fields
of the card, not guesses from its text, so the deck can hold a card to them and
tests can check them:

- an `era` narrows the card's date window to the era's dates (with `date` /
  `until` the window is where both agree);
- each `world` tag is a condition that must hold when the card is drawn. The
  loader joins them to the card's own condition (`on` for situations; a
  situation also switches off when its world is gone), and the deck checks
  them again for cards held over from a crowded season and for follow-ups.

Cards without either field behave exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Era:
    name: str
    first: str  # YYYY-MM-DD
    last: str | None  # None: open-ended
    label: str


ERAS: dict[str, Era] = {
    e.name: e
    for e in (
        Era("great-war", "1914-07-28", "1918-11-11", "the First World War"),
        Era(
            "civil-war",
            "1917-11-07",
            "1922-10-25",
            "the revolution and the Civil War, from October to the fall of Vladivostok",
        ),
        Era(
            "nep",
            "1921-03-15",
            "1929-11-06",
            "the New Economic Policy, from the Tenth Congress to the Great Turn",
        ),
        Era(
            "after-civil-war",
            "1921-01-01",
            None,
            "the years after the Civil War (from 1921)",
        ),
        Era("plans", "1928-10-01", None, "the five-year plans (from October 1928)"),
        Era(
            "kolkhoz-order",
            "1929-11-07",
            None,
            "the kolkhoz order's own institutions: workdays, the MTS network, appointed "
            "chairmen (from the Great Turn, November 1929)",
        ),
    )
}


@dataclass(frozen=True)
class WorldTag:
    name: str
    expr: str  # in the card language
    label: str
    group: str  # tags of one group exclude each other


WORLD_TAGS: dict[str, WorldTag] = {
    t.name: t
    for t in (
        WorldTag("undecided", "germany == -1", "Germany's road not yet decided", "germany"),
        WorldTag("weimar", "germany == 0", "the Weimar Republic holds: no Hitler", "germany"),
        WorldTag("nazi", "germany == 1", "the Nazis in power in Germany", "germany"),
        WorldTag("no-nazi", "germany != 1", "no Nazi Germany (yet, or ever)", "germany"),
        WorldTag(
            "war", "at_war == 1", "the Soviet Union at war (the war of 1941 or earlier)", "war"
        ),
        WorldTag("peace", "at_war == 0", "the Soviet Union not at war", "war"),
    )
}


def tag_problems(era: str | None, world: list[str]) -> list[str]:
    """Mistakes in a card's era and world tags, as messages."""
    from game.errors import did_you_mean

    out = []
    if era is not None and era not in ERAS:
        out.append(f"unknown era '{era}'{did_you_mean(era, list(ERAS))}; eras: {', '.join(ERAS)}")
    seen: dict[str, str] = {}
    for t in world:
        tag = WORLD_TAGS.get(t)
        if tag is None:
            out.append(
                f"unknown world tag '{t}'{did_you_mean(t, list(WORLD_TAGS))}; "
                f"tags: {', '.join(WORLD_TAGS)}"
            )
            continue
        other = seen.get(tag.group)
        if other is not None:
            out.append(f"world tags '{other}' and '{t}' describe different worlds")
        seen[tag.group] = t
    return out


def requirement(world: list[str]) -> str:
    """The card-language condition the world tags stand for ('' for none)."""
    parts = [WORLD_TAGS[t].expr for t in world if t in WORLD_TAGS]
    return " and ".join(parts)


def era_window(era: str | None) -> tuple[str | None, str | None]:
    """(first, last) dates of an era; (None, None) without one."""
    if era is None or era not in ERAS:
        return None, None
    e = ERAS[era]
    return e.first, e.last
