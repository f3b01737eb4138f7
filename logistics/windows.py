"""Delivery windows: cut-off, handling, line haul, customs clearance and last mile, in each place's calendar.

From the moment of the quote:
1. the order leaves the warehouse's queue on the first business day (warehouse country's holidays, its local
   time zone) whose cut-off it makes: after the cut-off, or on a rest day, the next business day;
2. plus `handling_days` business days of picking and packing: the ship date;
3. plus line haul in calendar days (lines run every day);
4. plus customs clearance in business days of the destination (cross-border only);
5. plus last mile in business days of the destination.
Each of p10, p50 and p90 of the transit profile gives `earliest`, `likely` and `latest`; `days_*` count
calendar days from the quote's date in the warehouse's zone.

A lane's delivery history (`logistics.history`) gives a window of its own, `DayBand`: calendar days from
hand-over to delivery, p5 to p95 of the deliveries (nearest rank), so that nine parcels in ten arrive inside
it. `logistics.analytics.window_calibration` scores it on the newest deliveries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

from carriers.transit import nearest_rank
from carriers.types import DayPercentiles, TransitProfile
from core.calendar import add_business_days, is_business_day
from logistics.network import WarehouseInfo

BAND_LOW, BAND_HIGH = 5, 95
"""The percentiles of a lane's deliveries that bound its learned window."""


@dataclass(frozen=True, slots=True)
class DayBand:
    """Calendar days from hand-over to delivery: the earliest, likely and latest of a lane's window."""

    earliest: int
    likely: int
    latest: int

    @property
    def width(self) -> int:
        return self.latest - self.earliest


def band_of(days: Sequence[int]) -> DayBand:
    """The window of a lane whose deliveries took `days`: their p5, p50 and p95 by nearest rank."""
    ordered = sorted(days)
    return DayBand(
        nearest_rank(ordered, BAND_LOW), nearest_rank(ordered, 50), nearest_rank(ordered, BAND_HIGH)
    )


@dataclass(frozen=True, slots=True)
class Window:
    earliest: date
    likely: date
    latest: date
    days_min: int
    days_likely: int
    days_max: int
    confidence: Literal["low", "medium", "high"]
    ship_date: date


def dispatch_date(now: datetime, wh: WarehouseInfo) -> date:
    """The business day the order starts being handled, in the warehouse's zone."""
    local = now.astimezone(wh.zone)
    day = local.date()
    if not is_business_day(day, wh.holiday_country, wh.holiday_subdivision) or local.time() >= wh.cutoff:
        day = add_business_days(day + timedelta(days=1), 0, wh.holiday_country, wh.holiday_subdivision)
    return day


def estimate(
    now: datetime,
    wh: WarehouseInfo,
    profile: TransitProfile,
    *,
    destination_country: str,
    cross_border: bool,
    ship_date: date | None = None,
) -> Window:
    """The window for an order placed at `now`; a known `ship_date` saves recomputing it."""
    return _window(
        ship_date or ship_date_for(now, wh),
        now.astimezone(wh.zone).date(),
        profile.line_haul,
        profile.clearance,
        profile.last_mile,
        _confidence(profile),
        destination_country,
        cross_border,
    )


def window_of(
    ship: date, today: date, profile: TransitProfile, *, destination_country: str, cross_border: bool
) -> Window:
    """`estimate` for a known ship date and quote day (`today`, in the warehouse's zone)."""
    return _window(
        ship,
        today,
        profile.line_haul,
        profile.clearance,
        profile.last_mile,
        _confidence(profile),
        destination_country,
        cross_border,
    )


def ship_date_for(now: datetime, wh: WarehouseInfo) -> date:
    """The day an order placed at `now` leaves the warehouse (dispatch plus handling days)."""
    start = dispatch_date(now, wh)
    return add_business_days(start, wh.handling_days, wh.holiday_country, wh.holiday_subdivision)


def _confidence(profile: TransitProfile) -> Literal["low", "medium", "high"]:
    if profile.source == "learned":
        return "high" if profile.samples >= 100 else "medium"
    return "low"


@lru_cache(maxsize=65536)
def _window(
    ship: date,
    today: date,
    lh: DayPercentiles,
    cl: DayPercentiles,
    lm: DayPercentiles,
    confidence: Literal["low", "medium", "high"],
    destination_country: str,
    cross_border: bool,
) -> Window:
    """Pure in its arguments, so cached: a quote asks the same legs of many services and warehouses."""

    def arrive(line_haul: int, clearance: int, last_mile: int) -> date:
        landed = ship + timedelta(days=line_haul)
        if cross_border:
            landed = add_business_days(landed, clearance, destination_country)
        return add_business_days(landed, last_mile, destination_country)

    earliest = arrive(lh.p10, cl.p10, lm.p10)
    likely = max(earliest, arrive(lh.p50, cl.p50, lm.p50))
    latest = max(likely, arrive(lh.p90, cl.p90, lm.p90))
    return Window(
        earliest,
        likely,
        latest,
        (earliest - today).days,
        (likely - today).days,
        (latest - today).days,
        confidence,
        ship,
    )
