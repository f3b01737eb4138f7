"""Settlement runs: planned in chunks (one payout per payee and currency, `settlement.payouts.planning`),
claimed, submitted to the rails, resumed when stale. Merchants and creators are paid by the same runs."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from functools import partial

from sqlalchemy import func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.clock import as_utc, utc_now
from core.config import get_settings
from core.db import after_commit, unit_of_work
from core.errors import InvalidInput
from core.events import declare, record_event
from core.ids import new_id
from core.metrics import RUN_SECONDS
from settlement import ledger, payout_changes
from settlement.errors import (
    RunNotFound,
)
from settlement.models import (
    Payout,
    PayoutStatus,
    RunStatus,
    SettlementRun,
)
from settlement.payees import PayeeRef, existing_payee, payees
from settlement.payouts import leases
from settlement.payouts.events import PAYOUT_SUBMITTED, announce, payout_event, record_failure
from settlement.payouts.leases import LeaseLost
from settlement.payouts.planning import PLAN_CHUNK, plan_chunk
from settlement.providers import PayoutInstruction, Submission, provider_for
from settlement.service import release_due

log = logging.getLogger(__name__)


SUBMIT_CHUNK = 200
RUN_COMPLETED = declare(
    "settlement_run.completed", "A settlement run submitted every payout it planned", readers=()
)
RUN_FAILED = declare(
    "settlement_run.failed", "A settlement run stopped on an error; the scheduler retries it", readers=()
)


def window_of(now: datetime, minutes: int) -> datetime:
    epoch = int(now.timestamp()) // 60
    return datetime.fromtimestamp((epoch - epoch % minutes) * 60, UTC)


def request_run(
    session: Session,
    *,
    now: datetime | None = None,
    merchant_id: str | None = None,
    creator_id: str | None = None,
    requested_by: str | None = None,
) -> SettlementRun:
    """The run of the current window (for one merchant or creator, on demand), created if it does not exist
    yet."""
    at = now or utc_now()
    payee: PayeeRef | None = None
    if merchant_id is not None and creator_id is not None:
        raise InvalidInput.for_field("creator_id", "an on-demand run pays one merchant or one creator")
    if merchant_id is not None:
        payee = existing_payee(session, PayeeRef.merchant(merchant_id), field="merchant_id").ref
    if creator_id is not None:
        payee = existing_payee(session, PayeeRef.creator(creator_id), field="creator_id").ref
    window = window_of(at, get_settings().settlement_run_minutes)
    key = f"{window.isoformat()}"
    if payee is not None:  # a merchant's on-demand run keeps the key it always had
        key += f"/{payee.id}" if payee.merchant_id else f"/creator/{payee.id}"
    existing = session.exec(select(SettlementRun).where(col(SettlementRun.key) == key)).first()
    if existing is not None:
        return existing
    run = SettlementRun(
        id=new_id("run"),
        key=key,
        window_start=window,
        merchant_id=payee.merchant_id if payee else None,
        payee_type=payee.type.value if payee else None,
        payee_id=payee.id if payee else None,
        requested_by=requested_by,
        holds=[],
    )
    try:
        with session.begin_nested():
            session.add(run)
    except IntegrityError:
        found = session.exec(select(SettlementRun).where(col(SettlementRun.key) == key)).one()
        return found
    return run


def get_run(session: Session, *, run_id: str) -> SettlementRun:
    run = session.get(SettlementRun, run_id)
    if run is None:
        raise RunNotFound(f"no settlement run {run_id}")
    return run


def list_runs(
    session: Session, *, limit: int, starting_after: str | None
) -> tuple[list[SettlementRun], bool]:
    stmt = select(SettlementRun)
    if starting_after:
        stmt = stmt.where(col(SettlementRun.id) < starting_after)
    rows = list(session.exec(stmt.order_by(col(SettlementRun.id).desc()).limit(limit + 1)))
    return rows[:limit], len(rows) > limit


@dataclass(slots=True)
class RunOutcome:
    run_id: str
    planned: int = 0
    submitted: int = 0
    failed: int = 0
    released: int = 0
    finished: bool = False
    """Every payout of the run is past submitting and the run is completed."""
    busy: bool = False
    """Another live execution holds the run: this one did nothing."""


class _Stop(Enum):
    done = "done"
    """Nothing left to claim."""
    unfinished = "unfinished"
    """The time limit came first: the scheduler resumes the run."""
    abandoned = "abandoned"
    """`stop_after`: left as a crash would leave it."""


def execute_run(
    run_id: str,
    *,
    now: datetime | None = None,
    stop_after: str | None = None,
    resume_only: bool = False,
    time_limit: timedelta | None = None,
) -> RunOutcome:
    """Execute (or resume) a run in short units of work, holding its lease (`settlement.payouts.leases`).

    Returns at once (`busy`) when another live execution holds the run, or, with `resume_only`, when the run
    is completed. After `time_limit` it stops at the next unit of work and leaves the rest to the scheduler.
    `stop_after` ("release", "plan", "claim") stops early and leaves the run as a crash there would once its
    lease expired (for tests)."""
    at = now or utc_now()
    out = RunOutcome(run_id)
    lease = leases.take(run_id, resume_only=resume_only)
    if lease is None:
        out.busy = True
        return out
    lease.start_heartbeat()
    deadline = None if time_limit is None else time.monotonic() + time_limit.total_seconds()
    try:
        stop = _steps(lease, at, out, stop_after, deadline)
        if stop is _Stop.abandoned:
            leases.abandon(lease)
            return out
        lease.stop_heartbeat()
        with unit_of_work() as s:
            left = _unfinished_payouts(s, run_id)
            done = stop is _Stop.done and not left
            if done:
                run = get_run(s, run_id=run_id)
                run.payouts_planned = runs_payout_count(s, run_id)
                s.add(run)
                s.flush()
            status = RunStatus.completed if done else RunStatus.running
            out.finished = leases.release(s, lease, status=status) and done
            if out.finished:
                _announce_run(s, run_id, RUN_COMPLETED)
    except LeaseLost:
        log.warning("settlement run taken over by another execution", extra={"run_id": run_id})
    except Exception as exc:
        log.exception("settlement run failed", extra={"run_id": run_id})
        lease.stop_heartbeat()
        with unit_of_work() as s:
            attempts = get_run(s, run_id=run_id).attempts
            retry_at = utc_now() + leases.retry_delay(attempts)
            error = f"{type(exc).__name__}: {exc}"
            if leases.release(s, lease, status=RunStatus.failed, error=error, retry_at=retry_at):
                _announce_run(s, run_id, RUN_FAILED)
        raise
    finally:
        lease.stop_heartbeat()
    return out


def _announce_run(session: Session, run_id: str, type: str) -> None:
    run = session.get(SettlementRun, run_id, populate_existing=True)
    assert run is not None
    fields = ("id", "key", "status", "attempts", "payouts_planned", "merchants_held", "error")
    obj = {name: getattr(run, name) for name in fields}
    obj["window_start"] = as_utc(run.window_start).isoformat()
    obj["finished_at"] = as_utc(run.finished_at).isoformat() if run.finished_at else None
    record_event(session, type, subject_id=run.id, data={"object": obj})
    took = ((run.finished_at and as_utc(run.finished_at)) or utc_now()) - as_utc(run.created_at)
    outcome = "completed" if run.status == RunStatus.completed.value else "failed"
    after_commit(session, partial(RUN_SECONDS.labels(outcome).observe, took.total_seconds()))


def _steps(
    lease: leases.Lease, at: datetime, out: RunOutcome, stop_after: str | None, deadline: float | None
) -> _Stop:
    """Release, plan, then claim and submit batch after batch, checking the lease and the time limit
    between units of work."""
    run_id = lease.run_id
    with unit_of_work() as s:
        out.released = release_due(s, as_of=at).orders
    with unit_of_work() as s:
        payout_changes.apply_due(s, at=at)
    if stop_after == "release":
        return _Stop.abandoned
    after = 0
    while True:
        lease.check()
        if deadline is not None and time.monotonic() > deadline:
            return _Stop.unfinished
        with unit_of_work() as s:
            run = get_run(s, run_id=run_id)
            done, after, planned = plan_chunk(s, run, after, at)
            out.planned += planned
        if done < PLAN_CHUNK:
            break
    if stop_after == "plan":
        return _Stop.abandoned
    while True:
        lease.check()
        if deadline is not None and time.monotonic() > deadline:
            return _Stop.unfinished
        with unit_of_work() as s:
            batches = _claim(s, lease.owner, run_id)
        if not batches:
            return _Stop.done
        if stop_after == "claim":
            return _Stop.abandoned
        for (batch, method), items in batches.items():
            _submit(batch, method, items, at, out)


def _unfinished_payouts(session: Session, run_id: str) -> int:
    return session.exec(
        select(func.count())
        .select_from(Payout)
        .where(
            col(Payout.run_id) == run_id,
            col(Payout.status).in_([PayoutStatus.pending.value, PayoutStatus.submitting.value]),
        )
    ).one()


def _submit(batch: str, method: str, items: list[PayoutInstruction], at: datetime, out: RunOutcome) -> None:
    """Hand a claimed batch to its provider (outside any transaction), then record each answer."""
    results = provider_for(method).submit(batch, items)
    with unit_of_work() as s:
        locked = s.exec(
            select(Payout)
            .where(col(Payout.batch) == batch)
            .order_by(col(Payout.id))
            .with_for_update()
            .execution_options(populate_existing=True)
        ).all()
        by_id = {p.id: p for p in locked}
        for r in results:
            if _record_submission(s, by_id.get(r.payout_id), r, batch, at):
                out.submitted += 1
            else:
                out.failed += 1


def _claim(session: Session, owner: str, run_id: str) -> dict[tuple[str, str], list[PayoutInstruction]]:
    """Claim the run's next payouts to hand over, grouped by (batch, method): first a batch another
    execution claimed and never recorded (retaken whole, with its batch id, so its bank file is the same
    one), else up to `SUBMIT_CHUNK` pending payouts in new batches, one per method."""
    rows = _retake(session, owner, run_id) or _pending(session, run_id)
    if not rows:
        return {}
    fresh: dict[str, str] = {}
    claimed_at = utc_now()
    for p in rows:
        if p.batch is None or p.status == PayoutStatus.pending.value:
            p.batch = fresh.setdefault(p.method, new_id("bat"))
        p.status = PayoutStatus.submitting.value
        p.claimed_at = claimed_at
        p.claimed_by = owner
        session.add(p)
    batches = _instructions(session, rows)
    session.flush()
    return batches


def _retake(session: Session, owner: str, run_id: str) -> list[Payout]:
    """A whole batch left `submitting` by another execution of the run (dead, or past its lease)."""
    first = session.exec(
        select(col(Payout.id), col(Payout.batch))
        .where(
            col(Payout.run_id) == run_id,
            col(Payout.status) == PayoutStatus.submitting.value,
            or_(col(Payout.claimed_by).is_(None), col(Payout.claimed_by) != owner),
        )
        .order_by(col(Payout.id))
        .limit(1)
    ).first()
    if first is None:
        return []
    payout_id, batch = first
    match = col(Payout.batch) == batch if batch is not None else col(Payout.id) == payout_id
    return list(
        session.exec(
            select(Payout)
            .where(match, col(Payout.status) == PayoutStatus.submitting.value)
            .order_by(col(Payout.id))
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )


def _pending(session: Session, run_id: str) -> list[Payout]:
    stmt = (
        select(Payout)
        .where(col(Payout.run_id) == run_id, col(Payout.status) == PayoutStatus.pending.value)
        .order_by(col(Payout.id))
        .limit(SUBMIT_CHUNK)
    )
    if ledger.dialect(session) == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return list(session.exec(stmt.execution_options(populate_existing=True)))


def _instructions(session: Session, rows: list[Payout]) -> dict[tuple[str, str], list[PayoutInstruction]]:
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
    batches: dict[tuple[str, str], list[PayoutInstruction]] = defaultdict(list)
    for p in rows:
        assert p.batch is not None
        ref = PayeeRef.of(p.payee_type, p.payee_id)
        ps = settings_at[as_utc(p.created_at)].get(ref)
        batches[(p.batch, p.method)].append(
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


def _record_submission(
    session: Session, payout: Payout | None, r: Submission, batch: str, at: datetime
) -> bool:
    if payout is None:
        return False
    if payout.status != PayoutStatus.submitting.value or payout.batch != batch:
        return payout.status in (PayoutStatus.in_transit.value, PayoutStatus.paid.value)
    if not r.ok:
        record_failure(
            session,
            payout,
            failure_code=r.failure_code or "refused",
            message=r.failure_message,
            source="provider",
        )
        return False
    payout.status = PayoutStatus.in_transit.value
    payout.provider_reference = r.reference
    payout.provider_transfer = r.transfer
    payout.arrival_date = r.arrival_date
    payout.submitted_at = at
    session.add(payout)
    payout_event(
        session,
        payout=payout,
        kind="submitted",
        source="provider",
        amount_minor=payout.payout_amount_minor,
        currency=payout.payout_currency,
        details={"reference": r.reference, "batch": batch},
    )
    announce(session, payout, PAYOUT_SUBMITTED)
    return True


def runs_payout_count(session: Session, run_id: str) -> int:
    return len(session.exec(select(col(Payout.id)).where(col(Payout.run_id) == run_id)).all())
