"""Industry, investment and tractors (game.engine.rules.economy)."""

from __future__ import annotations

from game.engine.rules import economy
from tests.engine.rules.conftest import compiled, ctx, tiny_state

HEAVY = {"heavy": 1.0, "machinery": 0.0, "consumer": 0.0, "defence": 0.0}
GOODS = {"heavy": 0.0, "machinery": 0.0, "consumer": 1.0, "defence": 0.0}


def test_heavy_investment_builds_industry_consumer_investment_goods() -> None:
    heavy, goods = tiny_state(), tiny_state()
    economy.run_economy(heavy, compiled(invest=HEAVY), ctx())
    economy.run_economy(goods, compiled(invest=GOODS), ctx())
    assert heavy.nat["industry"] > goods.nat["industry"]
    assert goods.nat["consumer_goods"] > heavy.nat["consumer_goods"]


def test_credit_to_collectives_costs_investment() -> None:
    cheap, dear = tiny_state(), tiny_state()
    for state in (cheap, dear):
        state.arrays["forms"][:] = [0.5, 0.5, 0.0]
    economy.run_economy(cheap, compiled(credit=0.0), ctx())
    economy.run_economy(dear, compiled(credit=1.0), ctx())
    assert dear.nat["budget"] < cheap.nat["budget"]
