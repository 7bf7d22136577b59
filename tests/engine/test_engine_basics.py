"""Engine basics: scenarios load, turns resolve, the engine stays a library."""

import subprocess
import sys

import numpy as np
import pytest

from game.campaign import Campaign
from game.engine import Decisions, Policy, new_state, resolve_turn
from game.engine.bots import BOTS, make_bot
from game.engine.scenario import available_scenarios
from game.errors import DecisionError, ScenarioError


def test_required_scenarios_exist():
    ids = set(available_scenarios())
    assert {"coalition-1917", "great-turn-1928"} <= ids


@pytest.mark.parametrize("scenario_id", sorted(available_scenarios()))
def test_every_scenario_starts_sane(scenario_id):
    st = new_state(scenario_id, seed=3)
    assert 10 <= st.n_regions <= 12
    hh = st.arrays["households"].sum()
    assert 15 < hh < 30  # millions of households
    np.testing.assert_allclose(st.arrays["forms"].sum(axis=2), 1.0)
    assert st.end_turn > 4


def test_unknown_scenario_is_a_clear_error():
    with pytest.raises(ScenarioError, match="unknown scenario 'great-turn-1929'.*did you mean"):
        new_state("great-turn-1929")


def test_bad_decisions_are_rejected_with_the_field_named():
    st = new_state("great-turn-1928")
    with pytest.raises(DecisionError, match="policy.coercion"):
        resolve_turn(st, Decisions(Policy(coercion=1.5)))
    with pytest.raises(DecisionError, match="unknown path 'forcd'.*did you mean 'forced'"):
        resolve_turn(st, Decisions(Policy(path="forcd")))


def test_same_seed_and_decisions_give_identical_state():
    hashes = []
    for _ in range(2):
        c = Campaign.new("great-turn-1928", seed=11)
        c.play_bot(make_bot("random", 11), max_turns=20)
        hashes.append(c.state.state_hash())
    assert hashes[0] == hashes[1]
    c = Campaign.new("great-turn-1928", seed=12)
    c.play_bot(make_bot("random", 11), max_turns=20)
    assert c.state.state_hash() != hashes[0]


def test_state_round_trips_through_dict():
    c = Campaign.new("great-turn-1928", seed=5)
    c.play_bot(make_bot("historical"), max_turns=9)
    from game.engine.state import State

    copy = State.from_dict(c.state.to_dict())
    assert copy.state_hash() == c.state.state_hash()
    d = make_bot("historical").decide(c.state)
    resolve_turn(c.state, d)
    resolve_turn(copy, d)
    assert copy.state_hash() == c.state.state_hash()


def test_every_headline_figure_is_explained():
    c = Campaign.new("great-turn-1928", seed=2)
    bot = make_bot("historical")
    seen = set()
    for _ in range(4):
        rep = c.end_turn(bot.decide(c.state))
        seen |= set(rep.explanations)
        for exp in rep.explanations.values():
            assert exp.lines()[0]
    for name in (
        "harvest_true_mt",
        "harvest_reported_mt",
        "procurement_mt",
        "collectivised_share",
        "famine_deaths",
        "industry_index",
        "standing",
        "urban_food",
        "tension",
    ):
        assert name in seen, name
    assert len(rep.regional["hunger"]) == c.state.n_regions


def test_all_bots_finish_a_campaign():
    for name in BOTS:
        c = Campaign.new("great-turn-1928", seed=1)
        c.play_bot(make_bot(name, 1))
        assert c.finished
        assert c.state.outcome in {
            "ousted",
            "collapse",
            "war_defeat",
            "war_victory",
            "deterred",
            "peace",
        }


def test_engine_never_imports_pygame_or_ui():
    code = (
        "import sys, game.engine, game.engine.bots, game.campaign, game.cards\n"
        "from game.campaign import Campaign\n"
        "from game.engine.bots import make_bot\n"
        "c = Campaign.new('great-turn-1928', seed=1)\n"
        "c.play_bot(make_bot('historical'), max_turns=6)\n"
        "bad = [m for m in sys.modules if m.startswith(('pygame', 'pygame_gui', 'game.ui'))]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_engine_never_prints(capsys):
    c = Campaign.new("great-turn-1928", seed=4)
    c.play_bot(make_bot("random", 4), max_turns=12)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
