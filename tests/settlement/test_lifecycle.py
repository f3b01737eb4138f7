"""Sale, delivery, availability, reserve and refund through the service functions the orders code calls."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlmodel import Session

from core.errors import InvalidInput
from core.money import Money
from payments.fx_quotes import consume_fx_quote, create_fx_quote
from settlement import ledger, service
from settlement.errors import IdempotencyMismatch, RefundExceedsOrder
from settlement.models import LedgerTransaction, SettlementOrder
from tests.settlement.conftest import assert_ledger_sound, days_ago, entry_count, make_merchant


def _bal(session: Session, mid: str) -> dict[str, str]:
    return {k: " ".join(str(m) for m in v) for k, v in ledger.merchant_balances(session, mid).items()}


def test_sale_splits_exactly_and_replays(session: Session) -> None:
    mid = make_merchant(session, currency="USD")
    t = service.record_sale(
        session,
        order_id="o1",
        merchant_id=mid,
        amount=Money.of("100.00", "USD"),
        category="apparel",
        affiliate_id="aff1",
        affiliate_bps=1000,
    )
    o = session.get(SettlementOrder, "o1")
    assert o is not None
    # apparel 8% = 8.00; affiliate 10% = 10.00; processing 2% + 0.10 = 2.10
    assert (o.commission_minor, o.affiliate_minor, o.processing_minor, o.net_minor) == (800, 1000, 210, 7990)
    assert o.reserve_planned_minor == 1998  # 25% of the net, apparel's return rate
    n = entry_count(session)
    again = service.record_sale(
        session,
        order_id="o1",
        merchant_id=mid,
        amount=Money.of("100.00", "USD"),
        category="apparel",
        affiliate_id="aff1",
        affiliate_bps=1000,
    )
    assert again.id == t.id
    assert entry_count(session) == n
    with pytest.raises(IdempotencyMismatch):
        service.record_sale(
            session, order_id="o1", merchant_id=mid, amount=Money.of("99.00", "USD"), category="apparel"
        )
    assert _bal(session, mid)["pending"] == "79.90 USD"
    assert_ledger_sound(session)


def test_minimum_fee_and_fully_managed_fees(session: Session) -> None:
    mid = make_merchant(session, currency="USD")
    service.record_sale(
        session, order_id="small", merchant_id=mid, amount=Money.of("2.00", "USD"), category="electronics"
    )
    o = session.get(SettlementOrder, "small")
    assert o is not None
    assert o.commission_minor == 30
    service.record_sale(
        session,
        order_id="fm",
        merchant_id=mid,
        amount=Money.of("50.00", "USD"),
        category="beauty",
        fulfillment="fully_managed",
        items=2,
        shipping_fee=Money.of("4.50", "USD"),
    )
    o = session.get(SettlementOrder, "fm")
    assert o is not None
    assert o.fulfillment_minor == 240 + 450
    assert o.net_minor == 5000 - 350 - 110 - 690


def test_cross_currency_sale_at_the_locked_rate(session: Session) -> None:
    mid = make_merchant(session, currency="IDR", country="ID")
    q = create_fx_quote(
        session,
        sell_currency="USD",
        buy_currency="IDR",
        sell_amount=Money.of("40.00", "USD"),
        lock_seconds=600,
    )
    consume_fx_quote(session, quote_id=q.id, consumer="fx1")
    t = service.record_sale(
        session,
        order_id="fx1",
        merchant_id=mid,
        amount=Money.of("40.00", "USD"),
        category="home",
        fx_quote_id=q.id,
    )
    o = session.get(SettlementOrder, "fx1")
    assert o is not None
    assert t.fx_rate == q.rate
    assert o.fx_rate == q.rate
    assert o.gross_settle_minor == q.buy_amount_minor
    assert_ledger_sound(session)
    with pytest.raises(InvalidInput) as e:
        service.record_sale(
            session,
            order_id="fx2",
            merchant_id=mid,
            amount=Money.of("40.00", "EUR"),
            category="home",
            fx_quote_id=q.id,
        )
    assert e.value.errors[0].field == "amount.currency"
    with pytest.raises(InvalidInput) as e:
        service.record_sale(
            session, order_id="fx3", merchant_id=mid, amount=Money.of("40.00", "USD"), category="home"
        )
    assert e.value.errors[0].field == "fx_quote_id"


@pytest.mark.parametrize(
    ("amount", "merchant", "field"),
    [
        ("0.00", None, "amount.amount"),
        ("-5.00", None, "amount.amount"),
        ("5.00", "mer_nobody", "merchant_id"),
    ],
)
def test_bad_sales_are_422_naming_the_field(
    session: Session, amount: str, merchant: str | None, field: str
) -> None:
    mid = make_merchant(session)
    with pytest.raises(InvalidInput) as e:
        service.record_sale(
            session,
            order_id="bad",
            merchant_id=merchant or mid,
            amount=Money.of(amount, "USD"),
            category="home",
        )
    assert e.value.status == 422
    assert e.value.errors[0].field == field


def test_delivery_hold_counts_business_days_in_the_merchants_country(session: Session) -> None:
    mid = make_merchant(session, currency="EUR", country="DE")
    service.record_sale(
        session,
        order_id="x",
        merchant_id=mid,
        amount=Money.of("10.00", "EUR"),
        category="home",
        paid_at=datetime(2026, 12, 20, tzinfo=UTC),
    )
    d = service.record_delivery(session, order_id="x", delivered_at=datetime(2026, 12, 24, 15, tzinfo=UTC))
    assert d.available_on == date(2026, 12, 28)  # 25 and 26 are holidays, 27 a Sunday
    assert d.reserve_release_on == date(2027, 1, 23)
    assert not d.released


def test_delivered_orders_become_available_less_the_reserve_which_is_released_later(session: Session) -> None:
    mid = make_merchant(session, currency="USD")
    service.record_sale(
        session,
        order_id="a",
        merchant_id=mid,
        amount=Money.of("100.00", "USD"),
        category="apparel",
        paid_at=days_ago(50),
    )
    d = service.record_delivery(session, order_id="a", delivered_at=days_ago(10))
    assert d.released
    b = _bal(session, mid)
    # net 89.90; apparel's 25% return reserve (22.475 -> 22.48, half-even) is held for the return window
    assert (b["pending"], b["available"], b["reserved"]) == ("0.00 USD", "67.42 USD", "22.48 USD")
    service.release_due(session)
    assert _bal(session, mid)["reserved"] == "22.48 USD"
    service.release_due(session, as_of=days_ago(-25))
    b = _bal(session, mid)
    assert (b["available"], b["reserved"]) == ("89.90 USD", "0.00 USD")
    n = entry_count(session)
    service.release_due(session, as_of=days_ago(-25))
    assert entry_count(session) == n
    assert_ledger_sound(session)


def test_refunds_reverse_the_split_and_a_negative_balance_carries_over(session: Session) -> None:
    mid = make_merchant(session, currency="USD")
    service.record_sale(
        session,
        order_id="r",
        merchant_id=mid,
        amount=Money.of("100.00", "USD"),
        category="home",
        affiliate_id="aff9",
        paid_at=days_ago(60),
    )
    service.record_delivery(session, order_id="r", delivered_at=days_ago(50))
    service.release_due(session)  # reserve released too: all 79.90 available
    t1 = service.record_refund(session, refund_id="rf1", order_id="r", amount=Money.of("30.00", "USD"))
    n = entry_count(session)
    assert (
        service.record_refund(session, refund_id="rf1", order_id="r", amount=Money.of("30.00", "USD")).id
        == t1.id
    )
    assert entry_count(session) == n
    service.record_refund(session, refund_id="rf2", order_id="r", amount=Money.of("70.00", "USD"))
    o = session.get(SettlementOrder, "r")
    assert o is not None
    assert (o.commission_refunded_minor, o.affiliate_clawed_minor) == (o.commission_minor, o.affiliate_minor)
    # merchant keeps nothing and bears the processing fee: 79.90 - (100 - 8 - 10) = -2.10
    assert _bal(session, mid)["available"] == "-2.10 USD"
    with pytest.raises(RefundExceedsOrder):
        service.record_refund(session, refund_id="rf3", order_id="r", amount=Money.of("0.01", "USD"))
    with pytest.raises(InvalidInput) as e:
        service.record_refund(session, refund_id="rf4", order_id="r", amount=Money.of("1.00", "EUR"))
    assert e.value.errors[0].field == "amount.currency"
    assert_ledger_sound(session)


def test_refund_before_delivery_comes_from_pending(session: Session) -> None:
    mid = make_merchant(session, currency="JPY", country="JP")
    service.record_sale(
        session, order_id="j", merchant_id=mid, amount=Money.of("5000", "JPY"), category="books"
    )
    service.record_refund(session, refund_id="jr", order_id="j", amount=Money.of("5000", "JPY"))
    b = _bal(session, mid)
    # pending held the net (5000 - 500 - 115); the refund takes it and the processing fee (2% + 15), which is
    # not refunded, from available: the merchant's balance is negative, netted from later payouts
    assert (b["pending"], b["available"]) == ("0 JPY", "-115 JPY")
    assert session.get(LedgerTransaction, 1) is not None
    assert_ledger_sound(session)


def test_bulk_and_single_paths_write_the_same_split(session: Session) -> None:
    mid = make_merchant(session, currency="USD")
    sales = [
        service.SaleInput(
            order_id=f"b{i}",
            merchant_id=mid,
            amount=Money.of(f"{i}.99", "USD"),
            category=["apparel", "beauty", "nope"][i % 3],
            affiliate_id="a" if i % 2 else None,
        )
        for i in range(1, 700)
    ]
    rec = service.record_sales(session, sales=sales)
    assert rec.new == 699
    service.record_sale(
        session,
        order_id="single",
        merchant_id=mid,
        amount=Money.of("7.99", "USD"),
        category="beauty",
        affiliate_id="a",
    )
    bulk, single = session.get(SettlementOrder, "b7"), session.get(SettlementOrder, "single")
    assert bulk is not None
    assert single is not None
    fields = (
        "gross_settle_minor",
        "commission_minor",
        "affiliate_minor",
        "processing_minor",
        "net_minor",
        "reserve_planned_minor",
    )
    assert [getattr(bulk, f) for f in fields] == [getattr(single, f) for f in fields]
    assert service.record_sales(session, sales=sales).replayed == 699
    assert Decimal(1) == bulk.fx_rate
    assert_ledger_sound(session)
