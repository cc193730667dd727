"""Typed Python SDK for the Bandwidth Catapult v1 Voice API.

    from bandwidth import Client

    with Client("u-...", "t-...", "s-...") as client:
        call = client.calls.create(from_="+19195551212", to="+19195553434")
        call.speak("Hello from Bandwidth")
        call.hangup()

The original SDK's dict methods (``client.create_call(...)``) work on the same ``Client``. ``AsyncClient``
(``pip install 'bandwidth[async]'``) has the typed API with its methods awaited::

    async with AsyncClient("u-...", "t-...", "s-...") as client:
        call = await client.calls.create(from_="+19195551212", to="+19195553434")
        await call.hangup()
"""

import importlib
from typing import TYPE_CHECKING

# First: importing it warns if bandwidth-sdk's files are mixed with this package's (they may break the rest).
from ._coexist import BandwidthSDKConflictWarning

# isort: split
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
    InvalidStateError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from ._version import __version__

if TYPE_CHECKING:  # re-exported; at run time they load on first use, through __getattr__ below
    from . import bxml as bxml, callbacks as callbacks, models as models, version as version, voice as voice
    from ._async.pagination import AsyncPaginator as AsyncPaginator
    from ._async_client import AsyncClient as AsyncClient
    from ._client import Client as Client
    from ._core.operation import Page as Page
    from ._sync.pagination import Paginator as Paginator
    from ._types import (
        NOT_GIVEN as NOT_GIVEN,
        AudioOptions as AudioOptions,
        GatherPrompt as GatherPrompt,
        HasId as HasId,
        NotGiven as NotGiven,
    )
    from .callbacks import (
        AnswerEvent as AnswerEvent,
        AnyCallbackEvent as AnyCallbackEvent,
        CallbackEvent as CallbackEvent,
        CallbackParseError as CallbackParseError,
        CallbackPayload as CallbackPayload,
        CallbackRouter as CallbackRouter,
        ConferenceEvent as ConferenceEvent,
        ConferenceMemberEvent as ConferenceMemberEvent,
        ConferencePlaybackEvent as ConferencePlaybackEvent,
        ConferenceSpeakEvent as ConferenceSpeakEvent,
        ConferenceStatus as ConferenceStatus,
        Diversion as Diversion,
        DtmfEvent as DtmfEvent,
        GatherEvent as GatherEvent,
        HandlerDecorator as HandlerDecorator,
        HangupCause as HangupCause,
        HangupEvent as HangupEvent,
        IncomingCallEvent as IncomingCallEvent,
        PlaybackEvent as PlaybackEvent,
        PlaybackStatus as PlaybackStatus,
        RecordingEvent as RecordingEvent,
        RedirectEvent as RedirectEvent,
        RejectEvent as RejectEvent,
        SpeakEvent as SpeakEvent,
        SpeakState as SpeakState,
        TimeoutEvent as TimeoutEvent,
        TranscriptionEvent as TranscriptionEvent,
        TransferCompleteEvent as TransferCompleteEvent,
        UnknownEvent as UnknownEvent,
        parse_callback as parse_callback,
        parse_callback_query as parse_callback_query,
        verify_basic_auth as verify_basic_auth,
        verify_wsgi_basic_auth as verify_wsgi_basic_auth,
    )
    from .models import (
        AsyncBridge as AsyncBridge,
        AsyncCall as AsyncCall,
        AsyncGather as AsyncGather,
        AsyncRecording as AsyncRecording,
        Bridge as Bridge,
        BridgeState as BridgeState,
        Call as Call,
        CallDirection as CallDirection,
        CallEvent as CallEvent,
        CallState as CallState,
        Gather as Gather,
        GatherReason as GatherReason,
        GatherState as GatherState,
        Recording as Recording,
        RecordingFormat as RecordingFormat,
        RecordingState as RecordingState,
        Transcription as Transcription,
        TranscriptionState as TranscriptionState,
        UnknownValue as UnknownValue,
    )
    from .models.conference import (
        AsyncConference as AsyncConference,
        AsyncConferenceMember as AsyncConferenceMember,
        Conference as Conference,
        ConferenceMember as ConferenceMember,
        ConferenceMemberState as ConferenceMemberState,
        ConferenceProfile as ConferenceProfile,
        ConferenceState as ConferenceState,
    )


_MODULES = {
    "Client": "._client",
    "Page": "._core.operation",
    "Paginator": "._sync.pagination",
    "AsyncClient": "._async_client",
    "AsyncPaginator": "._async.pagination",
    **dict.fromkeys(("NOT_GIVEN", "AudioOptions", "GatherPrompt", "HasId", "NotGiven"), "._types"),
}
"""Where the names other than the models and the callbacks live: each module loads on the first use of one
of its names, so ``import bandwidth`` loads neither requests nor pydantic, and never httpx."""

_SUBMODULES = frozenset({"bxml", "callbacks", "models", "version", "voice"})


def __getattr__(name: str) -> object:
    """Every public name but the exceptions, imported on first use (PEP 562): ``import bandwidth`` stays
    cheap, and ``from bandwidth import Client`` loads only what the client needs (the callbacks, the
    conference models, the async client and the emulator load when first used). The module
    ``bandwidth.version`` is here too: the original SDK had loaded it on ``import bandwidth``."""
    if name in _MODULES:
        value: object = getattr(importlib.import_module(_MODULES[name], __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    elif name.startswith("_"):
        raise AttributeError(f"module 'bandwidth' has no attribute {name!r}")
    else:
        models = importlib.import_module(".models", __name__)
        if name in models.__all__:
            value = getattr(models, name)
        else:
            callbacks = importlib.import_module(".callbacks", __name__)
            if name not in callbacks.__all__:
                raise AttributeError(f"module 'bandwidth' has no attribute {name!r}")
            value = getattr(callbacks, name)
    globals()[name] = value  # later uses skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncBridge",
    "AsyncCall",
    "AsyncClient",
    "AsyncConference",
    "AsyncConferenceMember",
    "AsyncGather",
    "AsyncPaginator",
    "AsyncRecording",
    "AudioOptions",
    "AuthenticationError",
    "BadRequestError",
    "BandwidthError",
    "BandwidthSDKConflictWarning",
    "BandwidthVoiceAPIException",
    "Bridge",
    "BridgeState",
    "Call",
    "CallDirection",
    "CallEvent",
    "CallRateLimitError",
    "CallState",
    "Client",
    "Conference",
    "ConferenceMember",
    "ConferenceMemberState",
    "ConferenceProfile",
    "ConferenceState",
    "ConflictError",
    "DetachedModelError",
    "Gather",
    "GatherPrompt",
    "GatherReason",
    "GatherState",
    "HasId",
    "InternalServerError",
    "InvalidParameterError",
    "InvalidStateError",
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
    "UnknownValue",
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
) -> "Client":
    """The original SDK's factory: ``bandwidth.client("voice", user_id, api_token, api_secret)``."""
    if client_name.lower() != "voice":
        raise InvalidParameterError(
            "client_name", f"only 'voice' is provided by this SDK, got {client_name!r}"
        )
    from ._client import Client

    return Client(user_id, api_token, api_secret, api_endpoint, api_version)
