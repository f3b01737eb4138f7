"""Properties over random orders, refunds and FX rates: every transaction sums to zero; each merchant's
payouts
equal gross - commission - affiliate - fees - refunds (at the recorded rates) to the minor unit; replays
change
nothing; no payout exceeds the available balance."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from core.db import unit_of_work
from core.money import Money, currency_exponent
from settlement import ledger, payouts, service
from settlement.models import Payout
from tests.settlement.conftest import assert_ledger_sound, days_ago, entry_count, make_merchant

COMMISSION = {"apparel": 800, "electronics": 500, "beauty": 700, "books": 1000}
MIN_FEE = {"USD": 30, "JPY": 40, "IDR": 4000, "EUR": 30}
FIXED = {"USD": 10, "JPY": 15, "IDR": 1500, "EUR": 10}
PICK_PACK = {"USD": 120, "JPY": 180, "IDR": 18000, "EUR": 110}
_seq = itertools.count()


def rhe(x: Decimal) -> int:
    return int(x.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


@dataclass
class Order:
    gross: int
    shopper: str
    rate: Decimal
    category: str
    affiliate_bps: int | None
    managed: bool
    items: int
    refunds: list[int]
    refund_before_delivery: bool


orders_st = st.builds(
    Order,
    gross=st.integers(min_value=1, max_value=5_000_000),
    shopper=st.sampled_from(["same", "EUR", "JPY"]),
    rate=st.decimals(min_value=Decimal("0.0005"), max_value=Decimal("20000"), places=6),
    category=st.sampled_from(sorted(COMMISSION)),
    affiliate_bps=st.one_of(st.none(), st.integers(min_value=0, max_value=3000)),
    managed=st.booleans(),
    items=st.integers(min_value=1, max_value=4),
    refunds=st.lists(st.integers(min_value=1, max_value=100), max_size=3),
    refund_before_delivery=st.booleans(),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(currency=st.sampled_from(["USD", "JPY", "IDR"]), orders=st.lists(orders_st, min_size=1, max_size=6))
def test_payouts_equal_the_split_less_refunds_to_the_minor_unit(
    db_url: str, currency: str, orders: list[Order]
) -> None:
    n = next(_seq)
    with unit_of_work() as s:
        mid = make_merchant(s, currency=currency, minimum=Money.from_minor(1, currency).format_amount())
    expected = 0
    sales, refunds_before, refunds_after, deliveries = [], [], [], []
    for i, o in enumerate(orders):
        shopper = currency if o.shopper == "same" or o.shopper == currency else o.shopper
        rate = Decimal(1) if shopper == currency else o.rate
        shift = currency_exponent(currency) - currency_exponent(shopper)
        gs = rhe(Decimal(o.gross) * rate * Decimal(10) ** shift)
        if gs <= 0:
            continue
        oid = f"p{n}-{i}"
        sales.append(
            service.SaleInput(
                order_id=oid,
                merchant_id=mid,
                amount=Money.from_minor(o.gross, shopper),
                category=o.category,
                fx_rate=rate if shopper != currency else None,
                affiliate_id="aff" if o.affiliate_bps is not None else None,
                affiliate_bps=o.affiliate_bps,
                fulfillment="fully_managed" if o.managed else "merchant",
                items=o.items,
                paid_at=days_ago(20),
            )
        )
        deliveries.append((oid, days_ago(15)))
        commission = min(max(rhe(Decimal(gs * COMMISSION[o.category]) / 10000), MIN_FEE[currency]), gs)
        aff = rhe(Decimal(gs * (o.affiliate_bps or 0)) / 10000)
        fees = (
            rhe(Decimal(gs * 200) / 10000)
            + FIXED[currency]
            + (PICK_PACK[currency] * o.items if o.managed else 0)
        )
        expected += gs - commission - aff - fees
        cum = 0
        for j, pct in enumerate(o.refunds):
            amount = min(max(o.gross * pct // 100, 1), o.gross - cum)
            if amount <= 0:
                break
            cum += amount
            (refunds_before if o.refund_before_delivery else refunds_after).append(
                service.RefundInput(
                    refund_id=f"{oid}-r{j}", order_id=oid, amount=Money.from_minor(amount, shopper)
                )
            )
        if cum:
            parts = [w if cum == o.gross else rhe(Decimal(w * cum) / o.gross) for w in (gs, commission, aff)]
            expected -= parts[0] - parts[1] - parts[2]
    if not sales:
        return
    with unit_of_work() as s:
        service.record_sales(s, sales=sales)
        service.record_refunds(s, refunds=refunds_before)
        service.record_deliveries(s, deliveries=deliveries)
        service.record_refunds(s, refunds=refunds_after)
        service.release_due(s, as_of=days_ago(-40))
        before = entry_count(s)
    with unit_of_work() as s:  # replays change nothing
        assert service.record_sales(s, sales=sales).new == 0
        service.record_refunds(s, refunds=refunds_before + refunds_after)
        service.record_deliveries(s, deliveries=deliveries)
        assert entry_count(s) == before
    with unit_of_work() as s:
        available_before = ledger.merchant_balances(s, mid)["available"][0].to_minor()
    with unit_of_work() as s:
        run_id = payouts.request_run(s, merchant_id=mid).id
    payouts.execute_run(run_id)
    with unit_of_work() as s:
        paid = 0
        for p in s.exec(select(Payout).where(col(Payout.merchant_id) == mid)):
            assert p.amount_minor <= available_before
            payouts.confirm_payout(s, payout_id=p.id, source="test")
            paid += p.amount_minor
    with unit_of_work() as s:
        bal = ledger.merchant_balances(s, mid)
        left = {k: sum(m.to_minor() for m in v) for k, v in bal.items()}
        assert left["pending"] == left["reserved"] == left["in_transit"] == 0
        assert paid + left["available"] == expected
        assert paid == max(expected, 0)
        assert_ledger_sound(s)
