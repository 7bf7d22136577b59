"""Reading card files into checked, compiled cards.

`read_card_file` never raises for a bad file: every mistake becomes a
`Problem` with its line and column, and the cards that are fine are kept.
Limits (file size, nesting, cards per file) keep hostile files harmless.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from game.cards.expr import Compiled, Effect, ExprError, compile_effect, compile_expr
from game.cards.problems import Locator, Problem, toml_error_position
from game.cards.schema import DATE_RE, Card, CardFile
from game.cards.worldtags import era_window, requirement
from game.inputfile import FileRefused, decode_utf8, read_bounded

MAX_FILE_BYTES = 2_000_000
MAX_CARDS_PER_FILE = 1000
MAX_TOML_DEPTH = 24


@dataclass
class OptionDef:
    """A compiled option of a card. `index` is its place in the card (0-based)."""

    index: int
    id: str
    text: str
    condition: Compiled | None
    effects: list[Effect]
    factions: dict[str, float]
    bot_weight: float
    historical: bool
    follow_up: str | None
    delay: int


@dataclass
class CardDef:
    """A compiled card: what the deck runs and the UI shows."""

    spec: Card
    source_file: str
    index_in_file: int
    mod: str  # "base" or the mod id
    condition: Compiled | None
    on: Compiled | None
    off: Compiled | None
    each_turn: list[Effect]
    options: list[OptionDef]
    date_key: int | None = None  # year*4 + season of `date` (or of its era's start)
    until_key: int | None = None  # ... of `until` (or of its era's end)
    world: Compiled | None = None  # what the card's `world` tags require (also in condition/on)
    scenarios: frozenset[str] = field(default_factory=frozenset)
    id: str = field(init=False)  # copied from spec: read every turn, so kept at hand
    kind: str = field(init=False)

    weight: float = field(init=False)
    # (also copied: the draw asks them of every card it considers, every season)
    cooldown: int = field(init=False)
    max_times: int | None = field(init=False)  # draws allowed in one campaign; None = no limit

    def __post_init__(self) -> None:
        self.id = self.spec.id
        self.kind = self.spec.kind
        self.weight = self.spec.weight
        self.cooldown = self.spec.cooldown
        self.max_times = self.spec.max_times

    @property
    def title(self) -> str:
        return self.spec.text.title

    @property
    def body(self) -> str:
        return self.spec.text.body

    @property
    def history(self) -> str:
        return self.spec.text.history

    @property
    def source(self) -> str:
        return self.spec.text.source

    @property
    def date(self) -> str | None:
        return self.spec.date

    @property
    def until(self) -> str | None:
        return self.spec.until

    @property
    def era(self) -> str | None:
        return self.spec.era

    @property
    def world_tags(self) -> list[str]:
        return list(self.spec.world)

    def in_window(self, key: int, grace: int = 0) -> bool:
        """True if the season `key` (year*4 + season) lies in the card's date window
        (its date/until and era; historical cards end at their date without `until`),
        or at most `grace` seasons after its end."""
        if self.date_key is not None and key < self.date_key:
            return False
        last = self.until_key
        if last is None and self.kind == "historical":
            last = self.date_key
        return last is None or key <= last + grace

    @property
    def once(self) -> bool:
        return self.spec.is_once

    @property
    def people(self) -> list[str]:
        """The people the card is about: those it lists and those its text of
        conditions and effects names, in order of first mention."""
        out = list(self.spec.people)
        exprs: list[Any] = [self.condition, self.on, self.off, *self.each_turn]
        for o in self.options:
            exprs += [o.condition, *o.effects]
        for e in exprs:
            if e is not None:
                out += [r[1] for r in e.refs if r[0] == "person"]
        return list(dict.fromkeys(out))


@dataclass
class FileResult:
    path: Path
    cards: list[CardDef] = field(default_factory=list)
    removes: list[tuple[str, int]] = field(default_factory=list)  # (card id, index in file)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""


def season_key(date: str) -> int:
    """year*4 + season of a YYYY-MM-DD date, matching `State`: winter belongs to
    the year it starts in (December to February)."""
    m = DATE_RE.match(date)
    assert m is not None
    year, month = int(m[1]), int(m[2])
    if month <= 2:
        return (year - 1) * 4 + 3
    return year * 4 + (month - 3) // 3


def _data_depth(value: Any, limit: int, depth: int = 0) -> int:
    """Nesting depth of parsed TOML data, stopping once past `limit`."""
    if depth > limit:
        return depth
    if isinstance(value, dict):
        items: Any = value.values()
    elif isinstance(value, list):
        items = value
    else:
        return depth
    return max((_data_depth(v, limit, depth + 1) for v in items), default=depth + 1)


try:  # a TOML parser in Rust: about ten times faster than tomllib on big mods
    import rtoml as _rtoml
except ImportError:  # pragma: no cover - optional speed-up; tomllib gives the same data
    _rtoml = None


def _fast_loads(text: str) -> dict[str, Any] | None:
    """Parse with rtoml when it is installed; None means "use tomllib", which also
    gives the error message and position for a broken file."""
    if _rtoml is None:
        return None
    try:
        data = _rtoml.loads(text)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - a Rust panic is a BaseException; tomllib decides
        return None
    return data if isinstance(data, dict) else None


def safe_resolve(path: Path) -> Path | None:
    """The real path, or None for a symlink loop or an unreadable path."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return None


def read_toml_text(path: Path, root: Path | None) -> tuple[str | None, list[Problem]]:
    """The file's text after the safety checks, or None and the problems."""
    loc = Locator(path, "")
    if root is not None:
        real, top = safe_resolve(path), safe_resolve(root)
        if real is None or top is None:
            return None, [loc.at(1, 1, "cannot follow the path (a symbolic link loop?)")]
        if not real.is_relative_to(top):
            return None, [loc.at(1, 1, f"the file leads outside its folder (to {real})")]
    try:
        raw = read_bounded(path, MAX_FILE_BYTES, "content file")
        text = decode_utf8(path, raw)
    except FileRefused as exc:
        line = int(m[1]) if (m := re.search(r"line (\d+)", exc.reason)) else 1
        reason = exc.reason.replace("not UTF-8 text", "the file is not UTF-8 text")
        return None, [loc.at(line, 1, reason)]
    return text, []


# TOML forbids raw control characters in strings, so they can only come from escapes
# (\u001b, \b, \f, \e) or be bidi overrides typed as they are: look only then.
_ESCAPE = re.compile(r"\\[uUbfe]")
_BIDI = tuple(map(chr, (*range(0x202A, 0x202F), *range(0x2066, 0x206A))))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _control_chars(data: Any, where: tuple[Any, ...] = ()) -> tuple[tuple[Any, ...], str] | None:
    """(key path, character) of the first string holding a control character (tab and
    newline are fine): escape sequences in a mod's text must not reach a terminal."""
    if isinstance(data, str):
        m = _CONTROL.search(data)
        return (where, m.group()) if m else None
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for k, v in items:
        found = _control_chars(v, (*where, k))
        if found is not None:
            return found
    return None


def parse_toml(path: Path, text: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    loc = Locator(path, text)
    try:
        data = _fast_loads(text)
        if data is None:
            data = tomllib.loads(text)
        if _data_depth(data, MAX_TOML_DEPTH) > MAX_TOML_DEPTH:
            return None, [loc.at(1, 1, f"tables and lists nested more than {MAX_TOML_DEPTH} deep")]
        # (two cheap scans: a character class over the whole text costs ~10x more)
        maybe = _ESCAPE.search(text) or any(c in text for c in _BIDI)
        bad = _control_chars(data) if maybe else None
        if bad is not None:
            where, ch = bad
            msg = (
                f"text holds the control character U+{ord(ch):04X}, which could garble "
                "the screen or the terminal; remove it"
            )
            return None, [loc.problem(where, msg)]
        return data, []
    except tomllib.TOMLDecodeError as exc:
        line, col = toml_error_position(str(exc))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        return None, [loc.at(line, col, f"not valid TOML: {msg}")]
    except RecursionError:  # tomllib recurses on nested lists; far past any limit
        return None, [loc.at(1, 1, f"tables and lists nested more than {MAX_TOML_DEPTH} deep")]


def _pydantic_problems(loc: Locator, errors: list[Any]) -> list[Problem]:
    out = []
    for err in errors:
        where = tuple(err["loc"])
        msg = err["msg"]
        etype = err["type"]
        if etype == "extra_forbidden":
            key = str(where[-1])
            from game.errors import did_you_mean

            parent = _model_fields_at(where[:-1])
            msg = f"unknown key '{key}'{did_you_mean(key, parent)}"
            if parent:
                msg += f"; allowed here: {', '.join(parent)}"
        elif etype == "missing":
            msg = f"missing required key '{where[-1]}'"
        elif msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        path_txt = ".".join(str(p) for p in where if not isinstance(p, int))
        if path_txt and etype not in ("extra_forbidden", "missing"):
            msg = f"{path_txt}: {msg}"
        needle = err.get("input") if isinstance(err.get("input"), str) else None
        out.append(loc.problem(where, msg, needle=needle))
    return out


def _model_fields_at(where: tuple[Any, ...]) -> list[str]:
    from game.cards.schema import CardTest, CardText, Option, Remove

    names = [p for p in where if isinstance(p, str)]
    model: Any = CardFile
    for n in names:
        model = {
            "card": Card,
            "remove": Remove,
            "text": CardText,
            "option": Option,
            "test": CardTest,
        }.get(n, model)
    return list(model.model_fields)


def _cond(loc: Locator, where: tuple[Any, ...], src: str, out: list[Problem]) -> Compiled | None:
    if not src.strip():
        return None
    try:
        return compile_expr(src)
    except ExprError as exc:
        out.append(loc.problem(where, exc.message, needle=src, col_offset=exc.col))
        return None


def _effects(
    loc: Locator, where: tuple[Any, ...], srcs: list[str], out: list[Problem]
) -> list[Effect]:
    effs = []
    for src in srcs:
        try:
            effs.append(compile_effect(src))
        except ExprError as exc:
            out.append(loc.problem(where, exc.message, needle=src, col_offset=exc.col))
    return effs


def compile_card(card: Card, i: int, loc: Locator, mod: str) -> tuple[CardDef, list[Problem]]:
    probs: list[Problem] = []
    base = ("card", i)
    options = []
    for j, o in enumerate(card.option):
        w = (*base, "option", j)
        options.append(
            OptionDef(
                index=j,
                id=o.id,
                text=o.text,
                condition=_cond(loc, (*w, "condition"), o.condition, probs),
                effects=_effects(loc, (*w, "effects"), o.effects, probs),
                factions=dict(o.factions),
                bot_weight=o.bot_weight,
                historical=o.historical,
                follow_up=o.follow_up,
                delay=o.delay,
            )
        )
    condition = _cond(loc, (*base, "condition"), card.condition, probs)
    on = _cond(loc, (*base, "on"), card.on, probs)
    off = _cond(loc, (*base, "off"), card.off, probs)
    world = _cond(loc, (*base, "world"), requirement(card.world), probs)
    if world is not None:  # the world tags hold wherever the card's own condition is asked
        req = world.source
        if card.kind == "situation":
            on = _joined(f"({req}) and ({card.on})", on)
            off = _joined(f"not ({req}) or ({card.off})", off)
        else:
            own = _joined(f"({req}) and ({card.condition})", condition)
            condition = world if not card.condition.strip() else own
    first, last = era_window(card.era)
    date_key = season_key(card.date) if card.date else None
    until_key = season_key(card.until) if card.until else None
    if first is not None:
        k = season_key(first)
        date_key = k if date_key is None else max(date_key, k)
    if last is not None:
        k = season_key(last)
        if until_key is None and card.kind == "historical" and card.date:
            until_key = season_key(card.date)  # a historical card's window is its own season
        until_key = k if until_key is None else min(until_key, k)
    cd = CardDef(
        spec=card,
        source_file=loc.path,
        index_in_file=i,
        mod=mod,
        condition=condition,
        on=on,
        off=off,
        each_turn=_effects(loc, (*base, "each_turn"), card.each_turn, probs),
        options=options,
        date_key=date_key,
        until_key=until_key,
        scenarios=frozenset(card.scenarios),
        world=world,
    )
    return cd, probs


def _joined(src: str, own: Compiled | None) -> Compiled | None:
    """The card's own expression joined with its world tags. If its own text did not
    compile (that error is reported already), it stays as it was."""
    if own is None:
        return None
    try:
        return compile_expr(src)
    except ExprError:  # pragma: no cover - both parts compiled on their own
        return own


def read_card_file(path: Path, root: Path | None = None, mod: str = "base") -> FileResult:
    """Load one card file. Never raises: problems are returned with the cards that
    loaded. A card with an error is left out; `root` keeps symlinks inside a mod."""
    res = FileResult(path)
    text, probs = read_toml_text(path, root)
    if text is None:
        res.problems = probs
        return res
    res.text = text
    data, probs = parse_toml(path, text)
    if data is None:
        res.problems = probs
        return res
    loc = Locator(path, text)
    if not isinstance(data.get("card", []), list) or not isinstance(data.get("remove", []), list):
        res.problems.append(
            loc.at(1, 1, "'card' and 'remove' must be [[card]] / [[remove]] tables")
        )
        return res
    n_cards = len(data.get("card", []))
    if n_cards > MAX_CARDS_PER_FILE:
        res.problems.append(
            loc.at(1, 1, f"too many cards in one file ({n_cards}; at most {MAX_CARDS_PER_FILE})")
        )
        return res
    unknown = [k for k in data if k not in ("card", "remove")]
    for k in unknown:
        line = next(
            (i + 1 for i, t in enumerate(loc.lines) if re.match(rf"^\s*\[*\s*{re.escape(k)}\b", t)),
            1,
        )
        from game.errors import did_you_mean

        res.problems.append(
            loc.at(
                line,
                1,
                f"unknown top-level key '{k}'{did_you_mean(k, ['card', 'remove'])}; "
                "a card file holds [[card]] and [[remove]] tables",
            )
        )
    # Validate card by card so one bad card does not hide the others.
    for i, raw in enumerate(data.get("card", [])):
        try:
            card = Card.model_validate(raw)
        except ValidationError as exc:
            errors = [{**e, "loc": ("card", i, *e["loc"])} for e in exc.errors(include_url=False)]
            res.problems.extend(_pydantic_problems(loc, errors))
            continue
        cd, probs = compile_card(card, i, loc, mod)
        res.problems.extend(probs)
        if not any(p.is_error for p in probs):
            res.cards.append(cd)
    for i, raw in enumerate(data.get("remove", [])):
        rid = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(rid, str) or set(raw) != {"id"}:
            res.problems.append(loc.problem(("remove", i), "[[remove]] takes exactly one key: id"))
            continue
        res.removes.append((rid, i))
    return res
