"""The game can be played from the keyboard: menus, region choice, sliders, cards, turns."""

from __future__ import annotations

import pygame

from tests.ui.driver import Driver


def test_keyboard_only_turn(make_app):
    app = make_app()
    app.switch("menu")
    d = Driver(app)
    d.frames(1)
    d.key(pygame.K_RETURN)  # the first menu entry has the focus: New campaign
    assert d.scene.name == "new-campaign"
    d.key(pygame.K_F2)  # start with the defaults
    scene = d.scene
    assert scene.name == "campaign"
    camp = app.campaign
    # cards: number keys answer them
    while scene.card_visible():
        n = len(camp.pending)
        d.key(pygame.K_1)
        assert len(camp.pending) == n - 1
    # Left/Right choose the region when no slider has the focus
    first = scene.selected
    d.key(pygame.K_RIGHT)
    assert scene.selected == (first + 1) % camp.state.n_regions
    # Tab walks to a slider; Right moves it by 5 %
    for _ in range(80):
        d.key(pygame.K_TAB)
        if scene.focused_widget() is scene.policy.sliders.get("self_management"):
            break
    assert scene.focused_widget() is scene.policy.sliders["self_management"]
    before = camp.decisions.policy.self_management
    d.key(pygame.K_RIGHT)
    assert abs(camp.decisions.policy.self_management - (before + 0.05)) < 1e-6
    # the slider was scrolled into view
    view = scene.policy.scroll.get_abs_rect()
    assert view.colliderect(scene.policy.sliders["self_management"].get_abs_rect())
    # a click elsewhere drops the focus; Enter ends the turn; Enter closes the report
    d.click_at((app.screen.get_width() // 2, app.screen.get_height() - 10))
    t = camp.state.turn
    d.key(pygame.K_RETURN)
    if d.scene.name == "confirm":
        d.key(pygame.K_RETURN)
    assert camp.state.turn == t + 1 and d.scene.name == "report"
    d.key(pygame.K_RETURN)
    assert d.scene.name == "campaign"
    d.key(pygame.K_ESCAPE)
    assert d.scene.name == "game-menu"
    d.key(pygame.K_ESCAPE)
    assert d.scene.name == "campaign"
