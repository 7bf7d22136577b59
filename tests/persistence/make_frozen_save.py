"""Write tests/persistence/data/format-<N>.json.gz: a frozen save of the current format.

Run once per new save format and commit the file; never regenerate an
existing one -- the point is that files written by old versions keep loading.
    python -m tests.persistence.make_frozen_save
"""

from __future__ import annotations

import sys
from pathlib import Path

from game.campaign import Campaign
from game.engine.bots import make_bot
from game.persistence import FORMAT_VERSION, save_campaign

DATA = Path(__file__).resolve().parent / "data"


def main() -> int:
    out = DATA / f"format-{FORMAT_VERSION}.json.gz"
    if out.exists():
        print(f"{out} exists; frozen saves are never regenerated", file=sys.stderr)
        return 1
    try:  # with the cards when the card engine exists (format 1 was frozen before it did)
        from game.cards.deck import default_deck

        deck = default_deck()
    except ImportError:
        deck = None
    camp = Campaign.new("great-turn-1928", seed=7, deck=deck)
    camp.play_bot(make_bot("historical"), max_turns=6)
    if FORMAT_VERSION >= 4:  # format 4 carries the timeline: freeze a branch's
        camp.mark_branch("0123456789ab", 4)
    save_campaign(camp, out)
    out.with_name(out.name + ".bak").unlink(missing_ok=True)
    print(f"wrote {out} ({camp.state.date_label}, turn {camp.state.turn})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
