"""The people on screen: a drawn emblem (initials in a ring) for each person.

The emblem's ring shows the person's fate (in office, promoted, demoted, in
exile, tried, dead), the arc under it their loyalty to the player, and a hover
tip says who they are and where they stand on the peasant question.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pygame

from game import people as P
from game.ui.widgets import draw_text

if TYPE_CHECKING:
    from game.engine.state import State

FATE_COLOURS: dict[str, tuple[int, int, int]] = {
    "active": (150, 160, 150),
    "promoted": (119, 179, 107),
    "demoted": (216, 162, 62),
    "rehabilitated": (110, 170, 210),
    "exiled": (120, 120, 130),
    "tried": (216, 98, 79),
    "dead": (70, 70, 76),
}


def faction_people(state: State, faction_id: str) -> list[tuple[P.Person, dict[str, Any]]]:
    """The people of a faction in this campaign, with their records."""
    recs = P.view(state)
    out = []
    for p in P.load_people().values():
        if p.id in recs and p.faction(state.scenario_id) == faction_id:
            out.append((p, recs[p.id]))
    return out


def tip_text(state: State, person: P.Person, rec: dict[str, Any]) -> str:
    fate = P.FATE_NAMES.get(str(rec.get("fate")), str(rec.get("fate")))
    return (
        f"{person.name}\n{person.office_in(state.scenario_id)} · {fate}\n"
        f"Loyalty to you: {round(100 * float(rec.get('loyalty', 0)))} %\n"
        f"On the peasant question ({P.stance_word(person.stance)}): {person.stance_text}"
    )


def draw_emblem(
    surface: pygame.Surface, theme: Any, center: tuple[int, int], r: int, person: P.Person,
    rec: dict[str, Any],
) -> pygame.Rect:  # fmt: skip
    fate = str(rec.get("fate", "active"))
    ring = FATE_COLOURS.get(fate, FATE_COLOURS["active"])
    inactive = fate in ("exiled", "tried", "dead")
    fill = (40, 43, 50) if inactive else (58, 52, 40)
    pygame.draw.circle(surface, fill, center, r)
    pygame.draw.circle(surface, ring, center, r, width=max(2, r // 6))
    font = theme.font(max(10, int(r * 0.75 / max(1, theme.scale))), "bold")
    text_col = theme.c("text_dim") if inactive else theme.c("text")
    draw_text(surface, font, person.initials, text_col, center, "center")
    if fate == "tried":  # a bar across the emblem
        pygame.draw.line(
            surface,
            ring,
            (center[0] - r, center[1] + r // 2),
            (center[0] + r, center[1] - r // 2),
            2,
        )
    # loyalty: an arc under the emblem, from left to right as it grows
    loyal = max(0.0, min(1.0, float(rec.get("loyalty", 0.0))))
    box = pygame.Rect(0, 0, 2 * r + 8, 2 * r + 8)
    box.center = center
    if loyal > 0.01:
        start = math.pi * (1.5 - loyal)
        end = math.pi * (1.5 + loyal)
        col = (
            theme.c("good")
            if loyal >= 0.55
            else theme.c("accent")
            if loyal >= 0.35
            else theme.c("bad")
        )
        pygame.draw.arc(surface, col, box, start - math.pi, end - math.pi, 3)
    return box


def draw_people_row(
    surface: pygame.Surface, theme: Any, rect: pygame.Rect, state: State,
    members: list[tuple[P.Person, dict[str, Any]]], tips: Any = None,
) -> None:  # fmt: skip
    """Emblems in a row, left to right, as many as fit in `rect`."""
    if not members:
        return
    r = max(8, min(rect.h // 2 - 5, theme.px(17)))
    step = 2 * r + theme.px(12)
    x = rect.x + r + 4
    for person, rec in members:
        if x + r > rect.right:
            break
        box = draw_emblem(surface, theme, (x, rect.centery), r, person, rec)
        if tips is not None:
            tips.add(box, tip_text(state, person, rec))
        x += step
