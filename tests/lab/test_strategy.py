"""Strategy files: the format, its errors with positions, and playing one."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.campaign import Campaign
from game.cards.schema import json_schemas
from game.cards.strategy import (
    StrategyBot,
    check_strategy_file,
    load_strategy,
    shipped_strategies,
    strategy_fields,
    strategy_from_data,
)
from game.engine.bots import make_bot
from game.errors import ContentError

ROOT = Path(__file__).resolve().parents[2]


def _hash(bot, seed=2, scenario="great-turn-1928", turns=None):
    camp = Campaign.new(scenario, seed=seed)
    camp.play_bot(bot, max_turns=turns)
    return camp.state.state_hash()


@pytest.mark.parametrize("name", ["voluntary", "nep"])
def test_shipped_strategy_plays_exactly_like_its_bot(name):
    strat = load_strategy(name)
    for scenario in ("great-turn-1928", "joint-opposition-1927"):
        assert _hash(StrategyBot(strat), scenario=scenario, turns=20) == _hash(
            make_bot(name), scenario=scenario, turns=20
        )


def test_every_shipped_strategy_loads_and_plays():
    assert {"voluntary", "nep", "historical-calendar", "steady-voluntary"} <= set(
        shipped_strategies()
    )
    for path in shipped_strategies().values():
        strat, problems = check_strategy_file(path)
        assert strat is not None, problems
        camp = Campaign.new("great-turn-1928", seed=1)
        camp.play_bot(StrategyBot(strat), max_turns=8)


def test_phases_and_region_overrides_apply_in_their_season():
    strat = strategy_from_data(
        {
            "name": "t",
            "phase": [
                {"from": "1928-spring", "path": "voluntary", "quota": 0.3, "tax": {"kulak": 0.25}},
                {"from": 1929, "quota": 0.2, "regions": {"ukraine": {"path": "forced"}}},
                {"from": "1930-autumn", "invest": {"heavy": 0.7}},
            ],
        }
    )
    bot = StrategyBot(strat)
    camp = Campaign.new("great-turn-1928", seed=0)
    seen = {}
    while camp.state.year < 1931:
        d = bot.decide(camp.state)
        seen[(camp.state.year, camp.state.season)] = d
        camp.end_turn(d)
    d28, d29, d30 = seen[(1928, "spring")], seen[(1929, "spring")], seen[(1930, "autumn")]
    assert d28.policy.path == "voluntary" and d28.policy.quota == 0.3
    assert d28.policy.tax["kulak"] == 0.25
    # the scenario's initial policy fills in the rest
    assert d28.policy.procurement == camp.scenario.initial_policy().procurement
    assert d29.policy.quota == 0.2 and d29.policy.tax["kulak"] == 0.25  # kept
    assert d29.overrides["ukraine"].path == "forced"
    assert seen[(1930, "summer")] is d29  # the same object: the engine keeps its compilation
    assert d30.policy.invest["heavy"] == 0.7 and d30.overrides["ukraine"].path == "forced"


BAD = """\
name = "Bad"
cards = "bot_wieght"
[[phase]]
from = "1928-spring"
path = "volontary"
qouta = 0.3
tax.kulakk = 0.2
[phase.regions.ukraine]
procurement = "market"
"""


def test_bad_file_errors_name_the_field_the_place_and_the_valid_names(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text(BAD)
    strat, problems = check_strategy_file(f)
    assert strat is None
    text = [str(p).split("\n")[0] for p in problems]
    assert text[0].startswith(f"{f}:2:1: error: cards: 'bot_wieght' is not one of")
    assert any(t.startswith(f"{f}:5:1:") and "'volontary'" in t for t in text)
    quota = next(t for t in text if "qouta" in t)
    assert quota.startswith(f"{f}:6:1:") and "did you mean 'quota'" in quota
    assert "valid names here:" in quota and "tax_break" in quota
    kulak = next(t for t in text if "kulakk" in t)
    assert kulak.startswith(f"{f}:7:1:") and "batrak, bednyak, kulak, serednyak" in kulak
    proc = next(t for t in text if "unknown field 'procurement'" in t)
    assert proc.startswith(f"{f}:9:1:")  # not a per-region field
    with pytest.raises(ContentError):
        load_strategy(f)


@pytest.mark.parametrize(
    ("body", "where", "words"),
    [
        ('[[phase]]\nfrom = "1930-sprung"\n', ":3:1:", "not a season"),
        ("[[phase]]\nfrom = 1930\n[[phase]]\nfrom = 1929\n", ":5:1:", "not after"),
        ('[[phase]]\nfrom = 1930\n[phase.regions.ukrane]\npath = "forced"\n', ":4:", "ukraine"),
        ("[[phase]]\nfrom = 1930\nquota = 0.9\n", ":4:1:", "less than or equal to 0.6"),
    ],
)
def test_more_errors(tmp_path, body, where, words):
    f = tmp_path / "s.toml"
    f.write_text('name = "x"\n' + body)
    strat, problems = check_strategy_file(f)
    assert strat is None
    assert where in str(problems[0]) and words in str(problems[0]), problems


def test_the_field_list_is_the_vocabulary_of_levers():
    from game.cards.expr import POLICY_NUMERIC, POLICY_STRINGS
    from game.engine.vocab import LEVERS

    names = set(strategy_fields())
    assert names == {p for lv in LEVERS for p in lv.parts()}
    assert names == set(POLICY_NUMERIC) | set(POLICY_STRINGS)  # the card language's names
    assert {"path", "procurement", "quota", "tax.kulak", "invest.heavy", "allow_exit"} <= names
    assert strategy_fields()["target"].regional and not strategy_fields()["price"].regional


def test_mods_schema_covers_strategy_files():
    schema = json_schemas()["strategy_file"]
    assert "phase" in schema["properties"]
    text = json.dumps(schema)
    assert '"from"' in text and "tax_break" in text and "bot_weight" in text


def test_simulate_strategy_cli(tmp_path):
    out = subprocess.run(
        [sys.executable, "main.py", "simulate", "--strategy", "steady-voluntary", "--seed", "3",
         "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    assert r["strategy"] == "Steady voluntary" and r["seed"] == 3 and r["timeline"]
    f = tmp_path / "bad.toml"
    f.write_text(BAD)
    bad = subprocess.run(
        [sys.executable, "main.py", "simulate", "--strategy", str(f)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 2 and f"{f}:6:1" in bad.stderr and "Traceback" not in bad.stderr
    both = subprocess.run(
        [sys.executable, "main.py", "simulate", "--strategy", "nep", "--bot", "nep"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert both.returncode == 2 and "not both" in both.stderr


def test_card_modes():
    for mode in ("bot_weight", "historical", "first", "random"):
        strat = strategy_from_data({"name": mode, "cards": mode, "phase": [{"from": 1928}]})
        from game.cards.deck import default_deck

        camp = Campaign.new("great-turn-1928", seed=4, deck=default_deck())
        camp.play_bot(StrategyBot(strat, seed=4), max_turns=10)
        assert camp.cards_drawn()
