"""The timeline screen shows a past season's map and report, the branches' lines are
drawn again after a restart, and the end screen lists the branches with their scores.

The real App is driven with key presses and clicks; the tests read what is drawn."""

from __future__ import annotations

import numpy as np
import pygame

from game.engine.bots import make_bot
from game.ui import session
from game.ui.palettes import SERIES_COLOURS
from tests.ui.driver import Driver


def _pixels(app, rect: pygame.Rect) -> np.ndarray:
    return pygame.surfarray.array3d(app.screen.subsurface(rect)).copy()


def _timeline_at(app, d: Driver, season: int):
    d.key(pygame.K_t)
    d.frames(1)
    assert d.scene.name == "timeline"
    d.key(pygame.K_HOME)
    for _ in range(season):
        d.key(pygame.K_RIGHT)
    d.frames(1)
    assert d.scene.selected == season
    return d.scene


def test_a_past_seasons_map_is_the_map_of_that_season(make_app) -> None:
    from game.ui.map_view import MapView, map_layer, render_layer

    app = make_app()
    session.start_new(app, "great-turn-1928", 3, "normal")
    app.campaign.play_bot(make_bot("historical", 3), max_turns=10)
    d = Driver(app)
    d.frames(1)
    tl = _timeline_at(app, d, 2)
    d.key(pygame.K_m)
    assert tl.view == "map"
    tl.map_index = [f for f, _ in tl.map_figures()].index("collectivised")
    d.frames(2)
    area = tl.view_rect()
    drawn = _pixels(app, area)

    def expected(state) -> np.ndarray:
        """The map of `state` as the map module renders a layer (the campaign screen's
        way): the timeline must show the past state's, not today's."""
        view = MapView.from_state(state, tl.theme)
        layer = map_layer(state, "collectivised")
        surf = render_layer(view, state, layer, area.size, tl.theme, app.settings.palette)
        return pygame.surfarray.array3d(surf)

    past = tl.season(2).state
    assert past.turn == 2
    assert np.array_equal(drawn, expected(past)), "the map of season 2, as it stood then"
    assert not np.array_equal(drawn, expected(app.campaign.state)), "not today's map"
    d.key(pygame.K_END)
    d.frames(2)
    assert np.array_equal(_pixels(app, area), expected(app.campaign.state))


def test_a_past_seasons_report_is_drawn(make_app) -> None:
    app = make_app()
    session.start_new(app, "great-turn-1928", 3, "normal")
    camp = app.campaign
    camp.play_bot(make_bot("historical", 3), max_turns=8)
    d = Driver(app)
    d.frames(1)
    tl = _timeline_at(app, d, 2)
    d.press("Report")
    assert tl.view == "report"
    rep = tl.season_report(2)
    assert rep.turn == 2 and rep.date == tl.season(2).state.date_label
    assert rep.to_dict() == tl.season(3).last_report.to_dict()
    d.frames(2)
    area = tl.view_rect()
    second = _pixels(app, area)
    assert len(np.unique(second.reshape(-1, 3), axis=0)) > 20, "text is drawn"
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_RIGHT)
    d.frames(2)
    assert tl.season_report(4).date != rep.date
    assert not np.array_equal(_pixels(app, area), second), "another season, another report"
    d.key(pygame.K_END)  # the season being played has no report yet
    d.frames(2)
    assert tl.season_report(tl.selected) is None
    d.key(pygame.K_c)
    assert tl.view == "chart"


def _colour_count(app, rect: pygame.Rect, colour) -> int:
    px = _pixels(app, rect)
    return int(np.all(px == np.array(colour[:3]), axis=2).sum())


def test_branch_lines_and_the_branch_table_survive_a_restart(make_app, ui_env) -> None:
    app = make_app()
    session.start_new(app, "great-turn-1928", 3, "normal")
    orig = app.campaign
    orig.play_bot(make_bot("historical", 3), max_turns=10)
    d = Driver(app)
    d.frames(1)
    _timeline_at(app, d, 4)
    d.key(pygame.K_b)  # branch from here: saved beside the other saves
    d.frames(1)
    branch = app.campaign
    assert branch is not orig and [r.id for r in branch.relatives] == [orig.campaign_id]
    [saved] = list((ui_env / "saves").glob(f"branch-{orig.campaign_id}-turn-4*"))
    app.close()

    # a new start of the game: only the save is left
    app = make_app()
    d = Driver(app)
    assert session.load(app, saved)
    d.frames(1)
    loaded = app.campaign
    assert [r.id for r in loaded.relatives] == [orig.campaign_id]
    app.pop() if d.scene.name == "message" else None
    app.push("timeline")
    d.frames(2)
    tl = d.scene
    labels = [s.label for s in tl._series(loaded)]
    assert "The original" in labels
    colour = SERIES_COLOURS[2 % len(SERIES_COLOURS)]
    assert _colour_count(app, tl.chart_rect, colour) > 30, "the original's line is drawn"

    app.switch("end")
    d.frames(2)
    end = d.scene
    assert end.branch_rect.h > 0
    table = _pixels(app, end.branch_rect)
    assert len(np.unique(table.reshape(-1, 3), axis=0)) > 10, "the table has text"
    assert d.button("Timeline")
