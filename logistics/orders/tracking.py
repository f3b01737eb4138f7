"""Tracking from live carriers: polled for shipments in transit, and pushed by carriers to their webhook.

Both end in `logistics.orders.shipments.record_event`, as an admin's `POST /v1/shipments/{id}/events`
does, so the statuses are the same and so are the rules: a status moves forward only, an event older
than the shipment's status is kept without moving it. Each carrier event gets an id made from the
carrier, the tracking number and the event itself (its code, status and time), so the same event polled
twice, pushed twice, or polled and pushed, is recorded once.

Polling (`logistics.poll_tracking`, periodic): the shipments booked with a live carrier (credentials
configured, `CarrierNetwork.live`) and not yet delivered, returned or lost whose next poll is due, the most
overdue first, at most `tracking_poll_limit` a run. After a poll that brought something new the next is in
`tracking_poll_minutes`; after each that did not (or failed) the wait doubles, up to
`tracking_poll_max_hours`. The carrier is asked with no database connection held.

Pushes (`POST /v1/carriers/{carrier}/webhooks`): authenticated by the carrier's webhook secret (only its
hash is kept, `carriers.service`), in karrio's unified tracking form (a tracker's `tracking_number`,
`status` and `events`, or karrio's `{"event": ..., "data": tracker}` envelope), for a shipment booked with
that carrier.

Karrio gives some carriers' local event times without their offset (read as UTC): an event is dated no
earlier than its shipment's creation and no later than now, so it is never refused for that.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import func
from sqlmodel import Session, col, select

from carriers.adapters import TrackingEvent, TrackingResult
from carriers.adapters.tracking import tracking_from
from carriers.service import verify_webhook_secret
from core.clock import as_utc, utc_now
from core.errors import FieldError, InvalidInput
from logistics.orders import errors
from logistics.orders.models import Shipment, TrackingPoll
from logistics.orders.schemas import ShipmentEventIn, TrackingPushRead
from logistics.orders.shipments import TERMINAL, record_event

# --- events: from a carrier's tracking to ours --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Applied:
    shipment_id: str
    new: int
    duplicates: int


def event_id(carrier_code: str, tracking_number: str, event: TrackingEvent) -> str:
    """The same for the same carrier event however it arrives (polled or pushed, once or again)."""
    key = f"{carrier_code}|{tracking_number}|{event.code}|{event.status}|{event.occurred_at.isoformat()}"
    return "trk_" + hashlib.sha256(key.encode()).hexdigest()[:40]


def apply_tracking(session: Session, *, shipment: Shipment, result: TrackingResult) -> Applied:
    """Record each of the carrier's events on the shipment (oldest first); duplicates change nothing."""
    new = duplicates = 0
    created, now = as_utc(shipment.created_at), utc_now()
    for event in sorted(result.events, key=lambda e: e.occurred_at):
        read = record_event(
            session,
            shipment_id=shipment.id,
            data=ShipmentEventIn(
                event_id=event_id(shipment.carrier_code, result.tracking_number, event),
                status=event.status,
                occurred_at=min(max(event.occurred_at, created), now),
                location=event.location[:200],
            ),
        )
        if read.duplicate:
            duplicates += 1
        else:
            new += 1
    return Applied(shipment.id, new, duplicates)


# --- polling ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Due:
    shipment_id: str
    carrier_code: str
    tracking_number: str
    carrier_reference: str | None


def due_for_poll(session: Session, *, carriers: Collection[str], now: datetime, limit: int) -> list[Due]:
    """Shipments in transit with one of `carriers` whose next poll is due, the most overdue first."""
    if not carriers:
        return []
    next_at = func.coalesce(TrackingPoll.next_at, Shipment.booked_at, Shipment.created_at)
    rows = session.exec(
        select(Shipment.id, Shipment.carrier_code, Shipment.tracking_number, Shipment.label)
        .outerjoin(TrackingPoll, col(TrackingPoll.shipment_id) == col(Shipment.id))
        .where(
            col(Shipment.tracking_number).is_not(None),
            col(Shipment.carrier_code).in_(sorted(carriers)),
            col(Shipment.status).not_in(sorted(TERMINAL)),
            col(TrackingPoll.next_at).is_(None) | (col(TrackingPoll.next_at) <= now),
        )
        .order_by(next_at, col(Shipment.id))
        .limit(limit)
    )
    return [
        Due(sid, carrier, str(number), (label or {}).get("carrier_reference"))
        for sid, carrier, number, label in rows
    ]


def next_poll(misses: int, *, now: datetime, every: timedelta, longest: timedelta) -> datetime:
    """When to ask again after `misses` polls in a row that brought nothing new: every `every`, doubled for
    each miss, at most `longest`."""
    wait: timedelta = min(every * (2 ** min(misses, 20)), longest)
    return now + wait


def record_poll(
    session: Session,
    *,
    due: Due,
    result: TrackingResult,
    now: datetime,
    every: timedelta,
    longest: timedelta,
) -> Applied:
    """Record what a poll brought, and when to poll the shipment next (with its backoff)."""
    shipment = session.exec(select(Shipment).where(Shipment.id == due.shipment_id).with_for_update()).first()
    if shipment is None:
        raise errors.ShipmentNotFound(f"no shipment {due.shipment_id}")
    applied = apply_tracking(session, shipment=shipment, result=result)
    poll = session.get(TrackingPoll, shipment.id) or TrackingPoll(shipment_id=shipment.id, next_at=now)
    poll.misses = 0 if applied.new else poll.misses + 1
    poll.next_at = next_poll(poll.misses, now=now, every=every, longest=longest)
    poll.polled_at = now
    messages = "; ".join(f"{m.code}: {m.message}" for m in result.messages)
    poll.outcome = (f"{applied.new} new, {applied.duplicates} known" + (f"; {messages}" if messages else ""))[
        :200
    ]
    session.add(poll)
    session.flush()
    return applied


# --- pushes -------------------------------------------------------------------------------------------------


class PushEvent(BaseModel):
    """One event of a carrier's push, in karrio's unified `TrackingEvent` form."""

    model_config = ConfigDict(extra="ignore")

    date: str | None = Field(default=None, max_length=40)
    time: str | None = Field(default=None, max_length=40)
    timestamp: str | None = Field(default=None, max_length=40)
    code: str | None = Field(default=None, max_length=60)
    description: str | None = Field(default=None, max_length=500)
    location: str | None = Field(default=None, max_length=200)
    status: str | None = Field(default=None, max_length=60)
    reason: str | None = Field(default=None, max_length=60)


class TrackingPush(BaseModel):
    """A carrier's push, in karrio's unified `TrackingDetails` form."""

    model_config = ConfigDict(extra="ignore")

    tracking_number: str = Field(min_length=1, max_length=80)
    status: str | None = Field(default=None, max_length=60)
    delivered: bool | None = None
    estimated_delivery: str | None = Field(default=None, max_length=40)
    events: list[PushEvent] = Field(default_factory=list, max_length=500)


def parse_push(body: bytes) -> TrackingPush:
    """The push's tracker, from the tracker itself or karrio's `{"event": ..., "data": tracker}`; a body that
    is not one is a 422 naming the field."""
    try:
        document: Any = json.loads(body or b"null")
    except ValueError as exc:
        raise InvalidInput.for_field("body", f"not JSON: {exc}") from None
    if isinstance(document, Mapping) and isinstance(document.get("data"), Mapping):
        document = document["data"]
    try:
        return TrackingPush.model_validate(document)
    except ValidationError as exc:
        problems = [FieldError(".".join(str(p) for p in e["loc"]) or "body", e["msg"]) for e in exc.errors()]
        raise InvalidInput("not a tracking push", errors=problems) from None


def carrier_push(session: Session, *, carrier_code: str, secret: str | None, body: bytes) -> TrackingPushRead:
    """A carrier's push to its webhook: its secret checked first (401), then the body (422), then applied."""
    verify_webhook_secret(session, code=carrier_code, presented=secret)
    applied = receive_push(session, carrier_code=carrier_code, push=parse_push(body))
    return TrackingPushRead(shipment=applied.shipment_id, new=applied.new, duplicates=applied.duplicates)


def receive_push(session: Session, *, carrier_code: str, push: TrackingPush) -> Applied:
    """Apply a carrier's push to the shipment it booked with that tracking number."""
    shipment = session.exec(
        select(Shipment)
        .where(Shipment.tracking_number == push.tracking_number, Shipment.carrier_code == carrier_code)
        .with_for_update()
    ).first()
    if shipment is None:
        raise errors.ShipmentNotFound(
            f"no {carrier_code} shipment with tracking number {push.tracking_number}"
        )
    try:
        result = tracking_from(push)
    except ValueError as exc:  # a date that is not one
        raise InvalidInput.for_field("events", str(exc)) from None
    return apply_tracking(session, shipment=shipment, result=result)
