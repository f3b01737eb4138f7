"""Deliveries and releases: pending money becomes available after the hold, reserves after the return
window. An order's affiliate commission (what refunds left of it) becomes the creator's available balance
when the order's money is released, in the same transaction."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from compliance.evaluation import payout_holds, record_decision
from core.bulk import collections_paused
from core.calendar import business_days_after
from core.clock import utc_now
from core.errors import InvalidInput
from core.ids import new_id
from settlement import ledger
from settlement.errors import OrderNotRecorded
from settlement.ledger import AccountKey, Posting, creator_account, merchant_account
from settlement.models import (
    AccountKind,
    DueStep,
    OrderStatus,
)
from settlement.service import release_statements as statements
from settlement.service.common import (
    Policies,
    check_id,
)
from settlement.service.release_statements import DeliveryDays, Group


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
        if not missing:
            return
        pg = ledger.dialect(self._session) == "postgresql"
        for chunk in [missing] if pg else ledger.chunks(missing):
            if pg:
                array, value = ledger.text_array("ids", chunk)
                where, params = f"m.id = ANY({array})", {"ids": value}
            else:
                params = {f"m{i}": mid for i, mid in enumerate(chunk)}
                where = f"m.id IN ({', '.join(':' + k for k in params)})"
            rows = self._session.execute(
                text(
                    "SELECT m.id, m.country, m.trader_verification, s.hold_business_days FROM merchants m"
                    " LEFT JOIN payout_settings s ON s.payee_type = 'merchant' AND s.payee_id = m.id"
                    f" WHERE {where}"
                ),
                params,
            )
            for mid, country, verification, hold in rows:
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
"""What a delivery reads of its order (SQLite, locked by the database's write lock)."""


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
    if ledger.dialect(session) == "postgresql":
        return _deliver_in_place(session, now, wanted, when, release)
    return _deliver_rows(session, now, wanted, when, release)


def record_delivery(session: Session, *, order_id: str, delivered_at: datetime | None = None) -> Delivery:
    """Record a delivery (see the module docstring)."""
    return record_deliveries(session, deliveries=[(order_id, delivered_at)])[0]


class _DeliveryPlan:
    """PostgreSQL: what each paid order's delivery sets, computed per merchant and delivery time (hold,
    compliance, calendar), and the release group (merchant and currency) of the orders released at once."""

    def __init__(self, session: Session, now: datetime, release: bool, merchants: Sequence[str]) -> None:
        self._policies = Policies(session)
        self._holds = _Holds(session)
        self._holds.load(merchants)
        self._today = now.date()
        self._release = release
        self._memo: dict[tuple[str, datetime], tuple[int, date, date, tuple[str, ...], bool]] = {}
        self._days_index: dict[tuple[datetime, date, date], int] = {}
        self.days = DeliveryDays()
        self.groups: dict[tuple[str, str], int] = {}
        """(merchant, currency) -> 1-based group number, for the orders released now."""
        self.orders: list[tuple[str, int, int]] = []
        """(order_id, days index, group number or 0)."""
        self.ended: list[str] = []
        """Orders released now whose return window is over too."""

    def _days(self, merchant_id: str, at: datetime) -> tuple[int, date, date, tuple[str, ...], bool]:
        """What a delivery of the merchant's order at `at` sets: (days index, available_on,
        reserve_release_on, hold reasons, released now)."""
        hit = self._memo.get((merchant_id, at))
        if hit is None:
            body = self._policies.on(at).body
            hold = body.hold_business_days
            available_on, reasons, _ = self._holds.available_on(merchant_id, at.date(), hold)
            release_on = max(at.date() + timedelta(days=body.return_window_days), available_on)
            days = (at, available_on, release_on)
            index = self._days_index.get(days)
            if index is None:
                index = self._days_index[days] = len(self._days_index)
                self.days.delivered_at.append(at)
                self.days.available_on.append(available_on)
                self.days.reserve_release_on.append(release_on)
            now_ = self._release and available_on <= self._today
            hit = self._memo[(merchant_id, at)] = (index, available_on, release_on, reasons, now_)
        return hit

    def add(
        self, merchant_id: str, currency: str, order_ids: Sequence[str], when: dict[str, datetime]
    ) -> list[Delivery]:
        """The deliveries of a merchant's paid orders in one currency, each at `when[order_id]`."""
        out: list[Delivery] = []
        last: datetime | None = None
        hit: tuple[int, date, date, tuple[str, ...], bool] | None = None
        group = 0
        for order_id in order_ids:
            at = when[order_id]
            if hit is None or at != last:
                hit, last = self._days(merchant_id, at), at
            index, available_on, release_on, reasons, released = hit
            if released:
                if not group:
                    group = self.groups.setdefault((merchant_id, currency), len(self.groups) + 1)
                if release_on <= self._today:
                    self.ended.append(order_id)
                self.orders.append((order_id, index, group))
            else:
                self.orders.append((order_id, index, 0))
            out.append(Delivery(order_id, at, available_on, release_on, reasons, released))
        return out


def _deliver_in_place(
    session: Session, now: datetime, wanted: list[str], when: dict[str, datetime], release: bool
) -> list[Delivery]:
    """PostgreSQL: read each order's merchant, currency and status (no lock), compute the days per merchant,
    then deliver (and release) the orders still paid in one statement (`release_statements.deliver`)."""
    paid, other = statements.paid_orders(session, wanted)
    found = set(other).union(*paid.values())
    if len(found) < len(wanted):
        raise OrderNotRecorded(f"settlement has no order {next(o for o in wanted if o not in found)}")
    plan = _DeliveryPlan(session, now, release, [mid for mid, _ in paid])
    results: dict[str, Delivery] = {}
    for (mid, cur), ids in paid.items():
        results.update(zip(ids, plan.add(mid, cur, ids, when), strict=True))
    txn_ids = ledger.reserve_ids(session, len(plan.groups))
    orders = [(oid, days, txn_ids[g - 1] if g else 0) for oid, days, g in plan.orders]
    groups: list[Group] = []
    if orders:
        groups, delivered = statements.deliver(session, days=plan.days, orders=orders)
        if delivered is not None:  # some were delivered meanwhile by another writer
            for oid, *_ in plan.orders:
                if oid not in delivered:
                    del results[oid]
        idle = {g.txn_id for g in groups if g.txn_id is not None and not _moves(g)}
        if idle:  # released groups that move nothing get no transaction
            statements.unlink(session, [oid for oid, _, txn in orders if txn in idle and oid in results])
    _post_release_groups(session, now, groups, Released())
    ended = [oid for oid in plan.ended if oid in results]
    if ended:  # delivered so long ago that the return window is over too
        _release_reserves(session, now, ended, len(ended), Released())
    stored = [oid for oid in wanted if oid not in results]
    for oid, status, delivered_at, available_on, release_on in ledger.keyed_rows(
        session,
        "settlement_orders",
        "order_id",
        ("order_id", "status", "delivered_at", "available_on", "reserve_release_on"),
        stored,
    ):
        released = status == OrderStatus.available.value
        results[oid] = Delivery(oid, delivered_at, available_on, release_on, (), released)
    return [results[oid] for oid in wanted]


def _deliver_rows(
    session: Session, now: datetime, wanted: list[str], when: dict[str, datetime], release: bool
) -> list[Delivery]:
    """SQLite: read the orders, compute each delivery and write the rows back."""
    # plain columns, not ORM objects: imports deliver hundreds of thousands of orders at once
    orders: dict[str, tuple[Any, ...]] = {
        row[0]: tuple(row[1:])
        for row in ledger.keyed_rows(session, "settlement_orders", "order_id", DELIVERY_COLUMNS, wanted)
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
            due.append((oid, mid, cur, pending, planned, aff, earned - clawed, release_on))
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
    _queue(session, [(u[0], DueStep.release.value, u[3]) for u in updates])
    if due:  # already payable: delivered and released in one step
        _post_releases(session, now, due, due_dates, Released())
        ended = [d[0] for d, dates in zip(due, due_dates, strict=True) if dates[2] <= today]
        for chunk in ledger.chunks(ended):  # delivered so long ago that the return window is over too
            _release_reserves(session, now, chunk, len(chunk), Released())
    return results


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
    (250,000 orders hold about 60 MB in memory on SQLite; PostgreSQL keeps a pass's orders in the
    database)."""
    at = as_of or utc_now()
    out = Released()
    if order_ids is not None:
        ids = list(order_ids)
        chunks = [ids] if ledger.dialect(session) == "postgresql" else ledger.chunks(ids)
        for chunk in chunks:
            _release_pending(session, at, chunk, len(chunk), out)
            _release_reserves(session, at, chunk, len(chunk), out)
        return out
    while _release_pending(session, at, None, batch, out) == batch:
        pass
    while _release_reserves(session, at, None, batch, out) == batch:
        pass
    return out


def _due_rows(
    session: Session, select_from: str, due: str, day: date, order_ids: Sequence[str] | None, batch: int
) -> list[Any]:
    """SQLite: the rows of `select_from` (a SELECT ... FROM ... WHERE over a queue aliased `d`) due by `day`
    (the writer lock keeps them), in the order of `due` (the date its index starts with), or those of
    `order_ids`."""
    params: dict[str, Any] = {"day": ledger.day_param(session, day), "lim": batch}
    sql = f"{select_from} AND d.{due} <= :day"
    if order_ids is not None:
        names = {f"o{i}": oid for i, oid in enumerate(order_ids)}
        sql += f" AND d.order_id IN ({', '.join(':' + k for k in names)}) ORDER BY d.order_id"
        params.update(names)
    else:
        sql += f" ORDER BY d.{due}, d.order_id"
    return list(session.execute(text(sql + " LIMIT :lim"), params).all())


def _queue(session: Session, rows: Sequence[tuple[str, str, Any]]) -> None:
    """SQLite: orders `(order_id, step, due_on)` start waiting for a step."""
    ledger.bulk_insert(
        session, "settlement_order_due", ("order_id", "step", "due_on"), [(o, s, str(d)) for o, s, d in rows]
    )


_HOLD_COLUMNS = ("release_txn_id", "release_on", "merchant_id", "currency", "amount_minor", "order_ids")


def _dequeue(session: Session, order_ids: Sequence[str]) -> None:
    """SQLite: these orders no longer wait for their release."""
    for chunk in ledger.chunks(order_ids):
        names = {f"o{i}": oid for i, oid in enumerate(chunk)}
        session.execute(
            text(f"DELETE FROM settlement_order_due WHERE order_id IN ({', '.join(':' + k for k in names)})"),
            names,
        )


def _link(session: Session, links: dict[int, list[str]]) -> None:
    """The orders each transaction released, in key order."""
    rows = [(txn, sorted(ids)) for txn, ids in links.items()]
    ledger.bulk_insert(session, "settlement_order_links", ("txn_id", "order_ids"), rows)


def _ids(value: Any) -> list[str]:
    """A JSON list of order ids as the driver gives it (parsed on PostgreSQL, text on SQLite)."""
    return json.loads(value) if isinstance(value, str) else list(value)


def _release_pending(
    session: Session, at: datetime, order_ids: Sequence[str] | None, batch: int, out: Released
) -> int:
    if ledger.dialect(session) == "postgresql":
        groups = statements.release_pending(session, day=at.date(), order_ids=order_ids, limit=batch)
        return _post_release_groups(session, at, groups, out)
    rows = _due_rows(
        session,
        "SELECT o.order_id, o.merchant_id, o.settlement_currency, o.pending_minor, o.reserve_planned_minor,"
        " o.affiliate_id, o.affiliate_minor - o.affiliate_clawed_minor, o.reserve_release_on"
        " FROM settlement_order_due d JOIN settlement_orders o ON o.order_id = d.order_id"
        " WHERE d.step = 'release'",
        "due_on",
        at.date(),
        order_ids,
        batch,
    )
    if not rows:
        return 0
    _post_releases(session, at, [tuple(r) for r in rows], (), out)
    return len(rows)


def _group_posting(
    kind: str, token: str, at: datetime, g: Group, lines: list[tuple[AccountKey, int]]
) -> Posting:
    """A group's transaction of `kind` (`release`, `reserve_release`) under the pass's `token`."""
    prefix = "release" if kind == "release" else "reserve"
    return Posting(
        key=f"{prefix}:{token}:{g.merchant_id}:{g.currency}",
        kind=kind,
        reference=token,
        occurred_at=at,
        lines=lines,
        details={"orders": g.orders},
    )


def _release_posting(token: str, at: datetime, g: Group) -> Posting:
    """A group's release: pending -> available less the reserve -> reserved, and the creators' commission
    from their pending to their available balance."""
    mid, cur = g.merchant_id, g.currency
    lines = [
        (merchant_account(mid, AccountKind.pending, cur), -g.pending),
        (merchant_account(mid, AccountKind.available, cur), g.released),
        (merchant_account(mid, AccountKind.reserved, cur), g.reserve),
        *_commission_lines(g.creators, cur),
    ]
    return _group_posting("release", token, at, g, lines)


def _moves(g: Group) -> bool:
    return bool(g.pending or g.released or g.reserve or g.creators)


def _post_release_groups(session: Session, at: datetime, groups: Sequence[Group], out: Released) -> int:
    """PostgreSQL: post the release transactions of groups whose orders link to them already (a group that
    moves nothing has no transaction). Returns the orders released."""
    token = new_id("rel")
    postings: list[Posting] = []
    txn_ids: dict[str, int] = {}
    for g in groups:
        out.orders += g.orders
        if g.txn_id is None or not _moves(g):
            continue
        posting = _release_posting(token, at, g)
        postings.append(posting)
        txn_ids[posting.key] = g.txn_id
    posted = ledger.post_many(session, postings, unseen=True, txn_ids=txn_ids)  # keys of a new token
    out.transactions += len(posted.new)
    out.entries += posted.entries
    return sum(g.orders for g in groups)


def _post_releases(
    session: Session,
    at: datetime,
    rows: Sequence[tuple[Any, ...]],
    delivered: Sequence[tuple[Any, ...]],
    out: Released,
) -> None:
    """SQLite: release orders `(order_id, merchant_id, currency, pending, reserve_planned, affiliate_id,
    affiliate_left, reserve_release_on)`: pending -> available less the reserve -> reserved, and the
    affiliate's commission left from the creator's pending to its available balance; one transaction per
    merchant and currency. `delivered` gives, for orders being delivered in the same step, `(delivered_at,
    available_on, reserve_release_on)` in the same order."""
    token = new_id("rel")
    groups: dict[tuple[str, str], Group] = {}
    per_order: list[tuple[str, str, str, int, int, Any]] = []
    for oid, mid, cur, pending, planned, affiliate, affiliate_left, release_on in rows:
        reserve = 0 if pending <= 0 else min(planned, pending)
        released = pending - reserve
        g = groups.get((mid, cur))
        if g is None:
            g = groups[(mid, cur)] = Group(None, mid, cur)
        g.pending += pending
        g.released += released
        g.reserve += reserve
        g.orders += 1
        if affiliate is not None and affiliate_left:
            g.creators[affiliate] = g.creators.get(affiliate, 0) + affiliate_left
        per_order.append((oid, mid, cur, released, reserve, release_on))
    postings = [_release_posting(token, at, g) for g in groups.values() if _moves(g)]
    posted = ledger.post_many(session, postings, unseen=True)  # keys of a token just minted
    columns: tuple[str, ...] = (
        "status",
        "pending_minor",
        "released_minor",
        "reserve_minor",
        "release_txn_id",
    )
    updates = [
        (
            oid,
            OrderStatus.available.value,
            0,
            released,
            reserve,
            posted.ids.get(f"release:{token}:{mid}:{cur}"),
        )
        for oid, mid, cur, released, reserve, _ in per_order
    ]
    if delivered:
        columns = (*columns, "delivered_at", "available_on", "reserve_release_on")
        updates = [(*u, *d) for u, d in zip(updates, delivered, strict=True)]
    ledger.update_rows(session, "settlement_orders", "order_id", columns, updates)
    links: dict[int, list[str]] = defaultdict(list)
    held: dict[tuple[int, str], list[Any]] = {}
    for (oid, mid, cur, _, reserve, release_on), u in zip(per_order, updates, strict=True):
        if u[5] is None:
            continue
        links[u[5]].append(oid)
        if reserve:  # the group's reserves, per end of their return window
            h = held.setdefault((u[5], str(release_on)), [u[5], str(release_on), mid, cur, 0, []])
            h[4] += reserve
            h[5].append(oid)
    if not delivered:
        _dequeue(session, [u[0] for u in updates])
    _link(session, links)
    ledger.bulk_insert(session, "settlement_reserve_holds", _HOLD_COLUMNS, [tuple(h) for h in held.values()])
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


def _reserve_posting(token: str, at: datetime, g: Group) -> Posting:
    """A group's ended reserves: reserved -> available."""
    mid, cur = g.merchant_id, g.currency
    lines = [
        (merchant_account(mid, AccountKind.reserved, cur), -g.reserve),
        (merchant_account(mid, AccountKind.available, cur), g.reserve),
    ]
    return _group_posting("reserve_release", token, at, g, lines)


def _release_reserves(
    session: Session, at: datetime, order_ids: Sequence[str] | None, batch: int, out: Released
) -> int:
    """Release the reserves held to `at` (of `order_ids`' holds only, when given), at most `batch` holds:
    one transaction per merchant and currency. Returns the holds taken."""
    token = new_id("rsv")
    if ledger.dialect(session) == "postgresql":  # the orders link to their groups' transactions already
        groups, taken = statements.release_reserves(session, day=at.date(), order_ids=order_ids, limit=batch)
        postings = []
        txn_ids: dict[str, int] = {}
        for g in groups:
            if g.txn_id is not None:
                postings.append(_reserve_posting(token, at, g))
                txn_ids[postings[-1].key] = g.txn_id
        posted = ledger.post_many(session, postings, unseen=True, txn_ids=txn_ids)
    else:
        holds = _due_holds(session, at.date(), order_ids, batch)
        groups_of: dict[tuple[str, str], Group] = {}
        for _, _, mid, cur, amount, ids in holds:
            g = groups_of.setdefault((mid, cur), Group(None, mid, cur))
            g.reserve += amount
            g.orders += len(ids)
        postings = [_reserve_posting(token, at, g) for g in groups_of.values() if g.reserve]
        posted = ledger.post_many(session, postings, unseen=True)  # keys of a token just minted
        if holds:  # one executemany, not a statement per hold
            session.execute(
                text("DELETE FROM settlement_reserve_holds WHERE release_txn_id = :t AND release_on = :d"),
                [{"t": txn, "d": day} for txn, day, *_ in holds],
            )
        links: dict[int, list[str]] = defaultdict(list)
        for _, _, mid, cur, _, ids in holds:
            released_by = posted.ids.get(f"reserve:{token}:{mid}:{cur}")
            if released_by is not None:
                links[released_by] += ids
        _link(session, links)
        groups, taken = list(groups_of.values()), len(holds)
    out.reserves += sum(g.orders for g in groups)
    out.transactions += len(posted.new)
    out.entries += posted.entries
    return taken


def _due_holds(
    session: Session, day: date, order_ids: Sequence[str] | None, batch: int
) -> list[tuple[int, str, str, str, int, list[str]]]:
    """SQLite: the holds due by `day` (the writer lock keeps them), at most `batch`, in due order; or the
    holds of `order_ids`."""
    sql = (
        "SELECT release_txn_id, release_on, merchant_id, currency, amount_minor, order_ids"
        " FROM settlement_reserve_holds WHERE release_on <= :day"
    )
    params: dict[str, Any] = {"day": ledger.day_param(session, day), "lim": batch}
    keys: set[tuple[int, str]] | None = None
    if order_ids is not None:
        found = ledger.keyed_rows(
            session, "settlement_orders", "order_id", ("release_txn_id", "reserve_release_on"), order_ids
        )
        keys = {(int(t), str(d)) for t, d in found if t is not None and d is not None}
        names = {f"t{i}": t for i, t in enumerate(sorted({t for t, _ in keys}))}
        sql += f" AND release_txn_id IN ({', '.join(':' + k for k in names) or 'NULL'})"
        params.update(names)
    rows = session.execute(text(sql + " ORDER BY release_on, release_txn_id LIMIT :lim"), params)
    return [
        (int(t), str(d), mid, cur, int(amount), _ids(ids))
        for t, d, mid, cur, amount, ids in rows
        if keys is None or (int(t), str(d)) in keys
    ]
