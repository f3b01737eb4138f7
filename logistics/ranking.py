"""How a quote's options are ordered, told to the shopper (EU Digital Services Act, art. 27: the main
parameters of a ranking and their relative importance, in plain words).

One `Ranking` per objective, built once when the module loads from the planner's own constants
(`OPTIONS_SHOWN`, `BEST_VALUE_SPEED_WEIGHT`) and shared by every quote asking that objective: the quote path
only points at it. The order of the parameters is the planner's rank keys' (`logistics.planner._rank_key`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import get_args

from logistics.planner import BEST_VALUE_SPEED_WEIGHT, OPTIONS_SHOWN, Objective
from logistics.schemas import Ranking, RankingParameter

TOTAL = (
    "The total you pay at checkout: the goods, shipping, and the duties and taxes collected with the order "
    "(with DAP, those due at the door are shown but not counted)."
)
LIKELY = "The day the parcels most likely arrive, counted in days from now."
LATEST = "The latest day the parcels are expected to arrive."
SHIPMENTS = "How many parcels the order is split into: fewer first."
SHOWN = (
    f"We compare every warehouse holding your items with every carrier service that delivers to you and "
    f"takes the goods, leave out those that cannot arrive within your maximum days, and show up to "
    f"{OPTIONS_SHOWN} options, always including the cheapest and the fastest."
)
UNPAID = "No merchant, carrier or warehouse can pay for a better place: ranking depends only on the above."


def _tie(name: str, text: str) -> RankingParameter:
    return RankingParameter(name=name, weight_percent=0, description=f"Only breaks ties. {text}")


def _percent(share: Decimal) -> int:
    return int((share * 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def _best_value() -> Ranking:
    price_share = Decimal(1) / (1 + BEST_VALUE_SPEED_WEIGHT)
    price, speed = _percent(price_share), 100 - _percent(price_share)
    return Ranking(
        objective="best_value",
        summary=(
            f"Options are ordered by the best balance of price and speed. Each gets a score: its total "
            f"compared with the cheapest option's counts {price}%, its likely delivery time compared with "
            f"the fastest option's counts {speed}%; the lowest score comes first, and of equal scores the "
            f"lower total. {SHOWN} {UNPAID}"
        ),
        parameters=[
            RankingParameter(
                name="total_price", weight_percent=price, description=f"{TOTAL} Compared with the cheapest."
            ),
            RankingParameter(
                name="likely_delivery_days",
                weight_percent=speed,
                description=f"{LIKELY} Compared with the fastest.",
            ),
            _tie("total_price", "The lower total first."),
        ],
    )


def _cheapest() -> Ranking:
    return Ranking(
        objective="cheapest",
        summary=(
            "Options are ordered by their total price, lowest first. When totals are equal, the earlier "
            f"likely delivery comes first, then the one in fewer parcels. {SHOWN} {UNPAID}"
        ),
        parameters=[
            RankingParameter(name="total_price", weight_percent=100, description=TOTAL),
            _tie("likely_delivery_days", LIKELY),
            _tie("shipments", SHIPMENTS),
        ],
    )


def _fastest() -> Ranking:
    return Ranking(
        objective="fastest",
        summary=(
            "Options are ordered by their likely delivery day, earliest first. When equal, the earlier "
            f"latest day comes first, then the lower total, then the one in fewer parcels. {SHOWN} {UNPAID}"
        ),
        parameters=[
            RankingParameter(name="likely_delivery_days", weight_percent=100, description=LIKELY),
            _tie("latest_delivery_days", LATEST),
            _tie("total_price", TOTAL),
            _tie("shipments", SHIPMENTS),
        ],
    )


RANKINGS: dict[str, Ranking] = {"best_value": _best_value(), "cheapest": _cheapest(), "fastest": _fastest()}
assert set(RANKINGS) == set(get_args(Objective))


def ranking_of(objective: str) -> Ranking:
    """The objective's ranking, built once (the same object for every quote)."""
    return RANKINGS[objective]
