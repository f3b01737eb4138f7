"""Settlement: order lines recorded and settled, end to end, on SQLite and on PostgreSQL.

Default: 1,000,000 order lines for 10,000 merchants (five settlement currencies, 40% paid in another currency
at a locked rate, 30% brought by one of 995 creators, 40% fully managed with the checkout's split: shipping,
and duties and VAT owed to the authorities for half of them; 20% refunded), recorded with the bulk
`record_sales`, delivered, refunded, released (hold and return reserve), then one settlement run pays every
merchant and creator (bank files). Sales, deliveries and refunds are recorded by `--workers` processes at once
(default 2, the target machine's cores), each for its share of the merchants, as a service's import workers
would; SQLite takes one writer. Prints each step's time and CPU (the workers' and the database's),
entries/s, the peak memory, the ratio to the target, and checks that the ledger balances to the minor unit,
that every cached balance equals its entries and that the run reconciles.

    python benchmarks/settlement.py [--lines 100000] [--merchants 10000] [--db sqlite|postgres|both]
                                     [--workers 2]

PostgreSQL: BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres); the benchmark
creates its own database there and drops it after; it is skipped with a message when the server is
unreachable.
Target: <= 60 s end to end on PostgreSQL on 2 cores for 1,000,000 lines.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 60.0
CURRENCIES = [("USD", "US"), ("EUR", "DE"), ("JPY", "JP"), ("IDR", "ID"), ("GBP", "GB")]
COUNTRY_OF = dict(CURRENCIES)
# Locked rates for the shoppers' other currency (units of the settlement currency per unit of the shopper's).
RATES = {
    ("EUR", "USD"): Decimal("1.0812"),
    ("USD", "EUR"): Decimal("0.9249"),
    ("USD", "JPY"): Decimal("151.37"),
    ("USD", "IDR"): Decimal("15873.4"),
    ("USD", "GBP"): Decimal("0.7921"),
}
CATEGORIES = ["apparel", "electronics", "beauty", "home", "books", "footwear"]


@dataclass
class Bench:
    """One benchmark run: its size, its clock and what each step took."""

    lines: int
    merchants: int
    batch: int
    now: datetime
    worker: int = 0
    workers: int = 1
    """This process's share: the order lines of the merchants whose index is `worker` modulo `workers`."""
    timings: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Per step: CPU seconds of this process (and its workers) and of the database's server processes (when
    local)."""

    @property
    def paid_at(self) -> datetime:
        return self.now - timedelta(days=20)

    @property
    def delivered_at(self) -> datetime:
        return self.now - timedelta(days=15)

    def batches(self, total: int | None = None) -> Iterator[range]:
        """This worker's order lines in batches (`total`: batches of a list of that many of its items). Line
        `n` is merchant `n % merchants`'s, and `merchants` is a multiple of `workers`, so a worker's lines
        are every `workers`-th line: its merchants' lines and no other's."""
        if total is not None:
            for lo in range(0, total, self.batch):
                yield range(lo, min(total, lo + self.batch))
            return
        span = self.batch * self.workers
        for lo in range(0, self.lines, span):
            yield range(lo + self.worker, min(self.lines, lo + span), self.workers)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        t, cpu, db = time.perf_counter(), time.process_time(), _database_cpu()
        yield
        self.timings[name] = time.perf_counter() - t
        self.cpu[name] = (time.process_time() - cpu, _database_cpu() - db)


def _database_cpu() -> float:
    """CPU seconds used so far by the server processes of the benchmark's PostgreSQL database, read from
    /proc when the server runs on this machine (0 otherwise): on a shared machine, CPU time tells what
    a step costs better than the wall clock does."""
    from sqlalchemy import text

    from core.db import unit_of_work

    with unit_of_work(write=False) as s:
        if s.get_bind().dialect.name != "postgresql":
            return 0.0
        pids = s.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).scalars()
        ticks = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return 0.0
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _environment(url: str) -> None:
    """Settings for a child process (before the project is imported)."""
    data = Path(tempfile.mkdtemp(prefix="tradelane-bench-settlement-"))
    os.environ.update(
        {
            "APP_DATA_DIR": str(data),
            "APP_DATABASE_URL": url,
            "APP_TASKS_EAGER": "true",
            "APP_BROKER_URL": "memory://",
            "APP_LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))


CREATORS_PER_CURRENCY = 199


def creator_of(n: int, currency: str) -> str:
    """The creator who brought order line `n` (of a merchant settling in `currency`)."""
    return f"cre_bench_{currency.lower()}_{n % CREATORS_PER_CURRENCY:03d}"


def _payout_settings(payee_type: str, payee_id: str, currency: str, n: int, b: Bench) -> dict[str, Any]:
    """Paid daily by bank file in `currency`."""
    return {
        "payee_type": payee_type,
        "payee_id": payee_id,
        "interval": "daily",
        "weekly_anchor": 0,
        "currency": currency,
        "minimum_minor": 1,
        "method": "bank_file",
        "hold_business_days": 1,
        "account_holder": f"Bench {payee_id}",
        "iban": "DE02120300000000202051" if currency == "EUR" else None,
        "bic": None,
        "account_number": None if currency == "EUR" else f"{n:010d}",
        "bank_code": "001",
        "stripe_account": None,
        "version": 1,
        "updated_at": b.now,
        "updated_by": "bench",
    }


def seed_payees(b: Bench) -> None:
    """The merchants and the creators who bring them orders (each creator for merchants of one settlement
    currency), all paid daily by bank file in their currency."""
    from sqlalchemy import insert

    from core.db import unit_of_work
    from core.models import Creator, Merchant
    from settlement.models import PayoutSettings

    ms, cs, ps = [], [], []
    for i in range(b.merchants):
        cur, country = CURRENCIES[i % len(CURRENCIES)]
        mid = f"mer_bench_{i:06d}"
        ms.append(
            {
                "id": mid,
                "name": f"Bench {i}",
                "country": country,
                "settlement_currency": cur,
                "trader_verification": "verified",
                "created_at": b.now,
            }
        )
        ps.append(_payout_settings("merchant", mid, cur, i, b))
    for cur, country in CURRENCIES:
        for k in range(CREATORS_PER_CURRENCY):
            cid = creator_of(k, cur)
            cs.append(
                {
                    "id": cid,
                    "name": f"Creator {cid}",
                    "handle": None,
                    "country": country,
                    "payout_currency": cur,
                    "verification": "verified",
                    "created_at": b.now,
                }
            )
            ps.append(_payout_settings("creator", cid, cur, k, b))
    with unit_of_work() as s:
        s.execute(insert(Merchant.__table__), ms)  # type: ignore[attr-defined]
        s.execute(insert(Creator.__table__), cs)  # type: ignore[attr-defined]
        s.execute(insert(PayoutSettings.__table__), ps)  # type: ignore[attr-defined]


def sale_inputs(b: Bench) -> Callable[[int], Any]:
    """Order line `n`'s input, as an importer builds it (through the public `Money`, `Checkout` and
    `SaleInput`): 40% paid in another currency at a locked rate, 30% brought by a creator (5% of them at a
    targeted rate), 40% fully managed (shipping; duties and VAT to the authorities for half of them). The
    project is imported and the batch's payment time taken once, not per line."""
    from core.money import Money
    from settlement.checkout import Checkout
    from settlement.service import SaleInput

    paid_at = b.paid_at
    from_minor = Money.from_minor

    def sale_input(n: int) -> Any:
        i = n % b.merchants
        cur = CURRENCIES[i % len(CURRENCIES)][0]
        cross = n % 5 < 2
        shopper = ("EUR" if cur == "USD" else "USD") if cross else cur
        base = 500 + (n * 7919) % 20000
        amount = from_minor(base * (100 if shopper in ("JPY", "IDR") else 1), shopper)
        managed = n % 5 >= 3
        checkout = None
        if managed:  # the platform ships and collects: shipping, and duties and VAT for half of them (DDP)
            total = amount.to_minor()
            shipping, duties = total // 10, (total // 40 if n % 2 else 0)
            taxes = total // 6 if n % 2 else 0
            goods = total - shipping - duties - taxes
            checkout = Checkout(
                goods=from_minor(goods, shopper),
                shipping=from_minor(shipping, shopper),
                duties=from_minor(duties, shopper),
                taxes=from_minor(taxes, shopper),
                jurisdiction=COUNTRY_OF[shopper] if n % 2 else None,
                scheme="IOSS" if shopper == "EUR" else "import",
            )
        return SaleInput(
            order_id=f"ord_{n:08d}",
            merchant_id=f"mer_bench_{i:06d}",
            amount=amount,
            category=CATEGORIES[n % len(CATEGORIES)],
            fx_rate=RATES[(shopper, cur)] if cross else None,
            affiliate_id=creator_of(n, cur) if n % 10 < 3 else None,
            affiliate_bps=500 if n % 20 == 0 else None,
            fulfillment="fully_managed" if managed else "merchant",
            items=1 + n % 3,
            paid_at=paid_at,
            checkout=checkout,
        )

    return sale_input


@contextmanager
def collector_paused() -> Iterator[None]:
    """An import's loop with the cyclic garbage collector paused while it builds each batch's inputs
    (hundreds of thousands of small objects), as the service's bulk steps run (`core.bulk`)."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def record_sales(b: Bench) -> None:
    from core.db import unit_of_work
    from settlement import service

    with b.step("record sales"), collector_paused():
        sale_input = sale_inputs(b)
        for part in b.batches():
            with unit_of_work() as s:
                service.record_sales(s, sales=[sale_input(n) for n in part])


def record_deliveries(b: Bench) -> None:
    from core.db import unit_of_work
    from settlement import service

    with b.step("record deliveries (and release after the hold)"), collector_paused():
        for part in b.batches():
            with unit_of_work() as s:
                service.record_deliveries(s, deliveries=[(f"ord_{n:08d}", b.delivered_at) for n in part])


def refund_inputs(b: Bench) -> list[Any]:
    """Every fifth order is refunded: every other one in full, the rest a third. This worker's are read in
    one query (their ids as one array, each looked up through the key's index)."""
    from core.db import unit_of_work
    from core.money import Money
    from settlement import ledger, service

    ids = [f"ord_{n:08d}" for part in b.batches() for n in part if n % 5 == 4]
    columns = ("order_id", "currency", "gross_minor")
    refunds = []
    with unit_of_work(write=False) as s:
        for oid, cur, gross in ledger.keyed_rows(s, "settlement_orders", "order_id", columns, ids):
            part_minor = gross if int(oid[4:]) % 2 else max(gross // 3, 1)
            refunds.append(
                service.RefundInput(
                    refund_id=f"ref_{oid}",
                    order_id=oid,
                    amount=Money.from_minor(part_minor, cur),
                    refunded_at=b.now,
                )
            )
    return refunds


def record_refunds(b: Bench) -> None:
    from core.db import unit_of_work
    from settlement import service

    with b.step("record refunds (20%)"):
        refunds = refund_inputs(b)
        for part in b.batches(len(refunds)):
            with unit_of_work() as s:
                service.record_refunds(s, refunds=refunds[part.start : part.stop])


def release_reserves(b: Bench) -> None:
    from core.db import unit_of_work
    from settlement import service

    with b.step("release reserves (return window over)"), unit_of_work() as s:
        service.release_due(s, as_of=b.now + timedelta(days=40))


def settlement_run(b: Bench) -> tuple[str, int]:
    """One run pays every merchant and creator (bank files): (run id, payouts submitted)."""
    from core.db import unit_of_work
    from settlement import payouts

    with b.step("settlement run (payouts, bank files)"):
        with unit_of_work() as s:
            run_id = payouts.request_run(s).id
        outcome = payouts.execute_run(run_id)
    return run_id, outcome.submitted


def verify(run_id: str) -> dict[str, object]:
    """The ledger balances to the minor unit, every cached balance equals its entries, the run reconciles."""
    from sqlalchemy import func, text

    from core.db import unit_of_work
    from settlement import ledger, payouts
    from settlement.models import LedgerEntry

    with unit_of_work() as s:  # fresh statistics for the checks' joins over the whole ledger
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text("ANALYZE"))
    with unit_of_work(write=False) as s:
        return {
            "entries": int(s.execute(func.count().select().select_from(LedgerEntry)).scalar_one()),
            "unbalanced": len(ledger.unbalanced_transactions(s)),
            "drift": len(ledger.cached_balance_drift(s)),
            "reconciled": bool(payouts.reconcile(s, run_id=run_id)["balanced"]),
        }


def _warm(_: int) -> int:
    """A worker's start: the project imported and connected before the clock runs."""
    from sqlalchemy import text

    from core.db import unit_of_work
    from settlement import service  # noqa: F401

    with unit_of_work(write=False) as s:
        s.execute(text("SELECT 1"))
    return os.getpid()


def _work(task: tuple[str, Bench]) -> dict[str, tuple[float, float]]:
    """One worker's share of a step (in a worker process): the step's CPU seconds."""
    name, b = task
    globals()[name](b)
    return b.cpu


def in_workers(b: Bench, pool: Any, step: Any) -> None:
    """Run a per-line step in `b.workers` processes, each on its merchants' lines (a merchant's accounts are
    one worker's, so the workers never wait on each other's row locks); the step's time is the slowest
    worker's, its CPU the sum of theirs."""
    if pool is None:
        step(b)
        return
    t, db = time.perf_counter(), _database_cpu()
    tasks = [(step.__name__, replace(b, worker=w, timings={}, cpu={})) for w in range(b.workers)]
    results = pool.map(_work, tasks)
    for name in results[0]:
        b.timings[name] = time.perf_counter() - t
        b.cpu[name] = (sum(r[name][0] for r in results), _database_cpu() - db)


def run_one(url: str, lines: int, merchants: int, batch: int, workers: int = 1) -> dict[str, object]:
    """The whole benchmark against `url` (a fresh database), its per-line steps in `workers` processes:
    timed steps, then checks."""
    _environment(url)
    from core.clock import utc_now
    from main import run_migrations

    run_migrations()
    b = Bench(lines=lines, merchants=merchants, batch=batch, now=utc_now(), workers=workers)
    seed_payees(b)
    pool = multiprocessing.get_context("spawn").Pool(workers) if workers > 1 else None
    try:
        if pool is not None:
            pool.map(_warm, range(workers))
        start = time.perf_counter()
        in_workers(b, pool, record_sales)
        in_workers(b, pool, record_deliveries)
        in_workers(b, pool, record_refunds)
        release_reserves(b)
        run_id, paid = settlement_run(b)
        total = time.perf_counter() - start
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    checks = verify(run_id)
    return {
        "lines": lines,
        "merchants": merchants,
        "workers": workers,
        "seconds": total,
        "entries_per_second": int(checks["entries"]) / total,  # type: ignore[call-overload]
        "timings": b.timings,
        "cpu": b.cpu,
        "payouts": paid,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **checks,
    }


def _report(name: str, r: dict[str, object]) -> None:
    print(
        f"{name}: {r['lines']:,} order lines, {r['merchants']:,} merchants, {r.get('workers', 1)} worker(s)",
        flush=True,
    )
    cpu: dict[str, list[float]] = r.get("cpu") or {}  # type: ignore[assignment]
    for step, seconds in r["timings"].items():  # type: ignore[attr-defined]
        py, db = cpu.get(step, (0.0, 0.0))
        print(f"  {step:<48} {seconds:7.1f} s   cpu: python {py:6.1f} s, database {db:6.1f} s")
    secs = float(r["seconds"])  # type: ignore[arg-type]
    line = (
        f"  total {secs:.1f} s   {r['entries']:,} entries   {float(r['entries_per_second']):,.0f} entries/s"  # type: ignore[arg-type]
    )
    line += f"   peak {float(r['peak_mb']):,.0f} MB   payouts {r['payouts']:,}"  # type: ignore[arg-type]
    print(line)
    ok = r["unbalanced"] == 0 and r["drift"] == 0 and r["reconciled"]
    print(
        f"  ledger balanced to the minor unit: {'yes' if ok else 'NO'}"
        f" (unbalanced transactions {r['unbalanced']}, cached-balance drift {r['drift']},"
        f" run reconciled {r['reconciled']})"
    )
    if name == "PostgreSQL":
        scaled = secs * 1_000_000 / int(r["lines"])  # type: ignore[call-overload]
        print(
            f"  {TARGET_SECONDS / scaled:4.2f}x the target ({TARGET_SECONDS:.0f} s for 1,000,000 lines;"
            f" this run scales to {scaled:.0f} s)"
        )


def _child(url: str, args: argparse.Namespace) -> dict[str, object] | None:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        url,
        "--lines",
        str(args.lines),
        "--merchants",
        str(args.merchants),
        "--batch",
        str(args.batch),
        "--workers",
        str(1 if "sqlite" in url else args.workers),
    ]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stderr[-3000:])
        return None
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lines", type=int, default=1_000_000)
    p.add_argument("--merchants", type=int, default=10_000)
    p.add_argument("--batch", type=int, default=50_000)
    p.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument(
        "--workers",
        type=int,
        default=2,
        help="processes recording sales, deliveries and refunds on PostgreSQL, each for its share of the"
        " merchants (default 2, the cores of the target machine); SQLite takes one writer at a time: 1",
    )
    p.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.workers < 1 or args.merchants % args.workers:
        p.error("--merchants must be a multiple of --workers")
    if args.child:
        print(json.dumps(run_one(args.child, args.lines, args.merchants, args.batch, args.workers)))
        return 0
    failed = False
    if args.db in ("sqlite", "both"):
        url = f"sqlite:///{tempfile.mkdtemp(prefix='tradelane-bench-')}/bench.db"
        r = _child(url, args)
        failed |= r is None
        if r:
            _report("SQLite", r)
    if args.db in ("postgres", "both"):
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        base = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
        name = f"tradelane_bench_{uuid.uuid4().hex[:10]}"
        try:
            admin = create_engine(make_url(base).set(database="postgres"), isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        except Exception as exc:
            print(f"PostgreSQL: skipped, {base.split('@')[-1]} is unreachable ({type(exc).__name__})")
        else:
            try:
                r = _child(make_url(base).set(database=name).render_as_string(hide_password=False), args)
                failed |= r is None
                if r:
                    _report("PostgreSQL", r)
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
