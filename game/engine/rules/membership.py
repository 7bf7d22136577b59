"""Who farms in which form: voluntary joining, the forced drive, exits, deportation.

The voluntary rule is the second seed's argument made into arithmetic: a
household joins when what it would get from the pooled output beats what it
earns alone, after taxes and the loss of control over its own land. The poor
gain from pooling; the better-off lose unless collectives are really more
productive (machinery, learning) or the state makes joining pay.
"""

from __future__ import annotations

import numpy as np

from game.engine import constants as C
from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.fastmath import add_reduce, any_true, clip, total
from game.engine.rules import herds
from game.engine.rules.productivity import Productivity, private_output_weight
from game.engine.state import BEDNYAK, KOLKHOZ, KULAK, PRIVATE, VOLUNTARY, State


def expected_gain(state: State, pol: CompiledPolicy, prod: Productivity) -> np.ndarray:
    """(R,S) expected gain of joining a voluntary collective, relative to a middle farm."""
    a = state.arrays
    w = _W  # (1,S)
    tax = pol.tax[None, :]
    inc_priv = w * (1 - tax)
    coll_tax = pol.tax[BEDNYAK] * (1 - pol.tax_break)
    # Depth of pooling (TOZ -> artel -> commune): a member gets `pooling` of the
    # pool's mean output and keeps the rest of what their own land yields; the
    # gains of scale grow with pooling, and so does the loss of control.
    pool = pol.pooling[:, None]
    scale = prod.org_vol[:, None]  # what the pooled land yields, free riding included
    mixed = pool * prod.avg_out_vol[:, None] + (1 - pool) * w
    inc_vol = (scale * mixed + prod.side_income[:, None] * (0.3 + 0.7 * pool)) * (1 - coll_tax)[
        :, None
    ]
    control_loss = _W_CONTROL * pool * (1 - 0.6 * pol.self_management[:, None])
    gain = (inc_vol - inc_priv - control_loss) / 1.1
    gain += a["join_bonus"][:, None]
    gain += 0.15 * (a["trust"] - 0.5)
    gain += 0.05 * state.nat["propaganda"]
    gain += 0.25 * a["hunger"][:, None]  # the hungry seek the safety of the pool
    gain -= C.STRAIN_GAIN * a["quota_strain"][:, None]  # the state takes the pool's grain
    return gain


def apply_membership(
    state: State, pol: CompiledPolicy, prod: Productivity, ctx: TurnContext
) -> None:
    a = state.arrays
    forms = a["forms"]
    hh = a["households"]
    hh_reg = np.maximum(add_reduce(hh, 1), 1e-9)
    # The three forms' shares as contiguous (R,S) planes, copied once: a ufunc on a
    # strided view of `forms` goes through numpy's general iterator, about twice the
    # cost of the same elementwise operation on contiguous arrays (same bits).
    planes = forms.transpose(2, 0, 1).copy()
    priv, vol, kolk = planes[PRIVATE], planes[VOLUNTARY], planes[KOLKHOZ]
    priv_reg = add_reduce(hh * priv, 1)
    # (the share before the season only for the explanation)
    before = 1 - float(total(priv_reg)) / float(total(hh_reg)) if ctx.describe else 0.0

    # --- voluntary joining and leaving ------------------------------------
    gain = expected_gain(state, pol, prod)
    path_factor = _PATH_FACTOR[pol.path.astype(np.intp)][:, None]
    join = C.JOIN_RATE * np.maximum(np.tanh(3 * gain), 0.0) * path_factor
    join *= 0.4 + 0.6 * a["trust"]
    leave = C.LEAVE_RATE * np.maximum(np.tanh(-3 * gain), 0.0)
    to_vol = priv * join
    from_vol = vol * leave

    # --- the forced drive --------------------------------------------------
    forced = pol.forced  # (R,)
    any_forced = any_true(forced)
    if any_forced:
        priv_share = priv_reg / hh_reg
        gap = np.maximum(pol.target - (1 - priv_share), 0.0)
        # Regions resist by their history (Cossack stanitsas, the national questions).
        push = clip(forced * 0.85 * gap / np.maximum(priv_share, 0.05) / a["resistance"], 0.0, 0.85)
        # Kulaks were refused entry and dealt with by deportation instead.
        to_kolk = priv * clip(push[:, None] * _RESIST, 0.0, 0.9)
        # Under the drive, voluntary collectives are merged into kolkhozes.
        absorb = vol * (0.3 * forced)[:, None]
    else:
        # (a plain zero, not an array of zeros: x - 0.0 and x + 0.0 are what they are with
        # an array of zeros, without broadcasting)
        to_kolk = absorb = 0.0

    # --- exits from kolkhozes ---------------------------------------------
    if any_true(kolk):
        k_income = (prod.p_kolk * prod.avg_out_kolk)[:, None]
        discontent = clip(0.55 + (_W - k_income) / 1.1 - 0.3 * a["hunger"][:, None], 0.0, 1.0)
        hold = clip(1 - 1.6 * forced, 0.0, 1.0)[:, None]
        rate = np.where(pol.allow_exit[:, None] > 0.5, C.EXIT_RATE_FREE, C.EXIT_RATE_HELD)
        exits = kolk * discontent * hold * rate
    else:
        exits = 0.0

    if ctx.ledgers:  # a described turn (game.engine.breakdowns)
        _record_flows(ctx, hh, hh_reg, to_vol, from_vol, to_kolk, absorb, exits)
    priv += from_vol - to_vol - to_kolk + exits
    vol += to_vol - from_vol - absorb
    kolk += to_kolk + absorb - exits
    np.maximum(planes, 0.0, out=planes)
    forms[...] = planes.transpose(1, 2, 0)  # (one strided write for the three planes)
    forms /= add_reduce(forms, 2, None, None, True)

    # Flows in households (millions), region x stratum.
    h_to_vol = hh * to_vol
    h_to_kolk = hh * to_kolk
    new_vol = add_reduce(h_to_vol, 1)
    new_kolk = add_reduce(h_to_kolk, 1)

    # --- livestock slaughtered by those joining (game.engine.rules.herds) ----
    herds.slaughter_on_joining(state, pol, h_to_vol, h_to_kolk, ctx)

    # --- deportation of kulaks --------------------------------------------
    deported = hh[:, KULAK] * (C.DEPORT_RATE * forced * pol.dekulakisation) if any_forced else None
    if deported is not None and any_true(deported):
        deport_frac = C.DEPORT_RATE * forced * pol.dekulakisation
        shares_before = state.region_form_shares() if ctx.ledgers else None
        kulak_out = (deported * C.LAND_WEIGHT[KULAK] * C.SKILL_WEIGHT[KULAK]) / np.maximum(
            hh @ private_output_weight(), 1e-9
        )
        a["skill"] *= 1 - 0.7 * kulak_out  # their know-how leaves with them
        herds.confiscate_stock(state, deported)
        hh[:, KULAK] -= deported
        people = deported * C.PEOPLE_PER_HOUSEHOLD
        a["population"] -= people
        a["deported"] += deported
        flow = ctx.flow("deported")
        flow += deported  # (in place; `flow[:] +=` would also copy the sum back)
        state.nat["deportation_deaths"] += float(total(people)) * C.DEPORT_DEATH_RATE
        a["trust"] -= _DEPORT_TRUST_HIT * deport_frac[:, None] * 4
        if shares_before is not None:
            _record_deportation(state, ctx, deported, deport_frac, shares_before)

    # --- ages of collectives: new members dilute them ---------------------
    vol_hh = add_reduce(hh * forms[:, :, VOLUNTARY], 1)
    a["vol_age"] = (
        (a["vol_age"] + 0.25) * np.maximum(vol_hh - new_vol, 0.0) / np.maximum(vol_hh, 1e-9)
    )
    if any_forced or any_true(forms[:, :, KOLKHOZ]):
        kol_hh = add_reduce(hh * forms[:, :, KOLKHOZ], 1)
        new_kol = new_kolk + add_reduce(hh * absorb, 1)
        a["kolk_age"] = (
            (a["kolk_age"] + 0.25) * np.maximum(kol_hh - new_kol, 0.0) / np.maximum(kol_hh, 1e-9)
        )
    # Cadres sent from the towns take the chairs the members would elect (the 25,000ers
    # became kolkhoz chairmen): they organise, but the collective is less its own.
    a["autonomy"] += 0.25 * (
        pol.self_management * (1 - 0.7 * forced) * (1 - C.CADRE_AUTONOMY * prod.cadre_density)
        - a["autonomy"]
    )

    h_exits = add_reduce(hh * exits, 1)
    # (the quotients written straight into the flows, without a temporary to copy)
    np.divide(new_kolk, hh_reg, out=ctx.flow("forced_join"))
    np.divide(new_vol, hh_reg, out=ctx.flow("voluntary_join"))
    np.divide(h_exits, hh_reg, out=ctx.flow("exits"))
    ctx.flows["gain"] = gain

    if not ctx.describe:  # the rest only explains (bots and replays skip it)
        return
    hh_total = float(hh.sum())
    after = 1 - float((hh * forms[:, :, PRIVATE]).sum()) / hh_total
    exp = ctx.explain("collectivised_share", "Households in collectives", after * 100, "%")
    exp.add("Last season", before * 100, "base", "%")
    exp.add("Joined voluntary collectives", float(new_vol.sum()) / hh_total * 100, "add", "pp")
    exp.add(
        "Left voluntary collectives", -float((hh * from_vol).sum()) / hh_total * 100, "add", "pp"
    )
    exp.add("Driven into kolkhozes", float(new_kolk.sum()) / hh_total * 100, "add", "pp")
    exp.add("Left kolkhozes", -float(h_exits.sum()) / hh_total * 100, "add", "pp")
    deported_total = 0.0 if deported is None else float(total(deported))
    exp.add("Deported (kulak households, M)", deported_total, "info")


def _record_flows(
    ctx: TurnContext,
    hh: np.ndarray,
    hh_reg: np.ndarray,
    to_vol: np.ndarray,
    from_vol: np.ndarray,
    to_kolk: np.ndarray | float,
    absorb: np.ndarray | float,
    exits: np.ndarray | float,
) -> None:
    """The season's moves between farm forms, as shares of each region's households
    (a described turn only: game.engine.breakdowns)."""

    def share(x: np.ndarray | float) -> np.ndarray:
        return (hh * x).sum(1) / hh_reg

    joined, left, driven = share(to_vol), share(from_vol), share(to_kolk)
    merged, exited = share(absorb), share(exits)
    led = ctx.ledgers
    led["private"].add("Joined voluntary collectives", -joined)
    led["private"].add("Driven into kolkhozes", -driven)
    led["private"].add("Came back from voluntary collectives", left)
    led["private"].add("Came back from kolkhozes", exited)
    led["voluntary"].add("Joined voluntary collectives", joined)
    led["voluntary"].add("Left voluntary collectives", -left)
    led["voluntary"].add("Merged into kolkhozes by the drive", -merged)
    led["kolkhoz"].add("Driven into kolkhozes", driven)
    led["kolkhoz"].add("Voluntary collectives merged in", merged)
    led["kolkhoz"].add("Left kolkhozes", -exited)


def _record_deportation(
    state: State,
    ctx: TurnContext,
    deported: np.ndarray,
    deport_frac: np.ndarray,
    shares_before: np.ndarray,
) -> None:
    """What a season's deportations did to the figures (a described turn only)."""
    led = ctx.ledgers
    led["households"].add("Kulak households deported", -deported)
    led["deported"].add("Deported this season", deported)
    led["deported"].note(
        "Share of the kulak households deported this season", deport_frac * 100, "%"
    )
    led["trust"].add("Deportations", -_DEPORT_TRUST_HIT * deport_frac[:, None] * 4)
    shifted = state.region_form_shares() - shares_before
    for k, form in enumerate(("private", "voluntary", "kolkhoz")):
        led[form].add("Kulak households deported (the others' share changes)", shifted[:, k])


_RESIST = np.array([1.1, 1.1, 1.0, 0.25])[None, :]
# How hard voluntary collectives are promoted, by path code (none, voluntary, forced).
_PATH_FACTOR = np.array([0.3, 1.0, 0.4])
_DEPORT_TRUST_HIT = np.array([0.0, 0.02, 0.06, 0.25])[None, :]
_W = private_output_weight()[None, :]
_W_CONTROL = 0.15 * _W  # (the first product of the control loss, made once: the same bits)
