"""The world outside: foreign policy, Germany's path, collective security and trade.

The player runs a foreign policy with four levers (declared in game.engine.vocab,
section "world"): the Comintern's line, diplomacy, the share of new industry built
in the east, and a purge of the army's command. Germany is a process the player can
read, not one hidden draw: the Nazis' strength moves every season with the world
depression, the red scare abroad (famine and terror at home feed it) and the unity of
the German left (the Comintern's line moves it); the Reichstag elections of September
1930, July 1932 and November 1932 fix a vote that carries its own momentum; and in
the winter of 1932-33 (Hitler was appointed on 30 January 1933) the president's men
choose. The embassy's assessment of the odds, with a range as wide as its sources
are poor, is public (`embassy_assessment`), so alerts and the UI can show it before
each decision point.

The first seed's outcomes are each reachable by deliberate play and none certain: no
Hitler (a united German left, a calm countryside); Hitler in power (the Third Period
line, terror and famine); and, with Hitler, deterrence by collective security
(`deterrence_chance`, read by the war).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from game.engine.context import TurnContext
from game.engine.decisions import CompiledPolicy
from game.engine.fastmath import mean
from game.engine.rules.procurement import world_price
from game.engine.state import State


def clip(x: float, lo: float, hi: float) -> float:
    """A scalar kept in [lo, hi] (plain floats: numpy's clip costs microseconds a call,
    and the embassy's projection runs a few dozen of them a season)."""
    return lo if x < lo else hi if x > hi else x


# Germany: -1 not yet decided, 0 the Weimar republic holds, 1 Nazis in power.
UNDECIDED, WEIMAR_HOLDS, NAZI = -1.0, 0.0, 1.0
GERMANY_NAMES: dict[float, str] = {UNDECIDED: "undecided", WEIMAR_HOLDS: "weimar", NAZI: "nazi"}

# The decision points: (year, season index, what happens). Seasons: 0 spring (March-May),
# 1 summer, 2 autumn (September-November), 3 winter (December-February).
ELECTIONS: tuple[tuple[int, int, str], ...] = (
    (1930, 2, "the Reichstag election of September 1930"),
    (1932, 1, "the Reichstag election of July 1932"),
    (1932, 2, "the Reichstag election of November 1932"),
)
APPOINTMENT: tuple[int, int, str] = (1932, 3, "the choice of a chancellor, January 1933")
DECISION_POINTS = (*ELECTIONS, APPOINTMENT)

# The German left moves toward what Moscow's line lets it be; the Third Period line
# keeps the Communists at war with the Social Democrats. The popular front reaches past
# the workers' parties to the liberals and the Catholic Centre: it calms the West more
# than the united front does, but binds the two workers' parties a little less.
LINE_UNITY = {"class_against_class": 0.05, "united_front": 0.45, "popular_front": 0.4}
UNITY_RATE = 0.07  # of the way to the line's pull, each season
UNITY_FLOOR = 0.02
# The line abroad as the West's governments read it: Comintern subversion or a partner.
LINE_RED_SCARE = {"class_against_class": 0.008, "united_front": 0.0, "popular_front": -0.008}
LINE_WEST = {"class_against_class": 0.5, "united_front": 0.8, "popular_front": 1.2}
LINE_SIGNAL = {"class_against_class": 1.0, "united_front": 0.0, "popular_front": -1.0}
# How well the embassy in Berlin reads Germany: close contacts under Rapallo.
EMBASSY_SOURCES = {"germany": 0.85, "isolation": 0.45, "collective_security": 0.65}

STRENGTH_RATE = 0.3  # of the way to the Nazis' pull, each season
VOTE_NOISE = 0.025  # an election's surprise (sd of the vote share)
ODDS_FLOOR, ODDS_CEIL = 0.04, 0.93  # never certain

# Foreign trade: what export earnings buy (machines, factories, engineers) depends on who
# will sell. From TRADE_NORM up the earnings buy in full; below it, refusals cost.
TRADE_NORM = 0.6
GERMAN_SHARE = 0.4  # Germany's part of the machinery the USSR bought (about half in 1931-32)

# Industry in the east: dearer above the share of the late 1920s, and slower.
EAST_BASE = 0.2
EAST_COST = 0.4  # investment lost per unit of share above EAST_BASE
EAST_ON_STREAM = 0.3  # of the eastern building site finished each season

# Rapallo while Germany is a republic: German firms' credits (the 300-million-mark credit
# of 1931) build plants beyond what exports buy (Mt at 1928 prices, each season), and the
# Reichswehr's schools (Kama, Lipetsk, Kazan) train the Red Army's officers and test its
# arms. Hitler closed the schools in 1933 and wanted no partner in Moscow until 1939.
RAPALLO_CREDIT = 0.1
RAPALLO_READINESS, RAPALLO_COMMAND = 0.006, 0.006
PACT_YEAR = 1939  # Berlin wants a deal again (the trade agreement, then the pact)


# Collective security exists only from the USSR's entry into the League (September 1934)
# and the pacts with France and Czechoslovakia (May 1935): before, courting Paris and
# London builds nothing that could deter anyone.
def collective_security_open(year: int) -> float:
    """How much of a season's diplomatic work can go into collective security."""
    return 0.0 if year < 1934 else 0.6 if year < 1935 else 1.0


# A Comintern line out of its time: the popular front before Hitler's victory made it
# thinkable (the Third Period's Comintern, and the Party's Left, call it capitulation
# to the bourgeoisie), counts thrice in the factions' eyes.
def line_signal(year: int, line: str) -> float:
    """The `revolutionary_line` signal the factions read: 1 class against class, 0 the
    united front, -1 the popular front, -3 the popular front before 1934."""
    if line == "popular_front" and year < 1934:
        return 3.0 * LINE_SIGNAL[line]
    return LINE_SIGNAL[line]


def line_unity(year: int, line: str) -> float:
    """The pull of the line on the German left. A popular front before 1933 (with
    Brüning's Centre, which governed by decree with the SPD's toleration) the KPD's
    members would not follow: it binds the two parties less than the united front."""
    if line == "popular_front" and year < 1933:
        return EARLY_POPULAR_UNITY
    return LINE_UNITY[line]


EARLY_POPULAR_UNITY = 0.25

# Gold: the State Bank's reserve (tonnes), mined in Siberia and from 1932 in Kolyma
# (Dalstroi), bought from the people by Torgsin's shops in the famine years, and sold in
# London for machines. The price a seller gets falls as it sells faster, and what is sold
# is not there when the war comes (it paid for arms and food abroad in 1941-42).
GOLD_START = 150.0
GOLD_VALUE = 0.02  # Mt of grain at 1928 prices a tonne of gold buys
GOLD_GLUT = 40.0  # tonnes a season at which the price a seller gets has fallen by half
GOLD_WAR_SPEND = 25.0  # tonnes a season of war spent abroad on arms and food
GOLD_WAR_ARMY = 0.0004  # army strength a tonne of gold buys in the war


def gold_mined(year: int) -> float:
    """Tonnes mined a season: about 28 a year in 1928, 120 by 1937 with Kolyma."""
    return 7.0 + 23.0 * clip((year - 1931) / 6.0, 0.0, 1.0)


PURGE_COMMAND = 0.2  # share of the officer corps' quality lost each season of a purge
PURGE_READINESS = 0.03
PURGE_FEAR = 0.02  # each faction's support moves this share of the way to 1
COMMAND_TARGET, COMMAND_RATE = 0.65, 0.03


@functools.cache
def depression(year: int) -> float:
    """The world slump, 0 before 1929 and 1 at its bottom (1932-33), from the world
    grain price (rules/procurement.WORLD_PRICE)."""
    return float(clip((1.0 - world_price(year)) / 0.52, 0.0, 1.0))


def _period(year: int, season: int) -> int:
    return year * 4 + season


def seasons_until(state: State, year: int, season: int) -> int:
    """Seasons from now to (year, season); negative once past."""
    return _period(year, season) - _period(state.year, state.season_index)


# --- Germany ------------------------------------------------------------------------------
def nazi_pull(year: int, unity: float, red_scare: float) -> float:
    """The Nazi vote share the season's conditions pull toward."""
    return float(
        clip(
            0.025 + 0.33 * depression(year) + 0.15 * (red_scare - 0.45) - 0.10 * (unity - 0.15),
            0.01,
            0.6,
        )
    )


def appointment_odds(vote: float, unity: float, red_scare: float) -> float:
    """The chance that the president's men hand Hitler the chancellorship: a strong
    Nazi vote and a frightened bourgeoisie raise it; a united left (a joint majority, a
    general strike threatened) holds it off."""
    return float(
        clip(
            0.55 + 2.0 * (vote - 0.30) - 0.8 * (unity - 0.15) + 0.25 * (red_scare - 0.5),
            ODDS_FLOOR,
            ODDS_CEIL,
        )
    )


def _unity_step(unity: float, pull: float, strength: float, red_scare: float) -> float:
    alarm = 0.02 * strength if pull > 0.3 else 0.0  # the Nazi threat closes ranks, if let
    d = UNITY_RATE * (pull - unity) + alarm - 0.01 * (red_scare - 0.5)
    # some local cooperation survives any line (a floor, not a choice)
    return float(clip(unity + d, UNITY_FLOOR, 1.0))


@dataclass(frozen=True)
class Assessment:
    """The embassy's assessment of Germany before its next decision point."""

    odds: float  # the chance of a Nazi seizure of power, as things stand
    low: float  # the range the embassy gives (wider when its sources are poor)
    high: float
    next_point: str  # what comes next ("the Reichstag election of July 1932")
    seasons_left: int  # to the next decision point (0: this season)
    seasons_to_decision: int  # to the appointment
    reliability: float  # 0..1, how well the embassy reads Germany

    def text(self) -> str:
        return f"{self.low * 100:.0f}–{self.high * 100:.0f} %"


def embassy_assessment(state: State) -> Assessment | None:
    """The odds of a Nazi seizure of power if things go on as now, with the range of the
    embassy's uncertainty; None once Germany has decided (or the date has passed)."""
    n = state.nat
    if n["germany"] != UNDECIDED:
        return None
    k = seasons_until(state, APPOINTMENT[0], APPOINTMENT[1])
    if k < 0:
        return None
    nxt = next((p for p in DECISION_POINTS if seasons_until(state, p[0], p[1]) >= 0), APPOINTMENT)
    odds = projected_odds(state, k)
    rel = float(n.get("embassy_sources", EMBASSY_SOURCES["isolation"]))
    # the future (more seasons, more surprises) and the embassy's blind spots
    sd = 2.0 * VOTE_NOISE + 0.008 * k
    width = sd * (1.7 - rel)
    low = float(clip(odds - width, 0.0, 1.0))
    high = float(clip(odds + width, 0.0, 1.0))
    return Assessment(odds, low, high, nxt[2], seasons_until(state, nxt[0], nxt[1]), k, rel)


def projected_odds(state: State, k: int) -> float:
    """The appointment's odds after `k` more seasons of the present conditions (the
    line's pull on the German left as this season set it, the red scare as it is)."""
    n = state.nat
    unity, strength, rs = n["german_left_unity"], n["nazi_strength"], n["red_scare"]
    pull = float(n.get("unity_pull", LINE_UNITY["class_against_class"]))
    # the season's steps of _unity_step and nazi_pull, written out: this runs every season
    period = state.year * 4 + state.season_index
    alarm = 0.02 if pull > 0.3 else 0.0
    drift = -0.01 * (rs - 0.5)
    scare = 0.025 + 0.15 * (rs - 0.45) + 0.015
    for step in range(1, max(k, 0) + 1):
        unity += UNITY_RATE * (pull - unity) + alarm * strength + drift
        unity = UNITY_FLOOR if unity < UNITY_FLOOR else 1.0 if unity > 1.0 else unity
        target = scare + 0.33 * depression((period + step) // 4) - 0.10 * unity
        target = 0.01 if target < 0.01 else 0.6 if target > 0.6 else target
        strength += STRENGTH_RATE * (target - strength)
    return appointment_odds(strength, unity, rs)


def nazi_odds(state: State) -> float:
    """The embassy's point estimate of a Nazi seizure of power (0..1); once Germany has
    decided, 1 or 0."""
    a = embassy_assessment(state)
    if a is not None:
        return a.odds
    return 1.0 if state.nat["germany"] == NAZI else 0.0


def deterrence_chance(state: State) -> float:
    """The chance that Hitler, facing collective security and a ready Red Army, does not
    attack (0 unless the Nazis rule Germany). Collective security below a third deters
    nothing; the chance never reaches certainty."""
    n = state.nat
    if n["germany"] != NAZI:
        return 0.0
    return float(
        clip(1.6 * (n["collective_security"] - 0.35) + 0.4 * (n["readiness"] - 0.35), 0.0, 0.8)
    )


def _germany(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    n = state.nat
    line = pol.comintern
    pull = line_unity(state.year, line)
    n["unity_pull"] = pull
    if n["germany"] != UNDECIDED:
        # decided: the Nazis entrenched in power, or a spent force under the Republic
        end = 0.9 if n["germany"] == NAZI else 0.08
        n["nazi_strength"] += 0.2 * (end - n["nazi_strength"])
        if n["germany"] == WEIMAR_HOLDS:  # the two workers' parties live on
            n["german_left_unity"] = _unity_step(
                n["german_left_unity"], pull, n["nazi_strength"], n["red_scare"]
            )
        return
    n["german_left_unity"] = _unity_step(
        n["german_left_unity"], pull, n["nazi_strength"], n["red_scare"]
    )
    n["nazi_strength"] += STRENGTH_RATE * (
        nazi_pull(state.year, n["german_left_unity"], n["red_scare"]) - n["nazi_strength"]
    )
    n["nazi_strength"] = float(clip(n["nazi_strength"], 0.0, 1.0))
    here = (state.year, state.season_index)
    for y, s, name in ELECTIONS:
        if here == (y, s):
            _election(state, line, name, ctx)
    if here == APPOINTMENT[:2]:
        _appointment(state, ctx)


def side_rng(state: State) -> np.random.Generator:
    """A generator drawn from the campaign's without advancing it: the elections' surprises
    are reproducible from the state, and the weather of later years stays what it was."""
    inner = state.rng.bit_generator.state.get("state", {})
    if isinstance(inner, dict):
        key = int(inner.get("state", 0)) ^ int(inner.get("inc", 0))
    else:
        key = int(inner)
    return np.random.default_rng([key % (1 << 63), state.turn])


def _election(state: State, line: str, name: str, ctx: TurnContext) -> None:
    n = state.nat
    surprise = side_rng(state).normal(0.0, VOTE_NOISE)
    vote = float(clip(n["nazi_strength"] + surprise, 0.005, 0.7))
    n["nazi_vote"] = vote
    # a result beyond the polls carries its own momentum (money, recruits, respectability)
    n["nazi_strength"] += 0.4 * (vote - n["nazi_strength"])
    unity = n["german_left_unity"]
    if line == "class_against_class":
        # "After Hitler, our turn": the KPD reads the Nazi vote as a passing fever
        n["german_left_unity"] = float(clip(unity - 0.03, 0.0, 1.0))
    else:
        n["german_left_unity"] = float(clip(unity + 0.15 * vote * (1 - unity), 0.0, 1.0))
    left = float(clip(0.42 - 0.15 * vote + 0.05 * (unity - 0.15), 0.2, 0.6))
    ctx.figures["nazi_vote"] = vote
    ctx.events.append(
        f"Germany, {name}: the Nazis win {vote * 100:.0f} % of the vote; the Communists and "
        f"Social Democrats together {left * 100:.0f} %."
    )


def _appointment(state: State, ctx: TurnContext) -> None:
    n = state.nat
    p = appointment_odds(n["nazi_vote"], n["german_left_unity"], n["red_scare"])
    ctx.figures["p_nazi"] = p
    if state.rng.random() < p:
        n["germany"] = NAZI
        n["tension"] += 0.2
        ctx.events.append("Germany: Hitler is appointed chancellor. War is now coming.")
    else:
        n["germany"] = WEIMAR_HOLDS
        ctx.events.append(
            "Germany: the Nazis are kept from power; the Republic holds, shaken."
            if n["german_left_unity"] < 0.4
            else "Germany: the united left keeps the Nazis from power."
        )


# --- trade ----------------------------------------------------------------------------
def trade_partners(state: State, pol: CompiledPolicy) -> tuple[float, float]:
    """(Germany, the West): 0..1, how far each will sell machines, factories and
    engineers' work. Germany under Hitler refuses, unless a pact buys a little; the West
    embargoes a USSR it fears, the more so under the Third Period line."""
    n = state.nat
    dip = pol.diplomacy
    if n["germany"] == NAZI:
        if dip == "germany":  # Hitler sells to Moscow only once he wants the pact
            german = 0.45 if state.year >= PACT_YEAR else 0.2
        else:
            german = 0.15
    else:
        german = 0.9 * {"germany": 1.1, "isolation": 0.85, "collective_security": 0.95}[dip]
    west = float(clip(1.3 - 1.1 * n["red_scare"], 0.15, 1.0))
    west *= {"class_against_class": 0.85, "united_front": 0.95, "popular_front": 1.05}[
        pol.comintern
    ]
    # courting the West pays in trade even before there is a League to join
    cs_trade = 1.0 + 0.15 * max(collective_security_open(state.year), 1 / 3)
    west *= {"germany": 0.9, "isolation": 0.8, "collective_security": cs_trade}[dip]
    return float(clip(german, 0.0, 1.0)), float(clip(west, 0.0, 1.0))


def technology_bought(state: State, earned: float) -> float:
    """What `earned` (export earnings, Mt at 1928 prices) buys in machines and
    factories, as the suppliers stand this season (nat.foreign_trade)."""
    return earned * min(1.0, state.nat["foreign_trade"] / TRADE_NORM)


def rapallo_open(state: State, pol: CompiledPolicy) -> bool:
    """The Rapallo partnership pays (credits, the Reichswehr's schools) while Germany is
    a republic."""
    return pol.diplomacy == "germany" and state.nat["germany"] != NAZI


def sell_gold(state: State, pol: CompiledPolicy, ctx: TurnContext) -> float:
    """This season's gold: mined, bought by Torgsin (1931-35, more when the people are
    hungry), and sold abroad at `pol.gold_sales` a year of the reserve. Returns what the
    gold sold earns (Mt of grain at 1928 prices): selling fast depresses the price."""
    n = state.nat
    year = state.year
    mined = gold_mined(year)
    torgsin = 0.0
    if 1931 <= year <= 1935:
        torgsin = 10.0 + 40.0 * float(mean(state.arrays["hunger"]))
    n["gold_reserve"] += mined + torgsin
    sold = n["gold_reserve"] * float(pol.gold_sales) / 4.0
    n["gold_reserve"] -= sold
    price = GOLD_VALUE / (1.0 + sold / GOLD_GLUT)
    earned = sold * price
    if ctx.describe:  # (explanations only: bots and replays skip them)
        exp = ctx.explain("gold_reserve", "Gold reserve", n["gold_reserve"], "t")
        exp.add("Mined (Siberia, Kolyma)", mined, "add", "t")
        exp.add("Bought from the people (Torgsin)", torgsin, "add", "t")
        exp.add("Sold abroad", -sold, "add", "t")
        exp.add("Machines it buys (grain equivalent)", earned, "info", "Mt")
        exp.add("Price got, against a calm market", price / GOLD_VALUE, "info", "×")
    return earned


def foreign_purchases(
    state: State, pol: CompiledPolicy, earned: float, ctx: TurnContext
) -> tuple[float, float]:
    """(machines, factories): what export earnings and gold sold buy this season as the
    suppliers stand (`technology_bought`), and what German firms build on credit under
    Rapallo (whole plants and their engineers, not tractors)."""
    gold = sell_gold(state, pol, ctx)
    credit = RAPALLO_CREDIT if rapallo_open(state, pol) else 0.0
    return technology_bought(state, earned + gold), credit


def _trade(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    n = state.nat
    german, west = trade_partners(state, pol)
    before = n["foreign_trade"]
    now = GERMAN_SHARE * german + (1 - GERMAN_SHARE) * west
    n["foreign_trade"] = float(clip(now, 0.0, 1.0))
    if before >= 0.5 > now:
        who = (
            "German firms cancel Soviet orders under the new government"
            if n["germany"] == NAZI and german < 0.5
            else "Western firms refuse Soviet orders; governments talk of an embargo on "
            "'dumped' goods and 'forced labour'"
        )
        ctx.events.append(f"Foreign trade: {who}. Export earnings buy less.")
    elif before < 0.5 <= now:
        ctx.events.append("Foreign trade: foreign firms take Soviet orders again.")
    if not ctx.describe:  # the rest only explains (bots and replays skip it)
        return
    exp = ctx.explain("foreign_trade", "Foreign suppliers", n["foreign_trade"] * 100, "%")
    exp.add("Germany (machinery, engineers)", german * 100, "info", "%")
    exp.add("The West (Ford, Kahn, British and French firms)", west * 100, "info", "%")
    exp.add("Red scare abroad", n["red_scare"] * 100, "info", "%")
    exp.add("What export earnings buy (1 = in full)", min(1.0, now / TRADE_NORM), "info", "×")


# --- industry in the east -------------------------------------------------------------
def east_efficiency(east_share: float) -> float:
    """Investment's yield in new industry: building far from the old centres is dearer."""
    return 1.0 - EAST_COST * (east_share - EAST_BASE)


def place_industry(state: State, pol: CompiledPolicy, gain: float) -> tuple[float, float]:
    """Split this season's new industry (index points) between the old industrial
    regions (at once) and the east (a building site that comes on stream over several
    seasons). Returns (built in the west now, finished in the east now)."""
    n = state.nat
    east = gain * float(pol.east_share)
    n["east_building"] += east
    done = EAST_ON_STREAM * n["east_building"]
    n["east_building"] -= done
    return gain - east, done


def settle_east_share(state: State, east_before: float, east_done: float, wear: float) -> None:
    """After the industry index moved: the share of it that sits in the east."""
    n = state.nat
    east = max(east_before * (1.0 - wear) + east_done, 0.0)
    n["industry_east_share"] = float(clip(east / max(n["industry"], 1e-9), 0.0, 1.0))


# --- the army's command ---------------------------------------------------------------
def _army(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    n = state.nat
    # A card may start a purge that runs its seasons (`purge_seasons`) whatever the lever.
    scheduled = n["purge_seasons"] > 0.0
    if scheduled:
        n["purge_seasons"] = max(n["purge_seasons"] - 1.0, 0.0)
    if pol.army_purge or scheduled:
        lost = PURGE_COMMAND * n["officer_corps"]
        n["officer_corps"] -= lost
        n["readiness"] = float(clip(n["readiness"] - PURGE_READINESS, 0.0, 1.0))
        n["red_scare"] += 0.01
        n["collective_security"] -= 0.02
        for fid in state.factions:  # nobody dares to be the next plotter
            state.factions[fid] += PURGE_FEAR * (1.0 - state.factions[fid])
        ctx.events.append(
            f"The purge of the army: commanders arrested as plotters "
            f"(the command's quality falls {lost * 100:.0f} points)."
        )
    else:
        n["officer_corps"] += COMMAND_RATE * (COMMAND_TARGET - n["officer_corps"])
    if rapallo_open(state, pol):
        # Rapallo's secret schools: Kama (tanks), Lipetsk (aircraft), the manoeuvres
        n["readiness"] = float(clip(n["readiness"] + RAPALLO_READINESS, 0.0, 1.0))
        n["officer_corps"] += RAPALLO_COMMAND
    n["officer_corps"] = float(clip(n["officer_corps"], 0.0, 1.0))


# --- the season ----------------------------------------------------------------------
def update_world(state: State, pol: CompiledPolicy, ctx: TurnContext) -> None:
    n = state.nat
    a = state.arrays
    forced = float(mean(pol.forced))
    deaths = ctx.flow_total("famine_deaths")
    line, dip = pol.comintern, pol.diplomacy
    # Terror and famine in the countryside feed the red scare abroad; voluntary
    # "vanguard heroes" are good propaganda; the Comintern's line is read abroad too.
    vol_share = float(state.form_shares()[1])
    n["red_scare"] += 0.02 * forced + 0.5 * deaths - 0.02 * vol_share * n["propaganda"]
    n["red_scare"] += 0.02 * (0.45 - n["red_scare"]) + LINE_RED_SCARE[line]
    if dip == "collective_security":
        n["red_scare"] -= 0.003
    n["red_scare"] = float(clip(n["red_scare"], 0, 1))
    n["propaganda"] += 0.03 * (vol_share * (0.5 + 0.5 * mean(a["autonomy"])) - n["propaganda"])
    n["propaganda"] = float(clip(n["propaganda"], 0, 1))
    n["embassy_sources"] = (
        EMBASSY_SOURCES[dip] if not (dip == "germany" and n["germany"] == NAZI) else 0.6
    )

    _army(state, pol, ctx)
    _germany(state, pol, ctx)

    cs = n["collective_security"]
    nazi = n["germany"] == NAZI
    if dip == "collective_security":
        # the League (from 1934), the pacts with France and Czechoslovakia: faster under
        # the popular front and once Hitler frightens the West, slower under the red scare
        gain = 0.05 * LINE_WEST[line] * (1.25 - n["red_scare"]) * (1.3 if nazi else 0.7)
        gain *= collective_security_open(state.year)
        cs += gain * (1.0 - cs) - 0.012 * cs
    else:
        cs -= (0.035 if dip == "germany" else 0.015) * cs
    if nazi:
        cs += 0.01 * max(0.5 - n["red_scare"], 0.0)  # Hitler frightens the West toward Moscow
    n["collective_security"] = float(clip(cs, 0, 1))

    if nazi:
        n["tension"] += 0.012
        if dip == "germany" and state.year >= PACT_YEAR:
            n["tension"] -= 0.008  # accommodation: war postponed, not prevented
        elif dip == "germany":  # courting Hitler before he wants it: the West turns away
            n["red_scare"] = float(clip(n["red_scare"] + 0.004, 0.0, 1.0))
        elif dip == "collective_security":
            n["tension"] -= 0.004 * n["collective_security"] / 0.5
    else:
        n["tension"] += 0.01 * (0.3 - n["tension"])
        if dip == "germany":
            n["tension"] -= 0.004
    # Fear of the USSR abroad (terror, famine, Comintern) breeds hostility; a calm
    # countryside and showcase collectives ease it.
    n["tension"] += 0.03 * (n["red_scare"] - 0.55)
    n["tension"] = float(clip(n["tension"], 0, 1))

    _trade(state, pol, ctx)
    if ctx.describe:  # (the embassy's odds are worked out for the explanation only)
        _explain(state, ctx)


def _explain(state: State, ctx: TurnContext) -> None:
    n = state.nat
    exp = ctx.explain("tension", "International tension", n["tension"] * 100, "%")
    exp.add("Red scare abroad", n["red_scare"] * 100, "info", "%")
    exp.add("Collective security", n["collective_security"] * 100, "info", "%")
    exp.add("Germany", n["germany"], "info", germany_label(n["germany"]))
    if n["germany"] != UNDECIDED:  # settled: the rest is history
        if n["germany"] == NAZI:
            exp.add("Chance that Hitler is deterred", deterrence_chance(state) * 100, "info", "%")
        return
    exp.add("Nazi strength in Germany", n["nazi_strength"] * 100, "info", "%")
    exp.add("Nazi vote at the last election", n["nazi_vote"] * 100, "info", "%")
    a = embassy_assessment(state)
    if a is not None:
        exp.add(
            f"Embassy: odds of a Nazi seizure of power (next: {a.next_point})",
            a.odds * 100,
            "info",
            f"% ({a.text()})",
        )
    g = ctx.explain("nazi_strength", "Nazi strength in Germany", n["nazi_strength"] * 100, "%")
    g.add("World depression", depression(state.year) * 100, "info", "%")
    g.add("Red scare abroad", n["red_scare"] * 100, "info", "%")
    g.add("Unity of the German left", n["german_left_unity"] * 100, "info", "%")
    if a is not None:
        g.add(f"Embassy: odds of a Nazi seizure of power, {a.text()}", a.odds * 100, "info", "%")


def germany_label(code: float) -> str:
    return {UNDECIDED: "undecided", WEIMAR_HOLDS: "Weimar holds", NAZI: "Nazi"}.get(code, "")


# --- the war (kept for the end of a campaign until the played war replaces it) ---------
def war_strength(state: State) -> float:
    """Effective strength against Germany, 0..1-ish."""
    n = state.nat
    return (
        0.55 * n["readiness"]
        + 0.25 * n["collective_security"]
        + 0.2 * min(1.0, n["industry"] / 300.0)
        + 0.1 * float(mean(state.arrays["trust"]) - 0.4)
    )


def war_victory_chance(state: State) -> float:
    return 1.0 / (1.0 + math.exp(-8.0 * (war_strength(state) - 0.42)))


def war_is_early(state: State) -> bool:
    """An isolated and unready USSR is attacked a year early."""
    n = state.nat
    return n["germany"] == NAZI and n["collective_security"] < 0.3 and war_strength(state) < 0.25
