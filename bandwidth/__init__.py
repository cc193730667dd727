"""Typed Python SDK for the Bandwidth Catapult v1 Voice API.

    from bandwidth import Client

    with Client("u-...", "t-...", "s-...") as client:
        call = client.calls.create(from_="+19195551212", to="+19195553434")
        call.speak("Hello from Bandwidth")
        call.hangup()

The original SDK's dict methods (``client.create_call(...)``) work on the same ``Client``.
"""

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from .callbacks import (
        AnswerEvent,
        AnyCallbackEvent,
        CallbackEvent,
        CallbackParseError,
        CallbackPayload,
        CallbackRouter,
        ConferenceEvent,
        ConferenceMemberEvent,
        ConferenceMemberState,
        ConferencePlaybackEvent,
        ConferenceSpeakEvent,
        ConferenceStatus,
        Diversion,
        DtmfEvent,
        GatherEvent,
        HandlerDecorator,
        HangupCause,
        HangupEvent,
        IncomingCallEvent,
        PlaybackEvent,
        PlaybackStatus,
        RecordingEvent,
        RejectEvent,
        SpeakEvent,
        SpeakState,
        TimeoutEvent,
        TranscriptionEvent,
        UnknownEvent,
        parse_callback,
        parse_callback_query,
        verify_basic_auth,
        verify_wsgi_basic_auth,
    )

_CALLBACK_NAMES = frozenset(
    {
        "AnswerEvent",
        "AnyCallbackEvent",
        "CallbackEvent",
        "CallbackParseError",
        "CallbackPayload",
        "CallbackRouter",
        "ConferenceEvent",
        "ConferenceMemberEvent",
        "ConferenceMemberState",
        "ConferencePlaybackEvent",
        "ConferenceSpeakEvent",
        "ConferenceStatus",
        "Diversion",
        "DtmfEvent",
        "GatherEvent",
        "HandlerDecorator",
        "HangupCause",
        "HangupEvent",
        "IncomingCallEvent",
        "PlaybackEvent",
        "PlaybackStatus",
        "RecordingEvent",
        "RejectEvent",
        "SpeakEvent",
        "SpeakState",
        "TimeoutEvent",
        "TranscriptionEvent",
        "UnknownEvent",
        "parse_callback",
        "parse_callback_query",
        "verify_basic_auth",
        "verify_wsgi_basic_auth",
    }
)
"""Names of :mod:`bandwidth.callbacks`, re-exported here but imported only when first used: receiving
callbacks is one part of an application, and their models need not slow down every ``import bandwidth``."""


def __getattr__(name: str) -> object:
    if name in _CALLBACK_NAMES:
        from . import callbacks

        return getattr(callbacks, name)
    raise AttributeError(f"module 'bandwidth' has no attribute {name!r}")


__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AnswerEvent",
    "AnyCallbackEvent",
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
    "CallbackEvent",
    "CallbackParseError",
    "CallbackPayload",
    "CallbackRouter",
    "Client",
    "ConferenceEvent",
    "ConferenceMemberEvent",
    "ConferenceMemberState",
    "ConferencePlaybackEvent",
    "ConferenceSpeakEvent",
    "ConferenceStatus",
    "ConflictError",
    "DetachedModelError",
    "Diversion",
    "DtmfEvent",
    "Gather",
    "GatherEvent",
    "GatherPrompt",
    "GatherReason",
    "GatherState",
    "HandlerDecorator",
    "HangupCause",
    "HangupEvent",
    "IncomingCallEvent",
    "InternalServerError",
    "InvalidParameterError",
    "NotFoundError",
    "NotGiven",
    "Page",
    "Paginator",
    "PermissionDeniedError",
    "PlaybackEvent",
    "PlaybackStatus",
    "RateLimitError",
    "Recording",
    "RecordingEvent",
    "RecordingFormat",
    "RecordingState",
    "RejectEvent",
    "SpeakEvent",
    "SpeakState",
    "TimeoutEvent",
    "Transcription",
    "TranscriptionEvent",
    "TranscriptionState",
    "UnknownEvent",
    "__version__",
    "client",
    "parse_callback",
    "parse_callback_query",
    "verify_basic_auth",
    "verify_wsgi_basic_auth",
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
