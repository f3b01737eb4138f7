"""Request and response bodies of the customs API."""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from compliance.topics.customs.models import Region
from core.clock import utc_now
from core.limits import WindowDate
from core.merchants import validate_country
from core.money import MoneyIn, MoneyModel, UnknownCurrency, validate_currency
from customs.hs import validate_hs_code

Country = Annotated[str, AfterValidator(validate_country)]
HsCodeStr = Annotated[
    str,
    AfterValidator(validate_hs_code),
    Field(
        description="HS code, 6 to 10 digits (dots and spaces allowed); the first six an HS 2022 subheading"
    ),
]
FIRST_DATE = Date(1999, 1, 1)
MAX_UNIT_PRICE = Decimal("1000000000")
MAX_QUANTITY = 100_000
MAX_ITEMS = 100


def _currency(v: str) -> str:
    try:
        return validate_currency(v)
    except UnknownCurrency as exc:
        raise ValueError(str(exc)) from None


def _amount_in_range(v: MoneyModel, *, limit: Decimal = MAX_UNIT_PRICE) -> MoneyModel:
    amount = Decimal(v.amount)
    if amount < 0:
        raise ValueError("must not be negative")
    if amount > limit:
        raise ValueError(f"must be at most {limit:,f}")
    return v


class Destination(BaseModel):
    model_config = ConfigDict(extra="forbid")

    country: Country = Field(description="ISO 3166-1 alpha-2")
    region: Region | None = Field(
        default=None, description="ISO 3166-2 subdivision (BR-MG, CA-ON) where regional taxes differ"
    )

    @field_validator("region")
    @classmethod
    def _in_country(cls, v: str | None, info: ValidationInfo) -> str | None:
        country = info.data.get("country")
        if v is not None and country is not None and not v.startswith(f"{country}-"):
            raise ValueError(f"{v} is not a region of {country}")
        return v


class LandedCostItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    hs_code: HsCodeStr
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    unit_price: MoneyIn
    origin_country: Country | None = Field(
        default=None, description="Where the goods were made (default: the consignment's origin_country)"
    )
    weight_g: int | None = Field(default=None, ge=0, le=1_000_000_000, description="Weight of one unit")

    @field_validator("unit_price")
    @classmethod
    def _price(cls, v: MoneyModel) -> MoneyModel:
        return _amount_in_range(v)


class LandedCostRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "destination": {"country": "DE"},
                "origin_country": "CN",
                "items": [
                    {"hs_code": "610910", "quantity": 2, "unit_price": {"amount": "25.00", "currency": "EUR"}}
                ],
                "shipping": {"amount": "5.00", "currency": "EUR"},
                "incoterm": "DDP",
                "currency": "EUR",
                "date": "2026-07-01",
            }
        },
    )

    destination: Destination
    origin_country: Country = Field(description="Where the consignment ships from")
    items: list[LandedCostItem] = Field(min_length=1, max_length=MAX_ITEMS)
    shipping: MoneyIn
    incoterm: Literal["DDP", "DAP"] = Field(
        description="DDP: the shopper pays everything at checkout; DAP: duties and taxes are due at the door"
    )
    currency: Annotated[str, AfterValidator(_currency)] = Field(
        description="The shopper's currency (ISO 4217)"
    )
    date: WindowDate | None = Field(
        default=None, description="The day whose rules and rates apply (default: today)"
    )
    channel: Literal["courier", "post"] = "courier"

    @field_validator("shipping")
    @classmethod
    def _shipping(cls, v: MoneyModel) -> MoneyModel:
        return _amount_in_range(v)

    @field_validator("date")
    @classmethod
    def _date(cls, v: Date | None) -> Date | None:
        if v is None:
            return v
        today = utc_now().date()
        if v < FIRST_DATE:
            raise ValueError(f"must be on or after {FIRST_DATE.isoformat()}")
        if v > today:
            raise ValueError(f"must not be in the future (today is {today.isoformat()})")
        return v


class LandedCostLine(BaseModel):
    hs_code: str
    quantity: int
    value: MoneyModel
    duty: MoneyModel
    tax: MoneyModel
    duty_rate: str | None = Field(description="Percent, of the duty row applied; null when none or relieved")
    duty_label: str | None
    tax_rate: str = Field(description="Percent: the sum of the tax rates applied to the line")


class FeeLine(BaseModel):
    label: str
    amount: MoneyModel


class DeMinimis(BaseModel):
    duty_threshold: MoneyModel | None = Field(
        description="In the destination's currency; null: no duty relief"
    )
    tax_threshold: MoneyModel | None = Field(description="In the destination's currency; null: no tax relief")
    duty_applied: bool = Field(
        description="Duty is charged: the consignment is not relieved by the threshold"
    )
    tax_applied: bool = Field(description="Tax is charged: the consignment is not relieved by the threshold")


class RuleApplied(BaseModel):
    topic: str
    key: str
    version: int
    detail: str
    unconfirmed: bool


class FxUsed(BaseModel):
    base: str
    quote: str
    rate: str
    rate_date: Date
    source: str


class DocumentRequired(BaseModel):
    document: str = Field(description="The form, identifier or requirement (CN22, IOSS, EORI, ...)")
    kind: Literal["form", "identifier", "requirement"]
    party: str | None = Field(description="Who provides it: sender, recipient, importer or carrier")
    rule_set: str
    version: int


class ChargeRead(BaseModel):
    """One duty, tax kind or fee: the scheme it falls under and where it is collected."""

    category: Literal["duty", "tax", "fee"]
    kind: str = Field(description="duty, vat, gst, icms, sales_tax, ... or fee")
    label: str
    amount: MoneyModel
    scheme: str = Field(
        description="import, domestic, OSS (between EU member states), or the point-of-sale scheme"
        " (IOSS, UK VAT point of sale, AU GST LVIG, ...)"
    )
    collected: Literal["checkout", "border"] = Field(
        description="checkout: in the payment at the sale; border: by the shopper on delivery"
    )


class LandedCostRead(BaseModel):
    currency: str
    incoterm: Literal["DDP", "DAP"]
    date: Date
    destination_currency: str
    goods: MoneyModel
    shipping: MoneyModel
    duties: MoneyModel
    taxes: MoneyModel
    fees: MoneyModel
    total: MoneyModel = Field(description="goods + shipping + duties + taxes + fees")
    due_at_checkout: MoneyModel
    due_on_delivery: MoneyModel = Field(
        description="DAP at a border-collected destination: duties, taxes, fees"
    )
    lines: list[LandedCostLine]
    fee_lines: list[FeeLine]
    de_minimis: DeMinimis
    collection: Literal["checkout", "border"] = Field(
        description="Where the scheme collects: checkout (a point-of-sale scheme such as IOSS or UK VAT, or a"
        " domestic sale) or border (at import)"
    )
    collected: Literal["checkout", "border"] = Field(
        description="Where the duties, taxes and fees are collected: the scheme's rule first, then the"
        " incoterm (DDP: prepaid at checkout; DAP: at the border)"
    )
    scheme: str | None = Field(
        description="The scheme that applied: import, domestic, OSS, or the point-of-sale scheme"
    )
    supply: Literal["import", "domestic"] = Field(
        description="domestic: shipped from inside the destination's tax territory (no customs, its VAT/GST)"
    )
    charges: list[ChargeRead] = Field(description="Each duty, tax kind and fee, its scheme and collection")
    rules_applied: list[RuleApplied]
    fx: list[FxUsed]
    notes: list[str]
    documents: list[DocumentRequired] = Field(
        default_factory=list, description="What the consignment needs, by the documents rules in force"
    )


class HsCodeRead(BaseModel):
    code: str
    level: Literal["chapter", "heading", "subheading", "national"]
    description: str
    edition: str
    heading: str | None = None
    heading_description: str | None = None
    chapter: str
    chapter_description: str
    section: str
    section_name: str
    national_suffix: str | None = None


ContentType = Literal["sale_of_goods", "gift", "documents", "commercial_sample", "returned_goods", "other"]


class DeclarationItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]
    hs_code: HsCodeStr
    origin_country: Country
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    unit_weight_g: int = Field(ge=1, le=1_000_000_000, description="Net weight of one unit, in grams")
    unit_value: MoneyModel

    @field_validator("unit_value")
    @classmethod
    def _value(cls, v: MoneyModel) -> MoneyModel:
        return _amount_in_range(v)


class DeclaredLine(BaseModel):
    description: str
    hs_code: str
    origin_country: str
    quantity: int
    net_weight_g: int
    value: MoneyModel


class DeclaredIdentifier(BaseModel):
    document: str
    party: str | None
    value: str | None
    note: str


class Declaration(BaseModel):
    """The data of a CN22/CN23 customs declaration, and the identifiers the destination asks for."""

    form: Literal["CN22", "CN23"]
    content_type: ContentType
    destination: str
    origin_country: str
    items: list[DeclaredLine]
    total_value: MoneyModel
    total_net_weight_g: int
    shipping: MoneyModel | None
    identifiers: list[DeclaredIdentifier]
    requirements: list[str] = Field(description="National forms and requirements beyond the CN22/CN23")
    missing: list[str] = Field(description="Identifiers the destination requires that were not given")
    warnings: list[str]
    rules: list[str]
