"""A threaded HTTP/1.1 WSGI server on loopback that keeps connections alive.

werkzeug's development server (which ``Emulator.start`` uses) answers every request with
``Connection: close``, so no client can reuse a connection against it. The load test mounts the emulator's
WSGI app (``emu.app``) here instead, to see how the SDK's pool behaves against a server that allows reuse.
Answers are buffered and sent with a ``Content-Length`` (the emulator's answers are small).
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

__all__ = ["keepalive_wsgi_server"]

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


def _handler(app: WSGIApp) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            target = urlsplit(self.path)
            host, port = self.client_address[0], self.server.server_address[1]  # type: ignore[index]
            environ: dict[str, Any] = {
                "REQUEST_METHOD": self.command,
                "SCRIPT_NAME": "",
                "PATH_INFO": unquote_to_bytes(target.path).decode("latin-1"),
                "QUERY_STRING": target.query,
                "REQUEST_URI": self.path,
                "RAW_URI": self.path,
                "SERVER_NAME": str(host),
                "SERVER_PORT": str(port),
                "SERVER_PROTOCOL": self.request_version,
                "REMOTE_ADDR": self.client_address[0],
                "REMOTE_PORT": str(self.client_address[1]),
                "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                "CONTENT_LENGTH": str(length) if length else "",
                "wsgi.version": (1, 0),
                "wsgi.url_scheme": "http",
                "wsgi.input": io.BytesIO(body),
                "wsgi.errors": sys.stderr,
                "wsgi.multithread": True,
                "wsgi.multiprocess": False,
                "wsgi.run_once": False,
            }
            for name, value in self.headers.items():
                key = name.upper().replace("-", "_")
                if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                    environ[f"HTTP_{key}"] = value
            answer: dict[str, Any] = {}

            def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> None:
                answer["status"], answer["headers"] = status, headers

            result = app(environ, start_response)
            try:
                content = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
            code, _, reason = answer["status"].partition(" ")
            self.send_response(int(code), reason)
            for name, value in answer["headers"]:
                if name.lower() not in _HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_DELETE = do_PUT = _serve

    return Handler


@contextmanager
def keepalive_wsgi_server(app: WSGIApp) -> Iterator[str]:
    """Serve ``app`` on a loopback port; yields the base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(app))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
