"""`python main.py screenshot`: render any scene headlessly to a PNG.

Used for the README's screenshots and to look at layouts at any size and UI
scale without a display.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.errors import SmychkaError, did_you_mean

if TYPE_CHECKING:
    from game.campaign import Campaign
    from game.engine.state import State
    from game.ui.app import App

SCREEN_SCENES: tuple[str, ...] = (
    "menu",
    "new-campaign",
    "campaign",
    "alerts",
    "guide",
    "card",
    "report",
    "charts",
    "budget",
    "party",
    "encyclopedia",
    "mods",
    "settings",
    "sound",
    "saves",
    "game-menu",
    "end",
    "timeline",
)
# scenes that are drawn over a running campaign
_OVER_CAMPAIGN = ("report", "charts", "budget", "party", "encyclopedia", "saves", "game-menu")


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise SmychkaError(f"--size '{text}': expected WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (320 <= w <= 7680 and 240 <= h <= 4320):
        raise SmychkaError(f"--size '{text}': expected 320x240 to 7680x4320")
    return w, h


def parse_mouse(text: str) -> tuple[int, int]:
    """--mouse X,Y: a point in the window, in pixels from the top left."""
    try:
        x, y = (int(v) for v in text.replace(" ", "").split(","))
    except ValueError:
        raise SmychkaError(f"--mouse '{text}': expected X,Y in pixels, e.g. 640,360") from None
    if x < 0 or y < 0:
        raise SmychkaError(f"--mouse '{text}': expected a point inside the window")
    return x, y


def rest_pointer(app: App, pos: tuple[int, int]) -> None:
    """Put the pointer at `pos` and let it rest there long enough for hover states and
    tooltips (the scene's own and the widgets') to show."""
    import time

    import pygame

    from game.ui.tooltip import DELAY_S

    pygame.mouse.set_pos(pos)
    motion = pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0))
    app.step([motion], dt=1 / 60)
    # pygame_gui counts hover time in frame steps, the scene's tips in real time
    for _ in range(15):
        app.step([], dt=0.1)
    time.sleep(DELAY_S + 0.05)
    app.step([], dt=1 / 60)


def render_scene(
    scene: str,
    out: Path,
    size: tuple[int, int] = (1920, 1080),
    scale: int = 100,
    scenario: str = "great-turn-1928",
    seed: int = 1,
    turns: int | None = None,
    hints: bool = False,
    mouse: tuple[int, int] | None = None,
) -> Path:
    """Draw `scene` and save it to `out` (PNG), the pointer resting at `mouse` if
    given (its tooltip in the picture). Returns the path written."""
    if scene not in SCREEN_SCENES:
        raise SmychkaError(
            f"unknown scene '{scene}'{did_you_mean(scene, SCREEN_SCENES)}; "
            f"expected one of {', '.join(SCREEN_SCENES)}"
        )
    if not 100 <= scale <= 200:
        raise SmychkaError(f"--scale {scale}: expected 100 to 200 (percent)")
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from game.engine.bots import make_bot
    from game.engine.scenario import load_scenario
    from game.ui import session
    from game.ui.app import App
    from game.ui.settings import Settings

    # The content first: it holds the scenarios of enabled mods, so that a mod's
    # scenario can be drawn; then a clear error for an unknown scenario id.
    deck = session.make_deck(session.mod_dirs(None))
    load_scenario(scenario, deck.content.scenarios if deck is not None else None)
    settings = Settings(width=size[0], height=size[1], ui_scale=scale, hints_enabled=hints)
    app = App(settings=settings, persist_settings=False)
    app.audio.enabled = False  # a picture needs no sound (and no audio device)
    try:
        if scene in ("menu", "new-campaign", "mods", "settings", "sound") or (
            scene in ("saves",) and turns is None
        ):
            if scene != "menu":
                app.switch("menu")
                app.push(scene)
            else:
                app.switch("menu")
        else:
            # "alerts": the campaign screen, the pointer on its alerts outliner; "guide":
            # the campaign screen with the first campaign's guide at its grain step
            name = "campaign" if scene in ("alerts", "guide") else scene
            _campaign_scene(app, name, scenario, seed, turns, make_bot, session)
            if scene == "guide":
                _guide_at(app, GUIDE_SHOT_STEP)
            if scene == "alerts" and mouse is None:
                app.step([], dt=1 / 60)
                rows = app.scene.alert_rows()
                if rows:
                    mouse = rows[0][0].center
        for _ in range(3):
            app.step([], dt=1 / 60)
        if mouse is not None:
            w, h = app.screen.get_size()
            if not (mouse[0] < w and mouse[1] < h):
                raise SmychkaError(f"--mouse {mouse[0]},{mouse[1]}: outside the {w}x{h} window")
            rest_pointer(app, mouse)
        out = Path(out)
        if out.parent and not out.parent.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(app.screen, str(out))
    finally:
        app.close()
    return out


GUIDE_SHOT_STEP = "guide-lever"  # the step `--scene guide` shows (it points at a lever)


def _guide_at(app: App, step_id: str) -> None:
    """The guide on, every step before `step_id` done."""
    ids = [s.id for s in app.guide.steps]
    app.settings.hints_enabled = True
    app.settings.hints_seen = ids[: ids.index(step_id)]


def _campaign_scene(
    app: App, scene: str, scenario: str, seed: int, turns: int | None, make_bot: Any, session: Any
) -> None:
    from game.campaign import Campaign

    deck = session.make_deck(session.mod_dirs(app))
    camp = Campaign.new(scenario, seed=seed, difficulty="normal", deck=deck)
    app.campaign = camp
    bot = make_bot("historical", seed)
    if scene == "end":
        camp.play_bot(bot)
        app.switch("end")
        return
    if scene == "timeline":
        _timeline_scene(app, camp, 24 if turns is None else turns, bot, session)
        return
    k = 4 if turns is None else turns
    if scene == "report":
        k = max(1, k)
    if k:
        camp.play_bot(bot, max_turns=k)
    if scene == "card":
        # play on until a card is waiting (most seasons bring one)
        for _ in range(12):
            if camp.pending or camp.finished or camp.deck is None:
                break
            camp.play_bot(bot, max_turns=1)
    campaign = app.switch("campaign")
    if scene != "card":
        campaign.card_hidden = True
        campaign._refresh_cards_button()
    if scene == "campaign" or scene == "card":
        return
    if scene == "report":
        app.push("report", report=camp.last_report)
    elif scene == "saves":
        app.push("saves", mode="save")
    else:
        if not app.has_scene(scene):
            raise SmychkaError(f"there is no '{scene}' screen")
        app.push(scene)


def _timeline_scene(app: App, camp: Campaign, turns: int, bot: Any, session: Any) -> None:
    """The timeline with a branch overlaid: the original played `turns` seasons, a
    branch from its middle with the quota at 20 % played as far, and the strip shown
    from the branch."""
    from game.persistence.replay import branch, replay_of

    camp.play_bot(bot, max_turns=max(2, turns))
    at = camp.state.turn // 2
    b = branch(replay_of(camp), at, ["policy.quota = 0.2"], deck=camp.deck, parent=camp).campaign
    b.play_bot(_QuotaBot(bot), max_turns=camp.state.turn - at)
    app.campaign = b
    app.switch("campaign").card_hidden = True
    app.push("timeline")


class _QuotaBot:
    """The screenshot's branch: the same bot, the quota held at 20 %."""

    def __init__(self, bot: Any) -> None:
        self.bot = bot
        self.name = f"{bot.name}-quota-20"

    def __getattr__(self, name: str) -> Any:  # how it answers cards: the bot's way
        return getattr(self.bot, name)

    def decide(self, state: State) -> Any:
        from dataclasses import replace

        d = self.bot.decide(state)
        return replace(d, policy=replace(d.policy, quota=0.2))
