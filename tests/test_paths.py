"""game.paths: the one place that says where assets, mods, settings and saves live."""

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from game import paths

ROOT = Path(__file__).resolve().parents[1]


def test_a_checkout_reads_its_own_assets_and_keeps_saves_beside_them(monkeypatch):
    monkeypatch.delenv(paths.ASSETS_ENV, raising=False)
    monkeypatch.delenv(paths.SAVES_ENV, raising=False)
    assert paths.checkout_root() == ROOT
    assert paths.assets_dir() == ROOT / "assets"
    assert paths.shipped_mods_dir() == ROOT / "mods"
    assert paths.default_saves_dir() == ROOT / "saves"
    assert paths.require_assets() == ROOT / "assets"
    assert paths.asset("ui", "theme.json").is_file()


def test_no_module_computes_an_asset_path_of_its_own():
    offenders = []
    for f in sorted((ROOT / "game").rglob("*.py")):
        if f.name == "paths.py":
            continue
        text = f.read_text(encoding="utf-8")
        if "parents[" in text or '"assets"' in text or "__file__" in text:
            offenders.append(str(f.relative_to(ROOT)))
    assert offenders == [], "resolve files through game.paths, not __file__"


def test_environment_variables_win(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "cfg"))
    monkeypatch.setenv(paths.SAVES_ENV, str(tmp_path / "sv"))
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "data"))
    assert paths.config_dir() == tmp_path / "cfg"
    assert paths.default_saves_dir() == tmp_path / "sv"
    assert paths.user_mods_dir() == tmp_path / "data" / "mods"


def test_without_variables_the_platform_folders_are_used(monkeypatch):
    import platformdirs

    for var in (paths.CONFIG_ENV, paths.DATA_ENV):
        monkeypatch.delenv(var, raising=False)
    assert paths.config_dir() == Path(platformdirs.user_config_dir("smychka", appauthor=False))
    assert paths.user_data_dir() == Path(platformdirs.user_data_dir("smychka", appauthor=False))


def test_an_old_config_folder_is_still_read_where_the_platform_has_another(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.CONFIG_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    new = tmp_path / "Library" / "Application Support" / "smychka"
    fake = SimpleNamespace(user_config_dir=lambda *a, **k: str(new))
    monkeypatch.setattr(paths, "_platformdirs", lambda: fake)
    assert paths.config_dir() == new  # nothing old: the platform's folder
    (tmp_path / ".config" / "smychka").mkdir(parents=True)
    assert paths.config_dir() == tmp_path / ".config" / "smychka"
    new.mkdir(parents=True)
    assert paths.config_dir() == new


def test_an_installed_game_saves_in_the_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.SAVES_ENV, raising=False)
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path))
    monkeypatch.setattr(paths, "checkout_root", lambda: None)
    assert paths.default_saves_dir() == tmp_path / "saves"


def test_user_mods_are_found_beside_the_shipped_ones(monkeypatch, tmp_path):
    from game.cards.mods import discover_mods

    mod = tmp_path / "mods" / "my-mod"
    (mod / "cards").mkdir(parents=True)
    (mod / "mod.toml").write_text('id = "my-mod"\nname = "Mine"\nversion = "1.0"\n')
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path))
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "cfg"))
    found = {m.id: m.path for m in discover_mods()}
    assert found["my-mod"] == mod
    assert "example-kibbutz-movement" in found


def test_require_assets_names_what_is_missing(monkeypatch, tmp_path):
    (tmp_path / "cards").mkdir()
    monkeypatch.setenv(paths.ASSETS_ENV, str(tmp_path))
    with pytest.raises(paths.AssetsMissingError, match="lacks scenarios, regions"):
        paths.require_assets()
    monkeypatch.setenv(paths.ASSETS_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(paths.AssetsMissingError, match="is missing"):
        paths.require_assets()


@pytest.mark.parametrize("command", [["scenarios"], ["cards", "list"], ["simulate"]])
def test_missing_assets_are_a_clear_error_not_an_empty_list(command, tmp_path):
    env = {"SMYCHKA_ASSETS_DIR": str(tmp_path / "gone"), "SMYCHKA_CONFIG_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "game", *command],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, **env},
    )
    assert out.returncode != 0
    assert out.stdout == ""
    assert "assets folder" in out.stderr and "gone" in out.stderr
    assert "Traceback" not in out.stderr


def test_open_folder_explains_when_there_is_no_file_manager(monkeypatch, tmp_path):
    monkeypatch.setattr(paths.sys, "platform", "sunos5")
    with pytest.raises(paths.SmychkaError, match="No file manager"):
        paths.open_folder(tmp_path / "saves")
    assert (tmp_path / "saves").is_dir()  # made, so the player can go there by hand


def test_open_folder_uses_the_platform_tool(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(paths.sys, "platform", "darwin")
    monkeypatch.setattr(paths.subprocess, "Popen", lambda cmd, **kw: calls.append(cmd))
    assert "Opened" in paths.open_folder(tmp_path)
    assert calls == [["open", str(tmp_path)]]


def test_messages_name_the_command_the_player_has(monkeypatch):
    assert paths.command() == "python main.py"  # this checkout
    monkeypatch.setattr(paths, "checkout_root", lambda: None)
    assert paths.command() == "smychka"


def test_mods_docs_refuses_an_installed_game(monkeypatch, capsys):
    from game.cli import main

    monkeypatch.setattr(paths, "checkout_root", lambda: None)
    assert main(["mods", "docs"]) == 2
    assert "not one" in capsys.readouterr().err
