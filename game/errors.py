"""Errors a player or modder can cause.

Every error here carries a message a person can act on: the file, line or
value at fault and what was expected. The CLI and UI show the message and
carry on; they never show a traceback for one of these.
"""

from __future__ import annotations


class SmychkaError(Exception):
    """Base of every user-facing error in the game."""


class ScenarioError(SmychkaError):
    """A scenario id is unknown or a scenario file is malformed."""


class DecisionError(SmychkaError):
    """A decision (policy) is out of range or names an unknown thing."""


class ContentError(SmychkaError):
    """Card, mod or other content could not be loaded."""


class SaveError(SmychkaError):
    """A save could not be written or read."""


def did_you_mean(value: str, choices: list[str] | tuple[str, ...]) -> str:
    """A ' (did you mean X?)' hint for an unknown name, or '' if nothing is close."""
    import difflib

    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
