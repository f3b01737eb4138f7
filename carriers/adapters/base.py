"""The carrier adapter contract: unified requests and responses, as karrio's unified models are.

An adapter is a client that only does I/O plus pure mapping functions between these dataclasses and the
carrier's own models. Carrier failures come back as data (`CarrierMessage`s), never as exceptions: a rate
or booking that could not be made is an empty result with messages saying why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, Protocol, get_args, runtime_checkable

from carriers.types import Parcel
from core.money import Money

TrackingStatus = Literal[
    "pending",
    "picked_up",
    "in_transit",
    "customs_hold",
    "customs_cleared",
    "out_for_delivery",
    "delivered",
    "delivery_failed",
    "returned_to_sender",
    "lost",
]
TRACKING_STATUSES: tuple[str, ...] = get_args(TrackingStatus)


@dataclass(frozen=True, slots=True)
class Address:
    country: str
    postal_code: str | None = None
    city: str | None = None
    state: str | None = None
    street: str | None = None
    name: str | None = None
    company: str | None = None
    phone: str | None = None
    email: str | None = None
    point: tuple[float, float] | None = None
    """(latitude, longitude)"""


@dataclass(frozen=True, slots=True)
class CarrierMessage:
    carrier: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class RateRequest:
    origin: Address
    destination: Address
    parcel: Parcel
    service_codes: tuple[str, ...] = ()
    """Our service codes to ask for; empty means every service of the adapter's carrier."""
    on: date | None = None
    declared_value: Money | None = None


@dataclass(frozen=True, slots=True)
class CarrierRate:
    service_code: str
    """Ours when the carrier's service is mapped, else the carrier's own service name."""
    carrier_service: str
    price: Money
    base: Money | None = None
    surcharges: tuple[tuple[str, Money], ...] = ()
    transit_days: int | None = None


@dataclass(frozen=True, slots=True)
class RateResult:
    rates: tuple[CarrierRate, ...] = ()
    messages: tuple[CarrierMessage, ...] = ()


@dataclass(frozen=True, slots=True)
class BookingRequest:
    shipment_id: str
    service_code: str
    origin: Address
    destination: Address
    parcel: Parcel
    declared_value: Money | None = None
    reference: str | None = None
    contents: str = "Merchandise"


@dataclass(frozen=True, slots=True)
class Label:
    format: str
    """PDF, ZPL or PNG."""
    data: str
    """Base64."""


@dataclass(frozen=True, slots=True)
class Booking:
    tracking_number: str
    service_code: str
    label: Label
    carrier_reference: str | None = None
    price: Money | None = None
    tracking_url: str | None = None


@dataclass(frozen=True, slots=True)
class BookingResult:
    booking: Booking | None = None
    messages: tuple[CarrierMessage, ...] = ()


@dataclass(frozen=True, slots=True)
class TrackingEvent:
    status: TrackingStatus
    occurred_at: datetime
    location: str = ""
    description: str = ""
    code: str = ""
    """The carrier's own event code."""


@dataclass(frozen=True, slots=True)
class TrackingResult:
    tracking_number: str
    status: TrackingStatus | None = None
    """The latest event's status; None when nothing is known."""
    events: tuple[TrackingEvent, ...] = ()
    """Oldest first."""
    estimated_delivery: date | None = None
    cancelled: bool = False
    messages: tuple[CarrierMessage, ...] = ()


@dataclass(frozen=True, slots=True)
class CancelResult:
    tracking_number: str
    cancelled: bool
    messages: tuple[CarrierMessage, ...] = ()


@runtime_checkable
class CarrierAdapter(Protocol):
    """What logistics asks a carrier. Every method returns data; carrier failures are messages."""

    carrier_code: str

    def rate(self, request: RateRequest) -> RateResult: ...

    def book(self, request: BookingRequest) -> BookingResult: ...

    def track(self, tracking_number: str) -> TrackingResult: ...

    def cancel(self, tracking_number: str) -> CancelResult: ...
