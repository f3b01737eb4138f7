"""Shared by the FX tests: the ECB's daily reference file, served by a local HTTP server (no network)."""

from __future__ import annotations

import contextlib
import io
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

DAILY_CSV = "Date, USD, JPY, GBP, \n25 November 2026, 1.0512, 162.30, 0.87040, \n"


def daily_zip(csv_text: str = DAILY_CSV) -> bytes:
    """The ECB's daily file as it publishes it: eurofxref.csv in a zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("eurofxref.csv", csv_text)
    return out.getvalue()


class Served:
    """What the local server answers on every path: a status, a body and a delay."""

    def __init__(self) -> None:
        self.status, self.body, self.delay = 200, daily_zip(), 0.0
        self.hits = 0


@pytest.fixture
def ecb_server() -> Iterator[tuple[str, Served]]:
    served = Served()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served.hits += 1
            time.sleep(served.delay)
            self.send_response(served.status)
            self.send_header("Content-Length", str(len(served.body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                self.wfile.write(served.body)

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/eurofxref.zip", served
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
