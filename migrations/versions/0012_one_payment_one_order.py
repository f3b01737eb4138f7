"""one payment, one order: order_payments holds the one order each (provider, payment reference) backs;
filled with the earliest order per pair, so duplicates already stored stay readable but no new one is accepted

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "order_payments",
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("order_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], deferrable=True, initially="DEFERRED"),
        sa.PrimaryKeyConstraint("provider", "reference"),
        sa.UniqueConstraint("order_id"),
    )
    # The earliest order of each pair claims it (ties by id); later duplicates stay in orders, unclaimed.
    # Providers are compared in lower case (the key stores them so); references exactly (Stripe's ids are
    # case-sensitive), both without surrounding spaces, as the API now takes them.
    op.execute(
        """
        INSERT INTO order_payments (provider, reference, order_id)
        SELECT provider, reference, order_id FROM (
            SELECT lower(trim(payment_provider)) AS provider, trim(payment_reference) AS reference,
                   id AS order_id,
                   ROW_NUMBER() OVER (
                       PARTITION BY lower(trim(payment_provider)), trim(payment_reference)
                       ORDER BY created_at, id
                   ) AS n
            FROM orders
        ) ranked
        WHERE n = 1
        """
    )


def downgrade() -> None:
    op.drop_table("order_payments")
