"""Every file from outside goes through one bounded, regular-file-only reader
(game.inputfile): FIFOs, links to /dev/zero and huge files are refused with a
message naming the file -- for saves, settings.json, mods.json, card and scenario
files alike -- and JSON that Python cannot parse (a 5,000-digit integer, nesting
thousands deep) is a clear message too, never a crash."""

from __future__ import annotations

import gzip
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cards.mods import read_mod_config
from game.errors import SaveError
from game.inputfile import FileRefused, load_json, path_problem, read_bounded, shown
from game.ui.settings import Settings, load_settings
from tests.robustness.conftest import card_toml, cli, make_mod, scenario_toml

HUGE_INT = "9" * 5000


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _sparse(path: Path) -> None:
    with path.open("wb") as fh:  # 3 GB on paper, nothing on disk
        fh.truncate(3 * 2**30)


SPECIAL: dict[str, Callable[[Path], None]] = {
    "fifo": _fifo,
    "dev-zero": _dev_zero,
    "sparse-3GB": _sparse,
}
NEEDLE = {"fifo": "not a regular file", "dev-zero": "not a regular file", "sparse-3GB": "too large"}


def _within(seconds: float, fn: Callable[[], object]) -> object:
    """Run fn in a thread; fail (instead of hanging the suite) if it blocks."""
    out: list[object] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            out.append(fn())
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            errors.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "blocked on a special file"
    if errors:
        raise errors[0]
    return out[0] if out else None


@pytest.mark.parametrize("kind", list(SPECIAL))
def test_the_reader_refuses_special_files_at_once(tmp_path, kind) -> None:
    p = tmp_path / "x.json"
    SPECIAL[kind](p)
    with pytest.raises(FileRefused) as err:
        _within(10, lambda: read_bounded(p, 1000, "save"))
    assert str(p) in str(err.value) and NEEDLE[kind] in str(err.value)


def test_the_reader_names_missing_files_and_folders(tmp_path) -> None:
    with pytest.raises(FileRefused) as err:
        read_bounded(tmp_path / "nope", 10, "save")
    assert err.value.missing and "no such save" in str(err.value)
    with pytest.raises(FileRefused) as err:
        read_bounded(tmp_path, 10, "save")
    assert "is a folder, not a save" in str(err.value) and not err.value.missing
    long = tmp_path / ("x" * 300) / "settings.json"
    assert "too long" in (path_problem(long) or "")
    with pytest.raises(FileRefused) as err:
        read_bounded(long, 10)
    assert "too long (300 bytes" in str(err.value)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('{"a": ' + HUGE_INT + "}", "more than 4300 digits"),
        ("[" * 100_000, "nested too deeply"),
        ("{", "invalid JSON at line 1"),
        ("\xff", "invalid JSON"),
    ],
)
def test_every_json_failure_is_one_error(tmp_path, text, needle) -> None:
    p = tmp_path / "f.json"
    p.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(FileRefused) as err:
        load_json(p, 10**7)
    assert needle in str(err.value) and str(p) in str(err.value)


def test_shown_escapes_terminal_controls() -> None:
    assert shown("a\x1b[2Jb\u202ec\x00") == "a\\x1b[2Jb\\u202ec\\x00"
    assert len(shown("x" * 1000, 50)) == 50


# --- config files -------------------------------------------------------------
@pytest.mark.parametrize("kind", list(SPECIAL))
@pytest.mark.parametrize("name", ["settings.json", "mods.json"])
def test_special_config_files_give_defaults_and_a_warning(env, kind, name) -> None:
    path = env / "config" / name
    SPECIAL[kind](path)
    if name == "settings.json":
        s, warnings = _within(10, lambda: load_settings(path))  # type: ignore[misc]
        assert s == Settings()
    else:
        cfg, warnings = _within(10, read_mod_config)  # type: ignore[misc]
        assert cfg == {"enabled": [], "order": []}
    assert len(warnings) == 1 and str(path) in warnings[0], warnings
    assert not list((env / "config").glob("*.broken"))  # nothing worth keeping


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_the_game_starts_headless_with_a_special_mods_json(env, capsys, kind) -> None:
    SPECIAL[kind](env / "config" / "mods.json")
    code, out, err = _within(60, lambda: cli(capsys, "simulate", "--stop-after", "1"))  # type: ignore[misc]
    assert code == 0, err
    assert "mods.json" in err and "not a regular file" in err


def test_huge_integers_in_config_files(env) -> None:
    cfg = env / "config"
    (cfg / "settings.json").write_text('{"ui_scale": ' + HUGE_INT + "}", encoding="utf-8")
    (cfg / "mods.json").write_text('{"enabled": [' + HUGE_INT + "]}", encoding="utf-8")
    s, warnings = load_settings(cfg / "settings.json")
    assert s == Settings() and "more than 4300 digits" in warnings[0]
    assert (cfg / "settings.json.broken").exists()  # a hand edit: kept
    conf, warnings = read_mod_config()
    assert conf["enabled"] == [] and "more than 4300 digits" in warnings[0]


def test_a_config_folder_with_a_300_character_part(tmp_path, monkeypatch, capsys) -> None:
    cfg = tmp_path / ("c" * 300)
    monkeypatch.setenv("SMYCHKA_CONFIG_DIR", str(cfg))
    monkeypatch.setenv("SMYCHKA_SAVES_DIR", str(tmp_path / "saves"))
    s, warnings = load_settings()
    assert s == Settings() and "too long" in warnings[0]
    conf, warnings = read_mod_config()
    assert conf["enabled"] == [] and "too long" in warnings[0]
    code, _, err = cli(capsys, "mods", "enable", "example-kibbutz-movement")
    assert code == 2 and "too long" in err and "Traceback" not in err
    code, _, err = cli(capsys, "simulate", "--stop-after", "1")
    assert code == 0, err


# --- content files --------------------------------------------------------------
@pytest.mark.parametrize("kind", list(SPECIAL))
@pytest.mark.parametrize("where", ["cards", "scenarios"])
def test_special_content_files_are_reported_not_read(env, capsys, kind, where) -> None:
    mod = make_mod(env / "mods", "special")
    (mod / "cards" / "ok.toml").write_text(card_toml("special-ok"), encoding="utf-8")
    (mod / "scenarios" / "ok.toml").write_text(scenario_toml("special-ok"), encoding="utf-8")
    bad = mod / where / "bad.toml"
    SPECIAL[kind](bad)
    code, out, err = _within(  # type: ignore[misc]
        60, lambda: cli(capsys, "mods", "validate", "--mods-dir", str(env / "mods"))
    )
    assert code != 0 and "Traceback" not in err
    assert f"{bad}:1:1: error:" in out, out
    # a link to /dev/zero is refused before it is opened: it leads out of the mod
    assert NEEDLE[kind] in out or "leads outside its folder (to /dev/zero)" in out, out


# --- saves ------------------------------------------------------------------------------
@pytest.fixture
def good_save(env: Path, capsys) -> Path:
    code, _, err = cli(capsys, "simulate", "--stop-after", "2", "--save", "good")
    assert code == 0, err
    return env / "saves" / "good.json.gz"


@pytest.mark.parametrize("where", ["header", "body"])
def test_a_huge_integer_in_a_save_is_a_save_error(good_save, env, capsys, where) -> None:
    text = gzip.decompress(good_save.read_bytes()).decode()
    key = '"turn":2' if where == "header" else '"start_season":0'
    assert key in text
    text = text.replace(key, key.split(":")[0] + ":" + HUGE_INT, 1)
    bad = env / "saves" / "huge.json"
    bad.write_text(text, encoding="utf-8")
    code, out, err = cli(capsys, "saves", "list")  # the list (and the menu) survive
    assert code == 0 and "good" in out and "huge" in out
    assert "more than 4300 digits" in out or "checksum" in out
    code, _, err = cli(capsys, "simulate", "--load", "huge")
    assert code == 2 and str(bad) in err and "Traceback" not in err
    from game.persistence import latest_save, load_campaign

    assert latest_save(env / "saves") == good_save
    with pytest.raises(SaveError):
        load_campaign(bad)


@pytest.mark.parametrize("kind", list(SPECIAL))
def test_special_files_in_the_saves_folder(good_save, env, capsys, kind) -> None:
    p = env / "saves" / "special.json.gz"
    SPECIAL[kind](p)
    code, out, _ = _within(30, lambda: cli(capsys, "saves", "list"))  # type: ignore[misc]
    assert code == 0 and "good" in out
    code, _, err = _within(30, lambda: cli(capsys, "simulate", "--load", "special"))  # type: ignore[misc]
    assert code == 2 and NEEDLE[kind] in err and "Traceback" not in err


# --- any bytes at all -------------------------------------------------------------------
@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.binary(max_size=300)
    | st.text(max_size=200).map(str.encode)
    | st.builds(
        lambda pre, digits, post: (pre + "9" * digits + post).encode(),
        st.sampled_from(['{"width": ', '{"enabled": [', "[", '{"ui_scale": -']),
        st.integers(4000, 6000),
        st.sampled_from(["}", "]}", "", "]"]),
    )
)
def test_any_bytes_as_config_files(tmp_path_factory, data) -> None:
    d = tmp_path_factory.mktemp("cfg")
    (d / "settings.json").write_bytes(data)
    (d / "mods.json").write_bytes(data)
    s, _ = load_settings(d / "settings.json")
    assert s.sanitised()[1] == []
    old = os.environ.get("SMYCHKA_CONFIG_DIR")
    os.environ["SMYCHKA_CONFIG_DIR"] = str(d)
    try:
        cfg, _ = read_mod_config()
    finally:
        if old is None:
            del os.environ["SMYCHKA_CONFIG_DIR"]
        else:
            os.environ["SMYCHKA_CONFIG_DIR"] = old
    assert all(isinstance(x, str) for x in cfg["enabled"] + cfg["order"])


# --- configuration files and folders: mutated, thousands of times ---------------------------
def _mutations(base: dict, rng) -> bytes:
    """A valid config file edited at random: a value replaced, a key dropped or added,
    the text cut, bytes flipped, a huge integer or deep nesting spliced in."""
    import copy
    import json

    from tests.persistence.hostile import HOSTILE_VALUES

    data = copy.deepcopy(base)
    r = rng.random()
    keys = list(data)
    if r < 0.5 and keys:
        data[rng.choice(keys)] = rng.choice(HOSTILE_VALUES + [["a", 1], "x" * 10_000])
    elif r < 0.6 and keys:
        del data[rng.choice(keys)]
    elif r < 0.7:
        data[rng.choice(["zz", "width", "enabled", "\x1b"])] = rng.choice(HOSTILE_VALUES)
    text = json.dumps(data)
    if r >= 0.7:
        k = rng.randrange(6)
        if k == 0:
            text = text[: rng.randrange(len(text) + 1)]
        elif k == 1:
            b = bytearray(text.encode())
            for _ in range(rng.randint(1, 4)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            return bytes(b)
        elif k == 2:
            text = text.replace("1", HUGE_INT, 1)
        elif k == 3:
            text = "[" * 50_000 + text + "]" * 50_000
        elif k == 4:
            text = "\ufeff" + text
        else:
            text = json.dumps([data])
    return text.encode("utf-8", "surrogatepass")


def test_thousands_of_mutated_config_files(tmp_path) -> None:
    import random
    from dataclasses import asdict

    from game.ui.settings import save_settings

    rng = random.Random(15)
    good_settings = asdict(Settings(width=1600, height=900, hints_seen=["a"]))
    good_mods = {"enabled": ["example-kibbutz-movement"], "order": ["a", "b"]}
    d = tmp_path / "cfg"
    d.mkdir()
    old = os.environ.get("SMYCHKA_CONFIG_DIR")
    os.environ["SMYCHKA_CONFIG_DIR"] = str(d)
    counts = {"warned": 0, "clean": 0}
    try:
        for _ in range(1000):
            (d / "settings.json").write_bytes(_mutations(good_settings, rng))
            (d / "mods.json").write_bytes(_mutations(good_mods, rng))
            s, w1 = load_settings(d / "settings.json")
            assert s.sanitised()[1] == [] and all(str(d) in w for w in w1)
            assert all("\x1b" not in w for w in w1)
            cfg, w2 = read_mod_config()
            assert all(isinstance(x, str) for x in cfg["enabled"] + cfg["order"])
            counts["warned" if w1 or w2 else "clean"] += 1
            assert save_settings(s, d / "settings.json") is not None  # sane again
            assert load_settings(d / "settings.json")[1] == []
    finally:
        if old is None:
            del os.environ["SMYCHKA_CONFIG_DIR"]
        else:
            os.environ["SMYCHKA_CONFIG_DIR"] = old
    assert counts["warned"] > 500 and counts["clean"] > 0, counts


def _config_dir_variants(tmp: Path) -> dict[str, Path]:
    (tmp / "a-file").write_text("x", encoding="utf-8")
    os.mkfifo(tmp / "a-fifo")
    (tmp / "loop").symlink_to(tmp / "loop")
    (tmp / "to-zero").symlink_to("/dev/zero")
    (tmp / "settings-dir" / "settings.json").mkdir(parents=True)
    (tmp / "settings-dir" / "mods.json").mkdir()
    return {
        "a file": tmp / "a-file",
        "a fifo": tmp / "a-fifo",
        "a link loop": tmp / "loop",
        "a link to /dev/zero": tmp / "to-zero",
        "a 300-character part": tmp / ("p" * 300),
        "a 5000-byte path": tmp / "/".join(["q" * 200] * 25),
        "folders named like the files": tmp / "settings-dir",
        "a file below a file": tmp / "a-file" / "below",
    }


@pytest.mark.parametrize(
    "which",
    [
        "a file", "a fifo", "a link loop", "a link to /dev/zero", "a 300-character part",
        "a 5000-byte path", "folders named like the files", "a file below a file",
    ],
)  # fmt: skip
def test_hostile_config_folders(tmp_path, monkeypatch, capsys, which) -> None:
    target = _config_dir_variants(tmp_path)[which]
    monkeypatch.setenv("SMYCHKA_CONFIG_DIR", str(target))
    monkeypatch.setenv("SMYCHKA_SAVES_DIR", str(tmp_path / "saves"))
    s, _ = _within(10, load_settings)  # type: ignore[misc]
    assert s == Settings()
    cfg, _ = _within(10, read_mod_config)  # type: ignore[misc]
    assert cfg == {"enabled": [], "order": []}
    code, _, err = _within(60, lambda: cli(capsys, "simulate", "--stop-after", "1"))  # type: ignore[misc]
    assert code == 0 and "Traceback" not in err, err
    code, _, err = cli(capsys, "mods", "enable", "example-kibbutz-movement")
    assert code in (0, 2) and "Traceback" not in err, err
