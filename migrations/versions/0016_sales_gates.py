"""sales gates: the channel of an order (where the sale happens), and the pending lift of a market suspension
(one officer asks, another approves)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 14:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "channel",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default="marketplace",
            )
        )
    with op.batch_alter_table("market_suspensions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lift_requested_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True)
        )
        batch_op.add_column(sa.Column("lift_requested_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column(
                "lift_reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False, server_default=""
            )
        )


def downgrade() -> None:
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch would copy `orders`, which rows of other tables
    # point to, and SQLite refuses to drop it while they do
    for column in ("lift_reason", "lift_requested_at", "lift_requested_by"):
        op.drop_column("market_suspensions", column)
    op.drop_column("orders", "channel")
