"""The ledger: balanced postings only, posted once, append-only, cached balances equal the sums,
statements."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session

from core.clock import utc_now
from core.db import new_session, unit_of_work
from settlement import ledger
from settlement.errors import LedgerUnbalanced
from settlement.ledger import Posting, merchant_account, platform_account
from settlement.models import AccountKind
from tests.settlement.conftest import assert_ledger_sound, entry_count


def _posting(key: str, amount: int, merchant: str = "mer_x") -> Posting:
    return Posting(
        key=key,
        kind="adjustment",
        reference=key,
        occurred_at=utc_now(),
        lines=[
            (platform_account(AccountKind.cash, "USD"), -amount),
            (merchant_account(merchant, AccountKind.available, "USD"), amount),
        ],
    )


def test_post_is_idempotent_and_balanced(session: Session) -> None:
    t1 = ledger.post(session, _posting("adj:1", 1234))
    n = entry_count(session)
    t2 = ledger.post(session, _posting("adj:1", 1234))
    assert t1.id == t2.id
    assert entry_count(session) == n == 2
    assert ledger.merchant_balances(session, "mer_x")["available"][0].format_amount() == "12.34"
    assert_ledger_sound(session)


def test_unbalanced_is_refused(session: Session) -> None:
    p = _posting("adj:2", 100)
    p.lines.append((platform_account(AccountKind.commission, "USD"), 1))
    with pytest.raises(LedgerUnbalanced):
        ledger.post(session, p)
    # balanced per currency, not overall
    p2 = Posting(
        "adj:3",
        "adjustment",
        "x",
        utc_now(),
        [(platform_account(AccountKind.cash, "USD"), -100), (platform_account(AccountKind.cash, "EUR"), 100)],
    )
    with pytest.raises(LedgerUnbalanced):
        ledger.post(session, p2)


def test_entries_are_append_only(db_url: str) -> None:
    with unit_of_work() as s:
        ledger.post(s, _posting("adj:4", 500))
    for sql in (
        "UPDATE ledger_entries SET amount_minor = 1",
        "DELETE FROM ledger_entries",
        "UPDATE ledger_transactions SET kind = 'x'",
    ):
        with pytest.raises(DatabaseError), unit_of_work() as s:
            s.execute(text(sql))
    with unit_of_work() as s:
        assert entry_count(s) == 2


def test_cached_balance_equals_sum_of_entries_and_running_balance(session: Session) -> None:
    for i in range(5):
        ledger.post(session, _posting(f"adj:r{i}", 100 * (i + 1)))
    ledger.post(session, _posting("adj:neg", -250))
    assert_ledger_sound(session)
    acc = ledger.account_ids(session, [merchant_account("mer_x", AccountKind.available, "USD")])
    (aid,) = acc.values()
    assert ledger.balance_from_entries(session, aid) == 1250
    lines = ledger.statement_lines(
        session,
        merchant_id="mer_x",
        start=datetime(2000, 1, 1, tzinfo=UTC),
        end=utc_now() + timedelta(days=1),
    )
    assert [line.balance_minor for line in lines] == [100, 300, 600, 1000, 1500, 1250]


@pytest.mark.postgres
def test_postgres_refuses_to_commit_an_unbalanced_transaction(db_url: str) -> None:
    with unit_of_work() as s:
        t = ledger.post(s, _posting("adj:pg", 10))
        acc = ledger.account_ids(s, [platform_account(AccountKind.cash, "USD")])
        cash = next(iter(acc.values()))
    s = new_session()
    try:
        s.execute(
            text(
                "INSERT INTO ledger_transactions (id, idempotency_key, kind, reference,"
                " occurred_at, created_at)"
                " VALUES (:i, 'bad', 'x', 'x', now(), now())"
            ),
            {"i": (t.id or 0) + 1000},
        )
        s.execute(
            text("INSERT INTO ledger_entries VALUES (:i, 0, :a, 5, 'USD')"),
            {"i": (t.id or 0) + 1000, "a": cash},
        )
        with pytest.raises(DatabaseError, match="does not balance"):
            s.commit()
    finally:
        s.rollback()
        s.close()
