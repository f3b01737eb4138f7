"""Analytics: returns (units sold and returned per category, SKU or merchant, flagged above a threshold) and
the calibration of the delivery windows learned from the transit history.

The calibration is time-ordered, lane by lane (carrier, service, origin country, destination country): the
window (`logistics.windows.band_of`, p5 to p95 of transit days) is fitted on the older `1 - HOLDOUT` of the
lane's deliveries by hand-over time and scored on the newest `HOLDOUT`, the way it would have served them.
The goal: at least `GOAL_INSIDE` of them inside the window, and a window no wider than the holdout's own
p5-p95 plus `GOAL_EXTRA_WIDTH_DAYS`. Beside it, each lane says how the holdout fared against the window a
quote gives today from the same older deliveries (`quoted_*`: the learned transit profile's p10 to p90, by
`logistics.windows.window_of`), which is narrower by design.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import groupby
from typing import Any, Literal

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from carriers.transit import WINDOW as TRANSIT_WINDOW
from carriers.transit import LegSample
from carriers.transit import estimate as transit_estimate
from core.auth import Principal
from core.clock import as_utc
from core.config import get_settings
from logistics.models import TransitRecord
from logistics.orders.models import Order, OrderLine, Return, ReturnLine
from logistics.orders.schemas import ReturnAnalytics, ReturnRateRow
from logistics.schemas import DayCount, LaneCalibration, WindowCalibration
from logistics.windows import band_of, window_of

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


_UNSCORED = (
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
    "quoted_inside",
    "quoted_early",
    "quoted_late",
)


def _quoted_shares(
    fit: Sequence[int], holdout: Sequence[tuple[date, int]], *, origin: str, destination: str
) -> tuple[float, float, float]:
    """How the holdout fared against the window a quote gives from the same older deliveries: the lane's
    learned transit profile (`carriers.transit.estimate`, p10 to p90) through `window_of`, from the
    hand-over day, as a quote shipping that day would."""
    profile = transit_estimate(None, [LegSample(d, 0, 0) for d in fit[-TRANSIT_WINDOW:]])
    if profile is None:  # pragma: no cover - MIN_FIT deliveries always make a profile
        raise ValueError("no learned profile")
    early = late = 0
    for handed, days in holdout:
        window = window_of(
            handed, handed, profile, destination_country=destination, cross_border=origin != destination
        )
        arrived = handed + timedelta(days=days)
        early += arrived < window.earliest
        late += arrived > window.latest
    n = len(holdout)
    return _share(n - early - late, n), _share(early, n), _share(late, n)


def calibrate_lane(
    lane: tuple[str, str, str, str], deliveries: Sequence[tuple[date, int]]
) -> LaneCalibration:
    """Fit the window on the older deliveries ((hand-over day, transit days), in hand-over order) and score
    it on the newest."""
    carrier, service, origin, destination = lane
    cut = len(deliveries) - int(HOLDOUT * len(deliveries))
    fit = [days for _, days in deliveries[:cut]]
    holdout = [days for _, days in deliveries[cut:]]
    base = {
        "carrier": carrier,
        "service": service,
        "origin_country": origin,
        "destination_country": destination,
        "deliveries": len(deliveries),
        "fitted_on": len(fit),
        "holdout_days": [DayCount(days=d, deliveries=n) for d, n in sorted(Counter(holdout).items())],
    }
    if len(fit) < MIN_FIT or not holdout:
        return LaneCalibration(**base, scored=0, **dict.fromkeys(_UNSCORED))
    band, seen = band_of(fit), band_of(holdout)
    early = sum(1 for d in holdout if d < band.earliest)
    late = sum(1 for d in holdout if d > band.latest)
    inside = len(holdout) - early - late
    quoted = _quoted_shares(fit, deliveries[cut:], origin=origin, destination=destination)
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
        quoted_inside=quoted[0],
        quoted_early=quoted[1],
        quoted_late=quoted[2],
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
        sa_select(*lane, col(t.handed_over_at), col(t.transit_days))
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
        calibrate_lane(lane, [(as_utc(r[4]).date(), r[5]) for r in group])
        for lane, group in groupby(rows, key=_lane_of)
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
