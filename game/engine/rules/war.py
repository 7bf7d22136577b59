"""The war with Germany, played season by season.

If Germany is Nazi and Hitler is not deterred, the war comes in the summer of
1941 (a year early for an isolated, unready USSR, a year late for a strong one
with allies in the west). It is then fought until victory in Berlin, defeat,
a separate peace or the campaign's horizon (a stalemate), one season a turn.

The front is one number, `front`: 0 the border, 0.25 Minsk, 0.5 the Dnieper
and Smolensk, 0.75 Moscow's gates, 0.85 the Volga; below 0 the Red Army fights
in Europe and -1 is Berlin. Each region of the west falls over a stretch of
that line (GEOGRAPHY), so one number moves the whole map and everything stays
a handful of operations on (R,) arrays.

Each season the German army in the east (`enemy`) and the Red Army (`army`)
are weighed: the front moves toward the weaker, both lose strength in the
fighting, and each is replenished -- Germany by its own economy (less once the
Allies have landed), the USSR by the industry it kept or evacuated, the men and
horses it mobilised, the grain it could take from its villages and what the
Allies send. Occupied land leaves the Soviet economy (no procurement, no tax,
no industry; the occupier takes its grain). Where the villages remember famine
and deportation and distrust the regime they collaborate; where they trust it,
and in the forests, partisans fight behind the lines.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from game.engine import constants as C
from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.explain import Explanation
from game.engine.fastmath import add_reduce, any_true, clip, clip_float, mean
from game.engine.rules import world
from game.engine.state import KOLKHOZ, PRIVATE, State

NAZI = world.NAZI
SUMMER = 1

# Where each region lies on the front's line: (the front where its land begins to fall,
# the stretch over which it falls, the share that can be held by the enemy at most (the
# Leningrad and Moscow ends held), its share of the country's industry in 1940, how much
# of it is forest and marsh where partisans can live). Regions not listed lie beyond the
# enemy's reach (the Urals are listed: only a collapse brings the war there).
GEOGRAPHY: dict[str, tuple[float, float, float, float, float]] = {
    "belarus": (0.00, 0.25, 1.0, 0.02, 0.9),
    "ukraine": (0.05, 0.45, 1.0, 0.18, 0.3),
    "north_west": (0.05, 0.40, 0.7, 0.12, 0.8),
    "black_earth": (0.45, 0.40, 1.0, 0.03, 0.3),
    "central_industrial": (0.50, 1.00, 1.0, 0.32, 0.7),
    "north_caucasus": (0.55, 0.30, 0.9, 0.03, 0.3),
    "lower_volga": (0.72, 0.35, 1.0, 0.04, 0.1),
    "middle_volga": (0.95, 0.35, 1.0, 0.04, 0.3),
    "urals": (1.25, 0.50, 1.0, 0.10, 0.5),
}
EAST_INDUSTRY_1940 = 0.22  # Urals, Siberia, Kazakhstan, Central Asia (the rest of the 1.0)
FRONT_MIN, FRONT_MAX = -1.0, 1.5
BERLIN = -1.0
COLLAPSE_FRONT = 1.1  # Moscow and the Volga lost: the state cannot go on
WAR_HORIZON = 20  # seasons: a war not decided by the summer of 1946 ends as it stands
# The German offensive by season (spring mud, summer, autumn mud, winter).
SEASON_ATTACK = (0.8, 1.15, 0.85, 0.6)
# How far a front can move in a season, at most (spring, summer, autumn, winter): the
# German advance and the Soviet one (the Red Army moved in winter).
GERMAN_REACH = (0.2, 0.45, 0.3, 0.15)
SOVIET_REACH = (0.3, 0.4, 0.35, 0.4)
ALLIANCE_ON_INVASION = 0.15  # collective security gained when Germany attacks the USSR
COMMAND_IN_WAR = 0.8  # where the officer corps climbs in the war (Zhukov, Rokossovsky)
ENEMY_CEILING = 1.15  # the most Germany and its allies could put into the east
SURPRISE = 0.5  # the first season: the army caught in its barracks and airfields
# The requisition fills the state's reserve up to this many seasons of the army's and
# the towns' need, and no more.
REQUISITION_SEASONS = 2.0
HORSES_TAKEN = 0.975  # of the villages' horses left each season they go to the army


@functools.lru_cache(maxsize=32)
def geography(region_ids: tuple[str, ...]) -> np.ndarray:
    """(5, R): start, stretch, cap, industry weight, forest of each region. Made once for
    a campaign's regions (each season of war asks) and so handed out read-only."""
    far = (9.0, 1.0, 0.0, 0.0, 0.0)
    geo = np.array([GEOGRAPHY.get(r, far) for r in region_ids], dtype=np.float64).T
    geo.flags.writeable = False
    return geo


def occupation_at(front: float, geo: np.ndarray) -> np.ndarray:
    """(R,) share of each region held by the enemy with the front at `front`."""
    start, stretch, cap = geo[0], geo[1], geo[2]
    return clip((front - start) / stretch, 0.0, cap)


def control(state: State) -> np.ndarray:
    """(R,) share of each region in Soviet hands: what the state can tax and procure."""
    return 1.0 - state.arrays["occupied"]


def at_war(state: State) -> bool:
    return state.nat["at_war"] > 0.5


# Besieged cities: the region's city holds inside a closed ring when the enemy holds all
# it can of the region (GEOGRAPHY's cap, less this margin). Leningrad: about 3 million
# people cut off in September 1941; 0.8-1 million starved, most in the first winter.
SIEGES: dict[str, float] = {"north_west": 3.0}  # millions inside the ring
SIEGE_RING = 0.05
SIEGE_HUNGER = (0.10, 0.04, 0.05, 0.20)  # of those inside dying a season (spring..winter)


def siege_deaths(state: State, occ: np.ndarray, season: int) -> np.ndarray:
    """(R,) millions starved this season in the cities under siege. Supply over the ice
    (the Road of Life), the pipeline and the evacuation ease it as the war goes on: by
    the war's second autumn the siege starves no more (it was broken in January 1943)."""
    out = np.zeros(state.n_regions)
    supply = min(1.0, 0.25 * max(state.nat["war_seasons"] - 1.0, 0.0))
    if supply >= 1.0:
        return out
    for r, rid in enumerate(state.region_ids):
        inside = SIEGES.get(rid)
        if inside is None:
            continue
        cap = GEOGRAPHY[rid][2]
        if occ[r] >= cap - SIEGE_RING:
            out[r] = inside * SIEGE_HUNGER[season] * (1.0 - supply)
    return out


def occupation_conduct(war_seasons: float, hunger: np.ndarray, partisans: np.ndarray) -> np.ndarray:
    """(R,) 0..1, how the occupier treats the villages: harsher every season (the hunger
    plan for the towns, the labour round-ups for the Reich from 1942), harsher where the
    villages starve, and reprisals where the partisans fight (burned villages breed more
    partisans)."""
    return clip(0.2 + 0.12 * war_seasons + 0.5 * hunger + 0.3 * partisans, 0.0, 1.0)


# --- before the war -------------------------------------------------------------------
EARLIEST_WAR_YEAR = 1940  # the summer Germany strikes at the soonest (planned_year)


def planned_year(state: State) -> int:
    """The year Germany means to attack: 1941, a year early for an isolated and unready
    USSR (France not yet beaten would not stop an easy war), a year late for one with
    allies in the west and an army ready (Hitler turns on Britain first)."""
    n = state.nat
    if n["collective_security"] < 0.3 and n["readiness"] < 0.3:
        return EARLIEST_WAR_YEAR
    if n["collective_security"] >= 0.45 and n["readiness"] > 0.6:
        return 1942
    return 1941


def _turn_of_summer(state: State, year: int) -> int:
    return (year * 4 + SUMMER) - (state.start_year * 4 + state.start_season)


def plan_war(state: State, ctx: TurnContext) -> None:
    """From 1939 Germany plans its war in the east; the plan moves with the world until
    the war begins. A campaign whose end comes before the planned date is prolonged to it."""
    n = state.nat
    if n["germany"] != NAZI or n["at_war"] or n["war_start"] or n["deterred"]:
        return
    if state.year < 1939:
        return
    turn = max(_turn_of_summer(state, planned_year(state)), state.turn)
    n["war_planned"] = float(turn + 1)
    if state.end_turn < turn:
        state.end_turn = turn  # the war comes: the campaign goes on to meet it
    if state.turn == turn:
        if state.rng.random() < world.deterrence_chance(state):
            n["deterred"] = 1.0
            n["war_planned"] = 0.0
            ctx.events.append(
                "Faced with a united front in east and west, Hitler does not dare the invasion."
            )
            return
        begin_war(state, ctx)


def begin_war(state: State, ctx: TurnContext) -> None:
    n = state.nat
    n["at_war"] = 1.0
    n["war_seasons"] = 0.0
    n["war_start"] = float(state.turn + 1)
    n["front"] = 0.0
    n["enemy"] = 1.0
    # The army of June 1941: what the pre-war years bought, led by the officers left.
    n["army"] = (0.45 + 0.35 * n["readiness"]) * command_factor(state)
    n["industry_prewar"] = n["industry"]
    n["west_industry"] = n["industry"] * (1.0 - east_share(state))
    state.end_turn = min(max(state.end_turn, state.turn + WAR_HORIZON), MAX_END_TURN)
    ctx.events.append("22 June: Germany invades. The war in the east has begun.")
    # Britain, at war with Germany already, offers its aid to whoever fights Hitler; how far
    # it goes (convoys, the United States, a landing in France) follows what was built
    # before the war.
    n["collective_security"] = clip_float(n["collective_security"] + ALLIANCE_ON_INVASION, 0, 1)
    ctx.events.append(
        "Churchill: 'Any man or state who fights on against Nazidom will have our aid.'"
    )


MAX_END_TURN = 398  # the save validator's limit (scenario.MAX_TURNS is 400)
# The most seasons the war may add to a scenario's end: waiting for a war planned up to
# two years after it, then the war's horizon.
PROLONGED_MAX = 8 + WAR_HORIZON


# --- the war ---------------------------------------------------------------------------
def update_war(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    """The season of war (runs after the economy and the world, before the end check)."""
    if not at_war(state):
        plan_war(state, ctx)
        if not at_war(state):
            return
    n = state.nat
    a = state.arrays
    geo = geography(state.region_ids)
    season = state.season_index
    first = n["war_seasons"] == 0
    stance = pol.war_stance
    trust = add_reduce(a["trust"], 1) / a["trust"].shape[1]
    occ_before = a["occupied"].copy()
    pop = a["population"]

    # Allies: the invasion makes the Western powers allies of a sort; how much they send
    # and whether they land in Europe follows the collective security built before.
    ally = clip_float((n["collective_security"] - 0.05) / 0.4, 0.0, 1.0)
    ramp = clip_float((n["war_seasons"] - 2) / 6.0, 0.0, 1.0)  # convoys from 1942
    n["lend_lease"] = 0.35 * ally * ramp
    landing_after = 12 if ally < 0.8 else 9
    if not n["second_front"] and ally >= 0.45 and n["war_seasons"] >= landing_after:
        n["second_front"] = 1.0
        n["enemy"] *= 0.9
        ctx.events.append("The Allies land in France: the second front is opened.")

    # The Red Army's food: it eats first from the reserve; Lend-Lease sends food too.
    army_need = 0.6 + 0.5 * pol.mobilise
    fed_from_reserve = min(army_need, max(n["grain_reserve"], 0.0))
    n["grain_reserve"] -= fed_from_reserve
    army_food = min(1.0, (fed_from_reserve + 0.4 * n["lend_lease"]) / army_need)

    # What the villages can give: extra requisitions for the army. Kolkhoz grain is in
    # plain sight and delivered under compulsion; private farms hide theirs.
    shares = state.region_form_shares()
    kolk, priv = shares[:, KOLKHOZ], shares[:, PRIVATE]
    ctrl = 1.0 - occ_before
    ease = clip(0.5 + 0.5 * kolk - 0.2 * priv + 0.2 * (trust - 0.5), 0.2, 1.0)
    req = a["grain_held"] * ctrl * pol.war_requisition * ease
    # The state takes what the front and the towns will eat, not grain to rot in its
    # granaries: the requisition stops once the reserve holds REQUISITION_SEASONS of
    # their need (otherwise a full reserve sat beside starving villages).
    towns = C.URBAN_NEED_1928 * (n["industry"] / 100.0) ** 0.5 / 4.0
    room = max(REQUISITION_SEASONS * (army_need + towns) - n["grain_reserve"], 0.0)
    asked = float(add_reduce(req, None))
    if asked > room:
        req *= room / asked
    a["grain_held"] -= req
    n["grain_reserve"] += float(add_reduce(req, None))
    a["trust"] -= (0.04 * pol.war_requisition * (1.0 - kolk))[:, None]
    clip(a["trust"], 0.0, 1.0, out=a["trust"])

    # Partisans and collaboration where the enemy holds land: the memory of famine and
    # deportation and distrust feed collaboration; trust, forests and the occupier's own
    # conduct (which grows harsher with time, hunger and reprisals) feed the partisans.
    memory = clip(
        a["famine_deaths"] / np.maximum(pop + a["famine_deaths"], 1e-9) * 3.0
        + a["deported"] * C.PEOPLE_PER_HOUSEHOLD / np.maximum(pop, 1e-9) * 3.0,
        0.0,
        1.0,
    )
    conduct = occupation_conduct(n["war_seasons"], a["hunger"], a["partisans"])
    forest = geo[4]
    collab_target = clip(
        0.1 + 0.6 * memory + 0.6 * (0.5 - trust) + 0.15 * (a["resistance"] - 1.0) - 0.35 * conduct,
        0.0,
        1.0,
    )
    # The occupier's conduct drives the villages to the forests whatever they thought of
    # the kolkhoz: in Ukraine and Belarus, where trust was lowest, the partisans grew in
    # 1942-43 with the hunger plan, the labour round-ups and the burned villages.
    partisan_target = clip(
        (0.05 + 0.6 * (trust - 0.3) + 0.45 * conduct - 0.25 * memory) * (0.4 + 0.6 * forest),
        0.0,
        1.0,
    )
    held = occ_before > 0.02
    a["collaboration"] += np.where(
        held, 0.3 * (collab_target - a["collaboration"]), -0.5 * a["collaboration"]
    )
    a["partisans"] += np.where(
        held, 0.25 * (partisan_target - a["partisans"]), -0.5 * a["partisans"]
    )
    clip(a["collaboration"], 0.0, 1.0, out=a["collaboration"])
    clip(a["partisans"], 0.0, 1.0, out=a["partisans"])
    # (the people held and the country's people, made once for the three shares)
    occ_people = occ_before * pop
    people = max(float(add_reduce(pop, None)), 1e-9)
    occ_pop = float(add_reduce(occ_people, None)) / people
    partisan_pressure = float(add_reduce(occ_people * a["partisans"], None)) / people
    collab_pressure = float(add_reduce(occ_people * a["collaboration"], None)) / people

    # The occupier takes the grain of the land it holds: easily where the villages work
    # with it and the kolkhoz kept the harvest in one barn, hardly where partisans burn it.
    occ_take = clip(0.08 + 0.15 * a["collaboration"] + 0.1 * kolk - 0.2 * a["partisans"], 0.0, 0.35)
    taken_by_enemy = a["grain_held"] * occ_before * occ_take
    a["grain_held"] -= taken_by_enemy

    # Arms: the industry kept, its share for defence, tractor works on tanks, factories on
    # the rails producing nothing, workers fed by their ration cards.
    industry = n["industry"]
    defence = float(pol.invest[3])
    moving = _evacuate(state, pol, geo, ctx)
    food_towns = min(1.0, n["urban_food"])
    arms = (
        0.0006
        * industry
        * (0.6 + 1.0 * defence)  # the whole economy goes to war; the defence share most
        * (1.2 if pol.tanks_not_tractors else 1.0)
        * (1.06 if pol.rationing else 1.0)
        * (0.5 + 0.5 * food_towns)
        * (1.0 - moving)
    )
    # Mobilisation takes a year to raise and train the new armies.
    men = (
        (0.3 + 1.0 * pol.mobilise) * (1.0 - 0.4 * occ_pop) * min(1.0, 0.4 + 0.15 * n["war_seasons"])
    )
    # The gold reserve buys arms, trucks and food abroad (the first convoys were paid for)
    gold = min(max(n["gold_reserve"], 0.0), world.GOLD_WAR_SPEND)
    n["gold_reserve"] -= gold
    reinforce = (0.07 + arms) * men + 0.05 * n["lend_lease"] / 0.35 + world.GOLD_WAR_ARMY * gold
    enemy_reinforce = (
        0.07
        * (1.0 - 0.35 * n["second_front"])
        * max(0.3, 1.0 - 0.05 * max(n["war_seasons"] - 4.0, 0.0))
        + 0.08 * collab_pressure
        + 0.002 * float(add_reduce(taken_by_enemy, None))
    )

    # The battle of the season.
    # Supply lines: the further the Germans come the thinner they are; fighting for their
    # own frontiers they are stronger.
    supply = 1.0 - 0.55 * max(n["front"], 0.0) + 0.1 * max(-n["front"], 0.0)
    e_eff = n["enemy"] * SEASON_ATTACK[season] * supply * (1.0 - 0.8 * partisan_pressure)
    # The war is its own school of command: the officers left learn, the purged return.
    n["officer_corps"] = float(
        n["officer_corps"] + 0.04 * max(COMMAND_IN_WAR - n["officer_corps"], 0.0)
    )
    # Peasants in uniform who trust the regime fight; those whose villages it starved
    # surrendered by the hundred thousand in 1941.
    trust_mean = mean(trust)  # (asked twice below: the same float)
    morale = clip_float(1.0 + 0.5 * (trust_mean - 0.1), 0.95, 1.3)
    a_eff = (
        n["army"]
        * morale
        # Moscow, Leningrad, Stalingrad: every street defended, on interior lines
        * (1.0 + 0.8 * max(n["front"] - 0.6, 0.0))
        * (SURPRISE + 0.4 * n["readiness"] if first else 1.0)
        * (0.6 + 0.4 * army_food)
        * command_factor(state)
        * (1.08 if pol.horses_to_army else 1.0)
        * {"fall_back": 0.9, "stand": 1.0, "attack": 1.1}[stance]
    )
    ratio = e_eff / max(a_eff, 1e-6)
    swing = math.tanh(1.6 * (ratio - 1.0))
    if swing > 0:
        push = (
            GERMAN_REACH[season] * swing * {"fall_back": 1.2, "stand": 0.75, "attack": 1.0}[stance]
        )
        if stance == "fall_back":
            push += 0.03
    else:
        push = (
            SOVIET_REACH[season] * swing * {"fall_back": 0.4, "stand": 0.8, "attack": 1.2}[stance]
        )
    push += float(state.rng.normal(0.0, 0.03))
    # A battle for a region that collaborates goes faster; the partisans slow it.
    n["front"] = clip_float(n["front"] + push, FRONT_MIN, FRONT_MAX)
    encircled = 1.0 + 0.8 * max(ratio - 1.0, 0.0) * (1.6 if stance == "stand" else 1.0)
    encircled *= 1.1 - 0.3 * trust_mean  # who surrenders when surrounded
    army_loss = 0.11 * e_eff * encircled * {"fall_back": 0.6, "stand": 1.0, "attack": 1.3}[stance]
    if first:
        army_loss *= 2.0
    # However badly it goes, an army is not lost whole in one season: what is left falls
    # back to the next line and is rebuilt behind it.
    army_loss = min(army_loss, 0.5 * n["army"])
    enemy_loss = 0.08 * a_eff * {"fall_back": 0.7, "stand": 1.1, "attack": 1.4}[stance]
    enemy_loss += 0.05 * partisan_pressure
    n["army"] = clip_float(n["army"] - army_loss + reinforce, 0.0, 5.0)
    enemy_reinforce = min(enemy_reinforce, max(ENEMY_CEILING - n["enemy"] + enemy_loss, 0.0))
    n["enemy"] = clip_float(n["enemy"] - enemy_loss + enemy_reinforce, 0.0, 5.0)

    # The map follows the front; industry in the land lost is lost unless moved.
    occ = occupation_at(n["front"], geo)
    a["occupied"][:] = occ
    _lose_industry(state, geo, occ_before, occ)

    # Men, horses and tractors go to the army: fewer hands, less draught power.
    if season == 0:  # the spring sowing, done by women, the old and the young: this
        # year's harvest is cut (the sowing factor, set this spring), the land is not lost
        a["sown_factor"] *= 1.0 - (0.12 * pol.mobilise + (0.05 if pol.horses_to_army else 0.0))
    if pol.horses_to_army:
        a["horses"] *= HORSES_TAKEN
    if pol.tanks_not_tractors:
        n["tractors"] = max(0.0, n["tractors"] - ctx.figures.get("tractors_built", 0.0))
        n["tractors"] *= 0.97

    # The dead: soldiers (from the villages that still send men), civilians where the
    # enemy holds the land or the front crosses it, and the hunger of the war years.
    soldiers = 4.8 * army_loss
    fighting = 4.0 * occ * (1.0 - occ) + 4.0 * np.abs(occ - occ_before)
    civilians = pop * (0.03 * occ * (1.0 + 0.8 * a["partisans"]) + 0.004 * fighting)
    starved = siege_deaths(state, occ, season)
    if any_true(starved):
        ctx.events.append(
            f"Leningrad under siege: {float(add_reduce(starved, None)) * 1000:.0f} thousand starve this season."
        )
    civilians = civilians + starved
    civilians = np.minimum(civilians, 0.2 * pop)
    sends = pop * (1.0 - occ)
    sending = float(add_reduce(sends, None))
    if sending < 1e-9:  # all held (a test's two regions): men came from all
        sends = pop.copy()
        sending = float(add_reduce(sends, None))
    before = pop.copy()
    pop -= civilians + soldiers * sends / max(sending, 1e-9)  # `pop` is the array
    np.maximum(pop, 0.0, out=pop)
    a["households"] *= (pop / np.maximum(before, 1e-9))[:, None]
    a["war_deaths"] += civilians
    hunger = ctx.flow_total("famine_deaths")
    n["military_deaths"] += soldiers
    n["civilian_deaths"] += float(add_reduce(civilians, None))
    n["war_hunger_deaths"] += hunger
    died = soldiers + float(add_reduce(civilians, None)) + hunger
    n["war_deaths"] += died
    n["last_war_deaths"] = died
    n["war_seasons"] += 1
    n["max_occupied_regions"] = max(n["max_occupied_regions"], float(np.count_nonzero(occ > 0.5)))
    if ctx.describe:  # (explanations only: bots and replays skip them)
        _explain(
            state,
            ctx,
            e_eff,
            a_eff,
            ratio,
            push,
            supply,
            army_food,
            reinforce,
            enemy_reinforce,
            army_loss,
            enemy_loss,
            partisan_pressure,
            collab_pressure,
            ally,
            moving,
            died,
        )
    _end_of_war(state, pol, ratio, ctx)


RESULTS = {
    "war_victory": "victory",
    "war_defeat": "defeat",
    "war_stalemate": "stalemate",
    "war_peace": "separate_peace",
}


def _date(state: State, stored_turn: float) -> str | None:
    """A stored turn (+1) as `1941-summer`, the dates of strategy files."""
    if stored_turn <= 0:
        return None
    abs_season = state.start_season + int(stored_turn) - 1
    return f"{state.start_year + abs_season // 4}-{SEASON_NAMES[abs_season % 4]}"


SEASON_NAMES = ("spring", "summer", "autumn", "winter")


def war_summary(state: State) -> dict[str, Any] | None:
    """The war as `simulate --json` reports it (world.war): None when there was none."""
    n = state.nat
    if n["war_start"] <= 0:
        return None
    return {
        "start": _date(state, n["war_start"]),
        "end": _date(state, n["war_end"]),
        "seasons": int(n["war_seasons"]),
        "result": RESULTS.get(state.outcome or "", "ongoing" if n["at_war"] else None),
        "war_deaths_m": round(n["war_deaths"], 4),
        "military_deaths_m": round(n["military_deaths"], 4),
        "civilian_deaths_m": round(n["civilian_deaths"], 4),
        "hunger_deaths_m": round(n["war_hunger_deaths"], 4),
        "max_occupied_regions": int(n["max_occupied_regions"]),
        "lend_lease": n["lend_lease"] > 0 or n["second_front"] > 0,
        "second_front": bool(n["second_front"]),
    }


def east_share(state: State) -> float:
    """Share of the industry index that stands in the Urals and Siberia, out of reach
    (game.engine.rules.world places new industry there)."""
    return clip_float(state.nat["industry_east_share"], 0.0, 1.0)


def _set_industry(state: State, industry: float, east_points: float) -> None:
    """A new industry index with `east_points` of it in the east (the share follows)."""
    n = state.nat
    n["industry"] = max(industry, 20.0)
    n["industry_east_share"] = clip_float(east_points / n["industry"], 0.0, 1.0)


def command_factor(state: State) -> float:
    """The officer corps against that of 1936 (about 0.7): the purge's price in battle."""
    return 1.0 + 0.4 * (state.nat["officer_corps"] - 0.7)


@functools.lru_cache(maxsize=32)
def _west_weights(region_ids: tuple[str, ...]) -> np.ndarray:
    """(R,) each western region's share of the western industry. Made once for a
    campaign's regions (each season of war asks twice), so handed out read-only."""
    geo = geography(region_ids)
    w = geo[3] * (geo[0] < 1.2)
    w = w / max(float(add_reduce(w, None)), 1e-9)
    w.flags.writeable = False
    return w


def _evacuate(state: State, pol: CompiledPolicy, geo: np.ndarray, ctx: TurnContext) -> float:
    """Move threatened factories east. Returns the share of the industry on the rails this
    season (it produces nothing). The railways carry so much a season, more on a bigger
    industry; the east takes them faster where sites and power were built before."""
    n = state.nat
    a = state.arrays
    if pol.evacuate <= 0.0 or n["west_industry"] <= 0.0:
        return 0.0
    w = _west_weights(state.region_ids)
    held = w * (1.0 - a["occupied"])
    reach = held * (geo[0] < n["front"] + 0.3)
    threatened = (
        n["west_industry"]
        * float(add_reduce(reach, None))
        / max(float(add_reduce(held, None)), 1e-9)
    )
    capacity = 0.10 * n["industry"] * clip_float(n["industry"] / 250.0, 0.5, 1.3)
    capacity *= 0.6 + 1.6 * east_share(state)
    moved = min(pol.evacuate * threatened, capacity)
    if moved <= 0.0:
        return 0.0
    n["west_industry"] -= moved
    east = east_share(state) * n["industry"] + 0.85 * moved
    _set_industry(state, n["industry"] - 0.15 * moved, east)  # a sixth lost on the way
    prewar_west = n["industry_prewar"] * (1.0 - EAST_INDUSTRY_1940)
    n["evacuated"] = clip_float(n["evacuated"] + moved / max(prewar_west, 1e-9), 0.0, 1.0)
    ctx.figures["evacuated"] = moved
    return moved / max(n["industry"], 1e-9)


def _lose_industry(state: State, geo: np.ndarray, before: np.ndarray, after: np.ndarray) -> None:
    """Industry in land just lost is lost (what was not moved); in land freed, a part of
    what was lost works again among the ruins."""
    n = state.nat
    w = _west_weights(state.region_ids)
    lost_share = float(add_reduce(w * np.maximum(after - before, 0.0), None)) / max(
        float(add_reduce(w * (1.0 - before), None)), 1e-9
    )
    lost = n["west_industry"] * min(lost_share, 1.0)
    freed_share = float(add_reduce(w * np.maximum(before - after, 0.0), None)) / max(
        float(add_reduce(w * before, None)), 1e-9
    )
    regained = 0.3 * n["industry_lost"] * n["industry_prewar"] * min(freed_share, 1.0)
    n["west_industry"] += regained - lost
    _set_industry(state, n["industry"] - lost + regained, east_share(state) * n["industry"])
    n["industry_lost"] = clip_float(
        n["industry_lost"] + (lost - regained) / max(n["industry_prewar"], 1e-9), 0.0, 1.0
    )


def _end_of_war(state: State, pol: CompiledPolicy, ratio: float, ctx: TurnContext) -> None:
    n = state.nat
    result = None
    if n["front"] <= BERLIN + 1e-9:
        result = "war_victory"
        ctx.events.append("The Red Flag over the Reichstag: the war is won, in Berlin.")
    elif n["front"] >= COLLAPSE_FRONT:
        result = "war_defeat"
        ctx.events.append("Moscow and the Volga are lost; the Soviet state breaks apart.")
    elif pol.sue_for_peace:
        p = clip_float(0.05 + 0.5 * (ratio - 0.8), 0.0, 0.6) if n["front"] > 0.2 else 0.02
        ctx.figures["p_peace"] = p
        if state.rng.random() < p:
            result = "war_peace"
            ctx.events.append(
                "A separate peace, as at Brest-Litovsk: the occupied lands are given up."
            )
        else:
            ctx.events.append("Germany refuses the offer of a separate peace.")
    elif state.turn >= state.end_turn:
        result = "war_stalemate"
        ctx.events.append("Neither side can win: the war ends in an armistice where it stands.")
    if result is not None:
        n["at_war"] = 0.0
        n["war_end"] = float(state.turn + 1)
        state.outcome = result


def _explain(
    state: State,
    ctx: TurnContext,
    e_eff: float,
    a_eff: float,
    ratio: float,
    push: float,
    supply: float,
    army_food: float,
    reinforce: float,
    enemy_reinforce: float,
    army_loss: float,
    enemy_loss: float,
    partisans: float,
    collaboration: float,
    ally: float,
    moving: float,
    died: float,
) -> None:
    n = state.nat
    exp = ctx.explain("front", "The front (0 border, 0.75 Moscow, -1 Berlin)", n["front"])
    exp.add("German strength in action", e_eff, "info")
    exp.add("  of which: supply over the distance", supply)
    exp.add("  partisans behind the lines", 1.0 - 0.8 * partisans)
    exp.add("Red Army strength in action", a_eff, "info")
    exp.add("  fed from the reserve", 0.6 + 0.4 * army_food)
    exp.add("Balance (above 1 the enemy advances)", ratio, "info")
    exp.add("Moved this season", push, "add")
    exp2 = ctx.explain("army", "Red Army strength", n["army"])
    exp2.add("Lost in the fighting", -army_loss, "add")
    exp2.add("Replenished (arms x men, Lend-Lease, gold spent abroad)", reinforce, "add")
    exp2.add("Gold reserve left", n["gold_reserve"], "info", "t")
    exp2.add("Factories on the rails", moving * 100, "info", "% of industry")
    exp2.add("Lend-Lease", n["lend_lease"] * 100, "info", "% of the army's supply")
    exp2.add("Allies' will (collective security before the war)", ally * 100, "info", "%")
    exp3 = ctx.explain("enemy", "German strength in the east", n["enemy"])
    exp3.add("Lost in the fighting and to the partisans", -enemy_loss, "add")
    exp3.add("Replenished (less with a second front)", enemy_reinforce, "add")
    exp3.add("Collaboration in the occupied land", collaboration * 100, "info", "% of people")
    exp3.add("Second front", n["second_front"], "info")
    exp4 = ctx.explain("war_deaths", "War deaths so far", n["war_deaths"], "M")
    exp4.add("This season", died, "add", "M")
    exp4.add("Soldiers", n["military_deaths"], "info", "M")
    exp4.add("Civilians", n["civilian_deaths"], "info", "M")
    exp4.add("Hunger in the war years", n["war_hunger_deaths"], "info", "M")
    a = state.arrays

    def explain_occupied() -> list[Explanation]:
        out = []
        for r in range(state.n_regions):
            e = Explanation("occupied", "Held by the enemy", float(a["occupied"][r]) * 100, "%")
            e.add("The front", n["front"], "info")
            e.add("Partisans", float(a["partisans"][r]) * 100, "info", "%")
            e.add("Collaboration", float(a["collaboration"][r]) * 100, "info", "%")
            e.add("Civilians killed", float(a["war_deaths"][r]), "info", "M")
            out.append(e)
        return out

    ctx.regional["occupied"] = explain_occupied
