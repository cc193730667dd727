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
from . import models as _models
from ._client import Client
from ._core.operation import Page
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
from ._sync.pagination import Paginator
from ._types import NOT_GIVEN, AudioOptions, GatherPrompt, HasId, NotGiven
from ._version import __version__
from .models import (
    AsyncBridge,
    AsyncCall,
    AsyncGather,
    AsyncRecording,
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
    UnknownValue,
)

if TYPE_CHECKING:  # re-exported; at run time they load on first use, through __getattr__ below
    from . import version as version
    from ._async.pagination import AsyncPaginator as AsyncPaginator
    from ._async_client import AsyncClient as AsyncClient
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
    from .models.conference import (
        AsyncConference as AsyncConference,
        AsyncConferenceMember as AsyncConferenceMember,
        Conference as Conference,
        ConferenceMember as ConferenceMember,
        ConferenceMemberState as ConferenceMemberState,
        ConferenceProfile as ConferenceProfile,
        ConferenceState as ConferenceState,
    )


_ASYNC = {"AsyncClient": "._async_client", "AsyncPaginator": "._async.pagination"}
"""The async client's names and their modules: loaded on first use, so ``import bandwidth`` never loads
httpx (nor needs it installed)."""


def __getattr__(name: str) -> object:
    """The names of :mod:`bandwidth.callbacks`, the conference models and the async client, imported on
    first use: receiving callbacks, running conferences and the async client are parts of some applications,
    and need not slow down every ``import bandwidth``. Also the module ``bandwidth.version``, which the
    original SDK had loaded by ``import bandwidth``."""
    if name == "version":
        return importlib.import_module(".version", __name__)
    if name in _ASYNC:
        return getattr(importlib.import_module(_ASYNC[name], __name__), name)
    if name in _models.LAZY:
        return getattr(_models, name)
    if not name.startswith("_"):
        callbacks = importlib.import_module(".callbacks", __name__)
        if name in callbacks.__all__:
            return getattr(callbacks, name)
    raise AttributeError(f"module 'bandwidth' has no attribute {name!r}")


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
) -> Client:
    """The original SDK's factory: ``bandwidth.client("voice", user_id, api_token, api_secret)``."""
    if client_name.lower() != "voice":
        raise InvalidParameterError(
            "client_name", f"only 'voice' is provided by this SDK, got {client_name!r}"
        )
    return Client(user_id, api_token, api_secret, api_endpoint, api_version)
