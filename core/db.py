"""Engine, sessions and the commit boundary.

The request (see `core.api.UnitOfWorkRoute`) and each task or CLI command (`unit_of_work()`) own the
transaction: they commit at the end and roll back on error. Services only `flush()`.

SQLite runs with WAL, foreign keys and a busy timeout. Its deferred transactions can fail with "database is
locked" when a reader later tries to write while another writer committed, so writing units begin with
`BEGIN IMMEDIATE` and wait their turn (the busy timeout) instead.

SQLite has one writer at a time, so a writing unit that computes for a while (a shipping quote: planning,
landed cost, FX) holds up every other writer for that long. Such a unit can opt in to `write_last(session)`
before its first statement: it then reads in a deferred transaction (a WAL snapshot, no lock), and its first
write ends that read transaction and takes the write lock with `BEGIN IMMEDIATE`, so the lock is held only
from the first write to the commit. Only for units whose writes do not depend on their reads being unchanged
at commit (inserting new rows is; check-then-update is not). On PostgreSQL it changes nothing.

Work to run after the commit (Celery tasks, notifications) is registered with `after_commit(session, fn)`: it
runs only once the transaction has committed and is dropped on rollback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import SessionTransaction
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

from core.config import get_settings

log = logging.getLogger("tradelane.db")
SQLITE_BUSY_TIMEOUT_MS = 30_000
_READING = "tradelane_write_last_reading"
"""`conn.info` flag: the connection's transaction is a `write_last` unit that has not written yet."""
_READ_ONLY_SQL = ("SELECT", "PRAGMA", "WITH")


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        immediate = options.get("sqlite_immediate", False)
        conn.info[_READING] = False
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
        conn.info[_READING] = bool(options.get("sqlite_write_last", False))

    @event.listens_for(engine, "before_cursor_execute")
    def _before_execute(
        conn: Connection, cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
    ) -> None:
        if conn.info.get(_READING) and not statement.lstrip()[:6].upper().startswith(_READ_ONLY_SQL):
            # a write_last unit's first write: end its read snapshot and queue for the write lock
            conn.info[_READING] = False
            cursor.execute("COMMIT")
            cursor.execute("BEGIN IMMEDIATE")


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """The engine of requests, tasks and commands: a pool sized by the settings (see `core.config`)."""
    settings = get_settings()
    return _engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_seconds,
    )


@lru_cache(maxsize=8)
def background_engine_for(url: str) -> Engine:
    """A small engine of its own for what refreshes per-process snapshots and looks up API keys, so that
    neither ever waits for (or takes) a connection that a request needs."""
    return _engine(url, pool_size=2, max_overflow=2, pool_timeout=30)


def _engine(url: str, *, pool_size: int, max_overflow: int, pool_timeout: float) -> Engine:
    pool = {"pool_size": pool_size, "max_overflow": max_overflow, "pool_timeout": pool_timeout}
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **pool)
        else:
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _sqlite_setup(engine)
        return engine
    # No ping per checkout (a round trip for every request): a connection found dead is invalidated with
    # the whole pool by SQLAlchemy, and the request that found it answers 503 with Retry-After.
    return create_engine(url, pool_recycle=1800, connect_args=_postgres_options(), **pool)


def _postgres_options() -> dict[str, Any]:
    """Per-connection settings. JIT compilation is off: the service's statements are short lookups or bulk
    steps run once per batch, where compiling (tens to hundreds of milliseconds per large statement, the
    ledger's per-statement balance check among them) costs more than it saves."""
    timeout = get_settings().db_statement_timeout_ms
    options = "-c jit=off"
    if timeout:
        options += (
            f" -c statement_timeout={timeout} -c idle_in_transaction_session_timeout={max(timeout, 60_000)}"
        )
    return {"connect_timeout": 5, "options": options}


def get_engine() -> Engine:
    return engine_for(get_settings().db_url)


def background_session() -> Session:
    """A read session on the background engine (see `background_engine_for`); close it when done."""
    return Session(background_engine_for(get_settings().db_url), expire_on_commit=False)


def probe_database(timeout_seconds: float = 2.0) -> bool:
    """Whether the database answers, on a connection of its own (no pool): for readiness checks."""
    url = get_settings().db_url
    args: dict[str, Any] = (
        {"timeout": timeout_seconds}
        if url.startswith("sqlite")
        else {"connect_timeout": max(1, int(timeout_seconds))}
    )
    engine = create_engine(url, poolclass=NullPool, connect_args=args)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        return True
    except Exception:
        log.warning("database probe failed", exc_info=True)
        return False
    finally:
        engine.dispose()


def new_session(*, write: bool = True) -> Session:
    """A unit of work's session. A read unit on PostgreSQL runs its statements in autocommit: under READ
    COMMITTED each statement sees its own snapshot inside a transaction too, so BEGIN and ROLLBACK would only
    cost two round trips; any write attempted in it is refused (`ReadOnlyUnit`) instead of rolled back."""
    engine = get_engine()
    if engine.dialect.name == "sqlite":
        options = {"sqlite_immediate": True} if write else {}
        return Session(engine.execution_options(**options), expire_on_commit=False)
    if write:
        return Session(engine, expire_on_commit=False)
    return Session(_read_engine(engine), expire_on_commit=False)


class ReadOnlyUnit(RuntimeError):
    """A statement that changes data was sent in a read unit of work."""


@lru_cache(maxsize=8)
def _read_engine(engine: Engine) -> Engine:
    reader = engine.execution_options(isolation_level="AUTOCOMMIT", tradelane_read_only=True)

    @event.listens_for(reader, "before_cursor_execute")
    def _refuse_writes(
        _conn: Connection, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
    ) -> None:
        if not statement.lstrip()[:6].upper().startswith((*_READ_ONLY_SQL, "SHOW")):
            raise ReadOnlyUnit(f"a read unit of work may not run {statement.split(None, 1)[0]}")

    return reader


def write_last(session: Session) -> Session:
    """Take this unit's SQLite write lock at its first write, not its first statement (see the module's
    docstring). Call it before the session's first statement; a session already in a transaction is left as
    it is."""
    if session.get_bind().dialect.name == "sqlite" and not session.in_transaction():
        session.connection(execution_options={"sqlite_immediate": False, "sqlite_write_last": True})
    return session


@contextmanager
def released(session: Session) -> Iterator[None]:
    """Give a unit's connection back to the pool while it waits on something outside the database (a
    carrier's answer), for a unit that has only read so far: its read transaction ends, and its next
    statement opens a new one (taking SQLite's write lock at its first write, as `write_last` does)."""
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("a unit with pending writes cannot give its connection back")
    sqlite = session.get_bind().dialect.name == "sqlite"
    session.rollback()
    try:
        yield
    finally:
        if sqlite:
            write_last(session)


def lock_name(session: Session, name: str) -> None:
    """Hold a lock named `name` until the unit of work ends: for a check-then-insert with no row to lock
    (the first of something). A PostgreSQL transaction-scoped advisory lock on the name's 64-bit hash; on
    SQLite a writing unit already holds the database's one write lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))"), {"name": name})


def after_commit(session: Session, fn: Callable[[], Any]) -> None:
    """Run `fn` once `session`'s transaction commits; forget it on rollback."""
    session.info.setdefault("after_commit", []).append(fn)


@event.listens_for(Session, "after_commit")
def _note_commit(session: Session) -> None:
    # SQLAlchemy also calls this when a savepoint is released; the hooks wait for the outermost transaction.
    session.info["_committed"] = True


@event.listens_for(Session, "after_transaction_end")
def _run_or_drop_after_commit(session: Session, transaction: SessionTransaction) -> None:
    committed = session.info.pop("_committed", False)
    if transaction.parent is not None:  # a savepoint ended: the unit of work goes on
        return
    hooks = session.info.pop("after_commit", [])
    if not committed:
        return
    for fn in hooks:
        try:
            fn()
        except Exception:  # the data is committed; a lost notification is logged, not raised
            log.exception("after-commit hook failed")


@contextmanager
def unit_of_work(*, write: bool = True) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back if it raises: for tasks and commands."""
    session = new_session(write=write)
    try:
        yield session
        if write:
            session.commit()
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
