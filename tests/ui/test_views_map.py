"""The map: shapes tile the country, anchors hit their own region, drawing works."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import contextlib
import tomllib  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from game.errors import ContentError  # noqa: E402
from game.ui import palettes  # noqa: E402
from game.ui.map_view import (  # noqa: E402
    MAP_FIGURES,
    MapView,
    figure_layer,
    load_shapes,
    point_in_polygon,
)

ROOT = Path(__file__).resolve().parents[2]
REGION_IDS = [
    r["id"]
    for r in tomllib.loads((ROOT / "assets/regions/regions.toml").read_text("utf-8"))["region"]
]
RECTS = [
    pygame.Rect(0, 0, 1000, 600),
    pygame.Rect(37, 81, 640, 520),
    pygame.Rect(300, 40, 1900, 900),
]


@pytest.fixture(scope="module")
def view() -> MapView:
    pygame.font.init()
    return MapView(REGION_IDS, [r.replace("_", " ").title() for r in REGION_IDS])


def test_every_region_has_a_shape():
    shapes = load_shapes()
    assert sorted(shapes.regions) == sorted(REGION_IDS)


@pytest.mark.parametrize("rect", RECTS, ids=["native", "small", "wide"])
def test_each_label_anchor_hits_its_own_region(view, rect):
    surf = pygame.Surface((rect.right + 10, rect.bottom + 10))
    view.draw(surf, rect, np.linspace(0, 1, len(REGION_IDS)), palettes.get("viridis"))
    for i in range(len(REGION_IDS)):
        assert view.region_at(view.anchor(i)) == i, REGION_IDS[i]


def test_regions_do_not_overlap_and_the_sea_is_nobodys():
    shapes = load_shapes()
    polys = [shapes.regions[r].polygon for r in REGION_IDS]
    inside_any = 0
    for x in range(3, 1000, 17):
        for y in range(3, 600, 13):
            hits = sum(point_in_polygon(x + 0.37, y + 0.21, p) for p in polys)
            assert hits <= 1, (x, y)
            inside_any += hits
    # land covers a fair part of the map, but not all of it (seas, the frame)
    total = len(range(3, 1000, 17)) * len(range(3, 600, 13))
    assert 0.3 * total < inside_any < 0.9 * total


def test_points_outside_the_map_hit_nothing(view):
    surf = pygame.Surface((1200, 800))
    rect = pygame.Rect(100, 100, 1000, 600)
    view.draw(surf, rect, np.zeros(len(REGION_IDS)), palettes.get("cividis"))
    assert view.region_at((5, 5)) is None
    assert view.region_at((rect.x + 5, rect.bottom - 5)) is None  # the Black Sea corner


def test_drawing_handles_nan_hatching_selection_and_tiny_rects(view):
    surf = pygame.Surface((800, 500))
    vals = np.linspace(0, 5, len(REGION_IDS))
    vals[3] = np.nan
    unreliable = np.zeros(len(REGION_IDS), dtype=bool)
    unreliable[::2] = True
    view.draw(
        surf,
        pygame.Rect(0, 0, 800, 500),
        vals,
        palettes.get("high_contrast"),
        selected=0,
        hovered=1,
        unreliable=unreliable,
        legend="Test figure (Mt)",
    )
    # labels were placed for every region and stay on the surface
    assert len(view.label_boxes) == len(REGION_IDS)
    for box in view.label_boxes.values():
        assert surf.get_rect().contains(box)
    view.draw(surf, pygame.Rect(0, 0, 4, 4), vals, palettes.get("viridis"))  # no crash


def test_harvest_layer_shows_reports_where_the_centre_cannot_check():
    from game.campaign import Campaign
    from game.engine.bots import make_bot

    camp = Campaign.new("great-turn-1928", seed=5)
    camp.play_bot(make_bot("historical", 5), max_turns=6)
    a = camp.state.arrays
    a["report_bias"][:] = 0.0
    a["report_bias"][2] = 0.3
    a["cadres"][2] = 0.0
    a["harvest_reported"][2] = a["harvest_true"][2] * 1.3 + 0.5
    layer = figure_layer(camp.state, "harvest")
    assert layer.unreliable[2] and not layer.unreliable[0]
    assert layer.values[2] == pytest.approx(a["harvest_reported"][2])
    assert layer.values[0] == pytest.approx(a["harvest_true"][0])
    # cadres on the spot make the report believable again
    a["cadres"][2] = 5.0
    layer = figure_layer(camp.state, "harvest")
    assert not layer.unreliable[2]
    for name in MAP_FIGURES:
        lay = figure_layer(camp.state, name)
        assert lay.values.shape == (len(REGION_IDS),)
        assert lay.lo < lay.hi


def test_bad_map_files_name_the_problem(tmp_path):
    bad = tmp_path / "regions.toml"
    bad.write_text('[[region]]\nid = "x"\nlabel = [1, 2]\npolygon = [[0, 0], [1, 1]]\n')
    with pytest.raises(ContentError, match="region 'x' polygon"):
        load_shapes(bad)
    bad.write_text('[[region]]\nid = "x"\nlabel = [1, 2]\npolygon = [[0, 0], [5000, 1], [3, 3]]\n')
    with pytest.raises(ContentError, match="within 0..1000"):
        load_shapes(bad)
    bad.write_text("[[region]\n")
    with pytest.raises(ContentError, match="not valid TOML"):
        load_shapes(bad)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_map_loader_never_crashes_on_junk(tmp_path_factory, text):
    p = tmp_path_factory.mktemp("map") / "regions.toml"
    p.write_text(text, encoding="utf-8")
    with contextlib.suppress(ContentError):
        load_shapes(p)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(st.floats(allow_nan=False), st.text(max_size=3), st.integers()), max_size=3
        ),
        max_size=6,
    )
)
def test_map_loader_rejects_odd_polygons_with_content_errors(tmp_path_factory, poly):
    import json

    p = tmp_path_factory.mktemp("map") / "regions.toml"
    p.write_text(
        f'[[region]]\nid = "r"\nlabel = [1, 1]\npolygon = {json.dumps(poly)}\n', encoding="utf-8"
    )
    with contextlib.suppress(ContentError):
        load_shapes(p)
