"""transit history: past deliveries brought in by record id, for learned delivery windows and their calibration

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 17:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "transit_history",
        sa.Column("record_id", text(length=80), nullable=False),
        sa.Column("carrier", text(length=40), nullable=False),
        sa.Column("service_code", text(length=40), nullable=False),
        sa.Column("origin_warehouse", text(length=20), nullable=True),
        sa.Column("origin_country", text(length=2), nullable=False),
        sa.Column("destination_country", text(length=2), nullable=False),
        sa.Column("destination_postcode", text(length=20), nullable=True),
        sa.Column("handed_over_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", text(length=20), nullable=False),
        sa.Column("transit_days", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("record_id"),
    )
    op.create_index(
        "ix_transit_history_lane",
        "transit_history",
        ["carrier", "service_code", "origin_country", "destination_country", "handed_over_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_transit_history_lane", table_name="transit_history")
    op.drop_table("transit_history")
