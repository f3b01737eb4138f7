"""Reconciliation of a run: the ledger against the payouts and their lines, and the provider reports
that did not match their payout (`reported_amount_differs`, listed while the payout stays open)."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta
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
    today = utc_now().date()
    # two set-based queries, not two per payout
    moved_by: dict[str, int] = {
        pid: int(total)
        for pid, total in session.execute(
            text(
                "SELECT p.id, COALESCE(SUM(e.amount_minor), 0) FROM payouts p"
                " JOIN ledger_entries e ON e.transaction_id = p.ledger_txn_id"
                " JOIN ledger_accounts a ON a.id = e.account_id AND a.kind = 'in_transit'"
                " WHERE p.run_id = :run GROUP BY p.id"
            ),
            {"run": run_id},
        )
    }
    confirmed_by: dict[str, int] = {
        pid: int(total or 0)
        for pid, total in session.execute(
            text(
                "SELECT ev.payout_id, SUM(ev.amount_minor) FROM payout_events ev"
                " JOIN payouts p ON p.id = ev.payout_id"
                " WHERE p.run_id = :run AND ev.kind = 'paid' GROUP BY ev.payout_id"
            ),
            {"run": run_id},
        )
    }
    reports = _mismatched_reports(session, run_id)
    for p in payouts:
        if p.status in _OPEN and p.id in reports:
            mismatches += [_report_issue(p, details) for details in reports[p.id]]
        t = totals[p.payout_currency]
        moved = moved_by.get(p.id, 0)
        t["ledger"] += moved
        if moved != p.payout_amount_minor:
            mismatches.append(
                {
                    "payout": p.id,
                    "issue": "ledger_amount_differs",
                    "expected": p.payout_amount_minor,
                    "actual": moved,
                }
            )
        if p.submitted_at is not None:
            t["submitted"] += p.payout_amount_minor
        elif (
            p.status in (PayoutStatus.pending.value, PayoutStatus.submitting.value)
            and run.status == RunStatus.completed.value
        ):
            mismatches.append(
                {"payout": p.id, "issue": "not_submitted", "expected": p.payout_amount_minor, "actual": 0}
            )
        confirmed = confirmed_by.get(p.id, 0)
        if p.status == PayoutStatus.paid.value:
            t["confirmed"] += confirmed
            if confirmed != p.payout_amount_minor:
                mismatches.append(
                    {
                        "payout": p.id,
                        "issue": "confirmed_amount_differs",
                        "expected": p.payout_amount_minor,
                        "actual": confirmed,
                    }
                )
        elif p.status == PayoutStatus.failed.value:
            t["failed"] += p.payout_amount_minor
        elif (
            p.status == PayoutStatus.in_transit.value
            and p.arrival_date is not None
            and p.arrival_date < today - timedelta(days=3)
        ):
            mismatches.append(
                {
                    "payout": p.id,
                    "issue": "confirmation_overdue",
                    "expected": p.payout_amount_minor,
                    "actual": 0,
                }
            )
    return {
        "totals": [
            {"currency": c, **{k: Money.from_minor(v, c).format_amount() for k, v in t.items()}}
            for c, t in sorted(totals.items())
        ],
        "mismatches": mismatches,
        "balanced": not mismatches,
    }
