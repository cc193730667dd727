"""Failures of the libraries underneath (requests, urllib3, http.client, sockets) -> SDK errors.

What happened is told here, from those libraries' exceptions; the SDK errors, their messages and their one
cause (the innermost standard-library exception, detached) are made in :mod:`bandwidth._core.failures`.
Raise them outside the ``except`` block that caught the library's error, so that error is not their
``__context__`` either: requests' exceptions hold the request (its ``Authorization`` header), urllib3's
hold the connection pool (a proxy's credentials).
"""

from __future__ import annotations

from http.client import HTTPException
from typing import Final

import requests
from urllib3.exceptions import (
    DecodeError,
    HTTPError as Urllib3Error,
    NewConnectionError,
    TimeoutError as Urllib3Timeout,
)

from .._core.failures import (
    broken_body,
    deadline_message,
    no_answer,
    past_deadline,
    plain_cause,
    undecodable,
)
from .._exceptions import APIConnectionError, BandwidthError
from .deadline import deadline_passed

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
        return past_deadline(method, url, deadline, passed)
    reason = root_cause(error)
    if isinstance(error, DecodeError) or isinstance(reason, DecodeError):
        return undecodable(reason, status_code, method, url, plain_cause(error))
    return broken_body(reason, method, url, timeout=is_timeout(error, reason), cause=plain_cause(error))


def connection_error(error: BaseException, method: str, url: str, deadline: float) -> APIConnectionError:
    """The SDK error for a request that got no answer (connecting failed, or no status line and headers came
    within a timeout or the attempt's ``deadline``)."""
    passed = deadline_passed(error)
    if passed is not None:
        return past_deadline(method, url, deadline, passed)
    reason = root_cause(error)
    return no_answer(reason, method, url, timeout=is_timeout(error, reason), cause=plain_cause(error))


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
