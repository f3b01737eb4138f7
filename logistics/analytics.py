"""Return analytics: units sold and returned per category, SKU or merchant, flagged above a threshold."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Literal

from sqlmodel import Session, col, select

from core.auth import Principal
from core.config import get_settings
from logistics.models import Order, OrderLine, Return, ReturnLine
from logistics.orders_models import ReturnAnalytics, ReturnRateRow

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
