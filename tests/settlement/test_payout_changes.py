"""Changes that move money need a second person: a merchant's change of bank account, payout currency,
method or a hold below the policy's minimum waits for an admin's approval (never the requester's), takes
effect after the cooling-off period, is audited, and payouts in the meantime go to the old account."""

from __future__ import annotations

import json
import re
import threading
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from compliance.models import AuditEntry
from core.auth import create_api_key
from core.clock import as_utc, frozen, utc_now
from core.config import get_settings
from core.db import unit_of_work
from core.models import Role
from core.money import Money
from settlement import payout_changes, payouts, service
from settlement.models import Payout, PayoutSettingChange, PayoutSettings
from tests.conftest import PG_URL, Keys
from tests.settlement.conftest import days_ago, run_now
from tests.settlement.test_api import problem, settings_body

OLD, NEW = "12345678", "99990000"


def _fund(merchant_id: str, prefix: str, amount: str = "40.00") -> None:
    """A delivered order past its hold: available at the next run."""
    with unit_of_work() as s:
        service.record_sale(
            s,
            order_id=prefix,
            merchant_id=merchant_id,
            amount=Money.of(amount, "USD"),
            category="books",
            paid_at=days_ago(12),
        )
        service.record_delivery(s, order_id=prefix, delivered_at=days_ago(10))


def _paid_to(merchant_id: str, prefix: str) -> tuple[str, str]:
    """Fund, run for the merchant now: the payout's destination and the bank file line it was sent in."""
    _fund(merchant_id, prefix)
    run_id = run_now(merchant_id=merchant_id)
    with unit_of_work() as s:
        (p,) = s.exec(select(Payout).where(col(Payout.run_id) == run_id)).all()
    return p.destination, _bank_line(p.id)


def _bank_line(payout_id: str) -> str:
    for f in (get_settings().data_dir / "payouts").glob("*.xml"):
        for line in re.findall(r"<CdtTrfTxInf>.*?</CdtTrfTxInf>", f.read_text()):
            if payout_id in line:
                return line
    raise AssertionError(f"{payout_id} is in no bank file")


def _admin2() -> str:
    with unit_of_work() as s:
        return create_api_key(s, role=Role.admin, label="second admin").secret


def _audit(entity_id: str | None = None) -> list[AuditEntry]:
    with unit_of_work(write=False) as s:
        stmt = select(AuditEntry).where(
            col(AuditEntry.entity_type).in_(["payout_setting_change", "payout_settings"])
        )
        if entity_id:
            stmt = stmt.where(col(AuditEntry.entity_id) == entity_id)
        rows = list(s.exec(stmt.order_by(col(AuditEntry.id))))
        s.expunge_all()
        return rows


def _settings(client: TestClient, h: dict[str, str]) -> dict[str, Any]:
    r = client.get("/v1/payout-settings", headers=h)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_a_bank_change_waits_for_approval_and_the_cooling_off(client: TestClient, keys: Keys) -> None:
    h, admin = keys.h(keys.merchant), keys.h(keys.admin)
    first = client.put("/v1/payout-settings", json=settings_body(account_number=OLD), headers=h)
    assert first.status_code == 200, first.text  # the first settings apply at once
    assert first.json()["account_number"] == OLD

    r = client.put("/v1/payout-settings", json=settings_body(account_number=NEW), headers=h)
    assert r.status_code == 202, r.text
    change = r.json()
    assert change["status"] == "pending_approval"
    assert change["fields"] == ["account_number"]
    assert change["changes"]["account_number"] == {"previous": "•••• 5678", "proposed": "•••• 0000"}
    assert NEW not in r.text
    assert change["effective_at"] is None
    # the same request again is the same change, not a second one
    again = client.put("/v1/payout-settings", json=settings_body(account_number=NEW), headers=h)
    assert again.status_code == 202
    assert again.json()["id"] == change["id"]

    assert _settings(client, h)["account_number"] == OLD
    destination, line = _paid_to(keys.merchant_a, "p1")
    assert destination == "•••• 5678"
    assert OLD in line
    assert NEW not in line

    # merchants see their own changes, and cannot decide them
    listed = client.get("/v1/payout-setting-changes", headers=h).json()["data"]
    assert [c["id"] for c in listed] == [change["id"]]
    other = keys.h(keys.other_merchant)
    assert client.get("/v1/payout-setting-changes", headers=other).json()["data"] == []
    assert client.get(f"/v1/payout-setting-changes/{change['id']}", headers=other).status_code == 404
    problem(client.post(f"/v1/payout-setting-changes/{change['id']}/approve", headers=h), 403)

    approved_at = utc_now()
    ok = client.post(
        f"/v1/payout-setting-changes/{change['id']}/approve", json={"reason": "called"}, headers=admin
    )
    assert ok.status_code == 200, ok.text
    body = ok.json()
    assert body["status"] == "approved"
    effective = as_utc(datetime.fromisoformat(body["effective_at"]))
    assert timedelta(hours=24) <= effective - approved_at < timedelta(hours=24, minutes=1)
    problem(client.post(f"/v1/payout-setting-changes/{change['id']}/approve", headers=admin), 409)

    with frozen(effective - timedelta(hours=1)):
        assert _settings(client, h)["account_number"] == OLD
        destination, line = _paid_to(keys.merchant_a, "p2")
        assert destination == "•••• 5678"
        assert OLD in line
    with frozen(effective + timedelta(minutes=1)):
        assert _settings(client, h)["account_number"] == NEW  # in force, before anything wrote it
        destination, line = _paid_to(keys.merchant_a, "p3")
        assert destination == "•••• 0000"
        assert NEW in line
        assert OLD not in line
        assert _settings(client, h)["account_number"] == NEW
    with unit_of_work(write=False) as s:
        row = s.get(PayoutSettings, ("merchant", keys.merchant_a))
        assert row is not None
        assert row.account_number == NEW
        ch = s.get(PayoutSettingChange, change["id"])
        assert ch is not None
        assert ch.status == "applied"
        assert ch.applied_at is not None

    actions = [e.action for e in _audit()]
    assert actions == [
        "payout_settings.create",
        "payout_change.request",
        "payout_change.approve",
        "payout_change.apply",
    ]
    steps = _audit(change["id"])
    assert steps[0].actor != steps[1].actor  # the merchant's key asked, the admin's key approved
    assert steps[1].reason == "called"
    assert steps[-1].actor == "system"
    dumped = json.dumps([[e.before, e.after] for e in _audit()], ensure_ascii=False)
    assert NEW not in dumped
    assert OLD not in dumped


def test_a_payout_planned_before_the_change_goes_to_the_old_account(client: TestClient, keys: Keys) -> None:
    h = keys.h(keys.merchant)
    assert (
        client.put("/v1/payout-settings", json=settings_body(account_number=OLD), headers=h).status_code
        == 200
    )
    cid = client.put("/v1/payout-settings", json=settings_body(account_number=NEW), headers=h).json()["id"]
    assert (
        client.post(f"/v1/payout-setting-changes/{cid}/approve", headers=keys.h(keys.admin)).status_code
        == 200
    )
    _fund(keys.merchant_a, "q1")
    run_id = run_now(
        merchant_id=keys.merchant_a, stop_after="plan"
    )  # planned now; a crash before handing over
    with unit_of_work() as s:
        (p,) = s.exec(select(Payout).where(col(Payout.run_id) == run_id)).all()
    with frozen(utc_now() + timedelta(hours=25)), unit_of_work() as s:
        assert payout_changes.apply_due(s) == 1
        assert payout_changes.apply_due(s) == 0
    payouts.execute_run(run_id)  # resumed after the change took effect: still the account it was planned for
    assert OLD in _bank_line(p.id)
    assert NEW not in _bank_line(p.id)


def test_the_requester_cannot_approve(client: TestClient, keys: Keys) -> None:
    admin, admin2 = keys.h(keys.admin), keys.h(_admin2())
    on_behalf = {"merchant_id": keys.merchant_a}
    assert (
        client.put("/v1/payout-settings", params=on_behalf, json=settings_body(), headers=admin).status_code
        == 200
    )
    r = client.put(
        "/v1/payout-settings", params=on_behalf, json=settings_body(account_number=NEW), headers=admin
    )
    assert r.status_code == 202, r.text
    cid = r.json()["id"]
    refused = problem(client.post(f"/v1/payout-setting-changes/{cid}/approve", headers=admin), 403)
    assert "another admin" in refused["detail"]
    assert (
        client.get(f"/v1/payout-setting-changes/{cid}", headers=admin).json()["status"] == "pending_approval"
    )
    ok = client.post(f"/v1/payout-setting-changes/{cid}/approve", headers=admin2)
    assert ok.status_code == 200, ok.text
    assert ok.json()["decided_by"] != ok.json()["requested_by"]


def test_rejection_leaves_the_old_account(client: TestClient, keys: Keys) -> None:
    h, admin = keys.h(keys.merchant), keys.h(keys.admin)
    assert (
        client.put("/v1/payout-settings", json=settings_body(account_number=OLD), headers=h).status_code
        == 200
    )
    body = settings_body(
        currency="EUR", iban="DE02 1203 0000 0000 2020 51", minimum={"amount": "5.00", "currency": "EUR"}
    )
    r = client.put("/v1/payout-settings", json=body, headers=h)
    assert r.status_code == 202, r.text
    cid = r.json()["id"]
    assert set(r.json()["fields"]) == {"currency", "iban"}
    assert r.json()["changes"]["iban"]["proposed"] == "•••• 2051"
    rejected = client.post(
        f"/v1/payout-setting-changes/{cid}/reject", json={"reason": "not them"}, headers=admin
    )
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["status"] == "rejected"
    problem(client.post(f"/v1/payout-setting-changes/{cid}/approve", headers=admin), 409)
    problem(client.post(f"/v1/payout-setting-changes/{cid}/reject", headers=admin), 409)
    with frozen(utc_now() + timedelta(hours=30)):
        s = _settings(client, h)
        assert (s["currency"], s["account_number"], s["iban"]) == ("USD", OLD, None)
        destination, line = _paid_to(keys.merchant_a, "r1")
        assert destination == "•••• 5678"
        assert OLD in line
    assert [e.action for e in _audit(cid)] == ["payout_change.request", "payout_change.reject"]


def test_an_approved_change_can_be_withdrawn_during_the_cooling_off(client: TestClient, keys: Keys) -> None:
    h, admin, admin2 = keys.h(keys.merchant), keys.h(keys.admin), keys.h(_admin2())
    assert (
        client.put("/v1/payout-settings", json=settings_body(account_number=OLD), headers=h).status_code
        == 200
    )
    cid = client.put("/v1/payout-settings", json=settings_body(account_number=NEW), headers=h).json()["id"]
    assert client.post(f"/v1/payout-setting-changes/{cid}/approve", headers=admin).status_code == 200
    assert client.post(f"/v1/payout-setting-changes/{cid}/reject", headers=admin2).status_code == 200
    with frozen(utc_now() + timedelta(hours=30)):
        assert _settings(client, h)["account_number"] == OLD


def test_a_hold_below_the_minimum_waits_a_longer_hold_applies_at_once(client: TestClient, keys: Keys) -> None:
    h, admin2 = keys.h(keys.merchant), keys.h(_admin2())
    assert (
        client.put("/v1/payout-settings", json=settings_body(), headers=h).json()["hold_business_days"] == 1
    )
    r = client.put("/v1/payout-settings", json=settings_body(hold_business_days=0), headers=h)
    assert r.status_code == 202, r.text
    assert r.json()["changes"] == {"hold_business_days": {"previous": 1, "proposed": 0}}
    assert _settings(client, h)["hold_business_days"] == 1
    longer = client.put(
        "/v1/payout-settings", json=settings_body(hold_business_days=5, interval="weekly"), headers=h
    )
    assert longer.status_code == 200, longer.text
    assert (longer.json()["hold_business_days"], longer.json()["interval"]) == (5, "weekly")
    # a hold lowered but not below the policy's minimum applies at once too
    assert (
        client.put("/v1/payout-settings", json=settings_body(hold_business_days=2), headers=h).status_code
        == 200
    )
    # an account change beside an interval change: the interval applies now, the account waits
    r = client.put(
        "/v1/payout-settings", json=settings_body(hold_business_days=2, account_number=NEW), headers=h
    )
    assert r.status_code == 202
    assert r.json()["fields"] == ["account_number"]
    assert _settings(client, h)["interval"] == "daily"
    # a new merchant's first settings apply at once, except a hold below the minimum
    b = keys.h(keys.other_merchant)
    first = settings_body(currency="IDR", minimum={"amount": "1000", "currency": "IDR"}, hold_business_days=0)
    r = client.put("/v1/payout-settings", json=first, headers=b)
    assert r.status_code == 202
    assert r.json()["fields"] == ["hold_business_days"]
    assert _settings(client, b)["hold_business_days"] == 1
    assert _settings(client, b)["currency"] == "IDR"
    # the merchant's pending hold is superseded by its account change: one open change at a time
    changes = client.get(
        "/v1/payout-setting-changes", params={"merchant_id": keys.merchant_a}, headers=admin2
    )
    statuses = {c["fields"][0]: c["status"] for c in changes.json()["data"]}
    assert statuses == {"account_number": "pending_approval", "hold_business_days": "superseded"}


def test_no_cooling_off_applies_at_approval(
    client: TestClient, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_PAYOUT_CHANGE_COOLING_OFF_HOURS", "0")
    get_settings.cache_clear()
    try:
        h = keys.h(keys.merchant)
        assert client.put("/v1/payout-settings", json=settings_body(), headers=h).status_code == 200
        cid = client.put("/v1/payout-settings", json=settings_body(account_number=NEW), headers=h).json()[
            "id"
        ]
        r = client.post(f"/v1/payout-setting-changes/{cid}/approve", headers=keys.h(keys.admin))
        assert r.status_code == 200
        assert r.json()["status"] == "applied"
        assert _settings(client, h)["account_number"] == NEW
    finally:
        monkeypatch.delenv("APP_PAYOUT_CHANGE_COOLING_OFF_HOURS")
        get_settings.cache_clear()


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)")
def test_concurrent_approvals_apply_once(client: TestClient, keys: Keys) -> None:
    h = keys.h(keys.merchant)
    assert (
        client.put("/v1/payout-settings", json=settings_body(account_number=OLD), headers=h).status_code
        == 200
    )
    cid = client.put("/v1/payout-settings", json=settings_body(account_number=NEW), headers=h).json()["id"]
    with unit_of_work() as s:
        version = s.get(PayoutSettings, ("merchant", keys.merchant_a)).version  # type: ignore[union-attr]
    approvers = [f"key_admin{i}" for i in range(6)]
    gate = threading.Barrier(len(approvers))
    outcomes: list[str] = []

    def approve(actor: str) -> None:
        gate.wait()
        try:
            with unit_of_work() as s:
                payout_changes.approve_change(s, change_id=cid, actor=actor)
            outcomes.append("approved")
        except payout_changes.PayoutChangeNotPending:
            outcomes.append("conflict")

    threads = [threading.Thread(target=approve, args=(a,)) for a in approvers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["approved"] + ["conflict"] * (len(approvers) - 1)

    later = utc_now() + timedelta(hours=25)
    gate = threading.Barrier(6)
    applied: list[int] = []

    def apply() -> None:
        gate.wait()
        with unit_of_work() as s:
            applied.append(payout_changes.apply_due(s, at=later))

    threads = [threading.Thread(target=apply) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(applied) == [0, 0, 0, 0, 0, 1]
    with unit_of_work(write=False) as s:
        row = s.get(PayoutSettings, ("merchant", keys.merchant_a))
        assert row is not None
        assert row.account_number == NEW
        assert row.version == version + 1
    assert [e.action for e in _audit(cid)] == [
        "payout_change.request",
        "payout_change.approve",
        "payout_change.apply",
    ]
