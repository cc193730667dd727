"""The exception tree: compatibility with the original SDK, pickling, and messages."""

from __future__ import annotations

import json
import pickle

import pytest

from bandwidth import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BandwidthError,
    BandwidthVoiceAPIException,
    CallRateLimitError,
    ConflictError,
    InternalServerError,
    InvalidParameterError,
    InvalidStateError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from bandwidth._core.errors import status_error as error_for, status_error_class
from bandwidth._core.http import Response


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
    assert not isinstance(error, AuthenticationError)
    assert not isinstance(error, InvalidStateError)
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


# Every 403 code of errors.md, and a code of each other documented category: (status, category, code, class).
DOCUMENTED = [
    (400, "bad-request", "validation-error", BadRequestError),
    (400, "bad-request", "bridge-invalid-state", BadRequestError),  # a state error documented as a 400
    (401, "authorization", "user-access-denied", AuthenticationError),
    (401, "authorization", "number-access-denied", AuthenticationError),
    (403, "credit", "insufficient-available-balance", PermissionDeniedError),
    (403, "limit", "call-rate-limit", CallRateLimitError),
    (403, "limit", "message-rate-limit", PermissionDeniedError),  # a cap, not a rate
    (403, "limit", "multi-message-limit", PermissionDeniedError),  # a cap, not a rate
    (403, "limit", "conference-max-members", PermissionDeniedError),  # a cap, not a rate
    (403, "forbidden", "call-invalid-state", InvalidStateError),
    (403, "forbidden", "call-audio-invalid-state", InvalidStateError),
    (403, "forbidden", "invalid-recording-state", InvalidStateError),
    (403, "forbidden", "message-illegal-state", InvalidStateError),
    (403, "forbidden", "conference-error", InvalidStateError),  # "Invalid conference state ..."
    (403, "forbidden", "invalid-rate-center", PermissionDeniedError),
    (403, "forbidden", "application-access-denied", PermissionDeniedError),
    (403, "forbidden", "media-size-overflow", PermissionDeniedError),
    (403, "forbidden", "media-invalid-url", PermissionDeniedError),
    (403, "forbidden", "media-not-supported", PermissionDeniedError),
    (403, "forbidden", "bridge-callIds-overflow", PermissionDeniedError),
    (403, "forbidden", "maximum-recording-value-request", PermissionDeniedError),
    (403, "forbidden", "call-id-not-found", PermissionDeniedError),
    (403, "forbidden", "invalid-call-conference-id", PermissionDeniedError),
    (403, "forbidden", "message-from-toll-free", PermissionDeniedError),
    (403, "forbidden", "signup-user-not-found", PermissionDeniedError),
    (403, "forbidden", "invalid-call-to-number", PermissionDeniedError),
    (403, "forbidden", "lnp-loa-content-length-overflow", PermissionDeniedError),
    (403, "forbidden", "invalid-cnam-search", PermissionDeniedError),
    (403, "forbidden", "restricted-number", PermissionDeniedError),
    (403, "forbidden", "invalid-destination-number", PermissionDeniedError),
    (403, None, "call-invalid-state", InvalidStateError),  # no category: the code still says it
    (403, "forbidden", "bridge-invalid-state", InvalidStateError),  # a state code the API may add later
    (403, None, None, PermissionDeniedError),
    (404, "not-found", "call-not-found", NotFoundError),
    (409, "conflict", "call-duplicate-gather-error", ConflictError),
    (409, "conflict", "invalid-pre-pay-account-state", ConflictError),  # a state code, but a 409
    (429, "too-many-requests", "too-many-requests", RateLimitError),
    (500, "payment", "pre-pay-refill-amount-too-low", InternalServerError),
    (500, "backend", "backend-protocol-support-failure", InternalServerError),
    (503, "unavailable", "call-unavailable", InternalServerError),
]


@pytest.mark.parametrize(
    ("status", "category", "code", "expected"),
    DOCUMENTED,
    ids=[f"{status}-{category}-{code}" for status, category, code, _ in DOCUMENTED],
)
def test_each_documented_error_maps_to_its_class(
    status: int, category: str | None, code: str | None, expected: type[APIStatusError]
) -> None:
    body = {key: value for key, value in {"category": category, "code": code}.items() if value}
    answer = Response("POST", "https://h/v1/users/u-test/calls", status, {}, json.dumps(body).encode())

    error = error_for(answer)

    assert type(error) is expected
    assert (error.status_code, error.category, error.code) == (status, category, code or str(status))
    assert isinstance(error, BandwidthVoiceAPIException)
    # a 403 is never a credentials problem, and a 401 never a refusal
    assert isinstance(error, AuthenticationError) is (status == 401)
    assert isinstance(error, PermissionDeniedError) is (status == 403)
    assert isinstance(error, RateLimitError) is (status == 429 or code == "call-rate-limit")
