"""Run leases: one execution holds a settlement run at a time and proves it is alive with a heartbeat.

`take` sets `lease_owner` and `lease_expires_at` on the run with one conditional UPDATE: it succeeds when no
one holds the run or the holder's lease has expired (the holder is dead, or stuck past its lease), so two
executions never take the same run. While it holds the lease, a daemon thread renews it every
`HEARTBEAT_SECONDS` (a conditional UPDATE on the owner too: a renewal that finds another owner marks the lease
lost, and the execution stops at its next unit of work). Whatever ends an execution, the lease ends with it:
handed back at the end (`release`), or, after a crash or SIGKILL, expired `RUN_LEASE` after the last
heartbeat, and the scheduler's check (`stale_runs` in `settlement.resume_runs`, every 30 seconds:
`core.celery_app.STALE_RUN_CHECK`) resumes the run within a minute of its last sign of life.

The lease is about progress, not safety: if two executions ever overlapped (a holder stalled past its lease),
every step is still idempotent per payout (planning by `UNIQUE(account, period)`, claims by row locks and
conditional status, submission by keys derived from the payout id).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, update
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from core.clock import utc_now
from core.db import unit_of_work
from settlement.errors import RunNotFound
from settlement.models import RunStatus, SettlementRun

log = logging.getLogger(__name__)

RUN_LEASE = timedelta(seconds=30)
"""How long a run stays held without a heartbeat: a killed execution's run is free again this long after."""

HEARTBEAT_SECONDS = 10.0
"""How often the holder renews its lease (a third of it: two renewals may fail before it expires)."""

RETRY_AFTER_FAILURE = timedelta(minutes=1)
"""A failed run is retried by the scheduler after this, doubled for each attempt, at most `MAX_RETRY`."""

MAX_RETRY = timedelta(hours=1)


class LeaseLost(RuntimeError):
    """Another execution took the run over: this one stops at its next unit of work."""


def new_owner() -> str:
    """Who executes: the host and process (for people reading the table) and a token of this execution."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


@dataclass(slots=True)
class Lease:
    """A run held by this execution, renewed by a heartbeat thread until `release`."""

    run_id: str
    owner: str
    lost: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def check(self) -> None:
        """Raise LeaseLost when another execution has taken the run over."""
        if self.lost.is_set():
            raise LeaseLost(f"run {self.run_id} was taken over by another execution")

    def start_heartbeat(self, every: float = HEARTBEAT_SECONDS) -> None:
        self._thread = threading.Thread(
            target=self._beat, args=(every,), name=f"lease {self.run_id}", daemon=True
        )
        self._thread.start()

    def _beat(self, every: float) -> None:
        while not self._stop.wait(every):
            try:
                if not renew(self.run_id, self.owner):
                    log.warning("settlement run lease lost", extra={"run_id": self.run_id})
                    self.lost.set()
                    return
            except SQLAlchemyError:  # the next beat tries again; the lease outlives two missed beats
                log.warning("settlement run heartbeat failed", extra={"run_id": self.run_id}, exc_info=True)

    def stop_heartbeat(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(5)


def take(run_id: str, *, resume_only: bool = False) -> Lease | None:
    """Hold the run for this execution and count the attempt; None when a live execution holds it (or, with
    `resume_only`, when it is completed or a failed run's retry time has not come). Raises RunNotFound for an
    unknown run."""
    owner, now = new_owner(), utc_now()
    expired = or_(col(SettlementRun.lease_expires_at).is_(None), col(SettlementRun.lease_expires_at) < now)
    stmt = update(SettlementRun).where(col(SettlementRun.id) == run_id)
    if resume_only:  # a failed run's retry time (an expiry with no owner) holds the scheduler back too
        stmt = stmt.where(expired, col(SettlementRun.status) != RunStatus.completed.value)
    else:
        stmt = stmt.where(or_(col(SettlementRun.lease_owner).is_(None), expired))
    with unit_of_work() as s:
        taken = s.execute(
            stmt.values(
                lease_owner=owner,
                lease_expires_at=now + RUN_LEASE,
                heartbeat_at=now,
                attempts=SettlementRun.attempts + 1,
                status=RunStatus.running.value,
                error=None,
            )
        ).rowcount  # type: ignore[attr-defined]
        if not taken:
            if s.get(SettlementRun, run_id) is None:
                raise RunNotFound(f"no settlement run {run_id}")
            return None
    return Lease(run_id, owner)


def renew(run_id: str, owner: str) -> bool:
    """Extend the lease from now; False when `owner` no longer holds it."""
    now = utc_now()
    with unit_of_work() as s:
        renewed = s.execute(
            update(SettlementRun)
            .where(col(SettlementRun.id) == run_id, col(SettlementRun.lease_owner) == owner)
            .values(lease_expires_at=now + RUN_LEASE, heartbeat_at=now)
        ).rowcount  # type: ignore[attr-defined]
    return bool(renewed)


def release(
    session: Session,
    lease: Lease,
    *,
    status: RunStatus,
    error: str | None = None,
    retry_at: datetime | None = None,
) -> bool:
    """Hand the run back with its new status (in `session`'s transaction); False when it was taken over, in
    which case nothing is changed. `retry_at` keeps a failed run from the scheduler until then."""
    now = utc_now()
    values: dict[str, object] = {
        "lease_owner": None,
        "lease_expires_at": retry_at,
        "heartbeat_at": now,
        "status": status.value,
    }
    if status is RunStatus.completed:
        values["finished_at"] = now
    if error is not None:
        values["error"] = error[:1000]
    released = session.execute(
        update(SettlementRun)
        .where(col(SettlementRun.id) == lease.run_id, col(SettlementRun.lease_owner) == lease.owner)
        .values(**values)
    ).rowcount  # type: ignore[attr-defined]
    return bool(released)


def abandon(lease: Lease) -> None:
    """Leave the run as a crashed execution would once its lease ran out (tests stop runs midway with it)."""
    lease.stop_heartbeat()
    with unit_of_work() as s:
        s.execute(
            update(SettlementRun)
            .where(col(SettlementRun.id) == lease.run_id, col(SettlementRun.lease_owner) == lease.owner)
            .values(lease_expires_at=utc_now() - RUN_LEASE)
        )


def retry_delay(attempts: int) -> timedelta:
    """How long a run that failed on its `attempts`-th attempt waits for the scheduler."""
    delay: timedelta = RETRY_AFTER_FAILURE * 2 ** min(max(attempts - 1, 0), 10)
    return min(delay, MAX_RETRY)


def stale_runs(session: Session, *, now: datetime | None = None) -> list[str]:
    """Every unfinished run that no live execution holds: never executed, left by a crashed or killed
    execution (its lease expired), stopped at its time limit, or failed and due for another attempt."""
    at = now or utc_now()
    return list(
        session.exec(
            select(col(SettlementRun.id))
            .where(col(SettlementRun.status) != RunStatus.completed.value)
            .where(
                or_(col(SettlementRun.lease_expires_at).is_(None), col(SettlementRun.lease_expires_at) < at)
            )
            .order_by(func.coalesce(col(SettlementRun.heartbeat_at), col(SettlementRun.created_at)))
        ).all()
    )
