"""Peasant trust, unrest and revolt; cadres in the field; the Party's factions."""

from __future__ import annotations

import numpy as np

from game.engine import constants as C
from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.explain import Explanation
from game.engine.fastmath import add_reduce, any_true, clip, clip_float, max_all, mean
from game.engine.rules.world import line_signal
from game.engine.state import PRIVATE, VOLUNTARY, State

REVOLT_ON, REVOLT_OFF = 0.6, 0.35
# How much more each stratum's trust suffers from coercion (batrak .. kulak).
_COERCION_BY_STRATUM = np.array([0.6, 0.8, 1.0, 1.5])[None, :]


def move_cadres(state: State, pol: CompiledPolicy) -> None:
    """New cadres arrive; about 40 % of the 25,000ers completed their terms."""
    a = state.arrays
    a["cadres"] *= C.CADRE_RETENTION
    a["cadres"] += pol.cadres


def update_trust_and_unrest(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    a = state.arrays
    n = state.nat
    forced = pol.forced
    trust = a["trust"]
    hh = a["households"]
    hunger = a["hunger"]
    vol = add_reduce(hh * a["forms"][:, :, VOLUNTARY], 1) / add_reduce(hh, 1)
    goods = n["consumer_goods"] - 0.3
    # (R,S) terms in their order; TRUST_BASE (S,) broadcasts over the regions as its
    # [None, :] view did, element for element
    d = 0.05 * (C.TRUST_BASE - trust)
    d -= (0.06 * forced)[:, None] * _COERCION_BY_STRATUM
    d -= (0.2 * hunger)[:, None]  # (the same products, made on (R,) before broadcasting)
    d += 0.05 * goods
    d += 0.06 * (0.1 - pol.tax)
    d += (0.04 * vol * a["autonomy"])[:, None]
    if ctx.ledgers:  # a described turn (game.engine.breakdowns): the same terms apart
        _record_trust(ctx, state, pol, trust, d, vol, goods)
    trust += d
    clip(trust, 0.0, 1.0, out=trust)

    u = a["unrest"]
    du = 0.10 * forced * a["resistance"] + 0.35 * hunger
    du += 0.10 * (0.45 - (add_reduce(trust, 1) / trust.shape[1]))
    flows = ctx.flows
    deported = flows.get("deported")
    if deported is not None:  # (no deportation this season: no flow, and no term)
        deported = deported / np.maximum(hh[:, 3] + deported, 1e-9)
        # Without it, the term would add +0.0 to a sum that is never -0.0 (its third
        # term, 0.10 x (0.45 - mean trust), never is): the same bits either way.
        du += 0.3 * deported
    du += 0.15 * ctx.flow("exits")
    du -= 0.3 * u
    u += du
    clip(u, 0.0, 1.0, out=u)
    # Revolts switch on above one level and off below a lower one. (Rarely: the masks
    # and loops run only when some region is past a threshold, asked through the max.)
    rv = a["revolt"]
    if not max_all(u) <= REVOLT_ON:  # (written so: a NaN takes the full path, as before)
        started = (rv < 0.5) & (u > REVOLT_ON)
        if any_true(started):
            rv[started] = 1.0
            for r in np.flatnonzero(started):
                ctx.events.append(f"Peasant revolt in {state.region_names[r]}.")
    if not max_all(rv) <= 0.5:
        ended = (rv > 0.5) & (u < REVOLT_OFF)
        if any_true(ended):
            rv[ended] = 0.0
            for r in np.flatnonzero(ended):
                ctx.events.append(f"The revolt in {state.region_names[r]} has died down.")
    if not ctx.describe:  # the rest only explains (bots and replays skip it)
        return
    u_now, hunger, trust_now = u.copy(), a["hunger"].copy(), trust.sum(1) / trust.shape[1]
    ctx.regional["unrest"] = lambda: [
        Explanation("unrest", "Unrest", float(u_now[r]) * 100, "%")
        .add(
            "Coercion (x the region's resistance)",
            float(0.10 * forced[r] * a["resistance"][r]),
            "add",
        )
        .add("Hunger", float(0.35 * hunger[r]), "add")
        .add("Low trust", float(0.10 * (0.45 - trust_now[r])), "add")
        .add("Deportations", float(0.3 * deported[r]) if deported is not None else 0.0, "add")
        .add("Calming down", float(-0.3 * (u_now[r] - du[r])), "add")
        for r in range(state.n_regions)
    ]


def _record_trust(
    ctx: TurnContext,
    state: State,
    pol: CompiledPolicy,
    trust: np.ndarray,
    d: np.ndarray,
    vol: np.ndarray,
    goods: float,
) -> None:
    a = state.arrays
    led = ctx.ledgers["trust"]
    led.add("Drifting back to the stratum's usual level", 0.05 * (C.TRUST_BASE[None, :] - trust))
    led.add(
        "Coercion",
        -(0.06 * pol.forced)[:, None] * np.array([0.6, 0.8, 1.0, 1.5])[None, :],
    )
    led.add("Hunger", -0.2 * a["hunger"][:, None])
    led.add("Consumer goods to buy", 0.05 * goods)
    led.add("Taxes (above or below 10 %)", 0.06 * (0.1 - pol.tax[None, :]))
    led.add("Self-managed collectives nearby", (0.04 * vol * a["autonomy"])[:, None])
    held = np.clip(trust + d, 0.0, 1.0) - (trust + d)
    led.add("Already at 0 %: cannot fall further", np.maximum(held, 0.0))
    led.add("Already at 100 %: cannot rise further", np.minimum(held, 0.0))


def faction_signals(state: State, pol: CompiledPolicy, ctx: TurnContext) -> dict[str, float]:
    """What the factions look at, each roughly in -1..1."""
    a = state.arrays
    n = state.nat
    shares = state.form_shares()
    deaths = ctx.flow_total("famine_deaths")
    # (clip_float: numpy's clip on one number, without the ufunc's cost)
    return {
        "industry_growth": clip_float((n["industry_growth"] - 0.05) / 0.08, -1, 1),
        "collectivised": float(1 - shares[PRIVATE]) * 2 - 1,
        "voluntary": float(shares[VOLUNTARY]) * 2 - 0.5,
        "coercion": float(mean(pol.forced)) * 2 - 0.5,
        "market": 1.0 if pol.market else -1.0,
        "famine": clip_float(deaths * 4, 0, 1),
        "unrest": float(mean(a["unrest"])) * 2 - 0.4,
        "urban_food": clip_float((n["urban_food"] - 0.9) * 4, -1, 0.4),
        "peasant_trust": float(mean(a["trust"]) - 0.5) * 2,
        "kulak_tax": clip_float((pol.tax[3] - 0.15) * 5, -1, 1) + mean(pol.dekulakisation),
        "readiness": float(n["readiness"] - 0.35) * 2,
        "tension": float(n["tension"] - 0.4) * 2,
        # the Comintern's line: 1 class against class, 0 united front, -1 popular front
        # (-3 before 1934: a line out of its time)
        "revolutionary_line": line_signal(state.year, pol.comintern),
    }


def update_factions(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    signals = faction_signals(state, pol, ctx)
    prefs = state.params["factions"]
    factions = state.factions
    get = signals.get
    for fid, spec in prefs.items():
        # (sum() of the weighted signals written out: the same additions from 0.0)
        pull = 0.0
        for sig, w in spec["likes"].items():
            pull += w * get(sig, 0.0)
        target = clip_float(0.5 + pull * 0.5, 0.05, 0.95)
        factions[fid] += 0.15 * (target - factions[fid])
        factions[fid] = clip_float(factions[fid], 0.0, 1.0)
    st = standing(state)
    state.nat["standing"] = st
    if not ctx.describe:  # the rest only explains (bots and replays skip it)
        return
    exp = ctx.explain("standing", "Support in the Party", st * 100, "%")
    for fid, spec in prefs.items():
        exp.add(
            f"{spec['name']} (weight {spec['weight']:.2f})", state.factions[fid] * 100, "info", "%"
        )
    ctx.figures.update({f"signal.{k}": v for k, v in signals.items()})


def standing(state: State) -> float:
    prefs = state.params["factions"]
    total = sum(spec["weight"] for spec in prefs.values())
    if total <= 0:
        return 0.5
    return sum(state.factions[f] * spec["weight"] for f, spec in prefs.items()) / total
