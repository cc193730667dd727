"""The app core: one WSGI callable that authenticates a request, finds its route, runs it, and turns every
failure into the documented error body.

API requests need HTTP basic auth with the emulator's token and secret, and the user id in the path must be
the emulator's; control requests (``/_emulator/``) need JSON on every POST and the control token when one is
set. Errors are ``{"category", "code", "message", "details"}``; nothing a client sends gets a ``500``
unless the emulator itself is broken (then it is logged).
"""

from __future__ import annotations

import functools
import hmac
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from ..._types import JSONObject
from .. import _errors as errors
from .._errors import EmulatorError
from .._limits import Limits
from ..engine import Engine
from . import bridges, calls, conferences, control, recordings
from .wire import Exchange, Handler, Route, json_answer

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

__all__ = ["API_ROUTES", "CONTROL_ROUTES", "EmulatorApp"]

logger = logging.getLogger("bandwidth.emulator")

_USER = "/v1/users/<user_id>"
API_ROUTES: tuple[Route, ...] = tuple(
    (f"{_USER}{path}", method, handler)
    for module in (calls, bridges, recordings, conferences)
    for path, method, handler in module.ROUTES
)
"""Every path of the voice API, by resource module."""
CONTROL_ROUTES: tuple[Route, ...] = tuple(control.ROUTES)
"""Every path of the control API."""


@functools.cache
def _url_map(routes: tuple[Route, ...]) -> Map:
    """The compiled routes (compiling takes tens of milliseconds, so each table is compiled once)."""
    return Map(
        [Rule(path, methods=[method], endpoint=handler) for path, method, handler in routes],
        strict_slashes=False,
        merge_slashes=False,
    )


class EmulatorApp:
    """The WSGI application: routes a request to its handler and writes its answer."""

    def __init__(
        self, engine: Engine, limits: Limits | None = None, *, control_token: str | None = None
    ) -> None:
        self.engine: Engine = engine
        self.limits: Limits = limits if limits is not None else Limits()
        self.control_token: str | None = control_token
        """When set, every control request needs ``Authorization: Bearer <control_token>``."""
        self._api = _url_map(API_ROUTES)
        self._control = _url_map(CONTROL_ROUTES)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        try:
            response = self._dispatch(request)
        except EmulatorError as error:
            response = _error(request, error)
        except HTTPException as error:  # werkzeug refused the request itself (framing, size)
            status = error.code or 400
            response = _error(
                request, EmulatorError(status, "bad-request", error.description or "Bad request")
            )
        except Exception:
            logger.exception("the emulator failed on %s %s", request.method, request.path)
            response = _error(
                request, EmulatorError(500, "internal-server-error", "The emulator failed; see its log")
            )
        return response(environ, start_response)

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
            handler, arguments = adapter.match(path_info=path, method=request.method)
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
        run: Handler = handler
        return run(Exchange(self.engine, self.limits, request), **arguments)

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


def _error(request: Request, error: EmulatorError) -> Response:
    """The documented error body, with the details the service adds about the request."""
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
    return json_answer(body, error.status, headers)
