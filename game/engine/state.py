"""The campaign's full state: numpy arrays over regions x strata x farm forms.

Everything the rules need lives here, including the random generator, so a
campaign is reproducible from its seed and its decisions, and a save is
`State.to_dict()` written as JSON.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

STRATA: tuple[str, ...] = ("batrak", "bednyak", "serednyak", "kulak")
STRATA_NAMES: dict[str, str] = {
    "batrak": "Landless labourers (batraks)",
    "bednyak": "Poor peasants (bednyaks)",
    "serednyak": "Middle peasants (serednyaks)",
    "kulak": "Rich peasants (kulaks)",
}
FORMS: tuple[str, ...] = ("private", "voluntary", "kolkhoz")
FORM_NAMES: dict[str, str] = {
    "private": "Private farms",
    "voluntary": "Voluntary self-managed collectives",
    "kolkhoz": "State-driven kolkhozes",
}
SEASONS: tuple[str, ...] = ("spring", "summer", "autumn", "winter")
N_STRATA = len(STRATA)
N_FORMS = len(FORMS)
_add_reduce = np.add.reduce
_matmul = np.matmul
PRIVATE, VOLUNTARY, KOLKHOZ = 0, 1, 2
BATRAK, BEDNYAK, SEREDNYAK, KULAK = 0, 1, 2, 3

# Arrays indexed by region (R,), region x stratum (R,S) or region x stratum x form (R,S,F).
REGION_ARRAYS: tuple[str, ...] = (
    "area",  # grain area, million ha
    "base_yield",  # t/ha in an ordinary year with ordinary effort
    "drought_risk",  # weight of a bad season
    "skill",  # farming know-how; falls when experienced farmers are deported
    "cattle",  # millions
    "horses",  # millions; the draught power before tractors
    "grain_held",  # grain in the villages, Mt
    "seed_store",  # seed grain set aside for the next sowing, Mt
    "seed_cover",  # share of the last sowing's seed need that was there
    "sown_factor",  # how well this year's sowing went
    "weather",  # this year's weather multiplier on yields
    "vol_age",  # mean age of voluntary collectives, years
    "autonomy",  # how self-managed voluntary collectives are, 0..1
    "kolk_age",  # mean age of kolkhozes, years
    "unrest",  # 0..1
    "hunger",  # share of food need not met, 0..1
    "report_bias",  # how much local reports inflate the truth (0.2 = +20 %)
    "cattle_base",  # cattle at the start; pasture limits the herds to ~1.3x this
    "draught_base",  # draught power (horse-equivalents, millions) the land needs
    "cadres",  # thousands of dispatched worker-cadres present
    "population",  # rural population, millions
    "tractors",  # thousands of tractors working here
    "deported",  # cumulative households deported, millions
    "famine_deaths",  # cumulative deaths from hunger, millions
    "harvest_true",  # this year's true harvest, Mt
    "harvest_reported",  # what local officials reported, Mt
    "procured_year",  # grain taken this procurement year, Mt
    "yield_bonus",  # sum of active modifiers on yield (fraction)
    "join_bonus",  # sum of active modifiers on the appeal of collectives
    "revolt",  # 1.0 while a peasant revolt is under way
    "pigs",  # millions
    "sheep",  # sheep and goats, millions
    "pigs_base",  # pigs at the start: what the grain and potatoes carry (~1.4x this)
    "sheep_base",  # sheep and goats at the start: what the pasture carries
    "area_base",  # grain area the region's farms sow in an ordinary year, million ha
    "yield_potential",  # the yield the land gives once recovered from war (1928 level), t/ha
    "herd_base",  # livestock units at the start (what the pasture was carrying)
    "herd_food",  # share of the villages' food that comes from the herds when they are whole
    "ration",  # share of the rural food need met through the towns' rations (deficit regions)
    "resistance",  # how hard the region resists the drive (its history: Cossacks, nations)
    "quota_strain",  # this procurement year's demand beyond the real surplus, share of harvest
    "occupied",  # share of the region held by the enemy, 0..1 (the war)
    "partisans",  # partisan strength behind the enemy's lines, 0..1
    "collaboration",  # how far occupied villages work with the occupier, 0..1
    "war_deaths",  # civilians of the region killed by the war, cumulative millions
)
STRATUM_ARRAYS: tuple[str, ...] = (
    "households",  # millions
    "trust",  # 0..1, trust of each stratum in the regime
)
FORM_ARRAYS: tuple[str, ...] = ("forms",)


def livestock_units(a: dict[str, np.ndarray]) -> np.ndarray:
    """(R,) herds in cattle-equivalents: a horse 1.1, a pig 0.3, a sheep or goat 0.12."""
    return (
        a["cattle"] + 1.1 * a["horses"] + 0.3 * a["pigs"] + 0.12 * a["sheep"]
    )  # share of each stratum's households in each form


@dataclass
class State:
    """All of a campaign's figures. Mutated in place by `resolve_turn`."""

    scenario_id: str
    region_ids: tuple[str, ...]
    region_names: tuple[str, ...]
    start_year: int
    start_season: int
    end_turn: int
    turn: int
    arrays: dict[str, np.ndarray]
    nat: dict[str, float]
    factions: dict[str, float]
    params: dict[str, Any]
    modifiers: list[dict[str, Any]] = field(default_factory=list)
    flags: dict[str, float] = field(default_factory=dict)
    outcome: str | None = None
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0))

    # --- convenient access -------------------------------------------------
    @property
    def n_regions(self) -> int:
        return len(self.region_ids)

    @property
    def year(self) -> int:
        return self.start_year + (self.start_season + self.turn) // 4

    @property
    def season_index(self) -> int:
        return (self.start_season + self.turn) % 4

    @property
    def season(self) -> str:
        return SEASONS[self.season_index]

    @property
    def date_label(self) -> str:
        return f"{self.season.capitalize()} {self.year}"

    @property
    def finished(self) -> bool:
        return self.outcome is not None

    def region_index(self, region_id: str) -> int:
        return self.region_ids.index(region_id)

    # --- derived national figures -------------------------------------------
    # The farm-form figures below are asked for about seven times a season (the rules,
    # the headline, the timeline, the cards' conditions) while households and forms
    # change two or three times. So they are kept, keyed on the bytes of the two arrays
    # they are made from: a kept figure is a pure function of those bytes, so it has the
    # very bits a new computation would (the state hashes hold it). Kept arrays are
    # handed out read-only, so no caller can change what the next one reads.
    _forms_memo: tuple[bytes, bytes, dict[str, np.ndarray]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def _forms_kept(self) -> dict[str, np.ndarray]:
        """The kept farm-form figures of the present households and forms (empty when
        either has changed since they were made)."""
        kh = self.arrays["households"].tobytes()
        kf = self.arrays["forms"].tobytes()
        memo = self._forms_memo
        if memo is not None and memo[0] == kh and memo[1] == kf:
            return memo[2]
        kept: dict[str, np.ndarray] = {}
        self._forms_memo = (kh, kf, kept)
        return kept

    def form_households(self) -> np.ndarray:
        """Households (millions) per region x stratum x form."""
        return self.arrays["households"][:, :, None] * self.arrays["forms"]

    def region_form_households(self) -> np.ndarray:
        """(R, F) households (millions) in each form (read-only)."""
        return self._region_form_households(self._forms_kept())

    def _region_form_households(self, kept: dict[str, np.ndarray]) -> np.ndarray:
        fh = kept.get("rfh")
        if fh is None:
            fh = _matmul(self.arrays["households"][:, None, :], self.arrays["forms"])[:, 0, :]
            fh.setflags(write=False)
            kept["rfh"] = fh
        return fh

    def form_shares(self) -> np.ndarray:
        """National share of households in each farm form (sums to 1; read-only)."""
        kept = self._forms_kept()
        shares = kept.get("fs")
        if shares is None:
            fh = _add_reduce(self._region_form_households(kept), 0)  # (= .sum(axis=0))
            total = _add_reduce(fh, None)
            shares = fh / total if total > 0 else np.array([1.0, 0.0, 0.0])
            shares.setflags(write=False)
            kept["fs"] = shares
        return shares

    def region_form_shares(self) -> np.ndarray:
        """(R, F) share of each region's households in each form (read-only)."""
        kept = self._forms_kept()
        shares = kept.get("rfs")
        if shares is None:
            fh = self._region_form_households(kept)
            shares = fh / np.maximum(_add_reduce(fh, 1, None, None, True), 1e-12)
            shares.setflags(write=False)
            kept["rfs"] = shares
        return shares

    def households_by_region(self) -> np.ndarray:
        """(R,) households (millions) of each region: `add_reduce(households, 1)` (read-only)."""
        return self._households_by_region(self._forms_kept())

    def _households_by_region(self, kept: dict[str, np.ndarray]) -> np.ndarray:
        hh_reg = kept.get("hh")
        if hh_reg is None:
            hh_reg = _add_reduce(self.arrays["households"], 1)
            hh_reg.setflags(write=False)
            kept["hh"] = hh_reg
        return hh_reg

    def form_mix(self) -> np.ndarray:
        """(R, F) share of each region's households in each form, summed over the strata
        as `add_reduce(households * forms[:, :, k], 1) / households_by_region()` sums each
        form (the reduction over the strata axis of (R, S, F) adds the same terms in the
        same order: the same bits, column for column). Not region_form_shares, whose
        matmul adds in another order. Read-only."""
        kept = self._forms_kept()
        mix = kept.get("mix")
        if mix is None:
            summed = _add_reduce(self.arrays["households"][:, :, None] * self.arrays["forms"], 1)
            mix = summed / self._households_by_region(kept)[:, None]
            mix.setflags(write=False)
            kept["mix"] = mix
        return mix

    # --- copying, hashing and serialisation --------------------------------
    def copy(self) -> State:
        new = copy.copy(self)
        new.arrays = {k: v.copy() for k, v in self.arrays.items()}
        new.nat = dict(self.nat)
        new.factions = dict(self.factions)
        new.params = copy.deepcopy(self.params)
        new.modifiers = copy.deepcopy(self.modifiers)
        new.flags = dict(self.flags)
        new.rng = np.random.Generator(type(self.rng.bit_generator)())
        new.rng.bit_generator.state = self.rng.bit_generator.state
        return new

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict holding everything, the RNG state included."""
        return {
            "scenario_id": self.scenario_id,
            "region_ids": list(self.region_ids),
            "region_names": list(self.region_names),
            "start_year": self.start_year,
            "start_season": self.start_season,
            "end_turn": self.end_turn,
            "turn": self.turn,
            "arrays": {
                k: {"shape": list(v.shape), "data": v.ravel().tolist()}
                for k, v in sorted(self.arrays.items())
            },
            "nat": {k: float(v) for k, v in sorted(self.nat.items())},
            "factions": {k: float(v) for k, v in self.factions.items()},
            "params": self.params,
            "modifiers": self.modifiers,
            "flags": {k: float(v) for k, v in sorted(self.flags.items())},
            "outcome": self.outcome,
            "rng": _rng_to_json(self.rng),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> State:
        """Inverse of `to_dict`. Raises KeyError/ValueError/TypeError on bad data;
        the persistence layer turns those into SaveError with the file name."""
        arrays: dict[str, np.ndarray] = {}
        for name, blob in data["arrays"].items():
            arr = np.asarray(blob["data"], dtype=np.float64).reshape(tuple(blob["shape"]))
            arrays[name] = arr
        n_r = len(data["region_ids"])
        expected = {n: (n_r,) for n in REGION_ARRAYS}
        expected.update({n: (n_r, N_STRATA) for n in STRATUM_ARRAYS})
        expected.update({n: (n_r, N_STRATA, N_FORMS) for n in FORM_ARRAYS})
        for name, shape in expected.items():
            if name not in arrays:
                raise KeyError(f"state is missing the array '{name}'")
            if arrays[name].shape != shape:
                raise ValueError(f"array '{name}' has shape {arrays[name].shape}, expected {shape}")
        return cls(
            scenario_id=str(data["scenario_id"]),
            region_ids=tuple(str(r) for r in data["region_ids"]),
            region_names=tuple(str(r) for r in data["region_names"]),
            start_year=int(data["start_year"]),
            start_season=int(data["start_season"]),
            end_turn=int(data["end_turn"]),
            turn=int(data["turn"]),
            arrays=arrays,
            nat={str(k): float(v) for k, v in data["nat"].items()},
            factions={str(k): float(v) for k, v in data["factions"].items()},
            params=dict(data["params"]),
            modifiers=list(data.get("modifiers", [])),
            flags={str(k): float(v) for k, v in data.get("flags", {}).items()},
            outcome=data.get("outcome"),
            rng=_rng_from_json(data["rng"]),
        )

    def state_hash(self) -> str:
        """SHA-256 over every figure, bit for bit, and the RNG state."""
        h = hashlib.sha256()
        for name in sorted(self.arrays):
            h.update(name.encode())
            h.update(np.ascontiguousarray(self.arrays[name], dtype=np.float64).tobytes())
        rest = self.to_dict()
        del rest["arrays"]
        h.update(json.dumps(rest, sort_keys=True, default=str).encode())
        return h.hexdigest()


def _rng_to_json(rng: np.random.Generator) -> dict[str, Any]:
    st = rng.bit_generator.state
    # PCG64 state holds Python ints too large for some JSON readers: keep them as strings.
    return {
        "bit_generator": st["bit_generator"],
        "state": {k: str(v) for k, v in st["state"].items()},
        "has_uint32": int(st["has_uint32"]),
        "uinteger": int(st["uinteger"]),
    }


def _rng_from_json(blob: dict[str, Any]) -> np.random.Generator:
    if blob.get("bit_generator") != "PCG64":
        raise ValueError(f"unknown random generator '{blob.get('bit_generator')}'")
    bg = np.random.PCG64()
    bg.state = {
        "bit_generator": "PCG64",
        "state": {k: int(v) for k, v in blob["state"].items()},
        "has_uint32": int(blob["has_uint32"]),
        "uinteger": int(blob["uinteger"]),
    }
    return np.random.Generator(bg)
