"""Tracking from a live carrier (DHL Express through karrio, its golden responses answered at karrio's HTTP
transport): an order booked with it, polled with backoff and a cap per run, and carriers' pushes to
`POST /v1/carriers/{carrier}/webhooks` with the carrier's secret. Duplicates and late events are harmless."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from carriers import network as carrier_network
from carriers.models import Carrier
from core.clock import frozen
from core.config import get_settings
from core.db import unit_of_work
from logistics.orders import tasks, tracking
from logistics.orders.models import Shipment, TrackingPoll
from tests.carriers.transport import carrier_http
from tests.logistics.test_orders_api import LUMEN, DemoKeys

DHL_HTTP = {
    "<p:DCTRequest": "dhl_express/rate_response.xml",
    "ShipmentRequest": "dhl_express/shipment_response.xml",
}
TRACKED = {"KnownTrackingRequest": "dhl_express/tracking_response.xml"}
NOT_FOUND = {"KnownTrackingRequest": "dhl_express/tracking_not_found.xml"}
ORDERED = datetime(2026, 11, 19, 9, tzinfo=UTC)
NUMBER = "5402198760"  # the golden booking's


@pytest.fixture
def live(db_url: str, monkeypatch: pytest.MonkeyPatch) -> DemoKeys:
    monkeypatch.setenv("APP_KARRIO_DHL_EXPRESS_SITE_ID", "site_id")
    monkeypatch.setenv("APP_KARRIO_DHL_EXPRESS_PASSWORD", "password")
    monkeypatch.setenv("APP_KARRIO_DHL_EXPRESS_ACCOUNT_NUMBER", "123456789")
    get_settings.cache_clear()
    carrier_network.invalidate()
    return DemoKeys()


def dhl_order(client: TestClient, demo: DemoKeys, n: int = 1) -> str:
    """A paid order shipped by DHL Express from China to Jakarta, booked live: its shipment's id."""
    with frozen(ORDERED), carrier_http(DHL_HTTP):
        r = client.post(
            "/v1/quotes",
            headers=demo.h(demo.shop),
            json={
                "merchant_id": LUMEN,
                "destination": {"country": "ID", "city": "Jakarta"},
                "items": [
                    {
                        "sku": "TEE-BASIC-M",
                        "quantity": n,
                        "unit_price": {"amount": "20.00", "currency": "USD"},
                    }
                ],
                "currency": "USD",
                "objective": "fastest",
            },
        )
        assert r.status_code == 201, r.text
        q = r.json()
        option = next(o for o in q["options"] if o["shipments"][0]["carrier"] == "dhl-express")
        r = client.post(
            "/v1/orders",
            headers=demo.h(demo.shop, **{"Idempotency-Key": q["id"]}),
            json={
                "quote_id": q["id"],
                "option_id": option["id"],
                "payment": {"amount": option["total"], "provider": "stripe", "reference": f"pi_{q['id']}"},
            },
        )
        assert r.status_code == 201, r.text
    (shipment,) = r.json()["shipments"]
    with unit_of_work(write=False) as s:
        booked = s.get(Shipment, shipment["id"])
        assert booked is not None
        assert booked.tracking_number == NUMBER  # booked through karrio, from the golden response
    return str(shipment["id"])


def shipment(client: TestClient, demo: DemoKeys, shipment_id: str) -> dict[str, Any]:
    r = client.get(f"/v1/shipments/{shipment_id}", headers=demo.h(demo.admin))
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def poll(at: datetime, routes: dict[str, str]) -> dict[str, int]:
    with frozen(at), carrier_http(routes):
        return tasks.poll_tracking()  # type: ignore[no-any-return]


def test_polling_backs_off_until_the_carrier_knows_then_records_every_event(
    client: TestClient, live: DemoKeys
) -> None:
    sid = dhl_order(client, live)
    start = datetime(2026, 11, 20, 8, tzinfo=UTC)
    # the carrier does not know the parcel yet: nothing recorded, the next poll in 2 x 30 minutes
    assert poll(start, NOT_FOUND) == {"due": 1, "polled": 1, "events": 0, "failed": 0}
    with unit_of_work(write=False) as s:
        row = s.get(TrackingPoll, sid)
        assert row is not None
        assert (row.misses, row.next_at) == (1, start + timedelta(minutes=60))
        assert "No Shipments Found" in row.outcome
    assert poll(start + timedelta(minutes=59), TRACKED)["due"] == 0  # not yet due: nothing asked
    assert poll(start + timedelta(minutes=61), NOT_FOUND)["events"] == 0
    with unit_of_work(write=False) as s:
        row = s.get(TrackingPoll, sid)
        assert row is not None
        assert (row.misses, row.next_at) == (2, start + timedelta(minutes=61 + 120))

    later = datetime(2026, 11, 25, 9, tzinfo=UTC)
    assert poll(later, TRACKED) == {"due": 1, "polled": 1, "events": 6, "failed": 0}
    read = shipment(client, live, sid)
    assert read["status"] == "delivered"
    assert [e["status"] for e in read["events"]] == [
        "picked_up",
        "in_transit",
        "customs_hold",
        "customs_cleared",
        "out_for_delivery",
        "delivered",
    ]
    assert poll(later + timedelta(days=1), TRACKED)["due"] == 0  # delivered: no longer polled


def test_a_run_polls_at_most_its_cap_the_most_overdue_first(
    client: TestClient, live: DemoKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = dhl_order(client, live), dhl_order(client, live, 2)
    monkeypatch.setenv("APP_TRACKING_POLL_LIMIT", "1")
    get_settings.cache_clear()
    at = datetime(2026, 11, 20, 8, tzinfo=UTC)
    with unit_of_work(write=False) as s:
        due = tracking.due_for_poll(s, carriers={"dhl-express"}, now=at, limit=10)
    assert [d.shipment_id for d in due] == sorted([first, second], key=lambda i: (i != first, i))
    with frozen(at), carrier_http(NOT_FOUND) as http:
        assert tasks.poll_tracking()["due"] == 1
        assert len(http.asked("KnownTrackingRequest")) == 1
        assert tasks.poll_tracking()["due"] == 1  # the other one, now the most overdue
    with unit_of_work(write=False) as s:
        assert {p.shipment_id for p in s.exec(select(TrackingPoll))} == {first, second}


def test_no_live_carrier_no_poll(client: TestClient, db_url: str) -> None:
    DemoKeys()
    with carrier_http(TRACKED) as http:
        assert tasks.poll_tracking() == {"due": 0, "polled": 0, "events": 0, "failed": 0}
    assert http.requests == []


# --- pushes ---------------------------------------------------------------------------------------------


def push(client: TestClient, body: Any, secret: str | None, carrier: str = "dhl-express") -> Any:
    headers = {"X-Webhook-Secret": secret} if secret is not None else {}
    with frozen(datetime(2026, 11, 25, 9, tzinfo=UTC)):
        return client.post(f"/v1/carriers/{carrier}/webhooks", json=body, headers=headers)


def tracker(*events: tuple[str, str, str, str]) -> dict[str, Any]:
    """A push in karrio's envelope: (date, time, code, karrio status) per event."""
    return {
        "event": "tracker.updated",
        "data": {
            "tracking_number": NUMBER,
            "status": events[-1][3],
            "events": [
                {"date": d, "time": t, "code": c, "status": st, "location": "JAKARTA", "description": c}
                for d, t, c, st in events
            ],
        },
    }


PICKED_UP = ("2026-11-20", "16:10:00", "PU", "picked_up")
CLEARED = ("2026-11-23", "11:05:00", "CR", "in_transit")
DELIVERED = ("2026-11-24", "14:02:00", "OK", "delivered")


def test_pushes_need_the_carriers_secret(client: TestClient, live: DemoKeys) -> None:
    dhl_order(client, live)
    assert push(client, tracker(PICKED_UP), "whsec_anything").status_code == 401  # none set yet
    r = client.post("/v1/carriers/dhl-express/webhook-secret", headers=live.h(live.admin))
    assert r.status_code == 201, r.text
    secret = r.json()["secret"]
    assert r.json()["header"] == "X-Webhook-Secret"
    assert (
        client.post("/v1/carriers/dhl-express/webhook-secret", headers=live.h(live.shop)).status_code == 403
    )
    with unit_of_work(write=False) as s:
        row = s.exec(select(Carrier).where(Carrier.code == "dhl-express")).one()
        assert row.webhook_secret_hash is not None
        assert secret not in row.webhook_secret_hash  # only its hash is kept
    for wrong in (None, "", secret + "x", secret[:-1]):
        r = push(client, tracker(PICKED_UP), wrong)
        assert r.status_code == 401, wrong
        assert r.headers["content-type"].startswith("application/problem+json")
        assert secret not in r.text
    assert push(client, tracker(PICKED_UP), secret, carrier="yunexpress").status_code == 401  # not its secret
    assert push(client, tracker(PICKED_UP), secret).status_code == 200


def test_pushes_are_normalized_and_duplicates_and_late_events_are_harmless(
    client: TestClient, live: DemoKeys
) -> None:
    sid = dhl_order(client, live)
    secret = client.post("/v1/carriers/dhl-express/webhook-secret", headers=live.h(live.admin)).json()[
        "secret"
    ]
    r = push(client, tracker(PICKED_UP, DELIVERED), secret)
    assert r.status_code == 200, r.text
    assert r.json() == {"shipment": sid, "new": 2, "duplicates": 0}
    again = push(client, tracker(PICKED_UP, DELIVERED), secret)
    assert again.json() == {"shipment": sid, "new": 0, "duplicates": 2}
    late = push(client, tracker(CLEARED), secret)  # older than the delivery: kept, moves nothing back
    assert late.json()["new"] == 1
    read = shipment(client, live, sid)
    assert read["status"] == "delivered"
    by_status = {e["status"]: e for e in read["events"]}
    assert by_status["customs_cleared"]["applied"] is False  # DHL's clearance code, not karrio's status
    assert by_status["delivered"]["occurred_at"].startswith("2026-11-24T14:02:00")
    # the poll brings the same events again: recorded once
    assert poll(datetime(2026, 11, 25, 9, tzinfo=UTC), TRACKED)["due"] == 0  # delivered: not polled
    with unit_of_work() as s:
        row = s.get(Shipment, sid)
        assert row is not None
        applied = tracking.record_poll(
            s,
            due=tracking.Due(sid, "dhl-express", NUMBER, None),
            result=_golden_tracking(),
            now=datetime(2026, 11, 25, 9, tzinfo=UTC),
            every=timedelta(minutes=30),
            longest=timedelta(hours=24),
        )
    assert (applied.new, applied.duplicates) == (3, 3)  # PU, CR and OK were pushed already


def _golden_tracking() -> Any:
    from carriers.adapters import live_adapter

    adapter = live_adapter("karrio_dhl_express", get_settings(), carrier_code="dhl-express")
    assert adapter is not None
    with carrier_http(TRACKED):
        return adapter.track(NUMBER)


def test_bad_pushes_are_4xx_naming_the_field(client: TestClient, live: DemoKeys) -> None:
    dhl_order(client, live)
    secret = client.post("/v1/carriers/dhl-express/webhook-secret", headers=live.h(live.admin)).json()[
        "secret"
    ]
    r = push(client, {"data": {"events": []}}, secret)
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["tracking_number"]
    r = push(
        client, {"tracking_number": NUMBER, "events": [{"date": "not a date", "status": "delivered"}]}, secret
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "events"
    unknown = {"tracking_number": "0000000000", "events": []}
    assert push(client, unknown, secret).status_code == 404
