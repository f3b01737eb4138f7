"""FX tables: stored rates, supplementary rates, markups per currency pair, and FX quotes (locks).

Rates are `Decimal` end to end. `core.models.ExactDecimal` is PostgreSQL
`NUMERIC` (exact, unconstrained, so a cross
rate as small as 1e-6 keeps all its significant digits) and text on SQLite, whose NUMERIC affinity would
store a float. Amounts are integer minor units beside their currency.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Index,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from core.clock import utc_now
from core.models import rate_column, utc_column


class FxRate(SQLModel, table=True):
    """A rate fetched by the refresh task: `rate` units of `quote` for one unit of `base`, as of a day."""

    __tablename__ = "fx_rates"
    __table_args__ = (
        UniqueConstraint("base", "quote", "as_of", "source", name="uq_fx_rates_pair_day_source"),
        Index("ix_fx_rates_quote_as_of", "quote", "as_of"),
    )

    id: int | None = Field(default=None, primary_key=True)
    base: str = Field(max_length=3)
    quote: str = Field(max_length=3)
    rate: Decimal = Field(sa_column=rate_column())
    as_of: date = Field(sa_column=Column(Date, nullable=False))
    source: str = Field(max_length=100)
    fetched_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class SupplementaryRate(SQLModel, table=True):
    """An admin-entered rate for a currency the ECB does not publish: `rate` units of it per one `base`.

    Rows are only added: a new rate for the same currency and day supersedes the earlier row (the highest
    id wins), so the history of what was entered stays.
    """

    __tablename__ = "supplementary_rates"
    __table_args__ = (Index("ix_supplementary_rates_currency_as_of", "currency", "as_of"),)

    id: int | None = Field(default=None, primary_key=True)
    currency: str = Field(max_length=3)
    base: str = Field(default="EUR", max_length=3)
    rate: Decimal = Field(sa_column=rate_column())
    as_of: date = Field(sa_column=Column(Date, nullable=False))
    source: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    created_by: str | None = Field(default=None, max_length=40)


class FxMarkup(SQLModel, table=True):
    """The markup on FX quotes selling `base` for `quote`, in basis points of the reference rate."""

    __tablename__ = "fx_markups"

    base: str = Field(primary_key=True, max_length=3)
    quote: str = Field(primary_key=True, max_length=3)
    markup_bps: int
    updated_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    updated_by: str | None = Field(default=None, max_length=40)


class FxQuote(SQLModel, table=True):
    """A locked FX rate: sell `sell_currency`, buy `buy_currency` at `rate` until `expires_at`, once."""

    __tablename__ = "fx_quotes"

    id: str = Field(primary_key=True, max_length=40)
    sell_currency: str = Field(max_length=3)
    buy_currency: str = Field(max_length=3)
    sell_amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    buy_amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    fixed_side: str = Field(max_length=4)
    """`sell` or `buy`: the amount the client gave; the other one was computed."""
    reference_rate: Decimal = Field(sa_column=rate_column())
    markup_bps: int
    rate: Decimal = Field(sa_column=rate_column())
    rate_date: date = Field(sa_column=Column(Date, nullable=False))
    source: str = Field(sa_column=Column(Text, nullable=False))
    """Every source the two legs' rates come from (supplementary sources are free text)."""
    created_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())
    expires_at: datetime = Field(sa_column=utc_column(index=True))
    created_by: str | None = Field(default=None, max_length=40)
    consumed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    consumed_by: str | None = Field(default=None, max_length=100)


class FxAgePolicy(SQLModel, table=True):
    """The installation's own limit on the age of reference rates, when it differs from the setting
    (`APP_FX_MAX_AGE_BUSINESS_DAYS`): one row, who set it and why. `max_age_business_days` None: no limit
    (an installation that answers from a fixed history on purpose, as the offline demo does)."""

    __tablename__ = "fx_age_policy"

    id: int = Field(default=1, primary_key=True)
    max_age_business_days: int | None = Field(default=None, ge=0)
    reason: str = Field(max_length=500)
    set_by: str = Field(max_length=80)
    set_at: datetime = Field(default_factory=utc_now, sa_column=utc_column())


class FxRefresh(SQLModel, table=True):
    """What each run of the rates' refresh task did (`payments.refresh_fx_rates`): the last one is on
    `/metrics`."""

    __tablename__ = "fx_refreshes"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utc_now, sa_column=utc_column(index=True))
    provider: str = Field(max_length=40)
    ok: bool
    stored: int = Field(default=0, ge=0)
    """Rows the run added."""
    rates_as_of: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    error: str | None = Field(default=None, max_length=1000)
