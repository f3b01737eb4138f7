"""A lean HTTP/1.1 transport for httpx: one keep-alive connection, answers parsed by httptools (C).

httpx's default transport parses with h11, in pure Python: about 1 ms of CPU a request, which on a shared
2-core machine the load client takes from the service it measures. This transport keeps httpx's client API
(requests, responses, timeouts and errors as httpx raises them) and costs a fraction of that. It serves
plain-HTTP loopback benchmarks only: no TLS, no proxies, no streaming of large bodies, no HTTP/2.
"""

from __future__ import annotations

import asyncio

import httptools
import httpx


class _Answer(asyncio.Protocol):
    """The socket's side: bytes in go through the parser; a complete answer wakes the waiting request."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.waiter: asyncio.Future[None] | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.body: list[bytes] = []
        self.lost: Exception | None = None
        self.keep_alive = True

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._wake(httpx.RemoteProtocolError(f"bad answer: {exc}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = httpx.RemoteProtocolError(f"connection closed: {exc or 'by the server'}")
        self._wake(self.lost)

    # httptools callbacks
    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        self.keep_alive = self.parser.should_keep_alive()  # read here: the parser forgets it once complete

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        self._wake(None)

    def _wake(self, error: Exception | None) -> None:
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            if error is None:
                waiter.set_result(None)
            else:
                waiter.set_exception(error)


class Http1Transport(httpx.AsyncBaseTransport):
    """One connection to one `host:port`, opened on first use and again after the server closes it.

    `opened` counts the connections all transports opened: a load that keeps its connections opens each once.
    """

    opened = 0

    def __init__(self, *, timeout: float) -> None:
        self.timeout = timeout
        self._answer: _Answer | None = None

    async def _connection(self, host: str, port: int) -> _Answer:
        if self._answer is not None and self._answer.lost is None:
            return self._answer
        loop = asyncio.get_running_loop()
        try:
            _, answer = await asyncio.wait_for(loop.create_connection(_Answer, host, port), self.timeout)
        except TimeoutError as exc:
            raise httpx.ConnectTimeout("connect timed out") from exc
        except OSError as exc:
            raise httpx.ConnectError(str(exc)) from exc
        self._answer = answer
        Http1Transport.opened += 1
        return answer

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        answer = await self._connection(url.host, url.port or 80)
        body = request.content
        head = [f"{request.method} {url.raw_path.decode()} HTTP/1.1\r\n".encode()]
        head += [name + b": " + value + b"\r\n" for name, value in request.headers.raw]
        if body and b"content-length" not in {name.lower() for name, _ in request.headers.raw}:
            head.append(b"Content-Length: %d\r\n" % len(body))
        answer.headers, answer.body = [], []
        answer.parser = httptools.HttpResponseParser(answer)
        waiter = answer.waiter = asyncio.get_running_loop().create_future()
        assert answer.transport is not None
        answer.transport.write(b"".join(head) + b"\r\n" + body)
        try:
            await asyncio.wait_for(waiter, self.timeout)
        except TimeoutError as exc:
            self._drop(answer)
            raise httpx.ReadTimeout("no answer in time", request=request) from exc
        status = answer.parser.get_status_code()
        if not answer.keep_alive:
            self._drop(answer)
        return httpx.Response(status, headers=answer.headers, content=b"".join(answer.body), request=request)

    def _drop(self, answer: _Answer) -> None:
        if answer.transport is not None:
            answer.transport.close()
        self._answer = None

    async def aclose(self) -> None:
        if self._answer is not None:
            self._drop(self._answer)
