"""One business-day calendar for windows, cut-offs, payout availability and arrival dates: the `holidays`
package's working days (each country's weekend, its holidays and its make-up working days)."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest

from core.calendar import (
    WEEKENDS_ONLY,
    Calendar,
    add_business_days,
    business_days_after,
    closed_days,
    is_business_day,
    next_business_day,
)
from settlement import rails


def test_chinese_new_year_2026_and_its_make_up_saturdays() -> None:
    friday = date(2026, 2, 13)
    assert add_business_days(friday, 1, "CN") == date(2026, 2, 14)  # a make-up working Saturday
    assert business_days_after(friday, 1, "CN") == date(2026, 2, 14)
    # then the Spring Festival closes Sunday 15th to Monday 23rd; Tuesday 24th is the next working day
    assert add_business_days(friday, 2, "CN") == date(2026, 2, 24)
    assert not any(is_business_day(date(2026, 2, d), "CN") for d in range(15, 24))
    assert is_business_day(date(2026, 2, 28), "CN")  # the second make-up Saturday
    assert not is_business_day(date(2026, 2, 21), "CN")
    assert rails.add_business_days(friday, 1, "CNY") == date(2026, 2, 14)  # payouts in yuan too


def test_israel_rests_on_friday_and_saturday() -> None:
    friday, saturday, sunday = date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 8)
    assert not is_business_day(friday, "IL")
    assert not is_business_day(saturday, "IL")
    assert is_business_day(sunday, "IL")
    assert next_business_day(friday, "IL") == sunday
    assert add_business_days(date(2026, 3, 5), 1, "IL") == sunday  # Thursday + 1
    assert rails.next_business_day(friday, "ILS") == sunday


def test_weekends_holidays_and_unknown_countries() -> None:
    assert not is_business_day(date(2026, 3, 19), "ID")  # Nyepi
    assert not is_business_day(date(2026, 4, 10), "SA")  # a Friday
    assert is_business_day(date(2026, 4, 12), "SA")  # Sunday works in Saudi Arabia
    assert not is_business_day(date(2026, 3, 22), "SA")  # a Sunday of the Eid al-Fitr holiday
    assert not is_business_day(date(2026, 10, 26), "AT")  # the national day
    assert not is_business_day(date(2026, 1, 6), "DE", "BY")  # Epiphany in Bavaria
    assert is_business_day(date(2026, 1, 6), "DE", "BE")  # not in Berlin
    # a country the package does not know: Saturday and Sunday only
    assert next_business_day(date(2026, 3, 7), "ZZ") == date(2026, 3, 9)
    assert closed_days(WEEKENDS_ONLY, 2026) == closed_days(Calendar("country", "ZZ"), 2026)
    # across the year's end: New Year's Day, then the weekend
    assert add_business_days(date(2026, 12, 31), 1, "DE") == date(2027, 1, 4)
    assert business_days_after(date(2026, 12, 30), 2, "DE") == date(2027, 1, 4)
    # zero days: the start rolled forward, or the start itself
    assert add_business_days(date(2026, 3, 7), 0, "GB") == date(2026, 3, 9)
    assert business_days_after(date(2026, 3, 7), 0, "GB") == date(2026, 3, 7)
    assert business_days_after(date(2026, 3, 7), 1, "GB") == date(2026, 3, 9)


@pytest.mark.parametrize(
    ("country", "subdivision"), [("CN", None), ("IL", None), ("AE", None), ("VN", None), ("US", "CA")]
)
def test_every_day_of_the_year_agrees_with_the_working_day_api(country: str, subdivision: str | None) -> None:
    source = holidays.country_holidays(country, subdiv=subdivision, years=2026)
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert is_business_day(day, country, subdivision) == source.is_working_day(day), day
        day += timedelta(days=1)
