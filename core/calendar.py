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
    if isinstance(where, Calendar):
        return where
    return Calendar("country", where, subdivision=subdivision)


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


def next_business_day(day: date, where: Where, subdivision: str | None = None) -> date:
    """`day` itself if it is a business day, else the first one after it."""
    calendar = _calendar(where, subdivision)
    while day in closed_days(calendar, day.year):
        day += timedelta(days=1)
    return day


def add_business_days(day: date, n: int, where: Where, subdivision: str | None = None) -> date:
    """`day` moved to a business day, then `n` business days on (n = 0: `day` rolled forward)."""
    calendar = _calendar(where, subdivision)
    day = next_business_day(day, calendar)
    for _ in range(n):
        day = next_business_day(day + timedelta(days=1), calendar)
    return day


def business_days_after(start: date, n: int, where: Where, subdivision: str | None = None) -> date:
    """The `n`th business day after `start`, counting from the day after it (n = 0: `start` itself)."""
    calendar = _calendar(where, subdivision)
    day = start
    for _ in range(n):
        day = next_business_day(day + timedelta(days=1), calendar)
    return day
