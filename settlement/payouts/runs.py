"""Settlement runs: planned in chunks (one payout per payee and currency, `settlement.payouts.planning`),
claimed, submitted to the rails, resumed when stale. Merchants and creators are paid by the same runs."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from functools import partial

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.clock import as_utc, utc_now
from core.config import get_settings
from core.db import after_commit, unit_of_work
from core.errors import InvalidInput
from core.events import declare, record_event
from core.ids import new_id
from core.metrics import RUN_SECONDS
from settlement import payout_changes
from settlement.errors import (
    RunNotFound,
)
from settlement.models import (
    Payout,
    PayoutStatus,
    RunStatus,
    SettlementRun,
)
from settlement.payees import PayeeRef, existing_payee
from settlement.payouts import leases
from settlement.payouts.leases import LeaseLost
from settlement.payouts.planning import PLAN_CHUNK, plan_chunk
from settlement.payouts.submission import claim, submit
from settlement.service import release_due

log = logging.getLogger(__name__)


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
            batches = claim(s, lease.owner, run_id)
        if not batches:
            return _Stop.done
        if stop_after == "claim":
            return _Stop.abandoned
        for (batch, method), items in batches.items():
            recorded = submit(batch, method, items, at)
            out.submitted += recorded.submitted
            out.failed += recorded.failed


def _unfinished_payouts(session: Session, run_id: str) -> int:
    return session.exec(
        select(func.count())
        .select_from(Payout)
        .where(
            col(Payout.run_id) == run_id,
            col(Payout.status).in_([PayoutStatus.pending.value, PayoutStatus.submitting.value]),
        )
    ).one()


def runs_payout_count(session: Session, run_id: str) -> int:
    return len(session.exec(select(col(Payout.id)).where(col(Payout.run_id) == run_id)).all())
