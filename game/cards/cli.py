"""Command-line commands of the card system: `mods ...` and `cards list`.

`game/cli.py` registers these; keeping them here keeps the shared CLI small.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from game import paths
from game.cards.problems import escape
from game.errors import ContentError, did_you_mean

EXIT_PROBLEMS = 1


def add_mods_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--mods-dir",
        dest="mods_dir",
        action="append",
        type=Path,
        default=None,
        metavar="DIR",
        help="a folder of mods (or one mod folder) to enable for this run; repeatable",
    )


def add_commands(sub: argparse._SubParsersAction) -> None:
    mods = sub.add_parser("mods", help="list, validate, enable and document mods")
    msub = mods.add_subparsers(dest="mods_command", metavar="ACTION", parser_class=type(mods))
    ls = msub.add_parser("list", help="list the mods found, one a line, id first")
    add_mods_dir(ls)
    ls.add_argument("--json", action="store_true", help="print JSON")
    val = msub.add_parser("validate", help="check base cards and mods; exit 1 on any error")
    val.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="mod folders to check")
    add_mods_dir(val)
    val.add_argument("--json", action="store_true", help="print the problems as JSON")
    tst = msub.add_parser(
        "test", help="run the [[card.test]] blocks of the base deck and the given mods"
    )
    tst.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="mod folders to test")
    tst.add_argument("--card", action="append", default=None, help="only this card id; repeatable")
    tst.add_argument("-v", "--verbose", action="store_true", help="list passing tests too")
    msub.add_parser(
        "schema", help="print the JSON Schema of card files, mod.toml and strategy files"
    )
    docs = msub.add_parser("docs", help="regenerate the reference part of docs/modding.md")
    docs.add_argument("--check", action="store_true", help="exit 1 if it is out of date")
    for name, verb in (("enable", "enable"), ("disable", "disable")):
        p = msub.add_parser(name, help=f"{verb} a mod (kept in mods.json)")
        p.add_argument("mod_id", metavar="ID")
        add_mods_dir(p)

    cards = sub.add_parser("cards", help="list the cards of the deck")
    csub = cards.add_subparsers(dest="cards_command", metavar="ACTION", parser_class=type(cards))
    cl = csub.add_parser("list", help="id, title, date window and source file, one a line")
    cl.add_argument("--json", action="store_true", help="print JSON")
    add_mods_dir(cl)


def checked_mods_dirs(args: argparse.Namespace) -> list[Path]:
    """The --mods-dir folders; a missing folder or a file is a mistake to report,
    not an empty mods folder to ignore silently (a typo would drop every mod)."""
    dirs = list(getattr(args, "mods_dir", None) or [])
    for d in dirs:
        if not d.exists():
            raise ContentError(f"--mods-dir {d}: no such folder")
        if not d.is_dir():
            raise ContentError(f"--mods-dir {d}: is a file; expected a folder of mods")
    return dirs


_dirs = checked_mods_dirs


def warn_left_out(deck: object) -> None:
    """One line on stderr for each enabled mod that was left out because of errors
    (and for each problem of mods.json, which decides what is enabled)."""
    warn_mod_config()
    content = getattr(deck, "content", None)
    if content is None:
        return
    for m in content.mods:
        if m.enabled and m not in content.loaded_mods:
            print(
                f"smychka: warning: mod '{m.id}' was left out because of errors; "
                f"run `{paths.command()} mods validate {m.path}`",
                file=sys.stderr,
            )


def warn_mod_config() -> None:
    """One line on stderr for each problem of mods.json (broken JSON, wrong types)."""
    from game.cards.mods import read_mod_config

    for w in read_mod_config()[1]:
        print(f"smychka: warning: {w}", file=sys.stderr)


def cmd_mods(args: argparse.Namespace) -> int:
    action = getattr(args, "mods_command", None)
    if action is None:
        raise ContentError(
            "mods needs an action: list, validate, test, schema, docs, enable, disable"
        )
    return _MODS[action](args)


def _mods_list(args: argparse.Namespace) -> int:
    from game.cards.mods import discover_mods, user_mods_dir

    mods = discover_mods(_dirs(args))
    if args.json:
        print(json.dumps([m.to_dict() for m in mods], indent=2))
        return 0
    if not mods:
        print(f"No mods found (put them in {user_mods_dir()} or pass --mods-dir).")
    for m in mods:
        state = "enabled" if m.enabled else "disabled"
        if not m.ok:
            state += ", has errors"
        cells = (m.id, m.version, state, m.name, str(m.path))
        print("\t".join(escape(c) for c in cells))  # a folder name may hold ESC
    return 0


def _mods_validate(args: argparse.Namespace) -> int:
    from game.cards.validate import validate

    problems = validate(args.paths, _dirs(args))
    errors = [p for p in problems if p.is_error]
    if args.json:
        print(json.dumps([p.to_dict() for p in problems], indent=2))
    else:
        for p in problems:
            print(p)
        print(
            f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s)",
            file=sys.stderr,
        )
    return EXIT_PROBLEMS if errors else 0


def _mods_test(args: argparse.Namespace) -> int:
    from game.cards.cardtest import run_tests
    from game.cards.content import load_content
    from game.cards.validate import validate_content

    if args.paths:
        content = validate_content(args.paths, [])
        if isinstance(content, list):  # the paths themselves are wrong
            for p in content:
                print(p)
            return EXIT_PROBLEMS
    else:
        content = load_content([], include_project_mods=False)
    for p in content.errors:  # a card with an error is left out: its tests cannot run
        print(p)
    if args.card:  # before any test runs: a typo should not wait for the whole deck
        unknown = [c for c in args.card if c not in content.cards]
        if unknown:
            where = " (a file with the errors above may hold it)" if content.errors else ""
            raise ContentError(
                f"no card '{unknown[0]}'{did_you_mean(unknown[0], list(content.cards))}{where}"
            )
    results = run_tests(content, cards=set(args.card) if args.card else None)
    failed = [r for r in results if not r.ok]
    for r in results:
        if not r.ok or args.verbose:
            print(r)
    n_cards = len({r.card for r in results})
    # "0 failed" must not read as a pass for a mod whose tests never ran
    left_out = [
        m.id for m in getattr(content, "mods", []) if m.enabled and m not in content.loaded_mods
    ]
    untested = f"; not tested, left out for errors: {', '.join(left_out)}" if left_out else ""
    print(
        f"{len(results) - len(failed)} passed, {len(failed)} failed "
        f"({len(results)} test{'' if len(results) == 1 else 's'} on {n_cards} "
        f"card{'' if n_cards == 1 else 's'}){untested}",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS if failed or content.errors else 0


def _mods_schema(args: argparse.Namespace) -> int:
    from game.cards.schema import json_schemas

    print(json.dumps(json_schemas(), indent=2))
    return 0


def _mods_docs(args: argparse.Namespace) -> int:
    from game.cards.reference import DOC_PATH, render, write_docs

    if paths.checkout_root() is None or not DOC_PATH.parent.is_dir():
        raise ContentError(
            "mods docs rewrites docs/modding.md of a source checkout, and this game runs "
            f"from {paths.package_dir()}, which is not one"
        )
    if args.check:
        old = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
        if render(old) != old:
            print(f"{DOC_PATH} is out of date: run `{paths.command()} mods docs`", file=sys.stderr)
            return EXIT_PROBLEMS
        return 0
    changed = write_docs()
    print(f"{DOC_PATH}: {'updated' if changed else 'already up to date'}")
    return 0


def _mods_enable(args: argparse.Namespace) -> int:
    from game.cards.mods import discover_mods, set_mod_enabled

    known = [m.id for m in discover_mods(_dirs(args))]
    enable = args.mods_command == "enable"
    if not enable:  # a mod deleted from disk can still be switched off in mods.json
        from game.cards.mods import load_mod_config

        known += load_mod_config()["enabled"]
    set_mod_enabled(args.mod_id, enable, known)
    print(f"{args.mod_id}: {'enabled' if enable else 'disabled'}")
    return 0


_MODS = {
    "list": _mods_list,
    "validate": _mods_validate,
    "schema": _mods_schema,
    "test": _mods_test,
    "docs": _mods_docs,
    "enable": _mods_enable,
    "disable": _mods_enable,
}


def cmd_cards(args: argparse.Namespace) -> int:
    from game.cards.deck import default_deck

    action = getattr(args, "cards_command", None)
    if action != "list":
        raise ContentError(f"cards needs an action: list{did_you_mean(str(action), ['list'])}")
    from game.cards.chains import card_links

    deck = default_deck(_dirs(args))
    rows = [
        {
            "id": cd.id,
            "kind": cd.kind,
            "title": cd.title,
            "date": cd.date,
            "until": cd.until,
            "era": cd.era,
            "world": cd.world_tags,
            "source_file": cd.source_file,
            "mod": cd.mod,
            "scenarios": sorted(cd.scenarios),
            "condition": cd.spec.condition or None,
            "on": cd.spec.on or None,
            "option_conditions": {o.id: o.condition.source for o in cd.options if o.condition},
            "follow_up": {o.id: o.follow_up for o in cd.options if o.follow_up},
            "times": cd.max_times,
            "people": cd.people,
            "contested": list(cd.spec.text.contested),
            **card_links(cd),
        }
        for cd in deck.cards.values()
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for r in rows:
        window = (r["date"] or "") + (f"..{r['until']}" if r["until"] else "")
        tags = ([f"era={r['era']}"] if r["era"] else []) + r["world"]
        if tags:
            window = (window + " " if window else "") + "[" + " ".join(tags) + "]"
        cells = (r["id"], r["kind"], window or "-", r["title"], r["source_file"])
        print("\t".join(escape(c) for c in cells))
    n_err = sum(p.is_error for p in deck.problems)
    if n_err:
        print(f"{n_err} card error(s): run `{paths.command()} mods validate`", file=sys.stderr)
    return 0
