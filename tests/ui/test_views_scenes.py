"""Charts, Party, Encyclopedia and End: render at every size, keep text in its boxes,
answer mouse and keyboard."""

from __future__ import annotations

import numpy as np
import pygame
import pygame_gui
import pytest

from game.campaign import Campaign
from game.engine.bots import make_bot
from tests.ui.driver import Driver

CONFIGS = [((1280, 720), 100), ((1920, 1080), 100), ((1280, 720), 150), ((2560, 1440), 200)]
SCENES = ["charts", "party", "encyclopedia", "end"]


@pytest.fixture(scope="module")
def played() -> Campaign:
    from game.cards.deck import default_deck

    camp = Campaign.new("great-turn-1928", seed=2, deck=default_deck())
    camp.play_bot(make_bot("historical", 2), max_turns=14)
    return camp


@pytest.fixture(scope="module")
def finished() -> Campaign:
    from game.cards.deck import default_deck

    camp = Campaign.new("great-turn-1928", seed=4, deck=default_deck())
    camp.play_bot(make_bot("historical", 4))
    assert camp.finished
    return camp


def _open(make_app, size, scale, scene, campaign, **kwargs):
    app = make_app(size=size, scale=scale)
    app.campaign = campaign
    app.switch("menu")
    app.push(scene, **kwargs) if scene != "end" else app.switch("end", **kwargs)
    d = Driver(app)
    d.frames(3)
    return app, d


def _widgets(app):
    return [s for s in app.ui_manager.get_sprite_group().sprites() if s.alive() and s.visible]


def _check_layout(app) -> None:
    w, h = app.screen.get_size()
    screen = pygame.Rect(0, 0, w, h)
    for el in _widgets(app):
        if not isinstance(
            el,
            (
                pygame_gui.elements.UIButton,
                pygame_gui.elements.UITextBox,
                pygame_gui.elements.UISelectionList,
                pygame_gui.elements.UITextEntryLine,
            ),
        ):
            continue
        r = el.get_abs_rect()
        if el.ui_container is not None and isinstance(
            el.ui_container.get_container().parent_element, pygame_gui.elements.UISelectionList
        ):
            continue  # list items scroll inside their list
        assert screen.contains(r), (type(el).__name__, getattr(el, "text", ""), r, (w, h))
        if isinstance(el, pygame_gui.elements.UIButton) and el.text.strip():
            tw = el.font.size(el.text)[0]
            assert tw <= r.w, (el.text, tw, r.w)


@pytest.mark.parametrize("size,scale", CONFIGS, ids=["720p", "1080p", "720p-150", "1440p-200"])
@pytest.mark.parametrize("scene", SCENES)
def test_scene_renders_and_fits(make_app, played, finished, size, scale, scene):
    camp = finished if scene == "end" else played
    app, d = _open(make_app, size, scale, scene, camp)
    assert d.scene.name == scene
    _check_layout(app)
    px = pygame.surfarray.array3d(app.screen)[::4, ::4].reshape(-1, 3)
    assert len(np.unique(px, axis=0)) > 12  # a real picture, not a blank frame


@pytest.mark.parametrize("scene", ["charts", "party", "encyclopedia", "end"])
def test_scenes_without_a_campaign_explain_instead_of_crashing(make_app, scene):
    app, d = _open(make_app, (1280, 720), 100, scene, None)
    assert d.scene.name == scene


def test_charts_keyboard_and_hover(make_app, played):
    app, d = _open(make_app, (1280, 720), 100, "charts", played)
    sc = d.scene
    assert sc.figure.key == "collectivised_share"
    d.key(pygame.K_DOWN)
    assert sc.figure.key == "voluntary_share"
    d.key(pygame.K_UP)
    d.key(pygame.K_UP)
    assert sc.figure.key == sc.figures[-1].key  # wraps around
    d.key(pygame.K_h)
    assert d.scene.show_history is False
    d.key(pygame.K_y)
    assert d.scene.yearly is True
    sc = d.scene
    plot = sc.geo.plot
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=plot.center, rel=(0, 0), buttons=(0, 0, 0))
    )
    d.frames(2)
    assert sc.hover_x is not None and sc.geo.x0 < sc.hover_x < sc.geo.x1
    d.key(pygame.K_ESCAPE)
    assert d.scene.name == "menu"


def test_charts_list_click_picks_a_figure(make_app, played):
    app, d = _open(make_app, (1920, 1080), 100, "charts", played)
    sc = d.scene
    items = [
        el
        for el in _widgets(app)
        if isinstance(el, pygame_gui.elements.UIButton) and "True harvest" in el.text
    ]
    assert items
    d.click(items[0])
    d.frames(2)  # the list answers the button's press on the next frame
    assert sc.figure.key == "harvest_true_mt"


def test_encyclopedia_search_tabs_and_seen_marks(make_app, played):
    app, d = _open(make_app, (1280, 720), 100, "encyclopedia", played)
    sc = d.scene
    seen = set(played.deck.seen)
    assert seen, "the bot should have drawn cards"
    # a campaign that saw cards shows those first
    assert sc.seen_only and {e.key for e in sc.visible} == seen
    d.press("Show all cards")
    sc = d.scene
    assert len(sc.visible) == len(played.deck.cards)
    sc.focus_search()
    d.type_text("kulak")
    assert 0 < len(sc.visible) < len(played.deck.cards)
    assert all("kulak" in e.search for e in sc.visible)
    d.key(pygame.K_RETURN)
    first = sc.selected_key
    d.key(pygame.K_DOWN)
    assert sc.selected_key != first or len(sc.visible) == 1
    d.key(pygame.K_2)
    sc = d.scene
    assert sc.tab == "glossary" and len(sc.visible) >= 1  # the query carries over
    sc._apply_query("")
    assert len(sc.visible) >= 20
    assert "<b>" in sc.detail.html_text


def test_encyclopedia_from_the_menu_lists_every_card(make_app):
    from game.cards.deck import default_deck

    # the cards as loaded now (the same isolated folders the screen reads; see ui_env)
    want = set(default_deck().cards)
    app, d = _open(make_app, (1280, 720), 100, "encyclopedia", None)
    shown = {e.key for e in d.scene.visible}
    assert d.scene.tab == "cards" and not d.scene.query
    assert shown == want, (sorted(want - shown)[:5], sorted(shown - want)[:5])


def test_party_shows_every_faction(make_app, played):
    app, d = _open(make_app, (1280, 720), 100, "party", played)
    assert {fid for fid, _ in d.scene.cards} == set(played.state.factions)
    boxes = [el for el in _widgets(app) if isinstance(el, pygame_gui.elements.UITextBox)]
    html = " ".join(b.html_text for b in boxes)
    assert "Wants:" in html and "Support in the Party" in html


def test_end_screen_shows_the_cost_and_switches_figures(make_app, finished):
    app, d = _open(make_app, (1280, 720), 100, "end", finished)
    sc = d.scene
    d.press("Famine deaths")
    assert sc.figure == "famine_deaths_total_m"
    d.press("Main menu")
    assert d.scene.name == "menu"


def test_glossary_see_also_links_open_the_term(make_app):
    app, d = _open(make_app, (1280, 720), 100, "encyclopedia", None, tab="glossary", entry="kulak")
    sc = d.scene
    assert sc.selected_key == "kulak"
    assert "href='term:dekulakisation'" in sc.detail.html_text
    pygame.event.post(
        pygame.event.Event(
            pygame_gui.UI_TEXT_BOX_LINK_CLICKED,
            link_target="term:dekulakisation",
            ui_element=sc.detail,
        )
    )
    d.frames(2)
    assert d.scene.tab == "glossary" and d.scene.selected_key == "dekulakisation"


def test_card_entries_link_the_words_they_use(make_app, played):
    app, d = _open(make_app, (1280, 720), 100, "encyclopedia", played)
    sc = d.scene
    linked = [e for e in sc.entries() if "href='term:kulak'" in e.html]
    assert linked, "some card should speak of kulaks"
    sc.selected_key = linked[0].key
    sc.seen_only = False
    sc.rebuild()
    pygame.event.post(
        pygame.event.Event(
            pygame_gui.UI_TEXT_BOX_LINK_CLICKED, link_target="term:kulak", ui_element=sc.detail
        )
    )
    d.frames(2)
    assert sc.tab == "glossary" and sc.selected_key == "kulak"
    d.key(pygame.K_1)  # back to the cards: the same card again
    assert sc.tab == "cards" and sc.selected_key == linked[0].key


@pytest.mark.parametrize("scenario", ["coalition-1917", "free-soviets-1921", "bukharin-1928"])
def test_party_fits_every_scenarios_factions(make_app, scenario):
    camp = Campaign.new(scenario, seed=1)
    camp.play_bot(make_bot("historical", 1), max_turns=2)
    app, d = _open(make_app, (1280, 720), 150, "party", camp)
    _check_layout(app)
    assert len(d.scene.cards) == len(camp.state.factions)
    for _, rect in d.scene.cards:
        assert app.screen.get_rect().contains(rect)


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 100), ((1280, 720), 150)])
def test_header_controls_do_not_overlap(make_app, played, size, scale):
    """Tab buttons and the search field sit side by side, never on top of each other."""
    app, d = _open(make_app, size, scale, "encyclopedia", played)
    scene = app.scene
    rects = [b.relative_rect for b in scene.tab_buttons.values()]
    if scene.search is not None:
        rects.append(scene.search.relative_rect)
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.colliderect(b), (a, b)
    app2, _ = _open(make_app, size, scale, "end", played)
    tabs = [b.relative_rect for b in app2.scene.fig_buttons.values()]
    for i, a in enumerate(tabs):
        for b in tabs[i + 1 :]:
            assert not a.colliderect(b), (a, b)
