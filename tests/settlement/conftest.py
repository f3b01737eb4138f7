"""Helpers for the settlement tests: merchants with payout settings, sales, a local Stripe."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import stripe
from sqlmodel import Session, col, func, select

from core.clock import utc_now
from core.creators import CreatorCreate, create_creator
from core.db import unit_of_work
from core.merchants import MerchantCreate, create_merchant
from core.models import TraderVerification
from core.money import Money
from settlement import ledger, payouts
from settlement.models import LedgerEntry, PayoutInterval, PayoutMethod
from settlement.payees import PayeeRef
from tests.settlement.stripe_fake import FakeStripe


def make_merchant(
    session: Session,
    *,
    currency: str = "USD",
    country: str = "CN",
    minimum: str = "1.00",
    method: PayoutMethod = PayoutMethod.bank_file,
    interval: PayoutInterval = PayoutInterval.daily,
    payout_currency: str | None = None,
    verification: TraderVerification = TraderVerification.verified,
    settings: bool = True,
) -> str:
    m = create_merchant(
        session,
        data=MerchantCreate(
            name=f"Shop {currency}",
            country=country,
            settlement_currency=currency,
            trader_verification=verification,
        ),
    )
    if settings:
        pc = payout_currency or currency
        bank: dict[str, Any] = (
            {"iban": "DE02120300000000202051"}
            if pc == "EUR"
            else {"account_number": "12345678", "bank_code": "001"}
        )
        if method is PayoutMethod.stripe:
            bank = {"stripe_account": "acct_1PgafTB7WZ01zgkW"}
        payouts.put_payout_settings(
            session,
            merchant_id=m.id,
            data=payouts.PayoutSettingsData(
                currency=pc,
                minimum=Money.of(minimum, pc),
                method=method,
                interval=interval,
                account_holder="Holder",
                **bank,
            ),
        )
    return m.id


def make_creator(
    session: Session,
    *,
    currency: str = "USD",
    country: str = "US",
    minimum: str = "1.00",
    verification: TraderVerification = TraderVerification.verified,
    settings: bool = True,
) -> str:
    """A creator (a payee) with bank payout settings in its currency."""
    c = create_creator(
        session,
        data=CreatorCreate(
            name=f"Creator {currency}", country=country, payout_currency=currency, verification=verification
        ),
    )
    if settings:
        bank: dict[str, Any] = (
            {"iban": "DE02120300000000202051"}
            if currency == "EUR"
            else {"account_number": "87654321", "bank_code": "002"}
        )
        payouts.put_payout_settings(
            session,
            payee=PayeeRef.creator(c.id),
            data=payouts.PayoutSettingsData(
                currency=currency, minimum=Money.of(minimum, currency), method=PayoutMethod.bank_file,
                account_holder="Creator", **bank,
            ),
        )  # fmt: skip
    return c.id


def days_ago(n: float) -> datetime:
    return utc_now() - timedelta(days=n)


def entry_count(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(LedgerEntry)).one())


def assert_ledger_sound(session: Session) -> None:
    assert ledger.unbalanced_transactions(session) == []
    assert ledger.cached_balance_drift(session) == []


def sum_of(session: Session, account_id: int) -> int:
    return int(
        session.exec(
            select(func.coalesce(func.sum(col(LedgerEntry.amount_minor)), 0)).where(
                col(LedgerEntry.account_id) == account_id
            )
        ).one()
    )


# --- a local Stripe (tests/settlement/stripe_fake.py)


@pytest.fixture
def fake_stripe(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeStripe]:
    from settlement import providers

    fake = FakeStripe()
    monkeypatch.setattr(
        providers,
        "stripe_client_factory",
        lambda: stripe.StripeClient("sk_test_local", http_client=fake, max_network_retries=2),
    )
    return fake


def signed(payload: dict[str, Any], secret: str, *, at: datetime | None = None) -> tuple[bytes, str]:
    body = json.dumps(payload).encode()
    ts = int((at or utc_now()).timestamp())
    sig = stripe.WebhookSignature._compute_signature(f"{ts}.{body.decode()}", secret)
    return body, f"t={ts},v1={sig}"


def run_now(*, merchant_id: str | None = None, now: datetime | None = None, **kw: Any) -> str:
    with unit_of_work() as s:
        run_id = payouts.request_run(s, merchant_id=merchant_id, now=now).id
    payouts.execute_run(run_id, now=now, **kw)
    return run_id
