"""FX background work: the hourly refresh of live rates (a no-op on the embedded ECB default)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError

from core.celery_app import celery_app
from core.config import get_settings
from core.db import unit_of_work
from payments import fx
from payments.errors import LiveRatesUnavailable


@celery_app.task(
    name="payments.refresh_fx_rates",
    autoretry_for=(IntegrityError, OperationalError),
    retry_backoff=True,
    max_retries=3,
)
def refresh_fx_rates() -> dict[str, Any]:
    """Fetch the live provider's rates (outside any transaction, with a deadline) and store them.

    A failed fetch is not an error: the service keeps answering from the stored and bundled rates, and the
    report says how old they are. Storing is idempotent, so a retry or an overlapping run is harmless.
    """
    settings = get_settings()
    if settings.fx_provider != "live":
        return {
            "provider": settings.fx_provider,
            "ok": True,
            "skipped": "the bundled ECB rates need no refresh",
        }
    error: str | None = None
    try:
        rates = fx.fetch_live_rates(deadline=timedelta(seconds=settings.fx_live_timeout_seconds))
    except LiveRatesUnavailable as exc:
        rates, error = {}, str(exc)
    with unit_of_work() as session:
        report = fx.record_refresh(session, provider=settings.fx_provider, rates=rates, error=error)
    return report.as_dict()
