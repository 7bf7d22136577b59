"""Results folders: rows as CSV and JSON, the printed summary, reading them back."""

from __future__ import annotations

import csv
import io
import json
import math
import statistics
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from game import paths
from game.errors import SmychkaError

ROWS_JSON = "results.json"
ROWS_CSV = "results.csv"


def check_out_dir(out: Path) -> Path:
    if out.exists() and not out.is_dir():
        raise SmychkaError(f"--out {out}: is a file; expected a folder for the results")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SmychkaError(f"--out {out}: cannot create the folder ({exc.strerror})") from None
    # Written to now, before the campaigns: a folder that takes no files should fail in a
    # second, not after an hour of runs.
    try:
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        raise SmychkaError(f"--out {out}: cannot write there ({exc.strerror})") from None
    for name in (ROWS_JSON, ROWS_CSV):
        if (out / name).is_dir():
            raise SmychkaError(f"--out {out}: {name} there is a folder; expected a file or none")
    return out


def write_results(out: Path, rows: list[dict[str, Any]], meta: dict[str, Any]) -> list[Path]:
    """results.json (meta + rows, with timelines) and results.csv (one row per campaign;
    the timeline as a JSON text column)."""
    check_out_dir(out)
    j = out / ROWS_JSON
    atomic_write_text(j, json.dumps({"meta": meta, "rows": rows}, indent=1))
    keys: list[str] = []
    for r in rows:
        keys += [k for k in r if k not in keys]
    c = out / ROWS_CSV
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=keys, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in r.items()})
    atomic_write_text(c, buf.getvalue())
    return [j, c]


def atomic_write_text(path: Path, text: str) -> None:
    from game.persistence.atomic import atomic_write

    atomic_write(path, text.encode("utf-8"), keep_backup=False)


def read_results(folder: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    f = folder / ROWS_JSON if folder.is_dir() else folder
    if not f.is_file():
        raise SmychkaError(
            f"{folder}: no {ROWS_JSON} here; run `{paths.command()} lab run --out DIR`"
        )
    if f.stat().st_size > 2_000_000_000:
        raise SmychkaError(f"{f}: too large to read")
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
        rows, meta = data["rows"], data.get("meta", {})
    except OSError as exc:
        raise SmychkaError(f"{f}: cannot read it ({exc.strerror})") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SmychkaError(f"{f}: not a lab results file ({exc})") from None
    if not isinstance(rows, list):
        raise SmychkaError(f"{f}: not a lab results file (rows is not a list)")
    if not rows:
        raise SmychkaError(f"{f}: no campaigns in it")
    if not isinstance(meta, dict):
        raise SmychkaError(f"{f}: not a lab results file (meta is not a table)")
    for i, r in enumerate(rows):
        problem = _row_problem(r)
        if problem:
            raise SmychkaError(f"{f}: row {i + 1}: {problem}; not a lab results file")
    return rows, meta


# What the summary, the report and the plots read from a row, and its type.
ROW_FIELDS: dict[str, tuple[type, ...]] = {
    "scenario": (str,),
    "strategy": (str,),
    "seed": (int,),
    "outcome": (str,),
    "score": (int, float),
    "famine_deaths": (int, float),
}


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _row_problem(r: Any) -> str:
    """What is wrong with a row read from a results file ('' if nothing)."""
    if not isinstance(r, dict):
        return "expected a table of fields"
    for k, types in ROW_FIELDS.items():
        if k not in r:
            return f"no '{k}'"
        v = r[k]
        if isinstance(v, bool) or not isinstance(v, types):
            return f"'{k}' is {v!r}, expected {'a number' if float in types else types[0].__name__}"
        if float in types and not math.isfinite(v):
            return f"'{k}' is {v!r}, expected a finite number"
    timeline = r.get("timeline")
    if timeline is None:
        return ""
    if not isinstance(timeline, list):
        return "'timeline' is not a list"
    for j, t in enumerate(timeline):
        if not isinstance(t, dict) or not isinstance(t.get("year"), int):
            return f"timeline entry {j + 1} has no year"
        bad = next((k for k, v in t.items() if not _is_number(v)), None)
        if bad is not None:
            return f"timeline entry {j + 1}: '{bad}' is {t[bad]!r}, expected a number"
    return ""


def groups(rows: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    out: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        out[(r["scenario"], r["strategy"])].append(r)
    return dict(out)


def _q(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    if not xs:
        return float("nan")
    i = (len(xs) - 1) * q
    lo = int(i)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (i - lo)


def summary_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for (scen, strat), rs in groups(rows).items():
        scores = [float(r["score"]) for r in rs]
        outcomes = Counter(r["outcome"] for r in rs)
        out.append(
            {
                "scenario": scen,
                "strategy": strat,
                "n": len(rs),
                "mean": statistics.fmean(scores),
                "sd": statistics.pstdev(scores) if len(scores) > 1 else 0.0,
                "p10": _q(scores, 0.1),
                "median": _q(scores, 0.5),
                "p90": _q(scores, 0.9),
                "famine": statistics.fmean(float(r["famine_deaths"]) for r in rs),
                "outcomes": {k: v / len(rs) for k, v in outcomes.most_common()},
            }
        )
    out.sort(key=lambda s: (s["scenario"], -s["mean"]))
    return out


def summary_text(rows: list[dict[str, Any]]) -> str:
    lines = [
        f"{'scenario':<22} {'strategy':<28} {'n':>5} {'mean':>7} {'sd':>6} {'p10':>7} "
        f"{'median':>7} {'p90':>7} {'famine M':>8}  outcomes"
    ]
    for s in summary_rows(rows):
        oc = ", ".join(f"{k} {v:.0%}" for k, v in list(s["outcomes"].items())[:3])
        lines.append(
            f"{s['scenario']:<22} {s['strategy'][:28]:<28} {s['n']:>5} {s['mean']:7.1f} "
            f"{s['sd']:6.1f} {s['p10']:7.1f} {s['median']:7.1f} {s['p90']:7.1f} "
            f"{s['famine']:8.2f}  {oc}"
        )
    return "\n".join(lines)
