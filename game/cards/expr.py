"""The safe expression language of cards: tokenizer, parser and compiler.

Card conditions and effects are text written by strangers (mods), so they are
never handed to Python's eval/exec/compile. This module reads them with its
own tokenizer and recursive-descent parser into a small tree, checks every
name against a whitelist (the figures in `game.engine.figures`, factions,
policy fields, a few functions) and turns the tree into nested closures once,
at load time. Evaluating a condition then costs a few Python calls.

Errors are `ExprError`s carrying the column in the source text so the
validator can point at the exact spot.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from game.engine import figures as F
from game.engine.vocab import LEVER, LEVERS, LeverKind, Scope
from game.errors import ContentError, did_you_mean

if TYPE_CHECKING:
    from game.engine.decisions import Policy
    from game.engine.state import State

# --- limits that keep hostile text harmless ---------------------------------
MAX_LENGTH = 400  # characters in one expression or effect
MAX_DEPTH = 24  # nesting of parentheses, calls and operators
MAX_NUMBER = 1e9  # largest number literal
MAX_TOKENS = 200

AGGREGATES = ("max", "min", "mean", "sum", "count")
FUNCTIONS: dict[str, str] = {
    "min": "min(a, b, ...) the smallest value; min(figure) the smallest over all regions",
    "max": "max(a, b, ...) the largest value; max(figure) the largest over all regions",
    "mean": "mean(figure) the average over all regions",
    "sum": "sum(figure) the total over all regions",
    "count": "count(condition) how many regions meet a condition, e.g. count(hunger > 0.2)",
    "abs": "abs(x) the value without its sign",
    "clamp": "clamp(x, lo, hi) x kept between lo and hi",
    "flag": 'flag("name") a value set by an effect (flag("name") = 1); 0 if never set',
    "seen": 'seen("card-id") 1 if that card was drawn before in this campaign, else 0',
    "chose": 'chose("card-id") the number (1, 2, ...) of the option chosen on that card; 0 if none',
    "fate": 'fate("person-id") a person\'s fate, compared with a text: fate("bukharin") == "exiled"; '
    'set it in an effect: fate("bukharin") = "tried"',
}
# People (game/people.py): `person.<id>.loyalty` (0..1, writable) and
# `person.<id>.present` (1 if the person takes part now and is free, read-only).
PERSON_FIELDS: dict[str, str] = {
    "loyalty": "the person's loyalty to the player, 0..1 (effects may change it)",
    "present": "1 if the person takes part in the game now, in office or out, and is free",
}

# Policy fields, all from the levers in game.engine.vocab. Read-only flags first:
POLICY_FLAGS: dict[str, str] = {
    **{c.value: f"1 if the path is {c.meaning}, else 0" for c in LEVER["path"].choices},
    "market": "1 if grain is bought at a market price, 0 under quotas",
}
POLICY_BOOLS: tuple[str, ...] = tuple(lv.name for lv in LEVERS if lv.kind is LeverKind.BOOL)
POLICY_STRINGS: dict[str, tuple[str, ...]] = {
    lv.name: lv.values for lv in LEVERS if lv.kind is LeverKind.CHOICE
}


def policy_fields() -> dict[str, tuple[float, float]]:
    """Every numeric policy field an effect may set, with its range: numbers, then
    yes/no levers (0 or 1), then the parts of per-stratum and split levers."""
    out: dict[str, tuple[float, float]] = {
        lv.name: (lv.lo, lv.hi) for lv in LEVERS if lv.kind is LeverKind.NUMBER
    }
    out.update({b: (0.0, 1.0) for b in POLICY_BOOLS})
    for lv in LEVERS:
        if lv.kind in (LeverKind.PER_STRATUM, LeverKind.SPLIT):
            out.update({part: (lv.lo, lv.hi) for part in lv.parts()})
    return out


POLICY_NUMERIC = policy_fields()
WEIGHT_RANGE = (0.0, 10.0)
LINGER_FIGURES = F.BONUS_FIGURES  # modifier-only figures an effect may only linger on


def region_ids() -> tuple[str, ...]:
    """The ids cards may name in `figure[region]`: the regions of the map every
    campaign is played on (game.engine.scenario.base_region_ids)."""
    from game.engine.scenario import base_region_ids

    return base_region_ids()


class ExprError(ContentError):
    """A mistake in an expression; `col` is the 1-based column in the source text."""

    def __init__(self, message: str, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.col = col


# --- tokens --------------------------------------------------------------------
# One match per token: leading blanks, then a number, a string, a name, an
# operator, or any other single character (an error).
_TOKEN_RE = re.compile(
    r"""([ \t]*)(?:
        ((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
      | ("[^"\\\n]*"|'[^'\\\n]*')
      | ([A-Za-z_][A-Za-z0-9_]*)
      | (\+=|-=|\*=|==|!=|<=|>=|[-+*/()<>\[\],.=])
      | ([^ \t]))""",
    re.VERBOSE | re.DOTALL,
)


class Tok(NamedTuple):
    kind: str  # num, str, name, op, end
    text: str
    col: int  # 1-based


_new = tuple.__new__  # builds a Tok without the Python-level NamedTuple constructor


def tokenize(src: str) -> list[Tok]:
    if len(src) > MAX_LENGTH:
        raise ExprError(f"too long ({len(src)} characters; at most {MAX_LENGTH})", 1)
    toks: list[Tok] = []
    add = toks.append
    col = 1
    for ws, num, text, name, op, bad in _TOKEN_RE.findall(src):
        col += len(ws)
        if name:
            if name[0] == "_" or "__" in name:
                raise ExprError(f"'{name}': names starting with '_' are not allowed in cards", col)
            add(_new(Tok, ("name", name, col)))
            col += len(name)
        elif op:
            add(_new(Tok, ("op", op, col)))
            col += len(op)
        elif num:
            add(_new(Tok, ("num", num, col)))
            col += len(num)
        elif text:
            add(_new(Tok, ("str", text, col)))
            col += len(text)
        else:
            hint = ""
            if bad in "\"'":
                hint = " (a string must be closed on the same line, without backslashes)"
            elif bad in "{}:;@!&|^%~`#$?\\":
                hint = " (not part of the card language)"
            raise ExprError(f"unexpected character {bad!r}{hint}", col)
    if len(toks) > MAX_TOKENS:
        raise ExprError(f"too many parts (more than {MAX_TOKENS})", toks[MAX_TOKENS].col)
    toks.append(Tok("end", "", len(src) + 1))
    return toks


# --- syntax tree ------------------------------------------------------------------
@dataclass(slots=True)
class Node:
    col: int


@dataclass(slots=True)
class Num(Node):
    value: float


@dataclass(slots=True)
class Str(Node):
    value: str


@dataclass(slots=True)
class Name(Node):
    parts: tuple[str, ...]
    region: str | None = None  # `x[ukraine]`; "all" for `x[all]`
    region_col: int = 0

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


@dataclass(slots=True)
class Call(Node):
    fn: str
    args: tuple[Node, ...]


@dataclass(slots=True)
class Unary(Node):
    op: str  # "-" or "not"
    x: Node


@dataclass(slots=True)
class Bin(Node):
    op: str  # + - * / < <= > >= == != and or
    a: Node
    b: Node


_CMP = ("<", "<=", ">", ">=", "==", "!=")
_CMP_PREC = 4
_UNARY_PREC = 7
_PREC: dict[str, int] = {"or": 1, "and": 2, "+": 5, "-": 5, "*": 6, "/": 6}
_PREC.update({c: _CMP_PREC for c in _CMP})
ASSIGN_OPS = ("=", "+=", "-=", "*=")


class _Parser:
    def __init__(self, src: str) -> None:
        self.src = src
        self.toks = tokenize(src)
        self.i = 0
        self.depth = 0

    # helpers
    @property
    def tok(self) -> Tok:
        return self.toks[self.i]

    def take(self) -> Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def accept(self, text: str) -> Tok | None:
        t = self.toks[self.i]
        if t.text == text and t.kind != "str":
            self.i += 1
            return t
        return None

    def expect(self, text: str, what: str) -> Tok:
        t = self.accept(text)
        if t is None:
            raise ExprError(f"expected {what}, found {_describe(self.tok)}", self.tok.col)
        return t

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"nested too deeply (more than {MAX_DEPTH} levels)", self.tok.col)

    def leave(self) -> None:
        self.depth -= 1

    # grammar
    def expression(self) -> Node:
        self.enter()
        node = self.binary(1)
        self.leave()
        return node

    def binary(self, min_prec: int) -> Node:
        """Precedence climbing: or < and < not < comparisons < + - < * / < unary minus."""
        left = self.prefix()
        while True:
            t = self.toks[self.i]
            prec = _PREC.get(t.text) if t.kind != "str" else None
            if prec is None or prec < min_prec:
                return left
            self.i += 1
            right = self.binary(prec + 1)
            left = Bin(t.col, t.text, left, right)
            if prec == _CMP_PREC:
                t2 = self.toks[self.i]
                if t2.kind == "op" and t2.text in _CMP:
                    raise ExprError("comparisons cannot be chained; join them with 'and'", t2.col)

    def prefix(self) -> Node:
        t = self.toks[self.i]
        if t.kind == "name" and t.text == "not":
            self.i += 1
            self.enter()
            node = Unary(t.col, "not", self.binary(_CMP_PREC - 1))
            self.leave()
            return node
        if t.kind == "op" and t.text in ("-", "+"):
            self.i += 1
            self.enter()
            x = self.binary(_UNARY_PREC)
            self.leave()
            if t.text == "+":
                return x
            if isinstance(x, Num):
                return Num(t.col, -x.value)
            return Unary(t.col, "-", x)
        return self.primary()

    def primary(self) -> Node:
        t = self.toks[self.i]
        if t.kind == "num":
            self.take()
            try:
                v = float(t.text)
            except ValueError:  # pragma: no cover - the regex only matches numbers
                raise ExprError(f"bad number {t.text!r}", t.col) from None
            if not math.isfinite(v) or abs(v) > MAX_NUMBER:
                raise ExprError(f"number {t.text} is too large (at most {MAX_NUMBER:g})", t.col)
            return Num(t.col, v)
        if t.kind == "str":
            self.take()
            return Str(t.col, t.text[1:-1])
        if t.kind == "op" and t.text == "(":
            self.take()
            node = self.expression()
            self.expect(")", "')'")
            return node
        if t.kind == "name":
            return self.name_or_call()
        raise ExprError(f"expected a number, a name or '(', found {_describe(t)}", t.col)

    def name_or_call(self) -> Node:
        first = self.take()
        if first.text in ("true", "false"):
            return Num(first.col, 1.0 if first.text == "true" else 0.0)
        if first.text in ("and", "or", "not", "all"):
            raise ExprError(f"'{first.text}' cannot stand here", first.col)
        parts = [first.text]
        while self.accept("."):
            t = self.toks[self.i]
            if t.kind != "name":
                raise ExprError(f"expected a name after '.', found {_describe(t)}", t.col)
            self.take()
            parts.append(t.text)
        if self.accept("("):
            if len(parts) > 1:
                raise ExprError(f"'{'.'.join(parts)}' is not a function", first.col)
            self.enter()
            args: list[Node] = []
            if not self.accept(")"):
                args.append(self.expression())
                while self.accept(","):
                    args.append(self.expression())
                self.expect(")", "',' or ')'")
            self.leave()
            return Call(first.col, parts[0], tuple(args))
        if self.accept("["):
            t = self.toks[self.i]
            if t.kind != "name":
                raise ExprError(
                    f"expected a region id inside [...], found {_describe(t)}",
                    t.col,
                )
            self.take()
            self.expect("]", "']'")
            return Name(first.col, tuple(parts), t.text, t.col)
        return Name(first.col, tuple(parts))


def _describe(t: Tok) -> str:
    return "the end" if t.kind == "end" else f"'{t.text}'"


def parse(src: str) -> Node:
    """Parse one expression (a condition or a value)."""
    p = _Parser(src)
    if p.tok.kind == "end":
        raise ExprError("empty expression", 1)
    node = p.expression()
    if p.tok.kind != "end":
        t = p.tok
        if t.kind == "op" and t.text in ASSIGN_OPS:
            raise ExprError(f"'{t.text}' changes a figure: it belongs in effects, not here", t.col)
        raise ExprError(f"unexpected {_describe(t)} after a complete expression", t.col)
    return node


# --- evaluation ----------------------------------------------------------------
@dataclass
class Env:
    """What an expression may look at: the state, the policy and the deck's memory."""

    state: State
    policy: Policy
    seen: dict[str, int] = field(default_factory=dict)
    chose: dict[str, int] = field(default_factory=dict)  # card id -> option number, 1-based
    # Derived figures (shares, means) computed once per evaluation pass; any
    # effect clears it (game.cards.apply.apply_effect), so it is never stale.
    cache: dict[str, Any] = field(default_factory=dict)


Fn = Callable[[Env], Any]
# The reductions np.max / np.min / np.sum make, called directly (the same ufunc call, so
# the same result, without their Python wrapper: cards' conditions run every season).
_MAX, _MIN, _SUM = np.maximum.reduce, np.minimum.reduce, np.add.reduce


def _mean(x: np.ndarray) -> float:
    """float(np.mean(x)) of a regional vector, as np.mean computes it (a float64 sum, then
    divided by the count), without its Python wrapper."""
    return float(_SUM(x, None, np.float64) / x.size)


@dataclass(frozen=True)
class Compiled:
    """A checked, compiled expression."""

    source: str
    node: Node
    fn: Fn
    refs: tuple[tuple[str, str, int], ...]  # (kind, id, col): card ids, factions, regions

    def __call__(self, env: Env) -> float:
        return self.fn(env)

    @property
    def constant(self) -> float | None:
        return const_value(self.node)


def const_value(node: Node) -> float | None:
    """The value of an expression made only of numbers, else None (used by previews)."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Unary) and node.op == "-":
        v = const_value(node.x)
        return None if v is None else -v
    if isinstance(node, Bin) and node.op in "+-*/":
        a, b = const_value(node.a), const_value(node.b)
        if a is None or b is None:
            return None
        return _arith(node.op, a, b)
    return None


# --- constant folding -------------------------------------------------------------
# Numbers written in a card are at most MAX_NUMBER, but `1e9 * 1e9 * ...` is not: the
# parts of an expression made only of numbers are worked out once, when the card is
# compiled, and refused unless finite and at most MAX_CONSTANT (no figure comes near;
# `1e9 * ... - 1e9 * ...` would otherwise be inf - inf, a NaN at play time).
MAX_CONSTANT = 1e12
_FOLDABLE_CALLS = {"abs": (1, 1), "clamp": (3, 3), "min": (1, 99), "max": (1, 99)}


def fold(node: Node) -> Node:
    """`node` with every constant subexpression replaced by its checked value.
    Raises ExprError at the operator whose result overflows or is too large."""
    if isinstance(node, Bin):
        a, b = fold(node.a), fold(node.b)
        if isinstance(a, Num) and isinstance(b, Num) and node.op in ("+", "-", "*", "/"):
            return _checked_constant(node.col, _arith(node.op, a.value, b.value))
        return Bin(node.col, node.op, a, b)
    if isinstance(node, Unary):
        x = fold(node.x)
        if node.op == "-" and isinstance(x, Num):
            return Num(node.col, -x.value)
        return Unary(node.col, node.op, x)
    if isinstance(node, Call):
        args = tuple(fold(a) for a in node.args)
        lo_n, hi_n = _FOLDABLE_CALLS.get(node.fn, (1, 0))
        if lo_n <= len(args) <= hi_n and all(isinstance(a, Num) for a in args):
            vals = [a.value for a in args]  # type: ignore[attr-defined]
            if node.fn == "abs":
                v = abs(vals[0])
            elif node.fn == "clamp":
                v = min(max(vals[0], vals[1]), vals[2])
            else:
                v = min(vals) if node.fn == "min" else max(vals)
            return _checked_constant(node.col, v)
        return Call(node.col, node.fn, args)
    return node


def _checked_constant(col: int, value: float) -> Num:
    if not math.isfinite(value):
        raise ExprError(
            "this part, made only of numbers, overflows (it is not a finite number); "
            f"keep constant parts within {MAX_CONSTANT:g}",
            col,
        )
    if abs(value) > MAX_CONSTANT:
        raise ExprError(
            f"this part, made only of numbers, works out to {value:.3g}; "
            f"constant parts may be at most {MAX_CONSTANT:g}",
            col,
        )
    return Num(col, value)


def _arith(op: str, a: float, b: float) -> float:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    return a / b if b != 0 else 0.0


def _binary_number(op: str, fa: Fn, value: float) -> Fn:
    """`x OP number` for a single value x, the commonest condition (`tension > 0.55`):
    the number is held by the closure instead of called for, and a stored national
    figure is read in place (see _nat_getter). The same operation on the same values as
    _binary's, one or two Python calls fewer: cards' conditions run every season."""
    name = getattr(fa, "nat_key", None)
    if name is not None and op in _COMPARE:
        return _COMPARE[op](name, value)
    if op == "<":
        return lambda env: 1.0 if fa(env) < value else 0.0
    if op == "<=":
        return lambda env: 1.0 if fa(env) <= value else 0.0
    if op == ">":
        return lambda env: 1.0 if fa(env) > value else 0.0
    if op == ">=":
        return lambda env: 1.0 if fa(env) >= value else 0.0
    if op == "==":
        return lambda env: 1.0 if fa(env) == value else 0.0
    if op == "!=":
        return lambda env: 1.0 if fa(env) != value else 0.0
    if op == "+":
        return lambda env: fa(env) + value
    if op == "-":
        return lambda env: fa(env) - value
    if op == "*":
        return lambda env: fa(env) * value
    if op == "/" and value != 0:
        return lambda env: fa(env) / value
    return _binary(op, fa, lambda env: value, False)


def _nat_compare(op: str) -> Callable[[str, float], Fn]:
    def make(name: str, value: float) -> Fn:
        if op == "<":
            return lambda env: 1.0 if env.state.nat[name] < value else 0.0
        if op == "<=":
            return lambda env: 1.0 if env.state.nat[name] <= value else 0.0
        if op == ">":
            return lambda env: 1.0 if env.state.nat[name] > value else 0.0
        if op == ">=":
            return lambda env: 1.0 if env.state.nat[name] >= value else 0.0
        if op == "==":
            return lambda env: 1.0 if env.state.nat[name] == value else 0.0
        return lambda env: 1.0 if env.state.nat[name] != value else 0.0

    return make


_COMPARE = {op: _nat_compare(op) for op in ("<", "<=", ">", ">=", "==", "!=")}


def _nat_getter(name: str) -> Fn:
    derive = F.NATIONAL[name].derive
    if derive is not None:
        key = "n:" + name

        def derived(env: Env) -> float:
            v = env.cache.get(key)
            if v is None:
                v = env.cache[key] = float(derive(env.state))
            return v

        return derived

    def stored(env: Env) -> float:
        return env.state.nat[name]

    stored.nat_key = name  # type: ignore[attr-defined]  # (read in place by _binary_number)
    return stored


def _stored_array(name: str) -> str | None:
    """The state array a regional figure reads directly, or None if it is computed."""
    fig = F.REGIONAL[name]
    return fig.key if fig.scope is Scope.REGION and fig.derive is None else None


def _reg_vector(name: str) -> Fn:
    stored = _stored_array(name)
    if stored is not None:
        return lambda env: env.state.arrays[stored]
    key = "r:" + name

    def derived(env: Env) -> Any:
        v = env.cache.get(key)
        if v is None:
            v = env.cache[key] = F.get_regional(env.state, name)
        return v

    return derived


def _reg_one(name: str, idx: int) -> Fn:
    stored = _stored_array(name)
    if stored is not None:
        return lambda env: float(env.state.arrays[stored][idx])
    vector = _reg_vector(name)
    return lambda env: float(vector(env)[idx])


def _policy_getter(field_name: str) -> Fn:
    if field_name in POLICY_FLAGS:
        if field_name == "market":
            return lambda env: 1.0 if env.policy.procurement == "market" else 0.0
        return lambda env: 1.0 if env.policy.path == field_name else 0.0
    if "." in field_name:
        group, key = field_name.split(".", 1)
        return lambda env: float(getattr(env.policy, group)[key])
    return lambda env: float(getattr(env.policy, field_name))


def _person_id(pid: str, col: int) -> str:
    from game.people import person_ids

    ids = person_ids()
    if pid not in ids:
        raise ExprError(f"unknown person '{pid}'{did_you_mean(pid, list(ids))}", col)
    return pid


def _fate_getter(pid: str) -> Fn:
    from game import people

    return lambda env: people.fate(env.state, pid)


def _person_getter(pid: str, what: str) -> Fn:
    from game import people

    if what == "loyalty":
        return lambda env: people.loyalty(env.state, pid)
    return lambda env: 1.0 if people.present(env.state, pid) else 0.0


def readable_names() -> list[str]:
    """Every name a condition may use (for 'did you mean' and the docs)."""
    names = set(F.NATIONAL) | set(F.REGIONAL)
    names |= {"person."}
    names |= {f"policy.{k}" for k in list(POLICY_FLAGS) + list(POLICY_NUMERIC)}
    names |= {"faction.", "weight."}
    names |= set(FUNCTIONS)
    return sorted(names)


class _Compiler:
    def __init__(self, src: str) -> None:
        self.src = src
        self.refs: list[tuple[str, str, int]] = []

    def region_index(self, name: Name) -> int | None:
        rid = name.region
        if rid == "all":
            return None
        regions = region_ids()
        if rid not in regions:
            raise ExprError(
                f"unknown region '{rid}'{did_you_mean(str(rid), regions)}; "
                f"regions are {', '.join(regions)}",
                name.region_col,
            )
        self.refs.append(("region", str(rid), name.region_col))
        return regions.index(str(rid))

    def name(self, node: Name, vector_ok: bool) -> tuple[Fn, bool]:
        parts, dotted = node.parts, node.dotted
        if parts[0] == "policy":
            key = ".".join(parts[1:])
            if node.region is not None:
                raise ExprError("policy fields have no regions", node.region_col)
            if key in POLICY_FLAGS or key in POLICY_NUMERIC:
                return _policy_getter(key), False
            if key in POLICY_STRINGS:
                opts = POLICY_STRINGS[key]
                raise ExprError(
                    f"'{dotted}' is text; compare it with one of its values: "
                    f'{dotted} == "{opts[0]}"',
                    node.col,
                )
            known = [f"policy.{k}" for k in list(POLICY_FLAGS) + list(POLICY_NUMERIC)]
            raise ExprError(
                f"unknown policy field '{dotted}'{did_you_mean(dotted, known)}", node.col
            )
        if parts[0] == "person":
            if len(parts) != 3 or parts[2] not in PERSON_FIELDS or node.region is not None:
                raise ExprError(
                    "write person.<id>.loyalty or person.<id>.present, e.g. person.bukharin.loyalty",
                    node.col,
                )
            pid = _person_id(parts[1], node.col)
            self.refs.append(("person", pid, node.col))
            return _person_getter(pid, parts[2]), False
        if parts[0] in ("faction", "weight"):
            if len(parts) != 2:
                raise ExprError(f"write {parts[0]}.<faction id>, e.g. {parts[0]}.left", node.col)
            fid = parts[1]
            self.refs.append(("faction", fid, node.col))
            if parts[0] == "faction":
                return (lambda env: float(env.state.factions.get(fid, 0.0))), False
            return (
                lambda env: float(env.state.params["factions"].get(fid, {}).get("weight", 0.0))
            ), False
        if len(parts) > 1:
            raise ExprError(
                f"unknown name '{dotted}'{did_you_mean(dotted, readable_names())}", node.col
            )
        n = parts[0]
        if node.region is not None:
            if n not in F.REGIONAL:
                hint = did_you_mean(n, list(F.REGIONAL))
                if n in F.NATIONAL:
                    hint = " (it is a national figure: write it without [...])"
                raise ExprError(f"'{n}' is not a regional figure{hint}", node.col)
            idx = self.region_index(node)
            if idx is None:
                if not vector_ok:
                    raise ExprError(
                        f"'{n}[all]' gives one value per region; wrap it in max(), min(), "
                        "mean(), sum() or count()",
                        node.col,
                    )
                return _reg_vector(n), True
            return _reg_one(n, idx), False
        if vector_ok and n in F.REGIONAL:
            return _reg_vector(n), True
        if n in F.NATIONAL:
            return _nat_getter(n), False
        if n in F.REGIONAL:
            raise ExprError(
                f"'{n}' is a regional figure: name a region ({n}[ukraine]) or take "
                f"max({n}), min({n}), mean({n}), sum({n})",
                node.col,
            )
        if n in FUNCTIONS:
            raise ExprError(f"'{n}' is a function: write {n}(...)", node.col)
        raise ExprError(f"unknown name '{n}'{did_you_mean(n, readable_names())}", node.col)

    def string_arg(self, call: Call) -> str:
        if len(call.args) != 1 or not isinstance(call.args[0], Str):
            raise ExprError(
                f'{call.fn}() takes one text in quotes, e.g. {call.fn}("name")', call.col
            )
        s = call.args[0].value
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", s):
            raise ExprError(
                f'{call.fn}("{s[:40]}"): ids are lowercase letters, digits, "-" and "_"',
                call.args[0].col,
            )
        return s

    def call(self, node: Call, vector_ok: bool) -> tuple[Fn, bool]:
        fn = node.fn
        if fn not in FUNCTIONS:
            raise ExprError(
                f"unknown function '{fn}'{did_you_mean(fn, list(FUNCTIONS))}; functions are "
                f"{', '.join(FUNCTIONS)}",
                node.col,
            )
        if fn == "flag":
            key = self.string_arg(node)
            return (lambda env: float(env.state.flags.get(key, 0.0))), False
        if fn == "fate":
            raise ExprError(
                'compare a fate with a text: fate("bukharin") == "exiled" (or !=)', node.col
            )
        if fn in ("seen", "chose"):
            cid = self.string_arg(node)
            self.refs.append(("card", cid, node.args[0].col))
            if fn == "seen":
                return (lambda env: 1.0 if cid in env.seen else 0.0), False
            return (lambda env: float(env.chose.get(cid, 0))), False
        args = [self.compile(a, vector_ok=fn in AGGREGATES or fn == "abs") for a in node.args]
        n = len(args)
        if fn in ("mean", "sum", "count"):
            if n != 1 or not args[0][1]:
                raise ExprError(
                    f"{fn}() takes one regional figure or condition, e.g. {fn}(hunger)"
                    if fn != "count"
                    else "count() takes one condition on a regional figure, e.g. count(hunger > 0.2)",
                    node.col,
                )
            f0 = args[0][0]
            if fn == "mean":
                return (lambda env: _mean(f0(env))), False
            if fn == "sum":
                return (lambda env: float(_SUM(f0(env), None))), False
            return (lambda env: float(np.count_nonzero(f0(env)))), False
        if fn in ("max", "min"):
            if n == 0:
                raise ExprError(f"{fn}() needs at least one value", node.col)
            if n == 1:
                f0, vec = args[0]
                if not vec:
                    return f0, False
                red = _MAX if fn == "max" else _MIN
                return (lambda env: float(red(f0(env), None))), False
            if any(v for _, v in args):
                raise ExprError(
                    f"{fn}(a, b, ...) compares single values; for regions write {fn}(figure)",
                    node.col,
                )
            fns = [a[0] for a in args]
            pick = max if fn == "max" else min
            return (lambda env: pick(f(env) for f in fns)), False
        if fn == "abs":
            if n != 1:
                raise ExprError("abs() takes one value", node.col)
            f0, vec = args[0]
            if vec and not vector_ok:
                raise ExprError(
                    "abs() of a regional figure must sit inside max(), mean(), ...", node.col
                )
            return (lambda env: abs(f0(env))), vec
        # clamp
        if n != 3 or any(v for _, v in args):
            raise ExprError("clamp() takes three single values: clamp(x, lo, hi)", node.col)
        fx, flo, fhi = (a[0] for a in args)
        return (lambda env: min(max(fx(env), flo(env)), fhi(env))), False

    def fate_test(self, node: Bin) -> Fn:
        call, text = (node.a, node.b) if isinstance(node.a, Call) else (node.b, node.a)
        assert isinstance(call, Call) and isinstance(text, Str)
        pid = _person_id(self.string_arg(call), call.col)
        self.refs.append(("person", pid, call.col))
        from game.people import FATES

        want = text.value
        if want not in (*FATES, "absent"):
            raise ExprError(
                f"unknown fate '{want}'{did_you_mean(want, list(FATES))}; fates are "
                f"{', '.join(FATES)} (and absent)",
                text.col,
            )
        get = _fate_getter(pid)
        if node.op == "==":
            return lambda env: 1.0 if get(env) == want else 0.0
        return lambda env: 0.0 if get(env) == want else 1.0

    def policy_text_test(self, node: Bin) -> Fn:
        """`policy.comintern == "popular_front"`: a choice lever compared with one of its
        values."""
        name, text = (node.a, node.b) if isinstance(node.a, Name) else (node.b, node.a)
        assert isinstance(name, Name) and isinstance(text, Str)
        if name.region is not None:
            raise ExprError("policy fields have no regions", name.region_col)
        key = ".".join(name.parts[1:])
        opts = POLICY_STRINGS[key]
        want = text.value
        if want not in opts:
            raise ExprError(
                f"policy.{key}: unknown value '{want}'{did_you_mean(want, opts)}; "
                f"expected one of {', '.join(opts)}",
                text.col,
            )
        if node.op == "==":
            return lambda env: 1.0 if getattr(env.policy, key) == want else 0.0
        return lambda env: 0.0 if getattr(env.policy, key) == want else 1.0

    def compile(self, node: Node, vector_ok: bool = False) -> tuple[Fn, bool]:
        cls = type(node)
        if (
            cls is Bin
            and node.op in ("==", "!=")  # type: ignore[attr-defined]
            and any(
                isinstance(x, Name)
                and x.parts[0] == "policy"
                and ".".join(x.parts[1:]) in POLICY_STRINGS
                for x in (node.a, node.b)  # type: ignore[attr-defined]
            )
            and any(isinstance(x, Str) for x in (node.a, node.b))  # type: ignore[attr-defined]
        ):
            return self.policy_text_test(node), False  # type: ignore[arg-type]
        if (
            cls is Bin
            and node.op in ("==", "!=")  # type: ignore[attr-defined]
            and any(
                isinstance(x, Call) and x.fn == "fate"
                for x in (node.a, node.b)  # type: ignore[attr-defined]
            )
            and any(isinstance(x, Str) for x in (node.a, node.b))  # type: ignore[attr-defined]
        ):
            return self.fate_test(node), False  # type: ignore[arg-type]
        if cls is Bin:
            fa, va = self.compile(node.a, vector_ok)  # type: ignore[attr-defined]
            b = node.b  # type: ignore[attr-defined]
            if type(b) is Num and not va:
                return _binary_number(node.op, fa, b.value), False  # type: ignore[attr-defined]
            fb, vb = self.compile(b, vector_ok)
            return _binary(node.op, fa, fb, va or vb), va or vb  # type: ignore[attr-defined]
        if cls is Name:
            return self.name(node, vector_ok)  # type: ignore[arg-type]
        if isinstance(node, Num):
            v = node.value
            return (lambda env: v), False
        if isinstance(node, Str):
            raise ExprError(
                f'text "{node.value[:40]}" can only be a function argument or the value of '
                "policy.path / policy.procurement",
                node.col,
            )
        if isinstance(node, Name):
            return self.name(node, vector_ok)
        if isinstance(node, Call):
            return self.call(node, vector_ok)
        if isinstance(node, Unary):
            fx, vec = self.compile(node.x, vector_ok)
            if node.op == "-":
                return (lambda env: -fx(env)), vec
            if vec:
                return (lambda env: np.logical_not(fx(env)).astype(np.float64)), True
            return (lambda env: 0.0 if fx(env) else 1.0), False
        assert isinstance(node, Bin)
        fa, va = self.compile(node.a, vector_ok)
        fb, vb = self.compile(node.b, vector_ok)
        vec = va or vb
        return _binary(node.op, fa, fb, vec), vec


def _binary(op: str, fa: Fn, fb: Fn, vec: bool) -> Fn:
    if vec:
        if op == "/":

            def div(env: Env) -> Any:
                b = np.asarray(fb(env), dtype=np.float64)
                a = np.asarray(fa(env), dtype=np.float64)
                return np.divide(a, b, out=np.zeros(np.broadcast(a, b).shape), where=b != 0)

            return div
        npop = {
            "+": np.add, "-": np.subtract, "*": np.multiply,
            "<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
            "==": np.equal, "!=": np.not_equal, "and": np.logical_and, "or": np.logical_or,
        }[op]  # fmt: skip
        if op in ("+", "-", "*"):
            return lambda env: npop(fa(env), fb(env))
        return lambda env: npop(fa(env), fb(env)).astype(np.float64)
    if op == "+":
        return lambda env: fa(env) + fb(env)
    if op == "-":
        return lambda env: fa(env) - fb(env)
    if op == "*":
        return lambda env: fa(env) * fb(env)
    if op == "/":

        def sdiv(env: Env) -> float:
            b = fb(env)
            return fa(env) / b if b != 0 else 0.0

        return sdiv
    if op == "and":
        return lambda env: 1.0 if fa(env) and fb(env) else 0.0
    if op == "or":
        return lambda env: 1.0 if fa(env) or fb(env) else 0.0
    if op == "<":
        return lambda env: 1.0 if fa(env) < fb(env) else 0.0
    if op == "<=":
        return lambda env: 1.0 if fa(env) <= fb(env) else 0.0
    if op == ">":
        return lambda env: 1.0 if fa(env) > fb(env) else 0.0
    if op == ">=":
        return lambda env: 1.0 if fa(env) >= fb(env) else 0.0
    if op == "==":
        return lambda env: 1.0 if fa(env) == fb(env) else 0.0
    return lambda env: 1.0 if fa(env) != fb(env) else 0.0


@functools.lru_cache(maxsize=8192)
def compile_expr(src: str) -> Compiled:
    """Parse and check a condition or value; raises ExprError."""
    node = fold(parse(src))
    c = _Compiler(src)
    fn, vec = c.compile(node)
    if vec:  # pragma: no cover - the compiler refuses vectors at the top already
        raise ExprError("this gives one value per region; wrap it in max(), mean(), ...", 1)
    return Compiled(src, node, fn, tuple(c.refs))


# --- effects -----------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    """What an effect changes."""

    kind: str  # nat, reg, faction, weight, flag, policy, person (loyalty), fate
    name: str  # figure / faction id / flag name / policy field ("tax.kulak")
    region: int | None = None  # reg: region index, None = all regions
    region_id: str | None = None

    def describe(self) -> str:
        if self.kind == "reg":
            return f"{self.name}[{self.region_id or 'all'}]"
        if self.kind in ("faction", "weight", "policy"):
            return f"{self.kind}.{self.name}"
        if self.kind == "flag":
            return f'flag("{self.name}")'
        if self.kind == "person":
            return f"person.{self.name}.loyalty"
        if self.kind == "fate":
            return f'fate("{self.name}")'
        return self.name


@dataclass(frozen=True)
class Effect:
    """One compiled effect statement."""

    source: str
    target: Target
    op: str  # = += -= *= or "linger"
    value: Compiled | None  # None when `text` holds a policy string value
    text: str | None = None
    turns: Compiled | None = None  # linger
    decay: Compiled | None = None  # linger
    refs: tuple[tuple[str, str, int], ...] = ()  # as in Compiled.refs
    # The value when it is a number written in the card (most effects: `red_scare +=
    # 0.005`), so that applying it need not evaluate `value` (finite, at most MAX_NUMBER).
    number: float | None = None


def _target(c: _Compiler, node: Node, linger: bool = False) -> Target:
    if isinstance(node, Call):
        if node.fn == "fate":
            if linger:
                raise ExprError("a fate cannot linger; set it directly", node.col)
            pid = _person_id(c.string_arg(node), node.col)
            c.refs.append(("person", pid, node.col))
            return Target("fate", pid)
        if node.fn != "flag":
            raise ExprError(f"'{node.fn}(...)' cannot be changed; effects change figures", node.col)
        return Target("flag", c.string_arg(node))
    if not isinstance(node, Name):
        raise ExprError(
            "an effect starts with the figure it changes, e.g. unrest[all] += 0.05", node.col
        )
    parts, dotted = node.parts, node.dotted
    if parts[0] == "person":
        if len(parts) != 3 or parts[2] != "loyalty" or node.region is not None:
            raise ExprError(
                "effects change a person's loyalty (person.<id>.loyalty += 0.1) or fate "
                '(fate("<id>") = "exiled")',
                node.col,
            )
        if linger:
            raise ExprError("a person's loyalty cannot linger; change it directly", node.col)
        pid = _person_id(parts[1], node.col)
        c.refs.append(("person", pid, node.col))
        return Target("person", pid)
    if parts[0] == "policy":
        if linger:
            raise ExprError("policy fields cannot linger; set them directly", node.col)
        key = ".".join(parts[1:])
        if key in POLICY_FLAGS:
            raise ExprError(
                f"'{dotted}' is read-only; set "
                + ('policy.path = "..."' if key != "market" else 'policy.procurement = "market"'),
                node.col,
            )
        if key in POLICY_NUMERIC or key in POLICY_STRINGS:
            return Target("policy", key)
        known = [f"policy.{k}" for k in list(POLICY_STRINGS) + list(POLICY_NUMERIC)]
        raise ExprError(f"unknown policy field '{dotted}'{did_you_mean(dotted, known)}", node.col)
    if parts[0] in ("faction", "weight"):
        if len(parts) != 2:
            raise ExprError(f"write {parts[0]}.<faction id>, e.g. {parts[0]}.left", node.col)
        if linger and parts[0] == "weight":
            raise ExprError("a faction's weight cannot linger; change it directly", node.col)
        c.refs.append(("faction", parts[1], node.col))
        return Target(parts[0], parts[1])
    if len(parts) > 1:
        raise ExprError(
            f"unknown name '{dotted}'{did_you_mean(dotted, readable_names())}", node.col
        )
    n = parts[0]
    if node.region is not None:
        fig = F.REGIONAL.get(n)
        if fig is None:
            raise ExprError(
                f"'{n}' is not a regional figure{did_you_mean(n, list(F.REGIONAL))}", node.col
            )
        if not fig.writable and not (linger and n in LINGER_FIGURES):
            writable = [k for k, f in F.REGIONAL.items() if f.writable]
            raise ExprError(
                f"'{n}' cannot be changed by cards; regional figures you may change: "
                f"{', '.join(writable)}",
                node.col,
            )
        if n in LINGER_FIGURES and not linger:
            raise ExprError(
                f"'{n}' only holds lingering effects: use linger({n}[...], value, turns, decay)",
                node.col,
            )
        idx = c.region_index(node)
        return Target("reg", n, idx, None if idx is None else node.region)
    fig = F.NATIONAL.get(n)
    if fig is not None and fig.writable:
        return Target("nat", n)
    if n in F.REGIONAL:
        raise ExprError(f"'{n}' is regional: write {n}[all] or {n}[<region id>]", node.col)
    if fig is not None:
        writable = [k for k, f in F.NATIONAL.items() if f.writable]
        raise ExprError(
            f"'{n}' is read-only; national figures you may change: {', '.join(writable)}",
            node.col,
        )
    raise ExprError(f"unknown figure '{n}'{did_you_mean(n, readable_names())}", node.col)


# Most effects are `figure OP number`: read those with one regex instead of the
# tokenizer and parser (the same checks of the target apply).
_SIMPLE_EFFECT = re.compile(
    r"\s*([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*)(?:\[([a-z][a-z0-9_]*)\])?"
    r"\s*(\+=|-=|\*=|=)\s*(-?(?:\d+(?:\.\d*)?|\.\d+))\s*"
)


@functools.lru_cache(maxsize=8192)
def compile_effect(src: str) -> Effect:
    """Parse and check one effect statement; raises ExprError."""
    m = _SIMPLE_EFFECT.fullmatch(src) if len(src) <= MAX_LENGTH else None
    if m is not None and "__" not in m[1]:
        value = float(m[4])
        if abs(value) <= MAX_NUMBER:
            c = _Compiler(src)
            node = Name(m.start(1) + 1, tuple(m[1].split(".")), m[2], m.start(2) + 1)
            target = _target(c, node)
            if not (target.kind == "policy" and target.name in POLICY_STRINGS):
                num = Num(m.start(4) + 1, value)
                refs = tuple(c.refs)
                fn = _constant(value)
                value_fn = Compiled(src, num, fn, refs)
                return Effect(src, target, m[3], value_fn, refs=refs, number=value)
    return _compile_effect(src)


def _constant(value: float) -> Fn:
    return lambda env: value


def _compile_effect(src: str) -> Effect:
    p = _Parser(src)
    c = _Compiler(src)
    if p.tok.kind == "end":
        raise ExprError("empty effect", 1)
    t0 = p.tok
    if t0.kind == "name" and t0.text == "linger" and p.toks[1].text == "(":
        node = p.primary()
        if p.tok.kind != "end":
            raise ExprError(f"unexpected {_describe(p.tok)} after linger(...)", p.tok.col)
        assert isinstance(node, Call)
        if len(node.args) != 4:
            raise ExprError(
                "linger takes four parts: linger(target, value, turns, decay)", node.col
            )
        target = _target(c, node.args[0], linger=True)
        if target.kind == "flag":
            raise ExprError("flags cannot linger", node.col)
        parts = []
        for arg in map(fold, node.args[1:]):
            fn, _ = c.compile(arg)
            parts.append(Compiled(src, arg, fn, ()))
        return Effect(
            src, target, "linger", parts[0], turns=parts[1], decay=parts[2], refs=tuple(c.refs)
        )
    target_node = p.primary()
    op = p.tok
    if op.kind != "op" or op.text not in ASSIGN_OPS:
        raise ExprError(f"expected =, +=, -= or *= after the target, found {_describe(op)}", op.col)
    p.take()
    target = _target(c, target_node)
    if p.tok.kind == "end":
        raise ExprError(f"expected a value after '{op.text}'", p.tok.col)
    if target.kind == "fate":
        from game.people import FATES

        vt = p.tok
        if op.text != "=" or vt.kind != "str" or p.toks[p.i + 1].kind != "end":
            raise ExprError(
                f'a fate takes a text: fate("{target.name}") = "exiled" (one of {", ".join(FATES)})',
                vt.col,
            )
        value = vt.text[1:-1]
        if value not in FATES:
            raise ExprError(
                f"unknown fate '{value}'{did_you_mean(value, list(FATES))}; "
                f"expected one of {', '.join(FATES)}",
                vt.col + 1,
            )
        return Effect(src, target, "=", None, text=value, refs=tuple(c.refs))
    if target.kind == "policy" and target.name in POLICY_STRINGS:
        opts = POLICY_STRINGS[target.name]
        vt = p.tok
        if op.text != "=" or vt.kind != "str" or p.toks[p.i + 1].kind != "end":
            raise ExprError(
                f'policy.{target.name} takes a text: policy.{target.name} = "{opts[0]}" '
                f"(one of {', '.join(opts)})",
                vt.col,
            )
        value = vt.text[1:-1]
        if value not in opts:
            raise ExprError(
                f"policy.{target.name}: unknown value '{value}'{did_you_mean(value, opts)}; "
                f"expected one of {', '.join(opts)}",
                vt.col + 1,
            )
        return Effect(src, target, "=", None, text=value, refs=tuple(c.refs))
    node = p.expression()
    if p.tok.kind != "end":
        raise ExprError(f"unexpected {_describe(p.tok)} after the value", p.tok.col)
    node = fold(node)
    fn, _ = c.compile(node)
    refs = tuple(c.refs)
    return Effect(src, target, op.text, Compiled(src, node, fn, refs), refs=refs)
