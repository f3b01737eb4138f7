"""On PostgreSQL: changes of a merchant's trader information and of its verification, sent at once, are made
one after the other (the merchant's row is locked): the first information sent at once is stored once, and
the history tells each change from the state the one before it left."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from core.db import unit_of_work
from core.merchants import MerchantCreate, create_merchant
from core.models import Merchant, TraderEvent
from tests.concurrent import ROOM, at_once, wide_client
from tests.conftest import Keys
from tests.core.test_traders import INFO

pytestmark = pytest.mark.postgres
__all__ = ["wide_client"]


def test_information_and_verification_sent_at_once_are_made_in_turn(wide_client: TestClient) -> None:
    keys = Keys()
    with unit_of_work() as s:
        mid = create_merchant(s, data=MerchantCreate(name="Race", country="CN", settlement_currency="USD")).id

    def send(i: int) -> int:
        if i % 2 == 0:  # the merchant's information, each time another phone number
            body = {**INFO, "phone": f"+86755000000{i:02d}"}
            r = wide_client.put(f"/v1/merchants/{mid}/trader", json=body, headers=keys.h(keys.admin))
        else:
            r = wide_client.post(
                f"/v1/merchants/{mid}/trader/verification",
                json={"state": "verified" if i % 4 == 1 else "rejected"},
                headers=keys.h(keys.admin),
            )
        return r.status_code

    statuses = Counter(at_once(ROOM, send))
    assert set(statuses) <= {200, 409}, statuses  # 409: verified before any information was stored
    assert statuses[200] >= ROOM // 2
    with unit_of_work(write=False) as s:
        stmt = select(TraderEvent).where(TraderEvent.merchant_id == mid).order_by(col(TraderEvent.at))
        chain = [(e.action, e.state_before, e.state_after) for e in s.exec(stmt)]
        merchant = s.get(Merchant, mid)
        assert merchant is not None
        state = merchant.trader_verification
    assert sum(action == "information" for action, _, _ in chain) == ROOM // 2
    for before, after in itertools.pairwise(chain):
        assert after[1] == before[2], chain  # each change starts from the state the one before left
    assert chain[-1][2] == state
