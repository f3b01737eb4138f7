"""Background jobs by name, sent after the commit.

A service enqueues work by the task's registered name (`"logistics.book_shipment"`), so it never imports the
module that defines the task: task modules import services, services do not import tasks.

`enqueue(session, name, **kwargs)` sends the task once `session`'s transaction commits and forgets it on a
rollback (`core.db.after_commit`; a send that fails after the commit is logged there, the data stays
committed). `send(name, **kwargs)` sends at once, for a caller with no transaction to wait for. Either way the
registered task's `apply_async` does the sending: through the broker by name, or in-process at once when
tasks run eagerly (`APP_TASKS_EAGER`), exactly as before.
"""

from __future__ import annotations

import inspect
from typing import Any

from celery import Task
from sqlmodel import Session

from core.celery_app import celery_app
from core.db import after_commit


class UnknownJob(LookupError):
    """No task is registered under that name: a typo in a service, caught when enqueueing, not in a worker."""


def task_named(name: str) -> Task:
    """The registered task called `name`; the task modules (`core.celery_app.TASK_MODULES`) are imported on
    the first miss, as a worker does at start."""
    task = celery_app.tasks.get(name)
    if task is None:
        celery_app.loader.import_default_modules()
        task = celery_app.tasks.get(name)
    if task is None:
        raise UnknownJob(f"no task is registered as {name!r}")
    return task


def send(name: str, /, **kwargs: Any) -> None:
    """Send the task `name` now (in-process when tasks run eagerly). Arguments are ids and JSON primitives."""
    task_named(name).apply_async(kwargs=kwargs)


def enqueue(session: Session, name: str, /, **kwargs: Any) -> None:
    """Send the task `name` once `session` commits; nothing is sent if it rolls back.

    The name and the arguments are checked now, while the caller can still fail its request: after the commit
    a failure would only be logged."""
    task = task_named(name)
    inspect.signature(task.run).bind(**kwargs)  # TypeError on a missing or unknown argument
    after_commit(session, lambda: task.apply_async(kwargs=kwargs))
