"""Orders end to end through the API: quote -> order -> tracking -> delivery -> return -> refund."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from core.auth import create_api_key
from core.clock import frozen, utc_now
from core.config import get_settings
from core.db import unit_of_work
from core.demo import seed_merchants
from core.models import Role
from logistics.models import Product, Stock, Warehouse

LUMEN = "mer_demo_lumen"
BATIK = "mer_demo_batik"


class DemoKeys:
    def __init__(self) -> None:
        from main import demo_seeders

        with unit_of_work() as s:
            seed_merchants(s)
            for seed in demo_seeders():
                if seed.__module__ != "logistics.orders.demo":
                    seed(s)
            self.admin = create_api_key(s, role=Role.admin).secret
            self.shop = create_api_key(s, role=Role.shop).secret
            self.lumen = create_api_key(s, role=Role.merchant, merchant_id=LUMEN).secret
            self.batik = create_api_key(s, role=Role.merchant, merchant_id=BATIK).secret

    @staticmethod
    def h(key: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}", **extra}


@pytest.fixture
def demo(db_url: str) -> DemoKeys:
    return DemoKeys()


def quote(
    client: TestClient,
    demo: DemoKeys,
    *,
    country: str = "DE",
    city: str = "Berlin",
    qty: int = 2,
    sku: str = "TEE-BASIC-M",
    price: str = "20.00",
    currency: str = "EUR",
) -> dict[str, Any]:
    r = client.post(
        "/v1/quotes",
        headers=demo.h(demo.shop),
        json={
            "merchant_id": LUMEN,
            "destination": {"country": country, "city": city},
            "items": [{"sku": sku, "quantity": qty, "unit_price": {"amount": price, "currency": currency}}],
            "currency": currency,
        },
    )
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    assert body["options"], (body["rejected"], body["blocked"])
    return body


def order(client: TestClient, demo: DemoKeys, q: dict[str, Any], **kw: Any) -> Any:
    option = q["options"][0]
    payload = {
        "quote_id": q["id"],
        "option_id": option["id"],
        "payment": {"amount": option["total"], "provider": "stripe", "reference": f"pi_{q['id']}"},
        **kw,
    }
    return client.post("/v1/orders", headers=demo.h(demo.shop, **{"Idempotency-Key": q["id"]}), json=payload)


def event(
    client: TestClient,
    demo: DemoKeys,
    shipment_id: str,
    event_id: str,
    status: str,
    at: datetime,
    reason: str | None = None,
) -> Any:
    """Post a tracking event as the carrier would: when it happens (the clock stands at `at` if that is
    later than now; an event dated ahead of the clock is refused)."""
    body: dict[str, Any] = {"event_id": event_id, "status": status, "occurred_at": at.isoformat()}
    if reason:
        body["reason"] = reason
    # reported when it happens: an event from the future is refused
    with frozen(max(at, utc_now())):
        return client.post(f"/v1/shipments/{shipment_id}/events", headers=demo.h(demo.admin), json=body)


def deliver(client: TestClient, demo: DemoKeys, shipment_id: str, start: datetime) -> None:
    steps = ["picked_up", "in_transit", "customs_cleared", "out_for_delivery", "delivered"]
    for n, status in enumerate(steps):
        r = event(client, demo, shipment_id, f"{shipment_id}-{n}", status, start + timedelta(days=n))
        assert r.status_code == 200, r.text


def balance(client: TestClient, demo: DemoKeys) -> dict[str, Decimal]:
    r = client.get("/v1/balance", headers=demo.h(demo.lumen))
    assert r.status_code == 200, r.text
    return {
        k: sum((Decimal(m["amount"]) for m in v), Decimal(0))
        for k, v in r.json().items()
        if isinstance(v, list)  # the balances (beside merchant_id and payee)
    }


def stock_of(sku: str, code: str) -> tuple[int, int]:
    with unit_of_work(write=False) as s:
        row = s.exec(
            select(Stock)
            .join(Product, Product.id == Stock.product_id)  # type: ignore[arg-type]
            .join(Warehouse, Warehouse.id == Stock.warehouse_id)  # type: ignore[arg-type]
            .where(Product.sku == sku, Warehouse.code == code)
        ).first()
        return (row.on_hand, row.reserved) if row else (0, 0)


def test_quote_order_track_deliver_return_refund(client: TestClient, demo: DemoKeys) -> None:
    q = quote(client, demo)
    wh = q["options"][0]["shipments"][0]["warehouse"]
    before = stock_of("TEE-BASIC-M", wh)
    r = order(client, demo, q)
    assert r.status_code == 201, r.text
    o = r.json()
    assert o["status"] == "placed"
    assert o["total"] == q["options"][0]["total"]
    assert o["fx_quote_id"]  # EUR shopper, USD merchant: the quote's lock was used
    assert stock_of("TEE-BASIC-M", wh) == (before[0], before[1] + 2)
    # booked by the task after the commit
    shp = client.get(f"/v1/shipments/{o['shipments'][0]['id']}", headers=demo.h(demo.lumen)).json()
    assert shp["tracking_number"]
    assert shp["label"]["data"]
    assert shp["declaration"] is not None
    # a replay of the order is the first answer
    again = order(client, demo, q)
    assert again.status_code == 201
    assert again.json()["id"] == o["id"]
    pending = balance(client, demo)["pending"]
    assert pending > 0

    sid = shp["id"]
    now = datetime.now(UTC)
    assert event(client, demo, sid, "e1", "picked_up", now).status_code == 200
    assert stock_of("TEE-BASIC-M", wh) == (before[0] - 2, before[1])
    assert event(client, demo, sid, "e2", "in_transit", now + timedelta(days=1)).status_code == 200
    held = event(client, demo, sid, "e3", "customs_hold", now + timedelta(days=4), "customs_documents").json()
    assert held["status"] == "customs_hold"
    assert held["reason"] == "customs_documents"
    assert held["window"]["latest"] >= shp["quoted_window"]["latest"] or held["window"] != shp["window"]
    event(client, demo, sid, "e4", "customs_cleared", now + timedelta(days=6))
    event(client, demo, sid, "e5", "out_for_delivery", now + timedelta(days=7))
    done = event(client, demo, sid, "e6", "delivered", now + timedelta(days=7, hours=5)).json()
    day = (now + timedelta(days=7, hours=5)).date().isoformat()
    assert done["status"] == "delivered"
    assert done["window"] == {"earliest": day, "likely": day, "latest": day}
    got = client.get(f"/v1/orders/{o['id']}", headers=demo.h(demo.lumen)).json()
    assert got["status"] == "delivered"
    assert got["delivered_at"]

    r = client.post(
        "/v1/returns",
        headers=demo.h(demo.shop),
        json={"order_id": o["id"], "items": [{"sku": "TEE-BASIC-M", "quantity": 1, "reason": "wrong_size"}]},
    )
    assert r.status_code == 201, r.text
    ret = r.json()
    assert ret["resolution"] == "refund"
    assert ret["status"] == "approved"
    assert ret["warehouse"] == "LEJ1"  # the nearest returns centre to Berlin
    # the return goes by the cheapest domestic service, priced on its sheet; its label is booked after commit
    label = ret["return_label"]
    assert label["service_code"] == "dhl-paket-eu"
    assert "DHL" in ret["explanation"]
    assert label["tracking_number"] is None  # booked by the task after the commit
    booked = client.get(f"/v1/returns/{ret['id']}", headers=demo.h(demo.lumen)).json()["return_label"]
    assert booked["tracking_number"]
    assert booked["label"]["format"]
    assert booked["messages"] == []
    shipped = client.post(f"/v1/returns/{ret['id']}/ship", headers=demo.h(demo.admin))
    assert shipped.json()["status"] == "in_transit"
    before_refund = balance(client, demo)
    lej = stock_of("TEE-BASIC-M", "LEJ1")
    r = client.post(
        f"/v1/returns/{ret['id']}/receive",
        headers=demo.h(demo.admin),
        json={"restockable_quantity": {"TEE-BASIC-M": 1}},
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "refunded"
    assert r.json()["refund"] == {"amount": "20.00", "currency": "EUR"}
    assert stock_of("TEE-BASIC-M", "LEJ1")[0] == lej[0] + 1
    after = balance(client, demo)
    assert sum(after.values()) < sum(before_refund.values())
    # a second receive is a conflict; more than ordered is refused
    again = client.post(f"/v1/returns/{ret['id']}/receive", headers=demo.h(demo.admin), json={})
    assert again.status_code == 409
    too_many = client.post(
        "/v1/returns",
        headers=demo.h(demo.shop),
        json={"order_id": o["id"], "items": [{"sku": "TEE-BASIC-M", "quantity": 2}]},
    )
    assert too_many.status_code == 422


@pytest.mark.parametrize(
    "when",
    [
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59-01:00",
        "in 10 minutes",
        "a day before the order",
    ],
)
def test_tracking_events_dated_outside_the_shipment_life_are_refused(
    client: TestClient, demo: DemoKeys, when: str
) -> None:
    o = order(client, demo, quote(client, demo)).json()
    sid = o["shipments"][0]["id"]
    now = utc_now()
    at = {
        "in 10 minutes": (now + timedelta(minutes=10)).isoformat(),
        "a day before the order": (now - timedelta(days=1)).isoformat(),
    }.get(when, when)
    before = client.get(f"/v1/shipments/{sid}", headers=demo.h(demo.lumen)).json()
    r = client.post(
        f"/v1/shipments/{sid}/events",
        headers=demo.h(demo.admin),
        json={"event_id": "bad", "status": "delivered", "occurred_at": at},
    )
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in r.json()["errors"]] == ["occurred_at"]
    after = client.get(f"/v1/shipments/{sid}", headers=demo.h(demo.lumen)).json()
    assert after == before
    assert after["events"] == []
    assert client.get(f"/v1/orders/{o['id']}", headers=demo.h(demo.lumen)).json()["status"] != "delivered"


def test_tracking_events_may_run_ahead_of_the_clock_by_the_allowed_skew(
    client: TestClient, demo: DemoKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    o = order(client, demo, quote(client, demo)).json()
    sid = o["shipments"][0]["id"]
    path, h = f"/v1/shipments/{sid}/events", demo.h(demo.admin)
    soon = (utc_now() + timedelta(minutes=4)).isoformat()
    r = client.post(path, headers=h, json={"event_id": "a", "status": "picked_up", "occurred_at": soon})
    assert r.status_code == 200, r.text
    monkeypatch.setenv("APP_TRACKING_CLOCK_SKEW_SECONDS", "0")
    get_settings.cache_clear()
    ahead = (utc_now() + timedelta(seconds=30)).isoformat()
    r = client.post(path, headers=h, json={"event_id": "b", "status": "in_transit", "occurred_at": ahead})
    assert r.status_code == 422, r.text
    get_settings.cache_clear()


def test_duplicate_and_out_of_order_events(client: TestClient, demo: DemoKeys) -> None:
    o = order(client, demo, quote(client, demo)).json()
    sid = o["shipments"][0]["id"]
    now = datetime.now(UTC)
    first = event(client, demo, sid, "a", "in_transit", now + timedelta(hours=1)).json()
    assert first["status"] == "in_transit"
    dup = event(client, demo, sid, "a", "lost", now + timedelta(days=1)).json()
    assert dup["duplicate"] is True
    assert dup["status"] == "in_transit"
    assert len(dup["events"]) == 1
    late = event(client, demo, sid, "b", "picked_up", now + timedelta(minutes=30)).json()
    assert late["status"] == "in_transit"
    assert [e["applied"] for e in late["events"]] == [False, True]
    assert event(client, demo, sid, "c", "bogus", now).status_code == 422
    assert event(client, demo, "shp_nope", "d", "in_transit", now).status_code == 404


def test_order_refusals(client: TestClient, demo: DemoKeys) -> None:
    q = quote(client, demo)
    option = q["options"][0]
    wrong = {"amount": "1.00", "currency": option["total"]["currency"]}
    r = client.post(
        "/v1/orders",
        headers=demo.h(demo.shop),
        json={
            "quote_id": q["id"],
            "option_id": option["id"],
            "payment": {"amount": wrong, "provider": "x", "reference": "y"},
        },
    )
    assert r.status_code == 422
    # stock gone since the quote
    with unit_of_work() as s:
        for row in s.exec(select(Stock)):
            row.reserved = row.on_hand
            s.add(row)
    r = order(client, demo, q)
    assert r.status_code == 409
    assert "quote" in r.json()["detail"]
    unknown = client.post(
        "/v1/returns", headers=demo.h(demo.shop), json={"order_id": "ord_nope", "items": []}
    )
    assert unknown.status_code == 404


def test_expired_quote_is_gone(client: TestClient, demo: DemoKeys) -> None:
    from logistics.models import Quote

    q = quote(client, demo)
    with unit_of_work() as s:
        row = s.get(Quote, q["id"])
        assert row is not None
        row.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        s.add(row)
    assert order(client, demo, q).status_code == 410


def test_returnless_refund_is_refunded_at_once(client: TestClient, demo: DemoKeys) -> None:
    # a cheap item: taking it back would cost more than half its value
    q = quote(client, demo, sku="PHONE-CASE-01", qty=1, price="2.00")
    o = order(client, demo, q).json()
    deliver(client, demo, o["shipments"][0]["id"], datetime.now(UTC))
    r = client.post(
        "/v1/returns",
        headers=demo.h(demo.shop),
        json={"order_id": o["id"], "items": [{"sku": "PHONE-CASE-01", "quantity": 1, "reason": "damaged"}]},
    )
    assert r.status_code == 201, r.text
    ret = r.json()
    assert ret["resolution"] == "returnless_refund"
    assert ret["status"] == "refunded"
    assert ret["warehouse"] is None
    assert ret["refund"]["amount"] == "2.00"


def test_partial_refund_after_inspection(client: TestClient, demo: DemoKeys) -> None:
    o = order(client, demo, quote(client, demo, qty=3)).json()
    deliver(client, demo, o["shipments"][0]["id"], datetime.now(UTC))
    ret = client.post(
        "/v1/returns",
        headers=demo.h(demo.shop),
        json={"order_id": o["id"], "items": [{"sku": "TEE-BASIC-M", "quantity": 3, "reason": "wrong_size"}]},
    ).json()
    assert ret["resolution"] == "refund"
    path = f"/v1/returns/{ret['id']}/receive"
    too_many = client.post(path, headers=demo.h(demo.admin), json={"refundable_quantity": {"TEE-BASIC-M": 4}})
    assert too_many.status_code == 422
    assert too_many.json()["errors"][0]["field"] == "refundable_quantity.TEE-BASIC-M"
    before = balance(client, demo)
    # two units come back fit to sell and are refunded; the third arrived worn and is not
    r = client.post(
        path,
        headers=demo.h(demo.admin),
        json={"restockable_quantity": {"TEE-BASIC-M": 2}, "refundable_quantity": {"TEE-BASIC-M": 2}},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "refunded"
    assert body["refund"] == {"amount": "40.00", "currency": "EUR"}
    assert body["items"][0]["refunded"] == 2
    assert body["items"][0]["restocked"] == 2
    assert sum(balance(client, demo).values()) < sum(before.values())


def test_returnless_share_is_a_setting(
    client: TestClient, demo: DemoKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    o = order(client, demo, quote(client, demo)).json()
    deliver(client, demo, o["shipments"][0]["id"], datetime.now(UTC))
    monkeypatch.setenv("APP_RETURNLESS_SHARE", "0.01")  # taking anything back costs more than 1% of its value
    get_settings.cache_clear()
    r = client.post(
        "/v1/returns",
        headers=demo.h(demo.shop),
        json={"order_id": o["id"], "items": [{"sku": "TEE-BASIC-M", "quantity": 1}]},
    )
    assert r.json()["resolution"] == "returnless_refund"
    assert "more than 1% of" in r.json()["explanation"]
    assert r.json()["return_label"] is None


def test_return_window_and_undelivered(client: TestClient, demo: DemoKeys) -> None:
    with frozen(datetime.now(UTC) - timedelta(days=61)):  # ordered two months ago
        o = order(client, demo, quote(client, demo)).json()
        item = [{"sku": "TEE-BASIC-M", "quantity": 1}]
        body = {"order_id": o["id"], "items": item}
        early = client.post("/v1/returns", headers=demo.h(demo.shop), json=body)
        assert early.status_code == 422
    deliver(client, demo, o["shipments"][0]["id"], datetime.now(UTC) - timedelta(days=60))
    late = client.post("/v1/returns", headers=demo.h(demo.shop), json={"order_id": o["id"], "items": item})
    assert late.status_code == 422
    assert "window" in late.json()["detail"]


def test_cross_tenant_404s_and_analytics(client: TestClient, demo: DemoKeys) -> None:
    o = order(client, demo, quote(client, demo)).json()
    sid = o["shipments"][0]["id"]
    assert client.get(f"/v1/orders/{o['id']}", headers=demo.h(demo.batik)).status_code == 404
    assert client.get(f"/v1/shipments/{sid}", headers=demo.h(demo.batik)).status_code == 404
    assert client.get(f"/v1/orders/{o['id']}", headers=demo.h(demo.lumen)).status_code == 200
    deliver(client, demo, sid, datetime.now(UTC))
    r = client.post(
        "/v1/returns",
        headers=demo.h(demo.shop),
        json={"order_id": o["id"], "items": [{"sku": "TEE-BASIC-M", "quantity": 1, "reason": "wrong_size"}]},
    )
    ret = r.json()
    assert client.get(f"/v1/returns/{ret['id']}", headers=demo.h(demo.batik)).status_code == 404

    mine = client.get("/v1/analytics/returns?group_by=category", headers=demo.h(demo.lumen)).json()
    assert mine["threshold"] == 0.15
    row = next(r for r in mine["data"] if r["key"] == "apparel")
    assert row == {
        "key": "apparel",
        "orders": 1,
        "units_sold": 2,
        "units_returned": 1,
        "rate": 0.5,
        "top_reasons": ["wrong_size"],
        "flagged": True,
    }
    theirs = client.get("/v1/analytics/returns?group_by=sku", headers=demo.h(demo.batik)).json()
    assert theirs["data"] == []
    other = client.get(f"/v1/analytics/returns?merchant_id={LUMEN}", headers=demo.h(demo.batik))
    assert other.status_code == 404
    loose = client.get("/v1/analytics/returns?group_by=merchant&threshold=0.6", headers=demo.h(demo.admin))
    assert loose.json()["data"][0]["flagged"] is False
    assert client.get("/v1/analytics/returns", headers=demo.h(demo.shop)).status_code == 403


def test_affiliate_and_naive_times(client: TestClient, demo: DemoKeys) -> None:
    q = quote(client, demo)
    bad = order(client, demo, q, affiliate={"creator_id": "cre_demo_ayu", "plan": "targeted"})
    assert bad.status_code == 422
    unknown = order(client, demo, q, affiliate={"creator_id": "cr_1"})
    assert unknown.status_code == 422, unknown.text
    assert [e["field"] for e in unknown.json()["errors"]] == ["affiliate.creator_id"]
    # a rate the shop states applies while the merchant has no targeted plan for the creator
    r = order(client, demo, q, affiliate={"creator_id": "cre_demo_ayu", "plan": "targeted", "rate_bps": 800})
    assert r.status_code == 201, r.text
    assert r.json()["affiliate"] == {
        "creator_id": "cre_demo_ayu",
        "rate_bps": 800,
        "plan": "order",
        "plan_id": None,
        "scope": None,
    }
    sid = r.json()["shipments"][0]["id"]
    naive = client.post(
        f"/v1/shipments/{sid}/events",
        headers=demo.h(demo.admin),
        json={"event_id": "n", "status": "in_transit", "occurred_at": "2026-12-01T10:00:00"},
    )
    assert naive.status_code == 422
