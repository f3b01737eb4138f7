"""Per-process snapshots of what every request needs and what rarely changes.

A `Snapshot` holds one immutable value (the carrier network, the warehouses, the rules in force, the API keys
seen) built from the database, with the generation it was built at. Every write to the underlying data bumps a
generation counter in the same transaction. Then:

- the writing process drops its copy once the transaction commits (`invalidate`), so it reads its own writes;
- every API process runs one refresher thread (`start_refresher`) that reads the generations every
  `APP_SNAPSHOT_REFRESH_MS` and rebuilds and swaps what moved, so requests just take the current value;
- a process without the refresher (a task worker, a command, a test) looks at the generation at most once per
  `RECHECK_SECONDS` when asked.

Loads and generation reads use the background engine (`core.db.background_session`), never a request's
session or pool, and a swap is one reference assignment: a request sees the old value or the new one whole.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from core.config import get_settings
from core.db import after_commit, background_session
from core.models import Generation

log = logging.getLogger("tradelane.snapshots")
T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")
RECHECK_SECONDS = 1.0

LoadFn = Callable[[Session, int, "T | None"], T]
"""Builds the value from the database at a generation, given the previous value (to reuse its parts)."""


@dataclass(frozen=True, slots=True)
class _Held(Generic[T]):
    url: str
    generation: int
    value: T
    checked: float
    """`time.monotonic()` of the last look at the generation."""


_ONE = select(col(Generation.value)).where(col(Generation.name) == bindparam("name"))
_ALL = select(col(Generation.name), col(Generation.value))


def generation(session: Session, name: str) -> int:
    """The named counter's value (0 before its first bump)."""
    value = session.execute(_ONE, {"name": name}).scalar()
    return int(value) if value is not None else 0


def generations(session: Session) -> dict[str, int]:
    """Every counter's value, in one read (a refresher round's)."""
    return {name: int(value) for name, value in session.execute(_ALL)}


def bump(session: Session, name: str, *, then: Callable[[], None] | None = None) -> None:
    """Move the named counter in this transaction (every process's snapshot of it goes stale), and run `then`
    (usually the snapshot's `invalidate`) once the transaction commits."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(Generation).values(name=name, value=1)
    value = col(Generation.value)
    session.execute(stmt.on_conflict_do_update(index_elements=["name"], set_={"value": value + 1}))
    if then is not None:
        after_commit(session, then)


class Snapshot(Generic[T]):
    def __init__(self, name: str, *, load: LoadFn[T]) -> None:
        """`name` is the counter (`bump`) that says when the data changed."""
        self.name = name
        self._load = load
        self._held: _Held[T] | None = None
        self._previous: _Held[T] | None = None
        """The copy last dropped by `invalidate`: its parts may be reused by the rebuild."""
        self._lock = threading.Lock()
        _registry.append(self)

    def peek(self) -> T | None:
        """The current value if it can be had without asking the database, else None."""
        url = get_settings().db_url
        held = self._held
        if (
            held is not None
            and held.url == url
            and (_refresher_running(url) or time.monotonic() - held.checked < RECHECK_SECONDS)
        ):
            return held.value
        return None

    def current(self) -> T:
        value = self.peek()
        if value is not None:
            return value
        url = get_settings().db_url
        with self._lock:
            held = self._held
            if held is not None and held.url == url and time.monotonic() - held.checked < RECHECK_SECONDS:
                return held.value
            session = background_session()
            try:
                return self._refresh(session, url, generation(session, self.name)).value
            finally:
                session.close()

    def invalidate(self) -> None:
        """Drop this process's copy (after a commit that changed the data): the next `current()` rebuilds."""
        held = self._held
        if held is not None:
            self._previous = held
        self._held = None

    def _refresh(self, session: Session, url: str, generation: int) -> _Held[T]:
        """Keep the copy if it is of `generation`, otherwise rebuild it. Call with the lock held."""
        held = self._held
        if held is not None and held.url == url and held.generation == generation:
            held = _Held(url, generation, held.value, time.monotonic())
        else:
            base = held if held is not None and held.url == url else self._previous
            previous = base.value if base is not None and base.url == url else None
            held = _Held(url, generation, self._load(session, generation, previous), time.monotonic())
            self._previous = None
        self._held = held
        return held

    def refresh_if_loaded(self, session: Session, url: str, counters: dict[str, int]) -> None:
        """The refresher's step, given every counter's value: bring a copy in use up to date; leave unused
        snapshots unbuilt."""
        held = self._held
        if held is None or held.url != url:
            return
        now = counters.get(self.name, 0)
        if now == held.generation:
            return
        with self._lock:
            self._refresh(session, url, now)


@dataclass(slots=True)
class _Entries(Generic[K, V]):
    known: dict[K, tuple[V, float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Lookup(Generic[K, V]):
    """Rows read one by one on first use and kept for one generation of the counter `name` (API keys,
    merchants): a snapshot that fills itself. Keys that find nothing are never kept, so made-up keys cannot
    fill the memory; `max_age` (seconds, from a setting) bounds how long an entry is trusted as a backstop."""

    def __init__(
        self,
        name: str,
        *,
        load: Callable[[Session, K], V | None],
        max_age: Callable[[], float] | None = None,
        max_entries: int = 50_000,
    ) -> None:
        self._load, self._max_age, self._max_entries = load, max_age, max_entries
        self._snapshot: Snapshot[_Entries[K, V]] = Snapshot(name, load=lambda _s, _g, _previous: _Entries())

    def get(self, key: K, *, io: bool = True) -> V | None:
        """The value for `key`; None when there is none, or, with `io=False`, when finding out would take a
        database read (so an event loop can try here first and go to a thread only when it must)."""
        entries = self._snapshot.current() if io else self._snapshot.peek()
        if entries is None:
            return None
        hit = entries.known.get(key)
        if hit is not None and (self._max_age is None or time.monotonic() - hit[1] <= self._max_age()):
            return hit[0]
        if not io:
            return None
        session = background_session()
        try:
            value = self._load(session, key)
        finally:
            session.close()
        if value is not None:
            with entries.lock:
                if len(entries.known) >= self._max_entries:
                    entries.known.clear()
                entries.known[key] = (value, time.monotonic())
        return value

    def invalidate(self) -> None:
        self._snapshot.invalidate()


_registry: list[Snapshot[Any]] = []


def forget_all() -> None:
    """Drop this process's copy of every snapshot: for a database whose counters went back (emptied by a
    test, restored from a backup), where a copy of the same generation number would be trusted."""
    for snapshot in list(_registry):
        snapshot.invalidate()
        snapshot._previous = None


_warmers: list[Callable[[], object]] = []

F = TypeVar("F", bound=Callable[[], object])


def warm_at_start(fn: F) -> F:
    """Register a slow first-use load (a bundled data file parsed into an index) for `warm`."""
    _warmers.append(fn)
    return fn


def warm() -> None:
    """Build every snapshot and run every registered first-use load, before a process takes requests: the
    first requests would otherwise pay seconds for them, many at once."""
    for fn in list(_warmers):
        try:
            fn()
        except Exception:
            log.exception("warming %s failed", getattr(fn, "__qualname__", fn))
    for snapshot in list(_registry):
        try:
            snapshot.current()
        except Exception:
            log.exception("building the %s snapshot failed", snapshot.name)


@dataclass(slots=True)
class _Refresher:
    url: str
    thread: threading.Thread
    stop: threading.Event
    beat: float = 0.0
    """`time.monotonic()` of the last completed round: a refresher that stalls is not trusted."""


_refresher: _Refresher | None = None
_refresher_lock = threading.Lock()


def _refresher_running(url: str) -> bool:
    r = _refresher
    if r is None or r.url != url or not r.thread.is_alive():
        return False
    interval = get_settings().snapshot_refresh_ms / 1000
    return time.monotonic() - r.beat < max(RECHECK_SECONDS, 4 * interval)


def refresh_all() -> None:
    """One round: every snapshot in use brought up to the database's generations."""
    url = get_settings().db_url
    session = background_session()
    try:
        counters = generations(session)
        for snapshot in list(_registry):
            try:
                snapshot.refresh_if_loaded(session, url, counters)
            except Exception:
                log.exception("refreshing the %s snapshot failed", snapshot.name)
                session.rollback()
    finally:
        session.close()


def start_refresher() -> None:
    """Start this process's refresher thread (idempotent); API processes call it at start."""
    global _refresher
    settings = get_settings()
    with _refresher_lock:
        if _refresher is not None and _refresher.url == settings.db_url and _refresher.thread.is_alive():
            return
        stop_refresher()
        stop = threading.Event()
        interval = settings.snapshot_refresh_ms / 1000
        holder: list[_Refresher] = []

        def loop() -> None:
            while not stop.wait(interval):
                try:
                    refresh_all()
                except Exception:
                    log.exception("snapshot refresh round failed")
                    continue
                holder[0].beat = time.monotonic()

        thread = threading.Thread(target=loop, name="snapshot-refresher", daemon=True)
        _refresher = _Refresher(settings.db_url, thread, stop, time.monotonic())
        holder.append(_refresher)
        thread.start()


def stop_refresher() -> None:
    global _refresher
    r = _refresher
    _refresher = None
    if r is not None:
        r.stop.set()
        if r.thread is not threading.current_thread():
            r.thread.join(timeout=5)
