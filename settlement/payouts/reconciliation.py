"""Reconciliation of a run: the ledger against the payouts and their lines, and the provider reports
that did not match their payout (`reported_amount_differs`, listed while the payout stays open)."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from core.clock import utc_now
from core.money import Money
from settlement.models import (
    Payout,
    PayoutEvent,
    PayoutStatus,
    RunStatus,
)
from settlement.payouts.runs import get_run
from settlement.rails import from_rail_units

log = logging.getLogger(__name__)


_OPEN = (PayoutStatus.pending.value, PayoutStatus.submitting.value, PayoutStatus.in_transit.value)


def _mismatched_reports(session: Session, run_id: str) -> dict[str, list[dict[str, Any]]]:
    """The provider reports that did not match their payout (another amount or currency), per payout."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows = session.exec(
        select(PayoutEvent.payout_id, PayoutEvent.source, PayoutEvent.details)
        .join(Payout, col(Payout.id) == col(PayoutEvent.payout_id))
        .where(col(Payout.run_id) == run_id, col(PayoutEvent.kind) == "mismatch")
        .order_by(col(PayoutEvent.id))
    )
    for payout_id, source, details in rows:
        if payout_id is not None:
            found[payout_id].append({**(details or {}), "source": source})
    return found


def _reported_minor(p: Payout, details: dict[str, Any]) -> int:
    """A reported amount in the payout's minor units when it is in the payout's currency and exact; else 0."""
    if details.get("reported_currency") != p.payout_currency or details.get("reported_amount") is None:
        return 0
    try:
        raw = Decimal(str(details["reported_amount"]))
        if details.get("units") == "stripe":
            money = from_rail_units(int(raw), p.payout_currency, "stripe")
        else:
            money = Money(raw, p.payout_currency)
        return money.to_minor() if money.is_exact() else 0
    except (ArithmeticError, ValueError):
        return 0


def _report_issue(p: Payout, details: dict[str, Any]) -> dict[str, Any]:
    """A report that does not match its payout: the payout stays open until one that does, or a failure."""
    return {
        "payout": p.id,
        "issue": "reported_amount_differs",
        "expected": p.payout_amount_minor,
        "actual": _reported_minor(p, details),
        "source": details.get("source"),
        "reported": f"{details.get('reported_amount')} {details.get('reported_currency')}"
        + (" (Stripe's units)" if details.get("units") == "stripe" else ""),
    }


def reconcile(session: Session, *, run_id: str) -> dict[str, Any]:
    """Ledger movements vs payouts submitted vs provider confirmations, per payout currency, with
    mismatches."""
    run = get_run(session, run_id=run_id)
    payouts = list(session.exec(select(Payout).where(col(Payout.run_id) == run_id).order_by(col(Payout.id))))
    totals: dict[str, dict[str, int]] = defaultdict(
        lambda: {"ledger": 0, "submitted": 0, "confirmed": 0, "failed": 0}
    )
    mismatches: list[dict[str, Any]] = []
    moved_by, confirmed_by = _moved_by(session, run_id), _confirmed_by(session, run_id)
    reports = _mismatched_reports(session, run_id)
    completed, overdue = run.status == RunStatus.completed.value, utc_now().date() - timedelta(days=3)
    for p in payouts:
        if p.status in _OPEN and p.id in reports:
            mismatches += [_report_issue(p, details) for details in reports[p.id]]
        moved, confirmed = moved_by.get(p.id, 0), confirmed_by.get(p.id, 0)
        _add(totals[p.payout_currency], p, moved, confirmed)
        mismatches += _payout_issues(p, moved, confirmed, run_completed=completed, overdue_before=overdue)
    return {
        "totals": [
            {"currency": c, **{k: Money.from_minor(v, c).format_amount() for k, v in t.items()}}
            for c, t in sorted(totals.items())
        ],
        "mismatches": mismatches,
        "balanced": not mismatches,
    }


def _moved_by(session: Session, run_id: str) -> dict[str, int]:
    """What each payout of the run moved into in-transit, from the ledger (one query for the run)."""
    rows = session.execute(
        text(
            "SELECT p.id, COALESCE(SUM(e.amount_minor), 0) FROM payouts p"
            " JOIN ledger_entries e ON e.transaction_id = p.ledger_txn_id"
            " JOIN ledger_accounts a ON a.id = e.account_id AND a.kind = 'in_transit'"
            " WHERE p.run_id = :run GROUP BY p.id"
        ),
        {"run": run_id},
    )
    return {pid: int(total) for pid, total in rows}


def _confirmed_by(session: Session, run_id: str) -> dict[str, int]:
    """What providers confirmed paid for each payout of the run (one query for the run)."""
    rows = session.execute(
        text(
            "SELECT ev.payout_id, SUM(ev.amount_minor) FROM payout_events ev"
            " JOIN payouts p ON p.id = ev.payout_id"
            " WHERE p.run_id = :run AND ev.kind = 'paid' GROUP BY ev.payout_id"
        ),
        {"run": run_id},
    )
    return {pid: int(total or 0) for pid, total in rows}


def _add(t: dict[str, int], p: Payout, moved: int, confirmed: int) -> None:
    """A payout's part of its currency's totals."""
    t["ledger"] += moved
    if p.submitted_at is not None:
        t["submitted"] += p.payout_amount_minor
    if p.status == PayoutStatus.paid.value:
        t["confirmed"] += confirmed
    elif p.status == PayoutStatus.failed.value:
        t["failed"] += p.payout_amount_minor


def _payout_issues(
    p: Payout, moved: int, confirmed: int, *, run_completed: bool, overdue_before: date
) -> list[dict[str, Any]]:
    """What does not add up for one payout: the ledger moved another amount, a completed run left it
    unsubmitted, a confirmation of another amount, or no confirmation three days after its arrival date."""
    expected = p.payout_amount_minor

    def issue(kind: str, actual: int) -> dict[str, Any]:
        return {"payout": p.id, "issue": kind, "expected": expected, "actual": actual}

    out = []
    if moved != expected:
        out.append(issue("ledger_amount_differs", moved))
    unsent = (PayoutStatus.pending.value, PayoutStatus.submitting.value)
    if p.submitted_at is None and p.status in unsent and run_completed:
        out.append(issue("not_submitted", 0))
    if p.status == PayoutStatus.paid.value and confirmed != expected:
        out.append(issue("confirmed_amount_differs", confirmed))
    elif (
        p.status == PayoutStatus.in_transit.value
        and p.arrival_date is not None
        and p.arrival_date < overdue_before
    ):
        out.append(issue("confirmation_overdue", 0))
    return out
