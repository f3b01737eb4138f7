"""On PostgreSQL: orders placed at once reserve stock without deadlocks, whatever the order of their items."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.concurrent import ROOM, at_once, wide_client
from tests.logistics.test_orders_api import LUMEN, DemoKeys, order, stock_of

pytestmark = pytest.mark.postgres
__all__ = ["wide_client"]
SKUS = ["TEE-BASIC-M", "PHONE-CASE-01"]


def _quote(client: TestClient, demo: DemoKeys, skus: list[str]) -> dict[str, Any]:
    item = {"quantity": 1, "unit_price": {"amount": "20.00", "currency": "EUR"}}
    r = client.post(
        "/v1/quotes",
        headers=demo.h(demo.shop),
        json={
            "merchant_id": LUMEN,
            "destination": {"country": "DE", "city": "Berlin"},
            "items": [{"sku": sku, **item} for sku in skus],
            "currency": "EUR",
        },
    )
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    assert body["options"], body
    return body


def test_orders_with_the_same_items_in_other_orders_all_go_through(wide_client: TestClient) -> None:
    demo = DemoKeys()
    quotes = [_quote(wide_client, demo, SKUS if i % 2 else SKUS[::-1]) for i in range(ROOM)]
    before = {sku: stock_of(sku, "SZX1") for sku in SKUS}
    answers = at_once(ROOM, lambda i: order(wide_client, demo, quotes[i]))
    statuses = Counter(a.status_code for a in answers)
    assert statuses == {201: ROOM}
    reserved = {sku: stock_of(sku, "SZX1")[1] - before[sku][1] for sku in SKUS}
    assert sum(reserved.values()) == 2 * ROOM
