"""Effective-dated commission, fee, reserve and hold configuration, and the pure split of a sale.

A policy version is a JSON document (`PolicyBody`) in force from its `effective_from`; the default below is
in force when none is stored. Rates are integer basis points and fixed amounts decimal strings per currency;
no float anywhere. A fixed amount for a currency the policy does not list is the USD amount converted at
the reference rate of the day (rounded half-even).

The split (`split_sale`) is exact: every fee is rounded half-even to the settlement currency's minor unit and
the merchant's net is the remainder, so gross = commission + affiliate + processing + fulfillment + net.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlmodel import Session, col, select

from core.clock import utc_now
from core.errors import InvalidInput
from core.ids import new_id
from core.money import Money, UnknownCurrency, currency_exponent
from payments import fx
from settlement.models import SettlementPolicy

BPS = 10_000
Bps = Annotated[int, Field(ge=0, le=BPS)]


class CategoryPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    commission_bps: Bps
    return_rate_bps: Bps
    """The share of this category's sales that comes back; the return reserve follows it."""


class WeightTier(BaseModel):
    """Pick and pack per unit for units up to `up_to_g` grams (None: any heavier unit)."""

    model_config = ConfigDict(extra="forbid")

    up_to_g: int | None = Field(default=None, ge=1, le=1_000_000)
    per_unit: dict[str, str]


class PolicyBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    categories: dict[str, CategoryPolicy]
    default_category: str = "general"
    min_commission: dict[str, str] = Field(description="Minimum platform fee per currency")
    processing_fee_bps: Bps = 200
    processing_fee_fixed: dict[str, str] = Field(default_factory=dict)
    pick_pack_per_item: dict[str, str] = Field(default_factory=dict)
    """Charged per item to merchants in the fully-managed model (plus the order's shipping), for sales
    recorded as goods only; a checkout's units are charged by `pick_pack_tiers` when they ship."""
    pick_pack_tiers: list[WeightTier] = Field(default_factory=list)
    """Fully-managed pick and pack per unit by the unit's weight, in ascending `up_to_g` (the last tier
    open-ended); empty: `pick_pack_per_item` for every unit."""
    fulfilment_per_order: dict[str, str] = Field(default_factory=dict)
    """Charged once per shipped order in the fully-managed model."""
    return_processing: dict[str, str] = Field(default_factory=dict)
    """Charged per return received at a returns centre in the fully-managed model."""
    commission_base: Literal["goods", "goods_and_shipping"] = "goods"
    """What the platform's and the affiliate's commission are computed on: never duties or import taxes."""
    affiliate_open_plan_bps: Bps = 1000
    affiliate_max_bps: Bps = 8000
    reserve_max_bps: Bps = 3000
    """No sale's return reserve is more than this share of its net, whatever raised it."""
    return_window_days: int = Field(default=30, ge=0, le=365)
    return_rate_flag_bps: Bps = 1500
    """A merchant's own return rate in a category above this flags the category (`settlement.reserves`):
    the refunded goods value of its orders paid in the last `return_rate_window_days` over their goods value.
    New sales of a flagged category hold `flagged_reserve_bps`; once the rate is back at or below the flag,
    new sales hold the category's reserve again (reserves already held keep their schedule)."""
    return_rate_window_days: int = Field(default=90, ge=1, le=365)
    """The rolling window of the merchant's return rate: orders paid in the last this many days."""
    return_rate_min_orders: int = Field(default=20, ge=1, le=1_000_000)
    """Fewer orders in the window than this and the rate says nothing: the category is never flagged."""
    flagged_reserve_bps: Bps = 3000
    """The reserve on a flagged category's new sales: max(the category's `return_rate_bps`, this), never
    more than `reserve_max_bps`. A fixed step rather than the observed rate plus a margin: the merchant can
    tell in advance what a flag costs, and the reserve does not move with every refund."""
    hold_business_days: int = Field(default=1, ge=0, le=60)

    @field_validator(
        "min_commission",
        "processing_fee_fixed",
        "pick_pack_per_item",
        "fulfilment_per_order",
        "return_processing",
    )
    @classmethod
    def _amounts(cls, v: dict[str, str]) -> dict[str, str]:
        for currency, amount in v.items():
            try:
                money = Money(Decimal(amount), currency)
            except (UnknownCurrency, ArithmeticError, ValueError) as exc:
                raise ValueError(f"{currency} {amount!r}: {exc}") from None
            if not money.is_exact() or money.amount < 0:
                raise ValueError(f"{currency} {amount!r} is not a non-negative amount in {currency}")
        return v

    @field_validator("pick_pack_tiers")
    @classmethod
    def _tiers(cls, v: list[WeightTier]) -> list[WeightTier]:
        bounds = [t.up_to_g for t in v]
        if None in bounds[:-1]:
            raise ValueError("only the last tier may be open-ended (up_to_g null)")
        finite = [b for b in bounds if b is not None]
        if finite != sorted(set(finite)):
            raise ValueError("tiers must be in ascending up_to_g")
        for tier in v:
            cls._amounts(tier.per_unit)
        return v

    @field_validator("categories")
    @classmethod
    def _has_categories(cls, v: dict[str, CategoryPolicy]) -> dict[str, CategoryPolicy]:
        if not v:
            raise ValueError("at least one category")
        return v


DEFAULT_POLICY_ID = "pol_default"
DEFAULT_BODY = PolicyBody(
    categories={
        "apparel": CategoryPolicy(commission_bps=800, return_rate_bps=2500),
        "footwear": CategoryPolicy(commission_bps=800, return_rate_bps=2200),
        "electronics": CategoryPolicy(commission_bps=500, return_rate_bps=1000),
        "beauty": CategoryPolicy(commission_bps=700, return_rate_bps=500),
        "home": CategoryPolicy(commission_bps=800, return_rate_bps=800),
        "books": CategoryPolicy(commission_bps=1000, return_rate_bps=300),
        "jewelry": CategoryPolicy(commission_bps=1000, return_rate_bps=1200),
        "general": CategoryPolicy(commission_bps=800, return_rate_bps=1000),
    },
    min_commission={
        "USD": "0.30",
        "EUR": "0.30",
        "GBP": "0.25",
        "JPY": "40",
        "IDR": "4000",
        "CNY": "2.00",
        "SGD": "0.40",
        "MYR": "1.20",
        "THB": "10.00",
        "PHP": "15.00",
        "AUD": "0.45",
        "CAD": "0.40",
    },
    processing_fee_bps=200,
    processing_fee_fixed={"USD": "0.10", "EUR": "0.10", "GBP": "0.10", "JPY": "15", "IDR": "1500"},
    pick_pack_per_item={"USD": "1.20", "EUR": "1.10", "GBP": "1.00", "JPY": "180", "IDR": "18000"},
    pick_pack_tiers=[
        WeightTier(up_to_g=500, per_unit={"USD": "0.90", "EUR": "0.85", "GBP": "0.75", "JPY": "130"}),
        WeightTier(up_to_g=2000, per_unit={"USD": "1.40", "EUR": "1.30", "GBP": "1.15", "JPY": "200"}),
        WeightTier(up_to_g=None, per_unit={"USD": "2.60", "EUR": "2.40", "GBP": "2.10", "JPY": "380"}),
    ],
    fulfilment_per_order={"USD": "0.50", "EUR": "0.45", "GBP": "0.40", "JPY": "70"},
    return_processing={"USD": "2.00", "EUR": "1.85", "GBP": "1.60", "JPY": "300"},
)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    id: str
    effective_from: datetime
    body: PolicyBody


DEFAULT_POLICY = PolicyVersion(DEFAULT_POLICY_ID, EPOCH, DEFAULT_BODY)


def policy_versions(session: Session) -> list[PolicyVersion]:
    rows = session.exec(select(SettlementPolicy).order_by(col(SettlementPolicy.effective_from))).all()
    return [
        DEFAULT_POLICY,
        *(PolicyVersion(r.id, r.effective_from, PolicyBody.model_validate(r.body)) for r in rows),
    ]


def policy_on(session: Session, at: datetime | None = None) -> PolicyVersion:
    """The version in force at `at` (now by default)."""
    instant = at or utc_now()
    current = DEFAULT_POLICY
    for v in policy_versions(session):
        if v.effective_from <= instant:
            current = v
    return current


def set_policy(
    session: Session,
    *,
    body: PolicyBody,
    effective_from: datetime,
    note: str = "",
    created_by: str | None = None,
) -> SettlementPolicy:
    """Add a version in force from `effective_from` (not in the past: history does not change)."""
    if effective_from.tzinfo is None:
        raise InvalidInput.for_field("effective_from", "must be timezone-aware")
    if effective_from < utc_now() - timedelta(seconds=1):
        raise InvalidInput.for_field("effective_from", "must not be in the past")
    row = SettlementPolicy(
        id=new_id("pol"),
        effective_from=effective_from,
        body=body.model_dump(mode="json"),
        note=note,
        created_by=created_by,
    )
    session.add(row)
    session.flush()
    return row


# --- fixed amounts per currency --------------------------------------------------------------------------


class FixedAmounts:
    """Fixed amounts of a policy table in any currency: listed, or the USD amount converted on the day."""

    def __init__(self, session: Session | None) -> None:
        self._session = session
        self._memo: dict[tuple[int, str, str, date], int] = {}

    def minor(self, table: dict[str, str], currency: str, on: date) -> int:
        key = (id(table), currency, "", on)
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        if currency in table:
            value = Money(Decimal(table[currency]), currency).to_minor()
        elif "USD" in table and self._session is not None:
            usd = Money(Decimal(table["USD"]), "USD")
            value = fx.convert(self._session, usd, currency, on=min(on, fx.today())).result.to_minor()
        else:
            value = 0
        self._memo[key] = value
        return value


# --- the split -----------------------------------------------------------------------------------------


def bps_of(amount: int, bps: int) -> int:
    """`amount` * bps / 10000 rounded half-even to an integer (amount >= 0)."""
    q, r = divmod(amount * bps, BPS)
    if r * 2 > BPS or (r * 2 == BPS and q % 2 == 1):
        q += 1
    return q


def ratio_of(amount: int, num: int, den: int) -> int:
    """`amount` * num / den rounded half-even (amount, num >= 0, den > 0)."""
    q, r = divmod(amount * num, den)
    if r * 2 > den or (r * 2 == den and q % 2 == 1):
        q += 1
    return q


def convert_minor(amount_minor: int, rate: Decimal, from_currency: str, to_currency: str) -> int:
    """Minor units of `from_currency` at `rate` into `to_currency`'s minor units, rounded half-even."""
    if from_currency == to_currency:
        return amount_minor
    shift = currency_exponent(to_currency) - currency_exponent(from_currency)
    terms = _RATE_TERMS.get(rate) or _rate_terms(rate)
    num, den, digits = terms
    # in integers when `Decimal` would compute exactly too (the product within its 28 digits): the same
    # half-even rounding of the same exact value, without building three Decimals per conversion
    if digits > 0 and abs(amount_minor) * digits < _EXACT:
        if shift >= 0:
            value = _half_even(abs(amount_minor) * num * 10**shift, den)
        else:
            value = _half_even(abs(amount_minor) * num, den * 10**-shift)
        if value < _EXACT // 10:
            return value if amount_minor >= 0 else -value
    exact = Decimal(amount_minor) * rate * Decimal(10) ** shift
    return int(exact.quantize(Decimal(1), rounding="ROUND_HALF_EVEN"))


_EXACT = 10**28
"""`Decimal`'s default precision: a product whose coefficient is below this is exact."""
_RATE_TERMS: dict[Decimal, tuple[int, int, int]] = {}


def _rate_terms(rate: Decimal) -> tuple[int, int, int]:
    """A finite positive rate as numerator, denominator and its normalised coefficient (memoised: a batch
    converts at a handful of rates); any other rate as (0, 1, 0): converted by `Decimal` alone."""
    if not rate.is_finite() or rate <= 0:
        return 0, 1, 0
    num, den = rate.as_integer_ratio()
    digits = int("".join(map(str, rate.normalize().as_tuple().digits)))
    if len(_RATE_TERMS) < 4096:
        _RATE_TERMS[rate] = (num, den, digits)
    return num, den, digits


def _half_even(num: int, den: int) -> int:
    """num / den rounded half-even (num >= 0, den > 0)."""
    q, r = divmod(num, den)
    if r * 2 > den or (r * 2 == den and q % 2 == 1):
        q += 1
    return q


@dataclass(frozen=True, slots=True)
class Split:
    gross: int
    commission: int
    affiliate: int
    processing: int
    fulfillment: int
    net: int
    reserve: int
    """The return reserve held from the net at release (planned; never more than what is left)."""
    reserve_bps: int


def split_sale(
    body: PolicyBody,
    *,
    gross: int,
    category: str,
    affiliate_bps: int,
    min_commission: int,
    processing_fixed: int,
    fulfillment: int,
    credited: int | None = None,
    return_rate_flagged: bool = False,
) -> Split:
    """Split a gross (settlement currency minor units) between the platform, the affiliate and the
    merchant. The fees are computed on `gross` (the commission base) and taken from `credited` (what the
    merchant sold: the goods; default the gross). `return_rate_flagged`: the merchant's return rate in the
    category is above the policy's flag, so the reserve is at least `flagged_reserve_bps` (see
    `reserve_bps`)."""
    cat = category_policy(body, category)
    return split_by(
        gross=gross,
        credited=gross if credited is None else credited,
        commission_bps=cat.commission_bps,
        affiliate_bps=affiliate_bps,
        processing_bps=body.processing_fee_bps,
        min_commission=min_commission,
        processing_fixed=processing_fixed,
        fulfillment=fulfillment,
        reserve_bps=reserve_bps(body, cat, return_rate_flagged=return_rate_flagged),
    )


def category_policy(body: PolicyBody, category: str) -> CategoryPolicy:
    """A sale's category's policy: its own, or the default category's for one the policy does not list."""
    return body.categories.get(category) or body.categories[body.default_category]


def split_by(
    *,
    gross: int,
    credited: int,
    commission_bps: int,
    affiliate_bps: int,
    processing_bps: int,
    min_commission: int,
    processing_fixed: int,
    fulfillment: int,
    reserve_bps: int,
) -> Split:
    """`split_sale` with the policy's terms for the sale's category and currency resolved (a batch resolves
    them once per category, currency and day)."""
    commission = min(max(bps_of(gross, commission_bps), min_commission), gross)
    affiliate = bps_of(gross, affiliate_bps)
    processing = bps_of(gross, processing_bps) + processing_fixed
    net = credited - commission - affiliate - processing - fulfillment
    reserve = bps_of(net, reserve_bps) if net > 0 else 0
    return Split(gross, commission, affiliate, processing, fulfillment, net, reserve, reserve_bps)


def reserve_bps(body: PolicyBody, cat: CategoryPolicy, *, return_rate_flagged: bool = False) -> int:
    """The return reserve on a new sale of the category, in basis points of its net: the category's return
    rate, raised to `flagged_reserve_bps` when the merchant's own rate there is flagged, capped by
    `reserve_max_bps`."""
    bps = cat.return_rate_bps
    if return_rate_flagged:
        bps = max(bps, body.flagged_reserve_bps)
    return min(bps, body.reserve_max_bps)


def fulfilment_fee(
    body: PolicyBody, fixed: FixedAmounts, *, unit_weights_g: Sequence[int], currency: str, on: date
) -> int:
    """The fully-managed fee for shipping units of these weights (one order): pick and pack per unit by
    weight tier, plus the per-order fee, in `currency` minor units."""
    total = fixed.minor(body.fulfilment_per_order, currency, on) if unit_weights_g else 0
    for grams in unit_weights_g:
        tier = next((t for t in body.pick_pack_tiers if t.up_to_g is None or grams <= t.up_to_g), None)
        table = tier.per_unit if tier is not None else body.pick_pack_per_item
        total += fixed.minor(table, currency, on)
    return total


def category_known(body: PolicyBody, category: str) -> bool:
    return category in body.categories
