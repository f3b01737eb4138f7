"""Mixed load over HTTP: `main.py serve --workers 2 --no-worker` under N connections for T seconds.

For each database (SQLite in a temporary folder; PostgreSQL in a fresh database on 127.0.0.1:5432 when one
answers, dropped after) it migrates, seeds the demo data, starts the service on a free loopback port with
tasks run in-process (no worker), and drives N connections (one httpx client each, created once) for T
seconds: 40% `POST /v1/quotes` (a demo cart, shop key), the rest split evenly over `GET /v1/me`,
`GET /v1/balance` and `GET /v1/payouts` (merchant key). It prints requests/s, p50 and p99 of the 2xx
answers, errors by kind (503 with Retry-After is "shed"; other 5xx; timeouts after 10 s; connection errors;
other 4xx), the CPU the client and the server used (they share the machine), and the ratio to the goals:
p99 < 250 ms at 200 connections with no errors. Goals missed still exit 0; only a benchmark that could not
run exits non-zero. Nothing is kept: the data folder and the PostgreSQL database are removed after.

    python benchmarks/load.py [--connections 200] [--seconds 60] [--db sqlite|postgres|both] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvloop
from _http1 import Http1Transport
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
P99_GOAL_MS = 250.0
GOAL_CONNECTIONS = 200
REQUEST_TIMEOUT = 10.0
MAX_CONNECTIONS = 2000
MAX_SECONDS = 900
QUOTE_SHARE = 0.4
CLIENT_BUSY_CORES = 0.75
"""Above this the client, one Python process (about 1 ms of CPU a request), may be what limits the rate."""
CLIENT_LAG_MS = 50.0
ERROR_KINDS = ("shed", "5xx", "timeout", "connection", "4xx", "other")
QUOTE_BODY = {
    "merchant_id": "mer_demo_lumen",
    "destination": {"country": "ID", "city": "Jakarta", "postal_code": "10110"},
    "items": [
        {"sku": "TEE-BASIC-M", "quantity": 2, "unit_price": {"amount": "12.50", "currency": "USD"}},
        {"sku": "PHONE-CASE-01", "quantity": 1, "unit_price": {"amount": "6.00", "currency": "USD"}},
    ],
    "currency": "IDR",
    "incoterm": "DDP",
    "objective": "cheapest",
}


class CannotRun(RuntimeError):
    """The benchmark could not be set up (not a goal missed)."""


@dataclass(frozen=True)
class Call:
    name: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None = None


@dataclass
class Tally:
    ok: dict[str, list[float]] = field(default_factory=dict)
    answered: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    per_call: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    lag_ms: list[float] = field(default_factory=list)

    def record(self, call: str, outcome: str, ms: float, status: int | None) -> None:
        self.per_call[call] += 1
        if status is not None:
            self.statuses[status] += 1
            self.answered.append(ms)
        if outcome == "ok":
            self.ok.setdefault(call, []).append(ms)
        else:
            self.errors[outcome] += 1

    @property
    def total(self) -> int:
        return sum(self.per_call.values())


# --- the service under test -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _main_py(args: list[str], env: dict[str, str], *, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise CannotRun(f"main.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


@contextlib.contextmanager
def postgres_database(url: str) -> Iterator[str | None]:
    """A fresh database on the server of `url`, dropped after; None when no PostgreSQL answers."""
    admin = create_engine(
        make_url(url).set(database="postgres"),
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 3},
    )
    name = f"tradelane_load_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except SQLAlchemyError as exc:
        admin.dispose()
        print(f"postgres: skipped, no PostgreSQL answers at {make_url(url)!r} ({exc.__class__.__name__})")
        yield None
        return
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def service_env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APP_")}
    env.update(
        {
            "APP_DATA_DIR": str(data_dir),
            "APP_TASKS_EAGER": "true",
            "APP_BROKER_URL": "memory://",
            "APP_LOG_LEVEL": "WARNING",
        }
    )
    if database_url:
        env["APP_DATABASE_URL"] = database_url
    env.update(SERVICE_SETTINGS)
    return env


SERVICE_SETTINGS: dict[str, str] = {}
"""`--set APP_X=value` settings for the service under load (tuning experiments)."""


def _tree_cpu_seconds(root: int) -> float:
    """User + system CPU of `root` and every live process below it."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stats[int(entry.name)] = (entry / "stat").read_text().rsplit(")", 1)[1].split()
    tree, frontier = {root}, {root}
    while frontier:
        frontier = {pid for pid, f in stats.items() if int(f[1]) in frontier and pid not in tree}
        tree |= frontier
    return sum(int(stats[p][11]) + int(stats[p][12]) for p in tree if p in stats) / tick


@contextlib.contextmanager
def running_service(env: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    """`main.py serve --workers 2 --no-worker` on a free port; yields its base URL and pid; stops it after."""
    port = _free_port()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "main.py", "serve", "--workers", "2", "--no-worker", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: nothing of it can outlive the benchmark
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise CannotRun(f"serve exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise CannotRun(f"serve did not get ready in 120 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield base, proc.pid
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(20)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


# --- the load ----------------------------------------------------------------------------------------------


def calls(keys: dict[str, str]) -> tuple[Call, list[Call]]:
    """The quote call and the merchant reads."""
    shop = {"Authorization": f"Bearer {keys['shop']}", "Content-Type": "application/json"}
    merchant = {"Authorization": f"Bearer {keys['merchant']}"}
    quote = Call("POST /v1/quotes", "POST", "/v1/quotes", shop, json.dumps(QUOTE_BODY).encode())
    reads = [Call(f"GET {p}", "GET", p, merchant) for p in ("/v1/me", "/v1/balance", "/v1/payouts")]
    return quote, reads


def outcome_of(response: httpx.Response) -> str:
    status = response.status_code
    if status < 400:
        return "ok"
    if status == 503 and "retry-after" in response.headers:
        return "shed"
    return "5xx" if status >= 500 else "4xx"


async def send(client: httpx.AsyncClient, call: Call) -> tuple[str, int | None]:
    try:
        response = await client.request(call.method, call.path, headers=call.headers, content=call.body)
    except httpx.TimeoutException:
        return "timeout", None
    except (httpx.NetworkError, httpx.RemoteProtocolError):
        return "connection", None
    except httpx.HTTPError:
        return "other", None
    return outcome_of(response), response.status_code


async def _watch_loop_lag(tally: Tally, stop: asyncio.Event) -> None:
    """How late the client's event loop wakes: if it is late, the client, not the server, is the limit."""
    while not stop.is_set():
        t = time.perf_counter()
        await asyncio.sleep(0.05)
        tally.lag_ms.append((time.perf_counter() - t - 0.05) * 1000)


async def drive(
    base: str, keys: dict[str, str], *, connections: int, seconds: float, lean: bool = True
) -> tuple[Tally, float, float]:
    """`connections` concurrent users, each on its own keep-alive connection, until `seconds` have passed.

    Returns the tally, the elapsed seconds and the client's CPU seconds over them. `lean` sends through
    `Http1Transport` (httptools) rather than httpx's own h11 transport, which costs the shared machine about
    0.7 ms of CPU a request more. The clients are made first and share one TLS context (each would
    otherwise load the CA bundle, though nothing here uses TLS).
    """
    quote, reads = calls(keys)
    tally = Tally()
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    tls = ssl.create_default_context()
    clients = [
        httpx.AsyncClient(
            base_url=base,
            timeout=REQUEST_TIMEOUT,
            limits=limits,
            verify=tls,
            transport=Http1Transport(timeout=REQUEST_TIMEOUT) if lean else None,
        )
        for _ in range(connections)
    ]
    stop = asyncio.Event()
    deadline = time.perf_counter() + seconds

    async def user(n: int, client: httpx.AsyncClient) -> None:
        rng = random.Random(n)
        while time.perf_counter() < deadline:
            call = quote if rng.random() < QUOTE_SHARE else rng.choice(reads)
            t = time.perf_counter()
            outcome, status = await send(client, call)
            tally.record(call.name, outcome, (time.perf_counter() - t) * 1000, status)

    lag = asyncio.create_task(_watch_loop_lag(tally, stop))
    start, cpu = time.perf_counter(), time.process_time()
    try:
        await asyncio.gather(*(user(n, c) for n, c in enumerate(clients)))
    finally:
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        stop.set()
        await lag
        await asyncio.gather(*(c.aclose() for c in clients))
    return tally, elapsed, cpu


def warm_up(base: str, keys: dict[str, str]) -> None:
    """A few calls of each kind on each API process; a quote that is refused means the set-up is wrong."""
    quote, reads = calls(keys)
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(10):
            for call in (quote, *reads):
                r = client.request(call.method, call.path, headers=call.headers, content=call.body)
                if r.status_code >= 400 and r.status_code != 503:
                    raise CannotRun(f"{call.name} answered {r.status_code}: {r.text[:500]}")


# --- the report --------------------------------------------------------------------------------------------


def pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) < 100:
        return sorted(values)[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]
    return statistics.quantiles(values, n=100)[q - 1]


def report(
    db: str, tally: Tally, *, elapsed: float, connections: int, client_cpu: float, server_cpu: float
) -> None:
    ok = [ms for values in tally.ok.values() for ms in values]
    errors = sum(tally.errors.values())
    p99 = pct(ok, 99)
    kinds = ", ".join(f"{kind} {tally.errors[kind]}" for kind in ERROR_KINDS)
    print(
        f"{db}: {connections} connections, {elapsed:.1f} s: {tally.total:,} requests, "
        f"{tally.total / elapsed:,.1f} requests/s ({len(ok) / elapsed:,.1f} answered 2xx/s)"
    )
    print(f"  latency of 2xx answers: p50 {pct(ok, 50):,.1f} ms, p99 {p99:,.1f} ms")
    print(f"  errors {errors:,} ({errors / max(tally.total, 1):.1%}): {kinds}")
    for name in sorted(tally.per_call):
        values = tally.ok.get(name, [])
        print(
            f"    {name:<18} {tally.per_call[name]:>8,} requests  {len(values):>8,} ok  "
            f"p50 {pct(values, 50):>9,.1f} ms  p99 {pct(values, 99):>9,.1f} ms"
        )
    print(f"  statuses: {dict(sorted(tally.statuses.items()))}")
    lag = pct(tally.lag_ms, 99)
    print(
        f"  CPU: client {client_cpu / elapsed:.2f} cores ({client_cpu / max(tally.total, 1) * 1000:.2f} ms a "
        f"request), server {server_cpu / elapsed:.2f} cores (of {os.cpu_count()}); client event-loop lag p99 "
        f"{lag:.1f} ms"
    )
    if client_cpu / elapsed > CLIENT_BUSY_CORES or lag > CLIENT_LAG_MS:
        print(
            "  warning: the client was busy or starved of CPU (the machine is shared, load average "
            f"{os.getloadavg()[0]:.2f}): latencies include time the client took to notice answers"
        )
    goal_note = (
        "" if connections == GOAL_CONNECTIONS else f" (the goals are set for {GOAL_CONNECTIONS} connections)"
    )
    verdict = "met" if p99 < P99_GOAL_MS and errors == 0 else "missed"
    print(
        f"  goals{goal_note}: p99 {p99:,.1f} ms / {P99_GOAL_MS:.0f} ms = {p99 / P99_GOAL_MS:.2f}x "
        f"(<= 1.00 meets it); errors {errors:,} / 0 goal; {verdict}",
        flush=True,
    )


# --- one database ------------------------------------------------------------------------------------------


def bench(db: str, *, database_url: str | None, connections: int, seconds: float, lean: bool) -> None:
    data = Path(tempfile.mkdtemp(prefix=f"tradelane-load-{db}-"))
    try:
        env = service_env(data, database_url)
        t = time.perf_counter()
        _main_py(["migrate"], env)
        keys = json.loads(_main_py(["seed-demo"], env))["api_keys"]
        print(f"{db}: migrated and seeded in {time.perf_counter() - t:.1f} s", flush=True)
        with running_service(env, data / "serve.log") as (base, pid):
            warm_up(base, keys)
            cpu_server = _tree_cpu_seconds(pid)
            load = drive(base, keys, connections=connections, seconds=seconds, lean=lean)
            tally, elapsed, client_cpu = uvloop.run(load)  # the client's loop as cheap as the server's
            server_cpu = _tree_cpu_seconds(pid) - cpu_server
        report(
            db, tally, elapsed=elapsed, connections=connections, client_cpu=client_cpu, server_cpu=server_cpu
        )
    finally:
        shutil.rmtree(data, ignore_errors=True)


def _raise_open_files_limit(connections: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, 4 * connections + 256))
    if want > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--connections", type=int, default=None, help="concurrent connections (default 200)")
    parser.add_argument(
        "--seconds", type=float, default=None, help="length of the measured load (default 60)"
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="smoke run: 20 connections for 5 seconds")
    parser.add_argument(
        "--client",
        choices=["lean", "h11"],
        default="lean",
        help="the client's transport: httptools (lean, default) or httpx's own h11",
    )
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help="server to create the database on")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="APP_X=VALUE",
        help="a setting for the service (repeatable)",
    )
    args = parser.parse_args(argv)
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep or not name.startswith("APP_"):
            parser.error(f"--set takes APP_NAME=value, not {item!r}")
        SERVICE_SETTINGS[name] = value
    args.connections = args.connections or (20 if args.quick else GOAL_CONNECTIONS)
    args.seconds = args.seconds or (5.0 if args.quick else 60.0)
    if not 1 <= args.connections <= MAX_CONNECTIONS:
        parser.error(f"--connections must be 1 to {MAX_CONNECTIONS}")
    if not 1 <= args.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must be 1 to {MAX_SECONDS}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    _raise_open_files_limit(args.connections)
    load: dict[str, Any] = {
        "connections": args.connections,
        "seconds": args.seconds,
        "lean": args.client == "lean",
    }
    print(
        f"mixed load: {QUOTE_SHARE:.0%} POST /v1/quotes, the rest GET /v1/me, /v1/balance, /v1/payouts; "
        f"{args.connections} connections for {args.seconds:.0f} s; serve --workers 2 on "
        f"{os.cpu_count()} CPUs; client transport {args.client}; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    try:
        if args.db in ("sqlite", "both"):
            bench("sqlite", database_url=None, **load)
        if args.db in ("postgres", "both"):
            with postgres_database(args.postgres_url) as url:
                if url is None:
                    return 2 if args.db == "postgres" else 0
                bench("postgres", database_url=url, **load)
    except CannotRun as exc:
        print(f"could not run: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
