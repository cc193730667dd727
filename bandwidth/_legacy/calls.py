"""3.1's call methods (``create_call``, ``get_call`` ...), each a delegation to ``client.calls``.

Parameters take what 3.1 took (``call_timeout="30"``, ``dtmf_out=12``), turned into typed input by
:mod:`.coerce`; extra keywords (3.1's ``**kwargs``) are sent as spelled.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .._core.endpoints import calls as call_endpoints
from . import coerce
from .answers import dicts, legacy_object
from .coerce import reported

if TYPE_CHECKING:
    from .._sync.services.calls import CallsService

__all__ = ["CallsAPI"]


class CallsAPI:
    """The original SDK's dict methods for calls, their gathers, events, recordings and transcriptions."""

    calls: CallsService

    @reported
    def list_calls(
        self,
        bridge_id: str | None = None,
        conference_id: str | None = None,
        from_: str | None = None,
        to: str | None = None,
        size: int | str | None = None,
        sort_order: str | None = None,
        *,
        page: int | str | None = None,
        **kwargs: Any,
    ) -> Iterator[dict[str, Any]]:
        """A lazy generator of call dicts (``GET /calls``), page after page."""
        calls = self.calls.list(
            **coerce.query(
                kwargs,
                bridge_id=bridge_id,
                conference_id=conference_id,
                from_=from_,
                to=to,
                page_size=size,
                sort_order=sort_order,
                page=page,
            )
        )
        return dicts(calls)

    @reported
    def create_call(
        self,
        from_: str,
        to: str,
        call_timeout: int | str | None = None,
        callback_url: str | None = None,
        callback_timeout: int | str | None = None,
        callback_http_method: str | None = None,
        fallback_url: str | None = None,
        bridge_id: str | None = None,
        conference_id: str | None = None,
        recording_enabled: bool | str | None = None,
        recording_file_format: str | None = None,
        recording_max_duration: int | str | None = None,
        transcription_enabled: bool | str | None = None,
        tag: str | None = None,
        sip_headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> str:
        """Place a call; returns its id (one request)."""
        call = self.calls.create(
            from_=from_,
            to=to,
            fetch=False,
            **coerce.body(
                kwargs,
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
            ),
        )
        return call.id

    @reported
    def get_call(self, call_id: str) -> dict[str, Any]:
        """The call as a dict."""
        return legacy_object(self.calls.get_response(call_id))

    @reported
    def update_call(
        self,
        call_id: str,
        state: str | None = None,
        recording_enabled: bool | str | None = None,
        recording_file_format: str | None = None,
        transfer_to: str | None = None,
        transfer_caller_id: str | None = None,
        whisper_audio: Mapping[str, Any] | None = None,
        callback_url: str | None = None,
        *,
        diversion_treatment: str | None = None,
        diversion_reason: str | None = None,
        **kwargs: Any,
    ) -> str | None:
        """Change a call; returns the id in the answer's ``Location`` (a transfer's new call) or ``None``."""
        return self.calls.update(
            call_id,
            **coerce.body(
                kwargs,
                state=state,
                recording_enabled=recording_enabled,
                recording_file_format=recording_file_format,
                transfer_to=transfer_to,
                transfer_caller_id=transfer_caller_id,
                whisper_audio=whisper_audio,
                callback_url=callback_url,
                diversion_treatment=diversion_treatment,
                diversion_reason=diversion_reason,
            ),
        )

    @reported
    def play_audio_to_call(
        self,
        call_id: str,
        file_url: str | Mapping[str, Any] | None = None,
        sentence: str | None = None,
        gender: str | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | str | None = None,
        *,
        tag: str | None = None,
        volume: int | str | None = None,
        **kwargs: Any,
    ) -> None:
        """Play a file or speak a sentence; ``file_url`` may also be a dict from ``build_sentence`` and co."""
        self.calls.play_audio(
            call_id,
            **coerce.play(
                kwargs,
                file_url=file_url,
                sentence=sentence,
                gender=gender,
                locale=locale,
                voice=voice,
                loop_enabled=loop_enabled,
                tag=tag,
                volume=volume,
            ),
        )

    @reported
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
            call_id, **coerce.body(sentence=sentence, gender=gender, voice=voice, locale=locale, tag=tag)
        )

    @reported
    def play_audio_file_to_call(self, call_id: str, file_url: str, tag: str | None = None) -> None:
        """Play the audio file at ``file_url`` in a call."""
        self.calls.play_audio(call_id, **coerce.body(file_url=file_url, tag=tag))

    @reported
    def send_dtmf_to_call(self, call_id: str, dtmf_out: str | int, **kwargs: Any) -> None:
        """Send DTMF tones in a call (``12`` is sent as the text ``"12"``)."""
        self.calls.send_dtmf(call_id, coerce.required("digits", dtmf_out), **coerce.body(kwargs))

    @reported
    def list_call_recordings(self, call_id: str) -> Iterator[dict[str, Any]]:
        """A generator of the call's recording dicts."""
        return dicts(self.calls.list_recordings(call_id))

    @reported
    def list_call_transcriptions(self, call_id: str) -> Iterator[dict[str, Any]]:
        """A generator of the call's transcription dicts."""
        return dicts(self.calls.list_transcriptions(call_id))

    @reported
    def list_call_events(self, call_id: str) -> Iterator[dict[str, Any]]:
        """A generator of the call's event dicts."""
        return dicts(self.calls.list_events(call_id))

    get_call_recordings = list_call_recordings
    get_call_transcriptions = list_call_transcriptions
    get_call_events = list_call_events

    @reported
    def get_call_event(self, call_id: str, event_id: str) -> dict[str, Any]:
        """One event of a call, as a dict."""
        return legacy_object(self.calls.get_event_response(call_id, event_id))

    @reported
    def create_call_gather(
        self,
        call_id: str,
        max_digits: int | str | None = None,
        inter_digit_timeout: float | str | None = None,
        terminating_digits: str | None = None,
        tag: str | None = None,
        *,
        prompt: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> str:
        """Start gathering digits; returns the gather id (one request)."""
        gather = self.calls.create_gather(
            call_id,
            fetch=False,
            **coerce.body(
                kwargs,
                max_digits=max_digits,
                inter_digit_timeout=inter_digit_timeout,
                terminating_digits=terminating_digits,
                tag=tag,
                prompt=prompt,
            ),
        )
        return gather.id

    @reported
    def get_call_gather(self, call_id: str, gather_id: str) -> dict[str, Any]:
        """A gather, as a dict."""
        return legacy_object(self.calls.get_gather_response(call_id, gather_id))

    @reported
    def update_call_gather(
        self, call_id: str, gather_id: str, state: str | None = None, **kwargs: Any
    ) -> None:
        """Stop a gather: ``completed``, the default, is the one state it can be set to; returns ``None``."""
        if state is not None:
            call_endpoints.gather_state(state)
        self.calls.stop_gather(call_id, gather_id, **coerce.body(kwargs))

    @reported
    def answer_call(self, call_id: str) -> None:
        """Answer an incoming call."""
        self.calls.answer(call_id)

    @reported
    def reject_call(self, call_id: str) -> None:
        """Reject an incoming call."""
        self.calls.reject(call_id)

    @reported
    def hangup_call(self, call_id: str) -> None:
        """Hang up a call."""
        self.calls.hangup(call_id)

    @reported
    def enable_call_recording(self, call_id: str) -> None:
        """Start recording a call."""
        self.calls.enable_recording(call_id)

    @reported
    def disable_call_recording(self, call_id: str) -> None:
        """Stop recording a call."""
        self.calls.disable_recording(call_id)

    @reported
    def toggle_call_recording(self, call_id: str) -> dict[str, Any] | None:
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

    @reported
    def transfer_call(
        self,
        call_id: str,
        to: str,
        caller_id: str | None = None,
        whisper_audio: Mapping[str, Any] | None = None,
        callback_url: str | None = None,
        *,
        diversion_treatment: str | None = None,
        diversion_reason: str | None = None,
        **kwargs: Any,
    ) -> str:
        """Transfer a call to ``to``; returns the new call's id (one request)."""
        new_call = self.calls.transfer(
            call_id,
            to,
            fetch=False,
            **coerce.body(
                kwargs,
                caller_id=caller_id,
                whisper_audio=whisper_audio,
                callback_url=callback_url,
                diversion_treatment=diversion_treatment,
                diversion_reason=diversion_reason,
            ),
        )
        return new_call.id
