"""Callback delivery: each call's events go to its ``callbackUrl`` in order, one at a time, off the lock.

Each call has its own queue; a small pool of worker threads drains the queues, at most one worker per call,
so a slow receiver for one call never reorders or holds up another call's events. Every attempt (the
``callbackUrl``, then the ``fallbackUrl`` when that fails) is written to the delivery log.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import requests

from .._types import JSONObject, JSONValue

__all__ = ["CallbackJob", "Delivery", "Dispatcher"]

USER_AGENT = "BandwidthAPI/v1 (bandwidth.emulator)"


@dataclass(frozen=True)
class CallbackJob:
    """One event to send, with the call's callback settings as they were when it happened."""

    call_id: str
    event_id: str
    """The call event the callback reports (``GET /calls/{callId}/events/{eventId}``)."""
    event_type: str
    payload: JSONObject
    url: str
    method: str
    timeout_ms: int
    fallback_url: str | None
    time: datetime


@dataclass(frozen=True)
class Delivery:
    """One attempt to deliver a callback event, as written to the delivery log."""

    sequence: int
    """Order of the attempt in the log (1, 2, ...)."""
    call_id: str
    """The call the event belongs to."""
    event_type: str
    """The payload's ``eventType``: ``answer``, ``hangup``, ``gather`` ..."""
    payload: JSONObject
    """The event as sent (a JSON body, or query parameters for GET)."""
    url: str
    """Where it was sent: the ``callbackUrl``, or the ``fallbackUrl`` on a second attempt."""
    method: str
    """``POST`` or ``GET``."""
    fallback: bool
    """Whether this attempt went to the ``fallbackUrl``."""
    status_code: int | None
    """The receiver's HTTP status, or ``None`` when no answer came."""
    error: str | None
    """Why the attempt failed: a connection error, a timeout, or an error status."""
    time: datetime
    """The emulated time of the event."""

    @property
    def ok(self) -> bool:
        """Whether the receiver answered with a 2xx status."""
        return self.error is None


def query_parameters(payload: Mapping[str, JSONValue], prefix: str = "") -> dict[str, str]:
    """The event as GET query parameters: ``true``/``false``, numbers as text, nested keys dotted."""
    flat: dict[str, str] = {}
    for key, value in payload.items():
        name = f"{prefix}{key}"
        if value is None:
            continue
        if isinstance(value, dict):
            flat.update(query_parameters(value, f"{name}."))
        elif isinstance(value, bool):
            flat[name] = "true" if value else "false"
        elif isinstance(value, list):
            flat[name] = ",".join(str(item) for item in value)
        else:
            flat[name] = str(value)
    return flat


class Dispatcher:
    """Per-call ordered delivery on a bounded pool of worker threads, with a thread-safe log."""

    def __init__(self, max_workers: int = 8) -> None:
        self._condition = threading.Condition()
        self._queues: dict[str, deque[CallbackJob]] = {}
        self._busy: set[str] = set()
        self._pending = 0
        self._log: list[Delivery] = []
        self._sequence = itertools.count(1)
        self._closed = False
        self._executor = ThreadPoolExecutor(max_workers, thread_name_prefix="bandwidth-emulator-callback")

    @property
    def closed(self) -> bool:
        return self._closed

    def submit(self, job: CallbackJob) -> None:
        """Queue ``job`` behind the earlier events of the same call."""
        with self._condition:
            if self._closed:
                return
            self._queues.setdefault(job.call_id, deque()).append(job)
            self._pending += 1
            if job.call_id in self._busy:
                return
            self._busy.add(job.call_id)
        self._executor.submit(self._drain, job.call_id)

    def _drain(self, call_id: str) -> None:
        while True:
            with self._condition:
                queue = self._queues.get(call_id)
                if not queue or self._closed:
                    self._busy.discard(call_id)
                    self._queues.pop(call_id, None)
                    self._condition.notify_all()
                    return
                job = queue.popleft()
            try:
                self._deliver(job)
            finally:
                with self._condition:
                    self._pending -= 1
                    self._condition.notify_all()

    def _deliver(self, job: CallbackJob) -> None:
        if not self._attempt(job, job.url, fallback=False) and job.fallback_url:
            self._attempt(job, job.fallback_url, fallback=True)

    def _attempt(self, job: CallbackJob, url: str, *, fallback: bool) -> bool:
        """One HTTP request with the event; logged, and ``True`` when the receiver answered 2xx."""
        status: int | None = None
        error: str | None = None
        timeout = job.timeout_ms / 1000
        session = requests.Session()
        # Callbacks go straight to the URL given: never through the environment's proxies.
        session.trust_env = False
        try:
            if job.method == "GET":
                response = session.get(
                    url,
                    params=query_parameters(job.payload),
                    headers={"User-Agent": USER_AGENT},
                    timeout=timeout,
                    allow_redirects=False,
                )
            else:
                response = session.post(
                    url,
                    data=json.dumps(job.payload).encode(),
                    headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT},
                    timeout=timeout,
                    allow_redirects=False,
                )
            status = response.status_code
            response.close()
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except requests.exceptions.Timeout:
            error = f"no answer within callbackTimeout ({job.timeout_ms} ms)"
        except requests.exceptions.RequestException as failure:
            error = f"{type(failure).__name__}: {failure}"[:300]
        finally:
            session.close()
        with self._condition:
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
                )
            )
            self._condition.notify_all()
        return error is None

    # -- the log ---------------------------------------------------------------------------------------------

    def deliveries(self) -> list[Delivery]:
        """A copy of the log, oldest first."""
        with self._condition:
            return list(self._log)

    def wait_for(self, count: int, timeout: float) -> list[Delivery]:
        """Wait until the log holds at least ``count`` attempts (or ``timeout`` passes); returns the log."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while len(self._log) < count:
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
            self._condition.notify_all()

    def close(self) -> None:
        """Stop delivering; events not yet sent are dropped."""
        with self._condition:
            self._closed = True
            for queue in self._queues.values():
                self._pending -= len(queue)
                queue.clear()
            self._condition.notify_all()
        self._executor.shutdown(wait=False, cancel_futures=True)
