"""Readable at every size: fonts preloaded, the top bar fits, share layers on a fixed scale,
long cards readable, dialogs built by one helper."""

from __future__ import annotations

import warnings

import pytest

from game.engine.bots import make_bot
from game.ui import session
from tests.ui.driver import Driver


@pytest.mark.parametrize("scale", [100, 150, 200])
def test_no_font_loaded_on_first_use(make_app, scale):
    """Every font the theme and rich text use is preloaded: pygame_gui warns (and stalls a
    frame) when a text box asks for a size or style it has not loaded."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Finding font with id", category=UserWarning)
        warnings.filterwarnings("error", message="Trying to pre-load font", category=UserWarning)
        app = make_app(size=(1280, 720), scale=scale, hints=True)
        d = Driver(app)
        for name in ("menu", "new-campaign", "mods", "settings"):
            app.switch(name)
            d.frames(1)
        session.start_new(app, "great-turn-1928", 3, "normal")
        app.campaign.play_bot(make_bot("historical", 3), max_turns=2)
        for name in ("campaign", "encyclopedia", "party", "charts", "report"):
            app.switch("campaign")
            if name == "report":
                app.push("report", report=app.campaign.last_report)
            elif name != "campaign":
                app.push(name)
            d.frames(1)


def _top_cells(scene):
    return [(r, t) for r, t in scene.tips.zones if r.bottom <= scene.top_h]


@pytest.mark.parametrize(
    "size,scale", [((1280, 720), 150), ((1280, 720), 100), ((1920, 1080), 100)]
)
def test_top_bar_shows_the_key_figures(make_app, size, scale):
    """The date and the five key figures (grain, industry, support, tension,
    collectivised) are on screen at every supported size; at 1280x720 150 % they take a
    second row, and each cell lies inside the window, clear of the buttons."""
    from game.ui.scenes.campaign import KEY_STATS, TOP_STATS, key_of

    app = make_app(size=size, scale=scale)
    session.start_new(app, "great-turn-1928", 5, "normal")
    app.campaign.play_bot(make_bot("historical", 5), max_turns=2)
    app.switch("campaign")
    d = Driver(app)
    d.frames(2)
    scene = app.scene
    cells = _top_cells(scene)
    assert {key_of(s) for s in TOP_STATS[:KEY_STATS]} <= set(scene.top_stats_shown)
    assert len(cells) == len(scene.top_stats_shown)
    buttons = [b.get_abs_rect() for b in d.buttons() if b.get_abs_rect().bottom <= scene.top_h]
    assert buttons, "the top bar buttons are missing"
    for r, _ in cells:
        assert r.right <= size[0] and r.w >= scene.px(60), r
        assert not any(r.colliderect(b) for b in buttons), (r, buttons)
    assert scene.two_row_top == (scale == 150)


SHARES = ["collectivised", "voluntary", "kolkhoz", "hunger", "unrest", "trust", "reliability"]


def test_share_layers_use_a_fixed_scale_unless_stretched():
    """At the start collectivisation is a few percent everywhere: on the default scale
    the legend runs 0-100 % (3 % and 4 % look alike); stretched, it spans the values."""
    from game.campaign import Campaign
    from game.ui.scenes.campaign import is_share, map_layer

    camp = Campaign.new("great-turn-1928", 4, "normal")
    for name in SHARES:
        lay = map_layer(camp.state, name)
        assert (lay.lo, lay.hi) == (0.0, 1.0), name
        assert is_share(name)
        st = map_layer(camp.state, name, stretch=True)
        vals = st.values
        assert 0.0 <= st.lo <= vals.min() + 1e-9 and vals.max() - 1e-9 <= st.hi <= 1.0, name
        assert st.hi - st.lo >= 0.02 - 1e-9
    coll = map_layer(camp.state, "collectivised", stretch=True)
    assert coll.hi <= 0.2  # a few percent at the start: the stretched scale is narrow
    for name in ("harvest", "cattle", "famine_deaths"):
        assert not is_share(name)
        lay = map_layer(camp.state, name)
        assert lay.lo == 0.0 and lay.hi >= float(lay.values.max()), name
        assert map_layer(camp.state, name, stretch=True).hi == lay.hi  # auto-ranged anyway
    assert not is_share("voluntary_vs_forced")


def test_scale_button_switches_the_legend(make_app):
    app = make_app(size=(1280, 720), scale=150)
    session.start_new(app, "great-turn-1928", 4, "normal")
    app.switch("campaign")
    d = Driver(app)
    app.scene.card_hidden = True
    d.frames(2)
    scene = app.scene
    assert scene._map_layer[1].hi == 1.0
    d.click(scene.scale_button)
    assert scene.stretch_scale and scene.scale_button.text == "Stretched"
    d.frames(1)
    assert scene._map_layer[1].hi < 0.2
    d.click(scene.scale_button)
    d.frames(1)
    assert scene._map_layer[1].hi == 1.0


@pytest.mark.parametrize("size,scale", [((1280, 720), 100), ((1280, 720), 150)])
def test_long_cards_fit_and_scroll(make_app, size, scale):
    """The longest card bodies fit the window: the card stays inside the screen, clear of
    End turn, and a body longer than the room scrolls, line by line, to its end."""
    from game.ui.widgets import wrap

    app = make_app(size=size, scale=scale)
    session.start_new(app, "great-turn-1928", 3, "normal")
    c = app.campaign
    longest = sorted(c.deck.cards.values(), key=lambda cd: -len(str(cd.body)))[:3]
    assert len(str(longest[0].body)) > 600
    d = Driver(app)
    for card in longest:
        c.pending = [c.deck.instance(c, card.id)]
        app.switch("campaign")
        d.frames(2)
        scene = app.scene
        cv = scene.card_view
        lay = cv.layout_
        assert lay.rect.bottom <= size[1] and lay.rect.right <= size[0], card.id
        assert not lay.rect.colliderect(scene.end_button.get_abs_rect()), card.id
        want = wrap(app.theme.font(14), str(card.body), lay.body_rect.w)
        assert lay.body_total == len(want)
        if lay.scroll_max:  # no room even for the options: the whole card scrolls
            assert [s for s, style, _p in lay.lines if style == "body"] == want
            shown = set()
            while True:
                lay = cv.layout_
                shown |= {n for r, n in lay.options if lay.rect.contains(r)}
                if lay.scroll >= lay.scroll_max:
                    break
                assert cv.scroll_body(1)
                d.frames(1)
            assert shown == {n for _r, n in lay.options}, card.id
            continue
        assert all(lay.rect.contains(r) for r, _n in lay.options), card.id
        seen = {}
        for _ in range(len(want) + 1):  # every line is shown at some scroll position
            lay = cv.layout_
            body = [s for s, style, _p in lay.lines if style == "body"]
            for k, s in enumerate(body):
                seen[lay.body_first + k] = s
            if not cv.scroll_body(1) or lay.body_first + lay.body_shown >= len(want):
                break
            d.frames(1)
        assert [seen.get(k) for k in range(len(want))] == want, card.id


def test_forced_only_sliders_say_off_on_other_paths(make_app):
    """Drive target and coercion do nothing unless the path is Forced: they say so."""
    app = make_app()
    session.start_new(app, "great-turn-1928", 2, "normal")
    app.switch("campaign")
    d = Driver(app)
    d.frames(1)
    panel = app.scene.policy
    panel.set("path", "voluntary")
    assert panel.values["target"].text.startswith("off")
    assert panel.values["coercion"].text.startswith("off")
    assert not panel.values["quota"].text.startswith("off")
    panel.set("path", "forced")
    assert not panel.values["target"].text.startswith("off")
    assert "voluntary collectives" not in app.scene._status_text().lower()
    assert "forced collectivisation" in app.scene._status_text().lower()


def test_explanations_show_readable_numbers():
    from game.engine.explain import Explanation
    from game.ui.widgets import explanation_text, fmt_signed

    exp = (
        Explanation("x", "Reported collectivisation", 0.0000141, "pp")
        .add("Left voluntary collectives", -0.000814, "add", "pp")
        .add("Joined", 0.198, "add", "pp")
        .add("Wear", -0.424, "add")
        .add("Drift", -1.41e-05, "add", "pp")
        .add("Weather", 0.93)
        .add("Germany", -1.0, "info", "undecided")
        .add("Procured", 12.345, "info", "Mt at 1928 prices")
    )
    assert explanation_text(exp).split("\n") == [
        "Reported collectivisation: 0 pp",
        # terms that moved it by nothing readable are left out (not "+0 pp")
        "  Joined: +0.20 pp",
        "  Wear: \u22120.42",
        "  Weather: ×0.93",
        "  Germany: undecided",
        "  Procured: 12.3 Mt at 1928 prices",
    ]
    assert "e-" not in explanation_text(exp)
    assert fmt_signed(-0.04) == "0" and fmt_signed(-0.04, 0) == "0"
    assert fmt_signed(-0.3, 0) == "0" and fmt_signed(2.46) == "+2.5"
    assert fmt_signed(-2.46) == "\u22122.5"
