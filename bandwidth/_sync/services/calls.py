"""``client.calls``, sync: each method sends what :mod:`bandwidth._core.endpoints.calls` describes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..._core.endpoints import calls
from ..._core.http import Response
from ..._types import (
    NOT_GIVEN,
    AudioOptions,
    CallbackHttpMethod,
    CallUpdateState,
    DiversionReason,
    DiversionTreatment,
    GatherPrompt,
    JSONValue,
    NotGivenOr,
    RecordingFileFormat,
    SortOrder,
)
from ...models.call import Call
from ..pagination import Paginator, paginate
from ..transport import Transport

# The sub-resources' models (gathers, events ...) are imported in the methods: they load on first use.
if TYPE_CHECKING:
    from ..._types import HasId
    from ...models.call_event import CallEvent
    from ...models.gather import Gather
    from ...models.recording import Recording
    from ...models.transcription import Transcription

__all__ = ["CallsService"]


class CallsService:
    """``client.calls``: create, fetch, list and control phone calls.

    Wherever a call (or gather, event) is expected, its id or the model itself is accepted. Every method
    that sends a body takes ``extra_body``, every list ``extra_query``: fields this SDK does not name (yet),
    sent exactly as spelled. One spelled like a named parameter's field (``callbackUrl``) raises
    :class:`InvalidParameterError` naming both, before any request.
    """

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    # -- resources ---------------------------------------------------------------------------------------

    def handle(self, call_id: str | HasId) -> Call:
        """A :class:`Call` for a known id, made without any request (say, from a callback).

        Only ``id`` is set; its action methods work at once (``hangup()`` is one request), and
        ``refresh()`` fetches the rest.
        """
        return calls.handle(call_id, self._transport, model=Call)

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
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> Call:
        """Place an outbound call: ``POST /calls``.

        Two requests by default: the create, then a GET of the new call, so the result has every field.
        With ``fetch=False`` it is one request and returns a handle holding only the new ``id``.

        Raises:
            InvalidParameterError: before any request, for a missing or out-of-range parameter.
        """
        create = calls.create(
            from_=from_,
            to=to,
            call_timeout=call_timeout,
            callback_url=callback_url,
            callback_timeout=callback_timeout,
            callback_http_method=callback_http_method,
            fallback_url=fallback_url,
            bridge_id=bridge_id,
            conference_id=conference_id,
            recording_enabled=recording_enabled,
            recording_file_format=recording_file_format,
            recording_max_duration=recording_max_duration,
            transcription_enabled=transcription_enabled,
            tag=tag,
            sip_headers=sip_headers,
            extra_body=extra_body,
        )
        return self._transport.run(calls.created(create, self._transport, model=Call, fetch=fetch))

    def get(self, call: str | HasId) -> Call:
        """Fetch a call: ``GET /calls/{callId}`` (one request)."""
        return self._transport.perform(calls.get(call, model=Call))

    def get_response(self, call: str | HasId) -> Response:
        """The raw answer of ``GET /calls/{callId}``."""
        return self._transport.send(calls.get(call, model=Call).request)

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
        extra_query: Mapping[str, JSONValue] | None = None,
    ) -> Paginator[Call]:
        """Calls made or received, newest first unless ``sort_order="asc"``: ``GET /calls``.

        Lazy: no request until iterated, then one request per page of ``page_size`` (1..1000, sent as
        ``size``). ``limit`` caps the total number of calls returned. Lists filtered by bridge or conference
        come in one page.
        """
        listing = calls.list_calls(
            model=Call,
            bridge_id=bridge_id,
            conference_id=conference_id,
            from_=from_,
            to=to,
            sort_order=sort_order,
            page=page,
            page_size=page_size,
            limit=limit,
            extra_query=extra_query,
        )
        return paginate(self._transport, listing)

    def update(
        self,
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
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> str | None:
        """Change an active call: ``POST /calls/{callId}`` (one request).

        Returns:
            The id in the answer's ``Location`` header (a transfer's new call), else ``None``.
        """
        return self._transport.perform(
            calls.update(
                call,
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
        )

    # -- actions -------------------------------------------------------------------------------------------

    def answer(self, call: str | HasId, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Answer an incoming call (``state=active``); one request."""
        self._transport.perform(calls.answer(call, extra_body=extra_body))

    def reject(self, call: str | HasId, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Reject an incoming call (``state=rejected``); one request."""
        self._transport.perform(calls.reject(call, extra_body=extra_body))

    def hangup(self, call: str | HasId, *, extra_body: Mapping[str, JSONValue] | None = None) -> None:
        """Hang up (``state=completed``); one request."""
        self._transport.perform(calls.hangup(call, extra_body=extra_body))

    def enable_recording(
        self, call: str | HasId, *, extra_body: Mapping[str, JSONValue] | None = None
    ) -> None:
        """Start recording (``recordingEnabled=true``); one request."""
        self._transport.perform(calls.set_recording(call, True, extra_body=extra_body))

    def disable_recording(
        self, call: str | HasId, *, extra_body: Mapping[str, JSONValue] | None = None
    ) -> None:
        """Stop recording (``recordingEnabled=false``); one request."""
        self._transport.perform(calls.set_recording(call, False, extra_body=extra_body))

    def toggle_recording(
        self, call: str | HasId, *, extra_body: Mapping[str, JSONValue] | None = None
    ) -> bool | None:
        """Flip recording on or off: a GET for the current setting, then a POST of the opposite.

        Returns:
            Whether recording is now enabled; ``None`` when the call does not say (``recordingEnabled`` null
            or absent): then nothing changed and no POST was sent (one request).
        """
        return self._transport.run(calls.toggle_recording(call, extra_body=extra_body))

    def transfer(
        self,
        call: str | HasId,
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
        """Transfer an active call to ``to`` (``state=transferring``) and return the new call.

        Two requests by default (the transfer, then a GET of the new call); one with ``fetch=False``,
        which returns a handle holding only the new call's ``id``.
        """
        transfer = calls.transfer(
            call,
            to,
            caller_id=caller_id,
            whisper_audio=whisper_audio,
            callback_url=callback_url,
            diversion_treatment=diversion_treatment,
            diversion_reason=diversion_reason,
            extra_body=extra_body,
        )
        return self._transport.run(calls.created(transfer, self._transport, model=Call, fetch=fetch))

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
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Play a file or speak a sentence: ``POST /calls/{callId}/audio``; ``""`` stops what is playing."""
        self._transport.perform(
            calls.play_audio(
                call,
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
        )

    def send_dtmf(
        self, call: str | HasId, digits: str, *, extra_body: Mapping[str, JSONValue] | None = None
    ) -> None:
        """Send keypad tones: ``POST /calls/{callId}/dtmf`` with ``dtmfOut`` (``[A-D0-9#*,wW]``, up to 92)."""
        self._transport.perform(calls.send_dtmf(call, digits, extra_body=extra_body))

    # -- gathers -------------------------------------------------------------------------------------------

    def create_gather(
        self,
        call: str | HasId,
        *,
        max_digits: NotGivenOr[int] = NOT_GIVEN,
        inter_digit_timeout: NotGivenOr[float] = NOT_GIVEN,
        terminating_digits: NotGivenOr[str] = NOT_GIVEN,
        tag: NotGivenOr[str] = NOT_GIVEN,
        prompt: NotGivenOr[GatherPrompt] = NOT_GIVEN,
        fetch: bool = True,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> Gather:
        """Collect DTMF digits: ``POST /calls/{callId}/gather``; the result arrives as a ``gather`` callback.

        Two requests by default (the create, then a GET of the gather); one with ``fetch=False``.
        """
        from ...models.gather import Gather

        create = calls.create_gather(
            call,
            max_digits=max_digits,
            inter_digit_timeout=inter_digit_timeout,
            terminating_digits=terminating_digits,
            tag=tag,
            prompt=prompt,
            extra_body=extra_body,
        )
        return self._transport.run(
            calls.created_gather(create, call, self._transport, model=Gather, fetch=fetch)
        )

    def get_gather(self, call: str | HasId, gather: str | HasId) -> Gather:
        """Fetch a gather's state and digits: ``GET /calls/{callId}/gather/{gatherId}``."""
        from ...models.gather import Gather

        return self._transport.perform(calls.get_gather(call, gather, model=Gather))

    def get_gather_response(self, call: str | HasId, gather: str | HasId) -> Response:
        """The raw answer of ``GET /calls/{callId}/gather/{gatherId}``."""
        from ...models.gather import Gather

        return self._transport.send(calls.get_gather(call, gather, model=Gather).request)

    def stop_gather(
        self,
        call: str | HasId,
        gather: str | HasId,
        *,
        extra_body: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Stop a gather (``state=completed``): ``POST /calls/{callId}/gather/{gatherId}``."""
        self._transport.perform(calls.stop_gather(call, gather, extra_body=extra_body))

    # -- sub-resources --------------------------------------------------------------------------------------

    def list_events(
        self, call: str | HasId, *, extra_query: Mapping[str, JSONValue] | None = None
    ) -> Paginator[CallEvent]:
        """What happened during a call: ``GET /calls/{callId}/events`` (lazy)."""
        return paginate(self._transport, calls.list_events(call, extra_query=extra_query))

    def get_event(self, call: str | HasId, event: str | HasId) -> CallEvent:
        """One call event: ``GET /calls/{callId}/events/{eventId}``."""
        return self._transport.perform(calls.get_event(call, event))

    def get_event_response(self, call: str | HasId, event: str | HasId) -> Response:
        """The raw answer of ``GET /calls/{callId}/events/{eventId}``."""
        return self._transport.send(calls.get_event(call, event).request)

    def list_recordings(
        self, call: str | HasId, *, extra_query: Mapping[str, JSONValue] | None = None
    ) -> Paginator[Recording]:
        """The call's recordings: ``GET /calls/{callId}/recordings`` (lazy)."""
        from ...models.recording import Recording

        return paginate(
            self._transport, calls.list_recordings(call, model=Recording, extra_query=extra_query)
        )

    def list_transcriptions(
        self, call: str | HasId, *, extra_query: Mapping[str, JSONValue] | None = None
    ) -> Paginator[Transcription]:
        """Transcriptions of the call's recordings: ``GET /calls/{callId}/transcriptions`` (lazy)."""
        return paginate(self._transport, calls.list_transcriptions(call, extra_query=extra_query))
