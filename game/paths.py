"""Where the game's files live: the one place that resolves them.

Shipped files (read-only):
- assets: `assets/` beside `game/` in a source checkout (also an editable install);
  `game/assets/` inside the installed package, where the wheel puts them as
  package data. Both are found through `importlib.resources.files("game")`.
- shipped mods: `mods/` beside `game/` in a checkout, `game/mods/` when installed.

The player's files (platformdirs; the environment variables win):
- settings.json and mods.json: the user config dir (`$SMYCHKA_CONFIG_DIR`);
- saves: `saves/` in a checkout, the user data dir's `saves/` when installed
  (`$SMYCHKA_SAVES_DIR`);
- the player's own mods: the user data dir's `mods/` (`$SMYCHKA_DATA_DIR`).

Nothing else in the game computes a path from `__file__`. This module imports
nothing heavy: settings are read before numpy or pygame are loaded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from importlib import resources
from pathlib import Path

from game.errors import ContentError, SmychkaError

APP_NAME = "smychka"
CONFIG_ENV = "SMYCHKA_CONFIG_DIR"
SAVES_ENV = "SMYCHKA_SAVES_DIR"
DATA_ENV = "SMYCHKA_DATA_DIR"
ASSETS_ENV = "SMYCHKA_ASSETS_DIR"  # for packagers who keep the data elsewhere
# Folders every complete assets tree has; their absence means a broken install.
REQUIRED_ASSETS = ("cards", "scenarios", "regions", "map", "fonts", "ui")


class AssetsMissingError(ContentError):
    """The game's own files (cards, scenarios, fonts...) are not where they should be."""


def user_path(text: str | Path) -> Path:
    """A path the user typed, with `~` and `~user` expanded as a shell would. A `~name`
    that names no user on this machine stays as written (it is a file name then), where
    `Path.expanduser` would raise."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        return Path(text)


@cache
def package_dir() -> Path:
    """The `game` package folder. Wheels install unpacked, so it is a real folder;
    a zipped import cannot hand fonts and TOML files to the libraries that read them."""
    root = resources.files("game")
    if not isinstance(root, Path):
        raise AssetsMissingError(
            f"the game is imported from {root}, not from a folder; install it with pip or pipx"
        )
    return root


def checkout_root() -> Path | None:
    """The source checkout `game/` sits in (the folder with pyproject.toml and
    assets/ beside game/), or None when the game is installed from a wheel."""
    root = package_dir().parent
    if (package_dir() / "assets").is_dir():
        return None
    if (root / "assets").is_dir() and (root / "pyproject.toml").is_file():
        return root
    return None


def assets_dir() -> Path:
    """The folder of shipped assets. A missing one is not an error here (modules name
    their files at import); `require_assets()` or the loader that finds nothing in
    it reports it."""
    env = os.environ.get(ASSETS_ENV)
    if env:
        return user_path(env)
    inside = package_dir() / "assets"
    if inside.is_dir():
        return inside
    return package_dir().parent / "assets"


def asset(*parts: str) -> Path:
    """A file or folder under the assets folder: `asset("ui", "theme.json")`."""
    return assets_dir().joinpath(*parts)


def require_assets() -> Path:
    """The assets folder, or AssetsMissingError saying what is missing and where the
    game looked."""
    d = assets_dir()
    missing = [name for name in REQUIRED_ASSETS if not (d / name).is_dir()]
    if missing:
        where = "is missing" if not d.is_dir() else f"lacks {', '.join(missing)}"
        raise AssetsMissingError(
            f"the game's assets folder {d} {where}; the installation is incomplete "
            "(reinstall the game, or run it from a complete source checkout)"
        )
    return d


def shipped_mods_dir() -> Path:
    """Mods that come with the game (the example mod)."""
    inside = package_dir() / "mods"
    if inside.is_dir():
        return inside
    return package_dir().parent / "mods"


def docs_dir() -> Path:
    """docs/ of a source checkout (the modders' reference is generated into it).
    An installed game has none: the path then names a folder that does not exist."""
    return package_dir().parent / "docs"


def _platformdirs():
    import platformdirs

    return platformdirs


def config_dir() -> Path:
    """settings.json and mods.json: `$SMYCHKA_CONFIG_DIR`, else the user config dir
    (`~/.config/smychka` on Linux, `~/Library/Application Support/smychka` on macOS,
    `%LOCALAPPDATA%\\smychka` on Windows)."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return user_path(env)
    platform_dir = Path(_platformdirs().user_config_dir(APP_NAME, appauthor=False))
    # Before 0.1 the game used ~/.config/smychka everywhere: keep reading a player's
    # old folder on macOS and Windows until the platform's own folder exists.
    legacy = Path.home() / ".config" / APP_NAME
    if platform_dir != legacy and not platform_dir.exists() and legacy.is_dir():
        return legacy
    return platform_dir


def user_data_dir() -> Path:
    """The player's data folder: `$SMYCHKA_DATA_DIR`, else the user data dir
    (`~/.local/share/smychka` on Linux)."""
    env = os.environ.get(DATA_ENV)
    if env:
        return user_path(env)
    return Path(_platformdirs().user_data_dir(APP_NAME, appauthor=False))


def user_mods_dir() -> Path:
    """The player's own mods, found beside the shipped ones. Not created until used."""
    return user_data_dir() / "mods"


def default_saves_dir() -> Path:
    """`$SMYCHKA_SAVES_DIR`, else `saves/` in a source checkout, else the user data
    dir's `saves/` (an installed game must never write into site-packages)."""
    env = os.environ.get(SAVES_ENV)
    if env:
        return user_path(env)
    root = checkout_root()
    if root is not None:
        return root / "saves"
    return user_data_dir() / "saves"


def command() -> str:
    """How the player runs the game, for messages that name a command: `smychka`
    when installed, `python main.py` in a source checkout."""
    return "python main.py" if checkout_root() is not None else APP_NAME


def open_command(folder: Path) -> list[str] | None:
    """The command that shows `folder` in the platform's file manager, or None where
    there is none (Windows uses os.startfile instead; see `open_folder`)."""
    import shutil

    if sys.platform == "darwin":
        return ["open", str(folder)]
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        tool = shutil.which("xdg-open")
        return [tool, str(folder)] if tool else None
    return None


def open_folder(folder: Path) -> str:
    """Show `folder` in the file manager (created first). Returns a line for the
    player; raises SmychkaError with a message they can act on when it cannot."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SmychkaError(f"cannot create {folder}: {exc.strerror or exc}") from None
    if sys.platform == "win32":
        try:
            os.startfile(folder)  # type: ignore[attr-defined]  # Windows only
        except OSError as exc:
            raise SmychkaError(f"cannot open {folder}: {exc.strerror or exc}") from None
        return f"Opened {folder}"
    cmd = open_command(folder)
    if cmd is None:
        raise SmychkaError(
            f"No file manager can be opened here (xdg-open is not installed). The folder is {folder}"
        )
    try:
        subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        raise SmychkaError(f"cannot open {folder}: {exc.strerror or exc}") from None
    return f"Opened {folder}"


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
