"""Events: what happened, written in the same transaction as the change it reports, read back as a feed
(`GET /v1/events`) and delivered to webhook endpoints (`core.webhooks`).

A domain declares each type it records (`declare`) beside the code that records it, with the roles that see
every event of the type; the merchant (or creator) an event is about always sees it, and no other merchant
does. `record_event` writes one row and, for each endpoint subscribed to the type whose owner may see the
event, a pending delivery in the same transaction (an outbox): the deliveries are sent once the transaction
commits (`core.deliver_webhook`), and the scheduler (`core.retry_webhooks`) sends whatever is due, so none
is lost when a worker or the broker is away. The endpoints are a per-process snapshot: recording an event
reads nothing when nobody subscribes. An endpoint made in another process receives events from the moment
this process sees it (`APP_SNAPSHOT_REFRESH_MS`; a worker re-reads at most once a second).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sqlmodel import Session, col, or_, select
from ulid import ULID

from core import snapshots
from core.auth import Principal
from core.bulk import insert_rows
from core.clock import utc_now
from core.db import after_commit
from core.errors import NotFound
from core.ids import new_id
from core.jobs import enqueue
from core.metrics import EVENTS, PAYOUTS
from core.models import (
    DeliveryStatus,
    EndpointStatus,
    Event,
    Role,
    WebhookDelivery,
    WebhookEndpoint,
)
from core.pagination import PageParams, paginate

DELIVER_TASK = "core.deliver_webhook"
ENDPOINTS = "webhook_endpoints"
"""The generation bumped by every change to the endpoints."""
WILDCARD = "*"


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    description: str
    readers: frozenset[Role]
    """Roles that see every event of the type. `merchant` and `creator` here mean the merchant or creator
    the event is about, never another one."""


_types: dict[str, EventType] = {}


def declare(name: str, description: str, *, readers: Iterable[Role]) -> str:
    """Declare an event type (at import, beside the code that records it); returns the name. Admins read
    every type."""
    _types[name] = EventType(name, description, frozenset({*readers, Role.admin}))
    return name


def event_types() -> list[EventType]:
    return sorted(_types.values(), key=lambda t: t.name)


def known_type(name: str) -> EventType | None:
    return _types.get(name)


def readable_types(role: Role) -> list[str]:
    """The types a role sees: all of them, or (a merchant, a creator) those about it."""
    return sorted(t.name for t in _types.values() if role in t.readers)


def can_read(
    *, role: Role, merchant_id: str | None, creator_id: str | None, event: Event | _EventRef
) -> bool:
    """Whether a key or an endpoint of this role (bound to this merchant or creator) sees the event."""
    kind = _types.get(event.type)
    if kind is None or role not in kind.readers:
        return False
    if role is Role.merchant:
        return merchant_id is not None and event.merchant_id == merchant_id
    if role is Role.creator:
        return creator_id is not None and event.creator_id == creator_id
    return True


@dataclass(frozen=True, slots=True)
class _EventRef:
    type: str
    merchant_id: str | None
    creator_id: str | None


# --- ids in order ---------------------------------------------------------------------------------------

_last = ULID.from_int(0)
_id_lock = threading.Lock()


def _event_id() -> str:
    """`evt_` and a ULID that grows within this process even inside one millisecond, so that the feed's
    order (by id) is the order in which this process recorded its events."""
    global _last
    with _id_lock:
        candidate = ULID()
        if int(candidate) <= int(_last):
            candidate = ULID.from_int(int(_last) + 1)
        _last = candidate
    return f"evt_{str(candidate).lower()}"


# --- subscriptions ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Subscription:
    endpoint_id: str
    types: frozenset[str]
    role: Role
    merchant_id: str | None
    creator_id: str | None

    def wants(self, ref: _EventRef) -> bool:
        if ref.type not in self.types and WILDCARD not in self.types:
            return False
        return can_read(role=self.role, merchant_id=self.merchant_id, creator_id=self.creator_id, event=ref)


def _load_subscriptions(session: Session, _generation: int, _previous: object) -> tuple[Subscription, ...]:
    rows = session.exec(
        select(WebhookEndpoint).where(col(WebhookEndpoint.status) != EndpointStatus.deleted.value)
    )
    return tuple(
        Subscription(
            endpoint_id=e.id,
            types=frozenset(e.event_types),
            role=Role(e.owner_role),
            merchant_id=e.merchant_id,
            creator_id=e.creator_id,
        )
        for e in rows
    )


subscriptions: snapshots.Snapshot[tuple[Subscription, ...]] = snapshots.Snapshot(
    ENDPOINTS, load=_load_subscriptions
)


def endpoints_changed(session: Session) -> None:
    """Call in the transaction that makes, changes or deletes an endpoint."""
    snapshots.bump(session, ENDPOINTS, then=subscriptions.invalidate)


# --- recording ------------------------------------------------------------------------------------------


def record_event(
    session: Session,
    type: str,
    *,
    subject_id: str,
    data: dict[str, Any],
    merchant_id: str | None = None,
    creator_id: str | None = None,
) -> Event:
    """Write an event (a declared `type`, about `subject_id`, for the merchant or creator it concerns) in
    `session`'s transaction, with a pending delivery for each endpoint that wants it; the deliveries are sent
    after the commit. `data` is JSON (usually the subject as the API shows it)."""
    if type not in _types:
        raise LookupError(f"event type {type!r} is not declared")
    event = Event(
        id=_event_id(),
        type=type,
        subject_id=subject_id,
        merchant_id=merchant_id,
        creator_id=creator_id,
        data=data,
        created_at=utc_now(),
    )
    session.add(event)
    after_commit(session, partial(_count, type))
    ref = _EventRef(type, merchant_id, creator_id)
    wanted = [s.endpoint_id for s in subscriptions.current() if s.wants(ref)]
    if wanted:
        session.flush()  # the event's row first: deliveries refer to it
        deliveries = [new_delivery(event, endpoint_id) for endpoint_id in wanted]
        session.add_all(deliveries)
        _send_after_commit(session, [d.id for d in deliveries])
    return event


@dataclass(frozen=True, slots=True)
class NewEvent:
    """One event of a batch (`record_events`)."""

    subject_id: str
    data: dict[str, Any]
    merchant_id: str | None = None
    creator_id: str | None = None


def record_events(session: Session, type: str, events: Sequence[NewEvent]) -> None:
    """`record_event` for many events of one type: their rows in one multi-row INSERT, and a pending delivery
    for each endpoint that wants each of them, in `session`'s transaction (a settlement run announces
    thousands of payouts)."""
    if type not in _types:
        raise LookupError(f"event type {type!r} is not declared")
    if not events:
        return
    now = utc_now()
    ids = [_event_id() for _ in events]
    rows = [
        {
            "id": i,
            "type": type,
            "subject_id": e.subject_id,
            "merchant_id": e.merchant_id,
            "creator_id": e.creator_id,
            "data": e.data,
            "created_at": now,
        }
        for i, e in zip(ids, events, strict=True)
    ]
    insert_rows(session, [(Event.__table__, rows)])  # type: ignore[attr-defined]
    after_commit(session, partial(_count, type, len(rows)))
    subs = subscriptions.current()
    deliveries = [
        WebhookDelivery(
            id=new_id("whd"),
            endpoint_id=s.endpoint_id,
            event_id=i,
            event_type=type,
            status=DeliveryStatus.pending.value,
            next_attempt_at=now,
            created_at=now,
        )
        for i, e in zip(ids, events, strict=True)
        for s in subs
        if s.wants(_EventRef(type, e.merchant_id, e.creator_id))
    ]
    if deliveries:
        session.add_all(deliveries)
        _send_after_commit(session, [d.id for d in deliveries])


def _count(type: str, n: int = 1) -> None:
    """Committed events on /metrics, and payouts by outcome (their events say it: payout.paid...)."""
    EVENTS.labels(type).inc(n)
    if type.startswith("payout."):
        PAYOUTS.labels(type.removeprefix("payout.")).inc(n)


def new_delivery(event: Event, endpoint_id: str, *, replay_of: str | None = None) -> WebhookDelivery:
    return WebhookDelivery(
        id=new_id("whd"),
        endpoint_id=endpoint_id,
        event_id=event.id,
        event_type=event.type,
        status=DeliveryStatus.pending.value,
        next_attempt_at=utc_now(),
        replay_of=replay_of,
        created_at=utc_now(),
    )


def _send_after_commit(session: Session, delivery_ids: Sequence[str]) -> None:
    for delivery_id in delivery_ids:
        enqueue(session, DELIVER_TASK, delivery_id=delivery_id)


# --- reading --------------------------------------------------------------------------------------------


def _visible(principal: Principal) -> list[Any]:
    """The feed's filters for a principal: the types its role reads and, for a merchant or a creator, only
    the events about it."""
    if principal.role is Role.admin:
        return []
    where: list[Any] = [col(Event.type).in_(readable_types(principal.role))]
    if principal.role is Role.merchant:
        where.append(col(Event.merchant_id) == principal.merchant_id)
    elif principal.role is Role.creator:
        where.append(col(Event.creator_id) == principal.creator_id)
    return where


def list_events(
    session: Session,
    *,
    principal: Principal,
    page: PageParams,
    types: Sequence[str] = (),
    since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[Sequence[Event], bool]:
    """One page of the events the principal sees, newest first, of `types` (any when empty), created at or
    after `since` and before `until`."""
    stmt = select(Event).where(*_visible(principal))
    if types:
        stmt = stmt.where(or_(*(col(Event.type) == t for t in types)))
    if since is not None:
        stmt = stmt.where(col(Event.created_at) >= since)
    if until is not None:
        stmt = stmt.where(col(Event.created_at) < until)
    return paginate(session, stmt, Event.id, page)


def get_event(session: Session, *, principal: Principal, event_id: str) -> Event:
    event = session.get(Event, event_id)
    if event is None or not can_read(
        role=principal.role, merchant_id=principal.merchant_id, creator_id=principal.creator_id, event=event
    ):
        raise NotFound(f"no event {event_id}")
    return event
