"""FX request and response bodies. Rates travel as decimal strings, never JSON numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
)

from core.limits import WindowDate
from core.models import canonical_decimal
from core.money import MoneyIn, MoneyModel, UnknownCurrency, check_rate, validate_currency
from payments.fx import Conversion, CrossRate
from payments.fx_quotes import (
    MAX_LOCK_SECONDS,
    MAX_MARKUP_BPS,
    MIN_LOCK_SECONDS,
    FxQuoteStatus,
    buy_money,
    quote_status,
    sell_money,
)
from payments.models import FxMarkup, FxQuote, SupplementaryRate


def _plain(value: Decimal) -> str:
    return format(canonical_decimal(value), "f")


def _string_only(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError('a rate is a string such as "3.6725", not a JSON number')
    return value


RateOut = Annotated[
    Decimal,
    PlainSerializer(_plain, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d+)?$", "examples": ["0.912741876597298"]}),
]
RateIn = Annotated[
    Decimal,
    BeforeValidator(_string_only),
    AfterValidator(check_rate),
    WithJsonSchema({"type": "string", "examples": ["3.6725"]}),
]


def _currency(value: str) -> str:
    try:
        return validate_currency(value)
    except UnknownCurrency as exc:
        raise ValueError(str(exc)) from None


Currency = Annotated[
    str, BeforeValidator(lambda v: _currency(v) if isinstance(v, str) else v), Field(examples=["EUR"])
]


class RateRead(BaseModel):
    rate: RateOut
    rate_date: dt.date = Field(description="The day the rate was published (on or before the day asked for)")
    source: str
    age_days: int = Field(description="Days between the rate's date and the day asked for")

    @classmethod
    def of(cls, cross: CrossRate) -> RateRead:
        return cls(rate=cross.rate, rate_date=cross.rate_date, source=cross.source, age_days=cross.age_days)


class RatesRead(BaseModel):
    base: str
    date: dt.date
    rates: dict[str, RateRead] = Field(description="Units of each currency for one unit of `base`")


class ConvertRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: MoneyIn
    to: Currency
    date: WindowDate | None = Field(default=None, description="The day of the rate; today (UTC) by default")


class ConversionRead(BaseModel):
    amount: MoneyModel
    result: MoneyModel
    rate: RateOut = Field(description="Units of `to` for one unit of the amount's currency, as applied")
    rate_date: dt.date
    source: str
    age_days: int

    @classmethod
    def of(cls, amount: MoneyModel, conversion: Conversion) -> ConversionRead:
        return cls(
            amount=amount,
            result=MoneyModel.of(conversion.result),
            rate=conversion.rate,
            rate_date=conversion.rate_date,
            source=conversion.source,
            age_days=conversion.cross.age_days,
        )


class FxQuoteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sell_currency: Currency
    buy_currency: Currency
    sell_amount: MoneyIn | None = Field(default=None, description="Give this or buy_amount, not both")
    buy_amount: MoneyIn | None = None
    lock_seconds: int = Field(ge=MIN_LOCK_SECONDS, le=MAX_LOCK_SECONDS, description="How long the rate holds")


class FxQuoteConsume(BaseModel):
    model_config = ConfigDict(extra="forbid")

    consumer: str = Field(
        min_length=1, max_length=100, description="What uses the rate: an order or payout id"
    )


class FxQuoteRead(BaseModel):
    id: str
    status: FxQuoteStatus
    sell_currency: str
    buy_currency: str
    sell_amount: MoneyModel
    buy_amount: MoneyModel
    fixed_side: str = Field(description="`sell` or `buy`: the amount that was given; the other was computed")
    reference_rate: RateOut = Field(description="The reference (ECB cross) rate, buy units per sell unit")
    markup_bps: int
    rate: RateOut = Field(description="The customer rate: the reference rate less the markup")
    rate_date: dt.date
    source: str
    created_at: dt.datetime
    expires_at: dt.datetime
    consumed_at: dt.datetime | None
    consumed_by: str | None

    @classmethod
    def of(cls, quote: FxQuote) -> FxQuoteRead:
        return cls(
            id=quote.id,
            status=quote_status(quote),
            sell_currency=quote.sell_currency,
            buy_currency=quote.buy_currency,
            sell_amount=MoneyModel.of(sell_money(quote)),
            buy_amount=MoneyModel.of(buy_money(quote)),
            fixed_side=quote.fixed_side,
            reference_rate=quote.reference_rate,
            markup_bps=quote.markup_bps,
            rate=quote.rate,
            rate_date=quote.rate_date,
            source=quote.source,
            created_at=quote.created_at,
            expires_at=quote.expires_at,
            consumed_at=quote.consumed_at,
            consumed_by=quote.consumed_by,
        )


class SupplementaryRateUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rate: RateIn = Field(description="Units of the currency for one unit of `base`")
    base: Currency = Field(default="EUR", description="EUR, or a currency the ECB publishes (for a peg: USD)")
    as_of: WindowDate
    source: str = Field(min_length=1, max_length=200, examples=["Central Bank of the UAE (peg)"])

    @field_validator("source")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name where the rate comes from")
        return value.strip()


class SupplementaryRateRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    currency: str
    base: str
    rate: RateOut
    as_of: dt.date
    source: str
    created_at: dt.datetime

    @classmethod
    def of(cls, row: SupplementaryRate) -> SupplementaryRateRead:
        return cls.model_validate(row)


class SupplementaryRateList(BaseModel):
    data: list[SupplementaryRateRead]
    has_more: bool = False


class FxMarkupUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    markup_bps: int = Field(ge=0, le=MAX_MARKUP_BPS, description="Basis points below the reference rate")


class FxMarkupRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    base: str = Field(description="The currency the client sells")
    quote: str = Field(description="The currency the client buys")
    markup_bps: int
    updated_at: dt.datetime

    @classmethod
    def of(cls, row: FxMarkup) -> FxMarkupRead:
        return cls.model_validate(row)


class FxMarkupList(BaseModel):
    data: list[FxMarkupRead]
    has_more: bool = False
    default_markup_bps: int = Field(description="The markup of every pair not listed")
