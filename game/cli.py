"""The command line: `python main.py [COMMAND]`.

With no command the game window opens. Headless commands list content, play
whole campaigns with bots, validate mods and measure speed. User mistakes
(unknown scenario, bad flag) print one line naming the value and the valid
choices and exit with code 2 -- never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import NoReturn

from game import __version__
from game.cards import cli as cards_cli
from game.errors import SmychkaError
from game.lab import cli as lab_cli
from game.persistence import cli as save_cli
from game.persistence import replay_cli
from game.ui import cli as ui_cli

EXIT_USAGE = 2


def seed_arg(value: str) -> int:
    """--seed: a whole number the random generator accepts (numpy refuses negatives)."""
    from game.engine.scenario import MAX_SEED

    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: '{value}'") from None
    if not 0 <= n <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"expected 0 to {MAX_SEED}, got {n}")
    return n


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="smychka",
        description="Smychka: the peasant question after 1917. With no command the game opens.",
    )
    p.add_argument("--version", action="version", version=f"Smychka {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    play = sub.add_parser("play", help="open the game window (the default)")
    ui_cli.add_arguments(sub, play)
    # hidden: `python main.py --frames N` quits after N frames (tests, startup bench)
    p.add_argument("--frames", dest="frames_top", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument(
        "--dev", dest="dev_top", action="store_true", help="for modders: reload changed card files"
    )
    scen = sub.add_parser("scenarios", help="list scenarios, one a line, id first")
    cards_cli.add_mods_dir(scen)
    sub.add_parser("bots", help="list bots, one a line, name first")

    sim = sub.add_parser("simulate", help="play a whole campaign headless with a bot")
    sim.add_argument("--scenario", default=None, help="scenario id (see `scenarios`)")
    sim.add_argument("--bot", default=None, help="bot name (see `bots`; default historical)")
    sim.add_argument(
        "--strategy",
        default=None,
        metavar="FILE",
        help="play a strategy file (or the name of one in assets/strategies) instead of a bot",
    )
    sim.add_argument("--seed", type=seed_arg, default=0, help="random seed (a whole number)")
    sim.add_argument("--difficulty", default="normal", help="easy, normal or hard")
    sim.add_argument("--json", action="store_true", help="print one JSON object")
    save_cli.add_simulate_args(sim)
    cards_cli.add_mods_dir(sim)
    cards_cli.add_commands(sub)
    save_cli.add_saves_command(sub)
    replay_cli.add_commands(sub)

    lab_cli.add_commands(sub)

    bench = sub.add_parser("bench", help="measure speed; prints `name: value unit` lines")
    bench.add_argument("--quick", action="store_true", help="fewer repetitions")
    return p


# Flags that name a file or folder: checked by name before any command runs.
PATH_FLAGS: dict[str, str] = {
    "load": "--load",  # (--save is cleaned like a name typed in the game: persistence.cli)
    "saves_dir": "--saves-dir",
    "mods_dir": "--mods-dir",
    "out": "--out",
    "strategy": "--strategy",
    "paths": "PATH",
}
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `cmd | head`


def check_path_args(args: argparse.Namespace) -> None:
    """A path the system would refuse by its name alone (a part over 255 bytes, a NUL)
    is a one-line error naming the flag, not `OSError: File name too long` later."""
    from game.inputfile import path_problem, shown

    for dest, flag in PATH_FLAGS.items():
        value = getattr(args, dest, None)
        for v in value if isinstance(value, list) else [value]:
            if v is None:
                continue
            bad = path_problem(v)
            if bad is not None:
                raise SmychkaError(f"{flag} {shown(v, 60)}: {bad}")


def _stdout_gone() -> int:
    """The reader of our output went away (`simulate --json | head`): stop quietly.
    Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (tests, embedding)
        pass
    return EXIT_BROKEN_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except BrokenPipeError:  # `--help | head`
        return _stdout_gone()
    command = args.command or "play"
    try:
        check_path_args(args)
        code = COMMANDS[command](args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at exit
        return code
    except BrokenPipeError:
        return _stdout_gone()
    except SmychkaError as exc:
        print(f"smychka: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        import errno

        if exc.errno != errno.ENAMETOOLONG:
            raise
        # a last resort: every path we build should have been checked before use
        from game.inputfile import shown

        where = shown(exc.filename, 80) if exc.filename else "a path"
        print(f"smychka: error: {where}: the file name is too long", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def cmd_play(args: argparse.Namespace) -> int:
    if getattr(args, "frames", None) is None:
        args.frames = getattr(args, "frames_top", None)
    args.dev = bool(getattr(args, "dev", False) or getattr(args, "dev_top", False))
    return ui_cli.cmd_play(args)


def cmd_scenarios(args: argparse.Namespace) -> int:
    from game.cards.deck import default_deck
    from game.engine.scenario import available_scenarios

    # The base scenarios and those of enabled mods; a broken mod is left out with a
    # warning and the others are still listed.
    deck = default_deck(cards_cli.checked_mods_dirs(args))
    cards_cli.warn_left_out(deck)
    for sid, sc in available_scenarios(deck.content.scenarios).items():
        print(f"{sid}\t{sc.start_label} to {sc.end_year}\t{sc.name}")
    return 0


def cmd_bots(args: argparse.Namespace) -> int:
    from game.engine.bots import bot_descriptions

    for name, desc in bot_descriptions().items():
        print(f"{name}\t{desc}")
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.campaign import Campaign
    from game.cards.deck import default_deck
    from game.engine.bots import make_bot

    scenario = "great-turn-1928" if args.scenario is None else args.scenario
    if args.strategy is not None and args.bot is not None:
        raise SmychkaError("give --bot or --strategy, not both")
    save_cli.check_save_target(args)

    def player(seed: int):
        if args.strategy is None:
            return make_bot(args.bot or "historical", seed)
        from game.cards.strategy import StrategyBot, load_strategy

        return StrategyBot(load_strategy(args.strategy), seed)

    # --load continues a saved campaign; the save fixes scenario, seed and content
    if args.load is not None:
        camp = save_cli.load_for_simulate(args).campaign
        bot = player(int(camp.state.params.get("seed", args.seed)))
    else:
        bot = player(args.seed)
        deck = default_deck(cards_cli.checked_mods_dirs(args))
        cards_cli.warn_left_out(deck)
        camp = Campaign.new(scenario, seed=args.seed, difficulty=args.difficulty, deck=deck)
    camp.play_bot(bot, max_turns=args.stop_after)
    save_cli.save_after_simulate(camp, args)
    result = simulation_result(camp, bot.name if args.strategy is None else "strategy")
    if args.strategy is not None:
        result["strategy"] = bot.name
    if args.json:
        print(json.dumps(result, indent=None, sort_keys=False))
    else:
        print_summary(result)
    return 0


def simulation_result(camp, bot_name: str) -> dict:
    sc = camp.score()
    st = camp.state
    return {
        "scenario": st.scenario_id,
        "bot": bot_name,
        "seed": st.params["seed"],
        "difficulty": st.params["difficulty"],
        "turns": st.turn,
        "end_date": camp.history[-1]["year"],
        "outcome": st.outcome,
        "ending": sc.ending,
        "score": sc.total,
        "score_parts": {k: round(v, 3) for k, v in sc.parts.items()},
        "famine_deaths_total": round(float(st.arrays["famine_deaths"].sum()), 4),
        "deportation_deaths_total": round(st.nat["deportation_deaths"], 4),
        "state_hash": st.state_hash(),
        "timeline": camp.timeline(),
        "regions": camp.region_timeline(),
        "cards": camp.cards_drawn(),
        "world": world_result(camp),
    }


def world_result(camp) -> dict:
    """`world` in `simulate --json`: Germany's path and the war (None without one)."""
    from game.engine.rules.war import war_summary
    from game.engine.rules.world import GERMANY_NAMES

    st = camp.state
    return {"germany": GERMANY_NAMES.get(st.nat["germany"], "undecided"), "war": war_summary(st)}


def print_summary(r: dict) -> None:
    who = f"strategy {r['strategy']}" if "strategy" in r else f"bot {r['bot']}"
    print(f"Scenario {r['scenario']}  {who}  seed {r['seed']}  ({r['turns']} turns)")
    print(f"Outcome: {r['outcome']} -- {r['ending']}   score {r['score']:.1f}")
    print(
        f"Famine deaths {r['famine_deaths_total']:.2f} M, "
        f"deaths in deportation {r['deportation_deaths_total']:.2f} M"
    )
    war = r["world"]["war"]
    if war is not None:
        print(
            f"The war: {war['start']} to {war['end'] or 'not ended'}, {war['result']}; "
            f"{war['war_deaths_m']:.1f} M dead (soldiers {war['military_deaths_m']:.1f}, "
            f"civilians {war['civilian_deaths_m']:.1f}, hunger {war['hunger_deaths_m']:.1f}); "
            f"at worst {war['max_occupied_regions']} regions occupied"
        )
    print()
    head = "year  collect%  volunt%  forced%  harvest  reported  procured  cattle  horses  tractors  famine  industry"
    print(head)
    for t in r["timeline"]:
        print(
            f"{t['year']}  {t['collectivised_share'] * 100:8.1f}  {t['voluntary_share'] * 100:7.1f}"
            f"  {t['forced_share'] * 100:7.1f}  {t['harvest_true_mt']:7.1f}  {t['harvest_reported_mt']:8.1f}"
            f"  {t['procurement_mt']:8.1f}  {t['cattle_m']:6.1f}  {t['horses_m']:6.1f}"
            f"  {t['tractors']:8.0f}  {t['famine_deaths']:6.2f}  {t['industry_index']:8.1f}"
        )
    if r["cards"]:
        print(f"\n{len(r['cards'])} cards answered.")


def cmd_bench(args: argparse.Namespace) -> int:
    from game.bench import run

    for name, value, unit in run(quick=args.quick):
        print(f"{name}: {value:.3f} {unit}", flush=True)
    return 0


COMMANDS = {
    "play": cmd_play,
    "scenarios": cmd_scenarios,
    "bots": cmd_bots,
    "simulate": cmd_simulate,
    "mods": cards_cli.cmd_mods,
    "cards": cards_cli.cmd_cards,
    "bench": cmd_bench,
    "lab": lab_cli.cmd_lab,
    "saves": save_cli.cmd_saves,
    "replay": replay_cli.cmd_replay,
    "screenshot": ui_cli.cmd_screenshot,
}
