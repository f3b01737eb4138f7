"""Demo settlement data for `python main.py seed-demo`. Running it twice changes nothing.

Payout settings for the four demo merchants (the EUR merchant is paid by SEPA transfer to a valid demo IBAN,
the others by bank CSV) and the two demo creators, and for three merchants a history: orders sold and
delivered, some brought by a creator, a refund, a payout made and confirmed in an earlier window, then more
orders delivered since, so `/v1/balance` and `/v1/payouts` show something and the next settlement run pays
something. Lumen publishes an open affiliate plan and a targeted plan for Lina, Batik an open plan; Lumen
pays Lina a slot fee for a campaign.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from core.clock import utc_now
from core.demo import DEMO_CREATORS, DEMO_MERCHANTS
from core.models import Creator, Merchant
from core.money import Money
from payments import fx
from settlement import affiliates, payouts, service, slot_fees
from settlement.models import (
    AffiliatePlan,
    AffiliatePlanKind,
    Payout,
    PayoutInterval,
    PayoutMethod,
    PayoutSettings,
    PayoutStatus,
)
from settlement.payees import PayeeRef

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
CREATOR_BANK: dict[str, dict[str, Any]] = {
    "cre_demo_lina": {
        "account_holder": "Lina Okafor",
        "account_number": "000123456789",
        "bank_code": "021000021",
    },
    "cre_demo_ayu": {
        "account_holder": "Ayu Pratiwi",
        "account_number": "0987654321",
        "bank_code": "BCAIIDJA",
    },
}
# who brings each active merchant's orders: Lina promotes Lumen's and Nordlys's goods, Ayu Batik's
CREATOR_OF = {
    "mer_demo_lumen": "cre_demo_lina",
    "mer_demo_batik": "cre_demo_ayu",
    "mer_demo_nordlys": "cre_demo_lina",
}
PLANS: list[affiliates.PlanSpec] = [
    affiliates.PlanSpec(
        merchant_id="mer_demo_lumen",
        kind=AffiliatePlanKind.open,
        name="Lumen open plan",
        rate_bps=800,
        categories={"apparel": 1200},
    ),
    affiliates.PlanSpec(
        merchant_id="mer_demo_lumen",
        kind=AffiliatePlanKind.targeted,
        name="Lina's spring campaign",
        creators=["cre_demo_lina"],
        rate_bps=1500,
        products={"TEE-BASIC-M": 1800},
    ),
    affiliates.PlanSpec(
        merchant_id="mer_demo_batik", kind=AffiliatePlanKind.open, name="Batik open plan", rate_bps=1000
    ),
]
MINIMUM = {"USD": "10.00", "IDR": "150000", "JPY": "1500", "EUR": "10.00"}
CREATOR_MINIMUM = {"USD": "1.00", "IDR": "10000"}
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
        creator = CREATOR_OF.get(merchant.id) if i % 3 == 1 else None
        bps = None
        if creator is not None:
            line = affiliates.OrderLineGoods(f"DEMO-{i}", CATEGORIES[i], amount.to_minor())
            offer = affiliates.resolve_rate(
                session, merchant_id=merchant.id, creator_id=creator, lines=[line]
            )
            bps = offer.rate_bps
        service.record_sale(
            session,
            order_id=order_id,
            merchant_id=merchant.id,
            amount=amount,
            category=CATEGORIES[i],
            fx_rate=rate,
            affiliate_id=creator,
            affiliate_bps=bps,
            fulfillment="fully_managed" if i % 2 == 0 else "merchant",
            paid_at=paid,
        )
        service.record_delivery(session, order_id=order_id, delivered_at=delivered)


def _seed_creators(session: Session) -> None:
    """The demo creators' payout settings and the demo merchants' affiliate plans (once)."""
    for spec in DEMO_CREATORS:
        creator = session.get(Creator, spec["id"])
        if creator is None or session.get(PayoutSettings, ("creator", creator.id)) is not None:
            continue
        cur = creator.payout_currency
        payouts.put_payout_settings(
            session,
            payee=PayeeRef.creator(creator.id),
            data=payouts.PayoutSettingsData(
                currency=cur,
                minimum=Money.of(CREATOR_MINIMUM.get(cur, "1"), cur),
                method=PayoutMethod.bank_file,
                interval=PayoutInterval.daily,
                **CREATOR_BANK[creator.id],
            ),
            actor="demo",
        )
    for plan in PLANS:
        published = session.exec(select(AffiliatePlan.id).where(AffiliatePlan.name == plan.name)).first()
        if published is None and session.get(Merchant, plan.merchant_id) is not None:
            affiliates.publish_plan(session, spec=plan, actor="demo")


def seed_demo(session: Session) -> None:
    now = utc_now()
    _seed_creators(session)
    for spec in DEMO_MERCHANTS:
        merchant = session.get(Merchant, spec["id"])
        if merchant is None or session.get(PayoutSettings, ("merchant", merchant.id)) is not None:
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
    if (
        session.get(Creator, "cre_demo_lina") is not None
        and session.get(Merchant, "mer_demo_lumen") is not None
    ):
        slot_fees.charge_slot_fee(
            session,
            merchant_id="mer_demo_lumen",
            creator_id="cre_demo_lina",
            campaign="Spring live-stream, week 1",
            amount=Money.of("40.00", "USD"),
            actor="demo",
        )
    session.flush()
