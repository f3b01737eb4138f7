"""Refunds: every part of a sale given back in proportion, from wherever the merchant's money is (and the
affiliate's commission from wherever the creator's is)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from core.bulk import collections_paused
from core.clock import utc_now
from core.errors import FieldError, InvalidInput
from core.ids import new_id
from core.money import Money
from settlement import ledger
from settlement.checkout import (
    authority_account,
    insert_tax_lines,
)
from settlement.errors import IdempotencyMismatch, OrderNotRecorded, RefundExceedsOrder
from settlement.ledger import Posting, creator_account, merchant_account, platform_account
from settlement.models import (
    AccountKind,
    LedgerTransaction,
    OrderStatus,
)
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


REFUND_ORDER_COLUMNS = (
    "order_id",
    "merchant_id",
    "status",
    "currency",
    "gross_minor",
    "settlement_currency",
    "fx_rate",
    "gross_settle_minor",
    "commission_minor",
    "affiliate_id",
    "affiliate_minor",
    "pending_minor",
    "reserve_minor",
    "reserve_released",
    "refunded_minor",
    "refunded_settle_minor",
    "commission_refunded_minor",
    "affiliate_clawed_minor",
    "shipping_settle_minor",
    "duties_minor",
    "taxes_minor",
    "tax_jurisdiction",
    "tax_scheme",
    "shipping_refunded_settle_minor",
    "duties_refunded_minor",
    "taxes_refunded_minor",
)


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
    todo = _new_refunds(session, refunds, out)
    if not todo:
        return out
    order_ids = sorted({r.order_id for r in todo.values()})
    # plain rows (attribute access by column name), locked in key order
    orders: dict[str, Any] = {
        o.order_id: o
        for o in ledger.keyed_rows(
            session, "settlement_orders", "order_id", REFUND_ORDER_COLUMNS, order_ids, lock=True
        )
    }
    missing = [oid for oid in order_ids if oid not in orders]
    if missing:
        raise OrderNotRecorded(f"settlement has no order {missing[0]}")

    now = utc_now()
    state: dict[str, dict[str, Any]] = {}
    postings: list[Posting] = []
    refund_rows: list[list[Any]] = []
    # a batch pools the platform's revenue and FX legs (docs/adr/0013); one refund keeps them
    pool = ledger.RevenuePool("refund_revenue") if len(todo) > 1 else None
    tax_refunds: list[tuple[str, Any, int, int, datetime]] = []
    for r in todo.values():
        o = orders[r.order_id]
        st = state.get(o.order_id) or state.setdefault(o.order_id, _order_state(o))
        posting, row, before = _refund(r, o, st, r.refunded_at or now, pool)
        postings.append(posting)
        refund_rows.append(row)
        if o.tax_jurisdiction and (o.duties_minor or o.taxes_minor):
            tax_refunds.append((r.refund_id, o, before, st["refunded"], r.refunded_at or now))
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
    out.new += len(refund_rows)
    out.entries += posted.entries
    return out


def _new_refunds(session: Session, refunds: Sequence[RefundInput], out: Recorded) -> dict[str, RefundInput]:
    """The refunds not recorded yet, checked; replays are counted in `out` (a replay with other terms is a
    409)."""
    todo: dict[str, RefundInput] = {}
    for r in refunds:
        check_id(r.refund_id, "refund_id")
        check_id(r.order_id, "order_id")
        check_amount(r.amount, "amount")
        if r.refunded_at is not None and r.refunded_at.tzinfo is None:
            raise InvalidInput.for_field("refunded_at", "must be timezone-aware")
        todo.setdefault(r.refund_id, r)
    for rid, oid, cur, amount, txn in ledger.keyed_rows(
        session,
        "settlement_refunds",
        "refund_id",
        ("refund_id", "order_id", "currency", "amount_minor", "txn_id"),
        list(todo),
    ):
        r = todo.pop(rid)
        if (r.order_id, r.amount.currency, r.amount.to_minor()) != (oid, cur, int(amount)):
            raise IdempotencyMismatch(f"refund {rid} was recorded for another order or amount")
        out.transactions[rid] = int(txn)
        out.replayed += 1
    return todo


def _order_state(o: Any) -> dict[str, Any]:
    """What an order has given back so far and where its money is: updated by each refund of the batch."""
    return {
        "refunded": o.refunded_minor,
        "settle": o.refunded_settle_minor,
        "comm": o.commission_refunded_minor,
        "aff": o.affiliate_clawed_minor,
        "ship": o.shipping_refunded_settle_minor,
        "duties": o.duties_refunded_minor,
        "taxes": o.taxes_refunded_minor,
        "pending": o.pending_minor,
        "reserve": 0 if o.reserve_released else o.reserve_minor,
        "status": o.status,
    }


_FX, _COMMISSION, _SHIPPING = AccountKind.fx.value, AccountKind.commission.value, AccountKind.shipping.value


def _refund(
    r: RefundInput, o: Any, st: dict[str, Any], at: datetime, pool: ledger.RevenuePool | None
) -> tuple[Posting, list[Any], int]:
    """One refund's posting and settlement_refunds row; moves the order's state `st` past it. Returns them
    with the amount refunded before it. `pool`: where the platform's revenue and FX legs go in a batch (on
    the posting itself without one)."""
    if r.amount.currency != o.currency:
        raise InvalidInput.for_field("amount.currency", f"must be {o.currency}, the order's currency")
    amount = r.amount.to_minor()
    before = st["refunded"]
    left = o.gross_minor - before
    if amount > left:
        raise RefundExceedsOrder(
            f"order {o.order_id} has {Money.from_minor(left, o.currency)} left to refund",
            errors=[
                FieldError("amount.amount", f"at most {Money.from_minor(left, o.currency).format_amount()}")
            ],
        )
    parts = _refund_parts(o, st, amount, before + amount)
    debit = parts["goods"] - parts["comm"] - parts["aff"]
    from_pending = from_reserved = 0
    if st["status"] != OrderStatus.available.value:
        from_pending = debit if debit < 0 else min(debit, max(st["pending"], 0))
    elif debit > 0:
        from_reserved = min(debit, max(st["reserve"], 0))
    from_available = debit - from_pending - from_reserved
    st.update(
        refunded=before + amount,
        settle=st["settle"] + parts["goods"],
        comm=st["comm"] + parts["comm"],
        aff=st["aff"] + parts["aff"],
        ship=st["ship"] + parts["ship"],
        duties=st["duties"] + parts["duties"],
        taxes=st["taxes"] + parts["taxes"],
        pending=st["pending"] - from_pending,
        reserve=st["reserve"] - from_reserved,
    )
    cur, scur, mid = o.currency, o.settlement_currency, o.merchant_id
    authority = parts["duties"] + parts["taxes"]
    lines: list[tuple[ledger.AccountKey, int]] = [(platform_account(AccountKind.cash, cur), amount)]
    if o.tax_jurisdiction:
        lines += [
            (authority_account(o.tax_jurisdiction, AccountKind.duties_payable, cur), -parts["duties"]),
            (authority_account(o.tax_jurisdiction, AccountKind.taxes_payable, cur), -parts["taxes"]),
        ]
    lines += [
        (merchant_account(mid, AccountKind.pending, scur), -from_pending),
        (merchant_account(mid, AccountKind.reserved, scur), -from_reserved),
        (merchant_account(mid, AccountKind.available, scur), -from_available),
    ]
    revenue = [(_COMMISSION, scur, -parts["comm"]), (_SHIPPING, scur, -parts["ship"])]
    if cur != scur:
        revenue += [(_FX, cur, -(amount - authority)), (_FX, scur, parts["goods"] + parts["ship"])]
    lines += ledger.platform_lines(revenue) if pool is None else pool.clear(at, revenue)
    if o.affiliate_id is not None:  # the clawback: from the creator's pending, or available once released
        released = st["status"] == OrderStatus.available.value
        kind = AccountKind.available if released else AccountKind.pending
        lines.append((creator_account(o.affiliate_id, kind, scur), -parts["aff"]))
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
        r.refund_id, o.order_id, mid, cur, amount, scur, parts["goods"], parts["comm"], parts["aff"], debit,
        from_pending, from_reserved, from_available, 0, at,
    ]  # fmt: skip
    return posting, row, before


def _write_back(session: Session, orders: dict[str, Any], state: dict[str, dict[str, Any]]) -> None:
    """The orders' refunded totals and where their money is, after the batch."""
    ledger.update_rows(
        session,
        "settlement_orders",
        "order_id",
        (
            "refunded_minor",
            "refunded_settle_minor",
            "commission_refunded_minor",
            "affiliate_clawed_minor",
            "shipping_refunded_settle_minor",
            "duties_refunded_minor",
            "taxes_refunded_minor",
            "pending_minor",
            "reserve_minor",
        ),
        [
            (
                oid,
                st["refunded"],
                st["settle"],
                st["comm"],
                st["aff"],
                st["ship"],
                st["duties"],
                st["taxes"],
                st["pending"],
                st["reserve"] if not orders[oid].reserve_released else orders[oid].reserve_minor,
            )
            for oid, st in state.items()
        ],
    )


def _refund_parts(o: Any, st: dict[str, Any], amount: int, cum: int) -> dict[str, int]:
    """What this refund gives back of each part of the order: each part's share of the refunded total so
    far less what earlier refunds gave back (so the last refund takes the remainder and a full refund undoes
    the sale exactly). Goods and shipping in the settlement currency; duties and taxes in the order's."""
    full = cum == o.gross_minor

    def upto(total: int) -> int:
        return total if full else ratio_of(total, cum, o.gross_minor)

    duties = upto(o.duties_minor) - st["duties"]
    taxes = upto(o.taxes_minor) - st["taxes"]
    goods = upto(o.gross_settle_minor) - st["settle"]
    if o.currency == o.settlement_currency:  # the cash side is exact: shipping takes the rounding
        ship = amount - duties - taxes - goods
    else:
        ship = upto(o.shipping_settle_minor) - st["ship"]
    return {
        "goods": goods,
        "ship": ship,
        "duties": duties,
        "taxes": taxes,
        "comm": upto(o.commission_minor) - st["comm"],
        "aff": upto(o.affiliate_minor) - st["aff"],
    }


_TAX_LINE_COLUMNS = (
    "order_id", "id", "refund_id", "jurisdiction", "scheme", "kind", "rate", "currency", "taxable_minor",
    "amount_minor",
)  # fmt: skip


def _sale_tax_lines(session: Session, order_ids: list[str]) -> dict[str, list[Any]]:
    """The tax lines of these orders' sales (not their refunds'), per order in id order: one query."""
    out: dict[str, list[Any]] = defaultdict(list)
    rows = ledger.keyed_rows(session, "tax_lines", "order_id", _TAX_LINE_COLUMNS, order_ids)
    for line in sorted(rows, key=lambda r: (r.order_id, r.id)):
        if line.refund_id is None:
            out[line.order_id].append(line)
    return out


def _refund_tax_lines(
    session: Session, refunds: list[tuple[str, Any, int, int, datetime]], posted: Any
) -> None:
    """Negative tax lines for the duties and taxes refunds gave back. The lines of a kind give back together
    exactly what the ledger gave back of it (the kind's total's share of the refunded total after the refund
    less its share before), so what the lines say is due is what the authority's account holds: each line's
    share is the share of the kind's lines up to it (in id order) less the share of those before it. A full
    refund gives back each line exactly; a line whose share does not move writes nothing."""

    def upto(value: int, refunded: int, gross: int) -> int:
        return value if refunded == gross else ratio_of(value, refunded, gross)

    rows: list[dict[str, Any]] = []
    by_order = _sale_tax_lines(session, sorted({o.order_id for _, o, *_ in refunds}))
    for refund_id, o, before, after, at in refunds:
        sale_lines = by_order.get(o.order_id, [])
        gross = o.gross_minor
        lines_before: dict[str, int] = defaultdict(int)  # per kind: the amount of the lines before this one
        for line in sale_lines:
            start = lines_before[line.kind]
            end = lines_before[line.kind] = start + line.amount_minor
            amount = (upto(end, before, gross) - upto(start, before, gross)) - (
                upto(end, after, gross) - upto(start, after, gross)
            )
            if amount == 0:
                continue  # this refund's share of the line rounds to nothing
            rows.append(
                {
                    "id": new_id("txl"),
                    "order_id": o.order_id,
                    "refund_id": refund_id,
                    "jurisdiction": line.jurisdiction,
                    "scheme": line.scheme,
                    "kind": line.kind,
                    "rate": line.rate,
                    "currency": line.currency,
                    "taxable_minor": upto(line.taxable_minor, before, gross)
                    - upto(line.taxable_minor, after, gross),
                    "amount_minor": amount,
                    "occurred_at": at,
                    "txn_id": posted.ids[f"refund:{refund_id}"],
                }
            )
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
