"""The kernel's periodic work."""

from __future__ import annotations

from core import idempotency
from core.celery_app import celery_app
from core.db import unit_of_work


@celery_app.task(name="core.purge_idempotency_records")
def purge_idempotency_records() -> int:
    with unit_of_work() as session:
        return idempotency.purge_expired(session)
