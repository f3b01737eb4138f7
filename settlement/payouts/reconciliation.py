"""Reconciliation of a run: the ledger against the payouts and their lines."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from core.clock import utc_now
from core.money import Money
from settlement.models import (
    Payout,
    PayoutStatus,
    RunStatus,
)
from settlement.payouts.runs import get_run

log = logging.getLogger(__name__)


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
    for p in payouts:
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
