"""Player settings kept between runs: window, UI scale, palette, hints, sound.

Stored as JSON at `$SMYCHKA_CONFIG_DIR/settings.json`, else in the user config
dir (`~/.config/smychka/settings.json` on Linux; see `game.paths`). The file is
outside input: a missing, corrupt or out-of-range file never stops the game --
bad values fall back to their defaults and the problem is reported once as a
warning.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from game import paths
from game.inputfile import FileRefused, decode_utf8, parse_json, read_bounded, shown

SCALES: tuple[int, ...] = (100, 125, 150, 175, 200)
WINDOW_SIZES: tuple[tuple[int, int], ...] = (
    (1280, 720),
    (1366, 768),
    (1600, 900),
    (1920, 1080),
    (2560, 1440),
)
# names as in game/ui/palettes.py (kept here so reading settings needs no numpy)
PALETTES: tuple[str, ...] = ("viridis", "cividis", "high_contrast", "diverging")
MIN_SIZE = (1024, 600)
VOLUMES: tuple[str, ...] = ("master_volume", "music_volume", "effects_volume")


def config_dir() -> Path:
    return paths.config_dir()


def settings_path() -> Path:
    return config_dir() / "settings.json"


@dataclass
class Settings:
    width: int = 1280
    height: int = 720
    fullscreen: bool = False
    ui_scale: int = 100  # percent, 100..200
    palette: str = "viridis"
    hints_seen: list[str] = field(default_factory=list)
    hints_enabled: bool = True
    show_history_notes: bool = True
    # sound, percent 0..100; muted keeps the levels for when the sound comes back
    master_volume: int = 75
    music_volume: int = 50
    effects_volume: int = 75
    muted: bool = False
    # re-read card files edited while the game runs (for modders; `play --dev` turns it on)
    hot_reload: bool = False

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    @property
    def scale(self) -> float:
        return self.ui_scale / 100.0

    def sanitised(self) -> tuple[Settings, list[str]]:
        """A copy with every value inside its allowed range, and what was fixed."""
        problems: list[str] = []
        d = Settings()
        out = Settings(**asdict(self))
        if not (MIN_SIZE[0] <= out.width <= 7680 and MIN_SIZE[1] <= out.height <= 4320):
            problems.append(f"window size {out.width}x{out.height} is out of range")
            out.width, out.height = d.width, d.height
        if not 100 <= out.ui_scale <= 200:
            problems.append(f"ui_scale {out.ui_scale} is out of range 100..200")
            out.ui_scale = d.ui_scale
        for name in VOLUMES:
            if not 0 <= getattr(out, name) <= 100:
                problems.append(f"{name} {getattr(out, name)} is out of range 0..100")
                setattr(out, name, getattr(d, name))
        if out.palette not in PALETTES:
            problems.append(f"unknown palette '{out.palette}'")
            out.palette = d.palette
        return out, problems


def _coerce(name: str, value: Any, default: Any) -> Any:
    """The value if it has the default's type, else raise ValueError."""
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif isinstance(default, str):
        if isinstance(value, str):
            return value
    elif isinstance(default, list) or default is None:
        if value is None and default is None:
            return None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
    raise ValueError(f"{name}: unexpected value {value!r}")


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """Read settings; returns (settings, warnings). Never raises for bad files."""
    path = path or settings_path()
    settings, warnings, raw = _read_settings(path)
    # a folder, pipe or huge file in its place has nothing worth keeping; a hand edit has
    if warnings and raw is not None:
        warnings.append(_keep_broken_copy(path, raw))
    return settings, warnings


def _keep_broken_copy(path: Path, raw: bytes) -> str:
    """The game writes sane settings back over a broken file; keep the player's version
    next to it first so a hand edit is never lost silently."""
    copy = path.with_name(path.name + ".broken")
    try:
        copy.write_bytes(raw)
    except OSError as exc:
        return f"{shown(path)}: could not keep a copy of the broken file ({exc.strerror or exc})"
    return f"{shown(path)}: the file will be rewritten; your version is kept as {shown(copy)}"


MAX_CONFIG_BYTES = 1_000_000  # settings are a few hundred bytes; more is not ours


def _read_settings(path: Path) -> tuple[Settings, list[str], bytes | None]:
    """(settings, warnings, the file's bytes if it was read)."""
    try:
        data = read_bounded(path, MAX_CONFIG_BYTES, "settings file")
    except FileRefused as exc:  # missing (fine), a folder, a FIFO, /dev/zero, too large
        if exc.missing:
            return Settings(), [], None
        if exc.reason.startswith("file too large"):
            return Settings(), [f"{shown(path)}: too large to be settings; using defaults"], None
        msg = f"{shown(path)}: could not read settings ({exc.reason}); using defaults"
        return Settings(), [msg], None
    try:
        raw = parse_json(path, decode_utf8(path, data))
    except FileRefused as exc:
        msg = f"{shown(path)}: could not read settings ({exc.reason}); using defaults"
        return Settings(), [msg], data
    if not isinstance(raw, dict):
        return Settings(), [f"{shown(path)}: expected a JSON object; using defaults"], data
    base = Settings()
    values: dict[str, Any] = {}
    warnings: list[str] = []
    for f in fields(Settings):
        if f.name not in raw:
            continue
        try:
            values[f.name] = _coerce(f.name, raw[f.name], getattr(base, f.name))
        except ValueError as exc:
            warnings.append(f"{shown(path)}: {shown(exc)}; using the default")
    settings, problems = Settings(**values).sanitised()
    warnings += [f"{shown(path)}: {shown(p)}; using the default" for p in problems]
    return settings, warnings, data


def save_settings(settings: Settings, path: Path | None = None) -> Path | None:
    """Write settings atomically. Returns the path, or None if it could not be written
    (a read-only home must not crash the game)."""
    path = path or settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        return None
    return path
