"""The seed field: only whole numbers get in, and an out-of-range one is a clear
message, not a crash."""

import pytest

from tests.ui.driver import Driver


def _start_with(make_app, text: str):
    app = make_app()
    app.switch("menu")
    d = Driver(app)
    d.frames(2)
    d.press("New campaign")
    d.click(d.scene.seed_entry)
    d.type_text(text)
    d.press("Start the campaign")
    d.frames(2)  # the app is still running and drawing
    return app


@pytest.mark.parametrize(("text", "seed"), [("12a", 12), ("-5", 5), ("²7", 7), ("7", 7)])
def test_only_digits_reach_the_seed(make_app, text, seed):
    app = _start_with(make_app, text)
    assert app.campaign is not None and app.campaign.state.params["seed"] == seed


def test_a_very_long_seed_never_crashes(make_app):
    from game.engine.scenario import MAX_SEED

    app = _start_with(make_app, "99999999999999999999999")
    # Either the field kept the number short enough, or the start was refused.
    if app.campaign is None:
        assert app.scene.name == "new-campaign"
    else:
        assert 0 <= app.campaign.state.params["seed"] <= MAX_SEED


def test_the_seed_parser_refuses_unicode_digits(make_app):
    from game.errors import SmychkaError

    app = make_app()
    app.switch("new-campaign")
    Driver(app).frames(1)
    scene = app.scene
    scene.seed_entry = None  # what the parser gets if text reaches it unfiltered
    scene.seed_text = "²"
    with pytest.raises(SmychkaError, match="expected a whole number"):
        scene.seed()
