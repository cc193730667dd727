"""The fault suite: both layers of the SDK against a real HTTP server on loopback that misbehaves on purpose.

Each fault scripts the server (``misbehaving.py``, raw sockets) to fail one way — at the TCP level (refused,
reset, closed, stalled), the HTTP level (5xx, 429 with every kind of wait header, garbage status lines) or the
body level (truncated, huge, endless, compressed, not JSON, no Location, hostile Link headers) — and runs SDK
operations of both layers against it: typed (``client.calls.get``) and the dict facade (``client.get_call``).

Every run must end in success after retries, or in one typed :class:`bandwidth.BandwidthError` of the
expected class, within a hard time limit; no POST may reach the server twice for one SDK call (each call
carries its own ``tag`` and the server counts them); and no exception may show a credential in its str, repr,
pickle or traceback. When the module finishes it writes ``reports/faults.json``, which ``docs/reliability.md``
quotes.
"""

from __future__ import annotations

import base64
import email.utils
import json
import pickle
import threading
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pytest
from misbehaving import (
    Behaviour,
    MisbehavingServer,
    Request,
    Wire,
    answer,
    chunked_forever,
    close_after,
    established_to,
    free_port,
    gzip_bomb,
    head,
    hold_after,
    huge_body,
    misbehaving_server,
    reset_after,
    trickle,
)
from reachable import reachable_secrets
from requests.adapters import HTTPAdapter

from bandwidth import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BandwidthError,
    CallRateLimitError,
    Client,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    __version__,
)
from bandwidth._core import links
from bandwidth._core.http import MAX_RESPONSE_BYTES
from bandwidth._core.retry import MAX_RETRY_WAIT
from bandwidth._sync.transport import RetryPolicy

USER = "u-test"
TOKEN = "t-fault-token"
SECRET = "s-fault-secret"
SECRETS = (TOKEN, SECRET, base64.b64encode(f"{TOKEN}:{SECRET}".encode()).decode())
CALLS = f"/v1/users/{USER}/calls"
HANG_LIMIT = 20.0
"""A run still going after this many seconds is a hang (each case is built to end in at most a few)."""
REPORT = Path(__file__).resolve().parent.parent / "reports" / "faults.json"

CALL = {"id": "c-1", "state": "active", "from": "+19195550001", "to": "+19195550002"}
CALL_BYTES = json.dumps(CALL).encode()
PARTIAL = b'{"id": "c-1", "st'  # 16 bytes: cut off mid-document
JSON = {"Content-Type": "application/json"}


# -- operations -------------------------------------------------------------------------------------------


class OperationLike(Protocol):
    """What the fault table reads of an operation, sync (:class:`Operation`) or async (test_async_faults)."""

    @property
    def name(self) -> str: ...
    @property
    def layer(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def expected(self) -> object: ...


@dataclass(frozen=True)
class Operation:
    name: str
    layer: str
    kind: str
    """``read`` (GET one resource), ``list`` (GET a list) or ``create`` (POST)."""
    run: Callable[[Client, str], object]
    expected: object


def _create(client: Client, tag: str) -> object:
    return client.calls.create(from_="+19195550001", to="+19195550002", tag=tag, fetch=False).id


OPERATIONS = (
    Operation("calls.get", "typed", "read", lambda client, tag: client.calls.get("c-1").id, "c-1"),
    Operation("get_call", "facade", "read", lambda client, tag: client.get_call("c-1")["id"], "c-1"),
    Operation(
        "calls.list", "typed", "list", lambda client, tag: [c.id for c in client.calls.list()], ["c-1"]
    ),
    Operation(
        "list_calls", "facade", "list", lambda client, tag: [c["id"] for c in client.list_calls()], ["c-1"]
    ),
    Operation("calls.create", "typed", "create", _create, "c-new"),
    Operation(
        "create_call",
        "facade",
        "create",
        lambda client, tag: client.create_call("+19195550001", "+19195550002", tag=tag),
        "c-new",
    ),
)


def good(kind: str) -> Behaviour:
    """The well-formed answer an operation of ``kind`` expects."""
    if kind == "create":
        return answer(201, b"", {"Location": f"{CALLS}/c-new"})
    return answer(200, b"[" + CALL_BYTES + b"]" if kind == "list" else CALL_BYTES, JSON)


def start(kind: str, extra: Mapping[str, str] | None = None) -> bytes:
    """The status line and headers of a success answer for ``kind`` (the body is up to the fault)."""
    if kind == "create":
        return head(201, {"Location": f"{CALLS}/c-new", **(extra or {})})
    return head(200, {**JSON, **(extra or {})})


def whole(kind: str, status: str = "HTTP/1.1") -> bytes:
    """A complete success answer for ``kind`` as bytes, delimited by closing the connection."""
    if kind == "create":
        return f"{status} 201 Created\r\nLocation: {CALLS}/c-new\r\n\r\n".encode()
    body = b"[" + CALL_BYTES + b"]" if kind == "list" else CALL_BYTES
    return f"{status} 200 OK\r\nContent-Type: application/json\r\n\r\n".encode() + body


# -- expectations -------------------------------------------------------------------------------------------

_SAME = object()


@dataclass(frozen=True)
class Expect:
    error: type[BaseException] | None = None
    """None: the operation succeeds."""
    hits: int | None = None
    """How many requests reach the server."""
    match: str | None = None
    """A piece of the error message."""
    result: object = _SAME
    """The result when it differs from the operation's usual one."""
    sleeps: Callable[[list[float]], bool] | None = None
    not_error: type[BaseException] | None = None
    """A subclass the error must not be (a refused connection is no timeout)."""

    def describe(self) -> str:
        return "success" if self.error is None else self.error.__name__


def ok(
    hits: int | None = 1, result: object = _SAME, sleeps: Callable[[list[float]], bool] | None = None
) -> Expect:
    return Expect(None, hits, result=result, sleeps=sleeps)


def fails(
    error: type[BaseException],
    hits: int | None = 1,
    match: str | None = None,
    sleeps: Callable[[list[float]], bool] | None = None,
    not_error: type[BaseException] | None = None,
) -> Expect:
    return Expect(error, hits, match, sleeps=sleeps, not_error=not_error)


def reads(expect: Expect) -> dict[str, Expect]:
    return {"read": expect, "list": expect}


def retried_reads(failed_create: type[BaseException] = APIConnectionError) -> dict[str, Expect]:
    """GETs retry through the fault; a POST that reached the server fails once and is never sent again."""
    return {**reads(ok(2)), "create": fails(failed_create, 1)}


def no_sleep(slept: list[float]) -> bool:
    return slept == []


@dataclass(frozen=True)
class Fault:
    name: str
    script: Callable[[str, MisbehavingServer], list[Behaviour]]
    expect: Mapping[str, Expect]
    """By operation name or kind (``read``, ``list``, ``create``); operations not listed are not run."""
    timeout: float = 1.0
    listening: bool = True
    """False: the endpoint is a port nothing listens on."""
    xfail: str | None = None
    xfail_on: tuple[str, ...] = ()
    """The operations a known finding fails (all, when empty)."""
    deadline: float | None = None
    """The client's ``deadline`` option (None: the default, connect + read timeout)."""
    now: float | None = None
    """The epoch time the client reads wait headers against (``RetryPolicy.clock``), when fixed."""
    max_pages: int | None = None
    """A lower page cap for one walk (``links.MAX_PAGES``), so a case that reaches it stays short."""

    def expected_failure(self, operation: Operation) -> str | None:
        if self.xfail and (not self.xfail_on or operation.name in self.xfail_on):
            return self.xfail
        return None

    def expectation(self, operation: OperationLike) -> Expect | None:
        return self.expect.get(operation.name) or self.expect.get(operation.kind)


def same(behaviour: Behaviour) -> Callable[[str, MisbehavingServer], list[Behaviour]]:
    return lambda kind, server: [behaviour]


def then_good(make: Callable[[str], Behaviour]) -> Callable[[str, MisbehavingServer], list[Behaviour]]:
    return lambda kind, server: [make(kind), good(kind)]


def twice_then_good(make: Callable[[str], Behaviour]) -> Callable[[str, MisbehavingServer], list[Behaviour]]:
    return lambda kind, server: [make(kind), make(kind), good(kind)]


def three(make: Callable[[str], Behaviour]) -> Callable[[str, MisbehavingServer], list[Behaviour]]:
    return lambda kind, server: [make(kind) for _ in range(3)]


def link_page(ids: list[str], link: str | None) -> Behaviour:
    headers = {**JSON, **({"Link": link} if link is not None else {})}
    return answer(200, json.dumps([{**CALL, "id": call_id} for call_id in ids]).encode(), headers)


def empty_pages_forever(kind: str, server: MisbehavingServer) -> list[Behaviour]:
    return [
        answer(200, b"[]", {**JSON, "Link": f'<{server.url}{CALLS}?page={n}>; rel="next"'}) for n in range(50)
    ]


def past_deadline(seconds: float) -> dict[str, Expect]:
    """The attempt is cut off at its deadline; a deadline that passed is not retried, not even for a GET."""
    expect = fails(APITimeoutError, 1, f"no complete answer within the deadline of {seconds:g} s")
    return {**reads(expect), "create": expect}


def continue_flood(block: bytes = b"HTTP/1.1 100 Continue\r\n\r\n" * 2048) -> Behaviour:
    """Interim ``100 Continue`` answers, one after another, as fast as the client reads them, forever."""

    def behave(wire: Wire, request: Request) -> bool:
        while wire.send(block):
            pass
        return False

    return behave


def too_large(hits: int = 1) -> Expect:
    return fails(APIResponseValidationError, hits, "too large")


def invalid(hits: int = 1) -> Expect:
    return fails(APIResponseValidationError, hits)


def rate_limit_reset_soon(kind: str) -> Behaviour:
    reset = str(int((time.time() + 1.5) * 1000))
    return answer(429, b'{"category": "too-many-requests"}', {**JSON, "X-RateLimit-Reset": reset})


FIXED_NOW = 1_700_000_000.0
"""The client's clock in the HTTP-date case: an HTTP date has whole seconds, so a date read against the real
clock could mean a wait of 0.001 s or none at all."""


def retry_after_date(kind: str) -> Behaviour:
    return answer(429, b"", {"Retry-After": email.utils.formatdate(FIXED_NOW + 2, usegmt=True)})


def deep(depth: int) -> bytes:
    return b'{"id": "c-1", "x": ' + b"[" * depth + b"]" * depth + b"}"


def nested(levels: int) -> Callable[[str, MisbehavingServer], list[Behaviour]]:
    """A good answer whose arrays and objects nest ``levels`` deep in all (an extra field holds arrays)."""

    def script(kind: str, server: MisbehavingServer) -> list[Behaviour]:
        inner = levels - (2 if kind == "list" else 1)
        item = CALL_BYTES[:-1] + b', "x": ' + b"[" * inner + b"]" * inner + b"}"
        return [answer(200, b"[" + item + b"]" if kind == "list" else item, JSON)]

    return script


LIMIT = json.dumps({"category": "limit", "code": "call-rate-limit", "message": "too many calls"}).encode()
SERVER_ERROR = json.dumps({"category": "unexpected", "code": "internal-error", "message": "boom"}).encode()
HTML_500 = b"<html><body><h1>500 Internal Server Error</h1></body></html>"
HTML_502 = b"<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"

FAULTS: list[Fault] = [
    # -- the connection --------------------------------------------------------------------------------
    Fault(
        "connection refused",
        same(good("read")),
        {
            **reads(fails(APIConnectionError, 0, "connection failed", not_error=APITimeoutError)),
            "create": fails(APIConnectionError, 0, "connection failed", not_error=APITimeoutError),
        },
        listening=False,
    ),
    Fault("RST before any answer", then_good(lambda kind: reset_after()), retried_reads()),
    Fault(
        "RST after a partial status line",
        then_good(lambda kind: reset_after(b"HTTP/1.1 20")),
        retried_reads(),
    ),
    Fault(
        "RST after partial headers", then_good(lambda kind: reset_after(start(kind)[:-12])), retried_reads()
    ),
    Fault(
        "RST mid-body (Content-Length)",
        then_good(lambda kind: reset_after(start(kind, {"Content-Length": "100"}) + PARTIAL)),
        retried_reads(),
    ),
    Fault(
        "RST mid-body (chunked)",
        then_good(
            lambda kind: reset_after(
                start(kind, {"Transfer-Encoding": "chunked"}) + b"10\r\n" + PARTIAL + b"\r\n"
            )
        ),
        retried_reads(),
    ),
    Fault(
        "RST mid-body, twice",
        twice_then_good(lambda kind: reset_after(start(kind, {"Content-Length": "100"}) + PARTIAL)),
        {
            **reads(ok(3, sleeps=lambda slept: len(slept) == 1)),
            "create": fails(APIConnectionError, 1),
        },  # 1st retry: no wait
    ),
    Fault(
        "RST mid-body, every time",
        three(lambda kind: reset_after(start(kind, {"Content-Length": "100"}) + PARTIAL)),
        {**reads(fails(APIConnectionError, 3, "connection broken")), "create": fails(APIConnectionError, 1)},
    ),
    Fault("closed (FIN) before any answer", then_good(lambda kind: close_after()), retried_reads()),
    Fault(
        "closed (FIN) mid-body",
        then_good(lambda kind: close_after(start(kind, {"Content-Length": "100"}) + PARTIAL)),
        retried_reads(),
    ),
    Fault(
        "not HTTP at all", then_good(lambda kind: close_after(b"SSH-2.0-OpenSSH_9.6\r\n")), retried_reads()
    ),
    Fault(
        "more than 100 header lines",
        then_good(lambda kind: close_after(start(kind, {f"X-Junk-{n}": "1" for n in range(150)}))),
        retried_reads(),
    ),
    Fault(
        "a 70 KB header line",
        then_good(lambda kind: close_after(b"HTTP/1.1 200 OK\r\nX-Junk: " + b"a" * 70_000 + b"\r\n\r\n")),
        retried_reads(),
    ),
    Fault(
        "invalid chunk size",
        then_good(lambda kind: close_after(start(kind, {"Transfer-Encoding": "chunked"}) + b"zz\r\nabc\r\n")),
        retried_reads(),
    ),
    Fault(
        "stall before the headers",
        three(lambda kind: hold_after()),
        {**reads(fails(APITimeoutError, 3)), "create": fails(APITimeoutError, 1)},
        timeout=0.3,
    ),
    Fault(
        "stall mid-body",
        three(lambda kind: hold_after(start(kind, {"Content-Length": "100"}) + PARTIAL)),
        {**reads(fails(APITimeoutError, 3)), "create": fails(APITimeoutError, 1)},
        timeout=0.3,
    ),
    Fault(
        "trickle: a byte every 50 ms, forever (Content-Length)",
        same(trickle(start("read", {"Content-Length": "1000000"}) + b'{"id"', interval=0.05)),
        past_deadline(0.6),
        timeout=0.3,
    ),
    Fault(
        "trickle: a 1-byte chunk every 50 ms, forever (chunked)",
        same(trickle(start("read", {"Transfer-Encoding": "chunked"}), b"1\r\n \r\n", interval=0.05)),
        past_deadline(0.6),
        timeout=0.3,
    ),
    Fault(
        "status line trickle: a byte every 50 ms, forever",
        same(trickle(b"HTTP/1.1 20", b"0", interval=0.05)),
        past_deadline(0.6),
        timeout=0.3,
    ),
    Fault(
        "header trickle: a byte every 50 ms, forever",
        same(trickle(b"HTTP/1.1 200 OK\r\nX-Slow: ", b"a", interval=0.05)),
        past_deadline(0.6),
        timeout=0.3,
    ),
    Fault(
        "header trickle: a header line every 50 ms",
        same(trickle(b"HTTP/1.1 200 OK\r\n", b"X-Slow: 1\r\n", interval=0.05)),
        past_deadline(0.6),
        timeout=0.3,
    ),
    Fault(
        "100 Continue flood (as fast as it is read)",
        same(continue_flood()),
        past_deadline(0.6),
        timeout=0.3,
    ),
    Fault(
        "100 Continue every 50 ms, forever",
        same(trickle(b"", b"HTTP/1.1 100 Continue\r\n\r\n", interval=0.05)),
        past_deadline(0.6),
        timeout=0.3,
    ),
    Fault(
        "an explicit deadline: 100 Continue flood",
        same(continue_flood()),
        past_deadline(0.25),
        timeout=5.0,
        deadline=0.25,
    ),
    Fault(
        "endless chunked stream",
        same(chunked_forever()),
        {**reads(too_large()), "create": too_large()},
    ),
    Fault(
        "50 MB body (Content-Length)",
        same(huge_body(50_000_000)),
        {**reads(too_large()), "create": too_large()},
    ),
    Fault(
        "50 MB body (no length, until close)",
        same(huge_body(50_000_000, declare_length=False)),
        {**reads(too_large()), "create": too_large()},
    ),
    Fault(
        "gzip bomb: 64 KB inflating to 64 MB",
        same(gzip_bomb(64 << 20)),
        {**reads(too_large()), "create": too_large()},
    ),
    Fault(
        "corrupt gzip body",
        same(answer(200, b"this is not gzip", {**JSON, "Content-Encoding": "gzip"})),
        {**reads(fails(APIResponseValidationError, 1, "decoded")), "create": invalid()},
    ),
    # -- the status ------------------------------------------------------------------------------------
    Fault(
        "500 with a JSON error",
        same(answer(500, SERVER_ERROR, JSON)),
        {**reads(fails(InternalServerError, 1, "boom")), "create": fails(InternalServerError, 1, "boom")},
    ),
    Fault(
        "500 HTML error page",
        same(answer(500, HTML_500, {"Content-Type": "text/html"})),
        {**reads(fails(InternalServerError, 1, "500 Internal")), "create": fails(InternalServerError, 1)},
    ),
    Fault(
        "502 HTML page, then OK",
        then_good(lambda kind: answer(502, HTML_502, {"Content-Type": "text/html"})),
        retried_reads(InternalServerError),
    ),
    Fault("503, then OK", then_good(lambda kind: answer(503, b"busy")), retried_reads(InternalServerError)),
    Fault("504, then OK", then_good(lambda kind: answer(504, b"")), retried_reads(InternalServerError)),
    Fault(
        "503 with Retry-After: 1, then OK",
        then_good(lambda kind: answer(503, b"", {"Retry-After": "1"})),
        {
            **reads(ok(2, sleeps=lambda slept: slept == [1.0])),
            "create": fails(InternalServerError, 1, sleeps=no_sleep),
        },
    ),
    Fault(
        "503 every time",
        three(lambda kind: answer(503, b"still busy")),
        {**reads(fails(InternalServerError, 3, "still busy")), "create": fails(InternalServerError, 1)},
    ),
    Fault(
        "429 with Retry-After: 2, then OK",
        then_good(lambda kind: answer(429, b"{}", {**JSON, "Retry-After": "2"})),
        {
            **reads(ok(2, sleeps=lambda slept: slept == [2.0])),
            "create": fails(RateLimitError, 1, sleeps=no_sleep),
        },
    ),
    Fault(
        "429 without a wait header, then OK",
        then_good(lambda kind: answer(429, b"{}", JSON)),
        retried_reads(RateLimitError),
    ),
    Fault(
        "429 with X-RateLimit-Reset in 1.5 s (epoch ms), then OK",
        then_good(rate_limit_reset_soon),
        {
            **reads(ok(2, sleeps=lambda slept: len(slept) == 1 and 0.5 < slept[0] <= 1.5)),
            "create": fails(RateLimitError, 1),
        },
    ),
    Fault(
        "429 with X-RateLimit-Reset far away",
        then_good(lambda kind: answer(429, b"{}", {"X-RateLimit-Reset": "99999999999999"})),
        {
            **reads(fails(RateLimitError, 1, sleeps=no_sleep)),
            "create": fails(RateLimitError, 1, sleeps=no_sleep),
        },
    ),
    Fault(
        "429 with Retry-After: 3600",
        then_good(lambda kind: answer(429, b"{}", {"Retry-After": "3600"})),
        {
            **reads(fails(RateLimitError, 1, sleeps=no_sleep)),
            "create": fails(RateLimitError, 1, sleeps=no_sleep),
        },
    ),
    Fault(
        "429 with an HTTP-date Retry-After, then OK",
        then_good(retry_after_date),
        {
            **reads(ok(2, sleeps=lambda slept: slept == [2.0])),
            "create": fails(RateLimitError, 1, sleeps=no_sleep),
        },
        now=FIXED_NOW,
    ),
    Fault(
        "429 with Retry-After: soon (invalid), then OK",
        then_good(lambda kind: answer(429, b"{}", {"Retry-After": "soon"})),
        retried_reads(RateLimitError),
    ),
    Fault(
        "429 with X-RateLimit-Reset: nan, then OK",
        then_good(lambda kind: answer(429, b"{}", {"X-RateLimit-Reset": "nan"})),
        retried_reads(RateLimitError),
    ),
    Fault(
        "429 every time",
        three(lambda kind: answer(429, b"{}", {"Retry-After": "0"})),
        {**reads(fails(RateLimitError, 3)), "create": fails(RateLimitError, 1)},
    ),
    Fault(
        "403 call rate limit",
        same(answer(403, LIMIT, JSON)),
        {**reads(fails(CallRateLimitError, 1)), "create": fails(CallRateLimitError, 1, "too many calls")},
    ),
    Fault(
        "401 HTML page",
        same(answer(401, b"<html>Unauthorized</html>", {"Content-Type": "text/html"})),
        {**reads(fails(AuthenticationError, 1)), "create": fails(AuthenticationError, 1)},
    ),
    Fault(
        "404 JSON error",
        same(answer(404, b'{"code": "call-not-found", "message": "no such call"}', JSON)),
        {**reads(fails(NotFoundError, 1, "no such call")), "create": fails(NotFoundError, 1)},
    ),
    Fault(
        "302 to another host (not followed)",
        same(answer(302, b"", {"Location": "http://203.0.113.7/steal"})),
        {**reads(fails(APIStatusError, 1)), "create": fails(APIStatusError, 1)},
    ),
    Fault(
        "status 999",
        same(answer(999, b"?")),
        {**reads(fails(InternalServerError, 1)), "create": fails(InternalServerError, 1)},
    ),
    Fault(
        "500 whose JSON nests 100000 deep",
        same(answer(500, b"[" * 100_000 + b"]" * 100_000, JSON)),
        {**reads(fails(InternalServerError, 1)), "create": fails(InternalServerError, 1)},
    ),
    Fault(
        "100 Continue before the answer",
        lambda kind, server: [close_after(b"HTTP/1.1 100 Continue\r\n\r\n" + whole(kind))],
        {**reads(ok(1)), "create": ok(1)},
    ),
    Fault(
        "HTTP/1.0 answer delimited by close",
        lambda kind, server: [close_after(whole(kind, "HTTP/1.0"))],
        {**reads(ok(1)), "create": ok(1)},
    ),
    # -- the body --------------------------------------------------------------------------------------
    Fault(
        "truncated JSON",
        lambda kind, server: [answer(200, (b"[" if kind == "list" else b"") + PARTIAL, JSON)],
        reads(invalid()),
    ),
    Fault(
        "HTML page with 200",
        same(answer(200, b"<html><body>Down for maintenance</body></html>", {"Content-Type": "text/html"})),
        reads(invalid()),
    ),
    Fault(
        "valid JSON labelled text/plain",
        lambda kind, server: [answer(200, b"[" + CALL_BYTES + b"]" if kind == "list" else CALL_BYTES)],
        reads(ok(1)),
    ),
    Fault("a list where an object belongs", same(answer(200, b"[]", JSON)), {"read": invalid()}),
    Fault("an object where a list belongs", same(answer(200, CALL_BYTES, JSON)), {"list": invalid()}),
    Fault(
        "null body",
        same(answer(200, b"null", JSON)),
        {"read": invalid(), "list": ok(1, result=[])},
    ),
    Fault("empty 200 body", same(answer(200, b"", JSON)), {"read": invalid(), "list": ok(1, result=[])}),
    Fault(
        "invalid UTF-8",
        lambda kind, server: [
            answer(200, b'[{"id": "\xff\xfe"}]' if kind == "list" else b'{"id": "\xff\xfe"}', JSON)
        ],
        reads(invalid()),
    ),
    Fault(
        "JSON nested 100000 deep",
        same(answer(200, b"[" * 100_000 + b"]" * 100_000, JSON)),
        reads(fails(APIResponseValidationError, 1, "nests deeper than 64 levels")),
    ),
    Fault(
        "JSON nested 600 deep",
        same(answer(200, deep(600), JSON)),
        reads(fails(APIResponseValidationError, 1, "nests deeper than 64 levels")),
    ),
    Fault("JSON nested 64 deep (the bound)", nested(64), reads(ok(1))),
    Fault(
        "JSON nested 65 deep", nested(65), reads(fails(APIResponseValidationError, 1, "nests deeper than 64"))
    ),
    Fault(
        "1000 brackets inside a string",
        lambda kind, server: [
            answer(
                200,
                (b"[" if kind == "list" else b"")
                + CALL_BYTES[:-1]
                + b', "tag": "\\"'
                + b"[{" * 500
                + b'"}'
                + (b"]" if kind == "list" else b""),
                JSON,
            )
        ],
        reads(ok(1)),
    ),
    Fault(
        "wrong field types",
        same(answer(200, b'{"id": 5, "state": ["x"], "startTime": true}', JSON)),
        {"calls.get": invalid(), "get_call": ok(1, result=5)},
    ),
    Fault(
        "unknown fields and enum values",
        same(answer(200, b'{"id": "c-1", "state": "teleporting", "newThing": {"a": [1]}}', JSON)),
        {"read": ok(1)},
    ),
    Fault(
        "201 without Location",
        same(answer(201)),
        {"create": fails(APIResponseValidationError, 1, "Location")},
    ),
    Fault("201 with Location: /", same(answer(201, b"", {"Location": "/"})), {"create": invalid()}),
    Fault(
        "201 with Location on another host",
        same(answer(201, b"", {"Location": "https://elsewhere.example/v1/users/u-test/calls/c-new"})),
        {"create": ok(1)},
    ),
    Fault("200 instead of 201, no Location", same(answer(200, CALL_BYTES, JSON)), {"create": invalid()}),
    # -- pagination ------------------------------------------------------------------------------------
    Fault("malformed Link header", same(link_page(["c-1"], 'garbage;;, <<>>; rel=="next"')), {"list": ok(1)}),
    Fault(
        "unterminated Link target",
        lambda kind, server: [link_page(["c-1"], f'<{server.url}{CALLS}?page=2; rel="next"')],
        {"list": ok(1)},
    ),
    Fault(
        "empty Link target (points at itself)",
        same(link_page(["c-1"], '<>; rel="next"')),
        {"list": fails(APIResponseValidationError, 1, "already read")},
    ),
    Fault(
        "relative next link",
        lambda kind, server: [
            link_page(["c-1"], f'<{CALLS}?page=2>; rel="next"'),
            link_page(["c-2"], None),
        ],
        {"list": ok(2, result=["c-1", "c-2"])},
    ),
    Fault(
        "next link to another host",
        same(link_page(["c-1"], f'<http://203.0.113.9{CALLS}?page=2>; rel="next"')),
        {"list": fails(APIResponseValidationError, 1, "off the API host")},
    ),
    Fault(
        "next link to another scheme",
        lambda kind, server: [
            link_page(["c-1"], f'<https://127.0.0.1:{server.port}{CALLS}?page=2>; rel="next"')
        ],
        {"list": fails(APIResponseValidationError, 1, "off the API host")},
    ),
    Fault(
        "next link to another port",
        lambda kind, server: [
            link_page(["c-1"], f'<http://127.0.0.1:{free_port()}{CALLS}?page=2>; rel="next"')
        ],
        {"list": fails(APIResponseValidationError, 1, "off the API host")},
    ),
    Fault(
        "next link to the same page",
        lambda kind, server: [link_page(["c-1"], f'<{server.url}{CALLS}>; rel="next"')],
        {"list": fails(APIResponseValidationError, 1, "already read")},
    ),
    Fault(
        "two pages linking to each other",
        lambda kind, server: [
            link_page(["c-1"], f'<{server.url}{CALLS}?page=2>; rel="next"'),
            link_page(["c-2"], f'<{server.url}{CALLS}>; rel="next"'),
        ],
        {"list": fails(APIResponseValidationError, 2, "already read")},
    ),
    Fault(
        "next link to the same page, the fragment changing",
        lambda kind, server: [
            link_page(["c-1"], f'<{server.url}{CALLS}#{n}>; rel="next"') for n in range(1, 30)
        ],
        {"list": fails(APIResponseValidationError, 1, "already read")},
    ),
    Fault(
        "next link to the same page, the query reordered",
        lambda kind, server: [
            link_page(["c-1"], f'<{server.url}{CALLS}?page=1&size=25>; rel="next"'),
            *[link_page(["c-2"], f'<{server.url}{CALLS}?size=25&page=1&page=1>; rel="next"')] * 30,
        ],
        {"list": fails(APIResponseValidationError, 2, "already read")},
    ),
    Fault(
        "next links to the same page, a parameter changing (page cap 20)",
        lambda kind, server: [
            link_page(["c-1"], f'<{server.url}{CALLS}?page=1&n={n}>; rel="next"') for n in range(40)
        ],
        {"list": fails(APIResponseValidationError, 20, "more than 20 pages")},
        max_pages=20,
    ),
    Fault(
        "a 64 KB Link header of '<'",
        same(link_page(["c-1"], "<" * 65_000)),
        {"list": fails(APIResponseValidationError, 1, "Link header is too long")},
    ),
    Fault(
        "a 16 KB Link header of '<' (within the bound)",
        same(link_page(["c-1"], "<" * 16_000)),
        {"list": ok(1)},
    ),
    Fault("endless empty pages", empty_pages_forever, {"list": ok(1, result=[])}),
    Fault("a page of non-objects", same(answer(200, b"[1, 2]", JSON)), {"list": invalid()}),
]


# -- running a case ---------------------------------------------------------------------------------------


@dataclass
class Run:
    result: object = None
    error: BaseException | None = None
    seconds: float = 0.0
    hung: bool = False
    slept: list[float] = field(default_factory=list)


def retry_policy(client: Client) -> RetryPolicy:
    adapter = client._transport.session.get_adapter(client.base_url)
    assert isinstance(adapter, HTTPAdapter) and isinstance(adapter.max_retries, RetryPolicy)
    return adapter.max_retries


def record_sleeps(client: Client) -> list[float]:
    """Replace the retry sleep with a recorder, so retries never wait (the waits asked for are checked)."""
    slept: list[float] = []
    retry_policy(client).sleep_function = slept.append
    return slept


def run_bounded(work: Callable[[], object], limit: float = HANG_LIMIT) -> Run:
    """Run ``work`` in a thread; a run still going after ``limit`` seconds is reported as hung."""
    run = Run()

    def target() -> None:
        try:
            run.result = work()
        except BaseException as error:
            run.error = error

    thread = threading.Thread(target=target, name="fault-case", daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(limit)
    run.seconds = time.monotonic() - started
    run.hung = thread.is_alive()
    return run


def leaks(error: BaseException) -> list[str]:
    """Where a credential shows in an exception: its str, repr, pickle, traceback text or attributes, or
    anything reachable from it (its chain, args, attributes, and theirs: see ``reachable.py``)."""
    views = {
        "str": str(error),
        "repr": repr(error),
        "pickle": pickle.dumps(error).decode("latin-1"),
        "traceback": "".join(traceback.format_exception(error)),
        "attributes": repr(vars(error)),
    }
    shown = [
        f"{name} shows {secret!r}" for name, text in views.items() for secret in SECRETS if secret in text
    ]
    return shown + reachable_secrets(error, SECRETS)


# -- the report -------------------------------------------------------------------------------------------


class Report:
    def __init__(self) -> None:
        self.cases: list[dict[str, Any]] = []

    def add(
        self,
        fault: str,
        operation: OperationLike,
        expect: Expect,
        run: Run,
        hits: int,
        duplicates: int,
        problems: list[str],
        known: str | None = None,
    ) -> None:
        outcome = "hang" if run.hung else "success" if run.error is None else type(run.error).__name__
        self.cases.append(
            {
                "typed_error": isinstance(run.error, BandwidthError),
                "fault": fault,
                "operation": operation.name,
                "layer": operation.layer,
                "method": "POST" if operation.kind == "create" else "GET",
                "expected": expect.describe(),
                "outcome": outcome,
                "survived": not problems,
                "problems": problems,
                "known_finding": known,
                "server_requests": hits,
                "duplicates": duplicates,
                "retry_waits": [round(wait, 3) for wait in run.slept],
                "seconds": round(run.seconds, 3),
            }
        )

    def write(self) -> None:
        cases = self.cases
        layers = {
            layer: {
                "tried": sum(1 for case in cases if case["layer"] == layer),
                "survived": sum(1 for case in cases if case["layer"] == layer and case["survived"]),
            }
            for layer in ("typed", "facade")
        }
        summary = {
            "generated_by": "tests/test_faults.py",
            "sdk_version": __version__,
            "faults": len({case["fault"] for case in cases}),
            "tried": len(cases),
            "survived": sum(1 for case in cases if case["survived"]),
            "successes": sum(1 for case in cases if case["outcome"] == "success"),
            "typed_errors": sum(1 for case in cases if case["typed_error"]),
            "untyped_errors": sum(
                1 for case in cases if case["outcome"] not in ("success", "hang") and not case["typed_error"]
            ),
            "hangs": sum(1 for case in cases if case["outcome"] == "hang"),
            "duplicates": sum(case["duplicates"] for case in cases),
            "max_response_bytes": MAX_RESPONSE_BYTES,
            "by_layer": layers,
            "outcomes": dict(Counter(case["outcome"] for case in cases).most_common()),
            "cases": cases,
        }
        REPORT.parent.mkdir(exist_ok=True)
        REPORT.write_text(json.dumps(summary, indent=2) + "\n")


@pytest.fixture(scope="module")
def report() -> Iterator[Report]:
    collected = Report()
    yield collected
    if collected.cases:
        collected.write()


def check(
    report: Report,
    fault: str,
    operation: OperationLike,
    expect: Expect,
    run: Run,
    server: MisbehavingServer,
    known: str | None = None,
    found: list[str] | None = None,
) -> list[str]:
    """Judge one run against the rules every case shares, record it, and return what went wrong.

    ``found``: problems the caller saw on its own (they are recorded with the rest).
    """
    problems: list[str] = list(found or [])
    hits = len(server.requests)
    duplicates = server.duplicates()
    if run.hung:
        problems.append(f"still running after {HANG_LIMIT:g} s")
    elif run.error is not None:
        error = run.error
        if not isinstance(error, BandwidthError):
            problems.append(f"untyped {type(error).__module__}.{type(error).__name__}: {error}")
        problems.extend(leaks(error))
        if expect.error is None:
            problems.append(f"expected success, got {type(error).__name__}: {error}")
        elif not isinstance(error, expect.error):
            problems.append(f"expected {expect.error.__name__}, got {type(error).__name__}: {error}")
        elif expect.not_error is not None and isinstance(error, expect.not_error):
            problems.append(f"must not be {expect.not_error.__name__}: {error}")
        elif expect.match is not None and expect.match not in str(error):
            problems.append(f"{expect.match!r} not in {str(error)!r}")
    elif expect.error is not None:
        problems.append(f"expected {expect.error.__name__}, got success: {run.result!r}")
    else:
        wanted = operation.expected if expect.result is _SAME else expect.result
        if run.result != wanted:
            problems.append(f"expected {wanted!r}, got {run.result!r}")
    if duplicates:
        problems.append(f"{duplicates} POST(s) reached the server twice for one call")
    if expect.hits is not None and hits != expect.hits:
        problems.append(f"expected {expect.hits} request(s) at the server, saw {hits}")
    if any(not 0 <= wait <= MAX_RETRY_WAIT for wait in run.slept):
        problems.append(f"a retry wait outside 0..{MAX_RETRY_WAIT:g} s: {run.slept}")
    if expect.sleeps is not None and not expect.sleeps(run.slept):
        problems.append(f"unexpected retry waits {run.slept}")
    if server.errors:
        problems.append(f"the test server failed: {server.errors!r}")
    report.add(fault, operation, expect, run, hits, duplicates, problems, known)
    return problems


def run_operation(
    operation: Operation, endpoint: str, timeout: float, now: float | None = None, **options: Any
) -> Run:
    """Run ``operation`` once through a fresh client (retry sleeps recorded, not slept)."""
    with Client(USER, TOKEN, SECRET, api_endpoint=endpoint, timeout=timeout, **options) as client:
        slept = record_sleeps(client)
        if now is not None:
            retry_policy(client).clock = lambda: now
        tag = f"fault-{uuid.uuid4().hex}"
        run = run_bounded(lambda: operation.run(client, tag))
        run.slept = slept
    return run


CASES = [
    pytest.param(
        fault,
        operation,
        id=f"{fault.name}|{operation.name}",
        marks=[pytest.mark.xfail(strict=True, reason=reason)]
        if (reason := fault.expected_failure(operation))
        else [],
    )
    for fault in FAULTS
    for operation in OPERATIONS
    if fault.expectation(operation) is not None
]


@pytest.mark.parametrize(("fault", "operation"), CASES)
def test_fault(fault: Fault, operation: Operation, report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    expect = fault.expectation(operation)
    assert expect is not None
    if fault.max_pages is not None:
        monkeypatch.setattr(links, "MAX_PAGES", fault.max_pages)
    with misbehaving_server() as server:
        server.then(*fault.script(operation.kind, server))
        endpoint = server.url if fault.listening else f"http://127.0.0.1:{free_port()}"
        options = {} if fault.deadline is None else {"deadline": fault.deadline}
        run = run_operation(operation, endpoint, fault.timeout, fault.now, **options)
        problems = check(
            report, fault.name, operation, expect, run, server, known=fault.expected_failure(operation)
        )

    assert not problems, "; ".join(problems)


# -- faults that need a sequence of their own --------------------------------------------------------------

CREATES = [operation for operation in OPERATIONS if operation.kind == "create"]
READS = [operation for operation in OPERATIONS if operation.kind == "read"]


@pytest.mark.parametrize("operation", CREATES + READS, ids=lambda operation: operation.name)
def test_refused_then_listening_is_retried_once_it_listens(operation: Operation, report: Report) -> None:
    """A connect failure proves the request never left, so even a POST is retried: the call is made once."""
    port = free_port()
    started: list[MisbehavingServer] = []

    def listen_while_backing_off(wait: float) -> None:
        if not started:
            server = MisbehavingServer(port)
            server.then(good(operation.kind))
            server.start()
            started.append(server)

    try:
        with Client(USER, TOKEN, SECRET, api_endpoint=f"http://127.0.0.1:{port}", timeout=1.0) as client:
            slept: list[float] = []

            def sleep(wait: float) -> None:
                slept.append(wait)
                listen_while_backing_off(wait)

            retry_policy(client).sleep_function = sleep
            tag = f"fault-{uuid.uuid4().hex}"
            run = run_bounded(lambda: operation.run(client, tag))
            run.slept = slept
        assert started, "the client never backed off"
        problems = check(report, "refused, then listening", operation, ok(1), run, started[0])
    finally:
        for server in started:
            server.close()

    assert not problems, "; ".join(problems)


def answer_then_close(kind: str) -> Behaviour:
    """A keep-alive answer (no ``Connection: close``), after which the server drops the idle connection."""
    inner = good(kind)

    def behave(wire: Wire, request: Request) -> bool:
        inner(wire, request)
        wire.close()
        return False

    return behave


@pytest.mark.parametrize("operation", CREATES, ids=lambda operation: operation.name)
def test_a_post_after_the_server_dropped_the_idle_connection(operation: Operation, report: Report) -> None:
    """The pooled connection the server closed is noticed before the POST is written: one create, no error."""
    with misbehaving_server() as server:
        server.then(answer_then_close("read"), good(operation.kind))
        with Client(USER, TOKEN, SECRET, api_endpoint=server.url, timeout=1.0) as client:
            slept = record_sleeps(client)
            client.calls.get("c-1")
            time.sleep(0.2)  # the server's FIN arrives while the connection idles in the pool
            tag = f"fault-{uuid.uuid4().hex}"
            run = run_bounded(lambda: operation.run(client, tag))
            run.slept = slept
        problems = check(
            report, "idle keep-alive connection closed by the server", operation, ok(2), run, server
        )
        assert server.connections == 2

    assert not problems, "; ".join(problems)


@pytest.mark.parametrize(
    "operation", [op for op in OPERATIONS if op.kind != "create"], ids=lambda op: op.name
)
def test_max_retries_zero_gives_the_first_error(operation: Operation, report: Report) -> None:
    with misbehaving_server() as server:
        server.then(answer(503, b"busy"), good(operation.kind))
        run = run_operation(operation, server.url, 1.0, max_retries=0)
        problems = check(
            report, "503 with max_retries=0", operation, fails(InternalServerError, 1), run, server
        )

    assert not problems, "; ".join(problems)


CONCURRENT = 4
"""Threads in the connection-release case: each holds its own connection until all four are open."""


def all_at_once(kind: str, barrier: threading.Barrier) -> Behaviour:
    """The good answer once ``CONCURRENT`` requests are in (each on a connection of its own), kept alive."""
    inner = good(kind)

    def behave(wire: Wire, request: Request) -> bool:
        barrier.wait(5)
        inner(wire, request)
        return True

    return behave


def wait_until(condition: Callable[[], bool], limit: float = 3.0) -> bool:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.mark.parametrize("road", ["direct", "proxy"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.name)
def test_leaving_the_client_closes_every_pooled_connection(
    operation: Operation, road: str, report: Report
) -> None:
    """``with Client(...)`` (close()) closes the pooled connections at once, not at garbage collection.

    Four threads make the operation at the same time, so the pool holds four kept-alive connections; after
    the ``with`` block the kernel lists none of them as established, and the server saw each one closed.
    On the proxy road the server plays the proxy (it answers the absolute-form requests it gets).
    """
    barrier = threading.Barrier(CONCURRENT)
    with misbehaving_server() as server:
        server.then(*[all_at_once(operation.kind, barrier) for _ in range(CONCURRENT)])
        options: dict[str, Any] = {"max_connections": CONCURRENT}
        endpoint = server.url
        if road == "proxy":
            endpoint = f"http://127.0.0.1:{free_port()}"
            options["proxies"] = {"http": server.url}
        found: list[str] = []
        with Client(USER, TOKEN, SECRET, api_endpoint=endpoint, timeout=2.0, **options) as client:
            slept = record_sleeps(client)
            results: list[object] = [None] * CONCURRENT

            def run_all() -> list[object]:
                def one(index: int) -> None:
                    results[index] = operation.run(client, f"fault-{uuid.uuid4().hex}")

                threads = [threading.Thread(target=one, args=(index,)) for index in range(CONCURRENT)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(HANG_LIMIT)
                return results

            run = run_bounded(run_all)
            run.slept = slept
            before = established_to(server.port)
            if before is not None and before != CONCURRENT:
                found.append(f"expected {CONCURRENT} established connections before closing, saw {before}")
            if server.connections != CONCURRENT:
                found.append(f"expected {CONCURRENT} connections accepted, saw {server.connections}")
        after = established_to(server.port)
        if after:
            found.append(f"{after} connection(s) still established after the client was closed")
        if not wait_until(lambda: server.open_connections == 0):
            found.append(f"the server saw {server.open_connections} connection(s) left open")
        problems = check(
            report,
            f"connections released by close() ({road})",
            operation,
            ok(CONCURRENT, result=[operation.expected] * CONCURRENT),
            run,
            server,
            found=found,
        )

    assert not problems, "; ".join(problems)


def test_the_report_is_complete(report: Report) -> None:
    """Runs last in this module: every case was recorded, none hung and none created a call twice."""
    if not report.cases:
        pytest.skip("run with the fault cases to check the report")
    assert all(case["outcome"] != "hang" for case in report.cases)
    assert sum(case["duplicates"] for case in report.cases) == 0
    assert {case["layer"] for case in report.cases} == {"typed", "facade"}
