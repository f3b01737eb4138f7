"""Slot fees: a merchant's available money to a creator's, once per key, never more than is available, on both
sides' lines and statements; paid to the creator in the next run; concurrent requests on PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, func, select

from core.db import unit_of_work
from core.errors import AppError
from core.money import Money
from settlement import slot_fees
from settlement.models import LedgerTransaction, Payout, SlotFee
from settlement.payees import PayeeRef
from tests.conftest import Keys
from tests.settlement.conftest import assert_ledger_sound, make_creator, make_merchant, run_now
from tests.settlement.test_api import problem
from tests.settlement.test_creators import balances, creator_key, sell


def fee_body(
    creator: str, amount: str = "25.00", campaign: str = "Spring live", **over: Any
) -> dict[str, Any]:
    return {
        "creator_id": creator,
        "campaign": campaign,
        "amount": {"amount": amount, "currency": "USD"},
        **over,
    }


@pytest.fixture
def funded(client: TestClient, keys: Keys) -> str:
    """Merchant A with 88.00 USD available (a 100.00 sale less fees), and a creator: the creator's id."""
    sell("sf1", keys.merchant_a, None, "100.00")
    with unit_of_work() as s:
        creator = make_creator(s)
    assert balances(PayeeRef.merchant(keys.merchant_a))["available"] > 5000
    return creator


def test_a_slot_fee_moves_available_money_from_the_merchant_to_the_creator(
    client: TestClient, keys: Keys, funded: str
) -> None:
    merchant, creator = PayeeRef.merchant(keys.merchant_a), PayeeRef.creator(funded)
    before = balances(merchant)["available"]
    r = client.post("/v1/slot-fees", json=fee_body(funded), headers=keys.h(keys.merchant))
    assert r.status_code == 201, r.text
    fee = r.json()
    assert fee["id"].startswith("slf_")
    assert (fee["merchant_id"], fee["creator_id"], fee["amount"]) == (
        keys.merchant_a,
        funded,
        {"amount": "25.00", "currency": "USD"},
    )
    assert balances(merchant)["available"] == before - 2500
    assert balances(creator) == {"available": 2500, "pending": 0, "reserved": 0, "in_transit": 0}
    # both sides' next payout lines and statements show it
    ch = keys.h(creator_key(funded))
    for h, net in ((keys.h(keys.merchant), "-25.00"), (ch, "25.00")):
        lines = client.get("/v1/balance-transactions", headers=h).json()["data"]
        (line,) = [x for x in lines if x["type"] == "slot_fee"]
        assert (line["slot_fee"], line["net"]["amount"]) == (fee["id"], net)
        month = fee["created_at"][:7]
        statement = client.get(f"/v1/statements/{month}", headers=h).text
        assert any(row.split(",")[2:4] == ["slot_fee", fee["id"]] for row in statement.splitlines())
    # each side lists it; nobody else sees it
    assert [f["id"] for f in client.get("/v1/slot-fees", headers=ch).json()["data"]] == [fee["id"]]
    assert [f["id"] for f in client.get("/v1/slot-fees", headers=keys.h(keys.merchant)).json()["data"]] == [
        fee["id"]
    ]
    assert client.get("/v1/slot-fees", headers=keys.h(keys.other_merchant)).json()["data"] == []
    assert client.get(f"/v1/slot-fees/{fee['id']}", headers=keys.h(keys.other_merchant)).status_code == 404
    with unit_of_work() as s:
        other = make_creator(s)
    assert client.get(f"/v1/slot-fees/{fee['id']}", headers=keys.h(creator_key(other))).status_code == 404
    # the next run pays the creator the fee
    run_now()
    with unit_of_work(write=False) as s:
        (paid,) = s.exec(select(Payout).where(col(Payout.payee_id) == funded)).all()
        assert (paid.amount_minor, paid.payee_type) == (2500, "creator")
        assert_ledger_sound(s)


def test_a_slot_fee_is_charged_once_per_key(client: TestClient, keys: Keys, funded: str) -> None:
    h = keys.h(keys.merchant, **{"Idempotency-Key": "fee-1"})
    first = client.post("/v1/slot-fees", json=fee_body(funded), headers=h)
    again = client.post("/v1/slot-fees", json=fee_body(funded), headers=h)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    # without a key: once per creator and campaign
    plain = keys.h(keys.merchant)
    one = client.post("/v1/slot-fees", json=fee_body(funded, campaign="Autumn"), headers=plain)
    two = client.post("/v1/slot-fees", json=fee_body(funded, campaign="Autumn"), headers=plain)
    assert (one.status_code, two.status_code) == (201, 200)
    assert one.json()["id"] == two.json()["id"]
    problem(
        client.post("/v1/slot-fees", json=fee_body(funded, "30.00", campaign="Autumn"), headers=plain), 409
    )
    with unit_of_work(write=False) as s:
        assert s.exec(select(func.count()).select_from(SlotFee)).one() == 2
        kinds = s.exec(select(func.count()).where(col(LedgerTransaction.kind) == "slot_fee")).one()
        assert kinds == 2


def test_bad_slot_fees_are_refused_and_name_the_field(client: TestClient, keys: Keys, funded: str) -> None:
    h = keys.h(keys.merchant)
    problem(client.post("/v1/slot-fees", json=fee_body(funded, "1000.00"), headers=h), 409, "amount.amount")
    problem(client.post("/v1/slot-fees", json=fee_body(funded, "0.00"), headers=h), 422, "amount.amount")
    problem(client.post("/v1/slot-fees", json=fee_body(funded, "1.001"), headers=h), 422, "amount")
    problem(client.post("/v1/slot-fees", json=fee_body("cre_nobody"), headers=h), 422, "creator_id")
    problem(client.post("/v1/slot-fees", json=fee_body(funded, campaign=" "), headers=h), 422, "campaign")
    # another merchant's money, and a merchant with nothing available
    assert (
        client.post(
            "/v1/slot-fees", json=fee_body(funded, merchant_id=keys.merchant_b), headers=h
        ).status_code
        == 404
    )
    problem(client.post("/v1/slot-fees", json=fee_body(funded), headers=keys.h(keys.other_merchant)), 409)
    admin = client.post("/v1/slot-fees", json=fee_body(funded), headers=keys.h(keys.admin))
    problem(admin, 422, "merchant_id")
    by_admin = client.post(
        "/v1/slot-fees", json=fee_body(funded, merchant_id=keys.merchant_a), headers=keys.h(keys.admin)
    )
    assert by_admin.status_code == 201, by_admin.text
    for key in (keys.shop, keys.officer, creator_key(funded)):
        assert client.post("/v1/slot-fees", json=fee_body(funded), headers=keys.h(key)).status_code == 403


# --- concurrency (PostgreSQL) ------------------------------------------------------------------------------


def _concurrently(n: int, fn: Any) -> tuple[list[Any], list[BaseException]]:
    results: list[Any] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results.append(fn(i))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


def _charge(merchant: str, creator: str, key: str, amount: str) -> str:
    with unit_of_work() as s:
        done = slot_fees.charge_slot_fee(
            s,
            merchant_id=merchant,
            creator_id=creator,
            campaign="live",
            amount=Money.of(amount, "USD"),
            key=key,
            actor="test",
        )
        return done.fee.id


@pytest.mark.postgres
def test_concurrent_slot_fees_with_one_key_charge_once(db_url: str) -> None:
    with unit_of_work() as s:
        merchant, creator = make_merchant(s), make_creator(s)
    sell("pg-sf", merchant, None, "100.00")
    ids, errors = _concurrently(8, lambda _: _charge(merchant, creator, "same-key", "10.00"))
    assert errors == []
    assert len(set(ids)) == 1
    with unit_of_work(write=False) as s:
        assert s.exec(select(func.count()).select_from(SlotFee)).one() == 1
        assert s.exec(select(func.count()).where(col(LedgerTransaction.kind) == "slot_fee")).one() == 1
    assert balances(PayeeRef.creator(creator))["available"] == 1000


@pytest.mark.postgres
def test_concurrent_slot_fees_never_take_more_than_is_available(db_url: str) -> None:
    with unit_of_work() as s:
        merchant, creator = make_merchant(s), make_creator(s)
    sell("pg-sf2", merchant, None, "100.00")
    available = balances(PayeeRef.merchant(merchant))["available"]
    ids, errors = _concurrently(8, lambda i: _charge(merchant, creator, f"key-{i}", "30.00"))
    assert all(isinstance(e, slot_fees.SlotFeeExceedsAvailable) for e in errors), errors
    assert len(ids) == available // 3000
    assert isinstance(errors[0], AppError)
    assert errors[0].status == 409
    assert balances(PayeeRef.merchant(merchant))["available"] == available - 3000 * len(ids) >= 0
    with unit_of_work(write=False) as s:
        assert_ledger_sound(s)
