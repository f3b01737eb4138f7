"""End to end: a settlement run whose executor is killed with SIGKILL mid-run is finished by the next one.

A few thousand payable merchants (USD by CSV, EUR by SEPA file), a run started as in production, the process
executing it killed (its whole process group, as a machine's death would) while payouts are being handed
over, a new one started: within two minutes every payout is in transit, each in exactly one bank file, the
run completed and reconciled, the ledger sound. Once with a Celery worker on PostgreSQL + Redis (and a beat
that stays up), once with `serve` on the embedded default (its worker and beat die with it and come back with
it).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from celery import Celery
from sqlalchemy import insert
from sqlmodel import col, func, select

from core.auth import create_api_key
from core.clock import utc_now
from core.db import unit_of_work
from core.models import Merchant, Role
from core.money import Money
from main import ROOT
from settlement import payouts, service
from settlement.models import Payout, PayoutSettings, RunStatus, SettlementRun
from tests.settlement.conftest import assert_ledger_sound

pytestmark = pytest.mark.slow

PAYEES = 3000
RECOVERY_SECONDS = 120.0
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
PG_URL = os.environ.get("TEST_DATABASE_URL")


# --- the payees ----------------------------------------------------------------------------------------


def _seed(n: int) -> None:
    """`n` verified merchants with money available after the run's release: a third in EUR paid by SEPA
    file, the rest in USD by CSV; inserted in bulk, one sale each recorded and delivered in bulk."""
    now = utc_now()
    merchants, settings, sales = [], [], []
    for i in range(n):
        eur = i % 3 == 0
        mid = f"mer_kill_{i:05d}"
        currency = "EUR" if eur else "USD"
        merchants.append(
            {
                "id": mid,
                "name": f"Kill test {i}",
                "country": "DE" if eur else "US",
                "settlement_currency": currency,
                "trader_verification": "verified",
                "created_at": now,
            }
        )
        settings.append(
            {
                "payee_type": "merchant",
                "payee_id": mid,
                "interval": "daily",
                "weekly_anchor": 0,
                "currency": currency,
                "minimum_minor": 1,
                "method": "bank_file",
                "hold_business_days": 1,
                "account_holder": f"Holder {i}",
                "iban": "DE02120300000000202051" if eur else None,
                "bic": None,
                "account_number": None if eur else f"{i:010d}",
                "bank_code": "001",
                "stripe_account": None,
                "version": 1,
                "updated_at": now,
                "updated_by": "test",
            }
        )
        sales.append(
            service.SaleInput(
                order_id=f"ord_kill_{i:05d}",
                merchant_id=mid,
                amount=Money.from_minor(1000 + i, currency),
                category="books",
                paid_at=now - timedelta(days=20),
            )
        )
    with unit_of_work() as s:
        s.execute(insert(Merchant.__table__), merchants)  # type: ignore[attr-defined]
        s.execute(insert(PayoutSettings.__table__), settings)  # type: ignore[attr-defined]
    for lo in range(0, n, 1000):
        with unit_of_work() as s:
            service.record_sales(s, sales=sales[lo : lo + 1000])
            service.record_deliveries(
                s, deliveries=[(x.order_id, now - timedelta(days=15)) for x in sales[lo : lo + 1000]]
            )


def _new_run() -> str:
    with unit_of_work() as s:
        return payouts.request_run(s, requested_by="kill-test").id


def _counts(run_id: str) -> Counter[str]:
    with unit_of_work(write=False) as s:
        rows = s.exec(
            select(col(Payout.status), func.count())
            .where(col(Payout.run_id) == run_id)
            .group_by(col(Payout.status))
        ).all()
    return Counter({status: int(n) for status, n in rows})


def _run_status(run_id: str) -> str:
    with unit_of_work(write=False) as s:
        return str(s.exec(select(col(SettlementRun.status)).where(col(SettlementRun.id) == run_id)).one())


# --- processes -----------------------------------------------------------------------------------------


def _env(data_dir: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("APP_", "TEST_"))}
    env.update(
        {
            "APP_DATA_DIR": str(data_dir),
            "APP_TASKS_EAGER": "false",
            "APP_LOG_LEVEL": "INFO",
            "APP_LOG_JSON": "false",
            "APP_CONSOLE_ENABLED": "false",
            **settings,
        }
    )
    return env


@contextlib.contextmanager
def _processes() -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start processes in groups of their own; whatever is left is killed at the end."""
    started: list[subprocess.Popen[bytes]] = []

    def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
        with log.open("ab") as out:
            proc = subprocess.Popen(
                [sys.executable, "main.py", *args],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append(proc)
        return proc

    try:
        yield start
    finally:
        for proc in started:
            _kill_group(proc)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(10)


def _kill_mid_run(proc: subprocess.Popen[bytes], run_id: str, log: Path) -> Counter[str]:
    """SIGKILL the process group while payouts are being handed over: some in transit, a batch claimed
    (`submitting`) and not recorded; or, if no poll catches a batch in flight within a second, between two
    batches. Fails if the run finished first."""
    deadline = time.monotonic() + 240
    handing_over: float | None = None
    while time.monotonic() < deadline:
        counts = _counts(run_id)
        if counts["in_transit"] and handing_over is None:
            handing_over = time.monotonic()
        late = handing_over is not None and time.monotonic() - handing_over > 1.0
        if counts["in_transit"] and (counts["submitting"] or (late and counts["pending"])):
            _kill_group(proc)
            return _counts(run_id)
        if counts["in_transit"] == PAYEES:
            pytest.fail("the run finished before it could be killed")
        if proc.poll() is not None:
            pytest.fail("the process ended on its own\n" + log.read_text()[-3000:])
        time.sleep(0.05)
    pytest.fail("the run never reached its submission\n" + log.read_text()[-3000:])


def _wait_finished(run_id: str, since: float, logs: list[Path]) -> float:
    """Seconds from `since` until every payout of the run is past submitting and the run is completed."""
    while time.monotonic() - since < RECOVERY_SECONDS:
        counts = _counts(run_id)
        if not counts["pending"] and not counts["submitting"] and _run_status(run_id) == RunStatus.completed:
            return time.monotonic() - since
        time.sleep(0.5)
    tails = "\n".join(p.read_text()[-2000:] for p in logs)
    pytest.fail(f"not recovered within {RECOVERY_SECONDS:.0f} s: {dict(_counts(run_id))}\n{tails}")


# --- what must hold after recovery ---------------------------------------------------------------------


def _bank_files(data_dir: Path) -> dict[str, list[str]]:
    """Each payout id and the bank files carrying it: the CSV's `reference`, the SEPA file's EndToEndId."""
    found: dict[str, list[str]] = {}
    for path in sorted((data_dir / "payouts").glob("*")):
        if path.suffix == ".csv":
            ids = [line.split(",", 1)[0] for line in path.read_text().splitlines()[1:]]
        elif path.suffix == ".xml":
            ids = re.findall(r"<EndToEndId>([^<]+)</EndToEndId>", path.read_text())
        else:
            continue
        for pid in ids:
            found.setdefault(pid, []).append(path.name)
    return found


def _assert_recovered(run_id: str, data_dir: Path) -> int:
    """Every payout in transit, in exactly one bank file; the run reconciles; the ledger is sound. Returns
    how many payouts are stuck (anything but in transit or paid)."""
    with unit_of_work(write=False) as s:
        rows = list(s.exec(select(Payout).where(col(Payout.run_id) == run_id)))
        stuck = [p.id for p in rows if p.status not in ("in_transit", "paid")]
        assert stuck == []
        assert len(rows) == PAYEES
        assert len({p.merchant_id for p in rows}) == PAYEES
        files = _bank_files(data_dir)
        assert {p.id: files.get(p.id, []) for p in rows if len(files.get(p.id, [])) != 1} == {}
        assert set(files) == {p.id for p in rows}
        rec = payouts.reconcile(s, run_id=run_id)
        assert rec["mismatches"] == []
        assert rec["balanced"]
        assert_ledger_sound(s)
    return len(stuck)


def _report(kind: str, killed_at: Counter[str], seconds: float, stuck: int, extra: str = "") -> None:
    sys.stdout.write(
        f"\nkill test ({kind}): {PAYEES} payouts; killed at {dict(killed_at)}; recovered in {seconds:.1f} s;"
        f" stuck after recovery: {stuck}{extra}\n"
    )


# --- the tests -----------------------------------------------------------------------------------------


def _private_redis_db(url: str) -> str:
    """The test Redis, on a database of this run (a worker of another run on the same server must not take
    this run's tasks)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{1 + os.getpid() % 15}"))


@pytest.mark.postgres
def test_a_worker_killed_mid_run_is_resumed_by_the_next(db_url: str, tmp_path: Path) -> None:
    if not PG_URL or not TEST_REDIS_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("TEST_DATABASE_URL and TEST_REDIS_URL are mandatory under CI=true", pytrace=False)
        pytest.skip("needs TEST_DATABASE_URL and TEST_REDIS_URL")
    redis = _private_redis_db(TEST_REDIS_URL)
    env = _env(tmp_path, APP_DATABASE_URL=db_url, APP_BROKER_URL=redis)
    _seed(PAYEES)
    run_id = _new_run()
    logs = [tmp_path / "beat.log", tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    with _processes() as start:
        start(["beat"], env, logs[0])
        first = start(["worker", "--concurrency", "2"], env, logs[1])
        Celery(broker=redis).send_task("settlement.execute_run", kwargs={"run_id": run_id})
        killed_at = _kill_mid_run(first, run_id, logs[1])
        killed = time.monotonic()
        start(["worker", "--concurrency", "2"], env, logs[2])
        seconds = _wait_finished(run_id, killed, logs)
    stuck = _assert_recovered(run_id, tmp_path)
    _report("worker, PostgreSQL + Redis", killed_at, seconds, stuck)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post_run(base: str, key: str) -> tuple[int, dict[str, object], float]:
    req = urllib.request.Request(base + "/v1/settlement-runs", data=b"{}", method="POST")
    req.add_header("Content-Type", "application/json")
    req.add_header("Authorization", f"Bearer {key}")
    t = time.monotonic()
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, json.loads(r.read()), time.monotonic() - t


def _wait_serving(base: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(base + "/healthz", timeout=2) as r:
            if r.status == 200:
                return
        time.sleep(0.2)
    pytest.fail("serve did not answer\n" + log.read_text()[-3000:])


def test_serve_killed_mid_run_on_the_embedded_broker_is_resumed_after_restart(
    db_url: str, tmp_path: Path
) -> None:
    if PG_URL:
        pytest.skip("the embedded default is SQLite (make test's SQLite stage runs this)")
    env = _env(tmp_path, APP_DATABASE_URL=db_url)
    _seed(PAYEES)
    with unit_of_work() as s:
        admin = create_api_key(s, role=Role.admin).secret
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    logs = [tmp_path / "serve-1.log", tmp_path / "serve-2.log"]
    with _processes() as start:
        first = start(["serve", "--port", str(port)], env, logs[0])
        _wait_serving(base, logs[0])
        status, body, took = _post_run(base, admin)
        assert status == 202
        assert body["status"] == RunStatus.running
        assert took < 3.0, (
            f"POST /v1/settlement-runs took {took:.1f} s: the run must execute in the background"
        )
        run_id = str(body["id"])
        killed_at = _kill_mid_run(first, run_id, logs[0])
        killed = time.monotonic()
        start(["serve", "--port", str(port)], env, logs[1])
        seconds = _wait_finished(run_id, killed, logs)
    stuck = _assert_recovered(run_id, tmp_path)
    _report("serve, embedded broker", killed_at, seconds, stuck, f"; POST answered in {took:.2f} s")
