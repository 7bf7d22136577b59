"""Saves: campaigns written as versioned, checksummed JSON (gzipped), atomically.

Public API (the UI and the CLI use only these):
    saves_dir(override=None) -> Path
    save_campaign(campaign, path) -> Path
    load_campaign(path, mods_dirs=()) -> LoadResult(.campaign, .warnings)
    quicksave / quickload / autosave / named_save / list_saves / latest_save
Every problem a player can cause raises `game.errors.SaveError` with the file
and what is wrong. See docs/saves.md.
"""

from game.errors import SaveError
from game.persistence.codec import FORMAT_VERSION
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
