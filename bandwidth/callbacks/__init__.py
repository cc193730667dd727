"""Receiving callbacks: typed events, a router with a WSGI application, and the basic-auth check.

    from bandwidth import Client
    from bandwidth.callbacks import AnswerEvent, CallbackRouter

    client = Client("u-...", "t-...", "s-...")
    router = CallbackRouter(client, username="bw", password="secret")

    @router.on(AnswerEvent)
    def answered(event: AnswerEvent) -> None:
        event.call.speak("Hello")  # one request; the event already names the call

    # router is a WSGI application: serve it with any WSGI server, or mount it in a framework.

See ``docs/callbacks.md``.
"""

from ..models.conference import (
    ConferenceMemberState,
)
from ._auth import verify_basic_auth, verify_wsgi_basic_auth
from ._conference_events import (
    ConferenceEvent,
    ConferenceMemberEvent,
    ConferencePlaybackEvent,
    ConferenceSpeakEvent,
)
from ._events import (
    AnswerEvent,
    CallbackEvent,
    ConferenceStatus,
    Diversion,
    DtmfEvent,
    GatherEvent,
    HangupCause,
    HangupEvent,
    IncomingCallEvent,
    PlaybackEvent,
    PlaybackStatus,
    RecordingEvent,
    RedirectEvent,
    RejectEvent,
    SpeakEvent,
    SpeakState,
    TimeoutEvent,
    TranscriptionEvent,
    TransferCompleteEvent,
    UnknownEvent,
)
from ._parse import (
    AnyCallbackEvent,
    CallbackParseError,
    CallbackPayload,
    parse_callback,
    parse_callback_query,
)
from ._router import CallbackRouter, HandlerDecorator

__all__ = [
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
    "RedirectEvent",
    "RejectEvent",
    "SpeakEvent",
    "SpeakState",
    "TimeoutEvent",
    "TranscriptionEvent",
    "TransferCompleteEvent",
    "UnknownEvent",
    "parse_callback",
    "parse_callback_query",
    "verify_basic_auth",
    "verify_wsgi_basic_auth",
]

parse = parse_callback
"""``bandwidth.callbacks.parse(payload)`` is :func:`parse_callback`; only the longer name is exported at the
top level of ``bandwidth``, where ``parse`` alone would not say what it parses."""
