"""payout setting changes: a change that moves money waits for a second person's approval and a cooling-off
period

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 04:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payout_setting_changes",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("merchant_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("proposed", sa.JSON(), nullable=False),
        sa.Column("previous", sa.JSON(), nullable=False),
        sa.Column("requested_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("effective_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_payout_setting_changes_merchant", "payout_setting_changes", ["merchant_id", "id"], unique=False
    )
    op.create_index(
        "ix_payout_setting_changes_status", "payout_setting_changes", ["status", "effective_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_payout_setting_changes_status", table_name="payout_setting_changes")
    op.drop_index("ix_payout_setting_changes_merchant", table_name="payout_setting_changes")
    op.drop_table("payout_setting_changes")
