"""Record the final `state_hash` of every scenario x bot x seed (1-3), deck included.

A refactor must leave these identical. Not part of the test suite (it plays 75
whole campaigns). Usage, from the repository root:

    python tools/state_hashes.py > /tmp/before.txt   # on the old code
    python tools/state_hashes.py > /tmp/after.txt    # on the new code
    diff /tmp/before.txt /tmp/after.txt

By default the bots play as the lab, simulate and replays do (describe=False);
`--describe` plays every season as a player's turn (explanations and breakdowns
built), the path the rules' explain hooks take.

Each line is `scenario bot seed state_hash history_hash`; the second hash covers
the per-turn history rows (headline figures) and the decisions log.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))  # the checkout it is run from
# Keep the player's own settings (enabled mods) out of the measurement.
os.environ["SMYCHKA_CONFIG_DIR"] = tempfile.mkdtemp(prefix="smychka-hashes-")


def main(describe: bool = False) -> None:
    from game.campaign import Campaign
    from game.cards.deck import load_deck
    from game.engine.bots import BOTS, make_bot
    from game.engine.scenario import available_scenarios

    for sc in available_scenarios():
        for bot_name in BOTS:
            for seed in (1, 2, 3):
                camp = Campaign.new(sc, seed=seed, deck=load_deck(include_project_mods=False))
                camp.play_bot(make_bot(bot_name, seed), describe=describe)
                rest = json.dumps([camp.history, camp.log], sort_keys=True, default=str)
                hist = hashlib.sha256(rest.encode()).hexdigest()[:16]
                print(sc, bot_name, seed, camp.state.state_hash(), hist, flush=True)


if __name__ == "__main__":
    main(describe="--describe" in sys.argv[1:])
