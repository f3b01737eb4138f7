from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from core.money import CurrencyMismatch, Money, MoneyModel, UnknownCurrency, currency_exponent

CURRENCIES = ["USD", "EUR", "JPY", "KWD", "IDR", "VND", "BHD", "SGD", "CLF"]


@pytest.mark.parametrize(
    ("code", "exponent"), [("USD", 2), ("EUR", 2), ("JPY", 0), ("KWD", 3), ("VND", 0), ("IDR", 0)]
)
def test_iso_4217_exponents(code: str, exponent: int) -> None:
    assert currency_exponent(code) == exponent


@pytest.mark.parametrize("code", ["USX", "usd", "US", "XAU", "XXX", "", "EURO"])
def test_unknown_or_non_tender_currency_refused(code: str) -> None:
    with pytest.raises(UnknownCurrency):
        Money(Decimal(1), code)


def test_float_amount_refused() -> None:
    with pytest.raises(TypeError):
        Money(1.5, "USD")  # type: ignore[arg-type]


def test_rounding_mode_is_named_and_applied() -> None:
    assert Money.of("2.345", "USD", rounding=ROUND_HALF_EVEN).amount == Decimal("2.34")
    assert Money.of("2.345", "USD", rounding=ROUND_HALF_UP).amount == Decimal("2.35")
    assert Money.of("2.349", "USD", rounding=ROUND_DOWN).amount == Decimal("2.34")
    assert Money.of("1.5", "JPY").amount == Decimal("2")
    assert Money.of("1.0005", "KWD").amount == Decimal("1.000")


def test_mixing_currencies_raises() -> None:
    with pytest.raises(CurrencyMismatch):
        _ = Money.of("1", "USD") + Money.of("1", "EUR")
    with pytest.raises(CurrencyMismatch):
        _ = Money.of("1", "USD") < Money.of("1", "EUR")


def test_to_minor_refuses_sub_minor_precision() -> None:
    with pytest.raises(ValueError, match="decimals"):
        Money(Decimal("1.001"), "USD").to_minor()


def test_allocate_example() -> None:
    parts = Money.of("100.00", "USD").allocate([1, 1, 1])
    assert [p.format_amount() for p in parts] == ["33.34", "33.33", "33.33"]
    assert [p.format_amount() for p in Money.of("-0.05", "USD").allocate([1, 1])] == ["-0.03", "-0.02"]


@pytest.mark.parametrize("weights", [[], [0, 0], [1, -1]])
def test_allocate_refuses_bad_weights(weights: list[int]) -> None:
    with pytest.raises(ValueError, match="weight"):
        Money.of("1", "USD").allocate(weights)


@given(
    minor=st.integers(min_value=-(10**15), max_value=10**15),
    currency=st.sampled_from(CURRENCIES),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12).filter(any),
)
def test_allocation_parts_sum_to_the_whole(minor: int, currency: str, weights: list[int]) -> None:
    whole = Money.from_minor(minor, currency)
    parts = whole.allocate(weights)
    assert len(parts) == len(weights)
    assert sum(p.to_minor() for p in parts) == minor
    total = sum(weights)
    for part, w in zip(parts, weights, strict=True):
        exact = Decimal(abs(minor)) * w / total
        assert abs(Decimal(abs(part.to_minor())) - exact) < 1  # each part within one minor unit of its share
        assert w != 0 or part.to_minor() == 0


@given(minor=st.integers(min_value=-(10**18), max_value=10**18), currency=st.sampled_from(CURRENCIES))
def test_minor_unit_round_trip(minor: int, currency: str) -> None:
    m = Money.from_minor(minor, currency)
    assert m.to_minor() == minor
    assert Money.of(m.format_amount(), currency).to_minor() == minor
    assert len(m.format_amount().partition(".")[2]) == currency_exponent(currency)


@given(
    amount=st.decimals(
        min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False, places=6
    ),
    currency=st.sampled_from(CURRENCIES),
)
def test_quantize_is_idempotent_and_within_half_a_minor_unit(amount: Decimal, currency: str) -> None:
    m = Money.of(amount, currency, rounding=ROUND_HALF_EVEN)
    assert m.quantize(rounding=ROUND_HALF_EVEN) == m
    assert abs(m.amount - amount) <= Decimal(1).scaleb(-currency_exponent(currency)) / 2


class TestJsonForm:
    def test_canonical_digits(self) -> None:
        assert MoneyModel(amount="12.5", currency="USD").amount == "12.50"
        assert MoneyModel(amount="1200", currency="JPY").amount == "1200"
        assert MoneyModel(amount="1.2", currency="KWD").amount == "1.200"
        assert MoneyModel.of(Money.of("3", "USD")).model_dump() == {"amount": "3.00", "currency": "USD"}

    @pytest.mark.parametrize(
        ("amount", "currency", "message"),
        [
            (12.5, "USD", "not a JSON number"),
            (12, "USD", "not a JSON number"),
            ("12.505", "USD", "more decimals"),
            ("1.5", "JPY", "more decimals"),
            ("abc", "USD", "not a decimal"),
            ("1e3", "USD", "plain decimal"),
            ("NaN", "USD", "plain decimal"),
            ("1.00", "USX", "ISO 4217"),
        ],
    )
    def test_refused(self, amount: object, currency: str, message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            MoneyModel.model_validate({"amount": amount, "currency": currency})
