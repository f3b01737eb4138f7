"""run leases: a settlement run is held by one execution at a time, with a heartbeat, and taken over once its
lease expires; a payout remembers which execution claimed it (docs/adr/0014-run-leases.md)

Runs marked completed while some of their payouts were still pending or submitting (an execution killed
mid-submission, then a quick rerun) are reopened, so the scheduler resumes them.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 14:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "settlement_runs",
        sa.Column("lease_owner", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    )
    op.add_column("settlement_runs", sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "payouts", sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True)
    )
    op.execute(
        "UPDATE settlement_runs SET status = 'running', finished_at = NULL WHERE status = 'completed'"
        " AND id IN (SELECT run_id FROM payouts WHERE status IN ('pending', 'submitting'))"
    )


def downgrade() -> None:
    with op.batch_alter_table("payouts") as b:
        b.drop_column("claimed_by")
    with op.batch_alter_table("settlement_runs") as b:
        b.drop_column("lease_expires_at")
        b.drop_column("lease_owner")
