"""Historical series and glossary files: parse, agree with the history notes, fail cleanly."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.figures import HEADLINE_LABELS
from game.errors import ContentError
from game.ui.glossary import load_glossary, parse_glossary
from game.ui.history_data import load_series, parse_series

HISTORY_MD = Path("/work/shared/data/history.md")


def _value(figure: str, date: float) -> float:
    for p in load_series()[figure].points:
        if abs(p.date - date) < 0.3:
            return p.value
    raise AssertionError(f"{figure}: no point near {date}")


def test_every_series_matches_a_headline_figure():
    series = load_series()
    assert len(series) >= 8
    for fig, s in series.items():
        assert fig in HEADLINE_LABELS, fig
        assert s.source and s.points
        dates = [p.date for p in s.points]
        assert dates == sorted(dates)


@pytest.mark.parametrize(
    "figure,date,value",
    [
        ("harvest_true_mt", 1933.6, 68.4),
        ("harvest_true_mt", 1936.6, 55.8),
        ("harvest_reported_mt", 1937.6, 120.3),
        ("harvest_reported_mt", 1933.6, 89.8),
        ("collectivised_share", 1930.17, 0.572),
        ("collectivised_share", 1935.5, 0.832),
        ("tractors", 1940.5, 531000),
        ("cattle_m", 1928.5, 70.0),
        ("horses_m", 1928.5, 33.0),
        ("famine_deaths_total_m", 1934.0, 6.0),
    ],
)
def test_spot_checks_against_the_history_notes(figure, date, value):
    assert _value(figure, date) == pytest.approx(value)


@pytest.mark.skipif(not HISTORY_MD.exists(), reason="shared history notes not present")
def test_every_harvest_in_the_notes_table_is_in_the_series():
    # Only the harvest table: later tables (procurement, herds...) have rows of the same shape.
    text = HISTORY_MD.read_text("utf-8")
    harvest = text.split("## Grain harvest", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"\|\s*(\d{4})\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)", harvest)
    assert len(rows) >= 14
    for year, official, revised in rows:
        y = int(year) + 0.6
        assert _value("harvest_reported_mt", y) == pytest.approx(float(official)), year
        assert _value("harvest_true_mt", y) == pytest.approx(float(revised)), year


def test_series_errors_name_the_place():
    with pytest.raises(ContentError, match="series 'x' point #2"):
        parse_series('[[series]]\nfigure = "x"\npoints = [[1930, 1], [1931]]\n')
    with pytest.raises(ContentError, match="low <= value <= high"):
        parse_series('[[series]]\nfigure = "x"\npoints = [[1930, 5, 6, 7]]\n')
    with pytest.raises(ContentError, match="appears twice"):
        parse_series('[[series]]\nfigure = "x"\npoints = [[1930, 1]]\n' * 2)


def test_glossary_has_enough_linked_terms():
    terms = load_glossary()
    assert len(terms) >= 20
    ids = {t.id for t in terms}
    for must in (
        "kulak",
        "serednyak",
        "bednyak",
        "batrak",
        "artel",
        "toz",
        "kolkhoz",
        "sovkhoz",
        "mts",
        "nep",
        "kombedy",
        "prodrazvyorstka",
        "trudoden",
        "smychka",
        "twentyfivethousanders",
        "commune",
    ):
        assert must in ids, must
    assert all(len(t.text) > 80 for t in terms)


def test_glossary_errors_name_the_term():
    with pytest.raises(ContentError, match="unknown term 'nope'"):
        parse_glossary('[[term]]\nid = "a"\nterm = "A"\ntext = "t"\nsee = ["nope"]\n')
    with pytest.raises(ContentError, match="term 'a' needs a 'text'"):
        parse_glossary('[[term]]\nid = "a"\nterm = "A"\n')


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_parsers_only_raise_content_errors(text):
    for parse in (parse_series, parse_glossary):
        with contextlib.suppress(ContentError):
            parse(text)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(-5, 3000),
            st.floats(allow_nan=False, allow_infinity=False),
            st.text(max_size=2),
        ),
        max_size=5,
    )
)
def test_series_points_of_any_shape_fail_cleanly(point):
    import json

    with contextlib.suppress(ContentError):
        parse_series(f'[[series]]\nfigure = "f"\npoints = [{json.dumps(point)}]\n')
