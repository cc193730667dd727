"""Typed callback events: one model per event documented in ``apiCallbacks/`` and ``bxml/callBacks/``
about calls, gathers, recordings and transcriptions, the value sets they use, and :class:`UnknownEvent` for
an ``eventType`` this SDK does not know yet. Conference events are in ``_conference_events``; choosing the
model from ``eventType`` and the union of them all are in ``_parse``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, ClassVar, Final, Literal, TypeAlias
from urllib.parse import unquote

from pydantic import BeforeValidator, Field, TypeAdapter, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from .._exceptions import DetachedModelError
from .._sync.services.calls import CallsService
from ..models._base import BandwidthModel, Open, OpenEnum, Timestamp
from ..models.call import Call, CallState
from ..models.gather import Gather, GatherReason, GatherState
from ..models.recording import Recording, RecordingState
from ..models.transcription import Transcription, TranscriptionState

if TYPE_CHECKING:
    from .._sync.transport import Transport

__all__ = [
    "AnswerEvent",
    "CallbackEvent",
    "ConferenceStatus",
    "Diversion",
    "DtmfEvent",
    "GatherEvent",
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
]


# -- value sets ------------------------------------------------------------------------------------------


class HangupCause(OpenEnum):
    """Why a call ended (``cause`` of a hangup event); any other value means an internal error."""

    ORIGINATOR_CANCEL = "ORIGINATOR_CANCEL"
    NORMAL_CLEARING = "NORMAL_CLEARING"
    USER_BUSY = "USER_BUSY"
    CALL_REJECTED = "CALL_REJECTED"
    UNALLOCATED_NUMBER = "UNALLOCATED_NUMBER"
    NO_ANSWER = "NO_ANSWER"
    NORMAL_TEMPORARY_FAILURE = "NORMAL_TEMPORARY_FAILURE"


class PlaybackStatus(OpenEnum):
    """Whether audio (a file or text-to-speech) ``started`` or is ``done``."""

    STARTED = "started"
    DONE = "done"


class SpeakState(OpenEnum):
    """The ``state`` of a speak event."""

    PLAYBACK_START = "PLAYBACK_START"
    PLAYBACK_STOP = "PLAYBACK_STOP"


class ConferenceStatus(OpenEnum):
    """The ``status`` of a conference event: ``created`` or ``completed`` (its last member left)."""

    CREATED = "created"
    COMPLETED = "completed"


# -- events ----------------------------------------------------------------------------------------------


class Diversion(BandwidthModel, frozen=True):
    """The Diversion header of a diverted incoming call; its other name-value pairs are kept as extras."""

    orig_to: str | None = None
    """The last E.164 number the call was diverted from (``Anonymous`` when ``privacy`` is ``full``)."""
    reason: str | None = None
    """``unknown``, ``user-busy``, ``no-answer``, ``unavailable``, ``unconditional``, ``time-of-day``,
    ``do-not-disturb``, ``deflection``, ``follow-me``, ``out-of-service`` or ``away``."""
    screen: str | None = None
    """``no`` if the number is user provided, ``yes`` if it is network provided."""
    privacy: str | None = None
    """``off`` or ``full``."""
    counter: int | None = None
    """Number of diversions."""
    limit: int | None = None
    """Maximum number of diversions allowed."""


def _diversion_of(value: object) -> object:
    """A ``diversion`` as the JSON object it is: a GET callback carries it as JSON text
    (``bxml/callBacks/answer.md``). Text that is not a JSON object gives ``None`` rather than failing the
    whole event: the call goes on whatever its diversion header said."""
    if isinstance(value, (str, bytes)):
        try:
            value = json.loads(value)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None
    return value


_DiversionField: TypeAlias = Annotated[Diversion | None, BeforeValidator(_diversion_of)]


class CallbackEvent(BandwidthModel, frozen=True):
    """Base of every callback event: its ``eventType``, a key for spotting repeats, and the client link.

    Parsed with a client (``parse_callback(payload, client=client)``, or ``client.bind(event)``), an
    event gives handles to the call, gather, recording or transcription it is about, without a request.
    """

    event_type: str
    """What happened, as the API names it (``answer``, ``hangup``, ``playback``, ...)."""

    _key_fields: ClassVar[tuple[str, ...]] = ()

    repeatable: ClassVar[bool] = False
    """Whether two different events of this kind can carry the same :attr:`dedup_key`: the same key pressed
    twice in one millisecond, the same file played twice, a member muted, unmuted and muted again. The API's
    callbacks carry no event id, so for these kinds only a delivery that names its event (the
    ``X-Callback-Event-Id`` header) can be recognised as a repeat; the router never drops one otherwise."""

    if TYPE_CHECKING:
        # A field of every event; UnknownEvent reads it from its extras (a property, hidden from checkers).
        time: datetime | None = None
        """When the event happened (``None`` when the event does not say)."""

    @property
    def dedup_key(self) -> tuple[Hashable, ...]:
        """What identifies this event among repeats: ``eventType`` and the documented fields listed in
        the event's docs (a repeated delivery carries the same values). Used by the router to drop
        duplicates."""
        return (self.event_type, *(getattr(self, name) for name in self._key_fields))

    @property
    def _transport(self) -> Transport:
        try:
            return super()._transport
        except DetachedModelError:
            raise DetachedModelError(
                f"this {type(self).__name__} is not bound to a client; parse it with parse_callback(payload, "
                f"client=client), or use client.bind(event), to reach what it is about"
            ) from None

    def __hash__(self) -> int:
        return hash((type(self), self.dedup_key))


class _CallCallbackEvent(CallbackEvent, frozen=True):
    """An event about one call."""

    call_id: str
    """The id of the call."""
    call_uri: str | None = None
    """The full URL of the call."""
    time: Timestamp | None = None
    """When the event happened."""
    tag: str | None = None
    """The tag given when the call (or the playback, speak or gather) was created."""

    @property
    def call(self) -> Call:
        """A handle to the call (no request); ``event.call.hangup()`` is one request.

        Raises:
            DetachedModelError: The event is bound to no client.
        """
        return CallsService(self._transport).handle(self.call_id)


class AnswerEvent(_CallCallbackEvent, frozen=True):
    """The call was answered. Key: ``eventType``, ``callId``, ``time``."""

    event_type: Literal["answer"]
    """``answer``."""
    from_: str | None = Field(default=None, validation_alias="from", serialization_alias="from")
    """The E.164 number or SIP address that made the call."""
    to: str | None = None
    """The E.164 number or SIP address that received the call."""
    call_state: Open[CallState] | None = None
    """``active``."""
    diversion: _DiversionField = None
    """The diversion information, when the call was diverted (in a GET callback, read from its JSON text;
    ``None`` when that text is not a JSON object)."""

    _key_fields = ("call_id", "time")


class HangupEvent(_CallCallbackEvent, frozen=True):
    """The call ended; a rejected call gives a :class:`RejectEvent` (a subclass). Key: ``eventType``,
    ``callId``, ``time``, ``cause``."""

    event_type: Literal["hangup"]
    """``hangup``."""
    from_: str | None = Field(default=None, validation_alias="from", serialization_alias="from")
    """The E.164 number or SIP address that made the call."""
    to: str | None = None
    """The E.164 number or SIP address that received the call."""
    cause: Open[HangupCause] | None = None
    """Why the call ended (``NORMAL_CLEARING``, ``USER_BUSY``, ...); other values mean an internal error."""
    call_state: Open[CallState] | None = None
    """The call's state, when given (``completed``)."""

    _key_fields = ("call_id", "time", "cause")


class RejectEvent(HangupEvent, frozen=True):
    """The call was rejected: a hangup event whose cause is ``CALL_REJECTED``.

    It is a :class:`HangupEvent`, so hangup handlers receive it too unless a reject handler is registered;
    in a ``match``, put ``case RejectEvent()`` before ``case HangupEvent()``.
    """

    cause: Literal[HangupCause.CALL_REJECTED] = Field(...)  # required: a hangup without it is no rejection
    """``CALL_REJECTED``."""


class TimeoutEvent(_CallCallbackEvent, frozen=True):
    """The call was not answered before its timeout. Key: ``eventType``, ``callId``, ``time``."""

    event_type: Literal["timeout"]
    """``timeout``."""
    from_: str | None = Field(default=None, validation_alias="from", serialization_alias="from")
    """The E.164 number or SIP address that made the call."""
    to: str | None = None
    """The E.164 number or SIP address that was called."""

    _key_fields = ("call_id", "time")


class IncomingCallEvent(_CallCallbackEvent, frozen=True):
    """A call arrived on a number of the application. Key: ``eventType``, ``callId``, ``time``."""

    event_type: Literal["incomingcall"]
    """``incomingcall``."""
    from_: str | None = Field(default=None, validation_alias="from", serialization_alias="from")
    """The E.164 number or SIP address that made the call."""
    to: str | None = None
    """The E.164 number or SIP address that received the call."""
    call_state: Open[CallState] | None = None
    """The call's state."""
    application_id: str | None = None
    """The application of the called number."""
    diversion: _DiversionField = None
    """The diversion information, when the call was diverted (in a GET callback, read from its JSON text;
    ``None`` when that text is not a JSON object)."""

    _key_fields = ("call_id", "time")


class PlaybackEvent(_CallCallbackEvent, frozen=True):
    """Playback of an audio file started or is done. Key: ``eventType``, ``callId``, ``time``, ``status``,
    ``tag``."""

    event_type: Literal["playback"]
    """``playback``."""
    status: Open[PlaybackStatus] | None = None
    """``started`` or ``done``."""

    _key_fields = ("call_id", "time", "status", "tag")
    repeatable = True


class SpeakEvent(_CallCallbackEvent, frozen=True):
    """Text-to-speech started or is done. Key: ``eventType``, ``callId``, ``time``, ``status``, ``tag``."""

    event_type: Literal["speak"]
    """``speak``."""
    status: Open[PlaybackStatus] | None = None
    """``started`` or ``done``."""
    state: Open[SpeakState] | None = None
    """``PLAYBACK_START`` or ``PLAYBACK_STOP``."""

    _key_fields = ("call_id", "time", "status", "tag")
    repeatable = True


class DtmfEvent(_CallCallbackEvent, frozen=True):
    """A key was pressed on the keypad. Key: ``eventType``, ``callId``, ``time``, ``dtmfDigit``."""

    event_type: Literal["dtmf"]
    """``dtmf``."""
    dtmf_digit: str
    """The digit pressed (one)."""

    _key_fields = ("call_id", "time", "dtmf_digit")
    repeatable = True


class GatherEvent(_CallCallbackEvent, frozen=True):
    """A gather completed. Key: ``eventType``, ``callId``, ``gatherId``, ``time``."""

    event_type: Literal["gather"]
    """``gather``."""
    gather_id: str
    """The gather's id."""
    state: Open[GatherState] | None = None
    """``completed``."""
    reason: Open[GatherReason] | None = None
    """``max-digits``, ``terminating-digit``, ``inter-digit-timeout`` or ``hung-up``."""
    digits: str | None = None
    """The digits collected."""
    terminating_digit: str | None = None
    """The digit the ``<Gather>`` verb was told ends it (``terminatingDigits``; BXML gather events only)."""

    _key_fields = ("call_id", "gather_id", "time")

    @property
    def gather(self) -> Gather:
        """A handle to the gather, with its call URL (no request): ``refresh()`` and ``stop()`` work.

        Raises:
            DetachedModelError: The event is bound to no client.
        """
        transport = self._transport
        return Gather._handle(transport, id=self.gather_id, call_url=transport.url("calls", self.call_id))


class RecordingEvent(_CallCallbackEvent, frozen=True):
    """A recording was saved (``complete``) or failed (``error``). Key: ``eventType``, ``recordingId``,
    ``state``, ``status``."""

    event_type: Literal["recording"]
    """``recording``."""
    recording_id: str
    """The recording's id."""
    recording_uri: str | None = None
    """The full URL of the recording."""
    state: Open[RecordingState] | None = None
    """``complete`` or ``error``."""
    status: Open[RecordingState] | None = None
    """``complete`` or ``error`` (the same as ``state``; the examples send this one)."""
    start_time: Timestamp | None = None
    """When recording started."""
    end_time: Timestamp | None = None
    """When recording ended."""

    _key_fields = ("recording_id", "state", "status")

    @property
    def recording(self) -> Recording:
        """A handle to the recording (no request); ``refresh()`` reads it, ``download()`` fetches it first.

        Raises:
            DetachedModelError: The event is bound to no client.
        """
        transport = self._transport
        return Recording._handle(
            transport, id=self.recording_id, call_url=transport.url("calls", self.call_id)
        )


class TranscriptionEvent(CallbackEvent, frozen=True):
    """A transcription completed or failed. Key: ``eventType``, ``transcriptionId``, ``state``,
    ``status``."""

    event_type: Literal["transcription"]
    """``transcription``."""
    transcription_id: str
    """The transcription's id."""
    transcription_uri: str | None = None
    """The full URL of the transcription (``.../recordings/{recordingId}/transcriptions/{id}``)."""
    recording_id: str = Field(default_factory=lambda fields: _recording_of(fields.get("transcription_uri")))
    """The id of the transcribed recording. The BXML transcription event does not send it
    (``bxml/callBacks/transcription.md``): it is then read from :attr:`transcription_uri`."""
    state: Open[TranscriptionState] | None = None
    """``completed`` or ``error``."""
    status: Open[TranscriptionState] | None = None
    """``completed`` or ``error`` (the same as ``state``)."""
    text_size: int | None = None
    """Length of the whole text."""
    text: str | None = None
    """The start of the text (about a thousand characters); :attr:`text_url` has all of it."""
    text_url: str | None = None
    """URL of the whole text."""
    time: Timestamp | None = None
    """When the event happened (the documented payload does not carry it)."""

    _key_fields = ("transcription_id", "state", "status")

    @model_validator(mode="after")
    def _names_its_recording(self) -> TranscriptionEvent:
        if not self.recording_id and "recording_id" not in self.model_fields_set:
            raise PydanticCustomError("missing", "recordingId: Field required (no transcriptionUri names it)")
        return self

    @property
    def transcription(self) -> Transcription:
        """A handle to the transcription (no request), holding only its id.

        Raises:
            DetachedModelError: The event is bound to no client.
        """
        return Transcription._handle(self._transport, id=self.transcription_id)

    @property
    def recording(self) -> Recording:
        """A handle to the transcribed recording (no request).

        Raises:
            DetachedModelError: The event is bound to no client.
        """
        return Recording._handle(self._transport, id=self.recording_id)


class RedirectEvent(_CallCallbackEvent, frozen=True):
    """A ``<Redirect>`` verb asks its ``requestUrl`` for the next BXML document (BXML only). Key:
    ``eventType``, ``callId``, ``time``.

    It is :attr:`repeatable`: the documented payload carries no ``time``, so two redirects of one call (a
    menu that loops) look alike, and only a delivery's event id can tell a re-delivery from the next one.
    """

    event_type: Literal["redirect"]
    """``redirect``."""
    from_: str | None = Field(default=None, validation_alias="from", serialization_alias="from")
    """The E.164 number or SIP address that made the call."""
    to: str | None = None
    """The E.164 number or SIP address that received the call."""
    call_state: Open[CallState] | None = None
    """``active``."""

    _key_fields = ("call_id", "time")
    repeatable = True


class TransferCompleteEvent(_CallCallbackEvent, frozen=True):
    """The call a ``<Transfer>`` verb connected (the B leg) hung up (BXML only). It is about the original
    call (the A leg, :attr:`call_id`); ``from_`` and ``to`` are the B leg's. Key: ``eventType``, ``callId``,
    ``time``."""

    event_type: Literal["transferComplete"]
    """``transferComplete``."""
    from_: str | None = Field(default=None, validation_alias="from", serialization_alias="from")
    """The E.164 number or SIP address the transferred call (B leg) came from."""
    to: str | None = None
    """The E.164 number or SIP address the transferred call (B leg) went to."""
    call_state: Open[CallState] | None = None
    """``active``."""

    _key_fields = ("call_id", "time")


class UnknownEvent(CallbackEvent, frozen=True):
    """An event with an ``eventType`` this SDK does not know: every field is kept as sent, as extras
    (``event.model_extra``, or attributes by their API names). Key: ``eventType`` and every field."""

    event_type: Annotated[str, Field(min_length=1)]
    """The ``eventType`` as sent."""

    repeatable = True

    if not TYPE_CHECKING:  # checkers see CallbackEvent.time, a field; here it is read from the extras

        @property
        def time(self) -> datetime | None:
            """The ``time`` field read as a datetime, or ``None`` when it is missing or unreadable."""
            return _extra_time(self)

    @property
    def dedup_key(self) -> tuple[Hashable, ...]:
        """``eventType`` and every other field, by name."""
        extra = self.__pydantic_extra__ or {}
        return (self.event_type, *sorted((name, _hashable(value)) for name, value in extra.items()))


_RECORDING_IN_URI: Final = re.compile(r"/recordings/([^/?#]+)/transcriptions/")


def _recording_of(transcription_uri: object) -> str:
    """The recording id in a transcription's URL, or ``""`` when it names none."""
    found = _RECORDING_IN_URI.search(transcription_uri) if isinstance(transcription_uri, str) else None
    return unquote(found.group(1)) if found else ""


_EVENT_TIME: Final[TypeAdapter[datetime]] = TypeAdapter(Timestamp)


def _extra_time(event: UnknownEvent) -> datetime | None:
    """An unknown event's ``time`` (kept as sent, in the extras) as a datetime; ``None`` if unreadable."""
    raw = (event.__pydantic_extra__ or {}).get("time")
    if raw is None:
        return None
    try:
        return _EVENT_TIME.validate_python(raw)
    except ValidationError:
        return None


def _hashable(value: object) -> Hashable:
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=str)
    return value if isinstance(value, Hashable) else repr(value)
