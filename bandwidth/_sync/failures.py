"""Failures of the libraries underneath (requests, urllib3, http.client, sockets) -> SDK errors.

The one place such failures are mapped. An SDK error made here has one cause: the innermost standard-library
exception (``ConnectionResetError``, an SSL error ...), cut loose from its chain and traceback. Raise it
outside the ``except`` block that caught the library's error, so that error is not its ``__context__``
either: requests' exceptions hold the request (its ``Authorization`` header), urllib3's hold the connection
pool (a proxy's credentials).
"""

from __future__ import annotations

from http.client import HTTPException
from typing import Final, TypeVar

import requests
from urllib3.exceptions import (
    DecodeError,
    HTTPError as Urllib3Error,
    NewConnectionError,
    TimeoutError as Urllib3Timeout,
)

from .._exceptions import APIConnectionError, APIResponseValidationError, APITimeoutError, BandwidthError
from .deadline import DeadlineExceeded, deadline_passed, inner_error

__all__ = ["READ_ERRORS", "connection_error", "deadline_message", "plain_cause", "read_error", "root_cause"]

READ_ERRORS: Final = (requests.exceptions.RequestException, Urllib3Error, HTTPException, OSError)
"""What the libraries underneath raise while a body is read (urllib3's DecodeError among them)."""


def read_error(
    error: BaseException, status_code: int, method: str, url: str, deadline: float
) -> BandwidthError:
    """The SDK error for a body that could not be read: undecodable, broken off, timed out, or past the
    attempt's ``deadline`` (seconds)."""
    passed = deadline_passed(error)
    if passed is not None:
        return _past_deadline(passed, method, url, deadline)
    reason = root_cause(error)
    failure: BandwidthError
    if isinstance(error, DecodeError) or isinstance(reason, DecodeError):
        failure = APIResponseValidationError(
            f"the response body could not be decoded: {reason}",
            method=method,
            url=url,
            status_code=status_code,
        )
    elif is_timeout(error, reason):
        failure = APITimeoutError(f"timed out reading the answer: {reason}", method=method, url=url)
    else:
        failure = APIConnectionError(
            f"connection broken while reading the answer: {reason}", method=method, url=url
        )
    failure.__cause__ = plain_cause(error)
    return failure


def connection_error(error: BaseException, method: str, url: str, deadline: float) -> APIConnectionError:
    """The SDK error for a request that got no answer (connecting failed, or no status line and headers came
    within a timeout or the attempt's ``deadline``)."""
    passed = deadline_passed(error)
    if passed is not None:
        return _past_deadline(passed, method, url, deadline)
    reason = root_cause(error)
    failure: APIConnectionError
    if is_timeout(error, reason):
        failure = APITimeoutError(f"timed out: {reason}", method=method, url=url)
    else:
        failure = APIConnectionError(f"connection failed: {reason}", method=method, url=url)
    failure.__cause__ = plain_cause(error)
    return failure


def deadline_message(deadline: float) -> str:
    return f"no complete answer within the deadline of {deadline:g} s"


def _past_deadline(passed: DeadlineExceeded, method: str, url: str, deadline: float) -> APITimeoutError:
    failure = APITimeoutError(deadline_message(deadline), method=method, url=url)
    failure.__cause__ = _detached(passed)
    return failure


_PLAIN_MODULES: Final = frozenset({"builtins", "socket", "ssl", "http.client", "zlib"})


def plain_cause(error: BaseException) -> BaseException | None:
    """The innermost standard-library exception behind ``error`` (``ConnectionResetError``, an SSL error
    ...), cut loose from its chain and traceback: the cause an SDK error shows.

    The libraries' own wrappers are left behind: requests' exceptions hold the request, its
    ``Authorization`` header among them, and urllib3's hold the connection pool, with a proxy's credentials.
    """
    plain: BaseException | None = None
    current: BaseException | None = error
    seen: set[int] = set()
    while current is not None and id(current) not in seen and len(seen) < 16:
        seen.add(id(current))
        if type(current).__module__ in _PLAIN_MODULES:
            plain = current
        current = inner_error(current)
    return None if plain is None else _detached(plain)


_E = TypeVar("_E", bound=BaseException)


def _detached(error: _E) -> _E:
    """``error`` without its chain and traceback (their frames and wrappers hold requests and pools)."""
    error.__cause__ = None
    error.__context__ = None
    error.__traceback__ = None
    return error


def is_timeout(error: BaseException, reason: BaseException) -> bool:
    # urllib3's NewConnectionError subclasses its timeout error, but a refused connection is no timeout.
    if isinstance(reason, NewConnectionError):
        return False
    return isinstance(error, requests.exceptions.Timeout) or isinstance(reason, TimeoutError | Urllib3Timeout)


def root_cause(error: BaseException) -> BaseException:
    """The innermost error behind requests' and urllib3's wrappers (MaxRetryError, ProtocolError ...)."""
    reason = error
    for _ in range(10):
        inner = getattr(reason, "reason", None)
        if not isinstance(inner, BaseException) and reason.args and isinstance(reason.args[0], BaseException):
            inner = reason.args[0]
        if not isinstance(inner, BaseException):
            break
        reason = inner
    return reason
