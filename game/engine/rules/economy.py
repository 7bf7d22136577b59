"""Industry and the plan: where the surplus comes from and where it goes.

Investment is funded by taxes, by the margin on cheaply procured grain, by
exports (machinery bought abroad) and by industry's own surplus -- the
"primitive socialist accumulation" the Left argued for. It is split between
heavy industry, farm machinery, consumer goods and defence.
"""

from __future__ import annotations

import numpy as np

from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.fastmath import clip
from game.engine.rules.productivity import private_output_weight
from game.engine.state import PRIVATE, VOLUNTARY, State


def run_economy(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    a = state.arrays
    n = state.nat
    hh = a["households"]
    # The agricultural tax falls on each stratum's share of output; collective members
    # pay the poor peasants' rate, less any tax break. Peasant income counts more
    # than grain (stock, crafts); the tax was a modest part of the state's take.
    out_w = hh[:, :, None] * a["forms"] * private_output_weight()[None, :, None]
    out_share = out_w / np.maximum(out_w.sum(axis=(1, 2), keepdims=True), 1e-9)
    rate = np.empty_like(out_share)
    rate[:, :, PRIVATE] = pol.tax[None, :]
    rate[:, :, VOLUNTARY] = pol.tax[1] * (1 - pol.tax_break[:, None])
    rate[:, :, 2] = pol.tax[1]
    eff_rate = (out_share * rate).sum(axis=(1, 2))
    taxes = float((a["harvest_true"] * eff_rate).sum()) * 0.6 / 4.0
    margin = ctx.figures.get("procurement_margin", 0.0)
    industry_surplus = 0.02 * n["industry"]
    market_cost = 0.0
    if pol.market:
        market_cost = ctx.figures.get("procured", 0.0) * max(0.0, pol.price - 1.0) * 0.5
    coll_hh = float((hh * a["forms"][:, :, VOLUNTARY]).sum())
    credit_cost = float((pol.credit * (hh * a["forms"][:, :, VOLUNTARY]).sum(1)).sum()) * 0.25
    cadre_cost = float(a["cadres"].sum()) * 0.002
    investable = max(
        0.2, taxes + margin + industry_surplus - market_cost - credit_cost - cadre_cost
    )
    n["budget"] = investable
    heavy, machinery, consumer, defence = (investable * s for s in pol.invest)
    exported = ctx.figures.get("exported", 0.0)

    old_industry = n["industry"]
    n["industry"] += 1.45 * heavy + 0.5 * exported - 0.004 * n["industry"]
    n["industry"] = max(n["industry"], 20.0)
    scale = (n["industry"] / 100.0) ** 0.7
    built = 6.5 * machinery * scale + 1.2 * exported
    n["tractors"] = n["tractors"] * 0.985 + built
    target_goods = float(clip(consumer / (0.02 * n["industry"] + 1.5), 0, 1))
    n["consumer_goods"] += 0.3 * (target_goods - n["consumer_goods"])
    n["readiness"] += 0.0065 * defence * (n["industry"] / 100.0) ** 0.5 - 0.012 * n["readiness"]
    n["readiness"] = float(clip(n["readiness"], 0, 1))
    n["industry_growth"] = (n["industry"] / old_industry) ** 4 - 1

    exp = ctx.explain("industry_index", "Industry (1928 = 100)", n["industry"])
    exp.add("Last season", old_industry, "base")
    exp.add("Heavy investment", 1.45 * heavy, "add")
    exp.add("Machinery bought with exports", 0.5 * exported, "add")
    exp.add("Wear", -0.004 * old_industry, "add")
    exp2 = ctx.explain("budget", "Investment this season", investable)
    exp2.add("Agricultural tax", taxes, "add")
    exp2.add("Margin on procured and exported grain", margin, "add")
    exp2.add("Industry's own surplus", industry_surplus, "add")
    exp2.add("Paying above-market grain prices", -market_cost, "add")
    exp2.add("Credit to collectives", -credit_cost, "add")
    exp2.add("Keeping cadres in the field", -cadre_cost, "add")
    exp3 = ctx.explain("tractors", "Tractors (thousands)", n["tractors"])
    exp3.add("Built this season", built, "add")
    exp3.add("Collective members served", coll_hh, "info", "M households")
    exp4 = ctx.explain("readiness", "War readiness", n["readiness"] * 100, "%")
    exp4.add("Defence investment", defence, "info")
    exp4.add("Industrial base", n["industry"], "info")
