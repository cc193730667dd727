"""Typed Python SDK for the Bandwidth Catapult v1 Voice API.

    from bandwidth import Client

    with Client("u-...", "t-...", "s-...") as client:
        call = client.calls.create(from_="+19195551212", to="+19195553434")
        call.speak("Hello from Bandwidth")
        call.hangup()

The original SDK's dict methods (``client.create_call(...)``) work on the same ``Client``.
"""

from ._client import Client
from ._exceptions import (
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
    DetachedModelError,
    InternalServerError,
    InvalidParameterError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from ._pagination import Page, Paginator
from ._types import NOT_GIVEN, AudioOptions, GatherPrompt, NotGiven
from ._version import __version__
from .models import (
    Bridge,
    BridgeState,
    Call,
    CallDirection,
    CallEvent,
    CallState,
    Gather,
    GatherReason,
    GatherState,
    Recording,
    RecordingFormat,
    RecordingState,
    Transcription,
    TranscriptionState,
)

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AudioOptions",
    "AuthenticationError",
    "BadRequestError",
    "BandwidthError",
    "BandwidthVoiceAPIException",
    "Bridge",
    "BridgeState",
    "Call",
    "CallDirection",
    "CallEvent",
    "CallRateLimitError",
    "CallState",
    "Client",
    "ConflictError",
    "DetachedModelError",
    "Gather",
    "GatherPrompt",
    "GatherReason",
    "GatherState",
    "InternalServerError",
    "InvalidParameterError",
    "NotFoundError",
    "NotGiven",
    "Page",
    "Paginator",
    "PermissionDeniedError",
    "RateLimitError",
    "Recording",
    "RecordingFormat",
    "RecordingState",
    "Transcription",
    "TranscriptionState",
    "__version__",
    "client",
]


def client(
    client_name: str,
    user_id: str | None = None,
    api_token: str | None = None,
    api_secret: str | None = None,
    api_endpoint: str = "https://api.catapult.inetwork.com",
    api_version: str = "v1",
) -> Client:
    """The original SDK's factory: ``bandwidth.client("voice", user_id, api_token, api_secret)``."""
    if client_name.lower() != "voice":
        raise InvalidParameterError(
            "client_name", f"only 'voice' is provided by this SDK, got {client_name!r}"
        )
    return Client(user_id, api_token, api_secret, api_endpoint, api_version)
