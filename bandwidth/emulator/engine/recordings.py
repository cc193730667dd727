"""Recordings and transcriptions: recording a call, saving it, transcribing it, serving its media.

A recording runs while ``recordingEnabled`` and the call is active; each start is a new recording
(``{callId}-{n}.wav`` or ``.mp3``), ended by ``recordingEnabled=false``, the call's end or
``recordingMaxDuration``. It is then ``saving`` for ``recording_save_seconds``, then ``complete`` (the
``recording`` event). With ``transcriptionEnabled`` each complete recording is transcribed (the
``transcription`` event after ``transcription_seconds``); its text is what the far end said meanwhile.
"""

from __future__ import annotations

import math

from ..._types import JSONObject
from .. import _errors as errors
from .._clock import format_time
from .._limits import MAX_SPOKEN_TEXT
from .._media import mp3_bytes, wav_bytes
from .records import (
    TRANSCRIPTION_CALLBACK_TEXT_LIMIT,
    TRANSCRIPTION_TEXT_LIMIT,
    CallRecord,
    RecordingRecord,
    TranscriptionRecord,
    new_id,
)
from .runtime import Module, locked, page_of

__all__ = ["Recordings"]


class Recordings(Module):
    """The recording and transcription state machines, and the far end's speech."""

    # -- reads -----------------------------------------------------------------------------------------------

    def render(self, recording: RecordingRecord, base: str | None = None) -> JSONObject:
        data: JSONObject = {
            "id": recording.id,
            "state": recording.state,
            "startTime": format_time(recording.start_time),
        }
        if recording.end_time is not None:
            data["endTime"] = format_time(recording.end_time)
        data["call"] = self.rt.call_url(recording.call_id, base)
        data["media"] = self.rt.media_url(recording.media_name, base)
        return data

    def render_transcription(self, transcription: TranscriptionRecord, base: str | None = None) -> JSONObject:
        data: JSONObject = {
            "id": transcription.id,
            "state": transcription.state,
            "time": format_time(transcription.time),
            "chargeableDuration": transcription.chargeable_duration,
        }
        if transcription.state == "completed":
            data["text"] = transcription.text[:TRANSCRIPTION_TEXT_LIMIT]
            data["textSize"] = len(transcription.text)
        data["textUrl"] = self.rt.media_url(transcription.id, base)
        return data

    @locked
    def list_recordings(
        self, *, page: int = 0, size: int | None = None, base: str | None = None
    ) -> tuple[list[JSONObject], bool]:
        """One page of the recordings, newest first, and whether more follow."""
        recordings, more = page_of(reversed(self.rt.state.recordings.values()), page, size)
        return [self.render(recording, base) for recording in recordings], more

    @locked
    def get(self, recording_id: str, base: str | None = None) -> JSONObject:
        return self.render(self.rt.recording(recording_id), base)

    @locked
    def list_for_call(self, call_id: str, base: str | None = None) -> list[JSONObject]:
        call = self.rt.call(call_id)
        return [self.render(self.rt.state.recordings[rid], base) for rid in call.recording_ids]

    @locked
    def transcriptions_for_call(self, call_id: str, base: str | None = None) -> list[JSONObject]:
        self.rt.call(call_id)
        return [
            self.render_transcription(transcription, base)
            for transcription in self.rt.state.transcriptions.values()
            if transcription.call_id == call_id
        ]

    @locked
    def transcriptions(self, recording_id: str, base: str | None = None) -> list[JSONObject]:
        self.rt.recording(recording_id)
        return [
            self.render_transcription(transcription, base)
            for transcription in self.rt.state.transcriptions.values()
            if transcription.recording_id == recording_id
        ]

    @locked
    def transcription(self, recording_id: str, transcription_id: str, base: str | None = None) -> JSONObject:
        self.rt.recording(recording_id)
        transcription = self.rt.state.transcriptions.get(transcription_id)
        if transcription is None or transcription.recording_id != recording_id:
            raise errors.transcription_not_found(recording_id, transcription_id)
        return self.render_transcription(transcription, base)

    @locked
    def media(self, name: str) -> tuple[bytes, str]:
        """The bytes and content type of a media file: a recording's audio or a transcription's text."""
        for recording in self.rt.state.recordings.values():
            if recording.media_name == name:
                if recording.state != "complete" or recording.end is None:
                    break
                seconds = recording.end - recording.start
                if recording.file_format == "mp3":
                    return mp3_bytes(seconds), "audio/mpeg"
                return wav_bytes(seconds), "audio/wav"
        transcription = self.rt.state.transcriptions.get(name)
        if transcription is not None and transcription.state == "completed":
            return transcription.text.encode(), "text/plain; charset=utf-8"
        raise errors.media_not_found(name)

    # -- recording a call ------------------------------------------------------------------------------------

    def set_enabled(self, call: CallRecord, enabled: bool) -> None:
        """``recordingEnabled`` changed: start recording an active call, or stop the running recording."""
        call.recording_enabled = enabled
        if enabled and call.state == "active":
            self._start(call)
        elif not enabled and call.recording_id is not None:
            self._stop(call)

    def call_answered(self, call: CallRecord) -> None:
        if call.recording_enabled:
            self._start(call)

    def call_ending(self, call: CallRecord) -> None:
        if call.recording_id is not None:
            self._stop(call)

    def _start(self, call: CallRecord) -> None:
        if call.recording_id is not None:
            return
        number = len(call.recording_ids) + 1
        recording = RecordingRecord(
            id=new_id("rec"),
            sequence=self.rt.state.next_sequence(),
            call_id=call.id,
            file_format=call.recording_file_format,
            media_name=f"{call.id}-{number}.{call.recording_file_format}",
            start=self.rt.seconds(),
            start_time=self.rt.now(),
        )
        self.rt.state.recordings[recording.id] = recording
        call.recording_ids.append(recording.id)
        call.recording_id = recording.id
        self.rt.record(call, "recording", f"start: {recording.id}")
        recording.timer = self.rt.schedule(call.recording_max_duration, lambda: self._limit_reached(call))

    def _limit_reached(self, call: CallRecord) -> None:
        if call.recording_id is not None:
            call.recording_enabled = False
            self._stop(call)

    def _stop(self, call: CallRecord) -> None:
        recording = self.rt.state.recordings[call.recording_id or ""]
        call.recording_id = None
        if recording.timer is not None:
            recording.timer.cancel()
        recording.state = "saving"
        recording.end = self.rt.seconds()
        recording.end_time = self.rt.now()
        start, end = recording.start, recording.end
        recording.text = " ".join(text for moment, text in call.speech if start <= moment <= end)
        self.rt.schedule(self.rt.settings.recording_save_seconds, lambda: self._saved(call, recording))

    def _saved(self, call: CallRecord, recording: RecordingRecord) -> None:
        recording.state = "complete"
        event = self.rt.record(call, "recording", f"complete: {recording.id}")
        payload: JSONObject = {
            "callId": call.id,
            "eventType": "recording",
            "recordingId": recording.id,
            "recordingUri": self.rt.recording_url(recording.id),
            "state": "complete",
            "status": "complete",
            "startTime": format_time(recording.start_time),
            "endTime": format_time(recording.end_time or recording.start_time),
        }
        if call.tag is not None:
            payload["tag"] = call.tag
        self.rt.emit(call, payload, event)
        if call.transcription_enabled:
            self._transcribe(recording)

    # -- transcriptions --------------------------------------------------------------------------------------

    @locked
    def create_transcription(self, recording_id: str) -> str:
        """``POST /recordings/{recordingId}/transcriptions``: transcribe a complete recording."""
        recording = self.rt.recording(recording_id)
        if recording.state != "complete":
            raise errors.recording_not_complete(recording.id)
        return self._transcribe(recording).id

    def _transcribe(self, recording: RecordingRecord) -> TranscriptionRecord:
        seconds = (recording.end or recording.start) - recording.start
        transcription = TranscriptionRecord(
            id=new_id("tr"),
            sequence=self.rt.state.next_sequence(),
            recording_id=recording.id,
            call_id=recording.call_id,
            time=self.rt.now(),
            text=recording.text,
            chargeable_duration=math.ceil(seconds),
        )
        self.rt.state.transcriptions[transcription.id] = transcription
        self.rt.schedule(self.rt.settings.transcription_seconds, lambda: self._transcribed(transcription))
        return transcription

    def _transcribed(self, transcription: TranscriptionRecord) -> None:
        transcription.state = "completed"
        call = self.rt.state.calls.get(transcription.call_id)
        if call is None:
            return
        event = self.rt.record(call, "transcription", f"completed: {transcription.id}")
        payload: JSONObject = {
            "eventType": "transcription",
            "transcriptionId": transcription.id,
            "recordingId": transcription.recording_id,
            "state": "completed",
            "status": "completed",
            "textSize": len(transcription.text),
            "text": transcription.text[:TRANSCRIPTION_CALLBACK_TEXT_LIMIT],
            "textUrl": self.rt.media_url(transcription.id),
            "transcriptionUri": self.rt.transcription_url(transcription.recording_id, transcription.id),
        }
        if call.tag is not None:
            payload["tag"] = call.tag
        self.rt.emit(call, payload, event)

    # -- the far end speaks ----------------------------------------------------------------------------------

    @locked
    def speak(self, call_id: str, text: str) -> None:
        """The far end says ``text``: it ends up in the transcription of a recording running now."""
        call = self.rt.call(call_id)
        if not isinstance(text, str) or len(text) > MAX_SPOKEN_TEXT:
            raise errors.validation(f"text must be a string of at most {MAX_SPOKEN_TEXT} characters")
        if call.state != "active":
            raise errors.call_invalid_state(call.id, call.state)
        call.speech.append((self.rt.seconds(), text))
        self.rt.record(call, "speech", text)
