"""Every kind of bad save gives a SaveError naming the file and the problem."""

from __future__ import annotations

import errno
import gzip
import json
import os
from pathlib import Path

import pytest

from game.engine.bots import make_bot
from game.errors import SaveError
from game.persistence import (
    FORMAT_VERSION,
    atomic,
    codec,
    fileformat,
    list_saves,
    load_campaign,
    save_campaign,
)
from game.persistence.migrations import MIGRATIONS, migrate
from tests.persistence.conftest import FakeDeck, played

DATA = Path(__file__).resolve().parent / "data"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"


@pytest.fixture
def good(tmp_path: Path, mid_campaign) -> Path:
    return save_campaign(mid_campaign, tmp_path / "game.json.gz")


def _plain(path: Path) -> dict:
    return json.loads(gzip.decompress(path.read_bytes()))


def _write_doc(path: Path, doc: dict) -> Path:
    path.write_bytes(gzip.compress(json.dumps(doc).encode()))
    return path


def _error(path: Path) -> str:
    with pytest.raises(SaveError) as info:
        load_campaign(path)
    msg = str(info.value)
    assert str(path) in msg, "the message names the file"
    return msg


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9, 0.999])
def test_truncated_gzip(good: Path, keep: float) -> None:
    data = good.read_bytes()
    good.write_bytes(data[: int(len(data) * keep)])
    assert "truncated" in _error(good)


@pytest.mark.parametrize("keep", [0.05, 0.5, 0.99])
def test_truncated_plain_json(tmp_path: Path, good: Path, keep: float) -> None:
    text = gzip.decompress(good.read_bytes())
    p = tmp_path / "plain.json"
    p.write_bytes(text[: int(len(text) * keep)])
    assert "truncated" in _error(p)


@pytest.mark.parametrize("where", [0.2, 0.5, 0.8])
def test_bit_flip_in_gzip(good: Path, where: float) -> None:
    data = bytearray(good.read_bytes())
    data[int(len(data) * where)] ^= 0x10
    good.write_bytes(bytes(data))
    assert "corrupted" in _error(good)


def test_bit_flip_that_still_parses_is_caught_by_checksum(tmp_path: Path, good: Path) -> None:
    text = gzip.decompress(good.read_bytes()).decode()
    i = text.index('"turn":', text.index('"body"')) + len('"turn":')
    assert text[i].isdigit()
    flipped = text[:i] + str((int(text[i]) + 1) % 10) + text[i + 1 :]
    p = tmp_path / "flip.json"
    p.write_text(flipped)
    assert "checksum" in _error(p)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (PNG, "PNG image"),
        (b"PK\x03\x04rest", "ZIP"),
        (b"\x80\x04\x95pickle", "pickle"),
        (b"[1, 2, 3]", "not a Smychka save"),
        (b'{"a": 1}', "not a Smychka save"),
        (b'{"header": {"format": "other"}, "body": {}}', "not a Smychka save"),
        (b"\xff\xfe\x00garbage", "not a Smychka save"),
        (b"hello world", "not a Smychka save"),
        (b"   \n", "not a Smychka save"),
    ],
)
def test_not_a_save(tmp_path: Path, content: bytes, expected: str) -> None:
    p = tmp_path / "x.json"
    p.write_bytes(content)
    assert expected in _error(p)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "no such save" in _error(tmp_path / "nope.json.gz")
    assert "folder" in _error(tmp_path)


def test_wrong_shape_body(tmp_path: Path, good: Path) -> None:
    doc = _plain(good)
    del doc["header"]["body_sha256"]
    for mutate in (
        lambda b: b.pop("state"),
        lambda b: b["state"].pop("rng"),
        lambda b: b["state"]["arrays"]["forms"].update(shape=[2, 2]),
        lambda b: b.update(history=[1, 2]),
        lambda b: b.update(decisions={"policy": {"coercion": 7}}),
        lambda b: b.update(log="x"),
        lambda b: b["state"].update(turn=10_000),
        lambda b: b["state"]["params"].pop("baseline"),  # well-formed but unplayable
        lambda b: b["history"]["rows"][-1].__setitem__(1, "x"),
    ):
        d = json.loads(json.dumps(doc))
        mutate(d["body"])
        assert "damaged" in _error(_write_doc(tmp_path / "w.json.gz", d))


def test_non_finite_numbers_rejected(tmp_path: Path, good: Path) -> None:
    doc = _plain(good)
    del doc["header"]["body_sha256"]
    doc["body"]["state"]["arrays"]["unrest"]["data"][0] = float("nan")
    p = tmp_path / "nan.json"
    p.write_text(json.dumps(doc))  # Python writes NaN, which the JSON reader accepts
    msg = _error(p)
    assert "state.arrays.unrest.data[0]: nan is not a finite number" in msg


def test_newer_format_refused_with_versions(good: Path) -> None:
    doc = _plain(good)
    doc["header"]["format_version"] = FORMAT_VERSION + 5
    doc["header"]["game_version"] = "9.9.0"
    msg = _error(_write_doc(good, doc))
    assert "newer version" in msg and "9.9.0" in msg and str(FORMAT_VERSION + 5) in msg


def test_bad_format_version(good: Path) -> None:
    for v in ("2", 0, None, True, 1.5):
        doc = _plain(good)
        doc["header"]["format_version"] = v
        assert "format_version" in _error(_write_doc(good, doc))


# --- old formats -----------------------------------------------------------------
def test_migrations_form_a_chain() -> None:
    assert sorted(MIGRATIONS) == list(range(1, FORMAT_VERSION))


def test_frozen_first_format_save_loads_and_continues() -> None:
    path = DATA / "format-1.json.gz"
    doc = _plain(path)
    assert doc["header"]["format_version"] == 1, "this file is frozen: never regenerate it"
    res = load_campaign(path)
    assert any("format 1" in w and "upgraded" in w for w in res.warnings)
    camp = res.campaign
    assert camp.state.turn == doc["header"]["turn"] == 6
    assert len(camp.history) == 7 and camp.history[-1]["turn"] == 5
    assert camp.history == doc["body"]["history"]  # format 1 kept rows; nothing lost
    camp.play_bot(make_bot("historical"))
    assert camp.finished and camp.state.turn > 6


def _assert_contains(new, old, where: str) -> None:
    """Everything in `old` is in `new`, equal; `new` may have more keys."""
    if isinstance(old, dict):
        assert isinstance(new, dict), where
        for k, v in old.items():
            assert k in new, f"{where}.{k} was lost"
            _assert_contains(new[k], v, f"{where}.{k}")
    elif isinstance(old, list):
        assert isinstance(new, list) and len(new) == len(old), where
        for i, (a, b) in enumerate(zip(new, old, strict=True)):
            _assert_contains(a, b, f"{where}[{i}]")
    else:
        assert new == old, f"{where}: {old!r} became {new!r}"


@pytest.mark.parametrize("path", sorted(DATA.glob("format-*.json.gz")), ids=lambda p: p.name)
def test_frozen_save_is_restored_without_loss(path: Path) -> None:
    # Whatever the format, the loaded campaign holds everything the file held.
    # (Fields the engine added since, like a new policy lever, come in at their defaults.)
    old = _plain(path)["body"]
    new = json.loads(json.dumps(codec.body_of(load_campaign(path).campaign)))
    for key in ("state", "decisions", "log", "last_report"):
        _assert_contains(new[key], old[key], key)
    rows = old["history"]
    if isinstance(rows, dict):  # format 2 and later: columns
        rows = [dict(zip(rows["columns"], r, strict=True)) for r in rows["rows"]]
    assert codec.history_columns(rows) == new["history"]


def test_migrate_1_to_2_is_plain_data() -> None:
    header = {"format_version": 1}
    body = {"history": [{"turn": -1, "a": 1.0}, {"turn": 0, "a": 2.0, "b": 3.0}]}
    h, b, steps = migrate(header, body, 2)
    assert steps == [2] and h["format_version"] == 2
    assert b["history"] == {"columns": ["turn", "a", "b"], "rows": [[-1, 1.0, None], [0, 2.0, 3.0]]}


# --- the backup ------------------------------------------------------------------
def test_corrupt_main_falls_back_to_bak(tmp_path: Path) -> None:
    path = tmp_path / "g.json.gz"
    early = played(3)
    save_campaign(early, path)
    later = played(5)
    save_campaign(later, path)
    assert load_campaign(path).campaign.state.turn == 5
    assert load_campaign(atomic.backup_path(path)).campaign.state.turn == 3
    path.write_bytes(path.read_bytes()[:100])
    res = load_campaign(path)
    assert res.campaign.state.turn == 3
    assert "truncated" in res.warnings[0] and "g.json.gz.bak" in res.warnings[0]
    info = {i.name: i for i in list_saves(tmp_path)}["g"]
    assert info.loadable and "backup" in info.problem
    atomic.backup_path(path).write_bytes(b"junk")
    assert "truncated" in _error(path)


# --- mods and cards --------------------------------------------------------------
def test_missing_and_changed_mods_warn_and_drop_pending(tmp_path: Path, monkeypatch) -> None:
    deck = FakeDeck(
        mods=[
            {"id": "base", "version": "1", "sha256": "aa"},
            {"id": "makhno", "version": "2.0", "sha256": "bb"},
            {"id": "kibbutz", "version": "1.0", "sha256": "cc"},
        ]
    )
    camp = played(7, seed=3, deck=deck)  # turn 7 draws mod-x (pending)
    assert "mod-x" in [i.card.id for i in camp.pending]
    path = save_campaign(camp, tmp_path / "m.json.gz")
    now = FakeDeck(
        mods=[
            {"id": "base", "version": "1", "sha256": "aa"},
            {"id": "kibbutz", "version": "1.1", "sha256": "dd"},
        ],
        cards=("base-a", "base-b"),  # the makhno mod's card is gone
    )
    monkeypatch.setattr(codec, "_make_deck", lambda dirs: now)
    res = load_campaign(path)
    text = "\n".join(res.warnings)
    assert "'makhno' 2.0" in text and "not installed" in text
    assert "'kibbutz' 1.0" in text and "changed" in text
    assert "pending card 'mod-x'" in text and "dropped" in text
    assert "mod-x" not in [i.card.id for i in res.campaign.pending]
    assert "'base'" not in text
    res.campaign.play_bot(make_bot("historical"))  # and it plays on
    assert res.campaign.finished


def test_cards_unavailable_is_a_warning(tmp_path: Path, monkeypatch) -> None:
    path = save_campaign(played(2, deck=FakeDeck()), tmp_path / "c.json.gz")

    from game.errors import ContentError

    def no_cards(dirs):  # the card files cannot be read (an install without its assets)
        raise ContentError("no card files in assets/cards")

    monkeypatch.setattr(codec, "_make_deck", no_cards)
    res = load_campaign(path)
    assert res.campaign.deck is None and res.campaign.pending == []
    assert "could not be loaded (no card files" in res.warnings[0]
    assert "continues without them" in res.warnings[0]


def test_scenario_from_missing_mod_still_loads(good: Path) -> None:
    doc = _plain(good)
    del doc["header"]["body_sha256"]
    doc["body"]["state"]["scenario_id"] = "mods-only-scenario"
    res = load_campaign(_write_doc(good, doc))
    assert res.campaign.scenario.id == "mods-only-scenario"
    assert "not installed" in res.warnings[0]
    res.campaign.play_bot(make_bot("historical"), max_turns=2)


# --- writing failures ------------------------------------------------------------
def _fail(code: int):
    def boom(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return boom


@pytest.mark.parametrize("target", ["replace", "write"])
def test_disk_full_keeps_old_save(tmp_path: Path, monkeypatch, target: str) -> None:
    path = tmp_path / "g.json.gz"
    save_campaign(played(2), path)
    before = path.read_bytes()
    if target == "replace":
        monkeypatch.setattr(atomic.os, "replace", _fail(errno.ENOSPC))
    else:
        monkeypatch.setattr(atomic.os, "fsync", _fail(errno.ENOSPC))
    with pytest.raises(SaveError, match="disk is full") as info:
        save_campaign(played(4), path)
    assert str(path) in str(info.value) and "untouched" in str(info.value)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert load_campaign(path).campaign.state.turn == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_unwritable_folder(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "g.json.gz"
    save_campaign(played(1), path)
    before = path.read_bytes()
    real_open = open

    def guarded_open(file, mode="r", *a, **k):
        if "w" in mode and str(file).startswith(str(tmp_path)):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr("builtins.open", guarded_open)
    with pytest.raises(SaveError, match="not writable"):
        save_campaign(played(3), path)
    monkeypatch.undo()
    assert path.read_bytes() == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores chmod")
def test_read_only_folder_for_real(tmp_path: Path) -> None:
    path = tmp_path / "g.json.gz"
    save_campaign(played(1), path)
    before = path.read_bytes()
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(SaveError, match="not writable"):
            save_campaign(played(2), path)
    finally:
        tmp_path.chmod(0o755)
    assert path.read_bytes() == before


def test_encode_refuses_nan() -> None:
    with pytest.raises(ValueError):
        fileformat.encode({"format": "smychka-save"}, {"x": float("nan")})


def test_newer_save_never_falls_back_to_older_backup(tmp_path: Path) -> None:
    path = tmp_path / "g.json.gz"
    save_campaign(played(1), path)
    save_campaign(played(2), path)
    doc = _plain(path)
    doc["header"]["format_version"] = FORMAT_VERSION + 1
    _write_doc(path, doc)
    assert "newer version" in _error(path)
    info = {i.name: i for i in list_saves(tmp_path)}["g"]
    assert not info.loadable and "newer version" in info.problem


def test_base_content_change_is_named_as_such() -> None:
    saved = [{"id": "base", "version": "0.1.0", "sha256": "a"}]
    now = [{"id": "base", "version": "0.1.1", "sha256": "b"}]
    (w,) = codec.compare_content(saved, now)
    assert "game's own cards have changed" in w
    assert codec.compare_content(saved, saved) == []
    assert codec.compare_content([{"id": "m"}, "junk"], []) == [
        "mod 'm' used by this save is not installed or not enabled: its cards are left out"
    ]


def test_listing_does_not_build_campaigns(tmp_path: Path, monkeypatch, mid_campaign) -> None:
    save_campaign(mid_campaign, tmp_path / "a.json.gz")

    def no_building(*args, **kwargs):
        raise AssertionError("list_saves must read headers only")

    monkeypatch.setattr(codec, "campaign_from", no_building)
    (info,) = list_saves(tmp_path)
    assert info.loadable and info.turn == mid_campaign.state.turn


def test_oversized_and_inflating_files(tmp_path: Path, monkeypatch, good: Path) -> None:
    monkeypatch.setattr(fileformat, "MAX_BYTES", 30_000)  # this 9-turn save is ~40 kB of JSON
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 40_000)
    assert "too large" in _error(big)
    bomb = tmp_path / "bomb.json.gz"
    bomb.write_bytes(gzip.compress(b"{" + b" " * 200_000))  # 200 kB from a few hundred bytes
    assert bomb.stat().st_size < 2_000
    assert "too large" in _error(bomb)
    assert "too large" in _error(good)


@pytest.mark.parametrize("path", sorted(DATA.glob("format-*.json.gz")), ids=lambda p: p.name)
def test_every_frozen_save_loads_and_plays_to_the_end(path: Path) -> None:
    doc = _plain(path)
    res = load_campaign(path)
    # Allowed: the upgrade note, and notes that content changed since it was frozen
    # (a base card removed since would be dropped from the pending ones, with a note).
    for w in res.warnings:
        assert "upgraded" in w or "changed" in w or "dropped" in w, w
    camp = res.campaign
    assert camp.state.turn == doc["header"]["turn"]
    if doc["body"].get("cards"):
        assert camp.deck is not None
        pending = doc["body"]["cards"]["pending"]
        assert [i.card.id for i in camp.pending] == [
            cid for cid in pending if cid in camp.deck.cards
        ]
    camp.play_bot(make_bot("historical"))
    assert camp.finished


@pytest.mark.parametrize("doc", [b'{"a":' + b"[" * 200_000, b'{"header":{"a":' + b"[" * 200_000])
def test_deeply_nested_json(tmp_path: Path, doc: bytes) -> None:
    p = tmp_path / "deep.json"
    p.write_bytes(doc)
    assert "nested too deeply" in _error(p) or "truncated" in _error(p)
