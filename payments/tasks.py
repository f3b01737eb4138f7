"""FX background work: the hourly refresh of live rates (a no-op on the embedded ECB default)."""

from __future__ import annotations

from collections.abc import Mapping
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

    A failed fetch is not an error: the service keeps answering from the stored and bundled rates while they
    are younger than the age limit (`payments.freshness`), and the report says how old they are. Each run is
    logged (`fx_refreshes`): the last one is on `/metrics`. Storing is idempotent, so a retry or an
    overlapping run is harmless. Without a live provider there is nothing to fetch: the run says so.
    """
    settings = get_settings()
    error: str | None = None
    rates: Mapping[str, fx.EurRate] = {}
    if settings.fx_provider == "live":
        try:
            rates = fx.fetch_live_rates(deadline=timedelta(seconds=settings.fx_live_timeout_seconds))
        except LiveRatesUnavailable as exc:
            error = str(exc)
    with unit_of_work() as session:
        report = fx.record_refresh(session, provider=settings.fx_provider, rates=rates, error=error)
    if settings.fx_provider != "live":
        return {**report.as_dict(), "skipped": "the bundled ECB rates have no live source to refresh from"}
    return report.as_dict()
