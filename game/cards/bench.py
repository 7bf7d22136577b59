"""Speed figures of the card system, registered in `game.bench.BENCHES`.

- cards_load_ms: load and validate the base deck plus a generated mod of
  1,000 cards (target 500 ms).
- cards_turn_ms: the deck's own work in a turn (draw, answers, situations),
  median over a whole historical campaign; it adds to the engine's turn_ms.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

Measurement = tuple[str, float, str]

_REGIONS = ("ukraine", "siberia", "lower_volga", "urals", "belarus")


def generated_card(i: int) -> str:
    r = _REGIONS[i % len(_REGIONS)]
    return f'''
[[card]]
id = "bench-card-{i}"
kind = "{"debate" if i % 2 else "event"}"
weight = {1 + i % 5}
condition = "year >= {1920 + i % 10} and max(unrest) < {0.5 + i / 5000:.4f} or seen(\\"bench-card-{max(i - 1, 0)}\\")"

[card.text]
title = "Generated card {i}"
body = "A card made up for the loading benchmark, number {i}."

[[card.option]]
id = "a"
text = "First answer."
effects = ["unrest[{r}] -= {i / 20000:.5f}", "grain_reserve += {i / 100:.2f}", "faction.left += 0.01"]
factions = {{ right = 0.02 }}

[[card.option]]
id = "b"
text = "Second answer."
condition = "policy.coercion > {i / 1000:.3f} and count(hunger > 0.1) >= 1"
effects = ["policy.coercion = {i / 1000:.3f}", "linger(yield_bonus[all], -{i / 50000:.5f}, 3, 0.8)"]
'''


def write_generated_mod(folder: Path, n_cards: int = 1000, per_file: int = 250) -> Path:
    mod = folder / "bench-mod"
    (mod / "cards").mkdir(parents=True, exist_ok=True)
    (mod / "mod.toml").write_text(
        'id = "bench-mod"\nname = "Benchmark mod"\nversion = "1.0"\n', encoding="utf-8"
    )
    for f in range(0, n_cards, per_file):
        text = "".join(generated_card(i) for i in range(f, min(f + per_file, n_cards)))
        (mod / "cards" / f"gen-{f // per_file:02d}.toml").write_text(text, encoding="utf-8")
    return mod


def bench_cards(quick: bool) -> Iterator[Measurement]:
    from game.cards.content import load_content
    from game.cards.expr import compile_effect, compile_expr

    with tempfile.TemporaryDirectory() as tmp:
        mod = write_generated_mod(Path(tmp))
        runs = []
        for _ in range(2 if quick else 5):
            compile_expr.cache_clear()  # measure a cold load, not the expression cache
            compile_effect.cache_clear()
            t0 = time.perf_counter()
            content = load_content(mod_folders=[mod], include_project_mods=False)
            runs.append(time.perf_counter() - t0)
        errors = [p for p in content.errors if "bench-mod" in p.path]
        if errors:  # the generated mod must load, or the figure means nothing
            raise RuntimeError(f"generated mod did not load: {errors[0]}")
    yield ("cards_load_ms", statistics.median(runs) * 1000, "ms")

    yield ("cards_turn_ms", _deck_turn_ms() * 1000, "ms")


def _deck_turn_ms() -> float:
    from game.campaign import Campaign
    from game.cards.deck import default_deck
    from game.engine import resolve_turn
    from game.engine.bots import make_bot

    bot = make_bot("historical")
    deck = default_deck()
    camp = Campaign.new("great-turn-1928", seed=1, deck=deck)
    times = []
    while not camp.finished:
        t0 = time.perf_counter()
        for inst in list(camp.pending):
            camp.choose(inst.card.id, deck.bot_option(camp, inst, bot))
        d = bot.decide(camp.state)
        camp.set_decisions(d)
        t1 = time.perf_counter()
        report = resolve_turn(camp.state, camp.compiled)
        t2 = time.perf_counter()
        deck.after_turn(camp, report)
        camp.history.append({})
        camp.pending = deck.draw(camp) if not camp.finished else []
        t3 = time.perf_counter()
        times.append((t1 - t0) + (t3 - t2))
    return statistics.median(times)
