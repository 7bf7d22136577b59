"""Bots: decision policies that play whole campaigns headless.

They drive the same engine the player does, so the balance lab, the tests
and the calibration all measure the real game.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from game.engine.decisions import INVEST_KEYS, Decisions, Policy, RegionOverride
from game.engine.fastmath import max_all, total
from game.engine.scenario import Scenario
from game.engine.state import STRATA, State
from game.engine.vocab import LEVER
from game.errors import DecisionError, did_you_mean

# The decisions a bot made before, by (bot class, its memo key): a bot whose decisions
# follow from a few figures (`Bot.memo_key`) hands back the object it made for the same
# figures, in this campaign or an earlier one of this process (a lab worker plays hundreds
# of campaigns in a row, and the historical bot decides alike in most of them). Building
# one cost more than the rest of the bot, and the same object is validated once
# (Decisions.validate) and compiled once (game.campaign's compiled policies).
_MEMO: dict[tuple[Any, ...], Decisions] = {}
_MEMO_LIMIT = 4096  # a search over many scenarios stays bounded


@dataclass
class Bot:
    name: str
    description: str

    def decide(self, state: State) -> Decisions:
        key = self.memo_key(state)
        if key is not None:
            key = (type(self), key)
            known = _MEMO.get(key)
            if known is not None:
                return self.same_as_last(known)
        decisions = self._decide(state)
        if state.nat["at_war"]:
            war = self.war_changes(state)
            if war:
                decisions = Decisions(decisions.policy.with_changes(**war), decisions.overrides)
        if key is not None:
            if len(_MEMO) >= _MEMO_LIMIT:
                _MEMO.clear()
            _MEMO[key] = decisions
        return self.same_as_last(decisions)

    def memo_key(self, state: State) -> tuple[Any, ...] | None:
        """Every value of `state` that `_decide` and `war_changes` read, for a bot whose
        decisions are a function of them (a memo, see _MEMO); None: not memoised (the
        default: a bot with its own state, as the random bot, or one reading much)."""
        return None

    def war_changes(self, state: State) -> dict[str, Any]:
        """The war's levers while the war is fought: a commander who reads the front.
        Stand while the army can, fall back when it is outmatched, attack once stronger;
        move the factories east while the front comes nearer; mobilise men, horses and the
        tractor works; take grain for the army, ration the towns."""
        return war_levers(state, requisition=0.15, hold=False)

    def start(self, scenario: Scenario) -> None:
        """Called before the bot plays a campaign of `scenario` (a base or mod scenario)."""

    def _decide(self, state: State) -> Decisions:  # pragma: no cover - abstract
        raise NotImplementedError

    def same_as_last(self, decisions: Decisions) -> Decisions:
        """Hand back the previous object when nothing changed: a campaign keeps the
        compiled policy of its Decisions object while it stays the same."""
        last = getattr(self, "_last", None)
        if last is not None and last == decisions:
            return last
        self._last = decisions
        return decisions

    def choose_option(self, state: State, weights: Sequence[float]) -> int:
        """Pick a card option; `weights` are the card's per-option bot weights
        (0 = never). Deterministic given the state."""
        w = np.asarray(weights, dtype=np.float64)
        if w.sum() <= 0:
            return 0
        return int(np.argmax(w))


def war_levers(state: State, requisition: float, hold: bool) -> dict[str, Any]:
    """War decisions from the figures the player sees. `hold`: never fall back (the
    "not a step back" of Order No. 227), whatever the balance."""
    n = state.nat
    balance = n["army"] / max(n["enemy"], 1e-9)
    stance = "stand"
    if balance > 1.25:
        stance = "attack"
    elif balance < 0.55 and not hold:
        stance = "fall_back"
    return {
        "war_stance": stance,
        "evacuate": 1.0 if n["front"] < 0.9 and n["front"] > -0.1 else 0.0,
        "mobilise": 0.8,
        "horses_to_army": True,
        "tanks_not_tractors": True,
        "war_requisition": requisition,
        "rationing": True,
    }


def _tax(b: float, s: float, k: float) -> dict[str, float]:
    return {"batrak": 0.0, "bednyak": b, "serednyak": s, "kulak": k}


def _invest(h: float, m: float, c: float, d: float) -> dict[str, float]:
    return {"heavy": h, "machinery": m, "consumer": c, "defence": d}


def historical_world(state: State) -> dict[str, Any]:
    """Foreign policy as it was: Rapallo and the Third Period line from the Sixth
    Congress (summer 1928) to 1934; then the popular front, the League and the pacts
    with France and Czechoslovakia (1934-38); the pact with Germany from August 1939.
    Industry moves east with the Ural-Kuznetsk combine (1930), and the army's command
    is purged from June 1937 to the winter."""
    t = state.year + state.season_index / 4.0
    nazi = state.nat["germany"] == 1.0
    out: dict[str, Any] = {
        "comintern": "class_against_class" if 1928.25 <= t < 1934.5 else "united_front",
        "diplomacy": "germany",
        "east_share": 0.2 if t < 1930 else (0.25 if t < 1934 else (0.35 if t < 1939 else 0.45)),
        "army_purge": 1937.25 <= t < 1938.0,
    }
    if t >= 1934.5:
        out["comintern"] = "popular_front"
    if nazi and t >= 1933.0:
        out["diplomacy"] = "isolation" if t < 1934.5 else "collective_security"
        if t >= 1939.5:
            out["diplomacy"] = "germany"  # Molotov-Ribbentrop
        elif t >= 1938.75:
            out["diplomacy"] = "isolation"  # after Munich
    return out


def _world(state: State, early_line: str, east: float) -> dict[str, Any]:
    """Foreign policy for a bot that wants peace with its countryside and allies against
    Hitler: `early_line` and the Rapallo partnership while Germany decides, then the
    popular front and collective security from 1933, and more industry in the east."""
    late = state.year >= 1933  # by the calendar, so that a strategy file can say it too
    return {
        "comintern": "popular_front" if late else early_line,
        "diplomacy": "collective_security" if late else "germany",
        "east_share": east if not late else min(east + 0.15, 0.8),
        "army_purge": False,
    }


class HistoricalBot(Bot):
    """The Stalinist drive as it happened: emergency measures, the Great Turn,
    the retreat of "Dizzy with Success", then the drive again -- region by region
    in the tiers of the 5 January 1930 resolution, with the quotas of 1932 held
    in Ukraine and the North Caucasus. Before 1928 it plays the NEP, and it starts
    the drive only once the countryside has recovered from the wars."""

    def __init__(self) -> None:
        super().__init__(
            "historical", "The drive of 1929-33 as it happened, then the kolkhoz order"
        )

    def war_changes(self, state: State) -> dict[str, Any]:
        # 1941-45 as fought: every line held, the grain taken under compulsion.
        return war_levers(state, requisition=0.25, hold=True)

    def memo_key(self, state: State) -> tuple[Any, ...] | None:
        # What _farms, historical_world and war_changes read: the season, the
        # recovery, the hunger (at the three thresholds _farms tests), the reserve,
        # Germany, the regions and their tiers, and the war's levers while it lasts.
        # tests/engine/test_bot_memo.py holds the memoised bot to a fresh one. A
        # subclass may read more, so only this class is memoised.
        if type(self) is not HistoricalBot:
            return None
        a, n = state.arrays, state.nat
        hunger = float(max_all(a["hunger"]))
        return (
            state.year,
            state.season_index,
            _recovered(state),
            hunger > 0.1,
            hunger < 0.25,
            hunger > 0.25,
            n["grain_reserve"] < 12.0,
            n["germany"] == 1.0,
            state.region_ids,
            tuple(state.params.get("region_tiers") or ()),
            tuple(self.war_changes(state).items()) if n["at_war"] else None,
        )

    def _decide(self, state: State) -> Decisions:
        d = self._farms(state)
        # (Decisions built directly: dataclasses.replace costs ~5 us a season on the bots' path)
        return Decisions(d.policy.with_changes(**historical_world(state)), d.overrides)

    def _farms(self, state: State) -> Decisions:
        y, s = state.year, state.season_index
        t = y + s / 4.0
        a = state.arrays
        recovered = _recovered(state)
        hungry = float(max_all(a["hunger"])) > 0.1
        base = Policy(
            procurement="quota",
            quota=0.17,
            export=0.05,
            tax=_tax(0.04, 0.09, 0.22),
            invest=_invest(0.5, 0.15, 0.2, 0.15),
        )
        if t < 1927.75 or (t < 1930.5 and not recovered):  # the NEP: tax in kind, then the market
            return Decisions(
                base.with_changes(
                    path="none",
                    procurement="market",
                    price=1.0,
                    export=0.05,
                    relief=1.0 if hungry else 0.0,
                    tax=_tax(0.03, 0.07, 0.14),
                    invest=_invest(0.4, 0.08, 0.4, 0.12),
                )
            )
        if t < 1929.5:  # emergency measures, tempo rising
            return Decisions(base.with_changes(path="voluntary", quota=0.2, tax_break=0.2))
        if t < 1929.75:  # summer 1929: pressure on the collectives grows
            return Decisions(
                base.with_changes(path="forced", target=0.12, coercion=0.3, quota=0.22, export=0.1)
            )
        tiers = state.params.get("region_tiers") or [2] * state.n_regions
        ids = state.region_ids

        def by_tier(**fields_by_tier: tuple) -> dict[str, RegionOverride]:
            out = {}
            for rid, tier in zip(ids, tiers, strict=True):
                ch = {k: v[tier - 1] for k, v in fields_by_tier.items() if v[tier - 1] is not None}
                if ch:
                    out[rid] = RegionOverride(**ch)
            return out

        if t < 1930.0:  # autumn-winter 1929: the Great Turn, the 25,000ers, dekulakisation
            winter = s == 3
            return Decisions(
                base.with_changes(
                    path="forced",
                    target=0.75 if winter else 0.2,
                    coercion=0.9 if winter else 0.5,
                    dekulakisation=winter,
                    allow_exit=False,
                    quota=0.28,
                    export=0.2,
                    cadres=27.0 if winter else 0.0,
                    invest=_invest(0.6, 0.15, 0.1, 0.15),
                ),
                by_tier(target=(0.85, 0.75, 0.6)) if winter else {},
            )
        if t < 1930.5:  # spring-summer 1930: "Dizzy with Success", the exodus
            return Decisions(
                base.with_changes(
                    path="forced",
                    target=0.2,
                    coercion=0.08,
                    allow_exit=True,
                    quota=0.27,
                    export=0.22,
                    invest=_invest(0.6, 0.15, 0.1, 0.15),
                ),
                # the grain belt is held; the consumer regions empty
                by_tier(target=(0.55, 0.3, 0.05), coercion=(0.4, 0.15, 0.0)),
            )
        if t < 1933.0:  # the drive resumes: 1930-32, tier by tier
            targets = {
                1930: (0.6, 0.35, 0.15),
                1931: (0.85, 0.7, 0.4),
                1932: (0.9, 0.8, 0.55),
            }[y]
            overrides = by_tier(target=targets)
            if y == 1932 and s >= 2:  # quotas cut elsewhere, held in Ukraine and the Kuban
                for rid in ("ukraine", "north_caucasus"):
                    if rid in ids:
                        prev = overrides.get(rid, RegionOverride())
                        overrides[rid] = replace(prev, quota=0.40, coercion=0.75)
            return Decisions(
                base.with_changes(
                    path="forced",
                    target=0.68,
                    coercion=0.6,
                    dekulakisation=y <= 1931,
                    allow_exit=False,
                    quota=0.32 if y < 1932 else 0.27,
                    export=0.2 if y < 1932 else 0.1,
                    invest=_invest(0.6, 0.17, 0.08, 0.15),
                ),
                overrides,
            )
        if t < 1935.0:  # 1933-34: the famine, then a little easing
            # The state reads the famine once it can no longer be denied: seed loans and
            # lower quotas where the villages are starving (spring 1933 on).
            famine = float(max_all(a["hunger"]))
            return Decisions(
                base.with_changes(
                    path="forced",
                    target=0.72 if y == 1933 else 0.82,
                    coercion=0.45,
                    allow_exit=False,
                    household_plot=t >= 1934.0,  # "a cow for every kolkhoz household"
                    quota=0.3 if famine < 0.25 else 0.25,
                    export=0.04,
                    relief=(1.5 if y == 1933 and s in (0, 1) else 0.0)
                    + (2.0 if famine > 0.25 else 0.0),
                    invest=_invest(0.5, 0.17, 0.1, 0.23),
                ),
                by_tier(target=(0.9, 0.85, None) if y == 1933 else (0.92, 0.9, None)),
            )
        reserve_low = state.nat["grain_reserve"] < 12.0
        return Decisions(  # 1935-41: the kolkhoz order with the charter's plots, rearmament
            base.with_changes(
                path="forced",
                target=0.95,
                coercion=0.3,
                allow_exit=False,
                household_plot=True,
                quota=0.27 if reserve_low else 0.22,
                relief=1.0 if hungry else 0.0,
                export=0.03,
                invest=_invest(0.45, 0.15, 0.12, 0.28),
            )
        )


def _recovered(state: State) -> bool:
    """The countryside has recovered from the wars: the sown area's yield is back to
    nine tenths of what the land can give (the historical bot starts the drive then)."""
    a = state.arrays
    # total: ndarray.sum's own ufunc reduction without its wrapper
    return float(total(a["area"] * a["base_yield"])) >= 0.9 * float(
        total(a["area_base"] * a["yield_potential"])
    )


def _threat(state: State) -> bool:
    """Germany has gone Nazi, or tension is high: time to rearm."""
    return state.nat["germany"] == 1.0 or state.nat["tension"] > 0.6


class VoluntaryBot(Bot):
    def __init__(self) -> None:
        super().__init__("voluntary", "Voluntary collectives with light incentives, no coercion")

    def _decide(self, state: State) -> Decisions:
        hungry = float(max_all(state.arrays["hunger"])) > 0.05
        return Decisions(
            Policy(
                path="voluntary",
                tax_break=0.2,
                machinery_priority=0.2,
                credit=0.1,
                self_management=0.7,
                procurement="market",
                price=1.0,
                export=0.05,
                relief=1.0 if hungry else 0.0,
                invest=_invest(0.35, 0.15, 0.3, 0.2)
                if _threat(state)
                else _invest(0.4, 0.15, 0.35, 0.1),
                **_world(state, "united_front", 0.2),
            )
        )


class VoluntarySupportedBot(Bot):
    def __init__(self) -> None:
        super().__init__(
            "voluntary-supported",
            "Voluntary collectives plus mechanisation, progressive tax and consumer goods; "
            "builds industry and rearms from 1933 whoever rules Germany (the war may come "
            "from the east too), relieves hunger, pays more when the reserve is low",
        )

    def _decide(self, state: State) -> Decisions:
        hungry = float(max_all(state.arrays["hunger"])) > 0.03
        reserve_low = state.nat["grain_reserve"] < 3.0 + 0.03 * state.nat["industry"]
        threat = _threat(state)
        return Decisions(
            Policy(
                path="voluntary",
                tax_break=0.6,
                machinery_priority=0.9,
                credit=0.4,
                self_management=0.9,
                procurement="market",
                price=1.25 if reserve_low else 1.1,
                export=0.06 if state.year <= 1929 else 0.03,
                relief=1.5 if hungry else 0.0,
                tax=_tax(0.04, 0.16, 0.3),
                invest=_invest(0.45, 0.15, 0.05, 0.35)
                if state.year >= 1933
                else _invest(0.3, 0.22, 0.2, 0.28)
                if threat
                else _invest(0.38, 0.28, 0.26, 0.08),
                **_world(state, "united_front", 0.3),
            )
        )


class NepBot(Bot):
    def __init__(self) -> None:
        super().__init__(
            "nep",
            "Leave the farms alone, buy grain at market prices; a united front abroad, no allies",
        )

    def _decide(self, state: State) -> Decisions:
        hungry = float(max_all(state.arrays["hunger"])) > 0.05
        return Decisions(
            Policy(
                path="none",
                procurement="market",
                price=1.1,
                export=0.03,
                relief=1.0 if hungry else 0.0,
                tax=_tax(0.04, 0.07, 0.12),
                invest=_invest(0.25, 0.05, 0.65, 0.05),
                comintern="united_front",  # Bukharin's line: no war on the social democrats
                diplomacy="isolation",
            )
        )


class RandomBot(Bot):
    """Random but legal decisions, drawn from its own generator so the
    campaign's own randomness is untouched."""

    def __init__(self, seed: int = 0) -> None:
        super().__init__("random", "Random legal decisions each year (for testing and fuzzing)")
        self.rng = np.random.default_rng(seed + 7919)
        self.current: Decisions | None = None

    def _decide(self, state: State) -> Decisions:
        if self.current is None or state.season_index == 0:
            self.current = random_decisions(self.rng, state.region_ids)
        return self.current

    def choose_option(self, state: State, weights: Sequence[float]) -> int:
        return int(self.rng.integers(len(weights)))


def random_decisions(rng: np.random.Generator, region_ids: Sequence[str]) -> Decisions:
    def u(lo: float, hi: float) -> float:
        return float(rng.uniform(lo, hi))

    def policy() -> dict[str, Any]:
        inv = rng.dirichlet(np.ones(4))
        return {
            "path": str(rng.choice(["forced", "voluntary", "none"])),
            "target": u(0, 1),
            "coercion": u(0, 1),
            "dekulakisation": bool(rng.random() < 0.3),
            "allow_exit": bool(rng.random() < 0.5),
            "tax_break": u(0, 1),
            "machinery_priority": u(0, 1),
            "credit": u(0, 1),
            "self_management": u(0, 1),
            "procurement": str(rng.choice(["quota", "market"])),
            "quota": u(0, 0.6),
            "price": u(0.5, 2.5),
            "export": u(0, 0.8),
            "cadres": u(0, 30),
            "relief": u(0, 5),
            "tax": {s: u(0, 0.6) for s in STRATA},
            "comintern": str(rng.choice(LEVER["comintern"].values)),
            "diplomacy": str(rng.choice(LEVER["diplomacy"].values)),
            "east_share": u(0, 0.8),
            "army_purge": bool(rng.random() < 0.1),
            "gold_sales": u(0, 0.5),
            "invest": {k: float(v) for k, v in zip(INVEST_KEYS, inv, strict=True)},
        }

    pol = policy()
    overrides = {}
    for rid in region_ids:
        if rng.random() < 0.2:
            keys = ["path", "target", "coercion", "quota", "cadres", "tax_break"]
            full = policy()
            overrides[rid] = {k: full[k] for k in keys if rng.random() < 0.5}
    return Decisions.from_dict({"policy": pol, "overrides": overrides})


BOTS: dict[str, type[Bot]] = {
    "historical": HistoricalBot,
    "voluntary": VoluntaryBot,
    "voluntary-supported": VoluntarySupportedBot,
    "nep": NepBot,
    "random": RandomBot,
}


def make_bot(name: str, seed: int = 0) -> Bot:
    if name not in BOTS:
        raise DecisionError(
            f"unknown bot '{name}'{did_you_mean(name, list(BOTS))}; choose one of: {', '.join(BOTS)}"
        )
    cls = BOTS[name]
    return cls(seed) if cls is RandomBot else cls()


def bot_descriptions() -> dict[str, str]:
    return {name: make_bot(name).description for name in BOTS}
