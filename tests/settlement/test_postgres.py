"""On PostgreSQL: concurrent settlement workers pay each merchant once, and a run killed midway (SIGKILL) and
run again loses and duplicates nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from sqlmodel import col, func, select

from core.clock import frozen, utc_now
from core.config import ROOT
from core.db import unit_of_work
from core.money import Money
from settlement import ledger, payouts, service
from settlement.models import Payout
from settlement.payouts.leases import RUN_LEASE
from tests.settlement.conftest import assert_ledger_sound, days_ago, make_merchant

pytestmark = pytest.mark.postgres


def _merchants_with_funds(n: int) -> tuple[list[str], int]:
    with unit_of_work() as s:
        ids = [make_merchant(s) for _ in range(n)]
        sales = [
            service.SaleInput(
                order_id=f"pg-{mid}-{k}",
                merchant_id=mid,
                amount=Money.of(f"{10 + k}.00", "USD"),
                category="books",
                paid_at=days_ago(50),
            )
            for mid in ids
            for k in range(3)
        ]
        service.record_sales(s, sales=sales)
        service.record_deliveries(s, deliveries=[(x.order_id, days_ago(45)) for x in sales])
        total = sum(ledger.merchant_balances(s, mid)["available"][0].to_minor() for mid in ids)
    return ids, total


def test_concurrent_workers_never_pay_twice(db_url: str) -> None:
    ids, total = _merchants_with_funds(40)
    now = utc_now()
    with unit_of_work() as s:
        run_a = payouts.request_run(s, now=now).id
        run_b = payouts.request_run(s, now=now + timedelta(minutes=61)).id  # another window, same day (maybe)
    errors: list[BaseException] = []

    def worker(run_id: str) -> None:
        for _ in range(3):
            try:
                payouts.execute_run(run_id, now=now)
                return
            except Exception as exc:  # a deadlock victim retries, as the Celery task does
                errors.append(exc)
                time.sleep(0.05)

    threads = [threading.Thread(target=worker, args=(r,)) for r in (run_a, run_a, run_a, run_b, run_b, run_a)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    with unit_of_work() as s:
        rows = s.exec(select(Payout.merchant_id, func.count()).group_by(col(Payout.merchant_id))).all()
        assert sorted(m for m, _ in rows) == sorted(ids)
        assert all(n == 1 for _, n in rows)
        paid = int(s.exec(select(func.sum(col(Payout.amount_minor)))).one() or 0)
        assert paid == total
        assert all(ledger.merchant_balances(s, mid)["available"][0].is_zero() for mid in ids)
        assert_ledger_sound(s)


CHILD = """
import time
from settlement import payouts, providers
def slow(self, batch_id, instructions):
    time.sleep(120)
providers.BankFileProvider.submit = slow
payouts.execute_run({run_id!r})
"""


def test_a_run_killed_midway_and_run_again_loses_and_duplicates_nothing(db_url: str) -> None:
    ids, total = _merchants_with_funds(12)
    with unit_of_work() as s:
        run_id = payouts.request_run(s).id
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(run_id=run_id)], cwd=ROOT, env=dict(os.environ)
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with unit_of_work() as s:
                claimed = s.exec(
                    select(func.count()).select_from(Payout).where(col(Payout.status) == "submitting")
                ).one()
            if claimed:
                break
            time.sleep(0.1)
        assert claimed, "the child never claimed a payout"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    assert payouts.execute_run(run_id).busy  # the killed child's lease has not expired yet
    with frozen(utc_now() + RUN_LEASE + timedelta(seconds=1)):  # now it has
        outcome = payouts.execute_run(run_id)
    assert outcome.finished
    with unit_of_work() as s:
        rows = list(s.exec(select(Payout)))
        assert sorted(p.merchant_id for p in rows) == sorted(ids)
        assert {p.status for p in rows} == {"in_transit"}
        assert sum(p.amount_minor for p in rows) == total
        assert payouts.reconcile(s, run_id=run_id)["balanced"]
        assert_ledger_sound(s)
