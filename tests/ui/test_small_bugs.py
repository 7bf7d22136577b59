"""The smaller bugs seen in a real window (issue #11), each driven through the real App
with pygame events, checking what is drawn where it matters."""

from __future__ import annotations

import re

import pygame
import pygame_gui
import pytest

from game.engine.bots import make_bot
from game.ui import session
from game.ui.policy_panel import shares_of
from tests.ui.driver import Driver


def _wheel(d: Driver, y: int = -1) -> None:
    pygame.event.post(
        pygame.event.Event(
            pygame.MOUSEWHEEL, x=0, y=y, flipped=False, precise_x=0.0, precise_y=float(y)
        )
    )
    d.frames(20)  # the scroll bar eases to its new place


def _campaign(make_app, size=(1280, 720), scale=100, hints=False, turns=0):
    app = make_app(size=size, scale=scale, hints=hints)
    session.start_new(app, "great-turn-1928", 3, "normal")
    if turns:
        app.campaign.play_bot(make_bot("historical", 3), max_turns=turns)
        app.switch("campaign")
    d = Driver(app)
    d.frames(2)
    return app, d


class _Texts:
    """Records the text every draw_text call in a module puts on screen."""

    def __init__(self, monkeypatch, module) -> None:
        self.seen: list[str] = []
        real = module.draw_text

        def spy(surface, font, text, *a, **k):
            self.seen.append(str(text))
            return real(surface, font, text, *a, **k)

        monkeypatch.setattr(module, "draw_text", spy)

    def joined(self) -> str:
        return "\n".join(self.seen)


# --- the mouse wheel over the policy column ---------------------------------------------
@pytest.mark.parametrize("scale", [100, 150])
def test_wheel_scrolls_the_policy_column_over_sliders_and_buttons(make_app, scale):
    app, d = _campaign(make_app, scale=scale)
    scene = d.scene
    scene.card_hidden = True
    panel = scene.policy
    view = panel.scroll.get_abs_rect()
    first_slider = next(iter(panel.sliders.values()))
    first_toggle = next(iter(panel.toggles.values()))
    targets = {
        "a slider's track": lambda: first_slider.get_abs_rect().midright,
        "a slider's handle": lambda: first_slider.sliding_button.get_abs_rect().center,
        "a toggle button": lambda: first_toggle.get_abs_rect().center,
    }
    for what, where in targets.items():
        # scroll back to the top, then put the pointer on the widget and turn the wheel
        panel.scroll.vert_scroll_bar.set_scroll_from_start_percentage(0.0)
        d.frames(3)
        pos = where()
        assert view.collidepoint(pos), what
        d.move_to(pos)
        y0 = first_toggle.get_abs_rect().y
        _wheel(d, -1)
        assert first_toggle.get_abs_rect().y < y0, f"the wheel over {what} did not scroll"


# --- the chart figure list keeps still under a click --------------------------------------
def test_clicking_the_chart_list_selects_the_figure_under_the_pointer(make_app):
    app, d = _campaign(make_app, turns=2)
    app.push("charts")
    d.frames(3)
    scene = d.scene
    lst = scene.list
    items = [it for it in lst.item_list if it.get("button_element") is not None]
    view = lst.get_abs_rect()
    visible = [it for it in items if view.contains(it["button_element"].get_abs_rect())]
    low = visible[-2]  # a figure low in the list: centring it would scroll the list
    before = lst.scroll_bar.start_percentage if lst.scroll_bar else 0.0
    pos = low["button_element"].get_abs_rect().center
    d.click_at(pos)
    d.frames(10)
    assert scene._labels[scene.index] == low["text"]
    assert (lst.scroll_bar.start_percentage if lst.scroll_bar else 0.0) == before
    # what lies under the pointer now is still the figure that was clicked
    under = [it for it in items if it["button_element"].get_abs_rect().collidepoint(pos)]
    assert under and under[0]["text"] == low["text"]
    # a second click there keeps the same figure
    d.click_at(pos)
    d.frames(5)
    assert scene._labels[scene.index] == low["text"]


# --- no empty tooltip box in the settings ----------------------------------------------------
def test_settings_buttons_show_no_empty_tooltip(make_app):
    app = make_app()
    app.switch("settings")
    d = Driver(app)
    d.frames(2)
    for b in d.buttons():
        assert b.tool_tip_text is None or b.tool_tip_text.strip(), b.text
    size_button = d.button("1600×900")
    d.move_to(size_button.get_abs_rect().center, 1.4)  # past pygame_gui's tooltip delay
    tips = [
        s
        for s in app.ui_manager.get_sprite_group().sprites()
        if isinstance(s, pygame_gui.elements.UITooltip)
    ]
    assert not tips, "an empty tooltip box opened under the button"


# --- a window made bigger stays on the screen -----------------------------------------------
def test_changing_the_window_size_keeps_the_window_on_screen(make_app):
    import warnings

    warnings.simplefilter("ignore", DeprecationWarning)
    app = make_app(size=(1024, 600))
    app.switch("settings")
    d = Driver(app)
    d.frames(1)
    pygame.Window.from_display_module().position = (0, 160)  # low on the desktop
    desk = pygame.display.get_desktop_sizes()[0]  # 1024x768 under the dummy driver
    for size in ((1280, 720), (1366, 768)):
        d.press(f"{size[0]}×{size[1]}")
        window = pygame.Window.from_display_module()
        assert tuple(window.size) == size
        for pos, length, room in zip(window.position, size, desk, strict=True):
            if length <= room:
                assert pos >= 0 and pos + length <= room, "the window hangs off the screen"
            else:
                assert pos == 0, "the title bar or left edge went off the screen"


# --- Enter, Enter does not answer waiting cards -----------------------------------------------
def test_double_enter_on_waiting_cards_goes_back_to_them(make_app):
    app, d = _campaign(make_app)
    camp = app.campaign
    assert camp.pending, "the first season has a card"
    waiting = [inst.card.id for inst in camp.pending]
    d.key(pygame.K_RETURN)
    assert d.scene.name == "confirm"
    d.key(pygame.K_RETURN)
    assert d.scene.name == "campaign"
    assert camp.state.turn == 0 and [i.card.id for i in camp.pending] == waiting
    assert not camp.choices, "a card was answered"
    # ending the season is still one deliberate click away
    d.key(pygame.K_RETURN)
    d.press("End the season")
    assert camp.state.turn == 1


# --- no "Continue" into a finished campaign ----------------------------------------------------
def test_continue_is_not_offered_for_a_finished_campaign(make_app):
    app, d = _campaign(make_app, turns=3)
    assert session.save(app, "auto") is not None
    app.switch("menu")
    d.frames(2)
    assert "Continue" in [b.text for b in d.buttons()]
    cont = d.button("Continue")
    assert "turn 4" in cont.tool_tip_text  # the top bar's count: 3 played, the 4th next
    app.campaign.play_bot(make_bot("historical", 3))
    assert app.campaign.finished
    assert session.save(app, "auto") is not None
    app.switch("menu")
    d.frames(2)
    assert "Continue" not in [b.text for b in d.buttons()]
    app.push("saves", mode="load")
    d.frames(2)
    assert any("ended" in b.text for b in d.buttons())


# --- turn counts agree everywhere --------------------------------------------------------------
def test_turn_counts_agree_on_every_screen(make_app, monkeypatch):
    import game.ui.scenes.campaign as campaign_mod
    import game.ui.scenes.new_campaign as new_mod

    app = make_app()
    app.switch("new-campaign")
    d = Driver(app)
    d.frames(2)
    html = d.scene._details_html()
    app, d = _campaign(make_app, turns=2)
    st = app.campaign.state
    assert f"{st.end_turn} seasons" in html, html
    assert "to Summer 1941" in html
    texts = _Texts(monkeypatch, campaign_mod)
    app.switch("campaign")
    d.frames(2)
    assert f"Turn 3 of {st.end_turn}" in texts.joined()
    app.campaign.play_bot(make_bot("historical", 3), max_turns=st.end_turn - st.turn - 1)
    assert not app.campaign.finished
    app.switch("campaign")
    texts.seen.clear()
    d.frames(2)
    shown = texts.joined()
    assert f"Turn {st.end_turn} of {st.end_turn}" in shown
    assert "1 season left" in shown or "1 seasons" not in shown
    assert "1 seasons" not in app.scene._status_text()
    assert new_mod  # imported for the blurb above


# --- the end screen starts where the campaign started ---------------------------------------
def test_end_screen_names_the_first_season_played(make_app, monkeypatch):
    import game.ui.scenes.end as end_mod

    app, d = _campaign(make_app, size=(1920, 1080), turns=6)
    texts = _Texts(monkeypatch, end_mod)
    app.switch("end")
    d.frames(2)
    shown = texts.joined()
    assert "SPRING 1928 →" in shown, shown
    assert "WINTER 1927" not in shown


# --- numbers a player reads -------------------------------------------------------------------
def test_report_has_no_minus_zero_rows(make_app, monkeypatch):
    import game.ui.scenes.report as report_mod

    app, d = _campaign(make_app, turns=3)
    scene = app.push("report", report=app.campaign.last_report)
    texts = _Texts(monkeypatch, report_mod)
    d.frames(2)
    for row in scene.rows:
        assert row[3] not in ("-0.0", "+0.0", "−0.0", "-0", "+0", "0"), row
    minus_zero = re.compile(r"[−-]0(?:\.0+)?(?![\d.])|\de-\d")
    assert not [t for t in texts.seen if minus_zero.search(t)]


# --- the region panel shows the procurement levers at work -----------------------------------
def test_region_panel_shows_quota_only_under_quota_procurement(make_app, monkeypatch):
    import game.ui.region_panel as panel_mod

    app, d = _campaign(make_app, size=(1920, 1080))
    scene = d.scene
    scene.card_hidden = True
    texts = _Texts(monkeypatch, panel_mod)
    for proc in ("market", "quota"):
        scene.policy.set("procurement", proc)
        texts.seen.clear()
        d.move_to((5, 5))  # anywhere: a frame is drawn
        d.frames(2)
        shown = texts.seen
        assert "Procurement" in shown
        if proc == "market":
            assert "Quota" not in shown and "Grain price" in shown
        else:
            assert "Quota" in shown and "Grain price" not in shown


# --- the investment split is shares of 100 % ---------------------------------------------------
def test_investment_shares_add_up_to_one_hundred(make_app):
    app, d = _campaign(make_app, size=(1920, 1080))
    scene = d.scene
    scene.card_hidden = True
    panel = scene.policy
    names = [n for n in panel.sliders if n.startswith("invest.")]
    assert len(names) == 4
    for name, frac in ((names[0], 0.9), (names[2], 0.6), (names[1], 0.0)):
        s = panel.sliders[name]
        panel.scroll_into_view(s)
        d.frames(20)
        r = s.get_abs_rect()
        knob = s.sliding_button.get_abs_rect().w
        x = int(r.x + knob // 2 + (r.w - knob) * frac)
        if s.sliding_button.get_abs_rect().collidepoint((x, r.centery)):
            x = min(r.right - 2, x + knob)
        d.click_at((x, r.centery))
        inv = app.campaign.decisions.policy.invest
        assert sum(inv.values()) == pytest.approx(1.0, abs=1e-3)
        assert shares_of(inv)[name.split(".")[1]] == pytest.approx(frac, abs=0.08)
        shown = [int(panel.values[n].text.split()[0]) for n in names]
        assert sum(shown) == 100, shown


@pytest.mark.parametrize(
    ("size", "scale"), [((1920, 1080), 100), ((1920, 1080), 150), ((2560, 1440), 200)]
)
def test_end_screen_start_and_end_values_keep_clear_of_the_arrow(
    make_app, monkeypatch, size, scale
):
    import game.ui.scenes.end as end_mod

    app, d = _campaign(make_app, size=size, scale=scale, turns=8)
    drawn: list[tuple[str, pygame.Rect]] = []
    real = end_mod.draw_text

    def spy(surface, font, text, *a, **k):
        r = real(surface, font, text, *a, **k)
        drawn.append((str(text), r))
        return r

    monkeypatch.setattr(end_mod, "draw_text", spy)
    # the widest values a long campaign reaches (the issue saw "73.2 Mt →105.2 Mt")
    app.campaign.history[0]["harvest_true_mt"] = 73.2
    app.campaign.history[-1]["harvest_true_mt"] = 105.2
    app.campaign.history[-1]["industry_index"] = 1234.0
    app.switch("end")
    d.frames(2)
    box = d.scene.land_rect
    arrows = [r for t, r in drawn if t == "→" and box.contains(r)]
    if not box.w:
        pytest.skip("no room for the countryside box at this size")
    assert arrows, "the countryside box drew no rows"
    for arrow in arrows:
        same_row = [(t, r) for t, r in drawn if r.y == arrow.y and t != "→" and box.contains(r)]
        touching = [t for t, r in same_row if r.colliderect(arrow.inflate(4, 0))]
        assert not touching, f"{touching} run into the arrow"


def test_widget_tooltips_are_drawn_over_an_event_card(make_app):
    """A card is drawn over the widgets: a slider's or button's tip must still show."""
    app, d = _campaign(make_app, scale=150)  # the card reaches the policy column
    scene = d.scene
    assert scene.card_visible()
    card = scene.card_view.layout_.rect
    # a lever's name in the policy column: its wide tip, kept inside the window, reaches
    # the card
    view = scene.policy.scroll.get_abs_rect()
    shown = [
        el
        for el in app.ui_manager.get_sprite_group().sprites()
        if isinstance(el, pygame_gui.elements.UILabel)
        and getattr(el, "tool_tip_text", None)
        and view.contains(el.get_abs_rect())
    ]
    target = shown[0]  # a lever's name: its tip says what the lever does
    r = target.get_abs_rect()
    d.move_to((r.centerx, r.centery))
    d.frames(90)  # pygame_gui counts the hover delay in frames' time
    tips = [
        s
        for s in app.ui_manager.get_sprite_group().sprites()
        if isinstance(s, pygame_gui.elements.UITooltip)
    ]
    assert tips, "no tooltip opened"
    box = tips[0].text_block
    assert box.rect.colliderect(card), "pick a widget whose tip reaches the card"
    d.frames(1)
    frame = pygame.surfarray.array3d(app.screen)
    want = pygame.surfarray.array3d(box.image.convert())
    r = box.rect.clip(app.screen.get_rect())
    seen = frame[r.x : r.right, r.y : r.bottom]
    assert (seen == want[: r.w, : r.h]).mean() > 0.9, "the tooltip is hidden under the card"


def test_the_blurb_says_how_far_a_war_prolongs_the_campaign(make_app):
    """The new-campaign screen said "to Summer 1941 · 53 seasons" and nothing of the war
    that plays on to 1945 and beyond: it now gives the war's length, from the rules, and
    it agrees with a campaign whose war came in the summer of 1941 (the frozen war save)."""
    from pathlib import Path

    from game import persistence
    from game.engine.state import SEASONS

    app = make_app()
    app.switch("new-campaign")
    d = Driver(app)
    d.frames(2)
    scene = d.scene
    scene.pick("great-turn-1928")
    d.frames(1)
    shown = scene.details.html_text
    assert "to Summer 1941" in shown and "53 seasons" in shown
    war_save = Path(__file__).parents[1] / "persistence" / "data" / "format-5-war.json.gz"
    st = persistence.load_campaign(war_save).campaign.state
    assert int(st.nat["war_start"]) - 1 == (1941 * 4 + 1) - (st.start_year * 4 + st.start_season)
    last = st.start_year * 4 + st.start_season + st.end_turn
    assert f"{st.end_turn} seasons in all" in shown, shown
    assert f"{SEASONS[last % 4].capitalize()} {last // 4}" in shown
    assert "1940 to 1942" in shown
    # the scenario button's tooltip says it too
    assert "longer if the war comes" in scene.scenario_buttons["great-turn-1928"].tool_tip_text
