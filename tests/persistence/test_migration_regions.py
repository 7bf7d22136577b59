"""Format 3 (issue #9): saves of format 2 gain pigs, sheep and the regions' place in the
grain economy, and play on."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from game.engine.bots import make_bot
from game.persistence import load_campaign

DATA = Path(__file__).resolve().parent / "data"


def test_a_format_2_save_gains_the_herds_and_the_regions_history() -> None:
    camp = load_campaign(DATA / "format-2.json.gz").campaign
    a = camp.state.arrays
    ids = camp.state.region_ids
    kz = ids.index("kazakhstan")
    assert 20.0 < float(a["pigs_base"].sum()) < 30.0
    assert a["sheep"][kz] > 10.0 and a["herd_food"][kz] > 0.5
    assert a["ration"][ids.index("central_industrial")] > 0.0
    assert (a["area_base"] == a["area"]).all() and (a["resistance"] > 0).all()
    assert camp.state.params["region_tiers"][ids.index("north_caucasus")] == 1
    camp.play_bot(make_bot("historical"), max_turns=8)
    assert np.isfinite(a["sheep"]).all() and camp.region_timeline()["ukraine"]


def test_the_frozen_format_3_save_loads() -> None:
    camp = load_campaign(DATA / "format-3.json.gz").campaign
    assert camp.region_years and "pigs" in camp.state.arrays
