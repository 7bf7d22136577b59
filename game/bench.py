"""`python main.py bench`: the project's speed figures, one per line as `name: value unit`.

Each part of the game registers its own measurements here; the targets are
in the issues.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator

Measurement = tuple[str, float, str]
BenchFn = Callable[[bool], Iterator[Measurement]]


def _engine(quick: bool) -> Iterator[Measurement]:
    from game.campaign import Campaign
    from game.cards.deck import default_deck
    from game.engine import resolve_turn
    from game.engine.bots import make_bot

    bot = make_bot("historical")
    # turn_ms: every turn of a whole campaign, resolved on copies so each
    # measurement sees a real mid-campaign state. Each turn is timed on three
    # copies and the fastest kept (as timeit does): on a shared 2-core machine
    # the slower repeats measure the neighbours, not the engine.
    # turn_ms is the rules alone (describe=False, as bots, the lab and replays resolve
    # turns); turn_described_ms the same turns with the explanations and breakdowns a
    # player's turn builds (Campaign.end_turn's default).
    camp = Campaign.new("great-turn-1928", seed=1)
    times: dict[bool, list[float]] = {False: [], True: []}
    while not camp.finished:
        d = bot.decide(camp.state)
        camp.set_decisions(d)
        for describe, out in times.items():
            best = float("inf")
            for _ in range(3):
                st = camp.state.copy()
                t0 = time.perf_counter()
                resolve_turn(st, camp.compiled, describe)
                best = min(best, time.perf_counter() - t0)
            out.append(best)
        camp.end_turn(d)
    rules = times[False]
    yield ("turn_ms", statistics.median(rules) * 1000, "ms")
    yield ("turn_p95_ms", sorted(rules)[int(len(rules) * 0.95)] * 1000, "ms")
    yield ("turn_described_ms", statistics.median(times[True]) * 1000, "ms")
    # campaign_ms: a bot's whole campaign with the deck (to 1945 when the war comes),
    # played as the lab and simulate play it: reports without explanations
    # (describe=False), which only a player reads. campaign_1941_ms: the same
    # campaigns over the scenario's own span, spring 1928 to summer 1941 (issue #9).
    runs, runs_1941 = [], []
    for seed in range(3 if quick else 7):
        t0 = time.perf_counter()
        c = Campaign.new("great-turn-1928", seed=seed, deck=default_deck())
        bot = make_bot("historical")
        c.play_bot(bot, max_turns=c.state.end_turn, describe=False)
        runs_1941.append(time.perf_counter() - t0)
        c.play_bot(bot, describe=False)
        runs.append(time.perf_counter() - t0)
    turns = len(c.history) - 1
    yield ("campaign_ms", statistics.median(runs) * 1000, "ms")
    yield ("campaign_turns", float(turns), "turns")
    yield ("campaign_1941_ms", statistics.median(runs_1941) * 1000, "ms")
    # A whole turn with the deck active: rules, card draws and effects, the bot, the log.
    yield ("turn_with_deck_ms", statistics.median(runs) * 1000 / turns, "ms")


def _replay(quick: bool) -> Iterator[Measurement]:
    from game.campaign import Campaign
    from game.cards.deck import default_deck
    from game.engine.bots import make_bot
    from game.persistence.replay import rebuild, replay_of

    # replay_ms: a finished 1928-1941 campaign with the deck rebuilt from its log to
    # the last season (what the timeline screen does for a season it has not cached).
    camp = Campaign.new("great-turn-1928", seed=1, deck=default_deck())
    camp.play_bot(make_bot("historical", 1))
    rp = replay_of(camp)
    times = []
    for _ in range(3 if quick else 7):
        deck = default_deck()
        t0 = time.perf_counter()
        rebuild(rp, deck=deck, check_content=False)
        times.append(time.perf_counter() - t0)
    yield ("replay_ms", statistics.median(times) * 1000, "ms")


def _lab(quick: bool) -> Iterator[Measurement]:
    from game.lab.runner import Player, PoolExecutor, expand

    # The lab's throughput: whole campaigns (great-turn-1928, historical bot, the
    # deck, the yearly timeline kept) on 2 worker processes, after the workers
    # have started and loaded the content (each as it starts: PoolExecutor) and the
    # pool has played two campaigns (the first ones import the rest of the code).
    t0 = time.perf_counter()
    with PoolExecutor(2) as ex:
        ex.map(expand(["great-turn-1928"], [Player.bot("historical")], range(2)))
        yield ("lab_startup_s", time.perf_counter() - t0, "s")
        jobs = expand(["great-turn-1928"], [Player.bot("historical")], range(100 if quick else 400))
        t0 = time.perf_counter()
        ex.map(jobs)
        yield (
            "lab_campaigns_per_min",
            len(jobs) / (time.perf_counter() - t0) * 60,
            "campaigns/min",
        )


def _cards(quick: bool) -> Iterator[Measurement]:
    from game.cards.bench import bench_cards

    yield from bench_cards(quick)


def _saves(quick: bool) -> Iterator[Measurement]:
    from game.persistence.bench import bench_saves

    yield from bench_saves(quick)


def _ui(quick: bool) -> Iterator[Measurement]:
    from game.ui.bench import ui_benches

    yield from ui_benches(quick)


BENCHES: list[BenchFn] = [_engine, _replay, _lab, _cards, _saves, _ui]


def run(quick: bool = False) -> Iterator[Measurement]:
    for fn in BENCHES:
        yield from fn(quick)
