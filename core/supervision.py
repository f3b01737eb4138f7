"""Process supervision: children that end with their parent, and one scheduler per installation.

`python main.py serve` starts children: the embedded worker and scheduler (`main.py worker` and
`main.py beat`) and, with `--workers N > 1`, uvicorn's API processes. Whatever ends `serve` (Ctrl-C,
SIGTERM, even SIGKILL), its children must not outlive it. A child calls `exit_with_parent()` at start:

- on Linux it asks the kernel for SIGTERM when its parent dies (`prctl(PR_SET_PDEATHSIG)`);
- everywhere, a daemon thread watches a pipe whose write end only the parent holds (EOF = the parent is gone),
  or, without a pipe, polls the parent's pid; it then sends the process SIGTERM (the process's own handler
  stops it cleanly) and ends it outright if it is still there after a grace period.

`serve` gives its worker and scheduler the read end of a pipe (`parent_pipe()`); uvicorn's API processes
are started by multiprocessing's spawn, which already holds such a pipe
(`multiprocessing.parent_process().sentinel`).

One scheduler: two beats would send every periodic task twice and share one schedule file.
`hold_scheduler_lock()` blocks until this process holds the installation's scheduler lock, retrying with a
log line, and keeps it for the life of the process: a session-level advisory lock on a dedicated connection
on PostgreSQL (every machine of an installation shares its database), an exclusive `flock` on
`<data dir>/beat.lock` otherwise. The operating system releases both when the holder dies, however it dies,
so a restart after SIGKILL takes over as soon as the old beat is gone.
"""

from __future__ import annotations

import ctypes
import fcntl
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from typing import IO

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool

from core.config import Settings

log = logging.getLogger("tradelane.supervision")

PR_SET_PDEATHSIG = 1
GRACE_SECONDS = 10.0
"""How long a child whose parent died may take to stop on SIGTERM before it is ended outright."""
SCHEDULER_LOCK_KEY = 0x7472_6164_6562_6174  # "tradebat": the advisory lock id of the scheduler
LOCK_RETRY_SECONDS = 1.0
LOCK_CHECK_SECONDS = 15.0
"""How often the holder of the PostgreSQL lock checks that its connection (and so its lock) is still there."""

_held: list[object] = []  # the scheduler lock of this process, kept referenced for the process's life


# --- children that end with their parent --------------------------------------------------------------


def parent_pipe() -> tuple[int, int]:
    """A pipe for a child to watch: give it the read end (`pass_fds`) and close that end here; keep the write
    end open for as long as this process lives (it is not inherited by other children)."""
    read_end, write_end = os.pipe()
    return read_end, write_end


def _set_parent_death_signal(sig: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _wait_for_eof(fd: int) -> None:
    while True:
        try:
            if not os.read(fd, 4096):
                return
        except OSError:
            return


def _wait_for_new_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)


def _watch(pipe_fd: int | None, parent: int, grace: float) -> None:
    if pipe_fd is not None:
        _wait_for_eof(pipe_fd)
    else:
        _wait_for_new_parent(parent)
    log.warning("parent process %d is gone: stopping process %d", parent, os.getpid())
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(grace)
    log.error("process %d did not stop within %.0f s of SIGTERM: ending it", os.getpid(), grace)
    os._exit(1)


def exit_with_parent(*, pipe_fd: int | None = None, grace: float = GRACE_SECONDS) -> None:
    """Make this process end when its parent ends (see the module's docstring).

    `pipe_fd` is the read end of the parent's pipe; without it, the pipe of multiprocessing's spawn when this
    process was spawned by it, else the parent's pid is polled.
    """
    parent = os.getppid()
    _set_parent_death_signal(signal.SIGTERM)
    if pipe_fd is None:
        spawner = multiprocessing.parent_process()
        if spawner is not None:
            parent, pipe_fd = spawner.pid or parent, spawner.sentinel
    threading.Thread(target=_watch, args=(pipe_fd, parent, grace), name="parent-watch", daemon=True).start()


def is_spawned_child() -> bool:
    """True in a process started by multiprocessing's spawn (uvicorn's API processes)."""
    return multiprocessing.parent_process() is not None


# --- one scheduler per installation -------------------------------------------------------------------


class _FileLock:
    def __init__(self, settings: Settings) -> None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.path = settings.data_dir / "beat.lock"
        self.where = str(self.path)
        self.file: IO[str] = self.path.open("a+")  # not inherited by exec'd children (O_CLOEXEC)

    def try_acquire(self) -> bool:
        try:
            fcntl.flock(self.file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self.file.seek(0)
        self.file.truncate()
        self.file.write(f"{os.getpid()}\n")
        self.file.flush()
        return True

    def keep(self) -> None:
        """The kernel holds an flock for as long as the file is open: nothing to do."""


class _AdvisoryLock:
    def __init__(self, settings: Settings) -> None:
        self.engine = create_engine(settings.db_url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        self.where = f"advisory lock {SCHEDULER_LOCK_KEY} on {self.engine.url.render_as_string()}"
        self.conn: Connection | None = None

    def try_acquire(self) -> bool:
        try:
            if self.conn is None:
                self.conn = self.engine.connect()
            query = text("SELECT pg_try_advisory_lock(:k)")
            held = self.conn.execute(query, {"k": SCHEDULER_LOCK_KEY}).scalar()
        except Exception as exc:  # the database is away: try again, as a waiting beat does
            log.warning("scheduler lock: database unreachable (%s)", exc.__class__.__name__)
            self.conn = None
            return False
        return bool(held)

    def keep(self) -> None:
        """Check the lock's connection now and then; without it the lock is gone, so this beat stops."""
        threading.Thread(target=self._check, name="scheduler-lock", daemon=True).start()

    def _check(self) -> None:
        assert self.conn is not None
        while True:
            time.sleep(LOCK_CHECK_SECONDS)
            try:
                self.conn.execute(text("SELECT 1"))
            except Exception:
                log.critical("scheduler lock lost (its database connection broke): stopping this beat")
                os.kill(os.getpid(), signal.SIGTERM)
                return


def hold_scheduler_lock(settings: Settings, *, retry_seconds: float = LOCK_RETRY_SECONDS) -> None:
    """Block until this process holds the installation's scheduler lock; keep it until the process ends."""
    if _held:
        return
    lock = _AdvisoryLock(settings) if settings.db_url.startswith("postgresql") else _FileLock(settings)
    waited = 0.0
    while not lock.try_acquire():
        if waited == 0.0:
            log.warning("another beat holds the scheduler lock (%s): waiting for it to end", lock.where)
        time.sleep(retry_seconds)
        waited += retry_seconds
    lock.keep()
    _held.append(lock)
    log.info("scheduler lock held by process %d (%s), waited %.0f s", os.getpid(), lock.where, waited)
