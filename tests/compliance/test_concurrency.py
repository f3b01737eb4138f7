"""On PostgreSQL: concurrent officers cannot approve overlapping versions, approve one twice, number two
drafts alike, or suspend a market twice."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, func, select

from compliance.models import AuditEntry, MarketSuspension, RuleSet, RuleVersion
from core.auth import create_api_key
from core.clock import utc_now
from core.db import unit_of_work
from core.models import Role
from tests.compliance.test_governance_api import RULE, draft, iso
from tests.concurrent import ROOM, at_once, wide_client
from tests.conftest import Keys

pytestmark = pytest.mark.postgres
__all__ = ["wide_client"]


@pytest.fixture
def officers(wide_client: TestClient, defaults: None) -> list[str]:
    """Compliance officers' keys (none the author of the drafts, which `Keys().officer` writes)."""
    with unit_of_work() as s:
        return [create_api_key(s, role=Role.compliance_officer).secret for _ in range(ROOM)]


@pytest.fixture
def author(wide_client: TestClient, defaults: None) -> str:
    keys = Keys()
    r = wide_client.post("/v1/rules", json=RULE, headers=keys.h(keys.officer))
    assert r.status_code == 201, r.text
    return keys.officer


def _submitted(client: TestClient, author: str, start: datetime) -> int:
    number = int(draft(client, RULE["key"], author, effective_from=iso(start))["number"])
    r = client.post(f"/v1/rules/{RULE['key']}/versions/{number}/submit", headers=Keys.h(author))
    assert r.status_code == 200, r.text
    return number


def _audited(action: str) -> int:
    with unit_of_work(write=False) as s:
        return int(s.exec(select(func.count()).where(col(AuditEntry.action) == action)).one())


def test_overlapping_versions_approved_at_once_one_wins(
    wide_client: TestClient, author: str, officers: list[str]
) -> None:
    start = utc_now() - timedelta(minutes=1)
    numbers = [_submitted(wide_client, author, start) for _ in range(ROOM)]  # all from the same instant

    def approve(i: int) -> int:
        path = f"/v1/rules/{RULE['key']}/versions/{numbers[i]}/approve"
        return wide_client.post(path, headers=Keys.h(officers[i])).status_code

    assert Counter(at_once(ROOM, approve)) == {200: 1, 409: ROOM - 1}
    with unit_of_work(write=False) as s:
        approved = s.exec(
            select(func.count())
            .select_from(RuleVersion)
            .join(RuleSet, col(RuleSet.id) == col(RuleVersion.rule_set_id))
            .where(col(RuleSet.key) == RULE["key"], col(RuleVersion.status) == "approved")
        ).one()
    assert approved == 1
    assert _audited("version.approve") == 1


def test_one_version_approved_at_once_is_approved_once(
    wide_client: TestClient, author: str, officers: list[str]
) -> None:
    number = _submitted(wide_client, author, utc_now() - timedelta(minutes=1))

    def approve(i: int) -> int:
        path = f"/v1/rules/{RULE['key']}/versions/{number}/approve"
        return wide_client.post(path, headers=Keys.h(officers[i])).status_code

    assert Counter(at_once(ROOM, approve)) == {200: 1, 409: ROOM - 1}
    assert _audited("version.approve") == 1


def test_drafts_started_at_once_get_their_own_numbers(wide_client: TestClient, author: str) -> None:
    def start(_: int) -> int:
        return int(draft(wide_client, RULE["key"], author)["number"])

    assert sorted(at_once(ROOM, start)) == list(range(1, ROOM + 1))


def test_a_market_suspended_at_once_is_suspended_once(
    wide_client: TestClient, author: str, officers: list[str]
) -> None:
    def suspend(i: int) -> int:
        body = {"reason": f"regulator order {i}"}
        return wide_client.post("/v1/markets/TH/suspend", json=body, headers=Keys.h(officers[i])).status_code

    assert Counter(at_once(ROOM, suspend)) == {200: 1, 409: ROOM - 1}
    with unit_of_work(write=False) as s:
        assert s.exec(select(func.count()).select_from(MarketSuspension)).one() == 1
    assert _audited("market.suspend") == 1
