"""On PostgreSQL: concurrent returns never return more units than were shipped."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import func, select

from core.db import unit_of_work
from logistics.models import OrderLine, Return, ReturnLine
from tests.logistics.test_orders_api import DemoKeys, deliver, order, quote

pytestmark = pytest.mark.postgres
N = 20


@pytest.fixture
def wide_client(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The app with room for every request at once, so they really overlap in the database."""
    from core.config import get_settings
    from core.db import engine_for
    from main import create_app

    monkeypatch.setenv("APP_MAX_IN_FLIGHT", str(N))
    monkeypatch.setenv("APP_DB_POOL_SIZE", str(N + 4))
    engine_for(db_url).dispose()
    engine_for.cache_clear()
    get_settings.cache_clear()
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


def _at_once(n: int, fn: Any) -> list[Any]:
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        results[i] = fn(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def test_concurrent_returns_of_one_unit_return_it_once(wide_client: TestClient) -> None:
    demo = DemoKeys()
    o = order(wide_client, demo, quote(wide_client, demo, qty=1)).json()
    deliver(wide_client, demo, o["shipments"][0]["id"], datetime.now(UTC))
    body = {"order_id": o["id"], "items": [{"sku": "TEE-BASIC-M", "quantity": 1, "reason": "wrong_size"}]}

    def ask(i: int) -> int:
        r = wide_client.post(
            "/v1/returns", headers=demo.h(demo.shop, **{"Idempotency-Key": f"ret-{i}"}), json=body
        )
        return r.status_code

    statuses = _at_once(N, ask)
    assert sorted(statuses) == [201] + [422] * (N - 1), statuses
    with unit_of_work(write=False) as s:
        assert s.exec(select(func.count()).select_from(Return).where(Return.order_id == o["id"])).one() == 1
        assert s.exec(select(func.sum(ReturnLine.quantity))).one() == 1
        line = s.exec(select(OrderLine).where(OrderLine.order_id == o["id"])).one()
        assert line.returned_quantity == 1
