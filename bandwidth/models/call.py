"""The Call resource."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pydantic import Field

from .._types import NOT_GIVEN, AudioOptions, GatherPrompt, JSONValue, NotGivenOr, RecordingFileFormat
from ._audio import PlaysAudio
from ._base import BandwidthModel, Open, OpenEnum, Timestamp

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .._core.endpoints._common import Audio
    from .._sync.pagination import Paginator
    from .._sync.services.calls import CallsService
    from .._types import CallUpdateState, DiversionReason, DiversionTreatment
    from ._async import AsyncCall as AsyncCall
    from .call_event import CallEvent
    from .gather import Gather
    from .recording import Recording
    from .transcription import Transcription

__all__ = ["AsyncCall", "Call", "CallDirection", "CallFields", "CallState", "RecordingFormat"]


def __getattr__(name: str) -> object:
    """``AsyncCall``, the async method set: defined in :mod:`._async`, loaded on first use."""
    if name == "AsyncCall":
        from ._async import AsyncCall

        return AsyncCall
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class CallState(OpenEnum):
    """A call's ``state``: ``started`` while it rings, ``active`` once answered, then ``completed``."""

    STARTED = "started"
    REJECTED = "rejected"
    ACTIVE = "active"
    COMPLETED = "completed"
    TRANSFERRING = "transferring"
    ERROR = "error"


class CallDirection(OpenEnum):
    """A call's ``direction``: ``in`` (to one of your numbers) or ``out`` (created through the API)."""

    IN = "in"
    OUT = "out"


class RecordingFormat(OpenEnum):
    """The file format of a call's recordings (``recordingFileFormat``): ``wav`` (the default) or ``mp3``."""

    WAV = "wav"
    MP3 = "mp3"


class CallFields(BandwidthModel, frozen=True):
    """A phone call's fields, as ``GET /calls/{callId}`` describes them: what :class:`Call` (the sync
    client's) and :class:`AsyncCall` (the async client's) share. Annotate with it code that reads either."""

    id: str
    """The call's unique id (``c-...``)."""
    direction: Open[CallDirection] | None = None
    """``in`` for an incoming call, ``out`` for an outgoing one."""
    from_: str | None = Field(default=None, validation_alias="from", serialization_alias="from")
    """The E.164 number or SIP address that made the call."""
    to: str | None = None
    """The E.164 number or SIP address that received the call."""
    state: Open[CallState] | None = None
    """``started``, ``rejected``, ``active``, ``completed`` or ``transferring``."""
    start_time: Timestamp | None = None
    """When the call was created."""
    active_time: Timestamp | None = None
    """When the call was answered."""
    end_time: Timestamp | None = None
    """When the call ended."""
    call_timeout: int | None = None
    """Seconds to wait for an answer before timing out."""
    callback_url: str | None = None
    """Where the call's events are sent."""
    callback_http_method: str | None = None
    """``GET`` or ``POST``: how events are sent."""
    callback_timeout: int | None = None
    """Milliseconds to wait for the callback URL to answer."""
    fallback_url: str | None = None
    """Where events go when the callback URL fails."""
    bridge_id: str | None = None
    """The bridge the call is in."""
    conference_id: str | None = None
    """The conference the call is in."""
    chargeable_duration: int | None = None
    """Seconds the call is billed for."""
    recording_enabled: bool | None = None
    """Whether the call is being recorded."""
    recording_file_format: Open[RecordingFormat] | None = None
    """``wav`` or ``mp3``."""
    transcription_enabled: bool | None = None
    """Whether recordings of the call are transcribed automatically."""
    sip_headers: dict[str, str] | None = None
    """The call's ``X-`` SIP headers, names as given."""
    events_url: str | None = Field(default=None, validation_alias="events", serialization_alias="events")
    """URL of the call's events; :meth:`events` lists them."""
    recordings_url: str | None = Field(
        default=None, validation_alias="recordings", serialization_alias="recordings"
    )
    """URL of the call's recordings; :meth:`recordings` lists them."""
    transcriptions_url: str | None = Field(
        default=None, validation_alias="transcriptions", serialization_alias="transcriptions"
    )
    """URL of the call's transcriptions; :meth:`transcriptions` lists them."""
    bridge_url: str | None = Field(default=None, validation_alias="bridge", serialization_alias="bridge")
    """URL of the bridge the call is in."""


class Call(PlaysAudio, CallFields, frozen=True):
    """A phone call, as ``GET /calls/{callId}`` describes it, from a :class:`~bandwidth.Client`.

    Action methods send exactly one documented request each (``toggle_recording`` reads first) and never
    change this snapshot; ``refresh()`` returns a new one. Those that send a body take ``extra_body`` and the
    lists ``extra_query``: fields this SDK does not name, sent as spelled (see ``client.calls``).
    """

    _methods = "sync"

    @property
    def _service(self) -> CallsService:
        from .._sync.services.calls import (
            CallsService,  # here, not at the top: the service module imports this one
        )

        return CallsService(self._transport)

    def refresh(self) -> Call:
        """A fresh snapshot of this call (one GET)."""
        return self._service.get(self.id)

    def update(
        self,
        *,
        state: NotGivenOr[CallUpdateState] = NOT_GIVEN,
        recording_enabled: NotGivenOr[bool] = NOT_GIVEN,
        recording_file_format: NotGivenOr[RecordingFileFormat] = NOT_GIVEN,
        transfer_to: NotGivenOr[str] = NOT_GIVEN,
        transfer_caller_id: NotGivenOr[str] = NOT_GIVEN,
        whisper_audio: NotGivenOr[AudioOptions] = NOT_GIVEN,
        callback_url: NotGivenOr[str] = NOT_GIVEN,
        diversion_treatment: NotGivenOr[DiversionTreatment] = NOT_GIVEN,
        diversion_reason: NotGivenOr[DiversionReason] = NOT_GIVEN,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> str | None:
        """``POST /calls/{id}`` with the given fields; returns the id in ``Location``, if any."""
        return self._service.update(
            self.id,
            state=state,
            recording_enabled=recording_enabled,
            recording_file_format=recording_file_format,
            transfer_to=transfer_to,
            transfer_caller_id=transfer_caller_id,
            whisper_audio=whisper_audio,
            callback_url=callback_url,
            diversion_treatment=diversion_treatment,
            diversion_reason=diversion_reason,
            extra_body=extra_body,
        )

    def answer(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Answer this incoming call."""
        self._service.answer(self.id, extra_body=extra_body)

    def reject(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Reject this incoming call."""
        self._service.reject(self.id, extra_body=extra_body)

    def hangup(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Hang up."""
        self._service.hangup(self.id, extra_body=extra_body)

    def transfer(
        self,
        to: str,
        *,
        caller_id: NotGivenOr[str] = NOT_GIVEN,
        whisper_audio: NotGivenOr[AudioOptions] = NOT_GIVEN,
        callback_url: NotGivenOr[str] = NOT_GIVEN,
        diversion_treatment: NotGivenOr[DiversionTreatment] = NOT_GIVEN,
        diversion_reason: NotGivenOr[DiversionReason] = NOT_GIVEN,
        fetch: bool = True,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> Call:
        """Transfer to ``to``; returns the new call (fetched unless ``fetch=False``)."""
        return self._service.transfer(
            self.id,
            to,
            caller_id=caller_id,
            whisper_audio=whisper_audio,
            callback_url=callback_url,
            diversion_treatment=diversion_treatment,
            diversion_reason=diversion_reason,
            fetch=fetch,
            extra_body=extra_body,
        )

    def play(
        self,
        *,
        file_url: NotGivenOr[str] = NOT_GIVEN,
        sentence: NotGivenOr[str] = NOT_GIVEN,
        gender: NotGivenOr[str] = NOT_GIVEN,
        locale: NotGivenOr[str] = NOT_GIVEN,
        voice: NotGivenOr[str] = NOT_GIVEN,
        loop_enabled: NotGivenOr[bool] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
        volume: NotGivenOr[int] = NOT_GIVEN,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Play a file or speak a sentence (exactly one of the two; ``""`` stops it), ``volume`` -4..4."""
        self._service.play_audio(
            self.id,
            file_url=file_url,
            sentence=sentence,
            gender=gender,
            locale=locale,
            voice=voice,
            loop_enabled=loop_enabled,
            tag=tag,
            volume=volume,
            extra_body=extra_body,
        )

    def _play_audio(self, **audio: Unpack[Audio]) -> None:
        self._service.play_audio(self.id, **audio)

    def send_dtmf(self, digits: str, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Send keypad tones (``[A-D0-9#*,wW]``, up to 92; ``w``/``,`` pause half a second, ``W`` one)."""
        self._service.send_dtmf(self.id, digits, extra_body=extra_body)

    def gather(
        self,
        *,
        max_digits: NotGivenOr[int] = NOT_GIVEN,
        inter_digit_timeout: NotGivenOr[float] = NOT_GIVEN,
        terminating_digits: NotGivenOr[str] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
        prompt: NotGivenOr[GatherPrompt] = NOT_GIVEN,
        fetch: bool = True,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> Gather:
        """Start collecting digits; returns the gather (fetched unless ``fetch=False``)."""
        return self._service.create_gather(
            self.id,
            max_digits=max_digits,
            inter_digit_timeout=inter_digit_timeout,
            terminating_digits=terminating_digits,
            tag=tag,
            prompt=prompt,
            fetch=fetch,
            extra_body=extra_body,
        )

    def enable_recording(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Start recording this call."""
        self._service.enable_recording(self.id, extra_body=extra_body)

    def disable_recording(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Stop recording this call."""
        self._service.disable_recording(self.id, extra_body=extra_body)

    def toggle_recording(self, *, extra_body: Mapping[str, JSONValue] | None = None) -> bool | None:
        """Flip recording (reads the current setting first); returns whether it is now on.

        ``None`` when the call does not say whether it is being recorded: nothing changed, no POST sent.
        """
        return self._service.toggle_recording(self.id, extra_body=extra_body)

    def events(self, *, extra_query: Mapping[str, JSONValue] | None = None) -> Paginator[CallEvent]:
        """The call's events (lazy)."""
        return self._service.list_events(self.id, extra_query=extra_query)

    def event(self, event_id: str) -> CallEvent:
        """One event of the call."""
        return self._service.get_event(self.id, event_id)

    def recordings(self, *, extra_query: Mapping[str, JSONValue] | None = None) -> Paginator[Recording]:
        """The call's recordings (lazy)."""
        return self._service.list_recordings(self.id, extra_query=extra_query)

    def transcriptions(
        self, *, extra_query: Mapping[str, JSONValue] | None = None
    ) -> Paginator[Transcription]:
        """Transcriptions of the call's recordings (lazy)."""
        return self._service.list_transcriptions(self.id, extra_query=extra_query)
