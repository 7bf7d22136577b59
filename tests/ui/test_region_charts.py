"""A region's charts (issue #11): "Per season" and "History" work in region mode. The
seasons are replayed from the log and match the campaign; the lines are looked for in
the drawn frame, by their colours."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.engine.bots import make_bot
from game.ui import session
from game.ui.palettes import series_colours
from game.ui.region_seasons import _CACHE, region_seasons
from game.ui.scenes.charts import NO_REGIONAL_HISTORY
from tests.ui.driver import Driver


def _charts(make_app, turns: int, region: str, figure: str, size=(1600, 900)):
    app = make_app(size=size)
    session.start_new(app, "great-turn-1928", 3, "normal")
    app.campaign.play_bot(make_bot("historical", 3), max_turns=turns)
    i = app.campaign.state.region_ids.index(region)
    app.switch("charts", figure=figure, region=i)
    d = Driver(app)
    d.frames(2)
    return app, d, i


def _pixels_near(app, rect: pygame.Rect, colour, tol: int = 40) -> int:
    arr = pygame.surfarray.pixels3d(app.screen.subsurface(rect)).astype(int)
    dist = np.abs(arr - np.array(colour[:3])).sum(axis=2)
    return int((dist < tol).sum())


def test_per_season_is_the_regions_seasons_and_per_year_its_years(make_app):
    app, d, i = _charts(make_app, 9, "north_caucasus", "collectivised_share")
    charts, camp = d.scene, app.campaign
    assert not charts.yearly
    series, note = charts._series()
    pts = series[0].points
    assert len(pts) == len(camp.history)  # the start, then one a season
    now = 1 - camp.state.region_form_shares()[i, 0]
    assert pts[-1][1] == pytest.approx(now, rel=1e-12)  # the replay is the campaign
    assert series[1].label == "Whole country"
    assert len(series[1].points) == len(camp.history)
    assert "one value a season" in note
    plot = charts.geo.plot
    colour = series_colours(app.settings.palette)[0]
    seasonal = pygame.image.tobytes(app.screen.subsurface(plot), "RGB")
    assert _pixels_near(app, plot, colour) > 200, "no seasonal line drawn"
    d.key(pygame.K_y)  # Per year
    charts = d.scene
    assert charts.yearly
    series, note = charts._series()
    want = [rec["collectivised_share"][i] for rec in camp.region_years]
    assert [v for _x, v in series[0].points] == pytest.approx(want)
    assert "one value a year" in note
    assert _pixels_near(app, charts.geo.plot, colour) > 100, "no yearly line drawn"
    assert pygame.image.tobytes(app.screen.subsurface(charts.geo.plot), "RGB") != seasonal


def test_a_figure_not_kept_per_year_is_summed_from_its_seasons(make_app):
    app, d, i = _charts(make_app, 9, "kazakhstan", "famine_deaths")
    d.key(pygame.K_y)
    series, _ = d.scene._series()
    years = {int(x): v for x, v in series[0].points}
    want = {rec["year"]: rec["famine_deaths"][i] for rec in app.campaign.region_years}
    for y, v in want.items():
        assert years[y] == pytest.approx(v, rel=1e-9, abs=1e-12)


def test_history_draws_the_regions_record_and_says_so_where_there_is_none(make_app):
    app, d, i = _charts(make_app, 24, "ukraine", "famine_deaths_total")
    charts = d.scene
    assert charts.show_history
    series, note = charts._series()
    hist = [s for s in series if s.label.startswith("History:")]
    assert hist and hist[0].bands, "Ukraine's 3.5-5 M is drawn with its range"
    assert "3.5-5 million" in note
    colour = series_colours(app.settings.palette)[1]
    with_history = _pixels_near(app, charts.geo.plot, colour)
    d.key(pygame.K_h)  # History: off
    charts = d.scene
    without = _pixels_near(app, charts.geo.plot, colour)
    assert with_history >= 20 and without == 0, (with_history, without)  # a point, its range
    # a figure with no regional record: the chart says so rather than staying silent
    d.key(pygame.K_h)
    charts = d.scene
    charts.set_region(app.campaign.state.region_ids.index("belarus"))
    d.frames(2)
    charts = d.scene
    _series, note = charts._series()
    assert NO_REGIONAL_HISTORY in note and "The record has:" in note
    plot = charts.geo.plot
    top = pygame.Rect(plot.x, plot.bottom - charts.px(26), plot.w, charts.px(24))
    said = pygame.image.tobytes(app.screen.subsurface(top), "RGB")
    d.key(pygame.K_h)
    charts = d.scene
    assert pygame.image.tobytes(app.screen.subsurface(top), "RGB") != said


def test_the_replayed_seasons_follow_the_campaign(make_app):
    app, d, i = _charts(make_app, 4, "ukraine", "hunger")
    camp = app.campaign
    assert camp.pending
    camp.answer(camp.pending[0].card.id, 0)  # this season's answer is not in the log yet
    _CACHE.clear()  # replayed afresh, and checked, with the answer made
    rs = region_seasons(camp)
    assert rs.seasons == 4 and not rs.problem
    camp.play_bot(make_bot("historical", 3), max_turns=2)
    rs2 = region_seasons(camp)
    assert rs2 is rs and rs.seasons == 6 and not rs.problem
    assert rs.values("hunger")[-1, i] == camp.state.arrays["hunger"][i]


def test_a_replay_that_no_longer_matches_falls_back_to_the_kept_years(make_app):
    """A save played under older rules replays differently: the chart says so and shows
    the years the campaign kept instead of seasons that never happened."""
    app, d, i = _charts(make_app, 9, "ukraine", "collectivised_share")
    charts = d.scene
    region_seasons(app.campaign).problem = "replayed, the seasons do not come out as played"
    charts._series_cache = None
    series, note = charts._series()
    assert len(series[0].points) == len(app.campaign.region_years)
    assert "shown per year" in note


def test_deaths_so_far_per_year_add_up_the_kept_years(make_app):
    app, d, i = _charts(make_app, 9, "kazakhstan", "famine_deaths_total")
    d.key(pygame.K_y)
    series, _ = d.scene._series()
    total = sum(rec["famine_deaths"][i] for rec in app.campaign.region_years)
    assert series[0].points[-1][1] == pytest.approx(total, rel=1e-9, abs=1e-12)
    assert total == pytest.approx(app.campaign.state.arrays["famine_deaths"][i], rel=1e-9)
