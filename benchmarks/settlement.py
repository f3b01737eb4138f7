"""Settlement: order lines recorded and settled, end to end, on SQLite and on PostgreSQL.

Default: 1,000,000 order lines for 10,000 merchants (five settlement currencies, 40% paid in another currency
at a locked rate, 30% with an affiliate, 40% fully managed, 20% refunded), recorded with the bulk
`record_sales`, delivered, refunded, released (hold and return reserve), then one settlement run pays every
merchant (bank files). Prints entries/s, the total time, the peak memory, and checks that the ledger balances
to the minor unit and that every cached balance equals its entries.

    python benchmarks/settlement.py [--lines 100000] [--merchants 10000] [--db sqlite|postgres|both]

PostgreSQL: BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres); the benchmark
creates its own database there and drops it after; it is skipped with a message when the server is
unreachable.
Target: <= 60 s end to end on PostgreSQL on 2 cores for 1,000,000 lines.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

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


def run_one(url: str, lines: int, merchants: int, batch: int) -> dict[str, object]:
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
    from sqlalchemy import insert

    from core.clock import utc_now
    from core.db import unit_of_work
    from core.models import Merchant
    from core.money import Money
    from main import run_migrations
    from settlement import ledger, payouts, service
    from settlement.checkout import Checkout
    from settlement.models import PayoutSettings

    run_migrations()
    now = utc_now()
    paid_at, delivered_at = now - timedelta(days=20), now - timedelta(days=15)
    with unit_of_work() as s:
        ms, ps = [], []
        for i in range(merchants):
            cur, country = CURRENCIES[i % len(CURRENCIES)]
            mid = f"mer_bench_{i:06d}"
            ms.append(
                {
                    "id": mid,
                    "name": f"Bench {i}",
                    "country": country,
                    "settlement_currency": cur,
                    "trader_verification": "verified",
                    "created_at": now,
                }
            )
            ps.append(
                {
                    "merchant_id": mid,
                    "interval": "daily",
                    "weekly_anchor": 0,
                    "currency": cur,
                    "minimum_minor": 1,
                    "method": "bank_file",
                    "hold_business_days": 1,
                    "account_holder": f"Bench {i}",
                    "iban": "DE02120300000000202051" if cur == "EUR" else None,
                    "bic": None,
                    "account_number": None if cur == "EUR" else f"{i:010d}",
                    "bank_code": "001",
                    "stripe_account": None,
                    "version": 1,
                    "updated_at": now,
                    "updated_by": "bench",
                }
            )
        s.execute(insert(Merchant.__table__), ms)  # type: ignore[attr-defined]
        s.execute(insert(PayoutSettings.__table__), ps)  # type: ignore[attr-defined]

    def sale(n: int) -> service.SaleInput:
        i = n % merchants
        cur = CURRENCIES[i % len(CURRENCIES)][0]
        other = "EUR" if cur == "USD" else "USD"
        cross = n % 5 < 2
        shopper = other if cross else cur
        base = 500 + (n * 7919) % 20000
        amount = Money.from_minor(base * (100 if shopper in ("JPY",) else 1), shopper)
        if shopper == "IDR":
            amount = Money.from_minor(base * 100, shopper)
        managed = n % 5 >= 3
        checkout = None
        if managed:  # the platform ships and collects: shipping, and duties and VAT for half of them (DDP)
            total = amount.to_minor()
            shipping, duties = total // 10, (total // 40 if n % 2 else 0)
            taxes = total // 6 if n % 2 else 0
            goods = total - shipping - duties - taxes
            m = lambda minor: Money.from_minor(minor, shopper)  # noqa: E731
            checkout = Checkout(
                goods=m(goods),
                shipping=m(shipping),
                duties=m(duties),
                taxes=m(taxes),
                jurisdiction=COUNTRY_OF[shopper] if n % 2 else None,
                scheme="IOSS" if shopper == "EUR" else "import",
            )
        return service.SaleInput(
            order_id=f"ord_{n:08d}",
            merchant_id=f"mer_bench_{i:06d}",
            amount=amount,
            category=CATEGORIES[n % len(CATEGORIES)],
            fx_rate=RATES[(shopper, cur)] if cross else None,
            affiliate_id=f"aff_{n % 997}" if n % 10 < 3 else None,
            affiliate_bps=500 if n % 20 == 0 else None,
            fulfillment="fully_managed" if managed else "merchant",
            items=1 + n % 3,
            paid_at=paid_at,
            checkout=checkout,
        )

    timings: dict[str, float] = {}
    entries = 0
    start = time.perf_counter()
    t = time.perf_counter()
    for lo in range(0, lines, batch):
        with unit_of_work() as s:
            rec = service.record_sales(s, sales=[sale(n) for n in range(lo, min(lines, lo + batch))])
            entries += rec.entries
    timings["record sales"] = time.perf_counter() - t

    t = time.perf_counter()
    for lo in range(0, lines, batch):
        with unit_of_work() as s:
            service.record_deliveries(
                s,
                deliveries=[(f"ord_{n:08d}", delivered_at) for n in range(lo, min(lines, lo + batch))],
            )
    timings["record deliveries (and release after the hold)"] = time.perf_counter() - t

    t = time.perf_counter()
    refunds = []
    with unit_of_work(write=False) as s:
        from sqlmodel import col, select

        from settlement.models import SettlementOrder

        for lo in range(0, lines, batch):
            ids = [f"ord_{n:08d}" for n in range(lo, min(lines, lo + batch)) if n % 5 == 4]
            for chunk in range(0, len(ids), 900):
                for oid, cur, gross in s.execute(
                    select(
                        col(SettlementOrder.order_id),
                        col(SettlementOrder.currency),
                        col(SettlementOrder.gross_minor),
                    ).where(col(SettlementOrder.order_id).in_(ids[chunk : chunk + 900]))
                ):
                    part = gross if int(oid[4:]) % 2 else max(gross // 3, 1)
                    refunds.append(
                        service.RefundInput(
                            refund_id=f"ref_{oid}",
                            order_id=oid,
                            amount=Money.from_minor(part, cur),
                            refunded_at=now,
                        )
                    )
    for lo in range(0, len(refunds), batch):
        with unit_of_work() as s:
            entries += service.record_refunds(s, refunds=refunds[lo : lo + batch]).entries
    timings["record refunds (20%)"] = time.perf_counter() - t

    t = time.perf_counter()
    with unit_of_work() as s:
        released = service.release_due(s, as_of=now + timedelta(days=40))
        entries += released.entries
    timings["release reserves (return window over)"] = time.perf_counter() - t

    t = time.perf_counter()
    with unit_of_work() as s:
        run_id = payouts.request_run(s).id
    outcome = payouts.execute_run(run_id)
    timings["settlement run (payouts, bank files)"] = time.perf_counter() - t
    total = time.perf_counter() - start

    with unit_of_work(write=False) as s:
        from sqlalchemy import func

        from settlement.models import LedgerEntry

        entries_total = int(s.execute(func.count().select().select_from(LedgerEntry)).scalar_one())
        unbalanced = ledger.unbalanced_transactions(s)
        drift = ledger.cached_balance_drift(s)
        rec = payouts.reconcile(s, run_id=run_id)
    return {
        "lines": lines,
        "merchants": merchants,
        "entries": entries_total,
        "seconds": total,
        "entries_per_second": entries_total / total,
        "timings": timings,
        "payouts": outcome.submitted,
        "unbalanced": len(unbalanced),
        "drift": len(drift),
        "reconciled": bool(rec["balanced"]),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _report(name: str, r: dict[str, object]) -> None:
    print(f"{name}: {r['lines']:,} order lines, {r['merchants']:,} merchants", flush=True)
    for step, seconds in r["timings"].items():  # type: ignore[attr-defined]
        print(f"  {step:<40} {seconds:8.1f} s")
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
    p.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.lines, args.merchants, args.batch)))
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
