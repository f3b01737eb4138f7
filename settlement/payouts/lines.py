"""Payouts and their lines: which orders, refunds, releases and slot fees make up a payout or the next one,
for a merchant or a creator (a creator's lines are the commission each order released, refunds' clawbacks
after release and slot fees)."""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from core.auth import Principal
from core.clock import as_utc
from core.errors import InvalidInput
from settlement import ledger
from settlement.errors import (
    PayoutNotFound,
)
from settlement.models import (
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    OwnerType,
    Payout,
    SettlementOrder,
    SettlementOrderLink,
    SettlementRefund,
)
from settlement.payees import PayeeRef, can_see
from settlement.reserves import reserve_reason

log = logging.getLogger(__name__)


def get_payout(session: Session, *, payout_id: str, principal: Principal | None = None) -> Payout:
    """One payout; a merchant or creator asking for another payee's gets a 404."""
    payout = session.get(Payout, payout_id)
    if payout is None or (
        principal is not None and not can_see(principal, PayeeRef.of(payout.payee_type, payout.payee_id))
    ):
        raise PayoutNotFound(f"no payout {payout_id}")
    return payout


def list_payouts(
    session: Session,
    *,
    payee: PayeeRef | None = None,
    merchant_id: str | None = None,
    status: str | None,
    created_from: date | None,
    created_to: date | None,
    limit: int,
    starting_after: str | None,
) -> tuple[list[Payout], bool]:
    """Payouts, newest first: a payee's (or the merchant `merchant_id`'s), or everyone's."""
    if payee is None and merchant_id is not None:
        payee = PayeeRef.merchant(merchant_id)
    stmt = select(Payout)
    if payee is not None:
        stmt = stmt.where(col(Payout.payee_type) == payee.type.value, col(Payout.payee_id) == payee.id)
    if status is not None:
        stmt = stmt.where(col(Payout.status) == status)
    if created_from is not None:
        stmt = stmt.where(col(Payout.created_at) >= datetime.combine(created_from, datetime.min.time(), UTC))
    if created_to is not None:
        stmt = stmt.where(
            col(Payout.created_at)
            < datetime.combine(created_to + timedelta(days=1), datetime.min.time(), UTC)
        )
    if starting_after:
        stmt = stmt.where(col(Payout.id) < starting_after)
    rows = list(session.exec(stmt.order_by(col(Payout.id).desc()).limit(limit + 1)))
    return rows[:limit], len(rows) > limit


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a payout (or of the next one): what moved the available account, and what it is made of.

    Every line's parts add up to its net: gross - commission - affiliate_commission - fulfilment_fees -
    processing_fees - reserve_held + reserve_released - refunded_before_release = net (a payout, a returned
    payout or an adjustment moves money without parts: its parts are zero). `fees` is the four fees' sum.
    Refund lines carry the refund's share of each part, negated (what the merchant gets back or gives up);
    their `reserve_released` is what the order's reserve paid of the refund."""

    transaction_id: int
    type: str
    order: str | None
    refund: str | None
    payout: str | None
    currency: str
    gross: int
    fees: int
    net: int
    available_on: date | None
    created: datetime
    commission: int = 0
    affiliate_commission: int = 0
    fulfilment_fees: int = 0
    processing_fees: int = 0
    reserve_held: int = 0
    reserve_released: int = 0
    refunded_before_release: int = 0
    """A sale line: what refunds took from the order's funds while they were still pending (so they never
    reached the available balance). A refund line: the part of the refund so taken, negated."""
    reserve_reason: str | None = None
    """A sale or reserve release line whose reserve was raised by the merchant's return rate in the
    category: why (`settlement.reserves`), as the sale recorded it. None: the category's own reserve."""
    slot_fee: str | None = None
    """A slot fee line (a merchant's charge, a creator's credit): the slot fee's id."""

    @property
    def id(self) -> str:
        """The line's cursor: `<transaction>`, or `<transaction>:<order>` for a release's per-order lines."""
        if self.type in _PER_ORDER_TYPES and self.order is not None:
            return f"{self.transaction_id}:{self.order}"
        return str(self.transaction_id)


_PER_ORDER = {"release": "sale", "reserve_release": "reserve_release"}
"""Transaction kinds with a line per order, and the merchant's line type of each."""
_PER_ORDER_TYPES = frozenset({*_PER_ORDER.values(), "commission"})
"""Line types with a line per order (a creator's release lines are `commission`)."""
Owner = tuple[str, str]
"""(owner type, owner id) of an available account: whose lines they are."""


_CURSOR = re.compile(r"^([1-9][0-9]{0,18})(?::(.+))?$")


Span = tuple[int, int, int | None]


def _order_lines(
    session: Session,
    entry: LedgerEntry,
    txn: LedgerTransaction,
    *,
    owner: Owner,
    after: str | None,
    limit: int | None,
) -> list[Line]:
    """The per-order lines of a release (or reserve release) transaction on `owner`'s available account,
    order ids after `after`: a merchant's orders, or the orders a creator's commission came from."""
    creator = owner[0] == OwnerType.creator.value
    ids = _released_orders(session, txn)
    ids = ids[bisect_right(ids, after) if after is not None else 0 :]
    orders: list[SettlementOrder] = []
    for chunk in ledger.chunks(ids):  # in key order, a chunk at a time until `limit` lines are found
        stmt = select(SettlementOrder).where(col(SettlementOrder.order_id).in_(chunk))
        if creator:
            stmt = stmt.where(col(SettlementOrder.affiliate_id) == owner[1])
        orders += session.exec(stmt.order_by(col(SettlementOrder.order_id)))
        if limit is not None and len(orders) >= limit:
            orders = orders[:limit]
            break
    if creator:
        return _commission_lines(session, entry, txn, orders)
    if txn.kind == "reserve_release":
        return _reserve_release_lines(session, entry, txn, orders)
    return _sale_lines(session, entry, txn, orders)


def _refunded_before(
    session: Session, orders: Sequence[SettlementOrder], txn_id: int, column: Any
) -> dict[str, int]:
    """Per order: the sum of a refunds' column over the order's refunds before the transaction `txn_id`."""
    out: dict[str, int] = defaultdict(int)
    for chunk in ledger.chunks([o.order_id for o in orders]):
        for oid, minor in session.execute(
            select(col(SettlementRefund.order_id), func.sum(col(column)))
            .where(col(SettlementRefund.order_id).in_(chunk), col(SettlementRefund.txn_id) < txn_id)
            .group_by(col(SettlementRefund.order_id))
        ):
            out[oid] = int(minor or 0)
    return out


def _reserve_release_lines(
    session: Session, entry: LedgerEntry, txn: LedgerTransaction, orders: Sequence[SettlementOrder]
) -> list[Line]:
    reasons = _reserve_reasons(session, [o.sale_txn_id for o in orders])
    created = as_utc(txn.occurred_at)
    return [
        Line(
            txn.id or 0,
            "reserve_release",
            o.order_id,
            None,
            None,
            entry.currency,
            0,
            0,
            o.reserve_minor,
            o.reserve_release_on,
            created,
            reserve_released=o.reserve_minor,
            reserve_reason=reasons.get(o.sale_txn_id),
        )
        for o in orders
    ]


def _sale_lines(
    session: Session, entry: LedgerEntry, txn: LedgerTransaction, orders: Sequence[SettlementOrder]
) -> list[Line]:
    """A merchant's lines of a release: each order's sale and its parts."""
    tid = txn.id or 0
    reasons = _reserve_reasons(session, [o.sale_txn_id for o in orders])
    # what refunds took from each order's pending funds before this release
    before = _refunded_before(session, orders, tid, SettlementRefund.from_pending_minor)
    created = as_utc(txn.occurred_at)
    out = []
    for o in orders:
        fees = o.commission_minor + o.affiliate_minor + o.processing_minor + o.fulfillment_minor
        refunded = before[o.order_id]
        out.append(
            Line(
                tid,
                "sale",
                o.order_id,
                None,
                None,
                entry.currency,
                o.gross_settle_minor,
                fees,
                o.released_minor,
                o.available_on,
                created,
                commission=o.commission_minor,
                affiliate_commission=o.affiliate_minor,
                fulfilment_fees=o.fulfillment_minor,
                processing_fees=o.processing_minor,
                # the order's pending funds at release, less what was released: what went to the reserve
                reserve_held=o.net_minor - refunded - o.released_minor,
                refunded_before_release=refunded,
                reserve_reason=reasons.get(o.sale_txn_id),
            )
        )
    return out


def _commission_lines(
    session: Session, entry: LedgerEntry, txn: LedgerTransaction, orders: Sequence[SettlementOrder]
) -> list[Line]:
    """A creator's lines of a release: the commission each order earned it, less what refunds clawed back
    before the release (`refunded_before_release`); the rest (`net`) became available."""
    tid = txn.id or 0
    clawed = _refunded_before(session, orders, tid, SettlementRefund.affiliate_clawback_minor)
    created = as_utc(txn.occurred_at)
    return [
        Line(
            tid,
            "commission",
            o.order_id,
            None,
            None,
            entry.currency,
            o.affiliate_minor,
            0,
            o.affiliate_minor - clawed[o.order_id],
            o.available_on,
            created,
            refunded_before_release=clawed[o.order_id],
        )
        for o in orders
    ]


def _reserve_reasons(session: Session, sale_txn_ids: Sequence[int]) -> dict[int, str]:
    """Sale transaction id -> why its reserve was raised, for the sales that recorded a reason."""
    out: dict[int, str] = {}
    for chunk in ledger.chunks(sorted(set(sale_txn_ids))):
        for tid, details in session.execute(
            select(col(LedgerTransaction.id), col(LedgerTransaction.details)).where(
                col(LedgerTransaction.id).in_(chunk), col(LedgerTransaction.details).is_not(None)
            )
        ):
            reason = reserve_reason(details)
            if reason is not None:
                out[int(tid)] = reason
    return out


def _entry_line(
    entry: LedgerEntry, txn: LedgerTransaction, refund: SettlementRefund | None, owner: Owner
) -> Line:
    """The line of a transaction of one line: a refund, a slot fee, a payout, a returned payout or an
    adjustment."""
    tid, created = txn.id or 0, as_utc(txn.occurred_at)
    if owner[0] == OwnerType.creator.value and txn.kind in ("refund", "commission_release"):
        # a refund's clawback of released commission, or commission released before creators were payees
        order = refund.order_id if refund else None
        kind = "refund" if txn.kind == "refund" else "commission"
        ref = txn.reference if txn.kind == "refund" else None
        amount = entry.amount_minor
        return Line(tid, kind, order, ref, None, entry.currency, amount, 0, amount, created.date(), created)
    if txn.kind == "slot_fee":
        return Line(
            tid,
            "slot_fee",
            None,
            None,
            None,
            entry.currency,
            0,
            0,
            entry.amount_minor,
            created.date(),
            created,
            slot_fee=txn.reference,
        )
    if txn.kind == "refund":
        r = refund
        return Line(
            tid,
            "refund",
            r.order_id if r else None,
            txn.reference,
            None,
            entry.currency,
            -(r.settle_minor if r else 0),
            -((r.commission_refund_minor + r.affiliate_clawback_minor) if r else 0),
            entry.amount_minor,
            created.date(),
            created,
            commission=-(r.commission_refund_minor if r else 0),
            affiliate_commission=-(r.affiliate_clawback_minor if r else 0),
            reserve_released=r.from_reserved_minor if r else 0,
            refunded_before_release=-(r.from_pending_minor if r else 0),
        )
    kind = txn.kind if txn.kind in ("payout", "payout_failure") else "adjustment"
    return Line(
        tid,
        kind,
        None,
        None,
        txn.reference,
        entry.currency,
        0,
        0,
        entry.amount_minor,
        created.date(),
        created,
    )


def _parse_cursor(starting_after: str) -> tuple[int, str | None]:
    m = _CURSOR.match(starting_after)
    if m is None:
        raise InvalidInput.for_field("starting_after", "a line id: <transaction> or <transaction>:<order>")
    return int(m.group(1)), m.group(2)


def _names_a_line(session: Session, txn: LedgerTransaction, order: str | None) -> bool:
    """Whether `<txn>[:<order>]` is a line of the transaction `txn`."""
    if txn.kind not in _PER_ORDER:
        return order is None
    if order is None:
        return False
    ids = _released_orders(session, txn)
    i = bisect_left(ids, order)
    return i < len(ids) and ids[i] == order


def _released_orders(session: Session, txn: LedgerTransaction) -> list[str]:
    """The orders a release (or reserve release) transaction released, in key order."""
    link = session.get(SettlementOrderLink, txn.id or 0)
    return sorted(link.order_ids) if link is not None else []


def _span_filter(spans: Sequence[Span]) -> Any:
    conds = []
    for account_id, after, upto in spans:
        c = and_(col(LedgerEntry.account_id) == account_id, col(LedgerEntry.transaction_id) > after)
        if upto is not None:
            c = and_(c, col(LedgerEntry.transaction_id) <= upto)
        conds.append(c)
    return or_(*conds)


def _lines(
    session: Session, spans: Sequence[Span], *, limit: int | None = None, starting_after: str | None = None
) -> tuple[list[Line], bool]:
    """The lines of the available accounts' spans, in (transaction id, order id) order: `limit` of them after
    the line `starting_after` (InvalidInput naming it when it is no line of these spans), and whether more
    follow."""
    if not spans:
        return [], False
    base = (
        select(LedgerEntry, LedgerTransaction)
        .join(LedgerTransaction, col(LedgerTransaction.id) == col(LedgerEntry.transaction_id))
        .where(_span_filter(spans))
        .order_by(col(LedgerEntry.transaction_id), col(LedgerEntry.line))
    )
    cursor: tuple[int, str | None] | None = None
    if starting_after is not None:
        cursor = _parse_cursor(starting_after)
        found = session.exec(base.where(col(LedgerEntry.transaction_id) == cursor[0])).first()
        known = found is not None and _names_a_line(session, found[1], cursor[1])
        if not known:
            raise InvalidInput.for_field("starting_after", f"no line {starting_after} in this list")
        base = base.where(col(LedgerEntry.transaction_id) >= cursor[0])
    owners = _owners(session, [span[0] for span in spans])
    want = None if limit is None else limit + 1
    batch = None if want is None else max(want, 50)
    out: list[Line] = []
    seek: tuple[int, int] | None = None
    while True:
        stmt = base
        if seek is not None:
            stmt = stmt.where(
                or_(
                    col(LedgerEntry.transaction_id) > seek[0],
                    and_(col(LedgerEntry.transaction_id) == seek[0], col(LedgerEntry.line) > seek[1]),
                )
            )
        rows = list(session.exec(stmt if batch is None else stmt.limit(batch)))
        refunds = _refunds_of([txn.id or 0 for _, txn in rows if txn.kind == "refund"], session)
        for entry, txn in rows:
            at_cursor = cursor is not None and txn.id == cursor[0]
            left = None if want is None else want - len(out)
            if txn.kind in _PER_ORDER:
                after = cursor[1] if cursor is not None and at_cursor else None
                owner = owners[entry.account_id]
                out += _order_lines(session, entry, txn, owner=owner, after=after, limit=left)
            elif not at_cursor:
                out.append(_entry_line(entry, txn, refunds.get(txn.id or 0), owners[entry.account_id]))
            if want is not None and len(out) >= want:
                return out[:limit], True
        if batch is None or len(rows) < batch:
            return out, False
        seek = (rows[-1][0].transaction_id, rows[-1][0].line)


def _owners(session: Session, account_ids: Sequence[int]) -> dict[int, Owner]:
    """Whose each account is: (owner type, owner id)."""
    out: dict[int, Owner] = {}
    for chunk in ledger.chunks(sorted(set(account_ids))):
        for acc, owner_type, owner_id in session.execute(
            select(col(LedgerAccount.id), col(LedgerAccount.owner_type), col(LedgerAccount.owner_id)).where(
                col(LedgerAccount.id).in_(chunk)
            )
        ):
            out[int(acc)] = (owner_type, owner_id)
    return out


def _refunds_of(txn_ids: Sequence[int], session: Session) -> dict[int, SettlementRefund]:
    out: dict[int, SettlementRefund] = {}
    for chunk in ledger.chunks(list(txn_ids)):
        for r in session.exec(select(SettlementRefund).where(col(SettlementRefund.txn_id).in_(chunk))):
            out[r.txn_id] = r
    return out


def entry_lines(session: Session, *, entries: Sequence[tuple[int, int]]) -> dict[tuple[int, int], list[Line]]:
    """The lines of some entries of available accounts, keyed by (account id, transaction id): what a
    statement's available-account row is made of (the same lines as a payout's)."""
    wanted = set(entries)
    accounts = sorted({a for a, _ in wanted})
    owners = _owners(session, accounts)
    out: dict[tuple[int, int], list[Line]] = defaultdict(list)
    for chunk in ledger.chunks(sorted({t for _, t in wanted})):
        rows = [
            (entry, txn)
            for entry, txn in session.exec(
                select(LedgerEntry, LedgerTransaction)
                .join(LedgerTransaction, col(LedgerTransaction.id) == col(LedgerEntry.transaction_id))
                .where(col(LedgerEntry.transaction_id).in_(chunk), col(LedgerEntry.account_id).in_(accounts))
                .order_by(col(LedgerEntry.transaction_id), col(LedgerEntry.line))
            )
            if (entry.account_id, entry.transaction_id) in wanted
        ]
        refunds = _refunds_of([txn.id or 0 for _, txn in rows if txn.kind == "refund"], session)
        for entry, txn in rows:
            key = (entry.account_id, entry.transaction_id)
            if txn.kind in _PER_ORDER:
                owner = owners[entry.account_id]
                out[key] += _order_lines(session, entry, txn, owner=owner, after=None, limit=None)
            else:
                out[key].append(_entry_line(entry, txn, refunds.get(txn.id or 0), owners[entry.account_id]))
    return out


def lines_for_account(session: Session, *, account_id: int, after: int, upto: int | None) -> list[Line]:
    """What moved the available account in (after, upto]: orders made available, reserves released, refunds,
    failed payouts returned and payouts, each order on its own line."""
    return _lines(session, [(account_id, after, upto)])[0]


def _payout_span(payout: Payout) -> Span:
    return (payout.account_id, payout.lines_after_txn_id, payout.ledger_txn_id)


def payout_lines(session: Session, *, payout: Payout) -> list[Line]:
    return _lines(session, [_payout_span(payout)])[0]


def payout_lines_page(
    session: Session, *, payout: Payout, limit: int, starting_after: str | None
) -> tuple[list[Line], bool]:
    """A page of the payout's lines after the line `starting_after`, and whether more follow."""
    return _lines(session, [_payout_span(payout)], limit=limit, starting_after=starting_after)


def _upcoming_spans(session: Session, payee: PayeeRef) -> list[Span]:
    spans: list[Span] = []
    accounts = session.exec(
        select(LedgerAccount)
        .where(
            col(LedgerAccount.owner_type) == payee.type.value,
            col(LedgerAccount.owner_id) == payee.id,
            col(LedgerAccount.kind) == AccountKind.available.value,
        )
        .order_by(col(LedgerAccount.id))
    ).all()
    for acc in accounts:
        last = session.exec(
            select(col(Payout.ledger_txn_id))
            .where(col(Payout.account_id) == acc.id)
            .order_by(col(Payout.ledger_txn_id).desc())
        ).first()
        spans.append((acc.id or 0, int(last or 0), None))
    return spans


def upcoming_lines(
    session: Session, *, merchant_id: str | None = None, payee: PayeeRef | None = None
) -> list[Line]:
    """What the payee's (or the merchant's) next payouts will include: the available accounts' lines since
    their last payout, in transaction order."""
    who = payee or PayeeRef.merchant(merchant_id or "")
    return _lines(session, _upcoming_spans(session, who))[0]


def upcoming_lines_page(
    session: Session, *, payee: PayeeRef, limit: int, starting_after: str | None
) -> tuple[list[Line], bool]:
    """A page of `upcoming_lines` after the line `starting_after`, and whether more follow."""
    return _lines(session, _upcoming_spans(session, payee), limit=limit, starting_after=starting_after)


def fx_of(p: Payout) -> tuple[Decimal, Decimal]:
    return (p.fx_rate or Decimal(1), p.fx_reference_rate or Decimal(1))
