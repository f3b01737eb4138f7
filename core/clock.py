"""The one clock. Every "now" comes from here so tests can freeze it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_frozen: datetime | None = None


def utc_now() -> datetime:
    return _frozen if _frozen is not None else datetime.now(UTC)


@contextmanager
def frozen(at: datetime) -> Iterator[None]:
    """Freeze `utc_now()` at `at` (timezone-aware) for the block."""
    global _frozen
    if at.tzinfo is None:
        raise ValueError("frozen time must be timezone-aware")
    before, _frozen = _frozen, at.astimezone(UTC)
    try:
        yield
    finally:
        _frozen = before


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes for aware columns; every stored time is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
