"""The ledger: balanced postings only, posted once, append-only, cached balances equal the sums,
statements."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
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


def _raw_entries(s: Session, rows: list[tuple[int, int, int, int, str]]) -> None:
    """Entries inserted in one statement, past `post_many`'s own check (COPY from 500 rows)."""
    ledger.bulk_insert(s, "ledger_entries", ledger.ENTRY_COLUMNS, rows)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("case", "rows"),
    [
        ("one line", [(0, 0, 5)]),
        ("two transactions offsetting each other", [(0, 0, 5), (1, 0, -5)]),
        (
            "a large batch (COPY) with one bad transaction",
            [(t, n, a) for t in range(300) for n, a in ((0, 7), (1, -7))] + [(300, 0, 1), (300, 1, -2)],
        ),
    ],
)
def test_postgres_refuses_a_statement_that_does_not_balance(
    db_url: str, case: str, rows: list[tuple[int, int, int]]
) -> None:
    """The database's own check, whatever wrote the rows: every statement inserting entries balances per
    transaction and currency, or fails at once."""
    with unit_of_work() as s:
        t = ledger.post(s, _posting("adj:pg", 10))
        cash = next(iter(ledger.account_ids(s, [platform_account(AccountKind.cash, "USD")]).values()))
    base = (t.id or 0) + 1000
    # bulk_insert writes through the driver's cursor: the driver's error
    with pytest.raises(psycopg.errors.CheckViolation, match="does not balance"), unit_of_work() as s:
        _raw_entries(s, [(base + i, n, cash, amount, "USD") for i, n, amount in rows])
    with unit_of_work() as s:
        assert entry_count(s) == 2
        assert ledger.unbalanced_transactions(s) == []


@pytest.mark.postgres
def test_postgres_refuses_an_unbalanced_entry_at_once(db_url: str) -> None:
    """Not at commit but at the statement: a transaction's entries are written in one statement, so a
    transaction cannot be balanced later by another statement."""
    with unit_of_work() as s:
        t = ledger.post(s, _posting("adj:pg", 10))
        cash = next(iter(ledger.account_ids(s, [platform_account(AccountKind.cash, "USD")]).values()))
    txn = (t.id or 0) + 1000
    s = new_session()
    try:
        s.execute(
            text(
                "INSERT INTO ledger_transactions (id, idempotency_key, kind, reference, occurred_at,"
                " created_at) VALUES (:i, 'bad', 'x', 'x', now(), now())"
            ),
            {"i": txn},
        )
        with pytest.raises(DatabaseError, match="does not balance"):
            s.execute(text("INSERT INTO ledger_entries VALUES (:i, 0, :a, 5, 'USD')"), {"i": txn, "a": cash})
    finally:
        s.rollback()
        s.close()


@pytest.mark.postgres
def test_postgres_accepts_balanced_statements_of_any_size(db_url: str) -> None:
    """Balanced transactions pass the statement check in one multi-row INSERT and in one COPY alike."""
    with unit_of_work() as s:
        t = ledger.post(s, _posting("adj:pg", 10))
        cash = next(iter(ledger.account_ids(s, [platform_account(AccountKind.cash, "USD")]).values()))
    base = (t.id or 0) + 1000
    for n in (3, 400):  # a multi-row INSERT; COPY (800 rows)
        with unit_of_work() as s:
            _raw_entries(
                s, [(base + i, line, cash, a, "USD") for i in range(n) for line, a in ((0, 3), (1, -3))]
            )
        base += n
    with unit_of_work() as s:
        assert entry_count(s) == 2 + 2 * 403
        assert ledger.unbalanced_transactions(s) == []
