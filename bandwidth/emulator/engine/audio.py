"""What the far end hears: audio files and text-to-speech on a call, and DTMF tones sent to it.

One playback at a time per call: a new one stops the old (its ``done`` event), an empty ``fileUrl`` or
``sentence`` stops it, ``loopEnabled`` plays until stopped, and the call's end stops it silently. A file
plays ``file_play_seconds``; a sentence ``len / speak_chars_per_second`` (at least one second). A gather's
prompt is audio tagged with the gather: when it ends, the gather's digit timer starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from ..._types import JSONObject, JSONValue
from .. import _errors as errors
from .inputs import DTMF_OUT, AudioRequest, Body, parse_audio
from .records import MAX_DTMF_OUT, AudioRecord, CallRecord
from .runtime import Module, locked

__all__ = ["Audio"]


class Audio(Module):
    """Playback and speech on calls, and DTMF out."""

    @locked
    def play(self, call_id: str, body: Mapping[str, JSONValue]) -> None:
        """``POST /calls/{callId}/audio``: play a file or speak; an empty ``fileUrl``/``sentence`` stops."""
        call = self.rt.call(call_id)
        audio = parse_audio(Body(body, "audio"))
        if call.state != "active":
            raise errors.call_invalid_state(call.id, call.state)
        if not audio.value:
            if call.audio is None:
                raise errors.audio_invalid_state(call.id)
            self.stop(call)
            return
        self.start(call, audio, None)

    def seconds(self, kind: str, value: str) -> float:
        """How long a file or a sentence plays."""
        settings = self.rt.settings
        if kind == "speak":
            return max(1.0, len(value) / settings.speak_chars_per_second)
        return settings.file_play_seconds

    def _payload(
        self, call: CallRecord, audio: AudioRecord, status: Literal["started", "done"]
    ) -> JSONObject:
        fields: dict[str, JSONValue] = {"status": status}
        if audio.kind == "speak":
            fields["state"] = "PLAYBACK_START" if status == "started" else "PLAYBACK_STOP"
        if audio.tag is not None:
            fields["tag"] = audio.tag
        return self.rt.call_payload(call, audio.kind, **fields)

    def start(self, call: CallRecord, request: AudioRequest, gather_id: str | None) -> None:
        """Play ``request`` to the call (stopping what plays); ``gather_id`` marks a gather's prompt."""
        if call.audio is not None:
            self.stop(call)
        audio = AudioRecord(request.kind, request.value, request.tag, gather_id)
        call.audio = audio
        call.played.append(request.value)
        event = self.rt.record(call, request.kind, "start")
        self.rt.emit(call, self._payload(call, audio, "started"), event)
        if not request.loop:
            duration = self.seconds(request.kind, request.value)
            audio.timer = self.rt.schedule(duration, lambda: self._finish(call, audio))

    def stop(self, call: CallRecord) -> None:
        """Stop what plays on the call, with its ``done`` event."""
        if call.audio is not None:
            self._finish(call, call.audio)

    def stop_prompt(self, call: CallRecord, gather_id: str) -> None:
        """Stop the gather's prompt if it is still playing."""
        if call.audio is not None and call.audio.gather_id == gather_id:
            self.stop(call)

    def _finish(self, call: CallRecord, audio: AudioRecord) -> None:
        if call.audio is not audio:
            return
        if audio.timer is not None:
            audio.timer.cancel()
        call.audio = None
        event = self.rt.record(call, audio.kind, "done")
        self.rt.emit(call, self._payload(call, audio, "done"), event)
        if audio.gather_id is not None:
            self.engine.gathers.prompt_done(call, audio.gather_id)

    def call_ending(self, call: CallRecord) -> None:
        if call.audio is not None:  # a hangup cuts the audio off: no done event
            if call.audio.timer is not None:
                call.audio.timer.cancel()
            call.audio = None

    @locked
    def send_dtmf(self, call_id: str, body: Mapping[str, JSONValue]) -> None:
        """``POST /calls/{callId}/dtmf``: tones to the far end (kept for ``emu.sent_dtmf``)."""
        call = self.rt.call(call_id)
        digits = Body(body, "dtmf").text("dtmfOut")
        if not digits or not DTMF_OUT.fullmatch(digits):
            raise errors.validation(
                "The dtmf resource property dtmfOut must match [A-D0-9#*,wW]+", dtmfOut=digits or ""
            )
        if len(digits) > MAX_DTMF_OUT:
            raise errors.exceeds("dtmf", "dtmfOut", MAX_DTMF_OUT, len(digits))
        if call.state != "active":
            raise errors.call_invalid_state(call.id, call.state)
        self.tones(call, digits)

    def tones(self, call: CallRecord, digits: str) -> None:
        """The far end hears DTMF ``digits`` (``,wW`` are pauses, kept as sent)."""
        call.sent_dtmf += digits
        self.rt.record(call, "dtmf-out", digits)
