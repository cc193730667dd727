"""``/calls``: calls, their audio and DTMF, events, gathers, and a call's recordings and transcriptions."""

from __future__ import annotations

from werkzeug.wrappers import Response

from .. import _errors as errors
from .wire import Exchange, Route, empty, json_answer

__all__ = ["ROUTES"]


def list_calls(ex: Exchange) -> Response:
    args = ex.request.args
    sort_order = args.get("sortOrder") or "desc"
    if sort_order not in ("asc", "desc"):
        raise errors.one_of("calls", "sortOrder", ("asc", "desc"), sort_order)
    bridge_id = args.get("bridgeId") or None
    conference_id = args.get("conferenceId") or None
    paginated = not (bridge_id or conference_id)  # documented: no pagination for these filters
    page, size = ex.page("calls") if paginated else (0, None)
    items, more = ex.engine.calls.list_calls(
        bridge_id=bridge_id,
        conference_id=conference_id,
        from_=args.get("from") or None,
        to=args.get("to") or None,
        descending=sort_order == "desc",
        page=page,
        size=size,
        base=ex.base,
    )
    if size is None:
        return json_answer(items)  # type: ignore[arg-type]
    return ex.paginated(page, size, items, more)


def create_call(ex: Exchange) -> Response:
    call_id = ex.engine.calls.create(ex.body())
    return empty(201, ex.engine.runtime.call_url(call_id, ex.base))


def get_call(ex: Exchange, call_id: str) -> Response:
    return json_answer(ex.engine.calls.get(call_id, ex.base))


def update_call(ex: Exchange, call_id: str) -> Response:
    new_call = ex.engine.calls.update(call_id, ex.body())
    if new_call is not None:  # a transfer: the new call's Location
        return empty(201, ex.engine.runtime.call_url(new_call, ex.base))
    return empty()


def play_call_audio(ex: Exchange, call_id: str) -> Response:
    ex.engine.audio.play(call_id, ex.body())
    return empty()


def send_dtmf(ex: Exchange, call_id: str) -> Response:
    ex.engine.audio.send_dtmf(call_id, ex.body())
    return empty()


def list_events(ex: Exchange, call_id: str) -> Response:
    return json_answer(ex.engine.calls.events(call_id))  # type: ignore[arg-type]


def get_event(ex: Exchange, call_id: str, event_id: str) -> Response:
    return json_answer(ex.engine.calls.event(call_id, event_id))


def list_call_recordings(ex: Exchange, call_id: str) -> Response:
    return json_answer(ex.engine.recordings.list_for_call(call_id, ex.base))  # type: ignore[arg-type]


def list_call_transcriptions(ex: Exchange, call_id: str) -> Response:
    return json_answer(ex.engine.recordings.transcriptions_for_call(call_id, ex.base))  # type: ignore[arg-type]


def create_gather(ex: Exchange, call_id: str) -> Response:
    gather_id = ex.engine.gathers.create(call_id, ex.body())
    return empty(201, ex.engine.runtime.gather_url(call_id, gather_id, ex.base))


def get_gather(ex: Exchange, call_id: str, gather_id: str) -> Response:
    return json_answer(ex.engine.gathers.get(call_id, gather_id, ex.base))


def update_gather(ex: Exchange, call_id: str, gather_id: str) -> Response:
    ex.engine.gathers.update(call_id, gather_id, ex.body())
    return empty()


_CALL = "/calls/<call_id>"
ROUTES: list[Route] = [
    ("/calls", "GET", list_calls),
    ("/calls", "POST", create_call),
    (_CALL, "GET", get_call),
    (_CALL, "POST", update_call),
    (f"{_CALL}/audio", "POST", play_call_audio),
    (f"{_CALL}/dtmf", "POST", send_dtmf),
    (f"{_CALL}/events", "GET", list_events),
    (f"{_CALL}/events/<event_id>", "GET", get_event),
    (f"{_CALL}/recordings", "GET", list_call_recordings),
    (f"{_CALL}/transcriptions", "GET", list_call_transcriptions),
    (f"{_CALL}/gather", "POST", create_gather),
    (f"{_CALL}/gather/<gather_id>", "GET", get_gather),
    (f"{_CALL}/gather/<gather_id>", "POST", update_gather),
]
"""Paths under ``/v1/users/<user_id>``."""
