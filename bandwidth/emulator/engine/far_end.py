"""The far end: how called numbers behave (magic numbers), what the control API makes the far end do, and
calls coming in from outside.

An outbound call's far end follows its script, chosen by the last four digits of ``to`` (or the SIP user):
it answers after ``ring_seconds``, at once, never, rejects, is busy, or is unallocated. ``answer``,
``reject`` and ``hangup`` act whatever the script. ``incoming`` is someone calling the account: an
incoming call and its ``incomingcall`` event to the application's URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from ..._types import JSONValue
from .. import _errors as errors
from .inputs import SIP_URI, Body
from .records import (
    DEFAULT_CALL_TIMEOUT,
    DEFAULT_CALLBACK_TIMEOUT,
    HTTP_METHODS,
    MAX_CALL_TIMEOUT,
    MAX_CALLBACK_TIMEOUT,
    CallRecord,
    Script,
)
from .runtime import Module, locked

__all__ = ["MAGIC_NUMBERS", "MAGIC_SIP_USERS", "FarEnd", "far_end_script"]

MAGIC_NUMBERS: Final[dict[str, Script]] = {
    "0000": "no-answer",
    "0001": "reject",
    "0002": "busy",
    "0003": "unallocated",
    "0004": "answer-immediately",
}
"""How the far end of a called number behaves, by its last four digits (others answer after a ring)."""

MAGIC_SIP_USERS: Final[dict[str, Script]] = {
    "noanswer": "no-answer",
    "reject": "reject",
    "busy": "busy",
    "unallocated": "unallocated",
    "answer": "answer-immediately",
}
"""The same behaviours for SIP URIs, by user part: ``sip:busy@example.com``."""


def far_end_script(number: str) -> Script:
    """How the far end of a call to ``number`` behaves: see :data:`MAGIC_NUMBERS`."""
    sip = SIP_URI.fullmatch(number)
    if sip:
        return MAGIC_SIP_USERS.get(sip.group(1).lower(), "answer")
    digits = "".join(character for character in number if character.isdigit())
    return MAGIC_NUMBERS.get(digits[-4:], "answer") if len(digits) >= 4 else "answer"


class FarEnd(Module):
    """The other party of every call, driven by scripts and the control API."""

    def ring(self, call: CallRecord) -> None:
        """Start an outbound call ringing: the far end's script and the ``callTimeout`` timer."""
        calls, ring, script = self.engine.calls, self.rt.settings.ring_seconds, call.script
        timers = call.timers
        if script == "unallocated":
            timers.append(self.rt.schedule(0, lambda: calls.end(call, "completed", "UNALLOCATED_NUMBER")))
            return
        if script == "answer":
            timers.append(self.rt.schedule(ring, lambda: calls.answer(call)))
        elif script == "answer-immediately":
            timers.append(self.rt.schedule(0, lambda: calls.answer(call)))
        elif script == "reject":
            timers.append(self.rt.schedule(ring, lambda: calls.end(call, "rejected", "CALL_REJECTED")))
        elif script == "busy":
            timers.append(self.rt.schedule(ring, lambda: calls.end(call, "rejected", "USER_BUSY")))
        timers.append(self.rt.schedule(call.call_timeout, lambda: calls.timeout(call)))

    @locked
    def answer(self, call_id: str) -> None:
        """The far end answers a ringing outbound call (whatever its number's script)."""
        call = self.rt.call(call_id)
        if call.state != "started" or call.direction != "out":
            raise errors.call_invalid_state(call.id, call.state)
        self.engine.calls.answer(call)

    @locked
    def reject(self, call_id: str, cause: str = "CALL_REJECTED") -> None:
        """The far end rejects (or is busy for) a ringing outbound call."""
        call = self.rt.call(call_id)
        if call.state != "started" or call.direction != "out":
            raise errors.call_invalid_state(call.id, call.state)
        self.engine.calls.end(call, "rejected", cause)

    @locked
    def hangup(self, call_id: str) -> None:
        """The far end hangs up: a ringing incoming call is cancelled, any other live call cleared."""
        call = self.rt.call(call_id)
        if not call.live:
            raise errors.call_ended(call.id, call.state)
        cause = (
            "ORIGINATOR_CANCEL" if call.state == "started" and call.direction == "in" else "NORMAL_CLEARING"
        )
        self.engine.calls.end(call, "completed", cause)

    @locked
    def incoming_call(
        self,
        from_: str,
        to: str,
        *,
        callback_url: str | None = None,
        callback_http_method: str | None = None,
        callback_timeout: int = DEFAULT_CALLBACK_TIMEOUT,
        fallback_url: str | None = None,
        auto_answer: bool = True,
        call_timeout: int = DEFAULT_CALL_TIMEOUT,
        sip_headers: Mapping[str, str] | None = None,
        diversion: Mapping[str, str] | None = None,
    ) -> str:
        """Someone calls ``to``: an incoming call and an ``incomingcall`` event to the application URL.

        A number assigned to a BXML application (``bxml.py``) is answered at once, its events go to the
        application's URL, and the ``answer`` event that follows ``incomingcall`` asks it for BXML.
        """
        settings = self.rt.settings
        application = self.engine.bxml.application_for(to)
        if application is not None:
            callback_url = callback_url or application.url
            callback_http_method = callback_http_method or application.method
        fields = Body(
            {
                "from": from_,  # checked here: the Python API is untrusted too
                "to": to,
                "callTimeout": call_timeout,
                "callbackUrl": callback_url or settings.incoming_call_url,
                "fallbackUrl": fallback_url or settings.incoming_call_fallback_url,
                "callbackHttpMethod": callback_http_method or settings.incoming_call_http_method,
                "sipHeaders": dict(sip_headers) if sip_headers else None,
            },
            "call",
        )
        fields.phone("from", required=True)
        fields.phone("to", required=True)
        checked_timeout = fields.integer("callTimeout", low=1, high=MAX_CALL_TIMEOUT)
        url = self.rt.allow_callback_url(fields.url("callbackUrl"))
        fallback = self.rt.allow_callback_url(fields.url("fallbackUrl"))
        method = fields.choice("callbackHttpMethod", HTTP_METHODS, fold_case=True)
        headers = fields.sip_headers("sipHeaders")
        _check_callback_timeout(callback_timeout)
        if not isinstance(auto_answer, bool):
            raise errors.validation("autoAnswer must be true or false", autoAnswer=str(auto_answer))
        if diversion is not None and not all(
            isinstance(name, str) and isinstance(value, str) for name, value in dict(diversion).items()
        ):
            raise errors.validation("diversion must map names to text")
        call = self.engine.calls.new(
            direction="in",
            from_=from_,
            to=to,
            call_timeout=checked_timeout or DEFAULT_CALL_TIMEOUT,
            callback_url=url,
            callback_http_method=method or "POST",
            callback_timeout=callback_timeout,
            fallback_url=fallback,
        )
        call.sip_headers = headers
        call.diversion = dict(diversion) if diversion else None
        if application is not None:
            self.engine.bxml.drive(call, application)
            auto_answer = True  # mandatory for BXML
        self.rt.record(call, "create")
        state = "active" if auto_answer else "started"
        event = self.rt.record(call, "incomingcall", state)
        fields_out: dict[str, JSONValue] = {
            "from": from_,
            "to": to,
            "callState": state,
            "applicationId": settings.application_id,
        }
        if call.diversion:
            fields_out["diversion"] = dict(call.diversion)
        self.rt.emit(call, self.rt.call_payload(call, "incomingcall", **fields_out), event)
        if auto_answer:
            # BXML asks for its first document with the answer event; a REST application learns of the
            # answer from incomingcall (callState active).
            self.engine.calls.answer(call, announce=call.bxml is not None)
        else:
            call.timers.append(self.rt.schedule(call.call_timeout, lambda: self.engine.calls.timeout(call)))
        return call.id


def _check_callback_timeout(value: object) -> None:
    """An incoming call's ``callbackTimeout``: 1..10000 ms, with the messages of ``errors.md``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise errors.validation(
            "Incoming Call callback timeout must be a whole number of milliseconds",
            callbackTimeout=str(value),
        )
    if value <= 0:
        raise errors.validation(
            "Incoming Call callback timeout must be greater than 0", callbackTimeout=str(value)
        )
    if value > MAX_CALLBACK_TIMEOUT:
        raise errors.validation(
            f"Incoming Call callback timeout must not surpass {MAX_CALLBACK_TIMEOUT}",
            callbackTimeout=str(value),
        )
