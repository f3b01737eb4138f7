"""Prometheus metrics that add up across processes: the request path's, the business's, and the tasks'.

One process serves `/metrics` for all of them. `serve` makes a fresh folder for prometheus-client's
multiprocess mode and names it in `PROMETHEUS_MULTIPROC_DIR` before it imports this module or starts
anything (`main._metrics_folder`), so its API
processes, its embedded worker and its scheduler each write their samples there and any API process answers
the sum (`payload`). Processes started apart (the scale-out set-up's `worker` and `beat`) join when they
are given the same variable on the same host; without it, a process counts for itself alone (tests, one-off
commands).

Counters and histograms add up; the in-flight gauge sums the live processes; gauges read from a process's
snapshot at scrape time (the FX rates' age) are registered with `register_collector` and answered by the
process that answers the scrape.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.registry import Collector

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"

# --- the request path ------------------------------------------------------------------------------------
REQUESTS = Counter("http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "http_request_duration_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
SHED = Counter("http_requests_shed_total", "Requests answered 503 at once because the process was saturated")
IN_FLIGHT = Gauge(
    "http_requests_in_flight", "Requests running in the API processes", multiprocess_mode="livesum"
)
IDEMPOTENT_REPLAYS = Counter(
    "idempotent_replays_total", "Requests answered from a stored answer for the same Idempotency-Key"
)

# --- the business ----------------------------------------------------------------------------------------
QUOTES = Counter("quotes_total", "Shipping quotes answered, by whether any option was offered", ["outcome"])
QUOTE_SECONDS = Histogram(
    "quote_duration_seconds",
    "Time to plan, price and store a shipping quote",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1),
)
EVENTS = Counter("business_events_total", "Business events committed (orders, shipments, payouts)", ["type"])
RUN_SECONDS = Histogram(
    "settlement_run_duration_seconds",
    "Settlement runs from start to their last payout submitted",
    ["outcome"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600),
)
PAYOUTS = Counter("payouts_total", "Payouts by outcome (submitted, paid, failed)", ["outcome"])
WEBHOOK_DELIVERIES = Counter("webhook_deliveries_total", "Webhook delivery attempts by outcome", ["outcome"])
CARRIER_CALLS = Histogram(
    "carrier_adapter_duration_seconds",
    "Calls to carrier adapters (rates, bookings, tracking) by outcome",
    ["carrier", "operation", "outcome"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
)

# --- tasks -----------------------------------------------------------------------------------------------
TASKS = Counter("tasks_total", "Background tasks run by the workers, by outcome", ["task", "outcome"])
TASK_SECONDS = Histogram(
    "task_duration_seconds",
    "Background task run time",
    ["task"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900),
)
TASKS_SENT = Counter("tasks_sent_total", "Tasks sent to the broker by any process", ["task"])

_collectors: list[Collector] = []


def register_collector(collector: Collector) -> None:
    """A collector read at scrape time from the answering process (a snapshot's gauges)."""
    _collectors.append(collector)
    if not os.environ.get(MULTIPROCESS_ENV):
        REGISTRY.register(collector)


def process_ended(pid: int | None = None) -> None:
    """Drop a process's live gauges (its counters stay counted) when it ends."""
    if os.environ.get(MULTIPROCESS_ENV):
        multiprocess.mark_process_dead(pid or os.getpid())  # type: ignore[no-untyped-call]


def payload() -> tuple[bytes, str]:
    """The exposition of every process sharing the folder, or of this process alone."""
    if not os.environ.get(MULTIPROCESS_ENV):
        return generate_latest(), CONTENT_TYPE_LATEST
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    for collector in _collectors:
        registry.register(collector)
    return generate_latest(registry), CONTENT_TYPE_LATEST


@contextmanager
def carrier_call(carrier: str, operation: str) -> Iterator[None]:
    """Time a carrier adapter call and count its outcome (ok, or the error's class)."""
    start = time.perf_counter()
    outcome = "ok"
    try:
        yield
    except Exception as exc:
        outcome = type(exc).__name__
        raise
    finally:
        CARRIER_CALLS.labels(carrier, operation, outcome).observe(time.perf_counter() - start)


_task_started: dict[str, float] = {}


def task_started(task_id: str | None, **_: Any) -> None:
    if task_id:
        _task_started[task_id] = time.perf_counter()


def task_ended(task_id: str | None, task: Any = None, state: str | None = None, **_: Any) -> None:
    name = getattr(task, "name", None) or "unknown"
    TASKS.labels(name, (state or "unknown").lower()).inc()
    started = _task_started.pop(task_id or "", None)
    if started is not None:
        TASK_SECONDS.labels(name).observe(time.perf_counter() - started)


def task_sent(sender: str | None = None, **_: Any) -> None:
    TASKS_SENT.labels(sender or "unknown").inc()
