"""Traces: OpenTelemetry spans of FastAPI requests, SQLAlchemy statements, Celery tasks and httpx calls,
exported over OTLP/HTTP. Off unless `APP_OTLP_ENDPOINT` names a collector (`http://collector:4318`): nothing
is patched or sent otherwise, so the request path pays nothing for it.

Each process calls `configure_tracing` once as it starts (the API factory, the worker, the scheduler) with
the role it plays, which becomes the spans' `service.name` (`tradelane-api`, `tradelane-worker`...).
Celery's instrumentation carries the trace context from the request that sent a task into the task's spans;
the request id travels beside it in the task's headers (`core.celery_app`).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.celery import CeleryInstrumentor
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from core.config import get_settings

log = logging.getLogger("tradelane.tracing")

_provider: TracerProvider | None = None


def configure_tracing(role: str, app: FastAPI | None = None) -> bool:
    """Start exporting spans when an OTLP endpoint is configured; instrument `app` too when given. True when
    tracing is on."""
    global _provider
    endpoint = get_settings().otlp_endpoint
    if not endpoint:
        return False
    if _provider is None:
        _provider = TracerProvider(resource=Resource.create({"service.name": f"tradelane-{role}"}))
        exporter = OTLPSpanExporter(endpoint=f"{endpoint.rstrip('/')}/v1/traces", timeout=5)
        _provider.add_span_processor(BatchSpanProcessor(exporter))
        trace.set_tracer_provider(_provider)
        SQLAlchemyInstrumentor().instrument(tracer_provider=_provider)
        HTTPXClientInstrumentor().instrument(tracer_provider=_provider)
        CeleryInstrumentor().instrument(tracer_provider=_provider)  # type: ignore[no-untyped-call]
        log.info("tracing to %s", endpoint)
    if app is not None:
        FastAPIInstrumentor.instrument_app(
            app, tracer_provider=_provider, excluded_urls="healthz,readyz,metrics"
        )
    return True


def flush(timeout_ms: int = 5000) -> None:
    """Send the spans still buffered (a process about to end)."""
    if _provider is not None:
        _provider.force_flush(timeout_ms)
