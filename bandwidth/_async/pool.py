"""The async transport's HTTP/1.1 keep-alive connection pool: O(1) work per request to find a connection.

httpcore's pool (under ``httpx.AsyncHTTPTransport``) assigns queued requests to connections by walking every
request and every connection each time one is released, asking each connection whether it has expired (a
readability check that builds anyio's ``extra_attributes`` dict per call): with 100 tasks on 16 connections
that walk is about half of the client's CPU. This pool keeps:

- the idle connections of each origin on a stack (the most recently used first: its socket is warm);
- the tasks waiting for a connection in a FIFO: a released connection goes straight to the oldest waiter,
  so none starves, and a closed one hands its slot to the oldest waiter, which connects;
- at most ``max_connections`` connections in all (open, opening, or handed over).

An idle connection is checked once, when taken: older than :data:`KEEPALIVE_EXPIRY`, or readable (the
server's FIN, or bytes no request asked for), it is closed and another taken, before any byte of the
request is written; so a request is never re-sent on a stale connection (a failure after that is the
transport's to judge: a POST is never sent again once it may have reached the server).

I/O: asyncio's protocols under asyncio, anyio's streams elsewhere (trio): :mod:`~bandwidth._async.streams`.
HTTP/1.1 framing: :mod:`~bandwidth._async.http11`, which reads answers as h11 (httpx's parser) does.
Failures are raised as httpx's exception classes (``ConnectError``, ``ReadTimeout``, ``RemoteProtocolError``
...), each chained to the standard-library error behind it, which is what the transport maps.

Proxies are not handled here: a transport with a proxy uses ``httpx.AsyncHTTPTransport``.
"""

from __future__ import annotations

import logging
import ssl
import time
from collections import deque
from collections.abc import AsyncIterator, Mapping
from typing import NamedTuple

import anyio
import httpx

from .http11 import Head, Reader, plain_request, request_bytes
from .streams import ByteStream, connect

__all__ = ["KEEPALIVE_EXPIRY", "ConnectionPool", "PoolClosed"]

logger = logging.getLogger("bandwidth.pool")
"""Connections opened and closed, at DEBUG: host and port only."""

KEEPALIVE_EXPIRY = 5.0
"""Seconds an idle connection is kept for reuse (httpx's default): servers drop idle ones after a while."""


class _Origin(NamedTuple):
    scheme: str
    host: str
    port: int


class _Connection:
    """One HTTP/1.1 connection: its byte stream and the reader of its answers."""

    __slots__ = ("idle_since", "origin", "reader", "stream")

    def __init__(self, origin: _Origin, stream: ByteStream) -> None:
        self.origin = origin
        self.stream = stream
        self.reader = Reader(stream)
        self.idle_since = 0.0

    def reusable(self, now: float) -> bool:
        """Whether this idle connection can carry a request: young enough, and nothing came on it (the
        server's FIN, a reset or stray bytes)."""
        return now - self.idle_since <= KEEPALIVE_EXPIRY and self.stream.idle_ok()

    async def close(self) -> None:
        """Close the socket now, even in a cancelled task."""
        await self.stream.aclose()


class _Waiter:
    """A task waiting for a connection: handed one (``connection``), or a slot to open one (``slot``)."""

    __slots__ = ("connection", "event", "origin", "slot")

    def __init__(self, origin: _Origin) -> None:
        self.origin = origin
        self.event = anyio.Event()
        self.connection: _Connection | None = None
        self.slot = False


class PoolClosed(httpx.ConnectError):
    """A request waited for, or was made on, a pool closed meanwhile."""


class ConnectionPool(httpx.AsyncBaseTransport):
    """HTTP/1.1 connections kept alive, at most ``max_connections``, for ``http`` and ``https`` origins.

    Timeouts come from the request's ``timeout`` extension (``connect``, ``read``, ``write``; ``pool`` is
    ignored: the caller's deadline bounds the wait for a connection).
    """

    def __init__(self, *, ssl_context: ssl.SSLContext, max_connections: int) -> None:
        self._ssl_context = ssl_context
        self._max = max_connections
        self._count = 0
        """Connections open, being opened, or handed to a waiter: never more than ``_max``."""
        self._idle: dict[_Origin, list[_Connection]] = {}
        self._waiters: deque[_Waiter] = deque()
        self._all: set[_Connection] = set()
        self._closed = False

    # -- taking and giving back connections -------------------------------------------------------------

    async def _acquire(self, origin: _Origin, connect_timeout: float | None) -> _Connection:
        """A live idle connection of ``origin``, a new one, or (at the limit) the next one released."""
        while True:
            if self._closed:
                raise PoolClosed("the connection pool is closed")
            idle = self._idle.get(origin)
            if idle:
                now = time.monotonic()
                while idle:
                    connection = idle.pop()
                    if connection.reusable(now):
                        return connection
                    await self._discard(connection, keep_slot=False)
            if self._count < self._max and not self._waiters:
                self._count += 1
                return await self._open(origin, connect_timeout)
            other = self._idle_elsewhere(origin)
            if other is not None and not self._waiters:  # all slots held by other origins' idle ones
                await self._discard(other, keep_slot=True)
                return await self._open(origin, connect_timeout)
            waiter = _Waiter(origin)
            self._waiters.append(waiter)
            try:
                await waiter.event.wait()
            except BaseException:
                if waiter.connection is not None:
                    with anyio.CancelScope(shield=True):
                        await self._release(waiter.connection)
                elif waiter.slot:
                    self._give_slot()
                else:
                    self._waiters.remove(waiter)
                raise
            if waiter.connection is not None:
                connection = waiter.connection
                if connection.reusable(time.monotonic()):
                    return connection
                await self._discard(connection, keep_slot=True)
                return await self._open(origin, connect_timeout)
            if waiter.slot:
                return await self._open(origin, connect_timeout)
            # woken by aclose(): the loop raises PoolClosed

    def _idle_elsewhere(self, origin: _Origin) -> _Connection | None:
        """An idle connection of another origin, taken off its stack (its slot can serve ``origin``)."""
        for other, idle in self._idle.items():
            if other != origin and idle:
                return idle.pop(0)
        return None

    async def _open(self, origin: _Origin, timeout: float | None) -> _Connection:
        """Connect to ``origin`` on a slot already counted; the slot is passed on if that fails."""
        context = self._ssl_context if origin.scheme == "https" else None
        try:
            stream = await connect(origin.host, origin.port, context, timeout)
        except BaseException as error:
            self._give_slot()
            if isinstance(error, TimeoutError):
                raise httpx.ConnectTimeout(f"no connection within {timeout} s") from None
            if isinstance(error, OSError):
                raise httpx.ConnectError(str(error) or type(error).__name__) from error
            raise
        connection = _Connection(origin, stream)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("connected to %s:%s", origin.host, origin.port)
        self._all.add(connection)
        if self._closed:  # aclose() ran while this one was connecting
            await self._discard(connection, keep_slot=False)
            raise PoolClosed("the connection pool is closed")
        return connection

    async def _release(self, connection: _Connection) -> None:
        """Give a connection that finished an exchange cleanly to the oldest waiter, else keep it idle."""
        connection.idle_since = time.monotonic()
        if self._closed:
            await self._discard(connection, keep_slot=False)
            return
        if self._waiters:
            waiter = self._waiters.popleft()
            if waiter.origin == connection.origin:
                waiter.connection = connection
                waiter.event.set()
                return
            # another origin's waiter: this connection is closed, and its slot is the waiter's
            self._waiters.appendleft(waiter)
            await self._discard(connection, keep_slot=False)
            return
        self._idle.setdefault(connection.origin, []).append(connection)

    async def _discard(self, connection: _Connection, *, keep_slot: bool) -> None:
        """Close a connection; its slot goes to the oldest waiter, or back to the pool (unless kept)."""
        self._all.discard(connection)
        if not keep_slot:
            self._give_slot()
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("closing a connection to %s:%s", connection.origin.host, connection.origin.port)
        await connection.close()

    def _give_slot(self) -> None:
        """A counted slot freed: the oldest waiter may open a connection on it, else it is uncounted."""
        if self._waiters and not self._closed:
            waiter = self._waiters.popleft()
            waiter.slot = True
            waiter.event.set()
        else:
            self._count -= 1

    # -- an exchange -----------------------------------------------------------------------------------

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` on a pooled connection; the answer's body streams from it (the connection goes
        back to the pool once the body is read to its end, and is closed if the answer is closed before)."""
        url = request.url
        scheme = url.scheme
        if scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {scheme!r}")
        port = url.port or (443 if scheme == "https" else 80)
        data = request_bytes(request)
        timeouts = request.extensions.get("timeout", {})
        return await self._send(_Origin(scheme, url.host, port), request.method, data, timeouts)

    async def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        timeouts: Mapping[str, float | None],
    ) -> httpx.Response:
        """As :meth:`handle_async_request` for ``httpx.Request(method, url, headers=headers, content=body)``
        with ``timeouts`` as its timeout extension, written without building one where the URL is plain
        (:func:`~bandwidth._async.http11.plain_request`)."""
        plain = plain_request(method, url, headers, body)
        if plain is None:
            request = httpx.Request(
                method, url, headers=headers, content=body, extensions={"timeout": dict(timeouts)}
            )
            return await self.handle_async_request(request)
        scheme, host, port, data = plain
        return await self._send(_Origin(scheme, host, port), method, data, timeouts)

    async def _send(
        self, origin: _Origin, method: str, data: bytes, timeouts: Mapping[str, float | None]
    ) -> httpx.Response:
        read = timeouts.get("read")
        connection = await self._acquire(origin, timeouts.get("connect"))
        try:
            await _send(connection.stream, data, timeouts.get("write"))
            head = await connection.reader.head(method, read)
        except BaseException:
            await self._discard(connection, keep_slot=False)
            raise
        return httpx.Response(
            head.status,
            headers=head.headers,
            stream=_Body(self, connection, head, read),
            extensions={"http_version": head.version, "reason_phrase": head.reason},
        )

    async def _finished(self, connection: _Connection, reusable: bool) -> None:
        """An answer's body was read to its end or abandoned: reuse its connection, or close it."""
        if reusable and not connection.reader.buffer:
            await self._release(connection)
        else:
            await self._discard(connection, keep_slot=False)

    # -- lifecycle -------------------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close every connection, idle or in use; waiting tasks and later requests get ``PoolClosed``."""
        if self._closed:
            return
        self._closed = True
        connections = list(self._all)
        self._all.clear()
        self._idle.clear()
        while self._waiters:
            self._waiters.popleft().event.set()
        for connection in connections:
            await connection.close()


class _Body(httpx.AsyncByteStream):
    """An answer's body, read from its connection; the connection is given back when it ends.

    Its own iterator rather than an async generator: one left unfinished (a body that broke the cap) is
    closed with the answer, never left for the event loop to finalize (trio warns of those)."""

    def __init__(
        self, pool: ConnectionPool, connection: _Connection, head: Head, timeout: float | None
    ) -> None:
        self._pool = pool
        self._connection: _Connection | None = connection
        self._keep_alive = head.keep_alive
        self._timeout = timeout
        connection.reader.start_body(head)

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self

    async def __anext__(self) -> bytes:
        connection = self._connection
        if connection is None:
            raise StopAsyncIteration
        try:
            piece = await connection.reader.piece(self._timeout)
        except BaseException:
            await self.aclose()
            raise
        if piece:
            return piece
        self._connection = None
        await self._pool._finished(connection, self._keep_alive)
        raise StopAsyncIteration

    async def aclose(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await self._pool._finished(connection, reusable=False)


async def _send(stream: ByteStream, data: bytes, timeout: float | None) -> None:
    try:
        await stream.send(data, timeout)
    except TimeoutError:
        raise httpx.WriteTimeout(f"could not send within {timeout} s") from None
    except OSError as error:
        raise httpx.WriteError(str(error) or type(error).__name__) from error
