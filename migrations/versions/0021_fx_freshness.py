"""fx freshness: the installation's limit on the age of reference rates (one row, who set it and why) and
the log of the refresh task's runs (the last one is on /metrics)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fx_age_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("max_age_business_days", sa.Integer(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("set_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "fx_refreshes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("rates_as_of", sa.Date(), nullable=True),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_fx_refreshes_at", "fx_refreshes", ["at"])


def downgrade() -> None:
    op.drop_index("ix_fx_refreshes_at", table_name="fx_refreshes")
    op.drop_table("fx_refreshes")
    op.drop_table("fx_age_policy")
