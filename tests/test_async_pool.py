"""The async transport's connection pool (``bandwidth/_async/pool.py``) against real loopback servers.

Reuse, the connection bound, FIFO hand-over, stale keep-alive connections, cancellation, body framings
(length, chunked, until close), bad framing, the deadline on the wait for a slot, and ``aclose()``. The
tests run on asyncio, and on trio too where trio is installed (anyio's pytest plugin runs each on both).
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable
from typing import Any

import anyio
import httpx
import pytest
from misbehaving import (
    MisbehavingServer,
    Request,
    Wire,
    answer,
    close_after,
    established_to,
    hold_after,
    misbehaving_server,
    reset_after,
)
from test_faults import wait_until

from bandwidth._async import pool as pool_module
from bandwidth._async.http11 import plain_request, request_bytes
from bandwidth._async.pool import ConnectionPool, PoolClosed

pytestmark = pytest.mark.anyio

DEFAULT = {"http": 80, "https": 443}
TIMEOUTS = {"timeout": {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": None}}


@pytest.fixture
def server() -> Any:
    with misbehaving_server() as started:
        yield started


def make_pool(max_connections: int = 4) -> ConnectionPool:
    return ConnectionPool(ssl_context=ssl.create_default_context(), max_connections=max_connections)


async def fetch(
    pool: ConnectionPool,
    url: str,
    method: str = "GET",
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    """One exchange on the pool: status and whole body (read to its end: the connection goes back)."""
    request = httpx.Request(method, url, content=body, headers=headers, extensions=TIMEOUTS)
    response = await pool.handle_async_request(request)
    try:
        stream = response.stream
        assert isinstance(stream, httpx.AsyncByteStream)
        return response.status_code, b"".join([piece async for piece in stream])
    finally:
        await response.aclose()


def raw(data: bytes, *, keep: bool = True) -> Callable[[Wire, Request], bool]:
    """Send ``data`` as the whole answer; keep the connection for another request (or close it)."""

    def behave(wire: Wire, request: Request) -> bool:
        wire.send(data)
        if not keep:
            wire.close()
        return keep

    return behave


# -- reuse and bounds ----------------------------------------------------------------------------------------


async def test_sequential_requests_reuse_one_connection(server: MisbehavingServer) -> None:
    server.then(*[answer(200, f"answer {n}".encode()) for n in range(5)])
    async with make_pool() as pool:
        got = [await fetch(pool, f"{server.url}/n/{n}") for n in range(5)]

    assert got == [(200, f"answer {n}".encode()) for n in range(5)]
    assert [request.target for request in server.requests] == [f"/n/{n}" for n in range(5)]
    assert server.connections == 1


async def test_100_tasks_share_at_most_max_connections(server: MisbehavingServer) -> None:
    def slow(wire: Wire, request: Request) -> bool:
        wire.wait(0.005)
        return answer(200, request.target.encode())(wire, request)

    server.then(*[slow] * 100)
    got: dict[int, tuple[int, bytes]] = {}
    async with make_pool(max_connections=4) as pool:

        async def one(n: int) -> None:
            got[n] = await fetch(pool, f"{server.url}/t/{n}")

        async with anyio.create_task_group() as tasks:
            for n in range(100):
                tasks.start_soon(one, n)
        open_before_close = established_to(server.port)

    assert got == {n: (200, f"/t/{n}".encode()) for n in range(100)}
    assert server.connections == 4
    assert open_before_close in (None, 4)


async def test_waiting_tasks_get_the_connection_first_come_first_served(server: MisbehavingServer) -> None:
    """One connection; the first request holds it while nine more queue in order; they go in that order."""
    release = threading.Event()

    def held(wire: Wire, request: Request) -> bool:
        release.wait(5)
        return answer(200, b"first")(wire, request)

    server.then(held, *[answer(200, b"next")] * 9)
    async with make_pool(max_connections=1) as pool, anyio.create_task_group() as tasks:
        tasks.start_soon(fetch, pool, f"{server.url}/order/0")
        await wait_until_async(lambda: len(server.requests) == 1)
        for n in range(1, 10):
            tasks.start_soon(fetch, pool, f"{server.url}/order/{n}")
            await anyio.sleep(0.01)  # each queued before the next starts
        release.set()

    assert [request.target for request in server.requests] == [f"/order/{n}" for n in range(10)]
    assert server.connections == 1


async def test_the_deadline_bounds_the_wait_for_a_connection(server: MisbehavingServer) -> None:
    """A task waiting for the only connection gives up at its deadline; the pool is intact afterwards."""
    release = threading.Event()

    def held(wire: Wire, request: Request) -> bool:
        release.wait(5)
        return answer(200, b"held")(wire, request)

    server.then(held, answer(200, b"after"))
    async with make_pool(max_connections=1) as pool, anyio.create_task_group() as tasks:
        tasks.start_soon(fetch, pool, f"{server.url}/held")
        await wait_until_async(lambda: len(server.requests) == 1)
        with pytest.raises(TimeoutError):
            with anyio.fail_after(0.2):
                await fetch(pool, f"{server.url}/waits")
        release.set()
        await wait_until_async(lambda: bool(pool._idle))
        assert await fetch(pool, f"{server.url}/after") == (200, b"after")

    assert [request.target for request in server.requests] == ["/held", "/after"]
    assert server.connections == 1


async def test_a_slot_held_by_another_origins_idle_connection_is_given_over() -> None:
    """One connection in all, two servers: each request closes the other origin's idle connection."""
    with misbehaving_server() as first, misbehaving_server() as second:
        first.then(answer(200, b"a1"), answer(200, b"a2"))
        second.then(answer(200, b"b1"))
        async with make_pool(max_connections=1) as pool:
            with anyio.fail_after(5):
                got = [
                    await fetch(pool, f"{first.url}/1"),
                    await fetch(pool, f"{second.url}/1"),
                    await fetch(pool, f"{first.url}/2"),
                ]

    assert got == [(200, b"a1"), (200, b"b1"), (200, b"a2")]
    assert (first.connections, second.connections) == (2, 1)


# -- stale connections ---------------------------------------------------------------------------------------


async def test_an_idle_connection_the_server_closed_is_replaced_before_a_get(
    server: MisbehavingServer,
) -> None:
    server.then(raw(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", keep=False), answer(200, b"again"))
    async with make_pool() as pool:
        assert await fetch(pool, f"{server.url}/1") == (200, b"ok")
        await anyio.sleep(0.1)  # the server's FIN reaches the idle connection
        assert await fetch(pool, f"{server.url}/2") == (200, b"again")

    assert [(r.target, r.connection) for r in server.requests] == [("/1", 0), ("/2", 1)]


async def test_a_connection_idle_past_the_keep_alive_expiry_is_replaced(
    server: MisbehavingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool_module, "KEEPALIVE_EXPIRY", 0.05)
    server.then(answer(200, b"1"), answer(200, b"2"), answer(200, b"3"))
    async with make_pool() as pool:
        await fetch(pool, f"{server.url}/1")
        await fetch(pool, f"{server.url}/2")  # at once: the same connection
        await anyio.sleep(0.1)
        await fetch(pool, f"{server.url}/3")

    assert [r.connection for r in server.requests] == [0, 0, 1]
    assert wait_until(lambda: server.open_connections == 0)


async def test_a_post_on_a_dropped_idle_connection_is_sent_once_on_a_new_one(
    server: MisbehavingServer,
) -> None:
    server.then(raw(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", keep=False), answer(201))
    async with make_pool() as pool:
        await fetch(pool, f"{server.url}/get")
        await anyio.sleep(0.1)
        assert await fetch(pool, f"{server.url}/post", "POST", b'{"tag": "x"}') == (201, b"")

    posts = [r for r in server.requests if r.method == "POST"]
    assert [(r.body, r.connection) for r in posts] == [(b'{"tag": "x"}', 1)]


async def test_a_post_the_server_reset_after_reading_is_not_sent_again(server: MisbehavingServer) -> None:
    """Once a request is written, a failure is the caller's to judge: the pool never sends it again."""
    server.then(answer(200, b"ok"), reset_after(), answer(201))
    async with make_pool() as pool:
        await fetch(pool, f"{server.url}/get")
        with pytest.raises(httpx.TransportError):
            await fetch(pool, f"{server.url}/post", "POST", b'{"tag": "y"}')

    assert [r.method for r in server.requests] == ["GET", "POST"]


# -- cancellation --------------------------------------------------------------------------------------------


async def test_a_task_cancelled_mid_body_leaves_no_half_read_connection(server: MisbehavingServer) -> None:
    server.then(
        hold_after(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf"),
        answer(200, b"whole"),
    )
    async with make_pool(max_connections=1) as pool:
        with anyio.move_on_after(0.3) as scope:
            await fetch(pool, f"{server.url}/slow")
        assert scope.cancelled_caught
        assert await fetch(pool, f"{server.url}/next") == (200, b"whole")
        assert wait_until(lambda: server.open_connections == 1)  # the half-read one was closed

    assert [(r.target, r.connection) for r in server.requests] == [("/slow", 0), ("/next", 1)]


async def test_a_task_cancelled_before_the_headers_frees_its_slot(server: MisbehavingServer) -> None:
    server.then(hold_after(), answer(200, b"fine"))
    async with make_pool(max_connections=1) as pool:
        with anyio.move_on_after(0.3):
            await fetch(pool, f"{server.url}/stall")
        assert await fetch(pool, f"{server.url}/next") == (200, b"fine")

    assert server.connections == 2


# -- framing -------------------------------------------------------------------------------------------------


async def test_a_chunked_body_is_joined_and_the_connection_reused(server: MisbehavingServer) -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n"
    )
    server.then(raw(chunked), answer(200, b"second"))
    async with make_pool() as pool:
        assert await fetch(pool, f"{server.url}/chunked") == (200, b"hello world")
        assert await fetch(pool, f"{server.url}/second") == (200, b"second")

    assert server.connections == 1


async def test_a_body_delimited_by_the_close_is_read_whole(server: MisbehavingServer) -> None:
    server.then(close_after(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + b"x" * 300_000))
    server.then(answer(200, b"new"))
    async with make_pool() as pool:
        assert await fetch(pool, f"{server.url}/until-close") == (200, b"x" * 300_000)
        assert await fetch(pool, f"{server.url}/next") == (200, b"new")

    assert server.connections == 2


@pytest.mark.parametrize(
    "answer_head",
    [
        b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
    ],
    ids=["HTTP/1.0", "Connection: close"],
)
async def test_an_answer_that_ends_the_connection_is_not_reused(
    server: MisbehavingServer, answer_head: bytes
) -> None:
    server.then(raw(answer_head), answer(200, b"new"))
    async with make_pool() as pool:
        assert await fetch(pool, f"{server.url}/1") == (200, b"ok")
        assert await fetch(pool, f"{server.url}/2") == (200, b"new")

    assert server.connections == 2


async def test_informational_answers_are_read_past(server: MisbehavingServer) -> None:
    server.then(
        raw(b"HTTP/1.1 100 Continue\r\n\r\n" * 3 + b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone")
    )
    async with make_pool() as pool:
        assert await fetch(pool, f"{server.url}/") == (200, b"done")


@pytest.mark.parametrize(
    "bad",
    [
        b"HTTP/1.1 200 OK\r\nX-Junk: " + b"a" * 200_000 + b"\r\n\r\n",
        b"SSH-2.0-OpenSSH_9.6\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
        b"HTTP/1.1 200 OK\r\nX-Cut: ",
    ],
    ids=[
        "a 200 KB header line",
        "not HTTP",
        "Content-Length not a number",
        "two Content-Lengths",
        "length and chunked",
        "another transfer coding",
        "a space in a header name",
        "a bad chunk size",
        "a body shorter than its length",
        "headers cut by the close",
    ],
)
async def test_bad_framing_is_a_protocol_error(server: MisbehavingServer, bad: bytes) -> None:
    server.then(close_after(bad), answer(200, b"next"))
    async with make_pool() as pool:
        with pytest.raises(httpx.RemoteProtocolError):
            await fetch(pool, f"{server.url}/bad")
        assert await fetch(pool, f"{server.url}/next") == (200, b"next")


async def test_a_header_with_a_line_break_is_refused_before_anything_is_sent(
    server: MisbehavingServer,
) -> None:
    async with make_pool() as pool:
        with pytest.raises(httpx.LocalProtocolError):
            await fetch(pool, f"{server.url}/", headers={"X-Evil": "a\r\nInjected: yes"})

    assert server.connections == 0


# -- closing -------------------------------------------------------------------------------------------------


async def test_aclose_closes_every_connection(server: MisbehavingServer) -> None:
    barrier = threading.Barrier(4)

    def together(wire: Wire, request: Request) -> bool:
        barrier.wait(5)
        return answer(200, b"ok")(wire, request)

    server.then(*[together] * 4)
    pool = make_pool(max_connections=4)
    async with anyio.create_task_group() as tasks:
        for n in range(4):
            tasks.start_soon(fetch, pool, f"{server.url}/{n}")
    assert established_to(server.port) in (None, 4)
    await pool.aclose()

    assert established_to(server.port) in (None, 0)
    assert wait_until(lambda: server.open_connections == 0)
    with pytest.raises(PoolClosed):
        await fetch(pool, f"{server.url}/after")


async def wait_until_async(condition: Callable[[], bool], limit: float = 5.0) -> None:
    with anyio.fail_after(limit):
        while not condition():
            await anyio.sleep(0.01)


# -- requests written without httpx.Request ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("GET", "https://api.catapult.inetwork.com/v1/users/u-1/calls/c-1", None),
        ("GET", "https://API.Example.COM:443/v1/users/u-1/calls?page=2&size=1000&from=%2B1919", None),
        ("POST", "http://127.0.0.1:8080/v1/users/u-1/calls", b'{"from": "+1"}'),
        ("POST", "http://127.0.0.1/v1/users/u-1/calls/c-1/audio", None),
        ("DELETE", "http://localhost:80/v1/users/u-1/bridges/b-%7E1", None),
        ("GET", "http://h:8080", None),
        ("GET", "http://h/a;b/c:d@e/~!$&'()*+,=?q=a/b?c", None),
    ],
)
def test_a_plain_request_is_written_as_httpx_would_write_it(
    method: str, url: str, body: bytes | None
) -> None:
    headers = {
        "User-Agent": "bandwidth-python/test",
        "Authorization": "Basic eA==",
        "Accept": "application/json",
    }
    plain = plain_request(method, url, headers, body)
    expected = httpx.Request(method, url, headers=headers, content=body)

    assert plain is not None
    scheme, host, port, data = plain
    assert (scheme, host, port) == (
        expected.url.scheme,
        expected.url.host,
        expected.url.port or DEFAULT[scheme],
    )
    assert data == request_bytes(expected)


@pytest.mark.parametrize(
    "url",
    [
        "https://user:secret@h/x",
        "https://h/x#fragment",
        "https://h/a/../b",
        "https://h/a/./b",
        "https://h/a%zz",
        "https://h/a b",
        "https://h/caf\u00e9",
        "https://h:99999/x",
        "ftp://h/x",
    ],
)
def test_other_urls_are_left_to_httpx(url: str) -> None:
    assert plain_request("GET", url, {"Accept": "application/json"}, None) is None


def test_headers_that_need_httpx_are_left_to_it() -> None:
    assert plain_request("GET", "https://h/x", {"X-Name": "caf\u00e9"}, None) is None
    assert plain_request("GET", "https://h/x", {"Host": "other"}, None) is None
    assert plain_request("GET", "https://h/x", {"X-Evil": "a\r\nInjected: 1"}, None) is None
