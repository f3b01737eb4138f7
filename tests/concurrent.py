"""Firing requests at the same moment: for the PostgreSQL tests of check-then-write races."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from fastapi.testclient import TestClient

from core.config import get_settings
from core.db import engine_for

T = TypeVar("T")
ROOM = 16
"""Requests one app runs at once in these tests (the production default is 2 a process)."""


@pytest.fixture
def wide_client(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The real app with room (threads, connections) for `ROOM` requests at once, so that they overlap in
    the database instead of queueing in the process."""
    from main import create_app

    monkeypatch.setenv("APP_MAX_IN_FLIGHT", str(ROOM))
    monkeypatch.setenv("APP_DB_POOL_SIZE", str(ROOM + 4))
    engine_for(db_url).dispose()
    engine_for.cache_clear()
    get_settings.cache_clear()
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def at_once(n: int, fn: Callable[[int], T]) -> list[T]:
    """`fn(0)` .. `fn(n - 1)` in `n` threads released together; their results in order. An exception in
    one is returned in its place."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = fn(i)
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results
