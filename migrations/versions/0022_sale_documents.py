"""sale documents: a product's registrations for documents rules require (a BPOM notification number...), and
the documents an order's rules required

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 18:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("products", sa.Column("registrations", sa.JSON(), nullable=False, server_default="[]"))
    op.add_column("orders", sa.Column("documents", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch would copy `orders` and `products`, which rows
    # of other tables point to, and SQLite refuses to drop them while they do
    op.drop_column("orders", "documents")
    op.drop_column("products", "registrations")
