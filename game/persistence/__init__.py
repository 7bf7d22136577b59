"""Saves: campaigns written as versioned, checksummed JSON (gzipped), atomically.

Public API (the UI and the CLI use only these):
    saves_dir(override=None) -> Path
    save_campaign(campaign, path) -> Path
    load_campaign(path, mods_dirs=()) -> LoadResult(.campaign, .warnings)
    quicksave / quickload / autosave / named_save / list_saves / latest_save
Every problem a player can cause raises `game.errors.SaveError` with the file
and what is wrong. See docs/saves.md.

The names are imported on first use (PEP 562) so that `game.cli` can wire in
the save commands without loading the engine for `--version` or `--help`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from game.errors import SaveError

_WHERE: dict[str, str] = {
    "FORMAT_VERSION": "fileformat",
    "LoadResult": "store",
    "load_campaign": "store",
    "save_campaign": "store",
    "SaveInfo": "slots",
    "autosave": "slots",
    "latest_save": "slots",
    "list_saves": "slots",
    "named_save": "slots",
    "quickload": "slots",
    "quicksave": "slots",
    "sanitise_name": "slots",
    "save_info": "slots",
    "saves_dir": "slots",
}

__all__ = [
    "FORMAT_VERSION",
    "LoadResult",
    "SaveError",
    "SaveInfo",
    "autosave",
    "latest_save",
    "list_saves",
    "load_campaign",
    "named_save",
    "quickload",
    "quicksave",
    "sanitise_name",
    "save_campaign",
    "save_info",
    "saves_dir",
]

if TYPE_CHECKING:
    from game.persistence.fileformat import FORMAT_VERSION
    from game.persistence.slots import (
        SaveInfo,
        autosave,
        latest_save,
        list_saves,
        named_save,
        quickload,
        quicksave,
        sanitise_name,
        save_info,
        saves_dir,
    )
    from game.persistence.store import LoadResult, load_campaign, save_campaign


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f"game.persistence.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'game.persistence' has no attribute '{name}'")
