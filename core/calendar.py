"""Business days: the one calendar of the service, from the `holidays` package's working-day API.

A day is a business day when `holidays` says it is a working day: not in its calendar's weekend (each
country's own: Friday and Saturday in Israel and Saudi Arabia, Saturday and Sunday in most), not a holiday,
or a weekend day made a working day (China's and Vietnam's make-up Saturdays and Sundays around long
holidays). Delivery windows, warehouse cut-offs, the release of merchants' funds and payout arrival dates
all ask here. A country the package does not know rests on Saturday and Sunday only.

Each (calendar, year) is built once per process into the set of its closed days, so a question is one set
look-up: the quote path asks many.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal

import holidays


@dataclass(frozen=True, slots=True)
class Calendar:
    """A `holidays` calendar: a country's (and a subdivision's), or a financial market's
    (`holidays.financial_holidays`, e.g. the ECB's TARGET2 closing days); `weekends` for Saturday and
    Sunday alone."""

    kind: Literal["financial", "country", "weekends"]
    code: str
    categories: tuple[str, ...] = ("public",)
    subdivision: str | None = None


WEEKENDS_ONLY = Calendar("weekends", "")
Where = Calendar | str
"""A calendar, or a country's ISO 3166-1 alpha-2 code (its public holidays)."""


def _calendar(where: Where, subdivision: str | None) -> Calendar:
    return where if isinstance(where, Calendar) else _country(where, subdivision)


@lru_cache(maxsize=1024)
def _country(country: str, subdivision: str | None) -> Calendar:
    return Calendar("country", country, subdivision=subdivision)


def _source(calendar: Calendar, year: int) -> Any:
    if calendar.kind == "financial":
        return holidays.financial_holidays(calendar.code, years=year)
    return holidays.country_holidays(
        calendar.code, subdiv=calendar.subdivision, years=year, categories=calendar.categories
    )


@lru_cache(maxsize=4096)
def closed_days(calendar: Calendar, year: int) -> frozenset[date]:
    """The days of `year` that are not working days in `calendar`."""
    first = date(year, 1, 1)
    days = [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]
    source = None
    if calendar.kind != "weekends":
        try:
            source = _source(calendar, year)
        except NotImplementedError:  # a country (or subdivision) the package does not know
            source = None
    if source is None:
        return frozenset(d for d in days if d.weekday() >= 5)
    return frozenset(d for d in days if not source.is_working_day(d))


def is_business_day(day: date, where: Where, subdivision: str | None = None) -> bool:
    return day not in closed_days(_calendar(where, subdivision), day.year)


def _forward(day: date, calendar: Calendar, *, roll: bool, n: int) -> date:
    """`day` (moved to a business day first when `roll`), then `n` business days on."""
    year, closed = day.year, closed_days(calendar, day.year)
    for step in range(n + 1):
        if step == 0 and not roll:
            continue
        if step > 0:
            day += timedelta(days=1)
        while True:
            if day.year != year:
                year, closed = day.year, closed_days(calendar, day.year)
            if day not in closed:
                break
            day += timedelta(days=1)
    return day


def next_business_day(day: date, where: Where, subdivision: str | None = None) -> date:
    """`day` itself if it is a business day, else the first one after it."""
    return _forward(day, _calendar(where, subdivision), roll=True, n=0)


def add_business_days(day: date, n: int, where: Where, subdivision: str | None = None) -> date:
    """`day` moved to a business day, then `n` business days on (n = 0: `day` rolled forward)."""
    return _forward(day, _calendar(where, subdivision), roll=True, n=n)


def business_days_after(start: date, n: int, where: Where, subdivision: str | None = None) -> date:
    """The `n`th business day after `start`, counting from the day after it (n = 0: `start` itself)."""
    return _forward(start, _calendar(where, subdivision), roll=False, n=n)
