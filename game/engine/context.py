"""Scratch space for one turn's resolution: flows between rules, explanations, events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.engine.explain import Explanation


@dataclass
class TurnContext:
    n_regions: int
    national: dict[str, Explanation] = field(default_factory=dict)
    regional: dict[str, Any] = field(default_factory=dict)  # name -> builder of list[Explanation]
    events: list[str] = field(default_factory=list)
    flows: dict[str, np.ndarray] = field(default_factory=dict)
    figures: dict[str, float] = field(default_factory=dict)

    def flow(self, name: str) -> np.ndarray:
        """A per-region flow this turn (created as zeros on first use)."""
        arr = self.flows.get(name)
        if arr is None:
            arr = np.zeros(self.n_regions)
            self.flows[name] = arr
        return arr

    def explain(self, figure: str, label: str, value: float, unit: str = "") -> Explanation:
        exp = Explanation(figure, label, float(value), unit)
        self.national[figure] = exp
        return exp
