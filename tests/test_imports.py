"""What ``import bandwidth`` and a first ``calls.get`` load, each checked in a fresh interpreter.

Every public name loads on first use (PEP 562 in ``bandwidth`` and ``bandwidth.models``): a sync
application never loads the async client, httpx or the async models, and a first ``calls.get`` creates no
model class but ``CallFields`` and ``Call``. The names must all still resolve, wherever they were importable
before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

ASYNC_MODULES = (
    "httpx",
    "httpcore",
    "anyio",
    "bandwidth._async",
    "bandwidth._async_client",
    "bandwidth.models._async",
    "bandwidth.models._async_conference",
)

FIRST_GET = textwrap.dedent(
    """
    import json, sys, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    CALL = json.dumps({"id": "c-1", "state": "active", "startTime": "2026-01-02T03:04:05Z"}).encode()

    class Answer(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(CALL)))
            self.end_headers()
            self.wfile.write(CALL)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"

    before = set(sys.modules)
    import bandwidth
    after_import = set(sys.modules)

    from bandwidth import Client

    with Client("u-1", "t-1", "s-1", api_endpoint=origin) as client:
        call = client.calls.get("c-1")
    server.shutdown()

    from bandwidth.models._base import BandwidthModel

    created, stack = [], [BandwidthModel]
    while stack:
        for subclass in stack.pop().__subclasses__():
            created.append(subclass.__name__)
            stack.append(subclass)
    print(json.dumps({
        "import": sorted(after_import - before),
        "first_get": sorted(set(sys.modules) - before),
        "models": sorted(created),
        "call": [call.id, str(call.state)],
    }))
    """
)


def _run(code: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _loaded(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    return [name for name in modules if any(name == p or name.startswith(f"{p}.") for p in prefixes)]


def test_import_and_first_get_load_no_async_code_and_create_only_the_call_models() -> None:
    seen = json.loads(_run(FIRST_GET))

    assert seen["call"] == ["c-1", "active"]  # the get worked, through the real transport
    assert _loaded(seen["import"], ("pydantic", "requests", "bandwidth.models", "bandwidth._legacy")) == []
    assert _loaded(seen["import"], ASYNC_MODULES) == []
    assert _loaded(seen["first_get"], ASYNC_MODULES) == []
    # The models of other resources, and pydantic's TypeAdapter (lists only), are not loaded either.
    other_models = tuple(
        f"bandwidth.models.{name}"
        for name in ("bridge", "call_event", "conference", "gather", "recording", "transcription")
    )
    assert _loaded(seen["first_get"], (*other_models, "pydantic.type_adapter")) == []
    assert seen["models"] == ["Call", "CallFields"]


HTTP_LIBRARIES = ("requests", "urllib3", "charset_normalizer", "idna", "chardet")
"""What the adapter's road needs (a caller's session, proxies, downloads), and the direct road does not."""


def _without_proxies() -> dict[str, str]:
    """This environment without a proxy, but with ``NO_PROXY`` (which names no proxy, only exceptions)."""
    env = {name: value for name, value in os.environ.items() if not name.lower().endswith("_proxy")}
    env["NO_PROXY"] = "example.com"
    return env


def test_the_first_get_on_the_direct_road_imports_neither_requests_nor_urllib3() -> None:
    seen = json.loads(_run(FIRST_GET, _without_proxies()))

    assert seen["call"] == ["c-1", "active"]
    assert _loaded(seen["first_get"], HTTP_LIBRARIES) == []


ASYNC_FIRST_GET = textwrap.dedent(
    """
    import asyncio, json, sys, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    CALL = json.dumps({"id": "c-1", "state": "active"}).encode()

    class Answer(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(CALL)))
            self.end_headers()
            self.wfile.write(CALL)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    before = set(sys.modules)

    from bandwidth import AsyncClient

    async def main():
        async with AsyncClient("u-1", "t-1", "s-1", api_endpoint=origin) as client:
            return await client.calls.get("c-1")

    call = asyncio.run(main())
    server.shutdown()
    print(json.dumps({"first_get": sorted(set(sys.modules) - before), "call": call.id}))
    """
)


def test_the_async_clients_first_get_imports_no_requests() -> None:
    seen = json.loads(_run(ASYNC_FIRST_GET, _without_proxies()))

    assert seen["call"] == "c-1"
    assert _loaded(seen["first_get"], ("requests", "urllib3", "charset_normalizer", "chardet")) == []


RESOLVE = textwrap.dedent(
    """
    import importlib, json, pickle
    import bandwidth, bandwidth.models

    failures = []
    for module in (bandwidth, bandwidth.models):
        for name in module.__all__:
            try:
                value = getattr(module, name)
                exec(f"from {module.__name__} import {name}")
            except Exception as error:  # collected, so the test names every failure at once
                failures.append(f"{module.__name__}.{name}: {error!r}")
            else:
                if name not in dir(module):
                    failures.append(f"{module.__name__}.{name}: not in dir()")

    # The resource modules still name their async method sets (and so unpickle them by that path).
    moved = {
        "call": ["AsyncCall"],
        "bridge": ["AsyncBridge"],
        "gather": ["AsyncGather"],
        "recording": ["AsyncRecording"],
        "conference": ["AsyncConference", "AsyncConferenceMember"],
    }
    for module_name, names in moved.items():
        module = importlib.import_module(f"bandwidth.models.{module_name}")
        for name in names:
            if getattr(module, name) is not getattr(bandwidth, name):
                failures.append(f"bandwidth.models.{module_name}.{name} is another class")

    call = bandwidth.AsyncCall(id="c-1")
    same = pickle.loads(pickle.dumps(call)) == call
    try:
        bandwidth.models.NoSuchModel
    except AttributeError as error:
        missing = str(error)
    print(json.dumps({"failures": failures, "pickled": same, "missing": missing}))
    """
)


def test_every_public_name_resolves_in_a_fresh_interpreter() -> None:
    seen = json.loads(_run(RESOLVE))

    assert seen["failures"] == []
    assert seen["pickled"] is True
    assert seen["missing"] == "module 'bandwidth.models' has no attribute 'NoSuchModel'"
