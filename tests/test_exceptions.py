"""The exception tree: compatibility with the original SDK, pickling, and messages."""

from __future__ import annotations

import pickle

import pytest

from bandwidth import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BandwidthError,
    BandwidthVoiceAPIException,
    CallRateLimitError,
    InvalidParameterError,
    PermissionDeniedError,
    RateLimitError,
)
from bandwidth._core.errors import status_error_class


def status_error() -> APIStatusError:
    cls = status_error_class(403, "limit")
    return cls(
        status_code=403,
        message="You can create 1 calls per 1 seconds",
        category="limit",
        code="call-rate-limit",
        details={"requestMethod": "POST"},
        method="POST",
        url="https://api.catapult.inetwork.com/v1/users/u-test/calls",
        body="{}",
        headers={"Content-Type": "application/json"},
    )


def test_the_call_rate_limit_is_both_a_403_and_a_rate_limit() -> None:
    error = status_error()

    assert isinstance(error, CallRateLimitError)
    assert isinstance(error, RateLimitError)
    assert isinstance(error, PermissionDeniedError)
    assert isinstance(error, AuthenticationError)
    assert isinstance(error, BandwidthVoiceAPIException)
    assert isinstance(error, BandwidthError)
    assert (error.status_code, error.code, error.message) == (403, "call-rate-limit", error.message)
    assert str(error) == (
        "403 call-rate-limit: You can create 1 calls per 1 seconds "
        "(POST https://api.catapult.inetwork.com/v1/users/u-test/calls)"
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        pytest.param("call-rate-limit", CallRateLimitError, id="call_rate_limit"),
        pytest.param(None, CallRateLimitError, id="no_code"),
        # errors.md lists these under "403 - LIMIT" too, but they are caps, not rates: waiting lifts nothing
        pytest.param("conference-max-members", PermissionDeniedError, id="conference_max_members"),
        pytest.param("multi-message-limit", PermissionDeniedError, id="multi_message_limit"),
    ],
)
def test_only_the_call_rate_limit_is_a_rate_limit(code: str | None, expected: type[APIStatusError]) -> None:
    assert status_error_class(403, "limit", code) is expected


def test_code_falls_back_to_the_status_as_in_the_original_sdk() -> None:
    error = status_error_class(502, None)(status_code=502, message="Bad Gateway")

    assert error.code == "502"
    assert str(error) == "502: Bad Gateway"


@pytest.mark.parametrize(
    "error",
    [
        status_error(),
        InvalidParameterError("size", "must be between 1 and 1000, got 0"),
        APIConnectionError("connection failed: refused", method="GET", url="https://h/x"),
        APITimeoutError("timed out", method="GET", url="https://h/x"),
        APIResponseValidationError("no Location", method="POST", url="https://h/x", status_code=201, body=""),
    ],
    ids=lambda error: type(error).__name__,
)
def test_exceptions_survive_pickle_with_their_attributes(error: BandwidthError) -> None:
    restored = pickle.loads(pickle.dumps(error))

    assert type(restored) is type(error)
    assert str(restored) == str(error)
    assert restored.__dict__ == error.__dict__
