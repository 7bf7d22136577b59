"""'Historians disagree': topics where historians read the evidence differently.

Data in `assets/historians.toml`: each topic has a question, a summary and two
or more readings, each with author, work, the reading and its evidence. Cards
whose note joins a debate list the topic in `[card.text] contested = [...]`;
the encyclopedia shows the topics and links the cards to them.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass

from game import paths


@dataclass(frozen=True)
class Reading:
    author: str
    work: str
    reading: str
    evidence: str


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    question: str
    summary: str
    readings: tuple[Reading, ...]


@functools.cache
def load_topics() -> dict[str, Topic]:
    data = tomllib.loads(paths.asset("historians.toml").read_text(encoding="utf-8"))
    out: dict[str, Topic] = {}
    for t in data.get("topic", []):
        out[t["id"]] = Topic(
            id=t["id"],
            title=t["title"],
            question=t["question"],
            summary=t["summary"],
            readings=tuple(
                Reading(r["author"], r["work"], r["reading"], r["evidence"])
                for r in t.get("reading", [])
            ),
        )
    return out


def surnames(topic: Topic) -> list[str]:
    """The authors' surnames of a topic's readings (to find them in a card's note)."""
    out: list[str] = []
    for r in topic.readings:
        for name in r.author.replace(" and ", ";").replace(",", ";").split(";"):
            words = [w for w in name.split() if w[:1].isupper()]
            if words:
                out.append(words[-1])
    return out
