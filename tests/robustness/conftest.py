"""Shared helpers of the robustness tests: an isolated config/saves folder, the CLI
run in-process, and small mods written into a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

from game.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BASE_SCENARIO = ROOT / "assets" / "scenarios" / "great-turn-1928.toml"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Config and saves in a temporary folder."""
    monkeypatch.setenv("SMYCHKA_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SMYCHKA_SAVES_DIR", str(tmp_path / "saves"))
    (tmp_path / "config").mkdir()
    yield tmp_path


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `python main.py ARGV` in-process: (exit code, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse errors exit through sys.exit
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def make_mod(root: Path, mod_id: str, manifest_extra: str = "") -> Path:
    """A mod folder with a valid mod.toml and empty cards/ and scenarios/ folders."""
    d = root / mod_id
    (d / "cards").mkdir(parents=True)
    (d / "scenarios").mkdir()
    (d / "mod.toml").write_text(
        f'id = "{mod_id}"\nname = "{mod_id}"\nversion = "1.0"\n{manifest_extra}\n',
        encoding="utf-8",
    )
    return d


def card_toml(card_id: str, effect: str = "propaganda += 0.01") -> str:
    """One valid debate card whose first option has `effect`."""
    return f"""
[[card]]
id = "{card_id}"
kind = "debate"
weight = 1.0

[card.text]
title = "A test card"
body = "Text."

[[card.option]]
id = "a"
text = "Yes."
effects = ["{effect}"]

[[card.option]]
id = "b"
text = "No."
effects = []
"""


def scenario_toml(scenario_id: str, edit: tuple[str, str] | None = None) -> str:
    """The base 1928 scenario under another id, with one optional text replacement."""
    text = BASE_SCENARIO.read_text(encoding="utf-8")
    text = text.replace('id = "great-turn-1928"', f'id = "{scenario_id}"', 1)
    if edit is not None:
        assert edit[0] in text, edit
        text = text.replace(edit[0], edit[1], 1)
    return text
