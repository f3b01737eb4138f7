"""Settlement request and response bodies."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.limits import EventTime
from core.money import Money, MoneyModel, NonNegativeMoney, PositiveMoney, RateText
from settlement.models import (
    Payout,
    PayoutInterval,
    PayoutMethod,
    PayoutSettingChange,
    PayoutSettings,
    SettlementRun,
)
from settlement.payees import PayeeRef
from settlement.payout_changes import masked
from settlement.payouts import Line, fx_of
from settlement.reserves import ReturnRate, ReturnRates


def money(minor: int, currency: str) -> MoneyModel:
    return MoneyModel.of(Money.from_minor(minor, currency))


class PayeeRead(BaseModel):
    """Who is paid: a merchant or a creator."""

    type: Literal["merchant", "creator"]
    id: str

    @classmethod
    def of(cls, ref: PayeeRef) -> PayeeRead:
        return cls(type=ref.type.value, id=ref.id)


class BalanceRead(BaseModel):
    merchant_id: str | None
    """The merchant's id; null for a creator's balance (see `payee`)."""
    payee: PayeeRead
    available: list[MoneyModel]
    pending: list[MoneyModel]
    reserved: list[MoneyModel]
    in_transit: list[MoneyModel]


class FxRead(BaseModel):
    rate: str
    reference_rate: str


class PayoutRead(BaseModel):
    id: str
    merchant_id: str | None
    """The merchant paid; null for a creator's payout (see `payee`)."""
    payee: PayeeRead
    run_id: str
    status: str
    amount: MoneyModel
    debited: MoneyModel
    """What left the available balance (in the settlement currency)."""
    arrival_date: date | None
    method: str
    destination: str
    failure_code: str | None
    failure_message: str | None
    fx: FxRead
    created_at: datetime

    @classmethod
    def of(cls, p: Payout) -> PayoutRead:
        rate, reference = fx_of(p)
        return cls(
            id=p.id,
            merchant_id=p.merchant_id,
            payee=PayeeRead(type=p.payee_type, id=p.payee_id),  # type: ignore[arg-type]
            run_id=p.run_id,
            status=p.status,
            amount=money(p.payout_amount_minor, p.payout_currency),
            debited=money(p.amount_minor, p.currency),
            arrival_date=p.arrival_date,
            method=p.method,
            destination=p.destination,
            failure_code=p.failure_code,
            failure_message=p.failure_message,
            fx=FxRead(rate=str(rate), reference_rate=str(reference)),
            created_at=p.created_at,
        )


class PayoutList(BaseModel):
    data: list[PayoutRead]
    has_more: bool


class BalanceTransactionRead(BaseModel):
    """One line of a payout (or of the next payout). Its parts add up to `net`: gross - commission -
    affiliate_commission - fulfilment_fees - processing_fees - reserve_held + reserve_released -
    refunded_before_release = net; `fees` is the four fees' sum. A payout, a returned payout and an adjustment
    have no parts (all zero): `net` is what moved."""

    id: str
    """The line's id, for `starting_after`: `<transaction>`, or `<transaction>:<order>` for a release's
    per-order lines."""
    transaction: int
    type: str
    order: str | None
    refund: str | None
    payout: str | None
    gross: MoneyModel
    fees: MoneyModel
    net: MoneyModel
    available_on: date | None
    created: datetime
    commission: MoneyModel
    affiliate_commission: MoneyModel
    fulfilment_fees: MoneyModel
    processing_fees: MoneyModel
    reserve_held: MoneyModel
    reserve_released: MoneyModel
    """What the order's reserve gave back: on a reserve release, or toward a refund."""
    refunded_before_release: MoneyModel
    """A sale: what refunds took from its funds while they were pending. A refund: that part, negated."""
    reserve_reason: str | None = None
    """Why the reserve of a sale (or of its reserve release) was raised above its category's, e.g. "return
    rate 18.2% in apparel over 90 days, above 15%"; null when the category's own reserve was held."""
    slot_fee: str | None = None
    """A `slot_fee` line: the slot fee's id (charged to the merchant, credited to the creator)."""

    @classmethod
    def of(cls, line: Line) -> BalanceTransactionRead:
        def m(minor: int) -> MoneyModel:
            return money(minor, line.currency)

        return cls(
            id=line.id,
            transaction=line.transaction_id,
            type=line.type,
            order=line.order,
            refund=line.refund,
            payout=line.payout,
            gross=m(line.gross),
            fees=m(line.fees),
            net=m(line.net),
            available_on=line.available_on,
            created=line.created,
            commission=m(line.commission),
            affiliate_commission=m(line.affiliate_commission),
            fulfilment_fees=m(line.fulfilment_fees),
            processing_fees=m(line.processing_fees),
            reserve_held=m(line.reserve_held),
            reserve_released=m(line.reserve_released),
            refunded_before_release=m(line.refunded_before_release),
            reserve_reason=line.reserve_reason,
            slot_fee=line.slot_fee,
        )


class BalanceTransactionList(BaseModel):
    data: list[BalanceTransactionRead]
    has_more: bool = False


class PayoutSettingsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    interval: PayoutInterval = PayoutInterval.daily
    weekly_anchor: int = Field(default=0, ge=0, le=6, description="0 = Monday, for weekly payouts")
    currency: str | None = Field(default=None, description="ISO 4217; the settlement currency by default")
    minimum: NonNegativeMoney
    method: PayoutMethod = PayoutMethod.bank_file
    hold_business_days: int | None = Field(default=None, ge=0, le=60)
    account_holder: str | None = Field(default=None, max_length=140)
    iban: str | None = Field(default=None, max_length=50)
    bic: str | None = Field(default=None, max_length=20)
    account_number: str | None = Field(default=None, max_length=40)
    bank_code: str | None = Field(default=None, max_length=20)
    stripe_account: str | None = Field(default=None, max_length=60)


class PayoutSettingsRead(BaseModel):
    merchant_id: str | None
    """The merchant's id; null for a creator's settings (see `payee`)."""
    payee: PayeeRead
    interval: str
    weekly_anchor: int
    currency: str
    minimum: MoneyModel
    method: str
    hold_business_days: int
    account_holder: str | None
    iban: str | None
    bic: str | None
    account_number: str | None
    bank_code: str | None
    stripe_account: str | None
    version: int
    updated_at: datetime

    @classmethod
    def of(cls, s: PayoutSettings) -> PayoutSettingsRead:
        ref = PayeeRef.of(s.payee_type, s.payee_id)
        return cls(
            merchant_id=ref.merchant_id,
            payee=PayeeRead.of(ref),
            interval=s.interval,
            weekly_anchor=s.weekly_anchor,
            currency=s.currency,
            minimum=money(s.minimum_minor, s.currency),
            method=s.method,
            hold_business_days=s.hold_business_days,
            account_holder=s.account_holder,
            iban=s.iban,
            bic=s.bic,
            account_number=s.account_number,
            bank_code=s.bank_code,
            stripe_account=s.stripe_account,
            version=s.version,
            updated_at=s.updated_at,
        )


class SettlementRunCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{}, {"merchant_id": "mer_demo_lumen"}]},
    )

    merchant_id: str | None = Field(
        default=None, max_length=40, description="Pay this merchant now (on demand)"
    )
    creator_id: str | None = Field(
        default=None, max_length=40, description="Pay this creator now (on demand)"
    )


class SettlementRunRead(BaseModel):
    id: str
    key: str
    window_start: datetime
    merchant_id: str | None
    payee: PayeeRead | None = None
    """The payee of an on-demand run; null for a window's run (every payee due)."""
    status: str
    attempts: int
    payouts: int
    merchants_held: int
    """Payees (merchants and creators) whose payouts compliance holds."""
    holds: list[dict[str, Any]]
    error: str | None
    created_at: datetime
    finished_at: datetime | None
    reconciliation: dict[str, Any] | None = None

    @classmethod
    def of(
        cls, r: SettlementRun, *, payouts: int, reconciliation: dict[str, Any] | None = None
    ) -> SettlementRunRead:
        return cls(
            id=r.id,
            key=r.key,
            window_start=r.window_start,
            merchant_id=r.merchant_id,
            payee=PayeeRead(type=r.payee_type, id=r.payee_id)  # type: ignore[arg-type]
            if r.payee_type and r.payee_id
            else None,
            status=r.status,
            attempts=r.attempts,
            payouts=payouts,
            merchants_held=r.merchants_held,
            holds=r.holds or [],
            error=r.error,
            created_at=r.created_at,
            finished_at=r.finished_at,
            reconciliation=reconciliation,
        )


class SettlementRunList(BaseModel):
    data: list[SettlementRunRead]
    has_more: bool


class PayoutFail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    failure_code: str = Field(min_length=1, max_length=60)
    failure_message: str | None = Field(default=None, max_length=500)


class PayoutConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reference: str | None = Field(default=None, max_length=200, description="The bank's reference, if any")


class StatementImportRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "format": "camt.053",
                    "lines": 2,
                    "paid": 1,
                    "failed": 1,
                    "duplicates": 0,
                    "unmatched": [],
                }
            ]
        }
    )

    format: Literal["csv", "camt.053", "camt.054", "mt940"] = Field(description="The statement's format")
    lines: int = Field(description="Entries read that concern payouts (booked debits and returns)")
    paid: int
    failed: int
    duplicates: int
    unmatched: list[dict[str, str]]


class SaleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order_id: str = Field(min_length=1, max_length=100)
    merchant_id: str = Field(min_length=1, max_length=40)
    amount: PositiveMoney
    category: str = Field(min_length=1, max_length=40)
    fx_rate: RateText | None = Field(default=None, max_length=40)
    fx_quote_id: str | None = Field(default=None, max_length=40)
    affiliate_id: str | None = Field(default=None, max_length=100)
    affiliate_bps: int | None = Field(default=None, ge=0, le=10_000)
    fulfillment: Literal["merchant", "fully_managed"] = "merchant"
    items: int = Field(default=1, ge=1, le=10_000)
    shipping_fee: NonNegativeMoney | None = None
    paid_at: EventTime | None = None

    @field_validator("paid_at")
    @classmethod
    def _aware_paid_at(cls, v: datetime | None) -> datetime | None:
        if v is not None and v.tzinfo is None:
            raise ValueError("must be timezone-aware")
        return v


class DeliveryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order_id: str = Field(min_length=1, max_length=100)
    delivered_at: EventTime | None = None


class RefundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refund_id: str = Field(min_length=1, max_length=100)
    order_id: str = Field(min_length=1, max_length=100)
    amount: PositiveMoney
    refunded_at: EventTime | None = None


class LedgerTransactionRead(BaseModel):
    id: int
    idempotency_key: str
    kind: str
    reference: str
    occurred_at: datetime
    fx_rate: str | None


class DeliveryRead(BaseModel):
    order_id: str
    delivered_at: datetime
    available_on: date
    reserve_release_on: date
    hold_reasons: list[str]
    released: bool


# --- duties and import taxes owed to authorities ----------------------------------------------------------


class TaxLiabilityRead(BaseModel):
    jurisdiction: str
    scheme: str
    kind: Literal["duty", "vat"]
    currency: str
    collected: MoneyModel
    refunded: MoneyModel
    remitted: MoneyModel
    due: MoneyModel = Field(description="collected - refunded - remitted")
    orders: int


class TaxLiabilityList(BaseModel):
    period: str
    data: list[TaxLiabilityRead]


class TaxRemittanceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    jurisdiction: str = Field(min_length=2, max_length=2, description="ISO 3166 country code")
    kind: Literal["duty", "vat"]
    period: str = Field(min_length=7, max_length=7, description="YYYY-MM")
    amount: PositiveMoney
    reference: str = Field(
        min_length=1, max_length=200, description="the payment's reference at the authority"
    )


class TaxRemittanceRead(BaseModel):
    id: str
    jurisdiction: str
    kind: str
    period: str
    amount: MoneyModel
    reference: str
    transaction_id: int
    created_at: datetime


# --- return rates and the reserves they raise ------------------------------------------------------------


class ReturnRateRead(BaseModel):
    """A category the merchant sold in the window: its return rate and the reserve its new sales hold."""

    category: str
    orders: int = Field(description="Orders of the category paid in the window")
    returned: int = Field(description="Of those, orders with at least one refund")
    sold: MoneyModel = Field(description="Their goods value, in the settlement currency")
    refunded: MoneyModel = Field(description="What of it has been refunded")
    rate: Decimal = Field(description="refunded / sold, to four places (0.1820 is 18.2%)")
    flagged: bool = Field(description="At least min_orders orders and a rate above the flag")
    reserve_bps: int = Field(description="The return reserve new sales hold, in basis points of their net")
    reason: str | None = Field(default=None, description="Why the reserve is raised, when flagged")

    @classmethod
    def of(cls, r: ReturnRate) -> ReturnRateRead:
        x = r.returns
        return cls(
            category=x.category,
            orders=x.orders,
            returned=x.returned,
            sold=money(x.sold_minor, x.currency),
            refunded=money(x.refunded_minor, x.currency),
            rate=x.rate,
            flagged=r.flagged,
            reserve_bps=r.reserve_bps,
            reason=r.reason,
        )


class ReturnRateList(BaseModel):
    """The merchant's return rate per category over the policy's rolling window, highest first."""

    merchant_id: str
    since: datetime = Field(description="The window's start: orders paid since then")
    window_days: int
    flag_bps: int = Field(description="A rate above this flags the category")
    min_orders: int = Field(description="Fewer orders than this in the window and the rate flags nothing")
    data: list[ReturnRateRead]

    @classmethod
    def of(cls, rates: ReturnRates) -> ReturnRateList:
        return cls(
            merchant_id=rates.merchant_id,
            since=rates.since,
            window_days=rates.window_days,
            flag_bps=rates.flag_bps,
            min_orders=rates.min_orders,
            data=[ReturnRateRead.of(r) for r in rates.data],
        )


# --- payout setting changes (four eyes) -------------------------------------------------------------------


class PayoutSettingFieldChange(BaseModel):
    previous: str | int | None
    proposed: str | int | None


class PayoutSettingChangeRead(BaseModel):
    """A change waiting for (or past) an admin's decision; account numbers masked (`•••• 1234`)."""

    id: str
    merchant_id: str | None
    """The merchant's id; null for a creator's change (see `payee`)."""
    payee: PayeeRead
    status: Literal["pending_approval", "approved", "applied", "rejected", "superseded"]
    fields: list[str]
    changes: dict[str, PayoutSettingFieldChange]
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    reason: str
    effective_at: datetime | None
    """Approved: in force from then (approval + the cooling-off period); payouts before go to the old
    account."""
    applied_at: datetime | None

    @classmethod
    def of(cls, c: PayoutSettingChange) -> PayoutSettingChangeRead:
        return cls(
            id=c.id,
            merchant_id=c.merchant_id,
            payee=PayeeRead(type=c.payee_type, id=c.payee_id),  # type: ignore[arg-type]
            status=c.status,  # type: ignore[arg-type]
            fields=list(c.fields),
            changes={
                name: PayoutSettingFieldChange(
                    previous=masked(name, c.previous.get(name)), proposed=masked(name, value)
                )
                for name, value in c.proposed.items()
            },
            requested_by=c.requested_by,
            requested_at=c.requested_at,
            decided_by=c.decided_by,
            decided_at=c.decided_at,
            reason=c.reason,
            effective_at=c.effective_at,
            applied_at=c.applied_at,
        )


class PayoutSettingChangeList(BaseModel):
    data: list[PayoutSettingChangeRead]
    has_more: bool = False


class PayoutSettingChangeDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=1000, description="Why (kept in the audit log)")
