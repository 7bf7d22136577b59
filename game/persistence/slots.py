"""Where saves live and the game's save slots: quicksave, autosaves, named saves."""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from game import paths
from game.errors import SaveError
from game.inputfile import path_problem
from game.persistence import fileformat
from game.persistence.atomic import BAK_SUFFIX, TMP_SUFFIX, backup_path
from game.persistence.fileformat import NewerSaveError, check_version, read_bytes

if TYPE_CHECKING:
    from game.campaign import Campaign
    from game.persistence.store import LoadResult

ENV_VAR = paths.SAVES_ENV
EXT = ".json.gz" if fileformat.COMPRESS else ".json"
SAVE_EXTS = (".json.gz", ".json")
QUICKSAVE = "quicksave"
AUTOSAVE = "autosave"
AUTOSAVES_KEPT = 3
MAX_NAME = 80


def saves_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """`--saves-dir` > $SMYCHKA_SAVES_DIR > `saves/` in a source checkout, else the
    user data dir's `saves/` (see `game.paths`). Created if missing."""
    d = Path(override) if override else paths.default_saves_dir()
    d = paths.user_path(d)
    bad = path_problem(d)
    if bad is not None:
        raise SaveError(f"cannot use {printable(str(d))} as the saves folder: {bad}")
    if d.exists() and not d.is_dir():  # mkdir would only say "File exists"
        raise SaveError(f"cannot use {d} as the saves folder: it is a file, not a folder")
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(f"cannot use {d} as the saves folder: {exc.strerror or exc}") from None
    if not d.is_dir():
        raise SaveError(f"cannot use {d} as the saves folder: it is not a folder")
    return d


def _dir(directory: str | os.PathLike[str] | None) -> Path:
    return saves_dir(directory)


def save_name(path: Path) -> str | None:
    """The slot name of a save file (`quicksave` for quicksave.json.gz), or None."""
    n = path.name
    if n.startswith("."):
        return None
    for ext in SAVE_EXTS:
        if n.endswith(ext):
            return n[: -len(ext)] or None
    return None


def _slot(directory: Path, name: str) -> Path:
    """The existing file of a slot (either extension), else the path to write."""
    found = [directory / (name + ext) for ext in SAVE_EXTS if (directory / (name + ext)).is_file()]
    if found:
        return max(found, key=lambda p: p.stat().st_mtime)
    return directory / (name + EXT)


# Names Windows keeps for devices, with or without an extension ("CON", "nul.txt").
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)
MAX_NAME_BYTES = 200  # UTF-8 bytes of a name: well inside 255 with the extension


def sanitise_name(name: str) -> str:
    """A safe file name for a save name typed by a player in the game or given to
    `--save` on the command line (one function for both; Cyrillic welcome).

    Path separators, control characters (a newline), and anything else but letters,
    digits and `` -_.,()`` become `_`; runs of dots shrink to one and leading or
    trailing dots and blanks go, so `../..` cannot leave the saves folder and `....`
    cannot make a hidden file the game never lists. Windows device names (CON, NUL,
    COM1, aux.txt) are refused. Raises SaveError for a name with nothing left."""
    text = str(name).strip()
    for ext in SAVE_EXTS:
        if text.lower().endswith(ext):
            text = text[: -len(ext)]
    text = "".join(ch if (ch.isalnum() or ch in " -_.,()") else "_" for ch in text)
    text = re.sub(r"\.{2,}", ".", text).strip(" ._")
    text = re.sub(r"\s+", " ", text)[:MAX_NAME].strip(" ._")
    while len(text.encode("utf-8")) > MAX_NAME_BYTES:  # 80 four-byte letters: too long
        text = text[:-1].rstrip(" ._")
    shown_name = printable(repr(str(name)), 60)
    if not text:
        raise SaveError(f"{shown_name} cannot be used as a save name; use letters or digits")
    if text.split(".")[0].strip().upper() in WINDOWS_RESERVED:
        raise SaveError(
            f"{shown_name} cannot be used as a save name: '{text}' is a device name on "
            "Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9); choose another"
        )
    return text


def quicksave(campaign: Campaign, directory: str | os.PathLike[str] | None = None) -> Path:
    from game.persistence.store import save_campaign

    return save_campaign(campaign, _dir(directory) / (QUICKSAVE + EXT))


def quickload(directory: str | os.PathLike[str] | None = None) -> LoadResult:
    d = _dir(directory)
    path = _slot(d, QUICKSAVE)
    if not path.is_file() and not backup_path(path).is_file():
        raise SaveError(f"there is no quicksave in {d} yet")
    from game.persistence.store import load_campaign

    return load_campaign(path)


def autosave(campaign: Campaign, directory: str | os.PathLike[str] | None = None) -> Path:
    """Save to autosave-1, shifting older autosaves to -2 and -3 (the oldest goes)."""
    d = _dir(directory)
    try:
        for i in range(AUTOSAVES_KEPT - 1, 0, -1):
            for ext in SAVE_EXTS:
                src = d / f"{AUTOSAVE}-{i}{ext}"
                if src.is_file():
                    os.replace(src, d / f"{AUTOSAVE}-{i + 1}{ext}")
    except OSError as exc:
        raise SaveError(f"cannot autosave in {d}: {exc.strerror or exc}") from None
    # A rotation already keeps the previous autosave; no .bak needed for slot 1.
    with contextlib.suppress(OSError):
        backup_path(d / f"{AUTOSAVE}-1{EXT}").unlink()
    from game.persistence.store import save_campaign

    return save_campaign(campaign, d / f"{AUTOSAVE}-1{EXT}")


def named_save(
    campaign: Campaign, name: str, directory: str | os.PathLike[str] | None = None
) -> Path:
    from game.persistence.store import save_campaign

    return save_campaign(campaign, _dir(directory) / (sanitise_name(name) + EXT))


@dataclass
class SaveInfo:
    path: Path
    name: str
    scenario: str
    date_label: str
    turn: int
    game_version: str
    modified: float
    loadable: bool
    problem: str | None = None
    scenario_name: str = ""  # for dialogs: the scenario's title
    outcome: str | None = None  # set once the campaign has ended
    mode: str = "normal"  # "ironman", "branch" or "normal" (format 3 headers say it)


def _header_problem(path: Path) -> tuple[dict, str | None]:
    """The header and the problem (None if fine), without building the campaign."""
    header, text, end = fileformat.read_header(path, read_bytes(path))
    check_version(path, header)
    fileformat.verify_body(path, header, text, end)
    return header, None


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, limit: int = 120) -> str:
    """A header value or file name fit for a table: a hand-edited save must not send
    escape sequences to the terminal or a megabyte of text to the saves screen."""
    text = _UNPRINTABLE.sub("?", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def save_info(path: Path) -> SaveInfo:
    """What the saves list shows for one file. Cheap: reads the header and checksum only."""
    name = printable(save_name(path) or path.name)
    try:
        modified = path.stat().st_mtime
    except OSError:
        modified = 0.0
    header: dict = {}
    problem = None
    loadable = True
    try:
        header, _ = _header_problem(path)
    except SaveError as exc:
        problem = str(exc)
        loadable = False
        bak = backup_path(path)
        if bak.is_file() and not isinstance(exc, NewerSaveError):
            try:
                header, _ = _header_problem(bak)
                loadable = True
                problem += f" -- its backup {bak.name} will be loaded instead"
            except SaveError:
                pass

    def text(key: str, default: str = "?") -> str:
        v = header.get(key)
        return printable(str(v)) if v is not None else default

    turn = header.get("turn")
    return SaveInfo(
        path=path,
        name=name,
        scenario=text("scenario"),
        date_label=text("date_label"),
        turn=turn if isinstance(turn, int) and not isinstance(turn, bool) else -1,
        game_version=text("game_version"),
        modified=modified,
        loadable=loadable,
        problem=problem,
        scenario_name=text("scenario_name", ""),
        outcome=header.get("outcome") if isinstance(header.get("outcome"), str) else None,
        mode=header.get("mode") if header.get("mode") in ("ironman", "branch") else "normal",
    )


def list_saves(directory: str | os.PathLike[str] | None = None) -> list[SaveInfo]:
    """Every save in the folder, newest first (backups and temp files are not listed)."""
    d = _dir(directory)
    out = []
    for p in d.iterdir():
        if p.name.endswith((BAK_SUFFIX, TMP_SUFFIX)) or save_name(p) is None or not p.is_file():
            continue
        out.append(save_info(p))
    out.sort(key=lambda s: (-s.modified, s.name))
    return out


def latest_save(directory: str | os.PathLike[str] | None = None) -> Path | None:
    """The newest save that loads (for the menu's "Continue"), or None."""
    for info in list_saves(directory):
        if info.loadable:
            return info.path
    return None
