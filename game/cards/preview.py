"""Previews of what an option does, generated from its effects.

Players see "Trust of the kulaks −10 points in Ukraine" or "State grain reserve
+1.2 Mt" under an option, costs first. The words come from the figure labels and
units in `game.engine.figures` (and the lever words below), never from text the
card author wrote, so a preview cannot promise something the effect does not do.
"""

from __future__ import annotations

import math

from game.cards.expr import POLICY_BOOLS, Effect
from game.cards.loader import OptionDef
from game.engine import figures as F
from game.engine import vocab as V
from game.engine.state import State

MINUS = "\u2212"
_UNIT_SUFFIX = {"Mt": " Mt", "M": " M", "thousand": " thousand"}


def _good(name: str) -> int:
    """+1 if a rise of the figure is good for the player, -1 if bad (the vocabulary)."""
    fig = V.NATIONAL.get(name) or V.REGIONAL.get(name)
    return fig.good if fig is not None else 0


_CHOICE_WORDS = {
    "forced": "forced drive",
    "voluntary": "voluntary collectives",
    "none": "leave the farms be",
    "market": "buy at market prices",
    "quota": "compulsory quotas",
    "class_against_class": "class against class (the Third Period)",
    "united_front": "a united front",
    "popular_front": "a popular front",
    "germany": "the Rapallo partnership with Germany",
    "isolation": "isolation",
    "collective_security": "collective security",
}
# a few figures read better in other words here than their short labels
_PLAYER_LABEL = {"yield_bonus": "Yields", "cadres": "Worker-cadres"}
_STRATUM_PLURAL = {"batrak": "batraks", "bednyak": "bednyaks", "serednyak": "serednyaks"}


class Line(str):
    """One effect in words, with its tone for the player: "cost", "gain", "policy"
    (a lever the option sets: neither good nor bad in itself) or "other"."""

    tone: str

    def __new__(cls, text: str, tone: str = "other") -> Line:
        obj = super().__new__(cls, text)
        obj.tone = tone
        return obj


TONE_ORDER = {"cost": 0, "gain": 1, "other": 2, "policy": 3}


def policy_label(name: str) -> str:
    """A lever in words (game.engine.vocab): 'allow_exit' -> 'Members may leave',
    'tax.kulak' -> 'Tax on kulaks', 'invest.heavy' -> 'Investment in heavy industry'."""
    try:
        lever, key = V.lever_part(name)
    except KeyError:
        return name.replace("_", " ").capitalize()
    if key and name.startswith("tax."):
        return f"Tax on {key}s"
    if key:
        return f"Investment in {V.part_label(name).lower()}"
    return "Collectivisation path" if name == "path" else lever.label


def _lever_kind(name: str) -> str:
    """How a lever's value reads: "share" (0..1 as a percentage), "price" (a multiple
    of the base price), or a unit written after the number."""
    try:
        lever, _key = V.lever_part(name)
    except KeyError:
        return "share"
    if lever.unit == "%":
        return "share"
    if lever.unit == "×":
        return "price"
    return f" {lever.unit} a season"


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


def _faction_name(state: State | None, fid: str) -> str:
    prefs = state.params.get("factions", {}).get(fid) if state is not None else None
    return str(prefs["name"]) if prefs else fid.capitalize()


def _person_name(pid: str) -> str:
    from game.people import load_people

    p = load_people().get(pid)
    return p.short if p is not None else pid


def _label(eff: Effect, state: State | None) -> tuple[str, str, str, bool]:
    """(label, unit suffix, where, shown as points of a percentage) for a target."""
    t = eff.target
    if t.kind in ("nat", "reg"):
        fig = (F.NATIONAL if t.kind == "nat" else F.REGIONAL)[t.name]
        where = ""
        if t.kind == "reg":
            if t.region is None:
                where = " everywhere"
            else:
                names = state.region_names if state is not None else ()
                where = f" in {names[t.region] if t.region < len(names) else t.region_id}"
        # shares, and unitless figures on a scale of about one (farming skill, the
        # appeal of collectives), read as points of a percentage
        points = fig.percent or (fig.unit == "" and fig.hi <= 2 and fig.lo >= -1)
        label = _PLAYER_LABEL.get(t.name, fig.label)
        if t.name.startswith("trust_"):
            stratum = t.name[6:]
            label = f"Trust of the {_STRATUM_PLURAL.get(stratum, stratum + 's')}"
        return label, _UNIT_SUFFIX.get(fig.unit, ""), where, points
    if t.kind == "faction":
        return f"{_faction_name(state, t.name)}: support", "", "", True
    if t.kind == "weight":
        return f"Weight of {_faction_name(state, t.name)} in the Party", "", "", True
    if t.kind == "person":
        return f"{_person_name(t.name)}'s loyalty to you", "", "", True
    return policy_label(t.name), "", "", False


def _tone(eff: Effect, delta: float) -> str:
    t = eff.target
    good = 1 if t.kind in ("faction", "person") else _good(t.name)
    if good == 0 or abs(delta) < 1e-12:
        return "other"
    return "gain" if good * delta > 0 else "cost"


def _value_text(eff: Effect) -> str:
    assert eff.value is not None
    src = eff.value.source
    if eff.op != "linger":
        for op in ("+=", "-=", "*=", "="):
            if op in src:
                return src.split(op, 1)[1].strip()
    return src


def _points(v: float) -> str:
    n = round(abs(v) * 100, 6)
    return f"{_signed(v * 100)} point{'' if n == 1 else 's'}"


def _lever_amount(name: str, v: float, signed: bool) -> str:
    kind = _lever_kind(name)
    if kind == "share":
        return _points(v) if signed else f"{fmt_number(v * 100)} %"
    if kind == "price":
        return f"{_signed(v * 100)} % of the base price" if signed else f"×{v:.2f}"
    return (_signed(v) if signed else fmt_number(v)) + kind


def effect_preview(eff: Effect, state: State | None = None) -> Line | None:
    """One effect in a player's words; None for hidden mechanics (flags)."""
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
        return Line(f"{_person_name(t.name)}: {text}{cost}", "cost" if cost else "other")
    label, unit, where, points = _label(eff, state)
    if eff.text is not None:
        return Line(f"{label}: {_CHOICE_WORDS.get(eff.text, eff.text)}", "policy")
    assert eff.value is not None
    v = eff.value.constant
    if eff.op == "linger":
        turns = eff.turns.constant if eff.turns is not None else None
        decay = eff.decay.constant if eff.decay is not None else None
        n = fmt_number(turns) if turns is not None else ""
        span = f" for {n} season{'' if n == '1' else 's'}" if n else " for a while"
        fade = ", fading" if decay is not None and decay < 1 else ""
        if v is None:
            return Line(f"{label}{where} changes each season{span}{fade}")
        amount = _points(v) if points else f"{_signed(v)}{unit}"
        return Line(f"{label} {amount}{where}{span}{fade}", _tone(eff, v))
    if v is None:
        return Line(f"{label}{where} {eff.op} {_value_text(eff)}")
    if t.kind == "policy":
        if eff.op == "=":
            if t.name in POLICY_BOOLS:
                return Line(f"{label}: {'yes' if v >= 0.5 else 'no'}", "policy")
            return Line(f"{label} set to {_lever_amount(t.name, v, False)}", "policy")
        if eff.op == "*=":
            return Line(f"{label} {_signed((v - 1) * 100)} %", "policy")
        delta = v if eff.op == "+=" else -v
        return Line(f"{label} {_lever_amount(t.name, delta, True)}", "policy")
    if eff.op == "=":
        amount = f"{fmt_number(v * 100)} %" if points else f"{fmt_number(v)}{unit}"
        if v < 0:
            amount = MINUS + amount
        return Line(f"{label} set to {amount}{where}")
    if eff.op == "*=":
        change = (v - 1) * 100
        return Line(f"{label} {_signed(change)} %{where}", _tone(eff, change))
    delta = v if eff.op == "+=" else -v
    amount = _points(delta) if points else f"{_signed(delta)}{unit}"
    return Line(f"{label} {amount}{where}", _tone(eff, delta))


def option_preview(opt: OptionDef, state: State | None = None) -> list[str]:
    """Every effect of an option in words, costs first, then gains, then the policy it
    sets; each a `Line` that carries its tone."""
    lines = [p for e in opt.effects if (p := effect_preview(e, state)) is not None]
    for fid, v in opt.factions.items():
        if state is not None and fid not in state.factions:
            continue
        tone = "gain" if v > 0 else "cost" if v < 0 else "other"
        lines.append(Line(f"{_faction_name(state, fid)}: support {_points(v)}", tone))
    lines.sort(key=lambda ln: TONE_ORDER[ln.tone])
    return lines
