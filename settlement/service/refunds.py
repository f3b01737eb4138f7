"""Refunds: every part of a sale given back in proportion, from wherever the merchant's money is (and the
affiliate's commission from wherever the creator's is)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import text
from sqlmodel import Session

from core.bulk import collections_paused
from core.clock import utc_now
from core.errors import FieldError, InvalidInput
from core.ids import new_id
from core.money import Money
from settlement import ledger
from settlement.checkout import insert_tax_lines
from settlement.errors import IdempotencyMismatch, OrderNotRecorded, RefundExceedsOrder
from settlement.ledger import PLATFORM, Posting
from settlement.models import AccountKind, LedgerTransaction, OrderStatus, OwnerType
from settlement.policy import (
    ratio_of,
)
from settlement.service.common import (
    Recorded,
    check_amount,
    check_id,
)


@dataclass(frozen=True, slots=True)
class RefundInput:
    refund_id: str
    order_id: str
    amount: Money
    refunded_at: datetime | None = None


class _Order(NamedTuple):
    """What a refund reads of its order's settlement row (a plain tuple: a database row's attribute access
    costs about as much as the arithmetic of a refund)."""

    order_id: str
    merchant_id: str
    status: str
    currency: str
    gross_minor: int
    settlement_currency: str
    fx_rate: Any
    gross_settle_minor: int
    commission_minor: int
    affiliate_id: str | None
    affiliate_minor: int
    pending_minor: int
    reserve_minor: int
    refunded_minor: int
    refunded_settle_minor: int
    commission_refunded_minor: int
    affiliate_clawed_minor: int
    shipping_settle_minor: int
    duties_minor: int
    taxes_minor: int
    tax_jurisdiction: str | None
    tax_scheme: str | None
    shipping_refunded_settle_minor: int
    duties_refunded_minor: int
    taxes_refunded_minor: int
    release_txn_id: int | None
    reserve_release_on: Any
    reserve_held: bool
    """Whether the order's reserve is still held (its release transaction's hold in
    `settlement_reserve_holds` for its `reserve_release_on`)."""


REFUND_ORDER_COLUMNS = _Order._fields[:-1]


REFUND_COLUMNS = (
    "refund_id",
    "order_id",
    "merchant_id",
    "currency",
    "amount_minor",
    "settlement_currency",
    "settle_minor",
    "commission_refund_minor",
    "affiliate_clawback_minor",
    "merchant_debit_minor",
    "from_pending_minor",
    "from_reserved_minor",
    "from_available_minor",
    "txn_id",
    "refunded_at",
)


@collections_paused
def record_refunds(session: Session, *, refunds: Sequence[RefundInput]) -> Recorded:
    """Record many refunds (see the module docstring)."""
    out = Recorded()
    checked = _checked(refunds)
    # the orders first, locked in key order: a refund sent twice at once waits here for the first one and
    # then finds it (a replay). Named tuples: a plain row's attribute access is slow.
    order_ids = sorted({r.order_id for r, _ in checked.values()})
    rows = ledger.keyed_rows(
        session, "settlement_orders", "order_id", REFUND_ORDER_COLUMNS, order_ids, lock=True
    )
    held = _held_reserves(session, rows)
    orders: dict[str, _Order] = {}
    for row in rows:
        o = _Order._make((*row, (row[-2], str(row[-1])) in held))
        orders[o.order_id] = o
    todo = _new_refunds(session, checked, out)
    if not todo:
        return out
    missing = sorted({r.order_id for r, _ in todo.values()} - orders.keys())
    if missing:
        raise OrderNotRecorded(f"settlement has no order {missing[0]}")

    now = utc_now()
    state: dict[str, _State] = {}
    postings: list[Posting] = []
    refund_rows: list[list[Any]] = []
    # a batch pools the platform's revenue and FX legs (docs/adr/0013); one refund keeps them
    pool = ledger.RevenuePool("refund_revenue") if len(todo) > 1 else None
    tax_refunds: list[tuple[str, _Order, int, int, datetime]] = []
    for r, minor in todo.values():
        o = orders[r.order_id]
        st = state.get(o.order_id) or state.setdefault(o.order_id, _State(o))
        at = r.refunded_at or now
        before = st.refunded
        posting, row = _refund(r, minor, o, st, at, pool)
        postings.append(posting)
        refund_rows.append(row)
        if o.tax_jurisdiction and (o.duties_minor or o.taxes_minor):
            tax_refunds.append((r.refund_id, o, before, st.refunded, at))
    # a refund's transaction is written with its settlement_refunds row; `_new_refunds` found none of these
    posted = ledger.post_many(
        session, postings + (pool.postings(new_id("pool")) if pool else []), unseen=True
    )
    for row in refund_rows:
        row[13] = posted.ids[f"refund:{row[0]}"]
        out.transactions[row[0]] = row[13]
    ledger.bulk_insert(session, "settlement_refunds", REFUND_COLUMNS, [tuple(r) for r in refund_rows])
    _refund_tax_lines(session, tax_refunds, posted)
    _write_back(session, orders, state)
    _lower_holds(session, orders, state)
    out.new += len(refund_rows)
    out.entries += posted.entries
    return out


def _checked(refunds: Sequence[RefundInput]) -> dict[str, tuple[RefundInput, int]]:
    """The refunds by id (the first of each), checked, with their amounts in minor units."""
    todo: dict[str, tuple[RefundInput, int]] = {}
    for r in refunds:
        check_id(r.refund_id, "refund_id")
        check_id(r.order_id, "order_id")
        minor = check_amount(r.amount, "amount")
        if r.refunded_at is not None and r.refunded_at.tzinfo is None:
            raise InvalidInput.for_field("refunded_at", "must be timezone-aware")
        todo.setdefault(r.refund_id, (r, minor))
    return todo


def _new_refunds(
    session: Session, todo: dict[str, tuple[RefundInput, int]], out: Recorded
) -> dict[str, tuple[RefundInput, int]]:
    """Takes the refunds recorded already out of `todo` (checked refunds) and returns it; replays are
    counted in `out` (a replay with other terms is a 409)."""
    for rid, oid, cur, amount, txn in ledger.keyed_rows(
        session,
        "settlement_refunds",
        "refund_id",
        ("refund_id", "order_id", "currency", "amount_minor", "txn_id"),
        list(todo),
    ):
        r, minor = todo.pop(rid)
        if (r.order_id, r.amount.currency, minor) != (oid, cur, int(amount)):
            raise IdempotencyMismatch(f"refund {rid} was recorded for another order or amount")
        out.transactions[rid] = int(txn)
        out.replayed += 1
    return todo


class _State:
    """What an order has given back so far and where its money is: moved by each refund of the batch."""

    __slots__ = (
        "aff",
        "available",
        "comm",
        "duties",
        "pending",
        "refunded",
        "reserve",
        "settle",
        "ship",
        "taxes",
    )

    def __init__(self, o: _Order) -> None:
        self.refunded: int = o.refunded_minor
        self.settle: int = o.refunded_settle_minor
        self.comm: int = o.commission_refunded_minor
        self.aff: int = o.affiliate_clawed_minor
        self.ship: int = o.shipping_refunded_settle_minor
        self.duties: int = o.duties_refunded_minor
        self.taxes: int = o.taxes_refunded_minor
        self.pending: int = o.pending_minor
        self.reserve: int = o.reserve_minor if o.reserve_held else 0
        self.available: bool = o.status == _AVAILABLE


_FX, _COMMISSION, _SHIPPING = AccountKind.fx.value, AccountKind.commission.value, AccountKind.shipping.value
_CASH, _DUTIES_PAYABLE, _TAXES_PAYABLE = (
    AccountKind.cash.value, AccountKind.duties_payable.value, AccountKind.taxes_payable.value
)  # fmt: skip
_PENDING, _RESERVED, _AVAILABLE_KIND = (
    AccountKind.pending.value, AccountKind.reserved.value, AccountKind.available.value
)  # fmt: skip
_PLATFORM, _MERCHANT, _CREATOR, _AUTHORITY = (
    OwnerType.platform.value, OwnerType.merchant.value, OwnerType.creator.value, OwnerType.authority.value
)  # fmt: skip
_AVAILABLE = OrderStatus.available.value


def _refund(
    r: RefundInput, amount: int, o: _Order, st: _State, at: datetime, pool: ledger.RevenuePool | None
) -> tuple[Posting, list[Any]]:
    """One refund's posting and settlement_refunds row (of `amount` minor units); moves the order's state
    `st` past it. `pool`: where the platform's revenue and FX legs go in a batch (on the posting itself
    without one)."""
    cur, scur, mid = o.currency, o.settlement_currency, o.merchant_id
    if r.amount.currency != cur:
        raise InvalidInput.for_field("amount.currency", f"must be {cur}, the order's currency")
    left = o.gross_minor - st.refunded
    if amount > left:
        raise RefundExceedsOrder(
            f"order {o.order_id} has {Money.from_minor(left, cur)} left to refund",
            errors=[FieldError("amount.amount", f"at most {Money.from_minor(left, cur).format_amount()}")],
        )
    goods, ship, duties, taxes, comm, aff = _refund_parts(o, st, amount)
    debit = goods - comm - aff
    from_pending = from_reserved = 0
    if not st.available:
        from_pending = debit if debit < 0 else min(debit, max(st.pending, 0))
    elif debit > 0:
        from_reserved = min(debit, max(st.reserve, 0))
    from_available = debit - from_pending - from_reserved
    st.pending -= from_pending
    st.reserve -= from_reserved
    # account keys as plain tuples (`platform_account`, `authority_account`, `merchant_account`)
    lines: list[tuple[ledger.AccountKey, int]] = [((_PLATFORM, PLATFORM, _CASH, cur), amount)]
    if o.tax_jurisdiction:
        lines += [
            ((_AUTHORITY, o.tax_jurisdiction, _DUTIES_PAYABLE, cur), -duties),
            ((_AUTHORITY, o.tax_jurisdiction, _TAXES_PAYABLE, cur), -taxes),
        ]
    lines += [
        ((_MERCHANT, mid, _PENDING, scur), -from_pending),
        ((_MERCHANT, mid, _RESERVED, scur), -from_reserved),
        ((_MERCHANT, mid, _AVAILABLE_KIND, scur), -from_available),
    ]
    revenue = [(_COMMISSION, scur, -comm), (_SHIPPING, scur, -ship)]
    if cur != scur:
        revenue += [(_FX, cur, -(amount - duties - taxes)), (_FX, scur, goods + ship)]
    lines += ledger.platform_lines(revenue) if pool is None else pool.clear(at, revenue)
    if o.affiliate_id is not None:  # the clawback: from the creator's pending, or available once released
        kind = _AVAILABLE_KIND if st.available else _PENDING
        lines.append(((_CREATOR, o.affiliate_id, kind, scur), -aff))
    posting = Posting(
        key=f"refund:{r.refund_id}",
        kind="refund",
        reference=r.refund_id,
        occurred_at=at,
        lines=lines,
        fx_rate=Decimal(str(o.fx_rate)) if cur != scur else None,
        details={"order": o.order_id},
    )
    # in REFUND_COLUMNS' order; the transaction id (index 13) is set once posted
    row = [
        r.refund_id, o.order_id, mid, cur, amount, scur, goods, comm, aff, debit,
        from_pending, from_reserved, from_available, 0, at,
    ]  # fmt: skip
    return posting, row


def _refund_parts(o: _Order, st: _State, amount: int) -> tuple[int, int, int, int, int, int]:
    """What this refund gives back of each part of the order (goods, shipping, duties, taxes, commission,
    affiliate commission), and `st` moved past it: each part's share of the refunded total so far less what
    earlier refunds gave back (so the last refund takes the remainder and a full refund undoes the sale
    exactly). Goods and shipping in the settlement currency; duties and taxes in the order's."""
    gross, cum = o.gross_minor, st.refunded + amount
    if cum == gross:
        duties, taxes, goods = o.duties_minor, o.taxes_minor, o.gross_settle_minor
        comm, aff, ship = o.commission_minor, o.affiliate_minor, o.shipping_settle_minor
    else:
        duties, taxes = ratio_of(o.duties_minor, cum, gross), ratio_of(o.taxes_minor, cum, gross)
        goods = ratio_of(o.gross_settle_minor, cum, gross)
        comm, aff = ratio_of(o.commission_minor, cum, gross), ratio_of(o.affiliate_minor, cum, gross)
        ship = ratio_of(o.shipping_settle_minor, cum, gross)
    parts = (goods - st.settle, duties - st.duties, taxes - st.taxes)
    if o.currency == o.settlement_currency:  # the cash side is exact: shipping takes the rounding
        ship_part = amount - parts[1] - parts[2] - parts[0]
    else:
        ship_part = ship - st.ship
    comm_part, aff_part = comm - st.comm, aff - st.aff
    st.refunded, st.settle, st.duties, st.taxes, st.comm, st.aff = cum, goods, duties, taxes, comm, aff
    st.ship += ship_part
    return parts[0], ship_part, parts[1], parts[2], comm_part, aff_part


_ORDER_REFUND_TOTALS = (
    "refunded_minor",
    "refunded_settle_minor",
    "commission_refunded_minor",
    "affiliate_clawed_minor",
    "shipping_refunded_settle_minor",
    "duties_refunded_minor",
    "taxes_refunded_minor",
    "pending_minor",
    "reserve_minor",
)


def _write_back(session: Session, orders: dict[str, _Order], state: dict[str, _State]) -> None:
    """The orders' refunded totals and where their money is, after the batch: on PostgreSQL one UPDATE
    from arrays (one parameter a column), each order found through its key's index."""
    ids = list(state)
    columns = [
        [st.refunded for st in state.values()],
        [st.settle for st in state.values()],
        [st.comm for st in state.values()],
        [st.aff for st in state.values()],
        [st.ship for st in state.values()],
        [st.duties for st in state.values()],
        [st.taxes for st in state.values()],
        [st.pending for st in state.values()],
        [st.reserve if orders[oid].reserve_held else orders[oid].reserve_minor for oid, st in state.items()],
    ]
    if ledger.dialect(session) != "postgresql":
        ledger.update_rows(
            session,
            "settlement_orders",
            "order_id",
            _ORDER_REFUND_TOTALS,
            list(zip(ids, *columns, strict=True)),
        )
        return
    id_array, id_value = ledger.text_array("ids", ids)
    params: dict[str, Any] = {"ids": id_value}
    arrays = [id_array]
    for i, values in enumerate(columns):
        array, params[f"c{i}"] = ledger.bigint_array(f"c{i}", values)
        arrays.append(array)
    sets = ", ".join(f"{c} = d.c{i}" for i, c in enumerate(_ORDER_REFUND_TOTALS))
    names = ", ".join(f"c{i}" for i in range(len(columns)))
    with ledger.index_lookups(session):
        session.execute(
            text(
                f"UPDATE settlement_orders o SET {sets}"
                f" FROM unnest({', '.join(arrays)}) AS d(order_id, {names}) WHERE o.order_id = d.order_id"
            ),
            params,
        )


def _held_reserves(session: Session, rows: Sequence[Any]) -> set[tuple[int, str]]:
    """The holds `(release transaction, day)` still holding the reserves of these (locked) released orders,
    locked in key order: a reserve pass skips them until this commits, and a hold a pass released
    meanwhile is gone once its lock is ours."""
    keys = sorted(
        {(int(r[-2]), str(r[-1])) for r in rows if r[2] == _AVAILABLE and r[-2] is not None and r[-1]}
    )
    if not keys:
        return set()
    if ledger.dialect(session) != "postgresql":  # the writer lock holds them
        found = ledger.keyed_rows(
            session,
            "settlement_reserve_holds",
            "release_txn_id",
            ("release_txn_id", "release_on"),
            [str(t) for t, _ in keys],
        )
        return {(int(t), str(d)) for t, d in found} & set(keys)
    txns, txns_value = ledger.bigint_array("txns", [t for t, _ in keys])
    sql = (
        f"SELECT h.release_txn_id, h.release_on FROM unnest({txns}, CAST(:days AS date[])) AS k(t, d)"
        " CROSS JOIN LATERAL (SELECT * FROM settlement_reserve_holds x"
        " WHERE x.release_txn_id = k.t AND x.release_on = k.d FOR UPDATE) AS h"
    )
    locked = session.execute(text(sql), {"txns": txns_value, "days": [d for _, d in keys]})
    return {(int(t), str(d)) for t, d in locked}


def _lower_holds(session: Session, orders: dict[str, _Order], state: dict[str, _State]) -> None:
    """The holds of the reserves the batch took from: what they still hold."""
    taken: dict[tuple[int, str], int] = defaultdict(int)
    for oid, st in state.items():
        o = orders[oid]
        if o.reserve_held and st.reserve != o.reserve_minor:
            taken[(int(o.release_txn_id or 0), str(o.reserve_release_on))] += o.reserve_minor - st.reserve
    if not taken:
        return
    pg = ledger.dialect(session) == "postgresql"
    rows = [{"t": t, "d": date.fromisoformat(d) if pg else d, "x": x} for (t, d), x in sorted(taken.items())]
    session.execute(
        text(
            "UPDATE settlement_reserve_holds SET amount_minor = amount_minor - :x"
            " WHERE release_txn_id = :t AND release_on = :d"
        ),
        rows,
    )


class _SaleTaxLine(NamedTuple):
    order_id: str
    id: str
    refund_id: str | None
    jurisdiction: str
    scheme: str
    kind: str
    rate: Decimal | None
    currency: str
    taxable_minor: int
    amount_minor: int


def _sale_tax_lines(session: Session, order_ids: list[str]) -> dict[str, list[_SaleTaxLine]]:
    """The tax lines of these orders' sales (not their refunds'), per order in id order: one query."""
    out: dict[str, list[_SaleTaxLine]] = defaultdict(list)
    rows = ledger.keyed_rows(session, "tax_lines", "order_id", _SaleTaxLine._fields, order_ids)
    for line in sorted(map(_SaleTaxLine._make, rows), key=lambda r: (r.order_id, r.id)):
        if line.refund_id is None:
            out[line.order_id].append(line)
    return out


def _refund_tax_lines(
    session: Session, refunds: list[tuple[str, _Order, int, int, datetime]], posted: ledger.Posted
) -> None:
    """Negative tax lines for the duties and taxes refunds gave back. The lines of a kind give back together
    exactly what the ledger gave back of it (the kind's total's share of the refunded total after the refund
    less its share before), so what the lines say is due is what the authority's account holds: each line's
    share is the share of the kind's lines up to it (in id order) less the share of those before it. A full
    refund gives back each line exactly; a line whose share does not move writes nothing."""

    def upto(value: int, refunded: int, gross: int) -> int:
        return value if refunded == gross else ratio_of(value, refunded, gross)

    rows: list[tuple[Any, ...]] = []
    by_order = _sale_tax_lines(session, sorted({o.order_id for _, o, *_ in refunds}))
    for refund_id, o, before, after, at in refunds:
        gross = o.gross_minor
        txn_id = posted.ids[f"refund:{refund_id}"]
        lines_before: dict[str, int] = {}  # per kind: the amount of the lines before this one
        for line in by_order.get(o.order_id, ()):
            start = lines_before.get(line.kind, 0)
            end = lines_before[line.kind] = start + line.amount_minor
            amount = (upto(end, before, gross) - upto(start, before, gross)) - (
                upto(end, after, gross) - upto(start, after, gross)
            )
            if amount == 0:
                continue  # this refund's share of the line rounds to nothing
            taxable = upto(line.taxable_minor, before, gross) - upto(line.taxable_minor, after, gross)
            # in TAX_LINE_COLUMNS' order, but the id
            rows.append((
                o.order_id, refund_id, line.jurisdiction, line.scheme, line.kind, line.rate, line.currency,
                taxable, amount, at, txn_id,
            ))  # fmt: skip
    insert_tax_lines(session, rows)


def record_refund(
    session: Session,
    *,
    refund_id: str,
    order_id: str,
    amount: Money,
    refunded_at: datetime | None = None,
) -> LedgerTransaction:
    """Record a refund (see the module docstring). Returns its ledger transaction (the original on a
    replay)."""
    recorded = record_refunds(
        session,
        refunds=[RefundInput(refund_id=refund_id, order_id=order_id, amount=amount, refunded_at=refunded_at)],
    )
    txn = session.get(LedgerTransaction, recorded.transactions[refund_id])
    assert txn is not None
    return txn
