"""core.jobs: tasks enqueued by name, sent only after the commit, run in-process when tasks are eager."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session

from core import jobs
from core.celery_app import celery_app
from core.db import unit_of_work

NAME = "tests.core.jobs.record"
ran: list[dict[str, Any]] = []


@celery_app.task(name=NAME)
def record(item_id: str, count: int = 1) -> None:
    ran.append({"item_id": item_id, "count": count})


@pytest.fixture(autouse=True)
def _clean(db_url: str) -> Iterator[None]:
    ran.clear()
    yield
    ran.clear()


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Tasks go to a broker (not eager); what would be sent is recorded instead."""
    sent: list[tuple[str, Any]] = []

    def send_task(name: str, args: Any = None, kwargs: Any = None, **_options: Any) -> None:
        assert not args
        sent.append((name, kwargs))

    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setattr(celery_app, "send_task", send_task)
    return sent


def test_sent_by_name_only_after_the_commit(broker: list[tuple[str, Any]]) -> None:
    with unit_of_work() as session:
        session.connection().execute(text("SELECT 1"))
        jobs.enqueue(session, NAME, item_id="itm_1", count=2)
        assert broker == []  # nothing leaves before the commit
    assert broker == [(NAME, {"item_id": "itm_1", "count": 2})]
    assert ran == []  # a worker runs it, not this process


def _failed_request() -> None:
    with unit_of_work() as session:
        jobs.enqueue(session, NAME, item_id="itm_1")
        raise RuntimeError("the request failed")


def test_dropped_on_rollback(broker: list[tuple[str, Any]], session: Session) -> None:
    with pytest.raises(RuntimeError):
        _failed_request()
    assert broker == []
    # the same session rolled back, then committing other work, does not send what was rolled back
    session.connection().execute(text("SELECT 1"))
    jobs.enqueue(session, NAME, item_id="itm_2")
    session.rollback()
    session.connection().execute(text("SELECT 1"))
    session.commit()
    assert broker == []


def test_a_released_savepoint_is_not_the_commit(
    broker: list[tuple[str, Any]],
) -> None:
    with unit_of_work() as session:
        with session.begin_nested():
            jobs.enqueue(session, NAME, item_id="itm_1")
        assert broker == []  # a released savepoint is not the commit
    assert broker == [(NAME, {"item_id": "itm_1"})]


def test_eager_runs_in_process_right_after_the_commit() -> None:
    assert celery_app.conf.task_always_eager  # the tests' default (APP_TASKS_EAGER=true)
    with unit_of_work() as session:
        jobs.enqueue(session, NAME, item_id="itm_1")
        assert ran == []
    assert ran == [{"item_id": "itm_1", "count": 1}]


def test_send_without_a_session_goes_at_once(broker: list[tuple[str, Any]]) -> None:
    jobs.send(NAME, item_id="itm_2")
    assert broker == [(NAME, {"item_id": "itm_2"})]


def test_a_failed_send_after_the_commit_is_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def unreachable(*_args: Any, **_kwargs: Any) -> None:
        raise ConnectionError("broker down")

    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setattr(celery_app, "send_task", unreachable)
    with caplog.at_level(logging.ERROR, logger="tradelane.db"), unit_of_work() as session:
        jobs.enqueue(session, NAME, item_id="itm_1")
    assert "after-commit hook failed" in caplog.text


def test_unknown_names_and_arguments_fail_at_enqueue_not_after_the_commit() -> None:
    with unit_of_work() as session:
        with pytest.raises(jobs.UnknownJob):
            jobs.enqueue(session, "tests.core.jobs.no_such_task", item_id="itm_1")
        with pytest.raises(TypeError):
            jobs.enqueue(session, NAME, itemid="itm_1")
        with pytest.raises(TypeError):
            jobs.enqueue(session, NAME)
    assert ran == []


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("logistics.book_shipment", {"shipment_id": "shp_1"}),
        ("logistics.book_return_label", {"return_id": "ret_1"}),
        ("settlement.execute_run", {"run_id": "run_1"}),
    ],
)
def test_the_names_services_enqueue_are_registered(
    broker: list[tuple[str, Any]], name: str, kwargs: dict[str, str]
) -> None:
    """The task modules are found by name (imported on the first miss, as a worker does at start)."""
    with unit_of_work() as session:
        jobs.enqueue(session, name, **kwargs)
    assert broker == [(name, kwargs)]
