"""A whole campaign through the window: new game, eight turns played by clicking
cards, national and regional policy and End turn; quicksave, quit to the menu,
load the save back and play on to the end screen."""

from __future__ import annotations

import pygame

from game.engine.bots import make_bot
from tests.ui.driver import Driver


def _campaign_turn(d: Driver, turn: int) -> None:
    app = d.app
    scene = d.scene
    assert scene.name == "campaign"
    camp = app.campaign
    # answer every card in front of us by clicking an option (keyboard for odd turns)
    answered = 0
    while scene.card_visible():
        d.frames(1)
        lay = scene.card_view.layout_
        assert lay is not None and lay.options
        before = len(camp.pending)
        if turn % 2:
            d.key(pygame.K_1)
        else:
            rect, _ = lay.options[-1]
            d.click_at(rect.center)
        assert len(camp.pending) == before - 1
        answered += 1
        assert answered < 10
    # national policy: path toggles and a slider (track click)
    pol = scene.policy
    assert pol.region is None
    path = ("voluntary", "forced", "none")[turn % 3]
    d.click(pol.toggles[("path", path)])
    assert camp.decisions.policy.path == path
    slider = pol.sliders["tax_break"]
    r = slider.get_abs_rect()
    want = 0.2 + 0.1 * (turn % 5)
    d.click_at((r.x + 7 + int((r.w - 14) * want), r.centery))
    assert abs(camp.decisions.policy.tax_break - want) < 0.05
    # select a region on the map and override its policy
    region = turn % camp.state.n_regions
    d.click_at(scene.region_center(region))
    assert scene.selected == region
    d.click(scene.reg_tab)
    scene = d.scene
    pol = scene.policy
    rid = camp.state.region_ids[region]
    assert pol.region == rid
    d.click(pol.toggles[("path", "voluntary")])
    assert camp.decisions.overrides[rid].path == "voluntary"
    d.click(scene.nat_tab)
    scene = d.scene
    # end the turn with the button; the report opens; Enter closes it
    t0 = camp.state.turn
    d.click(scene.end_button)
    assert camp.state.turn == t0 + 1
    assert d.scene.name == "report"
    assert d.scene.rows or d.scene.report is not None
    d.key(pygame.K_RETURN)
    assert d.scene.name == "campaign"


def test_new_campaign_eight_turns_save_load_and_finish(make_app, ui_env):
    app = make_app()
    app.switch("menu")
    d = Driver(app)
    d.frames(2)
    d.press("New campaign")
    assert d.scene.name == "new-campaign"
    d.press("Hard")
    d.press("Normal")
    d.click(d.scene.seed_entry)
    d.type_text("42")
    d.press("Start the campaign")
    assert d.scene.name == "campaign"
    camp = app.campaign
    assert camp.state.params["seed"] == 42
    assert camp.state.params["difficulty"] == "normal"
    for turn in range(8):
        _campaign_turn(d, turn)
    assert camp.state.turn == 8
    assert len(camp.log) == 8
    # the autosave of each turn is there
    assert any(p.name.startswith("autosave") for p in (ui_env / "saves").iterdir())
    # quicksave, then leave through the game menu
    d.key(pygame.K_F5)
    assert any(p.name.startswith("quicksave") for p in (ui_env / "saves").iterdir())
    decisions = camp.decisions.to_dict()
    state_hash = camp.state.state_hash()
    d.key(pygame.K_ESCAPE)
    assert d.scene.name == "game-menu"
    d.press("Quit to main menu")
    assert d.scene.name == "menu" and app.campaign is None
    # load the quicksave from the load dialog
    d.press("Load")
    assert d.scene.name == "saves"
    row = next(b for b, info in d.scene.row_buttons if info.name == "quicksave")
    d.click(row)
    if d.scene.name == "message":  # loaded, with warnings (e.g. the cards changed meanwhile)
        assert d.scene.title == "Loaded with warnings"
        d.press("OK")
    assert d.scene.name == "campaign", getattr(d.scene, "text", "")
    loaded = app.campaign
    assert loaded is not camp
    assert loaded.state.turn == 8
    assert loaded.state.state_hash() == state_hash
    assert loaded.decisions.to_dict() == decisions
    # play on: the bot decides until one season is left, then the End turn button
    bot = make_bot("historical", 1)
    remaining = loaded.state.end_turn - loaded.state.turn
    loaded.play_bot(bot, max_turns=max(0, remaining - 1))
    d.app.switch("campaign")
    d.frames(1)
    while not loaded.finished:
        d.click(d.scene.end_button)
        if d.scene.name == "confirm":  # cards left unanswered: the game asks first
            d.press("End the season")
        if d.scene.name == "report":
            d.key(pygame.K_RETURN)
    d.frames(2)
    assert d.scene.name in ("end", "message")
