"""Parsing what the API sends to a callback URL (a JSON body or GET query parameters) into a typed event.

The API names the event in ``eventType``: parsing picks the model from it and keeps any field the
documentation does not list. An ``eventType`` this SDK does not know yet gives an
:class:`~bandwidth.callbacks.UnknownEvent`, never an error, so a new kind of callback cannot break a running
application.
"""

from __future__ import annotations

import json
import re
from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Final, TypeAlias
from urllib.parse import parse_qsl

from pydantic import TypeAdapter, ValidationError
from pydantic_core import core_schema

from .._exceptions import BandwidthError
from ._conference_events import (
    ConferenceEvent,
    ConferenceMemberEvent,
    ConferencePlaybackEvent,
    ConferenceSpeakEvent,
)
from ._events import (
    AnswerEvent,
    CallbackEvent,
    DtmfEvent,
    GatherEvent,
    HangupEvent,
    IncomingCallEvent,
    PlaybackEvent,
    RecordingEvent,
    RedirectEvent,
    RejectEvent,
    SpeakEvent,
    TimeoutEvent,
    TranscriptionEvent,
    TransferCompleteEvent,
    UnknownEvent,
)

if TYPE_CHECKING:
    from .._client import Client

__all__ = [
    "EVENT_TYPES",
    "AnyCallbackEvent",
    "CallbackParseError",
    "CallbackPayload",
    "parse_callback",
    "parse_callback_query",
]


class CallbackParseError(BandwidthError, ValueError):
    """The payload is not a callback: not JSON, not an object, no ``eventType``, or a known event with
    fields that do not validate. The message is short and never repeats the payload."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


AnyCallbackEvent: TypeAlias = (
    AnswerEvent
    | HangupEvent
    | RejectEvent
    | TimeoutEvent
    | IncomingCallEvent
    | PlaybackEvent
    | SpeakEvent
    | DtmfEvent
    | GatherEvent
    | RecordingEvent
    | TranscriptionEvent
    | RedirectEvent
    | TransferCompleteEvent
    | ConferenceEvent
    | ConferenceMemberEvent
    | ConferencePlaybackEvent
    | ConferenceSpeakEvent
    | UnknownEvent
)
"""Every event :func:`parse_callback` returns; narrow it with ``match`` or ``isinstance``."""

EVENT_TYPES: Final[Mapping[str, type[CallbackEvent]]] = {
    "answer": AnswerEvent,
    "hangup": HangupEvent,
    "timeout": TimeoutEvent,
    "incomingcall": IncomingCallEvent,
    "playback": PlaybackEvent,
    "speak": SpeakEvent,
    "dtmf": DtmfEvent,
    "gather": GatherEvent,
    "recording": RecordingEvent,
    "transcription": TranscriptionEvent,
    "redirect": RedirectEvent,
    "transferComplete": TransferCompleteEvent,
    "conference": ConferenceEvent,
    "conference-member": ConferenceMemberEvent,
    "conference-playback": ConferencePlaybackEvent,
    "conference-speak": ConferenceSpeakEvent,
}
"""The model of each documented ``eventType`` (a rejected call is a ``hangup`` event, see RejectEvent)."""


class _AnyEventSchema:
    """A union tagged by ``eventType`` (looked up natively, so JSON bytes never become Python dicts first),
    with :class:`UnknownEvent` as the fallback for a tag it does not list."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        choices: dict[Hashable, core_schema.CoreSchema] = {
            tag: handler.generate_schema(model) for tag, model in EVENT_TYPES.items()
        }
        # A rejection is a hangup whose cause is CALL_REJECTED: try RejectEvent first.
        choices["hangup"] = core_schema.union_schema(
            [handler.generate_schema(RejectEvent), choices["hangup"]], mode="left_to_right"
        )
        by_alias_or_name: list[list[str | int]] = [["eventType"], ["event_type"]]
        known = core_schema.tagged_union_schema(choices, discriminator=by_alias_or_name)
        return core_schema.union_schema([known, handler.generate_schema(UnknownEvent)], mode="left_to_right")


_ADAPTER: Final[TypeAdapter[AnyCallbackEvent]] = TypeAdapter(Annotated[AnyCallbackEvent, _AnyEventSchema])


# -- parsing ---------------------------------------------------------------------------------------------

CallbackPayload: TypeAlias = (
    bytes | bytearray | memoryview | str | Mapping[str, object] | Iterable[tuple[str, str]]
)
"""What :func:`parse_callback` takes: a JSON body (bytes or text), a JSON object already decoded, the
query parameters of a GET callback as a mapping, or ``(name, value)`` pairs."""


def parse_callback(payload: CallbackPayload, *, client: Client | None = None) -> AnyCallbackEvent:
    """Parse what the API sent to a callback URL into a typed event.

    Accepted forms:

    * a POST body: JSON ``bytes`` (validated directly, the fast path) or ``str``;
    * a ``dict`` decoded from JSON;
    * the query parameters of a GET callback: any ``Mapping[str, str]`` (a framework's query dict: each
      name is read with ``mapping[name]``, so a multi-dict gives the value it gives for that name), or an
      iterable of ``(name, value)`` pairs (the last value of a repeated name wins). Values are text; numbers,
      booleans and times are read from it. For a raw query string, use :func:`parse_callback_query`.

    Args:
        payload: The body or the query parameters.
        client: The client whose account the callback is about; the event is bound to it, so
            ``event.call`` (and ``event.gather``, ``event.recording`` ...) are handles that need no request.

    Returns:
        The event's model, chosen by ``eventType``; :class:`UnknownEvent` for a type this SDK does not know.

    Raises:
        CallbackParseError: The payload is not JSON, not an object, has no ``eventType``, or is a known
            event whose fields do not validate.
    """
    if isinstance(payload, (bytes, bytearray, memoryview, str)):
        body = bytes(payload) if isinstance(payload, memoryview) else payload
        try:
            event = _ADAPTER.validate_json(body)
        except ValidationError as error:
            raise _explain_json(body, error) from error
        if type(event) is UnknownEvent and event.event_type in EVENT_TYPES:
            _raise_for_known(event.event_type, _loads(body))
    else:
        if type(payload) is dict:
            data: dict[Any, object] = payload
        elif isinstance(payload, Mapping):
            # Multi-dicts (werkzeug's, Django's) subclass dict but store lists: read each name through
            # the mapping, which gives the value the framework gives for it.
            mapping: Mapping[Any, object] = payload
            data = {name: mapping[name] for name in mapping}
        else:
            data = _pairs(payload)
        event = _validate(data)
    if client is not None:
        event._bind(client._transport)
    return event


def parse_callback_query(query: str | bytes, *, client: Client | None = None) -> AnyCallbackEvent:
    """Parse the query string of a GET callback (``eventType=answer&callId=c-...``, a leading ``?`` allowed).

    Values are form-decoded as UTF-8 (``%2B`` is ``+``, ``+`` is a space); a repeated name keeps its last
    value.

    Args:
        query: The query string, e.g. the ``QUERY_STRING`` of a WSGI request.
        client: As for :func:`parse_callback`.

    Returns:
        The typed event.

    Raises:
        CallbackParseError: There is no ``eventType``, or a known event's fields do not validate.
    """
    text = query.decode("utf-8", "replace") if isinstance(query, bytes) else query
    return parse_callback(dict(parse_qsl(text.removeprefix("?"), keep_blank_values=True)), client=client)


def _pairs(payload: Iterable[tuple[str, str]]) -> dict[Any, object]:
    try:
        return dict(payload)
    except (TypeError, ValueError):
        raise CallbackParseError("the payload is neither JSON, a mapping nor (name, value) pairs") from None


def _validate(data: object) -> AnyCallbackEvent:
    try:
        event = _ADAPTER.validate_python(data)
    except ValidationError as error:
        raise _explain(data, error) from error
    if type(event) is UnknownEvent and event.event_type in EVENT_TYPES:
        _raise_for_known(event.event_type, data)
    return event


def _explain_json(body: str | bytes | bytearray, error: ValidationError) -> CallbackParseError:
    if any(detail["type"] == "json_invalid" for detail in error.errors(include_url=False)):
        text = body if isinstance(body, str) else bytes(body).decode("latin-1")
        if "eventType=" in text and not text.lstrip().startswith("{"):
            return CallbackParseError(
                "the body is not JSON but looks like a query string; use parse_callback_query()"
            )
        return CallbackParseError("the body is not valid JSON")
    try:
        data = _loads(body)
    except ValueError:
        return CallbackParseError("the body is not valid JSON")
    return _explain(data, error)


def _loads(body: str | bytes | bytearray) -> object:
    """The body as Python data, on the error path only (the fast path never builds it)."""
    return json.loads(body)


def _explain(data: object, error: ValidationError) -> CallbackParseError:
    """A short reason for a payload the union refused (this runs on failures only)."""
    if not isinstance(data, dict):
        return CallbackParseError(f"the payload is a JSON {_json_kind(data)}, not an object")
    if not all(isinstance(name, str) for name in data):
        return CallbackParseError("the payload has a field name that is not a string")
    event_type = data.get("eventType", data.get("event_type"))
    if event_type is None:
        return CallbackParseError("the payload has no eventType: not a callback")
    if not isinstance(event_type, str):
        return CallbackParseError(f"eventType is not a string but a JSON {_json_kind(event_type)}")
    if not event_type:
        return CallbackParseError("eventType is empty")
    return _field_errors(event_type, error)


def _raise_for_known(event_type: str, data: object) -> None:
    """A known eventType whose model refused the payload fell through to UnknownEvent: raise why."""
    try:
        EVENT_TYPES[event_type].model_validate(data)
    except ValidationError as error:
        raise _field_errors(event_type, error) from error
    raise CallbackParseError(f"invalid {event_type} callback")  # pragma: no cover - the union said no


_SCHEMA_LABEL = re.compile(r"[\[\](]|^(?:union|function-|tagged-union|json-or-python)")
"""A part of an error location that names a schema (a union branch), not a field."""


def _field_errors(event_type: str, error: ValidationError) -> CallbackParseError:
    problems: dict[str, str] = {}
    for detail in error.errors(include_url=False, include_input=False):
        # Keep the field path, up to the names of the union branches tried: one message per field.
        path: list[str] = []
        for part in detail["loc"]:
            if _SCHEMA_LABEL.search(str(part)):
                break
            path.append(str(part))
        problems.setdefault(".".join(path), detail["msg"])
    reasons = [f"{field}: {message}" if field else message for field, message in problems.items()]
    return CallbackParseError(f"invalid {event_type} callback: " + "; ".join(reasons[:5]))


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "null" if value is None else type(value).__name__
