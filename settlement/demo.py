"""Demo settlement data for `python main.py seed-demo`. Running it twice changes nothing.

Payout settings for the four demo merchants (the EUR merchant is paid by SEPA transfer to a valid demo IBAN,
the others by bank CSV), and for three of them a history: orders sold and delivered, a refund, a payout made
and confirmed in an earlier window, then more orders delivered since, so `/v1/balance` and `/v1/payouts` show
something and the next settlement run pays something.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from core.clock import utc_now
from core.demo import DEMO_MERCHANTS
from core.models import Merchant
from core.money import Money
from payments import fx
from settlement import payouts, service
from settlement.models import Payout, PayoutInterval, PayoutMethod, PayoutSettings, PayoutStatus

BANK: dict[str, dict[str, Any]] = {
    "mer_demo_lumen": {
        "account_holder": "Lumen Home Goods Ltd",
        "account_number": "6217000010001234567",
        "bank_code": "CCBCCNBJ",
    },
    "mer_demo_batik": {
        "account_holder": "PT Batik Nusantara",
        "account_number": "1230004567890",
        "bank_code": "BMRIIDJA",
    },
    "mer_demo_kawaii": {
        "account_holder": "Kawaii Stationery KK",
        "account_number": "1234567",
        "bank_code": "0005",
    },
    "mer_demo_nordlys": {"account_holder": "Nordlys Design GmbH", "iban": "DE02120300000000202051"},
}
MINIMUM = {"USD": "10.00", "IDR": "150000", "JPY": "1500", "EUR": "10.00"}
PRICES = {
    "USD": ["24.90", "58.00", "12.50", "89.99", "35.00", "44.40"],
    "IDR": ["350000", "1250000", "89000", "640000", "215000", "480000"],
    "EUR": ["39.00", "120.00", "18.50", "64.90", "27.00", "49.00"],
}
CATEGORIES = ["home", "apparel", "beauty", "electronics", "home", "jewelry"]
ACTIVE = ["mer_demo_lumen", "mer_demo_batik", "mer_demo_nordlys"]


def _sell(session: Session, merchant: Merchant, n: int, *, paid: datetime, delivered: datetime) -> None:
    cur = merchant.settlement_currency
    for i, price in enumerate(PRICES[cur]):
        order_id = f"ord_demo_{merchant.id.removeprefix('mer_demo_')}_{n}_{i}"
        amount = Money.of(price, cur)
        rate: Decimal | None = None
        if i == 5 and cur != "USD":  # one order paid by a shopper in USD, at the day's rate
            amount = Money.of("30.00", "USD")
            rate = fx.convert(session, Money.of("1", "USD"), cur, on=min(paid.date(), fx.today())).rate
        service.record_sale(
            session,
            order_id=order_id,
            merchant_id=merchant.id,
            amount=amount,
            category=CATEGORIES[i],
            fx_rate=rate,
            affiliate_id="aff_demo_creator" if i % 3 == 1 else None,
            fulfillment="fully_managed" if i % 2 == 0 else "merchant",
            paid_at=paid,
        )
        service.record_delivery(session, order_id=order_id, delivered_at=delivered)


def seed_demo(session: Session) -> None:
    now = utc_now()
    for spec in DEMO_MERCHANTS:
        merchant = session.get(Merchant, spec["id"])
        if merchant is None or session.get(PayoutSettings, merchant.id) is not None:
            continue
        cur = merchant.settlement_currency
        payouts.put_payout_settings(
            session,
            merchant_id=merchant.id,
            data=payouts.PayoutSettingsData(
                currency=cur,
                minimum=Money.of(MINIMUM.get(cur, "10"), cur),
                method=PayoutMethod.bank_file,
                interval=PayoutInterval.daily,
                **BANK.get(merchant.id, {"account_holder": merchant.name, "account_number": "000123456"}),
            ),
            actor="demo",
        )
    for mid in ACTIVE:
        merchant = session.get(Merchant, mid)
        if merchant is None:
            continue
        _sell(session, merchant, 1, paid=now - timedelta(days=14), delivered=now - timedelta(days=10))
        service.record_refund(
            session,
            refund_id=f"ref_demo_{mid.removeprefix('mer_demo_')}_1",
            order_id=f"ord_demo_{mid.removeprefix('mer_demo_')}_1_1",
            amount=Money.of(PRICES[merchant.settlement_currency][1], merchant.settlement_currency),
            refunded_at=now - timedelta(days=8),
        )
    # An earlier window's run paid the first orders; the bank confirmed.
    past = now - timedelta(days=5)
    run = payouts.request_run(session, now=past, requested_by="demo")
    session.flush()
    payouts.plan_chunk(session, run, 0, past)
    run.status = "completed"
    run.finished_at = past
    session.add(run)
    for p in session.exec(select(Payout).where(col(Payout.run_id) == run.id)):
        if p.status == PayoutStatus.pending.value:
            p.status = PayoutStatus.in_transit.value
            p.provider_reference = "demo:seed"
            p.submitted_at = past
            p.arrival_date = date.fromordinal(past.date().toordinal() + 1)
            session.add(p)
            session.flush()
            payouts.confirm_payout(session, payout_id=p.id, source="demo")
    for mid in ACTIVE:
        merchant = session.get(Merchant, mid)
        if merchant is not None:
            _sell(session, merchant, 2, paid=now - timedelta(days=6), delivered=now - timedelta(days=4))
    session.flush()
