"""The policy panel has a control for every lever, nationally and per region."""

from __future__ import annotations

import pygame

from game.engine.vocab import LEVERS
from game.ui.policy_panel import panel_sections
from tests.ui.driver import Driver


def _controls(panel) -> set[str]:
    return set(panel.sliders) | {name for name, _value in panel.toggles}


def test_every_lever_part_is_in_a_panel_section() -> None:
    listed = [name for _title, names in panel_sections() for name in names]
    assert sorted(listed) == sorted(part for lv in LEVERS for part in lv.parts())


def test_every_lever_has_a_control_nationally_and_per_region(make_app) -> None:
    app = make_app()
    app.switch("menu")
    d = Driver(app)
    d.frames(1)
    d.key(pygame.K_RETURN)  # New campaign
    d.key(pygame.K_F2)  # start with the defaults
    scene = d.scene
    assert scene.name == "campaign"
    # the war's levers are shown only while the war is fought
    peace = {part for lv in LEVERS if lv.section != "war" for part in lv.parts()}
    assert _controls(scene.policy) == peace
    scene.campaign.state.nat["at_war"] = 1.0
    scene.refresh()
    assert _controls(scene.policy) == {part for lv in LEVERS for part in lv.parts()}
    d.click(scene.reg_tab)
    scene = d.scene
    assert scene.policy.region is not None
    assert _controls(scene.policy) == {lv.name for lv in LEVERS if lv.overridable}
