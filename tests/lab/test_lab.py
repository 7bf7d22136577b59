"""The lab: runs, search, report, and the executors agreeing on every row."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.lab.report import dominance, lever_variants, variance_share
from game.lab.runner import InlineExecutor, Player, PoolExecutor, Progress, expand, parse_seeds, run
from game.lab.search import make_family, parse_fixed, random_constant_strategies, search

ROOT = Path(__file__).resolve().parents[2]


def _jobs(seeds=(1, 2, 3)):
    players = [Player.bot("historical"), Player.strategy_file("voluntary")]
    players.append(Player.strategy_data(random_constant_strategies(1, 5)[0]))
    return expand(["great-turn-1928"], players, seeds)


def test_pool_gives_the_same_rows_as_one_process():
    jobs = _jobs()
    inline = run(jobs, InlineExecutor(), progress=False)
    with PoolExecutor(2) as ex:
        pooled = run(jobs, ex, progress=False)
    assert pooled == inline
    assert [r["seed"] for r in inline] == [1, 2, 3] * 3
    row = inline[0]
    for key in ("scenario", "strategy", "seed", "outcome", "ending", "score", "famine_deaths",
                "war_deaths", "score_prosperity", "timeline"):  # fmt: skip
        assert key in row
    assert row["timeline"][0]["year"] == 1928


def test_dask_cluster_gives_the_same_rows_as_the_local_run():
    distributed = pytest.importorskip("distributed")
    from game.lab.runner import DaskExecutor

    jobs = _jobs(seeds=(4, 5))
    local = run(jobs, InlineExecutor(), progress=False)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        DaskExecutor(cluster.scheduler_address) as ex,
    ):
        remote = run(jobs, ex, progress=False)
    assert remote == local


def test_progress_bar_only_on_a_terminal():
    import io

    class Tty(io.StringIO):
        def isatty(self):
            return True

    quiet, tty = io.StringIO(), Tty()
    for stream in (quiet, tty):
        p = Progress(10, stream=stream)
        for _ in range(10):
            p.advance()
        p.finish()
    assert quiet.getvalue() == ""
    assert "10/10" in tty.getvalue() and "ETA" in tty.getvalue()


def test_seeds_and_fixed_levers_are_checked():
    from game.errors import SmychkaError

    assert parse_seeds("1-3,7") == [1, 2, 3, 7]
    for bad in ("3-1", "x", "", "-5"):
        with pytest.raises(SmychkaError):
            parse_seeds(bad)
    assert parse_fixed(["path=forced", "quota=0.2", "allow_exit=false"]) == {
        "path": "forced", "quota": 0.2, "allow_exit": False,
    }  # fmt: skip
    for bad in ("path=marching", "qouta=0.1", "quota=2", "quota"):
        with pytest.raises(SmychkaError):
            parse_fixed([bad])


def test_families_decode_to_valid_strategies():
    import numpy as np

    from game.cards.strategy import strategy_from_data

    rng = np.random.default_rng(0)
    for kind in ("constant", "phases", "regions"):
        fam = make_family(kind, "great-turn-1928", phases=3, fixed={"path": "voluntary"})
        for _ in range(5):
            data = fam.decode(rng.random(fam.size))
            strategy_from_data(data)
            assert data["phase"][0]["path"] == "voluntary"
        assert "path" not in [d.f.name for d in fam.dims if d.region is None]
    fam = make_family("phases", "great-turn-1928", phases=3)
    assert fam.starts[0] // 4 == 1928 and fam.starts == sorted(set(fam.starts))
    assert 1935 <= fam.starts[2] // 4 <= 1937
    x = fam.encode(fam.decode(np.full(fam.size, 0.3)))
    assert np.allclose(
        fam.decode(x)["phase"][1]["quota"], fam.decode(np.full(fam.size, 0.3))["phase"][1]["quota"]
    )
    k = next(i for i, d in enumerate(fam.dims) if d.f.name == "export")  # acts in any policy
    assert fam.on_bounds(np.where(np.arange(fam.size) == k, 1.0, 0.5)) == [fam.dims[k].name]


def _at(fam, settings: dict[str, float]) -> np.ndarray:
    """A genome at the middle but for `settings` (dim name -> encoded value)."""
    x = np.full(fam.size, 0.5)
    for i, d in enumerate(fam.dims):
        if d.name in settings:
            x[i] = settings[d.name]
    return x


def _choice(fam, name: str, value: str) -> float:
    f = next(d.f for d in fam.dims if d.f.name == name)
    return (f.choices.index(value) + 0.5) / len(f.choices)


def test_on_bounds_counts_only_levers_that_act_where_they_are_set():
    """#9's bound criterion is about levers pushed to the end of their range: a dial that
    does nothing in that phase (the market price under quotas, the drive's target off
    the forced path, a war lever before Germany can strike) or a share of nothing in the
    normalised investment split is not a lever on its bound."""
    fam = make_family("phases", "great-turn-1928", phases=3)
    quota, market = _choice(fam, "procurement", "quota"), _choice(fam, "procurement", "market")
    forced, vol = _choice(fam, "path", "forced"), _choice(fam, "path", "voluntary")
    assert fam.on_bounds(_at(fam, {"p1.procurement": quota, "p1.price": 1.0})) == []
    assert fam.on_bounds(_at(fam, {"p1.procurement": market, "p1.price": 1.0})) == ["p1.price"]
    assert fam.on_bounds(_at(fam, {"p2.path": vol, "p2.target": 0.0})) == []
    assert fam.on_bounds(_at(fam, {"p2.path": forced, "p2.target": 0.0})) == ["p2.target"]
    # the war's levers: not in a phase over before the summer of 1940, yes in the last
    war = next(d.f.name for d in fam.dims if d.f.kind == "number" and d.f.name == "evacuate")
    assert fam.on_bounds(_at(fam, {f"p1.{war}": 1.0})) == []
    assert fam.on_bounds(_at(fam, {f"p3.{war}": 1.0})) == [f"p3.{war}"]
    # the investment split: a share of nothing is a corner, all of it is a bound
    shares = [d.name for d in fam.dims if d.phase == 0 and d.f.name.startswith("invest.")]
    assert fam.on_bounds(_at(fam, {shares[0]: 0.0})) == []
    all_in = {n: (1.0 if n == shares[0] else 0.0) for n in shares}
    assert fam.on_bounds(_at(fam, all_in)) == [shares[0]]


def test_search_improves_on_its_start_within_the_budget():
    fam = make_family("constant", "great-turn-1928")
    res = search(fam, "great-turn-1928", [1, 2], budget=40, executor=InlineExecutor(),
                 popsize=6, progress=False)  # fmt: skip
    assert res.campaigns <= 40 and res.evaluations == 18 and len(res.log) == res.evaluations
    assert res.best_train >= max(e["score"] for e in res.log) - 1e-9


def test_report_figures():
    rows = []
    for s in range(10):
        rows.append({"scenario": "x", "strategy": "a", "seed": s, "score": 10.0 + s})
        rows.append({"scenario": "x", "strategy": "b", "seed": s, "score": 5.0 + s})
    dom = dominance(rows, "x")
    assert dom["dominant"] == "a" and dom["best_share"]["a"] == 1.0
    v = variance_share(rows, "x")
    assert v["strategy"] + v["seed"] + v["interaction"] == pytest.approx(1.0)
    assert v["interaction"] == pytest.approx(0.0, abs=1e-9)
    rows.append({"scenario": "x", "strategy": "c", "seed": 0, "score": 99.0})  # too few seeds
    assert dominance(rows, "x")["seeds"] == 1
    names = {n for n, _, _ in lever_variants({"name": "t", "phase": [{"from": 1928}]})}
    assert {"quota", "tax.kulak", "path", "allow_exit"} <= names


def _lab(*args, timeout=600):
    out = subprocess.run(
        [sys.executable, "main.py", "lab", *args], cwd=ROOT, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return out


def test_lab_commands_end_to_end(tmp_path):
    pytest.importorskip("matplotlib")
    run_dir, search_dir = tmp_path / "run", tmp_path / "search"
    out = _lab("run", "--seeds", "1-4", "--bot", "historical", "--strategy", "nep",
               "--random-constant", "2", "--jobs", "2", "--out", str(run_dir))  # fmt: skip
    assert "historical" in out.stdout and "NEP" in out.stdout and "random-002" in out.stdout
    assert out.stderr.count("ETA") == 0  # piped: no progress bar
    for f in ("results.csv", "results.json", "scores.png", "outcomes.png",
              "fan_great-turn-1928.png"):  # fmt: skip
        assert (run_dir / f).stat().st_size > 0
    rows = json.loads((run_dir / "results.json").read_text())["rows"]
    assert len(rows) == 16
    header = (run_dir / "results.csv").read_text().splitlines()[0]
    assert header.startswith("scenario,strategy,kind,seed,difficulty,outcome,ending,score")
    out = _lab("search", "--budget", "24", "--train-seeds", "1-2", "--holdout-seeds", "50-52",
               "--popsize", "6", "--jobs", "1", "--fix", "path=voluntary", "--compare", "nep",
               "--out", str(search_dir))  # fmt: skip
    assert "held-out" in out.stdout and "On a bound:" in out.stdout
    best = search_dir / "best.toml"
    sim = subprocess.run(
        [sys.executable, "main.py", "simulate", "--strategy", str(best), "--seed", "50", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert sim.returncode == 0, sim.stderr
    held = json.loads((search_dir / "results.json").read_text())["rows"]
    name = json.loads(sim.stdout)["strategy"]
    assert json.loads(sim.stdout)["score"] == next(
        r["score"] for r in held if r["seed"] == 50 and r["strategy"] == name
    )
    out = _lab("report", str(run_dir), "--sensitivity-seeds", "1", "--jobs", "2")
    assert "Dominance over 4 common seeds" in out.stdout
    assert "Variance of the score" in out.stdout and "dead levers" in out.stdout
    assert (run_dir / "report.json").is_file()
