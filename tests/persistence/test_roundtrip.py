"""A save holds the whole campaign: loading it and playing on is as if it never stopped."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from game.engine.bots import make_bot
from game.errors import SaveError
from game.persistence import (
    FORMAT_VERSION,
    autosave,
    codec,
    latest_save,
    list_saves,
    load_campaign,
    named_save,
    quickload,
    quicksave,
    sanitise_name,
    save_campaign,
    saves_dir,
)
from tests.persistence.conftest import FakeDeck, body_json, played


def test_round_trip_keeps_everything(tmp_path: Path, mid_campaign) -> None:
    path = save_campaign(mid_campaign, tmp_path / "a.json.gz")
    res = load_campaign(path)
    assert res.warnings == []
    camp = res.campaign
    assert camp.state.state_hash() == mid_campaign.state.state_hash()
    assert body_json(camp) == body_json(mid_campaign)
    assert camp.history == mid_campaign.history
    assert camp.log == mid_campaign.log
    assert camp.decisions == mid_campaign.decisions
    assert camp.last_report.to_dict() == mid_campaign.last_report.to_dict()
    assert camp.scenario.id == mid_campaign.scenario.id


def test_file_is_gzip_json_with_header_first(tmp_path: Path, mid_campaign) -> None:
    path = save_campaign(mid_campaign, tmp_path / "a.json.gz")
    raw = path.read_bytes()
    assert raw[:2] == b"\x1f\x8b"
    text = gzip.decompress(raw).decode()
    assert text.startswith('{"header":{"format":"smychka-save"')
    doc = json.loads(text)
    h = doc["header"]
    assert h["format_version"] == FORMAT_VERSION
    assert h["scenario"] == "great-turn-1928" and h["turn"] == 9 and h["seed"] == 2
    assert h["difficulty"] == "normal" and h["date_label"] == mid_campaign.state.date_label
    assert set(doc["body"]) >= {"state", "history", "log", "decisions", "last_report", "cards"}
    assert doc["body"]["state"]["rng"]["bit_generator"] == "PCG64"


def test_plain_json_save_loads_too(tmp_path: Path, mid_campaign) -> None:
    gz = save_campaign(mid_campaign, tmp_path / "a.json.gz")
    plain = tmp_path / "b.json"
    plain.write_bytes(gzip.decompress(gz.read_bytes()))
    assert load_campaign(plain).campaign.state.state_hash() == mid_campaign.state.state_hash()


def test_reformatted_json_without_checksum_loads(tmp_path: Path, mid_campaign) -> None:
    gz = save_campaign(mid_campaign, tmp_path / "a.json.gz")
    doc = json.loads(gzip.decompress(gz.read_bytes()))
    del doc["header"]["body_sha256"]
    hand = tmp_path / "hand.json"
    hand.write_text(json.dumps(doc, indent=2))
    assert load_campaign(hand).campaign.state.state_hash() == mid_campaign.state.state_hash()


@pytest.mark.parametrize("bot", ["historical", "voluntary-supported"])
def test_continued_run_equals_uninterrupted(tmp_path: Path, bot: str) -> None:
    whole = played(0, seed=4)
    whole.play_bot(make_bot(bot))
    first = played(0, seed=4)
    first.play_bot(make_bot(bot), max_turns=13)
    path = save_campaign(first, tmp_path / "mid.json.gz")
    cont = load_campaign(path).campaign
    cont.play_bot(make_bot(bot))
    assert cont.finished
    assert cont.state.state_hash() == whole.state.state_hash()
    assert cont.history == whole.history and cont.log == whole.log


def test_saved_twice_identical_body(tmp_path: Path, mid_campaign) -> None:
    a = load_campaign(save_campaign(mid_campaign, tmp_path / "a.json.gz")).campaign
    b = load_campaign(save_campaign(a, tmp_path / "b.json.gz")).campaign
    assert body_json(a) == body_json(b)


def test_cards_round_trip_with_pending(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(codec, "_make_deck", lambda dirs: FakeDeck())
    first = played(6, seed=5, deck=FakeDeck())
    assert len(first.pending) == 2, "the fake deck draws two cards a turn"
    first.choose(first.pending[0].card.id, 1)  # one answered before the save, one pending
    path = save_campaign(first, tmp_path / "c.json.gz")
    res = load_campaign(path)
    assert res.warnings == []
    cont = res.campaign
    assert [i.card.id for i in cont.pending] == [i.card.id for i in first.pending]
    assert len(cont.pending) == 1 and cont.choices == first.choices == [
        {"card": first.deck.cards[6 % 3], "option": 1}
    ]
    assert cont.deck.state_dict() == first.deck.state_dict()
    # ...and the pending card is answered on the next turn exactly as it would have been.
    first.play_bot(make_bot("historical"))
    cont.play_bot(make_bot("historical"))
    assert cont.state.state_hash() == first.state.state_hash()
    assert cont.cards_drawn() == first.cards_drawn()


def test_continued_run_with_cards_equals_uninterrupted(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(codec, "_make_deck", lambda dirs: FakeDeck())
    whole = played(0, seed=6, deck=FakeDeck())
    whole.play_bot(make_bot("historical"))
    first = played(11, seed=6, deck=FakeDeck())
    cont = load_campaign(save_campaign(first, tmp_path / "c.json.gz")).campaign
    cont.play_bot(make_bot("historical"))
    assert cont.state.state_hash() == whole.state.state_hash()
    assert cont.cards_drawn() == whole.cards_drawn()


# --- slots ---------------------------------------------------------------------
def test_saves_dir_precedence(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SMYCHKA_SAVES_DIR", str(tmp_path / "env"))
    assert saves_dir(tmp_path / "flag") == tmp_path / "flag"
    assert (tmp_path / "flag").is_dir()
    assert saves_dir() == tmp_path / "env"
    monkeypatch.delenv("SMYCHKA_SAVES_DIR")
    assert saves_dir() == Path(__file__).resolve().parents[2] / "saves"


def test_quicksave_quickload(saves: Path, mid_campaign) -> None:
    with pytest.raises(SaveError, match="no quicksave"):
        quickload()
    p = quicksave(mid_campaign)
    assert p == saves / "quicksave.json.gz"
    assert quickload().campaign.state.state_hash() == mid_campaign.state.state_hash()


def test_autosave_keeps_last_three_newest_first(saves: Path) -> None:
    camp = played(0, seed=1)
    turns = []
    for _ in range(5):
        camp.play_bot(make_bot("historical"), max_turns=1)
        autosave(camp)
        turns.append(camp.state.turn)
    names = sorted(p.name for p in saves.iterdir())
    assert names == ["autosave-1.json.gz", "autosave-2.json.gz", "autosave-3.json.gz"]
    got = [load_campaign(saves / f"autosave-{i}.json.gz").campaign.state.turn for i in (1, 2, 3)]
    assert got == turns[::-1][:3]


def test_named_save_sanitises(saves: Path, mid_campaign) -> None:
    p = named_save(mid_campaign, "../../etc/passwd")
    assert p.parent == saves and ".." not in p.name and "/" not in p.stem
    p2 = named_save(mid_campaign, "Коллектив: весна 1930")
    assert p2.parent == saves and p2.name.startswith("Коллектив_ весна 1930")
    assert load_campaign(p2).campaign.state.turn == mid_campaign.state.turn
    for bad in ("", "..", "/", " . "):
        with pytest.raises(SaveError):
            sanitise_name(bad)
    assert sanitise_name("a\\b/c") == "a_b_c"
    assert sanitise_name("mine.json.gz") == "mine"


def test_list_saves_reads_headers_and_flags_problems(saves: Path, mid_campaign) -> None:
    a = named_save(mid_campaign, "good")
    os.utime(a, (1_000_000, 1_000_000))
    (saves / "broken.json.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (saves / "notes.txt").write_text("not listed")
    quicksave(mid_campaign)
    infos = list_saves()
    assert [i.name for i in infos][-1] == "good"  # oldest last
    by = {i.name: i for i in infos}
    assert set(by) == {"good", "broken", "quicksave"}
    g = by["good"]
    assert (g.scenario, g.turn, g.date_label, g.loadable, g.problem) == (
        "great-turn-1928",
        9,
        mid_campaign.state.date_label,
        True,
        None,
    )
    assert g.game_version and g.modified == 1_000_000
    assert g.scenario_name == mid_campaign.scenario.name and g.outcome is None
    assert not by["broken"].loadable and "broken.json.gz" in by["broken"].problem
    assert latest_save() == saves / "quicksave.json.gz"


def test_latest_save_skips_unloadable(saves: Path, mid_campaign) -> None:
    assert latest_save() is None
    good = named_save(mid_campaign, "good")
    os.utime(good, (1_000_000, 1_000_000))
    (saves / "newer-but-broken.json").write_text("{}")
    assert latest_save() == good


def test_every_campaign_field_is_saved() -> None:
    # A new Campaign field must be added to the save (and to this list), or a
    # reloaded campaign would silently lose it.
    from dataclasses import fields

    from game.campaign import Campaign

    saved = {"state", "scenario", "decisions", "history", "log", "last_report", "region_years"}
    saved |= {"kept_reports"}  # optional in the body: older saves lack it
    with_cards = {"deck", "pending", "choices", "card_memory"}  # card_memory: in cards.state
    timeline = {"campaign_id", "parent", "ironman", "relatives"}  # in body.timeline
    # replay_baseline is not saved on purpose: None after a load makes the next card
    # answer log the decisions it was made under, which keeps the replay exact.
    # The undo stack is the season being played in this sitting: a load starts afresh.
    not_saved = {"replay_baseline", "undo_actions", "redo_actions", "season_start"}
    # keeps_log=False is the lab's campaign, played for its result row and never saved.
    not_saved |= {"keeps_log"}
    assert {f.name for f in fields(Campaign)} == saved | with_cards | timeline | not_saved
