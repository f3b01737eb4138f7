"""Append-only tables: the ledger, the audit log, payout events, rule decisions, the events feed and the
history of traders' information and verification are never changed nor emptied by the service. SQLite:
triggers refuse UPDATE and DELETE. PostgreSQL: the service's role (the tests connect as it) may only INSERT
and SELECT on them, so UPDATE, DELETE and TRUNCATE are refused by privilege; the other tables keep their
usual rights."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, ProgrammingError
from sqlmodel import SQLModel

import compliance.models  # noqa: F401  (the models mark their tables)
import settlement.models  # noqa: F401
from compliance.evaluation import record_decision
from compliance.service import audit
from core.clock import utc_now
from core.db import engine_for, unit_of_work
from core.events import declare, record_event
from core.merchants import MerchantCreate, create_merchant
from core.privileges import AppRoleError, app_role_of, append_only_tables
from settlement import ledger
from settlement.ledger import Posting, platform_account
from settlement.models import AccountKind, PayoutEvent

COLUMN = {
    "compliance_audit": "actor",
    "events": "type",
    "ledger_entries": "amount_minor",
    "ledger_transactions": "kind",
    "merchant_trader_events": "action",
    "payout_events": "kind",
    "rule_decisions": "topic",
}
TABLES = sorted(COLUMN)
NOTED = declare("test.noted", "A test wrote something", readers=())
CHANGES = {
    "UPDATE": "UPDATE {t} SET {c} = {c}",
    "DELETE": "DELETE FROM {t}",
    "TRUNCATE": "TRUNCATE {t} CASCADE",
}


def _one_of_each() -> None:
    """A row in each append-only table, written by the service's own functions."""
    with unit_of_work() as s:
        lines = [
            (platform_account(AccountKind.cash, "USD"), -100),
            (platform_account(AccountKind.processing_fees, "USD"), 100),
        ]
        ledger.post(s, Posting("adj:append-only", "adjustment", "x", utc_now(), lines))
        create_merchant(  # its verification state is recorded in merchant_trader_events
            s,
            data=MerchantCreate(
                name="Append Only", country="DE", settlement_currency="EUR", trader_verification="pending"
            ),
        )
        audit(s, actor="tester", action="test.write", entity_type="test", entity_id="1", after={"a": 1})
        s.add(PayoutEvent(payout_id=None, kind="note", source="test"))
        record_event(s, NOTED, subject_id="1", data={})
        record_decision(
            s,
            context="test",
            subject_id="1",
            topic="payout_holds",
            country="DE",
            input={},
            outcome={"held": False},
            rules=[],
        )


def _count(url: str, table: str) -> int:
    with engine_for(url).connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_the_models_name_the_append_only_tables() -> None:
    assert append_only_tables(SQLModel.metadata) == TABLES


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("verb", ["UPDATE", "DELETE"])
def test_rows_are_never_changed(db_url: str, table: str, verb: str) -> None:
    _one_of_each()
    with pytest.raises(DatabaseError, match=r"append-only|permission denied"), unit_of_work() as s:
        s.execute(text(CHANGES[verb].format(t=table, c=COLUMN[table])))
    assert _count(db_url, table) >= 1


@pytest.mark.postgres
@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("verb", list(CHANGES))
def test_the_services_role_is_refused_by_privilege(db_url: str, table: str, verb: str) -> None:
    _one_of_each()
    with pytest.raises(ProgrammingError, match="permission denied"), engine_for(db_url).begin() as conn:
        conn.execute(text(CHANGES[verb].format(t=table, c=COLUMN[table])))
    assert _count(db_url, table) >= 1


@pytest.mark.postgres
def test_the_services_role_keeps_its_rights_elsewhere(db_url: str, owner_db_url: str) -> None:
    assert make_url(db_url).username != make_url(owner_db_url).username  # the tests run as the service's role
    _one_of_each()
    with engine_for(db_url).begin() as conn:
        conn.execute(text("UPDATE ledger_accounts SET version = version + 1"))  # cached balances move
        conn.execute(text("DELETE FROM idempotency_records"))
        refused = conn.execute(
            text(
                "SELECT count(*) FROM information_schema.table_privileges"
                " WHERE grantee = current_user AND privilege_type IN ('TRUNCATE', 'TRIGGER', 'REFERENCES')"
            )
        ).scalar_one()
        assert refused == 0
        assert (
            conn.execute(text("SELECT has_table_privilege('alembic_version', 'UPDATE')")).scalar_one()
            is False
        )
    # the owner still empties what it owns (the tests do it after each one)
    with engine_for(owner_db_url).begin() as conn:
        conn.execute(text("TRUNCATE payout_events"))
    assert _count(db_url, "payout_events") == 0


def test_the_services_role_is_another_role_on_the_same_database() -> None:
    owner = "postgresql+psycopg://owner@db:5432/tradelane"
    assert app_role_of(owner, "postgresql+psycopg://svc:pw@db:5432/tradelane") == "svc"
    assert app_role_of(owner, owner) is None
    assert app_role_of("sqlite:///x.db", "sqlite:///x.db") is None
    with pytest.raises(AppRoleError, match="same database"):
        app_role_of(owner, "postgresql+psycopg://svc@db:5432/other")
