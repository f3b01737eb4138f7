"""Request and response bodies of the carriers API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints, field_validator

from carriers.sheets import Amount, Country, RateSheetSpec
from carriers.types import GOODS_CLASSES, Mode
from core.limits import WindowDate
from core.money import MoneyModel

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,39}$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Goods = Literal["general", "battery", "liquid", "cosmetics", "magnetic", "powder", "food", "fragile"]
AdapterName = Literal["rate_sheet", "karrio_dhl_express", "karrio_fedex", "karrio_easyship"]
assert set(Goods.__args__) == set(GOODS_CLASSES)  # type: ignore[attr-defined]


class CarrierCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Code
    name: Name
    adapter: AdapterName = "rate_sheet"
    """`rate_sheet`: priced and booked from the sheets, no network. `karrio_dhl_express`, `karrio_fedex`,
    `karrio_easyship`: priced live (the sheet when the carrier does not answer in time), booked and tracked
    through karrio's connector when its credentials are configured (`carriers.connectors`)."""
    active: StrictBool = True


class CarrierRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    code: str
    name: str
    adapter: AdapterName
    active: bool
    created_at: datetime


class _ServiceFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tracked: StrictBool = True
    ddp_capable: StrictBool = False
    max_weight_g: int = Field(gt=0, le=10_000_000)
    max_dims_cm: tuple[Amount, Amount, Amount] | None = None
    """Length, width and height in centimetres (decimal strings); a parcel fits in any orientation."""
    accepts: list[Goods] = Field(default_factory=lambda: list[Goods](["general"]))
    goods_limits: dict[Goods, Annotated[str, StringConstraints(max_length=500)]] = Field(default_factory=dict)
    """Conditions on an accepted goods class, shown to people (e.g. battery: "in equipment, <= 100 Wh")."""
    active: StrictBool = True

    @field_validator("max_dims_cm")
    @classmethod
    def _positive(cls, v: tuple[Decimal, Decimal, Decimal] | None) -> tuple[Decimal, Decimal, Decimal] | None:
        if v is not None and any(d <= 0 for d in v):
            raise ValueError("dimensions must be positive")
        return v


class ServiceCreate(_ServiceFields):
    code: Code
    carrier_code: Code
    name: Name
    mode: Mode


class ServiceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    mode: Mode | None = None
    tracked: StrictBool | None = None
    ddp_capable: StrictBool | None = None
    max_weight_g: int | None = Field(default=None, gt=0, le=10_000_000)
    max_dims_cm: tuple[Amount, Amount, Amount] | None = None
    accepts: list[Goods] | None = None
    goods_limits: dict[Goods, Annotated[str, StringConstraints(max_length=500)]] | None = None
    active: StrictBool | None = None


class ServiceRead(BaseModel):
    id: str
    code: str
    carrier_code: str
    name: str
    mode: Mode
    tracked: bool
    ddp_capable: bool
    max_weight_g: int
    max_dims_cm: Annotated[list[Decimal], Field(min_length=3, max_length=3)] | None
    """Length, width and height."""
    accepts: list[str]
    goods_limits: dict[str, str]
    active: bool
    origins: list[str]
    """Origin countries it has rate sheets from."""
    created_at: datetime
    updated_at: datetime


class RateSheetRead(RateSheetSpec):
    model_config = ConfigDict(extra="forbid", json_schema_extra=None)

    id: str
    service_code: str
    source: str
    created_at: datetime


class RateSheetSummary(BaseModel):
    id: str
    service_code: str
    name: str
    origin_country: str
    currency: str
    effective_from: date
    effective_to: date | None
    source: str
    created_at: datetime


# --- dry-run rating ---------------------------------------------------------------------------------


class PointIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lat: Decimal = Field(ge=-90, le=90)
    lon: Decimal = Field(ge=-180, le=180)


class DestinationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    country: Country
    postal_code: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)] | None
    ) = None
    point: PointIn | None = None


class ParcelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    weight_g: int = Field(gt=0, le=10_000_000)
    dims_cm: tuple[Amount, Amount, Amount] | None = None
    """Length, width and height in centimetres (decimal strings)."""
    goods: list[Goods] = Field(default_factory=lambda: list[Goods](["general"]), min_length=1)

    @field_validator("dims_cm")
    @classmethod
    def _positive(cls, v: tuple[Decimal, Decimal, Decimal] | None) -> tuple[Decimal, Decimal, Decimal] | None:
        if v is not None and any(d <= 0 or d > 1000 for d in v):
            raise ValueError("dimensions must be above 0 and at most 1000 cm")
        return v


class RatesRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    origin_country: Country
    destination: DestinationIn
    parcel: ParcelIn
    on: WindowDate | None = None
    """The shipping day; today (UTC) by default."""


class DaysRead(BaseModel):
    p10: int
    p50: int
    p90: int


class TransitRead(BaseModel):
    line_haul: DaysRead
    clearance: DaysRead
    last_mile: DaysRead
    source: Literal["sheet", "learned"]
    samples: int


class RateQuoteRead(BaseModel):
    service_code: str
    carrier_code: str
    service_name: str
    mode: Mode
    price: MoneyModel
    base: MoneyModel
    fuel: MoneyModel
    remote_area: MoneyModel
    minimum_charge_applied: bool
    billable_weight_g: int
    zone: str
    sheet_id: str
    transit: TransitRead | None


class RateRefusalRead(BaseModel):
    service_code: str
    reason: str
    message: str


class RatesRead(BaseModel):
    origin_country: str
    on: date
    quotes: list[RateQuoteRead]
    """Cheapest first within each currency; currencies are not converted here."""
    refusals: list[RateRefusalRead]


class WebhookSecretRead(BaseModel):
    """A carrier's new webhook secret: shown this once (only its hash is kept). The carrier sends it in
    `header` with each push to `POST /v1/carriers/{carrier}/webhooks`."""

    carrier: str
    secret: str
    header: str
