from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from game.campaign import Campaign
from game.engine.bots import make_bot
from game.persistence import codec

SCENARIO = "great-turn-1928"


def played(turns: int, seed: int = 2, deck: Any = None) -> Campaign:
    camp = Campaign.new(SCENARIO, seed=seed, deck=deck)
    camp.play_bot(make_bot("historical"), max_turns=turns)
    return camp


def body_json(camp: Campaign) -> str:
    """Everything a save holds, as canonical JSON (no timestamp)."""
    return json.dumps(codec.body_of(camp), sort_keys=True)


@pytest.fixture
def saves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "saves"
    monkeypatch.setenv("SMYCHKA_SAVES_DIR", str(d))
    return d


@pytest.fixture(scope="module")
def mid_campaign() -> Campaign:
    return played(9)


# --- a stand-in deck with the card engine's interface ------------------------
# The campaign and the persistence layer talk to a deck through game.campaign's
# CampaignDeck protocol only; a tiny deterministic fake of it lets the tests cover
# mods/pending-card handling exactly.
@dataclass
class FakeCard:
    id: str


@dataclass
class FakeInstance:
    card: FakeCard


@dataclass
class FakeDeck:
    mods: list[dict[str, Any]] = field(
        default_factory=lambda: [{"id": "base", "version": "1", "sha256": "aa"}]
    )
    cards: tuple[str, ...] = ("base-a", "base-b", "mod-x")
    seen: list[str] = field(default_factory=list)
    content: Any = field(default_factory=lambda: SimpleNamespace(scenarios={}))  # no mod scenarios

    def bind(self, camp: Campaign) -> None:
        return None  # the fake keeps its own memory (`seen`)

    def draw(self, camp: Campaign) -> list[FakeInstance]:
        # Deterministic in the turn, like the real deck (seed + turn).
        t = camp.state.turn
        ids = [self.cards[t % len(self.cards)], self.cards[(t + 1) % len(self.cards)]]
        self.seen.extend(ids)
        return [FakeInstance(FakeCard(cid)) for cid in ids]

    def choose(self, camp: Campaign, inst: FakeInstance, option: int, describe: bool = True) -> str:
        camp.state.nat["industry"] += 0.5 * (option + 1)
        return "ok" if describe else ""

    def default_option(self, camp: Campaign, inst: FakeInstance) -> int:
        return 0

    def bot_option(self, camp: Campaign, inst: FakeInstance, bot: Any) -> int:
        return camp.state.turn % 2

    def after_turn(self, camp: Campaign, report: Any) -> None:
        pass

    def state_dict(self) -> dict[str, Any]:
        return {"seen": list(self.seen)}

    def load_state(self, d: dict[str, Any]) -> None:
        self.seen = [s for s in d["seen"] if s in self.cards]

    def content_info(self) -> list[dict[str, Any]]:
        return [dict(m) for m in self.mods]

    def instance(self, camp: Campaign, card_id: str) -> FakeInstance | None:
        return FakeInstance(FakeCard(card_id)) if card_id in self.cards else None
