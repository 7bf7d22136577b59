"""How productive each farm form is in each region, and what a household earns in it.

Shared by the joining rule (expected gain) and the harvest rule (output).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from game.engine import constants as C
from game.engine.constants import LAND_WEIGHT, SKILL_WEIGHT
from game.engine.decisions import CompiledPolicy
from game.engine.fastmath import add_reduce, clip_float, mean, total
from game.engine.state import KOLKHOZ, PRIVATE, VOLUNTARY, State


@dataclass
class Productivity:
    p_vol: np.ndarray  # (R,) output per unit of land-weight in voluntary collectives
    p_kolk: np.ndarray  # (R,) same in kolkhozes
    mech_vol: float  # national mechanisation level of voluntary collectives, 0..1
    learning: np.ndarray  # (R,) learning of self-managed collectives
    land_rf: np.ndarray  # (R,F) land-weight of households in each form
    out_rf: np.ndarray  # (R,F) output-weight of households in each form
    avg_out_vol: np.ndarray  # (R,) mean output-weight per member household
    avg_out_kolk: np.ndarray
    side_income: np.ndarray  # (R,) income of voluntary members beyond their land's output
    # (R,) what a voluntary collective's land yields, for its depth of pooling: the gains
    # of scale (p_vol - 1) count by how much is pooled, less the free riding of pooling.
    org_vol: np.ndarray
    cadre_density: np.ndarray  # (R,) worker-cadres in the field, 0..1 of a full complement
    mech_priv: float  # mechanisation of private farms by hired tractors, 0..1


def mechanisation(
    state: State,
    pol: CompiledPolicy,
    land_rf: np.ndarray,
    record: dict[str, np.ndarray] | None = None,
) -> tuple:
    """Tractors go to collective land; machinery priority sends them to voluntary ones first.
    `record` (a described turn): where they stand, for the region panel's breakdown."""
    share_land = land_rf / np.maximum(add_reduce(land_rf, 1, None, None, True), 1e-9)  # (R,F)
    area = state.arrays["area"]
    vol_land = share_land[:, VOLUNTARY] * area
    kol_land = share_land[:, KOLKHOZ] * area
    vol_area = float(total(vol_land))
    kol_area = float(total(kol_land))
    coll_area = vol_area + kol_area
    total_area = float(total(area))
    tractors = state.nat["tractors"]
    # Tractors not on collective land work state farms or are hired out.
    serving = tractors * (0.3 + 0.7 * coll_area / max(total_area, 1e-9))
    prio = float(mean(pol.machinery_priority))
    if coll_area > 1e-9:
        natural = vol_area / coll_area
        vol_part = min(1.0, natural + prio * (1 - natural)) if vol_area > 1e-9 else 0.0
    else:
        vol_part = 0.0
    t_vol = serving * vol_part
    t_kol = serving - t_vol
    # Tractors first also takes stations' machines from hire to private farms (who then
    # plough with horses) to the voluntary collectives: on the voluntary path, where there
    # are no kolkhozes to lose them, this is what the lever moves.
    if vol_area > 1e-9 and prio > 0:
        pulled = (tractors - serving) * prio * C.PRIORITY_PULL
        t_vol += pulled
        serving += pulled
    # Private farms that hire the stations' tractors plough more and better.
    priv_area = max(total_area - coll_area, 0.0)
    mech_priv = 1.0 - math.exp(-(tractors - serving) / max(priv_area, 0.3) / 5.0)
    dens_vol = t_vol / max(vol_area, 0.3)  # thousand tractors per Mha
    dens_kol = t_kol / max(kol_area, 0.3)
    mech_vol = 1.0 - math.exp(-dens_vol / 5.0)
    mech_kol = 1.0 - math.exp(-dens_kol / 5.0)
    # Where the tractors stand (for the region panel and the map).
    reg_t = area * ((tractors - serving) / total_area)
    if record is not None:
        record["tractors_hired"] = reg_t.copy()
        record["tractors_vol"] = vol_land * (t_vol / vol_area) if vol_area > 1e-9 else 0 * area
        record["tractors_kol"] = kol_land * (t_kol / kol_area) if kol_area > 1e-9 else 0 * area
    if vol_area > 1e-9:
        reg_t += vol_land * (t_vol / vol_area)
    if kol_area > 1e-9:
        reg_t += kol_land * (t_kol / kol_area)
    state.arrays["tractors"][:] = reg_t
    return mech_vol, mech_kol, mech_priv


def by_form(weights: np.ndarray, forms: np.ndarray) -> np.ndarray:
    """(R,F) sums over strata of `weights` (R,S) split by each stratum's form shares."""
    return np.matmul(weights[:, None, :], forms)[:, 0, :]


def productivity(
    state: State, pol: CompiledPolicy, record: dict[str, np.ndarray] | None = None
) -> Productivity:
    a = state.arrays
    hh = a["households"]
    forms = a["forms"]
    members_rf = by_form(hh, forms)
    land_rf = by_form(hh * LAND_WEIGHT, forms)
    out_rf = by_form(hh * _OUT_WEIGHT, forms)
    mech_vol, mech_kol, mech_priv = mechanisation(state, pol, land_rf, record)

    # Self-managed collectives learn with age, faster the freer they are.
    # The per-region terms are worked out on plain floats, region by region: on arrays of
    # a dozen regions each numpy call costs ~1 us whatever it computes, and these terms
    # took some sixty of them. Python's float arithmetic is the same IEEE double
    # arithmetic, done in the same order, so the bits are the same; the exponentials
    # stay numpy's (its vectorised exp need not round as libm's does).
    hh_reg = add_reduce(members_rf, 1)
    age = a["vol_age"]
    e_age = np.exp(-age / 5.0).tolist()
    e_kolk = np.exp(-a["kolk_age"] / 4.0).tolist()
    trust_sum = add_reduce(a["trust"], 1).tolist()  # 4 x the mean trust of the strata
    eps = 0.01 * hh_reg
    learning, cadre_density, p_vol, org_vol, side_income, p_kolk = [], [], [], [], [], []
    side_mech = 0.35 * mech_vol
    kol_mech = 0.40 * mech_kol
    for ag, ea, ek, aut, cad, hr, cred, coer, fp, pool, prio, tr in zip(
        age.tolist(),
        e_age,
        e_kolk,
        a["autonomy"].tolist(),
        a["cadres"].tolist(),
        hh_reg.tolist(),
        pol.credit.tolist(),
        pol.coercion.tolist(),
        pol.forced_path.tolist(),
        pol.pooling.tolist(),
        pol.machinery_priority.tolist(),
        trust_sum,
        strict=True,
    ):
        learn = 0.30 * (1 - ea) * (0.35 + 0.65 * aut)
        # Worker-cadres (the 25,000ers, agronomists, book-keepers) organise the
        # collectives: a full complement is about 8 thousand per million households.
        # (np.minimum / np.maximum as comparisons that keep a NaN, as numpy's do)
        floor = hr * 8
        dens = cad / (1e-6 if floor <= 1e-6 else floor)
        dens = 1.0 if dens >= 1.0 else dens
        pv = (
            0.90
            + learn
            + 0.42 * mech_vol
            + 0.08 * cred
            + 0.10 * aut * (ag > 6)  # mature ones diversify into workshops
            + C.CADRE_ORG_VOL * dens  # book-keeping, crop rotation, the first brigades
        )
        # Depth of pooling (TOZ -> artel -> commune): a TOZ shares only the field work
        # and gets a part of the collective's gains (or losses) of scale, a commune all
        # of them, and the more is shared the more members free-ride on the others' work.
        org_vol.append(1.0 + (pv - 1.0) * (0.4 + 0.6 * pool) - C.POOL_FREE_RIDE * pool * pool)
        # Members also earn beyond their share of the land: tractors let a collective
        # work more land with fewer hands, mature collectives run workshops, credit
        # buys stock. This is what can make joining pay for the better-off.
        side_income.append(
            side_mech * (0.3 + 0.7 * prio)
            + 0.2 * aut * clip_float((ag - 3.0) / 6.0, 0.0, 1.0)
            + 0.12 * cred
        )
        # Forced farms: members free-ride and the drive itself disorganises work.
        coercion_drag = 0.12 * coer * fp
        settle = 0.14 * (1 - ek)
        pk = 0.84 + settle + 0.06 * dens + kol_mech - coercion_drag
        p_kolk.append(pk * (0.9 + 0.05 * tr))  # 0.2 x mean trust of the 4 strata
        learning.append(learn)
        cadre_density.append(dens)
        p_vol.append(pv)

    # Mean output-weight per member; a small fallback pool stands in for empty forms.
    avg_vol = (out_rf[:, VOLUNTARY] + eps * _FALLBACK_VOL) / (members_rf[:, VOLUNTARY] + eps)
    avg_kolk = (out_rf[:, KOLKHOZ] + eps * _FALLBACK_KOLK) / (members_rf[:, KOLKHOZ] + eps)
    return Productivity(
        p_vol=np.array(p_vol),
        p_kolk=np.array(p_kolk),
        mech_vol=mech_vol,
        learning=np.array(learning),
        land_rf=land_rf,
        out_rf=out_rf,
        avg_out_vol=avg_vol,
        avg_out_kolk=avg_kolk,
        side_income=np.array(side_income),
        org_vol=np.array(org_vol),
        cadre_density=np.array(cadre_density),
        mech_priv=mech_priv,
    )


def private_output_weight() -> np.ndarray:
    """(S,) output-weight of a private household of each stratum."""
    return _OUT_WEIGHT


_OUT_WEIGHT = LAND_WEIGHT * SKILL_WEIGHT
_FALLBACK_VOL = float(_OUT_WEIGHT[1])  # an empty collective is imagined as poor peasants
_FALLBACK_KOLK = float(_OUT_WEIGHT[2])


__all__ = ["PRIVATE", "Productivity", "productivity", "private_output_weight"]
