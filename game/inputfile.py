"""The one way to read a file that comes from outside the game.

Saves, settings.json, mods.json, card, scenario and strategy files are all
written by someone else (a player's hand edit, a mod, a damaged disk). Each is
read here, and only if it is a regular file of sane size:

- a FIFO would block start-up for ever, `/dev/zero` (or a link to it) would be
  read until memory runs out, a socket or a terminal is not data: the file is
  opened without blocking and refused unless `fstat` says it is a regular file
  (checked on the open descriptor, so a swap between check and read is caught);
- a file larger than the caller's limit is refused before it is read, and at
  most `limit + 1` bytes are ever read (a file may grow while we read it);
- every failure is a `FileRefused` (a `SmychkaError`) whose message names the
  file and says what is wrong, with a `reason` the caller can reword.

JSON text goes through `parse_json`, which turns every way Python's parser can
fail -- bad syntax, nesting thousands deep, an integer past the 4,300-digit
limit of int() -- into the same kind of error.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from game.errors import SmychkaError

# Longest file name part most file systems accept (bytes), and a whole path.
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 4096

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(value: object, limit: int = 300) -> str:
    """A path or value fit for a terminal line: control characters and bidi overrides
    escaped (\\x1b, \\u202e), an overlong value cut with an ellipsis."""
    text = _UNPRINTABLE.sub(
        lambda m: m.group().encode("unicode_escape").decode("ascii"), str(value)
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


class FileRefused(SmychkaError):
    """A file from outside that was not read: `reason` says why, the message adds the file."""

    def __init__(self, path: Path | str, reason: str, missing: bool = False) -> None:
        super().__init__(f"{shown(path)}: {reason}")
        self.path = Path(path)
        self.reason = reason
        self.missing = missing  # the file is simply not there (often fine: defaults)


def path_problem(path: Path | str) -> str | None:
    """Why the system would refuse this path by its name alone (a part over 255 bytes,
    a NUL, a whole path over 4096 bytes), or None. Checked before any open, so the
    answer is a sentence and not `OSError: File name too long`."""
    text = os.fspath(path)
    if "\x00" in text:
        return "the path holds a NUL character"
    raw = text.encode("utf-8", "surrogateescape")
    if len(raw) > MAX_PATH_BYTES:
        return f"the path is too long ({len(raw)} bytes; at most {MAX_PATH_BYTES})"
    for part in Path(text).parts:
        n = len(part.encode("utf-8", "surrogateescape"))
        if n > MAX_NAME_BYTES:
            return (
                f"the name '{shown(part, 40)}' is too long ({n} bytes; "
                f"at most {MAX_NAME_BYTES} for one part of a path)"
            )
    return None


def _oserror_reason(exc: OSError, noun: str) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"no such {noun}"
    if isinstance(exc, IsADirectoryError):
        return f"is a folder, not a {noun}"
    if isinstance(exc, PermissionError):
        return "cannot read the file (permission denied)"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    if exc.errno == errno.ELOOP:
        return "cannot follow the path (a symbolic link loop?)"
    if exc.errno == errno.ENOTDIR:
        return f"no such {noun} (a part of the path is a file, not a folder)"
    return f"cannot read the file ({exc.strerror or exc})"


def read_bounded(path: Path | str, limit: int, noun: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Raises FileRefused naming
    the file: missing, a folder, a pipe/device/socket, too large, unreadable."""
    path = Path(path)
    bad = path_problem(path)
    if bad is not None:
        raise FileRefused(path, bad)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        missing = isinstance(exc, FileNotFoundError)
        raise FileRefused(path, _oserror_reason(exc, noun), missing) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise FileRefused(path, f"is a folder, not a {noun}")
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(path, f"not a regular file (a device or pipe?), not a {noun}")
        if st.st_size > limit:
            raise FileRefused(path, _too_large(noun, st.st_size, limit))
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:  # it grew while we read
            raise FileRefused(path, _too_large(noun, got, limit, more=True))
        return b"".join(chunks)
    except OSError as exc:
        raise FileRefused(path, _oserror_reason(exc, noun)) from None
    finally:
        os.close(fd)


def _too_large(noun: str, size: int, limit: int, more: bool = False) -> str:
    return (
        f"file too large to be a {noun} ({'more than ' if more else ''}"
        f"{_size(size)}; at most {_size(limit)})"
    )


def _size(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:.0f} MB"
    if n >= 10_000:
        return f"{n / 1000:.0f} kB"
    return f"{n} bytes"


def decode_utf8(path: Path | str, raw: bytes) -> str:
    """UTF-8 text of a file's bytes (a leading BOM dropped), or FileRefused with the line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileRefused(path, f"not UTF-8 text (line {line}, byte {exc.start})") from None


def read_text(path: Path | str, limit: int, noun: str = "file") -> str:
    return decode_utf8(path, read_bounded(path, limit, noun))


def json_error(exc: BaseException) -> str:
    """What went wrong when parsing JSON, for a person."""
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
    if isinstance(exc, RecursionError):
        return "invalid JSON: nested too deeply"
    text = str(exc)
    if "integer string conversion" in text or "digits" in text:
        return "invalid JSON: a number with more than 4300 digits"
    return f"invalid JSON: {shown(text, 120)}"


# Every exception Python's JSON parser can raise on hostile text.
JSON_ERRORS: tuple[type[BaseException], ...] = (ValueError, RecursionError)


def parse_json(path: Path | str, text: str) -> Any:
    """json.loads, with every failure a FileRefused naming the file."""
    try:
        return json.loads(text)
    except JSON_ERRORS as exc:
        raise FileRefused(path, json_error(exc)) from None


def load_json(path: Path | str, limit: int, noun: str = "file") -> Any:
    """Read (bounded, regular files only) and parse a JSON file."""
    return parse_json(path, read_text(path, limit, noun))
