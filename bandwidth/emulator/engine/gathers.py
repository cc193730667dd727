"""Gathers and the far end's key presses: collecting DTMF digits on a call.

One gather at a time per call. It starts after its prompt (if any) has played, completes on ``maxDigits``,
a terminating digit, the inter-digit timeout (restarted after the prompt and after each digit), a stop
(``state=completed``, no reason) or the call's end (``hung-up``). Every key the far end presses is a
``dtmf`` event, gather or not (unless the call's conference takes it: ``conferences.py``); the first one
stops a bargeable prompt.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ..._types import JSONObject, JSONValue
from .. import _errors as errors
from .._clock import format_time
from .._limits import MAX_PRESS_DIGITS
from .inputs import DTMF_KEYS, AudioRequest, Body, parse_audio
from .records import (
    DEFAULT_INTER_DIGIT_TIMEOUT,
    MAX_GATHER_DIGITS,
    MAX_INTER_DIGIT_TIMEOUT,
    CallRecord,
    GatherRecord,
    new_id,
)
from .runtime import Module, locked

__all__ = ["Gathers"]


class Gathers(Module):
    """The gather state machine, and DTMF from the far end."""

    def _gather(self, call: CallRecord, gather_id: str) -> GatherRecord:
        gather = call.gathers.get(gather_id)
        if gather is None:
            raise errors.resource_not_found()
        return gather

    def render(self, gather: GatherRecord, base: str | None = None) -> JSONObject:
        data: JSONObject = {
            "id": gather.id,
            "gatherId": gather.id,
            "state": gather.state,
            "digits": gather.digits,
            "call": self.rt.call_url(gather.call_id, base),
            "createdTime": format_time(gather.created_time),
        }
        if gather.reason is not None:
            data["reason"] = gather.reason
        if gather.completed_time is not None:
            data["completedTime"] = format_time(gather.completed_time)
        if gather.tag is not None:  # "included with the response and events" (postCallsCallIdGather.md)
            data["tag"] = gather.tag
        return data

    @locked
    def get(self, call_id: str, gather_id: str, base: str | None = None) -> JSONObject:
        return self.render(self._gather(self.rt.call(call_id), gather_id), base)

    @locked
    def create(self, call_id: str, body: Mapping[str, JSONValue]) -> str:
        """``POST /calls/{callId}/gather``: collect digits, after the prompt if there is one."""
        call = self.rt.call(call_id)
        fields = Body(body, "gather")
        max_digits = fields.integer("maxDigits", low=1, high=MAX_GATHER_DIGITS)
        inter_digit = fields.number("interDigitTimeout", low=0, high=MAX_INTER_DIGIT_TIMEOUT)
        terminating = fields.text("terminatingDigits")
        if terminating is not None and not DTMF_KEYS.fullmatch(terminating):
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
        gather = self.open(
            call,
            max_digits=max_digits or MAX_GATHER_DIGITS,
            inter_digit_timeout=inter_digit or DEFAULT_INTER_DIGIT_TIMEOUT,
            terminating_digits="#" if terminating is None else terminating,
            tag=tag,
        )
        if prompt is not None:
            audio = AudioRequest(prompt.kind, prompt.value, prompt.loop, tag)
            self.engine.audio.start(call, audio, gather.id)
        else:
            self.arm(call, gather)
        return gather.id

    @locked
    def update(self, call_id: str, gather_id: str, body: Mapping[str, JSONValue]) -> None:
        """``POST /calls/{callId}/gather/{gatherId}``: the one update is ``state=completed`` (stop)."""
        call = self.rt.call(call_id)
        gather = self._gather(call, gather_id)
        state = Body(body, "gather").choice("state", ("completed",))
        if state is None:
            raise errors.one_of("gather", "state", ("completed",), "")
        self.complete(call, gather, None)

    def open(
        self,
        call: CallRecord,
        *,
        max_digits: int,
        inter_digit_timeout: float,
        terminating_digits: str,
        tag: str | None,
    ) -> GatherRecord:
        """Start collecting digits on an active call with no gather; the digit timer waits for :meth:`arm`."""
        gather = GatherRecord(
            id=new_id("gtr"),
            call_id=call.id,
            max_digits=max_digits,
            inter_digit_timeout=inter_digit_timeout,
            terminating_digits=terminating_digits,
            tag=tag,
            created_time=self.rt.now(),
        )
        call.gathers[gather.id] = gather
        call.gather_id = gather.id
        self.rt.record(call, "gather", json.dumps({"gatherId": gather.id, "state": "started"}))
        return gather

    def arm(self, call: CallRecord, gather: GatherRecord) -> None:
        """(Re)start the inter-digit timer: it runs after the prompt, and again after every digit."""
        if gather.timer is not None:
            gather.timer.cancel()
        gather.timer = self.rt.schedule(
            gather.inter_digit_timeout, lambda: self.complete(call, gather, "inter-digit-timeout")
        )

    def prompt_done(self, call: CallRecord, gather_id: str) -> None:
        """The gather's prompt finished playing: the digits may start."""
        if call.gather_id == gather_id:
            self.arm(call, call.gathers[gather_id])

    def complete(self, call: CallRecord, gather: GatherRecord, reason: str | None) -> None:
        if gather.state != "started":
            return
        if gather.timer is not None:
            gather.timer.cancel()
        gather.state = "completed"
        gather.reason = reason
        gather.completed_time = self.rt.now()
        if call.gather_id == gather.id:
            call.gather_id = None
        self.engine.audio.stop_prompt(call, gather.id)
        data = {"gatherId": gather.id, "state": "completed", "reason": reason, "digits": gather.digits}
        event = self.rt.record(
            call, "gather", json.dumps({key: value for key, value in data.items() if value is not None})
        )
        payload: JSONObject = {"eventType": "gather", "state": "completed", "digits": gather.digits}
        if reason is not None:
            payload["reason"] = reason
        payload.update({"callId": call.id, "gatherId": gather.id, "time": format_time(self.rt.now())})
        tag = gather.tag if gather.tag is not None else call.tag
        if tag is not None:
            payload["tag"] = tag
        self.rt.emit(call, payload, event)

    def call_ending(self, call: CallRecord) -> None:
        if call.gather_id is not None:
            self.complete(call, call.gathers[call.gather_id], "hung-up")

    # -- the far end's keys ----------------------------------------------------------------------------------

    @locked
    def press(self, call_id: str, digits: str) -> None:
        """The far end presses keys: a ``dtmf`` event each, feeding the running gather."""
        call = self.rt.call(call_id)
        if not isinstance(digits, str) or not digits or not DTMF_KEYS.fullmatch(digits):
            raise errors.validation("digits must be DTMF keys: 0-9, *, #, A-D", digits=str(digits)[:64])
        if len(digits) > MAX_PRESS_DIGITS:
            raise errors.validation(f"press at most {MAX_PRESS_DIGITS} keys at once", digits=digits[:64])
        if call.state != "active":
            raise errors.call_invalid_state(call.id, call.state)
        for digit in digits:
            if call.state != "active":
                break
            if self.engine.conferences.take_digit(call, digit):
                continue
            event = self.rt.record(call, "dtmf", digit)
            self.rt.emit(call, self.rt.call_payload(call, "dtmf", dtmfDigit=digit), event)
            gather = call.gathers.get(call.gather_id or "")
            if gather is None:
                continue
            self.engine.audio.stop_prompt(
                call, gather.id
            )  # the prompt is bargeable: the first digit stops it
            if digit in gather.terminating_digits:
                self.complete(call, gather, "terminating-digit")
                continue
            gather.digits += digit
            if len(gather.digits) >= gather.max_digits:
                self.complete(call, gather, "max-digits")
            else:
                self.arm(call, gather)
