"""Property tests over outside input with no fixed shape: player-typed save names,
and whole command lines built from flags and careless values."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.errors import SaveError
from game.persistence.slots import MAX_NAME, sanitise_name
from tests.robustness.conftest import cli


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_typed_save_name_becomes_a_plain_file_name_or_a_clear_error(name: str) -> None:
    try:
        safe = sanitise_name(name)
    except SaveError as exc:
        assert "cannot be used as a save name" in str(exc)
        return
    assert safe and len(safe) <= MAX_NAME
    assert not any(c in safe for c in '/\\\0:*?"<>|\n\r\t')
    assert not safe.startswith(".") and ".." not in safe
    assert safe == safe.strip()


VALUES = ["", "-1", "0", "3", "abc", "99999999999999999999", "/dev/null", "@DIR", "@FILE",
          "great-turn-1928", "menu", "0x0", "nope", "--json"]  # fmt: skip
COMMANDS = [
    ["simulate", "--stop-after", "1"],
    ["scenarios"],
    ["bots"],
    ["saves", "list"],
    ["mods", "list"],
    ["mods", "validate"],
    ["cards", "list"],
    ["screenshot", "--scene"],
]
FLAGS = ["--seed", "--scenario", "--difficulty", "--bot", "--load", "--save", "--mods-dir",
         "--saves-dir", "--stop-after", "--size", "--scale", "--out", "--json", "--frobnicate"]  # fmt: skip


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    d = tmp_path_factory.mktemp("fuzz")
    (d / "folder").mkdir()
    (d / "file").write_text("x", encoding="utf-8")
    return {"@DIR": str(d / "folder"), "@FILE": str(d / "file")}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.sampled_from(COMMANDS),
    st.lists(st.tuples(st.sampled_from(FLAGS), st.sampled_from(VALUES)), max_size=3),
)
def test_any_command_line_exits_cleanly(env, capsys, places, command, pairs) -> None:
    argv = list(command)
    for flag, value in pairs:
        argv += [flag, places.get(value, value)]
    if argv[0] == "screenshot":
        argv.insert(2, "nope")  # never open a window: the scene name is checked first
    if argv[0] == "simulate" and "--stop-after" in argv[3:]:
        argv = argv[:1] + argv[3:]
    with contextlib.chdir(env):  # a relative --saves-dir or --save lands here, not in the repo
        code, _, err = cli(capsys, *argv)
    assert code in (0, 1, 2), (argv, err)
    assert "Traceback" not in err
    if code == 2:  # one line says what was wrong (warnings may come before it)
        errors = [line for line in err.splitlines() if "error:" in line]
        assert len(errors) == 1 and errors[0].startswith("smychka"), (argv, err)
