"""What a merchant reads about its money, for the API and the console alike: the month's statement as CSV
(a creator's too), payouts and refunds per ISO week, and the next payout (what it will pay, when it should
land, or why it will not be paid yet).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from compliance.evaluation import payout_holds
from core.clock import as_utc, utc_now
from core.errors import AppError, InvalidInput
from core.limits import check_date
from core.models import Merchant
from core.money import Money
from payments import fx
from settlement import ledger
from settlement.models import (
    AccountKind,
    Payout,
    PayoutInterval,
    PayoutMethod,
    PayoutSettings,
    PayoutStatus,
    SettlementOrder,
    SettlementRefund,
)
from settlement.payees import PayeeRef, PayeeType
from settlement.payouts import Line, entry_lines, upcoming_lines
from settlement.providers import bank_file_arrival

# --- the monthly statement ------------------------------------------------------------------------------

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
PARTS = [
    "gross",
    "commission",
    "affiliate_commission",
    "fulfilment_fees",
    "processing_fees",
    "reserve_held",
    "reserve_released",
    "refunded_before_release",
]
STATEMENT_COLUMNS = [
    "date",
    "transaction",
    "type",
    "reference",
    "account",
    "currency",
    "amount",
    "balance",
    *PARTS,
    "net",
]
"""`amount` and `balance` are the account's; the parts explain the row's amount where it has parts (a sale
entering pending, and what a release, reserve release or refund did to the available balance: the same figures
as the payout's lines): gross - commission - affiliate_commission - fulfilment_fees - processing_fees -
reserve_held + reserve_released - refunded_before_release = net = amount. Moves between the merchant's own
accounts otherwise (pending to reserved, available to in transit) and payouts have no parts: those are empty
and net is the amount. A creator's statement: its commission accruing (pending), released (available, with
the parts of each release: gross commission, refunded_before_release) and paid; slot fees; clawbacks."""


def month_bounds(month: str, *, field: str = "month") -> tuple[datetime, datetime]:
    """[start, end) of a `YYYY-MM` month in UTC; InvalidInput naming `field` otherwise (a month outside the
    window of `core.limits` too)."""
    m = _MONTH.match(month)
    if m is None:
        raise InvalidInput.for_field(field, "YYYY-MM")
    year, mon = int(m.group(1)), int(m.group(2))
    try:
        check_date(date(year, mon, 1))
    except ValueError as exc:
        raise InvalidInput.for_field(field, str(exc)) from None
    return datetime(year, mon, 1, tzinfo=UTC), datetime(year + (mon == 12), mon % 12 + 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Statement:
    filename: str
    content: str
    """CSV: the month's ledger lines of every account of the merchant, with each account's running balance."""


_NO_PARTS = ("payout", "payout_failure", "adjustment")
_WITH_PARTS = ("release", "reserve_release", "refund")
"""Transaction kinds whose rows on the available account have parts."""


def _fmt(minor: int, currency: str) -> str:
    return Money.from_minor(minor, currency).format_amount()


def _parts(
    session: Session, rows: list[ledger.StatementLine], *, merchant: bool = True
) -> dict[tuple[int, int], list[int]]:
    """Per (account id, transaction id): the parts (`PARTS` order) of the rows that have them (a merchant's
    sales entering pending too)."""
    out: dict[tuple[int, int], list[int]] = {}
    available = [
        (r.account_id, r.transaction_id)
        for r in rows
        if r.account_kind == AccountKind.available.value
        and r.kind in ("release", "reserve_release", "refund")
    ]
    for key, lines in entry_lines(session, entries=available).items():
        parts = [0] * len(PARTS)
        for line in lines:
            if line.type in _NO_PARTS:
                continue
            for i, name in enumerate(PARTS):
                parts[i] += getattr(line, name)
        out[key] = parts
    sales = {
        r.transaction_id: r.account_id
        for r in rows
        if merchant and r.account_kind == AccountKind.pending.value and r.kind == "sale"
    }
    for chunk in ledger.chunks(sorted(sales)):
        for o in session.exec(select(SettlementOrder).where(col(SettlementOrder.sale_txn_id).in_(chunk))):
            out[(sales[o.sale_txn_id], o.sale_txn_id)] = [
                o.gross_settle_minor,
                o.commission_minor,
                o.affiliate_minor,
                o.fulfillment_minor,
                o.processing_minor,
                0,
                0,
                0,
            ]
    return out


def statement_csv(
    session: Session, *, merchant_id: str | None = None, payee: PayeeRef | None = None, month: str
) -> Statement:
    """The month's statement of a payee (or of the merchant `merchant_id`): the entries whose transaction
    occurred in the month (UTC), each with the date it prints, its account's running balance and, where it has
    them, its parts (see `STATEMENT_COLUMNS`)."""
    who = payee or PayeeRef.merchant(merchant_id or "")
    start, end = month_bounds(month)
    rows = ledger.statement_lines(session, owner=(who.type.value, who.id), start=start, end=end)
    parts = _parts(session, rows, merchant=who.type is PayeeType.merchant)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(STATEMENT_COLUMNS)
    for line in rows:
        cur = line.currency
        p = parts.get((line.account_id, line.transaction_id))
        w.writerow(
            [
                line.occurred_at.isoformat(),
                line.transaction_id,
                line.kind,
                line.reference,
                line.account_kind,
                line.currency,
                _fmt(line.amount_minor, cur),
                _fmt(line.balance_minor, cur),
                *([_fmt(v, cur) for v in p] if p is not None else [""] * len(PARTS)),
                _fmt(line.amount_minor, cur),
            ]
        )
    return Statement(filename=f"statement-{who.id}-{month}.csv", content=buf.getvalue())


# --- payouts and refunds per week -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeeklyActivity:
    weeks: list[date]
    """The Monday of each ISO week, oldest first."""
    payouts: dict[str, list[Money]]
    """Per ledger currency, one total a week: what payouts took from the available balance (failed ones
    excepted)."""
    refunds: dict[str, list[Money]]
    """Per ledger currency, one total a week: what refunds took from the merchant's balances."""


def weekly_activity(
    session: Session, *, merchant_id: str, weeks: int = 26, now: datetime | None = None
) -> WeeklyActivity:
    today = (now or utc_now()).date()
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    start = datetime.combine(first, time.min, UTC)
    paid: dict[str, list[int]] = defaultdict(lambda: [0] * weeks)
    refunded: dict[str, list[int]] = defaultdict(lambda: [0] * weeks)
    for at, currency, minor in session.execute(
        select(col(Payout.created_at), col(Payout.currency), col(Payout.amount_minor)).where(
            col(Payout.merchant_id) == merchant_id,
            col(Payout.created_at) >= start,
            col(Payout.status) != PayoutStatus.failed.value,
        )
    ):
        paid[currency][(as_utc(at).date() - first).days // 7] += int(minor)
    for at, currency, minor in session.execute(
        select(
            col(SettlementRefund.refunded_at),
            col(SettlementRefund.settlement_currency),
            col(SettlementRefund.merchant_debit_minor),
        ).where(col(SettlementRefund.merchant_id) == merchant_id, col(SettlementRefund.refunded_at) >= start)
    ):
        refunded[currency][(as_utc(at).date() - first).days // 7] += int(minor)

    def money(totals: dict[str, list[int]]) -> dict[str, list[Money]]:
        return {c: [Money.from_minor(v, c) for v in t] for c, t in sorted(totals.items())}

    return WeeklyActivity(
        weeks=[first + timedelta(weeks=i) for i in range(weeks)], payouts=money(paid), refunds=money(refunded)
    )


# --- the next payout ------------------------------------------------------------------------------------

IN_FLIGHT = (PayoutStatus.pending.value, PayoutStatus.submitting.value, PayoutStatus.in_transit.value)


@dataclass(frozen=True, slots=True)
class NextPayout:
    available: list[Money]
    """What the next payout would pay: the available balances above zero (ledger currencies)."""
    lines: list[Line]
    """What makes them up: the available accounts' lines since their last payout."""
    payout_currency: str | None = None
    minimum: Money | None = None
    interval: str | None = None
    pays_on: date | None = None
    """The day of the run that should pay it; None when it will not be paid yet (see `blocked`)."""
    arrives_on: date | None = None
    """When it should land (bank files; Stripe names its own date when it takes the payout)."""
    blocked: str | None = None
    """Why it will not be paid by a scheduled run, in words."""


def payouts_on_the_way(session: Session, *, merchant_id: str) -> list[Payout]:
    """The merchant's payouts made and not yet paid or failed, newest first."""
    return list(
        session.exec(
            select(Payout)
            .where(col(Payout.merchant_id) == merchant_id, col(Payout.status).in_(IN_FLIGHT))
            .order_by(col(Payout.id).desc())
        )
    )


def next_payout(session: Session, *, merchant_id: str, now: datetime | None = None) -> NextPayout:
    at = now or utc_now()
    available = [m for m in ledger.merchant_balances(session, merchant_id)["available"] if m.amount > 0]
    base = NextPayout(available=available, lines=upcoming_lines(session, merchant_id=merchant_id))
    settings = session.get(PayoutSettings, (PayeeType.merchant.value, merchant_id))
    merchant = session.get(Merchant, merchant_id)
    if settings is None or merchant is None:
        return replace(base, blocked="there are no payout settings yet")
    minimum = Money.from_minor(settings.minimum_minor, settings.currency)
    known = replace(base, payout_currency=settings.currency, minimum=minimum, interval=settings.interval)
    blocked = _blocked(session, settings, merchant, available, at)
    if blocked is not None:
        return replace(known, blocked=blocked)
    pays_on = _payout_day(session, settings, merchant_id, at.date())
    arrives_on = None
    if settings.method == PayoutMethod.bank_file.value:
        arrives_on = bank_file_arrival(
            pays_on, sepa=settings.currency == "EUR" and bool(settings.iban), currency=settings.currency
        )
    return replace(known, pays_on=pays_on, arrives_on=arrives_on)


def _blocked(
    session: Session, settings: PayoutSettings, merchant: Merchant, available: list[Money], at: datetime
) -> str | None:
    """Why a scheduled run would not pay the available balance (the same checks as a run's plan)."""
    if not available:
        return "nothing is available to pay out yet"
    if settings.interval == PayoutInterval.manual.value:
        return "payouts are manual: one is made when an admin asks for it"
    hold = payout_holds(
        merchant_country=merchant.country, trader_verification=merchant.trader_verification, on=at
    )
    if hold.held:
        return "payouts are held: " + "; ".join(hold.reasons)
    try:
        worth = [
            m if m.currency == settings.currency else fx.convert(session, m, settings.currency).result
            for m in available
        ]
    except AppError:
        return f"there is no exchange rate to {settings.currency}"
    if all(m.to_minor() < max(settings.minimum_minor, 1) for m in worth):
        return f"below the minimum payout of {Money.from_minor(settings.minimum_minor, settings.currency)}"
    return None


def _payout_day(session: Session, settings: PayoutSettings, merchant_id: str, today: date) -> date:
    """The first day from today whose period (daily `D<day>`, weekly `W<year>-<week>`) has no payout yet."""
    days = [today + timedelta(days=i) for i in range(15)]

    def period(day: date) -> str | None:
        if settings.interval == PayoutInterval.weekly.value:
            if day.weekday() < settings.weekly_anchor:
                return None
            year, week, _ = day.isocalendar()
            return f"W{year}-{week:02d}"
        return f"D{day.isoformat()}"

    candidates = {day: p for day in days if (p := period(day)) is not None}
    taken = set(
        session.exec(
            select(col(Payout.period)).where(
                col(Payout.merchant_id) == merchant_id, col(Payout.period).in_(set(candidates.values()))
            )
        )
    )
    return next((day for day, p in candidates.items() if p not in taken), days[-1])
