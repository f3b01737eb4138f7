"""the split of a checkout: shipping, duties and import taxes beside the goods on each settlement order;
tax lines (what a tax return declares) and tax remittances

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 03:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MINOR = (
    "shipping_settle_minor",
    "duties_minor",
    "taxes_minor",
    "shipping_refunded_settle_minor",
    "duties_refunded_minor",
    "taxes_refunded_minor",
    "fulfillment_charged_minor",
)


def upgrade() -> None:
    with op.batch_alter_table("settlement_orders", schema=None) as batch_op:
        for name in _MINOR:
            batch_op.add_column(sa.Column(name, sa.BigInteger(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("tax_jurisdiction", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True)
        )
        batch_op.add_column(
            sa.Column("tax_scheme", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True)
        )
        batch_op.create_index('ix_settlement_orders_merchant_paid', ['merchant_id', 'paid_at'], unique=False)
    # Fulfilment fees charged at the sale so far (goods-only sales): charged, for the order's view.
    op.execute("UPDATE settlement_orders SET fulfillment_charged_minor = fulfillment_minor")

    op.create_table(
        "tax_lines",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("order_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("refund_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("jurisdiction", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("scheme", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("rate", sa.Numeric(9, 4), nullable=True),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("taxable_minor", sa.BigInteger(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("txn_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tax_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tax_lines_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tax_lines_occurred_at"), ["occurred_at"], unique=False)

    op.create_table(
        "tax_remittances",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("jurisdiction", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("txn_id", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("tax_remittances")
    with op.batch_alter_table("tax_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tax_lines_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_tax_lines_order_id"))
    op.drop_table("tax_lines")
    with op.batch_alter_table("settlement_orders", schema=None) as batch_op:
        batch_op.drop_column("tax_scheme")
        batch_op.drop_column("tax_jurisdiction")
        for name in reversed(_MINOR):
            batch_op.drop_column(name)
