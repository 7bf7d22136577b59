"""`replay export | verify | branch`: replays from the command line (see persistence.replay)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _turn(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a turn number, got '{value}'") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected a turn from 0, got {n}")
    return n


def add_commands(sub: argparse._SubParsersAction) -> None:
    from game.cards.cli import add_mods_dir
    from game.persistence.cli import add_saves_dir_arg

    rp = sub.add_parser("replay", help="replays: export a save's log, verify it, branch from it")
    inner = rp.add_subparsers(dest="replay_command", metavar="ACTION", parser_class=type(rp))
    ex = inner.add_parser(
        "export", help="write a save's replay (seed, content, decisions; no state)"
    )
    ex.add_argument(
        "save", metavar="SAVE", help="a save file, or a save's name in the saves folder"
    )
    ex.add_argument("out", metavar="OUT", help="the replay file to write (.json, or .json.gz)")
    add_saves_dir_arg(ex)
    add_mods_dir(ex)
    ve = inner.add_parser(
        "verify", help="replay a replay file headless; print its final state_hash"
    )
    ve.add_argument("file", metavar="FILE")
    ve.add_argument("--json", action="store_true", help="print one JSON object")
    add_mods_dir(ve)
    br = inner.add_parser("branch", help="a new campaign from a past season with changed decisions")
    br.add_argument("file", metavar="FILE", help="a replay file")
    br.add_argument(
        "--at", type=_turn, required=True, metavar="TURN", help="the season to leave at"
    )
    br.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change a decision, named as cards name it (policy.quota=0.2); repeatable",
    )
    br.add_argument("--save", required=True, metavar="OUT", help="where to save the branch")
    add_saves_dir_arg(br)
    add_mods_dir(br)


def _warn(lines: list[str]) -> None:
    for line in lines:
        print(f"smychka: warning: {line}", file=sys.stderr)


def cmd_replay(args: argparse.Namespace) -> int:
    action = getattr(args, "replay_command", None)
    if action is None:
        print("usage: smychka replay {export,verify,branch} ...", file=sys.stderr)
        return 2
    return {"export": _export, "verify": _verify, "branch": _branch}[action](args)


def _export(args: argparse.Namespace) -> int:
    from game.cards.cli import checked_mods_dirs
    from game.paths import check_output_parent
    from game.persistence import replay
    from game.persistence.cli import save_path
    from game.persistence.store import load_campaign

    result = load_campaign(
        save_path(args.save, args.saves_dir, must_exist=True), mods_dirs=checked_mods_dirs(args)
    )
    _warn(result.warnings)
    out = Path(args.out)
    check_output_parent(out, "OUT", replay.ReplayError)
    rp = replay.replay_of(result.campaign)
    path = replay.write_replay(rp, out)
    print(f"smychka: wrote the replay of {rp.turns} turns to {path}", file=sys.stderr)
    return 0


def _verify(args: argparse.Namespace) -> int:
    from game.cards.cli import checked_mods_dirs
    from game.persistence import replay

    rp = replay.read_replay(args.file)
    done = replay.rebuild(rp, mods_dirs=checked_mods_dirs(args))
    st = done.campaign.state
    want = rp.original.get("state_hash")
    result = {
        "scenario": rp.scenario,
        "seed": rp.seed,
        "difficulty": rp.difficulty,
        "turns": st.turn,
        "date": st.date_label,
        "outcome": st.outcome,
        "state_hash": st.state_hash(),
        "original_state_hash": want,
        "matches_original": want == st.state_hash() if want else None,
        "content_differences": done.content,
        "problems": done.problems,
    }
    if args.json:
        print(json.dumps(result))
    else:
        _warn(done.content + done.problems)
        print(f"state_hash: {result['state_hash']}")
        print(f"outcome: {st.outcome}  ({st.date_label}, turn {st.turn})")
        if want:
            same = "yes" if result["matches_original"] else "NO"
            print(f"matches the original run: {same}")
    return 0 if result["matches_original"] in (True, None) else 1


def _branch(args: argparse.Namespace) -> int:
    from game.cards.cli import checked_mods_dirs
    from game.persistence import replay
    from game.persistence.cli import check_save_target
    from game.persistence.store import save_campaign

    path = check_save_target(args)
    rp = replay.read_replay(args.file)
    done = replay.branch(rp, args.at, args.sets, mods_dirs=checked_mods_dirs(args))
    _warn(done.content + done.problems)
    camp = done.campaign
    save_campaign(camp, path)
    print(
        f"smychka: saved a branch at {camp.state.date_label} (turn {camp.state.turn}) to {path}",
        file=sys.stderr,
    )
    return 0
