"""On PostgreSQL: concurrent returns never return more units than were shipped."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import func, select

from core.db import unit_of_work
from logistics.orders.models import OrderLine, Return, ReturnLine
from tests.concurrent import ROOM, at_once, wide_client
from tests.logistics.test_orders_api import DemoKeys, deliver, order, quote

pytestmark = pytest.mark.postgres
__all__ = ["wide_client"]


def test_concurrent_returns_of_one_unit_return_it_once(wide_client: TestClient) -> None:
    demo = DemoKeys()
    o = order(wide_client, demo, quote(wide_client, demo, qty=1)).json()
    deliver(wide_client, demo, o["shipments"][0]["id"], datetime.now(UTC))
    body = {"order_id": o["id"], "items": [{"sku": "TEE-BASIC-M", "quantity": 1, "reason": "wrong_size"}]}

    def ask(i: int) -> int:
        headers = demo.h(demo.shop, **{"Idempotency-Key": f"ret-{i}"})
        return wide_client.post("/v1/returns", headers=headers, json=body).status_code

    statuses = Counter(at_once(ROOM, ask))
    assert statuses == {201: 1, 422: ROOM - 1}
    with unit_of_work(write=False) as s:
        assert s.exec(select(func.count()).select_from(Return).where(Return.order_id == o["id"])).one() == 1
        assert s.exec(select(func.sum(ReturnLine.quantity))).one() == 1
        line = s.exec(select(OrderLine).where(OrderLine.order_id == o["id"])).one()
        assert line.returned_quantity == 1
