"""The sync tests' cassettes, served on loopback: the async client is checked against the same documented
traffic as the sync one, through its own I/O (vcrpy does not see httpx's transport used without a client).

Each request must match the next interaction of the cassette (method, path, query and JSON body, as the
``cassette`` fixture matches them); it gets that interaction's recorded answer, with the API's address
rewritten to the server's so that Location and Link headers point back here. ``problems`` lists every
mismatch; a test asserts it empty and every interaction played.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import yaml

API = "https://api.catapult.inetwork.com"
CASSETTES = Path(__file__).resolve().parent.parent / "cassettes"
SKIPPED_HEADERS = {"content-length", "transfer-encoding", "content-encoding", "connection"}


def _json(body: object) -> object:
    if not body:
        return None
    text = body.decode() if isinstance(body, bytes) else str(body)
    try:
        return json.loads(text)
    except ValueError:
        return text


def _as_bytes(value: object) -> bytes:
    return value if isinstance(value, bytes) else str(value or "").encode()


@dataclass
class CassetteServer:
    """Plays one cassette's interactions in order."""

    interactions: list[dict[str, Any]]
    played: int = 0
    problems: list[str] = field(default_factory=list)
    url: str = ""

    @property
    def all_played(self) -> bool:
        return self.played == len(self.interactions)

    def answer(self, method: str, target: str, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        if self.played >= len(self.interactions):
            self.problems.append(f"{method} {target}: no interaction left")
            return 599, [], b""
        interaction = self.interactions[self.played]
        self.played += 1
        recorded, sent = interaction["request"], urlsplit(target)
        expected = urlsplit(recorded["uri"])
        wanted = (
            recorded["method"],
            expected.path,
            sorted(parse_qsl(expected.query)),
            _json(recorded["body"]),
        )
        got = (method, sent.path, sorted(parse_qsl(sent.query)), _json(body))
        if wanted != got:
            self.problems.append(f"interaction {self.played}: expected {wanted!r}, got {got!r}")
        response = interaction["response"]
        headers = [
            (name, value.replace(API, self.url))
            for name, values in (response.get("headers") or {}).items()
            if name.lower() not in SKIPPED_HEADERS
            for value in values
        ]
        content = _as_bytes(response["body"]["string"])
        if not isinstance(response["body"]["string"], bytes):
            content = content.replace(API.encode(), self.url.encode())
        return response["status"]["code"], headers, content


@contextmanager
def serve_cassette(module: str, name: str) -> Iterator[CassetteServer]:
    """Serve ``cassettes/<module>/<name>.yaml`` on a loopback port (``server.url`` is the API endpoint)."""
    path = CASSETTES / module / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    server = CassetteServer(list((data or {}).get("interactions") or []))
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with lock:
                status, headers, content = server.answer(self.command, self.path, body)
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_DELETE = _serve

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
