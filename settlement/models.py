"""Settlement tables: the double-entry ledger, fee policy versions, the orders and refunds it settles,
affiliate plans and slot fees, payout settings, settlement runs, payouts and the provider's confirmations.

Payouts are made to payees: merchants and creators alike (`payee_type`, `payee_id`; see docs/adr/0012).

Amounts are integer minor units (BigInteger) beside an ISO 4217 code; rates are exact decimals
(`core.models.CanonicalDecimal`: NUMERIC on PostgreSQL, text on SQLite). The ledger tables are append-only:
the migration installs triggers refusing UPDATE and DELETE on `ledger_transactions` and `ledger_entries`,
and (PostgreSQL) a deferred constraint trigger refusing to commit a transaction whose entries do not sum to
zero per currency.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from core.clock import utc_now
from core.models import rate_column, utc_column
from core.privileges import APPEND_ONLY

# An id column that is a 64-bit integer on PostgreSQL and SQLite's rowid alias (INTEGER) on SQLite.
BIGID = BigInteger().with_variant(Integer(), "sqlite")


def minor_column(*, nullable: bool = False, default: int | None = 0) -> Any:
    return Column(BigInteger, nullable=nullable, default=default)


# --- the ledger ---------------------------------------------------------------------------------------------


class OwnerType(StrEnum):
    merchant = "merchant"
    platform = "platform"
    creator = "creator"
    """A creator (affiliate): commission accrues to its pending balance, is released with the order's money
    and paid out like a merchant's (owner id: the creator's id, or an affiliate id a sale named)."""
    authority = "authority"
    """A customs or tax authority (owner id: the jurisdiction, ISO country code): duties and taxes collected
    at checkout are owed to it until remitted."""


class AccountKind(StrEnum):
    # a payee's: a merchant's or a creator's (cached balance, locked by every posting; a creator's pending
    # excepted, see `settlement.ledger.is_tracked`)
    pending = "pending"
    available = "available"
    reserved = "reserved"
    in_transit = "in_transit"
    # the platform's
    cash = "cash"
    fx = "fx"
    commission = "commission"
    processing_fees = "processing_fees"
    fulfillment_fees = "fulfillment_fees"
    shipping = "shipping"
    """Shipping paid by shoppers: the platform ships (the carrier's cost is the platform's expense)."""
    clearing = "clearing"
    """The platform's revenue and FX legs of a batch of sales or refunds on their way to their accounts: each
    order's transaction clears its share here and the batch's pool transaction moves the sums on, in the same
    database transaction, so its balance is zero between writes (`settlement.ledger.pool_revenue`)."""
    # an authority's (what the platform owes it)
    duties_payable = "duties_payable"
    taxes_payable = "taxes_payable"


MERCHANT_KINDS = frozenset(
    {AccountKind.pending, AccountKind.available, AccountKind.reserved, AccountKind.in_transit}
)
PAYEE_TYPES = (OwnerType.merchant.value, OwnerType.creator.value)
"""The ledger owners that are paid out: the same runs, rails and settings for both."""


class LedgerAccount(SQLModel, table=True):
    """One bucket of money: (owner, kind, currency). Merchant accounts keep a cached balance and a version,
    updated in the same database transaction as their entries; other accounts' balances are sums of entries
    (they are shared by every sale, and a cached balance would make them one hot row)."""

    __tablename__ = "ledger_accounts"
    __table_args__ = (
        UniqueConstraint("owner_type", "owner_id", "kind", "currency", name="uq_ledger_accounts_owner"),
    )

    id: int | None = Field(default=None, sa_column=Column(BIGID, primary_key=True, autoincrement=True))
    owner_type: str = Field(max_length=10)
    owner_id: str = Field(max_length=100)
    kind: str = Field(max_length=20)
    currency: str = Field(max_length=3)
    balance_minor: int = Field(default=0, sa_column=minor_column())
    version: int = Field(default=0)
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class LedgerTransaction(SQLModel, table=True):
    """A balanced set of entries, posted once under its idempotency key. Never updated or deleted."""

    __tablename__ = "ledger_transactions"
    __table_args__ = (APPEND_ONLY,)

    id: int | None = Field(default=None, sa_column=Column(BIGID, primary_key=True, autoincrement=True))
    idempotency_key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=30)
    reference: str = Field(max_length=100)
    """What it is about: an order, refund, payout or release batch id."""
    occurred_at: datetime = Field(sa_column=utc_column())
    fx_rate: Decimal | None = Field(default=None, sa_column=rate_column(nullable=True))
    """Units of the settlement currency per unit of the other currency, when it crosses currencies."""
    fx_quote_id: str | None = Field(default=None, max_length=40)
    details: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class LedgerEntry(SQLModel, table=True):
    """One signed amount on one account (positive: the account holder is owed more). Never updated."""

    __tablename__ = "ledger_entries"
    __table_args__ = (Index("ix_ledger_entries_account", "account_id", "transaction_id"), APPEND_ONLY)

    transaction_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    line: int = Field(sa_column=Column(SmallInteger, primary_key=True, autoincrement=False))
    account_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str = Field(max_length=3)


# --- policy -------------------------------------------------------------------------------------------------


class SettlementPolicy(SQLModel, table=True):
    """A version of the commission, fee, reserve and hold configuration, in force from `effective_from`."""

    __tablename__ = "settlement_policies"

    id: str = Field(primary_key=True, max_length=40)
    effective_from: datetime = Field(sa_column=utc_column(index=True))
    body: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    note: str = Field(default="", max_length=500)
    created_by: str | None = Field(default=None, max_length=40)
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


# --- orders and refunds


class OrderStatus(StrEnum):
    paid = "paid"
    """Recorded; the net is pending until delivery and the hold."""
    delivered = "delivered"
    """Delivered; the net becomes available on `available_on`."""
    available = "available"
    """Released: the net less the reserve is available; the reserve is held to `reserve_release_on`."""


class SettlementOrder(SQLModel, table=True):
    """The settlement side of one order: how its gross was split and where its money is now."""

    __tablename__ = "settlement_orders"
    # No index on a column that a step of the order's life changes (status, days, links): every update of
    # the row then stays on its page without touching an index (a HOT update, docs/adr/0013). What waits
    # for a step is in `settlement_order_due`, what a release transaction released in
    # `settlement_order_links`.
    __table_args__ = (
        # a merchant's recent sales by category: the return rate behind the reserve (settlement.reserves)
        Index("ix_settlement_orders_merchant_paid", "merchant_id", "paid_at"),
    )

    order_id: str = Field(primary_key=True, max_length=100)
    merchant_id: str = Field(max_length=40)
    category: str = Field(max_length=40)
    status: str = Field(default=OrderStatus.paid.value, max_length=12)
    currency: str = Field(max_length=3)
    """The shopper's currency."""
    gross_minor: int = Field(sa_column=minor_column())
    settlement_currency: str = Field(max_length=3)
    fx_rate: Decimal = Field(sa_column=rate_column())
    fx_quote_id: str | None = Field(default=None, max_length=40)
    gross_settle_minor: int = Field(sa_column=minor_column())
    commission_minor: int = Field(sa_column=minor_column())
    affiliate_id: str | None = Field(default=None, max_length=100)
    affiliate_minor: int = Field(sa_column=minor_column())
    processing_minor: int = Field(sa_column=minor_column())
    fulfillment_minor: int = Field(sa_column=minor_column())
    net_minor: int = Field(sa_column=minor_column())
    reserve_planned_minor: int = Field(sa_column=minor_column())
    policy_id: str = Field(max_length=40)
    paid_at: datetime = Field(sa_column=utc_column())
    sale_txn_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    delivered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    available_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    reserve_release_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    pending_minor: int = Field(sa_column=minor_column())
    """What is still in the merchant's pending account for this order."""
    released_minor: int = Field(default=0, sa_column=minor_column())
    reserve_minor: int = Field(default=0, sa_column=minor_column())
    """What is still in the merchant's reserved account for this order while it is held (its release
    transaction's hold in `settlement_reserve_holds`); what was released once it is not."""
    release_txn_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    refunded_minor: int = Field(default=0, sa_column=minor_column())
    """Refunded so far, in the shopper's currency."""
    refunded_settle_minor: int = Field(default=0, sa_column=minor_column())
    commission_refunded_minor: int = Field(default=0, sa_column=minor_column())
    affiliate_clawed_minor: int = Field(default=0, sa_column=minor_column())
    # The checkout's other parts (0 for a sale recorded as goods only). `gross_settle_minor` is the goods.
    shipping_settle_minor: int = Field(default=0, sa_column=minor_column())
    """Shipping paid by the shopper, in the settlement currency: the platform's."""
    duties_minor: int = Field(default=0, sa_column=minor_column())
    """Duties and customs fees collected at checkout, in the shopper's currency: the authority's."""
    taxes_minor: int = Field(default=0, sa_column=minor_column())
    """Import VAT/GST collected at checkout, in the shopper's currency: the authority's."""
    tax_jurisdiction: str | None = Field(default=None, max_length=2)
    tax_scheme: str | None = Field(default=None, max_length=20)
    shipping_refunded_settle_minor: int = Field(default=0, sa_column=minor_column())
    duties_refunded_minor: int = Field(default=0, sa_column=minor_column())
    taxes_refunded_minor: int = Field(default=0, sa_column=minor_column())
    fulfillment_charged_minor: int = Field(default=0, sa_column=minor_column())
    """Fulfilment fees charged since the sale (when its shipments shipped, when returns were received)."""


class DueStep(StrEnum):
    release = "release"
    """A delivered order waits for `available_on` (its hold) to release its pending money."""


class SettlementOrderDue(SQLModel, table=True):
    """An order waiting for a step of its life (`DueStep`) from `due_on`: the queue a release pass takes
    its orders from, in `due_on` order. A row is written when the order starts waiting and deleted when the
    step is done, so the queue holds only what waits."""

    __tablename__ = "settlement_order_due"
    __table_args__ = (Index("ix_settlement_order_due_step", "step", "due_on", "order_id"),)

    order_id: str = Field(primary_key=True, max_length=100)
    step: str = Field(primary_key=True, max_length=10)
    due_on: date = Field(sa_column=Column(Date, nullable=False))


class SettlementReserveHold(SQLModel, table=True):
    """The return reserves of the orders a release transaction released with one end of return window
    (`release_on`), held in the merchant's reserved account until then: written with the release, lowered by
    refunds that take from its orders' reserves, deleted when released. A reserve pass reads and locks only
    these rows, one per release group and day rather than one per order."""

    __tablename__ = "settlement_reserve_holds"
    __table_args__ = (Index("ix_settlement_reserve_holds_due", "release_on", "release_txn_id"),)

    release_txn_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    release_on: date = Field(sa_column=Column(Date, primary_key=True))
    merchant_id: str = Field(max_length=40)
    currency: str = Field(max_length=3)
    """The settlement currency."""
    amount_minor: int = Field(sa_column=minor_column())
    """What is still held: the sum of its orders' `reserve_minor`."""
    order_ids: list[str] = Field(sa_column=Column(JSON, nullable=False))
    """Its orders, in key order."""


class SettlementOrderLink(SQLModel, table=True):
    """The orders a release (or reserve-release) transaction released, in key order: its payout lines.
    Written with the transaction; never changed."""

    __tablename__ = "settlement_order_links"

    txn_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    order_ids: list[str] = Field(sa_column=Column(JSON, nullable=False))


class TaxLine(SQLModel, table=True):
    """A duty or an import tax collected at checkout (or given back by a refund, negative): what a tax
    return declares. The money itself is in the authority's ledger accounts; these rows carry the rate and
    the taxable amount that the ledger does not."""

    __tablename__ = "tax_lines"

    id: str = Field(primary_key=True, max_length=40)
    order_id: str = Field(max_length=100, index=True)
    refund_id: str | None = Field(default=None, max_length=100)
    jurisdiction: str = Field(max_length=2)
    scheme: str = Field(max_length=20)
    kind: str = Field(max_length=10)
    """`duty` or `vat` (VAT and GST alike)."""
    rate: Decimal | None = Field(default=None, sa_column=Column(Numeric(9, 4), nullable=True))
    currency: str = Field(max_length=3)
    taxable_minor: int = Field(sa_column=minor_column())
    amount_minor: int = Field(sa_column=minor_column())
    occurred_at: datetime = Field(sa_column=utc_column(index=True))
    txn_id: int = Field(sa_column=Column(BigInteger, nullable=False))


class TaxRemittance(SQLModel, table=True):
    """An amount paid to an authority: moved from its payable account to the platform's cash."""

    __tablename__ = "tax_remittances"

    id: str = Field(primary_key=True, max_length=40)
    key: str = Field(max_length=120, unique=True)
    jurisdiction: str = Field(max_length=2)
    kind: str = Field(max_length=10)
    period: str = Field(max_length=7)
    currency: str = Field(max_length=3)
    amount_minor: int = Field(sa_column=minor_column())
    reference: str = Field(max_length=200)
    txn_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_by: str = Field(max_length=40)
    created_at: datetime = Field(sa_column=utc_column())


class SettlementRefund(SQLModel, table=True):
    __tablename__ = "settlement_refunds"

    refund_id: str = Field(primary_key=True, max_length=100)
    order_id: str = Field(max_length=100, index=True)
    merchant_id: str = Field(max_length=40, index=True)
    currency: str = Field(max_length=3)
    amount_minor: int = Field(sa_column=minor_column())
    settlement_currency: str = Field(max_length=3)
    settle_minor: int = Field(sa_column=minor_column())
    commission_refund_minor: int = Field(sa_column=minor_column())
    affiliate_clawback_minor: int = Field(sa_column=minor_column())
    merchant_debit_minor: int = Field(sa_column=minor_column())
    from_pending_minor: int = Field(sa_column=minor_column())
    from_reserved_minor: int = Field(sa_column=minor_column())
    from_available_minor: int = Field(sa_column=minor_column())
    txn_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    refunded_at: datetime = Field(sa_column=utc_column())


# --- payouts ------------------------------------------------------------------------------------------------


class PayoutInterval(StrEnum):
    daily = "daily"
    weekly = "weekly"
    manual = "manual"


class PayoutMethod(StrEnum):
    bank_file = "bank_file"
    stripe = "stripe"


class PayoutSettings(SQLModel, table=True):
    """A payee's payout settings: a merchant's or a creator's."""

    __tablename__ = "payout_settings"

    payee_type: str = Field(primary_key=True, max_length=10)
    """`merchant` or `creator`."""
    payee_id: str = Field(primary_key=True, max_length=40)
    interval: str = Field(default=PayoutInterval.daily.value, max_length=10)
    weekly_anchor: int = Field(default=0)
    """ISO weekday - 1 (0 = Monday) on or after which a weekly payout is made."""
    currency: str = Field(max_length=3)
    """The payout currency."""
    minimum_minor: int = Field(sa_column=minor_column())
    """The smallest payout, in the payout currency."""
    method: str = Field(max_length=10)
    hold_business_days: int = Field(default=1)
    account_holder: str | None = Field(default=None, max_length=140)
    iban: str | None = Field(default=None, max_length=34)
    bic: str | None = Field(default=None, max_length=11)
    account_number: str | None = Field(default=None, max_length=40)
    bank_code: str | None = Field(default=None, max_length=20)
    stripe_account: str | None = Field(default=None, max_length=60)
    version: int = Field(default=1)
    updated_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    updated_by: str | None = Field(default=None, max_length=40)


class RunStatus(StrEnum):
    running = "running"
    completed = "completed"
    failed = "failed"


class SettlementRun(SQLModel, table=True):
    __tablename__ = "settlement_runs"

    id: str = Field(primary_key=True, max_length=40)
    key: str = Field(max_length=120, unique=True)
    """One run per window (and payee, for an on-demand run): a second request finds the first."""
    window_start: datetime = Field(sa_column=utc_column())
    merchant_id: str | None = Field(default=None, max_length=40)
    """The merchant of an on-demand run (None for a creator's: see `payee_id`)."""
    payee_type: str | None = Field(default=None, max_length=10)
    payee_id: str | None = Field(default=None, max_length=40)
    """The payee of an on-demand run; None: every payee due in the window."""
    status: str = Field(default=RunStatus.running.value, max_length=12)
    requested_by: str | None = Field(default=None, max_length=40)
    attempts: int = Field(default=0)
    payouts_planned: int = Field(default=0)
    merchants_held: int = Field(default=0)
    error: str | None = Field(default=None, max_length=1000)
    holds: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column(index=True))
    heartbeat_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    """The last sign of life of the execution holding the lease (or of the last one)."""
    lease_owner: str | None = Field(default=None, max_length=80)
    """The execution that holds the run (host, process, token); None when no one executes it."""
    lease_expires_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    """Renewed by the holder's heartbeat; once past, another execution may take the run over. Set with no
    owner, the time a failed run is retried by the scheduler."""
    finished_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class PayoutStatus(StrEnum):
    pending = "pending"
    """Planned: the ledger moved the amount to in transit; not yet handed to the provider."""
    submitting = "submitting"
    """Claimed by a worker handing it to the provider."""
    in_transit = "in_transit"
    paid = "paid"
    failed = "failed"


class Payout(SQLModel, table=True):
    __tablename__ = "payouts"
    __table_args__ = (
        UniqueConstraint("account_id", "period", name="uq_payouts_account_period"),
        Index("ix_payouts_payee", "payee_type", "payee_id", "id"),
        Index("ix_payouts_status", "status", "claimed_at"),
    )

    id: str = Field(primary_key=True, max_length=40)
    run_id: str = Field(max_length=40, index=True)
    payee_type: str = Field(max_length=10)
    """`merchant` or `creator`."""
    payee_id: str = Field(max_length=40)
    merchant_id: str | None = Field(default=None, max_length=40)
    """The payee when it is a merchant (the API's `merchant_id`); None for a creator's payout."""
    account_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    """The payee's available account it was paid from."""
    period: str = Field(max_length=60)
    """daily `D2026-11-25`, weekly `W2026-48`, on demand `R<run id>`: one payout per account and period."""
    currency: str = Field(max_length=3)
    """The ledger (settlement) currency it was paid from."""
    amount_minor: int = Field(sa_column=minor_column())
    payout_currency: str = Field(max_length=3)
    payout_amount_minor: int = Field(sa_column=minor_column())
    fx_rate: Decimal | None = Field(default=None, sa_column=rate_column(nullable=True))
    fx_reference_rate: Decimal | None = Field(default=None, sa_column=rate_column(nullable=True))
    fx_quote_id: str | None = Field(default=None, max_length=40)
    method: str = Field(max_length=10)
    destination: str = Field(default="", max_length=100)
    """Masked: the last digits of the IBAN or account, or the Stripe account."""
    status: str = Field(default=PayoutStatus.pending.value, max_length=12)
    batch: str | None = Field(default=None, max_length=40)
    """Fixed at the first claim: the bank file it goes in is named by it, so a retake writes the same file."""
    claimed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    claimed_by: str | None = Field(default=None, max_length=80)
    """The run's lease owner that claimed it: a later lease holder retakes its batch whole."""
    provider_reference: str | None = Field(default=None, max_length=200, index=True)
    provider_transfer: str | None = Field(default=None, max_length=100)
    arrival_date: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    failure_code: str | None = Field(default=None, max_length=60)
    failure_message: str | None = Field(default=None, max_length=500)
    ledger_txn_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    lines_after_txn_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    """Its lines are the available account's entries after this transaction and up to its own."""
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    submitted_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    settled_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class PayoutEvent(SQLModel, table=True):
    """What happened to a payout: submitted, paid, failed; from the run, an admin, a statement or Stripe."""

    __tablename__ = "payout_events"
    __table_args__ = (APPEND_ONLY,)

    id: int | None = Field(default=None, sa_column=Column(BIGID, primary_key=True, autoincrement=True))
    payout_id: str | None = Field(default=None, max_length=40, index=True)
    kind: str = Field(max_length=20)
    source: str = Field(max_length=20)
    external_id: str | None = Field(default=None, max_length=200, unique=True)
    """Stripe's event id or a statement line's fingerprint: a replay finds it and changes nothing."""
    amount_minor: int | None = Field(default=None, sa_column=minor_column(nullable=True, default=None))
    currency: str | None = Field(default=None, max_length=3)
    details: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


# --- payout setting changes (four eyes) -------------------------------------------------------------------


class PayoutSettingChangeStatus(StrEnum):
    pending_approval = "pending_approval"
    approved = "approved"
    """Approved; in force from `effective_at` (after the cooling-off period)."""
    applied = "applied"
    """Written to the merchant's payout settings (on or after `effective_at`)."""
    rejected = "rejected"
    superseded = "superseded"
    """Replaced by a later request before it took effect."""


class PayoutSettingChange(SQLModel, table=True):
    """A change that moves money (bank or Stripe account, payout currency, method, a hold below the policy's
    minimum): requested by one actor, approved or rejected by another (an admin), in force after the
    cooling-off period. `proposed` and `previous` hold the changed fields' stored values (the same values,
    and the same protection, as `payout_settings`); responses and the audit log show them masked."""

    __tablename__ = "payout_setting_changes"
    __table_args__ = (
        Index("ix_payout_setting_changes_payee", "payee_type", "payee_id", "id"),
        Index("ix_payout_setting_changes_status", "status", "effective_at"),
    )

    id: str = Field(primary_key=True, max_length=40)
    payee_type: str = Field(max_length=10)
    payee_id: str = Field(max_length=40)
    merchant_id: str | None = Field(default=None, max_length=40)
    """The payee when it is a merchant; None for a creator's change."""
    status: str = Field(default=PayoutSettingChangeStatus.pending_approval.value, max_length=20)
    fields: list[str] = Field(sa_column=Column(JSON, nullable=False))
    proposed: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    previous: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    requested_by: str = Field(max_length=40)
    requested_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    decided_by: str | None = Field(default=None, max_length=40)
    decided_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    reason: str = Field(default="", max_length=1000)
    effective_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    applied_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


# --- affiliate plans and slot fees ------------------------------------------------------------------------


class AffiliatePlanKind(StrEnum):
    open = "open"
    """One public rate (per product, category or the whole shop) for any creator."""
    targeted = "targeted"
    """Rates for the creators it names: they win over the open plan."""


class AffiliatePlan(SQLModel, table=True):
    """A merchant's commission offer to creators, in force from `effective_from` to `effective_to`. Never
    changed once published (a new plan supersedes it for the scopes it names); an order keeps the rate it was
    placed under (recorded on its sale)."""

    __tablename__ = "affiliate_plans"
    __table_args__ = (Index("ix_affiliate_plans_merchant", "merchant_id", "effective_from"),)

    id: str = Field(primary_key=True, max_length=40)
    merchant_id: str = Field(max_length=40)
    kind: str = Field(max_length=10)
    name: str = Field(default="", max_length=200)
    effective_from: datetime = Field(sa_column=utc_column())
    effective_to: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_by: str = Field(max_length=40)
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class AffiliatePlanRate(SQLModel, table=True):
    """One rate of a plan: for a product (`sku`), a category, or every sale (`all`, value empty)."""

    __tablename__ = "affiliate_plan_rates"

    plan_id: str = Field(primary_key=True, max_length=40)
    scope: str = Field(primary_key=True, max_length=10)
    """`sku`, `category` or `all`."""
    value: str = Field(primary_key=True, max_length=64)
    rate_bps: int


class AffiliatePlanCreator(SQLModel, table=True):
    """A creator a targeted plan is for."""

    __tablename__ = "affiliate_plan_creators"
    __table_args__ = (Index("ix_affiliate_plan_creators_creator", "creator_id", "plan_id"),)

    plan_id: str = Field(primary_key=True, max_length=40)
    creator_id: str = Field(primary_key=True, max_length=40)


class SlotFee(SQLModel, table=True):
    """A fixed amount a merchant owes a creator for a campaign: taken from the merchant's available balance
    and credited to the creator's, in one ledger transaction (`slot_fee:<id>`), once per (merchant, key)."""

    __tablename__ = "slot_fees"
    __table_args__ = (
        UniqueConstraint("merchant_id", "key", name="uq_slot_fees_merchant_key"),
        Index("ix_slot_fees_creator", "creator_id", "id"),
    )

    id: str = Field(primary_key=True, max_length=40)
    key: str = Field(max_length=255)
    """The Idempotency-Key (or the campaign): a second request with it finds the first."""
    merchant_id: str = Field(max_length=40)
    creator_id: str = Field(max_length=40)
    campaign: str = Field(max_length=200)
    currency: str = Field(max_length=3)
    amount_minor: int = Field(sa_column=minor_column())
    note: str = Field(default="", max_length=500)
    txn_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_by: str = Field(max_length=40)
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
