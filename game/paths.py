"""Checks on paths a user names for output, before any work is done."""

from __future__ import annotations

import os
from pathlib import Path

from game.errors import SmychkaError


def check_output_parent(path: Path, flag: str, error: type[SmychkaError] = SmychkaError) -> None:
    """The nearest existing folder above `path` must be a writable folder (missing
    folders below it will be created). Raises `error` naming `flag` and the path."""
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise error(f"{flag} {path}: {parent} is a file, not a folder")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise error(f"{flag} {path}: cannot write in {parent} (permission denied)")
            return
