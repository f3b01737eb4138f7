"""The one Celery app and its beat schedule.

Embedded default: kombu's SQLAlchemy transport on a SQLite file under `var/` and a database result backend, so
`python main.py serve` needs no server. Scale-out: `APP_BROKER_URL=redis://...`. `APP_TASKS_EAGER=true` runs
tasks in-process at enqueue time (tests, one-off scripts).

Work is enqueued only after the request's commit: call `enqueue(session, task, *args)`, never `.delay()` in
the middle of a transaction.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from billiard.process import current_process  # type: ignore[import-untyped]
from celery import Celery, beat, signals

from core import metrics
from core.config import Settings, get_settings
from core.observability import request_id
from core.supervision import exit_with_parent, hold_scheduler_lock

log = logging.getLogger("tradelane.tasks")

# Domain task modules; each registers its tasks on import.
TASK_MODULES = ["core.tasks", "payments.tasks", "settlement.tasks", "logistics.orders.tasks"]

MONEY_TASK_SECONDS = 15 * 60
"""The longest a task that moves money works: past it, it stops at its next safe point and leaves the rest
to be resumed (a settlement run checks between units of work). Celery's own time limits do not apply to
the threads pool the workers use, so the task keeps the limit itself."""

VISIBILITY_TIMEOUT_SECONDS = 2 * MONEY_TASK_SECONDS
"""Redis hands an unacknowledged task to another worker after this: longer than any task works, so a task
still running is never delivered twice, and a task whose worker died is delivered again (the settlement
run's lease and the scheduler's check resume a run long before)."""

MONEY_TASK: dict[str, Any] = {"acks_late": True, "reject_on_worker_lost": True}
"""Options of every task that moves money: acknowledged only once done, and queued again when its worker is
lost, so a crash never drops one (each is idempotent, so running again is harmless)."""

STALE_RUN_CHECK = timedelta(seconds=30)
"""How often the scheduler resumes settlement runs no live execution holds (`settlement.resume_runs`)."""


WEBHOOK_RETRY_CHECK = timedelta(seconds=5)
"""How often the scheduler looks for webhook deliveries due again: the first retry waits 5 seconds."""


def _configure_embedded_transport() -> None:
    # kombu hands every broker_transport_options entry to create_engine(), so the polling interval of the
    # SQLAlchemy transport can only be set on the class.
    from kombu.transport import sqlalchemy as sqla_transport

    sqla_transport.Transport.polling_interval = 0.05


def make_celery(settings: Settings) -> Celery:
    if settings.celery_broker_url.startswith("sqla+"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        _configure_embedded_transport()
    app = Celery(
        "tradelane",
        broker=settings.celery_broker_url,
        backend=settings.celery_result_backend,
        include=TASK_MODULES,
    )
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        timezone="UTC",
        enable_utc=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_always_eager=settings.tasks_eager,
        task_eager_propagates=True,
        result_expires=timedelta(days=1),
        broker_connection_retry_on_startup=True,
        # only Redis takes this: kombu's SQLAlchemy transport hands every option to create_engine()
        broker_transport_options=(
            {"visibility_timeout": VISIBILITY_TIMEOUT_SECONDS}
            if settings.celery_broker_url.startswith(("redis://", "rediss://"))
            else {}
        ),
        beat_scheduler="core.celery_app:SingleBeatScheduler",
        beat_schedule={
            "core.purge_idempotency_records": {
                "task": "core.purge_idempotency_records",
                "schedule": timedelta(hours=1),
            },
            "core.retry_webhooks": {  # webhook deliveries due again (Standard Webhooks' retry schedule)
                "task": "core.retry_webhooks",
                "schedule": WEBHOOK_RETRY_CHECK,
            },
            "settlement.run_due": {
                "task": "settlement.run_due",
                "schedule": timedelta(minutes=settings.settlement_run_minutes),
            },
            "settlement.resume_runs": {
                "task": "settlement.resume_runs",
                "schedule": STALE_RUN_CHECK,
            },
            "settlement.release_reserves": {
                "task": "settlement.release_reserves",
                "schedule": timedelta(hours=1),
            },
            "logistics.book_held_shipments": {  # labels the sale gate held, once the rules allow them
                "task": "logistics.book_held_shipments",
                "schedule": timedelta(minutes=15),
            },
            "logistics.poll_tracking": {  # a no-op unless a carrier has credentials (carriers.live)
                "task": "logistics.poll_tracking",
                "schedule": timedelta(minutes=5),
            },
            "payments.refresh_fx_rates": {  # a no-op unless settings.fx_provider == "live"
                "task": "payments.refresh_fx_rates",
                "schedule": timedelta(hours=1),
            },
        },
    )
    return app


class SingleBeatScheduler(beat.PersistentScheduler):  # type: ignore[misc]
    """Celery's file-backed scheduler, run by one beat per installation.

    It takes the scheduler lock before it opens its schedule file (Celery creates the scheduler before it
    sends `beat_init`, and two beats on one file would corrupt it), so a second beat waits here, saying so,
    until the first ends. A beat embedded in a worker (`worker --beat`, a forked process) also ends with its
    worker.
    """

    def __init__(self, *args: Any, lazy: bool = False, **kwargs: Any) -> None:
        if not lazy:  # a lazy one only describes the schedule for beat's banner, opening nothing
            if _forked_beat():
                exit_with_parent()
            hold_scheduler_lock(get_settings())
        super().__init__(*args, lazy=lazy, **kwargs)


celery_app = make_celery(get_settings())

REQUEST_ID_HEADER = "request_id"


def _stamp_request_id(sender: str | None = None, headers: dict[str, Any] | None = None, **_: Any) -> None:
    """A task sent while a request is served carries its request id, so the task's logs show it."""
    rid = request_id.get()
    if rid and headers is not None:
        headers.setdefault(REQUEST_ID_HEADER, rid)
    if not _forked_beat():  # it inherited its worker's metrics files, closed by the fork: it counts nothing
        metrics.task_sent(sender)


def _forked_beat() -> bool:
    """True in the scheduler a worker started with `--beat` forks (`main.py beat` is a process of its own)."""
    return beat._Process is not None and isinstance(current_process(), beat._Process)


def _task_prerun(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    rid = getattr(getattr(task, "request", None), REQUEST_ID_HEADER, None)
    if rid and not request_id.get():
        task.request.tradelane_request_token = request_id.set(str(rid))
    metrics.task_started(task_id)


def _task_postrun(task_id: str | None = None, task: Any = None, state: str | None = None, **_: Any) -> None:
    metrics.task_ended(task_id, task, state)
    token = getattr(getattr(task, "request", None), "tradelane_request_token", None)
    if token is not None:
        request_id.reset(token)
        task.request.tradelane_request_token = None


def _worker_ended(**_: Any) -> None:
    metrics.process_ended()


signals.before_task_publish.connect(_stamp_request_id, weak=False)
signals.task_prerun.connect(_task_prerun, weak=False)
signals.task_postrun.connect(_task_postrun, weak=False)
signals.worker_process_shutdown.connect(_worker_ended, weak=False)
signals.worker_shutdown.connect(_worker_ended, weak=False)


def broker_reachable() -> bool:
    if celery_app.conf.task_always_eager:
        return True
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        log.warning("broker unreachable")
        return False
