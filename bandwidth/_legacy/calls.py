"""3.1's call methods (``create_call``, ``get_call`` ...), each a delegation to ``client.calls``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from .._core.endpoints import calls as call_endpoints
from .._core.validation import renamed
from .._exceptions import InvalidParameterError
from .._types import JSONObject, JSONValue
from .answers import dicts, legacy_object
from .coerce import opt, play_parameters

if TYPE_CHECKING:
    from .._sync.services.calls import CallsService

__all__ = ["CallsAPI"]


class CallsAPI:
    """The original SDK's dict methods for calls, their gathers, events, recordings and transcriptions."""

    calls: CallsService

    def list_calls(
        self,
        bridge_id: str | None = None,
        conference_id: str | None = None,
        from_: str | None = None,
        to: str | None = None,
        size: int | None = None,
        sort_order: str | None = None,
        *,
        page: int | None = None,
    ) -> Iterator[JSONObject]:
        """A lazy generator of call dicts (``GET /calls``), page after page."""
        with renamed({"page_size": "size"}):
            calls = self.calls.list(
                bridge_id=opt(bridge_id),
                conference_id=opt(conference_id),
                from_=opt(from_),
                to=opt(to),
                page_size=opt(size),
                sort_order=opt(sort_order),  # type: ignore[arg-type]
                page=opt(page),
            )
        return dicts(calls)

    def create_call(
        self,
        from_: str,
        to: str,
        call_timeout: int | None = None,
        callback_url: str | None = None,
        callback_timeout: int | None = None,
        callback_http_method: str | None = None,
        fallback_url: str | None = None,
        bridge_id: str | None = None,
        conference_id: str | None = None,
        recording_enabled: bool | None = None,
        recording_file_format: str | None = None,
        recording_max_duration: int | None = None,
        transcription_enabled: bool | None = None,
        tag: str | None = None,
        sip_headers: Mapping[str, str] | None = None,
    ) -> str:
        """Place a call; returns its id (one request)."""
        call = self.calls.create(
            from_=from_,
            to=to,
            call_timeout=opt(call_timeout),
            callback_url=opt(callback_url),
            callback_timeout=opt(callback_timeout),
            callback_http_method=opt(callback_http_method),  # type: ignore[arg-type]
            fallback_url=opt(fallback_url),
            bridge_id=opt(bridge_id),
            conference_id=opt(conference_id),
            recording_enabled=opt(recording_enabled),
            recording_file_format=opt(recording_file_format),  # type: ignore[arg-type]
            recording_max_duration=opt(recording_max_duration),
            transcription_enabled=opt(transcription_enabled),
            tag=opt(tag),
            sip_headers=opt(sip_headers),
            fetch=False,
        )
        return call.id

    def get_call(self, call_id: str) -> JSONObject:
        """The call as a dict."""
        return legacy_object(self.calls.get_response(call_id))

    def update_call(
        self,
        call_id: str,
        state: str | None = None,
        recording_enabled: bool | None = None,
        recording_file_format: str | None = None,
        transfer_to: str | None = None,
        transfer_caller_id: str | None = None,
        whisper_audio: Mapping[str, JSONValue] | None = None,
        callback_url: str | None = None,
        *,
        diversion_treatment: str | None = None,
        diversion_reason: str | None = None,
    ) -> str | None:
        """Change a call; returns the id in the answer's ``Location`` (a transfer's new call) or ``None``."""
        return self.calls.update(
            call_id,
            state=opt(state),  # type: ignore[arg-type]
            recording_enabled=opt(recording_enabled),
            recording_file_format=opt(recording_file_format),  # type: ignore[arg-type]
            transfer_to=opt(transfer_to),
            transfer_caller_id=opt(transfer_caller_id),
            whisper_audio=opt(whisper_audio),
            callback_url=opt(callback_url),
            diversion_treatment=opt(diversion_treatment),  # type: ignore[arg-type]
            diversion_reason=opt(diversion_reason),  # type: ignore[arg-type]
        )

    def play_audio_to_call(
        self,
        call_id: str,
        file_url: str | Mapping[str, JSONValue] | None = None,
        sentence: str | None = None,
        gender: str | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | None = None,
        *,
        tag: str | None = None,
        volume: int | None = None,
    ) -> None:
        """Play a file or speak a sentence; ``file_url`` may also be a dict from ``build_sentence`` and co."""
        self.calls.play_audio(
            call_id,
            **play_parameters(file_url, sentence, gender, locale, voice, loop_enabled, tag, volume),  # type: ignore[arg-type]
        )

    def speak_sentence_to_call(
        self,
        call_id: str,
        sentence: str,
        gender: str = "female",
        voice: str = "susan",
        locale: str = "en_US",
        tag: str | None = None,
    ) -> None:
        """Speak ``sentence`` in a call (defaults: a female voice, Susan, en_US)."""
        self.calls.play_audio(
            call_id, sentence=sentence, gender=gender, voice=voice, locale=locale, tag=opt(tag)
        )

    def play_audio_file_to_call(self, call_id: str, file_url: str, tag: str | None = None) -> None:
        """Play the audio file at ``file_url`` in a call."""
        self.calls.play_audio(call_id, file_url=file_url, tag=opt(tag))

    def send_dtmf_to_call(self, call_id: str, dtmf_out: str) -> None:
        """Send DTMF tones in a call."""
        with renamed({"digits": "dtmf_out"}):
            self.calls.send_dtmf(call_id, dtmf_out)

    def list_call_recordings(self, call_id: str) -> Iterator[JSONObject]:
        """A generator of the call's recording dicts."""
        return dicts(self.calls.list_recordings(call_id))

    def list_call_transcriptions(self, call_id: str) -> Iterator[JSONObject]:
        """A generator of the call's transcription dicts."""
        return dicts(self.calls.list_transcriptions(call_id))

    def list_call_events(self, call_id: str) -> Iterator[JSONObject]:
        """A generator of the call's event dicts."""
        return dicts(self.calls.list_events(call_id))

    get_call_recordings = list_call_recordings
    get_call_transcriptions = list_call_transcriptions
    get_call_events = list_call_events

    def get_call_event(self, call_id: str, event_id: str) -> JSONObject:
        """One event of a call, as a dict."""
        return legacy_object(self.calls.get_event_response(call_id, event_id))

    def create_call_gather(
        self,
        call_id: str,
        max_digits: int | None = None,
        inter_digit_timeout: float | None = None,
        terminating_digits: str | None = None,
        tag: str | None = None,
        *,
        prompt: Mapping[str, JSONValue] | None = None,
    ) -> str:
        """Start gathering digits; returns the gather id (one request)."""
        gather = self.calls.create_gather(
            call_id,
            max_digits=opt(max_digits),
            inter_digit_timeout=opt(inter_digit_timeout),
            terminating_digits=opt(terminating_digits),
            tag=opt(tag),
            prompt=opt(prompt),
            fetch=False,
        )
        return gather.id

    def get_call_gather(self, call_id: str, gather_id: str) -> JSONObject:
        """A gather, as a dict."""
        return legacy_object(self.calls.get_gather_response(call_id, gather_id))

    def update_call_gather(self, call_id: str, gather_id: str, state: str | None = "completed") -> None:
        """Stop a gather: ``completed`` is the one state it can be set to."""
        if state not in (None, "completed"):
            raise InvalidParameterError("state", f"a gather can only be set to 'completed', got {state!r}")
        self.calls.stop_gather(call_id, gather_id)

    def answer_call(self, call_id: str) -> None:
        """Answer an incoming call."""
        self.calls.answer(call_id)

    def reject_call(self, call_id: str) -> None:
        """Reject an incoming call."""
        self.calls.reject(call_id)

    def hangup_call(self, call_id: str) -> None:
        """Hang up a call."""
        self.calls.hangup(call_id)

    def enable_call_recording(self, call_id: str) -> None:
        """Start recording a call."""
        self.calls.enable_recording(call_id)

    def disable_call_recording(self, call_id: str) -> None:
        """Stop recording a call."""
        self.calls.disable_recording(call_id)

    def toggle_call_recording(self, call_id: str) -> JSONObject | None:
        """Flip a call's recording on or off (reads the call first, then one POST); returns ``None``.

        When the call says neither ``true`` nor ``false`` (null or absent), nothing is sent and the call
        dict is returned instead, as in 3.1.
        """
        call = legacy_object(self.calls.get_response(call_id))
        enable = call_endpoints.toggled(call.get("recording_enabled"))
        if enable is None:
            return call
        if enable:
            self.calls.enable_recording(call_id)
        else:
            self.calls.disable_recording(call_id)
        return None

    def transfer_call(
        self,
        call_id: str,
        to: str,
        caller_id: str | None = None,
        whisper_audio: Mapping[str, JSONValue] | None = None,
        callback_url: str | None = None,
        *,
        diversion_treatment: str | None = None,
        diversion_reason: str | None = None,
    ) -> str:
        """Transfer a call to ``to``; returns the new call's id (one request)."""
        new_call = self.calls.transfer(
            call_id,
            to,
            caller_id=opt(caller_id),
            whisper_audio=opt(whisper_audio),
            callback_url=opt(callback_url),
            diversion_treatment=opt(diversion_treatment),  # type: ignore[arg-type]
            diversion_reason=opt(diversion_reason),  # type: ignore[arg-type]
            fetch=False,
        )
        return new_call.id
