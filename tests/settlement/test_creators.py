"""Creators as payees: onboarding (admin, idempotent), keys bound to a creator (and the per-process key
cache), a creator's balance, payouts, lines and statements in a merchant's shapes, its payout settings
through the four-eyes path, one run paying a merchant and a creator, clawbacks after release, role isolation
over every route a creator key can reach, and the migration of affiliate balances."""

from __future__ import annotations

import re
from typing import Any

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import bindparam, text
from sqlmodel import col, select

from core import auth
from core.auth import create_api_key
from core.db import engine_for, unit_of_work
from core.models import Role, UTCDateTime
from core.money import Money
from main import run_migrations
from settlement import ledger, payouts, service
from settlement.models import Payout, PayoutStatus
from settlement.payees import PayeeRef
from tests.conftest import Keys
from tests.core.test_migrations import _config
from tests.settlement.conftest import assert_ledger_sound, days_ago, make_creator, make_merchant, run_now
from tests.settlement.test_api import problem

SETTINGS = {
    "minimum": {"amount": "1.00", "currency": "USD"},
    "account_holder": "Lina Okafor",
    "account_number": "000123456789",
    "bank_code": "021000021",
}


def onboard(client: TestClient, keys: Keys, name: str = "Lina", **over: Any) -> Any:
    body = {"name": name, "country": "US", "payout_currency": "USD", "verification": "verified", **over}
    return client.post("/v1/creators", json=body, headers=keys.h(keys.admin))


def creator_key(creator_id: str) -> str:
    with unit_of_work() as s:
        return create_api_key(s, role=Role.creator, creator_id=creator_id).secret


def sell(
    oid: str, merchant: str, creator: str | None, amount: str = "100.00", *, delivered: float = 10
) -> None:
    with unit_of_work() as s:
        service.record_sale(
            s,
            order_id=oid,
            merchant_id=merchant,
            amount=Money.of(amount, "USD"),
            category="books",
            affiliate_id=creator,
            affiliate_bps=1000 if creator else None,
            paid_at=days_ago(delivered + 2),
        )
        service.record_delivery(s, order_id=oid, delivered_at=days_ago(delivered))


def balances(ref: PayeeRef) -> dict[str, int]:
    with unit_of_work(write=False) as s:
        b = ledger.payee_balances(s, ref.type.value, ref.id)
    return {k: sum(m.to_minor() for m in v) for k, v in b.items()}


# --- onboarding and keys ----------------------------------------------------------------------------------


def test_an_admin_onboards_a_creator_with_payout_settings_once_per_key(
    client: TestClient, keys: Keys
) -> None:
    body = {
        "name": "Lina Okafor",
        "handle": "@lina.makes",
        "country": "US",
        "payout_currency": "USD",
        "verification": "verified",
        "payout_settings": SETTINGS,
    }
    h = keys.h(keys.admin, **{"Idempotency-Key": "onboard-lina"})
    first = client.post("/v1/creators", json=body, headers=h)
    assert first.status_code == 201, first.text
    created = first.json()
    assert re.fullmatch(r"cre_[0-9a-z]{26}", created["id"])
    assert created["payout_settings"]["payee"] == {"type": "creator", "id": created["id"]}
    assert created["payout_settings"]["merchant_id"] is None
    assert created["payout_settings"]["account_number"] == "000123456789"
    again = client.post("/v1/creators", json=body, headers=h)
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == created["id"]
    listed = client.get("/v1/creators", headers=keys.h(keys.admin)).json()["data"]
    assert [c["id"] for c in listed] == [created["id"]]
    assert (
        client.get(f"/v1/creators/{created['id']}", headers=keys.h(keys.admin)).json()["handle"]
        == "@lina.makes"
    )
    # the handle is one creator's
    problem(onboard(client, keys, handle="@lina.makes"), 409, "handle")
    # bad input names the field and creates nothing
    problem(onboard(client, keys, country="XX"), 422, "country")
    bad_bank = onboard(client, keys, payout_settings={**SETTINGS, "currency": "EUR", "iban": "DE00 0000"})
    problem(bad_bank, 422, "payout_settings.minimum.currency")
    assert len(client.get("/v1/creators", headers=keys.h(keys.admin)).json()["data"]) == 1
    # only admins onboard and list
    for key in (keys.merchant, keys.shop, keys.officer, creator_key(created["id"])):
        assert client.post("/v1/creators", json=body, headers=keys.h(key)).status_code == 403
        assert client.get("/v1/creators", headers=keys.h(key)).status_code == 403


def test_a_creator_key_is_bound_to_its_creator_and_cached_like_a_merchants(
    client: TestClient, keys: Keys
) -> None:
    cid = onboard(client, keys).json()["id"]
    made = client.post(
        "/v1/api-keys", json={"role": "creator", "creator_id": cid}, headers=keys.h(keys.admin)
    )
    assert made.status_code == 201, made.text
    assert made.json()["creator_id"] == cid
    key = made.json()["key"]
    me = client.get("/v1/me", headers=keys.h(key)).json()
    assert (me["role"], me["creator_id"], me["merchant_id"]) == ("creator", cid, None)
    # the cached principal carries the binding
    first = auth.principal_for(f"Bearer {key}")
    assert first is not None
    assert (first.role, first.creator_id) == (Role.creator, cid)
    assert auth.principal_for(f"Bearer {key}", io=False) == first
    unbound = client.post("/v1/api-keys", json={"role": "creator"}, headers=keys.h(keys.admin))
    problem(unbound, 422, "creator")
    unknown = client.post(
        "/v1/api-keys", json={"role": "creator", "creator_id": "cre_x"}, headers=keys.h(keys.admin)
    )
    problem(unknown, 422, "creator")
    wrong = {"role": "merchant", "merchant_id": keys.merchant_a, "creator_id": cid}
    problem(client.post("/v1/api-keys", json=wrong, headers=keys.h(keys.admin)), 422, "creator")
    # revoked: refused everywhere at once
    assert (
        client.post(f"/v1/api-keys/{made.json()['id']}/revoke", headers=keys.h(keys.admin)).status_code == 200
    )
    assert client.get("/v1/me", headers=keys.h(key)).status_code == 401


# --- money ------------------------------------------------------------------------------------------------


def test_one_run_pays_a_merchant_and_a_creator_through_the_same_rails(db_url: str) -> None:
    with unit_of_work() as s:
        merchant = make_merchant(s, currency="USD")
        creator = make_creator(s, currency="USD")
    sell("o1", merchant, creator, "100.00")
    sell("o2", merchant, creator, "50.00")
    sell("o3", merchant, None, "20.00")
    cref = PayeeRef.creator(creator)
    # released with the orders' money: 10% of 100 and of 50
    assert balances(cref) == {"available": 1500, "pending": 0, "reserved": 0, "in_transit": 0}
    run_id = run_now()
    with unit_of_work(write=False) as s:
        made = list(
            s.exec(select(Payout).where(col(Payout.run_id) == run_id).order_by(col(Payout.payee_type)))
        )
        assert [(p.payee_type, p.payee_id, p.merchant_id) for p in made] == [
            ("creator", creator, None),
            ("merchant", merchant, merchant),
        ]
        paid_creator = made[0]
        assert (paid_creator.amount_minor, paid_creator.status) == (1500, PayoutStatus.in_transit.value)
        lines = payouts.payout_lines(s, payout=paid_creator)
        paid_id = paid_creator.id
        rec = payouts.reconcile(s, run_id=run_id)
    assert [(ln.type, ln.order, ln.gross, ln.net) for ln in lines] == [
        ("commission", "o1", 1000, 1000),
        ("commission", "o2", 500, 500),
        ("payout", None, 0, -1500),
    ]
    assert rec["balanced"], rec
    assert balances(cref)["in_transit"] == 1500
    with unit_of_work() as s:
        payouts.confirm_payout(s, payout_id=paid_id, source="admin")
    assert balances(cref) == {"available": 0, "pending": 0, "reserved": 0, "in_transit": 0}
    with unit_of_work(write=False) as s:
        assert_ledger_sound(s)


def test_a_refund_claws_back_from_pending_before_release_and_available_after(db_url: str) -> None:
    with unit_of_work() as s:
        merchant = make_merchant(s, currency="USD")
        creator = make_creator(s, currency="USD")
    cref = PayoutRef = PayeeRef.creator(creator)
    with unit_of_work() as s:  # paid, not delivered: the commission is pending
        service.record_sale(
            s, order_id="p1", merchant_id=merchant, amount=Money.of("100.00", "USD"), category="books",
            affiliate_id=creator, affiliate_bps=1000,
        )  # fmt: skip
    assert balances(cref)["pending"] == 1000
    with unit_of_work() as s:
        service.record_refund(s, refund_id="r1", order_id="p1", amount=Money.of("40.00", "USD"))
    assert balances(cref) == {"available": 0, "pending": 600, "reserved": 0, "in_transit": 0}
    with unit_of_work() as s:
        service.record_delivery(s, order_id="p1", delivered_at=days_ago(10))
    assert balances(PayoutRef) == {"available": 600, "pending": 0, "reserved": 0, "in_transit": 0}
    with unit_of_work() as s:
        service.record_refund(s, refund_id="r2", order_id="p1", amount=Money.of("60.00", "USD"))
        assert_ledger_sound(s)
    assert balances(cref) == {"available": 0, "pending": 0, "reserved": 0, "in_transit": 0}
    with unit_of_work(write=False) as s:
        lines = payouts.upcoming_lines(s, payee=cref)
    assert [(ln.type, ln.order, ln.gross, ln.refunded_before_release, ln.net) for ln in lines] == [
        ("commission", "p1", 1000, 400, 600),
        ("refund", "p1", -600, 0, -600),
    ]


def test_a_creator_reads_its_money_in_a_merchants_shapes(client: TestClient, keys: Keys) -> None:
    cid = onboard(client, keys, payout_settings=SETTINGS).json()["id"]
    key = creator_key(cid)
    with unit_of_work() as s:
        merchant = make_merchant(s, currency="USD")
    sell("c1", merchant, cid, "80.00")
    bal = client.get("/v1/balance", headers=keys.h(key)).json()
    assert bal["payee"] == {"type": "creator", "id": cid}
    assert bal["merchant_id"] is None
    assert bal["available"] == [{"amount": "8.00", "currency": "USD"}]
    assert set(bal) >= {"available", "pending", "reserved", "in_transit"}
    lines = client.get("/v1/balance-transactions", headers=keys.h(key)).json()["data"]
    assert [(x["type"], x["order"], x["net"]["amount"]) for x in lines] == [("commission", "c1", "8.00")]
    month = days_ago(10).strftime("%Y-%m")
    csv = client.get(f"/v1/statements/{month}", headers=keys.h(key))
    assert csv.status_code == 200
    assert "commission" not in csv.headers["content-disposition"]
    assert {row.split(",")[4] for row in csv.text.splitlines()[1:]} <= {"pending", "available"}
    run = client.post("/v1/settlement-runs", json={"creator_id": cid}, headers=keys.h(keys.admin))
    assert run.status_code == 202, run.text
    assert run.json()["payee"] == {"type": "creator", "id": cid}
    (paid,) = client.get("/v1/payouts", headers=keys.h(key)).json()["data"]
    assert paid["payee"] == {"type": "creator", "id": cid}
    assert paid["merchant_id"] is None
    assert paid["amount"] == {"amount": "8.00", "currency": "USD"}
    assert client.get(f"/v1/payouts/{paid['id']}", headers=keys.h(key)).status_code == 200
    # the admin names the creator
    assert (
        client.get(f"/v1/balance?creator_id={cid}", headers=keys.h(keys.admin)).json()["payee"]["id"] == cid
    )
    problem(client.get("/v1/balance?creator_id=cre_nobody", headers=keys.h(keys.admin)), 422, "creator_id")


def test_a_creators_change_of_bank_account_needs_a_second_person(client: TestClient, keys: Keys) -> None:
    cid = onboard(client, keys, payout_settings=SETTINGS).json()["id"]
    key = creator_key(cid)
    wanted = {**SETTINGS, "account_number": "999888777666"}
    asked = client.put("/v1/payout-settings", json=wanted, headers=keys.h(key))
    assert asked.status_code == 202, asked.text
    change = asked.json()
    assert change["payee"] == {"type": "creator", "id": cid}
    assert change["merchant_id"] is None
    assert change["changes"]["account_number"]["proposed"].endswith("7666")
    assert client.get("/v1/payout-settings", headers=keys.h(key)).json()["account_number"] == "000123456789"
    mine = client.get("/v1/payout-setting-changes", headers=keys.h(key)).json()["data"]
    assert [c["id"] for c in mine] == [change["id"]]
    # another payee sees nothing of it
    assert (
        client.get(f"/v1/payout-setting-changes/{change['id']}", headers=keys.h(keys.merchant)).status_code
        == 404
    )
    assert (
        client.post(f"/v1/payout-setting-changes/{change['id']}/approve", headers=keys.h(key)).status_code
        == 403
    )
    approved = client.post(f"/v1/payout-setting-changes/{change['id']}/approve", headers=keys.h(keys.admin))
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"


# --- isolation --------------------------------------------------------------------------------------------


def _two_creators_and_a_merchant(client: TestClient, keys: Keys) -> dict[str, Any]:
    a = onboard(client, keys, "A", payout_settings=SETTINGS).json()["id"]
    b = onboard(client, keys, "B", payout_settings=SETTINGS).json()["id"]
    assert client.put("/v1/payout-settings", json=SETTINGS, headers=keys.h(keys.merchant)).status_code == 200
    sell("ia", keys.merchant_a, a, "50.00")
    sell("ib", keys.merchant_a, b, "70.00")
    targeted = client.post(
        "/v1/affiliate-plans",
        json={"kind": "targeted", "creators": [b], "rate_bps": 1500},
        headers=keys.h(keys.merchant),
    ).json()["id"]
    fee = client.post(
        "/v1/slot-fees",
        json={"creator_id": b, "campaign": "launch", "amount": {"amount": "1.00", "currency": "USD"}},
        headers=keys.h(keys.merchant),
    ).json()["id"]
    run_now()
    with unit_of_work(write=False) as s:
        by_payee = {p.payee_id: p.id for p in s.exec(select(Payout))}
    return {"a": a, "b": b, "payouts": by_payee, "plan_b": targeted, "fee_b": fee}


def test_creator_a_sees_nothing_of_creator_b_or_of_any_merchant(client: TestClient, keys: Keys) -> None:
    w = _two_creators_and_a_merchant(client, keys)
    a, b, ha = w["a"], w["b"], keys.h(creator_key(w["a"]))
    not_found = [
        f"/v1/creators/{b}",
        f"/v1/payouts/{w['payouts'][b]}",
        f"/v1/payouts/{w['payouts'][keys.merchant_a]}",
        f"/v1/balance-transactions?payout={w['payouts'][b]}",
        f"/v1/balance?creator_id={b}",
        f"/v1/balance?merchant_id={keys.merchant_a}",
        f"/v1/payout-settings?creator_id={b}",
        f"/v1/statements/2026-01?creator_id={b}",
        f"/v1/payouts?merchant_id={keys.merchant_a}",
        f"/v1/merchants/{keys.merchant_a}",
        f"/v1/affiliate-plans/{w['plan_b']}",
        f"/v1/slot-fees/{w['fee_b']}",
    ]
    for path in not_found:
        assert client.get(path, headers=ha).status_code == 404, path
    forbidden = ["/v1/creators", "/v1/merchants", "/v1/settlement-runs", "/v1/return-rates", "/v1/api-keys"]
    for path in forbidden:
        assert client.get(path, headers=ha).status_code == 403, path
    assert client.get(f"/v1/creators/{a}", headers=ha).status_code == 200
    assert [p["payee"]["id"] for p in client.get("/v1/payouts", headers=ha).json()["data"]] == [a]
    # a merchant sees no creator
    assert client.get(f"/v1/creators/{a}", headers=keys.h(keys.merchant)).status_code == 403
    assert client.get(f"/v1/balance?creator_id={a}", headers=keys.h(keys.merchant)).status_code == 404
    assert client.get(f"/v1/payouts/{w['payouts'][a]}", headers=keys.h(keys.merchant)).status_code == 404
    # creator B sees its own slot fee and the plan naming it, and only itself in it
    hb = keys.h(creator_key(b))
    assert client.get(f"/v1/slot-fees/{w['fee_b']}", headers=hb).status_code == 200
    assert client.get(f"/v1/affiliate-plans/{w['plan_b']}", headers=hb).json()["creators"] == [b]


def _reachable_gets(app: Any) -> list[str]:
    """Every GET route of the API without a path parameter (the collection and singleton routes)."""
    paths: dict[str, dict[str, Any]] = app.openapi()["paths"]
    return sorted(p for p, ops in paths.items() if "get" in ops and "{" not in p and p.startswith("/v1"))


def test_every_route_a_creator_key_reaches_shows_no_merchant_and_no_other_creator(
    app: Any, client: TestClient, keys: Keys
) -> None:
    w = _two_creators_and_a_merchant(client, keys)
    ha = keys.h(creator_key(w["a"]))
    secrets = [keys.merchant_a, keys.merchant_b, w["b"], *(p for c, p in w["payouts"].items() if c != w["a"])]
    answered = []
    for path in _reachable_gets(app):
        r = client.get(path, headers=ha)
        assert r.status_code < 500, (path, r.status_code, r.text)
        if r.status_code == 200:
            answered.append(path)
            leaked = [x for x in secrets if x in r.text]
            assert not leaked, (path, leaked)
    assert {"/v1/balance", "/v1/payouts", "/v1/balance-transactions", "/v1/me"} <= set(answered)


# --- the migration ----------------------------------------------------------------------------------------


def _legacy_books(conn: Any) -> None:
    """What the ledger held before creators were payees: two orders of a merchant with an affiliate (one
    released after a refund clawed 3.00 back, one paid), all the commission in the affiliate's payable."""
    at = bindparam("at", days_ago(5), type_=UTCDateTime())
    conn.execute(
        text(
            "INSERT INTO merchants (id, name, country, settlement_currency, trader_verification, created_at)"
            " VALUES ('mer_legacy', 'Legacy', 'CN', 'USD', 'verified', :at)"
        ).bindparams(at)
    )
    accounts = {}
    for owner_type, owner_id, kind in (
        ("platform", "platform", "cash"),
        ("affiliate", "aff_legacy", "affiliate_payable"),
    ):
        conn.execute(
            text(
                "INSERT INTO ledger_accounts (owner_type, owner_id, kind, currency, balance_minor, version,"
                " created_at) VALUES (:t, :o, :k, 'USD', 0, 0, :at)"
            ).bindparams(at),
            {"t": owner_type, "o": owner_id, "k": kind},
        )
        accounts[kind] = conn.execute(
            text("SELECT id FROM ledger_accounts WHERE owner_type = :t AND kind = :k"),
            {"t": owner_type, "k": kind},
        ).scalar_one()
    conn.execute(
        text(
            "INSERT INTO ledger_transactions (idempotency_key, kind, reference, occurred_at, created_at)"
            " VALUES ('legacy', 'sale', 'm1', :at, :at)"
        ).bindparams(at)
    )
    txn = conn.execute(
        text("SELECT id FROM ledger_transactions WHERE idempotency_key = 'legacy'")
    ).scalar_one()
    conn.execute(
        text(
            "INSERT INTO ledger_entries (transaction_id, line, account_id, amount_minor, currency)"
            " VALUES (:t, 0, :cash, -1200, 'USD'), (:t, 1, :aff, 1200, 'USD')"
        ),
        {"t": txn, "cash": accounts["cash"], "aff": accounts["affiliate_payable"]},
    )
    for oid, status, earned, clawed in (("m1", "available", 1000, 300), ("m2", "paid", 500, 0)):
        row: dict[str, Any] = dict.fromkeys(service.ORDER_COLUMNS, 0)
        row.update(
            order_id=oid, merchant_id="mer_legacy", category="books", status=status, currency="USD",
            settlement_currency="USD", fx_rate=1, fx_quote_id=None, affiliate_id="aff_legacy",
            affiliate_minor=earned, affiliate_clawed_minor=clawed, policy_id="pol_default",
            reserve_released=False, tax_jurisdiction=None, tax_scheme=None, sale_txn_id=txn,
        )  # fmt: skip
        cols = list(row)
        marks = ", ".join(":at" if c == "paid_at" else f":{c}" for c in cols)
        conn.execute(
            text(f"INSERT INTO settlement_orders ({', '.join(cols)}) VALUES ({marks})").bindparams(at),
            {k: v for k, v in row.items() if k != "paid_at"},
        )


def test_the_migration_gives_affiliate_balances_to_creators_and_releases_what_was_released(
    db_url: str,
    owner_db_url: str,
) -> None:
    cfg = _config(owner_db_url)
    engine = engine_for(owner_db_url)
    command.downgrade(cfg, "0013")
    with engine.begin() as conn:
        _legacy_books(conn)
    run_migrations(url=owner_db_url, app_url=db_url)
    ref = PayeeRef.creator("aff_legacy")
    # m1: 10.00 earned, 3.00 clawed back, released: 7.00 available; m2: 5.00 still pending
    assert balances(ref) == {"available": 700, "pending": 500, "reserved": 0, "in_transit": 0}
    with unit_of_work(write=False) as s:
        assert ledger.unbalanced_transactions(s) == []
        assert ledger.cached_balance_drift(s) == []
        kinds = s.execute(
            text("SELECT owner_type, kind FROM ledger_accounts WHERE owner_id = 'aff_legacy' ORDER BY kind")
        ).all()
    assert [tuple(k) for k in kinds] == [("creator", "available"), ("creator", "pending")]
    # a run pays the legacy creator once a creator of that id has settings: here, none, so nothing moves
    run_now()
    assert balances(ref)["available"] == 700


@pytest.fixture(autouse=True)
def _fresh_key_cache() -> None:
    auth._keys.invalidate()
