"""Mods: folders with a `mod.toml` and `cards/*.toml` (and optional `scenarios/*.toml`).

Mods are found in the game's own `mods/` folder (shipped with it), in the
player's mods folder (`mods/` in the user data dir, see `game.paths`) and in any
`--mods-dir`. Which ones are enabled, and in which order, is kept in `mods.json`
in the config folder (`$SMYCHKA_CONFIG_DIR`, else the user config dir). Mods found via
`--mods-dir` are enabled for that run. A mod is data only: nothing in it is
ever imported or executed.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from game import __version__, paths
from game.cards.loader import parse_toml, read_toml_text, safe_resolve
from game.cards.problems import Locator, Problem
from game.cards.schema import ModManifest
from game.errors import ContentError, did_you_mean
from game.inputfile import FileRefused, load_json, path_problem, shown

BASE_CARDS_DIR = paths.asset("cards")
PROJECT_MODS_DIR = paths.shipped_mods_dir()  # the example mod; the player's are in user_mods_dir
MAX_FILES_PER_MOD = 200
MAX_CARDS_PER_MOD = 5000
MAX_MODS = 200
MAX_CONFIG_BYTES = 1_000_000  # mods.json holds ids only: a few kB at most


@dataclass
class ModInfo:
    """A mod found on disk, for the mods screen and the loader."""

    id: str
    name: str
    version: str
    path: Path
    enabled: bool
    problems: list[Problem] = field(default_factory=list)
    manifest: ModManifest | None = None
    from_command_line: bool = False

    @property
    def ok(self) -> bool:
        return self.manifest is not None and not any(p.is_error for p in self.problems)

    def card_files(self) -> list[Path]:
        return _content_files(self, "card_dirs")

    def scenario_files(self) -> list[Path]:
        return _content_files(self, "scenario_dirs")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "path": str(self.path),
            "enabled": self.enabled,
            "ok": self.ok,
            "problems": [str(p) for p in self.problems],
        }


def _content_files(mod: ModInfo, attr: str) -> list[Path]:
    # Without a valid manifest the default folders are still read, so that the
    # validator reports the cards' problems too.
    dirs = getattr(mod.manifest, attr) if mod.manifest else [attr.removesuffix("_dirs") + "s"]
    out: list[Path] = []
    for d in dirs:
        folder = mod.path / d
        if folder.is_dir():
            out.extend(sorted(folder.glob("*.toml")))
    return out


# --- config ------------------------------------------------------------------------
def config_dir() -> Path:
    return paths.config_dir()


def user_mods_dir() -> Path:
    """The player's own mods folder (see `game.paths.user_mods_dir`)."""
    return paths.user_mods_dir()


def config_path() -> Path:
    return config_dir() / "mods.json"


def read_mod_config() -> tuple[dict[str, Any], list[str]]:
    """`({"enabled": [ids], "order": [ids]}, warnings)`. mods.json is the player's file:
    a missing one means defaults, a broken one means defaults too (or the good parts of
    it) with a warning naming the file and what was wrong."""
    path = config_path()
    empty: dict[str, Any] = {"enabled": [], "order": []}
    try:
        data = load_json(path, MAX_CONFIG_BYTES, "mod settings file")
    except FileRefused as exc:  # a FIFO, /dev/zero, huge, bad JSON, bad UTF-8, [[[[...
        if exc.missing:
            return empty, []
        return empty, [
            f"{shown(path)}: cannot read the mod settings ({exc.reason}); no mods enabled"
        ]
    if not isinstance(data, dict):
        return empty, [f"{path}: expected a JSON object; no mods enabled"]
    cfg: dict[str, Any] = {}
    warnings: list[str] = []
    for key in ("enabled", "order"):
        raw = data.get(key, [])
        if not isinstance(raw, list):  # a bare string would be read letter by letter
            warnings.append(
                f"{path}: '{key}' should be a list of mod ids, got {shown(repr(raw), 80)}"
            )
            raw = []
        bad = [x for x in raw if not isinstance(x, str)]
        if bad:
            warnings.append(
                f"{path}: '{key}' holds non-text entries {shown(repr(bad), 80)}; ignored"
            )
        cfg[key] = [x for x in raw if isinstance(x, str)]
    return cfg, warnings


def load_mod_config() -> dict[str, Any]:
    """`{"enabled": [ids], "order": [ids]}`; a missing or broken file means defaults."""
    return read_mod_config()[0]


def save_mod_config(cfg: dict[str, Any]) -> None:
    path = config_path()
    bad = path_problem(path)
    if bad is not None:
        raise ContentError(f"{shown(path)}: cannot save the mod settings: {bad}")
    if path.parent.exists() and not path.parent.is_dir():  # mkdir would say "File exists"
        raise ContentError(f"{path}: cannot save the mod settings: {path.parent} is a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # the player's broken file is kept, not silently lost
        if path.is_file() and path.stat().st_size <= MAX_CONFIG_BYTES and read_mod_config()[1]:
            shutil.copyfile(path, broken_copy_path(path))
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(cfg, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, path)  # atomic: the old file or the new one, never half
    except OSError as exc:
        raise ContentError(f"{path}: cannot save the mod settings: {exc.strerror or exc}") from None


def broken_copy_path(path: Path) -> Path:
    """Where a broken config file is copied before it is replaced."""
    return path.with_name(path.name + ".broken")


def set_mod_enabled(mod_id: str, enabled: bool, known: list[str] | None = None) -> None:
    """Enable or disable a mod in mods.json (the mods screen and `mods enable`)."""
    if known is not None and mod_id not in known:
        raise ContentError(f"unknown mod '{mod_id}'{did_you_mean(mod_id, known)}")
    cfg = load_mod_config()
    ids = [m for m in cfg["enabled"] if m != mod_id]
    if enabled:
        ids.append(mod_id)
    cfg["enabled"] = ids
    save_mod_config(cfg)


def set_mod_order(order: list[str]) -> None:
    cfg = load_mod_config()
    cfg["order"] = list(order)
    save_mod_config(cfg)


# --- discovery -----------------------------------------------------------------------
def mod_folders_in(d: Path) -> list[Path]:
    """A mods dir holds mod folders; a folder with mod.toml is itself a mod."""
    try:
        if (d / "mod.toml").is_file():
            return [d]
        if not d.is_dir():
            return []
        return sorted(p for p in d.iterdir() if p.is_dir() and (p / "mod.toml").is_file())
    except OSError:  # an unreadable folder holds no mods we can load
        return []


def read_manifest(folder: Path) -> ModInfo:
    path = folder / "mod.toml"
    info = ModInfo(folder.name, folder.name, "?", folder, False)
    text, probs = read_toml_text(path, folder)
    if text is None:
        info.problems = probs
        return info
    data, probs = parse_toml(path, text)
    if data is None:
        info.problems = probs
        return info
    loc = Locator(path, text)
    try:
        m = ModManifest.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            key = ".".join(str(p) for p in e["loc"])
            msg = e["msg"].removeprefix("Value error, ")
            if e["type"] == "extra_forbidden":
                fields = list(ModManifest.model_fields)
                msg = (
                    f"unknown key '{key}'{did_you_mean(key, fields)}; allowed: {', '.join(fields)}"
                )
            elif e["type"] == "missing":
                msg = f"missing required key '{key}'"
            else:
                msg = f"{key}: {msg}"
            info.problems.append(loc.problem(tuple(e["loc"]), msg))
        return info
    info.id, info.name, info.version, info.manifest = m.id, m.name, m.version, m
    # Every folder a manifest names must stay inside the mod folder.
    for attr in ("card_dirs", "scenario_dirs"):
        for d in getattr(m, attr):
            target, top = safe_resolve(folder / d), safe_resolve(folder)
            if (
                Path(d).is_absolute()
                or target is None
                or top is None
                or not target.is_relative_to(top)
            ):
                info.problems.append(
                    loc.problem((attr,), f"{attr}: '{d}' leads outside the mod folder", needle=d)
                )
    if m.game_versions and not any(_version_matches(v) for v in m.game_versions):
        info.problems.append(
            loc.problem(
                ("game_versions",),
                f"made for game versions {', '.join(m.game_versions)}; this is {__version__} "
                "(loading it anyway)",
                severity="warning",
            )
        )
    files = info.card_files() + info.scenario_files()
    if len(files) > MAX_FILES_PER_MOD:
        info.problems.append(
            loc.at(1, 1, f"too many files ({len(files)}; at most {MAX_FILES_PER_MOD})")
        )
    return info


def _version_matches(spec: str) -> bool:
    return __version__ == spec or __version__.startswith(spec.rstrip(".") + ".")


def discover_mods(
    extra_dirs: list[Path] | tuple[Path, ...] = (),
    include_project: bool = True,
    mod_folders: list[Path] | tuple[Path, ...] = (),
) -> list[ModInfo]:
    """Every mod found, in load order, with `enabled` from mods.json (mods from
    `extra_dirs` and the single `mod_folders` are enabled for this run) and any
    problems of its manifest."""
    cfg = load_mod_config()
    found: list[ModInfo] = []
    seen: dict[str, Path] = {}
    sources: list[tuple[list[Path], bool]] = []
    if include_project:
        sources.append((mod_folders_in(PROJECT_MODS_DIR), False))
        sources.append((mod_folders_in(user_mods_dir()), False))
    sources += [(mod_folders_in(Path(d)), True) for d in extra_dirs]
    sources.append(([Path(f) for f in mod_folders], True))
    for folders, cli in sources:
        for folder in folders[:MAX_MODS]:
            same = [m for m in found if safe_resolve(m.path) == safe_resolve(folder)]
            if same:  # found twice (mods/ given as --mods-dir too): enabled if asked
                same[0].enabled = same[0].enabled or cli
                continue
            info = read_manifest(folder)
            info.from_command_line = cli
            info.enabled = cli or info.id in cfg["enabled"]
            if info.id in seen:
                info.problems.append(
                    Problem(
                        str(folder / "mod.toml"),
                        1,
                        1,
                        "error",
                        f"mod id '{info.id}' is already used by {seen[info.id]}",
                    )
                )
            else:
                seen[info.id] = folder
            found.append(info)
    return order_mods(found, cfg["order"])


def order_mods(mods: list[ModInfo], order: list[str] | None = None) -> list[ModInfo]:
    """Dependencies first; otherwise by mods.json order, then load_order, then id.
    Missing or cyclic dependencies mark a mod with an error."""
    order = order or []
    by_id = {m.id: m for m in mods if m.manifest is not None}

    def rank(m: ModInfo) -> tuple[int, int, str]:
        pos = order.index(m.id) if m.id in order else len(order)
        lo = m.manifest.load_order if m.manifest else 0
        return (pos, lo, m.id)

    for m in mods:
        if m.manifest is None:
            continue
        for dep in m.manifest.dependencies:
            if dep not in by_id:
                m.problems.append(
                    Problem(
                        str(m.path / "mod.toml"),
                        1,
                        1,
                        "error",
                        f"needs mod '{dep}', which is not installed"
                        f"{did_you_mean(dep, list(by_id))}",
                    )
                )
    result: list[ModInfo] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def visit(m: ModInfo, chain: list[str]) -> None:
        if m.id in placed:
            return
        if m.id in visiting:
            # every mod on the cycle gets the error, not only the one that closes it:
            # otherwise the others look fine on the mods screen and fail only at load
            cycle = [*chain[chain.index(m.id) :], m.id]
            msg = f"dependency cycle: {' -> '.join(cycle)}"
            for member in dict.fromkeys(cycle):
                mod = by_id[member]
                if not any(p.message == msg for p in mod.problems):
                    mod.problems.append(Problem(str(mod.path / "mod.toml"), 1, 1, "error", msg))
            return
        visiting.add(m.id)
        deps = m.manifest.dependencies if m.manifest else []
        for dep in sorted((by_id[d] for d in deps if d in by_id), key=rank):
            visit(dep, [*chain, m.id])
        visiting.discard(m.id)
        placed.add(m.id)
        result.append(m)

    for m in sorted(mods, key=rank):
        if m.manifest is None:
            result.append(m)
        else:
            visit(m, [])
    return result
