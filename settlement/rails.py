"""Payout rails: what amount each rail is sent, and on which business days a payout can land.

The project keeps amounts as integers in each currency's minor unit as `core.money` defines it (CLDR's
digits, so HUF and ISK in whole units, and docs/adr/0001-money.md's IDR in whole rupiah). A rail has its own
units, and they are not always those:

- `stripe`: Stripe's own rules (https://docs.stripe.com/currencies, "Specify amounts in API requests",
  "Zero-decimal currencies", "Three-decimal currencies", "Special cases"). Two decimals unless listed; the
  zero-decimal list in whole units; BHD/JOD/KWD/OMR/TND in three decimals whose last digit must be 0; ISK and
  UGX "transitioned to zero-decimal" but are still sent with two decimals that must be `00`; HUF and TWD are
  charged with two decimals but paid out as zero-decimal (a payout amount divisible by 100). IDR is sent
  with two decimals (Stripe's IDR amount 100 is one rupiah) and, like HUF/TWD, a payout in whole rupiah.
  A 150 000 IDR payout (project minor 150000) is therefore `amount=15000000`, never `150000`.
- `sepa`: EUR only, in cents (what sepaxml's `amount` takes), at most 999 999 999.99 EUR (the EPC SEPA
  Credit Transfer rulebook's cap).
- `bank_csv`: the project's minor units, whose exponent the file states in a column of its own
  (`minor_unit_exponent`) beside a decimal `amount`, so a bank never has to guess.

`to_rail_units` never rounds: an amount a rail cannot take exactly (a fraction of a Stripe unit, TWD 800.45
as a Stripe payout, KWD 5.124, a non-EUR SEPA payment, zero) raises `RailAmountRefused` (422). A provider
turns that into a refused `Submission` (ok=False, failure_code = the error's `code`) before anything is sent;
the run then fails that payout, which reverses its ledger transaction, so the amount is back in the
merchant's available balance and the next run plans it again. `payable` gives the largest amount not above
a balance that the rail takes (TWD 800.45 -> 800.00), for a planner that wants to pay what it can.

Business days (`is_business_day`, `next_business_day`, `add_business_days`) follow the payout currency's
calendar through `core.calendar` (the `holidays` package's working-day API): EUR on the ECB's TARGET2 closing
days, every other currency on its country's public holidays, weekend and make-up working days (ISO 4217's
first two letters are the country for national currencies; a few are listed), and a currency with no
calendar on Saturday/Sunday weekends only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from functools import lru_cache
from typing import Literal

import holidays

from core import calendar
from core.calendar import WEEKENDS_ONLY, Calendar
from core.errors import FieldError, InvalidInput
from core.money import Money, currency_exponent

Rail = Literal["stripe", "sepa", "bank_csv"]
StripeCall = Literal["charge", "transfer", "payout"]
"""Which Stripe API call the amount is for: payouts have stricter rules than charges and transfers."""

# --- Stripe's currency rules, from https://docs.stripe.com/currencies (transcribed 2026-12) -----------------

STRIPE_ZERO_DECIMAL = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "VND", "VUV", "XAF", "XOF", "XPF"}
)
"""#zero-decimal: the amount is in whole units. Stripe's list also names UGX, but its Special cases table says
UGX is sent "as a two-decimal value, where the decimal amount is always 00": the specific rule wins."""

STRIPE_THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})
"""#three-decimal: three decimals, and "these API calls require the least-significant (last) digit to be 0"
(5.124 KWD must be sent as 5120 or 5130: we refuse it rather than pick one)."""

STRIPE_WHOLE_UNITS_ALWAYS = frozenset({"ISK", "UGX"})
"""#special-cases: two decimals in the API, the decimals always 00 (amount divisible by 100), every call."""

STRIPE_WHOLE_UNITS_FOR_PAYOUTS = frozenset({"HUF", "TWD", "IDR"})
"""#special-cases: HUF and TWD "as a zero-decimal currency for payouts": a payout amount must be divisible by
100 (TWD 800.45 cannot be paid out; TWD 800 is 80000). IDR: two decimals in the API; payouts in whole rupiah
(issue 12; the project keeps IDR in whole rupiah anyway, so the rule never refuses a project amount)."""

_STRIPE_PRESENTMENT = """
    USD AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BIF BMD BND BOB BRL BSD BWP BYN BZD CAD CDF
    CHF CLP CNY COP CRC CVE CZK DJF DKK DOP DZD EGP ETB EUR FJD FKP GBP GEL GIP GMD GNF GTQ GYD HKD HNL HTG
    HUF IDR ILS INR ISK JMD JPY KES KGS KHR KMF KRW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP
    MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD
    SCR SEK SGD SHP SLE SOS SRD STD SZL THB TJS TOP TRY TTD TWD TZS UAH UGX UYU UZS VND VUV WST XAF XCD XOF
    XPF YER ZAR ZMW
"""
STRIPE_CURRENCIES = frozenset(_STRIPE_PRESENTMENT.split()) | STRIPE_THREE_DECIMAL
"""#presentment-currencies, plus the three-decimal ones. A currency not listed is refused: its units are
not known, and a guess is how an amount goes out 100x wrong."""

SEPA_MAX_CENTS = 99_999_999_999
"""EPC SEPA Credit Transfer rulebook: at most 999 999 999.99 EUR per transaction."""


class RailAmountRefused(InvalidInput):
    """An amount the payout rail cannot take exactly; never rounded to one it can."""

    slug, title = "rail-amount-refused", "The payout rail cannot take this amount"

    def __init__(self, detail: str, *, rail: Rail, currency: str, code: str) -> None:
        super().__init__(detail, errors=[FieldError("amount", detail)])
        self.rail = rail
        self.currency = currency
        self.code = code
        """A short failure code for the payout (`rail_amount_not_divisible`, ...), at most 60 characters."""


@dataclass(frozen=True, slots=True)
class Units:
    """How a rail writes one currency: `exponent` decimals, and every amount a multiple of `step` units."""

    exponent: int
    step: int = 1


def rail_units(currency: str, rail: Rail, *, call: StripeCall = "payout") -> Units:
    """The units `rail` takes `currency` in; raises RailAmountRefused for a currency it does not take."""
    if rail == "stripe":
        if currency not in STRIPE_CURRENCIES:
            raise RailAmountRefused(
                f"Stripe does not list {currency} as a supported currency",
                rail=rail,
                currency=currency,
                code="rail_currency_not_supported",
            )
        if currency in STRIPE_ZERO_DECIMAL:
            return Units(0)
        if currency in STRIPE_THREE_DECIMAL:
            return Units(3, 10)
        if currency in STRIPE_WHOLE_UNITS_ALWAYS or (
            call == "payout" and currency in STRIPE_WHOLE_UNITS_FOR_PAYOUTS
        ):
            return Units(2, 100)
        return Units(2)
    if rail == "sepa":
        if currency != "EUR":
            raise RailAmountRefused(
                f"a SEPA credit transfer is in EUR, not {currency}",
                rail=rail,
                currency=currency,
                code="rail_currency_not_supported",
            )
        return Units(2)
    if rail == "bank_csv":
        return Units(currency_exponent(currency))
    raise ValueError(f"unknown payout rail {rail!r}")


def _money(amount: Money | tuple[int, str]) -> Money:
    if isinstance(amount, Money):
        return amount
    minor, currency = amount
    return Money.from_minor(minor, currency)


def to_rail_units(amount: Money | tuple[int, str], rail: Rail, *, call: StripeCall = "payout") -> int:
    """The integer `rail` is sent for `amount` (a Money, or project minor units and a currency).

    Exact or refused: raises RailAmountRefused when the amount is not positive, is finer than the rail's
    unit, is not a multiple of the unit the rail requires, or is more than the rail takes."""
    money = _money(amount)
    units = rail_units(money.currency, rail, call=call)
    if money.amount <= 0:
        raise RailAmountRefused(
            f"{money} is not a positive amount",
            rail=rail,
            currency=money.currency,
            code="rail_amount_not_positive",
        )
    scaled = money.amount.scaleb(units.exponent)
    if scaled != scaled.to_integral_value():
        raise RailAmountRefused(
            f"{money} has more than {units.exponent} decimals, the finest unit {rail} takes",
            rail=rail,
            currency=money.currency,
            code="rail_amount_too_precise",
        )
    value = int(scaled)
    if value % units.step:
        smallest = Money(Decimal(units.step).scaleb(-units.exponent), money.currency)
        raise RailAmountRefused(
            f"{rail} takes {money.currency} {'payouts' if call == 'payout' else 'amounts'} in multiples of "
            f"{smallest.amount.normalize():f} {money.currency}; {money} is not one",
            rail=rail,
            currency=money.currency,
            code="rail_amount_not_divisible",
        )
    if rail == "sepa" and value > SEPA_MAX_CENTS:
        raise RailAmountRefused(
            f"{money} is more than a SEPA credit transfer can carry",
            rail=rail,
            currency=money.currency,
            code="rail_amount_too_large",
        )
    return value


def from_rail_units(value: int, currency: str, rail: Rail, *, call: StripeCall = "payout") -> Money:
    """The amount `value` stands for on `rail` (what a provider echoes back), as Money."""
    units = rail_units(currency, rail, call=call)
    return Money(Decimal(value).scaleb(-units.exponent), currency)


def payable(amount: Money, rail: Rail, *, call: StripeCall = "payout") -> Money:
    """The largest amount not above `amount` that `rail` takes exactly (rounded down, never up)."""
    units = rail_units(amount.currency, rail, call=call)
    rail_step = Decimal(units.step).scaleb(-units.exponent)
    own_step = Decimal(1).scaleb(-amount.exponent)
    step = max(rail_step, own_step)  # both powers of ten: the larger is a multiple of the smaller
    whole = (amount.amount / step).to_integral_value(rounding=ROUND_FLOOR)
    return Money(whole * step, amount.currency).quantize(rounding=ROUND_FLOOR)


# --- business-day calendars ----------------------------------------------------------------------------


CURRENCY_CALENDARS: dict[str, Calendar] = {
    # TARGET2 closing days (New Year, Good Friday, Easter Monday, 1 May, 25 and 26 December): euro payments
    # settle on them in no euro country.
    "EUR": Calendar("financial", "ECB"),
    # Indonesia's collective leave days (cuti bersama, the "government" category) close the banks too.
    "IDR": Calendar("country", "ID", ("public", "government")),
    "USD": Calendar("country", "US"),
    "GBP": Calendar("country", "GB"),
}
"""Currencies whose calendar is not simply their ISO 4217 country (the first two letters of the code)."""


@lru_cache(maxsize=32)
def calendar_for(currency: str) -> Calendar | None:
    """The business-day calendar of payouts in `currency`; None when `holidays` has none for it."""
    if currency in CURRENCY_CALENDARS:
        return CURRENCY_CALENDARS[currency]
    country = currency[:2]
    if currency.startswith("X") or country not in holidays.list_supported_countries():
        return None
    return Calendar("country", country)


def is_business_day(day: date, currency: str) -> bool:
    """Whether banks settle `currency` payments on `day`: not a weekend of its calendar, not a holiday."""
    return calendar.is_business_day(day, calendar_for(currency) or WEEKENDS_ONLY)


def next_business_day(day: date, currency: str) -> date:
    """`day` itself when it is a business day for `currency`, else the first one after it."""
    return calendar.next_business_day(day, calendar_for(currency) or WEEKENDS_ONLY)


def add_business_days(start: date, days: int, currency: str) -> date:
    """The business day `days` business days after `start` (itself moved to a business day first)."""
    return calendar.add_business_days(start, days, calendar_for(currency) or WEEKENDS_ONLY)
