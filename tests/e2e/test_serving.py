"""Several API processes share new connections evenly (one SO_REUSEPORT socket each, core/serving.py)."""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from core.serving import bind_reuse_port, free_port, reuse_port_supported
from main import ROOT

needs_reuse_port = pytest.mark.skipif(
    not reuse_port_supported() or not Path("/proc/net/tcp").exists(), reason="Linux with SO_REUSEPORT"
)


def test_a_port_in_use_is_refused_even_to_reuse_port_sockets() -> None:
    with socket.socket() as plain:
        plain.bind(("127.0.0.1", 0))
        plain.listen()
        with pytest.raises(OSError, match="in use"):
            free_port("127.0.0.1", plain.getsockname()[1])


@needs_reuse_port
def test_sockets_of_one_slot_group_share_a_port() -> None:
    port = free_port("127.0.0.1", 0)
    first, second = bind_reuse_port("127.0.0.1", port, 16), bind_reuse_port("127.0.0.1", port, 16)
    try:
        assert first.getsockname() == second.getsockname()
    finally:
        first.close()
        second.close()


def _owner_of_local_ports(pids: list[int]) -> dict[int, int]:
    """The server-side local→remote port pairs of each process's sockets: {client port: owning pid}."""
    inodes: dict[str, int] = {}
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes[target[8:-1]] = pid
    owners: dict[int, int] = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        remote_port, inode = int(fields[2].split(":")[1], 16), fields[9]
        if inode in inodes:
            owners[remote_port] = inodes[inode]
    return owners


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(stat.parent.name))
    return out


@pytest.mark.slow
@needs_reuse_port
def test_connections_opened_at_once_spread_over_the_processes(tmp_path: Path) -> None:
    port = free_port("127.0.0.1", 0)
    env = {k: v for k, v in os.environ.items() if not k.startswith("APP_")} | {"APP_DATA_DIR": str(tmp_path)}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "main.py", "serve", "--workers", "2", "--no-worker", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    clients: list[socket.socket] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
                if len(_children(proc.pid)) >= 2:
                    break
            assert proc.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.3)
        time.sleep(1.0)  # both processes listening
        for _ in range(60):  # a shop backend's pool opening its connections at once: every SYN first
            c = socket.socket()
            c.setblocking(False)
            c.connect_ex(("127.0.0.1", port))
            clients.append(c)
        with selectors.DefaultSelector() as sel:  # not select(): descriptors may be above 1024 in a long run
            for c in clients:
                sel.register(c, selectors.EVENT_WRITE)
            ready: set[int] = set()
            deadline = time.monotonic() + 10
            while len(ready) < len(clients) and time.monotonic() < deadline:
                ready |= {key.fd for key, _ in sel.select(timeout=1)}
        assert len(ready) == len(clients), "connections not established"
        for c in clients:
            c.setblocking(True)
            c.settimeout(10)
        for c in clients:
            c.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        for c in clients:
            assert c.recv(4096).startswith(b"HTTP/1.1 200")
        owners = _owner_of_local_ports(_children(proc.pid))
        spread = Counter(owners.get(c.getsockname()[1]) for c in clients)
        assert None not in spread, f"a connection without a serving process: {spread}"
        assert len(spread) == 2, f"connections per process: {spread}"
        assert min(spread.values()) >= 15, f"connections per process: {spread}"
    finally:
        for c in clients:
            c.close()
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
