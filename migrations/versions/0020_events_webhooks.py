"""events and webhooks out: the events feed (append-only, as the audit log is), webhook endpoints with the
salt their signing secret is derived from, and their delivery log

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", S(length=40), primary_key=True),
        sa.Column("type", S(length=60), nullable=False),
        sa.Column("subject_id", S(length=60), nullable=False),
        sa.Column("merchant_id", S(length=40), nullable=True),
        sa.Column("creator_id", S(length=40), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_index("ix_events_merchant", "events", ["merchant_id", "id"])
    op.create_index("ix_events_creator", "events", ["creator_id", "id"])
    op.create_index("ix_events_type", "events", ["type", "id"])
    op.create_index("ix_events_created_at", "events", ["created_at"])
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", S(length=40), primary_key=True),
        sa.Column("url", S(length=2000), nullable=False),
        sa.Column("description", S(length=200), nullable=False),
        sa.Column("event_types", sa.JSON(), nullable=False),
        sa.Column("owner_role", S(length=32), nullable=False),
        sa.Column("merchant_id", S(length=40), nullable=True),
        sa.Column("creator_id", S(length=40), nullable=True),
        sa.Column("created_by", S(length=40), nullable=False),
        sa.Column("secret_salt", S(length=64), nullable=False),
        sa.Column("status", S(length=12), nullable=False),
        sa.Column("failing_since", TIME, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("deleted_at", TIME, nullable=True),
    )
    op.create_index("ix_webhook_endpoints_merchant_id", "webhook_endpoints", ["merchant_id"])
    op.create_index("ix_webhook_endpoints_creator_id", "webhook_endpoints", ["creator_id"])
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", S(length=40), primary_key=True),
        sa.Column("endpoint_id", S(length=40), sa.ForeignKey("webhook_endpoints.id"), nullable=False),
        sa.Column("event_id", S(length=40), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("event_type", S(length=60), nullable=False),
        sa.Column("status", S(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TIME, nullable=True),
        sa.Column("last_attempt_at", TIME, nullable=True),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("error", S(length=300), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("replay_of", S(length=40), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_index("ix_webhook_deliveries_endpoint", "webhook_deliveries", ["endpoint_id", "id"])
    op.create_index("ix_webhook_deliveries_due", "webhook_deliveries", ["status", "next_attempt_at"])
    if op.get_bind().dialect.name == "postgresql":  # append_only_refused() comes with 0018
        op.execute("""
            CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
            FOR EACH ROW EXECUTE FUNCTION append_only_refused();
        """)
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"""
            CREATE TRIGGER events_no_{verb.lower()} BEFORE {verb} ON events
            BEGIN SELECT RAISE(ABORT, 'events is append-only'); END;
        """)


def downgrade() -> None:
    op.drop_table("webhook_deliveries")
    op.drop_table("webhook_endpoints")
    op.drop_table("events")
