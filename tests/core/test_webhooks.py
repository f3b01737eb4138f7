"""Webhooks out and the events feed, through the API, with deliveries to a receiver on a local port.

Deliveries are signed per the Standard Webhooks specification and checked here with the `standardwebhooks`
library's own `Webhook.verify`; a failing endpoint is retried on the schedule and then marked failing; the
feed gives the same events, in order, and a merchant only its own.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from core.clock import frozen, utc_now
from core.config import get_settings
from core.db import unit_of_work
from core.tasks import retry_webhooks
from core.webhooks import MAX_ATTEMPTS, RETRY_SCHEDULE, deliver
from tests.concurrent import at_once
from tests.conftest import Keys
from tests.core.webhook_receiver import Receiver, receiver  # noqa: F401
from tests.logistics.test_orders_api import DemoKeys, demo, event, order, quote  # noqa: F401

SUBSCRIBED = ["order.placed", "payout.paid", "shipment.updated"]


def test_private_targets_are_allowed_where_the_environment_says(monkeypatch: pytest.MonkeyPatch) -> None:
    for env, setting, allowed in (
        ("development", None, True),
        ("test", None, True),
        ("production", None, False),
        ("production", "true", True),
        ("development", "false", False),
    ):
        monkeypatch.setenv("APP_ENV", env)
        if setting is None:
            monkeypatch.delenv("APP_WEBHOOK_ALLOW_PRIVATE_TARGETS", raising=False)
        else:
            monkeypatch.setenv("APP_WEBHOOK_ALLOW_PRIVATE_TARGETS", setting)
        get_settings.cache_clear()
        assert get_settings().private_webhook_targets is allowed, (env, setting)
    get_settings.cache_clear()


@pytest.fixture
def private_targets(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The receiver listens on 127.0.0.1: let endpoints point there."""
    monkeypatch.setenv("APP_WEBHOOK_ALLOW_PRIVATE_TARGETS", "true")
    get_settings.cache_clear()


def add_endpoint(client: TestClient, key: str, url: str, types: list[str], **headers: str) -> dict[str, Any]:
    r = client.post(
        "/v1/webhook-endpoints",
        headers={"Authorization": f"Bearer {key}", **headers},
        json={"url": url, "event_types": types, "description": "test"},
    )
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def verified(secret: str, at: Receiver, path: str) -> list[dict[str, Any]]:
    """Each payload received on `path`, checked with the library; its `webhook-id` beside it."""
    out = []
    for r in at.on(path):
        payload = Webhook(secret).verify(r.body, r.headers)
        out.append({**payload, "id": r.headers["webhook-id"]})
    return out


def _ship_and_pay(client: TestClient, demo: DemoKeys) -> dict[str, Any]:  # noqa: F811
    """An order placed, picked up and delivered, paid out in a settlement run, the payout confirmed."""
    start = utc_now()
    o = order(client, demo, quote(client, demo)).json()
    sid = o["shipments"][0]["id"]
    day = timedelta(days=1)
    for n, status in enumerate(["picked_up", "in_transit", "out_for_delivery", "delivered"]):
        r = event(client, demo, sid, f"wh-{n}", status, start + (n + 1) * day)
        assert r.status_code == 200, r.text
    with frozen(start + 14 * day):
        admin = demo.h(demo.admin, **{"Idempotency-Key": "wh-run"})
        assert client.post("/v1/settlement-runs", json={}, headers=admin).status_code == 202
        listed = client.get("/v1/payouts", headers=demo.h(demo.lumen)).json()["data"]
        payouts = [p for p in listed if p["status"] == "in_transit"]  # this run's
        assert payouts
        for p in payouts:
            r = client.post(f"/v1/payouts/{p['id']}/confirm", json={}, headers=demo.h(demo.admin))
            assert r.status_code == 200, r.text
    return {"order": o, "payouts": payouts}


def test_a_merchant_endpoint_receives_its_events_signed_and_the_feed_repeats_them(
    client: TestClient,
    demo: DemoKeys,  # noqa: F811
    receiver: Receiver,  # noqa: F811
    private_targets: None,
) -> None:
    lumen = add_endpoint(client, demo.lumen, f"{receiver.url}/lumen", SUBSCRIBED)
    batik = add_endpoint(client, demo.batik, f"{receiver.url}/batik", ["*"])
    shop = add_endpoint(client, demo.shop, f"{receiver.url}/shop", ["order.placed", "payout.paid"][:1])
    assert lumen["secret"].startswith("whsec_")
    assert lumen["secret"] != batik["secret"]

    flow = _ship_and_pay(client, demo)

    got = verified(lumen["secret"], receiver, "/lumen")
    types = [p["type"] for p in got]
    assert (types[0], types[-1]) == ("order.placed", "payout.paid"), types
    assert set(types) == set(SUBSCRIBED)
    assert types.count("shipment.updated") == 4  # each tracking event moved the status
    placed = got[0]["data"]["object"]
    assert placed["id"] == flow["order"]["id"]
    assert placed["merchant_id"] == "mer_demo_lumen"
    updates = [p["data"] for p in got if p["type"] == "shipment.updated"]
    assert [u["object"]["status"] for u in updates] == [
        "picked_up",
        "in_transit",
        "out_for_delivery",
        "delivered",
    ]
    assert updates[0]["previous_attributes"]["status"] == "pending"
    assert {p["data"]["object"]["id"] for p in got if p["type"] == "payout.paid"} == {
        p["id"] for p in flow["payouts"]
    }
    assert all(p["data"]["object"]["status"] == "paid" for p in got if p["type"] == "payout.paid")

    # another merchant's endpoint hears only of its own payouts from the same run; the shop's hears the
    # order, not the payouts
    theirs = verified(batik["secret"], receiver, "/batik")
    assert {p["type"] for p in theirs} <= {"payout.submitted", "payout.paid"}
    assert all(p["data"]["object"]["merchant_id"] == "mer_demo_batik" for p in theirs)
    assert [p["type"] for p in verified(shop["secret"], receiver, "/shop")] == ["order.placed"]
    # signed with that endpoint's secret only, and the signature covers the body
    first = receiver.on("/lumen")[0]
    with pytest.raises(WebhookVerificationError):
        Webhook(batik["secret"]).verify(first.body, first.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(lumen["secret"]).verify(first.body.replace(b"lumen", b"LUMEN"), first.headers)

    # the feed: the same events, newest first (after those of the demo's history, from before the endpoint)
    feed = client.get(
        "/v1/events", params={"type": SUBSCRIBED, "limit": 100}, headers=demo.h(demo.lumen)
    ).json()
    oldest_first = list(reversed(feed["data"]))
    assert [e["id"] for e in oldest_first[-len(got) :]] == [p["id"] for p in got]
    assert [e["type"] for e in oldest_first[-len(got) :]] == types
    assert all(e["created_at"] < lumen["created_at"] for e in oldest_first[: -len(got)])
    assert not feed["has_more"]
    # the whole feed of the merchant holds only its own events; the other merchant's is empty
    everything = client.get("/v1/events", params={"limit": 100}, headers=demo.h(demo.lumen)).json()["data"]
    assert everything
    assert all(e["merchant_id"] == "mer_demo_lumen" for e in everything)
    assert {"order.shipped", "shipment.delivered", "order.delivered"} <= {e["type"] for e in everything}
    batik_feed = client.get("/v1/events", params={"limit": 100}, headers=demo.h(demo.batik)).json()["data"]
    assert batik_feed
    assert all(e["merchant_id"] == "mer_demo_batik" for e in batik_feed)
    assert client.get(f"/v1/events/{got[0]['id']}", headers=demo.h(demo.batik)).status_code == 404
    # a shop reads orders and shipments, not payouts; an admin reads the settlement run too
    shop_types = {
        e["type"] for e in client.get("/v1/events?limit=100", headers=demo.h(demo.shop)).json()["data"]
    }
    assert "order.placed" in shop_types
    assert not any(t.startswith("payout.") for t in shop_types)
    admin_types = {
        e["type"] for e in client.get("/v1/events?limit=100", headers=demo.h(demo.admin)).json()["data"]
    }
    assert {"settlement_run.completed", "payout.submitted", "payout.paid"} <= admin_types

    # paged with starting_after, filtered by time
    page1 = client.get("/v1/events", params={"limit": 2}, headers=demo.h(demo.lumen)).json()
    page2 = client.get(
        "/v1/events",
        params={"limit": 2, "starting_after": page1["data"][-1]["id"]},
        headers=demo.h(demo.lumen),
    ).json()
    assert page1["has_more"]
    assert page2["data"][0]["id"] < page1["data"][-1]["id"]
    later = utc_now() + timedelta(days=30)
    assert (
        client.get("/v1/events", params={"since": later.isoformat()}, headers=demo.h(demo.lumen)).json()[
            "data"
        ]
        == []
    )

    # the delivery log
    log = client.get(f"/v1/webhook-endpoints/{lumen['id']}/deliveries?limit=100", headers=demo.h(demo.lumen))
    assert log.status_code == 200
    rows = log.json()["data"]
    assert len(rows) == len(got)
    assert all(d["status"] == "succeeded" and d["attempts"] == 1 for d in rows)
    assert all(d["response_status"] == 204 for d in rows)
    other = client.get(f"/v1/webhook-endpoints/{lumen['id']}/deliveries", headers=demo.h(demo.batik))
    assert other.status_code == 404


def _suspend(client: TestClient, keys: Keys, country: str) -> None:
    r = client.post(
        f"/v1/markets/{country}/suspend", json={"reason": "sanctions"}, headers=keys.h(keys.officer)
    )
    assert r.status_code == 200, r.text


def _delivery(client: TestClient, keys: Keys, endpoint_id: str) -> dict[str, Any]:
    rows = client.get(f"/v1/webhook-endpoints/{endpoint_id}/deliveries", headers=keys.h(keys.admin)).json()
    return rows["data"][0]  # type: ignore[no-any-return]


def test_a_failing_endpoint_is_retried_with_backoff_then_marked_failing(
    client: TestClient,
    keys: Keys,
    receiver: Receiver,  # noqa: F811
    private_targets: None,
) -> None:
    receiver.status = 500
    endpoint = add_endpoint(client, keys.admin, f"{receiver.url}/down", ["market.suspended"])
    start = utc_now()
    with frozen(start):
        _suspend(client, keys, "FR")
    d = _delivery(client, keys, endpoint["id"])
    assert (d["status"], d["attempts"], d["response_status"]) == ("pending", 1, 500)
    assert d["error"] == "answered HTTP 500"

    at = start
    for n, wait in enumerate(RETRY_SCHEDULE, start=2):
        with frozen(at + wait - timedelta(seconds=1)):  # not yet due: nothing is sent
            assert retry_webhooks() == 0
        at = at + wait
        with frozen(at):
            assert retry_webhooks() == 1
        assert _delivery(client, keys, endpoint["id"])["attempts"] == n
    d = _delivery(client, keys, endpoint["id"])
    assert (d["status"], d["attempts"]) == ("failed", MAX_ATTEMPTS)
    assert len(receiver.on("/down")) == MAX_ATTEMPTS
    assert len({r.headers["webhook-id"] for r in receiver.on("/down")}) == 1  # one message, sent again
    marked = client.get(f"/v1/webhook-endpoints/{endpoint['id']}", headers=keys.h(keys.admin)).json()
    assert marked["status"] == "failing"
    assert marked["failing_since"]

    # a failing endpoint's next delivery is tried once, not on the whole schedule
    with frozen(at + timedelta(hours=1)):
        _suspend(client, keys, "IT")
        assert _delivery(client, keys, endpoint["id"])["status"] == "failed"
        assert retry_webhooks() == 0

    # the receiver is back: a replay succeeds and the endpoint is enabled again
    receiver.status = 200
    r = client.post(
        f"/v1/webhook-endpoints/{endpoint['id']}/deliveries/{d['id']}/replay", headers=keys.h(keys.admin)
    )
    assert r.status_code == 202, r.text
    assert r.json()["replay_of"] == d["id"]
    again = client.get(
        f"/v1/webhook-endpoints/{endpoint['id']}/deliveries",
        params={"status": "succeeded"},
        headers=keys.h(keys.admin),
    ).json()["data"]
    assert [x["replay_of"] for x in again] == [d["id"]]
    assert receiver.on("/down")[-1].headers["webhook-id"] == receiver.on("/down")[0].headers["webhook-id"]
    enabled = client.get(f"/v1/webhook-endpoints/{endpoint['id']}", headers=keys.h(keys.admin)).json()
    assert enabled["status"] == "enabled"
    assert enabled["failing_since"] is None


def test_endpoint_secrets_are_shown_once_and_kept_nowhere(
    client: TestClient,
    keys: Keys,
    receiver: Receiver,  # noqa: F811
    private_targets: None,
) -> None:
    made = add_endpoint(client, keys.merchant, f"{receiver.url}/m", ["*"], **{"Idempotency-Key": "wh-1"})
    again = add_endpoint(client, keys.merchant, f"{receiver.url}/m", ["*"], **{"Idempotency-Key": "wh-1"})
    assert again["id"] == made["id"]
    assert again["secret"] is None
    assert again["note"]
    with unit_of_work(write=False) as s:
        row = s.execute(text("SELECT * FROM webhook_endpoints")).mappings().one()
        records = s.execute(text("SELECT response_body FROM idempotency_records")).scalars().all()
    secret = made["secret"].removeprefix("whsec_")
    assert secret not in json.dumps({k: str(v) for k, v in row.items()})
    assert all(secret.encode() not in (body or b"") for body in records)
    listed = client.get("/v1/webhook-endpoints", headers=keys.h(keys.merchant)).json()["data"]
    assert [e["id"] for e in listed] == [made["id"]]
    assert "secret" not in listed[0]


def test_endpoints_belong_to_their_owner_and_see_only_what_it_may(
    client: TestClient,
    keys: Keys,
    receiver: Receiver,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # in production, loopback, private and link-local targets are refused unless the setting allows them
    monkeypatch.setenv("APP_ENV", "production")
    get_settings.cache_clear()
    for url in (
        "http://127.0.0.1:9/x",
        "http://127.1/x",  # the resolver's shorthand for 127.0.0.1
        "http://10.0.0.8/x",
        "http://169.254.169.254/x",
        "http://[::ffff:192.168.0.1]/x",
        "http://localhost/x",
    ):
        r = client.post(
            "/v1/webhook-endpoints", json={"url": url, "event_types": ["*"]}, headers=keys.h(keys.admin)
        )
        assert (r.status_code, r.json()["errors"][0]["field"]) == (422, "url"), (url, r.text)
    for url in ("ftp://example.com/x", "https://user:pw@example.com/x"):
        r = client.post(
            "/v1/webhook-endpoints", json={"url": url, "event_types": ["*"]}, headers=keys.h(keys.admin)
        )
        assert r.status_code == 422, url
    # a merchant cannot subscribe to what it may not read
    r = client.post(
        "/v1/webhook-endpoints",
        json={
            "url": "https://hooks.example.com/x",
            "event_types": ["order.placed", "settlement_run.completed"],
        },
        headers=keys.h(keys.merchant),
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "event_types.1"
    made = add_endpoint(client, keys.merchant, "https://hooks.example.com/x", ["order.placed"])
    path = f"/v1/webhook-endpoints/{made['id']}"
    assert client.get(path, headers=keys.h(keys.other_merchant)).status_code == 404
    assert client.delete(path, headers=keys.h(keys.other_merchant)).status_code == 404
    assert client.get(path, headers=keys.h(keys.shop)).status_code == 404
    assert client.get(path, headers=keys.h(keys.admin)).status_code == 200
    assert client.delete(path, headers=keys.h(keys.merchant)).json()["status"] == "deleted"
    assert client.get(path, headers=keys.h(keys.merchant)).status_code == 404
    types = client.get("/v1/event-types", headers=keys.h(keys.merchant)).json()["data"]
    names = {t["name"] for t in types}
    assert {"order.placed", "payout.paid", "shipment.updated"} <= names
    assert "settlement_run.completed" not in names
    assert "market.suspended" not in names


def test_a_name_that_resolves_to_a_private_address_is_refused_at_delivery(
    client: TestClient,
    keys: Keys,
    receiver: Receiver,  # noqa: F811
    private_targets: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    endpoint = add_endpoint(client, keys.officer, f"{receiver.url}/x", ["market.suspended"])
    monkeypatch.setenv("APP_WEBHOOK_ALLOW_PRIVATE_TARGETS", "false")
    get_settings.cache_clear()
    _suspend(client, keys, "ES")
    d = _delivery(client, keys, endpoint["id"])
    assert d["attempts"] == 1
    assert d["response_status"] is None
    assert d["error"].startswith("target refused")
    assert receiver.received == []


@pytest.mark.postgres
def test_a_delivery_sent_by_several_workers_at_once_is_attempted_once(
    client: TestClient,
    keys: Keys,
    receiver: Receiver,  # noqa: F811
    private_targets: None,
) -> None:
    receiver.status = 500
    endpoint = add_endpoint(client, keys.admin, f"{receiver.url}/busy", ["market.suspended"])
    _suspend(client, keys, "PT")  # the first attempt fails: the delivery waits 5 s for the next
    d = _delivery(client, keys, endpoint["id"])
    with frozen(utc_now() + timedelta(minutes=1)):
        outcomes = at_once(8, lambda _: deliver(d["id"]))
    assert sorted(outcomes) == ["failed"] + ["skipped"] * 7
    assert _delivery(client, keys, endpoint["id"])["attempts"] == 2
    assert len(receiver.on("/busy")) == 2


def test_event_types_are_also_taken_as_events(
    client: TestClient,
    keys: Keys,
    receiver: Receiver,  # noqa: F811
    private_targets: None,
) -> None:
    r = client.post(
        "/v1/webhook-endpoints",
        json={"url": f"{receiver.url}/x", "events": ["order.placed"]},
        headers=keys.h(keys.admin),
    )
    assert r.status_code == 201, r.text
    assert r.json()["event_types"] == ["order.placed"]
    assert r.json()["secret"].startswith("whsec_")
