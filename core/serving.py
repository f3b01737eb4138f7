"""API processes that share the load evenly: one listening socket per process, bound with SO_REUSEPORT.

uvicorn's `--workers N` binds one socket and hands it to every process. A connection then goes to whichever
process wakes first, and an event loop accepts every connection waiting at a wake-up (asyncio up to the
backlog, libuv until none is left): 200 connections opened at once by a shop backend's pool split 140 / 60,
and the busier process answered its connections 2.5 times slower than the other for as long as they lived
(keep-alive connections are never moved). Measured under `benchmarks/load.py`: p50 200 ms on one process,
500 ms on the other.

`ReusePortWorkers` keeps uvicorn's supervisor (health checks, restarts of dead processes, SIGHUP restarts,
signals) but binds one socket per process with SO_REUSEPORT, all on the same address: the kernel spreads
new connections over the sockets by a hash of their addresses, so each process gets its share. The parent
keeps every socket open, so connections that reach a process's socket while it restarts wait in its queue
for the replacement rather than being refused. Where SO_REUSEPORT is missing, `serve` falls back to uvicorn's
shared socket.
"""

from __future__ import annotations

import logging
import socket

from uvicorn.config import Config
from uvicorn.supervisors.multiprocess import Multiprocess, Process

log = logging.getLogger(__name__)

STARTUP_FAILURE = 3
"""uvicorn's exit code for a process that failed before serving (it would fail the same way again)."""


def reuse_port_supported() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def free_port(host: str, port: int) -> int:
    """`port` (or, for 0, one the kernel picks) if nothing listens on it, else OSError (address in use).

    Checked with a plain socket first: sockets with SO_REUSEPORT would otherwise join an older server's
    sockets on the port (another `serve` left running) and silently share its traffic.
    """
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
        return int(probe.getsockname()[1])


def bind_reuse_port(host: str, port: int, backlog: int) -> socket.socket:
    """A listening TCP socket on `host:port` that other sockets with SO_REUSEPORT may share."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(backlog)
        sock.set_inheritable(True)
    except OSError:
        sock.close()
        raise
    return sock


class ReusePortWorkers(Multiprocess):
    """uvicorn's `Multiprocess` with one SO_REUSEPORT socket per process slot (see the module's doc)."""

    def __init__(self, config: Config) -> None:
        port = free_port(config.host, config.port)
        self.slots = [bind_reuse_port(config.host, port, config.backlog) for _ in range(config.workers)]
        super().__init__(config, sockets=[])
        log.info("serving on %s:%d with %d processes, one socket each", config.host, port, len(self.slots))

    def _process(self, slot: int) -> Process:
        return Process(self.config, [self.slots[slot]])

    def init_processes(self) -> None:
        for slot in range(self.processes_num):
            process = self._process(slot)
            process.start()
            self.processes.append(process)

    def keep_subprocess_alive(self) -> None:
        """uvicorn's, with each replacement given its slot's socket."""
        if self.should_exit.is_set():
            return
        for slot, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()
            process.join()
            if process.exitcode == STARTUP_FAILURE:
                log.error("API process [%s] failed to start, stopping", process.pid)
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            log.info("API process [%s] died; starting another", process.pid)
            replacement = self._process(slot)
            replacement.start()
            self.processes[slot] = replacement

    def restart_all(self) -> None:
        """uvicorn's (SIGHUP): each replacement ready before the process it replaces stops, on its socket."""
        for slot, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new = self._process(slot)
            new.start()
            if not new.wait_until_ready(self.config.timeout_worker_healthcheck, self.should_exit):
                new.kill()
                new.join()
                if not self.should_exit.is_set():
                    log.error("API process [%s] was not ready in time; keeping [%s]", new.pid, old.pid)
                return
            old.terminate()
            old.join()
            self.processes[slot] = new

    def run(self) -> None:
        try:
            super().run()
        finally:
            for sock in self.slots:
                sock.close()
