"""Scratch space for one turn's resolution: flows between rules, explanations, events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.engine.explain import Explanation, Ledger


class _Unrecorded(Explanation):
    """What `TurnContext.explain` hands out when nothing is described: it keeps nothing.

    Bots, the lab and replays never read the explanations, and building them (a few
    dozen factors a season) cost about a tenth of a turn."""

    def add(self, label: str, value: float, kind: str = "mult", unit: str = "") -> Explanation:
        return self


_UNRECORDED = _Unrecorded("", "", 0.0)
_add_reduce = np.add.reduce


@dataclass
class TurnContext:
    n_regions: int
    # False on the bots' path: no explanations, no regional breakdowns (the rules skip
    # the work that only feeds them); the figures come out the same either way.
    describe: bool = True
    national: dict[str, Explanation] = field(default_factory=dict)
    regional: dict[str, Any] = field(default_factory=dict)  # name -> builder of list[Explanation]
    events: list[str] = field(default_factory=list)
    flows: dict[str, np.ndarray] = field(default_factory=dict)
    figures: dict[str, float] = field(default_factory=dict)
    # Describing, the rules also record the terms behind the slower figures in
    # `ledgers` (game.engine.breakdowns opens them); not describing, every hook is an
    # empty-dictionary test.
    ledgers: dict[str, Ledger] = field(default_factory=dict)

    def flow(self, name: str) -> np.ndarray:
        """A per-region flow this turn (created as zeros on first use)."""
        arr = self.flows.get(name)
        if arr is None:
            arr = np.zeros(self.n_regions)
            self.flows[name] = arr
        return arr

    def flow_total(self, name: str) -> float:
        """The sum of a per-region flow this turn: 0.0 for one no rule made (zeros),
        without making it; otherwise `float(total(flow))`, the ufunc sum ndarray.sum
        calls, so the same bits."""
        arr = self.flows.get(name)
        return 0.0 if arr is None else float(_add_reduce(arr, None))

    def ledger(self, name: str) -> Ledger | None:
        """The ledger of figure `name` this turn, or None when not describing."""
        return self.ledgers.get(name)

    def explain(self, figure: str, label: str, value: float, unit: str = "") -> Explanation:
        if not self.describe:
            return _UNRECORDED
        exp = Explanation(figure, label, float(value), unit)
        self.national[figure] = exp
        return exp
