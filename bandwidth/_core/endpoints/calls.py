"""Calls: every ``/calls`` endpoint, its parameter checks, request and answer, described once here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar, get_args

from ..._exceptions import InvalidParameterError
from ..._types import (
    NOT_GIVEN,
    AudioOptions,
    CallbackHttpMethod,
    CallUpdateState,
    DiversionReason,
    DiversionTreatment,
    GatherPrompt,
    HasId,
    NotGivenOr,
    RecordingFileFormat,
    SortOrder,
)
from .. import validation as check
from ..config import TransportBase
from ..flows import Flow, create_then_get
from ..http import Request
from ..operation import Binding, Listing, Operation
from . import _common
from ._common import (
    NO_FIELDS,
    PAGES,
    Extra,
    Fields,
    audio_options,
    listing,
    location_id,
    location_id_if_any,
    no_content,
    optional,
    pages,
)

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ...models.call import CallFields
    from ...models.call_event import CallEvent
    from ...models.gather import GatherFields
    from ...models.recording import RecordingFields
    from ...models.transcription import Transcription
    from ._common import CallAudio

# The models are imported where used: describing a request loads no model (a get loads only its own).
C = TypeVar("C", bound="CallFields")
G = TypeVar("G", bound="GatherFields")
Rec = TypeVar("Rec", bound="RecordingFields")

# The value sets come from the Literal types, so the checks and the type hints cannot drift apart.
CALL_STATES: tuple[CallUpdateState, ...] = get_args(CallUpdateState)
SORT_ORDERS: tuple[SortOrder, ...] = get_args(SortOrder)
FILE_FORMATS: tuple[RecordingFileFormat, ...] = get_args(RecordingFileFormat)
DIVERSION_TREATMENTS: tuple[DiversionTreatment, ...] = get_args(DiversionTreatment)
DIVERSION_REASONS: tuple[DiversionReason, ...] = get_args(DiversionReason)
GATHER_STATES = ("completed",)
MAX_CALL_TIMEOUT = 300
MAX_GATHER_DIGITS = 30
MAX_INTER_DIGIT_TIMEOUT = 30

# Each endpoint's parameters and their names on the wire.
CREATE = Fields(
    from_="from",
    to="to",
    call_timeout="callTimeout",
    callback_url="callbackUrl",
    callback_timeout="callbackTimeout",
    callback_http_method="callbackHttpMethod",
    fallback_url="fallbackUrl",
    bridge_id="bridgeId",
    conference_id="conferenceId",
    recording_enabled="recordingEnabled",
    recording_file_format="recordingFileFormat",
    recording_max_duration="recordingMaxDuration",
    transcription_enabled="transcriptionEnabled",
    tag="tag",
    sip_headers="sipHeaders",
)
LIST = Fields(
    bridge_id="bridgeId", conference_id="conferenceId", from_="from", to="to", sort_order="sortOrder", **PAGES
)
UPDATE = Fields(
    state="state",
    recording_enabled="recordingEnabled",
    recording_file_format="recordingFileFormat",
    transfer_to="transferTo",
    transfer_caller_id="transferCallerId",
    whisper_audio="whisperAudio",
    callback_url="callbackUrl",
    diversion_treatment="diversionTreatment",
    diversion_reason="diversionReason",
)
DTMF = Fields(digits="dtmfOut")
GATHER = Fields(
    max_digits="maxDigits",
    inter_digit_timeout="interDigitTimeout",
    terminating_digits="terminatingDigits",
    tag="tag",
    prompt="prompt",
)
STOP_GATHER = Fields(state="state")


def call_id(call: str | HasId) -> str:
    """The id of ``call`` (an id or a model), checked."""
    return check.resource_id("call_id", call)


def _path(call: str | HasId, *rest: str) -> tuple[str, ...]:
    return ("calls", call_id(call), *rest)


def handle(call: str | HasId, binding: Binding, *, model: type[C]) -> C:
    """A call (``model``: ``Call`` or ``AsyncCall``) holding only its id, bound without any request."""
    return model._handle(binding, id=call_id(call))


def created(create: Operation[str], binding: Binding, *, model: type[C], fetch: bool) -> Flow[C]:
    """The call a create (or a transfer) made: fetched (two requests), or a handle (``fetch=False``)."""
    return create_then_get(
        create,
        fetch,
        lambda new_id: get(new_id, model=model),
        lambda new_id: handle(new_id, binding, model=model),
    )


# -- resources -----------------------------------------------------------------------------------------------


def create(
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
    extra_body: Extra = None,
) -> Operation[str]:
    """``POST /calls``; the result is the new call's id."""
    body = CREATE.body(
        extra_body,
        from_=check.required_text("from_", from_),
        to=check.required_text("to", to),
        call_timeout=optional(check.integer, "call_timeout", call_timeout, 1, MAX_CALL_TIMEOUT),
        **_common.callback_settings(callback_url, callback_timeout, callback_http_method, fallback_url),
        bridge_id=optional(check.resource_id, "bridge_id", bridge_id),
        conference_id=optional(check.resource_id, "conference_id", conference_id),
        recording_enabled=optional(check.boolean, "recording_enabled", recording_enabled),
        recording_file_format=optional(
            check.choice, "recording_file_format", recording_file_format, FILE_FORMATS
        ),
        recording_max_duration=optional(
            check.integer, "recording_max_duration", recording_max_duration, 1, 4 * 3600
        ),
        transcription_enabled=optional(check.boolean, "transcription_enabled", transcription_enabled),
        tag=optional(check.text, "tag", tag),
        sip_headers=optional(check.sip_headers, "sip_headers", sip_headers),
    )
    return Operation(Request("POST", ("calls",), body=body), location_id)


def get(call: str | HasId, *, model: type[C]) -> Operation[C]:
    """``GET /calls/{callId}``, read into ``model``."""
    return Operation(Request("GET", _path(call)), model._from_response)


def list_calls(
    *,
    model: type[C],
    bridge_id: NotGivenOr[str | HasId] = NOT_GIVEN,
    conference_id: NotGivenOr[str] = NOT_GIVEN,
    from_: NotGivenOr[str] = NOT_GIVEN,
    to: NotGivenOr[str] = NOT_GIVEN,
    sort_order: NotGivenOr[SortOrder] = NOT_GIVEN,
    page: NotGivenOr[int] = NOT_GIVEN,
    page_size: NotGivenOr[int] = NOT_GIVEN,
    limit: int | None = None,
    extra_query: Extra = None,
) -> Listing[C]:
    """``GET /calls``, filtered, read into ``model``; ``page_size`` is sent as ``size``."""
    query = LIST.query(
        extra_query,
        bridge_id=optional(check.resource_id, "bridge_id", bridge_id),
        conference_id=optional(check.resource_id, "conference_id", conference_id),
        from_=optional(check.required_text, "from_", from_),
        to=optional(check.required_text, "to", to),
        **pages(page, page_size),
        sort_order=optional(check.choice, "sort_order", sort_order, SORT_ORDERS),
    )
    return listing(("calls",), query, model, limit)


def update(
    call: str | HasId,
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
    extra_body: Extra = None,
) -> Operation[str | None]:
    """``POST /calls/{callId}``; the result is the id in ``Location`` (a transfer's new call), if any."""
    body = UPDATE.body(
        extra_body,
        state=optional(check.choice, "state", state, CALL_STATES),
        recording_enabled=optional(check.boolean, "recording_enabled", recording_enabled),
        recording_file_format=optional(
            check.choice, "recording_file_format", recording_file_format, FILE_FORMATS
        ),
        transfer_to=optional(check.required_text, "transfer_to", transfer_to),
        transfer_caller_id=optional(check.required_text, "transfer_caller_id", transfer_caller_id),
        whisper_audio=optional(audio_options, "whisper_audio", whisper_audio),
        callback_url=optional(check.required_text, "callback_url", callback_url),
        diversion_treatment=optional(
            check.choice, "diversion_treatment", diversion_treatment, DIVERSION_TREATMENTS
        ),
        diversion_reason=optional(check.choice, "diversion_reason", diversion_reason, DIVERSION_REASONS),
    )
    if not body:
        raise InvalidParameterError("state", "nothing to update: give at least one parameter")
    return Operation(Request("POST", _path(call), body=body), location_id_if_any)


# -- actions: updates with a meaning -------------------------------------------------------------------------


def answer(call: str | HasId, *, extra_body: Extra = None) -> Operation[str | None]:
    """Answer an incoming call: ``state=active``."""
    return update(call, state="active", extra_body=extra_body)


def reject(call: str | HasId, *, extra_body: Extra = None) -> Operation[str | None]:
    """Reject an incoming call: ``state=rejected``."""
    return update(call, state="rejected", extra_body=extra_body)


def hangup(call: str | HasId, *, extra_body: Extra = None) -> Operation[str | None]:
    """Hang up: ``state=completed``."""
    return update(call, state="completed", extra_body=extra_body)


def set_recording(call: str | HasId, enabled: bool, *, extra_body: Extra = None) -> Operation[str | None]:
    """Start or stop recording: ``recordingEnabled``."""
    return update(call, recording_enabled=enabled, extra_body=extra_body)


def toggle_recording(call: str | HasId, *, extra_body: Extra = None) -> Flow[bool | None]:
    """Flip recording: a GET for the current setting, then a POST of the opposite, unless the call says
    neither (see :func:`toggled`: then the GET alone). The result is the new setting, or ``None``."""
    from ...models.call import CallFields

    current: CallFields = yield get(call, model=CallFields)
    enable = toggled(current.recording_enabled)
    if enable is not None:
        yield set_recording(call, enable, extra_body=extra_body)
    return enable


def toggled(recording_enabled: object) -> bool | None:
    """What a toggle sets ``recordingEnabled`` to, given the call's current value; ``None``: change nothing.

    A call that says neither ``true`` nor ``false`` (null, absent, anything else) is left alone, as 3.1's
    ``toggle_call_recording`` did: flipping an unknown setting could start a recording nobody asked for.
    """
    if recording_enabled is True or recording_enabled is False:
        return not recording_enabled
    return None


def transfer(
    call: str | HasId,
    to: str,
    *,
    caller_id: NotGivenOr[str] = NOT_GIVEN,
    whisper_audio: NotGivenOr[AudioOptions] = NOT_GIVEN,
    callback_url: NotGivenOr[str] = NOT_GIVEN,
    diversion_treatment: NotGivenOr[DiversionTreatment] = NOT_GIVEN,
    diversion_reason: NotGivenOr[DiversionReason] = NOT_GIVEN,
    extra_body: Extra = None,
) -> Operation[str]:
    """``state=transferring`` to ``to``; the result is the new call's id (``Location``)."""
    with check.renamed({"transfer_to": "to", "transfer_caller_id": "caller_id"}):
        update_call = update(
            call,
            state="transferring",
            transfer_to=check.required_text("to", to),
            transfer_caller_id=optional(check.required_text, "caller_id", caller_id),
            whisper_audio=whisper_audio,
            callback_url=callback_url,
            diversion_treatment=diversion_treatment,
            diversion_reason=diversion_reason,
            extra_body=extra_body,
        )
    return Operation(update_call.request, location_id)


def play_audio(call: str | HasId, **audio: Unpack[CallAudio]) -> Operation[None]:
    """``POST /calls/{callId}/audio``: play a file or speak a sentence (``""`` stops the audio)."""
    return _common.play_audio(_path(call, "audio"), **audio)


def send_dtmf(call: str | HasId, digits: str, *, extra_body: Extra = None) -> Operation[None]:
    """``POST /calls/{callId}/dtmf`` with ``dtmfOut`` (``[A-D0-9#*,wW]``, up to 92)."""
    path = _path(call, "dtmf")
    body = DTMF.body(extra_body, digits=check.dtmf("digits", digits, check.DTMF_OUT, check.MAX_DTMF_OUT))
    return Operation(Request("POST", path, body=body), no_content)


# -- gathers -------------------------------------------------------------------------------------------------


def create_gather(
    call: str | HasId,
    *,
    max_digits: NotGivenOr[int] = NOT_GIVEN,
    inter_digit_timeout: NotGivenOr[float] = NOT_GIVEN,
    terminating_digits: NotGivenOr[str] = NOT_GIVEN,
    tag: NotGivenOr[str] = NOT_GIVEN,
    prompt: NotGivenOr[GatherPrompt] = NOT_GIVEN,
    extra_body: Extra = None,
) -> Operation[str]:
    """``POST /calls/{callId}/gather``; the result is the new gather's id."""
    path = _path(call, "gather")
    body = GATHER.body(
        extra_body,
        max_digits=optional(check.integer, "max_digits", max_digits, 1, MAX_GATHER_DIGITS),
        inter_digit_timeout=optional(
            check.number, "inter_digit_timeout", inter_digit_timeout, 1, MAX_INTER_DIGIT_TIMEOUT
        ),
        terminating_digits=optional(check.dtmf, "terminating_digits", terminating_digits, check.DTMF_KEYS),
        tag=optional(check.text, "tag", tag),
        prompt=optional(audio_options, "prompt", prompt),
    )
    return Operation(Request("POST", path, body=body), location_id)


def get_gather(call: str | HasId, gather: str | HasId, *, model: type[G]) -> Operation[G]:
    """``GET /calls/{callId}/gather/{gatherId}``, read into ``model``."""
    path = _path(call, "gather", check.resource_id("gather_id", gather))
    return Operation(Request("GET", path), model._from_response)


def created_gather(
    create: Operation[str], call: str | HasId, binding: TransportBase, *, model: type[G], fetch: bool
) -> Flow[G]:
    """The gather ``create`` started on ``call``: fetched (two requests), or a handle holding its id and
    its call's URL (``fetch=False``)."""
    the_call = call_id(call)
    call_url = binding.url("calls", the_call)
    return create_then_get(
        create,
        fetch,
        lambda gather_id: get_gather(the_call, gather_id, model=model),
        lambda gather_id: model._handle(binding, id=gather_id, call_url=call_url),
    )


def stop_gather(call: str | HasId, gather: str | HasId, *, extra_body: Extra = None) -> Operation[None]:
    """``POST /calls/{callId}/gather/{gatherId}`` with ``state=completed``."""
    path = _path(call, "gather", check.resource_id("gather_id", gather))
    body = STOP_GATHER.body(extra_body, state="completed")
    return Operation(Request("POST", path, body=body), no_content)


def gather_state(state: object) -> str:
    """The one state a gather can be set to: ``completed``."""
    return check.choice("state", state, GATHER_STATES)


# -- sub-resources -------------------------------------------------------------------------------------------


def list_events(call: str | HasId, *, extra_query: Extra = None) -> Listing[CallEvent]:
    """``GET /calls/{callId}/events``."""
    from ...models.call_event import CallEvent

    return listing(_path(call, "events"), NO_FIELDS.query(extra_query), CallEvent)


def get_event(call: str | HasId, event: str | HasId) -> Operation[CallEvent]:
    """``GET /calls/{callId}/events/{eventId}``."""
    from ...models.call_event import CallEvent

    path = _path(call, "events", check.resource_id("event_id", event))
    return Operation(Request("GET", path), CallEvent._from_response)


def list_recordings(call: str | HasId, *, model: type[Rec], extra_query: Extra = None) -> Listing[Rec]:
    """``GET /calls/{callId}/recordings``, read into ``model``."""
    return listing(_path(call, "recordings"), NO_FIELDS.query(extra_query), model)


def list_transcriptions(call: str | HasId, *, extra_query: Extra = None) -> Listing[Transcription]:
    """``GET /calls/{callId}/transcriptions``."""
    from ...models.transcription import Transcription

    return listing(_path(call, "transcriptions"), NO_FIELDS.query(extra_query), Transcription)
