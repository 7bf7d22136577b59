"""The glossary (assets/glossary.toml): words of the Soviet countryside, in our words."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from game import paths
from game.errors import ContentError
from game.ui.content_toml import (
    content_tables,
    need_texts,
    optional_text,
    read_content,
    text_list,
    unique_ids,
)

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
    tables = content_tables(text, path, "term", "term")
    terms: list[Term] = []
    for tid, t in zip(unique_ids(tables, path, "term"), tables, strict=True):
        where = f"term '{tid}'"
        need_texts(t, ("term", "text"), path, where)
        ru = optional_text(t, "ru", path, where)
        see = text_list(t, "see", path, where, "term ids")
        match = text_list(t, "match", path, where, "words")
        terms.append(Term(tid, t["term"], ru, t["text"], see, match))
    ids = {t.id for t in terms}
    for t in terms:
        for s in t.see:
            if s not in ids:
                raise ContentError(f"{path}: term '{t.id}' refers to unknown term '{s}'")
    return sorted(terms, key=lambda t: t.term.lower().lstrip("'\"«"))


@lru_cache(maxsize=2)
def load_glossary(path: Path = GLOSSARY_FILE) -> tuple[Term, ...]:
    return tuple(parse_glossary(read_content(path, "glossary"), path))
