"""[[card.test]] blocks and `mods test`: the base deck's own tests pass (CI runs them),
and a failing test is reported at its place with what was expected and what was found."""

import subprocess
import sys
from pathlib import Path

import pytest

from game.cards.cardtest import run_tests, subject
from game.cards.content import load_content
from game.cards.expr import parse

ROOT = Path(__file__).resolve().parents[2]
GERMAN_THREAD = {
    "third-period", "german-elections-1930", "red-referendum", "german-crisis-1932",
    "hitler-chancellor", "weimar-holds", "popular-front", "munich", "molotov-ribbentrop",
    "warnings-1941",
}  # fmt: skip


@pytest.fixture(scope="module")
def base():
    return load_content([], include_project_mods=False)


def test_the_base_decks_card_tests_pass(base):
    results = run_tests(base)
    failed = [str(r) for r in results if not r.ok]
    assert not failed, "\n".join(failed)
    tested = {r.card for r in results}
    historical = {
        cd.id
        for cd in base.cards.values()
        if cd.kind == "historical" and cd.date and "1927" <= cd.date[:4] <= "1933"
    }
    assert not historical - tested, (
        f"historical cards of 1927-33 without tests: {historical - tested}"
    )
    assert not GERMAN_THREAD - tested, (
        f"German thread cards without tests: {GERMAN_THREAD - tested}"
    )


MOD_TOML = 'id = "tested"\nname = "Tested"\nversion = "1.0"\n'
CARD = """
[[card]]
id = "test-card"
kind = "historical"
date = "1929-06-01"
condition = "year >= 1929"

[card.text]
title = "A card"
body = "Body."

[[card.option]]
id = "up"
text = "Raise trust."
effects = ["trust[all] += 0.05", "industry += 3"]

[[card.option]]
id = "locked"
text = "Locked."
condition = "industry > 100000"
effects = ["industry -= 1"]

[[card.test]]
option = "up"
expect = ["mean(trust) > before", "industry - before == 3"]

[[card.test]]
option = 1
expect = ["industry < before"]

[[card.test]]
option = "locked"
expect_error = "not available"

[[card.test]]
option = "up"
expect_error = "some refusal"

[[card.test]]
option = "up"
expect = ["trust[all] > before", "industri > 0"]

[[card.test]]
date = "1929-autumn"
option = "up"
after_turns = 2
expect = ["year == 1930", "season == 0"]
"""


def _mod(tmp_path):
    mod = tmp_path / "tested"
    (mod / "cards").mkdir(parents=True)
    (mod / "mod.toml").write_text(MOD_TOML)
    (mod / "cards" / "c.toml").write_text(CARD)
    return mod


def test_results_of_a_mods_tests(tmp_path):
    mod = _mod(tmp_path)
    content = load_content([], mod_folders=[mod], include_project_mods=False)
    results = [r for r in run_tests(content) if r.card == "test-card"]
    assert [r.ok for r in results] == [True, False, True, False, False, True]
    text = str(results[1])
    f = str(mod / "cards" / "c.toml")
    lines = CARD.splitlines()
    # the failing expectation, by its place in the file
    line = next(i for i, t in enumerate(lines, 1) if '"industry < before"' in t)
    assert text.startswith(f"{f}:{line}:")
    assert "expected industry < before; actual:" in text and "(before = " in text
    assert "expected the error 'some refusal'; actual: the option was applied" in str(results[3])
    assert "unknown name 'industri'" in str(results[4])


def test_before_is_the_figure_of_the_expectation():
    def src(e):
        n = subject(parse(e))
        return n.parts if hasattr(n, "parts") else n.fn

    assert src("trust_serednyak[all] > before") == ("trust_serednyak",)
    assert src("industry - before <= 0") == ("industry",)
    assert src("before < mean(trust)") == "mean"
    assert src("industry > 3") == ("industry",)


def test_mods_test_command(tmp_path):
    mod = _mod(tmp_path)
    out = subprocess.run([sys.executable, "main.py", "mods", "test", str(mod)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert out.returncode == 1, out.stderr
    assert "c.toml:" in out.stdout and "expected industry < before; actual:" in out.stdout
    mine = {ln.split(": ")[2] for ln in out.stdout.splitlines() if "error: card 'test-card'" in ln}
    assert mine == {"card 'test-card' test 2", "card 'test-card' test 4", "card 'test-card' test 5"}
    assert " failed (" in out.stderr and "Traceback" not in out.stderr
    ok = subprocess.run([sys.executable, "main.py", "mods", "test", "--card", "great-turn"],
                        cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "0 failed" in ok.stderr


SCENARIO_CARDS = """
[[card]]
id = "in-my-scenario"
kind = "event"
scenarios = ["modded-1926"]
[card.text]
title = "Named"
body = "A card of the mod's own scenario, named by its test."
[[card.option]]
id = "take"
text = "Take it."
effects = ["industry += 1"]
[[card.test]]
scenario = "modded-1926"
date = "1926-summer"
option = "take"
expect = ["grain_reserve > 30", "industry - before == 1"]

[[card.test]]
date = "1926-summer"
option = "take"
expect = ["grain_reserve > 30"]

[[card]]
id = "any-scenario"
kind = "event"
date = "1926-06-01"
[card.text]
title = "Dated"
body = "A card of no scenario, dated when only the mod's scenario has begun lately."
[[card.option]]
id = "take"
text = "Take it."
effects = ["industry += 1"]
[[card.test]]
option = "take"
expect = ["grain_reserve > 30"]
"""


def test_mods_test_knows_the_mods_own_scenarios(tmp_path):
    """`mods test PATH` plays a mod's cards in the mod's own scenarios: named by a test,
    a card's only scenario, or the latest-starting scenario begun by the card's date."""
    src = (ROOT / "assets" / "scenarios" / "great-turn-1928.toml").read_text()
    src = src.replace('id = "great-turn-1928"', 'id = "modded-1926"', 1)
    src = src.replace("start_year = 1928", "start_year = 1926", 1)
    src = src.replace("grain_reserve = 5.0", "grain_reserve = 40.0", 1)  # a mark of its own
    mod = tmp_path / "scen"
    (mod / "cards").mkdir(parents=True)
    (mod / "scenarios").mkdir()
    (mod / "mod.toml").write_text('id = "scen"\nname = "Scen"\nversion = "1.0"\n')
    (mod / "scenarios" / "modded.toml").write_text(src)
    (mod / "cards" / "c.toml").write_text(SCENARIO_CARDS)
    cmd = [sys.executable, "main.py", "mods", "test", str(mod), "-v",
           "--card", "in-my-scenario", "--card", "any-scenario"]  # fmt: skip
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "3 passed, 0 failed" in out.stderr, out.stdout + out.stderr


WINDOWED = """
[[card]]
id = "windowed"
kind = "event"
date = "1929-01-01"
until = "1931-12-31"
[card.text]
title = "Windowed"
body = "A card of 1929-31."
[[card.option]]
id = "take"
text = "Take it."
effects = ["industry -= 1"]

[[card.test]]
date = "1933-spring"
option = "take"
expect = ["industry < before"]

[[card.test]]
date = "1933-spring"
option = "take"
expect_error = "would not be drawn"

[[card.test]]
date = "1930-sprung"
option = "take"
expect = ["industry < before"]

[[card.test]]
date = "1930-spring"
option = "take"
set = ["industy = 3"]
expect = ["industry < before"]

[[card.test]]
date = "1930-spring"
option = "tak"
expect = ["industry < before"]
"""


def test_a_card_is_tested_only_in_its_window_and_mistakes_point_at_their_key(tmp_path):
    """A test dated after the card's `until` passed as if the deck would show the card
    then; an error in a test's date, `set` or option was placed at `[[card.test]]`."""
    mod = tmp_path / "win"
    (mod / "cards").mkdir(parents=True)
    (mod / "mod.toml").write_text('id = "win"\nname = "Win"\nversion = "1.0"\n')
    (mod / "cards" / "c.toml").write_text(WINDOWED)
    content = load_content([], mod_folders=[mod], include_project_mods=False)
    results = run_tests(content, cards={"windowed"})
    assert [r.ok for r in results] == [False, True, False, False, False]
    assert "would not be drawn at Spring 1933: it comes from 1929-01-01 to 1931-12-31" in str(
        results[0]
    )
    lines = WINDOWED.splitlines()

    def at(needle):
        return next(i for i, t in enumerate(lines, 1) if needle in t)

    assert (results[0].line, results[2].line) == (at('"1933-spring"'), at('"1930-sprung"'))
    assert (results[3].line, results[3].col) == (at('"industy = 3"'), 9)
    assert results[4].line == at('"tak"')
    text = str(results[3]).splitlines()
    assert text[1].strip() == 'set = ["industy = 3"]' and text[2] == "    " + " " * 8 + "^"


def test_mods_test_on_a_broken_mod_says_its_tests_did_not_run(tmp_path, capsys):
    """A mod left out for a broken file printed '170 passed, 0 failed' as its summary,
    and `--card` of a card in that file said only 'no card', above the file's error."""
    from game.cli import main

    mod = tmp_path / "broken"
    (mod / "cards").mkdir(parents=True)
    (mod / "mod.toml").write_text('id = "broken"\nname = "Broken"\nversion = "1.0"\n')
    (mod / "cards" / "c.toml").write_text('[[card]]\nid = "mine"\n[[card.test]\n')
    assert main(["mods", "test", str(mod), "--card", "mine"]) == 2
    out, err = capsys.readouterr()
    assert "c.toml:3:" in out and "not valid TOML" in out
    assert "no card 'mine'" in err and "(a file with the errors above may hold it)" in err
