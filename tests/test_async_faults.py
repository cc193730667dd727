"""The fault suite, run through the async transport: the same faults (``test_faults.FAULTS``), server and
judge (``test_faults.check``) as the sync layers, with operations from ``bandwidth._core.endpoints`` sent by
:class:`~bandwidth._async.transport.AsyncTransport` and walked by its :class:`AsyncPaginator`.

Every run must end in success after retries, or in one typed error of the expected class within a hard time
limit; no POST may reach the server twice; no credential may show in, or be reachable from, the exception.
Where httpx (h11) reads an answer differently from http.client, the expectation is overridden below, with
the reason.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from misbehaving import (
    MisbehavingServer,
    answer,
    close_after,
    established_to,
    free_port,
    misbehaving_server,
    reset_after,
)
from test_faults import (
    CONCURRENT,
    FAULTS,
    SECRET,
    TOKEN,
    USER,
    Expect,
    Fault,
    Report,
    Run,
    all_at_once,
    answer_then_close,
    check,
    fails,
    good,
    invalid,
    ok,
    retried_reads,
    run_bounded,
    start,
    wait_until,
)

from bandwidth import InternalServerError
from bandwidth._async.pagination import paginate
from bandwidth._async.transport import AsyncTransport
from bandwidth._core import links
from bandwidth._core.endpoints import calls
from bandwidth.models import AsyncCall

# -- operations -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AsyncOperation:
    name: str
    """As the typed layer's operation of the same kind is named, so the fault table's expectations apply."""
    layer: str
    kind: str
    run: Callable[[AsyncTransport, str], Awaitable[object]]
    expected: object


async def _get(transport: AsyncTransport, tag: str) -> object:
    return (await transport.perform(calls.get("c-1", model=AsyncCall))).id


async def _list(transport: AsyncTransport, tag: str) -> object:
    return [call.id async for call in paginate(transport, calls.list_calls(model=AsyncCall))]


async def _create(transport: AsyncTransport, tag: str) -> object:
    return await transport.perform(calls.create(from_="+19195550001", to="+19195550002", tag=tag))


OPERATIONS = (
    AsyncOperation("calls.get", "async", "read", _get, "c-1"),
    AsyncOperation("calls.list", "async", "list", _list, ["c-1"]),
    AsyncOperation("calls.create", "async", "create", _create, "c-new"),
)
CREATES = [operation for operation in OPERATIONS if operation.kind == "create"]
READS = [operation for operation in OPERATIONS if operation.kind == "read"]


# -- where h11 differs from http.client ------------------------------------------------------------------

ANSWERED = {"read": invalid(), "list": ok(1, result=[]), "create": ok(1)}
"""A header section h11 reads as an answer, then an empty body delimited by the close."""

DIFFERENT: dict[str, dict[str, Expect]] = {
    # http.client refuses more than 100 header lines; h11 bounds the header section's size instead.
    "more than 100 header lines": ANSWERED,
    # ... and a 70 KB header line is within h11's bound (100 KiB): a 200 with no Location and no body.
    "a 70 KB header line": {**ANSWERED, "create": invalid()},
}

EXTRA_FAULTS = [
    Fault(
        "a 200 KB header line (past h11's bound)",
        lambda kind, server: [
            close_after(b"HTTP/1.1 200 OK\r\nX-Junk: " + b"a" * 200_000 + b"\r\n\r\n"),
            good(kind),
        ],
        retried_reads(),
    ),
    Fault(
        "RST mid-body (gzip)",
        lambda kind, server: [
            reset_after(start(kind, {"Content-Encoding": "gzip", "Content-Length": "100"}) + b"\x1f\x8b\x08"),
            good(kind),
        ],
        retried_reads(),
    ),
]
"""Faults of the async transport's own: h11's header bound, and a body broken off while it is inflated."""


def fault_cases() -> Iterator[Any]:
    for fault in [*FAULTS, *EXTRA_FAULTS]:
        adapted = replace(fault, expect=DIFFERENT[fault.name]) if fault.name in DIFFERENT else fault
        for operation in OPERATIONS:
            if adapted.expectation(operation) is not None:
                yield pytest.param(adapted, operation, id=f"{fault.name}|async {operation.name}")


# -- running a case ---------------------------------------------------------------------------------------

REPORT = Report()


@pytest.fixture(scope="module")
def report() -> Report:
    return REPORT


def run_async(
    operation: AsyncOperation,
    endpoint: str,
    timeout: float,
    now: float | None = None,
    on_sleep: Callable[[float], None] | None = None,
    **options: Any,
) -> Run:
    """Run ``operation`` once through a fresh transport in its own event loop (retry waits recorded, not
    waited), in a thread: a run still going after ``HANG_LIMIT`` seconds is a hang."""
    slept: list[float] = []

    async def sleep(wait: float) -> None:
        slept.append(wait)
        if on_sleep is not None:
            on_sleep(wait)

    async def main() -> object:
        async with AsyncTransport(
            user_id=USER,
            api_token=TOKEN,
            api_secret=SECRET,
            api_endpoint=endpoint,
            timeout=timeout,
            **options,
        ) as transport:
            transport.sleep = sleep
            if now is not None:
                transport.clock = lambda: now
            return await operation.run(transport, f"fault-{uuid.uuid4().hex}")

    run = run_bounded(lambda: asyncio.run(main()))
    run.slept = slept
    return run


@pytest.mark.parametrize(("fault", "operation"), list(fault_cases()))
def test_async_fault(
    fault: Fault, operation: AsyncOperation, report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    expect = fault.expectation(operation)
    assert expect is not None
    if fault.max_pages is not None:
        monkeypatch.setattr(links, "MAX_PAGES", fault.max_pages)
    with misbehaving_server() as server:
        server.then(*fault.script(operation.kind, server))
        endpoint = server.url if fault.listening else f"http://127.0.0.1:{free_port()}"
        options: dict[str, Any] = {} if fault.deadline is None else {"deadline": fault.deadline}
        run = run_async(operation, endpoint, fault.timeout, fault.now, **options)
        problems = check(report, fault.name, operation, expect, run, server)

    assert not problems, "; ".join(problems)


# -- faults that need a sequence of their own --------------------------------------------------------------


@pytest.mark.parametrize("operation", CREATES + READS, ids=lambda operation: operation.name)
def test_refused_then_listening_is_retried_once_it_listens(operation: AsyncOperation, report: Report) -> None:
    """A failed connect proves the request never left, so even a POST is retried: the call is made once."""
    port = free_port()
    started: list[MisbehavingServer] = []

    def listen_while_backing_off(wait: float) -> None:
        if not started:
            server = MisbehavingServer(port)
            server.then(good(operation.kind))
            server.start()
            started.append(server)

    try:
        run = run_async(operation, f"http://127.0.0.1:{port}", 1.0, on_sleep=listen_while_backing_off)
        assert started, "the transport never backed off"
        problems = check(report, "refused, then listening", operation, ok(1), run, started[0])
    finally:
        for server in started:
            server.close()

    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("operation", CREATES, ids=lambda operation: operation.name)
def test_a_post_after_the_server_dropped_the_idle_connection(
    operation: AsyncOperation, report: Report
) -> None:
    """The pooled connection the server closed is noticed before the POST is written: one create, no error."""

    async def get_then(transport: AsyncTransport, tag: str) -> object:
        await transport.perform(calls.get("c-1", model=AsyncCall))
        await asyncio.sleep(0.2)  # the server's FIN arrives while the connection idles in the pool
        return await operation.run(transport, tag)

    with misbehaving_server() as server:
        server.then(answer_then_close("read"), good(operation.kind))
        run = run_async(replace(operation, run=get_then), server.url, 1.0)
        problems = check(
            report,
            "idle keep-alive connection closed by the server",
            operation,
            ok(2),
            run,
            server,
        )
        assert server.connections == 2

    assert not problems, "; ".join(problems)


@pytest.mark.parametrize(
    "operation", [op for op in OPERATIONS if op.kind != "create"], ids=lambda op: op.name
)
def test_max_retries_zero_gives_the_first_error(operation: AsyncOperation, report: Report) -> None:
    with misbehaving_server() as server:
        server.then(answer(503, b"busy"), good(operation.kind))
        run = run_async(operation, server.url, 1.0, max_retries=0)
        problems = check(
            report, "503 with max_retries=0", operation, fails(InternalServerError, 1), run, server
        )

    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("road", ["direct", "proxy"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.name)
def test_leaving_the_transport_closes_every_pooled_connection(
    operation: AsyncOperation, road: str, report: Report
) -> None:
    """``async with AsyncTransport(...)`` (aclose()) closes the pooled connections at once.

    Four tasks make the operation at the same time, so the pool holds four kept-alive connections; after the
    ``async with`` block the kernel lists none of them as established, and the server saw each one closed.
    On the proxy road the server plays the proxy (it answers the absolute-form requests it gets).
    """
    barrier = threading.Barrier(CONCURRENT)
    found: list[str] = []
    with misbehaving_server() as server:
        server.then(*[all_at_once(operation.kind, barrier) for _ in range(CONCURRENT)])
        options: dict[str, Any] = {"max_connections": CONCURRENT}
        endpoint = server.url
        if road == "proxy":
            endpoint = f"http://127.0.0.1:{free_port()}"
            options["proxies"] = {"http": server.url}

        async def all_together(transport: AsyncTransport, tag: str) -> object:
            results = await asyncio.gather(
                *[operation.run(transport, f"fault-{uuid.uuid4().hex}") for _ in range(CONCURRENT)]
            )
            before = established_to(server.port)
            if before is not None and before != CONCURRENT:
                found.append(f"expected {CONCURRENT} established connections before closing, saw {before}")
            return results

        run = run_async(replace(operation, run=all_together), endpoint, 2.0, **options)
        if server.connections != CONCURRENT:
            found.append(f"expected {CONCURRENT} connections accepted, saw {server.connections}")
        after = established_to(server.port)
        if after:
            found.append(f"{after} connection(s) still established after the transport was closed")
        if not wait_until(lambda: server.open_connections == 0):
            found.append(f"the server saw {server.open_connections} connection(s) left open")
        problems = check(
            report,
            f"connections released by aclose() ({road})",
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
    assert {case["layer"] for case in report.cases} == {"async"}
