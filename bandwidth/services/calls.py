"""Calls: every ``/calls`` endpoint, implemented once here; models and the dict facade delegate to it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, get_args

from .._core import validation as check
from .._core.http import Response
from .._exceptions import InvalidParameterError
from .._pagination import Paginator
from .._transport import Transport
from .._types import (
    NOT_GIVEN,
    AudioOptions,
    CallbackHttpMethod,
    CallUpdateState,
    DiversionReason,
    DiversionTreatment,
    GatherPrompt,
    JSONObject,
    JSONValue,
    NotGivenOr,
    RecordingFileFormat,
    SortOrder,
)
from ..models.call import Call
from ..models.call_event import CallEvent
from ..models.gather import Gather
from ..models.recording import Recording
from ..models.transcription import Transcription
from ._params import audio_body, audio_options, compact, optional, paginate

if TYPE_CHECKING:
    from .._types import HasId

__all__ = ["CallsService"]

# The value sets come from the Literal types, so the checks and the type hints cannot drift apart.
CALL_STATES: tuple[CallUpdateState, ...] = get_args(CallUpdateState)
SORT_ORDERS: tuple[SortOrder, ...] = get_args(SortOrder)
FILE_FORMATS: tuple[RecordingFileFormat, ...] = get_args(RecordingFileFormat)
HTTP_METHODS: tuple[CallbackHttpMethod, ...] = get_args(CallbackHttpMethod)
DIVERSION_TREATMENTS: tuple[DiversionTreatment, ...] = get_args(DiversionTreatment)
DIVERSION_REASONS: tuple[DiversionReason, ...] = get_args(DiversionReason)
MAX_CALL_TIMEOUT = 300
MAX_CALLBACK_TIMEOUT = 10_000
MAX_GATHER_DIGITS = 30
MAX_INTER_DIGIT_TIMEOUT = 30


class CallsService:
    """``client.calls``: create, fetch, list and control phone calls.

    Wherever a call (or gather, event) is expected, its id or the model itself is accepted.
    """

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def _url(self, call: str | HasId, *rest: str) -> str:
        return self._transport.url("calls", check.resource_id("call_id", call), *rest)

    # -- resources ---------------------------------------------------------------------------------------

    def handle(self, call_id: str | HasId) -> Call:
        """A :class:`Call` for a known id, made without any request (say, from a callback).

        Only ``id`` is set; its action methods work at once (``hangup()`` is one request), and
        ``refresh()`` fetches the rest.
        """
        return Call._handle(self._transport, id=check.resource_id("call_id", call_id))

    def create(
        self,
        *,
        from_: str,
        to: str,
        call_timeout: NotGivenOr[int] = NOT_GIVEN,
        callback_url: NotGivenOr[str] = NOT_GIVEN,
        callback_timeout: NotGivenOr[int] = NOT_GIVEN,
        callback_http_method: NotGivenOr[CallbackHttpMethod] = NOT_GIVEN,
        fallback_url: NotGivenOr[str] = NOT_GIVEN,
        bridge_id: NotGivenOr[str | HasId] = NOT_GIVEN,
        conference_id: NotGivenOr[str] = NOT_GIVEN,
        recording_enabled: NotGivenOr[bool] = NOT_GIVEN,
        recording_file_format: NotGivenOr[RecordingFileFormat] = NOT_GIVEN,
        recording_max_duration: NotGivenOr[int] = NOT_GIVEN,
        transcription_enabled: NotGivenOr[bool] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
        sip_headers: NotGivenOr[Mapping[str, str]] = NOT_GIVEN,
        fetch: bool = True,
    ) -> Call:
        """Place an outbound call: ``POST /calls``.

        Two requests by default: the create, then a GET of the new call, so the result has every field.
        With ``fetch=False`` it is one request and returns a handle holding only the new ``id``.

        Raises:
            InvalidParameterError: before any request, for a missing or out-of-range parameter.
        """
        body = compact(
            {
                "from": check.required_text("from_", from_),
                "to": check.required_text("to", to),
                "callTimeout": optional(check.integer, "call_timeout", call_timeout, 1, MAX_CALL_TIMEOUT),
                "callbackUrl": optional(check.required_text, "callback_url", callback_url),
                "callbackTimeout": optional(
                    check.integer, "callback_timeout", callback_timeout, 1, MAX_CALLBACK_TIMEOUT
                ),
                "callbackHttpMethod": optional(_http_method, "callback_http_method", callback_http_method),
                "fallbackUrl": optional(check.required_text, "fallback_url", fallback_url),
                "bridgeId": optional(check.resource_id, "bridge_id", bridge_id),
                "conferenceId": optional(check.resource_id, "conference_id", conference_id),
                "recordingEnabled": optional(check.boolean, "recording_enabled", recording_enabled),
                "recordingFileFormat": optional(
                    check.choice, "recording_file_format", recording_file_format, FILE_FORMATS
                ),
                "recordingMaxDuration": optional(
                    check.integer, "recording_max_duration", recording_max_duration, 1, 4 * 3600
                ),
                "transcriptionEnabled": optional(
                    check.boolean, "transcription_enabled", transcription_enabled
                ),
                "tag": optional(check.text, "tag", tag),
                "sipHeaders": optional(check.sip_headers, "sip_headers", sip_headers),
            }
        )
        response = self._transport.request("POST", self._transport.url("calls"), json_body=body)
        call_id = response.location_id()
        return self.get(call_id) if fetch else self.handle(call_id)

    def get(self, call: str | HasId) -> Call:
        """Fetch a call: ``GET /calls/{callId}`` (one request)."""
        return Call._from_response(self.get_response(call), self._transport)

    def get_response(self, call: str | HasId) -> Response:
        """The raw answer of ``GET /calls/{callId}``."""
        return self._transport.request("GET", self._url(call))

    def list(
        self,
        *,
        bridge_id: NotGivenOr[str | HasId] = NOT_GIVEN,
        conference_id: NotGivenOr[str] = NOT_GIVEN,
        from_: NotGivenOr[str] = NOT_GIVEN,
        to: NotGivenOr[str] = NOT_GIVEN,
        sort_order: NotGivenOr[SortOrder] = NOT_GIVEN,
        page: NotGivenOr[int] = NOT_GIVEN,
        page_size: NotGivenOr[int] = NOT_GIVEN,
        limit: int | None = None,
    ) -> Paginator[Call]:
        """Calls made or received, newest first unless ``sort_order="asc"``: ``GET /calls``.

        Lazy: no request until iterated, then one request per page of ``page_size`` (1..1000, sent as
        ``size``). ``limit`` caps the total number of calls returned. Lists filtered by bridge or conference
        come in one page.
        """
        params = compact(
            {
                "bridgeId": optional(check.resource_id, "bridge_id", bridge_id),
                "conferenceId": optional(check.resource_id, "conference_id", conference_id),
                "from": optional(check.required_text, "from_", from_),
                "to": optional(check.required_text, "to", to),
                "page": optional(check.integer, "page", page, 0, 2**31),
                "size": optional(check.page_size, "page_size", page_size),
                "sortOrder": optional(check.choice, "sort_order", sort_order, SORT_ORDERS),
            }
        )
        return paginate(self._transport, self._transport.url("calls"), params, Call, limit)

    def update(
        self,
        call: str | HasId,
        *,
        state: NotGivenOr[CallUpdateState] = NOT_GIVEN,
        recording_enabled: NotGivenOr[bool] = NOT_GIVEN,
        recording_file_format: NotGivenOr[RecordingFileFormat] = NOT_GIVEN,
        transfer_to: NotGivenOr[str] = NOT_GIVEN,
        transfer_caller_id: NotGivenOr[str] = NOT_GIVEN,
        whisper_audio: NotGivenOr[AudioOptions | Mapping[str, JSONValue]] = NOT_GIVEN,
        callback_url: NotGivenOr[str] = NOT_GIVEN,
        diversion_treatment: NotGivenOr[DiversionTreatment] = NOT_GIVEN,
        diversion_reason: NotGivenOr[DiversionReason] = NOT_GIVEN,
    ) -> str | None:
        """Change an active call: ``POST /calls/{callId}`` (one request).

        Returns:
            The id in the answer's ``Location`` header (a transfer's new call), else ``None``.
        """
        body = _update_body(
            state=state,
            recording_enabled=recording_enabled,
            recording_file_format=recording_file_format,
            transfer_to=transfer_to,
            transfer_caller_id=transfer_caller_id,
            whisper_audio=whisper_audio,
            callback_url=callback_url,
            diversion_treatment=diversion_treatment,
            diversion_reason=diversion_reason,
        )
        response = self._transport.request("POST", self._url(call), json_body=body)
        return response.location_id() if response.headers.get("Location") else None

    # -- actions -------------------------------------------------------------------------------------------

    def answer(self, call: str | HasId) -> None:
        """Answer an incoming call (``state=active``); one request."""
        self.update(call, state="active")

    def reject(self, call: str | HasId) -> None:
        """Reject an incoming call (``state=rejected``); one request."""
        self.update(call, state="rejected")

    def hangup(self, call: str | HasId) -> None:
        """Hang up (``state=completed``); one request."""
        self.update(call, state="completed")

    def enable_recording(self, call: str | HasId) -> None:
        """Start recording (``recordingEnabled=true``); one request."""
        self.update(call, recording_enabled=True)

    def disable_recording(self, call: str | HasId) -> None:
        """Stop recording (``recordingEnabled=false``); one request."""
        self.update(call, recording_enabled=False)

    def toggle_recording(self, call: str | HasId) -> bool:
        """Flip recording on or off; two requests (GET for the current setting, then POST).

        Returns:
            Whether recording is now enabled.
        """
        enable = not self.get(call).recording_enabled
        self.update(call, recording_enabled=enable)
        return enable

    def transfer(
        self,
        call: str | HasId,
        to: str,
        *,
        caller_id: NotGivenOr[str] = NOT_GIVEN,
        whisper_audio: NotGivenOr[AudioOptions | Mapping[str, JSONValue]] = NOT_GIVEN,
        callback_url: NotGivenOr[str] = NOT_GIVEN,
        diversion_treatment: NotGivenOr[DiversionTreatment] = NOT_GIVEN,
        diversion_reason: NotGivenOr[DiversionReason] = NOT_GIVEN,
        fetch: bool = True,
    ) -> Call:
        """Transfer an active call to ``to`` (``state=transferring``) and return the new call.

        Two requests by default (the transfer, then a GET of the new call); one with ``fetch=False``,
        which returns a handle holding only the new call's ``id``.
        """
        body = _update_body(
            state="transferring",
            transfer_to=check.required_text("to", to),
            transfer_caller_id=optional(check.required_text, "caller_id", caller_id),
            whisper_audio=whisper_audio,
            callback_url=callback_url,
            diversion_treatment=diversion_treatment,
            diversion_reason=diversion_reason,
        )
        new_id = self._transport.request("POST", self._url(call), json_body=body).location_id()
        return self.get(new_id) if fetch else self.handle(new_id)

    def play_audio(
        self,
        call: str | HasId,
        *,
        file_url: NotGivenOr[str] = NOT_GIVEN,
        sentence: NotGivenOr[str] = NOT_GIVEN,
        gender: NotGivenOr[str] = NOT_GIVEN,
        locale: NotGivenOr[str] = NOT_GIVEN,
        voice: NotGivenOr[str] = NOT_GIVEN,
        loop_enabled: NotGivenOr[bool] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
        volume: NotGivenOr[int] = NOT_GIVEN,
    ) -> None:
        """Play a file or speak a sentence: ``POST /calls/{callId}/audio``; ``""`` stops what is playing."""
        url = self._url(call, "audio")
        body = audio_body(
            file_url=file_url,
            sentence=sentence,
            gender=gender,
            locale=locale,
            voice=voice,
            loop_enabled=loop_enabled,
            tag=tag,
            volume=volume,
        )
        self._transport.request("POST", url, json_body=body)

    def send_dtmf(self, call: str | HasId, digits: str) -> None:
        """Send keypad tones: ``POST /calls/{callId}/dtmf`` with ``dtmfOut`` (``[A-D0-9#*,wW]``, up to 92)."""
        url = self._url(call, "dtmf")
        body: JSONObject = {"dtmfOut": check.dtmf("digits", digits, check.DTMF_OUT, check.MAX_DTMF_OUT)}
        self._transport.request("POST", url, json_body=body)

    # -- gathers -------------------------------------------------------------------------------------------

    def create_gather(
        self,
        call: str | HasId,
        *,
        max_digits: NotGivenOr[int] = NOT_GIVEN,
        inter_digit_timeout: NotGivenOr[float] = NOT_GIVEN,
        terminating_digits: NotGivenOr[str] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
        prompt: NotGivenOr[GatherPrompt | Mapping[str, JSONValue]] = NOT_GIVEN,
        fetch: bool = True,
    ) -> Gather:
        """Collect DTMF digits: ``POST /calls/{callId}/gather``; the result arrives as a ``gather`` callback.

        Two requests by default (the create, then a GET of the gather); one with ``fetch=False``.
        """
        call_id = check.resource_id("call_id", call)
        body = compact(
            {
                "maxDigits": optional(check.integer, "max_digits", max_digits, 1, MAX_GATHER_DIGITS),
                "interDigitTimeout": optional(
                    check.number, "inter_digit_timeout", inter_digit_timeout, 1, MAX_INTER_DIGIT_TIMEOUT
                ),
                "terminatingDigits": optional(
                    check.dtmf, "terminating_digits", terminating_digits, check.DTMF_KEYS
                ),
                "tag": optional(check.text, "tag", tag),
                "prompt": optional(audio_options, "prompt", prompt),
            }
        )
        response = self._transport.request("POST", self._url(call_id, "gather"), json_body=body)
        gather_id = response.location_id()
        if fetch:
            return self.get_gather(call_id, gather_id)
        return Gather._handle(self._transport, id=gather_id, call_url=self._url(call_id))

    def get_gather(self, call: str | HasId, gather: str | HasId) -> Gather:
        """Fetch a gather's state and digits: ``GET /calls/{callId}/gather/{gatherId}``."""
        return Gather._from_response(self.get_gather_response(call, gather), self._transport)

    def get_gather_response(self, call: str | HasId, gather: str | HasId) -> Response:
        url = self._url(call, "gather", check.resource_id("gather_id", gather))
        return self._transport.request("GET", url)

    def stop_gather(self, call: str | HasId, gather: str | HasId) -> None:
        """Stop a gather (``state=completed``): ``POST /calls/{callId}/gather/{gatherId}``."""
        url = self._url(call, "gather", check.resource_id("gather_id", gather))
        self._transport.request("POST", url, json_body={"state": "completed"})

    # -- sub-resources --------------------------------------------------------------------------------------

    def list_events(self, call: str | HasId) -> Paginator[CallEvent]:
        """What happened during a call: ``GET /calls/{callId}/events`` (lazy)."""
        return paginate(self._transport, self._url(call, "events"), {}, CallEvent)

    def get_event(self, call: str | HasId, event: str | HasId) -> CallEvent:
        """One call event: ``GET /calls/{callId}/events/{eventId}``."""
        return CallEvent._from_response(self.get_event_response(call, event), self._transport)

    def get_event_response(self, call: str | HasId, event: str | HasId) -> Response:
        url = self._url(call, "events", check.resource_id("event_id", event))
        return self._transport.request("GET", url)

    def list_recordings(self, call: str | HasId) -> Paginator[Recording]:
        """The call's recordings: ``GET /calls/{callId}/recordings`` (lazy)."""
        return paginate(self._transport, self._url(call, "recordings"), {}, Recording)

    def list_transcriptions(self, call: str | HasId) -> Paginator[Transcription]:
        """Transcriptions of the call's recordings: ``GET /calls/{callId}/transcriptions`` (lazy)."""
        return paginate(self._transport, self._url(call, "transcriptions"), {}, Transcription)


def _http_method(parameter: str, value: object) -> CallbackHttpMethod:
    return check.choice(parameter, value, HTTP_METHODS, fold_case=True)


def _update_body(
    *,
    state: NotGivenOr[CallUpdateState] = NOT_GIVEN,
    recording_enabled: NotGivenOr[bool] = NOT_GIVEN,
    recording_file_format: NotGivenOr[RecordingFileFormat] = NOT_GIVEN,
    transfer_to: NotGivenOr[str] = NOT_GIVEN,
    transfer_caller_id: NotGivenOr[str] = NOT_GIVEN,
    whisper_audio: NotGivenOr[AudioOptions | Mapping[str, JSONValue]] = NOT_GIVEN,
    callback_url: NotGivenOr[str] = NOT_GIVEN,
    diversion_treatment: NotGivenOr[DiversionTreatment] = NOT_GIVEN,
    diversion_reason: NotGivenOr[DiversionReason] = NOT_GIVEN,
) -> JSONObject:
    body = compact(
        {
            "state": optional(check.choice, "state", state, CALL_STATES),
            "recordingEnabled": optional(check.boolean, "recording_enabled", recording_enabled),
            "recordingFileFormat": optional(
                check.choice, "recording_file_format", recording_file_format, FILE_FORMATS
            ),
            "transferTo": optional(check.required_text, "transfer_to", transfer_to),
            "transferCallerId": optional(check.required_text, "transfer_caller_id", transfer_caller_id),
            "whisperAudio": optional(audio_options, "whisper_audio", whisper_audio),
            "callbackUrl": optional(check.required_text, "callback_url", callback_url),
            "diversionTreatment": optional(
                check.choice, "diversion_treatment", diversion_treatment, DIVERSION_TREATMENTS
            ),
            "diversionReason": optional(
                check.choice, "diversion_reason", diversion_reason, DIVERSION_REASONS
            ),
        }
    )
    if not body:
        raise InvalidParameterError("state", "nothing to update: give at least one parameter")
    return body
