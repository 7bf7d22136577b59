"""Which mood and which sounds the game asks for: pure rules, then the real App
(mixer closed: every request is still recorded in `app.audio.cues`)."""

from __future__ import annotations

import pytest

from game.ui import session
from game.ui.audio.cues import (
    Situation,
    campaign_mood,
    end_mood,
    scene_mood,
    situation_of,
    turn_cues,
)
from tests.ui.driver import Driver

GOOD = Situation()


# --- the rules ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "situation,mood",
    [
        (GOOD, "calm"),
        (Situation(famine_year=0.3), "tense"),
        (Situation(famine_year=0.15), "calm"),  # the hungry winters of a quiet decade
        (Situation(revolts=1), "tense"),
        (Situation(unrest=0.5), "tense"),
        (Situation(forced_drive=True), "tense"),
        (Situation(tension=1.0), "calm"),  # tension alone: years near its top
        (Situation(nazi=True, turns_left=8), "martial"),
        (Situation(nazi=True, turns_left=3, famine_year=0.5), "martial"),  # war first
        (Situation(nazi=True, turns_left=20), "calm"),
        (Situation(nazi=False, turns_left=3), "calm"),  # no Hitler, no war
    ],
)
def test_campaign_mood(situation, mood):
    assert campaign_mood(situation) == mood


@pytest.mark.parametrize(
    "outcome,deaths,mood",
    [
        ("collapse", 0.5, "elegy"),
        ("war_defeat", 0.5, "elegy"),
        ("ousted", 0.0, "elegy"),
        ("war_victory", 4.0, "elegy"),  # victory on bones is still a catastrophe
        ("war_victory", 0.5, "martial"),
        ("peace", 0.2, "calm"),
        ("deterred", 0.2, "calm"),
    ],
)
def test_end_mood(outcome, deaths, mood):
    assert end_mood(Situation(outcome=outcome, deaths_total=deaths)) == mood


def test_scene_mood_without_a_campaign_and_dialogs_keep_the_music():
    for name in ("menu", "new-campaign", "settings", "mods"):
        assert scene_mood(name) == "calm"
    for name in ("message", "confirm", "game-menu", "saves", "sound"):
        assert scene_mood(name) is None


def test_turn_cues_stamp_bell_and_one_alert_for_what_is_new():
    names = lambda cues: [c for c, _ in cues]  # noqa: E731
    assert names(turn_cues(GOOD, GOOD)) == ["stamp", "bell"]
    assert names(turn_cues(GOOD, Situation(revolts=2))) == ["stamp", "bell", "revolt"]
    assert names(turn_cues(GOOD, Situation(famine_year=0.3))) == ["stamp", "bell", "famine"]
    # a famine that goes on rings again only for a very bad season
    hungry = Situation(famine_year=0.4, famine_deaths_total=1.0)
    worse = Situation(famine_year=0.5, famine_deaths_total=1.1)
    assert names(turn_cues(hungry, worse)) == ["stamp", "bell"]
    terrible = Situation(famine_year=0.8, famine_deaths_total=1.4)
    assert names(turn_cues(hungry, terrible)) == ["stamp", "bell", "famine"]
    # Hitler comes to power; the war arrives; the gravest alert wins
    assert names(turn_cues(GOOD, Situation(nazi=True, revolts=3)))[-1] == "war"
    near = Situation(nazi=True, turns_left=9)
    assert names(turn_cues(near, Situation(nazi=True, turns_left=8)))[-1] == "war"
    assert names(turn_cues(GOOD, Situation(outcome="war_defeat")))[-1] == "war"
    delays = dict(turn_cues(GOOD, Situation(revolts=1)))
    assert delays["stamp"] < delays["bell"] < delays["revolt"]


# --- the game asks for them ----------------------------------------------------------------
def _asked(app, kind):
    return [v for k, v in app.audio.cues if k == kind]


def test_scenes_ask_for_their_mood_and_the_music_never_restarts(make_app):
    app = make_app()
    d = Driver(app)
    app.switch("menu")
    d.frames(2)
    assert _asked(app, "mood") == ["calm"]
    d.press("Settings")
    d.press("Sound…")
    assert d.scene.name == "sound"
    app.pop()
    app.pop()
    assert _asked(app, "mood") == ["calm"]  # same mood on every menu screen: no change
    session.start_new(app, "great-turn-1928", 3, "normal")
    d.frames(1)
    expected = scene_mood("campaign", app.campaign)
    assert expected == campaign_mood(situation_of(app.campaign))
    assert _asked(app, "mood")[-1] == expected
    n = len(app.audio.cues)
    app.push("game-menu")
    app.pop()
    app.push("charts")
    app.pop()
    assert [c for c in list(app.audio.cues)[n:] if c[0] == "mood"] == []


def test_a_famine_turns_the_campaign_tense_and_the_end_of_a_catastrophe_is_quiet(make_app):
    app = make_app()
    session.start_new(app, "great-turn-1928", 3, "normal")
    app.campaign.history[-1]["famine_deaths"] = 0.5  # half a million dead this season
    app.switch("campaign")
    assert _asked(app, "mood")[-1] == "tense"
    app.campaign.state.outcome = "collapse"
    app.switch("end")
    assert _asked(app, "mood")[-1] == "elegy"
    app.push("charts")  # the charts from the end screen keep its quiet
    assert _asked(app, "mood")[-1] == "elegy"
    app.switch("menu")
    assert _asked(app, "mood")[-1] == "calm"


def test_buttons_tabs_cards_and_the_end_of_season_ask_for_their_sounds(make_app):
    app = make_app()
    d = Driver(app)
    session.start_new(app, "great-turn-1928", 3, "normal")
    d.frames(2)
    scene = app.scene
    assert app.campaign.pending, "the first season of 1928 lays a card"
    assert _asked(app, "sound").count("card") == 1
    d.frames(3)
    assert _asked(app, "sound").count("card") == 1  # heard once, not every frame
    scene.choose(0)
    assert "answer" in _asked(app, "sound")
    while app.campaign.pending:
        scene.choose(0)
    app.audio.cues.clear()
    scene.resolve_turn()
    d.frames(1)  # the autosave waits until the report is on screen
    sounds = _asked(app, "sound")
    assert sounds[:2] == ["stamp", "bell"] and "autosave" in sounds
    assert app.scene.name == "report"
    app.pop()
    app.switch("encyclopedia")
    d.frames(1)
    app.audio.cues.clear()
    d.press("Glossary")  # a tab
    d.frames(1)
    assert _asked(app, "sound") == ["tab"]
    app.switch("menu")
    d.frames(1)
    app.audio.cues.clear()
    d.press("Settings")  # a button
    d.frames(1)
    assert _asked(app, "sound") == ["click"]


@pytest.mark.parametrize("bot", ["historical", "voluntary-supported"])
def test_fifty_seasons_are_not_tiring(bot):
    """A whole campaign: the mood changes a handful of times, not every season, and
    alerts ring only for what is new."""
    from game.campaign import Campaign
    from game.engine.bots import make_bot

    # a seed whose weather brings the historical famine (a good 1932 harvest can spare it),
    # and on which Hitler comes to power whatever the German left does
    seed = {"historical": 2}.get(bot, 2)
    camp = Campaign.new("great-turn-1928", seed=seed, deck=session.make_deck())
    b = make_bot(bot, seed)
    moods, alerts = [], []
    while not camp.finished:
        while camp.pending:
            inst = camp.pending[0]
            camp.choose(inst.card.id, camp.deck.bot_option(camp, inst, b))
        before = situation_of(camp)
        camp.end_turn(b.decide(camp.state))
        after = situation_of(camp)
        moods.append(campaign_mood(after))
        alerts += [c for c, _ in turn_cues(before, after) if c not in ("stamp", "bell")]
    changes = sum(1 for x, y in zip(moods, moods[1:], strict=False) if x != y)
    assert len(moods) >= 50
    assert changes <= 8, moods
    assert len(alerts) <= 8, alerts
    if camp.state.nat["germany"] == 1.0:  # Hitler came to power: the war near, or fought
        assert moods[-2] == "martial"
    else:  # the German left held: no war, no martial music
        assert "martial" not in moods
    if bot == "historical":
        assert moods.count("tense") >= 12  # the drive and the famine of 1930-34
        assert "famine" in alerts
    else:
        assert "tense" not in moods
