"""Carrier tables: carriers, their services, rate sheets (zones, weight breaks, remote areas), transit
samples, bookings made through the rate-sheet adapter with their tracking events, and the generation counter.

Amounts are integer minor units of the sheet's currency (BigInteger); the fuel surcharge percentage and the
service dimensions are exact decimals (NUMERIC, text on SQLite, whose NUMERIC affinity would store a float).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    Index,
    String,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from core.clock import utc_now
from core.models import ExactDecimal, utc_column


class Carrier(SQLModel, table=True):
    __tablename__ = "carriers"

    id: str = Field(primary_key=True, max_length=40)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200)
    adapter: str = Field(default="rate_sheet", max_length=40)
    """`rate_sheet` (no network) or a live adapter such as `karrio_dhl_express` (used when configured)."""
    active: bool = True
    webhook_secret_hash: str | None = Field(default=None, max_length=64)
    """SHA-256 (hex) of the secret the carrier presents with its tracking pushes; the secret itself is never
    kept (`carriers.service.set_webhook_secret`)."""
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class CarrierService(SQLModel, table=True):
    __tablename__ = "carrier_services"

    id: str = Field(primary_key=True, max_length=40)
    code: str = Field(max_length=40, unique=True)
    carrier_id: str = Field(foreign_key="carriers.id", max_length=40, index=True)
    name: str = Field(max_length=200)
    mode: str = Field(max_length=20)
    tracked: bool = True
    ddp_capable: bool = False
    max_weight_g: int
    max_length_cm: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal(), nullable=True))
    max_width_cm: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal(), nullable=True))
    max_height_cm: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal(), nullable=True))
    accepts: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    goods_limits: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    """Conditions on accepted goods, by goods class (e.g. battery: "lithium-ion in equipment, <= 100 Wh")."""
    active: bool = True
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    updated_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class RateSheet(SQLModel, table=True):
    """One sheet: prices of one service from one origin country, in force from `effective_from`."""

    __tablename__ = "rate_sheets"
    __table_args__ = (
        UniqueConstraint("service_id", "origin_country", "effective_from", name="uq_rate_sheet_start"),
    )

    id: str = Field(primary_key=True, max_length=40)
    service_id: str = Field(foreign_key="carrier_services.id", max_length=40, index=True)
    name: str = Field(default="", max_length=200)
    origin_country: str = Field(max_length=2)
    currency: str = Field(max_length=3)
    effective_from: date = Field(sa_column=Column(Date, nullable=False))
    effective_to: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    dim_divisor: int
    min_charge_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    fuel_surcharge_pct: Decimal = Field(sa_column=Column(ExactDecimal(), nullable=False))
    rounding: str = Field(max_length=10)
    source: str = Field(default="json", max_length=10)
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class RateSheetZone(SQLModel, table=True):
    __tablename__ = "rate_sheet_zones"
    __table_args__ = (UniqueConstraint("sheet_id", "code", name="uq_rate_sheet_zone_code"),)

    id: int | None = Field(default=None, primary_key=True)
    sheet_id: str = Field(foreign_key="rate_sheets.id", max_length=40, index=True)
    position: int
    code: str = Field(max_length=40)
    countries: list[str] = Field(sa_column=Column(JSON, nullable=False))
    postal_prefixes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    postal_ranges: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    """"lo..hi", normalized postal codes of the same length."""
    polygon: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    """GeoJSON Polygon or MultiPolygon (longitude, latitude)."""
    per_extra_kg_minor: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    remote_surcharge_minor: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    transit: dict[str, list[int]] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    """{"line_haul": [p10, p50, p90], "clearance": [...], "last_mile": [...]} in days."""


class RateSheetBreak(SQLModel, table=True):
    __tablename__ = "rate_sheet_breaks"
    __table_args__ = (UniqueConstraint("sheet_id", "zone_code", "max_weight_g", name="uq_rate_sheet_break"),)

    id: int | None = Field(default=None, primary_key=True)
    sheet_id: str = Field(foreign_key="rate_sheets.id", max_length=40, index=True)
    zone_code: str = Field(max_length=40)
    max_weight_g: int
    price_minor: int = Field(sa_column=Column(BigInteger, nullable=False))


class RateSheetRemoteArea(SQLModel, table=True):
    __tablename__ = "rate_sheet_remote_areas"

    id: int | None = Field(default=None, primary_key=True)
    sheet_id: str = Field(foreign_key="rate_sheets.id", max_length=40, index=True)
    position: int
    country: str = Field(max_length=2)
    postal_prefixes: list[str] = Field(sa_column=Column(JSON, nullable=False))
    surcharge_minor: int = Field(sa_column=Column(BigInteger, nullable=False))


class TransitSample(SQLModel, table=True):
    """One delivered shipment's legs, for learning the lane's transit percentiles."""

    __tablename__ = "transit_samples"
    __table_args__ = (Index("ix_transit_samples_lane", "service_code", "origin_country", "zone"),)

    id: int | None = Field(default=None, primary_key=True)
    service_code: str = Field(max_length=40)
    origin_country: str = Field(max_length=2)
    destination_country: str = Field(max_length=2)
    zone: str = Field(max_length=40)
    line_haul_days: int
    clearance_days: int
    last_mile_days: int
    delivered_at: datetime = Field(sa_column=utc_column())
    recorded_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class CarrierBooking(SQLModel, table=True):
    """A booking made through the rate-sheet adapter (live carriers keep their own)."""

    __tablename__ = "carrier_bookings"
    __table_args__ = (UniqueConstraint("shipment_id", "service_code", name="uq_carrier_booking_shipment"),)

    id: str = Field(primary_key=True, max_length=40)
    tracking_number: str = Field(max_length=40, unique=True)
    shipment_id: str = Field(max_length=80)
    service_code: str = Field(max_length=40)
    carrier_code: str = Field(max_length=40)
    origin_country: str = Field(max_length=2)
    destination_country: str = Field(max_length=2)
    label_format: str = Field(max_length=10)
    label_data: str = Field(sa_column=Column(String, nullable=False))
    """Base64 of the label document."""
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    cancelled_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class CarrierTrackingEvent(SQLModel, table=True):
    __tablename__ = "carrier_tracking_events"

    id: int | None = Field(default=None, primary_key=True)
    booking_id: str = Field(foreign_key="carrier_bookings.id", max_length=40, index=True)
    status: str = Field(max_length=30)
    occurred_at: datetime = Field(sa_column=utc_column())
    location: str = Field(default="", max_length=200)
    description: str = Field(default="", max_length=500)
    code: str = Field(default="", max_length=40)
