"""Failures of the libraries underneath (requests, urllib3, http.client, sockets) -> SDK errors.

The one place such failures are mapped. An SDK error made here has one cause: the innermost standard-library
exception (``ConnectionResetError``, an SSL error ...), cut loose from its chain and traceback. Raise it
outside the ``except`` block that caught the library's error, so that error is not its ``__context__``
either: requests' exceptions hold the request (its ``Authorization`` header), urllib3's hold the connection
pool (a proxy's credentials).
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

from .._exceptions import APIConnectionError, APIResponseValidationError, APITimeoutError, BandwidthError

__all__ = ["READ_ERRORS", "connection_error", "inner_error", "plain_cause", "read_error", "root_cause"]

READ_ERRORS: Final = (requests.exceptions.RequestException, Urllib3Error, HTTPException, OSError)
"""What the libraries underneath raise while a body is read (urllib3's DecodeError among them)."""


def read_error(error: BaseException, status_code: int, method: str, url: str) -> BandwidthError:
    """The SDK error for a body that could not be read: undecodable, broken off or timed out."""
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


def connection_error(error: BaseException, method: str, url: str) -> APIConnectionError:
    """The SDK error for a request that got no answer (the one place such failures are mapped).

    Raise it outside the ``except`` block that caught ``error``: its only cause is :func:`plain_cause`.
    """
    reason = root_cause(error)
    failure: APIConnectionError
    if is_timeout(error, reason):
        failure = APITimeoutError(f"timed out: {reason}", method=method, url=url)
    else:
        failure = APIConnectionError(f"connection failed: {reason}", method=method, url=url)
    failure.__cause__ = plain_cause(error)
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
    if plain is not None:
        plain.__cause__ = None
        plain.__context__ = None
        plain.__traceback__ = None
    return plain


def inner_error(error: BaseException) -> BaseException | None:
    """The exception ``error`` wraps: its ``reason``, an exception among its ``args``, else its cause."""
    reason = getattr(error, "reason", None)
    if isinstance(reason, BaseException):
        return reason
    for argument in error.args:
        if isinstance(argument, BaseException):
            return argument
    return error.__cause__ or error.__context__


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
