"""A minimal loopback HTTP/1.1 server answering with canned Catapult payloads.

Run in its own process (``python bench/server.py``), so it never competes with the measured client for the
GIL. It prints ``PORT <n>`` on stdout once listening and stops when stdin closes (or after ``--max-seconds``).

One thread, non-blocking sockets and ``selectors``: keep-alive connections are served in place, new
connections (the original SDK opens one per request) are accepted cheaply, and each answer, status line,
headers and body, is written with a single ``send`` of one buffer (the rest of a large page follows as the
socket drains). Only the standard library is imported.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import selectors
import socket
import sys
import threading
import time
from urllib.parse import parse_qsl, urlsplit

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import payloads

_REASONS = {200: b"OK", 201: b"Created", 404: b"Not Found", 405: b"Method Not Allowed", 400: b"Bad Request"}
_NOT_FOUND = b'{"category":"not-found","code":"not-found","message":"no such resource"}'


class CannedAPI:
    """Routes a request to its canned answer; page bodies are rendered once and kept."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self._calls: dict[str, bytes] = {}
        self._pages: dict[tuple[str, int, int], bytes] = {}
        self._created = 0

    def answer(self, method: str, target: str) -> bytes:
        parts = urlsplit(target)
        segments = [segment for segment in parts.path.split("/") if segment]
        # /v1/users/{userId}/calls[/{callId}]
        if len(segments) < 4 or segments[0] != "v1" or segments[1] != "users" or segments[3] != "calls":
            return _response(404, _NOT_FOUND, b"Content-Type: application/json\r\n")
        user_id = segments[2]
        if len(segments) == 4:
            if method == "GET":
                return self._page(user_id, dict(parse_qsl(parts.query)))
            if method == "POST":
                self._created += 1
                location = f"{self.origin}/v1/users/{user_id}/calls/{payloads.NEW_CALL_ID}-{self._created}"
                return _response(201, b"", f"Location: {location}\r\n".encode())
        elif len(segments) == 5:
            if method == "GET":
                body = self._calls.get(segments[4])
                if body is None:
                    body = payloads.call_json(self.origin, user_id, segments[4])
                    if len(self._calls) < 1024:
                        self._calls[segments[4]] = body
                return _response(200, body, b"Content-Type: application/json\r\n")
            if method == "POST":
                return _response(200, b"")
        return _response(405, b"")

    def _page(self, user_id: str, query: dict[str, str]) -> bytes:
        total = payloads.total_for_user(user_id)
        try:
            page = max(0, int(query.get("page", "0")))
            size = min(max(1, int(query.get("size", "25"))), 1000)
        except ValueError:
            return _response(400, b'{"category":"bad-request","message":"bad page or size"}')
        key = (user_id, page, size)
        body = self._pages.get(key)
        if body is None:
            body = payloads.list_page(self.origin, user_id, page, size, total)
            self._pages[key] = body
        extra = b"Content-Type: application/json\r\n"
        if (page + 1) * size < total:
            url = f"{self.origin}/v1/users/{user_id}/calls?page={page + 1}&size={size}"
            extra += f'Link: <{url}>; rel="next"\r\n'.encode()
        return _response(200, body, extra)


def _response(status: int, body: bytes, extra_headers: bytes = b"") -> bytes:
    head = b"HTTP/1.1 %d %s\r\nContent-Length: %d\r\n%s\r\n" % (
        status,
        _REASONS.get(status, b"OK"),
        len(body),
        extra_headers,
    )
    return head + body


class _Connection:
    __slots__ = ("close_after", "inbox", "outbox", "sock")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.inbox = b""
        self.outbox = memoryview(b"")
        self.close_after = False


def serve(listener: socket.socket, api: CannedAPI, stop: threading.Event) -> None:
    selector = selectors.DefaultSelector()
    listener.setblocking(False)
    selector.register(listener, selectors.EVENT_READ, None)
    while not stop.is_set():
        for key, events in selector.select(timeout=0.5):
            if key.data is None:
                _accept(listener, selector)
                continue
            conn: _Connection = key.data
            try:
                if events & selectors.EVENT_READ:
                    _read(conn, api, selector)
                if events & selectors.EVENT_WRITE:
                    _flush(conn, selector)
            except OSError:
                _close(conn, selector)


def _accept(listener: socket.socket, selector: selectors.BaseSelector) -> None:
    while True:
        try:
            sock, _ = listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        selector.register(sock, selectors.EVENT_READ, _Connection(sock))


def _read(conn: _Connection, api: CannedAPI, selector: selectors.BaseSelector) -> None:
    try:
        data = conn.sock.recv(65536)
    except (BlockingIOError, InterruptedError):
        return
    if not data:
        _close(conn, selector)
        return
    conn.inbox += data
    answers: list[bytes] = []
    while True:
        end = conn.inbox.find(b"\r\n\r\n")
        if end < 0:
            break
        head = conn.inbox[:end].decode("latin-1")
        lines = head.split("\r\n")
        method, target, _version = lines[0].split(" ", 2)
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value.strip())
            elif name == "connection" and value.strip().lower() == "close":
                conn.close_after = True
        if len(conn.inbox) < end + 4 + length:
            break  # the body has not all arrived yet
        conn.inbox = conn.inbox[end + 4 + length :]
        answers.append(api.answer(method, target))
    if answers:
        conn.outbox = memoryview(bytes(conn.outbox) + b"".join(answers))
        _flush(conn, selector)


def _flush(conn: _Connection, selector: selectors.BaseSelector) -> None:
    while conn.outbox:
        try:
            sent = conn.sock.send(conn.outbox)
        except (BlockingIOError, InterruptedError):
            selector.modify(conn.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, conn)
            return
        conn.outbox = conn.outbox[sent:]
    if conn.close_after:
        _close(conn, selector)
        return
    selector.modify(conn.sock, selectors.EVENT_READ, conn)


def _close(conn: _Connection, selector: selectors.BaseSelector) -> None:
    with contextlib.suppress(KeyError, ValueError):
        selector.unregister(conn.sock)
    conn.sock.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--max-seconds", type=float, default=3600.0, help="stop by itself after this long")
    args = parser.parse_args(argv)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(512)
    port = listener.getsockname()[1]
    api = CannedAPI(f"http://127.0.0.1:{port}")

    stop = threading.Event()
    deadline = time.monotonic() + args.max_seconds

    def watch_stdin() -> None:
        # The parent holds our stdin open; when it exits (or closes the pipe), we stop.
        with contextlib.suppress(OSError, ValueError):
            sys.stdin.buffer.read()
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    threading.Timer(max(0.0, deadline - time.monotonic()), stop.set).start()
    print(f"PORT {port}", flush=True)
    try:
        serve(listener, api, stop)
    finally:
        listener.close()
    os._exit(0)  # do not wait for the timer thread


if __name__ == "__main__":
    raise SystemExit(main())
