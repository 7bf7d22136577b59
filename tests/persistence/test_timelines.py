"""Branches and ironman in saves: a branch knows its parent and the turn it left it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from game.campaign import Campaign
from game.engine.bots import make_bot
from game.errors import DecisionError, SaveError
from game.persistence import replay as R
from game.persistence.store import load_campaign, save_campaign

DATA = Path(__file__).resolve().parent / "data"


def _camp(ironman: bool = False, turns: int = 5) -> Campaign:
    camp = Campaign.new("great-turn-1928", seed=2, ironman=ironman)
    camp.play_bot(make_bot("historical", 2), max_turns=turns)
    return camp


def _header(path: Path) -> dict:
    return json.loads(gzip.decompress(path.read_bytes()))["header"]


def test_old_saves_are_originals_without_branches() -> None:
    camp = load_campaign(DATA / "format-3.json.gz").campaign
    assert camp.parent is None and not camp.ironman and camp.mode == "normal"


def test_frozen_format_4_branch_keeps_its_parent() -> None:
    camp = load_campaign(DATA / "format-4.json.gz").campaign
    assert camp.parent == {"id": "0123456789ab", "turn": 4} and camp.mode == "branch"
    assert _header(DATA / "format-4.json.gz")["mode"] == "branch"


def test_saves_say_which_they_are(tmp_path: Path) -> None:
    for ironman, mode in ((True, "ironman"), (False, "normal")):
        camp = _camp(ironman)
        path = save_campaign(camp, tmp_path / f"{mode}.json.gz")
        assert _header(path)["mode"] == mode
        back = load_campaign(path).campaign
        assert back.ironman is ironman and back.campaign_id == camp.campaign_id


def test_a_branch_saved_beside_its_original_knows_parent_and_turn(tmp_path: Path) -> None:
    from game.cli import main

    orig = _camp(turns=8)
    save = save_campaign(orig, tmp_path / "orig.json.gz")
    rp = tmp_path / "orig.replay.json"
    assert main(["replay", "export", str(save), str(rp)]) == 0
    out = tmp_path / "orig-branch-5.json.gz"
    assert main(["replay", "branch", str(rp), "--at", "5", "--save", str(out)]) == 0
    branch = load_campaign(out).campaign
    assert branch.parent == {"id": orig.campaign_id, "turn": 5}
    assert branch.campaign_id != orig.campaign_id and _header(out)["mode"] == "branch"


def test_ironman_refuses_branching_with_a_clear_message(tmp_path: Path, capsys) -> None:
    from game.cli import main

    camp = _camp(ironman=True)
    with pytest.raises(DecisionError, match="ironman campaign: it cannot be branched"):
        camp.check_may_branch()
    with pytest.raises(R.ReplayError, match="ironman campaign: it cannot be branched"):
        R.branch(R.replay_of(camp), 2)
    rp = R.write_replay(R.replay_of(camp), tmp_path / "i.json")
    assert main(["replay", "branch", str(rp), "--at", "2", "--save", str(tmp_path / "b")]) == 2
    assert "ironman" in capsys.readouterr().err


def test_a_damaged_timeline_is_refused(tmp_path: Path) -> None:
    from game.persistence import codec, fileformat

    camp = _camp()
    body = codec.body_of(camp)
    body["timeline"]["parent"] = {"id": "x", "turn": 999}
    path = tmp_path / "bad.json"
    path.write_bytes(fileformat.encode(codec.header_of(camp), body, compress=False))
    with pytest.raises(SaveError, match="bad.json.*timeline.parent.turn"):
        load_campaign(path)


def test_the_saves_list_says_which_they_are(tmp_path: Path, capsys) -> None:
    from game.cli import main
    from game.persistence.slots import list_saves

    save_campaign(_camp(ironman=True), tmp_path / "iron.json.gz")
    save_campaign(_camp(), tmp_path / "plain.json.gz")
    modes = {s.name: s.mode for s in list_saves(tmp_path)}
    assert modes == {"iron": "ironman", "plain": "normal"}
    assert main(["saves", "list", "--saves-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "mode" in out.splitlines()[0] and "ironman" in out


def test_a_branch_keeps_its_family_through_a_save(tmp_path: Path) -> None:
    """The timelines a branch knows of (the one it left, and those that one knew) are
    saved with it: the charts overlay them after a restart."""
    orig = _camp(turns=8)
    first = R.branch(R.replay_of(orig), 3, ["policy.quota = 0.2"], parent=orig).campaign
    first.play_bot(make_bot("historical", 2), max_turns=2)
    second = R.branch(R.replay_of(first), 4, parent=first).campaign
    assert [r.id for r in second.relatives] == [orig.campaign_id, first.campaign_id]
    assert second.relatives[0].history == orig.history
    back = load_campaign(save_campaign(second, tmp_path / "b.json.gz")).campaign
    assert [(r.id, r.label, r.parent) for r in back.relatives] == [
        (r.id, r.label, r.parent) for r in second.relatives
    ]
    assert back.relatives[1].history == [dict(r) for r in first.history]
    assert back.relatives[1].score == pytest.approx(first.score().total)


def test_a_command_line_branch_records_the_whole_original(tmp_path: Path) -> None:
    orig = _camp(turns=8)
    done = R.branch(R.replay_of(orig), 5)  # no live parent: the replay is played out
    [rel] = done.campaign.relatives
    assert rel.id == orig.campaign_id and rel.history == orig.history
    assert rel.label == "The original" and rel.date == orig.state.date_label


def test_damaged_relatives_are_dropped_with_a_warning(tmp_path: Path) -> None:
    from game.persistence import codec, fileformat

    orig = _camp(turns=6)
    br = R.branch(R.replay_of(orig), 2, parent=orig).campaign
    body = codec.body_of(br)
    assert body["timeline"]["relatives"][0]["history"]["rows"]
    body["timeline"]["relatives"][0]["history"]["rows"][1][0] = "text"
    path = tmp_path / "bad.json"
    path.write_bytes(fileformat.encode(codec.header_of(br), body, compress=False))
    loaded = load_campaign(path)
    assert loaded.campaign.relatives == [] and loaded.campaign.parent == br.parent
    assert any("other timelines are dropped" in w for w in loaded.warnings)
