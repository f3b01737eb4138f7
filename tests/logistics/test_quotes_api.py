"""Shipping quotes through the API on the demo network.

Prices, windows, splits, objectives, rules and FX locks.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from core.clock import frozen, utc_now
from core.db import unit_of_work
from core.demo import DEMO_MERCHANT_ID, seed_merchants
from tests.conftest import Keys


@pytest.fixture
def network(db_url: str) -> None:
    from carriers.demo import seed_demo as carriers_demo
    from compliance.defaults import load_defaults
    from logistics.demo import seed_demo as logistics_demo
    from payments.demo import seed_demo as fx_demo

    with unit_of_work() as s:
        seed_merchants(s)
        for seed in (load_defaults, fx_demo, carriers_demo, logistics_demo):
            seed(s)


def cart(
    *items: tuple[str, int],
    country: str = "ID",
    city: str | None = "Jakarta",
    currency: str = "IDR",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "merchant_id": DEMO_MERCHANT_ID,
        "destination": {"country": country, **({"city": city} if city else {})},
        "items": [
            {"sku": sku, "quantity": q, "unit_price": {"amount": "12.50", "currency": "USD"}}
            for sku, q in items
        ],
        "currency": currency,
        "incoterm": "DDP",
        **extra,
    }


def quote(client: TestClient, keys: Keys, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
    r = client.post("/v1/quotes", json=body, headers=keys.h(keys.shop))
    assert r.status_code == status, r.text
    return r.json()  # type: ignore[no-any-return]


def test_tee_to_jakarta_cheapest_is_a_dedicated_line_within_the_norm(
    client: TestClient, keys: Keys, network: None
) -> None:
    q = quote(client, keys, cart(("TEE-BASIC-M", 2), objective="cheapest"))
    best = q["options"][0]
    assert "cheapest" in best["tags"]
    assert best["total"]["currency"] == "IDR"
    assert "." not in best["total"]["amount"]
    assert best["shipments"][0]["mode"] == "dedicated_line"
    assert best["shipments"][0]["warehouse"] in {"SZX1", "YIW1"}
    w = best["delivery_window"]
    assert 5 <= w["days_min"] <= w["days_likely"] <= w["days_max"] <= 15
    parts = best["breakdown"]
    assert sum(
        Decimal(parts[k]["amount"]) for k in ("goods", "shipping", "duties", "taxes", "fees")
    ) == Decimal(best["total"]["amount"])
    assert Decimal(parts["taxes"]["amount"]) > 0  # Indonesian import VAT on everything
    assert best["duties_collected"] == "checkout"
    assert "Ranked by the lowest total" in best["explanation"]
    assert q["rules_applied"]
    assert q["fx"]  # locked rates, expiring with the quote
    assert all(lock["expires_at"][:16] == q["expires_at"][:16] for lock in q["fx"])
    again = client.get(f"/v1/quotes/{q['id']}", headers=keys.h(keys.shop)).json()
    assert again["options"] == q["options"]
    assert again["expired"] is False


def test_objectives_and_tags(client: TestClient, keys: Keys, network: None) -> None:
    cheap = quote(client, keys, cart(("TEE-BASIC-M", 1), objective="cheapest"))["options"]
    fast = quote(client, keys, cart(("TEE-BASIC-M", 1), objective="fastest"))["options"]
    assert Decimal(cheap[0]["total"]["amount"]) <= min(Decimal(o["total"]["amount"]) for o in fast)
    assert fast[0]["delivery_window"]["days_likely"] <= min(
        o["delivery_window"]["days_likely"] for o in cheap
    )
    tags = {t for o in fast for t in o["tags"]}
    assert {"cheapest", "fastest", "best_value"} <= tags


def test_split_when_no_warehouse_holds_the_cart(client: TestClient, keys: Keys, network: None) -> None:
    # PHONE-CASE-01 is in SZX1 and CGK1, SNEAKER-RUN-42 in YIW1 and LAX1: two shipments at least
    q = quote(client, keys, cart(("PHONE-CASE-01", 1), ("SNEAKER-RUN-42", 1), max_days=30))
    assert q["options"]
    for option in q["options"]:
        assert len(option["shipments"]) == 2
        shipped = sorted(i["sku"] for s in option["shipments"] for i in s["items"])
        assert shipped == ["PHONE-CASE-01", "SNEAKER-RUN-42"]
        assert "split_shipment" in option["reasons"]
    # one warehouse holding everything is preferred: TEE-BASIC-M and TOTE-CANVAS are both in YIW1
    single = quote(client, keys, cart(("TEE-BASIC-M", 1), ("TOTE-CANVAS", 1)))
    assert all(len(o["shipments"]) == 1 for o in single["options"])
    assert {o["shipments"][0]["warehouse"] for o in single["options"]} == {"YIW1"}


def test_domestic_stock_owes_no_duty_but_its_vat(client: TestClient, keys: Keys, network: None) -> None:
    q = quote(client, keys, cart(("PHONE-CASE-01", 1), objective="fastest"))
    local = [o for o in q["options"] if o["shipments"][0]["warehouse"] == "CGK1"]
    assert local
    b = local[0]["breakdown"]
    assert b["duties"]["amount"] == b["fees"]["amount"] == "0"
    assert int(b["taxes"]["amount"]) > 0  # Indonesia's VAT, as an imported case would carry
    assert local[0]["duties_collected"] == "checkout"
    (landed,) = local[0]["landed_cost"]["shipments"]
    assert (landed["supply"], landed["scheme"], landed["collected"]) == ("domestic", "domestic", "checkout")
    assert [c["kind"] for c in landed["charges"]] == ["vat"]


def test_max_days_rejects_slow_services(client: TestClient, keys: Keys, network: None) -> None:
    q = quote(client, keys, cart(("TEE-BASIC-M", 1), max_days=6))
    assert all(o["delivery_window"]["days_max"] <= 6 for o in q["options"])
    assert any(r["reason"] == "too_slow" for r in q["rejected"])


def test_restricted_goods_and_suspended_markets_give_no_options(
    client: TestClient, keys: Keys, network: None, officer2: str
) -> None:
    body = cart(("PISTOL-1", 1))
    body["items"][0].update(weight_g=900, hs_code="930200")
    q = quote(client, keys, body)
    assert q["options"] == []
    assert any("restricted_goods" in b for b in q["blocked"])
    r = client.post(
        "/v1/markets/TH/suspend", json={"reason": "regulator order"}, headers=keys.h(keys.officer)
    )
    assert r.status_code == 200
    q = quote(client, keys, cart(("TEE-BASIC-M", 1), country="TH", city="Bangkok", currency="THB"))
    assert q["options"] == []
    assert any("market suspended" in b for b in q["blocked"])


@pytest.fixture
def officer2(keys: Keys) -> str:
    from core.auth import create_api_key
    from core.models import Role

    with unit_of_work() as s:
        return create_api_key(s, role=Role.compliance_officer).secret


def test_out_of_stock_is_explained(client: TestClient, keys: Keys, network: None) -> None:
    q = quote(client, keys, cart(("TEE-BASIC-M", 100_00)))
    assert q["options"] == []
    assert q["rejected"][0]["reason"] == "out_of_stock"


def test_quotes_expire_with_their_fx_locks(client: TestClient, keys: Keys, network: None) -> None:
    q = quote(client, keys, cart(("TEE-BASIC-M", 1)))
    with frozen(utc_now() + timedelta(minutes=31)):
        assert client.get(f"/v1/quotes/{q['id']}", headers=keys.h(keys.shop)).json()["expired"] is True
        lock = client.get(f"/v1/fx/quotes/{q['fx'][0]['id']}", headers=keys.h(keys.shop)).json()
        assert lock["status"] == "expired"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"items": []}, "items"),
        ({"destination": {"country": "XX"}}, "destination.country"),
        ({"currency": "USX"}, "currency"),
    ],
)
def test_bad_carts_are_422(
    client: TestClient, keys: Keys, network: None, change: dict[str, Any], field: str
) -> None:
    r = client.post("/v1/quotes", json={**cart(("TEE-BASIC-M", 1)), **change}, headers=keys.h(keys.shop))
    assert r.status_code == 422
    assert field in {e["field"] for e in r.json()["errors"]}


def test_bad_lines_are_named(client: TestClient, keys: Keys, network: None) -> None:
    r = client.post("/v1/quotes", json=cart(("TEE-BASIC-M", 0)), headers=keys.h(keys.shop))
    assert r.json()["errors"][0]["field"] == "items.0.quantity"
    r = client.post(
        "/v1/quotes", json=cart(("TEE-BASIC-M", 1), ("NO-SUCH-SKU", 1)), headers=keys.h(keys.shop)
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "items.1.sku"
    r = client.post("/v1/quotes", json=cart(*[("TEE-BASIC-M", 1)] * 101), headers=keys.h(keys.shop))
    assert r.status_code == 422


def test_roles_and_tenancy(client: TestClient, keys: Keys, network: None) -> None:
    assert (
        client.post("/v1/quotes", json=cart(("TEE-BASIC-M", 1)), headers=keys.h(keys.merchant)).status_code
        == 403
    )
    q = quote(client, keys, cart(("TEE-BASIC-M", 1)))
    # keys.merchant belongs to another merchant than the demo merchant the quote is for
    assert client.get(f"/v1/quotes/{q['id']}", headers=keys.h(keys.merchant)).status_code == 404
    products = client.get("/v1/products", params={"sku": "TEE-BASIC-M"}, headers=keys.h(keys.admin)).json()
    stock = {s["warehouse"] for s in products["data"][0]["stock"]}
    assert stock == {"SZX1", "YIW1"}
    assert client.get("/v1/products", headers=keys.h(keys.merchant)).json()["data"] == []
