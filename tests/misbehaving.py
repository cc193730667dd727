"""A raw-socket HTTP server on loopback that misbehaves on purpose, down to the byte.

Each request read from a connection is answered by the next *behaviour* of the script (or the default one).
A behaviour gets the connection (:class:`Wire`) and the parsed request, writes whatever bytes it likes, and
says whether the connection stays open for another request. Helpers below build the usual misbehaviours:
partial answers followed by a reset (RST) or a close (FIN), stalls, trickles, endless chunked streams, huge
and compressed bodies.

Everything the server saw is recorded: requests (with the TCP connection and client port they came on) and the
number of connections accepted, so tests can assert what reached the server and how often.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

__all__ = [
    "Behaviour",
    "MisbehavingServer",
    "Request",
    "Wire",
    "answer",
    "chunked_forever",
    "close_after",
    "established_to",
    "free_port",
    "gzip_bomb",
    "head",
    "hold_after",
    "huge_body",
    "json_answer",
    "misbehaving_server",
    "reset_after",
    "trickle",
]

POLL = 0.05
"""How often blocked server threads look at the stop flag, in seconds."""


@dataclass
class Request:
    method: str
    target: str
    headers: dict[str, str]
    """Header names in lower case."""
    body: bytes
    connection: int
    """Which accepted TCP connection (0, 1, ...) the request came on."""
    client_port: int

    def json(self) -> object:
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None


class Wire:
    """One accepted connection, as a behaviour sees it."""

    def __init__(self, sock: socket.socket, stop: threading.Event) -> None:
        self.sock = sock
        self.stop = stop
        self.closed = False

    def send(self, data: bytes) -> bool:
        """Write ``data``; False when the peer is gone or the server is stopping."""
        view = memoryview(data)
        while view:
            if self.stop.is_set():
                return False
            try:
                sent = self.sock.send(view)
            except TimeoutError:
                continue
            except OSError:
                return False
            view = view[sent:]
        return True

    def wait(self, seconds: float) -> bool:
        """Sleep, waking early when the server stops; True if it is stopping."""
        return self.stop.wait(seconds)

    def hold(self, limit: float = 120.0) -> None:
        """Keep the connection open, saying nothing, until the peer closes it or the server stops."""
        deadline = time.monotonic() + limit
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                if self.sock.recv(65536) == b"":
                    return
            except TimeoutError:
                continue
            except OSError:
                return

    def reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER with a zero timeout)."""
        if not self.closed:
            self.closed = True
            try:
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            finally:
                self.sock.close()

    def close(self) -> None:
        """Close the connection gracefully (FIN)."""
        if not self.closed:
            self.closed = True
            with suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)
            self.sock.close()


Behaviour = Callable[[Wire, Request], bool]
"""Answers one request on a wire; returns True to keep the connection for another request."""


class MisbehavingServer:
    """A threaded TCP server speaking (mostly) HTTP/1.1, scripted per request."""

    def __init__(self, port: int = 0) -> None:
        self.stop = threading.Event()
        self.script: list[Behaviour] = []
        self.default: Behaviour = answer(500, b"no behaviour scripted")
        self.requests: list[Request] = []
        self.connections = 0
        self.client_ports: set[int] = set()
        self.errors: list[Exception] = []
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._open: set[socket.socket] = set()
        self._listener = socket.create_server(("127.0.0.1", port), backlog=64)
        self._listener.settimeout(POLL)
        self.port = int(self._listener.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._acceptor = threading.Thread(target=self._accept_loop, name="misbehaving-accept", daemon=True)

    # -- scripting --------------------------------------------------------------------------------------

    def then(self, *behaviours: Behaviour) -> MisbehavingServer:
        with self._lock:
            self.script.extend(behaviours)
        return self

    def posts_by_tag(self) -> Counter[str]:
        """How many POSTs reached the server per ``tag`` of their JSON body (one tag per SDK call)."""
        tags: Counter[str] = Counter()
        for request in self.requests:
            body = request.json()
            if request.method == "POST" and isinstance(body, dict) and isinstance(body.get("tag"), str):
                tags[body["tag"]] += 1
        return tags

    @property
    def open_connections(self) -> int:
        """Accepted connections not yet closed: a connection the client closed leaves this count."""
        with self._lock:
            return len(self._open)

    def duplicates(self) -> int:
        """POSTs that reached the server more than once for one SDK call."""
        return sum(count - 1 for count in self.posts_by_tag().values() if count > 1)

    # -- serving ----------------------------------------------------------------------------------------

    def start(self) -> None:
        self._acceptor.start()

    def close(self) -> None:
        """Stop serving: wakes every blocked thread at once (a shutdown ends a pending accept or recv)."""
        self.stop.set()
        with self._lock:
            sockets = [self._listener, *self._open]
        for sock in sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._acceptor.join(5)
        self._listener.close()
        for thread in self._threads:
            thread.join(5)

    def _accept_loop(self) -> None:
        while not self.stop.is_set():
            try:
                sock, address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                number = self.connections
                self.connections += 1
                self.client_ports.add(int(address[1]))
                self._open.add(sock)
            thread = threading.Thread(
                target=self._serve, args=(sock, number, int(address[1])), name="misbehaving-conn", daemon=True
            )
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket, number: int, port: int) -> None:
        sock.settimeout(POLL)
        wire = Wire(sock, self.stop)
        buffer = b""
        try:
            while not self.stop.is_set():
                request, buffer = self._read_request(sock, buffer, number, port)
                if request is None:
                    return
                with self._lock:
                    self.requests.append(request)
                    behaviour = self.script.pop(0) if self.script else self.default
                if not behaviour(wire, request) or wire.closed:
                    return
        except Exception as error:  # kept for the test to see, never raised in a server thread
            self.errors.append(error)
        finally:
            with self._lock:
                self._open.discard(sock)
            wire.close()

    def _read_request(
        self, sock: socket.socket, buffer: bytes, number: int, port: int
    ) -> tuple[Request | None, bytes]:
        while b"\r\n\r\n" not in buffer:
            data = self._recv(sock)
            if not data:
                return None, b""
            buffer += data
        head, _, buffer = buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _version = [*lines[0].split(" ", 2), "", ""][:3]
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length") or 0)
        while len(buffer) < length:
            data = self._recv(sock)
            if not data:
                return None, b""
            buffer += data
        body, buffer = buffer[:length], buffer[length:]
        return Request(method, target, headers, body, number, port), buffer

    def _recv(self, sock: socket.socket) -> bytes:
        while not self.stop.is_set():
            try:
                return sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return b""
        return b""


@contextmanager
def misbehaving_server(port: int = 0) -> Iterator[MisbehavingServer]:
    server = MisbehavingServer(port)
    server.start()
    try:
        yield server
    finally:
        server.close()


def established_to(port: int) -> int | None:
    """TCP connections in state ESTABLISHED to loopback ``port``, as the kernel lists them.

    Read from Linux's ``/proc/net/tcp`` and ``tcp6``: the client side of each open connection. None where
    there is no such file."""
    found = False
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as lines:
                next(lines)
                for line in lines:
                    fields = line.split()
                    remote, state = fields[2], fields[3]
                    if state == "01" and int(remote.rpartition(":")[2], 16) == port:
                        count += 1
            found = True
        except OSError:
            continue
    return count if found else None


def free_port() -> int:
    """A loopback port with nothing listening on it (connections to it are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# -- behaviours -------------------------------------------------------------------------------------------


def head(status: int, headers: dict[str, str] | None = None, reason: str = "X") -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}"] + [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


@dataclass
class _Answer:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    close: bool = False

    def __call__(self, wire: Wire, request: Request) -> bool:
        headers = {**self.headers, "Content-Length": str(len(self.body))}
        if self.close:
            headers["Connection"] = "close"
        wire.send(head(self.status, headers) + self.body)
        return not self.close


def answer(
    status: int, body: bytes = b"", headers: dict[str, str] | None = None, *, close: bool = False
) -> Behaviour:
    """A well-formed answer with a Content-Length."""
    return _Answer(status, body, dict(headers or {}), close)


def json_answer(status: int, value: object, headers: dict[str, str] | None = None) -> Behaviour:
    return answer(status, json.dumps(value).encode(), {"Content-Type": "application/json", **(headers or {})})


def reset_after(data: bytes = b"") -> Behaviour:
    """Send ``data`` (maybe nothing, maybe part of an answer), then RST."""

    def behave(wire: Wire, request: Request) -> bool:
        if data:
            wire.send(data)
            time.sleep(0.02)  # let the bytes leave before the reset discards the send queue
        wire.reset()
        return False

    return behave


def close_after(data: bytes = b"") -> Behaviour:
    """Send ``data``, then close gracefully (FIN)."""

    def behave(wire: Wire, request: Request) -> bool:
        if data:
            wire.send(data)
        wire.close()
        return False

    return behave


def hold_after(data: bytes = b"") -> Behaviour:
    """Send ``data``, then say nothing more, holding the connection open (a stall)."""

    def behave(wire: Wire, request: Request) -> bool:
        if data:
            wire.send(data)
        wire.hold()
        return False

    return behave


def trickle(data: bytes, byte: bytes = b" ", interval: float = 0.05) -> Behaviour:
    """Send ``data``, then one byte every ``interval`` seconds, forever (each read gets *something*)."""

    def behave(wire: Wire, request: Request) -> bool:
        wire.send(data)
        while not wire.wait(interval):
            if not wire.send(byte):
                break
        return False

    return behave


def chunked_forever(chunk: bytes = b"[" * 65536) -> Behaviour:
    """A 200 with ``Transfer-Encoding: chunked`` whose chunks never end."""
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"

    def behave(wire: Wire, request: Request) -> bool:
        wire.send(head(200, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}))
        while wire.send(frame):
            pass
        return False

    return behave


def huge_body(size: int, declare_length: bool = True) -> Behaviour:
    """A 200 whose body is ``size`` bytes (of a JSON string), sent as fast as the client reads it."""

    def behave(wire: Wire, request: Request) -> bool:
        headers = {"Content-Type": "application/json"}
        if declare_length:
            headers["Content-Length"] = str(size)
        else:
            headers["Connection"] = "close"
        wire.send(head(200, headers))
        chunk = b'"' + b"x" * 65534 + b'"'
        left = size
        while left > 0:
            part = chunk[: min(left, len(chunk))]
            if not wire.send(part):
                break
            left -= len(part)
        return False

    return behave


def gzip_bomb(decoded_size: int) -> Behaviour:
    """A small ``Content-Encoding: gzip`` body that inflates to ``decoded_size`` bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b" " * (1 << 20)
    parts = [compressor.compress(block) for _ in range(decoded_size >> 20)]
    body = b"".join(parts) + compressor.flush()
    return answer(200, body, {"Content-Type": "application/json", "Content-Encoding": "gzip"})
