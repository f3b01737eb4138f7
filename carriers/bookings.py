"""Bookings made through the rate-sheet adapter, and the tracking events recorded against them.

A booking is idempotent per (shipment, service): booking again returns the same tracking number and label.
The tracking number is derived from the shipment id and the service code, so it is the same on every
machine and after a retry. Tracking events come from whoever observes the parcel (a warehouse scan, a carrier
webhook mapped by logistics) through `record_tracking_event`.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from carriers.adapters.base import TRACKING_STATUSES
from carriers.errors import BookingNotFound
from carriers.models import CarrierBooking, CarrierTrackingEvent
from core.clock import as_utc, utc_now
from core.errors import Conflict, InvalidInput
from core.ids import new_id

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
AFTER_PICKUP = frozenset(TRACKING_STATUSES) - {"pending"}


class BookingCancelled(Conflict):
    slug, title = "booking-cancelled", "The booking is cancelled"


def tracking_number_for(shipment_id: str, service_code: str) -> str:
    """`TL` and 16 base32 characters (80 bits) of SHA-256 over the shipment id and the service code."""
    digest = int.from_bytes(hashlib.sha256(f"{shipment_id}\x1f{service_code}".encode()).digest()[:10], "big")
    chars = []
    for _ in range(16):
        digest, r = divmod(digest, 32)
        chars.append(_ALPHABET[r])
    return "TL" + "".join(reversed(chars))


def label_for(
    *, tracking_number: str, service_name: str, shipment_id: str, destination: str, postal_code: str | None
) -> str:
    """A 4 x 6 inch ZPL II label with the tracking number as a Code 128 barcode, base64-encoded."""
    zpl = "\n".join(
        [
            "^XA",
            "^CI28",
            f"^FO40,40^A0N,40,40^FD{service_name[:40]}^FS",
            f"^FO40,100^A0N,30,30^FDTo: {destination} {postal_code or ''}^FS",
            f"^FO40,150^A0N,24,24^FDRef: {shipment_id[:60]}^FS",
            f"^FO40,220^BY3^BCN,160,Y,N,N^FD{tracking_number}^FS",
            "^XZ",
        ]
    )
    return base64.b64encode(zpl.encode()).decode()


def find_booking(session: Session, *, shipment_id: str, service_code: str) -> CarrierBooking | None:
    return session.exec(
        select(CarrierBooking).where(
            CarrierBooking.shipment_id == shipment_id, CarrierBooking.service_code == service_code
        )
    ).first()


def create_booking(
    session: Session,
    *,
    shipment_id: str,
    service_code: str,
    carrier_code: str,
    service_name: str,
    origin_country: str,
    destination_country: str,
    postal_code: str | None,
) -> CarrierBooking:
    existing = find_booking(session, shipment_id=shipment_id, service_code=service_code)
    if existing is not None:
        if existing.cancelled_at is not None:
            raise BookingCancelled(f"the booking {existing.tracking_number} was cancelled")
        return existing
    number = tracking_number_for(shipment_id, service_code)
    booking = CarrierBooking(
        id=new_id("bkg"),
        tracking_number=number,
        shipment_id=shipment_id,
        service_code=service_code,
        carrier_code=carrier_code,
        origin_country=origin_country,
        destination_country=destination_country,
        label_format="ZPL",
        label_data=label_for(
            tracking_number=number,
            service_name=service_name,
            shipment_id=shipment_id,
            destination=destination_country,
            postal_code=postal_code,
        ),
    )
    session.add(booking)
    session.flush()
    session.add(
        CarrierTrackingEvent(
            booking_id=booking.id,
            status="pending",
            occurred_at=booking.created_at,
            description="Label created, awaiting pickup",
            code="BOOKED",
        )
    )
    session.flush()
    return booking


def get_booking(session: Session, *, tracking_number: str) -> CarrierBooking:
    booking = session.exec(
        select(CarrierBooking).where(CarrierBooking.tracking_number == tracking_number)
    ).first()
    if booking is None:
        raise BookingNotFound(f"no booking {tracking_number}")
    return booking


def events_of(session: Session, booking: CarrierBooking) -> Sequence[CarrierTrackingEvent]:
    return session.exec(
        select(CarrierTrackingEvent)
        .where(CarrierTrackingEvent.booking_id == booking.id)
        .order_by(col(CarrierTrackingEvent.occurred_at), col(CarrierTrackingEvent.id))
    ).all()


def record_tracking_event(
    session: Session,
    *,
    tracking_number: str,
    status: str,
    occurred_at: datetime,
    location: str = "",
    description: str = "",
    code: str = "",
) -> CarrierTrackingEvent:
    if status not in TRACKING_STATUSES:
        raise InvalidInput.for_field("status", f"one of {', '.join(TRACKING_STATUSES)}")
    if occurred_at.tzinfo is None:
        raise InvalidInput.for_field("occurred_at", "a timezone-aware time")
    booking = get_booking(session, tracking_number=tracking_number)
    if booking.cancelled_at is not None:
        raise BookingCancelled(f"the booking {tracking_number} was cancelled")
    event = CarrierTrackingEvent(
        booking_id=booking.id,
        status=status,
        occurred_at=as_utc(occurred_at),
        location=location[:200],
        description=description[:500],
        code=code[:40],
    )
    session.add(event)
    session.flush()
    return event


def cancel_booking(session: Session, *, tracking_number: str) -> tuple[CarrierBooking, str | None]:
    """Cancel a booking not yet picked up. Returns the booking and, when it cannot be cancelled, why."""
    booking = get_booking(session, tracking_number=tracking_number)
    if booking.cancelled_at is not None:
        return booking, None
    moved = [e for e in events_of(session, booking) if e.status in AFTER_PICKUP]
    if moved:
        return booking, f"the parcel is already {moved[-1].status.replace('_', ' ')}"
    booking.cancelled_at = utc_now()
    session.add(booking)
    session.flush()
    return booking, None
