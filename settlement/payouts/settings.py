"""A payee's payout settings (a merchant's or a creator's): validated, stored, read (changes that move money
go through `settlement.payout_changes`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from sqlmodel import Session

from core.clock import utc_now
from core.errors import InvalidInput
from core.money import Money, MoneyModel
from settlement.errors import (
    PayoutSettingsMissing,
)
from settlement.models import (
    PayoutInterval,
    PayoutMethod,
    PayoutSettings,
)
from settlement.payees import PayeeRef, get_payee, payees
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
    method: PayoutMethod
    hold_business_days: int | None
    account_holder: str | None
    iban: str | None
    bic: str | None
    account_number: str | None
    bank_code: str | None
    stripe_account: str | None

    @property
    def minimum(self) -> MoneyModel: ...


def get_payout_settings(
    session: Session, *, payee: PayeeRef | None = None, merchant_id: str | None = None
) -> PayoutSettings:
    """The stored settings of `payee` (or of the merchant `merchant_id`); the settings in force are
    `settlement.payout_changes.get_settings_in_force`'s."""
    who = payee or PayeeRef.merchant(merchant_id or "")
    row = session.get(PayoutSettings, (who.type.value, who.id))
    if row is None:
        raise PayoutSettingsMissing(f"{who} has no payout settings yet")
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


def settings_values(session: Session, *, payee: PayeeRef, data: PayoutSettingsData) -> dict[str, Any]:
    """Check a payee's payout settings (the bank or Stripe account too) and return the values to store, one
    per `SETTINGS_FIELDS`."""
    if payee not in payees(session, [payee]):
        raise InvalidInput.for_field(f"{payee.type.value}_id", f"no {payee}")
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
    session: Session, *, payee: PayeeRef, values: dict[str, Any], actor: str | None = None
) -> PayoutSettings:
    """Write checked values (`settings_values`, or some of them) to the payee's settings, a new version."""
    row = session.get(PayoutSettings, (payee.type.value, payee.id))
    if row is None:
        row = PayoutSettings(
            payee_type=payee.type.value,
            payee_id=payee.id,
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
    session: Session,
    *,
    merchant_id: str | None = None,
    payee: PayeeRef | None = None,
    data: PayoutSettingsData,
    actor: str | None = None,
) -> PayoutSettings:
    """Create or replace a payee's (or `merchant_id`'s) payout settings at once, checking the bank or Stripe
    account. For seeding, onboarding and the platform's own tools: a payee's or admin's request goes through
    `settlement.payout_changes.request_settings` (changes that move money wait for approval)."""
    who = payee or PayeeRef.merchant(merchant_id or "")
    values = settings_values(session, payee=who, data=data)
    return write_payout_settings(session, payee=who, values=values, actor=actor)


def settings_data_from(session: Session, *, payee: PayeeRef, data: PayoutSettingsBody) -> PayoutSettingsData:
    """The settings a request body (the API's and the console's) asks for: the payout currency is the payee's
    own (a merchant's settlement currency, a creator's payout currency) unless the body names one."""
    return PayoutSettingsData(
        interval=data.interval,
        weekly_anchor=data.weekly_anchor,
        currency=data.currency or get_payee(session, payee).currency,
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
