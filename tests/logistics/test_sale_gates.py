"""The sale gate after the quote: orders and label bookings ask the rules in force again; sales channels."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from compliance.models import RuleDecision
from core.auth import create_api_key
from core.clock import utc_now
from core.db import unit_of_work
from core.models import Role
from logistics.models import Product
from logistics.orders import service as orders_service
from logistics.orders import tasks
from logistics.orders.models import Order, Shipment
from tests.logistics.test_orders_api import LUMEN, DemoKeys, stock_of

PERMENDAG = "Permendag 31/2023: social-commerce checkout banned in Indonesia"


class Gate(DemoKeys):
    def __init__(self) -> None:
        super().__init__()
        with unit_of_work() as s:
            self.officer = create_api_key(s, role=Role.compliance_officer, label="officer").secret
            self.officer2 = create_api_key(s, role=Role.compliance_officer, label="second officer").secret


@pytest.fixture
def gate(db_url: str) -> Gate:
    return Gate()


def cart(**extra: Any) -> dict[str, Any]:
    return {
        "merchant_id": LUMEN,
        "destination": {"country": "ID", "city": "Jakarta", "postal_code": "10110"},
        "items": [
            {"sku": "TEE-BASIC-M", "quantity": 1, "unit_price": {"amount": "12.50", "currency": "USD"}}
        ],
        "currency": "USD",
        "objective": "cheapest",
        **extra,
    }


def quote_id_market(client: TestClient, gate: Gate, **extra: Any) -> dict[str, Any]:
    r = client.post("/v1/quotes", headers=gate.h(gate.shop), json=cart(**extra))
    assert r.status_code == 201, r.text
    return dict(r.json())


def place(client: TestClient, gate: Gate, q: dict[str, Any], key: str, **extra: Any) -> Any:
    option = q["options"][0]
    body = {
        "quote_id": q["id"],
        "option_id": option["id"],
        "payment": {"amount": option["total"], "provider": "stripe", "reference": f"pi_{key}"},
        **extra,
    }
    return client.post("/v1/orders", headers=gate.h(gate.shop, **{"Idempotency-Key": key}), json=body)


def suspend_id(client: TestClient, gate: Gate) -> None:
    r = client.post(
        "/v1/markets/ID/suspend", json={"reason": "regulator order 7"}, headers=gate.h(gate.officer)
    )
    assert r.status_code == 200, r.text


def lift_id(client: TestClient, gate: Gate) -> None:
    r = client.post(
        "/v1/markets/ID/resume", json={"reason": "order 7 withdrawn"}, headers=gate.h(gate.officer)
    )
    assert r.status_code == 202, r.text
    r = client.post("/v1/markets/ID/resume/approve", headers=gate.h(gate.officer2))
    assert r.status_code == 200, r.text
    assert r.json()["open"] is True


def decisions(context: str, subject_id: str) -> list[RuleDecision]:
    with unit_of_work(write=False) as s:
        found = s.exec(
            select(RuleDecision)
            .where(RuleDecision.context == context, RuleDecision.subject_id == subject_id)
            .order_by(col(RuleDecision.at))
        )
        return [RuleDecision.model_validate(d.model_dump()) for d in found]


def approve_version(client: TestClient, gate: Gate, key: str, rows: list[dict[str, Any]], reason: str) -> int:
    body = {"rows": rows, "effective_from": (utc_now() - timedelta(seconds=5)).isoformat(), "reason": reason}
    r = client.post(f"/v1/rules/{key}/versions", json=body, headers=gate.h(gate.officer))
    assert r.status_code == 201, r.text
    number = int(r.json()["number"])
    r = client.post(f"/v1/rules/{key}/versions/{number}/submit", headers=gate.h(gate.officer))
    assert r.status_code == 200, r.text
    r = client.post(f"/v1/rules/{key}/versions/{number}/approve", headers=gate.h(gate.officer2))
    assert r.status_code == 200, r.text
    return number


def close_social_commerce_in_id(client: TestClient, gate: Gate) -> int:
    """A new version of the default market-access rule set with Indonesia's social-commerce ban back."""
    current = client.get("/v1/rules/market-access", headers=gate.h(gate.officer)).json()["versions"][-1]
    rows = [r for r in current["rows"] if not (r["country"] == "ID" and r["channel"] == "social_commerce")]
    rows.append({"country": "ID", "channel": "social_commerce", "access": "closed", "reason": PERMENDAG})
    return approve_version(client, gate, "market-access", rows, "Permendag 31/2023 enforced again")


def test_an_order_on_a_quote_made_before_a_suspension_is_refused(client: TestClient, gate: Gate) -> None:
    q = quote_id_market(client, gate)
    assert q["channel"] == "marketplace"
    wh = q["options"][0]["shipments"][0]["warehouse"]
    stock = stock_of("TEE-BASIC-M", wh)
    suspend_id(client, gate)

    r = place(client, gate, q, "gate-1")
    assert r.status_code == 409, r.text
    problem = r.json()
    assert problem["type"] == "/problems/market-closed"
    assert "market suspended: regulator order 7" in problem["detail"]
    (refusal,) = problem["refusals"]
    assert refusal["type"] == "market-closed"
    assert refusal["reason"] == "market suspended: regulator order 7"
    assert refusal["suspension_id"].startswith("msu_")
    assert "market-access@3" in problem["rules"]  # the rule versions in force, named
    assert "market-access@3" in problem["detail"]
    assert problem["errors"][0]["field"] == "quote_id"
    # nothing changed: no order, no stock held, the payment free
    with unit_of_work(write=False) as s:
        assert s.exec(select(Order).where(Order.quote_id == q["id"])).first() is None
    assert stock_of("TEE-BASIC-M", wh) == stock

    # once another officer lifts the suspension, the same request (same key) goes through, and is logged
    lift_id(client, gate)
    r = place(client, gate, q, "gate-1")
    assert r.status_code == 201, r.text
    placed = r.json()
    assert placed["channel"] == "marketplace"
    (logged,) = decisions("order", placed["id"])
    assert logged.outcome["open"] is True
    assert logged.input["channel"] == "marketplace"
    assert "market-access@3" in logged.rules


def test_social_commerce_in_id_under_a_version_that_closes_it(client: TestClient, gate: Gate) -> None:
    social = quote_id_market(client, gate, channel="social_commerce")
    assert social["channel"] == "social_commerce"
    assert social["options"]
    assert not social["blocked"]  # reopened through a local marketplace (the default rules)
    marketplace = quote_id_market(client, gate)

    version = close_social_commerce_in_id(client, gate)
    closed = quote_id_market(client, gate, channel="social_commerce")
    assert (closed["channel"], closed["options"]) == ("social_commerce", [])
    assert closed["blocked"] == [f"market_closed: {PERMENDAG}"]
    assert f"market-access@{version}" in closed["rules_applied"]
    assert quote_id_market(client, gate)["options"]  # the marketplace stays open
    r = client.post("/v1/quotes", headers=gate.h(gate.shop), json=cart(channel="fax"))
    assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "channel")

    # an order on the social-commerce quote made before the version: refused, naming the version and reason
    r = place(client, gate, social, "sc-1")
    assert r.status_code == 409, r.text
    problem = r.json()
    assert problem["type"] == "/problems/market-closed"
    (refusal,) = problem["refusals"]
    assert (refusal["rule_set"], refusal["version"], refusal["reason"]) == (
        "market-access",
        version,
        PERMENDAG,
    )
    assert f"rule set market-access, version {version}" in problem["detail"]
    assert problem["channel"] == "social_commerce"
    # a marketplace quote ordered as a social-commerce sale is asked about that channel
    r = place(client, gate, marketplace, "sc-2", channel="social_commerce")
    assert (r.status_code, r.json()["type"]) == (409, "/problems/market-closed")
    r = place(client, gate, marketplace, "sc-3", channel="live_stream")
    assert r.status_code == 201, r.text
    assert r.json()["channel"] == "live_stream"


def test_goods_restricted_since_the_quote(client: TestClient, gate: Gate) -> None:
    q = quote_id_market(client, gate)
    rows = [
        {
            "hs_prefix": "3304",
            "action": "document_required",
            "document": "BPOM notification",
            "reason": "BPOM",
        },
        {"hs_prefix": "6109", "action": "block", "reason": "T-shirts banned for the test"},
    ]
    version = approve_version(client, gate, "restricted-goods-id", rows, "cotton ban")
    r = place(client, gate, q, "goods-1")
    assert r.status_code == 409, r.text
    problem = r.json()
    assert problem["type"] == "/problems/goods-restricted"
    (refusal,) = problem["refusals"]
    assert refusal == {
        "type": "goods-restricted",
        "reason": "T-shirts banned for the test",
        "rule_set": "restricted-goods-id",
        "version": version,
        "suspension_id": None,
        "sku": "TEE-BASIC-M",
    }


def test_a_document_required_since_the_quote_refuses_the_order(client: TestClient, gate: Gate) -> None:
    q = quote_id_market(client, gate)
    rows = [{"hs_prefix": "6109", "action": "document_required", "document": "SNI mark", "reason": "SNI"}]
    version = approve_version(client, gate, "restricted-goods-id", rows, "SNI for garments")
    r = place(client, gate, q, "doc-1")
    assert (r.status_code, r.json()["type"]) == (409, "/problems/goods-restricted")
    assert r.json()["refusals"][0]["version"] == version
    assert "SNI mark is required since the sale was quoted" in r.json()["detail"]
    # a quote made under the new version knows the document, and the product now holds it: its order goes
    # through, lists the document with the product's registration, and logs it
    register(LUMEN, "TEE-BASIC-M", [{"document": "SNI mark", "number": "SNI-0042"}])
    q = quote_id_market(client, gate)
    r = place(client, gate, q, "doc-2")
    assert r.status_code == 201, r.text
    (logged,) = decisions("order", r.json()["id"])
    assert logged.outcome["documents"] == [
        {"sku": "TEE-BASIC-M", "document": "SNI mark", "rule_set": "restricted-goods-id", "version": version}
    ]
    goods_documents = [d for d in r.json()["documents"] if d.get("sku")]
    assert goods_documents == [
        {
            "document": "SNI mark",
            "rule_set": "restricted-goods-id",
            "version": version,
            "sku": "TEE-BASIC-M",
            "registration": "SNI-0042",
            "warehouse": None,
            "kind": None,
            "party": None,
        }
    ]


def register(merchant: str, sku: str, registrations: list[dict[str, Any]]) -> None:
    with unit_of_work() as s:
        product = s.exec(select(Product).where(Product.merchant_id == merchant, Product.sku == sku)).one()
        product.registrations = registrations
        s.add(product)


def lipstick_cart() -> dict[str, Any]:
    return cart(
        items=[{"sku": "LIPSTICK-RED", "quantity": 2, "unit_price": {"amount": "9.00", "currency": "USD"}}]
    )


def test_a_bpom_document_on_a_cosmetic_to_indonesia(client: TestClient, gate: Gate) -> None:
    """Cosmetics into Indonesia need a BPOM notification (rule set restricted-goods-id): every option lists it
    with the product's number, and the customs documents of its shipment; without the number every option is
    refused in `rejected`, and an order on an earlier quote is refused once the number is gone."""
    r = client.post("/v1/quotes", headers=gate.h(gate.shop), json=lipstick_cart())
    assert r.status_code == 201, r.text
    quoted = r.json()
    assert quoted["options"]
    for option in quoted["options"]:
        bpom = [d for d in option["documents"] if d["document"] == "BPOM notification"]
        assert [(d["sku"], d["rule_set"], d["version"], d["registration"]) for d in bpom] == [
            ("LIPSTICK-RED", "restricted-goods-id", 1, "NA18260100123")
        ]
        customs = {
            (d["warehouse"], d["document"], d["rule_set"]) for d in option["documents"] if d["warehouse"]
        }
        warehouses = {s["warehouse"] for s in option["shipments"]}
        assert {w for w, _, _ in customs} == warehouses
        assert all(rule_set in ("id-documents", "upu-cn22-cn23") for _, _, rule_set in customs)

    register(LUMEN, "LIPSTICK-RED", [{"document": "BPOM notification", "number": "X-1", "countries": ["MY"]}])
    r = client.post("/v1/quotes", headers=gate.h(gate.shop), json=lipstick_cart())
    assert r.status_code == 201, r.text
    refused = r.json()
    assert refused["options"] == []
    assert refused["blocked"] == []
    (rejected,) = refused["rejected"]
    assert (rejected["warehouse"], rejected["service"], rejected["reason"]) == (
        None,
        None,
        "document_missing",
    )
    assert rejected["message"] == (
        "LIPSTICK-RED: BPOM notification is required: the product has no BPOM notification registration"
        " for ID"
        " (rule set restricted-goods-id, version 1)"
    )

    r = place(client, gate, quoted, "bpom-1")
    assert r.status_code == 409, r.text
    problem = r.json()
    assert problem["type"] == "/problems/goods-restricted"
    assert [(f["sku"], f["rule_set"], f["version"]) for f in problem["refusals"]] == [
        ("LIPSTICK-RED", "restricted-goods-id", 1)
    ]

    register(LUMEN, "LIPSTICK-RED", [{"document": "bpom NOTIFICATION", "number": "NA18260100123"}])
    r = place(client, gate, quoted, "bpom-2")
    assert r.status_code == 201, r.text
    order = r.json()
    assert [(d["document"], d["registration"]) for d in order["documents"] if d["sku"]] == [
        ("BPOM notification", "NA18260100123")
    ]
    assert {d["warehouse"] for d in order["documents"] if not d["sku"]} == {
        s["warehouse"] for s in quoted["options"][0]["shipments"]
    }


def test_the_booking_gate_holds_a_label_while_the_market_is_suspended(
    client: TestClient, gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    held: list[str] = []  # the booking task is held back, to run once the market is suspended
    monkeypatch.setattr(orders_service, "enqueue", lambda _s, _name, **kw: held.append(kw["shipment_id"]))
    q = quote_id_market(client, gate)
    r = place(client, gate, q, "book-1")
    assert r.status_code == 201, r.text
    (shipment_id,) = held
    suspend_id(client, gate)

    assert tasks.book_shipment(shipment_id)["tracking_number"] is None
    with unit_of_work(write=False) as s:
        shipment = s.get(Shipment, shipment_id)
        assert shipment is not None
        assert (shipment.tracking_number, shipment.label) == (None, None)
        (message,) = shipment.booking_messages
    assert message.startswith("market-closed: market suspended: regulator order 7 (suspension msu_")
    (logged,) = decisions("booking", shipment_id)
    assert logged.outcome["open"] is False
    assert logged.outcome["refusals"][0]["type"] == "market-closed"

    # the scheduler's pass books held labels again: held while the market is suspended, booked once lifted
    assert tasks.book_held_shipments() == {"held": 1, "booked": 0}
    lift_id(client, gate)
    assert tasks.book_held_shipments() == {"held": 1, "booked": 1}
    got = client.get(f"/v1/shipments/{shipment_id}", headers=gate.h(gate.lumen)).json()
    assert (bool(got["tracking_number"]), got["booking_messages"]) == (True, [])
    assert [d.outcome["open"] for d in decisions("booking", shipment_id)] == [False, False, True]
    assert tasks.book_held_shipments() == {"held": 0, "booked": 0}


def test_a_simulation_replays_quotes_and_orders_on_their_channel(client: TestClient, gate: Gate) -> None:
    social = quote_id_market(client, gate, channel="social_commerce")
    assert place(client, gate, social, "sim-1").status_code == 201
    quote_id_market(client, gate)  # a marketplace quote: the draft below changes nothing for it
    current = client.get("/v1/rules/market-access", headers=gate.h(gate.officer)).json()["versions"][-1]
    rows = [r for r in current["rows"] if not (r["country"] == "ID" and r["channel"] == "social_commerce")]
    rows.append({"country": "ID", "channel": "social_commerce", "access": "closed", "reason": PERMENDAG})
    body = {"rows": rows, "effective_from": (utc_now() + timedelta(days=1)).isoformat(), "reason": "draft"}
    r = client.post("/v1/rules/market-access/versions", json=body, headers=gate.h(gate.officer))
    assert r.status_code == 201, r.text
    r = client.post(
        f"/v1/rules/market-access/versions/{r.json()['number']}/simulate", headers=gate.h(gate.officer)
    )
    assert r.status_code == 200, r.text
    sim = r.json()
    changed = sorted(x["context"] for x in sim["samples"])
    # the social-commerce quote, its order and its label's booking; not the marketplace quote
    assert changed == ["booking", "order", "quote"]
    assert all(x["before"]["open"] and not x["after"]["open"] for x in sim["samples"])
    assert sim["by_country"]["ID"]["changed"] == 3
