"""A failure without a usable answer -> the SDK error raised for it: the one place their messages and
causes are made, for every transport.

Each transport tells what happened (its library's exceptions are its own business: :mod:`bandwidth._sync.
failures` for requests and urllib3, :mod:`bandwidth._async.failures` for httpx); the errors are made here.
An error made here has one cause: the innermost standard-library exception behind the library's
(``ConnectionResetError``, an SSL error ...), cut loose from its chain and traceback (:func:`plain_cause`).
The transport raises it outside the ``except`` block that caught the library's error, so that error is not
its ``__context__`` either: the libraries' exceptions hold the request (its ``Authorization`` header) or
a connection pool (a proxy's credentials).
"""

from __future__ import annotations

from typing import Final, TypeVar

from .._exceptions import APIConnectionError, APIResponseValidationError, APITimeoutError
from .http import MAX_RESPONSE_BYTES

__all__ = [
    "PLAIN_MODULES",
    "broken_body",
    "deadline_message",
    "detached",
    "inner_error",
    "no_answer",
    "past_deadline",
    "plain_cause",
    "too_large",
    "undecodable",
]

PLAIN_MODULES: Final = frozenset({"builtins", "socket", "ssl", "http.client", "zlib"})
"""Where the exceptions an SDK error may keep as its cause come from: the standard library's."""


def no_answer(
    reason: object, method: str, url: str, *, timeout: bool, cause: BaseException | None
) -> APIConnectionError:
    """No status line and headers came: connecting failed, or a timeout passed before the answer."""
    failure: APIConnectionError
    if timeout:
        failure = APITimeoutError(f"timed out: {reason}", method=method, url=url)
    else:
        failure = APIConnectionError(f"connection failed: {reason}", method=method, url=url)
    failure.__cause__ = cause
    return failure


def broken_body(
    reason: object, method: str, url: str, *, timeout: bool, cause: BaseException | None
) -> APIConnectionError:
    """The answer's headers came, then its body broke off (reset, closed, bad framing) or stalled."""
    failure: APIConnectionError
    if timeout:
        failure = APITimeoutError(f"timed out reading the answer: {reason}", method=method, url=url)
    else:
        failure = APIConnectionError(
            f"connection broken while reading the answer: {reason}", method=method, url=url
        )
    failure.__cause__ = cause
    return failure


def undecodable(
    reason: object, status_code: int, method: str, url: str, cause: BaseException | None
) -> APIResponseValidationError:
    """The body arrived but its ``Content-Encoding`` could not be undone (corrupt gzip ...)."""
    failure = APIResponseValidationError(
        f"the response body could not be decoded: {reason}", method=method, url=url, status_code=status_code
    )
    failure.__cause__ = cause
    return failure


def too_large(status_code: int, method: str, url: str) -> APIResponseValidationError:
    """The body is (or announces itself as) larger than :data:`~bandwidth._core.http.MAX_RESPONSE_BYTES`."""
    return APIResponseValidationError(
        f"the response is too large (more than {MAX_RESPONSE_BYTES} bytes)",
        method=method,
        url=url,
        status_code=status_code,
    )


def deadline_message(deadline: float) -> str:
    return f"no complete answer within the deadline of {deadline:g} s"


def past_deadline(method: str, url: str, deadline: float, cause: BaseException | None) -> APITimeoutError:
    """The attempt's ``deadline`` (seconds) passed before its whole answer was read."""
    failure = APITimeoutError(deadline_message(deadline), method=method, url=url)
    failure.__cause__ = None if cause is None else detached(cause)
    return failure


def inner_error(error: BaseException) -> BaseException | None:
    """The exception ``error`` wraps: its ``reason``, an exception among its ``args``, else its cause."""
    reason = getattr(error, "reason", None)
    if isinstance(reason, BaseException):
        return reason
    for argument in error.args:
        if isinstance(argument, BaseException):
            return argument
    return error.__cause__ or error.__context__


def plain_cause(error: BaseException) -> BaseException | None:
    """The innermost standard-library exception behind ``error`` (``ConnectionResetError``, an SSL error
    ...), cut loose from its chain and traceback: the cause an SDK error shows.

    The libraries' own wrappers are left behind: requests' and httpx's exceptions hold the request, its
    ``Authorization`` header among them, and urllib3's hold the connection pool, with a proxy's credentials.
    """
    plain: BaseException | None = None
    current: BaseException | None = error
    seen: set[int] = set()
    while current is not None and id(current) not in seen and len(seen) < 16:
        seen.add(id(current))
        if type(current).__module__ in PLAIN_MODULES:
            plain = current
        current = inner_error(current)
    return None if plain is None else detached(plain)


_E = TypeVar("_E", bound=BaseException)


def detached(error: _E) -> _E:
    """``error`` without its chain and traceback (their frames and wrappers hold requests and pools)."""
    error.__cause__ = None
    error.__context__ = None
    error.__traceback__ = None
    return error
