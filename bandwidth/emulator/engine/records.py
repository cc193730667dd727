"""The emulator's state: one record type per resource, the API's limits, and the store that holds them.

Records are plain mutable dataclasses. Only the resource modules change them, under the engine's lock; the
HTTP layer never sees a record, only what a module renders from it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Final, Literal, TypeAlias, get_args

from ..._types import (
    CallbackHttpMethod,
    CallUpdateState,
    DiversionReason,
    DiversionTreatment,
    JSONObject,
    RecordingFileFormat,
)
from .._clock import Timer

if TYPE_CHECKING:
    from ...bxml import AnyVerb, Gather, Record, Transfer
    from .inputs import AudioRequest

__all__ = [
    "AudioRecord",
    "BridgeRecord",
    "BxmlApplication",
    "BxmlRun",
    "CallRecord",
    "ConferenceRecord",
    "EventRecord",
    "GatherRecord",
    "MemberRecord",
    "RecordingRecord",
    "Script",
    "State",
    "TranscriptionRecord",
    "new_id",
]

Script = Literal["answer", "answer-immediately", "no-answer", "reject", "busy", "unallocated"]
"""How the far end of an outbound call behaves (see ``calls.MAGIC_NUMBERS``)."""

# -- the API's limits and defaults (from methods/*.md) ------------------------------------------------------

LIVE_STATES: Final = frozenset({"started", "active", "transferring"})
CALL_UPDATE_STATES: Final = get_args(CallUpdateState)
FILE_FORMATS: Final = get_args(RecordingFileFormat)
HTTP_METHODS: Final = get_args(CallbackHttpMethod)
DIVERSION_TREATMENTS: Final = get_args(DiversionTreatment)
DIVERSION_REASONS: Final = get_args(DiversionReason)
DEFAULT_CALL_TIMEOUT: Final = 60
MAX_CALL_TIMEOUT: Final = 300
DEFAULT_CALLBACK_TIMEOUT: Final = 10_000
MAX_CALLBACK_TIMEOUT: Final = 10_000
DEFAULT_RECORDING_MAX_DURATION: Final = 3600
MAX_RECORDING_DURATION: Final = 4 * 3600
MAX_GATHER_DIGITS: Final = 30
DEFAULT_INTER_DIGIT_TIMEOUT: Final = 5.0
MAX_INTER_DIGIT_TIMEOUT: Final = 30.0
MAX_SENTENCE: Final = 1000
MAX_DTMF_OUT: Final = 92
MAX_SIP_HEADERS: Final = 5
TRANSCRIPTION_TEXT_LIMIT: Final = 1000
TRANSCRIPTION_CALLBACK_TEXT_LIMIT: Final = 1026
MAX_CONFERENCE_MEMBERS: Final = 20
CONFERENCE_PROFILES: Final = ("interpret_digits", "passthru_digits")

_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


def new_id(prefix: str) -> str:
    """A fresh id shaped like the API's: a prefix and 25 lowercase letters and digits."""
    return prefix + "-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(25))


@dataclass(slots=True)
class EventRecord:
    """One entry of ``GET /calls/{callId}/events``; its id also identifies the callback it caused."""

    id: str
    time: datetime
    name: str
    data: str | None


@dataclass(slots=True)
class AudioRecord:
    kind: Literal["playback", "speak"]
    value: str
    tag: str | None
    gather_id: str | None
    timer: Timer | None = None


@dataclass(slots=True)
class GatherRecord:
    id: str
    call_id: str
    max_digits: int
    inter_digit_timeout: float
    terminating_digits: str
    tag: str | None
    created_time: datetime
    state: str = "started"
    reason: str | None = None
    digits: str = ""
    completed_time: datetime | None = None
    timer: Timer | None = None


@dataclass(slots=True)
class RecordingRecord:
    id: str
    sequence: int
    call_id: str
    file_format: str
    media_name: str
    start: float
    start_time: datetime
    state: str = "recording"
    end: float | None = None
    end_time: datetime | None = None
    text: str = ""
    timer: Timer | None = None


@dataclass(slots=True)
class TranscriptionRecord:
    id: str
    sequence: int
    recording_id: str
    call_id: str
    time: datetime
    text: str
    chargeable_duration: int
    state: str = "transcribing"


@dataclass(slots=True)
class BridgeRecord:
    id: str
    sequence: int
    bridge_audio: bool
    created_time: datetime
    call_ids: list[str] = field(default_factory=list)
    state: str = "created"
    activated_time: datetime | None = None
    completed_time: datetime | None = None
    had_calls: bool = False


@dataclass(frozen=True, slots=True)
class BxmlApplication:
    """A number assigned to a BXML application: where its documents come from, and with which method."""

    number: str
    url: str
    method: str


Waiting: TypeAlias = Literal[
    "document", "audio", "pause", "dtmf", "gather", "record", "transfer", "idle", "leg", "ended"
]
Prompt: TypeAlias = "AudioRequest | float"
"""Something to play, or seconds to wait for digits (a PlayAudio's ``delayBeforeRepeat`` in a Gather)."""


@dataclass(slots=True)
class BxmlRun:
    """The BXML interpreter's state for one call (``bxml.py``), or for one leg of its Transfer."""

    application: BxmlApplication
    leg_of: str | None = None
    """For a Transfer's leg: the call that transferred (a leg runs no document)."""
    waiting: Waiting = "document"
    """What the running verb waits for."""
    document_url: str = ""
    """Where the running document came from (a Transfer's relative ``requestUrl`` resolves against it)."""
    verbs: tuple[AnyVerb, ...] = ()
    pc: int = 0
    """The program counter: the index in ``verbs`` of the next verb to run."""
    step: int = 0
    """Counts the program's moves: a timer or a document set for an earlier step does nothing."""
    documents: int = 0
    """Counts the documents asked for and loaded: an answer the program did not wait for (a Gather that is
    not last) replaces the program only if no other document came or was asked for since."""
    timers: list[Timer] = field(default_factory=list)
    playing: list[Prompt] = field(default_factory=list)
    """What is left to play before ``then`` (a verb's audio, its repeats, nested prompts)."""
    then: Callable[[], None] | None = None
    audio_tag: str | None = None
    """The tag of the audio playing for the runner: its ``done`` event plays the next prompt."""
    plays: int = 0
    gather: Gather | None = None
    gather_id: str | None = None
    record: Record | None = None
    record_start: float = 0.0
    recordings: dict[str, Record] = field(default_factory=dict)
    """The Record verb of each recording, for its recording and transcription events."""
    transfer: Transfer | None = None
    legs: list[str] = field(default_factory=list)
    winner: str | None = None
    causes: list[str] = field(default_factory=list)
    burst: tuple[float, int] = (0.0, 0)
    """When the current second of document loads began, and how many loaded since."""


@dataclass(slots=True)
class CallRecord:
    id: str
    sequence: int
    direction: Literal["in", "out"]
    from_: str
    to: str
    start_time: datetime
    call_timeout: int
    callback_url: str | None
    callback_http_method: str
    callback_timeout: int
    fallback_url: str | None
    script: Script
    state: str = "started"
    bridge_id: str | None = None
    conference_id: str | None = None
    recording_enabled: bool = False
    recording_file_format: str = "wav"
    recording_max_duration: int = DEFAULT_RECORDING_MAX_DURATION
    transcription_enabled: bool = False
    tag: str | None = None
    sip_headers: dict[str, str] | None = None
    diversion: dict[str, str] | None = None
    """An incoming call's Diversion header: its ``incomingcall`` and ``answer`` events carry it."""
    active_time: datetime | None = None
    end_time: datetime | None = None
    hangup_cause: str | None = None
    events: list[EventRecord] = field(default_factory=list)
    gathers: dict[str, GatherRecord] = field(default_factory=dict)
    gather_id: str | None = None
    audio: AudioRecord | None = None
    recording_id: str | None = None
    recording_ids: list[str] = field(default_factory=list)
    timers: list[Timer] = field(default_factory=list)
    transfer_of: str | None = None
    transfer_leg: str | None = None
    whisper: JSONObject | None = None
    speech: list[tuple[float, str]] = field(default_factory=list)
    sent_dtmf: str = ""
    played: list[str] = field(default_factory=list)
    bxml: BxmlRun | None = None
    """Set when BXML drives the call (``bxml.py``): its events go to the runner, not the callback URL."""

    @property
    def live(self) -> bool:
        return self.state in LIVE_STATES


@dataclass(slots=True)
class MemberRecord:
    """A call's membership of a conference: ``active`` until it leaves, then ``completed`` for good."""

    id: str
    conference_id: str
    call_id: str
    added_time: datetime
    join_tone: bool
    leaving_tone: bool
    mute: bool
    hold: bool
    state: str = "active"
    removed_time: datetime | None = None


@dataclass(slots=True)
class ConferenceRecord:
    id: str
    sequence: int
    from_: str
    created_time: datetime
    profile: str
    callback_url: str | None
    callback_http_method: str
    callback_timeout: int
    fallback_url: str | None
    tag: str | None
    state: str = "created"
    mute: bool = False
    hold: bool = False
    completed_time: datetime | None = None
    members: dict[str, MemberRecord] = field(default_factory=dict)
    """Every member ever added, in the order they were added."""
    active: dict[str, str] = field(default_factory=dict)
    """The members in it now: call id -> member id."""
    audio: AudioRecord | None = None


class State:
    """Every resource of the account, by id, in creation order (dicts keep insertion order)."""

    def __init__(self) -> None:
        self.calls: dict[str, CallRecord] = {}
        self.bridges: dict[str, BridgeRecord] = {}
        self.recordings: dict[str, RecordingRecord] = {}
        self.transcriptions: dict[str, TranscriptionRecord] = {}
        self.conferences: dict[str, ConferenceRecord] = {}
        self.bxml_applications: dict[str, BxmlApplication] = {}
        """The BXML application each number is assigned to (``bxml.py``)."""
        self._sequence = 0

    def next_sequence(self) -> int:
        """A number that orders resources by creation, across kinds."""
        self._sequence += 1
        return self._sequence
