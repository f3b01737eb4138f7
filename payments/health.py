"""What the FX domain tells operators: the reference rates' age on `/readyz`, and on `/metrics` that age, the
limit and the last run of the refresh task. Both read the process's FX snapshot (`payments.fx_quotes`), never
a request's pool.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time
from typing import Any

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from core.clock import as_utc
from core.metrics import register_collector
from core.observability import register_readiness
from payments.fx_quotes import current


def rates_readiness() -> tuple[bool, dict[str, Any]]:
    """Ready while the reference rates are within their age limit (`payments.freshness`)."""
    state = current().freshness()
    detail = state.as_dict()
    if state.stale:
        detail["why"] = state.describe()
    return not state.stale, detail


def _timestamp(value: datetime) -> float:
    return as_utc(value).timestamp()


class FxCollector(Collector):
    """Gauges read from the FX snapshot at each scrape."""

    def describe(self) -> list[GaugeMetricFamily]:
        return []  # registering must not read the snapshot (no database yet); the names vary with the state

    def collect(self) -> Iterator[GaugeMetricFamily]:
        snap = current()
        state = snap.freshness()
        if state.as_of is not None:
            yield GaugeMetricFamily(
                "fx_reference_rates_published_timestamp_seconds",
                "Publication day (00:00 UTC) of the freshest reference rates",
                value=_timestamp(datetime.combine(state.as_of, time(0), tzinfo=UTC)),
            )
            yield GaugeMetricFamily(
                "fx_reference_rates_age_business_days",
                "TARGET business days since the freshest reference rates were published",
                value=float(state.age_business_days or 0),
            )
        if state.limit.max_age_business_days is not None:
            yield GaugeMetricFamily(
                "fx_reference_rates_max_age_business_days",
                "Age past which FX locks and quotes are refused",
                value=float(state.limit.max_age_business_days),
            )
        yield GaugeMetricFamily(
            "fx_reference_rates_stale",
            "1 while FX locks and quotes are refused for old rates",
            value=state.stale,
        )
        last = snap.last_refresh
        if last is None:
            return
        labels = ["provider"]
        for name, doc, value in (
            ("fx_refresh_last_run_timestamp_seconds", "When the refresh task last ran", _timestamp(last.at)),
            (
                "fx_refresh_last_ok",
                "1 if the last refresh fetched rates (or had none to fetch)",
                last.ok,
            ),
            ("fx_refresh_last_stored_rows", "Rates the refresh task's last run added", last.stored),
        ):
            family = GaugeMetricFamily(name, doc, labels=labels)
            family.add_metric([last.provider], float(value))
            yield family


_collector = FxCollector()
_registered: list[FxCollector] = []


def register_health() -> None:
    """Add the rates' readiness to `/readyz` and their gauges to `/metrics` (once per process)."""
    register_readiness("fx_rates", rates_readiness)
    if not _registered:
        register_collector(_collector)
        _registered.append(_collector)
