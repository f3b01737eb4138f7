"""Settlement runs: planned in chunks (one payout per payee and currency, `settlement.payouts.planning`),
claimed, submitted to the rails, resumed when stale. Merchants and creators are paid by the same runs."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.clock import as_utc, utc_now
from core.config import get_settings
from core.db import unit_of_work
from core.errors import InvalidInput
from core.ids import new_id
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
from settlement.payouts.events import payout_event, record_failure
from settlement.payouts.planning import PLAN_CHUNK, plan_chunk
from settlement.providers import PayoutInstruction, Submission, provider_for
from settlement.service import release_due

log = logging.getLogger(__name__)


SUBMIT_CHUNK = 200


STALE_CLAIM = timedelta(minutes=5)


STALE_RUN = timedelta(minutes=10)


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


def execute_run(run_id: str, *, now: datetime | None = None, stop_after: str | None = None) -> RunOutcome:
    """Execute (or resume) a run in short units of work; safe to call again and from several workers.

    `stop_after` ("release", "plan", "claim") stops early, as a crash there would (for tests)."""
    at = now or utc_now()
    out = RunOutcome(run_id)
    with unit_of_work() as s:
        run = get_run(s, run_id=run_id)
        run.attempts += 1
        run.status = RunStatus.running.value
        run.heartbeat_at = at
        run.error = None
        s.add(run)
    try:
        with unit_of_work() as s:
            out.released = release_due(s, as_of=at).orders
        with unit_of_work() as s:
            payout_changes.apply_due(s, at=at)
        if stop_after == "release":
            return out
        after = 0
        while True:
            with unit_of_work() as s:
                run = get_run(s, run_id=run_id)
                done, after, planned = plan_chunk(s, run, after, at)
                out.planned += planned
            if done < PLAN_CHUNK:
                break
        if stop_after == "plan":
            return out
        while True:
            with unit_of_work() as s:
                batches = _claim(s, run_id, at)
            if not batches:
                break
            if stop_after == "claim":
                return out
            for (batch, method), items in batches.items():
                _submit(batch, method, items, at, out)
        with unit_of_work() as s:
            run = get_run(s, run_id=run_id)
            run.payouts_planned = len(
                s.exec(select(col(Payout.id)).where(col(Payout.run_id) == run_id)).all()
            )
            run.status = RunStatus.completed.value
            run.finished_at = utc_now()
            run.heartbeat_at = run.finished_at
            s.add(run)
    except Exception as exc:
        log.exception("settlement run failed", extra={"run_id": run_id})
        with unit_of_work() as s:
            run = get_run(s, run_id=run_id)
            run.status = RunStatus.failed.value
            run.error = f"{type(exc).__name__}: {exc}"[:1000]
            s.add(run)
        raise
    return out


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


def stale_runs(session: Session, *, now: datetime | None = None) -> list[str]:
    """Runs left running by a crashed worker, or failed: executing them again resumes them."""
    at = now or utc_now()
    rows = session.exec(
        select(SettlementRun).where(
            col(SettlementRun.status).in_([RunStatus.running.value, RunStatus.failed.value])
        )
    ).all()
    return [r.id for r in rows if r.heartbeat_at is None or as_utc(r.heartbeat_at) < at - STALE_RUN]


def _claim(session: Session, run_id: str, at: datetime) -> dict[tuple[str, str], list[PayoutInstruction]]:
    """Claim the run's next payouts to hand over, grouped by (batch, method); stale claims keep their
    batch."""
    pg = ledger.dialect(session) == "postgresql"
    stale = at - STALE_CLAIM
    stmt = (
        select(Payout)
        .where(
            col(Payout.run_id) == run_id,
            (col(Payout.status) == PayoutStatus.pending.value)
            | ((col(Payout.status) == PayoutStatus.submitting.value) & (col(Payout.claimed_at) < stale)),
        )
        .order_by(col(Payout.id))
        .limit(SUBMIT_CHUNK)
    )
    if pg:
        stmt = stmt.with_for_update(skip_locked=True)
    rows = list(session.exec(stmt.execution_options(populate_existing=True)))
    if not rows:
        return {}
    fresh: dict[str, str] = {}
    # each payout goes where the settings in force when it was planned said (its destination)
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
        if p.batch is None or p.status == PayoutStatus.pending.value:
            p.batch = fresh.setdefault(p.method, new_id("bat"))
        p.status = PayoutStatus.submitting.value
        p.claimed_at = at
        session.add(p)
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
    session.flush()
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
    return True


def runs_payout_count(session: Session, run_id: str) -> int:
    return len(session.exec(select(col(Payout.id)).where(col(Payout.run_id) == run_id)).all())
