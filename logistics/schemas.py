"""Request and response bodies of the logistics API."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    field_validator,
)

from carriers.types import GOODS_CLASSES
from compliance.topics.market import SalesChannel
from core.merchants import validate_country
from core.money import MoneyModel, NonNegativeMoney, PositiveMoney, UnknownCurrency, validate_currency

Country = Annotated[str, AfterValidator(validate_country)]
Sku = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._\-]+$")]


def _currency(v: str) -> str:
    try:
        return validate_currency(v)
    except UnknownCurrency as exc:
        raise ValueError(str(exc)) from None


def _hs(v: str) -> str:
    digits = v.replace(".", "").replace(" ", "")
    if not digits.isdigit() or not 6 <= len(digits) <= 10:
        raise ValueError("an HS code has 6 to 10 digits")
    return digits


def _goods(v: list[str]) -> list[str]:
    unknown = sorted(set(v) - set(GOODS_CLASSES))
    if unknown:
        raise ValueError(f"unknown goods classes {unknown}; use {list(GOODS_CLASSES)}")
    return sorted(set(v)) or ["general"]


Currency = Annotated[str, AfterValidator(_currency)]
HsCode = Annotated[str, AfterValidator(_hs)]
Goods = Annotated[list[str], AfterValidator(_goods)]
Dims = tuple[
    Annotated[Decimal, Field(gt=0, le=400)],
    Annotated[Decimal, Field(gt=0, le=400)],
    Annotated[Decimal, Field(gt=0, le=400)],
]


# --- warehouses -----------------------------------------------------------------------------------


class WarehouseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9\-]{2,20}$")]
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    country: Country
    city: str = ""
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    timezone: str
    cutoff_local: Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] = "15:00"
    handling_days: int = Field(default=1, ge=0, le=10)
    holiday_country: Country | None = None
    holiday_subdivision: str | None = None
    capabilities: Goods = ["general"]
    returns_centre: StrictBool = False
    cost_per_order: NonNegativeMoney | None = None

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            zoneinfo.ZoneInfo(v)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{v!r} is not an IANA time zone") from None
        return v


class WarehouseUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    cutoff_local: Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] | None = None
    handling_days: int | None = Field(default=None, ge=0, le=10)
    capabilities: Goods | None = None
    returns_centre: StrictBool | None = None
    cost_per_order: NonNegativeMoney | None = None
    active: StrictBool | None = None


class WarehouseRead(BaseModel):
    id: str
    code: str
    name: str
    country: str
    city: str
    latitude: float
    longitude: float
    timezone: str
    cutoff_local: str
    handling_days: int
    holiday_country: str
    capabilities: list[str]
    returns_centre: bool
    cost_per_order: MoneyModel
    active: bool


# --- products and stock ---------------------------------------------------------------------------


class ProductRegistration(BaseModel):
    """A registration the product holds for a document the rules may require (a BPOM notification number
    for cosmetics sold into Indonesia, a UN38.3 test summary for batteries)."""

    model_config = ConfigDict(extra="forbid")

    document: Annotated[str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True)] = Field(
        description="The document as the rules name it, e.g. `BPOM notification` (compared ignoring case)"
    )
    number: Annotated[str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True)]
    countries: list[Country] | None = Field(
        default=None, max_length=250, description="Where the registration holds (None: wherever asked)"
    )


class ProductCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    merchant_id: str
    sku: Sku
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    weight_g: int = Field(gt=0, le=100_000)
    dimensions_cm: Dims | None = None
    hs_code: HsCode
    origin_country: Country
    category: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    goods: Goods = ["general"]
    registrations: list[ProductRegistration] = Field(default_factory=list, max_length=50)


class StockLevel(BaseModel):
    warehouse: str
    on_hand: int
    reserved: int
    available: int


class ProductRead(BaseModel):
    id: str
    merchant_id: str
    sku: str
    name: str
    weight_g: int
    dimensions_cm: list[Decimal] | None
    hs_code: str
    origin_country: str
    category: str
    goods: list[str]
    registrations: list[ProductRegistration] = []
    stock: list[StockLevel] = []
    available: int = 0


class StockSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    warehouse: str = Field(description="Warehouse code")
    merchant_id: str
    sku: Sku
    on_hand: int = Field(ge=0, le=10_000_000)


# --- quotes ---------------------------------------------------------------------------------------


class DestinationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    country: Country
    postal_code: Annotated[str, StringConstraints(max_length=16)] | None = None
    city: Annotated[str, StringConstraints(max_length=100)] | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


class QuoteItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: Sku
    quantity: int = Field(ge=1, le=10_000)
    unit_price: PositiveMoney = Field(
        description="More than zero: a zero or negative price would pay the shopper"
    )
    weight_g: int | None = Field(default=None, gt=0, le=100_000)
    dimensions_cm: Dims | None = None
    hs_code: HsCode | None = None
    origin_country: Country | None = None
    category: str | None = None


class QuoteCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "merchant_id": "mer_demo_lumen",
                    "destination": {"country": "DE", "postal_code": "10115", "city": "Berlin"},
                    "items": [
                        {
                            "sku": "TEE-BASIC-M",
                            "quantity": 2,
                            "unit_price": {"amount": "20.00", "currency": "EUR"},
                        }
                    ],
                    "currency": "EUR",
                    "incoterm": "DDP",
                    "objective": "best_value",
                }
            ]
        },
    )

    merchant_id: str
    destination: DestinationIn
    items: list[QuoteItemIn] = Field(min_length=1, max_length=100)
    currency: Currency
    incoterm: Literal["DDP", "DAP"] = "DDP"
    objective: Literal["cheapest", "fastest", "best_value"] = "best_value"
    max_days: int = Field(default=15, ge=1, le=90)
    channel: SalesChannel = Field(
        default="marketplace",
        description="Where the sale happens: market access can differ per channel (a country may close "
        "social-commerce checkouts and keep marketplaces open)",
    )


class DeliveryWindow(BaseModel):
    earliest: date
    likely: date
    latest: date
    days_min: int
    days_likely: int
    days_max: int
    confidence: Literal["low", "medium", "high"]
    coverage: Decimal = Decimal("0.8")
    """The share of parcels expected between `earliest` and `latest` (p10 to p90)."""


class ParcelPlan(BaseModel):
    weight_g: int
    billable_weight_g: int


class ShipmentPlan(BaseModel):
    warehouse: str
    warehouse_country: str
    carrier: str
    service: str
    mode: str
    items: list[dict[str, Any]]
    """What the shipment carries: `sku` and `quantity` each. A SKU may appear in several shipments of an
    option when no one warehouse holds its quantity (or nearer stock is split)."""
    weight_g: int
    billable_weight_g: int
    parcels: list[ParcelPlan] = Field(default_factory=list)
    """The shipment's parcels: more than one when it is heavier than the service's weight limit."""
    shipping: MoneyModel
    delivery_window: DeliveryWindow
    source: Literal["live", "sheet"] = "sheet"
    """`live`: priced by the carrier's API for this quote; `sheet`: from its rate sheet."""


class Breakdown(BaseModel):
    goods: MoneyModel
    shipping: MoneyModel
    duties: MoneyModel
    taxes: MoneyModel
    fees: MoneyModel


class QuoteOption(BaseModel):
    id: str
    total: MoneyModel
    breakdown: Breakdown
    delivery_window: DeliveryWindow
    shipments: list[ShipmentPlan]
    tags: list[str]
    explanation: str
    reasons: list[str]
    duties_collected: Literal["checkout", "door", "none"]
    landed_cost: dict[str, Any] | None = None
    documents: list[DocumentRequired] = Field(
        default_factory=list, description="Every document the option's rules require, with its rule version"
    )
    source: Literal["live", "sheet"] = "sheet"
    """`live` when every shipment's price came from its carrier's API for this quote, else `sheet`."""


class DocumentRequired(BaseModel):
    """A document a sale needs, the rule set and version requiring it, and what it is about: one SKU (a
    restricted-goods requirement, answered by the product's registration) or one shipment's consignment
    (customs forms and identifiers, by warehouse)."""

    document: str
    rule_set: str
    version: int
    sku: str | None = None
    registration: str | None = Field(default=None, description="The product's registration number for it")
    warehouse: str | None = None
    kind: str | None = Field(default=None, description="form, identifier or requirement (customs documents)")
    party: str | None = None


class RankingParameter(BaseModel):
    name: str
    weight_percent: int = Field(
        description="The parameter's share of the ranking; 0 for a parameter that only breaks ties"
    )
    description: str


class Ranking(BaseModel):
    """How the options are ordered (EU DSA art. 27): the objective and its main parameters, in words a
    shopper can read."""

    objective: str
    summary: str
    parameters: list[RankingParameter] = Field(description="In the order they decide")
    paid_placement: bool = Field(
        default=False, description="Whether anyone paid for an option's place: never, in this service"
    )


class Rejected(BaseModel):
    warehouse: str | None
    service: str | None
    reason: str
    message: str


class QuoteRead(BaseModel):
    id: str
    merchant_id: str
    created_at: datetime
    expires_at: datetime
    currency: str
    incoterm: str
    objective: str
    channel: str = "marketplace"
    destination: dict[str, Any]
    options: list[QuoteOption]
    rejected: list[Rejected]
    blocked: list[str] = []
    rules_applied: list[str]
    fx: list[dict[str, Any]] = []
    ranking: Ranking | None = Field(
        default=None, description="How the options are ordered: the objective and its main parameters"
    )
    expired: bool = False


# --- transit history and the calibration of its windows ---------------------------------------------------


class HistoryReject(BaseModel):
    line: int
    field: str
    message: str


class HistoryImportRead(BaseModel):
    """What an import of past deliveries did. Rows that fail a check are skipped and listed (the first
    1,000); the others are imported together. A record id known already counts as a duplicate."""

    received: int
    imported: int
    duplicates: int
    rejected: int
    rejects: list[HistoryReject]
    rejects_listed: int
    samples_fed: int = Field(description="Deliveries recorded as transit samples of their lanes")


class DayCount(BaseModel):
    days: int
    deliveries: int


class LaneCalibration(BaseModel):
    """One lane's window fitted on its older deliveries and scored on the newest (the holdout)."""

    carrier: str
    service: str
    origin_country: str
    destination_country: str
    deliveries: int
    fitted_on: int = Field(description="The older deliveries the window was fitted on")
    scored: int = Field(description="The newest deliveries the window was scored on (the holdout)")
    earliest_days: int | None = Field(description="Days from hand-over: the window's first day")
    likely_days: int | None
    latest_days: int | None
    inside: float | None = Field(description="Share of the holdout delivered inside the window")
    early: float | None
    late: float | None
    window_width_days: int | None
    empirical_p5_days: int | None = Field(description="p5 of the holdout's transit days")
    empirical_p95_days: int | None
    empirical_width_days: int | None
    meets_goal: bool | None = Field(
        description="inside >= the goal and the window no wider than the holdout's p5-p95 plus a day"
    )
    quoted_inside: float | None = Field(
        description="Share of the holdout inside the window a quote gives from the same older deliveries "
        "(the lane's learned transit profile, p10 to p90, from the hand-over day)"
    )
    quoted_early: float | None
    quoted_late: float | None
    holdout_days: list[DayCount] = Field(description="The holdout's deliveries per transit day")


class WindowCalibration(BaseModel):
    holdout_share: float
    goal_inside: float
    goal_extra_width_days: int
    min_fit: int = Field(description="Deliveries a lane needs in its older part to be fitted")
    lanes: int
    lanes_meeting_goal: int
    scored: int
    inside: float | None = Field(description="Share of every scored delivery that arrived inside its window")
    data: list[LaneCalibration]
