"""`python main.py mods validate`: check base content and mods, never crash.

The result is a list of `Problem`s (`path:LINE:COL: error|warning: message`
with the offending line under it). The validator itself never raises: any
unexpected failure is reported as a problem too, so a hostile file cannot
take the command down.
"""

from __future__ import annotations

from pathlib import Path

from game.cards import mods as _mods
from game.cards.content import Content, load_content
from game.cards.mods import mod_folders_in
from game.cards.problems import Problem


def validate(
    mod_folders: list[Path] | tuple[Path, ...] = (),
    mods_dirs: list[Path] | tuple[Path, ...] = (),
    base_dir: Path | None = None,
) -> list[Problem]:
    """Problems in the base cards plus the given mod folders and --mods-dir folders.
    With neither given, every mod shipped with the game and in the player's mods
    folder is checked."""
    content = validate_content(mod_folders, mods_dirs, base_dir)
    if isinstance(content, list):
        return content
    return content.problems


def validate_content(
    mod_folders: list[Path] | tuple[Path, ...] = (),
    mods_dirs: list[Path] | tuple[Path, ...] = (),
    base_dir: Path | None = None,
) -> Content | list[Problem]:
    folders = list(mod_folders)
    if not folders and not mods_dirs:
        folders = mod_folders_in(_mods.PROJECT_MODS_DIR) + mod_folders_in(_mods.user_mods_dir())
    expanded: list[Path] = []
    for f in map(Path, folders):
        inner = [] if (f / "mod.toml").is_file() else mod_folders_in(f)
        if inner:  # a folder of mods (like mods/): check each of them
            expanded += inner
        elif not f.exists():
            return [Problem(str(f), 1, 1, "error", "no such file or folder")]
        elif not f.is_dir():
            return [Problem(str(f), 1, 1, "error", "is a file; expected a mod folder")]
        elif not (f / "mod.toml").is_file():
            return [Problem(str(f), 1, 1, "error", "not a mod folder (no mod.toml in it)")]
        else:
            expanded.append(f)
    folders = expanded
    try:
        return load_content(
            list(mods_dirs),
            mod_folders=folders,
            include_project_mods=False,
            base_dir=base_dir,
        )
    except RecursionError:
        return [
            Problem(str(folders[0] if folders else "."), 1, 1, "error", "content nested too deeply")
        ]
