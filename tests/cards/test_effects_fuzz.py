"""No combination of valid effects can break a campaign: values stay finite and in range."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.campaign import Campaign
from game.cards.apply import apply_effect
from game.cards.expr import POLICY_NUMERIC, Env, compile_effect
from game.engine import figures as F

TARGETS = (
    [n for n, f in F.NATIONAL.items() if f.writable]
    + [f"{n}[{r}]" for n, f in F.REGIONAL.items() if f.writable and n not in F.BONUS_FIGURES for r in ("all", "ukraine")]
    + ["faction.left", "faction.right", "faction.nobody", "weight.centre", 'flag("x")']
    + [f"policy.{k}" for k in POLICY_NUMERIC]
)  # fmt: skip
VALUES = ["0", "1", "-1", "1e9", "-1e9", "0.5", "1 / 0", "year", "max(unrest) * 100", "-tension"]
LINGER = ["yield_bonus[all]", "join_bonus[ukraine]", "unrest[all]", "tension", "faction.left"]


@st.composite
def effects(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 4)) == 0:
        target = draw(st.sampled_from(LINGER))
        value, turns = draw(st.sampled_from(VALUES)), draw(st.sampled_from(["1", "5", "1e9", "-3"]))
        return f"linger({target}, {value}, {turns}, {draw(st.sampled_from(['0', '0.5', '2']))})"
    op = draw(st.sampled_from(["=", "+=", "-=", "*="]))
    return f"{draw(st.sampled_from(TARGETS))} {op} {draw(st.sampled_from(VALUES))}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(effects(), min_size=1, max_size=12))
def test_any_effects_keep_the_campaign_sound(srcs: list[str]) -> None:
    camp = Campaign.new("great-turn-1928", seed=1)
    for src in srcs:
        apply_effect(compile_effect(src), Env(camp.state, camp.decisions.policy), camp, "fuzz")
    camp.decisions.validate(camp.state.region_ids)
    for _ in range(2):
        camp.end_turn()
    st_ = camp.state
    for name, arr in st_.arrays.items():
        assert np.isfinite(arr).all(), name
    assert all(np.isfinite(v) for v in st_.nat.values())
    assert all(0 <= v <= 1 for v in st_.factions.values())
    for name, fig in F.REGIONAL.items():
        if fig.writable:
            vals = F.get_regional(st_, name)
            assert (vals >= fig.lo - 1e-9).all() and (vals <= fig.hi + 1e-9).all(), name
