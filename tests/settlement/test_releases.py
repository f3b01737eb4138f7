"""Deliveries and releases in bulk: each order links to the transaction that released its money and its
reserve, a group that moves nothing posts nothing, replays change nothing, and (PostgreSQL) a release pass
skips the orders another pass holds."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import Session, col, select

from core.db import unit_of_work
from core.money import Money
from settlement import ledger, service
from settlement.models import (
    LedgerTransaction,
    OrderStatus,
    SettlementOrder,
    SettlementOrderDue,
    SettlementOrderLink,
    SettlementReserveHold,
)
from tests.settlement.conftest import assert_ledger_sound, days_ago, entry_count, make_merchant


def _sell(session: Session, mid: str, order_ids: list[str], *, affiliate: str | None = None) -> None:
    service.record_sales(
        session,
        sales=[
            service.SaleInput(
                order_id=oid,
                merchant_id=mid,
                amount=Money.of("50.00", "USD"),
                category="apparel",
                affiliate_id=affiliate,
                paid_at=days_ago(60),
            )
            for oid in order_ids
        ],
    )


def _order(session: Session, order_id: str) -> SettlementOrder:
    session.expire_all()
    o = session.get(SettlementOrder, order_id)
    assert o is not None
    return o


def _queue(session: Session) -> dict[str, tuple[str, object]]:
    session.expire_all()
    return {d.order_id: (d.step, d.due_on) for d in session.exec(select(SettlementOrderDue)).all()}


def _holds(session: Session) -> dict[str, tuple[object, int]]:
    """Per order held: its hold's day and amount."""
    session.expire_all()
    holds = session.exec(select(SettlementReserveHold)).all()
    return {oid: (h.release_on, h.amount_minor) for h in holds for oid in h.order_ids}


def _links(session: Session) -> set[tuple[int, str]]:
    return {
        (lk.txn_id, oid) for lk in session.exec(select(SettlementOrderLink)).all() for oid in lk.order_ids
    }


def _reserve_txns(session: Session) -> dict[str, int]:
    """The reserve-release transaction of each order whose reserve was released."""
    links = session.exec(
        select(SettlementOrderLink)
        .join(LedgerTransaction, col(LedgerTransaction.id) == col(SettlementOrderLink.txn_id))
        .where(col(LedgerTransaction.kind) == "reserve_release")
    ).all()
    return {oid: lk.txn_id for lk in links for oid in lk.order_ids}


def test_orders_link_to_the_transactions_that_released_them(session: Session) -> None:
    a, b = make_merchant(session, currency="USD"), make_merchant(session, currency="USD")
    _sell(session, a, ["a1", "a2", "a3"], affiliate="cre_links")
    _sell(session, b, ["b1", "b2"])
    first = service.record_deliveries(session, deliveries=[("a1", days_ago(20)), ("b1", days_ago(20))])
    assert [d.released for d in first] == [True, True]
    n = entry_count(session)
    again = service.record_deliveries(
        session, deliveries=[("a1", days_ago(5)), ("a2", days_ago(20)), ("a3", None), ("b2", days_ago(20))]
    )
    assert (again[0].order_id, again[0].released) == ("a1", True)  # already delivered: unchanged
    assert [d.released for d in again] == [True, True, False, True]
    assert entry_count(session) > n
    a1, a2, a3, b1, b2 = (_order(session, oid) for oid in ("a1", "a2", "a3", "b1", "b2"))
    assert a1.delivered_at == first[0].delivered_at
    assert a3.status == OrderStatus.delivered.value
    assert a3.release_txn_id is None
    assert a1.release_txn_id != a2.release_txn_id  # one transaction per merchant and step
    assert a2.release_txn_id is not None
    assert b2.release_txn_id is not None
    assert a2.release_txn_id != b2.release_txn_id
    for o in (a1, a2, b1, b2):
        txn = session.get(LedgerTransaction, o.release_txn_id)
        assert txn is not None
        assert txn.kind == "release"
        assert (o.pending_minor, o.released_minor + o.reserve_minor) == (0, o.net_minor)
    lines = dict(ledger.transaction_entries(session, a1.release_txn_id or 0))
    assert lines[("creator", "cre_links", "available", "USD")] == a1.affiliate_minor
    assert lines[("merchant", a, "pending", "USD")] == -a1.net_minor
    released = service.release_due(session, as_of=days_ago(-40))
    assert (released.orders, released.reserves) == (1, 5)  # a3's hold and return window are over too
    a1, a2, a3, b1 = (_order(session, oid) for oid in ("a1", "a2", "a3", "b1"))
    assert _queue(session) == {}
    reserve_txn = _reserve_txns(session)
    assert reserve_txn["a1"] == reserve_txn["a2"] == reserve_txn["a3"]
    assert reserve_txn["a1"] != reserve_txn["b1"]
    reserve = dict(ledger.transaction_entries(session, reserve_txn["a1"]))
    assert reserve[("merchant", a, "available", "USD")] == sum(o.reserve_minor for o in (a1, a2, a3))
    n = entry_count(session)
    assert service.release_due(session, as_of=days_ago(-40)).reserves == 0
    assert entry_count(session) == n
    assert_ledger_sound(session)


def test_the_queue_holds_what_waits_and_the_links_what_was_released(session: Session) -> None:
    mid = make_merchant(session, currency="USD")
    _sell(session, mid, ["q1", "q2", "q3"])
    assert _queue(session) == {}  # paid orders wait for their delivery, not for a day
    service.record_deliveries(session, deliveries=[("q1", days_ago(20))])  # released at once
    service.record_deliveries(session, deliveries=[("q2", None), ("q3", None)])  # held
    q1, q2 = _order(session, "q1"), _order(session, "q2")
    assert _queue(session) == {"q2": ("release", q2.available_on), "q3": ("release", q2.available_on)}
    assert _holds(session) == {"q1": (q1.reserve_release_on, q1.reserve_minor)}
    assert q1.reserve_minor > 0
    assert _links(session) == {(q1.release_txn_id, "q1")}
    service.release_due(session, as_of=days_ago(-3), order_ids=["q2"])
    q2 = _order(session, "q2")
    assert q2.status == OrderStatus.available.value
    assert _queue(session) == {"q3": ("release", q2.available_on)}
    assert _holds(session)["q2"] == (q2.reserve_release_on, q2.reserve_minor)
    service.record_refund(session, refund_id="q2r", order_id="q2", amount=Money.of("50.00", "USD"))
    q2 = _order(session, "q2")
    assert _holds(session)["q2"] == (q2.reserve_release_on, 0)  # the refund took what it held
    assert q2.reserve_minor == 0
    assert (q2.release_txn_id, "q2") in _links(session)
    service.release_due(session, as_of=days_ago(-60))
    assert _queue(session) == {}
    assert _holds(session) == {}
    orders = [_order(session, oid) for oid in ("q1", "q2", "q3")]
    assert set(_reserve_txns(session)) == {"q1", "q2", "q3"}  # q2's (empty) hold with its merchant's
    assert {(o.release_txn_id, o.order_id) for o in orders} <= _links(session)
    assert len(_links(session)) == 6
    assert_ledger_sound(session)


def test_a_group_that_moves_nothing_posts_nothing(session: Session) -> None:
    mid = make_merchant(session, currency="USD")
    _sell(session, mid, ["z1"])
    service.record_refund(session, refund_id="zr", order_id="z1", amount=Money.of("50.00", "USD"))
    n = entry_count(session)
    (d,) = service.record_deliveries(session, deliveries=[("z1", days_ago(20))])
    assert d.released
    z1 = _order(session, "z1")
    assert z1.status == OrderStatus.available.value
    assert (z1.release_txn_id, z1.pending_minor, z1.reserve_minor) == (None, 0, 0)
    assert _links(session) == set()
    assert _queue(session) == {}
    assert entry_count(session) == n
    assert_ledger_sound(session)


@pytest.mark.postgres
def test_a_release_pass_skips_the_orders_another_pass_holds(db_url: str) -> None:
    with unit_of_work() as s:  # two merchants: the passes share no account either
        held, free = make_merchant(s, currency="USD"), make_merchant(s, currency="USD")
        _sell(s, held, ["sk0", "sk1", "sk2"])
        _sell(s, free, ["sk3", "sk4", "sk5"])
        service.record_deliveries(s, deliveries=[(f"sk{i}", days_ago(20)) for i in range(6)], release=False)
    holding, done = threading.Event(), threading.Event()
    counts: list[int] = []

    def first_pass() -> None:
        with unit_of_work() as s:
            counts.append(service.release_due(s, order_ids=["sk0", "sk1", "sk2"]).orders)
            holding.set()
            done.wait(30)

    t = threading.Thread(target=first_pass)
    t.start()
    assert holding.wait(30)
    try:
        with unit_of_work() as s:  # does not wait for the first pass's rows
            counts.append(service.release_due(s).orders)
    finally:
        done.set()
        t.join(30)
    assert counts == [3, 3]
    with unit_of_work() as s:
        ours = col(SettlementOrder.merchant_id).in_([held, free])
        orders = s.exec(select(SettlementOrder).where(ours)).all()
        assert {o.status for o in orders} == {OrderStatus.available.value}
        assert len({o.release_txn_id for o in orders}) == 2
        assert_ledger_sound(s)


@pytest.mark.postgres
def test_a_reserve_pass_skips_a_hold_a_refund_is_taking_from(db_url: str) -> None:
    with unit_of_work() as s:
        mid = make_merchant(s, currency="USD")
        _sell(s, mid, ["rh1"])
        service.record_deliveries(s, deliveries=[("rh1", days_ago(20))])
        (held_before,) = _holds(s).values()
    assert held_before[1] > 0
    refunding, done = threading.Event(), threading.Event()

    def refund() -> None:
        with unit_of_work() as s:  # takes part of the reserve, and holds the hold's lock until done
            service.record_refund(s, refund_id="rh1r", order_id="rh1", amount=Money.of("20.00", "USD"))
            refunding.set()
            done.wait(30)

    t = threading.Thread(target=refund)
    t.start()
    assert refunding.wait(30)
    try:
        with unit_of_work() as s:  # does not wait for the refund, nor release the reserve under it
            assert service.release_due(s, as_of=days_ago(-60)).reserves == 0
    finally:
        done.set()
        t.join(30)
    with unit_of_work() as s:
        (held,) = _holds(s).values()
        assert 0 <= held[1] < held_before[1]
        assert service.release_due(s, as_of=days_ago(-60)).reserves == 1
        assert _holds(s) == {}
        reserved = ledger.account_ids(s, [("merchant", mid, "reserved", "USD")])
        assert ledger.balance_from_entries(s, next(iter(reserved.values()))) == 0
        assert_ledger_sound(s)
