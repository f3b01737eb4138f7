"""On PostgreSQL: refunds of one order recorded at once never give back more than was paid, and a refund
sent twice at once is recorded once."""

from __future__ import annotations

from collections import Counter

import pytest
from fastapi.testclient import TestClient

from core.db import unit_of_work
from core.money import Money
from settlement import service
from settlement.errors import RefundExceedsOrder
from settlement.models import SettlementOrder
from tests.concurrent import ROOM, at_once, wide_client
from tests.settlement.conftest import assert_ledger_sound, make_merchant
from tests.settlement.test_checkout import berlin, sell

pytestmark = pytest.mark.postgres
__all__ = ["wide_client"]


def _refund(refund_id: str, amount: str) -> str:
    try:
        with unit_of_work() as s:
            service.record_refund(s, refund_id=refund_id, order_id="berlin", amount=Money.of(amount, "EUR"))
    except RefundExceedsOrder:
        return "refused"
    return "recorded"


@pytest.fixture
def berlin_sold(wide_client: TestClient) -> None:
    """EUR 147.55 paid for the Berlin order (duty and import VAT to the authority)."""
    with unit_of_work() as s:
        sell(s, make_merchant(s, currency="EUR", country="DE"), "berlin", berlin())


@pytest.mark.usefixtures("berlin_sold")
def test_refunds_recorded_at_once_never_exceed_the_payment() -> None:
    answers = at_once(ROOM, lambda i: _refund(f"re-{i}", "20.00"))
    assert Counter(answers) == {"recorded": 7, "refused": ROOM - 7}
    with unit_of_work(write=False) as s:
        o = s.get(SettlementOrder, "berlin")
        assert o is not None
        assert o.refunded_minor == 14_000
        assert_ledger_sound(s)


@pytest.mark.usefixtures("berlin_sold")
def test_one_refund_sent_at_once_is_recorded_once() -> None:
    answers = at_once(ROOM, lambda _: _refund("re-once", "50.00"))
    assert answers == ["recorded"] * ROOM
    with unit_of_work(write=False) as s:
        o = s.get(SettlementOrder, "berlin")
        assert o is not None
        assert o.refunded_minor == 5_000
        assert_ledger_sound(s)
