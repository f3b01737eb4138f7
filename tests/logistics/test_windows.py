"""Delivery windows across cut-offs, time zones and holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from carriers.types import DayPercentiles, TransitProfile
from core.calendar import add_business_days, is_business_day, next_business_day
from core.money import Money
from logistics.network import WarehouseInfo
from logistics.windows import dispatch_date, estimate

SHENZHEN = WarehouseInfo(
    "wh_1",
    "SZX1",
    "Shenzhen FC",
    "CN",
    "Shenzhen",
    (22.6, 114.0),
    ZoneInfo("Asia/Shanghai"),
    time(18, 0),
    1,
    "CN",
    None,
    frozenset({"general"}),
    False,
    Money.of("3.50", "CNY"),
)
LINE = TransitProfile(DayPercentiles(3, 4, 6), DayPercentiles(1, 1, 2), DayPercentiles(1, 2, 3))


def shanghai(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(UTC)


def test_calendars() -> None:
    assert not is_business_day(date(2026, 2, 17), "CN")  # Spring Festival
    assert not is_business_day(date(2026, 3, 21), "ID")  # Saturday
    assert not is_business_day(date(2026, 3, 19), "ID")  # Nyepi, the Day of Silence
    assert next_business_day(date(2026, 12, 25), "GB") == date(
        2026, 12, 29
    )  # Christmas, Boxing Day substitute
    assert add_business_days(date(2026, 11, 27), 1, "US") == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (shanghai(2026, 11, 25, 10), date(2026, 11, 25)),  # before the cut-off: today
        (shanghai(2026, 11, 25, 18, 1), date(2026, 11, 26)),  # after it: the next business day
        (shanghai(2026, 11, 27, 23), date(2026, 11, 30)),  # Friday night: Monday
        (datetime(2026, 11, 25, 10, 30, tzinfo=UTC), date(2026, 11, 26)),  # 10:30 UTC is 18:30 in Shenzhen
    ],
)
def test_dispatch_follows_the_local_cut_off(now: datetime, expected: date) -> None:
    assert dispatch_date(now, SHENZHEN) == expected


def test_order_at_23_in_shenzhen_before_chinese_new_year() -> None:
    """Friday 2026-02-13, 23:00 in Shenzhen: past the cut-off, and the Spring Festival closes 15-23 February
    (the 14th and 28th are working Saturdays in the official calendar, which `holidays` may not list)."""
    w = estimate(shanghai(2026, 2, 13, 23), SHENZHEN, LINE, destination_country="ID", cross_border=True)
    assert w.ship_date >= date(2026, 2, 24)
    assert w.earliest > w.ship_date
    assert w.earliest <= w.likely <= w.latest
    assert w.days_min >= 11  # nothing moves over the festival
    before = estimate(shanghai(2026, 2, 2, 10), SHENZHEN, LINE, destination_country="ID", cross_border=True)
    assert before.days_max <= 15


def test_window_adds_each_leg_in_its_own_calendar() -> None:
    # Wednesday 2026-11-25 10:00 in Shenzhen: dispatch today, 1 handling day -> ships Thursday 26th
    w = estimate(shanghai(2026, 11, 25, 10), SHENZHEN, LINE, destination_country="ID", cross_border=True)
    assert w.ship_date == date(2026, 11, 26)
    # p10: +3 days line haul = Sun 29th; clearance rolls to Mon 30th and takes 1 business day = Tue 1st;
    # +1 last mile = Wed 2nd
    assert w.earliest == date(2026, 12, 2)
    assert (w.days_min, w.confidence) == ((w.earliest - date(2026, 11, 25)).days, "low")
    domestic = estimate(
        shanghai(2026, 11, 25, 10), SHENZHEN, LINE, destination_country="CN", cross_border=False
    )
    assert domestic.earliest < w.earliest  # no customs clearance at home


def test_learned_profiles_raise_confidence() -> None:
    learned = TransitProfile(LINE.line_haul, LINE.clearance, LINE.last_mile, source="learned", samples=250)
    w = estimate(shanghai(2026, 11, 25, 10), SHENZHEN, learned, destination_country="ID", cross_border=True)
    assert w.confidence == "high"
