"""Typed callback events, and parsing them from what the API sends (a JSON body or GET query parameters).

Every event documented in ``apiCallbacks/`` and ``bxml/callBacks/`` has a model; the union of them all is
:data:`AnyCallbackEvent`.
The API names the event in ``eventType``: parsing picks the model from it and keeps any field the
documentation does not list. An ``eventType`` this SDK does not know yet gives an :class:`UnknownEvent`,
never an error, so a new kind of callback cannot break a running application.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable, Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Final, Literal, TypeAlias
from urllib.parse import parse_qsl, unquote

from pydantic import BeforeValidator, Field, TypeAdapter, ValidationError, model_validator
from pydantic_core import PydanticCustomError, core_schema

from .._core.endpoints import conferences
from .._exceptions import BandwidthError, DetachedModelError
from .._sync.services.calls import CallsService
from ..models._base import BandwidthModel, Open, OpenEnum, Timestamp
from ..models.call import Call, CallState
from ..models.conference import Conference, ConferenceMember, ConferenceMemberState
from ..models.gather import Gather, GatherReason, GatherState
from ..models.recording import Recording, RecordingState
from ..models.transcription import Transcription, TranscriptionState

if TYPE_CHECKING:
    from .._client import Client
    from .._sync.transport import Transport

__all__ = [
    "AnswerEvent",
    "AnyCallbackEvent",
    "CallbackEvent",
    "CallbackParseError",
    "CallbackPayload",
    "ConferenceEvent",
    "ConferenceMemberEvent",
    "ConferenceMemberState",
    "ConferencePlaybackEvent",
    "ConferenceSpeakEvent",
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
    "parse_callback",
    "parse_callback_query",
]


class CallbackParseError(BandwidthError, ValueError):
    """The payload is not a callback: not JSON, not an object, no ``eventType``, or a known event with
    fields that do not validate. The message is short and never repeats the payload."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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


class _ConferenceCallbackEvent(CallbackEvent, frozen=True):
    """An event about a conference."""

    conference_id: str
    """The conference's id."""
    time: Timestamp | None = None
    """When the event happened."""

    @property
    def conference(self) -> Conference:
        """A handle to the conference (no request); ``event.conference.terminate()`` is one request.

        Raises:
            DetachedModelError: The event is bound to no client.
        """
        return conferences.handle(self.conference_id, self._transport)


class ConferenceEvent(_ConferenceCallbackEvent, frozen=True):
    """A conference was created or completed. Key: ``eventType``, ``conferenceId``, ``status``."""

    event_type: Literal["conference"]
    """``conference``."""
    conference_uri: str | None = None
    """The full URL of the conference."""
    status: Open[ConferenceStatus] | None = None
    """``created`` or ``completed``."""
    created_time: Timestamp | None = None
    """When the conference was created."""
    completed_time: Timestamp | None = None
    """When the conference completed."""

    _key_fields = ("conference_id", "status")


class ConferenceMemberEvent(_ConferenceCallbackEvent, frozen=True):
    """A member joined or left a conference, or was muted or put on hold. Key: ``eventType``, ``memberId``,
    ``time``, ``state``, ``hold``, ``mute``."""

    event_type: Literal["conference-member"]
    """``conference-member``."""
    member_id: str
    """The member's id."""
    member_uri: str | None = None
    """The full URL of the member."""
    call_id: str
    """The id of the member's call."""
    state: Open[ConferenceMemberState] | None = None
    """``active`` or ``completed`` (left)."""
    hold: bool | None = None
    """Whether the member is on hold (can neither hear nor speak); also :attr:`on_hold`."""
    mute: bool | None = None
    """Whether the member is muted; also :attr:`muted`."""
    active_members: int | None = None
    """How many members are active in the conference."""

    _key_fields = ("member_id", "time", "state", "hold", "mute")
    repeatable = True

    @property
    def muted(self) -> bool | None:
        """:attr:`mute` under the name :class:`bandwidth.ConferenceMember` gives it (whose ``mute()`` is a
        method), so code reading either says ``muted``."""
        return self.mute

    @property
    def on_hold(self) -> bool | None:
        """:attr:`hold` under the name :class:`bandwidth.ConferenceMember` gives it (whose ``hold()`` is a
        method), so code reading either says ``on_hold``."""
        return self.hold

    @property
    def call(self) -> Call:
        """A handle to the member's call (no request).

        Raises:
            DetachedModelError: The event is bound to no client.
        """
        return CallsService(self._transport).handle(self.call_id)

    @property
    def member(self) -> ConferenceMember:
        """A handle to the member, with its conference and call (no request): ``event.member.mute()`` is
        one request.

        Raises:
            DetachedModelError: The event is bound to no client.
        """
        transport = self._transport
        return conferences.member_handle(
            self.conference_id, self.member_id, transport, call_url=transport.url("calls", self.call_id)
        )


class ConferencePlaybackEvent(_ConferenceCallbackEvent, frozen=True):
    """Audio file playback to a conference started or is done. Key: ``eventType``, ``conferenceId``,
    ``time``, ``status``."""

    event_type: Literal["conference-playback"]
    """``conference-playback``."""
    conference_uri: str | None = None
    """The full URL of the conference."""
    status: Open[PlaybackStatus] | None = None
    """``started`` or ``done``."""

    _key_fields = ("conference_id", "time", "status")
    repeatable = True


class ConferenceSpeakEvent(_ConferenceCallbackEvent, frozen=True):
    """Text-to-speech to a conference started or is done. Key: ``eventType``, ``conferenceId``, ``time``,
    ``status``."""

    event_type: Literal["conference-speak"]
    """``conference-speak``."""
    conference_uri: str | None = None
    """The full URL of the conference."""
    status: Open[PlaybackStatus] | None = None
    """``started`` or ``done``."""

    _key_fields = ("conference_id", "time", "status")
    repeatable = True


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


AnyCallbackEvent: TypeAlias = (
    AnswerEvent
    | HangupEvent
    | RejectEvent
    | TimeoutEvent
    | IncomingCallEvent
    | PlaybackEvent
    | SpeakEvent
    | DtmfEvent
    | GatherEvent
    | RecordingEvent
    | TranscriptionEvent
    | RedirectEvent
    | TransferCompleteEvent
    | ConferenceEvent
    | ConferenceMemberEvent
    | ConferencePlaybackEvent
    | ConferenceSpeakEvent
    | UnknownEvent
)
"""Every event :func:`parse_callback` returns; narrow it with ``match`` or ``isinstance``."""

EVENT_TYPES: Final[Mapping[str, type[CallbackEvent]]] = {
    "answer": AnswerEvent,
    "hangup": HangupEvent,
    "timeout": TimeoutEvent,
    "incomingcall": IncomingCallEvent,
    "playback": PlaybackEvent,
    "speak": SpeakEvent,
    "dtmf": DtmfEvent,
    "gather": GatherEvent,
    "recording": RecordingEvent,
    "transcription": TranscriptionEvent,
    "redirect": RedirectEvent,
    "transferComplete": TransferCompleteEvent,
    "conference": ConferenceEvent,
    "conference-member": ConferenceMemberEvent,
    "conference-playback": ConferencePlaybackEvent,
    "conference-speak": ConferenceSpeakEvent,
}
"""The model of each documented ``eventType`` (a rejected call is a ``hangup`` event, see RejectEvent)."""


class _AnyEventSchema:
    """A union tagged by ``eventType`` (looked up natively, so JSON bytes never become Python dicts first),
    with :class:`UnknownEvent` as the fallback for a tag it does not list."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        choices: dict[Hashable, core_schema.CoreSchema] = {
            tag: handler.generate_schema(model) for tag, model in EVENT_TYPES.items()
        }
        # A rejection is a hangup whose cause is CALL_REJECTED: try RejectEvent first.
        choices["hangup"] = core_schema.union_schema(
            [handler.generate_schema(RejectEvent), choices["hangup"]], mode="left_to_right"
        )
        by_alias_or_name: list[list[str | int]] = [["eventType"], ["event_type"]]
        known = core_schema.tagged_union_schema(choices, discriminator=by_alias_or_name)
        return core_schema.union_schema([known, handler.generate_schema(UnknownEvent)], mode="left_to_right")


_ADAPTER: Final[TypeAdapter[AnyCallbackEvent]] = TypeAdapter(Annotated[AnyCallbackEvent, _AnyEventSchema])


# -- parsing ---------------------------------------------------------------------------------------------

CallbackPayload: TypeAlias = (
    bytes | bytearray | memoryview | str | Mapping[str, object] | Iterable[tuple[str, str]]
)
"""What :func:`parse_callback` takes: a JSON body (bytes or text), a JSON object already decoded, the
query parameters of a GET callback as a mapping, or ``(name, value)`` pairs."""


def parse_callback(payload: CallbackPayload, *, client: Client | None = None) -> AnyCallbackEvent:
    """Parse what the API sent to a callback URL into a typed event.

    Accepted forms:

    * a POST body: JSON ``bytes`` (validated directly, the fast path) or ``str``;
    * a ``dict`` decoded from JSON;
    * the query parameters of a GET callback: any ``Mapping[str, str]`` (a framework's query dict: each
      name is read with ``mapping[name]``, so a multi-dict gives the value it gives for that name), or an
      iterable of ``(name, value)`` pairs (the last value of a repeated name wins). Values are text; numbers,
      booleans and times are read from it. For a raw query string, use :func:`parse_callback_query`.

    Args:
        payload: The body or the query parameters.
        client: The client whose account the callback is about; the event is bound to it, so
            ``event.call`` (and ``event.gather``, ``event.recording`` ...) are handles that need no request.

    Returns:
        The event's model, chosen by ``eventType``; :class:`UnknownEvent` for a type this SDK does not know.

    Raises:
        CallbackParseError: The payload is not JSON, not an object, has no ``eventType``, or is a known
            event whose fields do not validate.
    """
    if isinstance(payload, (bytes, bytearray, memoryview, str)):
        body = bytes(payload) if isinstance(payload, memoryview) else payload
        try:
            event = _ADAPTER.validate_json(body)
        except ValidationError as error:
            raise _explain_json(body, error) from error
        if type(event) is UnknownEvent and event.event_type in EVENT_TYPES:
            _raise_for_known(event.event_type, _loads(body))
    else:
        if type(payload) is dict:
            data: dict[Any, object] = payload
        elif isinstance(payload, Mapping):
            # Multi-dicts (werkzeug's, Django's) subclass dict but store lists: read each name through
            # the mapping, which gives the value the framework gives for it.
            mapping: Mapping[Any, object] = payload
            data = {name: mapping[name] for name in mapping}
        else:
            data = _pairs(payload)
        event = _validate(data)
    if client is not None:
        event._bind(client._transport)
    return event


def parse_callback_query(query: str | bytes, *, client: Client | None = None) -> AnyCallbackEvent:
    """Parse the query string of a GET callback (``eventType=answer&callId=c-...``, a leading ``?`` allowed).

    Values are form-decoded as UTF-8 (``%2B`` is ``+``, ``+`` is a space); a repeated name keeps its last
    value.

    Args:
        query: The query string, e.g. the ``QUERY_STRING`` of a WSGI request.
        client: As for :func:`parse_callback`.

    Returns:
        The typed event.

    Raises:
        CallbackParseError: There is no ``eventType``, or a known event's fields do not validate.
    """
    text = query.decode("utf-8", "replace") if isinstance(query, bytes) else query
    return parse_callback(dict(parse_qsl(text.removeprefix("?"), keep_blank_values=True)), client=client)


def _pairs(payload: Iterable[tuple[str, str]]) -> dict[Any, object]:
    try:
        return dict(payload)
    except (TypeError, ValueError):
        raise CallbackParseError("the payload is neither JSON, a mapping nor (name, value) pairs") from None


def _validate(data: object) -> AnyCallbackEvent:
    try:
        event = _ADAPTER.validate_python(data)
    except ValidationError as error:
        raise _explain(data, error) from error
    if type(event) is UnknownEvent and event.event_type in EVENT_TYPES:
        _raise_for_known(event.event_type, data)
    return event


def _explain_json(body: str | bytes | bytearray, error: ValidationError) -> CallbackParseError:
    if any(detail["type"] == "json_invalid" for detail in error.errors(include_url=False)):
        text = body if isinstance(body, str) else bytes(body).decode("latin-1")
        if "eventType=" in text and not text.lstrip().startswith("{"):
            return CallbackParseError(
                "the body is not JSON but looks like a query string; use parse_callback_query()"
            )
        return CallbackParseError("the body is not valid JSON")
    try:
        data = _loads(body)
    except ValueError:
        return CallbackParseError("the body is not valid JSON")
    return _explain(data, error)


def _loads(body: str | bytes | bytearray) -> object:
    """The body as Python data, on the error path only (the fast path never builds it)."""
    return json.loads(body)


def _explain(data: object, error: ValidationError) -> CallbackParseError:
    """A short reason for a payload the union refused (this runs on failures only)."""
    if not isinstance(data, dict):
        return CallbackParseError(f"the payload is a JSON {_json_kind(data)}, not an object")
    if not all(isinstance(name, str) for name in data):
        return CallbackParseError("the payload has a field name that is not a string")
    event_type = data.get("eventType", data.get("event_type"))
    if event_type is None:
        return CallbackParseError("the payload has no eventType: not a callback")
    if not isinstance(event_type, str):
        return CallbackParseError(f"eventType is not a string but a JSON {_json_kind(event_type)}")
    if not event_type:
        return CallbackParseError("eventType is empty")
    return _field_errors(event_type, error)


def _raise_for_known(event_type: str, data: object) -> None:
    """A known eventType whose model refused the payload fell through to UnknownEvent: raise why."""
    try:
        EVENT_TYPES[event_type].model_validate(data)
    except ValidationError as error:
        raise _field_errors(event_type, error) from error
    raise CallbackParseError(f"invalid {event_type} callback")  # pragma: no cover - the union said no


_SCHEMA_LABEL = re.compile(r"[\[\](]|^(?:union|function-|tagged-union|json-or-python)")
"""A part of an error location that names a schema (a union branch), not a field."""


def _field_errors(event_type: str, error: ValidationError) -> CallbackParseError:
    problems: dict[str, str] = {}
    for detail in error.errors(include_url=False, include_input=False):
        # Keep the field path, up to the names of the union branches tried: one message per field.
        path: list[str] = []
        for part in detail["loc"]:
            if _SCHEMA_LABEL.search(str(part)):
                break
            path.append(str(part))
        problems.setdefault(".".join(path), detail["msg"])
    reasons = [f"{field}: {message}" if field else message for field, message in problems.items()]
    return CallbackParseError(f"invalid {event_type} callback: " + "; ".join(reasons[:5]))


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "null" if value is None else type(value).__name__
