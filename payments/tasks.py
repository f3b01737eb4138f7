"""FX background work: the hourly refresh of live rates (a no-op on the embedded ECB default)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError

from core.celery_app import celery_app
from core.config import get_settings
from core.db import unit_of_work
from payments import fx, fx_live
from payments.errors import LiveRatesUnavailable

log = logging.getLogger("tradelane.fx")


@celery_app.task(
    name="payments.refresh_fx_rates",
    autoretry_for=(IntegrityError, OperationalError),
    retry_backoff=True,
    max_retries=3,
)
def refresh_fx_rates() -> dict[str, Any]:
    """Fetch live rates (the ECB's daily file, forex-python if it fails; outside any transaction, each behind
    `fx_live_timeout_seconds`) and store them.

    A failed fetch is not an error: the service keeps answering from the stored and bundled rates while they
    are younger than the age limit (`payments.freshness`), and the report says how old they are. Each run is
    logged (`fx_refreshes`, under the source that answered): the last one is on `/metrics`. Storing is
    idempotent, so a retry or an overlapping run is harmless. Without a live provider there is nothing to
    fetch: the run says so.
    """
    settings = get_settings()
    provider: str = settings.fx_provider
    error: str | None = None
    passed_over: tuple[str, ...] = ()
    rates: Mapping[str, fx.EurRate] = {}
    if settings.fx_provider == "live":
        try:
            fetched = fx_live.fetch_live_rates(on=fx.today())
        except LiveRatesUnavailable as exc:
            error = str(exc)
        else:
            rates, provider, passed_over = fetched.rates, fetched.provider, fetched.errors
            for reason in passed_over:
                log.warning("live FX source failed; trying the next", extra={"error": reason})
    with unit_of_work() as session:
        report = fx.record_refresh(session, provider=provider, rates=rates, error=error)
    if settings.fx_provider != "live":
        return {**report.as_dict(), "skipped": "the bundled ECB rates have no live source to refresh from"}
    return {**report.as_dict(), "passed_over": list(passed_over)}
