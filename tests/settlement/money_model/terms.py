"""The terms of the money model's world, in plain Python (no project code): currencies and their ISO 4217
minor units (JPY 0, EUR/USD/GBP/AUD 2, KWD 3), rounding half to even (Python rounds a `Fraction` that way),
the locked FX rates of orders, the two effective-dated policy versions (given to the project as JSON; the
model reads the same numbers), the markets and their point-of-sale tax schemes, the merchants' and creators'
profiles, business days (the `holidays` package: the same public calendar data the product uses, not its
code) and the checkouts the test builds as a quote's option would.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

import holidays

Key = tuple[str, str, str, str]
"""(owner_type, owner_id, kind, currency)."""

EXPONENT = {"EUR": 2, "USD": 2, "GBP": 2, "AUD": 2, "JPY": 0, "KWD": 3}
"""ISO 4217 minor units of the currencies the model uses."""

# --- rounding -------------------------------------------------------------------------------------------


def bps(amount: int, rate_bps: int) -> int:
    """amount * rate / 10,000, half to even."""
    return round(Fraction(amount * rate_bps, 10_000))


def share(total: int, num: int, den: int) -> int:
    """total * num / den, half to even."""
    return round(Fraction(total * num, den))


def minor(amount: str, currency: str) -> int:
    """A decimal string as minor units of the currency (it must be exact)."""
    value = Fraction(Decimal(amount)) * 10 ** EXPONENT[currency]
    assert value.denominator == 1, (amount, currency)
    return int(value)


def convert(amount: int, rate: Decimal | None, src: str, dst: str) -> int:
    """Minor units of `src` at `rate` (units of `dst` per unit of `src`) in minor units of `dst`."""
    if src == dst:
        return amount
    assert rate is not None
    return round(Fraction(amount) * Fraction(rate) * Fraction(10) ** (EXPONENT[dst] - EXPONENT[src]))


USD_VALUE = {"EUR": "1.08", "USD": "1", "GBP": "1.27", "AUD": "0.66", "JPY": "0.0067", "KWD": "3.25"}


def rate(src: str, dst: str) -> Decimal | None:
    """The locked rate of an order (None within one currency): units of `dst` per unit of `src`."""
    if src == dst:
        return None
    exact = Decimal(USD_VALUE[src]) / Decimal(USD_VALUE[dst])
    return exact.quantize(Decimal("1e-8"), rounding=ROUND_HALF_EVEN)


# --- the policy (given to the product as JSON; the model reads the same numbers) -------------------------

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
"""Every example starts here (a Monday)."""


def _per(eur: str, usd: str, jpy: str, kwd: str) -> dict[str, str]:
    return {"EUR": eur, "USD": usd, "JPY": jpy, "KWD": kwd}


POLICY_A: dict[str, Any] = {
    "categories": {
        "apparel": {"commission_bps": 800, "return_rate_bps": 2500},
        "electronics": {"commission_bps": 500, "return_rate_bps": 1000},
        "books": {"commission_bps": 1000, "return_rate_bps": 300},
        "general": {"commission_bps": 800, "return_rate_bps": 1000},
    },
    "default_category": "general",
    "min_commission": _per("0.30", "0.30", "40", "0.100"),
    "processing_fee_bps": 200,
    "processing_fee_fixed": _per("0.10", "0.10", "15", "0.030"),
    "pick_pack_tiers": [
        {"up_to_g": 500, "per_unit": _per("0.85", "0.90", "130", "0.280")},
        {"up_to_g": 2000, "per_unit": _per("1.30", "1.40", "200", "0.430")},
        {"up_to_g": None, "per_unit": _per("2.40", "2.60", "380", "0.800")},
    ],
    "fulfilment_per_order": _per("0.45", "0.50", "70", "0.150"),
    "return_processing": _per("1.85", "2.00", "300", "0.600"),
    "commission_base": "goods",
    "affiliate_open_plan_bps": 1000,
    "affiliate_max_bps": 8000,
    "reserve_max_bps": 3000,
    "return_window_days": 30,
    # a merchant's own return rate never flags a category here (settlement.reserves has its own tests)
    "return_rate_min_orders": 1_000_000,
    "hold_business_days": 1,
}
POLICY_B: dict[str, Any] = copy.deepcopy(POLICY_A)
POLICY_B["categories"]["apparel"] = {"commission_bps": 900, "return_rate_bps": 3500}  # capped at 3000
POLICY_B.update(
    commission_base="goods_and_shipping",
    affiliate_open_plan_bps=1200,
    processing_fee_bps=250,
    return_window_days=14,
    hold_business_days=2,
    return_processing=_per("2.05", "2.20", "330", "0.650"),
)
POLICIES: tuple[tuple[datetime, dict[str, Any]], ...] = ((T0, POLICY_A), (T0 + timedelta(days=45), POLICY_B))
"""Effective-dated versions: the one in force at an instant is the latest that started by then."""


def policy_at(at: datetime) -> dict[str, Any]:
    current = POLICIES[0][1]
    for start, body in POLICIES:
        if start <= at:
            current = body
    return current


def fixed(table: dict[str, str], currency: str) -> int:
    return minor(table[currency], currency)


# --- markets and merchants -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Market:
    jurisdiction: str
    currency: str
    vat_bps: int
    reduced_bps: int
    scheme: str | None
    """The point-of-sale scheme that makes the platform collect the VAT of a DAP order (None: none)."""
    threshold: int
    """Goods up to this (minor units) fall under the scheme."""


MARKETS = (
    Market("DE", "EUR", 1900, 700, "IOSS", 15_000),
    Market("FR", "EUR", 2000, 550, "IOSS", 15_000),
    Market("GB", "GBP", 2000, 500, "UK VAT", 13_500),
    Market("AU", "AUD", 1000, 0, "AU GST", 100_000),
    Market("US", "USD", 0, 0, None, 0),
    Market("JP", "JPY", 1000, 800, None, 0),
)


@dataclass(frozen=True, slots=True)
class Profile:
    currency: str
    country: str
    verification: str
    hold_days: int | None
    """The hold in business days the merchant chose in its payout settings (None: the settings' default)."""
    minimum: str
    extra_days: int
    """Compliance's payout hold (calendar days): a trader whose verification is pending waits a week."""


PROFILES = {
    "EUR": Profile("EUR", "DE", "verified", None, "1.00", 0),
    "USD": Profile("USD", "US", "verified", None, "20.00", 0),
    "JPY": Profile("JPY", "JP", "verified", 3, "100", 0),
    "KWD": Profile("KWD", "KW", "pending", None, "1.000", 7),
}


CREATORS = {"open": "verified", "targeted": "verified"}
"""Two creators per settlement currency (a creator is paid in the currency of the merchant it sells for):
one on the open plan, one its merchant's targeted plans name; the KWD one on the open plan is unverified, so
compliance holds its payouts."""
CREATOR_MINIMUM = {"EUR": "1.00", "USD": "1.00", "JPY": "100", "KWD": "0.500"}


def creator_verification(role: str, currency: str) -> str:
    return "unverified" if (role, currency) == ("open", "KWD") else CREATORS[role]


SCOPES = (("all", ""), ("category", "apparel"), ("category", "books"), ("sku", "SKU-A"), ("sku", "SKU-B"))


@functools.cache
def _working_days(country: str, year: int) -> Any:
    return holidays.country_holidays(country, years=year)


def add_business_days(start: date, days: int, country: str) -> date:
    """The business day `days` business days after `start`: the package's working days (the country's
    weekend and public holidays, and its make-up working days)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if _working_days(country, day.year).is_working_day(day):
            days -= 1
    return day


# --- a checkout's parts (built by the test, as a quote's option would) -----------------------------------


@dataclass(frozen=True, slots=True)
class TaxLine:
    kind: str  # duty | vat
    amount: int
    taxable: int
    rate_bps: int


@dataclass(frozen=True, slots=True)
class CheckoutParts:
    currency: str
    goods: int
    shipping: int
    duties: int
    taxes: int
    jurisdiction: str | None
    scheme: str
    lines: tuple[TaxLine, ...]
    """What a return declares, one line per item and kind; empty: the totals are declared (a duty line and
    a VAT line)."""

    @property
    def paid(self) -> int:
        return self.goods + self.shipping + self.duties + self.taxes

    def declared(self) -> list[tuple[str, int]]:
        """(kind, amount) of every tax line written at the sale (lines of nothing are not written)."""
        if not self.jurisdiction:
            return []
        lines = [(t.kind, t.amount) for t in self.lines] or [("duty", self.duties), ("vat", self.taxes)]
        return [(k, a) for k, a in lines if a]


def checkout_for(
    market: Market, *, ddp: bool, goods: int, shipping: int, duty_bps: int, two_items: bool
) -> CheckoutParts:
    """DDP: duty on each item's value and VAT on value + its duty (+ shipping on the first item). DAP: only
    the VAT a point-of-sale scheme makes the platform collect (goods up to its threshold); else nothing."""
    pos = not ddp and market.scheme is not None and goods <= market.threshold
    if not ddp and not pos:
        return CheckoutParts(market.currency, goods, shipping, 0, 0, None, "import", ())
    items = [goods // 3, goods - goods // 3] if two_items and goods >= 3 else [goods]
    rates = [market.vat_bps, market.reduced_bps][: len(items)]
    lines: list[TaxLine] = []
    for i, (value, vat_bps) in enumerate(zip(items, rates, strict=True)):
        duty = bps(value, duty_bps) if ddp else 0
        taxable = value + duty + (shipping if i == 0 else 0)
        lines += [
            TaxLine("duty", duty, value, duty_bps),
            TaxLine("vat", bps(taxable, vat_bps), taxable, vat_bps),
        ]
    duties = sum(t.amount for t in lines if t.kind == "duty")
    taxes = sum(t.amount for t in lines if t.kind == "vat")
    where = market.jurisdiction if duties or taxes else None
    scheme = "import" if ddp else str(market.scheme)
    return CheckoutParts(
        market.currency, goods, shipping, duties, taxes, where, scheme, tuple(lines) if two_items else ()
    )
