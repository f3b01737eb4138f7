"""Metrics and traces with many processes: `serve --workers 3` answers /metrics for all of its processes
(its API processes, the embedded worker and the scheduler), and a process given an OTLP endpoint sends its
spans there."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from main import ROOT
from tests.e2e.test_serve import _call, _free_port, wait_until_serving

pytestmark = pytest.mark.slow


def scrape(base: str) -> str:
    with urllib.request.urlopen(base + "/metrics", timeout=10) as r:
        return r.read().decode()


def total(text: str, name: str, **labels: str) -> float:
    """The sum of a metric's samples whose labels include `labels`."""
    found = 0.0
    for line in text.splitlines():
        match = re.fullmatch(rf"{name}\{{(.*)\}} ([0-9.e+]+)", line)
        if match and all(f'{k}="{v}"' in match.group(1) for k, v in labels.items()):
            found += float(match.group(2))
    return found


def test_metrics_of_three_api_processes_and_the_worker_add_up(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("APP_", "PROMETHEUS_"))}
    env.update({"APP_DATA_DIR": str(tmp_path), "APP_LOG_LEVEL": "WARNING"})
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "serve", "--port", str(port), "--workers", "3"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_serving(base, tmp_path / "serve.log")
        sent = 31  # without a key: nothing else asks for /v1/me (the supervisor checks /healthz)
        for _ in range(sent):
            assert _call(base, "GET", "/v1/me")[0] == 401
        for _ in range(6):  # whichever process answers the scrape, it answers for all
            assert total(scrape(base), "http_requests_total", route="/v1/me", status="401") == sent
        deadline = time.monotonic() + 30
        while (
            time.monotonic() < deadline
        ):  # the scheduler sends webhook retries every 5 s, the worker runs them
            text = scrape(base)
            if total(text, "tasks_total", task="core.retry_webhooks") and total(
                text, "tasks_sent_total", task="core.retry_webhooks"
            ):
                break
            time.sleep(1)
        else:
            pytest.fail("the worker's and the scheduler's metrics never showed:\n" + text[-3000:])
        folder = next((tmp_path / "metrics").iterdir())
        assert list(folder.glob("*.db")), "the processes write their samples in serve's folder"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        log.close()
    assert not (tmp_path / "metrics" / str(server.pid)).exists(), "serve removes its folder when it ends"


class _Collector(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        _Collector.received.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


def test_a_configured_otlp_endpoint_receives_the_requests_spans(tmp_path: Path) -> None:
    collector = HTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("APP_", "PROMETHEUS_"))}
    env.update(
        {
            "APP_DATA_DIR": str(tmp_path),
            "APP_LOG_LEVEL": "WARNING",
            "APP_OTLP_ENDPOINT": f"http://127.0.0.1:{collector.server_port}",
            "OTEL_BSP_SCHEDULE_DELAY": "200",
        }
    )
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "serve", "--no-worker", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_serving(base, tmp_path / "serve.log")
        status, _ = _call(base, "GET", "/v1/me", key="tlk_not_a_key")
        assert status == 401
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(b"/v1/me" in body for _, body in _Collector.received):
            time.sleep(0.2)
        paths = {path for path, _ in _Collector.received}
        assert paths == {"/v1/traces"}, paths
        spans = b"".join(body for _, body in _Collector.received)
        assert b"/v1/me" in spans  # the request's span, named by its route
        assert b"tradelane-api" in spans  # the service's name
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        log.close()
        collector.shutdown()
