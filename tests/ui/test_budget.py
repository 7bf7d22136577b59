"""The budget ledger adds up: income less the levers' costs is what was invested, the
tax by stratum is the tax, and the split is shown as shares of 100 %."""

from __future__ import annotations

import pygame

from game.engine.bots import make_bot
from game.ui import session
from game.ui.scenes.budget import COSTS, SPLIT, income_rows, ledger
from tests.ui.driver import Driver


def test_budget_ledger_adds_up_and_opens_with_b(make_app):
    app = make_app(size=(1280, 720), scale=150)
    session.start_new(app, "great-turn-1928", 3, "normal")
    app.campaign.play_bot(make_bot("historical", 3), max_turns=3)
    scene = app.switch("campaign")
    scene.card_hidden = True
    d = Driver(app)
    d.frames(1)
    d.key(pygame.K_b)
    assert app.scene.name == "budget"
    exp = app.campaign.last_report.explanations["budget"]
    led = ledger(exp)
    income = sum(v for _k, v in income_rows(exp))
    costs = -sum(led[k] for k in COSTS if k in led)
    assert abs(max(0.2, income - costs) - exp.value) < 1e-6
    taxes = sum(v for k, v in led.items() if k.startswith("Tax paid by "))
    assert abs(taxes - led["Agricultural tax"]) < 1e-6
    split = [led[k] for k in SPLIT.values()]
    assert abs(sum(split) - exp.value) < 1e-6
    d.key(pygame.K_ESCAPE)
    assert app.scene is scene
