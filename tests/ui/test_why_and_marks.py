"""What the player can see (issue #11): the why of the figures in the region panel and
the report, the map's mark for a region on its own policy, the encyclopedia's record
of the choices made, the glossary's mechanics pages, colour-blind palettes beyond the map."""

from __future__ import annotations

import numpy as np
import pygame
import pygame_gui
import pytest

from game.engine.bots import make_bot
from game.ui import palettes, session
from tests.ui.driver import Driver


def _campaign(make_app, size=(1920, 1080), turns=0, seed=3):
    app = make_app(size=size)
    session.start_new(app, "great-turn-1928", seed, "normal")
    if turns:
        app.campaign.play_bot(make_bot("historical", seed), max_turns=turns)
    app.switch("campaign")
    app.scene.card_hidden = True
    d = Driver(app)
    d.frames(2)
    return app, d


def test_region_panel_explains_harvest_procurement_and_reports(make_app):
    app, d = _campaign(make_app, turns=3)  # spring, summer, autumn: the harvest is in
    scene = d.scene
    assert app.campaign.state.season_index == 3  # winter: the autumn's report is the last
    d.frames(1)
    tips = [t for r, t in scene.tips.zones if scene.left_rect.colliderect(r)]
    harvest = next(t for t in tips if "harvest" in t.lower() and "Weather" in t)
    assert "Draught power" in harvest and "Sowing" in harvest
    assert any("Grain procured this season" in t and "Demanded" in t for t in tips)
    # (a term that moved it by nothing, here the pressure, is left out of the tip)
    assert any("Inflation of local reports" in t and "Last season" in t for t in tips)
    # the harvest's why stays for the year: one more season, still there
    app.campaign.play_bot(make_bot("historical", 3), max_turns=1)
    scene._layers.clear()
    d.frames(2)
    tips = [t for r, t in scene.tips.zones if scene.left_rect.colliderect(r)]
    assert any("Weather" in t for t in tips)


def test_report_says_why_the_harvest_and_readiness_moved(make_app):
    app, d = _campaign(make_app, turns=3)
    scene = app.push("report", report=app.campaign.last_report)
    d.frames(1)
    joined = "\n".join(text for text, _style in scene._why_lines())
    assert "True harvest" in joined and "Weather" in joined
    assert "War readiness" in joined and "Arms growing old" in joined
    assert "Grain procured this season" in joined


def test_map_marks_a_region_on_its_own_policy(make_app):
    app, d = _campaign(make_app)
    scene = d.scene
    d.frames(1)
    assert not scene.own_policies()
    scene.select_region(0)
    d.click(scene.reg_tab)
    scene = d.scene
    scene.policy.set("quota", 0.4)
    d.frames(2)
    own = scene.own_policies()
    assert list(own) == [0] and "Quota: 40 %" in own[0]
    box = scene.map_view.label_boxes[0].move(scene.map_draw_rect.topleft)
    focus = app.theme.c("focus")[:3]
    near = pygame.Rect(box.right, box.y, scene.px(16), scene.px(18)).clip(scene.map_draw_rect)
    hits = sum(
        tuple(app.screen.get_at((x, y)))[:3] == focus
        for x in range(near.x, near.right)
        for y in range(near.y, near.bottom)
    )
    assert hits >= 4, "no mark beside the region's name"
    assert any("own policy" in t and "Quota: 40 %" in t for _r, t in scene.tips.zones)
    scene.policy.reset_region()
    d.frames(2)
    assert not scene.own_policies()


def test_encyclopedia_marks_the_option_the_player_chose(make_app):
    app, d = _campaign(make_app)
    camp = app.campaign
    inst = camp.pending[0]
    card = inst.card
    option = inst.options[-1].index
    camp.choose(card.id, option)
    app.push("encyclopedia", entry=card.id)
    d.frames(2)
    html = d.scene.detail.html_text
    assert "your choice" in html
    chosen = card.options[option].text
    assert html.index("your choice") > html.index(chosen[:20].replace("'", "&#x27;")[:10])


def test_glossary_has_pages_on_how_the_game_works(make_app):
    from game.ui.glossary import load_glossary

    ids = {t.id for t in load_glossary()}
    for tid in ("game_harvest", "game_procurement", "game_budget", "game_readiness"):
        assert tid in ids
    app = make_app()
    app.switch("menu")
    app.push("encyclopedia", tab="glossary", entry="game_procurement")
    d = Driver(app)
    d.frames(2)
    assert d.scene.selected_key == "game_procurement"
    assert "Under quotas" in d.scene.detail.html_text


def _min_delta(cols) -> float:
    cols = np.asarray(cols, dtype=float)
    worst = 1e9
    for kind in (None, *palettes.CVD_KINDS):
        c = cols if kind is None else palettes.simulate_cvd(cols, kind)
        lab = palettes.rgb_to_lab(c)
        for i in range(len(lab)):
            for j in range(i + 1, len(lab)):
                worst = min(worst, float(np.linalg.norm(lab[i] - lab[j])))
    return worst


def test_farm_bars_stay_apart_for_colour_blind_players():
    assert _min_delta(palettes.FORM_COLOURS) > 30
    for name in ("viridis", "cividis", "high_contrast"):
        assert _min_delta(palettes.strata_colours(name)) > 20, name
    assert palettes.strata_colours("cividis") != palettes.strata_colours("viridis")


@pytest.mark.parametrize("palette", ["viridis", "high_contrast"])
def test_palette_setting_reaches_the_charts_and_the_region_bars(make_app, palette):
    app, d = _campaign(make_app, turns=2)
    app.settings.palette = palette
    app.scene.rebuild()
    d.frames(2)
    # the households bar under the region's name is drawn in the palette's steps
    scene = d.scene
    bar = next(r for r, t in scene.tips.zones if t.startswith("Households by stratum"))
    first = tuple(app.screen.get_at((bar.x + 3, bar.centery)))[:3]
    assert first == palettes.strata_colours(palette)[0]
    app.push("charts")
    d.frames(2)
    series, _note = d.scene._series()
    assert series[0].colour == palettes.series_colours(palette)[0]


def test_new_campaign_screen_says_what_winning_means(make_app):
    app = make_app()
    app.switch("new-campaign")
    d = Driver(app)
    d.frames(2)
    html = d.scene.details.html_text
    for words in ("Your part", "Winning and losing", "The score", "Difficulty", "30 %"):
        assert words in html, words
    d.press("Hard")
    assert "36 %" in d.scene.details.html_text  # the difficulty's own ouster line


def test_charts_show_a_regions_own_figures(make_app):
    app, d = _campaign(make_app, turns=9)
    scene = d.scene
    scene.select_region(2)
    d.click(scene.reg_tab)
    d.press("Charts")  # from the region tab: that region's charts
    charts = d.scene
    assert charts.name == "charts" and charts.region == 2
    name = app.campaign.state.region_names[2]
    series, note = charts._series()  # per season: replayed (tests/ui/test_region_charts.py)
    assert series[0].label == name and len(series[0].points) == len(app.campaign.history)
    d.key(pygame.K_y)  # per year: the campaign's own yearly records
    charts = d.scene
    series, note = charts._series()
    assert len(series[0].points) == len(app.campaign.region_years)
    want = [rec["collectivised_share"][2] for rec in app.campaign.region_years]
    assert [v for _x, v in series[0].points] == pytest.approx(want)
    assert series[1].label == "Whole country"  # a share: the country beside it
    assert "one value a year" in note
    # back to the whole country through the menu above the list
    pygame.event.post(
        pygame.event.Event(
            pygame_gui.UI_DROP_DOWN_MENU_CHANGED,
            text="Whole country",
            ui_element=charts.region_menu,
        )
    )
    d.frames(2)
    assert charts.region is None and charts._series()[0][0].label.startswith("Your campaign")


def test_region_panel_explains_grain_and_herds(make_app):
    app, d = _campaign(make_app, turns=8)
    scene = d.scene
    d.frames(1)
    tips = [t for r, t in scene.tips.zones if scene.left_rect.colliderect(r)]
    grain = next(t for t in tips if t.startswith("Grain in the villages:"))
    assert "Eaten by the villagers" in grain and "Fed to the herds" in grain
    assert any(t.startswith("Cattle:") and "Growth on the pasture" in t for t in tips)
    assert any(t.startswith("Horses:") and "Neglect" in t for t in tips)
