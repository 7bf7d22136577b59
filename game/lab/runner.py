"""Running many campaigns: one job per (scenario, player, seed), in parallel.

A player is a bot name or a strategy (a file, or a strategy's data inline, as
the search builds them). Jobs are plain tuples so they cross process (and
Dask) boundaries; each worker loads the content (base deck + mods) once and
keeps it, and every campaign gets its own deck memory from it.

Results are rows of plain data: the same seeds give the same rows whichever
executor ran them (local pool, one process, or a Dask cluster).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.errors import SmychkaError

if TYPE_CHECKING:
    from game.campaign import Campaign


@dataclass(frozen=True)
class Player:
    """Who plays: `kind` is "bot" or "strategy"; `spec` a bot name, a path, or
    strategy data (a dict, as TOML would give) under the label `label`."""

    kind: str
    spec: Any
    label: str

    @classmethod
    def bot(cls, name: str) -> Player:
        from game.engine.bots import make_bot

        make_bot(name)  # an unknown name fails here, with the valid names
        return cls("bot", name, name)

    @classmethod
    def strategy_file(cls, spec: str | Path) -> Player:
        from game.cards.strategy import load_strategy, resolve_strategy_path

        path = resolve_strategy_path(spec)
        strat = load_strategy(path)  # a bad file fails here, with every problem
        return cls("strategy", str(path.resolve()), strat.name)

    @classmethod
    def strategy_data(cls, data: dict[str, Any], label: str | None = None) -> Player:
        from game.cards.strategy import strategy_from_data

        strat = strategy_from_data(data)
        return cls("strategy", _freeze(data), label or strat.name)


def _freeze(x: Any) -> Any:
    """Hashable form of strategy data (so workers can cache what they built)."""
    if isinstance(x, dict):
        return ("__dict__", tuple((k, _freeze(v)) for k, v in x.items()))
    if isinstance(x, list | tuple):
        return ("__list__", tuple(_freeze(v) for v in x))
    return x


def _thaw(x: Any) -> Any:
    if isinstance(x, tuple) and len(x) == 2 and x[0] == "__dict__":
        return {k: _thaw(v) for k, v in x[1]}
    if isinstance(x, tuple) and len(x) == 2 and x[0] == "__list__":
        return [_thaw(v) for v in x[1]]
    return x


@dataclass(frozen=True)
class Job:
    scenario: str
    player: Player
    seed: int
    difficulty: str = "normal"
    mods: tuple[str, ...] = ()
    cards: bool = True
    timeline: bool = True


# --- inside a worker -----------------------------------------------------------------------
_content: dict[tuple[str, ...], Any] = {}
_strategies: dict[Any, Any] = {}


def _worker_content(mods: tuple[str, ...]) -> Any:
    content = _content.get(mods)
    if content is None:
        from game.cards.deck import default_deck

        content = _content[mods] = default_deck([Path(m) for m in mods]).content
    return content


def _make_player(p: Player, seed: int) -> Any:
    from game.cards.strategy import StrategyBot, load_strategy, strategy_from_data
    from game.engine.bots import make_bot

    if p.kind == "bot":
        return make_bot(p.spec, seed)
    strat = _strategies.get(p.spec)
    if strat is None:
        strat = (
            load_strategy(p.spec) if isinstance(p.spec, str) else strategy_from_data(_thaw(p.spec))
        )
        _strategies[p.spec] = strat
    return StrategyBot(strat, seed)


_decks: dict[tuple[str, ...], Any] = {}


def _worker_deck(mods: tuple[str, ...]) -> Any:
    """One deck per content in a worker: card memory belongs to each campaign
    (Campaign.card_memory, bound afresh by Campaign.new), so campaigns can share a
    deck, and its per-scenario lists of cards are made once, not once a campaign."""
    deck = _decks.get(mods)
    if deck is None:
        from game.cards.deck import Deck

        deck = _decks[mods] = Deck(_worker_content(mods))
    return deck


def run_job(job: Job) -> dict[str, Any]:
    """Play one campaign to its end; one row of results."""
    from game.campaign import Campaign

    deck = _worker_deck(job.mods) if job.cards else None
    # (keeps_log=False: a row needs neither the decisions log nor the regions' years)
    camp = Campaign.new(
        job.scenario, seed=job.seed, difficulty=job.difficulty, deck=deck, keeps_log=False
    )
    camp.play_bot(_make_player(job.player, job.seed), describe=False)  # rows need no reports
    return result_row(camp, job)


def result_row(camp: Campaign, job: Job) -> dict[str, Any]:
    sc = camp.score()
    st = camp.state
    row: dict[str, Any] = {
        "scenario": job.scenario,
        "strategy": job.player.label,
        "kind": job.player.kind,
        "seed": job.seed,
        "difficulty": job.difficulty,
        "outcome": st.outcome or "unfinished",
        "ending": sc.ending,
        "score": round(float(sc.total), 4),
    }
    for k, v in sc.parts.items():
        row[f"score_{k}"] = round(float(v), 4)
    row["famine_deaths"] = round(float(st.arrays["famine_deaths"].sum()), 4)
    row["deportation_deaths"] = round(float(st.nat["deportation_deaths"]), 4)
    row["war_deaths"] = round(float(st.nat.get("war_deaths", 0.0)), 4)
    row["end_year"] = camp.history[-1]["year"]
    row["turns"] = st.turn
    if job.timeline:
        row["timeline"] = camp.timeline()
    return row


def _run_chunk(jobs: list[Job]) -> list[dict[str, Any]]:
    return [run_job(j) for j in jobs]


# --- executors ---------------------------------------------------------------------------------
def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class Progress:
    """A one-line progress bar with an ETA on a terminal; silent when piped."""

    total: int
    label: str = "campaigns"
    stream: Any = field(default_factory=lambda: sys.stderr)
    enabled: bool | None = None
    done: int = 0
    _t0: float = field(default_factory=time.perf_counter)
    _last: float = 0.0

    def __post_init__(self) -> None:
        if self.enabled is None:
            self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.perf_counter()
        if self.enabled and (now - self._last > 0.2 or self.done >= self.total):
            self._last = now
            self.stream.write("\r" + self.line(now))
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        now = time.perf_counter() if now is None else now
        el = now - self._t0
        frac = self.done / self.total if self.total else 1.0
        eta = el / frac - el if frac > 0 else 0.0
        bar = "#" * int(frac * 30)
        rate = self.done / el * 60 if el > 0 else 0.0
        return (
            f"[{bar:<30}] {self.done}/{self.total} {self.label} {frac:4.0%}  "
            f"{rate:,.0f}/min  ETA {_clock(eta)}  "
        )

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def _clock(s: float) -> str:
    s = int(round(s))
    return (
        f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
    )


def _chunks(jobs: Sequence[Job], size: int) -> list[list[Job]]:
    return [list(jobs[i : i + size]) for i in range(0, len(jobs), size)]


def _guided_chunks(jobs: Sequence[Job], workers: int, most: int = 8) -> list[list[Job]]:
    """Contiguous chunks that shrink as the work runs out (guided self-scheduling): up to
    `most` jobs while many remain, so a chunk's messages cost little beside its campaigns,
    down to single jobs at the end, so no worker sits idle while another finishes a long
    chunk (with fixed chunks of 8, the last one idled for half a chunk on average)."""
    out: list[list[Job]] = []
    i = 0
    while i < len(jobs):
        size = max(1, min(most, (len(jobs) - i) // (workers * 4)))
        out.append(list(jobs[i : i + size]))
        i += size
    return out


def _warm_worker(mods: tuple[str, ...]) -> None:
    """A pool worker's start: import what a campaign needs and load the content once,
    before any job arrives, so the first campaigns cost what the others do."""
    import game.campaign  # noqa: F401
    import game.cards.strategy  # noqa: F401
    import game.engine.bots  # noqa: F401

    _worker_deck(mods)


class Executor:
    """Runs jobs and hands back their rows in job order."""

    def map(self, jobs: Sequence[Job], progress: Callable[[int], None] | None = None) -> list[dict]:
        raise NotImplementedError  # pragma: no cover

    def close(self) -> None:
        pass

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InlineExecutor(Executor):
    def map(self, jobs, progress=None):
        out = []
        for j in jobs:
            out.append(run_job(j))
            if progress:
                progress(1)
        return out


class PoolExecutor(Executor):
    """A local pool of worker processes (kept for the executor's life, so a search
    pays the start-up and the content loading once per worker). Each worker loads the
    content of `mods` (the base game and those mod folders) as it starts."""

    def __init__(self, n: int, mods: tuple[str, ...] = ()) -> None:
        import multiprocessing as mp

        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
        self.n = n
        self.pool = mp.get_context(method).Pool(n, _warm_worker, (tuple(mods),))

    def map(self, jobs, progress=None):
        out: list[dict] = []
        for rows in self.pool.imap(_run_chunk, _guided_chunks(jobs, self.n)):
            out.extend(rows)
            if progress:
                progress(len(rows))
        return out

    def close(self) -> None:
        self.pool.close()
        self.pool.join()


class DaskExecutor(Executor):
    """A Dask distributed cluster: the workers need the game importable."""

    def __init__(self, scheduler: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise SmychkaError(
                "--executor dask needs the 'distributed' package: pip install 'dask[distributed]'"
            ) from None
        try:
            self.client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise SmychkaError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
        except ValueError as exc:  # not an address at all ('missing port number')
            raise SmychkaError(
                f"--scheduler {scheduler}: not a scheduler address ({exc}); "
                "expected tcp://HOST:PORT"
            ) from None
        try:
            # A worker that cannot import the game drops every task it is sent and the
            # scheduler hands them on: with no worker able to, the run would wait forever.
            # find_spec is the standard library's, so even such a worker can run it.
            import importlib.util

            found = self.client.run(importlib.util.find_spec, "game")
            # this Dask unpickles the task graph on the scheduler: it needs the game too
            on_scheduler = self.client.run_on_scheduler(importlib.util.find_spec, "game")
        except Exception:  # noqa: BLE001 - the run itself will say what is wrong
            found, on_scheduler = {}, True
        problem = missing_game(found)
        if not problem and on_scheduler is None:
            problem = (
                "the scheduler cannot import the game; start it where the game is "
                "installed, or with PYTHONPATH set to the game's folder"
            )
        if problem:
            self.client.close()
            raise SmychkaError(f"--scheduler {scheduler}: {problem}")

    def map(self, jobs, progress=None):
        from distributed import as_completed

        chunks = _chunks(jobs, max(1, min(16, len(jobs) // 64 or 1)))
        futures = self.client.map(_run_chunk, chunks, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        results: list[list[dict] | None] = [None] * len(chunks)
        for fut in as_completed(futures):
            try:
                rows = fut.result()
            except (ImportError, RuntimeError) as exc:
                if "deserializ" not in str(exc) and not isinstance(exc, ImportError):
                    raise  # the game's own error: its traceback is the report
                raise SmychkaError(
                    f"the cluster cannot run the game's campaigns ({str(exc).splitlines()[0]}); "
                    "the scheduler and every worker need the game, installed or on PYTHONPATH"
                ) from None
            results[index[fut.key]] = rows
            if progress:
                progress(len(rows))
        return [r for rows in results for r in rows or []]

    def close(self) -> None:
        self.client.close()


def missing_game(found: dict[str, Any]) -> str:
    """What is wrong with a cluster, from each worker's find_spec of the game ('' if
    nothing): workers that cannot import it, or no workers at all."""
    if not found:
        return ""
    bad = sorted(w for w, spec in found.items() if spec is None)
    if not bad:
        return ""
    return (
        f"{len(bad)} of {len(found)} workers cannot import the game ({', '.join(bad[:3])}"
        f"{', ...' if len(bad) > 3 else ''}); start them where it is installed, or with "
        "PYTHONPATH set to the game's folder"
    )


def make_executor(
    kind: str = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    mods: tuple[str, ...] = (),
) -> Executor:
    """The executor the lab's options ask for; a local pool's workers load the content of
    `mods` as they start."""
    if kind == "dask":
        if not scheduler:
            raise SmychkaError("--executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
        return DaskExecutor(scheduler)
    if kind != "local":
        raise SmychkaError(f"unknown executor '{kind}'; choose local or dask")
    n = default_jobs() if jobs is None else jobs
    if n < 1:
        raise SmychkaError(f"--jobs {n}: expected 1 or more")
    return InlineExecutor() if n == 1 else PoolExecutor(n, mods)


def run(
    jobs: Sequence[Job],
    executor: Executor,
    progress: bool | None = None,
    label: str = "campaigns",
) -> list[dict[str, Any]]:
    bar = Progress(len(jobs), label, enabled=progress)
    rows = executor.map(jobs, bar.advance)
    bar.finish()
    return rows


def expand(
    scenarios: Iterable[str],
    players: Iterable[Player],
    seeds: Iterable[int],
    difficulty: str = "normal",
    mods: Sequence[Path] = (),
    cards: bool = True,
    timeline: bool = True,
) -> list[Job]:
    mods_t = tuple(str(Path(m).resolve()) for m in mods)
    seeds = list(seeds)
    return [
        Job(s, p, seed, difficulty, mods_t, cards, timeline)
        for s in scenarios
        for p in players
        for seed in seeds
    ]


MAX_SEEDS = 1_000_000  # seeds in one --seeds: more is a typo, not a plan (a list that size)


def parse_seeds(text: str, option: str = "--seeds") -> list[int]:
    """'1-200', '5', '1-10,50,60-62' -> the seeds (`option`: what errors name)."""
    from game.engine.scenario import MAX_SEED

    out: list[int] = []
    for part in str(text).split(","):
        part = part.strip()
        if not part:
            continue
        try:
            if "-" in part:
                a, b = part.split("-", 1)
                lo, hi = int(a), int(b)
            else:
                lo = hi = int(part)
        except ValueError:
            raise SmychkaError(
                f"{option} {text}: '{part}' is not a seed or a range; expected ranges like "
                "1-200 or 1,5,9 (seeds are whole numbers from 0)"
            ) from None
        if lo > hi:
            raise SmychkaError(f"{option} {text}: '{part}' runs backwards; write {hi}-{lo}")
        if lo < 0 or hi > MAX_SEED:
            raise SmychkaError(f"{option} {text}: '{part}' is not a range of 0..{MAX_SEED}")
        if len(out) + hi - lo + 1 > MAX_SEEDS:
            raise SmychkaError(f"{option} {text}: more than {MAX_SEEDS:,} seeds")
        out.extend(range(lo, hi + 1))
    if not out:
        raise SmychkaError(f"{option} {text}: no seeds; expected ranges like 1-200 or 1,5,9")
    return out
