"""Alerts name the dangers: set a figure, call alerts(), read one alert."""

from __future__ import annotations

from game.campaign import Campaign
from game.engine.alerts import FAMINE_HUNGER, alerts, urban_need


def _state():
    return Campaign.new("great-turn-1928", seed=1).state


def _kinds(state, **kw):
    return {a.kind: a for a in alerts(state, **kw)}


def test_reserve_below_one_season_of_the_cities_need_is_a_danger():
    st = _state()
    st.nat["grain_reserve"] = urban_need(st) * 0.5
    al = _kinds(st)["reserve"]
    assert al.level == "danger" and "Mt" in al.text
    st.nat["grain_reserve"] = urban_need(st) * 1.5
    assert _kinds(st)["reserve"].level == "warning"
    st.nat["grain_reserve"] = urban_need(st) * 3
    assert "reserve" not in _kinds(st)


def test_famine_names_the_region_and_points_at_the_worst():
    st = _state()
    st.arrays["hunger"][:] = 0.0
    st.arrays["hunger"][3] = FAMINE_HUNGER + 0.1
    al = _kinds(st)["famine"]
    assert al.region == 3 and st.region_names[3] in al.title


def test_near_the_ouster_line_counts_the_seasons_left():
    st = _state()
    st.nat["standing"] = 0.34
    hist = [{"standing": 0.36}, {"standing": 0.34}]
    al = _kinds(st, history=hist)["ouster"]
    assert "2 seasons" in al.text


def test_revolt_and_germany():
    st = _state()
    st.arrays["revolt"][5] = 1
    k = _kinds(st, previous_odds=0.5)
    assert k["revolt"].region == 5
    assert "Germany votes in" in k["germany"].title
    assert "from 50 %" in k["germany"].text and "Embassy assessment" in k["germany"].text
    assert "Germany decides in" in k["germany"].text
    # the most urgent first
    levels = [a.level for a in alerts(st)]
    assert levels == sorted(levels, key=("danger", "warning", "info").index)
