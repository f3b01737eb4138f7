"""The customs rule tables' row types: import thresholds (de minimis), duties, taxes and documents.

What a row of each topic's table holds; `engine` reads them, `topic` registers them with compliance, and the
default data in `data/*.yaml` is validated by them when loaded. Amounts and rates are decimal strings (never
floats); rates are percentages (`"16.5"`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from core.merchants import validate_country
from core.money import validate_currency

# --- column types ---------------------------------------------------------------------------------------


def _no_float(v: Any) -> Any:
    if isinstance(v, bool | float):
        raise ValueError('write a decimal number as a string, such as "16.5", never as a float')
    return v


def _finite(v: Decimal) -> Decimal:
    if not v.is_finite():
        raise ValueError("must be a finite decimal number")
    return v


def _country_or_any(v: str) -> str:
    return v if v == "*" else validate_country(v)


def _hs_prefix(v: str) -> str:
    digits = v.replace(".", "").replace(" ", "")
    if digits in ("", "*"):
        return ""
    if not digits.isdigit() or not 2 <= len(digits) <= 10:
        raise ValueError("an HS prefix is 2 to 10 digits, or '*' (or '') for the default row")
    return digits


def _hs_code(v: str) -> str:
    digits = v.replace(".", "").replace(" ", "")
    if not digits.isdigit() or not 6 <= len(digits) <= 10:
        raise ValueError("an HS code is 6 to 10 digits")
    return digits


_REGION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


def _region(v: str) -> str:
    if not _REGION.match(v):
        raise ValueError("a region is an ISO 3166-2 subdivision code such as BR-SP or CA-ON")
    return v


Dec = Annotated[Decimal, BeforeValidator(_no_float), AfterValidator(_finite)]
Amount = Annotated[
    Decimal, BeforeValidator(_no_float), AfterValidator(_finite), Field(ge=0, le=Decimal("1e12"))
]
Percent = Annotated[Decimal, BeforeValidator(_no_float), AfterValidator(_finite), Field(ge=0, le=1000)]
Currency = Annotated[str, AfterValidator(validate_currency)]
Country = Annotated[str, AfterValidator(validate_country)]
CountryOrAny = Annotated[str, AfterValidator(_country_or_any)]
HsPrefix = Annotated[str, AfterValidator(_hs_prefix)]
HsCode = Annotated[str, AfterValidator(_hs_code)]
Region = Annotated[str, AfterValidator(_region)]
Channel = Literal["courier", "post"]
Basis = Literal["goods", "goods_and_shipping"]
Collection = Literal["checkout", "border"]

# --- rows -------------------------------------------------------------------------------------------


class CustomsRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    country: CountryOrAny = Field(default="*", description="Destination (ISO 3166-1 alpha-2), or * for all")
    origins: list[Country] | None = Field(
        default=None, description="Only for consignments from these countries (None: any origin)"
    )
    channels: list[Channel] | None = Field(default=None, description="Only for these channels (None: any)")
    note: str = Field(default="", max_length=1000)
    unconfirmed: bool = Field(default=False, description="The value is not confirmed by an official source")

    @cached_property
    def rank(self) -> tuple[bool, bool, bool, int, bool, bool]:
        """Specificity: banded, origin-specific, region-specific, HS prefix length, country, channel."""
        return (
            isinstance(self, BandedRow) and self.banded,
            self.origins is not None,
            isinstance(self, TaxRow) and self.regions is not None,
            len(self.hs_prefix) if isinstance(self, DutyRow | TaxRow) else 0,
            self.country != "*",
            self.channels is not None,
        )


class BandedRow(CustomsRow):
    min_value: Amount | None = Field(default=None, description="Applies above this consignment value")
    max_value: Amount | None = Field(default=None, description="Applies up to and including this value")
    band_currency: Currency | None = None
    band_basis: Basis = "goods"

    @model_validator(mode="after")
    def _band(self) -> Self:
        if (self.min_value is not None or self.max_value is not None) and self.band_currency is None:
            raise ValueError("a value band needs its band_currency")
        if self.min_value is not None and self.max_value is not None and self.min_value >= self.max_value:
            raise ValueError("min_value must be below max_value")
        return self

    @property
    def banded(self) -> bool:
        return self.min_value is not None or self.max_value is not None


class ImportThresholdRow(CustomsRow):
    """De minimis: consignments at or below a threshold are relieved of duty (or tax) at the border."""

    currency: Currency = Field(description="Currency of the thresholds and of checkout_max")
    duty_threshold: Amount | None = Field(
        default=None, description="Duty relief up to this value; None: none"
    )
    tax_threshold: Amount | None = Field(default=None, description="Tax relief up to this value; None: none")
    basis: Basis = Field(default="goods", description="goods (intrinsic/FOB) or goods_and_shipping (CIF)")
    collection: Collection = Field(
        default="border", description="checkout: the seller collects the tax at the point of sale"
    )
    checkout_max: Amount | None = Field(
        default=None, description="The checkout regime covers consignments up to this value (None: all)"
    )
    scheme: str = Field(
        default="",
        max_length=200,
        description="Short name of the collection scheme (IOSS, UK VAT point of sale); tax returns and the"
        " ledger keep its first 20 characters",
    )
    optional: bool = Field(
        default=False,
        description="The checkout scheme is optional (IOSS): it applies only when the platform uses it"
        " (a platform setting per scheme); a mandatory one (UK VAT, AU GST) applies whatever the incoterm",
    )
    match_goods_origin: bool = Field(
        default=False, description="`origins` refers to where the goods were made, not where they ship from"
    )
    aggregate_same_day: bool = Field(
        default=False, description="Same-day parcels to one recipient count as one consignment"
    )


class DutyRow(BandedRow):
    """A duty rate for HS codes starting with `hs_prefix`: ad valorem, flat, or both."""

    hs_prefix: HsPrefix = Field(default="", description="HS prefix, 2-10 digits; '' or * for the default row")
    label: str = Field(default="MFN", max_length=200)
    rate: Percent = Field(default=Decimal(0), description="Ad valorem rate in percent")
    basis: Basis = Field(
        default="goods", description="Dutiable value: goods (FOB) or goods_and_shipping (CIF)"
    )
    flat: Amount | None = Field(default=None, description="A flat amount, in flat_currency")
    flat_currency: Currency | None = None
    flat_per: Literal["unit", "line", "subheading", "consignment"] = Field(
        default="consignment", description="subheading: once per distinct 6-digit subheading in the parcel"
    )
    deduction: Amount | None = Field(
        default=None, description="Deducted once per consignment (shared by value), in deduction_currency"
    )
    deduction_currency: Currency | None = None
    ignores_de_minimis: bool = Field(default=False, description="Charged even when the threshold relieves")

    @model_validator(mode="after")
    def _currencies(self) -> Self:
        if self.flat is not None and self.flat_currency is None:
            raise ValueError("a flat duty needs its flat_currency")
        if self.deduction is not None and self.deduction_currency is None:
            raise ValueError("a deduction needs its deduction_currency")
        return self


class TaxRow(BandedRow):
    """An import tax (VAT, GST, ICMS...) or a fee; one row per `kind` applies to each line."""

    kind: str = Field(min_length=1, max_length=40, description="vat, gst, icms, sales_tax, fee, ...")
    category: Literal["tax", "fee"] = "tax"
    label: str = Field(default="", max_length=200)
    hs_prefix: HsPrefix = ""
    regions: list[Region] | None = Field(default=None, description="ISO 3166-2 regions (None: all)")
    rate: Percent = Field(default=Decimal(0), description="Percent of the base (taxes)")
    basis: Basis = "goods_and_shipping"
    includes_duty: bool = Field(default=True, description="The base includes the duty")
    gross_up: bool = Field(default=False, description="Tax-inclusive base: base x rate / (100 - rate)")
    flat: Amount | None = Field(default=None, description="A flat amount per consignment (fees)")
    flat_currency: Currency | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.flat is not None and self.flat_currency is None:
            raise ValueError("a flat amount needs its flat_currency")
        if self.gross_up and self.rate >= 100:
            raise ValueError("a grossed-up rate must be below 100")
        return self


class DocumentRow(BandedRow):
    """A document, form or identifier a consignment needs."""

    document: str = Field(min_length=1, max_length=80, description="CN22, CN23, IOSS, EORI, CPF, ...")
    kind: Literal["form", "identifier", "requirement"]
    party: Literal["sender", "recipient", "importer", "carrier"] | None = None
    when_collection: Collection | None = Field(default=None, description="Only under this collection")
