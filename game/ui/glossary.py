"""The glossary (assets/glossary.toml): words of the Soviet countryside, in our words."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from game import paths
from game.errors import ContentError

GLOSSARY_FILE = paths.asset("glossary.toml")


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    ru: str
    text: str
    see: tuple[str, ...]
    match: tuple[str, ...] = ()


def parse_glossary(text: str, path: Path = GLOSSARY_FILE) -> list[Term]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ContentError(f"{path}: not valid TOML ({e})") from None
    terms: list[Term] = []
    seen: set[str] = set()
    for i, t in enumerate(data.get("term", [])):
        if not isinstance(t, dict):
            raise ContentError(f"{path}: term #{i + 1} must be a table")
        tid = t.get("id")
        if not isinstance(tid, str) or not tid:
            raise ContentError(f"{path}: term #{i + 1} has no id")
        if tid in seen:
            raise ContentError(f"{path}: term '{tid}' appears twice")
        seen.add(tid)
        for key in ("term", "text"):
            if not isinstance(t.get(key), str) or not t[key].strip():
                raise ContentError(f"{path}: term '{tid}' needs a '{key}' text")
        see = t.get("see", [])
        if not isinstance(see, list) or not all(isinstance(s, str) for s in see):
            raise ContentError(f"{path}: term '{tid}': 'see' must be a list of term ids")
        match = t.get("match", [])
        if not isinstance(match, list) or not all(isinstance(m, str) and m for m in match):
            raise ContentError(f"{path}: term '{tid}': 'match' must be a list of words")
        terms.append(
            Term(tid, t["term"], str(t.get("ru", "")), t["text"], tuple(see), tuple(match))
        )
    ids = {t.id for t in terms}
    for t in terms:
        for s in t.see:
            if s not in ids:
                raise ContentError(f"{path}: term '{t.id}' refers to unknown term '{s}'")
    return sorted(terms, key=lambda t: t.term.lower().lstrip("'\"«"))


@lru_cache(maxsize=2)
def load_glossary(path: Path = GLOSSARY_FILE) -> tuple[Term, ...]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ContentError(f"{path}: cannot read the glossary ({e.strerror})") from None
    return tuple(parse_glossary(text, path))
