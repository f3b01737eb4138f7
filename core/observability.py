"""Structured JSON logs with a request id, secret redaction, and each request counted (`core.metrics`)."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.errors import problem
from core.metrics import LATENCY, REQUESTS

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# API keys of ours, Stripe's secret and restricted keys, webhook secrets, bearer tokens, password fields.
_SECRET_PATTERNS = [
    re.compile(r"tlk_[0-9a-z]{26}_[A-Za-z0-9_\-]+"),
    re.compile(r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]+"),
    re.compile(r"\bwhsec_[A-Za-z0-9]+"),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._\-]+"),
    re.compile(r"(?i)(\"?(?:password|secret|api_key|token)\"?\s*[:=]\s*\"?)[^\s\",}]+"),
]


_base_factory = logging.getLogRecordFactory()


def _record_with_request_id(*args: Any, **kwargs: Any) -> logging.LogRecord:
    """Stamp each record with the request id when it is made, so any handler, sync or not, can show it."""
    record = _base_factory(*args, **kwargs)
    record.request_id = request_id.get()
    return record


if getattr(logging.getLogRecordFactory(), "__name__", "") != "_record_with_request_id":
    logging.setLogRecordFactory(_record_with_request_id)


def redact(text: str) -> str:
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + "[REDACTED]", text)
    return text


class JsonFormatter(logging.Formatter):
    _skip = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for k, v in record.__dict__.items():
            if k not in self._skip and not k.startswith("_") and v is not None:
                out[k] = v
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return redact(json.dumps(out, default=str))


class PlainFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        rid = getattr(record, "request_id", None)
        return redact(super().format(record) + (f" request_id={rid}" if rid else ""))


def configure_logging(level: str = "INFO", *, json_logs: bool = True) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter() if json_logs else PlainFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "celery"):
        lg = logging.getLogger(name)
        lg.handlers[:] = []
        lg.propagate = True
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)  # our middleware logs each request


access_log = logging.getLogger("tradelane.access")


class RequestContextMiddleware:
    """Request id (taken from `X-Request-ID` or made), one access-log line and metrics per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = incoming if re.fullmatch(r"[A-Za-z0-9._\-]{8,64}", incoming) else uuid.uuid4().hex
        token = request_id.set(rid)
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", rid.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - start
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope["method"]
            REQUESTS.labels(method, template, str(status)).inc()
            LATENCY.labels(method, template).observe(elapsed)
            access_log.info(
                "request",
                extra={
                    "method": method,
                    "route": template,
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )
            request_id.reset(token)


class _TooLarge(HTTPException):
    """A streamed body went over the limit: raised inside the app's `receive`, caught by the middleware."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over {limit} bytes")


class BodyLimitMiddleware:
    """Refuses bodies over `max_bytes` with a 413 problem, whether announced by Content-Length or streamed.
    `allowances` gives a route (method and exact path) that streams a large body a limit of its own."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, allowances: Mapping[tuple[str, str], int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.allowances = dict(allowances or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.allowances.get((scope["method"], scope["path"]), self.max_bytes)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await self._refuse(scope, receive, send, limit)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(scope, receive, send, limit)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = problem(
            413,
            slug="payload-too-large",
            title="Request body too large",
            detail=f"the request body is over {limit} bytes",
            errors=[],
            instance=scope["path"],
        )
        await response(scope, receive, send)


ReadinessProbe = Callable[[], tuple[bool, dict[str, Any]]]
"""`probe() -> (ready, detail)`: one thing `/readyz` reports besides the database and the broker. It runs on
a probe thread of its own and must not use the request pool (a process snapshot, a background session)."""
READINESS: dict[str, ReadinessProbe] = {}


def register_readiness(name: str, probe: ReadinessProbe) -> None:
    """A domain adds what the service cannot serve without (`payments`: reference rates within their age)."""
    READINESS[name] = probe
