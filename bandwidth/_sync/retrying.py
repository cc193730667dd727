"""Retrying in the sync layer: urllib3's Retry, deciding as :mod:`bandwidth._core.retry` says."""

from __future__ import annotations

import random
from collections.abc import Callable
from itertools import takewhile
from typing import TYPE_CHECKING, Any

from urllib3.exceptions import (
    HTTPError as Urllib3Error,
    MaxRetryError,
    ProtocolError,
    TimeoutError as Urllib3Timeout,
)
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from .._core import retry as retry_rules
from .._exceptions import APIConnectionError, BandwidthError
from .deadline import deadline_passed
from .waits import RetryClock

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["RetryPolicy", "retry_after_broken_body"]


class RetryPolicy(Retry):
    """urllib3's Retry for the pool, deciding as :mod:`bandwidth._core.retry` says.

    urllib3 runs the attempts and counts the budget; which answers and failures are retried, and how long
    to wait (``Retry-After``, ``X-RateLimit-Reset``, backoff, the cap), are asked of the core. When the
    server asks for a wait beyond :data:`~bandwidth._core.retry.MAX_RETRY_WAIT`, the answer is returned (and
    raised as its status error) instead of sleeping that long.
    """

    def __init__(self, *args: Any, timing: RetryClock | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.timing = timing if timing is not None else RetryClock()
        """The transport's sleep and clock, shared with its direct road and every copy urllib3 makes."""

    @property
    def sleep_function(self) -> Callable[[float], None]:
        """How a retry waits (the transport's :class:`~bandwidth._sync.waits.RetryClock`)."""
        return self.timing.sleep_function

    @sleep_function.setter
    def sleep_function(self, sleep: Callable[[float], None]) -> None:
        self.timing.sleep_function = sleep

    @property
    def clock(self) -> Callable[[], float]:
        """The epoch time a wait header is read against (``Retry-After`` as a date, ``X-RateLimit-Reset``)."""
        return self.timing.clock

    @clock.setter
    def clock(self, clock: Callable[[], float]) -> None:
        self.timing.clock = clock

    def new(self, **kwargs: Any) -> Self:
        retry = super().new(**kwargs)
        retry.timing = self.timing
        return retry

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        return retry_rules.retry_answer(method, status_code, retry_after=has_retry_after)

    def _is_method_retryable(self, method: str) -> bool:
        # urllib3 asks this of failures after the request left (a read error); connect failures are
        # retried whatever the method, as the core allows for a request that never left.
        return retry_rules.may_retry(method, sent=True)

    def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
        return retry_rules.server_wait(response.headers, self.clock())

    def get_backoff_time(self) -> float:
        return retry_rules.backoff(self._failures(), random.random())

    def _failures(self) -> int:
        """How many attempts in a row have failed (redirects aside), as urllib3 counts them for backoff."""
        return sum(
            1 for _ in takewhile(lambda attempt: attempt.redirect_location is None, reversed(self.history))
        )

    def increment(self, *args: Any, **kwargs: Any) -> Self:
        error = kwargs.get("error")
        if isinstance(error, BaseException) and deadline_passed(error) is not None:
            raise error  # the attempt took its whole deadline: another would too
        response: BaseHTTPResponse | None = kwargs.get("response")
        if response is not None and retry_rules.too_long(self.get_retry_after(response)):
            raise MaxRetryError(kwargs.get("_pool"), kwargs.get("url") or "", None)  # type: ignore[arg-type]
        return super().increment(*args, **kwargs)

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        """Wait as the server asked (``Retry-After``, ``X-RateLimit-Reset``), else back off with jitter."""
        asked = self.get_retry_after(response) if response is not None else None
        wait = retry_rules.wait_before_retry(asked, self._failures(), random.random())
        if wait > 0:
            self.sleep_function(wait)


def retry_after_broken_body(
    retry: Retry | None, stream: object, method: str, url: str, cause: BaseException, failure: BandwidthError
) -> Retry | None:
    """The retry state for another attempt after a body broke off (``cause``: the library's error, mapped to
    ``failure``), or None when it must not be retried."""
    if (
        not isinstance(failure, APIConnectionError)
        or not retry_rules.may_retry(method, sent=True)
        or not isinstance(cause, ProtocolError | Urllib3Timeout)
    ):
        return None
    if retry is None:
        retry = getattr(stream, "retries", None)  # the budget urllib3 left after getting these headers
        if not isinstance(retry, Retry):
            return None
    try:
        return retry.increment(method, url, error=cause)
    except Urllib3Error:  # MaxRetryError, or the error itself when reads are not to be retried
        return None
