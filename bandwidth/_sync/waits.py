"""How the sync transport waits between attempts, and the clock wait headers are read against."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["RetryClock"]


class RetryClock:
    """The sleep and the epoch clock of one transport's retries, on both of its roads.

    The direct road waits with it; the adapter's retry policy (:class:`~bandwidth._sync.retrying.RetryPolicy`)
    reads and sets the same two through its ``sleep_function`` and ``clock``, so replacing either there or
    here (tests record the waits, or fix the clock) changes both roads. Plain: the direct road loads no
    urllib3 for it.
    """

    __slots__ = ("clock", "sleep_function")

    def __init__(self) -> None:
        self.sleep_function: Callable[[float], None] = time.sleep
        self.clock: Callable[[], float] = time.time
        """The epoch time a wait header is read against (``Retry-After`` as a date, ``X-RateLimit-Reset``)."""
