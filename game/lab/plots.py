"""The lab's report as pictures (matplotlib, the optional `lab` extra).

Score distributions per strategy, outcome shares, and fan charts of the main
yearly series (median and 10-90 % band per strategy) against history.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.errors import SmychkaError
from game.lab.results import groups


@dataclass(frozen=True)
class FanFigure:
    """One panel of the fan chart: a column of the yearly timeline.

    `offset` places a year's value in the year, where the history file dates its points
    (a year with a fraction): a stock is the year's last season (winter, the middle of
    which is +0.875, as the game's charts date a season), the harvest its autumn
    (+0.625), a flow the whole year (+0.5). Drawn at the bare year, the drive of the
    winter of 1929-30 would show a year before history's. `cumulative`: drawn as the
    running total of the yearly column (deaths so far), `history`: the history series it
    is drawn against (else the column's own), only for campaigns that begin in or after
    `history_since` (history's famine dead are counted from 1928: a campaign of 1921 has
    the famine of 1921-22 in its running total)."""

    column: str
    title: str
    scale: float = 1.0
    offset: float = 0.875
    cumulative: bool = False
    history: str = ""
    history_since: int = 0

    @property
    def flow(self) -> bool:
        """Summed over the year (not a stock): a campaign's last year is a part of one
        (a peace ends in the summer of 1941, before the harvest's deliveries)."""
        return self.offset == 0.5


FAN_FIGURES: tuple[FanFigure, ...] = (
    FanFigure("collectivised_share", "Households in collectives (%)", 100.0),
    FanFigure("harvest_true_mt", "Grain harvest (Mt)", offset=0.625),
    FanFigure("procurement_mt", "State grain procurement (Mt a year)", offset=0.5),
    FanFigure("cattle_m", "Cattle (M)"),
    FanFigure("tractors", "Tractors (thousands)", 0.001),
    FanFigure(
        "famine_deaths", "Famine deaths since the start (M)", cumulative=True,
        history="famine_deaths_total_m", history_since=1928,
    ),
)  # fmt: skip
MAX_FAN_STRATEGIES = 6
# Every ending the engine knows (game.engine.outcome.OUTCOMES), good to bad; a new one
# without a colour here is drawn grey, never left out of the shares.
OUTCOME_COLOURS = {
    "peace": "#4daf4a",
    "deterred": "#a6d854",
    "war_victory": "#377eb8",
    "war_stalemate": "#80b1d3",
    "war_peace": "#fdb462",
    "war_defeat": "#e41a1c",
    "ousted": "#984ea3",
    "collapse": "#ff7f00",
    "unfinished": "#999999",
}
OTHER_COLOUR = "#cccccc"


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
    if not rows:
        return []
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
    try:  # `vert` is deprecated from matplotlib 3.10, which says `orientation`
        ax.boxplot(data, orientation="horizontal", showmeans=True, whis=(5, 95))
    except TypeError:  # older matplotlib
        ax.boxplot(data, vert=False, showmeans=True, whis=(5, 95))
    ax.set_yticks(range(1, len(items) + 1), [_label(k, many) for k, _ in items][::-1])
    ax.set_xlabel("score (box: quartiles, whiskers: 5-95 %, triangle: mean)")
    ax.set_title("Score per strategy over seeds")
    ax.grid(axis="x", alpha=0.3)
    return _save(plt, fig, out / "scores.png", 110)


def _outcomes(plt: Any, rows: list[dict[str, Any]], out: Path) -> Path:
    items = _order(rows)
    many = len({k[0] for k, _ in items}) > 1
    seen = {str(r["outcome"]) for r in rows}
    names = [o for o in OUTCOME_COLOURS if o in seen] + sorted(seen - set(OUTCOME_COLOURS))
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(items) + 1.6))
    left = [0.0] * len(items)
    for o in names:
        shares = [Counter(str(r["outcome"]) for r in rs)[o] / len(rs) for _, rs in items]
        colour = OUTCOME_COLOURS.get(o, OTHER_COLOUR)
        ax.barh(range(len(items)), shares, left=left, color=colour, label=outcome_label(o))
        left = [a + b for a, b in zip(left, shares, strict=True)]
    ax.set_yticks(range(len(items)), [_label(k, many) for k, _ in items])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of seeds")
    ax.set_title("How campaigns end")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return _save(plt, fig, out / "outcomes.png", 110)


def outcome_label(outcome: str) -> str:
    """How the legend names an ending: the game's words, and the id a row holds."""
    from game.engine.outcome import OUTCOMES

    words = OUTCOMES.get(outcome, "Unfinished" if outcome == "unfinished" else "")
    return f"{words} ({outcome})" if words else outcome


def _save(plt: Any, fig: Any, path: Path, dpi: int, bottom: float = 0.0) -> Path:
    fig.tight_layout(rect=(0, bottom, 1, 1))
    try:
        fig.savefig(path, dpi=dpi)
    except OSError as exc:
        raise SmychkaError(f"cannot write the plot {path}: {exc.strerror or exc}") from None
    finally:
        plt.close(fig)
    return path


def _history() -> dict[str, Any]:
    try:
        from game.ui.history_data import load_series

        return load_series()
    except Exception:  # noqa: BLE001 - history is a nicety on these charts, never a failure
        return {}


def _fan(plt: Any, rows: list[dict[str, Any]], scenario: str, out: Path) -> Path | None:
    from matplotlib.ticker import MaxNLocator

    rows = [r for r in rows if r.get("timeline")]
    if not rows:
        return None
    items = _order(rows)[:MAX_FAN_STRATEGIES]
    hist = _history()
    years_all = [int(t["year"]) for r in rows for t in r["timeline"]]
    lo, hi = min(years_all), max(years_all) + 1
    fig, axes = plt.subplots(2, 3, figsize=(15, 8), sharex=True)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, ff in zip(axes.flat, FAN_FIGURES, strict=True):
        for n, ((_, strat), rs) in enumerate(items):
            by_year: dict[int, list[float]] = defaultdict(list)
            for r in rs:
                total = 0.0
                timeline = r["timeline"][:-1] if ff.flow else r["timeline"]
                for t in timeline:
                    if ff.column not in t:
                        continue
                    v = float(t[ff.column]) * ff.scale
                    total += v
                    by_year[int(t["year"])].append(total if ff.cumulative else v)
            # a median of the seeds still playing: a year only half the campaigns reach
            # (a long war's) is theirs, not the strategy's
            years = sorted(y for y, v in by_year.items() if 2 * len(v) >= len(rs))
            if not years:
                continue
            qs = [_quantiles(by_year[y]) for y in years]
            xs = [y + ff.offset for y in years]
            c = colours[n % len(colours)]
            ax.fill_between(xs, [q[0] for q in qs], [q[2] for q in qs], color=c, alpha=0.18)
            ax.plot(xs, [q[1] for q in qs], color=c, label=strat)
        h = hist.get(ff.history or ff.column) if lo >= ff.history_since else None
        pts = [] if h is None else [p for p in h.points if lo - 1 <= p.date <= hi + 1]
        if pts:
            ax.plot(
                [p.date for p in pts],
                [p.value * ff.scale for p in pts],
                "k--o",
                ms=3,
                lw=1,
                label="history",
            )
            ranged = [p for p in pts if p.low is not None and p.high is not None]
            if ranged:  # where sources disagree: the range they give
                ax.vlines(
                    [p.date for p in ranged],
                    [p.low * ff.scale for p in ranged],  # type: ignore[operator]
                    [p.high * ff.scale for p in ranged],  # type: ignore[operator]
                    colors="k",
                    lw=2.5,
                    alpha=0.5,
                )
        ax.set_title(ff.title)
        ax.set_xlim(lo, hi + 0.2)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
    # one legend for the six panels, below them: inside a panel it hid history's line
    seen: dict[str, Any] = {}
    for ax in axes.flat:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(label, handle)
    fig.legend(
        list(seen.values()),
        list(seen),
        loc="lower center",
        ncol=min(len(seen), 7),
        frameon=False,
        fontsize=9,
    )
    fig.suptitle(
        f"{scenario}: median and 10-90 % of seeds per strategy, against history "
        f"(dashed; bars: the range sources give)"
    )
    rows_of_legend = -(-len(seen) // 7)
    return _save(plt, fig, out / f"fan_{scenario}.png", 100, bottom=0.035 * rows_of_legend + 0.01)


def _quantiles(xs: list[float]) -> tuple[float, float, float]:
    xs = sorted(xs)

    def q(p: float) -> float:
        i = (len(xs) - 1) * p
        lo = int(i)
        hi = min(lo + 1, len(xs) - 1)
        return xs[lo] + (xs[hi] - xs[lo]) * (i - lo)

    return q(0.1), q(0.5), q(0.9)
