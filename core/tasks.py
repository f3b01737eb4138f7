"""The kernel's background work: purging idempotency records, delivering webhooks."""

from __future__ import annotations

from core import idempotency, webhooks
from core.celery_app import celery_app
from core.db import unit_of_work
from core.jobs import send


@celery_app.task(name="core.purge_idempotency_records")
def purge_idempotency_records() -> int:
    with unit_of_work() as session:
        return idempotency.purge_expired(session)


@celery_app.task(name="core.deliver_webhook")
def deliver_webhook(delivery_id: str) -> str:
    """One attempt of a webhook delivery, if it is due (a repeated or late task does nothing)."""
    return webhooks.deliver(delivery_id)


@celery_app.task(name="core.retry_webhooks")
def retry_webhooks() -> int:
    """Send every webhook delivery whose next attempt is due (retries, and any whose first send was lost)."""
    with unit_of_work(write=False) as session:
        due = webhooks.due_deliveries(session)
    for delivery_id in due:
        send("core.deliver_webhook", delivery_id=delivery_id)
    return len(due)
