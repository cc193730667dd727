"""Calls: create, ring, answer, time out, end, update, transfer; the far end's script; incoming calls.

A call is ``started`` (ringing) → ``active`` → ``completed``, or ``rejected``; ``transferring`` while a
transfer rings. How the far end behaves is in ``far_end.py``. What else happens when a call is answered or
ends (recordings, gathers, audio, bridges) is in those modules' lifecycle hooks, run here in
``Engine.modules`` order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Literal

from ..._types import JSONObject, JSONValue
from .. import _errors as errors
from .._clock import format_time
from .far_end import far_end_script
from .inputs import Body, parse_audio
from .records import (
    CALL_UPDATE_STATES,
    DEFAULT_CALL_TIMEOUT,
    DEFAULT_CALLBACK_TIMEOUT,
    DEFAULT_RECORDING_MAX_DURATION,
    DIVERSION_REASONS,
    DIVERSION_TREATMENTS,
    FILE_FORMATS,
    HTTP_METHODS,
    MAX_CALL_TIMEOUT,
    MAX_CALLBACK_TIMEOUT,
    MAX_RECORDING_DURATION,
    CallRecord,
    EventRecord,
    new_id,
)
from .runtime import Module, locked, page_of

__all__ = ["Calls", "chargeable_seconds", "render_event"]


class Calls(Module):
    """The call state machine."""

    # -- reads -----------------------------------------------------------------------------------------------

    def render(self, call: CallRecord, base: str | None = None) -> JSONObject:
        """The call as ``GET /calls/{callId}`` shows it."""
        url = self.rt.call_url(call.id, base)
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
            data["chargeableDuration"] = chargeable_seconds(call)
        data["callTimeout"] = call.call_timeout
        if call.callback_url:
            data["callbackUrl"] = call.callback_url
        data["callbackHttpMethod"] = call.callback_http_method
        data["callbackTimeout"] = call.callback_timeout
        if call.fallback_url:
            data["fallbackUrl"] = call.fallback_url
        if call.bridge_id:
            data["bridgeId"] = call.bridge_id
            data["bridge"] = self.rt.bridge_url(call.bridge_id, base)
        if call.conference_id:
            data["conferenceId"] = call.conference_id
        data["events"] = f"{url}/events"
        data["recordings"] = f"{url}/recordings"
        data["transcriptions"] = f"{url}/transcriptions"
        data["recordingEnabled"] = call.recording_enabled
        data["recordingFileFormat"] = call.recording_file_format
        data["transcriptionEnabled"] = call.transcription_enabled
        if call.tag is not None:  # a field of the call (postCalls.md) its events carry: shown as given
            data["tag"] = call.tag
        if call.sip_headers:
            data["sipHeaders"] = dict(call.sip_headers)
        return data

    @locked
    def get(self, call_id: str, base: str | None = None) -> JSONObject:
        return self.render(self.rt.call(call_id), base)

    @locked
    def list_calls(
        self,
        *,
        bridge_id: str | None = None,
        conference_id: str | None = None,
        from_: str | None = None,
        to: str | None = None,
        descending: bool = True,
        page: int = 0,
        size: int | None = None,
        base: str | None = None,
    ) -> tuple[list[JSONObject], bool]:
        """One page of the calls matching every given filter, by ``startTime``, and whether more follow.

        Calls are stored in creation order, which is ``startTime`` order (the clock never goes back), so
        a page is read off the store without sorting, and only its calls are rendered.
        """
        stored = self.rt.state.calls.values()
        matching = (
            call
            for call in (reversed(stored) if descending else stored)
            if (bridge_id is None or call.bridge_id == bridge_id)
            and (conference_id is None or call.conference_id == conference_id)
            and (from_ is None or call.from_ == from_)
            and (to is None or call.to == to)
        )
        calls, more = page_of(matching, page, size)
        return [self.render(call, base) for call in calls], more

    @locked
    def events(self, call_id: str) -> list[JSONObject]:
        return [render_event(event) for event in self.rt.call(call_id).events]

    @locked
    def event(self, call_id: str, event_id: str) -> JSONObject:
        for event in self.rt.call(call_id).events:
            if event.id == event_id:
                return render_event(event)
        raise errors.resource_not_found()

    @locked
    def ids(self) -> list[str]:
        return list(self.rt.state.calls)

    @locked
    def sent_dtmf(self, call_id: str) -> str:
        return self.rt.call(call_id).sent_dtmf

    @locked
    def played(self, call_id: str) -> list[str]:
        return list(self.rt.call(call_id).played)

    # -- create ----------------------------------------------------------------------------------------------

    @locked
    def create(self, body: Mapping[str, JSONValue]) -> str:
        """``POST /calls``: a new outbound call, ringing; returns its id."""
        fields = Body(body, "call")
        from_ = fields.phone("from", required=True)
        to = fields.phone("to", required=True)
        assert from_ is not None and to is not None
        call_timeout = fields.integer("callTimeout", low=1, high=MAX_CALL_TIMEOUT)
        callback_url = self.rt.allow_callback_url(fields.url("callbackUrl"))
        callback_timeout = fields.integer("callbackTimeout", low=1, high=MAX_CALLBACK_TIMEOUT)
        method = fields.choice("callbackHttpMethod", HTTP_METHODS, fold_case=True)
        fallback_url = self.rt.allow_callback_url(fields.url("fallbackUrl"))
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
        bridges = self.engine.bridges
        bridge = bridges.admission(bridge_id) if bridge_id else None
        if conference_id:
            self.engine.conferences.admission(conference_id)
        call = self.new(
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
        self.engine.bxml.drive(call)  # when callbackUrl is a BXML application's
        self.rt.record(call, "create")
        if bridge is not None:
            bridges.admit(call, bridge)
        self.engine.far_end.ring(call)
        return call.id

    def new(
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
        """A new call record, stored (no event yet)."""
        call = CallRecord(
            id=new_id("c"),
            sequence=self.rt.state.next_sequence(),
            direction=direction,
            from_=from_,
            to=to,
            start_time=self.rt.now(),
            call_timeout=call_timeout,
            callback_url=callback_url,
            callback_http_method=callback_http_method,
            callback_timeout=callback_timeout,
            fallback_url=fallback_url,
            script=far_end_script(to) if direction == "out" else "answer",
            tag=tag,
        )
        self.rt.state.calls[call.id] = call
        return call

    # -- the life of a call ----------------------------------------------------------------------------------

    @staticmethod
    def _cancel_timers(call: CallRecord) -> None:
        for timer in call.timers:
            timer.cancel()
        call.timers.clear()

    def answer(self, call: CallRecord, *, announce: bool = True) -> None:
        """The call is answered: the one way a ringing call becomes ``active``, whoever answers it (the far
        end, ``state=active``, an auto-answered incoming call). The ``answer`` event (unless ``announce`` is
        off: an auto-answered REST call's ``incomingcall`` says it is active), then every module's hook."""
        if call.state != "started":
            return
        self._cancel_timers(call)
        call.state = "active"
        call.active_time = self.rt.now()
        if announce:
            event = self.rt.record(call, "answer")
            fields: dict[str, JSONValue] = {"from": call.from_, "to": call.to, "callState": "active"}
            if call.diversion:
                fields["diversion"] = dict(call.diversion)
            self.rt.emit(call, self.rt.call_payload(call, "answer", **fields), event)
        for module in self.engine.modules:
            module.call_answered(call)
        if call.transfer_of:
            self._complete_transfer(call)

    def timeout(self, call: CallRecord) -> None:
        if call.state != "started":
            return
        event = self.rt.record(call, "timeout")
        payload = self.rt.call_payload(call, "timeout", **{"from": call.from_, "to": call.to})
        self.rt.emit(call, payload, event)
        self.end(call, "completed", "NO_ANSWER")

    def end(self, call: CallRecord, state: str, cause: str) -> None:
        """The call ends: what runs on it stops (hooks), the ``hangup`` event, then the hooks again."""
        if not call.live:
            return
        self._cancel_timers(call)
        for module in self.engine.modules:
            module.call_ending(call)
        call.state = state
        call.end_time = self.rt.now()
        call.hangup_cause = cause
        event = self.rt.record(call, "hangup", cause)
        fields: dict[str, JSONValue] = {"from": call.from_, "to": call.to}
        if cause == "CALL_REJECTED":
            fields["callState"] = "completed"
        fields["cause"] = cause
        self.rt.emit(call, self.rt.call_payload(call, "hangup", **fields), event)
        for module in self.engine.modules:
            module.call_ended(call)
        if call.transfer_leg:
            leg = self.rt.state.calls.get(call.transfer_leg)
            if leg is not None and leg.state == "started":
                self.end(leg, "completed", "ORIGINATOR_CANCEL")
        if call.transfer_of:
            original = self.rt.state.calls.get(call.transfer_of)
            if original is not None and original.state == "transferring":
                original.state = "active"
                original.transfer_leg = None
                self.rt.record(original, "transfer", f"failed: {cause}")

    # -- update ----------------------------------------------------------------------------------------------

    @locked
    def update(self, call_id: str, body: Mapping[str, JSONValue]) -> str | None:
        """``POST /calls/{callId}``: answer, reject, hang up, record or transfer (returns the new call id)."""
        call = self.rt.call(call_id)
        fields = Body(body, "call")
        state = fields.choice("state", CALL_UPDATE_STATES)
        recording_enabled = fields.boolean("recordingEnabled")
        file_format = fields.choice("recordingFileFormat", FILE_FORMATS)
        transfer_to = fields.phone("transferTo")
        caller_id = fields.text("transferCallerId")
        whisper = fields.audio("whisperAudio")
        if whisper is not None:
            parse_audio(Body(whisper, "whisperAudio"), allow_stop=False)
        callback_url = self.rt.allow_callback_url(fields.url("callbackUrl"))
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
            self.engine.recordings.set_enabled(call, recording_enabled)
        if state == "active":
            self.answer(call)
        elif state == "rejected":
            self.end(call, "rejected", "CALL_REJECTED")
        elif state == "completed":
            cause = (
                "ORIGINATOR_CANCEL"
                if call.state == "started" and call.direction == "out"
                else "NORMAL_CLEARING"
            )
            self.end(call, "completed", cause)
        elif state == "transferring":
            assert transfer_to is not None
            return self._transfer(call, transfer_to, caller_id, whisper, callback_url)
        return None

    # -- transfers -------------------------------------------------------------------------------------------

    def _transfer(
        self,
        call: CallRecord,
        to: str,
        caller_id: str | None,
        whisper: JSONObject | None,
        callback_url: str | None,
    ) -> str:
        """Dial ``to`` for an active call; when the new call answers, the two are bridged."""
        leg = self.new(
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
        self.rt.record(call, "transfer", leg.id)
        self.rt.record(leg, "create")
        self.engine.far_end.ring(leg)
        return leg.id

    def _complete_transfer(self, leg: CallRecord) -> None:
        original = self.rt.state.calls.get(leg.transfer_of or "")
        if original is None or original.state != "transferring":
            return
        original.state = "active"
        original.transfer_leg = None
        self.engine.conferences.call_transferred(original)
        self.engine.bridges.bridge_transfer(original, leg)
        self.rt.record(original, "transfer", f"completed: {leg.id}")
        if leg.whisper is not None:
            whisper = parse_audio(Body(leg.whisper, "whisperAudio"), allow_stop=False)
            self.engine.audio.start(leg, whisper, None)


def render_event(event: EventRecord) -> JSONObject:
    """A call event as ``GET /calls/{callId}/events`` lists it."""
    data: JSONObject = {"id": event.id, "time": format_time(event.time), "name": event.name}
    if event.data is not None:
        data["data"] = event.data
    return data


def chargeable_seconds(call: CallRecord) -> int:
    """Billed seconds: whole minutes, rounded up, of an answered call; 0 if never answered."""
    if call.active_time is None or call.end_time is None:
        return 0
    seconds = (call.end_time - call.active_time).total_seconds()
    return max(1, math.ceil(seconds / 60)) * 60
