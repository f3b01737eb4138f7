"""End to end: the processes of `main.py serve` end with it, whatever ends it; one beat per installation.

Each test starts real processes, records every descendant of the process it started (walking /proc), ends it
with a signal, and checks that no descendant is left; whatever is left is killed before the test ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from main import ROOT

pytestmark = pytest.mark.slow

PG_URL = os.environ.get("TEST_DATABASE_URL")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stat(pid: int) -> tuple[int, str, str] | None:
    """(parent pid, state, start time) of a process, or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), fields[0], fields[19]


def _descendants(root: int) -> dict[int, str]:
    """Every live process below `root`, with its start time (so a reused pid is not mistaken for it)."""
    parents: dict[int, tuple[int, str, str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (st := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = st
    found: dict[int, str] = {}
    frontier = {root}
    while frontier:
        frontier = {
            pid
            for pid, (ppid, state, _) in parents.items()
            if ppid in frontier and state != "Z" and pid not in found
        }
        found.update({pid: parents[pid][2] for pid in frontier})
    return found


def _alive(pids: dict[int, str]) -> dict[int, str]:
    """The processes of `pids` still running (a zombie has ended; an unreaped one may linger under PID 1)."""
    out = {}
    for pid, started in pids.items():
        st = _stat(pid)
        if st is not None and st[1] != "Z" and st[2] == started:
            out[pid] = started
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:200]
    except OSError:
        return "?"


def _kill_all(pids: dict[int, str]) -> None:
    for pid in _alive(pids):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APP_")}
    env.update({"APP_DATA_DIR": str(data_dir), "APP_LOG_LEVEL": "INFO", "APP_LOG_JSON": "false", **extra})
    return env


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
            return int(r.status) == 200
    except OSError:
        return False


def _wait_for(predicate: Callable[[], bool], seconds: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    tail = log.read_text()[-3000:] if log is not None and log.exists() else ""
    pytest.fail(f"timed out waiting for {what}\n{tail}")


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_serve_children_end_with_it(tmp_path: Path, workers: int, sig: signal.Signals) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "main.py", "serve", "--port", str(port), "--workers", str(workers)],
            cwd=ROOT,
            env=_env(tmp_path),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    seen: dict[int, str] = {}
    try:
        _wait_for(lambda: _healthy(f"http://127.0.0.1:{port}"), 60, "serve to answer", log)
        # the worker, the scheduler, and with --workers 2 two API processes (and multiprocessing's
        # resource tracker): wait until the beat holds its lock, then until the tree stops growing
        _wait_for(lambda: "scheduler lock held" in log.read_text(), 60, "the embedded beat", log)
        expected = 2 + (workers if workers > 1 else 0)
        _wait_for(lambda: len(_descendants(proc.pid)) >= expected, 30, f"{expected} child processes", log)
        time.sleep(1)
        seen = _descendants(proc.pid)
        assert len(seen) >= expected, seen

        proc.send_signal(sig)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"serve did not end within 30 s of {sig.name}\n{log.read_text()[-3000:]}")
        deadline = time.monotonic() + 5
        while _alive(seen) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = {pid: _cmdline(pid) for pid in _alive(seen)}
        assert not left, f"outlived serve after {sig.name}: {left}\n{log.read_text()[-3000:]}"
        if sig == signal.SIGTERM:
            assert "Traceback" not in log.read_text(), "not a clean stop:\n" + log.read_text()[-3000:]
    finally:
        seen.update(_descendants(proc.pid))
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        _kill_all(seen)


@pytest.fixture
def beat_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Settings for beats: SQLite (a file lock), or PostgreSQL (an advisory lock) on a database of theirs."""
    if not PG_URL:
        yield _env(tmp_path, APP_BROKER_URL="memory://")
        return
    name = f"tradelane_beat_{os.getpid()}_{time.monotonic_ns() % 10**8}"
    admin = create_engine(make_url(PG_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield _env(tmp_path, APP_BROKER_URL="memory://", APP_DATABASE_URL=url)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_one_beat_at_a_time(tmp_path: Path, beat_env: dict[str, str]) -> None:
    procs: list[subprocess.Popen[bytes]] = []
    logs = [tmp_path / "beat-1.log", tmp_path / "beat-2.log"]

    def start(log: Path) -> subprocess.Popen[bytes]:
        with log.open("w") as out:
            procs.append(
                subprocess.Popen(
                    [sys.executable, "main.py", "beat"],
                    cwd=ROOT,
                    env=beat_env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        return procs[-1]

    try:
        first = start(logs[0])
        _wait_for(lambda: "scheduler lock held" in logs[0].read_text(), 60, "the first beat's lock", logs[0])
        second = start(logs[1])
        _wait_for(
            lambda: "waiting for it to end" in logs[1].read_text(), 60, "the second beat to wait", logs[1]
        )
        time.sleep(3)
        assert second.poll() is None, logs[1].read_text()
        assert "scheduler lock held" not in logs[1].read_text()

        first.kill()  # a SIGKILLed beat leaves its lock to the operating system, which drops it
        first.wait(10)
        _wait_for(
            lambda: "scheduler lock held" in logs[1].read_text(), 15, "the second beat to take over", logs[1]
        )
        assert second.poll() is None
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
