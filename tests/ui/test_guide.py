"""The guided first campaign (game/ui/guide.py, assets/ui/guide.toml): a new player is
walked through the first seasons by doing them. The real App is driven with mouse and key
events, and each step is checked on the drawn frame: its box and the ring around what it
points at, never over an event card."""

from __future__ import annotations

import json

import pygame
import pytest

from game.errors import ContentError
from game.ui import session
from game.ui.guide import guide_steps, parse_guide
from game.ui.settings import settings_path
from game.ui.tooltip import DELAY_S
from tests.ui.driver import Driver


def _focus(app) -> tuple[int, int, int]:
    return tuple(app.theme.c("focus"))[:3]


def _drawn(app) -> None:
    """The guide's box and the ring round its target are in the frame, where it says."""
    g = app.guide
    lay = g._layout
    assert g.shown is not None and lay is not None, "no guide step drawn"
    box = lay.box
    assert app.screen.get_rect().contains(box), box
    edge = tuple(app.screen.get_at((box.centerx, box.y + 1)))[:3]
    assert edge == _focus(app), f"{g.shown.id}: the box is not drawn where it says"
    # the buttons lie inside the box and apart; the title keeps clear of the counter
    a, b = lay.buttons.values()
    assert box.contains(a) and box.contains(b), (g.shown.id, box, lay.buttons)
    assert not a.inflate(app.theme.px(4), 0).colliderect(b), f"{g.shown.id}: buttons touch"
    assert not lay.title_rect.colliderect(lay.count_rect), f"{g.shown.id}: title on counter"
    assert box.contains(lay.title_rect), f"{g.shown.id}: title outside its box"
    if lay.target is not None:
        ring = lay.target.inflate(app.theme.px(8), app.theme.px(8)).clip(app.screen.get_rect())
        pts = [(ring.x + 1, ring.centery), (ring.right - 2, ring.centery)]
        pts += [(ring.centerx, ring.y + 1), (ring.centerx, ring.bottom - 2)]
        hits = [p for p in pts if tuple(app.screen.get_at(p))[:3] == _focus(app)]
        assert len(hits) >= 2, f"{g.shown.id}: no ring round {lay.target}"


def _step(app) -> str | None:
    return app.guide.shown.id if app.guide.shown is not None else None


def _not_on_the_card(app) -> None:
    sc = app.scene
    if getattr(sc, "card_visible", lambda: False)() and app.guide._layout is not None:
        card = sc.card_view.layout_.rect
        assert not app.guide._layout.box.colliderect(card), "the guide lies on the card"


def _press_guide(app, d, name: str) -> None:
    d.click_at(app.guide._layout.buttons[name].center)


def _answer_cards(app, d) -> None:
    sc = app.scene
    while sc.card_visible():
        rect, _n = sc.card_view.layout_.options[0]
        d.click_at(rect.center)


def _rest(d, pos) -> None:
    """Rest the pointer on `pos` until its tip shows, then move it off to the status line
    (a tip is drawn over everything, the guide's box included)."""
    d.move_to((0, 0))
    d.move_to(pos, DELAY_S + 0.1)
    d.frames(1)
    d.move_to(d.scene.status_rect.center)


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 150), ((1920, 1080), 100)])
def test_a_new_player_is_walked_through_the_first_seasons(make_app, size, scale):
    app = make_app(size=size, scale=scale, hints=True)
    session.start_new(app, "great-turn-1928", 5, "normal")
    d = Driver(app)
    d.frames(2)
    sc = app.scene
    assert sc.card_visible(), "the first season opens on a card"
    # 1. welcome, beside the card, never on it
    assert _step(app) == "guide-welcome"
    _drawn(app)
    _not_on_the_card(app)
    _press_guide(app, d, "next")
    # 2. the card: answered by clicking an option
    assert _step(app) == "guide-card"
    _drawn(app)
    _not_on_the_card(app)
    assert app.guide._layout.target == sc.card_view.layout_.rect
    rect, _n = sc.card_view.layout_.options[0]
    d.click_at(rect.center)
    assert "guide-card" in app.settings.hints_seen
    # while cards are still up, the steps about the map wait
    if sc.card_visible():
        assert _step(app) is None
        _answer_cards(app, d)
    d.frames(1)
    # 3. the top bar: rest the pointer on a figure
    assert _step(app) == "guide-figures"
    _drawn(app)
    _rest(d, sc.top_cells_rect.move(sc.px(20), 0).midleft)
    d.frames(1)
    # 4. the map: open a region
    assert _step(app) == "guide-region", app.settings.hints_seen
    _drawn(app)
    d.click_at(sc.region_center(3))
    assert sc.selected == 3
    # 5. the region panel: a row's breakdown
    assert _step(app) == "guide-region-panel"
    _drawn(app)
    row = next(
        r for r, _t in sc.tips.zones if sc.left_rect.contains(r) and r.y > sc.left_rect.y + 60
    )
    _rest(d, row.center)
    # 6. a grain lever, by clicking its toggle
    assert _step(app) == "guide-lever"
    _drawn(app)
    target = app.guide._layout.target
    toggle = sc.policy.toggles[("procurement", "market")]
    assert target.colliderect(toggle.get_abs_rect()), "the ring is not round the grain levers"
    d.click(toggle)
    assert sc.campaign.decisions.policy.procurement == "market"
    d.move_to(sc.status_rect.center)  # away from the toggle (its tooltip lies over all)
    # 7. the alerts, if the season has any (they are passed over otherwise)
    if _step(app) == "guide-alerts":
        _drawn(app)
        r, _al = sc.alert_rows()[0]
        _rest(d, r.center)
    # 8. end the season; 9. read its report, close it
    assert _step(app) == "guide-end-turn"
    _drawn(app)
    box = app.guide._layout.box
    d.click(sc.end_button)
    assert d.scene.name == "report"
    # the picture of the campaign behind the report has no guide box in it (dimmed)
    dim = tuple(c * 85 // 255 + 3 for c in _focus(app))
    edge = tuple(d.scene.backdrop.get_at((box.centerx, box.y + 1)))[:3]
    assert max(abs(a - b) for a, b in zip(edge, dim, strict=True)) > 6, "the old step behind"
    assert _step(app) == "guide-report"
    _drawn(app)
    d.key(pygame.K_ESCAPE)
    assert d.scene.name == "campaign"
    _answer_cards(app, d)
    d.frames(1)
    if _step(app) == "guide-alerts":  # alerts came with the new season
        _rest(d, sc.alert_rows()[0][0].center)
    # 10. the budget, now that its ledger has a season: opened with B, read, closed (Esc)
    assert _step(app) == "guide-budget"
    _drawn(app)
    d.key(pygame.K_b)
    assert d.scene.name == "budget"
    assert _step(app) == "guide-budget-read"
    _drawn(app)
    d.key(pygame.K_ESCAPE)
    assert d.scene.name == "campaign"
    # 11. the charts
    assert _step(app) == "guide-charts"
    _drawn(app)
    d.click(sc.top_buttons["charts"])
    assert d.scene.name == "charts"
    d.key(pygame.K_ESCAPE)
    # 12. the harvest waits for autumn: play on until it comes
    for _ in range(4):
        _answer_cards(app, d)
        d.frames(1)
        if _step(app) == "guide-alerts":
            _rest(d, sc.alert_rows()[0][0].center)
        if _step(app) == "guide-harvest":
            break
        assert _step(app) is None, _step(app)
        d.key(pygame.K_RETURN)
        if d.scene.name == "confirm":
            d.press("End the season")
        d.key(pygame.K_ESCAPE)  # the report
    assert _step(app) == "guide-harvest"
    assert sc.campaign.state.season_index == 3  # the season after autumn's harvest
    _drawn(app)
    _press_guide(app, d, "next")
    assert _step(app) == "guide-farewell"
    _press_guide(app, d, "next")
    assert _step(app) is None and not app.guide.remaining()
    on_disk = json.loads(settings_path().read_text())
    assert set(on_disk["hints_seen"]) >= {s.id for s in guide_steps()}


def test_the_guide_resumes_and_can_be_skipped_ended_and_restarted(make_app, ui_env):
    app = make_app(hints=True)
    session.start_new(app, "great-turn-1928", 5, "normal")
    d = Driver(app)
    d.frames(2)
    _press_guide(app, d, "next")
    assert _step(app) == "guide-card"
    _press_guide(app, d, "skip")  # a step waiting for the player can be passed
    assert "guide-card" in app.settings.hints_seen
    app.close()
    # a new run of the game (its settings read from disk), another campaign: the guide
    # goes on where it was
    from game.ui.app import App

    again = App(persist_settings=True)
    again.running = True
    assert "guide-card" in again.settings.hints_seen
    session.start_new(again, "great-turn-1928", 6, "normal")
    d2 = Driver(again)
    d2.frames(2)
    _answer_cards(again, d2)
    d2.frames(1)
    assert _step(again) == "guide-figures"
    # a click on the box is the guide's, not the map's under it
    box = again.guide._layout.box
    before = again.scene.selected
    d2.click_at((box.x + 4, box.centery))
    assert again.scene.selected == before and _step(again) == "guide-figures"
    _press_guide(again, d2, "end")
    assert not again.settings.hints_enabled and _step(again) is None
    # Settings: on again (where it was), then from the start
    again.push("settings")
    d2.frames(1)
    d2.press("On")
    d2.key(pygame.K_ESCAPE)
    d2.frames(1)
    assert _step(again) == "guide-figures"
    again.push("settings")
    d2.frames(1)
    d2.press("Start again")
    d2.key(pygame.K_ESCAPE)
    d2.frames(1)
    assert _step(again) == "guide-welcome"
    again.close()


@pytest.mark.parametrize(
    ("size", "scale"), [((1280, 720), 100), ((1280, 720), 150), ((2560, 1440), 200)]
)
def test_the_guide_never_lies_on_a_card(make_app, size, scale):
    app = make_app(size=size, scale=scale, hints=True)
    session.start_new(app, "great-turn-1928", 5, "normal")
    d = Driver(app)
    d.frames(2)
    for _ in range(2):  # the welcome and the card's own step
        assert app.scene.card_visible()
        _drawn(app)
        _not_on_the_card(app)
        _press_guide(app, d, "next" if _step(app) == "guide-welcome" else "skip")


def test_bad_guide_files_are_refused_with_a_reason(tmp_path):
    good = '[[step]]\nid = "a"\nscene = "campaign"\ntarget = "map"\nwait = "next"\n'
    good += 'title = "T"\ntext = "Some text"\n'
    assert [s.id for s in parse_guide(good)] == ["a"]
    cases = {
        "not = valid = toml": "not valid TOML",
        good + good: "appears twice",
        good.replace('wait = "next"', 'wait = "dance"'): "unknown wait 'dance'",
        good.replace('wait = "next"', 'wait = "lever:bogus"'): "expected lever: one of",
        good.replace('scene = "campaign"', 'scene = "menu"'): "unknown scene 'menu'",
        good.replace('text = "Some text"', 'text = " "'): "needs a 'text'",
        good + 'when = ["sunny"]\n': "'when' must be a list",
        good + 'colour = "red"\n': "unknown keys",
    }
    for text, why in cases.items():
        with pytest.raises(ContentError, match=why):
            parse_guide(text)


def test_the_shipped_guide_reads_and_its_ids_are_stable():
    steps = guide_steps()
    ids = [s.id for s in steps]
    assert len(ids) == len(set(ids)) >= 10
    assert all(i.startswith("guide-") for i in ids)  # apart from the old hints' ids
    waits = {s.wait for s in steps}
    for needed in ("card_answered", "region_selected", "end_turn", "close", "lever:grain"):
        assert needed in waits, needed
