"""No card fires outside its era or against the world it names.

Two checks:

- **static**: what a card's text puts in the present (title, body, options: not
  the historical note, which may look ahead) needs the matching explicit tag:
  Hitler and the Nazis a Germany `world` tag, the Third Reich's own institutions
  `world = ["nazi"]`, the kolkhoz order's institutions (workdays, the model
  charter, Stakhanovites, appointed chairmen) a window that starts with the Great
  Turn, the White generals a window that ends with the Civil War, the war of 1941
  (evacuation, partisans, Lend-Lease) `world = ["war"]` or the Civil War's era.
- **at play**: seeded campaigns of every scenario with every shipped bot and the
  deck; every card drawn must belong to the scenario, lie in its date window (a
  card held over from a crowded season at most `HOLD_GRACE` seasons late) and have
  its world tags hold at the moment it is drawn.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import pytest

from game.campaign import Campaign
from game.cards.deck import HOLD_GRACE, Deck, load_deck
from game.cards.loader import CardDef, season_key
from game.cards.worldtags import ERAS, WORLD_TAGS
from game.engine.bots import BOTS, make_bot

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(
    tomllib.loads(p.read_text(encoding="utf-8"))["id"]
    for p in (ROOT / "assets" / "scenarios").glob("*.toml")
)
GERMANY_TAGS = {t for t, w in WORLD_TAGS.items() if w.group == "germany"}


@cache
def deck() -> Deck:
    return load_deck(include_project_mods=False)


def present_text(cd: CardDef) -> str:
    t = cd.spec.text
    return " ".join([t.title, t.body, *(o.text for o in cd.options)])


def first_key(cd: CardDef) -> int | None:
    return cd.date_key


def last_key(cd: CardDef) -> int | None:
    if cd.until_key is not None:
        return cd.until_key
    return cd.date_key if cd.kind == "historical" else None


KOLKHOZ_ORDER = season_key(ERAS["kolkhoz-order"].first)
CIVIL_WAR_END = season_key(ERAS["civil-war"].last or "1922-10-25")

RULES = [
    # (what the text says, what the card must state, why)
    (r"\bHitler\b|\bNazis?\b|National Socialist", "germany-tag", "names Hitler or the Nazis"),
    (
        r"Reichstag fire|Gestapo|Wehrmacht|Third Reich|Ribbentrop|Luftwaffe|Anschluss|Führer",
        "nazi",
        "names the Third Reich's own institutions",
    ),
    (
        r"\bworkdays?\b|trudod|model charter|Stakhanov|kolkhoz chairm",
        "kolkhoz-order",
        "names the kolkhoz order's institutions (workdays, the model charter, "
        "Stakhanovites, appointed chairmen)",
    ),
    (r"Denikin|Kolchak|Wrangel|Yudenich|\bthe Whites\b", "civil-war", "names the Whites"),
    (
        r"Lend-Lease|\bpartisans?\b|\bevacuat\w+|occupied regions|\bthe siege\b|Tankograd",
        "war",
        "speaks of the war of 1941 (evacuation, partisans, Lend-Lease)",
    ),
]


def rule_broken(cd: CardDef, need: str) -> bool:
    tags = set(cd.world_tags)
    if need == "germany-tag":
        return not (tags & GERMANY_TAGS)
    if need == "nazi":
        return "nazi" not in tags
    if need == "kolkhoz-order":
        k = first_key(cd)
        return k is None or k < KOLKHOZ_ORDER
    if need == "civil-war":
        k = last_key(cd)
        return k is None or k > CIVIL_WAR_END
    if need == "war":
        k = last_key(cd)
        return "war" not in tags and (k is None or k > CIVIL_WAR_END)
    raise AssertionError(need)


def test_every_card_states_the_world_its_text_puts_in_the_present() -> None:
    wrong = []
    for cd in deck().cards.values():
        text = present_text(cd)
        for pattern, need, why in RULES:
            m = re.search(pattern, text)
            if m and rule_broken(cd, need):
                wrong.append(f"{cd.id} ({Path(cd.source_file).name}): {why} ('{m.group()}')")
    assert not wrong, "cards whose text needs an era or world tag:\n" + "\n".join(wrong)


def test_world_tags_are_joined_to_the_condition() -> None:
    """A tag is enforced wherever the deck asks the card's condition (or `on`)."""
    for cd in deck().cards.values():
        if not cd.world_tags:
            assert cd.world is None
            continue
        assert cd.world is not None
        gate = cd.on if cd.kind == "situation" else cd.condition
        assert gate is not None and cd.world.source in gate.source, cd.id


def test_an_era_narrows_the_window() -> None:
    for cd in deck().cards.values():
        if cd.era is None:
            continue
        era = ERAS[cd.era]
        assert cd.date_key is not None and cd.date_key >= season_key(era.first), cd.id
        if era.last is not None:
            assert cd.until_key is not None and cd.until_key <= season_key(era.last), cd.id


def _check_draws(camp: Campaign, bad: list[str]) -> None:
    st = camp.state
    key = st.year * 4 + st.season_index
    env = camp.deck._env(camp)
    for inst in camp.pending:
        cd = inst.card
        where = f"{st.scenario_id} {st.year}-{st.season_index} {cd.id} ({inst.reason})"
        if cd.scenarios and st.scenario_id not in cd.scenarios:
            bad.append(f"{where}: not in this scenario")
        grace = HOLD_GRACE if inst.reason == "held over" else 0
        has_window = cd.date_key is not None or cd.until_key is not None
        if has_window and not cd.in_window(key, grace):
            bad.append(f"{where}: outside its window")
        if cd.world is not None and not cd.world(env):
            bad.append(f"{where}: world tags {cd.world_tags} do not hold")


def play_checked(scenario: str, bot_name: str, seed: int) -> tuple[list[str], set[str]]:
    camp = Campaign.new(scenario, seed=seed, deck=Deck(deck().content))
    bot = make_bot(bot_name, seed)
    bot.start(camp.scenario)
    bad: list[str] = []
    drawn: set[str] = set()
    while not camp.finished:
        _check_draws(camp, bad)
        drawn |= {i.card.id for i in camp.pending}
        while camp.pending:
            inst = camp.pending[0]
            camp.choose(inst.card.id, camp.deck.bot_option(camp, inst, bot))
        camp.end_turn(bot.decide(camp.state))
    return bad, drawn


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_card_is_drawn_outside_its_era_or_world(scenario: str) -> None:
    bad: list[str] = []
    for bot in sorted(BOTS):
        for seed in (0, 1, 2):
            b, _ = play_checked(scenario, bot, seed)
            bad += b
    assert not bad, "\n".join(bad[:30])


def test_the_civil_war_is_played_and_shown_on_the_map() -> None:
    """coalition-1917 gets the Civil War: its cards come in their years, Ukraine is
    occupied after Brest-Litovsk and free again when the Germans go, and nothing is
    left occupied once the Peace of Riga is signed."""
    for bot_name in ("historical", "random"):
        camp = Campaign.new("coalition-1917", seed=0, deck=Deck(deck().content))
        bot = make_bot(bot_name, 0)
        bot.start(camp.scenario)
        ukraine = camp.state.region_ids.index("ukraine")
        occupied_1918 = 0.0
        while camp.state.year < 1922:
            if camp.state.year == 1918:
                occupied_1918 = max(occupied_1918, float(camp.state.arrays["occupied"][ukraine]))
            while camp.pending:
                inst = camp.pending[0]
                camp.choose(inst.card.id, camp.deck.bot_option(camp, inst, bot))
            camp.end_turn(bot.decide(camp.state))
        drawn = set(camp.deck.seen)
        civil = {c.id for c in deck().cards.values() if c.era == "civil-war"}
        assert len(drawn & civil) >= 8, sorted(drawn & civil)
        assert {"german-occupation-1918", "german-withdrawal-1918", "peace-of-riga"} <= drawn
        assert occupied_1918 > 0.5, occupied_1918
        assert float(camp.state.arrays["occupied"].max()) == 0.0


def test_the_no_hitler_branch_is_played() -> None:
    """The branches the tags guard do come up: Weimar cards where Weimar holds, Nazi
    cards where Hitler rules, never the other way round (checked above)."""
    seen_by_world: dict[str, set[str]] = {}
    for seed in range(6):
        camp = Campaign.new("great-turn-1928", seed=seed, deck=Deck(deck().content))
        bot = make_bot("random", seed)
        bot.start(camp.scenario)
        while not camp.finished:
            g = int(camp.state.nat.get("germany", -1))
            seen_by_world.setdefault(str(g), set()).update(i.card.id for i in camp.pending)
            while camp.pending:
                inst = camp.pending[0]
                camp.choose(inst.card.id, camp.deck.bot_option(camp, inst, bot))
            camp.end_turn(bot.decide(camp.state))
    cards = deck().cards
    for g, tag in (("0", "weimar"), ("1", "nazi")):
        if g in seen_by_world:
            assert any(tag in cards[c].world_tags for c in seen_by_world[g]), tag
