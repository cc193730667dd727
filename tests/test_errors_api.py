"""API errors through both layers, from the documented error bodies (errors.md, rateLimits/*.md).

Each case's cassette answers the same request twice with the same error: first to the typed API, then to the
dict API, which must raise the same exception, catchable as the original ``BandwidthVoiceAPIException``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from vcr.cassette import Cassette

from bandwidth import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    BandwidthError,
    CallRateLimitError,
    Client,
    ConflictError,
    InternalServerError,
    InvalidStateError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from bandwidth.voice import BandwidthVoiceAPIException

BASE = "https://api.catapult.inetwork.com/v1/users/u-test"


@dataclass(frozen=True)
class Case:
    typed: Callable[[Client], object]
    legacy: Callable[[Client], object]
    error: type[APIStatusError]
    status: int
    category: str | None
    code: str
    message: str
    details: dict[str, str] = field(default_factory=dict)
    also: tuple[type[BaseException], ...] = ()
    never: tuple[type[BaseException], ...] = ()


CASES = {
    "400_validation_error": Case(
        typed=lambda client: client.calls.create(from_="+19195551212", to="12345"),
        legacy=lambda api: api.create_call("+19195551212", "12345"),
        error=BadRequestError,
        status=400,
        category="bad-request",
        code="validation-error",
        message="Invalid phone number",
        details={"requestMethod": "POST", "requestPath": "users/u-test/calls"},
        never=(AuthenticationError, RateLimitError, InvalidStateError),
    ),
    "400_bridge_invalid_state": Case(  # a state error, but documented as a 400: a bad request
        typed=lambda client: client.bridges.update("brg-abc123", call_ids=["c-abc123"]),
        legacy=lambda api: api.update_bridge("brg-abc123", ["c-abc123"]),
        error=BadRequestError,
        status=400,
        category="bad-request",
        code="bridge-invalid-state",
        message="Unable to update bridge brg-abc123. Invalid bridge state completed",
        never=(PermissionDeniedError, InvalidStateError),
    ),
    "401_user_access_denied": Case(
        typed=lambda client: client.calls.get("c-abc123"),
        legacy=lambda api: api.get_call("c-abc123"),
        error=AuthenticationError,
        status=401,
        category="authorization",
        code="user-access-denied",
        message="User u-test does not have permission to access user u-other",
        never=(PermissionDeniedError, RateLimitError),
    ),
    "403_insufficient_balance": Case(  # category credit
        typed=lambda client: client.calls.create(from_="+19195551212", to="+19195553434", fetch=False),
        legacy=lambda api: api.create_call("+19195551212", "+19195553434"),
        error=PermissionDeniedError,
        status=403,
        category="credit",
        code="insufficient-available-balance",
        message="Your account's available balance of 0.00 is insufficient for this transaction "
        "in the amount of 0.01.",
        never=(AuthenticationError, InvalidStateError, RateLimitError),
    ),
    "403_invalid_destination_number": Case(  # category forbidden, not a state error
        typed=lambda client: client.calls.create(from_="+19195551212", to="+442071234567", fetch=False),
        legacy=lambda api: api.create_call("+19195551212", "+442071234567"),
        error=PermissionDeniedError,
        status=403,
        category="forbidden",
        code="invalid-destination-number",
        message="You are not allowed to call the country/region you are trying to reach.",
        never=(AuthenticationError, InvalidStateError, RateLimitError),
    ),
    "403_call_invalid_state": Case(
        typed=lambda client: client.calls.hangup("c-abc123"),
        legacy=lambda api: api.hangup_call("c-abc123"),
        error=InvalidStateError,
        status=403,
        category="forbidden",
        code="call-invalid-state",
        message="Unable to update call c-abc123. Invalid call state completed",
        also=(PermissionDeniedError,),
        never=(AuthenticationError, RateLimitError, CallRateLimitError),
    ),
    "403_call_audio_invalid_state": Case(
        typed=lambda client: client.calls.play_audio("c-abc123", file_url=""),
        legacy=lambda api: api.play_audio_to_call("c-abc123", ""),
        error=InvalidStateError,
        status=403,
        category="forbidden",
        code="call-audio-invalid-state",
        message="The audio for call c-abc123 could not be updated. "
        "The audio has already finished or does not exist.",
        also=(PermissionDeniedError,),
        never=(AuthenticationError, RateLimitError),
    ),
    "403_invalid_recording_state": Case(
        typed=lambda client: client.recordings.create_transcription("rec-abc123", fetch=False),
        legacy=lambda api: api.create_transcription("rec-abc123"),
        error=InvalidStateError,
        status=403,
        category="forbidden",
        code="invalid-recording-state",
        message="Cannot transcribe the recording rec-abc123. The state must be complete",
        also=(PermissionDeniedError,),
        never=(AuthenticationError, RateLimitError),
    ),
    "403_call_rate_limit": Case(
        typed=lambda client: client.calls.create(from_="+19195551212", to="+19195553434"),
        legacy=lambda api: api.create_call("+19195551212", "+19195553434"),
        error=CallRateLimitError,
        status=403,
        category="limit",
        code="call-rate-limit",
        message="You can create 1 calls per 1 seconds, calculated as the average over 10 seconds. "
        "Your rate is: 1.1",
        details={
            "requestMethod": "POST",
            "remoteAddress": "216.82.234.65",
            "requestPath": "users/u-asdf/calls",
        },
        also=(RateLimitError, PermissionDeniedError),
        never=(AuthenticationError, InvalidStateError),
    ),
    "403_conference_max_members": Case(
        typed=lambda client: client.conferences.create_member("conf-abc123", "c-abc123", fetch=False),
        legacy=lambda api: api.create_conference_member("conf-abc123", "c-abc123"),
        error=PermissionDeniedError,
        status=403,
        category="limit",  # errors.md lists it under "403 - LIMIT", but waiting does not lift it
        code="conference-max-members",
        message="The conference conf-abc123 reached the max number of members",
        also=(),
        never=(AuthenticationError, RateLimitError, CallRateLimitError),
    ),
    "404_call_not_found": Case(
        typed=lambda client: client.calls.get("c-abc123"),
        legacy=lambda api: api.get_call("c-abc123"),
        error=NotFoundError,
        status=404,
        category="not-found",
        code="call-not-found",
        message="The call c-abc123 could not be found",
    ),
    "409_duplicate_gather": Case(
        typed=lambda client: client.calls.create_gather("c-abc123", max_digits=1),
        legacy=lambda api: api.create_call_gather("c-abc123", max_digits=1),
        error=ConflictError,
        status=409,
        category="conflict",
        code="call-duplicate-gather-error",
        message="DTMF digits are already being gathered for call c-abc123",
    ),
    "429_rate_limit_reached": Case(
        typed=lambda client: list(client.bridges.list()),
        legacy=lambda api: list(api.list_bridges()),
        error=RateLimitError,
        status=429,
        category="too-many-requests",
        code="rate-limit-reached",
        message="rate-limit-reached",  # the documented body has no message: the code stands in for it
        details={
            "rateLimitResetTime": "1479308598680",
            "requestMethod": "GET",
            "remoteAddress": "0:0:0:0:0:0:0:1",
            "requestPath": "users/u-test/bridges",
        },
        never=(PermissionDeniedError, AuthenticationError),
    ),
    "500_backend": Case(
        typed=lambda client: client.recordings.get("rec-abc123"),
        legacy=lambda api: api.get_recording("rec-abc123"),
        error=InternalServerError,
        status=500,
        category="backend",
        code="backend-protocol-support-failure",
        message="There was a backend error timeout for conference conf-abc123",
    ),
    "503_send_dtmf_failure": Case(
        typed=lambda client: client.calls.send_dtmf("c-abc123", "1234"),
        legacy=lambda api: api.send_dtmf_to_call("c-abc123", "1234"),
        error=InternalServerError,
        status=503,
        category="unavailable",
        code="send-dtmf-failure",
        message="DTMF digits 1234 could not be sent for call c-abc123",
    ),
    "502_not_json": Case(
        typed=lambda client: client.calls.get("c-abc123"),
        legacy=lambda api: api.get_call("c-abc123"),
        error=InternalServerError,
        status=502,
        category=None,
        code="502",  # no code in the body: the status stands in for it, as in the original SDK
        message="<html><body><h1>502 Bad Gateway</h1></body></html>",
    ),
    "500_empty_body": Case(
        typed=lambda client: client.bridges.get("brg-abc123"),
        legacy=lambda api: api.get_bridge("brg-abc123"),
        error=InternalServerError,
        status=500,
        category=None,
        code="500",
        message="Internal Server Error",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_error_is_mapped_in_both_layers(client: Client, cassette: Cassette, name: str) -> None:
    case = CASES[name]

    with pytest.raises(APIStatusError) as typed_info:
        case.typed(client)
    typed = typed_info.value
    assert type(typed) is case.error
    assert isinstance(typed, BandwidthError)
    for cls in case.also:
        assert isinstance(typed, cls), cls
    for cls in case.never:
        assert not isinstance(typed, cls), cls
    assert typed.status_code == case.status
    assert typed.category == case.category
    assert typed.code == case.code
    assert typed.message == case.message
    assert typed.details == case.details

    with pytest.raises(BandwidthVoiceAPIException) as legacy_info:
        case.legacy(client)
    legacy = legacy_info.value
    assert type(legacy) is case.error
    assert legacy.status_code == case.status
    assert legacy.message == case.message
    assert legacy.code == case.code
    assert cassette.play_count == 2


def test_error_records_the_request_and_the_raw_answer(client: Client, cassette: Cassette) -> None:
    with pytest.raises(NotFoundError) as info:
        client.calls.get("c-abc123")
    error = info.value

    assert error.method == "GET"
    assert error.url == f"{BASE}/calls/c-abc123"
    assert '"call-not-found"' in error.body
    assert error.headers["Content-Type"] == "application/json"
    assert "call-not-found" in str(error)
    assert "The call c-abc123 could not be found" in str(error)
    assert "s-test-secret" not in str(error)


def test_rate_limit_error_carries_the_reset_header(client: Client, cassette: Cassette) -> None:
    with pytest.raises(RateLimitError) as info:
        client.calls.get("c-abc123")

    assert info.value.headers["X-RateLimit-Reset"] == "1479308598680"
    assert info.value.details["rateLimitResetTime"] == "1479308598680"
    assert cassette.play_count == 1  # retries are off in the test client: one answer, one error


def test_call_rate_limit_is_caught_as_a_rate_limit(client: Client, cassette: Cassette) -> None:
    caught: RateLimitError | None = None
    try:
        client.calls.create(from_="+19195551212", to="+19195553434", fetch=False)
    except RateLimitError as error:
        caught = error

    assert isinstance(caught, CallRateLimitError)
    assert caught.category == "limit"


def test_error_on_the_second_page_of_a_list(client: Client, cassette: Cassette) -> None:
    calls = iter(client.calls.list(page_size=1))

    assert next(calls).id == "c-abc001"
    with pytest.raises(RateLimitError):
        next(calls)
    assert cassette.play_count == 2


def test_error_while_fetching_after_a_create(client: Client, cassette: Cassette) -> None:
    with pytest.raises(NotFoundError) as info:
        client.calls.create(from_="+19195551212", to="+19195553434")

    assert info.value.url == f"{BASE}/calls/c-abc123"
    assert cassette.play_count == 2


def test_download_error_is_mapped(client: Client, cassette: Cassette) -> None:
    recording = client.recordings.get("rec-abc123")
    buffer = io.BytesIO()

    with pytest.raises(NotFoundError) as info:
        recording.download(buffer)

    assert info.value.code == "media-not-found"
    assert info.value.message == "The media resource named c-abc123-1.wav could not be found"
    assert buffer.getvalue() == b""
