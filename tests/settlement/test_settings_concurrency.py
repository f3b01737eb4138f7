"""On PostgreSQL: a payee's first payout settings sent several times at once are created once."""

from __future__ import annotations

from collections import Counter

import pytest
from fastapi.testclient import TestClient
from sqlmodel import func, select

from core.db import unit_of_work
from settlement.models import PayoutSettingChange, PayoutSettings
from tests.concurrent import ROOM, at_once, wide_client
from tests.conftest import Keys
from tests.settlement.test_api import settings_body

pytestmark = pytest.mark.postgres
__all__ = ["wide_client"]


def test_first_settings_sent_at_once_are_created_once(wide_client: TestClient) -> None:
    keys = Keys()

    def put(_: int) -> int:
        r = wide_client.put("/v1/payout-settings", json=settings_body(), headers=keys.h(keys.merchant))
        return r.status_code

    assert Counter(at_once(ROOM, put)) == {200: ROOM}
    with unit_of_work(write=False) as s:
        row = s.get(PayoutSettings, ("merchant", keys.merchant_a))
        assert row is not None
        assert row.version == 1
        assert s.exec(select(func.count()).select_from(PayoutSettingChange)).one() == 0
