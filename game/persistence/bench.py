"""Save/load speed and size for `python main.py bench` (targets: save <= 50 ms, load <= 100 ms).

Measured on a save at the end of a full 1928-1941 campaign with the deck, the
biggest save the base game makes: the history and log grow with every turn.
Saving includes the fsyncs, as a real save does.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

Measurement = tuple[str, float, str]


def bench_saves(quick: bool) -> Iterator[Measurement]:
    from game.campaign import Campaign
    from game.cards.deck import default_deck
    from game.engine.bots import make_bot
    from game.persistence import load_campaign, save_campaign

    camp = Campaign.new("great-turn-1928", seed=1, deck=default_deck())
    camp.play_bot(make_bot("historical"))
    folder = Path(tempfile.mkdtemp(prefix="smychka-bench-"))
    try:
        path = folder / "bench.json.gz"
        reps = 5 if quick else 15
        saves, loads = [], []
        for _ in range(reps):
            t0 = time.perf_counter()
            save_campaign(camp, path)
            saves.append(time.perf_counter() - t0)
        for _ in range(reps):
            t0 = time.perf_counter()
            load_campaign(path)
            loads.append(time.perf_counter() - t0)
        yield ("save_ms", statistics.median(saves) * 1000, "ms")
        yield ("load_ms", statistics.median(loads) * 1000, "ms")
        yield ("save_kb", path.stat().st_size / 1024, "kB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
