"""Quotes made from warm caches equal quotes made cold.

A quote reads the process's snapshots (carriers, warehouses, rules, FX rates and markups) and what quoting
keeps beside them (the planner's lanes, customs' landed-cost answers, the delivery windows answered). The same
cart quoted at the same instant must give the same answer and the same stored rows (FX locks and decisions)
whether those were just built or already warm; only ids differ.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from carriers import network as carriers_network
from compliance import evaluation
from core.clock import frozen
from core.db import unit_of_work
from core.demo import seed_merchants
from logistics import network as logistics_network
from logistics.quotes import forget_answers
from payments import fx_quotes
from tests.conftest import Keys

_ID = re.compile(r"\b[a-z]{2,5}_[0-9a-z]{26}\b")
AT = datetime(2026, 10, 23, 9, 0, tzinfo=UTC)
LUMEN, KAWAII = "mer_demo_lumen", "mer_demo_kawaii"
USD_12_50 = {"amount": "12.50", "currency": "USD"}


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


def _cart(*items: tuple[str, int], country: str, currency: str, **extra: Any) -> dict[str, Any]:
    return {
        "merchant_id": extra.pop("merchant", LUMEN),
        "destination": {"country": country, **extra.pop("destination", {})},
        "items": [
            {"sku": sku, "quantity": q, "unit_price": {"amount": "12.50", "currency": "USD"}}
            for sku, q in items
        ],
        "currency": currency,
        "incoterm": "DDP",
        **extra,
    }


CARTS = {
    "split_id": _cart(("PHONE-CASE-01", 1), ("SNEAKER-RUN-42", 1), country="ID", currency="IDR", max_days=30),
    "de_eur": _cart(
        ("HOODIE-FLEECE-L", 1),
        ("POWERBANK-10K", 1),
        country="DE",
        currency="EUR",
        destination={"city": "Berlin", "postal_code": "10115"},
        max_days=30,
    ),
    "us_dap": _cart(
        ("HOODIE-FLEECE-L", 2),
        country="US",
        currency="USD",
        destination={"city": "New York", "postal_code": "10001"},
        incoterm="DAP",
    ),
    "sg_kawaii": _cart(
        ("NOTEBOOK-A5", 2), ("PEN-SET-12", 3), merchant=KAWAII, country="SG", currency="SGD", max_days=30
    ),
}


def _forget_everything() -> None:
    forget_answers()
    for snapshot in (carriers_network, logistics_network, evaluation, fx_quotes):
        snapshot.invalidate()


def _without_ids(value: Any) -> Any:
    return json.loads(_ID.sub("<id>", json.dumps(value, sort_keys=True, default=str)))


def _rows(table: str, where: str, **params: Any) -> list[dict[str, Any]]:
    with unit_of_work(write=False) as s:
        result = s.connection().execute(text(f"SELECT * FROM {table} WHERE {where}"), params)
        return [dict(r._mapping) for r in result]


def _quote(client: TestClient, keys: Keys, body: dict[str, Any]) -> dict[str, Any]:
    """The answer, and the FX locks and decisions it stored, without ids."""
    r = client.post("/v1/quotes", json=body, headers=keys.h(keys.shop))
    assert r.status_code == 201, r.text
    answer = r.json()
    quote = _rows("quotes", "id = :id", id=answer["id"])[0]
    stored = json.loads(quote["response"]) if isinstance(quote["response"], str) else quote["response"]
    assert stored == answer
    fx_ids = [lock["id"] for lock in answer["fx"]]
    locks = [r for r in _rows("fx_quotes", "1 = 1") if r["id"] in fx_ids]
    option_ids = {o["id"] for o in answer["options"]}
    decisions = _rows("rule_decisions", "subject_id = :id", id=answer["id"])
    assert len(decisions) == 1  # the quote's own decision; landed costs are logged without a subject
    return _without_ids(
        {
            "answer": answer,
            "options": len(option_ids),
            "fx": sorted((_strip(r, "id") for r in locks), key=lambda r: json.dumps(r, default=str)),
            "decision": _strip(decisions[0], "id"),
        }
    )


def _strip(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in keys}


def _landed_decisions() -> list[dict[str, Any]]:
    rows = _rows("rule_decisions", "context = 'landed_cost'")
    return sorted((_without_ids(_strip(r, "id")) for r in rows), key=lambda r: json.dumps(r, sort_keys=True))


def test_a_quote_from_warm_caches_equals_one_made_cold(client: TestClient, keys: Keys, network: None) -> None:
    with frozen(AT):
        for name, body in CARTS.items():
            _forget_everything()
            cold = _quote(client, keys, body)
            warm = _quote(client, keys, body)
            _forget_everything()
            cold_again = _quote(client, keys, body)
            assert warm == cold, name
            assert cold_again == cold, name
            assert cold["answer"]["options"], name


def test_every_quote_logs_its_landed_costs_even_when_answered_from_memory(
    client: TestClient, keys: Keys, network: None
) -> None:
    body = CARTS["de_eur"]
    with frozen(AT):
        _forget_everything()
        _quote(client, keys, body)
        first = _landed_decisions()
        assert first  # cross-border options: landed costs were calculated and logged
        _quote(client, keys, body)
        both = _landed_decisions()
    assert len(both) == 2 * len(first)
    assert both == sorted(first + first, key=lambda r: json.dumps(r, sort_keys=True))


def test_a_markup_change_reaches_the_next_quote(client: TestClient, keys: Keys, network: None) -> None:
    body = CARTS["split_id"]
    with frozen(AT):
        before = client.post("/v1/quotes", json=body, headers=keys.h(keys.shop)).json()["fx"]
        pair = before[0]["pair"]  # bought/sold, e.g. CNY/IDR
        bought, sold = pair.split("/")
        r = client.put(
            f"/v1/fx/markups/{sold}/{bought}", json={"markup_bps": 321}, headers=keys.h(keys.admin)
        )
        assert r.status_code in (200, 201), r.text
        after = _quote(client, keys, body)  # the planner's lanes kept prices converted at the old rate
        _forget_everything()
        cold = _quote(client, keys, body)
    assert {lock["pair"]: lock["markup_bps"] for lock in after["answer"]["fx"]}[pair] == 321
    assert before[0]["markup_bps"] != 321
    assert after == cold  # shipping prices converted at the new rate, not taken from the lanes
