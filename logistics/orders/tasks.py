"""Logistics' background work: book shipments and return labels with their carriers after the commit, and
poll live carriers for the tracking of shipments in transit."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError, OperationalError

from carriers.adapters import live_adapter
from carriers.network import current as carrier_network
from core.celery_app import celery_app
from core.clock import utc_now
from core.config import get_settings
from core.db import unit_of_work
from core.errors import AppError
from logistics.orders import returns, shipments, tracking

if TYPE_CHECKING:  # karrio is imported only once a carrier is live
    from carriers.adapters.karrio_adapter import KarrioAdapter


@celery_app.task(
    name="logistics.book_shipment",
    autoretry_for=(IntegrityError, OperationalError),
    retry_backoff=True,
    max_retries=5,
)
def book_shipment(shipment_id: str) -> dict[str, Any]:
    """Book one shipment; an already booked shipment is left as it is, so a retry is harmless."""
    with unit_of_work() as session:
        shipment = shipments.book_shipment(session, shipment_id=shipment_id)
        return {"shipment": shipment.id, "tracking_number": shipment.tracking_number}


@celery_app.task(name="logistics.book_held_shipments")
def book_held_shipments() -> dict[str, int]:
    """Book again each shipment whose label the sale gate held (a market suspended, goods restricted since
    the order), one unit of work each: those the rules now allow are booked, the others stay held."""
    with unit_of_work(write=False) as session:
        held = shipments.held_by_rules(session)
    booked = 0
    for shipment_id in held:
        with unit_of_work() as session:
            booked += shipments.book_shipment(session, shipment_id=shipment_id).tracking_number is not None
    return {"held": len(held), "booked": booked}


@celery_app.task(
    name="logistics.book_return_label",
    autoretry_for=(IntegrityError, OperationalError),
    retry_backoff=True,
    max_retries=5,
)
def book_return_label(return_id: str) -> dict[str, Any]:
    """Book a return's label; an already booked return is left as it is, so a retry is harmless."""
    with unit_of_work() as session:
        ret = returns.book_return_label(session, return_id=return_id)
        return {"return": ret.id, "tracking_number": ret.tracking_number}


@celery_app.task(name="logistics.poll_tracking")
def poll_tracking() -> dict[str, int]:
    """Ask live carriers for the tracking of the shipments in transit whose poll is due (at most
    `tracking_poll_limit`), each carrier call outside any transaction and each answer recorded in its own unit
    of work (`logistics.orders.tracking`). A poll that fails is recorded and backs off like an empty one."""
    settings, live = get_settings(), carrier_network().live
    every = timedelta(minutes=settings.tracking_poll_minutes)
    longest = timedelta(hours=settings.tracking_poll_max_hours)
    with unit_of_work(write=False) as session:
        due = tracking.due_for_poll(session, carriers=live, now=utc_now(), limit=settings.tracking_poll_limit)
    adapters: dict[str, KarrioAdapter | None] = {}
    report = {"due": len(due), "polled": 0, "events": 0, "failed": 0}
    for item in due:
        code = item.carrier_code
        if code not in adapters:
            adapters[code] = live_adapter(live[code], settings, carrier_code=code)
        adapter = adapters[code]
        if adapter is None:
            continue
        result = adapter.track(item.tracking_number, carrier_reference=item.carrier_reference)
        try:
            with unit_of_work() as session:
                applied = tracking.record_poll(
                    session, due=item, result=result, now=utc_now(), every=every, longest=longest
                )
        except AppError:
            report["failed"] += 1
            continue
        report["polled"] += 1
        report["events"] += applied.new
    return report
