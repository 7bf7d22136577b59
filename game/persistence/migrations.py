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


def migrate_1_to_2(header: dict[str, Any], body: dict[str, Any]) -> tuple[dict, dict]:
    """Format 2 stores the per-turn history as columns instead of one object per row."""
    rows = body.get("history")
    if isinstance(rows, list):
        columns: list[str] = []
        for row in rows:
            if isinstance(row, dict):
                columns.extend(k for k in row if k not in columns)
        body["history"] = {
            "columns": columns,
            "rows": [[r.get(k) for k in columns] if isinstance(r, dict) else r for r in rows],
        }
    # Anything else is left as it is for the loader to report as damage.
    return header, body


MIGRATIONS: dict[int, Migration] = {1: migrate_1_to_2}


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
