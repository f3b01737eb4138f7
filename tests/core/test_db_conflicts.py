"""Database failures that a retry cures are answered 503 with Retry-After, never 500."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from core.errors import ServiceUnavailable
from core.http import _translate


@pytest.mark.parametrize(
    "message",
    [
        "deadlock detected\nDETAIL: Process 1 waits for ShareLock on transaction 2",
        "could not serialize access due to concurrent update",
        "canceling statement due to statement timeout",
        "database is locked",
    ],
)
def test_retryable_database_failures_are_503(message: str) -> None:
    answer = _translate(OperationalError("UPDATE stock", {}, Exception(message)))
    assert isinstance(answer, ServiceUnavailable)
    assert answer.headers == {"Retry-After": "1"}


def test_other_database_failures_are_left_alone() -> None:
    exc = OperationalError("SELECT 1", {}, Exception("relation does not exist"))
    assert _translate(exc) is exc
