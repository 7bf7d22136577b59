"""The bytes of a save file: a header, a checksummed body, optionally gzipped.

Layout (text, UTF-8):

    {"header":{"format":"smychka-save","format_version":N,...,"body_sha256":"..."},"body":{...}}

The header comes first so the saves list can read it without parsing the
body; the body's SHA-256 lets the loader tell a damaged file from a good one
even when the damage still parses as JSON. The whole text is gzip-compressed
when written by the game (see `COMPRESS`); the loader sniffs the first bytes,
so a plain `.json` save (hand-made, or decompressed for inspection) loads too.
A hand-edited save should drop `body_sha256` from its header, or it will be
refused as corrupted.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zlib
from pathlib import Path
from typing import Any

from game.errors import SaveError
from game.inputfile import FileRefused, json_error, read_bounded

# What this game writes and the newest it reads. Every change to what a save holds bumps
# it and adds one step to game.persistence.migrations. It lives here, not in the codec,
# so that listing saves (the menu's Continue) does not import the engine.
FORMAT_VERSION = 6


class NewerSaveError(SaveError):
    """The save is from a newer game; its backup would be older, not better."""


def read_bytes(path: Path) -> bytes:
    """The file's bytes through the one bounded, regular-file-only reader: /dev/zero or
    a FIFO given as a save must not be read until memory runs out or block for ever."""
    try:
        return read_bounded(path, MAX_BYTES, "save")
    except FileRefused as exc:
        raise SaveError(str(exc)) from None


def check_version(path: Path, header: dict[str, Any]) -> None:
    version = header["format_version"]
    if version > FORMAT_VERSION:
        raise NewerSaveError(
            f"{path}: this save comes from a newer version of the game "
            f"(Smychka {header.get('game_version', '?')}, save format {version}); this game "
            f"reads save formats up to {FORMAT_VERSION} -- update the game to load it"
        )


FORMAT_NAME = "smychka-save"
GZIP_MAGIC = b"\x1f\x8b"
# Measured on a finished 1928-1941 campaign: ~100 kB of JSON becomes ~22 kB
# at gzip level 6 for ~2 ms; the repeated keys of the history and the
# turn report compress very well. Small files also make the .bak copy cheap.
COMPRESS = True
GZIP_LEVEL = 6
# A finished campaign's save is ~100 kB of JSON; anything past this is not ours.
MAX_BYTES = 64 * 2**20
_PREFIX = '{"header":'
_BODY_SEP = ',"body":'

# First bytes of files people are likely to pick by mistake, for a helpful message.
_KNOWN_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"%PDF", "a PDF document"),
    (b"\x80", "a Python pickle (never loaded, for safety)"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
)


def encode(header: dict[str, Any], body: dict[str, Any], compress: bool = COMPRESS) -> bytes:
    """Serialise a save. `header` gets the body's checksum added."""
    body_text = json.dumps(body, separators=(",", ":"), allow_nan=False)
    header = dict(header)
    header["body_sha256"] = hashlib.sha256(body_text.encode("utf-8")).hexdigest()
    text = _PREFIX + json.dumps(header, separators=(",", ":")) + _BODY_SEP + body_text + "}"
    raw = text.encode("utf-8")
    # mtime=0 keeps identical campaigns byte-identical on disk.
    return gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0) if compress else raw


def _text(path: Path, data: bytes) -> str:
    """The save's JSON text: decompressed if needed, with damage named."""
    if not data:
        raise SaveError(f"{path}: the file is empty (0 bytes) -- not a save")
    if len(data) > MAX_BYTES:
        raise SaveError(f"{path}: too large to be a save ({len(data) // 2**20} MB)")
    if data[:2] == GZIP_MAGIC:
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(MAX_BYTES + 1)  # bounded: a tiny file may inflate to gigabytes
            if len(data) > MAX_BYTES:
                raise SaveError(f"{path}: too large to be a save (over {MAX_BYTES // 2**20} MB)")
        except EOFError:
            raise SaveError(
                f"{path}: the save is truncated (the compressed data ends early; "
                "the file was cut off while being written or copied)"
            ) from None
        except (OSError, zlib.error) as exc:
            raise SaveError(
                f"{path}: the save is corrupted (compressed data is damaged: {exc})"
            ) from None
    else:
        for magic, what in _KNOWN_MAGIC:
            if data.startswith(magic):
                raise SaveError(f"{path}: this is {what}, not a Smychka save")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SaveError(
            f"{path}: not a Smychka save (not UTF-8 text at byte {exc.start})"
        ) from None


def _not_a_save(path: Path, why: str) -> SaveError:
    return SaveError(f"{path}: not a Smychka save ({why})")


def _check_header(path: Path, header: Any) -> dict[str, Any]:
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        raise _not_a_save(path, f"its header does not say format '{FORMAT_NAME}'")
    version = header.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SaveError(
            f"{path}: the save header is damaged (format_version is {version!r}, "
            "expected a whole number from 1)"
        )
    return header


def _truncated_or_corrupt(path: Path, text: str, exc: json.JSONDecodeError) -> SaveError:
    # JSON that simply stops is a cut-off file; anything else is damage.
    if exc.pos >= len(text.rstrip()) - 1:
        return SaveError(f"{path}: the save is truncated (the data ends early at byte {exc.pos})")
    return SaveError(
        f"{path}: the save is corrupted (invalid data at line {exc.lineno}, "
        f"column {exc.colno}: {exc.msg})"
    )


def read_header(path: Path, data: bytes) -> tuple[dict[str, Any], str, int]:
    """Header, full text and the offset where the header ends.

    Checks the container (compression, text, JSON header) but not the body."""
    text = _text(path, data)
    stripped = text.lstrip()
    if not stripped.startswith("{"):
        raise _not_a_save(path, "it is not a JSON object")
    if text.startswith(_PREFIX + "{"):  # the compact layout the game writes
        try:
            header, end = json.JSONDecoder().raw_decode(text, len(_PREFIX))
        except json.JSONDecodeError as exc:
            raise _truncated_or_corrupt(path, text, exc) from None
        except (ValueError, RecursionError) as exc:  # a 5000-digit integer, [[[[...
            raise SaveError(f"{path}: the save is corrupted ({json_error(exc)})") from None
        return _check_header(path, header), text, end
    # Not our compact layout (re-formatted by hand, or something else entirely).
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        if '"header"' in text[:200]:
            raise _truncated_or_corrupt(path, text, exc) from None
        raise _not_a_save(path, f"invalid JSON: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        raise _not_a_save(path, json_error(exc)) from None
    if not isinstance(obj, dict) or "header" not in obj:
        raise _not_a_save(path, "a JSON object without a 'header'")
    return _check_header(path, obj["header"]), text, -1


def verify_body(path: Path, header: dict[str, Any], text: str, end: int) -> str:
    """Check the body's checksum; return its JSON text. Cheap: no parsing."""
    if end < 0 or not text.startswith(_BODY_SEP, end):
        return ""  # re-formatted file: the body is read from the whole JSON
    if not text.endswith("}"):
        raise SaveError(f"{path}: the save is truncated (the data ends early)")
    body_text = text[end + len(_BODY_SEP) : -1]
    expected = header.get("body_sha256")
    if expected is not None:
        got = hashlib.sha256(body_text.encode("utf-8")).hexdigest()
        if got != expected:
            raise SaveError(
                f"{path}: the save is corrupted (its checksum does not match: the data "
                "was damaged on disk or edited by hand)"
            )
    return body_text


def decode(path: Path, data: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, body) of a save file's bytes. Raises SaveError naming the problem."""
    header, text, end = read_header(path, data)
    body_text = verify_body(path, header, text, end)
    try:
        if body_text:
            body = json.loads(body_text)
        else:
            body = json.loads(text).get("body")
    except json.JSONDecodeError as exc:
        raise _truncated_or_corrupt(path, text, exc) from None
    except (ValueError, RecursionError) as exc:
        raise SaveError(f"{path}: the save is corrupted ({json_error(exc)})") from None
    if not isinstance(body, dict):
        raise SaveError(f"{path}: the save is damaged (its body is not a JSON object)")
    return header, body
