"""Backpressure: a process runs at most `APP_MAX_IN_FLIGHT` requests at once and answers the rest quickly.

A request over the limit waits in a bounded queue, first come first served, for at most
`APP_QUEUE_TIMEOUT_SECONDS`; when `APP_MAX_QUEUED` are already waiting, or the wait runs out, it is answered
503 with `Retry-After` at once, so a saturated service sheds load in milliseconds instead of letting requests
pile up behind the database pool for tens of seconds. Waiting costs no thread and no connection. Health,
readiness and metrics are never limited.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque

from starlette.types import ASGIApp, Receive, Scope, Send

from core.errors import problem
from core.metrics import IN_FLIGHT, SHED

EXEMPT = frozenset({"/healthz", "/readyz", "/metrics"})


class Saturated(Exception):
    """No slot came free in time."""


class Slots:
    """A counting semaphore with a bounded, timed, first-in-first-out queue, for one event loop."""

    def __init__(self, limit: int, *, max_queued: int, timeout: float) -> None:
        self.limit, self.max_queued, self.timeout = limit, max_queued, timeout
        self.running = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def queued(self) -> int:
        return len(self._waiters)

    async def acquire(self) -> None:
        if self.running < self.limit and not self._waiters:
            self.running += 1
            return
        if len(self._waiters) >= self.max_queued:
            raise Saturated
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(asyncio.shield(waiter), self.timeout)
        except TimeoutError:
            if waiter.done() and not waiter.cancelled():
                return  # the slot was handed over just as the wait ran out: keep it
            self._forget(waiter)
            raise Saturated from None
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # handed a slot while the client went away: pass it on
            else:
                self._forget(waiter)
            raise

    def _forget(self, waiter: asyncio.Future[None]) -> None:
        waiter.cancel()
        with contextlib.suppress(ValueError):
            self._waiters.remove(waiter)

    def release(self) -> None:
        """Hand the slot to the longest waiter still waiting, or free it."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self.running -= 1


class InFlightLimit:
    """ASGI middleware applying `Slots` to every HTTP request but the exempt paths."""

    def __init__(self, app: ASGIApp, *, limit: int, max_queued: int, timeout: float) -> None:
        self.app = app
        self.limit, self.max_queued, self.timeout = limit, max_queued, timeout
        self._slots: dict[asyncio.AbstractEventLoop, Slots] = {}

    def slots(self) -> Slots:
        loop = asyncio.get_running_loop()
        slots = self._slots.get(loop)
        if slots is None:  # one per event loop (a test client runs several loops in turn)
            self._slots = {loop: Slots(self.limit, max_queued=self.max_queued, timeout=self.timeout)}
            slots = self._slots[loop]
        return slots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT:
            await self.app(scope, receive, send)
            return
        slots = self.slots()
        try:
            await slots.acquire()
        except Saturated:
            SHED.inc()
            response = problem(
                503,
                slug="overloaded",
                title="Service overloaded",
                detail="the service is at capacity; retry shortly",
                instance=scope["path"],
                headers={"Retry-After": "1"},
            )
            await response(scope, receive, send)
            return
        IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            IN_FLIGHT.dec()
            slots.release()
