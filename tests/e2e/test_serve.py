"""End to end: `python main.py serve` as a process on the embedded default, called over HTTP."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from celery import Celery

from main import ROOT

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _call(
    base: str,
    method: str,
    path: str,
    key: str | None = None,
    body: object = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, object]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if key:
        req.add_header("Authorization", f"Bearer {key}")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def _children(pid: int) -> set[int]:
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def wait_until_serving(base: str, log: Path) -> None:
    """Wait up to about 30 s for `/healthz`; fail with the end of the server's log."""
    for _ in range(150):
        try:
            if _call(base, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("serve did not answer: " + log.read_text()[-2000:])


def test_serve_embedded(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("APP_")}
    env.update({"APP_DATA_DIR": str(tmp_path), "APP_LOG_LEVEL": "WARNING"})
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "main.py", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_serving(base, tmp_path / "serve.log")

        seeded = subprocess.run(
            [sys.executable, "main.py", "seed-demo"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        printed = json.loads(seeded.stdout)  # the keys alone on stdout; the steps on stderr
        steps = [line for line in seeded.stderr.splitlines() if line.startswith("seed-demo: ")]
        assert steps[0].startswith("seed-demo: merchants")
        assert any(step.startswith("seed-demo: logistics.orders.demo") for step in steps)
        assert steps[-1].startswith("seed-demo: done in ")
        keys = printed["api_keys"]
        assert {u["role"] for u in printed["console_users"]} == {"merchant", "compliance_officer", "admin"}
        assert json.loads((tmp_path / "demo-keys.json").read_text()) == keys

        status, me = _call(base, "GET", "/v1/me", keys["merchant"])
        assert status == 200
        assert isinstance(me, dict)
        assert me["role"] == "merchant"
        status, page = _call(base, "GET", "/v1/merchants", keys["admin"])
        assert status == 200
        assert isinstance(page, dict)
        assert len(page["data"]) >= 4
        body = {"name": "E2E Exports", "country": "VN", "settlement_currency": "VND"}
        first = _call(base, "POST", "/v1/merchants", keys["admin"], body, {"Idempotency-Key": "e2e-1"})
        again = _call(base, "POST", "/v1/merchants", keys["admin"], body, {"Idempotency-Key": "e2e-1"})
        assert first[0] == 201
        assert again == first
        assert _call(base, "GET", "/readyz")[0] == 200

        # the embedded worker takes tasks from the SQLite broker and stores results
        probe = Celery(
            broker=f"sqla+sqlite:///{tmp_path / 'broker.db'}",
            backend=f"db+sqlite:///{tmp_path / 'task-results.db'}",
        )
        result = probe.send_task("core.purge_idempotency_records")
        assert result.get(timeout=60) == 0

        worker_pids = _children(proc.pid)
        assert worker_pids, "serve started no worker"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail("serve did not stop on Ctrl-C")
    time.sleep(1)
    assert not any(
        Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()
        for pid in worker_pids
    ), "the worker outlived serve"


def test_apikey_cli_prints_the_key_last(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APP_")}
    env["APP_DATA_DIR"] = str(tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )

    assert run("migrate").returncode == 0
    assert run("seed-demo").returncode == 0
    created = run("apikey", "create", "--role", "merchant", "--merchant", "mer_demo_batik")
    assert created.returncode == 0
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("tlk_")
    listed = run("apikey", "list").stdout
    key_id = "key_" + key.removeprefix("tlk_").split("_")[0]
    assert key_id in listed
    assert key.removeprefix("tlk_").split("_", 1)[1] not in listed
    assert run("apikey", "create", "--role", "merchant").returncode != 0
    assert run("apikey", "revoke", key_id).returncode == 0
    assert "revoked" in run("apikey", "list").stdout
