"""What a scene hid stays hidden when a scene pushed over it closes: after the turn
report the national and the region policy panels were both shown, drawn over each
other."""

from __future__ import annotations

from game.ui import session
from tests.ui.driver import Driver


def test_one_policy_panel_after_the_report(make_app):
    app = make_app(size=(1600, 900))
    session.start_new(app, "great-turn-1928", 3, "normal")
    scene = app.switch("campaign")
    d = Driver(app)
    d.frames(1)
    scene.set_scope(True)  # both panels built, the national one hidden
    scene.set_scope(False)
    d.frames(1)
    assert scene._national_panel.scroll.visible and not scene._region_panel.scroll.visible
    scene.card_hidden = True
    scene.resolve_turn()  # pushes the turn report
    d.frames(2)
    assert app.scene.name == "report"
    app.pop()
    d.frames(2)
    assert app.scene is scene
    assert scene._national_panel.scroll.visible
    assert not scene._region_panel.scroll.visible
    # and a rebuild while covered (a resize under the report) keeps it so too
    scene.set_scope(True)
    app.push("report", report=app.campaign.last_report)
    scene.rebuild()
    app.pop()
    d.frames(1)
    assert scene._region_panel.scroll.visible
    assert scene._national_panel is None or not scene._national_panel.scroll.visible
