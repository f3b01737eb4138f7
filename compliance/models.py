"""Compliance tables: rule sets, their versions, market suspensions, the audit log and the decision log."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.clock import utc_now
from core.models import utc_column
from core.privileges import APPEND_ONLY


class ScopeType(StrEnum):
    global_ = "global"
    countries = "countries"
    region = "region"


class VersionStatus(StrEnum):
    """Stored states. An approved version shows as `scheduled`, `active` or `superseded` by its window."""

    draft = "draft"
    pending_approval = "pending_approval"
    approved = "approved"
    rejected = "rejected"


class RuleSet(SQLModel, table=True):
    __tablename__ = "rule_sets"

    id: str = Field(primary_key=True, max_length=40)
    key: str = Field(max_length=80, unique=True)
    topic: str = Field(max_length=40, index=True)
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=2000)
    scope_type: str = Field(max_length=20)
    countries: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    region: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    """GeoJSON Polygon or MultiPolygon (lon, lat)."""
    created_by: str = Field(max_length=80)
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class RuleVersion(SQLModel, table=True):
    __tablename__ = "rule_versions"
    __table_args__ = (UniqueConstraint("rule_set_id", "number", name="uq_rule_version_number"),)

    id: str = Field(primary_key=True, max_length=40)
    rule_set_id: str = Field(foreign_key="rule_sets.id", max_length=40, index=True)
    number: int
    status: str = Field(max_length=20, index=True)
    rows: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    tests: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    effective_from: datetime = Field(sa_column=utc_column())
    effective_to: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    reason: str = Field(default="", max_length=2000)
    source_url: str = Field(default="", max_length=1000)
    author: str = Field(max_length=80)
    approver: str | None = Field(default=None, max_length=80)
    decision_note: str = Field(default="", max_length=2000)
    rolled_back_from: int | None = None
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    updated_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    submitted_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    decided_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class MarketSuspension(SQLModel, table=True):
    """An emergency stop of a market: in force from `suspended_at` until `resumed_at`.

    In force at once; its approval by a second officer is recorded afterwards. Lifting it is four-eyes the
    other way round: one officer asks (`lift_requested_*`), the market stays closed, and it reopens only when
    another officer approves (`resumed_by`, `resumed_at`; `resume_reason` is the request's reason).
    """

    __tablename__ = "market_suspensions"
    __table_args__ = (Index("ix_market_suspensions_country", "country"),)

    id: str = Field(primary_key=True, max_length=40)
    country: str = Field(max_length=2)
    channel: str = Field(default="all", max_length=30)
    reason: str = Field(max_length=2000)
    source_url: str = Field(default="", max_length=1000)
    suspended_by: str = Field(max_length=80)
    suspended_at: datetime = Field(sa_column=utc_column())
    approved_by: str | None = Field(default=None, max_length=80)
    approved_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    resumed_by: str | None = Field(default=None, max_length=80)
    resumed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    resume_reason: str = Field(default="", max_length=2000)
    lift_requested_by: str | None = Field(default=None, max_length=80)
    lift_requested_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    lift_reason: str = Field(default="", max_length=2000, sa_column_kwargs={"server_default": ""})


class AuditEntry(SQLModel, table=True):
    """Append-only: the database refuses updates and deletes (triggers on SQLite and PostgreSQL)."""

    __tablename__ = "compliance_audit"
    __table_args__ = (APPEND_ONLY,)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utc_now, sa_column=utc_column(index=True))
    actor: str = Field(max_length=80, index=True)
    action: str = Field(max_length=60, index=True)
    entity_type: str = Field(max_length=40)
    entity_id: str = Field(max_length=80, index=True)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    reason: str = Field(default="", max_length=2000)


class RuleDecision(SQLModel, table=True):
    """What was decided under which rule versions, with the input kept for simulations."""

    __tablename__ = "rule_decisions"
    __table_args__ = (Index("ix_rule_decisions_topic_at", "topic", "at"), APPEND_ONLY)

    id: str = Field(primary_key=True, max_length=40)
    at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    context: str = Field(max_length=40)
    subject_id: str | None = Field(default=None, max_length=80, index=True)
    topic: str = Field(max_length=40)
    """The topic decided, or `*` for a decision that asked several (a quote)."""
    country: str | None = Field(default=None, max_length=2)
    input: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    input_hash: str = Field(max_length=64)
    outcome: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    rules: list[str] = Field(sa_column=Column(JSON, nullable=False))
    """`key@version` of each version the decision used."""
