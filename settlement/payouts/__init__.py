"""Payout settings, settlement runs, payouts, confirmations (admin, bank statement, Stripe webhook) and
reconciliation, for every payee: merchants and creators alike (`settlement.payees`).

A run belongs to one window of `settings.settlement_run_minutes` (or to one payee, on demand): asking for the
window's run again finds it. Executing a run is a process of short units of work, each safe to repeat, so a
run killed at any point is resumed by executing it again (a second execution while the first is alive
returns at once):

1. release what is due (pending -> available, ended reserves -> available);
2. plan (`planning`): take payees' available accounts in id order, `FOR UPDATE SKIP LOCKED` on PostgreSQL
   (the writer lock serialises on SQLite), and for each one due (interval, minimum, compliance holds) post
   available -> in transit and insert the payout in the same transaction; `UNIQUE(account, period)` and the
   posting's idempotency key make a second payout of the same period impossible;
3. submit: claim pending payouts by batch (a conditional update), hand each batch to its provider outside any
   transaction, then record the answer; a batch another execution claimed and never recorded is retaken
   whole with the same batch id, and providers are idempotent per payout (the bank file is named by the
   batch and written once; Stripe's idempotency keys and transfer group are the payout id);
4. the run is completed once none of its payouts is pending or submitting; reconciliation compares the
   ledger, the payouts submitted and the confirmations.

One execution holds a run at a time (`leases`: a lease on the run renewed by a heartbeat); a run whose holder
died is free again when its lease expires, and the scheduler resumes every unfinished run no one holds
(`stale_runs`, `settlement.resume_runs`).

Paid -> the in-transit amount leaves the platform's cash; failed -> the payout's transaction is reversed
exactly, so the amount is available again, and the failure code is kept.
"""

from __future__ import annotations

from settlement.payouts.events import (
    StatementResult,
    apply_statement,
    confirm_payout,
    fail_payout,
    handle_stripe_webhook,
    import_statement,
)
from settlement.payouts.leases import stale_runs
from settlement.payouts.lines import (
    Line,
    entry_lines,
    fx_of,
    get_payout,
    lines_for_account,
    list_payouts,
    payout_lines,
    payout_lines_page,
    upcoming_lines,
    upcoming_lines_page,
)
from settlement.payouts.planning import plan_chunk
from settlement.payouts.reconciliation import reconcile
from settlement.payouts.runs import (
    RunOutcome,
    execute_run,
    get_run,
    list_runs,
    request_run,
    runs_payout_count,
    window_of,
)
from settlement.payouts.settings import (
    SETTINGS_FIELDS,
    PayoutSettingsBody,
    PayoutSettingsData,
    get_payout_settings,
    put_payout_settings,
    settings_data_from,
    settings_values,
    write_payout_settings,
)

__all__ = [
    "SETTINGS_FIELDS",
    "Line",
    "PayoutSettingsBody",
    "PayoutSettingsData",
    "RunOutcome",
    "StatementResult",
    "apply_statement",
    "confirm_payout",
    "entry_lines",
    "execute_run",
    "fail_payout",
    "fx_of",
    "get_payout",
    "get_payout_settings",
    "get_run",
    "handle_stripe_webhook",
    "import_statement",
    "lines_for_account",
    "list_payouts",
    "list_runs",
    "payout_lines",
    "payout_lines_page",
    "plan_chunk",
    "put_payout_settings",
    "reconcile",
    "request_run",
    "runs_payout_count",
    "settings_data_from",
    "settings_values",
    "stale_runs",
    "upcoming_lines",
    "upcoming_lines_page",
    "window_of",
    "write_payout_settings",
]
