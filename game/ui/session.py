"""Starting, saving and loading campaigns from the UI, with errors shown as dialogs.

The persistence and card packages are optional at import time so the window
still opens while they are being built; every function here degrades to a
clear message instead of a crash.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from game import paths
from game.errors import SmychkaError

if TYPE_CHECKING:
    from game.ui.app import App


def persistence() -> Any | None:
    try:
        import game.persistence as p
    except ImportError:
        return None
    return p if hasattr(p, "save_campaign") else None


def mod_dirs(app: App) -> list[Path]:
    """Folders of the mods the player has enabled (mods.json), in load order."""
    return [Path(m.path) for m in discover(app) if m.enabled and m.ok]


def discover(app: App) -> list[Any]:
    """Mods found on disk (`game.cards.mods.discover_mods`), [] if unavailable."""
    try:
        from game.cards.mods import discover_mods
    except ImportError:
        return []
    try:
        return list(discover_mods(()))
    except SmychkaError:
        return []


def remember_mods(enabled: dict[str, bool]) -> None:
    """Store which mods are enabled (mods.json, shared with `python main.py mods`)."""
    try:
        from game.cards.mods import set_mod_enabled
    except ImportError:
        return
    for mod_id, on in enabled.items():
        set_mod_enabled(mod_id, on)


def make_deck(mods: list[Path] | None = None) -> Any:
    """The card deck with the given mods, or None when cards are not available."""
    try:
        from game.cards.deck import default_deck
    except ImportError:
        return None
    if mods:
        try:
            return default_deck(mods_dirs=list(mods))
        except TypeError:
            pass
    return default_deck()


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
    content = getattr(deck, "content", None)
    if content is None:
        return []
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
    p = persistence()
    if p is None:
        app.message("Cannot load", "Saving and loading are not available in this build.")
        return False
    try:
        result = p.load_campaign(Path(path), mods_dirs=tuple(mod_dirs(app)))
    except SmychkaError as exc:
        app.message("This save cannot be loaded", str(exc))
        return False
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # defensive: a save is outside input; never crash on it
        app.message("This save cannot be loaded", f"{path}: {exc}")
        return False
    app.campaign = result.campaign
    app.switch("campaign")
    if getattr(result, "warnings", None):
        app.message("Loaded with warnings", "\n".join(str(w) for w in result.warnings))
    if app.campaign.finished and app.has_scene("end"):
        app.switch("end")
    return True


def save(app: App, kind: str, name: str = "") -> Path | None:
    """kind: quick, auto or named. Returns the file, or None (message shown)."""
    p = persistence()
    if p is None or app.campaign is None:
        if kind != "auto":
            app.message("Cannot save", "Saving is not available in this build.")
        return None
    try:
        if kind == "quick":
            return p.quicksave(app.campaign)
        if kind == "auto":
            return p.autosave(app.campaign)
        return p.named_save(app.campaign, name)
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
    p = persistence()
    if p is None:
        return []
    try:
        return list(p.list_saves())
    except (SmychkaError, OSError):
        return []


def latest_save() -> Any | None:
    """SaveInfo of the newest loadable save (for "Continue"), or None."""
    p = persistence()
    if p is None:
        return None
    try:
        path = p.latest_save()
        return None if path is None else p.save_info(Path(path))
    except (SmychkaError, OSError):
        return None
