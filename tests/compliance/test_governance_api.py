"""Rule governance through the API: drafts, tests, four-eyes, windows, rollback, suspensions, audit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from core.clock import utc_now
from core.db import get_engine
from tests.conftest import Keys

RULE = {
    "key": "restricted-goods-sg",
    "topic": "restricted_goods",
    "name": "Singapore: controlled goods",
    "scope": {"type": "countries", "countries": ["SG"]},
}
ROWS = [{"hs_prefix": "2402", "action": "block", "reason": "Chewing tobacco and cigars need a licence"}]
TESTS = [{"name": "cigar blocked", "input": {"hs_code": "240210"}, "expect": {"action": "block"}}]


def iso(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


def draft(client: TestClient, key: str, officer: str, **over: object) -> dict:  # type: ignore[type-arg]
    body = {
        "rows": ROWS,
        "tests": TESTS,
        "effective_from": iso(utc_now() - timedelta(minutes=1)),
        "reason": "Customs (Prohibition of Imports) Order",
        "source_url": "https://sso.agc.gov.sg/",
        **over,
    }
    r = client.post(f"/v1/rules/{key}/versions", json=body, headers=Keys.h(officer))
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture
def rule(client: TestClient, keys: Keys, defaults: None) -> str:
    r = client.post("/v1/rules", json=RULE, headers=keys.h(keys.officer))
    assert r.status_code == 201, r.text
    return RULE["key"]


def ask(client: TestClient, keys: Keys, hs: str, country: str = "SG", date: str | None = None) -> dict:  # type: ignore[type-arg]
    body = {
        "topic": "restricted_goods",
        "country": country,
        "input": {"hs_code": hs},
        **({"date": date} if date else {}),
    }
    r = client.post("/v1/rules/evaluate", json=body, headers=keys.h(keys.officer))
    assert r.status_code == 200, r.text
    return r.json()


def test_four_eyes_flow(client: TestClient, keys: Keys, rule: str, officer2: str) -> None:
    v = draft(client, rule, keys.officer)
    assert v["status"] == "draft"
    assert ask(client, keys, "240210")["outcome"]["action"] == "allow"
    path = f"/v1/rules/{rule}/versions/{v['number']}"
    r = client.post(path + "/approve", headers=keys.h(officer2))
    assert r.status_code == 409  # not submitted yet
    assert client.post(path + "/submit", headers=keys.h(keys.officer)).json()["status"] == "pending_approval"
    r = client.post(path + "/approve", headers=keys.h(keys.officer))
    assert r.status_code == 403
    assert r.json()["type"] == "/problems/four-eyes-required"
    r = client.post(path + "/approve", json={"note": "checked against the order"}, headers=keys.h(officer2))
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "active"
    assert r.json()["approver"] != r.json()["author"]
    outcome = ask(client, keys, "240210")
    assert outcome["outcome"]["action"] == "block"
    assert f"{rule}@1" in outcome["rules"]
    # active versions are immutable
    r = client.put(path, json={"reason": "tweak"}, headers=keys.h(keys.officer))
    assert r.status_code == 409
    detail = client.get(f"/v1/rules/{rule}", headers=keys.h(keys.admin)).json()
    assert detail["active_version"] == 1


def test_malformed_content_is_422_and_the_draft_is_kept(client: TestClient, keys: Keys, rule: str) -> None:
    r = client.post(
        f"/v1/rules/{rule}/versions",
        headers=keys.h(keys.officer),
        json={
            "rows": [{"hs_prefix": "24x", "action": "explode", "reason": "x"}],
            "effective_from": iso(utc_now()),
            "reason": "bad",
        },
    )
    assert r.status_code == 422
    fields = {e["field"] for e in r.json()["errors"]}
    assert {"rows.0.hs_prefix", "rows.0.action"} <= fields
    v = draft(client, rule, keys.officer)
    path = f"/v1/rules/{rule}/versions/{v['number']}"
    r = client.put(path, json={"rows": [{"hs_prefix": "2402"}]}, headers=keys.h(keys.officer))
    assert r.status_code == 422
    assert client.get(path, headers=keys.h(keys.officer)).json()["rows"] == ROWS
    # An end before the draft's start (the start not in the request) is a 422 naming the field.
    before_start = iso(utc_now() - timedelta(days=400))
    r = client.put(path, json={"effective_to": before_start}, headers=keys.h(keys.officer))
    assert r.status_code == 422
    message = "effective_to must be after effective_from"
    assert r.json()["errors"] == [{"field": "effective_to", "message": message}]
    assert client.get(path, headers=keys.h(keys.officer)).json()["effective_to"] is None


def test_failing_tests_block_submission(client: TestClient, keys: Keys, rule: str) -> None:
    v = draft(
        client,
        rule,
        keys.officer,
        tests=[{"name": "wrong", "input": {"hs_code": "240210"}, "expect": {"action": "allow"}}],
    )
    path = f"/v1/rules/{rule}/versions/{v['number']}"
    r = client.post(path + "/submit", headers=keys.h(keys.officer))
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "tests.0"
    assert client.get(path, headers=keys.h(keys.officer)).json()["status"] == "draft"


def _approve(client: TestClient, rule: str, number: int, author: str, approver: str) -> dict:  # type: ignore[type-arg]
    path = f"/v1/rules/{rule}/versions/{number}"
    assert client.post(path + "/submit", headers=Keys.h(author)).status_code == 200
    r = client.post(path + "/approve", headers=Keys.h(approver))
    assert r.status_code == 200, r.text
    return r.json()


def test_scheduling_overlap_and_supersession(
    client: TestClient, keys: Keys, rule: str, officer2: str
) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    v1 = draft(client, rule, keys.officer, effective_from=iso(start))
    _approve(client, rule, v1["number"], keys.officer, officer2)
    future = utc_now() + timedelta(days=30)
    v2 = draft(client, rule, keys.officer, rows=[], tests=[], effective_from=iso(future))
    approved = _approve(client, rule, v2["number"], keys.officer, officer2)
    assert approved["status"] == "scheduled"
    detail = client.get(f"/v1/rules/{rule}", headers=keys.h(keys.officer)).json()
    assert detail["active_version"] == 1
    assert detail["scheduled_versions"] == [2]
    assert detail["versions"][0]["effective_to"].startswith(iso(future)[:19])
    # evaluation follows the dates
    assert ask(client, keys, "240210")["outcome"]["action"] == "block"
    assert (
        ask(client, keys, "240210", date=(future + timedelta(days=1)).date().isoformat())["outcome"]["action"]
        == "allow"
    )
    # a version starting before an approved one overlaps
    v3 = draft(client, rule, keys.officer, effective_from=iso(future - timedelta(days=1)))
    r = client.post(f"/v1/rules/{rule}/versions/{v3['number']}/submit", headers=keys.h(keys.officer))
    assert r.status_code == 409
    assert r.json()["type"] == "/problems/version-window-overlaps"


def test_reject_and_rollback(client: TestClient, keys: Keys, rule: str, officer2: str) -> None:
    v1 = draft(client, rule, keys.officer, effective_from=iso(utc_now() - timedelta(days=2)))
    _approve(client, rule, v1["number"], keys.officer, officer2)
    v2 = draft(
        client, rule, keys.officer, rows=[], tests=[], effective_from=iso(utc_now() - timedelta(days=1))
    )
    _approve(client, rule, v2["number"], keys.officer, officer2)
    assert ask(client, keys, "240210")["outcome"]["action"] == "allow"
    v3 = draft(
        client, rule, keys.officer, rows=[], tests=[], effective_from=iso(utc_now() + timedelta(days=1))
    )
    client.post(f"/v1/rules/{rule}/versions/{v3['number']}/submit", headers=keys.h(keys.officer))
    r = client.post(
        f"/v1/rules/{rule}/versions/{v3['number']}/reject",
        json={"reason": "duplicate"},
        headers=keys.h(officer2),
    )
    assert r.json()["status"] == "rejected"
    r = client.post(
        f"/v1/rules/{rule}/rollback",
        json={"to_version": 1, "reason": "v2 removed the ban by mistake"},
        headers=keys.h(keys.officer),
    )
    assert r.status_code == 201, r.text
    back = r.json()
    assert back["status"] == "pending_approval"
    assert back["rolled_back_from"] == 1
    assert back["rows"] == ROWS
    assert (
        client.post(f"/v1/rules/{rule}/versions/{back['number']}/approve", headers=keys.h(officer2)).json()[
            "status"
        ]
        == "active"
    )
    assert ask(client, keys, "240210")["outcome"]["action"] == "block"
    history = client.get(f"/v1/rules/{rule}/history", headers=keys.h(keys.officer)).json()
    actions = [e["action"] for e in history["audit"]]
    assert actions.count("version.approve") == 3
    assert "version.reject" in actions
    assert "version.supersede" in actions


def test_suspension_and_its_approval(client: TestClient, keys: Keys, defaults: None, officer2: str) -> None:
    r = client.post(
        "/v1/markets/TH/suspend", json={"reason": "regulator order"}, headers=keys.h(keys.officer)
    )
    assert r.status_code == 200, r.text
    th = r.json()
    assert th["open"] is False
    assert th["suspension_approved"] is False
    markets = {m["country"]: m for m in client.get("/v1/markets", headers=keys.h(keys.admin)).json()["data"]}
    assert markets["TH"]["open"] is False
    assert markets["TH"]["suspension_approved"] is False
    assert markets["SG"]["open"] is True
    assert (
        client.post("/v1/markets/TH/suspend", json={"reason": "again"}, headers=keys.h(officer2)).status_code
        == 409
    )
    assert client.post("/v1/markets/TH/suspension/approve", headers=keys.h(keys.officer)).status_code == 403
    r = client.post("/v1/markets/TH/suspension/approve", headers=keys.h(officer2))
    assert r.json()["suspension_approved"] is True
    actions = [
        e["action"]
        for e in client.get("/v1/audit", params={"entity_id": "TH"}, headers=keys.h(keys.admin)).json()[
            "data"
        ]
    ]
    assert actions == ["market.suspension_approve", "market.suspend"]
    assert (
        client.post("/v1/markets/XX/suspend", json={"reason": "x"}, headers=keys.h(keys.officer)).status_code
        == 422
    )


def _markets(client: TestClient, keys: Keys) -> dict[str, dict]:  # type: ignore[type-arg]
    return {m["country"]: m for m in client.get("/v1/markets", headers=keys.h(keys.admin)).json()["data"]}


def _th_actions(client: TestClient, keys: Keys) -> list[str]:
    audit = client.get("/v1/audit", params={"entity_id": "TH"}, headers=keys.h(keys.admin)).json()["data"]
    return [e["action"] for e in reversed(audit)]


def test_a_lone_officer_cannot_lift_a_suspension(
    client: TestClient, keys: Keys, defaults: None, officer2: str
) -> None:
    officer = keys.h(keys.officer)
    assert client.post("/v1/markets/TH/resume", json={"reason": "x"}, headers=officer).status_code == 409
    client.post("/v1/markets/TH/suspend", json={"reason": "regulator order"}, headers=officer)
    r = client.post("/v1/markets/TH/resume", json={"reason": "order lifted"}, headers=officer)
    assert r.status_code == 202, r.text
    th = r.json()
    assert th["open"] is False
    assert th["pending_lift"]["reason"] == "order lifted"
    lift = _markets(client, keys)["TH"]["pending_lift"]
    assert lift["requested_by"] == th["suspended_by"]
    assert datetime.fromisoformat(lift["requested_at"]) <= utc_now()
    assert _markets(client, keys)["TH"]["open"] is False

    # the requester can neither approve nor reject; a second request waits for the first
    r = client.post("/v1/markets/TH/resume/approve", headers=officer)
    assert (r.status_code, r.json()["type"]) == (403, "/problems/four-eyes-required")
    assert (
        client.post("/v1/markets/TH/resume/reject", json={"reason": "n"}, headers=officer).status_code == 403
    )
    r = client.post("/v1/markets/TH/resume", json={"reason": "again"}, headers=keys.h(officer2))
    assert (r.status_code, r.json()["type"]) == (409, "/problems/market-lift-pending")
    assert _markets(client, keys)["TH"]["open"] is False

    # a second officer refuses: still suspended, nothing pending; a new request, approved by the other one
    r = client.post("/v1/markets/TH/resume/reject", json={"reason": "not yet"}, headers=keys.h(officer2))
    assert r.status_code == 200, r.text
    assert (r.json()["open"], r.json()["pending_lift"]) == (False, None)
    assert client.post("/v1/markets/TH/resume/approve", headers=keys.h(officer2)).status_code == 409
    assert (
        client.post("/v1/markets/TH/resume", json={"reason": "done"}, headers=keys.h(officer2)).status_code
        == 202
    )
    r = client.post("/v1/markets/TH/resume/approve", json={"note": "checked"}, headers=officer)
    assert r.status_code == 200, r.text
    assert (r.json()["open"], r.json()["pending_lift"], r.json()["suspended_since"]) == (True, None, None)
    assert _markets(client, keys)["TH"]["open"] is True
    assert client.post("/v1/markets/TH/resume/approve", headers=officer).status_code == 409
    assert _th_actions(client, keys) == [
        "market.suspend",
        "market.resume_request",
        "market.resume_reject",
        "market.resume_request",
        "market.resume_approve",
    ]


@pytest.mark.parametrize("who", ["shop", "merchant", "admin"])
def test_only_officers_write(client: TestClient, keys: Keys, defaults: None, who: str) -> None:
    key = {"shop": keys.shop, "merchant": keys.merchant, "admin": keys.admin}[who]
    for path, body in [
        ("/v1/rules", RULE),
        ("/v1/markets/ID/suspend", {"reason": "x"}),
        ("/v1/markets/ID/resume", {"reason": "x"}),
        ("/v1/markets/ID/resume/approve", {}),
        ("/v1/markets/ID/resume/reject", {"reason": "x"}),
        ("/v1/rules/market-access/versions", {"rows": [], "effective_from": iso(utc_now()), "reason": "x"}),
    ]:
        assert client.post(path, json=body, headers=keys.h(key)).status_code == 403
    read = client.get("/v1/rules", headers=keys.h(key)).status_code
    assert read == (200 if who == "admin" else 403)


def test_history_of_defaults_and_dates(client: TestClient, keys: Keys, defaults: None) -> None:
    def access(
        date: str, channel: str = "social_commerce", point: list[float] | None = None, country: str = "ID"
    ) -> bool:
        body = {
            "topic": "market_access",
            "country": country,
            "date": date,
            "input": {"country": country, "channel": channel},
        }
        if point:
            body["point"] = point
        return client.post("/v1/rules/evaluate", json=body, headers=keys.h(keys.officer)).json()["outcome"][
            "open"
        ]

    assert access("2023-10-03") is True
    assert access("2023-10-04") is False
    assert access("2023-11-01", channel="marketplace") is True
    assert access("2024-01-01") is True
    assert access("2025-01-01", country="UA", channel="marketplace") is True
    assert (
        access("2025-01-01", country="UA", channel="marketplace", point=[44.95, 34.1]) is False
    )  # Simferopol
    assert access("2025-01-01", country="UA", channel="marketplace", point=[50.45, 30.52]) is True  # Kyiv


def test_simulation_counts_changed_outcomes(client: TestClient, keys: Keys, rule: str, officer2: str) -> None:
    for hs in ("240210", "240210", "610910"):
        ask(client, keys, hs)
    ask(client, keys, "240210", country="MY")
    v = draft(client, rule, keys.officer)
    r = client.post(
        f"/v1/rules/{rule}/versions/{v['number']}/simulate", json={"days": 7}, headers=keys.h(officer2)
    )
    assert r.status_code == 200, r.text
    sim = r.json()
    assert sim["replayed"] == 4
    assert sim["changed"] == 2
    assert sim["by_country"]["SG"] == {"replayed": 3, "changed": 2}
    assert sim["by_country"]["MY"] == {"replayed": 1, "changed": 0}
    assert sim["samples"][0]["before"]["action"] == "allow"
    assert sim["samples"][0]["after"]["action"] == "block"


def test_audit_log_is_append_only(client: TestClient, keys: Keys, defaults: None) -> None:
    page = client.get("/v1/audit", params={"limit": 5}, headers=keys.h(keys.officer)).json()
    assert len(page["data"]) == 5
    assert page["has_more"] is True
    nxt = client.get(
        "/v1/audit",
        params={"limit": 5, "starting_after": page["data"][-1]["id"]},
        headers=keys.h(keys.officer),
    ).json()
    assert nxt["data"][0]["id"] < page["data"][-1]["id"]
    engine = get_engine()
    for statement in ("UPDATE compliance_audit SET actor = 'someone else'", "DELETE FROM compliance_audit"):
        with pytest.raises(Exception, match=r"append-only|permission denied"), engine.begin() as conn:
            conn.execute(text(statement))


def test_bad_scope_and_duplicate_key(client: TestClient, keys: Keys, rule: str) -> None:
    r = client.post(
        "/v1/rules",
        json={
            **RULE,
            "key": "x-region",
            "scope": {"type": "region", "region": {"type": "Point", "coordinates": [1, 2]}},
        },
        headers=keys.h(keys.officer),
    )
    assert r.status_code == 422
    assert client.post("/v1/rules", json=RULE, headers=keys.h(keys.officer)).status_code == 409
    r = client.post("/v1/rules", json={**RULE, "key": "Bad Key!"}, headers=keys.h(keys.officer))
    assert r.json()["errors"][0]["field"] == "key"
