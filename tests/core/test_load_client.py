"""The load benchmark's HTTP/1.1 transport (benchmarks/_http1.py): keeps its connection, parses answers,
reconnects when the server closes, times out as httpx does."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from _http1 import Http1Transport


async def _server(answers: list[bytes | None]) -> tuple[asyncio.Server, int, list[int]]:
    """Answers each request with the next of `answers` (None: no answer at all); counts connections."""
    connections: list[int] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        while answers:
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(
                (
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                ),
                0,
            )
            await reader.readexactly(length)
            answer = answers.pop(0)
            if answer is None:
                await asyncio.sleep(5)
                return
            writer.write(answer)
            await writer.drain()
            if b"Connection: close" in answer:
                writer.close()
                return
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1], connections


def _ok(body: bytes, *extra: bytes) -> bytes:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + b"".join(extra)
    return head + b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_one_connection_for_many_requests_and_another_after_the_server_closes() -> None:
    async def run() -> None:
        answers = [_ok(b'{"n": 1}'), _ok(b'{"n": 2}', b"Connection: close\r\n"), _ok(b'{"n": 3}')]
        server, port, connections = await _server(answers)
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", transport=Http1Transport(timeout=5)
        ) as client:
            got = [await client.post("/v1/quotes", json={"a": i}) for i in range(3)]
        server.close()
        assert [r.json()["n"] for r in got] == [1, 2, 3]
        assert got[0].headers["content-type"] == "application/json"
        assert len(connections) == 2  # kept alive, then reopened once after `Connection: close`

    asyncio.run(run())


def test_no_answer_in_time_is_httpx_read_timeout() -> None:
    async def run() -> None:
        server, port, _ = await _server([None])
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", transport=Http1Transport(timeout=0.2)
        ) as client:
            with pytest.raises(httpx.ReadTimeout):
                await client.get("/v1/me")
        server.close()

    asyncio.run(run())


def test_a_refused_connection_is_httpx_connect_error() -> None:
    async def run() -> None:
        server, port, _ = await _server([])
        server.close()
        await server.wait_closed()
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", transport=Http1Transport(timeout=1)
        ) as client:
            with pytest.raises(httpx.ConnectError):
                await client.get("/v1/me")

    asyncio.run(run())
