"""The scale-out set-up: PostgreSQL for the data, Redis for the task broker (make test's second stage)."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import _set_task_join_will_block
from fastapi.testclient import TestClient
from sqlmodel import func, select

from core.celery_app import broker_reachable, celery_app
from core.db import get_engine, unit_of_work
from core.jobs import enqueue
from core.models import IdempotencyRecord, Merchant
from core.tasks import purge_idempotency_records
from tests.conftest import Keys

pytestmark = pytest.mark.postgres
REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture
def redis_worker(db_url: str) -> Iterator[None]:
    if not REDIS_URL:
        pytest.skip("TEST_REDIS_URL is not set")
    saved = {
        k: celery_app.conf[k]
        for k in ("broker_url", "result_backend", "task_always_eager", "task_default_queue")
    }
    celery_app.conf.update(
        broker_url=REDIS_URL,
        result_backend=REDIS_URL,
        task_always_eager=False,
        task_default_queue=f"tradelane-test-{uuid.uuid4().hex[:8]}",
    )
    _forget_connections()
    try:
        with start_worker(
            celery_app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=20
        ):
            yield
    finally:
        celery_app.conf.update(saved)
        _forget_connections()
        # a worker started in this process marks it as one where waiting on a result would block a task;
        # later tests run tasks eagerly in the test's thread and read their results
        _set_task_join_will_block(False)


def _forget_connections() -> None:
    """Celery keeps the broker pool, the producer pool and each thread's result backend once made: made
    earlier in the run (a task enqueued with tasks eager), they would still point at the embedded transport,
    and the Redis worker would never see the task nor this thread its result."""
    vars(celery_app._local).pop("backend", None)
    celery_app._pool = None  # not closed: kombu's shared pools may hand it out again once the URL is back
    celery_app.amqp._producer_pool = None


def test_database_is_postgresql(db_url: str) -> None:
    assert get_engine().dialect.name == "postgresql"


def test_task_runs_through_redis_after_commit(redis_worker: None) -> None:
    assert broker_reachable()
    result = purge_idempotency_records.apply_async()
    assert result.get(timeout=30) == 0
    sent: list[object] = []
    with unit_of_work() as session:
        enqueue(session, "core.purge_idempotency_records")
        session.info["after_commit"].append(lambda: sent.append(True))
        assert sent == []  # nothing leaves before the commit
    assert sent == [True]


def test_many_concurrent_idempotent_posts_on_postgres(app, keys: Keys) -> None:  # type: ignore[no-untyped-def]
    body = {"name": "PG Race", "country": "PH", "settlement_currency": "PHP"}
    statuses: list[int] = []
    barrier = threading.Barrier(12)

    def worker() -> None:
        with TestClient(app) as c:
            barrier.wait()
            r = c.post(
                "/v1/merchants", json=body, headers=keys.h(keys.admin, **{"Idempotency-Key": "pg-race"})
            )
            statuses.append(r.status_code)

    threads = [threading.Thread(target=worker) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with unit_of_work(write=False) as s:
        assert s.exec(select(func.count()).select_from(Merchant).where(Merchant.name == "PG Race")).one() == 1
        assert s.exec(select(func.count()).select_from(IdempotencyRecord)).one() == 1
    assert set(statuses) <= {201, 409}
    assert 201 in statuses
