"""The byte streams under the async connection pool: one on asyncio's protocols, one on anyio (for trio).

The pool needs four things of a connection: send bytes, receive bytes, each wait bounded by a timeout; tell,
without waiting, whether an idle connection is still usable; close it at once, even in a cancelled task.

- :class:`AsyncioStream` (under asyncio, the usual case): an ``asyncio.Protocol`` that reads as data comes,
  into a bounded buffer (reading pauses past :data:`MAX_BUFFER`), and wakes the reader through a future
  with a timer. anyio's stream does the same over the same protocols, but each bounded wait there is a
  cancel scope (``anyio.fail_after``: about 20 us to enter and leave on CPython 3.11) and each read a
  ``resume_reading``/``pause_reading`` pair: together about a quarter of the client's CPU per request with
  100 tasks. Cancellation is asyncio's own, so the transport's anyio deadline still cancels any wait here.
- :class:`AnyioStream` (under trio, or any other anyio backend): anyio's TCP/TLS stream, each wait in an
  ``anyio.fail_after``.

Both raise ``TimeoutError`` when a wait passes its timeout, ``OSError`` (its subclass for resets, TLS
errors ...) when the connection breaks, and return ``b""`` at the end of the stream.
"""

from __future__ import annotations

import asyncio
import select
import ssl
from collections import deque

import anyio
import anyio.abc
import anyio.lowlevel

__all__ = ["MAX_BUFFER", "AnyioStream", "AsyncioStream", "ByteStream", "connect"]

READ_SIZE = 64 * 1024
MAX_BUFFER = 256 * 1024
"""Bytes read ahead of the reader before reading pauses (a download read slower than it arrives)."""


class ByteStream:
    """What the pool uses of a connection (see the module docstring)."""

    socket: object
    """The raw socket, for the liveness check."""

    async def send(self, data: bytes, timeout: float | None) -> None:
        raise NotImplementedError

    async def receive(self, timeout: float | None) -> bytes:
        raise NotImplementedError

    def idle_ok(self) -> bool:
        """Whether nothing has come on this idle connection: no bytes, no end of stream, no error."""
        fileno = getattr(self.socket, "fileno", None)
        descriptor = -1 if fileno is None else fileno()
        if descriptor < 0:
            return False
        readable, _, _ = select.select([descriptor], [], [], 0)
        return not readable

    async def aclose(self) -> None:
        raise NotImplementedError


async def connect(
    host: str, port: int, ssl_context: ssl.SSLContext | None, timeout: float | None
) -> ByteStream:
    """A TCP connection (TLS with ``ssl_context``, checked against ``host``) within ``timeout`` seconds: the
    asyncio stream under asyncio, anyio's elsewhere. Raises ``TimeoutError`` or ``OSError``."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    opened: ByteStream | None = None
    try:
        with anyio.fail_after(timeout):
            opened = await (
                _asyncio_connect(loop, host, port, ssl_context)
                if loop is not None
                else _anyio_connect(host, port, ssl_context)
            )
    except BaseException:
        if opened is not None:  # connected just as the time ran out: not left open
            await opened.aclose()
        raise
    return opened


async def _asyncio_connect(
    loop: asyncio.AbstractEventLoop, host: str, port: int, ssl_context: ssl.SSLContext | None
) -> ByteStream:
    _, protocol = await loop.create_connection(
        lambda: AsyncioStream(loop),
        host,
        port,
        ssl=ssl_context,
        server_hostname=host if ssl_context is not None else None,
    )
    return protocol


async def _anyio_connect(host: str, port: int, ssl_context: ssl.SSLContext | None) -> ByteStream:
    try:
        if ssl_context is not None:
            stream: anyio.abc.ByteStream = await anyio.connect_tcp(
                host, port, ssl_context=ssl_context, tls_hostname=host, tls_standard_compatible=False
            )
        else:
            stream = await anyio.connect_tcp(host, port)
    except (anyio.BrokenResourceError, anyio.EndOfStream) as error:  # a TLS handshake that failed
        raise _os_error(error) from None
    return AnyioStream(stream)


class AsyncioStream(asyncio.Protocol, ByteStream):
    """A connection on asyncio's transports (see the module docstring)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._transport: asyncio.Transport | None = None
        self.socket = None
        self._chunks: deque[bytes] = deque()
        self._buffered = 0
        self._paused = False
        self._eof = False
        self._lost: BaseException | None = None
        self._gone = False
        self._waiter: asyncio.Future[None] | None = None
        self._drained: asyncio.Future[None] | None = None

    # -- the protocol's callbacks ---------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self.socket = transport.get_extra_info("socket")

    def data_received(self, data: bytes) -> None:
        self._chunks.append(data)
        self._buffered += len(data)
        if self._buffered > MAX_BUFFER and not self._paused and self._transport is not None:
            self._paused = True
            self._transport.pause_reading()
        self._wake()

    def eof_received(self) -> bool:
        self._eof = True
        self._wake()
        return False  # the transport closes itself

    def connection_lost(self, exc: Exception | None) -> None:
        self._gone = True
        self._lost = exc
        self._wake()
        drained, self._drained = self._drained, None
        if drained is not None and not drained.done():
            drained.set_result(None)

    def pause_writing(self) -> None:
        if self._drained is None:
            self._drained = self._loop.create_future()

    def resume_writing(self) -> None:
        drained, self._drained = self._drained, None
        if drained is not None and not drained.done():
            drained.set_result(None)

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    # -- what the pool uses ---------------------------------------------------------------------------

    async def send(self, data: bytes, timeout: float | None) -> None:
        transport = self._transport
        if transport is None or self._gone or transport.is_closing():
            raise self._broken()
        transport.write(data)
        drained = self._drained
        if drained is not None:
            await self._wait(drained, timeout)
            if self._gone:
                raise self._broken()

    async def receive(self, timeout: float | None) -> bytes:
        if not self._chunks and not self._eof and not self._gone:
            waiter = self._waiter = self._loop.create_future()
            try:
                await self._wait(waiter, timeout)
            finally:
                self._waiter = None
        if self._chunks:
            data = self._chunks.popleft()
            self._buffered -= len(data)
            if self._paused and self._buffered <= MAX_BUFFER // 2 and self._transport is not None:
                self._paused = False
                self._transport.resume_reading()
            return data
        if self._lost is not None:
            raise self._broken()
        return b""

    async def _wait(self, future: asyncio.Future[None], timeout: float | None) -> None:
        """Wait for ``future``; ``TimeoutError`` past ``timeout`` seconds."""
        if timeout is None:
            await future
            return
        timer = self._loop.call_later(timeout, _expire, future)
        try:
            await future
        finally:
            timer.cancel()

    def _broken(self) -> OSError:
        lost = self._lost
        if isinstance(lost, OSError):
            return lost
        error = ConnectionResetError("the connection was closed")
        error.__cause__ = lost
        return error

    def idle_ok(self) -> bool:
        if self._chunks or self._eof or self._gone:
            return False
        return ByteStream.idle_ok(self)

    async def aclose(self) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._gone = True
            self._transport.abort()  # no TLS close_notify, no unsent bytes waited for
            with anyio.CancelScope(shield=True):
                await anyio.lowlevel.checkpoint()  # the loop closes the socket (a callback it was given)


def _expire(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_exception(TimeoutError())


class AnyioStream(ByteStream):
    """A connection on anyio's streams, for event loops other than asyncio (trio)."""

    def __init__(self, stream: anyio.abc.ByteStream) -> None:
        self._stream = stream
        self.socket = stream.extra(anyio.abc.SocketAttribute.raw_socket, None)

    async def send(self, data: bytes, timeout: float | None) -> None:
        try:
            with anyio.fail_after(timeout):
                await self._stream.send(data)
        except (anyio.BrokenResourceError, anyio.ClosedResourceError) as error:
            raise _os_error(error) from None

    async def receive(self, timeout: float | None) -> bytes:
        try:
            with anyio.fail_after(timeout):
                return await self._stream.receive(READ_SIZE)
        except anyio.EndOfStream:
            return b""
        except (anyio.BrokenResourceError, anyio.ClosedResourceError) as error:
            raise _os_error(error) from None

    async def aclose(self) -> None:
        with anyio.CancelScope(shield=True):
            await self._stream.aclose()


def _os_error(error: BaseException) -> OSError:
    """The ``OSError`` behind one of anyio's resource errors, else one saying the connection broke."""
    cause = error.__cause__
    if isinstance(cause, OSError):
        return cause
    return ConnectionResetError(str(error) or "the connection broke")
