"""On PostgreSQL: tax remittances sent at once are recorded once per key, and never more than is due."""

from __future__ import annotations

from collections import Counter

import pytest
from fastapi.testclient import TestClient
from sqlmodel import func, select

from core.clock import utc_now
from core.db import unit_of_work
from settlement.models import TaxRemittance
from tests.concurrent import ROOM, at_once, wide_client
from tests.conftest import Keys
from tests.settlement.conftest import assert_ledger_sound, make_merchant
from tests.settlement.test_checkout import berlin, sell

pytestmark = pytest.mark.postgres
__all__ = ["wide_client"]


@pytest.fixture
def vat_due(wide_client: TestClient) -> dict[str, str]:
    """EUR 23.56 of German import VAT collected this month; the body of a remittance of all of it."""
    with unit_of_work() as s:
        sell(s, make_merchant(s, currency="EUR", country="DE"), "vat-1", berlin())
    period = utc_now().strftime("%Y-%m")
    return {
        "jurisdiction": "DE",
        "kind": "vat",
        "period": period,
        "amount": {"amount": "23.56", "currency": "EUR"},
    }  # type: ignore[dict-item]


def _post(client: TestClient, admin: str, body: dict[str, object]) -> tuple[int, str | None]:
    r = client.post("/v1/tax-remittances", json=body, headers=Keys.h(admin))
    return r.status_code, r.json().get("id")


def test_one_remittance_sent_at_once_is_recorded_once(
    wide_client: TestClient, vat_due: dict[str, str]
) -> None:
    admin = Keys().admin
    answers = at_once(ROOM, lambda _: _post(wide_client, admin, {**vat_due, "reference": "bzst-1"}))
    assert Counter(status for status, _ in answers) == {201: ROOM}
    assert len({rid for _, rid in answers}) == 1
    with unit_of_work(write=False) as s:
        assert s.exec(select(func.count()).select_from(TaxRemittance)).one() == 1


def test_remittances_sent_at_once_never_exceed_what_is_due(
    wide_client: TestClient, vat_due: dict[str, str]
) -> None:
    admin = Keys().admin
    tenth = {**vat_due, "amount": {"amount": "5.00", "currency": "EUR"}}
    answers = at_once(ROOM, lambda i: _post(wide_client, admin, {**tenth, "reference": f"bzst-{i}"}))
    assert Counter(status for status, _ in answers) == {201: 4, 409: ROOM - 4}
    with unit_of_work(write=False) as s:
        assert s.exec(select(func.sum(TaxRemittance.amount_minor))).one() == 2000
        assert_ledger_sound(s)
