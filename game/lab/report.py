"""The balance report on a results folder: dominance, lever sensitivity, and how
much of the score's spread is the seed's and how much the strategy's."""

from __future__ import annotations

import copy
import statistics
from collections import defaultdict
from typing import Any

from game.cards.strategy import strategy_fields

DEAD_LEVER = 0.5  # score points: a lever whose whole range moves the mean less is dead


def score_table(rows: list[dict[str, Any]], scenario: str) -> tuple[list[str], list[int], dict]:
    """Strategies, the seeds every strategy played, and score[strategy][seed]."""
    table: dict[str, dict[int, float]] = defaultdict(dict)
    for r in rows:
        if r["scenario"] == scenario:
            table[r["strategy"]][int(r["seed"])] = float(r["score"])
    strats = sorted(table)
    seeds = sorted(set.intersection(*(set(v) for v in table.values()))) if table else []
    return strats, seeds, table


def dominance(rows: list[dict[str, Any]], scenario: str) -> dict[str, Any]:
    """Which strategy is best on each seed; pairwise win rates; is one dominant
    (best on most seeds and ahead of every other on most seeds)?"""
    strats, seeds, t = score_table(rows, scenario)
    if len(strats) < 2 or not seeds:
        return {"scenario": scenario, "strategies": strats, "seeds": len(seeds), "dominant": None}
    wins = dict.fromkeys(strats, 0.0)
    for s in seeds:
        top = max(t[k][s] for k in strats)
        best = [k for k in strats if t[k][s] == top]
        for k in best:
            wins[k] += 1 / len(best)
    pair = {
        a: {b: sum(t[a][s] > t[b][s] for s in seeds) / len(seeds) for b in strats if b != a}
        for a in strats
    }
    leader = max(strats, key=lambda k: wins[k])
    dominant = (
        leader
        if wins[leader] / len(seeds) > 0.5 and all(v > 0.5 for v in pair[leader].values())
        else None
    )
    return {
        "scenario": scenario,
        "seeds": len(seeds),
        "strategies": strats,
        "best_share": {k: wins[k] / len(seeds) for k in strats},
        "pairwise": pair,
        "leader": leader,
        "dominant": dominant,
    }


def variance_share(rows: list[dict[str, Any]], scenario: str) -> dict[str, float] | None:
    """Two-way split of the score's variance over the strategy x seed grid:
    strategy (differences of the strategies' means), seed (luck that moves every
    strategy alike) and the rest (luck that treats strategies differently)."""
    strats, seeds, t = score_table(rows, scenario)
    if len(strats) < 2 or len(seeds) < 2:
        return None
    xs = [t[k][s] for k in strats for s in seeds]
    grand = statistics.fmean(xs)
    ss_total = sum((x - grand) ** 2 for x in xs)
    if ss_total <= 0:
        return {"strategy": 0.0, "seed": 0.0, "interaction": 0.0}
    ss_strat = len(seeds) * sum(
        (statistics.fmean(t[k][s] for s in seeds) - grand) ** 2 for k in strats
    )
    ss_seed = len(strats) * sum(
        (statistics.fmean(t[k][s] for k in strats) - grand) ** 2 for s in seeds
    )
    return {
        "strategy": ss_strat / ss_total,
        "seed": ss_seed / ss_total,
        "interaction": max(0.0, 1 - (ss_strat + ss_seed) / ss_total),
    }


def lever_variants(data: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(lever, setting, strategy data) for each lever at each end of its range (and
    each choice), set in every phase of the baseline strategy `data`."""
    out = []
    for name, f in strategy_fields().items():
        if f.kind == "number":
            settings: list[Any] = [f.lo, f.hi]
        elif f.kind == "bool":
            settings = [False, True]
        else:
            settings = list(f.choices)
        for v in settings:
            d = copy.deepcopy(data)
            for ph in d["phase"]:
                if "." in name:
                    g, k = name.split(".", 1)
                    ph.setdefault(g, {})[k] = v
                else:
                    ph[name] = v
            out.append((name, str(v).lower() if isinstance(v, bool) else str(v), d))
    return out


def sensitivity(
    baseline: dict[str, Any],
    scenario: str,
    seeds: list[int],
    executor: Any,
    difficulty: str = "normal",
    mods: tuple[str, ...] = (),
    progress: bool | None = None,
    cards: bool = True,
) -> dict[str, Any]:
    """The mean score with each lever moved to each end of its range, everything
    else as in `baseline`. `idle`: the levers that cannot act for this baseline, and
    why; `dead`: the others whose whole range moves the mean less than DEAD_LEVER."""
    from game.lab.runner import Job, Player, run

    variants = lever_variants(baseline)
    players = [Player.strategy_data(baseline, label="baseline")]
    players += [Player.strategy_data(d, label=f"{n}={v}") for n, v, d in variants]
    jobs = [Job(scenario, p, s, difficulty, mods, cards, False) for p in players for s in seeds]
    rows = run(jobs, executor, progress, "campaigns (sensitivity)")
    mean: dict[str, float] = defaultdict(float)
    for r in rows:
        mean[r["strategy"]] += r["score"] / len(seeds)
    base = mean["baseline"]
    levers: dict[str, dict[str, float]] = defaultdict(dict)
    for n, v, _ in variants:
        levers[n][v] = mean[f"{n}={v}"] - base
    spread = {n: max(d.values()) - min(d.values()) for n, d in levers.items()}
    quiet = [n for n, s in spread.items() if s < DEAD_LEVER]
    why = idle_levers(baseline, scenario, [r for r in rows if r["strategy"] == "baseline"])
    return {
        "baseline_mean": base,
        "seeds": len(seeds),
        "delta": dict(levers),
        "spread": dict(sorted(spread.items(), key=lambda kv: -kv[1])),
        "dead": sorted(n for n in quiet if n not in why),
        "idle": {n: why[n] for n in sorted(quiet) if n in why},
    }


def idle_levers(
    baseline: dict[str, Any], scenario: str, baseline_rows: list[dict[str, Any]]
) -> dict[str, str]:
    """Strategy fields that cannot act for `baseline`, with the reason: a lever whose
    `acts_on` choice no phase makes (nationally, or in a region that leaves the lever
    to the nation: the drive's target off the forced path, the market price under
    quotas), and the war's levers when none of the baseline's campaigns had a war.
    Such a lever is not dead (a balance problem): it is idle by design."""
    from game.cards.expr import region_ids
    from game.cards.strategy import strategy_from_data
    from game.engine.outcome import WAR_OUTCOMES
    from game.engine.scenario import load_scenario
    from game.engine.vocab import LEVERS

    by_name = {lv.name: lv for lv in LEVERS}
    regions = region_ids()
    sc = load_scenario(scenario)
    _, decisions = strategy_from_data(baseline).bind(sc.initial_policy(), scenario)
    war = any(r.get("outcome") in WAR_OUTCOMES for r in baseline_rows)
    out: dict[str, str] = {}
    for name in strategy_fields():
        lever = by_name.get(name.split(".")[0])
        if lever is None:
            continue
        # where the national value reaches (a region that sets the lever itself keeps
        # its own) and acts (the region's, else the nation's, acts_on choice holds)
        reaches = acts = False
        for d in decisions:
            for rid in regions:
                ov = d.overrides.get(rid)
                if ov is not None and getattr(ov, lever.name, None) is not None:
                    continue
                reaches = True
                if lever.acts_on is None:
                    acts = True
                    break
                need, choice = lever.acts_on
                own = getattr(ov, need, None) if ov is not None else None
                if (own if own is not None else getattr(d.policy, need)) == choice:
                    acts = True
                    break
            if acts:
                break
        if not reaches:
            out[name] = f"every region sets its own {lever.name} in the baseline"
            continue
        if not acts and lever.acts_on is not None:
            need, choice = lever.acts_on
            out[name] = (
                f"acts only where {need} = {choice}, and the baseline has that nowhere "
                "its national value reaches"
            )
            continue
        if lever.section == "war" and not war:
            n = len(baseline_rows)
            had = "the campaign had none" if n == 1 else f"none of the {n} campaigns had one"
            out[name] = f"acts only in a war; {had}"
    return out


def report_text(rep: dict[str, Any]) -> str:
    lines = []
    for scen, d in rep["scenarios"].items():
        lines.append(f"== {scen}")
        dom = d["dominance"]
        if dom.get("best_share"):
            lines.append(
                f"Dominance over {dom['seeds']} common seeds (share of seeds each is best):"
            )
            for k, v in sorted(dom["best_share"].items(), key=lambda kv: -kv[1]):
                lines.append(f"  {v:6.1%}  {k}")
            leader = dom["leader"]
            worst = min(dom["pairwise"][leader].items(), key=lambda kv: kv[1])
            lines.append(
                f"  {'DOMINANT: ' + dom['dominant'] if dom['dominant'] else 'no dominant strategy'}"
                f" (leader {leader}; its closest rival {worst[0]} is beaten on {worst[1]:.0%} of seeds)"
            )
        else:
            lines.append("Dominance: needs two or more strategies on common seeds")
        v = d.get("variance")
        if v:
            lines.append(
                f"Variance of the score: strategy {v['strategy']:.0%}, seed {v['seed']:.0%}, "
                f"seed x strategy {v['interaction']:.0%}"
            )
        s = d.get("sensitivity")
        if s:
            lines.append(
                f"Sensitivity from '{s['baseline']}' (mean {s['baseline_mean']:.1f} over {s['seeds']} seed{'' if s['seeds'] == 1 else 's'}):"
                " score change with the lever at each end of its range"
            )
            for n, spread in s["spread"].items():
                deltas = ", ".join(f"{k}: {x:+.1f}" for k, x in s["delta"][n].items())
                lines.append(f"  {n:<20} spread {spread:6.1f}   {deltas}")
            lines.append(f"  dead levers (spread < {DEAD_LEVER}): {', '.join(s['dead']) or 'none'}")
            idle = s.get("idle") or {}
            by_reason: dict[str, list[str]] = defaultdict(list)
            for n, why in idle.items():
                by_reason[why].append(n)
            for why, names in by_reason.items():
                lines.append(f"  idle, not dead ({why}): {', '.join(names)}")
        lines.append("")
    return "\n".join(lines)
