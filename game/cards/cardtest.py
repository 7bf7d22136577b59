"""Tests inside card files: `[[card.test]]`, run by `python main.py mods test`.

```toml
[[card.test]]
scenario = "great-turn-1928"
date = "1930-spring"                 # when the card is put in front of the player
set = ["trust[ukraine] = 0.5"]       # optional starting figures or policy (effects)
option = "bukharin"                  # an option id, or its number from 1
expect = ["trust_serednyak[all] > before", "industry - before <= 0"]
after_turns = 0                      # check right after the choice, or N seasons later
```

The campaign (scenario, seed) is played by `bot` up to the date, answering
other cards as that bot does (the card under test is kept back until its
date). `before` in an expectation is the value, just before the option was
applied, of the expectation's figure: the left side of a comparison, or else
its first figure. A regional figure with `[all]` must hold in every region.
`expect_error` instead of `expect` says the card (its condition) or the option
must be refused, with a message containing that text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from game.cards.expr import Bin, Call, Env, ExprError, Name, Node, Str, Unary, _Compiler, parse
from game.cards.problems import Locator
from game.errors import SmychkaError

if TYPE_CHECKING:
    from game.campaign import Campaign
    from game.cards.content import Content
    from game.cards.deck import Deck
    from game.cards.loader import CardDef
    from game.cards.schema import CardTest
    from game.engine.scenario import Scenario

_CMP = ("<", "<=", ">", ">=", "==", "!=")
WORLD_SEARCH = 40  # seeds a test with `world = [...]` tries


@dataclass
class ExpectEnv(Env):
    before: Any = 0.0


@dataclass
class CardTestResult:
    card: str
    index: int  # which [[card.test]] of the card, from 0
    path: str
    line: int
    col: int
    ok: bool
    messages: list[str] = field(default_factory=list)
    source_line: str = ""

    def __str__(self) -> str:
        """As the validator prints a problem: `file:line:col`, the line and a caret
        (everything from the file escaped)."""
        from game.cards.problems import Problem

        what = f"card '{self.card}' test {self.index + 1}"
        if self.ok:
            return str(Problem(self.path, self.line, self.col, "ok", what, ""))
        return "\n".join(
            str(Problem(self.path, self.line, self.col, "error", f"{what}: {m}", src))
            for m, src in zip(
                self.messages, [self.source_line] + [""] * len(self.messages), strict=False
            )
        )


# --- expectations ------------------------------------------------------------------------
def _mentions_before(node: Node) -> bool:
    if isinstance(node, Name):
        return node.parts == ("before",)
    if isinstance(node, Bin):
        return _mentions_before(node.a) or _mentions_before(node.b)
    if isinstance(node, Unary):
        return _mentions_before(node.x)
    if isinstance(node, Call):
        return any(_mentions_before(a) for a in node.args)
    return False


def _first_figure(node: Node) -> Node | None:
    if isinstance(node, Name):
        return None if node.parts == ("before",) else node
    kids: tuple[Node, ...] = ()
    if isinstance(node, Bin):
        kids = (node.a, node.b)
    elif isinstance(node, Unary):
        kids = (node.x,)
    elif isinstance(node, Call):
        if not _mentions_before(node) and node.args:
            return node  # mean(trust) as a whole
        kids = node.args
    for k in kids:
        found = _first_figure(k)
        if found is not None:
            return found
    return None


def subject(node: Node) -> Node | None:
    """The figure `before` refers to in an expectation."""
    if isinstance(node, Bin) and node.op in _CMP:
        for side in (node.a, node.b):
            if not _mentions_before(side) and _first_figure(side) is not None:
                return side
    return _first_figure(node)


class _TestCompiler(_Compiler):
    def __init__(self, src: str, before_vector: bool = False) -> None:
        super().__init__(src)
        self.before_vector = before_vector

    def name(self, node: Name, vector_ok: bool):  # type: ignore[override]
        if node.parts == ("before",) and node.region is None:
            return (lambda env: env.before), self.before_vector
        # `x[all]` may stand alone in an expectation (it must hold in every region);
        # a bare name is the national figure, as in a card's condition.
        return super().name(node, vector_ok or node.region == "all")


@dataclass
class Expectation:
    source: str
    node: Node
    subject: Any  # compiled subject (or None)
    check: Any
    sides: tuple[Any, Any] | None

    @classmethod
    def compile(cls, src: str) -> Expectation:
        node = parse(src)
        # a text comparison (`policy.comintern == "united_front"`) has no number to show
        text = isinstance(node, Bin) and any(isinstance(x, Str) for x in (node.a, node.b))
        subj = None if text else subject(node)
        sfn, svec = (None, False)
        if subj is not None:
            sfn, svec = _TestCompiler(src).compile(subj)
        if _mentions_before(node) and sfn is None:
            raise ExprError("'before' needs a figure to refer to", 1)
        c = _TestCompiler(src, svec)
        fn, _ = c.compile(node)
        sides = None
        if isinstance(node, Bin) and node.op in _CMP and not text:
            sides = (c.compile(node.a)[0], c.compile(node.b)[0])
        return cls(src, node, sfn, fn, sides)


def _show(v: Any) -> str:
    if isinstance(v, np.ndarray):
        return "[" + ", ".join(f"{x:.4g}" for x in np.ravel(v)) + "]"
    try:
        return f"{float(v):.4g}"
    except (TypeError, ValueError):
        return repr(v)


# --- running one test ------------------------------------------------------------------------
def _date_key(text: str, card: CardDef) -> int:
    from game.cards.strategy import season_start

    if not text:
        if card.date_key is None:
            raise SmychkaError('the card has no date: give the test a date = "1930-spring"')
        return card.date_key
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        from game.cards.loader import season_key

        return season_key(text)
    try:
        return season_start(text)
    except ValueError as exc:
        raise SmychkaError(f"date: {exc}") from None


class _Refused(Exception):
    """The card or the option is refused (what `expect_error` may expect); `key`: the
    test's key it is about, for the reported place."""

    def __init__(self, message: str, key: str = "option") -> None:
        super().__init__(message)
        self.key = key


class TestFailed(SmychkaError):
    """A test that ran and failed otherwise than by an expectation; `key` places it."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


class TestSetupError(SmychkaError):
    """The test itself is wrong (a bad date, an unknown name in `expect` or `set`);
    `key` and `needle` (the offending text) place it in the file."""

    def __init__(self, message: str, key: str, needle: str | None = None) -> None:
        super().__init__(message)
        self.key = key
        self.needle = needle


def _compiled(kind: str, texts: list[str], compile_one: Any) -> list[Any]:
    out = []
    for text in texts:
        try:
            out.append(compile_one(text))
        except ExprError as exc:
            raise TestSetupError(f"in the test: {exc.message}", kind, text) from None
    return out


def _env(deck: Deck, camp: Campaign, before: Any = 0.0) -> ExpectEnv:
    env = deck._env(camp)
    return ExpectEnv(**{f.name: getattr(env, f.name) for f in fields(Env) if f.init}, before=before)


def default_scenario(
    card: CardDef, key: int | None, extra: dict[str, Scenario] | None = None
) -> str:
    """The card's first scenario; else great-turn-1928 if it has begun by the card's
    date; else the latest-starting scenario that has. `extra`: the mods' own scenarios
    (Content.scenarios), which count as much as the base game's."""
    from game.engine.scenario import available_scenarios

    scs = available_scenarios(extra)
    starts = {sid: sc.start_year * 4 + sc.start_season for sid, sc in scs.items()}
    pool = sorted(card.scenarios) if card.scenarios else list(starts)
    if "great-turn-1928" in pool and (key is None or starts.get("great-turn-1928", 0) <= key):
        return "great-turn-1928"
    begun = [sid for sid in pool if key is None or starts.get(sid, 0) <= key]
    if not begun:
        return pool[0]
    return max(begun, key=lambda sid: starts.get(sid, 0))


def run_card_test(content: Content, card: CardDef, t: CardTest) -> tuple[bool, list[str]]:
    """Run one test; (passed, messages)."""
    from game.campaign import Campaign
    from game.cards.apply import apply_effect
    from game.cards.deck import HOLD_GRACE, Deck
    from game.cards.expr import compile_effect, compile_expr
    from game.cards.worldtags import requirement
    from game.engine.bots import make_bot

    try:
        key = _date_key(t.date, card)
    except SmychkaError as exc:
        raise TestSetupError(str(exc), "date") from None
    scenario = t.scenario or default_scenario(card, key, content.scenarios)
    expects = _compiled("expect", t.expect, Expectation.compile)
    effects = _compiled("set", t.set, compile_effect)
    try:
        in_world = compile_expr(requirement(t.world)) if t.world else None
    except ExprError as exc:
        raise TestSetupError(f"in the test: {exc.message}", "world") from None

    def now(camp: Campaign) -> int:
        return camp.state.year * 4 + camp.state.season_index

    def play_turn(camp: Campaign, bot: Any, keep_back: bool) -> None:
        if keep_back:  # the card under test waits for its date
            camp.pending = [i for i in camp.pending if i.card.id != card.id]
        while camp.pending:
            inst = camp.pending[0]
            camp.choose(inst.card.id, camp.deck.bot_option(camp, inst, bot))
        camp.end_turn(bot.decide(camp.state), describe=False)  # the test reads figures only

    # With `world`, the first seed from `seed` on which the campaign is in that world at
    # the date (Germany's road and the war are the model's, not the test's, to decide).
    tries = WORLD_SEARCH if in_world is not None else 1
    for seed in range(t.seed, t.seed + tries):
        camp = Campaign.new(scenario, seed=seed, deck=Deck(content))
        bot = make_bot(t.bot, seed)
        if now(camp) > key:
            raise SmychkaError(
                f"date {t.date or card.date}: the scenario '{scenario}' starts later "
                f"({camp.state.date_label})"
            )
        while not camp.finished and now(camp) < key:
            play_turn(camp, bot, keep_back=True)
        if in_world is None:
            break
        if not camp.finished and in_world(camp.deck._env(camp)):
            break
    else:
        raise TestSetupError(
            f"no seed from {t.seed} to {t.seed + tries - 1} on which the {t.bot} bot's campaign "
            f"is in the world {t.world} at {t.date or card.date}",
            "world",
        )
    if camp.finished:
        raise SmychkaError(f"the campaign ended ({camp.state.outcome}) before {t.date}")
    deck = camp.deck
    env = deck._env(camp)
    for eff in effects:
        apply_effect(eff, env, camp, source="test")
    env = _env(deck, camp)
    try:
        if not card.scenarios or scenario in card.scenarios:
            pass
        else:
            raise _Refused(f"card '{card.id}' is not in scenario '{scenario}'", "scenario")
        # the deck draws a card only in its window (a held-over card a little after)
        season = now(camp)
        if (card.date_key is not None or card.until_key is not None) and not card.in_window(
            season, HOLD_GRACE
        ):
            if card.until:
                window = f"from {card.date} to {card.until}" if card.date else f"to {card.until}"
            elif card.kind == "historical":
                window = f"in the season of {card.date}"
            else:
                window = f"from {card.date}"
            raise _Refused(
                f"card '{card.id}' would not be drawn at {camp.state.date_label}: "
                f"it comes {window}",
                "date",
            )
        if card.condition is not None and not card.condition(env):
            raise _Refused(
                f"card '{card.id}' would not be drawn: its condition "
                f"'{card.condition.source}' is false",
                "date",
            )
        # options are offered as the figures stand now (after `set`)
        camp.pending = [i for i in camp.pending if i.card.id != card.id]
        # drawn as the deck draws it (marked seen), so that `after_turns` cannot draw the
        # card under test a second time and answer it as the bot would
        inst = deck._instance(card, deck._env(camp), camp.state.turn, "test")
        camp.pending.append(inst)
        index = _option_index(card, t.option)
        avail = [v.index for v in inst.options]
        if card.options and index not in avail:
            cond = card.options[index].condition
            why = f": its condition '{cond.source}' is false" if cond is not None else ""
            names = ", ".join(f"{card.options[i].id} ({i + 1})" for i in avail)
            raise _Refused(
                f"option '{card.options[index].id}' ({index + 1}) is not available{why}; "
                f"available: {names}"
            )
        befores = []
        for e in expects:
            v = e.subject(env) if e.subject is not None else 0.0
            befores.append(
                np.array(v, dtype=np.float64, copy=True) if isinstance(v, np.ndarray) else v
            )
        try:
            camp.choose(card.id, index)
        except SmychkaError as exc:
            raise _Refused(str(exc)) from None
    except _Refused as r:
        if t.expect_error:
            if t.expect_error in str(r):
                return True, []
            raise TestFailed(
                f"expected the error {t.expect_error!r}; actual: {r}", "expect_error"
            ) from None
        raise TestFailed(str(r), r.key) from None
    if t.expect_error:
        raise TestFailed(
            f"expected the error {t.expect_error!r}; actual: the option was applied",
            "expect_error",
        )
    for _ in range(t.after_turns):
        if camp.finished:
            return False, [f"the campaign ended ({camp.state.outcome}) during after_turns"]
        play_turn(camp, bot, keep_back=False)
    fails = []
    for e, b in zip(expects, befores, strict=True):
        env = _env(deck, camp, before=b)
        got = e.check(env)
        ok = bool(np.all(got)) if isinstance(got, np.ndarray) else bool(got)
        if ok:
            continue
        actual = ""
        if e.sides is not None:
            actual = f"{_show(e.sides[0](env))} {e.node.op} {_show(e.sides[1](env))}"  # type: ignore[attr-defined]
        else:
            actual = _show(got)
        if _mentions_before(e.node):
            actual += f" (before = {_show(b)})"
        fails.append(f"expected {e.source}; actual: {actual}")
    return not fails, fails


def _option_index(card: CardDef, option: str | int) -> int:
    opts = card.options
    if isinstance(option, int) and not isinstance(option, bool):
        if not 1 <= option <= max(len(opts), 1):
            raise _Refused(f"card '{card.id}' has no option {option} (it has {len(opts)})")
        return option - 1
    for o in opts:
        if o.id == option:
            return o.index
    ids = ", ".join(o.id for o in opts)
    raise _Refused(f"card '{card.id}' has no option '{option}'; options: {ids}")


# --- running a deck's tests --------------------------------------------------------------------
def run_tests(
    content: Content, only: set[str] | None = None, cards: set[str] | None = None
) -> list[CardTestResult]:
    """Every [[card.test]] of the content's cards (of the mods in `only`, of the cards
    in `cards`, if given)."""
    texts: dict[str, Locator] = {}
    out = []
    for cd in content.cards.values():
        if only is not None and cd.mod not in only:
            continue
        if cards is not None and cd.id not in cards:
            continue
        for i, t in enumerate(cd.spec.test):
            loc = texts.get(cd.source_file)
            if loc is None:
                try:
                    text = Path(cd.source_file).read_text(encoding="utf-8")
                except OSError:
                    text = ""
                loc = texts[cd.source_file] = Locator(cd.source_file, text)
            where = ("card", cd.index_in_file, "test", i)
            key: str | None = None
            needle: str | None = None
            try:
                ok, msgs = run_card_test(content, cd, t)
            except TestSetupError as exc:
                ok, msgs, key, needle = False, [str(exc)], exc.key, exc.needle
            except TestFailed as exc:
                ok, msgs, key = False, [str(exc)], exc.key
            except ExprError as exc:
                ok, msgs = False, [f"in the test: {exc.message}"]
            except SmychkaError as exc:
                ok, msgs = False, [str(exc)]
            except Exception as exc:  # noqa: BLE001 - a test run never takes the command down
                ok, msgs = False, [f"the test could not run: {type(exc).__name__}: {exc}"]
            if not ok and msgs and msgs[0].startswith("expected ") and t.expect:
                key, needle = "expect", msgs[0][len("expected ") :].split("; actual:")[0]
            line, col = loc.find((*where, key) if key else where, needle=needle)
            src_line = loc.lines[line - 1] if 0 < line <= len(loc.lines) else ""
            out.append(CardTestResult(cd.id, i, cd.source_file, line, col, ok, msgs, src_line))
    return out
