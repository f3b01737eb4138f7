"""Input limits, once for every endpoint: the window of dates the service takes, bounded integers, and the
guard every request passes before anything parses or recurses over its input.

- Dates and times are taken between 2000-01-01 and 2100-12-31 (`WindowDate`, `WindowDateTime`); a time that
  reports something that happened (`EventTime`) may be at most an hour ahead of the clock.
- Numbers that name a row fit any integer column (`Ordinal`, `PathNumber`); JSON integers anywhere in a body
  fit a signed 64-bit one.
- `InputGuard` refuses, before the endpoint parses the body: JSON nested deeper than `MAX_JSON_DEPTH` (a 400;
  every recursive walk over the body, from the idempotency fingerprint to validation, stays far from Python's
  recursion limit), NUL characters in the path, the query, a JSON string or key, a form or a text body (a 422
  naming the field: PostgreSQL cannot store them, and no name, reference or code contains one), and JSON
  integers beyond 64 bits (a 422 naming the field). Amounts are bounded by the money type (`core.money`).

The checks cost a few substring scans per request; the slower exact walk runs only when a scan finds a hint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import Path
from pydantic import AfterValidator, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.clock import as_utc, utc_now
from core.errors import FieldError, problem

EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
EARLIEST = datetime.combine(EARLIEST_DATE, time(0), tzinfo=UTC)
LATEST = datetime.combine(LATEST_DATE, time.max, tzinfo=UTC)
EVENT_SKEW = timedelta(hours=1)
"""How far ahead of the clock a reported event may be (clocks of carriers and providers drift)."""

MAX_INT = 2**63 - 1
MIN_INT = -(2**63)
MAX_INT32 = 2**31 - 1
MAX_JSON_DEPTH = 32


def _window_message() -> str:
    return f"must be between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}"


def check_date(value: date) -> date:
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(_window_message())
    return value


def check_datetime(value: datetime) -> datetime:
    # the year first: converting a time at the edge of the calendar to UTC would overflow
    if not EARLIEST_DATE.year - 1 < value.year < LATEST_DATE.year + 1 or not (
        EARLIEST <= as_utc(value) <= LATEST
    ):
        raise ValueError(_window_message())
    return value


def check_event_time(value: datetime) -> datetime:
    check_datetime(value)
    if as_utc(value) > utc_now() + EVENT_SKEW:
        raise ValueError(f"must not be more than {EVENT_SKEW} (h:mm:ss) ahead of the clock")
    return value


WindowDate = Annotated[date, AfterValidator(check_date)]
"""A calendar day between 2000-01-01 and 2100-12-31."""
WindowDateTime = Annotated[datetime, AfterValidator(check_datetime)]
"""A time between 2000-01-01 and 2100-12-31 (UTC)."""
EventTime = Annotated[datetime, AfterValidator(check_event_time)]
"""When something happened (a payment, a delivery, a tracking event): in the window, at most an hour ahead."""
Ordinal = Annotated[int, Field(ge=1, le=MAX_INT32)]
"""A positive number that names a row (a version, a line): within any integer column."""
PathNumber = Annotated[int, Path(ge=1, le=MAX_INT32)]
"""An `Ordinal` in a path."""


# --- the request guard ---------------------------------------------------------------------------------

_DIGITS = re.compile(rb"\d{19}")
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")


class Refused(Exception):
    def __init__(self, status: int, detail: str, field: str) -> None:
        super().__init__(detail)
        self.status, self.detail, self.field = status, detail, field


def too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether a JSON document nests deeper than `limit`, found without parsing it (strings skipped)."""
    if body.count(b"{") + body.count(b"[") <= limit:
        return False
    depth = 0
    for bracket in _BRACKETS.findall(_STRING.sub(b'""', body)):
        depth += 1 if bracket in (b"{", b"[") else -1
        if depth > limit:
            return True
    return False


def _walk(doc: Any) -> Iterator[tuple[str, Any]]:
    """Every key and leaf of a parsed JSON document with its dotted path, iteratively."""
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for k, v in value.items():
                child = f"{path}.{k}" if path else str(k)
                yield child, k
                stack.append((child, v))
        elif isinstance(value, list):
            stack.extend((f"{path}.{i}" if path else str(i), v) for i, v in enumerate(value))
        else:
            yield path or "body", value


def check_json(body: bytes) -> None:
    """Depth first (nothing recursive runs before it); then NULs and integers beyond 64 bits, by field."""
    if too_deep(body):
        raise Refused(400, f"the JSON body is nested deeper than {MAX_JSON_DEPTH} levels", "body")
    if b"\\u0000" not in body and _DIGITS.search(body) is None:
        return
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return  # the endpoint answers malformed JSON as it always does
    for field, value in _walk(doc):
        if isinstance(value, str) and "\x00" in value:
            raise Refused(422, "must not contain NUL characters", field)
        if isinstance(value, int) and not isinstance(value, bool) and not MIN_INT <= value <= MAX_INT:
            raise Refused(422, "must be an integer within 64 bits", field)


def check_query(query: bytes) -> None:
    if b"%00" not in query and b"\x00" not in query:
        return
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            raise Refused(422, "must not contain NUL characters", name.replace("\x00", "") or "query")


def check_body(content_type: str, body: bytes) -> None:
    if not body or content_type.startswith("multipart/"):
        return
    if not content_type or "json" in content_type:
        check_json(body)
    elif content_type.startswith("application/x-www-form-urlencoded"):
        check_query(body)
    elif b"\x00" in body:
        raise Refused(422, "must not contain NUL characters", "body")


class InputGuard:
    """The request guard (see the module): refuses hostile input with a problem before the app sees it.

    A route in `streamed` (method and exact path) reads its body as a stream, as large as its own body limit
    allows: the guard checks its path and query but leaves the body to the endpoint, which must refuse NULs,
    deep nesting and overlong lines itself, record by record, without holding the body in memory."""

    def __init__(self, app: ASGIApp, streamed: Iterable[tuple[str, str]] = ()) -> None:
        self.app = app
        self.streamed = frozenset(streamed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            if "\x00" in scope["path"]:
                raise Refused(422, "the path must not contain NUL characters", "path")
            check_query(scope.get("query_string", b""))
        except Refused as refused:
            await self._refuse(scope, receive, send, refused)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE") or (
            (scope["method"], scope["path"]) in self.streamed
        ):
            await self.app(scope, receive, send)
            return
        body, tail = await _read_body(receive)
        content_type = dict(scope["headers"]).get(b"content-type", b"").decode("latin-1").lower()
        try:
            check_body(content_type, body)
        except Refused as refused:
            await self._refuse(scope, receive, send, refused)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return tail if tail is not None else await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, refused: Refused) -> None:
        slug, title = (
            ("malformed-request", "Malformed request")
            if refused.status == 400
            else ("invalid-input", "Invalid input")
        )
        response = problem(
            refused.status,
            slug=slug,
            title=title,
            detail=f"{refused.field}: {refused.detail}",
            errors=[FieldError(refused.field, refused.detail)],
            instance=scope["path"],
        )
        await response(scope, receive, send)


async def _read_body(receive: Receive) -> tuple[bytes, Message | None]:
    """The whole body (its size is bounded by the body limit outside), and a disconnect seen while reading."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), message
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), None
