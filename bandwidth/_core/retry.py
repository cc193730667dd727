"""When to send a request again, and how long to wait first: pure decisions that every transport asks.

- Answers: idempotent requests (GET) are retried on 429, 502, 503 and 504 (and on 413 when the answer
  carries ``Retry-After``).
- Failures without an answer: a request that never left (the connection did not open) may always be sent
  again; one that left, only when it is idempotent. The API documents no idempotency keys, so a POST that
  reached the server is never repeated.
- Waits: what the server asks for (``Retry-After`` in seconds or as an HTTP date, else Catapult's
  ``X-RateLimit-Reset``, an epoch time in milliseconds or seconds), else exponential backoff with jitter.
  A server asking for more than :data:`MAX_RETRY_WAIT` gets its answer raised instead of a long sleep.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Mapping
from typing import Final

__all__ = [
    "BACKOFF_FACTOR",
    "BACKOFF_JITTER",
    "MAX_RETRY_WAIT",
    "RETRY_AFTER_STATUSES",
    "RETRY_METHODS",
    "RETRY_STATUSES",
    "backoff",
    "may_retry",
    "retry_answer",
    "server_wait",
    "too_long",
    "wait_before_retry",
]

RETRY_STATUSES: Final = frozenset({429, 502, 503, 504})
"""Statuses that say "try again": rate limited, or the service briefly unavailable."""
RETRY_AFTER_STATUSES: Final = frozenset({413, 429, 503})
"""Statuses also retried whenever they carry ``Retry-After`` (as urllib3 and HTTP define it)."""
RETRY_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS"})
"""Only requests that can be repeated safely; a POST is retried only when it never left (connect failure)."""
MAX_RETRY_WAIT: Final = 30.0
"""Longest wait between retries, in seconds; a server asking for more gets its error raised instead."""
BACKOFF_FACTOR: Final = 0.5
"""Seconds of the first backoff wait (after the second consecutive failure); each further one doubles it."""
BACKOFF_JITTER: Final = 0.25
"""Up to this many random seconds are added to each backoff wait, so clients do not retry in step."""

_SECONDS = re.compile(r"^\s*[0-9]+\s*$")


def may_retry(method: str, *, sent: bool) -> bool:
    """Whether an attempt that got no answer may be made again: if it never left, or is idempotent."""
    return not sent or method.upper() in RETRY_METHODS


def retry_answer(method: str, status: int, *, retry_after: bool = False) -> bool:
    """Whether an answer calls for another attempt (``retry_after``: the answer carries ``Retry-After``)."""
    if method.upper() not in RETRY_METHODS:
        return False
    return status in RETRY_STATUSES or (retry_after and status in RETRY_AFTER_STATUSES)


def server_wait(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds the answer asks to wait before another attempt, or ``None`` when it does not say.

    ``Retry-After`` (whole seconds or an HTTP date) comes first; one that cannot be read (``soon``, ``-5``,
    ``1.5``) is passed over. Then ``X-RateLimit-Reset``: the epoch time the limit clears, in milliseconds as
    documented (seconds are accepted too). ``now`` is the epoch time in seconds.
    """
    after = headers.get("Retry-After")
    if after is not None:
        wait = _retry_after(after, now)
        if wait is not None:
            return wait
    reset = headers.get("X-RateLimit-Reset")
    if not reset:
        return None
    try:
        moment = float(reset)
    except ValueError:
        return None
    if moment > 1e11:  # milliseconds, as documented; seconds are accepted too
        moment /= 1000
    return max(0.0, moment - now)


def _retry_after(value: str, now: float) -> float | None:
    if _SECONDS.match(value):
        return int(value)
    date = email.utils.parsedate_tz(value)
    if date is None:
        return None
    try:
        return max(email.utils.mktime_tz(date) - now, 0)
    except (ValueError, OverflowError):
        return None


def too_long(wait: float | None) -> bool:
    """Whether the server asks for a wait beyond :data:`MAX_RETRY_WAIT` (then its answer is raised)."""
    return wait is not None and wait > MAX_RETRY_WAIT


def backoff(failures: int, jitter: float) -> float:
    """Seconds to back off after ``failures`` consecutive failed attempts (none after the first).

    ``jitter`` is a random number in ``[0, 1)``; the wait never exceeds :data:`MAX_RETRY_WAIT`.
    """
    if failures <= 1:
        return 0
    wait = BACKOFF_FACTOR * (2 ** (failures - 1)) + jitter * BACKOFF_JITTER
    return float(max(0, min(MAX_RETRY_WAIT, wait)))


def wait_before_retry(asked: float | None, failures: int, jitter: float) -> float:
    """Seconds to wait before the next attempt: what the server asked for (``asked``), else the backoff."""
    return asked if asked is not None else backoff(failures, jitter)
