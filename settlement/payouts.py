"""Payout settings, settlement runs, payouts, confirmations (admin, bank statement, Stripe webhook) and
reconciliation.

A run belongs to one window of `settings.settlement_run_minutes` (or to one merchant, on demand): asking
for the
window's run again finds it. Executing a run is a process of short units of work, each safe to repeat, so a
run killed at any point is resumed by executing it again and several workers may execute it at once:

1. release what is due (pending -> available, ended reserves -> available);
2. plan: take merchants' available accounts in id order, `FOR UPDATE SKIP LOCKED` on PostgreSQL (the writer
   lock serialises on SQLite), and for each one due (interval, minimum, compliance holds) post available ->
   in transit and insert the payout in the same transaction; `UNIQUE(account, period)` and the posting's
   idempotency key make a second payout of the same period impossible;
3. submit: claim pending payouts by batch (a conditional update), hand each batch to its provider outside any
   transaction, then record the answer; a claim left by a crashed worker is taken over with the same batch id,
   and providers treat a batch they saw as already handed over;
4. the run is completed; reconciliation compares the ledger, the payouts submitted and the confirmations.

Paid -> the in-transit amount leaves the platform's cash; failed -> the payout's transaction is reversed
exactly, so the amount is available again, and the failure code is kept.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

import stripe
from sqlalchemy import and_, func, or_, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from compliance.evaluation import payout_holds, record_decision
from core.auth import Principal
from core.clock import as_utc, utc_now
from core.config import get_settings
from core.db import unit_of_work
from core.errors import InvalidInput
from core.ids import new_id
from core.models import Merchant
from core.money import Money, MoneyModel
from payments import fx
from payments.fx_quotes import consume_fx_quote, create_fx_quote
from settlement import ledger, payout_changes
from settlement.errors import (
    PayoutNotFound,
    PayoutSettingsMissing,
    PayoutStateConflict,
    RunNotFound,
    StatementInvalid,
    WebhookSignatureInvalid,
)
from settlement.ledger import Posting, merchant_account, platform_account
from settlement.models import (
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    OwnerType,
    Payout,
    PayoutEvent,
    PayoutInterval,
    PayoutMethod,
    PayoutSettings,
    PayoutStatus,
    RunStatus,
    SettlementOrder,
    SettlementRefund,
    SettlementRun,
)
from settlement.providers import PayoutInstruction, Submission, check_bic, check_iban, mask, provider_for
from settlement.reserves import reserve_reason
from settlement.service import release_due

log = logging.getLogger("tradelane.settlement")

PLAN_CHUNK = 500
SUBMIT_CHUNK = 200
STALE_CLAIM = timedelta(minutes=5)
STALE_RUN = timedelta(minutes=10)


# --- payout settings ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PayoutSettingsData:
    currency: str
    minimum: Money
    method: PayoutMethod
    interval: PayoutInterval = PayoutInterval.daily
    weekly_anchor: int = 0
    hold_business_days: int | None = None
    account_holder: str | None = None
    iban: str | None = None
    bic: str | None = None
    account_number: str | None = None
    bank_code: str | None = None
    stripe_account: str | None = None


class PayoutSettingsBody(Protocol):
    """What `settings_data_from` reads from a request body (`settlement.schemas.PayoutSettingsUpdate`);
    declared here because the schemas import this module, not the other way round."""

    interval: PayoutInterval
    weekly_anchor: int
    currency: str | None
    minimum: MoneyModel
    method: PayoutMethod
    hold_business_days: int | None
    account_holder: str | None
    iban: str | None
    bic: str | None
    account_number: str | None
    bank_code: str | None
    stripe_account: str | None


def get_payout_settings(session: Session, *, merchant_id: str) -> PayoutSettings:
    row = session.get(PayoutSettings, merchant_id)
    if row is None:
        raise PayoutSettingsMissing(f"merchant {merchant_id} has no payout settings yet")
    return row


SETTINGS_FIELDS = (
    "interval",
    "weekly_anchor",
    "currency",
    "minimum_minor",
    "method",
    "hold_business_days",
    "account_holder",
    "iban",
    "bic",
    "account_number",
    "bank_code",
    "stripe_account",
)
"""The stored fields a merchant sets (`payout_settings` columns other than the key and the version)."""


def settings_values(session: Session, *, merchant_id: str, data: PayoutSettingsData) -> dict[str, Any]:
    """Check a merchant's payout settings (the bank or Stripe account too) and return the values to store,
    one per `SETTINGS_FIELDS`."""
    merchant = session.get(Merchant, merchant_id)
    if merchant is None:
        raise InvalidInput.for_field("merchant_id", f"no merchant {merchant_id}")
    if data.minimum.currency != data.currency:
        raise InvalidInput.for_field("minimum.currency", f"must be {data.currency}, the payout currency")
    if data.minimum.amount < 0 or not data.minimum.is_exact():
        raise InvalidInput.for_field("minimum.amount", "must be zero or more, in the currency's minor unit")
    if not 0 <= data.weekly_anchor <= 6:
        raise InvalidInput.for_field("weekly_anchor", "0 (Monday) to 6 (Sunday)")
    if data.hold_business_days is not None and not 0 <= data.hold_business_days <= 60:
        raise InvalidInput.for_field("hold_business_days", "0 to 60")
    iban = bic = None
    if data.method is PayoutMethod.bank_file:
        if not (data.account_holder and data.account_holder.strip()):
            raise InvalidInput.for_field("account_holder", "the bank account's holder is required")
        if data.iban:
            iban = check_iban(data.iban)
        if data.bic:
            bic = check_bic(data.bic)
        if data.currency == "EUR" and iban is None:
            raise InvalidInput.for_field("iban", "EUR payouts are SEPA transfers: an IBAN is required")
        if iban is None and not data.account_number:
            raise InvalidInput.for_field("account_number", "give an IBAN or an account number")
    else:
        acct = data.stripe_account or ""
        if not (acct.startswith("acct_") and 6 < len(acct) <= 60 and acct.replace("_", "").isalnum()):
            raise InvalidInput.for_field("stripe_account", "a Stripe connected account id, acct_...")
    return {
        "interval": data.interval.value,
        "weekly_anchor": data.weekly_anchor,
        "currency": data.currency,
        "minimum_minor": data.minimum.to_minor(),
        "method": data.method.value,
        "hold_business_days": data.hold_business_days if data.hold_business_days is not None else 1,
        "account_holder": data.account_holder.strip() if data.account_holder else None,
        "iban": iban,
        "bic": bic,
        "account_number": data.account_number,
        "bank_code": data.bank_code,
        "stripe_account": data.stripe_account if data.method is PayoutMethod.stripe else None,
    }


def write_payout_settings(
    session: Session, *, merchant_id: str, values: dict[str, Any], actor: str | None = None
) -> PayoutSettings:
    """Write checked values (`settings_values`, or some of them) to the merchant's settings, a new version."""
    row = session.get(PayoutSettings, merchant_id)
    if row is None:
        row = PayoutSettings(
            merchant_id=merchant_id,
            currency=values["currency"],
            minimum_minor=0,
            method=values["method"],
            version=0,
        )
    for name, value in values.items():
        if name not in SETTINGS_FIELDS:
            raise ValueError(f"not a payout setting: {name}")
        setattr(row, name, value)
    row.version += 1
    row.updated_at = utc_now()
    row.updated_by = actor
    session.add(row)
    session.flush()
    return row


def put_payout_settings(
    session: Session, *, merchant_id: str, data: PayoutSettingsData, actor: str | None = None
) -> PayoutSettings:
    """Create or replace a merchant's payout settings at once, checking the bank or Stripe account. For
    seeding and the platform's own tools: a merchant's or admin's request goes through
    `settlement.payout_changes.request_settings` (changes that move money wait for approval)."""
    values = settings_values(session, merchant_id=merchant_id, data=data)
    return write_payout_settings(session, merchant_id=merchant_id, values=values, actor=actor)


def settings_data_from(session: Session, *, merchant_id: str, data: PayoutSettingsBody) -> PayoutSettingsData:
    """The settings a request body (the API's and the console's) asks for: the payout currency is the
    merchant's settlement currency unless the body names one."""
    merchant = session.get(Merchant, merchant_id)
    if merchant is None:
        raise InvalidInput.for_field("merchant_id", f"no merchant {merchant_id}")
    return PayoutSettingsData(
        interval=data.interval,
        weekly_anchor=data.weekly_anchor,
        currency=data.currency or merchant.settlement_currency,
        minimum=data.minimum.to_money(),
        method=data.method,
        hold_business_days=data.hold_business_days,
        account_holder=data.account_holder,
        iban=data.iban,
        bic=data.bic,
        account_number=data.account_number,
        bank_code=data.bank_code,
        stripe_account=data.stripe_account,
    )


# --- runs ------------------------------------------------------------------------------------------------


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
                done, after, planned = _plan_chunk(s, run, after, at)
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


def _plan_chunk(session: Session, run: SettlementRun, after: int, at: datetime) -> tuple[int, int, int]:
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


def _event(
    session: Session,
    *,
    payout: Payout | None,
    kind: str,
    source: str,
    external_id: str | None = None,
    amount_minor: int | None = None,
    currency: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    session.add(
        PayoutEvent(
            payout_id=payout.id if payout else None,
            kind=kind,
            source=source,
            external_id=external_id,
            amount_minor=amount_minor,
            currency=currency,
            details=details,
        )
    )


def _record_submission(
    session: Session, payout: Payout | None, r: Submission, batch: str, at: datetime
) -> bool:
    if payout is None:
        return False
    if payout.status != PayoutStatus.submitting.value or payout.batch != batch:
        return payout.status in (PayoutStatus.in_transit.value, PayoutStatus.paid.value)
    if not r.ok:
        _fail(
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
    _event(
        session,
        payout=payout,
        kind="submitted",
        source="provider",
        amount_minor=payout.payout_amount_minor,
        currency=payout.payout_currency,
        details={"reference": r.reference, "batch": batch},
    )
    return True


# --- confirmations -----------------------------------------------------------------------------------------


def _locked_payout(session: Session, payout_id: str) -> Payout:
    payout = session.exec(
        select(Payout)
        .where(col(Payout.id) == payout_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if payout is None:
        raise PayoutNotFound(f"no payout {payout_id}")
    return payout


def _seen(session: Session, external_id: str | None) -> bool:
    if external_id is None:
        return False
    return (
        session.exec(select(col(PayoutEvent.id)).where(col(PayoutEvent.external_id) == external_id)).first()
        is not None
    )


def confirm_payout(
    session: Session,
    *,
    payout_id: str,
    source: str,
    external_id: str | None = None,
    amount_minor: int | None = None,
    currency: str | None = None,
) -> Payout:
    """The payout arrived: in transit -> settled. Confirming a paid payout again changes nothing."""
    payout = _locked_payout(session, payout_id)
    if _seen(session, external_id) or payout.status == PayoutStatus.paid.value:
        return payout
    if payout.status not in (PayoutStatus.in_transit.value, PayoutStatus.submitting.value):
        raise PayoutStateConflict(
            f"payout {payout_id} is {payout.status}; only a submitted payout can be paid"
        )
    ledger.post(
        session,
        Posting(
            key=f"payout-paid:{payout.id}",
            kind="payout_paid",
            reference=payout.id,
            occurred_at=utc_now(),
            lines=[
                (
                    merchant_account(payout.merchant_id, AccountKind.in_transit, payout.payout_currency),
                    -payout.payout_amount_minor,
                ),
                (platform_account(AccountKind.cash, payout.payout_currency), payout.payout_amount_minor),
            ],
        ),
    )
    payout.status = PayoutStatus.paid.value
    payout.settled_at = utc_now()
    session.add(payout)
    _event(
        session,
        payout=payout,
        kind="paid",
        source=source,
        external_id=external_id,
        amount_minor=payout.payout_amount_minor if amount_minor is None else amount_minor,
        currency=currency or payout.payout_currency,
    )
    session.flush()
    return payout


def _fail(
    session: Session,
    payout: Payout,
    *,
    failure_code: str,
    message: str | None,
    source: str,
    external_id: str | None = None,
) -> None:
    now = utc_now()
    if payout.status == PayoutStatus.paid.value:
        paid = ledger.existing_transactions(session, [f"payout-paid:{payout.id}"]).get(
            f"payout-paid:{payout.id}"
        )
        if paid is not None:
            ledger.post(
                session,
                Posting(
                    key=f"payout-returned:{payout.id}",
                    kind="payout_returned",
                    reference=payout.id,
                    occurred_at=now,
                    lines=ledger.reversal_of(session, paid),
                ),
            )
    ledger.post(
        session,
        Posting(
            key=f"payout-failed:{payout.id}",
            kind="payout_failure",
            reference=payout.id,
            occurred_at=now,
            lines=ledger.reversal_of(session, payout.ledger_txn_id),
            fx_rate=payout.fx_rate,
        ),
    )
    payout.status = PayoutStatus.failed.value
    payout.failure_code = failure_code[:60]
    payout.failure_message = (message or "")[:500] or None
    payout.settled_at = now
    session.add(payout)
    _event(
        session,
        payout=payout,
        kind="failed",
        source=source,
        external_id=external_id,
        amount_minor=payout.payout_amount_minor,
        currency=payout.payout_currency,
        details={"failure_code": failure_code},
    )
    session.flush()


def fail_payout(
    session: Session,
    *,
    payout_id: str,
    failure_code: str,
    failure_message: str | None = None,
    source: str,
    external_id: str | None = None,
) -> Payout:
    """The payout failed or came back: its amount is available again; failing it again changes nothing."""
    if not failure_code or len(failure_code) > 60:
        raise InvalidInput.for_field("failure_code", "1 to 60 characters")
    payout = _locked_payout(session, payout_id)
    if _seen(session, external_id) or payout.status == PayoutStatus.failed.value:
        return payout
    _fail(
        session,
        payout,
        failure_code=failure_code,
        message=failure_message,
        source=source,
        external_id=external_id,
    )
    return payout


# --- bank statements


@dataclass(slots=True)
class StatementResult:
    lines: int = 0
    paid: int = 0
    failed: int = 0
    duplicates: int = 0
    unmatched: list[dict[str, str]] = field(default_factory=list)


def import_statement(session: Session, *, content: str) -> StatementResult:
    """Apply a bank statement CSV: `reference,amount,currency,status[,failure_code]`; status
    paid|failed|returned.

    `reference` is the payout id (the SEPA end-to-end id) or the provider reference. A line seen before is
    skipped.
    """
    out = StatementResult()
    reader = csv.DictReader(io.StringIO(content))
    need = {"reference", "amount", "currency", "status"}
    if reader.fieldnames is None or not need <= {f.strip() for f in reader.fieldnames}:
        raise StatementInvalid.for_field("body", f"the CSV header must include {', '.join(sorted(need))}")
    for n, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        out.lines += 1
        ref, status = row["reference"], row["status"].lower()
        fingerprint = "stmt:" + hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()
        if _seen(session, fingerprint):
            out.duplicates += 1
            continue
        payout = (
            session.get(Payout, ref)
            or session.exec(select(Payout).where(col(Payout.provider_reference) == ref)).first()
        )
        if payout is None or status not in ("paid", "failed", "returned"):
            out.unmatched.append(
                {
                    "line": str(n),
                    "reference": ref,
                    "reason": "unknown payout" if payout is None else "unknown status",
                }
            )
            _event(
                session,
                payout=None,
                kind="unmatched",
                source="statement",
                external_id=fingerprint,
                details=row,
            )
            continue
        try:
            money = Money.of(row["amount"], row["currency"])
        except (ValueError, ArithmeticError):
            raise StatementInvalid.for_field(
                f"line {n}.amount", f"not an amount: {row['amount']!r} {row['currency']!r}"
            ) from None
        if status == "paid":
            if payout.status == PayoutStatus.failed.value:
                out.unmatched.append({"line": str(n), "reference": ref, "reason": "payout already failed"})
                _event(
                    session,
                    payout=payout,
                    kind="unmatched",
                    source="statement",
                    external_id=fingerprint,
                    details=row,
                )
                continue
            confirm_payout(
                session,
                payout_id=payout.id,
                source="statement",
                external_id=fingerprint,
                amount_minor=money.to_minor(),
                currency=money.currency,
            )
            out.paid += 1
        else:
            fail_payout(
                session,
                payout_id=payout.id,
                failure_code=row.get("failure_code") or f"bank_{status}",
                source="statement",
                external_id=fingerprint,
            )
            out.failed += 1
    session.flush()
    return out


# --- Stripe webhooks ---------------------------------------------------------------------------------------


def handle_stripe_webhook(session: Session, *, payload: bytes, signature: str | None) -> dict[str, str]:
    """Verify the signature (Stripe's scheme) and apply payout.paid, payout.failed or transfer.reversed."""
    secret = get_settings().stripe_webhook_secret
    if secret is None:
        raise WebhookSignatureInvalid("no webhook secret is configured")
    try:
        stripe.Webhook.construct_event(payload, signature, secret.get_secret_value())
    except (ValueError, stripe.SignatureVerificationError):
        raise WebhookSignatureInvalid.for_field("Stripe-Signature", "the signature does not verify") from None
    event = json.loads(payload)
    event_id, kind = str(event.get("id", "")), str(event.get("type", ""))
    obj: dict[str, Any] = (event.get("data") or {}).get("object") or {}
    if _seen(session, f"stripe:{event_id}"):
        return {"event": event_id, "result": "duplicate"}
    meta = obj.get("metadata") or {}
    payout: Payout | None = None
    if kind in ("payout.paid", "payout.failed"):
        pid = meta.get("tradelane_payout")
        payout = session.get(Payout, pid) if pid else None
        if payout is None and obj.get("id"):
            payout = session.exec(
                select(Payout).where(col(Payout.provider_reference) == str(obj["id"]))
            ).first()
    elif kind == "transfer.reversed":
        pid = meta.get("tradelane_payout") or obj.get("transfer_group")
        payout = session.get(Payout, pid) if pid else None
        if payout is None and obj.get("id"):
            payout = session.exec(
                select(Payout).where(col(Payout.provider_transfer) == str(obj["id"]))
            ).first()
    else:
        _event(
            session,
            payout=None,
            kind="ignored",
            source="stripe",
            external_id=f"stripe:{event_id}",
            details={"type": kind},
        )
        return {"event": event_id, "result": "ignored"}
    if payout is None:
        _event(
            session,
            payout=None,
            kind="unmatched",
            source="stripe",
            external_id=f"stripe:{event_id}",
            details={"type": kind, "object": obj.get("id")},
        )
        return {"event": event_id, "result": "unmatched"}
    ext = f"stripe:{event_id}"
    if kind == "payout.paid":
        if payout.status == PayoutStatus.failed.value:
            _event(
                session,
                payout=payout,
                kind="unmatched",
                source="stripe",
                external_id=ext,
                details={"type": kind},
            )
            return {"event": event_id, "result": "conflict", "payout": payout.id}
        confirm_payout(
            session,
            payout_id=payout.id,
            source="stripe",
            external_id=ext,
            amount_minor=int(obj.get("amount", payout.payout_amount_minor)),
            currency=str(obj.get("currency", payout.payout_currency)).upper(),
        )
        return {"event": event_id, "result": "paid", "payout": payout.id}
    code = str(obj.get("failure_code") or ("transfer_reversed" if kind == "transfer.reversed" else "failed"))
    fail_payout(
        session,
        payout_id=payout.id,
        failure_code=code,
        failure_message=obj.get("failure_message"),
        source="stripe",
        external_id=ext,
    )
    return {"event": event_id, "result": "failed", "payout": payout.id}


# --- reading: payouts, lines, reconciliation


def get_payout(session: Session, *, payout_id: str, principal: Principal | None = None) -> Payout:
    payout = session.get(Payout, payout_id)
    if payout is None or (principal is not None and not principal.can_see_merchant(payout.merchant_id)):
        raise PayoutNotFound(f"no payout {payout_id}")
    return payout


def list_payouts(
    session: Session,
    *,
    merchant_id: str | None,
    status: str | None,
    created_from: date | None,
    created_to: date | None,
    limit: int,
    starting_after: str | None,
) -> tuple[list[Payout], bool]:
    stmt = select(Payout)
    if merchant_id is not None:
        stmt = stmt.where(col(Payout.merchant_id) == merchant_id)
    if status is not None:
        stmt = stmt.where(col(Payout.status) == status)
    if created_from is not None:
        stmt = stmt.where(col(Payout.created_at) >= datetime.combine(created_from, datetime.min.time(), UTC))
    if created_to is not None:
        stmt = stmt.where(
            col(Payout.created_at)
            < datetime.combine(created_to + timedelta(days=1), datetime.min.time(), UTC)
        )
    if starting_after:
        stmt = stmt.where(col(Payout.id) < starting_after)
    rows = list(session.exec(stmt.order_by(col(Payout.id).desc()).limit(limit + 1)))
    return rows[:limit], len(rows) > limit


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a payout (or of the next one): what moved the available account, and what it is made of.

    Every line's parts add up to its net: gross - commission - affiliate_commission - fulfilment_fees -
    processing_fees - reserve_held + reserve_released - refunded_before_release = net (a payout, a returned
    payout or an adjustment moves money without parts: its parts are zero). `fees` is the four fees' sum.
    Refund lines carry the refund's share of each part, negated (what the merchant gets back or gives up);
    their `reserve_released` is what the order's reserve paid of the refund."""

    transaction_id: int
    type: str
    order: str | None
    refund: str | None
    payout: str | None
    currency: str
    gross: int
    fees: int
    net: int
    available_on: date | None
    created: datetime
    commission: int = 0
    affiliate_commission: int = 0
    fulfilment_fees: int = 0
    processing_fees: int = 0
    reserve_held: int = 0
    reserve_released: int = 0
    refunded_before_release: int = 0
    """A sale line: what refunds took from the order's funds while they were still pending (so they never
    reached the available balance). A refund line: the part of the refund so taken, negated."""
    reserve_reason: str | None = None
    """A sale or reserve release line whose reserve was raised by the merchant's return rate in the
    category: why (`settlement.reserves`), as the sale recorded it. None: the category's own reserve."""

    @property
    def id(self) -> str:
        """The line's cursor: `<transaction>`, or `<transaction>:<order>` for a release's per-order lines."""
        if self.type in _PER_ORDER.values():
            return f"{self.transaction_id}:{self.order}"
        return str(self.transaction_id)


_PER_ORDER = {"release": "sale", "reserve_release": "reserve_release"}
"""Transactions of many orders (kind -> line type): one line per order, in order id order."""
_CURSOR = re.compile(r"^([1-9][0-9]{0,18})(?::(.+))?$")

Span = tuple[int, int, int | None]
"""(available account id, after transaction id, up to transaction id or None): lines in (after, upto]."""


def _order_lines(
    session: Session, entry: LedgerEntry, txn: LedgerTransaction, *, after: str | None, limit: int | None
) -> list[Line]:
    """The per-order lines of a release (or reserve release) transaction, order ids after `after`."""
    tid = txn.id or 0
    link = SettlementOrder.release_txn_id if txn.kind == "release" else SettlementOrder.reserve_txn_id
    stmt = select(SettlementOrder).where(col(link) == tid).order_by(col(SettlementOrder.order_id))
    if after is not None:
        stmt = stmt.where(col(SettlementOrder.order_id) > after)
    if limit is not None:
        stmt = stmt.limit(limit)
    orders = list(session.exec(stmt))
    created = as_utc(txn.occurred_at)
    reasons = _reserve_reasons(session, [o.sale_txn_id for o in orders])
    if txn.kind == "reserve_release":
        return [
            Line(
                tid,
                "reserve_release",
                o.order_id,
                None,
                None,
                entry.currency,
                0,
                0,
                o.reserve_minor,
                o.reserve_release_on,
                created,
                reserve_released=o.reserve_minor,
                reserve_reason=reasons.get(o.sale_txn_id),
            )
            for o in orders
        ]
    # what refunds took from each order's pending funds before this release
    before: dict[str, int] = defaultdict(int)
    for chunk in ledger._chunks([o.order_id for o in orders]):
        for oid, minor in session.execute(
            select(col(SettlementRefund.order_id), func.sum(col(SettlementRefund.from_pending_minor)))
            .where(col(SettlementRefund.order_id).in_(chunk), col(SettlementRefund.txn_id) < tid)
            .group_by(col(SettlementRefund.order_id))
        ):
            before[oid] = int(minor or 0)
    out = []
    for o in orders:
        fees = o.commission_minor + o.affiliate_minor + o.processing_minor + o.fulfillment_minor
        refunded = before[o.order_id]
        out.append(
            Line(
                tid,
                "sale",
                o.order_id,
                None,
                None,
                entry.currency,
                o.gross_settle_minor,
                fees,
                o.released_minor,
                o.available_on,
                created,
                commission=o.commission_minor,
                affiliate_commission=o.affiliate_minor,
                fulfilment_fees=o.fulfillment_minor,
                processing_fees=o.processing_minor,
                # the order's pending funds at release, less what was released: what went to the reserve
                reserve_held=o.net_minor - refunded - o.released_minor,
                refunded_before_release=refunded,
                reserve_reason=reasons.get(o.sale_txn_id),
            )
        )
    return out


def _reserve_reasons(session: Session, sale_txn_ids: Sequence[int]) -> dict[int, str]:
    """Sale transaction id -> why its reserve was raised, for the sales that recorded a reason."""
    out: dict[int, str] = {}
    for chunk in ledger._chunks(sorted(set(sale_txn_ids))):
        for tid, details in session.execute(
            select(col(LedgerTransaction.id), col(LedgerTransaction.details)).where(
                col(LedgerTransaction.id).in_(chunk), col(LedgerTransaction.details).is_not(None)
            )
        ):
            reason = reserve_reason(details)
            if reason is not None:
                out[int(tid)] = reason
    return out


def _entry_line(entry: LedgerEntry, txn: LedgerTransaction, refund: SettlementRefund | None) -> Line:
    """The line of a transaction of one line: a refund, a payout, a returned payout or an adjustment."""
    tid, created = txn.id or 0, as_utc(txn.occurred_at)
    if txn.kind == "refund":
        r = refund
        return Line(
            tid,
            "refund",
            r.order_id if r else None,
            txn.reference,
            None,
            entry.currency,
            -(r.settle_minor if r else 0),
            -((r.commission_refund_minor + r.affiliate_clawback_minor) if r else 0),
            entry.amount_minor,
            created.date(),
            created,
            commission=-(r.commission_refund_minor if r else 0),
            affiliate_commission=-(r.affiliate_clawback_minor if r else 0),
            reserve_released=r.from_reserved_minor if r else 0,
            refunded_before_release=-(r.from_pending_minor if r else 0),
        )
    kind = txn.kind if txn.kind in ("payout", "payout_failure") else "adjustment"
    return Line(
        tid,
        kind,
        None,
        None,
        txn.reference,
        entry.currency,
        0,
        0,
        entry.amount_minor,
        created.date(),
        created,
    )


def _parse_cursor(starting_after: str) -> tuple[int, str | None]:
    m = _CURSOR.match(starting_after)
    if m is None:
        raise InvalidInput.for_field("starting_after", "a line id: <transaction> or <transaction>:<order>")
    return int(m.group(1)), m.group(2)


def _names_a_line(session: Session, txn: LedgerTransaction, order: str | None) -> bool:
    """Whether `<txn>[:<order>]` is a line of the transaction `txn`."""
    if txn.kind not in _PER_ORDER:
        return order is None
    if order is None:
        return False
    link = SettlementOrder.release_txn_id if txn.kind == "release" else SettlementOrder.reserve_txn_id
    found = session.exec(
        select(col(SettlementOrder.order_id)).where(
            col(SettlementOrder.order_id) == order, col(link) == (txn.id or 0)
        )
    ).first()
    return found is not None


def _span_filter(spans: Sequence[Span]) -> Any:
    conds = []
    for account_id, after, upto in spans:
        c = and_(col(LedgerEntry.account_id) == account_id, col(LedgerEntry.transaction_id) > after)
        if upto is not None:
            c = and_(c, col(LedgerEntry.transaction_id) <= upto)
        conds.append(c)
    return or_(*conds)


def _lines(
    session: Session, spans: Sequence[Span], *, limit: int | None = None, starting_after: str | None = None
) -> tuple[list[Line], bool]:
    """The lines of the available accounts' spans, in (transaction id, order id) order: `limit` of them after
    the line `starting_after` (InvalidInput naming it when it is no line of these spans), and whether more
    follow."""
    if not spans:
        return [], False
    base = (
        select(LedgerEntry, LedgerTransaction)
        .join(LedgerTransaction, col(LedgerTransaction.id) == col(LedgerEntry.transaction_id))
        .where(_span_filter(spans))
        .order_by(col(LedgerEntry.transaction_id), col(LedgerEntry.line))
    )
    cursor: tuple[int, str | None] | None = None
    if starting_after is not None:
        cursor = _parse_cursor(starting_after)
        found = session.exec(base.where(col(LedgerEntry.transaction_id) == cursor[0])).first()
        known = found is not None and _names_a_line(session, found[1], cursor[1])
        if not known:
            raise InvalidInput.for_field("starting_after", f"no line {starting_after} in this list")
        base = base.where(col(LedgerEntry.transaction_id) >= cursor[0])
    want = None if limit is None else limit + 1
    batch = None if want is None else max(want, 50)
    out: list[Line] = []
    seek: tuple[int, int] | None = None
    while True:
        stmt = base
        if seek is not None:
            stmt = stmt.where(
                or_(
                    col(LedgerEntry.transaction_id) > seek[0],
                    and_(col(LedgerEntry.transaction_id) == seek[0], col(LedgerEntry.line) > seek[1]),
                )
            )
        rows = list(session.exec(stmt if batch is None else stmt.limit(batch)))
        refunds = _refunds_of([txn.id or 0 for _, txn in rows if txn.kind == "refund"], session)
        for entry, txn in rows:
            at_cursor = cursor is not None and txn.id == cursor[0]
            left = None if want is None else want - len(out)
            if txn.kind in _PER_ORDER:
                after = cursor[1] if cursor is not None and at_cursor else None
                out += _order_lines(session, entry, txn, after=after, limit=left)
            elif not at_cursor:
                out.append(_entry_line(entry, txn, refunds.get(txn.id or 0)))
            if want is not None and len(out) >= want:
                return out[:limit], True
        if batch is None or len(rows) < batch:
            return out, False
        seek = (rows[-1][0].transaction_id, rows[-1][0].line)


def _refunds_of(txn_ids: Sequence[int], session: Session) -> dict[int, SettlementRefund]:
    out: dict[int, SettlementRefund] = {}
    for chunk in ledger._chunks(list(txn_ids)):
        for r in session.exec(select(SettlementRefund).where(col(SettlementRefund.txn_id).in_(chunk))):
            out[r.txn_id] = r
    return out


def entry_lines(session: Session, *, entries: Sequence[tuple[int, int]]) -> dict[tuple[int, int], list[Line]]:
    """The lines of some entries of available accounts, keyed by (account id, transaction id): what a
    statement's available-account row is made of (the same lines as a payout's)."""
    wanted = set(entries)
    accounts = sorted({a for a, _ in wanted})
    out: dict[tuple[int, int], list[Line]] = defaultdict(list)
    for chunk in ledger._chunks(sorted({t for _, t in wanted})):
        rows = [
            (entry, txn)
            for entry, txn in session.exec(
                select(LedgerEntry, LedgerTransaction)
                .join(LedgerTransaction, col(LedgerTransaction.id) == col(LedgerEntry.transaction_id))
                .where(col(LedgerEntry.transaction_id).in_(chunk), col(LedgerEntry.account_id).in_(accounts))
                .order_by(col(LedgerEntry.transaction_id), col(LedgerEntry.line))
            )
            if (entry.account_id, entry.transaction_id) in wanted
        ]
        refunds = _refunds_of([txn.id or 0 for _, txn in rows if txn.kind == "refund"], session)
        for entry, txn in rows:
            key = (entry.account_id, entry.transaction_id)
            if txn.kind in _PER_ORDER:
                out[key] += _order_lines(session, entry, txn, after=None, limit=None)
            else:
                out[key].append(_entry_line(entry, txn, refunds.get(txn.id or 0)))
    return out


def lines_for_account(session: Session, *, account_id: int, after: int, upto: int | None) -> list[Line]:
    """What moved the available account in (after, upto]: orders made available, reserves released, refunds,
    failed payouts returned and payouts, each order on its own line."""
    return _lines(session, [(account_id, after, upto)])[0]


def _payout_span(payout: Payout) -> Span:
    return (payout.account_id, payout.lines_after_txn_id, payout.ledger_txn_id)


def payout_lines(session: Session, *, payout: Payout) -> list[Line]:
    return _lines(session, [_payout_span(payout)])[0]


def payout_lines_page(
    session: Session, *, payout: Payout, limit: int, starting_after: str | None
) -> tuple[list[Line], bool]:
    """A page of the payout's lines after the line `starting_after`, and whether more follow."""
    return _lines(session, [_payout_span(payout)], limit=limit, starting_after=starting_after)


def _upcoming_spans(session: Session, merchant_id: str) -> list[Span]:
    spans: list[Span] = []
    accounts = session.exec(
        select(LedgerAccount)
        .where(
            col(LedgerAccount.owner_type) == OwnerType.merchant.value,
            col(LedgerAccount.owner_id) == merchant_id,
            col(LedgerAccount.kind) == AccountKind.available.value,
        )
        .order_by(col(LedgerAccount.id))
    ).all()
    for acc in accounts:
        last = session.exec(
            select(col(Payout.ledger_txn_id))
            .where(col(Payout.account_id) == acc.id)
            .order_by(col(Payout.ledger_txn_id).desc())
        ).first()
        spans.append((acc.id or 0, int(last or 0), None))
    return spans


def upcoming_lines(session: Session, *, merchant_id: str) -> list[Line]:
    """What the merchant's next payouts will include: the available accounts' lines since their last
    payout, in transaction order."""
    return _lines(session, _upcoming_spans(session, merchant_id))[0]


def upcoming_lines_page(
    session: Session, *, merchant_id: str, limit: int, starting_after: str | None
) -> tuple[list[Line], bool]:
    """A page of `upcoming_lines` after the line `starting_after`, and whether more follow."""
    return _lines(session, _upcoming_spans(session, merchant_id), limit=limit, starting_after=starting_after)


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


def fx_of(p: Payout) -> tuple[Decimal, Decimal]:
    return (p.fx_rate or Decimal(1), p.fx_reference_rate or Decimal(1))


def runs_payout_count(session: Session, run_id: str) -> int:
    return len(session.exec(select(col(Payout.id)).where(col(Payout.run_id) == run_id)).all())
