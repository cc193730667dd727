"""Typed resource models.

Each resource has its fields once, in a ``...Fields`` base (``CallFields``), and two method sets over them:
the sync client's model (``Call``: ``call.hangup()``) and the async client's (``AsyncCall``:
``await call.hangup()``). Two classes rather than one with both kinds of methods: each client's models
carry only methods that work on it, and a type checker sees exactly what each returns (``Call.refresh() ->
Call``, ``AsyncCall.refresh() -> Coroutine[..., AsyncCall]``) with no casts or overloads. Models without
methods (``CallEvent``, ``Transcription``) are one class, returned by both clients. Every model builds
its schema on first use, so an application pays only for the models it receives.

The conference models load on first use (``from bandwidth.models import Conference`` works as usual): an
application without conferences does not pay for building them on every ``import bandwidth``.
"""

import importlib
from typing import TYPE_CHECKING

from ._base import UnknownValue
from .bridge import AsyncBridge, Bridge, BridgeFields, BridgeState
from .call import AsyncCall, Call, CallDirection, CallFields, CallState, RecordingFormat
from .call_event import CallEvent
from .gather import AsyncGather, Gather, GatherFields, GatherReason, GatherState
from .recording import AsyncRecording, Recording, RecordingFields, RecordingState
from .transcription import Transcription, TranscriptionState

if TYPE_CHECKING:
    from .conference import (
        AsyncConference as AsyncConference,
        AsyncConferenceMember as AsyncConferenceMember,
        Conference as Conference,
        ConferenceFields as ConferenceFields,
        ConferenceMember as ConferenceMember,
        ConferenceMemberFields as ConferenceMemberFields,
        ConferenceMemberState as ConferenceMemberState,
        ConferenceProfile as ConferenceProfile,
        ConferenceState as ConferenceState,
    )

LAZY = frozenset(
    {
        "AsyncConference",
        "AsyncConferenceMember",
        "Conference",
        "ConferenceFields",
        "ConferenceMember",
        "ConferenceMemberFields",
        "ConferenceMemberState",
        "ConferenceProfile",
        "ConferenceState",
    }
)
"""Names of :mod:`.conference`, imported on first use."""


def __getattr__(name: str) -> object:
    if name in LAZY:
        return getattr(importlib.import_module(".conference", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AsyncBridge",
    "AsyncCall",
    "AsyncConference",
    "AsyncConferenceMember",
    "AsyncGather",
    "AsyncRecording",
    "Bridge",
    "BridgeFields",
    "BridgeState",
    "Call",
    "CallDirection",
    "CallEvent",
    "CallFields",
    "CallState",
    "Conference",
    "ConferenceFields",
    "ConferenceMember",
    "ConferenceMemberFields",
    "ConferenceMemberState",
    "ConferenceProfile",
    "ConferenceState",
    "Gather",
    "GatherFields",
    "GatherReason",
    "GatherState",
    "Recording",
    "RecordingFields",
    "RecordingFormat",
    "RecordingState",
    "Transcription",
    "TranscriptionState",
    "UnknownValue",
]
