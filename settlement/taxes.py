"""Duties and import taxes the platform collected at checkout and owes to authorities.

The money is in the authorities' ledger accounts (`settlement.checkout`): a sale credits
`authority/<jurisdiction>/duties_payable|taxes_payable` in the currency collected, a refund debits its share
back, a remittance moves the amount from the payable account to the platform's cash going out. `tax_lines`
carry what a return declares of each amount (scheme, kind, rate, taxable amount).

    liabilities(session, *, period, jurisdiction=None) -> list[Liability]
        Per jurisdiction, scheme, kind and currency for the month (UTC, by the sale's or refund's date):
        collected, refunded, remitted for the period, due (collected - refunded - remitted) and the orders.
    return_csv(session, *, period) -> bytes
        An IOSS-style return: member state of consumption, VAT rate, taxable amount, VAT (net of refunds).
    remit(session, *, key, jurisdiction, kind, period, amount, reference, actor) -> TaxRemittance
        Records a payment to an authority, once per `key`; never more than is due for the period.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from core.clock import utc_now
from core.errors import InvalidInput
from core.ids import new_id
from core.money import Money
from settlement import ledger
from settlement.checkout import TAX_KINDS, authority_account
from settlement.errors import IdempotencyMismatch, TaxRemittanceExceedsDue
from settlement.ledger import Posting, platform_account
from settlement.models import AccountKind, TaxLine, TaxRemittance
from settlement.reports import month_bounds

_PAYABLE = {"duty": AccountKind.duties_payable, "vat": AccountKind.taxes_payable}


def period_bounds(period: str, *, field: str = "period") -> tuple[datetime, datetime]:
    """[first instant, first instant of the next month) of `YYYY-MM` in UTC, from 2000-01 to 2100-12."""
    start, end = month_bounds(period or "", field=field)
    if not 2000 <= start.year <= 2100:
        raise InvalidInput.for_field(field, "a month as YYYY-MM between 2000-01 and 2100-12")
    return start, end


@dataclass(frozen=True, slots=True)
class Liability:
    jurisdiction: str
    scheme: str
    kind: str
    currency: str
    collected: Money
    refunded: Money
    remitted: Money
    due: Money
    orders: int


def liabilities(session: Session, *, period: str, jurisdiction: str | None = None) -> list[Liability]:
    start, end = period_bounds(period)
    amount = col(TaxLine.amount_minor)
    stmt = sa_select(
        col(TaxLine.jurisdiction),
        col(TaxLine.scheme),
        col(TaxLine.kind),
        col(TaxLine.currency),
        func.sum(case((amount > 0, amount), else_=0)),
        func.sum(case((amount < 0, amount), else_=0)),
        func.count(func.distinct(col(TaxLine.order_id))),
    )
    stmt = stmt.where(col(TaxLine.occurred_at) >= start, col(TaxLine.occurred_at) < end)
    if jurisdiction is not None:
        stmt = stmt.where(col(TaxLine.jurisdiction) == jurisdiction.upper())
    rows = session.execute(
        stmt.group_by(
            col(TaxLine.jurisdiction), col(TaxLine.scheme), col(TaxLine.kind), col(TaxLine.currency)
        )
    ).all()
    remitted = _remitted(session, period=period)
    out = []
    for where, scheme, kind, cur, collected, refunded, orders in sorted(rows, key=lambda r: tuple(r[:4])):
        paid = remitted.pop((where, kind, cur), 0)
        due = int(collected) + int(refunded) - paid
        out.append(
            Liability(
                jurisdiction=where,
                scheme=scheme,
                kind=kind,
                currency=cur,
                collected=Money.from_minor(int(collected), cur),
                refunded=Money.from_minor(-int(refunded), cur),
                remitted=Money.from_minor(paid, cur),
                due=Money.from_minor(due, cur),
                orders=int(orders),
            )
        )
    return out


def _remitted(session: Session, *, period: str) -> dict[tuple[str, str, str], int]:
    totals: dict[tuple[str, str, str], int] = defaultdict(int)
    for r in session.exec(select(TaxRemittance).where(col(TaxRemittance.period) == period)):
        totals[(r.jurisdiction, r.kind, r.currency)] += r.amount_minor
    return totals


def return_csv(session: Session, *, period: str) -> bytes:
    """One row per member state of consumption, scheme, VAT rate and currency: taxable amount and VAT, net
    of refunds in the period (amounts as decimals in the currency)."""
    start, end = period_bounds(period)
    rows = session.execute(
        sa_select(
            col(TaxLine.jurisdiction),
            col(TaxLine.scheme),
            col(TaxLine.rate),
            col(TaxLine.currency),
            func.sum(col(TaxLine.taxable_minor)),
            func.sum(col(TaxLine.amount_minor)),
        )
        .where(
            col(TaxLine.kind) == "vat",
            col(TaxLine.occurred_at) >= start,
            col(TaxLine.occurred_at) < end,
        )
        .group_by(col(TaxLine.jurisdiction), col(TaxLine.scheme), col(TaxLine.rate), col(TaxLine.currency))
    ).all()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        ["period", "member_state_of_consumption", "scheme", "vat_rate", "currency", "taxable_amount", "vat"]
    )
    for where, scheme, rate, cur, taxable, vat in sorted(rows, key=lambda r: (r[0], r[1], r[2] or 0, r[3])):
        w.writerow(
            [
                period,
                where,
                scheme,
                "" if rate is None else f"{rate.normalize():f}",
                cur,
                Money.from_minor(int(taxable), cur).format_amount(),
                Money.from_minor(int(vat), cur).format_amount(),
            ]
        )
    return buf.getvalue().encode()


def _recorded(session: Session, key: str, terms: tuple[str, str, str, str, int]) -> TaxRemittance | None:
    """The remittance recorded under `key`, if any; IdempotencyMismatch when its terms differ."""
    existing = session.exec(
        select(TaxRemittance).where(col(TaxRemittance.key) == key).execution_options(populate_existing=True)
    ).first()
    if existing is None:
        return None
    recorded = (
        existing.jurisdiction,
        existing.kind,
        existing.period,
        existing.currency,
        existing.amount_minor,
    )
    if recorded != terms:
        raise IdempotencyMismatch(f"remittance {key} was recorded with other terms")
    return existing


def remit(
    session: Session,
    *,
    key: str,
    jurisdiction: str,
    kind: str,
    period: str,
    amount: Money,
    reference: str,
    actor: str,
) -> TaxRemittance:
    """Record a payment of `amount` to the authority of `jurisdiction` for the period's `kind` (duty or vat):
    its payable account is debited and the platform's cash credited (the money leaves). Once per `key`: a
    replay returns the first; the same key with other terms is a 409. More than is due is refused."""
    if kind not in TAX_KINDS:
        raise InvalidInput.for_field("kind", f"one of {', '.join(TAX_KINDS)}")
    period_bounds(period)
    where = jurisdiction.upper()
    if not re.fullmatch(r"[A-Z]{2}", where):
        raise InvalidInput.for_field("jurisdiction", "an ISO 3166 country code such as DE")
    if not amount.is_exact() or amount.amount <= 0:
        raise InvalidInput.for_field("amount.amount", f"a positive amount in {amount.currency}")
    terms = (where, kind, period, amount.currency, amount.to_minor())
    existing = _recorded(session, key, terms)
    if existing is not None:
        return existing
    # one remittance at a time per authority account: the due amount is read under the account's lock
    account = authority_account(where, _PAYABLE[kind], amount.currency)
    ids = ledger.account_ids(session, [account])
    ledger.lock_accounts(session, [ids[account]])
    existing = _recorded(session, key, terms)  # the same key's remittance, committed while this one waited
    if existing is not None:
        return existing
    due = sum(
        (line.due for line in liabilities(session, period=period, jurisdiction=where)
         if line.kind == kind and line.currency == amount.currency),
        Money.zero(amount.currency),
    )  # fmt: skip
    if amount > due:
        raise TaxRemittanceExceedsDue(f"{due} is due to {where} for {kind} in {period}")
    now = utc_now()
    txn = ledger.post(
        session,
        Posting(
            key=f"remittance:{key}",
            kind="tax_remittance",
            reference=reference,
            occurred_at=now,
            lines=[
                (account, -amount.to_minor()),
                (platform_account(AccountKind.cash, amount.currency), amount.to_minor()),
            ],
            details={"jurisdiction": where, "kind": kind, "period": period},
        ),
    )
    assert txn.id is not None
    row = TaxRemittance(
        id=new_id("trm"),
        key=key,
        jurisdiction=where,
        kind=kind,
        period=period,
        currency=amount.currency,
        amount_minor=amount.to_minor(),
        reference=reference,
        txn_id=txn.id,
        created_by=actor,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row
