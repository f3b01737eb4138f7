"""EU DSA in quotes and orders: sales to the EU need the merchant's verified trader information (art. 30),
and every quote tells how its options are ranked (art. 27)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from logistics.planner import BEST_VALUE_SPEED_WEIGHT
from tests.logistics.test_orders_api import LUMEN, DemoKeys, order, quote


@pytest.fixture
def demo(db_url: str) -> DemoKeys:
    return DemoKeys()


def cart(country: str, city: str, merchant: str = LUMEN, **extra: Any) -> dict[str, Any]:
    return {
        "merchant_id": merchant,
        "destination": {"country": country, "city": city},
        "items": [
            {"sku": "TEE-BASIC-M", "quantity": 1, "unit_price": {"amount": "20.00", "currency": "EUR"}}
        ],
        "currency": "EUR",
        **extra,
    }


def set_state(client: TestClient, demo: DemoKeys, state: str) -> None:
    r = client.post(
        f"/v1/merchants/{LUMEN}/trader/verification",
        json={"state": state, "reason": "test"},
        headers=demo.h(demo.admin),
    )
    assert r.status_code == 200, r.text


def test_an_unverified_trader_is_refused_for_france_and_accepted_for_indonesia(
    client: TestClient, demo: DemoKeys
) -> None:
    set_state(client, demo, "pending")
    r = client.post("/v1/quotes", json=cart("FR", "Paris"), headers=demo.h(demo.shop))
    assert r.status_code == 409, r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["type"] == "/problems/trader-not-verified"
    assert (problem["country"], problem["merchant_id"], problem["missing"]) == ("FR", LUMEN, ["verification"])
    assert "not verified" in problem["detail"]
    assert "art. 30" in problem["detail"]
    assert problem["errors"][0]["field"] == "merchant_id"

    r = client.post("/v1/quotes", json=cart("ID", "Jakarta"), headers=demo.h(demo.shop))
    assert r.status_code == 201, r.text
    assert r.json()["options"]

    set_state(client, demo, "verified")
    assert client.post("/v1/quotes", json=cart("FR", "Paris"), headers=demo.h(demo.shop)).status_code == 201


def test_missing_information_is_named(client: TestClient, demo: DemoKeys) -> None:
    r = client.post(
        "/v1/merchants",
        json={
            "name": "No Papers",
            "country": "CN",
            "settlement_currency": "USD",
            "trader_verification": "verified",
        },
        headers=demo.h(demo.admin),
    )
    mid = r.json()["id"]
    r = client.post("/v1/quotes", json=cart("DE", "Berlin", merchant=mid), headers=demo.h(demo.shop))
    assert r.status_code == 409, r.text
    assert r.json()["missing"] == [
        "legal_name",
        "address",
        "email",
        "phone",
        "registration_number",
        "trade_register",
        "self_certification",
    ]
    assert "missing legal_name, address" in r.json()["detail"]
    # outside the EU the quote is made (this merchant has no stock: no options, but no refusal)
    body = cart("ID", "Jakarta", merchant=mid)
    body["items"][0].update(weight_g=200, hs_code="610910")
    r = client.post("/v1/quotes", json=body, headers=demo.h(demo.shop))
    assert r.status_code == 201, r.text
    assert r.json()["rejected"][0]["reason"] == "out_of_stock"


def test_an_order_to_the_eu_is_refused_once_the_trader_is_no_longer_verified(
    client: TestClient, demo: DemoKeys
) -> None:
    q = quote(client, demo, country="FR", city="Paris")
    set_state(client, demo, "rejected")
    r = order(client, demo, q)
    assert r.status_code == 409, r.text
    assert r.json()["type"] == "/problems/trader-not-verified"
    assert r.json()["errors"][0]["field"] == "quote_id"
    set_state(client, demo, "verified")
    assert order(client, demo, q).status_code == 201


def test_each_quote_tells_its_ranking(client: TestClient, demo: DemoKeys) -> None:
    for objective in ("cheapest", "fastest", "best_value"):
        r = client.post(
            "/v1/quotes", json=cart("DE", "Berlin", objective=objective), headers=demo.h(demo.shop)
        )
        assert r.status_code == 201, r.text
        q = r.json()
        ranking = q["ranking"]
        assert ranking["objective"] == objective
        assert ranking["paid_placement"] is False
        assert sum(p["weight_percent"] for p in ranking["parameters"]) == 100
        assert "No merchant, carrier or warehouse can pay" in ranking["summary"]
        options = q["options"]
        assert len(options) >= 2
        totals = [Decimal(o["total"]["amount"]) for o in options]
        likely = [o["delivery_window"]["days_likely"] for o in options]
        if objective == "cheapest":
            assert ranking["parameters"][0] == {**ranking["parameters"][0], "name": "total_price"}
            assert totals == sorted(totals)
        elif objective == "fastest":
            assert ranking["parameters"][0]["name"] == "likely_delivery_days"
            assert likely == sorted(likely)
        else:
            price, speed = (p["weight_percent"] for p in ranking["parameters"][:2])
            assert (price, speed) == (67, 33)
            assert Decimal(speed) / Decimal(price) == pytest.approx(
                BEST_VALUE_SPEED_WEIGHT, abs=Decimal("0.01")
            )
            assert "67%" in ranking["summary"]
            assert "33%" in ranking["summary"]
        again = client.get(f"/v1/quotes/{q['id']}", headers=demo.h(demo.shop)).json()
        assert again["ranking"] == ranking
