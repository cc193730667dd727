"""Exceptions raised by the SDK.

Every exception the SDK raises on purpose derives from :class:`BandwidthError`::

    BandwidthError
    ├── InvalidParameterError        bad input, caught before any request (also a ValueError)
    │   └── bxml.InvalidBXMLError    a BXML verb or document built with a bad value
    ├── bxml.BXMLParseError          a BXML document that cannot be read (also a ValueError)
    ├── DetachedModelError           an action on a model that is bound to no client
    ├── APIConnectionError           the request did not get an HTTP answer
    │   └── APITimeoutError          ... because connecting or reading timed out
    ├── APIResponseValidationError   the answer is not what the API documents (bad JSON, no Location)
    └── APIStatusError               the API answered with an error status (also a BandwidthVoiceAPIException)
        ├── BadRequestError          400
        ├── AuthenticationError      401: wrong credentials, or no access to that user or number
        ├── PermissionDeniedError    403: refused (credit, a limit, a forbidden value or action)
        │   ├── InvalidStateError    403 state errors (call-invalid-state ...): not in the resource's state
        │   └── CallRateLimitError   403 call-rate-limit: too many calls (also a RateLimitError)
        ├── NotFoundError            404
        ├── ConflictError            409
        ├── RateLimitError           429, and CallRateLimitError
        └── InternalServerError      5xx

A 403 is not a credentials problem: ``except AuthenticationError`` does not catch it. The 403 state errors
(``call-invalid-state``, ``call-audio-invalid-state``, ``invalid-recording-state``, ``message-illegal-state``
and ``conference-error``, which documents an invalid conference state) are one :class:`InvalidStateError`:
the action does not fit the resource's state (a call not yet answered, or already ended; a recording not
yet complete). The 400 ``bridge-invalid-state`` is documented as a bad request and stays a BadRequestError.

``BandwidthVoiceAPIException`` is the exception of the original ``bandwidth-sdk``; status errors subclass it
so existing ``except`` clauses keep working.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BandwidthError",
    "BandwidthVoiceAPIException",
    "CallRateLimitError",
    "ConflictError",
    "DetachedModelError",
    "InternalServerError",
    "InvalidParameterError",
    "InvalidStateError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
]


def _restore(cls: type[BaseException], args: tuple[object, ...], state: dict[str, Any]) -> BaseException:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class BandwidthVoiceAPIException(Exception):
    """The original SDK's API error: ``status_code``, ``message`` and ``code``."""

    status_code: int
    message: str
    code: str

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self.args, dict(self.__dict__)))


class BandwidthError(Exception):
    """Base class of every error the SDK raises."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self.args, dict(self.__dict__)))


class InvalidParameterError(BandwidthError, ValueError):
    """A parameter is missing or out of range; raised before any request is sent.

    ``parameter`` names it as the caller wrote it; ``conflicts_with`` names the other parameter when two
    would send the same field (an extra keyword spelled like a named parameter's API name), else ``None``.
    """

    def __init__(self, parameter: str, problem: str, *, conflicts_with: str | None = None) -> None:
        super().__init__(f"{parameter}: {problem}")
        self.parameter = parameter
        self.problem = problem
        self.conflicts_with = conflicts_with


class DetachedModelError(BandwidthError, RuntimeError):
    """An action was called on a model that no client produced, so it has nowhere to send requests."""


class APIConnectionError(BandwidthError):
    """The request got no HTTP answer: DNS, refused or reset connection, TLS failure."""

    def __init__(self, message: str, *, method: str, url: str) -> None:
        super().__init__(f"{message} ({method} {url})")
        self.message = message
        self.method = method
        self.url = url


class APITimeoutError(APIConnectionError):
    """Connecting or reading timed out."""


class APIResponseValidationError(BandwidthError):
    """The API answered, but not in the documented shape (invalid JSON, no Location header, ...)."""

    def __init__(self, message: str, *, method: str, url: str, status_code: int, body: str = "") -> None:
        super().__init__(f"{message} ({method} {url})")
        self.message = message
        self.method = method
        self.url = url
        self.status_code = status_code
        self.body = body


class APIStatusError(BandwidthError, BandwidthVoiceAPIException):
    """The API answered with an error status.

    Attributes come from the documented error body (``category``, ``code``, ``message``, ``details``) or,
    when the body is not JSON, from its text. ``code`` falls back to the status code as a string, as in the
    original SDK. ``details`` maps each detail's ``name`` to its ``value``.
    """

    def __init__(
        self,
        *,
        status_code: int,
        message: str,
        category: str | None = None,
        code: str | None = None,
        details: Mapping[str, str] | None = None,
        method: str = "",
        url: str = "",
        body: str = "",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        where = f" ({method} {url})" if method else ""
        label = f"{status_code} {code}" if code else str(status_code)
        super().__init__(f"{label}: {message}{where}")
        self.status_code = status_code
        self.message = message
        self.category = category
        self.code: str = code if code else str(status_code)
        self.details: dict[str, str] = dict(details or {})
        self.method = method
        self.url = url
        self.body = body
        self.headers: dict[str, str] = dict(headers or {})


class BadRequestError(APIStatusError):
    """400: the request was invalid (validation error)."""


class AuthenticationError(APIStatusError):
    """401: the credentials are wrong, or they give no access to that user, number or application."""


class PermissionDeniedError(APIStatusError):
    """403: the API refuses the request: insufficient credit, a limit reached, or a forbidden action.

    Beside :class:`AuthenticationError`, not under it: the credentials are fine.
    """


class InvalidStateError(PermissionDeniedError):
    """403 ``call-invalid-state`` and the other state errors: the action does not fit the resource's state.

    For example speaking to a call that is still ringing, hanging up a call that has ended, or transcribing
    a recording that is not complete. Refresh the resource, or wait for its callback, before retrying.
    """


class NotFoundError(APIStatusError):
    """404: no such resource."""


class ConflictError(APIStatusError):
    """409: the resource is being changed by another request, or already exists."""


class RateLimitError(APIStatusError):
    """429, or the 403 outbound call rate limit: slow down and retry later."""


class CallRateLimitError(PermissionDeniedError, RateLimitError):
    """403 with category ``limit`` (``call-rate-limit``): too many outbound calls; also a RateLimitError."""


class InternalServerError(APIStatusError):
    """5xx: the service failed or is unavailable."""
