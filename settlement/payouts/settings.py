"""A merchant's payout settings: validated, stored, read (changes that move money go through
`settlement.payout_changes`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from sqlmodel import Session

from core.clock import utc_now
from core.errors import InvalidInput
from core.models import Merchant
from core.money import Money, MoneyModel
from settlement.errors import (
    PayoutSettingsMissing,
)
from settlement.models import (
    PayoutInterval,
    PayoutMethod,
    PayoutSettings,
)
from settlement.providers import check_bic, check_iban

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PayoutSettingsData:
    currency: str
    minimum: Money
    method: PayoutMethod
    interval: PayoutInterval = PayoutInterval.daily
    weekly_anchor: int = 0
    hold_business_days: int | None = None
    account_holder: str | None = None
    iban: str | None = None
    bic: str | None = None
    account_number: str | None = None
    bank_code: str | None = None
    stripe_account: str | None = None


class PayoutSettingsBody(Protocol):
    """What `settings_data_from` reads from a request body (`settlement.schemas.PayoutSettingsUpdate`);
    declared here because the schemas import this module, not the other way round."""

    interval: PayoutInterval
    weekly_anchor: int
    currency: str | None
    minimum: MoneyModel
    method: PayoutMethod
    hold_business_days: int | None
    account_holder: str | None
    iban: str | None
    bic: str | None
    account_number: str | None
    bank_code: str | None
    stripe_account: str | None


def get_payout_settings(session: Session, *, merchant_id: str) -> PayoutSettings:
    row = session.get(PayoutSettings, merchant_id)
    if row is None:
        raise PayoutSettingsMissing(f"merchant {merchant_id} has no payout settings yet")
    return row


SETTINGS_FIELDS = (
    "interval",
    "weekly_anchor",
    "currency",
    "minimum_minor",
    "method",
    "hold_business_days",
    "account_holder",
    "iban",
    "bic",
    "account_number",
    "bank_code",
    "stripe_account",
)


def settings_values(session: Session, *, merchant_id: str, data: PayoutSettingsData) -> dict[str, Any]:
    """Check a merchant's payout settings (the bank or Stripe account too) and return the values to store,
    one per `SETTINGS_FIELDS`."""
    merchant = session.get(Merchant, merchant_id)
    if merchant is None:
        raise InvalidInput.for_field("merchant_id", f"no merchant {merchant_id}")
    if data.minimum.currency != data.currency:
        raise InvalidInput.for_field("minimum.currency", f"must be {data.currency}, the payout currency")
    if data.minimum.amount < 0 or not data.minimum.is_exact():
        raise InvalidInput.for_field("minimum.amount", "must be zero or more, in the currency's minor unit")
    if not 0 <= data.weekly_anchor <= 6:
        raise InvalidInput.for_field("weekly_anchor", "0 (Monday) to 6 (Sunday)")
    if data.hold_business_days is not None and not 0 <= data.hold_business_days <= 60:
        raise InvalidInput.for_field("hold_business_days", "0 to 60")
    iban = bic = None
    if data.method is PayoutMethod.bank_file:
        if not (data.account_holder and data.account_holder.strip()):
            raise InvalidInput.for_field("account_holder", "the bank account's holder is required")
        if data.iban:
            iban = check_iban(data.iban)
        if data.bic:
            bic = check_bic(data.bic)
        if data.currency == "EUR" and iban is None:
            raise InvalidInput.for_field("iban", "EUR payouts are SEPA transfers: an IBAN is required")
        if iban is None and not data.account_number:
            raise InvalidInput.for_field("account_number", "give an IBAN or an account number")
    else:
        acct = data.stripe_account or ""
        if not (acct.startswith("acct_") and 6 < len(acct) <= 60 and acct.replace("_", "").isalnum()):
            raise InvalidInput.for_field("stripe_account", "a Stripe connected account id, acct_...")
    return {
        "interval": data.interval.value,
        "weekly_anchor": data.weekly_anchor,
        "currency": data.currency,
        "minimum_minor": data.minimum.to_minor(),
        "method": data.method.value,
        "hold_business_days": data.hold_business_days if data.hold_business_days is not None else 1,
        "account_holder": data.account_holder.strip() if data.account_holder else None,
        "iban": iban,
        "bic": bic,
        "account_number": data.account_number,
        "bank_code": data.bank_code,
        "stripe_account": data.stripe_account if data.method is PayoutMethod.stripe else None,
    }


def write_payout_settings(
    session: Session, *, merchant_id: str, values: dict[str, Any], actor: str | None = None
) -> PayoutSettings:
    """Write checked values (`settings_values`, or some of them) to the merchant's settings, a new version."""
    row = session.get(PayoutSettings, merchant_id)
    if row is None:
        row = PayoutSettings(
            merchant_id=merchant_id,
            currency=values["currency"],
            minimum_minor=0,
            method=values["method"],
            version=0,
        )
    for name, value in values.items():
        if name not in SETTINGS_FIELDS:
            raise ValueError(f"not a payout setting: {name}")
        setattr(row, name, value)
    row.version += 1
    row.updated_at = utc_now()
    row.updated_by = actor
    session.add(row)
    session.flush()
    return row


def put_payout_settings(
    session: Session, *, merchant_id: str, data: PayoutSettingsData, actor: str | None = None
) -> PayoutSettings:
    """Create or replace a merchant's payout settings at once, checking the bank or Stripe account. For
    seeding and the platform's own tools: a merchant's or admin's request goes through
    `settlement.payout_changes.request_settings` (changes that move money wait for approval)."""
    values = settings_values(session, merchant_id=merchant_id, data=data)
    return write_payout_settings(session, merchant_id=merchant_id, values=values, actor=actor)


def settings_data_from(session: Session, *, merchant_id: str, data: PayoutSettingsBody) -> PayoutSettingsData:
    """The settings a request body (the API's and the console's) asks for: the payout currency is the
    merchant's settlement currency unless the body names one."""
    merchant = session.get(Merchant, merchant_id)
    if merchant is None:
        raise InvalidInput.for_field("merchant_id", f"no merchant {merchant_id}")
    return PayoutSettingsData(
        interval=data.interval,
        weekly_anchor=data.weekly_anchor,
        currency=data.currency or merchant.settlement_currency,
        minimum=data.minimum.to_money(),
        method=data.method,
        hold_business_days=data.hold_business_days,
        account_holder=data.account_holder,
        iban=data.iban,
        bic=data.bic,
        account_number=data.account_number,
        bank_code=data.bank_code,
        stripe_account=data.stripe_account,
    )
