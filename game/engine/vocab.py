"""The one declaration of every lever the player pulls and every figure the game shows.

A *lever* is a field of the policy: its kind, range or choices, whether a region
may override it, which path or mode it acts on, and how the policy panel shows
it. A *figure* is a number about the country or a region: where it is stored (or
how it is derived), its label and unit, its range, whether cards may change it,
which way is good for the player, and where the UI shows it.

Everything else is built from these records: `Policy`, `RegionOverride` and
`CompiledPolicy` with their validation (game.engine.decisions), figure access
and clamping (game.engine.figures), the scenario `[national]` keys, the card
language's whitelist and its reference in docs/modding.md (game.cards), the
policy panel, the top bar, the turn report, the charts and the map (game.ui).

To add a lever: one `Lever(...)` in LEVERS, then read `pol.<name>` in its rule.
To add a figure: one `Figure(...)` in NATIONAL_FIGURES or REGIONAL_FIGURES (and,
if stored, the array in game.engine.state or a `start` value here), then its rule.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np

from game.engine import constants as C
from game.engine.fastmath import mean
from game.engine.state import KOLKHOZ, PRIVATE, STRATA, VOLUNTARY

if TYPE_CHECKING:
    from game.engine.state import State


# --- levers ------------------------------------------------------------------------
class LeverKind(StrEnum):
    NUMBER = "number"  # a float in [lo, hi]
    BOOL = "bool"  # yes / no
    CHOICE = "choice"  # one of `choices`
    PER_STRATUM = "per_stratum"  # a number in [lo, hi] for each stratum
    SPLIT = "split"  # shares of a whole over `keys`, normalised when compiled


@dataclass(frozen=True)
class Choice:
    value: str  # as written in decisions, saves and cards
    label: str  # on the policy panel's button
    code: int = 0  # in the compiled per-region array, for choices a region may override
    meaning: str = ""  # what choosing it means, for the modders' reference


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    # A national figure that must be non-zero for the panel to show the section (the
    # war's levers only while the war is fought); "" = always shown.
    only_when: str = ""


SECTIONS: tuple[Section, ...] = (
    Section("collectivisation", "Collectivisation"),
    Section("voluntary", "Voluntary collectives"),
    Section("grain", "Grain"),
    Section("countryside", "Countryside"),
    Section("tax", "Tax on each stratum"),
    Section("invest", "Investment"),
    Section("world", "Foreign policy"),
    Section("war", "The war", only_when="at_war"),
)
SECTION_IDS = tuple(s.id for s in SECTIONS)


@dataclass(frozen=True)
class Lever:
    name: str
    kind: LeverKind
    label: str
    help: str
    default: Any
    section: str  # policy panel section id (the panel builds its control there)
    lo: float = 0.0
    hi: float = 1.0
    unit: str = "%"  # how the panel shows the value: "%", "×", or a unit ("Mt", "thousand")
    choices: tuple[Choice, ...] = ()
    keys: tuple[str, ...] = ()  # per-stratum / split parts
    key_labels: tuple[str, ...] = ()
    overridable: bool = False  # a region may set its own value
    acts_on: tuple[str, str] | None = None  # (lever, value) it needs, e.g. ("path", "forced")
    shared_out: bool = False  # the national value is a total, shared out among the regions

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def code(self, value: Any) -> float:
        """The value as a number in the compiled per-region array."""
        if self.kind is LeverKind.CHOICE:
            return float(next(c.code for c in self.choices if c.value == value))
        return float(value)

    def parts(self) -> tuple[str, ...]:
        """Dotted names of the numbers this lever holds: `tax.kulak`, ... or itself."""
        if self.kind in (LeverKind.PER_STRATUM, LeverKind.SPLIT):
            return tuple(f"{self.name}.{k}" for k in self.keys)
        return (self.name,)

    def fmt(self, value: float) -> str:
        """A number of this lever as the panel shows it."""
        if self.unit == "%":
            return f"{value * 100:.0f} %"
        if self.unit == "×":
            return f"×{value:.2f}"
        if self.unit == "Mt":
            return f"{value:.1f} Mt"
        return f"{value:.0f} {self.unit}"


N, B, CH = LeverKind.NUMBER, LeverKind.BOOL, LeverKind.CHOICE
FORCED = ("path", "forced")

LEVERS: tuple[Lever, ...] = (
    Lever(
        "path",
        CH,
        "Path",
        "Collectivisation path: forced drive, voluntary collectives, or leave farms alone",
        "none",
        "collectivisation",
        choices=(
            Choice("forced", "Forced", 2, "the forced drive"),
            Choice("voluntary", "Voluntary", 1, "voluntary collectives"),
            Choice("none", "Leave be", 0, "to leave the farms alone"),
        ),
        overridable=True,
    ),
    Lever(
        "target",
        N,
        "Drive target",
        "Forced drive: share of households the drive aims to put in kolkhozes",
        0.0,
        "collectivisation",
        overridable=True,
        acts_on=FORCED,
    ),
    Lever(
        "coercion",
        N,
        "Coercion",
        "Forced drive: how hard officials may push (0 = persuasion only, 1 = terror)",
        0.0,
        "collectivisation",
        overridable=True,
        acts_on=FORCED,
    ),
    Lever(
        "dekulakisation",
        B,
        "Dekulakisation",
        "Forced drive: deport the rich peasants and take their land and stock",
        False,
        "collectivisation",
        overridable=True,
        acts_on=FORCED,
    ),
    Lever(
        "allow_exit",
        B,
        "Members may leave",
        "Let kolkhoz members leave with their land and stock",
        True,
        "collectivisation",
        overridable=True,
    ),
    Lever(
        "household_plot",
        B,
        "Plot and a cow",
        "Let each kolkhoz household keep a plot, a cow, a sow and a few sheep (the 1935 "
        "charter): herds recover and the plot feeds the family in a bad year, but "
        "members work the collective fields less",
        False,
        "collectivisation",
        overridable=True,
    ),
    Lever(
        "tax_break",
        N,
        "Tax break",
        "Voluntary: share of tax forgiven to collective members",
        0.0,
        "voluntary",
        overridable=True,
    ),
    Lever(
        "machinery_priority",
        N,
        "Tractors first",
        "Voluntary: share of tractors sent first to voluntary collectives (taken from the "
        "kolkhozes and from hire to private farms, which then plough with horses)",
        0.0,
        "voluntary",
        overridable=True,
    ),
    Lever(
        "credit",
        N,
        "State credit",
        "Voluntary: state credit for seed, stock and buildings (costs budget)",
        0.0,
        "voluntary",
        overridable=True,
    ),
    Lever(
        "self_management",
        N,
        "Self-management",
        "Voluntary: how freely collectives elect and run their own management",
        0.5,
        "voluntary",
        overridable=True,
    ),
    Lever(
        "pooling",
        N,
        "Pooling",
        "Voluntary: how much members pool (0.2 a TOZ shares field work, 0.6 an artel "
        "pools land, stock and tools, 1.0 a commune shares everything). Deeper pooling "
        "brings more of the collective's gains of scale, and more free riding and slaughter",
        0.6,
        "voluntary",
        lo=0.1,
        overridable=True,
    ),
    Lever(
        "procurement",
        CH,
        "Procurement",
        "Grain procurement: fixed quotas or purchases at a market price",
        "market",
        "grain",
        choices=(Choice("quota", "Quota"), Choice("market", "Market")),
    ),
    Lever(
        "quota",
        N,
        "Quota",
        "Quota: share of the reported harvest the state demands",
        0.15,
        "grain",
        hi=0.6,
        overridable=True,
        acts_on=("procurement", "quota"),
    ),
    Lever(
        "price",
        N,
        "Grain price",
        "Market: price offered for grain, 1.0 = 1928 level",
        1.0,
        "grain",
        lo=0.5,
        hi=2.5,
        unit="×",
        acts_on=("procurement", "market"),
    ),
    Lever(
        "export",
        N,
        "Grain exports",
        "Share of procured grain exported to pay for machinery",
        0.05,
        "grain",
        hi=0.8,
    ),
    Lever(
        "cadres",
        N,
        "Worker-cadres",
        "Worker-cadres (thousands) sent to the countryside this season: they organise "
        "collectives, cost the budget, and take the chairs members would elect",
        0.0,
        "countryside",
        hi=30.0,
        unit="thousand",
        overridable=True,
        shared_out=True,
    ),
    Lever(
        "relief",
        N,
        "Famine relief",
        "Grain (Mt) released from the state reserve to hungry villages this season",
        0.0,
        "countryside",
        hi=5.0,
        unit="Mt",
        overridable=True,
        shared_out=True,
    ),
    Lever(
        "tax",
        LeverKind.PER_STRATUM,
        "Tax",
        "Agricultural tax on each stratum, share of income",
        {"batrak": 0.0, "bednyak": 0.04, "serednyak": 0.08, "kulak": 0.14},
        "tax",
        hi=0.6,
        keys=STRATA,
        key_labels=tuple(s.capitalize() + "s" for s in STRATA),
    ),
    Lever(
        "invest",
        LeverKind.SPLIT,
        "Investment",
        "Split of investment between heavy industry, farm machinery, consumer goods and defence",
        {"heavy": 0.4, "machinery": 0.15, "consumer": 0.35, "defence": 0.1},
        "invest",
        keys=("heavy", "machinery", "consumer", "defence"),
        key_labels=("Heavy industry", "Farm machinery", "Consumer goods", "Defence"),
    ),
    Lever(
        "comintern",
        CH,
        "Comintern line",
        "What Moscow tells the Communist parties abroad. Class against class (the Third "
        "Period: the social democrats are 'social fascists') keeps the Party's left and the "
        "apparatus content but splits the German left and feeds the red scare. A united "
        "front of the workers' parties unites the German left against the Nazis. The "
        "popular front (with liberals and democrats too) calms the red scare and opens the "
        "West to collective security and trade, and the Party's left calls it a betrayal",
        "class_against_class",  # the ECCI's line from February 1928 (scenarios may differ)
        "world",
        choices=(
            Choice(
                "class_against_class",
                "Class war",
                0,
                "the Third Period line: the social democrats are the main enemy",
            ),
            Choice(
                "united_front",
                "United",
                1,
                "a united front of the workers' parties against fascism",
            ),
            Choice(
                "popular_front",
                "Popular",
                2,
                "a popular front with the democratic parties against fascism",
            ),
        ),
    ),
    Lever(
        "diplomacy",
        CH,
        "Diplomacy",
        "Where the USSR looks for security. The Rapallo partnership with Germany buys German "
        "machines, engineers and secret military cooperation while Weimar lasts, but the "
        "West distrusts it, and with Hitler it becomes a pact with the enemy. Isolation "
        "costs nothing and buys nothing. Collective security (the League of Nations from "
        "1934, pacts with France and Czechoslovakia) builds a front that can deter Hitler "
        "and opens Western trade, faster under the popular front and slower while the red "
        "scare runs high",
        "isolation",
        "world",
        choices=(
            Choice("germany", "Rapallo", 0, "partnership with Germany (the Rapallo line)"),
            Choice("isolation", "Alone", 1, "isolation: no partners, no commitments"),
            Choice(
                "collective_security",
                "League",
                2,
                "collective security with France, Britain and the League",
            ),
        ),
    ),
    Lever(
        "east_share",
        N,
        "Industry in the east",
        "Share of new industry built in the Urals and Siberia (Magnitogorsk, Chelyabinsk, "
        "Kuznetsk). Out of an invader's reach, but dearer (each point above a fifth costs "
        "more investment) and slower (it comes on stream over several seasons)",
        0.2,
        "world",
        hi=0.8,
    ),
    Lever(
        "gold_sales",
        N,
        "Sell gold",
        "Share of the State Bank's gold reserve sold abroad each year for machines and "
        "factories (as in 1928-33, with Torgsin's gold bought from a hungry people). The "
        "reserve is finite, a seller who sells fast gets a falling price, and gold sold now "
        "is not there to buy arms and food abroad when the war comes",
        0.0,
        "world",
    ),
    Lever(
        "army_purge",
        B,
        "Purge the army",
        "Arrest the army's commanders as plotters, as in 1937. Each season it runs the "
        "officer corps loses its best, war readiness falls and the red scare grows abroad "
        "(the Western staffs write the Red Army off); the Party, cowed, falls in line",
        False,
        "world",
    ),
    # --- the war (game.engine.rules.war): they act only while the war is fought
    Lever(
        "war_stance",
        CH,
        "Stance",
        "Stand and hold every line ('not a step back'): the enemy comes slower, but whole "
        "armies are encircled and lost. Fall back: trade land for time, the army lives, the "
        "land and its people are lost sooner. Attack: a costly offensive that pays only when "
        "the Red Army is the stronger",
        "stand",
        "war",
        choices=(
            Choice("fall_back", "Fall back", 0, "to trade land for time"),
            Choice("stand", "Stand", 1, "to hold every line"),
            Choice("attack", "Attack", 2, "to go over to the offensive"),
        ),
    ),
    Lever(
        "evacuate",
        N,
        "Evacuate industry",
        "Share of the threatened factories to move east this season: what is moved is not "
        "lost when its region falls, but it produces nothing while on the rails, some is lost "
        "on the way, and the railways and the sites built in the east before the war limit "
        "how much can go",
        0.0,
        "war",
    ),
    Lever(
        "mobilise",
        N,
        "Mobilise men",
        "Share of the men of fighting age called up: the army is replenished, but fewer hands "
        "sow and bring in the harvest",
        0.5,
        "war",
    ),
    Lever(
        "horses_to_army",
        B,
        "Horses to the army",
        "Take the villages' horses for the army's transport and guns: the army moves and is "
        "supplied better; the farms lose draught power and the herds die at the front",
        False,
        "war",
    ),
    Lever(
        "tanks_not_tractors",
        B,
        "Tanks, not tractors",
        "The tractor works build tanks (Chelyabinsk, Stalingrad, Kharkiv) and the tractors go "
        "to tow the guns: more arms, no new tractors and fewer at work on the fields",
        False,
        "war",
    ),
    Lever(
        "war_requisition",
        N,
        "Grain for the army",
        "Extra share of the grain the villages hold taken for the army and the towns each "
        "season: the kolkhozes hand it over more easily than private farms, and the villages "
        "go hungry",
        0.0,
        "war",
        hi=0.5,
    ),
    Lever(
        "rationing",
        B,
        "Wartime rationing",
        "Ration cards for soldiers and workers first, the villages last: the towns eat less, "
        "the factories keep working, the reserve lasts, and the countryside fed through the "
        "towns goes short",
        False,
        "war",
    ),
    Lever(
        "sue_for_peace",
        B,
        "Seek a separate peace",
        "Offer Germany a separate peace, as at Brest-Litovsk in 1918: if it accepts (likelier "
        "while it is winning) the war ends and the occupied land is given up",
        False,
        "war",
    ),
)
del N, B, CH

LEVER: dict[str, Lever] = {lv.name: lv for lv in LEVERS}
# The most cadres a region can hold: sent the lever's top every season, they settle at
# top / (1 - retention) (rules/society.move_cadres), rounded up to ten thousand.
CADRES_HELD_MAX = math.ceil(LEVER["cadres"].hi / (1 - C.CADRE_RETENTION) / 10) * 10


def lever_part(dotted: str) -> tuple[Lever, str | None]:
    """The lever of `tax.kulak` (and "kulak"), or of `quota` (and None)."""
    name, _, key = dotted.partition(".")
    return LEVER[name], key or None


def part_label(dotted: str) -> str:
    lever, key = lever_part(dotted)
    return lever.key_labels[lever.keys.index(key)] if key else lever.label


def part_help(dotted: str) -> str:
    lever, key = lever_part(dotted)
    if key and lever.kind is LeverKind.PER_STRATUM:
        return f"{lever.help}: {key}s"
    return lever.help


# --- figures -----------------------------------------------------------------------
class Scope(StrEnum):
    NATIONAL = "national"
    REGION = "region"
    STRATUM = "stratum"  # one value per region and stratum


@dataclass(frozen=True)
class Series:
    """A figure's column in the per-turn history (charts, reports, saves, `simulate --json`).
    The key is a published name: it stays when the figure is renamed."""

    key: str
    scale: float = 1.0
    unit: str | None = None  # None: the figure's own unit


@dataclass(frozen=True)
class Figure:
    name: str
    scope: Scope
    label: str
    description: str
    unit: str  # "" for a plain number; shares say percent=True instead
    lo: float = -1e9
    hi: float = 1e9
    percent: bool = False  # a share: shown x100 with a % sign
    writable: bool = False  # cards may change it
    key: str | None = None  # where it is stored: state.nat / state.arrays key (None: derived)
    derive: Callable[[State], Any] | None = None  # how it is computed when not stored
    start: float | None = None  # national stored figures: value in a new campaign
    scenario_key: bool = False  # a scenario's [national] table may set it
    good: int = 0  # a rise is good (+1) or bad (-1) for the player
    short: str = ""  # label where room is short (top bar, map picker)
    series: Series | None = None
    top_bar: int | None = None  # position in the campaign screen's top bar
    on_map: int | None = None  # position in the map's figure picker

    @property
    def stored(self) -> bool:
        return self.derive is None

    @property
    def short_label(self) -> str:
        return self.short or self.label


def _reg_share(state: State, form: int) -> np.ndarray:
    a = state.arrays
    hh = a["households"]
    return (hh * a["forms"][:, :, form]).sum(1) / np.maximum(hh.sum(1), 1e-9)


def _reliable(state: State) -> np.ndarray:
    from game.engine.rules.information import reliable_regions

    return reliable_regions(state).astype(np.float64)


def _depression(state: State) -> float:
    from game.engine.rules.world import depression

    return depression(state.year)


def _nat(name: str, label: str, unit: str, lo: float, hi: float, desc: str, **kw: Any) -> Figure:
    """A national figure stored in state.nat; writable by cards unless said otherwise."""
    kw.setdefault("writable", True)
    return Figure(name, Scope.NATIONAL, label, desc, unit, lo, hi, key=name, **kw)


def _nat_derived(
    name: str, label: str, unit: str, desc: str, fn: Callable[[State], float], **kw: Any
) -> Figure:
    return Figure(name, Scope.NATIONAL, label, desc, unit, derive=fn, **kw)


def _reg(name: str, label: str, unit: str, lo: float, hi: float, desc: str, **kw: Any) -> Figure:
    """A regional figure stored in state.arrays; writable by cards unless said otherwise."""
    kw.setdefault("writable", True)
    kw.setdefault("key", name)
    return Figure(name, Scope.REGION, label, desc, unit, lo, hi, **kw)


def _reg_read(name: str, label: str, unit: str, desc: str, key: str, **kw: Any) -> Figure:
    """A regional figure stored in state.arrays[key] that cards may only read."""
    return Figure(name, Scope.REGION, label, desc, unit, key=key, **kw)


def _reg_derived(
    name: str, label: str, unit: str, desc: str, fn: Callable[[State], Any], **kw: Any
) -> Figure:
    return Figure(name, Scope.REGION, label, desc, unit, derive=fn, **kw)


# National figures, those with a history column first and in its reading order (the charts
# list them so).
NATIONAL_FIGURES: tuple[Figure, ...] = (
    _nat_derived(
        "collectivised",
        "Collectivised",
        "",
        "Share of households in any collective",
        lambda s: float(1 - s.form_shares()[PRIVATE]),
        percent=True,
        short="Collect.",
        series=Series("collectivised_share"),
        top_bar=4,
    ),
    _nat_derived(
        "voluntary_share",
        "In voluntary collectives",
        "",
        "Share of households in voluntary collectives",
        lambda s: float(s.form_shares()[VOLUNTARY]),
        percent=True,
        series=Series("voluntary_share"),
    ),
    _nat_derived(
        "kolkhoz_share",
        "In state-driven kolkhozes",
        "",
        "Share of households in state-driven kolkhozes",
        lambda s: float(s.form_shares()[KOLKHOZ]),
        percent=True,
        series=Series("forced_share"),
    ),
    _nat_derived(
        "harvest",
        "True harvest",
        "Mt",
        "This year's true grain harvest",
        lambda s: float(s.arrays["harvest_true"].sum()),
        good=1,
        series=Series("harvest_true_mt"),
    ),
    _nat_derived(
        "harvest_reported",
        "Reported harvest",
        "Mt",
        "This year's harvest as reported",
        lambda s: float(s.arrays["harvest_reported"].sum()),
        good=1,
        series=Series("harvest_reported_mt"),
    ),
    _nat_derived(
        "procured",
        "Procured this year",
        "Mt",
        "Grain procured this procurement year",
        lambda s: float(s.arrays["procured_year"].sum()),
        series=Series("procurement_mt"),
    ),
    _nat_derived(
        "cattle",
        "Cattle",
        "M",
        "Cattle, millions",
        lambda s: float(s.arrays["cattle"].sum()),
        good=1,
        series=Series("cattle_m"),
    ),
    _nat_derived(
        "horses",
        "Horses",
        "M",
        "Horses, millions",
        lambda s: float(s.arrays["horses"].sum()),
        good=1,
        series=Series("horses_m"),
    ),
    _nat_derived(
        "pigs",
        "Pigs",
        "M",
        "Pigs, millions",
        lambda s: float(s.arrays["pigs"].sum()),
        good=1,
        series=Series("pigs_m"),
    ),
    _nat_derived(
        "sheep",
        "Sheep and goats",
        "M",
        "Sheep and goats, millions",
        lambda s: float(s.arrays["sheep"].sum()),
        good=1,
        series=Series("sheep_m"),
    ),
    _nat_derived(
        "sown_area",
        "Grain area sown",
        "Mha",
        "Grain area sown this year, million hectares",
        lambda s: float(s.arrays["area"].sum()),
        good=1,
        series=Series("sown_mha"),
    ),
    _nat(
        "tractors",
        "Tractors",
        "thousand",
        0,
        5000,
        "Tractors in the country, thousands",
        start=27.0,
        scenario_key=True,
        good=1,
        series=Series("tractors", 1000.0, ""),
    ),
    _nat_derived(
        "famine_deaths",
        "Famine deaths",
        "M",
        "Deaths from hunger so far, millions",
        lambda s: float(s.arrays["famine_deaths"].sum()),
        good=-1,
        short="Deaths",
        series=Series("famine_deaths_total_m"),
        top_bar=5,
    ),
    _nat(
        "deportation_deaths",
        "Deaths in deportation",
        "M",
        0,
        1000,
        "People who died after deportation, millions",
        writable=False,  # recomputed every season
        start=0.0,
        good=-1,
        series=Series("deportation_deaths_m"),
    ),
    _nat(
        "industry",
        "Industry index",
        "1928=100",
        10,
        2000,
        "Industrial output, 1928 = 100",
        start=100.0,
        scenario_key=True,
        good=1,
        short="Industry",
        series=Series("industry_index", unit=""),
        top_bar=1,
    ),
    _nat(
        "grain_reserve",
        "State grain reserve",
        "Mt",
        0,
        200,
        "Grain held by the state, Mt",
        start=2.0,
        scenario_key=True,
        good=1,
        short="Grain",
        series=Series("grain_reserve_mt"),
        top_bar=0,
    ),
    _nat(
        "urban_food",
        "Cities' food supply",
        "",
        0,
        1.5,
        "Share of the cities' grain need met",
        percent=True,
        writable=False,  # recomputed by the rules every season: effects would be lost
        start=1.0,
        scenario_key=True,
        good=1,
        series=Series("urban_food"),
    ),
    Figure(
        "standing",
        Scope.NATIONAL,
        "Party support",
        "Weighted support of the factions",
        "",
        percent=True,
        key="standing",
        start=0.5,
        good=1,
        short="Support",
        series=Series("standing"),
        top_bar=2,
    ),
    _nat(
        "tension",
        "International tension",
        "",
        0,
        1,
        "How close war is",
        percent=True,
        start=0.3,
        scenario_key=True,
        good=-1,
        short="Tension",
        series=Series("tension"),
        top_bar=3,
    ),
    _nat(
        "readiness",
        "War readiness",
        "",
        0,
        1,
        "Army, arms industry and reserves",
        percent=True,
        start=0.2,
        scenario_key=True,
        good=1,
        series=Series("readiness"),
    ),
    _nat_derived(
        "hunger",
        "Hunger (mean)",
        "",
        "Mean food shortfall in the villages",
        lambda s: float(mean(s.arrays["hunger"])),
        percent=True,
        good=-1,
        series=Series("hunger"),
    ),
    _nat_derived(
        "unrest",
        "Unrest (mean)",
        "",
        "Mean peasant unrest",
        lambda s: float(mean(s.arrays["unrest"])),
        percent=True,
        good=-1,
        series=Series("unrest"),
    ),
    _nat_derived(
        "trust",
        "Peasant trust (mean)",
        "",
        "Mean trust of the peasants",
        lambda s: float(mean(s.arrays["trust"])),
        percent=True,
        good=1,
        series=Series("trust"),
    ),
    _nat_derived(
        "report_bias",
        "Report inflation (mean)",
        "",
        "Mean inflation of local reports",
        lambda s: float(mean(s.arrays["report_bias"])),
        percent=True,
        good=-1,
        series=Series("report_bias"),
    ),
    _nat(
        "consumer_goods",
        "Consumer goods",
        "",
        0,
        1,
        "Goods peasants can buy with their grain",
        percent=True,
        start=0.3,
        scenario_key=True,
        good=1,
        series=Series("consumer_goods"),
    ),
    _nat_derived(
        "population",
        "Rural population",
        "M",
        "Rural population, millions",
        lambda s: float(s.arrays["population"].sum()),
        series=Series("population_m"),
    ),
    _nat(
        "red_scare",
        "Red scare abroad",
        "",
        0,
        1,
        "Fear of Soviet communism abroad",
        percent=True,
        start=0.55,
        scenario_key=True,
        good=-1,
    ),
    _nat(
        "propaganda",
        "Propaganda value",
        "",
        0,
        1,
        "Goodwill from showcase collectives",
        percent=True,
        start=0.1,
        scenario_key=True,
        good=1,
    ),
    _nat(
        "german_left_unity",
        "Unity of the German left",
        "",
        0,
        1,
        "How far the KPD and SPD stand together against the Nazis",
        percent=True,
        start=0.15,
        scenario_key=True,
        good=1,
    ),
    _nat(
        "collective_security",
        "Collective security",
        "",
        0,
        1,
        "Readiness of the Western powers to stand with the USSR",
        percent=True,
        start=0.1,
        scenario_key=True,
        good=1,
    ),
    _nat(
        "budget",
        "Investment",
        "",
        0,
        1000,
        "Investment available this season",
        writable=False,  # recomputed every season
        start=0.0,
        scenario_key=True,
        good=1,
    ),
    _nat_derived("year", "Year", "", "The current year", lambda s: float(s.year)),
    _nat_derived(
        "season",
        "Season",
        "",
        "0 spring, 1 summer, 2 autumn, 3 winter",
        lambda s: float(s.season_index),
    ),
    _nat_derived("turn", "Turn", "", "Turns played", lambda s: float(s.turn)),
    Figure(
        "germany",
        Scope.NATIONAL,
        "Germany",
        "-1 undecided, 0 Weimar holds, 1 Nazis in power",
        "",
        key="germany",
        start=-1.0,
        scenario_key=True,
    ),
    # --- the war (game.engine.rules.war); cards read these, the war rule alone writes them
    _nat(
        "at_war",
        "At war",
        "",
        0,
        1,
        "1 while the war with Germany is being fought",
        writable=False,
        start=0.0,
    ),
    _nat(
        "war_seasons",
        "Seasons of war",
        "",
        0,
        400,
        "Seasons since the war began (0 before it; it stops counting when the war ends)",
        writable=False,
        start=0.0,
    ),
    _nat_derived(
        "occupied_regions",
        "Regions occupied",
        "",
        "Regions more than half held by the enemy",
        lambda s: float(np.count_nonzero(s.arrays["occupied"] > 0.5)),
        good=-1,
        short="Occupied",
        series=Series("occupied_regions"),
    ),
    _nat(
        "war_deaths",
        "War deaths",
        "M",
        0,
        1000,
        "Deaths of the war so far, millions: soldiers, civilians killed by the occupation and "
        "the fighting, and the hunger of the war years (which the famine count shows too)",
        writable=False,
        start=0.0,
        good=-1,
        short="War dead",
        series=Series("war_deaths_total_m"),
    ),
    _nat(
        "military_deaths",
        "Soldiers killed",
        "M",
        0,
        1000,
        "Soldiers of the Red Army killed or dead in captivity, millions",
        writable=False,
        start=0.0,
        good=-1,
    ),
    _nat(
        "civilian_deaths",
        "Civilians killed",
        "M",
        0,
        1000,
        "Civilians killed by the occupation, the fighting and the blockades, millions "
        "(hunger in the rear is counted with the famine)",
        writable=False,
        start=0.0,
        good=-1,
    ),
    _nat(
        "front",
        "The front",
        "",
        -1.0,
        1.5,
        "How far the enemy has come: 0 the border, 0.25 Minsk, 0.5 the Dnieper and Smolensk, "
        "0.75 Moscow's gates, 0.85 the Volga; below 0 the Red Army fights in Europe, -1 Berlin",
        writable=False,
        start=0.0,
    ),
    _nat(
        "army",
        "Red Army strength",
        "",
        0,
        5,
        "Fighting strength of the Red Army against Germany (1 = the German army of June 1941)",
        writable=False,
        start=0.0,
        good=1,
    ),
    _nat(
        "enemy",
        "German strength in the east",
        "",
        0,
        5,
        "Fighting strength of Germany and its allies on the eastern front (1 = June 1941)",
        writable=False,
        start=0.0,
        good=-1,
    ),
    _nat(
        "evacuated",
        "Industry evacuated",
        "",
        0,
        1,
        "Share of the threatened western industry moved east, out of the enemy's reach",
        percent=True,
        writable=False,
        start=0.0,
        good=1,
    ),
    _nat(
        "industry_lost",
        "Industry lost",
        "",
        0,
        1,
        "Share of the country's industry in occupied land or destroyed by the fighting",
        percent=True,
        writable=False,
        start=0.0,
        good=-1,
    ),
    _nat(
        "lend_lease",
        "Lend-Lease",
        "",
        0,
        1,
        "Allied supplies arriving this season (trucks, food, rails), as a share of what the "
        "Red Army spends",
        percent=True,
        writable=False,
        start=0.0,
        good=1,
    ),
    _nat(
        "second_front",
        "Second front",
        "",
        0,
        1,
        "1 once the Western Allies have landed in Europe",
        writable=False,
        start=0.0,
        good=1,
    ),
    _nat(
        "nazi_strength",
        "Nazi strength in Germany",
        "",
        0,
        1,
        "Support for the Nazis in Germany now, as a vote share: the Depression and the red "
        "scare raise it, a united German left holds it down",
        percent=True,
        start=0.03,
        scenario_key=True,
        good=-1,
        short="Nazis",
    ),
    _nat(
        "nazi_vote",
        "Nazi vote (last election)",
        "",
        0,
        1,
        "The Nazis' share of the vote at the last Reichstag election",
        percent=True,
        writable=False,  # set by the elections
        start=0.026,
        scenario_key=True,
        good=-1,
    ),
    _nat_derived(
        "depression",
        "World depression",
        "",
        "How deep the world slump is (0 before 1929, 1 at its bottom in 1932): it feeds "
        "the Nazi vote and halves what grain buys abroad",
        lambda s: _depression(s),
        percent=True,
        good=-1,
    ),
    _nat(
        "foreign_trade",
        "Foreign suppliers",
        "",
        0,
        1,
        "How far foreign firms will sell the USSR machines, whole factories and engineers' "
        "work (Germany under Hitler and a West frightened by the red scare refuse)",
        percent=True,
        writable=False,  # recomputed every season from Germany, the red scare and diplomacy
        start=0.75,
        good=1,
        short="Suppliers",
    ),
    _nat(
        "industry_east_share",
        "Industry in the east (share)",
        "",
        0,
        1,
        "Share of industry in the Urals and Siberia, out of an invader's reach",
        percent=True,
        start=0.15,
        scenario_key=True,
        good=1,
    ),
    _nat_derived(
        "industry_east",
        "Industry in the east",
        "1928=100",
        "Industrial output of the Urals and Siberia, on the scale of the industry index",
        lambda s: float(s.nat["industry"] * s.nat["industry_east_share"]),
        good=1,
    ),
    _nat(
        "gold_reserve",
        "Gold reserve",
        "t",
        0,
        20000,
        "Tonnes of gold in the State Bank: mined in Siberia and Kolyma, bought by Torgsin "
        "from the people, sold abroad for machines (the 'Sell gold' lever); in the war it "
        "buys arms and food abroad",
        start=150.0,
        scenario_key=True,
        good=1,
        short="Gold",
    ),
    _nat(
        "purge_seasons",
        "Army purge under way",
        "seasons",
        0,
        8,
        "Seasons the purge of the army's command still has to run: a card can start one "
        "(as in 1937), the 'Purge the army' lever runs one every season it is on",
        start=0.0,
        good=-1,
    ),
    _nat(
        "officer_corps",
        "Army command",
        "",
        0,
        1,
        "Experience and quality of the army's officer corps; a purge destroys it, and it "
        "takes years to rebuild",
        percent=True,
        start=0.6,
        scenario_key=True,
        good=1,
    ),
)

REGIONAL_FIGURES: tuple[Figure, ...] = (
    _reg("unrest", "Unrest", "", 0, 1, "Peasant unrest", percent=True, good=-1, on_map=4),
    _reg(
        "report_bias",
        "Report inflation",
        "",
        0,
        0.6,
        "How much local reports inflate the truth",
        percent=True,
        good=-1,
    ),
    _reg(
        "cadres",
        "Worker-cadres",
        "thousand",
        0,
        CADRES_HELD_MAX,
        "Worker-cadres present, thousands",
        on_map=9,
    ),
    _reg("grain_held", "Grain in the villages", "Mt", 0, 100, "Grain the villages hold", good=1),
    _reg("cattle", "Cattle", "M", 0, 100, "Cattle, millions", good=1, on_map=8),
    _reg("horses", "Horses", "M", 0, 100, "Horses, millions", good=1),
    _reg("pigs", "Pigs", "M", 0, 100, "Pigs, millions", good=1),
    _reg("sheep", "Sheep and goats", "M", 0, 200, "Sheep and goats, millions", good=1, on_map=10),
    _reg_read("sown_area", "Grain area sown", "Mha", "Grain area sown this year", "area", good=1),
    _reg_read(
        "herd_food",
        "Food from herds",
        "",
        "Share of the villages' food that comes from the herds when they are whole",
        "herd_food",
        percent=True,
    ),
    _reg_read(
        "ration",
        "Town rations",
        "",
        "Share of the rural food need met through the towns' rations",
        "ration",
        percent=True,
    ),
    _reg_read(
        "resistance",
        "Resistance to the drive",
        "",
        "How hard the region resists the drive (Cossacks, national questions)",
        "resistance",
    ),
    _reg_read(
        "quota_strain",
        "Quotas beyond the surplus",
        "",
        "This procurement year's demand beyond what the villages could spare, share of harvest",
        "quota_strain",
        percent=True,
        good=-1,
    ),
    _reg("skill", "Farming skill", "", 0.3, 1.3, "Know-how of the region's farmers", good=1),
    _reg(
        "autonomy",
        "Self-management",
        "",
        0,
        1,
        "How self-managed voluntary collectives are",
        percent=True,
    ),
    _reg(
        "yield_bonus",
        "Yield modifier",
        "",
        -0.6,
        0.6,
        "Lasting effects on yields",
        percent=True,
        good=1,
    ),
    _reg("join_bonus", "Appeal of collectives", "", -1, 1, "Lasting effects on the wish to join"),
    _reg_read("hunger", "Hunger", "", "Food shortfall", "hunger", percent=True, good=-1, on_map=3),
    _reg_derived(
        "collectivised",
        "Collectivised",
        "",
        "Share of households in collectives",
        lambda s: 1 - _reg_share(s, PRIVATE),
        percent=True,
        on_map=0,
    ),
    _reg_derived(
        "voluntary",
        "Voluntary collectives",
        "",
        "Share in voluntary collectives",
        lambda s: _reg_share(s, VOLUNTARY),
        percent=True,
    ),
    _reg_derived(
        "kolkhoz",
        "Kolkhozes",
        "",
        "Share in state-driven kolkhozes",
        lambda s: _reg_share(s, KOLKHOZ),
        percent=True,
    ),
    _reg_read(
        "harvest",
        "True harvest",
        "Mt",
        "This year's true harvest",
        "harvest_true",
        good=1,
        short="Harvest",
        on_map=2,
    ),
    _reg_read(
        "harvest_reported",
        "Reported harvest",
        "Mt",
        "Harvest as reported",
        "harvest_reported",
        good=1,
    ),
    _reg_derived(
        "reliable",
        "Reports believable",
        "",
        "1 where the centre can believe the reports (little inflation, or cadres on the spot)",
        _reliable,
        good=1,
    ),
    _reg_read("revolt", "Revolt", "", "1 while a revolt is under way", "revolt", good=-1),
    _reg_read("population", "Rural population", "M", "Millions of people", "population"),
    _reg_derived(
        "households",
        "Households",
        "M",
        "Millions of households",
        lambda s: s.arrays["households"].sum(1),
    ),
    _reg_read(
        "famine_deaths",
        "Famine deaths",
        "M",
        "Deaths from hunger so far",
        "famine_deaths",
        good=-1,
        on_map=7,
    ),
    _reg_read("tractors", "Tractors", "thousand", "Tractors at work here", "tractors", good=1),
    _reg_read(
        "deported", "Deported households", "M", "Households deported so far", "deported", good=-1
    ),
    _reg_read("weather", "Weather", "", "This year's weather multiplier", "weather", good=1),
    _reg(
        "occupied",
        "Occupied",
        "",
        0,
        1,
        # Cards may write it outside the war (the Civil War's occupations, Brest-Litovsk);
        # while the war with Germany is fought the front sets it every season.
        "Share of the region held by the enemy",
        percent=True,
        good=-1,
        on_map=11,
    ),
    _reg(
        "partisans",
        "Partisans",
        "",
        0,
        1,
        "Strength of the partisan movement behind the enemy's lines (occupied land only)",
        percent=True,
        good=1,
    ),
    _reg(
        "collaboration",
        "Collaboration",
        "",
        0,
        1,
        "How far the occupied villages work with the occupier: grain, police, auxiliaries",
        percent=True,
        good=-1,
    ),
    _reg_read(
        "war_deaths",
        "War deaths (civilians)",
        "M",
        "Civilians of the region killed by the war so far, millions",
        "war_deaths",
        lo=0,
        hi=1000,
        good=-1,
    ),
    # Trust is per stratum; "trust" on a region means all strata, "trust_kulak" one.
    Figure(
        "trust",
        Scope.STRATUM,
        "Trust",
        "Mean trust of all strata",
        "",
        lo=0,
        hi=1,
        percent=True,
        writable=True,
        key="trust",
        good=1,
        on_map=5,
    ),
)

# Regional figures that only hold lingering effects (cards change them with linger(...)).
BONUS_FIGURES: tuple[str, ...] = ("yield_bonus", "join_bonus")

# Stored national values that are not figures: the rules' own bookkeeping.
NATIONAL_BOOKKEEPING: dict[str, float] = {
    "exports_year": 0.0,  # grain exported this procurement year, Mt
    "industry_growth": 0.0,  # yearly rate of industrial growth
    "low_standing_turns": 0.0,  # turns in a row with the Party against the player
    "collapse_turns": 0.0,  # turns in a row of unrest past collapse
    "last_famine_deaths": 0.0,  # famine deaths of the last turn (history rows)
    "last_procured": 0.0,  # grain procured in the last turn (history rows)
    "last_exported": 0.0,  # grain exported in the last turn (history rows)
    "last_deported": 0.0,  # people deported in the last turn, millions (history rows)
    "harvest_per_capita": 0.0,  # running mean of the harvest per person, t (the score)
    # The war's bookkeeping (game.engine.rules.war). Turns are stored plus one, so that 0
    # means "not yet" and every value stays a non-negative count.
    "war_planned": 0.0,  # turn + 1 at which Germany means to attack (0: not planned)
    "war_start": 0.0,  # turn + 1 at which the war began (0: no war)
    "war_end": 0.0,  # turn + 1 at which it ended (0: not ended)
    "war_hunger_deaths": 0.0,  # hunger deaths in the war's seasons, millions (in war_deaths)
    "max_occupied_regions": 0.0,  # most regions held by the enemy at once
    "last_war_deaths": 0.0,  # war deaths of the last turn, millions (history rows)
    "deterred": 0.0,  # 1 once Hitler, facing a united front, has backed down
    "east_building": 0.0,  # industry (index points) under construction in the east
    "embassy_sources": 0.45,  # how well the embassy in Berlin reads Germany (rules/world.py)
    "unity_pull": 0.05,  # where the Comintern's line pulls the German left (rules/world.py)
    "industry_prewar": 0.0,  # the industry index when the war began
    "west_industry": 0.0,  # index points of industry in the west, in Soviet hands, not moved
}


def _expand_strata(figs: tuple[Figure, ...]) -> dict[str, Figure]:
    """Regional figures by name; a per-stratum figure gives its mean and one per stratum."""
    out: dict[str, Figure] = {}
    for f in figs:
        out[f.name] = f
        if f.scope is Scope.STRATUM:
            for s in STRATA:
                out[f"{f.name}_{s}"] = Figure(
                    f"{f.name}_{s}",
                    Scope.STRATUM,
                    f"{f.label} ({s}s)",
                    f"{f.label} of the {s}s",
                    f.unit,
                    f.lo,
                    f.hi,
                    f.percent,
                    f.writable,
                    f.key,
                    good=f.good,
                )
    return out


NATIONAL: dict[str, Figure] = {f.name: f for f in NATIONAL_FIGURES}
REGIONAL: dict[str, Figure] = _expand_strata(REGIONAL_FIGURES)


def scenario_national_start() -> dict[str, float]:
    """The `[national]` keys a scenario may set, with their values when it does not."""
    return {f.name: f.start for f in NATIONAL_FIGURES if f.scenario_key and f.start is not None}


def national_start() -> dict[str, float]:
    """Stored national values of a new campaign that no scenario sets."""
    out = {
        f.name: f.start
        for f in NATIONAL_FIGURES
        if f.stored and not f.scenario_key and f.start is not None
    }
    out.update(NATIONAL_BOOKKEEPING)
    return out


def history_series() -> list[Figure]:
    """National figures with a column in the per-turn history, in declaration order."""
    return [f for f in NATIONAL_FIGURES if f.series is not None]


def series_figure(key: str) -> Figure:
    """The national figure behind a history column (`cattle_m` -> cattle)."""
    return _BY_SERIES[key]


_BY_SERIES = {f.series.key: f for f in NATIONAL_FIGURES if f.series is not None}


def series_unit(fig: Figure) -> str:
    """The unit of a figure's history column: "%" for shares."""
    assert fig.series is not None
    if fig.percent:
        return "%"
    return fig.unit if fig.series.unit is None else fig.series.unit


def top_bar_figures() -> list[Figure]:
    return sorted((f for f in NATIONAL_FIGURES if f.top_bar is not None), key=_top_bar_pos)


def map_figures() -> list[Figure]:
    """Regional figures offered in the map's picker, in order."""
    return sorted((f for f in REGIONAL_FIGURES if f.on_map is not None), key=_map_pos)


def _top_bar_pos(f: Figure) -> int:
    return f.top_bar if f.top_bar is not None else 0


def _map_pos(f: Figure) -> int:
    return f.on_map if f.on_map is not None else 0


# --- the region table: what a scenario may give each region ------------------------------
# Columns of assets/regions/regions.toml that a scenario may replace per region
# ([regions.<id>]) and some of which it may scale ([countryside]). They start rule arrays
# that are no figure of their own (cards neither read nor write them), so their bounds
# are declared here: the scenario schema (game.cards.scenario_schema) and the save
# validator (game.persistence.validate) both derive from these.
COUNTRYSIDE_SCALE: tuple[float, float] = (0.05, 5.0)  # any [countryside] scale


@dataclass(frozen=True)
class RegionColumn:
    column: str  # the key in the region table and in [regions.<id>]
    lo: float
    hi: float
    unit: str
    description: str
    array: str | None = None  # the state array it starts (a save is checked against it)
    scale: str | None = None  # the [countryside] scale applied to it
    # "within": play keeps it in the range a scenario can start it with (sown area and
    # recovering yields move inside it); "falls": it only falls in play (households)
    in_play: str = "within"

    def start_range(self) -> tuple[float, float]:
        """The values a scenario can start `array` with (scaled, if it has a scale)."""
        if self.scale is None:
            return self.lo, self.hi
        return self.lo * COUNTRYSIDE_SCALE[0], self.hi * COUNTRYSIDE_SCALE[1]

    def save_range(self) -> tuple[float, float]:
        """What a saved campaign may hold in `array`."""
        lo, hi = self.start_range()
        return (0.0, hi) if self.in_play == "falls" else (lo, hi)


REGION_COLUMNS: dict[str, RegionColumn] = {
    c.column: c
    for c in (
        RegionColumn(
            "households", 0.05, 20.0, "M", "peasant households, millions (the strata's sum)",
            array="households", scale="households", in_play="falls",
        ),
        RegionColumn(
            "grain_area", 0.1, 60.0, "Mha", "grain area, million ha",
            array="area", scale="area",
        ),
        RegionColumn(
            "base_yield", 0.1, 5.0, "t/ha", "grain yield of an ordinary year",
            array="base_yield", scale="yield",
        ),
        RegionColumn(
            "cattle", 0.05, 60.0, "M", "cattle, millions (what the pasture carries)",
            array="cattle_base", scale="cattle",
        ),
        RegionColumn(
            "horses", 0.05, 30.0, "M", "horses, millions (the draught power the land needs)",
            array="draught_base",
        ),
        RegionColumn(
            "resistance", 0.1, 10.0, "", "how hard the region resists the drive (a divisor)",
            array="resistance",
        ),
    )
}  # fmt: skip
# The herds and what their land carries (the bases above). The herd rule holds any herd
# against any base (tests/engine/rules/test_herds.py), but play never takes a herd far
# past what its land carries: a save that says so was edited.
HERD_BASES: dict[str, str] = {"cattle": "cattle_base", "horses": "draught_base"}
MAX_HERD_TO_BASE = 10.0
