"""Write a file so that a crash, a kill or a full disk never loses the old one.

The new bytes go to a temp file in the same folder (same filesystem, so the
final rename is atomic), are flushed and fsynced, the previous version is
kept as `<name>.bak`, then `os.replace` swaps the new file in and the folder
is fsynced so the rename itself survives a power cut. At every moment the
path holds either the complete old file or the complete new one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import time
from pathlib import Path

from game.errors import SaveError

BAK_SUFFIX = ".bak"
TMP_SUFFIX = ".tmp"
_STALE_TMP_SECONDS = 3600.0


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BAK_SUFFIX)


def _fsync_dir(folder: Path) -> None:
    # Not every platform can open a directory (Windows cannot); the rename is
    # still atomic there, just not guaranteed durable across a power cut.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _describe(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EDQUOT:
        return "the disk quota is exceeded"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder is not writable"
    return exc.strerror or str(exc)


def _keep_backup(path: Path) -> None:
    """Make `<name>.bak` a copy of the current file, itself atomically."""
    if not path.exists():
        return
    bak = backup_path(path)
    tmp_bak = path.with_name(f".{path.name}{BAK_SUFFIX}.{os.getpid()}{TMP_SUFFIX}")
    with contextlib.suppress(FileNotFoundError):
        tmp_bak.unlink()
    try:
        try:
            # A hard link costs nothing and keeps the old inode after the swap.
            os.link(path, tmp_bak)
        except OSError:
            shutil.copy2(path, tmp_bak)
        os.replace(tmp_bak, bak)
    except OSError:
        with contextlib.suppress(OSError):
            tmp_bak.unlink()
        raise


def _clean_stale(path: Path) -> None:
    """Remove temp files left by saves that were killed mid-write."""
    now = time.time()
    for tmp in path.parent.glob(f".{path.name}*{TMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > _STALE_TMP_SECONDS:
                tmp.unlink()


def atomic_write(path: Path, data: bytes, keep_backup: bool = True) -> Path:
    """Write `data` to `path` atomically. Raises SaveError; the old file stays intact."""
    path = Path(path)
    folder = path.parent
    # os.replace would swap a device or pipe for our file: `--save /dev/null` run as
    # root once replaced the machine's /dev/null with a save. Only regular files.
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        what = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file (a device or pipe?)"
        raise SaveError(f"cannot save to {path}: it is {what}; choose a file name")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SaveError(
            f"cannot save to {path}: cannot create the folder ({_describe(exc)})"
        ) from None
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if keep_backup:
            _keep_backup(path)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise SaveError(
            f"cannot save to {path}: {_describe(exc)}; the previous save (if any) is untouched"
        ) from None
    _fsync_dir(folder)
    _clean_stale(path)
    return path
