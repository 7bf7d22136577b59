"""Careless command lines: every bad flag gives one clear line on stderr and exit 2
(1 for `mods validate` with errors), never a traceback, and never a silent default."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.cli import seed_arg
from game.engine.scenario import MAX_SEED, new_state
from game.errors import ScenarioError
from tests.robustness.conftest import cli


def _files(tmp: Path) -> dict[str, str]:
    (tmp / "folder").mkdir()
    (tmp / "file.txt").write_text("hello", encoding="utf-8")
    (tmp / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    (tmp / "empty.json.gz").write_bytes(b"")
    return {
        "<DIR>": str(tmp / "folder"),
        "<FILE>": str(tmp / "file.txt"),
        "<PNG>": str(tmp / "picture.png"),
        "<EMPTY>": str(tmp / "empty.json.gz"),
        "<MISSING>": str(tmp / "missing"),
        "<OUT>": str(tmp / "shot.png"),
    }


BAD = [
    (("simulate", "--seed", "-1"), "--seed: expected 0 to"),
    (("simulate", "--seed", "99999999999999999999"), "--seed: expected 0 to"),
    (("simulate", "--seed", "1.5"), "invalid int value: '1.5'"),
    (("simulate", "--scenario", ""), "unknown scenario ''"),
    (("simulate", "--difficulty"), "expected one argument"),
    (("simulate", "--difficulty", "insane"), "unknown difficulty 'insane'"),
    (("simulate", "--stop-after", "-3"), "expected 0 or more turns, got -3"),
    (("simulate", "--stop-after", "x"), "expected a whole number of turns"),
    (("simulate", "--load", ""), "--load '': expected a save name or a file path"),
    (("simulate", "--load", "<DIR>"), "is a folder, not a save"),
    (("simulate", "--load", "<PNG>"), "PNG image, not a Smychka save"),
    (("simulate", "--load", "<EMPTY>"), "the file is empty"),
    (("simulate", "--load", "<MISSING>"), "no such save"),
    (("simulate", "--save", ""), "--save '': expected a save name or a file path"),
    (("simulate", "--save", "<DIR>"), "is a folder; expected a file name"),
    (("simulate", "--save", "<FILE>"), "the file exists and is not a Smychka save"),
    (("simulate", "--save", "<PNG>"), "the file exists and is not a Smychka save"),
    (("simulate", "--save", "<FILE>/x.json.gz"), "is a file, not a folder"),
    (("simulate", "--mods-dir", "<FILE>"), "--mods-dir <FILE>: is a file"),
    (("simulate", "--mods-dir", "<MISSING>"), "--mods-dir <MISSING>: no such folder"),
    (("simulate", "--load", "x", "--mods-dir", "<MISSING>"), "no such folder"),
    (("scenarios", "--mods-dir", "<MISSING>"), "no such folder"),
    (("cards", "list", "--mods-dir", "<FILE>"), "is a file"),
    (("mods", "list", "--mods-dir", "<MISSING>"), "no such folder"),
    (("saves", "list", "--saves-dir", "<FILE>"), "it is a file, not a folder"),
    (("screenshot", "--scene", "nope", "--out", "<OUT>"), "unknown scene 'nope'"),
    (("screenshot", "--scene", "menu", "--out", "<OUT>", "--size", "0x0"), "--size '0x0'"),
    (("screenshot", "--scene", "menu", "--out", "<OUT>", "--size", "abc"), "WIDTHxHEIGHT"),
    (("screenshot", "--scene", "menu", "--out", "<OUT>", "--scale", "5000"), "100 to 200"),
    (("screenshot", "--scene", "menu", "--out", "<OUT>", "--seed", "-1"), "--seed: expected"),
    (("screenshot", "--scene", "menu", "--out", "<DIR>"), "is a folder; expected a PNG"),
    (("screenshot", "--scene", "menu", "--out", "<FILE>/x.png"), "is a file, not a folder"),
    (("screenshot", "--scene", "menu", "--out", "/dev/null"), "not a regular file"),
    (("simulate", "--load", "/dev/zero"), "not a regular file"),
    (("--frames", "0"), "--frames 0: expected a positive whole number"),
    (("simulate", "--frobnicate"), "unrecognized arguments: --frobnicate"),
]


@pytest.mark.parametrize(("argv", "needle"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_flags_give_one_line_and_exit_2(env, capsys, argv, needle) -> None:
    names = _files(env)
    argv = tuple(_subst(a, names) for a in argv)
    code, out, err = cli(capsys, *argv)
    assert code == 2, (out, err)
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert _subst(needle, names) in err
    assert out == ""  # nothing was played or printed before the error


def _subst(text: str, names: dict[str, str]) -> str:
    for key in names:
        text = text.replace(key, names[key])
    return text


def test_a_bad_save_path_fails_before_the_campaign_is_played(env, capsys) -> None:
    blocker = env / "blocker"
    blocker.write_text("", encoding="utf-8")
    code, out, err = cli(capsys, "simulate", "--save", str(blocker / "deep" / "x.json.gz"))
    assert code == 2 and out == "" and "is a file, not a folder" in err


def test_mods_validate_on_a_file_reports_and_exits_1(env, capsys) -> None:
    f = env / "not-a-mod.toml"
    f.write_text("x = 1\n", encoding="utf-8")
    code, out, err = cli(capsys, "mods", "validate", str(f))
    assert code == 1
    assert f"{f}:1:1: error: is a file; expected a mod folder" in out
    assert "Traceback" not in err
    code, out, _ = cli(capsys, "mods", "validate", str(env / "nothere"))
    assert code == 1 and "no such file or folder" in out
    (env / "empty").mkdir()
    code, out, _ = cli(capsys, "mods", "validate", str(env / "empty"))
    assert code == 1 and "not a mod folder (no mod.toml in it)" in out


def test_mods_validate_on_a_folder_of_mods_checks_each(env, capsys) -> None:
    from tests.robustness.conftest import make_mod

    root = env / "many"
    make_mod(root, "fine")
    make_mod(root, "loops", 'dependencies = ["loops"]')
    code, out, _ = cli(capsys, "mods", "validate", str(root))
    assert code == 1
    assert f"{root / 'loops' / 'mod.toml'}:1:1: error: dependency cycle" in out
    assert "fine/" not in out


def test_saving_into_a_new_folder_of_the_saves_dir_still_works(env, capsys) -> None:
    code, _, err = cli(capsys, "simulate", "--stop-after", "1", "--save", "sub/run1")
    assert code == 0, err
    assert (env / "saves" / "sub" / "run1.json.gz").is_file()


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.integers().map(str), st.text(max_size=30)))
def test_seed_arg_accepts_only_whole_numbers_in_range(text: str) -> None:
    try:
        n = seed_arg(text)
    except argparse.ArgumentTypeError as exc:
        assert str(exc)  # a message for the user, never another exception
    else:
        assert 0 <= n <= MAX_SEED and n == int(text)


@pytest.mark.parametrize("seed", [-1, MAX_SEED + 1, 1.5, True, "3"])
def test_engine_rejects_bad_seeds_with_a_scenario_error(seed) -> None:
    # the UI and saves reach new_state without argparse: numpy's bare ValueError
    # for a negative seed must not be what a player sees
    with pytest.raises(ScenarioError, match="expected a whole number from 0"):
        new_state("great-turn-1928", seed)  # type: ignore[arg-type]


def test_largest_seed_still_plays(env, capsys) -> None:
    code, out, err = cli(capsys, "simulate", "--seed", str(MAX_SEED), "--stop-after", "1")
    assert code == 0, err
    assert f"seed {MAX_SEED}" in out


def test_save_overwrites_a_save_but_never_another_file(env, capsys) -> None:
    notes = env / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    code, _, err = cli(capsys, "simulate", "--stop-after", "1", "--save", str(notes))
    assert code == 2 and notes.read_text(encoding="utf-8") == "my notes"
    assert not (env / "notes.txt.bak").exists()
    target = env / "run.json.gz"
    for turns in ("1", "2"):
        code, _, err = cli(capsys, "simulate", "--stop-after", turns, "--save", str(target))
        assert code == 0, err
    assert target.is_file() and "(turn 2)" in err
