"""The `play` and `screenshot` commands (wired into game/cli.py)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from game.errors import SmychkaError
from game.paths import check_output_parent

# Without a visible display the window would wait for input forever: stop after
# this many frames (CI, SDL_VIDEODRIVER=dummy) unless --frames says otherwise.
HEADLESS_FRAMES = 120
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def add_arguments(sub: argparse._SubParsersAction, play: argparse.ArgumentParser) -> None:
    """Add --frames to `play` and the `screenshot` command."""
    play.add_argument("--frames", type=int, default=None, help=argparse.SUPPRESS)
    play.add_argument(
        "--dev", action="store_true", help="for modders: reload card files when they change"
    )
    shot = sub.add_parser("screenshot", help="render a screen to a PNG file, headless")
    shot.add_argument("--scene", required=True, help="menu, new-campaign, campaign, card, ...")
    shot.add_argument(
        "--out", required=True, help="PNG file to write (missing folders are created)"
    )
    shot.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT (default 1920x1080)")
    shot.add_argument("--scale", type=int, default=100, help="UI scale in percent, 100-200")
    shot.add_argument("--scenario", default="great-turn-1928", help="scenario id")
    from game.cli import seed_arg  # here, not at the top: game.cli imports this module

    shot.add_argument("--seed", type=seed_arg, default=1, help="random seed")
    shot.add_argument("--turns", type=int, default=None, help="turns the bot plays first")
    shot.add_argument("--hints", action="store_true", help="show the first campaign's guide")
    shot.add_argument(
        "--mouse",
        default=None,
        metavar="X,Y",
        help="rest the pointer here first, so hover states and tooltips are in the picture",
    )


def _headless() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("SDL_VIDEODRIVER") == "dummy"


def _warn_mod_config() -> None:
    from game.cards.cli import warn_mod_config

    warn_mod_config()


def cmd_play(args: argparse.Namespace) -> int:
    frames = getattr(args, "frames", None)
    if frames is not None and frames < 1:
        raise SmychkaError(f"--frames {frames}: expected a positive whole number")
    if os.environ.get("CI") and not os.environ.get("SDL_VIDEODRIVER"):
        os.environ["SDL_VIDEODRIVER"] = "dummy"
    if frames is None and _headless():
        frames = HEADLESS_FRAMES
        print(
            f"smychka: no visible display; showing {frames} frames and quitting",
            file=sys.stderr,
        )
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from game.ui.app import App

    try:
        app = App()
    except pygame.error as exc:
        raise SmychkaError(
            f"cannot open the game window ({exc}); on a machine without a display run "
            "`SDL_VIDEODRIVER=dummy python main.py` or use the headless commands "
            "(`python main.py --help`)"
        ) from None
    app.dev = bool(getattr(args, "dev", False))
    # a broken mods.json means no mods: say so rather than start silently -- once the
    # menu is on screen (the check loads the card system, which the menu does not need)
    app.after_frame(_warn_mod_config)
    try:
        return app.run(max_frames=frames)
    finally:
        app.close()


def check_out_path(out: Path) -> Path:
    """--out, checked before rendering: pygame would fail late with a bare error on a
    folder, or on a path through a file."""
    if not out.name or out.is_dir():
        raise SmychkaError(f"--out {out}: is a folder; expected a PNG file name")
    if out.exists() and not out.is_file():
        raise SmychkaError(f"--out {out}: not a regular file (a device or pipe?)")
    if out.is_file():  # replacing an old screenshot is fine; a file of another kind is not
        try:
            with out.open("rb") as fh:
                head = fh.read(len(PNG_MAGIC))
        except OSError as exc:
            raise SmychkaError(f"--out {out}: cannot read it ({exc.strerror or exc})") from None
        if head and head != PNG_MAGIC:
            raise SmychkaError(
                f"--out {out}: the file exists and is not a PNG image; it is left alone "
                "(choose another name, or delete it first)"
            )
    check_output_parent(out, "--out")
    return out


def cmd_screenshot(args: argparse.Namespace) -> int:

    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from game.ui.screenshot import parse_mouse, parse_size, render_scene

    if args.turns is not None and args.turns < 0:
        raise SmychkaError(f"--turns {args.turns}: expected 0 or more")
    out = check_out_path(Path(args.out))
    out = render_scene(
        args.scene,
        out,
        size=parse_size(args.size),
        scale=args.scale,
        scenario=args.scenario,
        seed=args.seed,
        turns=args.turns,
        hints=args.hints,
        mouse=None if args.mouse is None else parse_mouse(args.mouse),
    )
    print(out)
    return 0
