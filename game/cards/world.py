"""What world a card needs: the check behind the validator's warning on generic cards.

A generic card (an event or debate that runs in every scenario) should say in
its condition, or with a date window, which world it belongs to: farm forms
present (`voluntary_share`, `kolkhoz_share`, ...), procurement (`policy.market`),
path (`policy.forced`, ...), era (`year`, `date`/`until`, an `era` tag), Germany's
road (`germany` or a `world` tag), or
the campaign's own story (`seen`, `chose`, `flag`, people). Without that it
fires where it makes no sense (kolkhoz chairmen in a country with no kolkhozes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.cards.expr import Bin, Call, Name, Node, Unary

if TYPE_CHECKING:
    from game.cards.loader import CardDef

WORLD_NAMES = frozenset(
    {
        "year",
        "collectivised",
        "voluntary_share",
        "kolkhoz_share",
        "voluntary",
        "kolkhoz",
        "germany",
        "tractors",
        "policy",
        "person",
        "deported",
    }
)
WORLD_FUNCTIONS = frozenset({"flag", "seen", "chose", "fate"})


def names_in(node: Node) -> set[str]:
    """First parts of the names and the functions an expression uses."""
    out: set[str] = set()
    stack: list[Any] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Name):
            out.add(n.parts[0])
        elif isinstance(n, Call):
            out.add(n.fn + "()")
            stack.extend(n.args)
        elif isinstance(n, Bin):
            stack += [n.a, n.b]
        elif isinstance(n, Unary):
            stack.append(n.x)
    return out


def states_its_world(cd: CardDef) -> bool:
    """False for a generic event or debate card with no world in its condition."""
    if cd.kind not in ("event", "debate") or cd.scenarios or cd.date or cd.until or cd.era:
        return True
    if cd.condition is None:
        return False
    used = names_in(cd.condition.node)
    return bool(used & WORLD_NAMES) or any(f"{f}()" in used for f in WORLD_FUNCTIONS)


WORLD_HINT = (
    "a card for every scenario should say which world it needs: farm forms "
    "(voluntary_share, kolkhoz_share), procurement (policy.market), path "
    "(policy.forced, policy.voluntary), era (year, date/until or era = ...), Germany "
    "(world = [...]), or the story so far "
    "(seen, chose, flag, people)"
)
