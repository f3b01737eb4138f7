"""Reserves that follow return rates: a merchant's own rolling return rate per category, and the flag that
raises the return reserve on that category's new sales.

The rate is computed from settlement's own rows (`settlement_orders`): of the merchant's orders in the
category paid in the last `return_rate_window_days`, the goods value refunded so far over the goods value
sold, both in the merchant's settlement currency (orders settled in another currency, before a change of
settlement currency, are left out: their amounts do not add up with the others). Value rather than a count
of orders with a refund, because the reserve is a share of value and covers value: a partial refund counts
for what it gave back, a refunded 500.00 order weighs more than a refunded 5.00 one. The count of orders
with a refund is shown beside it.

The window is a cohort (orders paid in it, with whatever has been refunded of them since), so the rate is
never above 100% and falls when new orders come in without refunds; its youngest orders have not had their
return window yet, which `return_rate_min_orders` and the window's length soften. The rate is taken when a
sale is recorded (not at its `paid_at`): a backfill of old sales takes today's rates.

A category is flagged when the window holds at least `return_rate_min_orders` orders and the rate is above
`return_rate_flag_bps`. A flagged category's new sales hold `flagged_reserve_bps` (see
`settlement.policy.reserve_bps`) and record the reason in the sale's ledger transaction (`details`:
`reserve_reason`, `return_rate_bps`, `reserve_bps`), which payout lines read back. When the rate falls back,
new sales hold the category's reserve again; reserves already held keep their schedule.

    return_flags(session, *, merchants, body=None, now=None) -> {merchant_id: {category: ReturnFlag}}
        The flagged categories of many merchants (merchant id -> settlement currency), for a batch of
        sales: the merchants with any refund, then one grouped query over their orders in the window.

    return_rates(session, *, merchant_id, now=None) -> ReturnRates
        Every category the merchant sold in the window: orders, with a refund, sold, refunded, the rate,
        whether it is flagged and the reserve new sales hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, ROUND_UP, Decimal

from sqlalchemy import Text, case, cast, func, select, text
from sqlalchemy.dialects import postgresql
from sqlmodel import Session, col

from core.clock import utc_now
from core.merchants import get_merchant
from settlement import ledger
from settlement.models import SettlementOrder, SettlementRefund
from settlement.policy import BPS, PolicyBody, policy_on, ratio_of, reserve_bps


@dataclass(frozen=True, slots=True)
class CategoryReturns:
    """One merchant's orders of one category paid in the window, in its settlement currency."""

    category: str
    currency: str
    orders: int
    returned: int
    """Orders with at least one refund."""
    sold_minor: int
    """Goods sold (settlement currency minor units)."""
    refunded_minor: int
    """Goods refunded so far of those orders."""

    @property
    def rate_bps(self) -> int:
        """The return rate in basis points, rounded half-even."""
        return ratio_of(self.refunded_minor, BPS, self.sold_minor) if self.sold_minor > 0 else 0

    @property
    def rate(self) -> Decimal:
        """The return rate as an exact fraction, to four places (half-even)."""
        if self.sold_minor <= 0:
            return Decimal("0.0000")
        return (Decimal(self.refunded_minor) / Decimal(self.sold_minor)).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_EVEN
        )

    def flagged(self, body: PolicyBody) -> bool:
        """Enough orders to mean something, and more than the flag returned (exactly: no rounding)."""
        return (
            self.orders >= body.return_rate_min_orders
            and self.sold_minor > 0
            and self.refunded_minor * BPS > body.return_rate_flag_bps * self.sold_minor
        )

    def reason(self, body: PolicyBody) -> str:
        """Why a flagged category's reserve is raised: `return rate 18.2% in apparel over 90 days, above
        15%`."""
        return (
            f"return rate {_percent(self.refunded_minor, self.sold_minor, body.return_rate_flag_bps)}"
            f" in {self.category} over {body.return_rate_window_days} days,"
            f" above {_bps_percent(body.return_rate_flag_bps)}"
        )


@dataclass(frozen=True, slots=True)
class ReturnFlag:
    """A flagged category of a merchant: what raised its new sales' reserve."""

    returns: CategoryReturns
    reason: str


@dataclass(frozen=True, slots=True)
class ReturnRate:
    returns: CategoryReturns
    flagged: bool
    reserve_bps: int
    """The reserve new sales of the category hold now (basis points of their net)."""
    reason: str | None


@dataclass(frozen=True, slots=True)
class ReturnRates:
    merchant_id: str
    currency: str
    since: datetime
    window_days: int
    flag_bps: int
    min_orders: int
    data: list[ReturnRate]


def _bps_percent(bps: int) -> str:
    return f"{(Decimal(bps) / 100).normalize():f}%"


def _percent(num: int, den: int, flag_bps: int) -> str:
    """num / den as a percentage to one decimal; to two (rounded up) when one decimal would read as the flag
    itself (15.04% is above 15%, "15.0%" would not say so)."""
    exact = Decimal(num) * 100 / Decimal(den)
    shown = exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
    if shown * 100 <= flag_bps < exact * 100:
        shown = exact.quantize(Decimal("0.01"), rounding=ROUND_UP)
    return f"{shown}%"


def window_start(body: PolicyBody, now: datetime) -> datetime:
    return now - timedelta(days=body.return_rate_window_days)


_FEW = 50


def category_returns(
    session: Session, *, merchants: Mapping[str, str], since: datetime
) -> dict[str, dict[str, CategoryReturns]]:
    """Per merchant (id -> settlement currency) and category: its orders paid since `since` in its
    settlement currency. One grouped query per chunk of merchants; on PostgreSQL, a batch's many merchants
    in one query (their ids and currencies as two array parameters, joined): a prepared statement's generic
    plan would test each order against a long `IN` list of parameters one by one."""
    out: dict[str, dict[str, CategoryReturns]] = {}
    o = SettlementOrder
    stats = (
        col(o.merchant_id),
        col(o.settlement_currency),
        col(o.category),
        func.count(),
        func.sum(case((col(o.refunded_minor) > 0, 1), else_=0)),
        func.sum(col(o.gross_settle_minor)),
        func.sum(col(o.refunded_settle_minor)),
    )
    group = (col(o.merchant_id), col(o.settlement_currency), col(o.category))
    statements = []
    if ledger.dialect(session) == "postgresql" and len(merchants) > _FEW:
        ids = sorted(merchants)
        wanted = (
            func.unnest(
                cast(ids, postgresql.ARRAY(Text)), cast([merchants[m] for m in ids], postgresql.ARRAY(Text))
            )
            .table_valued("id", "cur")
            .render_derived(name="wanted")
        )
        statements.append(
            select(*stats)
            .join(wanted, (wanted.c.id == col(o.merchant_id)) & (wanted.c.cur == col(o.settlement_currency)))
            .where(col(o.paid_at) >= since)
            .group_by(*group)
        )
    else:
        for chunk in ledger.chunks(sorted(merchants)):
            statements.append(
                select(*stats).where(col(o.merchant_id).in_(chunk), col(o.paid_at) >= since).group_by(*group)
            )
    for stmt in statements:
        for mid, cur, category, orders, returned, sold, refunded in session.execute(stmt):
            if cur != merchants[mid]:
                continue
            out.setdefault(mid, {})[category] = CategoryReturns(
                category, cur, int(orders), int(returned or 0), int(sold or 0), int(refunded or 0)
            )
    return out


def _with_refunds(session: Session, merchants: Mapping[str, str]) -> dict[str, str]:
    """The merchants of `merchants` with any refund recorded: only their categories can be flagged (a
    category is flagged only when more than `return_rate_flag_bps` >= 0 of its goods was refunded)."""
    ids = sorted(merchants)
    if ledger.dialect(session) == "postgresql":  # an index probe per merchant, however many refunds
        sql = (
            "SELECT k.id FROM unnest(CAST(:ids AS text[])) AS k(id) WHERE EXISTS"
            " (SELECT 1 FROM settlement_refunds r WHERE r.merchant_id = k.id)"
        )
        found = set(session.execute(text(sql), {"ids": ids}).scalars())
    else:
        found = set()
        for chunk in ledger.chunks(ids):
            stmt = select(col(SettlementRefund.merchant_id)).where(
                col(SettlementRefund.merchant_id).in_(chunk)
            )
            found.update(session.execute(stmt.distinct()).scalars())
    return {m: merchants[m] for m in ids if m in found}


def return_flags(
    session: Session,
    *,
    merchants: Mapping[str, str],
    body: PolicyBody | None = None,
    now: datetime | None = None,
) -> dict[str, dict[str, ReturnFlag]]:
    """The flagged categories of these merchants (id -> settlement currency) under `body` (default: the
    policy in force `now`): what `record_sales` passes to each sale."""
    if not merchants:
        return {}
    at = now or utc_now()
    body = body or policy_on(session, at).body
    merchants = _with_refunds(session, merchants)
    if not merchants:
        return {}
    stats = category_returns(session, merchants=merchants, since=window_start(body, at))
    return {
        mid: {c: ReturnFlag(r, r.reason(body)) for c, r in cats.items() if r.flagged(body)}
        for mid, cats in stats.items()
    }


def return_rates(session: Session, *, merchant_id: str, now: datetime | None = None) -> ReturnRates:
    """The merchant's return rate in every category it sold in the window, highest first, and the reserve
    its new sales there hold."""
    at = now or utc_now()
    body = policy_on(session, at).body
    settle = get_merchant(session, merchant_id=merchant_id).settlement_currency
    since = window_start(body, at)
    cats = category_returns(session, merchants={merchant_id: settle}, since=since).get(merchant_id, {})
    rows = []
    for category, r in cats.items():
        flagged = r.flagged(body)
        policy = body.categories.get(category) or body.categories[body.default_category]
        rows.append(
            ReturnRate(
                returns=r,
                flagged=flagged,
                reserve_bps=reserve_bps(body, policy, return_rate_flagged=flagged),
                reason=r.reason(body) if flagged else None,
            )
        )
    rows.sort(key=lambda x: (-x.returns.rate_bps, x.returns.category))
    return ReturnRates(
        merchant_id=merchant_id,
        currency=settle,
        since=since,
        window_days=body.return_rate_window_days,
        flag_bps=body.return_rate_flag_bps,
        min_orders=body.return_rate_min_orders,
        data=rows,
    )


def sale_details(flag: ReturnFlag | None, reserve: int) -> dict[str, object] | None:
    """What a sale's ledger transaction records of a raised reserve (None: the category's own reserve)."""
    if flag is None:
        return None
    return {
        "reserve_reason": flag.reason,
        "return_rate_bps": flag.returns.rate_bps,
        "reserve_bps": reserve,
    }


def reserve_reason(details: Mapping[str, object] | None) -> str | None:
    """The reason a sale's ledger transaction `details` give for its raised reserve, if any."""
    if not details:
        return None
    reason = details.get("reserve_reason")
    return reason if isinstance(reason, str) else None
