"""When to send a request again, and how long to wait first: pure decisions that every transport asks.

- Answers: idempotent requests (GET) are retried on 429, 502, 503 and 504 (and on 413 when the answer
  carries ``Retry-After``).
- Failures without an answer: a request that never left (the connection did not open) may always be sent
  again; one that left, only when it is idempotent. The API documents no idempotency keys, so a POST that
  reached the server is never repeated.
- Budget: ``max_retries`` attempts more, whatever went wrong (:class:`Attempts` counts them for a
  transport that runs its own loop; the sync one lets urllib3's ``Retry`` count, deciding as here).
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
    "Attempts",
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


class Attempts:
    """The retries of one request, for a transport that runs the attempts itself: after each attempt that
    did not succeed, whether to send it again and how long to wait first. No I/O and no clock: the
    transport passes the time and the jitter, sleeps and sends.

    Counted as urllib3's ``Retry`` counts for the sync transport: at most ``max_retries`` more attempts in
    all (answers and failures alike); the backoff grows with the failed attempts in a row.
    """

    __slots__ = ("_failures", "_left", "method")

    def __init__(self, method: str, max_retries: int) -> None:
        self.method = method.upper()
        self._left = max_retries
        self._failures = 0

    def after_answer(
        self, status: int, headers: Mapping[str, str], now: float, jitter: float
    ) -> float | None:
        """Seconds to wait before sending again for this answer, or ``None`` to hand the answer out: it is
        not one to retry, the budget is spent, or the server asks for a wait beyond :data:`MAX_RETRY_WAIT`.

        ``now`` is the epoch time in seconds, ``jitter`` a random number in ``[0, 1)``.
        """
        if self._left <= 0 or not retry_answer(
            self.method, status, retry_after=bool(headers.get("Retry-After"))
        ):
            return None
        asked = server_wait(headers, now)
        if too_long(asked):
            return None
        return self._spend(asked, jitter)

    def after_failure(self, *, sent: bool, jitter: float) -> float | None:
        """Seconds to wait before sending again after an attempt that got no (whole) answer, or ``None``
        when it must not be sent again: the budget is spent, or it may have reached the server and is not
        idempotent (``sent``: the request may have left; a failed connect proves it did not).

        Failures no retry can mend (a certificate refused, a body past the cap, an attempt that took its
        whole deadline) are the transport's to raise without asking.
        """
        if self._left <= 0 or not may_retry(self.method, sent=sent):
            return None
        return self._spend(None, jitter)

    def _spend(self, asked: float | None, jitter: float) -> float:
        self._left -= 1
        self._failures += 1
        return wait_before_retry(asked, self._failures, jitter)
