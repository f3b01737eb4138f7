"""Logistics tables: warehouses, the merchants' product catalogue, stock, quotes, orders with their shipments
and returns, and the delivery history brought in from elsewhere."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    Index,
    Numeric,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from core.clock import utc_now
from core.models import utc_column


class Warehouse(SQLModel, table=True):
    __tablename__ = "warehouses"

    id: str = Field(primary_key=True, max_length=40)
    code: str = Field(max_length=20, unique=True)
    name: str = Field(max_length=200)
    country: str = Field(max_length=2, index=True)
    city: str = Field(default="", max_length=100)
    latitude: float
    longitude: float
    timezone: str = Field(max_length=64)
    cutoff_local: str = Field(default="15:00", max_length=5)
    """Orders placed after this local time leave one business day later."""
    handling_days: int = Field(default=1, ge=0)
    holiday_country: str = Field(max_length=2)
    holiday_subdivision: str | None = Field(default=None, max_length=10)
    capabilities: list[str] = Field(
        default_factory=lambda: ["general"], sa_column=Column(JSON, nullable=False)
    )
    returns_centre: bool = False
    cost_per_order_minor: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    cost_currency: str = Field(default="USD", max_length=3)
    active: bool = True
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class Product(SQLModel, table=True):
    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("merchant_id", "sku", name="uq_product_merchant_sku"),)

    id: str = Field(primary_key=True, max_length=40)
    merchant_id: str = Field(foreign_key="merchants.id", max_length=40, index=True)
    sku: str = Field(max_length=64, index=True)
    name: str = Field(max_length=200)
    weight_g: int = Field(gt=0)
    length_cm: Any = Field(default=None, sa_column=Column(Numeric(10, 2), nullable=True))
    width_cm: Any = Field(default=None, sa_column=Column(Numeric(10, 2), nullable=True))
    height_cm: Any = Field(default=None, sa_column=Column(Numeric(10, 2), nullable=True))
    hs_code: str = Field(max_length=12)
    origin_country: str = Field(max_length=2)
    category: str = Field(max_length=60)
    goods: list[str] = Field(default_factory=lambda: ["general"], sa_column=Column(JSON, nullable=False))
    registrations: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    """Registrations the product holds for documents rules require: {document, number, countries}."""
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class Stock(SQLModel, table=True):
    """Units of one product in one warehouse. `reserved` never exceeds `on_hand` (checked by the database)."""

    __tablename__ = "stock"
    __table_args__ = (
        UniqueConstraint("warehouse_id", "product_id", name="uq_stock_warehouse_product"),
        CheckConstraint("reserved >= 0 AND reserved <= on_hand", name="ck_stock_reserved_within_on_hand"),
    )

    id: int | None = Field(default=None, primary_key=True)
    warehouse_id: str = Field(foreign_key="warehouses.id", max_length=40, index=True)
    product_id: str = Field(foreign_key="products.id", max_length=40, index=True)
    merchant_id: str = Field(foreign_key="merchants.id", max_length=40, index=True)
    on_hand: int = Field(default=0, ge=0)
    reserved: int = Field(default=0, ge=0)
    updated_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class Quote(SQLModel, table=True):
    """A shipping quote with its inputs, its answer and the rules and FX locks it was decided under."""

    __tablename__ = "quotes"

    id: str = Field(primary_key=True, max_length=40)
    merchant_id: str = Field(foreign_key="merchants.id", max_length=40, index=True)
    destination_country: str = Field(max_length=2)
    currency: str = Field(max_length=3)
    request: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    response: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    rule_versions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    fx_quote_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_by: str = Field(max_length=40)
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column(index=True))
    expires_at: datetime = Field(sa_column=utc_column())


class TransitRecord(SQLModel, table=True):
    """One past delivery brought in from a marketplace's history (`POST /v1/transit-history`), by the id it
    had there: a second import of the same id changes nothing. `transit_days` counts calendar days (UTC) from
    hand-over to delivery, for delivered parcels."""

    __tablename__ = "transit_history"
    __table_args__ = (
        Index(
            "ix_transit_history_lane",
            "carrier",
            "service_code",
            "origin_country",
            "destination_country",
            "handed_over_at",
        ),
    )

    record_id: str = Field(primary_key=True, max_length=80)
    carrier: str = Field(max_length=40)
    service_code: str = Field(max_length=40)
    origin_warehouse: str | None = Field(default=None, max_length=20)
    origin_country: str = Field(max_length=2)
    destination_country: str = Field(max_length=2)
    destination_postcode: str | None = Field(default=None, max_length=20)
    handed_over_at: datetime = Field(sa_column=utc_column())
    delivered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    outcome: str = Field(max_length=20)
    transit_days: int | None = None
    imported_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
