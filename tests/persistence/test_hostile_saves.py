"""Saves that parse -- many with a valid checksum -- but lie.

Every one is either refused with a SaveError naming the file (and, for content,
the field), or it loads and plays 12 turns with every figure finite and can be
saved again. Nothing escapes with another exception.

The large run (`test_fuzz_20000_mutated_saves`, marked slow; CI runs it) prints its
figures; reproduce them with

    SDL_VIDEODRIVER=dummy python -m pytest tests/persistence/test_hostile_saves.py \
        -m slow -s -p no:cacheprovider

(FUZZ_SAVES=N changes the number of saves, FUZZ_SEED the seed.)
"""

from __future__ import annotations

import collections
import math
import os
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from game.campaign import Campaign
from game.cards.deck import default_deck
from game.engine.bots import make_bot
from game.errors import SaveError
from game.persistence import codec, fileformat
from game.persistence.store import load_bytes
from tests.persistence.hostile import Mutator, encode_any, hostile_edit

PATH = Path("fuzzed.json")


def _base(turns: int, cards: bool, seed: int) -> Campaign:
    camp = Campaign.new("great-turn-1928", seed=seed, deck=default_deck() if cards else None)
    camp.play_bot(make_bot("historical", seed), max_turns=turns)
    return camp


def _mutator(camp: Campaign) -> Mutator:
    return Mutator(codec.header_of(camp), codec.body_of(camp))


_BASES: list[Mutator] = []


def bases() -> list[Mutator]:
    """Three saves to mutate: early with cards, mid-campaign without, near the end."""
    if not _BASES:
        _BASES.extend(
            _mutator(c) for c in (_base(3, True, 5), _base(20, False, 6), _base(50, True, 7))
        )
    return _BASES


def _finite_state(camp: Campaign) -> str | None:
    st = camp.state
    for k, a in st.arrays.items():
        if not np.isfinite(a).all():
            return f"array {k}"
    for k, v in {**st.nat, **st.factions, **st.flags}.items():
        if not math.isfinite(v):
            return f"figure {k}"
    return None


def try_save(data: bytes, rng_seed: int) -> tuple[str, str]:
    """('refused' | 'played' | 'escaped', detail) for one save's bytes."""
    try:
        camp = load_bytes(PATH, data).campaign
    except SaveError as exc:
        msg = str(exc)
        if not msg.startswith(str(PATH)) or "\n" in msg:
            return "escaped", f"SaveError without the file: {msg[:200]}"
        return "refused", msg
    except Exception as exc:  # noqa: BLE001 - counted: this is what the test is for
        return "escaped", f"load: {type(exc).__name__}: {exc}"[:300]
    try:
        camp.play_bot(make_bot("random", rng_seed), max_turns=12)
        bad = _finite_state(camp)
        if bad is not None:
            return "escaped", f"non-finite {bad} after play"
        fileformat.encode(codec.header_of(camp), codec.body_of(camp))  # saves again
        camp.score()
        camp.timeline()
    except Exception as exc:  # noqa: BLE001
        return "escaped", f"play: {type(exc).__name__}: {exc}"[:300]
    return "played", ""


def run_fuzz(n: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    counts: collections.Counter[str] = collections.Counter()
    escapes: list[str] = []
    by_hash = collections.Counter()
    for i in range(n):
        m = rng.choice(bases())
        header, body, what = m.mutate(rng)
        recompute = i % 2 == 0  # half with the body's hash recomputed, half with the old one
        data = encode_any(header, body, recompute, gz=i % 7 == 0, old_sha256=m.sha256)
        outcome, detail = try_save(data, i)
        counts[outcome] += 1
        by_hash[(recompute, outcome)] += 1
        if outcome == "escaped" and len(escapes) < 10:
            escapes.append(f"{what} -> {detail}")
    return {"counts": counts, "escapes": escapes, "by_hash": by_hash}


@settings(
    max_examples=int(os.environ.get("HOSTILE_N", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(hostile_edit(_mutator(_base(3, False, 9))))
def test_a_hostile_save_with_a_valid_checksum_is_refused_or_plays(edit) -> None:
    header, body, what = edit
    outcome, detail = try_save(encode_any(header, body, recompute=True), 1)
    assert outcome != "escaped", f"{what}: {detail}"


REPORTED = {  # the edits of issue 15, each with the field the refusal must name
    "end_turn = 1e9": (lambda s: s.update(end_turn=10**9), "state.end_turn"),
    "turn past the end": (lambda s: s.update(turn=s["end_turn"] + 2), "state.turn"),
    "negative households": (
        lambda s: s["arrays"]["households"]["data"].__setitem__(0, -1.0),
        "state.arrays.households[0]",
    ),
    "NaN unrest": (
        lambda s: s["arrays"]["unrest"]["data"].__setitem__(2, math.nan),
        "unrest.data[2]",
    ),
    "shares not summing to one": (
        lambda s: s["arrays"]["forms"]["data"].__setitem__(0, 0.9),
        "state.arrays.forms[",
    ),
    "array of the wrong shape": (
        lambda s: s["arrays"]["trust"].update(shape=[48]),
        "array 'trust' has shape",
    ),
    "unrest of 1e300": (
        lambda s: s["arrays"]["unrest"]["data"].__setitem__(0, 1e300),
        "state.arrays.unrest[0]",
    ),
    "faction support 3": (lambda s: s["factions"].update(left=3.0), "state.factions.left"),
    "text where a number goes": (lambda s: s["nat"].update(industry="lots"), "industry"),
    "zero baseline harvest": (
        lambda s: s["params"]["baseline"].update(harvest=0),
        "state.params.baseline.harvest",
    ),
    "start in season 7": (lambda s: s.update(start_season=7), "state.start_season"),
    "end_turn not the scenario's": (lambda s: s.update(end_turn=60), "state.end_turn"),
}


@pytest.mark.parametrize("name", list(REPORTED))
def test_the_reported_edits_are_refused_naming_the_field(name) -> None:
    edit, field = REPORTED[name]
    m = bases()[1]
    import copy

    body = copy.deepcopy(m.body)
    edit(body["state"])
    outcome, detail = try_save(encode_any(m.header, body, recompute=True), 1)
    assert outcome == "refused", detail
    assert str(PATH) in detail and field in detail, detail


def test_simulate_load_of_end_turn_1e9_ends_at_once(tmp_path, capsys) -> None:
    import copy

    from tests.robustness.conftest import cli

    m = bases()[1]
    body = copy.deepcopy(m.body)
    body["state"]["end_turn"] = 10**9
    p = tmp_path / "forever.json"
    p.write_bytes(encode_any(m.header, body, recompute=True))
    t = time.perf_counter()
    code, _, err = cli(capsys, "simulate", "--load", str(p))
    assert code == 2 and "state.end_turn" in err and str(p) in err
    assert time.perf_counter() - t < 30


@pytest.mark.slow
def test_fuzz_20000_mutated_saves() -> None:
    n = int(os.environ.get("FUZZ_SAVES", "20000"))
    seed = int(os.environ.get("FUZZ_SEED", "15"))
    t = time.perf_counter()
    result = run_fuzz(n, seed)
    took = time.perf_counter() - t
    c = result["counts"]
    h = result["by_hash"]
    print(
        f"\nfuzz: {n} mutated saves (seed {seed}) in {took:.0f} s: "
        f"{c['refused']} refused, {c['played']} loaded and played 12 turns, "
        f"{c['escaped']} escaped; with recomputed hashes: "
        f"{h[(True, 'refused')]} refused / {h[(True, 'played')]} played; "
        f"with the old hash: {h[(False, 'refused')]} refused / {h[(False, 'played')]} played"
    )
    assert c["escaped"] == 0, "\n".join(result["escapes"])
    assert c["refused"] + c["played"] == n
    assert h[(True, "refused")] > 0 and h[(True, "played")] > 0
