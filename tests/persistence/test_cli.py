"""The save commands: simulate --stop-after/--save/--load and `saves list`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_stop_save_load_gives_the_uninterrupted_hash(tmp_path: Path, capsys) -> None:
    sim = ["simulate", "--bot", "historical", "--seed", "5", "--json"]
    code, out, _ = run(capsys, *sim)
    assert code == 0
    whole = json.loads(out)
    d = str(tmp_path / "s")
    code, out, err = run(capsys, *sim, "--stop-after", "20", "--save", "mid", "--saves-dir", d)
    assert code == 0 and json.loads(out)["turns"] == 20
    assert (tmp_path / "s" / "mid.json.gz").is_file() and "saved" in err
    code, out, err = run(
        capsys, "simulate", "--load", "mid", "--bot", "historical", "--saves-dir", d, "--json"
    )
    assert code == 0, err
    cont = json.loads(out)
    assert cont["state_hash"] == whole["state_hash"]
    assert cont["turns"] == whole["turns"] and cont["timeline"] == whole["timeline"]
    assert cont["seed"] == 5


def test_absolute_save_path_and_env_saves_dir(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SMYCHKA_SAVES_DIR", str(tmp_path / "env"))
    target = tmp_path / "elsewhere" / "x.json.gz"
    code, _, _ = run(capsys, "simulate", "--stop-after", "2", "--save", str(target))
    assert code == 0 and target.is_file()
    code, _, _ = run(capsys, "simulate", "--stop-after", "1", "--save", "rel")
    assert code == 0 and (tmp_path / "env" / "rel.json.gz").is_file()
    code, out, _ = run(capsys, "saves", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "name",
        "scenario",
        "date",
        "turn",
        "version",
        "saved",
        "mode",
        "loads?",
    ]
    row = lines[1].split()
    assert row[0] == "rel" and row[1] == "great-turn-1928" and row[4] == "1" and row[-1] == "yes"


def test_saves_list_shows_problems(tmp_path: Path, capsys) -> None:
    d = tmp_path / "s"
    d.mkdir()
    (d / "png.json.gz").write_bytes(b"\x89PNG\r\n\x1a\n")
    code, out, _ = run(capsys, "saves", "list", "--saves-dir", str(d))
    assert code == 0
    assert out.splitlines()[1].split()[-1] == "no"
    assert "png: " in out and "PNG image" in out
    code, out, _ = run(capsys, "saves", "list", "--saves-dir", str(tmp_path / "empty"))
    assert code == 0 and "No saves" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", "empty"), (b"\x1f\x8b\x08\x00\x00", "truncated"), (b"[]", "not a Smychka save")],
)
def test_bad_save_is_one_line_exit_2(tmp_path: Path, capsys, content: bytes, expected: str) -> None:
    p = tmp_path / "bad.json.gz"
    p.write_bytes(content)
    code, out, err = run(capsys, "simulate", "--load", str(p))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and expected in err and str(p) in err


def test_bad_stop_after_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["simulate", "--stop-after", "-3"])
    assert info.value.code == 2
    assert "0 or more" in capsys.readouterr().err


def test_real_process_no_traceback(tmp_path: Path) -> None:
    p = tmp_path / "trunc.json.gz"
    p.write_bytes(b'{"header":{"format":"smychka-save","format_version":1')
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "simulate", "--load", str(p)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("smychka: error:") and "truncated" in proc.stderr
