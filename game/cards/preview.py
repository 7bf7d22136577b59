"""Previews of what an option does, generated from its effects.

Players see "Trust (kulaks) −0.10 in Ukraine" or "State grain reserve +1.2 Mt"
under an option. The words come from the figure labels and units in
`game.engine.figures`, never from text the card author wrote, so a preview
cannot promise something the effect does not do.
"""

from __future__ import annotations

import math
from typing import Any

from game.cards.expr import POLICY_BOOLS, Effect
from game.cards.loader import OptionDef
from game.engine import figures as F
from game.engine.vocab import lever_part

MINUS = "\u2212"
_UNIT_SUFFIX = {"Mt": " Mt", "M": " M", "thousand": " thousand"}


def policy_label(name: str) -> str:
    """A lever's label (game.engine.vocab): 'allow_exit' -> 'Members may leave',
    'tax.kulak' -> 'Tax (kulak)'."""
    lever, key = lever_part(name)
    return f"{lever.label} ({key})" if key else lever.label


def fmt_number(v: float) -> str:
    if not math.isfinite(v):  # never int(nan): compiled effects are finite, but be sure
        return "?"
    a = round(abs(v), 6)  # 1.05 - 1 is 0.050000000000000044
    if a >= 1e6:
        return f"{a:.3g}"
    if a >= 10 or a == int(a):
        s = f"{a:.0f}" if a >= 10 else f"{a:g}"
    elif a >= 1:
        s = f"{a:.1f}"
    else:
        s = f"{a:.2f}"
    return s


def _signed(v: float) -> str:
    return ("+" if v >= 0 else MINUS) + fmt_number(v)


def _faction_name(state: Any, fid: str) -> str:
    prefs = state.params.get("factions", {}).get(fid) if state is not None else None
    return str(prefs["name"]) if prefs else fid.capitalize()


def _person_name(pid: str) -> str:
    from game.people import load_people

    p = load_people().get(pid)
    return p.short if p is not None else pid


def _label(eff: Effect, state: Any) -> tuple[str, str, str]:
    """(label, unit suffix, where) for an effect's target."""
    t = eff.target
    if t.kind == "nat":
        fig = F.NATIONAL[t.name]
        return fig.label, _UNIT_SUFFIX.get(fig.unit, ""), ""
    if t.kind == "reg":
        fig = F.REGIONAL[t.name]
        if t.region is None:
            where = " everywhere"
        else:
            names = state.region_names if state is not None else ()
            where = f" in {names[t.region] if t.region < len(names) else t.region_id}"
        return fig.label, _UNIT_SUFFIX.get(fig.unit, ""), where
    if t.kind == "faction":
        return f"{_faction_name(state, t.name)} support", "", ""
    if t.kind == "weight":
        return f"{_faction_name(state, t.name)} weight in the Party", "", ""
    if t.kind == "person":
        return f"{_person_name(t.name)}'s loyalty to you", "", ""
    return policy_label(t.name), "", ""


def _value_text(eff: Effect) -> str:
    assert eff.value is not None
    src = eff.value.source
    if eff.op != "linger":
        for op in ("+=", "-=", "*=", "="):
            if op in src:
                return src.split(op, 1)[1].strip()
    return src


def effect_preview(eff: Effect, state: Any = None) -> str | None:
    """One line for one effect; None for hidden mechanics (flags)."""
    t = eff.target
    if t.kind == "flag":
        return None
    if t.kind == "fate":
        from game.people import FATE_NAMES

        text = FATE_NAMES.get(str(eff.text), str(eff.text))
        cost = {
            "tried": " (the others take note; his faction loses support)",
            "exiled": " (his faction loses support)",
        }.get(str(eff.text), "")
        return f"{_person_name(t.name)}: {text}{cost}"
    label, unit, where = _label(eff, state)
    if eff.text is not None:
        return f"{label} set to {eff.text}"
    assert eff.value is not None
    v = eff.value.constant
    pct = t.kind == "faction"
    if eff.op == "linger":
        turns = eff.turns.constant if eff.turns is not None else None
        decay = eff.decay.constant if eff.decay is not None else None
        span = f" for {fmt_number(turns)} turns" if turns is not None else " for a while"
        fade = ", fading" if decay is not None and decay < 1 else ""
        if v is None:
            return f"{label}{where} changes each turn{span}{fade}"
        amount = f"{_signed(v * 100)} %" if pct else f"{_signed(v)}{unit}"
        return f"{label} {amount}{where}{span}{fade}"
    if v is None:
        return f"{label}{where} {eff.op} {_value_text(eff)}"
    if eff.op == "=":
        if t.kind == "policy" and t.name in POLICY_BOOLS:
            return f"{label}: {'yes' if v >= 0.5 else 'no'}"
        amount = f"{fmt_number(v * 100)} %" if pct else f"{fmt_number(v)}{unit}"
        if v < 0:
            amount = MINUS + amount
        return f"{label} set to {amount}{where}"
    if eff.op == "*=":
        change = (v - 1) * 100
        return f"{label} {_signed(change)} %{where}"
    delta = v if eff.op == "+=" else -v
    amount = f"{_signed(delta * 100)} %" if pct else f"{_signed(delta)}{unit}"
    return f"{label} {amount}{where}"


def option_preview(opt: OptionDef, state: Any = None) -> list[str]:
    lines = [p for e in opt.effects if (p := effect_preview(e, state)) is not None]
    for fid, v in opt.factions.items():
        if state is not None and fid not in state.factions:
            continue
        lines.append(f"{_faction_name(state, fid)} {_signed(v * 100)} % support")
    return lines
