"""The campaign keeps the last harvest's (and procurement's, sowing's) breakdowns across
a save: a loaded campaign explains its harvest all year, not from the next autumn."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from game.campaign import Campaign
from game.engine.bots import make_bot
from game.persistence.store import load_campaign, save_campaign
from game.ui.widgets import explanation_text

DATA = Path(__file__).resolve().parent / "data"


def _after_the_harvest(turns: int = 5) -> Campaign:
    """Spring 1928 + 5 seasons: spring 1929, the autumn 1928 harvest two reports back."""
    camp = Campaign.new("great-turn-1928", seed=2)
    camp.play_bot(make_bot("historical", 2), max_turns=turns)
    return camp


def _body(path: Path) -> dict:
    return json.loads(gzip.decompress(path.read_bytes()))["body"]


def test_the_harvest_breakdown_survives_a_save_and_load(tmp_path: Path) -> None:
    camp = _after_the_harvest()
    assert camp.state.season_index == 1  # summer: the last report is spring's
    assert "harvest" not in camp.last_report.regional_builders
    kept = camp.kept_report("harvest")
    assert kept is not None and kept.date == "Autumn 1928"
    before = [explanation_text(e) for e in kept.regional_for("harvest")]
    path = save_campaign(camp, tmp_path / "s.json.gz")
    loaded = load_campaign(path)
    back = loaded.campaign
    assert not loaded.warnings
    rep = back.kept_report("harvest")
    assert rep is not None and rep.date == "Autumn 1928"
    assert [explanation_text(e) for e in rep.regional_for("harvest")] == before
    assert "Weather" in before[0] and "Draught power" in before[0]
    assert rep.explanations["harvest_true_mt"].value == camp.state.arrays["harvest_true"].sum()
    # procurement (winter's) and sowing (spring's) are kept too
    assert back.kept_report("procurement").date == "Winter 1928"
    assert back.kept_report("sowing").date == "Spring 1929"
    # and a season played on the loaded campaign keeps them until the next of their kind
    back.play_bot(make_bot("historical", 2), max_turns=1)
    assert back.kept_report("harvest").date == "Autumn 1928"


def test_a_save_holds_only_the_kept_part(tmp_path: Path) -> None:
    camp = _after_the_harvest()
    body = _body(save_campaign(camp, tmp_path / "s.json.gz"))
    kept = body["kept_reports"]
    assert set(kept) == {"harvest", "procurement", "sowing"}
    assert set(kept["harvest"]["regional"]) == {"harvest"}
    assert set(kept["harvest"]["explanations"]) == {"harvest_true_mt", "harvest_reported_mt"}
    assert kept["harvest"]["before"] == {} and kept["sowing"]["regional"] == {}
    # what the kept part costs in the (gzipped) file
    camp.kept_reports = {}
    small = save_campaign(camp, tmp_path / "none.json.gz").stat().st_size
    full = (tmp_path / "s.json.gz").stat().st_size
    assert full - small < 3000, (full, small)


def test_old_saves_load_without_kept_reports() -> None:
    loaded = load_campaign(DATA / "format-5.json.gz")
    assert loaded.campaign.kept_reports == {}
    assert not [w for w in loaded.warnings if "kept" in w]


def test_a_damaged_kept_report_is_dropped_and_the_save_loads(tmp_path: Path) -> None:
    camp = _after_the_harvest()
    path = save_campaign(camp, tmp_path / "s.json.gz")
    doc = json.loads(gzip.decompress(path.read_bytes()))
    doc["body"]["kept_reports"]["harvest"]["regional"]["harvest"] = []  # not one per region
    doc["body"]["kept_reports"]["nonsense"] = {"turn": 0}
    doc["header"].pop("body_sha256", None)  # a hand edit
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    loaded = load_campaign(bad)
    assert set(loaded.campaign.kept_reports) == {"procurement", "sowing"}
    assert any("kept 'harvest'" in w for w in loaded.warnings)
    assert any("kept 'nonsense'" in w for w in loaded.warnings)
