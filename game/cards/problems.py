"""Problems found in content files, with the place they are at.

`tomllib` gives parsed data without positions, so `Locator` finds them again
in the file's text: the n-th `[[card]]` header, the key inside it, the string
inside a list. Good enough to point a modder at the right line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# C0/C1 controls (tab kept), DEL, bidi embeddings, overrides and isolates, and the
# marks that reorder text: shown as \\x1b, \\u202e, ... wherever a problem is printed.
_HOSTILE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape(text: str) -> str:
    """`text` with every character that could act on a terminal written as an escape."""
    return _HOSTILE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")
_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\" -]+?)\s*\]\]?\s*(#.*)?$")


@dataclass(frozen=True)
class Problem:
    """One error or warning, printed as `path:LINE:COL: error: message` + the line."""

    path: str
    line: int
    col: int
    severity: str  # "error" or "warning"
    message: str
    source_line: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        # Everything from the file is shown escaped: a line holding ESC sequences, bidi
        # overrides or NUL must not garble (or re-colour, or reorder) the terminal.
        head = (
            f"{escape(self.path)}:{self.line}:{self.col}: {self.severity}: {escape(self.message)}"
        )
        if not self.source_line:
            return head
        raw = self.source_line
        cut = max(self.col, 1) - 1
        src, pad = escape(raw), len(escape(raw[:cut]))
        if len(src) > 120:  # show a window of a long line around the column
            start = max(0, min(pad - 40, len(src) - 120))
            src = ("..." if start else "") + src[start : start + 120] + "..."
            pad = pad - start + (3 if start else 0)
        return f"{head}\n    {src}\n    {' ' * pad}^"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
        }


def toml_error_position(message: str) -> tuple[int, int]:
    m = _TOML_POS.search(message)
    return (int(m[1]), int(m[2])) if m else (1, 1)


class Locator:
    """Finds where a piece of parsed TOML data sits in the file's text."""

    def __init__(self, path: Path | str, text: str) -> None:
        self.path = str(path)
        self._text = text
        self._lines: list[str] | None = None
        self._headers: list[tuple[int, str]] | None = None

    # Split and scan the text only when a problem needs a position.
    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self._text.splitlines() or [""]
        return self._lines

    @property
    def headers(self) -> list[tuple[int, str]]:
        """(line index, table name) of every [table] / [[table]] header."""
        if self._headers is None:
            self._headers = []
            for i, line in enumerate(self.lines):
                m = _HEADER.match(line)
                if m and line.lstrip().startswith("["):
                    self._headers.append((i, m[1].replace(" ", "").replace('"', "")))
        return self._headers

    # --- blocks -----------------------------------------------------------------
    def _nth_header(self, name: str, n: int, lo: int, hi: int) -> int | None:
        count = 0
        for i, h in self.headers:
            if lo <= i < hi and h == name:
                if count == n:
                    return i
                count += 1
        return None

    def _block_end(self, start: int, stop_names: tuple[str, ...], hi: int) -> int:
        for i, h in self.headers:
            if start < i < hi and h in stop_names:
                return i
        return hi

    def block(self, loc: tuple[Any, ...]) -> tuple[int, int, tuple[Any, ...]]:
        """The line range (start, end) of the innermost table named by `loc`,
        and the rest of `loc` (keys inside that table)."""
        lo, hi = 0, len(self.lines)
        rest = tuple(loc)
        if len(rest) >= 2 and rest[0] in ("card", "remove") and isinstance(rest[1], int):
            top = rest[0]
            start = self._nth_header(top, rest[1], lo, hi)
            if start is None:
                return lo, hi, rest[2:]
            lo, hi = start, self._block_end(start, ("card", "remove"), hi)
            rest = rest[2:]
            subs = ("card.option", "card.text", "card.test")
            if top == "card" and rest[:1] == ("text",):
                s = self._nth_header("card.text", 0, lo, hi)
                if s is not None:
                    lo, hi = s, self._block_end(s, subs, hi)
                    rest = rest[1:]
            elif (
                top == "card"
                and len(rest) >= 2
                and rest[0] in ("option", "test")
                and isinstance(rest[1], int)
            ):
                s = self._nth_header(f"card.{rest[0]}", rest[1], lo, hi)
                if s is not None:
                    lo, hi = s, self._block_end(s, subs, hi)
                    rest = rest[2:]
            elif top == "card":
                # card-level keys sit before the first sub-table
                hi = self._block_end(lo, subs, hi)
        return lo, hi, rest

    def find(self, loc: tuple[Any, ...], needle: str | None = None) -> tuple[int, int]:
        """1-based (line, column) of `loc`; of `needle` (a string value) if given and found."""
        lo, hi, rest = self.block(loc)
        key = next((k for k in rest if isinstance(k, str)), None)
        key_line = None
        if key is not None:
            pat = re.compile(rf"^\s*{re.escape(key)}\s*=")
            for i in range(lo, hi):
                if pat.match(self.lines[i]):
                    key_line = i
                    break
        if needle:
            start = key_line if key_line is not None else lo
            for quoted in (f'"{needle}"', f"'{needle}'"):
                for i in range(start, hi):
                    c = self.lines[i].find(quoted)
                    if c >= 0:
                        return i + 1, c + 2
        if key_line is not None:
            return key_line + 1, self.lines[key_line].find(key) + 1
        return lo + 1, 1

    def problem(
        self,
        loc: tuple[Any, ...],
        message: str,
        severity: str = "error",
        needle: str | None = None,
        col_offset: int = 0,
    ) -> Problem:
        line, col = self.find(loc, needle)
        if needle is not None and col_offset:
            col += col_offset - 1
        return self.at(line, col, message, severity)

    def at(self, line: int, col: int, message: str, severity: str = "error") -> Problem:
        line = max(1, min(line, len(self.lines)))
        src = self.lines[line - 1][:2000]
        return Problem(self.path, line, max(col, 1), severity, message, src)
