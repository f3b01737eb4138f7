"""trader information (EU DSA art. 30): a merchant's legal name, address, contact, registration and
self-certification, and the append-only history of changes to it and to its verification state

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 18:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENTS = "merchant_trader_events"


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "merchant_traders",
        sa.Column("merchant_id", _text(40), nullable=False),
        sa.Column("legal_name", _text(200), nullable=True),
        sa.Column("address_line1", _text(200), nullable=True),
        sa.Column("address_line2", _text(200), nullable=True),
        sa.Column("city", _text(100), nullable=True),
        sa.Column("postal_code", _text(20), nullable=True),
        sa.Column("address_country", _text(2), nullable=True),
        sa.Column("email", _text(254), nullable=True),
        sa.Column("phone", _text(32), nullable=True),
        sa.Column("registration_number", _text(100), nullable=True),
        sa.Column("trade_register", _text(200), nullable=True),
        sa.Column("self_certified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", _text(80), nullable=False),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchants.id"]),
        sa.PrimaryKeyConstraint("merchant_id"),
    )
    op.create_table(
        EVENTS,
        sa.Column("id", _text(40), nullable=False),
        sa.Column("merchant_id", _text(40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", _text(80), nullable=False),
        sa.Column("action", _text(40), nullable=False),
        sa.Column("state_before", _text(20), nullable=False),
        sa.Column("state_after", _text(20), nullable=False),
        sa.Column("information", sa.JSON(), nullable=True),
        sa.Column("reason", _text(2000), nullable=False),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchants.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(f"ix_{EVENTS}_merchant_id", EVENTS, ["merchant_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # append_only_refused() is migration 0018's
        op.execute(f"""
            CREATE TRIGGER {EVENTS}_append_only BEFORE UPDATE OR DELETE ON {EVENTS}
            FOR EACH ROW EXECUTE FUNCTION append_only_refused();
        """)
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"""
            CREATE TRIGGER {EVENTS}_no_{verb.lower()} BEFORE {verb} ON {EVENTS}
            BEGIN SELECT RAISE(ABORT, '{EVENTS} is append-only'); END;
        """)


def downgrade() -> None:
    op.drop_index(f"ix_{EVENTS}_merchant_id", table_name=EVENTS)
    op.drop_table(EVENTS)
    op.drop_table("merchant_traders")
