"""Claiming a run's payouts and handing them to their providers, a batch at a time, in plain rows.

A claim locks the next payouts (a batch another execution claimed and never recorded, retaken whole, else up
to `SUBMIT_CHUNK` pending ones, `SKIP LOCKED`) and marks them `submitting` in one statement per batch. The
batch goes to its provider outside any transaction; the answers are recorded under the batch's row locks, a
statement per group of equal answers (a bank file's currency), with their payout events and announcements
written a batch at a time. A refusal fails its payout one by one (`record_failure`: the reversal posts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, Table, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from core.clock import as_utc, utc_now
from core.db import unit_of_work
from core.ids import new_id
from settlement import ledger, payout_changes
from settlement.models import Payout, PayoutStatus
from settlement.payees import PayeeRef, payees
from settlement.payouts.events import ANNOUNCED, PAYOUT_SUBMITTED, announce_many, record_failure
from settlement.providers import PayoutInstruction, Submission, provider_for

SUBMIT_CHUNK = 500

Batches = dict[tuple[str, str], list[PayoutInstruction]]
"""Claimed payouts by (batch, method)."""

_TABLE: Table = Payout.__table__  # type: ignore[attr-defined]
_CLAIMED = [
    _TABLE.c[name]
    for name in (
        "id",
        "batch",
        "method",
        "status",
        "payee_type",
        "payee_id",
        "payout_amount_minor",
        "payout_currency",
        "created_at",
    )
]
_LOCKED = [_TABLE.c[name] for name in (*ANNOUNCED, "batch")]
_SUBMITTING = PayoutStatus.submitting.value


@dataclass(slots=True)
class Recorded:
    """What recording a batch's answers did."""

    submitted: int = 0
    failed: int = 0


def claim(session: Session, owner: str, run_id: str) -> Batches:
    """Claim the run's next payouts to hand over, grouped by (batch, method): first a batch another
    execution claimed and never recorded (retaken whole, with its batch id, so its bank file is the same
    one), else up to `SUBMIT_CHUNK` pending payouts in new batches, one per method."""
    rows = _retake(session, owner, run_id) or _pending(session, run_id)
    if not rows:
        return {}
    fresh: dict[str, str] = {}
    batch_of: dict[str, str] = {}
    for p in rows:
        keep = p.batch is not None and p.status != PayoutStatus.pending.value
        batch_of[p.id] = p.batch if keep else fresh.setdefault(p.method, new_id("bat"))
    by_batch: dict[str, list[str]] = defaultdict(list)
    for payout_id, batch in batch_of.items():
        by_batch[batch].append(payout_id)
    claimed_at = utc_now()
    for batch, ids in by_batch.items():
        session.execute(
            update(Payout)
            .where(ledger.one_of(session, col(Payout.id), ids))
            .values(batch=batch, status=_SUBMITTING, claimed_at=claimed_at, claimed_by=owner)
            .execution_options(synchronize_session=False)
        )
    return _instructions(session, rows, batch_of)


def _retake(session: Session, owner: str, run_id: str) -> Sequence[Row[Any]]:
    """A whole batch left `submitting` by another execution of the run (dead, or past its lease)."""
    first = session.exec(
        select(col(Payout.id), col(Payout.batch))
        .where(
            col(Payout.run_id) == run_id,
            col(Payout.status) == _SUBMITTING,
            or_(col(Payout.claimed_by).is_(None), col(Payout.claimed_by) != owner),
        )
        .order_by(col(Payout.id))
        .limit(1)
    ).first()
    if first is None:
        return []
    payout_id, batch = first
    match = col(Payout.batch) == batch if batch is not None else col(Payout.id) == payout_id
    return session.execute(
        sa_select(*_CLAIMED)
        .where(match, col(Payout.status) == _SUBMITTING)
        .order_by(col(Payout.id))
        .with_for_update()
    ).all()


def _pending(session: Session, run_id: str) -> Sequence[Row[Any]]:
    stmt = (
        sa_select(*_CLAIMED)
        .where(col(Payout.run_id) == run_id, col(Payout.status) == PayoutStatus.pending.value)
        .order_by(col(Payout.id))
        .limit(SUBMIT_CHUNK)
    )
    if ledger.dialect(session) == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return session.execute(stmt).all()


def _instructions(session: Session, rows: Sequence[Row[Any]], batch_of: dict[str, str]) -> Batches:
    """What the provider is told for each claimed payout: where the settings in force when it was planned
    said to send it (its destination)."""
    planned_at: dict[datetime, set[PayeeRef]] = defaultdict(set)
    for p in rows:
        planned_at[as_utc(p.created_at)].add(PayeeRef.of(p.payee_type, p.payee_id))
    settings_at = {
        when: payout_changes.settings_in_force(session, payees=refs, at=when)
        for when, refs in planned_at.items()
    }
    names = {ref: payee.name for ref, payee in payees(session, set().union(*planned_at.values())).items()}
    batches: Batches = defaultdict(list)
    for p in rows:
        ref = PayeeRef.of(p.payee_type, p.payee_id)
        ps = settings_at[as_utc(p.created_at)].get(ref)
        batches[(batch_of[p.id], p.method)].append(
            PayoutInstruction(
                payout_id=p.id,
                payee_id=p.payee_id,
                amount_minor=p.payout_amount_minor,
                currency=p.payout_currency,
                account_holder=(ps.account_holder if ps else None) or names.get(ref) or p.payee_id,
                iban=ps.iban if ps else None,
                bic=ps.bic if ps else None,
                account_number=ps.account_number if ps else None,
                bank_code=ps.bank_code if ps else None,
                stripe_account=ps.stripe_account if ps else None,
            )
        )
    return dict(batches)


def submit(batch: str, method: str, items: list[PayoutInstruction], at: datetime) -> Recorded:
    """Hand a claimed batch to its provider (outside any transaction), then record each answer."""
    results = provider_for(method).submit(batch, items)
    out = Recorded()
    with unit_of_work() as s:
        locked = {
            p.id: p
            for p in s.execute(
                sa_select(*_LOCKED)
                .where(
                    ledger.one_of(s, col(Payout.id), [i.payout_id for i in items]), col(Payout.batch) == batch
                )
                .order_by(col(Payout.id))
                .with_for_update()
            )
        }
        handed: list[tuple[Row[Any], Submission]] = []
        for r in results:
            p = locked.get(r.payout_id)
            if p is None or p.status != _SUBMITTING:  # recorded already (by a retake), or not in the batch
                done = p is not None and p.status in (PayoutStatus.in_transit.value, PayoutStatus.paid.value)
                out.submitted += done
                out.failed += not done
            elif r.ok:
                handed.append((p, r))
            else:
                _refused(s, p.id, r)
                out.failed += 1
        _record_handed(s, batch, handed, at)
        out.submitted += len(handed)
    return out


def _refused(session: Session, payout_id: str, r: Submission) -> None:
    payout = session.get(Payout, payout_id, populate_existing=True)
    assert payout is not None  # locked by the caller
    record_failure(
        session,
        payout,
        failure_code=r.failure_code or "refused",
        message=r.failure_message,
        source="provider",
    )


_HANDED = ("provider_reference", "provider_transfer", "arrival_date")


def _record_handed(
    session: Session, batch: str, handed: list[tuple[Row[Any], Submission]], at: datetime
) -> None:
    """The batch's payouts its provider took: in transit, a statement per group of equal answers (a bank
    file's currency), their `submitted` events and their announcements."""
    if not handed:
        return
    groups: dict[tuple[str | None, str | None, date | None], list[str]] = defaultdict(list)
    for p, r in handed:
        groups[(r.reference, r.transfer, r.arrival_date)].append(p.id)
    for (reference, transfer, arrival), ids in groups.items():
        session.execute(
            update(Payout)
            .where(ledger.one_of(session, col(Payout.id), ids), col(Payout.status) == _SUBMITTING)
            .values(
                status=PayoutStatus.in_transit.value,
                provider_reference=reference,
                provider_transfer=transfer,
                arrival_date=arrival,
                submitted_at=at,
            )
            .execution_options(synchronize_session=False)
        )
    now = utc_now()
    ledger.bulk_insert(
        session,
        "payout_events",
        ("payout_id", "kind", "source", "amount_minor", "currency", "details", "created_at"),
        [
            (
                p.id,
                "submitted",
                "provider",
                p.payout_amount_minor,
                p.payout_currency,
                {"reference": r.reference, "batch": batch},
                now,
            )
            for p, r in handed
        ],
    )
    announced = [
        {**p._asdict(), "status": PayoutStatus.in_transit.value, "arrival_date": r.arrival_date}
        for p, r in handed
    ]
    announce_many(session, announced, PAYOUT_SUBMITTED)
