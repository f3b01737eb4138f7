"""Tracking in karrio's unified terms, mapped to ours: karrio's statuses and the carriers' event codes to our
`TrackingStatus`, and a karrio `TrackingDetails` (or anything with its fields: a carrier's push in karrio's
form, `logistics.orders.tracking`) to a `TrackingResult`. No karrio import: read by attribute.

Carrier-local event times without a zone are read as UTC (karrio gives none for them).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any

from carriers.adapters.base import CarrierMessage, TrackingEvent, TrackingResult, TrackingStatus

# karrio's unified tracking statuses and ours
_STATUS: dict[str, TrackingStatus] = {
    "pending": "pending",
    "picked_up": "picked_up",
    "in_transit": "in_transit",
    "on_hold": "customs_hold",
    "delivery_delayed": "in_transit",
    "out_for_delivery": "out_for_delivery",
    "ready_for_pickup": "out_for_delivery",
    "delivered": "delivered",
    "delivery_failed": "delivery_failed",
    "return_to_sender": "returned_to_sender",
    "unknown": "in_transit",
}
# carrier event codes that say more than karrio's status (DHL Express: clearance release / delay)
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::\d{2})?\s*([AaPp][Mm])?")
_CODE_STATUS: dict[str, TrackingStatus] = {
    "CR": "customs_cleared",
    "CD": "customs_hold",
    "CH": "customs_hold",
}


def status_from(status: str | None, *, code: str | None = None, reason: str | None = None) -> TrackingStatus:
    if code and code in _CODE_STATUS:
        return _CODE_STATUS[code]
    if reason:
        if reason == "carrier_parcel_lost":
            return "lost"
        if reason.startswith("customs_"):
            return "customs_hold"
    return _STATUS.get(status or "unknown", "in_transit")


def _event_time(event: Any) -> datetime:
    if event.timestamp:
        try:
            stamp = datetime.fromisoformat(str(event.timestamp).replace("Z", "+00:00"))
            return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
        except ValueError:
            pass
    day = date.fromisoformat(str(event.date)) if event.date else date(1970, 1, 1)
    moment = time(0, 0)
    found = _CLOCK.match(str(event.time or ""))
    if found:
        hour, minute, half = int(found[1]), int(found[2]), (found[3] or "").upper()
        if half == "PM" and hour < 12:
            hour += 12
        elif half == "AM" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            moment = time(hour, minute)
    return datetime.combine(day, moment, tzinfo=UTC)


def tracking_from(details: Any, messages: tuple[CarrierMessage, ...] = ()) -> TrackingResult:
    events = sorted(
        (
            TrackingEvent(
                status=status_from(e.status, code=e.code, reason=e.reason),
                occurred_at=_event_time(e),
                location=" ".join(str(e.location or "").split()),
                description=" ".join(str(e.description or "").split()),
                code=str(e.code or ""),
            )
            for e in details.events or ()
        ),
        key=lambda e: e.occurred_at,
    )
    latest = status_from(details.status) if details.status else (events[-1].status if events else None)
    if events and events[-1].status in ("customs_hold", "customs_cleared", "lost"):
        latest = events[-1].status
    if details.delivered:
        latest = "delivered"
    estimated = None
    if details.estimated_delivery:
        try:
            estimated = date.fromisoformat(str(details.estimated_delivery)[:10])
        except ValueError:
            estimated = None
    return TrackingResult(
        tracking_number=str(details.tracking_number),
        status=latest,
        events=tuple(events),
        estimated_delivery=estimated,
        messages=messages,
    )
