"""The direct road's connections: a small keep-alive pool of sockets to the API host, and one attempt over it.

urllib3's ``urlopen`` cost a third of a typed get's CPU (it clones the timeout, re-parses the URL, wraps the
answer twice and runs its retry bookkeeping on every request). Here a request goes out as one buffer and its
answer is read with ``http.client``'s parser, within the attempt's deadline:

- Pool: at most ``max_connections`` connections; idle ones are reused last-in first-out. A thread finding all
  of them in use waits for one, within its attempt's deadline. An idle connection that became readable (the
  server closed it, or sent something unasked) is dropped before anything is written on it.
- Deadline: connecting (TLS included) waits at most the connect timeout or what is left of the deadline,
  whichever is less; every read of the answer (status line, interim ``1xx``, headers, body) at most the read
  timeout or what is left. The reader checks the clock before each read of the socket: no timer, no thread.
- TLS: one context per pool, built at its first connection from the client's CA bundle (certificates and
  host name checked), the host name sent as SNI.
- Record and replay tools (vcrpy and its kind) replace ``http.client``'s connection classes; when they are
  replaced, each connection is the replacement, driven through ``http.client``'s public ``request`` and
  ``getresponse``, so their cassettes see and answer every request.

Failures are told apart as the retry rules need them (:class:`Failed`): whether the request may have reached
the server, whether another attempt could mend it. The SDK errors come from :mod:`bandwidth._core.failures`,
their causes detached standard-library exceptions: nothing here holds the request's headers.
"""

from __future__ import annotations

import http.client
import io
import re
import select
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from typing import Any, Final, NamedTuple
from urllib.parse import quote, urlsplit

from .._core.body import BodyReader
from .._core.exchange import logger
from .._core.failures import broken_body, no_answer, past_deadline, plain_cause
from .._core.http import Headers, Response
from .._exceptions import APIConnectionError
from .._tls import tls_context
from .deadline import DeadlineExceeded, DeadlineReader, SocketFile

__all__ = ["Bounds", "ConnectionPool", "Failed", "Headers", "request_target"]

_READ_CHUNK: Final = 256 * 1024
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
_UNSENDABLE: Final = re.compile(r"[^\x21-\x7e]")
"""What a request line cannot carry as it is (spaces, control characters, non-ASCII): percent-encoded."""


class Bounds(NamedTuple):
    """The time bounds of one attempt, in seconds."""

    connect: float
    read: float
    deadline: float


class Failed(NamedTuple):
    """An attempt that got no whole answer."""

    error: APIConnectionError
    retry: bool
    """Whether another attempt could mend it (then the retry rules decide whether one is made)."""
    sent: bool
    """Whether the request may have reached the server."""


class _PoolClosed(Exception):
    """The pool was closed (by the transport that owns it) before a connection was taken."""


class _Connection:
    """One kept-alive socket to the API host (or, replaced, a record and replay tool's connection)."""

    __slots__ = ("poll", "replaced", "sock")

    def __init__(self, sock: socket.socket | None, replaced: Any = None) -> None:
        self.sock = sock
        self.replaced = replaced
        self.poll: Any = None
        if sock is not None and hasattr(select, "poll"):  # not on Windows: select() there
            self.poll = select.poll()
            self.poll.register(sock, select.POLLIN)

    def dropped(self) -> bool:
        """Whether the idle connection is readable (closed by the server, or junk): not to be reused."""
        if self.poll is not None:
            return bool(self.poll.poll(0))
        return self.sock is not None and bool(select.select([self.sock], [], [], 0)[0])

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        elif self.replaced is not None:
            self.replaced.close()


class ConnectionPool:
    """Keep-alive connections to one origin, at most ``max_connections`` at a time; thread-safe."""

    def __init__(self, origin: str, *, max_connections: int, verify: bool | str) -> None:
        """``verify``: what an ``https`` origin's certificates are checked against (a CA bundle, a directory
        of them, or False for nothing), loaded at the first connection, once."""
        parts = urlsplit(origin)
        scheme = parts.scheme.lower()
        self.host = parts.hostname or ""
        self.port = parts.port or _DEFAULT_PORTS[scheme]
        self._https = scheme == "https"
        self._verify = verify
        self._context: ssl.SSLContext | None = None
        self._context_lock = threading.Lock()
        self._max = max_connections
        self._host_line = _host_line(self.host, self.port, _DEFAULT_PORTS[scheme])
        self._idle: list[_Connection] = []
        self._open = 0
        self._closed = False
        self._free = threading.Condition(threading.Lock())
        self._head_cache: tuple[object, bytes] = (None, b"")

    # -- one attempt -------------------------------------------------------------------------------------

    def attempt(
        self,
        method: str,
        url: str,
        target: str,
        headers: Mapping[str, str],
        body: bytes | None,
        bounds: Bounds,
    ) -> Response | Failed:
        """Send the request and read its whole answer within ``bounds``: the answer, or what went wrong.

        An answer whose body cannot be used (too large, not decodable) raises its
        :class:`~bandwidth.APIResponseValidationError`; no other attempt would mend it.
        """
        deadline = time.monotonic() + bounds.deadline
        try:
            connection = self._acquire(deadline)
        except DeadlineExceeded as error:
            return Failed(past_deadline(method, url, bounds.deadline, error), retry=False, sent=False)
        except _PoolClosed:
            closed = no_answer("the client is closed", method, url, timeout=False, cause=None)
            return Failed(closed, retry=False, sent=False)
        if connection is None:
            connection, failed = self._connect(method, url, bounds, deadline)
            if connection is None:
                assert failed is not None
                return failed
        reusable = False
        answer: http.client.HTTPResponse | None = None
        try:
            if connection.sock is None:
                answer = self._replayed(connection, method, target, headers, body)
                fields = Headers(answer.getheaders())
                whole = False
            else:
                ours = self._exchange(connection.sock, method, target, headers, body, bounds, deadline)
                answer, fields = ours, ours.fields
                whole = ours.length is not None and not ours.chunked
            reader = BodyReader(method, url, answer.status, fields)
            if whole:  # a Content-Length within the cap (BodyReader checked it): one read
                reader.feed(answer.read())
            else:
                while chunk := answer.read(_READ_CHUNK):
                    reader.feed(chunk)
            content = reader.body()
            reusable = answer.will_close is False
            return Response(method, url, answer.status, fields, content)
        except (OSError, http.client.HTTPException, ValueError) as error:
            failed = _failure(error, answer is not None, method, url, bounds)
        finally:
            if answer is not None and not reusable:
                answer.close()
            self._release(connection, reusable)
        return failed

    def _exchange(
        self,
        sock: socket.socket,
        method: str,
        target: str,
        headers: Mapping[str, str],
        body: bytes | None,
        bounds: Bounds,
        deadline: float,
    ) -> _Answer:
        """Write the request on the socket and read the answer's status line and headers."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise DeadlineExceeded("the deadline passed")
        timeout = min(bounds.read, left)
        sock.settimeout(timeout)
        head = self._head(method, target, headers, body)
        try:
            sock.sendall(head if body is None else head + body)
        except TimeoutError:
            if timeout < bounds.read:  # the wait was what was left of the deadline
                raise DeadlineExceeded("the deadline passed") from None
            raise
        file = SocketFile(io.BufferedReader(DeadlineReader(sock, deadline)))  # sock's timeout: set above
        answer = _Answer(file, method=method)  # type: ignore[arg-type]  # it only asks for the file
        try:
            answer.begin()
        except BaseException:
            answer.close()  # its file holds the socket open: closed now, not when collected
            raise
        return answer

    def _replayed(
        self,
        connection: _Connection,
        method: str,
        target: str,
        headers: Mapping[str, str],
        body: bytes | None,
    ) -> http.client.HTTPResponse:
        """The request through a replaced ``http.client`` connection class (a record and replay tool's)."""
        replaced = connection.replaced
        replaced.request(method, target, body=body, headers=dict(headers))
        answer: http.client.HTTPResponse = replaced.getresponse()
        if not isinstance(getattr(answer, "will_close", None), bool):
            answer.will_close = False  # a stand-in (vcrpy's) has no connection to keep
        return answer

    def _head(self, method: str, target: str, headers: Mapping[str, str], body: bytes | None) -> bytes:
        """The request line and headers, as bytes. The transport's own headers are encoded once."""
        cached_headers, block = self._head_cache
        if cached_headers is not headers:
            lines = [f"{name}: {value}" for name, value in headers.items()]
            if any("\r" in line or "\n" in line for line in lines):
                raise ValueError("a header holds a line break")
            block = (self._host_line + "".join([line + "\r\n" for line in lines])).encode("latin-1")
            self._head_cache = (headers, block)
        if body is not None:
            block += b"Content-Length: %d\r\n" % len(body)
        return b"%s %s HTTP/1.1\r\n%s\r\n" % (method.encode("ascii"), target.encode("ascii"), block)

    # -- the pool ------------------------------------------------------------------------------------------

    def _acquire(self, deadline: float) -> _Connection | None:
        """An idle connection that is still open, or None when a new one may be opened (a slot is taken)."""
        with self._free:
            while True:
                if self._closed:
                    raise _PoolClosed
                while self._idle:
                    connection = self._idle.pop()
                    if not connection.dropped():
                        return connection
                    connection.close()
                    self._open -= 1
                if self._open < self._max:
                    self._open += 1
                    return None
                left = deadline - time.monotonic()
                if left <= 0:
                    raise DeadlineExceeded("no connection was free within the deadline")
                self._free.wait(left)

    def _release(self, connection: _Connection, reusable: bool) -> None:
        with self._free:
            if reusable and not self._closed:
                self._idle.append(connection)
            else:
                connection.close()
                self._open -= 1
            self._free.notify()

    def _connect(
        self, method: str, url: str, bounds: Bounds, deadline: float
    ) -> tuple[_Connection | None, Failed | None]:
        """A new connection (a slot was taken for it), or the failure to open one (the slot given back)."""
        left = deadline - time.monotonic()
        timeout = bounds.connect if bounds.connect < left else max(left, 1e-3)
        opened: _Connection | None = None
        failed: Failed | None = None
        try:
            tls = self._tls_context() if self._https else None
            replaced = self._replaced_connection(timeout, tls)
            if replaced is not None:
                opened = _Connection(None, replaced)
                return opened, None
            sock = socket.create_connection((self.host, self.port), timeout)
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                if tls is not None:
                    sock = tls.wrap_socket(sock, server_hostname=self.host)
            except BaseException:
                sock.close()
                raise
            logger.debug(
                "new connection to %s:%s (%d of at most %d)", self.host, self.port, self._open, self._max
            )
            opened = _Connection(sock)
            return opened, None
        except (OSError, ValueError) as error:
            failed = _connect_failure(error, timeout < bounds.connect, method, url, bounds)
            return None, failed
        finally:
            if opened is None:  # no connection (a failure, or an interrupt): its slot goes back
                with self._free:
                    self._open -= 1
                    self._free.notify()

    def _tls_context(self) -> ssl.SSLContext:
        """The TLS context of every connection, built at the first (loading a CA bundle takes ~50 ms)."""
        with self._context_lock:
            if self._context is None:
                self._context = tls_context(self._verify)
            return self._context

    def _replaced_connection(
        self, timeout: float, tls: ssl.SSLContext | None
    ) -> http.client.HTTPConnection | None:
        """A connection of ``http.client``'s class, if a record and replay tool replaced it (else None)."""
        if tls is not None:
            if http.client.HTTPSConnection.__module__ == "http.client":
                return None
            return http.client.HTTPSConnection(self.host, self.port, timeout=timeout, context=tls)
        if http.client.HTTPConnection.__module__ == "http.client":
            return None
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def close(self) -> None:
        """Close every idle connection now, and each one in use when its answer has been read."""
        with self._free:
            self._closed = True
            idle, self._idle = self._idle, []
            self._open -= len(idle)
            self._free.notify_all()
        for connection in idle:
            connection.close()


class _Answer(http.client.HTTPResponse):
    """``http.client``'s answer, read from the pool's socket; its headers also as :class:`Headers`."""

    fields: Headers

    def begin(self) -> None:
        super().begin()
        self.fields = Headers(self.msg.items())


def _failure(error: BaseException, answered: bool, method: str, url: str, bounds: Bounds) -> Failed:
    """What a failure after the request was written means (``answered``: its status line and headers had
    come, then the body broke off)."""
    if isinstance(error, DeadlineExceeded):
        return Failed(past_deadline(method, url, bounds.deadline, error), retry=False, sent=True)
    mendable = not isinstance(error, ValueError)  # a header holding a line break: no attempt mends that
    cause = plain_cause(error)
    timeout = isinstance(error, TimeoutError)
    if answered:
        reason: object = f"no data for {bounds.read:g} s" if timeout else _reason(error)
        return Failed(broken_body(reason, method, url, timeout=timeout, cause=cause), mendable, sent=True)
    reason = f"no answer within {bounds.read:g} s" if timeout else _reason(error)
    return Failed(no_answer(reason, method, url, timeout=timeout, cause=cause), mendable, sent=True)


def _connect_failure(error: BaseException, cut: bool, method: str, url: str, bounds: Bounds) -> Failed:
    """A connection that did not open: the request never left. ``cut``: the wait was what was left of the
    deadline. A certificate refused is not retried (no attempt would mend it)."""
    cause = plain_cause(error)
    if isinstance(error, TimeoutError):
        if cut:
            return Failed(past_deadline(method, url, bounds.deadline, error), retry=False, sent=False)
        reason: object = f"no connection within {bounds.connect:g} s"
        return Failed(no_answer(reason, method, url, timeout=True, cause=cause), True, sent=False)
    refused = no_answer(_reason(error), method, url, timeout=False, cause=cause)
    return Failed(refused, not isinstance(error, ssl.SSLError | ValueError), sent=False)


def _reason(error: BaseException) -> str:
    return str(error) or type(error).__name__


def request_target(target: str) -> str:
    """The request target of a URL on the API host (what follows its origin): the fragment dropped, what a
    request line cannot carry percent-encoded (a next link is the server's text)."""
    target = target.partition("#")[0] or "/"
    if _UNSENDABLE.search(target):
        target = _UNSENDABLE.sub(lambda found: quote(found.group(), safe=""), target)
    return target


def _host_line(host: str, port: int, default: int) -> str:
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        host = host.encode("idna").decode("ascii")
    shown = f"[{host}]" if ":" in host else host
    return f"Host: {shown}\r\n" if port == default else f"Host: {shown}:{port}\r\n"
