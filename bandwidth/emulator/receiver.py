"""A callback receiver for tests: a tiny loopback HTTP server that records every request it gets.

    with CallbackReceiver() as receiver:
        client.calls.create(from_="+19195551212", to="+19195553434", callback_url=receiver.url + "/events")
        ...
        events = receiver.wait_for(2)  # the answer and hangup events, in order

Paths can be told to fail (``receiver.respond("/down", status=503)``) or to answer slowly, to exercise the
emulator's ``fallbackUrl`` and ``callbackTimeout`` handling, or to answer with a body: a BXML document
(``receiver.respond("/answer", body=response.to_xml())``) for a call run by a BXML application.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from .._types import JSONObject, JSONValue

if TYPE_CHECKING:
    from collections.abc import Iterable

    from _typeshed.wsgi import StartResponse, WSGIEnvironment
    from typing_extensions import Self

__all__ = ["CallbackReceiver", "ReceivedRequest"]


@dataclass(frozen=True)
class ReceivedRequest:
    """One request the receiver got."""

    method: str
    path: str
    query: dict[str, str]
    body: JSONValue
    """The decoded JSON body (``None`` for a GET or an empty body)."""
    headers: dict[str, str]

    @property
    def event(self) -> JSONObject:
        """The callback event: the JSON body of a POST, or the query parameters of a GET."""
        if isinstance(self.body, dict):
            return self.body
        return dict(self.query)

    @property
    def event_type(self) -> str | None:
        """The callback's ``eventType`` (``None`` when the body has none)."""
        value = self.event.get("eventType")
        return value if isinstance(value, str) else None


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class CallbackReceiver:
    """A loopback HTTP server that answers ``200`` (or what :meth:`respond` says) and keeps every request."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self._condition = threading.Condition()
        self._requests: list[ReceivedRequest] = []
        self._responses: dict[str, tuple[int, float, bytes, str]] = {}
        self._stopping = threading.Event()
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._url: str | None = None

    def start(self) -> Self:
        """Listen on a loopback port (in a thread) and return self; ``url`` is set from now on."""
        if self._server is None:
            self._stopping.clear()
            self._server = make_server(
                self.host, self.port, self._app, threaded=True, request_handler=_QuietHandler
            )
            self._url = f"http://{self.host}:{self._server.server_port}"
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.02},
                name="bandwidth-callback-receiver",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and wait for the server thread; the received requests stay readable."""
        self._stopping.set()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``; append any path."""
        if self._url is None:
            raise RuntimeError("the receiver is not running")
        return self._url

    def respond(
        self,
        path: str,
        *,
        status: int = 200,
        delay: float = 0.0,
        body: str | bytes = b"",
        content_type: str = "application/xml",
    ) -> None:
        """Answer requests to ``path`` with ``status`` and ``body`` (text is sent as UTF-8), after ``delay``
        seconds."""
        data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        with self._condition:
            self._responses[path] = (status, delay, data, content_type)

    @property
    def requests(self) -> list[ReceivedRequest]:
        """Every request so far, in arrival order (a copy)."""
        with self._condition:
            return list(self._requests)

    def wait_for(self, count: int, *, path: str | None = None, timeout: float = 5.0) -> list[ReceivedRequest]:
        """Wait until ``count`` requests (to ``path``, if given) arrived; returns them.

        Raises:
            AssertionError: if they did not arrive within ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        with self._condition:
            while True:
                matching = [item for item in self._requests if path is None or item.path == path]
                if len(matching) >= count:
                    return matching
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected {count} callback requests{f' to {path}' if path else ''} "
                        f"within {timeout} s, got {len(matching)}: {[item.event_type for item in matching]}"
                    )
                self._condition.wait(remaining)

    def clear(self) -> None:
        """Forget the requests received so far."""
        with self._condition:
            self._requests.clear()

    def _app(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        raw = request.get_data()
        body: JSONValue = None
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode("utf-8", "replace")
        received = ReceivedRequest(
            method=request.method,
            path=request.path,
            query=dict(request.args.items()),
            body=body,
            headers=dict(request.headers.items()),
        )
        with self._condition:
            status, delay, content, content_type = self._responses.get(request.path, (200, 0.0, b"", ""))
            self._requests.append(received)
            self._condition.notify_all()
        if delay:
            self._stopping.wait(delay)
        if not content:
            return Response(b"", status)(environ, start_response)
        return Response(content, status, content_type=content_type)(environ, start_response)
