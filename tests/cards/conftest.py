"""Shared helpers for the card-system tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_CARDS = FIXTURES / "cards"


@pytest.fixture(autouse=True)
def _isolated_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    # mods.json must never come from (or go to) the developer's home folder.
    monkeypatch.setenv("SMYCHKA_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    yield


CARD_TEMPLATE = """
[[card]]
id = "{id}"
kind = "{kind}"
{extra}
[card.text]
title = "{title}"
body = "Body of {id}."

[[card.option]]
id = "a"
text = "Option A."
effects = [{effects}]
{option_extra}
"""


def card_toml(
    id: str,
    kind: str = "event",
    effects: str = '"grain_reserve += 1"',
    extra: str = "",
    option_extra: str = "",
    title: str | None = None,
) -> str:
    return CARD_TEMPLATE.format(
        id=id,
        kind=kind,
        effects=effects,
        extra=extra,
        option_extra=option_extra,
        title=title or id.replace("-", " ").capitalize(),
    )


def make_mod(
    root: Path,
    mod_id: str,
    cards: str = "",
    manifest_extra: str = "",
    files: dict[str, str] | None = None,
) -> Path:
    """A mod folder under `root` with one card file (and any extra files)."""
    folder = root / mod_id
    (folder / "cards").mkdir(parents=True, exist_ok=True)
    (folder / "mod.toml").write_text(
        f'id = "{mod_id}"\nname = "Mod {mod_id}"\nversion = "1.0"\n{manifest_extra}\n',
        encoding="utf-8",
    )
    if cards:
        (folder / "cards" / "cards.toml").write_text(cards, encoding="utf-8")
    for rel, text in (files or {}).items():
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return folder
