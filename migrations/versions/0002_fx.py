"""fx rates and quotes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 09:21:21.103420

Rates are exact decimals: NUMERIC on PostgreSQL, text on SQLite (whose NUMERIC affinity would store a float);
see core.models.ExactDecimal.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rate() -> sa.types.TypeEngine[object]:
    return sa.Numeric().with_variant(sa.String(length=48), 'sqlite')


def upgrade() -> None:
    op.create_table('fx_markups',
    sa.Column('base', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('quote', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('markup_bps', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.PrimaryKeyConstraint('base', 'quote')
    )
    op.create_table('fx_quotes',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('sell_currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('buy_currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('sell_amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('buy_amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('fixed_side', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('reference_rate', _rate(), nullable=False),
    sa.Column('markup_bps', sa.Integer(), nullable=False),
    sa.Column('rate', _rate(), nullable=False),
    sa.Column('rate_date', sa.Date(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('consumed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('consumed_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('fx_quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fx_quotes_expires_at'), ['expires_at'], unique=False)

    op.create_table('fx_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('base', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('quote', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('rate', _rate(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('base', 'quote', 'as_of', 'source', name='uq_fx_rates_pair_day_source')
    )
    with op.batch_alter_table('fx_rates', schema=None) as batch_op:
        batch_op.create_index('ix_fx_rates_quote_as_of', ['quote', 'as_of'], unique=False)

    op.create_table('supplementary_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('base', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('rate', _rate(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('supplementary_rates', schema=None) as batch_op:
        batch_op.create_index('ix_supplementary_rates_currency_as_of', ['currency', 'as_of'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('supplementary_rates', schema=None) as batch_op:
        batch_op.drop_index('ix_supplementary_rates_currency_as_of')

    op.drop_table('supplementary_rates')
    with op.batch_alter_table('fx_rates', schema=None) as batch_op:
        batch_op.drop_index('ix_fx_rates_quote_as_of')

    op.drop_table('fx_rates')
    with op.batch_alter_table('fx_quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fx_quotes_expires_at'))

    op.drop_table('fx_quotes')
    op.drop_table('fx_markups')
