"""Replays: a campaign rebuilt from seed, scenario, difficulty, content and log."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace

import pytest

from game.campaign import Campaign
from game.cards.deck import default_deck
from game.engine.bots import bot_descriptions, make_bot
from game.engine.scenario import available_scenarios
from game.persistence import replay as R


def _played(scenario: str, bot: str, seed: int = 1, turns: int | None = None) -> Campaign:
    camp = Campaign.new(scenario, seed=seed, deck=default_deck())
    camp.play_bot(make_bot(bot, seed), max_turns=turns)
    return camp


@pytest.mark.parametrize("scenario", sorted(available_scenarios()))
@pytest.mark.parametrize("bot", sorted(bot_descriptions()))
def test_replay_hash_equals_the_original_run(scenario: str, bot: str) -> None:
    camp = _played(scenario, bot, turns=None if bot == "historical" else 20)
    done = R.rebuild(R.replay_of(camp))
    assert done.problems == [] and done.content == []
    assert done.campaign.state.state_hash() == camp.state.state_hash()
    assert done.campaign.log == camp.log


def test_a_player_who_moves_sliders_before_answering_replays_exactly() -> None:
    camp = Campaign.new("great-turn-1928", seed=4, deck=default_deck())
    for k in range(14):
        pol = camp.decisions.policy
        camp.set_decisions(
            replace(camp.decisions, policy=replace(pol, quota=0.15 + 0.02 * (k % 5)))
        )
        if camp.pending:
            inst = camp.pending[-1]
            camp.choose(inst.card.id, inst.options[-1].index)
        camp.set_decisions(replace(camp.decisions, policy=replace(pol, quota=0.3)))
        camp.end_turn()  # the rest answered by default, under these decisions
    done = R.rebuild(R.replay_of(camp))
    assert done.exact
    assert done.campaign.state.state_hash() == camp.state.state_hash()


def test_replay_to_any_turn_is_the_original_at_that_turn() -> None:
    camp = Campaign.new("great-turn-1928", seed=2, deck=default_deck())
    hashes = [camp.state.state_hash()]
    for _ in range(10):
        camp.play_bot(make_bot("historical", 2), max_turns=1)
        hashes.append(camp.state.state_hash())
    rp = R.replay_of(camp)
    for t in (0, 3, 10):
        assert R.rebuild(rp, t).campaign.state.state_hash() == hashes[t]


def test_a_one_decision_branch_differs_and_shares_its_prefix() -> None:
    camp = _played("great-turn-1928", "historical", seed=3, turns=24)
    rp = R.replay_of(camp)
    done = R.branch(rp, 16, ["policy.quota = 0.2"])
    b = done.campaign
    assert b.decisions.policy.quota == pytest.approx(0.2)
    assert b.log == camp.log[:16] and b.history == camp.history[:17]
    assert b.state.state_hash() == R.rebuild(rp, 16).campaign.state.state_hash()
    for entry in rp.log[16:]:  # the same answers and decisions, but the quota of season 16
        if entry is rp.log[16]:
            entry = dict(entry, decisions=b.decisions.to_dict())
        R.play_turn(b, entry)
    assert b.state.state_hash() != camp.state.state_hash()
    assert b.history[:17] == camp.history[:17] and b.history[17] != camp.history[17]


@pytest.mark.parametrize(
    "bad, why",
    [
        ("cattle[all]=0.2", "not a policy lever"),
        ("policy.quot=0.2", "did you mean 'policy.quota'"),
        ("policy.quota=__import__('os')", "not allowed"),
        ("policy.quota", "expected NAME=VALUE"),
    ],
)
def test_branch_sets_are_the_card_language(bad: str, why: str) -> None:
    rp = R.replay_of(_played("great-turn-1928", "historical", turns=4))
    with pytest.raises(R.ReplayError, match=why):
        R.branch(rp, 2, [bad])


def test_file_roundtrip_and_tampering_refused(tmp_path) -> None:
    camp = _played("great-turn-1928", "nep", turns=8)
    rp = R.replay_of(camp)
    for name in ("r.json", "r.json.gz"):
        path = R.write_replay(rp, tmp_path / name)
        back = R.read_replay(path)
        assert back == rp
    raw = json.loads((tmp_path / "r.json").read_text())
    raw["body"]["log"][3]["decisions"]["policy"]["quota"] = 0.9
    bad = tmp_path / "tampered.json"
    bad.write_text(json.dumps(raw))
    with pytest.raises(R.ReplayError, match="tampered.json.*checksum"):
        R.read_replay(bad)
    (tmp_path / "cut.json.gz").write_bytes(gzip.compress(b"{}")[:-6])
    with pytest.raises(R.ReplayError, match="cut.json.gz"):
        R.read_replay(tmp_path / "cut.json.gz")
    with pytest.raises(R.ReplayError, match="empty"):
        (tmp_path / "e.json").write_bytes(b"")
        R.read_replay(tmp_path / "e.json")


def test_changed_content_is_named_and_replayed_as_far_as_it_goes() -> None:
    camp = _played("great-turn-1928", "historical", turns=30)
    rp = R.replay_of(camp)
    drawn = sorted({c["card"] for e in rp.log for c in e["cards"]})
    rp.cards = dict(rp.cards, **{drawn[0]: "0" * 16, "gone-card": "1" * 16})
    rp.content = [dict(m, sha256="x") if m["id"] == "base" else m for m in rp.content]
    deck = default_deck()
    deck.cards = {k: v for k, v in deck.cards.items() if k != drawn[1]}
    for group in (deck._historical, deck._situations, deck._random):
        group[:] = [c for c in group if c.id != drawn[1]]
    done = R.rebuild(rp, deck=deck)
    text = " ".join(done.content)
    assert f"changed cards: {drawn[0]}" in text
    assert "missing cards: " in text and "gone-card" in text and drawn[1] in text
    assert "the game's own cards have changed" in text
    assert any(drawn[1] in p for p in done.problems)
    assert done.campaign.state.turn == 30


def test_cli_export_verify_branch(tmp_path, capsys) -> None:
    from game.cli import main
    from game.persistence.store import load_campaign, save_campaign

    camp = _played("great-turn-1928", "historical", seed=5, turns=12)
    save = save_campaign(camp, tmp_path / "a.json.gz")
    out = tmp_path / "a.replay.json"
    assert main(["replay", "export", str(save), str(out)]) == 0
    assert "state" not in json.loads(out.read_text())["body"]
    capsys.readouterr()
    assert main(["replay", "verify", str(out), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["state_hash"] == camp.state.state_hash() and got["matches_original"]
    assert got["turns"] == 12 and got["outcome"] == camp.state.outcome
    b = tmp_path / "b.json.gz"
    args = [
        "replay",
        "branch",
        str(out),
        "--at",
        "6",
        "--set",
        "policy.quota=0.2",
        "--save",
        str(b),
    ]
    assert main(args) == 0
    branch = load_campaign(b).campaign
    assert branch.state.turn == 6 and branch.decisions.policy.quota == pytest.approx(0.2)
    assert main(["replay", "verify", str(save)]) == 2
    assert "a save, not a replay" in capsys.readouterr().err


def test_season_cache_is_exact_and_bounded() -> None:
    camp = _played("great-turn-1928", "historical", seed=6, turns=30)
    rp = R.replay_of(camp)
    cache = R.SeasonCache(rp, max_entries=6)
    for t in (30, 12, 13, 14, 0, 29, 7, 30):
        got = cache.at(t)
        assert got.state.state_hash() == R.rebuild(rp, t).campaign.state.state_hash(), t
        assert got.history == camp.history[: t + 1]
        assert len(cache) <= 6
    cache.at(20)
    before = cache.replayed_turns
    cache.at(21)  # one season on from a cached one: one season played
    assert cache.replayed_turns - before == 1
    assert cache.problems == []
