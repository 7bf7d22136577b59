"""Livestock: cattle, horses, pigs, sheep and goats -- slaughtered by households driven to
join, lost with the deported, destroyed with the nomads' way of life on the steppe, growing
back on the pasture, neglected in new kolkhozes until each household may keep its own cow,
sow and sheep on a plot (the 1935 charter), and lost to fodder shortage and hunger.

History: roughly half the cattle, pigs and horses and two thirds of the sheep were lost in
1929-33; the Kazakh herds fell by about nine tenths; cattle went from 38 M in 1933 to 63 M
in 1938 once kolkhoz households could keep a cow.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from game.engine import constants as C
from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.explain import Explanation
from game.engine.fastmath import add_reduce, any_true, mean
from game.engine.state import KOLKHOZ, KULAK, PRIVATE, State, livestock_units

SPECIES: tuple[str, ...] = ("cattle", "horses", "pigs", "sheep")
_BASES: tuple[str, ...] = ("cattle_base", "draught_base", "pigs_base", "sheep_base")
_SLAUGHTER_FLOWS = tuple(f"slaughter_{sp}" for sp in SPECIES)
# Share of a joining household's stock slaughtered (forced, voluntary), by species: pigs
# and sheep were eaten first (in 1930 alone pigs fell ~40 %, cows ~12 %).
SLAUGHTER_FORCED = np.array([0.32, 0.15, 0.45, 0.35])
SLAUGHTER_VOLUNTARY = np.array([0.04, 0.02, 0.08, 0.06])
# Share of each confiscated species lost on the way from the deported kulaks.
CONFISCATION_LOSS = np.array([0.5, 0.4, 0.6, 0.5])
# Growth per season where the herds have room and are cared for; pigs breed fastest.
GROWTH = np.array([0.08, 0.012, 0.10, 0.07])
# What the pasture (for pigs: grain and potatoes) carries, against the start.
ROOM = np.array([1.3, 1.15, 1.4, 1.35])
# Losses per season at full fodder shortage / at full hunger (people eat the stock).
FODDER_LOSS = np.array([0.05, 0.08, 0.12, 0.03])
HUNGER_LOSS = np.array([0.05, 0.03, 0.10, 0.06])
# Forced settlement of the nomads under the drive, per season at full coercion in a fully
# pastoral region (herd_food >= PASTORAL_FULL); pigs are no nomads' stock.
SEDENTARISATION = np.array([0.40, 0.35, 0.0, 0.45])
PASTORAL_FULL = 0.6
# (species, rate, slaughter flow) of the herds the settlement destroys, as plain floats
_SEDENTARISED = tuple(
    (sp, float(rate), f"slaughter_{sp}")
    for sp, rate in zip(SPECIES, SEDENTARISATION, strict=True)
    if rate > 0
)
PASTORAL_FROM = 0.1  # below this share of food from herds a region is not pastoral
# The species rates as (4,1) columns against the regions, made once (`x[:, None]` is a
# numpy call each time, and the rules take these every season).
_SLAUGHTER_FORCED_COL = SLAUGHTER_FORCED[:, None]
_SLAUGHTER_VOLUNTARY_COL = SLAUGHTER_VOLUNTARY[:, None]
_CONFISCATION_LOSS_COL = CONFISCATION_LOSS[:, None]
_GROWTH_COL = GROWTH[:, None]
_ROOM_COL = ROOM[:, None]
_FODDER_LOSS_COL = FODDER_LOSS[:, None]
_HUNGER_LOSS_COL = HUNGER_LOSS[:, None]


def fodder_need(state: State, ctx: TurnContext | None = None) -> np.ndarray:
    """(R,) fodder grain the herds need per season, Mt (pigs eat grain and potatoes).
    With `ctx`, computed once a turn (see food.food_need)."""
    if ctx is not None:
        need = ctx.flows.get("fodder_need")
        if need is None:
            need = ctx.flows["fodder_need"] = fodder_need(state)
        return need
    a = state.arrays
    return (
        a["cattle"] * C.FODDER_PER_COW
        + a["horses"] * C.FODDER_PER_HORSE
        + a["pigs"] * C.FODDER_PER_PIG
    ) / 4.0


def herd_ratio(state: State) -> np.ndarray:
    """(R,) herds now against the herds the region started with, in livestock units, at most 1."""
    a = state.arrays
    return np.minimum(livestock_units(a) / np.maximum(a["herd_base"], 1e-9), 1.0)


def stock_held(state: State) -> np.ndarray:
    """(R,) livestock of the region's households in stock-weight units (never zero)."""
    return np.maximum(state.arrays["households"] @ C.STOCK_WEIGHT, 1e-9)


def _stack(state: State) -> np.ndarray:
    a = state.arrays
    return np.array([a[sp] for sp in SPECIES])  # (4,R) (np.stack does the same, slower)


def _store(state: State, herds: np.ndarray) -> None:
    a = state.arrays
    for j, sp in enumerate(SPECIES):
        a[sp][:] = herds[j]


def _lose(state: State, loss: np.ndarray, ctx: TurnContext) -> None:
    """Take `loss` (4,R: share of each species lost) from the herds, counted as slaughter."""
    a = state.arrays
    lost = _stack(state) * loss  # (one product for the four species, the same bits)
    for j, sp in enumerate(SPECIES):
        lost_j = lost[j]
        # (`flow += x` adds in place; `flow[:] += x` also copies the sum back over itself)
        flow = ctx.flow(_SLAUGHTER_FLOWS[j])
        flow += lost_j
        a[sp] -= lost_j


def slaughter_on_joining(
    state: State,
    pol: CompiledPolicy,
    h_to_vol: np.ndarray,
    h_to_kolk: np.ndarray,
    ctx: TurnContext,
) -> None:
    """Households joining a collective sell or eat the stock they would have to pool;
    under the drive, those not yet driven in slaughter before it arrives. Households that
    may keep a cow, a sow and some sheep (`household_plot`) slaughter far less.
    `h_to_vol` / `h_to_kolk`: (R,S) households (millions) joining this season."""
    a = state.arrays
    reg_stock = stock_held(state)
    forced_share = (h_to_kolk @ C.STOCK_WEIGHT) / reg_stock
    # Stock that will be pooled is sold or eaten first.
    vol_share = (h_to_vol @ C.STOCK_WEIGHT) / reg_stock * (0.5 + pol.pooling)
    private = add_reduce(a["forms"][:, :, PRIVATE], 1) / 4
    fear = 0.03 * pol.forced * private  # slaughter before the drive arrives
    if not (any_true(forced_share) or any_true(vol_share) or any_true(fear)):
        return
    keep = 1.0 - 0.6 * pol.household_plot
    # (np.outer's own product, column times row, without its Python wrapper)
    loss = _SLAUGHTER_FORCED_COL * (forced_share * keep)[None, :]
    loss += _SLAUGHTER_VOLUNTARY_COL * vol_share[None, :]
    loss += fear
    _lose(state, loss, ctx)


def confiscate_stock(state: State, deported: np.ndarray) -> None:
    """The deported kulaks' stock is confiscated; much of it is lost on the way.
    `deported`: (R,) kulak households (millions), before they leave the table."""
    stock_taken = deported * C.STOCK_WEIGHT[KULAK] / stock_held(state)
    _store(state, _stack(state) * (1 - _CONFISCATION_LOSS_COL * stock_taken[None, :]))


def sedentarise(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    """The drive on the steppe: nomads forced to settle, their herds die with them. It ends
    once the steppe is collectivised (no nomads are left to settle)."""
    a = state.arrays
    herd_food = a["herd_food"]
    for r in np.flatnonzero(herd_food > PASTORAL_FROM).tolist():  # the few pastoral regions
        forced = float(pol.forced[r])
        if forced <= 0.0:
            continue
        pastoral = min((float(herd_food[r]) - PASTORAL_FROM) / (PASTORAL_FULL - PASTORAL_FROM), 1.0)
        hh = a["households"][r]
        unsettled = float(hh @ a["forms"][r, :, PRIVATE]) / max(float(add_reduce(hh, None)), 1e-9)
        hit = forced * pastoral * min(1.5 * unsettled, 1.0)
        for sp, rate, flow in _SEDENTARISED:
            # (one region's figures as Python floats: numpy scalar arithmetic costs
            # several times as much, and the double arithmetic is the same)
            herd = a[sp]
            held = float(herd[r])
            lost = held * min(rate * hit, 0.9)
            slaughtered = ctx.flow(flow)
            slaughtered[r] = float(slaughtered[r]) + lost
            herd[r] = held - lost


def tend_herds(
    state: State, pol: CompiledPolicy, fodder_short: np.ndarray, ctx: TurnContext
) -> None:
    """Herds grow toward what the land carries; kolkhoz herds are "nobody's" (they grow
    slowly and new ones are neglected) unless households may keep their own stock on a
    plot; fodder shortage and hunger kill stock.
    `fodder_short`: (R,) share of the herds' fodder need not met this season."""
    a = state.arrays
    sedentarise(state, pol, ctx)
    hunger = a["hunger"]
    kolk = state.region_form_shares()[:, KOLKHOZ]
    plot = pol.household_plot
    care = 1.0 - kolk * (0.7 - 0.55 * plot)
    neglect = 0.008 * np.exp(-a["kolk_age"] / 3.0) * kolk * (1.0 - 0.5 * plot)
    herds = _stack(state)
    herds_before = herds  # (never written in place: each step below makes a new array)
    # Room on the land: 1 empty, 0 full, -0.5 at the most crowded (herds then shrink at
    # half their growth rate). Where the land carries nothing, or a millionth of the
    # herd, there is no room at all (a floor on the divisor would let a herd on no land
    # grow); any herd against any base stays finite (tests/engine/rules/test_herds.py).
    cap = np.array([a[b] for b in _BASES]) * _ROOM_COL
    crowd = np.divide(herds, cap, out=np.full(herds.shape, 2.0), where=cap > herds * 1e-6)
    room = np.maximum(1 - crowd, -0.5)
    growth = herds * _GROWTH_COL * room * care[None, :]
    fodder = _FODDER_LOSS_COL * (fodder_short * (1.0 - 0.5 * plot * kolk))[None, :]
    losses = herds * (neglect[None, :] + fodder + _HUNGER_LOSS_COL * hunger[None, :])
    herds = np.maximum(herds + growth - losses, 0.0)
    _store(state, herds)
    if not ctx.describe:  # the rest only explains (bots and replays skip it)
        return
    before = add_reduce(herds_before, 1)
    grown, lost, now = add_reduce(growth, 1), add_reduce(losses, 1), add_reduce(herds, 1)
    # per region, for the region panel (cattle and horses: the herds the score counts)
    snap = {
        "before": herds_before,
        "after": herds,  # (these three are this rule's own arrays, not changed after it)
        "growth": growth,
        "losses": losses,
        "slaughter": (
            ctx.flow("slaughter_cattle").copy(),
            ctx.flow("slaughter_horses").copy(),
        ),
    }
    for k, (fig, label) in enumerate((("cattle", "Cattle"), ("horses", "Horses"))):
        ctx.regional[fig] = lambda k=k, fig=fig, label=label: [
            _region_herd(snap, k, r, fig, label) for r in range(state.n_regions)
        ]
    exp = ctx.explain("cattle_m", "Cattle", float(now[0]), "M")
    exp.add("Start of the season (after slaughter)", float(before[0]), "base", "M")
    exp.add(
        "Slaughtered (households driven to join, the steppe)",
        -float(ctx.flow("slaughter_cattle").sum()),
        "add",
        "M",
    )
    exp.add("Growth on the pasture", float(grown[0]), "add", "M")
    exp.add("Neglect, fodder shortage and hunger", -float(lost[0]), "add", "M")
    exp2 = ctx.explain("horses_m", "Horses", float(now[1]), "M")
    exp2.add("Start of the season", float(before[1]), "base", "M")
    exp2.add(
        "Slaughtered by households driven to join",
        -float(ctx.flow("slaughter_horses").sum()),
        "add",
        "M",
    )
    exp2.add("Fodder shortfall (mean)", mean(fodder_short), "info")
    exp3 = ctx.explain("pigs_m", "Pigs", float(now[2]), "M")
    exp3.add("Growth, less fodder shortage and hunger", float(grown[2] - lost[2]), "add", "M")
    exp4 = ctx.explain("sheep_m", "Sheep and goats", float(now[3]), "M")
    exp4.add("Growth, less fodder shortage and hunger", float(grown[3] - lost[3]), "add", "M")


def _region_herd(s: dict[str, Any], k: int, r: int, fig: str, label: str) -> Explanation:
    e = Explanation(fig, label, float(s["after"][k, r]), "M")
    e.add("Start of the season (after slaughter)", float(s["before"][k, r]), "base", "M")
    e.add("Slaughtered this season before joining", float(s["slaughter"][k][r]), "info", "M")
    e.add("Growth on the pasture", float(s["growth"][k, r]), "add", "M")
    e.add("Neglect, fodder shortage and hunger", -float(s["losses"][k, r]), "add", "M")
    return e
