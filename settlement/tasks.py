"""Settlement's background work: thin wrappers that open units of work and call the service.

Add to core/celery_app.py: "settlement.tasks" in TASK_MODULES, and in beat_schedule
`settlement.run_due` every settings.settlement_run_minutes and `settlement.release_reserves` hourly.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError

from core.celery_app import celery_app
from core.db import unit_of_work
from settlement import payouts, service

_RETRY: dict[str, Any] = {
    "autoretry_for": (IntegrityError, OperationalError),
    "retry_backoff": True,
    "max_retries": 5,
}


@celery_app.task(name="settlement.run_due", **_RETRY)
def run_due() -> dict[str, Any]:
    """Execute the current window's run (created if needed) and resume runs a crashed worker left behind."""
    with unit_of_work() as session:
        run_id = payouts.request_run(session, requested_by="beat").id
    with unit_of_work(write=False) as session:
        stale = [r for r in payouts.stale_runs(session) if r != run_id]
    done = {}
    for rid in [*stale, run_id]:
        outcome = payouts.execute_run(rid)
        done[rid] = {"planned": outcome.planned, "submitted": outcome.submitted, "failed": outcome.failed}
    return done


@celery_app.task(name="settlement.execute_run", **_RETRY)
def execute_run(run_id: str) -> dict[str, Any]:
    """Execute (or resume) one run: a retry or a second worker is harmless."""
    outcome = payouts.execute_run(run_id)
    return {
        "run": run_id,
        "planned": outcome.planned,
        "submitted": outcome.submitted,
        "failed": outcome.failed,
    }


@celery_app.task(name="settlement.release_reserves", **_RETRY)
def release_reserves() -> dict[str, int]:
    """Make due funds available: delivered orders past their hold and reserves past the return window."""
    with unit_of_work() as session:
        released = service.release_due(session)
    return {"orders": released.orders, "reserves": released.reserves}
