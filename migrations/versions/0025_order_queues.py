"""order queues: what waits for a step of an order's life and what a release released, out of the order's
row, so that the order's updates touch no index (docs/adr/0013)

- `settlement_order_due`: the orders waiting for their release (delivered, `available_on`), a row each
  while they wait; `settlement_reserve_holds`: the reserves held until the end of their return window, a row
  per release transaction and day with its merchant, currency, amount and orders. They replace the partial
  indexes `ix_settlement_orders_due` and `ix_settlement_orders_reserve`, whose conditions (`status`,
  `reserve_released`) made every step's update of an order write a new entry in every index of the table.
- `settlement_order_links`: the orders each release and reserve-release transaction released (its payout
  lines), one row per transaction. It replaces the indexes on `release_txn_id` and `reserve_txn_id`;
  `release_txn_id` stays on the order.
- An order's reserve is held while its release transaction's hold for its day is there: `reserve_released`
  and `reserve_txn_id` are dropped, and releasing reserves reads and writes no order row.
- PostgreSQL: `settlement_orders` keeps room on its pages (fillfactor 45) for each step's new row version
  beside the old one: with no indexed column changed, the update stays on its page (HOT).

Existing orders are moved into the new tables.

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
        "settlement_reserve_holds",
        sa.Column("release_txn_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("release_on", sa.Date(), nullable=False),
        sa.Column("merchant_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("order_ids", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("release_txn_id", "release_on"),
    )
    op.create_index(
        "ix_settlement_reserve_holds_due",
        "settlement_reserve_holds",
        ["release_on", "release_txn_id"],
        unique=False,
    )
    op.create_table(
        "settlement_order_links",
        sa.Column("txn_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("order_ids", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("txn_id"),
    )
    op.execute(
        "INSERT INTO settlement_order_due (order_id, step, due_on)"
        " SELECT order_id, 'release', available_on FROM settlement_orders"
        " WHERE status = 'delivered' AND available_on IS NOT NULL"
    )
    _move_holds_and_links()
    with op.batch_alter_table("settlement_orders", schema=None) as batch_op:
        for name in (
            "ix_settlement_orders_due",
            "ix_settlement_orders_reserve",
            "ix_settlement_orders_release_txn",
            "ix_settlement_orders_reserve_txn",
        ):
            batch_op.drop_index(name)
        batch_op.drop_column("reserve_released")
        batch_op.drop_column("reserve_txn_id")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE settlement_orders SET (fillfactor = 45)")


def _move_holds_and_links() -> None:
    """The reserves still held, per release transaction and day, and every order's release links."""
    conn = op.get_bind()
    holds: dict[tuple[int, object], list[object]] = {}
    rows = conn.execute(
        sa.text(
            "SELECT release_txn_id, reserve_release_on, merchant_id, settlement_currency, reserve_minor,"
            " order_id FROM settlement_orders WHERE status = 'available' AND NOT reserve_released"
            " AND reserve_release_on IS NOT NULL AND release_txn_id IS NOT NULL ORDER BY order_id"
        )
    )
    for txn, day, merchant, currency, amount, order_id in rows:
        hold = holds.setdefault((txn, day), [txn, day, merchant, currency, 0, []])
        hold[4] += amount  # type: ignore[operator]
        hold[5].append(order_id)  # type: ignore[attr-defined]
    table = sa.table(
        "settlement_reserve_holds",
        *(sa.column(c) for c in ("release_txn_id", "release_on", "merchant_id", "currency", "amount_minor")),
        sa.column("order_ids", sa.JSON()),
    )
    names = ("release_txn_id", "release_on", "merchant_id", "currency", "amount_minor", "order_ids")
    if holds:
        op.bulk_insert(table, [dict(zip(names, h, strict=True)) for h in holds.values()])
    links: dict[int, list[str]] = {}
    for column in ("release_txn_id", "reserve_txn_id"):
        for txn, order_id in conn.execute(
            sa.text(f"SELECT {column}, order_id FROM settlement_orders WHERE {column} IS NOT NULL ORDER BY 2")
        ):
            links.setdefault(txn, []).append(order_id)
    link_table = sa.table("settlement_order_links", sa.column("txn_id"), sa.column("order_ids", sa.JSON()))
    if links:
        op.bulk_insert(link_table, [{"txn_id": t, "order_ids": ids} for t, ids in links.items()])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE settlement_orders SET (fillfactor = 80)")
    with op.batch_alter_table("settlement_orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reserve_released", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("reserve_txn_id", sa.BigInteger(), nullable=True))
    op.execute(
        "UPDATE settlement_orders SET reserve_released = NOT EXISTS (SELECT 1 FROM settlement_reserve_holds h"
        " WHERE h.release_txn_id = settlement_orders.release_txn_id"
        " AND h.release_on = settlement_orders.reserve_release_on) WHERE status = 'available'"
    )
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
    op.drop_index("ix_settlement_reserve_holds_due", table_name="settlement_reserve_holds")
    op.drop_table("settlement_reserve_holds")
    op.drop_index("ix_settlement_order_due_step", table_name="settlement_order_due")
    op.drop_table("settlement_order_due")
