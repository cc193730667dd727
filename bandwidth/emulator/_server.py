"""The server plumbing under :class:`~bandwidth.emulator.Emulator`: werkzeug's threaded server, bounded,
quiet, and answering in JSON even before the app sees a request; and the threads that run it.

:class:`Serving` is one running server: the HTTP thread and, with a real-time clock, the ticker that fires
due timers. The ``Emulator`` starts and stops one; everything else it does is in ``_emulator.py``.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Callable

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from . import _errors as errors
from ._http import EmulatorApp
from ._limits import Limits

__all__ = ["Serving"]

logger = logging.getLogger("bandwidth.emulator")

TICK_SECONDS = 0.02
"""How often the real-time ticker fires due timers."""
SHUTDOWN_POLL_SECONDS = 0.02
"""How often the server loop checks for shutdown (werkzeug's 0.5 s default slows every test's teardown)."""
JOIN_SECONDS = 5.0
"""How long stopping waits for each thread."""


def _error_body(status: int, code: str, message: str) -> bytes:
    error = errors.EmulatorError(status, code, message)
    body = {"category": error.category, "code": code, "message": message, "details": []}
    return json.dumps(body).encode()


class _RequestHandler(WSGIRequestHandler):
    """werkzeug's handler: logs to the ``bandwidth.emulator`` logger at DEBUG, and answers the requests
    it refuses before the app sees them (a malformed request line or headers) with the JSON error body."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        logger.debug('"%s" %s %s', self.requestline, code, size)

    def log(self, type: str, message: str, *args: object) -> None:
        logger.log(logging.ERROR if type == "error" else logging.DEBUG, message, *args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        logger.debug("refused a malformed request: %d %s", code, message)
        if self.request_version == "HTTP/0.9":  # the request line was not understood: answer in HTTP/1.x
            self.request_version = self.protocol_version
        body = _error_body(code, "bad-request" if code < 500 else "internal-server-error", message or "Error")
        self.send_response(code, message)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(body)


class _BoundedServer(ThreadedWSGIServer):
    """werkzeug's threaded server with at most ``max_connections`` connections served at once; one more is
    answered ``503`` at once and closed (a thread per connection, so the bound is on threads too)."""

    def __init__(self, host: str, port: int, app: EmulatorApp, limits: Limits) -> None:
        handler = type("_Handler", (_RequestHandler,), {"timeout": limits.connection_timeout})
        super().__init__(host, port, app, handler=handler)
        self._limit = limits.max_connections
        self._slots = threading.BoundedSemaphore(limits.max_connections)

    def process_request(self, request: socket.socket, client_address: tuple[str, int]) -> None:  # type: ignore[override]
        if not self._slots.acquire(blocking=False):
            self._refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: socket.socket, client_address: tuple[str, int]) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def _refuse(self, request: socket.socket) -> None:
        body = _error_body(503, "too-many-connections", str(errors.busy(self._limit).message))
        head = (
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        try:
            request.settimeout(1)
            request.sendall(head.encode() + body)
        except OSError:
            pass
        finally:
            self.shutdown_request(request)


class Serving:
    """A running server: ``app`` on ``host:port`` in a background thread, and ``tick`` (if given) called
    every :data:`TICK_SECONDS` in another, until :meth:`stop`.

    Raises:
        OSError: The address cannot be listened on.
    """

    def __init__(
        self, host: str, port: int, app: EmulatorApp, limits: Limits, *, tick: Callable[[], object] | None
    ) -> None:
        try:
            self._server = _BoundedServer(host, port, app, limits)
        except SystemExit as failure:  # werkzeug exits when it cannot bind; a library should raise
            raise OSError(f"cannot listen on {host}:{port}") from failure
        self.port: int = self._server.server_port
        """The port it listens on (the one picked, when asked for 0)."""
        self.stopped = threading.Event()
        """Set once :meth:`stop` was called."""
        serving = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS},
            name="bandwidth-emulator-http",
            daemon=True,
        )
        self._threads = [serving]
        if tick is not None:
            self._threads.append(
                threading.Thread(
                    target=self._tick, args=(tick,), name="bandwidth-emulator-clock", daemon=True
                )
            )
        for thread in self._threads:
            thread.start()

    def _tick(self, tick: Callable[[], object]) -> None:
        while not self.stopped.wait(TICK_SECONDS):
            try:
                tick()
            except Exception:
                logger.exception("a timer of the emulator failed")

    def stop(self) -> None:
        """Stop listening and serving; waits (boundedly) for the threads to finish."""
        self.stopped.set()
        self._server.shutdown()
        self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=JOIN_SECONDS)
