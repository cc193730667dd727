"""``/_emulator/``: the control API, JSON in and out (the HTTP twin of the ``Emulator`` Python methods).

The app core checks every control request first (the control token when one is set, JSON on every POST);
here each handler reads its fields (each checked: the control API is as exposed as the rest) and acts as
the far end, the clock or the test would.
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from ..._types import JSONObject, JSONValue
from .. import _errors as errors
from .._callbacks import Delivery
from .._clock import format_time
from ..engine.bxml import render_application
from .wire import Exchange, Route, json_answer

__all__ = ["ROUTES", "delivery_json"]


def delivery_json(delivery: Delivery) -> JSONObject:
    """A delivery log entry as camelCase JSON (for ``GET /_emulator/deliveries``)."""
    return {
        "sequence": delivery.sequence,
        "callId": delivery.call_id,
        "eventType": delivery.event_type,
        "url": delivery.shown_url,
        "eventId": delivery.event_id,
        "method": delivery.method,
        "fallback": delivery.fallback,
        "statusCode": delivery.status_code,
        "error": delivery.error,
        "ok": delivery.ok,
        "time": format_time(delivery.time),
        "payload": delivery.payload,
    }


def _clock_json(ex: Exchange) -> JSONObject:
    clock = ex.engine.clock
    return {"now": format_time(clock.now()), "seconds": clock.seconds(), "realtime": clock.realtime}


def _far_end_json(ex: Exchange, call_id: str) -> Response:
    """The far end's view of a call: the call, the DTMF it was sent, what it heard."""
    calls = ex.engine.calls
    view: JSONObject = {
        "call": calls.get(call_id, ex.base),
        "sentDtmf": calls.sent_dtmf(call_id),
        "played": list(calls.played(call_id)),
    }
    return json_answer(view)


def _optional_str(value: JSONValue) -> str | None:
    return value if isinstance(value, str) and value else None


# -- the emulator itself -------------------------------------------------------------------------------------


def info(ex: Exchange) -> Response:
    user_id = ex.engine.settings.user_id
    return json_answer(
        {"userId": user_id, "apiUrl": f"{ex.base}/v1/users/{user_id}", "clock": _clock_json(ex)}
    )


def clock(ex: Exchange) -> Response:
    return json_answer(_clock_json(ex))


def advance(ex: Exchange) -> Response:
    seconds = ex.body().get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise errors.validation("seconds must be a number", seconds=str(seconds))
    ex.engine.advance(float(seconds))
    return json_answer(_clock_json(ex))


def deliveries(ex: Exchange) -> Response:
    return json_answer([delivery_json(delivery) for delivery in ex.engine.dispatcher.deliveries()])


def reset(ex: Exchange) -> Response:
    ex.engine.reset()
    ex.engine.dispatcher.clear()
    return json_answer({})


# -- the far end ---------------------------------------------------------------------------------------------


def incoming_call(ex: Exchange) -> Response:
    body = ex.body()
    text = {
        name: body.get(name) for name in ("from", "to", "callbackUrl", "callbackHttpMethod", "fallbackUrl")
    }
    for name, value in text.items():
        if value is not None and not isinstance(value, str):
            raise errors.validation(f"{name} must be a string", **{name: str(value)})
    numbers: dict[str, int] = {"callbackTimeout": 10_000, "callTimeout": 60}
    for name in numbers:
        value = body.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise errors.validation(f"{name} must be an integer", **{name: str(value)})
        numbers[name] = value
    auto_answer = body.get("autoAnswer", True)
    if not isinstance(auto_answer, bool):
        raise errors.validation("autoAnswer must be true or false")
    call_id = ex.engine.far_end.incoming_call(
        str(text["from"] or ""),
        str(text["to"] or ""),
        callback_url=_optional_str(text["callbackUrl"]),
        callback_http_method=_optional_str(text["callbackHttpMethod"]),
        fallback_url=_optional_str(text["fallbackUrl"]),
        callback_timeout=numbers["callbackTimeout"],
        call_timeout=numbers["callTimeout"],
        auto_answer=auto_answer,
    )
    location = ex.engine.runtime.call_url(call_id, ex.base)
    return json_answer({"id": call_id, "call": location}, 201, {"Location": location})


def far_end_call(ex: Exchange, call_id: str) -> Response:
    return _far_end_json(ex, call_id)


def answer(ex: Exchange, call_id: str) -> Response:
    ex.engine.far_end.answer(call_id)
    return _far_end_json(ex, call_id)


def reject(ex: Exchange, call_id: str) -> Response:
    ex.engine.far_end.reject(call_id)
    return _far_end_json(ex, call_id)


def busy(ex: Exchange, call_id: str) -> Response:
    ex.engine.far_end.reject(call_id, "USER_BUSY")
    return _far_end_json(ex, call_id)


def hangup(ex: Exchange, call_id: str) -> Response:
    ex.engine.far_end.hangup(call_id)
    return _far_end_json(ex, call_id)


def press(ex: Exchange, call_id: str) -> Response:
    digits = ex.body().get("digits")
    if not isinstance(digits, str):
        raise errors.validation("digits must be a string of DTMF keys")
    ex.engine.gathers.press(call_id, digits)
    return _far_end_json(ex, call_id)


def speak(ex: Exchange, call_id: str) -> Response:
    text = ex.body().get("text")
    if not isinstance(text, str):
        raise errors.validation("text must be a string")
    ex.engine.recordings.speak(call_id, text)
    return _far_end_json(ex, call_id)


def join_conference(ex: Exchange, conference_id: str) -> Response:
    body = ex.body()
    number, callback_url = body.get("from"), body.get("callbackUrl")
    if not isinstance(number, str):
        raise errors.validation("from must be a string: the caller's number", **{"from": str(number)})
    if callback_url is not None and not isinstance(callback_url, str):
        raise errors.validation("callbackUrl must be a string", callbackUrl=str(callback_url))
    flags = {name: body.get(name, False) for name in ("joinTone", "leavingTone", "mute", "hold")}
    for name, value in flags.items():
        if not isinstance(value, bool):
            raise errors.validation(f"{name} must be true or false", **{name: str(value)})
    conferences = ex.engine.conferences
    joined = conferences.join(
        conference_id,
        number,
        callback_url=callback_url or None,
        join_tone=bool(flags["joinTone"]),
        leaving_tone=bool(flags["leavingTone"]),
        mute=bool(flags["mute"]),
        hold=bool(flags["hold"]),
    )
    member = conferences.member_url(conference_id, joined.member_id, ex.base)
    answer: JSONObject = {
        "callId": joined.call_id,
        "memberId": joined.member_id,
        "call": ex.engine.runtime.call_url(joined.call_id, ex.base),
        "member": member,
    }
    return json_answer(answer, 201, {"Location": member})


# -- BXML applications ---------------------------------------------------------------------------------------


def bxml_applications(ex: Exchange) -> Response:
    return json_answer(ex.engine.bxml.applications())  # type: ignore[arg-type]


def assign_bxml_application(ex: Exchange) -> Response:
    body = ex.body()
    fields = {name: body.get(name) for name in ("number", "url", "method")}
    for name, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise errors.validation(f"{name} must be a string", **{name: str(value)})
    application = ex.engine.bxml.assign(
        str(fields["number"] or ""), str(fields["url"] or ""), method=str(fields["method"] or "GET")
    )
    return json_answer(render_application(application), 201)


_CALL = "/_emulator/calls/<call_id>"
ROUTES: list[Route] = [
    ("/_emulator", "GET", info),
    ("/_emulator/clock", "GET", clock),
    ("/_emulator/advance", "POST", advance),
    ("/_emulator/deliveries", "GET", deliveries),
    ("/_emulator/reset", "POST", reset),
    ("/_emulator/incoming-calls", "POST", incoming_call),
    (_CALL, "GET", far_end_call),
    (f"{_CALL}/answer", "POST", answer),
    (f"{_CALL}/reject", "POST", reject),
    (f"{_CALL}/busy", "POST", busy),
    (f"{_CALL}/hangup", "POST", hangup),
    (f"{_CALL}/press", "POST", press),
    (f"{_CALL}/speak", "POST", speak),
    ("/_emulator/conferences/<conference_id>/join", "POST", join_conference),
    ("/_emulator/bxml-applications", "GET", bxml_applications),
    ("/_emulator/bxml-applications", "POST", assign_bxml_application),
]
