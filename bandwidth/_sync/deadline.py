"""One deadline per attempt: connecting, the status line and headers (interim ``1xx`` answers too), the body.

urllib3's ``Timeout(total=...)`` bounds the connect and the *first* wait for the answer only: every later read
of the socket gets the whole read timeout again. A server trickling a byte per read, or sending ``100
Continue`` forever, was never cut off (``http.client`` reads interim answers line by line, in a loop).

The urllib3 pools of the SDK's own session (:class:`~bandwidth._sync.adapter.DeadlineAdapter`, for requests
through proxies and media downloads; the direct road has its own pool, :mod:`.connection`, reading the same
way) give each attempt's connection a response class from here (:class:`DeadlineResponse`), whose socket
reader, before each read, shrinks the socket's timeout to what is left of the attempt's deadline, and raises
:class:`DeadlineExceeded` once it has passed. No thread and no timer: a clock read and a comparison per read
of the socket. A caller's own session keeps its own pools; there the transport bounds the body alone (see
``bandwidth._sync.adapter.read_body``).

Nothing here imports requests or urllib3: the direct road needs the bounds and the error, not them.
"""

from __future__ import annotations

import http.client
import io
import socket
import time
from typing import Any

from .._core.failures import inner_error

__all__ = [
    "Attempt",
    "DeadlineExceeded",
    "DeadlineReader",
    "DeadlineResponse",
    "HeadersDeadlineResponse",
    "SocketFile",
    "deadline_passed",
]


class DeadlineExceeded(TimeoutError):
    """The attempt's deadline passed before its answer was read (a ``TimeoutError``, as urllib3 expects)."""


class Attempt:
    """The time bounds of one attempt, in seconds: connecting, each read, and the deadline of the whole.

    ``body=False`` (media downloads, which stream to a file) puts only the status line and headers within
    the deadline; the body's reads are then bounded by the read timeout alone.
    """

    __slots__ = ("body", "seconds")

    def __init__(self, connect: float, read: float, total: float, *, body: bool = True) -> None:
        self.seconds = (connect, read, total)
        self.body = body


def deadline_passed(error: BaseException) -> DeadlineExceeded | None:
    """The passed deadline behind ``error`` (urllib3's or requests' wrapper, as raised), if that is what
    it comes from."""
    current: BaseException | None = error
    for _ in range(16):
        if current is None or isinstance(current, DeadlineExceeded):
            return current
        current = inner_error(current)
    return None


class DeadlineReader(socket.SocketIO):
    """The socket's raw file, as ``sock.makefile("rb", buffering=0)`` makes it, each read within the socket's
    read timeout and what is left of the deadline. (A subclass rather than a wrapper: one Python call more
    per read, not five.) Both roads read answers through it: the direct road's pool and, for the adapter's
    road, :class:`DeadlineResponse`."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        super().__init__(sock, "rb")
        sock._io_refs += 1  # type: ignore[attr-defined]  # as makefile counts it: the socket outlives its files
        self._deadline = deadline
        self._per_read = self._timeout = sock.gettimeout()
        self._armed = True
        self._shrunk = False

    def readinto(self, b: Any) -> int | None:  # named as SocketIO names it
        if self._armed:
            left = self._deadline - time.monotonic()
            if left <= 0:
                raise DeadlineExceeded("the deadline passed")
            if self._timeout is None or left < self._timeout:
                self._sock.settimeout(left)  # type: ignore[attr-defined]
                self._timeout = left
                self._shrunk = True
        try:
            return super().readinto(b)
        except TimeoutError:
            if self._armed and self._shrunk:  # the wait was what was left of the deadline
                raise DeadlineExceeded("the deadline passed") from None
            raise

    def disarm(self) -> None:
        """Read on without the deadline, each read within the read timeout again."""
        self._armed = False
        if self._shrunk:
            self._sock.settimeout(self._per_read)  # type: ignore[attr-defined]
            self._timeout = self._per_read


class SocketFile:
    """Stands for the socket in ``HTTPResponse.__init__``, which only asks it for its file."""

    __slots__ = ("_file",)

    def __init__(self, file: io.BufferedReader) -> None:
        self._file = file

    def makefile(self, mode: str) -> io.BufferedReader:
        return self._file


class DeadlineResponse(http.client.HTTPResponse):
    """``http.client``'s answer, its socket read through :class:`DeadlineReader`."""

    def __init__(
        self,
        sock: socket.socket,
        debuglevel: int = 0,
        method: str | None = None,
        url: str | None = None,
        *,
        deadline: float,
    ) -> None:
        self._raw: DeadlineReader | None = None
        if isinstance(sock, socket.socket):  # ssl.SSLSocket too; urllib3's TLS-in-TLS wrapper is not one
            self._raw = DeadlineReader(sock, deadline)
            super().__init__(SocketFile(io.BufferedReader(self._raw)), debuglevel, method, url)  # type: ignore[arg-type]
        else:
            super().__init__(sock, debuglevel, method, url)


class HeadersDeadlineResponse(DeadlineResponse):
    """The status line and headers within the deadline; the body read on with the read timeout alone."""

    def begin(self) -> None:
        super().begin()
        if self._raw is not None:
            self._raw.disarm()
