"""Money: an immutable `Decimal` amount with its ISO 4217 currency.

Each currency rounds to its own minor unit (JPY 0, USD 2, KWD 3); every quantize names its rounding mode.
Amounts are stored as integer minor units; arithmetic is in `Decimal`; mixing currencies raises.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import lru_cache
from typing import Annotated, Any

import pycountry
from babel.numbers import get_currency_precision
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_DIGITS = 18
"""The most digits an amount given to the service may have, counted in the currency's minor units
(`MoneyIn`): a signed 64-bit column holds any such amount, and arithmetic on it stays well within
`Decimal`'s 28 digits."""
PRECISION = 28
"""The most digits any `MoneyModel` may have in minor units (`Decimal`'s default context): what is computed
from bounded amounts (a landed cost of many costly items) may pass `MAX_DIGITS`, never this."""


class CurrencyMismatch(ValueError):
    """Two amounts in different currencies were combined."""


class UnknownCurrency(ValueError):
    """Not an active ISO 4217 currency code."""


# Codes that ISO 4217 lists but that are not money one can price in: funds, metals, testing, no currency.
_NOT_TENDER = {"XAU", "XAG", "XPT", "XPD", "XBA", "XBB", "XBC", "XBD", "XDR", "XSU", "XUA", "XTS", "XXX"}

# Where ISO 4217's minor unit is not used in commerce, prices are made in whole units. The rupiah's sen has
# not circulated for decades: Indonesian prices, card acquiring and marketplace payouts are in whole rupiah,
# though ISO 4217 still lists two decimals. Each entry is a deliberate exception (docs/adr/0001-money.md).
_MINOR_UNIT_IN_USE = {"IDR": 0}


@lru_cache(maxsize=512)
def currency_exponent(code: str) -> int:
    """The ISO 4217 minor-unit exponent of an active currency; raises UnknownCurrency otherwise."""
    if len(code) != 3 or not code.isalpha() or not code.isupper():
        raise UnknownCurrency(f"{code!r} is not an ISO 4217 currency code (three capital letters)")
    if code in _NOT_TENDER or pycountry.currencies.get(alpha_3=code) is None:
        raise UnknownCurrency(f"{code!r} is not an active ISO 4217 currency")
    return _MINOR_UNIT_IN_USE.get(code, int(get_currency_precision(code)))


def validate_currency(code: str) -> str:
    currency_exponent(code)
    return code


@lru_cache(maxsize=512)
def _quantum(code: str) -> Decimal:
    return Decimal(1).scaleb(-currency_exponent(code))


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError(f"Money amount must be a Decimal, not {type(self.amount).__name__}")
        if not self.amount.is_finite():
            raise ValueError("Money amount must be finite")
        currency_exponent(self.currency)

    # construction -------------------------------------------------------------------------------
    @classmethod
    def of(cls, amount: str | int | Decimal, currency: str, *, rounding: str = ROUND_HALF_EVEN) -> Money:
        """Parse and round to the currency's minor unit with the named rounding mode."""
        if isinstance(amount, float):  # pragma: no cover - guarded by type, kept for callers ignoring types
            raise TypeError("Money never takes a float")
        try:
            value = Decimal(amount)
        except InvalidOperation:
            raise ValueError(f"{amount!r} is not a decimal amount") from None
        return cls(value, currency).quantize(rounding=rounding)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency).quantize(rounding=ROUND_HALF_EVEN)

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        if not isinstance(minor, int) or isinstance(minor, bool):
            raise TypeError("minor units are an int")
        # an int's Decimal is finite, and `currency_exponent` checks the code: what `__post_init__` checks,
        # done once (bulk paths build several amounts per order line); the slots are set through their
        # descriptors, as the frozen dataclass's own `__init__` would
        money = object.__new__(cls)
        _set_amount(money, Decimal(minor).scaleb(-currency_exponent(currency)))
        _set_currency(money, currency)
        return money

    # conversion ---------------------------------------------------------------------------------
    @property
    def exponent(self) -> int:
        return currency_exponent(self.currency)

    def quantize(self, *, rounding: str) -> Money:
        return Money(self.amount.quantize(_quantum(self.currency), rounding=rounding), self.currency)

    def is_exact(self) -> bool:
        """True when the amount has no precision finer than the currency's minor unit."""
        return self.amount == self.amount.quantize(_quantum(self.currency), rounding=ROUND_HALF_EVEN)

    def to_minor(self) -> int:
        """Integer minor units; refuses an amount finer than the minor unit (quantize first)."""
        exponent = currency_exponent(self.currency)
        scaled = self.amount.scaleb(exponent)
        minor = int(scaled)  # truncated: equal to `scaled` exactly when it is whole
        if minor != scaled:
            raise ValueError(f"{self.amount} {self.currency} has more than {exponent} decimals")
        return minor

    def format_amount(self) -> str:
        """The canonical string: exactly the currency's number of decimals."""
        return str(self.amount.quantize(_quantum(self.currency), rounding=ROUND_HALF_EVEN))

    def __str__(self) -> str:
        return f"{self.format_amount()} {self.currency}"

    # arithmetic ---------------------------------------------------------------------------------
    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, float | Money):
            raise TypeError("Money multiplies by an int or a Decimal")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    def is_zero(self) -> bool:
        return self.amount == 0

    def allocate(self, weights: Sequence[int | Decimal]) -> list[Money]:
        """Split by non-negative weights into minor-unit parts that sum to the whole exactly.

        Largest-remainder method: each part gets the floor of its exact share, and the minor units left over
        go one each to the parts with the largest remainders (ties to the earlier part). Negative amounts are
        split as the negation of the split of their absolute value.
        """
        if not weights:
            raise ValueError("allocate needs at least one weight")
        ws = [Decimal(w) for w in weights]
        if any(w < 0 for w in ws):
            raise ValueError("weights must not be negative")
        total_weight = sum(ws, Decimal(0))
        if total_weight == 0:
            raise ValueError("weights must not all be zero")
        total = self.to_minor()
        sign, units = (-1 if total < 0 else 1), abs(total)
        shares = [units * w / total_weight for w in ws]
        floors = [int(s) for s in shares]  # shares are non-negative, so int() floors
        left = units - sum(floors)
        by_remainder = sorted(range(len(ws)), key=lambda i: (-(shares[i] - floors[i]), i))
        for i in by_remainder[:left]:
            floors[i] += 1
        return [Money.from_minor(sign * f, self.currency) for f in floors]


_set_amount = Money.__dict__["amount"].__set__
_set_currency = Money.__dict__["currency"].__set__


def sum_money(items: Sequence[Money], currency: str) -> Money:
    total = Money.zero(currency)
    for m in items:
        total = total + m
    return total


# The JSON form: {"amount": "12.50", "currency": "USD"} ---------------------------------------------


class MoneyModel(BaseModel):
    """Money on the wire. `amount` is a string; a JSON number is refused so no float ever carries money."""

    model_config = ConfigDict(
        frozen=True, json_schema_extra={"example": {"amount": "12.50", "currency": "USD"}}
    )

    amount: Annotated[str, Field(description="Decimal string with the currency's minor-unit digits")]
    currency: Annotated[str, Field(description="ISO 4217 code", min_length=3, max_length=3)]

    @field_validator("amount", mode="before")
    @classmethod
    def _string_only(cls, v: Any) -> Any:
        if not isinstance(v, str):
            raise ValueError('amount must be a string such as "12.50", not a JSON number')
        return v

    @field_validator("currency")
    @classmethod
    def _iso_currency(cls, v: str) -> str:
        try:
            return validate_currency(v)
        except UnknownCurrency as exc:
            raise ValueError(str(exc)) from None

    @model_validator(mode="after")
    def _exact_amount(self) -> MoneyModel:
        text = self.amount.strip()
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"amount {self.amount!r} is not a decimal number") from None
        if not value.is_finite() or "e" in text.lower():
            raise ValueError(f"amount {self.amount!r} is not a plain decimal number")
        _check_digits(value, self.currency, PRECISION)
        money = Money(value, self.currency)
        if not money.is_exact():
            raise ValueError(
                f"amount {self.amount} has more decimals than {self.currency} allows ({money.exponent})"
            )
        object.__setattr__(self, "amount", money.format_amount())
        return self

    def to_money(self) -> Money:
        return Money(Decimal(self.amount), self.currency)

    @classmethod
    def of(cls, money: Money) -> MoneyModel:
        return cls(amount=money.format_amount(), currency=money.currency)


def _check_digits(value: Decimal, currency: str, limit: int) -> None:
    exponent = currency_exponent(currency)
    if value and value.adjusted() + 1 + exponent > limit:
        raise ValueError(
            f"amount has more than {limit} digits ({limit - exponent} before the point in {currency})"
        )


class MoneyIn(MoneyModel):
    """Money given to the service (a request body): at most `MAX_DIGITS` digits in minor units. Takes a
    `MoneyModel` too (checked the same)."""

    model_config = ConfigDict(from_attributes=True)

    @field_validator("amount")
    @classmethod
    def _bounded(cls, v: str) -> str:
        """Too many digits in any currency, named before anything computes with them."""
        value = _parsed(v)
        if value and value.adjusted() + 1 > MAX_DIGITS:
            raise ValueError(f"amount has more than {MAX_DIGITS} digits")
        return v

    @model_validator(mode="after")
    def _bounded_in_currency(self) -> MoneyIn:
        value = _parsed(self.amount)
        if value is not None:
            _check_digits(value, self.currency, MAX_DIGITS)
        return self


class PositiveMoney(MoneyIn):
    """Money of more than zero on the wire: a price, a payment, a refund, a fee charged. A zero or negative
    amount is named on `<field>.amount`."""

    @field_validator("amount")
    @classmethod
    def _more_than_zero(cls, v: str) -> str:
        value = _parsed(v)
        if value is not None and value <= 0:
            raise ValueError(f"must be more than zero, got {v}")
        return v


class NonNegativeMoney(MoneyIn):
    """Money of zero or more on the wire: a shipping charge, a cost, a threshold."""

    @field_validator("amount")
    @classmethod
    def _not_negative(cls, v: str) -> str:
        value = _parsed(v)
        if value is not None and value < 0:
            raise ValueError(f"must not be negative, got {v}")
        return v


MAX_RATE = Decimal(10) ** 9
"""The largest exchange rate taken (the dearest currency against the cheapest is some 10^6 today): a rate
times any bounded amount stays within `PRECISION`."""


def check_rate(value: Decimal) -> Decimal:
    """A rate given to the service: finite, more than zero, below `MAX_RATE`, at most `MAX_DIGITS`
    significant digits."""
    if not value.is_finite() or value <= 0:
        raise ValueError("must be a positive decimal")
    if value >= MAX_RATE:
        raise ValueError(f"must be less than {MAX_RATE:,f}")
    if len(value.normalize().as_tuple().digits) > MAX_DIGITS:
        raise ValueError(f"must have at most {MAX_DIGITS} significant digits")
    return value


def parse_rate(text: str) -> Decimal:
    """`text` as a rate (`check_rate`); ValueError naming what is wrong otherwise."""
    value = _parsed(text)
    if value is None or "e" in text.lower():
        raise ValueError('a plain decimal number as a string, such as "1.0825"')
    return check_rate(value)


def _rate_text(text: str) -> str:
    parse_rate(text)
    return text


RateText = Annotated[str, AfterValidator(_rate_text)]
"""A rate on the wire as a string (`parse_rate`)."""


def _parsed(text: str) -> Decimal | None:
    """The amount, or None when it is no finite decimal (`MoneyModel` then names what is wrong with it)."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
