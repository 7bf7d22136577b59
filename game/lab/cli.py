"""`python main.py lab run|search|report`: the balance lab on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from game.errors import SmychkaError

DESIGNED_BOTS = ("historical", "voluntary", "voluntary-supported", "nep")


def _common(p: argparse.ArgumentParser) -> None:
    from game.cards.cli import add_mods_dir

    p.add_argument(
        "--difficulty",
        default=None,
        help="easy, normal or hard (default normal; for `report`, the folder's)",
    )
    add_mods_dir(p)
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: the cores)")
    p.add_argument(
        "--executor",
        choices=("local", "dask"),
        default=None,
        help="where campaigns run (default: local; dask with --scheduler)",
    )
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="Dask scheduler address (tcp://HOST:PORT)",
    )
    p.add_argument("--no-cards", action="store_true", help="play without the event cards")


def add_commands(sub: argparse._SubParsersAction) -> None:
    lab = sub.add_parser("lab", help="balance lab: many campaigns, strategy search, reports")
    lsub = lab.add_subparsers(dest="lab_command", metavar="ACTION", parser_class=type(lab))

    run = lsub.add_parser("run", help="campaigns over scenarios x bots/strategies x seeds")
    run.add_argument("--scenario", action="append", default=None, help="scenario id; repeatable")
    run.add_argument("--bot", action="append", default=None, help="bot name; repeatable")
    run.add_argument(
        "--strategy",
        action="append",
        default=None,
        metavar="FILE",
        help="strategy file; repeatable",
    )
    run.add_argument(
        "--random-constant",
        type=int,
        default=0,
        metavar="N",
        help="also play N random constant strategies",
    )
    run.add_argument("--random-seed", type=int, default=0, help="seed for --random-constant")
    run.add_argument("--seeds", default="1-50", help="seeds, e.g. 1-200 or 1,5,9 (default 1-50)")
    run.add_argument("--out", type=Path, default=Path("lab-results"), help="results folder")
    run.add_argument("--no-plots", action="store_true", help="skip the matplotlib report")
    _common(run)

    se = lsub.add_parser("search", help="CMA-ES over a strategy family; writes the best found")
    se.add_argument("--scenario", default="great-turn-1928", help="scenario id")
    se.add_argument("--family", default="constant", help="constant, phases or regions")
    se.add_argument("--phases", type=int, default=3, help="phases of the 'phases' family")
    se.add_argument(
        "--fix", action="append", default=None, metavar="NAME=VALUE", help="hold a lever fixed"
    )
    se.add_argument(
        "--region-levers",
        default="path,target,coercion,quota",
        help="levers the 'regions' family sets per region",
    )
    se.add_argument("--budget", type=int, default=2000, help="campaigns for the search")
    se.add_argument("--train-seeds", default="1-8", help="seeds every candidate plays")
    se.add_argument("--holdout-seeds", default="1001-1100", help="seeds for the final figure")
    se.add_argument("--popsize", type=int, default=None, help="CMA-ES population")
    se.add_argument("--sigma", type=float, default=0.3, help="CMA-ES first step (0..1 scale)")
    se.add_argument("--search-seed", type=int, default=0, help="the optimiser's own seed")
    se.add_argument("--start", default=None, metavar="FILE", help="start from this strategy")
    se.add_argument("--name", default=None, help="name written into the best strategy")
    se.add_argument(
        "--compare",
        action="append",
        default=None,
        metavar="BOT|FILE",
        help="also play this bot or strategy on the held-out seeds; repeatable",
    )
    se.add_argument("--out", type=Path, default=Path("lab-search"), help="results folder")
    _common(se)

    rep = lsub.add_parser("report", help="dominance, lever sensitivity, variance shares")
    rep.add_argument("folder", type=Path, help="a results folder of `lab run` or `lab search`")
    rep.add_argument(
        "--baseline",
        default="auto",
        metavar="FILE",
        help="strategy for the sensitivity (default: the best strategy in the folder)",
    )
    rep.add_argument("--sensitivity-seeds", default="1-20", help="seeds for the sensitivity")
    rep.add_argument("--no-sensitivity", action="store_true", help="skip the sensitivity runs")
    rep.add_argument("--plots", action="store_true", help="(re)draw the plots too")
    rep.add_argument("--json", action="store_true", help="print the report as JSON")
    _common(rep)


def cmd_lab(args: argparse.Namespace) -> int:
    action = getattr(args, "lab_command", None)
    if action is None:
        raise SmychkaError("lab needs an action: run, search or report")
    if action != "report" and args.difficulty is None:
        args.difficulty = "normal"
    return {"run": _run, "search": _search, "report": _report}[action](args)


def _executor_kind(args: argparse.Namespace) -> str:
    """--scheduler alone means Dask; --executor local with a scheduler is a contradiction
    (the run would quietly stay on this machine)."""
    kind = args.executor or ("dask" if args.scheduler else "local")
    if kind == "local" and args.scheduler:
        raise SmychkaError(
            f"--scheduler {args.scheduler} is for --executor dask; drop one of the two"
        )
    return kind


def _executor(args: argparse.Namespace, mods: tuple[str, ...]) -> Any:
    from game.lab.runner import make_executor

    return make_executor(_executor_kind(args), args.jobs, args.scheduler, mods)


def _mods(args: argparse.Namespace) -> tuple[str, ...]:
    from game.cards.cli import checked_mods_dirs, warn_left_out
    from game.cards.deck import default_deck

    dirs = checked_mods_dirs(args)
    warn_left_out(default_deck(dirs))
    return tuple(str(d.resolve()) for d in dirs)


def _scenarios(ids: list[str]) -> list[str]:
    from game.engine.scenario import load_scenario

    for s in ids:
        load_scenario(s)  # an unknown id fails here, naming the valid ones
    return ids


def _bot(name: str) -> Any:
    """A --bot: a bot's name (a strategy file goes with --strategy)."""
    from game.engine.bots import BOTS
    from game.errors import did_you_mean
    from game.lab.runner import Player

    if name in BOTS:
        return Player.bot(name)
    hint = did_you_mean(name, list(BOTS))
    looks_like_file = name.endswith(".toml") or "/" in name or Path(name).is_file()
    also = f"; for a strategy file write --strategy {name}" if looks_like_file else ""
    raise SmychkaError(f"--bot {name}: unknown bot{hint}; bots: {', '.join(BOTS)}{also}")


def _player(spec: str) -> Any:
    """A bot's name or a strategy file (--compare takes either)."""
    from game.cards.strategy import shipped_strategies
    from game.engine.bots import BOTS
    from game.errors import did_you_mean
    from game.lab.runner import Player

    if spec in BOTS:
        return Player.bot(spec)
    if spec in shipped_strategies() or spec.endswith(".toml") or Path(spec).exists():
        return Player.strategy_file(spec)
    names = [*BOTS, *shipped_strategies()]
    raise SmychkaError(
        f"{spec}: neither a bot nor a strategy file{did_you_mean(spec, names)}; bots: "
        f"{', '.join(BOTS)}; shipped strategies: {', '.join(shipped_strategies())}; "
        "or give a strategy file's path"
    )


def _meta(args: argparse.Namespace, players: list[Any], **extra: Any) -> dict[str, Any]:
    from game import __version__
    from game.lab.runner import _thaw

    def entry(p: Any) -> dict[str, Any]:
        if p.kind != "strategy":
            return {"kind": p.kind, "spec": p.spec}
        if isinstance(p.spec, str):  # a file: its data too, so that the folder stands alone
            return {"kind": p.kind, "spec": p.spec, "data": _raw(p.spec)}
        return {"kind": p.kind, "spec": _thaw(p.spec)}

    return {
        "game_version": __version__,
        "command": "lab " + args.lab_command,
        "difficulty": args.difficulty,
        "cards": not args.no_cards,
        "mods": [str(Path(d).resolve()) for d in args.mods_dir or []],
        "players": {p.label: entry(p) for p in players},
        **extra,
    }


def _run(args: argparse.Namespace) -> int:
    from game.lab.results import check_out_dir, summary_text, write_results
    from game.lab.runner import Player, expand, parse_seeds, run
    from game.lab.search import random_constant_strategies

    seeds = parse_seeds(args.seeds)
    scenarios = _scenarios(args.scenario or ["great-turn-1928"])
    players = [_bot(b) for b in args.bot or []]
    players += [Player.strategy_file(s) for s in args.strategy or []]
    if args.random_constant:
        players += [
            Player.strategy_data(d)
            for d in random_constant_strategies(args.random_constant, args.random_seed)
        ]
    if not players:
        players = [Player.bot(b) for b in DESIGNED_BOTS]
    if not args.no_plots:
        from game.lab.plots import _plt

        _plt()  # no matplotlib: say so now, not after the campaigns
    labels = [p.label for p in players]
    dup = sorted({x for x in labels if labels.count(x) > 1})
    if dup:
        raise SmychkaError(f"two players are called '{dup[0]}'; give strategies distinct names")
    out = check_out_dir(args.out)
    mods = _mods(args)
    jobs = expand(
        scenarios, players, seeds, args.difficulty, [Path(m) for m in mods], not args.no_cards
    )
    with _executor(args, mods) as ex:
        rows = run(jobs, ex)
    files = write_results(out, rows, _meta(args, players, seeds=args.seeds, scenarios=scenarios))
    print(summary_text(rows))
    if not args.no_plots:
        from game.lab.plots import make_plots

        files += make_plots(rows, out)
    print(f"\n{_campaigns(len(rows))}; wrote " + ", ".join(str(f) for f in files), file=sys.stderr)
    return 0


def _campaigns(n: int) -> str:
    return f"{n} campaign" + ("" if n == 1 else "s")


def _search(args: argparse.Namespace) -> int:
    import numpy as np

    from game.cards.strategy import load_strategy, strategy_from_data, strategy_toml
    from game.lab.results import atomic_write_text, check_out_dir, summary_text, write_results
    from game.lab.runner import Job, Player, parse_seeds, run
    from game.lab.search import check_settings, make_family, parse_fixed, search

    _scenarios([args.scenario])
    check_settings(args.popsize, args.sigma)
    compare = [_player(c) for c in args.compare or []]  # a typo fails now, not after the search
    fixed = parse_fixed(args.fix)
    levers = tuple(x.strip() for x in args.region_levers.split(",") if x.strip())
    fam = make_family(args.family, args.scenario, args.phases, fixed, levers)
    train = parse_seeds(args.train_seeds, "--train-seeds")
    hold = parse_seeds(args.holdout_seeds, "--holdout-seeds")
    if set(train) & set(hold):
        raise SmychkaError("--train-seeds and --holdout-seeds overlap; held-out seeds must be new")
    out = check_out_dir(args.out)
    mods = _mods(args)
    x0 = None
    if args.start:
        from game.cards.strategy import resolve_strategy_path

        path = resolve_strategy_path(args.start)
        load_strategy(path)  # a bad file fails here, with every problem
        x0 = fam.encode(_raw(str(path)))
    name = args.name or f"Best {args.family}" + (
        f" ({', '.join(f'{k}={v}' for k, v in fixed.items())})" if fixed else ""
    )
    with _executor(args, mods) as ex:
        res = search(
            fam,
            args.scenario,
            train,
            args.budget,
            ex,
            args.difficulty,
            mods,
            args.popsize,
            args.sigma,
            args.search_seed,
            x0,
            name=name,
            cards=not args.no_cards,
        )
        best = Player.strategy_data(res.best_data, label=name)
        players = [best, *compare]
        jobs = [
            Job(args.scenario, p, s, args.difficulty, mods, not args.no_cards, True)
            for p in players
            for s in hold
        ]
        rows = run(jobs, ex, label="campaigns (held-out seeds)")
    on_bounds = fam.on_bounds(res.best_x)
    hold_scores = [r["score"] for r in rows if r["strategy"] == name]
    summary = {
        "family": args.family,
        "phases": len(fam.starts),
        "dimensions": fam.size,
        "fixed": fixed,
        "budget": args.budget,
        "campaigns": res.campaigns,
        "candidates": res.evaluations,
        "train_seeds": args.train_seeds,
        "holdout_seeds": args.holdout_seeds,
        "best_train_mean": round(res.best_train, 3),
        "holdout_mean": round(float(np.mean(hold_scores)), 3),
        "holdout_sd": round(float(np.std(hold_scores)), 3),
        "on_bounds": on_bounds,
        "numeric_levers": sum(d.f.kind == "number" for d in fam.dims),
    }
    strat = strategy_from_data(res.best_data)
    comment = [
        f"Found by `lab search --family {args.family}` on {args.scenario}: "
        f"{_campaigns(res.campaigns)}, training seeds {args.train_seeds}.",
        f"Held-out seeds {args.holdout_seeds}: mean score {summary['holdout_mean']:.1f} "
        f"(sd {summary['holdout_sd']:.1f}); levers on a bound: {len(on_bounds)}.",
    ]
    atomic_write_text(out / "best.toml", strategy_toml(strat, comment))
    _write_log(out / "search.csv", res.log)
    write_results(out, rows, _meta(args, players, search=summary))
    atomic_write_text(out / "search.json", json.dumps(summary, indent=1))
    print(summary_text(rows))
    print(
        f"\nBest {args.family} strategy ({fam.size} levers, {res.campaigns} campaigns): "
        f"training {res.best_train:.1f}, held-out {summary['holdout_mean']:.1f} "
        f"± {summary['holdout_sd']:.1f} over {len(hold)} seeds"
    )
    print(
        f"On a bound: {len(on_bounds)} of {summary['numeric_levers']} numeric levers"
        + (f" ({', '.join(on_bounds)})" if on_bounds else "")
    )
    print(f"Wrote {out / 'best.toml'}")
    return 0


def _raw(path: str) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


def _write_log(path: Path, log: list[dict[str, Any]]) -> None:
    import csv
    import io

    from game.lab.results import atomic_write_text

    buf = io.StringIO()
    if log:
        w = csv.DictWriter(buf, fieldnames=list(log[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(log)
    atomic_write_text(path, buf.getvalue())


def _report(args: argparse.Namespace) -> int:
    from game.lab.report import dominance, report_text, sensitivity, variance_share
    from game.lab.results import atomic_write_text, read_results, summary_rows
    from game.lab.runner import parse_seeds

    rows, meta = read_results(args.folder)
    folder = args.folder if args.folder.is_dir() else args.folder.parent
    seeds = (
        [] if args.no_sensitivity else parse_seeds(args.sensitivity_seeds, "--sensitivity-seeds")
    )
    if args.difficulty is None:  # the sensitivity plays as the folder's campaigns were
        args.difficulty = str(meta.get("difficulty") or "normal")
    if not args.mods_dir and meta.get("mods"):
        args.mods_dir = [Path(m) for m in meta["mods"]]
        print(f"smychka: the folder's mods: {', '.join(meta['mods'])}", file=sys.stderr)
    if meta.get("cards") is False:
        args.no_cards = True
    scenarios = sorted({r["scenario"] for r in rows})
    rep: dict[str, Any] = {"folder": str(args.folder), "scenarios": {}}
    ex = None
    try:
        for scen in scenarios:
            d: dict[str, Any] = {
                "dominance": dominance(rows, scen),
                "variance": variance_share(rows, scen),
            }
            if not args.no_sensitivity:
                base = _baseline(
                    args.baseline, meta, [s for s in summary_rows(rows) if s["scenario"] == scen]
                )
                if base is None:
                    print(
                        f"{scen}: no strategy to measure the levers from; pass --baseline FILE",
                        file=sys.stderr,
                    )
                else:
                    label, data = base
                    mods = _mods(args)
                    if ex is None:
                        ex = _executor(args, mods)
                    s = sensitivity(
                        data,
                        scen,
                        seeds,
                        ex,
                        args.difficulty,
                        mods,
                        cards=not args.no_cards,
                    )
                    s["baseline"] = label
                    d["sensitivity"] = s
            rep["scenarios"][scen] = d
    finally:
        if ex is not None:
            ex.close()
    text = report_text(rep)
    atomic_write_text(folder / "report.txt", text)
    atomic_write_text(folder / "report.json", json.dumps(rep, indent=1))
    if args.plots:
        from game.lab.plots import make_plots

        make_plots(rows, folder)
    print(json.dumps(rep, indent=1) if args.json else text)
    return 0


def _baseline(
    spec: str, meta: dict[str, Any], ranked: list[dict[str, Any]]
) -> tuple[str, dict[str, Any]] | None:
    from game.cards.strategy import load_strategy, resolve_strategy_path, strategy_from_data

    if spec != "auto":
        path = resolve_strategy_path(spec)
        strat = load_strategy(path)
        return strat.name, _raw(str(path))
    players = meta.get("players", {})
    if not isinstance(players, dict):
        return None
    for s in ranked:  # best mean first
        p = players.get(s["strategy"])
        if not isinstance(p, dict) or p.get("kind") != "strategy":
            continue
        data = p.get("data", p.get("spec"))
        if not isinstance(data, dict | str):
            raise SmychkaError(
                f"the folder's strategy '{s['strategy']}' has no strategy data; "
                "pass --baseline FILE or --no-sensitivity"
            )
        if isinstance(data, str):  # a folder of before the data was kept: the file
            try:
                load_strategy(data)
            except SmychkaError as exc:
                raise SmychkaError(
                    f"the best strategy '{s['strategy']}' was played from {data}, which "
                    f"cannot be read now ({str(exc).splitlines()[-1].strip()}); "
                    "pass --baseline FILE or --no-sensitivity"
                ) from None
            data = _raw(data)
        try:
            strategy_from_data(data)
        except SmychkaError as exc:
            raise SmychkaError(
                f"the folder's strategy '{s['strategy']}' is not a valid strategy ({exc}); "
                "pass --baseline FILE or --no-sensitivity"
            ) from None
        return s["strategy"], data
    return None
