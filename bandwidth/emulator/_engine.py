"""The emulator's state and its rules: calls, bridges, gathers, events, recordings and transcriptions.

One re-entrant lock guards everything. Each public method takes it, changes the state, then fires the timers
that became due (a zero-delay timer runs before the method returns, so "immediately after" effects such as
an instant answer are visible to the next request). Callback events are queued to the dispatcher under the
lock and sent by its workers outside it, so a receiver may call the API back while handling an event.
"""

from __future__ import annotations

import functools
import json
import math
import re
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Concatenate, Final, Literal, ParamSpec, TypeVar, get_args
from urllib.parse import quote, urlsplit

from .._types import (
    CallbackHttpMethod,
    CallUpdateState,
    DiversionReason,
    DiversionTreatment,
    JSONObject,
    JSONValue,
    RecordingFileFormat,
)
from . import _errors as errors
from ._callbacks import CallbackJob, Dispatcher
from ._clock import Clock, Scheduler, Timer, format_time
from ._media import mp3_bytes, wav_bytes

__all__ = ["MAGIC_NUMBERS", "Engine", "Settings", "far_end_script"]

P = ParamSpec("P")
R = TypeVar("R")

Script = Literal["answer", "answer-immediately", "no-answer", "reject", "busy", "unallocated"]

MAGIC_NUMBERS: Final[dict[str, Script]] = {
    "0000": "no-answer",
    "0001": "reject",
    "0002": "busy",
    "0003": "unallocated",
    "0004": "answer-immediately",
}
"""How the far end of a called number behaves, by its last four digits (others answer after a ring)."""

MAGIC_SIP_USERS: Final[dict[str, Script]] = {
    "noanswer": "no-answer",
    "reject": "reject",
    "busy": "busy",
    "unallocated": "unallocated",
    "answer": "answer-immediately",
}
"""The same behaviours for SIP URIs, by user part: ``sip:busy@example.com``."""

LIVE_STATES: Final = frozenset({"started", "active", "transferring"})
CALL_UPDATE_STATES: Final = get_args(CallUpdateState)
FILE_FORMATS: Final = get_args(RecordingFileFormat)
HTTP_METHODS: Final = get_args(CallbackHttpMethod)
DIVERSION_TREATMENTS: Final = get_args(DiversionTreatment)
DIVERSION_REASONS: Final = get_args(DiversionReason)
DEFAULT_CALL_TIMEOUT: Final = 60
MAX_CALL_TIMEOUT: Final = 300
DEFAULT_CALLBACK_TIMEOUT: Final = 10_000
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

_E164 = re.compile(r"\+[1-9][0-9]{1,14}")
_SIP_URI = re.compile(r"sips?:([^@\s]+)@[^\s@]+", re.IGNORECASE)
_DTMF_OUT = re.compile(r"[A-D0-9#*,wW]+")
_DTMF_KEYS = re.compile(r"[A-D0-9#*]+")
_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


def new_id(prefix: str) -> str:
    """A fresh id shaped like the API's: a prefix and 25 lowercase letters and digits."""
    return prefix + "-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(25))


def far_end_script(number: str) -> Script:
    """How the far end of a call to ``number`` behaves: see :data:`MAGIC_NUMBERS`."""
    sip = _SIP_URI.fullmatch(number)
    if sip:
        return MAGIC_SIP_USERS.get(sip.group(1).lower(), "answer")
    digits = "".join(character for character in number if character.isdigit())
    return MAGIC_NUMBERS.get(digits[-4:], "answer") if len(digits) >= 4 else "answer"


@dataclass(frozen=True)
class Settings:
    """The account the emulator serves and the timings of the emulated far end."""

    user_id: str = "u-emulator"
    api_token: str = "t-emulator"
    api_secret: str = "s-emulator"
    ring_seconds: float = 1.0
    """How long the far end rings before it answers (or rejects, or is busy)."""
    speak_chars_per_second: float = 15.0
    """Text-to-speech speed: a sentence lasts ``len / speed`` seconds (at least one)."""
    file_play_seconds: float = 2.0
    """How long every audio file plays."""
    recording_save_seconds: float = 0.0
    """How long a stopped recording stays ``saving`` before it is ``complete``."""
    transcription_seconds: float = 0.0
    """How long a transcription stays ``transcribing``."""
    incoming_call_url: str | None = None
    """The application's callback URL, where ``incomingcall`` events (and the call's later events) go."""
    incoming_call_http_method: str = "POST"
    incoming_call_fallback_url: str | None = None
    application_id: str = "a-emulator"


# -- records ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class EventRecord:
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

    @property
    def live(self) -> bool:
        return self.state in LIVE_STATES


# -- request bodies -----------------------------------------------------------------------------------------

_MISSING: Final = object()


class Body:
    """Reads and checks the fields of a request body; each problem is a 400 with the documented code.

    Values may come as JSON types or as strings (the documented examples send ``"true"`` and ``"5"``).
    """

    def __init__(self, body: Mapping[str, JSONValue], resource: str) -> None:
        self.body = body
        self.resource = resource

    def _get(self, name: str) -> object:
        value = self.body.get(name, _MISSING)
        return _MISSING if value is None else value

    def text(self, name: str, *, max_length: int | None = None) -> str | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise errors.validation(f"The {self.resource} resource property {name} must be a string")
        text = str(value)
        if max_length is not None and len(text) > max_length:
            raise errors.exceeds(self.resource, name, max_length, len(text))
        return text

    def phone(self, name: str, *, required: bool = False) -> str | None:
        value = self.text(name)
        if value is None or value == "":
            if required:
                raise errors.validation(f"The {self.resource} resource property {name} is required")
            return None
        if not (_E164.fullmatch(value) or _SIP_URI.fullmatch(value)):
            raise errors.validation("Invalid phone number", **{name: value})
        return value

    def integer(self, name: str, *, low: int, high: int) -> int | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        number = _as_number(value)
        if number is None or number != int(number):
            raise errors.validation(
                f"The {self.resource} resource property {name} must be an integer", **{name: str(value)}
            )
        if number < low:
            raise errors.greater_than(self.resource, name, low - 1, value)
        if number > high:
            raise errors.exceeds(self.resource, name, high, value)
        return int(number)

    def number(self, name: str, *, low: float, high: float) -> float | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        number = _as_number(value)
        if number is None:
            raise errors.validation(
                f"The {self.resource} resource property {name} must be a number", **{name: str(value)}
            )
        if number < low or number <= 0:
            raise errors.greater_than(self.resource, name, low, value)
        if number > high:
            raise errors.exceeds(self.resource, name, high, value)
        return number

    def boolean(self, name: str) -> bool | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise errors.one_of(self.resource, name, ("true", "false"), value)

    def choice(self, name: str, allowed: tuple[str, ...], *, fold_case: bool = False) -> str | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        if isinstance(value, str):
            for option in allowed:
                if value == option or (fold_case and value.lower() == option.lower()):
                    return option
        raise errors.one_of(self.resource, name, allowed, value)

    def url(self, name: str) -> str | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        if not isinstance(value, str) or not _is_http_url(value):
            raise errors.invalid_callback_url(str(value))
        return value

    def sip_headers(self, name: str) -> dict[str, str] | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        if not isinstance(value, dict):
            raise errors.validation(f"The {self.resource} resource property {name} must be an object")
        if len(value) > MAX_SIP_HEADERS:
            raise errors.exceeds(self.resource, name, MAX_SIP_HEADERS, len(value))
        headers: dict[str, str] = {}
        for key, header in value.items():
            if not key[:2].upper() == "X-" or len(key) <= 2 or not isinstance(header, str):
                raise errors.validation(f"SIP header names must start with X- and have a string value: {key}")
            if len(key) > 256 or len(header) > 256:
                raise errors.exceeds(self.resource, f"{name}.{key}", 256, len(header))
            headers[key] = header
        return headers

    def id_list(self, name: str) -> list[str] | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            raise errors.validation(f"The {self.resource} resource property {name} must be a list of ids")
        return [str(item) for item in value]

    def audio(self, name: str) -> JSONObject | None:
        value = self._get(name)
        if value is _MISSING:
            return None
        if not isinstance(value, dict):
            raise errors.validation(f"The {self.resource} resource property {name} must be an object")
        return value


def _as_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _is_http_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


@dataclass(frozen=True)
class AudioRequest:
    """A parsed audio body: what to play, or ``value == ""`` to stop what is playing."""

    kind: Literal["playback", "speak"]
    value: str
    loop: bool
    tag: str | None


def parse_audio(body: Body, *, allow_stop: bool = True) -> AudioRequest:
    """The audio of ``POST .../audio``, a gather prompt or whisper audio (``fileUrl`` or ``sentence``)."""
    file_url = body.text("fileUrl")
    sentence = body.text("sentence", max_length=MAX_SENTENCE)
    body.choice("gender", ("female", "male"), fold_case=True)
    body.text("locale")
    body.text("voice")
    body.integer("volume", low=-4, high=4)
    loop = body.boolean("loopEnabled") or False
    tag = body.text("tag")
    if file_url is not None and sentence is not None:
        raise errors.validation("Give either fileUrl or sentence, not both")
    if file_url is None and sentence is None:
        raise errors.validation("Bad parameters: fileUrl or sentence is required")
    kind: Literal["playback", "speak"] = "playback" if file_url is not None else "speak"
    value = file_url if file_url is not None else sentence
    assert value is not None
    if value and kind == "playback" and not _is_http_url(value):
        raise errors.EmulatorError(403, "media-invalid-url", f"The media URL {value} is not valid.")
    if not value and not allow_stop:
        raise errors.validation(f"The {body.resource} resource audio must not be empty")
    return AudioRequest(kind, value, loop, tag)


# -- the engine ---------------------------------------------------------------------------------------------


def _locked(method: Callable[Concatenate[Engine, P], R]) -> Callable[Concatenate[Engine, P], R]:
    """Run under the state lock, then fire the timers that became due."""

    def wrapper(engine: Engine, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with engine.lock:
            result = method(engine, *args, **kwargs)
            engine.scheduler.run_due()
            return result

    functools.update_wrapper(wrapper, method)
    return wrapper


class Engine:
    """Every resource of one account, and the rules by which they change."""

    def __init__(self, settings: Settings, clock: Clock, dispatcher: Dispatcher) -> None:
        self.settings = settings
        self.clock = clock
        self.scheduler = Scheduler(clock)
        self.dispatcher = dispatcher
        self.lock = threading.RLock()
        self.public_url = "http://127.0.0.1"
        """Where callbacks say the API is (``callUri``, ``recordingUri``): the emulator's own URL."""
        self._reset_state()

    def _reset_state(self) -> None:
        self.calls: dict[str, CallRecord] = {}
        self.bridges: dict[str, BridgeRecord] = {}
        self.recordings: dict[str, RecordingRecord] = {}
        self.transcriptions: dict[str, TranscriptionRecord] = {}
        self._sequence = 0

    def _next_sequence(self) -> int:
        self._sequence += 1
        return self._sequence

    # -- lookups ---------------------------------------------------------------------------------------------

    def _call(self, call_id: str) -> CallRecord:
        call = self.calls.get(call_id)
        if call is None:
            raise errors.call_not_found(call_id)
        return call

    def _bridge(self, bridge_id: str) -> BridgeRecord:
        bridge = self.bridges.get(bridge_id)
        if bridge is None:
            raise errors.bridge_not_found(bridge_id)
        return bridge

    def _recording(self, recording_id: str) -> RecordingRecord:
        recording = self.recordings.get(recording_id)
        if recording is None:
            raise errors.recording_not_found(recording_id)
        return recording

    def _gather(self, call: CallRecord, gather_id: str) -> GatherRecord:
        gather = call.gathers.get(gather_id)
        if gather is None:
            raise errors.resource_not_found()
        return gather

    # -- URLs and rendering ----------------------------------------------------------------------------------

    def user_url(self, base: str | None = None) -> str:
        return f"{(base or self.public_url).rstrip('/')}/v1/users/{quote(self.settings.user_id, safe='')}"

    def call_url(self, call_id: str, base: str | None = None) -> str:
        return f"{self.user_url(base)}/calls/{quote(call_id, safe='')}"

    def bridge_url(self, bridge_id: str, base: str | None = None) -> str:
        return f"{self.user_url(base)}/bridges/{quote(bridge_id, safe='')}"

    def recording_url(self, recording_id: str, base: str | None = None) -> str:
        return f"{self.user_url(base)}/recordings/{quote(recording_id, safe='')}"

    def transcription_url(self, recording_id: str, transcription_id: str, base: str | None = None) -> str:
        return f"{self.recording_url(recording_id, base)}/transcriptions/{quote(transcription_id, safe='')}"

    def media_url(self, name: str, base: str | None = None) -> str:
        return f"{self.user_url(base)}/media/{quote(name, safe='')}"

    def gather_url(self, call_id: str, gather_id: str, base: str | None = None) -> str:
        return f"{self.call_url(call_id, base)}/gather/{quote(gather_id, safe='')}"

    def _render_call(self, call: CallRecord, base: str | None) -> JSONObject:
        url = self.call_url(call.id, base)
        data: JSONObject = {
            "id": call.id,
            "direction": call.direction,
            "from": call.from_,
            "to": call.to,
            "state": call.state,
            "startTime": format_time(call.start_time),
        }
        if call.active_time is not None:
            data["activeTime"] = format_time(call.active_time)
        if call.end_time is not None:
            data["endTime"] = format_time(call.end_time)
            data["chargeableDuration"] = _chargeable_seconds(call)
        data["callTimeout"] = call.call_timeout
        if call.callback_url:
            data["callbackUrl"] = call.callback_url
        data["callbackHttpMethod"] = call.callback_http_method
        data["callbackTimeout"] = call.callback_timeout
        if call.fallback_url:
            data["fallbackUrl"] = call.fallback_url
        if call.bridge_id:
            data["bridgeId"] = call.bridge_id
            data["bridge"] = self.bridge_url(call.bridge_id, base)
        if call.conference_id:
            data["conferenceId"] = call.conference_id
        data["events"] = f"{url}/events"
        data["recordings"] = f"{url}/recordings"
        data["transcriptions"] = f"{url}/transcriptions"
        data["recordingEnabled"] = call.recording_enabled
        data["recordingFileFormat"] = call.recording_file_format
        data["transcriptionEnabled"] = call.transcription_enabled
        if call.sip_headers:
            data["sipHeaders"] = dict(call.sip_headers)
        return data

    def _render_event(self, event: EventRecord) -> JSONObject:
        data: JSONObject = {"id": event.id, "time": format_time(event.time), "name": event.name}
        if event.data is not None:
            data["data"] = event.data
        return data

    def _render_gather(self, gather: GatherRecord, base: str | None) -> JSONObject:
        data: JSONObject = {
            "id": gather.id,
            "gatherId": gather.id,
            "state": gather.state,
            "digits": gather.digits,
            "call": self.call_url(gather.call_id, base),
            "createdTime": format_time(gather.created_time),
        }
        if gather.reason is not None:
            data["reason"] = gather.reason
        if gather.completed_time is not None:
            data["completedTime"] = format_time(gather.completed_time)
        return data

    def _render_recording(self, recording: RecordingRecord, base: str | None) -> JSONObject:
        data: JSONObject = {
            "id": recording.id,
            "state": recording.state,
            "startTime": format_time(recording.start_time),
        }
        if recording.end_time is not None:
            data["endTime"] = format_time(recording.end_time)
        data["call"] = self.call_url(recording.call_id, base)
        data["media"] = self.media_url(recording.media_name, base)
        return data

    def _render_transcription(self, transcription: TranscriptionRecord, base: str | None) -> JSONObject:
        data: JSONObject = {
            "id": transcription.id,
            "state": transcription.state,
            "time": format_time(transcription.time),
            "chargeableDuration": transcription.chargeable_duration,
        }
        if transcription.state == "completed":
            data["text"] = transcription.text[:TRANSCRIPTION_TEXT_LIMIT]
            data["textSize"] = len(transcription.text)
        data["textUrl"] = self.media_url(transcription.id, base)
        return data

    def _render_bridge(self, bridge: BridgeRecord, base: str | None) -> JSONObject:
        data: JSONObject = {
            "id": bridge.id,
            "state": bridge.state,
            "bridgeAudio": bridge.bridge_audio,
            "callIds": list(bridge.call_ids),
            "calls": f"{self.bridge_url(bridge.id, base)}/calls",
            "createdTime": format_time(bridge.created_time),
        }
        if bridge.activated_time is not None:
            data["activatedTime"] = format_time(bridge.activated_time)
        if bridge.completed_time is not None:
            data["completedTime"] = format_time(bridge.completed_time)
        return data

    # -- reads -----------------------------------------------------------------------------------------------

    @_locked
    def get_call(self, call_id: str, base: str | None = None) -> JSONObject:
        return self._render_call(self._call(call_id), base)

    @_locked
    def list_calls(
        self,
        *,
        bridge_id: str | None = None,
        conference_id: str | None = None,
        from_: str | None = None,
        to: str | None = None,
        descending: bool = True,
        base: str | None = None,
    ) -> list[JSONObject]:
        """Calls matching every given filter, by ``startTime`` (creation order among equal times)."""
        calls = [
            call
            for call in self.calls.values()
            if (bridge_id is None or call.bridge_id == bridge_id)
            and (conference_id is None or call.conference_id == conference_id)
            and (from_ is None or call.from_ == from_)
            and (to is None or call.to == to)
        ]
        calls.sort(key=lambda call: (call.start_time, call.sequence), reverse=descending)
        return [self._render_call(call, base) for call in calls]

    @_locked
    def list_events(self, call_id: str) -> list[JSONObject]:
        return [self._render_event(event) for event in self._call(call_id).events]

    @_locked
    def get_event(self, call_id: str, event_id: str) -> JSONObject:
        for event in self._call(call_id).events:
            if event.id == event_id:
                return self._render_event(event)
        raise errors.resource_not_found()

    @_locked
    def get_gather(self, call_id: str, gather_id: str, base: str | None = None) -> JSONObject:
        return self._render_gather(self._gather(self._call(call_id), gather_id), base)

    @_locked
    def list_call_recordings(self, call_id: str, base: str | None = None) -> list[JSONObject]:
        call = self._call(call_id)
        return [self._render_recording(self.recordings[rid], base) for rid in call.recording_ids]

    @_locked
    def list_call_transcriptions(self, call_id: str, base: str | None = None) -> list[JSONObject]:
        self._call(call_id)
        return [
            self._render_transcription(transcription, base)
            for transcription in self.transcriptions.values()
            if transcription.call_id == call_id
        ]

    @_locked
    def list_recordings(self, base: str | None = None) -> list[JSONObject]:
        """Every recording, newest first."""
        ordered = sorted(self.recordings.values(), key=lambda item: item.sequence, reverse=True)
        return [self._render_recording(recording, base) for recording in ordered]

    @_locked
    def get_recording(self, recording_id: str, base: str | None = None) -> JSONObject:
        return self._render_recording(self._recording(recording_id), base)

    @_locked
    def list_transcriptions(self, recording_id: str, base: str | None = None) -> list[JSONObject]:
        self._recording(recording_id)
        return [
            self._render_transcription(transcription, base)
            for transcription in self.transcriptions.values()
            if transcription.recording_id == recording_id
        ]

    @_locked
    def get_transcription(
        self, recording_id: str, transcription_id: str, base: str | None = None
    ) -> JSONObject:
        self._recording(recording_id)
        transcription = self.transcriptions.get(transcription_id)
        if transcription is None or transcription.recording_id != recording_id:
            raise errors.transcription_not_found(recording_id, transcription_id)
        return self._render_transcription(transcription, base)

    @_locked
    def list_bridges(self, base: str | None = None) -> list[JSONObject]:
        """Every bridge, newest first."""
        ordered = sorted(self.bridges.values(), key=lambda item: item.sequence, reverse=True)
        return [self._render_bridge(bridge, base) for bridge in ordered]

    @_locked
    def get_bridge(self, bridge_id: str, base: str | None = None) -> JSONObject:
        return self._render_bridge(self._bridge(bridge_id), base)

    @_locked
    def list_bridge_calls(self, bridge_id: str, base: str | None = None) -> list[JSONObject]:
        bridge = self._bridge(bridge_id)
        return [self._render_call(self.calls[call_id], base) for call_id in bridge.call_ids]

    @_locked
    def media(self, name: str) -> tuple[bytes, str]:
        """The bytes and content type of a media file: a recording's audio or a transcription's text."""
        for recording in self.recordings.values():
            if recording.media_name == name:
                if recording.state != "complete" or recording.end is None:
                    break
                seconds = recording.end - recording.start
                if recording.file_format == "mp3":
                    return mp3_bytes(seconds), "audio/mpeg"
                return wav_bytes(seconds), "audio/wav"
        transcription = self.transcriptions.get(name)
        if transcription is not None and transcription.state == "completed":
            return transcription.text.encode(), "text/plain; charset=utf-8"
        raise errors.media_not_found(name)

    # -- calls -----------------------------------------------------------------------------------------------

    @_locked
    def create_call(self, body: Mapping[str, JSONValue]) -> str:
        """``POST /calls``: a new outbound call, ringing; returns its id."""
        fields = Body(body, "call")
        from_ = fields.phone("from", required=True)
        to = fields.phone("to", required=True)
        assert from_ is not None and to is not None
        call_timeout = fields.integer("callTimeout", low=1, high=MAX_CALL_TIMEOUT)
        callback_url = fields.url("callbackUrl")
        callback_timeout = fields.integer("callbackTimeout", low=1, high=DEFAULT_CALLBACK_TIMEOUT)
        method = fields.choice("callbackHttpMethod", HTTP_METHODS, fold_case=True)
        fallback_url = fields.url("fallbackUrl")
        bridge_id = fields.text("bridgeId")
        conference_id = fields.text("conferenceId")
        recording_enabled = fields.boolean("recordingEnabled")
        file_format = fields.choice("recordingFileFormat", FILE_FORMATS)
        max_duration = fields.integer("recordingMaxDuration", low=1, high=2**31)
        if max_duration is not None and max_duration > MAX_RECORDING_DURATION:
            raise errors.recording_too_long(MAX_RECORDING_DURATION)
        transcription_enabled = fields.boolean("transcriptionEnabled")
        tag = fields.text("tag")
        sip_headers = fields.sip_headers("sipHeaders")
        bridge = None
        if bridge_id:
            bridge = self._bridge(bridge_id)
            if bridge.state == "completed":
                raise errors.bridge_invalid_state(bridge.id, bridge.state)
            if len(self._live_calls(bridge)) >= 2:
                raise errors.bridge_full(bridge.id)
        call = self._new_call(
            direction="out",
            from_=from_,
            to=to,
            call_timeout=call_timeout or DEFAULT_CALL_TIMEOUT,
            callback_url=callback_url,
            callback_http_method=method or "POST",
            callback_timeout=callback_timeout or DEFAULT_CALLBACK_TIMEOUT,
            fallback_url=fallback_url,
            tag=tag,
        )
        call.conference_id = conference_id
        call.recording_enabled = bool(recording_enabled)
        call.recording_file_format = file_format or "wav"
        call.recording_max_duration = max_duration or DEFAULT_RECORDING_MAX_DURATION
        call.transcription_enabled = bool(transcription_enabled)
        call.sip_headers = sip_headers
        self._event(call, "create")
        if bridge is not None:
            bridge.call_ids = [*self._live_calls(bridge), call.id]
            self._join_bridge(call, bridge)
            self._evaluate_bridge(bridge)
        self._ring(call)
        return call.id

    def _new_call(
        self,
        *,
        direction: Literal["in", "out"],
        from_: str,
        to: str,
        call_timeout: int,
        callback_url: str | None,
        callback_http_method: str,
        callback_timeout: int,
        fallback_url: str | None,
        tag: str | None = None,
    ) -> CallRecord:
        call = CallRecord(
            id=new_id("c"),
            sequence=self._next_sequence(),
            direction=direction,
            from_=from_,
            to=to,
            start_time=self.clock.now(),
            call_timeout=call_timeout,
            callback_url=callback_url,
            callback_http_method=callback_http_method,
            callback_timeout=callback_timeout,
            fallback_url=fallback_url,
            script=far_end_script(to) if direction == "out" else "answer",
            tag=tag,
        )
        self.calls[call.id] = call
        return call

    def _ring(self, call: CallRecord) -> None:
        """Start an outbound call ringing: the far end's script and the ``callTimeout`` timer."""
        script = call.script
        ring = self.settings.ring_seconds
        if script == "unallocated":
            call.timers.append(
                self.scheduler.schedule(0, lambda: self._end(call, "completed", "UNALLOCATED_NUMBER"))
            )
            return
        if script in ("answer", "answer-immediately"):
            delay = 0.0 if script == "answer-immediately" else ring
            call.timers.append(self.scheduler.schedule(delay, lambda: self._answer(call)))
        elif script == "reject":
            call.timers.append(
                self.scheduler.schedule(ring, lambda: self._end(call, "rejected", "CALL_REJECTED"))
            )
        elif script == "busy":
            call.timers.append(
                self.scheduler.schedule(ring, lambda: self._end(call, "rejected", "USER_BUSY"))
            )
        call.timers.append(self.scheduler.schedule(call.call_timeout, lambda: self._timeout(call)))

    def _cancel_timers(self, call: CallRecord) -> None:
        for timer in call.timers:
            timer.cancel()
        call.timers.clear()

    def _event(self, call: CallRecord, name: str, data: str | None = None) -> None:
        call.events.append(EventRecord(new_id("ce"), self.clock.now(), name, data))

    def _emit(self, call: CallRecord, payload: JSONObject) -> None:
        """Queue a callback event to the call's callback URL (if it has one), behind its earlier events."""
        if not call.callback_url:
            return
        self.dispatcher.submit(
            CallbackJob(
                call_id=call.id,
                event_type=str(payload["eventType"]),
                payload=payload,
                url=call.callback_url,
                method=call.callback_http_method,
                timeout_ms=call.callback_timeout,
                fallback_url=call.fallback_url,
                time=self.clock.now(),
            )
        )

    def _call_payload(self, call: CallRecord, event_type: str, **fields: JSONValue) -> JSONObject:
        """``eventType``, ``callId``, ``callUri``, the given fields, ``time``, and the call's ``tag``."""
        payload: JSONObject = {"eventType": event_type, "callId": call.id, "callUri": self.call_url(call.id)}
        payload.update({key: value for key, value in fields.items() if value is not None})
        payload["time"] = format_time(self.clock.now())
        if call.tag is not None and "tag" not in payload:
            payload["tag"] = call.tag
        return payload

    def _answer(self, call: CallRecord) -> None:
        """The call is answered (far end, or ``state=active``): the ``answer`` event, recording, bridging."""
        if call.state != "started":
            return
        self._cancel_timers(call)
        call.state = "active"
        call.active_time = self.clock.now()
        self._event(call, "answer")
        self._emit(
            call,
            self._call_payload(call, "answer", **{"from": call.from_, "to": call.to, "callState": "active"}),
        )
        if call.recording_enabled:
            self._start_recording(call)
        if call.bridge_id:
            self._evaluate_bridge(self.bridges[call.bridge_id])
        if call.transfer_of:
            self._complete_transfer(call)

    def _timeout(self, call: CallRecord) -> None:
        if call.state != "started":
            return
        self._event(call, "timeout")
        self._emit(call, self._call_payload(call, "timeout", **{"from": call.from_, "to": call.to}))
        self._end(call, "completed", "NO_ANSWER")

    def _end(self, call: CallRecord, state: str, cause: str) -> None:
        """The call ends: its gather, audio and recording stop, then the ``hangup`` event."""
        if not call.live:
            return
        self._cancel_timers(call)
        if call.gather_id is not None:
            self._complete_gather(call, call.gathers[call.gather_id], "hung-up")
        if call.audio is not None:
            if call.audio.timer is not None:
                call.audio.timer.cancel()
            call.audio = None
        if call.recording_id is not None:
            self._stop_recording(call)
        call.state = state
        call.end_time = self.clock.now()
        call.hangup_cause = cause
        self._event(call, "hangup", cause)
        fields: dict[str, JSONValue] = {"from": call.from_, "to": call.to}
        if cause == "CALL_REJECTED":
            fields["callState"] = "completed"
        fields["cause"] = cause
        self._emit(call, self._call_payload(call, "hangup", **fields))
        if call.bridge_id and call.bridge_id in self.bridges:
            self._evaluate_bridge(self.bridges[call.bridge_id])
        if call.transfer_leg:
            leg = self.calls.get(call.transfer_leg)
            if leg is not None and leg.state == "started":
                self._end(leg, "completed", "ORIGINATOR_CANCEL")
        if call.transfer_of:
            original = self.calls.get(call.transfer_of)
            if original is not None and original.state == "transferring":
                original.state = "active"
                original.transfer_leg = None
                self._event(original, "transfer", f"failed: {cause}")

    @_locked
    def update_call(self, call_id: str, body: Mapping[str, JSONValue]) -> str | None:
        """``POST /calls/{callId}``: answer, reject, hang up, record or transfer (returns the new call id)."""
        call = self._call(call_id)
        fields = Body(body, "call")
        state = fields.choice("state", CALL_UPDATE_STATES)
        recording_enabled = fields.boolean("recordingEnabled")
        file_format = fields.choice("recordingFileFormat", FILE_FORMATS)
        transfer_to = fields.phone("transferTo")
        caller_id = fields.text("transferCallerId")
        whisper = fields.audio("whisperAudio")
        if whisper is not None:
            parse_audio(Body(whisper, "whisperAudio"), allow_stop=False)
        callback_url = fields.url("callbackUrl")
        fields.choice("diversionTreatment", DIVERSION_TREATMENTS)
        fields.choice("diversionReason", DIVERSION_REASONS)
        if state == "transferring" and transfer_to is None:
            raise errors.validation("The call resource property transferTo is required", transferTo="")
        if not call.live and (state is not None or recording_enabled is not None):
            raise errors.call_ended(call.id, call.state)
        if recording_enabled and call.recording_id is not None:
            raise errors.recording_in_progress(call.id)
        if state == "transferring" and call.state != "active":
            raise errors.call_invalid_state(call.id, call.state)
        if state == "active" and not (
            call.state == "active" or (call.state == "started" and call.direction == "in")
        ):
            raise errors.call_invalid_state(call.id, call.state)
        if state == "rejected" and not (call.state == "started" and call.direction == "in"):
            raise errors.call_invalid_state(call.id, call.state)

        if file_format is not None:
            call.recording_file_format = file_format
        if recording_enabled is not None:
            call.recording_enabled = recording_enabled
            if recording_enabled and call.state == "active":
                self._start_recording(call)
            elif not recording_enabled and call.recording_id is not None:
                self._stop_recording(call)
        if state == "active":
            self._answer(call)
        elif state == "rejected":
            self._end(call, "rejected", "CALL_REJECTED")
        elif state == "completed":
            cause = (
                "ORIGINATOR_CANCEL"
                if call.state == "started" and call.direction == "out"
                else "NORMAL_CLEARING"
            )
            self._end(call, "completed", cause)
        elif state == "transferring":
            assert transfer_to is not None
            return self._transfer(call, transfer_to, caller_id, whisper, callback_url)
        return None

    def _transfer(
        self,
        call: CallRecord,
        to: str,
        caller_id: str | None,
        whisper: JSONObject | None,
        callback_url: str | None,
    ) -> str:
        """Dial ``to`` for an active call; when the new call answers, the two are bridged."""
        leg = self._new_call(
            direction="out",
            from_=caller_id or call.from_,
            to=to,
            call_timeout=DEFAULT_CALL_TIMEOUT,
            callback_url=callback_url or call.callback_url,
            callback_http_method=call.callback_http_method,
            callback_timeout=call.callback_timeout,
            fallback_url=call.fallback_url,
            tag=call.tag,
        )
        leg.transfer_of = call.id
        leg.whisper = whisper
        call.transfer_leg = leg.id
        call.state = "transferring"
        self._event(call, "transfer", leg.id)
        self._event(leg, "create")
        self._ring(leg)
        return leg.id

    def _complete_transfer(self, leg: CallRecord) -> None:
        original = self.calls.get(leg.transfer_of or "")
        if original is None or original.state != "transferring":
            return
        original.state = "active"
        original.transfer_leg = None
        if original.bridge_id and original.bridge_id in self.bridges:
            old = self.bridges[original.bridge_id]
            self._set_bridge_calls(old, [call_id for call_id in old.call_ids if call_id != original.id])
        bridge = self._new_bridge(bridge_audio=True)
        self._set_bridge_calls(bridge, [original.id, leg.id])
        self._event(original, "transfer", f"completed: {leg.id}")
        if leg.whisper is not None:
            self._start_audio(leg, parse_audio(Body(leg.whisper, "whisperAudio"), allow_stop=False), None)

    # -- audio and DTMF --------------------------------------------------------------------------------------

    @_locked
    def play_audio(self, call_id: str, body: Mapping[str, JSONValue]) -> None:
        """``POST /calls/{callId}/audio``: play a file or speak; an empty ``fileUrl``/``sentence`` stops."""
        call = self._call(call_id)
        audio = parse_audio(Body(body, "audio"))
        if call.state != "active":
            raise errors.call_invalid_state(call.id, call.state)
        if not audio.value:
            if call.audio is None:
                raise errors.audio_invalid_state(call.id)
            self._stop_audio(call)
            return
        self._start_audio(call, audio, None)

    def _audio_seconds(self, kind: str, value: str) -> float:
        if kind == "speak":
            return max(1.0, len(value) / self.settings.speak_chars_per_second)
        return self.settings.file_play_seconds

    def _audio_payload(
        self, call: CallRecord, audio: AudioRecord, status: Literal["started", "done"]
    ) -> JSONObject:
        fields: dict[str, JSONValue] = {"status": status}
        if audio.kind == "speak":
            fields["state"] = "PLAYBACK_START" if status == "started" else "PLAYBACK_STOP"
        if audio.tag is not None:
            fields["tag"] = audio.tag
        return self._call_payload(call, audio.kind, **fields)

    def _start_audio(self, call: CallRecord, request: AudioRequest, gather_id: str | None) -> None:
        if call.audio is not None:
            self._stop_audio(call)
        audio = AudioRecord(request.kind, request.value, request.tag, gather_id)
        call.audio = audio
        call.played.append(request.value)
        self._event(call, request.kind, "start")
        self._emit(call, self._audio_payload(call, audio, "started"))
        if not request.loop:
            duration = self._audio_seconds(request.kind, request.value)
            audio.timer = self.scheduler.schedule(duration, lambda: self._finish_audio(call, audio))

    def _stop_audio(self, call: CallRecord) -> None:
        if call.audio is not None:
            self._finish_audio(call, call.audio)

    def _finish_audio(self, call: CallRecord, audio: AudioRecord) -> None:
        if call.audio is not audio:
            return
        if audio.timer is not None:
            audio.timer.cancel()
        call.audio = None
        self._event(call, audio.kind, "done")
        self._emit(call, self._audio_payload(call, audio, "done"))
        if audio.gather_id is not None and call.gather_id == audio.gather_id:
            self._arm_gather(call, call.gathers[audio.gather_id])

    @_locked
    def send_dtmf(self, call_id: str, body: Mapping[str, JSONValue]) -> None:
        """``POST /calls/{callId}/dtmf``: tones to the far end (kept for :meth:`sent_dtmf`)."""
        call = self._call(call_id)
        digits = Body(body, "dtmf").text("dtmfOut")
        if not digits or not _DTMF_OUT.fullmatch(digits):
            raise errors.validation(
                "The dtmf resource property dtmfOut must match [A-D0-9#*,wW]+", dtmfOut=digits or ""
            )
        if len(digits) > MAX_DTMF_OUT:
            raise errors.exceeds("dtmf", "dtmfOut", MAX_DTMF_OUT, len(digits))
        if call.state != "active":
            raise errors.call_invalid_state(call.id, call.state)
        call.sent_dtmf += digits
        self._event(call, "dtmf-out", digits)

    # -- gathers ---------------------------------------------------------------------------------------------

    @_locked
    def create_gather(self, call_id: str, body: Mapping[str, JSONValue]) -> str:
        """``POST /calls/{callId}/gather``: collect digits, after the prompt if there is one."""
        call = self._call(call_id)
        fields = Body(body, "gather")
        max_digits = fields.integer("maxDigits", low=1, high=MAX_GATHER_DIGITS)
        inter_digit = fields.number("interDigitTimeout", low=0, high=MAX_INTER_DIGIT_TIMEOUT)
        terminating = fields.text("terminatingDigits")
        if terminating is not None and not _DTMF_KEYS.fullmatch(terminating):
            raise errors.validation(
                "The gather resource property terminatingDigits must be DTMF digits and not empty",
                terminatingDigits=terminating,
            )
        tag = fields.text("tag")
        prompt_body = fields.audio("prompt")
        prompt = None
        if prompt_body is not None:
            prompt_fields = Body(prompt_body, "prompt")
            prompt_fields.boolean("bargeable")
            prompt = parse_audio(prompt_fields, allow_stop=False)
        if call.state != "active":
            raise errors.call_invalid_state(call.id, call.state)
        if call.gather_id is not None:
            raise errors.duplicate_gather(call.id)
        gather = GatherRecord(
            id=new_id("gtr"),
            call_id=call.id,
            max_digits=max_digits or MAX_GATHER_DIGITS,
            inter_digit_timeout=inter_digit or DEFAULT_INTER_DIGIT_TIMEOUT,
            terminating_digits="#" if terminating is None else terminating,
            tag=tag,
            created_time=self.clock.now(),
        )
        call.gathers[gather.id] = gather
        call.gather_id = gather.id
        self._event(call, "gather", json.dumps({"gatherId": gather.id, "state": "started"}))
        if prompt is not None:
            self._start_audio(call, AudioRequest(prompt.kind, prompt.value, prompt.loop, tag), gather.id)
        else:
            self._arm_gather(call, gather)
        return gather.id

    def _arm_gather(self, call: CallRecord, gather: GatherRecord) -> None:
        """(Re)start the inter-digit timer: it runs after the prompt, and again after every digit."""
        if gather.timer is not None:
            gather.timer.cancel()
        gather.timer = self.scheduler.schedule(
            gather.inter_digit_timeout, lambda: self._complete_gather(call, gather, "inter-digit-timeout")
        )

    def _complete_gather(self, call: CallRecord, gather: GatherRecord, reason: str | None) -> None:
        if gather.state != "started":
            return
        if gather.timer is not None:
            gather.timer.cancel()
        gather.state = "completed"
        gather.reason = reason
        gather.completed_time = self.clock.now()
        if call.gather_id == gather.id:
            call.gather_id = None
        if call.audio is not None and call.audio.gather_id == gather.id:
            self._stop_audio(call)
        data = {"gatherId": gather.id, "state": "completed", "reason": reason, "digits": gather.digits}
        self._event(
            call, "gather", json.dumps({key: value for key, value in data.items() if value is not None})
        )
        payload: JSONObject = {"eventType": "gather", "state": "completed", "digits": gather.digits}
        if reason is not None:
            payload["reason"] = reason
        payload.update({"callId": call.id, "gatherId": gather.id, "time": format_time(self.clock.now())})
        tag = gather.tag if gather.tag is not None else call.tag
        if tag is not None:
            payload["tag"] = tag
        self._emit(call, payload)

    @_locked
    def update_gather(self, call_id: str, gather_id: str, body: Mapping[str, JSONValue]) -> None:
        """``POST /calls/{callId}/gather/{gatherId}``: the one update is ``state=completed`` (stop)."""
        call = self._call(call_id)
        gather = self._gather(call, gather_id)
        state = Body(body, "gather").choice("state", ("completed",))
        if state is None:
            raise errors.one_of("gather", "state", ("completed",), "")
        self._complete_gather(call, gather, None)

    # -- recordings and transcriptions -----------------------------------------------------------------------

    def _start_recording(self, call: CallRecord) -> None:
        if call.recording_id is not None:
            return
        number = len(call.recording_ids) + 1
        recording = RecordingRecord(
            id=new_id("rec"),
            sequence=self._next_sequence(),
            call_id=call.id,
            file_format=call.recording_file_format,
            media_name=f"{call.id}-{number}.{call.recording_file_format}",
            start=self.clock.seconds(),
            start_time=self.clock.now(),
        )
        self.recordings[recording.id] = recording
        call.recording_ids.append(recording.id)
        call.recording_id = recording.id
        self._event(call, "recording", f"start: {recording.id}")
        recording.timer = self.scheduler.schedule(
            call.recording_max_duration, lambda: self._recording_limit(call)
        )

    def _recording_limit(self, call: CallRecord) -> None:
        if call.recording_id is not None:
            call.recording_enabled = False
            self._stop_recording(call)

    def _stop_recording(self, call: CallRecord) -> None:
        recording = self.recordings[call.recording_id or ""]
        call.recording_id = None
        if recording.timer is not None:
            recording.timer.cancel()
        recording.state = "saving"
        recording.end = self.clock.seconds()
        recording.end_time = self.clock.now()
        start, end = recording.start, recording.end
        recording.text = " ".join(text for moment, text in call.speech if start <= moment <= end)
        self.scheduler.schedule(
            self.settings.recording_save_seconds, lambda: self._recording_saved(call, recording)
        )

    def _recording_saved(self, call: CallRecord, recording: RecordingRecord) -> None:
        recording.state = "complete"
        self._event(call, "recording", f"complete: {recording.id}")
        payload: JSONObject = {
            "callId": call.id,
            "eventType": "recording",
            "recordingId": recording.id,
            "recordingUri": self.recording_url(recording.id),
            "state": "complete",
            "status": "complete",
            "startTime": format_time(recording.start_time),
            "endTime": format_time(recording.end_time or recording.start_time),
        }
        if call.tag is not None:
            payload["tag"] = call.tag
        self._emit(call, payload)
        if call.transcription_enabled:
            self._start_transcription(recording)

    def _start_transcription(self, recording: RecordingRecord) -> TranscriptionRecord:
        seconds = (recording.end or recording.start) - recording.start
        transcription = TranscriptionRecord(
            id=new_id("tr"),
            sequence=self._next_sequence(),
            recording_id=recording.id,
            call_id=recording.call_id,
            time=self.clock.now(),
            text=recording.text,
            chargeable_duration=math.ceil(seconds),
        )
        self.transcriptions[transcription.id] = transcription
        self.scheduler.schedule(self.settings.transcription_seconds, lambda: self._transcribed(transcription))
        return transcription

    def _transcribed(self, transcription: TranscriptionRecord) -> None:
        transcription.state = "completed"
        call = self.calls.get(transcription.call_id)
        if call is None:
            return
        self._event(call, "transcription", f"completed: {transcription.id}")
        payload: JSONObject = {
            "eventType": "transcription",
            "transcriptionId": transcription.id,
            "recordingId": transcription.recording_id,
            "state": "completed",
            "status": "completed",
            "textSize": len(transcription.text),
            "text": transcription.text[:TRANSCRIPTION_CALLBACK_TEXT_LIMIT],
            "textUrl": self.media_url(transcription.id),
            "transcriptionUri": self.transcription_url(transcription.recording_id, transcription.id),
        }
        if call.tag is not None:
            payload["tag"] = call.tag
        self._emit(call, payload)

    @_locked
    def create_transcription(self, recording_id: str) -> str:
        """``POST /recordings/{recordingId}/transcriptions``: transcribe a complete recording."""
        recording = self._recording(recording_id)
        if recording.state != "complete":
            raise errors.recording_not_complete(recording.id)
        return self._start_transcription(recording).id

    # -- bridges ---------------------------------------------------------------------------------------------

    def _new_bridge(self, *, bridge_audio: bool, bridge_id: str | None = None) -> BridgeRecord:
        bridge = BridgeRecord(
            id=bridge_id or new_id("brg"),
            sequence=self._next_sequence(),
            bridge_audio=bridge_audio,
            created_time=self.clock.now(),
        )
        self.bridges[bridge.id] = bridge
        return bridge

    def _live_calls(self, bridge: BridgeRecord) -> list[str]:
        return [call_id for call_id in bridge.call_ids if self.calls[call_id].live]

    def _check_bridge_calls(self, bridge_id: str, call_ids: list[str]) -> list[str]:
        unique = list(dict.fromkeys(call_ids))
        if len(unique) > 2:
            raise errors.bridge_overflow(bridge_id)
        for call_id in unique:
            call = self.calls.get(call_id)
            if call is None:
                raise errors.call_id_not_found(call_id)
            if not call.live:
                raise errors.call_invalid_state(call.id, call.state)
            other = self.bridges.get(call.bridge_id or "")
            if other is not None and other.id != bridge_id and other.state != "completed":
                raise errors.bridge_bridged_call(call.id)
        return unique

    def _join_bridge(self, call: CallRecord, bridge: BridgeRecord) -> None:
        call.bridge_id = bridge.id
        bridge.had_calls = True
        self._event(call, "bridge", bridge.id)

    def _set_bridge_calls(self, bridge: BridgeRecord, call_ids: list[str]) -> None:
        for call_id in bridge.call_ids:
            call = self.calls[call_id]
            if call_id not in call_ids and call.bridge_id == bridge.id:
                call.bridge_id = None
                self._event(call, "unbridge", bridge.id)
        previous = set(bridge.call_ids)
        bridge.call_ids = list(call_ids)
        for call_id in call_ids:
            if call_id not in previous:
                self._join_bridge(self.calls[call_id], bridge)
        self._evaluate_bridge(bridge)

    def _evaluate_bridge(self, bridge: BridgeRecord) -> None:
        """The documented bridge states: created, active (two active calls, audio on), hold, completed."""
        if bridge.state == "completed":
            return
        live = self._live_calls(bridge)
        if bridge.had_calls and not live:
            bridge.state = "completed"
            bridge.completed_time = self.clock.now()
            return
        active = [call_id for call_id in live if self.calls[call_id].state == "active"]
        if live and not bridge.bridge_audio:
            bridge.state = "hold"
        elif bridge.bridge_audio and len(active) == 2:
            bridge.state = "active"
            if bridge.activated_time is None:
                bridge.activated_time = self.clock.now()
        else:
            bridge.state = "active" if bridge.activated_time is not None else "created"

    @_locked
    def create_bridge(self, body: Mapping[str, JSONValue]) -> str:
        """``POST /bridges``: a bridge with up to two calls (or none yet); returns its id."""
        fields = Body(body, "bridge")
        bridge_audio = fields.boolean("bridgeAudio")
        call_ids = fields.id_list("callIds")
        bridge_id = new_id("brg")
        checked = self._check_bridge_calls(bridge_id, call_ids or [])
        bridge = self._new_bridge(
            bridge_audio=True if bridge_audio is None else bridge_audio, bridge_id=bridge_id
        )
        self._set_bridge_calls(bridge, checked)
        return bridge.id

    @_locked
    def update_bridge(self, bridge_id: str, body: Mapping[str, JSONValue]) -> None:
        """``POST /bridges/{bridgeId}``: change its calls (``[]`` removes all) or its audio path."""
        bridge = self._bridge(bridge_id)
        fields = Body(body, "bridge")
        bridge_audio = fields.boolean("bridgeAudio")
        call_ids = fields.id_list("callIds")
        if bridge.state == "completed":
            raise errors.bridge_invalid_state(bridge.id, bridge.state)
        checked = self._check_bridge_calls(bridge.id, call_ids) if call_ids is not None else None
        if bridge_audio is not None:
            bridge.bridge_audio = bridge_audio
        if checked is not None:
            self._set_bridge_calls(bridge, checked)
        self._evaluate_bridge(bridge)

    @_locked
    def play_bridge_audio(self, bridge_id: str, body: Mapping[str, JSONValue]) -> None:
        """``POST /bridges/{bridgeId}/audio``: play or speak to every active call in the bridge."""
        bridge = self._bridge(bridge_id)
        audio = parse_audio(Body(body, "audio"))
        active = [self.calls[call_id] for call_id in bridge.call_ids if self.calls[call_id].state == "active"]
        if not active:
            raise errors.bridge_no_active_calls(bridge.id)
        for call in active:
            if not audio.value:
                self._stop_audio(call)
            else:
                self._start_audio(call, audio, None)

    # -- the far end and the clock (control API) -------------------------------------------------------------

    @_locked
    def far_answer(self, call_id: str) -> None:
        """The far end answers a ringing outbound call (whatever its number's script)."""
        call = self._call(call_id)
        if call.state != "started" or call.direction != "out":
            raise errors.call_invalid_state(call.id, call.state)
        self._answer(call)

    @_locked
    def far_reject(self, call_id: str, cause: str = "CALL_REJECTED") -> None:
        """The far end rejects (or is busy for) a ringing outbound call."""
        call = self._call(call_id)
        if call.state != "started" or call.direction != "out":
            raise errors.call_invalid_state(call.id, call.state)
        self._end(call, "rejected", cause)

    @_locked
    def far_hangup(self, call_id: str) -> None:
        """The far end hangs up: a ringing incoming call is cancelled, any other live call cleared."""
        call = self._call(call_id)
        if not call.live:
            raise errors.call_ended(call.id, call.state)
        cause = (
            "ORIGINATOR_CANCEL" if call.state == "started" and call.direction == "in" else "NORMAL_CLEARING"
        )
        self._end(call, "completed", cause)

    @_locked
    def press(self, call_id: str, digits: str) -> None:
        """The far end presses keys: a ``dtmf`` event each, feeding the running gather."""
        call = self._call(call_id)
        if not digits or not _DTMF_KEYS.fullmatch(digits):
            raise errors.validation("digits must be DTMF keys: 0-9, *, #, A-D", digits=digits)
        if call.state != "active":
            raise errors.call_invalid_state(call.id, call.state)
        for digit in digits:
            if call.state != "active":
                break
            self._event(call, "dtmf", digit)
            self._emit(call, self._call_payload(call, "dtmf", dtmfDigit=digit))
            gather = call.gathers.get(call.gather_id or "")
            if gather is None:
                continue
            if call.audio is not None and call.audio.gather_id == gather.id:
                self._stop_audio(call)  # the prompt is bargeable: the first digit stops it
            if digit in gather.terminating_digits:
                self._complete_gather(call, gather, "terminating-digit")
                continue
            gather.digits += digit
            if len(gather.digits) >= gather.max_digits:
                self._complete_gather(call, gather, "max-digits")
            else:
                self._arm_gather(call, gather)

    @_locked
    def speak(self, call_id: str, text: str) -> None:
        """The far end says ``text``: it ends up in the transcription of a recording running now."""
        call = self._call(call_id)
        if call.state != "active":
            raise errors.call_invalid_state(call.id, call.state)
        call.speech.append((self.clock.seconds(), text))
        self._event(call, "speech", text)

    @_locked
    def incoming_call(
        self,
        from_: str,
        to: str,
        *,
        callback_url: str | None = None,
        callback_http_method: str | None = None,
        callback_timeout: int = DEFAULT_CALLBACK_TIMEOUT,
        fallback_url: str | None = None,
        auto_answer: bool = True,
        call_timeout: int = DEFAULT_CALL_TIMEOUT,
        sip_headers: Mapping[str, str] | None = None,
        diversion: Mapping[str, str] | None = None,
    ) -> str:
        """Someone calls ``to``: an incoming call and an ``incomingcall`` event to the application URL."""
        body: JSONObject = {"from": from_, "to": to}
        fields = Body(body, "call")
        fields.phone("from", required=True)
        fields.phone("to", required=True)
        url = callback_url or self.settings.incoming_call_url
        if url is not None and not _is_http_url(url):
            raise errors.invalid_callback_url(url)
        if fallback_url is not None and not _is_http_url(fallback_url):
            raise errors.invalid_callback_url(fallback_url)
        method = (callback_http_method or self.settings.incoming_call_http_method).upper()
        if method not in HTTP_METHODS:
            raise errors.one_of("call", "callbackHttpMethod", HTTP_METHODS, method)
        call = self._new_call(
            direction="in",
            from_=from_,
            to=to,
            call_timeout=call_timeout,
            callback_url=url,
            callback_http_method=method,
            callback_timeout=callback_timeout,
            fallback_url=fallback_url or self.settings.incoming_call_fallback_url,
        )
        call.sip_headers = dict(sip_headers) if sip_headers else None
        self._event(call, "create")
        if auto_answer:
            call.state = "active"
            call.active_time = self.clock.now()
        else:
            call.timers.append(self.scheduler.schedule(call.call_timeout, lambda: self._timeout(call)))
        self._event(call, "incomingcall", call.state)
        fields_out: dict[str, JSONValue] = {
            "from": from_,
            "to": to,
            "callState": call.state,
            "applicationId": self.settings.application_id,
        }
        if diversion:
            fields_out["diversion"] = dict(diversion)
        self._emit(call, self._call_payload(call, "incomingcall", **fields_out))
        return call.id

    @_locked
    def advance(self, seconds: float) -> None:
        """Move the clock ``seconds`` ahead, firing every timer due on the way, each at its own time."""
        if seconds < 0:
            raise errors.validation("seconds must not be negative", seconds=str(seconds))
        self.scheduler.advance(seconds)

    @_locked
    def tick(self) -> float | None:
        """Fire due timers (the real-time ticker calls this); returns when the next one is due."""
        return self.scheduler.next_due()

    @_locked
    def sent_dtmf(self, call_id: str) -> str:
        return self._call(call_id).sent_dtmf

    @_locked
    def played(self, call_id: str) -> list[str]:
        return list(self._call(call_id).played)

    @_locked
    def call_ids(self) -> list[str]:
        return list(self.calls)

    @_locked
    def reset(self) -> None:
        """Forget every resource and pending timer (the clock keeps its time)."""
        self.scheduler.clear()
        self._reset_state()


def _chargeable_seconds(call: CallRecord) -> int:
    """Billed seconds: whole minutes, rounded up, of an answered call; 0 if never answered."""
    if call.active_time is None or call.end_time is None:
        return 0
    seconds = (call.end_time - call.active_time).total_seconds()
    return max(1, math.ceil(seconds / 60)) * 60
