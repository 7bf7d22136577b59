"""A corrupted settings.json or mods.json: the game starts with defaults, says what
was ignored, and keeps the player's broken file as `*.broken` before rewriting it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.cards.mods import load_mod_config, read_mod_config, set_mod_enabled
from game.ui.settings import Settings, load_settings
from tests.robustness.conftest import ROOT

BROKEN_SETTINGS = [
    ("{not json", "could not read settings"),
    ("[1, 2]", "expected a JSON object"),
    ('{"width": -5, "height": 720}', "window size -5x720 is out of range"),
    ('{"width": 1e999}', "width: unexpected value inf"),
    ('{"ui_scale": 99999999999999999999999}', "ui_scale 99999999999999999999999 is out of range"),
    ('{"palette": 3, "fullscreen": "yes"}', "palette: unexpected value 3"),
    ('{"hints_seen": "abc"}', "hints_seen: unexpected value 'abc'"),
    ("[" * 100_000 + "]" * 100_000, "nested too deep"),
    ("\udcff", "could not read settings"),
]


@pytest.mark.parametrize(("text", "needle"), BROKEN_SETTINGS, ids=range(len(BROKEN_SETTINGS)))
def test_broken_settings_give_defaults_a_warning_and_a_kept_copy(env, text, needle) -> None:
    path = env / "config" / "settings.json"
    raw = text.encode("utf-8", "surrogateescape")
    path.write_bytes(raw)
    s, warnings = load_settings(path)
    assert s == Settings()  # every bad value back at its default
    assert any(needle in w for w in warnings), warnings
    assert all(str(path) in w for w in warnings)
    copy = path.with_name("settings.json.broken")
    assert copy.read_bytes() == raw
    assert any(str(copy) in w for w in warnings)


def test_good_settings_leave_no_copy(env) -> None:
    path = env / "config" / "settings.json"
    path.write_text(json.dumps({"width": 1600, "height": 900}), encoding="utf-8")
    s, warnings = load_settings(path)
    assert (s.width, s.height) == (1600, 900) and warnings == []
    assert not path.with_name("settings.json.broken").exists()


BROKEN_MODS_JSON = [
    ("{not json", "cannot read the mod settings"),
    ("[]", "expected a JSON object"),
    ('{"enabled": "abc"}', "'enabled' should be a list of mod ids"),
    ('{"enabled": ["ok", 1, null], "order": 5}', "'enabled' holds non-text entries [1, None]"),
    ("[" * 100_000 + "]" * 100_000, "cannot read the mod settings"),
]


@pytest.mark.parametrize(("text", "needle"), BROKEN_MODS_JSON, ids=range(len(BROKEN_MODS_JSON)))
def test_broken_mods_json_is_reported_not_misread(env, text, needle) -> None:
    path = env / "config" / "mods.json"
    path.write_text(text, encoding="utf-8")
    cfg, warnings = read_mod_config()
    assert any(needle in w and str(path) in w for w in warnings), warnings
    # a bare string must not enable mods 'a', 'b' and 'c'
    assert all(len(m) > 1 for m in cfg["enabled"])
    assert cfg["order"] == [] or all(isinstance(x, str) for x in cfg["order"])


def test_enabling_a_mod_keeps_the_broken_mods_json(env) -> None:
    path = env / "config" / "mods.json"
    path.write_text('{"enabled": "my-mod", oops', encoding="utf-8")
    set_mod_enabled("my-mod", True)
    assert load_mod_config()["enabled"] == ["my-mod"]
    assert path.with_name("mods.json.broken").read_text(encoding="utf-8").endswith("oops")
    assert read_mod_config()[1] == []  # the rewritten file is clean


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["enabled", "order", "x"]), json_values) | json_values)
def test_any_json_in_mods_json_gives_lists_of_ids(tmp_path_factory, data) -> None:
    d = tmp_path_factory.mktemp("cfg")
    os.environ["SMYCHKA_CONFIG_DIR"] = str(d)
    try:
        (d / "mods.json").write_text(json.dumps(data), encoding="utf-8")
        cfg, _ = read_mod_config()
    finally:
        del os.environ["SMYCHKA_CONFIG_DIR"]
    assert set(cfg) == {"enabled", "order"}
    for key in cfg:
        assert isinstance(cfg[key], list) and all(isinstance(x, str) for x in cfg[key])
        raw = data.get(key) if isinstance(data, dict) else None
        assert cfg[key] == ([x for x in raw if isinstance(x, str)] if isinstance(raw, list) else [])


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([f.name for f in Settings.__dataclass_fields__.values()]), json_values
    )
    | json_values
)
def test_any_json_in_settings_gives_sane_settings(tmp_path_factory, data) -> None:
    path = tmp_path_factory.mktemp("cfg") / "settings.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    s, _ = load_settings(path)
    assert s.sanitised()[1] == []  # every value inside its range
    assert isinstance(s.fullscreen, bool) and isinstance(s.hints_seen, list)


def test_game_starts_with_broken_config_files(tmp_path: Path) -> None:
    cfg = tmp_path / "config"
    cfg.mkdir()
    (cfg / "settings.json").write_text('{"width": -5, "height": "tall"', encoding="utf-8")
    (cfg / "mods.json").write_text('{"enabled": "abc"}', encoding="utf-8")
    run_env = dict(
        os.environ,
        SMYCHKA_CONFIG_DIR=str(cfg),
        SMYCHKA_SAVES_DIR=str(tmp_path / "saves"),
        SDL_VIDEODRIVER="dummy",
    )
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--frames", "5"],
        capture_output=True, text=True, env=run_env, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    text = out.stdout + out.stderr
    assert out.returncode == 0, text
    assert "Traceback" not in text
    assert f"{cfg / 'settings.json'}: could not read settings" in text
    assert f"{cfg / 'mods.json'}: 'enabled' should be a list of mod ids" in text
    assert (cfg / "settings.json.broken").read_text(encoding="utf-8").endswith('"tall"')


def test_config_dir_that_is_a_file(tmp_path: Path, monkeypatch, capsys) -> None:
    from tests.robustness.conftest import cli

    blocker = tmp_path / "config"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("SMYCHKA_CONFIG_DIR", str(blocker))
    monkeypatch.setenv("SMYCHKA_SAVES_DIR", str(tmp_path / "saves"))
    assert load_settings()[0] == Settings()
    code, _, err = cli(capsys, "mods", "enable", "example-kibbutz-movement")
    assert code == 2 and f"{blocker} is a file" in err and "Traceback" not in err
    code, _, err = cli(capsys, "simulate", "--stop-after", "1")
    assert code == 0, err  # no mods.json to read: a warning, and the game plays
    assert "cannot read the mod settings" in err


def test_settings_json_that_is_a_folder(env) -> None:
    path = env / "config" / "settings.json"
    path.mkdir()
    s, warnings = load_settings(path)
    assert s == Settings() and len(warnings) == 1 and "could not read settings" in warnings[0]


def test_huge_config_files_are_not_read(env) -> None:
    cfg = env / "config"
    for name in ("settings.json", "mods.json"):
        with (cfg / name).open("wb") as fh:  # sparse: 2 GB on paper, nothing on disk
            fh.truncate(2 * 2**30)
    s, warnings = load_settings(cfg / "settings.json")
    assert s == Settings() and "too large to be settings" in warnings[0]
    cfg_, warnings = read_mod_config()
    assert cfg_ == {"enabled": [], "order": []} and "too large" in warnings[0]
    set_mod_enabled("x", True)  # replaces the junk without copying 2 GB
    assert not list(cfg.glob("*.broken"))
