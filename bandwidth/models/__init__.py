"""Typed resource models.

Each resource has its fields once, in a ``...Fields`` base (``CallFields``), and two method sets over them:
the sync client's model (``Call``: ``call.hangup()``) and the async client's (``AsyncCall``:
``await call.hangup()``). Two classes rather than one with both kinds of methods: each client's models
carry only methods that work on it, and a type checker sees exactly what each returns (``Call.refresh() ->
Call``, ``AsyncCall.refresh() -> Coroutine[..., AsyncCall]``) with no casts or overloads. Models without
methods (``CallEvent``, ``Transcription``) are one class, returned by both clients.

Every name loads on first use (``from bandwidth.models import Call`` works as usual): creating a model class
costs pydantic a few milliseconds, so an application pays only for the resources it uses, and a sync one
never creates the async method sets (defined in ``_async`` and ``_async_conference``). Every model also
builds its schema on first use.
"""

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._async import (
        AsyncBridge as AsyncBridge,
        AsyncCall as AsyncCall,
        AsyncGather as AsyncGather,
        AsyncRecording as AsyncRecording,
    )
    from ._async_conference import (
        AsyncConference as AsyncConference,
        AsyncConferenceMember as AsyncConferenceMember,
    )
    from ._base import UnknownValue as UnknownValue
    from .bridge import Bridge as Bridge, BridgeFields as BridgeFields, BridgeState as BridgeState
    from .call import (
        Call as Call,
        CallDirection as CallDirection,
        CallFields as CallFields,
        CallState as CallState,
        RecordingFormat as RecordingFormat,
    )
    from .call_event import CallEvent as CallEvent
    from .conference import (
        Conference as Conference,
        ConferenceFields as ConferenceFields,
        ConferenceMember as ConferenceMember,
        ConferenceMemberFields as ConferenceMemberFields,
        ConferenceMemberState as ConferenceMemberState,
        ConferenceProfile as ConferenceProfile,
        ConferenceState as ConferenceState,
    )
    from .gather import (
        Gather as Gather,
        GatherFields as GatherFields,
        GatherReason as GatherReason,
        GatherState as GatherState,
    )
    from .recording import (
        Recording as Recording,
        RecordingFields as RecordingFields,
        RecordingState as RecordingState,
    )
    from .transcription import Transcription as Transcription, TranscriptionState as TranscriptionState

_MODULES = {
    "UnknownValue": "._base",
    **dict.fromkeys(("AsyncBridge", "AsyncCall", "AsyncGather", "AsyncRecording"), "._async"),
    **dict.fromkeys(("AsyncConference", "AsyncConferenceMember"), "._async_conference"),
    **dict.fromkeys(("Bridge", "BridgeFields", "BridgeState"), ".bridge"),
    **dict.fromkeys(("Call", "CallDirection", "CallFields", "CallState", "RecordingFormat"), ".call"),
    "CallEvent": ".call_event",
    **dict.fromkeys(
        (
            "Conference",
            "ConferenceFields",
            "ConferenceMember",
            "ConferenceMemberFields",
            "ConferenceMemberState",
            "ConferenceProfile",
            "ConferenceState",
        ),
        ".conference",
    ),
    **dict.fromkeys(("Gather", "GatherFields", "GatherReason", "GatherState"), ".gather"),
    **dict.fromkeys(("Recording", "RecordingFields", "RecordingState"), ".recording"),
    **dict.fromkeys(("Transcription", "TranscriptionState"), ".transcription"),
}
"""The module defining each public name, imported on first use of one of its names (PEP 562)."""


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value: object = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later uses skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
