"""Hover tips reach the screen: move the pointer in the real App and look at the
pixels of the frame (the zones having text is not enough: a full-window widget
container once counted as hovered and blocked every tip)."""

from __future__ import annotations

import pygame
import pytest

from game.engine.bots import make_bot
from game.ui import session
from game.ui.tooltip import DELAY_S
from tests.ui.driver import Driver

TIP_BG = (15, 17, 21)


def _tip_on_screen(app, box: pygame.Rect) -> bool:
    """The tip's dark box and its accent border are in the drawn frame."""
    inside = box.inflate(-4, -4)
    bg = sum(
        tuple(app.screen.get_at((x, y)))[:3] == TIP_BG
        for x in range(inside.x, inside.right, max(1, inside.w // 12))
        for y in (inside.y, inside.bottom - 1)
    )
    border = tuple(app.screen.get_at((box.centerx, box.y)))[:3] == app.theme.c("accent")[:3]
    return bg >= 6 and border


def _campaign(make_app, size, scale):
    app = make_app(size=size, scale=scale)
    session.start_new(app, "great-turn-1928", 3, "normal")
    app.campaign.play_bot(make_bot("historical", 3), max_turns=2)
    app.switch("campaign")
    d = Driver(app)
    d.frames(2)
    return app, d


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 150), ((1920, 1080), 100)])
def test_hover_draws_tips_in_the_frame(make_app, size, scale):
    app, d = _campaign(make_app, size, scale)
    scene = d.scene
    # the card's options: the pointer on an option shows what it does
    if scene.card_visible():
        rect, _n = scene.card_view.layout_.options[0]
        d.move_to(rect.center, DELAY_S + 0.1)
        assert scene.tips.shown is not None, "no tip over a card option"
        assert _tip_on_screen(app, scene.tips.shown)
        scene.card_hidden = True
        d.frames(1)
    # a top-bar figure, a region on the map, a row of the region panel
    top = next(r for r, _t in scene.tips.zones if r.bottom <= scene.top_h)
    row = next(r for r, _t in scene.tips.zones if scene.left_rect.contains(r))
    for pos in (top.center, scene.region_center(2), row.center):
        d.move_to((0, 0))  # away first: the tip waits its delay after each new zone
        d.move_to(pos, DELAY_S + 0.1)
        assert scene.tips.text_at(pos), pos
        assert scene.tips.shown is not None, f"no tip drawn at {pos}"
        assert _tip_on_screen(app, scene.tips.shown), pos


def test_widgets_still_block_tips(make_app):
    """Over a button its own tooltip shows, not a scene tip underneath."""
    app, d = _campaign(make_app, (1920, 1080), 100)
    scene = d.scene
    scene.card_hidden = True
    d.move_to(scene.end_button.get_abs_rect().center, DELAY_S + 0.1)
    assert app.ui_manager.get_hovering_any_element()
    assert scene.tips.shown is None


def test_screenshot_with_the_pointer_resting(ui_env, tmp_path):
    """`screenshot --mouse X,Y`: the tooltip of what is under the pointer is in the PNG."""
    from game.errors import SmychkaError
    from game.ui.screenshot import parse_mouse, render_scene

    plain, hover = tmp_path / "plain.png", tmp_path / "hover.png"
    render_scene("campaign", plain, size=(1280, 720), turns=1)
    render_scene("campaign", hover, size=(1280, 720), turns=1, mouse=parse_mouse("300,20"))
    a, b = pygame.image.load(str(plain)), pygame.image.load(str(hover))
    below = [(x, 44) for x in range(320, 500, 6)]  # the tip box, above its first line
    got = [tuple(b.get_at(p))[:3] for p in below]
    assert sum(c == TIP_BG for c in got) > 20, got[:5]
    assert not any(tuple(a.get_at(p))[:3] == TIP_BG for p in below)
    with pytest.raises(SmychkaError, match="X,Y"):
        parse_mouse("300")
    with pytest.raises(SmychkaError, match="outside"):
        render_scene("menu", plain, size=(1280, 720), mouse=(5000, 10))


def test_alerts_outliner_explains_and_selects(make_app):
    """The outliner lists the engine's alerts; hover explains one, a click on one about
    a region selects that region."""
    app, d = _campaign(make_app, (1600, 900), 100)
    scene = d.scene
    scene.card_hidden = True
    st = app.campaign.state
    st.arrays["hunger"][:] = 0.0
    st.arrays["hunger"][4] = 0.3
    scene._alerts = None
    d.frames(1)
    rows = scene.alert_rows()
    famine = next((r, al) for r, al in rows if al.kind == "famine")
    d.move_to(famine[0].center, DELAY_S + 0.1)
    assert scene.tips.shown is not None and _tip_on_screen(app, scene.tips.shown)
    assert "dying of hunger" in scene.tips.text_at(famine[0].center)
    d.click_at(famine[0].center)
    assert scene.selected == 4


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 150), ((1920, 1080), 100)])
def test_a_button_tooltip_at_the_right_edge_is_readable(make_app, size, scale):
    """The policy toggles sit at the window's right edge and carry a long help. At 150 %
    pygame_gui's default tooltip width (170 px) made that help a one-word column pushed
    to the far left and cut off by the bottom: the tip must be wide enough to read and
    lie wholly inside the window."""
    app, d = _campaign(make_app, size, scale)
    scene = d.scene
    scene.card_hidden = True
    d.frames(2)
    button = scene.policy.toggles[("path", "none")]
    d.move_to((0, 0))
    d.move_to(button.get_abs_rect().center)
    d.frames(60)  # pygame_gui counts the hover delay in frame time (1/60 s a frame)
    tip = button.tool_tip
    assert tip is not None, "no tooltip over the toggle"
    rect = tip.rect
    rows = tip.text_block.text_box_layout.layout_rows
    assert len(rows) <= 4, f"a column of {len(rows)} rows"  # it was one word a row
    assert rect.w >= scene.px(240), rect
    assert app.screen.get_rect().contains(rect), (rect, app.screen.get_rect())


def _hover_button_tip(app, d, button):
    d.move_to((0, 0))
    d.frames(2)
    pos = button.get_abs_rect().center
    d.move_to(pos)
    d.frames(60)  # pygame_gui counts the hover delay in frame time (1/60 s a frame)
    tip = button.tool_tip
    assert tip is not None, f"no tooltip over {button.text!r}"
    return pos, tip.rect.copy()


def _assert_beside(app, scene, button, pos, rect):
    """Inside the window, clear of its button and touching it, at the pointer, drawn."""
    b = button.get_abs_rect()
    assert app.screen.get_rect().contains(rect), (button.text, rect)
    assert not rect.colliderect(b), (button.text, rect, b)
    near = scene.px(8)
    above_or_below = rect.top - b.bottom in range(0, near) or b.top - rect.bottom in range(0, near)
    beside = rect.left - b.right in range(0, near) or b.left - rect.right in range(0, near)
    assert above_or_below or beside, (button.text, rect, b)
    if above_or_below:  # starting at the pointer, or ending there
        assert rect.left == pos[0] or rect.right == pos[0], (button.text, rect, pos)
    assert _tip_on_screen(app, rect), f"{button.text!r}: the tip is not in the frame"


@pytest.mark.parametrize(
    ("size", "scale"),
    [((1280, 720), 150), ((1280, 720), 100), ((1920, 1080), 100), ((2560, 1440), 200)],
)
def test_a_button_tooltip_sits_beside_its_button(make_app, size, scale):
    """pygame_gui lays a tip right of the pointer, and one that does not fit there is
    pushed to the window's edge, far from its button: each tip here lies by its button
    (below or above it, from the pointer or ending at it), inside the window, sized to
    its text (a short help is not a paragraph wide)."""
    app, d = _campaign(make_app, size, scale)
    scene = d.scene
    scene.card_hidden = True
    d.frames(2)
    right_edge = [scene.menu_button, scene.end_button, scene.policy.toggles[("path", "none")]]
    for button in [*right_edge, scene.budget_button]:
        pos, rect = _hover_button_tip(app, d, button)
        _assert_beside(app, scene, button, pos, rect)
    # a three-word help is not laid out 320 px wide
    _pos, rect = _hover_button_tip(app, d, scene.menu_button)
    assert rect.w < scene.px(200), rect


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 150), ((1920, 1080), 100)])
def test_a_scenario_tooltip_is_readable_and_clear_of_the_next_button(make_app, size, scale):
    app = make_app(size=size, scale=scale)
    app.switch("new-campaign")
    d = Driver(app)
    d.frames(2)
    scene = d.scene
    buttons = list(scene.scenario_buttons.values())
    assert len(buttons) >= 2
    assert any(b.is_selected for b in buttons)  # the picked one has its tip too
    for k, button in enumerate(buttons):
        pos, rect = _hover_button_tip(app, d, button)
        _assert_beside(app, scene, button, pos, rect)
        assert rect.w >= scene.px(240), ("a narrow column", button.text, rect)
        others = [b.get_abs_rect() for j, b in enumerate(buttons) if j != k]
        assert not [o for o in others if o.colliderect(rect)], (button.text, rect)


def test_the_option_in_force_shows_its_help_and_keeps_its_look(make_app):
    """pygame_gui gives a selected button no hover: the help of the path or procurement in
    force could not be read. Its tip shows, and it still looks selected."""
    app, d = _campaign(make_app, (1280, 720), 100)
    scene = d.scene
    scene.card_hidden = True
    d.frames(2)
    chosen = [b for b in scene.policy.toggles.values() if b.is_selected and b.visible]
    button = next(b for b in chosen if app.screen.get_rect().contains(b.get_abs_rect()))
    before = tuple(app.screen.get_at(button.get_abs_rect().move(3, 0).midleft))[:3]
    pos, rect = _hover_button_tip(app, d, button)
    _assert_beside(app, scene, button, pos, rect)
    after = tuple(app.screen.get_at(button.get_abs_rect().move(3, 0).midleft))[:3]
    assert after == before, "the chosen option lost its selected look under the pointer"


def _dimmed(colour) -> tuple[int, int, int]:
    """`colour` as an overlay's backdrop dims it (game.ui.scene.Scene.draw)."""
    s = pygame.Surface((1, 1))
    s.fill(colour)
    s.fill((85, 85, 85), special_flags=pygame.BLEND_RGB_MULT)
    s.fill((3, 4, 5), special_flags=pygame.BLEND_RGB_ADD)
    return tuple(s.get_at((0, 0)))[:3]


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 150), ((1920, 1080), 100)])
def test_a_tip_is_not_left_in_the_picture_behind_the_report(make_app, size, scale):
    """End the season with the pointer resting on a region-panel row: the dimmed campaign
    behind the report has no tip in it (it kept the last frame, tip and all)."""
    app, d = _campaign(make_app, size, scale)
    scene = d.scene
    while scene.card_visible():  # answer the season's cards, so Enter ends the turn
        rect, _n = scene.card_view.layout_.options[0]
        d.click_at(rect.center)
    d.frames(1)
    row = next(r for r, _t in scene.tips.zones if scene.left_rect.contains(r))
    d.move_to((0, 0))
    d.move_to(row.center, DELAY_S + 0.1)
    box = scene.tips.shown
    assert box is not None and _tip_on_screen(app, box)
    d.key(pygame.K_RETURN)  # end the turn from the keyboard: the pointer stays on the row
    d.frames(1)
    assert d.scene.name == "report"
    edge = [(x, box.y) for x in range(box.x + 4, box.right - 4, max(1, box.w // 16))]
    accent = _dimmed(app.theme.c("accent")[:3])
    back = d.scene.backdrop
    on_edge = sum(tuple(back.get_at(p))[:3] == accent for p in edge)
    assert on_edge <= len(edge) // 4, f"the tip's border is in the backdrop ({on_edge}/{len(edge)})"
