"""named generation counters behind the per-process snapshots (API keys, carriers, warehouses, rules); the
three one-row counters they replace are dropped

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 04:40:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'generations',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False, server_default='0'),
        sa.PrimaryKeyConstraint('name'),
    )
    op.drop_table('carrier_generation')
    op.drop_table('logistics_generation')
    op.drop_table('rule_generation')


def downgrade() -> None:
    for name in ('rule_generation', 'carrier_generation', 'logistics_generation'):
        columns = [
            sa.Column('id', sa.Integer(), nullable=False),
            sa.Column('generation', sa.Integer(), nullable=False),
        ]
        if name != 'logistics_generation':
            columns.append(sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False))
        op.create_table(name, *columns, sa.PrimaryKeyConstraint('id'))
    op.drop_table('generations')
