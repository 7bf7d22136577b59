"""The card commands of the CLI, the JSON Schema and the generated modding reference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cards.expr import FUNCTIONS, POLICY_NUMERIC
from game.cards.reference import DOC_PATH, render
from game.cli import main
from game.engine import figures as F
from tests.cards.conftest import card_toml, make_mod


def test_modding_reference_is_up_to_date() -> None:
    text = DOC_PATH.read_text(encoding="utf-8")
    assert render(text) == text, "docs/modding.md is out of date: run `python main.py mods docs`"


def test_reference_lists_every_name() -> None:
    text = DOC_PATH.read_text(encoding="utf-8")
    for name in [*F.NATIONAL, *F.REGIONAL, *FUNCTIONS]:
        assert f"`{name}`" in text or f"`{name}(" in text, name
    for name in POLICY_NUMERIC:
        assert f"`policy.{name}`" in text


def test_mods_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mods", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    card = schema["card_file"]["$defs"]["Card"]
    assert card["additionalProperties"] is False and "kind" in card["properties"]
    assert "game_versions" in schema["mod_manifest"]["properties"]


def test_mods_validate_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = make_mod(tmp_path, "good", card_toml("good-card"))
    assert main(["mods", "validate", str(good)]) == 0
    bad = make_mod(tmp_path, "bad", card_toml("bad-card", effects='"unrest[ukrane] += 1"'))
    capsys.readouterr()
    assert main(["mods", "validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad / 'cards' / 'cards.toml'}:" in out and "did you mean 'ukraine'" in out
    assert main(["mods", "validate", str(tmp_path / "nothing")]) == 1


def test_mods_list_and_enable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_mod(tmp_path, "listed", card_toml("l-card"))
    assert main(["mods", "list", "--mods-dir", str(tmp_path), "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["listed"]["enabled"] and rows["listed"]["ok"]
    assert not rows["example-kibbutz-movement"]["enabled"]
    assert main(["mods", "enable", "example-kibbutz-movement"]) == 0
    assert main(["mods", "enable", "no-such-mod"]) == 2  # a user error: one line, exit 2
    assert "unknown mod" in capsys.readouterr().err


def test_cards_list_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_mod(
        tmp_path, "extra", card_toml("extra-card", kind="historical", extra='date = "1930-01-01"')
    )
    assert main(["cards", "list", "--json", "--mods-dir", str(tmp_path)]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["extra-card"]["date"] == "1930-01-01"
    assert rows["extra-card"]["source_file"].endswith("cards.toml")


def test_simulate_uses_the_deck_and_mods_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_mod(
        tmp_path,
        "sim",
        card_toml("sim-card", kind="historical", extra='date = "1928-04-01"'),
    )
    args = ["simulate", "--seed", "1", "--json", "--stop-after", "3", "--mods-dir", str(tmp_path)]
    assert main(args) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"turn": 0, "card": "sim-card", "option": 0} in result["cards"]


def test_simulate_warns_about_a_broken_mod(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_mod(tmp_path, "broken", card_toml("b-card", effects='"nonsense += 1"'))
    assert main(["simulate", "--stop-after", "1", "--mods-dir", str(tmp_path)]) == 0
    assert "mod 'broken' was left out" in capsys.readouterr().err
