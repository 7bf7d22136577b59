"""The command line: listings, simulate, and one-line errors for user mistakes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_scenarios_and_bots_list_ids_first():
    out = run("scenarios")
    assert out.returncode == 0
    ids = [line.split("\t")[0] for line in out.stdout.splitlines()]
    assert "great-turn-1928" in ids and "coalition-1917" in ids
    out = run("bots")
    names = [line.split("\t")[0] for line in out.stdout.splitlines()]
    assert names[:5] == ["historical", "voluntary", "voluntary-supported", "nep", "random"]


def test_simulate_json_has_the_promised_fields():
    out = run("simulate", "--scenario", "great-turn-1928", "--bot", "nep", "--seed", "3", "--json")
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    for key in ("scenario", "bot", "seed", "turns", "outcome", "score", "state_hash", "timeline"):
        assert key in r
    row = r["timeline"][0]
    for key in (
        "year",
        "collectivised_share",
        "voluntary_share",
        "forced_share",
        "harvest_true_mt",
        "harvest_reported_mt",
        "procurement_mt",
        "cattle_m",
        "horses_m",
        "tractors",
        "famine_deaths",
        "industry_index",
    ):
        assert key in row
    assert r["world"]["germany"] in ("nazi", "weimar", "undecided")
    assert "war" in r["world"]
    again = json.loads(run("simulate", "--bot", "nep", "--seed", "3", "--json").stdout)
    assert again["state_hash"] == r["state_hash"]


def test_simulate_summary_is_readable():
    out = run("simulate", "--bot", "voluntary", "--seed", "2")
    assert out.returncode == 0
    assert "Outcome:" in out.stdout and "collect%" in out.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("simulate", "--bot", "stalin"), "unknown bot 'stalin'; choose one of: historical"),
        (("simulate", "--scenario", "great-turn-1929"), "did you mean 'great-turn-1928'"),
        (("simulate", "--seed", "abc"), "invalid int value: 'abc'"),
        (("simulate", "--difficulty", "brutal"), "unknown difficulty 'brutal'"),
        (("simulate", "--frobnicate"), "unrecognized arguments: --frobnicate"),
        (("conquer",), "invalid choice: 'conquer'"),
    ],
)
def test_user_mistakes_get_one_line_and_exit_2(args, needle):
    out = run(*args)
    assert out.returncode == 2
    assert needle in out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
