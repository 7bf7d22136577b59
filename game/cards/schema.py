"""The shape of card files and mod manifests (pydantic models).

These models check types, required keys and ranges; what the text inside
conditions and effects means is checked by `game.cards.expr`, and links
between cards (follow-ups, replaced ids) by `game.cards.loader`. Unknown keys
are errors (`extra="forbid"`) so a typo never silently does nothing.
`python main.py mods schema` prints the JSON Schema of these models.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from game.cards.worldtags import era_window, tag_problems

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
OPTION_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
MOD_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

MAX_OPTIONS = 4  # the card view has room for four answers
MAX_EFFECTS = 24
KINDS = ("historical", "debate", "event", "situation")

Expr = Annotated[str, Field(max_length=400)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


def _date_text(value: Any) -> Any:
    # TOML has a date type (`date = 1930-03-02` without quotes); accept both forms.
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class CardText(_Strict):
    """Everything players read on a card."""

    title: str = Field(min_length=1, max_length=120)
    body: str = Field(min_length=1, max_length=6000)
    history: str = Field(default="", max_length=6000)
    source: str = Field(default="", max_length=600)
    contested: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="Ids of the 'Historians disagree' topics (assets/historians.toml) "
        "whose debate the note takes part in",
    )


class Option(_Strict):
    """One answer to a card."""

    id: str = Field(pattern=OPTION_ID_PATTERN)
    text: str = Field(min_length=1, max_length=600)
    condition: Expr = ""
    effects: list[Expr] = Field(default_factory=list, max_length=MAX_EFFECTS)
    factions: dict[str, float] = Field(default_factory=dict, max_length=12)
    bot_weight: float = Field(default=1.0, ge=0, le=1000)
    historical: bool = False
    follow_up: str | None = Field(default=None, pattern=ID_PATTERN)
    delay: int = Field(default=1, ge=1, le=40)

    @field_validator("factions")
    @classmethod
    def _faction_range(cls, v: dict[str, float]) -> dict[str, float]:
        for k, x in v.items():
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,31}", k):
                raise ValueError(f"faction id '{k}' must be lowercase letters, digits or '_'")
            if not -1.0 <= x <= 1.0:
                raise ValueError(f"factions.{k} = {x} is outside -1..1")
        return v


class CardTest(_Strict):
    """`[[card.test]]`: what a card must do, checked by `python main.py mods test`.

    The campaign is played (by `bot`) up to `date`; `set` effects arrange the
    figures; the card is put in front of the player and `option` chosen; after
    `after_turns` seasons every `expect` condition must hold (`before` is the
    value its figure had before the option). `expect_error` instead states that
    the card or option must be refused with a message containing that text."""

    scenario: str = Field(default="", max_length=64)
    date: str = Field(
        default="", max_length=16, description="'1930-spring', a year, or empty: the card's date"
    )
    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    bot: str = Field(default="historical", max_length=64)
    set: list[Expr] = Field(default_factory=list, max_length=MAX_EFFECTS)
    option: str | int = Field(default=1)
    expect: list[Expr] = Field(default_factory=list, max_length=MAX_EFFECTS)
    expect_error: str = Field(default="", max_length=400)
    after_turns: int = Field(default=0, ge=0, le=40)
    world: list[str] = Field(
        default_factory=list,
        max_length=2,
        description="World tags (as a card's `world`) the campaign must be in at the date: "
        "the test plays seeds from `seed` up until one is",
    )

    _dates = field_validator("date", mode="before")(_date_text)

    @model_validator(mode="after")
    def _one_kind(self) -> CardTest:
        if bool(self.expect) == bool(self.expect_error):
            raise ValueError('a card test needs either expect = [...] or expect_error = "..."')
        bad = tag_problems(None, self.world)
        if bad:
            raise ValueError(bad[0])
        return self


class Card(_Strict):
    """One card: a historical moment, a debate, an event or a lasting situation."""

    id: str = Field(pattern=ID_PATTERN)
    kind: Literal["historical", "debate", "event", "situation"]
    scenarios: list[str] = Field(default_factory=list, max_length=50)
    date: str | None = None
    until: str | None = None
    condition: Expr = ""
    weight: float = Field(default=1.0, ge=0, le=1000)
    once: bool | None = None
    times: int | None = Field(
        default=None,
        ge=1,
        le=50,
        description="At most this many draws per campaign (default: 1; 2 with once = false; "
        "historical cards with once = false: no limit)",
    )
    cooldown: int = Field(default=0, ge=0, le=400)
    people: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Ids of the people the card is about (besides those its conditions "
        "and effects name)",
    )

    era: str | None = Field(
        default=None,
        max_length=32,
        description="A named era the card belongs to (game/cards/worldtags.py ERAS: "
        "great-war, civil-war, nep, after-civil-war, plans, kolkhoz-order); narrows the "
        "date window to the era's dates",
    )
    world: list[str] = Field(
        default_factory=list,
        max_length=4,
        description="World tags that must hold when the card is drawn (undecided, weimar, "
        "nazi, no-nazi: Germany's road; war, peace)",
    )

    replace: bool = False
    on: Expr = ""
    off: Expr = ""
    each_turn: list[Expr] = Field(default_factory=list, max_length=MAX_EFFECTS)
    text: CardText
    option: list[Option] = Field(default_factory=list, max_length=MAX_OPTIONS)
    test: list[CardTest] = Field(default_factory=list, max_length=50)

    _dates = field_validator("date", "until", mode="before")(_date_text)

    @field_validator("date", "until")
    @classmethod
    def _date_format(cls, v: str | None) -> str | None:
        if v is None:
            return v
        m = DATE_RE.match(v)
        if not m:
            raise ValueError(f"'{v}' is not a date written YYYY-MM-DD")
        try:
            dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise ValueError(f"'{v}' is not a real date") from None
        if not 1850 <= int(m[1]) <= 2000:
            raise ValueError(f"'{v}': the year must be between 1850 and 2000")
        return v

    @model_validator(mode="after")
    def _kind_rules(self) -> Card:
        if self.kind == "historical" and self.date is None:
            raise ValueError("a historical card needs a date (YYYY-MM-DD)")
        if self.kind == "situation":
            if not self.on or not self.off:
                raise ValueError("a situation card needs both 'on' and 'off' conditions")
        else:
            if self.on or self.off or self.each_turn:
                raise ValueError("'on', 'off' and 'each_turn' belong to situation cards only")
            if not self.option:
                raise ValueError("a card needs at least one [[card.option]]")
        if self.date and self.until and self.until < self.date:
            raise ValueError(f"until ({self.until}) is before date ({self.date})")
        bad = tag_problems(self.era, self.world)
        if bad:
            raise ValueError(bad[0])
        first, last = era_window(self.era)
        if last is not None and self.date and self.date > last:
            raise ValueError(f"date {self.date} is after the end of era '{self.era}' ({last})")
        if first is not None and self.until and self.until < first:
            raise ValueError(
                f"until {self.until} is before the start of era '{self.era}' ({first})"
            )
        ids = [o.id for o in self.option]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"option id '{dup[0]}' is used twice in this card")
        if sum(o.historical for o in self.option) > 1:
            raise ValueError("only one option may be marked historical = true")
        if self.once is True and self.times is not None and self.times > 1:
            raise ValueError(f"once = true and times = {self.times} contradict each other")
        for pid in self.people:
            if not re.fullmatch(r"[a-z][a-z0-9_-]{0,63}", pid):
                raise ValueError(f"person id '{pid}' must be lowercase letters, digits, '-' or '_'")
        return self

    @property
    def is_once(self) -> bool:
        """Once per campaign unless the card says otherwise (every kind, since the
        deck stopped repeating generic cards)."""
        if self.times is not None:
            return self.times == 1
        return self.once if self.once is not None else True

    @property
    def max_times(self) -> int | None:
        """How many times the card may be drawn in one campaign; None = no limit."""
        if self.times is not None:
            return self.times
        if self.is_once:
            return 1
        return None if self.kind == "historical" else 2

    # Convenience for the UI: the text lives in [card.text].
    @property
    def title(self) -> str:
        return self.text.title

    @property
    def body(self) -> str:
        return self.text.body

    @property
    def history(self) -> str:
        return self.text.history

    @property
    def source(self) -> str:
        return self.text.source


class Remove(_Strict):
    """`[[remove]] id = "..."`: a mod takes a card out of the game."""

    id: str = Field(pattern=ID_PATTERN)


class CardFile(_Strict):
    """A card file: `[[card]]` tables and, in mods, `[[remove]]` tables."""

    card: list[Card] = Field(default_factory=list)
    remove: list[Remove] = Field(default_factory=list)


class ModManifest(_Strict):
    """`mod.toml` at the top of a mod folder."""

    id: str = Field(pattern=MOD_ID_PATTERN)
    name: str = Field(min_length=1, max_length=80)
    version: str = Field(pattern=r"^\d+(\.\d+){0,3}([-+][0-9A-Za-z.-]+)?$")
    author: str = Field(default="", max_length=200)
    description: str = Field(default="", max_length=2000)
    game_versions: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Game versions this mod works with: '0.1' matches 0.1.x; empty = any",
    )
    dependencies: list[str] = Field(default_factory=list, max_length=50)
    load_order: int = Field(default=0, ge=-1000, le=1000)
    card_dirs: list[str] = Field(default_factory=lambda: ["cards"], max_length=10)
    scenario_dirs: list[str] = Field(default_factory=lambda: ["scenarios"], max_length=10)


def json_schemas() -> dict[str, Any]:
    """JSON Schemas for editors: card files, mod manifests and strategy files."""
    from game.cards.scenario_schema import json_schema as scenario_schema
    from game.cards.strategy import json_schema as strategy_schema

    return {
        "card_file": CardFile.model_json_schema(),
        "mod_manifest": ModManifest.model_json_schema(),
        "strategy_file": strategy_schema(),
        "scenario_file": scenario_schema(),
    }
