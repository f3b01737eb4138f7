"""Settlement runs: planned in chunks (one payout per merchant and currency), claimed, submitted to the
rails, resumed when stale."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from compliance.evaluation import payout_holds, record_decision
from core.clock import as_utc, utc_now
from core.config import get_settings
from core.db import unit_of_work
from core.errors import InvalidInput
from core.ids import new_id
from core.models import Merchant
from core.money import Money
from payments import fx
from payments.fx_quotes import consume_fx_quote, create_fx_quote
from settlement import ledger, payout_changes
from settlement.errors import (
    RunNotFound,
)
from settlement.ledger import Posting, merchant_account, platform_account
from settlement.models import (
    AccountKind,
    Payout,
    PayoutInterval,
    PayoutMethod,
    PayoutStatus,
    RunStatus,
    SettlementRun,
)
from settlement.payouts.events import payout_event, record_failure
from settlement.providers import PayoutInstruction, Submission, mask, provider_for
from settlement.service import release_due

log = logging.getLogger(__name__)


PLAN_CHUNK = 500


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
    requested_by: str | None = None,
) -> SettlementRun:
    """The run of the current window (for one merchant, on demand), created if it does not exist yet."""
    at = now or utc_now()
    if merchant_id is not None and session.get(Merchant, merchant_id) is None:
        raise InvalidInput.for_field("merchant_id", f"no merchant {merchant_id}")
    window = window_of(at, get_settings().settlement_run_minutes)
    key = f"{window.isoformat()}" + (f"/{merchant_id}" if merchant_id else "")
    existing = session.exec(select(SettlementRun).where(col(SettlementRun.key) == key)).first()
    if existing is not None:
        return existing
    run = SettlementRun(
        id=new_id("run"),
        key=key,
        window_start=window,
        merchant_id=merchant_id,
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


def stale_runs(session: Session, *, now: datetime | None = None) -> list[str]:
    """Runs left running by a crashed worker, or failed: executing them again resumes them."""
    at = now or utc_now()
    rows = session.exec(
        select(SettlementRun).where(
            col(SettlementRun.status).in_([RunStatus.running.value, RunStatus.failed.value])
        )
    ).all()
    return [r.id for r in rows if r.heartbeat_at is None or as_utc(r.heartbeat_at) < at - STALE_RUN]


def _period(interval: str, anchor: int, run: SettlementRun) -> str | None:
    day = as_utc(run.window_start).date()
    if run.merchant_id is not None:
        return f"R{run.id}"
    if interval == PayoutInterval.daily.value:
        return f"D{day.isoformat()}"
    if interval == PayoutInterval.weekly.value:
        if day.weekday() < anchor:
            return None
        year, week, _ = day.isocalendar()
        return f"W{year}-{week:02d}"
    return None


def plan_chunk(session: Session, run: SettlementRun, after: int, at: datetime) -> tuple[int, int, int]:
    """Plan payouts for the next chunk of available accounts after id `after`: (seen, last id, planned)."""
    pg = ledger.dialect(session) == "postgresql"
    sql = (
        "SELECT a.id, a.owner_id, a.currency, a.balance_minor FROM ledger_accounts a"
        " WHERE a.owner_type = 'merchant' AND a.kind = 'available' AND a.balance_minor > 0 AND a.id > :after"
        + (" AND a.owner_id = :merchant" if run.merchant_id else "")
        + " ORDER BY a.id LIMIT :lim"
        + (" FOR UPDATE OF a SKIP LOCKED" if pg else "")
    )
    # An account already paid for this period (this run or another) is skipped below: UNIQUE(account, period).
    params: dict[str, Any] = {"after": after, "lim": PLAN_CHUNK}
    if run.merchant_id:
        params["merchant"] = run.merchant_id
    rows = list(session.execute(text(sql), params))
    if not rows:
        return 0, after, 0
    last = int(rows[-1][0])
    owners = sorted({r[1] for r in rows})
    # the settings in force at the run's time: an approved change of account waits for its effective_at
    settings = payout_changes.settings_in_force(session, merchant_ids=owners, at=at)
    merchants = {m.id: m for m in session.exec(select(Merchant).where(col(Merchant.id).in_(owners)))}
    account_ids = [int(r[0]) for r in rows]
    taken = set(
        session.execute(
            select(col(Payout.account_id), col(Payout.period)).where(col(Payout.account_id).in_(account_ids))
        ).all()
    )
    previous: dict[int, int] = defaultdict(int)
    for acc, txn in session.execute(
        text(
            "SELECT account_id, MAX(ledger_txn_id) FROM payouts WHERE account_id IN ("
            + ", ".join(str(a) for a in account_ids)
            + ") GROUP BY account_id"
        )
    ):
        previous[int(acc)] = int(txn)
    holds_memo: dict[tuple[str, str], Any] = {}
    planned = 0
    postings: list[Posting] = []
    planned_payouts: list[tuple[str, dict[str, Any]]] = []
    held: list[dict[str, Any]] = []
    for acc_id, merchant_id, currency, balance in rows:
        acc_id, balance = int(acc_id), int(balance)
        ps = settings.get(merchant_id)
        merchant = merchants.get(merchant_id)
        if ps is None or merchant is None:
            continue
        if ps.interval == PayoutInterval.manual.value and run.merchant_id is None:
            continue
        period = _period(ps.interval, ps.weekly_anchor, run)
        if period is None or (acc_id, period) in taken:
            continue
        hk = (merchant.country, merchant.trader_verification)
        hold = holds_memo.get(hk)
        if hold is None:
            hold = holds_memo[hk] = payout_holds(
                merchant_country=merchant.country, trader_verification=merchant.trader_verification, on=at
            )
        if hold.held:
            held.append({"merchant_id": merchant_id, "reasons": list(hold.reasons)})
            record_decision(
                session,
                context="settlement.payout",
                subject_id=merchant_id,
                topic="payout_holds",
                country=merchant.country,
                input={
                    "merchant_country": merchant.country,
                    "trader_verification": merchant.trader_verification,
                },
                outcome={"held": True, "reasons": list(hold.reasons)},
                rules=hold.rules,
            )
            continue
        amount = Money.from_minor(balance, currency)
        if ps.currency != currency:
            reference = fx.convert(session, amount, ps.currency, on=min(at.date(), fx.today())).result
            if reference.to_minor() < max(ps.minimum_minor, 1):
                continue
        elif balance < max(ps.minimum_minor, 1):
            continue
        payout_id = new_id("po")
        rate = reference_rate = None
        quote_id = None
        pay_minor = balance
        lines: list[tuple[ledger.AccountKey, int]] = [
            (merchant_account(merchant_id, AccountKind.available, currency), -balance)
        ]
        if ps.currency != currency:
            quote = create_fx_quote(
                session,
                sell_currency=currency,
                buy_currency=ps.currency,
                sell_amount=amount,
                lock_seconds=60,
                created_by="settlement",
            )
            consume_fx_quote(session, quote_id=quote.id, consumer=payout_id)
            rate, reference_rate, quote_id, pay_minor = (
                quote.rate,
                quote.reference_rate,
                quote.id,
                quote.buy_amount_minor,
            )
            lines += [
                (platform_account(AccountKind.fx, currency), balance),
                (platform_account(AccountKind.fx, ps.currency), -pay_minor),
            ]
        lines.append((merchant_account(merchant_id, AccountKind.in_transit, ps.currency), pay_minor))
        key = f"payout:{acc_id}:{period}"
        postings.append(
            Posting(
                key=key,
                kind="payout",
                reference=payout_id,
                occurred_at=at,
                lines=lines,
                fx_rate=rate,
                fx_quote_id=quote_id,
                details={"run": run.id},
            )
        )
        destination = (
            mask(ps.iban or ps.account_number)
            if ps.method == PayoutMethod.bank_file.value
            else (ps.stripe_account or "")
        )
        planned_payouts.append(
            (
                key,
                {
                    "id": payout_id,
                    "run_id": run.id,
                    "merchant_id": merchant_id,
                    "account_id": acc_id,
                    "period": period,
                    "currency": currency,
                    "amount_minor": balance,
                    "payout_currency": ps.currency,
                    "payout_amount_minor": pay_minor,
                    "fx_rate": rate,
                    "fx_reference_rate": reference_rate,
                    "fx_quote_id": quote_id,
                    "method": ps.method,
                    "destination": destination,
                    "status": PayoutStatus.pending.value,
                    "ledger_txn_id": 0,
                    "lines_after_txn_id": previous[acc_id],
                    "created_at": at,
                },
            )
        )
        record_decision(
            session,
            context="settlement.payout",
            subject_id=payout_id,
            topic="payout_holds",
            country=merchant.country,
            input={"merchant_country": merchant.country, "trader_verification": merchant.trader_verification},
            outcome={"held": False, "extra_days": hold.extra_days, "amount": str(amount)},
            rules=hold.rules,
        )
    # One posting per payout, written together; the payouts commit with them (UNIQUE(account, period) and
    # the postings' keys refuse a second payout of the same period).
    posted = ledger.post_many(session, postings)
    new_payouts = []
    for key, payout in planned_payouts:
        if key in posted.new:
            payout["ledger_txn_id"] = posted.ids[key]
            new_payouts.append(payout)
    # plain rows in one executemany: a run plans thousands of payouts
    ledger.insert_rows(session, Payout, new_payouts)
    planned += len(new_payouts)
    if held:
        run.holds = [*(run.holds or []), *held]
        run.merchants_held = len({h["merchant_id"] for h in run.holds})
    run.heartbeat_at = utc_now()
    session.add(run)
    session.flush()
    return len(rows), last, planned


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
    planned_at: dict[datetime, set[str]] = defaultdict(set)
    for p in rows:
        planned_at[as_utc(p.created_at)].add(p.merchant_id)
    settings_at = {
        when: payout_changes.settings_in_force(session, merchant_ids=mids, at=when)
        for when, mids in planned_at.items()
    }
    names = dict(
        session.execute(
            select(col(Merchant.id), col(Merchant.name)).where(
                col(Merchant.id).in_({p.merchant_id for p in rows})
            )
        ).all()
    )
    batches: dict[tuple[str, str], list[PayoutInstruction]] = defaultdict(list)
    for p in rows:
        if p.batch is None or p.status == PayoutStatus.pending.value:
            p.batch = fresh.setdefault(p.method, new_id("bat"))
        p.status = PayoutStatus.submitting.value
        p.claimed_at = at
        session.add(p)
        ps = settings_at[as_utc(p.created_at)].get(p.merchant_id)
        merchant = names.get(p.merchant_id)
        batches[(p.batch, p.method)].append(
            PayoutInstruction(
                payout_id=p.id,
                merchant_id=p.merchant_id,
                amount_minor=p.payout_amount_minor,
                currency=p.payout_currency,
                account_holder=(ps.account_holder if ps else None) or merchant or p.merchant_id,
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
