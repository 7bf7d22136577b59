"""Why a figure is what it is: named factors, recorded as the rules run.

Grand-strategy players expect to hover over a number and see what made it.
Each rule that produces a headline figure records an `Explanation`: the
figure's value and the factors (a base, multipliers, additions) behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(slots=True)  # (slots: a described season makes ~150 of these)
class Factor:
    label: str
    value: float
    # "base", "mult" (x value), "add" (+ value), "info", "lever" (what the player can
    # do about it: the label says it, the value is not shown)
    kind: str = "mult"
    unit: str = ""

    def text(self) -> str:
        if self.kind == "lever":
            return f"-> {self.label}"
        if self.kind == "mult":
            return f"{self.label}: x{self.value:.2f}"
        if self.kind == "add":
            sign = "+" if self.value >= 0 else "-"
            return (
                f"{self.label}: {sign}{abs(self.value):.3g}{(' ' + self.unit) if self.unit else ''}"
            )
        return f"{self.label}: {self.value:.3g}{(' ' + self.unit) if self.unit else ''}"


@dataclass
class Explanation:
    figure: str
    label: str
    value: float
    unit: str = ""
    factors: list[Factor] = field(default_factory=list)

    def add(self, label: str, value: float, kind: str = "mult", unit: str = "") -> Explanation:
        self.factors.append(Factor(label, float(value), kind, unit))
        return self

    def lines(self) -> list[str]:
        head = f"{self.label}: {self.value:.3g}{(' ' + self.unit) if self.unit else ''}"
        return [head] + ["  " + f.text() for f in self.factors]

    def to_dict(self) -> dict[str, Any]:
        return {
            "figure": self.figure,
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "factors": [
                {"label": f.label, "value": f.value, "kind": f.kind, "unit": f.unit}
                for f in self.factors
            ],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Explanation:
        return cls(
            figure=str(d["figure"]),
            label=str(d["label"]),
            value=float(d["value"]),
            unit=str(d.get("unit", "")),
            factors=[
                Factor(str(f["label"]), float(f["value"]), str(f["kind"]), str(f.get("unit", "")))
                for f in d.get("factors", [])
            ],
        )


# --- breakdowns of a figure's change, region by region ---------------------------------
# What is left unexplained is shown from this share of the figure (or of 1) on: below
# it is rounding, which a tooltip would show as "+0".
SHOWN = 1e-4
DECIMALS = 5  # what a regional breakdown keeps of each number, in its shown unit


class Ledger:
    """The terms that moved one per-region figure this season, recorded by the rules as
    they run -- only when the turn is described (TurnContext.describe): bots and the lab
    never pay for it.

    `start` is the figure where the season began ((R,) or (R,S) per stratum); each rule
    adds its term as an array of the same shape (or a scalar for every region). What the
    terms leave unexplained when the season ends (a card's effect, a clip) is shown as
    its own line, so a breakdown always adds up to the figure, and a test can hold the
    rules to leaving nothing unexplained on a plain season."""

    def __init__(
        self,
        figure: str,
        label: str,
        unit: str,
        start: np.ndarray,
        *,
        scale: float = 1.0,
        term_unit: str | None = None,
        other: str = "Cards and other effects",
    ) -> None:
        self.figure = figure
        self.label = label
        self.unit = unit
        self.term_unit = unit if term_unit is None else term_unit
        self.scale = scale  # figure units -> shown units (a share -> %)
        self.start = np.array(start, dtype=float)
        self.other = other
        self.terms: list[tuple[str, np.ndarray]] = []
        self.notes: list[tuple[str, np.ndarray | float, str]] = []
        self.levers: list[str] = []

    def add(self, label: str, value: np.ndarray | float) -> None:
        """A term of the change (same units as the figure, its shape or one that
        broadcasts to it), added to any earlier term of the same label. Kept as given:
        the rules hand over arrays they do not change afterwards."""
        for k, (lab, old) in enumerate(self.terms):
            if lab == label:
                self.terms[k] = (lab, old + value)
                return
        self.terms.append((label, value))

    def note(self, label: str, value: np.ndarray | float, unit: str = "") -> None:
        """A figure that is not a term but says why (a rate, a count), per region; an
        array is copied (a state array would move on before the tooltip is read)."""
        self.notes.append((label, np.array(value, dtype=float), unit))

    def lever(self, text: str) -> None:
        """What the player can do about it, in words ("Famine relief (policy): ...")."""
        self.levers.append(text)

    def _matrix(self) -> np.ndarray:
        """(terms, *shape): every term broadcast to the figure's shape."""
        out = np.empty((len(self.terms), *self.start.shape))
        for k, (_, t) in enumerate(self.terms):
            out[k] = t
        return out

    def residual(self, now: np.ndarray) -> np.ndarray:
        """What the recorded terms leave unexplained (zero on a season they explain)."""
        return np.asarray(now, dtype=float) - self.start - self._matrix().sum(0)

    def regional(self, now: np.ndarray, s: int | None = None) -> list[Explanation]:
        """Each region's breakdown (of stratum s for a per-stratum figure)."""
        k = self.scale
        now = np.asarray(now, dtype=float)
        terms = self._matrix()
        rest = now - self.start - terms.sum(0)
        if s is not None:
            now, start, terms, rest = now[:, s], self.start[:, s], terms[:, :, s], rest[:, s]
        else:
            start = self.start
        # Five decimals in the shown unit (a tooltip shows three figures): the last
        # report is saved with these, and 17 digits of ~1,500 numbers made a player's
        # save a third bigger. The line for what is unexplained was decided unrounded.
        now_l = np.round(now * k, DECIMALS).tolist()
        start_l = np.round(start * k, DECIMALS).tolist()
        terms_l = np.round(terms * k, DECIMALS).T.tolist()  # region -> its terms
        rest_l = np.round(rest * k, DECIMALS).tolist()
        labels = [label for label, _ in self.terms]
        notes = []
        for label, v, unit in self.notes:
            arr = v if v.ndim == 0 else (v[:, s] if s is not None and v.ndim == 2 else v)
            notes.append((label, arr, unit))
        out = []
        for r, value in enumerate(now_l):
            e = Explanation(self.figure, self.label, value, self.unit)
            e.add("Last season", start_l[r], "base", self.unit)
            for label, v in zip(labels, terms_l[r], strict=True):
                if abs(v) > 1e-9:
                    e.add(label, v, "add", self.term_unit)
            if abs(rest_l[r]) > SHOWN * max(1.0, abs(value)):
                e.add(self.other, rest_l[r], "add", self.term_unit)
            for label, arr, unit in notes:
                v = float(arr) if arr.ndim == 0 else float(arr[r])
                e.add(label, round(v, DECIMALS), "info", unit)
            # (no levers: the same for every region, the panel adds them -- see
            # game.engine.breakdowns.levers_for -- rather than each save holding 12)
            out.append(e)
        return out

    def national(
        self, now_total: float, weights: np.ndarray | None = None, figure: str | None = None
    ) -> Explanation:
        """The country's breakdown: the terms summed over regions (and strata), or for a
        share their `weights`-weighted mean (weights: the regions' households)."""
        k = self.scale
        stacked = np.concatenate([self.start[None], self._matrix()])
        flat = stacked.reshape(len(stacked), -1)
        if weights is None:
            totals = flat.sum(1)
        else:
            w = np.broadcast_to(np.asarray(weights, dtype=float), self.start.shape).reshape(-1)
            totals = flat @ w / max(float(w.sum()), 1e-12)
        start, *terms = totals.tolist()
        e = Explanation(figure or self.figure, self.label, now_total * k, self.unit)
        e.add("Last season", start * k, "base", self.unit)
        for (label, _), v in zip(self.terms, terms, strict=True):
            if abs(v * k) > 1e-9:
                e.add(label, v * k, "add", self.term_unit)
        rest = now_total - start - sum(terms)
        if abs(rest * k) > SHOWN * max(1.0, abs(now_total * k)):
            e.add(self.other, rest * k, "add", self.term_unit)
        for text in self.levers:
            e.add(text, 0.0, "lever")
        return e
