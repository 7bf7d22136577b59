"""Why the slower figures moved this season: households, farm forms, tractors, famine
deaths, deportations, cadres, trust and the state's grain reserve.

Only for a described turn (the player's; `resolve_turn(..., describe=True)`):
`open_ledgers` notes where each figure began, the rules add their terms to the
ledgers as they run (`ctx.ledger(name)`, None when not describing), and
`close_ledgers` turns them into explanations -- the country's at once (a few
sums), the regions' lazily, like the other regional breakdowns, when a panel
first asks. Each breakdown adds up: what the rules did not record (a card's
effect, a value held at its bounds) is a line of its own.
"""

from __future__ import annotations

import numpy as np

from game.engine import constants as C
from game.engine.context import TurnContext
from game.engine.explain import Explanation, Ledger
from game.engine.state import FORMS, STRATA, STRATA_NAMES, State

# The figures with a ledger, and what their regional breakdowns are called
# (TurnReport.regional keys; the per-stratum trust is "trust.<stratum>").
FORM_LABELS = {
    "private": "Households farming privately",
    "voluntary": "Households in voluntary collectives",
    "kolkhoz": "Households in kolkhozes",
}
# The private farms' terms, read the other way round for the collectivised share.
_COLLECTIVISED = {
    "Came back from voluntary collectives": "Left voluntary collectives",
    "Came back from kolkhozes": "Left kolkhozes",
}
LEVERS = {
    "households": [
        "Famine relief, lower quotas and less export keep people alive",
        "Dekulakisation deports kulak households (coercion x dekulakisation)",
        "Industry growth draws people to the towns",
    ],
    "kolkhoz": [
        "Path and coercion drive households in; allowing exits lets them out",
        "Kolkhoz income (machinery, household plots) keeps members",
    ],
    "voluntary": [
        "Credit, tax breaks, machinery priority and trust make joining pay",
        "Under the forced drive voluntary collectives are merged into kolkhozes",
    ],
    "private": ["Households leave private farming as joining pays or the drive pushes"],
    "tractors": [
        "Machinery priority sends them to voluntary collectives first",
        "Investment in farm machinery builds tractors (more on a bigger industry)",
        "Exports buy machinery abroad, if suppliers will sell",
        "In the war, tanks not tractors takes the output",
    ],
    "famine_deaths": [
        "Famine relief sends reserve grain where hunger is worst",
        "Lower quotas, less coercion and less export leave grain in the villages",
    ],
    "deported": ["Dekulakisation and coercion set the rate; none without the forced drive"],
    "cadres": [
        "Cadres (policy) sends more each season; 7 % go home each season",
        "A thousand per 100,000 households verifies the region's reports",
    ],
    "trust": [
        "Lower coercion and taxes, consumer goods and self-managed collectives raise it",
        "Hunger, quotas beyond the surplus and deportations lower it",
    ],
    "grain_reserve": [
        "Quotas or the market price bring grain in; export sends it abroad",
        "Famine relief and the towns' rations take it out",
    ],
}


def levers_for(figure: str) -> list[str]:
    """What the player can do about a regional breakdown's figure (the regional
    explanations do not carry them: they are the same in every region)."""
    if figure == "collectivised":
        return LEVERS["kolkhoz"] + LEVERS["voluntary"]
    return list(LEVERS.get(figure, ()))


def open_ledgers(state: State, ctx: TurnContext) -> None:
    """Note where each figure begins this season (only when describing)."""
    if not ctx.describe:
        return
    a = state.arrays
    n = state.nat
    hh = a["households"]
    led = ctx.ledgers
    led["households"] = Ledger(
        "households", "Households", "M", hh.sum(1), other="Cards, the war and rounding"
    )
    shares = state.region_form_shares()
    for k, form in enumerate(FORMS):
        led[form] = Ledger(
            form,
            FORM_LABELS[form],
            "%",
            shares[:, k],
            scale=100.0,
            term_unit="pp",
            other="Cards and rounding",
        )
    led["tractors"] = Ledger(
        "tractors",
        "Tractors",
        "thousand",
        np.array([n["tractors"]]),
        other="Cards and the war (tanks, losses)",
    )
    led["famine_deaths"] = Ledger(
        "famine_deaths",
        "Famine deaths so far",
        "thousand",
        a["famine_deaths"],
        scale=1000.0,
        other="Cards",
    )
    led["deported"] = Ledger(
        "deported",
        "Households deported so far",
        "thousand",
        a["deported"],
        scale=1000.0,
        other="Cards",
    )
    led["cadres"] = Ledger(
        "cadres", "Worker-cadres here", "thousand", a["cadres"], other="Cards and events"
    )
    led["trust"] = Ledger(
        "trust",
        "Trust",
        "%",
        a["trust"],
        scale=100.0,
        term_unit="pp",
        other="Cards, events and the war",
    )
    led["grain_reserve"] = Ledger(
        "grain_reserve_mt",
        "State grain reserve",
        "Mt",
        np.array([n["grain_reserve"]]),
        other="Cards and the war (the army's food, requisitions)",
    )
    for name, texts in LEVERS.items():
        if name in led:
            for text in texts:
                led[name].lever(text)


def close_ledgers(state: State, ctx: TurnContext) -> None:
    """The season's breakdowns from the ledgers: national now, regional when asked."""
    led = ctx.ledgers
    if not led:
        return
    _close(state, ctx, led)


def _close(state: State, ctx: TurnContext, led: dict[str, Ledger]) -> None:
    a = state.arrays
    n = state.nat
    hh = a["households"].sum(1)
    shares = state.region_form_shares()
    nat = ctx.national

    # households: per region, and the country's sum
    households = led["households"]
    households.note("Rural population", a["population"], "M")  # (notes are copied)
    nat["households"] = households.national(float(hh.sum()))
    now_hh = hh.copy()
    ctx.regional["households"] = lambda: households.regional(now_hh)

    # farm forms: shares of the region's households; the country's weighted by the
    # households the season began with (so its first line is last season's figure)
    hh0 = households.start
    for k, form in enumerate(FORMS):
        lg = led[form]
        now = shares[:, k].copy()
        ctx.regional[form] = lambda lg=lg, now=now: lg.regional(now)
        nat[f"{form}_share"] = lg.national(
            float((now * hh).sum() / max(float(hh.sum()), 1e-12)), weights=hh0
        )
    coll = Ledger(
        "collectivised",
        "Households in collectives",
        "%",
        1 - led["private"].start,
        scale=100.0,
        term_unit="pp",
        other="Cards, rounding and regions growing at different rates",
    )
    for label, t in led["private"].terms:  # collectivised = 1 - private
        coll.add(_COLLECTIVISED.get(label, label), -t)
    for text in LEVERS["kolkhoz"] + LEVERS["voluntary"]:
        coll.lever(text)
    nat["collectivised_share"] = coll.national(
        float(1 - (shares[:, 0] * hh).sum() / max(float(hh.sum()), 1e-12)),
        weights=hh0,
        figure="collectivised_share",
    )
    now_coll = 1 - shares[:, 0]
    ctx.regional["collectivised"] = lambda: coll.regional(now_coll)

    # tractors: the country's stock, and where they work
    tr = led["tractors"]
    nat["tractors"] = tr.national(float(n["tractors"]))
    # where they stand: productivity.mechanisation records its split when describing
    spots = ctx.flows.get("tractors_hired")
    if spots is not None:
        hired = spots.copy()
        on_vol = ctx.flows["tractors_vol"].copy()
        on_kol = ctx.flows["tractors_kol"].copy()
        here = a["tractors"].copy()
        total = float(n["tractors"])

        def tractor_regions() -> list[Explanation]:
            out = []
            for r in range(state.n_regions):
                e = Explanation("tractors", "Tractors at work here", float(here[r]), "thousand")
                e.add("Hired out and on state farms (by grain area)", hired[r], "add", "k")
                e.add("On voluntary collectives' land", on_vol[r], "add", "k")
                e.add("On kolkhoz land", on_kol[r], "add", "k")
                e.add("Tractors in the country", total, "info", "thousand")
                out.append(e)
            return out

        ctx.regional["tractors"] = tractor_regions

    # famine deaths: so far, per region and in the country
    fd = led["famine_deaths"]
    deaths = ctx.flow("famine_deaths")
    hunger = a["hunger"].copy()
    fd.note("Food shortfall this season", hunger * 100, "%")
    fd.note("Deaths begin above a shortfall of", 5.0, "%")
    fd.note("Rural population", a["population"].copy(), "M")
    now_fd = a["famine_deaths"].copy()
    ctx.regional["famine_deaths"] = lambda: fd.regional(now_fd)
    total_now = float(now_fd.sum())
    e = Explanation("famine_deaths_total_m", "Famine deaths so far", total_now, "M")
    start_total = float(fd.start.sum())
    e.add("Last season", start_total, "base", "M")
    acc = start_total
    # the season's terms in thousands: a bad season's tens of thousands read "0 M"
    for label, t in fd.terms:
        acc += float(t.sum())
        e.add(label, float(t.sum()) * 1000, "add", "thousand")
    if abs(total_now - acc) > 1e-9:
        e.add(fd.other, (total_now - acc) * 1000, "add", "thousand")
    for r in np.argsort(-deaths)[:3]:
        if deaths[r] > 5e-5:
            e.add(
                f"of them in {state.region_names[r]}", float(deaths[r]) * 1000, "info", "thousand"
            )
    e.add("Villages' food shortfall (mean)", float(hunger.mean()) * 100, "info", "%")
    e.add("Worst region's shortfall", float(hunger.max()) * 100, "info", "%")
    for text in fd.levers:
        e.add(text, 0.0, "lever")
    nat["famine_deaths_total_m"] = e

    # deportations
    dp = led["deported"]
    now_dp = a["deported"].copy()
    dp.note("Kulak households left here", a["households"][:, 3] * 1000, "thousand")
    dp.note(
        "Of the deported, expected to die in exile",
        C.DEPORT_DEATH_RATE * 100,
        "%",
    )
    ctx.regional["deported"] = lambda: dp.regional(now_dp)
    nat["deported"] = dp.national(float(now_dp.sum()))

    # cadres
    cd = led["cadres"]
    now_cd = a["cadres"].copy()
    cover = np.minimum(now_cd / np.maximum(hh * 10.0, 1e-9), 1.0)
    cd.note("Reach (1 thousand per 100,000 households = 10 %)", cover * 100, "%")
    ctx.regional["cadres"] = lambda: cd.regional(now_cd)
    nat["cadres"] = cd.national(float(now_cd.sum()))

    # trust: per stratum, the region's mean, the country's mean
    tl = led["trust"]
    now_tr = a["trust"].copy()
    ctx.regional["trust"] = lambda: _trust_means(tl, now_tr)
    for s, name in enumerate(STRATA):
        ctx.regional[f"trust.{name}"] = lambda s=s, name=name: [
            _labelled(e, f"Trust of the {STRATA_NAMES[name].lower()}")
            for e in tl.regional(now_tr, s)
        ]
    nat["trust"] = tl.national(float(now_tr.mean()), weights=np.ones_like(now_tr))

    # the state's grain reserve
    gr = led["grain_reserve"]
    nat["grain_reserve_mt"] = gr.national(float(n["grain_reserve"]))


def _labelled(e: Explanation, label: str) -> Explanation:
    e.label = label
    return e


def _trust_means(tl: Ledger, now: np.ndarray) -> list[Explanation]:
    """Each region's mean trust over its strata, with the mean of each term."""
    terms = tl._matrix().mean(2) * 100  # (terms, R)
    start = tl.start.mean(1) * 100
    means = now.mean(1) * 100
    rest = means - start - terms.sum(0)
    out = []
    for r in range(now.shape[0]):
        e = Explanation("trust", "Trust (all strata)", float(means[r]), "%")
        e.add("Last season", float(start[r]), "base", "%")
        for (label, _), v in zip(tl.terms, terms[:, r].tolist(), strict=True):
            if abs(v) > 1e-7:
                e.add(label, v, "add", "pp")
        if abs(rest[r]) > 1e-6:
            e.add(tl.other, float(rest[r]), "add", "pp")
        for s, name in enumerate(STRATA):
            e.add(f"Trust of the {name}s", float(now[r, s]) * 100, "info", "%")
        out.append(e)
    return out
