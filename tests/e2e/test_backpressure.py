"""The real server under more concurrent requests than it has connections: only 2xx and quick 503s, a live
health check meanwhile, and a revoked key refused by every worker process within a second."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from main import ROOT
from tests.e2e.test_serve import _call, _free_port, wait_until_serving

pytestmark = pytest.mark.slow

POOL = 4


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """`serve --workers 2` with a small pool and in-flight limit, on SQLite, with the demo keys."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("APP_")}
    env.update(
        {
            "APP_DATA_DIR": str(tmp_path),
            "APP_LOG_LEVEL": "WARNING",
            "APP_TASKS_EAGER": "true",
            "APP_BROKER_URL": "memory://",
            "APP_CONSOLE_ENABLED": "false",
            "APP_DB_POOL_SIZE": str(POOL),
            "APP_MAX_IN_FLIGHT": str(POOL),
            "APP_MAX_QUEUED": str(POOL),
            "APP_QUEUE_TIMEOUT_SECONDS": "0.5",
        }
    )
    subprocess.run([sys.executable, "main.py", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    seeded = subprocess.run(
        [sys.executable, "main.py", "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    keys: dict[str, str] = json.loads(seeded.stdout)["api_keys"]
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "main.py", "serve", "--no-worker", "--workers", "2", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, tmp_path / "serve.log")
        yield base, keys
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


QUOTE = {
    "merchant_id": "mer_demo_lumen",
    "destination": {"country": "DE", "city": "Berlin", "postal_code": "10115"},
    "items": [{"sku": "TEE-BASIC-M", "quantity": 2, "unit_price": {"amount": "25.00", "currency": "EUR"}}],
    "currency": "EUR",
}


async def _burst(base: str, keys: dict[str, str], n: int) -> tuple[list[int], list[float], list[float]]:
    """`n` requests at once (a third quotes, the rest reads); the statuses, the 503s' latencies, and the
    health check's latencies measured meanwhile."""
    statuses: list[int] = []
    shed_latency: list[float] = []
    health: list[float] = []
    limits = httpx.Limits(max_connections=n + 5, max_keepalive_connections=n + 5)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def one(i: int) -> None:
            start = time.perf_counter()
            if i % 3 == 0:
                r = await client.post(
                    "/v1/quotes", json=QUOTE, headers={"Authorization": f"Bearer {keys['shop']}"}
                )
            else:
                r = await client.get("/v1/balance", headers={"Authorization": f"Bearer {keys['merchant']}"})
            statuses.append(r.status_code)
            if r.status_code == 503:
                assert r.headers["retry-after"] == "1"
                shed_latency.append(time.perf_counter() - start)

        async def probe() -> None:
            for _ in range(5):
                start = time.perf_counter()
                r = await client.get("/healthz")
                assert r.status_code == 200
                health.append(time.perf_counter() - start)
                await asyncio.sleep(0.05)

        for _ in range(3):  # three waves
            await asyncio.gather(probe(), *(one(i) for i in range(n)))
    return statuses, shed_latency, health


def test_three_times_the_pool_gets_only_2xx_and_quick_503s(server: tuple[str, dict[str, str]]) -> None:
    base, keys = server
    statuses, shed_latency, health = asyncio.run(_burst(base, keys, 3 * 2 * POOL))
    assert set(statuses) <= {200, 201, 503}, sorted(set(statuses))
    assert statuses.count(200) + statuses.count(201) > 0
    assert all(t < 1.5 for t in shed_latency), max(shed_latency)  # the queue wait is bounded at 0.5 s
    assert max(health) < 1.0


def test_a_revoked_key_is_refused_by_every_worker_within_a_second(server: tuple[str, dict[str, str]]) -> None:
    base, keys = server
    status, created = _call(base, "POST", "/v1/api-keys", keys["admin"], {"role": "shop"})
    assert status == 201
    assert isinstance(created, dict)
    # warm both workers' caches with the key: fresh connections land on either process
    for _ in range(20):
        with httpx.Client(base_url=base) as c:
            assert c.get("/v1/me", headers={"Authorization": f"Bearer {created['key']}"}).status_code == 200
    status, _ = _call(base, "POST", f"/v1/api-keys/{created['id']}/revoke", keys["admin"])
    assert status == 200
    time.sleep(1.0)
    for _ in range(20):
        with httpx.Client(base_url=base) as c:
            assert c.get("/v1/me", headers={"Authorization": f"Bearer {created['key']}"}).status_code == 401
