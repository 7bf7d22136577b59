"""Text never overflows its box: every button and label of the game's own screens fits,
at 1280x720, 1920x1080, 1280x720 at 150 % and 2560x1440 at 200 %."""

from __future__ import annotations

from typing import Any

import pygame_gui
import pytest

from game.engine.bots import make_bot
from game.ui import session
from tests.ui.driver import Driver

CONFIGS = [
    ((1280, 720), 100),
    ((1920, 1080), 100),
    ((1280, 720), 150),
    ((2560, 1440), 200),
    ((1280, 720), 200),
]
MENU_SCENES = ["menu", "new-campaign", "settings", "sound", "mods"]
OVER_CAMPAIGN = ["campaign", "report", "game-menu", "saves"]


def _overflows(app) -> list[str]:
    bad = []
    w, h = app.screen.get_size()
    for el in app.ui_manager.get_sprite_group().sprites():
        if not el.alive() or not el.visible:
            continue
        if isinstance(el, pygame_gui.elements.UIButton | pygame_gui.elements.UILabel):
            text = el.text
            if not text or not getattr(el, "font", None):
                continue
            tw = el.font.size(text)[0]
            if tw > el.rect.w - 4:
                bad.append(f"{type(el).__name__} '{text}' {tw}px in {el.rect.w}px")
        r = el.get_abs_rect()
        if el.ui_container is app.scene.root and (r.right > w + 1 or r.bottom > h + 1):
            bad.append(f"{type(el).__name__} outside the window: {r}")
    return bad


@pytest.mark.parametrize(
    "size,scale", CONFIGS, ids=["720p", "1080p", "720p-150", "1440p-200", "720p-200"]
)
def test_text_fits(make_app, size, scale):
    app = make_app(size=size, scale=scale, hints=True)
    d = Driver(app)
    problems = []
    for name in MENU_SCENES:
        app.switch(name)
        d.frames(1)
        problems += [f"{name}: {p}" for p in _overflows(app)]
    session.start_new(app, "great-turn-1928", 7, "normal")
    app.campaign.play_bot(make_bot("historical", 7), max_turns=6)
    for name in OVER_CAMPAIGN:
        app.switch("campaign")
        app.scene.refresh()
        if name == "report":
            app.push("report", report=app.campaign.last_report)
        elif name != "campaign":
            app.push(name, **({"mode": "save"} if name == "saves" else {}))
        d.frames(1)
        problems += [f"{name}: {p}" for p in _overflows(app)]
        if name == "campaign":  # the region tab too
            app.scene.set_scope(True)
            d.frames(1)
            problems += [f"{name}/region: {p}" for p in _overflows(app)]
    # the end screen, with its Timeline button (it used to be left out at 150 %)
    app.switch("end")
    d.frames(1)
    problems += [f"end: {p}" for p in _overflows(app)]
    assert d.button("Timeline").rect.left >= app.scene.score_rect.right, "over the left column"
    assert not problems, "\n".join(problems)


# --- the campaign screen at a large UI scale ---------------------------------------------
SCALED = [((1280, 720), 150), ((1366, 768), 150), ((1600, 900), 200), ((1920, 1080), 200)]
SCALED_IDS = ["720p-150", "768p-150", "900p-200", "1080p-200"]


def _spy(monkeypatch, module) -> list[tuple[str, Any]]:
    """Record the text (and its rect) each draw_text call of `module` draws."""
    seen: list[tuple[str, Any]] = []
    real = module.draw_text

    def spy(surface, font, text, pos, *a, **k):
        r = real(surface, font, text, pos, *a, **k)
        text = str(text)
        if font.size(text)[0] > r.w + 1:  # draw_text cut it to its max_width
            text += "…"
        seen.append((text, r))
        return r

    monkeypatch.setattr(module, "draw_text", spy)
    return seen


def _late_campaign(make_app, size, scale):
    app = make_app(size=size, scale=scale)
    session.start_new(app, "great-turn-1928", 7, "normal")
    # late in the campaign the figures are at their widest (millions dead, arrows)
    app.campaign.play_bot(make_bot("historical", 7), max_turns=22)
    return app, Driver(app)


@pytest.mark.parametrize("size,scale", SCALED, ids=SCALED_IDS)
def test_top_bar_names_every_key_figure_in_full(make_app, monkeypatch, size, scale):
    import game.ui.scenes.campaign as campaign_mod

    seen = _spy(monkeypatch, campaign_mod)
    app, d = _late_campaign(make_app, size, scale)
    app.switch("campaign")
    d.frames(2)
    scene = app.scene
    assert len(scene.top_stats_shown) >= campaign_mod.KEY_STATS
    labels = {f.label.upper() for f in campaign_mod.TOP_STATS} | {
        f.short_label.upper() for f in campaign_mod.TOP_STATS
    }
    drawn = [text for text, _r in seen if text.rstrip("…") in labels]
    cut = [text for text in drawn if text.endswith("…")]
    assert not cut, f"the top bar cuts {cut}"
    assert len(drawn) == len(scene.top_stats_shown)


@pytest.mark.parametrize("size,scale", SCALED, ids=SCALED_IDS)
def test_region_panel_scrolls_to_its_last_row(make_app, monkeypatch, size, scale):
    import pygame

    import game.ui.region_panel as panel_mod

    seen = _spy(monkeypatch, panel_mod)
    app, d = _late_campaign(make_app, size, scale)
    app.switch("campaign")
    scene = app.scene
    scene.card_hidden = True
    d.frames(2)
    left = scene.left_rect
    view = pygame.Rect(0, 0, left.w, left.h)  # the panel is drawn on a layer of its own

    def drawn_inside(text: str) -> bool:
        return any(t == text and view.contains(r) for t, r in seen)

    if scene.left_content_h <= left.h:
        assert drawn_inside("TRUST BY STRATUM")
        return
    assert not drawn_inside("TRUST BY STRATUM"), "drawn outside the panel's view"
    d.move_to(left.center)
    for _ in range(40):  # wheel down to the end
        pygame.event.post(
            pygame.event.Event(
                pygame.MOUSEWHEEL, x=0, y=-1, flipped=False, precise_x=0.0, precise_y=-1.0
            )
        )
        d.frames(1)
    assert scene.left_scroll == scene.left_content_h - left.h
    seen.clear()
    scene._layers.pop("region", None)  # draw the panel once more, as it stands
    d.frames(1)
    assert drawn_inside("TRUST BY STRATUM"), "the last rows cannot be reached"
    assert drawn_inside("Report reliability")
    # and every row drawn has a hover tip inside the panel, none outside it
    for r, _text in scene.tips.zones:
        if r.colliderect(left):
            assert left.contains(r)


@pytest.mark.parametrize("size,scale", SCALED, ids=SCALED_IDS)
def test_map_labels_do_not_collide(make_app, size, scale):
    import pygame

    app, d = _late_campaign(make_app, size, scale)
    app.switch("campaign")
    scene = app.scene
    scene.card_hidden = True
    d.frames(2)
    boxes = scene.map_view.label_boxes
    names = scene.campaign.state.region_ids
    assert len(boxes) == len(names)
    clash = [
        (names[a], names[b])
        for a in boxes
        for b in boxes
        if a < b and boxes[a].inflate(-2, -2).colliderect(boxes[b].inflate(-2, -2))
    ]
    assert not clash, f"labels collide: {clash}"
    on_map = pygame.Rect((0, 0), scene.map_draw_rect.size)  # drawn on the map's own layer
    for i, box in boxes.items():
        assert on_map.contains(box), names[i]


@pytest.mark.parametrize("size,scale", SCALED, ids=SCALED_IDS)
def test_budget_ledger_stays_inside_its_panel(make_app, monkeypatch, size, scale):
    import game.ui.scenes.budget as budget_mod

    seen = _spy(monkeypatch, budget_mod)
    app, d = _late_campaign(make_app, size, scale)
    app.switch("campaign")
    app.push("budget")
    d.frames(2)
    box = d.scene.box
    outside = [text for text, r in seen if not box.contains(r)]
    assert seen and not outside, outside


@pytest.mark.parametrize("size,scale", SCALED, ids=SCALED_IDS)
def test_encyclopedia_controls_do_not_overlap(make_app, size, scale):
    app, d = _late_campaign(make_app, size, scale)
    app.switch("campaign")
    app.push("encyclopedia")
    d.frames(2)
    sc = d.scene
    rects = [b.get_abs_rect() for b in d.buttons() if b.ui_container is sc.root]
    search = sc.search.get_abs_rect()
    clash = [r for r in rects if r.colliderect(search)]
    assert not clash, f"the search box {search} lies over {clash}"


@pytest.mark.parametrize("size,scale", SCALED, ids=SCALED_IDS)
def test_top_bar_names_its_figures_in_full_at_war(make_app, monkeypatch, size, scale):
    """At war the values are at their widest (100.0 %, 4.95 M ▲): figures give way from
    the end, the labels are never cut."""
    from pathlib import Path

    import game.ui.scenes.campaign as campaign_mod
    from game import persistence

    war_save = Path(__file__).parents[1] / "persistence" / "data" / "format-5-war.json.gz"
    if not war_save.exists():
        pytest.skip("no frozen war save")
    seen = _spy(monkeypatch, campaign_mod)
    app = make_app(size=size, scale=scale)
    app.campaign = persistence.load_campaign(war_save).campaign
    app.switch("campaign")
    d = Driver(app)
    d.frames(2)
    scene = app.scene
    assert len(scene.top_stats_shown) >= campaign_mod.KEY_STATS
    labels = {f.label.upper() for f in campaign_mod.TOP_STATS} | {
        f.short_label.upper() for f in campaign_mod.TOP_STATS
    }
    drawn = [text for text, _r in seen if text.rstrip("…") in labels]
    assert len(drawn) == len(scene.top_stats_shown)
    assert not [t for t in drawn if t.endswith("…")], drawn


# --- seen at 150 % on 1280x720 in a window: cut trust labels, an empty status line, and
# --- the deaths gone from the top bar during the war ---------------------------------------
EVERY = [((1280, 720), 100), ((1920, 1080), 100), *SCALED, ((2560, 1440), 200)]
EVERY_IDS = ["720p", "1080p", *SCALED_IDS, "1440p-200"]


def _war_app(make_app, size, scale):
    from pathlib import Path

    from game import persistence

    war_save = Path(__file__).parents[1] / "persistence" / "data" / "format-5-war.json.gz"
    if not war_save.exists():
        pytest.skip("no frozen war save")
    app = make_app(size=size, scale=scale)
    app.campaign = persistence.load_campaign(war_save).campaign
    return app, Driver(app)


def _scroll_left_panel_to_end(scene, d) -> None:
    import pygame

    d.move_to(scene.left_rect.center)
    for _ in range(40):
        pygame.event.post(
            pygame.event.Event(
                pygame.MOUSEWHEEL, x=0, y=-1, flipped=False, precise_x=0.0, precise_y=-1.0
            )
        )
        d.frames(1)


@pytest.mark.parametrize("size,scale", EVERY, ids=EVERY_IDS)
def test_trust_by_stratum_names_each_stratum_in_full(make_app, monkeypatch, size, scale):
    import pygame

    import game.ui.region_panel as panel_mod
    from game.engine.state import STRATA

    seen = _spy(monkeypatch, panel_mod)
    app, d = _late_campaign(make_app, size, scale)
    app.switch("campaign")
    scene = app.scene
    scene.card_hidden = True
    d.frames(2)
    _scroll_left_panel_to_end(scene, d)
    seen.clear()
    scene._layers.pop("region", None)
    d.frames(1)
    view = pygame.Rect(0, 0, scene.left_rect.w, scene.left_rect.h)
    drawn = {t: r for t, r in seen if view.contains(r)}
    missing = [s for s in STRATA if s not in drawn]
    assert not missing, f"not drawn in full: {missing}; drawn {[t for t, _ in seen][-12:]}"
    # and no two names lie over each other
    rects = [drawn[s] for s in STRATA]
    assert not any(a.colliderect(b) for k, a in enumerate(rects) for b in rects[k + 1 :])


def _status_drawn(seen, scene) -> list[str]:
    return [t for t, r in seen if scene.status_rect.contains(r) and t]


@pytest.mark.parametrize("war", [False, True], ids=["peace", "war"])
@pytest.mark.parametrize("size,scale", EVERY, ids=EVERY_IDS)
def test_the_status_line_says_something_clear_of_the_buttons(
    make_app, monkeypatch, size, scale, war
):
    import game.ui.scenes.campaign as campaign_mod

    seen = _spy(monkeypatch, campaign_mod)
    app, d = _war_app(make_app, size, scale) if war else _late_campaign(make_app, size, scale)
    app.switch("campaign")
    d.frames(2)
    scene = app.scene
    lines = _status_drawn(seen, scene)
    assert lines, "the status line is empty"
    assert not [t for t in lines if t.endswith("…")], lines
    text = " ".join(lines)
    if war:
        assert "dead" in text, text  # the war's toll, not only the seasons left
    else:
        assert "seasons left" in text, text
    bottom = [
        b
        for b in d.buttons()
        if b.ui_container is scene.root and b.get_abs_rect().top >= scene.bot_rect.top
    ]
    assert len(bottom) >= 5
    assert not [b for b in bottom if b.get_abs_rect().colliderect(scene.status_rect)]
    for b in bottom:  # every bottom button names itself in full
        if b.text:
            assert b.font.size(b.text)[0] <= b.rect.w - 4, b.text


@pytest.mark.parametrize("size,scale", EVERY, ids=EVERY_IDS)
def test_the_deaths_stay_in_the_top_bar_at_war(make_app, size, scale):
    import game.ui.scenes.campaign as campaign_mod

    app, d = _war_app(make_app, size, scale)
    app.switch("campaign")
    d.frames(2)
    shown = app.scene.top_stats_shown
    assert "famine_deaths_total_m" in shown, shown
    assert len(shown) >= campaign_mod.KEY_STATS


def test_a_narrow_top_bar_gives_up_the_tension_first_at_war():
    from game.ui.scenes.campaign import TOP_STATS, top_bar_choice

    assert top_bar_choice(len(TOP_STATS), at_war=True) == TOP_STATS
    peace = [f.name for f in top_bar_choice(5, at_war=False)]
    war = [f.name for f in top_bar_choice(5, at_war=True)]
    assert peace == [f.name for f in TOP_STATS[:5]]
    assert "tension" not in war and "famine_deaths" in war
    assert war == [f.name for f in TOP_STATS if f.name != "tension"]  # in the bar's order
