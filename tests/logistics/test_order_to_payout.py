"""End to end through the API: quote, order, booking, tracking with a customs hold, delivery, settlement run,
payout traced to the order, return and refund, with the merchant's balance and statement at each step."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from core.clock import frozen, utc_now
from tests.logistics.test_orders_api import DemoKeys, balance, demo, event, order, quote  # noqa: F401


def test_quote_to_payout_to_refund(client: TestClient, demo: DemoKeys) -> None:  # noqa: F811
    start = utc_now()
    q = quote(client, demo)
    placed = order(client, demo, q)
    assert placed.status_code == 201, placed.text
    o = placed.json()
    step0 = balance(client, demo)
    shipment = client.get(f"/v1/shipments/{o['shipments'][0]['id']}", headers=demo.h(demo.lumen)).json()
    assert shipment["tracking_number"]

    day = timedelta(days=1)
    with frozen(start + 8 * day):
        sid = shipment["id"]
        for n, (status, reason) in enumerate(
            [
                ("picked_up", None),
                ("in_transit", None),
                ("customs_hold", "customs_documents"),
                ("customs_cleared", None),
                ("out_for_delivery", None),
                ("delivered", None),
            ]
        ):
            r = event(client, demo, sid, f"e2e-{n}", status, start + (n + 1) * day, reason)
            assert r.status_code == 200, r.text
        assert client.get(f"/v1/orders/{o['id']}", headers=demo.h(demo.lumen)).json()["status"] == "delivered"

    with frozen(start + 14 * day):  # past the one-business-day hold
        step1 = balance(client, demo)
        assert step1["available"] > step0["available"]
        run = client.post(
            "/v1/settlement-runs", json={}, headers=demo.h(demo.admin, **{"Idempotency-Key": "e2e"})
        )
        assert run.status_code in (200, 201, 202), run.text
        payouts = client.get("/v1/payouts", headers=demo.h(demo.lumen)).json()["data"]
        assert payouts
        traced = []
        for p in payouts:
            lines = client.get(
                "/v1/balance-transactions", params={"payout": p["id"]}, headers=demo.h(demo.lumen)
            ).json()
            rows = lines.get("data", lines) if isinstance(lines, dict) else lines
            traced += [row for row in rows if o["id"] in str(row)]
        assert traced, "the order is in a payout's lines"
        step2 = balance(client, demo)
        assert step2["in_transit"] > 0 or step2["available"] < step1["available"]

        r = client.post(
            "/v1/returns",
            headers=demo.h(demo.shop),
            json={
                "order_id": o["id"],
                "items": [{"sku": "TEE-BASIC-M", "quantity": 1, "reason": "wrong_size"}],
            },
        )
        assert r.status_code == 201, r.text
        ret = r.json()
        if ret["status"] != "refunded":
            client.post(f"/v1/returns/{ret['id']}/ship", headers=demo.h(demo.admin))
            r = client.post(
                f"/v1/returns/{ret['id']}/receive",
                headers=demo.h(demo.admin),
                json={"restockable_quantity": {"TEE-BASIC-M": 1}},
            )
            assert r.json()["status"] == "refunded", r.text
        step3 = balance(client, demo)
        assert sum(step3.values()) < sum(step2.values())
        sold = client.get(f"/v1/statements/{start.strftime('%Y-%m')}", headers=demo.h(demo.lumen)).text
        refunded = client.get(
            f"/v1/statements/{(start + 14 * day).strftime('%Y-%m')}", headers=demo.h(demo.lumen)
        ).text
        assert o["id"] in sold + refunded  # the sale's line names the order
        assert ret["id"] in refunded  # the refund's line names the return
        assert ",payout," in sold + refunded
