"""Settlement's background work: thin wrappers that open units of work and call the service.

Registered in core/celery_app.py (TASK_MODULES, beat_schedule): `settlement.run_due` every
settings.settlement_run_minutes, `settlement.resume_runs` every 30 seconds, `settlement.release_reserves`
hourly. Every task here moves money: acknowledged late, queued again when its worker is lost
(`core.celery_app.MONEY_TASK`), and idempotent, so a redelivery is harmless.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError

from core.celery_app import MONEY_TASK, MONEY_TASK_SECONDS, celery_app
from core.db import unit_of_work
from settlement import payouts, service

_RETRY: dict[str, Any] = {
    **MONEY_TASK,
    "autoretry_for": (IntegrityError, OperationalError),
    "retry_backoff": True,
    "max_retries": 5,
}

TIME_LIMIT = timedelta(seconds=MONEY_TASK_SECONDS)


def _summary(outcome: payouts.RunOutcome) -> dict[str, Any]:
    return {
        "run": outcome.run_id,
        "planned": outcome.planned,
        "submitted": outcome.submitted,
        "failed": outcome.failed,
        "finished": outcome.finished,
        "busy": outcome.busy,
    }


@celery_app.task(name="settlement.run_due", **_RETRY)
def run_due() -> dict[str, Any]:
    """Execute the current window's run (created if needed)."""
    with unit_of_work() as session:
        run_id = payouts.request_run(session, requested_by="beat").id
    return _summary(payouts.execute_run(run_id, time_limit=TIME_LIMIT))


@celery_app.task(name="settlement.resume_runs", **_RETRY)
def resume_runs() -> list[str]:
    """Send every unfinished run that no live execution holds (its holder died, it stopped at its time
    limit, it failed and is due again, or its task was lost) to be executed again."""
    with unit_of_work(write=False) as session:
        stale = payouts.stale_runs(session)
    for run_id in stale:
        execute_run.apply_async(kwargs={"run_id": run_id, "resume": True})
    return stale


@celery_app.task(name="settlement.execute_run", **_RETRY)
def execute_run(run_id: str, resume: bool = False) -> dict[str, Any]:
    """Execute (or resume) one run: while another execution holds it, or (`resume`) once it is completed,
    this returns at once."""
    return _summary(payouts.execute_run(run_id, resume_only=resume, time_limit=TIME_LIMIT))


@celery_app.task(name="settlement.release_reserves", **_RETRY)
def release_reserves() -> dict[str, int]:
    """Make due funds available: delivered orders past their hold and reserves past the return window."""
    with unit_of_work() as session:
        released = service.release_due(session)
    return {"orders": released.orders, "reserves": released.reserves}
