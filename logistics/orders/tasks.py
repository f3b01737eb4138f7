"""Logistics' background work: book shipments and return labels with their carriers after the commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError

from core.celery_app import celery_app
from core.db import unit_of_work
from logistics.orders import returns, shipments


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
