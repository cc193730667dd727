"""Callback delivery: each call's events go to its ``callbackUrl`` in order, one at a time, off the lock.

Deliveries run on one background event loop (a thread, started with the first callback), so a slow or
silent receiver holds a cheap coroutine, not a thread: at most ``callback_workers`` deliveries are in flight
at once, and a receiver that trickles its answer cannot delay another call's events for longer than its own
deadline. Each attempt has one total deadline, ``callbackTimeout``, for connecting, sending and reading the
answer's status and headers (not each socket read). An attempt that fails (no connection, the deadline, a
non-2xx status, a refused host) is followed by one to the ``fallbackUrl``. Every attempt is logged; the log
and the queue of waiting callbacks are bounded.

Each request carries the event's identity, ``X-Callback-Event-Id`` (the id of the call event in
``GET /calls/{callId}/events``), the same for every attempt: a receiver can tell a re-delivery (the
fallback after a timeout) from a new event with the same payload (the same key pressed twice).

A job may want the receiver's answer (a BXML application answers an event with the next document): with
``reply_bytes`` set, the attempt also reads the body, at most that many bytes and within the same deadline,
and ``on_reply`` gets the outcome once the job is done (delivered, failed, or dropped).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import logging
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from urllib.parse import unquote, urlencode, urlsplit

from .._redact import redact_url
from .._types import JSONObject, JSONValue

__all__ = ["EVENT_ID_HEADER", "CallbackJob", "Delivery", "Dispatcher", "Reply"]

logger = logging.getLogger("bandwidth.emulator")

USER_AGENT: Final = "BandwidthAPI/v1 (bandwidth.emulator)"
EVENT_ID_HEADER: Final = "X-Callback-Event-Id"
"""The header naming the event a callback reports, the same on every attempt (the API documents none)."""
MAX_ANSWER_HEAD: Final = 64 * 1024
"""Bytes of a receiver's status line and headers read at most."""

Guard = Callable[[str, str, int], "str | None"]
"""``(host, resolved address, port)`` -> why that address may not be connected to, or ``None``."""
UrlGuard = Callable[[str], "str | None"]
"""``url`` -> why it may not receive callbacks, or ``None``."""


@dataclass(frozen=True)
class Reply:
    """What a job's receiver answered (for a job with ``on_reply``)."""

    status: int | None
    """The HTTP status, or ``None`` when no answer came."""
    body: bytes
    """The answer's body (empty when it failed)."""
    error: str | None
    """Why the job failed (as logged), or ``None`` for a 2xx answer read whole."""


@dataclass(frozen=True)
class CallbackJob:
    """One event to send, with the call's callback settings as they were when it happened."""

    call_id: str
    """Whose callbacks these are, and whose queue it waits in: a call's id, or a conference's."""
    event_id: str
    """The call event the callback reports (``GET /calls/{callId}/events/{eventId}``)."""
    event_type: str
    payload: JSONObject
    url: str
    method: str
    timeout_ms: int
    fallback_url: str | None
    time: datetime
    reply_bytes: int = 0
    """When more than 0, the answer's body is read too, up to this many bytes (more fails the attempt)."""
    on_reply: Callable[[Reply], None] | None = None
    """Called, from the delivery thread, with the last attempt's answer once the job is done."""


@dataclass(frozen=True)
class Delivery:
    """One attempt to deliver a callback event, as written to the delivery log."""

    sequence: int
    """Order of the attempt in the log (1, 2, ...)."""
    call_id: str
    """The call the event belongs to; for a conference's events (``conference``, ``conference-member`` ...),
    the conference's id."""
    event_type: str
    """The payload's ``eventType``: ``answer``, ``hangup``, ``gather`` ..."""
    payload: JSONObject
    """The event as sent (a JSON body, or query parameters for GET)."""
    url: str
    """Where it was sent: the ``callbackUrl``, or the ``fallbackUrl`` on a second attempt (as given)."""
    method: str
    """``POST`` or ``GET``."""
    fallback: bool
    """Whether this attempt went to the ``fallbackUrl``."""
    status_code: int | None
    """The receiver's HTTP status, or ``None`` when no answer came."""
    error: str | None
    """Why the attempt failed: a connection error, the deadline, an error status, a refused host."""
    time: datetime
    """The emulated time of the event."""
    event_id: str = ""
    """The call event the callback reports (sent as ``X-Callback-Event-Id``)."""

    @property
    def ok(self) -> bool:
        """Whether the receiver answered with a 2xx status."""
        return self.error is None

    @property
    def shown_url(self) -> str:
        """:attr:`url` with its password, if any, replaced by ``***`` (for logs and the control API)."""
        return redact_url(self.url)

    def __repr__(self) -> str:
        return (
            f"Delivery(sequence={self.sequence}, call_id={self.call_id!r}, event_type={self.event_type!r}, "
            f"url={self.shown_url!r}, method={self.method!r}, fallback={self.fallback}, "
            f"status_code={self.status_code}, error={self.error!r})"
        )


def query_parameters(payload: Mapping[str, JSONValue]) -> dict[str, str]:
    """The event as GET query parameters: ``true``/``false``, numbers as text, an object (``diversion``) as
    its JSON text, as ``bxml/callBacks/answer.md`` shows it."""
    flat: dict[str, str] = {}
    for name, value in payload.items():
        if value is None:
            continue
        if isinstance(value, dict):
            flat[name] = json.dumps(value, separators=(",", ":"))
        elif isinstance(value, bool):
            flat[name] = "true" if value else "false"
        elif isinstance(value, list):
            flat[name] = ",".join(str(item) for item in value)
        else:
            flat[name] = str(value)
    return flat


class _Refused(Exception):
    """The attempt was not made: the URL's host is not allowed."""


class _BadAnswer(Exception):
    """The answer's body is too large, or its framing is broken (``status``: the answer's, once known)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


async def _read_body(reader: asyncio.StreamReader, head: bytes, limit: int) -> bytes:
    """The body after ``head`` (``Content-Length``, chunked, or until the connection closes), ``<= limit``."""
    fields: dict[str, str] = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        fields[name.strip().lower()] = value.strip()
    too_large = _BadAnswer(f"the answer's body is over {limit} bytes")
    try:
        if "chunked" in fields.get("transfer-encoding", "").lower():
            body = bytearray()
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0].strip(), 16)
                if size < 0:
                    raise ValueError(size)
                if size == 0:
                    return bytes(body)
                if len(body) + size > limit:
                    raise too_large
                body += await reader.readexactly(size)
                await reader.readexactly(2)
        if "content-length" in fields:
            length = int(fields["content-length"])
            if length < 0:
                raise _BadAnswer("the answer's Content-Length is negative")
            if length > limit:
                raise too_large
            return await reader.readexactly(length)
        body = bytearray()
        while chunk := await reader.read(limit + 1 - len(body)):
            body += chunk
            if len(body) > limit:
                raise too_large
        return bytes(body)
    except ValueError:
        raise _BadAnswer("the answer's framing is broken (Content-Length or chunk size)") from None
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
        raise _BadAnswer("the answer's body ended early or its framing is broken") from None


def _request_bytes(job: CallbackJob, url: str) -> tuple[str, int, bool, bytes]:
    """``(host, port, tls, request)`` for one attempt: the whole HTTP/1.1 request, ``Connection: close``."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    tls = parts.scheme == "https"
    port = parts.port or (443 if tls else 80)
    target = parts.path or "/"
    query = parts.query
    body = b""
    headers = {"User-Agent": USER_AGENT, EVENT_ID_HEADER: job.event_id}
    if job.method == "GET":
        extra = urlencode(query_parameters(job.payload))
        query = f"{query}&{extra}" if query else extra
    else:
        body = json.dumps(job.payload).encode()
        headers["Content-Type"] = "application/json; charset=utf-8"
    if parts.username is not None or parts.password is not None:
        credentials = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(credentials).decode()
    if query:
        target = f"{target}?{query}"
    authority = f"[{host}]" if ":" in host else host
    if parts.port is not None:
        authority = f"{authority}:{parts.port}"
    lines = [f"{job.method} {target} HTTP/1.1", f"Host: {authority}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
    return host, port, tls, head + body


class Dispatcher:
    """Per-call ordered delivery on a background event loop, with a bounded, thread-safe log."""

    def __init__(
        self,
        max_workers: int = 64,
        *,
        max_pending: int = 10_000,
        max_logged: int = 10_000,
        url_guard: UrlGuard | None = None,
        address_guard: Guard | None = None,
    ) -> None:
        self.max_workers = max_workers
        self.max_pending = max_pending
        self.url_guard = url_guard
        self.address_guard = address_guard
        self._condition = threading.Condition()
        self._queues: dict[str, deque[CallbackJob]] = {}
        self._pending = 0
        self._log: deque[Delivery] = deque(maxlen=max_logged)
        self._logged = 0
        self._sequence = itertools.count(1)
        self._closed = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._slots: asyncio.Semaphore | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._tls: ssl.SSLContext | None = None

    @property
    def closed(self) -> bool:
        return self._closed

    # -- queueing (any thread) -------------------------------------------------------------------------------

    def submit(self, job: CallbackJob) -> None:
        """Queue ``job`` behind the earlier events of the same call (dropped, and logged, when full)."""
        with self._condition:
            if self._closed:
                return
            dropped = None
            wake: asyncio.AbstractEventLoop | None = None
            if self._pending >= self.max_pending:
                dropped = f"dropped: {self.max_pending} callbacks already wait"
                self._append(job, job.url, False, None, dropped)
            else:
                queue = self._queues.get(job.call_id)
                first = queue is None
                if queue is None:
                    queue = self._queues[job.call_id] = deque()
                queue.append(job)
                self._pending += 1
                loop = self._running_loop()
                wake = loop if first else None
        if dropped is not None:
            if job.on_reply is not None:  # outside the condition: the reply may take the engine's lock
                job.on_reply(Reply(None, b"", dropped))
        elif wake is not None:
            wake.call_soon_threadsafe(self._start, job.call_id)

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        """The delivery loop, started on first use (called with the condition held)."""
        if self._loop is None:
            loop = asyncio.new_event_loop()
            ready = threading.Event()

            def run() -> None:
                asyncio.set_event_loop(loop)
                self._slots = asyncio.Semaphore(self.max_workers)
                loop.call_soon(ready.set)
                loop.run_forever()

            self._thread = threading.Thread(target=run, name="bandwidth-emulator-callbacks", daemon=True)
            self._thread.start()
            ready.wait(5)
            self._loop = loop
        return self._loop

    # -- delivering (the loop's thread) ----------------------------------------------------------------------

    def _start(self, call_id: str) -> None:
        task = asyncio.get_running_loop().create_task(self._drain(call_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drain(self, call_id: str) -> None:
        while True:
            with self._condition:
                queue = self._queues.get(call_id)
                if not queue or self._closed:
                    self._queues.pop(call_id, None)
                    self._condition.notify_all()
                    return
                job = queue.popleft()
            try:
                await self._deliver(job)
            except asyncio.CancelledError:
                raise
            except Exception as failure:  # one broken delivery never stops the call's later events
                logger.exception("a callback delivery failed inside the emulator")
                self._record(job, job.url, False, None, f"emulator error: {type(failure).__name__}")
            finally:
                with self._condition:
                    self._pending -= 1
                    self._condition.notify_all()

    async def _deliver(self, job: CallbackJob) -> None:
        reply = await self._attempt(job, job.url, fallback=False)
        if reply.error is not None and job.fallback_url:
            reply = await self._attempt(job, job.fallback_url, fallback=True)
        if job.on_reply is not None:
            job.on_reply(reply)

    async def _attempt(self, job: CallbackJob, url: str, *, fallback: bool) -> Reply:
        """One HTTP request with the event, within ``callbackTimeout`` in all; logged; its answer."""
        status: int | None = None
        body = b""
        error: str | None = None
        refusal = self.url_guard(url) if self.url_guard is not None else None
        if refusal is not None:
            error = f"refused: {refusal}"
        else:
            assert self._slots is not None
            async with self._slots:
                try:
                    status, body = await asyncio.wait_for(self._exchange(job, url), job.timeout_ms / 1000)
                except asyncio.TimeoutError:
                    error = f"no answer within callbackTimeout ({job.timeout_ms} ms)"
                except _Refused as refused:
                    error = f"refused: {refused}"
                except _BadAnswer as bad:
                    status, error = bad.status, str(bad)
                except (OSError, ValueError, UnicodeError) as failure:
                    error = redact_url(f"{type(failure).__name__}: {failure}")[:300]
            if error is None and status is not None and not 200 <= status < 300:
                error = f"HTTP {status}"
        self._record(job, url, fallback, status, error)
        return Reply(status, body if error is None else b"", error)

    async def _exchange(self, job: CallbackJob, url: str) -> tuple[int, bytes]:
        """Connect, send the request, read the answer's status line and headers (and its body, if the job
        wants it); the status and the body."""
        host, port, tls, request = _request_bytes(job, url)
        loop = asyncio.get_running_loop()
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        addresses = [info[4][0] for info in infos]
        if not addresses:
            raise OSError(f"{host} has no address")
        address = str(addresses[0])
        if self.address_guard is not None:
            refusal = self.address_guard(host, address, port)
            if refusal is not None:
                raise _Refused(refusal)
        context = None
        if tls:
            if self._tls is None:
                self._tls = ssl.create_default_context()
            context = self._tls
        reader, writer = await asyncio.open_connection(
            address, port, ssl=context, server_hostname=host if tls else None, limit=MAX_ANSWER_HEAD
        )
        try:
            writer.write(request)
            await writer.drain()
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.LimitOverrunError:
                raise ValueError("the answer's headers are too large") from None
            except asyncio.IncompleteReadError as incomplete:
                head = incomplete.partial
            status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
            version, _, rest = status_line.partition(" ")
            code = rest[:3]
            if not version.startswith("HTTP/") or not code.isdigit():
                raise ValueError("the answer is not HTTP")
            status = int(code)
            if job.reply_bytes <= 0 or not 200 <= status < 300:
                return status, b""
            try:
                return status, await _read_body(reader, head, job.reply_bytes)
            except _BadAnswer as bad:
                raise _BadAnswer(str(bad), status) from None
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1)

    # -- the log ---------------------------------------------------------------------------------------------

    def _append(
        self, job: CallbackJob, url: str, fallback: bool, status: int | None, error: str | None
    ) -> None:
        """Log one attempt (called with the condition held)."""
        self._log.append(
            Delivery(
                sequence=next(self._sequence),
                call_id=job.call_id,
                event_type=job.event_type,
                payload=job.payload,
                url=url,
                method=job.method,
                fallback=fallback,
                status_code=status,
                error=error,
                time=job.time,
                event_id=job.event_id,
            )
        )
        self._logged += 1
        self._condition.notify_all()

    def _record(
        self, job: CallbackJob, url: str, fallback: bool, status: int | None, error: str | None
    ) -> None:
        with self._condition:
            self._append(job, url, fallback, status, error)

    def deliveries(self) -> list[Delivery]:
        """A copy of the log, oldest first (the last ``max_logged_deliveries`` attempts)."""
        with self._condition:
            return list(self._log)

    def wait_for(self, count: int, timeout: float) -> list[Delivery]:
        """Wait until ``count`` attempts were logged (or ``timeout`` passes); returns the log."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while self._logged < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._condition.wait(remaining)
            return list(self._log)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every queued event was delivered (or failed); returns whether that happened in time."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while self._pending:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._condition.wait(remaining)
            return True

    def clear(self) -> None:
        """Forget the log and drop events not yet sent."""
        with self._condition:
            for queue in self._queues.values():
                self._pending -= len(queue)
                queue.clear()
            self._log.clear()
            self._logged = 0
            self._condition.notify_all()

    def close(self) -> None:
        """Stop delivering: events not yet sent are dropped, attempts under way cancelled."""
        with self._condition:
            self._closed = True
            for queue in self._queues.values():
                self._pending -= len(queue)
                queue.clear()
            self._condition.notify_all()
            loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return

        async def shutdown() -> None:
            tasks = list(self._tasks)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(shutdown(), loop).result(timeout=5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        if not thread.is_alive():
            loop.close()
