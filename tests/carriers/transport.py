"""Carriers' HTTP answered from golden files at the transport: urllib's `urlopen` inside karrio's HTTP helper
is replaced, so karrio's own request code (headers, encoding, decoders, error handling) runs as it would
against the carrier. No network."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest.mock import patch
from urllib.request import Request

FIXTURES = Path(__file__).parent / "fixtures"
URLOPEN = "karrio.core.utils.helpers.urlopen"


class _Reply(io.BytesIO):
    def __init__(self, body: bytes) -> None:
        super().__init__(body)
        self.status = 200
        self.headers: dict[str, str] = {"Content-Type": "application/json"}


@dataclass
class CarrierTransport:
    """Answers each request whose URL ends with a route's key, or whose body holds it (carriers with one URL
    for everything, as DHL Express's XML service), with that golden file (a path under `fixtures/`); any
    other request gets `{}`. `delay` seconds pass before each answer (a slow carrier);
    `error` is raised instead of answering (an unreachable one)."""

    routes: dict[str, str]
    delay: float = 0.0
    error: Exception | None = None
    requests: list[Request] = field(default_factory=list)
    timeouts: list[Any] = field(default_factory=list)
    answered: threading.Event = field(default_factory=threading.Event)
    """Set once a request has been answered (or failed): a slow carrier's thread has finished with it."""

    def __call__(self, request: Request, timeout: Any = None) -> _Reply:
        self.requests.append(request)
        self.timeouts.append(timeout)
        try:
            if self.delay:
                time.sleep(self.delay)
            if self.error is not None:
                raise self.error
            body = request.data if isinstance(request.data, bytes) else b""
            for key, name in self.routes.items():
                if request.full_url.endswith(key) or key.encode() in body:
                    return _Reply((FIXTURES / name).read_bytes())
            return _Reply(b"{}")
        finally:
            self.answered.set()

    def asked(self, key: str) -> list[Request]:
        """The requests to a URL ending with `key`, or whose body holds it."""
        return [
            r
            for r in self.requests
            if r.full_url.endswith(key) or (isinstance(r.data, bytes) and key.encode() in r.data)
        ]


@contextmanager
def carrier_http(routes: dict[str, str], **kwargs: Any) -> Iterator[CarrierTransport]:
    transport = CarrierTransport(routes, **kwargs)
    with patch(URLOPEN, side_effect=transport):
        yield transport
