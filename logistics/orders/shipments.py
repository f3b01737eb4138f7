"""Shipments: booking with the carrier (after the order's commit) and tracking events.

Tracking statuses are the carriers' normalized ones. A status moves forward only: an event that arrives
after a later one is kept in the history but does not move the shipment back. Every applied event updates
the delivery window. A delivered shipment feeds the lane's transit profile; when all of an order's
shipments are delivered, settlement is told (`record_delivery`). An event dated before its shipment was
created, or later than now plus `tracking_clock_skew_seconds`, is refused (422 naming `occurred_at`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from carriers.adapters import Address, BookingRequest, BookingResult, adapter_for
from carriers.network import current as carrier_network
from carriers.service import record_transit
from carriers.types import DayPercentiles, Destination, Parcel, TransitProfile
from core import events
from core.auth import Principal
from core.calendar import add_business_days
from core.clock import as_utc, utc_now
from core.config import get_settings
from core.errors import AppError, InvalidInput
from core.events import declare
from core.metrics import carrier_call
from core.money import Money, MoneyModel
from customs.declarations import build_declaration
from customs.schemas import DeclarationItem
from logistics.gates import gate_booking
from logistics.models import Product, Stock, Warehouse
from logistics.orders import errors
from logistics.orders.models import Order, OrderLine, Return, Shipment, ShipmentEvent
from logistics.orders.schemas import ShipmentEventIn, ShipmentRead
from logistics.orders.service import (
    ORDER_READERS,
    events_of,
    order_lines,
    order_read,
    order_shipments,
    shipment_read,
)
from settlement import service as settlement
from settlement.checkout import charge_shipment

RANK = {
    "pending": 0,
    "picked_up": 1,
    "in_transit": 2,
    "customs_hold": 3,
    "customs_cleared": 4,
    "out_for_delivery": 5,
    "delivery_failed": 5,
    "delivered": 9,
    "returned_to_sender": 9,
    "lost": 9,
}
TERMINAL = {"delivered", "returned_to_sender", "lost"}
DEFAULT_PROFILE = TransitProfile(DayPercentiles(3, 5, 8), DayPercentiles(1, 2, 4), DayPercentiles(1, 2, 3))
SHIPMENT_BOOKED = declare(
    "shipment.booked", "The carrier booked a shipment: its tracking number and label", readers=ORDER_READERS
)
SHIPMENT_UPDATED = declare(
    "shipment.updated", "A tracking event moved a shipment's status or delivery window", readers=ORDER_READERS
)
SHIPMENT_DELIVERED = declare("shipment.delivered", "A shipment was delivered", readers=ORDER_READERS)
ORDER_SHIPPED = declare(
    "order.shipped", "The first shipment of an order left the warehouse", readers=ORDER_READERS
)
ORDER_DELIVERED = declare(
    "order.delivered", "Every shipment of an order was delivered", readers=ORDER_READERS
)
# extra business days a customs hold adds, by reason: (earliest, likely, latest)
HOLD_DELAY = {
    "customs_delay": (1, 2, 5),
    "customs_documents": (2, 4, 10),
    "duties_unpaid": (3, 5, 14),
    "prohibited": (10, 20, 40),
}


# --- booking ----------------------------------------------------------------------------------------


def _declaration(session: Session, shipment: Shipment, lines: dict[str, OrderLine]) -> dict[str, Any] | None:
    if shipment.origin_country == shipment.destination_country:
        return None
    products = {
        p.sku: p
        for p in session.exec(
            select(Product).where(
                Product.merchant_id == shipment.merchant_id,
                col(Product.sku).in_([i["sku"] for i in shipment.items]),
            )
        )
    }
    items = []
    for it in shipment.items:
        p, line = products.get(it["sku"]), lines.get(it["sku"])
        if p is None or line is None:
            continue
        items.append(
            DeclarationItem(
                description=p.name,
                hs_code=p.hs_code,
                origin_country=p.origin_country,
                quantity=int(it["quantity"]),
                unit_weight_g=p.weight_g,
                unit_value=MoneyModel.of(Money.from_minor(line.unit_price_minor, line.currency)),
            )
        )
    if not items:
        return None
    try:
        return build_declaration(
            session,
            destination=shipment.destination_country,
            origin_country=shipment.origin_country,
            items=items,
            channel="courier",
        ).model_dump(mode="json")
    except AppError as exc:
        return {"error": exc.detail, "errors": [{"field": e.field, "message": e.message} for e in exc.errors]}


def book_shipment(session: Session, *, shipment_id: str) -> Shipment:
    """Book the shipment with its carrier: tracking number, label, customs declaration. Already booked: a
    no-op, so a retried task is harmless. A carrier refusal is kept as messages on the shipment, and so is a
    refusal of the sale gate (`logistics.gates.gate_booking`: the market closed or goods restricted since the
    order), which books nothing."""
    shipment = session.get(Shipment, shipment_id)
    if shipment is None:
        raise errors.ShipmentNotFound(f"no shipment {shipment_id}")
    if shipment.tracking_number is not None:
        return shipment
    order = session.get(Order, shipment.order_id)
    assert order is not None
    refusals = gate_booking(session, shipment=shipment, order=order, now=utc_now())
    if refusals:  # held, unbooked, with the reasons: `held_by_rules` finds it to book again later
        shipment.booking_messages = [f"{r.type}: {r}" for r in refusals]
        session.add(shipment)
        session.flush()
        return shipment
    lines = {line.sku: line for line in order_lines(session, order.id)}
    shipment.declaration = _declaration(session, shipment, lines)
    wh = session.get(Warehouse, shipment.warehouse_id)
    dest = order.destination
    point = dest.get("point")
    value = sum(
        (lines[i["sku"]].unit_price_minor * int(i["quantity"]) for i in shipment.items if i["sku"] in lines),
        0,
    )
    adapter = adapter_for(session, carrier_code=shipment.carrier_code, settings=get_settings())
    with carrier_call(shipment.carrier_code, "book"):
        result = adapter.book(
            BookingRequest(
                shipment_id=shipment.id,
                service_code=shipment.service_code,
                origin=Address(
                    country=shipment.origin_country,
                    city=wh.city if wh else None,
                    point=(wh.latitude, wh.longitude) if wh else None,
                ),
                destination=Address(
                    country=shipment.destination_country,
                    postal_code=dest.get("postal_code"),
                    city=dest.get("city"),
                    point=(float(point[0]), float(point[1])) if point else None,
                ),
                parcel=Parcel(weight_g=shipment.weight_g),
                declared_value=Money.from_minor(value, order.currency) if value else None,
                reference=order.id,
            )
        )
    record_booking(shipment, result)
    session.add(shipment)
    session.flush()
    if shipment.tracking_number is not None:
        _announce(
            session, SHIPMENT_BOOKED, shipment, shipment_read(shipment, events_of(session, shipment.id))
        )
    return shipment


HELD_BY_RULES = ("market-closed:", "goods-restricted:")
"""How a shipment's `booking_messages` begin when the sale gate held its label."""


def held_by_rules(session: Session, *, limit: int = 500) -> list[str]:
    """Shipments whose label the sale gate refused (not booked, nothing happened to them since): booking them
    again books those the rules now allow (`logistics.book_held_shipments`)."""
    unbooked = session.exec(
        select(Shipment.id, Shipment.booking_messages)
        .where(col(Shipment.tracking_number).is_(None), Shipment.status == "pending")
        .order_by(col(Shipment.created_at))
        .limit(limit)
    )
    return [sid for sid, messages in unbooked if messages and str(messages[0]).startswith(HELD_BY_RULES)]


def record_booking(target: Shipment | Return, result: BookingResult) -> None:
    """Keep a carrier's booking on a shipment or a return: its tracking number and label, or why it failed."""
    if result.booking is not None:
        target.tracking_number = result.booking.tracking_number
        target.label = {
            "format": result.booking.label.format,
            "data": result.booking.label.data,
            "carrier_reference": result.booking.carrier_reference,
        }
        target.booked_at = utc_now()
        target.booking_messages = []
    else:
        target.booking_messages = [f"{m.code}: {m.message}" for m in result.messages]


# --- tracking ---------------------------------------------------------------------------------------


def _profile(shipment: Shipment, order: Order) -> TransitProfile:
    point = order.destination.get("point")
    try:
        profile = carrier_network().transit(
            shipment.service_code,
            origin_country=shipment.origin_country,
            destination=Destination(
                shipment.destination_country,
                order.destination.get("postal_code"),
                (float(point[0]), float(point[1])) if point else None,
            ),
        )
    except Exception:  # pragma: no cover - a missing lane falls back to the default profile
        profile = None
    return profile or DEFAULT_PROFILE


def next_window(
    *,
    current: dict[str, str],
    status: str,
    reason: str | None,
    on: date,
    country: str,
    profile: TransitProfile,
    cross_border: bool,
) -> dict[str, str]:
    """The delivery window after an event of `status` on the day `on` (pure)."""

    def bd(n: int) -> date:
        return add_business_days(on, n, country)

    lh, cl, lm = profile.line_haul, profile.clearance, profile.last_mile
    old = [date.fromisoformat(current[k]) for k in ("earliest", "likely", "latest")]
    if status == "delivered":
        new = [on, on, on]
    elif status == "out_for_delivery":
        new = [on, on, bd(1)]
    elif status == "delivery_failed":
        new = [bd(1), bd(1), bd(3)]
    elif status == "customs_cleared":
        new = [bd(lm.p10), bd(lm.p50), bd(lm.p90)]
    elif status == "customs_hold":
        d = HOLD_DELAY.get(reason or "", (1, 2, 5))
        new = [bd(d[0] + lm.p10), bd(d[1] + lm.p50), bd(d[2] + lm.p90)]
    elif status in ("picked_up", "in_transit"):

        def arrive(line_haul: int, clearance: int, last_mile: int) -> date:
            landed = on + timedelta(days=line_haul if status == "picked_up" else max(0, line_haul // 2))
            if cross_border:
                landed = add_business_days(landed, clearance, country)
            return add_business_days(landed, last_mile, country)

        fresh = [
            arrive(lh.p10, cl.p10, lm.p10),
            arrive(lh.p50, cl.p50, lm.p50),
            arrive(lh.p90, cl.p90, lm.p90),
        ]
        new = [max(a, b) for a, b in zip(old, fresh, strict=True)]
    else:  # returned_to_sender, lost, pending: the window stays as it was
        new = old
    new[0] = max(new[0], on) if status not in TERMINAL else new[0]
    new[1] = max(new[1], new[0])
    new[2] = max(new[2], new[1])
    return {"earliest": new[0].isoformat(), "likely": new[1].isoformat(), "latest": new[2].isoformat()}


def _release_stock(session: Session, shipment: Shipment) -> None:
    """Picked up: the reserved units leave the warehouse."""
    skus = [i["sku"] for i in shipment.items]
    products = {
        p.sku: p.id
        for p in session.exec(
            select(Product).where(Product.merchant_id == shipment.merchant_id, col(Product.sku).in_(skus))
        )
    }
    for it in shipment.items:
        pid, q = products.get(it["sku"]), int(it["quantity"])
        if pid is None:
            continue
        session.exec(  # type: ignore[call-overload]
            update(Stock)
            .where(
                col(Stock.warehouse_id) == shipment.warehouse_id,
                col(Stock.product_id) == pid,
                col(Stock.reserved) >= q,
                col(Stock.on_hand) >= q,
            )
            .values(on_hand=col(Stock.on_hand) - q, reserved=col(Stock.reserved) - q, updated_at=utc_now())
            .execution_options(synchronize_session=False)
        )


def _days(a: datetime | None, b: datetime | None) -> int:
    if a is None or b is None:
        return 0
    return max(0, min(365, (as_utc(b).date() - as_utc(a).date()).days))


def _learn(session: Session, shipment: Shipment, order: Order, events: list[ShipmentEvent]) -> None:
    """Feed the delivered shipment's legs to the lane's transit profile."""
    first: dict[str, datetime] = {}
    for e in events:
        first.setdefault(e.status, e.occurred_at)
    delivered = first.get("delivered")
    if delivered is None:
        return
    start = first.get("picked_up") or first.get("in_transit") or shipment.created_at
    customs = first.get("customs_hold") or first.get("customs_cleared")
    cleared = first.get("customs_cleared") or customs
    arrived = customs or first.get("out_for_delivery") or delivered
    point = order.destination.get("point")
    sheet = carrier_network().sheet_in_force(
        shipment.service_code, origin_country=shipment.origin_country, on=as_utc(start).date()
    )
    zone = (
        sheet.zone_for(
            Destination(
                shipment.destination_country,
                order.destination.get("postal_code"),
                (float(point[0]), float(point[1])) if point else None,
            )
        )
        if sheet is not None
        else None
    )
    if zone is None:
        return
    record_transit(
        session,
        service_code=shipment.service_code,
        origin_country=shipment.origin_country,
        destination_country=shipment.destination_country,
        zone=zone.code,
        line_haul_days=_days(start, arrived),
        clearance_days=_days(customs, cleared),
        last_mile_days=_days(cleared or arrived, delivered),
        delivered_at=delivered,
    )


def load_shipment(session: Session, *, principal: Principal, shipment_id: str) -> Shipment:
    shipment = session.get(Shipment, shipment_id)
    if shipment is None or not principal.can_see_merchant(shipment.merchant_id):
        raise errors.ShipmentNotFound(f"no shipment {shipment_id}")
    return shipment


def get_shipment(session: Session, *, principal: Principal, shipment_id: str) -> ShipmentRead:
    shipment = load_shipment(session, principal=principal, shipment_id=shipment_id)
    return shipment_read(shipment, events_of(session, shipment.id))


def _check_event_time(shipment: Shipment, occurred_at: datetime) -> None:
    """A tracking event happened after its shipment was created and not after now (plus the allowed clock
    skew): anything else (year 1, year 9999, tomorrow) is refused before it moves a status, a delivery
    window, the learned transit times or the day the merchant's funds become payable."""
    if occurred_at.tzinfo is None:
        raise InvalidInput.for_field("occurred_at", "a timezone-aware time, such as 2026-12-01T10:00:00Z")
    skew = get_settings().tracking_clock_skew_seconds
    latest = utc_now() + timedelta(seconds=skew)
    if occurred_at > latest:  # aware datetimes compare without converting, so year 9999 cannot overflow
        raise InvalidInput.for_field(
            "occurred_at", f"in the future: at most {skew} s after now ({latest.isoformat()}) is accepted"
        )
    created = as_utc(shipment.created_at)
    if occurred_at < created:
        raise InvalidInput.for_field(
            "occurred_at", f"before the shipment was created ({created.isoformat()})"
        )


def record_event(session: Session, *, shipment_id: str, data: ShipmentEventIn) -> ShipmentRead:
    """Apply one tracking event (see the module docstring). A duplicate `event_id` changes nothing."""
    shipment = session.exec(select(Shipment).where(Shipment.id == shipment_id).with_for_update()).first()
    if shipment is None:
        raise errors.ShipmentNotFound(f"no shipment {shipment_id}")
    _check_event_time(shipment, data.occurred_at)
    existing = session.exec(
        select(ShipmentEvent).where(
            ShipmentEvent.shipment_id == shipment.id, ShipmentEvent.event_id == data.event_id
        )
    ).first()
    if existing is not None:
        read = shipment_read(shipment, events_of(session, shipment.id))
        read.duplicate = True
        return read
    occurred = as_utc(data.occurred_at)
    old_rank = RANK[shipment.status]
    new_rank = RANK[data.status]
    applied = shipment.status not in TERMINAL and (
        new_rank > old_rank
        or (new_rank == old_rank and (shipment.status_at is None or occurred >= as_utc(shipment.status_at)))
    )
    event = ShipmentEvent(
        shipment_id=shipment.id,
        event_id=data.event_id,
        status=data.status,
        reason=data.reason,
        location=data.location,
        occurred_at=occurred,
        applied=applied,
    )
    session.add(event)
    order = session.get(Order, shipment.order_id)
    assert order is not None
    was, old_window = shipment.status, shipment.window
    if applied:
        shipment.status = data.status
        shipment.reason = data.reason
        shipment.status_at = occurred
        shipment.window = next_window(
            current=shipment.window,
            status=data.status,
            reason=data.reason,
            on=occurred.date(),
            country=shipment.destination_country,
            profile=_profile(shipment, order),
            cross_border=shipment.origin_country != shipment.destination_country,
        )
        if RANK[was] < RANK["picked_up"] <= new_rank and data.status not in ("lost",):
            _release_stock(session, shipment)
            _charge_fulfilment(session, shipment, occurred)
        if data.status == "delivered":
            shipment.delivered_at = occurred
        session.add(shipment)
        session.flush()
        if data.status == "delivered":
            _learn(session, shipment, order, events_of(session, shipment.id))
            _maybe_delivered(session, order)
    session.flush()
    read = shipment_read(shipment, events_of(session, shipment.id))
    if applied:
        _tracked(session, shipment, order, read, was=was, old_window=old_window)
    return read


def _announce(session: Session, type: str, shipment: Shipment, read: ShipmentRead, **extra: Any) -> None:
    data = {"object": read.model_dump(mode="json"), **extra}
    events.record_event(session, type, subject_id=shipment.id, merchant_id=shipment.merchant_id, data=data)


def _tracked(
    session: Session, shipment: Shipment, order: Order, read: ShipmentRead, *, was: str, old_window: Any
) -> None:
    """The events of an applied tracking event: the shipment's change, its delivery, and the order's first
    departure (its delivery is `_maybe_delivered`'s)."""
    previous = {k: v for k, v in (("status", was), ("window", old_window)) if v != getattr(shipment, k)}
    if previous:
        _announce(session, SHIPMENT_UPDATED, shipment, read, previous_attributes=previous)
    if shipment.status == "delivered":
        _announce(session, SHIPMENT_DELIVERED, shipment, read)
    if RANK[was] < RANK["picked_up"] <= RANK[shipment.status] and shipment.status != "lost":
        others = [s for s in order_shipments(session, order.id) if s.id != shipment.id]
        if not any(RANK.get(s.status, 0) >= RANK["picked_up"] and s.status != "lost" for s in others):
            data = {"object": order_read(session, order).model_dump(mode="json")}
            events.record_event(
                session, ORDER_SHIPPED, subject_id=order.id, merchant_id=order.merchant_id, data=data
            )


def _charge_fulfilment(session: Session, shipment: Shipment, at: datetime) -> None:
    """The shipment left the warehouse: the merchant is charged the fully-managed fees for its units (and,
    for the order's first shipment to leave, the per-order fee)."""
    weights = {
        p.sku: p.weight_g
        for p in session.exec(
            select(Product).where(
                col(Product.merchant_id) == shipment.merchant_id,
                col(Product.sku).in_([str(i["sku"]) for i in shipment.items]),
            )
        )
    }
    units = [int(weights.get(str(i["sku"]), 0)) for i in shipment.items for _ in range(int(i["quantity"]))]
    first = not any(
        s.id != shipment.id and RANK.get(s.status, 0) >= RANK["picked_up"] and s.status != "lost"
        for s in order_shipments(session, shipment.order_id)
    )
    charge_shipment(
        session, order_id=shipment.order_id, shipment_id=shipment.id, unit_weights_g=units, first=first, at=at
    )


def _maybe_delivered(session: Session, order: Order) -> None:
    shipments = order_shipments(session, order.id)
    if not shipments or any(s.status != "delivered" for s in shipments):
        order.status = "partially_delivered"
        session.add(order)
        return
    delivered_at = max(as_utc(s.delivered_at) for s in shipments if s.delivered_at is not None)
    order.status = "delivered"
    order.delivered_at = delivered_at
    session.add(order)
    session.flush()
    settlement.record_delivery(session, order_id=order.id, delivered_at=delivered_at)
    data = {"object": order_read(session, order).model_dump(mode="json")}
    events.record_event(
        session, ORDER_DELIVERED, subject_id=order.id, merchant_id=order.merchant_id, data=data
    )
