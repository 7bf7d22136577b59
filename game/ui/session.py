"""Starting, saving and loading campaigns from the UI, with errors shown as dialogs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import game.persistence as persistence
from game import paths
from game.errors import SmychkaError

# The card system, its schemas (pydantic) and the engine are imported where a function
# needs them: the main menu imports this module, and its first frame must not wait for
# them (startup_ms in `python main.py bench`).
if TYPE_CHECKING:
    from game.cards.deck import Deck
    from game.cards.mods import ModInfo
    from game.engine.scenario import Scenario
    from game.persistence.slots import SaveInfo
    from game.ui.app import App


def mod_dirs(app: App | None) -> list[Path]:
    """Folders of the mods the player has enabled (mods.json), in load order."""
    return [Path(m.path) for m in discover(app) if m.enabled and m.ok]


def discover(app: App | None) -> list[ModInfo]:
    """Mods found on disk (`game.cards.mods.discover_mods`); [] if the folders cannot be read."""
    from game.cards.mods import discover_mods

    try:
        return list(discover_mods(()))
    except SmychkaError:
        return []


def remember_mods(enabled: dict[str, bool]) -> None:
    """Store which mods are enabled (mods.json, shared with `python main.py mods`)."""
    from game.cards.mods import set_mod_enabled

    for mod_id, on in enabled.items():
        set_mod_enabled(mod_id, on)


def make_deck(mods: list[Path] | None = None) -> Deck:
    """The card deck: the base cards and those of `mods` (and of the enabled mods)."""
    from game.cards.deck import default_deck

    return default_deck(mods_dirs=list(mods or []))


def scenarios(app: App | None) -> dict[str, Scenario]:
    """The scenarios a new campaign can start: the base ones and the enabled mods'."""
    from game.engine.scenario import available_scenarios

    return available_scenarios(make_deck(mod_dirs(app)).content.scenarios)


def start_new(
    app: App,
    scenario_id: str,
    seed: int,
    difficulty: str,
    mods: list[Path] | None = None,
    ironman: bool = False,
) -> None:
    from game.campaign import Campaign

    deck = make_deck(mods)
    camp = Campaign.new(scenario_id, seed=seed, difficulty=difficulty, deck=deck, ironman=ironman)
    app.campaign = camp
    app.campaign_mods = [str(m) for m in mods or []]
    app.switch("campaign", first_turn=True)
    left_out = left_out_mods(deck)
    if left_out:  # the player chose these mods: say why they are not in the game
        app.message("Some mods were left out", "\n\n".join(left_out))


def left_out_mods(deck: Any) -> list[str]:
    """One paragraph for each enabled mod the card loader left out, with its first
    error (file:line) and the command that lists them all."""
    content = deck.content
    out = []
    for m in content.mods:
        if m.enabled and m not in content.loaded_mods:
            first = next((p for p in m.problems if p.is_error), None)
            why = f"{first.path}:{first.line}: {first.message}" if first else "it has errors"
            out.append(
                f"Mod '{m.id}' was left out: {why}\n"
                f"All its problems: {paths.command()} mods validate {m.path}"
            )
    return out


def load(app: App, path: Path) -> bool:
    """Load a save into the app and open the campaign screen; on failure show why and
    leave the player where they were."""
    try:
        result = persistence.load_campaign(Path(path), mods_dirs=tuple(mod_dirs(app)))
    except SmychkaError as exc:
        app.message("This save cannot be loaded", str(exc))
        return False
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # defensive: a save is outside input; never crash on it
        app.message("This save cannot be loaded", f"{path}: {exc}")
        return False
    app.campaign = result.campaign
    app.switch("campaign")
    if result.warnings:
        app.message("Loaded with warnings", "\n".join(str(w) for w in result.warnings))
    if app.campaign.finished:
        app.switch("end")
    return True


def save(app: App, kind: str, name: str = "") -> Path | None:
    """kind: quick, auto or named. Returns the file, or None (message shown)."""
    if app.campaign is None:
        if kind != "auto":
            app.message("Cannot save", "There is no campaign to save.")
        return None
    try:
        if kind == "quick":
            return persistence.quicksave(app.campaign)
        if kind == "auto":
            return persistence.autosave(app.campaign)
        return persistence.named_save(app.campaign, name)
    except SmychkaError as exc:
        app.message("The game could not be saved", str(exc))
    except OSError as exc:
        app.message("The game could not be saved", str(exc))
    return None


def quickload(app: App) -> bool:
    """Load the quicksave (with the player's mods), or say there is none. Not in an
    ironman campaign: there every season stands."""
    if app.campaign is not None and getattr(app.campaign, "ironman", False):
        app.message("Ironman", "This is an ironman campaign: there is no quickload.")
        return False
    for info in list_saves():
        if info.name == "quicksave":
            return load(app, Path(info.path))
    app.message("No quicksave", "Press F5 during a campaign to make a quicksave first.")
    return False


def list_saves() -> list[Any]:
    try:
        return list(persistence.list_saves())
    except (SmychkaError, OSError):
        return []


def save_when(info: SaveInfo) -> str:
    """Where a save stands, as the top bar said when it was made: "Autumn 1931, turn 15"
    (the season about to be played; the header counts seasons played, from 0), or how
    the campaign ended."""
    if info.outcome is not None:
        return f"{info.date_label}, ended ({str(info.outcome).replace('_', ' ')})"
    return f"{info.date_label}, turn {info.turn + 1}"


def latest_save() -> Any | None:
    """SaveInfo of the newest loadable save, for "Continue"; None if there is none or
    if that campaign has ended (there is nothing to continue: Load still opens it)."""
    try:
        path = persistence.latest_save()
        info = None if path is None else persistence.save_info(Path(path))
    except (SmychkaError, OSError):
        return None
    if info is None or info.outcome is not None:
        return None
    return info
