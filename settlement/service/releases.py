"""Deliveries and releases: pending money becomes available after the hold, reserves after the return
window. An order's affiliate commission (what refunds left of it) becomes the creator's available balance
when the order's money is released, in the same transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, text
from sqlmodel import Session, col, select

from compliance.evaluation import payout_holds, record_decision
from core.bulk import collections_paused
from core.calendar import business_days_after
from core.clock import utc_now
from core.errors import InvalidInput
from core.ids import new_id
from core.models import Merchant
from settlement import ledger
from settlement.errors import OrderNotRecorded
from settlement.ledger import AccountKey, Posting, creator_account, merchant_account
from settlement.models import (
    AccountKind,
    OrderStatus,
    PayoutSettings,
)
from settlement.service.common import (
    Policies,
    check_id,
)


@dataclass(frozen=True, slots=True)
class Delivery:
    order_id: str
    delivered_at: datetime
    available_on: date
    reserve_release_on: date
    hold_reasons: tuple[str, ...]
    released: bool


@dataclass(slots=True)
class Released:
    orders: int = 0
    reserves: int = 0
    transactions: int = 0
    entries: int = 0


class _Holds:
    """Availability days per merchant: the hold in business days in the merchant's country, plus
    compliance."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._merchants: dict[str, tuple[str, str, int | None]] = {}
        self._memo: dict[tuple[str, str, int | None, date], tuple[date, tuple[str, ...], int]] = {}

    def load(self, merchant_ids: Sequence[str]) -> None:
        missing = sorted(set(merchant_ids) - set(self._merchants))
        for chunk in ledger._chunks(missing):
            stmt = (
                select(
                    col(Merchant.id),
                    col(Merchant.country),
                    col(Merchant.trader_verification),
                    col(PayoutSettings.hold_business_days),
                )
                .outerjoin(
                    PayoutSettings,
                    and_(
                        col(PayoutSettings.payee_type) == "merchant",
                        col(PayoutSettings.payee_id) == col(Merchant.id),
                    ),
                )
                .where(col(Merchant.id).in_(chunk))
            )
            for mid, country, verification, hold in self._session.execute(stmt):
                self._merchants[mid] = (country, verification, hold)

    def available_on(
        self, merchant_id: str, delivered: date, default_hold: int
    ) -> tuple[date, tuple[str, ...], int]:
        country, verification, hold = self._merchants[merchant_id]
        key = (country, verification, hold, delivered)
        hit = self._memo.get(key)
        if hit is None:
            days = default_hold if hold is None else hold
            ph = payout_holds(merchant_country=country, trader_verification=verification, on=delivered)
            on = business_days_after(delivered, days, country) + timedelta(days=ph.extra_days)
            hit = (on, ph.reasons if ph.extra_days else (), ph.extra_days)
            self._memo[key] = hit
            if ph.extra_days:
                record_decision(
                    self._session,
                    context="settlement.availability",
                    subject_id=merchant_id,
                    topic="payout_holds",
                    country=country,
                    input={"merchant_country": country, "trader_verification": verification},
                    outcome={"extra_days": ph.extra_days, "held": ph.held, "reasons": list(ph.reasons)},
                    rules=ph.rules,
                )
        return hit


DELIVERY_COLUMNS = (
    "order_id",
    "merchant_id",
    "status",
    "delivered_at",
    "available_on",
    "reserve_release_on",
    "settlement_currency",
    "pending_minor",
    "reserve_planned_minor",
    "affiliate_id",
    "affiliate_minor",
    "affiliate_clawed_minor",
)
"""What a delivery reads of its order (locked)."""


@collections_paused
def record_deliveries(
    session: Session, *, deliveries: Sequence[tuple[str, datetime | None]], release: bool = True
) -> list[Delivery]:
    """Record many deliveries `(order_id, delivered_at)`; orders already delivered are returned unchanged."""
    now = utc_now()
    wanted = list(dict.fromkeys(oid for oid, _ in deliveries))
    when = {oid: (at or now) for oid, at in deliveries}
    for oid, at in when.items():
        if at.tzinfo is None:
            raise InvalidInput.for_field("delivered_at", "must be timezone-aware")
        check_id(oid, "order_id")
    # plain columns, not ORM objects: imports deliver hundreds of thousands of orders at once
    orders: dict[str, tuple[Any, ...]] = {
        row[0]: tuple(row[1:])
        for row in ledger.keyed_rows(
            session,
            "settlement_orders",
            "order_id",
            DELIVERY_COLUMNS,
            wanted,
            lock=True,
        )
    }
    missing = [oid for oid in wanted if oid not in orders]
    if missing:
        raise OrderNotRecorded(f"settlement has no order {missing[0]}")
    policies = Policies(session)
    holds = _Holds(session)
    holds.load([o[0] for o in orders.values()])
    results: list[Delivery] = []
    updates: list[tuple[Any, ...]] = []
    due: list[tuple[Any, ...]] = []
    due_dates: list[tuple[Any, ...]] = []
    today = now.date()
    for oid in wanted:
        mid, status, delivered_at, available_on, release_on, cur, pending, planned, aff, earned, clawed = (
            orders[oid]
        )
        if status != OrderStatus.paid.value:
            results.append(
                Delivery(
                    oid, delivered_at, available_on, release_on, (), status == OrderStatus.available.value
                )
            )
            continue
        at = when[oid]
        body = policies.on(at).body
        available_on, reasons, _ = holds.available_on(mid, at.date(), body.hold_business_days)
        release_on = max(at.date() + timedelta(days=body.return_window_days), available_on)
        if release and available_on <= today:
            due.append((oid, mid, cur, pending, planned, aff, earned - clawed))
            due_dates.append((at, available_on, release_on))
        else:
            updates.append((oid, OrderStatus.delivered.value, at, available_on, release_on))
        results.append(
            Delivery(oid, at, available_on, release_on, reasons, available_on <= today and release)
        )
    ledger.update_rows(
        session,
        "settlement_orders",
        "order_id",
        ("status", "delivered_at", "available_on", "reserve_release_on"),
        updates,
    )
    if due:  # already payable: delivered and released in one step
        _post_releases(session, now, due, due_dates, Released())
        ended = [d[0] for d, dates in zip(due, due_dates, strict=True) if dates[2] <= today]
        for chunk in ledger._chunks(ended):  # delivered so long ago that the return window is over too
            _release_reserves(session, now, chunk, len(chunk), Released())
    return results


def record_delivery(session: Session, *, order_id: str, delivered_at: datetime | None = None) -> Delivery:
    """Record a delivery (see the module docstring)."""
    return record_deliveries(session, deliveries=[(order_id, delivered_at)])[0]


@collections_paused
def release_due(
    session: Session,
    *,
    as_of: datetime | None = None,
    order_ids: Sequence[str] | None = None,
    batch: int = 250_000,
) -> Released:
    """Release what is due on `as_of` (now): delivered orders' funds, then ended reserves.

    Each pass of up to `batch` orders posts one transaction per merchant and currency, and every pass runs in
    the caller's transaction: larger passes mean fewer postings and account updates for the same money
    (250,000 orders hold about 60 MB in memory)."""
    at = as_of or utc_now()
    out = Released()
    if order_ids is not None:
        for chunk in ledger._chunks(list(order_ids)):
            _release_pending(session, at, chunk, len(chunk), out)
            _release_reserves(session, at, chunk, len(chunk), out)
        return out
    while _release_pending(session, at, None, batch, out) == batch:
        pass
    while _release_reserves(session, at, None, batch, out) == batch:
        pass
    return out


def _due_rows(
    session: Session, sql: str, params: dict[str, Any], order_ids: Sequence[str] | None, *, due: str
) -> list[Any]:
    """The due rows, locked (skipping rows another worker holds). A pass over every order takes them in the
    order of `due`, the column its partial index is on: reading a batch costs the batch, not a sort of every
    due order (which made a large release quadratic)."""
    pg = ledger.dialect(session) == "postgresql"
    if order_ids is not None:
        names = {f"o{i}": oid for i, oid in enumerate(order_ids)}
        sql = sql.replace("/*ids*/", f"AND order_id IN ({', '.join(':' + k for k in names)})")
        params = {**params, **names}
        sql += " ORDER BY order_id"
    else:
        sql = sql.replace("/*ids*/", "") + f" ORDER BY {due}"
    sql += " LIMIT :lim"
    if pg:
        sql += " FOR UPDATE SKIP LOCKED"
    return list(session.execute(text(sql), params).all())


def _release_pending(
    session: Session, at: datetime, order_ids: Sequence[str] | None, batch: int, out: Released
) -> int:
    rows = _due_rows(
        session,
        "SELECT order_id, merchant_id, settlement_currency, pending_minor, reserve_planned_minor,"
        " affiliate_id, affiliate_minor - affiliate_clawed_minor"
        " FROM settlement_orders WHERE status = 'delivered' AND available_on <= :day /*ids*/",
        {"day": ledger.day_param(session, at.date()), "lim": batch},
        order_ids,
        due="available_on",
    )
    if not rows:
        return 0
    _post_releases(session, at, [tuple(r) for r in rows], (), out)
    return len(rows)


def _post_releases(
    session: Session,
    at: datetime,
    rows: Sequence[tuple[Any, ...]],
    delivered: Sequence[tuple[Any, ...]],
    out: Released,
) -> None:
    """Release orders `(order_id, merchant_id, currency, pending, reserve_planned, affiliate_id,
    affiliate_left)`: pending -> available less the reserve -> reserved, and the affiliate's commission left
    from the creator's pending to its available balance; one transaction per merchant and currency.
    `delivered` gives, for orders being delivered in the same step, `(delivered_at, available_on,
    reserve_release_on)` in the same order."""
    token = new_id("rel")
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    creators: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_order: list[tuple[str, str, str, int, int]] = []
    for oid, mid, cur, pending, planned, affiliate, affiliate_left in rows:
        reserve = 0 if pending <= 0 else min(planned, pending)
        released = pending - reserve
        g = groups[(mid, cur)]
        g[0] += pending
        g[1] += released
        g[2] += reserve
        g[3] += 1
        if affiliate is not None and affiliate_left:
            creators[(mid, cur)][affiliate] += affiliate_left
        per_order.append((oid, mid, cur, released, reserve))
    postings = [
        Posting(
            key=f"release:{token}:{mid}:{cur}",
            kind="release",
            reference=token,
            occurred_at=at,
            lines=[
                (merchant_account(mid, AccountKind.pending, cur), -g[0]),
                (merchant_account(mid, AccountKind.available, cur), g[1]),
                (merchant_account(mid, AccountKind.reserved, cur), g[2]),
                *_commission_lines(creators[(mid, cur)], cur),
            ],
            details={"orders": g[3]},
        )
        for (mid, cur), g in groups.items()
        if g[0] or g[1] or g[2] or creators[(mid, cur)]
    ]
    posted = ledger.post_many(session, postings, unseen=True)  # keys of a token just minted
    columns: tuple[str, ...] = (
        "status",
        "pending_minor",
        "released_minor",
        "reserve_minor",
        "reserve_released",
        "release_txn_id",
    )
    updates = [
        (
            oid,
            OrderStatus.available.value,
            0,
            released,
            reserve,
            reserve == 0,
            posted.ids.get(f"release:{token}:{mid}:{cur}"),
        )
        for oid, mid, cur, released, reserve in per_order
    ]
    if delivered:
        columns = (*columns, "delivered_at", "available_on", "reserve_release_on")
        updates = [(*u, *d) for u, d in zip(updates, delivered, strict=True)]
    ledger.update_rows(session, "settlement_orders", "order_id", columns, updates)
    out.orders += len(rows)
    out.transactions += len(posted.new)
    out.entries += posted.entries


def _commission_lines(amounts: dict[str, int], currency: str) -> list[tuple[AccountKey, int]]:
    """Creators' commission released with the orders' money: pending -> available, per creator."""
    lines: list[tuple[AccountKey, int]] = []
    for creator, amount in sorted(amounts.items()):
        lines.append((creator_account(creator, AccountKind.pending, currency), -amount))
        lines.append((creator_account(creator, AccountKind.available, currency), amount))
    return lines


def _release_reserves(
    session: Session, at: datetime, order_ids: Sequence[str] | None, batch: int, out: Released
) -> int:
    rows = _due_rows(
        session,
        "SELECT order_id, merchant_id, settlement_currency, reserve_minor FROM settlement_orders"
        " WHERE status = 'available' AND reserve_released = :no AND reserve_release_on <= :day /*ids*/",
        {"day": ledger.day_param(session, at.date()), "lim": batch, "no": False},
        order_ids,
        due="reserve_release_on",
    )
    if not rows:
        return 0
    token = new_id("rsv")
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for _, mid, cur, reserve in rows:
        groups[(mid, cur)][0] += reserve
        groups[(mid, cur)][1] += 1
    postings = [
        Posting(
            key=f"reserve:{token}:{mid}:{cur}",
            kind="reserve_release",
            reference=token,
            occurred_at=at,
            lines=[
                (merchant_account(mid, AccountKind.reserved, cur), -g[0]),
                (merchant_account(mid, AccountKind.available, cur), g[0]),
            ],
            details={"orders": g[1]},
        )
        for (mid, cur), g in groups.items()
        if g[0]
    ]
    posted = ledger.post_many(session, postings, unseen=True)  # keys of a token just minted
    ledger.update_rows(
        session,
        "settlement_orders",
        "order_id",
        ("reserve_released", "reserve_txn_id"),
        [(oid, True, posted.ids.get(f"reserve:{token}:{mid}:{cur}")) for oid, mid, cur, _ in rows],
    )
    out.reserves += len(rows)
    out.transactions += len(posted.new)
    out.entries += posted.entries
    return len(rows)
