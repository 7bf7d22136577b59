"""Undo in the campaign screen (Ctrl+Z / Ctrl+Y) and the timeline screen: pick a past
season (replayed, read-only), branch from it, ironman refusing."""

from __future__ import annotations

from dataclasses import replace

import pygame

from game.engine.bots import make_bot
from game.ui import session
from tests.ui.driver import Driver


def _ctrl(d: Driver, key: int) -> None:
    pygame.key.set_mods(pygame.KMOD_LCTRL)
    try:
        d.key(key, mod=pygame.KMOD_LCTRL)
    finally:
        pygame.key.set_mods(0)


def test_ctrl_z_and_ctrl_y_take_back_a_policy_change(make_app) -> None:
    app = make_app()
    session.start_new(app, "great-turn-1928", 3, "normal")
    d = Driver(app)
    d.frames(2)
    camp = app.campaign
    start = (camp.state.state_hash(), camp.decisions.to_dict())
    assert not d.scene.undo_button.is_enabled
    camp.decide(replace(camp.decisions, policy=replace(camp.decisions.policy, quota=0.11)))
    d.frames(1)
    assert d.scene.undo_button.is_enabled and "quota" in d.scene._undo_tip.lower()
    _ctrl(d, pygame.K_z)
    assert (camp.state.state_hash(), camp.decisions.to_dict()) == start
    _ctrl(d, pygame.K_y)
    assert camp.decisions.policy.quota == 0.11
    d.key(pygame.K_z)  # without Ctrl: nothing
    assert camp.decisions.policy.quota == 0.11


def test_timeline_shows_a_past_season_read_only_and_branches(make_app, ui_env) -> None:
    app = make_app()
    session.start_new(app, "great-turn-1928", 3, "normal")
    camp = app.campaign
    camp.play_bot(make_bot("historical", 3), max_turns=8)
    d = Driver(app)
    d.frames(1)
    d.key(pygame.K_t)
    d.frames(1)
    tl = d.scene
    assert tl.name == "timeline"
    hash_now = camp.state.state_hash()
    d.key(pygame.K_HOME)
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_RIGHT)
    d.frames(1)
    assert tl.selected == 2
    seen = tl.season(2)
    assert seen is not camp and seen.state.turn == 2 and camp.state.state_hash() == hash_now
    assert seen.history == camp.history[:3]
    d.key(pygame.K_b)
    d.frames(1)
    branch = app.campaign
    assert branch is not camp and branch.parent == {"id": camp.campaign_id, "turn": 2}
    assert branch.state.turn == 2 and branch.log == camp.log[:2]
    saved = list((ui_env / "saves").glob(f"branch-{camp.campaign_id}-turn-2*"))
    assert saved, "the branch is saved beside the other saves"
    assert [r.id for r in branch.relatives] == [camp.campaign_id]  # it knows its parent


def test_ironman_cannot_branch_or_quickload(make_app) -> None:
    app = make_app()
    session.start_new(app, "great-turn-1928", 3, "normal", ironman=True)
    camp = app.campaign
    camp.play_bot(make_bot("historical", 3), max_turns=3)
    d = Driver(app)
    d.frames(1)
    assert not session.quickload(app)
    d.frames(1)
    app.pop()
    d.frames(1)
    app.push("timeline")
    d.frames(1)
    d.key(pygame.K_HOME)
    d.key(pygame.K_b)
    d.frames(1)
    assert app.campaign is camp
    assert d.scene.name == "message"
