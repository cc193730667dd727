"""What the original ``bandwidth-sdk`` 3.1.0 really sends and returns: the harness that generates
``tests/data/original_corpus.json``, the ground truth of ``tests/test_original_corpus.py``.

Regenerate the corpus from the repository root, with the Python that has 3.1.0 installed
(``BANDWIDTH_ORIGINAL_PYTHON=/work/original/bin/python`` here)::

    "$BANDWIDTH_ORIGINAL_PYTHON" -I tests/original_capture.py > tests/data/original_corpus.json

``-I`` keeps this checkout off ``sys.path``, so ``import bandwidth`` is the original SDK. The test module
checks that the committed corpus is what this command prints.

The cases (``tests/data/original_cases.py``) are 3.1 code as its users wrote it and the canned answers a
local server gives it. For each, the harness records every wire request (method, path, query, parsed JSON
body), then the returned value or the exception. The test module imports this file for the same server and
the same way of running a case, so both SDKs are measured with one ruler. Standard library only.
"""

from __future__ import annotations

import ast
import inspect
import json
import os
import runpy
import sys
import threading
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

USER_ID = "u-test"
API_TOKEN = "t-test-token"
API_SECRET = "s-test-secret"
CASES_FILE = Path(__file__).resolve().parent / "data" / "original_cases.py"
MAX_BODY = 1 << 20

# -- the recording server -----------------------------------------------------------------------------------


class RecordingServer:
    """Loopback HTTP server: answers each request with the next canned answer and records what it saw.

    An answer is ``{"status": int, "headers": {...}, "json": value}``; without ``"json"`` the body is empty.
    ``{server}`` in a header value becomes this server's URL (for ``Link`` headers to a next page).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._answers: list[dict[str, Any]] = []
        self._requests: list[dict[str, Any]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            # HTTP/1.0: one request per connection, so no client reuses a connection the server has closed.
            protocol_version = "HTTP/1.0"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
                raw = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                request = {
                    "method": self.command,
                    "path": parts.path,
                    "query": parse_qs(parts.query, keep_blank_values=True),
                    "body": _parse_body(raw),
                }
                with recorder._lock:
                    recorder._requests.append(request)
                    answer = recorder._answers.pop(0) if recorder._answers else _NO_ANSWER
                payload = b"" if "json" not in answer else json.dumps(answer["json"]).encode()
                self.send_response(answer.get("status", 200))
                for name, value in answer.get("headers", {}).items():
                    self.send_header(name, value.replace("{server}", recorder.url))
                if payload:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> RecordingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def load(self, answers: list[dict[str, Any]]) -> None:
        """Forget earlier requests; answer the next ones with ``answers``, in order."""
        with self._lock:
            self._answers = [dict(answer) for answer in answers]
            self._requests = []

    def take_requests(self) -> list[dict[str, Any]]:
        with self._lock:
            requests, self._requests = self._requests, []
            return requests


_NO_ANSWER: dict[str, Any] = {"status": 599, "json": {"message": "no answer scripted for this request"}}


def _parse_body(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return {"<not json>": raw.decode("utf-8", "replace")}


# -- running a case -----------------------------------------------------------------------------------------


def execute(source: str, namespace: dict[str, Any]) -> Any:
    """Run ``source`` (statements ending in an expression) and return the last expression's value."""
    module = ast.parse(source)
    *statements, last = module.body
    if not isinstance(last, ast.Expr):
        raise ValueError(f"a case must end in an expression: {source!r}")
    exec(compile(ast.Module(body=statements, type_ignores=[]), "<case>", "exec"), namespace)
    return eval(compile(ast.Expression(body=last.value), "<case>", "eval"), namespace)


def describe(value: Any) -> dict[str, Any]:
    """A returned value as JSON: its kind and its data. Iterators are consumed (which may send requests)."""
    if value is None or isinstance(value, bool | int | float | str):
        return {"type": type(value).__name__, "value": value}
    if isinstance(value, dict):
        return {"type": "dict", "value": value}
    if isinstance(value, list):
        return {"type": "list", "value": value}
    if isinstance(value, tuple):
        return {"type": "tuple", "value": [describe(item) for item in value]}
    if hasattr(value, "status_code") and hasattr(value, "headers"):  # a requests.Response
        return {"type": "Response", "value": value.status_code}
    if isinstance(value, Iterator):
        return {"type": "iterator", "value": list(value)}
    return {"type": type(value).__name__, "value": repr(value)}


def describe_error(error: BaseException, server_url: str) -> dict[str, Any]:
    """An exception as JSON: its class, the classes it can be caught as, its message and API fields."""
    found: dict[str, Any] = {
        "type": type(error).__name__,
        "catchable_as": [cls.__name__ for cls in type(error).__mro__ if cls not in _BUILTIN_BASES],
        "str": str(error).replace(server_url, "{server}"),
    }
    for name in ("status_code", "code", "message"):
        if hasattr(error, name):
            found[name] = getattr(error, name)
    return found


_BUILTIN_BASES = (BaseException, Exception, object)


def run_case(api: Any, server: RecordingServer, case: Mapping[str, Any]) -> dict[str, Any]:
    """Run a case's source against ``api`` (``server`` answers): what went on the wire, what came back."""
    server.load(case["answers"])
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    try:
        result = describe(execute(case["source"], {"api": api}))
    except Exception as raised:
        error = describe_error(raised, server.url)
    return {"requests": server.take_requests(), "result": result, "error": error}


# -- the client's attributes and methods --------------------------------------------------------------------


def _attributes(client_class: Any, endpoint: str) -> dict[str, Any]:
    """The instance attributes 3.1 sets, with the constructor's arguments as placeholders."""
    placeholders = {
        USER_ID: "{user_id}",
        endpoint: "{api_endpoint}",
        API_TOKEN: "{api_token}",
        API_SECRET: "{api_secret}",
    }

    def shown(value: Any) -> Any:
        if isinstance(value, tuple):
            return [shown(item) for item in value]
        return placeholders.get(value, value) if isinstance(value, str) else value

    given = vars(client_class(USER_ID, API_TOKEN, API_SECRET, api_endpoint=endpoint))
    defaults = vars(client_class(USER_ID, API_TOKEN, API_SECRET))
    try:
        client_class(USER_ID)
        missing: str | None = None
    except Exception as error:
        missing = type(error).__name__
    return {
        "given": {
            name: {"type": type(value).__name__, "value": shown(value)} for name, value in given.items()
        },
        "defaults": {name: defaults[name] for name in ("api_endpoint", "api_version")},
        "missing_credentials_error": missing,
    }


def _methods(client_class: Any) -> dict[str, str]:
    return {
        name: str(inspect.signature(getattr(client_class, name)))
        for name in sorted(dir(client_class))
        if not name.startswith("_") and callable(getattr(client_class, name))
    }


def main() -> None:
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    from bandwidth import voice  # the original SDK: this runs with -I (see the module docstring)

    table = runpy.run_path(str(CASES_FILE))
    if table["USER_ID"] != USER_ID:
        raise SystemExit(f"{CASES_FILE.name} answers for {table['USER_ID']}, the client is {USER_ID}")
    cases: list[dict[str, Any]] = table["cases"]()
    names = [case["name"] for case in cases]
    if len(set(names)) != len(names):
        raise SystemExit("duplicate case names")
    with RecordingServer() as server:
        api = voice.Client(USER_ID, API_TOKEN, API_SECRET, api_endpoint=server.url)
        for case in cases:
            case.update(run_case(api, server, case))
        attributes = _attributes(voice.Client, server.url)
    corpus = {
        "about": "What bandwidth-sdk 3.1.0 sends and returns, by tests/original_capture.py: do not edit.",
        "sdk_version": metadata.version("bandwidth-sdk"),
        "user_id": USER_ID,
        "methods": _methods(voice.Client),
        "attributes": attributes,
        "cases": cases,
    }
    json.dump(corpus, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
