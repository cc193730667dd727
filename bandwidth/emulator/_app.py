"""The HTTP face of the emulator, on werkzeug: the v1 voice paths and the ``/_emulator/`` control paths.

API requests need HTTP basic auth with the emulator's token and secret, and the user id in the path must be
the emulator's. Answers follow the documented wire format: camelCase JSON, ``201`` with an absolute
``Location`` for creates, ``Link`` headers (``first``, ``previous``, ``next``) on paginated lists, and the
``{"category", "code", "message", "details"}`` body for errors. URLs in answers use the host the request was
sent to, so they point back at the emulator whatever name the client used for it.
"""

from __future__ import annotations

import functools
import hmac
import json
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from .._types import JSONObject, JSONValue
from . import _errors as errors
from ._body import read_json_object
from ._callbacks import Delivery
from ._clock import format_time
from ._errors import EmulatorError
from ._limits import Limits
from .engine import Engine
from .engine.bxml import render_application

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

__all__ = ["EmulatorApp"]

logger = logging.getLogger("bandwidth.emulator")

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 1000

Handler = Callable[..., Response]

_USER = "/v1/users/<user_id>"
_API_ROUTES: list[tuple[str, str, str]] = [
    (f"{_USER}/calls", "GET", "list_calls"),
    (f"{_USER}/calls", "POST", "create_call"),
    (f"{_USER}/calls/<call_id>", "GET", "get_call"),
    (f"{_USER}/calls/<call_id>", "POST", "update_call"),
    (f"{_USER}/calls/<call_id>/audio", "POST", "play_call_audio"),
    (f"{_USER}/calls/<call_id>/dtmf", "POST", "send_dtmf"),
    (f"{_USER}/calls/<call_id>/events", "GET", "list_events"),
    (f"{_USER}/calls/<call_id>/events/<event_id>", "GET", "get_event"),
    (f"{_USER}/calls/<call_id>/recordings", "GET", "list_call_recordings"),
    (f"{_USER}/calls/<call_id>/transcriptions", "GET", "list_call_transcriptions"),
    (f"{_USER}/calls/<call_id>/gather", "POST", "create_gather"),
    (f"{_USER}/calls/<call_id>/gather/<gather_id>", "GET", "get_gather"),
    (f"{_USER}/calls/<call_id>/gather/<gather_id>", "POST", "update_gather"),
    (f"{_USER}/bridges", "GET", "list_bridges"),
    (f"{_USER}/bridges", "POST", "create_bridge"),
    (f"{_USER}/bridges/<bridge_id>", "GET", "get_bridge"),
    (f"{_USER}/bridges/<bridge_id>", "POST", "update_bridge"),
    (f"{_USER}/bridges/<bridge_id>/audio", "POST", "play_bridge_audio"),
    (f"{_USER}/bridges/<bridge_id>/calls", "GET", "list_bridge_calls"),
    (f"{_USER}/recordings", "GET", "list_recordings"),
    (f"{_USER}/recordings/<recording_id>", "GET", "get_recording"),
    (f"{_USER}/recordings/<recording_id>/transcriptions", "GET", "list_transcriptions"),
    (f"{_USER}/recordings/<recording_id>/transcriptions", "POST", "create_transcription"),
    (f"{_USER}/recordings/<recording_id>/transcriptions/<transcription_id>", "GET", "get_transcription"),
    (f"{_USER}/media/<name>", "GET", "get_media"),
    (f"{_USER}/conferences", "POST", "create_conference"),
    (f"{_USER}/conferences/<conference_id>", "GET", "get_conference"),
    (f"{_USER}/conferences/<conference_id>", "POST", "update_conference"),
    (f"{_USER}/conferences/<conference_id>/audio", "POST", "play_conference_audio"),
    (f"{_USER}/conferences/<conference_id>/members", "GET", "list_members"),
    (f"{_USER}/conferences/<conference_id>/members", "POST", "add_member"),
    (f"{_USER}/conferences/<conference_id>/members/<member_id>", "GET", "get_member"),
    (f"{_USER}/conferences/<conference_id>/members/<member_id>", "POST", "update_member"),
    (f"{_USER}/conferences/<conference_id>/members/<member_id>/audio", "POST", "play_member_audio"),
]

_CONTROL_ROUTES: list[tuple[str, str, str]] = [
    ("/_emulator", "GET", "control_info"),
    ("/_emulator/clock", "GET", "control_clock"),
    ("/_emulator/advance", "POST", "control_advance"),
    ("/_emulator/deliveries", "GET", "control_deliveries"),
    ("/_emulator/reset", "POST", "control_reset"),
    ("/_emulator/incoming-calls", "POST", "control_incoming_call"),
    ("/_emulator/calls/<call_id>", "GET", "control_call"),
    ("/_emulator/calls/<call_id>/answer", "POST", "control_answer"),
    ("/_emulator/calls/<call_id>/reject", "POST", "control_reject"),
    ("/_emulator/calls/<call_id>/busy", "POST", "control_busy"),
    ("/_emulator/calls/<call_id>/hangup", "POST", "control_hangup"),
    ("/_emulator/calls/<call_id>/press", "POST", "control_press"),
    ("/_emulator/calls/<call_id>/speak", "POST", "control_speak"),
    ("/_emulator/conferences/<conference_id>/join", "POST", "control_join_conference"),
    ("/_emulator/bxml-applications", "GET", "control_bxml_applications"),
    ("/_emulator/bxml-applications", "POST", "control_assign_bxml_application"),
]


@functools.cache
def _url_map(routes: tuple[tuple[str, str, str], ...]) -> Map:
    """The compiled routes (compiling takes tens of milliseconds, so each table is compiled once)."""
    return Map(
        [Rule(path, methods=[method], endpoint=endpoint) for path, method, endpoint in routes],
        strict_slashes=False,
        merge_slashes=False,
    )


def _json(data: JSONValue, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    text = json.dumps(data, ensure_ascii=False)
    try:
        body = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate given through the Python API: escaped, still valid JSON
        body = json.dumps(data).encode("ascii")
    return Response(body, status, headers, content_type="application/json")


def _empty(status: int = 200, location: str | None = None) -> Response:
    headers = {"Location": location} if location else None
    # No JSON content type on an empty body: clients (the original SDK among them) decode JSON by that header.
    response = Response(b"", status, headers)
    del response.headers["Content-Type"]
    return response


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


class EmulatorApp:
    """The WSGI application: routes a request to the engine and writes its answer."""

    def __init__(
        self, engine: Engine, limits: Limits | None = None, *, control_token: str | None = None
    ) -> None:
        self.engine = engine
        self.limits = limits if limits is not None else Limits()
        self.control_token = control_token
        """When set, every control request needs ``Authorization: Bearer <control_token>``."""
        self._api = _url_map(tuple(_API_ROUTES))
        self._control = _url_map(tuple(_CONTROL_ROUTES))
        self._handlers: dict[str, Handler] = {
            endpoint: getattr(self, f"_{endpoint}") for _, _, endpoint in _API_ROUTES + _CONTROL_ROUTES
        }

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        try:
            response = self._dispatch(request)
        except EmulatorError as error:
            response = self._error(request, error)
        except HTTPException as error:  # werkzeug refused the request itself (framing, size)
            status = error.code or 400
            response = self._error(
                request, EmulatorError(status, "bad-request", error.description or "Bad request")
            )
        except Exception:
            logger.exception("the emulator failed on %s %s", request.method, request.path)
            response = self._error(
                request, EmulatorError(500, "internal-server-error", "The emulator failed; see its log")
            )
        return response(environ, start_response)

    # -- plumbing --------------------------------------------------------------------------------------------

    def _dispatch(self, request: Request) -> Response:
        path = request.path
        if len(path) > 1:
            path = path.rstrip("/") or "/"
        control = path == "/_emulator" or path.startswith("/_emulator/")
        if control:
            self._check_control(request)
        else:
            self._authenticate(request)
        adapter = (self._control if control else self._api).bind_to_environ(request.environ)
        try:
            endpoint, arguments = adapter.match(path_info=path, method=request.method)
        except NotFound:
            raise errors.resource_not_found() from None
        except MethodNotAllowed:
            raise EmulatorError(
                405, "method-not-allowed", f"{request.method} is not allowed on {path}"
            ) from None
        arguments = dict(arguments)
        user_id = arguments.pop("user_id", None)
        if user_id is not None and user_id != self.engine.settings.user_id:
            raise errors.user_access_denied(self.engine.settings.user_id, user_id)
        return self._handlers[str(endpoint)](request, **arguments)

    def _authenticate(self, request: Request) -> None:
        auth = request.authorization
        settings = self.engine.settings
        if (
            auth is None
            or auth.type != "basic"
            or not hmac.compare_digest((auth.username or "").encode(), settings.api_token.encode())
            or not hmac.compare_digest((auth.password or "").encode(), settings.api_secret.encode())
        ):
            raise errors.unauthorized()

    def _check_control(self, request: Request) -> None:
        """The control API drives the emulator: a token when one is set, and JSON on every POST.

        A web page can send a cross-origin ``text/plain`` (or form) POST without asking first; it cannot send
        ``application/json`` without a CORS preflight, which this server never grants (no CORS headers).
        """
        if self.control_token is not None:
            auth = request.headers.get("Authorization", "")
            scheme, _, token = auth.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                token.strip().encode(), self.control_token.encode()
            ):
                raise errors.control_token_required()
        if request.method == "POST" and request.mimetype != "application/json":
            raise errors.json_required()

    def _error(self, request: Request, error: EmulatorError) -> Response:
        details = [{"name": name, "value": value} for name, value in error.details.items()]
        details += [
            {"name": "requestMethod", "value": request.method},
            {"name": "remoteAddress", "value": request.remote_addr or ""},
            {"name": "requestPath", "value": request.path.removeprefix("/v1/").lstrip("/")},
        ]
        body: JSONObject = {
            "category": error.category,
            "code": error.code,
            "message": error.message,
            "details": details,  # type: ignore[dict-item]
        }
        headers = {"WWW-Authenticate": 'Basic realm="Catapult"'} if error.status == 401 else None
        return _json(body, error.status, headers)

    @staticmethod
    def _base(request: Request) -> str:
        return request.host_url.rstrip("/")

    def _body(self, request: Request) -> JSONObject:
        return read_json_object(
            request, max_bytes=self.limits.max_body_bytes, max_depth=self.limits.max_json_depth
        )

    @staticmethod
    def _query_int(request: Request, name: str, resource: str, default: int, low: int, high: int) -> int:
        raw = request.args.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise errors.validation(
                f"The {resource} resource property {name} must be an integer", **{name: raw}
            ) from None
        if value < low:
            raise errors.greater_than(resource, name, low - 1, raw)
        if value > high:
            raise errors.exceeds(resource, name, high, raw)
        return value

    def _page(self, request: Request, resource: str) -> tuple[int, int]:
        """``page`` (from 0) and ``size`` (1..1000, default 25) from the query."""
        page = self._query_int(request, "page", resource, 0, 0, 2**31)
        size = self._query_int(request, "size", resource, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
        return page, size

    def _paginated(
        self, request: Request, page: int, size: int, items: list[JSONObject], more: bool
    ) -> Response:
        """One page of items with ``Link`` headers (``first``, ``previous``, ``next``)."""
        links = [("first", 0)]
        if page > 0:
            links.append(("previous", page - 1))
        if more:
            links.append(("next", page + 1))
        header = ", ".join(f'<{self._page_url(request, number, size)}>; rel="{rel}"' for rel, number in links)
        return _json(items, headers={"Link": header})  # type: ignore[arg-type]

    def _page_url(self, request: Request, page: int, size: int) -> str:
        query = [(key, value) for key, value in request.args.items(multi=True) if key not in ("page", "size")]
        query += [("page", str(page)), ("size", str(size))]
        return f"{self._base(request)}{request.path}?{urlencode(query)}"

    # -- calls -----------------------------------------------------------------------------------------------

    def _list_calls(self, request: Request) -> Response:
        args = request.args
        sort_order = args.get("sortOrder") or "desc"
        if sort_order not in ("asc", "desc"):
            raise errors.one_of("calls", "sortOrder", ("asc", "desc"), sort_order)
        bridge_id = args.get("bridgeId") or None
        conference_id = args.get("conferenceId") or None
        paginated = not (bridge_id or conference_id)  # documented: no pagination for these filters
        page, size = self._page(request, "calls") if paginated else (0, None)
        items, more = self.engine.calls.list_calls(
            bridge_id=bridge_id,
            conference_id=conference_id,
            from_=args.get("from") or None,
            to=args.get("to") or None,
            descending=sort_order == "desc",
            page=page,
            size=size,
            base=self._base(request),
        )
        if size is None:
            return _json(items)  # type: ignore[arg-type]
        return self._paginated(request, page, size, items, more)

    def _create_call(self, request: Request) -> Response:
        call_id = self.engine.calls.create(self._body(request))
        return _empty(201, self.engine.runtime.call_url(call_id, self._base(request)))

    def _get_call(self, request: Request, call_id: str) -> Response:
        return _json(self.engine.calls.get(call_id, self._base(request)))

    def _update_call(self, request: Request, call_id: str) -> Response:
        new_call = self.engine.calls.update(call_id, self._body(request))
        if new_call is not None:
            return _empty(201, self.engine.runtime.call_url(new_call, self._base(request)))
        return _empty()

    def _play_call_audio(self, request: Request, call_id: str) -> Response:
        self.engine.audio.play(call_id, self._body(request))
        return _empty()

    def _send_dtmf(self, request: Request, call_id: str) -> Response:
        self.engine.audio.send_dtmf(call_id, self._body(request))
        return _empty()

    def _list_events(self, request: Request, call_id: str) -> Response:
        return _json(self.engine.calls.events(call_id))  # type: ignore[arg-type]

    def _get_event(self, request: Request, call_id: str, event_id: str) -> Response:
        return _json(self.engine.calls.event(call_id, event_id))

    def _list_call_recordings(self, request: Request, call_id: str) -> Response:
        return _json(self.engine.recordings.list_for_call(call_id, self._base(request)))  # type: ignore[arg-type]

    def _list_call_transcriptions(self, request: Request, call_id: str) -> Response:
        return _json(self.engine.recordings.transcriptions_for_call(call_id, self._base(request)))  # type: ignore[arg-type]

    def _create_gather(self, request: Request, call_id: str) -> Response:
        gather_id = self.engine.gathers.create(call_id, self._body(request))
        return _empty(201, self.engine.runtime.gather_url(call_id, gather_id, self._base(request)))

    def _get_gather(self, request: Request, call_id: str, gather_id: str) -> Response:
        return _json(self.engine.gathers.get(call_id, gather_id, self._base(request)))

    def _update_gather(self, request: Request, call_id: str, gather_id: str) -> Response:
        self.engine.gathers.update(call_id, gather_id, self._body(request))
        return _empty()

    # -- bridges ---------------------------------------------------------------------------------------------

    def _list_bridges(self, request: Request) -> Response:
        page, size = self._page(request, "bridges")
        items, more = self.engine.bridges.list_bridges(page=page, size=size, base=self._base(request))
        return self._paginated(request, page, size, items, more)

    def _create_bridge(self, request: Request) -> Response:
        bridge_id = self.engine.bridges.create(self._body(request))
        return _empty(201, self.engine.runtime.bridge_url(bridge_id, self._base(request)))

    def _get_bridge(self, request: Request, bridge_id: str) -> Response:
        return _json(self.engine.bridges.get(bridge_id, self._base(request)))

    def _update_bridge(self, request: Request, bridge_id: str) -> Response:
        self.engine.bridges.update(bridge_id, self._body(request))
        return _empty()

    def _play_bridge_audio(self, request: Request, bridge_id: str) -> Response:
        self.engine.bridges.play_audio(bridge_id, self._body(request))
        return _empty()

    def _list_bridge_calls(self, request: Request, bridge_id: str) -> Response:
        return _json(self.engine.bridges.calls(bridge_id, self._base(request)))  # type: ignore[arg-type]

    # -- recordings, transcriptions, media -------------------------------------------------------------------

    def _list_recordings(self, request: Request) -> Response:
        page, size = self._page(request, "recordings")
        items, more = self.engine.recordings.list_recordings(page=page, size=size, base=self._base(request))
        return self._paginated(request, page, size, items, more)

    def _get_recording(self, request: Request, recording_id: str) -> Response:
        return _json(self.engine.recordings.get(recording_id, self._base(request)))

    def _list_transcriptions(self, request: Request, recording_id: str) -> Response:
        return _json(self.engine.recordings.transcriptions(recording_id, self._base(request)))  # type: ignore[arg-type]

    def _create_transcription(self, request: Request, recording_id: str) -> Response:
        self._body(request)
        transcription_id = self.engine.recordings.create_transcription(recording_id)
        location = self.engine.runtime.transcription_url(recording_id, transcription_id, self._base(request))
        return _empty(201, location)

    def _get_transcription(self, request: Request, recording_id: str, transcription_id: str) -> Response:
        return _json(
            self.engine.recordings.transcription(recording_id, transcription_id, self._base(request))
        )

    def _get_media(self, request: Request, name: str) -> Response:
        content, content_type = self.engine.recordings.media(name)
        return Response(content, 200, content_type=content_type)

    # -- conferences -----------------------------------------------------------------------------------------

    def _create_conference(self, request: Request) -> Response:
        conference_id = self.engine.conferences.create(self._body(request))
        return _empty(201, self.engine.conferences.conference_url(conference_id, self._base(request)))

    def _get_conference(self, request: Request, conference_id: str) -> Response:
        return _json(self.engine.conferences.get(conference_id))

    def _update_conference(self, request: Request, conference_id: str) -> Response:
        self.engine.conferences.update(conference_id, self._body(request))
        return _empty()

    def _play_conference_audio(self, request: Request, conference_id: str) -> Response:
        self.engine.conferences.play_audio(conference_id, self._body(request))
        return _empty()

    def _list_members(self, request: Request, conference_id: str) -> Response:
        return _json(self.engine.conferences.members(conference_id, self._base(request)))  # type: ignore[arg-type]

    def _add_member(self, request: Request, conference_id: str) -> Response:
        member_id = self.engine.conferences.add_member(conference_id, self._body(request))
        return _empty(201, self.engine.conferences.member_url(conference_id, member_id, self._base(request)))

    def _get_member(self, request: Request, conference_id: str, member_id: str) -> Response:
        return _json(self.engine.conferences.member(conference_id, member_id, self._base(request)))

    def _update_member(self, request: Request, conference_id: str, member_id: str) -> Response:
        self.engine.conferences.update_member(conference_id, member_id, self._body(request))
        return _empty()

    def _play_member_audio(self, request: Request, conference_id: str, member_id: str) -> Response:
        self.engine.conferences.play_member_audio(conference_id, member_id, self._body(request))
        return _empty()

    # -- control API -----------------------------------------------------------------------------------------

    def _clock_json(self) -> JSONObject:
        clock = self.engine.clock
        return {"now": format_time(clock.now()), "seconds": clock.seconds(), "realtime": clock.realtime}

    def _far_end_json(self, request: Request, call_id: str) -> JSONObject:
        return {
            "call": self.engine.calls.get(call_id, self._base(request)),
            "sentDtmf": self.engine.calls.sent_dtmf(call_id),
            "played": list(self.engine.calls.played(call_id)),
        }

    def _control_info(self, request: Request) -> Response:
        return _json(
            {
                "userId": self.engine.settings.user_id,
                "apiUrl": f"{self._base(request)}/v1/users/{self.engine.settings.user_id}",
                "clock": self._clock_json(),
            }
        )

    def _control_clock(self, request: Request) -> Response:
        return _json(self._clock_json())

    def _control_advance(self, request: Request) -> Response:
        body = self._body(request)
        seconds = body.get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise errors.validation("seconds must be a number", seconds=str(seconds))
        self.engine.advance(float(seconds))
        return _json(self._clock_json())

    def _control_deliveries(self, request: Request) -> Response:
        return _json([delivery_json(delivery) for delivery in self.engine.dispatcher.deliveries()])

    def _control_reset(self, request: Request) -> Response:
        self.engine.reset()
        self.engine.dispatcher.clear()
        return _json({})

    def _control_incoming_call(self, request: Request) -> Response:
        body = self._body(request)
        text = {
            name: body.get(name)
            for name in ("from", "to", "callbackUrl", "callbackHttpMethod", "fallbackUrl")
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
        call_id = self.engine.far_end.incoming_call(
            str(text["from"] or ""),
            str(text["to"] or ""),
            callback_url=_optional_str(text["callbackUrl"]),
            callback_http_method=_optional_str(text["callbackHttpMethod"]),
            fallback_url=_optional_str(text["fallbackUrl"]),
            callback_timeout=numbers["callbackTimeout"],
            call_timeout=numbers["callTimeout"],
            auto_answer=auto_answer,
        )
        location = self.engine.runtime.call_url(call_id, self._base(request))
        return _json({"id": call_id, "call": location}, 201, {"Location": location})

    def _control_call(self, request: Request, call_id: str) -> Response:
        return _json(self._far_end_json(request, call_id))

    def _control_answer(self, request: Request, call_id: str) -> Response:
        self.engine.far_end.answer(call_id)
        return _json(self._far_end_json(request, call_id))

    def _control_reject(self, request: Request, call_id: str) -> Response:
        self.engine.far_end.reject(call_id)
        return _json(self._far_end_json(request, call_id))

    def _control_busy(self, request: Request, call_id: str) -> Response:
        self.engine.far_end.reject(call_id, "USER_BUSY")
        return _json(self._far_end_json(request, call_id))

    def _control_hangup(self, request: Request, call_id: str) -> Response:
        self.engine.far_end.hangup(call_id)
        return _json(self._far_end_json(request, call_id))

    def _control_press(self, request: Request, call_id: str) -> Response:
        digits = self._body(request).get("digits")
        if not isinstance(digits, str):
            raise errors.validation("digits must be a string of DTMF keys")
        self.engine.gathers.press(call_id, digits)
        return _json(self._far_end_json(request, call_id))

    def _control_speak(self, request: Request, call_id: str) -> Response:
        text = self._body(request).get("text")
        if not isinstance(text, str):
            raise errors.validation("text must be a string")
        self.engine.recordings.speak(call_id, text)
        return _json(self._far_end_json(request, call_id))

    def _control_join_conference(self, request: Request, conference_id: str) -> Response:
        body = self._body(request)
        number, callback_url = body.get("from"), body.get("callbackUrl")
        if not isinstance(number, str):
            raise errors.validation("from must be a string: the caller's number", **{"from": str(number)})
        if callback_url is not None and not isinstance(callback_url, str):
            raise errors.validation("callbackUrl must be a string", callbackUrl=str(callback_url))
        flags = {name: body.get(name, False) for name in ("joinTone", "leavingTone", "mute", "hold")}
        for name, value in flags.items():
            if not isinstance(value, bool):
                raise errors.validation(f"{name} must be true or false", **{name: str(value)})
        joined = self.engine.conferences.join(
            conference_id,
            number,
            callback_url=callback_url or None,
            join_tone=bool(flags["joinTone"]),
            leaving_tone=bool(flags["leavingTone"]),
            mute=bool(flags["mute"]),
            hold=bool(flags["hold"]),
        )
        base = self._base(request)
        member = self.engine.conferences.member_url(conference_id, joined.member_id, base)
        answer: JSONObject = {
            "callId": joined.call_id,
            "memberId": joined.member_id,
            "call": self.engine.runtime.call_url(joined.call_id, base),
            "member": member,
        }
        return _json(answer, 201, {"Location": member})

    def _control_bxml_applications(self, request: Request) -> Response:
        return _json(self.engine.bxml.applications())  # type: ignore[arg-type]

    def _control_assign_bxml_application(self, request: Request) -> Response:
        body = self._body(request)
        fields = {name: body.get(name) for name in ("number", "url", "method")}
        for name, value in fields.items():
            if value is not None and not isinstance(value, str):
                raise errors.validation(f"{name} must be a string", **{name: str(value)})
        application = self.engine.bxml.assign(
            str(fields["number"] or ""), str(fields["url"] or ""), method=str(fields["method"] or "GET")
        )
        return _json(render_application(application), 201)


def _optional_str(value: JSONValue) -> str | None:
    return value if isinstance(value, str) and value else None
