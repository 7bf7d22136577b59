"""Reading the interface's own content files: the glossary, the guide, the historical series.

Each is a TOML file under assets/ holding an array of tables ([[term]], [[step]],
[[series]]). A mistake in one, ours or a modder's, must be a ContentError that names
the file and the table, never a traceback; the checks every such file needs (the
TOML itself, the array, each entry a table, ids present and unique, texts not
empty) are made here once. What a table must hold beyond that is its module's own.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from game.errors import ContentError


def read_content(path: Path, what: str) -> str:
    """The text of a content file; ContentError naming it when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise ContentError(f"{path}: cannot read the {what} ({e.strerror})") from None
    except UnicodeDecodeError:
        raise ContentError(f"{path}: the {what} is not UTF-8 text") from None


def content_tables(
    text: str, path: Path, key: str, noun: str, required: bool = False
) -> list[dict[str, Any]]:
    """The `[[key]]` tables of a content file's text, in order. `noun` names one entry in
    messages ("term #3 must be a table"); `required`: a file without any is refused."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ContentError(f"{path}: not valid TOML ({e})") from None
    raw = data.get(key, [])
    if not isinstance(raw, list):
        raise ContentError(f"{path}: '{key}' must be an array of tables ([[{key}]])")
    if required and not raw:
        raise ContentError(f"{path}: no [[{key}]] tables")
    for i, t in enumerate(raw):
        if not isinstance(t, dict):
            raise ContentError(f"{path}: {noun} #{i + 1} must be a table")
    return raw


def unique_ids(tables: list[dict[str, Any]], path: Path, noun: str) -> list[str]:
    """Each table's `id`, which must be a non-empty text given once in the file."""
    ids: list[str] = []
    for i, t in enumerate(tables):
        tid = t.get("id")
        if not isinstance(tid, str) or not tid:
            raise ContentError(f"{path}: {noun} #{i + 1} has no id")
        if tid in ids:
            raise ContentError(f"{path}: {noun} '{tid}' appears twice")
        ids.append(tid)
    return ids


def need_texts(table: dict[str, Any], keys: tuple[str, ...], path: Path, where: str) -> None:
    """Each of `keys` must be a text that is not blank."""
    for key in keys:
        v = table.get(key)
        if not isinstance(v, str) or not v.strip():
            raise ContentError(f"{path}: {where} needs a '{key}' text")


def optional_text(table: dict[str, Any], key: str, path: Path, where: str) -> str:
    """An optional text field ("" when absent); anything but a text is refused."""
    v = table.get(key, "")
    if not isinstance(v, str):
        raise ContentError(f"{path}: {where}: '{key}' must be a text, got {v!r}")
    return v


def text_list(
    table: dict[str, Any], key: str, path: Path, where: str, what: str
) -> tuple[str, ...]:
    """An optional list of non-empty texts (`what` says what they are, for the message)."""
    v = table.get(key, [])
    if not isinstance(v, list) or not all(isinstance(s, str) and s for s in v):
        raise ContentError(f"{path}: {where}: '{key}' must be a list of {what}")
    return tuple(v)
