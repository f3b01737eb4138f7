"""Business days per country, from the `holidays` package (cached per country, subdivision and year)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

# Most markets rest on Saturday and Sunday; these rest on other days.
_WEEKEND: dict[str, frozenset[int]] = {
    "AE": frozenset({5, 6}),  # since 2022: Saturday, Sunday
    "SA": frozenset({4, 5}),  # Friday, Saturday
    "KW": frozenset({4, 5}),
    "QA": frozenset({4, 5}),
    "BH": frozenset({4, 5}),
    "OM": frozenset({4, 5}),
}
_DEFAULT_WEEKEND = frozenset({5, 6})


@lru_cache(maxsize=2048)
def _holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    try:
        cal = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError:
        return frozenset()
    return frozenset(cal.keys())


def is_business_day(day: date, country: str, subdivision: str | None = None) -> bool:
    if day.weekday() in _WEEKEND.get(country, _DEFAULT_WEEKEND):
        return False
    return day not in _holidays(country, subdivision, day.year)


def next_business_day(day: date, country: str, subdivision: str | None = None) -> date:
    """`day` itself if it is a business day, else the first one after it."""
    while not is_business_day(day, country, subdivision):
        day += timedelta(days=1)
    return day


def add_business_days(day: date, n: int, country: str, subdivision: str | None = None) -> date:
    """The date `n` business days after `day` (n = 0: `day` rolled forward to a business day)."""
    day = next_business_day(day, country, subdivision)
    for _ in range(n):
        day = next_business_day(day + timedelta(days=1), country, subdivision)
    return day
