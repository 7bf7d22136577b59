"""The deck as a story: pacing, variety, chains, people and historians.

Whole campaigns with every shipped bot: no run of more than two seasons
without a decision, no more than three cards in a season, no non-historical
card more than twice, enough different cards; at least 20 chains; people
whose loyalty and fate move, are saved and restored; notes that take sides in
a historians' debate name two readings of it.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache

import pytest

from game import people
from game.campaign import Campaign
from game.cards.chains import chains
from game.cards.deck import MAX_CARDS_PER_SEASON, MAX_QUIET_SEASONS, Deck, load_deck
from game.cards.validate import validate
from game.cli import main
from game.engine.bots import BOTS, make_bot
from game.historians import load_topics, surnames
from game.persistence.codec import body_of, campaign_from, header_of
from tests.cards.conftest import card_toml


@cache
def deck() -> Deck:
    return load_deck(include_project_mods=False)


@cache
def played(scenario: str, bot: str, seed: int = 0) -> Campaign:
    camp = Campaign.new(scenario, seed=seed, deck=Deck(deck().content))
    camp.play_bot(make_bot(bot, seed))
    return camp


def decision_turns(camp: Campaign) -> set[int]:
    cards = camp.deck.cards
    return {e["turn"] for e in camp.log for c in e["cards"] if cards[c["card"]].options}


def longest_quiet(camp: Campaign) -> int:
    dec = decision_turns(camp)
    run = best = 0
    for e in camp.log:
        run = 0 if e["turn"] in dec else run + 1
        best = max(best, run)
    return best


def test_the_base_deck_is_big_enough() -> None:
    assert len(deck().cards) >= 150
    scen = Counter(s for c in deck().cards.values() for s in c.scenarios)
    for sid in ("coalition-1917", "free-soviets-1921", "joint-opposition-1927", "bukharin-1928"):
        assert scen[sid] >= 5, sid
    for cd in deck().cards.values():
        assert cd.history.strip() and cd.source.strip(), f"{cd.id} lacks a note or a source"


@pytest.mark.parametrize("bot", list(BOTS))
@pytest.mark.parametrize("scenario", ["great-turn-1928", "coalition-1917"])
def test_pacing_over_a_whole_campaign(scenario: str, bot: str) -> None:
    camp = played(scenario, bot)
    assert longest_quiet(camp) <= MAX_QUIET_SEASONS, (scenario, bot)
    per_turn = Counter(e["turn"] for e in camp.log for _ in e["cards"])
    assert max(per_turn.values()) <= MAX_CARDS_PER_SEASON
    counts = Counter(c["card"] for e in camp.log for c in e["cards"])
    cards = camp.deck.cards
    repeated = {k: n for k, n in counts.items() if cards[k].kind != "historical" and n > 2}
    assert repeated == {}, repeated


def test_enough_different_cards_for_each_bot() -> None:
    seen = {b: len({c["card"] for c in played("great-turn-1928", b).cards_drawn()}) for b in BOTS}
    assert seen["historical"] >= 45, seen
    assert seen["voluntary"] >= 40 and seen["voluntary-supported"] >= 40, seen


def test_at_least_twenty_chains() -> None:
    found = chains(deck().cards)
    assert len(found) >= 20, found


def test_cards_list_json_has_what_chains_are_made_of(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cards", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_id = {r["id"]: r for r in rows}
    for key in ("follow_up", "condition", "people", "remembers", "flags_set", "flags_read"):
        assert key in by_id["great-turn"], key
    assert by_id["great-turn"]["follow_up"]
    assert "bukharin" in by_id["bukharin-trial"]["people"]
    # the chains can be counted from the JSON alone
    edges = [(a, r["id"]) for r in rows for a in r["remembers"]]
    edges += [(r["id"], b) for r in rows for b in r["follow_up"].values()]
    assert len(edges) >= 25


def test_a_campaign_tells_its_own_story() -> None:
    """Later cards follow from earlier choices in a real campaign."""
    links = 0
    for bot in ("historical", "voluntary"):
        camp = played("great-turn-1928", bot)
        drawn = {c["card"] for c in camp.cards_drawn()}
        for cid in drawn:
            cd = camp.deck.cards[cid]
            conds = [cd.condition, *[o.condition for o in cd.options]]
            if any(r[0] == "card" and r[1] in drawn for c in conds if c for r in c.refs):
                links += 1
    assert links >= 6


def test_the_agronomist_does_not_stack() -> None:
    for bot in BOTS:
        drawn = [c["card"] for c in played("great-turn-1928", bot).cards_drawn()]
        assert drawn.count("the-agronomist") <= 1


def test_kolkhoz_chairmen_only_where_there_are_kolkhozes() -> None:
    """The dry summer of 1936 speaks of kolkhoz chairmen and a procurement plan: it
    needs kolkhozes and quotas; a country of voluntary collectives and a market
    meets the drought through its own card."""
    d = deck().cards
    assert "kolkhoz_share" in d["drought-1936"].spec.condition
    assert "policy.market == 0" in d["drought-1936"].spec.condition
    for bot in ("voluntary", "voluntary-supported", "nep"):
        drawn = {c["card"] for c in played("great-turn-1928", bot).cards_drawn()}
        assert "drought-1936" not in drawn, bot
    assert "drought-1936-market" in d


def test_people_move_and_are_saved() -> None:
    camp = played("great-turn-1928", "historical")
    recs = people.records(camp.state)
    assert {"bukharin", "stalin", "trotsky", "kirov", "chayanov"} <= set(recs)
    fates = {r["fate"] for r in recs.values()}
    assert fates - {"active"}, "no one's fate changed over a whole campaign"
    start = people._initial(camp.state)
    assert any(abs(recs[p]["loyalty"] - start[p]["loyalty"]) > 0.05 for p in recs)
    blob = json.loads(json.dumps({"header": header_of(camp), "body": body_of(camp)}))
    back, _ = campaign_from(blob["header"], blob["body"])
    assert people.records(back.state) == recs
    assert back.card_memory.fired == camp.card_memory.fired


def test_the_early_people_belong_to_the_early_scenarios() -> None:
    early = Campaign.new("coalition-1917", seed=0)
    late = Campaign.new("great-turn-1928", seed=0)
    assert {"makhno", "martov", "chernov"} <= set(people.records(early.state))
    assert not {"makhno", "martov", "chernov"} & set(people.records(late.state))


def test_a_show_trial_has_its_cost() -> None:
    camp = Campaign.new("great-turn-1928", seed=2, deck=Deck(deck().content))
    st = camp.state
    before = (st.factions["right"], st.nat["red_scare"], st.nat["collective_security"])
    others = {p: r["loyalty"] for p, r in people.records(st).items() if p != "bukharin"}
    cd = deck().cards["bukharin-trial"]
    inst = camp.deck.instance(camp, cd.id)
    camp.deck.choose(camp, inst, 0)
    assert people.fate(st, "bukharin") == "tried"
    assert st.factions["right"] < before[0]
    assert st.nat["red_scare"] > before[1] and st.nat["collective_security"] < before[2]
    after = people.records(st)
    assert all(after[p]["loyalty"] <= v for p, v in others.items())


def test_policy_moves_loyalty() -> None:
    camp = Campaign.new("great-turn-1928", seed=0)
    forced = make_bot("historical")
    b0 = people.loyalty(camp.state, "bukharin")
    k0 = people.loyalty(camp.state, "kaganovich")
    for _ in range(12):
        dec = forced.decide(camp.state)
        camp.end_turn(dec)
        people.season(camp.state, camp.decisions.policy)
    assert (
        people.loyalty(camp.state, "kaganovich") - k0 > people.loyalty(camp.state, "bukharin") - b0
    )


def test_contested_notes_name_two_readings() -> None:
    topics = load_topics()
    assert {"famine", "nep", "kulak", "war-scare"} <= set(topics)
    for t in topics.values():
        assert len(t.readings) >= 2, t.id
    n = 0
    for cd in deck().cards.values():
        for tid in cd.spec.text.contested:
            names = [s for s in surnames(topics[tid]) if s in cd.history]
            assert len(set(names)) >= 2, (cd.id, tid, names)
            n += 1
    assert n >= 10


def test_validator_warns_on_a_generic_card_without_a_world(tmp_path) -> None:
    mod = tmp_path / "worldless"
    (mod / "cards").mkdir(parents=True)
    (mod / "mod.toml").write_text('id = "worldless"\nname = "W"\nversion = "1.0"\n')
    (mod / "cards" / "c.toml").write_text(
        card_toml("no-world", kind="event", extra='condition = "max(unrest) > 0.1"')
        + card_toml("with-world", kind="event", extra='condition = "kolkhoz_share > 0.1"')
    )
    msgs = [str(p) for p in validate([mod])]
    assert any("no-world" in m and "which world it needs" in m for m in msgs), msgs
    assert not any("with-world" in m and "which world" in m for m in msgs)


def test_cards_name_people_who_exist(tmp_path) -> None:
    mod = tmp_path / "people-mod"
    (mod / "cards").mkdir(parents=True)
    (mod / "mod.toml").write_text('id = "people-mod"\nname = "P"\nversion = "1.0"\n')
    (mod / "cards" / "c.toml").write_text(
        card_toml("bad-person", kind="event", effects='"person.bukarin.loyalty += 0.1"')
    )
    msgs = [str(p) for p in validate([mod])]
    assert any("unknown person 'bukarin'" in m and "bukharin" in m for m in msgs), msgs
