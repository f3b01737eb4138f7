"""Transit history import on PostgreSQL: rows per second, against the goal of 1,000,000 rows in 2 minutes.

Default: 1,000,000 CSV rows over 26 lanes (three carriers' services from China to 7-10 countries each,
lognormal transit per lane, seeded), 0.2% of them bad (reported by line and field and skipped) and 3% lost
or returned, imported the way `main.py import-history FILE` does it: read and checked row by row, COPY into
a staging table, one insert that skips known record ids, then the newest deliveries of each lane fed to
its learned transit profile, all in one transaction. Then the same file again (every record known already).
Prints each run's time, rows/s, the ratio to the goal, and the CPU time of this process and of the database;
then how long the calibration report (`GET /v1/analytics/windows`) of every lane takes.

    python benchmarks/history.py [--rows 1000000]

PostgreSQL: BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres); the benchmark
creates its own database there and drops it after; it is skipped with a message when the server is
unreachable.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_ROWS, GOAL_SECONDS = 1_000_000, 120.0
GOAL_RATE = GOAL_ROWS / GOAL_SECONDS
LANES = {
    ("yunexpress", "yun-global-line"): ["US", "CA", "MX", "BR", "GB", "DE", "FR", "AU", "JP"],
    ("china-post", "china-post-epacket"): ["ID", "MY", "TH", "VN", "PH", "SG", "US", "GB", "JP", "AU"],
    ("dhl-express", "dhl-express-worldwide"): ["US", "DE", "GB", "JP", "AU", "SG", "ID"],
}
FIELDS = [
    "record_id",
    "carrier",
    "service",
    "origin_warehouse",
    "origin_country",
    "destination_country",
    "destination_postcode",
    "handed_over_at",
    "delivered_at",
    "outcome",
]


def write_history(path: Path, rows: int, seed: int = 1) -> None:
    """A seeded synthetic history: lognormal transit per lane, hand-overs through 2026."""
    rng = random.Random(seed)
    lanes = [
        (carrier, service, dest, rng.uniform(3, 14), rng.uniform(0.2, 0.45))
        for (carrier, service), dests in LANES.items()
        for dest in dests
    ]
    start = datetime(2026, 1, 5, tzinfo=UTC)
    with path.open("w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(FIELDS)
        for i in range(rows):
            carrier, service, dest, median, sigma = lanes[i % len(lanes)]
            handed = start + timedelta(seconds=rng.randrange(240 * 86_400))
            delivered = handed + timedelta(days=median * math.exp(rng.gauss(0, sigma)))
            outcome = "delivered" if rng.random() > 0.03 else rng.choice(["lost", "returned_to_sender"])
            warehouse, country = ("SZX1", "") if i % 3 == 0 else ("", "CN")
            row = [
                f"r{i:08d}",
                carrier,
                service,
                warehouse,
                country,
                dest,
                f"{rng.randrange(10**5):05d}",
                handed.isoformat(),
                delivered.isoformat() if outcome == "delivered" else "",
                outcome,
            ]
            if i % 500 == 7:  # a bad row: a time without its offset
                row[7] = handed.replace(tzinfo=None).isoformat()
            out.writerow(row)


def _database_cpu() -> float:
    from sqlalchemy import text

    from core.db import unit_of_work

    with unit_of_work(write=False) as s:
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


def run(url: str, rows: int) -> None:
    os.environ.update(
        {
            "APP_DATA_DIR": tempfile.mkdtemp(prefix="tradelane-bench-history-"),
            "APP_DATABASE_URL": url,
            "APP_TASKS_EAGER": "true",
            "APP_BROKER_URL": "memory://",
            "APP_LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    from carriers.demo import seed_demo as seed_carriers
    from core.db import unit_of_work
    from core.demo import seed_merchants
    from logistics import history
    from logistics.demo import seed_demo as seed_logistics
    from main import run_migrations

    run_migrations()
    with unit_of_work() as s:
        seed_merchants(s)
        seed_carriers(s)
        seed_logistics(s)
    path = Path(tempfile.mkdtemp(prefix="tradelane-bench-history-")) / "history.csv"
    t = time.perf_counter()
    write_history(path, rows)
    size = path.stat().st_size
    print(
        f"{rows:,} rows, {size / 1e6:,.0f} MB of CSV written in {time.perf_counter() - t:.1f} s", flush=True
    )
    for name in ("first import", "same file again"):
        cpu, db_cpu, t = time.process_time(), _database_cpu(), time.perf_counter()
        with path.open("rb") as f, unit_of_work() as s:
            tally = history.import_history(s, stream=f, fmt="csv")
        seconds = time.perf_counter() - t
        rate = rows / seconds
        print(
            f"{name:<16} {seconds:7.1f} s {rate:>10,.0f} rows/s   {rate / GOAL_RATE:5.2f}x goal "
            f"({GOAL_RATE:,.0f}/s)   imported {tally.imported:,}, known {tally.duplicates:,}, "
            f"rejected {tally.rejected:,}, samples {tally.samples_fed:,}   "
            f"cpu {time.process_time() - cpu:.1f} s, database cpu {_database_cpu() - db_cpu:.1f} s",
            flush=True,
        )
    path.unlink()
    from logistics import analytics

    t = time.perf_counter()
    with unit_of_work(write=False) as s:
        report = analytics.window_calibration(s)
    print(
        f"calibration report: {report.lanes} lanes, {report.scored:,} of their deliveries scored, "
        f"{report.inside or 0:.1%} inside, {report.lanes_meeting_goal} lanes meeting the goal, "
        f"in {time.perf_counter() - t:.1f} s",
        flush=True,
    )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=GOAL_ROWS)
    args = p.parse_args()
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
        return 0
    try:
        run(make_url(base).set(database=name).render_as_string(hide_password=False), args.rows)
    finally:
        from core.db import engine_for

        engine_for.cache_clear()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
