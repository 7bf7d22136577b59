"""A save made with a mod that has since been removed: it loads from the CLI and from
the UI's load path with warnings naming the mod, the campaign goes on, and the save
file itself is never changed by loading it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import game.cards.mods as mods_mod
from game.engine.bots import make_bot
from tests.robustness.conftest import card_toml, cli, make_mod, scenario_toml

MOD = "removable"
SCEN = "removable-1928"


@pytest.fixture
def mod_root(env: Path) -> Path:
    root = env / "mods"
    mod = make_mod(root, MOD)
    (mod / "cards" / "a.toml").write_text(card_toml("removable-card"), encoding="utf-8")
    (mod / "scenarios" / "s.toml").write_text(scenario_toml(SCEN), encoding="utf-8")
    return root


def _save_with_mod(capsys, root: Path, name: str) -> Path:
    code, _, err = cli(capsys, "simulate", "--mods-dir", str(root), "--scenario", SCEN,
                       "--stop-after", "6", "--save", name)  # fmt: skip
    assert code == 0, err
    return Path(err.strip().rsplit(" to ", 1)[1])


def test_cli_loads_a_save_whose_mod_was_removed(mod_root, capsys) -> None:
    path = _save_with_mod(capsys, mod_root, "with-mod")
    before = path.read_bytes()
    shutil.rmtree(mod_root / MOD)

    code, out, err = cli(capsys, "simulate", "--load", "with-mod", "--stop-after", "3", "--json")
    assert code == 0, err
    assert "Traceback" not in err
    assert f"mod '{MOD}' 1.0 used by this save is not installed" in err
    assert f"scenario '{SCEN}' is not installed" in err
    r = json.loads(out)
    assert r["scenario"] == SCEN and r["turns"] == 9
    assert path.read_bytes() == before  # loading never rewrites the save


def test_saves_list_still_shows_it(mod_root, capsys) -> None:
    _save_with_mod(capsys, mod_root, "listed")
    shutil.rmtree(mod_root / MOD)
    code, out, _ = cli(capsys, "saves", "list")
    assert code == 0
    (row,) = [r for r in out.splitlines() if r.startswith("listed")]
    assert SCEN in row and row.split()[-1] in ("yes", "yes*")


class FakeApp:
    """What game/ui/session.py needs of the App: a campaign slot, scenes, messages."""

    def __init__(self) -> None:
        self.campaign: Any = None
        self.campaign_mods: list[str] = []
        self.scene = "menu"
        self.messages: list[tuple[str, str]] = []

    def switch(self, name: str, **_: Any) -> None:
        self.scene = name

    def has_scene(self, name: str) -> bool:
        return True

    def message(self, title: str, text: str) -> None:
        self.messages.append((title, text))


def test_ui_load_path_with_the_mod_removed(mod_root, env, monkeypatch) -> None:
    from game.ui import session

    monkeypatch.setattr(mods_mod, "PROJECT_MODS_DIR", mod_root)
    session.remember_mods({MOD: True})
    app = FakeApp()
    assert [p.name for p in session.mod_dirs(app)] == [MOD]  # type: ignore[arg-type]
    session.start_new(app, SCEN, 4, "normal", mods=session.mod_dirs(app))  # type: ignore[arg-type]
    assert "removable-card" in app.campaign.deck.content.cards
    app.campaign.play_bot(make_bot("historical"), max_turns=5)
    path = session.save(app, "named", "ui-save")  # type: ignore[arg-type]
    assert path is not None and path.is_file()
    before = path.read_bytes()

    shutil.rmtree(mod_root / MOD)
    app2 = FakeApp()
    assert session.load(app2, path) is True  # type: ignore[arg-type]
    assert app2.scene in ("campaign", "end")
    ((title, text),) = app2.messages
    assert title == "Loaded with warnings"
    assert f"mod '{MOD}'" in text and f"scenario '{SCEN}' is not installed" in text
    assert app2.campaign.state.turn == 5
    app2.campaign.play_bot(make_bot("historical"), max_turns=3)  # the campaign goes on
    assert app2.campaign.state.turn == 8
    assert path.read_bytes() == before


def test_ui_load_of_a_damaged_save_leaves_the_player_where_they_were(env) -> None:
    from game.ui import session

    bad = env / "saves" / "broken.json.gz"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_bytes(b"\x1f\x8b" + b"garbage" * 10)
    app = FakeApp()
    assert session.load(app, bad) is False  # type: ignore[arg-type]
    assert app.scene == "menu" and app.campaign is None
    ((title, text),) = app.messages
    assert title == "This save cannot be loaded" and str(bad) in text
    assert bad.read_bytes() == b"\x1f\x8b" + b"garbage" * 10


def test_a_removed_mod_can_still_be_disabled(mod_root, env, capsys) -> None:
    code, _, err = cli(capsys, "mods", "enable", MOD, "--mods-dir", str(mod_root))
    assert code == 0, err
    shutil.rmtree(mod_root / MOD)
    code, out, err = cli(capsys, "mods", "disable", MOD)
    assert code == 0, err
    assert json.loads((env / "config" / "mods.json").read_text("utf-8"))["enabled"] == []
    code, _, err = cli(capsys, "mods", "disable", "never-was")
    assert code == 2 and "unknown mod 'never-was'" in err
