"""How productive each farm form is in each region, and what a household earns in it.

Shared by the joining rule (expected gain) and the harvest rule (output).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine.constants import LAND_WEIGHT, SKILL_WEIGHT
from game.engine.decisions import CompiledPolicy
from game.engine.fastmath import _mean, clip
from game.engine.state import KOLKHOZ, PRIVATE, VOLUNTARY, State


@dataclass
class Productivity:
    p_vol: np.ndarray  # (R,) output per unit of land-weight in voluntary collectives
    p_kolk: np.ndarray  # (R,) same in kolkhozes
    mech_vol: np.ndarray  # (R,) mechanisation level 0..1
    mech_kolk: np.ndarray
    learning: np.ndarray  # (R,) learning of self-managed collectives
    land_w: np.ndarray  # (R,S,F) land-weight of households in each form
    avg_out_vol: np.ndarray  # (R,) mean output-weight per member household
    avg_out_kolk: np.ndarray
    coll_land_share: np.ndarray  # (R,) share of land in collectives
    side_income: np.ndarray  # (R,) income of voluntary members beyond their land's output


def mechanisation(state: State, pol: CompiledPolicy, land_w: np.ndarray) -> tuple:
    """Tractors go to collective land; machinery priority sends them to voluntary ones first."""
    total_land = land_w.sum(axis=(1, 2))
    share_land = land_w.sum(axis=1) / np.maximum(total_land[:, None], 1e-9)  # (R,F)
    area = state.arrays["area"]
    vol_area = (share_land[:, VOLUNTARY] * area).sum()
    kol_area = (share_land[:, KOLKHOZ] * area).sum()
    coll_area = vol_area + kol_area
    total_area = area.sum()
    tractors = state.nat["tractors"]
    # Tractors not on collective land work state farms or are hired out.
    serving = tractors * (0.3 + 0.7 * coll_area / max(total_area, 1e-9))
    prio = float(_mean(pol.machinery_priority))
    if coll_area > 1e-9:
        natural = vol_area / coll_area
        vol_part = min(1.0, natural + prio * (1 - natural)) if vol_area > 1e-9 else 0.0
    else:
        vol_part = 0.0
    t_vol = serving * vol_part
    t_kol = serving - t_vol
    dens_vol = t_vol / max(vol_area, 0.3)  # thousand tractors per Mha
    dens_kol = t_kol / max(kol_area, 0.3)
    mech_vol = 1.0 - np.exp(-dens_vol / 5.0)
    mech_kol = 1.0 - np.exp(-dens_kol / 5.0)
    # Where the tractors stand (for the region panel and the map).
    reg_t = np.zeros(state.n_regions)
    if vol_area > 1e-9:
        reg_t += t_vol * share_land[:, VOLUNTARY] * area / vol_area
    if kol_area > 1e-9:
        reg_t += t_kol * share_land[:, KOLKHOZ] * area / kol_area
    reg_t += (tractors - serving) * area / total_area
    state.arrays["tractors"][:] = reg_t
    return mech_vol, mech_kol


def productivity(state: State, pol: CompiledPolicy) -> Productivity:
    a = state.arrays
    hh_forms = a["households"][:, :, None] * a["forms"]  # (R,S,F)
    land_w = hh_forms * LAND_WEIGHT[None, :, None]
    out_w = land_w * SKILL_WEIGHT[None, :, None]
    mech_vol, mech_kol = mechanisation(state, pol, land_w)

    # Self-managed collectives learn with age, faster the freer they are.
    learning = 0.30 * (1 - np.exp(-a["vol_age"] / 5.0)) * (0.35 + 0.65 * a["autonomy"])
    p_vol = (
        0.90
        + learning
        + 0.42 * mech_vol
        + 0.08 * pol.credit
        + 0.10 * a["autonomy"] * (a["vol_age"] > 6)  # mature ones diversify into workshops
    )
    # Forced farms: members free-ride and the drive itself disorganises work.
    coercion_drag = 0.12 * pol.coercion * (pol.path == 2)
    settle = 0.10 * (1 - np.exp(-a["kolk_age"] / 4.0))
    cadre_org = 0.06 * np.minimum(1.0, a["cadres"] / np.maximum(a["households"].sum(1) * 8, 1e-6))
    # Members also earn beyond their share of the land: tractors let a collective
    # work more land with fewer hands, mature collectives run workshops, credit
    # buys stock. This is what can make joining pay for the better-off.
    side_income = (
        0.35 * mech_vol * (0.3 + 0.7 * pol.machinery_priority)
        + 0.2 * a["autonomy"] * clip((a["vol_age"] - 3.0) / 6.0, 0, 1)
        + 0.12 * pol.credit
    )
    p_kolk = 0.84 + settle + cadre_org + 0.40 * mech_kol - coercion_drag
    p_kolk *= 0.9 + 0.2 * (a["trust"].sum(1) / a["trust"].shape[1])

    def avg(form: int, fallback_stratum: int) -> np.ndarray:
        members = hh_forms[:, :, form].sum(axis=1)
        eps = 0.01 * a["households"].sum(axis=1)
        fb = LAND_WEIGHT[fallback_stratum] * SKILL_WEIGHT[fallback_stratum]
        return (out_w[:, :, form].sum(axis=1) + eps * fb) / (members + eps)

    tot_land = land_w.sum(axis=(1, 2))
    coll_land = land_w[:, :, VOLUNTARY].sum(1) + land_w[:, :, KOLKHOZ].sum(1)
    return Productivity(
        p_vol=p_vol,
        p_kolk=p_kolk,
        mech_vol=np.full(state.n_regions, mech_vol),
        mech_kolk=np.full(state.n_regions, mech_kol),
        learning=learning,
        land_w=land_w,
        avg_out_vol=avg(VOLUNTARY, 1),
        avg_out_kolk=avg(KOLKHOZ, 2),
        coll_land_share=coll_land / np.maximum(tot_land, 1e-9),
        side_income=side_income,
    )


def private_output_weight() -> np.ndarray:
    """(S,) output-weight of a private household of each stratum."""
    return LAND_WEIGHT * SKILL_WEIGHT


__all__ = ["PRIVATE", "Productivity", "productivity", "private_output_weight"]
