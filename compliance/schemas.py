"""Request and response bodies of the compliance API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from compliance.topics import TOPIC_NAMES
from compliance.topics.market import Channel
from core.limits import Ordinal, WindowDate, WindowDateTime
from core.merchants import validate_country

Country = Annotated[str, AfterValidator(validate_country)]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9\-]{1,78}[a-z0-9]$")]
Topic = Literal[
    "market_access", "restricted_goods", "import_thresholds", "duties", "taxes", "payout_holds", "documents"
]
assert set(Topic.__args__) == set(TOPIC_NAMES)  # type: ignore[attr-defined]


class Scope(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["global", "countries", "region"] = "global"
    countries: list[Country] | None = None
    region: dict[str, Any] | None = Field(
        default=None, description="GeoJSON Polygon or MultiPolygon (lon, lat)"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Scope:
        if self.type == "countries" and not self.countries:
            raise ValueError("a 'countries' scope lists at least one country")
        if self.type == "region":
            if not self.region:
                raise ValueError("a 'region' scope needs a GeoJSON polygon")
            from shapely.geometry import shape

            try:
                geom = shape(self.region)
            except Exception as exc:
                raise ValueError(f"region is not valid GeoJSON: {exc}") from None
            if geom.geom_type not in ("Polygon", "MultiPolygon") or not geom.is_valid or geom.is_empty:
                raise ValueError("region must be a valid, non-empty Polygon or MultiPolygon")
        if self.type == "global" and (self.countries or self.region):
            raise ValueError("a global scope names no countries or region")
        return self


class RuleSetCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: Key
    topic: Topic
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    description: str = ""
    scope: Scope = Scope()


class VersionWindow(BaseModel):
    effective_from: WindowDateTime
    effective_to: WindowDateTime | None = None

    @model_validator(mode="after")
    def _aware_and_ordered(self) -> VersionWindow:
        for name in ("effective_from", "effective_to"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"{name} needs a time zone (use Z for UTC)")
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise ValueError("effective_to must be after effective_from")
        return self


class TestCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = ""
    input: dict[str, Any]
    expect: dict[str, Any]


class VersionCreate(VersionWindow):
    model_config = ConfigDict(extra="forbid")

    rows: list[dict[str, Any]]
    tests: list[TestCase] = []
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    source_url: Annotated[str, StringConstraints(max_length=1000)] = ""


class VersionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rows: list[dict[str, Any]] | None = None
    tests: list[TestCase] | None = None
    effective_from: WindowDateTime | None = None
    effective_to: WindowDateTime | None = None
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)] | None = None
    source_url: Annotated[str, StringConstraints(max_length=1000)] | None = None


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Annotated[str, StringConstraints(max_length=2000)] = ""


class Rejection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class Rollback(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to_version: Ordinal
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    effective_from: WindowDateTime | None = None


class SimulationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: int = Field(default=30, ge=1, le=366)
    samples: int = Field(default=10, ge=0, le=100)


class SuspendRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    channel: Channel = "all"
    source_url: str = ""


class ResumeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class EvaluateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    topic: Topic
    country: Country
    date: WindowDate | None = None
    input: dict[str, Any]
    point: tuple[float, float] | None = Field(default=None, description="(latitude, longitude)")


class RuleSetRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    key: str
    topic: str
    name: str
    description: str
    scope: Scope
    created_by: str
    created_at: datetime
    active_version: int | None = None
    scheduled_versions: list[int] = []


class VersionRead(BaseModel):
    number: int
    status: str
    """draft, pending_approval, rejected, scheduled, active or superseded."""
    rows: list[dict[str, Any]]
    tests: list[dict[str, Any]]
    effective_from: datetime
    effective_to: datetime | None
    reason: str
    source_url: str
    author: str
    approver: str | None
    decision_note: str
    rolled_back_from: int | None
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None


class RuleSetDetail(RuleSetRead):
    versions: list[VersionRead]


class AuditRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str


class PendingLift(BaseModel):
    """A request to lift a suspension, waiting for a second officer: the market stays closed until then."""

    requested_by: str
    requested_at: datetime
    reason: str


class MarketRead(BaseModel):
    country: str
    open: bool
    reasons: list[str]
    suspended_since: datetime | None = None
    suspended_by: str | None = None
    suspension_approved: bool | None = None
    suspension_approved_by: str | None = None
    suspension_id: str | None = None
    pending_lift: PendingLift | None = None


class SimulationRead(BaseModel):
    key: str
    version: int
    days: int
    replayed: int
    changed: int
    by_country: dict[str, dict[str, int]]
    samples: list[dict[str, Any]]


class EvaluateRead(BaseModel):
    outcome: dict[str, Any]
    rules: list[str]
    decision_id: str
