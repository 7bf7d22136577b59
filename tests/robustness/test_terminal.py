"""The command line against a careless or hostile terminal: closed pipes, file names
too long for the system, save names that try to leave the saves folder or hide,
hostile bytes in a mod echoed back, and `screenshot` with a mod's scenario."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cards.problems import Problem, escape
from tests.robustness.conftest import ROOT, cli, make_mod, scenario_toml

HOSTILE_CHARS = ("\x1b", "\u202e", "\u2066", "\x00", "\x9b", "\x07")


@pytest.mark.parametrize(
    "argv",
    [
        ["simulate", "--json", "--stop-after", "1"],
        ["simulate", "--stop-after", "1"],
        ["cards", "list"],
        ["mods", "schema"],
        ["scenarios"],
    ],
)
def test_a_closed_pipe_is_not_a_traceback(tmp_path, argv) -> None:
    env = dict(os.environ, SMYCHKA_CONFIG_DIR=str(tmp_path), SMYCHKA_SAVES_DIR=str(tmp_path))
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *argv],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before a byte is written, as with `| head`
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert code == 141


# --- names too long, and names that lie ------------------------------------------------
LONG = "n" * 300


@pytest.mark.parametrize(
    "argv",
    [
        ("simulate", "--stop-after", "1", "--save", "/tmp/" + LONG + "/x"),
        ("simulate", "--load", LONG),
        ("simulate", "--load", "/tmp/" + LONG),
        ("simulate", "--stop-after", "1", "--saves-dir", "/tmp/" + LONG),
        ("saves", "list", "--saves-dir", LONG),
        ("simulate", "--mods-dir", LONG),
        ("mods", "validate", LONG),
        ("screenshot", "--scene", "menu", "--out", LONG + ".png"),
    ],
)
def test_names_too_long_for_the_system_are_one_line(env, capsys, argv) -> None:
    code, _, err = cli(capsys, *argv)
    assert code == 2 and "too long" in err and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1


def test_a_300_character_save_name_is_shortened_and_saved(env, capsys) -> None:
    code, _, err = cli(capsys, "simulate", "--stop-after", "1", "--save", LONG)
    assert code == 0, err
    (saved,) = (env / "saves").glob("*.json.gz")
    assert saved.name == "n" * 80 + ".json.gz"


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("../../outside", "'..' would leave the saves folder"),
        ("a/../../outside", "'..' would leave the saves folder"),
        ("....", "cannot be used as a save name"),
        ("CON", "device name on Windows"),
        ("nul", "device name on Windows"),
        ("COM1", "device name on Windows"),
        ("aux.txt", "device name on Windows"),
        ("lpt9.json.gz", "device name on Windows"),
    ],
)
def test_bad_save_names_are_refused(env, capsys, name, needle) -> None:
    code, _, err = cli(capsys, "simulate", "--stop-after", "1", "--save", name)
    assert code == 2 and needle in err, err
    assert not list(env.rglob("*.json.gz")) and not (env.parent / "outside.json.gz").exists()


def test_a_newline_in_a_save_name_is_cleaned_like_in_the_game(env, capsys) -> None:
    from game.persistence.slots import sanitise_name

    code, _, err = cli(capsys, "simulate", "--stop-after", "1", "--save", "spring\n1930")
    assert code == 0, err
    (saved,) = (env / "saves").glob("*.json.gz")
    assert saved.name == sanitise_name("spring\n1930") + ".json.gz" == "spring_1930.json.gz"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.characters(codec="utf-8") | st.sampled_from(["/", "..", ".", "\n", "\\", "CON", "nul"]),
        min_size=1,
        max_size=40,
    ).map("".join)
)
def test_any_save_name_lands_listed_in_the_saves_folder_or_is_one_line(
    tmp_path_factory, capsys, name
) -> None:
    from game.campaign import Campaign
    from game.errors import SaveError
    from game.persistence.cli import save_path
    from game.persistence.slots import list_saves, save_name

    saves = tmp_path_factory.mktemp("saves")
    try:
        path = save_path(name, str(saves))
    except SaveError as exc:
        assert "\n" not in str(exc) and "\x1b" not in str(exc)
        return
    if Path(name).is_absolute():
        return  # an absolute path is the player's choice of folder
    assert path.resolve().is_relative_to(saves.resolve()), path
    assert "\n" not in path.name and save_name(path) is not None  # not hidden
    assert path.name.split(".")[0].upper() not in ("CON", "NUL")
    global _CAMP
    if _CAMP is None:
        _CAMP = Campaign.new("great-turn-1928", seed=1)
    from game.persistence.store import save_campaign

    save_campaign(_CAMP, path)
    assert [s.path for s in list_saves(path.parent)] == [path]


_CAMP = None


# --- hostile bytes echoed back ----------------------------------------------------------
def test_problem_lines_show_hostile_bytes_escaped() -> None:
    line = 'x = "\x1b[2J\u202egnp.exe\x00"'
    p = Problem("f\x1b.toml", 1, 6, "error", "bad \x1b[31m", line)
    text = str(p)
    assert not any(c in text for c in HOSTILE_CHARS)
    assert "\\x1b[2J\\u202egnp.exe\\x00" in text and "f\\x1b.toml" in text
    src, caret = text.splitlines()[1:]
    assert src[caret.index("^")] == "\\"  # the caret under the escaped character
    assert escape("plain ünïcode\tand tabs") == "plain ünïcode\tand tabs"


def test_mods_validate_shows_hostile_bytes_escaped(env, capsys) -> None:
    mod = make_mod(env / "mods", "hostile")
    # raw control characters are not valid TOML: the error's source line is echoed
    (mod / "cards" / "bad.toml").write_bytes(
        b'[[card]]\nid = "x\x1b[2J\xe2\x80\xae\x00\x07"\n'
        + "# \u202e bidi in a comment\nkind = 3 \u2066\n".encode()
    )
    code, out, err = cli(capsys, "mods", "validate", "--mods-dir", str(env / "mods"))
    assert code == 1
    assert not any(c in out + err for c in HOSTILE_CHARS), out
    assert "\\x1b" in out


# --- screenshot ----------------------------------------------------------------------------
def test_screenshot_draws_an_enabled_mods_scenario(env, capsys) -> None:
    mod = make_mod(env / "mods_here", "shotmod")
    (mod / "scenarios" / "s.toml").write_text(
        scenario_toml("shot-scenario", ('name = "1928 — The Great Turn"', 'name = "Mod land"')),
        encoding="utf-8",
    )
    code, _, err = cli(capsys, "mods", "enable", "shotmod", "--mods-dir", str(env / "mods_here"))
    assert code == 0, err
    # enabled in mods.json; the mod folder must also be found: put it in a --mods-dir-less spot
    from game.cards import mods as mods_mod

    old = mods_mod.PROJECT_MODS_DIR
    mods_mod.PROJECT_MODS_DIR = env / "mods_here"
    try:
        out = env / "shot.png"
        code, _, err = cli(
            capsys, "screenshot", "--scene", "campaign", "--scenario", "shot-scenario",
            "--turns", "0", "--size", "640x360", "--out", str(out),
        )  # fmt: skip
    finally:
        mods_mod.PROJECT_MODS_DIR = old
    assert code == 0, err
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_screenshot_out_keeps_a_file_that_is_not_a_png(env, capsys) -> None:
    precious = env / "notes.png"
    precious.write_text("my notes, not an image", encoding="utf-8")
    code, _, err = cli(capsys, "screenshot", "--scene", "menu", "--out", str(precious))
    assert code == 2 and "not a PNG image" in err
    assert precious.read_text(encoding="utf-8") == "my notes, not an image"


def test_save_never_replaces_a_device_or_a_pipe(env, capsys, tmp_path) -> None:
    """`--save /dev/null` run as root once swapped the machine's /dev/null for a save."""
    from game.campaign import Campaign
    from game.errors import SaveError
    from game.persistence.store import save_campaign

    fifo = tmp_path / "pipe.json.gz"
    os.mkfifo(fifo)
    with pytest.raises(SaveError, match="not a regular file"):
        save_campaign(Campaign.new("great-turn-1928", seed=1), fifo)
    assert fifo.is_fifo()
    for target in ("/dev/null", str(fifo)):
        code, _, err = cli(capsys, "simulate", "--stop-after", "1", "--save", target)
        assert code == 2 and "not a regular file" in err, err
    assert Path("/dev/null").is_char_device()


def test_a_save_name_starting_with_a_tilde_of_no_user_is_a_name(tmp_path) -> None:
    """`~0` names no user: Path.expanduser raises there; the game takes it as a file name."""
    from game.persistence.cli import save_path

    path = save_path("~0", str(tmp_path))
    assert path.parent.resolve() == tmp_path.resolve()
    assert "0" in path.name
