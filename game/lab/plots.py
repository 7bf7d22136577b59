"""The lab's report as pictures (matplotlib, the optional `lab` extra).

Score distributions per strategy, outcome shares, and fan charts of the main
yearly series (median and 10-90 % band per strategy) against history.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from game.errors import SmychkaError
from game.lab.results import groups

FAN_FIGURES: tuple[tuple[str, str, float], ...] = (
    ("collectivised_share", "Households in collectives (%)", 100.0),
    ("harvest_true_mt", "Grain harvest (Mt)", 1.0),
    ("cattle_m", "Cattle (M)", 1.0),
    ("tractors", "Tractors (thousands)", 0.001),
)
MAX_FAN_STRATEGIES = 6
OUTCOME_COLOURS = {
    "peace": "#4daf4a",
    "deterred": "#a6d854",
    "war_victory": "#377eb8",
    "war_defeat": "#e41a1c",
    "ousted": "#984ea3",
    "collapse": "#ff7f00",
    "unfinished": "#999999",
}


def _plt() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise SmychkaError(
            "the lab's plots need matplotlib: pip install 'smychka[lab]' (or --no-plots)"
        ) from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def make_plots(rows: list[dict[str, Any]], out: Path) -> list[Path]:
    """Write the report's PNG files into `out`; returns their paths."""
    plt = _plt()
    files = [_scores(plt, rows, out), _outcomes(plt, rows, out)]
    for scen in sorted({r["scenario"] for r in rows}):
        f = _fan(plt, [r for r in rows if r["scenario"] == scen], scen, out)
        if f is not None:
            files.append(f)
    return files


def _order(rows: list[dict[str, Any]]) -> list[tuple[tuple[str, str], list[dict[str, Any]]]]:
    g = groups(rows)
    return sorted(
        g.items(), key=lambda kv: (kv[0][0], -sum(r["score"] for r in kv[1]) / len(kv[1]))
    )


def _label(key: tuple[str, str], many_scenarios: bool) -> str:
    return f"{key[1]} ({key[0]})" if many_scenarios else key[1]


def _scores(plt: Any, rows: list[dict[str, Any]], out: Path) -> Path:
    items = _order(rows)
    many = len({k[0] for k, _ in items}) > 1
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(items) + 1.6))
    data = [[r["score"] for r in rs] for _, rs in items][::-1]
    ax.boxplot(data, vert=False, showmeans=True, whis=(5, 95))
    ax.set_yticks(range(1, len(items) + 1), [_label(k, many) for k, _ in items][::-1])
    ax.set_xlabel("score (box: quartiles, whiskers: 5-95 %, triangle: mean)")
    ax.set_title("Score per strategy over seeds")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    path = out / "scores.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _outcomes(plt: Any, rows: list[dict[str, Any]], out: Path) -> Path:
    items = _order(rows)
    many = len({k[0] for k, _ in items}) > 1
    names = [o for o in OUTCOME_COLOURS if any(r["outcome"] == o for r in rows)]
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(items) + 1.6))
    left = [0.0] * len(items)
    for o in names:
        shares = [Counter(r["outcome"] for r in rs)[o] / len(rs) for _, rs in items]
        ax.barh(range(len(items)), shares, left=left, color=OUTCOME_COLOURS[o], label=o)
        left = [a + b for a, b in zip(left, shares, strict=True)]
    ax.set_yticks(range(len(items)), [_label(k, many) for k, _ in items])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of seeds")
    ax.set_title("How campaigns end")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    fig.tight_layout()
    path = out / "outcomes.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _history() -> dict[str, Any]:
    try:
        from game.ui.history_data import load_series

        return load_series()
    except Exception:  # noqa: BLE001 - history is a nicety on these charts, never a failure
        return {}


def _fan(plt: Any, rows: list[dict[str, Any]], scenario: str, out: Path) -> Path | None:
    rows = [r for r in rows if r.get("timeline")]
    if not rows:
        return None
    items = _order(rows)[:MAX_FAN_STRATEGIES]
    hist = _history()
    fig, axes = plt.subplots(2, 2, figsize=(12, 8), sharex=True)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, (fig_name, title, scale) in zip(axes.flat, FAN_FIGURES, strict=True):
        for n, ((_, strat), rs) in enumerate(items):
            by_year: dict[int, list[float]] = defaultdict(list)
            for r in rs:
                for t in r["timeline"]:
                    if fig_name in t:
                        by_year[int(t["year"])].append(float(t[fig_name]) * scale)
            years = sorted(by_year)
            if not years:
                continue
            qs = [_quantiles(by_year[y]) for y in years]
            c = colours[n % len(colours)]
            ax.fill_between(years, [q[0] for q in qs], [q[2] for q in qs], color=c, alpha=0.18)
            ax.plot(years, [q[1] for q in qs], color=c, label=strat)
        h = hist.get(fig_name)
        years_all = [int(t["year"]) for r in rows for t in r["timeline"]]
        lo, hi = min(years_all) - 1, max(years_all) + 1
        pts = [] if h is None else [p for p in h.points if lo <= p.date <= hi]
        if pts:
            ax.plot(
                [p.date for p in pts],
                [p.value * scale for p in pts],
                "k--o",
                ms=3,
                lw=1,
                label="history",
            )
        ax.set_title(title)
        ax.grid(alpha=0.3)
    axes.flat[0].legend(fontsize=8)
    fig.suptitle(f"{scenario}: median and 10-90 % of seeds, against history")
    fig.tight_layout()
    path = out / f"fan_{scenario}.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def _quantiles(xs: list[float]) -> tuple[float, float, float]:
    xs = sorted(xs)

    def q(p: float) -> float:
        i = (len(xs) - 1) * p
        lo = int(i)
        hi = min(lo + 1, len(xs) - 1)
        return xs[lo] + (xs[hi] - xs[lo]) * (i - lo)

    return q(0.1), q(0.5), q(0.9)
