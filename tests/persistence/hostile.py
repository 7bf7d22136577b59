"""Generators of hostile saves: saves that parse and (when asked) carry a valid
checksum, but hold values the engine never produces.

Two flavours share one vocabulary of edits:
- `mutate(body, rng)`: a seeded random edit, for the large fuzz run (thousands a
  second, reproducible from the seed);
- `edits()`: a hypothesis strategy of the same edits, for shrinking a failure to
  the smallest edit that shows it.
A save is written with `encode_any`, which (unlike the game) writes NaN and
Infinity and either recomputes the body's SHA-256 or keeps the old one.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
import math
import random
from typing import Any

from hypothesis import strategies as st

from game.engine.state import FORM_ARRAYS, REGION_ARRAYS, STRATUM_ARRAYS

HOSTILE_VALUES: list[Any] = [
    math.nan, math.inf, -math.inf, -1.0, 0, 0.0, 1, 2, -1e9, 1e9, 1e300, -1e300, 1e-300,
    10**30, -(10**30), 2**63, 2**64 + 1, "x", "", "\u202e\x1b[2J", None, True, False,
    [], {}, [1, 2], {"a": 1}, 0.5, 1.5, 1e6, 400, 401, 10**9,
]  # fmt: skip
ARRAY_NAMES = REGION_ARRAYS + STRATUM_ARRAYS + FORM_ARRAYS


# --- writing --------------------------------------------------------------------------
def body_sha256(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, separators=(",", ":")).encode("utf-8")).hexdigest()


def encode_any(
    header: dict[str, Any],
    body: dict[str, Any],
    recompute: bool,
    gz: bool = False,
    old_sha256: str | None = None,
) -> bytes:
    """A save's bytes, NaN allowed. `recompute` gives the body a matching checksum;
    otherwise the header keeps `old_sha256` (the hash of the body before the edit)."""
    body_text = json.dumps(body, separators=(",", ":"))
    header = dict(header)
    if recompute:
        header["body_sha256"] = hashlib.sha256(body_text.encode("utf-8")).hexdigest()
    elif old_sha256 is not None:
        header["body_sha256"] = old_sha256
    text = '{"header":' + json.dumps(header, separators=(",", ":")) + ',"body":' + body_text + "}"
    raw = text.encode("utf-8")
    return gzip.compress(raw, compresslevel=1, mtime=0) if gz else raw


# --- the edits ------------------------------------------------------------------------------
def _nodes(obj: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON document (dict keys and list indices)."""
    out = [path]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _nodes(v, (*path, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _nodes(v, (*path, i))
    return out


def _get(obj: Any, path: tuple[Any, ...]) -> Any:
    for k in path:
        obj = obj[k]
    return obj


def _numeric_variants(v: Any) -> list[Any]:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return []
    return [-v, v * 1e6, v + 1, v - 1, v * 1e300, v / 1e300, int(v) if math.isfinite(v) else v]


class Mutator:
    """Random edits of one base save (its paths listed once)."""

    def __init__(self, header: dict[str, Any], body: dict[str, Any]) -> None:
        self.header = header
        self.body = body
        self.paths = [p for p in _nodes(body) if p]
        self.state_paths = [p for p in self.paths if p[0] == "state"]
        self.header_paths = [(k,) for k in header if k != "body_sha256"]
        self.sha256 = body_sha256(body)

    def mutate(self, rng: random.Random) -> tuple[dict[str, Any], dict[str, Any], str]:
        """(header, body, what was done) with one to three edits."""
        header = copy.deepcopy(self.header)
        body = copy.deepcopy(self.body)
        done = []
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            done.append(self._one(rng, header, body))
        return header, body, "; ".join(done)

    def _one(self, rng: random.Random, header: dict[str, Any], body: dict[str, Any]) -> str:
        kind = rng.random()
        if kind < 0.22:
            try:
                return targeted(rng, body)
            except (KeyError, TypeError, IndexError, ValueError, AttributeError):
                return "skip (an earlier edit removed what this one needs)"
        if kind < 0.27:
            path = rng.choice(self.header_paths)
            value = rng.choice(HOSTILE_VALUES)
            header[path[0]] = value
            return f"header.{path[0]} = {value!r}"[:120]
        pool = self.state_paths if kind < 0.8 else self.paths
        path = rng.choice(pool)
        try:
            parent = _get(body, path[:-1])
            cur = parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            return "skip (path gone)"
        if not isinstance(parent, dict | list):  # an earlier edit made it a text
            return "skip (path gone)"
        r = rng.random()
        where = ".".join(map(str, path))
        if r < 0.1 and isinstance(parent, dict):
            del parent[path[-1]]
            return f"del {where}"
        if r < 0.15 and isinstance(parent, list) and parent:
            parent.pop(path[-1])
            return f"pop {where}"
        if r < 0.2 and isinstance(parent, list):
            parent.insert(path[-1], copy.deepcopy(cur))
            return f"dup {where}"
        variants = _numeric_variants(cur)
        value = (
            rng.choice(variants) if variants and rng.random() < 0.5 else rng.choice(HOSTILE_VALUES)
        )
        try:
            parent[path[-1]] = value
        except TypeError:  # an earlier edit made the parent a text ("abc"[0] reads, cannot be set)
            return "skip (parent is no longer a container)"
        return f"{where} = {value!r}"[:120]


def targeted(rng: random.Random, body: dict[str, Any]) -> str:
    """One of the edits a red team tries first (as in issue 15)."""
    st_ = body["state"]
    arrays = st_["arrays"]
    name = rng.choice(ARRAY_NAMES)
    blob = arrays[name]
    data = blob["data"]
    i = rng.randrange(len(data))
    choice = rng.randrange(14)
    if choice == 0:
        st_["end_turn"] = rng.choice([10**9, 1e9, 0, -1, 400, st_["end_turn"] + 1])
        return f"end_turn = {st_['end_turn']}"
    if choice == 1:
        st_["turn"] = rng.choice([st_["end_turn"] + 2, -1, 10**9, st_["end_turn"] + 1])
        return f"turn = {st_['turn']}"
    if choice == 2:
        data[i] = -abs(data[i]) - 1
        return f"{name}[{i}] negative"
    if choice == 3:
        data[i] = rng.choice([math.nan, math.inf, 1e300])
        return f"{name}[{i}] = {data[i]}"
    if choice == 4:
        forms = arrays["forms"]["data"]
        j = rng.randrange(len(forms))
        forms[j] = forms[j] + rng.choice([0.5, -0.5, 2.0])
        return f"forms[{j}] shares no longer sum to one"
    if choice == 5:
        blob["shape"] = [len(data)] if len(blob["shape"]) > 1 else [len(data) // 2, 2]
        return f"{name}.shape changed"
    if choice == 6:
        blob["data"] = data[:-1]
        return f"{name}.data one short"
    if choice == 7:
        st_["region_ids"] = list(reversed(st_["region_ids"]))
        return "region_ids reversed"
    if choice == 8:
        fid = rng.choice(list(st_["factions"]))
        st_["factions"][fid] = rng.choice([1.5, -0.5, math.nan, 1e9])
        return f"faction {fid} = {st_['factions'][fid]}"
    if choice == 9:
        k = rng.choice(list(st_["nat"]))
        st_["nat"][k] = rng.choice([-1e9, 1e300, -5.0, math.inf])
        return f"nat.{k} = {st_['nat'][k]}"
    if choice == 10:
        st_["modifiers"] = [
            {"figure": rng.choice(["unrest", "industry", "nope", "faction.left"]),
             "region": rng.choice([None, "ukraine", "atlantis"]),
             "value": rng.choice([0.1, 1e300, math.nan, -50.0]),
             "turns": rng.choice([3, -1, 10**12, 2.5]),
             "decay": rng.choice([0.5, 2.0, -1.0]), "source": "x"}
        ]  # fmt: skip
        return f"modifiers = {st_['modifiers']}"[:120]
    if choice == 11:
        base = st_["params"]["baseline"]
        k = rng.choice(list(base))
        base[k] = rng.choice([0, -1.0, math.nan, "x"])
        return f"baseline.{k} = {base[k]}"
    if choice == 12:
        st_["start_season"] = rng.choice([4, -1, 7])
        return f"start_season = {st_['start_season']}"
    pol = body["decisions"]["policy"]
    k = rng.choice(list(pol))
    pol[k] = rng.choice([-1.0, 99.0, math.nan, "forced", None, {"x": 1}])
    return f"policy.{k} = {pol[k]!r}"


# --- hypothesis: the same edits, shrinkable -----------------------------------------------
@st.composite
def hostile_edit(draw: st.DrawFn, mutator: Mutator) -> tuple[dict[str, Any], dict[str, Any], str]:
    """A hostile (header, body, description) drawn through hypothesis: the seed of the
    random edit is drawn, so a failure shrinks to the smallest seed that shows it."""
    seed = draw(st.integers(0, 2**32 - 1))
    return mutator.mutate(random.Random(seed))


def hostile_table_value() -> st.SearchStrategy[Any]:
    """Values for a scenario table: zero, negative, absurd, the wrong type."""
    return st.sampled_from(
        [0, 0.0, -1, -1.0, -1e9, 1e308, 1e9, 1e-300, "x", True, [1], {"a": 1}, 0.5, 2.0, 100]
    ) | st.floats(allow_nan=False, allow_infinity=False)
