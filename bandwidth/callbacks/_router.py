# The `on` overloads map each documented eventType literal to its event class, and a catch-all takes any
# other string: mypy calls the literal overloads "overlapping" with it, which is the intent (a literal
# picks the precise handler type, a string known only at run time gets the base class).
# mypy: disable-error-code="overload-overlap"
# pyright: reportOverlappingOverload=false
"""Routing callbacks to handlers, dropping repeated deliveries, and serving them as a WSGI application."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, TypeAlias, TypeVar, overload

from .._exceptions import InvalidParameterError
from ._auth import _ExpectedCredentials
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
from ._parse import (
    EVENT_TYPES,
    AnyCallbackEvent,
    CallbackParseError,
    CallbackPayload,
    parse_callback,
    parse_callback_query,
)
from ._recent import RecentEvents

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from .._client import Client
    from ..bxml.response import Response

__all__ = ["EVENT_ID_HEADER", "CallbackRouter", "HandlerDecorator"]

logger = logging.getLogger("bandwidth.callbacks")

E = TypeVar("E", bound=CallbackEvent)
E1 = TypeVar("E1", bound=CallbackEvent)
E2 = TypeVar("E2", bound=CallbackEvent)
E3 = TypeVar("E3", bound=CallbackEvent)
R = TypeVar("R", bound="Response | None")


class HandlerDecorator(Protocol[E]):
    """What :meth:`CallbackRouter.on` returns: a decorator that registers a handler of ``E`` events and
    returns it unchanged. The type checker makes sure the handler accepts ``E`` and returns ``None`` or a
    :class:`bandwidth.bxml.Response` (the BXML the router answers with)."""

    def __call__(self, handler: Callable[[E], R], /) -> Callable[[E], R]: ...


_Handler: TypeAlias = "Callable[[Any], object]"

_NAMES: Final[dict[str, type[CallbackEvent]]] = {**EVENT_TYPES, "reject": RejectEvent}

DEFAULT_DEDUPLICATE: Final = 4096
DEFAULT_REPEAT_WAIT: Final = 30.0
"""Seconds a repeat waits for the answer of a first delivery still being handled (BXML's longest default
``requestUrlTimeout``: the API waits no longer for either)."""
EVENT_ID_HEADER: Final = "X-Callback-Event-Id"
"""A delivery's event identity, when the sender gives one (``bandwidth.emulator`` does; the API documents
none): every delivery of one event carries the same value, and different events different ones."""
MAX_EVENT_ID_LENGTH: Final = 200
DEFAULT_MAX_BODY_SIZE: Final = 1 << 20

_OK: Final = "200 OK"
_BAD_REQUEST: Final = "400 Bad Request"
_UNAUTHORIZED: Final = "401 Unauthorized"
_METHOD_NOT_ALLOWED: Final = "405 Method Not Allowed"
_TOO_LARGE: Final = "413 Content Too Large"
_SERVER_ERROR: Final = "500 Internal Server Error"
_UNAVAILABLE: Final = "503 Service Unavailable"
_BXML_CONTENT_TYPE: Final = "application/xml"


class _StillHandled(Exception):
    """A repeat waited ``repeat_wait`` seconds, and the first delivery of its event is still being handled."""


class _BodyError(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class CallbackRouter:
    """Routes callback events to handlers by type; also a WSGI application (``router(environ, start_resp)``).

    Handlers run synchronously, in registration order, for the most specific class of the event that has
    any: a :class:`RejectEvent` goes to reject handlers, else to hangup handlers, else to the fallback.

    Only true re-deliveries are dropped. The API's callbacks carry no event id, so a repeat is recognised by
    what identifies the event: the ``X-Callback-Event-Id`` header when the delivery has one (the emulator
    sends it), else :attr:`CallbackEvent.dedup_key` for kinds that happen once per key (answer, hangup,
    timeout, incomingcall, gather, recording, transcription, transferComplete, conference). Kinds that can
    legitimately repeat with the same payload (:attr:`CallbackEvent.repeatable`: dtmf, playback, speak,
    redirect, conference member, playback and speak, unknown) are never dropped without the header:
    pressing ``1`` twice in one millisecond is two events. When a handler raises, its event's key is
    forgotten, so a retry runs.

    A dropped repeat is answered as the first delivery was: the WSGI application serves the same BXML
    document again (kept with the key), so a BXML call whose first answer was lost (a timeout, then the
    ``fallbackUrl``) still gets it. A repeat that arrives while the first delivery is still being handled
    waits for that answer, at most ``repeat_wait`` seconds.

    Args:
        client: The client of the account; events are bound to it, so ``event.call.hangup()`` works in a
            handler (one request).
        username: The name in the callback URL's credentials; with ``password``, requests to the WSGI
            application must carry them (else 401).
        password: The password in the callback URL's credentials.
        deduplicate: How many recent event keys to remember for dropping repeats (with the BXML each was
            answered with, 8 MB of documents at most in all); ``0`` turns it off.
        max_body_size: Largest POST body the WSGI application reads, in bytes (larger: 413).
        repeat_wait: How long, in seconds, a repeat that arrives while the first delivery of its event is
            still being handled waits for that delivery's answer; then the WSGI application answers 503
            (and :meth:`dispatch` returns ``None``).

    Raises:
        InvalidParameterError: Only one of ``username`` and ``password`` is given, or a size or the wait is
            negative.
    """

    def __init__(
        self,
        client: Client | None = None,
        *,
        username: str | None = None,
        password: str | None = None,
        deduplicate: int = DEFAULT_DEDUPLICATE,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
        repeat_wait: float = DEFAULT_REPEAT_WAIT,
    ) -> None:
        if (username is None) != (password is None):
            raise InvalidParameterError("username", "give both username and password, or neither")
        if username is not None and password is not None:
            if not isinstance(username, str) or not isinstance(password, str) or not password:
                raise InvalidParameterError("password", "expected a name and a non-empty password (strings)")
            self._credentials: _ExpectedCredentials | None = _ExpectedCredentials(username, password)
        else:
            self._credentials = None
        if isinstance(deduplicate, bool) or not isinstance(deduplicate, int) or deduplicate < 0:
            raise InvalidParameterError("deduplicate", "expected a number of keys, 0 or more")
        if isinstance(max_body_size, bool) or not isinstance(max_body_size, int) or max_body_size < 1:
            raise InvalidParameterError("max_body_size", "expected a number of bytes, 1 or more")
        if (
            isinstance(repeat_wait, bool)
            or not isinstance(repeat_wait, (int, float))
            or not 0 <= repeat_wait < math.inf
        ):
            raise InvalidParameterError("repeat_wait", "expected a number of seconds, 0 or more")
        self._client = client
        self._recent = RecentEvents(deduplicate) if deduplicate else None
        self._repeat_wait = float(repeat_wait)
        self._max_body_size = max_body_size
        self._handlers: dict[type[CallbackEvent] | str, tuple[_Handler, ...]] = {}
        self._lock = threading.Lock()

    @property
    def client(self) -> Client | None:
        """The client events are bound to, if any."""
        return self._client

    # -- registration ------------------------------------------------------------------------------------

    @overload
    def on(self, event_type: type[E], /) -> HandlerDecorator[E]: ...
    @overload
    def on(self, first: type[E1], second: type[E2], /) -> HandlerDecorator[E1 | E2]: ...
    @overload
    def on(self, first: type[E1], second: type[E2], third: type[E3], /) -> HandlerDecorator[E1 | E2 | E3]: ...
    @overload
    def on(self, event_type: Literal["answer"], /) -> HandlerDecorator[AnswerEvent]: ...
    @overload
    def on(self, event_type: Literal["hangup"], /) -> HandlerDecorator[HangupEvent]: ...
    @overload
    def on(self, event_type: Literal["reject"], /) -> HandlerDecorator[RejectEvent]: ...
    @overload
    def on(self, event_type: Literal["timeout"], /) -> HandlerDecorator[TimeoutEvent]: ...
    @overload
    def on(self, event_type: Literal["incomingcall"], /) -> HandlerDecorator[IncomingCallEvent]: ...
    @overload
    def on(self, event_type: Literal["playback"], /) -> HandlerDecorator[PlaybackEvent]: ...
    @overload
    def on(self, event_type: Literal["speak"], /) -> HandlerDecorator[SpeakEvent]: ...
    @overload
    def on(self, event_type: Literal["dtmf"], /) -> HandlerDecorator[DtmfEvent]: ...
    @overload
    def on(self, event_type: Literal["gather"], /) -> HandlerDecorator[GatherEvent]: ...
    @overload
    def on(self, event_type: Literal["recording"], /) -> HandlerDecorator[RecordingEvent]: ...
    @overload
    def on(self, event_type: Literal["transcription"], /) -> HandlerDecorator[TranscriptionEvent]: ...
    @overload
    def on(self, event_type: Literal["redirect"], /) -> HandlerDecorator[RedirectEvent]: ...
    @overload
    def on(self, event_type: Literal["transferComplete"], /) -> HandlerDecorator[TransferCompleteEvent]: ...
    @overload
    def on(self, event_type: Literal["conference"], /) -> HandlerDecorator[ConferenceEvent]: ...
    @overload
    def on(self, event_type: Literal["conference-member"], /) -> HandlerDecorator[ConferenceMemberEvent]: ...
    @overload
    def on(
        self, event_type: Literal["conference-playback"], /
    ) -> HandlerDecorator[ConferencePlaybackEvent]: ...
    @overload
    def on(self, event_type: Literal["conference-speak"], /) -> HandlerDecorator[ConferenceSpeakEvent]: ...
    @overload
    def on(self, *event_types: str | type[CallbackEvent]) -> HandlerDecorator[CallbackEvent]: ...

    def on(self, *event_types: str | type[CallbackEvent]) -> Callable[[Callable[..., Any]], Any]:
        """Register the decorated function as a handler of these event types.

        Each type is an event class (``AnswerEvent``; a base class catches its subclasses) or an
        ``eventType`` name (``"answer"``, and ``"reject"`` for :class:`RejectEvent`). Any other name routes
        the :class:`UnknownEvent` of that ``eventType``, for events this SDK does not model yet.

        Typed: the handler must accept the classes given (``on(AnswerEvent)`` wants a function of an
        ``AnswerEvent``); to register one handler for several types, give them all to one ``on`` call.

        Raises:
            InvalidParameterError: No type is given, or one is neither a name nor an event class.
        """
        keys = [self._key(event_type) for event_type in event_types]
        if not keys:
            raise InvalidParameterError("event_types", "give at least one event class or eventType name")

        def register(handler: Callable[..., Any]) -> Any:
            if not callable(handler):
                raise InvalidParameterError("handler", f"expected a function, got {type(handler).__name__}")
            for key in keys:
                self._add(key, handler)
            return handler

        return register

    def fallback(self, handler: Callable[[AnyCallbackEvent], R]) -> Callable[[AnyCallbackEvent], R]:
        """Register the decorated function for events no other handler takes (as ``on(CallbackEvent)``)."""
        if not callable(handler):
            raise InvalidParameterError("handler", f"expected a function, got {type(handler).__name__}")
        self._add(CallbackEvent, handler)
        return handler

    @staticmethod
    def _key(event_type: object) -> type[CallbackEvent] | str:
        if isinstance(event_type, str):
            if not event_type:
                raise InvalidParameterError("event_types", "an eventType name must not be empty")
            return _NAMES.get(event_type, event_type)
        if isinstance(event_type, type) and issubclass(event_type, CallbackEvent):
            return event_type
        raise InvalidParameterError(
            "event_types", f"expected an event class or an eventType name, got {event_type!r}"
        )

    def _add(self, key: type[CallbackEvent] | str, handler: _Handler) -> None:
        with self._lock:
            # Replaced, never mutated, so dispatching threads read a consistent map without the lock.
            handlers = dict(self._handlers)
            handlers[key] = (*handlers.get(key, ()), handler)
            self._handlers = handlers

    def handlers_for(self, event: CallbackEvent) -> tuple[Callable[[Any], object], ...]:
        """The handlers :meth:`dispatch` would run for ``event`` (empty when none, not even a fallback)."""
        handlers = self._handlers
        if type(event) is UnknownEvent:
            found = handlers.get(event.event_type)
            if found:
                return found
        for cls in type(event).__mro__:
            found = handlers.get(cls)
            if found:
                return found
            if cls is CallbackEvent:
                break
        return ()

    # -- dispatching -------------------------------------------------------------------------------------

    @overload
    def dispatch(self, payload: E, /, *, event_id: str | None = None) -> E | None: ...
    @overload
    def dispatch(
        self, payload: CallbackPayload, /, *, event_id: str | None = None
    ) -> AnyCallbackEvent | None: ...

    def dispatch(
        self, payload: CallbackPayload | CallbackEvent, /, *, event_id: str | None = None
    ) -> CallbackEvent | None:
        """Run the handlers of an event, parsing it first if needed (see :func:`parse_callback`).

        Args:
            payload: The callback: body, query pairs, mapping or parsed event.
            event_id: The delivery's event identity, if it has one (the ``X-Callback-Event-Id`` header):
                then it alone decides whether the delivery repeats one seen recently.

        Returns:
            The event, or ``None`` when it repeats one seen recently and was dropped (also when its first
            delivery was still being handled after ``repeat_wait`` seconds).

        Raises:
            CallbackParseError: The payload is not a callback.
            Exception: Whatever a handler raised (the event's key is forgotten first, so a retry runs).
        """
        try:
            return self._dispatch(payload, event_id)[0]
        except _StillHandled:
            return None

    def _dispatch(
        self, payload: CallbackPayload | CallbackEvent, event_id: str | None = None, *, serve: bool = False
    ) -> tuple[CallbackEvent | None, str | None]:
        """:meth:`dispatch`, and the BXML document to answer with: with ``serve`` (the WSGI application),
        the handler's :class:`bandwidth.bxml.Response` serialized (``TypeError`` when several answer,
        ``InvalidBXMLError`` over 16 KB), kept for the repeats; a dropped repeat gets the first delivery's.

        Raises:
            _StillHandled: A repeat waited ``repeat_wait`` seconds for the first delivery's answer.
        """
        if isinstance(payload, CallbackEvent):
            event: CallbackEvent = payload
            if self._client is not None and not event.is_bound:
                event = self._client.bind(event)
        else:
            event = parse_callback(payload, client=self._client)
        recent = self._recent
        key = _repeat_key(event, event_id) if recent is not None else None
        if recent is None or key is None:
            return event, self._run(event, serve)
        deadline = time.monotonic() + self._repeat_wait
        first, claimed = recent.claim(key)
        while not claimed:
            if not first.settled.wait(max(0.0, deadline - time.monotonic())):
                logger.debug("a repeated %s callback: the first is still being handled", event.event_type)
                raise _StillHandled
            if not first.failed:
                logger.debug("dropped a repeated %s callback, answered as the first", event.event_type)
                return None, first.document
            first, claimed = recent.claim(key)  # the first delivery failed: this one is the retry
        try:
            document = self._run(event, serve)
        except BaseException:
            recent.failed(key, first)
            raise
        recent.answered(key, first, document)
        return event, document

    def _run(self, event: CallbackEvent, serve: bool) -> str | None:
        """Run the handlers of ``event``; with ``serve``, the BXML document one answered with."""
        handlers = self.handlers_for(event)
        if not handlers:
            logger.debug("no handler for a %s callback", event.event_type)
        answer: Response | None = None
        for handler in handlers:
            answer = _bxml_answer(handler(event), answer)
        return answer.to_xml() if serve and answer is not None else None

    # -- WSGI --------------------------------------------------------------------------------------------

    def wsgi_app(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """The router as a WSGI application, for any WSGI server or framework; it ignores the path.

        ``GET`` reads the query string, ``POST`` the JSON body (or a form-encoded one). Answers: 200 with
        the BXML document (``application/xml``) when a handler returned a :class:`bandwidth.bxml.Response`;
        200 with an empty body when handled otherwise; a repeat dropped gets what the first delivery got
        (the same document, or an empty body); 400 when the request is not a callback; 401 when credentials
        are configured and missing or wrong; 405 for other methods; 413 for a body over ``max_body_size``;
        500 when a handler raised, more than one answered with a ``Response``, or one answered with a
        document over the 16 KB BXML limit (logged to ``bandwidth.callbacks``); 503 when a repeat waited
        ``repeat_wait`` seconds for a first delivery still being handled.
        """
        status, message, extra_headers = self._respond(environ)
        body = message.encode("utf-8")
        headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
        if any(name == "Content-Type" for name, _ in extra_headers):
            del headers[0]
        start_response(status, headers + extra_headers)
        return [body]

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        return self.wsgi_app(environ, start_response)

    def _respond(self, environ: WSGIEnvironment) -> tuple[str, str, list[tuple[str, str]]]:
        method = str(environ.get("REQUEST_METHOD", "")).upper()
        if method not in ("GET", "POST"):
            return _METHOD_NOT_ALLOWED, "only GET and POST are allowed\n", [("Allow", "GET, POST")]
        if self._credentials is not None and not self._credentials.check(environ.get("HTTP_AUTHORIZATION")):
            logger.debug("refused a callback without the expected credentials")
            challenge = 'Basic realm="callbacks", charset="UTF-8"'
            return _UNAUTHORIZED, "credentials required\n", [("WWW-Authenticate", challenge)]
        try:
            if method == "GET":
                event = parse_callback_query(_query_string(environ), client=self._client)
            else:
                body = _read_body(environ, self._max_body_size)
                if _media_type(environ) == "application/x-www-form-urlencoded":
                    event = parse_callback_query(body, client=self._client)
                else:
                    event = parse_callback(body, client=self._client)
        except _BodyError as error:
            return error.status, f"{error.message}\n", []
        except CallbackParseError as error:
            logger.debug("refused a request that is not a callback: %s", error.reason)
            return _BAD_REQUEST, f"not a callback: {error.reason}\n", []
        raw_id = str(environ.get("HTTP_X_CALLBACK_EVENT_ID", "")).strip()
        event_id = raw_id if 0 < len(raw_id) <= MAX_EVENT_ID_LENGTH else None
        try:
            document = self._dispatch(event, event_id, serve=True)[1]
        except _StillHandled:
            return _UNAVAILABLE, "the first delivery of this event is still being handled\n", []
        except Exception:
            logger.exception("a callback handler failed on the %s event", event.event_type)
            return _SERVER_ERROR, "callback handler failed\n", []
        if document is not None:
            return _OK, document, [("Content-Type", _BXML_CONTENT_TYPE)]
        return _OK, "", []


def _repeat_key(event: CallbackEvent, event_id: str | None) -> Hashable | None:
    """What tells a re-delivery of ``event`` from another event; ``None``: nothing can (never dropped)."""
    if event_id is not None:
        return ("event-id", event_id)
    if event.repeatable:
        return None
    return event.dedup_key


def _bxml_answer(result: object, answer: Response | None) -> Response | None:
    """The BXML to answer with, after a handler returned ``result`` (other values are ignored)."""
    if result is None:
        return answer
    from ..bxml.response import Response  # loaded by the first handler that returns something

    if isinstance(result, Response):
        if answer is not None:
            raise TypeError("more than one handler answered with a bandwidth.bxml.Response; give one")
        return result
    logger.warning("ignored a callback handler's %s: return None or a Response", type(result).__name__)
    return answer


def _query_string(environ: WSGIEnvironment) -> str:
    # WSGI gives the raw bytes as latin-1 text; percent-decoding then reads them as UTF-8.
    raw = str(environ.get("QUERY_STRING", ""))
    return raw.encode("latin-1", "replace").decode("utf-8", "replace")


def _media_type(environ: WSGIEnvironment) -> str:
    return str(environ.get("CONTENT_TYPE", "")).partition(";")[0].strip().lower()


def _read_body(environ: WSGIEnvironment, limit: int) -> bytes:
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    length_text = str(environ.get("CONTENT_LENGTH") or "").strip()
    if length_text:
        try:
            length = int(length_text)
        except ValueError:
            raise _BodyError(_BAD_REQUEST, "invalid Content-Length") from None
        if length < 0:
            raise _BodyError(_BAD_REQUEST, "invalid Content-Length")
        if length > limit:
            raise _BodyError(_TOO_LARGE, "callback body too large")
        return bytes(stream.read(length)) if length else b""
    if environ.get("wsgi.input_terminated"):
        # No length (chunked): the server ends the stream; read one byte past the limit to detect excess.
        data = bytes(stream.read(limit + 1))
        if len(data) > limit:
            raise _BodyError(_TOO_LARGE, "callback body too large")
        return data
    return b""
