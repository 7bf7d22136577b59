"""What the game should sound like now: pure functions of the scene and the campaign.

No pygame here, so every rule is a plain unit test. `scene_mood` picks the music's
mood for a screen; `turn_cues` says which sounds follow an end of season. The
player hears the mood change only when it really changes: the same mood on the
next screen keeps the same piece playing (see `system.MusicDirector`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from game.campaign import Campaign

Mood = Literal["calm", "tense", "martial", "elegy"]
MOODS: tuple[Mood, ...] = ("calm", "tense", "martial", "elegy")

# Sound effects by name: the files are assets/sounds/<name>.wav (tools/make_sounds.py).
SOUNDS: tuple[str, ...] = (
    "click",  # a button
    "tab",  # a tab (buttons with the "@tab" object id)
    "card",  # an event card laid in front of the player
    "answer",  # a card answered
    "stamp",  # the season's decrees signed (end of turn)
    "bell",  # the end of a season: the report arrives
    "famine",  # alerts
    "revolt",
    "war",
    "autosave",
)

# Screens that keep whatever is playing (dialogs and menus over the campaign).
KEEP_MOOD = frozenset({"message", "confirm", "game-menu", "saves", "sound"})
# Screens of the campaign: their mood follows the campaign's state.
CAMPAIGN_SCENES = frozenset({"campaign", "report", "charts", "party", "encyclopedia"})

# Thresholds read off whole campaigns of the bots (great-turn-1928, seed 1):
# the historical drive's famine kills 0.25-0.45 M a year in 1931-35 and 0.13-0.24 M a
# year after, hunger peaks every winter and falls every summer. A rolling year of
# deaths is what turns the music: a mood that flipped with the seasons would
# cross-fade every turn.
FAMINE_YEAR_TENSE = 0.25  # million famine deaths in the last four seasons
FAMINE_SEASON_ALERT = 0.3  # million in one season: an alert even inside a famine
UNREST_TENSE = 0.45
DRIVE_COERCION = 0.4  # a forced drive pushed at least this hard
WAR_NEAR_TURNS = 8  # with Hitler in power, the last two years (war in Europe) are martial
CATASTROPHES = frozenset({"collapse", "war_defeat", "ousted"})
DEATHS_CATASTROPHE = 3.0  # million dead of famine and deportation: a catastrophe too
NAZI = 1.0  # state.nat["germany"] when Hitler has come to power (engine/rules/world.py)


class Situation:
    """The few figures the music listens to. A plain class: this module is imported
    before the first frame, and a dataclass or NamedTuple costs a millisecond to define."""

    __slots__ = (
        "famine_year", "unrest", "revolts", "famine_deaths_total", "deaths_total",
        "tension", "nazi", "turns_left", "forced_drive", "outcome", "war",
    )  # fmt: skip

    def __init__(
        self,
        famine_year: float = 0.0,  # million famine deaths in the last four seasons
        unrest: float = 0.0,
        revolts: int = 0,  # regions in revolt
        famine_deaths_total: float = 0.0,  # million, since the start
        deaths_total: float = 0.0,  # famine and deportation, million
        tension: float = 0.3,
        nazi: bool = False,
        turns_left: int = 99,
        forced_drive: bool = False,  # national path is the forced drive, pushed hard
        outcome: str | None = None,
        war: int = 0,  # 0 before the war, 1 while it is fought, 2 after it (rules.war)
    ) -> None:
        self.famine_year, self.unrest, self.revolts = famine_year, unrest, revolts
        self.famine_deaths_total, self.deaths_total = famine_deaths_total, deaths_total
        self.tension, self.nazi, self.turns_left = tension, nazi, turns_left
        self.forced_drive, self.outcome, self.war = forced_drive, outcome, war

    def __repr__(self) -> str:
        return "Situation(" + ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__) + ")"


def situation_of(campaign: Campaign) -> Situation:
    """Read a `game.campaign.Campaign` (its state and current decisions)."""
    st = campaign.state
    a = st.arrays
    n = st.nat
    policy = getattr(getattr(campaign, "decisions", None), "policy", None)
    famine = float(a["famine_deaths"].sum())
    year = sum(float(r.get("famine_deaths", 0.0)) for r in getattr(campaign, "history", [])[-4:])
    return Situation(
        famine_year=year,
        unrest=float(a["unrest"].mean()),
        revolts=int((a["revolt"] > 0.5).sum()),
        famine_deaths_total=famine,
        deaths_total=famine + float(n.get("deportation_deaths", 0.0)),
        tension=float(n.get("tension", 0.3)),
        nazi=float(n.get("germany", -1.0)) == NAZI,
        turns_left=int(st.end_turn - st.turn),
        forced_drive=policy is not None
        and getattr(policy, "path", "") == "forced"
        and float(getattr(policy, "coercion", 0.0)) >= DRIVE_COERCION,
        outcome=st.outcome,
        war=2 if n.get("war_end", 0.0) else 1 if n.get("at_war", 0.0) else 0,
    )


def campaign_mood(s: Situation) -> Mood:
    """Martial when the war is at the door (Hitler in power, the last two years);
    tense under famine, revolt and the drive; calm in good years. International
    tension alone does not turn the music: it sits near its top for years."""
    if s.war == 1 or (s.nazi and s.war == 0 and s.turns_left <= WAR_NEAR_TURNS):
        return "martial"
    if (
        s.famine_year >= FAMINE_YEAR_TENSE
        or s.revolts > 0
        or s.unrest >= UNREST_TENSE
        or s.forced_drive
    ):
        return "tense"
    return "calm"


def end_mood(s: Situation) -> Mood:
    """The end screen: quiet after a catastrophe, martial after a won war, else calm."""
    if s.outcome in CATASTROPHES or s.deaths_total >= DEATHS_CATASTROPHE:
        return "elegy"
    if s.outcome == "war_victory":
        return "martial"
    return "calm"


def scene_mood(scene: str, campaign: Campaign | None = None) -> Mood | None:
    """The mood for a screen; None keeps the music that is playing."""
    if scene in KEEP_MOOD:
        return None
    finished = campaign is not None and getattr(campaign.state, "outcome", None) is not None
    if campaign is not None and (scene == "end" or (finished and scene in CAMPAIGN_SCENES)):
        return end_mood(situation_of(campaign))  # charts from the end screen keep its mood
    if scene in CAMPAIGN_SCENES and campaign is not None:
        return campaign_mood(situation_of(campaign))
    return "calm"  # the main menu, new campaign, settings, mods


def turn_cues(before: Situation, after: Situation) -> list[tuple[str, float]]:
    """Sounds after an end of season, with their delay in seconds: the stamp on the
    decrees, the bell when the report comes, and at most one alert (the gravest),
    only when something new happened, so a long famine does not ring every season."""
    cues: list[tuple[str, float]] = [("stamp", 0.0), ("bell", 0.35)]
    alert = None
    war_now = (
        after.outcome in ("war_victory", "war_defeat")
        or (after.nazi and not before.nazi)
        or after.war > before.war  # the invasion, the war's end
    )
    near = after.nazi and after.war == 0 and before.turns_left > WAR_NEAR_TURNS >= after.turns_left
    if war_now or near:
        alert = "war"
    elif after.war == 1:
        pass  # in the war the war's own cues speak; hunger and revolt do not ring each season
    elif after.revolts > before.revolts:
        alert = "revolt"
    elif after.famine_deaths_total - before.famine_deaths_total >= FAMINE_SEASON_ALERT or (
        after.famine_year >= FAMINE_YEAR_TENSE > before.famine_year
    ):
        alert = "famine"
    if alert is not None:
        cues.append((alert, 1.2))
    return cues
