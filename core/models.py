"""The kernel's tables: merchants (the tenants), creators (the other payees), API keys, people with their
sign-in sessions, idempotency records, and events with the webhook endpoints they are delivered to."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Dialect,
    Index,
    LargeBinary,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.types import TypeEngine
from sqlmodel import Field, SQLModel

from core.clock import as_utc, utc_now
from core.privileges import APPEND_ONLY


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database (SQLite stores no zone: it is put back on read)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: every stored time is timezone-aware UTC")
        return as_utc(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        return None if value is None else as_utc(value)


class ExactDecimal(TypeDecorator[Decimal]):
    """An exact decimal on every database: NUMERIC on PostgreSQL, text on SQLite (whose NUMERIC is a float).
    Refuses floats and non-finite values."""

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(48))
        return dialect.type_descriptor(Numeric(asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Decimal) or not value.is_finite():
            raise TypeError(f"an exact decimal column takes a finite Decimal, not {value!r}")
        return format(value, "f") if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:  # noqa: ARG002
        if value is None:
            return None
        if isinstance(value, float):  # pragma: no cover - only if a column was made outside the migrations
            raise TypeError("a float came back from an exact decimal column")
        return value if isinstance(value, Decimal) else Decimal(str(value))


def canonical_decimal(value: Decimal) -> Decimal:
    """The same number without trailing zeros after the point (and never in exponent form)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


class CanonicalDecimal(ExactDecimal):
    """An exact decimal, read back in canonical form (no trailing zeros), so rates compare and print
    the same whichever database stored them."""

    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        result = super().process_result_value(value, dialect)
        return None if result is None else canonical_decimal(result)


def rate_column(*, nullable: bool = False) -> Any:
    """A `sa_column` for a rate: an exact decimal read back in canonical form."""
    return Column(CanonicalDecimal(), nullable=nullable)


def utc_column(*, nullable: bool = False, index: bool = False) -> Any:
    """A `sa_column` for a timezone-aware UTC timestamp."""
    return Column(UTCDateTime(), nullable=nullable, index=index)


class Role(StrEnum):
    shop = "shop"
    merchant = "merchant"
    compliance_officer = "compliance_officer"
    admin = "admin"
    creator = "creator"
    """Bound to one creator: sees only its own balance, payouts, statements and payout settings."""


class TraderVerification(StrEnum):
    unverified = "unverified"
    pending = "pending"
    verified = "verified"
    rejected = "rejected"


class Merchant(SQLModel, table=True):
    __tablename__ = "merchants"

    id: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    country: str = Field(max_length=2)
    settlement_currency: str = Field(max_length=3)
    trader_verification: str = Field(default=TraderVerification.unverified.value, max_length=20)
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class TraderInfo(SQLModel, table=True):
    """A merchant's trader information (EU Digital Services Act, art. 30), given by the merchant or an admin.
    Its verification state is the merchant's `trader_verification`, set by an admin."""

    __tablename__ = "merchant_traders"

    merchant_id: str = Field(primary_key=True, foreign_key="merchants.id", max_length=40)
    legal_name: str | None = Field(default=None, max_length=200)
    address_line1: str | None = Field(default=None, max_length=200)
    address_line2: str | None = Field(default=None, max_length=200)
    city: str | None = Field(default=None, max_length=100)
    postal_code: str | None = Field(default=None, max_length=20)
    address_country: str | None = Field(default=None, max_length=2)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=32)
    registration_number: str | None = Field(default=None, max_length=100)
    trade_register: str | None = Field(default=None, max_length=200)
    """The trade register (or similar public register) holding the registration number."""
    self_certified_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    """When the trader certified that it offers only products and services that comply with EU law."""
    updated_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    updated_by: str = Field(default="", max_length=80)


class TraderEvent(SQLModel, table=True):
    """Every change of a merchant's trader information or of its verification state: who, when, from which
    state to which, and why. Append-only."""

    __tablename__ = "merchant_trader_events"
    __table_args__ = (APPEND_ONLY,)

    id: str = Field(primary_key=True, max_length=40)
    merchant_id: str = Field(foreign_key="merchants.id", max_length=40, index=True)
    at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    actor: str = Field(max_length=80)
    action: str = Field(max_length=40)
    """`information` (the information given or changed) or `verification` (the state set)."""
    state_before: str = Field(max_length=20)
    state_after: str = Field(max_length=20)
    information: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    """The information as given, for `information` events."""
    reason: str = Field(default="", max_length=2000)


class Creator(SQLModel, table=True):
    """A creator (affiliate) who promotes merchants' goods and is paid commission and slot fees: a payee like
    a merchant, with API keys of its own (role `creator`). Its money is in settlement's ledger."""

    __tablename__ = "creators"

    id: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    handle: str | None = Field(default=None, max_length=100, unique=True)
    """The creator's public handle (e.g. `@lina.cooks`), unique when given."""
    country: str = Field(max_length=2)
    """Where the creator is established: the payout calendar and compliance's payout holds follow it."""
    payout_currency: str = Field(max_length=3)
    """The currency payouts are made in unless its payout settings say otherwise."""
    verification: str = Field(default=TraderVerification.unverified.value, max_length=20)
    """Identity verification (KYC), with the same states as a merchant's trader verification."""
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class ApiKey(SQLModel, table=True):
    __tablename__ = "api_keys"

    id: str = Field(primary_key=True, max_length=40)
    secret_hash: str = Field(max_length=64)
    """SHA-256 of the secret part; keys are 256-bit random, so a fast hash is the right tool."""
    role: str = Field(max_length=32)
    merchant_id: str | None = Field(default=None, foreign_key="merchants.id", max_length=40, index=True)
    creator_id: str | None = Field(default=None, foreign_key="creators.id", max_length=40, index=True)
    label: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    revoked_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class IdempotencyRecord(SQLModel, table=True):
    __tablename__ = "idempotency_records"
    __table_args__ = (
        UniqueConstraint("principal", "key", name="uq_idempotency_principal_key"),
        Index("ix_idempotency_created_at", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    principal: str = Field(max_length=40)
    key: str = Field(max_length=255)
    request_hash: str = Field(max_length=64)
    method: str = Field(max_length=10)
    path: str = Field(sa_column=Column(Text, nullable=False))
    status_code: int | None = None
    response_body: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    content_type: str | None = Field(default=None, sa_column=Column(String(100), nullable=True))
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    locked_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class User(SQLModel, table=True):
    """A person who signs in to the console. The role works as an API key's role does."""

    __tablename__ = "users"

    id: str = Field(primary_key=True, max_length=40)
    email: str = Field(max_length=254, unique=True)
    """Stored lowercase: sign-in is case-insensitive."""
    display_name: str = Field(default="", max_length=200)
    password_hash: str = Field(max_length=200)
    """argon2id, in the PHC string format (parameters and salt inside)."""
    role: str = Field(max_length=32)
    merchant_id: str | None = Field(default=None, foreign_key="merchants.id", max_length=40, index=True)
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    created_by: str = Field(default="", max_length=40)
    disabled_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    last_sign_in_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class SignInSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "sign_in_sessions"

    id: str = Field(primary_key=True, max_length=40)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: str = Field(foreign_key="users.id", max_length=40, index=True)
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    expires_at: datetime = Field(sa_column=utc_column())
    ended_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    client_ip: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=300)


class SignInAttempt(SQLModel, table=True):
    """Every sign-in attempt, kept to rate-limit failures per address and per client."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (
        Index("ix_sign_in_attempts_email_at", "email", "attempted_at"),
        Index("ix_sign_in_attempts_ip_at", "client_ip", "attempted_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    client_ip: str = Field(default="", max_length=64)
    succeeded: bool = False
    attempted_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class Generation(SQLModel, table=True):
    """A named counter bumped by every write to the data behind a per-process snapshot (`core.snapshots`)."""

    __tablename__ = "generations"

    name: str = Field(primary_key=True, max_length=40)
    value: int = Field(default=0, sa_type=BigInteger)


class Event(SQLModel, table=True):
    """Something that happened, written in the transaction of the change it reports (`core.events`). Never
    changed once written; the feed (`GET /v1/events`) and webhook deliveries read it."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_merchant", "merchant_id", "id"),
        Index("ix_events_creator", "creator_id", "id"),
        Index("ix_events_type", "type", "id"),
        APPEND_ONLY,
    )

    id: str = Field(primary_key=True, max_length=40)
    """`evt_` and a ULID: ordering by id is ordering by occurrence."""
    type: str = Field(max_length=60)
    subject_id: str = Field(max_length=60)
    """The object the event is about (`ord_...`, `shp_...`, `po_...`, a market's country)."""
    merchant_id: str | None = Field(default=None, max_length=40)
    """The merchant the event is about: that merchant's keys and endpoints see it."""
    creator_id: str | None = Field(default=None, max_length=40)
    """The creator the event is about (a creator's payout)."""
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column(index=True))


class EndpointStatus(StrEnum):
    enabled = "enabled"
    failing = "failing"
    """A delivery used up its attempts: later ones are tried once each, until one succeeds."""
    deleted = "deleted"


class WebhookEndpoint(SQLModel, table=True):
    """A URL that receives events signed per the Standard Webhooks specification. Its signing secret is kept
    nowhere: it is derived from the installation's secret key and `secret_salt` (`core.webhooks`)."""

    __tablename__ = "webhook_endpoints"

    id: str = Field(primary_key=True, max_length=40)
    url: str = Field(max_length=2000)
    description: str = Field(default="", max_length=200)
    event_types: list[str] = Field(sa_column=Column(JSON, nullable=False))
    """Event types delivered to it; `*` is every type its owner may see."""
    owner_role: str = Field(max_length=32)
    """The role of the key that made it: it receives what that role may see, no more."""
    merchant_id: str | None = Field(default=None, max_length=40, index=True)
    creator_id: str | None = Field(default=None, max_length=40, index=True)
    created_by: str = Field(max_length=40)
    secret_salt: str = Field(max_length=64)
    status: str = Field(default=EndpointStatus.enabled.value, max_length=12)
    failing_since: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    deleted_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class DeliveryStatus(StrEnum):
    pending = "pending"
    """Waiting for its next attempt (`next_attempt_at`)."""
    succeeded = "succeeded"
    failed = "failed"
    """Its attempts are used up (or its endpoint was deleted)."""


class WebhookDelivery(SQLModel, table=True):
    """One event for one endpoint, and how its attempts went: the endpoint's delivery log."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_endpoint", "endpoint_id", "id"),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    )

    id: str = Field(primary_key=True, max_length=40)
    endpoint_id: str = Field(foreign_key="webhook_endpoints.id", max_length=40)
    event_id: str = Field(foreign_key="events.id", max_length=40)
    event_type: str = Field(max_length=60)
    status: str = Field(default=DeliveryStatus.pending.value, max_length=12)
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    last_attempt_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    response_status: int | None = None
    """The HTTP status of the last attempt's answer (None: no answer)."""
    error: str | None = Field(default=None, max_length=300)
    """Why the last attempt failed, in a few words (never the answer's body)."""
    duration_ms: int | None = None
    replay_of: str | None = Field(default=None, max_length=40)
    """The delivery this one sends again, when asked to replay it."""
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
