"""Reading card files: problems with positions, limits, hostile files, fuzzing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cards.loader import MAX_CARDS_PER_FILE, MAX_FILE_BYTES, read_card_file, season_key
from game.cards.problems import Problem
from tests.cards.conftest import FIXTURE_CARDS, card_toml

FIXTURE_TEXT = (FIXTURE_CARDS / "basic.toml").read_text(encoding="utf-8")


def load_text(tmp_path: Path, text: str, name: str = "cards.toml") -> tuple[list, list[Problem]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    res = read_card_file(path, tmp_path)
    return res.cards, res.problems


def test_fixture_loads_without_problems() -> None:
    res = read_card_file(FIXTURE_CARDS / "basic.toml")
    assert [p for p in res.problems] == []
    assert [c.id for c in res.cards] == [
        "dizzy-with-success",
        "exodus-from-kolkhozes",
        "grain-strike",
        "famine",
    ]
    dizzy = res.cards[0]
    assert dizzy.title == "Dizzy with Success"
    assert dizzy.date == "1930-03-02"
    assert dizzy.options[0].historical and not dizzy.options[1].historical
    assert dizzy.once and not res.cards[2].once  # once by default; grain-strike says times = 5


def test_season_keys_match_the_state_calendar() -> None:
    assert season_key("1930-03-02") == 1930 * 4 + 0  # spring
    assert season_key("1930-08-31") == 1930 * 4 + 1  # summer
    assert season_key("1930-11-30") == 1930 * 4 + 2  # autumn
    assert season_key("1930-12-01") == 1930 * 4 + 3  # winter 1930
    assert season_key("1931-02-10") == 1930 * 4 + 3  # still winter 1930


def test_problem_points_at_line_and_column(tmp_path: Path) -> None:
    text = card_toml("a-card", effects='"grain_reserve += 1", "unrest[ukrane] += 0.1"')
    cards, probs = load_text(tmp_path, text)
    assert cards == []  # a card with an error is left out
    [p] = probs
    line = text.splitlines()[p.line - 1]
    assert line.startswith("effects = [")
    assert line[p.col - 1 :].startswith("ukrane")
    out = str(p)
    assert out.startswith(
        f"{tmp_path / 'cards.toml'}:{p.line}:{p.col}: error: unknown region 'ukrane'"
    )
    assert "did you mean 'ukraine'" in out
    assert line in out  # the offending line is shown


def test_unknown_key_gets_did_you_mean(tmp_path: Path) -> None:
    text = card_toml("a-card", extra='condtion = "year > 1920"')
    _, probs = load_text(tmp_path, text)
    [p] = probs
    assert "unknown key 'condtion'" in p.message and "did you mean 'condition'" in p.message
    assert p.source_line.startswith("condtion")


def test_toml_syntax_error_has_position(tmp_path: Path) -> None:
    _, probs = load_text(tmp_path, '[[card]]\nid = "x"\nkind = \n')
    [p] = probs
    assert p.line == 3 and "not valid TOML" in p.message


def test_one_bad_card_does_not_hide_the_good_ones(tmp_path: Path) -> None:
    text = card_toml("good-one") + card_toml("bad-one", kind="evnt") + card_toml("good-two")
    cards, probs = load_text(tmp_path, text)
    assert [c.id for c in cards] == ["good-one", "good-two"]
    assert len(probs) == 1 and probs[0].source_line == 'kind = "evnt"'


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ('date = "1930-13-01"', "not a real date"),
        ('date = "March 1930"', "YYYY-MM-DD"),
        ('kind2 = "x"', "unknown key"),
        ("weight = -1", "weight"),
        ('date = "1930-05-01"\nuntil = "1930-01-01"', "before date"),
        ('on = "year > 1"', "situation cards only"),
    ],
)
def test_schema_errors(tmp_path: Path, extra: str, fragment: str) -> None:
    _, probs = load_text(tmp_path, card_toml("a-card", extra=extra))
    assert probs and fragment in probs[0].message


def test_historical_needs_a_date_and_one_historical_option(tmp_path: Path) -> None:
    _, probs = load_text(tmp_path, card_toml("a-card", kind="historical"))
    assert "needs a date" in probs[0].message
    text = card_toml("b-card", option_extra="historical = true").replace(
        '[[card.option]]\nid = "a"',
        '[[card.option]]\nid = "z"\ntext = "Z."\nhistorical = true\n\n[[card.option]]\nid = "a"',
    )
    _, probs = load_text(tmp_path, text)
    assert any("only one option" in p.message for p in probs)


def test_unquoted_toml_dates_are_accepted(tmp_path: Path) -> None:
    cards, probs = load_text(
        tmp_path, card_toml("a-card", kind="historical", extra="date = 1930-03-02")
    )
    assert probs == [] and cards[0].date == "1930-03-02"


# --- limits and hostile files ----------------------------------------------------------
def test_file_too_large(tmp_path: Path) -> None:
    _, probs = load_text(tmp_path, "# " + "x" * (MAX_FILE_BYTES + 10) + "\n")
    assert "file too large" in probs[0].message


def test_too_many_cards(tmp_path: Path) -> None:
    text = "".join(card_toml(f"c-{i}") for i in range(MAX_CARDS_PER_FILE + 1))
    _, probs = load_text(tmp_path, text)
    assert "too many cards" in probs[0].message


@pytest.mark.parametrize(
    "text", ["x = " + "[" * 3000 + "]" * 3000, "x = " + "{a=" * 40 + "1" + "}" * 40]
)
def test_deep_nesting(tmp_path: Path, text: str) -> None:
    _, probs = load_text(tmp_path, text)
    assert "nested more than" in probs[0].message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bin.toml"
    path.write_bytes(b'[[card]]\nid = "\xff\xfe"\n')
    assert "not UTF-8" in read_card_file(path, tmp_path).problems[0].message


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlink_out_of_the_mod_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.toml"
    outside.write_text(card_toml("outside"), encoding="utf-8")
    mod = tmp_path / "mod"
    mod.mkdir()
    (mod / "link.toml").symlink_to(outside)
    res = read_card_file(mod / "link.toml", mod)
    assert res.cards == [] and "leads outside its folder" in res.problems[0].message


def test_cards_with_python_in_them_are_rejected(tmp_path: Path) -> None:
    text = card_toml("evil", effects="\"grain_reserve += __import__('os').getpid()\"")
    cards, probs = load_text(tmp_path, text)
    assert cards == [] and "names starting with '_'" in probs[0].message


# --- fuzzing -----------------------------------------------------------------------------------
def _check(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    res = read_card_file(path, tmp_path)  # must not raise, whatever the text
    for p in res.problems:
        assert isinstance(p, Problem) and p.line >= 1 and p.col >= 1
        str(p)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.integers(0, len(FIXTURE_TEXT)), st.integers(0, 40), st.text(max_size=12))
def test_mutated_card_files_never_crash_the_loader(
    tmp_path: Path, pos: int, cut: int, junk: str
) -> None:
    junk = junk.encode("utf-8", "replace").decode("utf-8")
    _check(tmp_path, FIXTURE_TEXT[:pos] + junk + FIXTURE_TEXT[pos + cut :])


TOML_BITS = st.sampled_from(
    [
        "[[card]]\n", "[card.text]\n", "[[card.option]]\n", "[[remove]]\n", 'id = "a-b"\n',
        'kind = "event"\n', 'kind = "situation"\n', 'title = "T"\n', 'body = "B"\n',
        'text = "X"\n', 'id = "o"\n', 'effects = ["grain_reserve += 1"]\n', "effects = [1]\n",
        'condition = "max(unrest) > 0.1"\n', 'on = "year > 1"\n', 'off = "year > 2"\n',
        "weight = 1e308\n", "cooldown = -5\n", 'date = "1930-02-30"\n', "date = 1930-01-01\n",
        "factions = { left = 2 }\n", 'follow_up = "a-b"\n', "delay = 0\n", "card = 5\n",
        "option = []\n", "text = {}\n", 'scenarios = ["great-turn-1928"]\n', "x = [[[[1]]]]\n",
    ]
)  # fmt: skip


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(TOML_BITS, max_size=25))
def test_generated_card_files_never_crash_the_loader(tmp_path: Path, bits: list[str]) -> None:
    _check(tmp_path, "".join(bits))


def test_tomllib_fallback_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from game.cards import loader

    fast = read_card_file(FIXTURE_CARDS / "basic.toml")
    monkeypatch.setattr(loader, "_rtoml", None)
    slow = read_card_file(FIXTURE_CARDS / "basic.toml")
    assert [c.spec for c in fast.cards] == [c.spec for c in slow.cards]


@pytest.mark.skipif(os.name == "nt", reason="symlinks and fifos are POSIX")
def test_symlink_loops_and_pipes_are_refused(tmp_path: Path) -> None:
    (tmp_path / "loop.toml").symlink_to(tmp_path / "loop.toml")
    res = read_card_file(tmp_path / "loop.toml", tmp_path)
    assert "cannot follow the path" in res.problems[0].message
    os.mkfifo(tmp_path / "pipe.toml")
    res = read_card_file(tmp_path / "pipe.toml", tmp_path)  # must not block
    assert "not a regular file" in res.problems[0].message
