"""Why a figure is what it is: named factors, recorded as the rules run.

Grand-strategy players expect to hover over a number and see what made it.
Each rule that produces a headline figure records an `Explanation`: the
figure's value and the factors (a base, multipliers, additions) behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Factor:
    label: str
    value: float
    kind: str = "mult"  # "base", "mult" (x value), "add" (+ value), "info"
    unit: str = ""

    def text(self) -> str:
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
