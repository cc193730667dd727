"""An error answer -> the exception raised for it: the one place statuses and error bodies are mapped."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from .._exceptions import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    CallRateLimitError,
    ConflictError,
    InternalServerError,
    InvalidStateError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from .http import Response, json_depth_within

__all__ = ["INVALID_STATE_CODES", "is_invalid_state", "status_error", "status_error_class"]

_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


INVALID_STATE_CODES = frozenset(
    {
        "call-invalid-state",
        "call-audio-invalid-state",
        "invalid-recording-state",
        "message-illegal-state",
        "conference-error",  # documented only as "Unable to update conference ... Invalid conference state"
    }
)
"""The documented 403 codes that say "not in this state" (errors.md, 403 FORBIDDEN)."""


def is_invalid_state(code: str | None) -> bool:
    """Whether a 403's code says "not in this state": a documented one, or any ``*-invalid-state`` or
    ``*-illegal-state`` the API adds later."""
    return code is not None and (
        code in INVALID_STATE_CODES or code.endswith(("-invalid-state", "-illegal-state"))
    )


CALL_RATE_LIMIT = "call-rate-limit"
"""The one code of category ``limit`` that is a rate: the others (``conference-max-members`` ...) are caps
that waiting does not lift, so they stay plain 403s."""


def status_error_class(
    status_code: int, category: str | None, code: str | None = None
) -> type[APIStatusError]:
    """The exception class for an error status; for a 403, the category and code tell the call rate limit
    apart, and the code the state errors.

    A ``limit`` answer without a code is taken as the call rate limit, the only limit of the voice API that
    clears with time.
    """
    if status_code == 403:
        if category == "limit" and code in (CALL_RATE_LIMIT, None):
            return CallRateLimitError
        if is_invalid_state(code):
            return InvalidStateError
        return PermissionDeniedError
    if status_code >= 500:
        return InternalServerError
    return _BY_STATUS.get(status_code, APIStatusError)


def status_error(response: Response) -> APIStatusError:
    """The exception for an error answer (3xx, 4xx, 5xx), with what its documented JSON body says.

    A body that is not the documented JSON still gives the message (its text, or the status phrase).
    ``Set-Cookie`` headers are left out of the error.
    """
    category: str | None = None
    code: str | None = None
    details: dict[str, str] = {}
    text = response.content[:2000].decode("utf-8", "replace").strip()
    message = text[:500] or _status_phrase(response.status_code)
    data: Any = None
    if response.content.strip() and json_depth_within(response.content):
        try:
            data = json.loads(response.content)
        except (ValueError, RecursionError):
            data = None
    if isinstance(data, dict):
        category = _optional_text(data.get("category"))
        code = _optional_text(data.get("code"))
        message = _optional_text(data.get("message")) or code or category or message
        raw_details = data.get("details")
        if isinstance(raw_details, list):
            for item in raw_details:
                if isinstance(item, dict) and "name" in item:
                    details[str(item["name"])] = str(item.get("value", ""))
    cls = status_error_class(response.status_code, category, code)
    return cls(
        status_code=response.status_code,
        message=message or f"HTTP {response.status_code}",
        category=category,
        code=code,
        details=details,
        method=response.method,
        url=response.url,
        body=text,
        headers={key: value for key, value in response.headers.items() if key.lower() != "set-cookie"},
    )


def _status_phrase(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return f"HTTP {status_code}"


def _optional_text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
