"""ledger speed: the balance check per statement (over a transition table) instead of a deferred trigger per
transaction, and room on the pages of the tables updated in place (docs/adr/0013)

PostgreSQL only: SQLite keeps its own triggers (append-only) and has no storage parameters.

- `ledger_entries_balanced` becomes a statement-level AFTER INSERT trigger over the statement's new rows
  (`REFERENCING NEW TABLE`): every statement that inserts entries must balance per ledger transaction and
  currency, or it fails at once. Entries are append-only, so a transaction's balance is the sum of its
  statements' and stays zero. `settlement.ledger.post_many` inserts a batch's entries in one statement (COPY
  or one multi-row INSERT). The deferred constraint trigger it replaces ran a query per transaction at
  commit; a constraint trigger cannot be statement-level, so this check is not deferred.
- fillfactor on the tables updated in place: `ledger_accounts` (cached balances: HOT updates, no index
  touched) and `settlement_orders` (delivery, refunds, releases).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FILLFACTOR = {"ledger_accounts": 70, "settlement_orders": 80}

STATEMENT_BALANCED = """
    CREATE FUNCTION ledger_statement_balanced() RETURNS trigger LANGUAGE plpgsql
    SET work_mem = '64MB' AS $$
    DECLARE bad record;
    BEGIN
        SELECT transaction_id, currency, SUM(amount_minor) AS total INTO bad FROM ledger_new_entries
        GROUP BY transaction_id, currency HAVING SUM(amount_minor) <> 0 LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'ledger transaction % does not balance in % (off by %)',
                bad.transaction_id, bad.currency, bad.total USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
    END $$;
"""

TRANSACTION_BALANCED = """
    CREATE FUNCTION ledger_transaction_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE bad record;
    BEGIN
        SELECT currency, SUM(amount_minor) AS total INTO bad FROM ledger_entries
        WHERE transaction_id = NEW.transaction_id
        GROUP BY currency HAVING SUM(amount_minor) <> 0 LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'ledger transaction % does not balance in % (off by %)',
                NEW.transaction_id, bad.currency, bad.total USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
    END $$;
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS ledger_entries_balanced ON ledger_entries")
    op.execute("DROP FUNCTION IF EXISTS ledger_transaction_balanced()")
    op.execute(STATEMENT_BALANCED)
    op.execute(
        """
        CREATE TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
        REFERENCING NEW TABLE AS ledger_new_entries
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_statement_balanced();
        """
    )
    for table, fillfactor in FILLFACTOR.items():
        op.execute(f"ALTER TABLE {table} SET (fillfactor = {fillfactor})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in FILLFACTOR:
        op.execute(f"ALTER TABLE {table} RESET (fillfactor)")
    op.execute("DROP TRIGGER IF EXISTS ledger_entries_balanced ON ledger_entries")
    op.execute("DROP FUNCTION IF EXISTS ledger_statement_balanced()")
    op.execute(TRANSACTION_BALANCED)
    op.execute(
        """
        CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.line = 0)
        EXECUTE FUNCTION ledger_transaction_balanced();
        """
    )
