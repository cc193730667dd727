"""Typed resource models.

The conference models load on first use (``from bandwidth.models import Conference`` works as usual): an
application without conferences does not pay for building them on every ``import bandwidth``.
"""

import importlib
from typing import TYPE_CHECKING

from ._base import UnknownValue
from .bridge import Bridge, BridgeState
from .call import Call, CallDirection, CallState, RecordingFormat
from .call_event import CallEvent
from .gather import Gather, GatherReason, GatherState
from .recording import Recording, RecordingState
from .transcription import Transcription, TranscriptionState

if TYPE_CHECKING:
    from .conference import (
        Conference as Conference,
        ConferenceMember as ConferenceMember,
        ConferenceMemberState as ConferenceMemberState,
        ConferenceProfile as ConferenceProfile,
        ConferenceState as ConferenceState,
    )

LAZY = frozenset(
    {"Conference", "ConferenceMember", "ConferenceMemberState", "ConferenceProfile", "ConferenceState"}
)
"""Names of :mod:`.conference`, imported on first use."""


def __getattr__(name: str) -> object:
    if name in LAZY:
        return getattr(importlib.import_module(".conference", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Bridge",
    "BridgeState",
    "Call",
    "CallDirection",
    "CallEvent",
    "CallState",
    "Conference",
    "ConferenceMember",
    "ConferenceMemberState",
    "ConferenceProfile",
    "ConferenceState",
    "Gather",
    "GatherReason",
    "GatherState",
    "Recording",
    "RecordingFormat",
    "RecordingState",
    "Transcription",
    "TranscriptionState",
    "UnknownValue",
]
