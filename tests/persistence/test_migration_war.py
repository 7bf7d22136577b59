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
