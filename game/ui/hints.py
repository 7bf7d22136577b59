"""First-campaign hints: short, dismissible notes that teach the first turns.

Each hint is shown once, in order; dismissing it (or doing what it teaches)
records it in the settings so it never comes back. "Hide hints" turns them
all off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.ui.widgets import wrap

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.settings import Settings

# (id, title, text, where: map/policy/card/end)
HINTS: list[tuple[str, str, str, str]] = [
    (
        "map",
        "The map",
        "Each region is coloured by the figure chosen at the top left of the map. "
        "Click a region to see its villages in the left panel; hover any number for "
        "what made it. Harvests are as reported unless your cadres check them.",
        "map",
    ),
    (
        "policy",
        "Policy",
        "The right column holds your policy: the path of collectivisation, how hard to "
        "push, what to procure and at what price. Switch to the region tab to set a "
        "different course in the selected region.",
        "policy",
    ),
    (
        "cards",
        "Event cards",
        "Events arrive as cards. Read the choice, press 1-4 or click an option; "
        "H shows what really happened. Each option lists what it will change.",
        "map",
    ),
    (
        "procurement",
        "Grain for the towns",
        "The towns, the army and the exports live on the grain the state procures in "
        "autumn and winter. Try it: in the Grain section pick Quota or Market, then move "
        "the quota or the price. Too high a quota on inflated reports starves villages.",
        "policy",
    ),
    (
        "budget",
        "The budget",
        "Taxes and the grain margin pay for industry, tractors, consumer goods and arms; "
        "the price you pay for grain and the credit you give eat into it. Press B (or "
        "Budget, bottom left) to see this season's ledger.",
        "end",
    ),
    (
        "end_turn",
        "End the season",
        "When you are ready press Enter or End turn. The season is resolved and a report "
        "shows what changed and why. The game saves itself every turn.",
        "end",
    ),
]


def active(settings: Settings) -> bool:
    return settings.hints_enabled and any(h[0] not in settings.hints_seen for h in HINTS)


def current(settings: Settings, card_up: bool = False) -> tuple[str, str, str, str] | None:
    """The next hint not yet seen. While an event card covers the map, a hint about
    the map would point at nothing the player can see: the card's hint comes first,
    and the map's waits until the card is put away."""
    if not settings.hints_enabled:
        return None
    if card_up and "cards" not in settings.hints_seen:
        return next(h for h in HINTS if h[0] == "cards")
    for h in HINTS:
        if h[0] in settings.hints_seen:
            continue
        if card_up and h[0] == "map":
            continue
        return h
    return None


def seen(app: App, hint_id: str) -> None:
    s = app.settings
    if hint_id not in s.hints_seen:
        s.hints_seen.append(hint_id)
        app.save_settings()
        scene = app.scene
        box = getattr(scene, "hint_box", None)
        if box is not None:
            box.refresh()


class HintBox:
    """A small note with 'Got it' and 'Hide hints', placed near what it explains."""

    def __init__(self, scene: Any) -> None:
        self.scene = scene
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.ok_rect = pygame.Rect(0, 0, 0, 0)
        self.off_rect = pygame.Rect(0, 0, 0, 0)
        self.hint = current(scene.settings)

    def build(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        sc = self.scene
        card_up = bool(getattr(sc, "card_visible", lambda: False)())
        self.hint = current(sc.settings, card_up)
        if self.hint is None:
            self.rect = pygame.Rect(0, 0, 0, 0)
            return
        t = sc.theme
        px = t.px
        w = min(px(320), sc.right_rect.w)
        f = t.font(13)
        lines = wrap(f, self.hint[2], w - px(24))
        h = px(34) + len(lines) * f.get_linesize() + px(48)
        where = self.hint[3]
        if card_up:  # beside the card, never on it: low in the policy column
            x = sc.right_rect.right - w
            y = sc.right_rect.bottom - h
        elif where == "policy":
            x = sc.right_rect.x - w - px(12)
            y = sc.right_rect.y + px(60)
        elif where == "end":
            x = sc.bot_rect.right - w - px(12)
            y = sc.bot_rect.y - h - px(10)
        else:
            x = sc.map_rect.right - w - px(12)
            y = sc.map_rect.y + px(52)
        self.rect = pygame.Rect(x, y, w, h)
        self.lines = lines
        bw = px(100)
        self.ok_rect = pygame.Rect(
            self.rect.right - px(12) - bw, self.rect.bottom - px(40), bw, px(30)
        )
        self.off_rect = pygame.Rect(
            self.rect.x + px(12), self.rect.bottom - px(40), px(110), px(30)
        )

    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.hint is None or event.type != pygame.MOUSEBUTTONDOWN or event.button != 1:
            return False
        if self.ok_rect.collidepoint(event.pos):
            seen(self.scene.app, self.hint[0])
            return True
        if self.off_rect.collidepoint(event.pos):
            self.scene.settings.hints_enabled = False
            self.scene.app.save_settings()
            self.refresh()
            return True
        return self.rect.collidepoint(event.pos)

    def draw(self, surface: pygame.Surface) -> None:
        if self.hint is None:
            return
        t = self.scene.theme
        px = t.px
        pygame.draw.rect(surface, (30, 34, 42), self.rect, border_radius=px(6))
        pygame.draw.rect(surface, t.c("focus"), self.rect, width=px(2), border_radius=px(6))
        x, y = self.rect.x + px(12), self.rect.y + px(10)
        surface.blit(t.font(14, "bold").render("Hint: " + self.hint[1], True, t.c("focus")), (x, y))
        y += px(24)
        f = t.font(13)
        for ln in self.lines:
            surface.blit(f.render(ln, True, t.c("text")), (x, y))
            y += f.get_linesize()
        mouse = pygame.mouse.get_pos()
        for r, text in ((self.ok_rect, "Got it"), (self.off_rect, "Hide hints")):
            hover = r.collidepoint(mouse)
            pygame.draw.rect(
                surface, t.c("accent_dark") if hover else t.c("panel_light"), r, border_radius=px(4)
            )
            pygame.draw.rect(surface, t.c("border"), r, width=1, border_radius=px(4))
            img = t.font(12, "bold").render(text, True, t.c("text"))
            surface.blit(img, img.get_rect(center=r.center))
