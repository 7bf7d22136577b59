"""Saving a campaign to a file and loading it back, with every failure named."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from game.campaign import Campaign
from game.errors import SaveError, SmychkaError
from game.persistence import codec, fileformat
from game.persistence.atomic import atomic_write, backup_path
from game.persistence.fileformat import (  # noqa: F401  (re-exported: the save API)
    FORMAT_VERSION,
    NewerSaveError,
    check_version,
    read_bytes,
)
from game.persistence.migrations import migrate


@dataclass
class LoadResult:
    campaign: Campaign
    warnings: list[str] = field(default_factory=list)
    path: Path | None = None


def save_campaign(campaign: Campaign, path: str | Path) -> Path:
    """Write the campaign to `path` atomically (previous version kept as `.bak`)."""
    path = Path(path)
    try:
        data = fileformat.encode(codec.header_of(campaign), codec.body_of(campaign))
    except (TypeError, ValueError) as exc:  # a bug, not a user mistake: say it plainly
        raise SaveError(
            f"cannot save to {path}: the campaign holds unsaveable data ({exc})"
        ) from exc
    return atomic_write(path, data)


def _load_file(path: Path, mods_dirs: Sequence[Path]) -> LoadResult:
    return load_bytes(path, read_bytes(path), mods_dirs)


def load_bytes(path: Path, data: bytes, mods_dirs: Sequence[Path] = ()) -> LoadResult:
    """A campaign from a save's bytes (`path` names it in messages): the container,
    the checksum, the migrations, then every value (persistence.validate) and one
    season played on a copy. Raises SaveError naming the file and the field."""
    header, body = fileformat.decode(path, data)
    check_version(path, header)
    warnings: list[str] = []
    try:
        old = header["format_version"]
        header, body, steps = migrate(header, body, FORMAT_VERSION)
        if steps:
            warnings.append(
                f"this save was written in format {old} (Smychka "
                f"{header.get('game_version', '?')}) and was upgraded to format "
                f"{FORMAT_VERSION}; saving writes the new format"
            )
        camp, more = codec.campaign_from(header, body, mods_dirs)
    except SmychkaError as exc:
        raise SaveError(f"{path}: the save is damaged ({exc})") from None
    except codec.LOAD_ERRORS as exc:
        raise SaveError(f"{path}: the save is damaged ({codec.describe(exc)})") from None
    return LoadResult(camp, warnings + more, path)


def load_campaign(path: str | Path, mods_dirs: Sequence[str | Path] = ()) -> LoadResult:
    """Load a save. Raises SaveError naming the file and what is wrong.

    If the file is damaged but its `.bak` (the previous save to the same path)
    loads, the backup is loaded instead and `warnings` says so."""
    path = Path(path)
    dirs = [Path(d) for d in mods_dirs]
    try:
        return _load_file(path, dirs)
    except SaveError as exc:
        main_error = exc
    bak = backup_path(path)
    if not bak.is_file() or isinstance(main_error, NewerSaveError):
        raise main_error
    try:
        result = _load_file(bak, dirs)
    except SaveError:
        raise main_error from None
    st = result.campaign.state
    result.warnings.insert(
        0,
        f"{main_error} -- loaded the previous save from {bak.name} instead "
        f"({st.date_label}, turn {st.turn})",
    )
    return result
