"""carrier tracking: each carrier's webhook secret (its SHA-256 only), when each shipment in transit with a
live carrier is next asked about (tracking_polls), and shipments found by their tracking number

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("carriers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("webhook_secret_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shipments_tracking_number"), ["tracking_number"], unique=False)
    op.create_table(
        "tracking_polls",
        sa.Column("shipment_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("misses", sa.Integer(), nullable=False),
        sa.Column("polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipments.id"]),
        sa.PrimaryKeyConstraint("shipment_id"),
    )
    with op.batch_alter_table("tracking_polls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tracking_polls_next_at"), ["next_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tracking_polls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tracking_polls_next_at"))
    op.drop_table("tracking_polls")
    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipments_tracking_number"))
    # in place (SQLite's ALTER TABLE DROP COLUMN): batch mode would copy and drop `carriers`, which the
    # services' foreign keys refer to
    op.drop_column("carriers", "webhook_secret_hash")
