"""Orders tables: orders with their payments and lines, shipments with their tracking events, and returns."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    ForeignKeyConstraint,
    Integer,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from core.clock import utc_now
from core.models import utc_column


class Order(SQLModel, table=True):
    """A paid order placed from a quote option; settlement records its money in the same transaction."""

    __tablename__ = "orders"

    id: str = Field(primary_key=True, max_length=40)
    merchant_id: str = Field(foreign_key="merchants.id", max_length=40, index=True)
    quote_id: str = Field(foreign_key="quotes.id", max_length=40, unique=True)
    option_id: str = Field(max_length=40)
    status: str = Field(default="placed", max_length=20)
    currency: str = Field(max_length=3)
    total_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    goods_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    destination_country: str = Field(max_length=2, index=True)
    destination: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    channel: str = Field(
        default="marketplace", max_length=20, sa_column_kwargs={"server_default": "marketplace"}
    )
    """Where the sale happens (`marketplace`, `social_commerce`, `live_stream`): market access can differ."""
    payment_provider: str = Field(max_length=40)
    payment_reference: str = Field(max_length=200)
    fx_quote_id: str | None = Field(default=None, max_length=40)
    affiliate: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    documents: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    """The documents the sale's rules require, as `DocumentRequired` (goods: at order time; customs: the
    option's)."""
    created_by: str = Field(max_length=40)
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column(index=True))
    delivered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class OrderPayment(SQLModel, table=True):
    """The one order a payment backs: a (provider, reference) pair is claimed once, by the first order.

    `provider` is kept in lower case ("Stripe" and "stripe" are one provider); `reference` exactly as given,
    since providers' ids are case-sensitive (Stripe's `pi_3Ab...` and `pi_3aB...` are two payments). Orders
    stored before this table may share a pair: the earliest of them holds the claim. The foreign key is
    checked at commit, so an order claims its payment as its transaction's first write, before its row exists.
    """

    __tablename__ = "order_payments"
    __table_args__ = (
        ForeignKeyConstraint(["order_id"], ["orders.id"], deferrable=True, initially="DEFERRED"),
    )

    provider: str = Field(primary_key=True, max_length=40)
    reference: str = Field(primary_key=True, max_length=200)
    order_id: str = Field(max_length=40, unique=True)


class OrderLine(SQLModel, table=True):
    __tablename__ = "order_lines"

    id: int | None = Field(default=None, primary_key=True)
    order_id: str = Field(foreign_key="orders.id", max_length=40, index=True)
    sku: str = Field(max_length=64)
    product_id: str | None = Field(default=None, max_length=40)
    category: str = Field(default="", max_length=60)
    quantity: int
    unit_price_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str = Field(max_length=3)
    returned_quantity: int = 0


class Shipment(SQLModel, table=True):
    """One parcel of an order: from one warehouse by one carrier service, with its tracking state."""

    __tablename__ = "shipments"

    id: str = Field(primary_key=True, max_length=40)
    order_id: str = Field(foreign_key="orders.id", max_length=40, index=True)
    merchant_id: str = Field(foreign_key="merchants.id", max_length=40, index=True)
    warehouse_id: str = Field(foreign_key="warehouses.id", max_length=40)
    origin_country: str = Field(max_length=2)
    destination_country: str = Field(max_length=2)
    carrier_code: str = Field(max_length=40)
    service_code: str = Field(max_length=60)
    items: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    weight_g: int
    status: str = Field(default="pending", max_length=30)
    reason: str | None = Field(default=None, max_length=40)
    tracking_number: str | None = Field(default=None, max_length=80, index=True)
    label: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    declaration: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    booking_messages: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    quoted_window: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    window: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    booked_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    delivered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class ShipmentEvent(SQLModel, table=True):
    __tablename__ = "shipment_events"
    __table_args__ = (UniqueConstraint("shipment_id", "event_id", name="uq_shipment_event"),)

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: str = Field(foreign_key="shipments.id", max_length=40, index=True)
    event_id: str = Field(max_length=100)
    status: str = Field(max_length=30)
    reason: str | None = Field(default=None, max_length=40)
    location: str = Field(default="", max_length=200)
    occurred_at: datetime = Field(sa_column=utc_column())
    applied: bool = True
    """False when it arrived after a later status and did not move the shipment."""
    received_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class Return(SQLModel, table=True):
    __tablename__ = "returns"

    id: str = Field(primary_key=True, max_length=40)
    order_id: str = Field(foreign_key="orders.id", max_length=40, index=True)
    merchant_id: str = Field(foreign_key="merchants.id", max_length=40, index=True)
    status: str = Field(default="requested", max_length=20)
    resolution: str = Field(max_length=30)
    warehouse_id: str | None = Field(default=None, max_length=40)
    currency: str = Field(max_length=3)
    items_value_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    return_cost_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    refund_minor: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    explanation: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column(index=True))
    received_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    refunded_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    carrier_code: str | None = Field(default=None, max_length=40)
    service_code: str | None = Field(default=None, max_length=60)
    """The service that carries the parcel back (the cheapest from the shopper's country to the centre)."""
    tracking_number: str | None = Field(default=None, max_length=80)
    label: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    booking_messages: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    booked_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class ReturnLine(SQLModel, table=True):
    __tablename__ = "return_lines"

    id: int | None = Field(default=None, primary_key=True)
    return_id: str = Field(foreign_key="returns.id", max_length=40, index=True)
    sku: str = Field(max_length=64)
    category: str = Field(default="", max_length=60)
    quantity: int
    reason: str = Field(max_length=40)
    unit_price_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    restocked: int = 0
    refunded_quantity: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))


class TrackingPoll(SQLModel, table=True):
    """When a shipment in transit with a live carrier is next asked for its tracking
    (`logistics.orders.tracking`): the wait doubles after each poll that brings nothing new (`misses`), up
    to a cap."""

    __tablename__ = "tracking_polls"

    shipment_id: str = Field(primary_key=True, foreign_key="shipments.id", max_length=40)
    next_at: datetime = Field(sa_column=utc_column(index=True))
    misses: int = 0
    polled_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    outcome: str = Field(default="", max_length=200)
