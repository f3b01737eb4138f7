"""How old the reference rates are, and the limit past which they may not price FX locks or quotes.

The age counts TARGET business days (the days the ECB publishes: weekdays but New Year's Day, Good Friday,
Easter Monday, 1 May, 25 and 26 December) after the publication day of the freshest reference rates the
service answers from (the bundled ECB history or the live rates the refresh task stored), up to today by the
one clock. Nothing here moves a date: a fixed history simply grows old.

The limit is `APP_FX_MAX_AGE_BUSINESS_DAYS` (5; 0: none), unless the installation set its own in the database
(`set_age_policy`, with who and why): the offline demo answers from the bundled history on purpose and says
so there, a production installation keeps the setting and a refresh task that brings fresh rates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays
from sqlmodel import Session, col, select

from core.clock import utc_now
from core.config import get_settings
from payments.models import FxAgePolicy, FxRefresh

TARGET_CALENDAR = "XECB"
"""The `holidays` financial calendar of the ECB's TARGET closing days."""


@lru_cache(maxsize=64)
def _closing_days(year: int) -> frozenset[date]:
    return frozenset(holidays.financial_holidays(TARGET_CALENDAR, years=year).keys())


def is_publication_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _closing_days(day.year)


@lru_cache(maxsize=1024)
def business_days_after(start: date, end: date) -> int:
    """TARGET business days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    if end <= start:
        return 0
    whole_weeks, rest = divmod((end - start).days, 7)
    count = whole_weeks * 5 - sum(
        1
        for y in range(start.year, end.year + 1)
        for d in _closing_days(y)
        if start < d <= end and d.weekday() < 5
    )
    day = start + timedelta(days=whole_weeks * 7)
    for _ in range(rest):
        day += timedelta(days=1)
        count += day.weekday() < 5
    return count


@dataclass(frozen=True, slots=True)
class AgeLimit:
    max_age_business_days: int | None
    """None: no limit."""
    source: str
    """`setting` (APP_FX_MAX_AGE_BUSINESS_DAYS), or `policy` (the installation's own, with its reason)."""
    reason: str = ""


NO_LIMIT = AgeLimit(None, "setting")


@dataclass(frozen=True, slots=True)
class Freshness:
    """The reference rates' age on `today` against the limit in force."""

    as_of: date | None
    """The publication day of the freshest reference rates (None: no rates at all)."""
    today: date
    age_business_days: int | None
    limit: AgeLimit

    @property
    def stale(self) -> bool:
        cap = self.limit.max_age_business_days
        if cap is None:
            return False
        return self.age_business_days is None or self.age_business_days > cap

    def describe(self) -> str:
        if self.as_of is None:
            return "no reference rates"
        cap = self.limit.max_age_business_days
        limit = "no limit" if cap is None else f"limit {cap}"
        return (
            f"the reference rates are of {self.as_of.isoformat()}, {self.age_business_days} TARGET business"
            f" days old on {self.today.isoformat()} ({limit})"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": "stale" if self.stale else "ok",
            "rates_as_of": self.as_of.isoformat() if self.as_of else None,
            "age_business_days": self.age_business_days,
            "max_age_business_days": self.limit.max_age_business_days,
            "limit_source": self.limit.source,
            **({"limit_reason": self.limit.reason} if self.limit.reason else {}),
        }


def freshness(as_of: date | None, limit: AgeLimit, *, today: date | None = None) -> Freshness:
    day = today if today is not None else utc_now().date()
    age = None if as_of is None else business_days_after(as_of, day)
    return Freshness(as_of, day, age, limit)


# --- the installation's limit and the refresh log ----------------------------------------------------------


def age_limit(session: Session) -> AgeLimit:
    """The limit in force: the installation's own (`set_age_policy`) or the setting's."""
    policy = session.get(FxAgePolicy, 1)
    if policy is not None:
        return AgeLimit(policy.max_age_business_days, "policy", policy.reason)
    days = get_settings().fx_max_age_business_days
    return AgeLimit(days or None, "setting")


def set_age_policy(
    session: Session, *, max_age_business_days: int | None, reason: str, set_by: str
) -> FxAgePolicy:
    """Set the installation's own limit (None: no limit), saying who and why. The caller bumps the FX
    generation (`payments.fx.forget_rate_book`) so every process reads it."""
    if max_age_business_days is not None and max_age_business_days < 0:
        raise ValueError("a limit is 0 or more business days")
    policy = session.get(FxAgePolicy, 1, with_for_update=True) or FxAgePolicy(id=1, reason="", set_by="")
    policy.max_age_business_days = max_age_business_days
    policy.reason, policy.set_by, policy.set_at = reason, set_by, utc_now()
    session.add(policy)
    session.flush()
    return policy


@dataclass(frozen=True, slots=True)
class LastRefresh:
    at: Any
    provider: str
    ok: bool
    stored: int
    rates_as_of: date | None
    error: str | None


def last_refresh(session: Session) -> LastRefresh | None:
    row = session.exec(select(FxRefresh).order_by(col(FxRefresh.id).desc()).limit(1)).first()
    if row is None:
        return None
    return LastRefresh(row.at, row.provider, row.ok, row.stored, row.rates_as_of, row.error)
