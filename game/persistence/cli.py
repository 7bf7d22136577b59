"""The command-line side of saves: `saves list` and simulate's --save/--load/--stop-after.

Kept here so game/cli.py only wires these in (it is shared by several parts).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from game.paths import check_output_parent, user_path

if TYPE_CHECKING:  # imported lazily: `smychka --help` should not load the engine
    from game.campaign import Campaign
    from game.persistence.store import LoadResult


def _turns(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of turns, got '{value}'"
        ) from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more turns, got {n}")
    return n


def add_saves_dir_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--saves-dir",
        default=None,
        metavar="D",
        help="folder of saves (default: $SMYCHKA_SAVES_DIR, else saves/ in a source checkout, else the user data folder)",
    )


def add_simulate_args(sim: argparse.ArgumentParser) -> None:
    """--stop-after / --save / --load / --saves-dir for `simulate`."""
    sim.add_argument(
        "--stop-after", type=_turns, default=None, metavar="N", help="play only N turns, then stop"
    )
    sim.add_argument(
        "--save", default=None, metavar="PATH", help="save the campaign when the run stops"
    )
    sim.add_argument(
        "--load",
        default=None,
        metavar="PATH",
        help="continue a saved campaign instead of a new one",
    )
    add_saves_dir_arg(sim)


def add_saves_command(sub: argparse._SubParsersAction) -> None:
    saves = sub.add_parser("saves", help="list saved campaigns (`saves list`)")
    inner = saves.add_subparsers(dest="saves_command", metavar="ACTION", parser_class=type(saves))
    lst = inner.add_parser("list", help="a table of saves: name, scenario, date, turn, loads?")
    add_saves_dir_arg(lst)


def save_path(value: str, saves_dir_arg: str | None, must_exist: bool = False) -> Path:
    """A --save/--load value: absolute paths as given, relative ones in the saves folder.

    A bare name gets the save extension (`--save mine` -> saves/mine.json.gz). For
    --save the file name goes through the same cleaning as a name typed in the game
    (`slots.sanitise_name`: no newline, no hidden `....` file, no CON or NUL), and a
    relative path may not climb out of the saves folder with `..`."""
    from game.errors import SaveError
    from game.inputfile import path_problem, shown
    from game.persistence.slots import EXT, SAVE_EXTS, sanitise_name, saves_dir

    flag = "--load" if must_exist else "--save"
    if not value.strip():
        raise SaveError(f"{flag} '{shown(value)}': expected a save name or a file path")
    p = user_path(value)
    # the name of a --save is cleaned (and shortened) below; the folders must be right
    bad = path_problem(p.parent if not must_exist else p)
    if bad is not None:
        raise SaveError(f"{flag} {shown(value, 80)}: {bad}")
    if not must_exist:
        if not p.is_absolute() and ".." in p.parts:
            raise SaveError(
                f"--save {shown(value)}: '..' would leave the saves folder; give a name, "
                "or an absolute path to save elsewhere"
            )
        whole = p if p.is_absolute() else saves_dir(saves_dir_arg) / p
        is_dir = path_problem(whole) is None and whole.is_dir()
        if value.endswith(("/", "\\")) or p.name in ("", ".") or is_dir:
            raise SaveError(f"--save {shown(whole)}: is a folder; expected a file name")
        # an absolute path is written as named (its extension kept); a name gets ours
        default_ext = "" if p.is_absolute() else EXT
        ext = next((e for e in SAVE_EXTS if p.name.lower().endswith(e)), default_ext)
        p = p.with_name(sanitise_name(p.name) + ext)
    if p.is_absolute():
        return p
    if must_exist and not (saves_dir(saves_dir_arg) / p).exists() and p.exists():
        return p  # `--load ./somewhere/x.json.gz` given relative to the current folder
    base = saves_dir(saves_dir_arg) / p
    if not p.name.endswith(SAVE_EXTS):
        if must_exist:
            for ext in SAVE_EXTS:
                if base.with_name(base.name + ext).exists():
                    return base.with_name(base.name + ext)
        base = base.with_name(base.name + EXT)
    return base


def check_save_target(args: argparse.Namespace) -> Path | None:
    """Where --save will write, checked before the campaign is played, so that a bad
    path fails at once and not after a whole run. Missing folders are created (as the
    save does), but not through a file or in a folder we may not write to."""

    from game.errors import SaveError

    if args.save is None:
        return None
    path = save_path(args.save, args.saves_dir)
    if path.is_dir():
        raise SaveError(f"--save {path}: is a folder; expected a file name")
    if path.exists() and not path.is_file():  # /dev/null, a FIFO: never replaced
        raise SaveError(
            f"--save {path}: not a regular file (a device or pipe?); choose a file name"
        )
    if path.is_file():  # overwriting a save is fine (a .bak is kept); anything else is not
        from game.persistence.fileformat import read_header
        from game.persistence.store import read_bytes

        try:
            read_header(path, read_bytes(path))
        except SaveError as exc:
            if "not a Smychka save" in str(exc):
                raise SaveError(
                    f"--save {path}: the file exists and is not a Smychka save; choose another name"
                ) from None
    check_output_parent(path, "--save", SaveError)
    return path


def load_for_simulate(args: argparse.Namespace) -> LoadResult:
    from game.persistence.store import load_campaign

    if getattr(args, "scenario", None):
        print(
            "smychka: warning: --scenario is ignored with --load "
            "(the save fixes the scenario, seed and difficulty)",
            file=sys.stderr,
        )
    from game.cards.cli import checked_mods_dirs

    mods = checked_mods_dirs(args)  # a mistyped --mods-dir is an error here too
    result = load_campaign(save_path(args.load, args.saves_dir, must_exist=True), mods_dirs=mods)
    for w in result.warnings:
        print(f"smychka: warning: {w}", file=sys.stderr)
    return result


def save_after_simulate(camp: Campaign, args: argparse.Namespace) -> None:
    from game.persistence.store import save_campaign

    if args.save is not None:
        path = save_campaign(camp, save_path(args.save, args.saves_dir))
        print(
            f"smychka: saved {camp.state.date_label} (turn {camp.state.turn}) to {path}",
            file=sys.stderr,
        )


def cmd_saves(args: argparse.Namespace) -> int:
    from game.persistence.slots import list_saves, saves_dir

    if getattr(args, "saves_command", None) != "list":
        print("usage: smychka saves list [--saves-dir D]", file=sys.stderr)
        return 2
    d = saves_dir(args.saves_dir)
    infos = list_saves(d)
    if not infos:
        print(f"No saves in {d}.")
        return 0
    rows = [("name", "scenario", "date", "turn", "version", "saved", "mode", "loads?")]
    for s in infos:
        rows.append(
            (
                s.name,
                s.scenario,
                s.date_label,
                str(s.turn) if s.turn >= 0 else "?",
                s.game_version,
                time.strftime("%Y-%m-%d %H:%M", time.localtime(s.modified)),
                s.mode,
                "yes" if s.loadable and not s.problem else ("yes*" if s.loadable else "no"),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    problems = [s for s in infos if s.problem]
    if problems:
        print()
        for s in problems:
            print(f"{s.name}: {s.problem}")
    return 0
