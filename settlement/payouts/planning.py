"""Planning a run's payouts: one payout per payee (merchant or creator), available account and period.

A chunk takes payees' available accounts in id order (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's writer
lock serialises), keeps those due (settings in force, interval, compliance's payout holds, the minimum) and,
for each, posts available -> in transit (through the FX accounts when the payout currency differs) and inserts
the payout in the same transaction; `UNIQUE(account, period)` and the posting's idempotency key make a second
payout of the same period impossible. Merchants and creators go through the same steps.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from compliance.evaluation import PayoutHold, decision_row, decision_texts, payout_holds, record_decisions
from core.clock import as_utc, utc_now
from core.ids import new_id
from core.money import Money
from payments import fx
from payments.fx_quotes import consume_fx_quote, create_fx_quote
from settlement import ledger, payout_changes
from settlement.ledger import AccountKey, Posting, payee_account, platform_account
from settlement.models import (
    PAYEE_TYPES,
    AccountKind,
    Payout,
    PayoutInterval,
    PayoutMethod,
    PayoutSettings,
    PayoutStatus,
    SettlementRun,
)
from settlement.payees import Payee, PayeeRef, payees
from settlement.providers import mask

PLAN_CHUNK = 500


@dataclass(frozen=True, slots=True)
class PayableAccount:
    id: int
    payee: PayeeRef
    currency: str
    balance: int


@dataclass(slots=True)
class _Plan:
    """What a chunk knows of its payees, and what it plans: postings and payouts written together."""

    run: SettlementRun
    at: datetime
    settings: dict[PayeeRef, PayoutSettings]
    payees: dict[PayeeRef, Payee]
    taken: set[tuple[int, str]]
    """(account, period) pairs already paid, by this run or another."""
    previous: dict[int, int]
    """Each account's last payout transaction: a new payout's lines start after it."""
    holds: dict[tuple[str, str], PayoutHold] = field(default_factory=dict)
    postings: list[Posting] = field(default_factory=list)
    payouts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    held: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    """Compliance's payout-hold decisions, logged with the chunk's payouts."""
    decided: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    """The part of a decision its payees share, by (country, verification)."""


def period_of(interval: str, anchor: int, run: SettlementRun) -> str | None:
    """The payout period of a run for these settings: daily `D<day>`, weekly `W<year>-<week>` (from the
    anchor weekday on), on demand `R<run id>`; None when the settings pay nothing in this run."""
    day = as_utc(run.window_start).date()
    if run.payee_id is not None:
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
    accounts = payable_accounts(session, run, after)
    if not accounts:
        return 0, after, 0
    plan = _load(session, run, accounts, at)
    for account in accounts:
        _plan_account(session, plan, account)
    return len(accounts), accounts[-1].id, _write(session, plan)


def payable_accounts(session: Session, run: SettlementRun, after: int) -> list[PayableAccount]:
    """The next chunk of payees' available accounts with money on them, locked (skipping locked ones)."""
    pg = ledger.dialect(session) == "postgresql"
    sql = (
        "SELECT a.id, a.owner_type, a.owner_id, a.currency, a.balance_minor FROM ledger_accounts a"
        " WHERE a.owner_type IN ('" + "', '".join(PAYEE_TYPES) + "')"
        " AND a.kind = 'available' AND a.balance_minor > 0 AND a.id > :after"
        + (" AND a.owner_type = :payee_type AND a.owner_id = :payee_id" if run.payee_id else "")
        + " ORDER BY a.id LIMIT :lim"
        + (" FOR UPDATE OF a SKIP LOCKED" if pg else "")
    )
    params: dict[str, Any] = {"after": after, "lim": PLAN_CHUNK}
    if run.payee_id:
        params.update(payee_type=run.payee_type, payee_id=run.payee_id)
    return [
        PayableAccount(int(acc), PayeeRef.of(owner_type, owner_id), currency, int(balance))
        for acc, owner_type, owner_id, currency, balance in session.execute(text(sql), params)
    ]


def _load(session: Session, run: SettlementRun, accounts: list[PayableAccount], at: datetime) -> _Plan:
    refs = sorted({a.payee for a in accounts})
    account_ids = [a.id for a in accounts]
    taken = {
        (int(acc), str(period))
        for acc, period in session.execute(
            select(col(Payout.account_id), col(Payout.period)).where(col(Payout.account_id).in_(account_ids))
        )
    }
    previous: dict[int, int] = defaultdict(int)
    for acc, txn in session.execute(
        text(
            "SELECT account_id, MAX(ledger_txn_id) FROM payouts WHERE account_id IN ("
            + ", ".join(str(a) for a in account_ids)
            + ") GROUP BY account_id"
        )
    ):
        previous[int(acc)] = int(txn)
    return _Plan(
        run=run,
        at=at,
        # the settings in force at the run's time: an approved change of account waits for its effective_at
        settings=payout_changes.settings_in_force(session, payees=refs, at=at),
        payees=payees(session, refs),
        taken=taken,
        previous=previous,
    )


def _plan_account(session: Session, plan: _Plan, account: PayableAccount) -> None:
    """Plan the account's payout if it is due: settings, interval, period, holds and minimum allowing."""
    ps = plan.settings.get(account.payee)
    payee = plan.payees.get(account.payee)
    if ps is None or payee is None:
        return
    if ps.interval == PayoutInterval.manual.value and plan.run.payee_id is None:
        return
    period = period_of(ps.interval, ps.weekly_anchor, plan.run)
    if period is None or (account.id, period) in plan.taken:
        return
    hold = _hold(plan, payee)
    if hold.held:
        _record_hold(plan, payee, hold)
        return
    amount = Money.from_minor(account.balance, account.currency)
    if ps.currency != account.currency:
        reference = fx.convert(session, amount, ps.currency, on=min(plan.at.date(), fx.today())).result
        if reference.to_minor() < max(ps.minimum_minor, 1):
            return
    elif account.balance < max(ps.minimum_minor, 1):
        return
    payout_id = _add_payout(session, plan, account, ps, period)
    _decide(
        plan, payee, hold, payout_id, {"held": False, "extra_days": hold.extra_days, "amount": str(amount)}
    )


def _hold_input(payee: Payee) -> dict[str, str]:
    # compliance's payout holds know one kind of payee: a creator's identity verification stands for a
    # merchant's trader verification (docs/adr/0012-payees.md)
    return {"merchant_country": payee.country, "trader_verification": payee.verification}


def _hold(plan: _Plan, payee: Payee) -> PayoutHold:
    key = (payee.country, payee.verification)
    hold = plan.holds.get(key)
    if hold is None:
        hold = plan.holds[key] = payout_holds(
            merchant_country=payee.country, trader_verification=payee.verification, on=plan.at
        )
    return hold


def _record_hold(plan: _Plan, payee: Payee, hold: PayoutHold) -> None:
    ref = payee.ref
    held: dict[str, Any] = {"payee_type": ref.type.value, "payee_id": ref.id, "reasons": list(hold.reasons)}
    if ref.merchant_id is not None:
        held["merchant_id"] = ref.merchant_id
    plan.held.append(held)
    _decide(plan, payee, hold, ref.id, {"held": True, "reasons": list(hold.reasons)})


def _decide(plan: _Plan, payee: Payee, hold: PayoutHold, subject_id: str, outcome: dict[str, Any]) -> None:
    """Log compliance's payout-hold decision about `subject_id` with the chunk. What every payee of a
    country and verification shares (the input, its hash, the rules) is made and serialised once."""
    key = (payee.country, payee.verification)
    shared = plan.decided.get(key)
    if shared is None:
        shared = plan.decided[key] = decision_texts(
            decision_row(
                context="settlement.payout",
                subject_id=None,
                topic="payout_holds",
                country=payee.country,
                input=_hold_input(payee),
                outcome={},
                rules=hold.rules,
            )
        )
    plan.decisions.append({**shared, "id": new_id("dec"), "subject_id": subject_id, "outcome": outcome})


def _add_payout(
    session: Session, plan: _Plan, account: PayableAccount, ps: PayoutSettings, period: str
) -> str:
    """Plan one payout of the account's whole balance: its posting and its row. Returns its id."""
    payout_id = new_id("po")
    ref, currency, balance = account.payee, account.currency, account.balance
    rate = reference_rate = None
    quote_id = None
    pay_minor = balance
    lines: list[tuple[AccountKey, int]] = [
        (payee_account(ref.type.value, ref.id, AccountKind.available, currency), -balance)
    ]
    if ps.currency != currency:
        quote = create_fx_quote(
            session,
            sell_currency=currency,
            buy_currency=ps.currency,
            sell_amount=Money.from_minor(balance, currency),
            lock_seconds=60,
            created_by="settlement",
        )
        consume_fx_quote(session, quote_id=quote.id, consumer=payout_id)
        rate, reference_rate, quote_id = quote.rate, quote.reference_rate, quote.id
        pay_minor = quote.buy_amount_minor
        lines += [
            (platform_account(AccountKind.fx, currency), balance),
            (platform_account(AccountKind.fx, ps.currency), -pay_minor),
        ]
    lines.append((payee_account(ref.type.value, ref.id, AccountKind.in_transit, ps.currency), pay_minor))
    key = f"payout:{account.id}:{period}"
    plan.postings.append(
        Posting(
            key=key,
            kind="payout",
            reference=payout_id,
            occurred_at=plan.at,
            lines=lines,
            fx_rate=rate,
            fx_quote_id=quote_id,
            details={"run": plan.run.id},
        )
    )
    row = {
        "id": payout_id,
        "run_id": plan.run.id,
        "payee_type": ref.type.value,
        "payee_id": ref.id,
        "merchant_id": ref.merchant_id,
        "account_id": account.id,
        "period": period,
        "currency": currency,
        "amount_minor": balance,
        "payout_currency": ps.currency,
        "payout_amount_minor": pay_minor,
        "fx_rate": rate,
        "fx_reference_rate": reference_rate,
        "fx_quote_id": quote_id,
        "method": ps.method,
        "destination": _destination(ps),
        "status": PayoutStatus.pending.value,
        "ledger_txn_id": 0,
        "lines_after_txn_id": plan.previous[account.id],
        "created_at": plan.at,
    }
    plan.payouts.append((key, row))
    return payout_id


PAYOUT_COLUMNS = (
    "id",
    "run_id",
    "payee_type",
    "payee_id",
    "merchant_id",
    "account_id",
    "period",
    "currency",
    "amount_minor",
    "payout_currency",
    "payout_amount_minor",
    "fx_rate",
    "fx_reference_rate",
    "fx_quote_id",
    "method",
    "destination",
    "status",
    "ledger_txn_id",
    "lines_after_txn_id",
    "created_at",
)
"""A planned payout's row (`_add_payout` fills each)."""


def _destination(ps: PayoutSettings) -> str:
    if ps.method == PayoutMethod.bank_file.value:
        return mask(ps.iban or ps.account_number)
    return ps.stripe_account or ""


def _write(session: Session, plan: _Plan) -> int:
    """Post the chunk's payouts and insert their rows together; returns how many were new. The payouts commit
    with their postings (UNIQUE(account, period) and the postings' keys refuse a second payout of the same
    period)."""
    posted = ledger.post_many(session, plan.postings)
    new_payouts = []
    for key, payout in plan.payouts:
        if key in posted.new:
            payout["ledger_txn_id"] = posted.ids[key]
            new_payouts.append(payout)
    # plain rows in one statement: a run plans thousands of payouts
    ledger.bulk_insert(
        session, "payouts", PAYOUT_COLUMNS, [tuple(p[c] for c in PAYOUT_COLUMNS) for p in new_payouts]
    )
    record_decisions(session, plan.decisions)
    run = plan.run
    if plan.held:
        run.holds = [*(run.holds or []), *plan.held]
        # `merchants_held` counts payees held (runs planned before creators name merchants only)
        run.merchants_held = len({h.get("payee_id") or h.get("merchant_id") for h in run.holds})
    run.heartbeat_at = utc_now()
    session.add(run)
    session.flush()
    return len(new_payouts)
