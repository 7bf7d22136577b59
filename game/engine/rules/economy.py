"""Industry and the plan: where the surplus comes from and where it goes.

Investment is funded by taxes, by the margin on cheaply procured grain, by
exports (machinery bought abroad) and by industry's own surplus -- the
"primitive socialist accumulation" the Left argued for. It is split between
heavy industry, farm machinery, consumer goods and defence.
"""

from __future__ import annotations

import math

import numpy as np

from game.engine import constants as C
from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.fastmath import add_reduce, clip_float, total
from game.engine.rules import world
from game.engine.rules.productivity import private_output_weight
from game.engine.state import KOLKHOZ, PRIVATE, STRATA, VOLUNTARY, State


def run_economy(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    a = state.arrays
    n = state.nat
    hh = a["households"]
    # The agricultural tax falls on each stratum's share of output; collective members
    # pay the poor peasants' rate, less any tax break. Peasant income counts more
    # than grain (stock, crafts); the tax was a modest part of the state's take.
    out_w = hh[:, :, None] * a["forms"] * _OUT_WEIGHT_SF
    out_share = out_w / np.maximum(add_reduce(out_w, (1, 2), None, None, True), 1e-9)
    rate = np.empty_like(out_share)
    rate[:, :, PRIVATE] = pol.tax[None, :]
    rate[:, :, VOLUNTARY] = pol.tax[1] * (1 - pol.tax_break[:, None])
    rate[:, :, 2] = pol.tax[1]
    # Evasion grows with the rate: a tax of 60 % collects barely more than one of 30 %.
    rate *= 1.0 - C.TAX_EVASION * rate
    eff_rate = add_reduce(out_share * rate, (1, 2))
    # No tax comes from the land the enemy holds (game.engine.rules.war).
    taxes = float(total(a["harvest_true"] * (1.0 - a["occupied"]) * eff_rate)) * 0.6 / 4.0
    margin = ctx.figures.get("procurement_margin", 0.0)
    export_margin = ctx.figures.get("export_margin", 0.0)
    earned = ctx.figures.get("export_earnings", 0.0)
    industry_surplus = 0.02 * n["industry"]
    market_cost = 0.0
    if pol.market:
        market_cost = ctx.figures.get("procured", 0.0) * max(0.0, pol.price - 1.0) * 0.5
    vol_hh = hh * a["forms"][:, :, VOLUNTARY]
    credit_cost = float(total(pol.credit * add_reduce(vol_hh, 1))) * 0.25
    cadre_cost = float(total(a["cadres"])) * 0.002
    relief_cost = ctx.figures.get("relief", 0.0) * 0.25
    income = taxes + margin + export_margin + industry_surplus
    spent = market_cost + credit_cost + cadre_cost + relief_cost
    investable = max(0.2, income - spent)
    n["budget"] = investable
    heavy, machinery, consumer, defence = (investable * s for s in pol.invest)

    old_industry = n["industry"]
    # What the earnings (and gold sold, and German credits) buy abroad depends on who
    # will sell (rules/world.py), and new industry in the east is dearer and comes on
    # stream later.
    tech, credit = world.foreign_purchases(state, pol, earned, ctx)
    # Hands for the building sites: kolkhozes had to fill the recruiters' contracts
    # (orgnabor), and households driven off their land went to Magnitogorsk; private
    # and self-managed farms keep their sons. The forced path's other tribute.
    kolk_share = float(total(hh * a["forms"][:, :, KOLKHOZ])) / max(float(total(hh)), 1e-9)
    labour = 1.0 + C.ORGNABOR * kolk_share
    built_heavy = 1.45 * heavy * labour * world.east_efficiency(pol.east_share)
    gain = built_heavy + 0.5 * (tech + credit)
    built_west, east_done = world.place_industry(state, pol, gain)
    wear = 0.004
    n["industry"] += built_west + east_done - wear * n["industry"]
    n["industry"] = max(n["industry"], 20.0)
    world.settle_east_share(state, old_industry * n["industry_east_share"], east_done, wear)
    scale = (n["industry"] / 100.0) ** C.TRACTOR_SCALE_POWER
    built = C.TRACTORS_PER_MACHINERY * machinery * scale + C.TRACTORS_PER_EXPORT * tech
    if ctx.ledgers:  # a described turn (game.engine.breakdowns)
        tractors = ctx.ledgers["tractors"]
        tractors.add("Worn out (1.5 % a season)", -0.015 * n["tractors"])
        tractors.add(
            "Built with farm-machinery investment", C.TRACTORS_PER_MACHINERY * machinery * scale
        )
        tractors.add("Bought abroad with export earnings", C.TRACTORS_PER_EXPORT * tech)
    n["tractors"] = n["tractors"] * 0.985 + built
    ctx.figures["tractors_built"] = built  # the war rule turns them into tanks
    target_goods = clip_float(consumer / (0.02 * n["industry"] + 1.5), 0, 1)
    n["consumer_goods"] += 0.3 * (target_goods - n["consumer_goods"])
    # Arms age fast (the tanks and aircraft of 1932 were obsolete by 1941): readiness
    # has to be bought close to the war, on an industry built before it.
    ready_before = n["readiness"]
    # Each further step of readiness is dearer (officers to train, doctrine, depots):
    # arms close a share of the gap to full readiness, so an army near it gains little
    # from one more season's arms and no budget makes it whole.
    arms = C.READINESS_GAIN * defence * (n["industry"] / 100.0) ** 0.5
    ready_gain = (1.0 - n["readiness"]) * -math.expm1(-arms)
    ready_decay = C.READINESS_DECAY * n["readiness"]
    n["readiness"] += ready_gain - ready_decay
    n["readiness"] = clip_float(n["readiness"], 0, 1)
    n["industry_growth"] = (n["industry"] / old_industry) ** 4 - 1

    if not ctx.describe:  # the rest only explains (bots and replays skip it)
        return
    coll_hh = float(total(vol_hh))
    exp = ctx.explain("industry_index", "Industry (1928 = 100)", n["industry"])
    exp.add("Last season", old_industry, "base")
    exp.add("Heavy investment", built_heavy, "add")
    exp.add("Labour recruited from the kolkhozes (x)", labour, "info")
    exp.add("Machinery bought abroad (exports, gold)", 0.5 * tech, "add")
    exp.add("Plants built on German credit (Rapallo)", 0.5 * credit, "add")
    exp.add("Still being built in the east", -(gain - built_west - east_done), "add")
    exp.add("Wear", -wear * old_industry, "add")
    exp.add("Share in the Urals and Siberia", n["industry_east_share"] * 100, "info", "%")
    # Everything in the budget is counted in grain: millions of tonnes at 1928 prices.
    exp2 = ctx.explain("budget", "Investment this season", investable, "Mt of grain")
    exp2.add("Agricultural tax", taxes, "add")
    exp2.add("Margin on grain resold at home", margin, "add")
    exp2.add("Export earnings (world price, after paying the peasants)", export_margin, "add")
    exp2.add("Industry's own surplus", industry_surplus, "add")
    exp2.add("Paying above-market grain prices", -market_cost, "add")
    exp2.add("Credit to collectives", -credit_cost, "add")
    exp2.add("Keeping cadres in the field", -cadre_cost, "add")
    exp2.add("Famine relief (grain not sold)", -relief_cost, "add")
    exp2.add("To heavy industry", heavy, "info")
    exp2.add("To farm machinery", machinery, "info")
    exp2.add("To consumer goods", consumer, "info")
    exp2.add("To defence", defence, "info")
    # who pays the tax (the budget ledger shows it)
    by_stratum = (a["harvest_true"][:, None] * (out_share * rate).sum(axis=2)).sum(0) * 0.15
    for s_name, paid in zip(STRATA, by_stratum, strict=True):
        exp2.add(f"Tax paid by {s_name}s", float(paid), "info")
    exp3 = ctx.explain("tractors", "Tractors (thousands)", n["tractors"])
    exp3.add("Built this season", built, "add")
    exp3.add("Collective members served", coll_hh, "info", "M households")
    exp4 = ctx.explain("readiness", "War readiness", n["readiness"] * 100, "%")
    exp4.add("Last season", ready_before * 100, "base", "%")
    exp4.add(
        "Arms built (defence investment on the industrial base)", ready_gain * 100, "add", "pp"
    )
    exp4.add("Arms growing old", -ready_decay * 100, "add", "pp")
    exp4.add("Defence investment", defence, "info")
    exp4.add("Industrial base (1928 = 100)", n["industry"], "info")


# The strata's output-weights against (R,S,F), made once (the call and the indexing
# cost a microsecond a season; the product is the same).
_OUT_WEIGHT_SF = private_output_weight()[None, :, None]
