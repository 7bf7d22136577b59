"""Upgrading saves written by older versions of the game, one format step at a time.

Every change to what a save holds bumps `codec.FORMAT_VERSION` and adds one
function here, `migrate_N_to_N1(header, body) -> (header, body)`, that turns
a format-N save into format N+1 using plain dict edits (never the current
classes, which may have moved on). A save of format 1 runs through every step
in order. tests/persistence/data/ keeps real saves of old formats that must
keep loading.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Migration = Callable[[dict[str, Any], dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]]

MIGRATIONS: dict[int, Migration] = {}


def migrate(
    header: dict[str, Any], body: dict[str, Any], target: int
) -> tuple[dict[str, Any], dict[str, Any], list[int]]:
    """Run the steps from the save's format up to `target`. Returns the steps run."""
    version = int(header["format_version"])
    steps = []
    while version < target:
        step = MIGRATIONS.get(version)
        if step is None:  # a gap is a programming error, caught by the tests
            raise RuntimeError(f"no migration from save format {version}")
        header, body = step(dict(header), dict(body))
        version += 1
        header["format_version"] = version
        steps.append(version)
    return header, body, steps
