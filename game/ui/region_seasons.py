"""A region's figures season by season, for the charts' region view.

The campaign keeps one record a year per region (Campaign.region_years: what a save
holds and `simulate --json` prints); season by season it keeps only the country's
figures. The seasons of a region are replayed from the decisions log
(game.persistence.replay: the engine is deterministic, so the replay is exact), the
first time a chart asks, and played on as the campaign goes: nothing is added to a
turn or to a save. Replayed seasons are not described (their reports are not read).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from game.errors import SmychkaError

if TYPE_CHECKING:
    from game.campaign import Campaign
    from game.engine.state import State


def _collectivised(st: State) -> np.ndarray:
    return 1.0 - st.region_form_shares()[:, 0]


def _form(k: int) -> Callable[[State], np.ndarray]:
    return lambda st: st.region_form_shares()[:, k]


@dataclass(frozen=True)
class RegionFigure:
    """A figure a region's chart can show. `flow`: the season's amount (a year sums its
    seasons); otherwise a level (a year shows its last season). `yearly_key`: its
    column in Campaign.region_years, where the yearly view reads it without a replay."""

    key: str
    label: str
    unit: str
    percent: bool
    read: Callable[[State], np.ndarray]
    flow: bool = False
    yearly_key: str | None = None
    cumulative: bool = False  # the running total of its yearly column (deaths so far)


def _arr(name: str, k: float = 1.0) -> Callable[[State], np.ndarray]:
    return lambda st: st.arrays[name] * k


REGION_FIGURES: tuple[RegionFigure, ...] = (
    RegionFigure(
        "collectivised_share",
        "Collectivised",
        "",
        True,
        _collectivised,
        yearly_key="collectivised_share",
    ),
    RegionFigure("kolkhoz_share", "In kolkhozes", "", True, _form(2)),
    RegionFigure("voluntary_share", "In voluntary collectives", "", True, _form(1)),
    RegionFigure(
        "harvest_true_mt",
        "True harvest",
        "Mt",
        False,
        _arr("harvest_true"),
        yearly_key="harvest_true_mt",
    ),
    RegionFigure("procured_mt", "Procured (since the harvest)", "Mt", False, _arr("procured_year")),
    RegionFigure("grain_held_mt", "Grain in the villages", "Mt", False, _arr("grain_held")),
    RegionFigure("hunger", "Hunger", "", True, _arr("hunger")),
    RegionFigure(
        "famine_deaths",
        "Famine deaths (new)",
        "M",
        False,
        _arr("famine_deaths"),
        flow=True,
        yearly_key="famine_deaths",
    ),
    RegionFigure(
        "famine_deaths_total",
        "Famine deaths so far",
        "M",
        False,
        _arr("famine_deaths"),
        yearly_key="famine_deaths",
        cumulative=True,
    ),
    RegionFigure(
        "deported_k", "Households deported so far", "thousand", False, _arr("deported", 1000)
    ),
    RegionFigure("unrest", "Unrest", "", True, _arr("unrest")),
    RegionFigure("trust", "Trust (all strata)", "", True, lambda st: st.arrays["trust"].mean(1)),
    RegionFigure("cattle_m", "Cattle", "M", False, _arr("cattle"), yearly_key="cattle_m"),
    RegionFigure("horses_m", "Horses", "M", False, _arr("horses")),
    RegionFigure("tractors_k", "Tractors", "thousand", False, _arr("tractors")),
    RegionFigure("cadres_k", "Worker-cadres", "thousand", False, _arr("cadres")),
    RegionFigure(
        "rural_population_m",
        "Rural population",
        "M",
        False,
        _arr("population"),
        yearly_key="rural_population_m",
    ),
)
BY_KEY = {f.key: f for f in REGION_FIGURES}


class RegionSeasons:
    """Every region figure after each season of one campaign: `values[key]` is a
    (seasons + 1, R) array, row 0 the start. Built by replaying the log."""

    def __init__(self, camp: Campaign) -> None:
        from game.persistence.replay import rebuild, replay_of

        self.campaign_id = camp.campaign_id
        self.problem = ""
        self._rows: dict[str, list[np.ndarray]] = {f.key: [] for f in REGION_FIGURES}
        self._log: list = []
        try:
            self._camp: Campaign | None = rebuild(
                replay_of(camp), 0, deck=camp.deck, check_content=False
            ).campaign
        except SmychkaError as exc:
            self._camp = None
            self.problem = f"the seasons cannot be replayed ({exc})"
        finally:
            if camp.deck is not None:
                camp.deck.bind(camp)  # the live campaign's cards, not the replay's
        if self._camp is not None:
            self._record(self._camp.state)

    def _record(self, st: State) -> None:
        for f in REGION_FIGURES:
            self._rows[f.key].append(np.array(f.read(st), dtype=float))

    @property
    def seasons(self) -> int:
        return len(self._log)

    def follow(self, camp: Campaign) -> None:
        """Play the seasons the campaign has played since (its log grows only)."""
        from game.persistence.replay import play_turn

        if self._camp is None or self.problem:
            return
        problems: list[str] = []
        played = len(self._log)
        try:
            for entry in camp.log[len(self._log) :]:
                if self._camp.finished:
                    break
                play_turn(self._camp, entry, problems, describe=False)
                self._log.append(entry)
                self._record(self._camp.state)
        except SmychkaError as exc:
            self.problem = f"the seasons cannot be replayed ({exc})"
        finally:
            if camp.deck is not None:
                camp.deck.bind(camp)
        # Checked once each time it catches up, against the country's row of the last
        # season played (not the live state: this season's card answers are not in the
        # log yet, and a region's chart, like the country's, ends at the last season).
        if problems or (
            len(self._log) != played
            and len(self._log) == len(camp.log)
            and self._camp.history[-1] != camp.history[-1]
        ):
            self.problem = (
                "replayed with this version of the game, the seasons do not come out as "
                "they were played (the rules, the cards or the mods changed since)"
            )

    def values(self, key: str) -> np.ndarray:
        """(seasons + 1, R): the figure at the start and after each season ((0, 0)
        when the seasons could not be replayed)."""
        rows = self._rows[key]
        return np.array(rows) if rows else np.zeros((0, 0))


_CACHE: dict[str, tuple[weakref.ref, RegionSeasons]] = {}


def region_seasons(camp: Campaign) -> RegionSeasons:
    """The campaign's region seasons, replayed once and followed as it goes on."""
    hit = _CACHE.get("last")
    rs = None
    if hit is not None and hit[0]() is camp and hit[1].campaign_id == camp.campaign_id:
        rs = hit[1]
        if len(rs._log) > len(camp.log) or rs._log != camp.log[: len(rs._log)]:
            rs = None  # a campaign that went back (a loaded save, a quickload)
    if rs is None:
        rs = RegionSeasons(camp)
        _CACHE["last"] = (weakref.ref(camp), rs)
    rs.follow(camp)
    return rs
