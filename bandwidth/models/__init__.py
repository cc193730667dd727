"""Typed resource models."""

from .bridge import Bridge, BridgeState
from .call import Call, CallDirection, CallState, RecordingFormat
from .call_event import CallEvent
from .conference import (
    Conference,
    ConferenceMember,
    ConferenceMemberState,
    ConferenceProfile,
    ConferenceState,
)
from .gather import Gather, GatherReason, GatherState
from .recording import Recording, RecordingState
from .transcription import Transcription, TranscriptionState

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
]
