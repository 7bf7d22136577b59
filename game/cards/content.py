"""Putting the deck together: base cards, then each enabled mod in order.

A mod may add cards, replace a base (or earlier mod's) card by id with
`replace = true`, and remove cards with `[[remove]] id = "..."`. A mod with
any error is reported and left out as a whole; the others still load. Links
between cards (follow-ups, `seen`/`chose`, factions, scenarios) are checked
once everything is merged.
"""

from __future__ import annotations

import gc
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game import paths
from game.cards.loader import (
    MAX_FILE_BYTES,
    CardDef,
    FileResult,
    parse_toml,
    read_card_file,
    read_toml_text,
)
from game.cards.mods import (
    BASE_CARDS_DIR,
    MAX_CARDS_PER_MOD,
    MAX_FILES_PER_MOD,
    ModInfo,
    discover_mods,
)
from game.cards.problems import Locator, Problem
from game.engine.scenario import Scenario
from game.errors import ContentError, ScenarioError, did_you_mean
from game.inputfile import FileRefused, read_bounded


@dataclass
class Content:
    """The merged, checked deck content."""

    cards: dict[str, CardDef]
    problems: list[Problem]
    mods: list[ModInfo]  # every mod considered, with problems; loaded ones have ok and enabled
    loaded_mods: list[ModInfo] = field(default_factory=list)
    info: list[dict[str, Any]] = field(default_factory=list)
    # Scenarios of the loaded mods, by id (a base scenario of the same id is replaced):
    # pass them to game.engine.scenario.available_scenarios / load_scenario / new_state.
    scenarios: dict[str, Scenario] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


class _Locators:
    """Locators for files, made only when a problem needs a position."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.cache: dict[str, Locator] = {}

    def __call__(self, path: str) -> Locator:
        if path not in self.cache:
            self.cache[path] = Locator(path, self.texts.get(path, ""))
        return self.cache[path]


def files_digest(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(f.name.encode())
        try:  # the same bounded, regular-file-only read as the loader's
            h.update(read_bounded(f, MAX_FILE_BYTES, "content file"))
        except FileRefused:
            h.update(b"\0unreadable")
    return h.hexdigest()


def _faction_ids(scenarios: dict[str, Scenario]) -> set[str]:
    out: set[str] = set()
    for sc in scenarios.values():
        out |= {str(f.get("id", "")) for f in sc.data.get("faction", [])}
    return out


def _merge_layer(
    cards: dict[str, CardDef],
    results: list[FileResult],
    layer: str,
    loc: _Locators,
    replaced_by: dict[str, str],
) -> tuple[dict[str, CardDef], list[Problem]]:
    out = dict(cards)
    probs: list[Problem] = []
    mine: dict[str, CardDef] = {}
    for res in results:
        for cd in res.cards:
            where = ("card", cd.index_in_file)
            if cd.id in mine:
                probs.append(
                    loc(cd.source_file).problem(
                        (*where, "id"),
                        f"card id '{cd.id}' is used twice (also in {mine[cd.id].source_file})",
                        needle=cd.id,
                    )
                )
                continue
            mine[cd.id] = cd
            if cd.id in out:
                if not cd.spec.replace:
                    probs.append(
                        loc(cd.source_file).problem(
                            (*where, "id"),
                            f"card '{cd.id}' already exists (in {out[cd.id].source_file}); "
                            "add replace = true to replace it",
                            needle=cd.id,
                        )
                    )
                    continue
                prev = replaced_by.get(cd.id)
                if prev is not None and prev != layer:
                    probs.append(
                        loc(cd.source_file).problem(
                            (*where, "id"),
                            f"mods '{prev}' and '{layer}' both replace card '{cd.id}'; "
                            f"'{layer}' wins (it loads later)",
                            severity="warning",
                            needle=cd.id,
                        )
                    )
                replaced_by[cd.id] = layer
            elif cd.spec.replace:
                probs.append(
                    loc(cd.source_file).problem(
                        (*where, "replace"),
                        f"replace = true, but there is no card '{cd.id}' to replace "
                        "(it is added as a new card)" + did_you_mean(cd.id, list(out)),
                        severity="warning",
                    )
                )
            out[cd.id] = cd
        for rid, i in res.removes:
            if rid in out:
                del out[rid]
            else:
                probs.append(
                    loc(str(res.path)).problem(
                        ("remove", i, "id"),
                        f"there is no card '{rid}' to remove{did_you_mean(rid, list(out))}",
                        severity="warning",
                        needle=rid,
                    )
                )
    return out, probs


def _check_links(
    cards: dict[str, CardDef],
    which: list[CardDef],
    loc: _Locators,
    scenarios: set[str],
    factions: set[str],
) -> list[Problem]:
    """Follow-ups, card references, factions and scenarios named by `which`."""
    from game.cards.world import WORLD_HINT, states_its_world
    from game.historians import load_topics
    from game.people import person_ids

    probs: list[Problem] = []
    ids = list(cards)
    people = person_ids()
    topics = list(load_topics())
    for cd in which:
        L = loc(cd.source_file)
        base = ("card", cd.index_in_file)
        if not states_its_world(cd):
            probs.append(L.problem((*base, "id"), WORLD_HINT, severity="warning", needle=cd.id))
        for tid in cd.spec.text.contested:
            if tid not in topics:
                probs.append(
                    L.problem(
                        (*base, "text", "contested"),
                        f"no 'Historians disagree' topic '{tid}'{did_you_mean(tid, topics)}; "
                        f"topics are {', '.join(topics)}",
                        severity="warning",
                        needle=tid,
                    )
                )
        for pid in cd.spec.people:
            if pid not in people:
                probs.append(
                    L.problem(
                        (*base, "people"),
                        f"unknown person '{pid}'{did_you_mean(pid, list(people))}",
                        severity="warning",
                        needle=pid,
                    )
                )
        for s in cd.spec.scenarios:
            if s not in scenarios:
                probs.append(
                    L.problem(
                        (*base, "scenarios"),
                        f"unknown scenario '{s}'{did_you_mean(s, sorted(scenarios))}",
                        severity="warning",
                        needle=s,
                    )
                )
        refs: list[tuple[tuple[Any, ...], str, tuple[str, str, int]]] = []
        for name in ("condition", "on", "off"):
            c = getattr(cd, name)
            if c is not None:
                refs += [((*base, name), c.source, r) for r in c.refs]
        refs += [((*base, "each_turn"), e.source, r) for e in cd.each_turn for r in e.refs]
        for o in cd.options:
            ow = (*base, "option", o.index)
            if o.condition is not None:
                refs += [((*ow, "condition"), o.condition.source, r) for r in o.condition.refs]
            refs += [((*ow, "effects"), e.source, r) for e in o.effects for r in e.refs]
            for f in o.factions:
                if f not in factions:
                    probs.append(
                        L.problem(
                            (*ow, "factions"),
                            f"no scenario has a faction '{f}'{did_you_mean(f, sorted(factions))}",
                            severity="warning",
                        )
                    )
            if o.follow_up is not None and o.follow_up not in cards:
                probs.append(
                    L.problem(
                        (*ow, "follow_up"),
                        f"follow-up card '{o.follow_up}' does not exist"
                        f"{did_you_mean(o.follow_up, ids)}",
                        needle=o.follow_up,
                    )
                )
        for where, src, (kind, rid, col) in refs:
            if kind == "card" and rid not in cards:
                probs.append(
                    L.problem(
                        where,
                        f"no card '{rid}' (seen/chose will always give 0){did_you_mean(rid, ids)}",
                        severity="warning",
                        needle=src,
                        col_offset=col,
                    )
                )
            elif kind == "faction" and rid not in factions:
                probs.append(
                    L.problem(
                        where,
                        f"no scenario has a faction '{rid}'{did_you_mean(rid, sorted(factions))}",
                        severity="warning",
                        needle=src,
                        col_offset=col,
                    )
                )
    return probs


def follow_up_cycles(cards: dict[str, CardDef]) -> list[list[str]]:
    """Cycles in the follow-up graph (each as a list of card ids)."""
    graph = {
        cid: sorted({o.follow_up for o in cd.options if o.follow_up in cards})
        for cid, cd in cards.items()
    }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done
    for start in graph:
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = [start]
        state[start] = 1
        while stack:
            node, i = stack[-1]
            nexts = graph[node]
            if i < len(nexts):
                stack[-1] = (node, i + 1)
                nxt = nexts[i]
                if state.get(nxt) == 1:
                    cycles.append(path[path.index(nxt) :] + [nxt])
                elif not state.get(nxt):
                    state[nxt] = 1
                    stack.append((nxt, 0))
                    path.append(nxt)
            else:
                state[node] = 2
                stack.pop()
                path.pop()
    return cycles


def _cycle_problems(
    cards: dict[str, CardDef], loc: _Locators, only: set[str] | None
) -> list[Problem]:
    probs = []
    for cyc in follow_up_cycles(cards):
        if only is not None and not (set(cyc) & only):
            continue
        cd = cards[cyc[0]]
        opt = next(o for o in cd.options if o.follow_up == cyc[1])
        probs.append(
            loc(cd.source_file).problem(
                ("card", cd.index_in_file, "option", opt.index, "follow_up"),
                f"follow-ups go round in a circle: {' -> '.join(cyc)}",
                needle=cyc[1],
            )
        )
    return probs


def _read_files(
    files: list[Path], root: Path | None, mod: str, texts: dict[str, str]
) -> list[FileResult]:
    results = []
    for f in files:
        res = read_card_file(f, root, mod)
        texts[str(f)] = res.text
        results.append(res)
    return results


def _mod_scenarios(
    mod: ModInfo, known: dict[str, Scenario]
) -> tuple[list[Problem], dict[str, Scenario]]:
    """The mod's scenarios and the problems in them; `known`: the scenarios so far
    (base and earlier mods), to warn when one is replaced."""
    from game.engine.scenario import ScenarioProblems, check_scenario, parse_scenario

    found: dict[str, Scenario] = {}
    probs: list[Problem] = []
    for path in mod.scenario_files():
        text, p = read_toml_text(path, mod.path)
        if text is None:
            probs += p
            continue
        data, p = parse_toml(path, text)
        if data is None:
            probs += p
            continue
        try:
            sc = parse_scenario(path, data, text)
            check_scenario(sc)  # bad numbers show now, not when a player starts it
        except ScenarioProblems as exc:  # every problem of the file, each at its place
            probs += exc.problems
            continue
        except ScenarioError as exc:
            msg = str(exc).removeprefix(f"{path}: ")
            line, col = _key_position(text, _scenario_key(msg))
            probs.append(Locator(path, text).at(line, col, msg))
            continue
        earlier = known.get(sc.id)
        if earlier is not None and earlier.source != sc.source:
            line, col = _key_position(text, ("id",))
            probs.append(
                Locator(path, text).at(
                    line,
                    col,
                    f"scenario '{sc.id}' replaces the one in {earlier.source} (this mod wins)",
                    "warning",
                )
            )
        found[sc.id] = sc
    return probs, found


def _scenario_key(message: str) -> tuple[str, ...]:
    """The TOML key a scenario error starts with ("trust.batrak must be a number",
    "[regions.x] must be a table", "[national] has unknown key 'y'"), so the problem
    points at its line; () (line 1) when the message names no key."""
    head = message.split(" ", 1)[0].strip("[]")
    if not re.fullmatch(r"[A-Za-z_][\w-]*(\.[\w-]+)*", head):
        return ()
    key = tuple(head.split("."))
    unknown = re.search(r"has unknown key '([\w-]+)'", message)
    return (*key, unknown.group(1)) if unknown else key


def _key_position(text: str, key: tuple[str, ...]) -> tuple[int, int]:
    """1-based (line, column) of a dotted key in a TOML text: the `name =` line inside
    the longest [table] header the key starts with, or that header; (1, 1) if absent."""
    lines = text.splitlines()

    def assignment(name: str, lo: int) -> tuple[int, int] | None:
        pat = re.compile(rf"^\s*{re.escape(name)}\s*=")
        for i in range(lo, len(lines)):
            if i > lo and lines[i].lstrip().startswith("["):
                return None  # the next table: the key is not in this one
            if pat.match(lines[i]):
                return i + 1, lines[i].find(name) + 1
        return None

    for n in range(len(key), 0, -1):
        head = re.compile(rf"^\s*\[\s*{re.escape('.'.join(key[:n]))}\s*\]")
        for i, line in enumerate(lines):
            if head.match(line):
                found = assignment(key[n], i) if n < len(key) else None
                return found or (i + 1, line.find("[") + 1)
    if key:
        return assignment(key[0], 0) or (1, 1)
    return 1, 1


def load_content(
    extra_dirs: list[Path] | tuple[Path, ...] = (),
    *,
    mod_folders: list[Path] | tuple[Path, ...] = (),
    include_project_mods: bool = True,
    base_dir: Path | None = None,
) -> Content:
    """Base cards plus enabled mods. `extra_dirs` are --mods-dir folders (their mods
    are enabled); `mod_folders` are single mod folders to load (enabled too)."""
    # Loading makes many small objects and no reference cycles worth collecting:
    # pausing the cyclic garbage collector meanwhile saves about a quarter of the time.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_content(extra_dirs, mod_folders, include_project_mods, base_dir)
    finally:
        if was_enabled:
            gc.enable()


def _load_content(
    extra_dirs: list[Path] | tuple[Path, ...],
    mod_folders: list[Path] | tuple[Path, ...],
    include_project_mods: bool,
    base_dir: Path | None,
) -> Content:
    shipped = base_dir is None
    base_dir = BASE_CARDS_DIR if base_dir is None else base_dir
    texts: dict[str, str] = {}
    loc = _Locators(texts)
    problems: list[Problem] = []
    base_files = sorted(base_dir.glob("*.toml")) if base_dir.is_dir() else []
    if shipped and not base_files:  # an incomplete install: say so rather than load nothing
        paths.require_assets()
        raise ContentError(f"no card files (*.toml) in {base_dir}")
    base_results = _read_files(base_files, None, "base", texts)
    for r in base_results:
        problems += r.problems
    cards, probs = _merge_layer({}, base_results, "base", loc, {})
    problems += probs
    info: list[dict[str, Any]] = [
        {
            "id": "base",
            "name": "Base game",
            "version": _game_version(),
            "sha256": files_digest(base_files),
        }
    ]
    mods = discover_mods(
        list(extra_dirs), include_project=include_project_mods, mod_folders=list(mod_folders)
    )
    from game.engine.scenario import available_scenarios

    known = available_scenarios()  # base, then each loaded mod's
    mod_scenarios: dict[str, Scenario] = {}
    scenarios = set(known)
    factions = _faction_ids(known)
    replaced_by: dict[str, str] = {}
    loaded: list[ModInfo] = []
    loaded_ids: set[str] = set()
    for mod in mods:
        if not mod.enabled:
            continue
        mod_probs = list(mod.problems)
        deps = mod.manifest.dependencies if mod.manifest else []
        missing = [d for d in deps if d not in loaded_ids]
        if mod.manifest is not None and missing and not any(p.is_error for p in mod_probs):
            mod_probs.append(
                Problem(str(mod.path / "mod.toml"), 1, 1, "error",
                        f"left out because mod '{missing[0]}' it needs did not load")
            )  # fmt: skip
        found: dict[str, Scenario] = {}
        if mod.manifest is not None:
            probs, found = _mod_scenarios(mod, known)
            mod_probs += probs
        # Cards are read even when the manifest is broken, so all problems show at once.
        results = _read_files(mod.card_files()[:MAX_FILES_PER_MOD], mod.path, mod.id, texts)
        for r in results:
            mod_probs += r.problems
        n = sum(len(r.cards) for r in results)
        if n > MAX_CARDS_PER_MOD:
            mod_probs.append(
                Problem(str(mod.path / "mod.toml"), 1, 1, "error",
                        f"too many cards ({n}; at most {MAX_CARDS_PER_MOD})")
            )  # fmt: skip
        rb = dict(replaced_by)
        tentative, probs = _merge_layer(cards, results, mod.id, loc, rb)
        mod_probs += probs
        mine = [cd for r in results for cd in r.cards if tentative.get(cd.id) is cd]
        mod_probs += _check_links(
            tentative, mine, loc, scenarios | set(found), factions | _faction_ids(found)
        )
        mod_probs += _cycle_problems(tentative, loc, {cd.id for cd in mine})
        if any(p.is_error for p in mod_probs):
            mod_probs.append(
                Problem(str(mod.path / "mod.toml"), 1, 1, "error",
                        f"mod '{mod.id}' was left out because of the errors above")
            )  # fmt: skip
            mod.problems = mod_probs
            problems += mod_probs
            continue
        mod.problems = mod_probs
        problems += mod_probs
        replaced_by = rb
        cards = tentative
        known.update(found)
        mod_scenarios.update(found)
        scenarios |= set(found)
        factions |= _faction_ids(found)
        loaded.append(mod)
        loaded_ids.add(mod.id)
        info.append(
            {
                "id": mod.id,
                "name": mod.name,
                "version": mod.version,
                "sha256": files_digest(
                    [mod.path / "mod.toml", *mod.card_files(), *mod.scenario_files()]
                ),
            }
        )
    base_cards = [cd for cd in cards.values() if cd.mod == "base"]
    problems += _check_links(cards, base_cards, loc, scenarios, factions)
    problems += _cycle_problems(cards, loc, {cd.id for cd in base_cards})
    return Content(cards, problems, mods, loaded, info, mod_scenarios)


def _game_version() -> str:
    from game import __version__

    return __version__
