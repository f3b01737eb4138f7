"""Reserves that follow return rates: a merchant's rolling return rate per category flags the category above
the policy's flag (15%, from 20 orders in 90 days), its new sales hold the flagged reserve with the reason on
their payout lines, and new sales fall back when the rate does."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import event
from sqlmodel import Session

from core.db import unit_of_work
from core.money import Money
from settlement import payouts, reserves, service
from settlement.models import LedgerTransaction, SettlementOrder
from settlement.policy import (
    BPS,
    DEFAULT_BODY,
    CategoryPolicy,
    PolicyBody,
    bps_of,
    split_sale,
)
from settlement.service import RefundInput, SaleInput
from tests.conftest import Keys
from tests.settlement.conftest import assert_ledger_sound, days_ago, make_merchant

APPAREL, FOOTWEAR = DEFAULT_BODY.categories["apparel"], DEFAULT_BODY.categories["footwear"]


def _sell(
    session: Session, mid: str, category: str, order_ids: Sequence[str], *, paid_days_ago: float = 1
) -> None:
    service.record_sales(
        session,
        sales=[
            SaleInput(
                order_id=oid,
                merchant_id=mid,
                amount=Money.of("100.00", "USD"),
                category=category,
                paid_at=days_ago(paid_days_ago),
            )
            for oid in order_ids
        ],
    )


def _refund(session: Session, order_ids: Sequence[str]) -> None:
    service.record_refunds(
        session,
        refunds=[
            RefundInput(refund_id=f"r_{oid}", order_id=oid, amount=Money.of("100.00", "USD"))
            for oid in order_ids
        ],
    )


def _reserve_bps(session: Session, order_id: str) -> int:
    """The reserve the order holds, in basis points of its net (exactly one rate gives its rounding)."""
    o = session.get(SettlementOrder, order_id)
    assert o is not None
    found = [b for b in range(BPS + 1) if bps_of(o.net_minor, b) == o.reserve_planned_minor]
    for b in (APPAREL.return_rate_bps, FOOTWEAR.return_rate_bps, DEFAULT_BODY.flagged_reserve_bps):
        if b in found:
            return b
    raise AssertionError(f"{order_id}: reserve {o.reserve_planned_minor} of {o.net_minor}")


def _details(session: Session, order_id: str) -> dict[str, Any] | None:
    o = session.get(SettlementOrder, order_id)
    assert o is not None
    txn = session.get(LedgerTransaction, o.sale_txn_id)
    assert txn is not None
    return txn.details


def _apparel_at_20_percent(session: Session, mid: str) -> None:
    """25 apparel orders of the same value, 5 of them refunded in full: a 20% return rate."""
    ids = [f"a{i:02d}" for i in range(25)]
    _sell(session, mid, "apparel", ids)
    _refund(session, ids[:5])


def test_below_the_minimum_orders_no_rate_flags(session: Session) -> None:
    mid = make_merchant(session)
    ids = [f"a{i:02d}" for i in range(DEFAULT_BODY.return_rate_min_orders - 1)]
    _sell(session, mid, "apparel", ids)
    _refund(session, ids[:10])  # half of them came back, but too few orders to mean anything
    (rate,) = reserves.return_rates(session, merchant_id=mid).data
    assert (rate.returns.orders, rate.returns.returned, rate.flagged) == (19, 10, False)
    assert rate.returns.rate_bps > 5000
    assert rate.reserve_bps == APPAREL.return_rate_bps
    _sell(session, mid, "apparel", ["new"])
    assert _reserve_bps(session, "new") == APPAREL.return_rate_bps
    assert _details(session, "new") is None


def test_orders_outside_the_window_do_not_count(session: Session) -> None:
    mid = make_merchant(session)
    old = [f"old{i:02d}" for i in range(25)]
    _sell(session, mid, "apparel", old, paid_days_ago=DEFAULT_BODY.return_rate_window_days + 1)
    _refund(session, old[:10])
    assert reserves.return_rates(session, merchant_id=mid).data == []
    _sell(session, mid, "apparel", ["new"])
    assert _reserve_bps(session, "new") == APPAREL.return_rate_bps


def test_many_merchants_read_in_one_query_count_the_same(session: Session) -> None:
    """A batch's many merchants (one joined query on PostgreSQL) get the same figures as one merchant, and
    a merchant settling in another currency than its orders' is left out either way."""
    mid = make_merchant(session)
    _apparel_at_20_percent(session, mid)
    since = days_ago(DEFAULT_BODY.return_rate_window_days)
    one = reserves.category_returns(session, merchants={mid: "USD"}, since=since)
    many = {mid: "USD", **{f"mer_none_{i}": "EUR" for i in range(60)}}
    assert reserves.category_returns(session, merchants=many, since=since) == one
    assert one[mid]["apparel"].rate_bps == 2000
    assert reserves.category_returns(session, merchants={mid: "EUR"}, since=since) == {}
    assert reserves.category_returns(session, merchants={**many, mid: "EUR"}, since=since) == {}


def test_20_percent_returns_in_apparel_raise_apparels_reserve_not_footwears(session: Session) -> None:
    mid = make_merchant(session)
    other = make_merchant(session)
    _apparel_at_20_percent(session, mid)
    _sell(session, mid, "footwear", [f"f{i:02d}" for i in range(25)])
    _sell(session, other, "apparel", [f"x{i:02d}" for i in range(25)])  # another merchant: not flagged

    rates = {r.returns.category: r for r in reserves.return_rates(session, merchant_id=mid).data}
    apparel = rates["apparel"]
    assert (apparel.returns.orders, apparel.returns.returned, apparel.returns.rate_bps) == (25, 5, 2000)
    assert apparel.flagged
    assert apparel.reserve_bps == DEFAULT_BODY.flagged_reserve_bps
    assert apparel.reason == "return rate 20.0% in apparel over 90 days, above 15%"
    assert not rates["footwear"].flagged
    assert rates["footwear"].reserve_bps == FOOTWEAR.return_rate_bps

    # one batch: the flagged category's new sale and the others
    service.record_sales(
        session,
        sales=[
            SaleInput(order_id=oid, merchant_id=m, amount=Money.of("100.00", "USD"), category=c)
            for oid, m, c in (("na", mid, "apparel"), ("nf", mid, "footwear"), ("nx", other, "apparel"))
        ],
    )
    assert _reserve_bps(session, "na") == DEFAULT_BODY.flagged_reserve_bps
    assert _reserve_bps(session, "nf") == FOOTWEAR.return_rate_bps
    assert _reserve_bps(session, "nx") == APPAREL.return_rate_bps
    assert _details(session, "na") == {
        "reserve_reason": "return rate 20.0% in apparel over 90 days, above 15%",
        "return_rate_bps": 2000,
        "reserve_bps": DEFAULT_BODY.flagged_reserve_bps,
    }
    assert _details(session, "nf") is None
    # the orders sold before the flag keep their reserve
    assert _reserve_bps(session, "a24") == APPAREL.return_rate_bps
    assert_ledger_sound(session)


def test_the_rate_falling_back_below_the_flag_lowers_the_reserve_on_new_sales(session: Session) -> None:
    mid = make_merchant(session)
    _apparel_at_20_percent(session, mid)
    _sell(session, mid, "apparel", ["flagged"])
    assert _reserve_bps(session, "flagged") == DEFAULT_BODY.flagged_reserve_bps
    # 5 refunded of 56 orders now: about 8.9%
    _sell(session, mid, "apparel", [f"b{i:02d}" for i in range(30)])
    (rate,) = reserves.return_rates(session, merchant_id=mid).data
    assert not rate.flagged
    assert rate.reserve_bps == APPAREL.return_rate_bps
    _sell(session, mid, "apparel", ["after"])
    assert _reserve_bps(session, "after") == APPAREL.return_rate_bps
    assert _details(session, "after") is None
    # the reserve already held keeps its amount and its schedule
    assert _reserve_bps(session, "flagged") == DEFAULT_BODY.flagged_reserve_bps


def test_a_rate_just_above_the_flag_says_so(session: Session) -> None:
    r = reserves.CategoryReturns("apparel", "USD", 20, 3, sold_minor=1_000_000, refunded_minor=150_100)
    assert r.flagged(DEFAULT_BODY)
    assert r.reason(DEFAULT_BODY) == "return rate 15.01% in apparel over 90 days, above 15%"
    at_flag = reserves.CategoryReturns("apparel", "USD", 20, 3, sold_minor=1_000_000, refunded_minor=150_000)
    assert not at_flag.flagged(DEFAULT_BODY)  # above the flag, not at it


@contextmanager
def _grouped_reads(session: Session) -> Iterator[list[str]]:
    seen: list[str] = []

    def before(_c: Any, _cur: Any, statement: str, *_: Any) -> None:
        if "FROM settlement_orders" in statement and "GROUP BY" in statement:
            seen.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _batch(merchants: Sequence[str]) -> list[SaleInput]:
    return [
        SaleInput(order_id=f"{m}-{i}", merchant_id=m, amount=Money.of("10.00", "USD"), category=c)
        for m in merchants
        for i, c in enumerate(["apparel", "footwear", "books"] * 10)
    ]


def test_a_batch_of_sales_reads_the_rates_once(session: Session) -> None:
    merchants = [make_merchant(session) for _ in range(3)]
    for m in merchants:
        _sell(session, m, "apparel", [f"{m}-old{i}" for i in range(3)])
    _refund(session, [f"{merchants[0]}-old0"])
    with _grouped_reads(session) as reads:
        service.record_sales(session, sales=_batch(merchants))
    assert len(reads) == 1


def test_merchants_without_refunds_have_no_rates_to_read(session: Session) -> None:
    """Only a refund can flag a category: a batch of merchants none of whom has one reads no rates."""
    merchants = [make_merchant(session) for _ in range(3)]
    for m in merchants:
        _sell(session, m, "apparel", [f"{m}-old{i}" for i in range(3)])
    with _grouped_reads(session) as reads:
        service.record_sales(session, sales=_batch(merchants))
    assert reads == []


def test_the_reason_appears_on_the_payout_line(session: Session) -> None:
    mid = make_merchant(session)
    _apparel_at_20_percent(session, mid)
    _sell(session, mid, "apparel", ["na"])
    _sell(session, mid, "footwear", ["nf"])
    for oid in ("na", "nf"):
        service.record_delivery(session, order_id=oid, delivered_at=days_ago(10))
    lines = {line.order: line for line in payouts.upcoming_lines(session, merchant_id=mid)}
    na, nf = lines["na"], lines["nf"]
    o = session.get(SettlementOrder, "na")
    assert o is not None
    assert na.reserve_held == o.reserve_planned_minor == bps_of(o.net_minor, DEFAULT_BODY.flagged_reserve_bps)
    assert na.reserve_reason == "return rate 20.0% in apparel over 90 days, above 15%"
    assert nf.reserve_held > 0
    assert nf.reserve_reason is None
    # the orders sold before the flag were refunded or hold apparel's own reserve
    assert all(line.reserve_reason is None for oid, line in lines.items() if oid != "na")


def test_return_rates_and_the_reason_through_the_api(client: TestClient, keys: Keys) -> None:
    with unit_of_work() as s:
        _apparel_at_20_percent(s, keys.merchant_a)
        _sell(s, keys.merchant_a, "apparel", ["na"])
        service.record_delivery(s, order_id="na", delivered_at=days_ago(10))

    r = client.get("/v1/return-rates", headers=keys.h(keys.merchant))
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["merchant_id"], body["window_days"], body["flag_bps"], body["min_orders"]) == (
        keys.merchant_a,
        90,
        1500,
        20,
    )
    (apparel,) = body["data"]
    assert apparel["category"] == "apparel"
    assert (apparel["orders"], apparel["returned"], apparel["rate"], apparel["flagged"]) == (
        26,
        5,
        "0.1923",
        True,
    )
    assert apparel["sold"] == {"amount": "2600.00", "currency": "USD"}
    assert apparel["refunded"] == {"amount": "500.00", "currency": "USD"}
    assert apparel["reserve_bps"] == 3000
    assert apparel["reason"] == "return rate 19.2% in apparel over 90 days, above 15%"

    # an admin names the merchant; another merchant cannot
    admin = client.get(f"/v1/return-rates?merchant_id={keys.merchant_a}", headers=keys.h(keys.admin))
    assert admin.json()["data"] == body["data"]
    assert client.get("/v1/return-rates", headers=keys.h(keys.admin)).status_code == 422
    other = client.get(f"/v1/return-rates?merchant_id={keys.merchant_a}", headers=keys.h(keys.other_merchant))
    assert other.status_code == 404
    empty = client.get("/v1/return-rates", headers=keys.h(keys.other_merchant)).json()
    assert empty["data"] == []

    lines = client.get("/v1/balance-transactions", headers=keys.h(keys.merchant)).json()["data"]
    (sale,) = [x for x in lines if x["order"] == "na"]
    assert sale["reserve_reason"] == "return rate 20.0% in apparel over 90 days, above 15%"
    assert all(x["reserve_reason"] is None for x in lines if x["order"] != "na")


# --- the reserve never exceeds the policy's cap, never goes negative ---------------------------------------


@given(
    gross=st.integers(min_value=1, max_value=10**13),
    credited=st.none() | st.integers(min_value=0, max_value=10**13),
    commission_bps=st.integers(min_value=0, max_value=BPS),
    return_rate_bps=st.integers(min_value=0, max_value=BPS),
    flagged_reserve_bps=st.integers(min_value=0, max_value=BPS),
    reserve_max_bps=st.integers(min_value=0, max_value=BPS),
    affiliate_bps=st.integers(min_value=0, max_value=BPS),
    min_commission=st.integers(min_value=0, max_value=10**6),
    processing_fixed=st.integers(min_value=0, max_value=10**6),
    fulfillment=st.integers(min_value=0, max_value=10**6),
    flagged=st.booleans(),
)
def test_the_reserve_stays_within_the_cap_of_the_net_and_never_negative(
    gross: int,
    credited: int | None,
    commission_bps: int,
    return_rate_bps: int,
    flagged_reserve_bps: int,
    reserve_max_bps: int,
    affiliate_bps: int,
    min_commission: int,
    processing_fixed: int,
    fulfillment: int,
    flagged: bool,
) -> None:
    body = PolicyBody(
        categories={"c": CategoryPolicy(commission_bps=commission_bps, return_rate_bps=return_rate_bps)},
        default_category="c",
        min_commission={},
        flagged_reserve_bps=flagged_reserve_bps,
        reserve_max_bps=reserve_max_bps,
    )
    split = split_sale(
        body,
        gross=gross,
        credited=credited,
        category="c",
        affiliate_bps=affiliate_bps,
        min_commission=min_commission,
        processing_fixed=processing_fixed,
        fulfillment=fulfillment,
        return_rate_flagged=flagged,
    )
    assert 0 <= split.reserve_bps <= reserve_max_bps
    assert split.reserve >= 0
    assert split.reserve <= bps_of(max(split.net, 0), reserve_max_bps)
    assert split.reserve <= max(split.net, 0)
    if flagged:
        assert split.reserve_bps == min(max(return_rate_bps, flagged_reserve_bps), reserve_max_bps)
    else:
        assert split.reserve_bps == min(return_rate_bps, reserve_max_bps)


def test_the_console_line_shows_the_reason_beside_the_reserve() -> None:
    from console import merchant

    line = payouts.Line(1, "sale", "na", None, None, "USD", 10000, 1010, 6293, None, days_ago(0))
    held = payouts.Line(
        1, "sale", "na", None, None, "USD", 10000, 1010, 6293, None, days_ago(0), reserve_held=2697
    )
    raised = payouts.Line(
        1,
        "sale",
        "na",
        None,
        None,
        "USD",
        10000,
        1010,
        6293,
        None,
        days_ago(0),
        reserve_held=2697,
        reserve_reason="return rate 20.0% in apparel over 90 days, above 15%",
    )
    assert merchant.LINE_HEADERS[5] == "Reserve"
    assert merchant._line_cells(line)[5] == "—"
    assert merchant._line_cells(held)[5] == "-$26.97"
    assert callable(merchant._line_cells(raised)[5])  # the amount, and the reason under it
