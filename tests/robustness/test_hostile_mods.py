"""Broken and hostile mods enabled at start: each is left out with its problems named
by file:line, nothing in them runs, and the game and `simulate` carry on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import game.cards.mods as mods_mod
from game.cards.content import load_content
from tests.robustness.conftest import card_toml, cli, make_mod

MARKER = "pwned-by-mod"


def _hostile_mods(root: Path, tmp: Path) -> dict[str, str]:
    """Write one mod per kind of trouble; returns {mod id: text its problem contains}."""
    bad = make_mod(root, "bad-toml")
    (bad / "cards" / "a.toml").write_text("[[card]\nid = 'x'\n", encoding="utf-8")

    evil = make_mod(root, "evil")
    payload = f"__import__('os').system('touch {tmp / MARKER}')"
    (evil / "cards" / "a.toml").write_text(card_toml("evil-card", payload), encoding="utf-8")
    evil2 = make_mod(root, "evil-dunder")
    (evil2 / "cards" / "a.toml").write_text(
        card_toml("evil-dunder-card", "().__class__.__bases__[0]"), encoding="utf-8"
    )

    big = make_mod(root, "huge")
    with (big / "cards" / "a.toml").open("wb") as fh:  # 50 MB, sparse: cheap to make
        fh.truncate(50 * 1024 * 1024)

    outside = tmp / "outside.toml"
    outside.write_text(card_toml("outside-card"), encoding="utf-8")
    sym = make_mod(root, "symlinked")
    (sym / "cards" / "a.toml").symlink_to(outside)

    make_mod(root, "self-dep", 'dependencies = ["self-dep"]')
    make_mod(root, "ring-a", 'dependencies = ["ring-b"]')
    make_mod(root, "ring-b", 'dependencies = ["ring-a"]')
    make_mod(root, "escape", 'card_dirs = ["../../"]')
    return {
        "bad-toml": "not valid TOML",
        "evil": "names starting with '_' are not allowed",
        "evil-dunder": "not allowed",
        "huge": "file too large",
        "symlinked": "leads outside its folder",
        "self-dep": "dependency cycle: self-dep -> self-dep",
        "ring-a": "dependency cycle",
        "ring-b": "dependency cycle: ring-a -> ring-b -> ring-a",
        "escape": "leads outside the mod folder",
    }


@pytest.fixture
def hostile(env: Path) -> tuple[Path, dict[str, str]]:
    root = env / "mods"
    root.mkdir()
    good = make_mod(root, "good")
    (good / "cards" / "a.toml").write_text(card_toml("good-card"), encoding="utf-8")
    return root, _hostile_mods(root, env)


def test_each_hostile_mod_is_left_out_with_file_and_line(hostile, env) -> None:
    root, expected = hostile
    content = load_content([root])
    loaded = {m.id for m in content.loaded_mods}
    assert loaded == {"good"}
    assert "good-card" in content.cards
    for mod_id, needle in expected.items():
        probs = [p for p in content.problems if p.is_error and f"/{mod_id}/" in p.path]
        assert probs, mod_id
        assert any(needle in p.message for p in probs), (mod_id, [str(p) for p in probs])
        assert all(p.line >= 1 and Path(p.path).is_absolute() for p in probs)
    assert not (env / MARKER).exists()  # the payload never ran
    assert not any(cid.startswith(("evil", "outside")) for cid in content.cards)


def test_broken_toml_problem_points_at_the_line(hostile) -> None:
    root, _ = hostile
    content = load_content([root])
    (p,) = [p for p in content.problems if p.path.endswith("bad-toml/cards/a.toml")]
    assert p.line == 1 and p.col > 1 and "[[card]" in p.source_line


def test_simulate_runs_with_hostile_mods_and_warns(hostile, env, capsys) -> None:
    root, expected = hostile
    code, out, err = cli(capsys, "simulate", "--mods-dir", str(root), "--stop-after", "3")
    assert code == 0, err
    assert "Traceback" not in err
    for mod_id in expected:
        assert f"mod '{mod_id}' was left out because of errors" in err
    assert not (env / MARKER).exists()


def test_mods_validate_lists_every_problem_and_exits_1(hostile, capsys) -> None:
    root, expected = hostile
    code, out, err = cli(capsys, "mods", "validate", "--mods-dir", str(root), "--json")
    assert code == 1
    problems = json.loads(out)
    for mod_id in expected:
        assert any(f"/{mod_id}/" in p["path"] for p in problems), mod_id


def test_hostile_mods_enabled_in_mods_json_at_start(hostile, env, monkeypatch, capsys) -> None:
    # as if they were in the project's mods/ folder and the player had enabled them all
    root, expected = hostile
    monkeypatch.setattr(mods_mod, "PROJECT_MODS_DIR", root)
    enabled = ["good", *expected]
    (env / "config" / "mods.json").write_text(json.dumps({"enabled": enabled}), encoding="utf-8")
    found = {m.id: m for m in mods_mod.discover_mods()}
    assert all(found[i].enabled for i in enabled)
    code, out, err = cli(capsys, "simulate", "--stop-after", "2", "--json")
    assert code == 0, err
    assert "good-card" not in err
    assert "mod 'evil' was left out" in err and "mod 'good' was" not in err
    assert json.loads(out)["turns"] == 2


def test_the_ui_starts_only_the_mods_that_load(hostile, env, monkeypatch) -> None:
    from game.ui import session

    root, expected = hostile
    monkeypatch.setattr(mods_mod, "PROJECT_MODS_DIR", root)
    enabled = ["good", *expected]
    (env / "config" / "mods.json").write_text(json.dumps({"enabled": enabled}), encoding="utf-8")
    # manifest-level problems (cycles, escaping folders) keep a mod off the list at once
    dirs = {p.name for p in session.mod_dirs(None)}  # type: ignore[arg-type]
    assert "good" in dirs
    assert not dirs & {"self-dep", "ring-a", "ring-b", "escape"}
    deck = session.make_deck([root / d for d in sorted(dirs)])
    assert "good-card" in deck.content.cards
    assert not any(cid.startswith(("evil", "outside")) for cid in deck.content.cards)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "\\u001b[2J\\u001b[31mRED"),  # clears a terminal, paints it red
        ("description", "safe\\u202eexe.txt"),  # right-to-left override
        ("name", "bell\\b"),
    ],
)
def test_control_characters_in_mod_text_are_refused(env, capsys, field, value) -> None:
    root = env / "mods"
    mod = make_mod(root, "shouty")
    text = (mod / "mod.toml").read_text(encoding="utf-8")
    text = text.replace('name = "shouty"\n', "") + f'{field} = "{value}"\n'
    (mod / "mod.toml").write_text(text, encoding="utf-8")
    code, out, err = cli(capsys, "mods", "list", "--mods-dir", str(root))
    assert code == 0 and "\x1b" not in out and "\u202e" not in out
    code, out, _ = cli(capsys, "mods", "validate", "--mods-dir", str(root))
    assert code == 1
    assert f"{mod / 'mod.toml'}:4:1: error: text holds the control character" in out


def test_card_text_with_an_escape_sequence_is_refused(env) -> None:
    root = env / "mods"
    mod = make_mod(root, "inky")
    text = card_toml("inky-card").replace(
        'title = "A test card"', 'title = "\\u001b]0;owned\\u0007"'
    )
    (mod / "cards" / "a.toml").write_text(text, encoding="utf-8")
    content = load_content([root])
    assert "inky-card" not in content.cards
    (p,) = [p for p in content.problems if p.path.endswith("a.toml")]
    assert "control character U+001B" in p.message and "title" in p.source_line


def test_ordinary_escapes_and_crlf_files_still_load(env) -> None:
    root = env / "mods"
    mod = make_mod(root, "polite")
    text = card_toml("polite-card").replace('body = "Text."', 'body = "Caf\\u00e9\\tand\\nmore."')
    (mod / "cards" / "a.toml").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    content = load_content([root])
    assert content.cards["polite-card"].spec.text.body == "Café\tand\nmore."


def test_starting_a_campaign_with_a_broken_mod_tells_the_player(hostile, env) -> None:
    from game.ui import session
    from tests.robustness.test_removed_mod_saves import FakeApp

    root, _ = hostile
    app = FakeApp()
    session.start_new(app, "great-turn-1928", 1, "normal", [root / "good", root / "evil"])  # type: ignore[arg-type]
    assert app.scene == "campaign" and app.campaign is not None
    assert "good-card" in app.campaign.deck.content.cards
    ((title, text),) = app.messages
    assert title == "Some mods were left out"
    assert f"Mod 'evil' was left out: {root / 'evil' / 'cards' / 'a.toml'}:" in text
    assert "names starting with '_' are not allowed" in text
    assert "'good'" not in text
    assert not (env / MARKER).exists()


def test_starting_with_good_mods_shows_no_message(hostile) -> None:
    from game.ui import session
    from tests.robustness.test_removed_mod_saves import FakeApp

    root, _ = hostile
    app = FakeApp()
    session.start_new(app, "great-turn-1928", 1, "normal", [root / "good"])  # type: ignore[arg-type]
    assert app.messages == [] and app.scene == "campaign"


def test_the_game_window_starts_with_hostile_mods_enabled(hostile, env) -> None:
    import os
    import subprocess
    import sys

    from tests.robustness.conftest import ROOT

    root, expected = hostile
    enabled = ["good", *expected]
    (env / "config" / "mods.json").write_text(json.dumps({"enabled": enabled}), encoding="utf-8")
    # the project's mods/ folder is pointed at the hostile ones for this one process
    code = (
        "import sys, pathlib, game.cards.mods as m; "
        f"m.PROJECT_MODS_DIR = pathlib.Path({str(root)!r}); "
        "from game.cli import main; sys.exit(main(['--frames', '5']))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
        env=dict(os.environ, SDL_VIDEODRIVER="dummy"),
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert not (env / MARKER).exists()
