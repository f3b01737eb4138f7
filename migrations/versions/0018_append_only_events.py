"""append-only events: payout events and rule decisions refuse UPDATE and DELETE, as the ledger and the audit
log do (triggers on SQLite and PostgreSQL); on PostgreSQL the service's role is also refused them, and
TRUNCATE, by privilege (`core.privileges`, docs/adr/0015-append-only-by-privilege.md)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 15:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("payout_events", "rule_decisions")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION append_only_refused() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
            END $$;
        """)
        for table in TABLES:
            op.execute(f"""
                CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION append_only_refused();
            """)
        return
    for table in TABLES:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}
                BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
            """)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS append_only_refused()")
        return
    for table in TABLES:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
