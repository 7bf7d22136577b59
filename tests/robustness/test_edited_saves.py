"""Hand-edited saves (a valid container, checksum dropped, nonsense inside): each is
refused with a SaveError naming the file and the field -- never a traceback -- and
the file is left as it was."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from game.persistence import fileformat
from tests.robustness.conftest import cli


def _params(body: dict[str, Any]) -> dict[str, Any]:
    return body["state"]["params"]


EDITS = {
    "negative seed": (lambda h, b: _params(b).update(seed=-1), "the seed -1 is not a whole"),
    "text seed": (lambda h, b: _params(b).update(seed="abc"), "the seed 'abc' is not"),
    "bool seed": (lambda h, b: _params(b).update(seed=True), "the seed True is not"),
    "bad difficulty": (lambda h, b: _params(b).update(difficulty="god"), "unknown difficulty"),
    "turn out of range": (lambda h, b: b["state"].update(turn=10**9), "turn 1000000000"),
    "params not an object": (lambda h, b: b["state"].update(params=5), "the save is damaged"),
}


@pytest.fixture
def base_save(env: Path, capsys) -> Path:
    code, _, err = cli(capsys, "simulate", "--stop-after", "3", "--save", "base")
    assert code == 0, err
    return env / "saves" / "base.json.gz"


@pytest.mark.parametrize("name", list(EDITS))
def test_edited_save_is_refused_with_a_clear_line(base_save, env, capsys, name) -> None:
    edit, needle = EDITS[name]
    header, body = fileformat.decode(base_save, base_save.read_bytes())
    header, body = copy.deepcopy(header), copy.deepcopy(body)
    edit(header, body)
    header.pop("body_sha256", None)  # as a hand edit would leave it
    path = env / "saves" / "edited.json.gz"
    data = fileformat.encode(header, body)
    path.write_bytes(data)
    code, out, err = cli(capsys, "simulate", "--load", "edited", "--bot", "random")
    assert code == 2, (out, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert str(path) in err and needle in err
    assert path.read_bytes() == data


def test_the_unedited_save_still_loads(base_save, capsys) -> None:
    code, _, err = cli(capsys, "simulate", "--load", "base", "--bot", "random", "--stop-after", "1")
    assert code == 0, err


def test_saves_list_shows_no_escape_sequences_from_a_header(base_save, env, capsys) -> None:
    header, body = fileformat.decode(base_save, base_save.read_bytes())
    header = {**header, "scenario": "\x1b[2J\x1b[31mred", "date_label": "x" * 100_000}
    header.pop("body_sha256", None)
    (env / "saves" / "\x1b[1mloud.json.gz").write_bytes(fileformat.encode(header, body))
    code, out, _ = cli(capsys, "saves", "list")
    assert code == 0
    assert "\x1b" not in out
    assert "?[2J?[31mred" in out and "?[1mloud" in out
    assert max(len(line) for line in out.splitlines()) < 500


def test_a_pipe_in_the_saves_folder_does_not_hang_the_list(base_save, env, capsys) -> None:
    import os

    fifo = env / "saves" / "pipe.json.gz"
    os.mkfifo(fifo)
    code, out, _ = cli(capsys, "saves", "list")  # would block forever if the pipe were read
    assert code == 0
    assert "pipe" not in out and "base" in out  # not a file: not a save to list
    code, _, err = cli(capsys, "simulate", "--load", "pipe")  # nor one to load
    assert code == 2 and "not a regular file" in err
