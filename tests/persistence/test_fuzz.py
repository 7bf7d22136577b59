"""Hypothesis: whatever is done to a save file, the loader raises SaveError or loads it."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.bots import make_bot
from game.errors import SaveError
from game.persistence import load_campaign, save_campaign, save_info
from game.persistence.fileformat import encode
from tests.persistence.conftest import played

_CAMP = played(5, seed=11)
_DIR = Path(tempfile.mkdtemp(prefix="smychka-fuzz-"))
_GOOD = save_campaign(_CAMP, _DIR / "good.json.gz").read_bytes()
_DOC = json.loads(gzip.decompress(_GOOD))
_SETTINGS = settings(
    max_examples=int(__import__("os").environ.get("FUZZ_N", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _try_load(data: bytes) -> None:
    p = _DIR / "fuzzed.json.gz"
    p.write_bytes(data)
    info = save_info(p)  # the saves list never raises either
    assert info.loadable == (info.problem is None)
    try:
        res = load_campaign(p)
    except SaveError as exc:
        assert str(p) in str(exc)
        return
    assert info.loadable, "the list must not call a loadable save broken"
    # What loads must be a usable campaign: it plays on, scores and charts.
    camp = res.campaign
    camp.state.state_hash()
    camp.play_bot(make_bot("historical"), max_turns=1)
    camp.score()
    camp.timeline()
    assert isinstance(res.warnings, list)


@_SETTINGS
@given(st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), max_size=8))
def test_flipped_bytes_in_the_compressed_file(flips: list[tuple[float, int]]) -> None:
    data = bytearray(_GOOD)
    for where, mask in flips:
        data[int(where * len(data))] ^= mask
    _try_load(bytes(data))


@_SETTINGS
@given(st.integers(0, len(_GOOD)))
def test_cut_anywhere(n: int) -> None:
    _try_load(_GOOD[:n])


@_SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    _try_load(data)


def _paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key/index path in the document, down to a limited depth."""
    out = [prefix] if prefix else []
    if len(prefix) >= 6:
        return out
    if isinstance(doc, dict):
        for k, v in doc.items():
            out.extend(_paths(v, prefix + (k,)))
    elif isinstance(doc, list):
        for i, v in enumerate(doc[:3]):
            out.extend(_paths(v, prefix + (i,)))
    return out


_ALL_PATHS = _paths(_DOC)
_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@_SETTINGS
@given(
    st.lists(
        st.tuples(st.sampled_from(_ALL_PATHS), st.sampled_from(["drop", "set"]), _VALUES),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_dropped_keys_and_changed_types(edits, keep_checksum: bool) -> None:
    doc = json.loads(json.dumps(_DOC))
    for path, action, value in edits:
        parent = doc
        try:
            for key in path[:-1]:
                parent = parent[key]
            if action == "drop":
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    header = doc.get("header") if isinstance(doc, dict) else None
    body = doc.get("body") if isinstance(doc, dict) else None
    if keep_checksum and isinstance(header, dict) and isinstance(body, dict):
        # Re-encode properly so the damage reaches the body checks, not just the checksum.
        header.pop("body_sha256", None)
        try:
            data = encode(header, body)
        except ValueError:  # NaN/inf cannot be written by the game itself
            data = gzip.compress(json.dumps(doc).encode())
    else:
        data = gzip.compress(json.dumps(doc).encode())
    _try_load(data)
