"""The deck at play: draws, answers, follow-ups, situations, saving, previews."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.campaign import Campaign
from game.cards.deck import Deck, load_deck
from game.engine.bots import make_bot
from game.errors import DecisionError
from tests.cards.conftest import FIXTURE_CARDS, card_toml


def fixture_deck(base_dir: Path = FIXTURE_CARDS) -> Deck:
    return load_deck(base_dir=base_dir, include_project_mods=False)


def deck_from(tmp_path: Path, text: str) -> Deck:
    (tmp_path / "cards.toml").write_text(text, encoding="utf-8")
    deck = fixture_deck(tmp_path)
    assert [p for p in deck.problems if p.is_error] == [], [str(p) for p in deck.problems]
    return deck


def played(seed: int, bot: str = "historical", turns: int | None = None) -> Campaign:
    camp = Campaign.new("great-turn-1928", seed=seed, deck=fixture_deck())
    camp.play_bot(make_bot(bot, seed), max_turns=turns)
    return camp


def test_draws_are_deterministic_and_leave_the_engine_rng_alone() -> None:
    a, b = played(5, "random"), played(5, "random")
    assert a.cards_drawn() == b.cards_drawn()
    assert a.state.state_hash() == b.state.state_hash()
    # The deck never draws from state.rng: a campaign with cards whose options do
    # nothing consumes the engine's generator exactly as one without cards.
    with_deck = Campaign.new("great-turn-1928", seed=5, deck=fixture_deck())
    without = Campaign.new("great-turn-1928", seed=5)
    assert with_deck.state.rng.bit_generator.state == without.state.rng.bit_generator.state


def test_different_seeds_draw_differently() -> None:
    draws = {json.dumps(played(s, "random", turns=20).cards_drawn()) for s in range(4)}
    assert len(draws) > 1


def test_historical_card_fires_in_its_season_once_and_follow_up_comes_next_turn() -> None:
    camp = played(1)
    drawn = camp.cards_drawn()
    dizzy = [d for d in drawn if d["card"] == "dizzy-with-success"]
    assert len(dizzy) == 1
    turn = dizzy[0]["turn"]
    # great-turn-1928 starts in spring 1928: spring 1930 is turn 8.
    assert turn == 8
    assert dizzy[0]["option"] == 0  # the historical bot takes the option marked historical
    exodus = [d for d in drawn if d["card"] == "exodus-from-kolkhozes"]
    assert [d["turn"] for d in exodus] == [turn + 1]  # delay = 1


def test_cooldown_is_respected() -> None:
    turns = [d["turn"] for d in played(2).cards_drawn() if d["card"] == "grain-strike"]
    assert len(turns) >= 2
    assert all(b - a > 4 for a, b in zip(turns, turns[1:], strict=False))


def test_condition_blocks_a_historical_card(tmp_path: Path) -> None:
    text = card_toml(
        "never", kind="historical", extra='date = "1928-04-01"\ncondition = "year < 1900"'
    )
    deck = deck_from(tmp_path, text)
    camp = Campaign.new("great-turn-1928", seed=1, deck=deck)
    camp.play_bot(make_bot("historical"), max_turns=4)
    assert all(d["card"] != "never" for d in camp.cards_drawn())


def test_until_window_lets_a_card_fire_later(tmp_path: Path) -> None:
    text = card_toml(
        "late",
        kind="historical",
        extra='date = "1928-04-01"\nuntil = "1929-12-31"\ncondition = "year >= 1929"',
    )
    deck = deck_from(tmp_path, text)
    camp = Campaign.new("great-turn-1928", seed=1, deck=deck)
    camp.play_bot(make_bot("historical"), max_turns=12)
    assert [d["turn"] for d in camp.cards_drawn() if d["card"] == "late"] == [4]  # spring 1929


def test_situation_switches_with_hysteresis_and_acts_each_turn(tmp_path: Path) -> None:
    text = """
[[card]]
id = "tension-rising"
kind = "situation"
once = false
on = 'flag("t") >= 1'
off = 'flag("t") <= 0'
each_turn = ["red_scare += 0.01"]
[card.text]
title = "Tension"
body = "B"
"""
    deck = deck_from(tmp_path, text)
    camp = Campaign.new("great-turn-1928", seed=1, deck=deck)
    assert camp.pending == []
    camp.state.flags["t"] = 1
    camp.end_turn()
    assert [i.card.id for i in camp.pending] == ["tension-rising"]
    assert camp.pending[0].options[0].id == "noted"
    before = camp.state.nat["red_scare"]
    camp.state.flags["t"] = 0.5  # between off and on: stays on
    camp.end_turn()
    assert deck.situations_on == {"tension-rising"}
    assert camp.state.nat["red_scare"] > before
    camp.state.flags["t"] = 0
    camp.end_turn()
    camp.end_turn()
    assert deck.situations_on == set()
    camp.state.flags["t"] = 1
    camp.end_turn()
    assert [i.card.id for i in camp.pending] == ["tension-rising"]  # once = false: again


def test_choose_applies_effects_policy_factions_and_flags(tmp_path: Path) -> None:
    text = card_toml(
        "all-effects",
        kind="historical",
        extra='date = "1928-04-01"',
        effects=(
            '"grain_reserve += 2", "unrest[ukraine] = 0.5", "trust_kulak[all] -= 0.1", '
            '"policy.coercion = 0.3", "policy.path = \\"voluntary\\"", "flag(\\"done\\") = 1", '
            '"weight.left *= 2", "linger(yield_bonus[siberia], 0.1, 3, 0.5)"'
        ),
        option_extra="factions = { left = 0.1 }",
    )
    deck = deck_from(tmp_path, text)
    camp = Campaign.new("great-turn-1928", seed=1, deck=deck)
    st = camp.state
    before = (
        st.nat["grain_reserve"],
        st.arrays["trust"][:, 3].copy(),
        st.factions["left"],
        st.params["factions"]["left"]["weight"],
    )
    [inst] = camp.pending
    summary = camp.choose("all-effects", 0)
    uk = st.region_ids.index("ukraine")
    assert st.nat["grain_reserve"] == pytest.approx(before[0] + 2)
    assert st.arrays["unrest"][uk] == pytest.approx(0.5)
    assert st.arrays["trust"][:, 3] == pytest.approx(before[1] - 0.1)
    assert camp.decisions.policy.coercion == 0.3 and camp.decisions.policy.path == "voluntary"
    assert st.flags["done"] == 1
    assert st.params["factions"]["left"]["weight"] == pytest.approx(before[3] * 2)
    assert st.factions["left"] == pytest.approx(before[2] + 0.1)
    assert st.modifiers[-1]["figure"] == "yield_bonus" and st.modifiers[-1]["region"] == "siberia"
    assert summary.startswith("All effects: Option A.")
    assert deck.chose["all-effects"] == 1


def test_values_are_clamped_and_non_finite_values_ignored(tmp_path: Path) -> None:
    text = card_toml(
        "extreme",
        kind="historical",
        extra='date = "1928-04-01"',
        effects='"tension = 1000000", "grain_reserve = 1 / 0", "policy.quota += 5"',
    )
    deck = deck_from(tmp_path, text)
    camp = Campaign.new("great-turn-1928", seed=1, deck=deck)
    camp.choose("extreme", 0)
    assert camp.state.nat["tension"] == 1.0
    assert camp.state.nat["grain_reserve"] == 0.0  # x / 0 is 0
    assert camp.decisions.policy.quota == 0.6  # the top of the policy range


def test_unavailable_option_is_refused(tmp_path: Path) -> None:
    text = card_toml("gated", kind="historical", extra='date = "1928-04-01"').replace(
        'text = "Option A."', 'text = "Option A."\ncondition = "year < 1900"'
    ) + ('\n[[card.option]]\nid = "b"\ntext = "B."\neffects = ["grain_reserve += 1"]\n')
    # The option table of the second option follows the first card's options.
    deck = deck_from(tmp_path, text)
    camp = Campaign.new("great-turn-1928", seed=1, deck=deck)
    [inst] = camp.pending
    assert [o.id for o in inst.options] == ["b"]
    assert deck.default_option(camp, inst) == 1
    with pytest.raises(DecisionError, match="no available option 0"):
        camp.choose("gated", 0)


def test_bot_option_uses_weights_for_other_bots() -> None:
    deck = fixture_deck()
    camp = Campaign.new("great-turn-1928", seed=1, deck=deck)
    [inst] = [i for i in camp.pending if i.card.id == "grain-strike"]
    assert deck.bot_option(camp, inst, make_bot("nep")) == 0  # bot_weight 2 beats 1
    assert deck.bot_option(camp, inst, make_bot("historical")) == 0  # no historical mark


def test_state_dict_round_trip_continues_identically() -> None:
    a = played(3, "random", turns=15)
    saved = json.loads(json.dumps(a.deck.state_dict()))
    b = played(3, "random", turns=15)
    fresh = fixture_deck()
    fresh.load_state(saved)
    assert fresh.state_dict() == a.deck.state_dict()
    b.deck = fresh
    a.play_bot(make_bot("nep"))
    b.play_bot(make_bot("nep"))
    assert a.cards_drawn() == b.cards_drawn()


def test_load_state_skips_garbage() -> None:
    deck = fixture_deck()
    deck.load_state(
        {
            "seen": {"a": "x", "b": 2},
            "follow_ups": [[1, "c"], "junk", [1]],
            "situations_on": [1, "s"],
        }
    )
    assert deck.seen == {"b": 2}
    assert deck.follow_ups == [(1, "c")]
    assert deck.situations_on == {"s"}


def test_previews_come_from_effects() -> None:
    deck = fixture_deck()
    camp = Campaign.new("great-turn-1928", seed=1, deck=deck)
    inst = deck.instance(camp, "dizzy-with-success")
    publish, press_on = inst.options
    factions = camp.state.params["factions"]
    # costs first, then gains, then the levers the option sets
    assert publish.preview == [
        "Yields \u22123 points everywhere for 4 seasons, fading",
        f"{factions['left']['name']}: support \u22125 points",
        "Trust +5 points everywhere",
        "Unrest \u22125 points in Ukraine",
        f"{factions['right']['name']}: support +8 points",
        "Members may leave: yes",
        "Coercion set to 10 %",
    ]
    assert [p.tone for p in publish.preview] == ["cost"] * 2 + ["gain"] * 3 + ["policy"] * 2
    assert press_on.preview == ["Unrest +5 points everywhere", "Coercion +10 points"]
    exodus = deck.instance(camp, "exodus-from-kolkhozes").options[0].preview
    assert exodus == [
        "State grain reserve \u22121.2 Mt",
        "Trust of the kulaks +10 points in Ukraine",
    ]


def test_content_info_names_base_and_mods() -> None:
    info = fixture_deck().content_info()
    assert info[0]["id"] == "base" and len(info[0]["sha256"]) == 64


@pytest.mark.parametrize(
    ("effect", "text"),
    [
        ("cattle[kazakhstan] *= 1.05", "Cattle +5 % in Kazakhstan"),
        ("cattle[kazakhstan] *= 0.85", "Cattle \u221215 % in Kazakhstan"),
        ("policy.coercion = 0", "Coercion set to 0 %"),
        ('policy.procurement = "quota"', "Procurement: compulsory quotas"),
        ("policy.cadres += 10", "Worker-cadres +10 thousand a season"),
        ("german_left_unity += 0.08", "Unity of the German left +8 points"),
        ("report_bias[all] += 0.03", "Report inflation +3 points everywhere"),
        ("cadres[all] += 2", "Worker-cadres +2 thousand everywhere"),
        ("tractors += 12.4", "Tractors +12 thousand"),
        ("grain_reserve += 2 * year / 1000", "State grain reserve += 2 * year / 1000"),
        ('flag("secret") = 1', None),
    ],
)
def test_effect_preview_texts(effect: str, text: str | None) -> None:
    from game.cards.expr import compile_effect
    from game.cards.preview import effect_preview

    camp = Campaign.new("great-turn-1928", seed=1)
    assert effect_preview(compile_effect(effect), camp.state) == text
