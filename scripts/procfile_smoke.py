"""The Procfile under honcho on PostgreSQL and Redis, then a smoke test: the last step of the scale-out stage.

On a database and a Redis database of its own (from TEST_DATABASE_URL and TEST_REDIS_URL): `main.py migrate`
and `seed-demo`, then `honcho start -f Procfile` (two API processes, a worker, the scheduler) with one
PROMETHEUS_MULTIPROC_DIR for all of them. It asks for shipping quotes and places an order with the demo shop
key, checks that every scrape of /metrics counts all the quotes whichever API process answers, and that the
worker's and the scheduler's samples show there too; then stops honcho with SIGTERM and checks that every
process it started has ended. Any failure ends with the end of the processes' log.

    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \
    TEST_REDIS_URL=redis://127.0.0.1:6379/0 python scripts/procfile_smoke.py
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STARTUP_SECONDS = 180  # four Python processes starting on a loaded two-core machine
QUOTES = 6
SHOP_MERCHANT = "mer_demo_lumen"


class SmokeFailure(Exception):
    pass


def say(message: str) -> None:
    print(f"procfile: {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def call(base: str, method: str, path: str, key: str | None = None, body: object = None) -> tuple[int, str]:
    req = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode())
    req.method = method
    req.add_header("Content-Type", "application/json")
    if key:
        req.add_header("Authorization", f"Bearer {key}")
    if method == "POST" and path == "/v1/orders":
        req.add_header("Idempotency-Key", f"smoke-{os.getpid()}")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def total(metrics: str, name: str, **labels: str) -> float:
    """The sum of a metric's samples whose labels include `labels`."""
    found = 0.0
    for line in metrics.splitlines():
        match = re.fullmatch(rf"{name}(?:\{{(.*)\}})? ([0-9.e+]+)", line)
        if match and all(f'{k}="{v}"' in (match.group(1) or "") for k, v in labels.items()):
            found += float(match.group(2))
    return found


def run(env: dict[str, str], *args: str) -> str:
    """`main.py ARGS`; its stdout, or a failure with its output."""
    done = subprocess.run(
        [sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise SmokeFailure(f"main.py {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


def wait_until_serving(base: str, honcho: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if honcho.poll() is not None:
            raise SmokeFailure(f"honcho ended ({honcho.returncode}) before the API answered")
        try:
            if call(base, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    raise SmokeFailure(f"the API did not answer /healthz within {STARTUP_SECONDS} s")


def smoke(base: str, keys: dict[str, str]) -> None:
    quote_body = {
        "merchant_id": SHOP_MERCHANT,
        "destination": {"country": "DE", "city": "Berlin"},
        "items": [
            {"sku": "TEE-BASIC-M", "quantity": 2, "unit_price": {"amount": "20.00", "currency": "EUR"}}
        ],
        "currency": "EUR",
    }
    quote: dict[str, object] = {}
    for _ in range(QUOTES):
        status, answer = call(base, "POST", "/v1/quotes", keys["shop"], quote_body)
        if status != 201:
            raise SmokeFailure(f"POST /v1/quotes answered {status}: {answer[:2000]}")
        quote = json.loads(answer)
    options = quote["options"]
    if not isinstance(options, list) or not options:
        raise SmokeFailure(f"the quote offers no option: {json.dumps(quote)[:2000]}")
    option = options[0]
    order = {
        "quote_id": quote["id"],
        "option_id": option["id"],
        "payment": {"amount": option["total"], "provider": "stripe", "reference": f"pi_{quote['id']}"},
    }
    status, answer = call(base, "POST", "/v1/orders", keys["shop"], order)
    if status != 201:
        raise SmokeFailure(f"POST /v1/orders answered {status}: {answer[:2000]}")
    say(f"{QUOTES} quotes and an order answered 201 ({json.loads(answer)['id']})")
    for _ in range(6):  # whichever API process answers the scrape, it answers for both
        status, metrics = call(base, "GET", "/metrics")
        counted = total(metrics, "http_requests_total", method="POST", route="/v1/quotes", status="201")
        if status != 200 or counted != QUOTES:
            raise SmokeFailure(f"/metrics answered {status} counting {counted} of {QUOTES} quotes")
    deadline = time.monotonic() + 90  # the scheduler sends webhook retries every few seconds
    while time.monotonic() < deadline:
        metrics = call(base, "GET", "/metrics")[1]
        if total(metrics, "tasks_total") and total(metrics, "tasks_sent_total"):
            say("/metrics counts the quotes of both API processes and the worker's and scheduler's tasks")
            return
        time.sleep(2)
    raise SmokeFailure("the worker's and the scheduler's samples never showed in /metrics")


def descendants(pid: int) -> set[int]:
    """The live processes under `pid`: honcho starts each of its own in a session of its own."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    left = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            left.add(pid)
    return left


def kill_all(pids: set[int]) -> None:
    for pid in alive(pids):
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def stop(honcho: subprocess.Popen[bytes], log_path: Path) -> None:
    """SIGTERM to honcho, which stops its processes; all of them must be gone within a minute."""
    started = descendants(honcho.pid)
    honcho.send_signal(signal.SIGTERM)
    try:
        honcho.wait(60)
    except subprocess.TimeoutExpired:
        kill_all(started | {honcho.pid})
        honcho.wait()
        raise SmokeFailure("honcho did not end within 60 s of SIGTERM") from None
    deadline = time.monotonic() + 30
    while (left := alive(started)) and time.monotonic() < deadline:
        time.sleep(0.5)
    if left:
        kill_all(left)
        raise SmokeFailure(f"processes left running after honcho ended: {sorted(left)}")
    stops = re.findall(r"\S+ stopped \(rc=-?\d+\)", log_path.read_text())
    say(f"honcho ({honcho.returncode}) and its {len(started)} processes ended on SIGTERM: {'; '.join(stops)}")


def private_urls(pg_url: str, redis_url: str) -> tuple[str, str]:
    name = f"tradelane_procfile_{os.getpid()}"
    redis = urlunsplit(urlsplit(redis_url)._replace(path=f"/{1 + os.getpid() % 15}"))
    return make_url(pg_url).set(database=name).render_as_string(hide_password=False), redis


def main() -> int:
    pg_url, redis_url = os.environ.get("TEST_DATABASE_URL"), os.environ.get("TEST_REDIS_URL")
    if not pg_url or not redis_url:
        print("procfile: needs TEST_DATABASE_URL and TEST_REDIS_URL", file=sys.stderr)
        return 1
    db_url, broker_url = private_urls(pg_url, redis_url)
    name = make_url(db_url).database
    admin = create_engine(make_url(pg_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    honcho: subprocess.Popen[bytes] | None = None
    with tempfile.TemporaryDirectory(prefix="tradelane-procfile.") as tmp:
        log_path = Path(tmp) / "honcho.log"
        metrics_dir = Path(tmp) / "metrics"
        metrics_dir.mkdir()
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("APP_", "PROMETHEUS_"))}
        env |= {
            "APP_DATABASE_URL": db_url,
            "APP_BROKER_URL": broker_url,
            "APP_DATA_DIR": str(Path(tmp) / "var"),
            "APP_PORT": str(port),
            "APP_LOG_LEVEL": "WARNING",
            "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        base = f"http://127.0.0.1:{port}"
        try:
            started = time.monotonic()
            run(env, "migrate")
            keys = json.loads(run(env, "seed-demo"))["api_keys"]
            say(f"migrated and seeded {name} in {time.monotonic() - started:.0f} s; starting honcho")
            with log_path.open("wb") as log:
                honcho = subprocess.Popen(
                    [str(BIN / "honcho"), "start", "-f", "Procfile", "--app-root", str(ROOT)],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            started = time.monotonic()
            wait_until_serving(base, honcho)
            say(f"the API answered /healthz after {time.monotonic() - started:.0f} s")
            smoke(base, keys)
            stop(honcho, log_path)
        except SmokeFailure as failure:
            print(f"FAIL: procfile smoke test: {failure}", file=sys.stderr)
            if log_path.exists():
                print("--- end of honcho's log ---\n" + log_path.read_text()[-6000:], file=sys.stderr)
            if honcho is not None:
                kill_all(descendants(honcho.pid) | {honcho.pid})
                honcho.wait()
            return 1
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    say("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
