"""order queues: what waits for a step of an order's life and what a release released, out of the order's
row, so that the order's updates touch no index (docs/adr/0013)

- `settlement_order_due`: the orders waiting for their release (delivered, `available_on`) or for their
  reserve's release (released, `reserve_release_on`), a row each while they wait. It replaces the partial
  indexes `ix_settlement_orders_due` and `ix_settlement_orders_reserve`, whose conditions (`status`,
  `reserve_released`) made every step's update of an order write a new entry in every index of the table.
- `settlement_order_links`: the orders each release and reserve-release transaction released (its payout
  lines). It replaces the indexes on `release_txn_id` and `reserve_txn_id`; the columns stay on the order.
- PostgreSQL: `settlement_orders` keeps room on its pages (fillfactor 45) for each step's new row version
  beside the old one: with no indexed column changed, the update stays on its page (HOT).

Existing orders are moved into both tables.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-08 01:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "settlement_order_due",
        sa.Column("order_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("step", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("order_id", "step"),
    )
    op.create_index(
        "ix_settlement_order_due_step", "settlement_order_due", ["step", "due_on", "order_id"], unique=False
    )
    op.create_table(
        "settlement_order_links",
        sa.Column("txn_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("order_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.PrimaryKeyConstraint("txn_id", "order_id"),
    )
    op.execute(
        "INSERT INTO settlement_order_due (order_id, step, due_on)"
        " SELECT order_id, 'release', available_on FROM settlement_orders"
        " WHERE status = 'delivered' AND available_on IS NOT NULL"
    )
    op.execute(
        "INSERT INTO settlement_order_due (order_id, step, due_on)"
        " SELECT order_id, 'reserve', reserve_release_on FROM settlement_orders"
        " WHERE status = 'available' AND NOT reserve_released AND reserve_release_on IS NOT NULL"
    )
    for column in ("release_txn_id", "reserve_txn_id"):
        op.execute(
            f"INSERT INTO settlement_order_links (txn_id, order_id) SELECT {column}, order_id"
            f" FROM settlement_orders WHERE {column} IS NOT NULL"
        )
    with op.batch_alter_table("settlement_orders", schema=None) as batch_op:
        for name in (
            "ix_settlement_orders_due",
            "ix_settlement_orders_reserve",
            "ix_settlement_orders_release_txn",
            "ix_settlement_orders_reserve_txn",
        ):
            batch_op.drop_index(name)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE settlement_orders SET (fillfactor = 45)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE settlement_orders SET (fillfactor = 80)")
    with op.batch_alter_table("settlement_orders", schema=None) as batch_op:
        batch_op.create_index(
            "ix_settlement_orders_due",
            ["available_on"],
            unique=False,
            postgresql_where=sa.text("status = 'delivered'"),
            sqlite_where=sa.text("status = 'delivered'"),
        )
        batch_op.create_index(
            "ix_settlement_orders_reserve",
            ["reserve_release_on"],
            unique=False,
            postgresql_where=sa.text("status = 'available' AND NOT reserve_released"),
            sqlite_where=sa.text("status = 'available' AND reserve_released = 0"),
        )
        batch_op.create_index(
            "ix_settlement_orders_release_txn",
            ["release_txn_id"],
            unique=False,
            postgresql_where=sa.text("release_txn_id IS NOT NULL"),
            sqlite_where=sa.text("release_txn_id IS NOT NULL"),
        )
        batch_op.create_index(
            "ix_settlement_orders_reserve_txn",
            ["reserve_txn_id"],
            unique=False,
            postgresql_where=sa.text("reserve_txn_id IS NOT NULL"),
            sqlite_where=sa.text("reserve_txn_id IS NOT NULL"),
        )
    op.drop_table("settlement_order_links")
    op.drop_index("ix_settlement_order_due_step", table_name="settlement_order_due")
    op.drop_table("settlement_order_due")
