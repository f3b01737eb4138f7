"""Shared set-up for benchmarks: a migrated SQLite database in a temporary folder and timing helpers."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def temp_service(**env: str) -> Path:
    """Point the settings at a fresh, migrated SQLite database (call before importing the app)."""
    data = Path(tempfile.mkdtemp(prefix="tradelane-bench-"))
    os.environ.update(
        {
            "APP_DATA_DIR": str(data),
            "APP_TASKS_EAGER": "true",
            "APP_BROKER_URL": "memory://",
            "APP_LOG_LEVEL": "WARNING",
            **env,
        }
    )
    from main import run_migrations

    run_migrations()
    return data


def rate(fn: Callable[[], object], *, seconds: float = 2.0) -> tuple[float, list[float]]:
    """Calls per second over about `seconds`, and the per-call latencies in milliseconds."""
    fn()  # warm up
    latencies: list[float] = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        t = time.perf_counter()
        fn()
        latencies.append((time.perf_counter() - t) * 1000)
    return len(latencies) / (time.perf_counter() - start), latencies


def pct(latencies: list[float], q: float) -> float:
    return statistics.quantiles(latencies, n=100)[int(q) - 1] if len(latencies) >= 100 else max(latencies)


def report(name: str, per_second: float, latencies: list[float], target: float | None = None) -> None:
    p50, p99 = pct(latencies, 50), pct(latencies, 99)
    line = f"{name:<44} {per_second:>12,.0f}/s   p50 {p50:7.3f} ms   p99 {p99:7.3f} ms"
    if target:
        line += f"   {per_second / target:5.2f}x target ({target:,.0f}/s)"
    print(line, flush=True)
