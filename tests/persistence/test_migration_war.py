"""Format 5 (issue #10): saves of format 4 and before gain the war's figures, all at
nought (no old campaign had fought the war), and play on."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.engine.bots import make_bot
from game.persistence import load_campaign
from game.persistence.migrations import _WAR_ARRAYS_V5, _WAR_NAT_V5

DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize("name", ["format-3.json.gz", "format-4.json.gz"])
def test_an_old_save_gains_the_war_figures_at_nought(name: str) -> None:
    camp = load_campaign(DATA / name).campaign
    st = camp.state
    for arr in _WAR_ARRAYS_V5:
        assert st.arrays[arr].shape == (st.n_regions,) and not st.arrays[arr].any(), arr
    for key in _WAR_NAT_V5:
        assert st.nat[key] == 0.0, key
    camp.play_bot(make_bot("historical"), max_turns=4)
    assert np.isfinite(st.arrays["occupied"]).all()


# --- a save's war figures are checked like the others --------------------------------------
def _war_state():
    from game.campaign import Campaign

    camp = Campaign.new("great-turn-1928", seed=1)
    camp.play_bot(make_bot("historical"), max_turns=2)
    return camp


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda st: st.arrays["occupied"].__setitem__(0, 1.5), "state.arrays.occupied"),
        (lambda st: st.arrays["partisans"].__setitem__(3, -0.2), "state.arrays.partisans"),
        (lambda st: st.nat.__setitem__("front", 9.0), "state.nat.front"),
        (lambda st: st.nat.__setitem__("war_deaths", -1.0), "state.nat.war_deaths"),
    ],
)
def test_war_figures_out_of_range_are_refused(edit, field: str) -> None:
    from game.persistence.validate import ContentProblem, check_state

    st = _war_state().state.copy()
    edit(st)
    with pytest.raises(ContentProblem) as err:
        check_state(st)
    assert err.value.field.startswith(field)


def test_a_campaign_prolonged_by_the_war_is_accepted_and_only_then() -> None:
    from game.persistence.validate import ContentProblem, check_against_scenario

    camp = _war_state()
    st = camp.state.copy()
    st.end_turn += 20
    with pytest.raises(ContentProblem):
        check_against_scenario(st, camp.scenario)  # no war: the scenario's end holds
    st.nat["war_start"] = 54.0
    check_against_scenario(st, camp.scenario)
    st.end_turn += 40
    with pytest.raises(ContentProblem):
        check_against_scenario(st, camp.scenario)


def test_the_frozen_save_of_a_war_loads_at_war_and_fights_on() -> None:
    camp = load_campaign(DATA / "format-5-war.json.gz").campaign
    st = camp.state
    assert st.nat["at_war"] == 1.0 and st.nat["war_seasons"] >= 5
    assert int((st.arrays["occupied"] > 0.5).sum()) >= 3
    camp.play_bot(make_bot("historical"))
    assert st.outcome is not None and st.outcome.startswith("war_")
