"""Run leases: one execution holds a run, a killed one's run is taken over once its lease expires, the
scheduler resumes every unfinished run no one holds, and a batch left `submitting` is retaken whole (each
payout in exactly one bank file)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from core.clock import frozen, utc_now
from core.config import get_settings
from core.db import unit_of_work
from core.money import Money
from settlement import payouts, service, tasks
from settlement.models import Payout, PayoutStatus, RunStatus, SettlementRun
from settlement.payouts import leases, runs, submission
from settlement.payouts.leases import RUN_LEASE
from tests.settlement.conftest import days_ago, make_merchant

LATER = RUN_LEASE + timedelta(seconds=1)


def _payable(n: int) -> list[str]:
    with unit_of_work() as s:
        ids = [make_merchant(s) for _ in range(n)]
        sales = [
            service.SaleInput(
                order_id=f"lease-{mid}",
                merchant_id=mid,
                amount=Money.of("25.00", "USD"),
                category="books",
                paid_at=days_ago(12),
            )
            for mid in ids
        ]
        service.record_sales(s, sales=sales)
        service.record_deliveries(s, deliveries=[(x.order_id, days_ago(10)) for x in sales])
    return ids


def _run() -> str:
    with unit_of_work() as s:
        return payouts.request_run(s).id


def _statuses(run_id: str) -> dict[str, str]:
    with unit_of_work(write=False) as s:
        return {p.id: p.status for p in s.exec(select(Payout).where(col(Payout.run_id) == run_id))}


def _run_row(run_id: str) -> SettlementRun:
    with unit_of_work(write=False) as s:
        run = payouts.get_run(s, run_id=run_id)
        s.expunge(run)
        return run


def _files_of(payout_ids: set[str]) -> dict[str, list[str]]:
    """Each payout id and the bank files that carry it (each transaction's end-to-end id)."""
    found: dict[str, list[str]] = {pid: [] for pid in payout_ids}
    for path in sorted((get_settings().data_dir / "payouts").glob("*.xml")):
        for pid in re.findall(r"<EndToEndId>([^<]+)</EndToEndId>", Path(path).read_text()):
            found.setdefault(pid, []).append(path.name)
    return found


def test_a_live_execution_holds_the_run_and_a_second_one_does_nothing(db_url: str) -> None:
    _payable(3)
    run_id = _run()
    lease = leases.take(run_id)
    assert lease is not None
    try:
        second = payouts.execute_run(run_id)
        assert second.busy
        assert second.planned == 0
        assert _statuses(run_id) == {}
        with unit_of_work(write=False) as s:
            assert run_id not in payouts.stale_runs(s)
    finally:
        with unit_of_work() as s:
            leases.release(s, lease, status=RunStatus.running)
    outcome = payouts.execute_run(run_id)
    assert outcome.finished
    assert set(_statuses(run_id).values()) == {PayoutStatus.in_transit.value}
    run = _run_row(run_id)
    assert run.status == RunStatus.completed.value
    assert run.lease_owner is None
    assert run.attempts == 2  # the held lease counted one, the execution another


def test_a_killed_execution_is_taken_over_when_its_lease_expires(db_url: str) -> None:
    ids = _payable(4)
    run_id = _run()
    payouts.execute_run(run_id, stop_after="claim")  # killed after claiming: payouts submitting, no file
    with unit_of_work() as s:  # as the killed process left it: its lease still running
        s.execute(
            update(SettlementRun)
            .where(col(SettlementRun.id) == run_id)
            .values(lease_owner="dead:1:x", lease_expires_at=utc_now() + RUN_LEASE)
        )
    assert set(_statuses(run_id).values()) == {PayoutStatus.submitting.value}
    with unit_of_work(write=False) as s:
        assert run_id not in payouts.stale_runs(s)
    assert payouts.execute_run(run_id).busy  # a quick rerun finds the lease held, and leaves the run alone
    assert _run_row(run_id).status == RunStatus.running.value  # never completed with payouts submitting
    with frozen(utc_now() + LATER):
        with unit_of_work(write=False) as s:
            assert payouts.stale_runs(s) == [run_id]
        outcome = payouts.execute_run(run_id)
    assert outcome.finished
    assert outcome.submitted == len(ids)
    statuses = _statuses(run_id)
    assert set(statuses.values()) == {PayoutStatus.in_transit.value}
    assert all(len(files) == 1 for files in _files_of(set(statuses)).values())
    with unit_of_work(write=False) as s:
        assert payouts.reconcile(s, run_id=run_id)["balanced"]


def test_a_batch_left_submitting_is_retaken_whole(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _payable(5)
    run_id = _run()
    monkeypatch.setattr(submission, "SUBMIT_CHUNK", 5)
    payouts.execute_run(run_id, stop_after="claim")  # one batch of five, claimed, never handed over
    with unit_of_work(write=False) as s:
        batches = {p.batch for p in s.exec(select(Payout).where(col(Payout.run_id) == run_id))}
    assert len(batches) == 1
    monkeypatch.setattr(submission, "SUBMIT_CHUNK", 2)  # a retake cut at the claim size would split the batch
    assert payouts.execute_run(run_id).finished
    statuses = _statuses(run_id)
    assert set(statuses.values()) == {PayoutStatus.in_transit.value}
    files = _files_of(set(statuses))
    assert all(len(f) == 1 for f in files.values()), files
    assert len({f[0] for f in files.values()}) == 1  # the batch's one file, with all five


def test_a_run_past_its_time_limit_stops_and_the_scheduler_resumes_it(db_url: str) -> None:
    _payable(3)
    run_id = _run()
    first = payouts.execute_run(run_id, time_limit=timedelta(0))
    assert not first.finished
    run = _run_row(run_id)
    assert run.status == RunStatus.running.value
    assert run.lease_owner is None
    assert tasks.resume_runs() == [run_id]  # eager: the resumed execution runs here
    assert _run_row(run_id).status == RunStatus.completed.value
    assert set(_statuses(run_id).values()) == {PayoutStatus.in_transit.value}
    assert tasks.resume_runs() == []
    assert payouts.execute_run(run_id, resume_only=True).busy  # a completed run is not resumed


def test_a_failed_run_is_retried_after_a_growing_delay(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _payable(2)
    run_id = _run()

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("the provider's disk is full")

    monkeypatch.setattr(runs, "submit", broken)
    with pytest.raises(RuntimeError):
        payouts.execute_run(run_id)
    run = _run_row(run_id)
    assert run.status == RunStatus.failed.value
    assert run.error
    assert "disk is full" in run.error
    assert run.lease_owner is None
    with unit_of_work(write=False) as s:
        assert payouts.stale_runs(s) == []  # not at once: a minute after the first failure
    assert payouts.execute_run(run_id, resume_only=True).busy  # nor by a resumption sent earlier
    with frozen(utc_now() + timedelta(minutes=1, seconds=1)), unit_of_work(write=False) as s:
        assert payouts.stale_runs(s) == [run_id]
    assert leases.retry_delay(3) == timedelta(minutes=4)
    assert leases.retry_delay(30) == leases.MAX_RETRY
    monkeypatch.undo()
    assert payouts.execute_run(run_id).finished  # an admin's request retries it at once


def test_a_lease_taken_over_is_lost_by_its_first_holder(db_url: str) -> None:
    _payable(1)
    run_id = _run()
    first = leases.take(run_id)
    assert first is not None
    assert leases.renew(run_id, first.owner)
    with frozen(utc_now() + LATER):
        second = leases.take(run_id)
    assert second is not None
    assert not leases.renew(run_id, first.owner)
    with unit_of_work() as s:
        assert not leases.release(s, first, status=RunStatus.completed)  # changes nothing
    assert _run_row(run_id).lease_owner == second.owner
    first.start_heartbeat(every=0.05)  # its next beat finds another owner
    assert first.lost.wait(5)
    first.stop_heartbeat()
    with pytest.raises(leases.LeaseLost):
        first.check()


def test_the_heartbeat_extends_the_lease(db_url: str) -> None:
    _payable(1)
    run_id = _run()
    lease = leases.take(run_id)
    assert lease is not None
    taken_until = _run_row(run_id).lease_expires_at
    assert taken_until is not None
    lease.start_heartbeat(every=0.05)
    try:
        deadline = utc_now() + timedelta(seconds=5)
        while _run_row(run_id).lease_expires_at == taken_until and utc_now() < deadline:
            pass
    finally:
        lease.stop_heartbeat()
    renewed = _run_row(run_id).lease_expires_at
    assert renewed is not None
    assert renewed > taken_until
    assert not lease.lost.is_set()
