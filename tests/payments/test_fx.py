"""Rates and conversion: the ECB bundle, EUR crosses, half-even rounding, supplementary and stored rates (the
live sources and the refresh task: test_fx_live.py)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, localcontext
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from core.clock import frozen
from core.errors import InvalidInput
from core.money import Money, currency_exponent
from payments import fx
from payments.errors import NoRate, RateDateOutOfRange
from payments.fx import EurRate, RateBook, ecb_rates
from payments.models import FxRate, SupplementaryRate

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
D = date(2024, 1, 2)


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


@pytest.fixture(scope="module")
def book() -> RateBook:
    return RateBook(ecb_rates())


@pytest.fixture
def at_now() -> Iterator[None]:
    with frozen(NOW):
        yield


class Rates:
    """A provider with fixed rates against the euro, for exact rounding cases."""

    def __init__(self, rates: Mapping[str, str], *, on: date = D, source: str = "test") -> None:
        self._rates = {c: EurRate(c, Decimal(r), on, (source,)) for c, r in rates.items()}

    def eur_rates(self, on: date) -> Mapping[str, EurRate]:  # noqa: ARG002
        return self._rates


# --- the ECB bundle ----------------------------------------------------------------------------------------


def test_100_usd_is_91_27_eur_on_2024_01_02_at_the_ecb_rate_1_0956(book: RateBook) -> None:
    assert ecb_rates().eur_rates(D)["USD"].rate == Decimal("1.0956")
    c = book.convert(usd("100.00"), "EUR", on=D)
    assert c.result == Money(Decimal("91.27"), "EUR")
    assert c.rate == Decimal("0.912741876597298")  # 1 / 1.0956 to 15 significant digits, the rate applied
    assert (c.rate_date, c.source, c.cross.age_days) == (D, "ecb", 0)
    back = book.convert(Money(Decimal("91.27"), "EUR"), "USD", on=D)
    assert back.rate == Decimal("1.0956")
    assert back.result == usd("100.00")  # 99.995412 rounds to 100.00


def test_cross_rates_go_through_the_euro(book: RateBook) -> None:
    legs = ecb_rates().eur_rates(D)
    c = book.convert(usd("100.00"), "JPY", on=D)
    assert c.rate == fx.RATE_CONTEXT.divide(legs["JPY"].rate, legs["USD"].rate)
    assert c.rate == Decimal("142.095655348667")
    assert c.result.amount == Decimal("14210")
    assert c.result.amount.as_tuple().exponent == 0  # JPY has no decimals


@pytest.mark.parametrize(
    ("on", "published", "age"),
    [
        (date(2024, 1, 6), date(2024, 1, 5), 1),  # Saturday: Friday's rates
        (date(2024, 1, 7), date(2024, 1, 5), 2),  # Sunday
        (date(2024, 1, 1), date(2023, 12, 29), 3),  # New Year's Day, a TARGET holiday after a weekend
        (date(2023, 12, 26), date(2023, 12, 22), 4),  # Christmas and Boxing Day
    ],
)
def test_weekends_and_holidays_use_the_last_publication_day(
    book: RateBook, on: date, published: date, age: int
) -> None:
    c = book.convert(usd("10.00"), "EUR", on=on)
    assert (c.rate_date, c.cross.age_days) == (published, age)
    assert c.rate == fx.RATE_CONTEXT.divide(Decimal(1), ecb_rates().eur_rates(published)["USD"].rate)


def test_first_and_last_days_of_the_bundle(book: RateBook) -> None:
    assert ecb_rates().first_date == fx.FIRST_DATE == date(1999, 1, 4)
    assert book.convert(usd("1.00"), "EUR", on=fx.FIRST_DATE).rate_date == fx.FIRST_DATE
    with frozen(NOW):  # after the bundle ends, its last day is used and the age shows it
        c = book.convert(usd("1.00"), "EUR", on=NOW.date())
    assert c.rate_date == ecb_rates().last_date
    assert c.cross.age_days == (NOW.date() - ecb_rates().last_date).days


def test_dates_outside_the_rates_are_refused(book: RateBook, at_now: None) -> None:
    for on in (date(1999, 1, 3), date(1990, 6, 1), NOW.date() + timedelta(days=1)):
        with pytest.raises(RateDateOutOfRange) as exc:
            book.convert(usd("1.00"), "EUR", on=on)
        assert exc.value.status == 422
        assert [e.field for e in exc.value.errors] == ["date"]


def test_unknown_currency_names_the_field(book: RateBook) -> None:
    with pytest.raises(InvalidInput) as exc:
        book.convert(usd("1.00"), "USX", on=D)
    assert [e.field for e in exc.value.errors] == ["to"]
    with pytest.raises(InvalidInput) as exc:
        book.cross("XAU", "USD", on=D, fields=("sell_currency", "buy_currency"))
    assert [e.field for e in exc.value.errors] == ["sell_currency"]


def test_a_currency_without_a_rate_says_to_add_a_supplementary_rate(book: RateBook) -> None:
    with pytest.raises(NoRate) as exc:
        book.convert(usd("1.00"), "VND", on=D)
    assert exc.value.detail == "no rate for VND on 2024-01-02: add a supplementary rate"
    assert [e.field for e in exc.value.errors] == ["to"]
    # The ECB stopped publishing RUB on 2022-03-01: no stale rate is carried forward for ever.
    assert book.convert(Money(Decimal(100), "RUB"), "EUR", on=date(2022, 2, 28)).rate_date == date(
        2022, 2, 28
    )
    with pytest.raises(NoRate):
        book.convert(Money(Decimal(100), "RUB"), "EUR", on=D)


def test_identity_and_huge_amounts(book: RateBook) -> None:
    same = book.convert(usd("12.34"), "USD", on=D)
    assert (same.result, same.rate, same.source) == (usd("12.34"), Decimal(1), "identity")
    with pytest.raises(InvalidInput) as exc:
        book.convert(usd("100000000000000.01"), "EUR", on=D)
    assert [e.field for e in exc.value.errors] == ["amount"]
    assert book.convert(usd("-100.00"), "EUR", on=D).result == Money(Decimal("-91.27"), "EUR")


def test_results_round_half_even_to_the_target_minor_unit() -> None:
    book = RateBook(Rates({"USD": "1.5", "JPY": "150", "KWD": "0.3333"}))
    to_usd = [
        book.convert(Money(Decimal(a), "EUR"), "USD", on=D).result.amount for a in ("0.01", "0.03", "0.05")
    ]
    assert to_usd == [Decimal("0.02"), Decimal("0.04"), Decimal("0.08")]  # 0.015, 0.045, 0.075: to even
    assert book.convert(Money(Decimal("0.01"), "EUR"), "JPY", on=D).result.amount == Decimal("2")  # 1.5
    assert book.convert(Money(Decimal("0.03"), "EUR"), "JPY", on=D).result.amount == Decimal("4")  # 4.5
    kwd = book.convert(Money(Decimal("10.00"), "EUR"), "KWD", on=D).result
    assert kwd.amount == Decimal("3.333")
    assert kwd.amount.as_tuple().exponent == -3  # KWD has three decimals


# --- A -> B -> A --------------------------------------------------------------------------------------------

ROUND_TRIP_DAYS = [date(2024, 1, 2), date(2008, 10, 24), date(2001, 9, 12), date(2020, 3, 16)]


@settings(max_examples=300, deadline=None)
@given(data=st.data(), minor=st.integers(min_value=-(10**10), max_value=10**10))
def test_a_round_trip_is_within_the_rounding_of_both_legs(
    book: RateBook, data: st.DataObject, minor: int
) -> None:
    """Converting x from A to B and back gives z with

        |z - x| <= q_A/2 + (q_B/2) * r_BA + |x| * |r_AB * r_BA - 1|

    where q_A, q_B are the minor units and r_AB, r_BA the two applied (15-digit) rates: half a minor unit of
    A from the second rounding, half a minor unit of B (in A) from the first, and the rates' own rounding.
    So when B's minor unit is worth at most A's (q_B * r_BA <= q_A), the round trip stays within one minor
    unit of A. When B is coarser it does not: 6 KRW -> 0.00 USD -> 0 KRW."""
    on = data.draw(st.sampled_from(ROUND_TRIP_DAYS))
    codes = sorted({*ecb_rates().eur_rates(on), "EUR"})
    a = data.draw(st.sampled_from(codes))
    b = data.draw(st.sampled_from(codes))
    x = Money.from_minor(minor, a)
    there = book.convert(x, b, on=on)
    back = book.convert(there.result, a, on=on)
    z = back.result
    q_a = Decimal(1).scaleb(-currency_exponent(a))
    q_b = Decimal(1).scaleb(-currency_exponent(b))
    r_ab, r_ba = there.rate, back.rate
    with localcontext() as exact:
        exact.prec = 100
        bound = q_a / 2 + q_b / 2 * r_ba + abs(x.amount) * abs(r_ab * r_ba - 1)
        coarser = q_b * r_ba > q_a
    assert abs(z.amount - x.amount) <= bound
    if not coarser:
        assert abs(z.amount - x.amount) <= q_a


def test_a_coarser_middle_currency_can_lose_more_than_one_minor_unit(book: RateBook) -> None:
    krw = Money(Decimal(6), "KRW")
    z = book.convert(book.convert(krw, "USD", on=D).result, "KRW", on=D).result
    assert z.amount == 0


# --- supplementary and stored rates ------------------------------------------------------------------------


def test_a_pegged_supplementary_rate_crosses_through_its_anchor(session: Session, at_now: None) -> None:
    fx.set_supplementary_rate(
        session, currency="AED", rate=Decimal("3.6725"), base="USD", as_of=fx.FIRST_DATE, source="CBUAE peg"
    )
    c = fx.convert(session, usd("100.00"), "AED", on=D)
    assert c.result == Money(Decimal("367.25"), "AED")
    assert c.rate == Decimal("3.6725")
    assert c.source == "ecb + supplementary: CBUAE peg (per USD)"
    assert c.rate_date == fx.FIRST_DATE  # the older of the two legs: the peg was entered as of 1999
    fx.set_supplementary_rate(
        session, currency="AED", rate=Decimal("3.6725"), base="USD", as_of=D, source="CBUAE peg, confirmed"
    )
    assert fx.convert(session, usd("100.00"), "AED", on=D).rate_date == D
    eur = fx.convert(session, Money(Decimal("100.00"), "EUR"), "AED", on=D)
    assert eur.rate == Decimal("3.6725") * Decimal("1.0956")  # 4.02359100, exact


def test_kwd_results_have_three_decimals(session: Session, at_now: None) -> None:
    fx.set_supplementary_rate(
        session, currency="KWD", rate=Decimal("0.3071"), base="USD", as_of=date(2026, 10, 30), source="CBK"
    )
    c = fx.convert(session, usd("100.00"), "KWD")
    assert c.result == Money(Decimal("30.710"), "KWD")
    assert c.result.format_amount() == "30.710"
    assert c.rate_date == date(2026, 10, 30)
    assert c.cross.age_days == 26


def test_supplementary_history_latest_entry_and_idempotence(session: Session, at_now: None) -> None:
    def put(rate: str, as_of: date, source: str = "SBV") -> SupplementaryRate:
        return fx.set_supplementary_rate(
            session, currency="VND", rate=Decimal(rate), as_of=as_of, source=source
        )

    first = put("27000", date(2024, 1, 1))
    assert put("27000", date(2024, 1, 1)).id == first.id  # the same again: nothing new
    put("28000", date(2025, 1, 1))
    put("28500", date(2025, 1, 1), "SBV corrected")  # a later entry for the same day supersedes
    one_eur = Money(Decimal("1.00"), "EUR")
    assert fx.convert(session, one_eur, "VND", on=date(2024, 6, 1)).result.amount == Decimal(27000)
    assert fx.convert(session, one_eur, "VND", on=date(2025, 6, 1)).result.amount == Decimal(28500)
    with pytest.raises(NoRate):  # nothing on or before 2023
        fx.convert(session, one_eur, "VND", on=date(2023, 6, 1))
    listed = [(r.as_of, r.rate, r.source) for r in fx.list_supplementary_rates(session, currency="VND")]
    assert listed == [
        (date(2025, 1, 1), Decimal(28500), "SBV corrected"),
        (date(2024, 1, 1), Decimal(27000), "SBV"),
    ]
    assert len(session.exec(select(SupplementaryRate)).all()) == 3


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"currency": "USD", "base": "EUR"}, "currency"),  # the ECB publishes it
        ({"currency": "USD"}, "base"),  # priced in itself
        ({"currency": "EUR"}, "currency"),
        ({"currency": "USX"}, "currency"),
        ({"base": "AED"}, "base"),  # not an ECB currency
        ({"base": "VND"}, "base"),
        ({"rate": Decimal(0)}, "rate"),
        ({"rate": Decimal("1e13")}, "rate"),
        ({"as_of": date(2026, 11, 26)}, "as_of"),
        ({"as_of": date(1998, 12, 31)}, "as_of"),
        ({"source": "  "}, "source"),
        ({"source": "x" * 201}, "source"),
    ],
)
def test_supplementary_rates_are_checked(
    session: Session, at_now: None, kwargs: dict[str, Any], field: str
) -> None:
    args: dict[str, Any] = {
        "currency": "VND",
        "rate": Decimal(26000),
        "base": "USD",
        "as_of": date(2026, 1, 5),
        "source": "SBV",
    }
    with pytest.raises(InvalidInput) as exc:
        fx.set_supplementary_rate(session, **{**args, **kwargs})
    assert [e.field for e in exc.value.errors] == [field]


def test_rates_are_stored_exactly_never_as_float(session: Session, at_now: None) -> None:
    tiny = Decimal("0.0000123456789012345")
    session.add(FxRate(base="EUR", quote="VND", rate=tiny, as_of=D, source="test"))
    session.flush()
    if session.get_bind().dialect.name == "sqlite":
        raw = session.connection().exec_driver_sql("SELECT rate, typeof(rate) FROM fx_rates").one()
        assert tuple(raw) == ("0.0000123456789012345", "text")
    session.expire_all()
    assert session.exec(select(FxRate)).one().rate == tiny
    session.add(FxRate(base="EUR", quote="AED", rate=4.02, as_of=D, source="test"))  # type: ignore[arg-type]
    with pytest.raises(Exception, match="Decimal"):
        session.flush()
    session.rollback()


def _store(session: Session, as_of: date, **rates: str) -> None:
    fx.store_rates(session, {c: EurRate(c, Decimal(r), as_of, (fx.LIVE_SOURCE,)) for c, r in rates.items()})


def test_the_fresher_of_stored_and_bundled_rates_wins(session: Session, at_now: None) -> None:
    _store(session, date(2026, 11, 20), USD="1.05")
    _store(session, date(2024, 1, 1), USD="2")  # older than the ECB's 2024-01-02: not used that day
    today = fx.convert(session, usd("105.00"), "EUR")
    assert (today.result.amount, today.rate_date, today.source, today.cross.age_days) == (
        Decimal("100.00"),
        date(2026, 11, 20),
        "forex-python",
        5,
    )
    assert fx.convert(session, usd("100.00"), "EUR", on=D).source == "ecb"
    tie = date(2024, 1, 2)
    _store(session, tie, USD="3")
    assert fx.convert(session, usd("100.00"), "EUR", on=D).source == "ecb"  # a tie goes to the ECB
