"""Historical series (assets/history/series.toml): what really happened, for the charts.

Each series matches one of the campaign's headline figures, so the player's
line and history's can share a chart. The file is content: problems raise
ContentError naming the file, series and point.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from game import paths
from game.errors import ContentError
from game.ui.content_toml import content_tables, optional_text, read_content

SERIES_FILE = paths.asset("history", "series.toml")
REGIONS_FILE = paths.asset("history", "regions.toml")


@dataclass(frozen=True)
class HistPoint:
    date: float  # year with a fraction
    value: float  # in the figure's units (already scaled)
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class HistSeries:
    figure: str
    label: str
    unit: str
    source: str
    note: str
    points: tuple[HistPoint, ...]


def _num(path: Path, where: str, v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ContentError(f"{path}: {where}: expected a number, got {v!r}")
    return float(v)


def parse_series(text: str, path: Path = SERIES_FILE) -> dict[str, HistSeries]:
    """Parse the series file's text; keyed by figure name."""
    return {fig: s for (_region, fig), s in _parse(text, path, regional=False).items()}


def parse_region_series(text: str, path: Path = REGIONS_FILE) -> dict[tuple[str, str], HistSeries]:
    """Parse the regional series file's text; keyed by (region id, figure)."""
    return _parse(text, path, regional=True)


def _parse(text: str, path: Path, regional: bool) -> dict[tuple[str, str], HistSeries]:
    out: dict[tuple[str, str], HistSeries] = {}
    for i, s in enumerate(content_tables(text, path, "series", "series")):
        fig = s.get("figure")
        if not isinstance(fig, str) or not fig:
            raise ContentError(f"{path}: series #{i + 1} has no 'figure'")
        region = s.get("region", "")
        if regional and (not isinstance(region, str) or not region):
            raise ContentError(f"{path}: series #{i + 1} ('{fig}') has no 'region'")
        if not regional and "region" in s:
            raise ContentError(f"{path}: series '{fig}': 'region' belongs in {REGIONS_FILE.name}")
        if (region, fig) in out:
            where = f"'{fig}'" + (f" of '{region}'" if region else "")
            raise ContentError(f"{path}: series {where} appears twice")
        scale = _num(path, f"series '{fig}' scale", s.get("scale", 1.0))
        pts_raw = s.get("points")
        if not isinstance(pts_raw, list) or not pts_raw:
            raise ContentError(f"{path}: series '{fig}' needs a non-empty 'points' list")
        points: list[HistPoint] = []
        for j, p in enumerate(pts_raw):
            where = f"series '{fig}' point #{j + 1}"
            if not isinstance(p, list) or len(p) not in (2, 4):
                raise ContentError(
                    f"{path}: {where}: expected [date, value] or [date, value, low, high]"
                )
            date = _num(path, where + " date", p[0])
            if not 1850 <= date <= 2100:
                raise ContentError(f"{path}: {where}: date {date} is not a year")
            value = _num(path, where + " value", p[1]) * scale
            low = high = None
            if len(p) == 4:
                low = _num(path, where + " low", p[2]) * scale
                high = _num(path, where + " high", p[3]) * scale
                if not low <= value <= high:
                    raise ContentError(f"{path}: {where}: expected low <= value <= high")
            points.append(HistPoint(date, value, low, high))
        points.sort(key=lambda q: q.date)
        where = f"series '{fig}'"
        out[(region, fig)] = HistSeries(
            fig,
            optional_text(s, "label", path, where) or fig,
            optional_text(s, "unit", path, where),
            optional_text(s, "source", path, where),
            optional_text(s, "note", path, where),
            tuple(points),
        )
    return out


@lru_cache(maxsize=2)
def load_series(path: Path = SERIES_FILE) -> dict[str, HistSeries]:
    return parse_series(read_content(path, "historical series"), path)


@lru_cache(maxsize=2)
def load_region_series(path: Path = REGIONS_FILE) -> dict[tuple[str, str], HistSeries]:
    """(region id, region chart figure) -> what really happened there (few regions)."""
    return parse_region_series(read_content(path, "regional history"), path)
