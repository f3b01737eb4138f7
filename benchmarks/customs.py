"""Landed-cost calculations per second: the pure calculation with cached rules (what the quote path calls once
per quote; target well over 5,000/s on one core), the service path (rules in force from the compliance cache,
FX from the session's rate book) and the HTTP route (which also logs the decision and commits).
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import rate, report, temp_service

temp_service()

import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="Using .httpx.")
from fastapi.testclient import TestClient  # noqa: E402

from compliance.defaults import load_defaults  # noqa: E402
from core.auth import create_api_key  # noqa: E402
from core.db import unit_of_work  # noqa: E402
from core.models import Role  # noqa: E402
from core.money import Money  # noqa: E402
from customs.landed_cost import Item, Question, calculate  # noqa: E402
from customs.schemas import LandedCostRequest  # noqa: E402
from customs.service import Rates, calculate_landed_cost, rules_in_force  # noqa: E402
from main import create_app  # noqa: E402

TARGET = 5_000.0
DAY = date(2026, 7, 1)

with unit_of_work() as s:
    load_defaults(s)
    shop = create_api_key(s, role=Role.shop).secret


def request(country: str, currency: str, lines: int) -> LandedCostRequest:
    hs = ["610910", "640411", "851713", "420222", "950300"]
    return LandedCostRequest.model_validate(
        {
            "destination": {"country": country},
            "origin_country": "CN",
            "items": [
                {
                    "hs_code": hs[i % len(hs)],
                    "quantity": 1 + i % 3,
                    "unit_price": {"amount": "24.90", "currency": "USD"},
                }
                for i in range(lines)
            ],
            "shipping": {"amount": "7.50", "currency": "USD"},
            "incoterm": "DDP",
            "currency": currency,
            "date": DAY.isoformat(),
        }
    )


CASES = [("DE", "EUR", 3), ("US", "USD", 1), ("BR", "BRL", 3), ("ID", "USD", 5), ("GB", "GBP", 10)]

print(f"{'pure calculation, rules cached':<44}")
for country, currency, lines in CASES:
    req = request(country, currency, lines)
    with unit_of_work(write=False) as s:
        rules = rules_in_force(country, DAY)
        rates = Rates(s, DAY, {})
        _, _, _, _ = calculate_landed_cost(s, req)
        question = Question(
            destination=country,
            destination_currency={"DE": "EUR", "US": "USD", "BR": "BRL", "ID": "IDR", "GB": "GBP"}[country],
            origin_country="CN",
            items=[Item(it.hs_code, it.quantity, it.unit_price.to_money(), None) for it in req.items],
            shipping=Money(Decimal("7.50"), "USD"),
            currency=currency,
        )
        report(
            f"  {country}, {lines} line(s), USD -> {currency}",
            *rate(lambda q=question, r=rules, x=rates: calculate(q, r, x)),
            target=TARGET,
        )

print("service path (rows in force + FX, no decision log)")
with unit_of_work(write=False) as s:
    for country, currency, lines in CASES[:2]:
        req = request(country, currency, lines)
        report(
            f"  {country}, {lines} line(s)",
            *rate(lambda r=req: calculate_landed_cost(s, r)),
            target=TARGET,
        )

client = TestClient(create_app())
body = request("DE", "EUR", 3).model_dump(mode="json")
path = (
    "/v1/landed-cost" if any(getattr(r, "path", "") == "/v1/landed-cost" for r in client.app.routes) else None
)  # type: ignore[attr-defined]
if path is None:
    from customs.api import router

    client.app.include_router(router)  # type: ignore[attr-defined]
headers = {"Authorization": f"Bearer {shop}"}
assert client.post("/v1/landed-cost", json=body, headers=headers).status_code == 200
report(
    "POST /v1/landed-cost (DE, 3 lines, logged)",
    *rate(lambda: client.post("/v1/landed-cost", json=body, headers=headers)),
)
