"""The settlement endpoints: shapes, who sees what (another merchant's payout is a 404), bad input as 422
problems naming the field, the signed Stripe webhook, and no 500 anywhere."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from core.clock import utc_now
from core.config import get_settings
from core.db import unit_of_work
from core.money import Money
from settlement import service
from tests.conftest import Keys
from tests.settlement.conftest import days_ago, signed

PROBLEM = "application/problem+json"


def problem(r: Response, status: int, *fields: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body: dict[str, Any] = r.json()
    assert set(fields) <= {e["field"] for e in body["errors"]}, body
    return body


def settings_body(**over: Any) -> dict[str, Any]:
    return {
        "minimum": {"amount": "5.00", "currency": "USD"},
        "account_holder": "Alpha Apparel",
        "account_number": "12345678",
        "bank_code": "CCBCCNBJ",
        **over,
    }


def _pay(client: TestClient, keys: Keys) -> str:
    """Settings for A, three orders delivered, a run: returns A's payout id."""
    h = keys.h(keys.merchant)
    assert client.put("/v1/payout-settings", json=settings_body(), headers=h).status_code == 200
    with unit_of_work() as s:
        for i, amount in enumerate(["30.00", "45.50", "12.00"]):
            service.record_sale(
                s,
                order_id=f"api{i}",
                merchant_id=keys.merchant_a,
                amount=Money.of(amount, "USD"),
                category="home",
                paid_at=days_ago(12),
            )
            service.record_delivery(s, order_id=f"api{i}", delivered_at=days_ago(10))
    r = client.post(
        "/v1/settlement-runs", json={}, headers=keys.h(keys.admin, **{"Idempotency-Key": "run-1"})
    )
    assert r.status_code == 202, r.text
    payouts = client.get("/v1/payouts", headers=h).json()["data"]
    assert len(payouts) == 1
    return str(payouts[0]["id"])


def test_balance_payouts_lines_and_isolation(client: TestClient, keys: Keys) -> None:
    pid = _pay(client, keys)
    h, other, admin = keys.h(keys.merchant), keys.h(keys.other_merchant), keys.h(keys.admin)
    bal = client.get("/v1/balance", headers=h).json()
    assert set(bal) >= {"available", "pending", "reserved", "in_transit"}
    assert bal["in_transit"] == [{"amount": "72.17", "currency": "USD"}]
    p = client.get(f"/v1/payouts/{pid}", headers=h).json()
    assert {"id", "status", "amount", "arrival_date", "method", "failure_code", "fx"} <= set(p)
    assert p["fx"] == {"rate": "1", "reference_rate": "1"}
    assert p["amount"] == {
        "amount": "72.17",
        "currency": "USD",
    }
    lines = client.get(f"/v1/balance-transactions?payout={pid}", headers=h).json()["data"]
    assert [line["order"] for line in lines if line["type"] == "sale"] == ["api0", "api1", "api2"]
    assert {"type", "order", "gross", "fees", "net", "available_on"} <= set(lines[0])
    # the other merchant sees none of it
    assert client.get(f"/v1/payouts/{pid}", headers=other).status_code == 404
    assert client.get(f"/v1/balance-transactions?payout={pid}", headers=other).status_code == 404
    assert client.get("/v1/payouts", headers=other).json()["data"] == []
    assert client.get(f"/v1/balance?merchant_id={keys.merchant_a}", headers=other).status_code == 404
    # an admin sees any merchant's, naming it
    assert client.get(f"/v1/balance?merchant_id={keys.merchant_a}", headers=admin).json()["in_transit"]
    problem(client.get("/v1/balance", headers=admin), 422, "merchant_id")
    problem(client.get("/v1/balance?merchant_id=mer_nobody", headers=admin), 422, "merchant_id")
    assert len(client.get("/v1/payouts", headers=admin).json()["data"]) == 1
    assert client.get("/v1/payouts?status=paid", headers=h).json()["data"] == []
    assert client.get("/v1/payouts?created_from=2000-01-01&limit=1", headers=h).json()["has_more"] is False
    assert client.get("/v1/payouts", headers=keys.h(keys.shop)).status_code == 403
    assert client.get("/v1/payouts").status_code == 401


def test_statement_csv_has_running_balances(client: TestClient, keys: Keys) -> None:
    _pay(client, keys)
    month = days_ago(0).strftime("%Y-%m")
    r = client.get(f"/v1/statements/{month}", headers=keys.h(keys.merchant))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    rows = r.text.strip().splitlines()
    assert rows[0].startswith("date,transaction,type,reference,account,currency,amount,balance,gross,")
    assert any(",payout," in row for row in rows)
    problem(client.get("/v1/statements/2026-13", headers=keys.h(keys.merchant)), 422, "month")


def test_runs_confirm_fail_and_reconciliation(client: TestClient, keys: Keys) -> None:
    pid = _pay(client, keys)
    admin = keys.h(keys.admin)
    runs = client.get("/v1/settlement-runs", headers=admin).json()["data"]
    run = client.get(f"/v1/settlement-runs/{runs[0]['id']}", headers=admin).json()
    assert run["status"] == "completed"
    assert run["payouts"] == 1
    assert run["reconciliation"]["balanced"]
    again = client.post(
        "/v1/settlement-runs", json={}, headers=keys.h(keys.admin, **{"Idempotency-Key": "run-1"})
    )
    assert again.json()["id"] == run["id"]
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert client.post("/v1/settlement-runs", json={}, headers=admin).json()["id"] == run["id"]
    assert client.post(f"/v1/payouts/{pid}/confirm", headers=keys.h(keys.merchant)).status_code == 403
    assert client.post(f"/v1/payouts/{pid}/confirm", headers=admin).json()["status"] == "paid"
    problem(
        client.post(f"/v1/payouts/{pid}/fail", json={"failure_code": ""}, headers=admin), 422, "failure_code"
    )
    assert (
        client.post(f"/v1/payouts/{pid}/fail", json={"failure_code": "AC04"}, headers=admin).json()["status"]
        == "failed"
    )
    bal = client.get("/v1/balance", headers=keys.h(keys.merchant)).json()
    assert bal["available"] == [{"amount": "72.17", "currency": "USD"}]
    assert client.post("/v1/payouts/po_nope/confirm", headers=admin).status_code == 404
    assert client.get("/v1/settlement-runs/run_nope", headers=admin).status_code == 404
    problem(
        client.post("/v1/settlement-runs", json={"merchant_id": "mer_nobody"}, headers=admin),
        422,
        "merchant_id",
    )


def test_payout_settings_validation(client: TestClient, keys: Keys) -> None:
    h = keys.h(keys.merchant)
    assert client.get("/v1/payout-settings", headers=h).status_code == 404
    problem(
        client.put(
            "/v1/payout-settings", json=settings_body(iban="DE00123456789", account_number=None), headers=h
        ),
        422,
        "iban",
    )
    problem(
        client.put(
            "/v1/payout-settings",
            json=settings_body(currency="EUR", minimum={"amount": "5", "currency": "EUR"}),
            headers=h,
        ),
        422,
        "iban",
    )
    problem(
        client.put(
            "/v1/payout-settings",
            json=settings_body(minimum={"amount": "5.00", "currency": "EUR"}),
            headers=h,
        ),
        422,
        "minimum.currency",
    )
    problem(
        client.put("/v1/payout-settings", json=settings_body(method="stripe"), headers=h),
        422,
        "stripe_account",
    )
    problem(
        client.put("/v1/payout-settings", json=settings_body(interval="hourly"), headers=h), 422, "interval"
    )
    ok = client.put(
        "/v1/payout-settings",
        json=settings_body(
            currency="EUR", iban="DE02 1203 0000 0000 2020 51", minimum={"amount": "5.00", "currency": "EUR"}
        ),
        headers=h,
    )
    assert ok.status_code == 200
    assert ok.json()["iban"] == "DE02120300000000202051"
    assert client.get("/v1/payout-settings", headers=h).json()["currency"] == "EUR"


def test_ledger_endpoints_reject_bad_input(client: TestClient, keys: Keys) -> None:
    admin = keys.h(keys.admin)
    sale = {
        "order_id": "o-api",
        "merchant_id": keys.merchant_a,
        "amount": {"amount": "10.00", "currency": "USD"},
        "category": "home",
    }
    problem(
        client.post(
            "/v1/settlement/sales",
            json=sale | {"amount": {"amount": "0.00", "currency": "USD"}},
            headers=admin,
        ),
        422,
        "amount.amount",
    )
    problem(
        client.post(
            "/v1/settlement/sales",
            json=sale | {"amount": {"amount": "-1.00", "currency": "USD"}},
            headers=admin,
        ),
        422,
        "amount.amount",
    )
    problem(
        client.post("/v1/settlement/sales", json=sale | {"merchant_id": "mer_nobody"}, headers=admin),
        422,
        "merchant_id",
    )
    problem(
        client.post("/v1/settlement/sales", json=sale | {"fx_rate": "abc"}, headers=admin), 422, "fx_rate"
    )
    first = client.post("/v1/settlement/sales", json=sale, headers=admin)
    assert first.status_code == 201
    assert client.post("/v1/settlement/sales", json=sale, headers=admin).json() == first.json()
    refund = {"refund_id": "r-api", "order_id": "o-api", "amount": {"amount": "5.00", "currency": "EUR"}}
    problem(client.post("/v1/settlement/refunds", json=refund, headers=admin), 422, "amount.currency")
    problem(
        client.post(
            "/v1/settlement/refunds",
            json=refund | {"amount": {"amount": "50.00", "currency": "USD"}},
            headers=admin,
        ),
        422,
        "amount.amount",
    )
    assert (
        client.post("/v1/settlement/refunds", json=refund | {"order_id": "o-none"}, headers=admin).status_code
        == 404
    )
    d = client.post("/v1/settlement/deliveries", json={"order_id": "o-api"}, headers=admin)
    assert d.status_code == 201
    assert d.json()["available_on"] > d.json()["delivered_at"][:10]
    assert client.post("/v1/settlement/sales", json=sale, headers=keys.h(keys.merchant)).status_code == 403


@pytest.fixture
def webhook_secret(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("APP_STRIPE_WEBHOOK_SECRET", "whsec_api")
    get_settings.cache_clear()
    return "whsec_api"


def test_stripe_webhook_verifies_signatures(client: TestClient, keys: Keys, webhook_secret: str) -> None:
    pid = _pay(client, keys)
    event = {
        "id": "evt_api_1",
        "object": "event",
        "type": "payout.paid",
        "data": {
            "object": {
                "id": "po_x",
                "object": "payout",
                "amount": 7217,
                "currency": "usd",
                "metadata": {"tradelane_payout": pid},
            }
        },
    }
    body, sig = signed(event, webhook_secret)
    bad = client.post(
        "/v1/webhooks/stripe", content=body, headers={"Stripe-Signature": sig.replace("v1=", "v1=0")}
    )
    problem(bad, 400)
    assert client.post("/v1/webhooks/stripe", content=body).status_code == 400
    assert (
        client.post(
            "/v1/webhooks/stripe", content=b"{not json", headers={"Stripe-Signature": sig}
        ).status_code
        == 400
    )
    assert client.get(f"/v1/payouts/{pid}", headers=keys.h(keys.merchant)).json()["status"] == "in_transit"
    ok = client.post("/v1/webhooks/stripe", content=body, headers={"Stripe-Signature": sig})
    assert ok.status_code == 200
    assert ok.json()["result"] == "paid"
    assert (
        client.post("/v1/webhooks/stripe", content=body, headers={"Stripe-Signature": sig}).json()["result"]
        == "duplicate"
    )
    assert client.get(f"/v1/payouts/{pid}", headers=keys.h(keys.merchant)).json()["status"] == "paid"
    other = json.loads(body) | {"id": "evt_api_2", "type": "customer.created"}
    b2, s2 = signed(other, webhook_secret)
    assert (
        client.post("/v1/webhooks/stripe", content=b2, headers={"Stripe-Signature": s2}).json()["result"]
        == "ignored"
    )


def _paid_event(pid: str, event_id: str, amount: int = 7217, currency: str = "usd") -> dict[str, Any]:
    return {
        "id": event_id,
        "object": "event",
        "type": "payout.paid",
        "data": {
            "object": {
                "id": "po_x",
                "object": "payout",
                "amount": amount,
                "currency": currency,
                "metadata": {"tradelane_payout": pid},
            }
        },
    }


@pytest.mark.parametrize(
    "offset", [timedelta(seconds=301), timedelta(minutes=30), timedelta(days=365), -timedelta(seconds=301)]
)
def test_stripe_webhook_outside_the_tolerance_either_side_is_refused(
    client: TestClient, keys: Keys, webhook_secret: str, offset: timedelta
) -> None:
    pid = _pay(client, keys)
    body, sig = signed(_paid_event(pid, "evt_skewed"), webhook_secret, at=utc_now() + offset)
    r = client.post("/v1/webhooks/stripe", content=body, headers={"Stripe-Signature": sig})
    problem(r, 400, "Stripe-Signature")
    assert client.get(f"/v1/payouts/{pid}", headers=keys.h(keys.merchant)).json()["status"] == "in_transit"
    # within the tolerance, on either side, the same event is applied
    near = timedelta(seconds=290) if offset > timedelta(0) else -timedelta(seconds=290)
    body, sig = signed(_paid_event(pid, "evt_skewed"), webhook_secret, at=utc_now() + near)
    r = client.post("/v1/webhooks/stripe", content=body, headers={"Stripe-Signature": sig})
    assert r.status_code == 200, r.text
    assert r.json()["result"] == "paid"


def _reconciliation(client: TestClient, keys: Keys, pid: str) -> dict[str, Any]:
    run_id = client.get(f"/v1/payouts/{pid}", headers=keys.h(keys.admin)).json()["run_id"]
    r = client.get(f"/v1/settlement-runs/{run_id}", headers=keys.h(keys.admin))
    assert r.status_code == 200, r.text
    rec: dict[str, Any] = r.json()["reconciliation"]
    return rec


def _in_transit(client: TestClient, keys: Keys) -> str:
    """The payee's in-transit balance: it moves to paid only with a confirmation."""
    return str(client.get("/v1/balance", headers=keys.h(keys.merchant)).json()["in_transit"])


@pytest.mark.parametrize(
    ("amount", "currency"),
    [(1, "jpy"), (7216, "usd"), (7218, "usd"), (7217, "eur"), (721700, "usd"), (None, "usd"), (7217, None)],
)
def test_a_stripe_report_of_another_amount_or_currency_leaves_the_payout_open(
    client: TestClient, keys: Keys, webhook_secret: str, amount: int | None, currency: str | None
) -> None:
    pid = _pay(client, keys)  # USD 72.17: 7217 in Stripe's units
    in_transit = _in_transit(client, keys)
    event = _paid_event(pid, "evt_wrong")
    obj = event["data"]["object"]
    for key, value in (("amount", amount), ("currency", currency)):
        if value is None:
            del obj[key]
        else:
            obj[key] = value
    body, sig = signed(event, webhook_secret)
    r = client.post("/v1/webhooks/stripe", content=body, headers={"Stripe-Signature": sig})
    assert r.status_code == 200, r.text
    assert r.json()["result"] == "mismatch"
    assert client.get(f"/v1/payouts/{pid}", headers=keys.h(keys.merchant)).json()["status"] == "in_transit"
    assert _in_transit(client, keys) == in_transit
    rec = _reconciliation(client, keys, pid)
    assert rec["balanced"] is False
    issues = [m for m in rec["mismatches"] if m["issue"] == "reported_amount_differs"]
    assert len(issues) == 1
    assert issues[0]["payout"] == pid
    assert issues[0]["source"] == "stripe"
    assert issues[0]["expected"] == 7217
    # the replay is a duplicate; the right report then confirms, and the exception is settled with it
    again = client.post("/v1/webhooks/stripe", content=body, headers={"Stripe-Signature": sig})
    assert again.json()["result"] == "duplicate"
    body, sig = signed(_paid_event(pid, "evt_right"), webhook_secret)
    r = client.post("/v1/webhooks/stripe", content=body, headers={"Stripe-Signature": sig})
    assert r.json()["result"] == "paid"
    assert client.get(f"/v1/payouts/{pid}", headers=keys.h(keys.merchant)).json()["status"] == "paid"
    assert _reconciliation(client, keys, pid)["balanced"] is True


@pytest.mark.parametrize(
    ("amount", "currency"), [("72.17", "JPY"), ("1", "JPY"), ("72.171", "USD"), ("72.16", "USD")]
)
def test_a_statement_line_of_another_amount_or_currency_leaves_the_payout_open(
    client: TestClient, keys: Keys, amount: str, currency: str
) -> None:
    pid = _pay(client, keys)
    admin = keys.h(keys.admin, **{"Content-Type": "text/csv"})
    wrong = f"reference,amount,currency,status\n{pid},{amount},{currency},paid\n"
    r = client.post("/v1/bank-statements", content=wrong, headers=admin)
    assert r.status_code == 200, r.text
    assert r.json()["paid"] == 0
    (line,) = r.json()["unmatched"]
    assert line["reference"] == pid
    assert "72.17 USD" in line["reason"]
    assert client.get(f"/v1/payouts/{pid}", headers=keys.h(keys.merchant)).json()["status"] == "in_transit"
    issues = _reconciliation(client, keys, pid)["mismatches"]
    assert [(m["issue"], m["source"]) for m in issues] == [("reported_amount_differs", "statement")]
    right = f"reference,amount,currency,status\n{pid},72.170,USD,paid\n"
    assert client.post("/v1/bank-statements", content=right, headers=admin).json()["paid"] == 1
    assert client.get(f"/v1/payouts/{pid}", headers=keys.h(keys.merchant)).json()["status"] == "paid"
    assert _reconciliation(client, keys, pid)["balanced"] is True


def test_bank_statement_endpoint(client: TestClient, keys: Keys) -> None:
    pid = _pay(client, keys)
    admin = keys.h(keys.admin, **{"Content-Type": "text/csv"})
    csv_text = f"reference,amount,currency,status\n{pid},72.17,USD,paid\n"
    r = client.post("/v1/bank-statements", content=csv_text, headers=admin)
    assert r.status_code == 200
    assert r.json()["paid"] == 1
    problem(client.post("/v1/bank-statements", content="nope\n1\n", headers=admin), 422, "body")
    problem(client.post("/v1/bank-statements", content=b"\xff\xfe", headers=admin), 422, "body")
