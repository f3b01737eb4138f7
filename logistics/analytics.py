"""Analytics: returns (units sold and returned per category, SKU or merchant, flagged above a threshold) and
the calibration of the delivery windows learned from the transit history.

The calibration is time-ordered, lane by lane (carrier, service, origin country, destination country): the
window (`logistics.windows.band_of`, p5 to p95 of transit days) is fitted on the older `1 - HOLDOUT` of the
lane's deliveries by hand-over time and scored on the newest `HOLDOUT`, the way it would have served them.
The goal: at least `GOAL_INSIDE` of them inside the window, and a window no wider than the holdout's own
p5-p95 plus `GOAL_EXTRA_WIDTH_DAYS`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from itertools import groupby
from typing import Any, Literal

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from core.auth import Principal
from core.config import get_settings
from logistics.models import TransitRecord
from logistics.orders.models import Order, OrderLine, Return, ReturnLine
from logistics.orders.schemas import ReturnAnalytics, ReturnRateRow
from logistics.schemas import DayCount, LaneCalibration, WindowCalibration
from logistics.windows import band_of

HOLDOUT = Decimal("0.2")
GOAL_INSIDE = 0.9
GOAL_EXTRA_WIDTH_DAYS = 1
MIN_FIT = 20
"""Deliveries a lane needs in its older part before its window is fitted and scored."""

GroupBy = Literal["category", "sku", "merchant"]


def return_analytics(
    session: Session,
    *,
    principal: Principal,
    group_by: GroupBy = "category",
    start: datetime | None = None,
    end: datetime | None = None,
    merchant_id: str | None = None,
    threshold: Decimal | None = None,
) -> ReturnAnalytics:
    """Orders placed in [start, end); a merchant key sees only its own orders. The flag's threshold
    defaults to the `APP_RETURN_RATE_FLAG` setting."""
    threshold = threshold if threshold is not None else get_settings().return_rate_flag
    scope = principal.merchant_scope(merchant_id)
    where = []
    if scope is not None:
        where.append(col(Order.merchant_id) == scope)
    if start is not None:
        where.append(col(Order.created_at) >= start)
    if end is not None:
        where.append(col(Order.created_at) < end)

    def key(merchant: str, line: OrderLine | ReturnLine) -> str:
        if group_by == "merchant":
            return merchant
        if group_by == "sku":
            return line.sku
        return line.category or "uncategorised"

    orders: dict[str, set[str]] = defaultdict(set)
    sold: Counter[str] = Counter()
    for line, merchant in session.exec(
        select(OrderLine, Order.merchant_id)
        .join(Order, col(Order.id) == col(OrderLine.order_id))
        .where(*where)
    ):
        k = key(merchant, line)
        orders[k].add(line.order_id)
        sold[k] += line.quantity
    returned: Counter[str] = Counter()
    reasons: dict[str, Counter[str]] = defaultdict(Counter)
    for rline, merchant in session.exec(
        select(ReturnLine, Order.merchant_id)
        .join(Return, col(Return.id) == col(ReturnLine.return_id))
        .join(Order, col(Order.id) == col(Return.order_id))
        .where(col(Return.status) != "rejected", *where)
    ):
        k = key(merchant, rline)
        returned[k] += rline.quantity
        reasons[k][rline.reason] += rline.quantity
    rows = []
    for k in sorted(sold):
        rate = Decimal(returned[k]) / Decimal(sold[k]) if sold[k] else Decimal(0)
        rows.append(
            ReturnRateRow(
                key=k,
                orders=len(orders[k]),
                units_sold=sold[k],
                units_returned=returned[k],
                rate=float(round(rate, 4)),
                top_reasons=[r for r, _ in sorted(reasons[k].items(), key=lambda kv: (-kv[1], kv[0]))[:3]],
                flagged=rate > threshold,
            )
        )
    rows.sort(key=lambda r: (-r.rate, r.key))
    return ReturnAnalytics(group_by=group_by, threshold=float(threshold), data=rows)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4)


def calibrate_lane(lane: tuple[str, str, str, str], days: Sequence[int]) -> LaneCalibration:
    """Fit the window on the older deliveries (`days`, in hand-over order) and score it on the newest."""
    carrier, service, origin, destination = lane
    cut = len(days) - int(HOLDOUT * len(days))
    fit, holdout = days[:cut], days[cut:]
    empty: dict[str, Any] = dict.fromkeys(
        (
            "earliest_days",
            "likely_days",
            "latest_days",
            "inside",
            "early",
            "late",
            "window_width_days",
            "empirical_p5_days",
            "empirical_p95_days",
            "empirical_width_days",
            "meets_goal",
        )
    )
    base = {
        "carrier": carrier,
        "service": service,
        "origin_country": origin,
        "destination_country": destination,
        "deliveries": len(days),
        "fitted_on": len(fit),
        "holdout_days": [DayCount(days=d, deliveries=n) for d, n in sorted(Counter(holdout).items())],
    }
    if len(fit) < MIN_FIT or not holdout:
        return LaneCalibration(**base, scored=0, **empty)
    band, seen = band_of(fit), band_of(holdout)
    early = sum(1 for d in holdout if d < band.earliest)
    late = sum(1 for d in holdout if d > band.latest)
    inside = len(holdout) - early - late
    return LaneCalibration(
        **base,
        scored=len(holdout),
        earliest_days=band.earliest,
        likely_days=band.likely,
        latest_days=band.latest,
        inside=_share(inside, len(holdout)),
        early=_share(early, len(holdout)),
        late=_share(late, len(holdout)),
        window_width_days=band.width,
        empirical_p5_days=seen.earliest,
        empirical_p95_days=seen.latest,
        empirical_width_days=seen.width,
        meets_goal=inside >= GOAL_INSIDE * len(holdout) and band.width <= seen.width + GOAL_EXTRA_WIDTH_DAYS,
    )


def _delivered(
    session: Session, *, carrier: str | None, service: str | None, destination: str | None
) -> Iterable[Any]:
    t = TransitRecord
    lane = (col(t.carrier), col(t.service_code), col(t.origin_country), col(t.destination_country))
    where = [col(t.outcome) == "delivered", col(t.transit_days).is_not(None)]
    for column, value in (
        (t.carrier, carrier),
        (t.service_code, service),
        (t.destination_country, destination),
    ):
        if value is not None:
            where.append(col(column) == value)
    return session.connection().execute(
        sa_select(*lane, col(t.transit_days))
        .where(*where)
        .order_by(*lane, col(t.handed_over_at), col(t.record_id))
    )


def _lane_of(row: Any) -> tuple[str, str, str, str]:
    return (row[0], row[1], row[2], row[3])


def window_calibration(
    session: Session,
    *,
    carrier: str | None = None,
    service: str | None = None,
    destination: str | None = None,
) -> WindowCalibration:
    """The calibration report of every lane with delivered history, filtered by carrier, service and
    destination country (see the module)."""
    rows = _delivered(session, carrier=carrier, service=service, destination=destination)
    lanes = [
        calibrate_lane(lane, [r[4] for r in group])
        for lane, group in groupby(rows, key=lambda r: tuple(r[:4]))
    ]
    scored = sum(lane.scored for lane in lanes)
    inside = sum(round((lane.inside or 0) * lane.scored) for lane in lanes)
    return WindowCalibration(
        holdout_share=float(HOLDOUT),
        goal_inside=GOAL_INSIDE,
        goal_extra_width_days=GOAL_EXTRA_WIDTH_DAYS,
        min_fit=MIN_FIT,
        lanes=len(lanes),
        lanes_meeting_goal=sum(1 for lane in lanes if lane.meets_goal),
        scored=scored,
        inside=_share(inside, scored) if scored else None,
        data=lanes,
    )
