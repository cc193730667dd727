"""HTTP/1.1 on one connection, for the async pool: a request written in one piece, an answer read back.

Why not h11 (which httpcore uses): a GET and its answer through h11 cost about 145 us of CPU (event objects,
a state machine checked on every event, headers validated again on the way out), a quarter of the client's
CPU per request; this module writes the request and reads the answer in about 35 us. What it reads, as h11
does:

- a status line ``HTTP/x.y NNN reason`` and header lines (``\\r\\n`` or bare ``\\n`` endings, obsolete line
  folding joined), the whole head at most :data:`MAX_HEAD` bytes (h11's bound as httpcore sets it) and
  :data:`MAX_HEADERS` lines; ``1xx`` answers skipped (a flood is bounded by the caller's deadline);
- a body framed by ``Transfer-Encoding: chunked`` (chunk-size lines and trailers bounded too), by
  ``Content-Length`` (one value, digits only; repeated identical values allowed), by nothing (HEAD, 204, 304),
  or else by the end of the connection;
- anything else (not HTTP, a bad status line or header, a length and chunking together, another transfer
  coding, a bad chunk size, the connection closing before the body ends) is ``httpx.RemoteProtocolError``.

A connection is reused only after an answer framed by its length or chunks, to an HTTP/1.1 request and from
an HTTP/1.1 server not saying ``Connection: close``, with nothing read past it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

import httpx

from .streams import ByteStream

__all__ = ["MAX_HEAD", "MAX_HEADERS", "Head", "Reader", "plain_request", "request_bytes"]

MAX_HEAD = 100 * 1024
"""Most bytes of a status line and headers (and of a chunk-size line, or of trailers)."""
MAX_HEADERS = 1000
"""Most header lines of an answer (h11 bounds only the bytes; 1000 lines of ``X: 1`` fit in 6 KB)."""

_STATUS = re.compile(rb"HTTP/(1\.[01]) ([0-9]{3})(?: ([^\r\n]*))?")
_HEADER = re.compile(rb"([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*([^\r\n]*?)[ \t]*")
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_UNSAFE = re.compile(rb"[\r\n\0]")
_UNSAFE_TEXT = re.compile(r"[\r\n\0]")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?")
_NO_BODY = (204, 304)
_PLAIN_URL = re.compile(
    r"(https?)://([A-Za-z0-9][A-Za-z0-9.\-]*)(?::([0-9]{1,5}))?(/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*)?"
)
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})|/\.\.?(?:/|$|\?)")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_FRAMING = frozenset({"host", "content-length", "transfer-encoding"})
_LENGTH_WHEN_EMPTY = frozenset({"POST", "PUT", "PATCH"})


class Head(NamedTuple):
    """An answer's status line and headers, and how its body is framed."""

    status: int
    reason: bytes
    version: bytes
    headers: list[tuple[bytes, bytes]]
    length: int | None
    """The body's length; ``None`` with ``chunked`` false: until the connection closes."""
    chunked: bool
    keep_alive: bool


def request_bytes(request: httpx.Request) -> bytes:
    """The request line, headers (httpx's, ``Host`` first) and body of ``request``, in one buffer."""
    target = request.url.raw_path
    raw = request.headers.raw
    if _UNSAFE.search(b" ".join([target, *(name + b" " + value for name, value in raw)])):
        raise httpx.LocalProtocolError("a header or the request target holds a line break or NUL")
    lines = [request.method.encode("ascii"), b" ", target, b" HTTP/1.1\r\n"]
    for name, value in raw:
        lines += (name, b": ", value, b"\r\n")
    lines += (b"\r\n", request.content)
    return b"".join(lines)


def plain_request(
    method: str, url: str, headers: Mapping[str, str], body: bytes | None
) -> tuple[str, str, int, bytes] | None:
    """``(scheme, host, port, bytes)`` of a request to a plain URL, written as :func:`request_bytes` writes
    an ``httpx.Request`` of the same arguments, without parsing the URL as httpx does (about 50 us, a tenth
    of a request's CPU). ``None`` when the URL or the headers need httpx: anything but a lower-risk ASCII
    URL (no user info, fragment, dot segment or stray ``%``), non-ASCII headers, or framing headers given."""
    match = _PLAIN_URL.fullmatch(url)
    if match is None or _BAD_ESCAPE.search(url, match.end(3) if match.group(3) else match.end(2)):
        return None
    scheme, host, port_text, target = match.groups()
    scheme = scheme.lower()
    host = host.lower()
    default = _DEFAULT_PORTS[scheme]
    port = int(port_text) if port_text else default
    if port > 65535:
        return None
    lines = [method, " ", target or "/", " HTTP/1.1\r\nHost: ", host]
    if port != default:
        lines += (":", str(port))
    lines.append("\r\n")
    if body is None and method in _LENGTH_WHEN_EMPTY:
        lines.append("Content-Length: 0\r\n")
    for name, value in headers.items():
        if name.lower() in _FRAMING or _UNSAFE_TEXT.search(name) or _UNSAFE_TEXT.search(value):
            return None
        lines += (name, ": ", value, "\r\n")
    if body is not None:
        lines += ("Content-Length: ", str(len(body)), "\r\n")
    lines.append("\r\n")
    try:
        head = "".join(lines).encode("ascii")
    except UnicodeEncodeError:
        return None
    return scheme, host, port, head + body if body else head


class Reader:
    """Reads answers from one connection's stream; bytes past what was asked for stay in its buffer."""

    __slots__ = ("_chunk_left", "_chunked", "_first_chunk", "_left", "buffer", "stream")

    def __init__(self, stream: ByteStream) -> None:
        self.stream = stream
        self.buffer = bytearray()
        self._left: int | None = 0
        """Bytes of the body still to come (``None``: until the close); ``0`` once a chunked one ended."""
        self._chunked = False
        self._chunk_left = 0
        self._first_chunk = True

    async def _more(self, timeout: float | None) -> bool:
        """Read into the buffer; ``False`` at the end of the stream."""
        try:
            data = await self.stream.receive(timeout)
        except TimeoutError:
            raise httpx.ReadTimeout(f"no data within {timeout} s") from None
        except OSError as error:
            raise httpx.ReadError(str(error) or type(error).__name__) from error
        self.buffer += data
        return bool(data)

    async def head(self, method: str, timeout: float | None) -> Head:
        """The next final answer's head (informational ``1xx`` ones are read past)."""
        while True:
            head = await self._one_head(method, timeout)
            if head.status >= 200:
                return head
            if head.status == 101:
                raise httpx.RemoteProtocolError("unexpected 101 Switching Protocols")

    async def _one_head(self, method: str, timeout: float | None) -> Head:
        buffer = self.buffer
        searched = 0
        while True:
            found = _HEAD_END.search(buffer, max(0, searched - 3))
            if found is not None:
                break
            if len(buffer) > MAX_HEAD:
                raise httpx.RemoteProtocolError("the answer's status line and headers are too long")
            searched = len(buffer)
            if not await self._more(timeout):
                if buffer:
                    raise httpx.RemoteProtocolError("the connection closed in the answer's headers")
                raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        if found.start() > MAX_HEAD:
            raise httpx.RemoteProtocolError("the answer's status line and headers are too long")
        raw = bytes(buffer[: found.start()])
        del buffer[: found.end()]
        return _parse_head(raw, method)

    def start_body(self, head: Head) -> None:
        """Read the body of the answer ``head`` begins next (with :meth:`piece`)."""
        self._left = head.length
        self._chunked = head.chunked
        self._chunk_left = 0
        self._first_chunk = True

    async def piece(self, timeout: float | None) -> bytes:
        """The next piece of the body as it comes (chunked framing undone); ``b""`` once it has ended."""
        if self._chunked:
            return await self._chunk_piece(timeout)
        left = self._left
        if left == 0:
            return b""
        buffer = self.buffer
        if not buffer and not await self._more(timeout):
            if left is None:
                self._left = 0
                return b""
            raise httpx.RemoteProtocolError(
                f"the connection closed {left} bytes before the end of the answer's body"
            )
        size = len(buffer) if left is None else min(left, len(buffer))
        piece = bytes(buffer[:size])
        del buffer[:size]
        if left is not None:
            self._left = left - size
        return piece

    async def _chunk_piece(self, timeout: float | None) -> bytes:
        buffer = self.buffer
        while not self._chunk_left:
            if self._left == 0:
                return b""
            if not self._first_chunk and await self._line(timeout):
                raise httpx.RemoteProtocolError("a chunk does not end with a line break")
            self._first_chunk = False
            match = _CHUNK_SIZE.fullmatch(await self._line(timeout))
            if match is None:
                raise httpx.RemoteProtocolError("invalid chunk size")
            self._chunk_left = int(match.group(1), 16)
            if not self._chunk_left:
                trailers = 0
                while await self._line(timeout):  # trailers, read and dropped
                    trailers += 1
                    if trailers > MAX_HEADERS:
                        raise httpx.RemoteProtocolError("too many trailer lines")
                self._left = 0
                return b""
        if not buffer and not await self._more(timeout):
            raise httpx.RemoteProtocolError("the connection closed in a chunk")
        size = min(self._chunk_left, len(buffer))
        piece = bytes(buffer[:size])
        del buffer[:size]
        self._chunk_left -= size
        return piece

    async def _line(self, timeout: float | None) -> bytes:
        """The next line of a chunked body (without its ending), bounded by :data:`MAX_HEAD`."""
        buffer = self.buffer
        while True:
            end = buffer.find(b"\n")
            if end >= 0:
                line = bytes(buffer[:end]).rstrip(b"\r")
                del buffer[: end + 1]
                return line
            if len(buffer) > MAX_HEAD:
                raise httpx.RemoteProtocolError("a chunk-size line is too long")
            if not await self._more(timeout):
                raise httpx.RemoteProtocolError("the connection closed in a chunked body")


def _parse_head(raw: bytes, method: str) -> Head:
    lines = raw.split(b"\n")
    status_line = lines[0].rstrip(b"\r")
    match = _STATUS.fullmatch(status_line)
    if match is None:
        raise httpx.RemoteProtocolError(f"not an HTTP/1.x status line: {status_line[:40]!r}")
    if len(lines) > MAX_HEADERS + 1:
        raise httpx.RemoteProtocolError("too many header lines")
    headers: list[tuple[bytes, bytes]] = []
    for line in lines[1:]:
        line = line.rstrip(b"\r")
        if line[:1] in (b" ", b"\t"):  # obsolete line folding: part of the previous value
            if not headers:
                raise httpx.RemoteProtocolError("a folded line before any header")
            name, value = headers[-1]
            headers[-1] = (name, (value + b" " + line.strip(b" \t")).strip(b" \t"))
            continue
        header = _HEADER.fullmatch(line)
        if header is None:
            raise httpx.RemoteProtocolError(f"an invalid header line: {line[:40]!r}")
        headers.append((header.group(1), header.group(2)))
    version = match.group(1)
    status = int(match.group(2))
    length: int | None = None
    chunked = False
    close = version != b"1.1"
    for name, value in headers:
        lowered = name.lower()
        if lowered == b"content-length":
            for part in value.split(b","):
                part = part.strip(b" \t")
                if not part.isdigit() or (length is not None and int(part) != length):
                    raise httpx.RemoteProtocolError("an invalid Content-Length")
                length = int(part)
        elif lowered == b"transfer-encoding":
            if value.strip(b" \t").lower() != b"chunked" or chunked:
                raise httpx.RemoteProtocolError("only Transfer-Encoding: chunked is supported")
            chunked = True
        elif lowered == b"connection" and b"close" in [
            token.strip(b" \t").lower() for token in value.split(b",")
        ]:
            close = True
    if chunked and length is not None:
        raise httpx.RemoteProtocolError("both Content-Length and Transfer-Encoding")
    if status < 200 or status in _NO_BODY or method == "HEAD":
        length, chunked = 0, False
    elif length is None and not chunked:
        close = True  # the body ends when the connection does
    reason = match.group(3) or b""
    return Head(status, reason, b"HTTP/" + version, headers, length, chunked, not close)
